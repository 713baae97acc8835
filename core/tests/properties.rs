//! Invariants that hold for every valid SLO and every input.

use std::fmt::Write as _;

use proptest::prelude::*;
use slogate::{
    Criterion, IndicatorStatus, Operator, PreviousEvaluation, SliReport, Slo, Threshold, Verdict,
};

const OPERATORS: [&str; 5] = ["<", "<=", "=", ">=", ">"];

/// A criterion as text, from its parts.
fn criterion_text() -> impl Strategy<Value = String> {
    (
        0..OPERATORS.len(),
        prop_oneof![Just(""), Just("+"), Just("-")],
        0u32..100_000,
        0u32..1000,
        any::<bool>(),
    )
        .prop_map(|(op, sign, whole, fraction, percent)| {
            format!(
                "{}{sign}{whole}.{fraction:03}{}",
                OPERATORS[op],
                if percent { "%" } else { "" }
            )
        })
}

#[derive(Clone, Debug)]
struct ObjectiveSpec {
    pass: Vec<Vec<String>>,
    warning: Vec<Vec<String>>,
    weight: u32,
    key: bool,
}

fn objective_spec() -> impl Strategy<Value = ObjectiveSpec> {
    let sets = || prop::collection::vec(prop::collection::vec(criterion_text(), 1..3), 0..3);
    (sets(), sets(), 1u32..5, any::<bool>()).prop_map(|(pass, warning, weight, key)| {
        ObjectiveSpec {
            pass,
            warning,
            weight,
            key,
        }
    })
}

fn yaml_list(sets: &[Vec<String>]) -> String {
    let sets: Vec<String> = sets
        .iter()
        .map(|set| {
            let items: Vec<String> = set.iter().map(|c| format!("'{c}'")).collect();
            format!("{{criteria: [{}]}}", items.join(", "))
        })
        .collect();
    format!("[{}]", sets.join(", "))
}

fn slo_text(objectives: &[ObjectiveSpec], aggregate: &str, pass: u32, warning: u32) -> String {
    let mut text = format!(
        "comparison:\n  compare_with: several_results\n  number_of_comparison_results: 3\n  aggregate_function: {aggregate}\nobjectives:\n"
    );
    for (i, o) in objectives.iter().enumerate() {
        let _ = write!(
            text,
            "  - sli: m{i}\n    weight: {}\n    key_sli: {}\n    pass: {}\n    warning: {}\n",
            o.weight,
            o.key,
            yaml_list(&o.pass),
            yaml_list(&o.warning)
        );
    }
    let _ = write!(
        text,
        "total_score:\n  pass: \"{pass}%\"\n  warning: \"{warning}%\"\n"
    );
    text
}

fn values(n: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-1e6..1e6f64, n)
}

fn report(values: &[f64]) -> SliReport {
    SliReport::from_values(
        values
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("m{i}"), *v)),
    )
}

/// A workload: an SLO, current values and three earlier rounds of values.
fn workload() -> impl Strategy<Value = (String, Vec<f64>, Vec<Vec<f64>>)> {
    (
        prop::collection::vec(objective_spec(), 1..6),
        prop_oneof![Just("avg"), Just("p50"), Just("p90"), Just("p95")],
        0u32..=100,
        0u32..=100,
    )
        .prop_flat_map(|(objectives, aggregate, pass, warning)| {
            let n = objectives.len();
            (
                Just(slo_text(
                    &objectives,
                    aggregate,
                    pass.max(warning),
                    warning.min(pass),
                )),
                values(n),
                prop::collection::vec(values(n), 0..4),
            )
        })
}

fn history(slo: &Slo, rounds: &[Vec<f64>]) -> Vec<PreviousEvaluation> {
    let mut history: Vec<PreviousEvaluation> = Vec::new();
    for (i, round) in rounds.iter().enumerate() {
        let evaluation = slo.evaluate(&report(round), &history).unwrap();
        history.insert(0, PreviousEvaluation::new(format!("ev-{i}"), evaluation));
    }
    history
}

