//! Units and directions under `extensions: slogate/v1`: criteria written with units, converted
//! to the declared one, explanations in words, and refusals.

use proptest::prelude::*;
use slogate::{
    change_in_words, explain, Criterion, ErrorCode, Evaluation, PreviousEvaluation, SliReport, Slo,
    Threshold, Unit,
};

const SLO: &str = "extensions: slogate/v1
objectives:
  - sli: p95
    unit: ms
    better: lower
    pass: [{criteria: ['<=+10%', '<= 1s']}]
    warning: [{criteria: ['<1.5s']}]
  - sli: throughput
    unit: req/s
    better: higher
    pass: [{criteria: ['>=-5%']}]
  - sli: errors
    better: lower
    pass: [{criteria: ['<=+20%']}]
total_score: {pass: 90%, warning: 50%}
";

fn run(slo: &Slo, p95: f64, rps: f64, errors: f64, history: &[PreviousEvaluation]) -> Evaluation {
    slo.evaluate(
        &SliReport::from_values([("p95", p95), ("throughput", rps), ("errors", errors)]),
        history,
    )
    .unwrap()
}

#[test]
fn explanations_say_slower_and_less_throughput_with_units() {
    let slo = Slo::parse(SLO).unwrap();
    let first = run(&slo, 500.0, 400.0, 0.02, &[]);
    let history = [PreviousEvaluation::new("b1", first)];
    let evaluation = run(&slo, 560.0, 368.0, 0.03, &history);
    let lines: Vec<String> = evaluation.indicators().iter().map(explain).collect();
    assert_eq!(
        lines,
        [
            "p95 = 560 ms, 12% slower than the previous result (500 ms): warning (the pass criteria are not met: <=+10% is violated; the warning criteria are met); pass: <=+10% violated (target 550 ms = the previous result (500 ms) +10%), <= 1s met (fixed target 1000 ms); warning: <1.5s met (fixed target 1500 ms)",
            "throughput = 368 req/s, 8% less throughput than the previous result (400 req/s): fail (the pass criteria are not met: >=-5% is violated and there are no warning criteria); pass: >=-5% violated (target 380 req/s = the previous result (400 req/s) -5%)",
            "errors = 0.03, 50% higher (worse) than the previous result (0.02): fail (the pass criteria are not met: <=+20% is violated and there are no warning criteria); pass: <=+20% violated (target 0.024 = the previous result (0.02) +20%)",
        ]
    );
    // The unit and direction travel with the result's JSON and explain the same read back.
    let json = evaluation.to_json();
    assert!(json.contains(r#""unit":"ms","better":"lower""#), "{json}");
    let back = Evaluation::from_json(&json).unwrap();
    assert_eq!(
        explain(&back.indicators()[1]),
        "throughput = 368 req/s, 8% less throughput than the compared value (400 req/s): fail (the pass criteria are not met: >=-5% is violated and there are no warning criteria); pass: >=-5% violated (target 380 req/s = the compared value (400 req/s) -5%)"
    );
}

#[test]
fn a_criterion_with_its_unit_converts_to_the_declared_one() {
    let slo = Slo::parse(SLO).unwrap();
    let sets = &slo.objectives()[0];
    assert_eq!(
        sets.pass[0].criteria[1].threshold(),
        Threshold::Fixed(1000.0)
    );
    assert_eq!(
        sets.warning[0].criteria[0].threshold(),
        Threshold::Fixed(1500.0)
    );
    assert_eq!(sets.pass[0].criteria[1].to_string(), "<= 1s");
    let slow = run(&slo, 1200.0, 400.0, 0.0, &[]);
    assert_eq!(slow.indicators()[0].status.as_str(), "warning");
    let ms = Some("ms".parse::<Unit>().unwrap());
    let delta = Criterion::parse_in_unit("<=+50ms", ms).unwrap();
    assert_eq!(delta.threshold(), Threshold::Delta(50.0));
    let micro = Criterion::parse_in_unit("<250us", ms).unwrap();
    assert_eq!(micro.threshold(), Threshold::Fixed(0.25));
}

#[test]
fn units_are_refused_where_they_do_not_fit() {
    let cases = [
        // No unit declared, under the extension.
        ("extensions: slogate/v1\nobjectives:\n  - sli: a\n    pass: [{criteria: ['<600ms']}]\ntotal_score: {pass: 90%}\n",
         ErrorCode::InvalidUnit, "invalid criterion '<600ms': 'ms' is a unit, but the objective declares none; add e.g. 'unit: ms' to the objective"),
        // A unit of another kind.
        ("extensions: slogate/v1\nobjectives:\n  - sli: a\n    unit: ms\n    pass: [{criteria: ['<5req/s']}]\ntotal_score: {pass: 90%}\n",
         ErrorCode::InvalidUnit, "invalid criterion '<5req/s': 'req/s' does not convert to the objective's unit 'ms'"),
        // Without the extension, Keptn's grammar: no units at all.
        ("objectives:\n  - sli: a\n    pass: [{criteria: ['<600ms']}]\ntotal_score: {pass: 90%}\n",
         ErrorCode::InvalidCriterion, "invalid criterion '<600ms': unexpected character 'm' after the number '600'; expected nothing more (units are not allowed)"),
    ];
    for (text, code, message) in cases {
        let err = Slo::parse(text).unwrap_err();
        assert_eq!(err.code(), code, "{text}");
        assert_eq!(err.first().message(), message, "{text}");
        assert_eq!(err.path(), "objectives[0].pass[0].criteria[0]");
    }
}

proptest! {
    /// A criterion written in seconds is the same criterion as one in milliseconds.
    #[test]
    fn seconds_and_milliseconds_agree(limit in 0.001f64..100.0, value in 0.0f64..1e5) {
        let ms = Some("ms".parse::<Unit>().unwrap());
        let in_seconds = Criterion::parse_in_unit(&format!("<{limit}s"), ms).unwrap();
        let Threshold::Fixed(converted) = in_seconds.threshold() else { unreachable!() };
        prop_assert!((converted - limit * 1000.0).abs() <= 1e-9 * converted.abs().max(1.0));
        prop_assert_eq!(in_seconds.is_met(value, None), value < converted);
    }

    /// The words follow the sign of the change, and say nothing against a zero baseline.
    #[test]
    fn words_follow_the_sign(value in -1e6f64..1e6, base in prop_oneof![Just(0.0), 1.0f64..1e6]) {
        let ms = "ms".parse().ok();
        let words = change_in_words(value, base, ms, None);
        if base == 0.0 {
            prop_assert!(words.is_none());
        } else {
            let words = words.unwrap();
            let change = ((value - base) / base * 1000.0).round();
            if change > 0.0 {
                prop_assert!(words.ends_with("% slower"), "{}", words);
            } else if change < 0.0 {
                prop_assert!(words.ends_with("% faster"), "{}", words);
            } else {
                prop_assert_eq!(words, "no change");
            }
        }
    }
}
