//! k6 `thresholds` (`options.thresholds`), scored from the end-of-test summary.
//!
//! The thresholds are read as k6 v2.2 reads them: the JSON shapes of `thresholds.go` (a list
//! per metric key of expression strings or `{threshold, abortOnFail, delayAbortEval}` objects,
//! field names in any case), expressions split at the first operator of `<=`, `<`, `>=`, `>`,
//! `===`, `==`, `!=` and numbers in Go syntax, metric keys `name` or `name{tag:value,...}`.
//!
//! Evaluating needs the values k6 aggregates: they are read from the summary (the data
//! `handleSummary` receives, or the `--summary-export` file), where k6 writes a trend only
//! with the statistics of `summaryTrendStats`. As in k6, a rate without samples and a
//! counter's rate at duration 0 pass any threshold; `abort` says whether k6's periodic check
//! would stop the run at its end (a failing `abortOnFail` threshold whose `delayAbortEval` has
//! passed, on a metric with samples).
//!
//! # Gaps
//!
//! - A summary does not say whether a metric had samples; a trend or gauge whose values are
//!   all 0, a counter with count 0 and a rate without passes or fails are taken as unsampled,
//!   which only matters for `abort`.
//! - Metrics declared by the script are known from the summary only; a threshold on a custom
//!   metric the summary lacks is refused as unknown.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::numbers::{go_format_g, go_parse_float};
use super::{evaluation_of, Outcome};
use crate::error::{ErrorCode, EvaluationError, InputError, Problem, SloError};
use crate::evaluation::{IndicatorResult, IndicatorStatus, MeasuredValue, Target, Verdict};

/// How a threshold aggregates its metric.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Aggregation {
    /// `value` (gauge).
    Value,
    /// `count` (counter).
    Count,
    /// `rate` (rate, counter).
    Rate,
    /// `avg` (trend).
    Avg,
    /// `min` (trend).
    Min,
    /// `med` (trend).
    Med,
    /// `max` (trend).
    Max,
    /// `p(N)` (trend); a bare `p` is `p(0)`.
    Percentile(f64),
}

impl Aggregation {
    /// The key of the value in k6's sink and summary: `avg`, `p(95)`, `p(99.9)`.
    pub fn key(self) -> String {
        match self {
            Aggregation::Value => "value".into(),
            Aggregation::Count => "count".into(),
            Aggregation::Rate => "rate".into(),
            Aggregation::Avg => "avg".into(),
            Aggregation::Min => "min".into(),
            Aggregation::Med => "med".into(),
            Aggregation::Max => "max".into(),
            Aggregation::Percentile(p) => format!("p({})", go_format_g(p)),
        }
    }

    fn method(self) -> &'static str {
        match self {
            Aggregation::Value => "value",
            Aggregation::Count => "count",
            Aggregation::Rate => "rate",
            Aggregation::Avg => "avg",
            Aggregation::Min => "min",
            Aggregation::Med => "med",
            Aggregation::Max => "max",
            Aggregation::Percentile(_) => "p",
        }
    }
}

/// A k6 metric type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricType {
    /// Counter: `count`, `rate`.
    Counter,
    /// Gauge: `value`.
    Gauge,
    /// Rate: `rate`.
    Rate,
    /// Trend: `avg`, `min`, `max`, `med`, `p(N)`.
    Trend,
}

impl MetricType {
    fn name(self) -> &'static str {
        match self {
            MetricType::Counter => "counter",
            MetricType::Gauge => "gauge",
            MetricType::Rate => "rate",
            MetricType::Trend => "trend",
        }
    }

    fn methods(self) -> &'static [&'static str] {
        match self {
            MetricType::Counter => &["count", "rate"],
            MetricType::Gauge => &["value"],
            MetricType::Rate => &["rate"],
            MetricType::Trend => &["avg", "min", "max", "med", "p"],
        }
    }

    fn parse(text: &str) -> Option<MetricType> {
        Some(match text {
            "counter" => MetricType::Counter,
            "gauge" => MetricType::Gauge,
            "rate" => MetricType::Rate,
            "trend" => MetricType::Trend,
            _ => return None,
        })
    }
}

