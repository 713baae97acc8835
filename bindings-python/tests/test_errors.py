"""Every error path: SloError and its attributes, TypeError on wrong Python types, and panics
arriving as ordinary exceptions."""

from __future__ import annotations

import math
import pickle
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest

import slogate
from slogate import _slogate

BAD_SLO = """objectives:
  - sli: a
    pass:
      - criteria: ['<600ms']
  - sli: b
    weight: -1
    pass:
      - criteria: ['<1']
total_score: {pass: 90%}
"""


def test_slo_error_is_a_value_error_with_every_problem() -> None:
    with pytest.raises(slogate.SloError) as info:
        slogate.Slo.from_yaml(BAD_SLO)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.kind == "slo"
    assert err.code == "invalid_criterion"
    assert err.path == "objectives[0].pass[0].criteria[0]"
    assert (err.line, err.column) == (4, 20)
    problems = err.errors()
    assert [p["code"] for p in problems] == ["invalid_criterion", "invalid_weight"]
    assert problems[1]["path"] == "objectives[1].weight"
    assert problems[1]["line"] == 6
    assert set(problems[0]) == {"code", "path", "line", "column", "message"}
    assert "'<600ms'" in problems[0]["message"]
    # The message lists every problem, and errors() hands out copies.
    assert "2 problems" in str(err) and "weight" in str(err)
    problems[0]["code"] = "changed"
    assert err.errors()[0]["code"] == "invalid_criterion"


def test_slo_error_survives_pickling() -> None:
    with pytest.raises(slogate.SloError) as info:
        slogate.Slo.from_yaml(BAD_SLO)
    copy = pickle.loads(pickle.dumps(info.value))
    assert isinstance(copy, slogate.SloError)
    assert (copy.kind, copy.code, copy.path, copy.line, copy.column) == (
        "slo",
        "invalid_criterion",
        "objectives[0].pass[0].criteria[0]",
        4,
        20,
    )
    assert copy.errors() == info.value.errors()
    assert str(copy) == str(info.value)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty_slo"),
        ("objectives: [", "invalid_yaml"),
        ("objectives:\n  - sli: a\n    pass: [{criteria: ['<1']}]\n", "missing_total_score"),
        ("objectives:\n  - sli: a\n  - sli: a\n    pass: [{criteria: [\"<1\"]}]\ntotal_score: {pass: 90%}\n", "duplicate_objective"),
    ],
)
def test_each_slo_refusal_carries_its_code(text: str, code: str) -> None:
    with pytest.raises(slogate.SloError) as info:
        slogate.Slo.from_yaml(text)
    assert info.value.code == code
    assert info.value.kind == "slo"


def test_invalid_yaml_has_a_position() -> None:
    with pytest.raises(slogate.SloError) as info:
        slogate.Slo.from_yaml("objectives:\n  - sli: a\n   bad: [\n")
    assert info.value.line is not None and info.value.column is not None


def test_evaluation_errors(gate: slogate.Slo) -> None:
    with pytest.raises(slogate.SloError) as info:
        gate.evaluate({"response_time_p95": math.nan, "error_rate": 0.0})
    assert (info.value.kind, info.value.code) == ("evaluation", "non_finite_value")
    assert "response_time_p95" in str(info.value)

    duplicated = [
        {"metric": "error_rate", "value": 0.0},
        {"metric": "error_rate", "value": 1.0},
    ]
    with pytest.raises(slogate.SloError) as info:
        gate.evaluate(duplicated)
    assert (info.value.kind, info.value.code) == ("evaluation", "duplicate_indicator_value")


