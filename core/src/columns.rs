//! Batches in columns: a fleet's measurements as long columns (one row per service and
//! metric), its stored history as rows of stored evaluations, and results as columns again.
//!
//! This is the shape data frames and Arrow tables have: a front door hands over index and value
//! columns as they are laid out in memory (no object per row), and reads the results back as
//! columns. Each item (a service, say) names its SLO by index; each measurement row names its
//! item and its metric by index into the batch's metric names; each history row names its item
//! and holds one stored evaluation in its stored form (history rows of an item are oldest first,
//! as in a history file, and are decoded newest first only as far as the comparison basis
//! needs).
//!
//! ```
//! use slogate::columns::{evaluate_columns, ColumnBatch};
//! use slogate::Slo;
//!
//! let slo = Slo::parse("objectives:\n  - sli: p95\n    pass: [{criteria: ['<600']}]\ntotal_score: {pass: 90%}\n").unwrap();
//! let batch = ColumnBatch {
//!     items: &["carts", "orders"],
//!     slo_names: &["default"],
//!     row_item: &[0, 1],
//!     row_slo: &[0, 0],
//!     row_metric: &[0, 0],
//!     metric_names: &["p95"],
//!     values: &[412.0, 912.0],
//!     history_item: &[],
//!     history: &[] as &[&str],
//! };
//! let results = evaluate_columns(&[slo], &batch).unwrap();
//! assert_eq!(results.result, [Some(slogate::Verdict::Pass), Some(slogate::Verdict::Fail)]);
//! assert_eq!(results.objective_status, ["pass", "fail"]);
//! ```

use serde::Serialize;

use crate::batch::map_in_order;
use crate::error::{Error, ErrorCode, InputError, Problem};
use crate::evaluation::{Evaluation, Verdict};
use crate::input::{IndicatorValue, SliReport};
use crate::limits::Limits;
use crate::slo::Slo;
use crate::stored::PreviousEvaluation;

/// A batch as columns. Every index is checked; nothing is sized from a value in the columns.
#[derive(Clone, Copy, Debug)]
pub struct ColumnBatch<'a, S> {
    /// The items' names (services, say), one per item, as messages call them.
    pub items: &'a [S],
    /// The SLOs' names, one per SLO handed over with the batch, as messages call them.
    pub slo_names: &'a [S],
    /// Per measurement row: the index of its item.
    pub row_item: &'a [u32],
    /// Per measurement row: the index of its item's SLO. Every row of an item names the same
    /// one; an item whose rows name two is refused at the first row that differs.
    pub row_slo: &'a [u32],
    /// Per measurement row: the index of its metric in `metric_names`.
    pub row_metric: &'a [u32],
    /// The metric names the rows refer to.
    pub metric_names: &'a [S],
    /// Per measurement row: the measured value.
    pub values: &'a [f64],
    /// Per history row: the index of its item. An item's rows are oldest first.
    pub history_item: &'a [u32],
    /// Per history row: one stored evaluation, as a history file's line holds it.
    pub history: &'a [S],
}

/// The results of a batch as columns: one entry per item in the item columns, one per
/// objective of every evaluated item (in item order, then objective order) in the objective
/// columns. Serializes as one object of columns, named as the fields are.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ColumnResults {
    /// Per item: the verdict, `None` when the item was refused.
    pub result: Vec<Option<Verdict>>,
    /// Per item: the total score (NaN when refused).
    pub score: Vec<f64>,
    /// Per item: the code of the error that refused it.
    pub error_code: Vec<Option<&'static str>>,
    /// Per item: the error that refused it, as one line.
    pub error: Vec<Option<String>>,
    /// Per item: where its objectives start in the objective columns (one more entry than
    /// items, like an Arrow list's offsets).
    pub objective_offsets: Vec<u32>,
    /// Per objective: its SLI.
    pub objective_sli: Vec<String>,
    /// Per objective: its status (`pass`, `warning`, `fail`, `info`, `inconclusive`).
    pub objective_status: Vec<&'static str>,
    /// Per objective: the measured value (NaN when there is none).
    pub objective_value: Vec<f64>,
}

fn refuse(column: &str, message: String) -> InputError {
    InputError::from(Problem::new(ErrorCode::InvalidInput, column, message))
}

/// Checks that every index of `column` is below `bound`.
fn check_indexes(
    column: &str,
    indexes: &[u32],
    bound: usize,
    what: &str,
) -> Result<(), InputError> {
    match indexes.iter().position(|&i| i as usize >= bound) {
        Some(row) => Err(refuse(
            &format!("{column}[{row}]"),
            format!(
                "{what} {} does not exist; there {} {bound}",
                indexes[row],
                if bound == 1 { "is" } else { "are" }
            ),
        )),
        None => Ok(()),
    }
}

/// Rows grouped by item: `starts[i]..starts[i + 1]` indexes `order`, which lists row numbers
/// item by item, each item's rows in their original order.
struct Groups {
    starts: Vec<usize>,
    order: Vec<usize>,
}

