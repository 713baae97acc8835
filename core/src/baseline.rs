//! The comparison basis: which stored evaluations relative criteria compare with, and the
//! previous values each objective's baseline is aggregated from.
//!
//! Keptn compares with the newest stored evaluations that qualify: not invalidated, and with
//! a result `include_result_with_score` admits, up to `results_to_compare` of them. The basis
//! is selected here, once, for every caller: the history is pulled newest first and no
//! further than the basis needs, so a long history costs no more than a short one.

use std::borrow::Borrow;
use std::collections::HashMap;

use crate::error::{ErrorCode, EvaluationError, Problem};
use crate::evaluation::{IndicatorResult, Verdict};
use crate::limits::Limits;
use crate::slo::{Comparison, IncludeResults, Objective};
use crate::stored::PreviousEvaluation;
use crate::yaml::shorten;

/// The stored evaluations that form the comparison basis, newest first.
pub(crate) struct Basis<P> {
    entries: Vec<P>,
}

impl<P> Default for Basis<P> {
    fn default() -> Self {
        Basis {
            entries: Vec::new(),
        }
    }
}

/// What the selection of the basis reads of a stored evaluation: a decoded one, or one of
/// which only these fields were read so far.
pub(crate) trait Candidate {
    /// The stored result's id.
    fn id(&self) -> Option<&str>;
    /// Whether it was invalidated.
    fn invalidated(&self) -> bool;
    /// Its verdict.
    fn result(&self) -> Verdict;
}

/// A decoded stored evaluation, held in whatever form the caller handed it.
struct Held<P>(P);

impl<P: Borrow<PreviousEvaluation>> Candidate for Held<P> {
    fn id(&self) -> Option<&str> {
        self.0.borrow().id.as_deref()
    }
    fn invalidated(&self) -> bool {
        self.0.borrow().invalidated
    }
    fn result(&self) -> Verdict {
        self.0.borrow().evaluation.result
    }
}

impl<P: Borrow<PreviousEvaluation>> Basis<P> {
    /// Pulls `history` (newest first) until `comparison` has all the results it compares
    /// with, or the history ends; never pulls one more. With a `pinned` evaluation id the
    /// basis is that one evaluation: the history is pulled until it is found, and a history
    /// that ends without it (or holds it only invalidated) is refused. The outer error is the
    /// history's own; the inner one says that more than [`Limits::max_history`] entries were
    /// examined without completing the basis, or that the pinned evaluation is missing.
    pub(crate) fn select<E>(
        comparison: Comparison,
        pinned: Option<&str>,
        history: impl IntoIterator<Item = Result<P, E>>,
        limits: &Limits,
    ) -> Result<Result<Self, EvaluationError>, E> {
        let held = history.into_iter().map(|entry| entry.map(Held));
        Ok(
            select(comparison, pinned, held, limits)?.map(|chosen| Basis {
                entries: chosen.into_iter().map(|Held(entry)| entry).collect(),
            }),
        )
    }

    /// The basis as borrowed evaluations.
    pub(crate) fn borrowed(&self) -> Vec<&PreviousEvaluation> {
        self.entries.iter().map(Borrow::borrow).collect()
    }
}

/// The selection [`Basis::select`] describes, over anything that tells the fields it reads:
/// the chosen candidates, newest first.
pub(crate) fn select<C: Candidate, E>(
    comparison: Comparison,
    pinned: Option<&str>,
    history: impl IntoIterator<Item = Result<C, E>>,
    limits: &Limits,
) -> Result<Result<Vec<C>, EvaluationError>, E> {
    let wanted = if pinned.is_some() {
        1
    } else {
        comparison.results_to_compare()
    };
    let mut entries = Vec::with_capacity(wanted.min(64));
    let mut history = history.into_iter();
    let mut examined = 0usize;
    while entries.len() < wanted {
        let Some(stored) = history.next().transpose()? else {
            break;
        };
        examined += 1;
        if examined > limits.max_history {
            return Ok(Err(limits.history_too_long().into()));
        }
        let chosen = match pinned {
            Some(id) if stored.id() == Some(id) => {
                if stored.invalidated() {
                    return Ok(Err(pin_missing(id, examined, true)));
                }
                true
            }
            Some(_) => false,
            None => qualifies(comparison, &stored),
        };
        if chosen {
            entries.push(stored);
        }
    }
    if let (Some(id), true) = (pinned, entries.is_empty()) {
        return Ok(Err(pin_missing(id, examined, false)));
    }
    Ok(Ok(entries))
}

