//! Statistics for history models and canary judgement: descriptive statistics, the normal and
//! Student's t distributions, and the Mann-Whitney U test.
//!
//! Everything here is a pure function of its arguments. Functions that cannot give a meaningful
//! answer (an empty sample, a probability outside `(0, 1)`, fewer than one degree of freedom)
//! return `None` instead of panicking or returning NaN.
//!
//! The distributions come from the `statrs` crate; the Mann-Whitney U test is written here to
//! match SciPy's `scipy.stats.mannwhitneyu` (two-sided, `method="auto"`): the exact distribution
//! of U when one sample has at most 8 values and there are no ties, otherwise the normal
//! approximation with the tie correction and a continuity correction of one half.
//!
//! ```
//! use slogate::stats;
//!
//! assert_eq!(stats::mean(&[1.0, 2.0, 3.0]), Some(2.0));
//! let z = stats::normal_quantile(0.975).unwrap();
//! assert!((z - 1.959_963_984_540_054).abs() < 1e-12);
//! let test = stats::mann_whitney_u(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]).unwrap();
//! assert_eq!(test.u, 0.0);
//! assert!((test.p_value - 0.1).abs() < 1e-12); // exact: 2 of the 20 orderings are as extreme
//! ```

use std::cmp::Ordering;

use statrs::distribution::{ContinuousCDF, LogNormal, Normal, StudentsT};

/// The arithmetic mean, or `None` for an empty sample or a sum that overflows.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    mean.is_finite().then_some(mean)
}

/// The population standard deviation (divided by `n`), as Bencher's models use it; `None` for
/// fewer than two values.
pub fn population_std_dev(values: &[f64]) -> Option<f64> {
    spread(values, 0)
}

/// The sample standard deviation (divided by `n - 1`); `None` for fewer than two values.
pub fn sample_std_dev(values: &[f64]) -> Option<f64> {
    spread(values, 1)
}

fn spread(values: &[f64], ddof: usize) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let mean = mean(values)?;
    let squares: f64 = values.iter().map(|v| (v - mean).powi(2)).sum();
    let sd = (squares / (values.len() - ddof) as f64).sqrt();
    sd.is_finite().then_some(sd)
}

/// The values sorted ascending (NaN, which callers never pass, sorts as equal).
pub fn sorted(values: &[f64]) -> Vec<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap_or(Ordering::Equal));
    sorted
}

/// The `fraction` (0 to 1) percentile of ascending `sorted` values, interpolating linearly
/// between the two nearest ranks (NumPy's default `linear` method, and Rust's
/// `test::stats::percentile_of_sorted`). `None` for no values or a fraction outside `[0, 1]`.
pub fn percentile_of_sorted(sorted: &[f64], fraction: f64) -> Option<f64> {
    if sorted.is_empty() || !(0.0..=1.0).contains(&fraction) {
        return None;
    }
    let rank = fraction * (sorted.len() - 1) as f64;
    let lower = rank.floor();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let index = lower as usize;
    let low = sorted[index];
    let high = sorted.get(index + 1).copied().unwrap_or(low);
    Some(low + (high - low) * (rank - lower))
}

/// The median of unsorted values.
pub fn median(values: &[f64]) -> Option<f64> {
    percentile_of_sorted(&sorted(values), 0.5)
}

/// The first, second and third quartiles of a sample.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quartiles {
    /// The 25th percentile.
    pub q1: f64,
    /// The median.
    pub q2: f64,
    /// The 75th percentile.
    pub q3: f64,
}

impl Quartiles {
    /// The quartiles of unsorted values, `None` when there are none.
    pub fn of(values: &[f64]) -> Option<Quartiles> {
        let sorted = sorted(values);
        Some(Quartiles {
            q1: percentile_of_sorted(&sorted, 0.25)?,
            q2: percentile_of_sorted(&sorted, 0.5)?,
            q3: percentile_of_sorted(&sorted, 0.75)?,
        })
    }

    /// The interquartile range, `q3 - q1`.
    pub fn iqr(&self) -> f64 {
        self.q3 - self.q1
    }
}

