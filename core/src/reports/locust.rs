//! Locust statistics turned into SLI values.
//!
//! [`LocustStats`] holds the numbers of a finished Locust run as Locust's `RequestStats`
//! keeps them: one entry for the whole run (`stats.total`, named "Aggregated" by Locust) and
//! one per endpoint (`stats.entries`). [`LocustStats::report`] names them as SLI metrics.
//!
//! # Metric names
//!
//! The whole run gives these metrics; every endpoint gives the same ones prefixed with its
//! name and a dot (`/cart.response_time_p95`). When several methods share a name (a `GET /cart`
//! and a `POST /cart`), each of them is prefixed with method and name instead
//! (`GET /cart.response_time_p95`), so no two entries collide.
//!
//! | metric | Locust attribute | unit |
//! | --- | --- | --- |
//! | `requests` | `num_requests` | count |
//! | `failures` | `num_failures` | count |
//! | `fail_ratio` | `fail_ratio` | 0 to 1 |
//! | `rps` | `total_rps` | requests per second |
//! | `fail_per_sec` | `total_fail_per_sec` | failures per second |
//! | `response_time_avg` | `avg_response_time` | ms |
//! | `response_time_min` | `min_response_time` | ms |
//! | `response_time_max` | `max_response_time` | ms |
//! | `response_time_median` | `median_response_time` | ms |
//! | `response_time_p<N>` | `get_response_time_percentile(N / 100)` | ms |
//!
//! `<N>` is the percentile as a percentage, without trailing zeros: `p50`, `p95`, `p99`,
//! `p99.9`, `p100`. An entry that made no requests has no response times: its
//! `response_time_*` metrics are reported as values that could not be obtained
//! (`success: false`), so an objective on them fails instead of passing on a zero.
//!
//! ```
//! use slogate::reports::locust::{LocustEntry, LocustStats};
//!
//! let cart = LocustEntry {
//!     name: "/cart".into(),
//!     method: "GET".into(),
//!     num_requests: 200,
//!     num_failures: 2,
//!     fail_ratio: 0.01,
//!     total_rps: 20.0,
//!     avg_response_time: 120.5,
//!     percentiles: vec![(0.95, 310.0)],
//!     ..LocustEntry::default()
//! };
//! let stats = LocustStats { total: LocustEntry { name: "Aggregated".into(), ..cart.clone() }, entries: vec![cart] };
//! let report = stats.report();
//! let value = |m: &str| report.indicator_values.iter().find(|v| v.metric == m).map(|v| v.value);
//! assert_eq!(value("response_time_p95"), Some(310.0));
//! assert_eq!(value("/cart.fail_ratio"), Some(0.01));
//! assert_eq!(value("rps"), Some(20.0));
//! ```

use std::collections::HashMap;

use crate::input::{IndicatorValue, SliReport};

/// The statistics of one Locust entry: the whole run or one endpoint.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LocustEntry {
    /// The entry's name (`/cart`; Locust names the total "Aggregated").
    pub name: String,
    /// The request method or type (`GET`); empty for the total.
    pub method: String,
    /// `num_requests`.
    pub num_requests: u64,
    /// `num_failures`.
    pub num_failures: u64,
    /// `fail_ratio`: failures per request, 0 to 1.
    pub fail_ratio: f64,
    /// `total_rps`: requests per second over the run.
    pub total_rps: f64,
    /// `total_fail_per_sec`: failures per second over the run.
    pub total_fail_per_sec: f64,
    /// `avg_response_time`, in ms.
    pub avg_response_time: f64,
    /// `min_response_time`, in ms; `None` when Locust has none.
    pub min_response_time: Option<f64>,
    /// `max_response_time`, in ms.
    pub max_response_time: f64,
    /// `median_response_time`, in ms.
    pub median_response_time: f64,
    /// Response-time percentiles as `(fraction, ms)` pairs, such as `(0.95, 310.0)`, from
    /// `get_response_time_percentile(fraction)`.
    pub percentiles: Vec<(f64, f64)>,
}

