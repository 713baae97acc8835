//! Load-test reports turned into SLI values, one module per report kind.
//!
//! Each module reads one tool's report and names its numbers as SLI metrics; the names are
//! documented on each module. [`ReportKind`] is the table of kinds: its name, its reader
//! ([`ReportKind::read`]) and its rules. A report only holds what its tool measured, so
//! [`require_metrics`] tells, before scoring, which metrics an SLO asks for that a report
//! does not have.
//!
//! # Shared names
//!
//! Besides its tool's own names, every reader gives these where the tool measures the same
//! thing, so one SLO reads any runner's report:
//!
//! | SLI | meaning |
//! | --- | --- |
//! | `http_req_duration.<stat>` | response time in ms over all requests: `avg` `min` `max` `med` and percentiles `p50` `p90` `p95` `p99` ... (those the tool reports) |
//! | `requests` | requests made |
//! | `error_rate` | failed requests per request, 0 to 1 |
//! | `throughput` | requests per second over the run |
//! | `<endpoint>.<stat>`, `<endpoint>.requests`, `<endpoint>.error_rate`, `<endpoint>.throughput` | the same per endpoint, where the tool reports endpoints (`GET /cart.p95`) |
//!
//! | kind | `p95` | `error_rate` | endpoints named |
//! | --- | --- | --- | --- |
//! | k6 | yes | `http_req_failed.rate` | no (tagged sub-metrics keep k6's names) |
//! | autocannon | no (`p90`, `p97.5`, `p99`) | yes | no (one URL per result) |
//! | Artillery | yes | yes | by URL path (`/cart.p95`) |
//! | Locust | yes | yes | method and name (`GET /cart.p95`) |
//! | `JMeter` | yes | yes | by label |
//! | Gatling | yes | yes | by request name |

pub mod artillery;
pub mod autocannon;
mod common;
pub mod gatling;
pub mod jmeter;
pub mod k6;
pub mod locust;
mod merge;

pub use merge::{merge, ReportInput};

use crate::error::{ErrorCode, EvaluationError, InputDocument, InputError, Problem};
use crate::input::SliReport;
use crate::slo::Slo;
use crate::yaml::shorten;

/// Calls `$callback!` with every report kind as `Variant = "name";`, each with its doc, in a
/// fixed order: the one list of kinds, from which [`ReportKind`] and the bindings' lists of
/// kinds are generated, so that no front door keeps a copy. New kinds go at the end.
#[doc(hidden)]
#[macro_export]
macro_rules! with_report_kinds {
    ($callback:ident) => {
        $callback! {
            /// A k6 end-of-test summary (module `k6`).
            K6 = "k6";
            /// An autocannon result (module `autocannon`).
            Autocannon = "autocannon";
            /// An Artillery 2 JSON report (module `artillery`).
            Artillery = "artillery";
            /// Locust statistics (module `locust`).
            Locust = "locust";
            /// `JMeter` results.
            Jmeter = "jmeter";
            /// Gatling statistics.
            Gatling = "gatling";
        }
    };
}

macro_rules! define_report_kind {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal; )*) => {
        /// A kind of load-test report slogate reads, named as on the command line (`k6`, `locust`).
        ///
        /// The table of kinds lives here once (see [`with_report_kinds`]): every front door
        /// lists and parses kinds through it, and an `sli.yaml` source `KIND:METRIC` names a
        /// report metric exactly when `KIND` is one of these names.
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
            $( $(#[doc = $doc])* $variant, )*
        }

        impl ReportKind {
            /// Every kind, in a fixed order.
            pub const ALL: &'static [ReportKind] = &[$(ReportKind::$variant),*];

            /// The kind's name: `k6`, `autocannon`, `artillery`, `locust`, `jmeter`, `gatling`.
            pub fn name(self) -> &'static str {
                match self {
                    $(ReportKind::$variant => $name,)*
                }
            }
        }
    };
}

with_report_kinds!(define_report_kind);

impl ReportKind {
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