/// k6's builtin metrics and their types.
fn builtin(name: &str) -> Option<MetricType> {
    use MetricType::{Counter, Gauge, Rate, Trend};
    Some(match name {
        "vus" | "vus_max" => Gauge,
        "iterations" | "dropped_iterations" | "http_reqs" | "ws_sessions" | "ws_msgs_sent"
        | "ws_msgs_received" | "data_sent" | "data_received" => Counter,
        "checks" | "http_req_failed" => Rate,
        "iteration_duration"
        | "group_duration"
        | "http_req_duration"
        | "http_req_blocked"
        | "http_req_connecting"
        | "http_req_tls_handshaking"
        | "http_req_sending"
        | "http_req_waiting"
        | "http_req_receiving"
        | "ws_ping"
        | "ws_session_duration"
        | "ws_connecting"
        | "grpc_req_duration" => Trend,
        _ => return None,
    })
}

/// A comparison operator of a threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum K6Operator {
    /// `<=`
    LessOrEqual,
    /// `<`
    Less,
    /// `>=`
    GreaterOrEqual,
    /// `>`
    Greater,
    /// `===`
    StrictlyEqual,
    /// `==`
    Equal,
    /// `!=`
    NotEqual,
}

const OPERATORS: [(&str, K6Operator); 7] = [
    ("<=", K6Operator::LessOrEqual),
    ("<", K6Operator::Less),
    (">=", K6Operator::GreaterOrEqual),
    (">", K6Operator::Greater),
    ("===", K6Operator::StrictlyEqual),
    ("==", K6Operator::Equal),
    ("!=", K6Operator::NotEqual),
];

impl K6Operator {
    fn holds(self, lhs: f64, rhs: f64) -> bool {
        match self {
            K6Operator::LessOrEqual => lhs <= rhs,
            K6Operator::Less => lhs < rhs,
            K6Operator::GreaterOrEqual => lhs >= rhs,
            K6Operator::Greater => lhs > rhs,
            K6Operator::StrictlyEqual | K6Operator::Equal => lhs == rhs,
            K6Operator::NotEqual => lhs != rhs,
        }
    }

    /// Whether a metric value of 0 meets `0 <op> value`.
    pub(crate) fn holds_at_zero(self, value: f64) -> bool {
        self.holds(0.0, value)
    }

    /// The same comparison as a Keptn criterion operator, where Keptn has one.
    pub(crate) fn keptn(self) -> Option<&'static str> {
        Some(match self {
            K6Operator::LessOrEqual => "<=",
            K6Operator::Less => "<",
            K6Operator::GreaterOrEqual => ">=",
            K6Operator::Greater => ">",
            K6Operator::StrictlyEqual | K6Operator::Equal => "=",
            K6Operator::NotEqual => return None,
        })
    }
}

/// One threshold expression.
#[derive(Clone, Debug, PartialEq)]
pub struct K6Threshold {
    /// The expression exactly as written (k6 reports it so).
    pub source: String,
    /// The aggregation on its left.
    pub aggregation: Aggregation,
    /// The operator.
    pub operator: K6Operator,
    /// The number on its right.
    pub value: f64,
    /// `abortOnFail`.
    pub abort_on_fail: bool,
    /// `delayAbortEval` in milliseconds, when set.
    pub delay_abort_eval_ms: Option<f64>,
}

/// The thresholds of one metric key.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricThresholds {
    /// The key as written (`http_req_duration{ status: 200 }`).
    pub key: String,
    /// The metric as k6 names it (`http_req_duration{status: 200}`).
    pub name: String,
    /// The parent metric (`http_req_duration`).
    pub base: String,
    /// The expressions, in order.
    pub thresholds: Vec<K6Threshold>,
}

/// k6 `thresholds`, read and ready to score with a summary.
#[derive(Clone, Debug, PartialEq)]
pub struct K6Thresholds {
    /// One entry per metric key.
    pub metrics: Vec<MetricThresholds>,
}

fn p(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem::new(code, path, message)
}