/// The standard normal distribution's CDF, `P(Z <= x)`.
pub fn normal_cdf(x: f64) -> f64 {
    standard_normal().cdf(x)
}

/// The standard normal distribution's quantile (inverse CDF); `None` unless `0 < p < 1`.
pub fn normal_quantile(p: f64) -> Option<f64> {
    open_unit(p).then(|| standard_normal().inverse_cdf(p))
}

/// Student's t distribution's CDF with `df` degrees of freedom; `None` unless `df > 0`.
pub fn students_t_cdf(x: f64, df: f64) -> Option<f64> {
    let t = StudentsT::new(0.0, 1.0, df).ok()?;
    (!x.is_nan()).then(|| t.cdf(x))
}

/// Student's t distribution's quantile with `df` degrees of freedom; `None` unless `0 < p < 1`
/// and `df > 0`.
pub fn students_t_quantile(p: f64, df: f64) -> Option<f64> {
    if !open_unit(p) {
        return None;
    }
    let q = StudentsT::new(0.0, 1.0, df).ok()?.inverse_cdf(p);
    q.is_finite().then_some(q)
}

/// The log-normal distribution's quantile for the mean `location` and standard deviation
/// `scale` of the logarithms; `None` unless `0 < p < 1` and `scale > 0`.
pub fn log_normal_quantile(p: f64, location: f64, scale: f64) -> Option<f64> {
    if !open_unit(p) {
        return None;
    }
    let q = LogNormal::new(location, scale).ok()?.inverse_cdf(p);
    q.is_finite().then_some(q)
}

fn standard_normal() -> Normal {
    Normal::standard()
}

fn open_unit(p: f64) -> bool {
    p > 0.0 && p < 1.0
}

/// How the p-value of a Mann-Whitney U test was computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PValueMethod {
    /// From the exact distribution of U (one sample has at most 8 values, no ties).
    Exact,
    /// From the normal approximation with tie and continuity corrections.
    Asymptotic,
}

impl PValueMethod {
    /// `exact` or `asymptotic`, SciPy's names.
    pub fn as_str(self) -> &'static str {
        match self {
            PValueMethod::Exact => "exact",
            PValueMethod::Asymptotic => "asymptotic",
        }
    }
}

/// The result of a two-sided Mann-Whitney U test.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MannWhitney {
    /// U of the first sample: the number of pairs `(x, y)` with `x > y`, ties counting one half
    /// (SciPy's `statistic`).
    pub u: f64,
    /// The two-sided p-value.
    pub p_value: f64,
    /// How the p-value was computed.
    pub method: PValueMethod,
}

/// The largest sample for which one side may use the exact distribution, as in SciPy.
const EXACT_MAX_SMALLER_SAMPLE: usize = 8;

/// The two-sided Mann-Whitney U test of `x` against `y`, as SciPy's
/// `mannwhitneyu(x, y, alternative="two-sided", method="auto")` computes it.
///
/// `None` when either sample is empty or holds NaN.
// The names are those of the textbook formulas (x, y, U, p, s).
#[allow(clippy::many_single_char_names)]
pub fn mann_whitney_u(x: &[f64], y: &[f64]) -> Option<MannWhitney> {
    if x.is_empty() || y.is_empty() || x.iter().chain(y).any(|v| v.is_nan()) {
        return None;
    }
    let (n1, n2) = (x.len() as f64, y.len() as f64);
    let (ranks, tie_sizes) = average_ranks(x.iter().chain(y).copied());
    let r1: f64 = ranks[..x.len()].iter().sum();
    let u1 = r1 - n1 * (n1 + 1.0) / 2.0;
    let u = u1.max(n1 * n2 - u1);
    let ties = tie_sizes.iter().any(|&t| t > 1.0);
    let exact = x.len().min(y.len()) <= EXACT_MAX_SMALLER_SAMPLE && !ties;
    let p = if exact {
        // Without ties U is a whole number; the two-sided p-value is twice the lower tail at
        // `n1 n2 - U` (the distribution is symmetric).
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let lower = (n1 * n2 - u).round() as usize;
        2.0 * exact_lower_tail(x.len().min(y.len()), x.len().max(y.len()), lower)
    } else {
        let n = n1 + n2;
        let tie_term: f64 = tie_sizes.iter().map(|t| t * t * t - t).sum();
        let s = (n1 * n2 / 12.0 * ((n + 1.0) - tie_term / (n * (n - 1.0)))).sqrt();
        let numerator = u - n1 * n2 / 2.0 - 0.5;
        if s > 0.0 {
            2.0 * normal_cdf(-numerator / s)
        } else {
            // Every value is the same: no evidence of a difference.
            2.0
        }
    };
    Some(MannWhitney {
        u: u1,
        p_value: p.clamp(0.0, 1.0),
        method: if exact {
            PValueMethod::Exact
        } else {
            PValueMethod::Asymptotic
        },
    })
}

