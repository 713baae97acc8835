//! Pitometer `perfspec.json` (Keptn's predecessor quality gate) with the Threshold grader.
//!
//! Scored as `@keptn/pitometer` 1.1.0 and `pitometer-grader-thresholds` 1.1.0 do:
//!
//! - every data point of an indicator starts at `metricScore`; at or below `lowerSevere` (else
//!   at or below `lowerWarning`, which halves it) and at or above `upperSevere` (else at or above
//!   `upperWarning`, which halves it again) it loses its score; each breach is a violation;
//! - the indicator scores its worst data point; without data points it scores 0 (or
//!   `metricScore` with `ignoreEmpty`);
//! - the total passes at `objectives.pass` points, warns at `objectives.warning`;
//! - with a comparison run, the `...Perc` thresholds are recomputed from the stored run's first
//!   individual result when its key matches the data point (they then stay for the points
//!   after it, as the grader mutates its thresholds);
//! - data points given as strings are compared as JavaScript does (`Number("45.5")`).
//!
//! Where Pitometer accepts nonsense, slogate refuses: a threshold of 0 (JavaScript treats it
//! as absent), text where a number belongs (`"20"` scores are concatenated), a missing
//! `metricScore`, `thresholds` or `objectives`, unknown threshold names, a lower threshold
//! at or above an upper one, two indicators with one id, and a grader other than `Threshold`.

use serde_json::{json, Map, Value};

use super::numbers::js_number;
use super::{evaluation_of, Outcome};
use crate::error::{ErrorCode, EvaluationError, InputError, Problem, SloError};
use crate::evaluation::{IndicatorResult, IndicatorStatus, MeasuredValue, Target, Verdict};

const THRESHOLDS: [&str; 8] = [
    "lowerSevere",
    "lowerWarning",
    "upperSevere",
    "upperWarning",
    "lowerSeverePerc",
    "lowerWarningPerc",
    "upperSeverePerc",
    "upperWarningPerc",
];

/// One indicator of a perfspec, graded by thresholds.
#[derive(Clone, Debug, PartialEq)]
pub struct PerfspecIndicator {
    /// The indicator id.
    pub id: String,
    /// The source it is fetched from (`Prometheus`, `Dynatrace`, ...).
    pub source: String,
    /// The query given to the source, as written.
    pub query: Value,
    /// `lowerSevere`, `lowerWarning`, `upperSevere`, `upperWarning` and their `...Perc`
    /// forms, in [`THRESHOLDS`] order; `None` when not given.
    thresholds: [Option<f64>; 8],
    /// Points of a data point without breach.
    pub metric_score: f64,
    /// Whether an indicator without data keeps its score.
    pub ignore_empty: bool,
    /// `grading.metadata`, copied into every violation.
    pub metadata: Option<Value>,
}

impl PerfspecIndicator {
    /// The threshold named `name` (`upperWarning`, `lowerSeverePerc`, ...), if given.
    pub fn threshold(&self, name: &str) -> Option<f64> {
        THRESHOLDS
            .iter()
            .position(|n| *n == name)
            .and_then(|i| self.thresholds[i])
    }
}

/// A Pitometer perfspec, checked and ready to score.
#[derive(Clone, Debug, PartialEq)]
pub struct Perfspec {
    /// The indicators in the order Pitometer runs them (integer-like ids first, ascending).
    pub indicators: Vec<PerfspecIndicator>,
    /// `objectives.pass`: the points needed to pass.
    pub pass: f64,
    /// `objectives.warning`: the points needed for a warning.
    pub warning: f64,
    objectives: Value,
}

fn problem(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem::new(code, path, message)
}

fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => format!("the text {:?}", crate::yaml::shorten(s)),
        Value::Null => "null".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        other => other.to_string(),
    }
}

fn number(value: Option<&Value>, path: &str, problems: &mut Vec<Problem>) -> Option<f64> {
    match value {
        None => {
            problems.push(problem(
                ErrorCode::MissingField,
                path,
                format!("'{path}' is missing; Pitometer would compute with undefined"),
            ));
            None
        }
        Some(Value::Number(n)) => n.as_f64(),
        Some(other) => {
            problems.push(problem(
                ErrorCode::InvalidType,
                path,
                format!(
                    "expected a number, found {} (Pitometer would compute with it as text)",
                    describe(other)
                ),
            ));
            None
        }
    }
}

