//! The history file: stored evaluations as JSON Lines, oldest first.
//!
//! Every access holds a lock on the file for its whole duration: shared for reading, exclusive
//! for appending or rewriting, so concurrent runs never interleave. A new record is written in
//! one `write` call and synced before the lock is released.
//!
//! The file is never read whole: `eval` reads it from its end, newest record first, and stops
//! as soon as the core has its comparison basis; the other commands stream it line by line.
//! No line may be longer than the core's `max_input_bytes`.
//!
//! A last line without its newline that is a cut-short JSON text is the trace of a write that
//! was interrupted: it is reported, skipped, and removed before the next write. A last line
//! without its newline that is complete (a hand edit) but cannot be read, like any complete
//! line that cannot be read, is an error: the file is left as it is. Rewrites (invalidation,
//! compaction) go through a synced temporary file in the same directory renamed over the file;
//! a temporary file left by a killed run is removed by the next run that writes.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use fs4::FileExt;
use slogate::{ErrorCode, InputDocument, Limits, PreviousEvaluation, Problem};

use crate::failure::{Failure, Located};

const WHAT: &str = "history file";

/// How much of the file is read at a time from its end.
const CHUNK: usize = 64 * 1024;

/// At most this many unreadable lines are listed in a refusal.
const LISTED_PROBLEMS: usize = 20;

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

/// Whether `stored` is `base` or `base-N`, an id a generated id from `base` must avoid.
pub fn is_variant_of(base: &str, stored: &str) -> bool {
    stored == base
        || stored
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|n| n.parse::<usize>().is_ok())
}