def test_missing_metric_is_refused_by_check_metrics(gate: slogate.Slo) -> None:
    with pytest.raises(slogate.SloError) as info:
        gate.check_metrics({"response_time_p95": 1.0}, "nightly run")
    err = info.value
    assert (err.kind, err.code, err.path) == ("evaluation", "missing_metric", "objectives[1].sli")
    assert "nightly run" in str(err) and "'error_rate'" in str(err)
    gate.check_metrics({"response_time_p95": 1.0, "error_rate": 0.0})


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"error_rate": "0.1"}, "values['error_rate'] must be a number, found str '0.1'"),
        ({"error_rate": True}, "values['error_rate'] must be a number, found bool"),
        ({"error_rate": None}, "values['error_rate'] must be a number, found NoneType"),
        ({3: 1.0}, "values must have str keys (metric names), found the int key 3"),
        ("error_rate=0", "values must be a mapping of metric names to numbers"),
        (42, "found int 42"),
        ([{"metric": "a", "value": "1"}], "values[0]['value'] must be a number, found str '1'"),
        ([{"metric": 7, "value": 1}], "values[0]['metric'] must be a str, found int 7"),
        ([{"value": 1}], "values[0] has no 'metric'"),
        ([{"metric": "a"}], "values[0] has no 'value' for the metric 'a'"),
        ([{"metric": "a", "value": 1, "success": "yes"}], "values[0]['success'] must be a bool"),
        ([{"metric": "a", "value": 1, "message": 5}], "values[0]['message'] must be a str"),
        (["a"], "values[0] must be a dict"),
    ],
)
def test_wrong_value_types_raise_type_error(
    gate: slogate.Slo, values: Any, fragment: str
) -> None:
    with pytest.raises(TypeError) as info:
        gate.evaluate(values)
    assert fragment in str(info.value)


def test_numbers_of_other_types_are_accepted(gate: slogate.Slo) -> None:
    from decimal import Decimal
    from fractions import Fraction

    ev = gate.evaluate(OrderedDict([("response_time_p95", Decimal("412.5")), ("error_rate", Fraction(0))]))
    assert ev.indicators[0].value == 412.5 and ev.passed


@pytest.mark.parametrize(
    ("history", "fragment"),
    [
        ("previous", "history must be a list of Evaluation objects or dicts"),
        ({"result": "pass"}, "history must be a list of Evaluation objects or dicts"),
        (5, "history must be a list of Evaluation objects or dicts (newest first), found int"),
        ([1], "history[0] must be an Evaluation or a dict, found int 1"),
        ([{"result": object()}], "history[0]['result'] must be JSON-like data"),
        ([{1: "pass"}], "history[0] must have str keys, found the int key 1"),
    ],
)
def test_wrong_history_types_raise_type_error(
    gate: slogate.Slo, history: Any, fragment: str
) -> None:
    with pytest.raises(TypeError) as info:
        gate.evaluate({"response_time_p95": 1.0, "error_rate": 0.0}, history)
    assert fragment in str(info.value)


def test_undecodable_history_is_an_input_error_naming_the_entry(gate: slogate.Slo) -> None:
    good = gate.evaluate({"response_time_p95": 1.0, "error_rate": 0.0}).to_dict()
    with pytest.raises(slogate.SloError) as info:
        gate.evaluate(
            {"response_time_p95": 1.0, "error_rate": 0.0},
            [good, {"result": "pass"}, {"status": "succeeded", "evaluation": {}}],
        )
    err = info.value
    assert (err.kind, err.code) == ("input", "invalid_input")
    paths = [p["path"] for p in err.errors()]
    assert paths[0] == "history[1].evaluation"
    assert paths[1].startswith("history[2]")
    assert len(paths) == 2


def test_non_finite_numbers_in_dicts_are_refused(gate: slogate.Slo) -> None:
    stored = gate.evaluate({"response_time_p95": 1.0, "error_rate": 0.0}).to_dict()
    stored["evaluation"]["score"] = math.inf
    with pytest.raises(slogate.SloError) as info:
        gate.evaluate({"response_time_p95": 1.0, "error_rate": 0.0}, [stored])
    assert info.value.code == "non_finite_value"
    assert info.value.path == "history[0]['evaluation']['score']"


def test_numbers_too_large_for_a_float_are_refused(gate: slogate.Slo) -> None:
    with pytest.raises(slogate.SloError) as info:
        gate.evaluate({"response_time_p95": 10**400, "error_rate": 0.0})
    assert (info.value.code, info.value.path) == ("non_finite_value", "values['response_time_p95']")
    stored = gate.evaluate({"response_time_p95": 1.0, "error_rate": 0.0}).to_dict()
    stored["evaluation"]["score"] = 10**400
    with pytest.raises(slogate.SloError) as info:
        gate.evaluate({"response_time_p95": 1.0, "error_rate": 0.0}, [stored])
    assert info.value.code == "non_finite_value"
    assert "too large" in str(info.value)


