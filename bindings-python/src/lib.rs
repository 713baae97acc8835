//! Python bindings of slogate: the `slogate._slogate` extension module behind the `slogate`
//! Python package.
//!
//! This crate converts Python objects to the core's types and the core's errors to
//! `slogate.SloError`; every rule lives in the `slogate` crate.

mod columns;
mod convert;
mod errors;

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use slogate::reports::locust::{LocustEntry, LocustStats};
use slogate::reports::ReportKind;
use slogate::{
    reports, ApprovalPolicy, Criterion, Deployment, ErrorCode, FailOn, IndicatorResult, InputError,
    PreviousEvaluation, Problem, ProviderStatus, SliReport, Threshold, Verdict,
};

use crate::convert::{from_json, is_mapping, mapping_items, number, short_repr, type_name};
use crate::errors::{detached, guard, input_error, slo_error, type_error};

/// A parsed, validated SLO definition (`slo.yaml`), reusable for any number of evaluations.
#[pyclass(module = "slogate", frozen)]
struct Slo {
    inner: slogate::Slo,
}

#[pymethods]
impl Slo {
    /// Parses an SLO from YAML text. Raises `SloError` listing every problem of the document;
    /// `strict` refuses warnings too, which are otherwise issued as one `SlogateWarning`.
    #[staticmethod]
    #[pyo3(signature = (text, *, strict = false))]
    fn from_yaml(py: Python<'_>, text: &Bound<'_, PyAny>, strict: bool) -> PyResult<Slo> {
        let text = convert::string(text, "text")?;
        let limits = slogate::Limits::default().with_strict(strict);
        let slo = guard(|| {
            detached(py, || slogate::Slo::parse_with_limits(&text, &limits))?
                .map(|inner| Slo { inner })
                .map_err(|e| slo_error(py, e))
        })?;
        errors::warn(py, slo.inner.warnings())?;
        Ok(slo)
    }

    /// Reads and parses an SLO file (UTF-8 YAML). Raises `OSError` when the file cannot be
    /// read and `SloError` when it is not a valid SLO.
    #[staticmethod]
    #[pyo3(signature = (path, *, strict = false))]
    #[allow(clippy::needless_pass_by_value)] // pyo3 extracts paths as owned values
    fn from_file(py: Python<'_>, path: PathBuf, strict: bool) -> PyResult<Slo> {
        let limits = slogate::Limits::default().with_strict(strict);
        let text = limits.read_slo(
            std::fs::File::open(&path)
                .map_err(|e| errors::file_error(py, "SLO file", &path, &e))?,
        )?;
        let slo = guard(|| {
            detached(py, || {
                text.and_then(|text| slogate::Slo::parse_with_limits(&text, &limits))
            })?
            .map(|inner| Slo { inner })
            .map_err(|e| slo_error(py, e))
        })?;
        errors::warn(py, slo.inner.warnings())?;
        Ok(slo)
    }

