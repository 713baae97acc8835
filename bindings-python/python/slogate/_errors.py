"""The exception classes of slogate."""

from __future__ import annotations

from enum import Enum
from typing import Any, Dict, List, Optional

__all__ = ["ErrorCode", "SloError", "SloTypeError", "SloFileError", "SlogateWarning", "GateFailed"]

class ErrorCode(str, Enum):
    """Every stable code slogate reports (``err.code``), warnings included, in the order of
    the core's one table of codes (the test suite checks that the two agree).

    A ``str`` enum: ``ErrorCode.INVALID_CRITERION == "invalid_criterion"``.
    """

    INVALID_YAML = "invalid_yaml"
    DUPLICATE_KEY = "duplicate_key"
    UNSUPPORTED_YAML = "unsupported_yaml"
    INVALID_TYPE = "invalid_type"
    EMPTY_SLO = "empty_slo"
    MISSING_FIELD = "missing_field"
    INVALID_CRITERION = "invalid_criterion"
    NON_FINITE_NUMBER = "non_finite_number"
    EMPTY_CRITERIA = "empty_criteria"
    NULL_ENTRY = "null_entry"
    DUPLICATE_OBJECTIVE = "duplicate_objective"
    INVALID_WEIGHT = "invalid_weight"
    UNKNOWN_AGGREGATE_FUNCTION = "unknown_aggregate_function"
    UNKNOWN_COMPARE_WITH = "unknown_compare_with"
    UNKNOWN_INCLUDE_RESULT_WITH_SCORE = "unknown_include_result_with_score"
    INVALID_NUMBER_OF_COMPARISON_RESULTS = "invalid_number_of_comparison_results"
    MISSING_TOTAL_SCORE = "missing_total_score"
    INVALID_TOTAL_SCORE = "invalid_total_score"
    DOCUMENT_TOO_LARGE = "document_too_large"
    NESTING_TOO_DEEP = "nesting_too_deep"
    TOO_MANY_NODES = "too_many_nodes"
    TOO_MANY_OBJECTIVES = "too_many_objectives"
    TOO_MANY_CRITERIA = "too_many_criteria"
    CRITERION_TOO_LONG = "criterion_too_long"
    INVALID_JSON = "invalid_json"
    INVALID_INPUT = "invalid_input"
    DUPLICATE_INDICATOR_VALUE = "duplicate_indicator_value"
    NON_FINITE_VALUE = "non_finite_value"
    HISTORY_TOO_LONG = "history_too_long"
    MISSING_METRIC = "missing_metric"
    UNKNOWN_FIELD = "unknown_field"
    INVALID_THRESHOLD = "invalid_threshold"
    INVALID_METRIC_NAME = "invalid_metric_name"
    UNKNOWN_METRIC = "unknown_metric"
    UNSUPPORTED_AGGREGATION = "unsupported_aggregation"
    MISSING_AGGREGATION = "missing_aggregation"
    INVALID_QUANTITY = "invalid_quantity"
    INVALID_OPERATOR = "invalid_operator"
    INVALID_RANGE = "invalid_range"
    VALUE_OUT_OF_RANGE = "value_out_of_range"
    CONTRADICTORY_THRESHOLDS = "contradictory_thresholds"
    UNREGISTERED_SOURCE = "unregistered_source"
    UNKNOWN_GRADER = "unknown_grader"
    UNKNOWN_GATE_FORMAT = "unknown_gate_format"
    INPUT_TOO_LARGE = "input_too_large"
    LIST_TOO_LONG = "list_too_long"
    INDENT_TOO_WIDE = "indent_too_wide"
    IO_ERROR = "io_error"
    INTERNAL_ERROR = "internal_error"
    INVALID_ARGUMENT = "invalid_argument"
    FORBIDDEN_CHARACTER = "forbidden_character"
    INVALID_ENCODING = "invalid_encoding"
    INVALID_APPROVAL = "invalid_approval"
    MISSING_APPROVAL = "missing_approval"
    AMBIGUOUS_APPROVAL = "ambiguous_approval"
    INVALID_CANARY_SETTINGS = "invalid_canary_settings"
    INVALID_MODEL = "invalid_model"
    UNKNOWN_KEY = "unknown_key"
    INVALID_EXTENSION = "invalid_extension"
    PINNED_BASELINE_NOT_FOUND = "pinned_baseline_not_found"
    INVALID_UNIT = "invalid_unit"
    DUPLICATE_INFO_OBJECTIVE = "duplicate_info_objective"
    INCOMPLETE_LINE = "incomplete_line"


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
            (
                self.message,
                self.kind,
                self.code,
                self.path,
                self.line,
                self.column,
                self._problems,
                type(self).__name__,
            ),
        )


