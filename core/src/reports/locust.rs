//! Locust statistics turned into SLI values.
//!
//! Reads the files Locust writes ([`read`] tells them apart):
//!
//! - `--csv PREFIX`: the `PREFIX_stats.csv` file ([`from_csv`]), one row per endpoint and an
//!   `Aggregated` row, with the percentiles Locust's `--csv` writes (`50%` ... `100%`);
//! - `--json` (printed) or `--json-file NAME` (`NAME.json`): the serialized entries
//!   ([`from_json`]), from whose response-time histograms the total and every percentile of
//!   Locust's table are computed as Locust computes them.
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
//! Every reader also gives the [shared names](super#shared-names): `http_req_duration.<stat>`
//! (`avg` `min` `max` `med` and each `pN`), `error_rate` (= `fail_ratio`), `throughput`
//! (= `rps`), and per endpoint `<METHOD> <name>.<stat>`, `.requests`, `.error_rate`,
//! `.throughput` (`GET /cart.p95`).
//!
//! # Gaps
//!
//! - The JSON output has no `Aggregated` entry and not the run's start time: the total is
//!   merged from the endpoints as Locust merges them, and `rps` (and `fail_per_sec`) divide by
//!   the time from the first request to the last one, while Locust counts from the start of
//!   the run: on a short run with a slow ramp-up they read higher than Locust prints. Use
//!   the CSV where the rate matters.
//! - The CSV holds whole milliseconds for percentiles, as Locust prints them; an endpoint
//!   without requests has `N/A` percentiles, read as values that could not be obtained.
//! - Locust's failures count every failed request, whatever the cause; there is no status code
//!   breakdown.
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

use serde::Deserialize;
use serde_json::{Map, Value};

use super::common;
use crate::error::{ErrorCode, InputError, Problem};
use crate::input::{describe_json, IndicatorValue, SliReport};
use crate::yaml::shorten;

/// The statistics of one Locust entry: the whole run or one endpoint.
///
/// Deserializes from the attributes of Locust's `StatsEntry` by name; an absent or null
/// number is 0 (an absent `min_response_time` is none).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LocustEntry {
    /// The entry's name (`/cart`; Locust names the total "Aggregated").
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    /// The request method or type (`GET`); empty for the total.
    #[serde(deserialize_with = "null_as_default")]
    pub method: String,
    /// `num_requests`.
    #[serde(deserialize_with = "null_as_default")]
    pub num_requests: u64,
    /// `num_failures`.
    #[serde(deserialize_with = "null_as_default")]
    pub num_failures: u64,
    /// `fail_ratio`: failures per request, 0 to 1.
    #[serde(deserialize_with = "null_as_default")]
    pub fail_ratio: f64,
    /// `total_rps`: requests per second over the run.
    #[serde(deserialize_with = "null_as_default")]
    pub total_rps: f64,
    /// `total_fail_per_sec`: failures per second over the run.
    #[serde(deserialize_with = "null_as_default")]
    pub total_fail_per_sec: f64,
    /// `avg_response_time`, in ms.
    #[serde(deserialize_with = "null_as_default")]
    pub avg_response_time: f64,
    /// `min_response_time`, in ms; `None` when Locust has none.
    pub min_response_time: Option<f64>,
    /// `max_response_time`, in ms.
    #[serde(deserialize_with = "null_as_default")]
    pub max_response_time: f64,
    /// `median_response_time`, in ms.
    #[serde(deserialize_with = "null_as_default")]
    pub median_response_time: f64,
    /// Response-time percentiles as `(fraction, ms)` pairs, such as `(0.95, 310.0)`, from
    /// `get_response_time_percentile(fraction)`.
    #[serde(deserialize_with = "null_as_default")]
    pub percentiles: Vec<(f64, f64)>,
}

/// The statistics of a finished Locust run: its total and its endpoints.
///
/// Deserializes from `{"total": entry, "entries": [entry, ...]}` (see [`LocustEntry`]).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LocustStats {
    /// `stats.total`.
    pub total: LocustEntry,
    /// `stats.entries`, one per endpoint, in the order Locust lists them.
    pub entries: Vec<LocustEntry>,
}