    /// What the SLO is used with as written but looks like a mistake (an unknown key, for
    /// one): dicts with `code`, `path`, `line`, `column` and `message`, in document order.
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.inner
            .warnings()
            .iter()
            .map(|w| errors::problem_dict(py, w))
            .collect()
    }

    /// Evaluates measured values against this SLO, comparing relative criteria with
    /// `history` (stored evaluations, newest first).
    #[pyo3(signature = (values, history = None, *, result = None, status = None, message = None, id = None, sli_map = None))]
    #[allow(clippy::too_many_arguments)]
    fn evaluate(
        &self,
        py: Python<'_>,
        values: &Bound<'_, PyAny>,
        history: Option<&Bound<'_, PyAny>>,
        result: Option<&Bound<'_, PyAny>>,
        status: Option<&Bound<'_, PyAny>>,
        message: Option<&Bound<'_, PyAny>>,
        id: Option<&Bound<'_, PyAny>>,
        sli_map: Option<&str>,
    ) -> PyResult<PyEvaluation> {
        guard(|| {
            let report = match reports_in(values) {
                Some(inputs) => {
                    let map = sli_map.map(slogate::SliConfig::parse).transpose();
                    let map = map.map_err(|e| slo_error(py, e))?;
                    reports::merge(&self.inner, &inputs, map.as_ref())
                        .map_err(|e| slo_error(py, e))?
                }
                None => report_from(values, result, status, message)?,
            };
            let history = history_from(history)?;
            let history: Vec<&PreviousEvaluation> =
                history.iter().map(HistoryEntry::stored).collect();
            let id = id.map(|id| convert::string(id, "id")).transpose()?;
            let slo = &self.inner;
            detached(py, || slo.evaluate(&report, history.iter().copied()))?
                .map(|evaluation| PyEvaluation {
                    stored: PreviousEvaluation {
                        id,
                        invalidated: false,
                        evaluation,
                    },
                })
                .map_err(|e| slo_error(py, e))
        })
    }

    /// Raises `SloError` (code `missing_metric`) when `values` lack a metric that one of the
    /// SLO's scored objectives measures; `source` names the values in the message.
    #[pyo3(signature = (values, source = "SLI values"))]
    fn check_metrics(
        &self,
        py: Python<'_>,
        values: &Bound<'_, PyAny>,
        source: &str,
    ) -> PyResult<()> {
        guard(|| {
            let report = report_from(values, None, None, None)?;
            reports::require_metrics(&self.inner, &report, source).map_err(|e| slo_error(py, e))
        })
    }

    /// The SLO text as it was parsed.
    #[getter]
    fn source(&self) -> &str {
        self.inner.source()
    }

    /// The SLI names of the objectives, in the order written.
    #[getter]
    fn slis(&self) -> Vec<String> {
        self.inner
            .objectives()
            .iter()
            .map(|o| o.sli.clone())
            .collect()
    }

    /// The objectives as dicts: `sli`, `display_name`, `weight`, `key_sli`, `pass` and
    /// `warning` (lists of criteria lists, as written).
    #[getter]
    fn objectives<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for objective in self.inner.objectives() {
            let dict = PyDict::new(py);
            dict.set_item("sli", &objective.sli)?;
            dict.set_item("display_name", &objective.display_name)?;
            dict.set_item("weight", objective.weight)?;
            dict.set_item("key_sli", objective.key_sli)?;
            let sets = |sets: &[slogate::CriteriaSet]| -> Vec<Vec<String>> {
                sets.iter()
                    .map(|s| s.criteria.iter().map(|c| c.as_str().to_owned()).collect())
                    .collect()
            };
            dict.set_item("pass", sets(&objective.pass))?;
            dict.set_item("warning", sets(&objective.warning))?;
            list.append(dict)?;
        }
        Ok(list)
    }

    /// The score (percent) at or above which the gate passes.
    #[getter]
    fn pass_score(&self) -> f64 {
        self.inner.total_score().pass.percent
    }

    /// The score (percent) at or above which a gate that did not pass is a warning; `None`
    /// when the SLO sets no warning threshold.
    #[getter]
    fn warning_score(&self) -> Option<f64> {
        self.inner.total_score().warning.as_ref().map(|w| w.percent)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Slo objectives={} pass={}%>",
            self.inner.objectives().len(),
            self.inner.total_score().pass.percent
        )
    }
}

/// A gate written for another tool (k6 thresholds, a Keptn v2 `AnalysisDefinition`, a
/// Pitometer perfspec), scored exactly as that tool scores it.
#[pyclass(module = "slogate", frozen)]
struct Gate {
    inner: slogate::Gate,
}

fn gate(py: Python<'_>, format: slogate::GateFormat, text: &Bound<'_, PyAny>) -> PyResult<Gate> {
    let text = match text.cast::<PyString>() {
        Ok(s) => s.to_cow()?.into_owned(),
        Err(_) => convert::to_json(text, "definition")?.to_string(),
    };
    guard(|| {
        slogate::Gate::parse_as(format, &text)
            .map(|inner| Gate { inner })
            .map_err(|e| slo_error(py, e))
    })
}

impl Gate {
    fn run(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<slogate::GateEvaluation> {
        let outcome = match data.cast::<PyString>() {
            Ok(s) => self.inner.evaluate_json(&s.to_cow()?),
            Err(_) => self
                .inner
                .evaluate_value(&convert::to_json(data, "measurements")?),
        };
        guard(|| outcome.map_err(|e| slo_error(py, e)))
    }
}

#[pymethods]
impl Gate {
    /// Reads k6 thresholds: the options (JSON text or dict) or their `thresholds`.
    #[staticmethod]
    fn from_k6(py: Python<'_>, options: &Bound<'_, PyAny>) -> PyResult<Gate> {
        gate(py, slogate::GateFormat::K6, options)
    }

    /// Reads a Keptn v2 `AnalysisDefinition` manifest (YAML text).
    #[staticmethod]
    fn from_keptn2(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Gate> {
        gate(py, slogate::GateFormat::Keptn2, text)
    }

    /// Reads a Pitometer perfspec (JSON text or dict).
    #[staticmethod]
    fn from_perfspec(py: Python<'_>, perfspec: &Bound<'_, PyAny>) -> PyResult<Gate> {
        gate(py, slogate::GateFormat::Pitometer, perfspec)
    }

    /// `"k6"`, `"keptn2"` or `"pitometer"`.
    #[getter]
    fn format(&self) -> &'static str {
        self.inner.format().as_str()
    }

    /// Evaluates with the format's measurements (dict or JSON text): a k6 summary, provider
    /// values by template name, or data points by indicator id.
    fn evaluate(&self, py: Python<'_>, measurements: &Bound<'_, PyAny>) -> PyResult<PyEvaluation> {
        let result = self.run(py, measurements)?;
        let evaluation = result.evaluation().clone();
        Ok(PyEvaluation {
            stored: PreviousEvaluation {
                id: None,
                invalidated: false,
                evaluation,
            },
        })
    }