fn key_path(key: &str) -> String {
    format!("thresholds[{key:?}]")
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `time.ParseDuration`, in milliseconds.
fn go_duration_ms(text: &str) -> Option<f64> {
    let (negative, mut rest) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Some(0.0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total = 0.0;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number = &rest[..number_len];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return None;
        }
        let value: f64 = if number.starts_with('.') {
            format!("0{number}").parse().ok()?
        } else {
            number.trim_end_matches('.').parse().ok()?
        };
        rest = &rest[number_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ns" => 1e-6,
            "us" | "µs" | "μs" => 1e-3,
            "ms" => 1.0,
            "s" => 1e3,
            "m" => 60e3,
            "h" => 3_600e3,
            _ => return None,
        };
        total += value * scale;
        rest = &rest[unit_len..];
    }
    Some(if negative { -total } else { total })
}

/// k6's `ParseExtendedDuration`: a plain number is milliseconds, `d` counts days.
fn extended_duration_ms(text: &str) -> Option<f64> {
    if let Ok(ms) = go_parse_float(text) {
        return Some(ms);
    }
    let Some(d) = text.find('d') else {
        return go_duration_ms(text);
    };
    let hours = if d + 1 < text.len() {
        let h = go_duration_ms(&text[d + 1..])?;
        if h < 0.0 {
            return None;
        }
        h
    } else {
        0.0
    };
    let days: i64 = {
        let digits = text[..d].strip_prefix(['+', '-']).unwrap_or(&text[..d]);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text[..d].parse().ok()?
    };
    #[allow(clippy::cast_precision_loss)]
    let days_ms = days as f64 * 86_400e3;
    Some(if days < 0 {
        days_ms - hours
    } else {
        days_ms + hours
    })
}

/// `thresholdConfig`'s JSON: a string, or an object whose fields match in any case.
fn threshold_config(item: &Value, path: &str) -> Result<(String, bool, Option<f64>), Problem> {
    let fields = match item {
        Value::String(s) => return Ok((s.clone(), false, None)),
        Value::Null => return Ok((String::new(), false, None)),
        Value::Object(fields) => fields,
        other => {
            return Err(p(
                ErrorCode::InvalidType,
                path,
                format!(
                    "expected an expression text or a {{threshold, abortOnFail, delayAbortEval}} \
                     object, found {}",
                    json_kind(other)
                ),
            ))
        }
    };
    let (mut source, mut abort, mut delay) = (String::new(), false, None);
    for (name, value) in fields {
        let at = format!("{path}.{name}");
        match name.to_lowercase().as_str() {
            "threshold" => match value {
                Value::String(s) => source.clone_from(s),
                Value::Null => {}
                other => {
                    return Err(p(
                        ErrorCode::InvalidType,
                        at,
                        format!("expected the expression text, found {}", json_kind(other)),
                    ))
                }
            },
            "abortonfail" => match value {
                Value::Bool(b) => abort = *b,
                Value::Null => {}
                other => {
                    return Err(p(
                        ErrorCode::InvalidType,
                        at,
                        format!("expected true or false, found {}", json_kind(other)),
                    ))
                }
            },
            "delayaborteval" => {
                delay = match value {
                    Value::Null => None,
                    Value::Number(n) => n.as_f64(),
                    Value::String(s) => Some(extended_duration_ms(s).ok_or_else(|| {
                        p(
                            ErrorCode::InvalidType,
                            &at,
                            format!("'{s}' is not a duration; expected e.g. \"10s\", \"1m30s\" or milliseconds"),
                        )
                    })?),
                    other => {
                        return Err(p(
                            ErrorCode::InvalidType,
                            at,
                            format!("'{other}' is not a valid duration value"),
                        ))
                    }
                };
            }
            _ => {}
        }
    }
    Ok((source, abort, delay))
}

