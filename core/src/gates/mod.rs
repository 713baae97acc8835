//! Gates written for other tools: k6 `thresholds`, Keptn v2 `AnalysisDefinition` and
//! Pitometer `perfspec.json`, each read with its tool's rules and scored exactly as that tool
//! scores it.
//!
//! [`Gate`] is the one front door: construct it from any of the formats, evaluate it with
//! that format's measurements (a k6 summary, provider values, data points), and read the
//! [`GateEvaluation`]: the verdict and per-objective results in Keptn's shape (so
//! [`crate::explain`] and [`crate::summarize`] say why in the same words as for an SLO), plus
//! the tool's own result object.
//!
//! ```
//! use slogate::{explain, Gate, Verdict};
//!
//! let gate = Gate::from_k6(r#"{"thresholds": {"http_req_duration": ["p(95)<500"]}}"#)?;
//! let summary = r#"{"metrics": {"http_req_duration": {"type": "trend", "contains": "time",
//!     "values": {"avg": 300, "min": 100, "med": 300, "max": 900, "p(90)": 460, "p(95)": 620}}}}"#;
//! let result = gate.evaluate_json(summary)?;
//! assert_eq!(result.evaluation().result(), Verdict::Fail);
//! assert_eq!(
//!     explain(&result.evaluation().indicators()[0]),
//!     "http_req_duration p(95) = 620: fail (the pass criteria are not met: <500 is violated and \
//!      there are no warning criteria); pass: <500 violated (fixed target 500)"
//! );
//! # Ok::<(), slogate::Error>(())
//! ```

mod convert;
pub mod k6;
pub mod keptn2;
mod locate;
mod numbers;
pub mod pitometer;
mod quantity;

use std::fmt;

use serde_json::Value;

pub use convert::Conversion;
pub use quantity::{Quantity, QuantityError};

use crate::error::{Error, ErrorCode, Problem, SloError};
use crate::evaluation::{Evaluation, EvaluationDetails, IndicatorResult, Status, Verdict};

/// The formats a [`Gate`] is read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GateFormat {
    /// k6 `thresholds` (the options JSON, or the `thresholds` object).
    K6,
    /// Keptn v2 `AnalysisDefinition` (YAML).
    Keptn2,
    /// Pitometer `perfspec.json`.
    Pitometer,
}

impl GateFormat {
    /// The format's name as the CLI writes it: `k6`, `keptn2`, `pitometer`.
    pub fn as_str(self) -> &'static str {
        match self {
            GateFormat::K6 => "k6",
            GateFormat::Keptn2 => "keptn2",
            GateFormat::Pitometer => "pitometer",
        }
    }

    /// The format named `name` (`k6`, `keptn2`, `pitometer`, or `perfspec`).
    pub fn from_name(name: &str) -> Option<GateFormat> {
        Some(match name {
            "k6" => GateFormat::K6,
            "keptn2" => GateFormat::Keptn2,
            "pitometer" | "perfspec" => GateFormat::Pitometer,
            _ => return None,
        })
    }

    /// The format of `text` when its content says so unambiguously: a YAML or JSON document
    /// of `kind: AnalysisDefinition`, a JSON object with `indicators` and `objectives`, or a
    /// JSON object with `thresholds`.
    pub fn detect(text: &str) -> Option<GateFormat> {
        if let Ok(Value::Object(o)) = serde_json::from_str::<Value>(text) {
            let has = |k: &str| o.contains_key(k);
            return match (has("kind"), has("indicators"), has("thresholds")) {
                (true, false, false)
                    if o.get("kind").and_then(Value::as_str) == Some("AnalysisDefinition") =>
                {
                    Some(GateFormat::Keptn2)
                }
                (false, true, false) => Some(GateFormat::Pitometer),
                (false, false, true) => Some(GateFormat::K6),
                _ => None,
            };
        }
        let kind = text
            .lines()
            .any(|l| l.trim_end() == "kind: AnalysisDefinition");
        kind.then_some(GateFormat::Keptn2)
    }
}

impl fmt::Display for GateFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Definition {
    K6(k6::K6Thresholds),
    Keptn2(keptn2::AnalysisDefinition),
    Pitometer(pitometer::Perfspec),
}

/// A gate in any of the supported formats, read and ready to evaluate.
#[derive(Clone, Debug, PartialEq)]
pub struct Gate {
    definition: Definition,
}

/// What one format's evaluation produced.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub(crate) evaluation: Evaluation,
    pub(crate) native: Value,
    pub(crate) notes: Vec<String>,
}

/// The result of evaluating a [`Gate`].
#[derive(Clone, Debug, PartialEq)]
pub struct GateEvaluation {
    format: GateFormat,
    outcome: Outcome,
}

impl GateEvaluation {
    /// The format of the gate that was evaluated.
    pub fn format(&self) -> GateFormat {
        self.format
    }

    /// The result in Keptn's shape: verdict, score (0-100) and one result per objective
    /// (per k6 threshold expression, per Keptn v2 objective, per Pitometer indicator).
    pub fn evaluation(&self) -> &Evaluation {
        &self.outcome.evaluation
    }