    /// The tool's own result for the measurements, as a dict (k6's `ok`/`breached`/`abort`/
    /// `thresholds`, metrics-operator's analysis status, Pitometer's run result).
    fn tool_result<'py>(
        &self,
        py: Python<'py>,
        measurements: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        from_json(py, self.run(py, measurements)?.native())
    }

    /// The equivalent Keptn SLO: `{"slo": yaml or None, "sli": yaml or None,
    /// "unexpressed": [...], "notes": [...]}`.
    fn to_keptn<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let c = self.inner.to_keptn();
        let value = serde_json::json!({"slo": c.slo, "sli": c.sli, "unexpressed": c.unexpressed, "notes": c.notes});
        from_json(py, &value)
    }
}

/// The outcome of one evaluation, in Keptn's evaluation-finished shape.
#[pyclass(name = "Evaluation", module = "slogate", frozen)]
struct PyEvaluation {
    /// The evaluation with the id and invalidated flag it is stored with, so it can be passed
    /// as history by reference.
    stored: PreviousEvaluation,
}

impl PyEvaluation {
    /// Keptn's evaluation shape, with `id` when set and `invalidated` when true.
    fn stored_form(&self) -> serde_json::Value {
        let mut value = serde_json::to_value(&self.stored.evaluation).unwrap_or_default();
        if let Some(object) = value.as_object_mut() {
            if let Some(id) = &self.stored.id {
                object.insert("id".to_owned(), serde_json::Value::String(id.clone()));
            }
            if self.stored.invalidated {
                object.insert("invalidated".to_owned(), serde_json::Value::Bool(true));
            }
        }
        value
    }
}

#[pymethods]
impl PyEvaluation {
    /// Reads an evaluation from a dict in any form accepted as history: Keptn's evaluation
    /// shape (as `to_dict()` returns it, optionally with `id`), or `{"id": ..., "data": {...}}`.
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<PyEvaluation> {
        guard(|| {
            let value = convert::to_json(data, "data")?;
            PreviousEvaluation::from_json_value(&value)
                .map(|p| PyEvaluation { stored: p })
                .map_err(|e| slo_error(py, e))
        })
    }

