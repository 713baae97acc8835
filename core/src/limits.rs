//! Limits that keep hostile input from exhausting memory or time.

use std::io::{self, Read};

use crate::error::{ErrorCode, InputError, Problem, SloError};

/// Upper bounds applied while parsing an SLO and evaluating it.
///
/// The defaults accept any realistic quality gate (an SLO of 10,000 objectives is about 1 MiB)
/// while refusing alias bombs, deeply nested documents and multi-megabyte strings within
/// milliseconds. Raise them with the builder-style setters when a real gate needs more.
///
/// | limit | default | refused with |
/// | --- | --- | --- |
/// | [`max_document_bytes`](Limits::max_document_bytes) | 8 MiB | `document_too_large` |
/// | [`max_depth`](Limits::max_depth) | 32 | `nesting_too_deep` |
/// | [`max_nodes`](Limits::max_nodes) | 1,000,000 | `too_many_nodes` |
/// | [`max_objectives`](Limits::max_objectives) | 20,000 | `too_many_objectives` |
/// | [`max_criteria_per_objective`](Limits::max_criteria_per_objective) | 256 | `too_many_criteria` |
/// | [`max_criterion_bytes`](Limits::max_criterion_bytes) | 256 | `criterion_too_long` |
/// | [`max_history`](Limits::max_history) | 10,000 | `history_too_long` |
/// | [`max_input_bytes`](Limits::max_input_bytes) | 16 MiB | `input_too_large` |
/// | [`max_list_items`](Limits::max_list_items) | 1,000,000 | `list_too_long` |
/// | [`max_indent`](Limits::max_indent) | 16 | `indent_too_wide` |
///
/// One switch is not a bound: [`strict`](Limits::strict) (off by default) makes
/// [`Slo::parse_with_limits`](crate::Slo::parse_with_limits) refuse an SLO that has warnings.
///
/// The first six apply in [`Slo::parse_with_limits`](crate::Slo::parse_with_limits) (and
/// `max_document_bytes` in [`Limits::read_slo`] too), `max_history` in
/// [`Slo::evaluate_with_limits`](crate::Slo::evaluate_with_limits) and
/// [`Limits::check_history_length`]; [`Slo::parse`] and [`Slo::evaluate`] use the defaults.
/// The last three bound what callers hand over: [`Limits::read_input`] reads a document,
/// [`Limits::check_list_length`] checks the length a caller claims for a list, before
/// anything is sized from it, and [`Limits::check_indent`] the indentation asked of a JSON
/// writer.
///
/// [`Slo::parse`]: crate::Slo::parse
/// [`Slo::evaluate`]: crate::Slo::evaluate
///
/// ```
/// let limits = slogate::Limits::default().with_max_objectives(50_000);
/// assert_eq!(limits.max_objectives, 50_000);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest SLO text accepted, in bytes.
    pub max_document_bytes: usize,
    /// Deepest nesting of YAML collections accepted. Flow collections (`[...]`, `{...}`)
    /// never nest deeper than 255 levels, whatever this says: the YAML reader cannot count
    /// further.
    pub max_depth: usize,
    /// Most YAML nodes the document may expand to, counting every use of an alias in full.
    pub max_nodes: usize,
    /// Most objectives in one SLO.
    pub max_objectives: usize,
    /// Most criteria in one objective (pass and warning together).
    pub max_criteria_per_objective: usize,
    /// Longest criterion text, in bytes.
    pub max_criterion_bytes: usize,
    /// Most stored evaluations examined for one evaluation while looking for the comparison
    /// basis (which stops as soon as the basis is complete), and the longest list of stored
    /// evaluations accepted at once (a JSON array, a list from a binding).
    pub max_history: usize,
    /// Largest input document read, in bytes: SLI values, a load-test report, one line of
    /// stored history.
    pub max_input_bytes: usize,
    /// Most items in one list a caller hands over (an array inside an input object).
    pub max_list_items: usize,
    /// Widest indentation of written JSON, in spaces.
    pub max_indent: usize,
    /// Strict mode: a warning found while parsing an SLO (an unknown key, for one) refuses it
    /// as an error instead of being reported beside it. Off by default.
    pub strict: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_document_bytes: 8 * 1024 * 1024,
            max_depth: 32,
            max_nodes: 1_000_000,
            max_objectives: 20_000,
            max_criteria_per_objective: 256,
            max_criterion_bytes: 256,
            max_history: 10_000,
            max_input_bytes: 16 * 1024 * 1024,
            max_list_items: 1_000_000,
            max_indent: 16,
            strict: false,
        }
    }
}

