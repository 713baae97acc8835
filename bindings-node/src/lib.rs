//! Node.js binding of slogate: converts JavaScript values to the core's types and the core's
//! errors to thrown `Error` objects. Every rule lives in the `slogate` crate.

// `&Env` is how napi ties the lifetime of created JavaScript values to the call.
#![allow(clippy::trivially_copy_pass_by_ref)]

mod convert;
mod errors;

use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::bindgen_prelude::{ClassInstance, Either, Env, JsObjectValue, Null, Object, Unknown};
use napi::{JsValue, Result, ValueType};
use napi_derive::napi;
use serde_json::Value;
use slogate::reports::ReportKind;

use crate::convert::{describe, plain_values, to_json};
use crate::errors::{internal_error, problems_error, type_error};

macro_rules! node_error_code {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal, $severity:ident; )*) => {
        /// The stable code of a problem slogate reports, from the core's one table of codes.
        #[napi(string_enum)]
        pub enum ErrorCode {
            $( $(#[doc = $doc])* #[napi(value = $name)] $variant, )*
        }
    };
}

slogate::with_error_table!(node_error_code);

/// Runs `body`, turning a Rust panic into a thrown `Error` (code `internal_error`) so that no
/// input can abort the Node process.
fn guard<T>(env: &Env, body: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => {
            let text = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(internal_error(env, &text))
        }
    }
}

/// The string in `value`, or a `TypeError` naming the argument.
fn string_arg(env: &Env, value: Unknown<'_>, argument: &str) -> Result<String> {
    if value.get_type()? != ValueType::String {
        return Err(type_error(
            env,
            &format!("{argument} must be a string, got {}", describe(value)?),
        ));
    }
    value.coerce_to_string()?.into_utf8()?.into_owned()
}

/// The outcome of a gate: `'pass'`, `'warning'` or `'fail'`.
#[napi(string_enum = "lowercase")]
pub enum Verdict {
    /// The objectives are met: promote.
    Pass,
    /// Close to the objectives: promote with care.
    Warning,
    /// The objectives are not met: hold back.
    Fail,
}

impl From<slogate::Verdict> for Verdict {
    fn from(v: slogate::Verdict) -> Self {
        match v {
            slogate::Verdict::Pass => Verdict::Pass,
            slogate::Verdict::Warning => Verdict::Warning,
            slogate::Verdict::Fail => Verdict::Fail,
        }
    }
}

/// Whether the evaluation could be carried out: `'succeeded'` or `'errored'` (the SLI provider
/// errored or was aborted).
#[napi(string_enum = "lowercase")]
pub enum EvaluationStatus {
    /// The objectives were scored.
    Succeeded,
    /// The evaluation could not be carried out.
    Errored,
}

/// The outcome of one objective: `'pass'`, `'warning'`, `'fail'`, `'info'` or `'inconclusive'`.
#[napi(string_enum = "lowercase")]
pub enum IndicatorStatus {
    /// Pass criteria met: full weight.
    Pass,
    /// Warning criteria met: half the weight.
    Warning,
    /// Neither met, or no value: nothing.
    Fail,
    /// No pass criteria: reported only.
    Info,
    /// A history model had too little data; counted by the objective's policy.
    Inconclusive,
}

/// How previous values are combined into a baseline.
#[napi(string_enum = "lowercase")]
pub enum AggregateFunction {
    /// Arithmetic mean.
    Avg,
    /// Median.
    P50,
    /// 90th percentile.
    P90,
    /// 95th percentile.
    P95,
}

/// One criterion of an objective, resolved to a number.
#[napi(object)]
pub struct Target {
    /// The criterion exactly as written in the SLO, e.g. `'<=+10%'`.
    pub criteria: String,
    /// The number the value was compared with.
    pub target_value: f64,
    /// True when the value does not meet the criterion.
    pub violated: bool,
}

/// The baseline an objective's relative criteria were resolved against.
#[napi(object)]
pub struct Baseline {
    /// How the previous values were combined.
    pub function: AggregateFunction,
    /// The aggregated value.
    pub value: f64,
    /// How many previous values were aggregated.
    pub values: u32,
}

