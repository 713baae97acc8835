//! Kubernetes quantities (`resource.Quantity` of k8s.io/apimachinery) as Keptn v2 compares
//! them: parsed by `ParseQuantity`, then turned into a float by `AsApproximateFloat64`.
//!
//! The float is not the nearest double to the written number: `"0.3"` is read as 3 × 10⁻¹ and
//! becomes `3 * 0.1 = 0.30000000000000004`, so `equalTo: "0.3"` misses a measured 0.3. Values
//! with more than nine decimals round up to the next nano (`"0.0000000001"` is `1n`). This
//! module reproduces both paths of `ParseQuantity` (the int64 fast path and the exact decimal
//! path) and Go's `math.Pow10`.

use std::fmt;

/// A parsed quantity: the text as written and the float metrics-operator compares with.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    text: String,
    value: f64,
}

/// Why a quantity does not parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityError {
    /// The number is malformed (`quantities must match the regular expression ...`).
    Format,
    /// The suffix is unknown (`unable to parse quantity's suffix`).
    Suffix,
    /// The number is too large or too precise to be represented exactly here.
    TooLarge,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            QuantityError::Format => "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            QuantityError::Suffix => "unable to parse quantity's suffix",
            QuantityError::TooLarge => "the quantity is too large to be compared exactly",
        })
    }
}

impl Quantity {
    /// Parses `text` as `resource.ParseQuantity` does.
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        let value = approximate_float(text)?;
        Ok(Quantity {
            text: text.to_owned(),
            value,
        })
    }

    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// `AsApproximateFloat64()`: the number metrics-operator compares values with.
    pub fn value(&self) -> f64 {
        self.value
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Whether `text` matches the CRD's pattern for a quantity string:
/// `^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$`.
pub(crate) fn matches_crd_pattern(text: &str) -> bool {
    fn number(s: &str) -> Option<&str> {
        let b = s.as_bytes();
        let int = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let mut i = int;
        if i < b.len() && b[i] == b'.' {
            let frac = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if int == 0 && frac == 0 {
                return None;
            }
            i += 1 + frac;
        } else if int == 0 {
            return None;
        }
        Some(&s[i..])
    }
    let s = text.strip_prefix(['+', '-']).unwrap_or(text);
    let Some(rest) = number(s) else { return false };
    match rest {
        "" | "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" | "n" | "u" | "m" | "k" | "M" | "G" | "T"
        | "P" | "E" => true,
        _ => {
            let Some(exp) = rest.strip_prefix(['e', 'E']) else {
                return false;
            };
            let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
            number(exp) == Some("")
        }
    }
}

/// Go's `math.Pow10`, table for table, so products round exactly as Go's do.
fn go_pow10(n: i64) -> f64 {
    const TAB: [f64; 32] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31,
    ];
    const POS32: [f64; 10] = [
        1e0, 1e32, 1e64, 1e96, 1e128, 1e160, 1e192, 1e224, 1e256, 1e288,
    ];
    const NEG32: [f64; 11] = [
        1e-0, 1e-32, 1e-64, 1e-96, 1e-128, 1e-160, 1e-192, 1e-224, 1e-256, 1e-288, 1e-320,
    ];
    if (0..=308).contains(&n) {
        // In range by the check above.
        #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)]
        let n = n as usize;
        return POS32[n / 32] * TAB[n % 32];
    }
    if (-323..0).contains(&n) {
        #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)]
        let n = (-n) as usize;
        return NEG32[n / 32] / TAB[n % 32];
    }
    if n > 0 {
        f64::INFINITY
    } else {
        0.0
    }
}

struct Parts<'a> {
    positive: bool,
    /// Sign, integer and fraction as written (`-00.50`).
    value: &'a str,
    /// Integer digits without leading zeros (`"0"` when none).
    num: &'a str,
    /// Fraction digits.
    denom: &'a str,
    suffix: &'a str,
}

