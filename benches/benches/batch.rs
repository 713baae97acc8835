//! `evaluate_many`: a fleet of services gated in one call, over every core.
//!
//! A batch of 1,000 items on the 100-objective workload with 10 stored results. Throughput is
//! counted in objective evaluations (items x objectives). `parsed` hands the core an SLO parsed
//! beforehand (`evaluate_many_parsed`); `text` hands it the SLO text, parsed once for the whole
//! batch (`evaluate_many`); `one_thread` runs `parsed` inside a rayon pool of one thread, the
//! figure to compare with for the gain of the second core.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use slogate::{evaluate_many, evaluate_many_parsed, BatchItem};
use slogate_benches::Workload;

const ITEMS: usize = 1_000;

fn batch(c: &mut Criterion) {
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

    let mut group = c.benchmark_group(format!("evaluate_many/{ITEMS}x{}", w.label()));
    group.throughput(Throughput::Elements((ITEMS * w.objectives) as u64));
    group.bench_function("parsed", |b| {
        b.iter(|| evaluate_many_parsed(black_box(&parsed), black_box(&items)));
    });
    group.bench_function("text", |b| {
        b.iter(|| evaluate_many(black_box(&texts), black_box(&items)));
    });
    group.bench_function("one_thread", |b| {
        b.iter(|| {
            one_thread.install(|| evaluate_many_parsed(black_box(&parsed), black_box(&items)))
        });
    });
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
