//! Runs every conformance case (Keptn's expected results, kept as data in
//! `tests/conformance/`) through the public API and compares as the cases' README says.
//!
//! When `SLOGATE_CONFORMANCE_DIR` names a folder, every `*.json` case in it runs too.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;
use slogate::{ErrorCode, PreviousEvaluation, SliReport, Slo};

/// The refusal code that answers each tag whose input slogate may refuse.
fn refusal_code(tag: &str) -> Option<ErrorCode> {
    Some(match tag {
        "invalid-criteria" => ErrorCode::InvalidCriterion,
        "unknown-aggregate-function" => ErrorCode::UnknownAggregateFunction,
        "unknown-compare-with" => ErrorCode::UnknownCompareWith,
        "unknown-include-result-with-score" => ErrorCode::UnknownIncludeResultWithScore,
        "zero-weight" | "negative-weight" => ErrorCode::InvalidWeight,
        "empty-criteria-block" => ErrorCode::EmptyCriteria,
        "null-objective-entry" => ErrorCode::NullEntry,
        "duplicate-objective-sli" => ErrorCode::DuplicateObjective,
        "duplicate-indicator-values" => ErrorCode::DuplicateIndicatorValue,
        "empty-slo" => ErrorCode::EmptySlo,
        _ => return None,
    })
}

fn case_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

fn numbers_equal(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0)
}

fn scores_equal(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() <= 1e-9
}

