"""The Python API around one evaluation: values in each form, history round trips, the
result objects, criteria, and the test-harness assertion."""

from __future__ import annotations

import importlib.metadata
import json
import re
import threading
from pathlib import Path
from typing import Any, Dict, List

import pytest

import slogate


def test_version_is_the_workspace_version() -> None:
    cargo_toml = (Path(__file__).resolve().parents[2] / "Cargo.toml").read_text()
    workspace = re.search(r'^\[workspace\.package\]\n(?:[^\[].*\n)*?version = "([^"]+)"', cargo_toml, re.M)
    assert workspace is not None, "no version in the [workspace.package] table of Cargo.toml"
    assert slogate.__version__ == importlib.metadata.version("slogate") == workspace.group(1)


def test_a_passing_gate(gate: slogate.Slo) -> None:
    ev = gate.evaluate({"response_time_p95": 412.0, "error_rate": 0.0})
    assert (ev.result, ev.status, ev.score, ev.passed) == ("pass", "succeeded", 100.0, True)
    assert [i.metric for i in ev.indicators] == ["response_time_p95", "error_rate"]
    p95 = ev.indicators[0]
    assert (p95.value, p95.status, p95.score, p95.key_sli, p95.success) == (412.0, "pass", 1.0, False, True)
    assert [(t.criteria, t.target_value, t.violated) for t in p95.pass_targets] == [
        ("<=+10%", 0.0, False),
        ("<600", 600.0, False),
    ]
    assert [t.criteria for t in p95.warning_targets] == ["<=800"]
    assert p95.baseline is None and p95.compared_value == 0.0
    assert ev.indicators[1].key_sli is True
    slogate.assert_gate(ev)
    ev.raise_for_result()


def test_relative_criteria_use_history_newest_first(gate: slogate.Slo) -> None:
    first = gate.evaluate({"response_time_p95": 500.0, "error_rate": 0.0}, id="build-1")
    older = gate.evaluate({"response_time_p95": 100.0, "error_rate": 0.0}, id="build-0")
    ev = gate.evaluate({"response_time_p95": 560.0, "error_rate": 0.0}, history=[first, older])
    # Without a comparison block only the newest result counts: 560 > 500 + 10%.
    assert ev.result == "warning" and ev.score == 75.0
    assert ev.compared_events == ["build-1"]
    p95 = ev.indicators[0]
    assert p95.compared_value == 500.0
    assert p95.baseline == {"function": "avg", "value": 500.0, "values": 1}
    assert [(t.target_value, t.violated) for t in p95.pass_targets] == [(550.0, True), (600.0, False)]


def test_history_round_trips_through_dicts_and_json(gate: slogate.Slo) -> None:
    values = {"response_time_p95": 560.0, "error_rate": 0.0}
    stored = [
        gate.evaluate({"response_time_p95": v, "error_rate": 0.0}, id=f"b{v:g}")
        for v in (520.0, 480.0, 400.0)
    ]
    with_objects = gate.evaluate(values, stored)
    with_dicts = gate.evaluate(values, [e.to_dict() for e in stored])
    with_json = gate.evaluate(values, [json.loads(e.to_json()) for e in stored])
    reread = gate.evaluate(values, [slogate.Evaluation.from_json(e.to_json(indent=2)) for e in stored])
    assert with_objects.compared_events == ["b520"]
    for other in (with_dicts, with_json, reread):
        assert other.to_dict() == with_objects.to_dict()
    # Keptn's datastore envelope is accepted too.
    envelope = [{"id": e.id, "data": e.to_dict()} for e in stored]
    assert gate.evaluate(values, envelope).to_dict() == with_objects.to_dict()


def test_invalidated_history_is_skipped(gate: slogate.Slo) -> None:
    newest = gate.evaluate({"response_time_p95": 100.0, "error_rate": 0.0}, id="bad").to_dict()
    newest["invalidated"] = True
    older = gate.evaluate({"response_time_p95": 500.0, "error_rate": 0.0}, id="good")
    as_object = slogate.Evaluation.from_dict(newest)
    assert as_object.invalidated and as_object.id == "bad"
    assert as_object.to_dict()["invalidated"] is True
    histories: List[List[Any]] = [[newest, older], [as_object, older]]
    for history in histories:
        ev = gate.evaluate({"response_time_p95": 540.0, "error_rate": 0.0}, history)
        assert ev.compared_events == ["good"]
        assert ev.passed


def test_with_id_labels_a_copy(gate: slogate.Slo) -> None:
    ev = gate.evaluate({"response_time_p95": 1.0, "error_rate": 0.0})
    assert ev.id is None and "id" not in ev.to_dict()
    labelled = ev.with_id("run-7")
    assert labelled.id == "run-7" and labelled.to_dict()["id"] == "run-7"
    assert ev.id is None
    later = gate.evaluate({"response_time_p95": 1.0, "error_rate": 0.0}, [labelled])
    assert later.compared_events == ["run-7"]


