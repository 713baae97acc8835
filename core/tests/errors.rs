//! Every error code, with its exact message, path and position.

use std::collections::BTreeSet;

use slogate::{
    canary, reports, ApprovalPolicy, ErrorCode, IndicatorValue, Limits, PreviousEvaluation,
    Problem, SliReport, Slo,
};

const TOTAL: &str = "total_score: {pass: 90%}\n";

/// A Keptn shipyard whose two approval tasks differ.
const SHIPYARD: &str = r#"apiVersion: "spec.keptn.sh/0.2.3"
kind: "Shipyard"
metadata:
  name: "shipyard-shop"
spec:
  stages:
    - name: "dev"
      sequences:
        - name: "delivery"
          tasks:
            - name: "deployment"
            - name: "evaluation"
    - name: "hardening"
      sequences:
        - name: "delivery"
          tasks:
            - name: "evaluation"
            - name: "approval"
              properties:
                pass: "automatic"
                warning: "manual"
    - name: "production"
      sequences:
        - name: "delivery"
          tasks:
            - name: "approval"
"#;

struct Expect {
    code: ErrorCode,
    path: &'static str,
    at: Option<(usize, usize)>,
    message: &'static str,
}

fn check(problem: &Problem, expect: &Expect, input: &str) {
    assert_eq!(problem.code(), expect.code, "code for {input:?}");
    assert_eq!(problem.path(), expect.path, "path for {input:?}");
    assert_eq!(
        problem.line().zip(problem.column()),
        expect.at,
        "position for {input:?}"
    );
    assert_eq!(problem.message(), expect.message, "message for {input:?}");
}

fn e(
    code: ErrorCode,
    path: &'static str,
    at: Option<(usize, usize)>,
    message: &'static str,
) -> Expect {
    Expect {
        code,
        path,
        at,
        message,
    }
}

