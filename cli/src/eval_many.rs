//! `slogate eval-many`: a fleet of evaluations from a JSON Lines stream.
//!
//! Each line of standard input is one item:
//!
//! ```json
//! {"id": "checkout", "slo": "slos/web.yaml", "values": {"p95": 412.3}, "history": [ ... ]}
//! ```
//!
//! - `id` (optional, any JSON value): echoed in the item's result line;
//! - `slo`: the path of the SLO file, or `slo_yaml`: the SLO text itself (exactly one of them);
//! - `values`: the SLI values, a `{"metric": number}` object or Keptn get-sli data;
//! - `history` (optional): earlier evaluations, newest first, each in a form
//!   `PreviousEvaluation::from_json` reads (a stored line, a datastore envelope, Keptn's data).
//!
//! Each item gives one line on standard output, in the order of the input:
//! `{"line": 3, "id": "checkout", "result": "pass", "score": 100.0, "evaluation": {...}}` with
//! Keptn's evaluation data, or `{"line": 3, "id": ..., "error": {"kind", "code", "message",
//! "problems": [...]}}` when the item cannot be evaluated. Blank lines are skipped. Under
//! `--strict` an SLO with warnings (an unknown key, for one) is refused: every item naming it
//! gets the warnings as its error.
//!
//! The stream is read in chunks of [`CHUNK_ITEMS`] items (and at most [`CHUNK_BYTES`] of
//! input), each evaluated with `slogate::evaluate_many` over every core and written out before
//! the next chunk is read, so memory stays bounded whatever the length of the stream; a line
//! longer than [`MAX_LINE_BYTES`] is refused without being held. SLO files are read once and
//! kept (up to [`MAX_CACHED_SLOS`] distinct files), and each distinct SLO is parsed once per
//! chunk.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, BufRead, Write};

use serde_json::{json, Map, Value};
use slogate::{
    evaluate_many_with_limits, BatchItem, Error, Limits, PreviousEvaluation, Problem, SliReport,
};

use crate::failure::{describe_io, Failure};

/// The most items evaluated together.
pub const CHUNK_ITEMS: usize = 4096;
/// The most input bytes held at once (a chunk ends early when its lines reach this size).
pub const CHUNK_BYTES: usize = 64 << 20;
/// The longest line accepted.
pub const MAX_LINE_BYTES: usize = 16 << 20;
/// The most distinct SLO files kept in memory; the cache is emptied when it is full.
pub const MAX_CACHED_SLOS: usize = 1024;

/// The outcome of a run: whether every item passed.
pub struct Summary {
    /// Items evaluated to `pass` (or `warning`, unless warnings fail).
    pub passed: usize,
    /// Items that failed the gate or could not be evaluated.
    pub failed: usize,
}

/// How the items of a run are judged.
pub struct Settings {
    /// A `warning` verdict counts as failed.
    pub fail_on_warning: bool,
    /// The limits every SLO is parsed and every item evaluated under (`strict` among them).
    pub limits: Limits,
}

/// Where an item's SLO comes from.
enum SloSource {
    File(String),
    Inline(String),
}

/// One decoded line.
struct Item {
    line: usize,
    id: Value,
    decoded: Result<(SloSource, SliReport, Vec<PreviousEvaluation>), ItemError>,
}

/// Why a line could not become an item.
struct ItemError {
    kind: &'static str,
    problems: Vec<Value>,
}

impl ItemError {
    fn input(code: &str, path: &str, message: impl Into<String>) -> Self {
        ItemError {
            kind: "input",
            problems: vec![json!({"code": code, "path": path, "message": message.into()})],
        }
    }

    fn from_problems(kind: &'static str, prefix: &str, problems: &[Problem]) -> Self {
        let problems = problems
            .iter()
            .map(|p| {
                let path = match (prefix.is_empty(), p.path().is_empty()) {
                    (true, _) => p.path().to_owned(),
                    (false, true) => prefix.to_owned(),
                    (false, false) => format!("{prefix}.{}", p.path()),
                };
                let mut problem =
                    json!({"code": p.code().as_str(), "path": path, "message": p.message()});
                if let (Some(line), Some(column)) = (p.line(), p.column()) {
                    problem["line"] = json!(line);
                    problem["column"] = json!(column);
                }
                problem
            })
            .collect();
        ItemError { kind, problems }
    }

    fn to_json(&self) -> Value {
        let first = &self.problems[0];
        let (path, message) = (
            first["path"].as_str().unwrap_or_default(),
            first["message"].as_str().unwrap_or_default(),
        );
        let message = if path.is_empty() {
            message.to_owned()
        } else {
            format!("{path}: {message}")
        };
        json!({"kind": self.kind, "code": first["code"], "message": message, "problems": self.problems})
    }
}

