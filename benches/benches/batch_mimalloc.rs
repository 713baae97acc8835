//! `evaluate_many` with mimalloc as the global allocator, as the `slogate` command line runs
//! it: a batch allocates its results on the pool's threads and the caller frees them, which
//! the system allocator handles far more slowly. The workload is the `batch` bench's
//! (`shared/batch.rs`).

use criterion::{criterion_group, criterion_main, Criterion};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "shared/batch.rs"]
mod workload;

fn batch(c: &mut Criterion) {
    workload::batch(c, "/mimalloc");
}

criterion_group!(benches, batch);
criterion_main!(benches);
