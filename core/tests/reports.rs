//! The load-test report readers on real-format reports kept in `tests/fixtures/reports/`.

use slogate::{reports, SliReport, Slo, Verdict};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/reports/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn value(report: &SliReport, metric: &str) -> f64 {
    report
        .indicator_values
        .iter()
        .find(|v| v.metric == metric)
        .unwrap_or_else(|| panic!("no metric {metric}"))
        .value
}

fn has(report: &SliReport, metric: &str) -> bool {
    report.indicator_values.iter().any(|v| v.metric == metric)
}

#[test]
fn k6_summary_export_names_every_statistic() {
    let report = reports::k6::from_json(&fixture("k6-summary-export.json")).unwrap();
    assert_eq!(value(&report, "http_req_duration.p95"), 215.952);
    assert_eq!(value(&report, "http_req_duration.med"), 110.474);
    assert_eq!(
        value(&report, "http_req_duration{expected_response:true}.p90"),
        203.541
    );
    assert_eq!(value(&report, "http_req_failed.rate"), 0.0);
    assert_eq!(value(&report, "http_req_failed.fails"), 180.0);
    assert!((value(&report, "checks.rate") - 178.0 / 180.0).abs() < 1e-12);
    assert_eq!(value(&report, "http_reqs.count"), 180.0);
    assert_eq!(value(&report, "vus.max"), 19.0);
    assert!(!has(&report, "http_req_duration.p99"));
    assert!(!has(&report, "vus.rate"), "a gauge's value stays .value");
    assert!(report
        .indicator_values
        .iter()
        .all(|v| !v.metric.contains("thresholds")));
}

#[test]
fn k6_handle_summary_data_gives_the_same_names() {
    let export = reports::k6::from_json(&fixture("k6-summary-export.json")).unwrap();
    let data = reports::k6::from_json(&fixture("k6-handle-summary.json")).unwrap();
    for metric in [
        "http_req_duration.p95",
        "http_req_failed.rate",
        "checks.rate",
        "http_reqs.rate",
        "vus.value",
    ] {
        assert_eq!(value(&export, metric), value(&data, metric), "{metric}");
    }
    assert_eq!(value(&data, "http_req_duration.p99"), 1004.87);
}

#[test]
fn k6_gate_refuses_a_percentile_k6_was_not_asked_for() {
    let slo = Slo::parse(
        "objectives:\n  - sli: http_req_duration.p95\n    pass: [{criteria: ['<300']}]\n  - sli: http_req_duration.p99\n    pass: [{criteria: ['<800']}]\ntotal_score: {pass: 90%}\n",
    )
    .unwrap();
    let report = reports::k6::from_json(&fixture("k6-summary-export.json")).unwrap();
    let err = reports::require_metrics(&slo, &report, "k6 summary").unwrap_err();
    assert_eq!(err.code().as_str(), "missing_metric");
    assert_eq!(err.path(), "objectives[1].sli");
    assert!(err.to_string().contains("'http_req_duration.p99'"), "{err}");

    let report = reports::k6::from_json(&fixture("k6-handle-summary.json")).unwrap();
    reports::require_metrics(&slo, &report, "k6 summary").unwrap();
    let evaluation = slo.evaluate(&report, &[]).unwrap();
    assert_eq!(evaluation.result(), Verdict::Fail);
    assert_eq!(evaluation.score(), 50.0);
}

#[test]
fn artillery_report_reads_the_aggregate() {
    let report = reports::artillery::from_json(&fixture("artillery-report.json")).unwrap();
    assert_eq!(value(&report, "http.response_time.p95"), 68.7);
    assert_eq!(value(&report, "http.response_time.median"), 12.1);
    assert_eq!(value(&report, "http.codes.503"), 4.0);
    assert_eq!(value(&report, "http.request_rate"), 6.0);
    assert_eq!(value(&report, "vusers.failed"), 2.0);
    assert_eq!(value(&report, "errors.total"), 2.0);
    assert_eq!(value(&report, "vusers.session_length.p99"), 1002.4);
    assert_eq!(
        value(&report, "http.requests"),
        180.0,
        "the aggregate, not a period"
    );
}

#[test]
fn artillery_absent_failure_counters_read_as_zero() {
    let report = reports::artillery::from_json(
        r#"{"aggregate": {"counters": {"vusers.created": 5, "vusers.completed": 5}, "rates": {}, "summaries": {}}}"#,
    )
    .unwrap();
    assert_eq!(value(&report, "vusers.failed"), 0.0);
    assert_eq!(value(&report, "errors.total"), 0.0);
    assert!(!has(&report, "http.codes.500"));
}

#[test]
fn autocannon_result_names_and_error_rate() {
    let report = reports::autocannon::from_json(
        r#"{"url": "http://127.0.0.1:3000", "connections": 2, "duration": 1.01,
            "errors": 2, "timeouts": 1, "mismatches": 0, "non2xx": 5, "resets": 0,
            "1xx": 0, "2xx": 95, "3xx": 0, "4xx": 5, "5xx": 0,
            "statusCodeStats": {"200": {"count": 95}, "404": {"count": 5}},
            "latency": {"average": 1.5, "mean": 1.5, "stddev": 0.7, "min": 1, "max": 9,
                        "p50": 1, "p90": 2, "p97_5": 4, "p99": 6, "totalCount": 100},
            "requests": {"average": 100, "mean": 100, "total": 100, "sent": 102},
            "throughput": {"average": 12000, "total": 12000},
            "start": "2024-06-03T10:00:00.000Z", "finish": "2024-06-03T10:00:01.010Z"}"#,
    )
    .unwrap();
    assert_eq!(value(&report, "latency.p97_5"), 4.0);
    assert_eq!(value(&report, "requests.sent"), 102.0);
    assert_eq!(value(&report, "4xx"), 5.0);
    assert_eq!(value(&report, "error_rate"), 7.0 / 102.0);
    assert!(!has(&report, "latency.p95"), "autocannon has no p95");
    assert!(!has(&report, "url"));
}
