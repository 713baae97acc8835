//! The whole path a service takes: SLO text, SLI JSON and history JSON in, result JSON out
//! ([`slogate::evaluate_json`]), and the steps it is made of besides evaluation.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use slogate::{PreviousEvaluation, SliReport};
use slogate_benches::{Workload, SIZES};

fn whole_path(c: &mut Criterion) {
    let workloads: Vec<Workload> = SIZES.iter().map(|&(o, h)| Workload::new(o, h)).collect();

    let mut group = c.benchmark_group("evaluate_json");
    for w in &workloads {
        group.throughput(Throughput::Elements(w.objectives as u64));
        group.bench_with_input(BenchmarkId::from_parameter(w.label()), w, |b, w| {
            b.iter(|| {
                slogate::evaluate_json(
                    black_box(&w.slo_yaml),
                    black_box(&w.sli_json),
                    black_box(&w.history_json),
                )
                .expect("evaluates")
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("decode_history");
    for w in &workloads {
        group.throughput(Throughput::Elements(
            (w.objectives * w.history.len()) as u64,
        ));
        group.bench_with_input(BenchmarkId::from_parameter(w.label()), w, |b, w| {
            b.iter(|| {
                PreviousEvaluation::list_from_json(black_box(&w.history_json)).expect("decodes")
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("decode_sli");
    for w in &workloads {
        group.throughput(Throughput::Elements(w.objectives as u64));
        group.bench_with_input(BenchmarkId::from_parameter(w.label()), w, |b, w| {
            b.iter(|| SliReport::from_json(black_box(&w.sli_json)).expect("decodes"));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("result_to_json");
    for w in &workloads {
        let evaluation = w.slo.evaluate(&w.report, &w.history).expect("evaluates");
        group.throughput(Throughput::Elements(w.objectives as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(w.label()),
            &evaluation,
            |b, e| {
                b.iter(|| black_box(e).to_json());
            },
        );
    }
    group.finish();
}

criterion_group!(benches, whole_path);
criterion_main!(benches);
