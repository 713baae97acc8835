//! The heatmap report: layout, marks, escaping and size.

use std::fmt::Write as _;

use slogate::{Heatmap, HeatmapOptions, PreviousEvaluation, SliReport, Slo};

const V1: &str = "\
objectives:
  - sli: p95
    displayName: Response time p95
    pass: [{criteria: ['<=+10%', '<600']}]
    warning: [{criteria: ['<=800']}]
  - sli: errors
    pass: [{criteria: ['<=0.01']}]
total_score: {pass: 90%, warning: 50%}
";

/// The next SLO version drops `errors` and adds `cpu`.
const V2: &str = "\
objectives:
  - sli: p95
    displayName: Response time p95
    pass: [{criteria: ['<=+10%', '<600']}]
    warning: [{criteria: ['<=800']}]
  - sli: cpu
    pass: [{criteria: ['<80']}]
total_score: {pass: 90%, warning: 50%}
";

/// One build: the SLO version, its id, its values, whether it is invalidated.
type Run<'a> = (&'a Slo, &'a str, &'a [(&'a str, f64)], bool);

/// Four builds, newest first as slogate keeps history: two on V1, two on V2; `<b2>` is
/// invalidated and has a hostile id.
fn history() -> (Slo, Vec<PreviousEvaluation>) {
    let v1 = Slo::parse(V1).unwrap();
    let v2 = Slo::parse(V2).unwrap();
    let mut newest_first: Vec<PreviousEvaluation> = Vec::new();
    let runs: [Run<'_>; 4] = [
        (&v1, "b1", &[("p95", 400.0), ("errors", 0.0)], false),
        (&v1, "<b2>\"&'", &[("p95", 900.0), ("errors", 0.5)], true),
        (&v2, "b3", &[("p95", 700.0), ("cpu", 50.0)], false),
        (&v2, "b4", &[("p95", 430.0), ("cpu", 60.0)], false),
    ];
    for (slo, id, values, invalidated) in runs {
        let evaluation = slo
            .evaluate(
                &SliReport::from_values(values.iter().copied()),
                &newest_first,
            )
            .unwrap();
        let mut stored = PreviousEvaluation::new(id, evaluation);
        stored.invalidated = invalidated;
        newest_first.insert(0, stored);
    }
    (v2, newest_first)
}

/// The `<td>` and `<th>` openings of one table row, by the row's first header text.
fn row<'a>(html: &'a str, label: &str) -> Vec<&'a str> {
    let line = html
        .lines()
        .find(|l| l.starts_with("<tr") && l.contains(&format!(">{label}</th>")))
        .unwrap_or_else(|| panic!("no row {label}"));
    line.split("<td").skip(1).collect()
}

#[test]
fn columns_run_oldest_to_newest_and_rows_follow_every_slo_version() {
    let (slo, history) = history();
    let heatmap = Heatmap::new(&history, Some(&slo), &HeatmapOptions::default()).unwrap();
    assert_eq!(heatmap.columns(), 4);
    // The given SLO's objectives first, then those only older evaluations had.
    assert_eq!(heatmap.rows(), ["Response time p95", "cpu", "errors"]);
    let html = heatmap.to_html();
    let cpu = row(&html, "cpu");
    assert_eq!(cpu.len(), 4);
    assert!(cpu[0].starts_with(" class=\"e\">"), "{}", cpu[0]);
    assert!(cpu[1].starts_with(" class=\"e inv\">"), "{}", cpu[1]);
    assert!(cpu[3].starts_with(" class=\"p sel\""), "{}", cpu[3]);
    let errors = row(&html, "errors");
    assert!(errors[0].starts_with(" class=\"p\""), "{}", errors[0]);
    assert!(errors[1].starts_with(" class=\"f inv\""), "{}", errors[1]);
    assert!(errors[3].starts_with(" class=\"e sel\">"), "{}", errors[3]);
    let p95 = row(&html, "Response time p95");
    // b4 was compared with the previous result, b3: dashed; a warning is marked "!".
    assert!(p95[0].starts_with(" class=\"p\""), "{}", p95[0]);
    assert!(p95[2].starts_with(" class=\"w cmp\""), "{}", p95[2]);
    assert!(p95[2].ends_with(">!"), "{}", p95[2]);
    assert!(p95[1].contains(">✗"), "a fail is marked with a cross");
}

#[test]
fn every_text_from_the_history_is_escaped() {
    let (slo, history) = history();
    let html = Heatmap::new(&history, Some(&slo), &HeatmapOptions::default())
        .unwrap()
        .to_html();
    assert!(!html.contains("<b2>"));
    assert!(
        html.contains("<b><s>&lt;b2&gt;&quot;&amp;&#39;</s></b>"),
        "struck out and escaped"
    );
    assert!(!html.contains("<script"));
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("url("));
}

#[test]
fn tooltips_carry_the_explanation_and_the_summary() {
    let (slo, history) = history();
    let html = Heatmap::new(&history, Some(&slo), &HeatmapOptions::default())
        .unwrap()
        .to_html();
    let newest = slogate::explain(&history[0].evaluation.indicators()[0]);
    assert!(newest.contains("the previous result (700)"), "{newest}");
    // The selected column: the facts in brief, then the whole explanation on a second line.
    assert!(
        html.contains(&format!(
            "title=\"430 vs 700: pass; pass <=+10% (770), <600; warning <=800&#10;{}\"",
            newest.replace('\'', "&#39;")
        )),
        "{newest}"
    );
    // Other columns give the facts in brief: value, compared value, targets, violations.
    assert!(
        html.contains(
            "title=\"700 vs 400: warning; pass <=+10% (440) ✗, <600 ✗; warning <=800\">!<td"
        ),
        "{html}"
    );
    let summary = slogate::summarize(&history[0].evaluation);
    assert!(
        html.contains(&format!("title=\"{summary}\">✓ 100")),
        "{summary}"
    );
    // The thresholds are drawn on the chart.
    assert!(html.contains("<title>pass threshold 90</title>"));
    assert!(html.contains("<title>warning threshold 50</title>"));
}

