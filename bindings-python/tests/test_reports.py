"""slogate.reports.read and Slo.evaluate over several reports, on the core's report fixtures."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

import slogate
import slogate.reports

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "core" / "tests" / "fixtures" / "reports"
RUNNERS = REPO / "examples" / "runners"


def test_read_gives_a_report_with_its_kind_file_and_values() -> None:
    path = FIXTURES / "locust_stats.csv"
    report = slogate.reports.read("locust", path)
    assert isinstance(report, slogate.reports.Report)
    assert (report.kind, report.file) == ("locust", str(path))
    values = {v["metric"]: v["value"] for v in report.values}
    rows = {(r["Type"], r["Name"]): r for r in csv.DictReader(path.open())}
    assert values["GET /cart.p95"] == float(rows[("GET", "/cart")]["95%"])
    assert values["http_req_duration.p95"] == float(rows[("", "Aggregated")]["95%"])
    assert repr(report) == f'Report(kind="locust", file="{path}")'
    k6 = slogate.reports.read("k6", str(FIXTURES / "k6-handle-summary.json"))
    data = json.loads((FIXTURES / "k6-handle-summary.json").read_text())
    assert {v["metric"]: v["value"] for v in k6.values}["http_req_duration.p95"] == data["metrics"]["http_req_duration"]["values"]["p(95)"]


def test_read_refuses_a_missing_file_an_unknown_kind_and_a_malformed_report(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.json"
    with pytest.raises(slogate.SloFileError) as info:
        slogate.reports.read("k6", missing)
    assert isinstance(info.value, FileNotFoundError) and info.value.code == "io_error"
    assert str(info.value) == f"cannot read the report '{missing}': no such file or directory"
    with pytest.raises(slogate.SloError) as unknown:
        slogate.reports.read("wrk", missing)
    assert "unknown report kind 'wrk'; expected one of k6, autocannon, artillery, locust, jmeter, gatling" in str(unknown.value)
    broken = tmp_path / "broken.json"
    broken.write_text('{"metrics": ')
    with pytest.raises(slogate.SloError) as malformed:
        slogate.reports.read("k6", broken)
    assert malformed.value.code == "invalid_json" and malformed.value.line == 1


def test_evaluate_merges_reports_through_an_sli_map_and_records_each_source() -> None:
    slo = slogate.Slo.from_file(RUNNERS / "slo.yaml")
    sli_map = (RUNNERS / "sli.yaml").read_text()
    locust = slogate.reports.read("locust", FIXTURES / "locust_stats.csv")
    artillery = slogate.reports.read("artillery", FIXTURES / "artillery-run.json")
    ev = slo.evaluate([locust, artillery], sli_map=sli_map)
    results = ev.to_dict()["evaluation"]["indicatorResults"]
    assert [r["value"]["value"] for r in results] == [57.0, 41.0, 5 / 60, 32.0]
    assert results[1]["value"]["source"] == {"kind": "locust", "file": locust.file, "metric": "GET /cart.p95"}
    assert results[2]["value"]["source"] == {"kind": "artillery", "file": artillery.file, "metric": "error_rate"}
    # Without the map a name both reports have is refused, naming both.
    with pytest.raises(slogate.SloError) as info:
        slo.evaluate([locust, artillery])
    duplicate = [p for p in info.value.errors() if p["code"] == "duplicate_indicator_value"]
    assert duplicate[0]["path"] == "objectives[2].sli"
    assert re.match(r"'error_rate' is in both the Locust statistics '.+' and the Artillery report '.+'; map it to one", duplicate[0]["message"])
    # One report needs no list.
    k6 = slogate.reports.read("k6", RUNNERS / "k6-summary.json")
    assert slogate.Slo.from_file(RUNNERS / "k6-slo.yaml").evaluate(k6).result == "pass"
    with pytest.raises(slogate.SloError) as bad_map:
        slo.evaluate([locust, artillery], sli_map="indicators: [")
    assert bad_map.value.code == "invalid_yaml"
