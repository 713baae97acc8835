//! The criterion grammar: `<600`, `<=+10%`, `>-5`, `=0`.

use std::fmt;
use std::str::FromStr;

use crate::error::{ErrorCode, Problem};
use crate::unit::Unit;
use crate::yaml::shorten;

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `<`: strictly below the target.
    Less,
    /// `<=`: at or below the target.
    LessOrEqual,
    /// `=`: exactly the target (no tolerance).
    Equal,
    /// `>=`: at or above the target.
    GreaterOrEqual,
    /// `>`: strictly above the target.
    Greater,
}

impl Operator {
    /// The operator as written in a criterion.
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Less => "<",
            Operator::LessOrEqual => "<=",
            Operator::Equal => "=",
            Operator::GreaterOrEqual => ">=",
            Operator::Greater => ">",
        }
    }

    /// Whether `value` satisfies `value <op> target`.
    pub fn holds(self, value: f64, target: f64) -> bool {
        match self {
            Operator::Less => value < target,
            Operator::LessOrEqual => value <= target,
            Operator::Equal => value == target,
            Operator::GreaterOrEqual => value >= target,
            Operator::Greater => value > target,
        }
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a criterion compares the measured value with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Threshold {
    /// A fixed number (`<600`): the target is the number itself.
    Fixed(f64),
    /// A signed delta on the baseline (`<=+50`, `>-10`): the target is `baseline + delta`.
    Delta(f64),
    /// A signed percentage of the baseline (`<=+10%`, `<=10%`, `>=-5%`): the target is
    /// `baseline * (100 + percent) / 100`.
    Percent(f64),
}

/// One parsed criterion, such as `<=+10%`.
///
/// A criterion is an operator followed by a number. A leading `+` or `-` makes the number a
/// delta relative to the baseline (the aggregate of previous results), never a negative
/// threshold; a trailing `%` makes it a percentage of the baseline, an increase unless it
/// carries a `-`. Space characters anywhere are ignored, and the text is kept verbatim:
/// [`Display`](fmt::Display) prints it back exactly as it was written.
///
/// ```
/// use slogate::{Criterion, Operator, Threshold};
///
/// let c: Criterion = "<= +10 %".parse().unwrap();
/// assert_eq!(c.operator(), Operator::LessOrEqual);
/// assert_eq!(c.threshold(), Threshold::Percent(10.0));
/// assert_eq!(c.target(Some(500.0)), Some(550.0));
/// assert_eq!(c.to_string(), "<= +10 %");
///
/// let err = "<600ms".parse::<Criterion>().unwrap_err();
/// assert_eq!(err.message(), "invalid criterion '<600ms': unexpected character 'm' after the number '600'; expected nothing more (units are not allowed)");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Criterion {
    text: String,
    operator: Operator,
    threshold: Threshold,
}

impl Criterion {
    /// Parses a criterion. Same as [`str::parse`].
    pub fn parse(text: &str) -> Result<Criterion, Problem> {
        text.parse()
    }

    /// Parses a criterion of an objective that may declare a unit (`extensions: slogate/v1`):
    /// a fixed number or delta may then carry a unit of the same kind as `declared`, converted
    /// to it (`<1s` with `ms` is `<1000`); a unit without a declared one, or of another kind,
    /// is refused with `invalid_unit`.
    ///
    /// ```
    /// use slogate::{Criterion, Threshold};
    /// let c = Criterion::parse_in_unit("< 1.5s", "ms".parse().ok()).unwrap();
    /// assert_eq!((c.threshold(), c.to_string().as_str()), (Threshold::Fixed(1500.0), "< 1.5s"));
    /// let err = Criterion::parse_in_unit("<600ms", None).unwrap_err();
    /// assert_eq!(err.message(), "invalid criterion '<600ms': 'ms' is a unit, but the objective declares none; add e.g. 'unit: ms' to the objective");
    /// ```
    pub fn parse_in_unit(text: &str, declared: Option<Unit>) -> Result<Criterion, Problem> {
        parse(text, Some(declared))
    }

    /// The text exactly as written, spaces included.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The comparison operator.
    pub fn operator(&self) -> Operator {
        self.operator
    }

    /// The fixed number, delta or percentage.
    pub fn threshold(&self) -> Threshold {
        self.threshold
    }

