"""Edge policies under ``extensions: slogate/v1`` through the Python package: a zero baseline,
a pinned baseline and a key SLI of weight 0, decided by the core."""

from typing import Any, Dict, List

import pytest

import slogate

ZERO = (
    "extensions: slogate/v1\n"
    "objectives:\n"
    "  - sli: errors\n"
    "    zero_baseline: {policy}\n"
    "    pass: [{{criteria: ['<=+10%']}}]\n"
    "total_score: {{pass: 90%, warning: 50%}}\n"
)


@pytest.mark.parametrize(
    "policy, status",
    [("keptn", "fail"), ("pass", "pass"), ("fail", "fail"), ("inconclusive", "inconclusive")],
)
def test_zero_baseline_policies(policy: str, status: str) -> None:
    slo = slogate.Slo.from_yaml(ZERO.format(policy=policy))
    first = slo.evaluate({"errors": 0.0})
    ev = slo.evaluate({"errors": 2.0}, history=[first])
    indicator = ev.indicators[0]
    assert indicator.status == status
    if policy == "inconclusive":
        assert indicator.explanation.startswith(
            "errors = 2: inconclusive (a percentage criterion met a baseline of 0, which "
            "zero_baseline: inconclusive leaves undecided; counted as warning)"
        )
        assert ev.to_dict()["evaluation"]["indicatorResults"][0]["zeroBaseline"] == {
            "policy": "inconclusive",
            "inconclusive": "warning",
        }


def test_zero_baseline_needs_the_extension() -> None:
    with pytest.raises(slogate.SloError) as caught:
        slogate.Slo.from_yaml(ZERO.format(policy="pass").replace("extensions: slogate/v1\n", ""))
    assert caught.value.code == "invalid_extension"
    assert caught.value.path == "objectives[0].zero_baseline"


PINNED = (
    "extensions: slogate/v1\n"
    "comparison: {pinned_baseline: build-1}\n"
    "objectives:\n  - sli: p95\n    pass: [{criteria: ['<=+10%']}]\n"
    "total_score: {pass: 90%}\n"
)


def _builds(slo: slogate.Slo, values: List[float]) -> List[Dict[str, Any]]:
    """Stored evaluations build-0.. of these values, newest first, as datastore envelopes."""
    plain = slogate.Slo.from_yaml(PINNED.replace("comparison: {pinned_baseline: build-1}\n", ""))
    stored = [
        {"id": f"build-{i}", "data": plain.evaluate({"p95": v}).to_dict()}
        for i, v in enumerate(values)
    ]
    return list(reversed(stored))


def test_a_pinned_baseline_is_the_named_evaluation() -> None:
    slo = slogate.Slo.from_yaml(PINNED)
    history = _builds(slo, [100.0, 200.0, 300.0])
    ev = slo.evaluate({"p95": 215.0}, history=history)
    assert ev.to_dict()["evaluation"]["comparedEvents"] == ["build-1"]
    assert ev.result == "pass"
    assert ev.indicators[0].explanation.endswith("(target 220 = the previous result (200) +10%)")


def test_a_pinned_baseline_missing_from_the_history_raises_its_code() -> None:
    slo = slogate.Slo.from_yaml(PINNED.replace("build-1", "build-9"))
    with pytest.raises(slogate.SloError) as caught:
        slo.evaluate({"p95": 1.0}, history=_builds(slo, [100.0, 200.0]))
    assert caught.value.code == "pinned_baseline_not_found"
    assert caught.value.code == slogate.ErrorCode.PINNED_BASELINE_NOT_FOUND
    assert str(caught.value).endswith(
        "comparison.pinned_baseline names the evaluation 'build-9', but none of the 2 stored "
        "evaluations has it"
    )


def test_a_key_sli_of_weight_zero_gates_without_scoring() -> None:
    text = (
        "extensions: slogate/v1\n"
        "objectives:\n"
        "  - sli: error_rate\n    key_sli: true\n    weight: 0\n    pass: [{criteria: ['<=0.01']}]\n"
        "  - sli: p95\n    pass: [{criteria: ['<600']}]\n"
        "total_score: {pass: 90%}\n"
    )
    slo = slogate.Slo.from_yaml(text)
    assert slo.evaluate({"error_rate": 0.0, "p95": 400.0}).score == 100.0
    failed = slo.evaluate({"error_rate": 0.5, "p95": 400.0})
    assert (failed.result, failed.score) == ("fail", 100.0)
    with pytest.raises(slogate.SloError) as caught:
        slogate.Slo.from_yaml(text.replace("extensions: slogate/v1\n", ""))
    assert caught.value.code == "invalid_weight"


UNITS = (
    "extensions: slogate/v1\n"
    "objectives:\n"
    "  - sli: p95\n    unit: ms\n    better: lower\n    pass: [{criteria: ['<=+10%', '<1s']}]\n"
    "total_score: {pass: 90%}\n"
)


def test_units_and_direction_explain_in_words() -> None:
    slo = slogate.Slo.from_yaml(UNITS)
    first = slo.evaluate({"p95": 500.0})
    ev = slo.evaluate({"p95": 560.0}, history=[first])
    assert ev.indicators[0].explanation.startswith(
        "p95 = 560 ms, 12% slower than the previous result (500 ms): fail"
    )
    assert "<1s met (fixed target 1000 ms)" in ev.indicators[0].explanation
    result = ev.to_dict()["evaluation"]["indicatorResults"][0]
    assert (result["unit"], result["better"]) == ("ms", "lower")


def test_a_unit_that_does_not_fit_raises_its_code() -> None:
    with pytest.raises(slogate.SloError) as caught:
        slogate.Slo.from_yaml(UNITS.replace("'<1s'", "'<5req/s'"))
    assert caught.value.code == slogate.ErrorCode.INVALID_UNIT
    assert caught.value.path == "objectives[0].pass[0].criteria[1]"
