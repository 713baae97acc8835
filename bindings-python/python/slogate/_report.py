"""The heatmap report: stored evaluations side by side, one column each, one row per SLI."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Union

from . import _convert
from ._api import Evaluation, Slo
from ._slogate import heatmap

History = Iterable[Union[Evaluation, Mapping[str, Any]]]


def report_html(
    history: History,
    slo: Optional[Slo] = None,
    *,
    last: Optional[int] = None,
    selected: Optional[str] = None,
) -> str:
    """Writes the heatmap of ``history`` as one self-contained HTML page (inline CSS and SVG,
    nothing loaded from elsewhere), the page ``slogate report --html`` writes.

    ``history`` lists stored evaluations newest first: :class:`Evaluation` objects (with an
    ``id`` from :meth:`Evaluation.with_id`) or dicts of the stored shape, such as the lines of
    a ``history.jsonl`` file read in reverse. Columns run oldest to newest, the total score on
    top, then one row per SLI (``slo``'s objectives first, in its order, with its score
    thresholds drawn on the chart). Each cell is coloured by status and marked by a symbol,
    with a tooltip giving the value, the compared value and the targets. ``last`` keeps only
    the newest evaluations; ``selected`` is the id of the evaluation to highlight (default: the
    newest), whose comparison basis is drawn dashed. Raises :class:`slogate.SloError` for a
    malformed stored evaluation or a ``selected`` id that is not shown.
    """
    return _heatmap(history, slo, last, selected, False)


def report_markdown(
    history: History,
    slo: Optional[Slo] = None,
    *,
    last: Optional[int] = None,
    selected: Optional[str] = None,
) -> str:
    """Writes the compact Markdown heatmap of ``history`` for a pull-request comment or a CI
    job summary: one row per SLI, one symbol per evaluation, the score on top. The arguments
    are those of :func:`report_html`.
    """
    return _heatmap(history, slo, last, selected, True)


def _heatmap(
    history: History, slo: Optional[Slo], last: Optional[int], selected: Optional[str], markdown: bool
) -> str:
    if slo is not None and not isinstance(slo, Slo):
        _convert.wrong("slo", "a slogate.Slo", slo)
    entries = _convert.history(history, Evaluation)
    native = None if slo is None else slo._native
    return heatmap(entries, native, last, selected, markdown)