/// `parseThresholdExpression`.
fn parse_expression(
    source: &str,
    abort: bool,
    delay: Option<f64>,
    path: &str,
) -> Result<K6Threshold, Problem> {
    let invalid = |reason: String| {
        p(
            ErrorCode::InvalidThreshold,
            path,
            format!("invalid threshold {source:?}: {reason}"),
        )
    };
    let Some((left, operator, right)) = OPERATORS.iter().find_map(|(token, op)| {
        let (left, right) = source.split_once(token)?;
        (!right.is_empty()).then_some((left.trim(), *op, right.trim()))
    }) else {
        return Err(invalid(
            "no operator; expected an aggregation, one of <, <=, >, >=, ==, ===, != and a number, e.g. p(95)<500".into(),
        ));
    };
    let aggregation = match left {
        "value" => Aggregation::Value,
        "count" => Aggregation::Count,
        "rate" => Aggregation::Rate,
        "avg" => Aggregation::Avg,
        "min" => Aggregation::Min,
        "med" => Aggregation::Med,
        "max" => Aggregation::Max,
        "p" => Aggregation::Percentile(0.0),
        _ if left.starts_with("p(") && left.ends_with(')') && left.len() >= 3 => {
            let inner = &left[2..left.len() - 1];
            let value = go_parse_float(inner).map_err(|e| {
                invalid(format!(
                    "the percentile '{inner}' is not a number ({})",
                    e.as_str()
                ))
            })?;
            if value.is_nan() || !(0.0..=100.0).contains(&value) {
                return Err(invalid(format!("the percentile {inner} is outside 0..100")));
            }
            Aggregation::Percentile(value)
        }
        _ => {
            return Err(invalid(format!(
            "unknown aggregation '{left}'; expected value, count, rate, avg, min, med, max or p(N)"
        )))
        }
    };
    let value = go_parse_float(right).map_err(|e| {
        invalid(format!(
            "the number '{right}' does not parse ({})",
            e.as_str()
        ))
    })?;
    Ok(K6Threshold {
        source: source.to_owned(),
        aggregation,
        operator,
        value,
        abort_on_fail: abort,
        delay_abort_eval_ms: delay,
    })
}

/// `ParseMetricName` and the sub-metric name k6 gives: `(name, base)`.
fn metric_name(key: &str, path: &str) -> Result<(String, String), Problem> {
    let bad = |why: String| {
        p(
            ErrorCode::InvalidMetricName,
            path,
            format!("invalid metric key {key:?}: {why}; expected name or name{{tag:value,...}}"),
        )
    };
    let open = key.find('{');
    let close = key.rfind('}');
    let (open, close) = match (open, close) {
        (None, None) => return Ok((key.to_owned(), key.to_owned())),
        (Some(o), Some(c)) => (o, c),
        _ => return Err(bad("unmatched curly brace".into())),
    };
    if close < open {
        return Err(bad(
            "the closing curly brace comes before the opening one".into()
        ));
    }
    if close != key.len() - 1 {
        return Err(bad("the closing curly brace is not last".into()));
    }
    let inner = &key[open + 1..close];
    for tag in inner.split(',') {
        let value = tag.split_once(':').map_or("", |(_, v)| v);
        if value.is_empty() {
            return Err(bad(format!("the tag {tag:?} has no value")));
        }
    }
    let first_key = inner.trim().split(',').next().unwrap_or("");
    let first_key = first_key.split_once(':').map_or(first_key, |(k, _)| k);
    if first_key.trim().trim_matches(['"', '\'']).is_empty() {
        return Err(bad(
            "the first tag has an empty name (k6 crashes on it)".into()
        ));
    }
    let base = key[..open].to_owned();
    Ok((format!("{base}{{{}}}", inner.trim()), base))
}

