//! Edge policies under `extensions: slogate/v1`: a zero baseline for a percentage criterion, a
//! pinned baseline, and key SLIs of weight 0; Keptn's behaviour when none is declared.

use std::cell::Cell;

use proptest::prelude::*;
use slogate::{
    explain, ErrorCode, IndicatorStatus, PreviousEvaluation, SliReport, Slo, Verdict, ZeroBaseline,
};

fn errors_slo(policy: &str) -> Slo {
    let policy = if policy.is_empty() {
        String::new()
    } else {
        format!("    zero_baseline: {policy}\n")
    };
    Slo::parse(&format!(
        "extensions: slogate/v1\nobjectives:\n  - sli: errors\n{policy}    pass: [{{criteria: ['<=+10%']}}]\n  - sli: p95\n    pass: [{{criteria: ['<600']}}]\ntotal_score: {{pass: 90%, warning: 50%}}\n"
    ))
    .unwrap()
}

fn values(errors: f64) -> SliReport {
    SliReport::from_values([("errors", errors), ("p95", 400.0)])
}

/// One stored evaluation, of an error-free build.
fn error_free(slo: &Slo) -> Vec<PreviousEvaluation> {
    vec![PreviousEvaluation::new(
        "build-1",
        slo.evaluate(&values(0.0), &[]).unwrap(),
    )]
}

#[test]
fn a_zero_baseline_is_keptns_target_of_zero_by_default() {
    for slo in [errors_slo(""), errors_slo("keptn")] {
        let history = error_free(&slo);
        let evaluation = slo.evaluate(&values(2.0), &history).unwrap();
        let errors = &evaluation.indicators()[0];
        assert_eq!(errors.status, IndicatorStatus::Fail);
        assert_eq!(errors.pass_targets[0].target_value, 0.0);
        assert_eq!(errors.zero_baseline, None);
        assert_eq!(
            explain(errors),
            "errors = 2: fail (the pass criteria are not met: <=+10% is violated and there are no warning criteria); pass: <=+10% violated (target 0 = the previous result (0) +10%)"
        );
        // 0 is at most 0: the same build again passes.
        let again = slo.evaluate(&values(0.0), &history).unwrap();
        assert_eq!(again.indicators()[0].status, IndicatorStatus::Pass);
    }
}