    /// Reads an evaluation from JSON text; see `from_dict` for the accepted forms.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<PyEvaluation> {
        let text = convert::string(text, "text")?;
        guard(|| {
            PreviousEvaluation::from_json(&text)
                .map(|p| PyEvaluation { stored: p })
                .map_err(|e| slo_error(py, e))
        })
    }

    /// `"pass"`, `"warning"` or `"fail"`.
    #[getter]
    fn result(&self) -> &'static str {
        self.stored.evaluation.result().as_str()
    }

    /// `"succeeded"`, or `"errored"` when the evaluation could not be carried out.
    #[getter]
    fn status(&self) -> &'static str {
        self.stored.evaluation.status.as_str()
    }

    /// The total score, 0 to 100.
    #[getter]
    fn score(&self) -> f64 {
        self.stored.evaluation.score()
    }

    /// True only when the result is `"pass"`.
    #[getter]
    fn passed(&self) -> bool {
        self.stored.evaluation.passed()
    }

    /// Whether the gate passes: a pass does, a warning only with `allow_warning`.
    #[pyo3(signature = (*, allow_warning = false))]
    fn passes(&self, allow_warning: bool) -> bool {
        let fail_on = FailOn::allowing_warning(allow_warning);
        self.stored.evaluation.passes(fail_on)
    }

    /// The decision on this evaluation: of an approval `policy` (`"pass=automatic,warning=manual"`)
    /// when given, else of the plain gate (a warning passes only with `allow_warning`);
    /// `live=True` when the evaluated deployment already serves users.
    #[pyo3(signature = (policy = None, *, allow_warning = false, live = false))]
    fn decide(
        &self,
        py: Python<'_>,
        policy: Option<&str>,
        allow_warning: bool,
        live: bool,
    ) -> PyResult<Decision> {
        let policy = policy.map(str::parse::<ApprovalPolicy>).transpose();
        let policy = policy.map_err(|e| slo_error(py, e))?;
        let decision = self.stored.evaluation.decision(
            policy.as_ref(),
            FailOn::allowing_warning(allow_warning),
            Deployment::from_live(live),
        );
        Ok(Decision {
            action: decision.action.as_str(),
            rollback: decision.rollback,
            exit_code: decision.exit_code(),
            explanation: decision.explain(),
        })
    }

    /// Why the result is what it is, in a sentence.
    #[getter]
    fn message(&self) -> &str {
        &self.stored.evaluation.message
    }

    /// The id this evaluation is stored under, listed in a later evaluation's
    /// `compared_events` when it serves as comparison basis; `None` when not set.
    #[getter]
    fn id(&self) -> Option<&str> {
        self.stored.id.as_deref()
    }

    /// True when this stored evaluation was invalidated (read from a dict or JSON with
    /// `"invalidated": true`): it is then never used as comparison basis.
    #[getter]
    fn invalidated(&self) -> bool {
        self.stored.invalidated
    }

    /// Ids of the stored evaluations used as comparison basis, newest first.
    #[getter]
    fn compared_events(&self) -> Vec<String> {
        self.stored.evaluation.evaluation.compared_events.clone()
    }

    /// The verdict in one sentence: result, score, how many objectives got each status, and
    /// why, e.g. `"warning with a score of 75 (1 passed, 1 warning): the score of 75 is below
    /// the pass threshold of 90 but reaches the warning threshold of 75"`.
    #[getter]
    fn summary(&self) -> String {
        slogate::summarize(&self.stored.evaluation)
    }

    /// One result per objective, in SLO order.
    #[getter]
    fn indicators(&self) -> Vec<Indicator> {
        self.stored
            .evaluation
            .indicators()
            .iter()
            .map(|r| Indicator { inner: r.clone() })
            .collect()
    }

    /// The same evaluation stored under `id`.
    fn with_id(&self, id: &Bound<'_, PyAny>) -> PyResult<PyEvaluation> {
        Ok(PyEvaluation {
            stored: PreviousEvaluation {
                id: Some(convert::string(id, "id")?),
                invalidated: self.stored.invalidated,
                evaluation: self.stored.evaluation.clone(),
            },
        })
    }

    /// Keptn's evaluation JSON shape as a dict, with `id` when set (and `invalidated` when
    /// true). Accepted back as history and by `from_dict`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = self.stored_form();
        from_json(py, &value)
    }

    /// Keptn's evaluation JSON shape as text (one line, or indented by `indent` spaces).
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, py: Python<'_>, indent: Option<usize>) -> PyResult<String> {
        let value = self.stored_form();
        Ok(match indent {
            None => value.to_string(),
            Some(width) => {
                let checked = slogate::Limits::default().check_indent(width);
                checked.map_err(|e| slo_error(py, e))?;
                let indent = " ".repeat(width);
                let mut out = Vec::new();
                let formatter = serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes());
                let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
                serde::Serialize::serialize(&value, &mut serializer).ok();
                String::from_utf8(out).unwrap_or_default()
            }
        })
    }

    /// Raises `slogate.GateFailed` (an `AssertionError`) with `slogate.explain(self)`: the
    /// summary, then every objective that did not pass, explained. Does nothing when the
    /// result is `"pass"` (or `"warning"` with `allow_warning`).
    #[pyo3(signature = (*, allow_warning = false))]
    fn raise_for_result(slf: &Bound<'_, Self>, allow_warning: bool) -> PyResult<()> {
        let py = slf.py();
        let assert_gate = py.import("slogate._gate")?.getattr("assert_gate")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("allow_warning", allow_warning)?;
        assert_gate.call((slf,), Some(&kwargs))?;
        Ok(())
    }

    fn __repr__(&self) -> String {
        format!(
            "<Evaluation result={:?} score={} indicators={}{}>",
            self.stored.evaluation.result().as_str(),
            self.stored.evaluation.score(),
            self.stored.evaluation.indicators().len(),
            self.stored
                .id
                .as_ref()
                .map(|id| format!(" id={id:?}"))
                .unwrap_or_default()
        )
    }
}

/// One criterion of an objective, resolved to a number.
/// What the pipeline does with an evaluation (`Evaluation.decide`).
#[pyclass(module = "slogate", frozen, get_all)]
struct Decision {
    action: &'static str,
    rollback: bool,
    exit_code: u8,
    explanation: String,
}

#[pyclass(module = "slogate", frozen, get_all)]
#[allow(clippy::struct_field_names)] // the names of Keptn's fields
struct Target {
    /// The criterion exactly as written in the SLO.
    criteria: String,
    /// The number the value was compared with.
    target_value: f64,
    /// True when the value does not meet the criterion.
    violated: bool,
}

#[pymethods]
impl Target {
    fn __repr__(&self) -> String {
        format!(
            "<Target {:?} target_value={} violated={}>",
            self.criteria,
            self.target_value,
            if self.violated { "True" } else { "False" }
        )
    }
}

/// The result of one objective.
#[pyclass(module = "slogate", frozen)]
struct Indicator {
    inner: IndicatorResult,
}

fn targets(list: &[slogate::Target]) -> Vec<Target> {
    list.iter()
        .map(|t| Target {
            criteria: t.criteria.clone(),
            target_value: t.target_value,
            violated: t.violated,
        })
        .collect()
}

#[pymethods]
impl Indicator {
    /// The SLI name; `None` for an informational objective without a value.
    #[getter]
    fn metric(&self) -> Option<&str> {
        self.inner.metric()
    }

    /// The measured value (0 when it could not be obtained); `None` without a value.
    #[getter]
    fn value(&self) -> Option<f64> {
        self.inner.value.as_ref().map(|v| v.value)
    }

