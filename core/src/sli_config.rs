//! `sli.yaml`: where each SLI's value comes from.
//!
//! Keptn keeps, next to `slo.yaml`, an `sli.yaml` that maps each SLI name to the query that
//! measures it. slogate reads the same shape:
//!
//! ```yaml
//! spec_version: "1.0"
//! indicators:
//!   response_time_p95: "k6:http_req_duration.p95"     # a metric of a load-test report
//!   error_rate: "locust:fail_ratio"
//!   cpu_usage: "avg(rate(process_cpu_seconds_total[5m]))"   # a provider query
//! ```
//!
//! A source `KIND:METRIC` whose `KIND` is the name of a [`ReportKind`] (`k6`, `locust`, ...)
//! names the metric `METRIC` of a report of that kind; any other source is a provider query,
//! kept as written. Quote sources: in YAML, `k6: x` (with a space) is a mapping, not text.

use crate::error::{ErrorCode, Problem, SloError};
use crate::limits::Limits;
use crate::reports::ReportKind;
use crate::yaml::{self, shorten, Document, Entry, Kind, Node};

/// Where one SLI's value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SliSource {
    /// A metric of a load-test report: `k6:http_req_duration.p95`.
    Report {
        /// The report kind.
        kind: ReportKind,
        /// The metric, named as the kind's reader names it.
        metric: String,
    },
    /// A provider query (`PromQL` and the like), kept as written.
    Query(String),
}

impl SliSource {
    /// Reads one source text: `KIND:METRIC` for a known report kind, a query otherwise.
    ///
    /// ```
    /// use slogate::{reports::ReportKind, SliSource};
    /// assert_eq!(
    ///     SliSource::parse("locust:/cart.response_time_p95"),
    ///     Some(SliSource::Report { kind: ReportKind::Locust, metric: "/cart.response_time_p95".into() })
    /// );
    /// assert_eq!(SliSource::parse("sum(up)"), Some(SliSource::Query("sum(up)".into())));
    /// assert_eq!(SliSource::parse("k6:"), None);
    /// ```
    ///
    /// `None` when a known kind names no metric.
    pub fn parse(text: &str) -> Option<SliSource> {
        if let Some((kind, metric)) = text.split_once(':') {
            if let Some(kind) = ReportKind::parse(kind) {
                let metric = metric.trim();
                return (!metric.is_empty()).then(|| SliSource::Report {
                    kind,
                    metric: metric.to_owned(),
                });
            }
        }
        Some(SliSource::Query(text.to_owned()))
    }
}

impl std::fmt::Display for SliSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SliSource::Report { kind, metric } => write!(f, "{kind}:{metric}"),
            SliSource::Query(query) => f.write_str(query),
        }
    }
}

/// One entry of `indicators`, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SliIndicator {
    /// The SLI name, as the SLO's objectives use it.
    pub name: String,
    /// Where its value comes from.
    pub source: SliSource,
    /// 1-based line of the source text.
    pub line: usize,
    /// 1-based column of the source text.
    pub column: usize,
}

/// A parsed `sli.yaml`.
///
/// ```
/// use slogate::{reports::ReportKind, SliConfig, SliSource};
/// let config = SliConfig::parse(
///     "spec_version: '1.0'\nindicators:\n  p95: 'k6:http_req_duration.p95'\n  cpu: 'avg(cpu)'\n",
/// )?;
/// let names: Vec<&str> = config.indicators().map(|(name, _)| name).collect();
/// assert_eq!(names, ["p95", "cpu"]);
/// assert_eq!(config.source("cpu"), Some(&SliSource::Query("avg(cpu)".into())));
///
/// let err = SliConfig::parse("indicators:\n  p95: 'k6:'\n").unwrap_err();
/// assert_eq!(err.to_string(), "indicators.p95 (line 2, column 8): the source 'k6:' names no k6 metric; write 'k6:METRIC', e.g. 'k6:http_req_duration.p95'");
/// # Ok::<(), slogate::SloError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SliConfig {
    spec_version: Option<String>,
    indicators: Vec<SliIndicator>,
}

impl SliConfig {
    /// Parses an `sli.yaml` with the default [`Limits`]. Reports every problem of the document.
    pub fn parse(text: &str) -> Result<SliConfig, SloError> {
        SliConfig::parse_with_limits(text, &Limits::default())
    }

