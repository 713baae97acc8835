//! Explanations: why an objective got its status, in one line a person understands.
//!
//! [`explain`] turns one [`IndicatorResult`] into a line that names the measured value, every
//! criterion with the target it resolved to and how that target was derived, and why the status
//! followed. [`summarize`] does the same for a whole [`Evaluation`] in one sentence. Both are
//! plain text; front ends (the CLI, the bindings) only print them.
//!
//! ```
//! use slogate::{explain, PreviousEvaluation, Slo, SliReport};
//!
//! let slo = Slo::parse("
//! objectives:
//!   - sli: response_time_p95
//!     pass: [{criteria: ['<=+10%', '<600']}]
//!     warning: [{criteria: ['<=800']}]
//! total_score: {pass: 90%, warning: 75%}
//! ").unwrap();
//! let previous = slo.evaluate(&SliReport::from_values([("response_time_p95", 500.0)]), &[]).unwrap();
//! let history = [PreviousEvaluation::new("build-1", previous)];
//! let evaluation = slo.evaluate(&SliReport::from_values([("response_time_p95", 560.0)]), &history).unwrap();
//! assert_eq!(
//!     explain(&evaluation.indicators()[0]),
//!     "response_time_p95 = 560: warning (the pass criteria are not met: <=+10% is violated; \
//!      the warning criteria are met); pass: <=+10% violated (target 550 = the previous result \
//!      (500) +10%), <600 met (fixed target 600); warning: <=800 met (fixed target 800)"
//! );
//! ```

use std::fmt::Write as _;

use crate::criterion::{Criterion, Threshold};
use crate::edge::ZeroBaseline;
use crate::evaluation::{Evaluation, IndicatorResult, IndicatorStatus, Status, Target};
use crate::unit::{change_in_words, Unit};

/// Formats a number for people: whole numbers without a fraction, others rounded to three
/// decimals (values below 1 keep four significant digits, so that small rates stay readable),
/// trailing zeros removed.
///
/// ```
/// use slogate::format_number;
/// assert_eq!(format_number(550.000_000_000_1), "550");
/// assert_eq!(format_number(412.3), "412.3");
/// assert_eq!(format_number(200.0 / 3.0), "66.667");
/// assert_eq!(format_number(0.000_123_4), "0.0001234");
/// assert_eq!(format_number(-0.0), "0");
/// assert_eq!(format_number(f64::INFINITY), "inf");
/// ```
pub fn format_number(value: f64) -> String {
    let mut text = String::new();
    push_number(&mut text, value);
    text
}

/// Appends [`format_number`]'s text for `value` to `out`.
pub(crate) fn push_number(out: &mut String, value: f64) {
    use std::fmt::Write as _;
    let start = out.len();
    if !value.is_finite() {
        let _ = write!(out, "{value}");
        return;
    }
    if value == 0.0 {
        out.push('0');
        return;
    }
    let magnitude = value.abs();
    let decimals = if magnitude >= 1.0 {
        3
    } else {
        // magnitude is in (0, 1): -log10 is positive and at most about 324.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let leading_zeros = (-magnitude.log10()).floor() as usize;
        (leading_zeros + 4).min(16)
    };
    // Rounding here and printing the shortest form of the result gives the same text as
    // formatting with a precision, without its slow exact path for some values. Scaling is
    // exact to well under a thousandth for these magnitudes, so only values within that of a
    // tie take the exact path.
    #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
    let scale = 10f64.powi(decimals as i32);
    let scaled = value * scale;
    let distance_to_tie = ((scaled - scaled.trunc()).abs() - 0.5).abs();
    if magnitude < 1e9 && distance_to_tie > 1e-3 {
        let rounded = scaled.round() / scale;
        if rounded == 0.0 {
            out.push('0');
        } else {
            let _ = write!(out, "{rounded}");
        }
        return;
    }
    let _ = write!(out, "{value:.decimals$}");
    if out[start..].contains('.') {
        let kept = out[start..]
            .trim_end_matches('0')
            .trim_end_matches('.')
            .len();
        out.truncate(start + kept);
    }
    if &out[start..] == "-0" {
        out.truncate(start);
        out.push('0');
    }
}

/// The name of an objective's result as people know it: see [`name_of`].
pub fn objective_name(result: &IndicatorResult) -> &str {
    name_of(&result.display_name, result.metric())
}