/// The result of one objective.
#[napi(object)]
pub struct IndicatorResult {
    /// The SLI name; `null` only for an informational objective without a value read back
    /// from JSON (Keptn's shape keeps the name in the value).
    #[napi(ts_type = "string | null")]
    pub metric: Either<String, Null>,
    /// The measured value (0 when it could not be obtained); `null` without a value.
    #[napi(ts_type = "number | null")]
    pub value: Either<f64, Null>,
    /// The aggregated previous value (0 when there was none); `null` without a value.
    #[napi(ts_type = "number | null")]
    pub compared_value: Either<f64, Null>,
    /// False when the value could not be obtained.
    pub success: bool,
    /// The provider's message, or why the value is missing; empty when there is none.
    pub message: String,
    /// The objective's `displayName`.
    pub display_name: String,
    /// Weight earned: the weight on pass, half on warning, 0 otherwise.
    pub score: f64,
    /// The objective's outcome.
    pub status: IndicatorStatus,
    /// Whether the objective is a key SLI (whose failure fails the gate).
    pub key_sli: bool,
    /// Every pass criterion, resolved, in order.
    pub pass_targets: Vec<Target>,
    /// Every warning criterion, resolved, in order.
    pub warning_targets: Vec<Target>,
    /// The baseline relative criteria were resolved against; `null` when there were no
    /// previous values.
    #[napi(ts_type = "Baseline | null")]
    pub baseline: Either<Baseline, Null>,
    /// Why the objective got its status, in one line: the value, the status and why, then
    /// every criterion with the target it resolved to and how that target was derived, e.g.
    /// `'p95 = 560: warning (the pass criteria are not met: <=+10% is violated; the warning
    /// criteria are met); pass: <=+10% violated (target 550 = the previous result (500)
    /// +10%), <600 met (fixed target 600); warning: <=800 met (fixed target 800)'`.
    pub explanation: String,
}

