"""The compiled core of slogate. Import names from :mod:`slogate`, not from here."""

import os
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Sequence, SupportsFloat, Union, final

__all__ = [
    "__version__",
    "Slo",
    "Gate",
    "Evaluation",
    "Decision",
    "EXIT_BAD_INPUT",
    "Indicator",
    "Target",
    "Criterion",
    "Report",
    "read_report",
    "locust_values",
    "error_codes",
    "_panic_for_test",
    "judge_canary_json",
    "report",
    "evaluate_columns",
]

__version__: str

# A mapping metric -> number, Keptn's get-sli data (a mapping with "indicatorValues"), or a
# list of Keptn indicatorValues dicts.
_Values = Union[Mapping[str, SupportsFloat], Mapping[str, Any], Sequence[Mapping[str, Any]]]
# One load-test report, or several to merge.
_Reports = Union["Report", Sequence["Report"]]
_History = Iterable[Union["Evaluation", Mapping[str, Any]]]

@final
class Slo:
    """A parsed, validated SLO definition (``slo.yaml``), reusable for any number of evaluations."""

    @staticmethod
    def from_yaml(text: str, *, strict: bool = False) -> Slo:
        """Parses an SLO from YAML text. Raises ``SloError`` listing every problem of the document.

        An SLO with warnings (an unknown key, for one) is used as written and issues one
        ``slogate.SlogateWarning``; ``strict=True`` refuses it with ``SloError`` instead."""
    @staticmethod
    def from_file(path: Union[str, os.PathLike[str]], *, strict: bool = False) -> Slo:
        """Reads and parses an SLO file (UTF-8 YAML). Raises ``SloFileError`` (an ``OSError``
        with code ``io_error``) when the file cannot be read and ``SloError`` when it is not a
        valid SLO. Warnings and ``strict`` as for ``from_yaml``."""
    @property
    def warnings(self) -> List[Dict[str, Any]]:
        """What the SLO is used with as written but looks like a mistake (an unknown key, for
        one): dicts with ``code``, ``path``, ``line``, ``column`` and ``message``, in document
        order."""
    def evaluate(
        self,
        values: Union[_Values, _Reports],
        history: Optional[_History] = None,
        *,
        result: Optional[str] = None,
        status: Optional[str] = None,
        message: Optional[str] = None,
        id: Optional[str] = None,
        sli_map: Optional[str] = None,
    ) -> Evaluation:
        """Evaluates measured values against this SLO, comparing relative criteria with
        ``history`` (stored evaluations, newest first).

        ``values`` may also be a :class:`Report` from :func:`slogate.reports.read`, or a list
        of them, merged as the CLI merges ``--sli KIND:FILE``: each SLI is looked up where
        ``sli_map`` (the text of an ``sli.yaml``) says, or else by its own name in every report;
        a name two reports have is refused (code ``duplicate_indicator_value``).

        ``values`` is a mapping metric -> number, a list of Keptn ``indicatorValues`` dicts
        (``metric``, ``value``, ``success``, ``message``), or Keptn's get-sli data (a mapping
        with ``indicatorValues``). ``result`` (``"pass"``/``"warning"``/``"fail"``), ``status``
        (``"succeeded"``/``"errored"``/``"aborted"``) and ``message`` are the SLI provider's.
        ``history`` entries are ``Evaluation`` objects or dicts in Keptn's evaluation shape
        (``to_dict()`` output, optionally with ``id`` and ``invalidated``, or
        ``{"id": ..., "data": {...}}``). ``id`` labels the new evaluation.
        """
    def check_metrics(self, values: _Values, source: str = "SLI values") -> None:
        """Raises ``SloError`` (code ``missing_metric``) when ``values`` lack a metric that one
        of the SLO's scored objectives measures; ``source`` names the values in the message."""
    @property
    def source(self) -> str:
        """The SLO text as it was parsed."""
    @property
    def slis(self) -> List[str]:
        """The SLI names of the objectives, in the order written."""
    @property
    def objectives(self) -> List[Dict[str, Any]]:
        """The objectives as dicts: ``sli``, ``display_name``, ``weight``, ``key_sli``, ``pass``
        and ``warning`` (lists of criteria lists, as written)."""
    @property
    def pass_score(self) -> float:
        """The score (percent) at or above which the gate passes."""
    @property
    def warning_score(self) -> Optional[float]:
        """The score (percent) at or above which a gate that did not pass is a warning."""

EXIT_BAD_INPUT: int
"""The exit status of a gate whose input was refused (2)."""

@final
class Decision:
    """What the pipeline does with an evaluation (see :meth:`Evaluation.decide`)."""

    @property
    def action(self) -> str:
        """``"promote"``, ``"ask"`` (a person must approve) or ``"hold"``."""
    @property
    def rollback(self) -> bool:
        """True when the held deployment is already live and should be rolled back."""
    @property
    def exit_code(self) -> int:
        """The exit status that carries the decision: promote 0, hold 1, ask 3."""
    @property
    def explanation(self) -> str:
        """The action and why, e.g. ``"ask: the evaluation is a warning and a warning needs a
        person's approval"``."""