    /// The files this kind reads, for help texts.
    pub fn files(self) -> &'static str {
        match self {
            ReportKind::K6 => "k6 --summary-export JSON or handleSummary data",
            ReportKind::Autocannon => "autocannon --json output",
            ReportKind::Artillery => "artillery run --output JSON",
            ReportKind::Locust => "locust --csv PREFIX_stats.csv, or --json / --json-file output",
            ReportKind::Jmeter => "JMeter CSV results (JTL), or the dashboard's statistics.json",
            ReportKind::Gatling => "the js/stats.json of Gatling's HTML report",
        }
    }

    /// Reads a report of this kind from its text, naming its numbers as the kind's module
    /// documents.
    ///
    /// ```
    /// use slogate::reports::ReportKind;
    /// let report = ReportKind::Artillery.read(r#"{"aggregate": {"counters": {"http.requests": 4, "http.codes.200": 4}}}"#)?;
    /// let value = |m: &str| report.indicator_values.iter().find(|v| v.metric == m).map(|v| v.value);
    /// assert_eq!(value("error_rate"), Some(0.0));
    /// # Ok::<(), slogate::InputError>(())
    /// ```
    pub fn read(self, text: &str) -> Result<SliReport, InputError> {
        match self {
            ReportKind::K6 => k6::from_json(text),
            ReportKind::Autocannon => autocannon::from_json(text),
            ReportKind::Artillery => artillery::from_json(text),
            ReportKind::Locust => locust::read(text),
            ReportKind::Jmeter => jmeter::read(text),
            ReportKind::Gatling => gatling::from_json(text),
        }
    }

    /// Reads a report of this kind from parsed JSON (an object a test runner handed over).
    /// CSV files have no JSON form: give their text to [`ReportKind::read`], or a JSON
    /// string holding that text here.
    pub fn read_value(self, value: &serde_json::Value) -> Result<SliReport, InputError> {
        match (self, value) {
            (_, serde_json::Value::String(text)) => self.read(text),
            (ReportKind::K6, _) => k6::from_json_value(value),
            (ReportKind::Autocannon, _) => autocannon::from_json_value(value),
            (ReportKind::Artillery, _) => artillery::from_json_value(value),
            (ReportKind::Locust, _) => locust::from_json_value(value),
            (ReportKind::Jmeter, _) => jmeter::from_statistics_value(value),
            (ReportKind::Gatling, _) => gatling::from_json_value(value),
        }
    }

    /// The value a report of this kind means by leaving `metric` out, where absence has a
    /// meaning: Artillery writes a counter only once something was counted, so an absent
    /// `http.codes.503` is 0.
    pub fn absent_value(self, metric: &str) -> Option<f64> {
        match self {
            ReportKind::Artillery if artillery::zero_when_absent(metric) => Some(0.0),
            _ => None,
        }
    }
}

impl std::str::FromStr for ReportKind {
    type Err = InputError;

    /// Parses a kind name; the error lists every kind.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        ReportKind::parse(name).ok_or_else(|| {
            let names: Vec<&str> = ReportKind::ALL.iter().map(|k| k.name()).collect();
            Problem::new(
                ErrorCode::InvalidInput,
                "",
                format!(
                    "unknown report kind '{}'; expected one of {}",
                    shorten(name),
                    names.join(", ")
                ),
            )
            .into()
        })
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
/// criteria are informational and may go unmeasured. The message lists every metric the
/// report has, grouped by prefix (`http_req_duration.{avg, p95}`), and suggests the nearest
/// name.
///
/// ```
/// use slogate::{reports, Slo, SliReport};
/// let slo = Slo::parse("objectives:\n  - sli: http_req_duration.p59\n    pass: [{criteria: ['<500']}]\ntotal_score: {pass: 90%}\n").unwrap();
/// let report = SliReport::from_values([("http_req_duration.avg", 120.0), ("http_req_duration.p95", 310.0), ("error_rate", 0.0)]);
/// let err = reports::require_metrics(&slo, &report, "k6 summary").unwrap_err();
/// assert_eq!(err.code().as_str(), "missing_metric");
/// assert_eq!(err.first().message(), "the k6 summary has no metric 'http_req_duration.p59' \
///     (did you mean 'http_req_duration.p95'?); it has: error_rate, http_req_duration.{avg, p95}");
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
            Problem::new(
                ErrorCode::MissingMetric,
                format!("objectives[{index}].sli"),
                missing_metric_message(source, &objective.sli, &available),
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

/// "the k6 summary has no metric 'x' (did you mean 'y'?); it has: ..." with every name,
/// grouped by the part before the first dot.
pub(crate) fn missing_metric_message(source: &str, wanted: &str, available: &[&str]) -> String {
    format!(
        "the {source} has no metric '{}'{}; it has: {}",
        shorten(wanted),
        nearest(wanted, available.iter().copied()),
        grouped(available)
    )
}

/// " (did you mean 'y'?)" for the name nearest to `wanted`, when one is near enough.
pub(crate) fn nearest<'a>(wanted: &str, names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|name| (strsim::damerau_levenshtein(wanted, name), name))
        .min()
        .filter(|(distance, _)| distance * 3 <= wanted.chars().count())
        .map(|(_, name)| format!(" (did you mean '{}'?)", shorten(name)))
        .unwrap_or_default()
}

/// The names sorted and grouped by the part before their first dot:
/// `error_rate, http_req_duration.{avg, p95}`.
pub(crate) fn grouped(names: &[&str]) -> String {
    if names.is_empty() {
        return "none".to_owned();
    }
    let mut sorted: Vec<(&str, &str)> = names
        .iter()
        .map(|name| name.split_once('.').unwrap_or(("", name)))
        .collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out: Vec<String> = Vec::new();
    let mut index = 0;
    while index < sorted.len() {
        let (group, _) = sorted[index];
        let end = sorted[index..]
            .iter()
            .position(|(g, _)| *g != group)
            .map_or(sorted.len(), |n| index + n);
        let members: Vec<&str> = sorted[index..end].iter().map(|(_, m)| *m).collect();
        out.push(match (group, members.as_slice()) {
            ("", _) => members.join(", "),
            (_, [one]) => format!("{group}.{one}"),
            _ => format!("{group}.{{{}}}", members.join(", ")),
        });
        index = end;
    }
    out.join(", ")
}
