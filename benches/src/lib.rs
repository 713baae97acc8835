//! Deterministic workloads for the slogate benchmarks.
//!
//! A [`Workload`] is an SLO of a chosen number of objectives, SLI values for every objective,
//! and a history of previous evaluations, each in the form a service receives it (YAML and
//! JSON text) and already parsed and decoded. The same sizes always give the same bytes, so
//! figures taken on different days compare.
//!
//! The objectives mix every kind a real gate has: fixed thresholds, relative-percent and
//! relative-absolute criteria, warning blocks, alternative pass sets, weights, a few key SLIs,
//! display names and some informational objectives.
//!
//! ```
//! let workload = slogate_benches::Workload::new(10, 3);
//! assert_eq!(workload.slo.objectives().len(), 10);
//! assert_eq!(workload.history.len(), 3);
//! let out = slogate::evaluate_json(&workload.slo_yaml, &workload.sli_json, &workload.history_json).unwrap();
//! assert!(out.contains("\"indicatorResults\""));
//! ```

use std::fmt::Write as _;

use slogate::{PreviousEvaluation, SliReport, Slo};

pub mod keptn;

/// The sizes measured: objectives and previous evaluations.
pub const SIZES: &[(usize, usize)] = &[(10, 3), (100, 10), (1_000, 30), (10_000, 30)];

/// A small deterministic pseudo-random sequence (64-bit LCG, high bits), so workloads do not
/// depend on a random-number crate or on the machine.
#[derive(Clone, Debug)]
pub struct Sequence(u64);

impl Sequence {
    /// A sequence starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Sequence(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next number in `[0, 1)`.
    pub fn next_unit(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        // The top 53 bits make an exact f64 mantissa.
        (self.0 >> 11) as f64 / (1_u64 << 53) as f64
    }
}

/// Name of the SLI measured by objective `index`.
pub fn metric(index: usize) -> String {
    const FAMILIES: &[&str] = &[
        "response_time_p95",
        "response_time_p50",
        "error_rate",
        "throughput",
        "cpu_usage",
        "memory_usage",
        "db_query_time",
        "queue_depth",
    ];
    format!("{}_{index:05}", FAMILIES[index % FAMILIES.len()])
}

/// The SLO text of `objectives` objectives, comparing with `history` previous results.
pub fn slo_yaml(objectives: usize, history: usize) -> String {
    let mut text = String::with_capacity(objectives * 160 + 256);
    text.push_str("---\nspec_version: \"1.0\"\ncomparison:\n");
    text.push_str("  aggregate_function: \"avg\"\n  compare_with: \"several_results\"\n");
    text.push_str("  include_result_with_score: \"all\"\n");
    writeln!(text, "  number_of_comparison_results: {history}").unwrap();
    text.push_str("filter:\n  handler: \"ItemsController.addToCart\"\nobjectives:\n");
    for i in 0..objectives {
        writeln!(text, "  - sli: \"{}\"", metric(i)).unwrap();
        if i % 5 == 0 {
            writeln!(text, "    displayName: \"Objective {i}\"").unwrap();
        }
        match i % 10 {
            // Fixed thresholds with a warning block.
            0..=2 => {
                writeln!(
                    text,
                    "    pass:\n      - criteria:\n          - \"<{}\"",
                    600 + i % 7
                )
                .unwrap();
                writeln!(
                    text,
                    "    warning:\n      - criteria:\n          - \"<={}\"",
                    800 + i % 11
                )
                .unwrap();
            }
            // Relative percent combined with a fixed ceiling.
            3 | 4 => {
                text.push_str(
                    "    pass:\n      - criteria:\n          - \"<=+10%\"\n          - \"<1000\"\n",
                );
                text.push_str("    warning:\n      - criteria:\n          - \"<=+25%\"\n");
            }
            // Relative absolute deltas on both sides.
            5 => {
                text.push_str(
                    "    pass:\n      - criteria:\n          - \"<=+50\"\n          - \">-50\"\n",
                );
                text.push_str("    warning:\n      - criteria:\n          - \"<=+100\"\n");
            }
            // Alternative pass sets (ORed), weighted.
            6 | 7 => {
                text.push_str("    pass:\n      - criteria:\n          - \"<500\"\n      - criteria:\n          - \"<=+5%\"\n          - \">=-5%\"\n");
                writeln!(text, "    weight: {}", 1 + i % 3).unwrap();
            }
            // A key SLI now and then, otherwise a plain fixed threshold.
            8 => {
                text.push_str(
                    "    pass:\n      - criteria:\n          - \">=0\"\n          - \"<=1000\"\n",
                );
                if i % 40 == 8 {
                    text.push_str("    key_sli: true\n");
                }
            }
            // Informational: reported, not scored.
            _ => {}
        }
    }
    text.push_str("total_score:\n  pass: \"90%\"\n  warning: \"75%\"\n");
    text
}