fn slo_cases() -> Vec<(String, Limits, Expect)> {
    use ErrorCode as C;
    let d = Limits::default;
    vec![
        ("a: [1, 2\n".into(), d(), e(C::InvalidYaml, "", Some((2, 1)), "invalid YAML: while parsing a flow sequence, expected ',' or ']'")),
        ("objectives: []\ntotal_score: {pass: 90%, pass: 80%}\n".into(), d(), e(C::DuplicateKey, "", Some((2, 26)), "duplicate key 'pass' in this mapping")),
        (format!("objectives: []\n{TOTAL}---\na: 1\n"), d(), e(C::UnsupportedYaml, "", Some((3, 1)), "a second YAML document starts here; an SLO file holds exactly one")),
        (format!("objectives: \"x\"\n{TOTAL}"), d(), e(C::InvalidType, "objectives", Some((1, 13)), "expected a list, found 'x'")),
        (format!("objectives:\n  - sli: a\n    key_sli: maybe\n{TOTAL}"), d(), e(C::InvalidType, "objectives[0].key_sli", Some((3, 14)), "expected true or false, found 'maybe'")),
        ("# nothing here\n".into(), d(), e(C::EmptySlo, "", None, "the SLO is empty; it needs objectives and a total_score")),
        (format!("objectives:\n  - displayName: x\n{TOTAL}"), d(), e(C::MissingField, "objectives[0].sli", Some((2, 5)), "the objective has no sli; name the SLI it measures")),
        (format!("objectives:\n  - sli: a\n    pass: [{{criteria: ['lower than 600']}}]\n{TOTAL}"), d(), e(C::InvalidCriterion, "objectives[0].pass[0].criteria[0]", Some((3, 24)), "invalid criterion 'lower than 600': expected an operator (<, <=, =, >=, >) followed by a number at the start")),
        (format!("objectives:\n  - sli: a\n    pass: [{{criteria: ['<1e999']}}]\n{TOTAL}"), d(), e(C::NonFiniteNumber, "objectives[0].pass[0].criteria[0]", Some((3, 24)), "invalid criterion '<1e999': the number '1e999' is too large to be represented")),
        (format!("objectives:\n  - sli: a\n    pass:\n      - criteria: []\n{TOTAL}"), d(), e(C::EmptyCriteria, "objectives[0].pass[0].criteria", Some((4, 19)), "the criteria list is empty; a set without criteria would always hold")),
        (format!("objectives:\n  -\n  - sli: a\n{TOTAL}"), d(), e(C::NullEntry, "objectives[0]", None, "empty entry in the objectives list; remove it or give it an sli")),
        (format!("objectives:\n  - sli: a\n  - sli: a\n    pass: [{{criteria: ['<1']}}]\n{TOTAL}"), d(), e(C::DuplicateObjective, "objectives[1]", Some((3, 5)), "a second objective for sli 'a' (the first is on line 2); each SLI may have one objective with criteria, and only after it an informational one")),
        (format!("objectives:\n  - sli: a\n    weight: 0\n    pass: [{{criteria: ['<1']}}]\n{TOTAL}"), d(), e(C::InvalidWeight, "objectives[0].weight", Some((3, 13)), "weight 0 is not allowed (Keptn silently counts it as 1); write 1 or leave weight out")),
        (format!("comparison:\n  aggregate_function: max\nobjectives: []\n{TOTAL}"), d(), e(C::UnknownAggregateFunction, "comparison.aggregate_function", Some((2, 23)), "unknown aggregate_function 'max'; expected one of 'avg', 'p50', 'p90', 'p95'")),
        (format!("comparison:\n  compare_with: last\nobjectives: []\n{TOTAL}"), d(), e(C::UnknownCompareWith, "comparison.compare_with", Some((2, 17)), "unknown compare_with 'last'; expected 'single_result' or 'several_results'")),
        (format!("comparison:\n  include_result_with_score: fail\nobjectives: []\n{TOTAL}"), d(), e(C::UnknownIncludeResultWithScore, "comparison.include_result_with_score", Some((2, 30)), "unknown include_result_with_score 'fail'; expected 'all', 'pass' or 'pass_or_warn'")),
        (format!("comparison:\n  number_of_comparison_results: -1\nobjectives: []\n{TOTAL}"), d(), e(C::InvalidNumberOfComparisonResults, "comparison.number_of_comparison_results", Some((2, 33)), "number_of_comparison_results must be a positive whole number, found -1")),
        ("objectives: []\n".into(), d(), e(C::MissingTotalScore, "total_score", None, "the SLO has no total_score; add e.g. 'total_score: {pass: \"90%\", warning: \"75%\"}'")),
        ("objectives: []\ntotal_score: {pass: '90 %'}\n".into(), d(), e(C::InvalidTotalScore, "total_score.pass", Some((2, 21)), "total_score.pass '90 %' is not a number; expected a percentage between 0 and 100 such as \"90%\" or 90")),
        (format!("objectives: []\n{TOTAL}"), d().with_max_document_bytes(10), e(C::DocumentTooLarge, "", None, "the SLO is larger than the limit of 10 bytes")),
        (format!("objectives: [[[1]]]\n{TOTAL}"), d().with_max_depth(3), e(C::NestingTooDeep, "", Some((1, 15)), "the document nests deeper than 3 levels")),
        ("a: &a [1, 2, 3]\nb: [*a, *a, *a]\n".into(), d().with_max_nodes(10), e(C::TooManyNodes, "", Some((2, 13)), "the document expands to more than 10 nodes (aliases count each time they are used)")),
        (format!("objectives:\n  - sli: a\n  - sli: b\n{TOTAL}"), d().with_max_objectives(1), e(C::TooManyObjectives, "objectives", Some((2, 3)), "the SLO has 2 objectives, more than the limit of 1")),
        (format!("objectives:\n  - sli: a\n    pass: [{{criteria: ['<1', '<2']}}]\n{TOTAL}"), d().with_max_criteria_per_objective(1), e(C::TooManyCriteria, "objectives[0].pass[0].criteria", Some((3, 23)), "the objective has more than 1 criteria")),
        ("objectives: []\n\0total_score: {pass: 90%}\n".into(), d(), e(C::ForbiddenCharacter, "", Some((2, 1)), "the character U+0000 is not allowed in YAML; remove it (a NUL or another control character, typically from a broken copy or encoding)")),
        (format!("objectives:\n  - sli: a\n    pass: [{{criteria: ['<123456']}}]\n{TOTAL}"), d().with_max_criterion_bytes(4), e(C::CriterionTooLong, "objectives[0].pass[0].criteria[0]", Some((3, 24)), "criterion '<123456' is 7 bytes long, more than the limit of 4")),
        (format!("objectives:\n  - sli: a\n    model: {{kind: t_test, upper_boundary: 0.99}}\n{TOTAL}"), d(), e(C::InvalidModel, "objectives[0].model", Some((3, 12)), "'model' is a slogate extension; declare 'extensions: slogate/v1' at the top of the SLO to use it")),
        (format!("extensions: slogate/v1\nobjectives:\n  - sli: a\n    model: {{kind: z_score, upper_boundary: 1.5}}\n{TOTAL}"), d(), e(C::InvalidModel, "objectives[0].model", Some((4, 12)), "upper_boundary 1.5 is out of range for z_score; expected a probability from 0.5 up to, not including, 1")),
        (format!("extensions: slogate/v1\nobjectives:\n  - sli: a\n    model: {{kind: iqr, upper_boundary: 1.5}}\n    inconclusive: maybe\n{TOTAL}"), d(), e(C::InvalidModel, "objectives[0].inconclusive", Some((5, 19)), "unknown inconclusive policy 'maybe'; expected 'pass', 'warning', 'fail' or 'ignore'")),
        (format!("objectives:\n  - sli: a\n    keySli: true\n{TOTAL}"), d().with_strict(true), e(C::UnknownKey, "objectives[0].keySli", Some((3, 5)), "unknown key 'keySli'; did you mean 'key_sli'?")),
        (format!("objectives:\n  - sli: a\n    zero_baseline: pass\n    pass: [{{criteria: ['<=+10%']}}]\n{TOTAL}"), d(), e(C::InvalidExtension, "objectives[0].zero_baseline", Some((3, 20)), "'zero_baseline' is a slogate extension; declare 'extensions: slogate/v1' at the top of the SLO to use it")),
        (format!("extensions: slogate/v1\nobjectives:\n  - sli: a\n    zero_baseline: skip\n    pass: [{{criteria: ['<=+10%']}}]\n{TOTAL}"), d(), e(C::InvalidExtension, "objectives[0].zero_baseline", Some((4, 20)), "unknown zero_baseline policy 'skip'; expected 'keptn', 'pass', 'fail' or 'inconclusive'")),
        (format!("comparison: {{pinned_baseline: build-7}}\nobjectives: []\n{TOTAL}"), d(), e(C::InvalidExtension, "comparison.pinned_baseline", Some((1, 31)), "'pinned_baseline' is a slogate extension; declare 'extensions: slogate/v1' at the top of the SLO to use it")),
        (format!("extensions: slogate/v1\ncomparison: {{pinned_baseline: ''}}\nobjectives: []\n{TOTAL}"), d(), e(C::InvalidExtension, "comparison.pinned_baseline", Some((2, 31)), "pinned_baseline is empty; name the id of the stored evaluation to compare with")),
        (format!("extensions: slogate/v1\nobjectives:\n  - sli: a\n    weight: 0\n    pass: [{{criteria: ['<1']}}]\n{TOTAL}"), d(), e(C::InvalidWeight, "objectives[0].weight", Some((4, 13)), "weight 0 is allowed only on a key SLI, which then gates without scoring; add 'key_sli: true' or write a weight of at least 1")),
        (format!("extensions: slogate/v1\nobjectives:\n  - sli: a\n    inconclusive: fail\n    pass: [{{criteria: ['<1']}}]\n{TOTAL}"), d(), e(C::InvalidModel, "objectives[0].inconclusive", Some((4, 19)), "'inconclusive' applies to a model or to 'zero_baseline: inconclusive'; add one to the objective")),
        (format!("objectives:\n  - sli: a\n    unit: ms\n{TOTAL}"), d().with_strict(true), e(C::UnknownKey, "objectives[0].unit", Some((3, 5)), "'unit' takes effect only under 'extensions: slogate/v1'; without it, it is ignored as Keptn ignores it")),
        (format!("extensions: slogate/v1\nobjectives:\n  - sli: a\n    unit: parsecs\n{TOTAL}"), d(), e(C::InvalidUnit, "objectives[0].unit", Some((4, 11)), "unknown unit 'parsecs'; expected one of ns, us, µs, ms, s, min, h, req/s, req/min, ops/s, B, kB, KB, MB, GB, KiB, MiB, GiB, %, count")),
        (format!("extensions: slogate/v1\nobjectives:\n  - sli: a\n    better: faster\n{TOTAL}"), d(), e(C::InvalidUnit, "objectives[0].better", Some((4, 13)), "unknown direction 'faster'; expected 'lower' or 'higher'")),
        (format!("extensions: slogate/v1\nobjectives:\n  - sli: a\n    unit: ms\n    pass: [{{criteria: ['<2GB']}}]\n{TOTAL}"), d(), e(C::InvalidUnit, "objectives[0].pass[0].criteria[0]", Some((5, 24)), "invalid criterion '<2GB': 'GB' does not convert to the objective's unit 'ms'")),
    ]
}

