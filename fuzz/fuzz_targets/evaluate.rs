//! Evaluation with arbitrary values and histories against parsed SLOs.
//!
//! The input is three parts separated by NUL bytes, as the seeds built from the conformance
//! cases are: SLO text, SLI values as JSON, history as JSON. Where a JSON part does not decode,
//! its bytes become raw numbers instead (NaN and infinities included) so that evaluation still
//! sees arbitrary values, and a history made by evaluating those numbers.

#![no_main]

use libfuzzer_sys::fuzz_target;
use slogate::{Evaluation, IndicatorValue, PreviousEvaluation, SliReport, Slo};

/// Eight bytes at a time as `f64`, every bit pattern allowed.
fn numbers(bytes: &[u8]) -> impl Iterator<Item = f64> + '_ {
    bytes
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().expect("eight bytes")))
}

fn check(slo: &Slo, report: &SliReport, history: &[PreviousEvaluation]) {
    match slo.evaluate(report, history) {
        Ok(evaluation) => {
            let score = evaluation.score();
            assert!((0.0..=100.0).contains(&score), "score {score}");
            assert_eq!(
                evaluation.indicators().len(),
                if report.status == slogate::ProviderStatus::Succeeded {
                    slo.objectives().len()
                } else {
                    0
                }
            );
            let json = evaluation.to_json();
            let back = Evaluation::from_json(&json).expect("an evaluation reads back");
            assert_eq!(back.result(), evaluation.result());
            let stored = PreviousEvaluation::new("fuzz", evaluation).to_json();
            PreviousEvaluation::from_json(&stored).expect("a stored evaluation reads back");
        }
        Err(err) => {
            let _ = err.to_string();
            for problem in err.problems() {
                let _ = problem.code().as_str();
                let _ = problem.render("");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0);
    let slo_part = parts.next().unwrap_or_default();
    let sli_part = parts.next().unwrap_or_default();
    let history_part = parts.next().unwrap_or_default();
    let Ok(slo) = std::str::from_utf8(slo_part)
        .map_err(drop)
        .and_then(|t| Slo::parse(t).map_err(drop))
    else {
        return;
    };

    let decoded = std::str::from_utf8(sli_part)
        .ok()
        .and_then(|t| SliReport::from_json(t).ok());
    let report = decoded.unwrap_or_else(|| {
        let mut values: Vec<IndicatorValue> = slo
            .objectives()
            .iter()
            .zip(numbers(sli_part))
            .map(|(o, v)| IndicatorValue::new(o.sli.clone(), v))
            .collect();
        // An odd last byte drops a value or repeats one, as a broken provider might.
        match sli_part.len() % 8 {
            1 => {
                values.pop();
            }
            2 => {
                if let Some(first) = values.first().cloned() {
                    values.push(first);
                }
            }
            _ => {}
        }
        SliReport::new(values)
    });

    let history = match std::str::from_utf8(history_part)
        .ok()
        .map(PreviousEvaluation::list_from_json)
    {
        Some(Ok(history)) => history,
        Some(Err(err)) => {
            let _ = err.to_string();
            // Build a history from raw numbers instead: each round evaluated and stored.
            let mut stored = Vec::new();
            let per_round = slo.objectives().len().max(1);
            let all: Vec<f64> = numbers(history_part).collect();
            for (round, chunk) in all.chunks(per_round).take(8).enumerate() {
                let values = SliReport::from_values(
                    slo.objectives()
                        .iter()
                        .zip(chunk)
                        .map(|(o, &v)| (o.sli.clone(), v)),
                );
                if let Ok(evaluation) = slo.evaluate(&values, &stored) {
                    let mut previous = PreviousEvaluation::new(format!("r{round}"), evaluation);
                    previous.invalidated = chunk.first().is_some_and(|v| v.to_bits() & 1 == 1);
                    stored.insert(0, previous);
                }
            }
            stored
        }
        None => Vec::new(),
    };
    check(&slo, &report, &history);
});