impl IncludeResults {
    /// The verdicts of the stored evaluations this setting admits to the comparison basis
    /// (an invalidated evaluation never is). A history store may use it to pre-select rows;
    /// the basis is still checked here.
    pub fn admitted(self) -> &'static [Verdict] {
        match self {
            IncludeResults::All => &[Verdict::Pass, Verdict::Warning, Verdict::Fail],
            IncludeResults::Pass => &[Verdict::Pass],
            IncludeResults::PassOrWarn => &[Verdict::Pass, Verdict::Warning],
        }
    }
}

/// The pinned evaluation is not in the history (or is there only invalidated).
fn pin_missing(id: &str, examined: usize, invalidated: bool) -> EvaluationError {
    let message = if invalidated {
        format!(
            "the stored evaluation '{}' named by comparison.pinned_baseline is invalidated; pin an evaluation that is not",
            shorten(id)
        )
    } else {
        let held = match examined {
            0 => "the history is empty".to_owned(),
            1 => "the one stored evaluation has another id".to_owned(),
            n => format!("none of the {n} stored evaluations has it"),
        };
        format!(
            "comparison.pinned_baseline names the evaluation '{}', but {held}",
            shorten(id)
        )
    };
    EvaluationError::from(
        Problem::new(ErrorCode::PinnedBaselineNotFound, "history", message)
            .in_document(crate::error::InputDocument::History),
    )
}

/// Whether a stored evaluation may serve as comparison basis.
fn qualifies(comparison: Comparison, previous: &impl Candidate) -> bool {
    !previous.invalidated()
        && comparison
            .include_result_with_score
            .admitted()
            .contains(&previous.result())
}

/// The successful values of the comparison basis, ready to be collected per objective.
pub(crate) struct PreviousValues<'h> {
    /// One entry per stored evaluation of the basis, newest first.
    entries: Vec<StoredValues<'h>>,
}

enum StoredValues<'h> {
    /// The stored results list one result per objective, in objective order (as every result
    /// of the same SLO does): the result of an objective is found by its position.
    Aligned(&'h [IndicatorResult]),
    /// Any other list of results: the successful values of each metric, in result order.
    Indexed(HashMap<&'h str, Vec<f64>>),
}

impl<'h> PreviousValues<'h> {
    /// Reads the basis; refuses a successful stored value that is not finite.
    pub(crate) fn new(
        basis: &[&'h PreviousEvaluation],
        objectives: &[Objective],
    ) -> Result<Self, EvaluationError> {
        let mut entries = Vec::with_capacity(basis.len());
        for previous in basis {
            let results = previous.evaluation.indicators();
            let mut aligned = results.len() == objectives.len();
            for (position, result) in results.iter().enumerate() {
                let Some(value) = result.value.as_ref().filter(|v| v.success) else {
                    continue;
                };
                if !value.value.is_finite() {
                    let id = previous.id.as_deref().map_or_else(
                        || "without id".to_owned(),
                        |id| format!("'{}'", shorten(id)),
                    );
                    return Err(Problem::non_finite(
                        "history",
                        &format!(
                            "the stored value of '{}' in the evaluation {id}",
                            shorten(&value.metric)
                        ),
                        value.value,
                    )
                    .in_document(crate::error::InputDocument::History)
                    .into());
                }
                aligned = aligned && value.metric == objectives[position].sli;
            }
            entries.push(if aligned {
                StoredValues::Aligned(results)
            } else {
                let mut index: HashMap<&str, Vec<f64>> = HashMap::new();
                for value in results.iter().filter_map(|r| r.value.as_ref()) {
                    if value.success {
                        index
                            .entry(value.metric.as_str())
                            .or_default()
                            .push(value.value);
                    }
                }
                StoredValues::Indexed(index)
            });
        }
        Ok(PreviousValues { entries })
    }

    /// Replaces `out` with the previous values of the objective at `position` measuring `sli`,
    /// in basis order.
    pub(crate) fn collect(&self, position: usize, sli: &str, out: &mut Vec<f64>) {
        out.clear();
        for entry in &self.entries {
            match entry {
                StoredValues::Aligned(results) => {
                    if let Some(value) = results[position].value.as_ref().filter(|v| v.success) {
                        out.push(value.value);
                    }
                }
                StoredValues::Indexed(index) => {
                    if let Some(values) = index.get(sli) {
                        out.extend_from_slice(values);
                    }
                }
            }
        }
    }
}
