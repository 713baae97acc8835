//! History files of any length or size: read from the end until the basis is complete,
//! listed as a stream, compacted safely, and never a hand edit dropped.

mod common;

use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use common::{command, json, lines, run, workspace, RELATIVE_SLO};

fn eval_p95(dir: &Path, value: f64, extra: &[&str]) -> common::Run {
    fs::write(dir.join("sli.json"), format!("{{\"p95\": {value}}}")).unwrap();
    let mut args = vec![
        "eval",
        "--slo",
        "slo.yaml",
        "--sli",
        "sli.json",
        "--history",
        "history.jsonl",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    run(dir, &args)
}

/// A history of `count` records made from one recorded line, ids `r1`, `r2`, ...
fn long_history(dir: &Path, count: usize) -> String {
    assert_eq!(eval_p95(dir, 500.0, &["--record", "--id", "r0"]).code, 0);
    let line = fs::read_to_string(dir.join("history.jsonl")).unwrap();
    let mut text = String::with_capacity(line.len() * count);
    for n in 1..=count {
        text.push_str(&line.replace("\"r0\"", &format!("\"r{n}\"")));
    }
    fs::write(dir.join("history.jsonl"), &text).unwrap();
    text
}

#[test]
fn more_than_ten_thousand_records_never_break_the_gate() {
    let dir = workspace(&[("slo.yaml", RELATIVE_SLO)]);
    long_history(dir.path(), 10_001);
    let out = eval_p95(dir.path(), 540.0, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        json(&out.stdout)["evaluation"]["comparedEvents"],
        serde_json::json!(["r10001"])
    );
    let recorded = eval_p95(dir.path(), 540.0, &["--record", "--id", "next"]);
    assert_eq!(recorded.code, 0, "{}", recorded.stderr);
    let taken = eval_p95(dir.path(), 540.0, &["--record", "--id", "r5000"]);
    assert_eq!(taken.code, 2);
    assert!(taken.stderr.contains("the id 'r5000' is already used"));
}

#[test]
fn an_endless_or_huge_history_file_is_refused() {
    let dir = workspace(&[("slo.yaml", RELATIVE_SLO), ("sli.json", r#"{"p95": 1}"#)]);
    let huge = dir.path().join("huge.jsonl");
    fs::File::create(&huge)
        .unwrap()
        .set_len(10 * 1024 * 1024 * 1024)
        .unwrap();
    let eval = |history: &str| {
        run(
            dir.path(),
            &[
                "eval",
                "--slo",
                "slo.yaml",
                "--sli",
                "sli.json",
                "--history",
                history,
            ],
        )
    };
    let out = eval("huge.jsonl");
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error[input_too_large]: huge.jsonl: the line ending at byte 10737418240: the input is larger than the limit of 16777216 bytes\n"
    );
    let out = run(dir.path(), &["history", "list", "--history", "huge.jsonl"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error[input_too_large]: huge.jsonl: the line at byte 0: the input is larger than the limit of 16777216 bytes\n"
    );
    let out = eval("/dev/zero");
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error[io_error]: cannot read the history file '/dev/zero': it is not a regular file\n"
    );
    // The refusal is coded in every door of the command: the JSON report and `history`.
    let out = run(
        dir.path(),
        &[
            "eval",
            "--slo",
            "slo.yaml",
            "--sli",
            "sli.json",
            "--history",
            "/dev/zero",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 2);
    let document: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(document["error"]["code"], "io_error");
    assert_eq!(document["error"]["file"], "/dev/zero");
    let out = run(dir.path(), &["history", "list", "--history", "/dev/zero"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error[io_error]: cannot read the history file '/dev/zero': it is not a regular file\n"
    );
}

#[test]
fn a_complete_last_line_edited_by_hand_is_reported_and_never_deleted() {
    let dir = workspace(&[("slo.yaml", RELATIVE_SLO)]);
    let good = long_history(dir.path(), 2);
    // Complete, but not JSON, and without its newline: someone edited the file.
    let edited = format!("{good}{{\"id\": \"r3\", \"result\": pass}}");
    let history = dir.path().join("history.jsonl");
    fs::write(&history, &edited).unwrap();
    for extra in [&[][..], &["--record", "--id", "x"][..]] {
        let out = eval_p95(dir.path(), 500.0, extra);
        assert_eq!(out.code, 2, "{extra:?}: {}", out.stderr);
        assert!(
            out.stderr
                .contains("(a complete last line without its newline, edited by hand?)"),
            "{extra:?}: {}",
            out.stderr
        );
        assert_eq!(fs::read_to_string(&history).unwrap(), edited);
    }
    let out = run(
        dir.path(),
        &[
            "history",
            "compact",
            "--keep",
            "1",
            "--history",
            "history.jsonl",
        ],
    );
    assert_eq!(out.code, 2);
    assert_eq!(fs::read_to_string(&history).unwrap(), edited);
}

#[test]
fn compact_keeps_the_newest_records() {
    let dir = workspace(&[("slo.yaml", RELATIVE_SLO)]);
    let text = long_history(dir.path(), 5);
    let history = dir.path().join("history.jsonl");
    // A torn last line is dropped by the rewrite, as by any write.
    fs::write(&history, format!("{text}{{\"id\": \"r6\", \"res")).unwrap();
    let out = run(
        dir.path(),
        &[
            "history",
            "compact",
            "--keep",
            "2",
            "--history",
            "history.jsonl",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "kept the newest 2 of 5 stored evaluations in history.jsonl\n"
    );
    let kept: Vec<String> = lines(&history)
        .iter()
        .map(|l| json(l)["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kept, ["r4", "r5"]);
    let stored: Vec<&str> = text.lines().collect();
    assert_eq!(lines(&history), stored[3..]);
}

/// Temporary files beside the history, left by rewrites.
fn temporaries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            std::path::Path::new(&name)
                .extension()
                .is_some_and(|e| e == "tmp")
                .then_some(name)
        })
        .collect()
}

#[test]
fn a_killed_rewrite_leaves_the_history_whole_and_its_temporary_file_is_removed_next_time() {
    let dir = workspace(&[("slo.yaml", RELATIVE_SLO)]);
    let text = long_history(dir.path(), 40_000);
    let history = dir.path().join("history.jsonl");
    let mut killed_while_writing = false;
    for attempt in 0..20 {
        let id = format!("r{}", 1000 + attempt);
        let mut child = command(
            dir.path(),
            &["history", "invalidate", &id, "--history", "history.jsonl"],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
        // Kill the run as soon as its temporary file appears.
        let mut seen = false;
        for _ in 0..20_000 {
            if !temporaries(dir.path()).is_empty() {
                seen = true;
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        child.kill().ok();
        child.wait().unwrap();
        // Whatever the moment, the history is the old one or the new one, whole.
        let now = fs::read_to_string(&history).unwrap();
        assert_eq!(now.lines().count(), 40_000);
        assert!(now.ends_with('\n'));
        if seen && !temporaries(dir.path()).is_empty() {
            killed_while_writing = true;
            break;
        }
    }
    assert!(killed_while_writing, "no run was killed while writing");
    assert!(fs::read_to_string(&history).unwrap().len() >= text.len());

    // The next run that writes removes the stale temporary file.
    let out = run(
        dir.path(),
        &[
            "history",
            "compact",
            "--keep",
            "3",
            "--history",
            "history.jsonl",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
    assert_eq!(lines(&history).len(), 3);
}
