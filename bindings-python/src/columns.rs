//! `slogate.fleet`'s native half: a batch as columns (numbers as native-endian bytes, names as
//! lists), the results as the core's columns, evaluated without the GIL over every core.

use pyo3::prelude::*;
use pythonize::pythonize;
use slogate::columns::{evaluate_columns as evaluate, ColumnBatch};
use slogate::{Error, Slo};

use crate::errors::{detached, guard, refused, slo_error};

/// Reads a column of `N`-byte numbers. Trailing bytes are left out, and the core then refuses
/// the column for the rows it lacks.
fn numbers<T, const N: usize>(bytes: &[u8], read: fn([u8; N]) -> T) -> Vec<T> {
    let chunks = bytes.chunks_exact(N);
    chunks
        .map(|chunk| read(chunk.try_into().unwrap_or([0; N])))
        .collect()
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
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        let parsed = (slos.iter().enumerate())
            .map(|(i, text)| {
                let under = |e: slogate::SloError| Error::from(e.under(&format!("slos[{i}]")));
                Slo::parse(text).map_err(|e| slo_error(py, under(e)))
            })
            .collect::<PyResult<Vec<Slo>>>()?;
        let index = |bytes| numbers(bytes, u32::from_ne_bytes);
        let batch = ColumnBatch {
            items: &items,
            slo_names: &slo_names,
            row_item: &index(row_item),
            row_slo: &index(row_slo),
            row_metric: &index(row_metric),
            metric_names: &metric_names,
            values: &numbers(values, f64::from_ne_bytes),
            history_item: &index(history_item),
            history: &history,
        };
        let results = detached(py, || evaluate(&parsed, &batch))?.map_err(refused(py))?;
        Ok(pythonize(py, &results)?)
    })
}
