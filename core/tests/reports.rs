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

/// The numbers of the `Aggregated` rows Locust printed: the statistics row (requests,
/// failures, avg, min, max, median, req/s) and the percentile row (50% ... 100%, requests).
fn locust_printed_aggregate() -> (Vec<f64>, Vec<f64>) {
    let summary = fixture("locust-run-summary.txt");
    let rows: Vec<Vec<f64>> = summary
        .lines()
        .filter(|line| line.trim_start().starts_with("Aggregated"))
        .map(|line| {
            line.split(|c: char| c.is_whitespace() || c == '|' || c == '(')
                .filter_map(|field| field.parse().ok())
                .collect()
        })
        .collect();
    // Locust prints a table when it starts too; the last two rows are the final ones.
    let last = &rows[rows.len() - 2..];
    (last[0].clone(), last[1].clone())
}

#[test]
fn locust_json_output_matches_the_summary_locust_printed() {
    let report = reports::locust::from_json(&fixture("locust-run.json")).unwrap();
    let (stats, percentiles) = locust_printed_aggregate();
    assert_eq!(value(&report, "requests"), stats[0]);
    assert_eq!(value(&report, "failures"), stats[1]);
    assert_eq!(value(&report, "response_time_avg").trunc(), stats[2]);
    assert_eq!(value(&report, "response_time_min").trunc(), stats[3]);
    assert_eq!(value(&report, "response_time_max").trunc(), stats[4]);
    assert_eq!(value(&report, "response_time_median"), stats[5]);
    // The JSON lacks the run's start: its span starts at the first request, later than
    // Locust's, so the rate reads higher than the one Locust printed.
    let entries: serde_json::Value = serde_json::from_str(&fixture("locust-run.json")).unwrap();
    let field = |key: &'static str| {
        entries
            .as_array()
            .unwrap()
            .iter()
            .map(move |e| e[key].as_f64().unwrap())
    };
    let span = field("last_request_timestamp").fold(f64::MIN, f64::max)
        - field("start_time").fold(f64::MAX, f64::min);
    assert_eq!(value(&report, "rps"), stats[0] / span);
    assert!(value(&report, "rps") >= stats[6]);
    let names = [
        "p50", "p66", "p75", "p80", "p90", "p95", "p98", "p99", "p99.9", "p99.99", "p100",
    ];
    for (name, printed) in names.iter().zip(&percentiles) {
        assert_eq!(
            value(&report, &format!("response_time_{name}")),
            *printed,
            "{name}"
        );
        assert_eq!(
            value(&report, &format!("http_req_duration.{name}")),
            *printed
        );
    }
    assert_eq!(value(&report, "error_rate"), stats[1] / stats[0]);
    // Locust prints whole milliseconds, cut off.
    // Per endpoint, under the shared and under Locust's own names.
    let flaky_failures = value(&report, "/flaky.failures");
    assert!(flaky_failures > 0.0);
    assert_eq!(
        value(&report, "GET /flaky.error_rate"),
        flaky_failures / value(&report, "/flaky.requests")
    );
    assert_eq!(
        value(&report, "GET /cart.p95"),
        value(&report, "GET /cart.response_time_p95")
    );
    assert!(has(&report, "POST /cart.p99"));
}

#[test]
fn locust_csv_stats_read_every_row_and_percentile() {
    let report = reports::locust::read(&fixture("locust_stats.csv")).unwrap();
    // The Aggregated row: 89 requests, 4 failures, 95% at 57 ms, 47.90 requests per second.
    assert_eq!(value(&report, "requests"), 89.0);
    assert_eq!(value(&report, "failures"), 4.0);
    assert_eq!(value(&report, "response_time_p95"), 57.0);
    assert_eq!(value(&report, "http_req_duration.p99.9"), 260.0);
    assert_eq!(value(&report, "http_req_duration.med"), 20.0);
    assert_eq!(value(&report, "throughput"), 47.904_791_274_056_31);
    assert_eq!(value(&report, "error_rate"), 4.0 / 89.0);
    // GET and POST /cart share a name, so Locust's own names carry the method too.
    assert_eq!(value(&report, "GET /cart.response_time_p90"), 40.0);
    assert_eq!(value(&report, "POST /cart.p98"), 78.0);
    assert_eq!(
        value(&report, "/slow.response_time_min"),
        23.817_129_999_997_633
    );
    assert_eq!(value(&report, "GET /flaky.error_rate"), 4.0 / 13.0);
}

