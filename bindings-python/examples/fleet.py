"""Gates 10,000 services in one call: from a Polars frame, then from a DuckDB query.

Run: python examples/fleet.py  (needs slogate[arrow], polars and duckdb)
"""

from __future__ import annotations

import random

import duckdb
import polars as pl

from slogate.fleet import evaluate_table

SLO = """\
objectives:
  - sli: response_time_p95
    pass: [{criteria: ['<600']}]
    warning: [{criteria: ['<=800']}]
  - sli: error_rate
    key_sli: true
    pass: [{criteria: ['<=0.01']}]
total_score: {pass: 90%, warning: 75%}
"""

rng = random.Random(42)
services = [f"service-{n:05d}" for n in range(10_000)]
frame = pl.DataFrame(
    {
        "service": [s for s in services for _ in range(2)],
        "metric": ["response_time_p95", "error_rate"] * len(services),
        "value": [v for _ in services for v in (rng.gauss(450, 120), abs(rng.gauss(0.004, 0.004)))],
    }
)

results = pl.from_arrow(evaluate_table(frame, SLO))
assert isinstance(results, pl.DataFrame)
print(results.group_by("result").len().sort("result"))
print(results.filter(pl.col("result") == "fail").head(3).select("service", "score"))

# The same measurements, read by DuckDB from the frame.
query = duckdb.sql("SELECT service, metric, value FROM frame ORDER BY service")
same = pl.from_arrow(evaluate_table(query, SLO))
assert isinstance(same, pl.DataFrame)
assert same.sort("service")["result"].to_list() == results.sort("service")["result"].to_list()
print(f"DuckDB: {same.height} services, the same verdicts")
