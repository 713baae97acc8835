//! How long hostile SLO text takes to be refused: each must be refused in far less than a
//! second, whatever its size.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use slogate::{ErrorCode, Slo};

const TOTAL: &str = "total_score:\n  pass: \"90%\"\n";

fn cases() -> Vec<(&'static str, String, ErrorCode)> {
    let mut laughs = String::from("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for level in 1..=9 {
        let items = vec![format!("*a{}", level - 1); 10].join(",");
        writeln!(laughs, "a{level}: &a{level} [{items}]").unwrap();
    }
    laughs.push_str("objectives:\n  - sli: *a9\n");
    laughs.push_str(TOTAL);

    let mut nested = String::from("filter:\n");
    for depth in 1..=100 {
        writeln!(nested, "{}k{depth}:", "  ".repeat(depth)).unwrap();
    }
    nested.push_str(TOTAL);

    let huge = format!(
        "objectives:\n  - sli: \"{}\"\n{TOTAL}",
        "x".repeat(50 * 1024 * 1024)
    );
    let criterion = format!(
        "objectives:\n  - sli: a\n    pass:\n      - criteria: [\"<{}\"]\n{TOTAL}",
        "9".repeat(1024 * 1024)
    );
    let mut wide = String::from("filter:\n");
    for i in 0..100_000 {
        writeln!(wide, "  k{i}: v").unwrap();
    }
    wide.push_str("  k0: again\n");
    wide.push_str(TOTAL);
    vec![
        ("billion_laughs", laughs, ErrorCode::TooManyNodes),
        ("nested_100_levels", nested, ErrorCode::NestingTooDeep),
        ("string_50_mb", huge, ErrorCode::DocumentTooLarge),
        ("criterion_1_mb", criterion, ErrorCode::CriterionTooLong),
        ("mapping_100k_keys", wide, ErrorCode::DuplicateKey),
    ]
}

fn hostile(c: &mut Criterion) {
    let mut group = c.benchmark_group("refuse");
    group.sample_size(10);
    for (name, text, code) in cases() {
        assert_eq!(Slo::parse(&text).unwrap_err().code(), code, "{name}");
        group.bench_function(name, |b| {
            b.iter(|| Slo::parse(black_box(&text)).unwrap_err());
        });
    }
    group.finish();
}

criterion_group!(benches, hostile);
criterion_main!(benches);
