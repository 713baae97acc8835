//! Hostile input: every limit in [`slogate::Limits`] refuses what it guards against with its
//! own error code, quickly and without a panic, and can be raised for a real gate that needs
//! more.
//!
//! These tests never time anything; each hostile document is refused after reading a bounded
//! part of it, so the suite finishes in well under a second per case even in a debug build.

use std::fmt::Write as _;

use slogate::{Error, ErrorCode, Limits, PreviousEvaluation, SliReport, Slo, SloError, Verdict};

const TOTAL: &str = "total_score:\n  pass: \"90%\"\n";

fn refused(text: &str) -> SloError {
    match Slo::parse(text) {
        Ok(_) => panic!("the document was accepted"),
        Err(e) => e,
    }
}

/// The classic "billion laughs": ten lists of ten aliases of the list before, nine levels deep,
/// a few hundred bytes that would expand to 10^9 nodes.
fn billion_laughs() -> String {
    let mut text = String::from("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for level in 1..=9 {
        let prev = level - 1;
        let items = vec![format!("*a{prev}"); 10].join(",");
        writeln!(text, "a{level}: &a{level} [{items}]").unwrap();
    }
    text.push_str("objectives:\n  - sli: *a9\n");
    text.push_str(TOTAL);
    text
}

#[test]
fn a_billion_laughs_is_refused_as_too_many_nodes() {
    let text = billion_laughs();
    assert!(text.len() < 1024, "the bomb itself is small");
    let err = refused(&text);
    assert_eq!(err.code(), ErrorCode::TooManyNodes);
    assert_eq!(err.code().as_str(), "too_many_nodes");
    assert!(err.to_string().contains("more than 1000000 nodes"), "{err}");
    assert!(err.line().is_some(), "the error points at the alias: {err}");
}

#[test]
fn aliases_within_the_node_limit_are_accepted() {
    // Reusing an anchored criteria list is legitimate YAML and stays well below the limit.
    let text = format!(
        "objectives:\n  - sli: a\n    pass: &crit [{{criteria: ['<600']}}]\n  - sli: b\n    pass: *crit\n{TOTAL}"
    );
    let slo = Slo::parse(&text).unwrap();
    assert_eq!(slo.objectives()[1].pass, slo.objectives()[0].pass);

    // A lower node limit refuses the same document, so the limit is configurable both ways.
    let strict = Limits::default().with_max_nodes(10);
    let err = Slo::parse_with_limits(&text, &strict).unwrap_err();
    assert_eq!(err.code(), ErrorCode::TooManyNodes);
}

#[test]
fn a_hundred_levels_of_block_nesting_are_refused() {
    let mut text = String::from("objectives:\n  - sli: a\n    pass:\n      - criteria: ['<1']\n");
    text.push_str("filter:\n");
    for depth in 1..=100 {
        writeln!(text, "{}k{depth}:", "  ".repeat(depth)).unwrap();
    }
    text.push_str(TOTAL);
    let err = refused(&text);
    assert_eq!(err.code(), ErrorCode::NestingTooDeep);
    assert_eq!(err.code().as_str(), "nesting_too_deep");
    assert!(err.to_string().contains("deeper than 32 levels"), "{err}");
}

#[test]
fn a_hundred_levels_of_flow_nesting_are_refused() {
    let text = format!(
        "objectives: {}{}\n{TOTAL}",
        "[".repeat(100),
        "]".repeat(100)
    );
    assert_eq!(refused(&text).code(), ErrorCode::NestingTooDeep);
    // A million unclosed brackets stop at the limit too, long before the end of the text.
    let text = format!("objectives: {}", "[".repeat(1_000_000));
    assert_eq!(refused(&text).code(), ErrorCode::NestingTooDeep);
}