/// The one rule for an objective's name: its display name, else its SLI name, else
/// `"(unnamed objective)"` (an informational objective without a value read back from JSON
/// carries neither).
///
/// ```
/// assert_eq!(slogate::name_of("Latency", Some("p95")), "Latency");
/// assert_eq!(slogate::name_of("", Some("p95")), "p95");
/// assert_eq!(slogate::name_of("", None), "(unnamed objective)");
/// ```
pub fn name_of<'a>(display_name: &'a str, sli: Option<&'a str>) -> &'a str {
    if !display_name.is_empty() {
        display_name
    } else if let Some(sli) = sli.filter(|s| !s.is_empty()) {
        sli
    } else {
        "(unnamed objective)"
    }
}

/// The value relative criteria were compared with: the baseline computed by the evaluation,
/// or, for a result read back from JSON, its non-zero `comparedValue`. `None` when there was
/// no baseline.
pub fn baseline_value(result: &IndicatorResult) -> Option<f64> {
    if let Some(baseline) = result.baseline {
        return Some(baseline.value);
    }
    result
        .value
        .as_ref()
        .map(|v| v.compared_value)
        .filter(|&v| v != 0.0)
}

/// The number a criterion was compared with, or `None` for a relative criterion that had no
/// previous results (it is met by definition, or not evaluated without a value; Keptn stores
/// its target as 0).
///
/// ```
/// use slogate::{resolved_target, Slo, SliReport};
/// let slo = Slo::parse("objectives:\n  - sli: p95\n    pass: [{criteria: ['<=+10%', '<600']}]\ntotal_score: {pass: 90%}\n").unwrap();
/// let evaluation = slo.evaluate(&SliReport::from_values([("p95", 500.0)]), &[]).unwrap();
/// let result = &evaluation.indicators()[0];
/// assert_eq!(resolved_target(result, &result.pass_targets[0]), None);
/// assert_eq!(resolved_target(result, &result.pass_targets[1]), Some(600.0));
/// ```
pub fn resolved_target(result: &IndicatorResult, target: &Target) -> Option<f64> {
    let relative = criterion_of(result, &target.criteria).is_ok_and(|c| c.is_relative());
    let without_basis = result.baseline.is_none()
        && result.value.as_ref().map_or(0.0, |v| v.compared_value) == 0.0
        && target.target_value == 0.0
        && (!target.violated || !has_value(result));
    if relative && without_basis {
        None
    } else {
        Some(target.target_value)
    }
}

/// The objective's declared unit, if any.
fn unit_of(result: &IndicatorResult) -> Option<Unit> {
    result.unit.as_deref().and_then(|u| u.parse().ok())
}

/// `value` with the objective's unit (`500 ms`), or the bare number without one.
///
/// ```
/// use slogate::{format_quantity, Slo, SliReport};
/// let slo = Slo::parse("extensions: slogate/v1\nobjectives:\n  - sli: p95\n    unit: ms\n    pass: [{criteria: ['<1s']}]\ntotal_score: {pass: 90%}\n").unwrap();
/// let evaluation = slo.evaluate(&SliReport::from_values([("p95", 412.5)]), &[]).unwrap();
/// assert_eq!(format_quantity(&evaluation.indicators()[0], 412.5), "412.5 ms");
/// ```
pub fn format_quantity(result: &IndicatorResult, value: f64) -> String {
    quantity(result, value)
}

fn quantity(result: &IndicatorResult, value: f64) -> String {
    match unit_of(result) {
        Some(unit) => unit.format(value),
        None => format_number(value),
    }
}

/// A stored criterion, read in the objective's unit when it declares one.
fn criterion_of(result: &IndicatorResult, text: &str) -> Result<Criterion, crate::Problem> {
    match unit_of(result) {
        Some(unit) => Criterion::parse_in_unit(text, Some(unit)),
        None => Criterion::parse(text),
    }
}

