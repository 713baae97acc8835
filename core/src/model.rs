//! History models: a limit computed from the comparison basis' values, as Bencher's thresholds
//! compute theirs, so that a noisy metric is judged against its own noise.
//!
//! A [`HistoryModel`] names a kind, a lower and/or an upper boundary, and sample sizes. Given
//! the basis' values (newest first; the newest `max_sample_size` are used) it computes a limit
//! on each side it has a boundary for, and judges a new value: `fail` when it lies beyond a
//! limit (strictly), `pass` otherwise, `inconclusive` when the basis holds fewer than
//! `min_sample_size` values or the model cannot be computed (a logarithm of a value that is not
//! positive). How an inconclusive result counts is an [`InconclusivePolicy`] (default
//! `warning`): too little data is never a silent pass.
//!
//! The kinds and their limits, for basis values `x_1..x_n` (Bencher's definitions, from its
//! `bencher_boundary` crate; `mean` and `sd` are the mean and the *population* standard
//! deviation, `sum (x_i - mean)^2 / n`):
//!
//! | kind | centre | upper limit | lower limit | boundary |
//! |---|---|---|---|---|
//! | `static` | - | `b` | `b` | the limit itself |
//! | `percentage` | `mean` | `mean + mean * b` | `mean - mean * b` | a fraction, `0.1` = 10% |
//! | `z_score` | `mean` | `mean + sd * Φ⁻¹(b)` | `mean - sd * Φ⁻¹(b)` | a probability in `[0.5, 1)` |
//! | `t_test` | `mean` | `mean + sd * t⁻¹(b; n - 1)` | `mean - sd * t⁻¹(b; n - 1)` | a probability in `[0.5, 1)` |
//! | `log_normal` | `exp(μ)` | `exp(μ + σ Φ⁻¹(b))` | `2 exp(μ) - exp(μ + σ Φ⁻¹(b))` | a probability in `[0.5, 1)` |
//! | `iqr` | `q2` | `q2 + (q3 - q1) * b` | `q2 - (q3 - q1) * b` | a multiplier |
//! | `delta_iqr` | `q2` | `q2 + q2 * (d3 - d1) * b` | `q2 - q2 * (d3 - d1) * b` | a multiplier |
//!
//! `Φ⁻¹` is the standard normal quantile, `t⁻¹(·; n - 1)` Student's t quantile with `n - 1`
//! degrees of freedom (Bencher scales it by the population `sd`), `μ` and `σ` the mean and
//! population standard deviation of `ln x_i`, `q1..q3` the quartiles of the values (linear
//! interpolation), and `d1`, `d3` the quartiles of the relative changes between consecutive
//! values, `|x_(i+1) - x_i| / |x_i|`. As in Bencher, a lower limit mirrors the upper one around
//! the centre.
//!
//! The statistic reported with each judgement says how far the value lies from the centre in
//! the model's own unit: `(value - mean) / sd` for `z_score` and `t_test`, `(ln value - μ) / σ`
//! for `log_normal`, `(value - q2) / (q3 - q1)` for `iqr`, the relative change from the newest
//! basis value for `delta_iqr`, the relative change from the mean for `percentage`.
//!
//! Where Bencher sets no limit because the basis has no spread at all (every value equal),
//! slogate's limit is the centre itself: the same value passes, any other value on a bounded
//! side fails.
//!
//! ```
//! use slogate::model::{HistoryModel, ModelKind, ModelStatus};
//!
//! let model = HistoryModel { upper_boundary: Some(0.99), ..HistoryModel::new(ModelKind::TTest) };
//! // Twelve noisy p95 latencies, newest first.
//! let basis = [512.0, 468.0, 530.0, 495.0, 478.0, 521.0, 489.0, 503.0, 470.0, 515.0, 498.0, 507.0];
//! let ok = model.judge(540.0, &basis);
//! assert_eq!(ok.status, ModelStatus::Pass);
//! let slow = model.judge(560.0, &basis);
//! assert_eq!(slow.status, ModelStatus::Fail);
//! assert_eq!(
//!     slow.explanation(),
//!     "560 is above the t_test upper limit 550.344 (mean 498.833 + 2.718 × sd 18.951 over 12 \
//!      results, boundary 0.99): fail (statistic 3.228)"
//! );
//! ```

