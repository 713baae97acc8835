//! Translating a gate into a Keptn `slo.yaml` where the translation is exact.

use super::k6::K6Thresholds;
use super::keptn2::AnalysisDefinition;
use super::pitometer::Perfspec;

/// A gate in Keptn's words: the `slo.yaml` and `sli.yaml` when every part translates
/// exactly, and what cannot be expressed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conversion {
    /// The `slo.yaml`, when the whole gate translates exactly.
    pub slo: Option<String>,
    /// The `sli.yaml` mapping each SLI name to where its value comes from.
    pub sli: Option<String>,
    /// Each part that Keptn's SLO cannot express, and why.
    pub unexpressed: Vec<String>,
}

pub(crate) fn from_k6(_: &K6Thresholds) -> Conversion {
    Conversion::default()
}

pub(crate) fn from_keptn2(_: &AnalysisDefinition) -> Conversion {
    Conversion::default()
}

pub(crate) fn from_perfspec(_: &Perfspec) -> Conversion {
    Conversion::default()
}
