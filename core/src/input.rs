//! What an evaluation reads: the measured SLI values and the stored previous results.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{ErrorCode, InputDocument, InputError, Problem};
use crate::evaluation::{MetricSource, Verdict};
use crate::json::{parse_top_level, TopLevel};
// The load-test readers take these from here.
pub(crate) use crate::json::{describe_json, json_problem};
use crate::yaml::shorten;

/// One measured value, as an SLI provider reports it (Keptn's `indicatorValues` entry).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValue {
    /// The SLI name.
    pub metric: String,
    /// The measured value; ignored when `success` is false.
    #[serde(default)]
    pub value: f64,
    /// False when the provider could not obtain the value.
    #[serde(default = "yes")]
    pub success: bool,
    /// The provider's message (why the value is missing, typically).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    /// Where the value was read, when it came from a load-test report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<MetricSource>,
}

fn yes() -> bool {
    true
}

impl IndicatorValue {
    /// A successfully measured value.
    pub fn new(metric: impl Into<String>, value: f64) -> Self {
        IndicatorValue {
            metric: metric.into(),
            value,
            success: true,
            message: String::new(),
            source: None,
        }
    }

    /// A value the provider could not obtain, with its reason.
    pub fn failed(metric: impl Into<String>, message: impl Into<String>) -> Self {
        IndicatorValue {
            metric: metric.into(),
            value: 0.0,
            success: false,
            message: message.into(),
            source: None,
        }
    }
}

/// How the SLI retrieval step itself ended (Keptn's get-sli `status`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderStatus {
    /// The provider ran; its values are usable.
    #[default]
    Succeeded,
    /// The provider broke down: the evaluation is errored.
    Errored,
    /// The retrieval was aborted: the evaluation is errored.
    Aborted,
}

impl fmt::Display for ProviderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProviderStatus::Succeeded => "succeeded",
            ProviderStatus::Errored => "errored",
            ProviderStatus::Aborted => "aborted",
        })
    }
}

/// Everything the SLI provider reported: the values, and how retrieval went.
///
/// ```
/// use slogate::{IndicatorValue, SliReport};
/// let report = SliReport::from_values([("response_time_p95", 412.3), ("error_rate", 0.0)]);
/// assert_eq!(report.indicator_values[0], IndicatorValue::new("response_time_p95", 412.3));
///
/// let keptn = SliReport::from_json(r#"{"result": "fail", "message": "timeout",
///     "indicatorValues": [{"metric": "error_rate", "value": 0, "success": false}]}"#).unwrap();
/// assert!(!keptn.indicator_values[0].success);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SliReport {
    /// The provider's result: `Fail` marks a failed retrieval (the gate then fails, though the
    /// objectives are still scored).
    pub result: Option<Verdict>,
    /// How the retrieval step ended.
    pub status: ProviderStatus,
    /// The provider's message.
    pub message: String,
    /// The measured values, in the order the provider sent them.
    pub indicator_values: Vec<IndicatorValue>,
    /// Start of the measured time window, passed through to the result.
    pub start: Option<String>,
    /// End of the measured time window, passed through to the result.
    pub end: Option<String>,
    /// Keptn project, stage and service, passed through to the result.
    pub project: Option<String>,
    /// See `project`.
    pub stage: Option<String>,
    /// See `project`.
    pub service: Option<String>,
    /// Labels passed through to the result.
    pub labels: BTreeMap<String, String>,
}

impl SliReport {
    /// A successful report with the given values.
    pub fn new(indicator_values: Vec<IndicatorValue>) -> Self {
        SliReport {
            indicator_values,
            ..SliReport::default()
        }
    }

    /// A successful report from `(metric, value)` pairs.
    pub fn from_values<I, S>(values: I) -> Self
    where
        I: IntoIterator<Item = (S, f64)>,
        S: Into<String>,
    {
        SliReport::new(
            values
                .into_iter()
                .map(|(metric, value)| IndicatorValue::new(metric, value))
                .collect(),
        )
    }

    /// Decodes SLI values from JSON text in any of the accepted shapes (see [`SliShape`]):
    /// a plain object `{"metric": number, ...}`, Keptn's get-sli data (`indicatorValues` at the
    /// top, or under `get-sli` as in Keptn's `get-sli.finished` event), or a list of
    /// `indicatorValues` entries.
    ///
    /// A plain object keeps the order of its keys, and a metric given twice is refused; in the
    /// other shapes a repeated key is refused. An entry measured successfully must carry a
    /// `value`.
    pub fn from_json(text: &str) -> Result<SliReport, InputError> {
        SliReport::from_json_shaped(text).map(|(_, report)| report)
    }

