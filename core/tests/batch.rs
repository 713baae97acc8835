//! `evaluate_many`: results in input order, equal to one-by-one evaluation, per-item errors,
//! the same on one thread as on many.

use slogate::{
    evaluate_many, evaluate_many_parsed, BatchItem, Error, ErrorCode, PreviousEvaluation,
    SliReport, Slo, Verdict,
};

const LATENCY: &str = "objectives:\n  - sli: p95\n    pass: [{criteria: ['<=+10%', '<600']}]\n    warning: [{criteria: ['<=800']}]\ntotal_score: {pass: 90%, warning: 50%}\n";
const ERRORS: &str = "objectives:\n  - sli: error_rate\n    key_sli: true\n    pass: [{criteria: ['<=0.01']}]\ntotal_score: {pass: 90%}\n";
const BROKEN: &str =
    "objectives:\n  - sli: p95\n    pass: [{criteria: ['<600ms']}]\ntotal_score: {pass: 90%}\n";

/// A history of one earlier evaluation of `LATENCY` at `p95`.
fn history(p95: f64) -> Vec<PreviousEvaluation> {
    let slo = Slo::parse(LATENCY).unwrap();
    let earlier = slo
        .evaluate(&SliReport::from_values([("p95", p95)]), &[])
        .unwrap();
    vec![PreviousEvaluation::new("build-1", earlier)]
}

#[test]
fn results_come_in_input_order_and_equal_one_by_one_evaluation() {
    let slos = [LATENCY, ERRORS];
    let values: Vec<SliReport> = (0..500)
        .map(|i| {
            SliReport::from_values([
                ("p95", f64::from(i) * 2.0),
                ("error_rate", f64::from(i % 7) / 300.0),
            ])
        })
        .collect();
    let histories: Vec<Vec<PreviousEvaluation>> =
        (0..500).map(|i| history(f64::from(i) * 1.9)).collect();
    let items: Vec<BatchItem<'_>> = values
        .iter()
        .zip(&histories)
        .enumerate()
        .map(|(i, (v, h))| BatchItem::new(i % 2, v, h))
        .collect();
    let results = evaluate_many(&slos, &items);
    assert_eq!(results.len(), items.len());
    let parsed = [Slo::parse(LATENCY).unwrap(), Slo::parse(ERRORS).unwrap()];
    let mut verdicts = std::collections::BTreeSet::new();
    for (item, result) in items.iter().zip(&results) {
        let expected = parsed[item.slo]
            .evaluate(item.values, item.history)
            .unwrap();
        let got = result.as_ref().unwrap();
        assert_eq!(got.to_json(), expected.to_json());
        verdicts.insert(got.result().as_str());
    }
    // The workload reaches every verdict, so a batch that scrambled items would be caught.
    assert_eq!(verdicts.len(), 3, "{verdicts:?}");
    assert_eq!(evaluate_many_parsed(&parsed, &items), results);
}

#[test]
fn one_bad_item_never_fails_the_others() {
    let slos = [LATENCY, BROKEN];
    let good = SliReport::from_values([("p95", 100.0)]);
    let nan = SliReport::from_values([("p95", f64::NAN)]);
    let items = [
        BatchItem::new(0, &good, &[]),
        BatchItem::new(1, &good, &[]),
        BatchItem::new(0, &nan, &[]),
        BatchItem::new(7, &good, &[]),
        BatchItem::new(0, &good, &[]),
        BatchItem::new(1, &good, &[]),
    ];
    let results = evaluate_many(&slos, &items);
    assert_eq!(results[0].as_ref().unwrap().result(), Verdict::Pass);
    assert_eq!(results[4].as_ref().unwrap().result(), Verdict::Pass);

    let refused = Slo::parse(BROKEN).unwrap_err();
    assert_eq!(results[1], Err(Error::Slo(refused.clone())));
    assert_eq!(results[5], Err(Error::Slo(refused)));

    let unscorable = Slo::parse(LATENCY)
        .unwrap()
        .evaluate(&nan, &[])
        .unwrap_err();
    assert_eq!(results[2], Err(Error::Evaluation(unscorable)));

    let missing = results[3].as_ref().unwrap_err();
    assert_eq!(missing.code(), ErrorCode::InvalidInput);
    assert_eq!(
        missing.to_string(),
        "items[3].slo: no SLO at index 7; the batch has 2 SLOs"
    );
}

#[test]
fn an_empty_batch_gives_no_results() {
    let slos: [&str; 0] = [];
    assert!(evaluate_many(&slos, &[]).is_empty());
}

