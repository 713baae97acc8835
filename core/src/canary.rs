//! Canary judgement: a canary's samples against a baseline running at the same time.
//!
//! Modelled on Kayenta's judge (`NetflixACAJudge` with its Mann-Whitney classifier and
//! weighted-sum scorer): each metric is classified from its two samples, the classifications
//! are scored by metric weight, and the score gives `pass`, `marginal` or `fail`.
//!
//! **Per metric.** A metric without samples on either side is `nodata`. Otherwise a two-sided
//! Mann-Whitney U test compares the canary with the baseline ([`crate::stats::mann_whitney_u`],
//! SciPy's computation). The metric is `high` (or `low`) when the difference is significant,
//! `p < 1 - confidence`, *and* the canary's median lies above (below) the baseline's median by
//! more than the effect-size `tolerance`, a fraction of the baseline median (`0.1` = 10%).
//! Otherwise it is `pass`. Which changes count against the canary is the metric's
//! [`Direction`]: a `high` of a metric where only a decrease is harmful is reported, but not
//! counted.
//!
//! **Overall.** As Kayenta's scorer: a critical metric (a key SLI) that is not `pass` fails the
//! canary with a score of 0, and so does a judgement where half or more of the metrics have no
//! data. Otherwise the score is the weight of the metrics that are not counted against the
//! canary, as a percentage of the weight of all metrics with data, rounded to two decimals. A
//! score at or above `pass_threshold` passes, at or above `marginal_threshold` is marginal,
//! lower fails (Kayenta's `ThresholdScoreClassifier`).
//!
//! Kayenta's classifier compares a Hodges-Lehmann confidence interval with a fraction of the
//! estimate; slogate uses the p-value and the change of the medians instead, which are what
//! its explanations print.
//!
//! ```
//! use slogate::canary::{judge, CanarySamples, CanarySettings, CanaryVerdict};
//!
//! let baseline = CanarySamples::from_values([
//!     ("latency_ms", vec![101.0, 98.0, 103.0, 99.0, 102.0, 100.0, 97.0, 104.0, 100.0, 101.0]),
//! ]);
//! let canary = CanarySamples::from_values([
//!     ("latency_ms", vec![121.0, 118.0, 125.0, 119.0, 122.0, 120.0, 117.0, 124.0, 123.0, 120.0]),
//! ]);
//! // SciPy: mannwhitneyu(canary, baseline) gives U = 100, p = 0.0001796.
//! let judgement = judge(&baseline, &canary, &[], &CanarySettings::default()).unwrap();
//! assert_eq!(judgement.verdict, CanaryVerdict::Fail);
//! assert_eq!(
//!     judgement.metrics[0].explanation(),
//!     "latency_ms: high (counts against the canary): canary median 120.5 vs baseline median \
//!      100.5 (+19.9%), Mann-Whitney p = 0.0001796 < 0.05 (U = 100, asymptotic, 10 vs 10 samples)"
//! );
//! ```

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ErrorCode, EvaluationError, InputError, Problem};
use crate::explain::format_number;
use crate::input::{OrderedEntries, SliReport};
use crate::json::{describe_json, json_problem};
use crate::slo::Slo;
use crate::stats::{self, PValueMethod};
use crate::yaml::shorten;

/// Samples per metric, in the order the metrics first appeared.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CanarySamples {
    metrics: Vec<(String, Vec<f64>)>,
}

impl CanarySamples {
    /// No samples.
    pub fn new() -> Self {
        CanarySamples::default()
    }

    /// Samples from `(metric, values)` pairs; values of a metric named twice are joined.
    pub fn from_values<I, S>(metrics: I) -> Self
    where
        I: IntoIterator<Item = (S, Vec<f64>)>,
        S: Into<String>,
    {
        let mut samples = CanarySamples::new();
        for (metric, values) in metrics {
            samples.extend(metric, values);
        }
        samples
    }

    /// Adds values to a metric's sample.
    pub fn extend(&mut self, metric: impl Into<String>, values: impl IntoIterator<Item = f64>) {
        let metric = metric.into();
        match self.metrics.iter_mut().find(|(name, _)| *name == metric) {
            Some((_, sample)) => sample.extend(values),
            None => self.metrics.push((metric, values.into_iter().collect())),
        }
    }

