//! Python bindings of slogate: the `slogate._slogate` extension module behind the `slogate`
//! Python package.
//!
//! A table of conversions: Python data reaches the core through serde (`pythonize`), the
//! core's serializable views come back the same way, and the core's errors become
//! `slogate.SloError`. The public classes are written in Python on top of these handles
//! (`slogate/_api.py`); every rule lives in the `slogate` crate.

mod columns;
mod errors;

use std::borrow::Cow;
use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};
use pythonize::{depythonize, pythonize};
use serde_json::Value;
use slogate::reports::{locust::LocustStats, ReportInput, ReportKind};
use slogate::views::{CriterionView, DecisionView, EvaluationView, ProblemView, SloView};
use slogate::{
    ApprovalPolicy, Deployment, FailOn, HistoryEntry, Limits, PreviousEvaluation, SliReport,
};

use crate::errors::{detached, guard, refused, slo_error};

/// Problems as dicts (`code`, `path`, `line`, `column`, `message`).
fn problems<'py>(py: Python<'py>, list: &[slogate::Problem]) -> PyResult<Bound<'py, PyAny>> {
    let views: Vec<ProblemView> = list.iter().map(ProblemView::of).collect();
    Ok(pythonize(py, &views)?)
}

/// The SLI values as `slogate._convert` hands them over.
#[derive(FromPyObject)]
enum Values<'py> {
    /// Load-test reports, merged through the text of an SLI map when one is given.
    Reports(Vec<PyRef<'py, NativeReport>>, Option<String>),
    /// Keptn's get-sli data (a dict) or `indicatorValues` entries (a list), with the
    /// provider's result, status and message.
    Data(
        Bound<'py, PyAny>,
        Option<String>,
        Option<String>,
        Option<String>,
    ),
}

impl Values<'_> {
    fn report(self, py: Python<'_>, slo: &slogate::Slo) -> PyResult<SliReport> {
        match self {
            Values::Reports(reports, map) => {
                let map = map.as_deref().map(slogate::SliConfig::parse).transpose();
                let inputs: Vec<ReportInput> = reports.iter().map(|r| r.inner.clone()).collect();
                slogate::reports::merge(slo, &inputs, map.map_err(refused(py))?.as_ref())
                    .map_err(refused(py))
            }
            Values::Data(data, result, status, message) => {
                let mut report = match data.cast::<PyList>() {
                    Ok(listed) => SliReport::new(depythonize(listed)?),
                    Err(_) => {
                        SliReport::from_json_value(&depythonize(&data)?).map_err(refused(py))?
                    }
                };
                (report.set_provider(result.as_deref(), status.as_deref())).map_err(refused(py))?;
                report.message = message.unwrap_or(report.message);
                Ok(report)
            }
        }
    }
}