    /// The aggregated previous value relative criteria were resolved against (0 when there
    /// was none); `None` without a value.
    #[getter]
    fn compared_value(&self) -> Option<f64> {
        self.inner.value.as_ref().map(|v| v.compared_value)
    }

    /// False when the value could not be obtained; `None` without a value.
    #[getter]
    fn success(&self) -> Option<bool> {
        self.inner.value.as_ref().map(|v| v.success)
    }

    /// The provider's message, or why the value is missing.
    #[getter]
    fn message(&self) -> &str {
        self.inner.value.as_ref().map_or("", |v| v.message.as_str())
    }

    /// `"pass"`, `"warning"`, `"fail"` or `"info"`.
    #[getter]
    fn status(&self) -> &'static str {
        self.inner.status.as_str()
    }

    /// Weight earned: the weight on pass, half on warning, 0 otherwise.
    #[getter]
    fn score(&self) -> f64 {
        self.inner.score
    }

    /// Whether the objective is a key SLI, whose failure fails the gate.
    #[getter]
    fn key_sli(&self) -> bool {
        self.inner.key_sli
    }

    /// The objective's `displayName` (empty when none).
    #[getter]
    fn display_name(&self) -> &str {
        &self.inner.display_name
    }

    /// Every pass criterion, resolved, in order.
    #[getter]
    fn pass_targets(&self) -> Vec<Target> {
        targets(&self.inner.pass_targets)
    }

    /// Every warning criterion, resolved, in order.
    #[getter]
    fn warning_targets(&self) -> Vec<Target> {
        targets(&self.inner.warning_targets)
    }

    /// The baseline relative criteria were resolved against, as a dict `{"function": "avg",
    /// "value": 500.0, "values": 3}`; `None` without previous values (and for evaluations
    /// read back from dicts or JSON, which do not carry it).
    #[getter]
    fn baseline<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(baseline) = self.inner.baseline else {
            return Ok(None);
        };
        let dict = PyDict::new(py);
        dict.set_item("function", baseline.function.as_str())?;
        dict.set_item("value", baseline.value)?;
        dict.set_item("values", baseline.values)?;
        Ok(Some(dict))
    }

    /// Why the objective got its status, in one line: the value, the status and why, then
    /// every criterion with the target it resolved to and how that target was derived, e.g.
    /// `"p95 = 560: warning (the pass criteria are not met: <=+10% is violated; the warning
    /// criteria are met); pass: <=+10% violated (target 550 = the previous result (500)
    /// +10%), <600 met (fixed target 600); warning: <=800 met (fixed target 800)"`.
    #[getter]
    fn explanation(&self) -> String {
        slogate::explain(&self.inner)
    }

    /// This result in Keptn's `indicatorResults` shape.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_json(py, &serde_json::to_value(&self.inner).unwrap_or_default())
    }

    fn __repr__(&self) -> String {
        format!(
            "<Indicator {:?} status={:?} value={}>",
            self.inner.metric().unwrap_or(""),
            self.inner.status.as_str(),
            self.inner
                .value
                .as_ref()
                .map_or_else(|| "None".to_owned(), |v| v.value.to_string())
        )
    }
}

/// One parsed criterion, such as `<=+10%`.
#[pyclass(name = "Criterion", module = "slogate", frozen)]
struct PyCriterion {
    inner: Criterion,
}

#[pymethods]
impl PyCriterion {
    /// Parses a criterion; raises `SloError` (code `invalid_criterion`) when it is invalid.
    #[new]
    fn new(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<PyCriterion> {
        let text = convert::string(text, "text")?;
        guard(|| {
            Criterion::parse(&text)
                .map(|inner| PyCriterion { inner })
                .map_err(|p| slo_error(py, slogate::SloError::from(p)))
        })
    }

    /// The text exactly as written.
    #[getter]
    fn text(&self) -> &str {
        self.inner.as_str()
    }

    /// `"<"`, `"<="`, `"="`, `">="` or `">"`.
    #[getter]
    fn operator(&self) -> &'static str {
        self.inner.operator().as_str()
    }

