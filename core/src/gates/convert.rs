//! Translating a gate into a Keptn `slo.yaml` where the translation is exact.
//!
//! Exact means: evaluating the `slo.yaml` with the same measurements (named as the `sli.yaml`
//! says) gives every objective the same status and the gate the same verdict. Where a part
//! of the gate has no exact Keptn equivalent, no `slo.yaml` is produced and the part is named.
//!
//! - k6: one objective per metric statistic (`http_req_duration.p95`, the names slogate gives a
//!   k6 summary's values), every one a key SLI, the total needing 100%. `!=`, infinite or NaN
//!   bounds, and a threshold on a rate or on a counter's rate that would fail at 0 (k6 passes it
//!   when the metric had no samples) have no equivalent.
//! - Keptn v2: the pass criteria are "neither the failure nor the warning operator holds", the
//!   warning criteria "the failure operator does not hold", each rewritten without negation
//!   (`greaterThan 500m` becomes `<=0.5`; a range becomes two criteria sets). Bounds are the
//!   floats metrics-operator compares with.
//! - Pitometer: weight = `metricScore` (a positive whole number), pass criteria every bound,
//!   warning criteria the severe bounds, the total's percentages those of the objectives'
//!   points. Exact for one data point per indicator; `ignoreEmpty` and the `...Perc`
//!   thresholds of comparison runs have no equivalent.

use std::fmt::Write as _;

use super::k6::{Aggregation, K6Operator, K6Thresholds};
use super::keptn2::{AnalysisDefinition, Comparison};
use super::pitometer::Perfspec;

/// A gate in Keptn's words: the `slo.yaml` and `sli.yaml` when every part translates
/// exactly, and what cannot be expressed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Conversion {
    /// The `slo.yaml`, when the whole gate translates exactly.
    pub slo: Option<String>,
    /// The `sli.yaml` mapping each SLI name to where its value comes from.
    pub sli: Option<String>,
    /// Each part that Keptn's SLO cannot express, and why; empty when the translation is exact.
    pub unexpressed: Vec<String>,
    /// Remarks that do not change the verdict (e.g. k6's `abortOnFail`).
    pub notes: Vec<String>,
}

/// One objective of the SLO being written.
struct Objective {
    sli: String,
    display_name: String,
    weight: u32,
    key_sli: bool,
    pass: Vec<Vec<String>>,
    warning: Vec<Vec<String>>,
}

fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// A bound as a criterion number that reads back as the same float.
fn number(value: f64) -> Option<String> {
    value.is_finite().then(|| format!("{value}"))
}

fn write_slo(objectives: &[Objective], pass: &str, warning: Option<&str>) -> String {
    let mut out = String::from("---\nspec_version: \"1.0\"\nobjectives:\n");
    for o in objectives {
        let _ = writeln!(out, "  - sli: {}", quote(&o.sli));
        if o.display_name != o.sli {
            let _ = writeln!(out, "    displayName: {}", quote(&o.display_name));
        }
        if o.weight != 1 {
            let _ = writeln!(out, "    weight: {}", o.weight);
        }
        if o.key_sli {
            out.push_str("    key_sli: true\n");
        }
        for (name, sets) in [("pass", &o.pass), ("warning", &o.warning)] {
            if sets.is_empty() {
                continue;
            }
            let _ = writeln!(out, "    {name}:");
            for set in sets {
                let criteria: Vec<String> = set.iter().map(|c| quote(c)).collect();
                let _ = writeln!(out, "      - criteria: [{}]", criteria.join(", "));
            }
        }
    }
    let _ = write!(out, "total_score:\n  pass: {}\n", quote(pass));
    if let Some(w) = warning {
        let _ = writeln!(out, "  warning: {}", quote(w));
    }
    out
}

fn write_sli(indicators: &[(String, String)]) -> String {
    let mut out = String::from("---\nspec_version: \"1.0\"\nindicators:\n");
    for (name, query) in indicators {
        let _ = writeln!(out, "  {}: {}", quote(name), quote(query));
    }
    out
}

fn finish(
    objectives: &[Objective],
    pass: &str,
    warning: Option<&str>,
    sli: &[(String, String)],
    unexpressed: Vec<String>,
    notes: Vec<String>,
) -> Conversion {
    if !unexpressed.is_empty() {
        return Conversion {
            slo: None,
            sli: None,
            unexpressed,
            notes,
        };
    }
    Conversion {
        slo: Some(write_slo(objectives, pass, warning)),
        sli: Some(write_sli(sli)),
        unexpressed,
        notes,
    }
}

