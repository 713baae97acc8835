//! JavaScript arguments to the core's inputs: type checks that name the argument, and values
//! read as JSON the way `JSON.stringify` reads them (the walk runs in JavaScript, see
//! `to_json.js`), refusing what JSON would silently change.

use napi::bindgen_prelude::{Env, FnArgs, Function, JsObjectValue, Unknown};
use napi::{JsValue, Result, ValueType};
use serde::de::DeserializeOwned;
use serde_json::Value;
use slogate::{ErrorCode, InputError, Limits, Problem};

use crate::errors::{internal_error, type_error, OrThrow};

/// Deeper than any evaluation or report; a circular structure reaches it at once.
const MAX_DEPTH: u32 = 64;

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

/// A `TypeError` saying what `argument` must be and what it is.
pub(crate) fn wrong_type(env: &Env, argument: &str, expected: &str, got: Unknown) -> napi::Error {
    let got = describe(got).unwrap_or_default();
    type_error(env, &format!("{argument} must be {expected}, got {got}"))
}

/// The string in `value`, or a `TypeError` naming the argument.
pub(crate) fn string_arg(env: &Env, value: Unknown<'_>, argument: &str) -> Result<String> {
    if value.get_type()? != ValueType::String {
        return Err(wrong_type(env, argument, "a string", value));
    }
    value.coerce_to_string()?.into_utf8()?.into_owned()
}

/// A string as is, anything else as the text of its JSON (see [`to_json`]).
pub(crate) fn text_or_json(env: &Env, value: Unknown<'_>, root: &str) -> Result<String> {
    match value.get_type()? {
        ValueType::String => string_arg(env, value, root),
        _ => Ok(to_json(env, value, root)?.to_string()),
    }
}

/// The options argument read by the core as `T` (see `slogate::options`), leaving out the
/// keys in `skip`, whose values cross as JavaScript objects; a `TypeError` (code
/// `invalid_input`) for a value of the wrong type.
pub(crate) fn settings<T>(env: &Env, options: Option<Unknown>, skip: &[&str]) -> Result<T>
where
    T: DeserializeOwned + Default,
{
    let json = options.map(|o| walk(env, o, "options", skip)).transpose()?;
    let read = slogate::options::from_json(&json.unwrap_or_default(), "options");
    read.map_err(|e| type_error(env, &e.to_string()))
}

/// `options.{name}` as given; `None` when it is absent, `undefined` or `null`, or when
/// `options` is not an object.
pub(crate) fn option<'env>(
    options: Option<Unknown<'env>>,
    name: &str,
) -> Result<Option<Unknown<'env>>> {
    let Some(options) = options.filter(|o| matches!(o.get_type(), Ok(ValueType::Object))) else {
        return Ok(None);
    };
    let value: Unknown = options.coerce_to_object()?.get_named_property(name)?;
    let absent = matches!(value.get_type()?, ValueType::Undefined | ValueType::Null);
    Ok((!absent).then_some(value))
}

/// What the walk returns: the JSON value, each problem found (`[kind, path, shown]`) and why it
/// stopped early (`[kind, path, length]`), as `to_json.js` describes.
type Walked = (
    Value,
    Vec<(String, String, String)>,
    Option<(String, String, f64)>,
);

/// Reads `value` (the argument named `root`) as JSON. Throws an `Error` listing every
/// non-finite number (code `non_finite_value`) and over-deep or circular nesting (code
/// `invalid_input`), the core's `list_too_long` for a list over its limit, and a `TypeError`
/// for a bigint.
pub(crate) fn to_json(env: &Env, value: Unknown<'_>, root: &str) -> Result<Value> {
    walk(env, value, root, &[])
}

/// [`to_json`] leaving out the top-level keys in `skip`.
fn walk(env: &Env, value: Unknown<'_>, root: &str, skip: &[&str]) -> Result<Value> {
    let limits = Limits::default();
    let max_items = u32::try_from(limits.max_list_items).unwrap_or(u32::MAX);
    let walk: Function<FnArgs<(Unknown, u32, u32, String)>, String> =
        env.run_script(include_str!("to_json.js"))?;
    let args = (value, MAX_DEPTH, max_items, skip.join(" "));
    let walked = serde_json::from_str(&walk.call(args.into())?);
    let (json, found, stopped): Walked = walked.map_err(|e| internal_error(env, &e.to_string()))?;
    let at = |path: &str| [root, path].join(if path.is_empty() { "" } else { "." });
    match stopped {
        Some((why, path, _)) if why == "bigint" => {
            return Err(type_error(
                env,
                &format!("{} is a bigint; use a number", at(&path)),
            ))
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // an array length
        Some((_, path, length)) => limits
            .check_list_length(&path, length as usize)
            .or_throw(env)?,
        None => {}
    }
    let problem = |(why, path, shown): (String, String, String)| {
        if why == "non_finite" {
            let what = format!("the number at '{}'", at(&path));
            return Problem::non_finite(path, &what, shown.parse().unwrap_or(f64::NAN));
        }
        let message = format!(
            "the {root} argument nests deeper than {MAX_DEPTH} levels; is the structure circular?"
        );
        Problem::new(ErrorCode::InvalidInput, path, message)
    };
    let problems: Vec<Problem> = found.into_iter().map(problem).collect();
    if problems.is_empty() {
        Ok(json)
    } else {
        Err(InputError::new(problems)).or_throw(env)
    }
}
