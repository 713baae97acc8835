//! `slogate canary`: samples files, report runs, settings, output and exit status.

mod common;

use common::{examples, run, workspace};

fn example(name: &str) -> String {
    examples().join(name).to_string_lossy().into_owned()
}

#[test]
fn the_example_canary_fails_on_its_slower_p95_and_explains_each_metric() {
    let dir = workspace(&[]);
    let out = run(
        dir.path(),
        &[
            "canary",
            "--baseline",
            &example("canary-baseline.json"),
            "--canary",
            &example("canary-canary.json"),
            "--slo",
            &example("slo.yaml"),
            "--format",
            "table",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains(
        "response_time_p95  high    485.55 (n=12)  556.65 (n=12)  +14.6%  0.00003658  2"
    ));
    assert!(out.stdout.contains(
        "canary fail with a score of 66.67 (pass at 95, marginal at 75): 4 of 5 metrics with \
         data are not counted against it"
    ));
    assert!(out.stdout.contains(
        "  response_time_p95: high (counts against the canary): canary median 556.65 vs \
         baseline median 485.55 (+14.6%), Mann-Whitney p = 0.00003658 < 0.05"
    ));
    // A lower marginal threshold makes the same judgement marginal, which exits 0 unless asked.
    let marginal = [
        "canary",
        "--baseline",
        &example("canary-baseline.json"),
        "--canary",
        &example("canary-canary.json"),
        "--slo",
        &example("slo.yaml"),
        "--marginal",
        "60",
        "--format",
        "json",
    ];
    let out = run(dir.path(), &marginal);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["result"], "marginal");
    assert_eq!(json["metrics"][1]["classification"], "high");
    let mut strict = marginal.to_vec();
    strict.extend(["--fail-on", "marginal"]);
    assert_eq!(run(dir.path(), &strict).code, 1);
}

#[test]
fn runs_from_several_files_are_joined_and_identical_sides_pass() {
    let dir = workspace(&[
        ("b1.json", r#"{"p95": [410, 420]}"#),
        ("b2.json", r#"[{"p95": 415}, {"p95": [418, 412]}]"#),
        ("c.json", r#"{"p95": [410, 420, 415, 418, 412]}"#),
    ]);
    let out = run(
        dir.path(),
        &[
            "canary",
            "--baseline",
            "b1.json",
            "--baseline",
            "b2.json",
            "--canary",
            "c.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["result"], "pass");
    assert_eq!(json["score"], 100.0);
    assert_eq!(json["metrics"][0]["baseline"]["count"], 5);
    assert_eq!(json["metrics"][0]["pValue"], 1.0);
}

#[test]
fn load_test_reports_give_one_sample_per_run() {
    let k6 = |p95: f64| {
        format!(
            r#"{{"metrics": {{"http_req_duration": {{"type": "trend", "contains": "time", "values": {{"avg": 100, "min": 50, "med": 90, "max": 400, "p(90)": 200, "p(95)": {p95}}}}}}}}}"#
        )
    };
    let (b1, b2, c1, c2) = (k6(300.0), k6(310.0), k6(305.0), k6(308.0));
    let dir = workspace(&[
        ("b1.json", &b1),
        ("b2.json", &b2),
        ("c1.json", &c1),
        ("c2.json", &c2),
    ]);
    let out = run(
        dir.path(),
        &[
            "canary",
            "--sli-format",
            "k6",
            "--baseline",
            "b1.json",
            "--baseline",
            "b2.json",
            "--canary",
            "c1.json",
            "--canary",
            "c2.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let p95 = json["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == "http_req_duration.p95")
        .expect("the k6 p95 is a metric");
    assert_eq!(p95["baseline"]["count"], 2);
    assert_eq!(p95["canary"]["median"], 306.5);
}

#[test]
fn bad_settings_and_samples_exit_2_with_their_codes() {
    let dir = workspace(&[
        ("s.json", r#"{"p95": [1, "x"]}"#),
        ("ok.json", r#"{"p95": [1]}"#),
    ]);
    let out = run(
        dir.path(),
        &[
            "canary",
            "--baseline",
            "ok.json",
            "--canary",
            "ok.json",
            "--confidence",
            "1.5",
            "--pass",
            "101",
        ],
    );
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error[invalid_canary_settings]: confidence: confidence is 1.5; expected a number between 0 and 1, exclusive\n\
         error[invalid_canary_settings]: pass_threshold: pass_threshold is 101; expected a percentage between 0 and 100\n"
    );
    let out = run(
        dir.path(),
        &["canary", "--baseline", "s.json", "--canary", "ok.json"],
    );
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error[invalid_input]: s.json: p95[1]: a sample of 'p95' must be a number, found the string \"x\"\n"
    );
}

#[test]
fn the_readme_shows_the_example_canary_output() {
    let readme = std::fs::read_to_string(examples().join("../README.md")).unwrap();
    let command = "slogate canary --baseline examples/canary-baseline.json --canary \
                   examples/canary-canary.json --slo examples/slo.yaml --format table";
    let after = &readme[readme.find(command).expect("the README shows the command")..];
    let start = after.find("```text\n").expect("the output follows") + "```text\n".len();
    let shown = &after[start..start + after[start..].find("```").unwrap()];
    let out = run(
        &examples().join(".."),
        &command.split(' ').skip(1).collect::<Vec<_>>(),
    );
    assert_eq!(out.stdout, shown);
}
