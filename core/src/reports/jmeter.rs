//! `JMeter` results: the CSV results file (JTL) and the HTML dashboard's `statistics.json`.
//!
//! [`read`] tells them apart: JSON text is a dashboard's `statistics.json`
//! ([`from_statistics_json`]); anything else is a CSV JTL ([`from_jtl`]), with a header row
//! (`jmeter.save.saveservice.print_field_names=true`, the default since `JMeter` 3.0) or
//! without one, in the column order `JMeter` 2.13 writes by default
//! (`timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,bytes,grpThreads,allThreads,Latency`).
//!
//! From a JTL the statistics are computed as the dashboard computes them: percentiles with
//! Apache Commons Math's default estimate over every sample's `elapsed` (`pos = p (n + 1) / 100`,
//! interpolated between neighbours, the minimum below the first and the maximum past the
//! last), the throughput as samples per second from the first sample's start to the last
//! sample's end.
//!
//! # Metric names
//!
//! The whole run has the names below; every label (sampler name) has the same ones prefixed
//! with the label and a dot (`GET /cart.pct2ResTime`, `GET /cart.p95`).
//!
//! | SLI | meaning (the dashboard's field) |
//! | --- | --- |
//! | `sampleCount`, `errorCount` | samples, failed samples |
//! | `errorPct` | failed samples in percent |
//! | `meanResTime` `medianResTime` `minResTime` `maxResTime` | response time, ms |
//! | `pct1ResTime` `pct2ResTime` `pct3ResTime` | 90th, 95th and 99th percentile, ms |
//! | `throughput` | samples per second |
//! | `receivedKBytesPerSec` | KiB received per second (`sentKBytesPerSec` where the file has it) |
//! | `http_req_duration.<stat>`, `<label>.<stat>` | the [shared names](super#shared-names): `avg` `min` `max` `med` `p90` `p95` `p99` |
//! | `requests`, `error_rate` | samples, and failed samples per sample (0 to 1) |
//!
//! # Gaps
//!
//! - XML JTL files are refused: save results as CSV (`jmeter.save.saveservice.output_format=csv`,
//!   the default).
//! - A `statistics.json` percentile is whichever the report was configured with
//!   (`aggregate_rpt_pct1..3`, by default 90, 95, 99); the shared `p90` `p95` `p99` names
//!   assume those defaults.
//! - Timestamps are read as sample start times (`sampleresult.timestamp.start=true`, the
//!   default since 2.x); sub-samples and transaction controllers are counted as samples.
//! - A report without samples has no response times: they are values that could not be
//!   obtained.
//!
//! ```
//! let report = slogate::reports::jmeter::read("timeStamp,elapsed,label,responseCode,success,bytes
//! 1000,10,GET /cart,200,true,2
//! 1010,30,GET /cart,503,false,2
//! ").unwrap();
//! let value = |m: &str| report.indicator_values.iter().find(|v| v.metric == m).unwrap().value;
//! assert_eq!(value("sampleCount"), 2.0);
//! assert_eq!(value("error_rate"), 0.5);
//! assert_eq!(value("GET /cart.maxResTime"), 30.0);
//! ```

use serde_json::Value;

use super::common::{self, Collector, Shared};
use crate::error::{ErrorCode, InputError, Problem};
use crate::input::{describe_json, IndicatorValue, SliReport};

const WHAT: &str = "JMeter results";

/// The columns of a headerless CSV JTL, in `JMeter` 2.13's default order.
const DEFAULT_COLUMNS: &str = "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,bytes,grpThreads,allThreads,Latency";

/// Reads either file: a dashboard `statistics.json` when the text is JSON, a CSV JTL otherwise.
pub fn read(text: &str) -> Result<SliReport, InputError> {
    let start = text.trim_start();
    if start.starts_with('{') {
        from_statistics_json(text)
    } else if start.starts_with('<') {
        Err(Problem::new(
            ErrorCode::InvalidInput,
            "",
            "this is an XML JTL file; save JMeter results as CSV (jmeter.save.saveservice.output_format=csv)",
        )
        .at(1, 1)
        .into())
    } else {
        from_jtl(text)
    }
}

/// The samples of one label (or of the whole run).
#[derive(Default)]
struct Samples {
    label: String,
    elapsed: Vec<f64>,
    errors: u64,
    first_start: f64,
    last_end: f64,
    bytes: f64,
    sent_bytes: Option<f64>,
}

impl Samples {
    fn new(label: &str) -> Self {
        Samples {
            label: label.to_owned(),
            first_start: f64::INFINITY,
            last_end: f64::NEG_INFINITY,
            ..Samples::default()
        }
    }

