"""Adds ``--slo FILE`` to Locust's own command line: import this module in a locustfile.

::

    import slogate.locust_plugin  # noqa: F401  (adds --slo and --slo-fail-on to locust)

then ``locust -f locustfile.py --headless ... --slo slo.yaml``: when Locust quits, the run's
statistics (named as :mod:`slogate.locust` lists) are evaluated against the SLO, the
explanation is printed to stderr, and the process exit code becomes the verdict's: 0 when the
gate passes (or warns, unless ``--slo-fail-on warning``), 1 otherwise, 2 when the SLO or the
run is refused. Without ``--slo`` Locust runs as it always does.
"""

from __future__ import annotations

from locust import events

from .locust import add_slo_option

add_slo_option(events)
