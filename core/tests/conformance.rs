//! Runs every conformance case (each tool's expected results, kept as data in
//! `tests/conformance/`: Keptn v1 at the top, `k6/`, `keptn2/` and `pitometer/` below) through
//! the public API and compares as each set's README says. A case's format follows from its
//! fields (`slo`, `thresholds`, `definition`, `perfspec`).
//!
//! When `SLOGATE_CONFORMANCE_DIR` names folders (a path list), every `*.json` case in them and
//! their subfolders runs too.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;
use slogate::{ErrorCode, Gate, PreviousEvaluation, SliReport, Slo};

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
    let mut files = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files.extend(case_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "json") {
            files.push(path);
        }
    }
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

/// Runs one case of whichever format its fields say; `Err` says why it does not conform.
fn run_any_case(case: &Value) -> Result<(), String> {
    if case.get("thresholds").is_some() {
        run_k6_case(case)
    } else if case.get("definition").is_some() {
        run_keptn2_case(case)
    } else if case.get("perfspec").is_some() {
        run_pitometer_case(case)
    } else {
        run_case(case)
    }
}

fn tags(case: &Value) -> Vec<&str> {
    list(case.get("tags"))
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

fn refused(error: &slogate::Error) -> String {
    format!("refused with {} ({error})", error.code())
}

/// The key of a k6 threshold error's path `thresholds["key"]...`.
fn k6_key(error: &slogate::Error) -> Option<String> {
    let path = error.first().path();
    let rest = path.strip_prefix("thresholds[")?;
    let end = rest.find("\"]")?;
    serde_json::from_str(&rest[..=end]).ok()
}

fn run_k6_case(case: &Value) -> Result<(), String> {
    let version = |field: &str, fallback: &str| {
        case.get(field)
            .and_then(|v| v.get("v2.2.0"))
            .unwrap_or(&case[fallback])
            .clone()
    };
    let expected = version("expected_by_version", "expected");
    let mut summary = version("summary_by_version", "summary");
    if summary.pointer("/state/testRunDurationMs").is_none() {
        let duration = case
            .get("test_run_duration_ms")
            .cloned()
            .unwrap_or(60000.into());
        summary["state"] = serde_json::json!({"testRunDurationMs": duration});
    }
    let outcome = Gate::from_k6(&serde_json::json!({"thresholds": case["thresholds"]}).to_string())
        .map_err(slogate::Error::from)
        .and_then(|gate| gate.evaluate_value(&summary));
    let nonsense = tags(case).contains(&"nonsense");
    match (outcome, expected.get("error").and_then(Value::as_str)) {
        (Err(e), Some(kind)) => {
            let codes: &[ErrorCode] = match kind {
                "json" => &[ErrorCode::InvalidType, ErrorCode::InvalidJson],
                "parse" => &[ErrorCode::InvalidThreshold],
                "metric_name" => &[ErrorCode::InvalidMetricName],
                "unknown_metric" => &[ErrorCode::UnknownMetric],
                "unsupported_aggregation" => &[ErrorCode::UnsupportedAggregation],
                _ => &[],
            };
            if !(nonsense || codes.contains(&e.code())) {
                return Err(format!(
                    "{}; expected a refusal of kind {kind}",
                    refused(&e)
                ));
            }
            match expected.get("metric").and_then(Value::as_str) {
                Some(metric) if !nonsense && k6_key(&e).as_deref() != Some(metric) => Err(format!(
                    "{}; expected it to name the threshold key {metric:?}",
                    refused(&e)
                )),
                _ => Ok(()),
            }
        }
        (Err(e), None) if nonsense => {
            let _ = e;
            Ok(())
        }
        (Err(e), None) => Err(format!("{}, but this case must be evaluated", refused(&e))),
        (Ok(_), Some(kind)) => Err(format!("evaluated, but k6 refuses it ({kind})")),
        (Ok(result), None) => {
            let actual = result.native();
            equal_keys(
                actual,
                &expected,
                &["ok", "breached", "abort", "thresholds"],
                "expected",
            )
        }
    }
}

/// The step of `kubectl apply` that refuses with each code.
fn keptn2_stages(code: ErrorCode) -> &'static [&'static str] {
    use ErrorCode as C;
    match code {
        C::InvalidYaml
        | C::UnsupportedYaml
        | C::NestingTooDeep
        | C::TooManyNodes
        | C::DocumentTooLarge
        | C::EmptySlo => &["yaml"],
        C::DuplicateKey => &["yaml", "schema"],
        C::InvalidType
        | C::UnknownField
        | C::MissingField
        | C::ValueOutOfRange
        | C::InvalidInput => &["schema"],
        C::InvalidQuantity => &["schema", "decode"],
        C::InvalidOperator | C::InvalidRange | C::InvalidTotalScore => &["webhook"],
        _ => &[],
    }
}