#[test]
fn a_pool_of_one_thread_gives_the_same_results_as_the_default_pool() {
    let slos = [LATENCY];
    let values: Vec<SliReport> = (0..200)
        .map(|i| SliReport::from_values([("p95", f64::from(i) * 5.0)]))
        .collect();
    let items: Vec<BatchItem<'_>> = values.iter().map(|v| BatchItem::new(0, v, &[])).collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let single = pool.install(|| evaluate_many(&slos, &items));
    assert_eq!(single, evaluate_many(&slos, &items));
    assert_eq!(single.len(), 200);
}

const MODEL: &str = "\
extensions: slogate/v1
comparison: {compare_with: several_results, number_of_comparison_results: 5, include_result_with_score: all}
objectives:
  - sli: p95
    model: {kind: t_test, upper_boundary: 0.99, min_sample_size: 3, max_sample_size: 5}
  - sli: error_rate
    pass: [{criteria: ['<=+10%']}]
total_score: {pass: 90%}
";
const PINNED: &str = "extensions: slogate/v1\ncomparison: {pinned_baseline: build-9}\nobjectives:\n  - sli: p95\n    pass: [{criteria: ['<=+10%']}]\ntotal_score: {pass: 90%}\n";

/// Stored evaluations of `MODEL`, newest first.
fn model_history(p95: &[f64]) -> Vec<PreviousEvaluation> {
    let slo = Slo::parse(MODEL).unwrap();
    let mut stored: Vec<PreviousEvaluation> = Vec::new();
    for (i, value) in p95.iter().enumerate() {
        let evaluation = slo
            .evaluate(
                &SliReport::from_values([
                    ("p95", *value),
                    (
                        "error_rate",
                        0.01 + f64::from(u8::try_from(i).unwrap()) / 1000.0,
                    ),
                ]),
                &stored,
            )
            .unwrap();
        stored.insert(0, PreviousEvaluation::new(format!("build-{i}"), evaluation));
    }
    stored
}

#[test]
fn items_sharing_a_history_give_what_each_gives_alone() {
    // Many items hand over the same history slices, so their comparison basis is read once
    // and shared; each result must still be the item's own, errors included.
    let slos = [LATENCY, MODEL, PINNED];
    let latency = history(500.0);
    let model = model_history(&[500.0, 510.0, 490.0, 505.0, 495.0, 502.0]);
    let mut broken = history(500.0);
    broken[0].evaluation.evaluation.indicator_results[0]
        .value
        .as_mut()
        .unwrap()
        .value = f64::INFINITY;
    let mut errored = SliReport::from_values([("p95", 100.0)]);
    errored.status = slogate::ProviderStatus::Errored;
    let values: Vec<SliReport> = (0..60)
        .map(|i| {
            SliReport::from_values([
                ("p95", 480.0 + f64::from(i)),
                ("error_rate", 0.01 + f64::from(i % 5) / 500.0),
            ])
        })
        .collect();
    let mut items: Vec<BatchItem<'_>> = Vec::new();
    for (i, report) in values.iter().enumerate() {
        items.push(BatchItem::new(0, report, &latency));
        items.push(BatchItem::new(1, report, &model));
        items.push(BatchItem::new(i % 3, report, &broken));
        items.push(BatchItem::new(2, report, &latency));
        items.push(BatchItem::new(0, &errored, &broken));
    }
    let results = evaluate_many(&slos, &items);
    let parsed: Vec<Slo> = slos.iter().map(|s| Slo::parse(s).unwrap()).collect();
    let mut codes = std::collections::BTreeSet::new();
    let mut verdicts = std::collections::BTreeSet::new();
    for (item, result) in items.iter().zip(&results) {
        let alone = parsed[item.slo]
            .evaluate(item.values, item.history)
            .map_err(Error::from);
        assert_eq!(result, &alone);
        match result {
            Ok(evaluation) => verdicts.insert(evaluation.result().as_str()),
            Err(error) => codes.insert(error.code().as_str()),
        };
    }
    // Shared bases that fail (a non-finite stored value, a pinned evaluation that is not
    // there) and shared bases that score every verdict are all exercised.
    assert_eq!(
        codes.into_iter().collect::<Vec<_>>(),
        ["non_finite_value", "pinned_baseline_not_found"]
    );
    assert_eq!(verdicts.len(), 2, "{verdicts:?}");
    assert!(results
        .iter()
        .zip(&items)
        .any(|(r, item)| item.slo == 1 && r.as_ref().unwrap().indicators()[0].model.is_some()));
}