const NO_REQUESTS: &str = "no requests were made, so there is no response time";

const WHAT: &str = "Locust statistics";

/// The percentiles Locust's tables and `--csv` report (`PERCENTILES_TO_REPORT`).
pub const PERCENTILES: [f64; 11] = [
    0.50, 0.66, 0.75, 0.80, 0.90, 0.95, 0.98, 0.99, 0.999, 0.9999, 1.0,
];

/// Reads either Locust file: JSON output when the text starts with `[`, CSV stats otherwise.
pub fn read(text: &str) -> Result<SliReport, InputError> {
    if text.trim_start().starts_with(['[', '{']) {
        from_json(text)
    } else {
        from_csv(text)
    }
}

/// The columns of `PREFIX_stats.csv` that are read.
const CSV_COLUMNS: [&str; 10] = [
    "Type",
    "Name",
    "Request Count",
    "Failure Count",
    "Median Response Time",
    "Average Response Time",
    "Min Response Time",
    "Max Response Time",
    "Requests/s",
    "Failures/s",
];

/// Reads the `PREFIX_stats.csv` file `locust --csv PREFIX` writes.
pub fn from_csv(text: &str) -> Result<SliReport, InputError> {
    let what = "Locust CSV statistics";
    let (header, rows) = common::csv_records(text, what, b',', false)?;
    let mut columns = [0; CSV_COLUMNS.len()];
    for (slot, name) in columns.iter_mut().zip(CSV_COLUMNS) {
        *slot = header.iter().position(|h| h == name).ok_or_else(|| {
            Problem::new(
                ErrorCode::InvalidInput,
                "",
                format!(
                    "the {what} have no column '{name}'; expected the PREFIX_stats.csv file of 'locust --csv PREFIX'"
                ),
            )
            .at(1, 1)
        })?;
    }
    let percentile_columns: Vec<(usize, f64)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let percent: f64 = h.strip_suffix('%')?.parse().ok()?;
            Some((i, percent / 100.0))
        })
        .collect();
    let mut problems = Vec::new();
    let mut stats = LocustStats::default();
    let mut total = None;
    for (line, row) in &rows {
        let number = |index: usize, column: &str| {
            common::csv_number(row, columns[index], column, *line, what)
        };
        let mut entry = LocustEntry {
            method: row.get(columns[0]).unwrap_or("").to_owned(),
            name: row.get(columns[1]).unwrap_or("").to_owned(),
            ..LocustEntry::default()
        };
        let mut read = || -> Result<(), Problem> {
            let count = |index: usize, column: &str| -> Result<u64, Problem> {
                let value = number(index, column)?;
                if value >= 0.0 && value.fract() == 0.0 && value < 9.0e15 {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    Ok(value as u64)
                } else {
                    Err(Problem::new(
                        ErrorCode::InvalidInput,
                        "",
                        format!("the {what} column '{column}' must hold a count, found {value}"),
                    )
                    .at(*line, 1))
                }
            };
            entry.num_requests = count(2, CSV_COLUMNS[2])?;
            entry.num_failures = count(3, CSV_COLUMNS[3])?;
            entry.median_response_time = number(4, CSV_COLUMNS[4])?;
            entry.avg_response_time = number(5, CSV_COLUMNS[5])?;
            entry.min_response_time = Some(number(6, CSV_COLUMNS[6])?);
            entry.max_response_time = number(7, CSV_COLUMNS[7])?;
            entry.total_rps = number(8, CSV_COLUMNS[8])?;
            entry.total_fail_per_sec = number(9, CSV_COLUMNS[9])?;
            entry.fail_ratio = fail_ratio(entry.num_requests, entry.num_failures);
            for &(index, fraction) in &percentile_columns {
                let text = row.get(index).unwrap_or("");
                if entry.num_requests == 0 && text == "N/A" {
                    // No requests: reported as a time that could not be measured.
                    entry.percentiles.push((fraction, 0.0));
                    continue;
                }
                let column = header.get(index).unwrap_or("");
                entry.percentiles.push((
                    fraction,
                    common::csv_number(row, index, column, *line, what)?,
                ));
            }
            Ok(())
        };
        if let Err(problem) = read() {
            problems.push(problem);
            continue;
        }
        if entry.method.is_empty() && entry.name == "Aggregated" {
            total = Some(entry);
        } else {
            stats.entries.push(entry);
        }
    }
    if !problems.is_empty() {
        return Err(InputError::new(problems));
    }
    let Some(total) = total else {
        return Err(Problem::new(
            ErrorCode::InvalidInput,
            "",
            format!("the {what} have no 'Aggregated' row; expected the PREFIX_stats.csv file of 'locust --csv PREFIX'"),
        )
        .into());
    };
    stats.total = total;
    Ok(stats.report())
}