impl Limits {
    /// Sets [`Limits::strict`].
    #[must_use]
    pub fn with_strict(mut self, value: bool) -> Self {
        self.strict = value;
        self
    }

    /// Sets [`Limits::max_document_bytes`].
    #[must_use]
    pub fn with_max_document_bytes(mut self, value: usize) -> Self {
        self.max_document_bytes = value;
        self
    }

    /// Sets [`Limits::max_depth`].
    #[must_use]
    pub fn with_max_depth(mut self, value: usize) -> Self {
        self.max_depth = value;
        self
    }

    /// Sets [`Limits::max_nodes`].
    #[must_use]
    pub fn with_max_nodes(mut self, value: usize) -> Self {
        self.max_nodes = value;
        self
    }

    /// Sets [`Limits::max_objectives`].
    #[must_use]
    pub fn with_max_objectives(mut self, value: usize) -> Self {
        self.max_objectives = value;
        self
    }

    /// Sets [`Limits::max_criteria_per_objective`].
    #[must_use]
    pub fn with_max_criteria_per_objective(mut self, value: usize) -> Self {
        self.max_criteria_per_objective = value;
        self
    }

    /// Sets [`Limits::max_criterion_bytes`].
    #[must_use]
    pub fn with_max_criterion_bytes(mut self, value: usize) -> Self {
        self.max_criterion_bytes = value;
        self
    }

    /// Sets [`Limits::max_history`].
    #[must_use]
    pub fn with_max_history(mut self, value: usize) -> Self {
        self.max_history = value;
        self
    }

    /// Sets [`Limits::max_input_bytes`].
    #[must_use]
    pub fn with_max_input_bytes(mut self, value: usize) -> Self {
        self.max_input_bytes = value;
        self
    }

    /// Sets [`Limits::max_list_items`].
    #[must_use]
    pub fn with_max_list_items(mut self, value: usize) -> Self {
        self.max_list_items = value;
        self
    }

    /// Sets [`Limits::max_indent`].
    #[must_use]
    pub fn with_max_indent(mut self, value: usize) -> Self {
        self.max_indent = value;
        self
    }

    /// Reads a whole SLO document from `reader` without ever holding more than
    /// [`Limits::max_document_bytes`] + 1 bytes: a larger one (a huge file, `/dev/zero`) is
    /// refused with `document_too_large` as soon as the byte past the limit arrives.
    ///
    /// The outer error is an I/O failure, or text that is not UTF-8 (kind
    /// [`io::ErrorKind::InvalidData`], naming the offset of the first invalid byte).
    ///
    /// ```
    /// let limits = slogate::Limits::default().with_max_document_bytes(4);
    /// assert_eq!(limits.read_slo(&b"a: 1"[..]).unwrap().unwrap(), "a: 1");
    /// let err = limits.read_slo(std::io::repeat(b' ')).unwrap().unwrap_err();
    /// assert_eq!(err.code().as_str(), "document_too_large");
    /// ```
    pub fn read_slo(&self, reader: impl Read) -> io::Result<Result<String, SloError>> {
        Ok(read_bounded(reader, self.max_document_bytes)?
            .ok_or_else(|| document_too_large(self.max_document_bytes).into()))
    }