/// The first of `base`, `base-2`, `base-3`, ... that `taken` does not hold.
pub fn free_id(base: &str, taken: &std::collections::HashSet<String>) -> String {
    (1..=taken.len() + 1)
        .map(|n| {
            if n == 1 {
                base.to_owned()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or_else(|| base.to_owned())
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
    /// 1-based line number (0 when the file was read from its end).
    pub line: usize,
    /// Byte offset where the line starts.
    pub offset: u64,
    /// Its length in bytes.
    pub bytes: usize,
}

impl Torn {
    /// The warning printed when the torn line is found, at its line where it is known.
    pub fn warning(&self, path: &Path, removing: bool) -> Located {
        let problem = Problem::incomplete_line(self.bytes, removing);
        let problem = if self.line == 0 {
            problem
        } else {
            problem.at(self.line, 1)
        };
        Located::new(&path.display().to_string(), problem)
    }
}

/// What a full pass over the file found besides the records.
pub struct Scan {
    /// How many records the file holds.
    pub records: usize,
    /// A torn last line, if any.
    pub torn: Option<Torn>,
    /// Whether the file ends without a newline after its last complete record.
    pub missing_final_newline: bool,
}

/// One line as read, with where it is.
struct Line {
    number: usize,
    offset: u64,
    bytes: Vec<u8>,
    terminated: bool,
}

/// What a line holds.
enum Decoded {
    Blank,
    Record(Box<Record>),
    /// A last line cut short by an interrupted write.
    Torn,
    /// A line that cannot be read, and why (a problem with the history file).
    Unreadable(Problem),
}

/// Decodes one line; `number` locates problems (0: count from the end, use the offset).
fn decode(line: &Line) -> Decoded {
    if line.bytes.iter().all(u8::is_ascii_whitespace) {
        return Decoded::Blank;
    }
    let Ok(text) = std::str::from_utf8(&line.bytes) else {
        let problem = Problem::new(ErrorCode::InvalidEncoding, "", "the line is not UTF-8 text");
        return Decoded::Unreadable(on_line(&problem, line, ""));
    };
    match PreviousEvaluation::from_json(text) {
        Ok(entry) => Decoded::Record(Box::new(Record {
            raw: text.trim_end_matches('\r').to_owned(),
            entry,
        })),
        // Only a JSON text that stops short is torn; a complete line without its newline was
        // edited by hand and is never dropped.
        Err(_)
            if !line.terminated
                && serde_json::from_str::<serde_json::Value>(text).is_err_and(|e| e.is_eof()) =>
        {
            Decoded::Torn
        }
        Err(e) => {
            let hint = if line.terminated {
                ""
            } else {
                " (a complete last line without its newline, edited by hand?)"
            };
            let problem = e.problems().first().cloned().unwrap_or_else(|| {
                Problem::new(ErrorCode::InvalidInput, "", "not a stored evaluation")
            });
            Decoded::Unreadable(on_line(&problem, line, hint))
        }
    }
}

impl HistoryFile {
    /// Opens and locks the history file. Waits for a lock held by another process. A run that
    /// may write removes the temporary files of rewrites killed before they finished.
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
            if !file.metadata().is_ok_and(|m| m.is_file()) {
                let message = format!(
                    "cannot read the {WHAT} '{}': it is not a regular file",
                    path.display()
                );
                let problem = Problem::new(ErrorCode::IoError, "", message);
                return Err(Failure::about_file(path, problem));
            }
            if !existed {
                sync_parent(path);
            }
            let locked = if lock == Lock::Shared {
                FileExt::lock_shared(&file)
            } else {
                FileExt::lock(&file)
            };
            locked.map_err(|e| fail("lock", &e))?;
            // The file may have been replaced (by a rewrite) while waiting for the lock: the
            // lock must be on the file the path names now.
            if same_file(&file, path) {
                let opened = HistoryFile {
                    path: path.to_owned(),
                    file,
                    created: !existed,
                };
                if lock != Lock::Shared {
                    // Under the exclusive lock no rewrite is under way: any temporary file
                    // is a killed run's.
                    opened.remove_stale_temporaries();
                }
                return Ok(opened);
            }
        }
    }

    /// The path the file was opened with.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read_failure(&self, e: &io::Error) -> Failure {
        Failure::io("read", WHAT, &self.path, e)
    }

    /// The stored evaluations, newest first, read from the end of the file one at a time. A
    /// torn last line is reported through `torn` and skipped; an unreadable line ends the
    /// iteration with an error.
    pub fn newest_first<'f>(
        &'f self,
        mut torn: impl FnMut(&Torn) + 'f,
    ) -> impl Iterator<Item = Result<PreviousEvaluation, Failure>> + 'f {
        let mut lines = Backward::new(&self.file);
        std::iter::from_fn(move || loop {
            let line = match lines.next_line() {
                Ok(Some(line)) => line,
                Ok(None) => return None,
                Err(e) => return Some(Err(self.line_failure(e))),
            };
            match decode(&line) {
                Decoded::Blank => {}
                Decoded::Record(record) => return Some(Ok(record.entry)),
                Decoded::Torn => torn(&Torn {
                    line: 0,
                    offset: line.offset,
                    bytes: line.bytes.len(),
                }),
                Decoded::Unreadable(problem) => {
                    return Some(Err(Failure::problems(
                        &self.path.display().to_string(),
                        "",
                        &[problem],
                    )))
                }
            }
        })
    }

    fn line_failure(&self, error: LineError) -> Failure {
        match error {
            LineError::Io(e) => self.read_failure(&e),
            LineError::TooLong { place } => Failure::problems(
                &self.path.display().to_string(),
                "",
                &[Problem::new(
                    ErrorCode::InputTooLarge,
                    place,
                    Limits::default().input_too_large().message(),
                )],
            ),
        }
    }

    /// Reads every line from the start, handing each record to `visit` (oldest first) until
    /// it breaks. Every complete line that cannot be read is an error, reported after the
    /// whole file was read; the file is left as it is.
    pub fn scan(&self, mut visit: impl FnMut(Record) -> ControlFlow<()>) -> Result<Scan, Failure> {
        let mut reader = BufReader::new(&self.file);
        reader
            .seek(SeekFrom::Start(0))
            .map_err(|e| self.read_failure(&e))?;
        let mut scan = Scan {
            records: 0,
            torn: None,
            missing_final_newline: false,
        };
        let mut problems = Vec::new();
        let mut unreadable = 0usize;
        let mut offset = 0u64;
        let mut number = 0usize;
        let mut stopped = false;
        loop {
            let line = match read_line_forward(&mut reader, offset, number + 1) {
                Ok(Some(line)) => line,
                Ok(None) => break,
                Err(e) => return Err(self.line_failure(e)),
            };
            number += 1;
            offset += line.bytes.len() as u64 + u64::from(line.terminated);
            match decode(&line) {
                Decoded::Blank => {}
                Decoded::Record(record) => {
                    scan.records += 1;
                    scan.missing_final_newline = !line.terminated;
                    if !stopped {
                        stopped = visit(*record).is_break();
                    }
                }
                Decoded::Torn => {
                    scan.torn = Some(Torn {
                        line: line.number,
                        offset: line.offset,
                        bytes: line.bytes.len(),
                    });
                }
                Decoded::Unreadable(problem) => {
                    unreadable += 1;
                    if problems.len() < LISTED_PROBLEMS {
                        problems.push(problem);
                    }
                }
            }
        }
        if unreadable == 0 {
            return Ok(scan);
        }
        if unreadable > problems.len() {
            let more = unreadable - problems.len();
            problems.push(Problem::new(
                ErrorCode::InvalidInput,
                "",
                format!(
                    "{more} more line{} cannot be read",
                    if more == 1 { "" } else { "s" }
                ),
            ));
        }
        Err(Failure::problems(
            &self.path.display().to_string(),
            "",
            &problems,
        ))
    }

    /// The ids of the newest records, up to `count`, newest first (for messages).
    pub fn newest_ids(&self, count: usize) -> Vec<String> {
        self.newest_first(|_| {})
            .map_while(Result::ok)
            .filter_map(|entry| entry.id)
            .take(count)
            .collect()
    }

    /// Appends one record in a single write and syncs it. Removes a torn last line first.
    pub fn append(&mut self, scan: &Scan, line: &str) -> Result<(), Failure> {
        let fail = |e: &std::io::Error| Failure::io("write", WHAT, &self.path, e);
        let mut buffer = String::with_capacity(line.len() + 2);
        if let Some(torn) = &scan.torn {
            self.file.set_len(torn.offset).map_err(|e| fail(&e))?;
        } else if scan.missing_final_newline {
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

    /// Marks the record `id` invalidated, keeping every other line as it was.
    pub fn invalidate(&mut self, id: &str) -> Result<(), Failure> {
        self.rewrite(|record, out| {
            if record.entry.id.as_deref() == Some(id) {
                let mut value: serde_json::Value = serde_json::from_str(&record.raw)
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
                if let Some(object) = value.as_object_mut() {
                    object.insert("invalidated".to_owned(), serde_json::Value::Bool(true));
                }
                writeln!(out, "{value}")
            } else {
                writeln!(out, "{}", record.raw)
            }
        })
    }

    /// Keeps the newest `keep` records of the `total` the file holds.
    pub fn compact(&mut self, total: usize, keep: usize) -> Result<(), Failure> {
        let drop = total.saturating_sub(keep);
        let mut index = 0usize;
        self.rewrite(|record, out| {
            index += 1;
            if index > drop {
                writeln!(out, "{}", record.raw)?;
            }
            Ok(())
        })
    }

    /// Rewrites the file record by record (a torn last line is dropped) through a synced
    /// temporary file in the same directory, renamed over the file.
    fn rewrite(
        &mut self,
        mut each: impl FnMut(&Record, &mut BufWriter<File>) -> io::Result<()>,
    ) -> Result<(), Failure> {
        let temporary = self.temporary_name(std::process::id());
        let fail = |e: &io::Error| Failure::io("rewrite", WHAT, &self.path, e);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
            .map_err(|e| fail(&e))?;
        let mut out = BufWriter::new(file);
        let mut written = Ok(());
        let scanned = self.scan(|record| match each(&record, &mut out) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                written = Err(e);
                ControlFlow::Break(())
            }
        });
        let finished = scanned.and_then(|_| {
            written
                .and_then(|()| {
                    let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
                    if let Ok(metadata) = self.file.metadata() {
                        file.set_permissions(metadata.permissions())?;
                    }
                    file.sync_all()?;
                    fs::rename(&temporary, &self.path)
                })
                .map_err(|e| fail(&e))
        });
        if finished.is_err() {
            let _ = fs::remove_file(&temporary);
        }
        finished?;
        sync_parent(&self.path);
        Ok(())
    }

    fn temporary_name(&self, pid: u32) -> PathBuf {
        self.path
            .with_file_name(format!(".{}.{pid}.tmp", self.file_name()))
    }

    fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Removes `.NAME.PID.tmp` files beside the history file: rewrites that never finished.
    fn remove_stale_temporaries(&self) {
        let prefix = format!(".{}.", self.file_name());
        let dir = match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = name
                .strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix(".tmp"));
            if stale.is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Why a line could not be read.