#[test]
fn zero_baseline_pass_and_fail_decide_the_percentage() {
    let slo = errors_slo("pass");
    let evaluation = slo.evaluate(&values(2.0), &error_free(&slo)).unwrap();
    let errors = &evaluation.indicators()[0];
    assert_eq!(errors.status, IndicatorStatus::Pass);
    assert_eq!(evaluation.result(), Verdict::Pass);
    assert_eq!(
        explain(errors),
        "errors = 2: pass (the pass criteria are met); pass: <=+10% met (target 0 = the previous result (0) +10%; a percentage of a zero baseline is met (zero_baseline: pass))"
    );

    let slo = errors_slo("fail");
    let evaluation = slo.evaluate(&values(0.0), &error_free(&slo)).unwrap();
    let errors = &evaluation.indicators()[0];
    assert_eq!(errors.status, IndicatorStatus::Fail);
    assert_eq!(evaluation.score(), 50.0);
    assert_eq!(
        explain(errors),
        "errors = 0: fail (the pass criteria are not met: <=+10% is violated and there are no warning criteria); pass: <=+10% violated (target 0 = the previous result (0) +10%; a percentage of a zero baseline is violated (zero_baseline: fail))"
    );
    // The result's JSON records the policy, and reads back.
    let json = evaluation.to_json();
    assert!(
        json.contains(r#""zeroBaseline":{"policy":"fail"}"#),
        "{json}"
    );
    let back = slogate::Evaluation::from_json(&json).unwrap();
    assert_eq!(back.indicators()[0].zero_baseline, errors.zero_baseline);
}

#[test]
fn zero_baseline_inconclusive_counts_by_the_inconclusive_policy() {
    let slo = errors_slo("inconclusive");
    let evaluation = slo.evaluate(&values(2.0), &error_free(&slo)).unwrap();
    let errors = &evaluation.indicators()[0];
    assert_eq!(errors.status, IndicatorStatus::Inconclusive);
    // Warning by default: half of 1, plus 1 of 1 for p95, 75%.
    assert_eq!(evaluation.score(), 75.0);
    assert_eq!(evaluation.result(), Verdict::Warning);
    assert_eq!(
        explain(errors),
        "errors = 2: inconclusive (a percentage criterion met a baseline of 0, which zero_baseline: inconclusive leaves undecided; counted as warning); pass: <=+10% met (target 0 = the previous result (0) +10%; a percentage of a zero baseline cannot decide (zero_baseline: inconclusive))"
    );

    let slo = Slo::parse(
        "extensions: slogate/v1\nobjectives:\n  - sli: errors\n    key_sli: true\n    zero_baseline: inconclusive\n    inconclusive: fail\n    pass: [{criteria: ['<=+10%']}]\n  - sli: p95\n    pass: [{criteria: ['<600']}]\ntotal_score: {pass: 50%}\n",
    )
    .unwrap();
    let evaluation = slo.evaluate(&values(0.0), &error_free(&slo)).unwrap();
    assert_eq!(evaluation.result(), Verdict::Fail);
    assert_eq!(
        evaluation.message,
        "key SLI 'errors' failed, which fails the gate whatever the score (50)"
    );
}

#[test]
fn a_zero_baseline_leaves_deltas_and_fixed_criteria_alone() {
    let slo = Slo::parse(
        "extensions: slogate/v1\nobjectives:\n  - sli: errors\n    zero_baseline: fail\n    pass: [{criteria: ['<=+1', '<5']}]\ntotal_score: {pass: 90%}\n",
    )
    .unwrap();
    let first = slo
        .evaluate(&SliReport::from_values([("errors", 0.0)]), &[])
        .unwrap();
    let history = [PreviousEvaluation::new("b1", first)];
    let evaluation = slo
        .evaluate(&SliReport::from_values([("errors", 1.0)]), &history)
        .unwrap();
    assert_eq!(evaluation.indicators()[0].status, IndicatorStatus::Pass);
    assert_eq!(evaluation.indicators()[0].zero_baseline, None);
}

const PINNED: &str = "extensions: slogate/v1
comparison: {compare_with: several_results, number_of_comparison_results: 3, pinned_baseline: build-2}
objectives:
  - sli: p95
    pass: [{criteria: ['<=+10%']}]
total_score: {pass: 90%}
";

/// Stored evaluations build-0 (oldest) to build-`n-1`, newest first; build-i measured 100 + 10 i.
fn builds(n: usize) -> Vec<PreviousEvaluation> {
    let plain = Slo::parse(&PINNED.replace("pinned_baseline: build-2", "")).unwrap();
    (0..n)
        .rev()
        .map(|i| {
            let value = 100.0 + 10.0 * i as f64;
            let evaluation = plain
                .evaluate(&SliReport::from_values([("p95", value)]), &[])
                .unwrap();
            PreviousEvaluation::new(format!("build-{i}"), evaluation)
        })
        .collect()
}

#[test]
fn a_pinned_baseline_compares_with_that_evaluation_and_pulls_no_further() {
    let slo = Slo::parse(PINNED).unwrap();
    assert_eq!(slo.pinned_baseline(), Some("build-2"));
    let history = builds(6);
    let pulled = Cell::new(0usize);
    let source = history.iter().map(|p| {
        pulled.set(pulled.get() + 1);
        Ok::<_, String>(p)
    });
    let evaluation = slo
        .evaluate_pulling(
            &SliReport::from_values([("p95", 125.0)]),
            source,
            &slogate::Limits::default(),
        )
        .unwrap()
        .unwrap();
    // build-5, build-4, build-3, build-2: found at the fourth, and nothing after it.
    assert_eq!(pulled.get(), 4);
    assert_eq!(evaluation.evaluation.compared_events, ["build-2"]);
    let p95 = &evaluation.indicators()[0];
    assert_eq!(p95.baseline.unwrap().value, 120.0);
    assert_eq!(p95.status, IndicatorStatus::Pass);
    assert_eq!(
        explain(p95),
        "p95 = 125: pass (the pass criteria are met); pass: <=+10% met (target 132 = the previous result (120) +10%)"
    );
    // Without the pin, the three newest are the basis.
    let newest = Slo::parse(&PINNED.replace("pinned_baseline: build-2", "")).unwrap();
    let unpinned = newest
        .evaluate(&SliReport::from_values([("p95", 125.0)]), &history)
        .unwrap();
    assert_eq!(
        unpinned.evaluation.compared_events,
        ["build-5", "build-4", "build-3"]
    );
}

#[test]
fn a_pinned_baseline_the_history_does_not_hold_is_refused() {
    let slo = Slo::parse(&PINNED.replace("build-2", "build-9")).unwrap();
    let history = builds(3);
    let err = slo
        .evaluate(&SliReport::from_values([("p95", 1.0)]), &history)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::PinnedBaselineNotFound);
    assert_eq!(
        err.to_string(),
        "history: comparison.pinned_baseline names the evaluation 'build-9', but none of the 3 stored evaluations has it"
    );
    let err = slo
        .evaluate(&SliReport::from_values([("p95", 1.0)]), &[])
        .unwrap_err();
    assert_eq!(
        err.first().message(),
        "comparison.pinned_baseline names the evaluation 'build-9', but the history is empty"
    );
}