#[test]
fn locust_files_without_requests_have_no_response_times() {
    let csv = "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,95%\n,Aggregated,0,0,0,0.0,0,0,0,0.0,0.0,N/A,N/A\n";
    for report in [
        reports::locust::read(csv).unwrap(),
        reports::locust::read("[]").unwrap(),
    ] {
        assert_eq!(value(&report, "requests"), 0.0);
        assert_eq!(value(&report, "error_rate"), 0.0);
        let p95 = report
            .indicator_values
            .iter()
            .find(|v| v.metric == "http_req_duration.p95")
            .unwrap();
        assert!(!p95.success, "{p95:?}");
    }
}

#[test]
fn malformed_locust_files_are_refused_with_their_place() {
    let header = "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%\n";
    let cases = [
        (
            format!("{header},Aggregated,x,0,0,0,0,0,0,0,0,1\n"),
            "line 2, column 1: the Locust CSV statistics column 'Request Count' must hold a number, found 'x'",
        ),
        (
            format!("{header},Aggregated,1,0\n"),
            "line 2, column 1: the Locust CSV statistics row has 4 fields, but the header has 12",
        ),
        (
            "Type,Name\nGET,/a\n".to_owned(),
            "line 1, column 1: the Locust CSV statistics have no column 'Request Count'; expected the PREFIX_stats.csv file of 'locust --csv PREFIX'",
        ),
        (
            format!("{header}GET,/a,1,0,1,1,1,1,0,1,0,1\n"),
            "the Locust CSV statistics have no 'Aggregated' row; expected the PREFIX_stats.csv file of 'locust --csv PREFIX'",
        ),
        (
            "{\"stats\": []}".to_owned(),
            "expected the list of entries 'locust --json' prints, found an object",
        ),
        (
            "[{\"name\": \"/a\"}]".to_owned(),
            "[0].response_times: '[0].response_times' is missing; expected Locust's serialized statistics entry",
        ),
        (
            "[\n  1\n".to_owned(),
            "invalid Locust statistics JSON: the text ends inside a list",
        ),
    ];
    for (text, message) in cases {
        let err = reports::locust::read(&text).unwrap_err();
        assert_eq!(err.to_string(), message, "{text}");
    }
}

/// The numbers Artillery printed in its summary report: `name: ... value` lines, with a
/// summary's statistics named `summary.stat`.
fn artillery_printed(name: &str) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    let mut block = String::new();
    for line in fixture(name).lines() {
        let Some((key, rest)) = line.split_once(':') else {
            continue;
        };
        let number = rest
            .trim_start_matches([' ', '.'])
            .trim_end_matches("/sec")
            .parse::<f64>();
        match (line.starts_with(' '), number) {
            (false, Ok(value)) => out.push((key.to_owned(), value)),
            (false, Err(_)) => key.clone_into(&mut block),
            (true, Ok(value)) => out.push((format!("{block}.{}", key.trim()), value)),
            (true, Err(_)) => {}
        }
    }
    out
}

#[test]
fn artillery_run_matches_the_summary_artillery_printed() {
    let report = reports::artillery::from_json(&fixture("artillery-run.json")).unwrap();
    let printed = artillery_printed("artillery-run-summary.txt");
    assert!(printed.len() > 20, "{printed:?}");
    for (name, number) in &printed {
        assert_eq!(value(&report, name), *number, "{name}");
    }
    // 5 of 60 requests were answered with a 503.
    assert_eq!(value(&report, "error_rate"), 5.0 / 60.0);
    assert_eq!(value(&report, "requests"), 60.0);
    assert_eq!(value(&report, "throughput"), 32.0);
    assert_eq!(value(&report, "http_req_duration.p95"), 16.0);
    assert_eq!(value(&report, "http_req_duration.med"), 3.0);
    assert_eq!(value(&report, "http_req_duration.avg"), 5.3);
    // Per endpoint, from the metrics-by-endpoint plugin.
    assert_eq!(value(&report, "/flaky.error_rate"), 0.25);
    assert_eq!(value(&report, "/flaky.requests"), 20.0);
    assert_eq!(value(&report, "/cart.error_rate"), 0.0);
    assert_eq!(
        value(&report, "/cart.p95"),
        value(
            &report,
            "plugins.metrics-by-endpoint.response_time./cart.p95"
        )
    );
}

