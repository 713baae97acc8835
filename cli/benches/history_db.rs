//! History lookups per second through the `slogate` binary: one `eval` of the example SLO
//! against a history of 10 and of 100,000 stored evaluations, kept in a JSON Lines file, in
//! SQLite and (when `SLOGATE_BENCH_POSTGRES` holds a connection URL to an empty database) in
//! PostgreSQL. Each iteration is a whole process: start, open the store, read the comparison
//! basis, evaluate, print. The history's length should not show.
//!
//! `cargo bench -p slogate-cli --bench history_db -- --quick`

use std::fs;
use std::path::Path;
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion};

const EXE: &str = env!("CARGO_BIN_EXE_slogate");

fn examples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

fn slogate(dir: &Path, args: &[&str]) {
    let out = Command::new(EXE)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("slogate runs");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A history file of `count` stored evaluations made from the example's newest one.
fn history_file(dir: &Path, count: usize) -> String {
    let text = fs::read_to_string(examples().join("history.jsonl")).expect("the example history");
    let line = text.lines().last().expect("a stored evaluation");
    let mut history = String::with_capacity(line.len() * count);
    for n in 0..count {
        history.push_str(&line.replace("\"build-104\"", &format!("\"b{n}\"")));
        history.push('\n');
    }
    let name = format!("history-{count}.jsonl");
    fs::write(dir.join(&name), history).expect("the history is written");
    name
}

fn lookups(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let dir = dir.path();
    for name in ["slo.yaml", "sli-good.json"] {
        fs::copy(examples().join(name), dir.join(name)).expect("the example is copied");
    }
    let postgres = std::env::var("SLOGATE_BENCH_POSTGRES").ok();
    let mut group = c.benchmark_group("history_lookup");
    group.sample_size(20);
    for count in [10, 100_000] {
        let file = history_file(dir, count);
        let sqlite = format!(
            "sqlite:{}",
            dir.join(format!("history-{count}.db")).display()
        );
        let mut stores = vec![("file", file.clone()), ("sqlite", sqlite)];
        if let Some(url) = &postgres {
            stores.push(("postgres", url.clone()));
        }
        let service = format!("bench-{count}");
        for (kind, store) in stores {
            let mut args = vec![
                "eval",
                "--slo",
                "slo.yaml",
                "--sli",
                "sli-good.json",
                "--history",
                &store,
                "--format",
                "json",
            ];
            if kind != "file" {
                slogate(
                    dir,
                    &[
                        "history",
                        "import",
                        &file,
                        "--history",
                        &store,
                        "--service",
                        &service,
                    ],
                );
                args.extend(["--service", &service]);
            }
            group.bench_function(format!("{kind}/{count}"), |b| {
                b.iter(|| slogate(dir, &args));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, lookups);
criterion_main!(benches);
