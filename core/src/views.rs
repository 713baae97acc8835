//! Plain, serializable views of the core's results for front doors that convert through serde
//! (the Python and Node bindings): each field computed once, here, with the core's own
//! sentences, so a binding only hands the view over.
//!
//! Field names are camelCase, as in Keptn's JSON shapes.

use serde::Serialize;

use crate::{
    explain, summarize, CriteriaSet, Criterion, Decision, Evaluation, FailOn, IndicatorResult,
    IndicatorStatus, IndicatorValue, Problem, SliReport, Slo, Status, Target, Threshold, Verdict,
};

/// One objective's result, flattened: the measured value's fields beside the objective's.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IndicatorView<'a> {
    /// The SLI name; `None` only for an informational objective without a value read back
    /// from JSON.
    pub metric: Option<&'a str>,
    /// The measured value (0 when it could not be obtained); `None` without a value.
    pub value: Option<f64>,
    /// The aggregated previous value (0 when there was none); `None` without a value.
    pub compared_value: Option<f64>,
    /// False when the value could not be obtained (or there is no value).
    pub success: bool,
    /// The provider's message, or why the value is missing; empty when there is none.
    pub message: &'a str,
    /// The objective's `displayName`.
    pub display_name: &'a str,
    /// Weight earned.
    pub score: f64,
    /// The objective's outcome.
    pub status: IndicatorStatus,
    /// Whether the objective is a key SLI.
    pub key_sli: bool,
    /// Every pass criterion, resolved, in order.
    pub pass_targets: &'a [Target],
    /// Every warning criterion, resolved, in order.
    pub warning_targets: &'a [Target],
    /// The baseline relative criteria were resolved against; `None` without previous values.
    pub baseline: Option<BaselineView>,
    /// Why the objective got its status, in one line ([`explain`]).
    pub explanation: String,
}

/// The baseline of an objective: how, from what and from how many previous values.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct BaselineView {
    /// The aggregate function's name (`avg`, `p50`, `p90`, `p95`).
    pub function: &'static str,
    /// The aggregated value.
    pub value: f64,
    /// How many previous values were aggregated.
    pub values: usize,
}

impl<'a> IndicatorView<'a> {
    /// The view of one objective's result.
    pub fn of(result: &'a IndicatorResult) -> Self {
        let value = result.value.as_ref();
        IndicatorView {
            metric: result.metric(),
            value: value.map(|v| v.value),
            compared_value: value.map(|v| v.compared_value),
            success: value.is_some_and(|v| v.success),
            message: value.map_or("", |v| v.message.as_str()),
            display_name: &result.display_name,
            score: result.score,
            status: result.status,
            key_sli: result.key_sli,
            pass_targets: &result.pass_targets,
            warning_targets: &result.warning_targets,
            baseline: result.baseline.map(|b| BaselineView {
                function: b.function.as_str(),
                value: b.value,
                values: b.values,
            }),
            explanation: explain(result),
        }
    }
}

/// An evaluation's verdict and its sentences, with one view per objective.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationView<'a> {
    /// The verdict of the gate.
    pub result: Verdict,
    /// Whether the evaluation could be carried out.
    pub status: Status,
    /// The total score, 0 to 100.
    pub score: f64,
    /// True only when the gate passed.
    pub passed: bool,
    /// Why the verdict is what it is.
    pub message: &'a str,
    /// Ids of the stored results used as comparison basis, newest first.
    pub compared_events: &'a [String],
    /// The verdict in one sentence ([`summarize`]).
    pub summary: String,
    /// One view per objective, in SLO order.
    pub indicators: Vec<IndicatorView<'a>>,
    /// The indices of the objectives that did not pass (a warning counts), in SLO order.
    pub not_passed: Vec<usize>,
}

impl<'a> EvaluationView<'a> {
    /// The view of an evaluation.
    pub fn of(evaluation: &'a Evaluation) -> Self {
        EvaluationView {
            result: evaluation.result(),
            status: evaluation.status,
            score: evaluation.score(),
            passed: evaluation.passed(),
            message: &evaluation.message,
            compared_events: &evaluation.evaluation.compared_events,
            summary: summarize(evaluation),
            indicators: evaluation
                .indicators()
                .iter()
                .map(IndicatorView::of)
                .collect(),
            not_passed: (evaluation.not_passed(FailOn::Warning))
                .map(|(index, _)| index)
                .collect(),
        }
    }
}

/// What the pipeline does with an evaluation.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionView {
    /// `promote`, `ask` or `hold`.
    pub action: &'static str,
    /// True when the held deployment is live and should be rolled back.
    pub rollback: bool,
    /// The exit status that carries the decision.
    pub exit_code: u8,
    /// The action and why, in a sentence.
    pub explanation: String,
}

impl DecisionView {
    /// The view of a decision.
    pub fn of(decision: &Decision) -> Self {
        DecisionView {
            action: decision.action.as_str(),
            rollback: decision.rollback,
            exit_code: decision.exit_code(),
            explanation: decision.explain(),
        }
    }
}