    /// The result as the tool itself reports it: k6's `{ok, breached, abort, thresholds}`,
    /// metrics-operator's analysis status, Pitometer's run result.
    pub fn native(&self) -> &Value {
        &self.outcome.native
    }

    /// Disagreements and other remarks worth reporting (e.g. a k6 summary whose own
    /// threshold verdicts differ from the scoring of its values).
    pub fn notes(&self) -> &[String] {
        &self.outcome.notes
    }

    /// One line per objective explaining its outcome, as [`crate::explain`] does for an SLO.
    pub fn explain(&self) -> Vec<String> {
        self.evaluation()
            .indicators()
            .iter()
            .map(crate::explain)
            .collect()
    }
}

impl Gate {
    /// Reads k6 thresholds: the options JSON (its `thresholds`) or the `thresholds` object.
    pub fn from_k6(text: &str) -> Result<Gate, SloError> {
        Ok(Gate {
            definition: Definition::K6(k6::K6Thresholds::parse(text)?),
        })
    }

    /// Reads a Keptn v2 `AnalysisDefinition` manifest (YAML).
    pub fn from_keptn2(text: &str) -> Result<Gate, SloError> {
        Ok(Gate {
            definition: Definition::Keptn2(keptn2::AnalysisDefinition::parse(text)?),
        })
    }

    /// Reads a Pitometer `perfspec.json`.
    pub fn from_perfspec(text: &str) -> Result<Gate, SloError> {
        Ok(Gate {
            definition: Definition::Pitometer(pitometer::Perfspec::parse(text)?),
        })
    }

    /// Reads a gate of the given format.
    pub fn parse_as(format: GateFormat, text: &str) -> Result<Gate, SloError> {
        match format {
            GateFormat::K6 => Gate::from_k6(text),
            GateFormat::Keptn2 => Gate::from_keptn2(text),
            GateFormat::Pitometer => Gate::from_perfspec(text),
        }
    }

    /// Reads a gate whose format follows from its content (see [`GateFormat::detect`]).
    pub fn parse(text: &str) -> Result<Gate, SloError> {
        let format = GateFormat::detect(text).ok_or_else(|| {
            SloError::from(Problem::new(
                ErrorCode::UnknownGateFormat,
                "",
                "cannot tell the gate's format from its content; name it (k6, keptn2 or \
                 pitometer)",
            ))
        })?;
        Gate::parse_as(format, text)
    }

    /// The gate's format.
    pub fn format(&self) -> GateFormat {
        match self.definition {
            Definition::K6(_) => GateFormat::K6,
            Definition::Keptn2(_) => GateFormat::Keptn2,
            Definition::Pitometer(_) => GateFormat::Pitometer,
        }
    }

    /// Evaluates the gate with its format's measurements as JSON: a k6 summary
    /// (`handleSummary` data or `--summary-export`), Keptn v2 provider values
    /// (`{"name": value}`), or Pitometer data points by indicator id (or a run object, see
    /// [`pitometer::PitometerRun::from_json_value`]).
    pub fn evaluate_json(&self, measurements: &str) -> Result<GateEvaluation, Error> {
        let value: Value = serde_json::from_str(measurements)
            .map_err(|e| crate::json::json_problem(&e, "measurements"))?;
        self.evaluate_value(&value)
    }

    /// [`Gate::evaluate_json`] with the measurements already decoded.
    pub fn evaluate_value(&self, measurements: &Value) -> Result<GateEvaluation, Error> {
        let outcome = match &self.definition {
            Definition::K6(t) => t.evaluate(&k6::K6Summary::from_json_value(measurements)?)?,
            Definition::Keptn2(d) => {
                d.evaluate(&keptn2::ProviderValues::from_json_value(measurements)?)
            }
            Definition::Pitometer(s) => {
                s.evaluate(&pitometer::PitometerRun::from_json_value(measurements)?)?
            }
        };
        Ok(GateEvaluation {
            format: self.format(),
            outcome,
        })
    }

    /// The equivalent Keptn `slo.yaml` (and `sli.yaml` name map) where the translation is
    /// exact, and what cannot be expressed otherwise.
    pub fn to_keptn(&self) -> Conversion {
        match &self.definition {
            Definition::K6(t) => convert::from_k6(t),
            Definition::Keptn2(d) => convert::from_keptn2(d),
            Definition::Pitometer(s) => convert::from_perfspec(s),
        }
    }
}

/// A Keptn-shaped evaluation from one format's per-objective results.
pub(crate) fn evaluation_of(
    verdict: Verdict,
    score: f64,
    indicators: Vec<IndicatorResult>,
    message: String,
) -> Evaluation {
    Evaluation {
        project: None,
        stage: None,
        service: None,
        status: Status::Succeeded,
        result: verdict,
        message,
        labels: std::collections::BTreeMap::new(),
        evaluation: EvaluationDetails {
            time_start: None,
            time_end: None,
            result: verdict,
            score: if score.is_finite() { score } else { 0.0 },
            slo_file_content: None,
            indicator_results: indicators,
            compared_events: Vec::new(),
        },
    }
}