/// Whether JavaScript lists `key` among an object's integer keys (before the others).
fn array_index(key: &str) -> Option<u32> {
    let n: u32 = key.parse().ok()?;
    (n.to_string() == key && n != u32::MAX).then_some(n)
}

impl Perfspec {
    /// Reads a perfspec from JSON text.
    pub fn parse(text: &str) -> Result<Perfspec, SloError> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            SloError::new(
                crate::json::json_problem(&e, "perfspec")
                    .problems()
                    .to_vec(),
            )
        })?;
        Perfspec::from_json_value(&value).map_err(|e| super::locate::located(text, &e))
    }

    /// Reads a perfspec from a JSON value.
    pub fn from_json_value(value: &Value) -> Result<Perfspec, SloError> {
        let mut problems = Vec::new();
        let Value::Object(spec) = value else {
            return Err(problem(ErrorCode::InvalidType, "", "expected a perfspec object").into());
        };
        let mut indicators: Vec<PerfspecIndicator> = Vec::new();
        match spec.get("indicators") {
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let path = format!("indicators[{i}]");
                    if let Some(ind) = indicator(item, &path, &mut problems) {
                        if let Some(first) = indicators.iter().position(|x| x.id == ind.id) {
                            problems.push(problem(
                                ErrorCode::DuplicateObjective,
                                format!("{path}.id"),
                                format!(
                                    "a second indicator with id '{}' (the first is indicators[{first}]); \
                                     Pitometer would silently replace the first",
                                    ind.id
                                ),
                            ));
                        } else {
                            indicators.push(ind);
                        }
                    }
                }
            }
            None => problems.push(problem(
                ErrorCode::MissingField,
                "indicators",
                "the perfspec has no indicators",
            )),
            Some(other) => problems.push(problem(
                ErrorCode::InvalidType,
                "indicators",
                format!("expected a list of indicators, found {}", describe(other)),
            )),
        }
        let objectives = spec.get("objectives").cloned().unwrap_or(Value::Null);
        let (mut pass, mut warning) = (None, None);
        match &objectives {
            Value::Object(o) => {
                pass = Some(objective_points(o.get("pass")));
                warning = Some(objective_points(o.get("warning")));
            }
            Value::Null => problems.push(problem(
                ErrorCode::MissingField,
                "objectives",
                "the perfspec has no objectives; add e.g. {\"pass\": 90, \"warning\": 75}",
            )),
            other => problems.push(problem(
                ErrorCode::InvalidType,
                "objectives",
                format!(
                    "expected an object with pass and warning, found {}",
                    describe(other)
                ),
            )),
        }
        if !problems.is_empty() {
            return Err(SloError::new(problems));
        }
        // Object.keys order: integer-like ids ascending, then the others as written.
        indicators.sort_by_key(|ind| array_index(&ind.id).map_or((1, 0), |n| (0, n)));
        Ok(Perfspec {
            indicators,
            pass: pass.unwrap_or_default(),
            warning: warning.unwrap_or_default(),
            objectives,
        })
    }

    /// Runs the perfspec on the data points of each indicator.
    pub fn evaluate(&self, run: &PitometerRun) -> Result<Outcome, EvaluationError> {
        let context = run.context.as_str();
        let (test_context, test_run_id) = match context.rfind('/') {
            Some(i) if i > 0 => (context[..i].to_owned(), context[i + 1..].to_owned()),
            _ => (
                context.to_owned(),
                run.timestamp.map(utc_string).unwrap_or_default(),
            ),
        };
        let compare = run.compare_with();
        let mut results = Vec::new();
        let mut indicators = Vec::new();
        let mut total = 0.0;
        let mut maximum = 0.0;
        for ind in &self.indicators {
            if let Some(sources) = &run.sources {
                if !sources.contains(&ind.source) {
                    return Err(problem(
                        ErrorCode::UnregisteredSource,
                        format!("indicators.{}", ind.id),
                        format!(
                            "indicator '{}' reads source '{}', which is not among the sources \
                             given ({}); Pitometer would silently skip it",
                            ind.id,
                            ind.source,
                            sources.join(", ")
                        ),
                    )
                    .into());
                }
            }
            let points = match run.values.get(&ind.id) {
                None => &[][..],
                Some(DataPoints::Points(points)) => points.as_slice(),
                Some(DataPoints::Failed(why)) => {
                    return Err(problem(
                        ErrorCode::MissingMetric,
                        format!("values.{}", ind.id),
                        format!("the source of indicator '{}' failed: {why}", ind.id),
                    )
                    .into())
                }
            };
            let stored = compare.and_then(|c| stored_indicator(c, &ind.id));
            let (result, item) = grade(ind, points, stored, run.individual_results);
            total += result["score"].as_f64().unwrap_or(0.0);
            maximum += ind.metric_score;
            results.push(result);
            indicators.push(item);
        }
        let verdict = if self.pass <= total {
            Verdict::Pass
        } else if self.warning <= total {
            Verdict::Warning
        } else {
            Verdict::Fail
        };
        let mut native = Map::new();
        native.insert("options".into(), run.options.clone());
        if let Some(t) = run.timestamp {
            native.insert("timestamp".into(), json!(t));
        }
        native.insert("testContext".into(), json!(test_context));
        native.insert("testRunId".into(), json!(test_run_id));
        native.insert("totalScore".into(), json!(total));
        native.insert("objectives".into(), self.objectives.clone());
        native.insert("indicatorResults".into(), Value::Array(results));
        native.insert("result".into(), json!(verdict.as_str()));
        let percent = if maximum > 0.0 {
            total / maximum * 100.0
        } else {
            0.0
        };
        let message = format!(
            "{} points against objectives pass {} and warning {}",
            crate::format_number(total),
            crate::format_number(self.pass),
            crate::format_number(self.warning)
        );
        Ok(Outcome {
            evaluation: evaluation_of(verdict, percent, indicators, message),
            native: Value::Object(native),
            notes: Vec::new(),
        })
    }
}

