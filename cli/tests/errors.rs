//! Bad input and usage: exit 2, a clear message on standard error, nothing written.

mod common;

use std::fs;

use common::{run, run_with_stdin, workspace, RELATIVE_SLO};

/// Runs `eval --record` and checks that it was refused without touching the history.
fn refused(files: &[(&str, &str)], args: &[&str]) -> String {
    let dir = workspace(files);
    let history = dir.path().join("history.jsonl");
    let existing = files.iter().any(|(name, _)| *name == "history.jsonl");
    let before = fs::read(&history).ok();
    let out = run(dir.path(), args);
    assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
    if args.contains(&"--format=json") {
        // The refusal is carried by the JSON document too.
        let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("a JSON document");
        assert_eq!(json["status"], "errored", "{args:?}");
        assert_eq!(json["message"], out.stderr.trim_end(), "{args:?}");
    } else {
        assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
    }
    assert!(out.stderr.starts_with("error"), "{}", out.stderr);
    assert_eq!(fs::read(&history).ok(), before, "the history is untouched");
    assert_eq!(history.exists(), existing, "no history file is left behind");
    out.stderr
}

const RECORD: [&str; 9] = [
    "eval",
    "--slo",
    "slo.yaml",
    "--sli",
    "sli.json",
    "--history",
    "history.jsonl",
    "--record",
    "--format=json",
];

