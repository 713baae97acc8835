//! `slogate report`: the heatmap of a history file, as Markdown or as an HTML page.

mod common;

use common::{examples, run, workspace};

#[test]
fn the_bundled_history_renders_as_markdown_and_html() {
    let out = run(
        &examples(),
        &["report", "--history", "history.jsonl", "--slo", "slo.yaml"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "| SLI | build-101 | build-102 | ~~build-103~~ | **build-104** |\n\
         | --- | :-: | :-: | :-: | :-: |\n\
         | **score** | ✅ 100 | ✅ 100 | ✅ 100 | ✅ 100 |\n\
         | Response time p50 | ✅ | ✅ | ✅ | ✅ |\n\
         | Response time p95 | ✅ | ✅ | ✅ | ✅ |\n\
         | Response time p99 | ✅ | ✅ | ✅ | ✅ |\n\
         | Error rate | ✅ | ✅ | ✅ | ✅ |\n\
         | Throughput | ✅ | ✅ | ✅ | ✅ |\n\
         | CPU usage | ℹ️ | ℹ️ | ℹ️ | ℹ️ |\n"
    );

    let dir = workspace(&[]);
    let page = dir.path().join("report.html");
    let history = examples().join("history.jsonl");
    let out = run(
        dir.path(),
        &[
            "report",
            "--history",
            history.to_str().unwrap(),
            "--last",
            "2",
            "--html",
            "report.html",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "wrote the heatmap of 2 evaluations to report.html\n"
    );
    let html = std::fs::read_to_string(page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<th class=\"col").count(), 2);
    assert!(
        html.contains("<b><s>build-103</s></b>"),
        "the invalidated build is struck out"
    );
}

#[test]
fn an_unknown_selection_is_refused() {
    let out = run(
        &examples(),
        &[
            "report",
            "--history",
            "history.jsonl",
            "--select",
            "build-999",
        ],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("no shown evaluation has the id 'build-999'"),
        "{}",
        out.stderr
    );
}