/// Measured values for every objective of an SLO of `objectives` objectives; `round` varies
/// them the way successive runs of one service vary.
pub fn values(objectives: usize, round: u64) -> Vec<(String, f64)> {
    let mut seq = Sequence::new(round);
    (0..objectives)
        .map(|i| (metric(i), 400.0 + 300.0 * seq.next_unit()))
        .collect()
}

/// The SLI values as the plain JSON object a service sends.
pub fn sli_json(values: &[(String, f64)]) -> String {
    let mut text = String::with_capacity(values.len() * 32 + 2);
    text.push('{');
    for (n, (metric, value)) in values.iter().enumerate() {
        if n > 0 {
            text.push(',');
        }
        write!(text, "\"{metric}\":{value}").unwrap();
    }
    text.push('}');
    text
}

/// Everything one benchmark of one size needs.
#[derive(Debug)]
pub struct Workload {
    /// Number of objectives.
    pub objectives: usize,
    /// The SLO text.
    pub slo_yaml: String,
    /// The SLI values as JSON.
    pub sli_json: String,
    /// The history as JSON: an array of stored evaluations, newest first, as
    /// [`PreviousEvaluation::to_json`] writes them.
    pub history_json: String,
    /// The parsed SLO.
    pub slo: Slo,
    /// The decoded SLI values.
    pub report: SliReport,
    /// The decoded history, newest first.
    pub history: Vec<PreviousEvaluation>,
}

impl Workload {
    /// Builds the workload of `objectives` objectives and `history` previous evaluations, every
    /// metric present in each. The history is made by evaluating earlier rounds of values, each
    /// against the results before it, so it looks like what a service has stored.
    ///
    /// # Panics
    ///
    /// When the generated SLO or history is refused, which would be a bug in this generator.
    pub fn new(objectives: usize, history: usize) -> Workload {
        let slo_yaml = slo_yaml(objectives, history);
        let slo = Slo::parse(&slo_yaml).expect("the generated SLO parses");
        let mut stored: Vec<PreviousEvaluation> = Vec::with_capacity(history);
        for round in 0..history {
            let report = SliReport::from_values(values(objectives, round as u64 + 1));
            // `stored` is oldest first here; evaluation wants newest first.
            let earlier: Vec<PreviousEvaluation> = stored.iter().rev().cloned().collect();
            let evaluation = slo.evaluate(&report, &earlier).expect("history evaluates");
            stored.push(PreviousEvaluation::new(
                format!("ev-{round:04}"),
                evaluation,
            ));
        }
        stored.reverse();
        let history_json = format!(
            "[{}]",
            stored
                .iter()
                .map(PreviousEvaluation::to_json)
                .collect::<Vec<_>>()
                .join(",")
        );
        let history = PreviousEvaluation::list_from_json(&history_json).expect("history decodes");
        let current = values(objectives, 0);
        let sli_json = sli_json(&current);
        let report = SliReport::from_json(&sli_json).expect("SLI values decode");
        Workload {
            objectives,
            slo_yaml,
            sli_json,
            history_json,
            slo,
            report,
            history,
        }
    }

    /// A label such as `1000x30` (objectives x previous evaluations).
    pub fn label(&self) -> String {
        format!("{}x{}", self.objectives, self.history.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use slogate::{IndicatorStatus, Verdict};

    #[test]
    fn workloads_are_deterministic() {
        let a = Workload::new(20, 3);
        let b = Workload::new(20, 3);
        assert_eq!(a.slo_yaml, b.slo_yaml);
        assert_eq!(a.sli_json, b.sli_json);
        assert_eq!(a.history_json, b.history_json);
    }

    #[test]
    fn every_kind_of_objective_and_outcome_occurs() {
        let w = Workload::new(100, 10);
        let evaluation = w.slo.evaluate(&w.report, &w.history).unwrap();
        let count = |status| {
            evaluation
                .indicators()
                .iter()
                .filter(|r| r.status == status)
                .count()
        };
        assert_eq!(count(IndicatorStatus::Info), 10);
        assert!(count(IndicatorStatus::Pass) > 0);
        assert!(count(IndicatorStatus::Warning) > 0);
        assert!(count(IndicatorStatus::Fail) > 0);
        assert!(w.slo.objectives().iter().any(|o| o.key_sli));
        assert!(w.slo.objectives().iter().any(|o| o.weight > 1));
        // Relative criteria were resolved against all ten previous results.
        let relative = &evaluation.indicators()[3];
        assert_eq!(relative.baseline.map(|b| b.values), Some(10));
        assert_eq!(evaluation.evaluation.compared_events.len(), 10);
        assert!(matches!(
            evaluation.result(),
            Verdict::Pass | Verdict::Warning | Verdict::Fail
        ));
    }

    #[test]
    fn the_history_carries_every_metric() {
        let w = Workload::new(30, 3);
        for previous in &w.history {
            assert_eq!(previous.evaluation.indicators().len(), 30);
            assert!(previous
                .evaluation
                .indicators()
                .iter()
                .all(|r| r.value.as_ref().is_some_and(|v| v.success)));
        }
    }
}