/// `null` in JavaScript for `None` (a `None` field of a plain object would be left out).
fn or_null<T>(value: Option<T>) -> Either<T, Null> {
    value.map_or(Either::B(Null), Either::A)
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

impl From<&slogate::IndicatorResult> for IndicatorResult {
    fn from(r: &slogate::IndicatorResult) -> Self {
        let value = r.value.as_ref();
        IndicatorResult {
            metric: or_null(r.metric().map(str::to_owned)),
            value: or_null(value.map(|v| v.value)),
            compared_value: or_null(value.map(|v| v.compared_value)),
            success: value.is_some_and(|v| v.success),
            message: value.map(|v| v.message.clone()).unwrap_or_default(),
            display_name: r.display_name.clone(),
            score: r.score,
            status: match r.status {
                slogate::IndicatorStatus::Pass => IndicatorStatus::Pass,
                slogate::IndicatorStatus::Warning => IndicatorStatus::Warning,
                slogate::IndicatorStatus::Fail => IndicatorStatus::Fail,
                slogate::IndicatorStatus::Info => IndicatorStatus::Info,
                slogate::IndicatorStatus::Inconclusive => IndicatorStatus::Inconclusive,
            },
            key_sli: r.key_sli,
            pass_targets: targets(&r.pass_targets),
            warning_targets: targets(&r.warning_targets),
            baseline: or_null(r.baseline.map(|b| Baseline {
                function: match b.function {
                    slogate::AggregateFunction::Avg => AggregateFunction::Avg,
                    slogate::AggregateFunction::P50 => AggregateFunction::P50,
                    slogate::AggregateFunction::P90 => AggregateFunction::P90,
                    slogate::AggregateFunction::P95 => AggregateFunction::P95,
                },
                value: b.value,
                values: u32::try_from(b.values).unwrap_or(u32::MAX),
            })),
            explanation: slogate::explain(r),
        }
    }
}

/// One measured value in Keptn's `indicatorValues` shape.
#[napi(object)]
pub struct IndicatorValue {
    /// The SLI name, e.g. `'http_req_duration.p95'`.
    pub metric: String,
    /// The measured value; meaningless when `success` is false.
    pub value: f64,
    /// False when the value could not be obtained (its objective then fails).
    pub success: bool,
    /// Why the value could not be obtained; empty otherwise.
    pub message: String,
}

impl From<slogate::IndicatorValue> for IndicatorValue {
    fn from(v: slogate::IndicatorValue) -> Self {
        IndicatorValue {
            metric: v.metric,
            value: v.value,
            success: v.success,
            message: v.message,
        }
    }
}

/// SLI values read from a load-test report, in Keptn's get-sli shape: pass it to
/// `slo.evaluate()` as is.
#[napi(object)]
pub struct ReportValues {
    /// Every value the report gave, in the documented metric names.
    pub indicator_values: Vec<IndicatorValue>,
}

/// Options of `Evaluation.decide`.
#[napi(object)]
#[derive(Default)]
pub struct DecideOptions {
    /// The approval policy, e.g. `'pass=automatic,warning=manual'`.
    pub policy: Option<String>,
    /// Without a policy: whether a warning is promoted.
    pub allow_warning: Option<bool>,
    /// Whether the evaluated deployment already serves users.
    pub live: Option<bool>,
}

/// What the pipeline does with an evaluation.
#[napi(object)]
pub struct Decision {
    /// `'promote'`, `'ask'` (a person must approve) or `'hold'`.
    #[napi(ts_type = "'promote' | 'ask' | 'hold'")]
    pub action: String,
    /// True when the held deployment is already live and should be rolled back.
    pub rollback: bool,
    /// The exit status that carries the decision: promote 0, hold 1, ask 3.
    pub exit_code: u32,
    /// The action and why, in a sentence.
    pub explanation: String,
}

/// The outcome of a quality gate. `JSON.stringify(ev)` (or `ev.toJSON()`) gives Keptn's
/// evaluation JSON shape, which `slo.evaluate()` accepts back as history.
#[napi]
pub struct Evaluation {
    /// Kept as a stored evaluation, so it can be passed back as history by reference.
    stored: slogate::PreviousEvaluation,
}

#[napi]
impl Evaluation {
    /// The verdict of the gate.
    #[napi(getter)]
    pub fn result(&self) -> Verdict {
        self.stored.evaluation.result().into()
    }

    /// The total score, 0 to 100.
    #[napi(getter)]
    pub fn score(&self) -> f64 {
        self.stored.evaluation.score()
    }

    /// True only when the gate passed.
    #[napi(getter)]
    pub fn passed(&self) -> bool {
        self.stored.evaluation.passed()
    }

    /// The decision on this evaluation: of an approval `policy` (Keptn's `approval` task
    /// properties, e.g. `'pass=automatic,warning=manual'`; a verdict left out is manual) when
    /// given, else of the plain gate (a warning promotes only with `allowWarning`). A fail is
    /// always held; `live` says the deployment already serves users, so a hold advises a
    /// rollback. A malformed policy throws with the code `invalid_approval`.
    #[napi]
    pub fn decide(&self, env: &Env, options: Option<DecideOptions>) -> Result<Decision> {
        let options = options.unwrap_or_default();
        let policy = options.policy.as_deref().map(str::parse).transpose();
        let policy = policy.map_err(|e: slogate::SloError| {
            problems_error(env, "slo", e.problems(), &e.to_string())
        })?;
        let decision = self.stored.evaluation.decision(
            policy.as_ref(),
            slogate::FailOn::allowing_warning(options.allow_warning.unwrap_or(false)),
            slogate::Deployment::from_live(options.live.unwrap_or(false)),
        );
        Ok(Decision {
            action: decision.action.as_str().to_owned(),
            rollback: decision.rollback,
            exit_code: u32::from(decision.exit_code()),
            explanation: decision.explain(),
        })
    }

    /// Whether the evaluation could be carried out.
    #[napi(getter)]
    pub fn status(&self) -> EvaluationStatus {
        match self.stored.evaluation.status {
            slogate::Status::Succeeded => EvaluationStatus::Succeeded,
            slogate::Status::Errored => EvaluationStatus::Errored,
        }
    }

    /// Why the verdict is what it is, in a sentence; empty when it needs no explanation.
    #[napi(getter)]
    pub fn message(&self) -> String {
        self.stored.evaluation.message.clone()
    }

    /// The verdict in one sentence: result, score, how many objectives got each status, and
    /// why, e.g. `'warning with a score of 75 (1 passed, 1 warning): the score of 75 is below
    /// the pass threshold of 90 but reaches the warning threshold of 75'`.
    #[napi(getter)]
    pub fn summary(&self) -> String {
        slogate::summarize(&self.stored.evaluation)
    }

    /// One result per objective, in SLO order; empty when nothing was evaluated.
    #[napi(getter)]
    pub fn indicators(&self) -> Vec<IndicatorResult> {
        self.stored
            .evaluation
            .indicators()
            .iter()
            .map(IndicatorResult::from)
            .collect()
    }

    /// Ids of the stored results used as comparison basis, newest first.
    #[napi(getter)]
    pub fn compared_events(&self) -> Vec<String> {
        self.stored.evaluation.evaluation.compared_events.clone()
    }

    /// The evaluation in Keptn's evaluation JSON shape (`status`, `result`,
    /// `evaluation.score`, `evaluation.indicatorResults`, ...). Accepted back as history.
    #[napi(js_name = "toJSON", ts_return_type = "KeptnEvaluation")]
    pub fn to_json<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        guard(env, || env.to_js_value(&self.stored.evaluation))
    }
}

/// The reports `values` is or lists (a `Report`, or an array of only `Report`s), or else
/// `values` itself.
fn reports_in<'env>(
    values: Either<ClassInstance<'env, Report>, Unknown<'env>>,
) -> Result<Either<Vec<slogate::reports::ReportInput>, Unknown<'env>>> {
    let list = match values {
        Either::A(report) => return Ok(Either::A(vec![report.inner.clone()])),
        Either::B(list) if list.is_array()? => list,
        Either::B(other) => return Ok(Either::B(other)),
    };
    let array = list.coerce_to_object()?;
    let mut inputs = Vec::new();
    for index in 0..array.get_array_length()? {
        match array.get_element::<Either<ClassInstance<'_, Report>, Unknown<'_>>>(index)? {
            Either::A(report) => inputs.push(report.inner.clone()),
            Either::B(_) => return Ok(Either::B(list)),
        }
    }
    Ok(if inputs.is_empty() {
        Either::B(list)
    } else {
        Either::A(inputs)
    })
}

