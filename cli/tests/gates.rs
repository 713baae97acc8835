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
fn strict_refuses_a_gate_evaluation_with_remarks_as_bad_input() {
    let dir = workspace(&[
        (
            "options.json",
            r#"{"thresholds": {"http_req_duration": ["p(95)<500"]}}"#,
        ),
        ("summary.json", SUMMARY),
        (
            "agreeing.json",
            &SUMMARY.replace(r#"{"ok": true}"#, r#"{"ok": false}"#),
        ),
    ]);
    let eval = |summary: &str| {
        run(
            dir.path(),
            &[
                "eval",
                "--gate",
                "k6:options.json",
                "--sli",
                summary,
                "--format",
                "json",
                "--strict",
            ],
        )
    };
    // k6 says the threshold held; the summary's p(95) of 620 says it did not.
    let out = eval("summary.json");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "error[invalid_input]: --strict refuses the gate's evaluation: k6 reported \"p(95)<500\" \
         on http_req_duration as ok, but the summary's values make it failed\n"
    );
    let document = json(&out.stdout);
    assert_eq!(document["status"], "errored");
    assert_eq!(document["error"]["code"], "invalid_input");

    // Where k6 and the values agree there is no remark, and strict changes nothing.
    let out = eval("agreeing.json");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    assert_eq!(json(&out.stdout)["result"], "fail");
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

/// `convert` on each example gate, then `eval --slo` on what it wrote, agrees with
/// `eval --gate`.
#[test]
fn convert_round_trips_the_examples() {
    let dir = common::examples().join("gates");
    let scratch = tempfile::tempdir().unwrap();
    for (gate, measurements, sli_format) in [
        (
            "keptn2:analysisdefinition.yaml",
            "provider-values.json",
            "auto",
        ),
        ("pitometer:perfspec.json", "datapoints.json", "auto"),
    ] {
        let sli_yaml = scratch.path().join("sli.yaml");
        let converted = run(
            &dir,
            &["convert", gate, "--sli-yaml", sli_yaml.to_str().unwrap()],
        );
        assert_eq!(converted.code, 0, "{gate}: {}", converted.stderr);
        assert!(std::fs::read_to_string(&sli_yaml)
            .unwrap()
            .contains("indicators:"));
        let slo = scratch.path().join("slo.yaml");
        std::fs::write(&slo, &converted.stdout).unwrap();
        let values = if gate.starts_with("pitometer") {
            // One data point per indicator, as plain numbers.
            let points = json(&std::fs::read_to_string(dir.join(measurements)).unwrap());
            let plain: serde_json::Map<String, serde_json::Value> = points
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| {
                    let first = &v[0];
                    let n = first
                        .as_f64()
                        .or_else(|| first.as_str().and_then(|s| s.parse().ok()))
                        .unwrap();
                    (k.clone(), serde_json::json!(n))
                })
                .collect();
            let path = scratch.path().join("values.json");
            std::fs::write(&path, serde_json::Value::Object(plain).to_string()).unwrap();
            path
        } else {
            dir.join(measurements)
        };
        let by_slo = run(
            &dir,
            &[
                "eval",
                "--slo",
                slo.to_str().unwrap(),
                "--sli",
                values.to_str().unwrap(),
                "--sli-format",
                sli_format,
                "--format",
                "json",
            ],
        );
        let by_gate = run(
            &dir,
            &[
                "eval",
                "--gate",
                gate,
                "--sli",
                measurements,
                "--format",
                "json",
            ],
        );
        assert_eq!(
            by_slo.code, by_gate.code,
            "{gate}: {} / {}",
            by_slo.stderr, by_gate.stderr
        );
        let (a, b) = (json(&by_slo.stdout), json(&by_gate.stdout));
        assert_eq!(a["result"], b["result"], "{gate}");
        assert_eq!(a["evaluation"]["score"], b["evaluation"]["score"], "{gate}");
    }
    let k6 = run(&dir, &["convert", "k6:k6-options.json"]);
    assert_eq!(k6.code, 1);
    assert!(
        k6.stderr
            .contains("\"rate>0.99\" on checks: k6 passes it when the metric has no samples"),
        "{}",
        k6.stderr
    );
}
