//! The heatmap report of 200 stored evaluations by 50 SLIs: laying out the grid and writing
//! the HTML page and the Markdown table. The page's size is printed once and must stay under a
//! megabyte (`core/tests/heatmap.rs` checks that too).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use slogate::{Heatmap, HeatmapOptions};
use slogate_benches::Workload;

const SLIS: usize = 50;
const EVALUATIONS: usize = 200;

fn report(c: &mut Criterion) {
    let w = Workload::new(SLIS, EVALUATIONS);
    let options = HeatmapOptions::default();
    let page = slogate::report_html(&w.history, Some(&w.slo), &options).expect("renders");
    assert!(page.len() < 1_000_000, "the page is {} bytes", page.len());
    eprintln!(
        "report/{}: the HTML page is {} bytes ({} cells)",
        w.label(),
        page.len(),
        EVALUATIONS * (SLIS + 1)
    );
    let mut group = c.benchmark_group("report");
    group.throughput(Throughput::Elements((EVALUATIONS * (SLIS + 1)) as u64));
    group.bench_with_input(BenchmarkId::new("html", w.label()), &w, |b, w| {
        b.iter(|| slogate::report_html(black_box(&w.history), Some(&w.slo), &options));
    });
    group.bench_with_input(BenchmarkId::new("markdown", w.label()), &w, |b, w| {
        b.iter(|| slogate::report_markdown(black_box(&w.history), Some(&w.slo), &options));
    });
    let heatmap = Heatmap::new(&w.history, Some(&w.slo), &options).expect("lays out");
    group.bench_function(BenchmarkId::new("layout", w.label()), |b| {
        b.iter(|| Heatmap::new(black_box(&w.history), Some(&w.slo), &options));
    });
    group.bench_function(BenchmarkId::new("to_html", w.label()), |b| {
        b.iter(|| black_box(&heatmap).to_html());
    });
    group.finish();
}

criterion_group!(benches, report);
criterion_main!(benches);