    /// Whether the target depends on previous results.
    pub fn is_relative(&self) -> bool {
        !matches!(self.threshold, Threshold::Fixed(_))
    }

    /// The target value the measured value is compared with, given the baseline (the
    /// aggregate of previous values). A fixed threshold ignores the baseline. A relative
    /// criterion has no target without a baseline: it is then met by definition.
    pub fn target(&self, baseline: Option<f64>) -> Option<f64> {
        match (self.threshold, baseline) {
            (Threshold::Fixed(value), _) => Some(value),
            (Threshold::Delta(delta), Some(base)) => Some(base + delta),
            (Threshold::Percent(percent), Some(base)) => Some((base * (100.0 + percent)) / 100.0),
            (_, None) => None,
        }
    }

    /// Whether `value` meets the criterion given the baseline. A relative criterion without a
    /// baseline is met.
    pub fn is_met(&self, value: f64, baseline: Option<f64>) -> bool {
        self.target(baseline)
            .is_none_or(|target| self.operator.holds(value, target))
    }
}

impl fmt::Display for Criterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn invalid(text: &str, why: impl fmt::Display) -> Problem {
    Problem::new(
        ErrorCode::InvalidCriterion,
        "",
        format!("invalid criterion '{}': {why}", shorten(text)),
    )
}

const EXPECTED_OPERATOR: &str = "expected an operator (<, <=, =, >=, >) followed by a number";

/// Length of the decimal number at the start of `s`: digits, an optional fraction and an
/// optional exponent, with at least one digit before the exponent.
pub(crate) fn number_len(s: &[u8]) -> usize {
    let digits = |from: usize| s[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut end = digits(0);
    let mut mantissa_digits = end;
    if s.get(end) == Some(&b'.') {
        let fraction = digits(end + 1);
        mantissa_digits += fraction;
        end += 1 + fraction;
    }
    if mantissa_digits == 0 {
        return 0;
    }
    if matches!(s.get(end), Some(b'e' | b'E')) {
        let mut exp = end + 1;
        if matches!(s.get(exp), Some(b'+' | b'-')) {
            exp += 1;
        }
        let exp_digits = digits(exp);
        if exp_digits > 0 {
            end = exp + exp_digits;
        }
    }
    end
}

impl FromStr for Criterion {
    type Err = Problem;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse(text, None)
    }
}

fn invalid_unit(text: &str, why: impl fmt::Display) -> Problem {
    Problem::new(
        ErrorCode::InvalidUnit,
        "",
        format!("invalid criterion '{}': {why}", shorten(text)),
    )
}

