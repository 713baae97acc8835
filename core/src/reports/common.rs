//! Pieces shared by the report readers: decoding the JSON text and turning one tool's
//! numbers into SLI values with paths for every problem.

use serde_json::{Map, Value};

use crate::error::{ErrorCode, InputError, Problem};
use crate::input::{describe_json, json_problem, IndicatorValue, SliReport};
use crate::yaml::shorten;

/// Parses a report's JSON text; `what` names the report in the message.
pub(crate) fn parse(text: &str, what: &str) -> Result<Value, InputError> {
    serde_json::from_str(text).map_err(|e| json_problem(&e, what))
}

/// Collects SLI values and the problems found while reading a report.
pub(crate) struct Collector<'a> {
    what: &'a str,
    values: Vec<IndicatorValue>,
    problems: Vec<Problem>,
}

impl<'a> Collector<'a> {
    pub(crate) fn new(what: &'a str) -> Self {
        Collector {
            what,
            values: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Records a problem at `path` in the report.
    pub(crate) fn problem(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems
            .push(Problem::new(ErrorCode::InvalidInput, path, message));
    }

    /// Records the statistic at `path` as the SLI `metric`: a number becomes a value, `null`
    /// (how JSON writes a NaN) a value that could not be obtained, anything else a problem.
    pub(crate) fn stat(&mut self, metric: String, path: &str, value: &Value) {
        match value {
            Value::Number(n) => match n.as_f64() {
                Some(v) => self.values.push(IndicatorValue::new(metric, v)),
                None => self.problem(path, format!("the number at '{path}' is out of range")),
            },
            Value::Null => {
                let message = format!(
                    "the {} has no value for '{}' (null)",
                    self.what,
                    shorten(path)
                );
                self.values.push(IndicatorValue::failed(metric, message));
            }
            other => self.problem(
                path,
                format!(
                    "the {} value at '{}' must be a number, found {}",
                    self.what,
                    shorten(path),
                    describe_json(other)
                ),
            ),
        }
    }

    /// Records a value the reader computed.
    pub(crate) fn push(&mut self, value: IndicatorValue) {
        self.values.push(value);
    }

    /// Whether a metric of that name was recorded.
    pub(crate) fn has(&self, metric: &str) -> bool {
        self.values.iter().any(|v| v.metric == metric)
    }

    /// The recorded number of a metric, when it was measured.
    pub(crate) fn number(&self, metric: &str) -> Option<f64> {
        self.values
            .iter()
            .find(|v| v.metric == metric && v.success)
            .map(|v| v.value)
    }

    /// The report, or every problem found.
    pub(crate) fn finish(self) -> Result<SliReport, InputError> {
        if self.problems.is_empty() {
            Ok(SliReport::new(self.values))
        } else {
            Err(InputError::new(self.problems))
        }
    }
}

/// The object at `key` of `object`, or a problem saying what was expected there.
pub(crate) fn object_at<'v>(
    object: &'v Map<String, Value>,
    key: &str,
    path: &str,
    expected: &str,
) -> Result<&'v Map<String, Value>, Problem> {
    match object.get(key) {
        Some(Value::Object(inner)) => Ok(inner),
        Some(other) => Err(Problem::new(
            ErrorCode::InvalidInput,
            path,
            format!(
                "'{path}' must be {expected}, found {}",
                describe_json(other)
            ),
        )),
        None => Err(Problem::new(
            ErrorCode::InvalidInput,
            path,
            format!("'{path}' is missing; expected {expected}"),
        )),
    }
}

/// The report's top-level object, or a problem naming the report kind.
pub(crate) fn top_object<'v>(
    value: &'v Value,
    expected: &str,
) -> Result<&'v Map<String, Value>, InputError> {
    match value {
        Value::Object(object) => Ok(object),
        other => Err(Problem::new(
            ErrorCode::InvalidInput,
            "",
            format!("expected {expected}, found {}", describe_json(other)),
        )
        .into()),
    }
}

