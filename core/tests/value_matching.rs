//! Values and stored results are matched to objectives by position when they are listed in
//! objective order, by a scan when there are few, and through a hash map otherwise. Each way
//! must give the same evaluation and the same refusals.

use std::fmt::Write as _;

use slogate::{ErrorCode, IndicatorValue, PreviousEvaluation, SliReport, Slo};

fn slo(objectives: usize) -> Slo {
    let mut text = String::from("comparison:\n  compare_with: several_results\n  number_of_comparison_results: 3\nobjectives:\n");
    for i in 0..objectives {
        writeln!(
            text,
            "  - sli: m{i}\n    pass: [{{criteria: ['<=+10%', '<{}']}}]\n    warning: [{{criteria: ['<=+30%']}}]",
            500 + i
        )
        .unwrap();
    }
    text.push_str("total_score: {pass: 90%, warning: 50%}\n");
    Slo::parse(&text).unwrap()
}

fn values(objectives: usize, round: usize) -> Vec<IndicatorValue> {
    (0..objectives)
        .map(|i| IndicatorValue::new(format!("m{i}"), (300 + (i * 37 + round * 53) % 400) as f64))
        .collect()
}

fn history(slo: &Slo, objectives: usize) -> Vec<PreviousEvaluation> {
    (1..=3)
        .map(|round| {
            let report = SliReport::new(values(objectives, round));
            PreviousEvaluation::new(format!("ev-{round}"), slo.evaluate(&report, &[]).unwrap())
        })
        .collect()
}

#[test]
fn the_order_of_values_and_stored_results_does_not_change_the_evaluation() {
    // 10 stays under the scanned size, 40 goes past it to the hash map.
    for objectives in [10, 40] {
        let slo = slo(objectives);
        let stored = history(&slo, objectives);
        let in_order = SliReport::new(values(objectives, 0));
        let expected = slo.evaluate(&in_order, &stored).unwrap();
        assert!(expected
            .indicators()
            .iter()
            .all(|r| r.baseline.is_some_and(|b| b.values == 3)));

        let mut reversed = values(objectives, 0);
        reversed.reverse();
        let mut shuffled_history = stored.clone();
        for previous in &mut shuffled_history {
            previous
                .evaluation
                .evaluation
                .indicator_results
                .rotate_left(3);
        }
        let mut with_extra = values(objectives, 0);
        with_extra.push(IndicatorValue::new("unscored", 1.0));

        for (report, history) in [
            (SliReport::new(reversed.clone()), stored.as_slice()),
            (in_order.clone(), shuffled_history.as_slice()),
            (SliReport::new(reversed), shuffled_history.as_slice()),
            (SliReport::new(with_extra), stored.as_slice()),
        ] {
            let actual = slo.evaluate(&report, history).unwrap();
            assert_eq!(actual, expected, "{objectives} objectives");
        }
    }
}

#[test]
fn a_missing_value_or_stored_result_is_missing_in_every_order() {
    for objectives in [10, 40] {
        let slo = slo(objectives);
        let mut stored = history(&slo, objectives);
        // The newest stored result lacks m1: its baseline has two values.
        stored[0].evaluation.evaluation.indicator_results.remove(1);
        let mut current = values(objectives, 0);
        current.remove(2);
        let evaluation = slo.evaluate(&SliReport::new(current), &stored).unwrap();
        let results = evaluation.indicators();
        assert_eq!(results[1].baseline.map(|b| b.values), Some(2));
        assert_eq!(results[0].baseline.map(|b| b.values), Some(3));
        assert!(!results[2].value.as_ref().unwrap().success);
    }
}

#[test]
fn duplicate_values_are_refused_alike_at_every_size() {
    for objectives in [3, 10, 40] {
        let slo = slo(objectives);
        let mut current = values(objectives, 0);
        current.push(IndicatorValue::new("m1", 1.0));
        current.push(IndicatorValue::new("m1", 2.0));
        let err = slo.evaluate(&SliReport::new(current), &[]).unwrap_err();
        assert_eq!(err.problems().len(), 2, "{objectives}");
        for (problem, position) in err.problems().iter().zip([objectives, objectives + 1]) {
            assert_eq!(problem.code(), ErrorCode::DuplicateIndicatorValue);
            assert_eq!(problem.path(), format!("indicatorValues[{position}]"));
            assert_eq!(
                problem.message(),
                "metric 'm1' is reported twice (first at indicatorValues[1]); each metric may have one value"
            );
        }
    }
}

#[test]
fn a_duplicate_in_a_stored_result_counts_both_values() {
    let slo = slo(10);
    let mut stored = history(&slo, 10);
    let copy = stored[0].evaluation.evaluation.indicator_results[4].clone();
    stored[0].evaluation.evaluation.indicator_results.push(copy);
    let evaluation = slo
        .evaluate(&SliReport::new(values(10, 0)), &stored)
        .unwrap();
    assert_eq!(
        evaluation.indicators()[4].baseline.map(|b| b.values),
        Some(4)
    );
    assert_eq!(
        evaluation.indicators()[5].baseline.map(|b| b.values),
        Some(3)
    );
}

#[test]
fn a_non_finite_value_is_refused_in_every_order() {
    for objectives in [10, 40] {
        let slo = slo(objectives);
        let mut current = values(objectives, 0);
        current[5].value = f64::NAN;
        let aligned = slo
            .evaluate(&SliReport::new(current.clone()), &[])
            .unwrap_err();
        current.reverse();
        let reversed = slo.evaluate(&SliReport::new(current), &[]).unwrap_err();
        assert_eq!(aligned.code(), ErrorCode::NonFiniteValue);
        assert_eq!(reversed.code(), ErrorCode::NonFiniteValue);

        let mut stored = history(&slo, objectives);
        if let Some(value) = stored[1].evaluation.evaluation.indicator_results[7]
            .value
            .as_mut()
        {
            value.value = f64::INFINITY;
        }
        let err = slo
            .evaluate(&SliReport::new(values(objectives, 0)), &stored)
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::NonFiniteValue);
        assert_eq!(
            err.to_string(),
            "history: the stored value of 'm7' in the evaluation 'ev-2' is Infinity; expected a finite number"
        );
    }
}