impl K6Thresholds {
    /// Reads thresholds from JSON text: the `options` object (its `thresholds`) or the
    /// `thresholds` object itself.
    pub fn parse(text: &str) -> Result<K6Thresholds, SloError> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            SloError::new(
                crate::json::json_problem(&e, "k6 thresholds")
                    .problems()
                    .to_vec(),
            )
        })?;
        K6Thresholds::from_json_value(&value).map_err(|e| super::locate::located(text, &e))
    }

    /// Reads thresholds from a JSON value (see [`K6Thresholds::parse`]).
    pub fn from_json_value(value: &Value) -> Result<K6Thresholds, SloError> {
        let map = match value {
            Value::Object(o) => match o.get("thresholds") {
                Some(Value::Object(t)) => t,
                Some(other) => {
                    return Err(p(
                        ErrorCode::InvalidType,
                        "thresholds",
                        format!(
                            "expected an object of metric keys, found {}",
                            json_kind(other)
                        ),
                    )
                    .into())
                }
                None => o,
            },
            other => {
                return Err(p(
                    ErrorCode::InvalidType,
                    "",
                    format!(
                        "expected k6 options or a thresholds object, found {}",
                        json_kind(other)
                    ),
                )
                .into())
            }
        };
        // k6 refuses in stages: the JSON shape of every key first, then the expressions,
        // then the metric keys.
        let mut shapes = Vec::new();
        let mut problems = Vec::new();
        for (key, list) in map {
            let path = key_path(key);
            let items: &[Value] = match list {
                Value::Array(items) => items,
                Value::Null => &[],
                other => {
                    problems.push(p(
                        ErrorCode::InvalidType,
                        path,
                        format!("expected a list of thresholds, found {}", json_kind(other)),
                    ));
                    continue;
                }
            };
            let mut configs = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match threshold_config(item, &format!("{path}[{i}]")) {
                    Ok(c) => configs.push(c),
                    Err(e) => problems.push(e),
                }
            }
            shapes.push((key, configs));
        }
        if !problems.is_empty() {
            return Err(SloError::new(problems));
        }
        let mut metrics = Vec::new();
        for (key, configs) in &shapes {
            let path = key_path(key);
            let mut thresholds = Vec::new();
            for (i, (source, abort, delay)) in configs.iter().enumerate() {
                match parse_expression(source, *abort, *delay, &format!("{path}[{i}]")) {
                    Ok(t) => thresholds.push(t),
                    Err(e) => problems.push(e),
                }
            }
            metrics.push((key, thresholds));
        }
        if !problems.is_empty() {
            return Err(SloError::new(problems));
        }
        let mut out = Vec::new();
        for (key, thresholds) in metrics {
            match metric_name(key, &key_path(key)) {
                Ok((name, base)) => out.push(MetricThresholds {
                    key: (*key).clone(),
                    name,
                    base,
                    thresholds,
                }),
                Err(e) => problems.push(e),
            }
        }
        if !problems.is_empty() {
            return Err(SloError::new(problems));
        }
        Ok(K6Thresholds { metrics: out })
    }

    /// Scores the thresholds with a k6 summary.
    #[allow(clippy::too_many_lines)]
    pub fn evaluate(&self, summary: &K6Summary) -> Result<Outcome, EvaluationError> {
        let mut problems = Vec::new();
        for m in &self.metrics {
            let path = key_path(&m.key);
            let Some(kind) = summary.type_of(&m.base).or_else(|| builtin(&m.base)) else {
                problems.push(p(
                    ErrorCode::UnknownMetric,
                    path,
                    format!(
                        "no metric '{}': it is neither a k6 builtin metric nor in the summary",
                        m.base
                    ),
                ));
                continue;
            };
            for (i, t) in m.thresholds.iter().enumerate() {
                if !kind.methods().contains(&t.aggregation.method()) {
                    problems.push(p(
                        ErrorCode::UnsupportedAggregation,
                        format!("{path}[{i}]"),
                        format!(
                            "threshold {:?} uses {} on '{}', a {}; a {} supports {}",
                            t.source,
                            t.aggregation.method(),
                            m.name,
                            kind.name(),
                            kind.name(),
                            kind.methods().join(", ")
                        ),
                    ));
                }
            }
        }
        if !problems.is_empty() {
            return Err(EvaluationError::new(problems));
        }
        let mut native_thresholds = Map::new();
        let mut breached = Vec::new();
        let mut abort = false;
        let mut indicators = Vec::new();
        let mut notes = Vec::new();
        for m in &self.metrics {
            let path = key_path(&m.key);
            let Some(metric) = summary.metrics.get(&m.name) else {
                if m.thresholds.is_empty() {
                    continue;
                }
                problems.push(p(
                    ErrorCode::MissingMetric,
                    path,
                    format!("the k6 summary has no metric '{}'", m.name),
                ));
                continue;
            };
            let kind = summary
                .type_of(&m.base)
                .or_else(|| builtin(&m.base))
                .unwrap_or(MetricType::Trend);
            let sinks = match sink_values(
                metric,
                kind,
                summary.duration_ms,
                &m.thresholds,
                &m.name,
                &path,
            ) {
                Ok(s) => s,
                Err(e) => {
                    problems.push(e);
                    continue;
                }
            };
            let sampled = sampled(metric, kind);
            let mut results = Map::new();
            let mut failed = false;
            for t in &m.thresholds {
                let key = t.aggregation.key();
                let lhs = sinks.get(&key).copied().flatten();
                let ok = lhs.is_none_or(|v| t.operator.holds(v, t.value));
                failed |= !ok;
                if !ok && sampled && t.abort_on_fail {
                    let duration = summary.duration_ms.unwrap_or(0.0);
                    abort |= t.delay_abort_eval_ms.is_none_or(|d| d < duration);
                }
                if let Some(reported) = metric.thresholds.get(&t.source) {
                    if *reported != ok {
                        notes.push(format!(
                            "k6 reported {:?} on {} as {}, but the summary's values make it {}",
                            t.source,
                            m.name,
                            if *reported { "ok" } else { "failed" },
                            if ok { "ok" } else { "failed" }
                        ));
                    }
                }
                results.insert(t.source.clone(), json!({"ok": ok}));
                indicators.push(indicator(m, t, lhs, ok));
            }
            if failed {
                breached.push(m.name.clone());
            }
            if !results.is_empty() {
                native_thresholds.insert(m.name.clone(), Value::Object(results));
            }
        }
        if !problems.is_empty() {
            return Err(EvaluationError::new(problems));
        }
        breached.sort();
        breached.dedup();
        let ok = breached.is_empty();
        let passed = indicators
            .iter()
            .filter(|i| i.status == IndicatorStatus::Pass)
            .count();
        #[allow(clippy::cast_precision_loss)]
        let score = if indicators.is_empty() {
            100.0
        } else {
            passed as f64 / indicators.len() as f64 * 100.0
        };
        let message = if ok {
            "no threshold is crossed".to_owned()
        } else {
            format!(
                "thresholds on metrics '{}' have been crossed",
                breached.join("', '")
            )
        };
        let native = json!({
            "ok": ok,
            "breached": breached,
            "abort": abort,
            "thresholds": native_thresholds,
        });
        let verdict = if ok { Verdict::Pass } else { Verdict::Fail };
        Ok(Outcome {
            evaluation: evaluation_of(verdict, score, indicators, message),
            native,
            notes,
        })
    }
}

