//! What an evaluation reads: the measured SLI values and the stored previous results.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{ErrorCode, InputError, Problem};
use crate::evaluation::{Evaluation, EvaluationDetails, Status, Verdict};
use crate::limits::Limits;
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
        }
    }

    /// A value the provider could not obtain, with its reason.
    pub fn failed(metric: impl Into<String>, message: impl Into<String>) -> Self {
        IndicatorValue {
            metric: metric.into(),
            value: 0.0,
            success: false,
            message: message.into(),
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

    /// Decodes SLI values from JSON: either a plain object `{"metric": number, ...}`, or
    /// Keptn's get-sli data (`indicatorValues` at the top or under `getSLI`, with the
    /// provider's `result`, `status` and `message`).
    ///
    /// A plain object keeps the order of its keys, and a metric given twice is refused.
    pub fn from_json(text: &str) -> Result<SliReport, InputError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| json_problem(&e, "SLI values"))?;
        match &value {
            Value::Object(object) if !is_keptn(object) => {
                let OrderedEntries(entries) =
                    serde_json::from_str(text).map_err(|e| json_problem(&e, "SLI values"))?;
                plain_report(entries.iter().map(|(k, v)| (k, v)))
            }
            _ => SliReport::from_json_value(&value),
        }
    }

    /// Like [`SliReport::from_json`], from an already-parsed JSON value.
    pub fn from_json_value(value: &Value) -> Result<SliReport, InputError> {
        let Value::Object(object) = value else {
            return Err(Problem::new(
                ErrorCode::InvalidInput,
                "",
                format!(
                    "expected an object of SLI values or Keptn get-sli data, found {}",
                    describe_json(value)
                ),
            )
            .into());
        };
        if is_keptn(object) {
            keptn_report(value, object)
        } else {
            plain_report(object.iter())
        }
    }
}

fn is_keptn(object: &Map<String, Value>) -> bool {
    object.contains_key("indicatorValues") || object.contains_key("getSLI")
}

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