/// Warnings: the SLO is used as written, and each is reported with its place.
fn warning_cases() -> Vec<(String, Expect)> {
    use ErrorCode as C;
    vec![
        (format!("objectives:\n  - sli: a\n    keySli: true\n{TOTAL}"), e(C::UnknownKey, "objectives[0].keySli", Some((3, 5)), "unknown key 'keySli'; did you mean 'key_sli'?")),
        (format!("objectives:\n  - sli: a\n    Pas: [{{criteria: ['<1']}}]\n{TOTAL}"), e(C::UnknownKey, "objectives[0].Pas", Some((3, 5)), "unknown key 'Pas'; did you mean 'pass'?")),
        (format!("objectives:\n  - sli: a\n    wieght: 2\n{TOTAL}"), e(C::UnknownKey, "objectives[0].wieght", Some((3, 5)), "unknown key 'wieght'; did you mean 'weight'?")),
        (format!("objectivs: []\n{TOTAL}"), e(C::UnknownKey, "objectivs", Some((1, 1)), "unknown key 'objectivs'; did you mean 'objectives'?")),
        ("objectives: []\ntotal_score: {pass: 90%, warn: 75%}\n".into(), e(C::UnknownKey, "total_score.warn", Some((2, 26)), "unknown key 'warn'; did you mean 'warning'?")),
        (format!("comparison:\n  compare: several_results\nobjectives: []\n{TOTAL}"), e(C::UnknownKey, "comparison.compare", Some((2, 3)), "unknown key 'compare'; did you mean 'compare_with'?")),
        (format!("objectives:\n  - sli: a\n    pass: [{{criteria: ['<1'], citeria: ['<2']}}]\n{TOTAL}"), e(C::UnknownKey, "objectives[0].pass[0].citeria", Some((3, 31)), "unknown key 'citeria'; did you mean 'criteria'?")),
        (format!("objectives:\n  - sli: a\n    pass: [{{criteria: ['<1']}}]\n  - sli: a\n    displayName: A again\n{TOTAL}"), e(C::DuplicateInfoObjective, "objectives[1]", Some((4, 5)), "a second objective for sli 'a' (the first is on line 2) has no criteria; it is reported as an info row without a value, as Keptn does")),
        (format!("owner: team-a\nobjectives: []\n{TOTAL}"), e(C::UnknownKey, "owner", Some((1, 1)), "unknown key 'owner'; expected one of spec_version, filter, comparison, objectives, total_score, extensions")),
    ]
}

