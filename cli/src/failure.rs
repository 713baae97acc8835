//! Why a command could not run: bad input or usage, reported on standard error with exit 2.
//!
//! Every problem is printed in one format, the core's [`Problem::report`]:
//! `error[code]: file:line:column: path: message`, followed by the offending line with a caret
//! where the document's text is known. The file named is the document the problem's path
//! points into (the SLO, the SLI values or the history).

use std::fmt;
use std::io;
use std::path::Path;
use std::rc::Rc;

use slogate::{ErrorCode, InputDocument, Problem};

/// Why a command could not run: every problem, each with the file it was found in.
#[derive(Debug)]
pub struct Failure {
    problems: Vec<Located>,
}

/// One problem, with the file it was found in.
#[derive(Debug, Clone)]
pub struct Located {
    /// The file, as named on the command line (`<stdin>` for `-`); empty when none.
    pub file: String,
    /// The core's problem: code, path, line, column and message.
    pub problem: Problem,
    /// The file's text, for the code frame; empty when not at hand.
    source: Rc<str>,
    /// Whether the headline names the file: not when the message names it already.
    file_in_headline: bool,
}

impl Located {
    /// A problem found in `file` (empty when none), without its text at hand.
    pub fn new(file: &str, problem: Problem) -> Self {
        Located {
            file: display_name(file).to_owned(),
            problem,
            source: Rc::from(""),
            file_in_headline: true,
        }
    }

    /// The problem as standard error shows it: `error[code]: file:line:column: path: message`
    /// and the code frame (see [`Problem::report`]).
    pub fn report(&self) -> String {
        let file = if self.file_in_headline {
            self.file.as_str()
        } else {
            ""
        };
        self.problem.report(file, &self.source)
    }
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
    /// A problem with the command's input as a whole, in no file.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Failure::unlocated(&[Problem::new(code, "", message)])
    }

    /// Options that do not fit together, or that the command cannot use.
    pub fn usage(message: impl Into<String>) -> Self {
        Failure::new(ErrorCode::InvalidArgument, message)
    }

    /// Standard input or output could not be read or written.
    pub fn stream(message: impl Into<String>) -> Self {
        Failure::new(ErrorCode::IoError, message)
    }

    /// Every problem, in the order reported.
    pub fn located(&self) -> &[Located] {
        &self.problems
    }

    /// Every problem, each with its file and text.
    pub fn into_located(self) -> Vec<Located> {
        self.problems
    }

    /// A file that could not be read or written.
    pub fn io(action: &str, what: &str, path: &Path, error: &io::Error) -> Self {
        let problem = Problem::io(action, what, &path.display().to_string(), error);
        Failure::about_file(path, problem)
    }

    /// A coded problem with a file as a whole, whose message names the file:
    /// `error[code]: message`.
    pub fn about_file(path: &Path, problem: Problem) -> Self {
        let mut located = Located::new(&path.display().to_string(), problem);
        located.file_in_headline = false;
        Failure {
            problems: vec![located],
        }
    }

    /// The core's problems with one document (`source` is its text, empty when unknown), each
    /// with its code, location and a code frame.
    pub fn problems(file: &str, source: &str, problems: &[Problem]) -> Self {
        let source: Rc<str> = Rc::from(source);
        Failure {
            problems: problems
                .iter()
                .map(|problem| Located {
                    source: Rc::clone(&source),
                    ..Located::new(file, problem.clone())
                })
                .collect(),
        }
    }

    /// Problems found while scoring, each shown in the document its path names (the SLO, the
    /// SLI values or the history; each `(file, text)`), the SLI values when it names none.
    pub fn evaluation(
        problems: &[Problem],
        slo: (&str, &str),
        sli: (&str, &str),
        history: Option<&str>,
    ) -> Self {
        let slo_source: Rc<str> = Rc::from(slo.1);
        let sli_source: Rc<str> = Rc::from(sli.1);
        let no_source: Rc<str> = Rc::from("");
        Failure {
            problems: problems
                .iter()
                .map(|problem| {
                    let (file, source) = match problem.document() {
                        Some(InputDocument::Slo) => (slo.0, &slo_source),
                        Some(InputDocument::History) => (history.unwrap_or(""), &no_source),
                        Some(InputDocument::Sli) | None => (sli.0, &sli_source),
                    };
                    Located {
                        source: Rc::clone(source),
                        ..Located::new(file, problem.clone())
                    }
                })
                .collect(),
        }
    }

    /// Problems with command-line settings or with samples from several files: each with its
    /// code and the core's path, without a file or a code frame.
    pub fn unlocated(problems: &[Problem]) -> Self {
        Failure {
            problems: problems
                .iter()
                .map(|problem| Located::new("", problem.clone()))
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
        Failure::usage(format!(
            "no evaluation with id '{id}' in '{}'; {hint}",
            path.display()
        ))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, located) in self.problems.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&located.report())?;
        }
        Ok(())
    }
}
