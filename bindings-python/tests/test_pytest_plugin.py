"""The pytest plugin (entry point ``pytest11``), run in pytest's own test harness."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"

pytest_plugins = ["pytester"]

SLO = """
objectives:
  - sli: p95
    pass: [{criteria: ['<500']}]
    warning: [{criteria: ['<=800']}]
total_score: {pass: 90%, warning: 50%}
"""

TESTS = """
def test_fast(slo_gate):
    assert slo_gate({"p95": 412}).result == "pass"

def test_slow(slo_gate):
    slo_gate({"p95": 900})

def test_warns(slo_gate):
    assert slo_gate({"p95": 700}).result == "warning"
"""


def test_the_fixture_fails_a_test_with_the_explanation_and_records_each_evaluation(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(".yaml", slo=SLO)
    pytester.makepyfile(TESTS)
    result = pytester.runpytest("--slo", "slo.yaml", "--slo-history", "history.jsonl")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines([
        "*test_slow*",
        "quality gate: fail with a score of 0 (1 failed): the score of 0 is below the warning threshold of 50",
        "objectives that did not pass:",
        "  - p95 = 900: fail (neither the pass nor the warning criteria are met: <500 is violated)*",
    ])
    # The failure shows the explanation, not the plugin's frames.
    assert "pytest_plugin.py" not in result.stdout.str()
    assert "__call__" not in result.stdout.str()
    stored = [json.loads(line) for line in (pytester.path / "history.jsonl").read_text().splitlines()]
    assert [entry["result"] for entry in stored] == ["pass", "fail", "warning"]
    assert all(entry["id"].endswith("Z") for entry in stored)


def test_fail_on_warning_fails_a_warning(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", slo=SLO)
    pytester.makepyfile(TESTS)
    result = pytester.runpytest("--slo", "slo.yaml", "--slo-fail-on", "warning", "-k", "warns or fast")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["quality gate: warning with a score of 50*"])
    result = pytester.runpytest("--slo", "slo.yaml", "--slo-fail-on", "never")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--slo-fail-on: invalid choice: 'never'*"])


def test_the_history_is_the_command_lines_and_serves_relative_criteria(
    pytester: pytest.Pytester,
) -> None:
    history = pytester.path / "history.jsonl"
    shutil.copy(EXAMPLES / "history.jsonl", history)
    before = history.read_text().splitlines()
    good = json.loads((EXAMPLES / "sli-good.json").read_text())
    pytester.makepyfile(f"""
def test_build(slo_gate):
    ev = slo_gate({good!r}, id="build-105")
    assert ev.id == "build-105" and ev.compared_events
""")
    result = pytester.runpytest("--slo", str(EXAMPLES / "slo.yaml"), "--slo-history", str(history))
    result.assert_outcomes(passed=1)
    after = history.read_text().splitlines()
    assert after[:-1] == before
    assert json.loads(after[-1])["id"] == "build-105"


def test_without_an_slo_the_fixture_says_what_to_give(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_gate(slo_gate):\n    slo_gate({'p95': 1})\n")
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*the slo_gate fixture needs an SLO: give --slo slo.yaml*"])