    /// Adds one sample per successfully measured value of an SLI report (one run of a load
    /// test, say).
    pub fn add_report(&mut self, report: &SliReport) {
        for value in report.indicator_values.iter().filter(|v| v.success) {
            self.extend(value.metric.clone(), [value.value]);
        }
    }

    /// Decodes samples from JSON: an object `{"metric": [numbers] or number}`, an array of such
    /// objects (one per run, joined), or Keptn get-sli data (one sample per value).
    ///
    /// ```
    /// use slogate::canary::CanarySamples;
    /// let samples = CanarySamples::from_json(r#"[{"p95": 410, "errors": [0, 1]}, {"p95": 415}]"#).unwrap();
    /// assert_eq!(samples.get("p95"), Some(&[410.0, 415.0][..]));
    /// assert_eq!(samples.get("errors"), Some(&[0.0, 1.0][..]));
    /// ```
    pub fn from_json(text: &str) -> Result<CanarySamples, InputError> {
        let document: SamplesDocument =
            serde_json::from_str(text).map_err(|e| json_problem(&e, "samples"))?;
        let runs = match document {
            SamplesDocument::Runs(runs) => runs,
            SamplesDocument::One(run) => vec![run],
        };
        let single = runs.len() == 1 && !text.trim_start().starts_with('[');
        let mut samples = CanarySamples::new();
        let mut problems = Vec::new();
        for (index, run) in runs.iter().enumerate() {
            let at = if single {
                String::new()
            } else {
                format!("[{index}]")
            };
            samples.add_json_run(run, &at, &mut problems);
        }
        if problems.is_empty() {
            Ok(samples)
        } else {
            Err(InputError::new(problems))
        }
    }

    fn add_json_run(&mut self, run: &SamplesRun, at: &str, problems: &mut Vec<Problem>) {
        let entries = match run {
            SamplesRun::Entries(OrderedEntries(entries)) => entries,
            SamplesRun::Other(other) => {
                problems.push(Problem::new(
                    ErrorCode::InvalidInput,
                    at,
                    format!(
                        "expected an object of samples per metric, found {}",
                        describe_json(other)
                    ),
                ));
                return;
            }
        };
        if entries
            .iter()
            .any(|(key, _)| key == "indicatorValues" || key == "getSLI")
        {
            let object = Value::Object(entries.iter().cloned().collect());
            match SliReport::from_json_value(&object) {
                Ok(report) => self.add_report(&report),
                Err(e) => problems.extend(e.problems().iter().cloned()),
            }
            return;
        }
        for (metric, value) in entries {
            let path = if at.is_empty() {
                metric.clone()
            } else {
                format!("{at}.{metric}")
            };
            let values: Vec<&Value> = match value {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for (index, item) in values.into_iter().enumerate() {
                match item.as_f64() {
                    Some(v) => self.extend(metric.clone(), [v]),
                    None => problems.push(Problem::new(
                        ErrorCode::InvalidInput,
                        if value.is_array() {
                            format!("{path}[{index}]")
                        } else {
                            path.clone()
                        },
                        format!(
                            "a sample of '{}' must be a number, found {}",
                            shorten(metric),
                            describe_json(item)
                        ),
                    )),
                }
            }
        }
    }

    /// The sample of a metric.
    pub fn get(&self, metric: &str) -> Option<&[f64]> {
        self.metrics
            .iter()
            .find(|(name, _)| name == metric)
            .map(|(_, values)| values.as_slice())
    }

    /// The metric names, in the order they first appeared.
    pub fn metric_names(&self) -> impl Iterator<Item = &str> {
        self.metrics.iter().map(|(name, _)| name.as_str())
    }
}

/// A samples document: one run or an array of runs, each object read in document order.
#[derive(Deserialize)]
#[serde(untagged)]
enum SamplesDocument {
    Runs(Vec<SamplesRun>),
    One(SamplesRun),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum SamplesRun {
    Entries(OrderedEntries),
    Other(Value),
}

/// Which change of a metric counts against the canary (Kayenta's metric direction).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Only an increase (`high`) counts: latency, errors.
    Increase,
    /// Only a decrease (`low`) counts: throughput, success rate.
    Decrease,
    /// Both count.
    #[default]
    Either,
}

impl Direction {
    /// `increase`, `decrease` or `either`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
            Direction::Either => "either",
        }
    }

    /// Parses `increase`, `decrease` or `either`.
    pub fn parse(text: &str) -> Option<Direction> {
        match text {
            "increase" => Some(Direction::Increase),
            "decrease" => Some(Direction::Decrease),
            "either" => Some(Direction::Either),
            _ => None,
        }
    }
}