enum LineError {
    Io(io::Error),
    /// The line (`where` it is) is longer than `max_input_bytes`.
    TooLong {
        place: String,
    },
}

impl From<io::Error> for LineError {
    fn from(e: io::Error) -> Self {
        LineError::Io(e)
    }
}

/// Reads the next line, never holding more than `max_input_bytes` of it.
fn read_line_forward(
    reader: &mut impl BufRead,
    offset: u64,
    number: usize,
) -> Result<Option<Line>, LineError> {
    let limit = Limits::default().max_input_bytes;
    let mut bytes = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    reader.take(cap).read_until(b'\n', &mut bytes)?;
    if bytes.is_empty() {
        return Ok(None);
    }
    let terminated = bytes.last() == Some(&b'\n');
    if terminated {
        bytes.pop();
    }
    if bytes.len() > limit {
        return Err(LineError::TooLong {
            place: format!("the line at byte {offset}"),
        });
    }
    Ok(Some(Line {
        number,
        offset,
        bytes,
        terminated,
    }))
}

/// Reads a file's lines from its end, a chunk at a time.
struct Backward<'f> {
    file: &'f File,
    /// `buffer` holds the file's bytes from `start` on.
    buffer: Vec<u8>,
    start: u64,
    /// The end of the next line (exclusive, before its newline); `None` before the first.
    end: Option<u64>,
    done: bool,
}