/// The statistics of a finished Locust run: its total and its endpoints.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LocustStats {
    /// `stats.total`.
    pub total: LocustEntry,
    /// `stats.entries`, one per endpoint, in the order Locust lists them.
    pub entries: Vec<LocustEntry>,
}

const NO_REQUESTS: &str = "no requests were made, so there is no response time";

/// The metric-name part for a percentile given as a fraction: `0.95` gives `p95`, `0.999`
/// gives `p99.9`.
///
/// ```
/// use slogate::reports::locust::percentile_name;
/// assert_eq!(percentile_name(0.95), "response_time_p95");
/// assert_eq!(percentile_name(0.999), "response_time_p99.9");
/// assert_eq!(percentile_name(1.0), "response_time_p100");
/// ```
pub fn percentile_name(fraction: f64) -> String {
    // Six decimals absorb the binary error of fractions such as 0.999 * 100.
    let percent = format!("{:.6}", fraction * 100.0);
    let percent = percent.trim_end_matches('0').trim_end_matches('.');
    format!("response_time_p{percent}")
}

impl LocustEntry {
    /// This entry's metrics, each name prefixed with `prefix`.
    fn values(&self, prefix: &str, out: &mut Vec<IndicatorValue>) {
        let named = |metric: &str| format!("{prefix}{metric}");
        let counts = [
            ("requests", self.num_requests as f64),
            ("failures", self.num_failures as f64),
            ("fail_ratio", self.fail_ratio),
            ("rps", self.total_rps),
            ("fail_per_sec", self.total_fail_per_sec),
        ];
        out.extend(
            counts
                .iter()
                .map(|(metric, value)| IndicatorValue::new(named(metric), *value)),
        );
        let mut times = vec![
            ("response_time_avg".to_owned(), Some(self.avg_response_time)),
            ("response_time_min".to_owned(), self.min_response_time),
            ("response_time_max".to_owned(), Some(self.max_response_time)),
            (
                "response_time_median".to_owned(),
                Some(self.median_response_time),
            ),
        ];
        times.extend(
            self.percentiles
                .iter()
                .map(|&(fraction, ms)| (percentile_name(fraction), Some(ms))),
        );
        for (metric, value) in times {
            out.push(match value {
                Some(value) if self.num_requests > 0 => IndicatorValue::new(named(&metric), value),
                _ => IndicatorValue::failed(named(&metric), NO_REQUESTS),
            });
        }
    }
}

