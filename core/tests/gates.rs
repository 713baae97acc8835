//! Gates of other formats: the examples evaluate, and `Gate::to_keptn` round-trips: the
//! `slo.yaml` it writes gives the same verdict (and, where objectives map one to one, the same
//! statuses) as the gate itself, on the examples and on every vendored case it converts.

use std::path::{Path, PathBuf};

use serde_json::Value;
use slogate::{reports, Gate, SliReport, Slo};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// SLI values for the SLO from a format's measurements, as `slogate eval` reads them.
fn sli_report(gate: &Gate, measurements: &Value) -> Option<SliReport> {
    match gate.format() {
        slogate::GateFormat::K6 => reports::k6::from_json_value(measurements).ok(),
        slogate::GateFormat::Keptn2 => {
            let values: Option<Vec<(String, f64)>> = measurements
                .as_object()?
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| v.as_f64().map(|f| (k.clone(), f)))
                .collect();
            Some(SliReport::from_values(values?))
        }
        slogate::GateFormat::Pitometer => {
            let values = measurements.get("values").unwrap_or(measurements);
            let mut pairs = Vec::new();
            for (id, points) in values.as_object()? {
                match points.as_array()?.as_slice() {
                    [] => {}
                    [one] => {
                        let v = match one {
                            Value::Number(n) => n.as_f64()?,
                            Value::String(s) => s.trim().parse().ok()?,
                            _ => return None,
                        };
                        pairs.push((id.clone(), v));
                    }
                    _ => return None,
                }
            }
            Some(SliReport::from_values(pairs))
        }
    }
}

/// `Ok(true)` when the SLO agrees with the gate, `Ok(false)` when the case cannot be
/// compared (no exact translation, or inputs the SLO cannot take), `Err` on disagreement.
fn round_trip(gate: &Gate, measurements: &Value, name: &str) -> Result<bool, String> {
    let Ok(result) = gate.evaluate_value(measurements) else {
        return Ok(false);
    };
    let conversion = gate.to_keptn();
    let Some(slo_text) = conversion.slo else {
        assert!(
            !conversion.unexpressed.is_empty(),
            "{name}: no SLO and no reason"
        );
        return Ok(false);
    };
    let slo = Slo::parse(&slo_text)
        .map_err(|e| format!("{name}: the SLO does not parse: {e}\n{slo_text}"))?;
    let Some(report) = sli_report(gate, measurements) else {
        return Ok(false);
    };
    let Ok(evaluation) = slo.evaluate(&report, &[]) else {
        return Ok(false);
    };
    let expected = result.evaluation();
    if evaluation.result() != expected.result() {
        return Err(format!(
            "{name}: the SLO says {}, the gate {}\n{slo_text}",
            evaluation.result(),
            expected.result()
        ));
    }
    if gate.format() != slogate::GateFormat::K6 {
        let statuses =
            |e: &slogate::Evaluation| e.indicators().iter().map(|i| i.status).collect::<Vec<_>>();
        if statuses(&evaluation) != statuses(expected) {
            return Err(format!(
                "{name}: statuses {:?} differ from the gate's {:?}\n{slo_text}",
                statuses(&evaluation),
                statuses(expected)
            ));
        }
    }
    Ok(true)
}

#[test]
fn the_examples_convert_exactly_and_round_trip() {
    let dir = root().join("examples/gates");
    for (gate_file, measurements_file, verdict) in [
        ("k6-options.json", "k6-summary.json", "fail"),
        ("analysisdefinition.yaml", "provider-values.json", "warning"),
        ("perfspec.json", "datapoints.json", "warning"),
    ] {
        let gate = Gate::parse(&read(&dir.join(gate_file))).expect(gate_file);
        let measurements: Value =
            serde_json::from_str(&read(&dir.join(measurements_file))).unwrap();
        let result = gate.evaluate_value(&measurements).expect(gate_file);
        assert_eq!(
            result.evaluation().result().as_str(),
            verdict,
            "{gate_file}"
        );
        let conversion = gate.to_keptn();
        if gate.format() == slogate::GateFormat::K6 {
            // `checks: rate>0.99` would fail at 0 where k6 passes an unsampled rate.
            assert_eq!(conversion.slo, None);
            assert_eq!(
                conversion.unexpressed.len(),
                1,
                "{:?}",
                conversion.unexpressed
            );
            let gate = Gate::from_k6(
                &read(&dir.join(gate_file))
                    .replace("\"checks\": [\"rate>0.99\"]", "\"checks\": []"),
            )
            .unwrap();
            assert_eq!(round_trip(&gate, &measurements, gate_file), Ok(true));
        } else {
            assert_eq!(
                round_trip(&gate, &measurements, gate_file),
                Ok(true),
                "{:?}",
                conversion.unexpressed
            );
        }
    }
}

#[test]
fn every_vendored_case_that_converts_round_trips() {
    let mut compared = 0;
    for (folder, field) in [
        ("k6", "thresholds"),
        ("keptn2", "definition"),
        ("pitometer", "perfspec"),
    ] {
        let dir = root().join("core/tests/conformance").join(folder);
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for path in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
        {
            let case: Value = serde_json::from_str(&read(path)).unwrap();
            let name = case["name"].as_str().unwrap_or("?");
            let (gate, measurements) = match folder {
                "k6" => {
                    let summary = case
                        .pointer("/summary_by_version/v2.2.0")
                        .unwrap_or(&case["summary"])
                        .clone();
                    (
                        Gate::from_k6(&serde_json::json!({field: case[field]}).to_string()),
                        summary,
                    )
                }
                "keptn2" => (
                    Gate::from_keptn2(case[field].as_str().unwrap()),
                    case["values"].clone(),
                ),
                _ => (
                    Gate::from_perfspec(&case[field].to_string()),
                    serde_json::json!({"values": case.get("values").cloned().unwrap_or_default(), "timestamp": 0}),
                ),
            };
            let Ok(gate) = gate else { continue };
            if round_trip(&gate, &measurements, name).unwrap() {
                compared += 1;
            }
        }
    }
    assert!(compared >= 40, "only {compared} cases could be compared");
}