/// Runs `f` with the history decoded: `NativeEvaluation`s borrowed, JSON data decoded.
fn with_history<T>(
    py: Python<'_>,
    history: &[Bound<'_, PyAny>],
    f: impl FnOnce(&[Cow<'_, PreviousEvaluation>]) -> PyResult<T>,
) -> PyResult<T> {
    let kept = (history.iter())
        .map(|item| match item.cast::<NativeEvaluation>() {
            Ok(kept) => Ok(Ok(kept.clone())),
            Err(_) => depythonize::<Value>(item).map(Err),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let entries = kept.iter().map(|item| match item {
        Ok(kept) => HistoryEntry::Kept(&kept.get().stored),
        Err(value) => HistoryEntry::Json(value.clone()),
    });
    let decoded = PreviousEvaluation::decode_history(entries).map_err(refused(py))?;
    guard(|| f(&decoded))
}

/// A parsed SLO.
#[pyclass(module = "slogate._slogate", frozen)]
struct NativeSlo {
    inner: slogate::Slo,
}

impl NativeSlo {
    fn parsed(
        py: Python<'_>,
        text: Result<String, slogate::SloError>,
        strict: bool,
    ) -> PyResult<Self> {
        let limits = Limits::default().with_strict(strict);
        guard(|| {
            detached(py, || {
                text.and_then(|text| slogate::Slo::parse_with_limits(&text, &limits))
            })?
            .map(|inner| NativeSlo { inner })
            .map_err(refused(py))
        })
    }
}

#[pymethods]
impl NativeSlo {
    /// Parses YAML text; `strict` refuses warnings.
    #[staticmethod]
    fn parse(py: Python<'_>, text: String, strict: bool) -> PyResult<NativeSlo> {
        NativeSlo::parsed(py, Ok(text), strict)
    }

    /// Reads and parses a file; `strict` refuses warnings.
    #[staticmethod]
    #[allow(clippy::needless_pass_by_value)] // pyo3 extracts paths as owned values
    fn read(py: Python<'_>, path: PathBuf, strict: bool) -> PyResult<NativeSlo> {
        let io = |e: std::io::Error| errors::file_error(py, "SLO file", &path, &e);
        let text = Limits::default().read_slo(std::fs::File::open(&path).map_err(io)?);
        NativeSlo::parsed(py, text.map_err(io)?, strict)
    }

    /// The text, objectives, thresholds and warnings (the core's `SloView`).
    fn view<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize(py, &SloView::of(&self.inner))?)
    }

    /// Evaluates; `history` holds `NativeEvaluation`s and JSON data, newest first.
    #[allow(clippy::needless_pass_by_value)] // pyo3 extracts owned lists
    fn evaluate(
        &self,
        py: Python<'_>,
        values: Values<'_>,
        history: Vec<Bound<'_, PyAny>>,
        id: Option<String>,
    ) -> PyResult<NativeEvaluation> {
        let slo = &self.inner;
        let report = guard(|| values.report(py, slo))?;
        with_history(py, &history, |history| {
            detached(py, || slo.evaluate(&report, history.iter().map(|e| &**e)))?
                .map(|evaluation| NativeEvaluation::stored(id, evaluation))
                .map_err(refused(py))
        })
    }

    /// Refuses values that lack a metric a scored objective measures.
    fn check_metrics(&self, py: Python<'_>, values: Values<'_>, source: &str) -> PyResult<()> {
        guard(|| {
            let report = values.report(py, &self.inner)?;
            let checked = slogate::reports::require_metrics(&self.inner, &report, source);
            checked.map_err(refused(py))
        })
    }
}

/// A gate of another tool's format.
#[pyclass(module = "slogate._slogate", frozen)]
struct NativeGate {
    inner: slogate::Gate,
}

#[pymethods]
impl NativeGate {
    /// Parses a definition of the format named `format` (text).
    #[staticmethod]
    fn parse(py: Python<'_>, format: &str, text: &str) -> PyResult<NativeGate> {
        let format = slogate::GateFormat::from_name(format)
            .ok_or_else(|| pyo3::exceptions::PyValueError::new_err(format.to_owned()))?;
        guard(|| {
            slogate::Gate::parse_as(format, text)
                .map(|inner| NativeGate { inner })
                .map_err(refused(py))
        })
    }

    /// Evaluates the measurements (text or JSON data): the evaluation, and the tool's own
    /// result as data.
    fn evaluate<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'_, PyAny>,
    ) -> PyResult<(NativeEvaluation, Bound<'py, PyAny>)> {
        let outcome = match data.cast::<PyString>() {
            Ok(text) => self.inner.evaluate_json(&text.to_cow()?),
            Err(_) => self.inner.evaluate_value(&depythonize(data)?),
        };
        let outcome = guard(|| outcome.map_err(refused(py)))?;
        let evaluation = NativeEvaluation::stored(None, outcome.evaluation().clone());
        Ok((evaluation, pythonize(py, outcome.native())?))
    }

    /// The equivalent Keptn SLO.
    fn to_keptn<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize(py, &self.inner.to_keptn())?)
    }
}

/// An evaluation with the id and invalidated flag it is stored with.
#[pyclass(module = "slogate._slogate", frozen)]
struct NativeEvaluation {
    stored: PreviousEvaluation,
}

impl NativeEvaluation {
    fn stored(id: Option<String>, evaluation: slogate::Evaluation) -> Self {
        let stored = PreviousEvaluation {
            id,
            invalidated: false,
            evaluation,
        };
        NativeEvaluation { stored }
    }
}