/// `, 12% slower than the previous result (500 ms)` for an objective that declares a unit or a
/// direction and has a baseline; empty otherwise.
fn change(result: &IndicatorResult, value: f64) -> String {
    if result.unit.is_none() && result.better.is_none() {
        return String::new();
    }
    let Some(base) = baseline_value(result) else {
        return String::new();
    };
    let Some(words) = change_in_words(value, base, unit_of(result), result.better) else {
        return String::new();
    };
    let basis = match result.baseline {
        Some(b) if b.values == 1 => "the previous result".to_owned(),
        Some(b) => format!("the {} of {} previous results", b.function, b.values),
        None => "the compared value".to_owned(),
    };
    let base = quantity(result, base);
    if words == "no change" {
        format!(", no change from {basis} ({base})")
    } else {
        format!(", {words} than {basis} ({base})")
    }
}

/// Whether the objective's value was measured and evaluated.
fn has_value(result: &IndicatorResult) -> bool {
    result.value.as_ref().is_some_and(|v| v.success)
}

/// `+10%`, `-5%`, `+50`, `-10`.
fn adjustment(threshold: Threshold) -> String {
    let (number, suffix) = match threshold {
        Threshold::Percent(p) => (p, "%"),
        Threshold::Delta(d) => (d, ""),
        Threshold::Fixed(f) => return format_number(f),
    };
    let sign = if number < 0.0 { '-' } else { '+' };
    format!("{sign}{}{suffix}", format_number(number.abs()))
}

/// How a relative criterion's target came about, e.g. `avg of 2 previous results (500) +10%`.
fn derivation(result: &IndicatorResult, target: &Target, threshold: Threshold) -> String {
    let adjust = adjustment(threshold);
    if let Some(baseline) = result.baseline {
        let basis = if baseline.values == 1 {
            "the previous result".to_owned()
        } else {
            format!(
                "{} of {} previous results",
                baseline.function, baseline.values
            )
        };
        return format!(
            "target {} = {basis} ({}) {adjust}",
            quantity(result, target.target_value),
            quantity(result, baseline.value)
        );
    }
    if resolved_target(result, target).is_none() {
        return "no previous results: relative criteria are met".to_owned();
    }
    let compared = result.value.as_ref().map_or(0.0, |v| v.compared_value);
    format!(
        "target {} = the compared value ({}) {adjust}",
        quantity(result, target.target_value),
        quantity(result, compared)
    )
}

/// One criterion: `<=+10% violated (target 550 = the previous result (500) +10%)`.
fn describe_target(result: &IndicatorResult, target: &Target, evaluated: bool) -> String {
    let text = target.criteria.as_str();
    if !evaluated {
        return format!("{text} not evaluated");
    }
    let outcome = if target.violated { "violated" } else { "met" };
    let how = match criterion_of(result, text) {
        Ok(criterion) if criterion.is_relative() => {
            let mut how = derivation(result, target, criterion.threshold());
            if let (Some(zero), Threshold::Percent(_), Some(0.0)) = (
                result.zero_baseline,
                criterion.threshold(),
                baseline_value(result).or(Some(0.0)),
            ) {
                how.push_str(match zero.policy {
                    ZeroBaseline::Pass => "; a percentage of a zero baseline is met (zero_baseline: pass)",
                    ZeroBaseline::Fail => "; a percentage of a zero baseline is violated (zero_baseline: fail)",
                    ZeroBaseline::Inconclusive => "; a percentage of a zero baseline cannot decide (zero_baseline: inconclusive)",
                    ZeroBaseline::Keptn => "",
                });
            }
            how
        }
        Ok(_) => format!("fixed target {}", quantity(result, target.target_value)),
        Err(_) => format!("target {}", quantity(result, target.target_value)),
    };
    format!("{text} {outcome} ({how})")
}

fn list_targets(result: &IndicatorResult, targets: &[Target], evaluated: bool) -> String {
    targets
        .iter()
        .map(|t| describe_target(result, t, evaluated))
        .collect::<Vec<_>>()
        .join(", ")
}

fn violated_list(targets: &[Target]) -> String {
    let violated: Vec<&str> = targets
        .iter()
        .filter(|t| t.violated)
        .map(|t| t.criteria.as_str())
        .collect();
    match violated.as_slice() {
        [] => String::new(),
        [one] => format!(": {one} is violated"),
        [init @ .., last] => format!(": {} and {last} are violated", init.join(", ")),
    }
}

