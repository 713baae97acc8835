//! The statistics module against SciPy's values, kept as data in
//! `fixtures/scipy_reference.json` (its `source` field names the SciPy version and calls).
//! `bindings-python/tests/test_statistics.py` recomputes the same kind of cases with SciPy live.

use serde_json::Value;
use slogate::stats;

fn reference() -> Value {
    serde_json::from_str(include_str!("fixtures/scipy_reference.json")).unwrap()
}

fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

fn close(actual: f64, expected: f64, relative: f64) -> bool {
    (actual - expected).abs() <= relative * expected.abs().max(1e-300)
}

#[test]
fn mann_whitney_u_and_p_value_match_scipy() {
    let reference = reference();
    let cases = reference["mann_whitney"].as_array().unwrap();
    assert!(cases.len() >= 15);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let test = stats::mann_whitney_u(&numbers(&case["x"]), &numbers(&case["y"])).unwrap();
        let (u, p) = (
            case["u"].as_f64().unwrap(),
            case["p_value"].as_f64().unwrap(),
        );
        assert_eq!(test.u, u, "{name}: U");
        assert!(
            close(test.p_value, p, 1e-9),
            "{name}: p = {} ({}), SciPy {p}",
            test.p_value,
            test.method.as_str()
        );
    }
}

#[test]
fn samples_with_ties_use_the_normal_approximation_and_small_ones_the_exact_distribution() {
    let ties = stats::mann_whitney_u(&[1.0, 2.0, 2.0], &[3.0, 4.0]).unwrap();
    assert_eq!(ties.method, stats::PValueMethod::Asymptotic);
    let small = stats::mann_whitney_u(&[1.0, 2.0, 5.0], &[3.0, 4.0]).unwrap();
    assert_eq!(small.method, stats::PValueMethod::Exact);
    let large: Vec<f64> = (0..9).map(f64::from).collect();
    let other: Vec<f64> = (0..9).map(|i| f64::from(i) + 0.5).collect();
    assert_eq!(
        stats::mann_whitney_u(&large, &other).unwrap().method,
        stats::PValueMethod::Asymptotic
    );
}

#[test]
fn normal_quantiles_and_cdf_match_scipy() {
    let reference = reference();
    for row in reference["quantiles"]["normal"].as_array().unwrap() {
        let [p, q] = numbers(row)[..] else { panic!() };
        let actual = stats::normal_quantile(p).unwrap();
        assert!(
            close(actual, q, 1e-9),
            "normal quantile {p}: {actual}, SciPy {q}"
        );
    }
    for row in reference["quantiles"]["normal_cdf"].as_array().unwrap() {
        let [x, c] = numbers(row)[..] else { panic!() };
        let actual = stats::normal_cdf(x);
        assert!(
            close(actual, c, 1e-9),
            "normal cdf {x}: {actual}, SciPy {c}"
        );
    }
}

#[test]
fn students_t_quantiles_and_cdf_match_scipy() {
    let reference = reference();
    for row in reference["quantiles"]["students_t"].as_array().unwrap() {
        let [p, df, q] = numbers(row)[..] else {
            panic!()
        };
        let actual = stats::students_t_quantile(p, df).unwrap();
        // A median of 0 has no relative error to speak of.
        let ok = if q == 0.0 {
            actual.abs() < 1e-12
        } else {
            close(actual, q, 1e-8)
        };
        assert!(ok, "t quantile p={p} df={df}: {actual}, SciPy {q}");
    }
    for row in reference["quantiles"]["students_t_cdf"].as_array().unwrap() {
        let [x, df, c] = numbers(row)[..] else {
            panic!()
        };
        let actual = stats::students_t_cdf(x, df).unwrap();
        assert!(
            close(actual, c, 1e-9),
            "t cdf x={x} df={df}: {actual}, SciPy {c}"
        );
    }
}

#[test]
fn log_normal_quantiles_match_scipy() {
    let reference = reference();
    for row in reference["quantiles"]["log_normal"].as_array().unwrap() {
        let [p, location, scale, q] = numbers(row)[..] else {
            panic!()
        };
        let actual = stats::log_normal_quantile(p, location, scale).unwrap();
        assert!(
            close(actual, q, 1e-9),
            "log-normal {p} {location} {scale}: {actual}, SciPy {q}"
        );
    }
}

/// Published one-sided critical values of Student's t, as printed in NIST/SEMATECH e-Handbook
/// of Statistical Methods, section 1.3.6.7.2 (three decimals).
#[test]
fn students_t_quantiles_match_the_printed_table() {
    let table = [
        (1.0, 0.95, 6.314),
        (4.0, 0.95, 2.132),
        (4.0, 0.99, 3.747),
        (10.0, 0.975, 2.228),
        (29.0, 0.99, 2.462),
        (100.0, 0.95, 1.660),
    ];
    for (df, p, printed) in table {
        let q = stats::students_t_quantile(p, df).unwrap();
        assert!(
            (q - printed).abs() < 0.0005,
            "t({df}) at {p}: {q}, table {printed}"
        );
    }
    assert!((stats::normal_quantile(0.95).unwrap() - 1.645).abs() < 0.0005);
}

#[test]
fn descriptive_statistics() {
    let values = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
    assert_eq!(stats::mean(&values), Some(5.0));
    assert_eq!(stats::population_std_dev(&values), Some(2.0));
    assert!(close(
        stats::sample_std_dev(&values).unwrap(),
        2.138_089_935_299_395,
        1e-12
    ));
    assert_eq!(stats::median(&values), Some(4.5));
    // NumPy: np.percentile([1, 2, 3, 4, 5], [25, 50, 75]) == [2, 3, 4].
    let quartiles = stats::Quartiles::of(&[5.0, 1.0, 4.0, 2.0, 3.0]).unwrap();
    assert_eq!((quartiles.q1, quartiles.q2, quartiles.q3), (2.0, 3.0, 4.0));
    assert_eq!(quartiles.iqr(), 2.0);
    // np.percentile([1, 2], 25) == 1.25.
    assert_eq!(stats::percentile_of_sorted(&[1.0, 2.0], 0.25), Some(1.25));
}
