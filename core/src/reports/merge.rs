//! Several reports (and plain values) merged into the values one SLO scores.
//!
//! Each objective's SLI is looked up where an [`SliConfig`] maps it (`p95:
//! 'locust:GET /cart.p95'`), or else by its own name in every input. A name found in two
//! inputs is refused, naming both: map it to one of them. Every value records where it came
//! from ([`MetricSource`]), which each evaluation output shows.

use super::{grouped, missing_metric_message, nearest, ReportKind};
use crate::error::{ErrorCode, EvaluationError, Problem};
use crate::evaluation::MetricSource;
use crate::input::{IndicatorValue, SliReport};
use crate::sli_config::{SliConfig, SliSource};
use crate::slo::Slo;
use crate::yaml::shorten;

/// One input of a merge: a report of a kind, or plain SLI values (`kind: None`).
#[derive(Clone, Debug, PartialEq)]
pub struct ReportInput {
    /// The report kind; `None` for plain values or Keptn get-sli data.
    pub kind: Option<ReportKind>,
    /// The file it was read from, or the name the caller gives it, for messages and sources.
    pub file: String,
    /// The values read.
    pub report: SliReport,
}

impl ReportInput {
    /// An input of `kind` read from `file`.
    pub fn new(kind: Option<ReportKind>, file: impl Into<String>, report: SliReport) -> Self {
        ReportInput {
            kind,
            file: file.into(),
            report,
        }
    }

    fn kind_name(&self) -> &'static str {
        self.kind.map_or("values", ReportKind::name)
    }

    fn describe(&self) -> String {
        match self.kind {
            Some(kind) => format!("{} '{}'", kind.describe(), shorten(&self.file)),
            None => format!("SLI values '{}'", shorten(&self.file)),
        }
    }

    fn names(&self) -> Vec<&str> {
        self.report
            .indicator_values
            .iter()
            .map(|v| v.metric.as_str())
            .collect()
    }

    fn find(&self, metric: &str) -> Option<&IndicatorValue> {
        self.report
            .indicator_values
            .iter()
            .find(|v| v.metric == metric)
    }

    /// The value of `metric` named as the SLI `sli`, with its source; an absent counter
    /// the kind reads as 0 counts too.
    fn value(&self, metric: &str, sli: &str) -> Option<IndicatorValue> {
        let found = match self.find(metric) {
            Some(value) => value.clone(),
            None => IndicatorValue::new(sli, self.kind?.absent_value(metric)?),
        };
        Some(IndicatorValue {
            metric: sli.to_owned(),
            source: Some(MetricSource {
                kind: self.kind_name().to_owned(),
                file: self.file.clone(),
                metric: metric.to_owned(),
            }),
            ..found
        })
    }
}

/// Merges `inputs` into the values `slo` scores, mapping SLI names through `map` where given.
///
/// Objectives without pass criteria are informational and may go unmeasured. Refuses (with
/// the objective's path and position) an SLI that no input has (code `missing_metric`, listing
/// every name the inputs have and the nearest), an SLI that two inputs have
/// (`duplicate_indicator_value`, naming both), and an `sli.yaml` source whose kind no input is.
///
/// ```
/// use slogate::reports::{merge, ReportInput, ReportKind};
/// use slogate::{SliConfig, SliReport, Slo, Verdict};
///
/// let slo = Slo::parse("objectives:\n  - sli: p95\n    pass: [{criteria: ['<500']}]\n  - sli: error_rate\n    pass: [{criteria: ['<=0.01']}]\ntotal_score: {pass: 90%}\n")?;
/// let map = SliConfig::parse("indicators:\n  p95: 'locust:http_req_duration.p95'\n  error_rate: 'artillery:error_rate'\n")?;
/// let locust = ReportKind::Locust.read("[]")?;
/// let artillery = ReportKind::Artillery.read(r#"{"aggregate": {"counters": {"http.requests": 10, "http.codes.200": 10}}}"#)?;
/// let inputs = [
///     ReportInput::new(Some(ReportKind::Locust), "locust.json", locust),
///     ReportInput::new(Some(ReportKind::Artillery), "artillery.json", artillery),
/// ];
/// let values = merge(&slo, &inputs, Some(&map))?;
/// let rate = &values.indicator_values[1];
/// assert_eq!((rate.metric.as_str(), rate.value), ("error_rate", 0.0));
/// assert_eq!(rate.source.as_ref().unwrap().to_string(), "artillery:error_rate (artillery.json)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn merge(
    slo: &Slo,
    inputs: &[ReportInput],
    map: Option<&SliConfig>,
) -> Result<SliReport, EvaluationError> {
    let mut values = Vec::new();
    let mut problems = Vec::new();
    for (index, objective) in slo.objectives().iter().enumerate() {
        let sli = objective.sli.as_str();
        let problem = |code, message: String| {
            Problem::new(code, format!("objectives[{index}].sli"), message)
                .at(objective.line, objective.column)
        };
        let (candidates, metric): (Vec<&ReportInput>, &str) = match map.and_then(|m| m.source(sli))
        {
            Some(SliSource::Report { kind, metric }) => {
                let of_kind: Vec<&ReportInput> =
                    inputs.iter().filter(|i| i.kind == Some(*kind)).collect();
                if of_kind.is_empty() {
                    problems.push(problem(
                        ErrorCode::MissingMetric,
                        format!(
                            "the sli.yaml reads '{}' from a {kind} report ('{kind}:{}'), but no {kind} report was given",
                            shorten(sli),
                            shorten(metric)
                        ),
                    ));
                    continue;
                }
                (of_kind, metric.as_str())
            }
            Some(SliSource::Query(_)) | None => (inputs.iter().collect(), sli),
        };
        let found: Vec<(&ReportInput, IndicatorValue)> = candidates
            .iter()
            .filter_map(|input| Some((*input, input.value(metric, sli)?)))
            .collect();
        // A value present in a file outranks a counter read as 0 from another's absence.
        let present: Vec<&(&ReportInput, IndicatorValue)> = found
            .iter()
            .filter(|(input, _)| input.find(metric).is_some())
            .collect();
        let chosen: Vec<&(&ReportInput, IndicatorValue)> = if present.is_empty() {
            found.iter().collect()
        } else {
            present
        };
        match chosen.as_slice() {
            [(_, value)] => values.push(value.clone()),
            [] if objective.is_info() => {}
            [] => {
                let message = match candidates.as_slice() {
                    [only] => missing_metric_message(&only.describe(), metric, &only.names()),
                    _ => {
                        let all = candidates.iter().flat_map(|i| {
                            i.report.indicator_values.iter().map(|v| v.metric.as_str())
                        });
                        let lists: Vec<String> = candidates
                            .iter()
                            .map(|i| format!("the {} has: {}", i.describe(), grouped(&i.names())))
                            .collect();
                        format!(
                            "no input has a metric '{}'{}; {}",
                            shorten(metric),
                            nearest(metric, all),
                            lists.join("; ")
                        )
                    }
                };
                problems.push(problem(ErrorCode::MissingMetric, message));
            }
            [(first, _), (second, _), ..] => problems.push(problem(
                ErrorCode::DuplicateIndicatorValue,
                format!(
                    "'{}' is in both the {} and the {}; map it to one of them in an sli.yaml (e.g. '{}: \"{}:{}\"')",
                    shorten(metric),
                    first.describe(),
                    second.describe(),
                    shorten(sli),
                    first.kind_name(),
                    shorten(metric)
                ),
            )),
        }
    }
    if problems.is_empty() {
        Ok(SliReport::new(values))
    } else {
        Err(EvaluationError::new(problems))
    }
}
