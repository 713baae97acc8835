//! The `evaluate_many` workload, measured by the `batch` bench (the system allocator) and the
//! `batch_mimalloc` bench (mimalloc, as the command line uses).
//!
//! A batch of 1,000 items on the 100-objective workload with 10 stored results. Throughput is
//! counted in objective evaluations (items x objectives). `parsed` hands the core an SLO parsed
//! beforehand (`evaluate_many_parsed`); `text` hands it the SLO text, parsed once for the whole
//! batch (`evaluate_many`); `one_thread` runs `parsed` inside a rayon pool of one thread, the
//! figure to compare with for the gain of the second core. `columns` is the batch as a data
//! frame hands it over (`slogate::columns::evaluate_columns`): values as long columns and every
//! stored result as a JSON row, decoded newest first only as far as each basis needs.

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use slogate::columns::{evaluate_columns, ColumnBatch};
use slogate::{evaluate_many, evaluate_many_parsed, BatchItem};
use slogate_benches::Workload;

const ITEMS: usize = 1_000;
const ITEMS_U32: u32 = 1_000;

/// Every variant, in a group named after the workload and `allocator`.
pub fn batch(c: &mut Criterion, allocator: &str) {
    let w = Workload::new(100, 10);
    let items: Vec<BatchItem<'_>> = (0..ITEMS)
        .map(|_| BatchItem::new(0, &w.report, &w.history))
        .collect();
    let parsed = [w.slo.clone()];
    let texts = [w.slo_yaml.as_str()];
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a pool of one thread");

    let mut group = c.benchmark_group(format!("evaluate_many/{ITEMS}x{}{allocator}", w.label()));
    group.throughput(Throughput::Elements((ITEMS * w.objectives) as u64));
    group.bench_function("parsed", |b| {
        b.iter(|| evaluate_many_parsed(black_box(&parsed), black_box(&items)));
    });
    group.bench_function("text", |b| {
        b.iter(|| evaluate_many(black_box(&texts), black_box(&items)));
    });
    // The same batch as columns: one row per item and metric, ten stored rows per item.
    let metric_names: Vec<&str> = w
        .report
        .indicator_values
        .iter()
        .map(|v| v.metric.as_str())
        .collect();
    let per_item = metric_names.len();
    let item_names: Vec<String> = (0..ITEMS).map(|i| format!("service-{i}")).collect();
    let item_names: Vec<&str> = item_names.iter().map(String::as_str).collect();
    let row_item: Vec<u32> = (0..ITEMS_U32)
        .flat_map(|i| std::iter::repeat_n(i, per_item))
        .collect();
    let row_metric: Vec<u32> = (0..ITEMS)
        .flat_map(|_| 0..u32::try_from(per_item).expect("a few metrics"))
        .collect();
    let values: Vec<f64> = (0..ITEMS)
        .flat_map(|_| w.report.indicator_values.iter().map(|v| v.value))
        .collect();
    let stored: Vec<String> = w
        .history
        .iter()
        .rev()
        .map(slogate::PreviousEvaluation::to_json)
        .collect();
    let history_item: Vec<u32> = (0..ITEMS_U32)
        .flat_map(|i| std::iter::repeat_n(i, stored.len()))
        .collect();
    let history: Vec<&str> = (0..ITEMS)
        .flat_map(|_| stored.iter().map(String::as_str))
        .collect();
    let columns = ColumnBatch {
        items: &item_names,
        slo_names: &["default"],
        row_item: &row_item,
        row_slo: &vec![0u32; row_item.len()],
        row_metric: &row_metric,
        metric_names: &metric_names,
        values: &values,
        history_item: &history_item,
        history: &history,
    };
    group.bench_function("columns", |b| {
        b.iter(|| evaluate_columns(black_box(&parsed), black_box(&columns)));
    });
    group.bench_function("one_thread", |b| {
        b.iter(|| {
            one_thread.install(|| evaluate_many_parsed(black_box(&parsed), black_box(&items)))
        });
    });
    group.finish();
}