/// The names every reader gives where its tool measures the same thing, so one SLO reads
/// any runner's report:
///
/// | SLI | meaning |
/// | --- | --- |
/// | `http_req_duration.<stat>` | response time in ms over all requests: `avg` `min` `max` `med` and percentiles `p50` `p90` `p95` `p99` ... |
/// | `requests` | requests made |
/// | `error_rate` | failed requests per request, 0 to 1 |
/// | `throughput` | requests per second over the run |
/// | `<endpoint>.<stat>` `<endpoint>.requests` `<endpoint>.error_rate` `<endpoint>.throughput` | the same per endpoint, where the tool reports endpoints (`GET /cart.p95`) |
pub(crate) struct Shared<'a> {
    /// The metric prefix: empty for the whole run, `GET /cart.` for an endpoint.
    pub prefix: &'a str,
    pub requests: Option<f64>,
    pub error_rate: Option<f64>,
    pub throughput: Option<f64>,
    /// `(stat, ms)` pairs such as `("p95", Some(310.0))`; `None` for a time the run could
    /// not measure.
    pub durations: Vec<(String, Option<f64>)>,
    /// Why a `None` duration is missing.
    pub no_duration: &'a str,
}

impl Shared<'_> {
    /// Pushes the shared names: the whole run's durations as `http_req_duration.<stat>`, an
    /// endpoint's as `<endpoint>.<stat>`.
    pub(crate) fn push_into(self, out: &mut Vec<IndicatorValue>) {
        let prefix = self.prefix;
        for (name, value) in [
            ("requests", self.requests),
            ("error_rate", self.error_rate),
            ("throughput", self.throughput),
        ] {
            if let Some(value) = value {
                out.push(IndicatorValue::new(format!("{prefix}{name}"), value));
            }
        }
        let duration = if prefix.is_empty() {
            "http_req_duration."
        } else {
            ""
        };
        for (stat, value) in self.durations {
            let metric = format!("{prefix}{duration}{stat}");
            out.push(match value {
                Some(value) => IndicatorValue::new(metric, value),
                None => IndicatorValue::failed(metric, self.no_duration),
            });
        }
    }
}

/// Reads CSV text with a header row; each record keeps its 1-based line.
/// `header_added` says the first line was put in front of the text, so lines are counted
/// from the second.
pub(crate) fn csv_records(
    text: &str,
    what: &str,
    delimiter: u8,
    header_added: bool,
) -> Result<(csv::StringRecord, Vec<(usize, csv::StringRecord)>), InputError> {
    let shift = usize::from(header_added);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let located = |e: &csv::Error| {
        let line = e.position().map_or(0, |p| {
            usize::try_from(p.line())
                .unwrap_or(usize::MAX)
                .saturating_sub(shift)
        });
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!("the {what} row has {len} fields, but the header has {expected_len}"),
            csv::ErrorKind::Utf8 { .. } => format!("the {what} row is not UTF-8 text"),
            _ => format!("the {what} could not be read as CSV"),
        };
        let problem = Problem::new(ErrorCode::InvalidInput, "", message);
        if line > 0 {
            problem.at(line, 1)
        } else {
            problem
        }
    };
    let header = reader.headers().map_err(|e| located(&e))?.clone();
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| located(&e))?;
        let line = record.position().map_or(0, |p| {
            usize::try_from(p.line())
                .unwrap_or(usize::MAX)
                .saturating_sub(shift)
        });
        records.push((line, record));
    }
    Ok((header, records))
}

/// A CSV field read as a number, or a problem naming the column and line.
pub(crate) fn csv_number(
    record: &csv::StringRecord,
    index: usize,
    column: &str,
    line: usize,
    what: &str,
) -> Result<f64, Problem> {
    let text = record.get(index).unwrap_or("").trim();
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(Problem::new(
            ErrorCode::InvalidInput,
            "",
            format!(
                "the {what} column '{column}' must hold a number, found '{}'",
                shorten(text)
            ),
        )
        .at(line, 1)),
    }
}
