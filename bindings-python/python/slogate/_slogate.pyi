"""The compiled core of slogate: handles on the core's values and the views it computes.

Import names from :mod:`slogate`, not from here; the public classes in ``slogate._api`` wrap
these handles. Data handed in has been checked by ``slogate._convert``.
"""

from typing import Any, Dict, List, Optional, Sequence, Tuple, Union, final

__all__ = [
    "__version__",
    "EXIT_BAD_INPUT",
    "NativeSlo",
    "NativeGate",
    "NativeEvaluation",
    "NativeCriterion",
    "NativeReport",
    "read_report",
    "locust_values",
    "error_codes",
    "is_shape_key",
    "input_error",
    "check_history_length",
    "_panic_for_test",
    "judge_canary_json",
    "heatmap",
    "evaluate_columns",
]

__version__: str

EXIT_BAD_INPUT: int
"""The exit status of a gate whose input was refused (2)."""


# Listed values: Keptn ``indicatorValues`` entries with every field given.
_Listed = List[Dict[str, Any]]
# The SLI values: load-test reports and the text of an SLI map, or Keptn's get-sli data (a
# dict) or listed values, with the provider's result, status and message.
_Given = Union[
    Tuple[Sequence[NativeReport], Optional[str]],
    Tuple[Union[Dict[str, Any], _Listed], Optional[str], Optional[str], Optional[str]],
]

@final
class NativeSlo:
    """A parsed SLO."""

    @staticmethod
    def parse(text: str, strict: bool) -> NativeSlo:
        """Parses YAML text; raises ``SloError`` (for warnings too when ``strict``)."""
    @staticmethod
    def read(path: str, strict: bool) -> NativeSlo:
        """Reads and parses a file; raises ``SloFileError`` or ``SloError``."""
    def view(self) -> Dict[str, Any]:
        """``source``, ``slis``, ``objectives``, ``pass_score``, ``warning_score`` and
        ``warnings``."""
    def evaluate(
        self, values: _Given, history: Sequence[Union[NativeEvaluation, Any]], id: Optional[str]
    ) -> NativeEvaluation:
        """Evaluates the values against the SLO; ``history`` holds ``NativeEvaluation``s and
        JSON data, newest first."""
    def check_metrics(self, values: _Given, source: str) -> None:
        """Raises ``SloError`` (code ``missing_metric``) for a metric the values lack."""

@final
class NativeGate:
    """A gate of another tool's format."""

    @staticmethod
    def parse(format: str, text: str) -> NativeGate:
        """Parses a definition of the format named ``format``; raises ``SloError``."""
    def evaluate(self, data: Any) -> Tuple[NativeEvaluation, Dict[str, Any]]:
        """Evaluates measurements given as JSON text or data: the evaluation and the tool's
        own result."""
    def to_keptn(self) -> Dict[str, Any]:
        """The equivalent Keptn SLO."""

@final
class NativeEvaluation:
    """An evaluation with the id and invalidated flag it is stored with."""

    @staticmethod
    def decode(data: Any) -> NativeEvaluation:
        """Decodes the stored form from JSON text or data; raises ``SloError``."""
    def label(self) -> Tuple[Optional[str], bool]:
        """The stored id, and whether the stored evaluation was invalidated."""
    def view(self) -> Dict[str, Any]:
        """The verdict, its sentences and one view per objective."""
    def to_dict(self) -> Dict[str, Any]:
        """The stored form as data."""
    def to_json(self, indent: Optional[int]) -> str:
        """The stored form as text; raises ``SloError`` for too wide an indentation."""
    def passes(self, allow_warning: bool) -> bool:
        """Whether the gate passes."""
    def decide(self, policy: Optional[str], allow_warning: bool, live: bool) -> Dict[str, Any]:
        """``action``, ``rollback``, ``exitCode`` and ``explanation``."""
    def with_id(self, id: str) -> NativeEvaluation:
        """The same evaluation stored under ``id``."""

@final
class NativeCriterion:
    """A parsed criterion."""

    def __new__(cls, text: str) -> NativeCriterion:
        """Parses a criterion; raises ``SloError`` (code ``invalid_criterion``)."""
    def view(self) -> Dict[str, Any]:
        """``text``, ``operator``, ``kind``, ``amount`` and ``isRelative``."""
    def target(self, baseline: Optional[float]) -> Optional[float]:
        """The target given the baseline."""
    def is_met(self, value: float, baseline: Optional[float]) -> bool:
        """Whether ``value`` meets the criterion given the baseline."""

@final
class NativeReport:
    """A load-test report read from a file."""

    def view(self) -> Tuple[str, str, List[Dict[str, Any]]]:
        """The report kind, the file it was read from and its SLI values as Keptn
        ``indicatorValues`` dicts."""

def read_report(kind: str, path: str) -> NativeReport:
    """Reads the report file at ``path`` as a report of ``kind``; raises ``SloFileError`` or
    ``SloError``."""

def locust_values(stats: Any) -> List[Dict[str, Any]]:
    """A Locust run's statistics (``{"total": ..., "entries": [...]}``) as SLI values."""

def error_codes() -> List[str]:
    """The stable name of every code in the core's table, in order (the members of
    ``slogate.ErrorCode``)."""

def is_shape_key(key: str) -> bool:
    """Whether ``key`` at the top of a mapping marks Keptn's get-sli data."""

def input_error(code: str, path: str, message: str) -> Exception:
    """The ``SloError`` (kind ``input``) for a problem found while converting data."""

def check_history_length(length: int) -> None:
    """Raises ``SloError`` (code ``history_too_long``) past the core's limit."""

def _panic_for_test() -> None:
    """Panics inside Rust on purpose; the panic arrives as ``RuntimeError``."""

def judge_canary_json(baseline: str, canary: str, options: str) -> str:
    """Judges a canary from JSON samples and options; returns the judgement as JSON text."""
def heatmap(
    history: Sequence[Union[NativeEvaluation, Any]],
    slo: Optional[NativeSlo],
    last: Optional[int],
    selected: Optional[str],
    markdown: bool,
) -> str:
    """The heatmap of ``history`` (newest first) as one HTML page, or as Markdown."""

def evaluate_columns(
    slos: List[str],
    slo_names: List[str],
    items: List[str],
    row_item: bytes,
    row_slo: bytes,
    row_metric: bytes,
    metric_names: List[str],
    values: bytes,
    history_item: bytes,
    history: List[str],
) -> Dict[str, Any]:
    """Evaluates a batch given as columns (index columns as native-endian uint32 bytes,
    values as native-endian float64 bytes); refuses an item whose rows name two SLOs;
    returns the core's result columns as lists. Used by :func:`slogate.fleet.evaluate_table`."""
