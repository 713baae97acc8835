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

use crate::error::{ErrorCode, EvaluationError, InputDocument, Problem};
use crate::input::SliReport;
use crate::slo::Slo;
use crate::yaml::shorten;

/// A kind of load-test report slogate reads, named as on the command line (`k6`, `locust`).
///
/// The table of kinds lives here once: every front door lists and parses kinds through it,
/// and an `sli.yaml` source `KIND:METRIC` names a report metric exactly when `KIND` is one of
/// these names.
///
/// ```
/// use slogate::reports::ReportKind;
/// assert_eq!(ReportKind::parse("k6"), Some(ReportKind::K6));
/// assert_eq!(ReportKind::Artillery.name(), "artillery");
/// assert_eq!(ReportKind::parse("prometheus"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ReportKind {
    /// A k6 end-of-test summary ([`k6`]).
    K6,
    /// An autocannon result ([`autocannon`]).
    Autocannon,
    /// An Artillery 2 JSON report ([`artillery`]).
    Artillery,
    /// Locust statistics ([`locust`]).
    Locust,
    /// `JMeter` results.
    Jmeter,
    /// Gatling statistics.
    Gatling,
}

impl ReportKind {
    /// Every kind, in a fixed order.
    pub const ALL: &'static [ReportKind] = &[
        ReportKind::K6,
        ReportKind::Autocannon,
        ReportKind::Artillery,
        ReportKind::Locust,
        ReportKind::Jmeter,
        ReportKind::Gatling,
    ];

    /// The kind's name: `k6`, `autocannon`, `artillery`, `locust`, `jmeter`, `gatling`.
    pub fn name(self) -> &'static str {
        match self {
            ReportKind::K6 => "k6",
            ReportKind::Autocannon => "autocannon",
            ReportKind::Artillery => "artillery",
            ReportKind::Locust => "locust",
            ReportKind::Jmeter => "jmeter",
            ReportKind::Gatling => "gatling",
        }
    }

    /// What a report of this kind is called in messages (`k6 summary`).
    pub fn describe(self) -> &'static str {
        match self {
            ReportKind::K6 => "k6 summary",
            ReportKind::Autocannon => "autocannon result",
            ReportKind::Artillery => "Artillery report",
            ReportKind::Locust => "Locust statistics",
            ReportKind::Jmeter => "JMeter results",
            ReportKind::Gatling => "Gatling statistics",
        }
    }

    /// The kind of that name, if there is one (names are lowercase).
    pub fn parse(name: &str) -> Option<ReportKind> {
        ReportKind::ALL.iter().copied().find(|k| k.name() == name)
    }
}

impl std::fmt::Display for ReportKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

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
            .in_document(InputDocument::Slo)
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(EvaluationError::new(problems))
    }
}
