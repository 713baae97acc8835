"""The heatmap report as a person sees it, in a real headless Chromium.

The bundled example's history (``examples/history.jsonl``: four builds, one invalidated) is
copied into a temporary directory; the slow example build is recorded on top of it, then a
build on a second SLO version that drops ``cpu_usage``, adds ``memory_usage`` and fails on the
error rate. ``slogate report`` renders that history, chromedriver (started on loopback by
Selenium) opens the page, and every expectation below is read from the history file itself or
from ``slogate history show``'s own output, never written out by hand.

Run by ``scripts/test-report``, which provides ``SLOGATE_BIN``, ``CHROMIUM_BIN``,
``CHROMEDRIVER_BIN`` and ``REPORT_ARTIFACTS`` (where the screenshot is left).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
SLOGATE = os.environ.get("SLOGATE_BIN", str(ROOT / "target" / "debug" / "slogate"))
ARTIFACTS = Path(os.environ.get("REPORT_ARTIFACTS", str(ROOT / "target" / "report-browser")))

NETWORK = {"http", "https", "ws", "wss", "ftp"}

# What each status looks like: the cell's class and its symbol.
MARKS = {"pass": ("p", "✓"), "warning": ("w", "!"), "fail": ("f", "✗"), "info": ("i", "i")}


def slogate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SLOGATE, *args], capture_output=True, text=True, timeout=60, check=False
    )


def format_number(value: float) -> str:
    """The number as slogate prints it: three decimals from 1 up, four significant digits below."""
    if value == 0:
        return "0"
    decimals = 3 if abs(value) >= 1 else min(math.floor(-math.log10(abs(value))) + 4, 16)
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def second_slo_version() -> str:
    """The example SLO without ``cpu_usage`` and with a ``memory_usage`` objective."""
    text = (EXAMPLES / "slo.yaml").read_text()
    old = "  - sli: cpu_usage\n    displayName: CPU usage\n"
    assert old in text, "the example SLO no longer ends its objectives with cpu_usage"
    new = (
        "  - sli: memory_usage\n    displayName: Memory usage\n"
        "    pass:\n      - criteria: [\"<2048\"]\n"
    )
    return text.replace(old, new)


class Page:
    """The rendered report open in the browser, and what it was rendered from."""

    def __init__(self, driver: webdriver.Chrome, url: str, history: list[dict[str, Any]],
                 why: list[str], verdict: str) -> None:
        self.driver = driver
        self.url = url
        # Stored evaluations, oldest first, as the columns run.
        self.history = history
        # `slogate history show`'s explanation lines and verdict line for the newest build.
        self.why = why
        self.verdict = verdict

    def grid(self) -> dict[str, Any]:
        """Every header and cell with its classes, text, tooltip and computed style."""
        result: dict[str, Any] = self.driver.execute_script(
            """
            const look = (el) => {
              const s = getComputedStyle(el);
              return {cls: el.className, text: el.textContent, title: el.getAttribute('title'),
                      html: el.innerHTML, border: s.borderTopStyle, colour: s.borderTopColor,
                      decoration: s.textDecorationLine};
            };
            return {
              headers: [...document.querySelectorAll('thead th.col')].map(look),
              rows: [...document.querySelectorAll('tbody tr')].map((tr) => ({
                label: tr.querySelector('th').textContent,
                key: tr.querySelector('th').getAttribute('title'),
                cells: [...tr.querySelectorAll('td')].map(look),
              })),
            };
            """
        )
        return result


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    work = Path(tempfile.mkdtemp(prefix="slogate-report-"))
    driver = None
    try:
        history_file = work / "history.jsonl"
        shutil.copy(EXAMPLES / "history.jsonl", history_file)
        slow = slogate("eval", "--slo", str(EXAMPLES / "slo.yaml"),
                       "--sli", str(EXAMPLES / "sli-slow.json"), "--history", str(history_file),
                       "--record", "--id", "build-105", "--format", "table")
        assert slow.returncode == 1, slow.stderr
        slo_v2 = work / "slo-v2.yaml"
        slo_v2.write_text(second_slo_version())
        values = json.loads((EXAMPLES / "sli-good.json").read_text())
        del values["cpu_usage"]
        values["memory_usage"] = 1530
        values["error_rate"] = 0.025
        sli = work / "sli-106.json"
        sli.write_text(json.dumps(values))
        newest = slogate("eval", "--slo", str(slo_v2), "--sli", str(sli),
                         "--history", str(history_file), "--record", "--id", "build-106",
                         "--format", "table")
        assert newest.returncode == 1, newest.stderr
        shown = slogate("history", "--history", str(history_file), "show", "build-106",
                        "--format", "table")
        assert shown.returncode == 0, shown.stderr
        lines = shown.stdout.splitlines()
        why = [line[4:] for line in lines[lines.index("why:") + 1:] if line.startswith("  - ")]
        verdict = next(line for line in lines if line.startswith("verdict: "))[len("verdict: "):]

        html = work / "report.html"
        rendered = slogate("report", "--history", str(history_file), "--slo", str(slo_v2),
                           "--html", str(html))
        assert rendered.returncode == 0, rendered.stderr
        assert "wrote the heatmap of 6 evaluations" in rendered.stderr
        history = [json.loads(line) for line in history_file.read_text().splitlines() if line]

        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--window-size=1100,700",
                         f"--user-data-dir={work / 'profile'}"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        service = Service(
            executable_path=os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"),
            log_output=str(ARTIFACTS / "chromedriver.log"),
        )
        driver = webdriver.Chrome(options=options, service=service)
        driver.set_page_load_timeout(30)
        driver.set_script_timeout(30)
        url = html.as_uri()
        driver.get(url)
        yield Page(driver, url, history, why, verdict)
    finally:
        if driver is not None:
            driver.quit()
        shutil.rmtree(work, ignore_errors=True)


def test_one_cell_per_evaluation_and_sli(page: Page) -> None:
    grid = page.grid()
    ids = [entry["id"] for entry in page.history]
    assert len(ids) == 6
    assert [h["html"].split("</b>")[0] for h in grid["headers"]] == [
        f"<b><s>{i}</s>" if e["invalidated"] else f"<b>{i}" for i, e in zip(ids, page.history)
    ]
    # The score row, the second SLO version's objectives in its order, then the one only older
    # evaluations had.
    labels = [row["label"] for row in grid["rows"]]
    assert labels == ["Score", "Response time p50", "Response time p95", "Response time p99",
                      "Error rate", "Throughput", "Memory usage", "CPU usage"]
    for row in grid["rows"]:
        assert len(row["cells"]) == len(ids), row["label"]


def result_of(entry: dict[str, Any], sli: str) -> dict[str, Any] | None:
    for result in entry["evaluation"]["indicatorResults"]:
        if result["value"]["metric"] == sli:
            return result
    return None


def test_one_symbol_per_status_and_empty_cells_where_an_objective_was_absent(page: Page) -> None:
    grid = page.grid()
    seen = set()
    empty = 0
    for row in grid["rows"][1:]:
        for entry, cell in zip(page.history, row["cells"]):
            result = result_of(entry, row["key"])
            if result is None:
                # An objective this evaluation did not have: an empty cell, not a gap.
                assert cell["cls"].split()[0] == "e", (row["key"], entry["id"])
                assert cell["text"] == "" and cell["title"] is None
                empty += 1
                continue
            css, symbol = MARKS[result["status"]]
            assert cell["cls"].split()[0] == css, (row["key"], entry["id"])
            assert cell["text"] == symbol, (row["key"], entry["id"])
            seen.add(result["status"])
    # Memory usage is new in build-106, CPU usage gone from it.
    assert empty == 5 + 1
    assert seen == {"pass", "warning", "fail", "info"}
    for entry, cell in zip(page.history, grid["rows"][0]["cells"]):
        css, symbol = MARKS[entry["evaluation"]["result"]]
        assert cell["cls"].split()[0] == css
        assert cell["text"] == f"{symbol} {format_number(entry['evaluation']['score'])}"


def test_selected_column_is_solid_and_compared_columns_dashed(page: Page) -> None:
    grid = page.grid()
    newest = page.history[-1]
    compared = set(newest["evaluation"]["comparedEvents"])
    assert compared == {"build-104", "build-102", "build-101"}
    transparent = "rgba(0, 0, 0, 0)"
    for index, entry in enumerate(page.history):
        column = [grid["headers"][index]] + [row["cells"][index] for row in grid["rows"]]
        for cell in column:
            where = (entry["id"], cell["cls"])
            if entry is newest:
                assert cell["border"] == "solid" and cell["colour"] != transparent, where
            elif entry["id"] in compared:
                assert cell["border"] == "dashed" and cell["colour"] != transparent, where
            else:
                assert cell["colour"] == transparent, where


def test_invalidated_evaluations_are_struck_out(page: Page) -> None:
    grid = page.grid()
    invalidated = [e["invalidated"] for e in page.history]
    assert invalidated.count(True) == 1
    for index, struck in enumerate(invalidated):
        header = grid["headers"][index]
        assert ("<s>" in header["html"]) == struck
        for row in grid["rows"]:
            cell = row["cells"][index]
            assert ("line-through" in cell["decoration"]) == struck, (row["label"], index)


def test_tooltips_give_value_compared_value_targets_and_explanation(page: Page) -> None:
    grid = page.grid()
    newest = len(page.history) - 1
    explained = []
    for row in grid["rows"][1:]:
        for index, (entry, cell) in enumerate(zip(page.history, row["cells"])):
            result = result_of(entry, row["key"])
            if result is None:
                continue
            title = cell["title"]
            facts, *explanation = title.split("\n")
            where = (row["key"], entry["id"], title)
            assert facts.startswith(format_number(result["value"]["value"])), where
            assert f": {result['status']}" in facts, where
            compared = result["value"]["comparedValue"]
            if compared != 0:
                assert f" vs {format_number(compared)}:" in facts, where
            targets = (result["passTargets"] or []) + (result["warningTargets"] or [])
            for target in targets:
                assert target["criteria"] in facts, where
            violated = [t for t in targets if t["violated"]]
            assert facts.count("✗") == len(violated), where
            # Only the selected column adds the explanation, on a second line.
            if index == newest:
                explained.extend(explanation)
            else:
                assert explanation == [], where
    # The selected column's tooltips explain it as `slogate history show` does.
    assert explained == page.why
    score = grid["rows"][0]["cells"][newest]["title"]
    assert score == page.verdict


def test_chart_titles_name_every_evaluation_and_threshold(page: Page) -> None:
    titles = page.driver.execute_script(
        "return [...document.querySelectorAll('svg.chart title')].map((t) => t.textContent)"
    )
    points = [f"{e['id']}: {format_number(e['evaluation']['score'])}" for e in page.history]
    assert titles == ["pass threshold 90", "warning threshold 75", *points]


def test_the_page_makes_no_network_request(page: Page) -> None:
    # Requests are told apart by the document that made them: the browser's own start page
    # loads chrome:// and data: resources before the report is opened. Any request to the
    # network counts, whichever document made it.
    policy = page.driver.execute_script(
        "const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]');"
        "return m && m.content"
    )
    assert policy == "default-src 'none'; style-src 'unsafe-inline'"
    assert page.driver.execute_script(
        "return performance.getEntriesByType('resource').length"
    ) == 0
    requested = []
    for entry in page.driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            params = message["params"]
            url = params["request"]["url"]
            if params.get("documentURL") == page.url or url.split(":")[0] in NETWORK:
                requested.append(url)
    # The log sees the page's own load, and nothing else.
    assert requested == [page.url]


def test_screenshot(page: Page) -> None:
    # The window is fitted to the page's content, so the picture has no empty margin.
    page.driver.set_window_size(1600, 1200)
    width, height = page.driver.execute_script(
        "const boxes = [...document.body.children].map((e) => e.getBoundingClientRect());"
        "const spans = [...document.querySelectorAll('p.legend span')]"
        "  .map((e) => e.getBoundingClientRect());"
        "return [Math.ceil(Math.max(...boxes.filter((b) => b.height > 0 && b.width < 1500)"
        "  .map((b) => b.right), ...spans.map((b) => b.right))) + 16,"
        "  Math.ceil(Math.max(...boxes.map((b) => b.bottom))) + 16]"
    )
    inner_width, inner_height = page.driver.execute_script(
        "return [window.innerWidth, window.innerHeight]"
    )
    page.driver.set_window_size(1600 - inner_width + width, 1200 - inner_height + height)
    target = ARTIFACTS / "report.png"
    assert page.driver.save_screenshot(str(target))
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    print(f"screenshot: {target}")