def _rebuild_slo_error(
    message: str,
    kind: str,
    code: str,
    path: str,
    line: Optional[int],
    column: Optional[int],
    problems: List[Dict[str, Any]],
    class_name: str = "SloError",
) -> SloError:
    cls = {"SloTypeError": SloTypeError, "SloFileError": SloFileError}.get(class_name, SloError)
    return cls(
        message, kind=kind, code=code, path=path, line=line, column=column, problems=problems
    )


class SloTypeError(SloError, TypeError):
    """An argument of the wrong Python type: both a ``TypeError`` and a :class:`SloError`
    with ``code`` ``"invalid_input"`` and the argument's path."""


class SloFileError(SloError, OSError):
    """A file that could not be read: both an ``OSError`` (of the subclass its errno names,
    such as ``FileNotFoundError``) and a :class:`SloError` with ``code`` ``"io_error"``."""

    def __str__(self) -> str:
        return self.message


_FILE_ERRORS: Dict[type, type] = {}


def _core_error(kind: str, message: str, problems: List[Dict[str, Any]]) -> Exception:
    """The core's error as a :class:`SloError`: ``kind``, the first problem's fields and every
    problem (a ``RuntimeError`` for an error without problems, which the core never makes)."""
    if not problems:
        return RuntimeError(message)
    first = problems[0]
    return SloError(
        message,
        kind=kind,
        code=first["code"],
        path=first["path"],
        line=first["line"],
        column=first["column"],
        problems=problems,
    )


def _file_error(problems: List[Dict[str, Any]], errno: Optional[int], filename: str) -> SloFileError:
    """A :class:`SloFileError` for the core's one problem with a file, that is also the
    ``OSError`` subclass its errno names (``FileNotFoundError``, ``PermissionError``, ...)."""
    message, code = problems[0]["message"], problems[0]["code"]
    base = type(OSError(errno, message)) if errno is not None else OSError
    cls: type = SloFileError
    if base is not OSError:
        cls = _FILE_ERRORS.setdefault(
            base, type("SloFileError", (SloFileError, base), {"__module__": __name__})
        )
    error: SloFileError = cls(message, kind="input", code=code, problems=problems)
    error.errno = errno
    error.filename = filename
    return error


class SlogateWarning(UserWarning):
    """Issued once per parsed SLO that has warnings (an unknown key, for one): the SLO is
    used as written. ``Slo.from_yaml(text, strict=True)`` refuses such an SLO instead.

    Attributes:
        warnings: every warning, as dicts with ``code``, ``path``, ``line``, ``column`` and
            ``message`` (the same as ``Slo.warnings``).
    """

    warnings: List[Dict[str, Any]]

    def __init__(self, message: str, warnings: Optional[List[Dict[str, Any]]] = None) -> None:
        super().__init__(message)
        self.warnings = [dict(w) for w in warnings or []]


def _warn(warnings: List[Dict[str, Any]], stacklevel: int) -> None:
    """Issues the warnings of one parsed SLO as one ``SlogateWarning``, pointing at the line
    ``stacklevel`` frames up (2: the line that called this)."""
    lines: List[str] = []
    for w in warnings:
        place = w["path"]
        if w.get("line") is not None:
            place += f" (line {w['line']}, column {w['column']})"
        lines.append(f"{place}: {w['message']}")
    if len(lines) == 1:
        message = lines[0]
    else:
        message = f"{len(lines)} warnings in the SLO:" + "".join(f"\n  - {line}" for line in lines)
    import warnings as _warnings

    _warnings.warn(SlogateWarning(message, warnings), stacklevel=stacklevel)


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