/// A metric to judge, with its weight in the score.
#[derive(Clone, Debug, PartialEq)]
pub struct CanaryMetric {
    /// The metric name, as in the samples.
    pub name: String,
    /// Its weight in the score (positive).
    pub weight: f64,
    /// Which change counts against the canary.
    pub direction: Direction,
    /// A critical metric that is not `pass` fails the canary.
    pub critical: bool,
}

impl CanaryMetric {
    /// A metric of weight 1 where either change counts, not critical.
    pub fn new(name: impl Into<String>) -> Self {
        CanaryMetric {
            name: name.into(),
            weight: 1.0,
            direction: Direction::Either,
            critical: false,
        }
    }

    /// The scored objectives of an SLO as canary metrics: their weights, and their key SLIs as
    /// critical metrics.
    pub fn from_slo(slo: &Slo) -> Vec<CanaryMetric> {
        slo.objectives()
            .iter()
            .filter(|o| !o.is_info())
            .map(|o| CanaryMetric {
                name: o.sli.clone(),
                weight: f64::from(o.weight),
                direction: Direction::Either,
                critical: o.key_sli,
            })
            .collect()
    }
}

/// How a canary is judged.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CanarySettings {
    /// Confidence of the Mann-Whitney test: a difference is significant when
    /// `p < 1 - confidence`. Default 0.95.
    pub confidence: f64,
    /// Effect-size tolerance: a significant change of the median smaller than this fraction of
    /// the baseline median still passes. Default 0 (every significant change counts).
    pub tolerance: f64,
    /// The score (0 to 100) at or above which the canary passes. Default 95.
    pub pass_threshold: f64,
    /// The score (0 to 100) at or above which a canary that does not pass is marginal.
    /// Default 75.
    pub marginal_threshold: f64,
}

impl Default for CanarySettings {
    fn default() -> Self {
        CanarySettings {
            confidence: 0.95,
            tolerance: 0.0,
            pass_threshold: 95.0,
            marginal_threshold: 75.0,
        }
    }
}

impl CanarySettings {
    /// Every problem with the settings: a confidence outside `(0, 1)`, a negative tolerance,
    /// thresholds outside `[0, 100]` or a marginal threshold above the pass threshold.
    pub fn validate(&self) -> Result<(), EvaluationError> {
        let mut problems = Vec::new();
        let mut refuse = |field: &str, value: f64, expected: &str| {
            problems.push(Problem::new(
                ErrorCode::InvalidCanarySettings,
                field,
                format!("{field} is {}; expected {expected}", format_number(value)),
            ));
        };
        if !(self.confidence > 0.0 && self.confidence < 1.0) {
            refuse(
                "confidence",
                self.confidence,
                "a number between 0 and 1, exclusive",
            );
        }
        if !(self.tolerance >= 0.0 && self.tolerance.is_finite()) {
            refuse("tolerance", self.tolerance, "a fraction of at least 0");
        }
        for (field, value) in [
            ("pass_threshold", self.pass_threshold),
            ("marginal_threshold", self.marginal_threshold),
        ] {
            if !(0.0..=100.0).contains(&value) {
                refuse(field, value, "a percentage between 0 and 100");
            }
        }
        if self.marginal_threshold > self.pass_threshold {
            refuse(
                "marginal_threshold",
                self.marginal_threshold,
                "at most the pass threshold",
            );
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(EvaluationError::new(problems))
        }
    }
}

/// How one metric compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Classification {
    /// No significant change beyond the tolerance.
    Pass,
    /// The canary is significantly higher.
    High,
    /// The canary is significantly lower.
    Low,
    /// One side has no samples.
    Nodata,
}

