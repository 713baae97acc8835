"""The Locust helper against real Locust statistics objects, and the example locustfile run
headless against a local HTTP server."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

# Statistics objects need no gevent; keep the rest of the test session unpatched.
os.environ.setdefault("LOCUST_SKIP_MONKEY_PATCH", "1")

from locust.env import Environment  # noqa: E402
from locust.stats import PERCENTILES_TO_REPORT, RequestStats  # noqa: E402

import slogate  # noqa: E402
import slogate.locust  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run_stats() -> RequestStats:
    stats = RequestStats()
    for ms in range(10, 210, 10):  # 20 requests of 10..200 ms
        stats.log_request("GET", "/cart", ms, 512)
    for ms in (300, 400, 500, 600):
        stats.log_request("POST", "/checkout", ms, 64)
    stats.log_error("POST", "/checkout", "HTTP 500")
    stats.log_request("GET", "/checkout", 50, 10)
    return stats


def values_by_metric(values: List[Dict[str, Any]]) -> Dict[str, Dict[str, Any]]:
    return {v["metric"]: v for v in values}


def test_total_metrics_come_from_locusts_own_numbers() -> None:
    stats = run_stats()
    values = values_by_metric(slogate.locust.sli_values(stats))
    total = stats.total
    assert values["requests"]["value"] == total.num_requests == 25
    assert values["failures"]["value"] == total.num_failures == 1
    assert values["fail_ratio"]["value"] == pytest.approx(total.fail_ratio)
    assert values["rps"]["value"] == pytest.approx(total.total_rps)
    assert values["fail_per_sec"]["value"] == pytest.approx(total.total_fail_per_sec)
    assert values["response_time_avg"]["value"] == pytest.approx(total.avg_response_time)
    assert values["response_time_min"]["value"] == total.min_response_time == 10
    assert values["response_time_max"]["value"] == total.max_response_time == 600
    assert values["response_time_median"]["value"] == total.median_response_time
    for fraction, name in ((0.5, "p50"), (0.95, "p95"), (0.999, "p99.9"), (1.0, "p100")):
        assert fraction in PERCENTILES_TO_REPORT
        metric = values[f"response_time_{name}"]
        assert metric["value"] == total.get_response_time_percentile(fraction)
        assert metric["success"] is True
    assert len([m for m in values if m.startswith("response_time_p")]) == len(PERCENTILES_TO_REPORT)


def test_endpoint_metrics_are_prefixed_by_name_or_method_and_name() -> None:
    stats = run_stats()
    values = values_by_metric(slogate.locust.sli_values(stats, percentiles=[0.9]))
    cart = stats.entries[("/cart", "GET")]
    assert values["/cart.requests"]["value"] == 20
    assert values["/cart.response_time_p90"]["value"] == cart.get_response_time_percentile(0.9)
    # /checkout is used with two methods, so each is prefixed with its method.
    assert "/checkout.requests" not in values
    assert values["POST /checkout.requests"]["value"] == 4
    assert values["POST /checkout.failures"]["value"] == 1
    assert values["GET /checkout.requests"]["value"] == 1
    assert "response_time_p95" not in values  # only the percentiles asked for


def test_an_environment_is_accepted_and_an_idle_endpoint_has_no_times() -> None:
    env = Environment()
    env.stats.log_request("GET", "/", 20, 1)
    env.stats.get("/idle", "GET")  # an endpoint that was never called
    values = values_by_metric(slogate.locust.sli_values(env))
    assert values["/.requests"]["value"] == 1
    idle = values["/idle.response_time_p95"]
    assert idle["success"] is False and "no requests" in idle["message"]
    assert values["/idle.requests"] == {"metric": "/idle.requests", "value": 0.0, "success": True, "message": ""}
    with pytest.raises(TypeError, match="stats must be a Locust Environment or its RequestStats"):
        slogate.locust.sli_values(object())


def test_evaluate_scores_a_run_and_refuses_unknown_metrics() -> None:
    stats = run_stats()
    slo = slogate.Slo.from_yaml(
        "objectives:\n"
        "  - sli: fail_ratio\n    key_sli: true\n    pass: [{criteria: ['<=0.05']}]\n"
        "  - sli: /cart.response_time_p95\n    pass: [{criteria: ['<=200']}]\n"
        "  - sli: POST /checkout.response_time_p95\n    pass: [{criteria: ['<500']}]\n"
        "total_score: {pass: 90%, warning: 60%}\n"
    )
    ev = slogate.locust.evaluate(slo, stats, id="run-1")
    assert [i.status for i in ev.indicators] == ["pass", "pass", "fail"]
    assert ev.result == "warning" and ev.id == "run-1"
    with pytest.raises(slogate.GateFailed) as failed:
        slogate.assert_gate(ev)
    assert str(failed.value).splitlines()[1:] == [
        "objectives that did not pass:",
        "  - POST /checkout.response_time_p95 = 600: fail (the pass criteria are not met: <500 "
        "is violated and there are no warning criteria); pass: <500 violated (fixed target 500)",
    ]

    typo = slogate.Slo.from_yaml("objectives:\n  - sli: /carts.requests\n    pass: [{criteria: ['>0']}]\ntotal_score: {pass: 90%}\n")
    with pytest.raises(slogate.SloError) as info:
        slogate.locust.evaluate(typo, stats)
    assert info.value.code == "missing_metric"
    assert "Locust statistics has no metric '/carts.requests'" in str(info.value)


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._reply(200)

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._reply(500 if self.server.fail_checkout else 200)  # type: ignore[attr-defined]

    def _reply(self, status: int) -> None:
        body = b"ok"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def service() -> Iterator[http.server.ThreadingHTTPServer]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.fail_checkout = False  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def run_locustfile(server: http.server.ThreadingHTTPServer, history: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LOCUST_SKIP_MONKEY_PATCH"}
    env.update(SLOGATE_SLO=str(EXAMPLES / "slo.yaml"), SLOGATE_HISTORY=str(history))
    host = f"http://127.0.0.1:{server.server_address[1]}"
    return subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(EXAMPLES / "locustfile.py"), "--headless",
         "-u", "4", "-r", "4", "-t", "5s", "--host", host, "--only-summary", "--loglevel", "WARNING"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def test_the_example_locustfile_sets_the_exit_code(
    service: http.server.ThreadingHTTPServer, tmp_path: Path
) -> None:
    history = tmp_path / "history.json"
    passing = run_locustfile(service, history)
    assert passing.returncode == 0, passing.stderr
    assert "quality gate: pass with a score of 100" in passing.stderr
    stored = json.loads(history.read_text())
    assert len(stored) == 1 and stored[0]["result"] == "pass" and stored[0]["id"].startswith("locust-")

    service.fail_checkout = True  # type: ignore[attr-defined]
    failing = run_locustfile(service, history)
    assert failing.returncode == 1, failing.stderr
    assert "quality gate: fail with a score of " in failing.stderr
    assert "key SLI 'fail_ratio' failed, which fails the gate" in failing.stderr
    assert "  - fail_ratio = " in failing.stderr
    assert "as a key SLI this fails the gate); pass: <=0.01 violated (fixed target 0.01)" in failing.stderr
    stored = json.loads(history.read_text())
    assert [e["result"] for e in stored] == ["fail", "pass"]
    # The second run compared its cart p95 with the first, stored run.
    assert stored[0]["evaluation"]["comparedEvents"] == [stored[1]["id"]]


PLUGIN_LOCUSTFILE = '''
from locust import HttpUser, constant, task

import slogate.locust_plugin  # noqa: F401


class Shopper(HttpUser):
    wait_time = constant(0.05)

    @task
    def checkout(self) -> None:
        self.client.post("/checkout")
'''

PLUGIN_SLO = """objectives:
  - sli: fail_ratio
    key_sli: true
    pass: [{criteria: ['<=0.01']}]
  - sli: requests
    pass: [{criteria: ['>0']}]
