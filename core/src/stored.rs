//! The stored form of an evaluation: one writer and one reader, used by every front door for
//! history files and stored results.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::baseline::Candidate;
use crate::error::{Error, ErrorCode, InputDocument, InputError, Problem};
use crate::evaluation::{Evaluation, EvaluationDetails, Status, Verdict};
use crate::input::SliReport;
use crate::json::{json_problem, typed_problem};
use crate::limits::Limits;
use crate::slo::Slo;

/// One entry of the history a front door was handed.
#[derive(Clone, Debug)]
pub enum HistoryEntry<'a> {
    /// An evaluation the caller keeps, used as is.
    Kept(&'a PreviousEvaluation),
    /// A stored evaluation as a JSON value.
    Json(Value),
    /// A stored evaluation as JSON text.
    Text(String),
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

/// An evaluation not stored yet, without an id: usable as history as it is (it is never listed
/// in `comparedEvents`).
impl From<Evaluation> for PreviousEvaluation {
    fn from(evaluation: Evaluation) -> Self {
        PreviousEvaluation {
            id: None,
            invalidated: false,
            evaluation,
        }
    }
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
        Self::from_json_unmarked(text).map_err(|e| e.in_document(InputDocument::History))
    }

    fn from_json_unmarked(text: &str) -> Result<PreviousEvaluation, InputError> {
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
        Self::from_json_value_unmarked(value).map_err(|e| e.in_document(InputDocument::History))
    }

    fn from_json_value_unmarked(value: &Value) -> Result<PreviousEvaluation, InputError> {
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
        Self::list_from_json_unmarked(text).map_err(|e| e.in_document(InputDocument::History))
    }

    fn list_from_json_unmarked(text: &str) -> Result<Vec<PreviousEvaluation>, InputError> {
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
        serde_json::to_string(&self.form()).unwrap_or_default()
    }

    /// The stored result as a JSON value, in the form [`PreviousEvaluation::to_json`] writes.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self.form()).unwrap_or_default()
    }

    /// The stored form indented by `indent` spaces; refuses an indentation wider than
    /// [`Limits::max_indent`] with `indent_too_wide`.
    pub fn to_json_indented(&self, indent: usize) -> Result<String, InputError> {
        Limits::default().check_indent(indent)?;
        let indent = " ".repeat(indent);
        let mut out = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes());
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
        self.form().serialize(&mut serializer).ok();
        Ok(String::from_utf8(out).unwrap_or_default())
    }

    /// Decodes the history a front door was handed, newest first: evaluations it keeps are
    /// borrowed, JSON values and text are decoded. Each entry's problems are placed under
    /// `history[i]`, and more than [`Limits::max_history`] entries are refused.
    pub fn decode_history<'a>(
        entries: impl IntoIterator<Item = HistoryEntry<'a>>,
    ) -> Result<Vec<Cow<'a, PreviousEvaluation>>, InputError> {
        let mut list = Vec::new();
        let mut problems = Vec::new();
        for (index, entry) in entries.into_iter().enumerate() {
            Limits::default().check_history_length(index + 1)?;
            let decoded = match entry {
                HistoryEntry::Kept(kept) => Ok(Cow::Borrowed(kept)),
                HistoryEntry::Json(value) => {
                    PreviousEvaluation::from_json_value(&value).map(Cow::Owned)
                }
                HistoryEntry::Text(text) => PreviousEvaluation::from_json(&text).map(Cow::Owned),
            };
            match decoded {
                Ok(entry) => list.push(entry),
                Err(e) => problems.extend(
                    e.problems()
                        .iter()
                        .map(|p| p.clone().under(&format!("history[{index}]"))),
                ),
            }
        }
        if problems.is_empty() {
            Ok(list)
        } else {
            Err(InputError::new(problems))
        }
    }

    fn form(&self) -> StoredForm {
        let e = &self.evaluation;
        StoredForm {
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
        }
    }
}

/// What the selection of the comparison basis reads of a stored result, in either of its
/// forms: every other field, the indicator results above all, is only checked to be well
/// formed JSON.
#[derive(Deserialize)]
struct StoredHeader<'a> {
    #[serde(default, borrow)]
    id: Option<Cow<'a, str>>,
    #[serde(default)]
    invalidated: bool,
    #[serde(default)]
    result: Option<Verdict>,
    #[serde(default)]
    data: Option<DataHeader>,
}