impl Groups {
    fn new(items: usize, row_item: &[u32]) -> Groups {
        let mut starts = vec![0usize; items + 1];
        for &item in row_item {
            starts[item as usize + 1] += 1;
        }
        for i in 0..items {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut order = vec![0usize; row_item.len()];
        for (row, &item) in row_item.iter().enumerate() {
            order[next[item as usize]] = row;
            next[item as usize] += 1;
        }
        Groups { starts, order }
    }

    fn rows(&self, item: usize) -> &[usize] {
        &self.order[self.starts[item]..self.starts[item + 1]]
    }
}

/// Checks that the columns fit together: lengths agree and every index has something behind it.
fn check_columns<S>(slo_count: usize, batch: &ColumnBatch<'_, S>) -> Result<(), InputError> {
    let items = batch.items.len();
    if batch.slo_names.len() != slo_count {
        return Err(refuse(
            "slo_names",
            format!(
                "slo_names has {} names for {} SLOs; every SLO needs one",
                batch.slo_names.len(),
                slo_count
            ),
        ));
    }
    for (column, length) in [
        ("row_slo", batch.row_slo.len()),
        ("row_metric", batch.row_metric.len()),
        ("values", batch.values.len()),
    ] {
        if length != batch.row_item.len() {
            return Err(refuse(
                column,
                format!(
                    "{column} has {length} rows and row_item has {}; every measurement row needs both",
                    batch.row_item.len()
                ),
            ));
        }
    }
    if batch.history.len() != batch.history_item.len() {
        return Err(refuse(
            "history",
            format!(
                "history has {} rows and history_item has {}; every history row needs both",
                batch.history.len(),
                batch.history_item.len()
            ),
        ));
    }
    check_indexes("row_item", batch.row_item, items, "item")?;
    check_indexes("row_slo", batch.row_slo, slo_count, "SLO")?;
    check_indexes(
        "row_metric",
        batch.row_metric,
        batch.metric_names.len(),
        "metric",
    )?;
    check_indexes("history_item", batch.history_item, items, "item")?;
    Ok(())
}

/// The SLO of each item: the one all of its rows name.
fn item_slos<S: AsRef<str>>(batch: &ColumnBatch<'_, S>) -> Result<Vec<u32>, InputError> {
    let mut chosen: Vec<Option<(u32, usize)>> = vec![None; batch.items.len()];
    for (row, (&item, &slo)) in batch.row_item.iter().zip(batch.row_slo).enumerate() {
        match chosen[item as usize] {
            None => chosen[item as usize] = Some((slo, row)),
            Some((first, at)) if first != slo => {
                let name = |index: u32| batch.slo_names[index as usize].as_ref();
                return Err(refuse(
                    &format!("row_slo[{row}]"),
                    format!(
                        "'{}' names two SLOs: '{}' at row {at} and '{}' at row {row}; every row of an item names the same SLO",
                        batch.items[item as usize].as_ref(),
                        name(first),
                        name(slo)
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    chosen
        .iter()
        .enumerate()
        .map(|(item, slo)| {
            slo.map(|(slo, _)| slo).ok_or_else(|| {
                refuse(
                    &format!("items[{item}]"),
                    format!(
                        "'{}' has no measurement rows, so no SLO; every item needs a row",
                        batch.items[item].as_ref()
                    ),
                )
            })
        })
        .collect()
}

/// Evaluates every item of `batch` against the SLO its rows name, over every core (with the
/// `parallel` feature), and returns the results as columns.
///
/// The columns themselves are checked first: lengths that differ, an index with nothing
/// behind it, an item without rows or with rows naming two SLOs refuse the whole batch. After that each item is on its own:
/// an item whose values cannot be scored, or whose history cannot be read, gets its error in
/// the `error` columns and the others are scored.
pub fn evaluate_columns<S>(
    slos: &[Slo],
    batch: &ColumnBatch<'_, S>,
) -> Result<ColumnResults, InputError>
where
    S: AsRef<str> + Sync,
{
    check_columns(slos.len(), batch)?;
    let items = batch.items.len();
    let item_slo = item_slos(batch)?;

    let rows = Groups::new(items, batch.row_item);
    let history = Groups::new(items, batch.history_item);
    let item_numbers: Vec<usize> = (0..items).collect();
    let limits = Limits::default();
    let outcomes: Vec<Result<Evaluation, Error>> = map_in_order(&item_numbers, |&item| {
        let report = SliReport::new(
            rows.rows(item)
                .iter()
                .map(|&row| {
                    IndicatorValue::new(
                        batch.metric_names[batch.row_metric[row] as usize].as_ref(),
                        batch.values[row],
                    )
                })
                .collect(),
        );
        // Newest first, decoded one at a time as the basis asks for them.
        let stored = history.rows(item).iter().rev().map(|&row| {
            PreviousEvaluation::from_json(batch.history[row].as_ref())
                .map_err(|e| Error::from(e.under(&format!("history[{row}]"))))
        });
        match slos[item_slo[item] as usize].evaluate_pulling(&report, stored, &limits) {
            Ok(Ok(evaluation)) => Ok(evaluation),
            Ok(Err(refused)) => Err(Error::from(refused)),
            Err(history_error) => Err(history_error),
        }
    });

    let mut results = ColumnResults {
        objective_offsets: Vec::with_capacity(items + 1),
        ..ColumnResults::default()
    };
    results.objective_offsets.push(0);
    for outcome in outcomes {
        match outcome {
            Ok(evaluation) => {
                results.result.push(Some(evaluation.result()));
                results.score.push(evaluation.score());
                results.error_code.push(None);
                results.error.push(None);
                for indicator in evaluation.indicators() {
                    let (sli, value) = match &indicator.value {
                        Some(v) => (v.metric.clone(), v.value),
                        None => (
                            indicator.unmeasured_sli.clone().unwrap_or_default(),
                            f64::NAN,
                        ),
                    };
                    results.objective_sli.push(sli);
                    results.objective_status.push(indicator.status.as_str());
                    results.objective_value.push(value);
                }
            }
            Err(error) => {
                results.result.push(None);
                results.score.push(f64::NAN);
                results.error_code.push(Some(error.code().as_str()));
                results.error.push(Some(error.to_string()));
            }
        }
        let count = u32::try_from(results.objective_sli.len()).unwrap_or(u32::MAX);
        results.objective_offsets.push(count);
    }
    Ok(results)
}
