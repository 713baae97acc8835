//! `slogate eval` with an approval policy: the decision, its exit status and its refusals.

mod common;

use common::{examples, run, workspace};

/// One SLO whose verdict follows the p95 value: under 600 passes, under 800 warns, else fails.
const SLO: &str = "\
objectives:
  - sli: p95
    pass: [{criteria: ['<600']}]
    warning: [{criteria: ['<800']}]
total_score: {pass: 90%, warning: 50%}
";

const SHIPYARD: &str = r#"apiVersion: "spec.keptn.sh/0.2.3"
kind: "Shipyard"
metadata:
  name: "shipyard-shop"
spec:
  stages:
    - name: "hardening"
      sequences:
        - name: "delivery"
          tasks:
            - name: "evaluation"
            - name: "approval"
              properties:
                pass: "automatic"
                warning: "manual"
    - name: "production"
      sequences:
        - name: "delivery"
          tasks:
            - name: "approval"
              properties:
                pass: "manual"
                warning: "manual"
"#;

fn decide(p95: f64, extra: &[&str]) -> common::Run {
    let sli = format!(r#"{{"p95": {p95}}}"#);
    let dir = workspace(&[
        ("slo.yaml", SLO),
        ("sli.json", &sli),
        ("shipyard.yaml", SHIPYARD),
    ]);
    let mut args = vec!["eval", "--slo", "slo.yaml", "--sli", "sli.json"];
    if !extra.contains(&"--format") {
        args.extend_from_slice(&["--format", "table"]);
    }
    args.extend_from_slice(extra);
    run(dir.path(), &args)
}

fn decision_line(out: &common::Run) -> &str {
    out.stdout
        .lines()
        .find_map(|l| l.strip_prefix("decision: "))
        .unwrap_or_else(|| panic!("no decision line in:\n{}", out.stdout))
}

#[test]
fn each_decision_has_its_exit_status() {
    let approve = ["--approve", "pass=automatic,warning=manual"];
    let cases: [(f64, &[&str], i32, &str); 7] = [
        (500.0, &approve, 0, "promote: the evaluation passed and a pass is approved automatically"),
        (700.0, &approve, 3, "ask: the evaluation is a warning and a warning needs a person's approval"),
        (900.0, &approve, 1, "hold: the evaluation failed and a failed evaluation is never promoted"),
        (700.0, &["--fail-on", "warning"], 1, "hold: the evaluation is a warning and the gate fails on a warning"),
        (700.0, &[], 0, "promote: the evaluation is a warning and the gate lets a warning through"),
        (900.0, &["--live"], 1, "hold: the evaluation failed and a failed evaluation is never promoted; roll back the live deployment"),
        (500.0, &["--approval", "shipyard.yaml", "--stage", "production"], 3, "ask: the evaluation passed and a pass needs a person's approval"),
    ];
    for (p95, extra, code, line) in cases {
        let out = decide(p95, extra);
        assert_eq!(out.code, code, "p95 {p95} with {extra:?}: {}", out.stderr);
        assert_eq!(decision_line(&out), line, "p95 {p95} with {extra:?}");
    }
}

#[test]
fn json_keeps_keptns_shape_and_the_decision_goes_to_standard_error() {
    let out = decide(700.0, &["--approve", "warning=manual", "--format", "json"]);
    assert_eq!(out.code, 3);
    assert!(
        out.stdout.starts_with('{') && !out.stdout.contains("decision"),
        "{}",
        out.stdout
    );
    assert_eq!(
        out.stderr,
        "decision: ask: the evaluation is a warning and a warning needs a person's approval\n"
    );
}

#[test]
fn junit_carries_the_decision() {
    let out = decide(
        700.0,
        &[
            "--approve",
            "pass=automatic,warning=manual",
            "--format",
            "junit",
            "--live",
        ],
    );
    assert_eq!(out.code, 3);
    assert!(
        out.stdout
            .contains("<property name=\"decision\" value=\"ask\"/>"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("<property name=\"rollback\" value=\"false\"/>"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_malformed_policy_is_refused_with_its_place() {
    let out = decide(500.0, &["--approve", "pass=automatic,warning=later"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains(
            "invalid approval mode 'later' for `warning`; expected `automatic` or `manual`"
        ),
        "{}",
        out.stderr
    );
    let out = decide(500.0, &["--approval", "shipyard.yaml"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("shipyard.yaml"), "{}", out.stderr);
    assert!(
        out.stderr.contains("name the stage to read"),
        "{}",
        out.stderr
    );
    let out = decide(
        500.0,
        &["--approve", "pass=automatic", "--fail-on", "warning"],
    );
    assert_eq!(
        out.code, 2,
        "an approval policy and --fail-on exclude each other"
    );
}

#[test]
fn the_help_documents_every_exit_status() {
    for args in [&["--help"][..], &["eval", "--help"]] {
        let out = run(&examples(), args);
        assert_eq!(out.code, 0);
        for line in ["0  promote", "1  hold", "2  bad input or usage", "3  ask"] {
            assert!(
                out.stdout.contains(line),
                "{args:?} lacks {line:?}:\n{}",
                out.stdout
            );
        }
    }
}
