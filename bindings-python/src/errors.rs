//! The core's errors as `slogate.SloError`, and panics as `RuntimeError`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyType};
use slogate::{Error, InputError, Problem};

static SLO_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn problem_dict<'py>(py: Python<'py>, problem: &Problem) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("code", problem.code().as_str())?;
    dict.set_item("path", problem.path())?;
    dict.set_item("line", problem.line())?;
    dict.set_item("column", problem.column())?;
    dict.set_item("message", problem.message())?;
    Ok(dict)
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let class = SLO_ERROR.import(py, "slogate._errors", "SloError")?;
    let first = error.first();
    let problems = PyList::empty(py);
    for problem in error.problems() {
        problems.append(problem_dict(py, problem)?)?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("kind", error.kind())?;
    kwargs.set_item("code", first.code().as_str())?;
    kwargs.set_item("path", first.path())?;
    kwargs.set_item("line", first.line())?;
    kwargs.set_item("column", first.column())?;
    kwargs.set_item("problems", problems)?;
    let instance = class.call((error.to_string(),), Some(&kwargs))?;
    Ok(PyErr::from_value(instance))
}

/// The core error as a `slogate.SloError`.
pub fn slo_error(py: Python<'_>, error: impl Into<Error>) -> PyErr {
    let error = error.into();
    build(py, &error).unwrap_or_else(|e| e)
}

/// An input problem found while converting, as a `slogate.SloError` of kind `"input"`.
pub fn input_error(py: Python<'_>, error: &InputError) -> PyErr {
    slo_error(py, error.clone())
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_owned()
    }
}

/// A panic as a `RuntimeError` (an ordinary `Exception`, unlike pyo3's `PanicException`).
pub fn panic_error(payload: &(dyn std::any::Any + Send)) -> PyErr {
    PyRuntimeError::new_err(format!(
        "internal error in slogate (please report it): {}",
        panic_message(payload)
    ))
}

/// Runs `f`, turning a panic into a `RuntimeError`.
pub fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| Err(panic_error(&*payload)))
}

/// Runs `f` without holding the GIL (the core never touches Python objects), turning a panic
/// into a `RuntimeError`.
pub fn detached<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    F: FnOnce() -> T + Send,
    T: Send,
{
    py.detach(|| catch_unwind(AssertUnwindSafe(f)).map_err(|payload| panic_message(&*payload)))
        .map_err(|message| {
            PyRuntimeError::new_err(format!(
                "internal error in slogate (please report it): {message}"
            ))
        })
}
