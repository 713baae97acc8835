//! Running every SLI query of a window, a few at a time, and collecting Keptn get-sli data.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::Serialize;
use slogate::IndicatorValue;

use crate::placeholders::QueryContext;
use crate::prometheus::Prometheus;
use crate::window::Window;

/// How often the caller hears about progress while queries are still running.
const PROGRESS_TICK: Duration = Duration::from_secs(1);

/// Where a retrieval stands, reported on each answer and every second in between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Queries answered (with a value or a failure).
    pub done: usize,
    /// All queries.
    pub total: usize,
    /// Time since the retrieval started.
    pub elapsed: Duration,
}

/// Runs each `(name, query)` as an instant query at the window's end, with the placeholders
/// of `context` replaced, at most `settings.concurrency` at once and all within the overall
/// timeout. The values come back in the order of `indicators`: a failed query gives
/// `success: false` with its reason, as Keptn's prometheus-service reports it.
pub fn retrieve(
    prometheus: &Prometheus,
    indicators: &[(String, String)],
    context: &QueryContext,
    window: &Window,
    progress: &mut dyn FnMut(Progress),
) -> Vec<IndicatorValue> {
    let started = Instant::now();
    let deadline = started + prometheus.settings().overall_timeout;
    let time = window.end_unix();
    let total = indicators.len();
    let next = AtomicUsize::new(0);
    let workers = prometheus.settings().concurrency.clamp(1, total.max(1));
    let mut values: Vec<Option<IndicatorValue>> = vec![None; total];
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, time) = (&next, &time);
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some((name, query)) = indicators.get(index) else {
                    break;
                };
                let query = context.render(query, window);
                let value = match prometheus.instant_query(&query, time, deadline) {
                    Ok(value) => IndicatorValue::new(name.clone(), value),
                    Err(message) => IndicatorValue::failed(name.clone(), message),
                };
                if sender.send((index, value)).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        let mut done = 0;
        loop {
            match receiver.recv_timeout(PROGRESS_TICK) {
                Ok((index, value)) => {
                    values[index] = Some(value);
                    done += 1;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            progress(Progress {
                done,
                total,
                elapsed: started.elapsed(),
            });
        }
    });
    values
        .into_iter()
        .zip(indicators)
        .map(|(value, (name, _))| {
            value.unwrap_or_else(|| IndicatorValue::failed(name.clone(), "the query did not run"))
        })
        .collect()
}

/// Keptn's get-sli data (the `sh.keptn.event.get-sli.finished` event's data), as the
/// prometheus-service writes it: `result` is `pass` when every value was retrieved, `warning`
/// when some were not and `fail` when none was.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GetSliData {
    /// The Keptn project.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub project: String,
    /// The Keptn stage.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub stage: String,
    /// The Keptn service.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub service: String,
    /// The labels.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub labels: std::collections::BTreeMap<String, String>,
    /// Always `succeeded`: the provider ran.
    pub status: &'static str,
    /// `pass`, `warning` or `fail`.
    pub result: &'static str,
    /// Set when no value was retrieved.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
    /// The window and the values.
    #[serde(rename = "getSLI")]
    pub get_sli: GetSliValues,
}

/// The `getSLI` part of [`GetSliData`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetSliValues {
    /// The window's start (RFC 3339).
    pub start: String,
    /// The window's end (RFC 3339).
    pub end: String,
    /// One entry per SLI.
    pub indicator_values: Vec<IndicatorValue>,
}

impl GetSliData {
    /// The data for `values` retrieved over `window` with `context`.
    pub fn new(context: &QueryContext, window: &Window, values: Vec<IndicatorValue>) -> Self {
        let failed = values.iter().filter(|v| !v.success).count();
        let (result, message) = if values.is_empty() || failed == 0 {
            ("pass", String::new())
        } else if failed < values.len() {
            ("warning", String::new())
        } else {
            ("fail", "unable to retrieve metrics".to_owned())
        };
        GetSliData {
            project: context.project.clone(),
            stage: context.stage.clone(),
            service: context.service.clone(),
            labels: context.labels.clone(),
            status: "succeeded",
            result,
            message,
            get_sli: GetSliValues {
                start: window.start_text(),
                end: window.end_text(),
                indicator_values: values,
            },
        }
    }

    /// The data as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(values: Vec<IndicatorValue>) -> GetSliData {
        let window = Window::parse("2024-05-01T10:00:00Z", "2024-05-01T10:10:00Z").unwrap();
        let context = QueryContext {
            service: "carts".into(),
            ..QueryContext::default()
        };
        GetSliData::new(&context, &window, values)
    }

    #[test]
    fn the_result_says_how_many_values_were_retrieved() {
        let good = IndicatorValue::new("a", 1.0);
        let bad = IndicatorValue::failed("b", "query did not return any values");
        assert_eq!(data(vec![good.clone()]).result, "pass");
        assert_eq!(data(vec![good, bad.clone()]).result, "warning");
        let none = data(vec![bad]);
        assert_eq!(
            (none.result, none.message.as_str()),
            ("fail", "unable to retrieve metrics")
        );
    }

    #[test]
    fn the_json_is_keptns_get_sli_data_and_reads_back_in_the_core() {
        let json = data(vec![
            IndicatorValue::new("a", 0.5),
            IndicatorValue::failed("b", "query did not return any values"),
        ])
        .to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "service": "carts", "status": "succeeded", "result": "warning",
                "getSLI": {"start": "2024-05-01T10:00:00Z", "end": "2024-05-01T10:10:00Z",
                    "indicatorValues": [
                        {"metric": "a", "value": 0.5, "success": true},
                        {"metric": "b", "value": 0.0, "success": false,
                         "message": "query did not return any values"}]}
            })
        );
        let report = slogate::SliReport::from_json(&json).unwrap();
        assert_eq!(report.indicator_values.len(), 2);
        assert_eq!(report.service.as_deref(), Some("carts"));
    }
}