    /// `"fixed"`, `"delta"` (relative by an amount) or `"percent"` (relative by a percentage).
    #[getter]
    fn kind(&self) -> &'static str {
        match self.inner.threshold() {
            Threshold::Fixed(_) => "fixed",
            Threshold::Delta(_) => "delta",
            Threshold::Percent(_) => "percent",
        }
    }

    /// The number: the fixed threshold, the signed delta or the signed percentage.
    #[getter]
    fn amount(&self) -> f64 {
        match self.inner.threshold() {
            Threshold::Fixed(v) | Threshold::Delta(v) | Threshold::Percent(v) => v,
        }
    }

    /// Whether the target depends on previous results.
    #[getter]
    fn is_relative(&self) -> bool {
        self.inner.is_relative()
    }

    /// The target the value is compared with, given the baseline; `None` for a relative
    /// criterion without a baseline.
    #[pyo3(signature = (baseline = None))]
    fn target(&self, baseline: Option<&Bound<'_, PyAny>>) -> PyResult<Option<f64>> {
        let baseline = baseline
            .filter(|b| !b.is_none())
            .map(|b| number(b, "baseline"))
            .transpose()?;
        Ok(self.inner.target(baseline))
    }

    /// Whether `value` meets the criterion given the baseline (a relative criterion without
    /// a baseline is met).
    #[pyo3(signature = (value, baseline = None))]
    fn is_met(
        &self,
        value: &Bound<'_, PyAny>,
        baseline: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<bool> {
        let value = number(value, "value")?;
        let baseline = baseline
            .filter(|b| !b.is_none())
            .map(|b| number(b, "baseline"))
            .transpose()?;
        Ok(self.inner.is_met(value, baseline))
    }

    fn __str__(&self) -> &str {
        self.inner.as_str()
    }

    fn __repr__(&self) -> String {
        format!("Criterion({:?})", self.inner.as_str())
    }
}

fn problem(code: ErrorCode, path: &str, message: String) -> InputError {
    InputError::from(Problem::new(code, path, message))
}

fn choice<T: serde::de::DeserializeOwned>(
    obj: Option<&Bound<'_, PyAny>>,
    name: &str,
    allowed: &str,
) -> PyResult<Option<T>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    let text = convert::string(obj, name)?;
    serde_json::from_value(serde_json::Value::String(text.clone()))
        .map(Some)
        .map_err(|_| {
            input_error(
                obj.py(),
                &problem(
                    ErrorCode::InvalidInput,
                    name,
                    format!("{name} must be {allowed}, found '{text}'"),
                ),
            )
        })
}

/// The `values` argument as the core's report: a mapping metric -> number, a list of Keptn
/// `indicatorValues` entries, or Keptn's get-sli data (a mapping with `indicatorValues`).
fn report_from(
    values: &Bound<'_, PyAny>,
    result: Option<&Bound<'_, PyAny>>,
    status: Option<&Bound<'_, PyAny>>,
    message: Option<&Bound<'_, PyAny>>,
) -> PyResult<SliReport> {
    let py = values.py();
    let mut report = if is_mapping(values) {
        let keptn = ["indicatorValues", "getSLI"]
            .iter()
            .any(|key| values.contains(*key).unwrap_or(false));
        if keptn {
            let json = convert::to_json(values, "values")?;
            SliReport::from_json_value(&json).map_err(|e| slo_error(py, e))?
        } else {
            let mut list = Vec::new();
            for (key, value) in mapping_items(values)? {
                let metric = key.cast::<PyString>().map_err(|_| {
                    type_error(format!(
                        "values must have str keys (metric names), found the {} key {}",
                        type_name(&key),
                        short_repr(&key)
                    ))
                })?;
                let at = format!("values[{}]", short_repr(&key));
                list.push(slogate::IndicatorValue::new(
                    metric.to_cow()?.into_owned(),
                    number(&value, &at)?,
                ));
            }
            SliReport::new(list)
        }
    } else if values.is_instance_of::<PyList>() || values.is_instance_of::<pyo3::types::PyTuple>() {
        let mut list = Vec::new();
        for (index, item) in values.try_iter()?.enumerate() {
            list.push(convert::indicator_value(
                &item?,
                &format!("values[{index}]"),
            )?);
        }
        SliReport::new(list)
    } else {
        return Err(type_error(format!(
            "values must be a mapping of metric names to numbers or a list of indicator values, found {} {}",
            type_name(values),
            short_repr(values)
        )));
    };
    if let Some(result) = choice::<Verdict>(result, "result", "'pass', 'warning' or 'fail'")? {
        report.result = Some(result);
    }
    if let Some(status) =
        choice::<ProviderStatus>(status, "status", "'succeeded', 'errored' or 'aborted'")?
    {
        report.status = status;
    }
    if let Some(message) = message.filter(|m| !m.is_none()) {
        report.message = convert::string(message, "message")?;
    }
    Ok(report)
}

/// One entry of the `history` argument: an `Evaluation` the caller keeps (borrowed, not
/// copied), or a dict decoded for this call.
enum HistoryEntry<'py> {
    Kept(Bound<'py, PyEvaluation>),
    Decoded(Box<PreviousEvaluation>),
}

impl HistoryEntry<'_> {
    fn stored(&self) -> &PreviousEvaluation {
        match self {
            HistoryEntry::Kept(evaluation) => &evaluation.get().stored,
            HistoryEntry::Decoded(previous) => previous,
        }
    }
}

