"""The public classes of slogate: thin Python views over the core's handles.

Each attribute reads a view the core computed (``slogate._slogate``); no rule is decided
here.
"""

from __future__ import annotations

import copy
import json
import os
from typing import (
    Any,
    Dict,
    Iterable,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    SupportsFloat,
    Union,
    cast,
    final,
)

from . import _convert
from ._errors import _warn
from ._slogate import (
    NativeCriterion,
    NativeEvaluation,
    NativeGate,
    NativeReport,
    NativeSlo,
    read_report,
)

__all__ = ["Slo", "Gate", "Evaluation", "Decision", "Indicator", "Target", "Criterion", "Report"]

# A mapping metric -> number, Keptn's get-sli data (a mapping with "indicatorValues"), or a
# list of Keptn indicatorValues dicts.
_Values = Union[Mapping[str, SupportsFloat], Mapping[str, Any], Sequence[Mapping[str, Any]]]
# One load-test report, or several to merge.
_Reports = Union["Report", Sequence["Report"]]
_History = Iterable[Union["Evaluation", Mapping[str, Any]]]


def _number_text(value: float) -> str:
    """A number as the core prints it: ``90`` rather than ``90.0``."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _no_constructor(cls: type) -> None:
    raise TypeError(f"No constructor defined for {cls.__name__}")


@final
class Slo:
    """A parsed, validated SLO definition (``slo.yaml``), reusable for any number of
    evaluations."""

    __slots__ = ("_native", "_view")
    __module__ = "slogate"
    _native: NativeSlo
    _view: Dict[str, Any]

    def __init__(self) -> None:
        _no_constructor(Slo)

    @classmethod
    def _wrap(cls, native: NativeSlo) -> "Slo":
        slo = object.__new__(cls)
        slo._native = native
        slo._view = native.view()
        return slo

    @staticmethod
    def from_yaml(text: str, *, strict: bool = False) -> "Slo":
        """Parses an SLO from YAML text. Raises ``SloError`` listing every problem of the
        document.

        An SLO with warnings (an unknown key, for one) is used as written and issues one
        ``slogate.SlogateWarning``; ``strict=True`` refuses it with ``SloError`` instead."""
        native = NativeSlo.parse(_convert.string(text, "text"), _convert.boolean(strict, "strict"))
        slo = Slo._wrap(native)
        if slo._view["warnings"]:
            _warn(slo.warnings, stacklevel=3)
        return slo

    @staticmethod
    def from_file(path: Union[str, "os.PathLike[str]"], *, strict: bool = False) -> "Slo":
        """Reads and parses an SLO file (UTF-8 YAML). Raises ``SloFileError`` (an
        ``OSError`` with code ``io_error``) when the file cannot be read and ``SloError``
        when it is not a valid SLO. Warnings and ``strict`` as for ``from_yaml``."""
        native = NativeSlo.read(_convert.path(path, "path"), _convert.boolean(strict, "strict"))
        slo = Slo._wrap(native)
        if slo._view["warnings"]:
            _warn(slo.warnings, stacklevel=3)
        return slo

    @property
    def warnings(self) -> List[Dict[str, Any]]:
        """What the SLO is used with as written but looks like a mistake (an unknown key, for
        one): dicts with ``code``, ``path``, ``line``, ``column`` and ``message``, in document
        order."""
        return copy.deepcopy(self._view["warnings"])

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
    ) -> "Evaluation":
        """Evaluates measured values against this SLO, comparing relative criteria with
        ``history`` (stored evaluations, newest first).

        ``values`` may also be a :class:`Report` from :func:`slogate.reports.read`, or a list
        of them, merged as the CLI merges ``--sli KIND:FILE``: each SLI is looked up where
        ``sli_map`` (the text of an ``sli.yaml``) says, or else by its own name in every
        report; a name two reports have is refused (code ``duplicate_indicator_value``).

        ``values`` is a mapping metric -> number, a list of Keptn ``indicatorValues`` dicts
        (``metric``, ``value``, ``success``, ``message``), or Keptn's get-sli data (a mapping
        with ``indicatorValues``). ``result`` (``"pass"``/``"warning"``/``"fail"``),
        ``status`` (``"succeeded"``/``"errored"``/``"aborted"``) and ``message`` are the SLI
        provider's. ``history`` entries are ``Evaluation`` objects or dicts in Keptn's
        evaluation shape (``to_dict()`` output, optionally with ``id`` and ``invalidated``,
        or ``{"id": ..., "data": {...}}``). ``id`` labels the new evaluation.
        """
        reports = _reports_in(values)
        given: Any
        if reports is not None:
            given = (reports, None if sli_map is None else _convert.string(sli_map, "sli_map"))
        else:
            words = [
                None if word is None else _convert.string(word, name)
                for word, name in ((result, "result"), (status, "status"), (message, "message"))
            ]
            given = (_convert.values(values), *words)
        entries = _convert.history(history, Evaluation)
        label = None if id is None else _convert.string(id, "id")
        return Evaluation._wrap(self._native.evaluate(given, entries, label))

    def check_metrics(self, values: _Values, source: str = "SLI values") -> None:
        """Raises ``SloError`` (code ``missing_metric``) when ``values`` lack a metric that
        one of the SLO's scored objectives measures; ``source`` names the values in the
        message."""
        given = (_convert.values(values), None, None, None)
        self._native.check_metrics(given, _convert.string(source, "source"))

    @property
    def source(self) -> str:
        """The SLO text as it was parsed."""
        return cast(str, self._view["source"])

    @property
    def slis(self) -> List[str]:
        """The SLI names of the objectives, in the order written."""
        return list(self._view["slis"])

    @property
    def objectives(self) -> List[Dict[str, Any]]:
        """The objectives as dicts: ``sli``, ``display_name``, ``weight``, ``key_sli``,
        ``pass`` and ``warning`` (lists of criteria lists, as written)."""
        return copy.deepcopy(self._view["objectives"])

    @property
    def pass_score(self) -> float:
        """The score (percent) at or above which the gate passes."""
        return cast(float, self._view["pass_score"])

    @property
    def warning_score(self) -> Optional[float]:
        """The score (percent) at or above which a gate that did not pass is a warning;
        ``None`` when the SLO sets no warning threshold."""
        return cast(Optional[float], self._view["warning_score"])

    def __repr__(self) -> str:
        count = len(self._view["objectives"])
        return f"<Slo objectives={count} pass={_number_text(self.pass_score)}%>"


def _definition(obj: Any, path: str) -> Any:
    """Text as is, anything else as JSON text."""
    return obj if isinstance(obj, str) else json.dumps(_convert.to_json(obj, path))


def _measurements(obj: Any) -> Any:
    return obj if isinstance(obj, str) else _convert.to_json(obj, "measurements")


@final
class Gate:
    """A gate written for another tool (k6 thresholds, a Keptn v2 ``AnalysisDefinition``, a
    Pitometer perfspec), scored exactly as that tool scores it."""

    __slots__ = ("_native", "_format")
    __module__ = "slogate"
    _native: NativeGate
    _format: Literal["k6", "keptn2", "pitometer"]

    def __init__(self) -> None:
        _no_constructor(Gate)

    @classmethod
    def _parse(cls, format: Literal["k6", "keptn2", "pitometer"], definition: Any) -> "Gate":
        gate = object.__new__(cls)
        gate._native = NativeGate.parse(format, _definition(definition, "definition"))
        gate._format = format
        return gate

    @staticmethod
    def from_k6(options: Union[str, Mapping[str, Any]]) -> "Gate":
        """Reads k6 thresholds: the options (JSON text or dict) or their ``thresholds``.
        Raises ``SloError`` for a definition k6 refuses."""
        return Gate._parse("k6", options)

    @staticmethod
    def from_keptn2(text: str) -> "Gate":
        """Reads a Keptn v2 ``AnalysisDefinition`` manifest (YAML text). Raises ``SloError``
        for a manifest the API server or metrics-operator's webhook refuses."""
        return Gate._parse("keptn2", text)

    @staticmethod
    def from_perfspec(perfspec: Union[str, Mapping[str, Any]]) -> "Gate":
        """Reads a Pitometer perfspec (JSON text or dict). Raises ``SloError`` where
        Pitometer would accept nonsense."""
        return Gate._parse("pitometer", perfspec)

    @property
    def format(self) -> Literal["k6", "keptn2", "pitometer"]:
        """The gate's format: ``"k6"``, ``"keptn2"`` or ``"pitometer"``."""
        return self._format

    def evaluate(self, measurements: Union[str, Mapping[str, Any]]) -> "Evaluation":
        """Evaluates with the format's measurements (dict or JSON text): a k6 summary,
        provider values by template name, or data points by indicator id. The result reads
        like an SLO's: each objective's ``explanation`` says why in the same words."""
        return Evaluation._wrap(self._native.evaluate(_measurements(measurements))[0])

    def tool_result(self, measurements: Union[str, Mapping[str, Any]]) -> Dict[str, Any]:
        """The tool's own result for the measurements: k6's ``ok``/``breached``/``abort``/
        ``thresholds``, metrics-operator's analysis status, Pitometer's run result."""
        return self._native.evaluate(_measurements(measurements))[1]

    def to_keptn(self) -> Dict[str, Any]:
        """The equivalent Keptn SLO: ``{"slo": str | None, "sli": str | None,
        "unexpressed": [str], "notes": [str]}``; ``slo`` is None unless the translation is
        exact."""
        return self._native.to_keptn()


