"""Test-harness helpers: explain an evaluation and fail a test when the gate did not pass."""

from __future__ import annotations

from typing import TYPE_CHECKING, List

from ._errors import GateFailed

if TYPE_CHECKING:
    from ._slogate import Evaluation, Indicator

__all__ = ["explain", "assert_gate"]


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else repr(value)


def _indicator_lines(indicator: "Indicator") -> List[str]:
    name = indicator.metric or "(no metric)"
    if indicator.display_name and indicator.display_name != name:
        name = f"{name} ({indicator.display_name})"
    if indicator.key_sli:
        name += " [key SLI]"
    if indicator.value is None or not indicator.success:
        reason = indicator.message or "no value"
        return [f"  - {name}: {indicator.status}, no value: {reason}"]
    lines = [f"  - {name}: {indicator.status}, value {_number(indicator.value)}"]
    for label, targets in (("pass", indicator.pass_targets), ("warning", indicator.warning_targets)):
        for target in targets:
            verdict = "violated" if target.violated else "met"
            lines.append(
                f"      {label} criterion '{target.criteria}': target "
                f"{_number(target.target_value)}, {verdict}"
            )
    baseline = indicator.baseline
    if baseline is not None:
        lines.append(
            f"      baseline: {baseline['function']} of {baseline['values']} previous "
            f"value{'s' if baseline['values'] != 1 else ''} = {_number(baseline['value'])}"
        )
    elif indicator.compared_value:
        lines.append(f"      compared with {_number(indicator.compared_value)}")
    return lines


def explain(evaluation: "Evaluation") -> str:
    """A readable multi-line explanation of an evaluation.

    The first line gives the result and score; then every objective that did not pass is
    listed with its value, each criterion with its resolved target and whether it was
    violated, and the baseline relative criteria were resolved against.
    """
    head = f"quality gate {evaluation.result}: score {_number(evaluation.score)}"
    if evaluation.status != "succeeded":
        head += f", evaluation {evaluation.status}"
    lines = [head]
    if evaluation.message:
        lines.append(evaluation.message)
    missed = [i for i in evaluation.indicators if i.status in ("fail", "warning")]
    if missed:
        lines.append("objectives that did not pass:")
        for indicator in missed:
            lines.extend(_indicator_lines(indicator))
    return "\n".join(lines)


def assert_gate(evaluation: "Evaluation", *, allow_warning: bool = False) -> None:
    """Fails a test unless the gate passed.

    Raises :class:`slogate.GateFailed` (an ``AssertionError``) with :func:`explain`'s text
    when the result is not ``"pass"``; with ``allow_warning=True`` a ``"warning"`` passes too.
    """
    from ._slogate import Evaluation

    if not isinstance(evaluation, Evaluation):
        raise TypeError(
            f"evaluation must be a slogate.Evaluation, found {type(evaluation).__name__}"
        )
    if evaluation.passed or (allow_warning and evaluation.result == "warning"):
        return
    raise GateFailed(explain(evaluation), evaluation)
