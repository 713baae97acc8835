"""Gate a fleet in one call: measurements as a table in, one row per service out.

The table is anything that speaks Arrow: a ``pyarrow.Table``, a Polars ``DataFrame``, a DuckDB
relation, a pandas ``DataFrame``. It has one row per service and metric (long format)::

    service   slo      metric               value
    carts     default  response_time_p95    498.0
    carts     default  error_rate           0.0021
    orders    strict   response_time_p95    612.0

:func:`evaluate_table` groups the rows by service, evaluates every service against the SLO its
``slo`` column names (each SLO parsed once) over every core, without holding the GIL, and
returns a ``pyarrow.Table`` with ``service``, ``result`` (``pass``/``warning``/``fail``, null
when the service was refused), ``score``, ``error_code``, ``error`` and ``objectives`` (a list
of ``{sli, status, value}`` per service). Numbers cross into Rust as whole buffers, never as
one Python object per row.

A history table (``service``, ``evaluation``: one stored evaluation per row, as a history
file's line holds it, oldest first) is the comparison basis of relative criteria; only the
rows a service's basis needs are decoded.

Requires ``pyarrow`` (``pip install slogate[arrow]``).
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Mapping, Optional, Union

from . import _slogate
from ._errors import SloTypeError

__all__ = ["evaluate_table", "to_arrow", "spark_evaluator", "SPARK_RESULT_SCHEMA"]


def _pyarrow() -> Any:
    try:
        import pyarrow  # type: ignore[import-untyped,unused-ignore]
        import pyarrow.compute  # type: ignore[import-untyped,unused-ignore]  # noqa: F401
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "slogate.fleet needs pyarrow: pip install 'slogate[arrow]'"
        ) from e
    return pyarrow


def to_arrow(data: Any) -> Any:
    """Returns ``data`` as a ``pyarrow.Table``: a Table as it is, a Polars DataFrame or a
    DuckDB relation through its own Arrow export, a pandas DataFrame through pyarrow."""
    pa = _pyarrow()
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    for method in ("to_arrow", "arrow", "to_arrow_table"):
        export = getattr(data, method, None)
        if callable(export):
            table = export()
            if isinstance(table, pa.RecordBatchReader):
                table = table.read_all()
            if isinstance(table, pa.Table):
                return table
    if type(data).__module__.startswith("pandas"):
        return pa.Table.from_pandas(data, preserve_index=False)
    raise SloTypeError(
        f"expected a pyarrow Table, a Polars or pandas DataFrame or a DuckDB relation, "
        f"got {type(data).__name__}"
    )


def _column(table: Any, name: str, what: str) -> Any:
    if name not in table.column_names:
        raise SloTypeError(
            f"the {what} table has no column {name!r}; its columns are {table.column_names}"
        )
    return table.column(name).combine_chunks()


def _bytes(array: Any, width: int) -> bytes:
    """The values buffer of a null-free fixed-width array, as bytes."""
    buffer = array.buffers()[1]
    if buffer is None:
        return b""
    return bytes(buffer.slice(array.offset * width, len(array) * width).to_pybytes())


def _refuse_nulls(array: Any, column: str, what: str) -> None:
    if array.null_count:
        pa = _pyarrow()
        row = pa.compute.index(pa.compute.is_null(array), True).as_py()
        raise SloTypeError(
            f"the {what} table's column {column!r} is empty (null) at row {row}; "
            f"every row needs a value"
        )


def _encode(array: Any) -> "tuple[Any, list[str]]":
    """Indexes (uint32, in first-appearance order) and the distinct strings."""
    pa = _pyarrow()
    encoded = array.cast(pa.string()).dictionary_encode()
    return encoded.indices.cast(pa.uint32()), encoded.dictionary.to_pylist()


def evaluate_table(
    measurements: Any,
    slos: Union[str, Mapping[str, str]],
    *,
    history: Optional[Any] = None,
    service: str = "service",
    slo: str = "slo",
    metric: str = "metric",
    value: str = "value",
) -> Any:
    """Evaluates every service of ``measurements`` and returns one row per service.

    ``slos`` is one SLO's YAML text for every service, or a mapping from the names in the
    ``slo`` column to SLO texts. An SLO name the mapping lacks, a null or a column of the wrong
    type raise :class:`slogate.SloTypeError`; an SLO that is refused, or a service whose rows
    name two SLOs, raises :class:`slogate.SloError`. A service whose own values cannot be
    scored (a metric twice, a value that is not finite, a stored evaluation that cannot be
    read) gets its error in its row, and the others are scored.
    """
    pa = _pyarrow()
    pc = pa.compute
    table = to_arrow(measurements)
    row_slo: bytes
    services = _column(table, service, "measurements")
    metrics = _column(table, metric, "measurements")
    for array, name in ((services, service), (metrics, metric)):
        _refuse_nulls(array, name, "measurements")
    numbers = _column(table, value, "measurements")
    if not (pa.types.is_floating(numbers.type) or pa.types.is_integer(numbers.type)):
        raise SloTypeError(
            f"the measurements table's column {value!r} holds {numbers.type}, not numbers"
        )
    _refuse_nulls(numbers, value, "measurements")
    numbers = numbers.cast(pa.float64())
    row_item, service_names = _encode(services)
    row_metric, metric_names = _encode(metrics)

    # The SLO each row names; the core refuses a service whose rows name two.
    if isinstance(slos, str):
        slo_texts, slo_names = [slos], [slo]
        row_slo = bytes(4 * len(row_item))  # index 0 on every row
    else:
        refs = _column(table, slo, "measurements")
        _refuse_nulls(refs, slo, "measurements")
        slo_index, slo_names = _encode(refs)
        row_slo = _bytes(slo_index, 4)
        missing = [name for name in slo_names if name not in slos]
        if missing:
            raise SloTypeError(
                f"no SLO text for {missing[0]!r}; the mapping has {sorted(slos)}"
            )
        slo_texts = [slos[name] for name in slo_names]

    history_item = pa.array([], pa.uint32())
    stored: "list[str]" = []
    if history is not None:
        past = to_arrow(history)
        past_services = _column(past, service, "history")
        evaluations = _column(past, "evaluation", "history")
        _refuse_nulls(past_services, service, "history")
        _refuse_nulls(evaluations, "evaluation", "history")
        positions = pc.index_in(past_services.cast(pa.string()), value_set=pa.array(service_names, pa.string()))
        known = pc.is_valid(positions)
        history_item = pc.filter(positions, known).cast(pa.uint32())
        stored = pc.filter(evaluations, known).cast(pa.string()).to_pylist()

    columns = _slogate.evaluate_columns(
        slo_texts,
        slo_names,
        service_names,
        _bytes(row_item, 4),
        row_slo,
        _bytes(row_metric, 4),
        metric_names,
        _bytes(numbers, 8),
        _bytes(history_item, 4),
        stored,
    )
    objectives = pa.StructArray.from_arrays(
        [
            pa.array(columns["objective_sli"], pa.string()),
            pa.array(columns["objective_status"], pa.string()),
            pa.array(columns["objective_value"], pa.float64()),
        ],
        names=["sli", "status", "value"],
    )
    offsets = pa.array(columns["objective_offsets"], pa.int32())
    result = pa.array(columns["result"], pa.string())
    score = pa.array(columns["score"], pa.float64())
    return pa.table(
        {
            "service": pa.array(service_names, pa.string()),
            "result": result,
            # A refused service has no score.
            "score": pc.if_else(pc.is_null(result), pa.scalar(None, pa.float64()), score),
            "error_code": pa.array(columns["error_code"], pa.string()),
            "error": pa.array(columns["error"], pa.string()),
            "objectives": pa.ListArray.from_arrays(offsets, objectives),
        }
    )


#: The schema of :func:`evaluate_table`'s result, as Spark DDL (for ``mapInArrow``).
SPARK_RESULT_SCHEMA = (
    "service string, result string, score double, error_code string, error string, "
    "objectives array<struct<sli: string, status: string, value: double>>"
)


def spark_evaluator(
    slos: Union[str, Mapping[str, str]],
    *,
    service: str = "service",
    slo: str = "slo",
    metric: str = "metric",
    value: str = "value",
) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """A function for Spark's ``DataFrame.mapInArrow``: it gates the services of each
    partition with :func:`evaluate_table` and yields their rows.

    Every row of a service must be in one partition, so repartition by the service column
    first::

        from slogate.fleet import SPARK_RESULT_SCHEMA, spark_evaluator

        results = (measurements.repartition("service")
                   .mapInArrow(spark_evaluator(slos), SPARK_RESULT_SCHEMA))
    """

    def evaluate_partition(batches: Iterator[Any]) -> Iterator[Any]:
        pa = _pyarrow()
        table = pa.Table.from_batches(list(batches))
        if table.num_rows == 0:
            return
        result = evaluate_table(
            table, slos, service=service, slo=slo, metric=metric, value=value
        )
        yield from result.to_batches()

    return evaluate_partition
