"""The README's examples run and its sample explanation is what explain() prints."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict

import slogate

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_the_evaluate_example_runs_and_says_what_it_claims() -> None:
    namespace: Dict[str, Any] = {}
    exec(compile(blocks("python")[0], "README.md", "exec"), namespace)  # noqa: S102
    ev = namespace["ev"]
    assert (ev.result, ev.score, ev.passed) == ("warning", 75.0, False)
    assert ev.compared_events == ["build-41"]
    assert ev.indicators[0].baseline == {"function": "avg", "value": 500.0, "values": 1}

    failing = namespace["slo"].evaluate(
        {"response_time_p95": 912.0, "error_rate": 0.02}, [namespace["previous"]]
    )
    assert slogate.explain(failing) + "\n" == blocks("text")[0]
