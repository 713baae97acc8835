//! Artillery 2 JSON reports.
//!
//! Reads the file `artillery run --output report.json` writes; only its `aggregate` part
//! (the whole run) is read, not the `intermediate` periods.
//!
//! # Metric names
//!
//! | SLI | from | example |
//! | --- | --- | --- |
//! | `<counter>` | `aggregate.counters` | `http.requests`, `http.codes.200`, `vusers.failed`, `errors.ETIMEDOUT` |
//! | `<rate>` | `aggregate.rates` (per second) | `http.request_rate` |
//! | `<summary>.<stat>` | `aggregate.summaries`: `min` `max` `count` `mean` `median` `p50` `p75` `p90` `p95` `p99` `p999` | `http.response_time.p95`, `vusers.session_length.median` |
//! | `errors.total` | the sum of every `errors.*` counter | |
//! | `error_rate` | `(errors.total + responses with a status of 400 or more) / http.requests` | |
//! | `http_req_duration.<stat>` | `http.response_time` (`med` is its `median`, `avg` its `mean`) | `http_req_duration.p95` |
//! | `requests`, `throughput` | `http.requests`, `http.request_rate` | |
//! | `<url>.<stat>` | the `metrics-by-endpoint` plugin's `response_time.<url>` (on by default) | `/cart.p95` |
//! | `<url>.requests`, `<url>.error_rate` | its `<url>.codes.*` and `<url>.errors.*` counters | `/cart.error_rate` |
//!
//! Times are milliseconds, as Artillery writes them.
//!
//! # Gaps
//!
//! - Artillery writes a counter only once it was counted: with no failed virtual user there is
//!   no `vusers.failed`, with no error no `errors.*`, and a status code never answered has no
//!   `http.codes.<code>`. Those counters (`vusers.*`, `http.requests`, `http.responses`,
//!   `http.downloaded_bytes`, `http.codes.<code>`, `errors.<name>` and the same under
//!   `plugins.metrics-by-endpoint.<url>.`) read as 0 when absent
//!   ([`zero_when_absent`]); any other absent metric stays absent.
//! - Endpoints are named by URL path, without the method: `GET /cart` and `POST /cart` are
//!   one endpoint, `/cart`.
//! - Reports of Artillery 1 (`aggregate.latency`, `aggregate.codes`) are refused.
//!
//! Use [`crate::reports::require_metrics`] to refuse a report that lacks a metric an SLO
//! scores.
//!
//! ```
//! let report = slogate::reports::artillery::from_json(r#"{"aggregate": {
//!     "counters": {"http.requests": 60, "http.codes.200": 60, "vusers.created": 6},
//!     "rates": {"http.request_rate": 12},
//!     "summaries": {"http.response_time": {"min": 1, "max": 9, "p95": 7.9}}}}"#).unwrap();
//! let value = |name: &str| report.indicator_values.iter().find(|v| v.metric == name).unwrap().value;
//! assert_eq!(value("http.response_time.p95"), 7.9);
//! assert_eq!(value("vusers.failed"), 0.0);
//! ```

use serde_json::Value;

use super::common::{self, Collector};
use crate::error::{ErrorCode, InputError, Problem};
use crate::input::{IndicatorValue, SliReport};

const WHAT: &str = "Artillery report";

/// Reads an Artillery 2 JSON report from JSON text.
pub fn from_json(text: &str) -> Result<SliReport, InputError> {
    from_json_value(&common::parse(text, WHAT)?)
}

