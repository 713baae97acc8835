//! Node.js binding of slogate: converts JavaScript values to the core's types and the core's
//! results and errors back. Every rule lives in the `slogate` crate; results cross as the
//! core's serializable views (`slogate::views`), typed in `types-header.d.ts`.

// `&Env` is how napi ties the lifetime of created JavaScript values to the call.
#![allow(clippy::trivially_copy_pass_by_ref)]

mod convert;
mod errors;

use std::borrow::Cow;

use napi::bindgen_prelude::{ClassInstance, Either, Env, FromNapiValue, JsObjectValue, Unknown};
use napi::{JsValue, Result, ValueType};
use napi_derive::napi;
use serde_json::Value;
use slogate::options::{DecideOptions, EvaluateOptions, SloOptions};
use slogate::reports::{ReportInput, ReportKind as Kind};
use slogate::views::{DecisionView, IndicatorView, ProblemView, ReportValuesView};
use slogate::{FailOn, HistoryEntry, PreviousEvaluation, SliReport};

use crate::convert::{option, settings, string_arg, text_or_json, to_json, wrong_type};
use crate::errors::{guard, io_error, slo_file_error, OrThrow};

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

macro_rules! node_report_kind {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal; )*) => {
        /// A load-test tool whose report `readReport`, `readReportValues` and
        /// `Slo#evaluateReport` read, from the core's one list of kinds.
        #[napi(string_enum)]
        pub enum ReportKind {
            $( $(#[doc = $doc])* #[napi(value = $name)] $variant, )*
        }
    };
}

slogate::with_report_kinds!(node_report_kind);

/// Read-only properties of a class, as a table of `"doc" name: Type = |this| value`, with `as
/// "TsType"` where the Rust type says too little. (The docs are string literals: napi reads
/// doc comments passed through a macro with their raw-string quotes.)
macro_rules! properties {
    ($class:ident {
        $( $($doc:literal)* $name:ident: $ty:ty $(as $ts:literal)? = |$this:ident| $body:expr; )*
    }) => {
        #[napi]
        impl $class {
            $( $(#[doc = $doc])* #[napi(getter $(, ts_return_type = $ts)?)]
            pub fn $name(&self) -> $ty { let $this = self; $body } )*
        }
    };
}

/// Read-only properties of a class that hand over a serializable value of the core as a plain
/// object, as a table of `"doc" name: "TsType" = |this| value`.
macro_rules! views {
    ($class:ident { $( $($doc:literal)* $name:ident: $ts:literal = |$this:ident| $body:expr; )* }) => {
        #[napi]
        impl $class {
            $( $(#[doc = $doc])* #[napi(getter, ts_return_type = $ts)]
            pub fn $name<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
                let $this = self;
                env.to_js_value(&$body)
            } )*
        }
    };
}

/// Every stable error code the core can report (the `code` of a thrown `Error`), in a fixed
/// order.
#[napi(ts_return_type = "ErrorCode[]")]
pub fn error_codes() -> Vec<&'static str> {
    slogate::ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}

/// The outcome of a quality gate. `JSON.stringify(ev)` (or `ev.toJSON()`) gives Keptn's
/// evaluation JSON shape, which `slo.evaluate()` accepts back as history.
#[napi]
pub struct Evaluation {
    /// Kept as a stored evaluation, so it can be passed back as history by reference.
    stored: PreviousEvaluation,
}

properties!(Evaluation {
    "The verdict of the gate."
    result: &'static str as "Verdict" = |this| this.stored.evaluation.result().as_str();
    "The total score, 0 to 100."
    score: f64 = |this| this.stored.evaluation.score();
    "True only when the gate passed."
    passed: bool = |this| this.stored.evaluation.passed();
    "Whether the evaluation could be carried out."
    status: &'static str as "EvaluationStatus" = |this| this.stored.evaluation.status.as_str();
    "Why the verdict is what it is, in a sentence; empty when it needs no explanation."
    message: String = |this| this.stored.evaluation.message.clone();
    "The verdict in one sentence: result, score, how many objectives got each status, and"
    "why, e.g. `'warning with a score of 75 (1 passed, 1 warning): the score of 75 is below"
    "the pass threshold of 90 but reaches the warning threshold of 75'`."
    summary: String = |this| slogate::summarize(&this.stored.evaluation);
    "Ids of the stored results used as comparison basis, newest first."
    compared_events: Vec<String> = |this| this.stored.evaluation.evaluation.compared_events.clone();
});

views!(Evaluation {
    "One result per objective, in SLO order; empty when nothing was evaluated."
    indicators: "IndicatorResult[]" = |this| {
        let indicators = this.stored.evaluation.indicators().iter();
        indicators.map(IndicatorView::of).collect::<Vec<_>>()
    };
    "The objectives that did not pass (a warning counts), in SLO order: what an"
    "explanation of a gate that did not pass lists."
    not_passed: "IndicatorResult[]" = |this| {
        let listed = this.stored.evaluation.not_passed(FailOn::Warning);
        listed.map(|(_, r)| IndicatorView::of(r)).collect::<Vec<_>>()
    };
});

#[napi]
impl Evaluation {
    /// The decision on this evaluation: of an approval `policy` (Keptn's `approval` task
    /// properties, e.g. `'pass=automatic,warning=manual'`; a verdict left out is manual) when
    /// given, else of the plain gate (a warning promotes only with `allowWarning`). A fail is
    /// always held; `live` says the deployment already serves users, so a hold advises a
    /// rollback. A malformed policy throws with the code `invalid_approval`.
    #[napi(ts_args_type = "options?: DecideOptions", ts_return_type = "Decision")]
    pub fn decide<'env>(&self, env: &'env Env, options: Option<Unknown>) -> Result<Unknown<'env>> {
        let options: DecideOptions = settings(env, options, &[])?;
        let decision = options.decide(&self.stored.evaluation).or_throw(env)?;
        env.to_js_value(&DecisionView::of(&decision))
    }

    /// The evaluation in Keptn's evaluation JSON shape (`status`, `result`,
    /// `evaluation.score`, `evaluation.indicatorResults`, ...). Accepted back as history.
    #[napi(js_name = "toJSON", ts_return_type = "KeptnEvaluation")]
    pub fn to_json<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        env.to_js_value(&self.stored.evaluation)
    }
}