impl Classification {
    /// `pass`, `high`, `low` or `nodata`.
    pub fn as_str(self) -> &'static str {
        match self {
            Classification::Pass => "pass",
            Classification::High => "high",
            Classification::Low => "low",
            Classification::Nodata => "nodata",
        }
    }
}

/// The size and centre of one side's sample.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SampleSummary {
    /// Number of samples.
    pub count: usize,
    /// Their median (`None` without samples).
    pub median: Option<f64>,
    /// Their mean (`None` without samples).
    pub mean: Option<f64>,
}

impl SampleSummary {
    fn of(values: &[f64]) -> SampleSummary {
        SampleSummary {
            count: values.len(),
            median: stats::median(values),
            mean: stats::mean(values),
        }
    }
}

/// The judgement of one metric.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricJudgement {
    /// The metric.
    pub metric: String,
    /// How the canary compares.
    pub classification: Classification,
    /// Whether the classification counts against the canary (its direction is harmful).
    pub counted_against: bool,
    /// The metric's weight.
    pub weight: f64,
    /// Whether the metric is critical.
    pub critical: bool,
    /// Which change counts against the canary.
    pub direction: Direction,
    /// The baseline's sample.
    pub baseline: SampleSummary,
    /// The canary's sample.
    pub canary: SampleSummary,
    /// Mann-Whitney U of the canary (`None` without data).
    pub u: Option<f64>,
    /// The two-sided p-value (`None` without data).
    pub p_value: Option<f64>,
    /// `exact` or `asymptotic` (`None` without data).
    pub method: Option<&'static str>,
    /// The change of the median as a fraction of the baseline median (`None` without data;
    /// infinite when the baseline median is 0 and the canary's is not).
    pub effect: Option<f64>,
    /// The significance level, `1 - confidence`.
    pub alpha: f64,
    /// The effect-size tolerance.
    pub tolerance: f64,
}

impl MetricJudgement {
    /// The change of the median as a signed percentage with one decimal (`+14.6%`), `from 0`
    /// when the baseline median is 0; `None` without data.
    pub fn change_text(&self) -> Option<String> {
        let effect = self.effect?;
        if !effect.is_finite() {
            return Some("from 0".to_owned());
        }
        let percent = (effect * 1000.0).round() / 10.0;
        let sign = if percent > 0.0 { "+" } else { "" };
        Some(format!("{sign}{}%", format_number(percent)))
    }

    /// One line saying how the metric was classified and why.
    pub fn explanation(&self) -> String {
        let verdict = match (self.classification, self.counted_against) {
            (Classification::Nodata, _) => {
                let side = match (self.baseline.count, self.canary.count) {
                    (0, 0) => "neither side has samples",
                    (0, _) => "the baseline has no samples",
                    _ => "the canary has no samples",
                };
                return format!("{}: nodata ({side})", self.metric);
            }
            (Classification::Pass, _) => "pass".to_owned(),
            (class, true) => format!("{} (counts against the canary)", class.as_str()),
            (class, false) => format!(
                "{} (not counted: only {} counts)",
                class.as_str(),
                if self.direction == Direction::Increase {
                    "an increase"
                } else {
                    "a decrease"
                }
            ),
        };
        let (Some(base), Some(can), Some(effect), Some(p), Some(u), Some(method)) = (
            self.baseline.median,
            self.canary.median,
            self.effect,
            self.p_value,
            self.u,
            self.method,
        ) else {
            return format!("{}: {verdict}", self.metric);
        };
        let change = if effect.is_finite() {
            self.change_text().unwrap_or_default()
        } else {
            "from a baseline median of 0".to_owned()
        };
        let significance = if p < self.alpha {
            format!("p = {} < {}", format_number(p), format_number(self.alpha))
        } else {
            format!(
                "p = {} >= {}: no significant difference",
                format_number(p),
                format_number(self.alpha)
            )
        };
        let within = if p < self.alpha && self.classification == Classification::Pass {
            format!(
                "; the change is within the tolerance of {}%",
                format_number(self.tolerance * 100.0)
            )
        } else {
            String::new()
        };
        format!(
            "{}: {verdict}: canary median {} vs baseline median {} ({change}), Mann-Whitney \
             {significance} (U = {}, {method}, {} vs {} samples){within}",
            self.metric,
            format_number(can),
            format_number(base),
            format_number(u),
            self.canary.count,
            self.baseline.count,
        )
    }
}

