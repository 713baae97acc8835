//! Why a command could not run: bad input or usage, reported on standard error with exit 2.

use std::fmt::{self, Write as _};
use std::io;
use std::path::Path;

use slogate::{ErrorCode, Problem};

/// Why a command could not run: the message for standard error, and each problem on its own
/// for an output document that carries the refusal.
#[derive(Debug)]
pub struct Failure {
    text: String,
    problems: Vec<Located>,
}

/// One problem, with the file it was found in.
#[derive(Debug, Clone)]
pub struct Located {
    /// The file, as named on the command line (`<stdin>` for `-`); empty when none.
    pub file: String,
    /// The core's problem: code, path, line, column and message.
    pub problem: Problem,
}

/// How a file is named in messages: `<stdin>` for `-`.
pub fn display_name(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}

/// An I/O error in lowercase, without the OS error number.
pub fn describe_io(error: &io::Error) -> String {
    let text = error.to_string();
    let text = match text.find(" (os error") {
        Some(cut) => &text[..cut],
        None => text.as_str(),
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Failure {
    /// A plain message about the command's input as a whole.
    pub fn message(message: impl Into<String>) -> Self {
        let message = message.into();
        Failure {
            text: format!("error: {message}"),
            problems: vec![Located {
                file: String::new(),
                problem: Problem::new(ErrorCode::InvalidInput, "", message),
            }],
        }
    }

    /// Every problem, in the order reported.
    pub fn located(&self) -> &[Located] {
        &self.problems
    }

    /// A file that could not be read or written.
    pub fn io(action: &str, what: &str, path: &Path, error: &io::Error) -> Self {
        let problem = Problem::io(action, what, &path.display().to_string(), error);
        Failure::about_file(path, problem)
    }

    /// A coded problem with a file as a whole (its message names the file):
    /// `error[code]: message`.
    pub fn about_file(path: &Path, problem: Problem) -> Self {
        Failure {
            text: format!("error[{}]: {}", problem.code(), problem.message()),
            problems: vec![Located {
                file: path.display().to_string(),
                problem,
            }],
        }
    }

    /// The core's problems with one document, each with its code, location and a code frame.
    pub fn problems(file: &str, source: &str, problems: &[Problem]) -> Self {
        let file = display_name(file);
        let mut text = String::new();
        if problems.len() > 1 {
            let _ = writeln!(text, "error: {} problems in {file}", problems.len());
        }
        for (index, problem) in problems.iter().enumerate() {
            if index > 0 {
                text.push('\n');
            }
            let _ = write!(
                text,
                "error[{}]: {file}: {}",
                problem.code(),
                problem.render(source)
            );
        }
        Failure {
            text,
            problems: problems
                .iter()
                .map(|problem| Located {
                    file: file.to_owned(),
                    problem: problem.clone(),
                })
                .collect(),
        }
    }

    /// Problems found while scoring: a missing metric points into the SLO, the rest into the
    /// SLI values.
    pub fn evaluation(problems: &[Problem], slo: (&str, &str), sli: (&str, &str)) -> Self {
        let (in_slo, in_sli): (Vec<Problem>, Vec<Problem>) = problems
            .iter()
            .cloned()
            .partition(|p| p.code() == ErrorCode::MissingMetric);
        let mut parts = Vec::new();
        if !in_sli.is_empty() {
            parts.push(Failure::problems(sli.0, sli.1, &in_sli));
        }
        if !in_slo.is_empty() {
            parts.push(Failure::problems(slo.0, slo.1, &in_slo));
        }
        Failure {
            text: parts
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            problems: parts.into_iter().flat_map(|p| p.problems).collect(),
        }
    }

    /// Problems with command-line settings or with samples from several files: each with its
    /// code and the core's path, without a code frame.
    pub fn unlocated(problems: &[Problem]) -> Self {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| format!("error[{}]: {}", p.code(), p.message()))
            .collect();
        Failure {
            text: lines.join("\n"),
            problems: problems
                .iter()
                .map(|p| Located {
                    file: String::new(),
                    problem: p.clone(),
                })
                .collect(),
        }
    }

    /// An id that the history file does not hold; `newest` are the newest ids it does.
    pub fn unknown_id(id: &str, path: &Path, newest: &[String]) -> Self {
        let hint = if newest.is_empty() {
            "it holds no evaluation with an id".to_owned()
        } else {
            format!("the newest ids are: {}", newest.join(", "))
        };
        Failure::message(format!(
            "no evaluation with id '{id}' in '{}'; {hint}",
            path.display()
        ))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
