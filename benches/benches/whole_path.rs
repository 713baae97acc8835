//! The whole path a service takes: SLO text, SLI JSON and history JSON in, result JSON out
//! ([`slogate::evaluate_json`]), and the steps it is made of besides evaluation; and the
//! workloads timed side by side with Keptn's evaluation (`keptn_workloads`, read from the
//! files in `target/keptn-workloads`, written there by the generator when missing).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use slogate::Slo;
use slogate::{PreviousEvaluation, SliReport};
use slogate_benches::keptn::{workload_file, KeptnCase, KEPTN_SIZES};
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

/// The side-by-side workloads: parse + decode + evaluate with every stored result and with
/// the basis only, evaluation alone, and the whole path with JSON out, each way.
fn keptn_workloads(c: &mut Criterion) {
    let mut group = c.benchmark_group("keptn_workloads");
    for &(objectives, stored) in KEPTN_SIZES {
        let path = workload_file(objectives, stored).expect("writes the workload file");
        let case = KeptnCase::read(&path).expect("reads the workload file");
        let label = case.label(objectives);
        let decode = |b: &mut criterion::Bencher, history: &String| {
            b.iter(|| {
                let slo = Slo::parse(black_box(&case.slo_yaml)).expect("parses");
                let report = SliReport::from_json(black_box(&case.sli_json)).expect("decodes");
                slo.evaluate_stored_json(&report, black_box(history))
                    .expect("evaluates")
            });
        };
        let json = |b: &mut criterion::Bencher, history: &String| {
            b.iter(|| {
                slogate::evaluate_json(
                    black_box(&case.slo_yaml),
                    black_box(&case.sli_json),
                    black_box(history),
                )
                .expect("evaluates")
            });
        };
        group.throughput(Throughput::Elements(objectives as u64));
        group.bench_with_input(
            BenchmarkId::new("decode_all", &label),
            &case.history_json,
            decode,
        );
        group.bench_with_input(
            BenchmarkId::new("decode_basis", &label),
            &case.basis_json,
            decode,
        );
        let slo = Slo::parse(&case.slo_yaml).expect("parses");
        let report = SliReport::from_json(&case.sli_json).expect("decodes");
        let basis = PreviousEvaluation::list_from_json(&case.basis_json).expect("decodes");
        group.bench_function(BenchmarkId::new("evaluate", &label), |b| {
            b.iter(|| {
                slo.evaluate(black_box(&report), black_box(&basis))
                    .expect("evaluates")
            });
        });
        group.bench_with_input(
            BenchmarkId::new("json_all", &label),
            &case.history_json,
            json,
        );
        group.bench_with_input(
            BenchmarkId::new("json_basis", &label),
            &case.basis_json,
            json,
        );
    }
    group.finish();
}

/// What stored results cost beyond the comparison basis: the same SLO (parsed beforehand) and
/// values with 30 and with 1,000 stored results, of which the basis is the newest three.
fn stored_depth(c: &mut Criterion) {
    let mut group = c.benchmark_group("stored_depth");
    for stored in [30, 1_000] {
        let path = workload_file(100, stored).expect("writes the workload file");
        let case = KeptnCase::read(&path).expect("reads the workload file");
        let slo = Slo::parse(&case.slo_yaml).expect("parses");
        let report = SliReport::from_json(&case.sli_json).expect("decodes");
        group.bench_function(BenchmarkId::from_parameter(case.label(100)), |b| {
            b.iter(|| {
                slo.evaluate_stored_json(black_box(&report), black_box(&case.history_json))
                    .expect("evaluates")
            });
        });
    }
    group.finish();
}

criterion_group!(benches, whole_path, keptn_workloads, stored_depth);
criterion_main!(benches);
