"""Gate a Locust run on an SLO.

Locust is an optional dependency: this module only reads attributes off Locust's statistics
objects (``environment.stats``), so importing it does not import Locust.

The numbers become SLI values under these names (the naming rule lives in the core crate,
``slogate::reports::locust``). The whole run (``stats.total``) gives:

- ``requests``: ``num_requests`` (count)
- ``failures``: ``num_failures`` (count)
- ``fail_ratio``: ``fail_ratio`` (0 to 1)
- ``rps``: ``total_rps`` (requests per second)
- ``fail_per_sec``: ``total_fail_per_sec`` (failures per second)
- ``response_time_avg``: ``avg_response_time`` (ms)
- ``response_time_min``: ``min_response_time`` (ms)
- ``response_time_max``: ``max_response_time`` (ms)
- ``response_time_median``: ``median_response_time`` (ms)
- ``response_time_p<N>``: ``get_response_time_percentile(N / 100)`` (ms)

``<N>`` is the percentile without trailing zeros: ``p50``, ``p95``, ``p99``, ``p99.9``,
``p100`` (by default the percentiles Locust itself reports, ``PERCENTILES_TO_REPORT``).
Each endpoint gives the same metrics prefixed with its name and a dot
(``/cart.response_time_p95``); when several methods share a name, the prefix is method and
name (``GET /cart.response_time_p95``). An entry that made no requests has no response
times: its ``response_time_*`` values are reported as not obtained, so objectives on them
fail rather than pass on a zero.

Or, with no code: ``import slogate.locust_plugin`` in the locustfile adds ``--slo FILE`` to
Locust's own command line (:func:`add_slo_option`).

Example locustfile::

    from locust import HttpUser, events, task
    import slogate, slogate.locust

    SLO = slogate.Slo.from_file("slo.yaml")
    slogate.locust.gate_on_quit(events, SLO)   # exit code 1 unless the gate passes
"""

from __future__ import annotations

import sys
from typing import (
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Mapping,
    Optional,
    Sequence,
    Union,
)

from ._api import Evaluation, Slo
from ._convert import to_json
from ._errors import SloTypeError
from ._slogate import EXIT_BAD_INPUT, locust_values
from ._gate import explain

__all__ = [
    "DEFAULT_PERCENTILES",
    "sli_values",
    "evaluate",
    "gate_on_quit",
    "add_slo_option",
]

#: The percentiles read when none are given and Locust's own list cannot be imported.
DEFAULT_PERCENTILES: Sequence[float] = (0.5, 0.66, 0.75, 0.8, 0.9, 0.95, 0.98, 0.99, 0.999, 0.9999, 1.0)


def _percentiles(percentiles: Optional[Iterable[float]]) -> List[float]:
    if percentiles is not None:
        return list(percentiles)
    locust_stats = sys.modules.get("locust.stats")
    reported = getattr(locust_stats, "PERCENTILES_TO_REPORT", None)
    return list(reported) if reported else list(DEFAULT_PERCENTILES)


def _entry(entry: Any, percentiles: List[float]) -> Dict[str, Any]:
    """Locust's ``StatsEntry`` attributes as data; the core decides what they mean."""
    return {
        "name": entry.name,
        "method": entry.method,
        "num_requests": entry.num_requests,
        "num_failures": entry.num_failures,
        "fail_ratio": entry.fail_ratio,
        "total_rps": entry.total_rps,
        "total_fail_per_sec": entry.total_fail_per_sec,
        "avg_response_time": entry.avg_response_time,
        "min_response_time": entry.min_response_time,
        "max_response_time": entry.max_response_time,
        "median_response_time": entry.median_response_time,
        "percentiles": [(p, entry.get_response_time_percentile(p)) for p in percentiles],
    }


def _stats(stats: Any) -> Any:
    if hasattr(stats, "total") and hasattr(stats, "entries"):
        return stats
    inner = getattr(stats, "stats", None)
    if inner is not None and hasattr(inner, "total"):
        return inner
    raise SloTypeError(
        "stats must be a Locust Environment or its RequestStats (environment.stats), "
        f"found {type(stats).__name__}"
    )