/// Reads items from `input` and writes one result line per item to `output`.
pub fn run(
    input: &mut impl BufRead,
    output: &mut dyn Write,
    settings: &Settings,
) -> Result<Summary, Failure> {
    let mut files = SloFiles::default();
    let mut summary = Summary {
        passed: 0,
        failed: 0,
    };
    let mut line_number = 0;
    let mut buffer = Vec::new();
    loop {
        let mut items = Vec::new();
        let mut bytes = 0;
        let mut finished = false;
        while items.len() < CHUNK_ITEMS && bytes < CHUNK_BYTES {
            match read_line(input, &mut buffer)? {
                None => {
                    finished = true;
                    break;
                }
                Some(complete) => {
                    line_number += 1;
                    bytes += buffer.len();
                    if buffer.iter().all(u8::is_ascii_whitespace) && complete {
                        continue;
                    }
                    items.push(decode(line_number, &buffer, complete));
                }
            }
        }
        evaluate_chunk(&items, &mut files, output, settings, &mut summary)?;
        if finished {
            break;
        }
    }
    output.flush().map_err(|e| {
        Failure::stream(format!(
            "cannot write to standard output: {}",
            describe_io(&e)
        ))
    })?;
    Ok(summary)
}

/// Reads one line into `buffer` (without its newline). `None` at the end of the input;
/// `Some(false)` when the line was longer than [`MAX_LINE_BYTES`] (the rest is skipped).
fn read_line(input: &mut impl BufRead, buffer: &mut Vec<u8>) -> Result<Option<bool>, Failure> {
    buffer.clear();
    let cannot_read =
        |e: &io::Error| Failure::stream(format!("cannot read standard input: {}", describe_io(e)));
    let limit = u64::try_from(MAX_LINE_BYTES).unwrap_or(u64::MAX) + 1;
    let read = io::Read::take(&mut *input, limit)
        .read_until(b'\n', buffer)
        .map_err(|e| cannot_read(&e))?;
    if read == 0 {
        return Ok(None);
    }
    if buffer.last() == Some(&b'\n') {
        buffer.pop();
        if buffer.last() == Some(&b'\r') {
            buffer.pop();
        }
        return Ok(Some(true));
    }
    if buffer.len() > MAX_LINE_BYTES {
        input.skip_until(b'\n').map_err(|e| cannot_read(&e))?;
        buffer.clear();
        return Ok(Some(false));
    }
    Ok(Some(true))
}

fn decode(line: usize, text: &[u8], complete: bool) -> Item {
    let mut item = Item {
        line,
        id: Value::Null,
        decoded: Err(ItemError::input(
            "invalid_input",
            "",
            format!("the line is longer than {MAX_LINE_BYTES} bytes"),
        )),
    };
    if !complete {
        return item;
    }
    let Ok(text) = std::str::from_utf8(text) else {
        item.decoded = Err(ItemError::input(
            "invalid_encoding",
            "",
            "the line is not UTF-8 text",
        ));
        return item;
    };
    let object = match slogate::parse_json(text, "item") {
        Ok(Value::Object(object)) => object,
        Ok(_) => {
            item.decoded = Err(ItemError::input(
                "invalid_input",
                "",
                "expected a JSON object",
            ));
            return item;
        }
        Err(e) => {
            item.decoded = Err(ItemError::from_problems("input", "", e.problems()));
            return item;
        }
    };
    item.id = object.get("id").cloned().unwrap_or(Value::Null);
    item.decoded = decode_object(&object);
    item
}

fn decode_object(
    object: &Map<String, Value>,
) -> Result<(SloSource, SliReport, Vec<PreviousEvaluation>), ItemError> {
    let slo = match (object.get("slo"), object.get("slo_yaml")) {
        (Some(Value::String(path)), None) => SloSource::File(path.clone()),
        (None, Some(Value::String(text))) => SloSource::Inline(text.clone()),
        (Some(_), Some(_)) => {
            return Err(ItemError::input(
                "invalid_input",
                "slo",
                "give either 'slo' (a file) or 'slo_yaml' (the text), not both",
            ));
        }
        (Some(_), None) => {
            return Err(ItemError::input(
                "invalid_input",
                "slo",
                "expected the path of an SLO file",
            ))
        }
        (None, Some(_)) => {
            return Err(ItemError::input(
                "invalid_input",
                "slo_yaml",
                "expected the SLO text",
            ))
        }
        (None, None) => {
            return Err(ItemError::input(
                "missing_field",
                "slo",
                "missing 'slo' (an SLO file) or 'slo_yaml' (the SLO text)",
            ));
        }
    };
    let Some(values) = object.get("values") else {
        return Err(ItemError::input(
            "missing_field",
            "values",
            "missing the SLI values",
        ));
    };
    let values = SliReport::from_json_value(values)
        .map_err(|e| ItemError::from_problems("input", "values", e.problems()))?;
    let history = match object.get("history") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(entries)) => entries
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                PreviousEvaluation::from_json_value(entry).map_err(|e| {
                    ItemError::from_problems("input", &format!("history[{i}]"), e.problems())
                })
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(ItemError::input(
                "invalid_input",
                "history",
                "expected a list of stored evaluations, newest first",
            ));
        }
    };
    Ok((slo, values, history))
}