    /// Like [`SliReport::from_json`], refusing anything but Keptn's get-sli data.
    pub fn from_keptn_json(text: &str) -> Result<SliReport, InputError> {
        match SliReport::from_json_shaped(text)? {
            (SliShape::Keptn, report) => Ok(report),
            _ => Err(Problem::new(
                ErrorCode::InvalidInput,
                "",
                "expected Keptn get-sli data (an object with 'indicatorValues', or with them under \
                 'get-sli'); a plain object of values needs the automatic format",
            )
            .in_document(InputDocument::Sli)
            .into()),
        }
    }

    /// Like [`SliReport::from_json`], saying which shape the text had.
    pub fn from_json_shaped(text: &str) -> Result<(SliShape, SliReport), InputError> {
        let decoded = parse_top_level(text, "SLI values").and_then(|top| match top {
            TopLevel::Object(entries) => decode_object(&entries),
            TopLevel::Other(value) => decode_other(&value),
        });
        decoded.map_err(|e| e.in_document(InputDocument::Sli))
    }

    /// Like [`SliReport::from_json`], from an already-parsed JSON value (whose objects cannot
    /// repeat a key).
    pub fn from_json_value(value: &Value) -> Result<SliReport, InputError> {
        let decoded = match value {
            Value::Object(object) => {
                let entries: Vec<(&String, &Value)> = object.iter().collect();
                decode_entries(&entries)
            }
            other => decode_other(other),
        };
        decoded
            .map(|(_, report)| report)
            .map_err(|e| e.in_document(InputDocument::Sli))
    }

    /// Sets the provider's `result` and `status` given as words (`"fail"`, `"errored"`), as
    /// front doors take them beside plain values; any other word is refused with
    /// `invalid_input` at the path `result` or `status`.
    pub fn set_provider(
        &mut self,
        result: Option<&str>,
        status: Option<&str>,
    ) -> Result<(), InputError> {
        fn word<T: serde::de::DeserializeOwned>(
            name: &str,
            text: &str,
            allowed: &str,
        ) -> Result<T, Problem> {
            serde_json::from_value(Value::String(text.to_owned())).map_err(|_| {
                Problem::new(
                    ErrorCode::InvalidInput,
                    name,
                    format!("{name} must be {allowed}, found '{text}'"),
                )
            })
        }
        let mut problems = Vec::new();
        if let Some(text) = result {
            match word("result", text, "'pass', 'warning' or 'fail'") {
                Ok(verdict) => self.result = Some(verdict),
                Err(problem) => problems.push(problem),
            }
        }
        if let Some(text) = status {
            match word("status", text, "'succeeded', 'errored' or 'aborted'") {
                Ok(status) => self.status = status,
                Err(problem) => problems.push(problem),
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(InputError::new(problems))
        }
    }

    /// Whether `key` at the top of an object marks Keptn's get-sli data rather than a metric.
    pub fn is_shape_key(key: &str) -> bool {
        SHAPE_KEYS.contains(&key)
    }
}

/// The shapes of SLI values the decoder accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SliShape {
    /// A plain object `{"metric": number, ...}`.
    Plain,
    /// Keptn's get-sli data: `indicatorValues` at the top or under `get-sli`.
    Keptn,
    /// A list of `indicatorValues` entries.
    List,
}

/// The keys that make an object Keptn's get-sli data. `getSLI` is read as well, as earlier
/// slogate releases did.
const SHAPE_KEYS: [&str; 3] = ["indicatorValues", "get-sli", "getSLI"];

/// The entries of a JSON object in document order, repeated keys included.
pub(crate) struct OrderedEntries(pub(crate) Vec<(String, Value)>);

impl<'de> Deserialize<'de> for OrderedEntries {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = OrderedEntries;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<OrderedEntries, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    entries.push(entry);
                }
                Ok(OrderedEntries(entries))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

/// The one message for a document of no accepted shape.
fn no_shape(found: &str) -> InputError {
    Problem::new(
        ErrorCode::InvalidInput,
        "",
        format!(
            "expected SLI values as a plain object of numbers ({{\"metric\": 412}}), Keptn get-sli \
             data ({{\"indicatorValues\": [...]}} or {{\"get-sli\": {{\"indicatorValues\": [...]}}}}) \
             or a list of indicatorValues entries, found {found}"
        ),
    )
    .into()
}