def sli_values(
    stats: Any, percentiles: Optional[Iterable[float]] = None
) -> List[Dict[str, Any]]:
    """The run's statistics as SLI values, named as this module's documentation lists.

    ``stats`` is a Locust ``Environment`` or its ``RequestStats`` (``environment.stats``).
    ``percentiles`` are fractions (``0.95``); by default Locust's ``PERCENTILES_TO_REPORT``.
    Returns Keptn ``indicatorValues`` dicts (``metric``, ``value``, ``success``,
    ``message``), accepted as ``values`` by :meth:`slogate.Slo.evaluate`.
    """
    stats = _stats(stats)
    wanted = _percentiles(percentiles)
    entries = stats.entries.values() if isinstance(stats.entries, Mapping) else stats.entries
    data = {"total": _entry(stats.total, wanted), "entries": [_entry(e, wanted) for e in entries]}
    return locust_values(to_json(data, "stats"))


def evaluate(
    slo: Slo,
    stats: Any,
    history: Optional[Iterable[Union[Evaluation, Mapping[str, Any]]]] = None,
    *,
    percentiles: Optional[Iterable[float]] = None,
    id: Optional[str] = None,
) -> Evaluation:
    """Evaluates a Locust run against ``slo``.

    Raises :class:`slogate.SloError` with code ``missing_metric`` when the SLO scores a
    metric the run does not have (a misspelt name, or an endpoint that was never called),
    so a typo is refused rather than silently failed.
    """
    values = sli_values(stats, percentiles)
    slo.check_metrics(values, "Locust statistics")
    return slo.evaluate(values, history, id=id)


def gate_on_quit(
    events: Any,
    slo: Slo,
    history: Optional[Callable[[], Iterable[Union[Evaluation, Mapping[str, Any]]]]] = None,
    *,
    allow_warning: bool = False,
    on_result: Optional[Callable[[Evaluation], None]] = None,
    percentiles: Optional[Iterable[float]] = None,
) -> None:
    """Evaluates ``slo`` when Locust quits and sets the process exit code from the verdict.

    ``events`` is ``locust.events`` (or ``environment.events``). On quit the run is
    evaluated; the exit code becomes 0 when the gate passes (or warns, with
    ``allow_warning``) and 1 otherwise, and the explanation is printed to stderr.
    ``history`` is called on quit for the stored evaluations (newest first); ``on_result``
    receives the evaluation, to store it for the next run. A refused SLO or run
    (:class:`slogate.SloError`) is printed and sets exit code 2.
    """
    from ._errors import SloError

    def _on_quitting(environment: Any, **_kwargs: Any) -> None:
        try:
            evaluation = evaluate(
                slo,
                environment.stats,
                history() if history is not None else None,
                percentiles=percentiles,
            )
        except SloError as err:
            print(f"slogate: the quality gate could not be evaluated: {err}", file=sys.stderr)
            environment.process_exit_code = EXIT_BAD_INPUT
            return
        print(explain(evaluation), file=sys.stderr)
        environment.process_exit_code = evaluation.decide(allow_warning=allow_warning).exit_code
        if on_result is not None:
            on_result(evaluation)

    events.quitting.add_listener(_on_quitting)


def add_slo_option(events: Any) -> None:
    """Adds ``--slo FILE`` and ``--slo-fail-on fail|warning`` to Locust's command line
    (``events`` is ``locust.events``); with ``--slo`` the run is gated as by
    :func:`gate_on_quit`. :mod:`slogate.locust_plugin` calls this on import."""

    def _add_options(parser: Any, **_kwargs: Any) -> None:
        parser.add_argument("--slo", metavar="FILE", default="", help="the SLO (slo.yaml): the exit code becomes its verdict")
        parser.add_argument(
            "--slo-fail-on",
            choices=["fail", "warning"],
            default="fail",
            help="the lowest verdict that fails the run (default: fail; a warning passes)",
        )

    def _on_init(environment: Any, **_kwargs: Any) -> None:
        options = environment.parsed_options
        path = getattr(options, "slo", "") if options is not None else ""
        if not path:
            return
        from ._errors import SloError

        try:
            slo = Slo.from_file(path)
        except (SloError, OSError) as err:
            message = f"slogate: the SLO {path} could not be read: {err}"

            def _refuse(environment: Any, **_kwargs: Any) -> None:
                print(message, file=sys.stderr)
                environment.process_exit_code = EXIT_BAD_INPUT

            environment.events.quitting.add_listener(_refuse)
            return
        gate_on_quit(environment.events, slo, allow_warning=options.slo_fail_on == "fail")

    events.init_command_line_parser.add_listener(_add_options)
    events.init.add_listener(_on_init)