#[test]
fn artillery_clean_run_has_a_zero_error_rate() {
    let report = reports::artillery::from_json(&fixture("artillery-clean-run.json")).unwrap();
    assert_eq!(value(&report, "error_rate"), 0.0);
    assert!(!has(&report, "http.codes.503"));
    assert!(reports::artillery::zero_when_absent("http.codes.503"));
}

#[test]
fn jmeter_jtl_statistics_are_computed_as_the_dashboard_does() {
    let report = reports::ReportKind::Jmeter
        .read(&fixture("jmeter-results.jtl"))
        .unwrap();
    // /cart: 9 10 11 12 14 15 18 22 31 250 ms; the 90th percentile sits at position
    // 0.9 * 11 = 9.9, between 31 and 250.
    assert_eq!(value(&report, "GET /cart.sampleCount"), 10.0);
    assert_eq!(value(&report, "GET /cart.medianResTime"), 14.5);
    assert_eq!(value(&report, "GET /cart.meanResTime"), 39.2);
    assert!((value(&report, "GET /cart.pct1ResTime") - 228.1).abs() < 1e-9);
    assert_eq!(value(&report, "GET /cart.p95"), 250.0);
    assert!((value(&report, "GET /cart.throughput") - 10.0 / 1.15).abs() < 1e-9);
    assert_eq!(value(&report, "GET /flaky.error_rate"), 0.2);
    assert_eq!(value(&report, "GET /flaky.errorPct"), 20.0);
    assert_eq!(value(&report, "GET /flaky.med"), 9.0);
    // The whole run: 15 samples, one failed.
    assert_eq!(value(&report, "requests"), 15.0);
    assert_eq!(value(&report, "error_rate"), 1.0 / 15.0);
    assert_eq!(value(&report, "http_req_duration.med"), 12.0);
    assert!((value(&report, "http_req_duration.p90") - 118.6).abs() < 1e-9);
    assert!((value(&report, "throughput") - 15.0 / 1.15).abs() < 1e-9);
    // With a header row, as JMeter 3 and later write by default, the same numbers.
    let with_header = format!(
        "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,bytes,grpThreads,allThreads,Latency\n{}",
        fixture("jmeter-results.jtl")
    );
    assert_eq!(reports::jmeter::read(&with_header).unwrap(), report);
}

#[test]
fn jmeter_dashboard_statistics_read_every_label() {
    let report = reports::ReportKind::Jmeter
        .read(&fixture("jmeter-statistics.json"))
        .unwrap();
    assert_eq!(value(&report, "sampleCount"), 15.0);
    assert_eq!(value(&report, "pct2ResTime"), 250.0);
    assert_eq!(value(&report, "http_req_duration.p95"), 250.0);
    assert_eq!(value(&report, "GET /flaky.error_rate"), 0.2);
    assert_eq!(value(&report, "GET /cart.p90"), 227.2);
    assert_eq!(value(&report, "sentKBytesPerSec"), 1.6427);
}

#[test]
fn gatling_stats_name_the_run_groups_and_requests() {
    let report = reports::ReportKind::Gatling
        .read(&fixture("gatling-stats.json"))
        .unwrap();
    assert_eq!(value(&report, "requests"), 200.0);
    assert_eq!(value(&report, "requests.ko"), 4.0);
    assert_eq!(value(&report, "error_rate"), 0.02);
    assert_eq!(value(&report, "throughput"), 20.0);
    assert_eq!(value(&report, "http_req_duration.p95"), 118.0);
    assert_eq!(value(&report, "http_req_duration.med"), 24.0);
    assert_eq!(value(&report, "GET /cart.p99"), 290.0);
    assert_eq!(value(&report, "GET /cart.error_rate"), 0.0);
    assert_eq!(value(&report, "checkout.error_rate"), 0.08);
    assert_eq!(value(&report, "checkout/POST /pay.p75"), 70.0);
}