    /// Parses an `sli.yaml`, enforcing the size, depth and node limits of `limits`.
    pub fn parse_with_limits(text: &str, limits: &Limits) -> Result<SliConfig, SloError> {
        let document = yaml::load(text, limits)?;
        let mut problems = Vec::new();
        let root = document.root.map(|id| document.node(id));
        let Some(root) = root.filter(|root| !root.is_null()) else {
            return Err(Problem::new(
                ErrorCode::MissingField,
                "indicators",
                "the sli.yaml is empty; it needs 'indicators', a mapping of SLI names to sources",
            )
            .into());
        };
        let Kind::Map(entries) = &root.kind else {
            let message = format!(
                "expected a mapping with 'indicators', found {}",
                root.describe()
            );
            return Err(located(Problem::new(ErrorCode::InvalidType, "", message), root).into());
        };
        let field = |name: &str| entries.iter().find(|e| e.key == name);
        let mut spec_version = None;
        if let Some(entry) = field("spec_version") {
            let node = document.node(entry.value);
            match &node.kind {
                Kind::Scalar { text, .. } if !node.is_null() => spec_version = Some(text.clone()),
                _ if node.is_null() => {}
                _ => problems.push(located(
                    Problem::new(
                        ErrorCode::InvalidType,
                        "spec_version",
                        format!("expected text, found {}", node.describe()),
                    ),
                    node,
                )),
            }
        }
        let mut indicators = Vec::new();
        match field("indicators").map(|e| document.node(e.value)) {
            None => problems.push(Problem::new(
                ErrorCode::MissingField,
                "indicators",
                "the sli.yaml has no 'indicators'; add a mapping of SLI names to sources",
            )),
            Some(node) => match &node.kind {
                Kind::Map(list) => {
                    for entry in list {
                        match indicator(&document, entry) {
                            Ok(indicator) => indicators.push(indicator),
                            Err(problem) => problems.push(problem),
                        }
                    }
                }
                _ if node.is_null() => {}
                _ => problems.push(located(
                    Problem::new(
                        ErrorCode::InvalidType,
                        "indicators",
                        format!(
                            "expected a mapping of SLI names to sources, found {}",
                            node.describe()
                        ),
                    ),
                    node,
                )),
            },
        }
        if problems.is_empty() {
            Ok(SliConfig {
                spec_version,
                indicators,
            })
        } else {
            Err(SloError::new(problems))
        }
    }

    /// `spec_version`, if given.
    pub fn spec_version(&self) -> Option<&str> {
        self.spec_version.as_deref()
    }

    /// Each SLI name with its source, in the order written.
    pub fn indicators(&self) -> impl Iterator<Item = (&str, &SliSource)> {
        self.indicators.iter().map(|i| (i.name.as_str(), &i.source))
    }

    /// Each entry with its position in the file, in the order written.
    pub fn entries(&self) -> &[SliIndicator] {
        &self.indicators
    }

    /// The source of the SLI `name`, if the file maps it.
    pub fn source(&self, name: &str) -> Option<&SliSource> {
        self.indicators
            .iter()
            .find(|i| i.name == name)
            .map(|i| &i.source)
    }
}

/// A problem placed at `node`, where the node has a position.
fn located(problem: Problem, node: &Node) -> Problem {
    if node.line == 0 {
        problem
    } else {
        problem.at(node.line, node.column)
    }
}

/// One `name: source` entry of `indicators`.
fn indicator(document: &Document, entry: &Entry) -> Result<SliIndicator, Problem> {
    let path = format!("indicators.{}", entry.key);
    let value = document.node(entry.value);
    let text = match &value.kind {
        Kind::Scalar { text, .. } if !value.is_null() => text,
        _ if value.is_null() => {
            let message = format!(
                "the indicator '{}' has no source; write 'KIND:METRIC' or a query",
                shorten(&entry.key)
            );
            return Err(located(
                Problem::new(ErrorCode::MissingField, path, message),
                value,
            ));
        }
        _ => {
            let message = format!(
                "expected the source as text, found {} (quote a source that holds ': ')",
                value.describe()
            );
            return Err(located(
                Problem::new(ErrorCode::InvalidType, path, message),
                value,
            ));
        }
    };
    let Some(source) = SliSource::parse(text) else {
        let kind = text.split_once(':').map_or("", |(kind, _)| kind);
        let example = match ReportKind::parse(kind) {
            Some(ReportKind::Locust) => "response_time_p95",
            Some(ReportKind::Artillery) => "http.response_time.p95",
            Some(ReportKind::Autocannon) => "latency.p99",
            _ => "http_req_duration.p95",
        };
        let message = format!(
            "the source '{}' names no {kind} metric; write '{kind}:METRIC', e.g. '{kind}:{example}'",
            shorten(text)
        );
        return Err(located(
            Problem::new(ErrorCode::MissingField, path, message),
            value,
        ));
    };
    Ok(SliIndicator {
        name: entry.key.clone(),
        source,
        line: value.line,
        column: value.column,
    })
}

impl std::str::FromStr for SliConfig {
    type Err = SloError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        SliConfig::parse(text)
    }
}
