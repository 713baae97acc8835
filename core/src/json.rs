//! Reading JSON input documents: a strict reader that keeps the order of keys and refuses a
//! repeated key, and the translation of `serde_json`'s errors into slogate's own messages, so
//! no text of the JSON library reaches a user.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::error::{ErrorCode, InputError, Problem};
use crate::yaml::shorten;

/// A short description of a JSON value, for messages.
pub(crate) fn describe_json(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("the string \"{}\"", shorten(s)),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// The reason of a `serde_json` error in slogate's words, without its position (which the
/// problem carries).
fn reason(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let text = match text.rfind(" at line ") {
        Some(cut) => &text[..cut],
        None => text.as_str(),
    };
    let said = match text {
        "EOF while parsing a list" => "the text ends inside a list",
        "EOF while parsing an object" => "the text ends inside an object",
        "EOF while parsing a string" => "the text ends inside a string",
        "EOF while parsing a value" => "the text ends where a value was expected",
        "expected `:`" => "expected ':' after the key",
        "expected `,` or `]`" => "expected ',' or ']' in the list",
        "expected `,` or `}`" => "expected ',' or '}' in the object",
        "expected ident" => "expected true, false or null",
        "expected value" => {
            "expected a value (an object, list, string, number, true, false or null)"
        }
        "invalid escape" => "invalid escape in a string",
        "invalid number" => "invalid number",
        "number out of range" => "a number is too large to be represented",
        "invalid unicode code point" => "invalid unicode code point in a string",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "a control character inside a string must be escaped"
        }
        "key must be a string" => "object keys must be strings",
        "lone leading surrogate in hex escape" => "an unpaired surrogate in a \\u escape",
        "trailing comma" => "a comma before the closing bracket",
        "trailing characters" => "unexpected text after the document",
        "unexpected end of hex escape" => "a \\u escape ends early",
        "recursion limit exceeded" => "the document nests too deeply",
        other => return translate_data_message(other),
    };
    said.to_owned()
}

/// A type or value as `serde` names it, in slogate's words.
fn plain_words(text: &str) -> String {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("string ") {
        return format!("the string {}", rest.replace('`', "\""));
    }
    for prefix in ["integer ", "floating point ", "boolean "] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return rest.replace('`', "");
        }
    }
    if text.starts_with("struct ") || text.starts_with("a struct ") {
        return "an object".to_owned();
    }
    match text {
        "map" | "a map" | "struct" => "an object".to_owned(),
        "sequence" | "a sequence" => "a list".to_owned(),
        "unit value" | "null" => "null".to_owned(),
        "f64" | "f32" => "a number".to_owned(),
        "u64" | "u32" | "usize" | "i64" | "i32" => "a whole number".to_owned(),
        "a string" | "string" => "text".to_owned(),
        "a boolean" => "true or false".to_owned(),
        other => other.replace('`', "'"),
    }
}

/// `serde`'s messages about a value of the wrong shape, in slogate's words.
fn translate_data_message(text: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = text.strip_prefix(prefix) {
            if let Some((found, expected)) = rest.split_once(", expected ") {
                return format!(
                    "expected {}, found {}",
                    plain_words(expected),
                    plain_words(found)
                );
            }
        }
    }
    if let Some(rest) = text.strip_prefix("unknown variant ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return format!(
                "unknown value {}; expected {}",
                found.replace('`', "'"),
                expected.replace('`', "'")
            );
        }
    }
    // A list where a record (an object) or a fixed-length list belongs.
    if let Some(rest) = text.strip_prefix("invalid length ") {
        if let Some((_, expected)) = rest.split_once(", expected ") {
            let expected = expected.split(" with ").next().unwrap_or(expected);
            return format!("expected {}, found a list", plain_words(expected));
        }
    }
    if let Some(field) = text.strip_prefix("missing field ") {
        return format!("missing field {}", field.replace('`', "'"));
    }
    text.replace('`', "'")
}

