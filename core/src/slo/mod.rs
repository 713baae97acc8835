//! The SLO model (`slo.yaml`): what a parsed SLO holds. The text is read by the `reader`
//! module; `base64` encodes it as Keptn stores it.

mod base64;
mod reader;

use std::fmt;
use std::str::FromStr;

use crate::criterion::Criterion;
use crate::edge::ZeroBaseline;
use crate::error::{ErrorCode, InputDocument, Problem, SloError};
use crate::limits::Limits;
use crate::model::{HistoryModel, InconclusivePolicy};
use crate::unit::{Better, Unit};
use crate::yaml;

/// Which previous results a relative criterion is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareWith {
    /// `single_result`: the newest eligible result.
    SingleResult,
    /// `several_results`: the newest `number_of_comparison_results` eligible results.
    SeveralResults,
    /// A `comparison` block without `compare_with`: three results, as Keptn does.
    Unspecified,
}

/// Which stored results are eligible as a comparison basis (`include_result_with_score`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncludeResults {
    /// `all`: every result, whatever its outcome.
    All,
    /// `pass`: only results whose verdict was `pass`.
    Pass,
    /// `pass_or_warn`: results whose verdict was `pass` or `warning`.
    PassOrWarn,
}

/// How the previous values of one SLI are combined into a baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggregateFunction {
    /// Arithmetic mean.
    Avg,
    /// 50th percentile.
    P50,
    /// 90th percentile.
    P90,
    /// 95th percentile.
    P95,
}

impl AggregateFunction {
    /// The name used in `slo.yaml`.
    pub fn as_str(self) -> &'static str {
        match self {
            AggregateFunction::Avg => "avg",
            AggregateFunction::P50 => "p50",
            AggregateFunction::P90 => "p90",
            AggregateFunction::P95 => "p95",
        }
    }

    /// Aggregates `values` (in any order; they are sorted in place for percentiles).
    /// Returns `None` for an empty slice.
    ///
    /// Percentiles use rank `p * (n + 1)` over the sorted values, clamped to the smallest and
    /// largest value, with linear interpolation in between.
    ///
    /// ```
    /// use slogate::AggregateFunction;
    /// let mut values = vec![400.0, 100.0, 300.0, 200.0];
    /// assert_eq!(AggregateFunction::Avg.apply(&mut values), Some(250.0));
    /// assert_eq!(AggregateFunction::P50.apply(&mut values), Some(250.0));
    /// assert_eq!(AggregateFunction::P90.apply(&mut values), Some(400.0));
    /// ```
    pub fn apply(self, values: &mut [f64]) -> Option<f64> {
        if values.is_empty() {
            return None;
        }
        let p = match self {
            AggregateFunction::Avg => {
                let sum: f64 = values.iter().sum();
                return Some(sum / values.len() as f64);
            }
            AggregateFunction::P50 => 0.5,
            AggregateFunction::P90 => 0.9,
            AggregateFunction::P95 => 0.95,
        };
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let rank = p * (n + 1) as f64;
        Some(if rank < 1.0 {
            values[0]
        } else if rank >= n as f64 {
            values[n - 1]
        } else {
            // rank is in [1, n), so its integer part indexes a pair of neighbours.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let whole = rank as usize;
            let (lower, upper) = (values[whole - 1], values[whole]);
            lower + (rank - rank.floor()) * (upper - lower)
        })
    }
}

impl fmt::Display for AggregateFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `comparison` block, with Keptn's defaults applied.
///
/// Keptn's defaults depend on whether the block is written at all:
///
/// | field | no `comparison` block | a block that leaves the field out (or writes 0) |
/// | --- | --- | --- |
/// | `compare_with` | `single_result` | unspecified: 3 results |
/// | `include_result_with_score` | `all` | `all` |
/// | `number_of_comparison_results` | 1 | 3 |
/// | `aggregate_function` | `avg` | `avg` |
///
/// [`Comparison::default`] is the first column; the reader starts a written block from
/// the second.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// `compare_with`.
    pub compare_with: CompareWith,
    /// `include_result_with_score`.
    pub include_result_with_score: IncludeResults,
    /// `number_of_comparison_results` (see the table of defaults above).
    pub number_of_comparison_results: u32,
    /// `aggregate_function`.
    pub aggregate_function: AggregateFunction,
}

impl Default for Comparison {
    /// The comparison used when an SLO has no `comparison` block: the single newest result
    /// of any outcome, averaged.
    fn default() -> Self {
        Comparison {
            compare_with: CompareWith::SingleResult,
            include_result_with_score: IncludeResults::All,
            number_of_comparison_results: 1,
            aggregate_function: AggregateFunction::Avg,
        }
    }
}

impl Comparison {
    /// A written `comparison` block before any of its fields is read.
    pub(crate) fn written_block() -> Self {
        Comparison {
            compare_with: CompareWith::Unspecified,
            number_of_comparison_results: 3,
            ..Comparison::default()
        }
    }