/// Ranks from 1, ties sharing the average of their ranks, and the size of each group of equal
/// values.
fn average_ranks(values: impl Iterator<Item = f64>) -> (Vec<f64>, Vec<f64>) {
    let mut indexed: Vec<(usize, f64)> = values.enumerate().collect();
    indexed.sort_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(Ordering::Equal));
    let mut ranks = vec![0.0; indexed.len()];
    let mut tie_sizes = Vec::new();
    let mut start = 0;
    while start < indexed.len() {
        let mut end = start + 1;
        while end < indexed.len() && indexed[end].1 == indexed[start].1 {
            end += 1;
        }
        // Ranks start..end (0-based) share the mean of (start+1)..=end.
        let rank = (start + 1 + end) as f64 / 2.0;
        for &(index, _) in &indexed[start..end] {
            ranks[index] = rank;
        }
        tie_sizes.push((end - start) as f64);
        start = end;
    }
    (ranks, tie_sizes)
}

/// `P(U <= k)` under the null hypothesis for samples of sizes `small <= large`, without ties.
///
/// The number of orderings with `U = u` is the coefficient of `q^u` in the Gaussian binomial
/// coefficient `[small + large, small]_q = prod_{i=1..small} (1 - q^(large+i)) / (1 - q^i)`;
/// only the coefficients up to `k` are needed, and each factor is applied in place.
fn exact_lower_tail(small: usize, large: usize, k: usize) -> f64 {
    let mut counts = vec![0.0_f64; k + 1];
    counts[0] = 1.0;
    for i in 1..=small {
        // Multiply by (1 - q^(large + i)).
        let shift = large + i;
        for u in (shift..=k).rev() {
            counts[u] -= counts[u - shift];
        }
        // Divide by (1 - q^i): each coefficient adds the one i places below.
        for u in i..=k {
            counts[u] += counts[u - i];
        }
    }
    let total = binomial(small + large, small);
    counts.iter().sum::<f64>() / total
}

/// `n` choose `k` as a float.
fn binomial(n: usize, k: usize) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_share_the_average_of_tied_positions() {
        let (ranks, ties) = average_ranks([3.0, 1.0, 3.0, 2.0].into_iter());
        assert_eq!(ranks, vec![3.5, 1.0, 3.5, 2.0]);
        assert_eq!(ties, vec![1.0, 1.0, 2.0]);
    }

    #[test]
    fn the_exact_distribution_sums_to_one() {
        // Every U from 0 to n1 n2 is below n1 n2.
        assert!((exact_lower_tail(3, 5, 15) - 1.0).abs() < 1e-12);
        // U = 0 happens in one ordering of C(8, 3) = 56.
        assert!((exact_lower_tail(3, 5, 0) - 1.0 / 56.0).abs() < 1e-15);
    }

    #[test]
    fn undefined_inputs_give_none() {
        assert_eq!(mean(&[]), None);
        assert_eq!(sample_std_dev(&[1.0]), None);
        assert_eq!(normal_quantile(0.0), None);
        assert_eq!(normal_quantile(1.0), None);
        assert_eq!(students_t_quantile(0.5, 0.0), None);
        assert_eq!(log_normal_quantile(0.5, 0.0, 0.0), None);
        assert_eq!(percentile_of_sorted(&[1.0], 1.5), None);
        assert!(mann_whitney_u(&[], &[1.0]).is_none());
        assert!(mann_whitney_u(&[f64::NAN], &[1.0]).is_none());
    }
}
