//! The one decoder of SLI values: which shapes it reads, and what it refuses.

use slogate::{ErrorCode, IndicatorValue, SliReport, SliShape, Slo, Verdict};

#[test]
fn reads_keptn_get_sli_finished_data() {
    let text = r#"{"get-sli": {"start": "2026-01-01T00:00:00Z", "end": "2026-01-01T00:10:00Z",
        "indicatorValues": [{"metric": "p95", "value": 412, "success": true},
                            {"metric": "err", "value": 0, "success": false, "message": "timeout"}]},
        "result": "pass", "status": "succeeded", "message": "", "project": "p"}"#;
    let (shape, report) = SliReport::from_json_shaped(text).unwrap();
    assert_eq!(shape, SliShape::Keptn);
    assert_eq!(
        report.indicator_values[0],
        IndicatorValue::new("p95", 412.0)
    );
    assert!(!report.indicator_values[1].success);
    assert_eq!(report.indicator_values[1].message, "timeout");
    assert_eq!(report.start.as_deref(), Some("2026-01-01T00:00:00Z"));
    assert_eq!(report.result, Some(Verdict::Pass));
    assert_eq!(report.project.as_deref(), Some("p"));
    assert_eq!(SliReport::from_keptn_json(text).unwrap(), report);
}

#[test]
fn keeps_the_top_level_form_and_refuses_plain_values_where_keptn_data_is_required() {
    let top = r#"{"indicatorValues": [{"metric": "p95", "value": 1}], "result": "fail"}"#;
    assert_eq!(SliReport::from_json_shaped(top).unwrap().0, SliShape::Keptn);
    let err = SliReport::from_keptn_json(r#"{"p95": 1}"#).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(
        err.to_string().starts_with("expected Keptn get-sli data"),
        "{err}"
    );
}

#[test]
fn a_document_of_no_accepted_shape_gets_one_error_naming_the_shapes() {
    for text in [
        r#"{"data": {"p95": 1}, "kind": "x"}"#,
        "3",
        r#""p95""#,
        r#"{"values": [1, 2]}"#,
    ] {
        let err = SliReport::from_json(text).unwrap_err();
        assert_eq!(err.problems().len(), 1, "{text}: {err}");
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert!(err.to_string().contains("Keptn get-sli data"), "{err}");
        assert!(err.to_string().contains("plain object of numbers"), "{err}");
    }
}

#[test]
fn an_entry_measured_without_a_value_is_refused() {
    for text in [
        r#"{"indicatorValues": [{"metric": "p95"}]}"#,
        r#"{"get-sli": {"indicatorValues": [{"metric": "p95", "success": true}]}}"#,
        r#"[{"metric": "p95", "value": null}]"#,
    ] {
        let err = SliReport::from_json(text).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{text}");
        assert!(err.to_string().contains("has no 'value'"), "{err}");
    }
    let failed =
        SliReport::from_json(r#"{"indicatorValues": [{"metric": "p95", "success": false}]}"#)
            .unwrap();
    assert!(!failed.indicator_values[0].success);
    // Before, the missing value was scored as a measured 0 and the gate passed.
    let slo = Slo::parse(
        "objectives:\n  - sli: p95\n    pass: [{criteria: ['<600']}]\ntotal_score: {pass: 90%}\n",
    )
    .unwrap();
    assert!(slogate::evaluate_json(
        slo.source(),
        r#"{"indicatorValues": [{"metric": "p95"}]}"#,
        "[]"
    )
    .is_err());
}

#[test]
fn a_repeated_key_in_keptn_data_is_refused() {
    for (text, key) in [
        (
            r#"{"indicatorValues": [{"metric": "p95", "value": 100, "value": 9999}]}"#,
            "value",
        ),
        (
            r#"{"indicatorValues": [], "indicatorValues": [{"metric": "p95", "value": 1}]}"#,
            "indicatorValues",
        ),
        (
            r#"{"indicatorValues": [{"metric": "p95", "value": 1, "success": false, "success": true}]}"#,
            "success",
        ),
        (
            r#"{"get-sli": {"indicatorValues": [], "indicatorValues": []}}"#,
            "indicatorValues",
        ),
    ] {
        let err = SliReport::from_json(text).unwrap_err();
        assert_eq!(err.code(), ErrorCode::DuplicateKey, "{text}: {err}");
        assert_eq!(
            err.first().message(),
            format!("duplicate key '{key}' in this object")
        );
    }
}

#[test]
fn reads_a_list_of_entries_and_names_the_path_of_a_bad_one() {
    let (shape, report) = SliReport::from_json_shaped(r#"[{"metric": "a", "value": 1}]"#).unwrap();
    assert_eq!(shape, SliShape::List);
    assert_eq!(report.indicator_values, [IndicatorValue::new("a", 1.0)]);
    let err = SliReport::from_json(r#"{"indicatorValues": [{"metric": "a", "value": "x"}]}"#)
        .unwrap_err();
    assert_eq!(err.path(), "indicatorValues[0].value");
    assert_eq!(
        err.first().message(),
        "expected a number, found the string \"x\""
    );
}

#[test]
fn a_byte_order_mark_opens_an_slo_and_a_nul_is_refused() {
    let text = "total_score: {pass: 90%}\nobjectives:\n  - sli: p95\n    pass: [{criteria: [\"<600\"]}]\n  - sli: err\n    key_sli: true\n    pass: [{criteria: [\"<=0.0000001\"]}]\n";
    let with_bom = format!("\u{feff}{text}");
    assert_eq!(Slo::parse(&with_bom).unwrap().objectives().len(), 2);
    let cut = text.replace("  - sli: err", "\0  - sli: err");
    let err = Slo::parse(&cut).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ForbiddenCharacter);
    assert_eq!((err.line(), err.column()), (Some(5), Some(1)));
}