fn indicator(m: &MetricThresholds, t: &K6Threshold, lhs: Option<f64>, ok: bool) -> IndicatorResult {
    let criteria = match t.operator.keptn() {
        Some(op) => format!("{op}{}", t.value),
        None => format!("!={}", t.value),
    };
    IndicatorResult {
        score: if ok { 1.0 } else { 0.0 },
        value: Some(MeasuredValue {
            source: None,
            metric: format!("{} {}", m.name, t.aggregation.key()),
            value: lhs.filter(|v| v.is_finite()).unwrap_or(0.0),
            compared_value: 0.0,
            success: lhs.is_some(),
            message: if lhs.is_none() {
                "k6 has no value for it (no samples), which passes the threshold".into()
            } else {
                String::new()
            },
        }),
        display_name: format!("{} {}", m.name, t.aggregation.key()),
        pass_targets: vec![Target {
            criteria,
            target_value: t.value,
            violated: !ok,
        }],
        warning_targets: Vec::new(),
        key_sli: t.abort_on_fail,
        status: if ok {
            IndicatorStatus::Pass
        } else {
            IndicatorStatus::Fail
        },
        baseline: None,
        unmeasured_sli: None,
        model: None,
        zero_baseline: None,
        unit: None,
        better: None,
    }
}

/// Whether the metric had samples, as far as a summary tells.
fn sampled(metric: &SummaryMetric, kind: MetricType) -> bool {
    let v = |k: &str| metric.values.get(k).copied().flatten().unwrap_or(0.0);
    match kind {
        MetricType::Rate => v("passes") + v("fails") > 0.0 || v("rate") != 0.0,
        MetricType::Counter => v("count") != 0.0,
        MetricType::Gauge => ["value", "min", "max"].iter().any(|k| v(k) != 0.0),
        MetricType::Trend => metric.values.values().any(|x| x.is_some_and(|x| x != 0.0)),
    }
}

