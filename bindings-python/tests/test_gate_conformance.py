"""The k6, Keptn v2 and Pitometer conformance cases (core/tests/conformance/{k6,keptn2,pitometer},
plus every such case under $SLOGATE_CONFORMANCE_DIR) through ``slogate.Gate``, compared as
core/tests/conformance.rs does. Prints ``conformance: N passed, M failed`` and one
``FAILED name: why`` line per failure."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, List, Optional

import slogate
from conftest import CONFORMANCE_DIR

FORMATS = {"thresholds": "k6", "definition": "keptn2", "perfspec": "pitometer"}

K6_KINDS = {
    "json": {"invalid_type", "invalid_json"},
    "parse": {"invalid_threshold"},
    "metric_name": {"invalid_metric_name"},
    "unknown_metric": {"unknown_metric"},
    "unsupported_aggregation": {"unsupported_aggregation"},
}

KEPTN2_STAGES = {
    "invalid_yaml": {"yaml"}, "unsupported_yaml": {"yaml"}, "nesting_too_deep": {"yaml"},
    "too_many_nodes": {"yaml"}, "document_too_large": {"yaml"}, "empty_slo": {"yaml"},
    "duplicate_key": {"yaml", "schema"}, "invalid_type": {"schema"}, "unknown_field": {"schema"},
    "missing_field": {"schema"}, "value_out_of_range": {"schema"}, "invalid_input": {"schema"},
    "invalid_quantity": {"schema", "decode"}, "invalid_operator": {"webhook"},
    "invalid_range": {"webhook"}, "invalid_total_score": {"webhook"},
}

PITOMETER_REFUSABLE = {
    "string-metricScore", "missing-metricScore", "string-threshold", "contradictory-thresholds",
    "misspelled-threshold", "zero-threshold", "missing-thresholds", "missing-objectives",
    "unregistered-source", "unknown-grader", "duplicate-id",
}


def case_files() -> List[Path]:
    files: List[Path] = []
    for folder in ("k6", "keptn2", "pitometer"):
        files += sorted((CONFORMANCE_DIR / folder).glob("*.json"))
    for extra in os.environ.get("SLOGATE_CONFORMANCE_DIR", "").split(os.pathsep):
        if extra:
            files += sorted(Path(extra).rglob("*.json"))
    return files


def same(actual: Any, expected: Any, at: str, skip: frozenset[str] = frozenset()) -> Optional[str]:
    """The first difference: numbers within 1e-9 relative, objects with exactly the same keys."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return None if actual is expected else f"{at}: expected {expected!r}, got {actual!r}"
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        ok = abs(actual - expected) <= 1e-9 * max(1.0, abs(expected))
        return None if ok else f"{at}: expected {expected!r}, got {actual!r}"
    if isinstance(expected, list) and isinstance(actual, list):
        if len(actual) != len(expected):
            return f"{at}: expected {len(expected)} items, got {len(actual)}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            why = same(a, e, f"{at}[{i}]", skip)
            if why:
                return why
        return None
    if isinstance(expected, dict) and isinstance(actual, dict):
        if set(actual) != set(expected):
            return f"{at}: expected keys {sorted(expected)}, got {sorted(actual)}"
        for key, e in expected.items():
            if key not in skip:
                why = same(actual[key], e, f"{at}.{key}", skip)
                if why:
                    return why
        return None
    return None if actual == expected else f"{at}: expected {expected!r}, got {actual!r}"


def refused(err: slogate.SloError) -> str:
    return f"refused with {err.code} ({err})"