fn plain_report<'v>(
    object: impl ExactSizeIterator<Item = (&'v String, &'v Value)>,
) -> Result<SliReport, InputError> {
    let mut problems = Vec::new();
    let mut values: Vec<IndicatorValue> = Vec::with_capacity(object.len());
    let mut seen: HashSet<&str> = HashSet::with_capacity(object.len());
    for (metric, value) in object {
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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeptnSli {
    #[serde(default)]
    result: Option<Verdict>,
    #[serde(default)]
    status: Option<ProviderStatus>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    indicator_values: Option<Vec<IndicatorValue>>,
    #[serde(default, rename = "getSLI")]
    get_sli: Option<KeptnGetSli>,
    #[serde(default)]
    start: Option<String>,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    project: Option<String>,
    #[serde(default)]
    stage: Option<String>,
    #[serde(default)]
    service: Option<String>,
    #[serde(default)]
    labels: Option<BTreeMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeptnGetSli {
    #[serde(default)]
    indicator_values: Option<Vec<IndicatorValue>>,
    #[serde(default)]
    start: Option<String>,
    #[serde(default)]
    end: Option<String>,
}

fn keptn_report(value: &Value, object: &Map<String, Value>) -> Result<SliReport, InputError> {
    let raw = match KeptnSli::deserialize(value) {
        Ok(raw) => raw,
        // Tracking the path costs an allocation per key: only to locate the error.
        Err(_) => serde_path_to_error::deserialize(Value::Object(object.clone()))
            .map_err(|e| typed_problem(&e))?,
    };
    let (nested_values, start, end) = match raw.get_sli {
        Some(g) => (g.indicator_values, g.start, g.end),
        None => (None, None, None),
    };
    Ok(SliReport {
        result: raw.result,
        status: raw.status.unwrap_or_default(),
        message: raw.message.unwrap_or_default(),
        indicator_values: raw.indicator_values.or(nested_values).unwrap_or_default(),
        start: raw.start.or(start),
        end: raw.end.or(end),
        project: raw.project,
        stage: raw.stage,
        service: raw.service,
        labels: raw.labels.unwrap_or_default(),
    })
}

/// One stored evaluation, a candidate comparison basis.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviousEvaluation {
    /// Identifies the stored result; listed in `comparedEvents` when it is used.
    pub id: Option<String>,
    /// An invalidated result is never used for comparison.
    pub invalidated: bool,
    /// The stored result.
    pub evaluation: Evaluation,
}

/// The flattened form of a stored result: an evaluation with `id` and `invalidated` beside
/// its fields, or a datastore envelope with the evaluation under `data`.
#[derive(Serialize, Deserialize)]
struct StoredForm {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(default)]
    invalidated: bool,
    #[serde(default, skip_serializing)]
    data: Option<Evaluation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    project: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    service: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    result: Option<Verdict>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    labels: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    evaluation: Option<EvaluationDetails>,
}

impl PreviousEvaluation {
    /// Wraps an evaluation as a stored result.
    pub fn new(id: impl Into<String>, evaluation: Evaluation) -> Self {
        PreviousEvaluation {
            id: Some(id.into()),
            invalidated: false,
            evaluation,
        }
    }

    /// Decodes one stored result from JSON. Accepts slogate's own form (Keptn's evaluation
    /// shape plus `id` and `invalidated`), a datastore envelope `{"id": ..., "data": {...}}`,
    /// and Keptn's bare evaluation-finished event data.
    pub fn from_json(text: &str) -> Result<PreviousEvaluation, InputError> {
        if let Ok(form) = serde_json::from_str::<StoredForm>(text) {
            return PreviousEvaluation::from_form(form, "");
        }
        // Decoding again while tracking the path costs an allocation per key, so it is done
        // only to say where the text went wrong.
        let mut de = serde_json::Deserializer::from_str(text);
        let form: StoredForm = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            if e.inner().is_data() {
                typed_problem(&e)
            } else {
                json_problem(e.inner(), "stored evaluation")
                    .first()
                    .clone()
                    .into()
            }
        })?;
        de.end()
            .map_err(|e| json_problem(&e, "stored evaluation"))?;
        PreviousEvaluation::from_form(form, "")
    }

    /// Like [`PreviousEvaluation::from_json`], from an already-parsed JSON value.
    pub fn from_json_value(value: &Value) -> Result<PreviousEvaluation, InputError> {
        if let Ok(form) = StoredForm::deserialize(value) {
            return PreviousEvaluation::from_form(form, "");
        }
        let form: StoredForm =
            serde_path_to_error::deserialize(value).map_err(|e| typed_problem(&e))?;
        PreviousEvaluation::from_form(form, "")
    }

    /// Decodes a JSON array of stored results, newest first; refuses more than
    /// [`Limits::max_history`] of them with `history_too_long`.
    pub fn list_from_json(text: &str) -> Result<Vec<PreviousEvaluation>, InputError> {
        let forms: Vec<StoredForm> = if let Ok(forms) = serde_json::from_str(text) {
            forms
        } else {
            // As in `from_json`: the path is tracked only to locate the error.
            let mut de = serde_json::Deserializer::from_str(text);
            let forms = serde_path_to_error::deserialize(&mut de).map_err(|e| {
                if e.inner().is_data() {
                    typed_problem(&e)
                } else {
                    json_problem(e.inner(), "history").first().clone().into()
                }
            })?;
            de.end().map_err(|e| json_problem(&e, "history"))?;
            forms
        };
        Limits::default().check_history_length(forms.len())?;
        let mut problems = Vec::new();
        let mut list = Vec::with_capacity(forms.len());
        for (index, form) in forms.into_iter().enumerate() {
            match PreviousEvaluation::from_form(form, &format!("[{index}]")) {
                Ok(entry) => list.push(entry),
                Err(e) => problems.extend(e.problems().iter().cloned()),
            }
        }
        if problems.is_empty() {
            Ok(list)
        } else {
            Err(InputError::new(problems))
        }
    }

    fn from_form(form: StoredForm, path: &str) -> Result<PreviousEvaluation, InputError> {
        let evaluation = if let Some(data) = form.data {
            data
        } else {
            let missing = |field: &str| {
                Problem::new(
                    ErrorCode::InvalidInput,
                    format!("{path}{}{field}", if path.is_empty() { "" } else { "." }),
                    format!("a stored evaluation needs '{field}' (or the whole evaluation under 'data')"),
                )
            };
            let result = form.result.ok_or_else(|| missing("result"))?;
            let details = form.evaluation.ok_or_else(|| missing("evaluation"))?;
            Evaluation {
                project: form.project,
                stage: form.stage,
                service: form.service,
                status: form.status.unwrap_or(Status::Succeeded),
                result,
                message: form.message.unwrap_or_default(),
                labels: form.labels.unwrap_or_default(),
                evaluation: details,
            }
        };
        Ok(PreviousEvaluation {
            id: form.id,
            invalidated: form.invalidated,
            evaluation,
        })
    }

    /// The stored result as one line of JSON: the evaluation's fields with `id` and
    /// `invalidated` beside them. [`PreviousEvaluation::from_json`] reads it back.
    pub fn to_json(&self) -> String {
        let e = &self.evaluation;
        let form = StoredForm {
            id: self.id.clone(),
            invalidated: self.invalidated,
            data: None,
            project: e.project.clone(),
            stage: e.stage.clone(),
            service: e.service.clone(),
            status: Some(e.status),
            result: Some(e.result),
            message: (!e.message.is_empty()).then(|| e.message.clone()),
            labels: (!e.labels.is_empty()).then(|| e.labels.clone()),
            evaluation: Some(e.evaluation.clone()),
        };
        serde_json::to_string(&form).unwrap_or_default()
    }
}

/// A short description of a JSON value, for messages.
pub(crate) fn describe_json(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("the string \"{}\"", shorten(s)),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// A problem for JSON that is not well-formed.
pub(crate) fn json_problem(error: &serde_json::Error, what: &str) -> InputError {
    let code = if error.is_data() {
        ErrorCode::InvalidInput
    } else {
        ErrorCode::InvalidJson
    };
    Problem::new(code, "", format!("invalid {what} JSON: {error}"))
        .at(error.line(), error.column())
        .into()
}

/// A problem for JSON of the wrong shape, with the path where decoding stopped.
pub(crate) fn typed_problem(error: &serde_path_to_error::Error<serde_json::Error>) -> InputError {
    let path = error.path().to_string();
    let path = if path == "." { String::new() } else { path };
    let inner = error.inner();
    let mut message = inner.to_string();
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    let problem = Problem::new(ErrorCode::InvalidInput, path, message);
    if inner.line() > 0 {
        problem.at(inner.line(), inner.column()).into()
    } else {
        problem.into()
    }
}
