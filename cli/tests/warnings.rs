//! Warnings about an SLO (an unknown key, for one): printed on standard error and inside every
//! output document, and refused under `--strict`.

mod common;

use common::{json, run, workspace};

/// `keySli` for `key_sli`: Keptn ignores it, so the failing key SLI does not fail the gate.
const MISSPELT_SLO: &str = "\
objectives:
  - sli: p95
    pass: [{criteria: [\"<600\"]}]
  - sli: err
    keySli: true
    pass: [{criteria: [\"<=0.01\"]}]
total_score: {pass: 50%}
";

/// A warning has the shape of an error: its code, place and message, then the code frame.
const WARNING: &str = "\
warning[unknown_key]: slo.yaml:5:5: objectives[1].keySli: unknown key 'keySli'; did you mean 'key_sli'?
  |
5 |     keySli: true
  |     ^
";

fn files() -> tempfile::TempDir {
    workspace(&[
        ("slo.yaml", MISSPELT_SLO),
        ("sli.json", r#"{"p95": 412, "err": 0.5}"#),
    ])
}

#[test]
fn check_prints_each_warning_with_its_code_frame() {
    let dir = files();
    let out = run(dir.path(), &["check", "slo.yaml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, WARNING);
    assert_eq!(
        out.stdout,
        "slo.yaml: ok: 2 objectives (0 key SLIs), pass at 50%, 1 warning\n"
    );
}

#[test]
fn check_strict_exits_1_on_warnings_and_2_on_errors() {
    let dir = files();
    let out = run(dir.path(), &["check", "--strict", "slo.yaml"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.starts_with("error[unknown_key]: slo.yaml:5:5: objectives[1].keySli: unknown key 'keySli'; did you mean 'key_sli'?\n  |\n5 |     keySli: true\n"),
        "{}",
        out.stderr
    );
    // A refused SLO stays bad input, with or without warnings beside its errors.
    let broken = MISSPELT_SLO.replace("<600", "<600ms");
    let dir = workspace(&[("slo.yaml", &broken)]);
    for args in [
        &["check", "--strict", "slo.yaml"][..],
        &["check", "slo.yaml"],
    ] {
        let out = run(dir.path(), args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("error[invalid_criterion]"),
            "{}",
            out.stderr
        );
    }
    // Without warnings, strict changes nothing.
    let clean = MISSPELT_SLO.replace("keySli", "key_sli");
    let dir = workspace(&[("slo.yaml", &clean)]);
    let out = run(dir.path(), &["check", "--strict", "slo.yaml"]);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
}

#[test]
fn eval_prints_warnings_on_stderr_and_in_json() {
    let dir = files();
    let out = run(
        dir.path(),
        &[
            "eval", "--slo", "slo.yaml", "--sli", "sli.json", "--format", "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, WARNING);
    let document = json(&out.stdout);
    assert_eq!(document["result"], "pass");
    assert_eq!(
        document["warnings"],
        serde_json::json!([{
            "code": "unknown_key",
            "file": "slo.yaml",
            "path": "objectives[1].keySli",
            "line": 5,
            "column": 5,
            "message": "unknown key 'keySli'; did you mean 'key_sli'?",
        }])
    );
    // Keptn's fields come first, as without warnings.
    assert!(out.stdout.starts_with("{\n  \"status\""), "{}", out.stdout);
}

#[test]
fn eval_without_warnings_writes_keptns_json_unchanged() {
    let clean = MISSPELT_SLO.replace("keySli", "key_sli");
    let dir = workspace(&[
        ("slo.yaml", &clean),
        ("sli.json", r#"{"p95": 412, "err": 0.5}"#),
    ]);
    let out = run(
        dir.path(),
        &[
            "eval", "--slo", "slo.yaml", "--sli", "sli.json", "--format", "json",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    assert!(json(&out.stdout).get("warnings").is_none());
}

#[test]
fn eval_carries_warnings_into_junit_and_markdown() {
    let dir = files();
    let out = run(
        dir.path(),
        &[
            "eval", "--slo", "slo.yaml", "--sli", "sli.json", "--format", "junit",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let xml = roxmltree::Document::parse(&out.stdout).expect("valid XML");
    let system_err = xml
        .descendants()
        .find(|n| n.has_tag_name("system-err"))
        .and_then(|n| n.text())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(system_err + "\n", WARNING);

    let out = run(
        dir.path(),
        &[
            "eval", "--slo", "slo.yaml", "--sli", "sli.json", "--format", "markdown",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("\n**Warnings:**\n\n- `unknown_key` in `slo.yaml`: objectives\\[1\\].keySli (line 5, column 5): unknown key 'keySli'; did you mean 'key\\_sli'?\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn eval_strict_refuses_an_slo_with_warnings_as_bad_input() {
    let dir = files();
    let out = run(
        dir.path(),
        &[
            "eval", "--strict", "--slo", "slo.yaml", "--sli", "sli.json", "--format", "json",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("error[unknown_key]: slo.yaml:5:5: objectives[1].keySli: "),
        "{}",
        out.stderr
    );
    let document = json(&out.stdout);
    assert_eq!(document["status"], "errored");
    assert_eq!(document["error"]["code"], "unknown_key");
    assert_eq!(document["error"]["line"], 5);
}

#[test]
fn report_and_canary_read_the_slo_strictly_when_asked() {
    let dir = files();
    std::fs::write(dir.path().join("history.jsonl"), "").unwrap();
    let out = run(
        dir.path(),
        &[
            "report",
            "--history",
            "history.jsonl",
            "--slo",
            "slo.yaml",
            "--strict",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("error[unknown_key]"),
        "{}",
        out.stderr
    );
    let out = run(
        dir.path(),
        &["report", "--history", "history.jsonl", "--slo", "slo.yaml"],
    );
    assert!(out.stderr.starts_with(WARNING), "{}", out.stderr);
    std::fs::write(
        dir.path().join("samples.json"),
        r#"{"p95": [1, 2, 3], "err": [0, 0, 0]}"#,
    )
    .unwrap();
    let canary = |strict: bool| {
        let mut args = vec![
            "canary",
            "--baseline",
            "samples.json",
            "--canary",
            "samples.json",
            "--slo",
            "slo.yaml",
            "--format",
            "json",
        ];
        if strict {
            args.push("--strict");
        }
        run(dir.path(), &args)
    };
    let out = canary(true);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("error[unknown_key]"),
        "{}",
        out.stderr
    );
    let out = canary(false);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, WARNING);
}

#[test]
fn the_readme_shows_what_check_prints() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let section = &readme[readme
        .find("## Warnings, refusals and strict mode")
        .unwrap()..];
    let start = section.find("```console\n").unwrap() + "```console\n".len();
    let block = &section[start..start + section[start..].find("```").unwrap()];
    let dir = workspace(&[(
        "slo.yaml",
        "objectives:\n  - sli: p95\n    pas: [{criteria: ['<600']}]\ntotal_score: {pass: 90%}\n",
    )]);
    let plain = run(dir.path(), &["check", "slo.yaml"]);
    let strict = run(dir.path(), &["check", "--strict", "slo.yaml"]);
    let shown = format!(
        "$ slogate check slo.yaml\n{}{}$ slogate check --strict slo.yaml; echo \"exit $?\"\n{}{}exit {}\n",
        plain.stderr, plain.stdout, strict.stderr, strict.stdout, strict.code
    );
    assert_eq!(block, shown);
}