/// Why the status followed from the criteria.
fn reason(result: &IndicatorResult) -> String {
    let value = result.value.as_ref();
    match result.status {
        IndicatorStatus::Info => {
            if value.is_some_and(|v| v.success) {
                "no pass criteria: the value is only reported".to_owned()
            } else {
                "no pass criteria and no value: nothing to report".to_owned()
            }
        }
        _ if !has_value(result) => {
            let message = value.map_or("", |v| v.message.as_str());
            if message.is_empty() {
                "no value, which fails the objective".to_owned()
            } else {
                format!("no value, which fails the objective: {message}")
            }
        }
        IndicatorStatus::Inconclusive => match result.zero_baseline {
            Some(zero) => format!(
                "a percentage criterion met a baseline of 0, which zero_baseline: inconclusive leaves undecided; counted as {}",
                zero.inconclusive.unwrap_or_default().as_str()
            ),
            None => "the history model could not decide".to_owned(),
        },
        IndicatorStatus::Pass => "the pass criteria are met".to_owned(),
        IndicatorStatus::Warning => format!(
            "the pass criteria are not met{}; the warning criteria are met",
            violated_list(&result.pass_targets)
        ),
        IndicatorStatus::Fail => {
            let mut why = if result.warning_targets.is_empty() {
                format!(
                    "the pass criteria are not met{} and there are no warning criteria",
                    violated_list(&result.pass_targets)
                )
            } else {
                format!(
                    "neither the pass nor the warning criteria are met{}",
                    violated_list(&result.pass_targets)
                )
            };
            if result.key_sli {
                why.push_str("; as a key SLI this fails the gate");
            }
            why
        }
    }
}

/// Explains one objective's outcome in one line: the measured value, its status and why, then
/// every pass and warning criterion with the target it resolved to and how.
///
/// A fixed criterion reads `<600 met (fixed target 600)`; a relative one names its basis,
/// `<=+10% violated (target 550 = avg of 2 previous results (500) +10%)`, or says that
/// without previous results relative criteria are met. Criteria of an objective without a
/// value read `not evaluated`.
///
/// [`IndicatorResult::baseline`] is set by the evaluation and absent from results read back
/// from JSON; for those, the basis is the stored `comparedValue` and reads
/// `target 550 = the compared value (500) +10%`. A stored result whose baseline was exactly 0 and
/// whose percentage criterion held is indistinguishable from one without previous results and
/// is explained as the latter.
///
/// ```
/// use slogate::{explain, Slo, SliReport};
/// let slo = Slo::parse("objectives:\n  - sli: error_rate\n    key_sli: true\n    pass: [{criteria: ['<=0.01']}]\ntotal_score: {pass: 90%}\n").unwrap();
/// let evaluation = slo.evaluate(&SliReport::from_values([("error_rate", 0.05)]), &[]).unwrap();
/// assert_eq!(
///     explain(&evaluation.indicators()[0]),
///     "error_rate = 0.05: fail (the pass criteria are not met: <=0.01 is violated and there are \
///      no warning criteria; as a key SLI this fails the gate); pass: <=0.01 violated (fixed target 0.01)"
/// );
/// ```
pub fn explain(result: &IndicatorResult) -> String {
    let name = objective_name(result);
    let evaluated = has_value(result) && result.status != IndicatorStatus::Info;
    let mut line = match result.value.as_ref().filter(|v| v.success) {
        Some(v) => format!(
            "{name} = {}{}",
            quantity(result, v.value),
            change(result, v.value)
        ),
        None => format!("{name} has no value"),
    };
    if let (Some(model), true) = (&result.model, has_value(result)) {
        let _ = write!(line, ": {} ({}", result.status, model.explanation);
        if result.status == IndicatorStatus::Inconclusive {
            let _ = write!(line, "; counted as {}", model.inconclusive);
        }
        if result.key_sli && result.status == IndicatorStatus::Fail {
            line.push_str("; as a key SLI this fails the gate");
        }
        line.push(')');
        return line;
    }
    let _ = write!(line, ": {} ({})", result.status, reason(result));
    if !result.pass_targets.is_empty() {
        let _ = write!(
            line,
            "; pass: {}",
            list_targets(result, &result.pass_targets, evaluated)
        );
    }
    if !result.warning_targets.is_empty() {
        let _ = write!(
            line,
            "; warning: {}",
            list_targets(result, &result.warning_targets, evaluated)
        );
    }
    line
}