@final
class Report:
    """A load-test report read from a file by :func:`slogate.reports.read`: pass one, or a
    list of several, to :meth:`Slo.evaluate`."""

    __slots__ = ("_native", "_kind", "_file")
    __module__ = "slogate"
    _native: NativeReport
    _kind: str
    _file: str

    def __init__(self) -> None:
        _no_constructor(Report)

    @staticmethod
    def _read(kind: str, path: Union[str, "os.PathLike[str]"]) -> "Report":
        report = object.__new__(Report)
        report._native = read_report(_convert.string(kind, "kind"), _convert.path(path, "path"))
        report._kind, report._file, _ = report._native.view()
        return report

    @property
    def kind(self) -> str:
        """The report kind (``"locust"``)."""
        return self._kind

    @property
    def file(self) -> str:
        """The file the report was read from."""
        return self._file

    @property
    def values(self) -> List[Dict[str, Any]]:
        """Its SLI values, as Keptn ``indicatorValues`` dicts in the documented metric
        names."""
        return self._native.view()[2]

    def __repr__(self) -> str:
        return f"Report(kind={_quoted(self.kind)}, file={_quoted(self.file)})"


def _reports_in(values: Any) -> Optional[List[NativeReport]]:
    """The reports ``values`` is or lists, if it is one or a non-empty list of them."""
    if isinstance(values, Report):
        return [values._native]
    if isinstance(values, list) and values and all(isinstance(v, Report) for v in values):
        return [v._native for v in values]
    return None