/// The `sli.yaml` text of `options.sliMap`, parsed.
fn sli_map(env: &Env, options: Option<Unknown<'_>>) -> Result<Option<slogate::SliConfig>> {
    let Some(options) = options.filter(|o| o.get_type().ok() == Some(ValueType::Object)) else {
        return Ok(None);
    };
    let text: Option<String> = options.coerce_to_object()?.get_named_property("sliMap")?;
    let map = text.as_deref().map(slogate::SliConfig::parse).transpose();
    map.map_err(|e| problems_error(env, "slo", e.problems(), &e.to_string()))
}

/// The report kind named by `kind`.
fn report_kind(env: &Env, kind: Unknown<'_>) -> Result<ReportKind> {
    string_arg(env, kind, "kind")?
        .parse()
        .map_err(|e: slogate::InputError| type_error(env, &format!("kind: {e}")))
}

/// Reads a report of the tool named by `kind` (an object or its text).
fn report_values(
    env: &Env,
    kind: Unknown<'_>,
    report: Unknown<'_>,
) -> Result<(ReportKind, slogate::SliReport)> {
    let kind = report_kind(env, kind)?;
    let value = match report.get_type()? {
        ValueType::String => Value::String(report.coerce_to_string()?.into_utf8()?.into_owned()?),
        ValueType::Object => to_json(env, report, "report")?,
        _ => {
            let got = describe(report)?;
            let message = format!("report must be a report object or its text, got {got}");
            return Err(type_error(env, &message));
        }
    };
    let read = kind.read_value(&value);
    let report = read.map_err(|e| problems_error(env, "input", e.problems(), &e.to_string()))?;
    Ok((kind, report))
}

/// Reads a load-test report into SLI values with documented metric names (shared by every
/// kind: `http_req_duration.p95`, `error_rate`, `throughput`, `GET /cart.p95`).
///
/// - `'k6'`: the `handleSummary(data)` object or a `--summary-export` file;
/// - `'autocannon'`: the result object (autocannon has no p95);
/// - `'artillery'`: an Artillery 2 JSON report;
/// - `'locust'`: `--json` output, or the text of a `--csv` `_stats.csv` file;
/// - `'jmeter'`: a dashboard `statistics.json`, or the text of a CSV JTL file;
/// - `'gatling'`: the `js/stats.json` of Gatling's report.
///
/// `report` is the object or its text. Throws an `Error` with code `invalid_input` or
/// `invalid_json` when the report is not of that tool's shape.
#[napi(ts_args_type = "kind: ReportKind, report: object | string")]
pub fn read_report_values(
    env: &Env,
    kind: Unknown<'_>,
    report: Unknown<'_>,
) -> Result<ReportValues> {
    guard(env, || {
        let (_, report) = report_values(env, kind, report)?;
        Ok(ReportValues {
            indicator_values: report
                .indicator_values
                .into_iter()
                .map(Into::into)
                .collect(),
        })
    })
}

/// A load-test report read by `readReport`: pass it, or an array of several, to
/// `slo.evaluate()`, which merges them (through `options.sliMap` where given).
#[napi]
pub struct Report {
    inner: slogate::reports::ReportInput,
}

#[napi]
impl Report {
    /// The report kind.
    #[napi(getter, ts_return_type = "ReportKind")]
    pub fn kind(&self) -> &'static str {
        self.inner.kind.map_or("values", ReportKind::name)
    }

    /// The file the report was read from, or `'object'` for a report given as an object.
    #[napi(getter)]
    pub fn file(&self) -> String {
        self.inner.file.clone()
    }

    /// Every value the report gave, in the documented metric names.
    #[napi(getter)]
    pub fn indicator_values(&self) -> Vec<IndicatorValue> {
        let values = self.inner.report.indicator_values.iter().cloned();
        values.map(IndicatorValue::from).collect()
    }
}

/// Reads a load-test report of `kind` (as `readReportValues` names its values) from the file
/// at `report`, or from the already-parsed report object. Throws an `Error` with the core's
/// code when the file cannot be read or is not of that tool's shape.
#[napi(ts_args_type = "kind: ReportKind, report: string | object")]
pub fn read_report(env: &Env, kind: Unknown<'_>, report: Unknown<'_>) -> Result<Report> {
    guard(env, || {
        match report.get_type()? {
            ValueType::String => {}
            ValueType::Object => {
                let (kind, values) = report_values(env, kind, report)?;
                let inner = slogate::reports::ReportInput::new(Some(kind), "object", values);
                return Ok(Report { inner });
            }
            _ => {
                let got = describe(report)?;
                let message = format!("report must be a file path or a report object, got {got}");
                return Err(type_error(env, &message));
            }
        }
        let kind = report_kind(env, kind)?;
        let path = report.coerce_to_string()?.into_utf8()?.into_owned()?;
        let io = |e: std::io::Error| errors::io_error(env, "report", &path, &e);
        let text = slogate::Limits::default().read_input(std::fs::File::open(&path).map_err(io)?);
        let values = text.map_err(io)?.and_then(|text| kind.read(&text));
        let values =
            values.map_err(|e| problems_error(env, "input", e.problems(), &e.to_string()))?;
        let inner = slogate::reports::ReportInput::new(Some(kind), path, values);
        Ok(Report { inner })
    })
}

