"""A pytest plugin that gates tests on an SLO, registered under the ``pytest11`` entry point.

Options (on pytest's command line or in ``addopts``):

- ``--slo FILE``: the SLO (``slo.yaml``) the ``slo_gate`` fixture evaluates against.
- ``--slo-history FILE``: a JSON Lines history, the format ``slogate eval --history`` keeps:
  relative criteria compare with it, and each evaluation is appended to it.
- ``--slo-fail-on fail|warning``: the lowest verdict that fails the test (default ``fail``:
  a warning passes).

The ``slo_gate`` fixture is a callable: ``slo_gate(values)`` evaluates ``values`` (anything
:meth:`slogate.Slo.evaluate` accepts: a mapping of numbers, indicator values, or reports from
:func:`slogate.reports.read`), records the evaluation in the history, and fails the test with
:func:`slogate.explain`'s text unless the gate lets the verdict through::

    def test_checkout_under_load(slo_gate):
        evaluation = slo_gate({"response_time_p95": 412.0, "error_rate": 0.002})
        assert evaluation.score >= 90

A failure shows the explanation, not this plugin's own frames.
"""

from __future__ import annotations

import datetime
import json
import pathlib
from typing import Any, Callable, List, Optional

import pytest

from ._gate import explain
from ._api import Evaluation, Slo

__all__ = ["SloGate"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("slogate", "quality gate on an SLO (slogate)")
    group.addoption("--slo", metavar="FILE", help="the SLO (slo.yaml) the slo_gate fixture evaluates against")
    group.addoption(
        "--slo-history",
        metavar="FILE",
        help="a JSON Lines history of evaluations: compared with, and each new evaluation appended",
    )
    group.addoption(
        "--slo-fail-on",
        choices=("fail", "warning"),
        default="fail",
        help="the lowest verdict that fails the test (default: fail; a warning passes)",
    )


class SloGate:
    """The ``slo_gate`` fixture's value: call it with measured values to gate the test."""

    def __init__(self, slo: Slo, history: Optional[pathlib.Path], fail_on: str) -> None:
        self.slo = slo
        self.history = history
        self.fail_on = fail_on

    def stored(self) -> List[Any]:
        """The evaluations in the history file, newest first (none without a history)."""
        if self.history is None or not self.history.exists():
            return []
        lines = self.history.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in reversed(lines) if line.strip()]

    def __call__(self, values: Any, *, id: Optional[str] = None, sli_map: Optional[str] = None) -> Evaluation:
        """Evaluates ``values``, records the evaluation, and fails the test unless it passes
        (or warns, with ``--slo-fail-on fail``). Returns the evaluation."""
        __tracebackhide__ = True
        evaluation = self.slo.evaluate(values, self.stored(), sli_map=sli_map)
        if self.history is not None:
            stamp = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")
            evaluation = evaluation.with_id(id or stamp.replace("+00:00", "Z"))
            with self.history.open("a", encoding="utf-8") as history:
                history.write(evaluation.to_json() + "\n")
        if not evaluation.passes(allow_warning=self.fail_on == "fail"):
            pytest.fail(explain(evaluation), pytrace=False)
        return evaluation


@pytest.fixture
def slo_gate(request: pytest.FixtureRequest) -> SloGate:
    """Gates the test on the ``--slo`` SLO: ``slo_gate(values)`` (see :class:`SloGate`)."""
    config = request.config
    path = config.getoption("--slo")
    if path is None:
        pytest.fail("the slo_gate fixture needs an SLO: give --slo slo.yaml", pytrace=False)
    history = config.getoption("--slo-history")
    return SloGate(
        Slo.from_file(path),
        pathlib.Path(history) if history else None,
        config.getoption("--slo-fail-on"),
    )