#[pymethods]
impl NativeEvaluation {
    /// Decodes the stored form from JSON text or data.
    #[staticmethod]
    fn decode(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<NativeEvaluation> {
        let decoded = match data.cast::<PyString>() {
            Ok(text) => PreviousEvaluation::from_json(&text.to_cow()?),
            Err(_) => PreviousEvaluation::from_json_value(&depythonize(data)?),
        };
        guard(|| {
            decoded
                .map(|stored| NativeEvaluation { stored })
                .map_err(refused(py))
        })
    }

    /// The stored id, and whether the stored evaluation was invalidated.
    fn label(&self) -> (Option<&str>, bool) {
        (self.stored.id.as_deref(), self.stored.invalidated)
    }

    /// The verdict, sentences and objectives (the core's `EvaluationView`).
    fn view<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| Ok(pythonize(py, &EvaluationView::of(&self.stored.evaluation))?))
    }

    /// The stored form as data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize(py, &self.stored.to_value())?)
    }

    /// The stored form as text, on one line or indented.
    fn to_json(&self, py: Python<'_>, indent: Option<usize>) -> PyResult<String> {
        match indent {
            None => Ok(self.stored.to_json()),
            Some(width) => (self.stored.to_json_indented(width)).map_err(refused(py)),
        }
    }

    /// Whether the gate passes.
    fn passes(&self, allow_warning: bool) -> bool {
        (self.stored.evaluation).passes(FailOn::allowing_warning(allow_warning))
    }

    /// The decision (the core's `DecisionView`).
    fn decide<'py>(
        &self,
        py: Python<'py>,
        policy: Option<&str>,
        allow_warning: bool,
        live: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let policy = policy.map(str::parse::<ApprovalPolicy>).transpose();
        let policy = policy.map_err(refused(py))?;
        let decision = self.stored.evaluation.decision(
            policy.as_ref(),
            FailOn::allowing_warning(allow_warning),
            Deployment::from_live(live),
        );
        Ok(pythonize(py, &DecisionView::of(&decision))?)
    }

    /// The same evaluation stored under `id`.
    fn with_id(&self, id: String) -> NativeEvaluation {
        let mut stored = self.stored.clone();
        stored.id = Some(id);
        NativeEvaluation { stored }
    }
}

/// A parsed criterion.
#[pyclass(module = "slogate._slogate", frozen)]
struct NativeCriterion {
    inner: slogate::Criterion,
}

#[pymethods]
impl NativeCriterion {
    /// Parses a criterion.
    #[new]
    fn new(py: Python<'_>, text: &str) -> PyResult<NativeCriterion> {
        guard(|| {
            slogate::Criterion::parse(text)
                .map(|inner| NativeCriterion { inner })
                .map_err(|p| slo_error(py, slogate::SloError::from(p)))
        })
    }

    /// The criterion's parts (the core's `CriterionView`).
    fn view<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize(py, &CriterionView::of(&self.inner))?)
    }

    /// The target given the baseline.
    fn target(&self, baseline: Option<f64>) -> Option<f64> {
        self.inner.target(baseline)
    }

    /// Whether `value` meets the criterion given the baseline.
    fn is_met(&self, value: f64, baseline: Option<f64>) -> bool {
        self.inner.is_met(value, baseline)
    }
}

/// A load-test report read from a file.
#[pyclass(module = "slogate._slogate", frozen)]
struct NativeReport {
    inner: ReportInput,
}

#[pymethods]
impl NativeReport {
    /// The report kind, the file it was read from and its SLI values as Keptn
    /// `indicatorValues` data.
    fn view<'py>(&self, py: Python<'py>) -> PyResult<(&'static str, &str, Bound<'py, PyAny>)> {
        let kind = self.inner.kind.map_or("values", ReportKind::name);
        let values = pythonize(py, &self.inner.report.indicator_values)?;
        Ok((kind, &self.inner.file, values))
    }
}

/// Reads the load-test report file at `path` as a report of `kind`.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // pyo3 extracts paths as owned values
fn read_report(py: Python<'_>, kind: &str, path: PathBuf) -> PyResult<NativeReport> {
    guard(|| {
        let kind: ReportKind = kind.parse().map_err(refused(py))?;
        let io = |e: std::io::Error| errors::file_error(py, "report", &path, &e);
        let text = Limits::default().read_input(std::fs::File::open(&path).map_err(io)?);
        let text = text.map_err(io)?;
        let report = detached(py, || text.and_then(|text| kind.read(&text)))?;
        let report = report.map_err(refused(py))?;
        let inner = ReportInput::new(Some(kind), path.display().to_string(), report);
        Ok(NativeReport { inner })
    })
}

