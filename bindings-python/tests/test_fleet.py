"""slogate.fleet: a fleet gated from a pyarrow Table, a Polars frame, a DuckDB query and a
pandas frame, with the verdicts of one-by-one evaluation."""

from __future__ import annotations

import random
from typing import Any, Dict, List

import pytest

import slogate

pa = pytest.importorskip("pyarrow")
from slogate.fleet import evaluate_table  # noqa: E402

RELATIVE = """\
comparison: {compare_with: several_results, number_of_comparison_results: 2}
objectives:
  - sli: p95
    pass: [{criteria: ['<=+10%', '<600']}]
    warning: [{criteria: ['<=800']}]
  - sli: errors
    key_sli: true
    pass: [{criteria: ['<=0.01']}]
total_score: {pass: 90%, warning: 60%}
"""
FIXED = """\
objectives:
  - sli: p95
    pass: [{criteria: ['<500']}]
total_score: {pass: 90%}
"""
SLOS = {"relative": RELATIVE, "fixed": FIXED}


def fleet(count: int, seed: int = 3) -> Dict[str, List[Any]]:
    rows: Dict[str, List[Any]] = {"service": [], "slo": [], "metric": [], "value": []}
    rng = random.Random(seed)
    for n in range(count):
        name, slo = f"svc-{n}", "relative" if n % 2 == 0 else "fixed"
        for metric in (["p95", "errors"] if slo == "relative" else ["p95"]):
            rows["service"].append(name)
            rows["slo"].append(slo)
            rows["metric"].append(metric)
            rows["value"].append(rng.uniform(300, 900) if metric == "p95" else rng.uniform(0, 0.02))
    return rows


def one_by_one(rows: Dict[str, List[Any]], history: Dict[str, List[slogate.Evaluation]]) -> Dict[str, slogate.Evaluation]:
    values: Dict[str, Dict[str, float]] = {}
    slo_of: Dict[str, str] = {}
    for service, slo, metric, value in zip(rows["service"], rows["slo"], rows["metric"], rows["value"]):
        values.setdefault(service, {})[metric] = value
        slo_of[service] = slo
    parsed = {name: slogate.Slo.from_yaml(text) for name, text in SLOS.items()}
    return {
        service: parsed[slo_of[service]].evaluate(v, history=list(reversed(history.get(service, []))))
        for service, v in values.items()
    }


def check_against_one_by_one(table: Any, rows: Dict[str, List[Any]], history: Dict[str, List[slogate.Evaluation]]) -> None:
    expected = one_by_one(rows, history)
    out = table.to_pylist()
    assert [r["service"] for r in out] == list(expected)
    for row in out:
        ev = expected[row["service"]]
        assert row["result"] == ev.result
        assert row["score"] == ev.score
        assert row["error"] is None
        assert [(o["sli"], o["status"], o["value"]) for o in row["objectives"]] == [
            (i.metric, i.status, i.value) for i in ev.indicators
        ]
    assert {r["result"] for r in out} == {"pass", "warning", "fail"}


def test_a_pyarrow_table_scores_as_one_by_one_evaluation() -> None:
    rows = fleet(300)
    check_against_one_by_one(evaluate_table(pa.table(rows), SLOS), rows, {})


def test_history_rows_are_the_comparison_basis() -> None:
    rows = fleet(40)
    parsed = {name: slogate.Slo.from_yaml(text) for name, text in SLOS.items()}
    history: Dict[str, List[slogate.Evaluation]] = {}
    past: Dict[str, List[str]] = {"service": [], "evaluation": []}
    for service, slo, metric, value in zip(rows["service"], rows["slo"], rows["metric"], rows["value"]):
        if metric != "p95":
            continue
        for n in range(3):
            values = {"p95": value * (0.8 + 0.05 * n)}
            if slo == "relative":
                values["errors"] = 0.001
            ev = parsed[slo].evaluate(values, history=list(reversed(history.get(service, [])))).with_id(f"{service}-{n}")
            history.setdefault(service, []).append(ev)
            past["service"].append(service)
            past["evaluation"].append(ev.to_json())
    # Rows of services outside the batch are ignored.
    past["service"].append("elsewhere")
    past["evaluation"].append("{not json")
    table = evaluate_table(pa.table(rows), SLOS, history=pa.table(past))
    check_against_one_by_one(table, rows, history)