impl From<slogate::Evaluation> for Evaluation {
    fn from(evaluation: slogate::Evaluation) -> Self {
        Evaluation {
            stored: evaluation.into(),
        }
    }
}

/// One entry of a history argument: an `Evaluation` the caller keeps, or one to decode.
type HistoryItem<'env> = Either<ClassInstance<'env, Evaluation>, HistoryEntry<'static>>;

// Reads a list of stored evaluations, newest first; `name` is the argument's name in messages.
fn history<'env>(env: &Env, list: Unknown<'env>, name: &str) -> Result<Vec<HistoryItem<'env>>> {
    match list.get_type()? {
        ValueType::Undefined | ValueType::Null => return Ok(Vec::new()),
        ValueType::Object if list.is_array()? => {}
        _ => return Err(wrong_type(env, name, "an array of evaluations", list)),
    }
    let list = list.coerce_to_object()?;
    let length = list.get_array_length()?;
    slogate::Limits::default()
        .check_history_length(length as usize)
        .or_throw(env)?;
    let mut items = Vec::with_capacity(length as usize);
    for index in 0..length {
        let path = format!("history[{index}]");
        let item: Either<ClassInstance<Evaluation>, Unknown> = list.get_element(index)?;
        items.push(match item {
            Either::A(kept) => Either::A(kept),
            Either::B(item) => Either::B(match item.get_type()? {
                ValueType::String => HistoryEntry::Text(string_arg(env, item, &path)?),
                ValueType::Object => HistoryEntry::Json(to_json(env, item, &path)?),
                _ => {
                    let expected = "an evaluation (object or JSON text)";
                    return Err(wrong_type(env, &format!("{name}[{index}]"), expected, item));
                }
            }),
        });
    }
    Ok(items)
}

// Decodes the items of a history through the core, borrowing the kept evaluations.
fn decode<'a>(env: &Env, items: &'a [HistoryItem]) -> Result<Vec<Cow<'a, PreviousEvaluation>>> {
    let entries = items.iter().map(|item| match item {
        Either::A(kept) => HistoryEntry::Kept(&kept.stored),
        Either::B(entry) => entry.clone(),
    });
    PreviousEvaluation::decode_history(entries).or_throw(env)
}

/// A parsed and validated SLO definition (`slo.yaml`). Parse once, evaluate as often as needed.
#[napi]
pub struct Slo {
    inner: slogate::Slo,
}

properties!(Slo {
    "The SLO text as it was parsed."
    source: String = |this| this.inner.source().to_owned();
    "The SLI names the objectives measure, in SLO order."
    slis: Vec<String> = |this| this.inner.objectives().iter().map(|o| o.sli.clone()).collect();
});

