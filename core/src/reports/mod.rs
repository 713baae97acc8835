//! Load-test reports turned into SLI values, one module per report kind.
//!
//! Each module reads one tool's report and names its numbers as SLI metrics; the names are
//! documented on each module. A report only holds what its tool measured, so
//! [`require_metrics`] tells, before scoring, which metrics an SLO asks for that a report
//! does not have.

pub mod artillery;
pub mod autocannon;
mod common;
pub mod k6;
pub mod locust;

use crate::error::{ErrorCode, EvaluationError, Problem};
use crate::input::SliReport;
use crate::slo::Slo;
use crate::yaml::shorten;

/// Refuses a report that lacks a metric one of the SLO's objectives measures.
///
/// `source` names the report kind in the message (`"k6 summary"`). Objectives without pass
/// criteria are informational and may go unmeasured.
///
/// ```
/// use slogate::{reports, Slo, SliReport};
/// let slo = Slo::parse("objectives:\n  - sli: http_req_duration.p95\n    pass: [{criteria: ['<500']}]\ntotal_score: {pass: 90%}\n").unwrap();
/// let report = SliReport::from_values([("http_req_duration.avg", 120.0)]);
/// let err = reports::require_metrics(&slo, &report, "k6 summary").unwrap_err();
/// assert_eq!(err.code().as_str(), "missing_metric");
/// ```
pub fn require_metrics(slo: &Slo, report: &SliReport, source: &str) -> Result<(), EvaluationError> {
    let available: Vec<&str> = report
        .indicator_values
        .iter()
        .map(|v| v.metric.as_str())
        .collect();
    let problems: Vec<Problem> = slo
        .objectives()
        .iter()
        .enumerate()
        .filter(|(_, objective)| {
            !objective.is_info() && !available.contains(&objective.sli.as_str())
        })
        .map(|(index, objective)| {
            let mut listed: Vec<&str> = available.iter().copied().take(12).collect();
            if available.len() > listed.len() {
                listed.push("...");
            }
            Problem::new(
                ErrorCode::MissingMetric,
                format!("objectives[{index}].sli"),
                format!(
                    "the {source} has no metric '{}'; it has: {}",
                    shorten(&objective.sli),
                    if listed.is_empty() {
                        "none".to_owned()
                    } else {
                        listed.join(", ")
                    }
                ),
            )
            .at(objective.line, objective.column)
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(EvaluationError::new(problems))
    }
}
