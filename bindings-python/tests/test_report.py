"""The heatmap report from Python: the page and the Markdown the core writes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, List

import pytest

import slogate

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example_history() -> List[Dict[str, Any]]:
    """The example history file's evaluations, newest first."""
    lines = (EXAMPLES / "history.jsonl").read_text().splitlines()
    return [json.loads(line) for line in reversed(lines) if line]


def test_the_example_history_renders_as_one_self_contained_page() -> None:
    history = example_history()
    slo = slogate.Slo.from_file(EXAMPLES / "slo.yaml")
    html = slogate.report_html(history, slo)
    assert html.startswith("<!DOCTYPE html>")
    # Oldest first; the invalidated build struck out; the newest selected.
    ids = re.findall(r'<th class="col[^"]*" title="([^"]+)">', html)
    assert ids == [entry["id"] for entry in reversed(history)]
    assert "<b><s>build-103</s></b>" in html
    # One cell per evaluation for the score and each of the SLO's six objectives.
    assert html.count("<td") == len(history) * (1 + len(slo.slis))
    newest = history[0]
    selected = re.findall(r'<td class="(\w) sel" title="([^"]*)"', html)
    assert len(selected) == 1 + len(slo.slis)
    assert [c for c, _ in selected[1:]] == [
        {"pass": "p", "info": "i"}[r["status"]] for r in newest["evaluation"]["indicatorResults"]
    ]
    # The basis the newest was compared with is drawn dashed.
    compared = set(newest["evaluation"]["comparedEvents"])
    dashed = set(re.findall(r'<th class="col cmp[^"]*" title="([^"]+)">', html))
    assert dashed == compared
    assert "<title>pass threshold 90</title>" in html
    assert "<script" not in html and "src=" not in html


def test_evaluation_objects_and_options() -> None:
    slo = slogate.Slo.from_yaml(
        "objectives:\n  - sli: p95\n    pass: [{criteria: ['<=+10%', '<600']}]\n"
        "total_score: {pass: 90%}\n"
    )
    history: List[slogate.Evaluation] = []
    for build, p95 in (("b1", 400.0), ("b2", 700.0), ("b3", 420.0)):
        history.insert(0, slo.evaluate({"p95": p95}, history=history).with_id(build))
    markdown = slogate.report_markdown(history, slo, selected="b2")
    assert markdown.splitlines() == [
        "| SLI | b1 | **b2** | b3 |",
        "| --- | :-: | :-: | :-: |",
        "| **score** | ✅ 100 | ❌ 0 | ✅ 100 |",
        "| p95 | ✅ | ❌ | ✅ |",
    ]
    last_two = slogate.report_markdown(history, last=2)
    assert last_two.splitlines()[0] == "| SLI | b2 | **b3** |"
    html = slogate.report_html(history, slo, selected="b2")
    assert 'title="700 vs 400: fail; pass <=+10% (440) ✗, <600 ✗&#10;' in html


def test_refusals_carry_the_core_code() -> None:
    with pytest.raises(slogate.SloError) as refused:
        slogate.report_html(example_history(), selected="build-999")
    assert refused.value.code == "invalid_input"
    assert "no shown evaluation has the id 'build-999'" in str(refused.value)
    with pytest.raises(slogate.SloError):
        slogate.report_html([{"evaluation": "not an evaluation"}])
    with pytest.raises(TypeError):
        slogate.report_html("history.jsonl")  # type: ignore[arg-type]
