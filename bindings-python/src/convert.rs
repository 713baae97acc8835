//! Conversions between Python objects and the core's inputs and outputs.
//!
//! Wrong Python types raise `TypeError` naming the argument and the offending key; values
//! the core refuses raise `SloError` through [`crate::errors`].

use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};
use serde_json::{Map, Number, Value};
use slogate::{ErrorCode, IndicatorValue, InputError, Problem};

use crate::errors::input_error;

/// Deepest nesting of Python containers turned into JSON; deeper (or self-containing) data is
/// refused instead of exhausting the stack.
const MAX_DEPTH: usize = 128;

/// The Python type name of `obj`, for messages.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string())
}

/// `repr(obj)`, shortened for messages.
pub fn short_repr(obj: &Bound<'_, PyAny>) -> String {
    let text = obj
        .repr()
        .map_or_else(|_| "<unprintable>".to_owned(), |r| r.to_string());
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}

/// `path[key]` in Python syntax.
fn key_path(path: &str, key: &Bound<'_, PyAny>) -> String {
    format!("{path}[{}]", short_repr(key))
}

fn type_error(path: &str, expected: &str, found: &Bound<'_, PyAny>) -> PyErr {
    crate::errors::type_error(format!(
        "{path} must be {expected}, found {} {}",
        type_name(found),
        short_repr(found)
    ))
}

/// Whether `obj` is a mapping (a `dict` or any `collections.abc.Mapping`).
pub fn is_mapping(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyDict>() || obj.cast::<PyMapping>().is_ok()
}

/// The `(key, value)` pairs of a mapping, in its iteration order.
pub fn mapping_items<'py>(
    obj: &Bound<'py, PyAny>,
) -> PyResult<Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>> {
    if let Ok(dict) = obj.cast::<PyDict>() {
        return Ok(dict.iter().collect());
    }
    let items = obj.cast::<PyMapping>()?.items()?;
    items
        .iter()
        .map(|item| item.extract::<(Bound<'py, PyAny>, Bound<'py, PyAny>)>())
        .collect()
}

/// A real number: an `int`, a `float` or anything with `__float__`, but not a `bool` or text.
pub fn number(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<f64> {
    if obj.is_instance_of::<PyBool>() || obj.is_instance_of::<PyString>() {
        return Err(type_error(path, "a number", obj));
    }
    obj.extract::<f64>().map_err(|err| {
        if err.is_instance_of::<PyOverflowError>(obj.py()) {
            too_large(obj, path)
        } else {
            type_error(path, "a number", obj)
        }
    })
}

fn too_large(obj: &Bound<'_, PyAny>, path: &str) -> PyErr {
    input_error(
        obj.py(),
        &InputError::from(Problem::new(
            ErrorCode::NonFiniteValue,
            path,
            format!(
                "{path} is {}, too large for a 64-bit float; expected a finite number",
                short_repr(obj)
            ),
        )),
    )
}

/// A `str`.
pub fn string(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<String> {
    obj.cast::<PyString>()
        .map_err(|_| type_error(path, "a str", obj))?
        .to_cow()
        .map(std::borrow::Cow::into_owned)
}

/// A `bool`.
pub fn boolean(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<bool> {
    obj.cast::<PyBool>()
        .map_err(|_| type_error(path, "a bool", obj))
        .map(pyo3::types::PyBoolMethods::is_true)
}

/// Python data (dicts, lists, tuples, str, int, float, bool, None) as JSON, for the core's
/// decoders. `path` names the argument in messages.
pub fn to_json(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    to_json_at(obj, path, 0)
}

fn to_json_at(obj: &Bound<'_, PyAny>, path: &str, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(input_error(
            obj.py(),
            &InputError::from(Problem::new(
                ErrorCode::InvalidInput,
                path,
                format!("the data nests deeper than {MAX_DEPTH} levels (or contains itself)"),
            )),
        ));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return finite(obj.py(), number(obj, path)?, path);
    }
    if obj.is_instance_of::<PyFloat>() {
        return finite(obj.py(), obj.extract::<f64>()?, path);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if is_mapping(obj) {
        let mut map = Map::new();
        for (key, value) in mapping_items(obj)? {
            let name = key
                .cast::<PyString>()
                .map_err(|_| {
                    crate::errors::type_error(format!(
                        "{path} must have str keys, found the {} key {}",
                        type_name(&key),
                        short_repr(&key)
                    ))
                })?
                .to_cow()?
                .into_owned();
            let value = to_json_at(&value, &key_path(path, &key), depth + 1)?;
            map.insert(name, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (index, item) in obj.try_iter()?.enumerate() {
            items.push(to_json_at(&item?, &format!("{path}[{index}]"), depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    Err(type_error(
        path,
        "JSON-like data (dict, list, tuple, str, int, float, bool or None)",
        obj,
    ))
}

fn finite(py: Python<'_>, value: f64, path: &str) -> PyResult<Value> {
    Number::from_f64(value).map(Value::Number).ok_or_else(|| {
        input_error(
            py,
            &InputError::from(Problem::new(
                ErrorCode::NonFiniteValue,
                path,
                format!("{path} is {value}; expected a finite number"),
            )),
        )
    })
}

/// JSON as Python data: objects become dicts, arrays lists.
pub fn from_json<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(0.0).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(from_json(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, from_json(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// One entry of Keptn's `indicatorValues` given as a Python mapping: `metric` (str), `value`
/// (number; may be absent or None when `success` is false), `success` (bool, default True),
/// `message` (str or None). Other keys are ignored, as Keptn does.
pub fn indicator_value(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<IndicatorValue> {
    if !is_mapping(obj) {
        return Err(type_error(
            path,
            "a dict with 'metric', 'value', 'success' and 'message'",
            obj,
        ));
    }
    let mut metric = None;
    let mut value = None;
    let mut success = true;
    let mut message = String::new();
    for (key, item) in mapping_items(obj)? {
        let Ok(name) = key.extract::<String>() else {
            return Err(crate::errors::type_error(format!(
                "{path} must have str keys, found the {} key {}",
                type_name(&key),
                short_repr(&key)
            )));
        };
        let at = key_path(path, &key);
        match name.as_str() {
            "metric" => metric = Some(string(&item, &at)?),
            "value" if !item.is_none() => value = Some(number(&item, &at)?),
            "success" => success = boolean(&item, &at)?,
            "message" if !item.is_none() => message = string(&item, &at)?,
            _ => {}
        }
    }
    let Some(metric) = metric else {
        return Err(crate::errors::type_error(format!(
            "{path} has no 'metric'; an indicator value needs a metric name"
        )));
    };
    if success && value.is_none() {
        return Err(crate::errors::type_error(format!(
            "{path} has no 'value' for the metric '{metric}'; give a number, or 'success': False for a value that could not be measured"
        )));
    }
    Ok(IndicatorValue {
        metric,
        value: value.unwrap_or(0.0),
        success,
        message,
        source: None,
    })
}