@final
class Decision:
    """What the pipeline does with an evaluation (see :meth:`Evaluation.decide`)."""

    __slots__ = ("_view",)
    __module__ = "slogate"
    _view: Dict[str, Any]

    def __init__(self) -> None:
        _no_constructor(Decision)

    @classmethod
    def _wrap(cls, view: Dict[str, Any]) -> "Decision":
        decision = object.__new__(cls)
        decision._view = view
        return decision

    @property
    def action(self) -> str:
        """``"promote"``, ``"ask"`` (a person must approve) or ``"hold"``."""
        return cast(str, self._view["action"])

    @property
    def rollback(self) -> bool:
        """True when the held deployment is already live and should be rolled back."""
        return cast(bool, self._view["rollback"])

    @property
    def exit_code(self) -> int:
        """The exit status that carries the decision: promote 0, hold 1, ask 3."""
        return cast(int, self._view["exitCode"])

    @property
    def explanation(self) -> str:
        """The action and why, e.g. ``"ask: the evaluation is a warning and a warning needs
        a person's approval"``."""
        return cast(str, self._view["explanation"])


@final
class Target:
    """One criterion of an objective, resolved to a number."""

    __slots__ = ("_view",)
    __module__ = "slogate"
    _view: Dict[str, Any]

    def __init__(self) -> None:
        _no_constructor(Target)

    @classmethod
    def _wrap(cls, view: Dict[str, Any]) -> "Target":
        target = object.__new__(cls)
        target._view = view
        return target

    @property
    def criteria(self) -> str:
        """The criterion exactly as written in the SLO."""
        return cast(str, self._view["criteria"])

    @property
    def target_value(self) -> float:
        """The number the value was compared with."""
        return cast(float, self._view["targetValue"])

    @property
    def violated(self) -> bool:
        """True when the value does not meet the criterion."""
        return cast(bool, self._view["violated"])

    def __repr__(self) -> str:
        return (
            f"<Target {_quoted(self.criteria)} target_value={_number_text(self.target_value)}"
            f" violated={self.violated}>"
        )