views!(Slo {
    "What the SLO is used with as written but looks like a mistake (an unknown key, for"
    "one), in document order."
    warnings: "SloWarning[]" = |this| this.inner.warnings().iter().map(ProblemView::of).collect::<Vec<_>>();
});

impl Slo {
    // Evaluates `report` with `options.history`.
    fn evaluate_with(
        &self,
        env: &Env,
        report: &SliReport,
        options: Option<Unknown>,
    ) -> Result<Evaluation> {
        let list = option(options, "history")?;
        let items = list
            .map(|list| history(env, list, "options.history"))
            .transpose()?;
        let history = decode(env, items.as_deref().unwrap_or_default())?;
        let evaluated = self.inner.evaluate(report, history.iter().map(Cow::as_ref));
        Ok(evaluated.or_throw(env)?.into())
    }
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
    pub fn from_yaml(env: &Env, text: Unknown, options: Option<Unknown>) -> Result<Slo> {
        guard(env, || {
            let text = string_arg(env, text, "text")?;
            let limits = settings::<SloOptions>(env, options, &[])?.limits();
            let parsed = slogate::Slo::parse_with_limits(&text, &limits);
            Ok(Slo {
                inner: parsed.or_throw(env)?,
            })
        })
    }

    /// Reads and parses an SLO file. Throws like `Slo.fromYaml`, with `file` set; a file that
    /// cannot be read throws an `Error` with code `'io_error'`.
    #[napi(factory, ts_args_type = "path: string, options?: SloOptions")]
    pub fn from_file(env: &Env, path: Unknown, options: Option<Unknown>) -> Result<Slo> {
        guard(env, || {
            let path = string_arg(env, path, "path")?;
            let limits = settings::<SloOptions>(env, options, &[])?.limits();
            let io = |e: std::io::Error| io_error(env, "SLO file", &path, &e);
            let text = limits
                .read_slo(std::fs::File::open(&path).map_err(io)?)
                .map_err(io)?;
            let parsed = text.and_then(|text| slogate::Slo::parse_with_limits(&text, &limits));
            Ok(Slo {
                inner: parsed.map_err(|e| slo_file_error(env, e, &path))?,
            })
        })
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
        values: Unknown,
        options: Option<Unknown>,
    ) -> Result<Evaluation> {
        guard(env, || {
            let settings: EvaluateOptions = settings(env, options, &["history"])?;
            let report = if let Some(inputs) = reports_in(values)? {
                let map = settings.sli_map().or_throw(env)?;
                slogate::reports::merge(&self.inner, &inputs, map.as_ref()).or_throw(env)?
            } else if values.get_type()? == ValueType::Object && !values.is_array()? {
                SliReport::from_json_value(&to_json(env, values, "values")?).or_throw(env)?
            } else {
                return Err(wrong_type(env, "values", "an object of SLI values", values));
            };
            self.evaluate_with(env, &report, options)
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
        kind: Unknown,
        report: Unknown,
        options: Option<Unknown>,
    ) -> Result<Evaluation> {
        guard(env, || {
            let (kind, report) = report_values(env, kind, report)?;
            let required = slogate::reports::require_metrics(&self.inner, &report, kind.describe());
            required.or_throw(env)?;
            settings::<EvaluateOptions>(env, options, &["history"])?;
            self.evaluate_with(env, &report, options)
        })
    }
}

// The reports `values` is or lists (a `Report`, or a non-empty array of only `Report`s).
fn reports_in(values: Unknown) -> Result<Option<Vec<ReportInput>>> {
    let report = |value| Either::<ClassInstance<Report>, Unknown>::from_unknown(value);
    if let Either::A(report) = report(values)? {
        return Ok(Some(vec![report.inner.clone()]));
    }
    let mut inputs = Vec::new();
    if values.is_array()? {
        let array = values.coerce_to_object()?;
        for index in 0..array.get_array_length()? {
            match report(array.get_element(index)?)? {
                Either::A(report) => inputs.push(report.inner.clone()),
                Either::B(_) => return Ok(None),
            }
        }
    }
    Ok(Some(inputs).filter(|inputs| !inputs.is_empty()))
}

// Reads a report of the tool named by `kind` (an object or its text).
fn report_values(env: &Env, kind: Unknown, report: Unknown) -> Result<(Kind, SliReport)> {
    let kind = report_kind(env, kind)?;
    let value = match report.get_type()? {
        ValueType::String => Value::String(string_arg(env, report, "report")?),
        ValueType::Object => to_json(env, report, "report")?,
        _ => {
            let expected = "a report object or its text";
            return Err(wrong_type(env, "report", expected, report));
        }
    };
    Ok((kind, kind.read_value(&value).or_throw(env)?))
}

// The report kind named by `kind`.
fn report_kind(env: &Env, kind: Unknown) -> Result<Kind> {
    let parsed = string_arg(env, kind, "kind")?.parse();
    parsed.map_err(|e: slogate::InputError| errors::type_error(env, &format!("kind: {e}")))
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
#[napi(
    ts_args_type = "kind: ReportKind, report: object | string",
    ts_return_type = "ReportValues"
)]
pub fn read_report_values<'env>(
    env: &'env Env,
    kind: Unknown,
    report: Unknown,
) -> Result<Unknown<'env>> {
    guard(env, || {
        let (_, report) = report_values(env, kind, report)?;
        env.to_js_value(&ReportValuesView::of(&report))
    })
}