/// One objective of an SLO as written: criteria lists as text.
#[derive(Clone, Debug, Serialize)]
pub struct ObjectiveView<'a> {
    /// The SLI name.
    pub sli: &'a str,
    /// The `displayName` (empty when none).
    pub display_name: &'a str,
    /// The weight.
    pub weight: u32,
    /// Whether the objective is a key SLI.
    pub key_sli: bool,
    /// The pass criteria lists, as written.
    pub pass: Vec<Vec<&'a str>>,
    /// The warning criteria lists, as written.
    pub warning: Vec<Vec<&'a str>>,
}

/// A parsed SLO's objectives and score thresholds.
#[derive(Clone, Debug, Serialize)]
pub struct SloView<'a> {
    /// The SLO text as it was parsed.
    pub source: &'a str,
    /// The SLI names of the objectives, in the order written.
    pub slis: Vec<&'a str>,
    /// The objectives, in the order written.
    pub objectives: Vec<ObjectiveView<'a>>,
    /// The score (percent) at or above which the gate passes.
    pub pass_score: f64,
    /// The warning score (percent), when set.
    pub warning_score: Option<f64>,
    /// What the SLO is used with as written but looks like a mistake, in document order.
    pub warnings: Vec<ProblemView>,
}

fn criteria_text(sets: &[CriteriaSet]) -> Vec<Vec<&str>> {
    sets.iter()
        .map(|s| s.criteria.iter().map(Criterion::as_str).collect())
        .collect()
}

impl<'a> SloView<'a> {
    /// The view of a parsed SLO.
    pub fn of(slo: &'a Slo) -> Self {
        SloView {
            source: slo.source(),
            slis: slo.objectives().iter().map(|o| o.sli.as_str()).collect(),
            objectives: slo
                .objectives()
                .iter()
                .map(|o| ObjectiveView {
                    sli: &o.sli,
                    display_name: &o.display_name,
                    weight: o.weight,
                    key_sli: o.key_sli,
                    pass: criteria_text(&o.pass),
                    warning: criteria_text(&o.warning),
                })
                .collect(),
            pass_score: slo.total_score().pass.percent,
            warning_score: slo.total_score().warning.as_ref().map(|w| w.percent),
            warnings: slo.warnings().iter().map(ProblemView::of).collect(),
        }
    }
}

/// A parsed criterion's parts.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CriterionView<'a> {
    /// The text exactly as written.
    pub text: &'a str,
    /// `<`, `<=`, `=`, `>=` or `>`.
    pub operator: &'static str,
    /// `fixed`, `delta` or `percent`.
    pub kind: &'static str,
    /// The fixed threshold, the signed delta or the signed percentage.
    pub amount: f64,
    /// Whether the target depends on previous results.
    pub is_relative: bool,
}

impl<'a> CriterionView<'a> {
    /// The view of a criterion.
    pub fn of(criterion: &'a Criterion) -> Self {
        let (kind, amount) = match criterion.threshold() {
            Threshold::Fixed(v) => ("fixed", v),
            Threshold::Delta(v) => ("delta", v),
            Threshold::Percent(v) => ("percent", v),
        };
        CriterionView {
            text: criterion.as_str(),
            operator: criterion.operator().as_str(),
            kind,
            amount,
            is_relative: criterion.is_relative(),
        }
    }
}

/// One problem (of an error or a warning): its code, where it is and what it says.
#[derive(Clone, Debug, Serialize)]
pub struct ProblemView {
    /// The stable code.
    pub code: &'static str,
    /// Where the problem is inside its document; empty for the whole document.
    pub path: String,
    /// The 1-based line, where known.
    pub line: Option<usize>,
    /// The 1-based column, where known.
    pub column: Option<usize>,
    /// The message.
    pub message: String,
}

impl ProblemView {
    /// The view of a problem.
    pub fn of(problem: &Problem) -> Self {
        ProblemView {
            code: problem.code().as_str(),
            path: problem.path().to_owned(),
            line: problem.line(),
            column: problem.column(),
            message: problem.message().to_owned(),
        }
    }
}

/// One value a report gave, as Keptn's `indicatorValues` entry with every field present.
#[derive(Clone, Debug, Serialize)]
pub struct IndicatorValueView<'a> {
    /// The SLI name.
    pub metric: &'a str,
    /// The measured value.
    pub value: f64,
    /// False when the value could not be obtained.
    pub success: bool,
    /// Why the value could not be obtained; empty otherwise.
    pub message: &'a str,
}

/// The values of an SLI report: `{ indicatorValues: [{ metric, value, success, message }] }`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportValuesView<'a> {
    /// Every value, in the report's order.
    pub indicator_values: Vec<IndicatorValueView<'a>>,
}

impl<'a> ReportValuesView<'a> {
    /// The view of a report's values.
    pub fn of(report: &'a SliReport) -> Self {
        let value = |v: &'a IndicatorValue| IndicatorValueView {
            metric: &v.metric,
            value: v.value,
            success: v.success,
            message: &v.message,
        };
        ReportValuesView {
            indicator_values: report.indicator_values.iter().map(value).collect(),
        }
    }
}
