"""slogate: quality-gate scoring for test harnesses.

Parse a Keptn-style SLO once, evaluate measured SLI values against it, and gate a build on
the verdict::

    import slogate

    slo = slogate.Slo.from_yaml(text)
    ev = slo.evaluate({"response_time_p95": 412.0, "error_rate": 0.0}, history=[previous])
    slogate.assert_gate(ev)        # fails a test with an explanation unless ev.passed

Every rule lives in the Rust core; this package converts Python values and errors.
Errors are :class:`SloError` (a ``ValueError``) with a stable ``code`` from :class:`ErrorCode`;
wrong Python types raise :class:`SloTypeError` (also a ``TypeError``), unreadable files
:class:`SloFileError` (also an ``OSError``).
Report files are read by :mod:`slogate.reports`; the Locust helper is :mod:`slogate.locust`
(``import slogate.locust_plugin`` adds ``--slo`` to Locust's command line), and installing the
package registers a pytest plugin (``--slo``, the ``slo_gate`` fixture); :func:`canary` judges
a canary against a baseline; :func:`report_html` and :func:`report_markdown` show a history as
a heatmap.
"""

from . import reports
from ._canary import canary
from ._errors import ErrorCode, GateFailed, SloError, SloFileError, SlogateWarning, SloTypeError
from ._gate import assert_gate, explain
from ._report import report_html, report_markdown
from ._api import Criterion, Decision, Evaluation, Gate, Indicator, Slo, Target
from ._slogate import EXIT_BAD_INPUT, __version__

__all__ = [
    "Slo",
    "Gate",
    "Evaluation",
    "Decision",
    "EXIT_BAD_INPUT",
    "Indicator",
    "Target",
    "Criterion",
    "SloError",
    "SloTypeError",
    "SloFileError",
    "SlogateWarning",
    "ErrorCode",
    "GateFailed",
    "assert_gate",
    "explain",
    "canary",
    "report_html",
    "report_markdown",
    "reports",
    "__version__",
]