def test_self_containing_data_is_refused_not_crashed(gate: slogate.Slo) -> None:
    loop: Dict[str, Any] = {}
    loop["data"] = loop
    with pytest.raises(slogate.SloError) as info:
        gate.evaluate({"response_time_p95": 1.0, "error_rate": 0.0}, [loop])
    assert "nests deeper" in str(info.value)

    deep: List[Any] = []
    for _ in range(10_000):
        deep = [deep]
    with pytest.raises(slogate.SloError):
        gate.evaluate({"indicatorValues": deep})


@pytest.mark.parametrize(
    ("keywords", "path", "fragment"),
    [
        ({"result": "ok"}, "result", "result must be 'pass', 'warning' or 'fail', found 'ok'"),
        ({"status": "done"}, "status", "status must be 'succeeded', 'errored' or 'aborted'"),
    ],
)
def test_bad_provider_keywords(
    gate: slogate.Slo, keywords: Dict[str, Any], path: str, fragment: str
) -> None:
    with pytest.raises(slogate.SloError) as info:
        gate.evaluate({"error_rate": 0.0}, **keywords)
    assert info.value.path == path and fragment in str(info.value)
    with pytest.raises(TypeError, match="message must be a str"):
        gate.evaluate({"error_rate": 0.0}, message=3)  # type: ignore[arg-type]


def test_keptn_shaped_values_are_decoded_by_the_core(gate: slogate.Slo) -> None:
    with pytest.raises(slogate.SloError) as info:
        gate.evaluate({"indicatorValues": [{"metric": "a", "value": "x"}]})
    assert (info.value.kind, info.value.code) == ("input", "invalid_input")
    assert "indicatorValues[0].value" in info.value.path


def test_wrong_argument_types_elsewhere() -> None:
    with pytest.raises(TypeError, match="text must be a str, found bytes"):
        slogate.Slo.from_yaml(b"objectives: []")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="text must be a str"):
        slogate.Criterion(600)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="baseline must be a number"):
        slogate.Criterion("<=+10%").target("500")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"data\['result'\] must be JSON-like data .* found set"):
        slogate.Evaluation.from_dict({"result": {1, 2}})
    with pytest.raises(TypeError, match="evaluation must be a slogate.Evaluation"):
        slogate.assert_gate({"result": "pass"})  # type: ignore[arg-type]


def test_invalid_criterion() -> None:
    with pytest.raises(slogate.SloError) as info:
        slogate.Criterion("=>5")
    assert info.value.code == "invalid_criterion"
    assert "'=>5'" in str(info.value)


def test_from_file(tmp_path: Path) -> None:
    path = tmp_path / "slo.yaml"
    path.write_text("objectives:\n  - sli: a\n    pass: [{criteria: ['<1']}]\ntotal_score: {pass: 90%}\n")
    assert slogate.Slo.from_file(path).slis == ["a"]
    assert slogate.Slo.from_file(str(path)).slis == ["a"]
    with pytest.raises(FileNotFoundError):
        slogate.Slo.from_file(tmp_path / "missing.yaml")
    path.write_text("objectives: [\n")
    with pytest.raises(slogate.SloError) as info:
        slogate.Slo.from_file(path)
    assert info.value.code == "invalid_yaml"


def test_evaluation_from_json_errors() -> None:
    with pytest.raises(slogate.SloError) as info:
        slogate.Evaluation.from_json("{not json")
    assert (info.value.kind, info.value.code) == ("input", "invalid_json")


def test_a_rust_panic_arrives_as_runtime_error() -> None:
    with pytest.raises(RuntimeError, match="internal error in slogate") as info:
        _slogate._panic_for_test()
    # An ordinary Exception, so `except Exception` in a harness catches it.
    assert isinstance(info.value, Exception)
    # The interpreter and the module still work afterwards.
    assert slogate.Criterion("<1").is_met(0)


def test_error_code_is_the_core_table() -> None:
    assert [code.value for code in slogate.ErrorCode] == _slogate.error_codes()
    assert slogate.ErrorCode("invalid_criterion") is slogate.ErrorCode.INVALID_CRITERION
    assert isinstance(slogate.ErrorCode.INVALID_CRITERION, str)


