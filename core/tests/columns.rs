//! Batches in columns give exactly the results of the same batch given as items, refuse
//! columns that do not fit together, and keep each item's errors to itself.

use slogate::columns::{evaluate_columns, ColumnBatch};
use slogate::{evaluate_many_parsed, BatchItem, PreviousEvaluation, SliReport, Slo, Verdict};

const RELATIVE: &str = "\
comparison: {compare_with: several_results, number_of_comparison_results: 2}
objectives:
  - sli: p95
    pass: [{criteria: ['<=+10%', '<600']}]
    warning: [{criteria: ['<=800']}]
  - sli: errors
    key_sli: true
    pass: [{criteria: ['<=0.01']}]
  - sli: cpu
total_score: {pass: 90%, warning: 60%}
";
const FIXED: &str = "\
objectives:
  - sli: p95
    pass: [{criteria: ['<500']}]
total_score: {pass: 90%}
";

fn slos() -> Vec<Slo> {
    vec![Slo::parse(RELATIVE).unwrap(), Slo::parse(FIXED).unwrap()]
}

/// A small deterministic pseudo-random sequence.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn columns_score_exactly_as_items_do() {
    let slos = slos();
    let names = ["p95", "errors", "cpu"];
    let mut random = Lcg(7);
    let (mut item_slo, mut row_item, mut row_metric, mut values) = (vec![], vec![], vec![], vec![]);
    let (mut item_names, mut row_slo) = (vec![], vec![]);
    let (mut history_item, mut history) = (vec![], vec![]);
    let mut reports = vec![];
    let mut histories: Vec<Vec<PreviousEvaluation>> = vec![];
    for item in 0..200u32 {
        let slo = item % 2;
        item_slo.push(slo);
        item_names.push(format!("service-{item}"));
        let metrics: &[u32] = if slo == 0 { &[0, 1, 2] } else { &[0] };
        let mut pairs = vec![];
        for &m in metrics {
            let value = match m {
                0 => 300.0 + 500.0 * random.next(),
                1 => 0.02 * random.next(),
                _ => 100.0 * random.next(),
            };
            row_item.push(item);
            row_slo.push(slo);
            row_metric.push(m);
            values.push(value);
            pairs.push((names[m as usize], value));
        }
        reports.push(SliReport::from_values(pairs.clone()));
        // Up to three stored evaluations, oldest first, made by scoring shifted values.
        let mut stored: Vec<PreviousEvaluation> = vec![];
        for n in 0..(item % 4) {
            let shifted = SliReport::from_values(
                pairs
                    .iter()
                    .map(|&(k, v)| (k, v * (0.9 + 0.05 * f64::from(n)))),
            );
            let newest_first: Vec<PreviousEvaluation> = stored.iter().rev().cloned().collect();
            let evaluation = slos[slo as usize]
                .evaluate(&shifted, &newest_first)
                .unwrap();
            let previous = PreviousEvaluation::new(format!("i{item}-{n}"), evaluation);
            history_item.push(item);
            history.push(previous.to_json());
            stored.push(previous);
        }
        stored.reverse();
        histories.push(stored);
    }
    let history: Vec<&str> = history.iter().map(String::as_str).collect();
    let item_names: Vec<&str> = item_names.iter().map(String::as_str).collect();
    let batch = ColumnBatch {
        items: &item_names,
        slo_names: &SLO_NAMES,
        row_item: &row_item,
        row_slo: &row_slo,
        row_metric: &row_metric,
        metric_names: &names,
        values: &values,
        history_item: &history_item,
        history: &history,
    };
    let columns = evaluate_columns(&slos, &batch).unwrap();
    let items: Vec<BatchItem<'_>> = (0..200)
        .map(|i| BatchItem::new(item_slo[i] as usize, &reports[i], &histories[i]))
        .collect();
    let expected = evaluate_many_parsed(&slos, &items);
    assert_eq!(columns.result.len(), 200);
    let mut verdicts = std::collections::HashSet::new();
    for (i, evaluation) in expected.iter().enumerate() {
        let evaluation = evaluation.as_ref().unwrap();
        verdicts.insert(evaluation.result());
        assert_eq!(columns.result[i], Some(evaluation.result()), "item {i}");
        assert_eq!(columns.score[i], evaluation.score(), "item {i}");
        assert_eq!(columns.error[i], None);
        let (start, end) = (
            columns.objective_offsets[i] as usize,
            columns.objective_offsets[i + 1] as usize,
        );
        let statuses: Vec<&str> = evaluation
            .indicators()
            .iter()
            .map(|r| r.status.as_str())
            .collect();
        assert_eq!(
            columns.objective_status[start..end],
            statuses[..],
            "item {i}"
        );
        for (k, result) in evaluation.indicators().iter().enumerate() {
            let value = result.value.as_ref().unwrap();
            assert_eq!(columns.objective_sli[start + k], value.metric);
            assert_eq!(columns.objective_value[start + k], value.value);
        }
    }
    assert_eq!(verdicts.len(), 3, "the batch covers pass, warning and fail");
}