def test_polars_duckdb_and_pandas_give_the_same_table() -> None:
    rows = fleet(50)
    expected = evaluate_table(pa.table(rows), SLOS)
    polars = pytest.importorskip("polars")
    assert evaluate_table(polars.DataFrame(rows), SLOS).equals(expected)
    duckdb = pytest.importorskip("duckdb")
    source = pa.table(rows)
    relation = duckdb.sql("SELECT service, slo, metric, value FROM source")
    assert evaluate_table(relation, SLOS).equals(expected)
    pandas = pytest.importorskip("pandas")
    assert evaluate_table(pandas.DataFrame(rows), SLOS).equals(expected)


def test_an_item_error_stays_in_its_row() -> None:
    rows = {
        "service": ["a", "a", "b", "c"],
        "metric": ["p95", "p95", "p95", "p95"],
        "value": [400.0, 410.0, float("nan"), 450.0],
    }
    out = evaluate_table(pa.table(rows), FIXED).to_pylist()
    assert [r["result"] for r in out] == [None, None, "pass"]
    assert [r["error_code"] for r in out] == ["duplicate_indicator_value", "non_finite_value", None]
    assert out[0]["score"] is None and out[0]["objectives"] == []
    assert "p95" in out[0]["error"]


@pytest.mark.parametrize(
    "rows, slos, message",
    [
        ({"service": ["a"], "metric": ["p95"]}, FIXED, "no column 'value'"),
        ({"service": ["a", None], "metric": ["p95", "p95"], "value": [1.0, 2.0]}, FIXED, "column 'service' is empty (null) at row 1"),
        ({"service": ["a"], "metric": ["p95"], "value": ["fast"]}, FIXED, "holds string, not numbers"),
        ({"service": ["a"], "slo": ["z"], "metric": ["p95"], "value": [1.0]}, {"x": FIXED}, "no SLO text for 'z'"),
    ],
)
def test_tables_that_do_not_fit_are_refused(rows: Dict[str, List[Any]], slos: Any, message: str) -> None:
    with pytest.raises(slogate.SloTypeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        evaluate_table(pa.table(rows), slos)


def test_a_service_naming_two_slos_is_refused_at_the_row() -> None:
    rows = {"service": ["a", "b", "a"], "slo": ["x", "x", "y"], "metric": ["p95", "p95", "errors"], "value": [1.0, 2.0, 3.0]}
    with pytest.raises(slogate.SloError) as raised:
        evaluate_table(pa.table(rows), {"x": FIXED, "y": FIXED})
    assert raised.value.code == "invalid_input"
    assert raised.value.path == "row_slo[2]"
    assert str(raised.value) == (
        "row_slo[2]: 'a' names two SLOs: 'x' at row 0 and 'y' at row 2; every row of an item names the same SLO"
    )


def test_a_refused_slo_names_its_place() -> None:
    with pytest.raises(slogate.SloError) as raised:
        evaluate_table(pa.table({"service": ["a"], "slo": ["x"], "metric": ["p95"], "value": [1.0]}), {"x": "objectives: [{sli: p95, pass: [{criteria: ['<<1']}]}]\ntotal_score: {pass: 90%}\n"})
    assert raised.value.code == "invalid_criterion"
    assert raised.value.path.startswith("slos[0].")


def test_the_fleet_example_gates_ten_thousand_services() -> None:
    pytest.importorskip("polars")
    pytest.importorskip("duckdb")
    import pathlib
    import subprocess
    import sys

    example = pathlib.Path(__file__).parent.parent / "examples" / "fleet.py"
    run = subprocess.run([sys.executable, str(example)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "DuckDB: 10000 services, the same verdicts" in run.stdout
    counts = {}
    for line in run.stdout.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("┆")]
        if len(cells) == 2 and cells[0] in ("pass", "warning", "fail"):
            counts[cells[0]] = int(cells[1])
    assert sum(counts.values()) == 10_000 and set(counts) == {"pass", "warning", "fail"}


def test_the_readme_fleet_example_prints_what_it_claims(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("polars")
    import pathlib
    import re

    readme = (pathlib.Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"```python\n(.*?)```", readme, flags=re.S) if "slogate.fleet" in b]
    exec(compile(block, "README.md", "exec"), {})  # noqa: S102
    claimed = re.search(r"#\s*(.+)$", block.strip().splitlines()[-1])
    assert claimed is not None
    assert capsys.readouterr().out.strip() == claimed.group(1).strip()
