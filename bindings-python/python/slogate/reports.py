"""Load-test reports read from files, to evaluate one or several runs together.

::

    import slogate, slogate.reports

    locust = slogate.reports.read("locust", "out_stats.csv")
    artillery = slogate.reports.read("artillery", "report.json")
    ev = slo.evaluate([locust, artillery], sli_map=open("sli.yaml").read())

Kinds: ``k6`` (``handleSummary`` data or ``--summary-export``), ``autocannon``, ``artillery``,
``locust`` (``--csv`` stats or ``--json`` output), ``jmeter`` (CSV results or the dashboard's
``statistics.json``), ``gatling`` (``js/stats.json``). Each reader names its tool's numbers as
the tool does and also by the shared names ``http_req_duration.<stat>``, ``requests``,
``error_rate``, ``throughput`` and per endpoint ``GET /cart.p95`` (the core crate's
``slogate::reports`` modules list them, with their gaps).

:meth:`slogate.Slo.evaluate` takes one :class:`Report` or a list of them. An SLI is looked up
where ``sli_map`` (an ``sli.yaml`` in Keptn's shape: ``indicators: {p95: "locust:GET
/cart.p95"}``) says, or else by its own name in every report; a name two reports have is
refused with code ``duplicate_indicator_value``, naming both. Each value's source (kind, file,
metric) is in the evaluation's ``to_dict()``, under ``value.source``.
"""

from __future__ import annotations

import os
from typing import Union

from ._api import Report

__all__ = ["Report", "read"]


def read(kind: str, path: Union[str, "os.PathLike[str]"]) -> Report:
    """Reads the report file at ``path`` as a report of ``kind``.

    Raises :class:`slogate.SloFileError` when the file cannot be read and
    :class:`slogate.SloError` when the kind is unknown, the file is larger than the input
    limit, or it is not that tool's report (with the line and column where known).
    """
    return Report._read(kind, path)