use std::fmt;
use std::str::FromStr;

use crate::explain::format_number;
use crate::stats::{self, Quartiles};

/// The statistical model of a [`HistoryModel`] (Bencher's threshold models).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModelKind {
    /// A fixed limit.
    Static,
    /// A percentage around the basis mean.
    Percentage,
    /// A normal distribution fitted to the basis.
    ZScore,
    /// Student's t distribution with `n - 1` degrees of freedom.
    TTest,
    /// A log-normal distribution fitted to the basis.
    LogNormal,
    /// A multiple of the interquartile range around the median.
    Iqr,
    /// A multiple of the interquartile range of consecutive relative changes.
    DeltaIqr,
}

impl ModelKind {
    /// Every kind.
    pub const ALL: &'static [ModelKind] = &[
        ModelKind::Static,
        ModelKind::Percentage,
        ModelKind::ZScore,
        ModelKind::TTest,
        ModelKind::LogNormal,
        ModelKind::Iqr,
        ModelKind::DeltaIqr,
    ];

    /// The kind's name: `static`, `percentage`, `z_score`, `t_test`, `log_normal`, `iqr`,
    /// `delta_iqr`.
    pub fn as_str(self) -> &'static str {
        match self {
            ModelKind::Static => "static",
            ModelKind::Percentage => "percentage",
            ModelKind::ZScore => "z_score",
            ModelKind::TTest => "t_test",
            ModelKind::LogNormal => "log_normal",
            ModelKind::Iqr => "iqr",
            ModelKind::DeltaIqr => "delta_iqr",
        }
    }

    /// Whether a boundary of this kind is a probability (`z_score`, `t_test`, `log_normal`).
    pub fn boundary_is_probability(self) -> bool {
        matches!(
            self,
            ModelKind::ZScore | ModelKind::TTest | ModelKind::LogNormal
        )
    }
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ModelKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ModelKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| {
                format!(
                    "unknown model kind '{text}'; expected one of {}",
                    ModelKind::ALL
                        .iter()
                        .map(|k| format!("'{k}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
    }
}

/// How an inconclusive judgement counts in the gate.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum InconclusivePolicy {
    /// As a pass.
    Pass,
    /// As a warning (the default).
    #[default]
    Warning,
    /// As a failure.
    Fail,
    /// Not at all: the objective's weight leaves the score.
    Ignore,
}

impl InconclusivePolicy {
    /// `pass`, `warning`, `fail` or `ignore`.
    pub fn as_str(self) -> &'static str {
        match self {
            InconclusivePolicy::Pass => "pass",
            InconclusivePolicy::Warning => "warning",
            InconclusivePolicy::Fail => "fail",
            InconclusivePolicy::Ignore => "ignore",
        }
    }
}

impl FromStr for InconclusivePolicy {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "pass" => Ok(InconclusivePolicy::Pass),
            "warning" => Ok(InconclusivePolicy::Warning),
            "fail" => Ok(InconclusivePolicy::Fail),
            "ignore" => Ok(InconclusivePolicy::Ignore),
            _ => Err(format!(
                "unknown inconclusive policy '{text}'; expected 'pass', 'warning', 'fail' or 'ignore'"
            )),
        }
    }
}

/// A limit computed from the comparison basis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HistoryModel {
    /// The model.
    pub kind: ModelKind,
    /// The boundary of the lower limit, if values may not drop.
    pub lower_boundary: Option<f64>,
    /// The boundary of the upper limit, if values may not rise.
    pub upper_boundary: Option<f64>,
    /// Fewer basis values than this make the judgement inconclusive (at least 2 for the
    /// statistical kinds, which need a spread).
    pub min_sample_size: usize,
    /// At most this many of the newest basis values are used.
    pub max_sample_size: Option<usize>,
}

impl HistoryModel {
    /// A model of `kind` without boundaries, a minimum sample size of 2 and no maximum.
    pub fn new(kind: ModelKind) -> Self {
        HistoryModel {
            kind,
            lower_boundary: None,
            upper_boundary: None,
            min_sample_size: 2,
            max_sample_size: None,
        }
    }