def test_every_code_python_raises_is_in_the_shared_table(gate: slogate.Slo, tmp_path: Any) -> None:
    codes = {code.value for code in slogate.ErrorCode}
    attempts: List[Any] = [
        lambda: slogate.Slo.from_yaml("objectives: [\n"),
        lambda: slogate.Slo.from_yaml("a: 1\0\n"),
        lambda: slogate.Slo.from_file(str(tmp_path / "missing.yaml")),
        lambda: gate.evaluate({"response_time_p95": "fast"}),
        lambda: gate.evaluate([{"metric": "a"}]),
        lambda: gate.evaluate({"indicatorValues": [{"metric": "a"}]}),
        lambda: gate.evaluate({"response_time_p95": 1.0}, [{"result": "pass"}]),
        lambda: gate.evaluate({"response_time_p95": 1.0}, 5),  # type: ignore[arg-type]
        lambda: slogate.Criterion("<6ms"),
        lambda: slogate.Evaluation.from_json("{"),
        lambda: gate.evaluate({"response_time_p95": float("nan")}),
    ]
    for attempt in attempts:
        with pytest.raises(slogate.SloError) as info:
            attempt()
        assert info.value.code in codes, info.value
        for problem in info.value.errors():
            assert problem["code"] in codes
    # Wrong Python types and unreadable files carry a code of the same table.
    wrong: List[Any] = [
        lambda: gate.evaluate(42),  # type: ignore[arg-type]
        lambda: slogate.Slo.from_yaml(5),  # type: ignore[arg-type]
        lambda: slogate.Slo.from_file(str(tmp_path)),
    ]
    for attempt in wrong:
        with pytest.raises(Exception) as raised:
            attempt()
        assert getattr(raised.value, "code", None) in codes, repr(raised.value)


def test_a_nan_gets_the_message_of_every_door(gate: slogate.Slo) -> None:
    with pytest.raises(slogate.SloError) as info:
        gate.evaluate({"response_time_p95": float("nan")})
    assert info.value.code == slogate.ErrorCode.NON_FINITE_VALUE
    assert info.value.errors()[0]["message"].endswith(" is NaN; expected a finite number")


def test_wrong_types_and_missing_files_carry_a_code(gate: slogate.Slo, tmp_path: Any) -> None:
    with pytest.raises(TypeError) as info:
        gate.evaluate(42)  # type: ignore[arg-type]
    assert isinstance(info.value, slogate.SloTypeError)
    assert info.value.code == slogate.ErrorCode.INVALID_INPUT
    with pytest.raises(OSError) as file_info:
        slogate.Slo.from_file(str(tmp_path / "missing.yaml"))
    assert isinstance(file_info.value, slogate.SloError)
    assert file_info.value.code == "io_error"
    assert "cannot read the SLO file" in str(file_info.value)


def test_every_refusal_of_the_helpers_carries_a_code_and_no_serde_text() -> None:
    import slogate.locust

    codes = {code.value for code in slogate.ErrorCode}
    attempts: List[Callable[[], object]] = [
        lambda: slogate.explain({"result": "pass"}),  # type: ignore[arg-type]
        lambda: slogate.assert_gate(None),  # type: ignore[arg-type]
        lambda: slogate.locust.sli_values(object()),
        lambda: slogate.canary({"a": {1.0}}, {"a": [1.0]}),  # type: ignore[dict-item]
        lambda: slogate.canary({"a": [float("nan")]}, {"a": [1.0]}),
        lambda: slogate.reports.read("k6", 5),  # type: ignore[arg-type]
        lambda: slogate.Slo.from_yaml("objectives: []\ntotal_score: {pass: 90%}\n", strict="yes"),  # type: ignore[arg-type]
        lambda: slogate.Gate.from_k6({"thresholds": {"http_req_duration": [{"threshold": 5}]}}),
    ]
    for attempt in attempts:
        with pytest.raises(slogate.SloError) as info:
            attempt()
        assert info.value.code in codes, info.value
        for word in ("invalid type", "expected f64", "at line", "EOF"):
            assert word not in str(info.value), info.value
