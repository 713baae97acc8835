"""The decision on an evaluation: the gate rule and an approval policy, from Python."""

from __future__ import annotations

import pytest

import slogate

SLO = """\
objectives:
  - sli: p95
    pass: [{criteria: ['<600']}]
    warning: [{criteria: ['<800']}]
total_score: {pass: 90%, warning: 50%}
"""


@pytest.fixture(scope="module")
def slo() -> slogate.Slo:
    return slogate.Slo.from_yaml(SLO)


def test_a_warning_passes_the_gate_only_when_allowed(slo: slogate.Slo) -> None:
    warning = slo.evaluate({"p95": 700.0})
    assert warning.result == "warning"
    assert (warning.passes(), warning.passes(allow_warning=True)) == (False, True)
    held = warning.decide()
    assert (held.action, held.exit_code, held.rollback) == ("hold", 1, False)
    assert warning.decide(allow_warning=True).action == "promote"


@pytest.mark.parametrize(
    ("p95", "action", "exit_code"),
    [(500.0, "promote", 0), (700.0, "ask", 3), (900.0, "hold", 1)],
)
def test_an_approval_policy_decides(slo: slogate.Slo, p95: float, action: str, exit_code: int) -> None:
    decision = slo.evaluate({"p95": p95}).decide("pass=automatic,warning=manual")
    assert (decision.action, decision.exit_code, decision.rollback) == (action, exit_code, False)


def test_a_live_failure_advises_a_rollback(slo: slogate.Slo) -> None:
    decision = slo.evaluate({"p95": 900.0}).decide("pass=automatic", live=True)
    assert decision.rollback
    assert decision.explanation == (
        "hold: the evaluation failed and a failed evaluation is never promoted;"
        " roll back the live deployment"
    )


def test_a_malformed_policy_raises_with_its_code(slo: slogate.Slo) -> None:
    with pytest.raises(slogate.SloError) as caught:
        slo.evaluate({"p95": 500.0}).decide("pass=always")
    assert caught.value.code == "invalid_approval"
    assert slogate.EXIT_BAD_INPUT == 2