/// A problem for a JSON document that could not be read: not well-formed (`invalid_json`), a
/// repeated key (`duplicate_key`) or a value of the wrong shape (`invalid_input`).
pub(crate) fn json_problem(error: &serde_json::Error, what: &str) -> InputError {
    let text = error.to_string();
    if let Some(key) = text
        .strip_prefix(DUPLICATE_KEY)
        .and_then(|rest| rest.split(" at line ").next())
    {
        return Problem::new(
            ErrorCode::DuplicateKey,
            "",
            format!("duplicate key '{key}' in this object"),
        )
        .at(error.line(), error.column())
        .into();
    }
    let (code, message) = if error.is_data() {
        (ErrorCode::InvalidInput, reason(error))
    } else {
        (
            ErrorCode::InvalidJson,
            format!("invalid {what} JSON: {}", reason(error)),
        )
    };
    let problem = Problem::new(code, "", message);
    if error.line() > 0 && error.column() > 0 {
        problem.at(error.line(), error.column()).into()
    } else {
        problem.into()
    }
}

/// Reads JSON text into a value, refusing text that is not JSON in slogate's words (`invalid
/// {what} JSON: ...`, with the line and column), for a front door that reads JSON of its own.
///
/// ```
/// let err = slogate::parse_json("{\"id\": 1,}", "item").unwrap_err();
/// assert_eq!(err.to_string(), "line 1, column 10: invalid item JSON: a comma before the closing bracket");
/// ```
pub fn parse_json(text: &str, what: &str) -> Result<Value, InputError> {
    serde_json::from_str(text).map_err(|e| json_problem(&e, what))
}

/// A problem for JSON of the wrong shape, with the path where decoding stopped.
pub(crate) fn typed_problem(error: &serde_path_to_error::Error<serde_json::Error>) -> InputError {
    let path = error.path().to_string();
    let path = if path == "." { String::new() } else { path };
    json_problem(error.inner(), "")
        .problems()
        .iter()
        .map(|p| p.clone().under(&path))
        .collect::<Vec<_>>()
        .into()
}

impl From<Vec<Problem>> for InputError {
    fn from(problems: Vec<Problem>) -> Self {
        InputError::new(problems)
    }
}

/// The start of the message a repeated key raises inside the strict reader.
const DUPLICATE_KEY: &str = "\u{1}duplicate key ";

/// A JSON value read strictly: every object below the top refuses a repeated key.
pub(crate) struct StrictValue(pub Value);

/// A JSON document read strictly: a top-level object's entries in document order, repeated
/// keys included (the caller says what a repetition means there), or any other value.
pub(crate) enum TopLevel {
    /// The document is an object.
    Object(Vec<(String, Value)>),
    /// The document is another value.
    Other(Value),
}

/// Reads `text` as JSON, keeping a top-level object's entries in order; a repeated key in any
/// nested object is refused.
pub(crate) fn parse_top_level(text: &str, what: &str) -> Result<TopLevel, InputError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let top = TopLevel::deserialize(&mut de).map_err(|e| json_problem(&e, what))?;
    de.end().map_err(|e| json_problem(&e, what))?;
    Ok(top)
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        StrictValue::deserialize(d).map(|v| v.0)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "{DUPLICATE_KEY}{}",
                    shorten(&key)
                )));
            }
            let StrictValue(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor).map(StrictValue)
    }
}

impl<'de> Deserialize<'de> for TopLevel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Top;
        impl<'de> Visitor<'de> for Top {
            type Value = TopLevel;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let StrictValue(value) = map.next_value()?;
                    entries.push((key, value));
                }
                Ok(TopLevel::Object(entries))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<TopLevel, E> {
                ValueVisitor.visit_bool(v).map(TopLevel::Other)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<TopLevel, E> {
                ValueVisitor.visit_i64(v).map(TopLevel::Other)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<TopLevel, E> {
                ValueVisitor.visit_u64(v).map(TopLevel::Other)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<TopLevel, E> {
                ValueVisitor.visit_f64(v).map(TopLevel::Other)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TopLevel, E> {
                ValueVisitor.visit_str(v).map(TopLevel::Other)
            }
            fn visit_unit<E: de::Error>(self) -> Result<TopLevel, E> {
                Ok(TopLevel::Other(Value::Null))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<TopLevel, A::Error> {
                ValueVisitor.visit_seq(seq).map(TopLevel::Other)
            }
        }
        deserializer.deserialize_any(Top)
    }
}