/// Locust's `fail_ratio`: failures per request; 1 with failures but no requests.
fn fail_ratio(requests: u64, failures: u64) -> f64 {
    if requests > 0 {
        failures as f64 / requests as f64
    } else if failures > 0 {
        1.0
    } else {
        0.0
    }
}

/// One serialized entry (`StatsEntry.serialize()`), as its numbers.
#[derive(Default)]
struct Serialized {
    name: String,
    method: String,
    start_time: f64,
    last_request_timestamp: Option<f64>,
    num_requests: u64,
    num_none_requests: u64,
    num_failures: u64,
    total_response_time: f64,
    max_response_time: f64,
    min_response_time: Option<f64>,
    /// `(rounded ms, count)`, sorted by time.
    response_times: Vec<(i64, u64)>,
}

impl Serialized {
    fn read(value: &Value, path: &str) -> Result<Serialized, Problem> {
        let Value::Object(object) = value else {
            return Err(Problem::new(
                ErrorCode::InvalidInput,
                path,
                format!(
                    "'{path}' must be a Locust statistics entry (an object), found {}",
                    describe_json(value)
                ),
            ));
        };
        let field = |key: &str| -> Result<&Value, Problem> {
            object.get(key).ok_or_else(|| {
                Problem::new(
                    ErrorCode::InvalidInput,
                    format!("{path}.{key}"),
                    format!(
                        "'{path}.{key}' is missing; expected Locust's serialized statistics entry"
                    ),
                )
            })
        };
        let wrong = |key: &str, expected: &str, value: &Value| {
            Problem::new(
                ErrorCode::InvalidInput,
                format!("{path}.{key}"),
                format!(
                    "'{path}.{key}' must be {expected}, found {}",
                    describe_json(value)
                ),
            )
        };
        let number = |key: &str| -> Result<f64, Problem> {
            let value = field(key)?;
            value.as_f64().ok_or_else(|| wrong(key, "a number", value))
        };
        let optional = |key: &str| -> Result<Option<f64>, Problem> {
            match field(key)? {
                Value::Null => Ok(None),
                value => value
                    .as_f64()
                    .map(Some)
                    .ok_or_else(|| wrong(key, "a number or null", value)),
            }
        };
        let count = |key: &str| -> Result<u64, Problem> {
            let value = field(key)?;
            value
                .as_u64()
                .ok_or_else(|| wrong(key, "a whole number", value))
        };
        let text = |key: &str| -> Result<String, Problem> {
            match field(key)? {
                Value::String(s) => Ok(s.clone()),
                value => Err(wrong(key, "text", value)),
            }
        };
        let times = match field("response_times")? {
            Value::Object(map) => histogram(map, &format!("{path}.response_times"))?,
            value => return Err(wrong("response_times", "an object of counts", value)),
        };
        Ok(Serialized {
            name: text("name")?,
            method: text("method")?,
            start_time: number("start_time")?,
            last_request_timestamp: optional("last_request_timestamp")?,
            num_requests: count("num_requests")?,
            num_none_requests: object
                .get("num_none_requests")
                .and_then(Value::as_u64)
                .unwrap_or(0),
            num_failures: count("num_failures")?,
            total_response_time: number("total_response_time")?,
            max_response_time: number("max_response_time")?,
            min_response_time: optional("min_response_time")?,
            response_times: times,
        })
    }

