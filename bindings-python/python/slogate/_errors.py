"""The exception classes of slogate."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

__all__ = ["SloError", "GateFailed"]


class SloError(ValueError):
    """Raised when slogate refuses an SLO, SLI values or stored history.

    The attributes describe the first problem found; :meth:`errors` lists every one.

    Attributes:
        kind: which step refused the input: ``"slo"`` (the SLO definition), ``"input"``
            (SLI values or stored history could not be decoded) or ``"evaluation"`` (decoded
            inputs that cannot be scored, such as duplicate or non-finite values).
        code: the stable machine-readable code of the first problem, e.g.
            ``"invalid_criterion"``.
        path: where the first problem is inside its document, e.g.
            ``"objectives[0].pass[0].criteria[0]"``; empty for the whole document.
        line: 1-based line of the first problem, where known.
        column: 1-based column of the first problem, where known.
        message: the full message, every problem included.
    """

    kind: str
    code: str
    path: str
    line: Optional[int]
    column: Optional[int]
    message: str

    def __init__(
        self,
        message: str,
        *,
        kind: str = "input",
        code: str = "invalid_input",
        path: str = "",
        line: Optional[int] = None,
        column: Optional[int] = None,
        problems: Optional[List[Dict[str, Any]]] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.code = code
        self.path = path
        self.line = line
        self.column = column
        if problems is None:
            problems = [
                {"code": code, "path": path, "line": line, "column": column, "message": message}
            ]
        self._problems = [dict(p) for p in problems]

    def errors(self) -> List[Dict[str, Any]]:
        """Every problem found, in document order.

        Each is a dict with ``code``, ``path``, ``line``, ``column`` (``None`` where unknown)
        and ``message``.
        """
        return [dict(p) for p in self._problems]

    def __reduce__(self) -> Any:
        return (
            _rebuild_slo_error,
            (self.message, self.kind, self.code, self.path, self.line, self.column, self._problems),
        )


def _rebuild_slo_error(
    message: str,
    kind: str,
    code: str,
    path: str,
    line: Optional[int],
    column: Optional[int],
    problems: List[Dict[str, Any]],
) -> SloError:
    return SloError(
        message, kind=kind, code=code, path=path, line=line, column=column, problems=problems
    )


class GateFailed(AssertionError):
    """Raised by :func:`slogate.assert_gate` when a quality gate did not pass.

    An ``AssertionError``, so test runners report it as a test failure. The message is
    :func:`slogate.explain`'s text: the evaluation's summary, then the explanation of every
    objective that did not pass.

    Attributes:
        evaluation: the :class:`slogate.Evaluation` that did not pass.
    """

    def __init__(self, message: str, evaluation: Any) -> None:
        super().__init__(message)
        self.evaluation = evaluation