/// A load-test report read by `readReport`: pass it, or an array of several, to
/// `slo.evaluate()`, which merges them (through `options.sliMap` where given).
#[napi]
pub struct Report {
    inner: ReportInput,
}

properties!(Report {
    "The report kind."
    kind: &'static str as "ReportKind" = |this| this.inner.kind.map_or("values", Kind::name);
    "The file the report was read from, or `'object'` for a report given as an object."
    file: String = |this| this.inner.file.clone();
});

views!(Report {
    "Every value the report gave, in the documented metric names."
    indicator_values: "IndicatorValue[]" = |this| ReportValuesView::of(&this.inner.report).indicator_values;
});

/// Reads a load-test report of `kind` (as `readReportValues` names its values) from the file
/// at `report`, or from the already-parsed report object. Throws an `Error` with the core's
/// code when the file cannot be read or is not of that tool's shape.
#[napi(ts_args_type = "kind: ReportKind, report: string | object")]
pub fn read_report(env: &Env, kind: Unknown, report: Unknown) -> Result<Report> {
    guard(env, || {
        let (kind, file, values) = match report.get_type()? {
            ValueType::Object => {
                let (kind, values) = report_values(env, kind, report)?;
                (kind, "object".to_owned(), values)
            }
            ValueType::String => {
                let (kind, path) = (report_kind(env, kind)?, string_arg(env, report, "report")?);
                let io = |e: std::io::Error| io_error(env, "report", &path, &e);
                let file = std::fs::File::open(&path).map_err(io)?;
                let text = slogate::Limits::default().read_input(file).map_err(io)?;
                let values = text.and_then(|text| kind.read(&text)).or_throw(env)?;
                (kind, path, values)
            }
            _ => {
                let expected = "a file path or a report object";
                return Err(wrong_type(env, "report", expected, report));
            }
        };
        Ok(Report {
            inner: ReportInput::new(Some(kind), file, values),
        })
    })
}

/// Writes the heatmap of `history` (stored evaluations, newest first, as `options.history` of
/// `Slo#evaluate` takes them) as one self-contained HTML page: inline CSS and SVG, nothing
/// loaded from elsewhere; the page `slogate report --html` writes. Throws an `Error` with the
/// core's `code` for a malformed evaluation or a `selected` id that is not shown.
#[napi(ts_args_type = "history: HistoryEntry[], options?: ReportOptions")]
pub fn report_html(env: &Env, history: Unknown, options: Option<Unknown>) -> Result<String> {
    report(env, history, options, false)
}

/// Writes the compact Markdown heatmap of `history` for a pull-request comment or a CI job
/// summary: one row per SLI, one symbol per evaluation. Arguments as `reportHtml`.
#[napi(ts_args_type = "history: HistoryEntry[], options?: ReportOptions")]
pub fn report_markdown(env: &Env, history: Unknown, options: Option<Unknown>) -> Result<String> {
    report(env, history, options, true)
}

// The heatmap of `history` as Markdown or HTML.
fn report(env: &Env, history: Unknown, options: Option<Unknown>, markdown: bool) -> Result<String> {
    guard(env, || {
        let items = self::history(env, history, "history")?;
        let heatmap: slogate::HeatmapOptions = settings(env, options, &["slo"])?;
        let slo = option(options, "slo")?.map(Either::<ClassInstance<Slo>, Unknown>::from_unknown);
        let slo = match slo.transpose()? {
            Some(Either::A(slo)) => Some(slo),
            Some(Either::B(other)) => return Err(wrong_type(env, "options.slo", "an Slo", other)),
            None => None,
        };
        let (history, slo) = (decode(env, &items)?, slo.as_ref().map(|s| &s.inner));
        let entries = history.iter().map(Cow::as_ref);
        let written = if markdown {
            slogate::report_markdown(entries, slo, &heatmap)
        } else {
            slogate::report_html(entries, slo, &heatmap)
        };
        written.or_throw(env)
    })
}