#[allow(clippy::too_many_lines)]
fn indicator(item: &Value, path: &str, problems: &mut Vec<Problem>) -> Option<PerfspecIndicator> {
    let Value::Object(fields) = item else {
        problems.push(problem(
            ErrorCode::InvalidType,
            path,
            format!("expected an indicator object, found {}", describe(item)),
        ));
        return None;
    };
    let before = problems.len();
    let text = |key: &str, problems: &mut Vec<Problem>| match fields.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            problems.push(problem(
                ErrorCode::InvalidType,
                format!("{path}.{key}"),
                format!("expected text, found {}", describe(other)),
            ));
            None
        }
        None => {
            problems.push(problem(
                ErrorCode::MissingField,
                format!("{path}.{key}"),
                format!("the indicator has no {key}"),
            ));
            None
        }
    };
    let id = text("id", problems);
    let source = text("source", problems);
    let grading = match fields.get("grading") {
        Some(Value::Object(g)) => Some(g),
        Some(other) => {
            problems.push(problem(
                ErrorCode::InvalidType,
                format!("{path}.grading"),
                format!("expected an object, found {}", describe(other)),
            ));
            None
        }
        None => {
            problems.push(problem(
                ErrorCode::MissingField,
                format!("{path}.grading"),
                "the indicator has no grading",
            ));
            None
        }
    };
    let mut thresholds = [None; 8];
    let mut metric_score = None;
    let mut ignore_empty = false;
    let mut metadata = None;
    if let Some(g) = grading {
        let gpath = format!("{path}.grading");
        match g.get("type") {
            Some(Value::String(t)) if t == "Threshold" => {}
            other => problems.push(problem(
                ErrorCode::UnknownGrader,
                format!("{gpath}.type"),
                format!(
                    "unknown grading type {}; the only grader is \"Threshold\"",
                    other.map_or_else(|| "(none)".to_owned(), describe)
                ),
            )),
        }
        match g.get("thresholds") {
            Some(Value::Object(t)) => {
                for (key, value) in t {
                    let at = format!("{gpath}.thresholds.{key}");
                    let Some(slot) = THRESHOLDS.iter().position(|n| n == key) else {
                        problems.push(problem(
                            ErrorCode::UnknownField,
                            at,
                            format!(
                                "unknown threshold '{key}'; expected one of: {}",
                                THRESHOLDS.join(", ")
                            ),
                        ));
                        continue;
                    };
                    match value {
                        Value::Number(n) if n.as_f64() == Some(0.0) => problems.push(problem(
                            ErrorCode::InvalidThreshold,
                            at,
                            format!("{key} 0 is ignored by Pitometer (0 counts as not set); remove it or use a non-zero bound"),
                        )),
                        Value::Number(n) => thresholds[slot] = n.as_f64(),
                        other => problems.push(problem(
                            ErrorCode::InvalidType,
                            at,
                            format!("expected a number, found {} (Pitometer would compare it as text)", describe(other)),
                        )),
                    }
                }
                let set = |i: usize| thresholds[i];
                for lower in [0, 1] {
                    for upper in [2, 3] {
                        if let (Some(l), Some(u)) = (set(lower), set(upper)) {
                            if l >= u {
                                problems.push(problem(
                                    ErrorCode::ContradictoryThresholds,
                                    format!("{gpath}.thresholds"),
                                    format!(
                                        "{} {} is not below {} {}: no value could pass",
                                        THRESHOLDS[lower],
                                        crate::format_number(l),
                                        THRESHOLDS[upper],
                                        crate::format_number(u)
                                    ),
                                ));
                            }
                        }
                    }
                }
            }
            None => problems.push(problem(
                ErrorCode::MissingField,
                format!("{gpath}.thresholds"),
                "the grading has no thresholds",
            )),
            Some(other) => problems.push(problem(
                ErrorCode::InvalidType,
                format!("{gpath}.thresholds"),
                format!("expected an object, found {}", describe(other)),
            )),
        }
        metric_score = number(
            g.get("metricScore"),
            &format!("{gpath}.metricScore"),
            problems,
        );
        ignore_empty = g.get("ignoreEmpty").is_some_and(truthy_value);
        metadata = g.get("metadata").cloned();
    }
    if problems.len() > before {
        return None;
    }
    Some(PerfspecIndicator {
        id: id?,
        source: source?,
        query: fields.get("query").cloned().unwrap_or(Value::Null),
        thresholds,
        metric_score: metric_score?,
        ignore_empty,
        metadata,
    })
}

