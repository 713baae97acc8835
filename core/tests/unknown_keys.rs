//! Unknown keys in an SLO: each is a located `unknown_key` warning, the SLO is scored exactly
//! as without it, and strict mode refuses it.

use proptest::prelude::*;
use slogate::{ErrorCode, Limits, SliReport, Slo};

/// The mappings of an SLO a key can be added to, with the indentation of their keys.
#[derive(Clone, Copy, Debug)]
enum Place {
    Root,
    Comparison,
    Objective,
    CriteriaSet,
    TotalScore,
}

/// An SLO with one objective, in block style, with `extra` (a `key: value` line) placed in
/// the mapping `place`.
fn slo_with(extra: Option<(Place, &str)>, criterion: &str, key_sli: bool) -> (String, String) {
    let line = |place: Place| match extra {
        Some((p, text)) if std::mem::discriminant(&p) == std::mem::discriminant(&place) => {
            let indent = match place {
                Place::Root => "",
                Place::Comparison | Place::TotalScore => "  ",
                Place::Objective => "    ",
                Place::CriteriaSet => "        ",
            };
            format!("{indent}{text}\n")
        }
        _ => String::new(),
    };
    let path = match extra {
        Some((place, text)) => {
            let key = text.split(':').next().unwrap_or_default();
            match place {
                Place::Root => key.to_owned(),
                Place::Comparison => format!("comparison.{key}"),
                Place::Objective => format!("objectives[0].{key}"),
                Place::CriteriaSet => format!("objectives[0].pass[0].{key}"),
                Place::TotalScore => format!("total_score.{key}"),
            }
        }
        None => String::new(),
    };
    let text = format!(
        "{}comparison:\n  compare_with: single_result\n{}objectives:\n  - sli: p95\n    key_sli: {key_sli}\n{}    pass:\n      - criteria:\n          - \"{criterion}\"\n{}total_score:\n  pass: \"90%\"\n{}",
        line(Place::Root),
        line(Place::Comparison),
        line(Place::Objective),
        line(Place::CriteriaSet),
        line(Place::TotalScore),
    );
    (text, path)
}

fn place() -> impl Strategy<Value = Place> {
    prop_oneof![
        Just(Place::Root),
        Just(Place::Comparison),
        Just(Place::Objective),
        Just(Place::CriteriaSet),
        Just(Place::TotalScore),
    ]
}

/// Keys no mapping of an SLO knows: misspellings and other words.
fn unknown_key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("keySli".to_owned()),
        Just("Pass".to_owned()),
        Just("pas".to_owned()),
        Just("wieght".to_owned()),
        Just("warn".to_owned()),
        Just("objectivs".to_owned()),
        "[a-z][a-zA-Z_]{0,12}x",
    ]
}

/// An evaluation's JSON without the SLO text it carries.
fn scored(json: &str) -> serde_json::Value {
    let mut value: serde_json::Value = serde_json::from_str(json).unwrap();
    value["evaluation"]["sloFileContent"].take();
    value
}

proptest! {
    #[test]
    fn an_unknown_key_is_warned_about_and_changes_nothing(
        place in place(),
        key in unknown_key(),
        value in 0.0f64..1000.0,
        key_sli: bool,
    ) {
        let extra = format!("{key}: 1");
        let (plain, _) = slo_with(None, "<500", key_sli);
        let (text, path) = slo_with(Some((place, &extra)), "<500", key_sli);
        let expected = Slo::parse(&plain).unwrap();
        prop_assert!(expected.warnings().is_empty());
        let slo = Slo::parse(&text).unwrap();
        prop_assert_eq!(slo.warnings().len(), 1, "{}", text);
        let warning = &slo.warnings()[0];
        prop_assert_eq!(warning.code(), ErrorCode::UnknownKey);
        prop_assert_eq!(warning.path(), path.as_str());
        let line = text.lines().position(|l| l.trim_start() == extra).unwrap() + 1;
        let column = text.lines().nth(line - 1).unwrap().find(&key).unwrap() + 1;
        prop_assert_eq!((warning.line(), warning.column()), (Some(line), Some(column)));
        let sli = SliReport::from_values([("p95", value)]);
        prop_assert_eq!(
            scored(&slo.evaluate(&sli, &[]).unwrap().to_json()),
            scored(&expected.evaluate(&sli, &[]).unwrap().to_json())
        );
        let err = Slo::parse_with_limits(&text, &Limits::default().with_strict(true)).unwrap_err();
        prop_assert_eq!(err.problems().len(), 1);
        prop_assert_eq!(err.first(), &warning.clone().refused());
    }
}

#[test]
fn every_key_keptn_reads_is_known() {
    let text = "spec_version: '1.0'\nfilter:\n  mz_id: '4711'\n  anything: goes\ncomparison:\n  compare_with: several_results\n  include_result_with_score: pass_or_warn\n  number_of_comparison_results: 3\n  aggregate_function: p90\nobjectives:\n  - sli: p95\n    displayName: Response time\n    pass: [{criteria: ['<600']}]\n    warning: [{criteria: ['<800']}]\n    weight: 2\n    key_sli: true\ntotal_score:\n  pass: 90%\n  warning: 75%\n";
    let slo = Slo::parse(text).unwrap();
    assert_eq!(slo.warnings(), []);
}

#[test]
fn slogate_extension_keys_are_known() {
    let text = "extensions: slogate/v1\nobjectives:\n  - sli: p95\n    model: {kind: iqr, upper_boundary: 1.5, min_sample_size: 3}\n    inconclusive: pass\ntotal_score: {pass: 90%}\n";
    let slo = Slo::parse(text).unwrap();
    assert_eq!(slo.warnings(), []);
}

#[test]
fn only_the_conformance_case_with_ignored_keys_has_warnings() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut read = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let Some(Ok(slo)) = case["slo"].as_str().map(Slo::parse) else {
            continue;
        };
        read += 1;
        let warned: Vec<&str> = slo.warnings().iter().map(slogate::Problem::path).collect();
        if path.ends_with("unknown-slo-fields-are-ignored.json") {
            // The one case written to hold keys Keptn ignores.
            assert_eq!(warned, ["description", "objectives[0].unit"]);
        } else {
            assert_eq!(warned, [""; 0], "{}", path.display());
        }
    }
    assert!(read > 50, "only {read} cases read");
}

#[test]
fn a_misspelt_pass_would_pass_a_slow_build_so_it_is_named() {
    let text = "objectives:\n  - sli: p95\n    pas:\n      - criteria: ['<600']\ntotal_score: {pass: 90%}\n";
    let slo = Slo::parse(text).unwrap();
    assert!(slo.objectives()[0].is_info());
    let names: Vec<String> = slo.warnings().iter().map(ToString::to_string).collect();
    assert_eq!(
        names,
        ["objectives[0].pas (line 3, column 5): unknown key 'pas'; did you mean 'pass'?"]
    );
}