impl LocustStats {
    /// The run's numbers as SLI values, named as the [module documentation](self) lists:
    /// the total's metrics first, then each endpoint's, in order.
    ///
    /// Check the result against an SLO with [`require_metrics`](super::require_metrics)
    /// before scoring, so a misspelt metric is refused rather than failed.
    pub fn report(&self) -> SliReport {
        let mut values = Vec::with_capacity((self.entries.len() + 1) * 16);
        self.total.values("", &mut values);
        let mut uses: HashMap<&str, usize> = HashMap::with_capacity(self.entries.len());
        for entry in &self.entries {
            *uses.entry(entry.name.as_str()).or_default() += 1;
        }
        for entry in &self.entries {
            let shared = uses.get(entry.name.as_str()).copied().unwrap_or(0) > 1;
            let prefix = if shared {
                format!("{} {}.", entry.method, entry.name)
            } else {
                format!("{}.", entry.name)
            };
            entry.values(&prefix, &mut values);
        }
        let mut report = SliReport::new(values);
        report.message = format!(
            "Locust run: {} requests, {} failures",
            self.total.num_requests, self.total.num_failures
        );
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::require_metrics;
    use crate::{Slo, Verdict};

    fn entry(name: &str, method: &str, requests: u64) -> LocustEntry {
        LocustEntry {
            name: name.into(),
            method: method.into(),
            num_requests: requests,
            num_failures: requests / 10,
            fail_ratio: 0.1,
            total_rps: 5.0,
            total_fail_per_sec: 0.5,
            avg_response_time: 100.0,
            min_response_time: Some(10.0),
            max_response_time: 900.0,
            median_response_time: 90.0,
            percentiles: vec![(0.5, 90.0), (0.95, 400.0), (0.999, 850.0)],
        }
    }

    fn value<'r>(report: &'r SliReport, metric: &str) -> Option<&'r IndicatorValue> {
        report.indicator_values.iter().find(|v| v.metric == metric)
    }

    #[test]
    fn total_and_endpoints_are_named() {
        let stats = LocustStats {
            total: entry("Aggregated", "", 30),
            entries: vec![entry("/a", "GET", 20), entry("/b", "POST", 10)],
        };
        let report = stats.report();
        assert_eq!(value(&report, "requests").unwrap().value, 30.0);
        assert_eq!(value(&report, "failures").unwrap().value, 3.0);
        assert_eq!(value(&report, "response_time_p95").unwrap().value, 400.0);
        assert_eq!(value(&report, "response_time_p99.9").unwrap().value, 850.0);
        assert_eq!(value(&report, "response_time_min").unwrap().value, 10.0);
        assert_eq!(value(&report, "/a.requests").unwrap().value, 20.0);
        assert_eq!(value(&report, "/b.fail_per_sec").unwrap().value, 0.5);
        assert!(value(&report, "Aggregated.requests").is_none());
        // 5 counts + 4 times + 3 percentiles per entry, three entries.
        assert_eq!(report.indicator_values.len(), 36);
    }

    #[test]
    fn shared_names_are_told_apart_by_method() {
        let stats = LocustStats {
            total: entry("Aggregated", "", 30),
            entries: vec![
                entry("/cart", "GET", 20),
                entry("/cart", "POST", 10),
                entry("/x", "GET", 1),
            ],
        };
        let report = stats.report();
        assert_eq!(value(&report, "GET /cart.requests").unwrap().value, 20.0);
        assert_eq!(value(&report, "POST /cart.requests").unwrap().value, 10.0);
        assert!(value(&report, "/cart.requests").is_none());
        assert!(value(&report, "/x.requests").is_some());
    }

    #[test]
    fn no_requests_means_no_response_times() {
        let mut idle = entry("/idle", "GET", 0);
        idle.min_response_time = None;
        let stats = LocustStats {
            total: entry("Aggregated", "", 0),
            entries: vec![idle],
        };
        let report = stats.report();
        let p95 = value(&report, "/idle.response_time_p95").unwrap();
        assert!(!p95.success);
        assert!(p95.message.contains("no requests"));
        assert!(value(&report, "/idle.requests").unwrap().success);
        assert!(!value(&report, "response_time_avg").unwrap().success);
    }

    #[test]
    fn missing_min_is_a_failed_value() {
        let mut e = entry("/a", "GET", 5);
        e.min_response_time = None;
        let stats = LocustStats {
            total: e,
            entries: vec![],
        };
        assert!(!value(&stats.report(), "response_time_min").unwrap().success);
    }

    #[test]
    fn percentile_names_are_short() {
        assert_eq!(percentile_name(0.5), "response_time_p50");
        assert_eq!(percentile_name(0.66), "response_time_p66");
        assert_eq!(percentile_name(0.9999), "response_time_p99.99");
        assert_eq!(percentile_name(0.0), "response_time_p0");
    }

    #[test]
    fn report_scores_against_an_slo() {
        let stats = LocustStats {
            total: entry("Aggregated", "", 30),
            entries: vec![entry("/a", "GET", 20)],
        };
        let slo = Slo::parse(
            "objectives:\n  - sli: response_time_p95\n    pass: [{criteria: ['<500']}]\n  - sli: /a.fail_ratio\n    pass: [{criteria: ['<0.05']}]\ntotal_score: {pass: 90%, warning: 50%}\n",
        )
        .unwrap();
        let report = stats.report();
        require_metrics(&slo, &report, "Locust statistics").unwrap();
        let evaluation = slo.evaluate(&report, &[]).unwrap();
        assert_eq!(evaluation.result(), Verdict::Warning);

        let typo = Slo::parse(
            "objectives:\n  - sli: response_time_95\n    pass: [{criteria: ['<500']}]\ntotal_score: {pass: 90%}\n",
        )
        .unwrap();
        let err = require_metrics(&typo, &report, "Locust statistics").unwrap_err();
        assert_eq!(err.code().as_str(), "missing_metric");
    }
}
