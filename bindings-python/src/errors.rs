//! The core's errors as `slogate.SloError`, and panics as `RuntimeError`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyType};
use slogate::{Error, ErrorCode, InputError, Problem};

static SLO_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static TYPE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A value of the wrong Python type, as `slogate.SloTypeError` (a `TypeError` carrying the
/// code `invalid_input`).
pub fn type_error(message: String) -> PyErr {
    let problem = Problem::new(ErrorCode::InvalidInput, "", message);
    Python::attach(|py| {
        build_as(
            py,
            &TYPE_ERROR,
            "SloTypeError",
            "input",
            std::slice::from_ref(&problem),
            problem.message(),
        )
        .unwrap_or_else(|e| e)
    })
}

/// A file that could not be read, as `slogate.SloFileError` (an `OSError`, of the subclass
/// its errno names, carrying the code `io_error`).
pub fn file_error(
    py: Python<'_>,
    what: &str,
    file: &std::path::Path,
    error: &std::io::Error,
) -> PyErr {
    let name = file.display().to_string();
    let problem = Problem::io("read", what, &name, error);
    let build = || -> PyResult<PyErr> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("code", problem.code().as_str())?;
        kwargs.set_item("errno", error.raw_os_error())?;
        kwargs.set_item("filename", &name)?;
        kwargs.set_item("problems", vec![problem_dict(py, &problem)?])?;
        let factory = py.import("slogate._errors")?.getattr("_file_error")?;
        Ok(PyErr::from_value(
            factory.call((problem.message(),), Some(&kwargs))?,
        ))
    };
    build().unwrap_or_else(|e| e)
}

pub fn problem_dict<'py>(py: Python<'py>, problem: &Problem) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("code", problem.code().as_str())?;
    dict.set_item("path", problem.path())?;
    dict.set_item("line", problem.line())?;
    dict.set_item("column", problem.column())?;
    dict.set_item("message", problem.message())?;
    Ok(dict)
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    build_as(
        py,
        &SLO_ERROR,
        "SloError",
        error.kind(),
        error.problems(),
        &error.to_string(),
    )
}

fn build_as(
    py: Python<'_>,
    cell: &'static PyOnceLock<Py<PyType>>,
    class: &str,
    kind: &str,
    list: &[Problem],
    message: &str,
) -> PyResult<PyErr> {
    let class = cell.import(py, "slogate._errors", class)?;
    let Some(first) = list.first() else {
        return Ok(PyRuntimeError::new_err(message.to_owned()));
    };
    let problems = PyList::empty(py);
    for problem in list {
        problems.append(problem_dict(py, problem)?)?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("kind", kind)?;
    kwargs.set_item("code", first.code().as_str())?;
    kwargs.set_item("path", first.path())?;
    kwargs.set_item("line", first.line())?;
    kwargs.set_item("column", first.column())?;
    kwargs.set_item("problems", problems)?;
    let instance = class.call((message,), Some(&kwargs))?;
    Ok(PyErr::from_value(instance))
}

/// Issues an SLO's warnings, if any, as one `slogate.SlogateWarning`.
pub fn warn(py: Python<'_>, warnings: &[Problem]) -> PyResult<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    let list = warnings
        .iter()
        .map(|w| problem_dict(py, w))
        .collect::<PyResult<Vec<_>>>()?;
    py.import("slogate._errors")?
        .getattr("_warn")?
        .call1((list,))?;
    Ok(())
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
    PyRuntimeError::new_err(
        Problem::internal(&panic_message(payload))
            .message()
            .to_owned(),
    )
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
            PyRuntimeError::new_err(Problem::internal(&message).message().to_owned())
        })
}