    fn add(&mut self, start: f64, elapsed: f64, ok: bool, bytes: f64, sent: Option<f64>) {
        self.elapsed.push(elapsed);
        if !ok {
            self.errors += 1;
        }
        self.first_start = self.first_start.min(start);
        self.last_end = self.last_end.max(start + elapsed);
        self.bytes += bytes;
        if let Some(sent) = sent {
            *self.sent_bytes.get_or_insert(0.0) += sent;
        }
    }

    /// The dashboard's statistics of these samples: `(field, value)`, `None` for a time that
    /// cannot be measured without samples.
    fn statistics(&mut self) -> Vec<(&'static str, Option<f64>)> {
        self.elapsed.sort_unstable_by(f64::total_cmp);
        let sorted = &self.elapsed;
        let count = sorted.len() as f64;
        let seconds = (self.last_end - self.first_start) / 1000.0;
        let per_second = |n: f64| Some(if seconds > 0.0 { n / seconds } else { 0.0 });
        let time = |value: f64| (!sorted.is_empty()).then_some(value);
        let mut out = vec![
            ("sampleCount", Some(count)),
            ("errorCount", Some(self.errors as f64)),
            (
                "errorPct",
                Some(if count > 0.0 {
                    self.errors as f64 / count * 100.0
                } else {
                    0.0
                }),
            ),
            ("meanResTime", time(sorted.iter().sum::<f64>() / count)),
            ("medianResTime", time(percentile(sorted, 50.0))),
            ("minResTime", time(sorted.first().copied().unwrap_or(0.0))),
            ("maxResTime", time(sorted.last().copied().unwrap_or(0.0))),
            ("pct1ResTime", time(percentile(sorted, 90.0))),
            ("pct2ResTime", time(percentile(sorted, 95.0))),
            ("pct3ResTime", time(percentile(sorted, 99.0))),
            ("throughput", per_second(count)),
            ("receivedKBytesPerSec", per_second(self.bytes / 1024.0)),
        ];
        if let Some(sent) = self.sent_bytes {
            out.push(("sentKBytesPerSec", per_second(sent / 1024.0)));
        }
        out
    }
}