@final
class Indicator:
    """The result of one objective."""

    __slots__ = ("_view", "_evaluation", "_index")
    __module__ = "slogate"
    _view: Dict[str, Any]
    _evaluation: "Evaluation"
    _index: int

    def __init__(self) -> None:
        _no_constructor(Indicator)

    @classmethod
    def _wrap(cls, view: Dict[str, Any], evaluation: "Evaluation", index: int) -> "Indicator":
        indicator = object.__new__(cls)
        indicator._view = view
        indicator._evaluation = evaluation
        indicator._index = index
        return indicator

    @property
    def metric(self) -> Optional[str]:
        """The SLI name; ``None`` for an informational objective without a value."""
        return cast(Optional[str], self._view["metric"])

    @property
    def value(self) -> Optional[float]:
        """The measured value (0 when it could not be obtained); ``None`` without a value."""
        return cast(Optional[float], self._view["value"])

    @property
    def compared_value(self) -> Optional[float]:
        """The aggregated previous value relative criteria were resolved against (0 when
        there was none); ``None`` without a value."""
        return cast(Optional[float], self._view["comparedValue"])

    @property
    def success(self) -> Optional[bool]:
        """False when the value could not be obtained; ``None`` without a value."""
        return None if self._view["value"] is None else cast(bool, self._view["success"])

    @property
    def message(self) -> str:
        """The provider's message, or why the value is missing."""
        return cast(str, self._view["message"])

    @property
    def status(self) -> str:
        """``"pass"``, ``"warning"``, ``"fail"``, ``"info"`` or ``"inconclusive"``."""
        return cast(str, self._view["status"])

    @property
    def score(self) -> float:
        """Weight earned: the weight on pass, half on warning, 0 otherwise."""
        return cast(float, self._view["score"])

    @property
    def key_sli(self) -> bool:
        """Whether the objective is a key SLI, whose failure fails the gate."""
        return cast(bool, self._view["keySli"])

    @property
    def display_name(self) -> str:
        """The objective's ``displayName`` (empty when none)."""
        return cast(str, self._view["displayName"])

    @property
    def pass_targets(self) -> List[Target]:
        """Every pass criterion, resolved, in order."""
        return [Target._wrap(t) for t in self._view["passTargets"]]

    @property
    def warning_targets(self) -> List[Target]:
        """Every warning criterion, resolved, in order."""
        return [Target._wrap(t) for t in self._view["warningTargets"]]

    @property
    def baseline(self) -> Optional[Dict[str, Any]]:
        """The baseline relative criteria were resolved against, as a dict
        ``{"function": "avg", "value": 500.0, "values": 3}``; ``None`` without previous
        values (and for evaluations read back from dicts or JSON, which do not carry it)."""
        baseline = self._view["baseline"]
        return None if baseline is None else dict(baseline)

    @property
    def explanation(self) -> str:
        """Why the objective got its status, in one line, from the core: the value, the
        status and why, then every criterion with the target it resolved to and how that
        target was derived (``"<=+10% violated (target 550 = the previous result (500)
        +10%)"``)."""
        return cast(str, self._view["explanation"])

    def to_dict(self) -> Dict[str, Any]:
        """This result in Keptn's ``indicatorResults`` shape."""
        stored = self._evaluation.to_dict()
        return cast(Dict[str, Any], stored["evaluation"]["indicatorResults"][self._index])

    def __repr__(self) -> str:
        value = "None" if self.value is None else _number_text(self.value)
        return f"<Indicator {_quoted(self.metric or '')} status={_quoted(self.status)} value={value}>"