#[test]
fn missing_files_are_named() {
    let stderr = refused(&[("sli.json", "{}")], &RECORD);
    assert_eq!(
        stderr,
        "error[io_error]: cannot read the SLO file 'slo.yaml': no such file or directory\n"
    );
    let stderr = refused(&[("slo.yaml", RELATIVE_SLO)], &RECORD);
    assert_eq!(
        stderr,
        "error[io_error]: cannot read the SLI file 'sli.json': no such file or directory\n"
    );
    let stderr = refused(
        &[("slo.yaml", RELATIVE_SLO), ("sli.json", r#"{"p95": 1}"#)],
        &RECORD[..7],
    );
    assert_eq!(
        stderr,
        "error[io_error]: cannot open the history file 'history.jsonl': no such file or directory\n"
    );
}

#[test]
fn malformed_json_is_shown_with_its_position() {
    let stderr = refused(
        &[
            ("slo.yaml", RELATIVE_SLO),
            ("sli.json", "{\n  \"p95\": 412,\n  \"p99\": 9,,\n}\n"),
        ],
        &RECORD,
    );
    assert_eq!(
        stderr,
        "\
error[invalid_json]: sli.json:3:12: invalid SLI values JSON: object keys must be strings
  |
3 |   \"p99\": 9,,
  |            ^
"
    );
}

#[test]
fn values_of_the_wrong_type_are_each_reported() {
    let stderr = refused(
        &[
            ("slo.yaml", RELATIVE_SLO),
            ("sli.json", r#"{"p95": "fast", "p99": null, "ok": 1}"#),
        ],
        &RECORD,
    );
    assert_eq!(
        stderr,
        "\
error[invalid_input]: sli.json: p95: the value of 'p95' must be a number, found the string \"fast\"
error[invalid_input]: sli.json: p99: the value of 'p99' must be a number, found null
"
    );
    let stderr = refused(
        &[("slo.yaml", RELATIVE_SLO), ("sli.json", "[412]")],
        &RECORD,
    );
    assert_eq!(
        stderr,
        "error[invalid_input]: sli.json: [0]: expected an indicator value (an object with metric and value), found 412\n"
    );
    let stderr = refused(
        &[
            ("slo.yaml", RELATIVE_SLO),
            (
                "sli.json",
                r#"{"indicatorValues": [{"metric": "p95", "value": 1}, {"metric": "p95", "value": 2}]}"#,
            ),
        ],
        &RECORD,
    );
    assert!(
        stderr.starts_with("error[duplicate_indicator_value]: sli.json: indicatorValues[1]: metric 'p95' is reported twice"),
        "{stderr}"
    );
}

const BROKEN_SLO: &str = "\
objectives:
  - sli: response_time_p95
    pass:
      - criteria: [\"<600ms\"]
  - sli: error_rate
    weight: 0
    pass:
      - criteria: [\"<=0.01\"]
total_score:
  pass: \"190%\"
";

const BROKEN_SLO_REPORT: &str = "\
error[invalid_criterion]: slo.yaml:4:20: objectives[0].pass[0].criteria[0]: invalid criterion '<600ms': unexpected character 'm' after the number '600'; expected nothing more (units are not allowed)
  |
4 |       - criteria: [\"<600ms\"]
  |                    ^
error[invalid_weight]: slo.yaml:6:13: objectives[1].weight: weight 0 is not allowed (Keptn silently counts it as 1); write 1 or leave weight out
  |
6 |     weight: 0
  |             ^
error[invalid_total_score]: slo.yaml:10:9: total_score.pass: total_score.pass '190%' is outside 0..100; expected a percentage between 0 and 100 such as \"90%\" or 90
   |
10 |   pass: \"190%\"
   |         ^
";

#[test]
fn an_slo_with_several_problems_lists_them_all_with_code_frames() {
    let stderr = refused(
        &[("slo.yaml", BROKEN_SLO), ("sli.json", r#"{"p95": 1}"#)],
        &RECORD,
    );
    assert_eq!(stderr, BROKEN_SLO_REPORT);

    let dir = workspace(&[("slo.yaml", BROKEN_SLO)]);
    let check = run(dir.path(), &["check", "slo.yaml"]);
    assert_eq!(check.code, 2);
    assert_eq!(check.stderr, BROKEN_SLO_REPORT);
    let piped = run_with_stdin(dir.path(), &["check", "-"], BROKEN_SLO);
    assert_eq!(piped.code, 2);
    assert_eq!(
        piped.stderr,
        BROKEN_SLO_REPORT.replace("slo.yaml", "<stdin>")
    );
}

#[test]
fn an_existing_history_is_untouched_by_a_refused_run() {
    let dir = workspace(&[("slo.yaml", RELATIVE_SLO), ("sli.json", r#"{"p95": 500}"#)]);
    let ok = run(dir.path(), &RECORD);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let history = fs::read_to_string(dir.path().join("history.jsonl")).unwrap();
    refused(
        &[
            ("slo.yaml", RELATIVE_SLO),
            ("sli.json", r#"{"p95": "slow"}"#),
            ("history.jsonl", &history),
        ],
        &RECORD,
    );
}

#[test]
fn empty_and_non_text_files_are_refused() {
    let stderr = refused(&[("slo.yaml", "  \n"), ("sli.json", "{}")], &RECORD);
    assert_eq!(
        stderr,
        "error[empty_slo]: slo.yaml: the SLO is empty; it needs objectives and a total_score\n"
    );
    let dir = workspace(&[("sli.json", "{}")]);
    fs::write(dir.path().join("slo.yaml"), b"objectives: \xff\n").unwrap();
    let out = run(dir.path(), &RECORD);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error[invalid_encoding]: the SLO file 'slo.yaml' is not UTF-8 text (invalid byte at offset 12)\n"
    );
    let stderr = refused(&[("slo.yaml", RELATIVE_SLO), ("sli.json", "")], &RECORD);
    assert!(
        stderr.starts_with("error[invalid_json]: sli.json"),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let files = [("slo.yaml", RELATIVE_SLO), ("sli.json", r#"{"p95": 1}"#)];
    let stderr = refused(&files, &["eval", "--slo", "-", "--sli", "-"]);
    assert_eq!(
        stderr,
        "error[invalid_argument]: --slo and --sli cannot both read standard input ('-'); give one of them a file\n"
    );
    let stderr = refused(
        &files,
        &["eval", "--slo", "slo.yaml", "--sli", "sli.json", "--record"],
    );
    assert!(stderr.contains("--history <FILE|URL>"), "{stderr}");
    let stderr = refused(
        &files,
        &["eval", "--slo", "slo.yaml", "--sli", "sli.json", "--bogus"],
    );
    assert!(stderr.contains("'--bogus'"), "{stderr}");
    let stderr = refused(&files, &["eval", "--slo", "slo.yaml"]);
    assert!(stderr.contains("--sli <[KIND:]FILE>"), "{stderr}");
    let stderr = refused(
        &files,
        &[
            "eval", "--slo", "slo.yaml", "--sli", "sli.json", "--format", "xml",
        ],
    );
    assert!(
        stderr.contains("possible values: table, json, markdown, junit"),
        "{stderr}"
    );
}

#[test]
fn sli_formats_are_checked() {
    let files = [("slo.yaml", RELATIVE_SLO), ("sli.json", r#"{"p95": 1}"#)];
    let stderr = refused(&files, &[&RECORD[..], &["--sli-format", "keptn"]].concat());
    assert_eq!(
        stderr,
        "error[invalid_input]: sli.json: expected Keptn get-sli data (an object with 'indicatorValues' or 'getSLI'); use --sli-format auto for a plain object of values\n"
    );
    // A load-test report must be of the named kind.
    for kind in ["k6", "autocannon", "artillery"] {
        let stderr = refused(&files, &[&RECORD[..], &["--sli-format", kind]].concat());
        assert!(
            stderr.contains("error[invalid_input]: sli.json"),
            "{kind}: {stderr}"
        );
    }
}

#[test]
fn endless_or_huge_input_files_are_refused_without_reading_them_whole() {
    let dir = workspace(&[("slo.yaml", RELATIVE_SLO), ("sli.json", r#"{"p95": 1}"#)]);
    // A 10 GB file that takes no disk space: every byte reads as zero.
    let huge = dir.path().join("huge");
    fs::File::create(&huge)
        .unwrap()
        .set_len(10 * 1024 * 1024 * 1024)
        .unwrap();
    let definition_refusal =
        "error[document_too_large]: {file}: the SLO is larger than the limit of 8388608 bytes\n";
    let values_refusal =
        "error[input_too_large]: {file}: the input is larger than the limit of 16777216 bytes\n";
    for file in ["huge", "/dev/zero"] {
        let out = run(
            dir.path(),
            &[
                "eval", "--slo", file, "--sli", "sli.json", "--format", "json",
            ],
        );
        assert_eq!(out.code, 2, "{file}");
        assert_eq!(out.stderr, definition_refusal.replace("{file}", file));
        let out = run(dir.path(), &["check", file]);
        assert_eq!(out.stderr, definition_refusal.replace("{file}", file));
        let out = run(
            dir.path(),
            &[
                "eval", "--slo", "slo.yaml", "--sli", file, "--format", "json",
            ],
        );
        assert_eq!(out.code, 2, "{file}");
        assert_eq!(out.stderr, values_refusal.replace("{file}", file));
    }
}

/// One format for every problem, `error[code]: file:line:column: path: message` and a code
/// frame, with the file the problem's path points into: the SLO, the SLI values, the history,
/// or none where the message names the file.
#[test]
fn every_problem_names_the_document_it_is_in() {
    let slo = "\
objectives:
  - sli: p95
    pass:
      - criteria: ['<=+100%']
total_score:
  pass: '90%'
";
    let pinned = format!("extensions: slogate/v1\ncomparison:\n  pinned_baseline: zzz\n{slo}");
    let dir = workspace(&[
        ("slo.yaml", slo),
        ("pinned.yaml", &pinned),
        ("sli.json", r#"{"p95": 1e308}"#),
        ("bad.json", "{\"p95\": 1,\n \"p99\": nope}"),
    ]);
    let eval = |slo: &str, sli: &str, more: &[&str]| {
        let mut args = vec!["eval", "--slo", slo, "--sli", sli, "--format", "table"];
        args.extend_from_slice(more);
        run(dir.path(), &args)
    };
    let recorded = eval(
        "slo.yaml",
        "sli.json",
        &["--history", "h.jsonl", "--record"],
    );
    assert_eq!(recorded.code, 0, "{}", recorded.stderr);

    // A problem found while scoring whose path is in the SLO.
    let out = eval("slo.yaml", "sli.json", &["--history", "h.jsonl"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error[non_finite_value]: slo.yaml: objectives[0]: the target of criterion '<=+100%' \
         for 'p95' is too large to be represented\n"
    );
    // A problem with the SLI values, with its position and code frame.
    let out = eval("slo.yaml", "bad.json", &[]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "\
error[invalid_json]: bad.json:2:10: invalid SLI values JSON: expected true, false or null
  |
2 |  \"p99\": nope}
  |          ^
"
    );
    // A problem with the history, found while scoring.
    let out = eval("pinned.yaml", "sli.json", &["--history", "h.jsonl"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error[pinned_baseline_not_found]: h.jsonl: history: comparison.pinned_baseline names \
         the evaluation 'zzz', but the one stored evaluation has another id\n"
    );
    // An I/O problem: the message names the file.
    let out = eval("slo.yaml", "missing.json", &[]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error[io_error]: cannot read the SLI file 'missing.json': no such file or directory\n"
    );
}