/// The verdict of a stored result in a datastore envelope.
#[derive(Deserialize)]
struct DataHeader {
    result: Verdict,
}

/// A stored result of which only the header was read, with its text for a full decode.
struct Unread<'a> {
    text: &'a RawValue,
    id: Option<Cow<'a, str>>,
    invalidated: bool,
    result: Verdict,
}

impl Candidate for Unread<'_> {
    fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }
    fn invalidated(&self) -> bool {
        self.invalidated
    }
    fn result(&self) -> Verdict {
        self.result
    }
}

impl<'a> Unread<'a> {
    /// Reads the header of one stored result; `None` when it does not decode.
    fn read(text: &'a RawValue) -> Option<Self> {
        let header: StoredHeader<'a> = serde_json::from_str(text.get()).ok()?;
        let result = match header.data {
            Some(data) => data.result,
            None => header.result?,
        };
        Some(Unread {
            text,
            id: header.id,
            invalidated: header.invalidated,
            result,
        })
    }

    /// Decodes the whole stored result; `None` when it does not decode.
    fn decode(self) -> Option<PreviousEvaluation> {
        let form: StoredForm = serde_json::from_str(self.text.get()).ok()?;
        PreviousEvaluation::from_form(form, "").ok()
    }
}

impl Slo {
    /// Evaluates with the stored results of `history_json` (a JSON array, newest first, in
    /// the forms [`PreviousEvaluation::list_from_json`] reads): the whole text is checked to be
    /// well formed JSON, and of each stored result only what the selection of the comparison
    /// basis needs (`id`, `invalidated` and the verdict) is read, until the basis is complete;
    /// only the stored results of the basis are decoded in full. A history of a thousand
    /// stored results thus costs little more than its basis.
    ///
    /// On any error the history is decoded in full, so the error is the one
    /// [`PreviousEvaluation::list_from_json`] and [`Slo::evaluate`] give, with its
    /// `[i]`-located path. A stored result the basis does not read is not decoded beyond its
    /// header: a wrongly typed field in its indicator results goes unreported.
    ///
    /// ```
    /// use slogate::{SliReport, Slo};
    ///
    /// let slo = Slo::parse("objectives:\n  - sli: p95\n    pass: [{criteria: ['<=+10%']}]\ntotal_score: {pass: 90%}\n").unwrap();
    /// let report = SliReport::from_values([("p95", 105.0)]);
    /// let history = r#"[
    ///   {"id": "b", "invalidated": true, "result": "pass", "evaluation": {"indicatorResults": "never read"}},
    ///   {"id": "a", "result": "pass", "evaluation": {"result": "pass", "indicatorResults": [
    ///     {"value": {"metric": "p95", "value": 100, "success": true}, "status": "pass"}]}}
    /// ]"#;
    /// let evaluation = slo.evaluate_stored_json(&report, history).unwrap();
    /// assert_eq!(evaluation.evaluation.compared_events, ["a"]);
    /// assert!(slo.evaluate_stored_json(&report, "[{\"id\": 1}]").is_err());
    /// ```
    pub fn evaluate_stored_json(
        &self,
        report: &SliReport,
        history_json: &str,
    ) -> Result<Evaluation, Error> {
        if let Some(evaluation) = self.evaluate_unread(report, history_json) {
            return Ok(evaluation);
        }
        let history = PreviousEvaluation::list_from_json(history_json)?;
        Ok(self.evaluate(report, &history)?)
    }

    /// The evaluation of [`Slo::evaluate_stored_json`] when nothing goes wrong.
    fn evaluate_unread(&self, report: &SliReport, history_json: &str) -> Option<Evaluation> {
        let entries: Vec<&RawValue> = serde_json::from_str(history_json).ok()?;
        let limits = Limits::default();
        limits.check_history_length(entries.len()).ok()?;
        let unread = entries.iter().map(|text| Unread::read(text).ok_or(()));
        self.evaluate_selected(report, unread, &limits, |chosen| chosen.decode().ok_or(()))
            .ok()?
            .ok()
    }
}
