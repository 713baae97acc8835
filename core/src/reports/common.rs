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
