//! Errors: what went wrong, where, and why.
//!
//! Every problem slogate reports is a [`Problem`]: a stable machine-readable [`ErrorCode`], the
//! path of the offending element inside its document (`objectives[2].pass[0].criteria[1]`), the
//! line and column where the document gives them, and a message that quotes the offending text.
//!
//! Problems are grouped by the step that found them, so a caller can tell a broken SLO from
//! broken measurements:
//!
//! - [`SloError`]: the SLO definition was refused while parsing it;
//! - [`InputError`]: SLI values, stored history or a load-test report could not be decoded;
//! - [`EvaluationError`]: decoded inputs that cannot be scored (duplicate metrics, non-finite
//!   values, limits exceeded).
//!
//! [`Error`] is the union of the three, returned by the one-call helpers.

use std::fmt;
use std::fmt::Write as _;

/// The table of every code: its variant, its stable name, its severity and what it means.
///
/// The list is written once, here, and expanded by `$callback` (a macro taking the same list):
/// the core defines [`ErrorCode`] from it, and the Node binding its `ErrorCode` string union, so
/// no front door keeps a copy. New codes go at the end.
#[doc(hidden)]
#[macro_export]
macro_rules! with_error_table {
    ($callback:ident) => {
        $callback! {
        /// The SLO text is not well-formed YAML.
        InvalidYaml = "invalid_yaml", Error;
        /// A mapping in the SLO repeats a key.
        DuplicateKey = "duplicate_key", Error;
        /// A YAML feature slogate does not accept (several documents, merge keys, custom tags).
        UnsupportedYaml = "unsupported_yaml", Error;
        /// A field has the wrong type (a list where a mapping belongs, text where a number belongs).
        InvalidType = "invalid_type", Error;
        /// The SLO text is empty or holds only comments.
        EmptySlo = "empty_slo", Error;
        /// A required field is missing or empty.
        MissingField = "missing_field", Error;
        /// A criterion cannot be parsed.
        InvalidCriterion = "invalid_criterion", Error;
        /// A number is NaN or infinite, or too large to be represented.
        NonFiniteNumber = "non_finite_number", Error;
        /// A `criteria` list is empty or missing.
        EmptyCriteria = "empty_criteria", Error;
        /// A list entry is empty (`null`).
        NullEntry = "null_entry", Error;
        /// Two objectives measure the same SLI.
        DuplicateObjective = "duplicate_objective", Error;
        /// An objective's `weight` is zero, negative or not a whole number.
        InvalidWeight = "invalid_weight", Error;
        /// `comparison.aggregate_function` is not one of `avg`, `p50`, `p90`, `p95`.
        UnknownAggregateFunction = "unknown_aggregate_function", Error;
        /// `comparison.compare_with` is not `single_result` or `several_results`.
        UnknownCompareWith = "unknown_compare_with", Error;
        /// `comparison.include_result_with_score` is not `pass`, `pass_or_warn` or `all`.
        UnknownIncludeResultWithScore = "unknown_include_result_with_score", Error;
        /// `comparison.number_of_comparison_results` is negative.
        InvalidNumberOfComparisonResults = "invalid_number_of_comparison_results", Error;
        /// The SLO has no `total_score.pass`.
        MissingTotalScore = "missing_total_score", Error;
        /// A `total_score` threshold is not a percentage between 0 and 100.
        InvalidTotalScore = "invalid_total_score", Error;
        /// The SLO text is larger than the configured limit.
        DocumentTooLarge = "document_too_large", Error;
        /// The SLO nests deeper than the configured limit.
        NestingTooDeep = "nesting_too_deep", Error;
        /// The SLO expands (through aliases) to more nodes than the configured limit.
        TooManyNodes = "too_many_nodes", Error;
        /// The SLO has more objectives than the configured limit.
        TooManyObjectives = "too_many_objectives", Error;
        /// An objective has more criteria than the configured limit.
        TooManyCriteria = "too_many_criteria", Error;
        /// A criterion is longer than the configured limit.
        CriterionTooLong = "criterion_too_long", Error;
        /// An input document is not valid JSON.
        InvalidJson = "invalid_json", Error;
        /// An input document is valid JSON but not of the expected shape.
        InvalidInput = "invalid_input", Error;
        /// Two SLI values carry the same metric name.
        DuplicateIndicatorValue = "duplicate_indicator_value", Error;
        /// An SLI value or a stored value is NaN or infinite.
        NonFiniteValue = "non_finite_value", Error;
        /// More stored evaluations were passed than the configured limit.
        HistoryTooLong = "history_too_long", Error;
        /// A load-test report lacks a metric the SLO asks for.
        MissingMetric = "missing_metric", Error;
        /// A mapping has a field the format does not define.
        UnknownField = "unknown_field", Error;
        /// A k6 threshold expression or a Pitometer threshold cannot be used.
        InvalidThreshold = "invalid_threshold", Error;
        /// A k6 threshold key is not `name` or `name{tag:value,...}`.
        InvalidMetricName = "invalid_metric_name", Error;
        /// A k6 threshold names a metric that is neither builtin nor in the summary.
        UnknownMetric = "unknown_metric", Error;
        /// A k6 threshold aggregates its metric in a way the metric's type does not support.
        UnsupportedAggregation = "unsupported_aggregation", Error;
        /// A k6 summary lacks the value a threshold aggregates (a trend statistic not in `summaryTrendStats`).
        MissingAggregation = "missing_aggregation", Error;
        /// A Keptn v2 bound is not a Kubernetes quantity.
        InvalidQuantity = "invalid_quantity", Error;
        /// A Keptn v2 target sets no operator or several.
        InvalidOperator = "invalid_operator", Error;
        /// A Keptn v2 range's lower bound is not below its higher bound.
        InvalidRange = "invalid_range", Error;
        /// A number is outside the range its field allows.
        ValueOutOfRange = "value_out_of_range", Error;
        /// A Pitometer lower threshold is at or above an upper one.
        ContradictoryThresholds = "contradictory_thresholds", Error;
        /// A Pitometer indicator reads a source that is not among those given.
        UnregisteredSource = "unregistered_source", Error;
        /// A Pitometer indicator names a grading type other than `Threshold`.
        UnknownGrader = "unknown_grader", Error;
        /// A gate's format cannot be told from its content.
        UnknownGateFormat = "unknown_gate_format", Error;
        /// An input document (SLI values, a load-test report, a line of stored history) is larger than the configured limit.
        InputTooLarge = "input_too_large", Error;
        /// A list handed over by a caller holds more items than the configured limit.
        ListTooLong = "list_too_long", Error;
        /// A JSON indentation wider than the configured limit was asked for.
        IndentTooWide = "indent_too_wide", Error;
        /// A file could not be read or written.
        IoError = "io_error", Error;
        /// slogate itself failed (a bug); the message asks for a report.
        InternalError = "internal_error", Error;
        /// A command or function was called wrongly (arguments that do not fit together, an id a history file does not hold).
        InvalidArgument = "invalid_argument", Error;
        /// The text holds a character YAML forbids (a NUL or another control character).
        ForbiddenCharacter = "forbidden_character", Error;
        /// A file is not UTF-8 text.
        InvalidEncoding = "invalid_encoding", Error;
        /// An approval policy names an unknown verdict or mode, or is not `verdict=mode` pairs.
        InvalidApproval = "invalid_approval", Error;
        /// An approval policy is empty, or the shipyard (or its named stage) has no `approval` task.
        MissingApproval = "missing_approval", Error;
        /// A shipyard's approval tasks disagree and no stage was named.
        AmbiguousApproval = "ambiguous_approval", Error;
        /// Canary settings or metrics are out of range (a confidence outside (0, 1), a weight that
        /// is not positive, a metric listed twice).
        InvalidCanarySettings = "invalid_canary_settings", Error;
        /// A history model (`model`, `inconclusive`, `extensions`) is invalid or used without
        /// `extensions: slogate/v1`.
        InvalidModel = "invalid_model", Error;
        /// A mapping of the SLO has a key that neither Keptn nor slogate reads (often a
        /// misspelling, such as `keySli` for `key_sli`); it is ignored, as Keptn ignores it.
        UnknownKey = "unknown_key", Warning;
        /// An edge policy (`zero_baseline`, `comparison.pinned_baseline`, `weight: 0` on a key
        /// SLI) has an invalid value or is used without `extensions: slogate/v1`.
        InvalidExtension = "invalid_extension", Error;
        /// The pinned baseline (`comparison.pinned_baseline`) names an evaluation the history
        /// does not hold.
        PinnedBaselineNotFound = "pinned_baseline_not_found", Error;
        /// An objective's `unit` or `better` is unknown, or a criterion carries a unit the objective does not declare or that does not convert
        /// to the declared one.
        InvalidUnit = "invalid_unit", Error;
        /// A second objective for an SLI, without criteria, after the first: Keptn reports it as
        /// an informational row without a value, and it changes neither verdict nor score.
        DuplicateInfoObjective = "duplicate_info_objective", Warning;
        /// The last line of a history file was cut short by an interrupted write: it is
        /// skipped, and removed before the next write.
        IncompleteLine = "incomplete_line", Warning;
            }
    };
}