/// The overall outcome of a canary judgement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CanaryVerdict {
    /// The score reached the pass threshold.
    Pass,
    /// The score reached the marginal threshold only.
    Marginal,
    /// The score is lower, a critical metric did not pass, or too many metrics have no data.
    Fail,
}

impl CanaryVerdict {
    /// `pass`, `marginal` or `fail`.
    pub fn as_str(self) -> &'static str {
        match self {
            CanaryVerdict::Pass => "pass",
            CanaryVerdict::Marginal => "marginal",
            CanaryVerdict::Fail => "fail",
        }
    }
}

impl fmt::Display for CanaryVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The judgement of a canary against its baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CanaryJudgement {
    /// The overall outcome.
    #[serde(rename = "result")]
    pub verdict: CanaryVerdict,
    /// The score, 0 to 100, rounded to two decimals.
    pub score: f64,
    /// Why the canary failed regardless of its score (a critical metric, missing data).
    pub reason: Option<String>,
    /// One judgement per metric, in the order judged.
    pub metrics: Vec<MetricJudgement>,
    /// The settings used.
    pub settings: CanarySettings,
}

/// Share of metrics without data at or above which the canary fails (Kayenta's 50%).
const NODATA_FAIL_PERCENT: f64 = 50.0;

impl CanaryJudgement {
    /// The judgement as JSON: `{"result", "score", "reason", "summary", "metrics": [...],
    /// "settings"}`, each metric with its explanation.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Metric<'a> {
            #[serde(flatten)]
            judgement: &'a MetricJudgement,
            explanation: String,
        }
        #[derive(Serialize)]
        struct Judgement<'a> {
            result: CanaryVerdict,
            score: f64,
            reason: &'a Option<String>,
            summary: String,
            metrics: Vec<Metric<'a>>,
            settings: &'a CanarySettings,
        }
        let json = Judgement {
            result: self.verdict,
            score: self.score,
            reason: &self.reason,
            summary: self.summary(),
            metrics: self
                .metrics
                .iter()
                .map(|judgement| Metric {
                    judgement,
                    explanation: judgement.explanation(),
                })
                .collect(),
            settings: &self.settings,
        };
        serde_json::to_string(&json).unwrap_or_default()
    }

    /// One sentence: the verdict, the score against the thresholds, and how many metrics pass.
    pub fn summary(&self) -> String {
        let with_data = self
            .metrics
            .iter()
            .filter(|m| m.classification != Classification::Nodata)
            .count();
        let good = self
            .metrics
            .iter()
            .filter(|m| m.classification != Classification::Nodata && !m.counted_against)
            .count();
        let mut text = format!(
            "canary {} with a score of {} (pass at {}, marginal at {}): {good} of {with_data} \
             metrics with data are not counted against it",
            self.verdict,
            format_number(self.score),
            format_number(self.settings.pass_threshold),
            format_number(self.settings.marginal_threshold),
        );
        if let Some(reason) = &self.reason {
            text.push_str("; ");
            text.push_str(reason);
        }
        text
    }
}