/// `p(95)` → `p95`, as slogate names a k6 summary's statistics.
fn stat_name(key: &str) -> String {
    match key.strip_prefix("p(").and_then(|s| s.strip_suffix(')')) {
        Some(n) => format!("p{n}"),
        None => key.to_owned(),
    }
}

pub(crate) fn from_k6(thresholds: &K6Thresholds) -> Conversion {
    let mut objectives: Vec<Objective> = Vec::new();
    let mut sli = Vec::new();
    let (mut unexpressed, mut notes) = (Vec::new(), Vec::new());
    for m in &thresholds.metrics {
        for t in &m.thresholds {
            let at = format!("{:?} on {}", t.source, m.name);
            let key = t.aggregation.key();
            let (Some(op), Some(n)) = (t.operator.keptn(), number(t.value)) else {
                unexpressed.push(format!(
                    "{at}: Keptn criteria have no {} with this bound",
                    if t.operator == K6Operator::NotEqual {
                        "!="
                    } else {
                        "operator"
                    }
                ));
                continue;
            };
            let rate = t.aggregation == Aggregation::Rate;
            if rate && !t.operator.holds_at_zero(t.value) {
                unexpressed.push(format!(
                    "{at}: k6 passes it when the metric has no samples (or the run lasted 0 s), \
                     where the SLO would see 0 and fail"
                ));
                continue;
            }
            if t.abort_on_fail {
                notes.push(format!(
                    "{at}: abortOnFail stops a running test; the SLO only judges the result"
                ));
            }
            let name = format!("{}.{}", m.name, stat_name(&key));
            let criterion = format!("{op}{n}");
            if let Some(o) = objectives.iter_mut().find(|o| o.sli == name) {
                o.pass[0].push(criterion);
            } else {
                sli.push((
                    name.clone(),
                    format!(
                        "k6 summary: metrics[{}].values[{}]",
                        quote(&m.name),
                        quote(&key)
                    ),
                ));
                objectives.push(Objective {
                    sli: name.clone(),
                    display_name: name,
                    weight: 1,
                    key_sli: true,
                    pass: vec![vec![criterion]],
                    warning: Vec::new(),
                });
            }
        }
    }
    if objectives.is_empty() && unexpressed.is_empty() {
        unexpressed.push("no threshold at all (Keptn's SLO needs an objective)".to_owned());
    }
    finish(&objectives, "100%", None, &sli, unexpressed, notes)
}

/// Criteria sets (any may hold) for "not `c`"; the universe when `c` is absent.
fn negation(c: Option<&Comparison>) -> Vec<Vec<String>> {
    let Some(c) = c else {
        return vec![vec!["<=0".into()], vec![">0".into()]];
    };
    match c.negated() {
        Some(alternatives) => alternatives
            .into_iter()
            .map(|set| set.into_iter().map(|(criterion, _)| criterion).collect())
            .collect(),
        None => {
            // equalTo: below or above the bound.
            let Comparison::EqualTo(q) = c else {
                return Vec::new();
            };
            vec![
                vec![format!("<{}", q.value())],
                vec![format!(">{}", q.value())],
            ]
        }
    }
}

/// Both conditions: every pairing of their alternatives.
fn both(a: &[Vec<String>], b: &[Vec<String>]) -> Vec<Vec<String>> {
    a.iter()
        .flat_map(|x| b.iter().map(move |y| x.iter().chain(y).cloned().collect()))
        .collect()
}

