//! Workloads in Keptn's shapes, for timing slogate side by side with Keptn's own evaluation.
//!
//! A workload is one file in the conformance case format: `slo` (the SLO text), `sli` (Keptn's
//! get-sli data) and `history` (stored results as Keptn's datastore keeps them, newest first,
//! each `{"id", "invalidated", "data": {...}}`). A program of Keptn's evaluation and slogate's
//! [`side_by_side`](../../examples/side_by_side.rs) example read the same file, so both measure
//! the same bytes. The objectives alternate fixed thresholds, relative-percent and
//! relative-absolute criteria with warning blocks, weights, display names, a few key SLIs and an
//! informational objective in seven; the SLO compares with the three newest passing results.
//!
//! ```
//! let text = slogate_benches::keptn::case_json(10, 3);
//! let case = slogate_benches::keptn::KeptnCase::from_json(&text).unwrap();
//! assert_eq!(case.stored, 3);
//! let out = slogate::evaluate_json(&case.slo_yaml, &case.sli_json, &case.history_json).unwrap();
//! assert!(out.contains("\"comparedEvents\":[\"ev-3\",\"ev-2\",\"ev-1\"]"));
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use slogate::{PreviousEvaluation, SliReport, Slo};

use crate::Sequence;

/// The side-by-side sizes: objectives and stored results. The last one is the history-depth
/// point: many stored results of which the SLO compares with three.
pub const KEPTN_SIZES: &[(usize, usize)] = &[(10, 3), (100, 10), (1_000, 30), (100, 1_000)];

/// The SLO text of `objectives` objectives.
pub fn slo_yaml(objectives: usize) -> String {
    let mut out = String::from(
        "spec_version: '1.0'\ncomparison:\n  compare_with: several_results\n  \
         include_result_with_score: pass\n  number_of_comparison_results: 3\n  \
         aggregate_function: avg\nobjectives:\n",
    );
    for i in 0..objectives {
        let _ = write!(out, "  - sli: metric_{i}\n    displayName: Metric {i}\n");
        if i % 7 == 3 {
            continue; // informational
        }
        out.push_str(match i % 3 {
            0 => concat!(
                "    pass:\n      - criteria:\n          - \"<600\"\n",
                "    warning:\n      - criteria:\n          - \"<=800\"\n"
            ),
            1 => concat!(
                "    pass:\n      - criteria:\n          - \"<=+10%\"\n          - \"<1000\"\n",
                "      - criteria:\n          - \"<200\"\n",
                "    warning:\n      - criteria:\n          - \"<=+25%\"\n"
            ),
            _ => concat!(
                "    pass:\n      - criteria:\n          - \">=-5\"\n",
                "    warning:\n      - criteria:\n          - \">=-15\"\n"
            ),
        });
        let _ = writeln!(out, "    weight: {}", 1 + i % 3);
        if i % 11 == 5 {
            out.push_str("    key_sli: true\n");
        }
    }
    out.push_str("total_score:\n  pass: \"90%\"\n  warning: \"75%\"\n");
    out
}

/// One SLI value as Keptn's get-sli data lists it, rounded to three decimals.
fn indicator(i: usize, sequence: &mut Sequence, scale: f64) -> Value {
    let value = ((100.0 + 600.0 * sequence.next_unit()) * scale * 1000.0).round() / 1000.0;
    json!({"metric": format!("metric_{i}"), "value": value, "success": true, "message": ""})
}

/// The workload of `objectives` objectives and `stored` stored results as one case file.
pub fn case_json(objectives: usize, stored: usize) -> String {
    let mut sequence = Sequence::new((objectives * 1000 + stored) as u64);
    let history: Vec<Value> = (0..stored)
        .map(|k| {
            let results: Vec<Value> = (0..objectives)
                .map(|i| {
                    json!({
                        "score": 1, "value": indicator(i, &mut sequence, 1.0), "displayName": "",
                        "passTargets": null, "warningTargets": null, "keySli": false,
                        "status": "pass"
                    })
                })
                .collect();
            json!({
                "id": format!("ev-{}", stored - k),
                "invalidated": false,
                "data": {
                    "project": "sockshop", "stage": "hardening", "service": "carts",
                    "status": "succeeded", "result": "pass",
                    "evaluation": {"result": "pass", "score": 100, "indicatorResults": results}
                }
            })
        })
        .collect();
    let values: Vec<Value> = (0..objectives)
        .map(|i| indicator(i, &mut sequence, 1.02))
        .collect();
    json!({
        "name": format!("workload-{objectives}-objectives-{stored}-history"),
        "description": "speed workload",
        "tags": [],
        "slo": slo_yaml(objectives),
        "sli": {"result": "pass", "message": "", "indicatorValues": values},
        "history": history,
    })
    .to_string()
}

