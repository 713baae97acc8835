//! Number syntax of the tools whose gates are read: Go's `strconv.ParseFloat` (k6 thresholds,
//! metrics-operator provider values), Go's `%g` (k6's percentile keys) and JavaScript's
//! `Number(string)` (Pitometer compares data points with `<=`, which converts strings so).

/// Why Go's `strconv.ParseFloat` refuses a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GoFloatError {
    /// `invalid syntax`.
    Syntax,
    /// `value out of range` (the number overflows a float64).
    Range,
}

impl GoFloatError {
    /// The reason as Go writes it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            GoFloatError::Syntax => "invalid syntax",
            GoFloatError::Range => "value out of range",
        }
    }
}

/// `strconv.ParseFloat(text, 64)`: decimal and hexadecimal literals with `_` between digits,
/// `inf`, `infinity` and `nan` in any case.
pub(crate) fn go_parse_float(text: &str) -> Result<f64, GoFloatError> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Ok(if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if lower == "nan" && body.len() == text.len() {
        return Ok(f64::NAN);
    }
    if !underscores_ok(body) {
        return Err(GoFloatError::Syntax);
    }
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    let magnitude =
        if clean.len() > 2 && clean.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("0x")) {
            parse_hex_float(&clean[2..])?
        } else {
            parse_decimal(&clean)?
        };
    if magnitude.is_infinite() {
        return Err(GoFloatError::Range);
    }
    Ok(if negative { -magnitude } else { magnitude })
}

fn parse_decimal(text: &str) -> Result<f64, GoFloatError> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut digits = 0;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return Err(GoFloatError::Syntax);
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return Err(GoFloatError::Syntax);
        }
    }
    if i != bytes.len() {
        return Err(GoFloatError::Syntax);
    }
    text.parse::<f64>().map_err(|_| GoFloatError::Syntax)
}

/// The part after `0x`: hex digits with an optional point, then a required `p` exponent.
fn parse_hex_float(text: &str) -> Result<f64, GoFloatError> {
    let (mantissa, exponent) = text.split_once(['p', 'P']).ok_or(GoFloatError::Syntax)?;
    let exponent: i64 = {
        let digits = exponent.trim_start_matches(['+', '-']);
        if digits.is_empty()
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || exponent.len() - digits.len() > 1
        {
            return Err(GoFloatError::Syntax);
        }
        // Far beyond any float64 exponent: saturate instead of overflowing.
        let value: i64 = digits
            .get(..digits.len().min(6))
            .unwrap_or("0")
            .parse()
            .unwrap_or(0);
        let value = if digits.len() > 6 { 100_000 } else { value };
        if exponent.starts_with('-') {
            -value
        } else {
            value
        }
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(GoFloatError::Syntax);
    }
    let mut value = 0f64;
    let mut shift = exponent;
    for c in int_part.chars().chain(frac_part.chars()) {
        let digit = c.to_digit(16).ok_or(GoFloatError::Syntax)?;
        value = value * 16.0 + f64::from(digit);
    }
    shift -= 4 * i64::try_from(frac_part.len()).unwrap_or(i64::MAX / 8);
    let shift = i32::try_from(shift.clamp(-2000, 2000)).unwrap_or(0);
    Ok(value * 2f64.powi(shift))
}

/// Go's rule: an underscore only between digits, or between a base prefix and a digit.
fn underscores_ok(body: &str) -> bool {
    if !body.contains('_') {
        return true;
    }
    let bytes = body.as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if bytes.len() >= 2 && bytes[0] == b'0' && matches!(bytes[1] | 0x20, b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = bytes[1] | 0x20 == b'x';
    }
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// Go's `fmt.Sprintf("%g", value)`: the shortest text that reads back as `value`, in
/// exponent form when the exponent is below -4 or at least 6.
pub(crate) fn go_format_g(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    if value == 0.0 {
        return if value.is_sign_negative() { "-0" } else { "0" }.to_owned();
    }
    // Rust's `{:e}` is the shortest round-trip form: `d.ddde<exp>`.
    let sci = format!("{value:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..6).contains(&exp) {
        format!("{value}")
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

/// JavaScript's `Number(text)`: surrounding white space ignored, empty text is 0, decimal
/// literals, `Infinity`, and `0x`/`0o`/`0b` integers; anything else is NaN.
pub(crate) fn js_number(text: &str) -> f64 {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if trimmed.is_empty() {
        return 0.0;
    }
    let (sign, body) = match trimmed.as_bytes()[0] {
        b'-' => (-1.0, &trimmed[1..]),
        b'+' => (1.0, &trimmed[1..]),
        _ => (1.0, trimmed),
    };
    if body == "Infinity" {
        return sign * f64::INFINITY;
    }
    if body.len() > 2 && body.as_bytes()[0] == b'0' && sign > 0.0 && trimmed.len() == body.len() {
        let radix = match body.as_bytes()[1] {
            b'x' | b'X' => 16,
            b'o' | b'O' => 8,
            b'b' | b'B' => 2,
            _ => 0,
        };
        if radix != 0 {
            let digits = &body[2..];
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return f64::NAN;
            }
            return digits.chars().fold(0f64, |acc, c| {
                acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0))
            });
        }
    }
    let bytes = body.as_bytes();
    let mut i = 0;
    let mut digits = 0;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return f64::NAN;
    }
    if i < bytes.len() && (bytes[i] | 0x20) == b'e' {
        i += 1;
        if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return f64::NAN;
        }
    }
    if i != bytes.len() {
        return f64::NAN;
    }
    body.parse::<f64>().map_or(f64::NAN, |v| sign * v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_parse_float_follows_go_syntax() {
        for (text, value) in [
            ("1_000", 1000.0),
            ("0x1p9", 512.0),
            ("+1000", 1000.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("007", 7.0),
            ("3.01e2", 301.0),
            ("Inf", f64::INFINITY),
            ("-infinity", f64::NEG_INFINITY),
        ] {
            assert_eq!(go_parse_float(text), Ok(value), "{text}");
        }
        assert!(go_parse_float("NaN").unwrap().is_nan());
        for text in [
            "", "+nan", "1__0", "_1", "1_", "1e", "0x1", "1.2.3", " 5", "infin", "0é",
        ] {
            assert_eq!(go_parse_float(text), Err(GoFloatError::Syntax), "{text}");
        }
        assert_eq!(go_parse_float("1e999"), Err(GoFloatError::Range));
    }

    #[test]
    fn go_format_g_matches_go() {
        for (value, text) in [
            (95.0, "95"),
            (99.9, "99.9"),
            (0.0001, "0.0001"),
            (0.000_01, "1e-05"),
            (1e21, "1e+21"),
            (1e6, "1e+06"),
            (123_456.0, "123456"),
            (100.0, "100"),
        ] {
            assert_eq!(go_format_g(value), text);
        }
    }

    #[test]
    fn js_number_follows_javascript() {
        assert_eq!(js_number(" 42 "), 42.0);
        assert_eq!(js_number(""), 0.0);
        assert_eq!(js_number("0x10"), 16.0);
        assert_eq!(js_number("-Infinity"), f64::NEG_INFINITY);
        assert_eq!(js_number("1e3"), 1000.0);
        assert!(js_number("12px").is_nan());
        assert!(js_number("-0x10").is_nan());
        assert!(js_number("infinity").is_nan());
    }
}