/// A Locust run's statistics (`{"total": ..., "entries": [...]}`) as SLI values.
#[pyfunction]
fn locust_values<'py>(py: Python<'py>, stats: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let stats = LocustStats::from_json_value(&depythonize(stats)?).map_err(refused(py))?;
    let values = stats.report().indicator_values.into_iter().map(|v| {
        serde_json::json!({"metric": v.metric, "value": v.value, "success": v.success, "message": v.message})
    });
    Ok(pythonize(py, &values.collect::<Vec<_>>())?)
}

/// The stable name of every code in the core's table, in order.
#[pyfunction]
fn error_codes() -> Vec<&'static str> {
    slogate::ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}

/// Whether `key` at the top of a mapping marks Keptn's get-sli data.
#[pyfunction]
fn is_shape_key(key: &str) -> bool {
    SliReport::is_shape_key(key)
}

/// The `SloError` (kind `input`) for a problem found while converting Python data.
#[pyfunction]
fn input_error(py: Python<'_>, code: &str, path: &str, message: &str) -> Py<PyAny> {
    let code = slogate::ErrorCode::from_name(code).unwrap_or(slogate::ErrorCode::InvalidInput);
    let problem = slogate::Problem::new(code, path, message);
    slo_error(py, slogate::InputError::from(problem))
        .into_value(py)
        .into_any()
}

/// Refuses a history longer than the core's limit, checked while it is read.
#[pyfunction]
fn check_history_length(py: Python<'_>, length: usize) -> PyResult<()> {
    let checked = Limits::default().check_history_length(length);
    checked.map_err(refused(py))
}

/// Panics inside Rust on purpose (a panic must reach Python as `RuntimeError`).
#[pyfunction]
fn _panic_for_test() -> PyResult<()> {
    guard(|| -> PyResult<()> { panic!("deliberate panic raised by _panic_for_test") })
}

/// Judges a canary: samples and options as JSON text, the judgement as JSON text.
#[pyfunction]
fn judge_canary_json(
    py: Python<'_>,
    baseline: &str,
    canary: &str,
    options: &str,
) -> PyResult<String> {
    guard(|| slogate::canary::judge_json(baseline, canary, options).map_err(refused(py)))
}

/// The heatmap of `history` (newest first) as one HTML page, or as Markdown.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // pyo3 extracts owned lists
fn heatmap(
    py: Python<'_>,
    history: Vec<Bound<'_, PyAny>>,
    slo: Option<&Bound<'_, NativeSlo>>,
    last: Option<usize>,
    selected: Option<String>,
    markdown: bool,
) -> PyResult<String> {
    let slo = slo.map(|s| &s.get().inner);
    let options = slogate::HeatmapOptions { last, selected };
    with_history(py, &history, |entries| {
        let entries = entries.iter().map(|entry| &**entry);
        let write = [slogate::report_html, slogate::report_markdown][usize::from(markdown)];
        write(entries, slo, &options).map_err(refused(py))
    })
}

/// The `slogate._slogate` extension module.
#[pymodule]
#[pyo3(name = "_slogate")]
fn slogate_py(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("EXIT_BAD_INPUT", slogate::EXIT_BAD_INPUT)?;
    m.add_class::<NativeSlo>()?;
    m.add_class::<NativeGate>()?;
    m.add_class::<NativeEvaluation>()?;
    m.add_class::<NativeCriterion>()?;
    m.add_class::<NativeReport>()?;
    m.add_function(wrap_pyfunction!(read_report, m)?)?;
    m.add_function(wrap_pyfunction!(locust_values, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(is_shape_key, m)?)?;
    m.add_function(wrap_pyfunction!(input_error, m)?)?;
    m.add_function(wrap_pyfunction!(check_history_length, m)?)?;
    m.add_function(wrap_pyfunction!(judge_canary_json, m)?)?;
    m.add_function(wrap_pyfunction!(heatmap, m)?)?;
    m.add_function(wrap_pyfunction!(columns::evaluate_columns, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    Ok(())
}
