//! k6 end-of-test summaries.
//!
//! Reads both forms k6 writes:
//!
//! - the data object `handleSummary(data)` receives (and `JSON.stringify(data)` writes):
//!   `metrics[name] = {"type": ..., "contains": ..., "values": {...}, "thresholds": {...}}`;
//! - the file written by `k6 run --summary-export=summary.json`:
//!   `metrics[name] = {"avg": ..., "p(95)": ..., "thresholds": {...}}`.
//!
//! # Metric names
//!
//! Every statistic of every metric becomes the SLI `<metric>.<stat>`, where a percentile
//! `p(N)` is written `pN`:
//!
//! | k6 metric type | SLIs | example |
//! | --- | --- | --- |
//! | trend | `.avg` `.min` `.med` `.max` and each configured `.pN` | `http_req_duration.p95`, `http_req_duration.p99.9` |
//! | counter | `.count` `.rate` (per second) | `http_reqs.count`, `http_reqs.rate` |
//! | rate | `.rate` (fraction of non-zero samples), `.passes`, `.fails` | `http_req_failed.rate`, `checks.rate` |
//! | gauge | `.value` `.min` `.max` | `vus.max` |
//!
//! The [shared names](super#shared-names) are k6's own for response times
//! (`http_req_duration.<stat>`); `requests` is `http_reqs.count`, `throughput`
//! `http_reqs.rate` and `error_rate` `http_req_failed.rate`.
//!
//! Sub-metrics keep their tags: `http_req_duration{expected_response:true}.p95`. The
//! `--summary-export` file writes a rate's fraction as `value`; it is named `.rate` too, so
//! both forms give the same names. Times are milliseconds, as k6 writes them.
//!
//! # Gaps
//!
//! - k6 summarises a trend only with the statistics in `summaryTrendStats` (by default `avg`,
//!   `min`, `med`, `max`, `p(90)`, `p(95)`): a `p99` objective needs
//!   `--summary-trend-stats="avg,min,med,max,p(90),p(95),p(99)"`.
//! - A metric that received no sample is absent (`http_req_failed` without HTTP requests,
//!   `checks` without checks).
//! - Thresholds and their verdicts are not read: the SLO is the gate.
//! - k6 has no per-endpoint statistics unless a threshold on a tagged sub-metric asks for
//!   them (`http_req_duration{name:/cart}`): those keep k6's names, not `GET /cart.p95`.
//!
//! A statistic written as `null` (k6 writes a NaN so) becomes a value that could not be
//! obtained, which fails its objective. Use [`crate::reports::require_metrics`] to refuse a
//! summary that lacks a metric an SLO scores.
//!
//! ```
//! let report = slogate::reports::k6::from_json(r#"{"metrics": {
//!     "http_req_duration": {"type": "trend", "contains": "time",
//!         "values": {"avg": 12.5, "p(95)": 31.2}},
//!     "http_req_failed": {"type": "rate", "contains": "default",
//!         "values": {"rate": 0, "passes": 0, "fails": 120}}}}"#).unwrap();
//! let names: Vec<&str> = report.indicator_values.iter().map(|v| v.metric.as_str()).collect();
//! assert_eq!(names, ["http_req_duration.avg", "http_req_duration.p95",
//!     "http_req_failed.fails", "http_req_failed.passes", "http_req_failed.rate", "error_rate"]);
//! ```

use serde_json::Value;

use super::common::{self, Collector};
use crate::error::InputError;
use crate::input::SliReport;

const WHAT: &str = "k6 summary";

/// Reads a k6 summary (either form) from JSON text.
pub fn from_json(text: &str) -> Result<SliReport, InputError> {
    from_json_value(&common::parse(text, WHAT)?)
}