fn decode_other(value: &Value) -> Result<(SliShape, SliReport), InputError> {
    match value {
        Value::Array(items) => Ok((SliShape::List, SliReport::new(entries(items, "")?))),
        other => Err(no_shape(&describe_json(other))),
    }
}

fn decode_object(entries: &[(String, Value)]) -> Result<(SliShape, SliReport), InputError> {
    let refs: Vec<(&String, &Value)> = entries.iter().map(|(k, v)| (k, v)).collect();
    decode_entries(&refs)
}

fn decode_entries(entries: &[(&String, &Value)]) -> Result<(SliShape, SliReport), InputError> {
    if entries.iter().any(|(key, _)| SliReport::is_shape_key(key)) {
        let mut seen: HashSet<&str> = HashSet::with_capacity(entries.len());
        for (key, _) in entries {
            if !seen.insert(key.as_str()) {
                return Err(Problem::new(
                    ErrorCode::DuplicateKey,
                    key.as_str(),
                    format!("duplicate key '{}' in this object", shorten(key)),
                )
                .into());
            }
        }
        return keptn_report(entries).map(|report| (SliShape::Keptn, report));
    }
    let numbers = entries.iter().filter(|(_, v)| v.is_number()).count();
    if numbers == 0 && entries.iter().any(|(_, v)| v.is_object() || v.is_array()) {
        return Err(no_shape("an object without numbers"));
    }
    plain_report(entries).map(|report| (SliShape::Plain, report))
}

fn plain_report(object: &[(&String, &Value)]) -> Result<SliReport, InputError> {
    let mut problems = Vec::new();
    let mut values: Vec<IndicatorValue> = Vec::with_capacity(object.len());
    let mut seen: HashSet<&str> = HashSet::with_capacity(object.len());
    for &(metric, value) in object {
        if !seen.insert(metric.as_str()) {
            problems.push(Problem::new(
                ErrorCode::DuplicateIndicatorValue,
                metric.clone(),
                format!(
                    "metric '{}' is given twice; each metric may have one value",
                    shorten(metric)
                ),
            ));
            continue;
        }
        match value.as_f64() {
            Some(v) => values.push(IndicatorValue::new(metric.clone(), v)),
            None => problems.push(Problem::new(
                ErrorCode::InvalidInput,
                metric.clone(),
                format!(
                    "the value of '{}' must be a number, found {}",
                    shorten(metric),
                    describe_json(value)
                ),
            )),
        }
    }
    if problems.is_empty() {
        Ok(SliReport::new(values))
    } else {
        Err(InputError::new(problems))
    }
}

/// Reads the fields of one object, collecting problems; `null` reads as absent.
struct Fields<'v> {
    path: String,
    problems: Vec<Problem>,
    object: Vec<(&'v String, &'v Value)>,
}

impl<'v> Fields<'v> {
    fn get(&self, key: &str) -> Option<&'v Value> {
        self.object
            .iter()
            .find(|(k, _)| k.as_str() == key)
            .map(|(_, v)| *v)
            .filter(|v| !v.is_null())
    }

    fn at(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn wrong(&mut self, key: &str, expected: &str, found: &Value) {
        let path = self.at(key);
        self.problems.push(Problem::new(
            ErrorCode::InvalidInput,
            path,
            format!("expected {expected}, found {}", describe_json(found)),
        ));
    }

    fn text(&mut self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.wrong(key, "text", other);
                None
            }
        }
    }

    fn choice<T: Copy>(&mut self, key: &str, allowed: &[(&str, T)]) -> Option<T> {
        let value = self.get(key)?;
        let found = value.as_str().and_then(|text| {
            allowed
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(text))
                .map(|(_, v)| *v)
        });
        if found.is_none() {
            let names: Vec<String> = allowed.iter().map(|(n, _)| format!("'{n}'")).collect();
            let expected = match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                _ => names.join(""),
            };
            self.wrong(key, &expected, value);
        }
        found
    }
}

fn fields(object: &Map<String, Value>, path: String) -> Fields<'_> {
    Fields {
        path,
        problems: Vec::new(),
        object: object.iter().collect(),
    }
}

const VERDICTS: [(&str, Verdict); 3] = [
    ("pass", Verdict::Pass),
    ("warning", Verdict::Warning),
    ("fail", Verdict::Fail),
];

