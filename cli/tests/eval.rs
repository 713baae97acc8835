//! `slogate eval`: formats and exit codes, on the examples and on small SLOs.

mod common;

use common::{examples, json, run, run_with_stdin, workspace};

fn eval_example(build: &str, extra: &[&str]) -> common::Run {
    let dir = examples();
    let sli = format!("sli-{build}.json");
    let mut args = vec![
        "eval",
        "--slo",
        "slo.yaml",
        "--sli",
        sli.as_str(),
        "--history",
        "history.jsonl",
    ];
    args.extend_from_slice(extra);
    run(&dir, &args)
}

#[test]
fn the_good_build_passes_and_the_slow_build_fails() {
    let good = eval_example("good", &["--format", "json"]);
    assert_eq!(good.code, 0, "{}", good.stderr);
    let evaluation = json(&good.stdout);
    assert_eq!(evaluation["result"], "pass");
    assert_eq!(evaluation["evaluation"]["score"], 100.0);
    assert_eq!(
        evaluation["evaluation"]["comparedEvents"],
        serde_json::json!(["build-104", "build-102", "build-101"]),
        "the invalidated build-103 is skipped as a comparison basis"
    );

    let slow = eval_example("slow", &["--format", "json"]);
    assert_eq!(slow.code, 1, "{}", slow.stderr);
    let evaluation = json(&slow.stdout);
    assert_eq!(evaluation["result"], "fail");
    assert!(slow.stderr.is_empty(), "{}", slow.stderr);
}

#[test]
fn the_table_shows_every_objective_the_verdict_and_why() {
    let slow = eval_example("slow", &["--format", "table"]);
    assert_eq!(slow.code, 1);
    assert_eq!(slow.stdout, TABLE);
}

const TABLE: &str = r"OBJECTIVE           VALUE  BASELINE  CRITERIA                           TARGETS                             STATUS   SCORE
Response time p50   268.9   209.333  pass <=+10%, <250; warning <=300   pass 230.267, 250; warning 300      warning  0.5/1
Response time p95   702.3       490  pass <=+10%, <600; warning <=800   pass 539, 600; warning 800          warning  1/2
Response time p99    1244   870.667  pass <1000; warning <1500          pass 1000; warning 1500             warning  0.5/1
Error rate         0.0068    0.0025  pass <=0.01; warning <=0.02        pass 0.01; warning 0.02             pass     1/1
Throughput          371.2   404.333  pass >=-5%, >=100; warning >=-15%  pass 384.117, 100; warning 343.683  warning  0.5/1
CPU usage            88.4        60  -                                  -                                   info     -

verdict: fail with a score of 58.333 (1 passed, 4 warning, 1 info): the score of 58.333 is below the warning threshold of 75
score 58.333 of 100 (pass at 90%, warning at 75%)
compared with 3 previous results: build-104, build-102, build-101
decision: hold: the evaluation failed and a failed evaluation is never promoted

why:
  - Response time p50 = 268.9: warning (the pass criteria are not met: <=+10% and <250 are violated; the warning criteria are met); pass: <=+10% violated (target 230.267 = avg of 3 previous results (209.333) +10%), <250 violated (fixed target 250); warning: <=300 met (fixed target 300)
  - Response time p95 = 702.3: warning (the pass criteria are not met: <=+10% and <600 are violated; the warning criteria are met); pass: <=+10% violated (target 539 = avg of 3 previous results (490) +10%), <600 violated (fixed target 600); warning: <=800 met (fixed target 800)
  - Response time p99 = 1244: warning (the pass criteria are not met: <1000 is violated; the warning criteria are met); pass: <1000 violated (fixed target 1000); warning: <1500 met (fixed target 1500)
  - Error rate = 0.0068: pass (the pass criteria are met); pass: <=0.01 met (fixed target 0.01); warning: <=0.02 met (fixed target 0.02)
  - Throughput = 371.2: warning (the pass criteria are not met: >=-5% is violated; the warning criteria are met); pass: >=-5% violated (target 384.117 = avg of 3 previous results (404.333) -5%), >=100 met (fixed target 100); warning: >=-15% met (target 343.683 = avg of 3 previous results (404.333) -15%)
  - CPU usage = 88.4: info (no pass criteria: the value is only reported)
