//! Writes one benchmark workload as files, for the Python and Node benchmarks to load the
//! very bytes the Rust benchmarks measure.
//!
//! `cargo run --release -p slogate-benches --example export_workload -- OBJECTIVES HISTORY DIR`
//! writes `DIR/slo.yaml`, `DIR/sli.json` and `DIR/history.json`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [objectives, history, dir] = args.as_slice() else {
        eprintln!("usage: export_workload OBJECTIVES HISTORY DIR");
        return ExitCode::from(2);
    };
    let (Ok(objectives), Ok(history)) = (objectives.parse::<usize>(), history.parse::<usize>())
    else {
        eprintln!("OBJECTIVES and HISTORY must be whole numbers");
        return ExitCode::from(2);
    };
    let dir = PathBuf::from(dir);
    let workload = slogate_benches::Workload::new(objectives, history);
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(dir.join("slo.yaml"), &workload.slo_yaml))
        .and_then(|()| std::fs::write(dir.join("sli.json"), &workload.sli_json))
        .and_then(|()| std::fs::write(dir.join("history.json"), &workload.history_json));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot write {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
