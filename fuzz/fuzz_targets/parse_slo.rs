//! SLO parsing from arbitrary bytes: never a panic, and every error formats and renders.

#![no_main]

use libfuzzer_sys::fuzz_target;
use slogate::{Limits, SliReport, Slo};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Tight limits as well as the defaults, so each limit is reached often.
    let tight = Limits::default()
        .with_max_document_bytes(4096)
        .with_max_depth(6)
        .with_max_nodes(300)
        .with_max_objectives(8)
        .with_max_criteria_per_objective(6)
        .with_max_criterion_bytes(24);
    for limits in [Limits::default(), tight] {
        match Slo::parse_with_limits(text, &limits) {
            Ok(slo) => {
                // A parsed SLO evaluates, with or without values.
                let values = SliReport::from_values(
                    slo.objectives()
                        .iter()
                        .enumerate()
                        .map(|(n, o)| (o.sli.clone(), n as f64 * 100.0)),
                );
                for report in [SliReport::default(), values] {
                    let evaluation = slo.evaluate(&report, &[]).expect("no history, no refusal");
                    assert!((0.0..=100.0).contains(&evaluation.score()));
                    let _ = evaluation.to_json();
                }
                // Every criterion prints back as written and parses again to the same.
                for objective in slo.objectives() {
                    for set in objective.pass.iter().chain(&objective.warning) {
                        for criterion in &set.criteria {
                            let again: slogate::Criterion =
                                criterion.to_string().parse().expect("reparses");
                            assert_eq!(&again, criterion);
                        }
                    }
                }
            }
            Err(err) => {
                assert!(!err.problems().is_empty());
                let _ = err.to_string();
                for problem in err.problems() {
                    assert!(!problem.message().is_empty());
                    let _ = problem.code().as_str();
                    let _ = problem.render(text);
                }
            }
        }
    }
});