/// Every stable error code the core can report (the `code` of a thrown `Error`), in a fixed
/// order.
#[napi(ts_return_type = "ErrorCode[]")]
pub fn error_codes() -> Vec<&'static str> {
    slogate::ErrorCode::ALL
        .iter()
        .map(|code| code.as_str())
        .collect()
}

/// A gate written for another tool (k6 thresholds, a Keptn v2 `AnalysisDefinition`, a
/// Pitometer perfspec), scored exactly as that tool scores it.
#[napi]
pub struct Gate {
    inner: slogate::Gate,
}

/// Text as is, anything else as its JSON.
fn text_or_json(env: &Env, value: Unknown<'_>, root: &str) -> Result<String> {
    match value.get_type()? {
        ValueType::String => value.coerce_to_string()?.into_utf8()?.into_owned(),
        _ => Ok(to_json(env, value, root)?.to_string()),
    }
}

fn gate(env: &Env, format: slogate::GateFormat, definition: Unknown<'_>) -> Result<Gate> {
    let text = text_or_json(env, definition, "definition")?;
    guard(env, || {
        slogate::Gate::parse_as(format, &text)
            .map(|inner| Gate { inner })
            .map_err(|e| problems_error(env, "slo", e.problems(), &e.to_string()))
    })
}

impl Gate {
    fn run(&self, env: &Env, data: Unknown<'_>) -> Result<slogate::GateEvaluation> {
        let text = text_or_json(env, data, "measurements")?;
        guard(env, || {
            self.inner
                .evaluate_json(&text)
                .map_err(|e| problems_error(env, e.kind(), e.problems(), &e.to_string()))
        })
    }
}

#[napi]
impl Gate {
    /// Reads k6 thresholds: the options (object or JSON text) or their `thresholds`.
    #[napi(factory, js_name = "fromK6", ts_args_type = "options: object | string")]
    pub fn from_k6(env: &Env, options: Unknown<'_>) -> Result<Gate> {
        gate(env, slogate::GateFormat::K6, options)
    }

    /// Reads a Keptn v2 `AnalysisDefinition` manifest (YAML text).
    #[napi(factory, js_name = "fromKeptn2", ts_args_type = "text: string")]
    pub fn from_keptn2(env: &Env, text: Unknown<'_>) -> Result<Gate> {
        gate(env, slogate::GateFormat::Keptn2, text)
    }

    /// Reads a Pitometer perfspec (object or JSON text).
    #[napi(
        factory,
        js_name = "fromPerfspec",
        ts_args_type = "perfspec: object | string"
    )]
    pub fn from_perfspec(env: &Env, perfspec: Unknown<'_>) -> Result<Gate> {
        gate(env, slogate::GateFormat::Pitometer, perfspec)
    }

    /// `'k6'`, `'keptn2'` or `'pitometer'`.
    #[napi(getter, ts_return_type = "'k6' | 'keptn2' | 'pitometer'")]
    pub fn format(&self) -> &'static str {
        self.inner.format().as_str()
    }

    /// Evaluates with the format's measurements (object or JSON text): a k6 summary, provider
    /// values by template name, or data points by indicator id.
    #[napi(ts_args_type = "measurements: object | string")]
    pub fn evaluate(&self, env: &Env, measurements: Unknown<'_>) -> Result<Evaluation> {
        let evaluation = self.run(env, measurements)?.evaluation().clone();
        finish(env, Ok(evaluation))
    }

    /// The tool's own result for the measurements (k6's `ok`/`breached`/`abort`/`thresholds`,
    /// metrics-operator's analysis status, Pitometer's run result).
    #[napi(
        ts_args_type = "measurements: object | string",
        ts_return_type = "Record<string, unknown>"
    )]
    pub fn tool_result<'env>(
        &self,
        env: &'env Env,
        measurements: Unknown<'_>,
    ) -> Result<Unknown<'env>> {
        let result = self.run(env, measurements)?;
        env.to_js_value(result.native())
    }

    /// The equivalent Keptn SLO: `{slo, sli, unexpressed, notes}`; `slo` is null unless the
    /// translation is exact.
    #[napi(
        js_name = "toKeptn",
        ts_return_type = "{ slo: string | null, sli: string | null, unexpressed: string[], notes: string[] }"
    )]
    pub fn to_keptn<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        let c = self.inner.to_keptn();
        env.to_js_value(&serde_json::json!({"slo": c.slo, "sli": c.sli, "unexpressed": c.unexpressed, "notes": c.notes}))
    }
}

