//! Units and directions of objectives (a slogate extension, enabled by `extensions: slogate/v1`).
//!
//! An objective may declare `unit:` (the unit its SLI is measured in) and `better: lower` or
//! `better: higher`. Then explanations say how the value moved against its baseline in words
//! (`12% slower than the previous result`, `8% less throughput`), every report prints the unit
//! beside the numbers, and a fixed or delta criterion may carry a unit of the same kind, converted
//! to the declared one: with `unit: ms`, `<1s` is `<1000` and `<=+50ms` is `<=+50`. A `%` after
//! a criterion's number always means a percentage of the baseline, as in Keptn.
//!
//! | kind | units (factor to the first) |
//! |---|---|
//! | time | `ns`, `us` (`µs`), `ms`, `s`, `min`, `h` |
//! | request rate | `req/s`, `req/min` |
//! | operation rate | `ops/s` |
//! | data | `B`, `kB` (`KB`), `MB`, `GB`, `KiB`, `MiB`, `GiB` |
//! | fraction | `%` |
//! | count | `count` |

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::yaml::shorten;

/// What kind of quantity a unit measures; units convert only within a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnitKind {
    /// A duration.
    Time,
    /// Requests per unit of time.
    RequestRate,
    /// Operations per unit of time.
    OperationRate,
    /// An amount of data.
    Data,
    /// A percentage.
    Percent,
    /// A plain count.
    Count,
}

/// Every unit: its name, its kind and its size in the kind's first unit.
const UNITS: &[(&str, UnitKind, f64)] = &[
    ("ns", UnitKind::Time, 1e-6),
    ("us", UnitKind::Time, 1e-3),
    ("µs", UnitKind::Time, 1e-3),
    ("ms", UnitKind::Time, 1.0),
    ("s", UnitKind::Time, 1e3),
    ("min", UnitKind::Time, 6e4),
    ("h", UnitKind::Time, 3.6e6),
    ("req/s", UnitKind::RequestRate, 1.0),
    ("req/min", UnitKind::RequestRate, 1.0 / 60.0),
    ("ops/s", UnitKind::OperationRate, 1.0),
    ("B", UnitKind::Data, 1.0),
    ("kB", UnitKind::Data, 1e3),
    ("KB", UnitKind::Data, 1e3),
    ("MB", UnitKind::Data, 1e6),
    ("GB", UnitKind::Data, 1e9),
    ("KiB", UnitKind::Data, 1024.0),
    ("MiB", UnitKind::Data, 1_048_576.0),
    ("GiB", UnitKind::Data, 1_073_741_824.0),
    ("%", UnitKind::Percent, 1.0),
    ("count", UnitKind::Count, 1.0),
];

/// A unit an objective's SLI is measured in.
///
/// ```
/// use slogate::Unit;
/// let ms: Unit = "ms".parse().unwrap();
/// let s: Unit = "s".parse().unwrap();
/// assert_eq!(s.convert(1.5, ms), Some(1500.0));
/// assert_eq!(ms.convert(1.0, "req/s".parse().unwrap()), None);
/// assert_eq!(
///     "parsecs".parse::<Unit>().unwrap_err(),
///     "unknown unit 'parsecs'; expected one of ns, us, µs, ms, s, min, h, req/s, req/min, ops/s, B, kB, KB, MB, GB, KiB, MiB, GiB, %, count"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unit {
    name: &'static str,
    kind: UnitKind,
    factor: f64,
}

impl Unit {
    /// The unit's name as written.
    pub fn as_str(self) -> &'static str {
        self.name
    }

    /// What the unit measures.
    pub fn kind(self) -> UnitKind {
        self.kind
    }

    /// `value` in this unit, converted to `target`; `None` when the kinds differ.
    pub fn convert(self, value: f64, target: Unit) -> Option<f64> {
        (self.kind == target.kind).then(|| value * self.factor / target.factor)
    }

    /// `value` followed by the unit (`500 ms`, `5%`).
    pub fn format(self, value: f64) -> String {
        let number = crate::explain::format_number(value);
        if self.name == "%" {
            format!("{number}%")
        } else {
            format!("{number} {}", self.name)
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

impl FromStr for Unit {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        UNITS
            .iter()
            .find(|(name, _, _)| *name == text)
            .map(|&(name, kind, factor)| Unit { name, kind, factor })
            .ok_or_else(|| {
                let names: Vec<&str> = UNITS.iter().map(|u| u.0).collect();
                format!(
                    "unknown unit '{}'; expected one of {}",
                    shorten(text),
                    names.join(", ")
                )
            })
    }
}

/// Which way an objective's value is better (`better:`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    /// Lower values are better (latencies, error rates).
    Lower,
    /// Higher values are better (throughput, availability).
    Higher,
}

impl Better {
    /// `lower` or `higher`.
    pub fn as_str(self) -> &'static str {
        match self {
            Better::Lower => "lower",
            Better::Higher => "higher",
        }
    }
}

impl FromStr for Better {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "lower" => Ok(Better::Lower),
            "higher" => Ok(Better::Higher),
            other => Err(format!(
                "unknown direction '{}'; expected 'lower' or 'higher'",
                shorten(other)
            )),
        }
    }
}

/// How `value` moved from `baseline`, in words: `12% slower` for a time, `8% less
/// throughput` for a rate, else `3% higher` (with `(worse)` or `(better)` when the direction is
/// known). `None` for a baseline of 0 (no percentage of it exists).
///
/// ```
/// use slogate::{change_in_words, Better};
/// let ms = "ms".parse().ok();
/// assert_eq!(change_in_words(560.0, 500.0, ms, None).as_deref(), Some("12% slower"));
/// assert_eq!(change_in_words(368.0, 400.0, "req/s".parse().ok(), None).as_deref(), Some("8% less throughput"));
/// assert_eq!(change_in_words(0.03, 0.02, None, Some(Better::Lower)).as_deref(), Some("50% higher (worse)"));
/// assert_eq!(change_in_words(5.0, 5.0, ms, None).as_deref(), Some("no change"));
/// ```
pub fn change_in_words(
    value: f64,
    baseline: f64,
    unit: Option<Unit>,
    better: Option<Better>,
) -> Option<String> {
    if baseline == 0.0 || !baseline.is_finite() || !value.is_finite() {
        return None;
    }
    let change = (value - baseline) / baseline.abs() * 100.0;
    let rounded = (change.abs() * 10.0).round() / 10.0;
    if rounded == 0.0 {
        return Some("no change".to_owned());
    }
    let up = change > 0.0;
    let words = match unit.map(Unit::kind) {
        Some(UnitKind::Time) => (if up { "slower" } else { "faster" }).to_owned(),
        Some(UnitKind::RequestRate | UnitKind::OperationRate) => (if up {
            "more throughput"
        } else {
            "less throughput"
        })
        .to_owned(),
        _ => {
            let way = if up { "higher" } else { "lower" };
            match better {
                Some(b) if (b == Better::Lower) == up => format!("{way} (worse)"),
                Some(_) => format!("{way} (better)"),
                None => way.to_owned(),
            }
        }
    };
    Some(format!(
        "{}% {words}",
        crate::explain::format_number(rounded)
    ))
}
