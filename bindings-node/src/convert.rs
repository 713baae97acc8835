//! JavaScript values to JSON values, the way `JSON.stringify` sees them, except that a
//! non-finite number is refused instead of silently becoming `null`, and nesting is bounded
//! so that a circular structure is refused instead of overflowing the stack.

use napi::bindgen_prelude::JsObjectValue;
use napi::bindgen_prelude::{
    Env, Function, KeyCollectionMode, KeyConversion, KeyFilter, Object, Unknown,
};
use napi::{JsValue, Result, ValueType};
use serde_json::{Map, Number, Value};
use slogate::{ErrorCode, Problem};

use crate::errors::{problems_error, type_error};

/// Deeper than any evaluation or report; a circular structure reaches it quickly.
const MAX_DEPTH: usize = 64;

/// A short description of a JavaScript value for messages: `a number (3)`, `undefined`, ...
pub(crate) fn describe(value: Unknown<'_>) -> Result<String> {
    Ok(match value.get_type()? {
        ValueType::Undefined => "undefined".to_owned(),
        ValueType::Null => "null".to_owned(),
        ValueType::Boolean => format!("a boolean ({})", value.coerce_to_bool()?),
        ValueType::Number => format!("a number ({})", value.coerce_to_number()?.get_double()?),
        ValueType::String => "a string".to_owned(),
        ValueType::Symbol => "a symbol".to_owned(),
        ValueType::Function => "a function".to_owned(),
        ValueType::BigInt => "a bigint".to_owned(),
        ValueType::Object if value.is_array()? => "an array".to_owned(),
        _ => "an object".to_owned(),
    })
}

/// The names of an object's own enumerable properties, as `JSON.stringify` visits them.
fn own_keys<'env>(object: &Object<'env>) -> Result<Object<'env>> {
    object.get_all_property_names(
        KeyCollectionMode::OwnOnly,
        KeyFilter::Enumerable,
        KeyConversion::NumbersToStrings,
    )
}

/// Reads a plain `{ metric: number }` object directly, without the generic JSON walk. `None`
/// for anything else (Keptn's get-sli shape, a value that is not a finite number, an object
/// with `toJSON`), which [`to_json`] then reads with its exact errors.
pub(crate) fn plain_values(value: Unknown<'_>) -> Result<Option<Vec<slogate::IndicatorValue>>> {
    let object: Object<'_> = value.coerce_to_object()?;
    let to_json: Unknown<'_> = object.get_named_property("toJSON")?;
    if to_json.get_type()? != ValueType::Undefined {
        return Ok(None);
    }
    let keys = own_keys(&object)?;
    let count = keys.get_array_length()?;
    let mut values = Vec::with_capacity(count as usize);
    for index in 0..count {
        let key: Unknown<'_> = keys.get_element(index)?;
        if key.get_type()? != ValueType::String {
            return Ok(None);
        }
        let item: Unknown<'_> = object.get_property(key)?;
        if item.get_type()? != ValueType::Number {
            return Ok(None);
        }
        let number = item.coerce_to_number()?.get_double()?;
        let name = key.coerce_to_string()?.into_utf8()?.into_owned()?;
        if !number.is_finite() || name == "indicatorValues" || name == "getSLI" {
            return Ok(None);
        }
        values.push(slogate::IndicatorValue::new(name, number));
    }
    Ok(Some(values))
}

struct Walker<'a> {
    env: &'a Env,
    problems: Vec<Problem>,
}

