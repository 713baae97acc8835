//! Parsing SLO text into an [`slogate::Slo`], for 10 to 10,000 objectives; and, in bytes per
//! second, the SLOs of the side-by-side workloads, next to what the YAML parser alone takes to
//! produce its events for the same text (the floor of any reader built on it).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use slogate::Slo;
use slogate_benches::slo_yaml;
use yaml_rust2::parser::{Event, Parser};

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

    let texts: Vec<(usize, String)> = [10, 100, 1_000]
        .iter()
        .map(|&n| (n, slogate_benches::keptn::slo_yaml(n)))
        .collect();
    let mut group = c.benchmark_group("parse_bytes");
    for (objectives, text) in &texts {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("slo", objectives), text, |b, text| {
            b.iter(|| Slo::parse(black_box(text)).expect("parses"));
        });
        group.bench_with_input(
            BenchmarkId::new("yaml_events", objectives),
            text,
            |b, text| {
                b.iter(|| {
                    let mut parser = Parser::new_from_str(black_box(text));
                    let mut events = 0usize;
                    loop {
                        match parser.next_token().expect("reads") {
                            (Event::StreamEnd, _) => break events,
                            (event, _) => {
                                black_box(event);
                                events += 1;
                            }
                        }
                    }
                });
            },
        );
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
