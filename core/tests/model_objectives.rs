//! History models inside an SLO: the `extensions: slogate/v1` opt-in, scoring, the
//! inconclusive policy, explanations, and Keptn files left as they were.

use slogate::{explain, ErrorCode, IndicatorStatus, PreviousEvaluation, SliReport, Slo, Verdict};

const NOISY: &str = "\
extensions: slogate/v1
comparison: {compare_with: several_results, number_of_comparison_results: 30, include_result_with_score: all}
objectives:
  - sli: response_time_p95
    model: {kind: t_test, upper_boundary: 0.99, min_sample_size: 5, max_sample_size: 30}
  - sli: error_rate
    pass: [{criteria: ['<=0.01']}]
total_score: {pass: 90%, warning: 75%}
";

/// Stored evaluations of the noisy SLO with these p95 values, oldest first in the list and
/// returned newest first, as an evaluation takes them.
fn history(slo: &Slo, p95: &[f64]) -> Vec<PreviousEvaluation> {
    let mut stored: Vec<PreviousEvaluation> = Vec::new();
    for (i, value) in p95.iter().enumerate() {
        let newest_first: Vec<PreviousEvaluation> = stored.iter().rev().cloned().collect();
        let evaluation = slo
            .evaluate(
                &SliReport::from_values([("response_time_p95", *value), ("error_rate", 0.001)]),
                &newest_first,
            )
            .unwrap();
        stored.push(PreviousEvaluation::new(format!("build-{i}"), evaluation));
    }
    stored.reverse();
    stored
}

const P95: [f64; 12] = [
    507.0, 498.0, 515.0, 470.0, 503.0, 489.0, 521.0, 478.0, 495.0, 530.0, 468.0, 512.0,
];

#[test]
fn a_t_test_model_gates_a_noisy_metric_and_explains_its_limit() {
    let slo = Slo::parse(NOISY).unwrap();
    let basis = history(&slo, &P95);
    let values =
        |p95: f64| SliReport::from_values([("response_time_p95", p95), ("error_rate", 0.001)]);

    let ok = slo.evaluate(&values(540.0), &basis).unwrap();
    assert_eq!(ok.result(), Verdict::Pass);
    let slow = slo.evaluate(&values(560.0), &basis).unwrap();
    assert_eq!(slow.result(), Verdict::Fail);
    let p95 = &slow.indicators()[0];
    assert_eq!(p95.status, IndicatorStatus::Fail);
    assert_eq!(
        explain(p95),
        "response_time_p95 = 560: fail (560 is above the t_test upper limit 550.344 (mean \
         498.833 + 2.718 × sd 18.951 over 12 results, boundary 0.99): fail (statistic 3.228))"
    );
    let model = p95.model.as_ref().unwrap();
    assert_eq!((model.kind.as_str(), model.samples), ("t_test", 12));
    assert_eq!(p95.pass_targets[0].criteria, "<=550.344");
    assert!(p95.pass_targets[0].violated);
    // The result's JSON carries the model, and reads back.
    let json = slow.to_json();
    assert!(json.contains(
        r#""model":{"kind":"t_test","status":"fail","inconclusive":"warning","samples":12"#
    ));
    let back = slogate::Evaluation::from_json(&json).unwrap();
    assert_eq!(back.indicators()[0].model, p95.model);
}

#[test]
fn too_little_history_is_inconclusive_and_counts_by_policy() {
    let slo = Slo::parse(NOISY).unwrap();
    let basis = history(&slo, &P95[..3]);
    let values = SliReport::from_values([("response_time_p95", 900.0), ("error_rate", 0.001)]);
    let evaluation = slo.evaluate(&values, &basis).unwrap();
    let p95 = &evaluation.indicators()[0];
    assert_eq!(p95.status, IndicatorStatus::Inconclusive);
    // Warning by default: half the weight, 1.5 of 2, 75%.
    assert_eq!(evaluation.score(), 75.0);
    assert_eq!(evaluation.result(), Verdict::Warning);
    assert_eq!(
        explain(p95),
        "response_time_p95 = 900: inconclusive (900 with the t_test model: inconclusive (the \
         basis holds 3 values, fewer than the 5 the t_test model needs); counted as warning)"
    );
    for (policy, score, verdict) in [
        ("pass", 100.0, Verdict::Pass),
        ("fail", 50.0, Verdict::Fail),
        ("ignore", 100.0, Verdict::Pass),
    ] {
        let text = NOISY.replace(
            "max_sample_size: 30}",
            &format!("max_sample_size: 30}}\n    inconclusive: {policy}"),
        );
        let slo = Slo::parse(&text).unwrap();
        let evaluation = slo.evaluate(&values, &basis).unwrap();
        assert_eq!(
            (evaluation.score(), evaluation.result()),
            (score, verdict),
            "{policy}"
        );
    }
}

#[test]
fn models_need_the_extension_and_valid_settings() {
    let refused = |text: &str| {
        let err = Slo::parse(text).unwrap_err();
        let p = err.first();
        (p.code(), p.path().to_owned(), p.message().to_owned())
    };
    let without = NOISY.replace("extensions: slogate/v1\n", "");
    assert_eq!(
        refused(&without),
        (
            ErrorCode::InvalidModel,
            "objectives[0].model".to_owned(),
            "'model' is a slogate extension; declare 'extensions: slogate/v1' at the top of the SLO to use it".to_owned()
        )
    );
    assert_eq!(
        refused(&NOISY.replace("t_test", "t-test")).2,
        "unknown model kind 't-test'; expected one of 'static', 'percentage', 'z_score', 't_test', 'log_normal', 'iqr', 'delta_iqr'"
    );
    assert_eq!(
        refused(&NOISY.replace("upper_boundary: 0.99", "upper_boundary: 99")).2,
        "upper_boundary 99 is out of range for t_test; expected a probability from 0.5 up to, not including, 1"
    );
    assert_eq!(
        refused(&NOISY.replace("slogate/v1", "slogate/v2")).2,
        "unknown extensions 'slogate/v2'; this slogate reads 'slogate/v1'"
    );
    assert_eq!(
        refused(&NOISY.replace(
            "max_sample_size: 30}",
            "max_sample_size: 30}\n    pass: [{criteria: ['<600']}]"
        ))
        .2,
        "an objective with a model takes no pass or warning criteria; the model's limits decide"
    );
}