fn rank(status: IndicatorStatus) -> u8 {
    match status {
        IndicatorStatus::Pass => 2,
        IndicatorStatus::Warning => 1,
        IndicatorStatus::Fail | IndicatorStatus::Info | IndicatorStatus::Inconclusive => 0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn score_stays_within_0_and_100((text, now, rounds) in workload()) {
        let slo = Slo::parse(&text).unwrap();
        let history = history(&slo, &rounds);
        let evaluation = slo.evaluate(&report(&now), &history).unwrap();
        prop_assert!((0.0..=100.0).contains(&evaluation.score()), "score {}", evaluation.score());
    }

    #[test]
    fn evaluation_is_deterministic((text, now, rounds) in workload()) {
        let slo = Slo::parse(&text).unwrap();
        let history = history(&slo, &rounds);
        let first = slo.evaluate(&report(&now), &history).unwrap();
        let again = Slo::parse(&text).unwrap().evaluate(&report(&now), &history).unwrap();
        prop_assert_eq!(first.to_json(), again.to_json());
    }

    #[test]
    fn an_info_objective_never_changes_score_or_result(
        (text, now, rounds) in workload(),
        info_value in -1e6..1e6f64,
        warning in prop::collection::vec(prop::collection::vec(criterion_text(), 1..3), 0..2),
    ) {
        let slo = Slo::parse(&text).unwrap();
        let history = history(&slo, &rounds);
        let before = slo.evaluate(&report(&now), &history).unwrap();

        let info = format!("  - sli: info_metric\n    warning: {}\n", yaml_list(&warning));
        let with_info = text.replacen("objectives:\n", &format!("objectives:\n{info}"), 1);
        let slo = Slo::parse(&with_info).unwrap();
        let mut values = report(&now);
        values.indicator_values.push(slogate::IndicatorValue::new("info_metric", info_value));
        let after = slo.evaluate(&values, &history).unwrap();
        prop_assert_eq!(before.score(), after.score());
        prop_assert_eq!(before.result(), after.result());
        prop_assert_eq!(after.indicators()[0].status, IndicatorStatus::Info);
    }

    #[test]
    fn raising_a_value_never_helps_an_objective_with_upper_bounds_only(
        pass in prop::collection::vec(prop::collection::vec((any::<bool>(), 0u32..1000), 1..3), 1..3),
        warning in prop::collection::vec(prop::collection::vec((any::<bool>(), 0u32..1000), 1..3), 0..3),
        value in -2000.0..2000.0f64,
        raise in 0.0..2000.0f64,
    ) {
        let sets = |sets: &Vec<Vec<(bool, u32)>>| -> Vec<Vec<String>> {
            sets.iter()
                .map(|set| set.iter().map(|(strict, n)| format!("{}{n}", if *strict { "<" } else { "<=" })).collect())
                .collect()
        };
        let spec = ObjectiveSpec { pass: sets(&pass), warning: sets(&warning), weight: 1, key: false };
        let slo = Slo::parse(&slo_text(&[spec], "avg", 90, 50)).unwrap();
        let low = slo.evaluate(&report(&[value]), &[]).unwrap();
        let high = slo.evaluate(&report(&[value + raise]), &[]).unwrap();
        prop_assert!(rank(high.indicators()[0].status) <= rank(low.indicators()[0].status));
        prop_assert!(high.score() <= low.score());
    }

    #[test]
    fn every_criterion_round_trips_through_display_and_from_str(
        op in 0..OPERATORS.len(),
        sign in prop_oneof![Just(""), Just("+"), Just("-")],
        number in prop_oneof![
            (0u32..1_000_000).prop_map(|n| n.to_string()),
            (0u32..1000, 0u32..1000).prop_map(|(a, b)| format!("{a}.{b}")),
            (1u32..100, -20i32..20).prop_map(|(a, e)| format!("{a}e{e}")),
        ],
        percent in any::<bool>(),
        spaces in prop::collection::vec(0usize..4, 5),
    ) {
        let pad = |i: usize| " ".repeat(spaces[i]);
        let text = format!(
            "{}{}{}{sign}{}{number}{}{}",
            pad(0), OPERATORS[op], pad(1), pad(2), if percent { "%" } else { "" }, pad(3)
        );
        let criterion: Criterion = text.parse().unwrap();
        prop_assert_eq!(criterion.to_string(), text.clone());
        prop_assert_eq!(criterion.to_string().parse::<Criterion>().unwrap(), criterion.clone());
        prop_assert_eq!(criterion.operator().as_str(), OPERATORS[op]);
        let magnitude: f64 = number.parse().unwrap();
        let signed = if sign == "-" { -magnitude } else { magnitude };
        let expected = match (percent, sign) {
            (true, _) => Threshold::Percent(signed),
            (false, "") => Threshold::Fixed(magnitude),
            (false, _) => Threshold::Delta(signed),
        };
        prop_assert_eq!(criterion.threshold(), expected);
    }

    #[test]
    fn arbitrary_text_never_panics_the_parsers(text in ".{0,200}") {
        let _ = text.parse::<Criterion>().map_err(|e| e.to_string());
        let _ = Slo::parse(&text).map_err(|e| e.to_string());
        let _ = SliReport::from_json(&text).map_err(|e| e.to_string());
        let _ = PreviousEvaluation::from_json(&text).map_err(|e| e.to_string());
        let _ = slogate::Gate::parse(&text).map_err(|e| e.to_string());
        let _ = slogate::gates::Quantity::parse(&text);
    }

    #[test]
    fn arbitrary_text_inside_gates_never_panics(text in ".{0,40}") {
        use slogate::Gate;
        let j = serde_json::to_string(&text).unwrap();
        let k6 = format!(r#"{{"thresholds": {{{j}: [{j}, {{"threshold": {j}, "delayAbortEval": {j}}}], "a": [{j}]}}}}"#);
        let summary = format!(r#"{{"metrics": {{{j}: {{"values": {{{j}: 1}}}}, "a": {{"type": "trend", "values": {{{j}: 2}}}}}}}}"#);
        if let Ok(gate) = Gate::from_k6(&k6) {
            let _ = gate.evaluate_json(&summary).map(|r| r.explain());
            let _ = gate.to_keptn();
        }
        let keptn2 = format!("apiVersion: metrics.keptn.sh/v1\nkind: AnalysisDefinition\nspec:\n  objectives:\n    - analysisValueTemplateRef: {{name: a}}\n      target: {{failure: {{lessThan: {{fixedValue: {j}}}}}, warning: {{inRange: {{lowBound: 1, highBound: {j}}}}}}}\n  totalScore: {{passPercentage: 90, warningPercentage: 50}}\n");
        if let Ok(gate) = Gate::from_keptn2(&keptn2) {
            let _ = gate.evaluate_json(&format!(r#"{{"a": {j}}}"#)).map(|r| r.explain());
            let _ = gate.to_keptn();
        }
        let _ = Gate::from_keptn2(&text.replace('\\', "\n"));
        // Fixed, valid gates fed arbitrary numbers, keys and values.
        let fixed = "apiVersion: metrics.keptn.sh/v1\nkind: AnalysisDefinition\nspec:\n  objectives:\n    - analysisValueTemplateRef: {name: a}\n      target: {failure: {lessThan: {fixedValue: 1}}}\n  totalScore: {passPercentage: 90, warningPercentage: 50}\n";
        let _ = Gate::from_keptn2(fixed).unwrap().evaluate_json(&format!(r#"{{"a": {j}}}"#));
        let avg = serde_json::to_string(&format!("avg<{text}")).unwrap();
        let sub = serde_json::to_string(&format!("a{{{text}}}")).unwrap();
        for k6 in [format!(r#"{{"a": [{avg}]}}"#), format!(r#"{{{sub}: ["p(95)<1"]}}"#)] {
            if let Ok(gate) = Gate::from_k6(&k6) {
                let _ = gate.evaluate_json(r#"{"metrics": {"a": {"type": "trend", "values": {"avg": 1, "p(95)": 2}}}}"#);
            }
        }
        let spec = r#"{"indicators": [{"id": "a", "source": "S", "grading": {"type": "Threshold", "thresholds": {"upperSevere": 5, "lowerWarning": 1}, "metricScore": 3}}], "objectives": {"pass": 3, "warning": 1}}"#;
        let _ = Gate::from_perfspec(spec).unwrap().evaluate_json(&format!(r#"{{"a": [{j}]}}"#));
        let perfspec = format!(r#"{{"indicators": [{{"id": {j}, "source": "S", "grading": {{"type": "Threshold", "thresholds": {{"upperSevere": 5, "upperSeverePerc": 10}}, "metricScore": 3}}}}], "objectives": {{"pass": {j}, "warning": 1}}}}"#);
        if let Ok(gate) = Gate::from_perfspec(&perfspec) {
            let run = format!(r#"{{"values": {{{j}: [{j}, {{"key": {j}, "value": {j}}}]}}, "options": {{"context": {j}, "compareContext": 1, "individualResults": true}}, "compareWith": [{{"indicatorResults": [{{"id": {j}, "individualResults": [{{"key": {j}, "value": {j}}}]}}]}}], "timestamp": 1e300}}"#);
            let _ = gate.evaluate_json(&run).map(|r| r.explain());
            let _ = gate.to_keptn();
        }
    }
}

/// `format_number` by formatting with a precision and trimming zeros.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn reference_format(value: f64) -> String {
    let magnitude = value.abs();
    let decimals = if magnitude >= 1.0 {
        3
    } else {
        ((-magnitude.log10()).floor() as usize + 4).min(16)
    };
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    if text == "-0" {
        "0".to_owned()
    } else {
        text
    }
}

proptest! {
    #[test]
    fn numbers_are_formatted_as_rounding_to_a_precision_would(
        value in prop_oneof![
            -1e6..1e6f64,
            -1.0..1.0f64,
            -1e-6..1e-6f64,
            -1e11..1e11f64,
            // Near ties, where rounding must follow the exact value.
            (-1_000_000i64..1_000_000).prop_map(|k| (k as f64 + 0.5) / 1000.0),
        ],
    ) {
        prop_assume!(value != 0.0);
        prop_assert_eq!(slogate::format_number(value), reference_format(value));
    }
}

#[test]
fn operators_hold_as_written() {
    assert!(Operator::Less.holds(1.0, 2.0));
    assert!(!Operator::Less.holds(2.0, 2.0));
    assert!(Operator::LessOrEqual.holds(2.0, 2.0));
    assert!(Operator::Equal.holds(2.0, 2.0));
    assert!(!Operator::Equal.holds(2.000_001, 2.0));
    assert!(Operator::GreaterOrEqual.holds(2.0, 2.0));
    assert!(!Operator::Greater.holds(2.0, 2.0));
    let slo = Slo::parse(
        "objectives:\n  - sli: m0\n    pass: [{criteria: ['>1']}]\ntotal_score: {pass: 90%}\n",
    )
    .unwrap();
    assert_eq!(
        slo.evaluate(&report(&[1.0]), &[]).unwrap().result(),
        Verdict::Fail
    );
}

/// Characters YAML forbids in a document (YAML 1.2, 5.1): the C0 controls but tab, line feed
/// and carriage return, DEL, the C1 controls but NEL, and the two non-characters.
fn forbidden_character() -> impl Strategy<Value = char> {
    prop_oneof![
        (0u32..0x20)
            .prop_filter("allowed whitespace", |c| ![0x09, 0x0a, 0x0d].contains(c))
            .prop_map(|c| char::from_u32(c).unwrap()),
        Just('\u{7f}'),
        (0x80u32..0xa0)
            .prop_filter("next line", |c| *c != 0x85)
            .prop_map(|c| char::from_u32(c).unwrap()),
        Just('\u{fffe}'),
        Just('\u{ffff}'),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_forbidden_character_anywhere_in_a_valid_slo_is_refused(
        objectives in prop::collection::vec(objective_spec(), 1..4),
        c in forbidden_character(),
        place in any::<prop::sample::Index>(),
    ) {
        let text = slo_text(&objectives, "avg", 90, 75);
        prop_assert!(Slo::parse(&text).is_ok());
        let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let at = boundaries[place.index(boundaries.len())];
        let mut broken = text.clone();
        broken.insert(at, c);
        let err = Slo::parse(&broken).unwrap_err();
        prop_assert_eq!(err.code(), slogate::ErrorCode::ForbiddenCharacter);
        let line = text[..at].matches('\n').count() + 1;
        prop_assert_eq!(err.line(), Some(line));
    }
}
