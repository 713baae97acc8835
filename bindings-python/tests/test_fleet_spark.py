"""slogate.fleet on a local Spark session: mapInArrow over partitions gives the table
evaluate_table gives in one process."""

from __future__ import annotations

import os
import sys
from typing import Any, Iterator

import pytest

from test_fleet import SLOS, fleet

required = os.environ.get("SLOGATE_REQUIRE_SPARK") == "1"
try:
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
    from pyspark.sql import SparkSession
except ImportError:  # pragma: no cover - depends on the environment
    if required:
        raise
    pytest.skip("pyspark is not installed (scripts/test-python installs it)", allow_module_level=True)

from slogate.fleet import SPARK_RESULT_SCHEMA, evaluate_table, spark_evaluator  # noqa: E402


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    # Spark's Python workers run this interpreter, where slogate is installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("slogate-fleet-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_map_in_arrow_gates_every_service_as_evaluate_table_does(spark: Any) -> None:
    rows = fleet(400, seed=11)
    expected = {r["service"]: r for r in evaluate_table(pa.table(rows), SLOS).to_pylist()}
    frame = spark.createDataFrame(pa.table(rows).to_pandas())
    results = frame.repartition(4, "service").mapInArrow(spark_evaluator(SLOS), SPARK_RESULT_SCHEMA)
    got = {}
    for row in results.collect():
        record = row.asDict(recursive=True)
        got[record["service"]] = record
    assert got.keys() == expected.keys()
    for service, row in expected.items():
        assert got[service]["result"] == row["result"]
        assert got[service]["score"] == row["score"]
        assert got[service]["objectives"] == row["objectives"]