const STATUSES: [(&str, ProviderStatus); 3] = [
    ("succeeded", ProviderStatus::Succeeded),
    ("errored", ProviderStatus::Errored),
    ("aborted", ProviderStatus::Aborted),
];

fn keptn_report(object: &[(&String, &Value)]) -> Result<SliReport, InputError> {
    let mut top = Fields {
        path: String::new(),
        problems: Vec::new(),
        object: object.to_vec(),
    };
    let mut report = SliReport {
        result: top.choice("result", &VERDICTS),
        status: top.choice("status", &STATUSES).unwrap_or_default(),
        message: top.text("message").unwrap_or_default(),
        start: top.text("start"),
        end: top.text("end"),
        project: top.text("project"),
        stage: top.text("stage"),
        service: top.text("service"),
        ..SliReport::default()
    };
    if let Some(labels) = top.get("labels") {
        match labels {
            Value::Object(map) => {
                for (key, value) in map {
                    match value {
                        Value::String(s) => {
                            report.labels.insert(key.clone(), s.clone());
                        }
                        other => top.wrong(&format!("labels.{key}"), "text", other),
                    }
                }
            }
            other => top.wrong("labels", "an object of texts", other),
        }
    }
    let mut list = top
        .get("indicatorValues")
        .map(|v| ("indicatorValues".to_owned(), v));
    for key in ["get-sli", "getSLI"] {
        let Some(nested) = top.get(key) else { continue };
        let Value::Object(map) = nested else {
            top.wrong(key, "an object with indicatorValues", nested);
            continue;
        };
        let mut inner = fields(map, key.to_owned());
        if let Some(values) = inner.get("indicatorValues") {
            list.get_or_insert((format!("{key}.indicatorValues"), values));
        }
        if report.start.is_none() {
            report.start = inner.text("start");
        }
        if report.end.is_none() {
            report.end = inner.text("end");
        }
        top.problems.append(&mut inner.problems);
    }
    let mut problems = top.problems;
    match list {
        Some((path, Value::Array(items))) => match entries(items, &path) {
            Ok(values) => report.indicator_values = values,
            Err(e) => problems.extend(e.problems().iter().cloned()),
        },
        Some((path, other)) => problems.push(Problem::new(
            ErrorCode::InvalidInput,
            path,
            format!(
                "expected a list of indicator values, found {}",
                describe_json(other)
            ),
        )),
        None => {}
    }
    if problems.is_empty() {
        Ok(report)
    } else {
        Err(InputError::new(problems))
    }
}

/// Decodes a list of Keptn `indicatorValues` entries found at `path`.
fn entries(items: &[Value], path: &str) -> Result<Vec<IndicatorValue>, InputError> {
    let mut values = Vec::with_capacity(items.len());
    let mut problems = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let at = format!("{path}[{index}]");
        let Value::Object(map) = item else {
            problems.push(Problem::new(
                ErrorCode::InvalidInput,
                at,
                format!(
                    "expected an indicator value (an object with metric and value), found {}",
                    describe_json(item)
                ),
            ));
            continue;
        };
        let mut entry = fields(map, at.clone());
        let metric = entry.text("metric");
        let value = match entry.get("value") {
            None => None,
            Some(v) => match v.as_f64() {
                Some(n) => Some(n),
                None => {
                    entry.wrong("value", "a number", v);
                    None
                }
            },
        };
        let success = match entry.get("success") {
            None => true,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                entry.wrong("success", "true or false", other);
                true
            }
        };
        let message = entry.text("message").unwrap_or_default();
        let mut entry_problems = entry.problems;
        match metric {
            None if entry_problems.is_empty() => entry_problems.push(Problem::new(
                ErrorCode::InvalidInput,
                at.clone(),
                "the indicator value has no 'metric'; name the SLI it measures",
            )),
            Some(metric) if entry_problems.is_empty() => {
                if success && value.is_none() {
                    entry_problems.push(Problem::new(
                        ErrorCode::InvalidInput,
                        at.clone(),
                        format!(
                            "the indicator value for '{}' has no 'value'; give a number, or \
                             'success': false for a value that could not be measured",
                            shorten(&metric)
                        ),
                    ));
                } else {
                    values.push(IndicatorValue {
                        metric,
                        value: value.unwrap_or(0.0),
                        success,
                        message,
                        source: None,
                    });
                }
            }
            _ => {}
        }
        problems.append(&mut entry_problems);
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(InputError::new(problems))
    }
}
