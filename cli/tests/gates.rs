//! `slogate eval --gate`: gates written for k6, Keptn v2 and Pitometer.

mod common;

use common::{json, run, workspace};

const SUMMARY: &str = r#"{"metrics": {"http_req_duration": {"type": "trend", "contains": "time",
    "values": {"avg": 300, "min": 100, "med": 300, "max": 900, "p(90)": 460, "p(95)": 620},
    "thresholds": {"p(95)<500": {"ok": true}}}}, "state": {"testRunDurationMs": 60000}}"#;

#[test]
fn a_k6_gate_fails_on_a_crossed_threshold_and_reports_k6s_disagreement() {
    let dir = workspace(&[
        (
            "options.json",
            r#"{"thresholds": {"http_req_duration": ["p(95)<500"]}}"#,
        ),
        ("summary.json", SUMMARY),
    ]);
    let out = run(
        dir.path(),
        &[
            "eval",
            "--gate",
            "k6:options.json",
            "--sli",
            "summary.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let evaluation = json(&out.stdout);
    assert_eq!(evaluation["result"], "fail");
    assert_eq!(
        evaluation["evaluation"]["indicatorResults"][0]["value"]["value"],
        620.0
    );
    assert!(
        out.stderr.contains("k6 reported \"p(95)<500\" on http_req_duration as ok, but the summary's values make it failed"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_keptn2_gate_is_detected_from_its_content() {
    let definition = "apiVersion: metrics.keptn.sh/v1\nkind: AnalysisDefinition\nmetadata:\n  name: d\nspec:\n  objectives:\n    - analysisValueTemplateRef:\n        name: error-rate\n      target:\n        failure:\n          greaterThan:\n            fixedValue: 50m\n  totalScore:\n    passPercentage: 90\n    warningPercentage: 75\n";
    let dir = workspace(&[
        ("analysis.yaml", definition),
        ("values.json", r#"{"error-rate": 0.01}"#),
    ]);
    let out = run(
        dir.path(),
        &[
            "eval",
            "--gate",
            "analysis.yaml",
            "--sli",
            "values.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(json(&out.stdout)["result"], "pass");
}

#[test]
fn a_broken_perfspec_is_refused_with_its_code() {
    let perfspec = r#"{"indicators": [{"id": "p90", "source": "Prometheus", "grading": {"type": "Threshold", "thresholds": {"upperSevere": "50"}, "metricScore": 20}}], "objectives": {"pass": 20, "warning": 10}}"#;
    let dir = workspace(&[
        ("perfspec.json", perfspec),
        ("values.json", r#"{"p90": [30]}"#),
    ]);
    let out = run(
        dir.path(),
        &[
            "eval",
            "--gate",
            "pitometer:perfspec.json",
            "--sli",
            "values.json",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("invalid_type"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("indicators[0].grading.thresholds.upperSevere"),
        "{}",
        out.stderr
    );
}
