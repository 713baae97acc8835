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
//!
//! Times are milliseconds, as Artillery writes them.
//!
//! # Gaps
//!
//! - Artillery writes a counter only once it was counted: with no failed virtual user there is
//!   no `vusers.failed`, with no error no `errors.*`, and a status code never answered has no
//!   `http.codes.<code>`. `vusers.failed` and `errors.total` are therefore read as 0 when
//!   absent; any other absent counter stays absent.
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
    out.finish()
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
