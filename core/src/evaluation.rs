//! The result of an evaluation, in Keptn's evaluation-finished shape.
//!
//! [`Evaluation`] serializes to the JSON Keptn's lighthouse-service emits (`status`, `result`,
//! `evaluation.score`, `evaluation.indicatorResults[]`, ...), and deserializes from it, so a
//! stored result of either tool serves as history for the next evaluation.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::slo::AggregateFunction;

/// The outcome of a gate, or of one objective's total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The objectives are met: promote.
    Pass,
    /// Close to the objectives: promote with care.
    Warning,
    /// The objectives are not met: hold back.
    Fail,
}

impl Verdict {
    /// `"pass"`, `"warning"` or `"fail"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Warning => "warning",
            Verdict::Fail => "fail",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the evaluation could be carried out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The objectives were scored.
    Succeeded,
    /// The evaluation could not be carried out (the SLI provider errored or was aborted).
    Errored,
}

impl Status {
    /// `"succeeded"` or `"errored"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Succeeded => "succeeded",
            Status::Errored => "errored",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of one objective.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndicatorStatus {
    /// Pass criteria met: full weight.
    Pass,
    /// Warning criteria met: half the weight.
    Warning,
    /// Neither met, or no value: nothing.
    Fail,
    /// No pass criteria: reported only.
    Info,
    /// A history model had too little data (or could not be computed); the objective counts
    /// as its `inconclusive` policy says (a slogate extension).
    Inconclusive,
}

impl IndicatorStatus {
    /// `"pass"`, `"warning"`, `"fail"`, `"info"` or `"inconclusive"`.
    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorStatus::Pass => "pass",
            IndicatorStatus::Warning => "warning",
            IndicatorStatus::Fail => "fail",
            IndicatorStatus::Info => "info",
            IndicatorStatus::Inconclusive => "inconclusive",
        }
    }
}

impl fmt::Display for IndicatorStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an SLI value was read: the report kind, the file and the metric in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricSource {
    /// The report kind's name (`locust`), or `values` for plain SLI values.
    pub kind: String,
    /// The file (or the name the caller gave the report).
    pub file: String,
    /// The metric's name in the report.
    pub metric: String,
}

impl fmt::Display for MetricSource {
    /// `locust:/cart.response_time_p95 (out_stats.csv)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{} ({})", self.kind, self.metric, self.file)
    }
}

/// The measured value of one objective's SLI, with the baseline it was compared with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MeasuredValue {
    /// The SLI name.
    pub metric: String,
    /// The measured value (0 when it could not be obtained).
    #[serde(default)]
    pub value: f64,
    /// The aggregated previous value (0 when there was none).
    #[serde(default)]
    pub compared_value: f64,
    /// False when the value could not be obtained.
    #[serde(default)]
    pub success: bool,
    /// The provider's message, or why the value is missing.
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub message: String,
    /// Where the value was read, when it came from a load-test report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<MetricSource>,
}

/// One criterion of an objective, resolved to a number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    /// The criterion exactly as written in the SLO.
    #[serde(default)]
    pub criteria: String,
    /// The number the value was compared with.
    #[serde(default)]
    pub target_value: f64,
    /// True when the value does not meet the criterion.
    #[serde(default)]
    pub violated: bool,
}

/// The baseline an objective's relative criteria were resolved against.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Baseline {
    /// How the previous values were combined.
    pub function: AggregateFunction,
    /// The aggregated value.
    pub value: f64,
    /// How many previous values were aggregated.
    pub values: usize,
}

/// The result of one objective.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndicatorResult {
    /// Weight earned: the weight on pass, half on warning, 0 otherwise.
    #[serde(default)]
    pub score: f64,
    /// The measured value; `None` for an informational objective without a value.
    #[serde(default)]
    pub value: Option<MeasuredValue>,
    /// The objective's `displayName`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub display_name: String,
    /// Every pass criterion, resolved, in order.
    #[serde(
        default,
        serialize_with = "empty_as_null",
        deserialize_with = "null_as_default"
    )]
    pub pass_targets: Vec<Target>,
    /// Every warning criterion, resolved, in order.
    #[serde(
        default,
        serialize_with = "empty_as_null",
        deserialize_with = "null_as_default"
    )]
    pub warning_targets: Vec<Target>,
    /// Whether the objective is a key SLI. As in Keptn, reported only for objectives whose
    /// value was evaluated.
    #[serde(default)]
    pub key_sli: bool,
    /// The objective's outcome.
    pub status: IndicatorStatus,
    /// The baseline relative criteria were resolved against; `None` when there were no
    /// previous values (and for results read back from JSON, which does not carry it).
    #[serde(skip)]
    pub baseline: Option<Baseline>,
    /// The SLI name of an objective whose result carries no value (an informational
    /// objective that was not measured): Keptn's shape keeps the name only in the value.
    /// `None` otherwise, and for results read back from JSON.
    #[serde(skip)]
    pub unmeasured_sli: Option<String>,
    /// What the objective's history model computed (objectives with a `model` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelOutcome>,
    /// What the objective's `zero_baseline` policy decided, when a policy other than Keptn's
    /// met a baseline of 0 (a slogate extension).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zero_baseline: Option<crate::edge::ZeroBaselineOutcome>,
    /// The objective's declared unit (`unit:`, a slogate extension).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Which way the objective's value is better (`better:`, a slogate extension).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub better: Option<crate::unit::Better>,
}