@final
class Evaluation:
    """The outcome of one evaluation, in Keptn's evaluation-finished shape."""

    __slots__ = ("_native", "_cached")
    __module__ = "slogate"
    _native: NativeEvaluation
    _cached: Optional[Dict[str, Any]]

    def __init__(self) -> None:
        _no_constructor(Evaluation)

    @classmethod
    def _wrap(cls, native: NativeEvaluation) -> "Evaluation":
        evaluation = object.__new__(cls)
        evaluation._native = native
        evaluation._cached = None
        return evaluation

    @property
    def _view(self) -> Dict[str, Any]:
        if self._cached is None:
            self._cached = self._native.view()
        return self._cached

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> "Evaluation":
        """Reads an evaluation from a dict in any form accepted as history: Keptn's
        evaluation shape (as ``to_dict()`` returns it, optionally with ``id``), or
        ``{"id": ..., "data": {...}}``."""
        return Evaluation._wrap(NativeEvaluation.decode(_convert.to_json(data, "data")))

    @staticmethod
    def from_json(text: str) -> "Evaluation":
        """Reads an evaluation from JSON text; see ``from_dict`` for the accepted forms."""
        return Evaluation._wrap(NativeEvaluation.decode(_convert.string(text, "text")))

    @property
    def result(self) -> str:
        """``"pass"``, ``"warning"`` or ``"fail"``."""
        return cast(str, self._view["result"])

    @property
    def status(self) -> str:
        """``"succeeded"``, or ``"errored"`` when the evaluation could not be carried out."""
        return cast(str, self._view["status"])

    @property
    def score(self) -> float:
        """The total score, 0 to 100."""
        return cast(float, self._view["score"])

    @property
    def passed(self) -> bool:
        """True only when the result is ``"pass"``."""
        return cast(bool, self._view["passed"])

    def passes(self, *, allow_warning: bool = False) -> bool:
        """Whether the gate passes: a pass does, a warning only with ``allow_warning``."""
        return self._native.passes(bool(allow_warning))

    def decide(
        self, policy: Optional[str] = None, *, allow_warning: bool = False, live: bool = False
    ) -> Decision:
        """The decision on this evaluation.

        With an approval ``policy`` (Keptn's ``approval`` task properties in the
        command-line form, e.g. ``"pass=automatic,warning=manual"``; a verdict left out is
        manual) a pass or warning is promoted when automatic and asked about when manual;
        without one, the plain gate promotes a pass (and a warning with ``allow_warning``).
        A fail is always held; ``live=True`` says the evaluated deployment already serves
        users, so a hold advises a rollback. A malformed policy raises :class:`SloError`
        (code ``invalid_approval``).
        """
        words = None if policy is None else _convert.string(policy, "policy")
        return Decision._wrap(self._native.decide(words, bool(allow_warning), bool(live)))

    @property
    def message(self) -> str:
        """Why the result is what it is, in a sentence."""
        return cast(str, self._view["message"])

    @property
    def id(self) -> Optional[str]:
        """The id this evaluation is stored under, listed in a later evaluation's
        ``compared_events`` when it serves as comparison basis; ``None`` when not set."""
        return self._native.label()[0]

    @property
    def invalidated(self) -> bool:
        """True when this stored evaluation was invalidated (read from a dict or JSON with
        ``"invalidated": true``): it is then never used as comparison basis."""
        return self._native.label()[1]

    @property
    def compared_events(self) -> List[str]:
        """Ids of the stored evaluations used as comparison basis, newest first."""
        return list(self._view["comparedEvents"])

    @property
    def summary(self) -> str:
        """The verdict in one sentence, from the core: result, score, how many objectives
        got each status, and why, e.g. ``"warning with a score of 75 (1 passed, 1 warning):
        the score of 75 is below the pass threshold of 90 but reaches the warning threshold
        of 75"``."""
        return cast(str, self._view["summary"])

    @property
    def indicators(self) -> List[Indicator]:
        """One result per objective, in SLO order."""
        return [Indicator._wrap(v, self, i) for i, v in enumerate(self._view["indicators"])]

    def with_id(self, id: str) -> "Evaluation":
        """The same evaluation stored under ``id``."""
        return Evaluation._wrap(self._native.with_id(_convert.string(id, "id")))

    def to_dict(self) -> Dict[str, Any]:
        """Keptn's evaluation JSON shape as a dict, with ``id`` when set and
        ``invalidated``. Accepted back as history and by ``from_dict``."""
        return self._native.to_dict()

    def to_json(self, indent: Optional[int] = None) -> str:
        """Keptn's evaluation JSON shape as text (one line, or indented by ``indent``
        spaces).

        Raises ``SloError`` (code ``indent_too_wide``) for an indentation wider than 16
        spaces.
        """
        return self._native.to_json(indent)

    def raise_for_result(self, *, allow_warning: bool = False) -> None:
        """Raises ``slogate.GateFailed`` with ``slogate.explain(self)`` (the summary, then
        every objective that did not pass), unless the result is ``"pass"`` (or
        ``"warning"`` with ``allow_warning``)."""
        from ._gate import assert_gate

        assert_gate(self, allow_warning=allow_warning)

    def __repr__(self) -> str:
        label = "" if self.id is None else f" id={_quoted(self.id)}"
        return (
            f"<Evaluation result={_quoted(self.result)} score={_number_text(self.score)}"
            f" indicators={len(self._view['indicators'])}{label}>"
        )