/// Whether a problem refuses the input or only points at something suspicious.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The input is refused.
    Error,
    /// The input is used as written; strict mode refuses it.
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! define_error_code {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal, $severity:ident; )*) => {
        /// Stable, machine-readable identifier of a kind of problem, warnings included.
        ///
        /// The `snake_case` text returned by [`ErrorCode::as_str`] never changes once released;
        /// bindings expose the same text as `err.code`, and every front door's codes come from
        /// this one table.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The stable `snake_case` name of this code.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $name,)*
                }
            }

            /// Whether a problem of this code refuses the input or is a warning.
            pub fn severity(self) -> Severity {
                match self {
                    $(ErrorCode::$variant => Severity::$severity,)*
                }
            }

            /// One sentence saying what the code means.
            pub fn description(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => concat!($($doc),*).trim_ascii_start(),)*
                }
            }

            /// The code with the given stable name.
            pub fn from_name(name: &str) -> Option<ErrorCode> {
                match name {
                    $($name => Some(ErrorCode::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

with_error_table!(define_error_code);

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which input document a problem's path and position point into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InputDocument {
    /// The SLO definition.
    Slo,
    /// The SLI values (or the load-test report they were read from).
    Sli,
    /// The stored evaluations used as history.
    History,
}

impl InputDocument {
    /// `"slo"`, `"sli"` or `"history"`.
    pub fn as_str(self) -> &'static str {
        match self {
            InputDocument::Slo => "slo",
            InputDocument::Sli => "sli",
            InputDocument::History => "history",
        }
    }
}

/// One problem found in one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    code: ErrorCode,
    path: String,
    line: Option<usize>,
    column: Option<usize>,
    message: String,
    document: Option<InputDocument>,
    /// A warning that strict mode turned into an error.
    refused: bool,
}

impl Problem {
    /// A problem at `path` (empty for the whole document) with no known position.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            code,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            document: None,
            refused: false,
        }
    }

    /// A file that could not be read or written: `action` is `"read"`, `"write"` or
    /// `"open"`, `what` names the file's role (`"SLO file"`), `error` is the system's reason
    /// (written in lowercase, without the OS error number).
    pub fn io(action: &str, what: &str, file: &str, error: &std::io::Error) -> Self {
        let text = error.to_string();
        let text = text
            .find(" (os error")
            .map_or(text.as_str(), |cut| &text[..cut]);
        let mut chars = text.chars();
        let reason: String = chars
            .next()
            .map(|first| first.to_lowercase().chain(chars).collect())
            .unwrap_or_default();
        Problem::new(
            ErrorCode::IoError,
            "",
            format!(
                "cannot {action} the {what} '{}': {reason}",
                printable_name(file)
            ),
        )
    }

    /// A file that is not UTF-8 text, with the offset of its first invalid byte.
    pub fn not_utf8(what: &str, file: &str, offset: usize) -> Self {
        Problem::new(
            ErrorCode::InvalidEncoding,
            "",
            format!(
                "the {what} '{}' is not UTF-8 text (invalid byte at offset {offset})",
                printable_name(file)
            ),
        )
    }

    /// A number that is NaN or infinite where a finite number belongs (`non_finite_value`), the
    /// one message of every front door: `what` names the number (`the value of 'p95'`, `the
    /// number at 'values.p95'`), and the message says which value it is (`NaN`, `Infinity` or
    /// `-Infinity`, as JSON and JavaScript write them).
    pub fn non_finite(path: impl Into<String>, what: &str, value: f64) -> Self {
        let shown = if value.is_nan() {
            "NaN".to_owned()
        } else if value == f64::INFINITY {
            "Infinity".to_owned()
        } else if value == f64::NEG_INFINITY {
            "-Infinity".to_owned()
        } else {
            value.to_string()
        };
        Problem::new(
            ErrorCode::NonFiniteValue,
            path,
            format!("{what} is {shown}; expected a finite number"),
        )
    }

    /// The last line of a history file, `bytes` long, was cut short by an interrupted write
    /// (`incomplete_line`, a warning): it is skipped, and `removed` when the run rewrites the
    /// file.
    pub fn incomplete_line(bytes: usize, removed: bool) -> Self {
        let outcome = if removed {
            "it is skipped and removed; the complete lines before it are kept"
        } else {
            "it is skipped"
        };
        Problem::new(
            ErrorCode::IncompleteLine,
            "",
            format!(
                "the last line is incomplete ({bytes} bytes without a closing newline, left by an \
                 interrupted write); {outcome}"
            ),
        )
        .in_document(InputDocument::History)
    }

    /// slogate itself failed; `detail` says where.
    pub fn internal(detail: &str) -> Self {
        Problem::new(
            ErrorCode::InternalError,
            "",
            format!("internal error in slogate (please report it): {detail}"),
        )
    }

    /// The same problem, marked as concerning `document` (unless it already names one).
    #[must_use]
    pub fn in_document(mut self, document: InputDocument) -> Self {
        self.document.get_or_insert(document);
        self
    }

    /// The same problem with its path placed under `prefix` (`history[1]` and
    /// `evaluation.score` give `history[1].evaluation.score`), keeping its position and
    /// document.
    #[must_use]
    pub fn under(mut self, prefix: &str) -> Self {
        self.path = if self.path.is_empty() {
            prefix.to_owned()
        } else if prefix.is_empty() || self.path.starts_with('[') {
            format!("{prefix}{}", self.path)
        } else {
            format!("{prefix}.{}", self.path)
        };
        self
    }

    /// The same problem, located at a 1-based line and column.
    #[must_use]
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// The stable code of this problem.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// Whether this problem refuses the input or is a warning: the severity of its code,
    /// except for a warning that strict mode refused (see [`Problem::refused`]).
    pub fn severity(&self) -> Severity {
        if self.refused {
            Severity::Error
        } else {
            self.code.severity()
        }
    }

    /// The same problem as an error that refuses the input: what strict mode makes of a
    /// warning. The code stays the same.
    #[must_use]
    pub fn refused(mut self) -> Self {
        self.refused = true;
        self
    }

    /// Which input document the path and position point into, where known.
    pub fn document(&self) -> Option<InputDocument> {
        self.document
    }

    /// Where in the document the problem is, e.g. `objectives[2].pass[0].criteria[1]`; empty
    /// when it concerns the whole document.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The 1-based line of the offending text, where known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The 1-based column of the offending text, where known.
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    /// What is wrong and what was expected, quoting the offending text.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Renders the problem with a code frame: the offending line of `source` and a caret under
    /// the column. Without a position, only the headline is rendered.
    pub fn render(&self, source: &str) -> String {
        let mut out = self.to_string();
        if let Some(frame) = self.code_frame(source) {
            out.push('\n');
            out.push_str(&frame);
        }
        out
    }

    /// The problem as a command line reports it, one format for every problem:
    /// `error[code]: file:line:column: path: message` (the parts that are not known are left
    /// out; `warning[code]` for a warning), followed by the code frame of `source` where the
    /// position is known. `file` is empty for a problem that concerns no file.
    pub fn report(&self, file: &str, source: &str) -> String {
        let mut out = format!("{}[{}]: ", self.severity().as_str(), self.code);
        let mut place = file.to_owned();
        if let (Some(line), Some(column)) = (self.line, self.column) {
            let _ = write!(place, ":{line}:{column}");
        }
        if !place.is_empty() {
            out.push_str(&place);
            out.push_str(": ");
        }
        if !self.path.is_empty() {
            out.push_str(&self.path);
            out.push_str(": ");
        }
        out.push_str(&self.message);
        if let Some(frame) = self.code_frame(source) {
            out.push('\n');
            out.push_str(&frame);
        }
        out
    }

    /// The offending line of `source` with a caret under the column, where the position is
    /// known and the line exists.
    pub fn code_frame(&self, source: &str) -> Option<String> {
        /// Lines longer than this are shown as a window around the column.
        const WIDTH: usize = 100;
        let (line, column) = (self.line?, self.column?);
        let text = source.lines().nth(line.checked_sub(1)?)?;
        let chars: Vec<char> = text.chars().collect();
        let at = column.saturating_sub(1).min(chars.len());
        let (start, end) = if chars.len() > WIDTH {
            let start = at.saturating_sub(WIDTH / 2);
            (start, (start + WIDTH).min(chars.len()))
        } else {
            (0, chars.len())
        };
        let head = if start > 0 { "..." } else { "" };
        let tail = if end < chars.len() { "..." } else { "" };
        let shown: String = chars[start..end].iter().collect();
        let caret_pad: String = head
            .chars()
            .chain(chars[start..at].iter().copied())
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let number = line.to_string();
        let pad = " ".repeat(number.len());
        Some(format!(
            "{pad} |\n{number} | {head}{shown}{tail}\n{pad} | {caret_pad}^"
        ))
    }
}

