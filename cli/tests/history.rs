//! The history file: recording, comparison basis, invalidation, torn lines, concurrency.

mod common;

use std::fs;
use std::path::Path;

use common::{command, json, lines, run, workspace, RELATIVE_SLO};

fn eval_p95(dir: &Path, value: f64, extra: &[&str]) -> common::Run {
    let sli = dir.join(format!("sli-{value}.json"));
    fs::write(&sli, format!("{{\"p95\": {value}}}")).unwrap();
    let sli = sli.to_string_lossy().into_owned();
    let mut args = vec![
        "eval",
        "--slo",
        "slo.yaml",
        "--sli",
        sli.as_str(),
        "--history",
        "history.jsonl",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    run(dir, &args)
}

#[test]
fn a_recorded_evaluation_is_the_basis_of_the_next_run() {
    let dir = workspace(&[("slo.yaml", RELATIVE_SLO)]);
    let history = dir.path().join("history.jsonl");

    let first = eval_p95(dir.path(), 500.0, &["--record", "--id", "build-1"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stderr.contains("recorded evaluation 'build-1'"));
    let stored = lines(&history);
    assert_eq!(stored.len(), 1);
    let record = json(&stored[0]);
    assert_eq!(record["id"], "build-1");
    assert_eq!(record["invalidated"], false);
    assert_eq!(record["result"], "pass");

    // 560 is more than 10% above 500: the relative criterion fails, the warning holds.
    let second = eval_p95(dir.path(), 560.0, &["--record", "--id", "build-2"]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    let evaluation = json(&second.stdout);
    assert_eq!(evaluation["result"], "warning");
    assert_eq!(
        evaluation["evaluation"]["comparedEvents"],
        serde_json::json!(["build-1"])
    );
    let target = &evaluation["evaluation"]["indicatorResults"][0]["passTargets"][0];
    assert_eq!(target["targetValue"], 550.0);
    assert_eq!(target["violated"], true);

    let after = lines(&history);
    assert_eq!(after.len(), 2);
    assert_eq!(after[0], stored[0], "earlier lines stay byte for byte");
    assert_eq!(json(&after[1])["id"], "build-2");

    // Without --record nothing is written.
    let third = eval_p95(dir.path(), 100.0, &[]);
    assert_eq!(third.code, 0);
    assert_eq!(lines(&history), after);
    assert_eq!(
        json(&third.stdout)["evaluation"]["comparedEvents"],
        serde_json::json!(["build-2"])
    );
}

#[test]
fn generated_ids_are_unique_and_given_ids_may_not_repeat() {
    let dir = workspace(&[("slo.yaml", RELATIVE_SLO)]);
    let history = dir.path().join("history.jsonl");
    for _ in 0..3 {
        assert_eq!(eval_p95(dir.path(), 400.0, &["--record"]).code, 0);
    }
    let ids: Vec<String> = lines(&history)
        .iter()
        .map(|l| json(l)["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 3);
    for id in &ids {
        assert!(
            id.len() >= 24 && id.starts_with("20") && id.contains('T'),
            "a time-based id: {id}"
        );
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 3, "{ids:?}");

    let before = fs::read(&history).unwrap();
    let taken = eval_p95(dir.path(), 400.0, &["--record", "--id", &ids[1]]);
    assert_eq!(taken.code, 2);
    assert!(
        taken
            .stderr
            .contains(&format!("the id '{}' is already used", ids[1])),
        "{}",
        taken.stderr
    );
    // The JSON output carries the refusal.
    assert!(
        taken.stdout.contains("\"status\": \"errored\""),
        "{}",
        taken.stdout
    );
    assert_eq!(fs::read(&history).unwrap(), before);
}

#[test]
fn an_invalidated_result_is_no_longer_a_comparison_basis() {
    let dir = workspace(&[("slo.yaml", RELATIVE_SLO)]);
    let history = dir.path().join("history.jsonl");
    assert_eq!(
        eval_p95(dir.path(), 500.0, &["--record", "--id", "a"]).code,
        0
    );
    assert_eq!(
        eval_p95(dir.path(), 300.0, &["--record", "--id", "b"]).code,
        0
    );
    assert_eq!(
        eval_p95(dir.path(), 510.0, &["--record", "--id", "c"]).code,
        0
    );
    let before = lines(&history);

    // Compared with c (510): 540 is within +10%.
    let out = run(
        dir.path(),
        &["history", "invalidate", "c", "--history", "history.jsonl"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "invalidated evaluation 'c': it is no longer used as a comparison basis\n"
    );
    let after = lines(&history);
    assert_eq!(after[..2], before[..2], "other lines are kept as they were");
    assert_eq!(json(&after[2])["invalidated"], true);
    assert_eq!(json(&after[2])["id"], "c");

    // Now b (300) is the newest valid result: 540 is more than 10% above it.
    let next = eval_p95(dir.path(), 540.0, &[]);
    let evaluation = json(&next.stdout);
    assert_eq!(
        evaluation["evaluation"]["comparedEvents"],
        serde_json::json!(["b"])
    );
    assert_eq!(
        evaluation["evaluation"]["indicatorResults"][0]["passTargets"][0]["targetValue"],
        330.0
    );

    let again = run(
        dir.path(),
        &["history", "invalidate", "c", "--history", "history.jsonl"],
    );
    assert_eq!(again.code, 0);
    assert_eq!(again.stdout, "evaluation 'c' was already invalidated\n");

    let unknown = run(
        dir.path(),
        &["history", "invalidate", "zzz", "--history", "history.jsonl"],
    );
    assert_eq!(unknown.code, 2);
    assert_eq!(
        unknown.stderr,
        "error[invalid_argument]: no evaluation with id 'zzz' in 'history.jsonl'; the newest ids are: c, b, a\n"
    );
    assert_eq!(lines(&history), after);

    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
}

#[test]
fn history_list_and_show_read_the_stored_results() {
    let dir = workspace(&[("slo.yaml", RELATIVE_SLO)]);
    assert_eq!(
        eval_p95(dir.path(), 500.0, &["--record", "--id", "a"]).code,
        0
    );
    assert_eq!(
        eval_p95(dir.path(), 900.0, &["--record", "--id", "b"]).code,
        1
    );
    run(
        dir.path(),
        &["history", "invalidate", "b", "--history", "history.jsonl"],
    );

    let list = run(
        dir.path(),
        &[
            "history",
            "list",
            "--history",
            "history.jsonl",
            "--format",
            "table",
        ],
    );
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert_eq!(
        list.stdout,
        "\
ID  RESULT  SCORE  OBJECTIVES  WINDOW END  NOTE
a   pass    100    1           -
b   fail    0      1           -           invalidated

2 stored evaluations, oldest first
"
    );
    let listed = run(
        dir.path(),
        &["history", "list", "--history", "history.jsonl"],
    );
    let listed = json(&listed.stdout);
    assert_eq!(listed[1]["id"], "b");
    assert_eq!(listed[1]["invalidated"], true);

    let show = run(
        dir.path(),
        &[
            "history",
            "show",
            "b",
            "--history",
            "history.jsonl",
            "--format",
            "table",
        ],
    );
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(show.stdout.starts_with(
        "evaluation 'b' is invalidated: it is not used as a comparison basis\n\nOBJECTIVE"
    ));
    assert!(
        show.stdout.contains(
            "p95 = 900: fail (neither the pass nor the warning criteria are met: <=+10% and <600 are violated); \
             pass: <=+10% violated (target 550 = the compared value (500) +10%)"
        ),
        "a stored result is explained from its compared value: {}",
        show.stdout
    );
    let shown = run(
        dir.path(),
        &[
            "history",
            "show",
            "a",
            "--history",
            "history.jsonl",
            "--format",
            "json",
        ],
    );
    assert_eq!(json(&shown.stdout)["id"], "a");

    let missing = run(dir.path(), &["history", "list"]);
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr,
        "error[invalid_argument]: the history commands need the history: add --history FILE (or sqlite:PATH, postgres://...)\n"
    );
}

#[test]
fn a_torn_last_line_is_reported_skipped_and_removed_before_the_next_write() {
    let dir = workspace(&[("slo.yaml", RELATIVE_SLO)]);
    let history = dir.path().join("history.jsonl");
    assert_eq!(
        eval_p95(dir.path(), 500.0, &["--record", "--id", "a"]).code,
        0
    );
    let good = fs::read_to_string(&history).unwrap();
    // A crash in the middle of the second append.
    let torn = &good[..good.len() / 2].replace("\"a\"", "\"b\"");
    fs::write(&history, format!("{good}{torn}")).unwrap();

    let read = eval_p95(dir.path(), 540.0, &[]);
    assert_eq!(read.code, 0, "{}", read.stderr);
    assert_eq!(
        read.stderr,
        format!(
            "warning[incomplete_line]: history.jsonl: the last line is incomplete ({} bytes without a closing newline, left by an interrupted write); it is skipped\n",
            torn.len()
        )
    );
    assert_eq!(
        json(&read.stdout)["evaluation"]["comparedEvents"],
        serde_json::json!(["a"])
    );
    assert_eq!(
        fs::read_to_string(&history).unwrap(),
        format!("{good}{torn}"),
        "reading changes nothing"
    );

    let write = eval_p95(dir.path(), 540.0, &["--record", "--id", "c"]);
    assert_eq!(write.code, 0, "{}", write.stderr);
    assert!(write
        .stderr
        .contains("it is skipped and removed; the complete lines before it are kept"));
    let after = lines(&history);
    assert_eq!(after.len(), 2);
    assert_eq!(format!("{}\n", after[0]), good);
    assert_eq!(json(&after[1])["id"], "c");
}

#[test]
fn a_damaged_complete_line_is_an_error_and_nothing_is_written() {
    let dir = workspace(&[("slo.yaml", RELATIVE_SLO)]);
    let history = dir.path().join("history.jsonl");
    assert_eq!(
        eval_p95(dir.path(), 500.0, &["--record", "--id", "a"]).code,
        0
    );
    let good = fs::read_to_string(&history).unwrap();
    let damaged = format!("{good}{{\"id\": \"x\", \"result\": \"maybe\"}}\n{good}");
    fs::write(&history, &damaged).unwrap();

    let out = eval_p95(dir.path(), 500.0, &["--record", "--id", "b"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stdout.contains("\"status\": \"errored\""),
        "{}",
        out.stdout
    );
    assert_eq!(
        out.stderr,
        "error[invalid_input]: history.jsonl:2:29: result: unknown value 'maybe'; expected one of 'pass', 'warning', 'fail'\n"
    );
    assert_eq!(fs::read_to_string(&history).unwrap(), damaged);
}

#[test]
fn a_last_line_without_newline_that_is_complete_is_kept() {
    let dir = workspace(&[("slo.yaml", RELATIVE_SLO)]);
    let history = dir.path().join("history.jsonl");
    assert_eq!(
        eval_p95(dir.path(), 500.0, &["--record", "--id", "a"]).code,
        0
    );
    let good = fs::read_to_string(&history).unwrap();
    fs::write(&history, good.trim_end()).unwrap();
    let out = eval_p95(dir.path(), 520.0, &["--record", "--id", "b"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.starts_with("recorded"), "{}", out.stderr);
    let after = lines(&history);
    assert_eq!(format!("{}\n", after[0]), good);
    assert_eq!(json(&after[1])["id"], "b");
}

#[test]
fn concurrent_records_are_serialized() {
    let dir = workspace(&[("slo.yaml", RELATIVE_SLO)]);
    let history = dir.path().join("history.jsonl");
    let runs = 8;
    let children: Vec<_> = (0..runs)
        .map(|n| {
            let sli = dir.path().join(format!("sli-{n}.json"));
            fs::write(&sli, format!("{{\"p95\": {}}}", 400 + n)).unwrap();
            let sli = sli.to_string_lossy().into_owned();
            let id = format!("run-{n}");
            command(
                dir.path(),
                &[
                    "eval",
                    "--slo",
                    "slo.yaml",
                    "--sli",
                    &sli,
                    "--history",
                    "history.jsonl",
                    "--record",
                    "--id",
                    &id,
                    "--format",
                    "json",
                ],
            )
            .spawn()
            .expect("slogate starts")
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let stored: Vec<serde_json::Value> = lines(&history).iter().map(|l| json(l)).collect();
    assert_eq!(stored.len(), runs);
    let mut ids: Vec<&str> = stored.iter().map(|r| r["id"].as_str().unwrap()).collect();
    // Each run read the history under the lock, so it compared with the line just before it.
    assert_eq!(
        stored[0]["evaluation"]["comparedEvents"],
        serde_json::Value::Null
    );
    for pair in stored.windows(2) {
        assert_eq!(
            pair[1]["evaluation"]["comparedEvents"],
            serde_json::json!([pair[0]["id"]])
        );
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), runs);
}