/// The `history` argument: `Evaluation` objects or dicts, newest first.
fn history_from<'py>(history: Option<&Bound<'py, PyAny>>) -> PyResult<Vec<HistoryEntry<'py>>> {
    let Some(history) = history.filter(|h| !h.is_none()) else {
        return Ok(Vec::new());
    };
    let py = history.py();
    if history.is_instance_of::<PyString>() || is_mapping(history) {
        return Err(type_error(format!(
            "history must be a list of Evaluation objects or dicts (newest first), found {}",
            type_name(history)
        )));
    }
    let iter = history.try_iter().map_err(|_| {
        type_error(format!(
            "history must be a list of Evaluation objects or dicts (newest first), found {}",
            type_name(history)
        ))
    })?;
    let mut list = Vec::new();
    let mut problems = Vec::new();
    for (index, item) in iter.enumerate() {
        let item = item?;
        let checked = slogate::Limits::default().check_history_length(index + 1);
        checked.map_err(|e| slo_error(py, e))?;
        let at = format!("history[{index}]");
        if let Ok(evaluation) = item.cast::<PyEvaluation>() {
            list.push(HistoryEntry::Kept(evaluation.clone()));
        } else if is_mapping(&item) {
            let json = convert::to_json(&item, &at)?;
            match PreviousEvaluation::from_json_value(&json) {
                Ok(previous) => list.push(HistoryEntry::Decoded(Box::new(previous))),
                Err(e) => problems.extend(e.problems().iter().map(|p| {
                    let path = if p.path().is_empty() {
                        at.clone()
                    } else {
                        format!("{at}.{}", p.path())
                    };
                    Problem::new(p.code(), path, p.message())
                })),
            }
        } else {
            return Err(type_error(format!(
                "{at} must be an Evaluation or a dict, found {} {}",
                type_name(&item),
                short_repr(&item)
            )));
        }
    }
    if problems.is_empty() {
        Ok(list)
    } else {
        Err(slo_error(py, InputError::new(problems)))
    }
}

fn entry_from(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<LocustEntry> {
    if !is_mapping(obj) {
        return Err(type_error(format!(
            "{path} must be a dict of Locust statistics, found {}",
            type_name(obj)
        )));
    }
    let get = |key: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
        Ok(obj.get_item(key).ok().filter(|v| !v.is_none()))
    };
    let num = |key: &str| -> PyResult<f64> {
        get(key)?.map_or(Ok(0.0), |v| number(&v, &format!("{path}['{key}']")))
    };
    let count = |key: &str| -> PyResult<u64> {
        match get(key)? {
            None => Ok(0),
            Some(v) => v.extract::<u64>().map_err(|_| {
                type_error(format!(
                    "{path}['{key}'] must be a count (a non-negative int), found {} {}",
                    type_name(&v),
                    short_repr(&v)
                ))
            }),
        }
    };
    let text = |key: &str| -> PyResult<String> {
        get(key)?.map_or(Ok(String::new()), |v| {
            convert::string(&v, &format!("{path}['{key}']"))
        })
    };
    let mut percentiles = Vec::new();
    if let Some(list) = get("percentiles")? {
        for (index, pair) in list.try_iter()?.enumerate() {
            let pair = pair?;
            let at = format!("{path}['percentiles'][{index}]");
            let (fraction, ms) = pair
                .extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()
                .map_err(|_| {
                    type_error(format!(
                        "{at} must be a (fraction, milliseconds) pair, found {}",
                        short_repr(&pair)
                    ))
                })?;
            percentiles.push((number(&fraction, &at)?, number(&ms, &at)?));
        }
    }
    Ok(LocustEntry {
        name: text("name")?,
        method: text("method")?,
        num_requests: count("num_requests")?,
        num_failures: count("num_failures")?,
        fail_ratio: num("fail_ratio")?,
        total_rps: num("total_rps")?,
        total_fail_per_sec: num("total_fail_per_sec")?,
        avg_response_time: num("avg_response_time")?,
        min_response_time: get("min_response_time")?
            .map(|v| number(&v, &format!("{path}['min_response_time']")))
            .transpose()?,
        max_response_time: num("max_response_time")?,
        median_response_time: num("median_response_time")?,
        percentiles,
    })
}

/// Names a Locust run's statistics as SLI values (Keptn `indicatorValues` dicts); `total`
/// and each of `entries` are dicts of Locust's numbers. Used by `slogate.locust`.
#[pyfunction]
fn locust_values<'py>(
    py: Python<'py>,
    total: &Bound<'py, PyAny>,
    entries: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    guard(|| {
        let total = entry_from(total, "total")?;
        let mut list = Vec::new();
        for (index, item) in entries.try_iter()?.enumerate() {
            list.push(entry_from(&item?, &format!("entries[{index}]"))?);
        }
        let report = LocustStats {
            total,
            entries: list,
        }
        .report();
        let out = PyList::empty(py);
        for value in &report.indicator_values {
            let dict = PyDict::new(py);
            dict.set_item("metric", &value.metric)?;
            dict.set_item("value", value.value)?;
            dict.set_item("success", value.success)?;
            dict.set_item("message", &value.message)?;
            out.append(dict)?;
        }
        Ok(out)
    })
}