/// Converts `value` (the argument named `root`) to JSON. Throws an `Error` listing every
/// non-finite number (code `non_finite_value`) or over-deep nesting (code `invalid_input`),
/// and a `TypeError` for a bigint.
pub(crate) fn to_json(env: &Env, value: Unknown<'_>, root: &str) -> Result<Value> {
    let mut walker = Walker {
        env,
        problems: Vec::new(),
    };
    let json = walker.walk(value, root, "", 0)?.unwrap_or(Value::Null);
    if walker.problems.is_empty() {
        Ok(json)
    } else {
        let error = slogate::InputError::new(walker.problems);
        Err(problems_error(
            env,
            "input",
            error.problems(),
            &error.to_string(),
        ))
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

impl Walker<'_> {
    /// `None` for values JSON leaves out (undefined, functions, symbols).
    fn walk(
        &mut self,
        value: Unknown<'_>,
        root: &str,
        path: &str,
        depth: usize,
    ) -> Result<Option<Value>> {
        Ok(Some(match value.get_type()? {
            ValueType::Null => Value::Null,
            ValueType::Boolean => Value::Bool(value.coerce_to_bool()?),
            ValueType::String => {
                Value::String(value.coerce_to_string()?.into_utf8()?.into_owned()?)
            }
            ValueType::Number => {
                let number = value.coerce_to_number()?.get_double()?;
                if let Some(n) = Number::from_f64(number) {
                    Value::Number(n)
                } else {
                    let at = if path.is_empty() {
                        root.to_owned()
                    } else {
                        format!("{root}.{path}")
                    };
                    let shown = if number.is_nan() {
                        "NaN"
                    } else if number > 0.0 {
                        "Infinity"
                    } else {
                        "-Infinity"
                    };
                    self.problems.push(Problem::new(
                        ErrorCode::NonFiniteValue,
                        path,
                        format!("the number at '{at}' is {shown}; expected a finite number"),
                    ));
                    Value::Null
                }
            }
            ValueType::BigInt => {
                let at = if path.is_empty() {
                    root.to_owned()
                } else {
                    format!("{root}.{path}")
                };
                return Err(type_error(
                    self.env,
                    &format!("{at} is a bigint; use a number"),
                ));
            }
            ValueType::Object => {
                if depth >= MAX_DEPTH {
                    self.problems.push(Problem::new(
                        ErrorCode::InvalidInput,
                        path,
                        format!(
                            "the {root} argument nests deeper than {MAX_DEPTH} levels; \
                             is the structure circular?"
                        ),
                    ));
                    return Ok(Some(Value::Null));
                }
                let object: Object<'_> = value.coerce_to_object()?;
                let to_json: Unknown<'_> = object.get_named_property("toJSON")?;
                if to_json.get_type()? == ValueType::Function {
                    let function: Function<'_, String, Unknown<'_>> =
                        object.get_named_property("toJSON")?;
                    let key = path.rsplit('.').next().unwrap_or("").to_owned();
                    let replaced = function.apply(object, key)?;
                    return self.walk_replaced(replaced, root, path, depth);
                }
                if value.is_array()? {
                    let length = object.get_array_length()?;
                    slogate::Limits::default()
                        .check_list_length(path, length as usize)
                        .map_err(|e| {
                            problems_error(self.env, "input", e.problems(), &e.to_string())
                        })?;
                    let mut items = Vec::with_capacity(length.min(4096) as usize);
                    for index in 0..length {
                        let item: Unknown<'_> = object.get_element(index)?;
                        let item_path = format!("{path}[{index}]");
                        items.push(
                            self.walk(item, root, &item_path, depth + 1)?
                                .unwrap_or(Value::Null),
                        );
                    }
                    Value::Array(items)
                } else {
                    let keys = own_keys(&object)?;
                    let count = keys.get_array_length()?;
                    let mut map = Map::new();
                    for index in 0..count {
                        let key: Unknown<'_> = keys.get_element(index)?;
                        if key.get_type()? != ValueType::String {
                            continue;
                        }
                        let name = key.coerce_to_string()?.into_utf8()?.into_owned()?;
                        let item: Unknown<'_> = object.get_property(key)?;
                        if let Some(json) = self.walk(item, root, &join(path, &name), depth + 1)? {
                            map.insert(name, json);
                        }
                    }
                    Value::Object(map)
                }
            }
            // undefined, functions, symbols and external values, which JSON leaves out.
            _ => return Ok(None),
        }))
    }

    /// The value a `toJSON` method returned; one level deeper so a `toJSON` that returns a
    /// fresh object with `toJSON` again cannot loop forever.
    fn walk_replaced(
        &mut self,
        value: Unknown<'_>,
        root: &str,
        path: &str,
        depth: usize,
    ) -> Result<Option<Value>> {
        self.walk(value, root, path, depth + 1)
    }
}
