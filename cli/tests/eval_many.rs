//! `slogate eval-many`: JSON Lines in, one result line per item out, in input order.

mod common;

use std::fmt::Write as _;
use std::io::Write;
use std::process::Stdio;

use common::{command, workspace, Run};
use serde_json::Value;

const SLO: &str = "objectives:\n  - sli: p95\n    pass: [{criteria: ['<=+10%', '<600']}]\n    warning: [{criteria: ['<=800']}]\ntotal_score: {pass: 90%, warning: 50%}\n";

/// Runs `slogate eval-many` in `dir`, feeding `input` from another thread so that a long
/// stream never blocks on a full output pipe.
fn eval_many(dir: &std::path::Path, args: &[&str], input: Vec<u8>) -> (Run, Vec<Value>) {
    let mut full = vec!["eval-many"];
    full.extend_from_slice(args);
    let mut child = command(dir, &full).stdin(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // The child may stop reading early only by failing, which the test reports.
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let run = Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    };
    let lines = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (run, lines)
}

#[test]
fn each_item_gets_its_verdict_or_its_own_error_in_input_order() {
    let dir = workspace(&[("slo.yaml", SLO)]);
    // An earlier build at 500 ms, stored as Keptn's evaluation data.
    let (_, earlier) = eval_many(
        dir.path(),
        &[],
        br#"{"slo": "slo.yaml", "values": {"p95": 500}}"#.to_vec(),
    );
    let history = earlier[0]["evaluation"].to_string();
    let input = [
        r#"{"id": "fast", "slo": "slo.yaml", "values": {"p95": 420}}"#.to_owned(),
        r#"{"id": "slow", "slo": "slo.yaml", "values": {"p95": 900}}"#.to_owned(),
        "this is not json".to_owned(),
        String::new(),
        r#"{"id": "broken", "slo_yaml": "objectives: [{sli: p95, pass: [{criteria: ['<600ms']}]}]\ntotal_score: {pass: 90%}", "values": {"p95": 1}}"#.to_owned(),
        format!(r#"{{"id": "regressed", "slo": "slo.yaml", "values": {{"p95": 590}}, "history": [{history}]}}"#),
        r#"{"id": "missing", "slo": "nowhere.yaml", "values": {"p95": 1}}"#.to_owned(),
        r#"{"id": "no values", "slo": "slo.yaml"}"#.to_owned(),
        r#"{"id": 7, "slo": "slo.yaml", "values": {"p95": 700}}"#.to_owned(),
    ]
    .join("\n");
    let (run, lines) = eval_many(dir.path(), &[], input.into_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(lines.len(), 8);

    let field = |i: usize, name: &str| lines[i][name].clone();
    assert_eq!(field(0, "id"), "fast");
    assert_eq!(field(0, "line"), 1);
    assert_eq!(field(0, "result"), "pass");
    assert_eq!(field(0, "score"), 100.0);
    assert_eq!(
        lines[0]["evaluation"]["evaluation"]["indicatorResults"][0]["value"]["value"],
        420.0
    );
    assert_eq!(field(1, "result"), "fail");
    assert_eq!(field(2, "line"), 3);
    assert_eq!(field(2, "id"), Value::Null);
    assert_eq!(lines[2]["error"]["code"], "invalid_json");
    // In slogate's words, with the column inside the line, never the JSON library's text.
    assert_eq!(
        lines[2]["error"]["problems"][0],
        serde_json::json!({"code": "invalid_json", "path": "", "line": 1, "column": 2,
            "message": "invalid item JSON: expected true, false or null"})
    );
    assert_eq!(field(3, "id"), "broken");
    assert_eq!(lines[3]["error"]["kind"], "slo");
    assert_eq!(
        lines[3]["error"]["message"],
        "objectives[0].pass[0].criteria[0]: invalid criterion '<600ms': unexpected character 'm' \
         after the number '600'; expected nothing more (units are not allowed)"
    );
    // 590 is more than 10% above the stored 500: the relative criterion fails, the fixed one
    // holds, so the objective warns.
    // The problem inside the item's SLO text carries its line and column there.
    assert_eq!(lines[3]["error"]["problems"][0]["line"], 1);
    assert_eq!(lines[3]["error"]["problems"][0]["column"], 44);
    assert_eq!(field(4, "id"), "regressed");
    assert_eq!(field(4, "result"), "warning");
    assert_eq!(
        lines[5]["error"]["message"],
        "slo: cannot read the SLO file 'nowhere.yaml': no such file or directory"
    );
    assert_eq!(lines[6]["error"]["code"], "missing_field");
    assert_eq!(
        lines[6]["error"]["message"],
        "values: missing the SLI values"
    );
    assert_eq!(field(7, "id"), 7);
    assert_eq!(field(7, "line"), 9);
    assert_eq!(field(7, "result"), "warning");
}

#[test]
fn warnings_fail_the_run_only_when_asked() {
    let dir = workspace(&[("slo.yaml", SLO)]);
    let input = r#"{"slo": "slo.yaml", "values": {"p95": 700}}"#.as_bytes().to_vec();
    let (run, lines) = eval_many(dir.path(), &[], input.clone());
    assert_eq!(
        (run.code, lines[0]["result"].as_str()),
        (0, Some("warning"))
    );
    let (run, _) = eval_many(dir.path(), &["--fail-on", "warning"], input);
    assert_eq!(run.code, 1);
}

#[test]
fn strict_refuses_only_the_items_whose_slo_has_warnings() {
    // `keySli` is not a key of an objective: a warning, which --strict refuses.
    let misspelt = SLO.replace("    pass:", "    keySli: true\n    pass:");
    let dir = workspace(&[("slo.yaml", SLO), ("misspelt.yaml", &misspelt)]);
    let input = [
        r#"{"id": "clean", "slo": "slo.yaml", "values": {"p95": 420}}"#,
        r#"{"id": "misspelt", "slo": "misspelt.yaml", "values": {"p95": 420}}"#,
        r#"{"id": "again", "slo": "misspelt.yaml", "values": {"p95": 900}}"#,
    ]
    .join("\n");
    let (run, lines) = eval_many(dir.path(), &[], input.clone().into_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    let verdicts: Vec<&Value> = lines.iter().map(|l| &l["result"]).collect();
    assert_eq!(verdicts, ["pass", "pass", "fail"]);

    let (run, lines) = eval_many(dir.path(), &["--strict"], input.into_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(lines[0]["result"], "pass");
    for line in &lines[1..] {
        assert_eq!(line["result"], Value::Null, "{line}");
        assert_eq!(line["error"]["kind"], "slo");
        assert_eq!(line["error"]["code"], "unknown_key");
        assert_eq!(
            line["error"]["message"],
            "objectives[0].keySli: unknown key 'keySli'; did you mean 'key_sli'?"
        );
        assert_eq!(line["error"]["problems"][0]["line"], 3);
    }

    // Without warnings, strict changes nothing.
    let clean = r#"{"slo": "slo.yaml", "values": {"p95": 420}}"#.as_bytes().to_vec();
    let (run, lines) = eval_many(dir.path(), &["--strict"], clean);
    assert_eq!((run.code, lines[0]["result"].as_str()), (0, Some("pass")));
}

#[test]
fn a_stream_longer_than_a_chunk_keeps_its_order() {
    let dir = workspace(&[("slo.yaml", SLO)]);
    let count = 10_000;
    let mut input = String::new();
    for i in 0..count {
        writeln!(
            input,
            r#"{{"id": {i}, "slo": "slo.yaml", "values": {{"p95": {}}}}}"#,
            i % 1000
        )
        .unwrap();
    }
    let (run, lines) = eval_many(dir.path(), &[], input.into_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(lines.len(), count);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["id"], i);
        assert_eq!(line["line"], i + 1);
        let expected = match i % 1000 {
            0..600 => "pass",
            600..=800 => "warning",
            _ => "fail",
        };
        assert_eq!(line["result"], expected, "item {i}");
    }
}

#[test]
fn an_overlong_line_is_refused_and_the_next_one_still_evaluated() {
    let dir = workspace(&[("slo.yaml", SLO)]);
    let mut input = Vec::new();
    input.extend_from_slice(br#"{"slo": "slo.yaml", "values": {"p95": 1}, "pad": ""#);
    input.resize(input.len() + (17 << 20), b'x');
    input.extend_from_slice(b"\"}\n");
    input.extend_from_slice(br#"{"id": "after", "slo": "slo.yaml", "values": {"p95": 1}}"#);
    let (run, lines) = eval_many(dir.path(), &[], input);
    assert_eq!(run.code, 1);
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0]["error"]["message"],
        "the line is longer than 16777216 bytes"
    );
    assert_eq!(lines[1]["id"], "after");
    assert_eq!(lines[1]["result"], "pass");
}
