//! `slogate eval --history` on a history of 10 and of 1,000,000 stored evaluations: the CLI
//! reads the file from its end and stops once the comparison basis is complete, so both cost
//! about the same. Runs the release binary (`cargo build --release -p slogate-cli`; set
//! `SLOGATE_BIN` to use another).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

const SLO: &str = "comparison: {compare_with: several_results, number_of_comparison_results: 3}
objectives:
  - sli: p95
    pass: [{criteria: ['<=+10%', '<600']}]
total_score: {pass: 90%}
";

fn binary() -> PathBuf {
    std::env::var_os("SLOGATE_BIN").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/slogate"),
        PathBuf::from,
    )
}

fn slogate(dir: &Path, args: &[&str]) -> std::process::Output {
    let bin = binary();
    let output = Command::new(&bin)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} ({e}); build it with cargo build --release -p slogate-cli",
                bin.display()
            )
        });
    assert!(output.status.code().is_some_and(|c| c < 2), "{output:?}");
    output
}

/// A history of `records` stored evaluations, oldest first: small results of old builds, and
/// ten real ones recorded by the CLI at its end.
fn history(dir: &Path, records: usize) -> String {
    let name = format!("history-{records}.jsonl");
    let mut text = String::with_capacity(records * 80);
    for n in 0..records.saturating_sub(10) {
        let _ = writeln!(
            text,
            r#"{{"id":"old-{n}","result":"pass","evaluation":{{"result":"pass","score":100}}}}"#
        );
    }
    std::fs::write(dir.join(&name), text).expect("the history is written");
    for n in 0..records.min(10) {
        std::fs::write(dir.join("sli.json"), format!("{{\"p95\": {}}}", 400 + n)).unwrap();
        let id = format!("build-{n}");
        slogate(
            dir,
            &[
                "eval",
                "--slo",
                "slo.yaml",
                "--sli",
                "sli.json",
                "--history",
                &name,
                "--record",
                "--id",
                &id,
                "--format",
                "json",
            ],
        );
    }
    name
}

fn eval_with_history(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("slogate-bench-history-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    std::fs::write(dir.join("slo.yaml"), SLO).unwrap();
    let files: Vec<(usize, String)> = [10, 1_000_000]
        .into_iter()
        .map(|records| (records, history(&dir, records)))
        .collect();
    std::fs::write(dir.join("sli.json"), r#"{"p95": 410}"#).unwrap();

    let mut group = c.benchmark_group("cli_eval_history");
    group.sample_size(20);
    for (records, name) in &files {
        group.bench_with_input(BenchmarkId::from_parameter(records), name, |b, name| {
            b.iter(|| {
                slogate(
                    &dir,
                    &[
                        "eval",
                        "--slo",
                        "slo.yaml",
                        "--sli",
                        "sli.json",
                        "--history",
                        name,
                        "--format",
                        "json",
                    ],
                )
            });
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, eval_with_history);
criterion_main!(benches);