/// JavaScript's loose `==` between a stored id or key and ours.
fn loosely_equal(stored: &Value, ours: &Value) -> bool {
    match (stored, ours) {
        (Value::String(a), Value::String(b)) => a == b,
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Number(n), Value::String(s)) | (Value::String(s), Value::Number(n)) => {
            n.as_f64() == Some(js_number(s))
        }
        (Value::Null, Value::Null) => true,
        (a, b) => a == b,
    }
}

fn stored_indicator<'a>(run: &'a Value, id: &str) -> Option<&'a Value> {
    run.get("indicatorResults")?
        .as_array()?
        .iter()
        .find(|r| r.get("id").is_some_and(|v| loosely_equal(v, &json!(id))))
}

/// `ToNumber` of a data point's value, as `<=` and `*` apply it.
fn to_number(value: Option<&Value>) -> f64 {
    match value {
        Some(Value::Null) => 0.0,
        Some(Value::Bool(b)) => f64::from(u8::from(*b)),
        Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
        Some(Value::String(s)) => js_number(s),
        None | Some(_) => f64::NAN,
    }
}

/// JavaScript's truthiness of a JSON value.
fn truthy_value(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// An objective as `objectives.pass <= totalScore` reads it: text converted as JavaScript
/// does, null as 0, absent as NaN (never reached).
fn objective_points(value: Option<&Value>) -> f64 {
    match value {
        None => f64::NAN,
        Some(v) => to_number(Some(v)),
    }
}

/// JavaScript's truthiness of a threshold: set, non-zero and not NaN.
fn truthy(threshold: Option<f64>) -> Option<f64> {
    threshold.filter(|t| *t != 0.0 && !t.is_nan())
}

/// The Threshold grader on one indicator: its result object and its Keptn-style result.
#[allow(clippy::too_many_lines)]
fn grade(
    ind: &PerfspecIndicator,
    points: &[DataPoint],
    stored: Option<&Value>,
    individual: bool,
) -> (Value, IndicatorResult) {
    let mut thresholds = ind.thresholds;
    let mut violations = Vec::new();
    let mut individual_results = Vec::new();
    let mut worst: Option<(f64, &DataPoint, [Option<f64>; 4])> = None;
    let first_stored = stored
        .and_then(|s| s.get("individualResults"))
        .and_then(Value::as_array)
        .and_then(|list| list.first());
    for point in points {
        let mut score = ind.metric_score;
        if let Some(cmp) = first_stored.filter(|c| {
            loosely_equal(
                c.get("key").unwrap_or(&Value::Null),
                point.key.as_ref().unwrap_or(&Value::Null),
            ) && (c.get("key").is_some() == point.key.is_some())
        }) {
            let base = to_number(cmp.get("value"));
            for (slot, perc, upper) in [(2, 6, true), (3, 7, true), (1, 5, false), (0, 4, false)] {
                if let Some(p) = truthy(thresholds[perc]) {
                    thresholds[slot] = Some(if upper {
                        base * (100.0 + p) / 100.0
                    } else {
                        base * (100.0 - p) / 100.0
                    });
                }
            }
        }
        let value = to_number(point.value.as_ref());
        let breach = |name: &str, threshold: f64, violations: &mut Vec<Value>| {
            let mut v = Map::new();
            if let Some(m) = &ind.metadata {
                v.insert("metadata".into(), m.clone());
            }
            if let Some(val) = &point.value {
                v.insert("value".into(), val.clone());
            }
            if let Some(k) = &point.key {
                v.insert("key".into(), k.clone());
            }
            v.insert("breach".into(), json!(name));
            v.insert("threshold".into(), json!(threshold));
            violations.push(Value::Object(v));
        };
        if let Some(t) = truthy(thresholds[0]).filter(|t| value <= *t) {
            score = 0.0;
            breach("lowerSevere", t, &mut violations);
        } else if let Some(t) = truthy(thresholds[1]).filter(|t| value <= *t) {
            score /= 2.0;
            breach("lowerWarning", t, &mut violations);
        }
        if let Some(t) = truthy(thresholds[2]).filter(|t| value >= *t) {
            score = 0.0;
            breach("upperSevere", t, &mut violations);
        } else if let Some(t) = truthy(thresholds[3]).filter(|t| value >= *t) {
            score /= 2.0;
            breach("upperWarning", t, &mut violations);
        }
        if individual {
            let mut r = Map::new();
            if let Some(val) = &point.value {
                r.insert("value".into(), val.clone());
            }
            if let Some(k) = &point.key {
                r.insert("key".into(), k.clone());
            }
            for (slot, name) in THRESHOLDS.iter().enumerate().take(4) {
                if let Some(t) = truthy(thresholds[slot]) {
                    r.insert((*name).into(), json!(t));
                }
            }
            individual_results.push(Value::Object(r));
        }
        let current: [Option<f64>; 4] =
            [thresholds[0], thresholds[1], thresholds[2], thresholds[3]];
        if worst.as_ref().is_none_or(|(s, _, _)| score < *s) {
            worst = Some((score, point, current));
        }
    }
    let score = match &worst {
        Some((s, _, _)) => *s,
        None if ind.ignore_empty => ind.metric_score,
        None => {
            let mut v = Map::new();
            if let Some(m) = &ind.metadata {
                v.insert("metadata".into(), m.clone());
            }
            v.insert("breach".into(), json!("The indicator returned no values"));
            violations.push(Value::Object(v));
            0.0
        }
    };
    let mut result = Map::new();
    result.insert("id".into(), json!(ind.id));
    result.insert("violations".into(), Value::Array(violations));
    result.insert("score".into(), json!(score));
    if individual {
        result.insert("individualResults".into(), Value::Array(individual_results));
    }
    // The same result in Keptn's words: pass criteria are every bound, warning criteria the
    // severe ones.
    let status = if score >= ind.metric_score {
        IndicatorStatus::Pass
    } else if score > 0.0 {
        IndicatorStatus::Warning
    } else {
        IndicatorStatus::Fail
    };
    let (value, bounds) = match &worst {
        Some((_, p, b)) => (Some(to_number(p.value.as_ref())), *b),
        None => (
            None,
            [thresholds[0], thresholds[1], thresholds[2], thresholds[3]],
        ),
    };
    let target = |slot: usize| {
        truthy(bounds[slot]).map(|t| {
            let (op, holds) = if slot < 2 {
                (">", value.is_some_and(|v| v > t))
            } else {
                ("<", value.is_some_and(|v| v < t))
            };
            Target {
                criteria: format!("{op}{t}"),
                target_value: t,
                violated: value.is_some() && !holds,
            }
        })
    };
    let warning_targets: Vec<Target> = [0, 2].into_iter().filter_map(target).collect();
    let pass_targets: Vec<Target> = [0, 1, 2, 3].into_iter().filter_map(target).collect();
    let has_warning_bounds = truthy(bounds[1]).is_some() || truthy(bounds[3]).is_some();
    let item = IndicatorResult {
        score,
        value: Some(MeasuredValue {
            source: None,
            metric: ind.id.clone(),
            value: value.filter(|v| v.is_finite()).unwrap_or(0.0),
            compared_value: 0.0,
            success: value.is_some() || ind.ignore_empty,
            message: if value.is_none() && !ind.ignore_empty {
                "the indicator returned no values".to_owned()
            } else {
                String::new()
            },
        }),
        display_name: ind.id.clone(),
        pass_targets,
        warning_targets: if has_warning_bounds {
            warning_targets
        } else {
            Vec::new()
        },
        key_sli: false,
        status,
        baseline: None,
        unmeasured_sli: None,
        model: None,
        zero_baseline: None,
        unit: None,
        better: None,
    };
    (Value::Object(result), item)
}

/// One data point a source returned.
#[derive(Clone, Debug, PartialEq)]
pub struct DataPoint {
    /// The series key (absent when the source gave none).
    pub key: Option<Value>,
    /// The value: a number, or text a Prometheus source returns.
    pub value: Option<Value>,
}

/// What an indicator's source returned.
#[derive(Clone, Debug, PartialEq)]
pub enum DataPoints {
    /// The data points (possibly none).
    Points(Vec<DataPoint>),
    /// The query failed; the run fails with it.
    Failed(String),
}

/// The inputs of one Pitometer run: data points by indicator id, and the run options.
#[derive(Clone, Debug, PartialEq)]
pub struct PitometerRun {
    values: Vec<(String, DataPoints)>,
    options: Value,
    context: String,
    individual_results: bool,
    compare_with: Option<Vec<Value>>,
    sources: Option<Vec<String>>,
    timestamp: Option<f64>,
}

impl PitometerRun {
    /// Reads a run: either `{"values": {...}, "options": {...}, "compareWith": [...],
    /// "sources": [...], "timestamp": ms}` or just the values object. Values by indicator id:
    /// a list of data points (numbers, value strings or `{key, timestamp, value}` objects),
    /// `null` for a failed query.
    #[allow(clippy::too_many_lines)]
    pub fn from_json_value(input: &Value) -> Result<PitometerRun, InputError> {
        let bad = |path: &str, message: String| -> InputError {
            problem(ErrorCode::InvalidInput, path, message).into()
        };
        let Value::Object(top) = input else {
            return Err(bad(
                "",
                "expected an object of data points by indicator id".into(),
            ));
        };
        let run_form = top.get("values").is_some_and(Value::is_object)
            && top.keys().all(|k| {
                ["values", "options", "compareWith", "sources", "timestamp"].contains(&k.as_str())
            });
        let values = if run_form {
            top["values"].as_object().cloned().unwrap_or_default()
        } else {
            top.clone()
        };
        let options = if run_form {
            top.get("options").cloned()
        } else {
            None
        }
        .unwrap_or_else(|| json!({"context": "slogate/run"}));
        let context = match options.get("context") {
            Some(Value::String(c)) => c.clone(),
            _ => {
                return Err(bad(
                    "options.context",
                    "the run options need a context text such as \"service/run-1\"".into(),
                ))
            }
        };
        let individual_results = options.get("individualResults").is_some_and(truthy_value);
        let compare_ctx = options.get("compareContext").is_some_and(truthy_value);
        let compare_with = match top.get("compareWith").filter(|_| run_form) {
            None => None,
            Some(Value::Array(list)) => compare_ctx.then(|| list.clone()),
            Some(other) => {
                return Err(bad(
                    "compareWith",
                    format!("expected a list of stored runs, found {other}"),
                ))
            }
        };
        let sources = match top.get("sources").filter(|_| run_form) {
            None => None,
            Some(Value::Array(list)) => Some(
                list.iter()
                    .map(|s| {
                        s.as_str()
                            .map(str::to_owned)
                            .ok_or_else(|| bad("sources", "expected a list of source names".into()))
                    })
                    .collect::<Result<_, _>>()?,
            ),
            Some(other) => {
                return Err(bad(
                    "sources",
                    format!("expected a list of source names, found {other}"),
                ))
            }
        };
        let timestamp = match top.get("timestamp").filter(|_| run_form) {
            None => None,
            Some(t) => Some(
                t.as_f64()
                    .ok_or_else(|| bad("timestamp", "expected milliseconds since 1970".into()))?,
            ),
        };
        let mut parsed = Vec::new();
        for (id, v) in &values {
            let points = match v {
                Value::Null => DataPoints::Failed("the query failed".into()),
                Value::Bool(false) => DataPoints::Failed("the source returned false instead of data points".into()),
                Value::Array(items) => DataPoints::Points(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| match item {
                            Value::Number(_) | Value::String(_) => Ok(DataPoint { key: Some(json!(format!("series-{i}"))), value: Some(item.clone()) }),
                            Value::Object(o) => Ok(DataPoint { key: o.get("key").cloned(), value: o.get("value").cloned() }),
                            other => Err(bad(&format!("values.{id}[{i}]"), format!("expected a number, a value string or a {{key, timestamp, value}} object, found {other}"))),
                        })
                        .collect::<Result<_, _>>()?,
                ),
                other => return Err(bad(&format!("values.{id}"), format!("expected a list of data points or null, found {other}"))),
            };
            parsed.push((id.clone(), points));
        }
        Ok(PitometerRun {
            values: parsed,
            options,
            context,
            individual_results,
            compare_with,
            sources,
            timestamp,
        })
    }

    fn compare_with(&self) -> Option<&Value> {
        self.compare_with.as_ref().and_then(|l| l.first())
    }
}

