"""Type-checked use of the slogate API (run through `mypy --strict` by scripts/test-python).

Also a runnable example: `python typed_usage.py` prints an explanation and exits with the
gate's verdict.
"""

from __future__ import annotations

import sys
from typing import Any, Dict, List, Optional

import slogate

SLO_YAML = """
objectives:
  - sli: response_time_p95
    pass: [{criteria: ["<=+10%", "<600"]}]
    warning: [{criteria: ["<=800"]}]
  - sli: error_rate
    key_sli: true
    pass: [{criteria: ["<=0.01"]}]
total_score: {pass: 90%, warning: 75%}
"""


def run() -> int:
    slo: slogate.Slo = slogate.Slo.from_yaml(SLO_YAML)
    previous: slogate.Evaluation = slo.evaluate(
        {"response_time_p95": 500.0, "error_rate": 0.0}, id="build-41"
    )
    stored: Dict[str, Any] = previous.to_dict()
    failed_value: List[Dict[str, Any]] = [
        {"metric": "response_time_p95", "value": 530.0, "success": True, "message": ""},
        {"metric": "error_rate", "value": 0.0, "success": True, "message": ""},
    ]
    ev = slo.evaluate(failed_value, history=[stored], result="pass", id="build-42")
    result: str = ev.result
    score: float = ev.score
    for indicator in ev.indicators:
        value: Optional[float] = indicator.value
        targets: List[slogate.Target] = indicator.pass_targets
        print(indicator.metric, indicator.status, value, [t.target_value for t in targets])
        why: str = indicator.explanation
        print(why)
    summary: str = ev.summary
    print(summary)
    print(slogate.explain(ev, all_objectives=True))
    criterion = slogate.Criterion("<=+10%")
    target: Optional[float] = criterion.target(500.0)
    print(result, score, target, slogate.__version__)
    try:
        slogate.Slo.from_yaml("objectives: [")
    except slogate.SloError as err:
        code: str = err.code
        line: Optional[int] = err.line
        print(code, line, len(err.errors()))
    try:
        slogate.assert_gate(ev)
    except slogate.GateFailed as failure:
        print(failure)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(run())