/// A load-test report read from a file by `slogate.reports.read`: pass one, or a list of
/// several, to `Slo.evaluate`.
#[pyclass(module = "slogate", frozen)]
struct Report {
    inner: reports::ReportInput,
}

#[pymethods]
impl Report {
    /// The report kind (`'locust'`).
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind.map_or("values", ReportKind::name)
    }

    /// The file the report was read from.
    #[getter]
    fn file(&self) -> &str {
        &self.inner.file
    }

    /// Its SLI values, as Keptn `indicatorValues` dicts in the documented metric names.
    #[getter]
    fn values<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        from_json(
            py,
            &serde_json::to_value(&self.inner.report.indicator_values).unwrap_or_default(),
        )
    }

    fn __repr__(&self) -> String {
        format!("Report(kind={:?}, file={:?})", self.kind(), self.inner.file)
    }
}

/// The `Report` objects `values` is or lists, if it is one or a non-empty list of them.
fn reports_in(values: &Bound<'_, PyAny>) -> Option<Vec<reports::ReportInput>> {
    if let Ok(report) = values.cast::<Report>() {
        return Some(vec![report.get().inner.clone()]);
    }
    let list = values.cast::<PyList>().ok()?;
    let inputs: Vec<_> = list
        .iter()
        .map_while(|item| Some(item.cast::<Report>().ok()?.get().inner.clone()))
        .collect();
    (!inputs.is_empty() && inputs.len() == list.len()).then_some(inputs)
}

/// Reads the load-test report file at `path` as a report of `kind` (`slogate.reports.read`).
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // pyo3 extracts paths as owned values
fn read_report(py: Python<'_>, kind: &str, path: PathBuf) -> PyResult<Report> {
    guard(|| {
        let kind: ReportKind = kind.parse().map_err(|e: InputError| slo_error(py, e))?;
        let io = |e: std::io::Error| errors::file_error(py, "report", &path, &e);
        let text = slogate::Limits::default().read_input(std::fs::File::open(&path).map_err(io)?);
        let text = text.map_err(io)?;
        let report = detached(py, || text.and_then(|text| kind.read(&text)))?;
        let report = report.map_err(|e| slo_error(py, e))?;
        let file = path.display().to_string();
        Ok(Report {
            inner: reports::ReportInput::new(Some(kind), file, report),
        })
    })
}

/// The stable name of every code in the core's table, in order (the members of
/// `slogate.ErrorCode`).
#[pyfunction]
fn error_codes() -> Vec<&'static str> {
    slogate::ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}

/// Panics inside Rust on purpose, to show that a panic reaches Python as `RuntimeError`
/// rather than aborting the interpreter. Used by the test suite only.
#[pyfunction]
fn _panic_for_test() -> PyResult<()> {
    guard(|| -> PyResult<()> { panic!("deliberate panic raised by _panic_for_test") })
}

/// `slogate.canary`'s native half: samples and options as JSON text, the judgement as JSON.
#[pyfunction]
fn judge_canary_json(
    py: Python<'_>,
    baseline: &str,
    canary: &str,
    options: &str,
) -> PyResult<String> {
    guard(|| slogate::canary::judge_json(baseline, canary, options).map_err(|e| slo_error(py, e)))
}

/// The heatmap of `history` (newest first) as one HTML page, or as Markdown.
#[pyfunction]
#[pyo3(signature = (history, slo=None, last=None, selected=None, markdown=false))]
fn report(
    py: Python<'_>,
    history: &Bound<'_, PyAny>,
    slo: Option<&Bound<'_, Slo>>,
    last: Option<usize>,
    selected: Option<String>,
    markdown: bool,
) -> PyResult<String> {
    let history = history_from(Some(history))?;
    let (entries, slo) = (
        history.iter().map(HistoryEntry::stored),
        slo.map(|s| &s.get().inner),
    );
    let options = slogate::HeatmapOptions { last, selected };
    guard(|| {
        let written = if markdown {
            slogate::report_markdown(entries, slo, &options)
        } else {
            slogate::report_html(entries, slo, &options)
        };
        written.map_err(|e| slo_error(py, e))
    })
}

/// The `slogate._slogate` extension module.
#[pymodule]
#[pyo3(name = "_slogate")]
fn slogate_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("EXIT_BAD_INPUT", slogate::EXIT_BAD_INPUT)?;
    m.add_class::<Slo>()?;
    m.add_class::<Gate>()?;
    m.add_class::<PyEvaluation>()?;
    m.add_class::<Indicator>()?;
    m.add_class::<Target>()?;
    m.add_class::<Decision>()?;
    m.add_class::<PyCriterion>()?;
    m.add_class::<Report>()?;
    m.add_function(wrap_pyfunction!(read_report, m)?)?;
    m.add_function(wrap_pyfunction!(locust_values, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(judge_canary_json, m)?)?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
    m.add_function(wrap_pyfunction!(columns::evaluate_columns, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    Ok(())
}