    /// Adds `other` as Locust's `StatsEntry.extend` does.
    fn extend(&mut self, other: &Serialized) {
        self.last_request_timestamp =
            match (self.last_request_timestamp, other.last_request_timestamp) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
        self.start_time = self.start_time.min(other.start_time);
        self.num_requests += other.num_requests;
        self.num_none_requests += other.num_none_requests;
        self.num_failures += other.num_failures;
        self.total_response_time += other.total_response_time;
        self.max_response_time = self.max_response_time.max(other.max_response_time);
        self.min_response_time = match (self.min_response_time, other.min_response_time) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.response_times.extend_from_slice(&other.response_times);
        self.response_times.sort_unstable_by_key(|&(ms, _)| ms);
        self.response_times.dedup_by(|later, earlier| {
            if later.0 == earlier.0 {
                earlier.1 += later.1;
                true
            } else {
                false
            }
        });
    }

    /// Locust's `calculate_response_time_percentile`.
    fn percentile(&self, fraction: f64) -> f64 {
        let measured = self.num_requests.saturating_sub(self.num_none_requests);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let wanted = (measured as f64 * fraction) as u64;
        let mut processed = 0u64;
        for &(ms, count) in self.response_times.iter().rev() {
            processed = processed.saturating_add(count);
            if measured.saturating_sub(processed) <= wanted {
                return ms as f64;
            }
        }
        0.0
    }

    fn entry(&self, span: Option<f64>) -> LocustEntry {
        let measured = self.num_requests.saturating_sub(self.num_none_requests);
        let per_second = |count: u64| match span {
            Some(span) if span > 0.0 => count as f64 / span,
            _ => 0.0,
        };
        let mut median = if self.response_times.is_empty() {
            0.0
        } else {
            self.percentile(0.5)
        };
        if median > self.max_response_time {
            median = self.max_response_time;
        } else if let Some(min) = self.min_response_time.filter(|&min| median < min) {
            median = min;
        }
        LocustEntry {
            name: self.name.clone(),
            method: self.method.clone(),
            num_requests: self.num_requests,
            num_failures: self.num_failures,
            fail_ratio: fail_ratio(self.num_requests, self.num_failures),
            total_rps: per_second(self.num_requests),
            total_fail_per_sec: per_second(self.num_failures),
            avg_response_time: if measured > 0 {
                self.total_response_time / measured as f64
            } else {
                0.0
            },
            min_response_time: self.min_response_time,
            max_response_time: self.max_response_time,
            median_response_time: median,
            percentiles: PERCENTILES
                .iter()
                .map(|&fraction| (fraction, self.percentile(fraction)))
                .collect(),
        }
    }
}

/// A `response_times` object: `{"<ms>": count}`.
fn histogram(map: &Map<String, Value>, path: &str) -> Result<Vec<(i64, u64)>, Problem> {
    let mut out = Vec::with_capacity(map.len());
    for (key, value) in map {
        let ms = key.parse::<i64>().map_err(|_| {
            Problem::new(
                ErrorCode::InvalidInput,
                format!("{path}.{key}"),
                format!(
                    "the response time '{}' in '{path}' must be a whole number of milliseconds",
                    shorten(key)
                ),
            )
        })?;
        let count = value.as_u64().ok_or_else(|| {
            Problem::new(
                ErrorCode::InvalidInput,
                format!("{path}.{key}"),
                format!(
                    "'{path}.{key}' must be a count, found {}",
                    describe_json(value)
                ),
            )
        })?;
        out.push((ms, count));
    }
    out.sort_unstable_by_key(|&(ms, _)| ms);
    Ok(out)
}

/// Reads the JSON `locust --json` prints or `--json-file` writes: a list of serialized
/// entries.
pub fn from_json(text: &str) -> Result<SliReport, InputError> {
    from_json_value(&common::parse(text, WHAT)?)
}

