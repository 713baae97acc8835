//! Gatling statistics: the `js/stats.json` file of Gatling's HTML report.
//!
//! The file holds a tree: the whole run (`All Requests`) with its `stats`, and under
//! `contents` each request (and each group, with its own `contents`). Each statistic has a
//! `total`, an `ok` and a `ko` value; `total` is read.
//!
//! # Metric names
//!
//! | SLI | Gatling's statistic |
//! | --- | --- |
//! | `requests`, `requests.ok`, `requests.ko` | `numberOfRequests` |
//! | `error_rate` | `numberOfRequests.ko / numberOfRequests.total` |
//! | `throughput` | `meanNumberOfRequestsPerSecond` |
//! | `http_req_duration.min` `.max` `.avg` `.stddev` | `minResponseTime` `maxResponseTime` `meanResponseTime` `standardDeviation` |
//! | `http_req_duration.p50` `.p75` `.p95` `.p99` (and `.med` = `p50`) | `percentiles1` ... `percentiles4` |
//! | `<request>.<stat>`, `<request>.requests`, `<request>.error_rate`, `<request>.throughput` | the same per request, named by its path in the report (`cart.p95`, `checkout group/pay.p95`) |
//!
//! # Gaps
//!
//! - `percentiles1` to `percentiles4` are whichever percentiles `gatling.conf` configures
//!   (`charting.indicators.percentile1..4`); the names assume Gatling's defaults, 50, 75, 95
//!   and 99.
//! - Requests are named as in the simulation, without method or URL: `GET /cart.p95` exists only
//!   when the request is named so.
//! - Gatling writes `-` for a statistic without samples (a `ko` time when nothing failed);
//!   a `total` written so is a value that could not be obtained.
//!
//! ```
//! let report = slogate::reports::gatling::from_json(r#"{"type": "GROUP", "name": "All Requests",
//!     "stats": {"numberOfRequests": {"total": 40, "ok": 38, "ko": 2},
//!               "percentiles3": {"total": 120, "ok": 110, "ko": 300},
//!               "meanNumberOfRequestsPerSecond": {"total": 8, "ok": 7.6, "ko": 0.4}},
//!     "contents": {}}"#).unwrap();
//! let value = |m: &str| report.indicator_values.iter().find(|v| v.metric == m).unwrap().value;
//! assert_eq!(value("http_req_duration.p95"), 120.0);
//! assert_eq!(value("error_rate"), 0.05);
//! ```

use serde_json::{Map, Value};

use super::common::{self, Collector, Shared};
use crate::error::InputError;
use crate::input::{describe_json, IndicatorValue, SliReport};

const WHAT: &str = "Gatling statistics";

/// Gatling's response-time statistics and their shared stat names.
const TIMES: [(&str, &str); 8] = [
    ("minResponseTime", "min"),
    ("maxResponseTime", "max"),
    ("meanResponseTime", "avg"),
    ("standardDeviation", "stddev"),
    ("percentiles1", "p50"),
    ("percentiles2", "p75"),
    ("percentiles3", "p95"),
    ("percentiles4", "p99"),
];

/// Reads `js/stats.json` from JSON text.
pub fn from_json(text: &str) -> Result<SliReport, InputError> {
    from_json_value(&common::parse(text, WHAT)?)
}

/// Reads `js/stats.json` from a parsed JSON value.
pub fn from_json_value(value: &Value) -> Result<SliReport, InputError> {
    let top = common::top_object(
        value,
        "the js/stats.json of a Gatling report (an object with 'stats' and 'contents')",
    )?;
    let mut out = Collector::new(WHAT);
    let mut shared = Vec::new();
    node(top, "", "", &mut out, &mut shared, 0);
    let mut report = out.finish()?;
    report.indicator_values.extend(shared);
    Ok(report)
}

/// One node's `stats`, under `prefix`.
fn statistics(
    stats: &Map<String, Value>,
    at: &dyn Fn(&str) -> String,
    prefix: &str,
    out: &mut Collector<'_>,
    shared: &mut Vec<IndicatorValue>,
) {
    let total = |key: &str| -> Option<&Value> { stats.get(key)?.get("total") };
    let number = |key: &str| total(key).and_then(Value::as_f64);
    let mut check = |key: &str| {
        if let Some(value) = total(key) {
            if !value.is_number() && value.as_str() != Some("-") {
                out.problem(
                    at(&format!("stats.{key}.total")),
                    format!(
                        "'{}' must be a number or '-', found {}",
                        at(&format!("stats.{key}.total")),
                        describe_json(value)
                    ),
                );
            }
        }
    };
    for key in ["numberOfRequests", "meanNumberOfRequestsPerSecond"]
        .into_iter()
        .chain(TIMES.iter().map(|(key, _)| *key))
    {
        check(key);
    }
    let requests = number("numberOfRequests");
    if prefix.is_empty() {
        for (kind, name) in [("ok", "requests.ok"), ("ko", "requests.ko")] {
            if let Some(n) = stats
                .get("numberOfRequests")
                .and_then(|s| s.get(kind))
                .and_then(Value::as_f64)
            {
                shared.push(IndicatorValue::new(name, n));
            }
        }
    }
    let ko = stats
        .get("numberOfRequests")
        .and_then(|s| s.get("ko"))
        .and_then(Value::as_f64);
    let mut durations: Vec<(String, Option<f64>)> = TIMES
        .iter()
        .filter(|(key, _)| total(key).is_some())
        .map(|(key, stat)| ((*stat).to_owned(), number(key)))
        .collect();
    if let Some(p50) = total("percentiles1") {
        durations.push(("med".to_owned(), p50.as_f64()));
    }
    Shared {
        prefix,
        requests,
        error_rate: match (requests, ko) {
            (Some(n), Some(ko)) if n > 0.0 => Some(ko / n),
            _ => None,
        },
        throughput: number("meanNumberOfRequestsPerSecond"),
        durations,
        no_duration: "Gatling wrote '-': there was no sample",
    }
    .push_into(shared);
}

/// Groups nest; deeper trees are refused rather than walked.
const MAX_DEPTH: usize = 32;

fn node(
    object: &Map<String, Value>,
    path: &str,
    prefix: &str,
    out: &mut Collector<'_>,
    shared: &mut Vec<IndicatorValue>,
    depth: usize,
) {
    let at = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    if depth > MAX_DEPTH {
        out.problem(
            path,
            format!("'{path}' nests groups deeper than {MAX_DEPTH} levels"),
        );
        return;
    }
    match common::object_at(object, "stats", &at("stats"), "an object of statistics") {
        Ok(stats) => statistics(stats, &at, prefix, out, shared),
        Err(problem) => out.problem(problem.path(), problem.message()),
    }
    let Some(contents) = object.get("contents") else {
        return;
    };
    let Value::Object(contents) = contents else {
        out.problem(
            at("contents"),
            format!(
                "'{}' must be an object, found {}",
                at("contents"),
                describe_json(contents)
            ),
        );
        return;
    };
    for (key, child) in contents {
        let child_path = at(&format!("contents.{key}"));
        let Value::Object(child) = child else {
            out.problem(
                &child_path,
                format!(
                    "'{child_path}' must be an object, found {}",
                    describe_json(child)
                ),
            );
            continue;
        };
        let name = child.get("name").and_then(Value::as_str).unwrap_or(key);
        let child_prefix = if prefix.is_empty() {
            format!("{name}.")
        } else {
            format!("{}/{name}.", prefix.trim_end_matches('.'))
        };
        node(child, &child_path, &child_prefix, out, shared, depth + 1);
    }
}