/// Numbers within 1e-9 relative, strings and booleans exactly, arrays in order, objects by
/// key with no extra or missing key; `skip` names keys compared by presence only.
fn json_equal(actual: &Value, expected: &Value, at: &str, skip: &[&str]) -> Result<(), String> {
    match (actual, expected) {
        (Value::Number(a), Value::Number(e)) => {
            let (a, e) = (
                a.as_f64().unwrap_or(f64::NAN),
                e.as_f64().unwrap_or(f64::NAN),
            );
            if numbers_equal(a, e) {
                Ok(())
            } else {
                Err(format!("{at}: expected {e}, got {a}"))
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            if a.len() != e.len() {
                return Err(format!("{at}: expected {} items, got {}", e.len(), a.len()));
            }
            for (i, (a, e)) in a.iter().zip(e).enumerate() {
                json_equal(a, e, &format!("{at}[{i}]"), skip)?;
            }
            Ok(())
        }
        (Value::Object(a), Value::Object(e)) => {
            for key in a.keys() {
                if !e.contains_key(key) {
                    return Err(format!("{at}.{key}: not expected, got {}", a[key]));
                }
            }
            for (key, ev) in e {
                let Some(av) = a.get(key) else {
                    return Err(format!("{at}.{key}: expected {ev}, missing"));
                };
                if !skip.contains(&key.as_str()) {
                    json_equal(av, ev, &format!("{at}.{key}"), skip)?;
                }
            }
            Ok(())
        }
        (a, e) if a == e => Ok(()),
        (a, e) => Err(format!("{at}: expected {e}, got {a}")),
    }
}

fn run_keptn2_case(case: &Value) -> Result<(), String> {
    let expected = &case["expected"];
    let text = case["definition"]
        .as_str()
        .ok_or("case has no definition text")?;
    let outcome = Gate::from_keptn2(text)
        .map_err(slogate::Error::from)
        .and_then(|gate| gate.evaluate_value(&case["values"]));
    let may_refuse = tags(case)
        .iter()
        .any(|t| *t == "weight-zero" || *t == "weight-negative");
    match (outcome, expected.get("stage").and_then(Value::as_str)) {
        (Err(e), Some(stage)) if keptn2_stages(e.code()).contains(&stage) => Ok(()),
        (Err(e), Some(stage)) => Err(format!(
            "{}; expected a refusal at the {stage} stage",
            refused(&e)
        )),
        (Err(e), None) if may_refuse && e.code() == ErrorCode::InvalidWeight => Ok(()),
        (Err(e), None) => Err(format!("{}, but this case must be evaluated", refused(&e))),
        (Ok(_), Some(stage)) => Err(format!(
            "evaluated, but Keptn refuses it at the {stage} stage"
        )),
        (Ok(result), None) => {
            let mut core = expected.clone();
            if let Some(o) = core.as_object_mut() {
                o.remove("raw");
            }
            json_equal(result.native(), &core, "expected", &["error", "rawError"])
        }
    }
}

fn run_pitometer_case(case: &Value) -> Result<(), String> {
    let expected = &case["expected"];
    let mut run = serde_json::json!({
        "values": case.get("values").cloned().unwrap_or(serde_json::json!({})),
        "options": case.get("options").cloned().unwrap_or(serde_json::json!(
            {"context": "conformance/run-1", "timeStart": 1_562_626_800, "timeEnd": 1_562_630_400})),
        "timestamp": 1_562_630_400_000_i64,
    });
    for key in ["compareWith", "sources"] {
        if let Some(v) = case.get(key) {
            run[key] = v.clone();
        }
    }
    let outcome = Gate::from_perfspec(&case["perfspec"].to_string())
        .map_err(slogate::Error::from)
        .and_then(|gate| gate.evaluate_value(&run));
    let may_refuse = tags(case).iter().any(|t| {
        [
            "string-metricScore",
            "missing-metricScore",
            "string-threshold",
            "contradictory-thresholds",
            "misspelled-threshold",
            "zero-threshold",
            "missing-thresholds",
            "missing-objectives",
            "unregistered-source",
            "unknown-grader",
            "duplicate-id",
        ]
        .contains(t)
    });
    match (outcome, expected.get("error").is_some()) {
        (Err(_), true) => Ok(()),
        (Err(e), false) if may_refuse => {
            let _ = e;
            Ok(())
        }
        (Err(e), false) => Err(format!("{}, but this case must be evaluated", refused(&e))),
        (Ok(_), true) => Err(format!(
            "evaluated, but Pitometer's run fails: {}",
            expected["error"]
        )),
        (Ok(result), false) => json_equal(result.native(), expected, "expected", &[]),
    }
}

/// Runs one Keptn v1 case; `Err` says why it does not conform.
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
        dirs.extend(std::env::split_paths(&extra));
    }
    let (mut passed, mut failed) = (0, 0);
    let mut report = String::new();
    for dir in &dirs {
        for path in case_files(dir) {
            let text = std::fs::read_to_string(&path).expect("readable case");
            let case: Value = serde_json::from_str(&text).expect("case is JSON");
            let name = case["name"].as_str().unwrap_or("?").to_owned();
            match run_any_case(&case) {
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
        passed >= 87 + 40 + 30 + 30,
        "expected at least the 187 vendored cases to run"
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