@final
class Gate:
    """A gate written for another tool (k6 thresholds, a Keptn v2 ``AnalysisDefinition``, a
    Pitometer perfspec), scored exactly as that tool scores it."""

    @staticmethod
    def from_k6(options: Union[str, Mapping[str, Any]]) -> Gate:
        """Reads k6 thresholds: the options (JSON text or dict) or their ``thresholds``.
        Raises ``SloError`` for a definition k6 refuses."""
    @staticmethod
    def from_keptn2(text: str) -> Gate:
        """Reads a Keptn v2 ``AnalysisDefinition`` manifest (YAML text). Raises ``SloError``
        for a manifest the API server or metrics-operator's webhook refuses."""
    @staticmethod
    def from_perfspec(perfspec: Union[str, Mapping[str, Any]]) -> Gate:
        """Reads a Pitometer perfspec (JSON text or dict). Raises ``SloError`` where Pitometer
        would accept nonsense."""
    @property
    def format(self) -> Literal["k6", "keptn2", "pitometer"]:
        """The gate's format."""
    def evaluate(self, measurements: Union[str, Mapping[str, Any]]) -> Evaluation:
        """Evaluates with the format's measurements (dict or JSON text): a k6 summary, provider
        values by template name, or data points by indicator id. The result reads like an SLO's:
        each objective's ``explanation`` says why in the same words."""
    def tool_result(self, measurements: Union[str, Mapping[str, Any]]) -> Dict[str, Any]:
        """The tool's own result for the measurements: k6's ``ok``/``breached``/``abort``/
        ``thresholds``, metrics-operator's analysis status, Pitometer's run result."""
    def to_keptn(self) -> Dict[str, Any]:
        """The equivalent Keptn SLO: ``{"slo": str | None, "sli": str | None, "unexpressed":
        [str], "notes": [str]}``; ``slo`` is None unless the translation is exact."""

@final
class Evaluation:
    """The outcome of one evaluation, in Keptn's evaluation-finished shape."""

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> Evaluation:
        """Reads an evaluation from a dict in any form accepted as history."""
    @staticmethod
    def from_json(text: str) -> Evaluation:
        """Reads an evaluation from JSON text; see ``from_dict`` for the accepted forms."""
    @property
    def result(self) -> str:
        """``"pass"``, ``"warning"`` or ``"fail"``."""
    @property
    def status(self) -> str:
        """``"succeeded"``, or ``"errored"`` when the evaluation could not be carried out."""
    @property
    def score(self) -> float:
        """The total score, 0 to 100."""
    @property
    def passed(self) -> bool:
        """True only when the result is ``"pass"``."""
    def passes(self, *, allow_warning: bool = False) -> bool:
        """Whether the gate passes: a pass does, a warning only with ``allow_warning``."""
    def decide(
        self, policy: Optional[str] = None, *, allow_warning: bool = False, live: bool = False
    ) -> Decision:
        """The decision on this evaluation.

        With an approval ``policy`` (Keptn's ``approval`` task properties in the command-line
        form, e.g. ``"pass=automatic,warning=manual"``; a verdict left out is manual) a pass or
        warning is promoted when automatic and asked about when manual; without one, the plain
        gate promotes a pass (and a warning with ``allow_warning``). A fail is always held;
        ``live=True`` says the evaluated deployment already serves users, so a hold advises a
        rollback. A malformed policy raises :class:`SloError` (code ``invalid_approval``).
        """
    @property
    def message(self) -> str:
        """Why the result is what it is, in a sentence."""
    @property
    def id(self) -> Optional[str]:
        """The id this evaluation is stored under; ``None`` when not set."""
    @property
    def invalidated(self) -> bool:
        """True when this stored evaluation was invalidated; it is then never compared with."""
    @property
    def compared_events(self) -> List[str]:
        """Ids of the stored evaluations used as comparison basis, newest first."""
    @property
    def summary(self) -> str:
        """The verdict in one sentence, from the core: result, score, how many objectives got
        each status, and why, e.g. ``"warning with a score of 75 (1 passed, 1 warning): the
        score of 75 is below the pass threshold of 90 but reaches the warning threshold of 75"``."""
    @property
    def indicators(self) -> List[Indicator]:
        """One result per objective, in SLO order."""
    def with_id(self, id: str) -> Evaluation:
        """The same evaluation stored under ``id``."""
    def to_dict(self) -> Dict[str, Any]:
        """Keptn's evaluation JSON shape as a dict, with ``id`` when set. Accepted back as history."""
    def to_json(self, indent: Optional[int] = None) -> str:
        """Keptn's evaluation JSON shape as text (one line, or indented by ``indent`` spaces).

        Raises ``SloError`` (code ``indent_too_wide``) for an indentation wider than 16 spaces.
        """
    def raise_for_result(self, *, allow_warning: bool = False) -> None:
        """Raises ``slogate.GateFailed`` with ``slogate.explain(self)`` (the summary, then every
        objective that did not pass), unless the result is ``"pass"`` (or ``"warning"`` with
        ``allow_warning``)."""