/// The values k6's threshold engine computes for the metric, from the summary.
fn sink_values(
    metric: &SummaryMetric,
    kind: MetricType,
    duration_ms: Option<f64>,
    thresholds: &[K6Threshold],
    name: &str,
    path: &str,
) -> Result<BTreeMap<String, Option<f64>>, Problem> {
    let get = |k: &str| metric.values.get(k).copied();
    let mut sinks = BTreeMap::new();
    match kind {
        MetricType::Counter => {
            if let Some(count) = get("count") {
                sinks.insert("count".into(), count);
                match duration_ms {
                    Some(d) if d > 0.0 => {
                        sinks.insert("rate".into(), count.map(|c| c / (d / 1000.0)));
                    }
                    Some(_) => {}
                    None => {
                        if let Some(rate) = get("rate") {
                            sinks.insert("rate".into(), rate);
                        }
                    }
                }
            }
        }
        MetricType::Gauge => {
            if let Some(v) = get("value") {
                sinks.insert("value".into(), v);
            }
        }
        MetricType::Rate => {
            let total =
                get("passes").flatten().unwrap_or(0.0) + get("fails").flatten().unwrap_or(0.0);
            let counted = get("passes").is_some() || get("fails").is_some();
            if let Some(rate) = get("rate") {
                if !counted || total > 0.0 {
                    sinks.insert("rate".into(), rate);
                }
            }
        }
        MetricType::Trend => {
            for k in ["min", "max", "avg", "med"] {
                if let Some(v) = get(k) {
                    sinks.insert(k.into(), v);
                }
            }
            for t in thresholds {
                if let Aggregation::Percentile(pct) = t.aggregation {
                    let key = t.aggregation.key();
                    let value = get(&key).or_else(|| {
                        if pct == 0.0 {
                            get("min")
                        } else if pct == 100.0 {
                            get("max")
                        } else if pct == 50.0 {
                            get("med")
                        } else {
                            None
                        }
                    });
                    if let Some(v) = value {
                        sinks.insert(key, v);
                    }
                }
            }
        }
    }
    for (i, t) in thresholds.iter().enumerate() {
        let key = t.aggregation.key();
        let absent_is_k6 = matches!(kind, MetricType::Rate)
            || (kind == MetricType::Counter && key == "rate" && duration_ms.is_some());
        if !sinks.contains_key(&key) && !absent_is_k6 {
            let hint = if kind == MetricType::Trend {
                let mut stats: Vec<String> = ["avg", "min", "med", "max", "p(90)", "p(95)"]
                    .iter()
                    .map(|s| (*s).to_owned())
                    .collect();
                if !stats.contains(&key) {
                    stats.push(key.clone());
                }
                format!(
                    "; add it to summaryTrendStats, e.g. --summary-trend-stats=\"{}\"",
                    stats.join(",")
                )
            } else {
                String::new()
            };
            return Err(p(
                ErrorCode::MissingAggregation,
                format!("{path}[{i}]"),
                format!(
                    "the k6 summary has no {key} for '{name}', which threshold {:?} needs{hint}",
                    t.source
                ),
            ));
        }
    }
    Ok(sinks)
}

/// One metric of a k6 summary.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SummaryMetric {
    kind: Option<MetricType>,
    /// Statistic name (`avg`, `p(95)`, `rate`, ...) to value (`None` where k6 wrote null).
    values: BTreeMap<String, Option<f64>>,
    /// Expression to k6's own verdict (`true` = ok).
    thresholds: BTreeMap<String, bool>,
}