const GATING: &str = "extensions: slogate/v1
objectives:
  - sli: error_rate
    key_sli: true
    weight: 0
    pass: [{criteria: ['<=0.01']}]
  - sli: p95
    pass: [{criteria: ['<600']}]
    warning: [{criteria: ['<800']}]
total_score: {pass: 90%, warning: 50%}
";

#[test]
fn a_key_sli_of_weight_zero_gates_without_scoring() {
    let slo = Slo::parse(GATING).unwrap();
    assert_eq!(slo.objectives()[0].weight, 0);
    let run = |errors: f64, p95: f64| {
        slo.evaluate(
            &SliReport::from_values([("error_rate", errors), ("p95", p95)]),
            &[],
        )
        .unwrap()
    };
    // Its pass adds nothing: the score is p95's alone.
    let warned = run(0.001, 700.0);
    assert_eq!(warned.score(), 50.0);
    assert_eq!(warned.result(), Verdict::Warning);
    assert_eq!(warned.indicators()[0].score, 0.0);
    // Its failure fails the gate whatever the score.
    let failed = run(0.05, 400.0);
    assert_eq!(failed.score(), 100.0);
    assert_eq!(failed.result(), Verdict::Fail);
    assert_eq!(
        failed.message,
        "key SLI 'error_rate' failed, which fails the gate whatever the score (100)"
    );
    // Without the extension, weight 0 is refused as before.
    let err = Slo::parse(&GATING.replace("extensions: slogate/v1\n", "")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidWeight);
    assert_eq!(
        err.first().message(),
        "weight 0 is not allowed (Keptn silently counts it as 1); write 1 or leave weight out"
    );
}

#[test]
fn only_key_slis_of_weight_zero_gate_alone() {
    let slo = Slo::parse(
        "extensions: slogate/v1\nobjectives:\n  - sli: errors\n    key_sli: true\n    weight: 0\n    pass: [{criteria: ['=0']}]\ntotal_score: {pass: 90%}\n",
    )
    .unwrap();
    let ok = slo
        .evaluate(&SliReport::from_values([("errors", 0.0)]), &[])
        .unwrap();
    assert_eq!((ok.result(), ok.score()), (Verdict::Pass, 100.0));
    assert_eq!(
        ok.message,
        "no objective is scored and no key SLI failed; the gate passes"
    );
    let bad = slo
        .evaluate(&SliReport::from_values([("errors", 1.0)]), &[])
        .unwrap();
    assert_eq!(bad.result(), Verdict::Fail);
}

