//! The front doors' options objects, read by `slogate::options::from_json`: defaults, both
//! spellings, and refusals in slogate's words at the field's path.

use serde_json::json;
use slogate::options::{from_json, DecideOptions, EvaluateOptions, SloOptions};
use slogate::{ErrorCode, HeatmapOptions};

fn refusal<T: serde::de::DeserializeOwned + Default + std::fmt::Debug>(
    value: &serde_json::Value,
) -> String {
    let err = from_json::<T>(value, "options").unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
    err.to_string()
}

#[test]
fn null_and_absent_fields_take_the_defaults() {
    let decide: DecideOptions = from_json(&json!(null), "options").unwrap();
    assert_eq!(decide, DecideOptions::default());
    let decide: DecideOptions =
        from_json(&json!({"live": null, "policy": null}), "options").unwrap();
    assert_eq!(decide, DecideOptions::default());
    let slo: SloOptions = from_json(&json!({}), "options").unwrap();
    assert!(!slo.limits().strict);
}

#[test]
fn fields_are_read_in_both_spellings_and_unknown_keys_are_left_alone() {
    let camel: DecideOptions = from_json(
        &json!({"allowWarning": true, "policy": "pass=automatic"}),
        "options",
    )
    .unwrap();
    let snake: DecideOptions =
        from_json(&json!({"allow_warning": true, "history": [1]}), "options").unwrap();
    assert!(camel.allow_warning && snake.allow_warning);
    assert_eq!(camel.policy.as_deref(), Some("pass=automatic"));
    let evaluate: EvaluateOptions =
        from_json(&json!({"sliMap": "indicators: {}\n"}), "options").unwrap();
    assert_eq!(evaluate.sli_map.as_deref(), Some("indicators: {}\n"));
    let heatmap: HeatmapOptions =
        from_json(&json!({"last": 3, "selected": "e1"}), "options").unwrap();
    assert_eq!(
        (heatmap.last, heatmap.selected.as_deref()),
        (Some(3), Some("e1"))
    );
    let strict: SloOptions = from_json(&json!({"strict": true}), "options").unwrap();
    assert!(strict.limits().strict);
}

#[test]
fn a_field_of_the_wrong_type_is_refused_at_its_path() {
    assert_eq!(
        refusal::<DecideOptions>(&json!({"live": "yes"})),
        "options.live: expected true or false, found the string \"yes\""
    );
    assert_eq!(
        refusal::<DecideOptions>(&json!({"policy": 3})),
        "options.policy: expected text, found 3"
    );
    assert_eq!(
        refusal::<SloOptions>(&json!({"strict": 1})),
        "options.strict: expected true or false, found 1"
    );
    assert_eq!(
        refusal::<HeatmapOptions>(&json!({"last": "3"})),
        "options.last: expected a whole number, found the string \"3\""
    );
    assert_eq!(
        refusal::<HeatmapOptions>(&json!({"last": -1})),
        "options.last: expected a whole number, found -1"
    );
    assert_eq!(
        refusal::<HeatmapOptions>(&json!({"last": 2.5})),
        "options.last: expected a whole number, found 2.5"
    );
    assert_eq!(
        refusal::<DecideOptions>(&json!("warning")),
        "options: expected an object, found the string \"warning\""
    );
    assert_eq!(
        refusal::<DecideOptions>(&json!([true])),
        "options: expected an object, found a list"
    );
}

#[test]
fn a_malformed_policy_or_sli_map_is_refused_by_its_own_reader() {
    let slo = slogate::Slo::parse(
        "objectives:\n  - sli: p95\n    pass: [{criteria: [\"<600\"]}]\ntotal_score: {pass: 90%}\n",
    )
    .unwrap();
    let evaluation = slo
        .evaluate(
            &slogate::SliReport::from_json_value(&json!({"p95": 412})).unwrap(),
            [],
        )
        .unwrap();
    let decide: DecideOptions = from_json(&json!({"policy": "pass=sometimes"}), "options").unwrap();
    assert_eq!(
        decide.decide(&evaluation).unwrap_err().code(),
        ErrorCode::InvalidApproval
    );
    let decide: DecideOptions = from_json(&json!({"live": true}), "options").unwrap();
    assert_eq!(
        decide.decide(&evaluation).unwrap().action.as_str(),
        "promote"
    );
    let evaluate: EvaluateOptions =
        from_json(&json!({"sliMap": "indicators: 3\n"}), "options").unwrap();
    assert!(evaluate.sli_map().is_err());
}

#[test]
fn a_reports_values_are_viewed_with_every_field() {
    let report = slogate::SliReport::from_json_value(&json!({"indicatorValues": [
        {"metric": "p95", "value": 412},
        {"metric": "error_rate", "success": false, "message": "no data"},
    ]}))
    .unwrap();
    let view = serde_json::to_value(slogate::views::ReportValuesView::of(&report)).unwrap();
    assert_eq!(
        view,
        json!({"indicatorValues": [
            {"metric": "p95", "value": 412.0, "success": true, "message": ""},
            {"metric": "error_rate", "value": 0.0, "success": false, "message": "no data"},
        ]})
    );
}
