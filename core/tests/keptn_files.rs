//! Valid Keptn files that slogate once refused: `weight: 0` on an informational objective, and
//! an informational second objective for an SLI after the scored one. Both are scored exactly
//! as Keptn scores them; refusals remain where the file would score differently from what it
//! seems to say.

use proptest::prelude::*;
use slogate::{ErrorCode, SliReport, Slo, Verdict};

const SCORED: &str = "  - sli: p95\n    pass: [{criteria: ['<600']}]\n    warning: [{criteria: ['<800']}]\n  - sli: err\n    key_sli: true\n    pass: [{criteria: ['<=0.01']}]\n";
const TOTAL: &str = "total_score: {pass: 90%, warning: 50%}\n";

fn values(p95: f64, err: f64) -> SliReport {
    SliReport::from_values([("p95", p95), ("err", err)])
}

/// The result and score, and each row without the SLO text.
fn outcome(slo: &Slo, report: &SliReport) -> (Verdict, f64, Vec<serde_json::Value>) {
    let evaluation = slo.evaluate(report, &[]).unwrap();
    let rows = evaluation
        .indicators()
        .iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .collect();
    (evaluation.result(), evaluation.score(), rows)
}

#[test]
fn weight_0_on_an_informational_objective_is_accepted() {
    let text = format!("objectives:\n{SCORED}  - sli: cpu\n    weight: 0\n{TOTAL}");
    let slo = Slo::parse(&text).unwrap();
    assert_eq!(slo.warnings(), []);
    let without = Slo::parse(&format!("objectives:\n{SCORED}  - sli: cpu\n{TOTAL}")).unwrap();
    let report = SliReport::from_values([("p95", 700.0), ("err", 0.0), ("cpu", 3.0)]);
    assert_eq!(outcome(&slo, &report), outcome(&without, &report));
    // Warning criteria alone do not count either.
    let warned = format!("objectives:\n{SCORED}  - sli: cpu\n    weight: 0\n    warning: [{{criteria: ['<1']}}]\n{TOTAL}");
    assert!(Slo::parse(&warned).is_ok());
}

#[test]
fn weight_0_where_it_counts_stays_refused() {
    for objective in [
        "  - sli: cpu\n    weight: 0\n    pass: [{criteria: ['<1']}]\n",
        "  - sli: cpu\n    weight: 0\n    key_sli: true\n    pass: [{criteria: ['<1']}]\n",
    ] {
        let err = Slo::parse(&format!("objectives:\n{SCORED}{objective}{TOTAL}")).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidWeight, "{objective}");
        assert_eq!(err.path(), "objectives[2].weight");
    }
}

#[test]
fn an_informational_duplicate_after_the_scored_objective_is_scored_as_keptn_does() {
    let text = format!("objectives:\n{SCORED}  - sli: p95\n    displayName: p95 again\n{TOTAL}");
    let slo = Slo::parse(&text).unwrap();
    let codes: Vec<&str> = slo.warnings().iter().map(|w| w.code().as_str()).collect();
    assert_eq!(codes, ["duplicate_info_objective"]);
    assert_eq!(slo.objectives().len(), 3);
    let without = Slo::parse(&format!("objectives:\n{SCORED}{TOTAL}")).unwrap();
    let report = values(700.0, 0.0);
    let (verdict, score, rows) = outcome(&slo, &report);
    let (verdict_without, score_without, rows_without) = outcome(&without, &report);
    assert_eq!((verdict, score), (verdict_without, score_without));
    assert_eq!((verdict, score), (Verdict::Warning, 75.0));
    assert_eq!(rows[..2], rows_without[..]);
    // Keptn hands the value to the first objective: the second is an info row without one.
    assert_eq!(
        rows[2],
        serde_json::json!({
            "score": 0.0,
            "value": null,
            "displayName": "p95 again",
            "passTargets": null,
            "warningTargets": null,
            "keySli": false,
            "status": "info",
        })
    );
}

#[test]
fn duplicates_that_change_the_outcome_stay_refused() {
    for (objective, at) in [
        // A second scored objective: Keptn would fail it for want of a value.
        (
            "  - sli: p95\n    pass: [{criteria: ['<100']}]\n",
            "objectives[2]",
        ),
        (
            "  - sli: p95\n    warning: [{criteria: ['<100']}]\n",
            "objectives[2]",
        ),
    ] {
        let err = Slo::parse(&format!("objectives:\n{SCORED}{objective}{TOTAL}")).unwrap_err();
        assert_eq!(err.code(), ErrorCode::DuplicateObjective, "{objective}");
        assert_eq!(err.path(), at);
    }
    // An informational objective before the scored one takes its value.
    let text = format!("objectives:\n  - sli: p95\n{SCORED}{TOTAL}");
    let err = Slo::parse(&text).unwrap_err();
    assert_eq!(err.code(), ErrorCode::DuplicateObjective);
    assert_eq!(err.path(), "objectives[1]");
}

proptest! {
    #[test]
    fn informational_duplicates_never_change_verdict_or_score(
        p95 in 0.0f64..1000.0,
        err in 0.0f64..0.02,
        copies in 1usize..4,
        key_sli: bool,
    ) {
        let duplicates = (0..copies)
            .map(|n| if n % 2 == 0 { "p95" } else { "err" })
            .fold(String::new(), |mut text, sli| {
                text.push_str("  - sli: ");
                text.push_str(sli);
                text.push_str(if key_sli { "\n    key_sli: true\n" } else { "\n" });
                text
            });
        let slo = Slo::parse(&format!("objectives:\n{SCORED}{duplicates}{TOTAL}")).unwrap();
        prop_assert_eq!(slo.warnings().len(), copies);
        let without = Slo::parse(&format!("objectives:\n{SCORED}{TOTAL}")).unwrap();
        let report = values(p95, err);
        let (verdict, score, rows) = outcome(&slo, &report);
        let (verdict_without, score_without, rows_without) = outcome(&without, &report);
        prop_assert_eq!((verdict, score), (verdict_without, score_without));
        prop_assert_eq!(&rows[..2], &rows_without[..]);
        for row in &rows[2..] {
            prop_assert_eq!(&row["status"], "info");
            prop_assert_eq!(&row["value"], &serde_json::Value::Null);
        }
    }
}