#[test]
fn nesting_depth_is_configurable() {
    let text = format!(
        "objectives: []\nfilter: {}{}\n{TOTAL}",
        "[".repeat(40),
        "]".repeat(40)
    );
    assert_eq!(refused(&text).code(), ErrorCode::NestingTooDeep);
    let deep = Limits::default().with_max_depth(64);
    let err = Slo::parse_with_limits(&text, &deep).unwrap_err();
    // With a deeper limit the nesting is read, and the list is refused for its type instead.
    assert_eq!(err.code(), ErrorCode::InvalidType, "{err}");
    assert_eq!(err.path(), "filter");

    // Flow collections stop at the YAML reader's own bound, with the same code.
    let text = format!("objectives: []\nfilter: {}\n{TOTAL}", "[".repeat(300));
    let deepest = Limits::default().with_max_depth(1000);
    let err = Slo::parse_with_limits(&text, &deepest).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NestingTooDeep);
    assert!(err.to_string().contains("deeper than 255 levels"), "{err}");
}

#[test]
fn a_fifty_megabyte_string_is_refused_as_too_large() {
    let text = format!(
        "objectives:\n  - sli: \"{}\"\n{TOTAL}",
        "x".repeat(50 * 1024 * 1024)
    );
    let err = refused(&text);
    assert_eq!(err.code(), ErrorCode::DocumentTooLarge);
    assert_eq!(err.code().as_str(), "document_too_large");
    assert!(
        err.to_string()
            .contains("larger than the limit of 8388608 bytes"),
        "{err}"
    );
    // The whole one-call path refuses it the same way, as an SLO error.
    let err = slogate::evaluate_json(&text, "{}", "[]").unwrap_err();
    assert!(matches!(err, Error::Slo(_)));
    assert_eq!(err.code(), ErrorCode::DocumentTooLarge);
}

#[test]
fn document_size_is_configurable() {
    let text = format!(
        "objectives:\n  - sli: a\n    displayName: \"{}\"\n    pass: [{{criteria: ['<1']}}]\n{TOTAL}",
        "x".repeat(10_000)
    );
    assert!(Slo::parse(&text).is_ok());
    let small = Limits::default().with_max_document_bytes(4096);
    assert_eq!(
        Slo::parse_with_limits(&text, &small).unwrap_err().code(),
        ErrorCode::DocumentTooLarge
    );
}

#[test]
fn a_one_megabyte_criterion_is_refused_as_too_long() {
    let criterion = format!("<{}", "9".repeat(1024 * 1024));
    let text =
        format!("objectives:\n  - sli: a\n    pass:\n      - criteria: [\"{criterion}\"]\n{TOTAL}");
    assert!(text.len() < Limits::default().max_document_bytes);
    let err = refused(&text);
    assert_eq!(err.code(), ErrorCode::CriterionTooLong);
    assert_eq!(err.code().as_str(), "criterion_too_long");
    assert_eq!(err.path(), "objectives[0].pass[0].criteria[0]");
    let message = err.to_string();
    assert!(message.contains("1048577 bytes long"), "{message}");
    assert!(
        message.len() < 300,
        "the message quotes only the start: {message}"
    );

    // The same criterion as a plain scalar (no quotes) is refused the same way.
    let text = format!(
        "objectives:\n  - sli: a\n    pass:\n      - criteria:\n          - {criterion}\n{TOTAL}"
    );
    assert_eq!(refused(&text).code(), ErrorCode::CriterionTooLong);
}

#[test]
fn criterion_length_is_configurable() {
    let long = format!("<={}1", "0".repeat(300));
    let text = format!("objectives:\n  - sli: a\n    pass: [{{criteria: ['{long}']}}]\n{TOTAL}");
    assert_eq!(refused(&text).code(), ErrorCode::CriterionTooLong);
    let relaxed = Limits::default().with_max_criterion_bytes(1024);
    let slo = Slo::parse_with_limits(&text, &relaxed).unwrap();
    assert_eq!(slo.objectives()[0].pass[0].criteria[0].as_str(), long);
}