def test_failed_measurements_and_provider_result(gate: slogate.Slo) -> None:
    values: List[Dict[str, Any]] = [
        {"metric": "response_time_p95", "value": 300, "success": True, "message": ""},
        {"metric": "error_rate", "success": False, "message": "query timed out"},
    ]
    ev = gate.evaluate(values)
    assert ev.result == "fail"  # the key SLI has no value
    rate = ev.indicators[1]
    assert (rate.status, rate.success, rate.value) == ("fail", False, 0.0)
    assert all(t.violated for t in rate.pass_targets)
    # As in Keptn, keySli is reported only for objectives whose value was evaluated, so the
    # objective's line does not call it key; the summary names the key SLI that failed.
    assert rate.explanation == (
        "error_rate has no value: fail (no value, which fails the objective: query timed out); "
        "pass: <=0.01 not evaluated"
    )
    assert slogate.explain(ev) == (
        "quality gate: fail with a score of 50 (1 passed, 1 failed): key SLI 'error_rate' "
        "failed, which fails the gate whatever the score (50)\n"
        "objectives that did not pass:\n"
        "  - " + rate.explanation
    )

    ok = [{"metric": "response_time_p95", "value": 300}, {"metric": "error_rate", "value": 0}]
    failed_provider = gate.evaluate(ok, result="fail", message="prometheus unreachable")
    assert failed_provider.result == "fail" and failed_provider.score == 100.0
    assert "prometheus unreachable" in failed_provider.message
    errored = gate.evaluate(ok, status="errored", message="prometheus unreachable")
    assert (errored.status, errored.result) == ("errored", "fail")
    keptn = gate.evaluate({"result": "fail", "indicatorValues": ok})
    assert keptn.result == "fail"


def test_informational_objective_and_display_name() -> None:
    slo = slogate.Slo.from_yaml(
        "objectives:\n"
        "  - sli: cpu\n"
        "    displayName: CPU usage\n"
        "  - sli: errors\n"
        "    weight: 2\n"
        "    pass: [{criteria: ['=0']}]\n"
        "total_score: {pass: 100%}\n"
    )
    assert slo.slis == ["cpu", "errors"]
    assert slo.objectives[1]["weight"] == 2 and slo.objectives[0]["pass"] == []
    assert (slo.pass_score, slo.warning_score) == (100.0, None)
    ev = slo.evaluate({"errors": 0})
    info = ev.indicators[0]
    assert (info.status, info.display_name) == ("info", "CPU usage")
    assert ev.indicators[1].score == 2.0
    assert info.to_dict()["status"] == "info"


WHY_P95_912 = (
    "response_time_p95 = 912: fail (neither the pass nor the warning criteria are met: "
    "<=+10% and <600 are violated); pass: <=+10% violated (target 550 = the previous result "
    "(500) +10%), <600 violated (fixed target 600); warning: <=800 violated (fixed target 800)"
)
WHY_ERRORS_002 = (
    "error_rate = 0.02: fail (the pass criteria are not met: <=0.01 is violated and there "
    "are no warning criteria; as a key SLI this fails the gate); pass: <=0.01 violated "
    "(fixed target 0.01)"
)


def test_assert_gate_explains_what_failed(gate: slogate.Slo) -> None:
    previous = gate.evaluate({"response_time_p95": 500.0, "error_rate": 0.0}, id="b1")
    ev = gate.evaluate({"response_time_p95": 912.0, "error_rate": 0.02}, [previous])
    with pytest.raises(slogate.GateFailed) as info:
        slogate.assert_gate(ev)
    err = info.value
    assert isinstance(err, AssertionError) and err.evaluation is ev
    assert str(err) == (
        "quality gate: fail with a score of 0 (2 failed): key SLI 'error_rate' failed, which "
        "fails the gate whatever the score (0)\n"
        "objectives that did not pass:\n"
        f"  - {WHY_P95_912}\n"
        f"  - {WHY_ERRORS_002}"
    )
    assert str(err) == slogate.explain(ev)
    with pytest.raises(slogate.GateFailed) as again:
        ev.raise_for_result(allow_warning=True)
    assert str(again.value) == str(err)


def test_explanations_are_the_cores_sentences(gate: slogate.Slo) -> None:
    previous = gate.evaluate({"response_time_p95": 500.0, "error_rate": 0.0}, id="b1")
    ev = gate.evaluate({"response_time_p95": 912.0, "error_rate": 0.02}, [previous])
    assert [i.explanation for i in ev.indicators] == [WHY_P95_912, WHY_ERRORS_002]
    assert ev.summary == (
        "fail with a score of 0 (2 failed): key SLI 'error_rate' failed, which fails the gate "
        "whatever the score (0)"
    )
    # Read back, a result has no baseline; the relative target is derived from the stored
    # comparedValue instead of the previous result.
    stored = slogate.Evaluation.from_json(ev.to_json())
    assert stored.indicators[0].baseline is None
    assert stored.indicators[0].explanation == WHY_P95_912.replace(
        "the previous result (500)", "the compared value (500)"
    )
    assert stored.indicators[1].explanation == WHY_ERRORS_002
    assert stored.summary == ev.summary
    # Without history a relative criterion has nothing to compare with and is met.
    first = gate.evaluate({"response_time_p95": 412.0, "error_rate": 0.0})
    assert first.indicators[0].explanation == (
        "response_time_p95 = 412: pass (the pass criteria are met); pass: <=+10% met (no "
        "previous results: relative criteria are met), <600 met (fixed target 600); warning: "
        "<=800 met (fixed target 800)"
    )
    assert first.summary == "pass with a score of 100 (2 passed): the score of 100 reaches the pass threshold of 90"
    assert slogate.explain(first) == "quality gate: " + first.summary
    assert slogate.explain(first, all_objectives=True).splitlines() == [
        "quality gate: " + first.summary,
        "objectives:",
        "  - " + first.indicators[0].explanation,
        "  - error_rate = 0: pass (the pass criteria are met); pass: <=0.01 met (fixed target 0.01)",
    ]