/// Judges a canary's samples against a baseline's (`{metric: number[]}` each): a Mann-Whitney U
/// test per metric, scored by weight. `options`: `confidence`, `tolerance`, `passThreshold`,
/// `marginalThreshold`, and `slo` (YAML text) or `metrics` (`[{name, weight, direction,
/// critical}]`). Returns `{result, score, reason, summary, metrics, settings}`.
#[napi]
#[allow(clippy::needless_pass_by_value)] // napi hands arguments over by value
pub fn judge_canary(
    env: &Env,
    baseline: serde_json::Value,
    canary: serde_json::Value,
    options: Option<serde_json::Value>,
) -> Result<serde_json::Value> {
    let options = options.unwrap_or_else(|| serde_json::json!({}));
    let out = slogate::canary::judge_json(
        &baseline.to_string(),
        &canary.to_string(),
        &options.to_string(),
    )
    .map_err(|e| problems_error(env, e.kind(), e.problems(), &e.to_string()))?;
    serde_json::from_str(&out).map_err(|e| internal_error(env, &e.to_string()))
}

/// A parsed and validated SLO definition (`slo.yaml`). Parse once, evaluate as often as needed.
#[napi]
pub struct Slo {
    inner: slogate::Slo,
}

/// Writes the heatmap of `history` (stored evaluations, newest first, as `options.history` of
/// `Slo#evaluate` takes them) as one self-contained HTML page: inline CSS and SVG, nothing
/// loaded from elsewhere; the page `slogate report --html` writes. Throws an `Error` with the
/// core's `code` for a malformed evaluation or a `selected` id that is not shown.
#[napi(ts_args_type = "history: HistoryEntry[], options?: ReportOptions")]
pub fn report_html(env: &Env, history: Unknown<'_>, options: Option<Object<'_>>) -> Result<String> {
    report(env, history, options.as_ref(), false)
}

/// Writes the compact Markdown heatmap of `history` for a pull-request comment or a CI job
/// summary: one row per SLI, one symbol per evaluation. Arguments as `reportHtml`.
#[napi(ts_args_type = "history: HistoryEntry[], options?: ReportOptions")]
pub fn report_markdown(
    env: &Env,
    history: Unknown<'_>,
    options: Option<Object<'_>>,
) -> Result<String> {
    report(env, history, options.as_ref(), true)
}

fn report(
    env: &Env,
    history: Unknown<'_>,
    options: Option<&Object<'_>>,
    markdown: bool,
) -> Result<String> {
    guard(env, || {
        let history = history_list(env, history, "history")?;
        let slo: Option<ClassInstance<'_, Slo>> =
            options.map(|o| o.get("slo")).transpose()?.flatten();
        let last: Option<u32> = options.map(|o| o.get("last")).transpose()?.flatten();
        let selected = options.map(|o| o.get("selected")).transpose()?.flatten();
        let heatmap = slogate::HeatmapOptions {
            last: last.map(|n| n as usize),
            selected,
        };
        let (entries, slo) = (
            history.iter().map(HistoryEntry::stored),
            slo.as_ref().map(|s| &s.inner),
        );
        let written = if markdown {
            slogate::report_markdown(entries, slo, &heatmap)
        } else {
            slogate::report_html(entries, slo, &heatmap)
        };
        written.map_err(|e| problems_error(env, "input", e.problems(), &e.to_string()))
    })
}

/// How an SLO is read.
#[napi(object)]
pub struct SloOptions {
    /// Refuse an SLO that has warnings (an unknown key, for one) instead of listing them in
    /// `slo.warnings`.
    pub strict: Option<bool>,
}

/// Something an SLO is used with as written but that looks like a mistake.
#[napi(object)]
pub struct SloWarning {
    /// The stable code, e.g. `'unknown_key'`.
    #[napi(ts_type = "ErrorCode")]
    pub code: String,
    /// Where in the SLO, e.g. `'objectives[0].keySli'`.
    pub path: String,
    /// 1-based line, where known.
    pub line: Option<u32>,
    /// 1-based column, where known.
    pub column: Option<u32>,
    /// What looks wrong, e.g. `"unknown key 'keySli'; did you mean 'key_sli'?"`.
    pub message: String,
}

fn limits(options: Option<SloOptions>) -> slogate::Limits {
    slogate::Limits::default().with_strict(options.and_then(|o| o.strict).unwrap_or(false))
}

fn parse_slo(env: &Env, text: &str, limits: &slogate::Limits) -> Result<Slo> {
    slogate::Slo::parse_with_limits(text, limits)
        .map(|inner| Slo { inner })
        .map_err(|e| problems_error(env, "slo", e.problems(), &e.to_string()))
}

/// Reads the `history` option: stored evaluations, newest first.
/// One entry of `options.history`: an `Evaluation` the caller keeps (borrowed, not copied), or
/// a stored evaluation decoded for this call.
enum HistoryEntry<'env> {
    Kept(ClassInstance<'env, Evaluation>),
    Decoded(Box<slogate::PreviousEvaluation>),
}

