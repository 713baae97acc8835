//! Scoring: from an SLO, measured values and previous results to a verdict.

use std::borrow::Borrow;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::convert::Infallible;
use std::ops::Range;

use crate::baseline::{select, Basis, Candidate, PreviousValues};
use crate::criterion::{Criterion, Threshold};
use crate::edge::{ZeroBaseline, ZeroBaselineOutcome};
use crate::error::{ErrorCode, EvaluationError, InputDocument, Problem};
use crate::evaluation::ModelOutcome;
use crate::evaluation::{
    Baseline, Evaluation, EvaluationDetails, IndicatorResult, IndicatorStatus, MeasuredValue,
    Status, Target, Verdict,
};
use crate::explain::{format_number, push_number};
use crate::input::{IndicatorValue, ProviderStatus, SliReport};
use crate::limits::Limits;
use crate::model::{InconclusivePolicy, ModelStatus};
use crate::slo::ObjectiveModel;
use crate::slo::{CriteriaSet, Objective, Slo, TotalScore};
use crate::stored::PreviousEvaluation;
use crate::yaml::shorten;

const NO_VALUE: &str = "no value received from SLI provider";

impl Slo {
    /// Evaluates measured values against this SLO, comparing relative criteria with `history`
    /// (stored evaluations, newest first), under the default [`Limits`].
    ///
    /// ```
    /// use slogate::{PreviousEvaluation, Slo, SliReport, Verdict};
    ///
    /// let slo = Slo::parse("
    /// objectives:
    ///   - sli: response_time_p95
    ///     pass: [{criteria: ['<=+10%', '<600']}]
    ///     warning: [{criteria: ['<=800']}]
    /// total_score: {pass: 90%, warning: 75%}
    /// ").unwrap();
    ///
    /// let first = slo.evaluate(&SliReport::from_values([("response_time_p95", 500.0)]), &[]).unwrap();
    /// assert_eq!(first.result(), Verdict::Pass);
    ///
    /// // 560 is more than 10% above the previous 500: warning.
    /// let history = [PreviousEvaluation::new("build-1", first)];
    /// let second = slo.evaluate(&SliReport::from_values([("response_time_p95", 560.0)]), &history).unwrap();
    /// assert_eq!(second.result(), Verdict::Fail);
    /// assert_eq!(second.score(), 50.0);
    /// assert_eq!(second.indicators()[0].pass_targets[0].target_value, 550.0);
    /// ```
    ///
    /// `history` is anything that lists borrowed stored evaluations, newest first: a
    /// `&Vec<PreviousEvaluation>`, a slice, or an iterator over references held elsewhere (as a
    /// binding does with the evaluations its callers keep), so nothing is copied. It is pulled
    /// only until the comparison basis is complete (see [`Slo::evaluate_pulling`]).
    pub fn evaluate<'h, H>(
        &self,
        report: &SliReport,
        history: H,
    ) -> Result<Evaluation, EvaluationError>
    where
        H: IntoIterator<Item = &'h PreviousEvaluation>,
    {
        self.evaluate_with_limits(report, history, &Limits::default())
    }

    /// Like [`Slo::evaluate`], enforcing `limits`: at most [`Limits::max_history`] stored
    /// evaluations are examined while the basis is incomplete.
    pub fn evaluate_with_limits<'h, H>(
        &self,
        report: &SliReport,
        history: H,
        limits: &Limits,
    ) -> Result<Evaluation, EvaluationError>
    where
        H: IntoIterator<Item = &'h PreviousEvaluation>,
    {
        let history = history.into_iter().map(Ok::<_, Infallible>);
        match self.evaluate_pulling(report, history, limits) {
            Ok(evaluated) => evaluated,
            Err(never) => match never {},
        }
    }

    /// Evaluates with a history pulled from a source that can fail, such as a file read from
    /// its end: stored evaluations (owned or borrowed), newest first, are taken one at a time
    /// and only until the comparison basis is complete, so the cost does not grow with the
    /// length of the history. At most [`Limits::max_history`] of them are examined while the
    /// basis is incomplete (`history_too_long`).
    ///
    /// The outer error is the first error of the source, which ends the evaluation.
    ///
    /// ```
    /// use slogate::{Limits, PreviousEvaluation, Slo, SliReport};
    ///
    /// let slo = Slo::parse("objectives:\n  - sli: p95\n    pass: [{criteria: ['<=+10%']}]\ntotal_score: {pass: 90%}\n").unwrap();
    /// let report = SliReport::from_values([("p95", 100.0)]);
    /// let first = PreviousEvaluation::new("build-1", slo.evaluate(&report, &[]).unwrap());
    /// // An endless history: only its newest entry is ever pulled.
    /// let history = std::iter::repeat_with(|| Ok::<_, String>(first.clone()));
    /// let evaluation = slo.evaluate_pulling(&report, history, &Limits::default()).unwrap().unwrap();
    /// assert_eq!(evaluation.evaluation.compared_events, ["build-1"]);
    /// ```
    #[allow(clippy::too_many_lines)]
    pub fn evaluate_pulling<I, P, E>(
        &self,
        report: &SliReport,
        history: I,
        limits: &Limits,
    ) -> Result<Result<Evaluation, EvaluationError>, E>
    where
        I: IntoIterator<Item = Result<P, E>>,
        P: Borrow<PreviousEvaluation>,
    {
        let values = match match_values(self.objectives(), self.shadowed(), report) {
            Ok(values) => values,
            Err(e) => return Ok(Err(e)),
        };
        // An errored retrieval is not scored: nothing is pulled for it.
        let compared = if report.status == ProviderStatus::Succeeded {
            let basis =
                match Basis::select(*self.comparison(), self.pinned_baseline(), history, limits)? {
                    Ok(basis) => basis,
                    Err(e) => return Ok(Err(e)),
                };
            match self.compare(&basis.borrowed()) {
                Ok(compared) => compared,
                Err(e) => return Ok(Err(e)),
            }
        } else {
            Compared::default()
        };
        Ok(self.score(report, values, &compared))
    }

    /// Like [`Slo::evaluate_pulling`], over candidates of which only what the selection
    /// reads is known: the chosen ones are then decoded in full by `decode`, the others never.
    pub(crate) fn evaluate_selected<C, P, E>(
        &self,
        report: &SliReport,
        history: impl IntoIterator<Item = Result<C, E>>,
        limits: &Limits,
        decode: impl FnMut(C) -> Result<P, E>,
    ) -> Result<Result<Evaluation, EvaluationError>, E>
    where
        C: Candidate,
        P: Borrow<PreviousEvaluation>,
    {
        let values = match match_values(self.objectives(), self.shadowed(), report) {
            Ok(values) => values,
            Err(e) => return Ok(Err(e)),
        };
        let compared = if report.status == ProviderStatus::Succeeded {
            let chosen = match select(*self.comparison(), self.pinned_baseline(), history, limits)?
            {
                Ok(chosen) => chosen,
                Err(e) => return Ok(Err(e)),
            };
            let decoded = chosen
                .into_iter()
                .map(decode)
                .collect::<Result<Vec<P>, E>>()?;
            let basis: Vec<&PreviousEvaluation> = decoded.iter().map(Borrow::borrow).collect();
            match self.compare(&basis) {
                Ok(compared) => compared,
                Err(e) => return Ok(Err(e)),
            }
        } else {
            Compared::default()
        };
        Ok(self.score(report, values, &compared))
    }

    /// Selects the comparison basis from `history` (newest first) and reads it into what
    /// every evaluation against this SLO and this history shares.
    pub(crate) fn compare_history(
        &self,
        history: &[PreviousEvaluation],
        limits: &Limits,
    ) -> Result<Compared, EvaluationError> {
        let history = history.iter().map(Ok::<_, Infallible>);
        let selected =
            match Basis::select(*self.comparison(), self.pinned_baseline(), history, limits) {
                Ok(selected) => selected,
                Err(never) => match never {},
            };
        self.compare(&selected?.borrowed())
    }

    /// Evaluates `report` with a comparison prepared beforehand, possibly shared with other
    /// evaluations: `compared` is asked for only when the report is scored (a successful
    /// retrieval whose values match the objectives). Gives what [`Slo::evaluate`] gives with
    /// the history `compared` was prepared from.
    pub(crate) fn evaluate_compared<'c>(
        &self,
        report: &SliReport,
        compared: impl FnOnce() -> Result<&'c Compared, EvaluationError>,
    ) -> Result<Evaluation, EvaluationError> {
        let values = match_values(self.objectives(), self.shadowed(), report)?;
        if report.status == ProviderStatus::Succeeded {
            self.score(report, values, compared()?)
        } else {
            self.score(report, values, &Compared::default())
        }
    }

    /// Reads the comparison basis once for every objective: its baseline, and the previous
    /// values its history model judges. Refuses a successful stored value that is not finite.
    fn compare(&self, basis: &[&PreviousEvaluation]) -> Result<Compared, EvaluationError> {
        let objectives = self.objectives();
        let previous = PreviousValues::new(basis, objectives)?;
        let function = self.comparison().aggregate_function;
        let with_models = objectives.iter().any(|o| o.model.is_some());
        let mut compared = Compared {
            events: basis
                .iter()
                .filter_map(|previous| previous.id.clone())
                .collect(),
            baselines: Vec::with_capacity(objectives.len()),
            model_ranges: Vec::with_capacity(if with_models { objectives.len() } else { 0 }),
            model_values: Vec::new(),
        };
        let mut samples = Vec::with_capacity(basis.len());
        for (position, objective) in objectives.iter().enumerate() {
            previous.collect(position, &objective.sli, &mut samples);
            if with_models {
                // A model needs the basis values themselves, newest first, before the
                // aggregate function sorts them.
                let start = compared.model_values.len();
                if objective.model.is_some() {
                    compared.model_values.extend_from_slice(&samples);
                }
                compared
                    .model_ranges
                    .push(start..compared.model_values.len());
            }
            let baseline = function.apply(&mut samples).map(|value| Baseline {
                function,
                value,
                values: samples.len(),
            });
            compared.baselines.push(baseline);
        }
        Ok(compared)
    }

    #[allow(clippy::too_many_lines)]
    fn score(
        &self,
        report: &SliReport,
        values: Vec<Option<&IndicatorValue>>,
        compared: &Compared,
    ) -> Result<Evaluation, EvaluationError> {
        let mut evaluation = Evaluation {
            project: report.project.clone(),
            stage: report.stage.clone(),
            service: report.service.clone(),
            status: Status::Succeeded,
            result: Verdict::Pass,
            message: String::new(),
            labels: report.labels.clone(),
            evaluation: EvaluationDetails {
                time_start: report.start.clone(),
                time_end: report.end.clone(),
                result: Verdict::Pass,
                score: 0.0,
                slo_file_content: Some(self.encoded_source().to_owned()),
                indicator_results: Vec::new(),
                compared_events: Vec::new(),
            },
        };

        match report.status {
            ProviderStatus::Succeeded => {}
            ProviderStatus::Aborted | ProviderStatus::Errored => {
                evaluation.status = Status::Errored;
                evaluation.result = Verdict::Fail;
                evaluation.message = if report.status == ProviderStatus::Aborted {
                    "the SLI retrieval was aborted; nothing was evaluated".to_owned()
                } else {
                    format!(
                        "the SLI retrieval errored; nothing was evaluated: {}",
                        report.message
                    )
                };
                return Ok(evaluation);
            }
        }

        evaluation
            .evaluation
            .compared_events
            .clone_from(&compared.events);

        let mut earned = 0.0;
        let mut maximum = 0.0;
        let mut failed_key_sli: Option<String> = None;
        let mut results = Vec::with_capacity(self.objectives().len());
        for ((position, objective), measured) in self.objectives().iter().enumerate().zip(values) {
            let baseline = compared.baselines.get(position).copied().flatten();
            let mut result = score_objective(objective, measured, baseline);
            if let Some(model) = objective.model {
                score_model(
                    objective,
                    model,
                    &mut result,
                    compared.model_basis(position),
                );
            }
            result.unit = objective.unit.map(|u| u.as_str().to_owned());
            result.better = objective.better;
            check_finite(&result, position, objective)?;
            let ignored = result.status == IndicatorStatus::Inconclusive
                && objective.inconclusive == InconclusivePolicy::Ignore;
            if !objective.is_info() && !ignored {
                maximum += f64::from(objective.weight);
                earned += result.score;
                if objective.key_sli && fails_key(objective, &result) {
                    let name = crate::name_of(&objective.display_name, Some(&objective.sli));
                    failed_key_sli.get_or_insert_with(|| name.to_owned());
                }
            }
            results.push(result);
        }
        evaluation.evaluation.indicator_results = results;

        let (score, verdict, message) = if self.objectives().is_empty() {
            let (verdict, message) = verdict_for(0.0, self.total_score(), None);
            (0.0, verdict, message)
        } else if maximum == 0.0 && failed_key_sli.is_none() {
            let message = if self.objectives().iter().any(|o| o.weight == 0) {
                "no objective is scored and no key SLI failed; the gate passes"
            } else {
                "no objective has pass criteria; the gate passes"
            };
            (100.0, Verdict::Pass, message.to_owned())
        } else if maximum == 0.0 {
            // Only key SLIs of weight 0 gate, and one failed: nothing was scored, nothing lost.
            let (verdict, message) = verdict_for(100.0, self.total_score(), failed_key_sli);
            (100.0, verdict, message)
        } else {
            let score = 100.0 * (earned / maximum);
            let (verdict, message) = verdict_for(score, self.total_score(), failed_key_sli);
            (score, verdict, message)
        };
        evaluation.evaluation.score = score;
        evaluation.evaluation.result = verdict;
        evaluation.result = verdict;
        evaluation.message = message;

        if self.objectives().is_empty() {
            evaluation.result = Verdict::Fail;
            "the SLO has no objectives; the gate fails".clone_into(&mut evaluation.message);
        } else if report.result == Some(Verdict::Fail) {
            evaluation.result = Verdict::Fail;
            evaluation.message = format!(
                "the SLI provider reported a failure; the gate fails: {}",
                report.message
            );
        }
        Ok(evaluation)
    }
}