trait Lookup {
    fn get(&self, id: &str) -> Option<&DataPoints>;
}

impl Lookup for Vec<(String, DataPoints)> {
    fn get(&self, id: &str) -> Option<&DataPoints> {
        self.iter().find(|(k, _)| k == id).map(|(_, v)| v)
    }
}

/// `new Date(ms).toUTCString()`, e.g. `Tue, 09 Jul 2019 00:00:00 GMT`.
fn utc_string(ms: f64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    #[allow(clippy::cast_possible_truncation)]
    let secs = (ms / 1000.0).floor() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)]
    let (weekday, month_index) = (days.rem_euclid(7) as usize, (month - 1) as usize);
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        DAYS[weekday],
        MONTHS[month_index],
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn objectives_and_options_read_as_javascript_reads_them() {
        let spec = super::Perfspec::parse(
            r#"{"indicators": [{"id": "a", "source": "S", "grading": {"type": "Threshold",
                "thresholds": {"upperSevere": 5}, "metricScore": 10, "ignoreEmpty": 1}}],
                "objectives": {"pass": "10"}}"#,
        )
        .unwrap();
        // No data with a truthy ignoreEmpty keeps the score; "10" <= 10 passes.
        let run = super::PitometerRun::from_json_value(&serde_json::json!({"values": {},
            "options": {"context": "c/r", "individualResults": "yes"}}))
        .unwrap();
        let out = spec.evaluate(&run).unwrap();
        assert_eq!(out.native["result"], "pass");
        assert_eq!(
            out.native["indicatorResults"][0]["individualResults"],
            serde_json::json!([])
        );
        // Without a warning objective, a total below pass fails.
        let run = super::PitometerRun::from_json_value(&serde_json::json!({"values": {"a": [7]},
            "options": {"context": "c/r"}}))
        .unwrap();
        assert_eq!(spec.evaluate(&run).unwrap().native["result"], "fail");
    }

    #[test]
    fn utc_string_matches_javascript() {
        assert_eq!(
            super::utc_string(1_562_630_400_000.0),
            "Tue, 09 Jul 2019 00:00:00 GMT"
        );
        assert_eq!(super::utc_string(0.0), "Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