/// Judges a canary against its baseline.
///
/// `metrics` names the metrics to judge with their weights; when empty, every metric of either
/// sample is judged with weight 1, baseline's metrics first. Refuses invalid settings, a metric
/// named twice or with a weight that is not positive, and samples that are not finite.
pub fn judge(
    baseline: &CanarySamples,
    canary: &CanarySamples,
    metrics: &[CanaryMetric],
    settings: &CanarySettings,
) -> Result<CanaryJudgement, EvaluationError> {
    settings.validate()?;
    let mut problems = Vec::new();
    let all_metrics;
    let metrics = if metrics.is_empty() {
        let mut names: Vec<&str> = Vec::new();
        for name in baseline.metric_names().chain(canary.metric_names()) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        all_metrics = names.into_iter().map(CanaryMetric::new).collect::<Vec<_>>();
        &all_metrics[..]
    } else {
        metrics
    };
    let mut seen = HashSet::new();
    for metric in metrics {
        if !seen.insert(metric.name.as_str()) {
            problems.push(Problem::new(
                ErrorCode::InvalidCanarySettings,
                metric.name.clone(),
                format!("metric '{}' is listed twice", shorten(&metric.name)),
            ));
        }
        if !(metric.weight > 0.0 && metric.weight.is_finite()) {
            problems.push(Problem::new(
                ErrorCode::InvalidCanarySettings,
                metric.name.clone(),
                format!(
                    "the weight of '{}' is {}; expected a positive number",
                    shorten(&metric.name),
                    format_number(metric.weight)
                ),
            ));
        }
    }
    for (side, samples) in [("baseline", baseline), ("canary", canary)] {
        for (name, values) in &samples.metrics {
            if let Some(bad) = values.iter().find(|v| !v.is_finite()) {
                problems.push(Problem::non_finite(
                    format!("{side}.{name}"),
                    &format!("the {side} sample of '{}'", shorten(name)),
                    *bad,
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(EvaluationError::new(problems));
    }

    let alpha = 1.0 - settings.confidence;
    let judged: Vec<MetricJudgement> = metrics
        .iter()
        .map(|metric| {
            let base = baseline.get(&metric.name).unwrap_or(&[]);
            let can = canary.get(&metric.name).unwrap_or(&[]);
            judge_metric(metric, base, can, alpha, settings.tolerance)
        })
        .collect();
    Ok(score(judged, *settings))
}

fn judge_metric(
    metric: &CanaryMetric,
    base: &[f64],
    can: &[f64],
    alpha: f64,
    tolerance: f64,
) -> MetricJudgement {
    let (baseline, canary) = (SampleSummary::of(base), SampleSummary::of(can));
    let mut judgement = MetricJudgement {
        metric: metric.name.clone(),
        classification: Classification::Nodata,
        counted_against: false,
        weight: metric.weight,
        critical: metric.critical,
        direction: metric.direction,
        baseline,
        canary,
        u: None,
        p_value: None,
        method: None,
        effect: None,
        alpha,
        tolerance,
    };
    let (Some(test), Some(base_median), Some(can_median)) = (
        stats::mann_whitney_u(can, base),
        baseline.median,
        canary.median,
    ) else {
        return judgement;
    };
    let effect = if base_median == 0.0 {
        if can_median == 0.0 {
            0.0
        } else {
            f64::INFINITY.copysign(can_median)
        }
    } else {
        (can_median - base_median) / base_median.abs()
    };
    let significant = test.p_value < alpha;
    judgement.classification = if significant && effect > tolerance {
        Classification::High
    } else if significant && effect < -tolerance {
        Classification::Low
    } else {
        Classification::Pass
    };
    judgement.counted_against = match judgement.classification {
        Classification::High => metric.direction != Direction::Decrease,
        Classification::Low => metric.direction != Direction::Increase,
        Classification::Pass | Classification::Nodata => false,
    };
    judgement.u = Some(test.u);
    judgement.p_value = Some(test.p_value);
    judgement.method = Some(match test.method {
        PValueMethod::Exact => "exact",
        PValueMethod::Asymptotic => "asymptotic",
    });
    judgement.effect = Some(effect);
    judgement
}

fn score(metrics: Vec<MetricJudgement>, settings: CanarySettings) -> CanaryJudgement {
    let fail = |metrics, reason: String| CanaryJudgement {
        verdict: CanaryVerdict::Fail,
        score: 0.0,
        reason: Some(reason),
        metrics,
        settings,
    };
    if let Some(critical) = metrics
        .iter()
        .find(|m| m.critical && m.classification != Classification::Pass)
    {
        let reason = format!(
            "the critical metric '{}' is {}",
            critical.metric,
            critical.classification.as_str()
        );
        return fail(metrics, reason);
    }
    let nodata = metrics
        .iter()
        .filter(|m| m.classification == Classification::Nodata)
        .count();
    if metrics.is_empty() || nodata as f64 * 100.0 / metrics.len() as f64 >= NODATA_FAIL_PERCENT {
        let reason = format!(
            "{nodata} of {} metrics have no data (the canary fails at {}% or more)",
            metrics.len(),
            format_number(NODATA_FAIL_PERCENT)
        );
        return fail(metrics, reason);
    }
    let with_data = metrics
        .iter()
        .filter(|m| m.classification != Classification::Nodata);
    let total: f64 = with_data.clone().map(|m| m.weight).sum();
    let good: f64 = with_data
        .filter(|m| !m.counted_against)
        .map(|m| m.weight)
        .sum();
    let score = (good / total * 100.0 * 100.0).round() / 100.0;
    let verdict = if score >= settings.pass_threshold {
        CanaryVerdict::Pass
    } else if score >= settings.marginal_threshold {
        CanaryVerdict::Marginal
    } else {
        CanaryVerdict::Fail
    };
    CanaryJudgement {
        verdict,
        score,
        reason: None,
        metrics,
        settings,
    }
}

/// The options of [`judge_json`]: the settings (each optional, defaults as
/// [`CanarySettings::default`]), and the metrics, from a list or from an SLO's objectives.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CanaryOptions {
    confidence: Option<f64>,
    tolerance: Option<f64>,
    #[serde(alias = "pass_threshold")]
    pass_threshold: Option<f64>,
    #[serde(alias = "marginal_threshold")]
    marginal_threshold: Option<f64>,
    slo: Option<String>,
    metrics: Option<Vec<MetricOption>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricOption {
    name: String,
    weight: Option<f64>,
    direction: Option<String>,
    critical: Option<bool>,
}

/// Judges a canary from JSON, for the bindings: `baseline` and `canary` as
/// [`CanarySamples::from_json`] reads them, `options` an object with `confidence`,
/// `tolerance`, `passThreshold`, `marginalThreshold` (each optional), and either `slo` (the
/// SLO's YAML text, as in [`CanaryMetric::from_slo`]) or `metrics`
/// (`[{"name", "weight", "direction", "critical"}]`). Returns [`CanaryJudgement::to_json`].
///
/// ```
/// let out = slogate::canary::judge_json(
///     r#"{"p95": [410, 420, 415]}"#,
///     r#"{"p95": [412, 418, 416]}"#,
///     r#"{"confidence": 0.9}"#,
/// ).unwrap();
/// assert!(out.starts_with(r#"{"result":"pass","score":100.0"#));
/// ```
pub fn judge_json(baseline: &str, canary: &str, options: &str) -> Result<String, crate::Error> {
    let options: CanaryOptions = serde_json::from_str(options).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            json_problem(&e, "canary options")
        } else {
            InputError::from(Problem::new(
                ErrorCode::InvalidCanarySettings,
                "",
                format!("invalid canary options: {e}"),
            ))
        }
    })?;
    let defaults = CanarySettings::default();
    let settings = CanarySettings {
        confidence: options.confidence.unwrap_or(defaults.confidence),
        tolerance: options.tolerance.unwrap_or(defaults.tolerance),
        pass_threshold: options.pass_threshold.unwrap_or(defaults.pass_threshold),
        marginal_threshold: options
            .marginal_threshold
            .unwrap_or(defaults.marginal_threshold),
    };
    let mut metrics = match &options.slo {
        Some(text) => CanaryMetric::from_slo(&Slo::parse(text)?),
        None => Vec::new(),
    };
    for metric in options.metrics.unwrap_or_default() {
        let direction = match metric.direction.as_deref() {
            None => Direction::Either,
            Some(text) => Direction::parse(text).ok_or_else(|| {
                EvaluationError::from(Problem::new(
                    ErrorCode::InvalidCanarySettings,
                    metric.name.clone(),
                    format!(
                        "unknown direction '{}'; expected 'increase', 'decrease' or 'either'",
                        shorten(text)
                    ),
                ))
            })?,
        };
        metrics.push(CanaryMetric {
            weight: metric.weight.unwrap_or(1.0),
            direction,
            critical: metric.critical.unwrap_or(false),
            ..CanaryMetric::new(metric.name)
        });
    }
    let baseline = CanarySamples::from_json(baseline)?;
    let canary = CanarySamples::from_json(canary)?;
    Ok(judge(&baseline, &canary, &metrics, &settings)?.to_json())
}
