"""Test-harness helpers: explain an evaluation and fail a test when the gate did not pass.

Every sentence comes from the core: :attr:`Evaluation.summary` and
:attr:`Indicator.explanation`. These helpers only put them on lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._errors import GateFailed, SloTypeError

if TYPE_CHECKING:
    from ._api import Evaluation

__all__ = ["explain", "assert_gate"]


def explain(evaluation: "Evaluation", *, all_objectives: bool = False) -> str:
    """A readable multi-line explanation of an evaluation.

    The first line is ``"quality gate: "`` followed by :attr:`Evaluation.summary` (verdict,
    score, how many objectives got each status, and why). Then, under ``"objectives that did
    not pass:"``, one line per objective that did not pass (``"warning"``, ``"inconclusive"``
    or ``"fail"``, as the core decides): its
    :attr:`Indicator.explanation` (value, status and why, every criterion with the target it
    resolved to and how). With ``all_objectives=True`` every objective is listed, under
    ``"objectives:"``. No list follows when there is nothing to list.
    """
    from ._api import Evaluation

    if not isinstance(evaluation, Evaluation):
        raise SloTypeError(
            f"evaluation must be a slogate.Evaluation, found {type(evaluation).__name__}"
        )
    lines = [f"quality gate: {evaluation.summary}"]
    if all_objectives:
        listed = evaluation.indicators
        heading = "objectives:"
    else:
        indicators = evaluation.indicators
        listed = [indicators[index] for index in evaluation._view["notPassed"]]
        heading = "objectives that did not pass:"
    if listed:
        lines.append(heading)
        lines.extend(f"  - {indicator.explanation}" for indicator in listed)
    return "\n".join(lines)


def assert_gate(evaluation: "Evaluation", *, allow_warning: bool = False) -> None:
    """Fails a test unless the gate passed.

    Raises :class:`slogate.GateFailed` (an ``AssertionError``) with :func:`explain`'s text
    when the result is not ``"pass"``; with ``allow_warning=True`` a ``"warning"`` passes too.
    """
    from ._api import Evaluation

    if not isinstance(evaluation, Evaluation):
        raise SloTypeError(
            f"evaluation must be a slogate.Evaluation, found {type(evaluation).__name__}"
        )
    if evaluation.passes(allow_warning=allow_warning):
        return
    raise GateFailed(explain(evaluation), evaluation)