    /// How many eligible previous results form the comparison basis.
    pub fn results_to_compare(&self) -> usize {
        match self.compare_with {
            CompareWith::SingleResult => 1,
            CompareWith::SeveralResults => self.number_of_comparison_results as usize,
            CompareWith::Unspecified => 3,
        }
    }
}

/// One `criteria` list: every criterion in it must hold.
#[derive(Clone, Debug, PartialEq)]
pub struct CriteriaSet {
    /// The criteria, in the order written.
    pub criteria: Vec<Criterion>,
}

/// The value `extensions` takes to enable slogate's own keys (`model`, `inconclusive`,
/// `zero_baseline`, `comparison.pinned_baseline`, `weight: 0` on a key SLI), version 1.
pub const EXTENSIONS_V1: &str = "slogate/v1";

/// An objective judged by a history model instead of criteria (a slogate extension, enabled by
/// `extensions: slogate/v1`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ObjectiveModel {
    /// The model computing the limits from the comparison basis.
    pub model: HistoryModel,
    /// How an inconclusive judgement counts (`inconclusive:`, default `warning`).
    pub inconclusive: InconclusivePolicy,
}

/// One objective: an SLI with its pass and warning criteria.
#[derive(Clone, Debug, PartialEq)]
pub struct Objective {
    /// Name of the SLI, matched exactly (case-sensitive) against the measured metrics.
    pub sli: String,
    /// `displayName`; empty when absent.
    pub display_name: String,
    /// Alternatives for `pass`: the objective passes when any set holds. Empty for an
    /// informational objective.
    pub pass: Vec<CriteriaSet>,
    /// Alternatives for `warning`.
    pub warning: Vec<CriteriaSet>,
    /// `weight`: at least 1, or 0 for a key SLI that gates without scoring (a slogate
    /// extension).
    pub weight: u32,
    /// `key_sli`: a failure of this objective fails the whole gate.
    pub key_sli: bool,
    /// The history model judging this objective instead of criteria, if any.
    pub model: Option<ObjectiveModel>,
    /// What a percentage criterion does against a baseline of exactly 0 (`zero_baseline:`, a
    /// slogate extension; Keptn's arithmetic by default).
    pub zero_baseline: ZeroBaseline,
    /// How an inconclusive outcome (of the model, or of `zero_baseline: inconclusive`) counts.
    pub inconclusive: InconclusivePolicy,
    /// The unit the SLI is measured in (`unit:`, a slogate extension).
    pub unit: Option<Unit>,
    /// Which way the value is better (`better:`, a slogate extension).
    pub better: Option<Better>,
    /// Line of the objective in the SLO text.
    pub line: usize,
    /// Column of the objective in the SLO text.
    pub column: usize,
}

impl Objective {
    /// An objective without pass criteria or a model only reports its value.
    pub fn is_info(&self) -> bool {
        self.pass.is_empty() && self.model.is_none()
    }
}

/// A `total_score` threshold: a percentage between 0 and 100.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreThreshold {
    /// The percentage.
    pub percent: f64,
    /// The text as written (`90%`, `80`).
    pub text: String,
}

/// The `total_score` block.
#[derive(Clone, Debug, PartialEq)]
pub struct TotalScore {
    /// The score at or above which the gate passes.
    pub pass: ScoreThreshold,
    /// The score at or above which a gate that did not pass is a warning.
    pub warning: Option<ScoreThreshold>,
}

/// A parsed, validated SLO definition, reusable for any number of evaluations.
///
/// ```
/// let slo = slogate::Slo::parse(r#"
/// objectives:
///   - sli: response_time_p95
///     pass:
///       - criteria: ["<=+10%", "<600"]
/// total_score:
///   pass: "90%"
/// "#).unwrap();
/// assert_eq!(slo.objectives().len(), 1);
/// assert_eq!(slo.comparison().results_to_compare(), 1);
///
/// let err = slogate::Slo::parse("objectives:\n  - sli: a\n    pass:\n      - criteria: ['<600ms']\ntotal_score: {pass: 90%}\n").unwrap_err();
/// assert_eq!(err.code().as_str(), "invalid_criterion");
/// assert_eq!(err.path(), "objectives[0].pass[0].criteria[0]");
/// assert_eq!((err.line(), err.column()), (Some(4), Some(20)));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Slo {
    source: String,
    encoded_source: String,
    spec_version: Option<String>,
    filter: Vec<(String, String)>,
    comparison: Comparison,
    pinned_baseline: Option<String>,
    objectives: Vec<Objective>,
    total_score: TotalScore,
    warnings: Vec<Problem>,
    /// Positions of the objectives that repeat an earlier objective's SLI (informational
    /// ones only): like Keptn, they get no value, the first objective takes it.
    shadowed: Vec<usize>,
}

impl Slo {
    /// Parses and validates an SLO with the default [`Limits`].
    pub fn parse(text: &str) -> Result<Slo, SloError> {
        Slo::parse_with_limits(text, &Limits::default())
    }