fn objectives(count: usize) -> String {
    let mut text = String::from("objectives:\n");
    for i in 0..count {
        writeln!(text, "  - sli: m{i}").unwrap();
    }
    text.push_str(TOTAL);
    text
}

#[test]
fn too_many_objectives_are_refused() {
    let limit = Limits::default().max_objectives;
    let err = refused(&objectives(limit + 1));
    assert_eq!(err.code(), ErrorCode::TooManyObjectives);
    assert_eq!(err.code().as_str(), "too_many_objectives");
    assert_eq!(err.path(), "objectives");
    assert!(Slo::parse(&objectives(limit)).is_ok());

    let few = Limits::default().with_max_objectives(3);
    let err = Slo::parse_with_limits(&objectives(4), &few).unwrap_err();
    assert_eq!(err.code(), ErrorCode::TooManyObjectives);
    assert!(
        err.to_string()
            .contains("4 objectives, more than the limit of 3"),
        "{err}"
    );
}

fn criteria(pass: usize, warning: usize) -> String {
    let list = |n: usize| vec!["'<1'"; n].join(", ");
    format!(
        "objectives:\n  - sli: a\n    pass: [{{criteria: [{}]}}]\n    warning: [{{criteria: [{}]}}]\n{TOTAL}",
        list(pass),
        list(warning)
    )
}

#[test]
fn too_many_criteria_in_one_objective_are_refused() {
    let limit = Limits::default().max_criteria_per_objective;
    assert!(Slo::parse(&criteria(limit - 1, 1)).is_ok());
    // Pass and warning criteria count together.
    let err = refused(&criteria(limit, 1));
    assert_eq!(err.code(), ErrorCode::TooManyCriteria);
    assert_eq!(err.code().as_str(), "too_many_criteria");
    assert_eq!(err.path(), "objectives[0].warning[0].criteria");
    let err = refused(&criteria(limit + 1, 0));
    assert_eq!(err.code(), ErrorCode::TooManyCriteria);
    assert_eq!(err.path(), "objectives[0].pass[0].criteria");

    let more = Limits::default().with_max_criteria_per_objective(1000);
    assert!(Slo::parse_with_limits(&criteria(limit, 1), &more).is_ok());
}

#[test]
fn many_criteria_sets_count_against_the_same_objective_budget() {
    let sets = vec!["{criteria: ['<1', '<2']}"; 200].join(", ");
    let text = format!("objectives:\n  - sli: a\n    pass: [{sets}]\n{TOTAL}");
    assert_eq!(refused(&text).code(), ErrorCode::TooManyCriteria);
}

#[test]
fn a_history_is_pulled_only_until_the_basis_is_complete() {
    let slo = Slo::parse(&format!(
        "objectives:\n  - sli: a\n    pass: [{{criteria: ['<=+10%']}}]\n{TOTAL}"
    ))
    .unwrap();
    let report = SliReport::from_values([("a", 1.0)]);
    let previous = PreviousEvaluation::new("ev", slo.evaluate(&report, &[]).unwrap());

    // A history far longer than the limit is fine when its newest entry completes the basis;
    // an endless one too, and nothing past that entry is pulled.
    let limit = Limits::default().max_history;
    let long = vec![previous.clone(); limit + 1];
    assert_eq!(
        slo.evaluate(&report, &long).unwrap().result(),
        Verdict::Pass
    );
    let mut pulled = 0;
    let endless = std::iter::repeat_with(|| {
        pulled += 1;
        Ok::<_, ()>(previous.clone())
    });
    let evaluation = slo
        .evaluate_pulling(&report, endless, &Limits::default())
        .unwrap()
        .unwrap();
    assert_eq!(evaluation.evaluation.compared_events, ["ev"]);
    assert_eq!(pulled, 1);

    // The error of the source ends the evaluation.
    let failing = [Err::<PreviousEvaluation, _>("unreadable")];
    assert_eq!(
        slo.evaluate_pulling(&report, failing, &Limits::default()),
        Err("unreadable")
    );

    // Entries that cannot complete the basis are examined up to the limit.
    let stale = PreviousEvaluation {
        invalidated: true,
        ..previous
    };
    let history = vec![stale; limit + 1];
    let err = slo.evaluate(&report, &history).unwrap_err();
    assert_eq!(err.code(), ErrorCode::HistoryTooLong);
    assert_eq!(
        err.to_string(),
        "history: more than the limit of 10000 stored evaluations were passed"
    );
    assert!(slo.evaluate(&report, &history[..limit]).is_ok());
    let longer = Limits::default().with_max_history(limit + 1);
    assert!(slo.evaluate_with_limits(&report, &history, &longer).is_ok());
}

