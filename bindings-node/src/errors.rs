//! The core's errors as thrown JavaScript `Error` objects, and the guard that turns a Rust
//! panic into one.

use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::bindgen_prelude::Env;
use napi::{JsValue, Status};
use slogate::views::ProblemView;
use slogate::{ErrorCode, Problem};

/// The `Error` for the core's error: `message` is the whole text; `code`, `path`, `line` and
/// `column` are the first problem's; `errors` lists every problem; `kind` says which step
/// refused the input (`slo`, `input`, `evaluation` or `internal`); `file` names the file read.
fn thrown(
    env: &Env,
    kind: &str,
    error: &slogate::Error,
    message: &str,
    file: Option<&str>,
) -> napi::Error {
    let build = || -> napi::Result<napi::Error> {
        let mut thrown = env.create_error(napi::Error::new(Status::GenericFailure, message))?;
        let problems: Vec<_> = error.problems().iter().map(ProblemView::of).collect();
        let first = ProblemView::of(error.first());
        thrown.set("code", first.code)?;
        thrown.set("path", first.path)?;
        thrown.set("line", env.to_js_value(&first.line)?)?;
        thrown.set("column", env.to_js_value(&first.column)?)?;
        thrown.set("kind", kind)?;
        thrown.set("errors", env.to_js_value(&problems)?)?;
        if let Some(file) = file {
            thrown.set("file", file)?;
        }
        Ok(napi::Error::from(thrown.to_unknown()))
    };
    build().unwrap_or_else(|e| e)
}

/// The core's errors as thrown `Error`s (see [`thrown`]).
pub(crate) trait OrThrow<T> {
    /// The value, or the core's error thrown.
    fn or_throw(self, env: &Env) -> napi::Result<T>;
}

impl<T, E: Into<slogate::Error>> OrThrow<T> for Result<T, E> {
    fn or_throw(self, env: &Env) -> napi::Result<T> {
        self.map_err(|e| {
            let e = e.into();
            thrown(env, e.kind(), &e, &e.to_string(), None)
        })
    }
}

/// The SLO problems of a file, with `file` naming it.
pub(crate) fn slo_file_error(env: &Env, error: slogate::SloError, file: &str) -> napi::Error {
    let message = format!("{file}: {error}");
    thrown(env, "slo", &error.into(), &message, Some(file))
}

/// A file that could not be read (`what` says which): code `io_error`, `file` naming it.
pub(crate) fn io_error(env: &Env, what: &str, file: &str, error: &std::io::Error) -> napi::Error {
    let problem = Problem::io("read", what, file, error);
    let message = problem.message().to_owned();
    thrown(
        env,
        "input",
        &slogate::InputError::new(vec![problem]).into(),
        &message,
        Some(file),
    )
}

/// A `TypeError` naming the argument, with the code `invalid_input` from the core's table.
pub(crate) fn type_error(env: &Env, message: &str) -> napi::Error {
    match env.throw_type_error(message, Some(ErrorCode::InvalidInput.as_str())) {
        Ok(()) => napi::Error::new(Status::PendingException, message),
        Err(e) => e,
    }
}

/// A Rust panic or an impossible state, as an `Error` with code `internal_error`.
pub(crate) fn internal_error(env: &Env, text: &str) -> napi::Error {
    let problem = Problem::internal(text);
    let message = problem.message().to_owned();
    thrown(
        env,
        "internal",
        &slogate::InputError::new(vec![problem]).into(),
        &message,
        None,
    )
}

/// Runs `body`, turning a Rust panic into a thrown `Error` (code `internal_error`) so that no
/// input can abort the Node process.
pub(crate) fn guard<T>(env: &Env, body: impl FnOnce() -> napi::Result<T>) -> napi::Result<T> {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        let text = (payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .or_else(|| payload.downcast_ref::<String>().cloned());
        Err(internal_error(env, &text.unwrap_or_default()))
    })
}