@final
class Indicator:
    """The result of one objective."""

    @property
    def metric(self) -> Optional[str]:
        """The SLI name; ``None`` for an informational objective without a value."""
    @property
    def value(self) -> Optional[float]:
        """The measured value (0 when it could not be obtained); ``None`` without a value."""
    @property
    def compared_value(self) -> Optional[float]:
        """The aggregated previous value relative criteria were resolved against."""
    @property
    def success(self) -> Optional[bool]:
        """False when the value could not be obtained; ``None`` without a value."""
    @property
    def message(self) -> str:
        """The provider's message, or why the value is missing."""
    @property
    def status(self) -> str:
        """``"pass"``, ``"warning"``, ``"fail"`` or ``"info"``."""
    @property
    def score(self) -> float:
        """Weight earned: the weight on pass, half on warning, 0 otherwise."""
    @property
    def key_sli(self) -> bool:
        """Whether the objective is a key SLI, whose failure fails the gate."""
    @property
    def display_name(self) -> str:
        """The objective's ``displayName`` (empty when none)."""
    @property
    def pass_targets(self) -> List[Target]:
        """Every pass criterion, resolved, in order."""
    @property
    def warning_targets(self) -> List[Target]:
        """Every warning criterion, resolved, in order."""
    @property
    def baseline(self) -> Optional[Dict[str, Any]]:
        """``{"function", "value", "values"}`` of the baseline, or ``None``."""
    @property
    def explanation(self) -> str:
        """Why the objective got its status, in one line, from the core: the value, the status
        and why, then every criterion with the target it resolved to and how that target was
        derived (``"<=+10% violated (target 550 = the previous result (500) +10%)"``)."""
    def to_dict(self) -> Dict[str, Any]:
        """This result in Keptn's ``indicatorResults`` shape."""

@final
class Target:
    """One criterion of an objective, resolved to a number."""

    @property
    def criteria(self) -> str:
        """The criterion exactly as written in the SLO."""
    @property
    def target_value(self) -> float:
        """The number the value was compared with."""
    @property
    def violated(self) -> bool:
        """True when the value does not meet the criterion."""

@final
class Criterion:
    """One parsed criterion, such as ``<=+10%``."""

    def __new__(cls, text: str) -> Criterion:
        """Parses a criterion; raises ``SloError`` (code ``invalid_criterion``) when invalid."""
    @property
    def text(self) -> str:
        """The text exactly as written."""
    @property
    def operator(self) -> str:
        """``"<"``, ``"<="``, ``"="``, ``">="`` or ``">"``."""
    @property
    def kind(self) -> str:
        """``"fixed"``, ``"delta"`` or ``"percent"``."""
    @property
    def amount(self) -> float:
        """The fixed threshold, the signed delta or the signed percentage."""
    @property
    def is_relative(self) -> bool:
        """Whether the target depends on previous results."""
    def target(self, baseline: Optional[SupportsFloat] = None) -> Optional[float]:
        """The target the value is compared with, given the baseline."""
    def is_met(self, value: SupportsFloat, baseline: Optional[SupportsFloat] = None) -> bool:
        """Whether ``value`` meets the criterion given the baseline."""

@final
class Report:
    """A load-test report read by :func:`slogate.reports.read`."""

    @property
    def kind(self) -> str:
        """The report kind (``"locust"``)."""
    @property
    def file(self) -> str:
        """The file the report was read from."""
    @property
    def values(self) -> List[Dict[str, Any]]:
        """Its SLI values, as Keptn ``indicatorValues`` dicts in the documented metric names."""

def read_report(kind: str, path: Union[str, "os.PathLike[str]"]) -> Report:
    """Reads the load-test report file at ``path`` as a report of ``kind``."""

def locust_values(
    total: Mapping[str, Any], entries: Iterable[Mapping[str, Any]]
) -> List[Dict[str, Any]]:
    """Names a Locust run's statistics as SLI values (Keptn ``indicatorValues`` dicts)."""

def _panic_for_test() -> None:
    """Panics inside Rust on purpose; the panic arrives as ``RuntimeError``."""

def error_codes() -> List[str]:
    """The stable name of every code in the core's table, in order (the members of
    ``slogate.ErrorCode``)."""
def judge_canary_json(baseline: str, canary: str, options: str) -> str:
    """Judges a canary from JSON samples and options; returns the judgement as JSON text."""
def report(
    history: _History,
    slo: Optional[Slo] = None,
    last: Optional[int] = None,
    selected: Optional[str] = None,
    markdown: bool = False,
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
    returns the result columns. Used by
    :func:`slogate.fleet.evaluate_table`."""
