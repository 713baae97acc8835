//! # slogate
//!
//! The scoring engine of a quality gate: it parses Keptn-style SLO definitions (`slo.yaml`),
//! evaluates measured SLI values against them, compares relative criteria with previous
//! results, and returns a verdict (`pass`, `warning`, `fail`) with per-objective details in
//! Keptn's JSON shape. The semantics are those of Keptn's lighthouse-service; where Keptn
//! silently accepts a broken definition, slogate refuses it with an error that names the
//! objective, the text and the reason.
//!
//! ```
//! use slogate::{Slo, SliReport, Verdict};
//!
//! let slo = Slo::parse(r#"
//! objectives:
//!   - sli: response_time_p95
//!     pass:
//!       - criteria: ["<600"]
//!     warning:
//!       - criteria: ["<=800"]
//!   - sli: error_rate
//!     key_sli: true
//!     pass:
//!       - criteria: ["<=0.01"]
//! total_score:
//!   pass: "90%"
//!   warning: "75%"
//! "#)?;
//!
//! let values = SliReport::from_values([("response_time_p95", 412.3), ("error_rate", 0.0)]);
//! let evaluation = slo.evaluate(&values, &[])?;
//! assert_eq!(evaluation.result(), Verdict::Pass);
//! println!("{} with a score of {}", evaluation.result(), evaluation.score());
//!
//! // A broken criterion is refused when the SLO is parsed, not silently scored.
//! let err = Slo::parse("objectives:\n  - sli: a\n    pass:\n      - criteria: ['<600ms']\ntotal_score: {pass: 90%}\n")
//!     .unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "objectives[0].pass[0].criteria[0] (line 4, column 20): invalid criterion '<600ms': \
//!      unexpected character 'm' after the number '600'; expected nothing more (units are not allowed)"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Parse an SLO once with [`Slo::parse`] and evaluate it as often as needed with
//! [`Slo::evaluate`]; or use [`evaluate_json`] for the whole JSON-in, JSON-out path.

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

mod baseline;
mod batch;
pub mod canary;
pub mod columns;
mod criterion;
mod decision;
mod edge;
mod error;
mod evaluate;
mod evaluation;
mod explain;
pub mod gates;
mod heatmap;
mod input;
mod json;
mod limits;
pub mod model;
pub mod options;
pub mod reports;
mod sli_config;
mod slo;
pub mod stats;
mod stored;
mod unit;
pub mod views;
mod yaml;

pub use batch::{evaluate_many, evaluate_many_parsed, evaluate_many_with_limits, BatchItem};
pub use criterion::{Criterion, Operator, Threshold};
pub use decision::{
    Action, ApprovalMode, ApprovalPolicy, Decision, Deployment, ExitStatus, FailOn, EXIT_BAD_INPUT,
};
pub use edge::{ZeroBaseline, ZeroBaselineOutcome};
pub use error::{
    Error, ErrorCode, EvaluationError, InputDocument, InputError, Problem, Severity, SloError,
};
pub use evaluation::{
    Baseline, Evaluation, EvaluationDetails, IndicatorResult, IndicatorStatus, MeasuredValue,
    MetricSource, Status, Target, Verdict,
};
pub use explain::{
    baseline_value, explain, format_number, format_quantity, name_of, objective_name,
    resolved_target, summarize,
};
pub use gates::{Gate, GateEvaluation, GateFormat};
pub use heatmap::{report_html, report_markdown, Heatmap, HeatmapOptions};
pub use input::{IndicatorValue, ProviderStatus, SliReport, SliShape};
pub use json::parse_json;
pub use limits::Limits;
pub use sli_config::{SliConfig, SliIndicator, SliSource};
pub use slo::{
    AggregateFunction, CompareWith, Comparison, CriteriaSet, IncludeResults, Objective,
    ObjectiveModel, ScoreThreshold, Slo, TotalScore, EXTENSIONS_V1,
};
pub use stored::{HistoryEntry, PreviousEvaluation};
pub use unit::{change_in_words, Better, Unit, UnitKind};

/// Parses an SLO, decodes SLI values and history from JSON, evaluates, and returns the
/// evaluation as Keptn-shaped JSON.
///
/// `sli_json` is a plain object `{"metric": number}` or Keptn's get-sli data; `history_json`
/// is a JSON array of stored evaluations, newest first (see [`PreviousEvaluation::from_json`]
/// for the accepted forms), of which only the comparison basis is decoded in full (see
/// [`Slo::evaluate_stored_json`]).
///
/// ```
/// let out = slogate::evaluate_json(
///     "objectives:\n  - sli: p95\n    pass: [{criteria: ['<600']}]\ntotal_score: {pass: 90%}\n",
///     r#"{"p95": 412}"#,
///     "[]",
/// ).unwrap();
/// assert!(out.contains(r#""result":"pass""#));
/// ```
pub fn evaluate_json(slo_yaml: &str, sli_json: &str, history_json: &str) -> Result<String, Error> {
    let slo = Slo::parse(slo_yaml)?;
    let report = SliReport::from_json(sli_json)?;
    Ok(slo.evaluate_stored_json(&report, history_json)?.to_json())
}