/// Absent, null and [] are the same list.
fn list(value: Option<&Value>) -> &[Value] {
    match value {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

fn field<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(value, |v, key| v.get(key))
}

fn compare_str(actual: &Value, expected: &Value, path: &str) -> Result<(), String> {
    let (a, e) = (field(actual, path), field(expected, path));
    if a == e {
        Ok(())
    } else {
        Err(format!("{path}: expected {e:?}, got {a:?}"))
    }
}

fn compare_number(
    actual: Option<&Value>,
    expected: Option<&Value>,
    path: &str,
    equal: fn(f64, f64) -> bool,
) -> Result<(), String> {
    match (
        actual.and_then(Value::as_f64),
        expected.and_then(Value::as_f64),
    ) {
        (Some(a), Some(e)) if equal(a, e) => Ok(()),
        (a, e) => Err(format!("{path}: expected {e:?}, got {a:?}")),
    }
}

/// The same value under each of `keys`.
fn equal_keys(actual: &Value, expected: &Value, keys: &[&str], at: &str) -> Result<(), String> {
    for key in keys {
        if actual.get(key) != expected.get(key) {
            return Err(format!(
                "{at}.{key}: expected {:?}, got {:?}",
                expected.get(key),
                actual.get(key)
            ));
        }
    }
    Ok(())
}

fn compare_targets(
    actual: Option<&Value>,
    expected: Option<&Value>,
    path: &str,
) -> Result<(), String> {
    let (a, e) = (list(actual), list(expected));
    if a.len() != e.len() {
        return Err(format!(
            "{path}: expected {} targets, got {}",
            e.len(),
            a.len()
        ));
    }
    for (i, (a, e)) in a.iter().zip(e).enumerate() {
        let at = format!("{path}[{i}]");
        equal_keys(a, e, &["criteria", "violated"], &at)?;
        compare_number(
            a.get("targetValue"),
            e.get("targetValue"),
            &format!("{at}.targetValue"),
            numbers_equal,
        )?;
    }
    Ok(())
}

/// Compares an actual evaluation with the expected one; the first difference, if any.
fn compare(actual: &Value, expected: &Value) -> Result<(), String> {
    compare_str(actual, expected, "status")?;
    compare_str(actual, expected, "result")?;
    compare_str(actual, expected, "evaluation.result")?;
    compare_number(
        field(actual, "evaluation.score"),
        field(expected, "evaluation.score"),
        "evaluation.score",
        scores_equal,
    )?;
    let (a, e) = (
        list(field(actual, "evaluation.comparedEvents")),
        list(field(expected, "evaluation.comparedEvents")),
    );
    if a != e {
        return Err(format!(
            "evaluation.comparedEvents: expected {e:?}, got {a:?}"
        ));
    }
    let (a, e) = (
        list(field(actual, "evaluation.indicatorResults")),
        list(field(expected, "evaluation.indicatorResults")),
    );
    if a.len() != e.len() {
        return Err(format!(
            "evaluation.indicatorResults: expected {} results, got {}",
            e.len(),
            a.len()
        ));
    }
    for (i, (a, e)) in a.iter().zip(e).enumerate() {
        let at = format!("evaluation.indicatorResults[{i}]");
        equal_keys(a, e, &["status", "keySli", "displayName"], &at)?;
        compare_number(
            a.get("score"),
            e.get("score"),
            &format!("{at}.score"),
            scores_equal,
        )?;
        match (
            a.get("value").filter(|v| !v.is_null()),
            e.get("value").filter(|v| !v.is_null()),
        ) {
            (None, None) => {}
            (Some(av), Some(ev)) => {
                equal_keys(av, ev, &["metric", "success"], &format!("{at}.value"))?;
                for key in ["value", "comparedValue"] {
                    compare_number(
                        av.get(key),
                        ev.get(key),
                        &format!("{at}.value.{key}"),
                        numbers_equal,
                    )?;
                }
            }
            (av, ev) => return Err(format!("{at}.value: expected {ev:?}, got {av:?}")),
        }
        compare_targets(
            a.get("passTargets"),
            e.get("passTargets"),
            &format!("{at}.passTargets"),
        )?;
        compare_targets(
            a.get("warningTargets"),
            e.get("warningTargets"),
            &format!("{at}.warningTargets"),
        )?;
    }
    Ok(())
}

/// Runs one case; `Err` says why it does not conform.
fn run_case(case: &Value) -> Result<(), String> {
    let slo_text = case["slo"].as_str().ok_or("case has no slo text")?;
    let report =
        SliReport::from_json_value(&case["sli"]).map_err(|e| format!("sli input refused: {e}"))?;
    let history = PreviousEvaluation::list_from_json(&case["history"].to_string())
        .map_err(|e| format!("history input refused: {e}"))?;
    let expected = &case["expected"];
    let outcome = Slo::parse(slo_text)
        .map_err(|e| (e.code(), e.to_string()))
        .and_then(|slo| {
            slo.evaluate(&report, &history)
                .map_err(|e| (e.code(), e.to_string()))
        });
    match outcome {
        Ok(evaluation) => {
            let actual = serde_json::to_value(&evaluation).map_err(|e| e.to_string())?;
            compare(&actual, expected)
        }
        Err((code, message)) => {
            let errored = expected["status"] == "errored";
            let allowed: Vec<ErrorCode> = list(case.get("tags"))
                .iter()
                .filter_map(|tag| tag.as_str().and_then(refusal_code))
                .collect();
            if errored || allowed.contains(&code) {
                Ok(())
            } else if allowed.is_empty() {
                Err(format!(
                    "refused with {code} ({message}), but this case must be evaluated"
                ))
            } else {
                Err(format!(
                    "refused with {code} ({message}); expected a refusal with one of {allowed:?}"
                ))
            }
        }
    }
}

#[test]
fn conformance() {
    let mut dirs = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/conformance")];
    if let Some(extra) = std::env::var_os("SLOGATE_CONFORMANCE_DIR") {
        dirs.push(PathBuf::from(extra));
    }
    let (mut passed, mut failed) = (0, 0);
    let mut report = String::new();
    for dir in &dirs {
        for path in case_files(dir) {
            let text = std::fs::read_to_string(&path).expect("readable case");
            let case: Value = serde_json::from_str(&text).expect("case is JSON");
            let name = case["name"].as_str().unwrap_or("?").to_owned();
            match run_case(&case) {
                Ok(()) => passed += 1,
                Err(why) => {
                    failed += 1;
                    let _ = writeln!(report, "FAILED {name}: {why}");
                }
            }
        }
    }
    print!("{report}");
    println!("conformance: {passed} passed, {failed} failed");
    assert!(
        passed >= 87,
        "expected at least the 87 vendored cases to run"
    );
    assert_eq!(failed, 0, "{report}");
}

#[test]
fn comparison_reports_the_first_difference() {
    type Mutation = (&'static str, fn(&mut Value));
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/conformance/relative-percent-increase-allowance.json");
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(run_case(&case), Ok(()));
    let expected = &case["expected"];
    let mutations: [Mutation; 5] = [
        ("evaluation.score", |v| {
            v["evaluation"]["score"] = 49.0.into();
        }),
        ("result", |v| {
            v["result"] = "pass".into();
        }),
        ("evaluation.comparedEvents", |v| {
            v["evaluation"]["comparedEvents"] = serde_json::json!(["ev-1"]);
        }),
        (
            "evaluation.indicatorResults[1].passTargets[0].targetValue",
            |v| {
                v["evaluation"]["indicatorResults"][1]["passTargets"][0]["targetValue"] =
                    551.0.into();
            },
        ),
        ("evaluation.indicatorResults[0].value.comparedValue", |v| {
            v["evaluation"]["indicatorResults"][0]["value"]["comparedValue"] = 0.into();
        }),
    ];
    for (field, mutate) in mutations {
        let mut changed = expected.clone();
        mutate(&mut changed);
        let mut mutated_case = case.clone();
        mutated_case["expected"] = changed;
        let why = run_case(&mutated_case).unwrap_err();
        assert!(why.starts_with(field), "{field}: {why}");
    }
    // A refusal is accepted only where the tags allow it.
    let mut refused = case.clone();
    refused["slo"] =
        "objectives: []\ntotal_score: {pass: 90%}\ncomparison: {aggregate_function: max}\n".into();
    assert!(run_case(&refused)
        .unwrap_err()
        .contains("must be evaluated"));
    refused["tags"] = serde_json::json!(["unknown-aggregate-function"]);
    assert_eq!(run_case(&refused), Ok(()));
}
