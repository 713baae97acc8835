//! Batches: many evaluations in one call, spread over every core.
//!
//! A platform team gates a fleet, not one service: a hundred services of a monorepo in one
//! pipeline, or every service again after a shared dependency changed. [`evaluate_many`] takes
//! the distinct SLOs of the batch once and a list of [`BatchItem`]s that refer to them by
//! index, so an SLO shared by a thousand services is parsed once; it returns one result per
//! item, in the order of the items, and a bad item (an SLO that is refused, values that cannot
//! be scored, an index with no SLO) gets its own error without failing the others.
//!
//! Items that name the same SLO and hand over the same history slice (canary instances of one
//! service, or one service scored against several sets of values) also share their comparison
//! basis: it is selected and read into per-objective baselines once, by the first item that
//! needs it, instead of once per item.
//!
//! # Threads
//!
//! With the default `parallel` feature the items are spread over the threads of the rayon pool
//! the call runs in. slogate holds no pool of its own: called from inside
//! `rayon::ThreadPool::install` the batch uses that pool (so a caller decides how many threads
//! a batch may take); called from anywhere else it uses rayon's global pool, which rayon
//! creates on first use with one thread per core. Without the feature (a target without
//! threads, or a caller that wants no threads at all) the batch runs on the calling thread and
//! gives the same results.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::error::{Error, ErrorCode, EvaluationError, InputError, Problem, SloError};
use crate::evaluate::Compared;
use crate::evaluation::Evaluation;
use crate::input::SliReport;
use crate::limits::Limits;
use crate::slo::Slo;
use crate::stored::PreviousEvaluation;

/// One evaluation of a batch: which SLO, the measured values and the stored history.
#[derive(Clone, Copy, Debug)]
pub struct BatchItem<'a> {
    /// The index of the item's SLO in the batch's list of SLOs.
    pub slo: usize,
    /// The measured SLI values.
    pub values: &'a SliReport,
    /// Earlier evaluations, newest first (see [`Slo::evaluate`]).
    pub history: &'a [PreviousEvaluation],
}

impl<'a> BatchItem<'a> {
    /// An item evaluated against the SLO at index `slo` of its batch.
    pub fn new(slo: usize, values: &'a SliReport, history: &'a [PreviousEvaluation]) -> Self {
        BatchItem {
            slo,
            values,
            history,
        }
    }
}

