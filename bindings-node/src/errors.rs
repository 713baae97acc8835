//! The core's errors as thrown JavaScript `Error` objects.

use napi::bindgen_prelude::{Env, Object};
use napi::{JsValue, Status};
use slogate::Problem;

/// A `napi::Error` that throws the given JavaScript object as is.
fn throwing(object: &Object<'_>) -> napi::Error {
    napi::Error::from(object.to_unknown())
}

fn problem_object<'env>(env: &'env Env, problem: &Problem) -> napi::Result<Object<'env>> {
    let mut object = Object::new(env)?;
    object.set("code", problem.code().as_str())?;
    object.set("path", problem.path())?;
    object.set("line", problem.line().and_then(|l| u32::try_from(l).ok()))?;
    object.set(
        "column",
        problem.column().and_then(|c| u32::try_from(c).ok()),
    )?;
    object.set("message", problem.message())?;
    Ok(object)
}

/// The `Error` object for a list of problems: `message` is the whole error's text; `code`,
/// `path`, `line` and `column` are the first problem's; `errors` lists every problem; `kind`
/// says which step refused the input (`slo`, `input` or `evaluation`).
pub(crate) fn problems_object<'env>(
    env: &'env Env,
    kind: &str,
    problems: &[Problem],
    message: &str,
) -> napi::Result<Object<'env>> {
    let mut error = env.create_error(napi::Error::new(Status::GenericFailure, message))?;
    let first = problems.first();
    error.set("code", first.map_or("invalid_input", |p| p.code().as_str()))?;
    error.set("kind", kind)?;
    error.set("path", first.map_or("", Problem::path))?;
    error.set(
        "line",
        first
            .and_then(Problem::line)
            .and_then(|l| u32::try_from(l).ok()),
    )?;
    error.set(
        "column",
        first
            .and_then(Problem::column)
            .and_then(|c| u32::try_from(c).ok()),
    )?;
    let mut list = env.create_array(u32::try_from(problems.len()).unwrap_or(u32::MAX))?;
    for (index, problem) in problems.iter().enumerate() {
        list.set(
            u32::try_from(index).unwrap_or(u32::MAX),
            problem_object(env, problem)?,
        )?;
    }
    error.set("errors", list)?;
    Ok(error)
}

/// The error to return for a list of problems (see [`problems_object`]).
pub(crate) fn problems_error(
    env: &Env,
    kind: &str,
    problems: &[Problem],
    message: &str,
) -> napi::Error {
    match problems_object(env, kind, problems, message) {
        Ok(object) => throwing(&object),
        Err(e) => e,
    }
}

/// The SLO problems of a file, with `file` naming it.
pub(crate) fn slo_file_error(
    env: &Env,
    problems: &[Problem],
    message: &str,
    file: &str,
) -> napi::Error {
    let result = problems_object(env, "slo", problems, &format!("{file}: {message}")).and_then(
        |mut object| {
            object.set("file", file)?;
            Ok(object)
        },
    );
    match result {
        Ok(object) => throwing(&object),
        Err(e) => e,
    }
}

/// A file that could not be read: code `io_error`, `file` naming it.
pub(crate) fn io_error(env: &Env, what: &str, file: &str, error: &std::io::Error) -> napi::Error {
    let problem = Problem::io("read", what, file, error);
    let result = problems_object(
        env,
        "input",
        std::slice::from_ref(&problem),
        problem.message(),
    )
    .and_then(|mut object| {
        object.set("file", file)?;
        Ok(object)
    });
    match result {
        Ok(object) => throwing(&object),
        Err(e) => e,
    }
}

/// A `TypeError` naming the argument, with the code `invalid_input` from the core's table.
pub(crate) fn type_error(env: &Env, message: &str) -> napi::Error {
    match env.throw_type_error(message, Some(slogate::ErrorCode::InvalidInput.as_str())) {
        Ok(()) => napi::Error::new(Status::PendingException, message),
        Err(e) => e,
    }
}

/// A Rust panic, as an `Error` with code `internal_error`.
pub(crate) fn internal_error(env: &Env, text: &str) -> napi::Error {
    let problem = Problem::internal(text);
    problems_error(
        env,
        "internal",
        std::slice::from_ref(&problem),
        problem.message(),
    )
}
