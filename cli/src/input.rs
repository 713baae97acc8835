//! Reading the SLO and the SLI values from files or standard input.

use std::io::Read;
use std::path::Path;

use slogate::{ErrorCode, InputError, Problem, SliReport, Slo};

use crate::cli::SliFormat;
use crate::failure::{display_name, Failure};

/// Reads a whole text file, or standard input for `-`.
pub fn read_text(path: &str, what: &str) -> Result<String, Failure> {
    let bytes = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::io("read", what, Path::new("<stdin>"), &e))?;
        bytes
    } else {
        std::fs::read(path).map_err(|e| Failure::io("read", what, Path::new(path), &e))?
    };
    String::from_utf8(bytes).map_err(|e| {
        Failure::message(format!(
            "the {what} '{}' is not UTF-8 text (invalid byte at offset {})",
            display_name(path),
            e.utf8_error().valid_up_to()
        ))
    })
}

/// What a load-test report is called in messages.
fn report_name(kind: SliFormat) -> &'static str {
    match kind {
        SliFormat::K6 => "k6 summary",
        SliFormat::Autocannon => "autocannon result",
        SliFormat::Artillery => "Artillery report",
        SliFormat::Auto | SliFormat::Keptn => "SLI values",
    }
}

/// Reads a load-test report with the core's reader for its kind; `None` when this build has
/// no reader for the kind.
fn load_test_report(kind: SliFormat, text: &str) -> Result<SliReport, InputError> {
    match kind {
        SliFormat::K6 => slogate::reports::k6::from_json(text),
        SliFormat::Autocannon => slogate::reports::autocannon::from_json(text),
        SliFormat::Artillery => slogate::reports::artillery::from_json(text),
        SliFormat::Auto | SliFormat::Keptn => SliReport::from_json(text),
    }
}

/// Decodes the SLI file as `kind`. A load-test report must measure every metric the SLO
/// scores.
pub fn decode_sli(
    slo: &Slo,
    kind: SliFormat,
    (sli_path, sli_text): (&str, &str),
    (slo_path, slo_text): (&str, &str),
) -> Result<SliReport, Failure> {
    let refused = |e: InputError| Failure::problems(sli_path, sli_text, e.problems());
    match kind {
        SliFormat::Auto => SliReport::from_json(sli_text).map_err(refused),
        SliFormat::Keptn => {
            let report = SliReport::from_json(sli_text).map_err(refused)?;
            let value: serde_json::Value = serde_json::from_str(sli_text).unwrap_or_default();
            let keptn = value
                .as_object()
                .is_some_and(|o| o.contains_key("indicatorValues") || o.contains_key("getSLI"));
            if keptn {
                Ok(report)
            } else {
                Err(Failure::problems(
                    sli_path,
                    sli_text,
                    &[Problem::new(
                        ErrorCode::InvalidInput,
                        "",
                        "expected Keptn get-sli data (an object with 'indicatorValues' or 'getSLI'); \
                         use --sli-format auto for a plain object of values",
                    )],
                ))
            }
        }
        SliFormat::K6 | SliFormat::Autocannon | SliFormat::Artillery => {
            let name = report_name(kind);
            let report = load_test_report(kind, sli_text).map_err(refused)?;
            slogate::reports::require_metrics(slo, &report, name)
                .map_err(|e| Failure::problems(slo_path, slo_text, e.problems()))?;
            Ok(report)
        }
    }
}
