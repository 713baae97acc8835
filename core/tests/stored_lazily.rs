//! `Slo::evaluate_stored_json` (and `evaluate_json`, which uses it) decode in full only the
//! stored results of the comparison basis: the evaluation equals the one of the fully decoded
//! history, every error equals the fully decoded history's, and a stored result the basis
//! does not read is only checked to be well formed.

use slogate::{Error, PreviousEvaluation, SliReport, Slo};

const SLO: &str = "comparison:\n  compare_with: several_results\n  number_of_comparison_results: 2\n  include_result_with_score: pass\nobjectives:\n  - sli: p95\n    pass: [{criteria: ['<=+10%']}]\n  - sli: errors\n    pass: [{criteria: ['<=5']}]\ntotal_score: {pass: 90%}\n";

fn stored(id: &str, result: &str, invalidated: bool, p95: f64) -> String {
    format!(
        r#"{{"id": "{id}", "invalidated": {invalidated}, "data": {{"result": "{result}", "status": "succeeded", "evaluation": {{"result": "{result}", "score": 100, "indicatorResults": [
            {{"value": {{"metric": "p95", "value": {p95}, "success": true}}, "status": "pass", "score": 1}},
            {{"value": {{"metric": "errors", "value": 1, "success": true}}, "status": "pass", "score": 1}}]}}}}}}"#
    )
}

fn setup() -> (Slo, SliReport) {
    let slo = Slo::parse(SLO).unwrap();
    let report = SliReport::from_values([("p95", 104.0), ("errors", 2.0)]);
    (slo, report)
}

fn fully(slo: &Slo, report: &SliReport, history: &str) -> Result<String, Error> {
    let history = PreviousEvaluation::list_from_json(history)?;
    Ok(slo.evaluate(report, &history)?.to_json())
}

fn lazily(slo: &Slo, report: &SliReport, history: &str) -> Result<String, Error> {
    Ok(slo.evaluate_stored_json(report, history)?.to_json())
}

#[test]
fn gives_the_evaluation_of_the_fully_decoded_history() {
    let (slo, report) = setup();
    let history = format!(
        "[{}, {}, {}, {}, {}]",
        stored("e5", "fail", false, 500.0),
        stored("e4", "pass", true, 400.0),
        stored("e3", "pass", false, 100.0),
        stored("e2", "warning", false, 300.0),
        stored("e1", "pass", false, 90.0),
    );
    let lazy = lazily(&slo, &report, &history).unwrap();
    assert_eq!(lazy, fully(&slo, &report, &history).unwrap());
    assert!(lazy.contains(r#""comparedEvents":["e3","e1"]"#), "{lazy}");
    let through_json = slogate::evaluate_json(SLO, r#"{"p95": 104, "errors": 2}"#, &history);
    assert_eq!(through_json.unwrap(), lazy);
}

#[test]
fn reads_only_the_header_of_a_stored_result_outside_the_basis() {
    let (slo, report) = setup();
    let broken = r#"{"id": "x", "invalidated": true, "result": "pass", "evaluation": {"indicatorResults": "not a list"}}"#;
    let history = format!(
        "[{broken}, {}, {}, {broken}]",
        stored("e2", "pass", false, 100.0),
        stored("e1", "pass", false, 90.0)
    );
    // The fully decoded history refuses the broken entries; the basis never reads them.
    let refused = fully(&slo, &report, &history).unwrap_err().to_string();
    assert!(
        refused.contains("[0].evaluation.indicatorResults"),
        "{refused}"
    );
    let basis_only = format!(
        "[{}, {}]",
        stored("e2", "pass", false, 100.0),
        stored("e1", "pass", false, 90.0)
    );
    assert_eq!(
        lazily(&slo, &report, &history).unwrap(),
        fully(&slo, &report, &basis_only).unwrap()
    );
}

#[test]
fn refuses_what_the_selection_reads_and_ill_formed_json_as_the_full_decoding_does() {
    let (slo, report) = setup();
    let good = stored("e1", "pass", false, 90.0);
    for history in [
        // the verdict the selection reads is not one
        format!(
            r#"[{good}, {{"id": "e0", "result": "maybe", "evaluation": {{"result": "pass"}}}}]"#
        ),
        // invalidated is not a boolean
        format!(
            r#"[{{"id": "e2", "invalidated": "no", "result": "pass", "evaluation": {{"result": "pass"}}}}, {good}]"#
        ),
        // an entry of the basis is broken inside its indicator results
        format!(
            r#"[{{"id": "e2", "result": "pass", "evaluation": {{"result": "pass", "indicatorResults": [{{"status": "sideways"}}]}}}}, {good}]"#
        ),
        // no verdict at all
        format!(r#"[{{"id": "e2", "evaluation": {{"result": "pass"}}}}, {good}]"#),
        // ill-formed JSON after the basis is complete
        format!("[{good}, {good}, {good}, {{\"id\": "),
        format!("[{good}, {good}, {good}, {{\"id\": \"x\"}},]"),
        // not a list
        good.clone(),
    ] {
        let lazy = lazily(&slo, &report, &history).unwrap_err();
        let full = fully(&slo, &report, &history).unwrap_err();
        assert_eq!(lazy.to_string(), full.to_string(), "{history}");
        assert_eq!(format!("{lazy:?}"), format!("{full:?}"));
    }
}

#[test]
fn keeps_the_pinned_baseline_and_the_length_limit() {
    let slo = Slo::parse(
        "extensions: slogate/v1\ncomparison:\n  pinned_baseline: e9\nobjectives:\n  - sli: p95\n    pass: [{criteria: ['<=+10%']}]\ntotal_score: {pass: 90%}\n",
    )
    .unwrap();
    let report = SliReport::from_values([("p95", 104.0)]);
    let history = format!(
        "[{}, {}]",
        stored("e2", "pass", false, 100.0),
        stored("e1", "pass", false, 90.0)
    );
    let lazy = lazily(&slo, &report, &history).unwrap_err();
    assert_eq!(
        lazy.to_string(),
        fully(&slo, &report, &history).unwrap_err().to_string()
    );
    assert!(
        lazy.to_string()
            .contains("none of the 2 stored evaluations"),
        "{lazy}"
    );

    let (slo, report) = setup();
    let entry = stored("e", "pass", false, 100.0);
    let long = format!("[{}]", vec![entry.as_str(); 10_001].join(","));
    let lazy = lazily(&slo, &report, &long).unwrap_err();
    assert_eq!(
        lazy.to_string(),
        fully(&slo, &report, &long).unwrap_err().to_string()
    );
    assert_eq!(
        lazy.problems()[0].code(),
        slogate::ErrorCode::HistoryTooLong
    );
}