    /// What is wrong with the model's settings, if anything: no boundary, a boundary out of
    /// range for the kind, or sample sizes that contradict each other.
    pub fn check(&self) -> Result<(), String> {
        if self.lower_boundary.is_none() && self.upper_boundary.is_none() {
            return Err("a model needs a lower_boundary, an upper_boundary or both".to_owned());
        }
        for (name, boundary) in [
            ("lower_boundary", self.lower_boundary),
            ("upper_boundary", self.upper_boundary),
        ] {
            let Some(b) = boundary else { continue };
            let ok = match self.kind {
                ModelKind::Static => b.is_finite(),
                ModelKind::ZScore | ModelKind::TTest | ModelKind::LogNormal => {
                    (0.5..1.0).contains(&b)
                }
                ModelKind::Percentage | ModelKind::Iqr | ModelKind::DeltaIqr => {
                    b >= 0.0 && b.is_finite()
                }
            };
            if !ok {
                let expected = match self.kind {
                    ModelKind::Static => "a finite number",
                    ModelKind::ZScore | ModelKind::TTest | ModelKind::LogNormal => {
                        "a probability from 0.5 up to, not including, 1"
                    }
                    ModelKind::Percentage => "a fraction of at least 0 (0.1 is 10%)",
                    ModelKind::Iqr | ModelKind::DeltaIqr => "a multiplier of at least 0",
                };
                return Err(format!(
                    "{name} {} is out of range for {}; expected {expected}",
                    format_number(b),
                    self.kind
                ));
            }
        }
        let least = if self.kind == ModelKind::Static { 0 } else { 2 };
        if self.kind != ModelKind::Static && self.min_sample_size < least {
            return Err(format!(
                "min_sample_size {} is too small for {}; it needs at least {least} values",
                self.min_sample_size, self.kind
            ));
        }
        if let Some(max) = self.max_sample_size {
            if max < self.min_sample_size {
                return Err(format!(
                    "max_sample_size {max} is below min_sample_size {}",
                    self.min_sample_size
                ));
            }
        }
        Ok(())
    }

    /// Judges `value` against the limits computed from `basis` (newest first).
    ///
    /// A model that fails [`HistoryModel::check`] judges `inconclusive`, with the reason.
    pub fn judge(&self, value: f64, basis: &[f64]) -> ModelJudgement {
        let used = &basis[..self
            .max_sample_size
            .map_or(basis.len(), |m| m.min(basis.len()))];
        let mut judgement = ModelJudgement {
            model: *self,
            value,
            samples: used.len(),
            status: ModelStatus::Inconclusive,
            centre: None,
            spread: None,
            factor: None,
            lower: None,
            upper: None,
            statistic: None,
            reason: None,
        };
        if let Err(reason) = self.check() {
            judgement.reason = Some(reason);
            return judgement;
        }
        if self.kind != ModelKind::Static && used.len() < self.min_sample_size {
            judgement.reason = Some(format!(
                "the basis holds {} value{}, fewer than the {} the {} model needs",
                used.len(),
                if used.len() == 1 { "" } else { "s" },
                self.min_sample_size,
                self.kind
            ));
            return judgement;
        }
        if let Err(reason) = self.fill_limits(value, used, &mut judgement) {
            judgement.reason = Some(reason);
            return judgement;
        }
        let above = judgement.upper.is_some_and(|limit| value > limit);
        let below = judgement.lower.is_some_and(|limit| value < limit);
        judgement.status = if above || below {
            ModelStatus::Fail
        } else {
            ModelStatus::Pass
        };
        judgement
    }

    fn fill_limits(
        &self,
        value: f64,
        used: &[f64],
        out: &mut ModelJudgement,
    ) -> Result<(), String> {
        if self.kind == ModelKind::Static {
            out.lower = self.lower_boundary;
            out.upper = self.upper_boundary;
            return Ok(());
        }
        if self.kind == ModelKind::LogNormal {
            return self.fill_log_normal(value, used, out);
        }
        let (centre, spread, statistic) = self.fit(value, used)?;
        out.centre = Some(centre);
        out.spread = Some(spread);
        out.statistic = statistic;
        if let Some(b) = self.lower_boundary {
            let factor = self.factor(b, used.len())?;
            out.factor = Some(factor);
            out.lower = Some(centre - spread * factor);
        }
        if let Some(b) = self.upper_boundary {
            let factor = self.factor(b, used.len())?;
            out.factor = Some(factor);
            out.upper = Some(centre + spread * factor);
        }
        Ok(())
    }

