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

/// Stable, machine-readable identifier of a kind of problem.
///
/// The `snake_case` text returned by [`ErrorCode::as_str`] never changes once released; bindings
/// expose the same text as `err.code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The SLO text is not well-formed YAML.
    InvalidYaml,
    /// A mapping in the SLO repeats a key.
    DuplicateKey,
    /// A YAML feature slogate does not accept (several documents, merge keys, custom tags).
    UnsupportedYaml,
    /// A field has the wrong type (a list where a mapping belongs, text where a number belongs).
    InvalidType,
    /// The SLO text is empty or holds only comments.
    EmptySlo,
    /// A required field is missing or empty.
    MissingField,
    /// A criterion cannot be parsed.
    InvalidCriterion,
    /// A number is NaN or infinite, or too large to be represented.
    NonFiniteNumber,
    /// A `criteria` list is empty or missing.
    EmptyCriteria,
    /// A list entry is empty (`null`).
    NullEntry,
    /// Two objectives measure the same SLI.
    DuplicateObjective,
    /// An objective's `weight` is zero, negative or not a whole number.
    InvalidWeight,
    /// `comparison.aggregate_function` is not one of `avg`, `p50`, `p90`, `p95`.
    UnknownAggregateFunction,
    /// `comparison.compare_with` is not `single_result` or `several_results`.
    UnknownCompareWith,
    /// `comparison.include_result_with_score` is not `pass`, `pass_or_warn` or `all`.
    UnknownIncludeResultWithScore,
    /// `comparison.number_of_comparison_results` is negative.
    InvalidNumberOfComparisonResults,
    /// The SLO has no `total_score.pass`.
    MissingTotalScore,
    /// A `total_score` threshold is not a percentage between 0 and 100.
    InvalidTotalScore,
    /// The SLO text is larger than the configured limit.
    DocumentTooLarge,
    /// The SLO nests deeper than the configured limit.
    NestingTooDeep,
    /// The SLO expands (through aliases) to more nodes than the configured limit.
    TooManyNodes,
    /// The SLO has more objectives than the configured limit.
    TooManyObjectives,
    /// An objective has more criteria than the configured limit.
    TooManyCriteria,
    /// A criterion is longer than the configured limit.
    CriterionTooLong,
    /// An input document is not valid JSON.
    InvalidJson,
    /// An input document is valid JSON but not of the expected shape.
    InvalidInput,
    /// Two SLI values carry the same metric name.
    DuplicateIndicatorValue,
    /// An SLI value or a stored value is NaN or infinite.
    NonFiniteValue,
    /// More stored evaluations were passed than the configured limit.
    HistoryTooLong,
    /// A load-test report lacks a metric the SLO asks for.
    MissingMetric,
    /// A mapping has a field the format does not define.
    UnknownField,
    /// A k6 threshold expression or a Pitometer threshold cannot be used.
    InvalidThreshold,
    /// A k6 threshold key is not `name` or `name{tag:value,...}`.
    InvalidMetricName,
    /// A k6 threshold names a metric that is neither builtin nor in the summary.
    UnknownMetric,
    /// A k6 threshold aggregates its metric in a way the metric's type does not support.
    UnsupportedAggregation,
    /// A k6 summary lacks the value a threshold aggregates (a trend statistic not in `summaryTrendStats`).
    MissingAggregation,
    /// A Keptn v2 bound is not a Kubernetes quantity.
    InvalidQuantity,
    /// A Keptn v2 target sets no operator or several.
    InvalidOperator,
    /// A Keptn v2 range's lower bound is not below its higher bound.
    InvalidRange,
    /// A number is outside the range its field allows.
    ValueOutOfRange,
    /// A Pitometer lower threshold is at or above an upper one.
    ContradictoryThresholds,
    /// A Pitometer indicator reads a source that is not among those given.
    UnregisteredSource,
    /// A Pitometer indicator names a grading type other than `Threshold`.
    UnknownGrader,
    /// A gate's format cannot be told from its content.
    UnknownGateFormat,
    /// An input document (SLI values, a load-test report, a line of stored history) is larger
    /// than the configured limit.
    InputTooLarge,
    /// A list handed over by a caller holds more items than the configured limit.
    ListTooLong,
    /// A JSON indentation wider than the configured limit was asked for.
    IndentTooWide,
    /// A file could not be read or written.
    IoError,
    /// An approval policy names an unknown verdict or mode, or is not `verdict=mode` pairs.
    InvalidApproval,
    /// An approval policy is empty, or the shipyard (or its named stage) has no `approval` task.
    MissingApproval,
    /// A shipyard's approval tasks disagree and no stage was named.
    AmbiguousApproval,
    /// Canary settings or metrics are out of range (a confidence outside (0, 1), a weight that
    /// is not positive, a metric listed twice).
    InvalidCanarySettings,
    /// A history model (`model`, `inconclusive`, `extensions`) is invalid or used without
    /// `extensions: slogate/v1`.
    InvalidModel,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidYaml,
        ErrorCode::DuplicateKey,
        ErrorCode::UnsupportedYaml,
        ErrorCode::InvalidType,
        ErrorCode::EmptySlo,
        ErrorCode::MissingField,
        ErrorCode::InvalidCriterion,
        ErrorCode::NonFiniteNumber,
        ErrorCode::EmptyCriteria,
        ErrorCode::NullEntry,
        ErrorCode::DuplicateObjective,
        ErrorCode::InvalidWeight,
        ErrorCode::UnknownAggregateFunction,
        ErrorCode::UnknownCompareWith,
        ErrorCode::UnknownIncludeResultWithScore,
        ErrorCode::InvalidNumberOfComparisonResults,
        ErrorCode::MissingTotalScore,
        ErrorCode::InvalidTotalScore,
        ErrorCode::DocumentTooLarge,
        ErrorCode::NestingTooDeep,
        ErrorCode::TooManyNodes,
        ErrorCode::TooManyObjectives,
        ErrorCode::TooManyCriteria,
        ErrorCode::CriterionTooLong,
        ErrorCode::InvalidJson,
        ErrorCode::InvalidInput,
        ErrorCode::DuplicateIndicatorValue,
        ErrorCode::NonFiniteValue,
        ErrorCode::HistoryTooLong,
        ErrorCode::MissingMetric,
        ErrorCode::UnknownField,
        ErrorCode::InvalidThreshold,
        ErrorCode::InvalidMetricName,
        ErrorCode::UnknownMetric,
        ErrorCode::UnsupportedAggregation,
        ErrorCode::MissingAggregation,
        ErrorCode::InvalidQuantity,
        ErrorCode::InvalidOperator,
        ErrorCode::InvalidRange,
        ErrorCode::ValueOutOfRange,
        ErrorCode::ContradictoryThresholds,
        ErrorCode::UnregisteredSource,
        ErrorCode::UnknownGrader,
        ErrorCode::UnknownGateFormat,
        ErrorCode::InputTooLarge,
        ErrorCode::ListTooLong,
        ErrorCode::IndentTooWide,
        ErrorCode::IoError,
        ErrorCode::InvalidApproval,
        ErrorCode::MissingApproval,
        ErrorCode::AmbiguousApproval,
        ErrorCode::InvalidCanarySettings,
        ErrorCode::InvalidModel,
    ];

    /// The stable `snake_case` name of this code.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidYaml => "invalid_yaml",
            ErrorCode::DuplicateKey => "duplicate_key",
            ErrorCode::UnsupportedYaml => "unsupported_yaml",
            ErrorCode::InvalidType => "invalid_type",
            ErrorCode::EmptySlo => "empty_slo",
            ErrorCode::MissingField => "missing_field",
            ErrorCode::InvalidCriterion => "invalid_criterion",
            ErrorCode::NonFiniteNumber => "non_finite_number",
            ErrorCode::EmptyCriteria => "empty_criteria",
            ErrorCode::NullEntry => "null_entry",
            ErrorCode::DuplicateObjective => "duplicate_objective",
            ErrorCode::InvalidWeight => "invalid_weight",
            ErrorCode::UnknownAggregateFunction => "unknown_aggregate_function",
            ErrorCode::UnknownCompareWith => "unknown_compare_with",
            ErrorCode::UnknownIncludeResultWithScore => "unknown_include_result_with_score",
            ErrorCode::InvalidNumberOfComparisonResults => "invalid_number_of_comparison_results",
            ErrorCode::MissingTotalScore => "missing_total_score",
            ErrorCode::InvalidTotalScore => "invalid_total_score",
            ErrorCode::DocumentTooLarge => "document_too_large",
            ErrorCode::NestingTooDeep => "nesting_too_deep",
            ErrorCode::TooManyNodes => "too_many_nodes",
            ErrorCode::TooManyObjectives => "too_many_objectives",
            ErrorCode::TooManyCriteria => "too_many_criteria",
            ErrorCode::CriterionTooLong => "criterion_too_long",
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::DuplicateIndicatorValue => "duplicate_indicator_value",
            ErrorCode::NonFiniteValue => "non_finite_value",
            ErrorCode::HistoryTooLong => "history_too_long",
            ErrorCode::MissingMetric => "missing_metric",
            ErrorCode::UnknownField => "unknown_field",
            ErrorCode::InvalidThreshold => "invalid_threshold",
            ErrorCode::InvalidMetricName => "invalid_metric_name",
            ErrorCode::UnknownMetric => "unknown_metric",
            ErrorCode::UnsupportedAggregation => "unsupported_aggregation",
            ErrorCode::MissingAggregation => "missing_aggregation",
            ErrorCode::InvalidQuantity => "invalid_quantity",
            ErrorCode::InvalidOperator => "invalid_operator",
            ErrorCode::InvalidRange => "invalid_range",
            ErrorCode::ValueOutOfRange => "value_out_of_range",
            ErrorCode::ContradictoryThresholds => "contradictory_thresholds",
            ErrorCode::UnregisteredSource => "unregistered_source",
            ErrorCode::UnknownGrader => "unknown_grader",
            ErrorCode::UnknownGateFormat => "unknown_gate_format",
            ErrorCode::InputTooLarge => "input_too_large",
            ErrorCode::ListTooLong => "list_too_long",
            ErrorCode::IndentTooWide => "indent_too_wide",
            ErrorCode::IoError => "io_error",
            ErrorCode::InvalidApproval => "invalid_approval",
            ErrorCode::MissingApproval => "missing_approval",
            ErrorCode::AmbiguousApproval => "ambiguous_approval",
            ErrorCode::InvalidCanarySettings => "invalid_canary_settings",
            ErrorCode::InvalidModel => "invalid_model",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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
        }
    }

    /// A file that could not be read or written (code `io_error`): `action` is what was
    /// attempted (`read`, `write`), `what` names the file's role (`SLO file`).
    ///
    /// ```
    /// let error = std::io::Error::from(std::io::ErrorKind::NotFound);
    /// let problem = slogate::Problem::io("read", "SLO file", "slo.yaml", &error);
    /// assert_eq!(problem.message(), "cannot read the SLO file 'slo.yaml': entity not found");
    /// ```
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
            format!("cannot {action} the {what} '{file}': {reason}"),
        )
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
        /// Lines longer than this are shown as a window around the column.
        const WIDTH: usize = 100;
        let mut out = self.to_string();
        if let (Some(line), Some(column)) = (self.line, self.column) {
            if let Some(text) = source.lines().nth(line.saturating_sub(1)) {
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
                let _ = write!(
                    out,
                    "\n{pad} |\n{number} | {head}{shown}{tail}\n{pad} | {caret_pad}^"
                );
            }
        }
        out
    }
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