/// `parseQuantityString`.
fn split(text: &str) -> Result<Parts<'_>, QuantityError> {
    let b = text.as_bytes();
    let end = b.len();
    let mut pos = 0;
    let mut positive = true;
    if pos < end && (b[0] == b'-' || b[0] == b'+') {
        positive = b[0] == b'+';
        pos += 1;
    }
    while pos < end && b[pos] == b'0' {
        pos += 1;
    }
    if pos >= end {
        return Ok(Parts {
            positive,
            value: "0",
            num: "0",
            denom: "",
            suffix: "",
        });
    }
    let num_start = pos;
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    let mut num = &text[num_start..pos];
    if num.is_empty() {
        num = "0";
    }
    let mut denom = "";
    if pos < end && b[pos] == b'.' {
        pos += 1;
        let start = pos;
        while pos < end && b[pos].is_ascii_digit() {
            pos += 1;
        }
        denom = &text[start..pos];
    }
    let value = &text[..pos];
    let suffix_start = pos;
    while pos < end && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos < end && (b[pos] == b'-' || b[pos] == b'+') {
        pos += 1;
    }
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos < end {
        return Err(QuantityError::Format);
    }
    Ok(Parts {
        positive,
        value,
        num,
        denom,
        suffix: &text[suffix_start..],
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Decimal,
    Binary,
}

/// `quantitySuffixer.interpret`: base, exponent and format.
fn interpret(suffix: &str) -> Option<(u32, i32, Format)> {
    let decimal = |e| Some((10, e, Format::Decimal));
    match suffix {
        "" => decimal(0),
        "n" => decimal(-9),
        "u" => decimal(-6),
        "m" => decimal(-3),
        "k" => decimal(3),
        "M" => decimal(6),
        "G" => decimal(9),
        "T" => decimal(12),
        "P" => decimal(15),
        "E" => decimal(18),
        "Ki" => Some((2, 10, Format::Binary)),
        "Mi" => Some((2, 20, Format::Binary)),
        "Gi" => Some((2, 30, Format::Binary)),
        "Ti" => Some((2, 40, Format::Binary)),
        "Pi" => Some((2, 50, Format::Binary)),
        "Ei" => Some((2, 60, Format::Binary)),
        _ if suffix.len() > 1 && suffix.starts_with(['e', 'E']) => {
            let parsed = go_parse_int(&suffix[1..])?;
            // Go converts with int32(parsed), which wraps.
            #[allow(clippy::cast_possible_truncation)]
            Some((10, parsed as i32, Format::Decimal))
        }
        _ => None,
    }
}

/// `strconv.ParseInt(text, 10, 64)`.
fn go_parse_int(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn pow10_u128(n: u32) -> Option<u128> {
    10u128.checked_pow(n)
}

/// `ParseQuantity(text).AsApproximateFloat64()`.
#[allow(clippy::cast_precision_loss)]
fn approximate_float(text: &str) -> Result<f64, QuantityError> {
    if text.is_empty() {
        return Err(QuantityError::Format);
    }
    if text == "0" {
        return Ok(0.0);
    }
    let parts = split(text)?;
    let (base, exponent, format) = interpret(parts.suffix).ok_or(QuantityError::Suffix)?;
    let digits = i64::try_from(parts.num.len() + parts.denom.len()).unwrap_or(i64::MAX);
    let mut scale: i64 = 0;
    let mut mantissa: i64 = 1;
    let precision: i64 = match format {
        Format::Decimal => {
            scale = i64::from(exponent);
            18 - digits
        }
        Format::Binary if parts.denom.is_empty() => {
            mantissa = 1i64 << exponent;
            // Go computes int32(float32(exponent)*3/10); exact for these exponents.
            15 - i64::try_from(parts.num.len()).unwrap_or(i64::MAX / 2)
                - i64::from(exponent) * 3 / 10
                - 1
        }
        Format::Binary => -1,
    };
    if precision >= 0 {
        scale -= i64::try_from(parts.denom.len()).unwrap_or(0);
        if scale >= -9 {
            let shifted = format!("{}{}", parts.num, parts.denom);
            let value: i64 = shifted.parse().map_err(|_| QuantityError::Format)?;
            if let Some(result) = value.checked_mul(mantissa) {
                let result = if parts.positive { result } else { -result };
                let base = result as f64;
                return Ok(if scale == 0 {
                    base
                } else {
                    base * go_pow10(scale)
                });
            }
        }
    }
    // The exact path: an arbitrary-precision decimal, rounded up to nanos.
    let (int_text, frac_text) = parts.value.split_once('.').unwrap_or((parts.value, ""));
    let int_text = int_text.trim_start_matches(['+', '-']);
    let all_digits: String = format!("{int_text}{frac_text}");
    let trimmed = all_digits.trim_start_matches('0');
    if trimmed.len() > 38 {
        return Err(QuantityError::TooLarge);
    }
    let mut unscaled: u128 = if trimmed.is_empty() {
        0
    } else {
        trimmed.parse().map_err(|_| QuantityError::Format)?
    };
    let mut dec_scale = i64::try_from(frac_text.len()).unwrap_or(0);
    if base == 10 {
        dec_scale -= i64::from(exponent);
    } else {
        unscaled = unscaled
            .checked_mul(1u128 << exponent)
            .ok_or(QuantityError::TooLarge)?;
    }
    if unscaled != 0 {
        // inf.Dec.Round(x, 9, RoundUp): the result always has scale 9.
        if dec_scale > 9 {
            let drop = dec_scale - 9;
            unscaled = match u32::try_from(drop).ok().and_then(pow10_u128) {
                Some(divisor) => unscaled.div_ceil(divisor),
                None => 1,
            };
        } else if dec_scale < 9 {
            let grow = u32::try_from(9 - dec_scale).map_err(|_| QuantityError::TooLarge)?;
            unscaled = pow10_u128(grow)
                .and_then(|m| unscaled.checked_mul(m))
                .ok_or(QuantityError::TooLarge)?;
        }
        dec_scale = 9;
        if format == Format::Binary && unscaled > (i64::MAX as u128) * 1_000_000_000 {
            unscaled = (i64::MAX as u128) * 1_000_000_000;
        }
    }
    let magnitude = unscaled as f64;
    let base = if parts.positive {
        magnitude
    } else {
        -magnitude
    };
    Ok(if dec_scale == 0 {
        base
    } else {
        base * go_pow10(-dec_scale)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> f64 {
        Quantity::parse(text).unwrap().value()
    }

    #[test]
    fn decimal_and_binary_suffixes() {
        assert_eq!(value("1k"), 1000.0);
        assert_eq!(value("1Ki"), 1024.0);
        assert_eq!(value("500m"), 0.5);
        assert_eq!(value("2Mi"), 2_097_152.0);
        assert_eq!(value("1e3"), 1000.0);
        assert_eq!(value("-5"), -5.0);
        assert_eq!(value("1.5Ki"), 1536.0);
    }

    #[test]
    fn floats_are_those_metrics_operator_compares() {
        assert_eq!(value("0.7"), 0.700_000_000_000_000_1);
        assert_eq!(value("0.3"), 0.300_000_000_000_000_04);
        assert_eq!(value("0.0000000001"), 1e-9);
        assert_eq!(value("0.05"), 0.05);
    }

    #[test]
    fn malformed_quantities_are_refused() {
        assert_eq!(Quantity::parse("1e3.5"), Err(QuantityError::Format));
        assert_eq!(Quantity::parse("5x"), Err(QuantityError::Format));
        assert_eq!(Quantity::parse("5k3"), Err(QuantityError::Suffix));
        assert_eq!(Quantity::parse(""), Err(QuantityError::Format));
        assert!(matches_crd_pattern("1e3.5"));
        assert!(matches_crd_pattern(".5Mi"));
        assert!(!matches_crd_pattern(" 5"));
        assert!(!matches_crd_pattern("5Ki3"));
    }
}
