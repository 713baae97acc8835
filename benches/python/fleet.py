"""Times slogate.fleet.evaluate_table on the batch benchmark's workload, for comparison with
the criterion figure of `cargo bench -p slogate-benches --bench batch` (`columns`).

1,000 services x 100 objectives, each with 10 stored results, one SLO. Prints the median of
several calls and objective evaluations per second.

Run: python benches/python/fleet.py  (slogate installed with its arrow extra)
"""

from __future__ import annotations

import statistics
import sys
import time

import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

import slogate
from slogate.fleet import evaluate_table

SERVICES, OBJECTIVES, STORED = 1_000, 100, 10


def workload() -> "tuple[str, pa.Table, pa.Table]":
    objectives = "".join(
        f"  - sli: m{n}\n    pass: [{{criteria: ['<=+10%', '<{1000 + n}']}}]\n    warning: [{{criteria: ['<=+20%']}}]\n"
        for n in range(OBJECTIVES)
    )
    slo = (
        f"comparison: {{compare_with: several_results, number_of_comparison_results: {STORED}}}\n"
        f"objectives:\n{objectives}total_score: {{pass: 90%, warning: 75%}}\n"
    )
    parsed = slogate.Slo.from_yaml(slo)
    stored: "list[slogate.Evaluation]" = []
    for round_ in range(STORED):
        values = {f"m{n}": 500.0 + n + round_ for n in range(OBJECTIVES)}
        stored.insert(0, parsed.evaluate(values, history=stored).with_id(f"r{round_}"))
    history_lines = [ev.to_json() for ev in reversed(stored)]
    services = [f"svc-{i}" for i in range(SERVICES)]
    measurements = pa.table(
        {
            "service": [s for s in services for _ in range(OBJECTIVES)],
            "metric": [f"m{n}" for _ in services for n in range(OBJECTIVES)],
            "value": [510.0 + n for _ in services for n in range(OBJECTIVES)],
        }
    )
    history = pa.table(
        {
            "service": [s for s in services for _ in history_lines],
            "evaluation": [line for _ in services for line in history_lines],
        }
    )
    return slo, measurements, history


def main() -> None:
    slo, measurements, history = workload()
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = evaluate_table(measurements, slo, history=history)
        times.append(time.perf_counter() - start)
    assert result.num_rows == SERVICES
    median = statistics.median(times)
    print(
        f"evaluate_table {SERVICES}x{OBJECTIVES} with {STORED} stored results: "
        f"median {median * 1000:.1f} ms over {runs} calls, "
        f"{SERVICES * OBJECTIVES / median:,.0f} objective evaluations per second"
    )


if __name__ == "__main__":
    main()