/// Parses each SLO text once and evaluates every item against the SLO it names.
///
/// Returns one result per item, in the order of `items`. An item whose SLO is refused gets
/// that SLO's [`SloError`] (every item sharing it gets the same error); an item whose values
/// cannot be scored gets its [`crate::EvaluationError`]; an item naming an index past the end
/// of `slos` gets an `invalid_input` error. No item's error affects another item.
///
/// ```
/// use slogate::{evaluate_many, BatchItem, SliReport, Verdict};
///
/// let slos = ["objectives:\n  - sli: p95\n    pass: [{criteria: ['<600']}]\ntotal_score: {pass: 90%}\n"];
/// let fast = SliReport::from_values([("p95", 412.0)]);
/// let slow = SliReport::from_values([("p95", 912.0)]);
/// let results = evaluate_many(&slos, &[
///     BatchItem::new(0, &fast, &[]),
///     BatchItem::new(0, &slow, &[]),
///     BatchItem::new(1, &fast, &[]),
/// ]);
/// assert_eq!(results[0].as_ref().unwrap().result(), Verdict::Pass);
/// assert_eq!(results[1].as_ref().unwrap().result(), Verdict::Fail);
/// assert_eq!(
///     results[2].as_ref().unwrap_err().to_string(),
///     "items[2].slo: no SLO at index 1; the batch has 1 SLO"
/// );
/// ```
pub fn evaluate_many<S>(slos: &[S], items: &[BatchItem<'_>]) -> Vec<Result<Evaluation, Error>>
where
    S: AsRef<str> + Sync,
{
    evaluate_many_with_limits(slos, items, &Limits::default())
}

/// Like [`evaluate_many`], under `limits`: each SLO is parsed with
/// [`Slo::parse_with_limits`] (so [`Limits::strict`] refuses an SLO that has warnings, for
/// every item that names it) and each item is evaluated with
/// [`Slo::evaluate_with_limits`].
///
/// ```
/// use slogate::{evaluate_many_with_limits, BatchItem, Limits, SliReport};
///
/// // `keySli` is not a key of an objective: a warning, which strict mode refuses.
/// let slos = ["objectives:\n  - sli: p95\n    keySli: true\n    pass: [{criteria: ['<600']}]\ntotal_score: {pass: 90%}\n"];
/// let values = SliReport::from_values([("p95", 412.0)]);
/// let items = [BatchItem::new(0, &values, &[])];
/// assert!(evaluate_many_with_limits(&slos, &items, &Limits::default())[0].is_ok());
/// let strict = evaluate_many_with_limits(&slos, &items, &Limits::default().with_strict(true));
/// assert_eq!(strict[0].as_ref().unwrap_err().code().as_str(), "unknown_key");
/// ```
pub fn evaluate_many_with_limits<S>(
    slos: &[S],
    items: &[BatchItem<'_>],
    limits: &Limits,
) -> Vec<Result<Evaluation, Error>>
where
    S: AsRef<str> + Sync,
{
    let parsed: Vec<Result<Slo, SloError>> =
        map_in_order(slos, |text| Slo::parse_with_limits(text.as_ref(), limits));
    evaluate_items(&parsed, items, limits)
}

/// Evaluates every item against one of SLOs parsed beforehand (for a caller that keeps its
/// parsed SLOs between batches).
///
/// Results as for [`evaluate_many`], minus the SLO errors.
pub fn evaluate_many_parsed(
    slos: &[Slo],
    items: &[BatchItem<'_>],
) -> Vec<Result<Evaluation, Error>> {
    let borrowed: Vec<Result<&Slo, SloError>> = slos.iter().map(Ok).collect();
    evaluate_items(&borrowed, items, &Limits::default())
}

fn evaluate_items<S>(
    slos: &[Result<S, SloError>],
    items: &[BatchItem<'_>],
    limits: &Limits,
) -> Vec<Result<Evaluation, Error>>
where
    S: std::borrow::Borrow<Slo> + Sync,
{
    let shared = SharedComparisons::new(items);
    let indexed: Vec<(usize, &BatchItem<'_>)> = items.iter().enumerate().collect();
    map_in_order(&indexed, |&(index, item)| match slos.get(item.slo) {
        Some(Ok(slo)) => {
            let slo = slo.borrow();
            let evaluated = match shared.of(index) {
                Some(once) => slo.evaluate_compared(item.values, || {
                    once.get_or_init(|| slo.compare_history(item.history, limits))
                        .as_ref()
                        .map_err(Clone::clone)
                }),
                None => slo.evaluate_with_limits(item.values, item.history, limits),
            };
            evaluated.map_err(Error::from)
        }
        Some(Err(refused)) => Err(Error::from(refused.clone())),
        None => Err(Error::from(InputError::from(Problem::new(
            ErrorCode::InvalidInput,
            format!("items[{index}].slo"),
            format!(
                "no SLO at index {}; the batch has {} SLO{}",
                item.slo,
                slos.len(),
                if slos.len() == 1 { "" } else { "s" }
            ),
        )))),
    })
}

/// The comparisons that several items of a batch share: items that name the same SLO and
/// hand over the same history (the same slice, not merely equal contents) compare with the
/// same basis, so it is selected and read once, by the first item that needs it. An item whose
/// SLO and history no other item has is evaluated on its own, keeping nothing after it.
struct SharedComparisons {
    /// Per item: its index in `comparisons`, or `None` when it shares with no other item.
    group: Vec<Option<usize>>,
    comparisons: Vec<OnceLock<Result<Compared, EvaluationError>>>,
}

impl SharedComparisons {
    fn new(items: &[BatchItem<'_>]) -> Self {
        let key = |item: &BatchItem<'_>| {
            // Every empty history is the same history, wherever its slice points.
            let start = if item.history.is_empty() {
                0
            } else {
                item.history.as_ptr() as usize
            };
            (item.slo, start, item.history.len())
        };
        let mut users: HashMap<(usize, usize, usize), usize> = HashMap::new();
        for item in items {
            *users.entry(key(item)).or_default() += 1;
        }
        let mut numbers: HashMap<(usize, usize, usize), usize> = HashMap::new();
        let group = items
            .iter()
            .map(|item| {
                let key = key(item);
                (users[&key] > 1).then(|| {
                    let next = numbers.len();
                    *numbers.entry(key).or_insert(next)
                })
            })
            .collect();
        let comparisons = (0..numbers.len()).map(|_| OnceLock::new()).collect();
        SharedComparisons { group, comparisons }
    }

    fn of(&self, item: usize) -> Option<&OnceLock<Result<Compared, EvaluationError>>> {
        self.group[item].map(|group| &self.comparisons[group])
    }
}

/// `inputs.iter().map(f).collect()`, over the current rayon pool when the `parallel` feature is
/// on. The order of the results is the order of the inputs either way.
#[cfg(feature = "parallel")]
pub(crate) fn map_in_order<T, R, F>(inputs: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    use rayon::prelude::*;
    inputs.par_iter().map(f).collect()
}

#[cfg(not(feature = "parallel"))]
pub(crate) fn map_in_order<T, R, F>(inputs: &[T], f: F) -> Vec<R>
where
    F: Fn(&T) -> R,
{
    inputs.iter().map(f).collect()
}