    /// Reads a whole input document (SLI values, a load-test report) from `reader` without
    /// ever holding more than [`Limits::max_input_bytes`] + 1 bytes; a larger one is refused
    /// with `input_too_large`. Errors as in [`Limits::read_slo`].
    ///
    /// ```
    /// let limits = slogate::Limits::default().with_max_input_bytes(8);
    /// let err = limits.read_input(std::io::repeat(b'0')).unwrap().unwrap_err();
    /// assert_eq!(err.to_string(), "the input is larger than the limit of 8 bytes");
    /// ```
    pub fn read_input(&self, reader: impl Read) -> io::Result<Result<String, InputError>> {
        Ok(
            read_bounded(reader, self.max_input_bytes)?
                .ok_or_else(|| self.input_too_large().into()),
        )
    }

    /// The problem of an input document larger than [`Limits::max_input_bytes`], for a reader
    /// that found so itself (one line of a history read piece by piece).
    pub fn input_too_large(&self) -> Problem {
        Problem::new(
            ErrorCode::InputTooLarge,
            "",
            format!(
                "the input is larger than the limit of {} bytes",
                self.max_input_bytes
            ),
        )
    }

    /// Refuses a history list of `length` stored evaluations longer than
    /// [`Limits::max_history`]; a binding checks the length a caller's list claims before it
    /// sizes anything from it.
    ///
    /// ```
    /// let limits = slogate::Limits::default().with_max_history(2);
    /// assert!(limits.check_history_length(2).is_ok());
    /// let err = limits.check_history_length(1 << 30).unwrap_err();
    /// assert_eq!(err.to_string(), "history: more than the limit of 2 stored evaluations were passed");
    /// ```
    pub fn check_history_length(&self, length: usize) -> Result<(), InputError> {
        if length > self.max_history {
            return Err(self.history_too_long().into());
        }
        Ok(())
    }

    pub(crate) fn history_too_long(&self) -> Problem {
        Problem::new(
            ErrorCode::HistoryTooLong,
            "history",
            format!(
                "more than the limit of {} stored evaluations were passed",
                self.max_history
            ),
        )
        .in_document(crate::error::InputDocument::History)
    }

    /// Refuses a list at `path` whose length a caller gives as `length` (a JavaScript array's
    /// `length`, which a sparse array sets at will) when it is over [`Limits::max_list_items`],
    /// before anything is allocated or walked for it.
    ///
    /// ```
    /// let limits = slogate::Limits::default();
    /// let err = limits.check_list_length("indicatorValues", 4_294_967_295).unwrap_err();
    /// assert_eq!(err.code().as_str(), "list_too_long");
    /// ```
    pub fn check_list_length(&self, path: &str, length: usize) -> Result<(), InputError> {
        if length > self.max_list_items {
            return Err(Problem::new(
                ErrorCode::ListTooLong,
                path,
                format!(
                    "the list has {length} items, more than the limit of {}",
                    self.max_list_items
                ),
            )
            .into());
        }
        Ok(())
    }

    /// Refuses an indentation of `indent` spaces wider than [`Limits::max_indent`].
    ///
    /// ```
    /// assert!(slogate::Limits::default().check_indent(4).is_ok());
    /// let err = slogate::Limits::default().check_indent(1_000_000_000).unwrap_err();
    /// assert_eq!(err.code().as_str(), "indent_too_wide");
    /// ```
    pub fn check_indent(&self, indent: usize) -> Result<(), InputError> {
        if indent > self.max_indent {
            return Err(Problem::new(
                ErrorCode::IndentTooWide,
                "indent",
                format!(
                    "an indentation of {indent} spaces is wider than the limit of {}",
                    self.max_indent
                ),
            )
            .into());
        }
        Ok(())
    }
}

/// The problem of an SLO larger than `limit` bytes.
pub(crate) fn document_too_large(limit: usize) -> Problem {
    Problem::new(
        ErrorCode::DocumentTooLarge,
        "",
        format!("the SLO is larger than the limit of {limit} bytes"),
    )
}

/// Reads `reader` to its end through a `take(limit + 1)` reader: `None` when there is more
/// than `limit` bytes, without reading any further.
fn read_bounded(reader: impl Read, limit: usize) -> io::Result<Option<String>> {
    let mut bytes = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    reader.take(cap).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Ok(None);
    }
    String::from_utf8(bytes).map(Some).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}