    /// The centre, the spread the boundary multiplies, and the value's statistic.
    fn fit(&self, value: f64, used: &[f64]) -> Result<(f64, f64, Option<f64>), String> {
        let overflow = || "the basis values overflow".to_owned();
        match self.kind {
            ModelKind::Percentage => {
                let mean = stats::mean(used).ok_or_else(overflow)?;
                let change = (mean != 0.0).then(|| (value - mean) / mean.abs());
                Ok((mean, mean.abs(), change))
            }
            ModelKind::Iqr => {
                let q = Quartiles::of(used).ok_or_else(overflow)?;
                let iqr = q.iqr();
                Ok((q.q2, iqr, (iqr > 0.0).then(|| (value - q.q2) / iqr)))
            }
            ModelKind::DeltaIqr => {
                let q = Quartiles::of(used).ok_or_else(overflow)?;
                // Relative changes between consecutive values, each from the older one.
                let changes: Vec<f64> = used
                    .windows(2)
                    .map(|w| ((w[0] - w[1]) / w[1]).abs())
                    .filter(|c| c.is_finite())
                    .collect();
                let d = Quartiles::of(&changes)
                    .ok_or("the basis has no finite relative change between its values")?;
                let newest = used[0];
                let change = (newest != 0.0).then(|| (value - newest) / newest.abs());
                Ok((q.q2, q.q2.abs() * d.iqr(), change))
            }
            _ => {
                let mean = stats::mean(used).ok_or_else(overflow)?;
                let sd = stats::population_std_dev(used).ok_or_else(overflow)?;
                Ok((mean, sd, (sd > 0.0).then(|| (value - mean) / sd)))
            }
        }
    }

    /// The multiplier of the spread for boundary `b` over `n` values.
    fn factor(&self, b: f64, n: usize) -> Result<f64, String> {
        let quantile = match self.kind {
            ModelKind::ZScore | ModelKind::LogNormal => stats::normal_quantile(b),
            ModelKind::TTest => stats::students_t_quantile(b, (n - 1) as f64),
            _ => return Ok(b),
        };
        quantile.ok_or_else(|| format!("the boundary {} has no quantile", format_number(b)))
    }

    fn fill_log_normal(
        &self,
        value: f64,
        used: &[f64],
        out: &mut ModelJudgement,
    ) -> Result<(), String> {
        if let Some(bad) = used.iter().find(|v| **v <= 0.0) {
            return Err(format!(
                "the log_normal model needs positive values; the basis holds {}",
                format_number(*bad)
            ));
        }
        let logs: Vec<f64> = used.iter().map(|v| v.ln()).collect();
        let overflow = || "the basis values overflow".to_owned();
        let location = stats::mean(&logs).ok_or_else(overflow)?;
        let scale = stats::population_std_dev(&logs).ok_or_else(overflow)?;
        // Without spread every value is the same, and exp(ln x) may differ from x in the last
        // bit: the centre and the limits are the value itself.
        let centre = if scale == 0.0 {
            used[0]
        } else {
            location.exp()
        };
        out.centre = Some(centre);
        out.spread = Some(scale);
        out.statistic = (scale > 0.0 && value > 0.0).then(|| (value.ln() - location) / scale);
        let limit = |b: f64| -> Result<f64, String> {
            let q = self.factor(b, used.len())?;
            Ok(if scale == 0.0 {
                centre
            } else {
                (location + scale * q).exp()
            })
        };
        if let Some(b) = self.lower_boundary {
            out.factor = Some(self.factor(b, used.len())?);
            out.lower = Some(2.0 * centre - limit(b)?);
        }
        if let Some(b) = self.upper_boundary {
            out.factor = Some(self.factor(b, used.len())?);
            out.upper = Some(limit(b)?);
        }
        Ok(())
    }
}

/// The outcome of a model's judgement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModelStatus {
    /// Within the limits.
    Pass,
    /// Beyond a limit.
    Fail,
    /// Too little data, or a model that cannot be computed.
    Inconclusive,
}

