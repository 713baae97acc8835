//! The history file: stored evaluations as JSON Lines, oldest first.
//!
//! Every access holds a lock on the file for its whole duration: shared for reading, exclusive
//! for appending or rewriting, so concurrent runs never interleave. A new record is written in
//! one `write` call and synced before the lock is released. A last line without its newline is
//! the trace of a write that was cut short: it is reported, skipped, and removed before the
//! next write, while every complete line is kept. A complete line that cannot be read is an
//! error, never silently dropped. Invalidation rewrites the file through a synced temporary
//! file renamed over it.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use fs4::FileExt;
use slogate::{PreviousEvaluation, Problem};

use crate::failure::Failure;

const WHAT: &str = "history file";

/// How to lock the history file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lock {
    /// Read only; the file must exist.
    Shared,
    /// Read and write; the file must exist.
    Exclusive,
    /// Read and write; the file is created when missing.
    ExclusiveCreate,
}

/// An open, locked history file.
pub struct HistoryFile {
    path: PathBuf,
    file: File,
    /// This run created the file and has not written to it yet: an empty file is removed
    /// again when the run fails, so that bad input leaves nothing behind.
    created: bool,
}

impl Drop for HistoryFile {
    fn drop(&mut self) {
        if self.created && self.file.metadata().is_ok_and(|m| m.len() == 0) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// One stored evaluation and the line it came from.
pub struct Record {
    /// The line as stored, without its newline.
    pub raw: String,
    /// The decoded evaluation.
    pub entry: PreviousEvaluation,
}

/// A last line cut short by an interrupted write.
pub struct Torn {
    /// 1-based line number.
    pub line: usize,
    /// Byte offset where the line starts.
    pub offset: u64,
    /// Its length in bytes.
    pub bytes: usize,
}

impl Torn {
    /// The warning printed when the torn line is found.
    pub fn describe(&self, path: &Path, removing: bool) -> String {
        format!(
            "{}: line {} is incomplete ({} bytes without a closing newline, left by an interrupted write); {}",
            path.display(),
            self.line,
            self.bytes,
            if removing {
                "it is skipped and removed; the complete lines before it are kept"
            } else {
                "it is skipped"
            }
        )
    }
}

/// Everything read from the history file.
pub struct Contents {
    /// The stored evaluations, oldest first.
    pub records: Vec<Record>,
    /// A torn last line, if any.
    pub torn: Option<Torn>,
    /// Whether the file ends without a newline after its last complete record.
    pub missing_final_newline: bool,
}

impl Contents {
    /// The evaluations as the core wants them: newest first.
    pub fn newest_first(&self) -> Vec<PreviousEvaluation> {
        self.records.iter().rev().map(|r| r.entry.clone()).collect()
    }

    /// The record with this id.
    pub fn find(&self, id: &str) -> Option<&Record> {
        self.records
            .iter()
            .find(|r| r.entry.id.as_deref() == Some(id))
    }

    /// `base`, or `base-2`, `base-3`, ... when taken.
    pub fn new_id(&self, base: String) -> String {
        if self.find(&base).is_none() {
            return base;
        }
        // Some suffix up to one past the number of records is free.
        (2..=self.records.len() + 2)
            .map(|n| format!("{base}-{n}"))
            .find(|id| self.find(id).is_none())
            .unwrap_or(base)
    }
}

impl HistoryFile {
    /// Opens and locks the history file. Waits for a lock held by another process.
    pub fn open(path: &Path, lock: Lock) -> Result<HistoryFile, Failure> {
        let fail = |action: &str, e: &std::io::Error| Failure::io(action, WHAT, path, e);
        loop {
            let mut options = OpenOptions::new();
            options.read(true);
            if lock != Lock::Shared {
                options.append(true);
            }
            if lock == Lock::ExclusiveCreate {
                options.create(true);
            }
            let existed = path.exists();
            let file = options.open(path).map_err(|e| fail("open", &e))?;
            if !existed {
                sync_parent(path);
            }
            let locked = if lock == Lock::Shared {
                FileExt::lock_shared(&file)
            } else {
                FileExt::lock(&file)
            };
            locked.map_err(|e| fail("lock", &e))?;
            // The file may have been replaced (by an invalidation) while waiting for the lock:
            // the lock must be on the file the path names now.
            if same_file(&file, path) {
                return Ok(HistoryFile {
                    path: path.to_owned(),
                    file,
                    created: !existed,
                });
            }
        }
    }

    /// The path the file was opened with.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads every stored evaluation.
    pub fn read(&mut self) -> Result<Contents, Failure> {
        let mut bytes = Vec::new();
        (&self.file)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::io("read", WHAT, &self.path, &e))?;
        parse(&self.path, &bytes)
    }

    /// Appends one record in a single write and syncs it. Removes a torn last line first.
    pub fn append(&mut self, contents: &Contents, line: &str) -> Result<(), Failure> {
        let fail = |e: &std::io::Error| Failure::io("write", WHAT, &self.path, e);
        let mut buffer = String::with_capacity(line.len() + 2);
        if let Some(torn) = &contents.torn {
            self.file.set_len(torn.offset).map_err(|e| fail(&e))?;
        } else if contents.missing_final_newline {
            buffer.push('\n');
        }
        buffer.push_str(line);
        buffer.push('\n');
        (&self.file)
            .write_all(buffer.as_bytes())
            .map_err(|e| fail(&e))?;
        self.created = false;
        self.file.sync_data().map_err(|e| fail(&e))
    }

    /// Marks the record `id` invalidated: rewrites the file through a temporary file renamed
    /// over it, keeping every other line as it was.
    pub fn invalidate(&mut self, contents: &Contents, id: &str) -> Result<(), Failure> {
        let mut text = String::new();
        for record in &contents.records {
            if record.entry.id.as_deref() == Some(id) {
                let mut value: serde_json::Value = serde_json::from_str(&record.raw)
                    .map_err(|e| Failure::message(format!("cannot rewrite record '{id}': {e}")))?;
                if let Some(object) = value.as_object_mut() {
                    object.insert("invalidated".to_owned(), serde_json::Value::Bool(true));
                }
                text.push_str(&value.to_string());
            } else {
                text.push_str(&record.raw);
            }
            text.push('\n');
        }
        self.replace(&text)
    }

    fn replace(&mut self, text: &str) -> Result<(), Failure> {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temporary = self
            .path
            .with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let fail = |e: &std::io::Error| Failure::io("rewrite", WHAT, &self.path, e);
        let written = (|| {
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temporary)?;
            if let Ok(metadata) = self.file.metadata() {
                file.set_permissions(metadata.permissions())?;
            }
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            fs::rename(&temporary, &self.path)
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&temporary);
            return Err(fail(&e));
        }
        sync_parent(&self.path);
        Ok(())
    }
}