total_score: {pass: 90%}
"""


def run_with_slo(server: http.server.ThreadingHTTPServer, workdir: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LOCUST_SKIP_MONKEY_PATCH"}
    host = f"http://127.0.0.1:{server.server_address[1]}"
    return subprocess.run(
        [sys.executable, "-m", "locust", "-f", "locustfile.py", "--headless", "-u", "2", "-r", "2",
         "-t", "3s", "--host", host, "--only-summary", "--loglevel", "WARNING", *options],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def test_the_plugin_adds_slo_to_locusts_command_line_and_sets_the_exit_code(
    service: http.server.ThreadingHTTPServer, tmp_path: Path
) -> None:
    (tmp_path / "locustfile.py").write_text(PLUGIN_LOCUSTFILE)
    (tmp_path / "slo.yaml").write_text(PLUGIN_SLO)
    passing = run_with_slo(service, tmp_path, "--slo", "slo.yaml")
    assert passing.returncode == 0, passing.stderr
    assert "quality gate: pass with a score of 100" in passing.stderr

    service.fail_checkout = True  # type: ignore[attr-defined]
    failing = run_with_slo(service, tmp_path, "--slo", "slo.yaml")
    assert failing.returncode == 1, failing.stderr
    assert "key SLI 'fail_ratio' failed, which fails the gate" in failing.stderr
    assert "  - fail_ratio = 1: fail" in failing.stderr

    refused = run_with_slo(service, tmp_path, "--slo", "missing.yaml", "-t", "1s")
    assert refused.returncode == 2, refused.stderr
    assert "slogate: the SLO missing.yaml could not be read: " in refused.stderr