#[test]
fn every_kind_refuses_malformed_and_reads_empty_reports() {
    use reports::ReportKind as K;
    let cases = [
        (K::Gatling, "{\"stats\": {\"numberOfRequests\": {\"total\": \"many\"}}}", "stats.numberOfRequests.total: 'stats.numberOfRequests.total' must be a number or '-', found the string \"many\""),
        (K::Gatling, "{\"contents\": {}}", "stats: 'stats' is missing; expected an object of statistics"),
        (K::Jmeter, "1,2,GET /a,200,OK,t,text,maybe,1,1,1,1\n", "line 1, column 1: the JMeter results column 'success' must hold true or false, found 'maybe'"),
        (K::Jmeter, "1,2,GET /a,200,OK,t,text,true,1,1,1,1\n1,x,GET /a,200,OK,t,text,true,1,1,1,1\n", "line 2, column 1: the JMeter results column 'elapsed' must hold a number, found 'x'"),
        (K::Jmeter, "<?xml version=\"1.0\"?>\n<testResults/>", "line 1, column 1: this is an XML JTL file; save JMeter results as CSV (jmeter.save.saveservice.output_format=csv)"),
        (K::Jmeter, "{\"GET /a\": {}}", "Total: 'Total' is missing; expected the statistics.json of a JMeter dashboard"),
        (K::Artillery, "{\"aggregate\": {\"counters\": {\"http.requests\": \"3\"}}}", "aggregate.counters.http.requests: the Artillery report value at 'aggregate.counters.http.requests' must be a number, found the string \"3\""),
    ];
    for (kind, text, message) in cases {
        let err = kind.read(text).unwrap_err();
        assert_eq!(err.to_string(), message, "{kind}: {text}");
    }
    // Empty reports: counts are 0, times could not be obtained.
    let header = "timeStamp,elapsed,label,success\n";
    for (kind, text) in [
        (K::Jmeter, header),
        (K::Locust, "[]"),
        (K::Gatling, "{\"stats\": {\"numberOfRequests\": {\"total\": 0, \"ok\": 0, \"ko\": 0}, \"percentiles3\": {\"total\": \"-\"}}}"),
    ] {
        let report = kind.read(text).unwrap();
        assert_eq!(value(&report, "requests"), 0.0, "{kind}");
        let p95 = report
            .indicator_values
            .iter()
            .find(|v| v.metric == "http_req_duration.p95")
            .unwrap_or_else(|| panic!("{kind}: no p95"));
        assert!(!p95.success, "{kind}");
    }
}

#[test]
fn a_missing_metric_lists_every_name_grouped_and_suggests_the_nearest() {
    let report = reports::ReportKind::Locust
        .read(&fixture("locust_stats.csv"))
        .unwrap();
    let slo = Slo::parse(
        "objectives:\n  - sli: GET /flaky.p59\n    pass: [{criteria: ['<500']}]\ntotal_score: {pass: 90%}\n",
    )
    .unwrap();
    let err = reports::require_metrics(&slo, &report, "Locust statistics").unwrap_err();
    let message = err.first().message();
    assert!(
        message.starts_with(
            "the Locust statistics has no metric 'GET /flaky.p59' (did you mean 'GET /flaky.p50'?); it has: "
        ),
        "{message}"
    );
    // Every endpoint name is listed, however many there are.
    assert!(message.contains(", GET /flaky.{avg, error_rate, max, med, min, p100, p50, p66, p75, p80, p90, p95, p98, p99, p99.9, p99.99, requests, throughput}, "), "{message}");
    assert!(
        message.contains("/slow.{fail_per_sec, fail_ratio, failures, requests, response_time_avg"),
        "{message}"
    );
}