/// What a history model computed for an objective: its limits, the statistic of the value,
/// and the explanation, so that every output can show why (a slogate extension).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelOutcome {
    /// The model kind (`t_test`, ...).
    pub kind: String,
    /// The model's own outcome: `pass`, `fail` or `inconclusive`.
    pub status: String,
    /// How an inconclusive outcome counts: `pass`, `warning`, `fail` or `ignore`.
    pub inconclusive: String,
    /// How many basis values the model used.
    pub samples: usize,
    /// The computed lower limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower_limit: Option<f64>,
    /// The computed upper limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper_limit: Option<f64>,
    /// The centre the limits are built around.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub centre: Option<f64>,
    /// How far the value lies from the centre, in the model's unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statistic: Option<f64>,
    /// One line explaining the limit and the outcome.
    pub explanation: String,
}

impl IndicatorResult {
    /// The SLI name: from the value, or the name kept for an unmeasured objective.
    pub fn metric(&self) -> Option<&str> {
        self.value
            .as_ref()
            .map(|v| v.metric.as_str())
            .or(self.unmeasured_sli.as_deref())
    }
}

/// The score and per-objective details of an evaluation (Keptn's `evaluation` object).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationDetails {
    /// Start of the evaluated time window, as the SLI provider reported it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_start: Option<String>,
    /// End of the evaluated time window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_end: Option<String>,
    /// The verdict of the score alone. Differs from [`Evaluation::result`] when the SLI
    /// provider failed, when there are no objectives, or when the evaluation errored.
    pub result: Verdict,
    /// The total score, 0 to 100.
    #[serde(default)]
    pub score: f64,
    /// The SLO text, base64-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slo_file_content: Option<String>,
    /// One result per objective, in SLO order; empty when nothing was evaluated.
    #[serde(
        default,
        serialize_with = "empty_as_null",
        deserialize_with = "null_as_default"
    )]
    pub indicator_results: Vec<IndicatorResult>,
    /// Ids of the stored results used as comparison basis, newest first.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub compared_events: Vec<String>,
}

/// The outcome of a quality gate (Keptn's evaluation-finished event data).
///
/// `Serialize` gives Keptn's JSON shape; `Deserialize` reads it back, including results stored
/// by Keptn itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Keptn project, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// Keptn stage, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// Keptn service, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Whether the evaluation was carried out.
    pub status: Status,
    /// The verdict of the gate.
    pub result: Verdict,
    /// Why the verdict is what it is, in a sentence.
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub message: String,
    /// Labels passed through from the SLI provider.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub labels: BTreeMap<String, String>,
    /// Score and per-objective details.
    pub evaluation: EvaluationDetails,
}

impl Evaluation {
    /// The verdict of the gate.
    pub fn result(&self) -> Verdict {
        self.result
    }

    /// The total score, 0 to 100.
    pub fn score(&self) -> f64 {
        self.evaluation.score
    }

    /// True only when the gate passed.
    pub fn passed(&self) -> bool {
        self.result == Verdict::Pass
    }

    /// One result per objective, in SLO order.
    pub fn indicators(&self) -> &[IndicatorResult] {
        &self.evaluation.indicator_results
    }

    /// The evaluation as Keptn-shaped JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads an evaluation back from Keptn-shaped JSON.
    pub fn from_json(text: &str) -> Result<Evaluation, crate::InputError> {
        if let Ok(evaluation) = serde_json::from_str(text) {
            return Ok(evaluation);
        }
        // Tracking the path costs an allocation per key: only to locate the error.
        let mut de = serde_json::Deserializer::from_str(text);
        let evaluation = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            if e.inner().is_data() {
                crate::json::typed_problem(&e)
            } else {
                crate::json::json_problem(e.inner(), "evaluation")
            }
        })?;
        de.end()
            .map_err(|e| crate::json::json_problem(&e, "evaluation"))?;
        Ok(evaluation)
    }

    /// The evaluation as pretty-printed Keptn-shaped JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[allow(clippy::ptr_arg)]
fn empty_as_null<S, T>(items: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    T: Serialize,
{
    if items.is_empty() {
        serializer.serialize_none()
    } else {
        items.serialize(serializer)
    }
}