/// Summarizes an evaluation in one sentence: the verdict, the score, how many objectives got
/// each status, and the reason the evaluation gives for its verdict.
///
/// ```
/// use slogate::{summarize, Slo, SliReport};
/// let slo = Slo::parse("objectives:\n  - sli: p95\n    pass: [{criteria: ['<600']}]\n  - sli: errors\n    pass: [{criteria: ['=0']}]\ntotal_score: {pass: 90%, warning: 50%}\n").unwrap();
/// let evaluation = slo.evaluate(&SliReport::from_values([("p95", 412.0), ("errors", 3.0)]), &[]).unwrap();
/// assert_eq!(
///     summarize(&evaluation),
///     "warning with a score of 50 (1 passed, 1 failed): the score of 50 is below the pass \
///      threshold of 90 but reaches the warning threshold of 50"
/// );
/// ```
pub fn summarize(evaluation: &Evaluation) -> String {
    if evaluation.status == Status::Errored {
        return format!(
            "{} (evaluation errored): {}",
            evaluation.result, evaluation.message
        );
    }
    let count = |status: IndicatorStatus| {
        evaluation
            .indicators()
            .iter()
            .filter(|r| r.status == status)
            .count()
    };
    let counts: Vec<String> = [
        (IndicatorStatus::Pass, "passed"),
        (IndicatorStatus::Warning, "warning"),
        (IndicatorStatus::Fail, "failed"),
        (IndicatorStatus::Info, "info"),
        (IndicatorStatus::Inconclusive, "inconclusive"),
    ]
    .into_iter()
    .filter_map(|(status, word)| {
        let n = count(status);
        (n > 0).then(|| format!("{n} {word}"))
    })
    .collect();
    let mut sentence = format!(
        "{} with a score of {}",
        evaluation.result,
        format_number(evaluation.score())
    );
    if !counts.is_empty() {
        let _ = write!(sentence, " ({})", counts.join(", "));
    }
    if !evaluation.message.is_empty() {
        let _ = write!(sentence, ": {}", evaluation.message);
    }
    sentence
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Evaluation, PreviousEvaluation, SliReport, Slo};

    const SLO: &str = "
comparison:
  compare_with: several_results
  number_of_comparison_results: 3
  include_result_with_score: all
  aggregate_function: avg
objectives:
  - sli: p95
    displayName: Response time p95
    pass: [{criteria: ['<=+10%', '<600']}]
    warning: [{criteria: ['<=800']}]
  - sli: throughput
    pass: [{criteria: ['>=-5%', '>=+0']}]
  - sli: latency_delta
    pass: [{criteria: ['<=+50']}]
  - sli: error_rate
    key_sli: true
    pass: [{criteria: ['<=0.01']}]
    warning: [{criteria: ['<=0.02']}]
  - sli: cpu
  - sli: missing
    pass: [{criteria: ['<1']}]
