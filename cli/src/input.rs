//! Reading the SLO and the SLI values from files or standard input.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;

use slogate::{ErrorCode, InputError, Limits, Problem, SliReport, Slo};

use crate::cli::SliFormat;
use crate::failure::{display_name, Failure};

/// Which document a file holds, and so which limit bounds it.
#[derive(Clone, Copy)]
pub enum Document {
    /// An SLO (`--slo`), bounded by `max_document_bytes`.
    Slo,
    /// SLI values or a load-test report (`--sli`), bounded by `max_input_bytes`.
    Sli,
    /// A gate of another format (`--gate`), bounded by `max_input_bytes`.
    Gate,
    /// An `sli.yaml` naming the queries of each SLI, bounded by `max_input_bytes`.
    SliConfig,
    /// An approval policy or a shipyard (`--approval`), YAML bounded like an SLO.
    Approval,
}

impl Document {
    fn name(self) -> &'static str {
        match self {
            Document::Slo => "SLO file",
            Document::Sli => "SLI file",
            Document::Gate => "gate file",
            Document::SliConfig => "SLI configuration",
            Document::Approval => "approval policy file",
        }
    }
}

/// Reads a whole text file, or standard input for `-`, never more than the core's limit for
/// the document (plus one byte, to tell that it is over).
pub fn read_text(path: &str, document: Document) -> Result<String, Failure> {
    let what = document.name();
    let shown = Path::new(display_name(path));
    let read = |reader: &mut dyn Read| {
        let limits = Limits::default();
        match document {
            Document::Slo | Document::Approval => limits
                .read_slo(reader)
                .map(|r| r.map_err(|e| e.problems().to_vec())),
            Document::Sli | Document::Gate | Document::SliConfig => limits
                .read_input(reader)
                .map(|r| r.map_err(|e| e.problems().to_vec())),
        }
    };
    let read = if path == "-" {
        read(&mut std::io::stdin().lock())
    } else {
        let mut file =
            File::open(path).map_err(|e| Failure::io("read", what, Path::new(path), &e))?;
        read(&mut file)
    };
    match read {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(problems)) => Err(Failure::problems(path, "", &problems)),
        Err(e) if e.kind() == ErrorKind::InvalidData => Err(Failure::about_file(
            shown,
            Problem::new(
                ErrorCode::InvalidEncoding,
                "",
                format!("the {what} '{}' is {e}", shown.display()),
            ),
        )),
        Err(e) => Err(Failure::io("read", what, shown, &e)),
    }
}

/// Reads one file of canary or baseline samples into `samples`: samples JSON (auto), or one
/// run of a report kind.
pub fn add_samples(
    samples: &mut slogate::canary::CanarySamples,
    kind: SliFormat,
    path: &str,
) -> Result<(), Failure> {
    let text = read_text(path, Document::Sli)?;
    let refused = |e: InputError| Failure::problems(path, &text, e.problems());
    match kind {
        SliFormat::Auto => {
            let more = slogate::canary::CanarySamples::from_json(&text).map_err(refused)?;
            for metric in more.metric_names() {
                samples.extend(metric, more.get(metric).unwrap_or(&[]).iter().copied());
            }
        }
        SliFormat::Keptn => samples.add_report(&SliReport::from_json(&text).map_err(refused)?),
        SliFormat::Report(report) => samples.add_report(&report.read(&text).map_err(refused)?),
    }
    Ok(())
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
        SliFormat::Report(kind) => {
            let report = kind.read(sli_text).map_err(refused)?;
            slogate::reports::require_metrics(slo, &report, kind.describe())
                .map_err(|e| Failure::problems(slo_path, slo_text, e.problems()))?;
            Ok(report)
        }
    }
}
