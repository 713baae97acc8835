//! Parsing SLO text into an [`slogate::Slo`], for 10 to 10,000 objectives.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use slogate::Slo;
use slogate_benches::slo_yaml;

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for &objectives in &[10, 100, 1_000, 10_000] {
        let text = slo_yaml(objectives, 3);
        group.throughput(Throughput::Elements(objectives as u64));
        group.bench_with_input(BenchmarkId::from_parameter(objectives), &text, |b, text| {
            b.iter(|| Slo::parse(black_box(text)).expect("parses"));
        });
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