/// A gate written for another tool (k6 thresholds, a Keptn v2 `AnalysisDefinition`, a
/// Pitometer perfspec), scored exactly as that tool scores it.
#[napi]
pub struct Gate {
    inner: slogate::Gate,
}

impl Gate {
    fn parse(env: &Env, format: slogate::GateFormat, definition: Unknown) -> Result<Gate> {
        let text = text_or_json(env, definition, "definition")?;
        guard(env, || {
            Ok(Gate {
                inner: slogate::Gate::parse_as(format, &text).or_throw(env)?,
            })
        })
    }

    fn run(&self, env: &Env, data: Unknown) -> Result<slogate::GateEvaluation> {
        let text = text_or_json(env, data, "measurements")?;
        guard(env, || self.inner.evaluate_json(&text).or_throw(env))
    }
}

properties!(Gate {
    "`'k6'`, `'keptn2'` or `'pitometer'`."
    format: &'static str as "'k6' | 'keptn2' | 'pitometer'" = |this| this.inner.format().as_str();
});

#[napi]
impl Gate {
    /// Reads k6 thresholds: the options (object or JSON text) or their `thresholds`.
    #[napi(factory, js_name = "fromK6", ts_args_type = "options: object | string")]
    pub fn from_k6(env: &Env, options: Unknown) -> Result<Gate> {
        Gate::parse(env, slogate::GateFormat::K6, options)
    }

    /// Reads a Keptn v2 `AnalysisDefinition` manifest (YAML text).
    #[napi(factory, js_name = "fromKeptn2", ts_args_type = "text: string")]
    pub fn from_keptn2(env: &Env, text: Unknown) -> Result<Gate> {
        Gate::parse(env, slogate::GateFormat::Keptn2, text)
    }

    /// Reads a Pitometer perfspec (object or JSON text).
    #[napi(
        factory,
        js_name = "fromPerfspec",
        ts_args_type = "perfspec: object | string"
    )]
    pub fn from_perfspec(env: &Env, perfspec: Unknown) -> Result<Gate> {
        Gate::parse(env, slogate::GateFormat::Pitometer, perfspec)
    }

    /// Evaluates with the format's measurements (object or JSON text): a k6 summary, provider
    /// values by template name, or data points by indicator id.
    #[napi(ts_args_type = "measurements: object | string")]
    pub fn evaluate(&self, env: &Env, measurements: Unknown) -> Result<Evaluation> {
        Ok(self.run(env, measurements)?.evaluation().clone().into())
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
        measurements: Unknown,
    ) -> Result<Unknown<'env>> {
        env.to_js_value(self.run(env, measurements)?.native())
    }

    /// The equivalent Keptn SLO: `{slo, sli, unexpressed, notes}`; `slo` is null unless the
    /// translation is exact.
    #[napi(js_name = "toKeptn", ts_return_type = "KeptnTranslation")]
    pub fn to_keptn<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        env.to_js_value(&self.inner.to_keptn())
    }
}

/// Judges a canary's samples against a baseline's (`{metric: number[]}` each): a Mann-Whitney U
/// test per metric, scored by weight. `options`: `confidence`, `tolerance`, `passThreshold`,
/// `marginalThreshold`, and `slo` (YAML text) or `metrics` (`[{name, weight, direction,
/// critical}]`). Returns `{result, score, reason, summary, metrics, settings}`.
#[napi(
    ts_args_type = "baseline: CanarySamples, canary: CanarySamples, options?: CanaryOptions",
    ts_return_type = "CanaryJudgement"
)]
pub fn judge_canary<'env>(
    env: &'env Env,
    baseline: Unknown,
    canary: Unknown,
    options: Option<Unknown>,
) -> Result<Unknown<'env>> {
    guard(env, || {
        let options: serde_json::Map<String, Value> = settings(env, options, &[])?;
        let [baseline, canary] =
            [(baseline, "baseline"), (canary, "canary")].map(|(v, name)| to_json(env, v, name));
        let (baseline, canary) = (baseline?.to_string(), canary?.to_string());
        let options = Value::Object(options).to_string();
        let judged = slogate::canary::judge_json(&baseline, &canary, &options);
        env.to_js_value(&serde_json::from_str::<Value>(&judged.or_throw(env)?).unwrap_or_default())
    })
}