proptest! {
    /// `zero_baseline` changes nothing unless the baseline is exactly 0, and `keptn` changes
    /// nothing at all.
    #[test]
    fn zero_baseline_acts_only_on_a_zero_baseline(
        previous in prop_oneof![Just(0.0), 0.001f64..1e6],
        value in 0.0f64..1e6,
        policy in prop_oneof![Just("pass"), Just("fail"), Just("inconclusive"), Just("keptn")],
    ) {
        let keptn = errors_slo("");
        let history = vec![PreviousEvaluation::new(
            "b1",
            keptn.evaluate(&values(previous), &[]).unwrap(),
        )];
        let plain = keptn.evaluate(&values(value), &history).unwrap();
        let with = errors_slo(policy).evaluate(&values(value), &history).unwrap();
        let (a, b) = (&plain.indicators()[0], &with.indicators()[0]);
        if previous != 0.0 || policy == "keptn" {
            prop_assert_eq!(a, b);
            prop_assert_eq!(plain.score(), with.score());
        } else {
            let expected = match policy {
                "pass" => IndicatorStatus::Pass,
                "fail" => IndicatorStatus::Fail,
                _ => IndicatorStatus::Inconclusive,
            };
            prop_assert_eq!(b.status, expected);
            prop_assert_eq!(b.zero_baseline.map(|z| z.policy.as_str()), Some(policy));
            prop_assert_eq!(policy.parse::<ZeroBaseline>().map(ZeroBaseline::as_str), Ok(policy));
        }
    }

    /// A pinned baseline is the one evaluation with that id, pulled up to it and no further,
    /// wherever it is in the history.
    #[test]
    fn a_pin_is_found_wherever_it_is(n in 1usize..12, pick in 0usize..12, value in 1.0f64..1e4) {
        let pin = pick % n;
        let slo = Slo::parse(&PINNED.replace("build-2", &format!("build-{pin}"))).unwrap();
        let history = builds(n);
        let pulled = Cell::new(0usize);
        let source = history.iter().map(|p| {
            pulled.set(pulled.get() + 1);
            Ok::<_, String>(p)
        });
        let evaluation = slo
            .evaluate_pulling(&SliReport::from_values([("p95", value)]), source, &slogate::Limits::default())
            .unwrap()
            .unwrap();
        prop_assert_eq!(pulled.get(), n - pin);
        prop_assert_eq!(evaluation.evaluation.compared_events.clone(), vec![format!("build-{pin}")]);
        let baseline = 100.0 + 10.0 * pin as f64;
        prop_assert_eq!(evaluation.indicators()[0].baseline.map(|b| b.value), Some(baseline));
        prop_assert_eq!(evaluation.result() == Verdict::Pass, value <= baseline * 110.0 / 100.0);
    }

    /// A key SLI of weight 0 never moves the score; its failure always fails the gate.
    #[test]
    fn a_weightless_key_sli_never_moves_the_score(errors in 0.0f64..0.1, p95 in 0.0f64..1000.0) {
        let slo = Slo::parse(GATING).unwrap();
        let alone = Slo::parse("objectives:\n  - sli: p95\n    pass: [{criteria: ['<600']}]\n    warning: [{criteria: ['<800']}]\ntotal_score: {pass: 90%, warning: 50%}\n").unwrap();
        let both = slo.evaluate(&SliReport::from_values([("error_rate", errors), ("p95", p95)]), &[]).unwrap();
        let one = alone.evaluate(&SliReport::from_values([("p95", p95)]), &[]).unwrap();
        prop_assert_eq!(both.score(), one.score());
        if errors > 0.01 {
            prop_assert_eq!(both.result(), Verdict::Fail);
        } else {
            prop_assert_eq!(both.result(), one.result());
        }
    }
}
