"""Canary judgement from Python, and its Mann-Whitney U test against SciPy's."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Dict, List

import pytest

import slogate

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_a_slower_canary_fails_with_explanations() -> None:
    baseline = {"latency": [100.0 + d for d in (-3, -2, -1, 0, 1, 2, 3, 0.5, -0.5, 1.5)]}
    canary = {"latency": [130.0 + d for d in (-3, -2, -1, 0, 1, 2, 3, 0.5, -0.5, 1.5)]}
    judgement = slogate.canary(baseline, canary)
    assert judgement["result"] == "fail"
    metric = judgement["metrics"][0]
    assert metric["classification"] == "high"
    assert metric["explanation"].startswith(
        "latency: high (counts against the canary): canary median 130.25 vs baseline median 100.25"
    )
    assert slogate.canary(baseline, baseline)["result"] == "pass"


def test_the_example_with_its_slo_weights() -> None:
    import json

    judgement = slogate.canary(
        json.loads((EXAMPLES / "canary-baseline.json").read_text()),
        json.loads((EXAMPLES / "canary-canary.json").read_text()),
        slo=(EXAMPLES / "slo.yaml").read_text(),
        marginal_threshold=60,
    )
    assert (judgement["result"], judgement["score"]) == ("marginal", 66.67)


def test_bad_settings_raise_slo_error_with_the_code() -> None:
    with pytest.raises(slogate.SloError) as info:
        slogate.canary({"a": [1.0]}, {"a": [1.0]}, confidence=1.5)
    assert info.value.code == "invalid_canary_settings"
    with pytest.raises(slogate.SloError) as info:
        slogate.canary({"a": [1.0]}, {"a": [1.0]}, metrics=[{"name": "a", "direction": "up"}])
    assert info.value.code == "invalid_canary_settings"


def _cases() -> List[Dict[str, List[float]]]:
    rng = random.Random(16)
    cases = []
    for n1, n2, ties in [(3, 5, False), (8, 8, False), (6, 40, False), (12, 15, False),
                         (30, 30, False), (5, 7, True), (20, 25, True), (50, 40, True)]:
        def draw(n: int, shift: float) -> List[float]:
            if ties:
                return [float(rng.randint(0, 5) + (1 if shift else 0)) for _ in range(n)]
            return [rng.gauss(100 + shift, 10) for _ in range(n)]
        cases.append({"x": draw(n1, 4.0), "y": draw(n2, 0.0)})
    return cases


@pytest.mark.parametrize("case", _cases())
def test_mann_whitney_matches_scipy(case: Dict[str, List[float]]) -> None:
    stats = pytest.importorskip("scipy.stats")
    expected = stats.mannwhitneyu(case["x"], case["y"], alternative="two-sided", method="auto")
    judgement = slogate.canary({"m": case["y"]}, {"m": case["x"]})
    metric = judgement["metrics"][0]
    assert metric["u"] == pytest.approx(float(expected.statistic), abs=0)
    assert metric["pValue"] == pytest.approx(float(expected.pvalue), rel=1e-9)


def test_quantiles_match_scipy() -> None:
    stats = pytest.importorskip("scipy.stats")
    # The t-test model's limit is mean + sd * t.ppf(boundary, n - 1) with the population sd.
    slo = slogate.Slo.from_yaml(
        "extensions: slogate/v1\n"
        "comparison: {compare_with: several_results, number_of_comparison_results: 30, "
        "include_result_with_score: all}\n"
        "objectives:\n  - sli: p95\n    model: {kind: t_test, upper_boundary: 0.975}\n"
        "total_score: {pass: 90%}\n"
    )
    values = [500.0, 520.0, 480.0, 510.0, 495.0, 505.0]
    history: List[slogate.Evaluation] = []
    for value in values:
        history.insert(0, slo.evaluate({"p95": value}, history=history))
    ev = slo.evaluate({"p95": 500.0}, history=history)
    mean = sum(values) / len(values)
    sd = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    limit = mean + sd * float(stats.t.ppf(0.975, len(values) - 1))
    target = ev.to_dict()["evaluation"]["indicatorResults"][0]["passTargets"][0]["targetValue"]
    assert target == pytest.approx(limit, rel=1e-9)