impl HistoryEntry<'_> {
    fn stored(&self) -> &slogate::PreviousEvaluation {
        match self {
            HistoryEntry::Kept(evaluation) => &evaluation.stored,
            HistoryEntry::Decoded(previous) => previous,
        }
    }
}

fn history<'env>(env: &Env, options: Option<Unknown<'env>>) -> Result<Vec<HistoryEntry<'env>>> {
    let Some(options) = options else {
        return Ok(Vec::new());
    };
    match options.get_type()? {
        ValueType::Undefined | ValueType::Null => return Ok(Vec::new()),
        ValueType::Object => {}
        _ => {
            return Err(type_error(
                env,
                &format!("options must be an object, got {}", describe(options)?),
            ))
        }
    }
    let object: Object<'_> = options.coerce_to_object()?;
    history_list(
        env,
        object.get_named_property("history")?,
        "options.history",
    )
}

/// Reads a list of stored evaluations, newest first; `name` is the argument's name in messages.
fn history_list<'env>(
    env: &Env,
    list: Unknown<'env>,
    name: &str,
) -> Result<Vec<HistoryEntry<'env>>> {
    match list.get_type()? {
        ValueType::Undefined | ValueType::Null => return Ok(Vec::new()),
        ValueType::Object if list.is_array()? => {}
        _ => {
            return Err(type_error(
                env,
                &format!(
                    "{name} must be an array of evaluations, got {}",
                    describe(list)?
                ),
            ))
        }
    }
    let list = list.coerce_to_object()?;
    let length = list.get_array_length()?;
    let limits = slogate::Limits::default();
    limits
        .check_history_length(length as usize)
        .map_err(|e| problems_error(env, "input", e.problems(), &e.to_string()))?;
    let mut entries = Vec::with_capacity(length as usize);
    let mut problems = Vec::new();
    for index in 0..length {
        let item: Either<ClassInstance<'env, Evaluation>, Unknown<'env>> =
            list.get_element(index)?;
        let item = match item {
            Either::A(evaluation) => {
                entries.push(HistoryEntry::Kept(evaluation));
                continue;
            }
            Either::B(item) => item,
        };
        let path = format!("history[{index}]");
        let decoded = match item.get_type()? {
            ValueType::String => {
                let text = item.coerce_to_string()?.into_utf8()?.into_owned()?;
                slogate::PreviousEvaluation::from_json(&text)
            }
            ValueType::Object => {
                let value = to_json(env, item, &path)?;
                slogate::PreviousEvaluation::from_json_value(&value)
            }
            _ => {
                return Err(type_error(
                    env,
                    &format!(
                        "{name}[{index}] must be an evaluation (object or JSON text), got {}",
                        describe(item)?
                    ),
                ))
            }
        };
        match decoded {
            Ok(entry) => entries.push(HistoryEntry::Decoded(Box::new(entry))),
            Err(e) => problems.extend(e.problems().iter().map(|p| p.clone().under(&path))),
        }
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        let error = slogate::InputError::new(problems);
        Err(problems_error(
            env,
            "input",
            error.problems(),
            &error.to_string(),
        ))
    }
}

fn finish(
    env: &Env,
    evaluated: std::result::Result<slogate::Evaluation, slogate::EvaluationError>,
) -> Result<Evaluation> {
    evaluated
        .map(|evaluation| Evaluation {
            stored: slogate::PreviousEvaluation {
                id: None,
                invalidated: false,
                evaluation,
            },
        })
        .map_err(|e| problems_error(env, "evaluation", e.problems(), &e.to_string()))
}

#[napi]
impl Slo {
    /// Parses and validates an SLO from its YAML text.
    ///
    /// Throws an `Error` whose `code` is the first problem's stable code (e.g.
    /// `'invalid_criterion'`), with `path`, `line`, `column` and `errors` (every problem found).
    /// Warnings (an unknown key, for one) are listed in `slo.warnings`; `{ strict: true }`
    /// throws them instead.
    #[napi(factory, ts_args_type = "text: string, options?: SloOptions")]
    pub fn from_yaml(env: &Env, text: Unknown<'_>, options: Option<SloOptions>) -> Result<Slo> {
        guard(env, || {
            let text = string_arg(env, text, "text")?;
            parse_slo(env, &text, &limits(options))
        })
    }

