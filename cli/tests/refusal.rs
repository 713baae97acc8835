//! Refused input with `--format junit|json|markdown`: a valid document carrying the error on
//! standard output, the message on standard error, exit 2.

mod common;

use common::{run, workspace, RELATIVE_SLO};

const BROKEN_SLO: &str =
    "objectives:\n  - sli: p95\n    pass: [{criteria: ['<600ms']}]\ntotal_score: {pass: 90%}\n";
const MESSAGE: &str = "invalid criterion '<600ms': unexpected character 'm' after the number '600'; expected nothing more (units are not allowed)";

fn refused(format: &str, slo: &str) -> common::Run {
    let dir = workspace(&[("slo.yaml", slo), ("sli.json", r#"{"p95": 1}"#)]);
    let out = run(
        dir.path(),
        &[
            "eval", "--slo", "slo.yaml", "--sli", "sli.json", "--format", format,
        ],
    );
    assert_eq!(out.code, 2, "{format}: {}", out.stderr);
    assert!(
        out.stderr
            .starts_with("error[invalid_criterion]: slo.yaml:3:24: objectives[0]")
            || out.stderr.starts_with("error[io_error]"),
        "{format}: {}",
        out.stderr
    );
    out
}

#[test]
fn junit_output_is_one_errored_test_case_with_the_code_and_message() {
    let out = refused("junit", BROKEN_SLO);
    let xml = roxmltree::Document::parse(&out.stdout).expect("valid XML");
    let suites = xml.root_element();
    assert_eq!(suites.tag_name().name(), "testsuites");
    assert_eq!(suites.attribute("errors"), Some("1"));
    let cases: Vec<_> = suites
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 1);
    let error = cases[0]
        .children()
        .find(|n| n.has_tag_name("error"))
        .expect("an error element");
    assert_eq!(error.attribute("type"), Some("invalid_criterion"));
    assert_eq!(
        error.attribute("message"),
        Some(format!("objectives[0].pass[0].criteria[0] (line 3, column 24): {MESSAGE}").as_str())
    );
    assert_eq!(error.text(), Some(out.stderr.trim_end()));
}

#[test]
fn json_output_is_an_error_object_with_code_path_line_column_and_message() {
    let out = refused("json", BROKEN_SLO);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    assert_eq!(json["result"], "fail");
    assert_eq!(json["status"], "errored");
    assert_eq!(
        json["error"],
        serde_json::json!({
            "code": "invalid_criterion",
            "file": "slo.yaml",
            "path": "objectives[0].pass[0].criteria[0]",
            "line": 3,
            "column": 24,
            "message": MESSAGE,
        })
    );
    assert_eq!(json["errors"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["message"], out.stderr.trim_end());

    // A file that cannot be read is carried the same way.
    let dir = workspace(&[("slo.yaml", RELATIVE_SLO)]);
    let out = run(
        dir.path(),
        &[
            "eval",
            "--slo",
            "slo.yaml",
            "--sli",
            "missing.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 2);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    assert_eq!(json["error"]["code"], "io_error");
    assert_eq!(
        json["error"]["message"],
        "cannot read the SLI file 'missing.json': no such file or directory"
    );
}

#[test]
fn markdown_output_carries_the_error() {
    let out = refused("markdown", BROKEN_SLO);
    assert!(
        out.stdout
            .starts_with("### ❌ Quality gate: refused, the input could not be evaluated\n\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("- `invalid_criterion` in `slo.yaml`: objectives\\[0\\]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .ends_with(&format!("```text\n{}\n```\n", out.stderr.trim_end())),
        "{}",
        out.stdout
    );
}

#[test]
fn the_table_format_leaves_standard_output_empty() {
    let out = refused("table", BROKEN_SLO);
    assert_eq!(out.stdout, "");
}
