//! Canary judgement: classification per metric, weighted score, thresholds, critical metrics
//! and missing data.

use slogate::canary::{
    judge, CanaryMetric, CanarySamples, CanarySettings, CanaryVerdict, Classification, Direction,
};
use slogate::Slo;

/// Ten values around `centre`, the same spread each time.
fn around(centre: f64) -> Vec<f64> {
    [-3.0, -2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0, 3.0]
        .iter()
        .map(|d| centre + d)
        .collect()
}

fn samples(metrics: &[(&str, Vec<f64>)]) -> CanarySamples {
    CanarySamples::from_values(metrics.iter().map(|(n, v)| (*n, v.clone())))
}

#[test]
fn identical_samples_pass_with_full_score() {
    let base = samples(&[("latency", around(100.0)), ("errors", around(5.0))]);
    let judgement = judge(&base, &base, &[], &CanarySettings::default()).unwrap();
    assert_eq!(judgement.verdict, CanaryVerdict::Pass);
    assert_eq!(judgement.score, 100.0);
    assert!(judgement
        .metrics
        .iter()
        .all(|m| m.classification == Classification::Pass && m.p_value == Some(1.0)));
    assert_eq!(
        judgement.metrics[0].explanation(),
        "latency: pass: canary median 100 vs baseline median 100 (0%), Mann-Whitney p = 1 >= \
         0.05: no significant difference (U = 50, asymptotic, 10 vs 10 samples)"
    );
}

#[test]
fn a_shifted_metric_is_high_and_the_score_follows_the_weights() {
    let base = samples(&[("latency", around(100.0)), ("cpu", around(50.0))]);
    let can = samples(&[("latency", around(100.0)), ("cpu", around(60.0))]);
    let metrics = [
        CanaryMetric {
            weight: 3.0,
            ..CanaryMetric::new("latency")
        },
        CanaryMetric::new("cpu"),
    ];
    let judgement = judge(&base, &can, &metrics, &CanarySettings::default()).unwrap();
    assert_eq!(judgement.metrics[1].classification, Classification::High);
    assert!(judgement.metrics[1].counted_against);
    assert_eq!(judgement.score, 75.0);
    assert_eq!(judgement.verdict, CanaryVerdict::Marginal);
    assert_eq!(
        judgement.summary(),
        "canary marginal with a score of 75 (pass at 95, marginal at 75): 1 of 2 metrics with \
         data are not counted against it"
    );
    let strict = CanarySettings {
        marginal_threshold: 80.0,
        ..CanarySettings::default()
    };
    assert_eq!(
        judge(&base, &can, &metrics, &strict).unwrap().verdict,
        CanaryVerdict::Fail
    );
}

#[test]
fn a_change_in_the_harmless_direction_is_reported_but_not_counted() {
    let base = samples(&[("throughput", around(100.0))]);
    let can = samples(&[("throughput", around(120.0))]);
    let metrics = [CanaryMetric {
        direction: Direction::Decrease,
        ..CanaryMetric::new("throughput")
    }];
    let judgement = judge(&base, &can, &metrics, &CanarySettings::default()).unwrap();
    let metric = &judgement.metrics[0];
    assert_eq!(metric.classification, Classification::High);
    assert!(!metric.counted_against);
    assert_eq!(judgement.verdict, CanaryVerdict::Pass);
    assert!(metric
        .explanation()
        .starts_with("throughput: high (not counted: only a decrease counts): canary median 120"));
}

#[test]
fn a_significant_change_within_the_tolerance_passes() {
    let base = samples(&[("latency", around(100.0))]);
    let can = samples(&[("latency", around(104.0))]);
    let loose = CanarySettings {
        tolerance: 0.05,
        ..CanarySettings::default()
    };
    let judgement = judge(&base, &can, &[], &loose).unwrap();
    let metric = &judgement.metrics[0];
    assert!(metric.p_value.unwrap() < 0.05);
    assert_eq!(metric.classification, Classification::Pass);
    assert!(metric
        .explanation()
        .ends_with("; the change is within the tolerance of 5%"));
    // Without the tolerance the same samples are high.
    let judgement = judge(&base, &can, &[], &CanarySettings::default()).unwrap();
    assert_eq!(judgement.metrics[0].classification, Classification::High);
    assert_eq!(judgement.metrics[0].effect, Some(0.04));
}

#[test]
fn a_higher_confidence_needs_stronger_evidence() {
    // Three values each: the exact p-value can be no lower than 0.1.
    let base = samples(&[("latency", vec![100.0, 101.0, 102.0])]);
    let can = samples(&[("latency", vec![110.0, 111.0, 112.0])]);
    let ninety = CanarySettings {
        confidence: 0.85,
        ..CanarySettings::default()
    };
    let judgement = judge(&base, &can, &[], &ninety).unwrap();
    assert_eq!(judgement.metrics[0].p_value, Some(0.1));
    assert_eq!(judgement.metrics[0].method, Some("exact"));
    assert_eq!(judgement.metrics[0].classification, Classification::High);
    let judgement = judge(&base, &can, &[], &CanarySettings::default()).unwrap();
    assert_eq!(judgement.metrics[0].classification, Classification::Pass);
}