/// `units` is `None` for Keptn's grammar, else the objective's declared unit, if any.
#[allow(clippy::option_option, clippy::too_many_lines)]
fn parse(text: &str, units: Option<Option<Unit>>) -> Result<Criterion, Problem> {
    {
        let compact: String = text.chars().filter(|&c| c != ' ').collect();
        if compact.is_empty() {
            return Err(invalid(
                text,
                format!("the criterion is empty; {EXPECTED_OPERATOR}"),
            ));
        }
        let (operator, rest) = [
            ("<=", Operator::LessOrEqual),
            (">=", Operator::GreaterOrEqual),
            ("<", Operator::Less),
            (">", Operator::Greater),
            ("=", Operator::Equal),
        ]
        .into_iter()
        .find_map(|(symbol, op)| compact.strip_prefix(symbol).map(|rest| (op, rest)))
        .ok_or_else(|| invalid(text, format!("{EXPECTED_OPERATOR} at the start")))?;

        let (sign, unsigned) = match rest.as_bytes().first() {
            Some(b'+') => (Some(1.0), &rest[1..]),
            Some(b'-') => (Some(-1.0), &rest[1..]),
            _ => (None, rest),
        };
        let after = match sign {
            Some(s) if s > 0.0 => "the sign '+'".to_owned(),
            Some(_) => "the sign '-'".to_owned(),
            None => format!("operator '{operator}'"),
        };
        let len = number_len(unsigned.as_bytes());
        let word = unsigned.trim_end_matches('%').to_ascii_lowercase();
        if len == 0 && matches!(word.as_str(), "inf" | "infinity" | "nan") {
            return Err(Problem::new(
                ErrorCode::NonFiniteNumber,
                "",
                format!(
                    "invalid criterion '{}': '{}' is not a finite number; thresholds must be finite",
                    shorten(text),
                    shorten(unsigned)
                ),
            ));
        }
        if len == 0 {
            return Err(match unsigned.chars().next() {
                None => invalid(text, format!("expected a number after {after}")),
                Some(c) => invalid(
                    text,
                    format!("unexpected character '{c}' after {after}; expected a number"),
                ),
            });
        }
        let (number, tail) = unsigned.split_at(len);
        let written_unit = match (units, tail.parse::<Unit>()) {
            (Some(declared), Ok(unit)) if tail != "%" => Some((declared, unit)),
            (Some(Some(declared)), Err(why)) if !tail.is_empty() && !tail.starts_with('%') => {
                return Err(invalid_unit(
                    text,
                    format!("{why} (the objective's unit is '{declared}')"),
                ));
            }
            _ => None,
        };
        let percent = match tail {
            "" => false,
            "%" => true,
            _ if written_unit.is_some() => false,
            _ => {
                let (after, rest, expected) = match tail.strip_prefix('%') {
                    Some(rest) => (
                        format!("'{}%'", shorten(number)),
                        rest,
                        "expected nothing more",
                    ),
                    None => (
                        format!("the number '{}'", shorten(number)),
                        tail,
                        "expected nothing more (units are not allowed)",
                    ),
                };
                let c = rest.chars().next().unwrap_or('%');
                return Err(invalid(
                    text,
                    format!("unexpected character '{c}' after {after}; {expected}"),
                ));
            }
        };
        let magnitude: f64 = number
            .parse()
            .map_err(|_| invalid(text, format!("'{}' is not a number", shorten(number))))?;
        if !magnitude.is_finite() {
            return Err(Problem::new(
                ErrorCode::NonFiniteNumber,
                "",
                format!(
                    "invalid criterion '{}': the number '{}' is too large to be represented",
                    shorten(text),
                    shorten(number)
                ),
            ));
        }
        let magnitude = match written_unit {
            None => magnitude,
            Some((None, unit)) => {
                return Err(invalid_unit(
                    text,
                    format!("'{unit}' is a unit, but the objective declares none; add e.g. 'unit: {unit}' to the objective"),
                ));
            }
            Some((Some(declared), unit)) => unit.convert(magnitude, declared).ok_or_else(|| {
                invalid_unit(
                    text,
                    format!("'{unit}' does not convert to the objective's unit '{declared}'"),
                )
            })?,
        };
        let signed = magnitude * sign.unwrap_or(1.0);
        let threshold = match (percent, sign) {
            (true, _) => Threshold::Percent(signed),
            (false, Some(_)) => Threshold::Delta(signed),
            (false, None) => Threshold::Fixed(magnitude),
        };
        Ok(Criterion {
            text: text.to_owned(),
            operator,
            threshold,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        let cases: &[(&str, Operator, Threshold)] = &[
            ("<600", Operator::Less, Threshold::Fixed(600.0)),
            ("<=600", Operator::LessOrEqual, Threshold::Fixed(600.0)),
            ("=0", Operator::Equal, Threshold::Fixed(0.0)),
            (">=99.9", Operator::GreaterOrEqual, Threshold::Fixed(99.9)),
            (">100", Operator::Greater, Threshold::Fixed(100.0)),
            ("<=+10%", Operator::LessOrEqual, Threshold::Percent(10.0)),
            ("<=10%", Operator::LessOrEqual, Threshold::Percent(10.0)),
            (">=-5%", Operator::GreaterOrEqual, Threshold::Percent(-5.0)),
            ("<=+50", Operator::LessOrEqual, Threshold::Delta(50.0)),
            (">-10", Operator::Greater, Threshold::Delta(-10.0)),
            ("<= +10 %", Operator::LessOrEqual, Threshold::Percent(10.0)),
            (" < 600 ", Operator::Less, Threshold::Fixed(600.0)),
            ("<.5", Operator::Less, Threshold::Fixed(0.5)),
            ("<5.", Operator::Less, Threshold::Fixed(5.0)),
            ("<1e3", Operator::Less, Threshold::Fixed(1000.0)),
            ("<2.5E-1", Operator::Less, Threshold::Fixed(0.25)),
        ];
        for (text, op, threshold) in cases {
            let c: Criterion = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(c.operator(), *op, "{text}");
            assert_eq!(c.threshold(), *threshold, "{text}");
            assert_eq!(c.to_string(), *text);
        }
    }

    #[test]
    fn refuses_with_exact_messages() {
        let cases: &[(&str, ErrorCode, &str)] = &[
            ("", ErrorCode::InvalidCriterion, "invalid criterion '': the criterion is empty; expected an operator (<, <=, =, >=, >) followed by a number"),
            ("lower than 600", ErrorCode::InvalidCriterion, "invalid criterion 'lower than 600': expected an operator (<, <=, =, >=, >) followed by a number at the start"),
            ("600", ErrorCode::InvalidCriterion, "invalid criterion '600': expected an operator (<, <=, =, >=, >) followed by a number at the start"),
            ("=>600", ErrorCode::InvalidCriterion, "invalid criterion '=>600': unexpected character '>' after operator '='; expected a number"),
            ("<600ms", ErrorCode::InvalidCriterion, "invalid criterion '<600ms': unexpected character 'm' after the number '600'; expected nothing more (units are not allowed)"),
            ("<=600 ms", ErrorCode::InvalidCriterion, "invalid criterion '<=600 ms': unexpected character 'm' after the number '600'; expected nothing more (units are not allowed)"),
            ("<", ErrorCode::InvalidCriterion, "invalid criterion '<': expected a number after operator '<'"),
            ("<=+", ErrorCode::InvalidCriterion, "invalid criterion '<=+': expected a number after the sign '+'"),
            ("<=+-5", ErrorCode::InvalidCriterion, "invalid criterion '<=+-5': unexpected character '-' after the sign '+'; expected a number"),
            ("<=10%%", ErrorCode::InvalidCriterion, "invalid criterion '<=10%%': unexpected character '%' after '10%'; expected nothing more"),
            ("<=8OO", ErrorCode::InvalidCriterion, "invalid criterion '<=8OO': unexpected character 'O' after the number '8'; expected nothing more (units are not allowed)"),
            ("<\t600", ErrorCode::InvalidCriterion, "invalid criterion '<\t600': unexpected character '\t' after operator '<'; expected a number"),
            ("<inf", ErrorCode::NonFiniteNumber, "invalid criterion '<inf': 'inf' is not a finite number; thresholds must be finite"),
            ("<=+Infinity%", ErrorCode::NonFiniteNumber, "invalid criterion '<=+Infinity%': 'Infinity%' is not a finite number; thresholds must be finite"),
            ("<NaN", ErrorCode::NonFiniteNumber, "invalid criterion '<NaN': 'NaN' is not a finite number; thresholds must be finite"),
            ("<infinite", ErrorCode::InvalidCriterion, "invalid criterion '<infinite': unexpected character 'i' after operator '<'; expected a number"),
            ("<1e999", ErrorCode::NonFiniteNumber, "invalid criterion '<1e999': the number '1e999' is too large to be represented"),
        ];
        for (text, code, message) in cases {
            let err = text.parse::<Criterion>().unwrap_err();
            assert_eq!(err.code(), *code, "{text}");
            assert_eq!(err.message(), *message, "{text}");
        }
    }

    #[test]
    fn computes_targets_like_keptn() {
        let c: Criterion = "<=+10%".parse().unwrap();
        assert_eq!(
            c.target(Some(980.000_000_000_000_1)),
            Some(1_078.000_000_000_000_2)
        );
        assert_eq!(c.target(None), None);
        assert!(c.is_met(1e9, None));
        let c: Criterion = ">=-5%".parse().unwrap();
        assert_eq!(c.target(Some(200.0)), Some(190.0));
        let c: Criterion = ">-10".parse().unwrap();
        assert_eq!(c.target(Some(50.0)), Some(40.0));
        assert!(!c.is_met(0.0, Some(50.0)));
        let c: Criterion = "<600".parse().unwrap();
        assert_eq!(c.target(None), Some(600.0));
        assert!(!c.is_met(600.0, None));
    }
}