    /// Parses and validates an SLO, enforcing `limits`. Reports every problem of the document.
    ///
    /// With [`Limits::strict`] set, every warning (see [`Slo::warnings`]) refuses the SLO too,
    /// as an error of its own code.
    ///
    /// ```
    /// use slogate::{Limits, Slo};
    /// let text = "objectives:\n  - sli: p95\n    keySli: true\n    pass: [{criteria: ['<600']}]\ntotal_score: {pass: 90%}\n";
    /// assert_eq!(Slo::parse(text).unwrap().warnings().len(), 1);
    /// let err = Slo::parse_with_limits(text, &Limits::default().with_strict(true)).unwrap_err();
    /// assert_eq!(err.code().as_str(), "unknown_key");
    /// assert_eq!(err.first().severity(), slogate::Severity::Error);
    /// ```
    pub fn parse_with_limits(text: &str, limits: &Limits) -> Result<Slo, SloError> {
        match Slo::parse_unmarked(text, limits) {
            Ok(mut slo) => {
                slo.warnings = std::mem::take(&mut slo.warnings)
                    .into_iter()
                    .map(|w| w.in_document(InputDocument::Slo))
                    .collect();
                Ok(slo)
            }
            Err(e) => Err(e.in_document(InputDocument::Slo)),
        }
    }

    fn parse_unmarked(text: &str, limits: &Limits) -> Result<Slo, SloError> {
        // A byte-order mark may open the text; it is not part of the document.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(Problem::new(
                ErrorCode::EmptySlo,
                "",
                "the SLO is empty; it needs objectives and a total_score",
            )
            .into());
        }
        let document = yaml::load(text, limits)?;
        let mut reader = reader::Reader::new(&document, limits);
        let slo = reader.slo(text);
        let (mut problems, warnings) = (reader.problems, reader.warnings);
        if limits.strict {
            problems.extend(warnings.iter().cloned().map(Problem::refused));
        }
        match slo {
            Some(mut slo) if problems.is_empty() => {
                slo.warnings = warnings;
                Ok(slo)
            }
            _ => {
                problems.sort_by_key(|p| (p.line().unwrap_or(usize::MAX), p.column()));
                Err(SloError::new(problems))
            }
        }
    }

    /// The SLO text as it was parsed.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The SLO text, base64-encoded, as Keptn stores it in `sloFileContent`.
    pub fn encoded_source(&self) -> &str {
        &self.encoded_source
    }

    /// `spec_version`, if given.
    pub fn spec_version(&self) -> Option<&str> {
        self.spec_version.as_deref()
    }

    /// The `filter` block, kept as written and not interpreted.
    pub fn filter(&self) -> &[(String, String)] {
        &self.filter
    }

    /// The comparison settings, defaults applied.
    pub fn comparison(&self) -> &Comparison {
        &self.comparison
    }

    /// The id of the stored evaluation relative criteria and models compare with instead of
    /// the newest qualifying ones (`comparison.pinned_baseline`, a slogate extension).
    pub fn pinned_baseline(&self) -> Option<&str> {
        self.pinned_baseline.as_deref()
    }

    /// The verdicts a history store may pre-select rows by (not invalidated, one of these
    /// verdicts), or `None` when it must hand over every row: a pinned baseline is looked up
    /// by its id whatever its verdict, so that an id held with another verdict, or only
    /// invalidated, is reported as such rather than as missing.
    pub fn admitted_verdicts(&self) -> Option<&'static [crate::Verdict]> {
        match self.pinned_baseline {
            Some(_) => None,
            None => Some(self.comparison.include_result_with_score.admitted()),
        }
    }

    /// The objectives, in the order written.
    pub fn objectives(&self) -> &[Objective] {
        &self.objectives
    }

    /// The `total_score` thresholds.
    pub fn total_score(&self) -> &TotalScore {
        &self.total_score
    }

    /// What the SLO is used with as written but looks like a mistake (an unknown key, which
    /// Keptn ignores too), in document order. Each is a [`Problem`] of a code whose
    /// [`severity`](crate::ErrorCode::severity) is [`Warning`](crate::Severity::Warning);
    /// [`Limits::strict`] refuses them instead.
    ///
    /// ```
    /// let slo = slogate::Slo::parse("objectives:\n  - sli: p95\n    Pas: [{criteria: ['<600']}]\ntotal_score: {pass: 90%}\n").unwrap();
    /// let warning = &slo.warnings()[0];
    /// assert_eq!(warning.code().as_str(), "unknown_key");
    /// assert_eq!(warning.path(), "objectives[0].Pas");
    /// assert_eq!((warning.line(), warning.column()), (Some(3), Some(5)));
    /// assert_eq!(warning.message(), "unknown key 'Pas'; did you mean 'pass'?");
    /// ```
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    /// Positions of the objectives that repeat an earlier objective's SLI.
    pub(crate) fn shadowed(&self) -> &[usize] {
        &self.shadowed
    }
}

impl FromStr for Slo {
    type Err = SloError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Slo::parse(text)
    }
}