/// Reads Locust's JSON output from a parsed JSON value.
pub fn from_json_value(value: &Value) -> Result<SliReport, InputError> {
    let Value::Array(items) = value else {
        return Err(Problem::new(
            ErrorCode::InvalidInput,
            "",
            format!(
                "expected the list of entries 'locust --json' prints, found {}",
                describe_json(value)
            ),
        )
        .into());
    };
    let mut problems = Vec::new();
    let mut entries = Vec::with_capacity(items.len().min(4096));
    for (index, item) in items.iter().enumerate() {
        match Serialized::read(item, &format!("[{index}]")) {
            Ok(entry) => entries.push(entry),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(InputError::new(problems));
    }
    let mut total = Serialized {
        name: "Aggregated".to_owned(),
        start_time: f64::INFINITY,
        ..Serialized::default()
    };
    for entry in &entries {
        total.extend(entry);
    }
    let span = total
        .last_request_timestamp
        .map(|last| last - total.start_time)
        .filter(|span| span.is_finite());
    let stats = LocustStats {
        total: total.entry(span),
        entries: entries.iter().map(|e| e.entry(span)).collect(),
    };
    Ok(stats.report())
}

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
    /// This entry's metrics, each name prefixed with `prefix`, then its shared names
    /// (prefixed with `shared`).
    fn values(&self, prefix: &str, shared: &str, out: &mut Vec<IndicatorValue>) {
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
        let measured = |value: Option<f64>| value.filter(|_| self.num_requests > 0);
        let mut times = vec![
            ("avg".to_owned(), measured(Some(self.avg_response_time))),
            ("min".to_owned(), measured(self.min_response_time)),
            ("max".to_owned(), measured(Some(self.max_response_time))),
            (
                "median".to_owned(),
                measured(Some(self.median_response_time)),
            ),
        ];
        times.extend(self.percentiles.iter().map(|&(fraction, ms)| {
            (
                percentile_name(fraction)["response_time_".len()..].to_owned(),
                measured(Some(ms)),
            )
        }));
        for (stat, value) in &times {
            let metric = named(&format!("response_time_{stat}"));
            out.push(match value {
                Some(value) => IndicatorValue::new(metric, *value),
                None => IndicatorValue::failed(metric, NO_REQUESTS),
            });
        }
        common::Shared {
            prefix: shared,
            // The own `requests` already has the shared name where the prefixes agree.
            requests: (shared != prefix).then_some(self.num_requests as f64),
            error_rate: Some(self.fail_ratio),
            throughput: Some(self.total_rps),
            durations: times
                .into_iter()
                .map(|(stat, value)| {
                    (
                        if stat == "median" {
                            "med".to_owned()
                        } else {
                            stat
                        },
                        value,
                    )
                })
                .collect(),
            no_duration: NO_REQUESTS,
        }
        .push_into(out);
    }
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

impl LocustStats {
    /// Reads the statistics from a JSON value of the form `{"total": ..., "entries": [...]}`,
    /// each entry an object of Locust's `StatsEntry` attributes; a field of the wrong type
    /// is refused with `invalid_input` at its path.
    pub fn from_json_value(value: &Value) -> Result<LocustStats, InputError> {
        serde_path_to_error::deserialize(value).map_err(|e| crate::json::typed_problem(&e))
    }

    /// The run's numbers as SLI values, named as the [module documentation](self) lists:
    /// the total's metrics first, then each endpoint's, in order.
    ///
    /// Check the result against an SLO with [`require_metrics`](super::require_metrics)
    /// before scoring, so a misspelt metric is refused rather than failed.
    pub fn report(&self) -> SliReport {
        let mut values = Vec::with_capacity((self.entries.len() + 1) * 32);
        self.total.values("", "", &mut values);
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
            let shared_prefix = format!("{} {}.", entry.method, entry.name);
            entry.values(&prefix, &shared_prefix, &mut values);
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
        // The shared names: the whole run's, and each endpoint's under its method and name.
        assert_eq!(
            value(&report, "http_req_duration.p95").unwrap().value,
            400.0
        );
        assert_eq!(value(&report, "http_req_duration.med").unwrap().value, 90.0);
        assert_eq!(value(&report, "error_rate").unwrap().value, 0.1);
        assert_eq!(value(&report, "throughput").unwrap().value, 5.0);
        assert_eq!(value(&report, "GET /a.p99.9").unwrap().value, 850.0);
        assert_eq!(value(&report, "POST /b.requests").unwrap().value, 10.0);
        // Own names: 5 counts + 4 times + 3 percentiles per entry; shared names: 2 rates and
        // 7 times for the run, plus the request count for each endpoint.
        assert_eq!(report.indicator_values.len(), 3 * 12 + 9 + 2 * 10);
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