/// Reads an Artillery 2 JSON report from a parsed JSON value.
pub fn from_json_value(value: &Value) -> Result<SliReport, InputError> {
    let top = common::top_object(value, "an Artillery JSON report with an 'aggregate' object")?;
    let aggregate = common::object_at(top, "aggregate", "aggregate", "an object")?;
    if !aggregate.contains_key("counters") && aggregate.contains_key("latency") {
        return Err(Problem::new(
            ErrorCode::InvalidInput,
            "aggregate",
            "this is an Artillery 1 report ('aggregate.latency'); expected an Artillery 2 report \
             with 'aggregate.counters' and 'aggregate.summaries'",
        )
        .into());
    }
    let mut out = Collector::new(WHAT);
    let mut errors_total = 0.0;
    for section in ["counters", "rates"] {
        if !aggregate.contains_key(section) && section == "rates" {
            continue;
        }
        let path = format!("aggregate.{section}");
        match common::object_at(aggregate, section, &path, "an object of numbers") {
            Ok(entries) => {
                for (name, value) in entries {
                    out.stat(name.clone(), &format!("{path}.{name}"), value);
                    if section == "counters" && name.starts_with("errors.") {
                        errors_total += value.as_f64().unwrap_or(0.0);
                    }
                }
            }
            Err(problem) => out.problem(problem.path(), problem.message()),
        }
    }
    if aggregate.contains_key("summaries") {
        match common::object_at(aggregate, "summaries", "aggregate.summaries", "an object") {
            Ok(summaries) => {
                for (name, summary) in summaries {
                    let path = format!("aggregate.summaries.{name}");
                    match summary {
                        Value::Object(stats) => {
                            for (stat, value) in stats {
                                out.stat(
                                    format!("{name}.{stat}"),
                                    &format!("{path}.{stat}"),
                                    value,
                                );
                            }
                        }
                        other => out.problem(
                            &path,
                            format!(
                                "'{path}' must be an object of statistics, found {}",
                                crate::input::describe_json(other)
                            ),
                        ),
                    }
                }
            }
            Err(problem) => out.problem(problem.path(), problem.message()),
        }
    }
    if !out.has("vusers.failed") {
        out.push(IndicatorValue::new("vusers.failed", 0.0));
    }
    if !out.has("errors.total") {
        out.push(IndicatorValue::new("errors.total", errors_total));
    }
    let mut report = out.finish()?;
    shared_names(&mut report.indicator_values);
    Ok(report)
}

/// The plugin prefix of per-endpoint metrics.
const BY_ENDPOINT: &str = "plugins.metrics-by-endpoint.";

/// Whether Artillery would have written `metric` as a counter had anything been counted, so
/// that its absence means 0.
///
/// ```
/// use slogate::reports::artillery::zero_when_absent;
/// assert!(zero_when_absent("http.codes.503"));
/// assert!(zero_when_absent("errors.ETIMEDOUT"));
/// assert!(zero_when_absent("plugins.metrics-by-endpoint./cart.codes.500"));
/// assert!(!zero_when_absent("http.response_time.p95"));
/// assert!(!zero_when_absent("http.codes.ok"));
/// ```
pub fn zero_when_absent(metric: &str) -> bool {
    let metric = metric
        .strip_prefix(BY_ENDPOINT)
        .and_then(|rest| {
            let at = rest.rfind(".codes.").or_else(|| rest.find(".errors."))?;
            Some(&rest[at + 1..])
        })
        .unwrap_or(metric);
    let code = |rest: &str| rest.len() == 3 && rest.bytes().all(|b| b.is_ascii_digit());
    matches!(
        metric,
        "vusers.created"
            | "vusers.completed"
            | "vusers.failed"
            | "vusers.skipped"
            | "http.requests"
            | "http.responses"
            | "http.downloaded_bytes"
    ) || metric.strip_prefix("http.codes.").is_some_and(code)
        || metric.strip_prefix("codes.").is_some_and(code)
        || metric
            .strip_prefix("errors.")
            .is_some_and(|name| !name.is_empty())
}

/// A summary's statistics under their shared stat names (`mean` is `avg`, `median` `med`).
fn summary_stats(values: &[IndicatorValue], prefix: &str) -> Vec<(String, Option<f64>)> {
    values
        .iter()
        .filter_map(|v| {
            let stat = v.metric.strip_prefix(prefix)?;
            let stat = match stat {
                "mean" => "avg",
                "median" => "med",
                "p999" => "p99.9",
                "count" => return None,
                other if other.contains('.') => return None,
                other => other,
            };
            Some((stat.to_owned(), v.success.then_some(v.value)))
        })
        .collect()
}