/// SLO files read so far, by path.
#[derive(Default)]
struct SloFiles {
    texts: HashMap<String, Result<String, String>>,
}

impl SloFiles {
    fn get(&mut self, path: &str) -> Result<String, String> {
        if let Some(known) = self.texts.get(path) {
            return known.clone();
        }
        if self.texts.len() >= MAX_CACHED_SLOS {
            self.texts.clear();
        }
        let read = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the SLO file '{path}': {}", describe_io(&e)));
        self.texts.insert(path.to_owned(), read.clone());
        read
    }
}

fn evaluate_chunk(
    items: &[Item],
    files: &mut SloFiles,
    output: &mut dyn Write,
    settings: &Settings,
    summary: &mut Summary,
) -> Result<(), Failure> {
    // The chunk's distinct SLOs, each given once to the core.
    let mut slos: Vec<String> = Vec::new();
    let mut index_of: HashMap<(bool, &str), usize> = HashMap::new();
    let mut plan: Vec<Result<usize, ItemError>> = Vec::with_capacity(items.len());
    for item in items {
        let step = match &item.decoded {
            Err(e) => Err(ItemError {
                kind: e.kind,
                problems: e.problems.clone(),
            }),
            Ok((source, _, _)) => {
                let key = match source {
                    SloSource::File(path) => (true, path.as_str()),
                    SloSource::Inline(text) => (false, text.as_str()),
                };
                if let Some(&index) = index_of.get(&key) {
                    Ok(index)
                } else {
                    let text = match source {
                        SloSource::File(path) => files.get(path),
                        SloSource::Inline(text) => Ok(text.clone()),
                    };
                    match text {
                        Ok(text) => {
                            slos.push(text);
                            index_of.insert(key, slos.len() - 1);
                            Ok(slos.len() - 1)
                        }
                        Err(message) => Err(ItemError::input("invalid_input", "slo", message)),
                    }
                }
            }
        };
        plan.push(step);
    }
    let batch: Vec<BatchItem<'_>> = items
        .iter()
        .zip(&plan)
        .filter_map(|(item, step)| match (&item.decoded, step) {
            (Ok((_, values, history)), Ok(slo)) => Some(BatchItem::new(*slo, values, history)),
            _ => None,
        })
        .collect();
    let mut results = evaluate_many_with_limits(&slos, &batch, &settings.limits).into_iter();

    let mut text = String::new();
    for (item, step) in items.iter().zip(plan) {
        let head = json!({"line": item.line, "id": item.id}).to_string();
        let head = &head[..head.len() - 1];
        let outcome = match step {
            Err(e) => Err(e),
            Ok(_) => results
                .next()
                .expect("one result per evaluated item")
                .map_err(|e| error_of(&e)),
        };
        match outcome {
            Ok(evaluation) => {
                let verdict = evaluation.result();
                let failed =
                    !verdict.passes(slogate::FailOn::allowing_warning(!settings.fail_on_warning));
                if failed {
                    summary.failed += 1;
                } else {
                    summary.passed += 1;
                }
                let _ = writeln!(
                    text,
                    "{head},\"result\":\"{verdict}\",\"score\":{},\"evaluation\":{}}}",
                    json!(evaluation.score()),
                    evaluation.to_json()
                );
            }
            Err(e) => {
                summary.failed += 1;
                let _ = writeln!(text, "{head},\"error\":{}}}", e.to_json());
            }
        }
    }
    match output.write_all(text.as_bytes()) {
        Ok(()) => Ok(()),
        Err(e) => Err(Failure::stream(format!(
            "cannot write to standard output: {}",
            describe_io(&e)
        ))),
    }
}

fn error_of(error: &Error) -> ItemError {
    ItemError::from_problems(error.kind(), "", error.problems())
}