def test_explanations_of_informational_and_errored_evaluations() -> None:
    slo = slogate.Slo.from_yaml(
        "objectives:\n"
        "  - sli: cpu\n"
        "    displayName: CPU usage\n"
        "  - sli: errors\n"
        "    pass: [{criteria: ['=0']}]\n"
        "total_score: {pass: 100%}\n"
    )
    ev = slo.evaluate({"cpu": 41.25, "errors": 0})
    assert ev.indicators[0].explanation == "CPU usage = 41.25: info (no pass criteria: the value is only reported)"
    assert ev.summary == "pass with a score of 100 (1 passed, 1 info): the score of 100 reaches the pass threshold of 100"
    errored = slo.evaluate({"errors": 0}, status="errored", message="prometheus unreachable")
    assert errored.indicators == []
    assert slogate.explain(errored) == (
        "quality gate: fail (evaluation errored): the SLI retrieval errored; nothing was "
        "evaluated: prometheus unreachable"
    )
    with pytest.raises(TypeError, match="evaluation must be a slogate.Evaluation, found dict"):
        slogate.explain({"result": "pass"})  # type: ignore[arg-type]


def test_a_warning_passes_only_when_allowed(gate: slogate.Slo) -> None:
    ev = gate.evaluate({"response_time_p95": 700.0, "error_rate": 0.0})
    assert ev.result == "warning"
    slogate.assert_gate(ev, allow_warning=True)
    ev.raise_for_result(allow_warning=True)
    # The objective that passed is not listed.
    with pytest.raises(slogate.GateFailed) as info:
        ev.raise_for_result()
    assert str(info.value) == (
        "quality gate: warning with a score of 75 (1 passed, 1 warning): the score of 75 is "
        "below the pass threshold of 90 but reaches the warning threshold of 75\n"
        "objectives that did not pass:\n"
        "  - response_time_p95 = 700: warning (the pass criteria are not met: <600 is "
        "violated; the warning criteria are met); pass: <=+10% met (no previous results: "
        "relative criteria are met), <600 violated (fixed target 600); warning: <=800 met "
        "(fixed target 800)"
    )


def test_criterion() -> None:
    c = slogate.Criterion("<= +10 %")
    assert (c.text, c.operator, c.kind, c.amount, c.is_relative) == ("<= +10 %", "<=", "percent", 10.0, True)
    assert str(c) == "<= +10 %" and repr(c) == "Criterion('<= +10 %')".replace("'", '"')
    assert c.target() is None and c.target(500) == 550.0
    assert c.is_met(10_000) and c.is_met(550, 500) and not c.is_met(551, 500)
    fixed = slogate.Criterion(">-5")
    assert (fixed.kind, fixed.amount) == ("delta", -5.0)
    assert slogate.Criterion("<600").kind == "fixed"


def test_evaluations_from_many_threads_agree(gate: slogate.Slo) -> None:
    """Evaluation releases the GIL; concurrent evaluations of one Slo give the same results."""
    values = {f"m{i}": float(i) for i in range(2000)}
    values.update({"response_time_p95": 560.0, "error_rate": 0.0})
    previous = gate.evaluate({"response_time_p95": 500.0, "error_rate": 0.0}, id="p")
    expected = gate.evaluate(values, [previous]).to_dict()
    results: List[Dict[str, Any]] = []
    errors: List[BaseException] = []

    def work() -> None:
        try:
            for _ in range(20):
                results.append(gate.evaluate(values, [previous]).to_dict())
        except BaseException as err:  # noqa: BLE001 - reported by the assertion below
            errors.append(err)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 80 and all(r == expected for r in results)


def test_reprs(gate: slogate.Slo) -> None:
    ev = gate.evaluate({"response_time_p95": 1.0, "error_rate": 0.0}, id="x")
    assert repr(ev) == '<Evaluation result="pass" score=100 indicators=2 id="x">'
    assert repr(gate) == "<Slo objectives=2 pass=90%>"
    assert repr(ev.indicators[0]).startswith('<Indicator "response_time_p95" status="pass"')
    assert "violated=False" in repr(ev.indicators[0].pass_targets[1])
