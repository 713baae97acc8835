//! `slogate.fleet`'s native half: a batch as columns (numbers as native-endian bytes, names as
//! lists), the results as columns, evaluated without the GIL over every core.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use slogate::columns::{evaluate_columns as evaluate, ColumnBatch};
use slogate::{Error, Slo};

use crate::errors::{detached, guard, input_error, slo_error, type_error};

/// Reads a column of `N`-byte numbers; a length that is not a multiple of `N` is refused.
fn numbers<T, const N: usize>(
    name: &str,
    bytes: &[u8],
    read: fn([u8; N]) -> T,
) -> PyResult<Vec<T>> {
    if bytes.len() % N != 0 {
        return Err(type_error(format!(
            "{name}: {} bytes is not a whole number of {N}-byte values",
            bytes.len()
        )));
    }
    Ok(bytes
        .chunks_exact(N)
        .map(|chunk| read(chunk.try_into().unwrap_or([0; N])))
        .collect())
}

fn to_bytes<'py, T, const N: usize>(
    py: Python<'py>,
    values: &[T],
    write: fn(&T) -> [u8; N],
) -> Bound<'py, PyBytes> {
    PyBytes::new(py, &values.iter().flat_map(write).collect::<Vec<u8>>())
}

/// Evaluates a batch given as columns; see `slogate.fleet.evaluate_table`.
#[pyfunction]
#[allow(clippy::too_many_arguments, clippy::needless_pass_by_value)]
pub fn evaluate_columns<'py>(
    py: Python<'py>,
    slos: Vec<String>,
    slo_names: Vec<String>,
    items: Vec<String>,
    row_item: &[u8],
    row_slo: &[u8],
    row_metric: &[u8],
    metric_names: Vec<String>,
    values: &[u8],
    history_item: &[u8],
    history: Vec<String>,
) -> PyResult<Bound<'py, PyDict>> {
    guard(|| {
        let parsed = slos
            .iter()
            .enumerate()
            .map(|(i, text)| {
                Slo::parse(text)
                    .map_err(|e| slo_error(py, Error::from(e.under(&format!("slos[{i}]")))))
            })
            .collect::<PyResult<Vec<Slo>>>()?;
        let row_item = numbers("row_item", row_item, u32::from_ne_bytes)?;
        let row_slo = numbers("row_slo", row_slo, u32::from_ne_bytes)?;
        let row_metric = numbers("row_metric", row_metric, u32::from_ne_bytes)?;
        let values = numbers("values", values, f64::from_ne_bytes)?;
        let history_item = numbers("history_item", history_item, u32::from_ne_bytes)?;
        let batch = ColumnBatch {
            items: &items,
            slo_names: &slo_names,
            row_item: &row_item,
            row_slo: &row_slo,
            row_metric: &row_metric,
            metric_names: &metric_names,
            values: &values,
            history_item: &history_item,
            history: &history,
        };
        let results =
            detached(py, || evaluate(&parsed, &batch))?.map_err(|e| input_error(py, &e))?;
        let out = PyDict::new(py);
        out.set_item(
            "result",
            results
                .result
                .iter()
                .map(|r| r.map(slogate::Verdict::as_str))
                .collect::<Vec<_>>(),
        )?;
        out.set_item("score", to_bytes(py, &results.score, |v| v.to_ne_bytes()))?;
        out.set_item("error_code", results.error_code)?;
        out.set_item("error", results.error)?;
        out.set_item(
            "objective_offsets",
            to_bytes(py, &results.objective_offsets, |v| v.to_ne_bytes()),
        )?;
        out.set_item("objective_sli", results.objective_sli)?;
        out.set_item("objective_status", results.objective_status)?;
        out.set_item(
            "objective_value",
            to_bytes(py, &results.objective_value, |v| v.to_ne_bytes()),
        )?;
        Ok(out)
    })
}
