"""Every conformance case (core/tests/conformance/*.json, plus every *.json in
$SLOGATE_CONFORMANCE_DIR) through the Python API, compared as core/tests/conformance.rs does.

Each case runs with the SLI values and history in three forms: as the case holds them (Keptn's
get-sli dict and stored-result dicts), as Python-native values (the indicatorValues list with
the provider's result/status/message as keywords), and with the history turned into
Evaluation objects first.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import slogate
from conftest import CONFORMANCE_DIR

# The refusal code that answers each tag whose input slogate may refuse.
REFUSAL_CODES = {
    "invalid-criteria": "invalid_criterion",
    "unknown-aggregate-function": "unknown_aggregate_function",
    "unknown-compare-with": "unknown_compare_with",
    "unknown-include-result-with-score": "unknown_include_result_with_score",
    "zero-weight": "invalid_weight",
    "negative-weight": "invalid_weight",
    "empty-criteria-block": "empty_criteria",
    "null-objective-entry": "null_entry",
    "duplicate-objective-sli": "duplicate_objective",
    "duplicate-indicator-values": "duplicate_indicator_value",
    "empty-slo": "empty_slo",
}


def case_files() -> List[Path]:
    """The Keptn v1 cases (those with an ``slo``); test_gate_conformance.py runs the others."""
    files = sorted(CONFORMANCE_DIR.glob("*.json"))
    for extra in os.environ.get("SLOGATE_CONFORMANCE_DIR", "").split(os.pathsep):
        if extra:
            files += sorted(Path(extra).rglob("*.json"))
    return [f for f in files if "slo" in json.loads(f.read_text(encoding="utf-8"))]


CASES = case_files()


def test_the_vendored_cases_are_all_found() -> None:
    assert len(sorted(CONFORMANCE_DIR.glob("*.json"))) >= 87


class Mismatch(AssertionError):
    pass


def numbers_equal(actual: float, expected: float) -> bool:
    return abs(actual - expected) <= 1e-9 * max(1.0, abs(expected))


def scores_equal(actual: float, expected: float) -> bool:
    return abs(actual - expected) <= 1e-9


def as_list(value: Any) -> List[Any]:
    """Absent, null and [] are the same list."""
    return value if isinstance(value, list) else []


def field(value: Any, path: str) -> Any:
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def compare_number(actual: Any, expected: Any, path: str, equal: Any) -> None:
    ok = (
        isinstance(actual, (int, float))
        and isinstance(expected, (int, float))
        and not isinstance(actual, bool)
        and equal(float(actual), float(expected))
    )
    if not ok:
        raise Mismatch(f"{path}: expected {expected!r}, got {actual!r}")


def compare_exact(actual: Any, expected: Any, path: str) -> None:
    if actual != expected:
        raise Mismatch(f"{path}: expected {expected!r}, got {actual!r}")


def compare_targets(actual: Any, expected: Any, path: str) -> None:
    a, e = as_list(actual), as_list(expected)
    if len(a) != len(e):
        raise Mismatch(f"{path}: expected {len(e)} targets, got {len(a)}")
    for i, (at, et) in enumerate(zip(a, e)):
        for key in ("criteria", "violated"):
            compare_exact(at.get(key), et.get(key), f"{path}[{i}].{key}")
        compare_number(
            at.get("targetValue"), et.get("targetValue"), f"{path}[{i}].targetValue", numbers_equal
        )


def compare(actual: Dict[str, Any], expected: Dict[str, Any]) -> None:
    for path in ("status", "result", "evaluation.result"):
        compare_exact(field(actual, path), field(expected, path), path)
    compare_number(
        field(actual, "evaluation.score"),
        field(expected, "evaluation.score"),
        "evaluation.score",
        scores_equal,
    )
    compare_exact(
        as_list(field(actual, "evaluation.comparedEvents")),
        as_list(field(expected, "evaluation.comparedEvents")),
        "evaluation.comparedEvents",
    )
    a = as_list(field(actual, "evaluation.indicatorResults"))
    e = as_list(field(expected, "evaluation.indicatorResults"))
    if len(a) != len(e):
        raise Mismatch(f"evaluation.indicatorResults: expected {len(e)} results, got {len(a)}")
    for i, (ar, er) in enumerate(zip(a, e)):
        at = f"evaluation.indicatorResults[{i}]"
        for key in ("status", "keySli", "displayName"):
            compare_exact(ar.get(key), er.get(key), f"{at}.{key}")
        compare_number(ar.get("score"), er.get("score"), f"{at}.score", scores_equal)
        av, ev = ar.get("value"), er.get("value")
        if av is None or ev is None:
            compare_exact(av, ev, f"{at}.value")
        else:
            for key in ("metric", "success"):
                compare_exact(av.get(key), ev.get(key), f"{at}.value.{key}")
            for key in ("value", "comparedValue"):
                compare_number(av.get(key), ev.get(key), f"{at}.value.{key}", numbers_equal)
        compare_targets(ar.get("passTargets"), er.get("passTargets"), f"{at}.passTargets")
        compare_targets(ar.get("warningTargets"), er.get("warningTargets"), f"{at}.warningTargets")


def inputs(case: Dict[str, Any], form: str) -> Tuple[Any, Any, Dict[str, Any]]:
    """The case's values, history and keyword arguments in one of the three forms."""
    sli, history = case["sli"], case["history"]
    if form == "keptn":
        return sli, history, {}
    if form == "native":
        keywords = {key: sli.get(key) for key in ("result", "status", "message")}
        return list(sli.get("indicatorValues") or []), history, keywords
    return sli, [slogate.Evaluation.from_dict(h) for h in history], {}


def run_case(case: Dict[str, Any], form: str) -> Optional[str]:
    """Runs one case; the reason it does not conform, or None."""
    values, history, keywords = inputs(case, form)
    expected = case["expected"]
    try:
        evaluation = slogate.Slo.from_yaml(case["slo"]).evaluate(values, history, **keywords)
    except slogate.SloError as err:
        if err.kind == "input":
            return f"input refused: {err}"
        allowed = [REFUSAL_CODES[t] for t in case.get("tags") or [] if t in REFUSAL_CODES]
        if expected.get("status") == "errored" or err.code in allowed:
            return None
        if not allowed:
            return f"refused with {err.code} ({err}), but this case must be evaluated"
        return f"refused with {err.code} ({err}); expected a refusal with one of {allowed}"
    try:
        compare(evaluation.to_dict(), expected)
        compare(json.loads(evaluation.to_json()), expected)
    except Mismatch as mismatch:
        return str(mismatch)
    return None


@pytest.mark.parametrize("form", ["keptn", "native", "objects"])
@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_conformance(path: Path, form: str) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    why = run_case(case, form)
    assert why is None, f"{case.get('name', path.stem)}: {why}"


def test_the_comparison_catches_a_wrong_result() -> None:
    """The comparator itself: a changed field of an expected result must be reported."""
    case = json.loads((CONFORMANCE_DIR / "example-slo-from-documentation.json").read_text())
    assert run_case(case, "keptn") is None
    for path, wrong in (
        ("result", "pass" if case["expected"]["result"] != "pass" else "fail"),
        ("evaluation.score", -1),
    ):
        broken = json.loads(json.dumps(case))
        target = broken["expected"]
        *parents, last = path.split(".")
        for key in parents:
            target = target[key]
        target[last] = wrong
        assert run_case(broken, "keptn") is not None, path