impl ModelStatus {
    /// `pass`, `fail` or `inconclusive`.
    pub fn as_str(self) -> &'static str {
        match self {
            ModelStatus::Pass => "pass",
            ModelStatus::Fail => "fail",
            ModelStatus::Inconclusive => "inconclusive",
        }
    }

    /// How the status counts under `policy`: `pass`, `warning` or `fail`, or `None` when an
    /// inconclusive result is ignored.
    pub fn counted(self, policy: InconclusivePolicy) -> Option<&'static str> {
        match (self, policy) {
            (ModelStatus::Pass, _) | (ModelStatus::Inconclusive, InconclusivePolicy::Pass) => {
                Some("pass")
            }
            (ModelStatus::Fail, _) | (ModelStatus::Inconclusive, InconclusivePolicy::Fail) => {
                Some("fail")
            }
            (ModelStatus::Inconclusive, InconclusivePolicy::Warning) => Some("warning"),
            (ModelStatus::Inconclusive, InconclusivePolicy::Ignore) => None,
        }
    }
}

/// A value judged by a [`HistoryModel`], with everything that explains it.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelJudgement {
    /// The model used.
    pub model: HistoryModel,
    /// The judged value.
    pub value: f64,
    /// How many basis values were used.
    pub samples: usize,
    /// The outcome.
    pub status: ModelStatus,
    /// The centre the limits are built around (mean, median or `exp(μ)`).
    pub centre: Option<f64>,
    /// The spread the boundary multiplies (`sd`, `|mean|`, the IQR, `σ` of the logarithms).
    pub spread: Option<f64>,
    /// The boundary's factor: the quantile for probability boundaries, the boundary itself
    /// otherwise (the upper one when both are set).
    pub factor: Option<f64>,
    /// The lower limit.
    pub lower: Option<f64>,
    /// The upper limit.
    pub upper: Option<f64>,
    /// How far the value lies from the centre in the model's unit (see the module docs).
    pub statistic: Option<f64>,
    /// Why the judgement is inconclusive.
    pub reason: Option<String>,
}

impl ModelJudgement {
    /// One line naming the value, the limit it was held to, how that limit was computed, and
    /// the status.
    pub fn explanation(&self) -> String {
        let kind = self.model.kind;
        if self.status == ModelStatus::Inconclusive {
            return format!(
                "{} with the {kind} model: inconclusive ({})",
                format_number(self.value),
                self.reason
                    .as_deref()
                    .unwrap_or("no limit could be computed")
            );
        }
        let (relation, side, limit, boundary) = match (self.lower, self.upper) {
            (_, Some(up)) if self.value > up => {
                ("is above", "upper", up, self.model.upper_boundary)
            }
            (Some(low), _) if self.value < low => {
                ("is below", "lower", low, self.model.lower_boundary)
            }
            (_, Some(up)) => ("is within", "upper", up, self.model.upper_boundary),
            (Some(low), _) => ("is within", "lower", low, self.model.lower_boundary),
            (None, None) => ("has", "no", f64::NAN, None),
        };
        let how = match (kind, self.centre, self.spread, self.factor) {
            (ModelKind::Static, ..) => "fixed".to_owned(),
            (ModelKind::LogNormal, Some(c), Some(s), Some(f)) => format!(
                "exp(μ + σ × {}) with exp(μ) {} and σ {} over {} results, boundary {}",
                format_number(f),
                format_number(c),
                format_number(s),
                self.samples,
                boundary.map_or_else(String::new, format_number)
            ),
            (_, Some(c), Some(s), Some(f)) => {
                let (centre, spread) = match kind {
                    ModelKind::Percentage => ("mean", "|mean|"),
                    ModelKind::Iqr => ("median", "IQR"),
                    ModelKind::DeltaIqr => ("median", "median × IQR of the changes"),
                    _ => ("mean", "sd"),
                };
                let sign = if side == "lower" { "-" } else { "+" };
                format!(
                    "{centre} {} {sign} {} × {spread} {} over {} results, boundary {}",
                    format_number(c),
                    format_number(f),
                    format_number(s),
                    self.samples,
                    boundary.map_or_else(String::new, format_number)
                )
            }
            _ => String::new(),
        };
        let statistic = self.statistic.map_or_else(String::new, |s| {
            format!(" (statistic {})", format_number(s))
        });
        format!(
            "{} {relation} the {kind} {side} limit {} ({how}): {}{statistic}",
            format_number(self.value),
            format_number(limit),
            self.status.as_str()
        )
    }
}