    /// Reads and parses an SLO file. Throws like `Slo.fromYaml`, with `file` set; a file that
    /// cannot be read throws an `Error` with code `'io_error'`.
    #[napi(factory, ts_args_type = "path: string, options?: SloOptions")]
    pub fn from_file(env: &Env, path: Unknown<'_>, options: Option<SloOptions>) -> Result<Slo> {
        guard(env, || {
            let path = string_arg(env, path, "path")?;
            let io = |e: std::io::Error| errors::io_error(env, "SLO file", &path, &e);
            let file = std::fs::File::open(&path).map_err(io)?;
            let limits = limits(options);
            limits
                .read_slo(file)
                .map_err(io)?
                .and_then(|text| slogate::Slo::parse_with_limits(&text, &limits))
                .map(|inner| Slo { inner })
                .map_err(|e| errors::slo_file_error(env, e.problems(), &e.to_string(), &path))
        })
    }

    /// The SLO text as it was parsed.
    #[napi(getter)]
    pub fn source(&self) -> String {
        self.inner.source().to_owned()
    }

    /// What the SLO is used with as written but looks like a mistake (an unknown key, for
    /// one), in document order.
    #[napi(getter)]
    pub fn warnings(&self) -> Vec<SloWarning> {
        let number = |n: Option<usize>| n.and_then(|n| u32::try_from(n).ok());
        self.inner
            .warnings()
            .iter()
            .map(|w| SloWarning {
                code: w.code().as_str().to_owned(),
                path: w.path().to_owned(),
                line: number(w.line()),
                column: number(w.column()),
                message: w.message().to_owned(),
            })
            .collect()
    }

    /// The SLI names the objectives measure, in SLO order.
    #[napi(getter)]
    pub fn slis(&self) -> Vec<String> {
        self.inner
            .objectives()
            .iter()
            .map(|o| o.sli.clone())
            .collect()
    }

    /// Evaluates measured SLI values against the SLO.
    ///
    /// `values` is a plain object `{ metric: number }`, or Keptn's get-sli data
    /// (`{ indicatorValues: [{ metric, value, success, message }], result, status, message }`),
    /// or a `Report` from `readReport` or an array of them, merged as the CLI merges
    /// `--sli KIND:FILE`: each SLI is looked up where `options.sliMap` says, or else by its own
    /// name in every report; a name two reports have throws `duplicate_indicator_value`.
    /// `options.history` lists stored evaluations, newest first: `Evaluation` objects, their
    /// `toJSON()` objects (optionally with `id` and `invalidated`), datastore envelopes
    /// `{ id, data }`, or their JSON text.
    ///
    /// Throws an `Error` with the core's `code`, `path`, `line`, `column` and `errors`; a
    /// `TypeError` when an argument has the wrong type.
    #[napi(ts_args_type = "values: SliValues | Report | Report[], options?: EvaluateOptions")]
    pub fn evaluate(
        &self,
        env: &Env,
        values: Either<ClassInstance<'_, Report>, Unknown<'_>>,
        options: Option<Unknown<'_>>,
    ) -> Result<Evaluation> {
        guard(env, || {
            let values = match reports_in(values)? {
                Either::A(inputs) => {
                    let map = sli_map(env, options)?;
                    let merged = slogate::reports::merge(&self.inner, &inputs, map.as_ref());
                    let report = merged.map_err(|e| {
                        problems_error(env, "evaluation", e.problems(), &e.to_string())
                    })?;
                    let history = history(env, options)?;
                    let stored = history.iter().map(HistoryEntry::stored);
                    return finish(env, self.inner.evaluate(&report, stored));
                }
                Either::B(values) => values,
            };
            if values.get_type()? != ValueType::Object || values.is_array()? {
                return Err(type_error(
                    env,
                    &format!(
                        "values must be an object of SLI values, got {}",
                        describe(values)?
                    ),
                ));
            }
            let report = if let Some(list) = plain_values(values)? {
                slogate::SliReport::new(list)
            } else {
                let value = to_json(env, values, "values")?;
                slogate::SliReport::from_json_value(&value)
                    .map_err(|e| problems_error(env, "input", e.problems(), &e.to_string()))?
            };
            let history = history(env, options)?;
            finish(
                env,
                self.inner
                    .evaluate(&report, history.iter().map(HistoryEntry::stored)),
            )
        })
    }

    /// Evaluates a load-test report against the SLO, strictly: the report is read as
    /// `readReportValues(kind, report)` does, and an objective whose SLI the report lacks is
    /// refused with code `'missing_metric'` (listing the metrics the report has) rather than
    /// scored as failed.
    #[napi(ts_args_type = "kind: ReportKind, report: object | string, options?: EvaluateOptions")]
    pub fn evaluate_report(
        &self,
        env: &Env,
        kind: Unknown<'_>,
        report: Unknown<'_>,
        options: Option<Unknown<'_>>,
    ) -> Result<Evaluation> {
        guard(env, || {
            let (kind, report) = report_values(env, kind, report)?;
            slogate::reports::require_metrics(&self.inner, &report, kind.describe())
                .map_err(|e| problems_error(env, "evaluation", e.problems(), &e.to_string()))?;
            let history = history(env, options)?;
            finish(
                env,
                self.inner
                    .evaluate(&report, history.iter().map(HistoryEntry::stored)),
            )
        })
    }
}