pub(crate) fn from_keptn2(definition: &AnalysisDefinition) -> Conversion {
    let mut objectives = Vec::new();
    let mut sli = Vec::new();
    let mut unexpressed = Vec::new();
    if definition.objectives.is_empty() {
        unexpressed.push("an analysis without objectives (Keptn's SLO needs one)".to_owned());
    }
    for o in &definition.objectives {
        let not_failure = negation(o.failure.as_ref());
        let pass = match (&o.failure, &o.warning) {
            (_, None) => not_failure.clone(),
            (None, Some(w)) => negation(Some(w)),
            (Some(_), Some(w)) => both(&not_failure, &negation(Some(w))),
        };
        let bounds = [&o.failure, &o.warning]
            .into_iter()
            .flatten()
            .all(|c| c.bounds().iter().all(|b| b.is_finite()));
        if !bounds {
            unexpressed.push(format!(
                "objective {}: a bound is not a finite number",
                o.name
            ));
        }
        if objectives.iter().any(|x: &Objective| x.sli == o.name) {
            unexpressed.push(format!(
                "objective {}: a second objective on the same value (Keptn scores each SLI once)",
                o.name
            ));
        }
        sli.push((o.name.clone(), format!("AnalysisValueTemplate {}", o.name)));
        objectives.push(Objective {
            sli: o.name.clone(),
            display_name: o.name.clone(),
            weight: o.weight,
            key_sli: o.key_objective,
            pass,
            warning: if o.warning.is_some() {
                not_failure
            } else {
                Vec::new()
            },
        });
    }
    let notes =
        vec!["a NaN value passes in metrics-operator; slogate refuses NaN SLI values".to_owned()];
    let pass = format!("{}%", definition.pass_percentage);
    let warning = format!("{}%", definition.warning_percentage);
    finish(&objectives, &pass, Some(&warning), &sli, unexpressed, notes)
}

pub(crate) fn from_perfspec(spec: &Perfspec) -> Conversion {
    let mut objectives = Vec::new();
    let mut sli = Vec::new();
    let mut unexpressed = Vec::new();
    let mut maximum = 0.0;
    for ind in &spec.indicators {
        let at = format!("indicator {}", ind.id);
        let weight = ind.metric_score;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let whole = (weight.fract() == 0.0 && weight >= 1.0 && weight <= f64::from(u32::MAX))
            .then_some(weight as u32);
        let Some(weight) = whole else {
            unexpressed.push(format!("{at}: metricScore {weight} is not a positive whole number, which a Keptn weight must be"));
            continue;
        };
        maximum += f64::from(weight);
        if ind.ignore_empty {
            unexpressed.push(format!("{at}: ignoreEmpty keeps the score without data; a Keptn objective without a value fails"));
        }
        for perc in [
            "lowerSeverePerc",
            "lowerWarningPerc",
            "upperSeverePerc",
            "upperWarningPerc",
        ] {
            if ind.threshold(perc).is_some() {
                unexpressed.push(format!("{at}: {perc} is relative to a stored run's data point, which Keptn's relative criteria are not"));
            }
        }
        let bound = |name: &str, op: &str| ind.threshold(name).map(|t| format!("{op}{t}"));
        let pass: Vec<String> = [
            bound("lowerSevere", ">"),
            bound("lowerWarning", ">"),
            bound("upperSevere", "<"),
            bound("upperWarning", "<"),
        ]
        .into_iter()
        .flatten()
        .collect();
        let severe: Vec<String> = [bound("lowerSevere", ">"), bound("upperSevere", "<")]
            .into_iter()
            .flatten()
            .collect();
        let has_warning =
            ind.threshold("lowerWarning").is_some() || ind.threshold("upperWarning").is_some();
        let universe = vec![vec!["<=0".to_owned()], vec![">0".to_owned()]];
        let warning = match (has_warning, severe.is_empty()) {
            (false, _) => Vec::new(),
            (true, true) => universe.clone(),
            (true, false) => vec![severe],
        };
        let query = match &ind.query {
            serde_json::Value::String(s) => format!("{}: {s}", ind.source),
            other => format!("{}: {other}", ind.source),
        };
        sli.push((ind.id.clone(), query));
        objectives.push(Objective {
            sli: ind.id.clone(),
            display_name: ind.id.clone(),
            weight,
            key_sli: false,
            pass: if pass.is_empty() {
                universe
            } else {
                vec![pass]
            },
            warning,
        });
    }
    let percent = |points: f64| 100.0 * (points / maximum);
    let (pass, warning) = (percent(spec.pass), percent(spec.warning));
    for (name, p) in [("pass", pass), ("warning", warning)] {
        if !(0.0..=100.0).contains(&p) {
            unexpressed.push(format!(
                "objectives.{name} is {p}% of the {maximum} points; Keptn's percentages lie in 0..100"
            ));
        }
    }
    let notes = vec![
        "exact for one data point per indicator; Pitometer scores the worst of several".to_owned(),
    ];
    finish(
        &objectives,
        &format!("{pass}%"),
        Some(&format!("{warning}%")),
        &sli,
        unexpressed,
        notes,
    )
}
