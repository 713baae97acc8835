//! No text of the JSON library reaches a user: every JSON door (SLI values, stored
//! evaluations, history lists, canary samples, each load-test report kind, gates and their
//! measurements) answers malformed or mis-shaped input in slogate's own words, with the
//! position where one is known.

use slogate::canary::CanarySamples;
use slogate::reports::ReportKind;
use slogate::{Evaluation, Gate, PreviousEvaluation, Problem, SliReport};

/// Phrases of `serde` and `serde_json` that must never be shown.
const SERDE_WORDS: &[&str] = &[
    "invalid type",
    "invalid value",
    "invalid length",
    "EOF while",
    " at line ",
    "expected f64",
    "expected u64",
    "expected usize",
    "expected i64",
    "expected a sequence",
    "expected struct",
    "expected a map",
    "expected map",
    "unknown variant",
    "data did not match",
    "expected ident",
    "expected value",
    "`",
];

/// Texts that are not JSON, or JSON of many wrong shapes.
const INPUTS: &[&str] = &[
    "",
    "{",
    "[",
    "{\"a\": ",
    "{\"a\" 1}",
    "{\"a\": 1,}",
    "[1,]",
    "{\"a\": nope}",
    "{\"a\": \"\\x\"}",
    "{\"a\": 1} x",
    "{1: 2}",
    "1e999",
    "\"text\"",
    "null",
    "true",
    "12",
    "[]",
    "{}",
    "[[]]",
    "[{}]",
    "[null]",
    "[\"x\"]",
    "{\"a\": {}}",
    "{\"a\": []}",
    "{\"a\": \"x\"}",
    "{\"a\": null}",
    "{\"indicatorValues\": 5}",
    "{\"indicatorValues\": [5]}",
    "{\"indicatorValues\": [{\"metric\": 5, \"value\": \"x\"}]}",
    "{\"indicatorValues\": [{\"metric\": \"a\", \"value\": 1, \"success\": \"yes\"}]}",
    "{\"getSLI\": []}",
    "{\"result\": 5}",
    "{\"result\": \"maybe\"}",
    "{\"result\": \"pass\", \"score\": \"high\"}",
    "{\"result\": \"pass\", \"score\": 1, \"indicatorResults\": {}}",
    "{\"result\": \"pass\", \"score\": 1, \"indicatorResults\": [5]}",
    "{\"result\": \"pass\", \"score\": 1, \"indicatorResults\": [{\"score\": \"x\"}]}",
    "{\"id\": 5, \"evaluation\": {}}",
    "{\"id\": \"a\", \"evaluation\": []}",
    "{\"id\": \"a\", \"invalidated\": \"no\", \"evaluation\": {\"result\": \"pass\"}}",
    "[{\"evaluation\": 5}]",
    "{\"metrics\": 5}",
    "{\"metrics\": {\"http_req_duration\": 5}}",
    "{\"metrics\": {\"http_req_duration\": {\"values\": [1]}}}",
    "{\"metrics\": {\"http_req_duration\": {\"type\": \"trend\", \"values\": {\"p(95)\": \"x\"}}}}",
    "{\"latency\": 5}",
    "{\"latency\": {\"p99\": \"x\"}, \"requests\": {}}",
    "{\"aggregate\": 5}",
    "{\"aggregate\": {\"counters\": [], \"summaries\": 5}}",
    "[{\"Name\": 5}]",
    "{\"stats\": 5}",
    "{\"baseline\": 5, \"canary\": []}",
    "{\"baseline\": {\"a\": [\"x\"]}, \"canary\": {\"a\": 5}}",
];

/// Adds to `leaks` each problem that shows a word of serde's.
fn check(leaks: &mut Vec<String>, door: &str, input: &str, problems: &[Problem]) {
    assert!(!problems.is_empty(), "{door}: {input:?}");
    for problem in problems {
        let shown = problem.to_string();
        if let Some(word) = SERDE_WORDS.iter().find(|word| shown.contains(*word)) {
            leaks.push(format!("{door} on {input:?} shows {word:?}: {shown}"));
        }
    }
}

#[test]
fn no_json_door_shows_the_json_librarys_words() {
    let mut leaks = Vec::new();
    for input in INPUTS {
        if let Err(e) = SliReport::from_json(input) {
            check(&mut leaks, "SliReport::from_json", input, e.problems());
        }
        if let Err(e) = Evaluation::from_json(input) {
            check(&mut leaks, "Evaluation::from_json", input, e.problems());
        }
        if let Err(e) = PreviousEvaluation::from_json(input) {
            check(
                &mut leaks,
                "PreviousEvaluation::from_json",
                input,
                e.problems(),
            );
        }
        if let Err(e) = PreviousEvaluation::list_from_json(input) {
            check(
                &mut leaks,
                "PreviousEvaluation::list_from_json",
                input,
                e.problems(),
            );
        }
        if let Err(e) = CanarySamples::from_json(input) {
            check(&mut leaks, "CanarySamples::from_json", input, e.problems());
        }
        for kind in ReportKind::ALL {
            if let Err(e) = kind.read(input) {
                check(&mut leaks, kind.name(), input, e.problems());
            }
        }
        if let Err(e) = Gate::parse(input) {
            check(&mut leaks, "Gate::parse", input, e.problems());
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}

#[test]
fn gates_read_their_measurements_in_slogates_words() {
    let mut leaks = Vec::new();
    let k6 = Gate::parse(r#"{"thresholds": {"http_req_duration": ["p(95)<500"]}}"#).unwrap();
    for input in INPUTS {
        if let Err(e) = k6.evaluate_json(input) {
            check(&mut leaks, "k6 gate", input, e.problems());
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}

#[test]
fn a_malformed_document_keeps_its_position() {
    let err = SliReport::from_json("{\"p95\": 1,\n \"p99\": nope}").unwrap_err();
    let problem = err.first();
    assert_eq!((problem.line(), problem.column()), (Some(2), Some(10)));
    assert_eq!(
        problem.message(),
        "invalid SLI values JSON: expected true, false or null"
    );
}

#[test]
fn quoted_text_keeps_control_characters_out_of_messages() {
    let err = "a\0\nb".parse::<ReportKind>().unwrap_err();
    assert!(
        err.to_string()
            .starts_with("unknown report kind 'a\\u{0}\\u{a}b'; expected one of "),
        "{err}"
    );
}