/// A file name as messages quote it: control characters (a NUL, a newline) written as
/// `\u{0}`, so a message stays one printable line that every front door can carry.
fn printable_name(file: &str) -> String {
    file.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}", self.path)?;
            if let (Some(line), Some(column)) = (self.line, self.column) {
                write!(f, " (line {line}, column {column})")?;
            }
            f.write_str(": ")?;
        } else if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "line {line}, column {column}: ")?;
        }
        f.write_str(&self.message)
    }
}

macro_rules! problem_list_error {
    ($(#[$meta:meta])* $name:ident, $what:literal) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name {
            problems: Vec<Problem>,
        }

        impl $name {
            /// An error made of the given problems.
            ///
            /// An empty list is turned into a single generic problem so that an error always
            /// has at least one.
            pub fn new(mut problems: Vec<Problem>) -> Self {
                if problems.is_empty() {
                    problems.push(Problem::new(
                        ErrorCode::InvalidInput,
                        "",
                        concat!("the ", $what, " was refused"),
                    ));
                }
                $name { problems }
            }

            /// Every problem found, in document order.
            pub fn problems(&self) -> &[Problem] {
                &self.problems
            }

            /// The first problem found.
            pub fn first(&self) -> &Problem {
                &self.problems[0]
            }

            /// The code of the first problem.
            pub fn code(&self) -> ErrorCode {
                self.first().code()
            }

            /// The path of the first problem.
            pub fn path(&self) -> &str {
                self.first().path()
            }

            /// The line of the first problem, where known.
            pub fn line(&self) -> Option<usize> {
                self.first().line()
            }

            /// The column of the first problem, where known.
            pub fn column(&self) -> Option<usize> {
                self.first().column()
            }
        }

        impl From<Problem> for $name {
            fn from(problem: Problem) -> Self {
                $name::new(vec![problem])
            }
        }

        impl $name {
            /// The same error with every problem marked as concerning `document` (unless one
            /// already names its own).
            #[must_use]
            pub fn in_document(mut self, document: InputDocument) -> Self {
                for problem in &mut self.problems {
                    problem.document.get_or_insert(document);
                }
                self
            }

            /// The same error with every problem's path placed under `prefix` (see
            /// [`Problem::under`]).
            #[must_use]
            pub fn under(mut self, prefix: &str) -> Self {
                self.problems = self.problems.into_iter().map(|p| p.under(prefix)).collect();
                self
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                if let [only] = self.problems.as_slice() {
                    return write!(f, "{only}");
                }
                write!(f, "{} problems in the {}:", self.problems.len(), $what)?;
                for problem in &self.problems {
                    write!(f, "\n  - {problem}")?;
                }
                Ok(())
            }
        }

        impl std::error::Error for $name {}
    };
}

