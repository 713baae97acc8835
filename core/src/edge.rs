//! Edge policies: what an objective does where Keptn's arithmetic has nothing sensible to say
//! (a slogate extension, enabled by `extensions: slogate/v1`; Keptn's behaviour is the default).
//!
//! **A zero baseline for a percentage criterion.** Keptn's lighthouse-service computes a
//! percentage target as `baseline × (100 ± p) / 100` whatever the baseline is
//! (`evaluateComparison` in `lighthouse-service/event_handler/evaluate_sli_handler.go`): when the
//! previous values aggregate to exactly 0 the target is 0 for every percentage, so `<=+10%`
//! holds only for a value of at most 0 (any error after an error-free build fails it) and
//! `>=-5%` holds for any value of at least 0. An objective's `zero_baseline` says otherwise:
//!
//! | `zero_baseline` | a percentage criterion against a baseline of exactly 0 |
//! |---|---|
//! | `keptn` (default) | target 0, compared as Keptn compares it |
//! | `pass` | met: a percentage of nothing cannot be exceeded |
//! | `fail` | violated: the objective cannot pass on a percentage of nothing |
//! | `inconclusive` | the objective is `inconclusive`, counted as its `inconclusive:` policy says |
//!
//! Deltas (`<=+50`) and fixed criteria are not affected: `0 + 50` is a meaningful target.
//!
//! The pinned baseline (`comparison.pinned_baseline`) and a weight of 0 on a key SLI are the
//! other two edge policies; they are read with the SLO (see [`crate::Slo`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::model::InconclusivePolicy;
use crate::yaml::shorten;

/// What a percentage criterion does when the baseline is exactly 0 (`zero_baseline:`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZeroBaseline {
    /// Keptn's arithmetic: the target is 0 (the default).
    #[default]
    Keptn,
    /// The criterion is met.
    Pass,
    /// The criterion is violated.
    Fail,
    /// The objective is inconclusive and counts as its `inconclusive` policy says.
    Inconclusive,
}

impl ZeroBaseline {
    /// `keptn`, `pass`, `fail` or `inconclusive`.
    pub fn as_str(self) -> &'static str {
        match self {
            ZeroBaseline::Keptn => "keptn",
            ZeroBaseline::Pass => "pass",
            ZeroBaseline::Fail => "fail",
            ZeroBaseline::Inconclusive => "inconclusive",
        }
    }
}

impl fmt::Display for ZeroBaseline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ZeroBaseline {
    type Err = String;

    /// ```
    /// use slogate::ZeroBaseline;
    /// assert_eq!("inconclusive".parse(), Ok(ZeroBaseline::Inconclusive));
    /// assert_eq!(
    ///     "skip".parse::<ZeroBaseline>().unwrap_err(),
    ///     "unknown zero_baseline policy 'skip'; expected 'keptn', 'pass', 'fail' or 'inconclusive'"
    /// );
    /// ```
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "keptn" => Ok(ZeroBaseline::Keptn),
            "pass" => Ok(ZeroBaseline::Pass),
            "fail" => Ok(ZeroBaseline::Fail),
            "inconclusive" => Ok(ZeroBaseline::Inconclusive),
            other => Err(format!(
                "unknown zero_baseline policy '{}'; expected 'keptn', 'pass', 'fail' or 'inconclusive'",
                shorten(other)
            )),
        }
    }
}

/// What a `zero_baseline` policy did to an objective's result: recorded (in the result's JSON
/// as `zeroBaseline`) only when a policy other than `keptn` decided a percentage criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZeroBaselineOutcome {
    /// The policy that decided.
    pub policy: ZeroBaseline,
    /// How the inconclusive objective counted (`zero_baseline: inconclusive` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inconclusive: Option<InconclusivePolicy>,
}