/// Reads a k6 summary (either form) from a parsed JSON value.
pub fn from_json_value(value: &Value) -> Result<SliReport, InputError> {
    let top = common::top_object(
        value,
        "a k6 summary (handleSummary data or a --summary-export file) with a 'metrics' object",
    )?;
    let metrics = common::object_at(top, "metrics", "metrics", "an object of k6 metrics")?;
    let mut out = Collector::new(WHAT);
    for (name, entry) in metrics {
        let path = format!("metrics.{name}");
        let Value::Object(entry) = entry else {
            out.problem(
                &path,
                format!(
                    "the k6 metric '{path}' must be an object of statistics, found {}",
                    crate::input::describe_json(entry)
                ),
            );
            continue;
        };
        if entry.contains_key("values") {
            // handleSummary data: the statistics are under `values`, named as k6 names them.
            match common::object_at(entry, "values", &format!("{path}.values"), "an object") {
                Ok(values) => {
                    for (stat, value) in values {
                        out.stat(
                            format!("{name}.{}", stat_name(stat)),
                            &format!("{path}.values.{stat}"),
                            value,
                        );
                    }
                }
                Err(problem) => out.problem(problem.path(), problem.message()),
            }
        } else {
            // --summary-export: the statistics sit beside `thresholds`; a rate's fraction is
            // written `value`.
            let is_rate = entry.contains_key("passes") || entry.contains_key("fails");
            for (stat, value) in entry {
                if stat == "thresholds" {
                    continue;
                }
                let stat_text = if is_rate && stat == "value" {
                    "rate".to_owned()
                } else {
                    stat_name(stat)
                };
                out.stat(
                    format!("{name}.{stat_text}"),
                    &format!("{path}.{stat}"),
                    value,
                );
            }
        }
    }
    let mut report = out.finish()?;
    let number = |name: &str| {
        report
            .indicator_values
            .iter()
            .find(|v| v.metric == name && v.success)
            .map(|v| v.value)
    };
    let mut shared = Vec::new();
    common::Shared {
        prefix: "",
        requests: number("http_reqs.count"),
        error_rate: number("http_req_failed.rate"),
        throughput: number("http_reqs.rate"),
        durations: Vec::new(),
        no_duration: "",
    }
    .push_into(&mut shared);
    report.indicator_values.extend(shared);
    Ok(report)
}

/// `p(95)` → `p95`, `p(99.9)` → `p99.9`; other names unchanged.
fn stat_name(stat: &str) -> String {
    match stat.strip_prefix("p(").and_then(|s| s.strip_suffix(')')) {
        Some(percentile) => format!("p{percentile}"),
        None => stat.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_names_drop_the_parentheses() {
        assert_eq!(stat_name("p(95)"), "p95");
        assert_eq!(stat_name("p(99.9)"), "p99.9");
        assert_eq!(stat_name("med"), "med");
    }

    #[test]
    fn refuses_a_document_without_metrics() {
        let err = from_json(r#"{"root_group": {}}"#).unwrap_err();
        assert_eq!(err.code().as_str(), "invalid_input");
        assert_eq!(err.path(), "metrics");
        let err = from_json("[1]").unwrap_err();
        assert!(err.to_string().contains("found a list"), "{err}");
        let err = from_json("{").unwrap_err();
        assert_eq!(err.code().as_str(), "invalid_json");
    }

    #[test]
    fn reports_every_malformed_statistic() {
        let err = from_json(
            r#"{"metrics": {"a": 3, "b": {"values": {"avg": "fast"}}, "c": {"avg": true}}}"#,
        )
        .unwrap_err();
        let paths: Vec<&str> = err.problems().iter().map(crate::Problem::path).collect();
        assert_eq!(
            paths,
            ["metrics.a", "metrics.b.values.avg", "metrics.c.avg"]
        );
        assert!(err.problems()[1].message().contains("the string \"fast\""));
    }

    #[test]
    fn null_statistic_is_a_value_that_could_not_be_obtained() {
        let report = from_json(r#"{"metrics": {"t": {"values": {"p(95)": null}}}}"#).unwrap();
        assert_eq!(report.indicator_values[0].metric, "t.p95");
        assert!(!report.indicator_values[0].success);
    }
}