#[test]
fn a_selection_and_a_window_are_honoured() {
    let (slo, history) = history();
    let options = HeatmapOptions {
        last: Some(2),
        selected: Some("b3".into()),
    };
    let heatmap = Heatmap::new(&history, Some(&slo), &options).unwrap();
    assert_eq!(heatmap.columns(), 2);
    let html = heatmap.to_html();
    let p95 = row(&html, "Response time p95");
    assert!(p95[0].starts_with(" class=\"w sel\""), "{}", p95[0]);
    assert!(p95[1].starts_with(" class=\"p\""), "{}", p95[1]);
    let err = Heatmap::new(
        &history,
        None,
        &HeatmapOptions {
            last: Some(1),
            selected: Some("b1".into()),
        },
    )
    .err()
    .unwrap();
    assert_eq!(
        err.to_string(),
        "selected: no shown evaluation has the id 'b1'"
    );
}

#[test]
fn markdown_is_one_symbol_per_evaluation() {
    let (slo, history) = history();
    let markdown = Heatmap::new(&history, Some(&slo), &HeatmapOptions::default())
        .unwrap()
        .to_markdown();
    assert_eq!(
        markdown,
        "| SLI | b1 | ~~&lt;b2&gt;\"&'~~ | b3 | **b4** |\n\
         | --- | :-: | :-: | :-: | :-: |\n\
         | **score** | ✅ 100 | ❌ 0 | ⚠️ 75 | ✅ 100 |\n\
         | Response time p95 | ✅ | ❌ | ⚠️ | ✅ |\n\
         | cpu |   |   | ✅ | ✅ |\n\
         | errors | ✅ | ❌ |   |   |\n"
    );
}

#[test]
fn an_empty_history_renders_a_page_saying_so() {
    let html = Heatmap::new(&[], None, &HeatmapOptions::default())
        .unwrap()
        .to_html();
    assert!(html.contains("<p>No stored evaluations.</p>"));
}

#[test]
fn the_page_loads_nothing_and_forbids_loading() {
    let (slo, history) = history();
    let html = Heatmap::new(&history, Some(&slo), &HeatmapOptions::default())
        .unwrap()
        .to_html();
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" \
         content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    ));
    for reference in ["<script", "src=", "href=", "url(", "@import", "<link"] {
        assert!(!html.contains(reference), "the page has {reference}");
    }
}

/// A history of `evaluations` builds over `slis` objectives, newest first.
fn large_history(evaluations: usize, slis: usize) -> (Slo, Vec<PreviousEvaluation>) {
    let mut text = String::from("objectives:\n");
    for s in 0..slis {
        let _ = write!(
            text,
            "  - sli: s{s}\n    pass: [{{criteria: ['<=+10%', '<600']}}]\n    warning: [{{criteria: ['<800']}}]\n"
        );
    }
    text.push_str("total_score: {pass: 90%, warning: 75%}\n");
    let slo = Slo::parse(&text).unwrap();
    let mut newest_first: Vec<PreviousEvaluation> = Vec::new();
    for e in 0..evaluations {
        let values: Vec<(String, f64)> = (0..slis)
            .map(|s| (format!("s{s}"), 400.0 + ((e * 7 + s * 13) % 500) as f64))
            .collect();
        let basis: Vec<PreviousEvaluation> = newest_first.iter().take(1).cloned().collect();
        let evaluation = slo
            .evaluate(&SliReport::from_values(values), &basis)
            .unwrap();
        newest_first.insert(0, PreviousEvaluation::new(format!("build-{e}"), evaluation));
    }
    (slo, newest_first)
}

#[test]
fn a_page_of_200_evaluations_by_50_slis_stays_under_one_megabyte() {
    let (slo, history) = large_history(200, 50);
    let html = Heatmap::new(&history, Some(&slo), &HeatmapOptions::default())
        .unwrap()
        .to_html();
    assert_eq!(html.matches("<td").count(), 200 * 51);
    assert!(html.len() < 1_000_000, "the page is {} bytes", html.len());
}

#[test]
fn tooltips_print_the_declared_unit() {
    let slo = Slo::parse(
        "extensions: slogate/v1\nobjectives:\n  - sli: p95\n    unit: ms\n    pass: [{criteria: ['<=+10%', '<1s']}]\ntotal_score: {pass: 90%}\n",
    )
    .unwrap();
    let mut history: Vec<PreviousEvaluation> = Vec::new();
    for (i, value) in [500.0, 560.0].into_iter().enumerate() {
        let evaluation = slo
            .evaluate(&SliReport::from_values([("p95", value)]), &history)
            .unwrap();
        history.insert(0, PreviousEvaluation::new(format!("b{i}"), evaluation));
    }
    let html = Heatmap::new(&history, Some(&slo), &HeatmapOptions::default())
        .unwrap()
        .to_html();
    assert!(
        html.contains("title=\"560 ms vs 500 ms: fail; pass <=+10% (550 ms) ✗, <1s&#10;p95 = 560 ms, 12% slower than the previous result (500 ms): fail"),
        "{html}"
    );
}
