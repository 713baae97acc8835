//! The core's errors as `slogate.SloError`, and panics as `RuntimeError`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::call::PyCallArgs;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use slogate::{Error, Problem};

/// The exception `slogate._errors.<factory>` builds from `args`.
fn built<'py, A: PyCallArgs<'py>>(
    py: Python<'py>,
    factory: &str,
    args: impl FnOnce() -> PyResult<A>,
) -> PyErr {
    let made = || {
        py.import("slogate._errors")?
            .getattr(factory)?
            .call1(args()?)
    };
    made().map_or_else(|e| e, PyErr::from_value)
}

/// A file that could not be read, as `slogate.SloFileError` (an `OSError`, of the subclass
/// its errno names, carrying the code `io_error`); `what` names the file's role.
pub fn file_error(
    py: Python<'_>,
    what: &str,
    file: &std::path::Path,
    error: &std::io::Error,
) -> PyErr {
    let name = file.display().to_string();
    let problem = [Problem::io("read", what, &name, error)];
    built(py, "_file_error", || {
        Ok((crate::problems(py, &problem)?, error.raw_os_error(), name))
    })
}

/// The core error as a `slogate.SloError`: its kind, message and every problem.
pub fn slo_error(py: Python<'_>, error: impl Into<Error>) -> PyErr {
    let error = error.into();
    let problems = || crate::problems(py, error.problems());
    built(py, "_core_error", || {
        Ok((error.kind(), error.to_string(), problems()?))
    })
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload.downcast_ref::<&str>().map(|s| (*s).to_owned());
    let text = text.or_else(|| payload.downcast_ref::<String>().cloned());
    Problem::internal(&text.unwrap_or_else(|| "unknown panic".to_owned()))
        .message()
        .to_owned()
}

/// Runs `f`, turning a panic into a `RuntimeError` (an ordinary `Exception`, unlike pyo3's
/// `PanicException`).
pub fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(PyRuntimeError::new_err(panic_message(&*payload))))
}

/// Runs `f` without holding the GIL (the core never touches Python objects), turning a panic
/// into a `RuntimeError`.
pub fn detached<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    F: FnOnce() -> T + Send,
    T: Send,
{
    py.detach(|| catch_unwind(AssertUnwindSafe(f)).map_err(|payload| panic_message(&*payload)))
        .map_err(PyRuntimeError::new_err)
}

/// [`slo_error`] as a function of the error alone, for `map_err`.
pub fn refused<E: Into<Error>>(py: Python<'_>) -> impl Fn(E) -> PyErr + '_ {
    move |e| slo_error(py, e)
}
