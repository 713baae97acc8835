//! The entry points front doors convert through: provider words, history decoding, Locust
//! statistics as data, and the serializable views.

use serde_json::json;
use slogate::reports::locust::LocustStats;
use slogate::views::{EvaluationView, SloView};
use slogate::{ErrorCode, HistoryEntry, PreviousEvaluation, SliReport, Slo};

const SLO: &str = "objectives:\n  - sli: p95\n    pass: [{criteria: ['<600']}]\n    warning: [{criteria: ['<=800']}]\ntotal_score: {pass: 90%, warning: 75%}\n";

#[test]
fn provider_words_are_read_and_others_refused_with_exact_messages() {
    let mut report = SliReport::from_values([("p95", 1.0)]);
    report.set_provider(Some("fail"), Some("aborted")).unwrap();
    assert_eq!(report.result, Some(slogate::Verdict::Fail));
    assert_eq!(report.status, slogate::ProviderStatus::Aborted);
    let error = report.set_provider(Some("ok"), Some("done")).unwrap_err();
    let got: Vec<_> = error
        .problems()
        .iter()
        .map(|p| (p.code(), p.path().to_owned(), p.message().to_owned()))
        .collect();
    assert_eq!(
        got,
        [
            (
                ErrorCode::InvalidInput,
                "result".to_owned(),
                "result must be 'pass', 'warning' or 'fail', found 'ok'".to_owned()
            ),
            (
                ErrorCode::InvalidInput,
                "status".to_owned(),
                "status must be 'succeeded', 'errored' or 'aborted', found 'done'".to_owned()
            ),
        ]
    );
}

#[test]
fn history_entries_are_borrowed_or_decoded_and_problems_named_by_entry() {
    let slo = Slo::parse(SLO).unwrap();
    let first = slo
        .evaluate(&SliReport::from_values([("p95", 500.0)]), &[])
        .unwrap();
    let kept = PreviousEvaluation::new("a", first);
    let stored = kept.to_value();
    assert_eq!(stored["invalidated"], json!(false));
    let decoded = PreviousEvaluation::decode_history([
        HistoryEntry::Kept(&kept),
        HistoryEntry::Json(stored.clone()),
        HistoryEntry::Text(kept.to_json()),
    ])
    .unwrap();
    assert_eq!(decoded.len(), 3);
    assert!(decoded.iter().all(|entry| **entry == kept));

    let error = PreviousEvaluation::decode_history([
        HistoryEntry::Json(stored),
        HistoryEntry::Json(json!({"result": "pass"})),
    ])
    .unwrap_err();
    assert_eq!(error.problems().len(), 1);
    assert_eq!(error.path(), "history[1].evaluation");
    assert_eq!(
        error.first().message(),
        "a stored evaluation needs 'evaluation' (or the whole evaluation under 'data')"
    );
}

#[test]
fn indented_stored_form_is_bounded() {
    let slo = Slo::parse(SLO).unwrap();
    let evaluation = slo
        .evaluate(&SliReport::from_values([("p95", 500.0)]), &[])
        .unwrap();
    let stored = PreviousEvaluation::new("a", evaluation);
    assert!(stored.to_json_indented(2).unwrap().starts_with("{\n  \""));
    let error = stored.to_json_indented(17).unwrap_err();
    assert_eq!(error.code(), ErrorCode::IndentTooWide);
}

#[test]
fn locust_statistics_read_as_data_with_null_as_zero() {
    let stats = LocustStats::from_json_value(&json!({
        "total": {"name": "Aggregated", "num_requests": 2, "num_failures": null,
                  "avg_response_time": 20.5, "min_response_time": null,
                  "percentiles": [[0.95, 30]]},
        "entries": []
    }))
    .unwrap();
    assert_eq!(stats.total.num_requests, 2);
    assert_eq!(stats.total.num_failures, 0);
    assert_eq!(stats.total.min_response_time, None);
    assert_eq!(stats.total.percentiles, [(0.95, 30.0)]);
    let error =
        LocustStats::from_json_value(&json!({"total": {"num_requests": "many"}})).unwrap_err();
    assert_eq!(
        (error.code(), error.path()),
        (ErrorCode::InvalidInput, "total.num_requests")
    );
}

#[test]
fn views_carry_the_cores_sentences() {
    let slo = Slo::parse(SLO).unwrap();
    let view = serde_json::to_value(SloView::of(&slo)).unwrap();
    assert_eq!(view["slis"], json!(["p95"]));
    assert_eq!(view["objectives"][0]["warning"], json!([["<=800"]]));
    assert_eq!(view["warning_score"], json!(75.0));

    let evaluation = slo
        .evaluate(&SliReport::from_values([("p95", 700.0)]), &[])
        .unwrap();
    let view = serde_json::to_value(EvaluationView::of(&evaluation)).unwrap();
    assert_eq!(view["result"], json!("fail"));
    assert_eq!(view["summary"], json!(slogate::summarize(&evaluation)));
    let indicator = &view["indicators"][0];
    assert_eq!(indicator["metric"], json!("p95"));
    assert_eq!(indicator["success"], json!(true));
    assert_eq!(indicator["passTargets"][0]["targetValue"], json!(600.0));
    assert_eq!(
        indicator["explanation"],
        json!(slogate::explain(&evaluation.indicators()[0]))
    );
}

/// Collects the names a `with_report_kinds!` callback is given.
macro_rules! kind_names {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal; )*) => {
        [$($name),*]
    };
}

#[test]
fn the_list_of_report_kinds_front_doors_generate_is_the_cores() {
    let listed = slogate::with_report_kinds!(kind_names);
    let names: Vec<&str> = slogate::reports::ReportKind::ALL
        .iter()
        .map(|k| k.name())
        .collect();
    assert_eq!(listed.as_slice(), names.as_slice());
    assert_eq!(
        names,
        [
            "k6",
            "autocannon",
            "artillery",
            "locust",
            "jmeter",
            "gatling"
        ]
    );
}