@final
class Criterion:
    """One parsed criterion, such as ``<=+10%``."""

    __slots__ = ("_native", "_view")
    __module__ = "slogate"
    _native: NativeCriterion
    _view: Dict[str, Any]

    def __init__(self, text: str) -> None:
        """Parses a criterion; raises ``SloError`` (code ``invalid_criterion``) when it is
        invalid."""
        self._native = NativeCriterion(_convert.string(text, "text"))
        self._view = self._native.view()

    @property
    def text(self) -> str:
        """The text exactly as written."""
        return cast(str, self._view["text"])

    @property
    def operator(self) -> str:
        """``"<"``, ``"<="``, ``"="``, ``">="`` or ``">"``."""
        return cast(str, self._view["operator"])

    @property
    def kind(self) -> str:
        """``"fixed"``, ``"delta"`` (relative by an amount) or ``"percent"`` (relative by a
        percentage)."""
        return cast(str, self._view["kind"])

    @property
    def amount(self) -> float:
        """The number: the fixed threshold, the signed delta or the signed percentage."""
        return cast(float, self._view["amount"])

    @property
    def is_relative(self) -> bool:
        """Whether the target depends on previous results."""
        return cast(bool, self._view["isRelative"])

    def target(self, baseline: Optional[SupportsFloat] = None) -> Optional[float]:
        """The target the value is compared with, given the baseline; ``None`` for a
        relative criterion without a baseline."""
        base = None if baseline is None else _convert.number(baseline, "baseline")
        return self._native.target(base)

    def is_met(self, value: SupportsFloat, baseline: Optional[SupportsFloat] = None) -> bool:
        """Whether ``value`` meets the criterion given the baseline (a relative criterion
        without a baseline is met)."""
        number = _convert.number(value, "value")
        base = None if baseline is None else _convert.number(baseline, "baseline")
        return self._native.is_met(number, base)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Criterion({_quoted(self.text)})"