/// Adds the shared names (`http_req_duration.*`, `error_rate`, per-endpoint times and rates).
fn shared_names(values: &mut Vec<IndicatorValue>) {
    let number = |values: &[IndicatorValue], name: &str| {
        values
            .iter()
            .find(|v| v.metric == name && v.success)
            .map(|v| v.value)
    };
    // Failed requests: errors, and answers of 400 or more; per endpoint too.
    let mut failed: Vec<(String, f64)> = vec![(String::new(), 0.0)];
    let mut endpoints: Vec<String> = Vec::new();
    for v in values.iter().filter(|v| v.success) {
        if let Some((url, _)) = v
            .metric
            .strip_prefix(BY_ENDPOINT)
            .and_then(|rest| rest.strip_prefix("response_time."))
            .and_then(|rest| rest.rsplit_once('.'))
        {
            if !endpoints.iter().any(|e| e == url) {
                endpoints.push(url.to_owned());
            }
            continue;
        }
        let (scope, counter) = match v.metric.strip_prefix(BY_ENDPOINT) {
            Some(rest) => match rest.rfind(".codes.").or_else(|| rest.find(".errors.")) {
                Some(at) if !rest.starts_with("response_time.") => {
                    (rest[..at].to_owned(), &rest[at + 1..])
                }
                _ => continue,
            },
            None => (
                String::new(),
                v.metric.strip_prefix("http.").unwrap_or(&v.metric),
            ),
        };
        let failing = match counter.strip_prefix("codes.") {
            Some(code) => code.parse::<u16>().is_ok_and(|code| code >= 400),
            None => counter.starts_with("errors.") && counter != "errors.total",
        };
        if !scope.is_empty() && !endpoints.contains(&scope) {
            endpoints.push(scope.clone());
        }
        let slot = match failed.iter().position(|(s, _)| *s == scope) {
            Some(slot) => slot,
            None => {
                failed.push((scope.clone(), 0.0));
                failed.len() - 1
            }
        };
        if failing {
            failed[slot].1 += v.value;
        }
    }
    let mut shared = Vec::new();
    let requests = number(values, "http.requests");
    common::Shared {
        prefix: "",
        requests,
        error_rate: requests.filter(|&r| r > 0.0).map(|r| failed[0].1 / r),
        throughput: number(values, "http.request_rate"),
        durations: summary_stats(values, "http.response_time."),
        no_duration: "Artillery wrote no value",
    }
    .push_into(&mut shared);
    for endpoint in &endpoints {
        let answered: f64 = values
            .iter()
            .filter(|v| {
                v.success
                    && v.metric
                        .strip_prefix(BY_ENDPOINT)
                        .and_then(|rest| rest.strip_prefix(endpoint.as_str()))
                        .is_some_and(|rest| {
                            rest.starts_with(".codes.") || rest.starts_with(".errors.")
                        })
            })
            .map(|v| v.value)
            .sum();
        let failures = failed
            .iter()
            .find(|(scope, _)| scope == endpoint)
            .map_or(0.0, |(_, n)| *n);
        common::Shared {
            prefix: &format!("{endpoint}."),
            requests: Some(answered),
            error_rate: (answered > 0.0).then(|| failures / answered),
            throughput: None,
            durations: summary_stats(values, &format!("{BY_ENDPOINT}response_time.{endpoint}.")),
            no_duration: "Artillery wrote no value",
        }
        .push_into(&mut shared);
    }
    values.extend(shared);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_artillery_1_reports() {
        let err = from_json(r#"{"aggregate": {"latency": {"p95": 3}, "codes": {}}}"#).unwrap_err();
        assert!(err.to_string().contains("Artillery 1"), "{err}");
    }

    #[test]
    fn sums_error_counters() {
        let report = from_json(
            r#"{"aggregate": {"counters": {"errors.ETIMEDOUT": 2, "errors.ECONNREFUSED": 3}}}"#,
        )
        .unwrap();
        let total = report
            .indicator_values
            .iter()
            .find(|v| v.metric == "errors.total")
            .unwrap();
        assert_eq!(total.value, 5.0);
    }

    #[test]
    fn reports_malformed_sections() {
        let err =
            from_json(r#"{"aggregate": {"counters": [], "summaries": {"x": 1}}}"#).unwrap_err();
        let paths: Vec<&str> = err.problems().iter().map(crate::Problem::path).collect();
        assert_eq!(paths, ["aggregate.counters", "aggregate.summaries.x"]);
    }
}