impl<'f> Backward<'f> {
    fn new(file: &'f File) -> Self {
        Backward {
            file,
            buffer: Vec::new(),
            start: 0,
            end: None,
            done: false,
        }
    }

    /// Reads `[from, self.start)` in front of the buffer.
    fn load_before(&mut self, from: u64) -> io::Result<()> {
        let length = usize::try_from(self.start - from).unwrap_or(usize::MAX);
        let mut chunk = vec![0; length];
        let mut file = self.file;
        file.seek(SeekFrom::Start(from))?;
        file.read_exact(&mut chunk)?;
        chunk.extend_from_slice(&self.buffer);
        self.buffer = chunk;
        self.start = from;
        Ok(())
    }

    fn next_line(&mut self) -> Result<Option<Line>, LineError> {
        if self.done {
            return Ok(None);
        }
        let limit = Limits::default().max_input_bytes as u64;
        let (end, terminated) = match self.end {
            Some(end) => (end, true),
            None => {
                let length = self.file.metadata()?.len();
                self.start = length;
                if length == 0 {
                    self.done = true;
                    return Ok(None);
                }
                self.load_before(length - 1)?;
                let terminated = self.buffer == b"\n";
                (if terminated { length - 1 } else { length }, terminated)
            }
        };
        // Drop what lies after this line.
        self.buffer
            .truncate(usize::try_from(end - self.start).unwrap_or(usize::MAX));
        // Only the bytes not searched yet are searched: those in front of the buffer.
        let mut unsearched = usize::try_from(end - self.start).unwrap_or(usize::MAX);
        let begin = loop {
            if let Some(at) = self.buffer[..unsearched].iter().rposition(|&b| b == b'\n') {
                break self.start + at as u64 + 1;
            }
            if self.start == 0 {
                break 0;
            }
            if end - self.start > limit {
                return Err(LineError::TooLong {
                    place: format!("the line ending at byte {end}"),
                });
            }
            // Growing the read geometrically keeps the copying linear in the line's length.
            let step = CHUNK.max(self.buffer.len()) as u64;
            let from = self.start.saturating_sub(step);
            unsearched = usize::try_from(self.start - from).unwrap_or(usize::MAX);
            self.load_before(from)?;
        };
        if end - begin > limit {
            return Err(LineError::TooLong {
                place: format!("the line ending at byte {end}"),
            });
        }
        let at = usize::try_from(begin - self.start).unwrap_or(usize::MAX);
        let bytes = self.buffer[at..].to_vec();
        if begin == 0 {
            self.done = true;
        } else {
            self.end = Some(begin - 1);
        }
        Ok(Some(Line {
            number: 0,
            offset: begin,
            bytes,
            terminated,
        }))
    }
}

/// The first problem of a line, located in the file rather than in the line.
/// A problem of one line's JSON text, placed in the history file: at the line's number and the
/// problem's column, or (reading from the end, where lines are not counted) at the line's byte
/// offset, said in the message. `hint` is added to the message.
fn on_line(problem: &Problem, line: &Line, hint: &str) -> Problem {
    let placed = if line.number == 0 {
        Problem::new(
            problem.code(),
            problem.path(),
            format!(
                "the line at byte {}: {}{hint}",
                line.offset,
                problem.message()
            ),
        )
    } else {
        Problem::new(
            problem.code(),
            problem.path(),
            format!("{}{hint}", problem.message()),
        )
        .at(line.number, problem.column().unwrap_or(1))
    };
    placed.in_document(InputDocument::History)
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