def run_case(case: Dict[str, Any]) -> Optional[str]:
    """Runs one case; the reason it does not conform, or None."""
    tags = set(case.get("tags") or [])
    if "thresholds" in case:
        expected = (case.get("expected_by_version") or {}).get("v2.2.0", case["expected"])
        summary = dict((case.get("summary_by_version") or {}).get("v2.2.0", case["summary"]))
        summary.setdefault("state", {"testRunDurationMs": case.get("test_run_duration_ms", 60000)})
        try:
            result = slogate.Gate.from_k6({"thresholds": case["thresholds"]}).tool_result(summary)
        except slogate.SloError as err:
            kind = expected.get("error")
            if "nonsense" in tags or (kind and err.code in K6_KINDS.get(kind, set())):
                return None
            return f"{refused(err)}; expected " + (f"a refusal of kind {kind}" if kind else "an evaluation")
        if "error" in expected:
            return f"evaluated, but k6 refuses it ({expected['error']})"
        return same({k: result[k] for k in ("ok", "breached", "abort", "thresholds")},
                    {k: expected[k] for k in ("ok", "breached", "abort", "thresholds")}, "expected")
    if "definition" in case:
        expected = dict(case["expected"])
        try:
            result = slogate.Gate.from_keptn2(case["definition"]).tool_result(case["values"])
        except slogate.SloError as err:
            stage = expected.get("stage")
            if stage in KEPTN2_STAGES.get(err.code, set()):
                return None
            if stage is None and err.code == "invalid_weight" and tags & {"weight-zero", "weight-negative"}:
                return None
            return f"{refused(err)}; expected " + (f"a refusal at the {stage} stage" if stage else "an evaluation")
        if "stage" in expected:
            return f"evaluated, but Keptn refuses it at the {expected['stage']} stage"
        expected.pop("raw", None)
        return same(result, expected, "expected", frozenset({"error", "rawError"}))
    run: Dict[str, Any] = {
        "values": case.get("values", {}),
        "options": case.get("options", {"context": "conformance/run-1", "timeStart": 1562626800, "timeEnd": 1562630400}),
        "timestamp": 1562630400000,
    }
    for key in ("compareWith", "sources"):
        if key in case:
            run[key] = case[key]
    expected = case["expected"]
    try:
        result = slogate.Gate.from_perfspec(case["perfspec"]).tool_result(run)
    except slogate.SloError as err:
        if "error" in expected or tags & PITOMETER_REFUSABLE:
            return None
        return f"{refused(err)}, but this case must be evaluated"
    if "error" in expected:
        return f"evaluated, but Pitometer's run fails: {expected['error']}"
    return same(result, expected, "expected")


def test_every_gate_case_conforms(capsys: Any) -> None:
    files = case_files()
    assert len(files) >= 100, f"expected the 100 vendored cases, found {len(files)}"
    failures = []
    passed = 0
    for path in files:
        case = json.loads(path.read_text(encoding="utf-8"))
        if not any(field in case for field in FORMATS):
            continue
        why = run_case(case)
        if why is None:
            passed += 1
        else:
            failures.append(f"FAILED {case.get('name', path.stem)}: {why}")
    report = "\n".join(failures + [f"conformance: {passed} passed, {len(failures)} failed"])
    with capsys.disabled():
        print("\n" + report)
    assert not failures, report


def test_the_comparison_catches_a_wrong_result() -> None:
    case = json.loads((CONFORMANCE_DIR / "keptn2" / "13-kilo-and-binary-suffix.json").read_text())
    assert run_case(case) is None
    case["expected"]["totalScore"] = 0.6
    assert run_case(case) == "expected.totalScore: expected 0.6, got 0.5"


def test_a_gate_explains_like_an_slo() -> None:
    gate = slogate.Gate.from_k6('{"thresholds": {"http_req_duration": ["p(95)<500"]}}')
    assert gate.format == "k6"
    summary = {"metrics": {"http_req_duration": {"type": "trend", "values": {"avg": 1, "min": 1, "med": 1, "max": 900, "p(95)": 620}}}}
    evaluation = gate.evaluate(summary)
    assert evaluation.result == "fail"
    assert evaluation.indicators[0].explanation == (
        "http_req_duration p(95) = 620: fail (the pass criteria are not met: <500 is violated and "
        "there are no warning criteria); pass: <500 violated (fixed target 500)"
    )
    assert gate.to_keptn()["slo"].startswith("---\nspec_version")