/// What every evaluation against one SLO and one history shares, read once from the
/// comparison basis: the ids of the compared evaluations and, per objective, the baseline and
/// the previous values a history model judges. Empty for a report that is not scored.
#[derive(Debug, Default)]
pub(crate) struct Compared {
    events: Vec<String>,
    /// Per objective.
    baselines: Vec<Option<Baseline>>,
    /// Per objective, when the SLO has a history model: where that objective's previous values
    /// (newest first) lie in `model_values`. Empty when no objective has a model.
    model_ranges: Vec<Range<usize>>,
    model_values: Vec<f64>,
}

impl Compared {
    /// The previous values, newest first, of the objective at `position`'s model.
    fn model_basis(&self, position: usize) -> &[f64] {
        self.model_ranges
            .get(position)
            .and_then(|range| self.model_values.get(range.clone()))
            .unwrap_or_default()
    }
}

/// Lists of metric names up to this long are searched by a linear scan, which beats hashing
/// for the few values a small gate has. Longer lists are indexed in a `HashMap` with std's
/// randomly keyed `SipHash`, so that untrusted metric names cannot flood it, and every lookup
/// stays constant-time whatever the number of objectives.
const SCANNED_NAMES: usize = 16;

/// The measured value of each objective, by objective position; refuses duplicate metrics and
/// non-finite values, reporting every problem in the order of the values.
///
/// Values listed in the same order as the objectives (as built from the objectives, or sent
/// back by a caller that keeps that order) are matched by position without any search: since
/// objectives measure distinct SLIs, such a list cannot hold a duplicate.
///
/// An objective in `shadowed` (one that repeats an earlier objective's SLI) gets no value:
/// Keptn hands each value to the first objective naming it.
fn match_values<'r>(
    objectives: &[Objective],
    shadowed: &[usize],
    report: &'r SliReport,
) -> Result<Vec<Option<&'r IndicatorValue>>, EvaluationError> {
    let values = &report.indicator_values;
    let mut problems = Vec::new();
    let aligned = values.len() == objectives.len()
        && values
            .iter()
            .zip(objectives)
            .all(|(value, objective)| value.metric == objective.sli);
    let mut index: Option<HashMap<&str, usize>> =
        (!aligned && values.len() > SCANNED_NAMES).then(|| HashMap::with_capacity(values.len()));
    for (position, value) in values.iter().enumerate() {
        if value.success && !value.value.is_finite() {
            problems.push(Problem::non_finite(
                format!("indicatorValues[{position}]"),
                &format!("the value of '{}'", shorten(&value.metric)),
                value.value,
            ));
        }
        if aligned {
            continue;
        }
        let earlier = match &mut index {
            Some(index) => match index.entry(value.metric.as_str()) {
                Entry::Occupied(first) => Some(*first.get()),
                Entry::Vacant(slot) => {
                    slot.insert(position);
                    None
                }
            },
            None => values[..position]
                .iter()
                .position(|other| other.metric == value.metric),
        };
        if let Some(earlier) = earlier {
            problems.push(Problem::new(
                ErrorCode::DuplicateIndicatorValue,
                format!("indicatorValues[{position}]"),
                format!(
                    "metric '{}' is reported twice (first at indicatorValues[{earlier}]); each metric may have one value",
                    shorten(&value.metric)
                ),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(EvaluationError::new(problems).in_document(InputDocument::Sli));
    }
    Ok(objectives
        .iter()
        .enumerate()
        .map(|(position, objective)| {
            let found = if shadowed.binary_search(&position).is_ok() {
                None
            } else if aligned {
                Some(position)
            } else if let Some(index) = &index {
                index.get(objective.sli.as_str()).copied()
            } else {
                values.iter().position(|v| v.metric == objective.sli)
            };
            found.map(|at| &values[at])
        })
        .collect())
}

/// Refuses a result whose baseline or target overflowed (previous values or a relative
/// criterion near the largest representable number): it could not be compared honestly, nor
/// written as JSON.
fn check_finite(
    result: &IndicatorResult,
    position: usize,
    objective: &Objective,
) -> Result<(), EvaluationError> {
    let overflow = |what: String| {
        Err(Problem::new(
            ErrorCode::NonFiniteValue,
            format!("objectives[{position}]"),
            format!(
                "{what} for '{}' is too large to be represented",
                shorten(&objective.sli)
            ),
        )
        .in_document(InputDocument::Slo)
        .into())
    };
    if let Some(baseline) = result.baseline.filter(|b| !b.value.is_finite()) {
        return overflow(format!(
            "the {} of the previous values ({})",
            baseline.function, baseline.value
        ));
    }
    match result
        .pass_targets
        .iter()
        .chain(&result.warning_targets)
        .find(|t| !t.target_value.is_finite())
    {
        Some(target) => overflow(format!(
            "the target of criterion '{}'",
            shorten(&target.criteria)
        )),
        None => Ok(()),
    }
}

/// Targets reported for criteria that were not evaluated: all violated, each at its fixed
/// threshold or, for relative criteria, at the baseline itself.
fn unevaluated_targets(sets: &[CriteriaSet], baseline: Option<Baseline>) -> Vec<Target> {
    sets.iter()
        .flat_map(|set| &set.criteria)
        .map(|criterion| Target {
            criteria: criterion.as_str().to_owned(),
            target_value: if criterion.is_relative() {
                baseline.map_or(0.0, |b| b.value)
            } else {
                criterion.target(None).unwrap_or(0.0)
            },
            violated: true,
        })
        .collect()
}

/// Evaluates alternatives of criteria sets: met when any set has all its criteria met. The
/// last part says whether a percentage criterion met a baseline of exactly 0, which `zero`
/// decides (met for `pass` and `inconclusive`, whose objective is then inconclusive anyway).
fn evaluate_sets(
    sets: &[CriteriaSet],
    value: f64,
    baseline: Option<f64>,
    zero: ZeroBaseline,
) -> (bool, Vec<Target>, bool) {
    let mut any_met = false;
    let mut zero_met = false;
    let mut targets = Vec::with_capacity(sets.iter().map(|s| s.criteria.len()).sum());
    for set in sets {
        let mut all_met = true;
        for criterion in &set.criteria {
            let target = criterion.target(baseline);
            let on_zero =
                baseline == Some(0.0) && matches!(criterion.threshold(), Threshold::Percent(_));
            zero_met |= on_zero;
            let met = match (on_zero, zero) {
                (true, ZeroBaseline::Pass | ZeroBaseline::Inconclusive) => true,
                (true, ZeroBaseline::Fail) => false,
                _ => criterion.is_met(value, baseline),
            };
            all_met &= met;
            targets.push(Target {
                criteria: Criterion::as_str(criterion).to_owned(),
                target_value: target.unwrap_or(0.0),
                violated: !met,
            });
        }
        any_met |= all_met;
    }
    (any_met, targets, zero_met)
}

fn score_objective(
    objective: &Objective,
    measured: Option<&IndicatorValue>,
    baseline: Option<Baseline>,
) -> IndicatorResult {
    // A value the provider could not obtain is reported as it came, but a NaN or infinity
    // there (successful ones are refused earlier) becomes 0, as JSON cannot hold it.
    let reported = |m: &IndicatorValue| MeasuredValue {
        metric: m.metric.clone(),
        value: if m.value.is_finite() { m.value } else { 0.0 },
        compared_value: 0.0,
        success: m.success,
        message: m.message.clone(),
        source: m.source.clone(),
    };
    if objective.is_info() {
        return IndicatorResult {
            score: 0.0,
            value: measured.map(reported),
            display_name: objective.display_name.clone(),
            pass_targets: Vec::new(),
            warning_targets: unevaluated_targets(&objective.warning, baseline),
            key_sli: false,
            status: IndicatorStatus::Info,
            baseline,
            unmeasured_sli: measured.is_none().then(|| objective.sli.clone()),
            model: None,
            zero_baseline: None,
            unit: None,
            better: None,
        };
    }
    let Some(measured) = measured.filter(|m| m.success) else {
        return IndicatorResult {
            score: 0.0,
            value: Some(measured.map_or_else(
                || MeasuredValue {
                    metric: objective.sli.clone(),
                    value: 0.0,
                    compared_value: 0.0,
                    success: false,
                    message: NO_VALUE.to_owned(),
                    source: None,
                },
                reported,
            )),
            display_name: objective.display_name.clone(),
            pass_targets: unevaluated_targets(&objective.pass, baseline),
            warning_targets: unevaluated_targets(&objective.warning, baseline),
            key_sli: false,
            status: IndicatorStatus::Fail,
            baseline,
            unmeasured_sli: None,
            model: None,
            zero_baseline: None,
            unit: None,
            better: None,
        };
    };
    let base = baseline.map(|b| b.value);
    let zero = objective.zero_baseline;
    let (passed, pass_targets, zero_in_pass) =
        evaluate_sets(&objective.pass, measured.value, base, zero);
    let (warned, warning_targets, zero_in_warning) =
        evaluate_sets(&objective.warning, measured.value, base, zero);
    let on_zero = zero_in_pass || zero_in_warning;
    let weight = f64::from(objective.weight);
    let (status, score) = if on_zero && zero == ZeroBaseline::Inconclusive {
        (
            IndicatorStatus::Inconclusive,
            inconclusive_score(objective.inconclusive, weight),
        )
    } else if passed {
        (IndicatorStatus::Pass, weight)
    } else if warned {
        (IndicatorStatus::Warning, 0.5 * weight)
    } else {
        (IndicatorStatus::Fail, 0.0)
    };
    IndicatorResult {
        score,
        value: Some(MeasuredValue {
            compared_value: base.unwrap_or(0.0),
            ..reported(measured)
        }),
        display_name: objective.display_name.clone(),
        pass_targets,
        warning_targets,
        key_sli: objective.key_sli,
        status,
        baseline,
        unmeasured_sli: None,
        model: None,
        zero_baseline: (on_zero && zero != ZeroBaseline::Keptn).then_some(ZeroBaselineOutcome {
            policy: zero,
            inconclusive: (zero == ZeroBaseline::Inconclusive).then_some(objective.inconclusive),
        }),
        unit: None,
        better: None,
    }
}

/// The score an inconclusive objective of `weight` earns under `policy`.
fn inconclusive_score(policy: InconclusivePolicy, weight: f64) -> f64 {
    match policy {
        InconclusivePolicy::Pass => weight,
        InconclusivePolicy::Warning => 0.5 * weight,
        InconclusivePolicy::Fail | InconclusivePolicy::Ignore => 0.0,
    }
}

/// Judges a measured value with the objective's history model over the basis values (newest
/// first), and scores it: the model's pass and fail are the objective's; an inconclusive
/// judgement counts as the objective's `inconclusive` policy says.
fn score_model(
    objective: &Objective,
    model: ObjectiveModel,
    result: &mut IndicatorResult,
    basis: &[f64],
) {
    let Some(value) = result.value.as_ref().filter(|v| v.success).map(|v| v.value) else {
        // No value: the objective failed already, as any objective without a value does.
        return;
    };
    let judged = model.model.judge(value, basis);
    let weight = f64::from(objective.weight);
    let (status, score) = match judged.status {
        ModelStatus::Pass => (IndicatorStatus::Pass, weight),
        ModelStatus::Fail => (IndicatorStatus::Fail, 0.0),
        ModelStatus::Inconclusive => (
            IndicatorStatus::Inconclusive,
            inconclusive_score(model.inconclusive, weight),
        ),
    };
    result.status = status;
    result.score = score;
    result.key_sli = objective.key_sli;
    if let Some(value) = result.value.as_mut() {
        value.compared_value = judged.centre.unwrap_or(0.0);
    }
    let target = |criteria: String, limit: f64, violated: bool| Target {
        criteria,
        target_value: limit,
        violated,
    };
    result.pass_targets = [
        judged
            .lower
            .map(|l| target(format!(">={}", format_number(l)), l, value < l)),
        judged
            .upper
            .map(|u| target(format!("<={}", format_number(u)), u, value > u)),
    ]
    .into_iter()
    .flatten()
    .collect();
    result.model = Some(ModelOutcome {
        kind: model.model.kind.as_str().to_owned(),
        status: judged.status.as_str().to_owned(),
        inconclusive: model.inconclusive.as_str().to_owned(),
        samples: judged.samples,
        lower_limit: judged.lower,
        upper_limit: judged.upper,
        centre: judged.centre,
        statistic: judged.statistic,
        explanation: judged.explanation(),
    });
}

/// Whether a result fails its key SLI: a failure, or an inconclusive model counted as one.
fn fails_key(objective: &Objective, result: &IndicatorResult) -> bool {
    result.status == IndicatorStatus::Fail
        || (result.status == IndicatorStatus::Inconclusive
            && objective.inconclusive == InconclusivePolicy::Fail)
}

/// The verdict of a score against `total_score`, and a sentence saying why.
fn verdict_for(
    score: f64,
    total: &TotalScore,
    failed_key_sli: Option<String>,
) -> (Verdict, String) {
    let mut message = String::with_capacity(112);
    let verdict = if let Some(name) = failed_key_sli {
        message.push_str("key SLI '");
        message.push_str(&name);
        message.push_str("' failed, which fails the gate whatever the score (");
        push_number(&mut message, score);
        message.push(')');
        return (Verdict::Fail, message);
    } else if score >= total.pass.percent {
        Verdict::Pass
    } else {
        match &total.warning {
            Some(warning) if score >= warning.percent => Verdict::Warning,
            _ => Verdict::Fail,
        }
    };
    message.push_str("the score of ");
    push_number(&mut message, score);
    let (phrase, threshold) = match (verdict, &total.warning) {
        (Verdict::Pass, _) => (" reaches the pass threshold of ", total.pass.percent),
        (Verdict::Warning, Some(warning)) => {
            message.push_str(" is below the pass threshold of ");
            push_number(&mut message, total.pass.percent);
            (" but reaches the warning threshold of ", warning.percent)
        }
        (_, Some(warning)) => (" is below the warning threshold of ", warning.percent),
        (_, None) => (" is below the pass threshold of ", total.pass.percent),
    };
    message.push_str(phrase);
    push_number(&mut message, threshold);
    (verdict, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_messages_name_the_threshold_that_decided() {
        let slo = Slo::parse("objectives: []\ntotal_score: {pass: 90%, warning: 75%}\n").unwrap();
        let total = slo.total_score();
        let cases = [
            (95.0, None, Verdict::Pass, "the score of 95 reaches the pass threshold of 90"),
            (200.0 / 3.0, None, Verdict::Fail, "the score of 66.667 is below the warning threshold of 75"),
            (80.0, None, Verdict::Warning, "the score of 80 is below the pass threshold of 90 but reaches the warning threshold of 75"),
            (95.0, Some("Errors".to_owned()), Verdict::Fail, "key SLI 'Errors' failed, which fails the gate whatever the score (95)"),
        ];
        for (score, key, verdict, message) in cases {
            assert_eq!(
                verdict_for(score, total, key),
                (verdict, message.to_owned())
            );
        }
        let slo = Slo::parse("objectives: []\ntotal_score: {pass: 90}\n").unwrap();
        assert_eq!(
            verdict_for(89.5, slo.total_score(), None),
            (
                Verdict::Fail,
                "the score of 89.5 is below the pass threshold of 90".to_owned()
            )
        );
    }
}