total_score: {pass: 90%, warning: 75%}
";

    fn run(values: &[(&str, f64)], history: &[PreviousEvaluation]) -> Evaluation {
        let slo = Slo::parse(SLO).unwrap();
        slo.evaluate(&SliReport::from_values(values.iter().copied()), history)
            .unwrap()
    }

    fn lines(evaluation: &Evaluation) -> Vec<String> {
        evaluation.indicators().iter().map(explain).collect()
    }

    fn history() -> Vec<PreviousEvaluation> {
        let older = run(
            &[
                ("p95", 480.0),
                ("throughput", 210.0),
                ("latency_delta", 90.0),
            ],
            &[],
        );
        let newer = run(
            &[
                ("p95", 520.0),
                ("throughput", 190.0),
                ("latency_delta", 110.0),
            ],
            &[],
        );
        vec![
            PreviousEvaluation::new("b2", newer),
            PreviousEvaluation::new("b1", older),
        ]
    }

    #[test]
    fn explains_relative_targets_with_their_basis() {
        let evaluation = run(
            &[
                ("p95", 560.0),
                ("throughput", 195.0),
                ("latency_delta", 151.0),
                ("error_rate", 0.015),
                ("cpu", 42.5),
            ],
            &history(),
        );
        assert_eq!(
            lines(&evaluation),
            [
                "Response time p95 = 560: warning (the pass criteria are not met: <=+10% is violated; the warning criteria are met); pass: <=+10% violated (target 550 = avg of 2 previous results (500) +10%), <600 met (fixed target 600); warning: <=800 met (fixed target 800)",
                "throughput = 195: fail (the pass criteria are not met: >=+0 is violated and there are no warning criteria); pass: >=-5% met (target 190 = avg of 2 previous results (200) -5%), >=+0 violated (target 200 = avg of 2 previous results (200) +0)",
                "latency_delta = 151: fail (the pass criteria are not met: <=+50 is violated and there are no warning criteria); pass: <=+50 violated (target 150 = avg of 2 previous results (100) +50)",
                "error_rate = 0.015: warning (the pass criteria are not met: <=0.01 is violated; the warning criteria are met); pass: <=0.01 violated (fixed target 0.01); warning: <=0.02 met (fixed target 0.02)",
                "cpu = 42.5: info (no pass criteria: the value is only reported)",
                "missing has no value: fail (no value, which fails the objective: no value received from SLI provider); pass: <1 not evaluated",
            ]
        );
    }

    #[test]
    fn explains_relative_criteria_without_previous_results() {
        let evaluation = run(
            &[
                ("p95", 610.0),
                ("throughput", 10.0),
                ("latency_delta", 1.0),
                ("error_rate", 0.5),
            ],
            &[],
        );
        assert_eq!(
            lines(&evaluation)[..4],
            [
                "Response time p95 = 610: warning (the pass criteria are not met: <600 is violated; the warning criteria are met); pass: <=+10% met (no previous results: relative criteria are met), <600 violated (fixed target 600); warning: <=800 met (fixed target 800)",
                "throughput = 10: pass (the pass criteria are met); pass: >=-5% met (no previous results: relative criteria are met), >=+0 met (no previous results: relative criteria are met)",
                "latency_delta = 1: pass (the pass criteria are met); pass: <=+50 met (no previous results: relative criteria are met)",
                "error_rate = 0.5: fail (neither the pass nor the warning criteria are met: <=0.01 is violated; as a key SLI this fails the gate); pass: <=0.01 violated (fixed target 0.01); warning: <=0.02 violated (fixed target 0.02)",
            ]
        );
        assert_eq!(
            summarize(&evaluation),
            "fail with a score of 50 (2 passed, 1 warning, 2 failed, 1 info): key SLI 'error_rate' failed, which fails the gate whatever the score (50)"
        );
    }

    #[test]
    fn relative_targets_without_a_basis_resolve_to_nothing() {
        let fresh = run(&[("p95", 700.0)], &[]);
        let p95 = &fresh.indicators()[0];
        let resolved: Vec<Option<f64>> = p95
            .pass_targets
            .iter()
            .map(|t| resolved_target(p95, t))
            .collect();
        assert_eq!(resolved, [None, Some(600.0)]);
        // Without a value nothing was evaluated: a relative target has no number either.
        let throughput = &fresh.indicators()[1];
        assert_eq!(
            resolved_target(throughput, &throughput.pass_targets[0]),
            None
        );
        // With previous results the target is the one the evaluation computed.
        let compared = run(&[("p95", 700.0)], &history());
        let p95 = &compared.indicators()[0];
        assert_eq!(resolved_target(p95, &p95.pass_targets[0]), Some(550.0));
    }

    #[test]
    fn a_single_previous_result_is_named_as_such() {
        let slo = Slo::parse(
            "objectives:\n  - sli: p95\n    pass: [{criteria: ['<=+10%']}]\ntotal_score: {pass: 90%}\n",
        )
        .unwrap();
        let first = slo
            .evaluate(&SliReport::from_values([("p95", 400.0)]), &[])
            .unwrap();
        let second = slo
            .evaluate(
                &SliReport::from_values([("p95", 430.0)]),
                &[PreviousEvaluation::new("b1", first)],
            )
            .unwrap();
        assert_eq!(
            explain(&second.indicators()[0]),
            "p95 = 430: pass (the pass criteria are met); pass: <=+10% met (target 440 = the previous result (400) +10%)"
        );
    }

    #[test]
    fn several_violated_criteria_are_listed_as_a_sentence() {
        let slo = Slo::parse(
            "objectives:\n  - sli: a\n    pass: [{criteria: ['<1', '<2', '<3']}]\n  - sli: b\n    pass: [{criteria: ['<1', '<2']}]\n    warning: [{criteria: ['<9']}]\ntotal_score: {pass: 90%}\n",
        )
        .unwrap();
        let evaluation = slo
            .evaluate(&SliReport::from_values([("a", 5.0), ("b", 5.0)]), &[])
            .unwrap();
        assert_eq!(
            lines(&evaluation),
            [
                "a = 5: fail (the pass criteria are not met: <1, <2 and <3 are violated and there are no warning criteria); pass: <1 violated (fixed target 1), <2 violated (fixed target 2), <3 violated (fixed target 3)",
                "b = 5: warning (the pass criteria are not met: <1 and <2 are violated; the warning criteria are met); pass: <1 violated (fixed target 1), <2 violated (fixed target 2); warning: <9 met (fixed target 9)",
            ]
        );
    }

    #[test]
    fn results_read_back_from_json_use_the_compared_value() {
        let evaluation = run(
            &[
                ("p95", 560.0),
                ("throughput", 185.0),
                ("latency_delta", 151.0),
                ("error_rate", 0.001),
            ],
            &history(),
        );
        let read_back = Evaluation::from_json(&evaluation.to_json()).unwrap();
        assert!(read_back.indicators()[0].baseline.is_none());
        assert_eq!(
            explain(&read_back.indicators()[0]),
            "Response time p95 = 560: warning (the pass criteria are not met: <=+10% is violated; the warning criteria are met); pass: <=+10% violated (target 550 = the compared value (500) +10%), <600 met (fixed target 600); warning: <=800 met (fixed target 800)"
        );
        assert_eq!(baseline_value(&read_back.indicators()[0]), Some(500.0));
        assert_eq!(baseline_value(&evaluation.indicators()[0]), Some(500.0));
        let fresh = run(&[("p95", 1.0)], &[]);
        assert_eq!(baseline_value(&fresh.indicators()[0]), None);
    }

    #[test]
    fn unparsable_stored_criteria_still_show_their_target() {
        let text = r#"{"status":"succeeded","result":"pass","evaluation":{"result":"pass","score":100,
            "indicatorResults":[{"score":1,"status":"pass","displayName":"",
            "value":{"metric":"m","value":3,"success":true},
            "passTargets":[{"criteria":"below 5","targetValue":5,"violated":false}]}]}}"#;
        let evaluation = Evaluation::from_json(text).unwrap();
        assert_eq!(
            explain(&evaluation.indicators()[0]),
            "m = 3: pass (the pass criteria are met); pass: below 5 met (target 5)"
        );
        assert_eq!(
            summarize(&evaluation),
            "pass with a score of 100 (1 passed)"
        );
    }

    #[test]
    fn an_informational_objective_without_anything_is_named_generically() {
        let text = r#"{"status":"succeeded","result":"pass","evaluation":{"result":"pass","score":100,
            "indicatorResults":[{"score":0,"status":"info","displayName":null,"value":null}]}}"#;
        let evaluation = Evaluation::from_json(text).unwrap();
        assert_eq!(
            explain(&evaluation.indicators()[0]),
            "(unnamed objective) has no value: info (no pass criteria and no value: nothing to report)"
        );
    }

    #[test]
    fn errored_evaluations_say_so() {
        let slo = Slo::parse(SLO).unwrap();
        let report = SliReport::from_json(
            r#"{"status": "errored", "message": "prometheus unreachable", "indicatorValues": []}"#,
        )
        .unwrap();
        let evaluation = slo.evaluate(&report, &[]).unwrap();
        assert_eq!(
            summarize(&evaluation),
            "fail (evaluation errored): the SLI retrieval errored; nothing was evaluated: prometheus unreachable"
        );
    }

    #[test]
    fn formats_numbers_for_people() {
        let cases = [
            (1_078.000_000_000_000_2, "1078"),
            (0.01, "0.01"),
            (-5.0, "-5"),
            (-0.000_4, "-0.0004"),
            (1e20, "100000000000000000000"),
            (f64::NAN, "NaN"),
            (0.999_9, "0.9999"),
            (2.5e-9, "0.0000000025"),
        ];
        for (value, text) in cases {
            assert_eq!(format_number(value), text, "{value}");
        }
    }
}
