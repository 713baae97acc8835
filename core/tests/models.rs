//! History models: Bencher's limits, the inconclusive rule, and properties that make a gate
//! trustworthy on noisy data.

use proptest::prelude::*;
use slogate::model::{HistoryModel, InconclusivePolicy, ModelKind, ModelStatus};
use slogate::stats;

fn model(kind: ModelKind, lower: Option<f64>, upper: Option<f64>) -> HistoryModel {
    HistoryModel {
        lower_boundary: lower,
        upper_boundary: upper,
        ..HistoryModel::new(kind)
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

/// The limits of Bencher's own tests (`bencher_boundary`: `limits/mod.rs`, `quartiles.rs`).
#[test]
fn limits_match_benchers_test_values() {
    // Thirty values 1..5, five times over: log-normal at 0.85 gives 0.5147... and 4.6955....
    let log_data: Vec<f64> = (0..30).map(|i| f64::from(i % 5 + 1)).collect();
    let judged = model(ModelKind::LogNormal, Some(0.85), Some(0.85)).judge(3.0, &log_data);
    assert!(close(judged.centre.unwrap(), 2.605_171_084_697_351_7));
    assert!(close(judged.upper.unwrap(), 4.695_594_016_896_522));
    assert!(close(judged.lower.unwrap(), 0.514_748_152_498_181_2));
    // Quartiles of 1..5 are 2, 3, 4: an IQR multiplier of 1.5 gives 0 and 6.
    let judged = model(ModelKind::Iqr, Some(1.5), Some(1.5)).judge(3.0, &[5.0, 4.0, 3.0, 2.0, 1.0]);
    assert_eq!((judged.lower, judged.upper), (Some(0.0), Some(6.0)));
    // Relative changes of 1, 2, 3, 4, 5 (oldest first) have quartiles 0.3125 and 0.625.
    let judged = model(ModelKind::DeltaIqr, None, Some(1.0)).judge(3.0, &[5.0, 4.0, 3.0, 2.0, 1.0]);
    assert!(close(judged.upper.unwrap(), 3.0 + 3.0 * (0.625 - 0.3125)));
    // Percentage: 5% around a mean of 1.
    let judged = model(ModelKind::Percentage, Some(0.05), Some(0.05)).judge(1.0, &[0.5, 1.5]);
    assert!(close(judged.upper.unwrap(), 1.05) && close(judged.lower.unwrap(), 0.95));
}

#[test]
fn z_and_t_limits_follow_the_quantiles() {
    // Mean 0 and population sd 1 (values -1 and 1, three times).
    let basis = [-1.0, 1.0, -1.0, 1.0, -1.0, 1.0];
    let z = model(ModelKind::ZScore, None, Some(0.85)).judge(0.0, &basis);
    assert!(close(z.upper.unwrap(), 1.036_433_389_493_789_6));
    let t = model(ModelKind::TTest, Some(0.85), Some(0.85)).judge(0.0, &basis);
    assert!(close(t.upper.unwrap(), 1.155_767_342_894_291_2));
    assert!(close(t.lower.unwrap(), -1.155_767_342_894_291_2));
}

#[test]
fn too_little_data_is_inconclusive_and_counted_by_policy() {
    let m = HistoryModel {
        min_sample_size: 5,
        ..model(ModelKind::TTest, None, Some(0.99))
    };
    let judged = m.judge(900.0, &[500.0, 510.0, 490.0]);
    assert_eq!(judged.status, ModelStatus::Inconclusive);
    assert_eq!(
        judged.explanation(),
        "900 with the t_test model: inconclusive (the basis holds 3 values, fewer than the 5 \
         the t_test model needs)"
    );
    assert_eq!(
        judged.status.counted(InconclusivePolicy::default()),
        Some("warning")
    );
    assert_eq!(
        judged.status.counted(InconclusivePolicy::Fail),
        Some("fail")
    );
    assert_eq!(
        judged.status.counted(InconclusivePolicy::Pass),
        Some("pass")
    );
    assert_eq!(judged.status.counted(InconclusivePolicy::Ignore), None);
    assert_eq!(
        "ignore".parse::<InconclusivePolicy>(),
        Ok(InconclusivePolicy::Ignore)
    );
}

#[test]
fn max_sample_size_keeps_the_newest_values() {
    let m = HistoryModel {
        max_sample_size: Some(3),
        ..model(ModelKind::Percentage, None, Some(0.1))
    };
    // The mean of the newest three is 100, whatever came before.
    let judged = m.judge(105.0, &[100.0, 90.0, 110.0, 1000.0, 1000.0]);
    assert_eq!((judged.samples, judged.centre), (3, Some(100.0)));
    assert_eq!(judged.status, ModelStatus::Pass);
}

#[test]
fn settings_out_of_range_are_refused_with_a_reason() {
    assert_eq!(
        model(ModelKind::TTest, None, Some(0.3)).check(),
        Err(
            "upper_boundary 0.3 is out of range for t_test; expected a probability from 0.5 up \
             to, not including, 1"
                .to_owned()
        )
    );
    assert_eq!(
        model(ModelKind::Iqr, None, None).check(),
        Err("a model needs a lower_boundary, an upper_boundary or both".to_owned())
    );
    assert_eq!(
        "t-test".parse::<ModelKind>(),
        Err(
            "unknown model kind 't-test'; expected one of 'static', 'percentage', 'z_score', \
             't_test', 'log_normal', 'iqr', 'delta_iqr'"
                .to_owned()
        )
    );
    let refused = model(ModelKind::LogNormal, None, Some(0.9)).judge(1.0, &[1.0, 0.0, 2.0]);
    assert_eq!(refused.status, ModelStatus::Inconclusive);
    assert_eq!(
        refused.reason.as_deref(),
        Some("the log_normal model needs positive values; the basis holds 0")
    );
}

const STATISTICAL: [ModelKind; 6] = [
    ModelKind::Percentage,
    ModelKind::ZScore,
    ModelKind::TTest,
    ModelKind::LogNormal,
    ModelKind::Iqr,
    ModelKind::DeltaIqr,
];

fn both_sides(kind: ModelKind) -> HistoryModel {
    let boundary = if kind.boundary_is_probability() {
        0.99
    } else {
        1.5
    };
    model(kind, Some(boundary), Some(boundary))
}

proptest! {
    /// A constant history accepts its own value under every model.
    #[test]
    fn a_constant_history_never_alarms(c in 0.001f64..1e6, n in 2usize..40) {
        let basis = vec![c; n];
        for kind in STATISTICAL {
            let judged = both_sides(kind).judge(c, &basis);
            prop_assert_eq!(judged.status, ModelStatus::Pass, "{}", judged.explanation());
        }
    }

    /// A value within one standard deviation of a low-variance history's mean never alarms
    /// under the normal models at a boundary of 0.85 or more (both quantiles exceed 1).
    #[test]
    fn a_value_within_the_noise_never_alarms(
        c in 1.0f64..1e6,
        noise in prop::collection::vec(-1.0f64..1.0, 3..40),
        within in -1.0f64..1.0,
        boundary in 0.85f64..0.999,
    ) {
        let basis: Vec<f64> = noise.iter().map(|d| c + c * 1e-3 * d).collect();
        let mean = stats::mean(&basis).unwrap();
        let sd = stats::population_std_dev(&basis).unwrap();
        for kind in [ModelKind::ZScore, ModelKind::TTest] {
            let judged = model(kind, Some(boundary), Some(boundary)).judge(mean + within * sd, &basis);
            prop_assert_eq!(judged.status, ModelStatus::Pass, "{}", judged.explanation());
        }
    }

    /// A value k standard deviations above the mean alarms exactly when k exceeds the
    /// documented quantile: Student's t with n - 1 degrees of freedom at the boundary.
    #[test]
    fn a_shift_alarms_at_the_documented_boundary(
        values in prop::collection::vec(0.0f64..1000.0, 3..30),
        boundary in 0.5f64..0.999,
        margin in 0.001f64..0.5,
    ) {
        let mean = stats::mean(&values).unwrap();
        let sd = stats::population_std_dev(&values).unwrap();
        prop_assume!(sd > 1e-3);
        let df = (values.len() - 1) as f64;
        let t = model(ModelKind::TTest, None, Some(boundary));
        let q = stats::students_t_quantile(boundary, df).unwrap();
        prop_assert_eq!(t.judge(mean + (q + margin) * sd, &values).status, ModelStatus::Fail);
        prop_assert_eq!(t.judge(mean + (q - margin) * sd, &values).status, ModelStatus::Pass);
        let z = model(ModelKind::ZScore, Some(boundary), None);
        let q = stats::normal_quantile(boundary).unwrap();
        prop_assert_eq!(z.judge(mean - (q + margin) * sd, &values).status, ModelStatus::Fail);
        prop_assert_eq!(z.judge(mean - (q - margin) * sd, &values).status, ModelStatus::Pass);
    }

    /// The same inputs always give the same judgement, and nothing panics on any input.
    #[test]
    fn judgements_are_deterministic(
        values in prop::collection::vec(prop::num::f64::ANY, 0..20),
        value in prop::num::f64::ANY,
        kind in 0usize..7,
        lower in prop::option::of(-2.0f64..2.0),
        upper in prop::option::of(-2.0f64..2.0),
    ) {
        let m = model(ModelKind::ALL[kind], lower, upper);
        let first = m.judge(value, &values);
        let again = m.judge(value, &values);
        prop_assert_eq!(first.status, again.status);
        prop_assert_eq!(first.explanation(), again.explanation());
    }
}