#[test]
fn a_critical_metric_that_does_not_pass_fails_the_canary() {
    let base = samples(&[
        ("errors", around(10.0)),
        ("a", around(1.0)),
        ("b", around(1.0)),
    ]);
    let can = samples(&[
        ("errors", around(20.0)),
        ("a", around(1.0)),
        ("b", around(1.0)),
    ]);
    let metrics = [
        CanaryMetric {
            critical: true,
            ..CanaryMetric::new("errors")
        },
        CanaryMetric::new("a"),
        CanaryMetric::new("b"),
    ];
    let judgement = judge(&base, &can, &metrics, &CanarySettings::default()).unwrap();
    assert_eq!(judgement.verdict, CanaryVerdict::Fail);
    assert_eq!(judgement.score, 0.0);
    assert_eq!(
        judgement.reason.as_deref(),
        Some("the critical metric 'errors' is high")
    );
}

#[test]
fn half_the_metrics_without_data_fail_the_canary() {
    let base = samples(&[("a", around(1.0)), ("b", around(1.0))]);
    let can = samples(&[("a", around(1.0))]);
    let judgement = judge(&base, &can, &[], &CanarySettings::default()).unwrap();
    assert_eq!(judgement.metrics[1].classification, Classification::Nodata);
    assert_eq!(
        judgement.metrics[1].explanation(),
        "b: nodata (the canary has no samples)"
    );
    assert_eq!(judgement.verdict, CanaryVerdict::Fail);
    assert_eq!(
        judgement.reason.as_deref(),
        Some("1 of 2 metrics have no data (the canary fails at 50% or more)")
    );
    // With a third metric, one without data of three is scored on the other two.
    let base = samples(&[("a", around(1.0)), ("b", around(1.0)), ("c", around(1.0))]);
    let can = samples(&[("a", around(1.0)), ("c", around(1.0))]);
    let judgement = judge(&base, &can, &[], &CanarySettings::default()).unwrap();
    assert_eq!(judgement.verdict, CanaryVerdict::Pass);
    assert_eq!(judgement.score, 100.0);
}

#[test]
fn an_slo_gives_the_weights_and_critical_metrics() {
    let slo = Slo::parse(
        "objectives:\n  - sli: p95\n    weight: 2\n    pass: [{criteria: ['<600']}]\n  - sli: errors\n    key_sli: true\n    pass: [{criteria: ['<1']}]\n  - sli: info\ntotal_score: {pass: 90%}\n",
    )
    .unwrap();
    let metrics = CanaryMetric::from_slo(&slo);
    assert_eq!(metrics.len(), 2);
    assert_eq!(
        (
            metrics[0].name.as_str(),
            metrics[0].weight,
            metrics[0].critical
        ),
        ("p95", 2.0, false)
    );
    assert_eq!(
        (metrics[1].name.as_str(), metrics[1].critical),
        ("errors", true)
    );
}

#[test]
fn reports_and_json_runs_accumulate_samples() {
    let runs = CanarySamples::from_json(
        r#"[{"p95": 410}, {"indicatorValues": [{"metric": "p95", "value": 420}, {"metric": "x", "value": 1, "success": false}]}]"#,
    )
    .unwrap();
    assert_eq!(runs.get("p95"), Some(&[410.0, 420.0][..]));
    assert_eq!(runs.get("x"), None);
}

#[test]
fn the_json_form_carries_every_number_and_explanation() {
    let base = samples(&[("latency", around(100.0))]);
    let can = samples(&[("latency", around(130.0))]);
    let judgement = judge(&base, &can, &[], &CanarySettings::default()).unwrap();
    let json: serde_json::Value = serde_json::from_str(&judgement.to_json()).unwrap();
    assert_eq!(json["result"], "fail");
    assert_eq!(json["score"], 0.0);
    let metric = &json["metrics"][0];
    assert_eq!(metric["classification"], "high");
    assert_eq!(metric["countedAgainst"], true);
    assert_eq!(metric["baseline"]["median"], 100.0);
    assert_eq!(metric["canary"]["count"], 10);
    assert_eq!(metric["method"], "asymptotic");
    assert_eq!(metric["explanation"], judgement.metrics[0].explanation());
    assert_eq!(json["settings"]["passThreshold"], 95.0);
    // Judging again gives the same result.
    assert_eq!(
        judge(&base, &can, &[], &CanarySettings::default()).unwrap(),
        judgement
    );
}