";

#[test]
fn the_default_format_off_a_terminal_is_json() {
    let good = eval_example("good", &[]);
    assert_eq!(good.code, 0);
    let evaluation = json(&good.stdout);
    assert_eq!(evaluation["status"], "succeeded");
    assert_eq!(
        evaluation["evaluation"]["indicatorResults"]
            .as_array()
            .map(Vec::len),
        Some(6)
    );
}

const MARKDOWN_SLO: &str = r#"objectives:
  - sli: p95
    displayName: "Latency | p95 *ms*"
    pass:
      - criteria: ['<=+10%', '<600']
    warning:
      - criteria: ['<=800']
  - sli: errors
    key_sli: true
    pass:
      - criteria: ['=0']
  - sli: cpu
total_score:
  pass: '90%'
  warning: '50%'
"#;

#[test]
fn markdown_escapes_names_and_explains_each_objective() {
    let dir = workspace(&[
        ("slo.yaml", MARKDOWN_SLO),
        ("sli.json", r#"{"p95": 640, "errors": 0, "cpu": 12.5}"#),
    ]);
    let out = run(
        dir.path(),
        &[
            "eval", "--slo", "slo.yaml", "--sli", "sli.json", "--format", "markdown",
        ],
    );
    assert_eq!(out.code, 0, "a warning passes by default: {}", out.stderr);
    assert_eq!(out.stdout, MARKDOWN);
}

const MARKDOWN: &str = r"### ⚠️ Quality gate: warning, score 75 of 100 (pass at 90%, warning at 50%)

| Objective | Value | Baseline | Criteria | Targets | Status | Score |
| --- | ---: | ---: | --- | --- | --- | ---: |
| Latency \| p95 \*ms\* | 640 | - | pass `<=+10%`, `<600`; warning `<=800` | pass -, 600; warning 800 | ⚠️ warning | 0.5/1 |
| errors | 0 | - | pass `=0` | pass 0 | ✅ pass | 1/1 |
| cpu | 12.5 | - | - | - | ℹ️ info | - |

**Verdict:** warning with a score of 75 (1 passed, 1 warning, 1 info): the score of 75 is below the pass threshold of 90 but reaches the warning threshold of 50

**Decision:** promote: the evaluation is a warning and the gate lets a warning through

<details><summary>Why each objective got its status</summary>

- Latency \| p95 \*ms\* = 640: warning (the pass criteria are not met: &lt;600 is violated; the warning criteria are met); pass: &lt;=+10% met (no previous results: relative criteria are met), &lt;600 violated (fixed target 600); warning: &lt;=800 met (fixed target 800)
- errors = 0: pass (the pass criteria are met); pass: =0 met (fixed target 0)
- cpu = 12.5: info (no pass criteria: the value is only reported)

</details>
";

#[test]
fn a_warning_fails_only_with_fail_on_warning() {
    let dir = workspace(&[
        ("slo.yaml", MARKDOWN_SLO),
        ("sli.json", r#"{"p95": 640, "errors": 0}"#),
    ]);
    let args = [
        "eval", "--slo", "slo.yaml", "--sli", "sli.json", "--format", "json",
    ];
    let out = run(dir.path(), &args);
    assert_eq!(out.code, 0);
    assert_eq!(json(&out.stdout)["result"], "warning");
    let strict = run(dir.path(), &[&args[..], &["--fail-on", "warning"]].concat());
    assert_eq!(strict.code, 1);
    assert_eq!(strict.stdout, out.stdout);
}

#[test]
fn junit_has_one_test_case_per_objective_and_one_for_the_verdict() {
    let slow = eval_example("slow", &["--format", "junit"]);
    assert_eq!(slow.code, 1);
    let doc = roxmltree::Document::parse(&slow.stdout).expect("well-formed XML");
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .expect("a test suite");
    assert_eq!(suite.attribute("tests"), Some("7"));
    assert_eq!(suite.attribute("failures"), Some("1"));
    let cases: Vec<(String, Option<String>)> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|case| {
            let failure = case
                .children()
                .find(|n| n.has_tag_name("failure"))
                .and_then(|f| f.attribute("message").map(str::to_owned));
            (
                case.attribute("name").unwrap_or_default().to_owned(),
                failure,
            )
        })
        .collect();
    let names: Vec<&str> = cases.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Response time p50",
            "Response time p95",
            "Response time p99",
            "Error rate",
            "Throughput",
            "CPU usage",
            "verdict"
        ]
    );
    assert!(cases[..6].iter().all(|(_, failure)| failure.is_none()));
    assert!(cases[6]
        .1
        .as_deref()
        .is_some_and(|m| m.starts_with("fail with a score of 58.333")));
    let p95_out = suite
        .descendants()
        .find(|n| n.has_tag_name("system-out"))
        .and_then(|n| n.text())
        .unwrap_or_default()
        .to_owned();
    assert!(
        p95_out.starts_with("Response time p50 = 268.9: warning"),
        "{p95_out}"
    );

    let strict = eval_example("slow", &["--format", "junit", "--fail-on", "warning"]);
    let doc = roxmltree::Document::parse(&strict.stdout).expect("well-formed XML");
    let failures = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failures, 5, "four warnings and the verdict");
}