#[test]
fn every_warning_has_an_exact_message_path_and_position() {
    for (text, expect) in warning_cases() {
        let slo = Slo::parse(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(slo.warnings().len(), 1, "{text:?}: {:?}", slo.warnings());
        let warning = &slo.warnings()[0];
        check(warning, &expect, &text);
        assert_eq!(warning.severity(), slogate::Severity::Warning);
        assert_eq!(warning.document(), Some(slogate::InputDocument::Slo));
        let err = Slo::parse_with_limits(&text, &Limits::default().with_strict(true)).unwrap_err();
        assert_eq!(err.problems().len(), 1, "{text:?}: {err}");
        check(err.first(), &expect, &text);
        assert_eq!(err.first().severity(), slogate::Severity::Error);
    }
}

#[test]
fn every_slo_error_has_an_exact_message_path_and_position() {
    for (text, limits, expect) in slo_cases() {
        let err = Slo::parse_with_limits(&text, &limits).unwrap_err();
        assert_eq!(err.problems().len(), 1, "{text:?}: {err}");
        check(err.first(), &expect, &text);
    }
}

#[test]
fn every_problem_of_a_document_is_reported_in_document_order() {
    let text = "comparison:\n  aggregate_function: max\nobjectives:\n  - sli: a\n    weight: -2\n    pass: [{criteria: ['=>600']}]\n  -\n";
    let err = Slo::parse(text).unwrap_err();
    let codes: Vec<&str> = err.problems().iter().map(|p| p.code().as_str()).collect();
    assert_eq!(
        codes,
        [
            "unknown_aggregate_function",
            "invalid_weight",
            "invalid_criterion",
            "null_entry",
            "missing_total_score"
        ]
    );
    assert_eq!(err.code(), ErrorCode::UnknownAggregateFunction);
    assert_eq!(err.path(), "comparison.aggregate_function");
    assert_eq!((err.line(), err.column()), (Some(2), Some(23)));
    assert!(err.to_string().starts_with("5 problems in the SLO:\n  - comparison.aggregate_function (line 2, column 23): unknown aggregate_function 'max'"));
}

#[test]
fn a_problem_renders_a_code_frame() {
    let text =
        "objectives:\n  - sli: a\n    pass: [{criteria: ['<600ms']}]\ntotal_score: {pass: 90%}\n";
    let err = Slo::parse(text).unwrap_err();
    assert_eq!(
        err.first().render(text),
        "objectives[0].pass[0].criteria[0] (line 3, column 24): invalid criterion '<600ms': unexpected character 'm' after the number '600'; expected nothing more (units are not allowed)\n  |\n3 |     pass: [{criteria: ['<600ms']}]\n  |                        ^"
    );
}

fn canary_problem(settings: &canary::CanarySettings, metrics: &[canary::CanaryMetric]) -> Problem {
    let samples = canary::CanarySamples::from_values([("p95", vec![1.0])]);
    canary::judge(&samples, &samples, metrics, settings)
        .unwrap_err()
        .first()
        .clone()
}

fn input_and_evaluation_problems() -> Vec<(&'static str, Problem, Expect)> {
    use ErrorCode as C;
    let slo = Slo::parse(&format!(
        "objectives:\n  - sli: a\n    pass: [{{criteria: ['<1']}}]\n{TOTAL}"
    ))
    .unwrap();
    let eval = |values: Vec<IndicatorValue>, history: &[PreviousEvaluation], limits: &Limits| {
        slo.evaluate_with_limits(&SliReport::new(values), history, limits)
            .unwrap_err()
            .first()
            .clone()
    };
    let ok = slo
        .evaluate(&SliReport::from_values([("a", 0.5)]), &[])
        .unwrap();
    // Invalidated results never complete the basis, so both are examined.
    let history: Vec<PreviousEvaluation> = ["x", "y"]
        .into_iter()
        .map(|id| PreviousEvaluation {
            invalidated: true,
            ..PreviousEvaluation::new(id, ok.clone())
        })
        .collect();
    let pinned_slo = |id: &str| {
        Slo::parse(&format!(
            "extensions: slogate/v1\ncomparison: {{pinned_baseline: {id}}}\nobjectives:\n  - sli: a\n    pass: [{{criteria: ['<=+10%']}}]\n{TOTAL}"
        ))
        .unwrap()
    };
    let (pinned, pinned_7) = (pinned_slo("x"), pinned_slo("build-7"));
    vec![
        ("invalid json", SliReport::from_json("{").unwrap_err().first().clone(),
            e(C::InvalidJson, "", Some((1, 1)), "invalid SLI values JSON: the text ends inside an object")),
        ("plain value not a number", SliReport::from_json(r#"{"a": "fast"}"#).unwrap_err().first().clone(),
            e(C::InvalidInput, "a", None, "the value of 'a' must be a number, found the string \"fast\"")),
        ("history without result", PreviousEvaluation::from_json(r#"{"id": "x", "evaluation": {"result": "pass"}}"#).unwrap_err().first().clone(),
            e(C::InvalidInput, "result", None, "a stored evaluation needs 'result' (or the whole evaluation under 'data')")),
        ("duplicate values", eval(vec![IndicatorValue::new("a", 1.0), IndicatorValue::new("a", 2.0)], &[], &Limits::default()),
            e(C::DuplicateIndicatorValue, "indicatorValues[1]", None, "metric 'a' is reported twice (first at indicatorValues[0]); each metric may have one value")),
        ("nan value", eval(vec![IndicatorValue::new("a", f64::NAN)], &[], &Limits::default()),
            e(C::NonFiniteValue, "indicatorValues[0]", None, "the value of 'a' is NaN; expected a finite number")),
        ("pinned baseline missing", pinned.evaluate(&SliReport::from_values([("a", 0.5)]), &history[..1]).unwrap_err().first().clone(),
            e(C::PinnedBaselineNotFound, "history", None, "the stored evaluation 'x' named by comparison.pinned_baseline is invalidated; pin an evaluation that is not")),
        ("pinned baseline not held", pinned_7.evaluate(&SliReport::from_values([("a", 0.5)]), &history).unwrap_err().first().clone(),
            e(C::PinnedBaselineNotFound, "history", None, "comparison.pinned_baseline names the evaluation 'build-7', but none of the 2 stored evaluations has it")),
        ("history too long", eval(vec![], &history, &Limits::default().with_max_history(1)),
            e(C::HistoryTooLong, "history", None, "more than the limit of 1 stored evaluations were passed")),
        ("input too large", Limits::default().with_max_input_bytes(3).read_input(&b"{}  "[..]).unwrap().unwrap_err().first().clone(),
            e(C::InputTooLarge, "", None, "the input is larger than the limit of 3 bytes")),
        ("list too long", Limits::default().check_list_length("indicatorValues", 4_294_967_295).unwrap_err().first().clone(),
            e(C::ListTooLong, "indicatorValues", None, "the list has 4294967295 items, more than the limit of 1000000")),
        ("io error", Problem::io("read", "SLO file", "slo.yaml", &std::io::Error::from_raw_os_error(2)),
            e(C::IoError, "", None, "cannot read the SLO file 'slo.yaml': no such file or directory")),
        ("indent too wide", Limits::default().check_indent(1_000_000_000).unwrap_err().first().clone(),
            e(C::IndentTooWide, "indent", None, "an indentation of 1000000000 spaces is wider than the limit of 16")),
        ("internal", Problem::internal("index out of bounds"),
            e(C::InternalError, "", None, "internal error in slogate (please report it): index out of bounds")),
        ("usage", Problem::new(C::InvalidArgument, "", "--slo and --sli cannot both read standard input"),
            e(C::InvalidArgument, "", None, "--slo and --sli cannot both read standard input")),
        ("incomplete line", Problem::incomplete_line(12, true),
            e(C::IncompleteLine, "", None, "the last line is incomplete (12 bytes without a closing newline, left by an interrupted write); it is skipped and removed; the complete lines before it are kept")),
        ("io error, control characters in the name", Problem::io("read", "SLO file", "a\0b\n.yaml", &std::io::Error::from_raw_os_error(2)),
            e(C::IoError, "", None, "cannot read the SLO file 'a\\u{0}b\\u{a}.yaml': no such file or directory")),
        ("not utf-8", Problem::not_utf8("SLI file", "sli.json", 3),
            e(C::InvalidEncoding, "", None, "the SLI file 'sli.json' is not UTF-8 text (invalid byte at offset 3)")),
        ("missing metric", reports::require_metrics(&slo, &SliReport::from_values([("b", 1.0)]), "k6 summary").unwrap_err().first().clone(),
            e(C::MissingMetric, "objectives[0].sli", Some((2, 5)), "the k6 summary has no metric 'a'; it has: b")),
        ("approval mode", "pass=automatic,warning=later".parse::<ApprovalPolicy>().unwrap_err().first().clone(),
            e(C::InvalidApproval, "warning", Some((1, 24)), "invalid approval mode 'later' for `warning`; expected `automatic` or `manual`")),
        ("approval key", ApprovalPolicy::from_yaml("pass: automatic
fail: manual
", None).unwrap_err().first().clone(),
            e(C::InvalidApproval, "fail", Some((2, 7)), "unknown approval property 'fail'; expected `pass` or `warning` (a failed evaluation is never promoted)")),
        ("no approval task", ApprovalPolicy::from_yaml(SHIPYARD, Some("dev")).unwrap_err().first().clone(),
            e(C::MissingApproval, "spec.stages", None, "the shipyard's stage 'dev' has no `approval` task")),
        ("approvals differ", ApprovalPolicy::from_yaml(SHIPYARD, None).unwrap_err().first().clone(),
            e(C::AmbiguousApproval, "spec.stages[2].sequences[0].tasks[0]", Some((26, 15)), "the approval tasks of stage 'hardening' (pass=automatic,warning=manual) and stage 'production' (pass=manual,warning=manual) differ; name the stage to read")),
        ("canary confidence", canary_problem(&canary::CanarySettings { confidence: 1.0, ..Default::default() }, &[]),
            e(C::InvalidCanarySettings, "confidence", None, "confidence is 1; expected a number between 0 and 1, exclusive")),
        ("canary thresholds", canary_problem(&canary::CanarySettings { marginal_threshold: 96.0, ..Default::default() }, &[]),
            e(C::InvalidCanarySettings, "marginal_threshold", None, "marginal_threshold is 96; expected at most the pass threshold")),
        ("canary weight", canary_problem(&canary::CanarySettings::default(), &[canary::CanaryMetric { weight: 0.0, ..canary::CanaryMetric::new("p95") }]),
            e(C::InvalidCanarySettings, "p95", None, "the weight of 'p95' is 0; expected a positive number")),
        ("canary sample", canary::CanarySamples::from_json(r#"{"p95": [1, "x"]}"#).unwrap_err().first().clone(),
            e(C::InvalidInput, "p95[1]", None, "a sample of 'p95' must be a number, found the string \"x\"")),
        ("canary non-finite", canary::judge(&canary::CanarySamples::from_values([("p95", vec![f64::INFINITY])]), &canary::CanarySamples::new(), &[], &canary::CanarySettings::default()).unwrap_err().first().clone(),
            e(C::NonFiniteValue, "baseline.p95", None, "the baseline sample of 'p95' is Infinity; expected a finite number")),
    ]
}

#[test]
fn every_input_and_evaluation_error_has_an_exact_message() {
    for (name, problem, expect) in input_and_evaluation_problems() {
        check(&problem, &expect, name);
    }
}

#[test]
fn every_error_code_is_exercised_by_these_tests() {
    let mut seen: BTreeSet<ErrorCode> = slo_cases().iter().map(|(_, _, e)| e.code).collect();
    seen.extend(
        input_and_evaluation_problems()
            .iter()
            .map(|(_, _, e)| e.code),
    );
    seen.extend(gate_problems().iter().map(|(_, _, e)| e.code));
    seen.extend(warning_cases().iter().map(|(_, e)| e.code));
    let missing: Vec<&str> = ErrorCode::ALL
        .iter()
        .filter(|code| !seen.contains(code))
        .map(|code| code.as_str())
        .collect();
    assert!(missing.is_empty(), "codes without a test: {missing:?}");
}

#[test]
fn codes_are_distinct_snake_case() {
    let names: BTreeSet<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(names.len(), ErrorCode::ALL.len());
    for name in names {
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{name}"
        );
    }
}

#[test]
fn a_long_line_renders_as_a_window_around_the_column() {
    let long = format!("<{}ms", "9".repeat(200));
    let text = format!("objectives:\n  - sli: a\n    pass: [{{criteria: ['{long}']}}]\n{TOTAL}");
    let err = Slo::parse_with_limits(&text, &Limits::default().with_max_criterion_bytes(1000))
        .unwrap_err();
    let frame = err.first().render(&text);
    let lines: Vec<&str> = frame.lines().collect();
    assert_eq!(lines.len(), 4, "{frame}");
    assert_eq!(
        lines[2],
        format!("3 |     pass: [{{criteria: ['<{}...", "9".repeat(75))
    );
    assert_eq!(lines[3], format!("  | {}^", " ".repeat(23)));

    let name = "n".repeat(300);
    let text = format!(
        "objectives: [{{sli: a, displayName: {name}, pass: [{{criteria: ['<6ms']}}]}}]\n{TOTAL}"
    );
    let err = Slo::parse(&text).unwrap_err();
    assert_eq!(err.column(), Some(357));
    let frame = err.first().render(&text);
    let lines: Vec<&str> = frame.lines().collect();
    assert_eq!(
        lines[2],
        format!(
            "1 | ...{}, pass: [{{criteria: ['<6ms']}}]}}]",
            "n".repeat(29)
        )
    );
    assert_eq!(lines[3], format!("  | {}^", " ".repeat(53)));
}

#[test]
fn a_plain_object_keeps_its_order_and_refuses_a_repeated_metric() {
    let report = SliReport::from_json(r#"{"zeta": 1, "alpha": 2, "mid": 3}"#).unwrap();
    let names: Vec<&str> = report
        .indicator_values
        .iter()
        .map(|v| v.metric.as_str())
        .collect();
    assert_eq!(names, ["zeta", "alpha", "mid"]);

    let err = SliReport::from_json(r#"{"p95": 412, "p95": 380}"#).unwrap_err();
    check(
        err.first(),
        &e(
            ErrorCode::DuplicateIndicatorValue,
            "p95",
            None,
            "metric 'p95' is given twice; each metric may have one value",
        ),
        "repeated key",
    );
}

#[test]
fn an_overflowing_target_or_baseline_is_refused() {
    let slo = Slo::parse(&format!(
        "objectives:\n  - sli: a\n    pass: [{{criteria: ['<=+1e307%']}}]\n{TOTAL}"
    ))
    .unwrap();
    let first = slo
        .evaluate(&SliReport::from_values([("a", 500.0)]), &[])
        .unwrap();
    let history = [PreviousEvaluation::new("x", first)];
    let err = slo
        .evaluate(&SliReport::from_values([("a", 1.0)]), &history)
        .unwrap_err();
    check(
        err.first(),
        &e(
            ErrorCode::NonFiniteValue,
            "objectives[0]",
            None,
            "the target of criterion '<=+1e307%' for 'a' is too large to be represented",
        ),
        "overflowing target",
    );

    let slo = Slo::parse(&format!(
        "comparison: {{compare_with: several_results}}\nobjectives:\n  - sli: a\n    pass: [{{criteria: ['<1']}}]\n{TOTAL}"
    ))
    .unwrap();
    let huge = slo
        .evaluate(&SliReport::from_values([("a", 1e308)]), &[])
        .unwrap();
    let history = [
        PreviousEvaluation::new("x", huge.clone()),
        PreviousEvaluation::new("y", huge),
    ];
    let err = slo
        .evaluate(&SliReport::from_values([("a", 1.0)]), &history)
        .unwrap_err();
    assert_eq!(
        err.first().message(),
        "the avg of the previous values (inf) for 'a' is too large to be represented"
    );
}

#[test]
fn a_failed_measurement_carrying_nan_is_reported_as_zero() {
    let slo = Slo::parse(&format!(
        "objectives:\n  - sli: a\n    pass: [{{criteria: ['<1']}}]\n{TOTAL}"
    ))
    .unwrap();
    let mut failed = IndicatorValue::failed("a", "query returned NaN");
    failed.value = f64::NAN;
    let evaluation = slo.evaluate(&SliReport::new(vec![failed]), &[]).unwrap();
    let value = evaluation.indicators()[0].value.as_ref().unwrap();
    assert_eq!((value.value, value.success), (0.0, false));
    let back = slogate::Evaluation::from_json(&evaluation.to_json()).unwrap();
    assert_eq!(back, evaluation);
}

const SUMMARY: &str = r#"{"metrics": {"http_req_duration": {"type": "trend", "contains": "time",
    "values": {"avg": 300, "min": 100, "med": 300, "max": 500, "p(90)": 460, "p(95)": 480}}},
    "state": {"testRunDurationMs": 60000}}"#;

fn keptn2(objective: &str, total: &str) -> String {
    format!(
        "apiVersion: metrics.keptn.sh/v1\nkind: AnalysisDefinition\nmetadata:\n  name: t\nspec:\n  objectives:\n    - analysisValueTemplateRef:\n        name: a\n{objective}  totalScore:\n{total}"
    )
}

const TARGET: &str =
    "      target:\n        failure:\n          greaterThan:\n            fixedValue: 5\n";
const SCORE: &str = "    passPercentage: 90\n    warningPercentage: 75\n";

fn perfspec(grading: &str) -> String {
    format!(
        r#"{{"indicators": [{{"id": "p90", "source": "Prometheus", "grading": {{"type": "Threshold", {grading}}}}}], "objectives": {{"pass": 10, "warning": 5}}}}"#
    )
}

/// Every code a gate of another format reports, with its exact message and place.
fn gate_problems() -> Vec<(String, slogate::Error, Expect)> {
    use slogate::Gate;
    use ErrorCode as C;
    let k6 = |t: &str| Gate::from_k6(t).map(|_| ()).map_err(slogate::Error::from);
    let k6_eval = |t: &str, s: &str| Gate::from_k6(t).unwrap().evaluate_json(s).map(|_| ());
    let k2 = |t: &str| {
        Gate::from_keptn2(t)
            .map(|_| ())
            .map_err(slogate::Error::from)
    };
    let pit = |t: &str| {
        Gate::from_perfspec(t)
            .map(|_| ())
            .map_err(slogate::Error::from)
    };
    let mut cases: Vec<(String, Result<(), slogate::Error>, Expect)> = vec![
        ("k6 unknown aggregation".into(), k6(r#"{"http_req_duration": ["mean<200"]}"#),
            e(C::InvalidThreshold, "thresholds[\"http_req_duration\"][0]", Some((1, 24)), "invalid threshold \"mean<200\": unknown aggregation 'mean'; expected value, count, rate, avg, min, med, max or p(N)")),
        ("k6 metric key".into(), k6(r#"{"a{status}": ["p(95)<500"]}"#),
            e(C::InvalidMetricName, "thresholds[\"a{status}\"]", Some((1, 15)), "invalid metric key \"a{status}\": the tag \"status\" has no value; expected name or name{tag:value,...}")),
        ("k6 unknown metric".into(), k6_eval(r#"{"non existing": ["rate>0"]}"#, SUMMARY),
            e(C::UnknownMetric, "thresholds[\"non existing\"]", None, "no metric 'non existing': it is neither a k6 builtin metric nor in the summary")),
        ("k6 unsupported aggregation".into(), k6_eval(r#"{"http_req_duration": ["rate<0.1"]}"#, SUMMARY),
            e(C::UnsupportedAggregation, "thresholds[\"http_req_duration\"][0]", None, "threshold \"rate<0.1\" uses rate on 'http_req_duration', a trend; a trend supports avg, min, max, med, p")),
        ("k6 missing trend stat".into(), k6_eval(r#"{"http_req_duration": ["p(99)<900"]}"#, SUMMARY),
            e(C::MissingAggregation, "thresholds[\"http_req_duration\"][0]", None, "the k6 summary has no p(99) for 'http_req_duration', which threshold \"p(99)<900\" needs; add it to summaryTrendStats, e.g. --summary-trend-stats=\"avg,min,med,max,p(90),p(95),p(99)\"")),
        ("keptn2 unknown field".into(), k2(&keptn2("      weigth: 2\n", SCORE)),
            e(C::UnknownField, "spec.objectives[0].weigth", Some((9, 15)), "unknown field 'weigth'; expected one of: analysisValueTemplateRef, target, weight, keyObjective")),
        ("keptn2 quantity".into(), k2(&keptn2("      target:\n        failure:\n          greaterThan:\n            fixedValue: \"1e3.5\"\n", SCORE)),
            e(C::InvalidQuantity, "spec.objectives[0].target.failure.greaterThan.fixedValue", Some((12, 25)), "'1e3.5' is not a Kubernetes quantity: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")),
        ("keptn2 two operators".into(), k2(&keptn2("      target:\n        failure:\n          greaterThan: {fixedValue: 5}\n          lessThan: {fixedValue: 1}\n", SCORE)),
            e(C::InvalidOperator, "spec.objectives[0].target.failure", Some((11, 11)), "2 operators are set (greaterThan 5, lessThan 1); give exactly one")),
        ("keptn2 range".into(), k2(&keptn2("      target:\n        warning:\n          inRange: {lowBound: 5, highBound: 1}\n", SCORE)),
            e(C::InvalidRange, "spec.objectives[0].target.warning.inRange", Some((11, 20)), "the lower bound 5 of the range must be below the higher bound 1")),
        ("keptn2 percentage".into(), k2(&keptn2(TARGET, "    passPercentage: 101\n    warningPercentage: 75\n")),
            e(C::ValueOutOfRange, "spec.totalScore.passPercentage", Some((14, 21)), "passPercentage 101 is outside 0..100")),
        ("keptn2 warning not below pass".into(), k2(&keptn2(TARGET, "    passPercentage: 75\n    warningPercentage: 75\n")),
            e(C::InvalidTotalScore, "spec.totalScore", Some((6, 3)), "warningPercentage 75 is not below passPercentage 75; the warning threshold must be lower than the pass threshold")),
        ("pitometer contradiction".into(), pit(&perfspec(r#""thresholds": {"upperWarning": 20, "lowerWarning": 25}, "metricScore": 20"#)),
            e(C::ContradictoryThresholds, "indicators[0].grading.thresholds", Some((1, 102)), "lowerWarning 25 is not below upperWarning 20: no value could pass")),
        ("pitometer grader".into(), pit(&perfspec(r#""thresholds": {"upperSevere": 2}, "metricScore": 20"#).replace("\"Threshold\"", "\"Thresholds\"")),
            e(C::UnknownGrader, "indicators[0].grading.type", Some((1, 75)), "unknown grading type the text \"Thresholds\"; the only grader is \"Threshold\"")),
        ("pitometer source".into(), Gate::from_perfspec(&perfspec(r#""thresholds": {"upperSevere": 2}, "metricScore": 20"#)).unwrap().evaluate_json(r#"{"values": {"p90": [1]}, "sources": ["Dynatrace"]}"#).map(|_| ()),
            e(C::UnregisteredSource, "indicators.p90", None, "indicator 'p90' reads source 'Prometheus', which is not among the sources given (Dynatrace); Pitometer would silently skip it")),
        ("gate format".into(), Gate::parse("{}").map(|_| ()).map_err(slogate::Error::from),
            e(C::UnknownGateFormat, "", None, "cannot tell the gate's format from its content; name it (k6, keptn2 or pitometer)")),
    ];
    cases
        .drain(..)
        .map(|(name, result, expect)| {
            let err = result.expect_err(&name);
            (name, err, expect)
        })
        .collect()
}

#[test]
fn every_gate_error_has_an_exact_message() {
    for (name, err, expect) in gate_problems() {
        check(err.first(), &expect, &name);
    }
}

#[test]
fn every_code_has_a_description_a_severity_and_reads_back_from_its_name() {
    for &code in ErrorCode::ALL {
        assert!(!code.description().is_empty(), "{code}");
        assert!(!code.description().starts_with(' '), "{code}");
        assert_eq!(ErrorCode::from_name(code.as_str()), Some(code));
        let _ = code.severity();
    }
    assert_eq!(ErrorCode::from_name("no_such_code"), None);
}

#[test]
fn a_problem_put_under_a_prefix_keeps_its_position_and_document() {
    let err = PreviousEvaluation::from_json(
        "{\"result\": \"pass\",\n \"evaluation\": {\"score\": \"x\"}}",
    )
    .unwrap_err();
    let moved = err.first().clone().under("history[3]");
    assert_eq!(moved.path(), "history[3].evaluation.score");
    assert_eq!((moved.line(), moved.column()), (err.line(), err.column()));
    assert!(moved.line().is_some());
    assert_eq!(moved.document(), Some(slogate::InputDocument::History));
    assert_eq!(
        Problem::new(ErrorCode::InvalidInput, "[2]", "m")
            .under("history")
            .path(),
        "history[2]"
    );
    assert_eq!(
        Problem::new(ErrorCode::InvalidInput, "", "m")
            .under("values")
            .path(),
        "values"
    );
}

#[test]
fn each_problem_names_the_document_its_path_points_into() {
    use slogate::InputDocument as D;
    let slo = Slo::parse(&format!(
        "objectives:\n  - sli: a\n    pass: [{{criteria: ['<=+1e307%']}}]\n{TOTAL}"
    ))
    .unwrap();
    assert_eq!(
        Slo::parse("objectives: x\n")
            .unwrap_err()
            .first()
            .document(),
        Some(D::Slo)
    );
    assert_eq!(
        SliReport::from_json("{").unwrap_err().first().document(),
        Some(D::Sli)
    );
    assert_eq!(
        PreviousEvaluation::list_from_json("[1]")
            .unwrap_err()
            .first()
            .document(),
        Some(D::History)
    );
    let dup = SliReport::new(vec![
        IndicatorValue::new("a", 1.0),
        IndicatorValue::new("a", 1.0),
    ]);
    assert_eq!(
        slo.evaluate(&dup, &[]).unwrap_err().first().document(),
        Some(D::Sli)
    );
    let first = slo
        .evaluate(&SliReport::from_values([("a", 500.0)]), &[])
        .unwrap();
    let history = [PreviousEvaluation::new("x", first)];
    let err = slo
        .evaluate(&SliReport::from_values([("a", 1.0)]), &history)
        .unwrap_err();
    assert_eq!(err.first().document(), Some(D::Slo));
    let err = slo
        .evaluate_with_limits(
            &SliReport::from_values([("a", 1.0)]),
            &history,
            &Limits::default().with_max_history(0),
        )
        .unwrap_err();
    assert_eq!(err.first().document(), Some(D::History));
    let err = reports::require_metrics(&slo, &SliReport::from_values([("b", 1.0)]), "k6 summary")
        .unwrap_err();
    assert_eq!(err.first().document(), Some(D::Slo));
}

#[test]
fn no_text_of_the_json_library_reaches_a_message() {
    let texts = [
        "{",
        "[1,",
        "{\"a\" 1}",
        "{\"a\": 1,}",
        "{\"a\": 1} x",
        "{\"indicatorValues\": [{\"metric\": \"a\", \"value\": \"x\"}]}",
        "{\"indicatorValues\": 3}",
        "{\"result\": \"maybe\", \"indicatorValues\": []}",
    ];
    for text in texts {
        let err = SliReport::from_json(text).unwrap_err();
        let shown = err.to_string();
        for leak in ["EOF", "at line", "`", "invalid type", "f64"] {
            assert!(!shown.contains(leak), "{text:?} gives {shown:?}");
        }
    }
    for text in [
        "{",
        "{\"result\": \"pass\", \"evaluation\": {\"score\": \"x\"}}",
        "{\"result\": 1}",
        "[{}]",
    ] {
        let shown = PreviousEvaluation::list_from_json(text)
            .map_or_else(|e| e.to_string(), |_| String::new())
            + &PreviousEvaluation::from_json(text)
                .map_or_else(|e| e.to_string(), |_| String::new());
        for leak in ["EOF", "at line", "`", "invalid type", "f64"] {
            assert!(!shown.contains(leak), "{text:?} gives {shown:?}");
        }
    }
}
