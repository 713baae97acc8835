//! `evaluate_many`: a fleet of services gated in one call, over every core, with the system
//! allocator. The workload and its variants are in `shared/batch.rs`.

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "shared/batch.rs"]
mod workload;

fn batch(c: &mut Criterion) {
    workload::batch(c, "");
}

criterion_group!(benches, batch);
criterion_main!(benches);