#[test]
fn junit_escapes_names_and_messages() {
    let dir = workspace(&[
        (
            "slo.yaml",
            "objectives:\n  - sli: \"lat<p95>&'x'\"\n    displayName: \"a \\\"quoted\\\" <name> & \\u0001 more\"\n    pass: [{criteria: ['<600']}]\ntotal_score: {pass: 90%}\n",
        ),
        ("sli.json", r#"{"lat<p95>&'x'": 700}"#),
    ]);
    let out = run(
        dir.path(),
        &[
            "eval", "--slo", "slo.yaml", "--sli", "sli.json", "--format", "junit",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let doc = roxmltree::Document::parse(&out.stdout).expect("well-formed XML");
    let case = doc
        .descendants()
        .find(|n| n.has_tag_name("testcase"))
        .expect("a test case");
    assert_eq!(
        case.attribute("name"),
        Some("a \"quoted\" <name> & \u{FFFD} more")
    );
    let failure = case
        .children()
        .find(|n| n.has_tag_name("failure"))
        .expect("a failure");
    assert_eq!(failure.attribute("type"), Some("fail"));
    assert!(failure
        .text()
        .is_some_and(|t| t.contains("= 700: fail") && t.contains("<600 violated")));
}

#[test]
fn sli_values_can_come_from_standard_input_in_keptn_shape() {
    let dir = workspace(&[("slo.yaml", common::RELATIVE_SLO)]);
    let keptn = r#"{"result": "pass", "start": "2024-01-01T10:00:00Z", "end": "2024-01-01T10:15:00Z",
        "indicatorValues": [{"metric": "p95", "value": 412, "success": true}]}"#;
    for format in ["auto", "keptn"] {
        let out = run_with_stdin(
            dir.path(),
            &[
                "eval",
                "--slo",
                "slo.yaml",
                "--sli",
                "-",
                "--sli-format",
                format,
            ],
            keptn,
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        let evaluation = json(&out.stdout);
        assert_eq!(evaluation["evaluation"]["timeEnd"], "2024-01-01T10:15:00Z");
    }
}

#[test]
fn a_provider_failure_fails_the_gate() {
    let dir = workspace(&[("slo.yaml", common::RELATIVE_SLO)]);
    let out = run_with_stdin(
        dir.path(),
        &[
            "eval", "--slo", "slo.yaml", "--sli", "-", "--format", "table",
        ],
        r#"{"status": "errored", "message": "prometheus is unreachable", "indicatorValues": []}"#,
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains(
            "verdict: fail (evaluation errored): the SLI retrieval errored; nothing was evaluated: prometheus is unreachable"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn check_accepts_the_example_slo() {
    let out = run(&examples(), &["check", "slo.yaml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "slo.yaml: ok: 6 objectives (1 key SLI), pass at 90%, warning at 75%\n"
    );
}

const K6_SLO: &str = "\
objectives:
  - sli: http_req_duration.p95
    pass: [{criteria: ['<500']}]
  - sli: http_req_failed.rate
    key_sli: true
    pass: [{criteria: ['<0.01']}]
total_score: {pass: 90%}
";

fn k6_summary() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../core/tests/fixtures/reports/k6-summary-export.json"),
    )
    .expect("the k6 fixture")
}

/// Runs `eval` on the k6 fixture read as a k6 summary, with `slo` as the SLO.
fn eval_k6(slo: &str, extra: &[&str]) -> common::Run {
    let summary = k6_summary();
    let dir = workspace(&[("slo.yaml", slo), ("summary.json", &summary)]);
    let mut args = vec![
        "eval",
        "--slo",
        "slo.yaml",
        "--sli",
        "summary.json",
        "--sli-format",
        "k6",
    ];
    args.extend_from_slice(extra);
    run(dir.path(), &args)
}

#[test]
fn a_k6_summary_export_is_read_directly() {
    let out = eval_k6(K6_SLO, &["--format", "json"]);
    let evaluation = json(&out.stdout);
    let results = evaluation["evaluation"]["indicatorResults"]
        .as_array()
        .unwrap();
    assert_eq!(results[0]["value"]["metric"], "http_req_duration.p95");
    assert_eq!(results[0]["value"]["value"], 215.952);
    assert_eq!(results[0]["status"], "pass");
    let expected = i32::from(results[1]["status"] != "pass");
    assert_eq!(out.code, expected, "{}", out.stderr);
}

#[test]
fn a_report_lacking_a_scored_metric_is_refused() {
    let slo = K6_SLO.replace("http_req_duration.p95", "http_req_duration.p99");
    let out = eval_k6(&slo, &[]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr
            .starts_with("error[missing_metric]: slo.yaml:2:5: objectives[0].sli: the k6 summary has no metric 'http_req_duration.p99'"),
        "{}",
        out.stderr
    );
}

/// The fixtures of the core's report tests.
fn report_fixture(name: &str) -> String {
    format!(
        "{}/../core/tests/fixtures/reports/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn reports_of_two_runners_merge_through_an_sli_map_and_record_their_sources() {
    let dir = workspace(&[]);
    let locust = format!("locust:{}", report_fixture("locust_stats.csv"));
    let artillery = format!("artillery:{}", report_fixture("artillery-run.json"));
    let slo = format!("{}/runners/slo.yaml", examples().display());
    let map = format!("{}/runners/sli.yaml", examples().display());
    let out = run(
        dir.path(),
        &[
            "eval",
            "--slo",
            &slo,
            "--sli",
            &locust,
            "--sli",
            &artillery,
            "--sli-map",
            &map,
            "--output",
            "junit=gate.xml",
            "--output",
            "markdown=summary.md",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let evaluation = json(&out.stdout);
    let results = evaluation["evaluation"]["indicatorResults"]
        .as_array()
        .unwrap();
    let value = |i: usize| &results[i]["value"];
    assert_eq!(value(0)["value"], 57.0);
    assert_eq!(value(0)["source"]["kind"], "locust");
    assert_eq!(value(0)["source"]["metric"], "http_req_duration.p95");
    assert!(value(0)["source"]["file"]
        .as_str()
        .unwrap()
        .ends_with("locust_stats.csv"));
    assert_eq!(value(1)["value"], 41.0);
    assert_eq!(value(2)["value"], 5.0 / 60.0);
    assert_eq!(value(2)["source"]["kind"], "artillery");
    assert_eq!(value(3)["value"], 32.0);
    let junit = std::fs::read_to_string(dir.path().join("gate.xml")).unwrap();
    assert!(junit.contains("from locust:GET /cart.p95 ("), "{junit}");
    let summary = std::fs::read_to_string(dir.path().join("summary.md")).unwrap();
    assert!(
        summary.contains("from artillery:error\\_rate ("),
        "{summary}"
    );
    // Without the map, a name both reports have is refused, naming both.
    let out = run(
        dir.path(),
        &["eval", "--slo", &slo, "--sli", &locust, "--sli", &artillery],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("error[duplicate_indicator_value]: ")
            && out
                .stderr
                .contains("'error_rate' is in both the Locust statistics '")
            && out.stderr.contains("and the Artillery report '"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_single_report_names_its_kind_and_plain_values_still_work() {
    let dir = workspace(&[]);
    let slo = "objectives:\n  - sli: http_req_duration.p95\n    pass: [{criteria: ['<100']}]\ntotal_score: {pass: 90%}\n";
    std::fs::write(dir.path().join("slo.yaml"), slo).unwrap();
    std::fs::write(
        dir.path().join("values.json"),
        r#"{"http_req_duration.p95": 80}"#,
    )
    .unwrap();
    let locust = format!("locust:{}", report_fixture("locust-run.json"));
    let out = run(
        dir.path(),
        &[
            "eval", "--slo", "slo.yaml", "--sli", &locust, "--format", "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        json(&out.stdout)["evaluation"]["indicatorResults"][0]["value"]["value"],
        51.0
    );
    let out = run(
        dir.path(),
        &[
            "eval",
            "--slo",
            "slo.yaml",
            "--sli",
            "values.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    // A metric a report lacks names what the report has and the nearest name.
    std::fs::write(dir.path().join("slo.yaml"), slo.replace("p95", "p59")).unwrap();
    let out = run(dir.path(), &["eval", "--slo", "slo.yaml", "--sli", &locust]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("has no metric 'http_req_duration.p59' (did you mean 'http_req_duration.p50'?); it has: error_rate, "),
        "{}",
        out.stderr
    );
}

#[test]
fn every_format_prints_declared_units_and_explains_in_words() {
    let slo = "extensions: slogate/v1\nobjectives:\n  - sli: p95\n    unit: ms\n    pass: [{criteria: ['<=+10%', '<1s']}]\ntotal_score: {pass: 90%}\n";
    let dir = workspace(&[
        ("slo.yaml", slo),
        ("first.json", r#"{"p95": 500}"#),
        ("slow.json", r#"{"p95": 560}"#),
    ]);
    let dir = dir.path();
    let eval = |sli: &str, extra: &[&str]| {
        let mut args = vec![
            "eval",
            "--slo",
            "slo.yaml",
            "--sli",
            sli,
            "--history",
            "h.jsonl",
        ];
        args.extend_from_slice(extra);
        run(dir, &args)
    };
    assert_eq!(eval("first.json", &["--record", "--id", "b1"]).code, 0);
    let table = eval("slow.json", &["--format", "table"]);
    assert_eq!(table.code, 1, "{}", table.stderr);
    assert!(table.stdout.contains("560 ms"), "{}", table.stdout);
    assert!(table.stdout.contains("500 ms"), "{}", table.stdout);
    assert!(table.stdout.contains("550 ms, 1000 ms"), "{}", table.stdout);
    assert!(
        table
            .stdout
            .contains("p95 = 560 ms, 12% slower than the previous result (500 ms): fail"),
        "{}",
        table.stdout
    );
    for format in ["markdown", "junit"] {
        let out = eval("slow.json", &["--format", format]);
        assert!(out.stdout.contains("560 ms"), "{format}: {}", out.stdout);
        assert!(
            out.stdout.contains("12% slower"),
            "{format}: {}",
            out.stdout
        );
    }
    let out = eval("slow.json", &["--format", "json"]);
    let result = &json(&out.stdout)["evaluation"]["indicatorResults"][0];
    assert_eq!(result["unit"], "ms");
}
