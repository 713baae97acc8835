"""A Locust load test gated by an SLO: the process exit code is the verdict.

Run it headless against a service::

    SLOGATE_SLO=slo.yaml SLOGATE_HISTORY=gate-history.json \\
        locust -f locustfile.py --headless -u 10 -r 10 -t 30s --host http://127.0.0.1:8080

When Locust quits, the run's statistics are evaluated against the SLO, the explanation is
printed, and the exit code becomes 0 (pass), 1 (warning or fail) or 2 (the SLO or the run was
refused, e.g. the SLO names a metric the run does not have). With ``SLOGATE_HISTORY`` the
evaluation is appended to a JSON file, newest first, and serves as history for relative
criteria (``<=+20%``) in the next run.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any, Dict, List

from locust import HttpUser, between, events, task

import slogate
import slogate.locust

SLO = slogate.Slo.from_file(os.environ.get("SLOGATE_SLO", str(Path(__file__).with_name("slo.yaml"))))
HISTORY = os.environ.get("SLOGATE_HISTORY")


def load_history() -> List[Dict[str, Any]]:
    """Stored evaluations, newest first."""
    if not HISTORY or not Path(HISTORY).exists():
        return []
    stored: List[Dict[str, Any]] = json.loads(Path(HISTORY).read_text(encoding="utf-8"))
    return stored


def store(evaluation: slogate.Evaluation) -> None:
    """Keeps the evaluation, under a time-based id, for the next run's comparison."""
    if HISTORY:
        entry = evaluation.with_id(f"locust-{time.time_ns()}").to_dict()
        history = [entry, *load_history()][:50]
        Path(HISTORY).write_text(json.dumps(history), encoding="utf-8")


slogate.locust.gate_on_quit(events, SLO, history=load_history, on_result=store)


class Shopper(HttpUser):
    """Browses the cart and sometimes checks out."""

    wait_time = between(0.01, 0.05)

    @task(3)
    def cart(self) -> None:
        self.client.get("/cart")

    @task
    def checkout(self) -> None:
        self.client.post("/checkout", json={"items": 1})