/// A k6 end-of-test summary: `handleSummary` data or a `--summary-export` file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct K6Summary {
    metrics: BTreeMap<String, SummaryMetric>,
    duration_ms: Option<f64>,
}

impl K6Summary {
    /// Reads a summary from a JSON value.
    pub fn from_json_value(value: &Value) -> Result<K6Summary, InputError> {
        let bad = |path: &str, message: String| -> InputError {
            p(ErrorCode::InvalidInput, path, message).into()
        };
        let Some(Value::Object(metrics)) = value.get("metrics") else {
            return Err(bad(
                "metrics",
                "a k6 summary needs a 'metrics' object".into(),
            ));
        };
        let duration_ms = value
            .pointer("/state/testRunDurationMs")
            .and_then(Value::as_f64);
        let mut out = BTreeMap::new();
        for (name, m) in metrics {
            let Value::Object(fields) = m else {
                return Err(bad(
                    &format!("metrics.{name}"),
                    format!("expected an object, found {}", json_kind(m)),
                ));
            };
            let handle_summary = fields.get("values").is_some_and(Value::is_object);
            let stats = if handle_summary {
                fields["values"].as_object().cloned().unwrap_or_default()
            } else {
                fields.clone()
            };
            let mut values = BTreeMap::new();
            for (k, v) in &stats {
                match v {
                    Value::Number(n) => {
                        values.insert(k.clone(), n.as_f64());
                    }
                    Value::Null => {
                        values.insert(k.clone(), Some(f64::NAN));
                    }
                    _ => {}
                }
            }
            let kind = fields
                .get("type")
                .and_then(Value::as_str)
                .and_then(MetricType::parse)
                .or_else(|| {
                    if values.contains_key("count") {
                        Some(MetricType::Counter)
                    } else if values.contains_key("passes") || values.contains_key("fails") {
                        Some(MetricType::Rate)
                    } else if values.contains_key("avg") || values.contains_key("med") {
                        Some(MetricType::Trend)
                    } else if values.contains_key("value") {
                        Some(MetricType::Gauge)
                    } else {
                        None
                    }
                });
            if !handle_summary && kind == Some(MetricType::Rate) {
                // --summary-export writes a rate's fraction as `value`.
                if let Some(v) = values.remove("value") {
                    values.insert("rate".into(), v);
                }
            }
            let mut thresholds = BTreeMap::new();
            if let Some(Value::Object(t)) = fields.get("thresholds") {
                for (expr, verdict) in t {
                    match verdict {
                        Value::Object(o) => {
                            if let Some(ok) = o.get("ok").and_then(Value::as_bool) {
                                thresholds.insert(expr.clone(), ok);
                            }
                        }
                        // --summary-export writes whether the threshold failed.
                        Value::Bool(failed) => {
                            thresholds.insert(expr.clone(), !failed);
                        }
                        _ => {}
                    }
                }
            }
            out.insert(
                name.clone(),
                SummaryMetric {
                    kind,
                    values,
                    thresholds,
                },
            );
        }
        Ok(K6Summary {
            metrics: out,
            duration_ms,
        })
    }

    fn type_of(&self, base: &str) -> Option<MetricType> {
        self.metrics.get(base).and_then(|m| m.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_follow_k6() {
        assert_eq!(extended_duration_ms("1s"), Some(1000.0));
        assert_eq!(extended_duration_ms("1m30s"), Some(90_000.0));
        assert_eq!(extended_duration_ms("1500"), Some(1500.0));
        assert_eq!(extended_duration_ms("1d2h"), Some(93_600_000.0));
        assert_eq!(extended_duration_ms("10 s"), None);
    }

    #[test]
    fn sub_metric_names_trim_spaces_inside_braces() {
        assert_eq!(
            metric_name("http_req_duration{ status: 200 }", "")
                .unwrap()
                .0,
            "http_req_duration{status: 200}"
        );
        assert!(metric_name("a{status}", "").is_err());
        assert!(metric_name("a{:x}", "").is_err());
    }
}