/// Where the workload files live: `$SLOGATE_KEPTN_WORKLOADS`, or `target/keptn-workloads` of
/// this workspace (never a tracked folder).
pub fn workload_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SLOGATE_KEPTN_WORKLOADS") {
        return PathBuf::from(dir);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"),
        PathBuf::from,
    );
    target.join("keptn-workloads")
}

/// The file name of a workload: `w-OBJECTIVES-STORED.json`.
pub fn file_name(objectives: usize, stored: usize) -> String {
    format!("w-{objectives}-{stored}.json")
}

/// The path of a workload's file in [`workload_dir`], written by [`case_json`] when missing.
pub fn workload_file(objectives: usize, stored: usize) -> std::io::Result<PathBuf> {
    let dir = workload_dir();
    let path = dir.join(file_name(objectives, stored));
    if !path.exists() {
        std::fs::create_dir_all(&dir)?;
        std::fs::write(&path, case_json(objectives, stored))?;
    }
    Ok(path)
}

/// A workload file read into the texts slogate is handed.
#[derive(Clone, Debug)]
pub struct KeptnCase {
    /// The SLO text.
    pub slo_yaml: String,
    /// Keptn's get-sli data as JSON text.
    pub sli_json: String,
    /// Every stored result, as a JSON array, newest first.
    pub history_json: String,
    /// Only the stored results the SLO compares with (what Keptn's datastore hands over).
    pub basis_json: String,
    /// How many stored results the file holds.
    pub stored: usize,
    /// How many of them form the comparison basis.
    pub basis: usize,
}

impl KeptnCase {
    /// Reads a workload file.
    pub fn read(path: &Path) -> Result<KeptnCase, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        KeptnCase::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Splits a workload's text; the basis is the stored results slogate's evaluation of the
    /// workload compares with.
    pub fn from_json(text: &str) -> Result<KeptnCase, String> {
        let case: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let slo_yaml = case["slo"].as_str().ok_or("no 'slo' text")?.to_owned();
        let sli_json = case["sli"].to_string();
        let history = case["history"].as_array().ok_or("no 'history' array")?;
        let history_json = case["history"].to_string();
        let slo = Slo::parse(&slo_yaml).map_err(|e| e.to_string())?;
        let report = SliReport::from_json(&sli_json).map_err(|e| e.to_string())?;
        let stored =
            PreviousEvaluation::list_from_json(&history_json).map_err(|e| e.to_string())?;
        let evaluation = slo.evaluate(&report, &stored).map_err(|e| e.to_string())?;
        let compared = &evaluation.evaluation.compared_events;
        let basis: Vec<&Value> = history
            .iter()
            .filter(|h| {
                h["id"]
                    .as_str()
                    .is_some_and(|id| compared.iter().any(|c| c == id))
            })
            .collect();
        Ok(KeptnCase {
            slo_yaml,
            sli_json,
            basis_json: serde_json::to_string(&basis).map_err(|e| e.to_string())?,
            stored: history.len(),
            basis: basis.len(),
            history_json,
        })
    }

    /// `OBJECTIVESxSTORED`, e.g. `100x1000`.
    pub fn label(&self, objectives: usize) -> String {
        format!("{objectives}x{}", self.stored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workloads_are_deterministic_and_compare_with_three() {
        assert_eq!(case_json(10, 3), case_json(10, 3));
        assert_ne!(case_json(10, 3), case_json(10, 4));
        let case = KeptnCase::from_json(&case_json(20, 10)).unwrap();
        assert_eq!((case.stored, case.basis), (10, 3));
        let basis: Value = serde_json::from_str(&case.basis_json).unwrap();
        let ids: Vec<&str> = basis
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["ev-10", "ev-9", "ev-8"]);
    }

    #[test]
    fn every_kind_of_outcome_occurs() {
        let case = KeptnCase::from_json(&case_json(100, 3)).unwrap();
        let out =
            slogate::evaluate_json(&case.slo_yaml, &case.sli_json, &case.history_json).unwrap();
        for status in ["\"pass\"", "\"warning\"", "\"fail\"", "\"info\""] {
            assert!(out.contains(&format!("\"status\":{status}")), "{status}");
        }
    }
}
