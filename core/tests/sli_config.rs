//! `sli.yaml`: sources, order, and located problems.

use slogate::reports::ReportKind;
use slogate::{ErrorCode, SliConfig, SliSource};

#[test]
fn report_sources_and_queries_keep_their_order() {
    let config = SliConfig::parse(
        "---\nspec_version: '1.0'\nindicators:\n  response_time_p95: k6:http_req_duration.p95\n  \
         cart_p95: 'locust:/cart.response_time_p95'\n  cpu: 'avg(rate(cpu[5m]))'\n  \
         url: 'http://example.com:9090/q'\n  errors: 'artillery:GET /cart.p95'\n",
    )
    .unwrap();
    assert_eq!(config.spec_version(), Some("1.0"));
    let report = |kind, metric: &str| SliSource::Report {
        kind,
        metric: metric.to_owned(),
    };
    let got: Vec<(&str, SliSource)> = config
        .indicators()
        .map(|(name, source)| (name, source.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "response_time_p95",
                report(ReportKind::K6, "http_req_duration.p95")
            ),
            (
                "cart_p95",
                report(ReportKind::Locust, "/cart.response_time_p95")
            ),
            ("cpu", SliSource::Query("avg(rate(cpu[5m]))".into())),
            ("url", SliSource::Query("http://example.com:9090/q".into())),
            ("errors", report(ReportKind::Artillery, "GET /cart.p95")),
        ]
    );
    let entry = &config.entries()[1];
    assert_eq!((entry.line, entry.column), (5, 13));
    assert_eq!(
        config.source("cpu").unwrap().to_string(),
        "avg(rate(cpu[5m]))"
    );
    assert_eq!(
        config.source("cart_p95").unwrap().to_string(),
        "locust:/cart.response_time_p95"
    );
    assert!(config.source("nope").is_none());
}

#[test]
fn every_kind_is_known_by_its_name() {
    for kind in ReportKind::ALL {
        assert_eq!(ReportKind::parse(kind.name()), Some(*kind));
        let source = SliSource::parse(&format!("{kind}:x.p95")).unwrap();
        assert_eq!(
            source,
            SliSource::Report {
                kind: *kind,
                metric: "x.p95".into()
            }
        );
    }
    // Names are exact: an unknown or differently written kind is a query.
    assert_eq!(
        SliSource::parse("K6:x"),
        Some(SliSource::Query("K6:x".into()))
    );
}

#[test]
fn an_empty_indicators_mapping_is_an_empty_config() {
    let config = SliConfig::parse("indicators: {}\n").unwrap();
    assert_eq!(config.indicators().count(), 0);
    assert_eq!(config.spec_version(), None);
}

/// Code, path, line and column, and message of one problem.
type Expected = (
    ErrorCode,
    &'static str,
    Option<(usize, usize)>,
    &'static str,
);

#[test]
fn malformed_files_are_refused_with_every_problem_located() {
    let cases: &[(&str, &[Expected])] = &[
        (
            "",
            &[(
                ErrorCode::MissingField,
                "indicators",
                None,
                "the sli.yaml is empty; it needs 'indicators', a mapping of SLI names to sources",
            )],
        ),
        (
            "- a\n",
            &[(
                ErrorCode::InvalidType,
                "",
                Some((1, 1)),
                "expected a mapping with 'indicators', found a list",
            )],
        ),
        (
            "spec_version: '1.0'\n",
            &[(
                ErrorCode::MissingField,
                "indicators",
                None,
                "the sli.yaml has no 'indicators'; add a mapping of SLI names to sources",
            )],
        ),
        (
            "indicators: [a, b]\n",
            &[(
                ErrorCode::InvalidType,
                "indicators",
                Some((1, 13)),
                "expected a mapping of SLI names to sources, found a list",
            )],
        ),
        (
            "spec_version: [1]\nindicators:\n  a: k6: x\n",
            &[(
                ErrorCode::InvalidYaml,
                "",
                Some((3, 8)),
                "invalid YAML: mapping values are not allowed in this context",
            )],
        ),
        (
            "spec_version: [1]\nindicators:\n  a: {k6: x}\n  b:\n  c: 'locust: '\n",
            &[
                (
                    ErrorCode::InvalidType,
                    "spec_version",
                    Some((1, 15)),
                    "expected text, found a list",
                ),
                (
                    ErrorCode::InvalidType,
                    "indicators.a",
                    Some((3, 6)),
                    "expected the source as text, found a mapping (quote a source that holds ': ')",
                ),
                (
                    ErrorCode::MissingField,
                    "indicators.b",
                    None,
                    "the indicator 'b' has no source; write 'KIND:METRIC' or a query",
                ),
                (
                    ErrorCode::MissingField,
                    "indicators.c",
                    Some((5, 6)),
                    "the source 'locust: ' names no locust metric; write 'locust:METRIC', e.g. 'locust:response_time_p95'",
                ),
            ],
        ),
        (
            "indicators:\n  a: 'k6:x'\n  a: 'k6:y'\n",
            &[(
                ErrorCode::DuplicateKey,
                "",
                Some((3, 3)),
                "duplicate key 'a' in this mapping",
            )],
        ),
    ];
    for (text, expected) in cases {
        let err = SliConfig::parse(text).unwrap_err();
        let got: Vec<_> = err
            .problems()
            .iter()
            .map(|p| (p.code(), p.path(), p.line().zip(p.column()), p.message()))
            .collect();
        assert_eq!(&got, expected, "{text:?}");
    }
}