/// Splits the file into records; see the module documentation for the rules.
fn parse(path: &Path, bytes: &[u8]) -> Result<Contents, Failure> {
    let mut records = Vec::new();
    let mut torn = None;
    let mut missing_final_newline = false;
    let mut problems = Vec::new();
    let mut offset = 0usize;
    let mut number = 0usize;
    while offset < bytes.len() {
        number += 1;
        let rest = &bytes[offset..];
        let (line, terminated) = match rest.iter().position(|&b| b == b'\n') {
            Some(end) => (&rest[..end], true),
            None => (rest, false),
        };
        let start = offset;
        offset += line.len() + usize::from(terminated);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let decoded = std::str::from_utf8(line)
            .map_err(|_| format!("line {number}: the line is not UTF-8 text"))
            .and_then(|text| {
                PreviousEvaluation::from_json(text)
                    .map(|entry| (text, entry))
                    .map_err(|e| first_problem(e.problems(), number))
            });
        match decoded {
            Ok((text, entry)) => {
                missing_final_newline = !terminated;
                records.push(Record {
                    raw: text.trim_end_matches('\r').to_owned(),
                    entry,
                });
            }
            Err(_) if !terminated => {
                torn = Some(Torn {
                    line: number,
                    offset: start as u64,
                    bytes: line.len(),
                });
            }
            Err(why) => problems.push(why),
        }
    }
    if problems.is_empty() {
        Ok(Contents {
            records,
            torn,
            missing_final_newline,
        })
    } else {
        let count = problems.len();
        Err(Failure::message(format!(
            "{} in '{}' cannot be read; the file is left as it is:\n  {}",
            if count == 1 {
                "1 line".to_owned()
            } else {
                format!("{count} lines")
            },
            path.display(),
            problems.join("\n  ")
        )))
    }
}

/// The first problem of a line, located in the file rather than in the line.
fn first_problem(problems: &[Problem], line: usize) -> String {
    problems.first().map_or_else(
        || format!("line {line}: not a stored evaluation"),
        |p| {
            let located =
                Problem::new(p.code(), p.path(), p.message()).at(line, p.column().unwrap_or(1));
            format!("[{}] {located}", p.code())
        },
    )
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> bool {
    true
}

/// Makes a created or renamed directory entry durable.
fn sync_parent(path: &Path) {
    #[cfg(unix)]
    {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if let Ok(dir) = File::open(parent) {
            let _ = dir.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// An id from the current UTC time, e.g. `2024-05-01T10:15:00.123Z`.
pub fn timestamp_id() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let seconds = now.as_secs();
    let (days, time) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        time / 3600,
        time % 3600 / 60,
        time % 60,
        now.subsec_millis()
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn converts_day_counts_to_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(20_513), (2026, 3, 1));
    }
}