/// Apache Commons Math's default percentile estimate (`Percentile.EstimationType.LEGACY`).
fn percentile(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    match n {
        0 => return f64::NAN,
        1 => return sorted[0],
        _ => {}
    }
    let pos = p * (n as f64 + 1.0) / 100.0;
    let floor = pos.floor();
    let d = pos - floor;
    if pos < 1.0 {
        return sorted[0];
    }
    if pos >= n as f64 {
        return sorted[n - 1];
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let index = floor as usize;
    let lower = sorted[index - 1];
    let upper = sorted[index];
    lower + d * (upper - lower)
}

/// Pushes one scope's statistics under `prefix`, with the shared names.
fn push_statistics(out: &mut Vec<IndicatorValue>, prefix: &str, stats: &[(&str, Option<f64>)]) {
    let field = |name: &str| stats.iter().find(|(n, _)| *n == name).and_then(|(_, v)| *v);
    for (name, value) in stats {
        let metric = format!("{prefix}{name}");
        out.push(match value {
            Some(value) => IndicatorValue::new(metric, *value),
            None => IndicatorValue::failed(
                metric,
                "there were no samples, so there is no response time",
            ),
        });
    }
    let durations = [
        ("avg", "meanResTime"),
        ("med", "medianResTime"),
        ("min", "minResTime"),
        ("max", "maxResTime"),
        ("p90", "pct1ResTime"),
        ("p95", "pct2ResTime"),
        ("p99", "pct3ResTime"),
    ];
    let count = field("sampleCount");
    Shared {
        prefix,
        requests: count,
        error_rate: field("errorPct").map(|pct| pct / 100.0),
        throughput: None,
        durations: durations
            .iter()
            .filter(|(_, name)| stats.iter().any(|(n, _)| n == name))
            .map(|(stat, name)| ((*stat).to_owned(), field(name)))
            .collect(),
        no_duration: "there were no samples, so there is no response time",
    }
    .push_into(out);
}

/// Reads a CSV results file (JTL), with or without its header row.
pub fn from_jtl(text: &str) -> Result<SliReport, InputError> {
    let first = text.lines().next().unwrap_or("");
    let headerless = first
        .split([',', '\t'])
        .next()
        .is_some_and(|field| field.trim().parse::<f64>().is_ok());
    let delimiter = if first.contains('\t') && !first.contains(',') {
        "\t"
    } else {
        ","
    };
    let joined;
    let text = if headerless {
        joined = format!("{}\n{text}", DEFAULT_COLUMNS.replace(',', delimiter));
        joined.as_str()
    } else {
        text
    };
    let (header, rows) = common::csv_records(text, WHAT, delimiter.as_bytes()[0], headerless)?;
    let column = |name: &str| header.iter().position(|h| h == name);
    let (Some(stamp), Some(elapsed), Some(label), Some(success)) = (
        column("timeStamp"),
        column("elapsed"),
        column("label"),
        column("success"),
    ) else {
        return Err(Problem::new(
            ErrorCode::InvalidInput,
            "",
            "the JMeter results have no 'timeStamp', 'elapsed', 'label' and 'success' columns; expected a CSV JTL file",
        )
        .at(1, 1)
        .into());
    };
    let bytes = column("bytes");
    let sent = column("sentBytes");
    let mut total = Samples::new("");
    let mut labels: Vec<Samples> = Vec::new();
    let mut problems = Vec::new();
    for (line, row) in &rows {
        let number = |index: usize| {
            common::csv_number(row, index, header.get(index).unwrap_or(""), *line, WHAT)
        };
        let sample = (|| -> Result<_, Problem> {
            let ok = match row.get(success).unwrap_or("") {
                "true" => true,
                "false" => false,
                other => {
                    return Err(Problem::new(
                        ErrorCode::InvalidInput,
                        "",
                        format!(
                        "the JMeter results column 'success' must hold true or false, found '{}'",
                        crate::yaml::shorten(other)
                    ),
                    )
                    .at(*line, 1))
                }
            };
            Ok((
                number(stamp)?,
                number(elapsed)?,
                ok,
                bytes.map(number).transpose()?.unwrap_or(0.0),
                sent.map(number).transpose()?,
            ))
        })();
        let (start, time, ok, received, sent) = match sample {
            Ok(sample) => sample,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let name = row.get(label).unwrap_or("");
        let slot = match labels.iter().position(|l| l.label == name) {
            Some(slot) => slot,
            None => {
                labels.push(Samples::new(name));
                labels.len() - 1
            }
        };
        labels[slot].add(start, time, ok, received, sent);
        total.add(start, time, ok, received, sent);
    }
    if !problems.is_empty() {
        return Err(InputError::new(problems));
    }
    let mut values = Vec::new();
    push_statistics(&mut values, "", &total.statistics());
    for samples in &mut labels {
        let prefix = format!("{}.", samples.label);
        push_statistics(&mut values, &prefix, &samples.statistics());
    }
    Ok(SliReport::new(values))
}

/// The fields of a dashboard statistics entry that are read.
const FIELDS: [&str; 13] = [
    "sampleCount",
    "errorCount",
    "errorPct",
    "meanResTime",
    "medianResTime",
    "minResTime",
    "maxResTime",
    "pct1ResTime",
    "pct2ResTime",
    "pct3ResTime",
    "throughput",
    "receivedKBytesPerSec",
    "sentKBytesPerSec",
];

/// Reads the `statistics.json` of `JMeter`'s HTML dashboard (`jmeter -g results.jtl -o report`).
pub fn from_statistics_json(text: &str) -> Result<SliReport, InputError> {
    from_statistics_value(&common::parse(text, "JMeter statistics")?)
}

/// Reads a dashboard `statistics.json` from a parsed JSON value.
pub fn from_statistics_value(value: &Value) -> Result<SliReport, InputError> {
    let top = common::top_object(
        value,
        "the statistics.json of a JMeter dashboard (an object of labels with a 'Total')",
    )?;
    if !top.contains_key("Total") {
        return Err(Problem::new(
            ErrorCode::InvalidInput,
            "Total",
            "'Total' is missing; expected the statistics.json of a JMeter dashboard",
        )
        .into());
    }
    let mut out = Collector::new("JMeter statistics");
    let mut scopes = Vec::new();
    for (label, entry) in top {
        let Value::Object(entry) = entry else {
            out.problem(
                label,
                format!(
                    "'{label}' must be an object of statistics, found {}",
                    describe_json(entry)
                ),
            );
            continue;
        };
        let prefix = if label == "Total" {
            String::new()
        } else {
            format!("{label}.")
        };
        let mut stats = Vec::new();
        for field in FIELDS {
            let Some(value) = entry.get(field) else {
                continue;
            };
            match value {
                Value::Number(n) => stats.push((field, n.as_f64())),
                other => out.problem(
                    format!("{label}.{field}"),
                    format!(
                        "'{label}.{field}' must be a number, found {}",
                        describe_json(other)
                    ),
                ),
            }
        }
        scopes.push((prefix, stats));
    }
    let mut report = out.finish()?;
    for (prefix, stats) in scopes {
        push_statistics(&mut report.indicator_values, &prefix, &stats);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn percentiles_follow_commons_math() {
        let sorted: Vec<f64> = (1..=10).map(f64::from).collect();
        // pos = 0.9 * 11 = 9.9: between the 9th and 10th values.
        assert!((percentile(&sorted, 90.0) - 9.9).abs() < 1e-12);
        assert_eq!(percentile(&sorted, 50.0), 5.5);
        assert_eq!(percentile(&sorted, 95.0), 10.0);
        assert_eq!(percentile(&sorted, 5.0), 1.0);
        assert_eq!(percentile(&[7.0], 99.0), 7.0);
    }
}
