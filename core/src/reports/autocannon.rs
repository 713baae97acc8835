//! autocannon results.
//!
//! Reads the result object autocannon hands to its callback (or resolves its promise with),
//! and the JSON `autocannon --json` prints.
//!
//! # Metric names
//!
//! | SLI | meaning |
//! | --- | --- |
//! | `latency.<stat>` | response latency in milliseconds: `average` (= `mean`), `stddev`, `min`, `max`, the percentiles `p0_001` `p0_01` `p0_1` `p1` `p2_5` `p10` `p25` `p50` `p75` `p90` `p97_5` `p99` `p99_9` `p99_99` `p99_999`, and `totalCount` (responses) |
//! | `requests.<stat>` | requests per second over the samples (same statistics), `total` (responses) and `sent` |
//! | `throughput.<stat>` | bytes per second over the samples (same statistics) and `total` bytes |
//! | `errors` | requests that ended without a response (connection errors and timeouts) |
//! | `timeouts` | requests that timed out (also counted in `errors`) |
//! | `non2xx` | responses with a status outside 200-299 |
//! | `1xx` `2xx` `3xx` `4xx` `5xx` | responses by status class |
//! | `mismatches`, `resets` | body mismatches (`expectBody`) and request-pipeline resets |
//! | `duration` | run time in seconds |
//! | `error_rate` | `(errors + non2xx) / (requests.total + errors)`: the fraction of requests that failed or were answered with a non-2xx status |
//! | `http_req_duration.<stat>` | the `latency` statistics under the [shared names](super#shared-names): `avg`, `min`, `max`, `med` (= `p50`), `p50`, `p90`, `p97.5`, `p99`, `p99.9`, ... |
//! | `requests`, `throughput` | `requests.total`, and `requests.average` (requests per second) |
//!
//! # Gaps
//!
//! - autocannon has no 95th percentile: use `latency.p90`, `latency.p97_5` or `latency.p99`
//!   (`http_req_duration.p90`, `.p97.5`, `.p99`).
//! - One result is one URL: there are no per-endpoint names.
//! - `requests.*` and `throughput.*` statistics are over one-second samples, not requests.
//! - When no request ended at all, `error_rate` is a value that could not be obtained, which
//!   fails its objective.
//!
//! Use [`crate::reports::require_metrics`] to refuse a result that lacks a metric an SLO
//! scores.
//!
//! ```
//! let report = slogate::reports::autocannon::from_json(r#"{
//!     "errors": 1, "timeouts": 1, "non2xx": 3,
//!     "latency": {"average": 4.2, "p99": 12},
//!     "requests": {"average": 98.5, "total": 196}}"#).unwrap();
//! let rate = report.indicator_values.iter().find(|v| v.metric == "error_rate").unwrap();
//! assert_eq!(rate.value, 4.0 / 197.0);
//! ```

use serde_json::Value;

use super::common::{self, Collector};
use crate::error::InputError;
use crate::input::{IndicatorValue, SliReport};

const WHAT: &str = "autocannon result";

/// The top-level counters read as SLIs of the same name.
const COUNTERS: &[&str] = &[
    "errors",
    "timeouts",
    "non2xx",
    "1xx",
    "2xx",
    "3xx",
    "4xx",
    "5xx",
    "mismatches",
    "resets",
    "duration",
];

/// Reads an autocannon result from JSON text.
pub fn from_json(text: &str) -> Result<SliReport, InputError> {
    from_json_value(&common::parse(text, WHAT)?)
}

/// Reads an autocannon result from a parsed JSON value.
pub fn from_json_value(value: &Value) -> Result<SliReport, InputError> {
    let top = common::top_object(
        value,
        "an autocannon result with 'latency' and 'requests' objects",
    )?;
    let mut out = Collector::new(WHAT);
    for section in ["latency", "requests", "throughput"] {
        let stats = match top.get(section) {
            None if section == "throughput" => continue,
            _ => common::object_at(top, section, section, "an object of statistics"),
        };
        match stats {
            Ok(stats) => {
                for (stat, value) in stats {
                    out.stat(
                        format!("{section}.{stat}"),
                        &format!("{section}.{stat}"),
                        value,
                    );
                }
            }
            Err(problem) => out.problem(problem.path(), problem.message()),
        }
    }
    for counter in COUNTERS {
        if let Some(value) = top.get(*counter) {
            out.stat((*counter).to_owned(), counter, value);
        }
    }
    let errors = out.number("errors").unwrap_or(0.0);
    let non2xx = out.number("non2xx").unwrap_or(0.0);
    match out.number("requests.total") {
        Some(total) if total + errors > 0.0 => out.push(IndicatorValue::new(
            "error_rate",
            (errors + non2xx) / (total + errors),
        )),
        Some(_) => out.push(IndicatorValue::failed(
            "error_rate",
            "the autocannon result has no ended request to compute an error rate from",
        )),
        None => {}
    }
    let mut report = out.finish()?;
    let values = &report.indicator_values;
    let number = |name: &str| {
        values
            .iter()
            .find(|v| v.metric == name && v.success)
            .map(|v| v.value)
    };
    let durations = values
        .iter()
        .filter_map(|v| {
            let stat = v.metric.strip_prefix("latency.")?;
            let stat = match stat {
                "average" => "avg".to_owned(),
                "min" | "max" => stat.to_owned(),
                _ => stat.strip_prefix('p')?.replace('_', "."),
            };
            let stat = if stat.starts_with(|c: char| c.is_ascii_digit()) {
                format!("p{stat}")
            } else {
                stat
            };
            Some((stat, v.success.then_some(v.value)))
        })
        .chain(number("latency.p50").map(|p50| ("med".to_owned(), Some(p50))))
        .collect();
    let mut shared = Vec::new();
    common::Shared {
        prefix: "",
        requests: number("requests.total"),
        error_rate: None,
        throughput: number("requests.average"),
        durations,
        no_duration: "autocannon wrote no value",
    }
    .push_into(&mut shared);
    report.indicator_values.extend(shared);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requires_latency_and_requests() {
        let err = from_json(r#"{"latency": 3}"#).unwrap_err();
        let paths: Vec<&str> = err.problems().iter().map(crate::Problem::path).collect();
        assert_eq!(paths, ["latency", "requests"]);
        assert!(err.problems()[0].message().contains("found 3"), "{err}");
        assert!(err.problems()[1].message().contains("is missing"), "{err}");
    }

    #[test]
    fn error_rate_cannot_be_obtained_without_ended_requests() {
        let report =
            from_json(r#"{"errors": 0, "non2xx": 0, "latency": {}, "requests": {"total": 0}}"#)
                .unwrap();
        let rate = report
            .indicator_values
            .iter()
            .find(|v| v.metric == "error_rate")
            .unwrap();
        assert!(!rate.success);
    }

    #[test]
    fn counters_must_be_numbers() {
        let err = from_json(r#"{"errors": "none", "latency": {}, "requests": {}}"#).unwrap_err();
        assert_eq!(err.path(), "errors");
    }
}