#[test]
fn too_long_a_history_is_refused_on_the_json_path() {
    let slo = format!("objectives:\n  - sli: a\n    pass: [{{criteria: ['<=+10%']}}]\n{TOTAL}");
    let out = slogate::evaluate_json(&slo, r#"{"a": 1}"#, "[]").unwrap();
    let stored =
        PreviousEvaluation::new("ev", slogate::Evaluation::from_json(&out).unwrap()).to_json();
    let history = format!(
        "[{}]",
        vec![stored; Limits::default().max_history + 1].join(",")
    );
    let err = slogate::evaluate_json(&slo, r#"{"a": 1}"#, &history).unwrap_err();
    assert_eq!(err.code(), ErrorCode::HistoryTooLong);
}

#[test]
fn a_mapping_with_a_hundred_thousand_keys_is_read_in_linear_time() {
    // Duplicate keys are refused; finding them must not compare every key with every other.
    let mut text = String::from("filter:\n");
    for i in 0..100_000 {
        writeln!(text, "  k{i}: v").unwrap();
    }
    text.push_str("  k99999: again\n");
    text.push_str("objectives: []\n");
    text.push_str(TOTAL);
    let err = refused(&text);
    assert_eq!(err.code(), ErrorCode::DuplicateKey);
    assert_eq!(err.line(), Some(100_002));
}

#[test]
fn every_hostile_error_formats_and_renders() {
    let cases = [
        billion_laughs(),
        format!("a: {}", "[".repeat(100)),
        format!(
            "objectives:\n  - sli: a\n    pass: [{{criteria: ['<{}']}}]\n{TOTAL}",
            "1".repeat(5000)
        ),
        objectives(20_001),
    ];
    for text in &cases {
        let err = refused(text);
        for problem in err.problems() {
            let rendered = problem.render(text);
            assert!(rendered.starts_with(&problem.to_string()));
            assert!(rendered.len() < 20_000, "{}", &rendered[..200]);
        }
    }
}

/// A reader that never ends, like `/dev/zero`, counting what is taken from it.
struct Endless {
    taken: usize,
}

impl std::io::Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        buf.fill(b' ');
        self.taken += buf.len();
        Ok(buf.len())
    }
}

#[test]
fn an_endless_document_is_refused_after_reading_one_byte_past_the_limit() {
    let limits = Limits::default();
    let mut endless = Endless { taken: 0 };
    let err = limits.read_slo(&mut endless).unwrap().unwrap_err();
    assert_eq!(err.code(), ErrorCode::DocumentTooLarge);
    assert_eq!(endless.taken, limits.max_document_bytes + 1);

    let mut endless = Endless { taken: 0 };
    let err = limits.read_input(&mut endless).unwrap().unwrap_err();
    assert_eq!(err.code(), ErrorCode::InputTooLarge);
    assert_eq!(endless.taken, limits.max_input_bytes + 1);

    let exact = " ".repeat(limits.max_document_bytes);
    assert_eq!(limits.read_slo(exact.as_bytes()).unwrap().unwrap(), exact);
    let err = limits.read_slo(&[b'a', 0xff][..]).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    assert_eq!(err.to_string(), "not UTF-8 text (invalid byte at offset 1)");
}
