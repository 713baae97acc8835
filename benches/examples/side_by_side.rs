//! Times slogate on a workload file in Keptn's shapes, the way Keptn's evaluation program
//! times itself, so that `benches/side-by-side` can alternate the two on the same bytes.
//!
//! ```sh
//! side_by_side gen OBJECTIVES STORED > w.json     # write a workload (slogate_benches::keptn)
//! side_by_side time w.json [REPEATS [WARMUP]]     # medians of every path, in microseconds
//! ```
//!
//! The paths run round-robin, one run of each per round, so drift in the machine's speed
//! affects them alike. Each line of `time` reads `path median p25 p75 min` (microseconds):
//!
//! - `decode_all`: parse the SLO, decode the SLI data, evaluate with the JSON array of every
//!   stored result ([`slogate::Slo::evaluate_stored_json`]: only the basis is decoded in full);
//! - `decode_basis`: the same, handed only the stored results the SLO compares with;
//! - `evaluate`: evaluation only, on parsed and decoded inputs;
//! - `json_all`: [`slogate::evaluate_json`] with every stored result (result JSON out);
//! - `json_basis`: the same, handed the basis only.

use std::hint::black_box;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use slogate::{PreviousEvaluation, SliReport, Slo};
use slogate_benches::keptn::{case_json, KeptnCase};

fn decode_and_evaluate(case: &KeptnCase, history: &str) -> Result<(), String> {
    let slo = Slo::parse(&case.slo_yaml).map_err(|e| e.to_string())?;
    let report = SliReport::from_json(&case.sli_json).map_err(|e| e.to_string())?;
    black_box(
        slo.evaluate_stored_json(&report, history)
            .map_err(|e| e.to_string())?,
    );
    Ok(())
}

fn whole_path(case: &KeptnCase, history: &str) -> Result<(), String> {
    black_box(
        slogate::evaluate_json(&case.slo_yaml, &case.sli_json, history)
            .map_err(|e| e.to_string())?,
    );
    Ok(())
}

/// One path being timed.
type Run<'a> = Box<dyn Fn() -> Result<(), String> + 'a>;

fn time(path: &Path, repeats: usize, warmup: usize) -> Result<(), String> {
    let case = KeptnCase::read(path)?;
    let slo = Slo::parse(&case.slo_yaml).map_err(|e| e.to_string())?;
    let report = SliReport::from_json(&case.sli_json).map_err(|e| e.to_string())?;
    let basis = PreviousEvaluation::list_from_json(&case.basis_json).map_err(|e| e.to_string())?;
    let paths: Vec<(&str, Run)> = vec![
        (
            "decode_all",
            Box::new(|| decode_and_evaluate(&case, &case.history_json)),
        ),
        (
            "decode_basis",
            Box::new(|| decode_and_evaluate(&case, &case.basis_json)),
        ),
        (
            "evaluate",
            Box::new(|| {
                black_box(slo.evaluate(&report, &basis).map_err(|e| e.to_string())?);
                Ok(())
            }),
        ),
        (
            "json_all",
            Box::new(|| whole_path(&case, &case.history_json)),
        ),
        (
            "json_basis",
            Box::new(|| whole_path(&case, &case.basis_json)),
        ),
    ];
    let mut samples = vec![Vec::with_capacity(repeats); paths.len()];
    for round in 0..warmup + repeats {
        for ((_, run), taken) in paths.iter().zip(&mut samples) {
            let start = Instant::now();
            run()?;
            let elapsed = start.elapsed();
            if round >= warmup {
                taken.push(elapsed);
            }
        }
    }
    println!(
        "{}: {} objectives, {} stored results, {} in the basis; {repeats} repeats (+{warmup} warm-up)",
        path.display(),
        slo.objectives().len(),
        case.stored,
        case.basis
    );
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    for ((name, _), taken) in paths.iter().zip(&mut samples) {
        taken.sort();
        let n = taken.len();
        let median = if n % 2 == 1 {
            us(taken[n / 2])
        } else {
            f64::midpoint(us(taken[n / 2 - 1]), us(taken[n / 2]))
        };
        println!(
            "{name} {median:.1} {:.1} {:.1} {:.1}",
            us(taken[n / 4]),
            us(taken[3 * n / 4]),
            us(taken[0])
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |text: Option<&String>, default: usize| -> Result<usize, String> {
        text.map_or(Ok(default), |t| {
            t.parse().map_err(|_| format!("not a whole number: {t}"))
        })
    };
    let outcome = match args.first().map(String::as_str) {
        Some("gen") if args.len() == 3 => number(args.get(1), 0)
            .and_then(|o| Ok((o, number(args.get(2), 0)?)))
            .map(|(o, h)| print!("{}", case_json(o, h))),
        Some("time") if (2..=4).contains(&args.len()) => number(args.get(2), 200)
            .and_then(|n| Ok((n, number(args.get(3), 20)?)))
            .and_then(|(n, w)| {
                if n == 0 {
                    return Err("REPEATS must be at least 1".to_owned());
                }
                time(Path::new(&args[1]), n, w)
            }),
        _ => Err("usage: side_by_side gen OBJECTIVES STORED | time FILE [REPEATS [WARMUP]]".into()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
