//! Evaluation alone: an already-parsed SLO against already-decoded values and history.
//!
//! Throughput is counted in objectives, so criterion's per-element time shows whether the
//! cost per objective stays flat from 100 to 10,000 objectives.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use slogate_benches::{Workload, SIZES};

fn evaluate(c: &mut Criterion) {
    let mut group = c.benchmark_group("evaluate");
    // The target sizes; then 100 objectives with the same 30 previous results as the large
    // sizes, and 100 to 10,000 objectives with 3, so time per objective compares at a fixed
    // history length, also where the history fits in the processor's caches.
    let sizes = SIZES
        .iter()
        .copied()
        .chain([(100, 30), (100, 3), (1_000, 3), (10_000, 3)]);
    for (objectives, history) in sizes {
        let w = Workload::new(objectives, history);
        group.throughput(Throughput::Elements(objectives as u64));
        group.bench_with_input(BenchmarkId::from_parameter(w.label()), &w, |b, w| {
            b.iter(|| {
                w.slo
                    .evaluate(black_box(&w.report), black_box(&w.history))
                    .expect("evaluates")
            });
        });
    }
    group.finish();
}

criterion_group!(benches, evaluate);
criterion_main!(benches);