const ITEMS: [&str; 3] = ["carts", "orders", "users"];
const SLO_NAMES: [&str; 2] = ["relative", "fixed"];

/// A batch of `items` of the first `ITEMS` over the two SLOs of `slos()`.
#[allow(clippy::too_many_arguments)]
fn batch<'a>(
    items: usize,
    row_item: &'a [u32],
    row_slo: &'a [u32],
    row_metric: &'a [u32],
    values: &'a [f64],
    history_item: &'a [u32],
    history: &'a [&'a str],
) -> ColumnBatch<'a, &'a str> {
    ColumnBatch {
        items: &ITEMS[..items],
        slo_names: &SLO_NAMES,
        row_item,
        row_slo,
        row_metric,
        metric_names: &["p95", "errors", "cpu"],
        values,
        history_item,
        history,
    }
}

#[test]
fn columns_that_do_not_fit_together_are_refused() {
    let slos = slos();
    let cases: [(ColumnBatch<'_, &str>, &str); 9] = [
        (
            batch(1, &[0, 0], &[0, 0], &[0], &[1.0, 2.0], &[], &[]),
            "row_metric: row_metric has 1 rows and row_item has 2; every measurement row needs both",
        ),
        (
            batch(1, &[0, 0], &[0], &[0, 0], &[1.0, 2.0], &[], &[]),
            "row_slo: row_slo has 1 rows and row_item has 2; every measurement row needs both",
        ),
        (
            batch(1, &[0], &[2], &[0], &[1.0], &[], &[]),
            "row_slo[0]: SLO 2 does not exist; there are 2",
        ),
        (
            batch(1, &[0, 1], &[0, 0], &[0, 0], &[1.0, 2.0], &[], &[]),
            "row_item[1]: item 1 does not exist; there is 1",
        ),
        (
            batch(1, &[0], &[0], &[3], &[1.0], &[], &[]),
            "row_metric[0]: metric 3 does not exist; there are 3",
        ),
        (
            batch(1, &[0], &[0], &[0], &[1.0], &[0], &[]),
            "history: history has 0 rows and history_item has 1; every history row needs both",
        ),
        (
            batch(2, &[0, 1, 1, 0], &[1, 0, 0, 0], &[0, 0, 1, 1], &[1.0; 4], &[], &[]),
            "row_slo[3]: 'carts' names two SLOs: 'fixed' at row 0 and 'relative' at row 3; every row of an item names the same SLO",
        ),
        (
            batch(3, &[0, 2], &[0, 0], &[0, 0], &[1.0; 2], &[], &[]),
            "items[1]: 'orders' has no measurement rows, so no SLO; every item needs a row",
        ),
        (
            ColumnBatch {
                slo_names: &SLO_NAMES[..1],
                ..batch(1, &[0], &[0], &[0], &[1.0], &[], &[])
            },
            "slo_names: slo_names has 1 names for 2 SLOs; every SLO needs one",
        ),
    ];
    for (case, message) in cases {
        let error = evaluate_columns(&slos, &case).unwrap_err();
        assert_eq!(error.to_string(), message);
        assert_eq!(error.code().as_str(), "invalid_input");
    }
}

#[test]
fn an_item_error_stays_with_its_item_and_history_is_read_lazily() {
    let slos = slos();
    let good = PreviousEvaluation::new(
        "h1",
        slos[1]
            .evaluate(&SliReport::from_values([("p95", 400.0)]), &[])
            .unwrap(),
    )
    .to_json();
    // Item 0 repeats a metric; item 1 has an unreadable stored evaluation in its basis; item 2
    // has one only behind a complete basis (single result: the newest), never decoded.
    let first_slo = "comparison: {compare_with: single_result}\nobjectives:\n  - sli: p95\n    pass: [{criteria: ['<=+10%']}]\ntotal_score: {pass: 90%}\n";
    let slos = vec![Slo::parse(first_slo).unwrap()];
    let history = ["{not json", &good];
    let columns = evaluate_columns(
        &slos,
        &ColumnBatch {
            slo_names: &SLO_NAMES[..1],
            ..batch(
                3,
                &[0, 0, 1, 2],
                &[0, 0, 0, 0],
                &[0, 0, 0, 0],
                &[1.0, 2.0, 410.0, 410.0],
                &[1, 2, 2],
                &[history[0], history[0], history[1]],
            )
        },
    )
    .unwrap();
    assert_eq!(columns.result, [None, None, Some(Verdict::Pass)]);
    assert_eq!(columns.error_code[0], Some("duplicate_indicator_value"));
    assert_eq!(columns.error_code[1], Some("invalid_json"));
    assert!(
        columns.error[1]
            .as_deref()
            .unwrap()
            .starts_with("history[0]"),
        "{:?}",
        columns.error[1]
    );
    assert_eq!(columns.objective_offsets, [0, 0, 0, 1]);
    assert!(columns.score[0].is_nan());
}