problem_list_error!(
    /// The SLO definition (or its approval policy) was refused while parsing it. Lists every
    /// problem of the document.
    SloError,
    "SLO"
);
problem_list_error!(
    /// An input document (SLI values, stored history, a load-test report) could not be decoded.
    InputError,
    "input"
);
problem_list_error!(
    /// Decoded inputs that cannot be scored.
    EvaluationError,
    "evaluation input"
);

/// Any error slogate returns: the union of the three kinds, for the one-call helpers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The SLO was refused.
    Slo(SloError),
    /// An input document could not be decoded.
    Input(InputError),
    /// The inputs could not be scored.
    Evaluation(EvaluationError),
}

impl Error {
    /// Every problem found.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::Slo(e) => e.problems(),
            Error::Input(e) => e.problems(),
            Error::Evaluation(e) => e.problems(),
        }
    }

    /// The first problem found.
    pub fn first(&self) -> &Problem {
        &self.problems()[0]
    }

    /// The code of the first problem.
    pub fn code(&self) -> ErrorCode {
        self.first().code()
    }

    /// Which step refused the input: `"slo"`, `"input"` or `"evaluation"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Slo(_) => "slo",
            Error::Input(_) => "input",
            Error::Evaluation(_) => "evaluation",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Slo(e) => e.fmt(f),
            Error::Input(e) => e.fmt(f),
            Error::Evaluation(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl From<SloError> for Error {
    fn from(e: SloError) -> Self {
        Error::Slo(e)
    }
}

impl From<InputError> for Error {
    fn from(e: InputError) -> Self {
        Error::Input(e)
    }
}

impl From<EvaluationError> for Error {
    fn from(e: EvaluationError) -> Self {
        Error::Evaluation(e)
    }
}
