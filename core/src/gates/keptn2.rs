//! Keptn v2 (lifecycle-toolkit metrics-operator) `AnalysisDefinition`.
//!
//! The manifest is checked the way the API server and metrics-operator's webhook check it, in
//! their order (YAML, then the CRD schema with strict field validation, then decoding the
//! quantities, then the webhook), and scored as `AnalysisEvaluator` does:
//!
//! - an objective fails when its `failure` operator holds, warns when its `warning` operator
//!   holds, and passes otherwise (also when the value is NaN, which meets no operator);
//! - it scores its weight on pass, half on warning, 0 otherwise; an objective whose value is
//!   missing or does not parse as a Go float scores 0 and carries the error;
//! - the achieved percentage is `total / maximum * 100` (0 without weights, exactly 100 when
//!   the two are equal); it passes at `passPercentage`, warns at `warningPercentage`;
//! - a key objective with score 0 fails the analysis, whatever the percentage.
//!
//! Bounds are Kubernetes quantities compared through their approximate float (see
//! [`Quantity`]). Where metrics-operator accepts nonsense, slogate refuses: a `weight` of 0
//! (the objective can never count, and as a key objective always fails) or below.
//!
//! The values are keyed by `analysisValueTemplateRef.name`; a number is the provider's value
//! string as JSON writes it, a string is the raw value string, null or absent is no value.

use serde_json::{json, Map, Value};

use super::numbers::go_parse_float;
use super::quantity::{matches_crd_pattern, Quantity, QuantityError};
use super::{evaluation_of, Outcome};
use crate::error::{ErrorCode, InputError, Problem, SloError};
use crate::evaluation::{IndicatorResult, IndicatorStatus, MeasuredValue, Target, Verdict};
use crate::limits::Limits;
use crate::yaml::{self, Document, Entry, Kind, Node, NodeId};

/// One comparison of a `failure` or `warning` target.
#[derive(Clone, Debug, PartialEq)]
pub enum Comparison {
    /// `lessThan`: value < bound.
    LessThan(Quantity),
    /// `lessThanOrEqual`: value <= bound.
    LessThanOrEqual(Quantity),
    /// `greaterThan`: value > bound.
    GreaterThan(Quantity),
    /// `greaterThanOrEqual`: value >= bound.
    GreaterThanOrEqual(Quantity),
    /// `equalTo`: value == bound.
    EqualTo(Quantity),
    /// `inRange`: low <= value <= high.
    InRange(Quantity, Quantity),
    /// `notInRange`: value < low or value > high.
    NotInRange(Quantity, Quantity),
}

impl Comparison {
    /// Whether `value` fulfils the comparison (metrics-operator's `OperatorEvaluator`).
    pub fn holds(&self, value: f64) -> bool {
        match self {
            Comparison::LessThan(q) => value < q.value(),
            Comparison::LessThanOrEqual(q) => value <= q.value(),
            Comparison::GreaterThan(q) => value > q.value(),
            Comparison::GreaterThanOrEqual(q) => value >= q.value(),
            Comparison::EqualTo(q) => value == q.value(),
            Comparison::InRange(l, h) => value >= l.value() && value <= h.value(),
            Comparison::NotInRange(l, h) => value < l.value() || value > h.value(),
        }
    }

    /// The comparison as Keptn SLO criteria that hold exactly when this one does not, each
    /// with its target: one list per alternative (criteria in a list all hold; any list may).
    /// `None` where Keptn's criteria cannot say it (`equalTo` would need "not equal").
    pub(crate) fn negated(&self) -> Option<Vec<Vec<(String, f64)>>> {
        let c = |op: &str, q: &Quantity| (format!("{op}{}", q.value()), q.value());
        Some(match self {
            Comparison::LessThan(q) => vec![vec![c(">=", q)]],
            Comparison::LessThanOrEqual(q) => vec![vec![c(">", q)]],
            Comparison::GreaterThan(q) => vec![vec![c("<=", q)]],
            Comparison::GreaterThanOrEqual(q) => vec![vec![c("<", q)]],
            Comparison::EqualTo(_) => return None,
            Comparison::InRange(l, h) => vec![vec![c("<", l)], vec![c(">", h)]],
            Comparison::NotInRange(l, h) => vec![vec![c(">=", l), c("<=", h)]],
        })
    }

    /// The floats the comparison's bounds compare with.
    pub fn bounds(&self) -> Vec<f64> {
        match self {
            Comparison::LessThan(q)
            | Comparison::LessThanOrEqual(q)
            | Comparison::GreaterThan(q)
            | Comparison::GreaterThanOrEqual(q)
            | Comparison::EqualTo(q) => vec![q.value()],
            Comparison::InRange(l, h) | Comparison::NotInRange(l, h) => vec![l.value(), h.value()],
        }
    }

    /// The comparison as written in the manifest, e.g. `greaterThan 500m`.
    pub fn describe(&self) -> String {
        match self {
            Comparison::LessThan(q) => format!("lessThan {q}"),
            Comparison::LessThanOrEqual(q) => format!("lessThanOrEqual {q}"),
            Comparison::GreaterThan(q) => format!("greaterThan {q}"),
            Comparison::GreaterThanOrEqual(q) => format!("greaterThanOrEqual {q}"),
            Comparison::EqualTo(q) => format!("equalTo {q}"),
            Comparison::InRange(l, h) => format!("inRange {l}..{h}"),
            Comparison::NotInRange(l, h) => format!("notInRange {l}..{h}"),
        }
    }
}

/// One objective of an `AnalysisDefinition`.
#[derive(Clone, Debug, PartialEq)]
pub struct AnalysisObjective {
    /// `analysisValueTemplateRef.name`: the value it scores.
    pub name: String,
    /// `analysisValueTemplateRef.namespace`, when given.
    pub namespace: Option<String>,
    /// The weight (1 when not given).
    pub weight: u32,
    /// Whether a score of 0 fails the whole analysis.
    pub key_objective: bool,
    /// `target.failure`.
    pub failure: Option<Comparison>,
    /// `target.warning`.
    pub warning: Option<Comparison>,
}

/// A Keptn v2 `AnalysisDefinition`, checked and ready to score.
#[derive(Clone, Debug, PartialEq)]
pub struct AnalysisDefinition {
    /// `metadata.name`.
    pub name: String,
    /// The objectives, in order.
    pub objectives: Vec<AnalysisObjective>,
    /// `totalScore.passPercentage`.
    pub pass_percentage: u32,
    /// `totalScore.warningPercentage`.
    pub warning_percentage: u32,
}

/// A plain YAML scalar as the YAML 1.1 reader Kubernetes uses types it.
#[derive(Clone, Debug, PartialEq)]
enum Scalar<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

fn resolve(node: &Node) -> Option<Scalar<'_>> {
    let Kind::Scalar { text, plain } = &node.kind else {
        return None;
    };
    if !plain {
        return Some(Scalar::Str(text));
    }
    let t = text.as_str();
    Some(match t {
        "" | "~" | "null" | "Null" | "NULL" => Scalar::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Scalar::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Scalar::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Scalar::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Scalar::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => Scalar::Float(f64::NAN),
        _ => {
            let plain: String = t.chars().filter(|&c| c != '_').collect();
            if let Some(int) = yaml_int(&plain) {
                Scalar::Int(int)
            } else if is_yaml_float(&plain) {
                plain.parse().map_or(Scalar::Str(t), Scalar::Float)
            } else {
                Scalar::Str(t)
            }
        }
    })
}

/// `strconv.ParseInt(text, 0, 64)`: decimal, `0x`, `0o`, `0b`, and a leading 0 for octal.
fn yaml_int(text: &str) -> Option<i64> {
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = if let Some(rest) = body.strip_prefix("0x").or(body.strip_prefix("0X")) {
        (16, rest)
    } else if let Some(rest) = body.strip_prefix("0b").or(body.strip_prefix("0B")) {
        (2, rest)
    } else if let Some(rest) = body.strip_prefix("0o").or(body.strip_prefix("0O")) {
        (8, rest)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(digits, radix).ok()?;
    i64::try_from(if negative { -magnitude } else { magnitude }).ok()
}

/// go-yaml's float pattern: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(text: &str) -> bool {
    let s = text.strip_prefix(['+', '-']).unwrap_or(text);
    let b = s.as_bytes();
    let int = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = int;
    if i < b.len() && b[i] == b'.' {
        let frac = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if int == 0 && frac == 0 {
            return false;
        }
        i += 1 + frac;
    } else if int == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        i += digits;
    }
    i == b.len()
}

/// The JSON type Kubernetes sees for a node once the YAML is turned into JSON.
fn json_type(node: &Node) -> &'static str {
    match (&node.kind, resolve(node)) {
        (Kind::Seq(_), _) => "array",
        (Kind::Map(_), _) => "object",
        (_, Some(Scalar::Null)) => "null",
        (_, Some(Scalar::Bool(_))) => "boolean",
        (_, Some(Scalar::Int(_))) => "integer",
        (_, Some(Scalar::Float(f))) if integral(f).is_some() => "integer",
        (_, Some(Scalar::Float(_))) => "number",
        _ => "string",
    }
}

/// A float JSON writes without a fraction or exponent, as the integer it is.
fn integral(f: f64) -> Option<i64> {
    // Go's encoding/json writes floats below 1e21 in plain notation.
    #[allow(clippy::cast_possible_truncation)]
    (f.is_finite() && f.fract() == 0.0 && f.abs() < 9.2e18).then_some(f as i64)
}

/// Which step of `kubectl apply` refused a manifest, for a problem's code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Schema,
    Decode,
    Webhook,
    Slogate,
}

struct Reader<'d> {
    doc: &'d Document,
    problems: Vec<(Stage, Problem)>,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

impl<'d> Reader<'d> {
    fn node(&self, id: NodeId) -> &'d Node {
        self.doc.node(id)
    }

    fn report(&mut self, stage: Stage, code: ErrorCode, path: &str, node: &Node, message: String) {
        let problem = Problem::new(code, path, message);
        let problem = if node.line == 0 {
            problem
        } else {
            problem.at(node.line, node.column)
        };
        self.problems.push((stage, problem));
    }

    fn wrong_type(&mut self, path: &str, node: &Node, expected: &str) {
        let message = format!(
            "expected {expected}, found {} ({})",
            json_type(node),
            node.describe()
        );
        self.report(Stage::Schema, ErrorCode::InvalidType, path, node, message);
    }

    /// A mapping's entries, with every key not in `known` reported (strict field validation).
    fn object(&mut self, id: NodeId, path: &str, known: &[&str]) -> Option<&'d [Entry]> {
        let node = self.node(id);
        let Kind::Map(entries) = &node.kind else {
            self.wrong_type(path, node, "object");
            return None;
        };
        for entry in entries {
            if !known.contains(&entry.key.as_str()) {
                let value = self.node(entry.value);
                let message = format!(
                    "unknown field '{}'; expected one of: {}",
                    yaml::shorten(&entry.key),
                    known.join(", ")
                );
                self.report(
                    Stage::Schema,
                    ErrorCode::UnknownField,
                    &join(path, &entry.key),
                    value,
                    message,
                );
            }
        }
        Some(entries)
    }

    /// The value of `key`, with a null treated as absent (the API server prunes it).
    fn get(&self, entries: &[Entry], key: &str) -> Option<NodeId> {
        entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| e.value)
            .filter(|&id| resolve(self.node(id)) != Some(Scalar::Null))
    }

    fn required(&mut self, entries: &[Entry], key: &str, path: &str, at: NodeId) -> Option<NodeId> {
        let found = self.get(entries, key);
        if found.is_none() {
            let node = self.node(at);
            let message = format!("required field '{key}' is missing");
            self.report(
                Stage::Schema,
                ErrorCode::MissingField,
                &join(path, key),
                node,
                message,
            );
        }
        found
    }

    fn string(&mut self, id: NodeId, path: &str) -> Option<String> {
        let node = self.node(id);
        match resolve(node) {
            Some(Scalar::Str(text)) => Some(text.to_owned()),
            _ => {
                self.wrong_type(path, node, "string");
                None
            }
        }
    }

    fn integer(&mut self, id: NodeId, path: &str) -> Option<i64> {
        let node = self.node(id);
        match resolve(node) {
            Some(Scalar::Int(i)) => Some(i),
            Some(Scalar::Float(f)) if integral(f).is_some() => integral(f),
            _ => {
                self.wrong_type(path, node, "integer");
                None
            }
        }
    }

    fn boolean(&mut self, id: NodeId, path: &str) -> Option<bool> {
        let node = self.node(id);
        match resolve(node) {
            Some(Scalar::Bool(b)) => Some(b),
            _ => {
                self.wrong_type(path, node, "boolean");
                None
            }
        }
    }

    fn quantity(&mut self, id: NodeId, path: &str) -> Option<Quantity> {
        let node = self.node(id);
        let text = match resolve(node) {
            Some(Scalar::Int(i)) => i.to_string(),
            Some(Scalar::Float(f)) if integral(f).is_some() => integral(f)?.to_string(),
            Some(Scalar::Str(text)) => {
                if !matches_crd_pattern(text) {
                    let message = format!(
                        "'{}' is not a Kubernetes quantity; expected a number with an optional \
                         suffix such as 500m, 1.5, 2k or 1Ki",
                        yaml::shorten(text)
                    );
                    self.report(
                        Stage::Schema,
                        ErrorCode::InvalidQuantity,
                        path,
                        node,
                        message,
                    );
                    return None;
                }
                text.to_owned()
            }
            _ => {
                self.wrong_type(path, node, "integer or string");
                return None;
            }
        };
        match Quantity::parse(text.trim()) {
            Ok(q) => Some(q),
            Err(e) => {
                let message = format!(
                    "'{}' is not a Kubernetes quantity: {e}",
                    yaml::shorten(&text)
                );
                let stage = if e == QuantityError::TooLarge {
                    Stage::Slogate
                } else {
                    Stage::Decode
                };
                self.report(stage, ErrorCode::InvalidQuantity, path, node, message);
                None
            }
        }
    }

    fn bound(&mut self, entries: &[Entry], key: &str, path: &str, at: NodeId) -> Option<Quantity> {
        let id = self.required(entries, key, path, at)?;
        self.quantity(id, &join(path, key))
    }

    #[allow(clippy::too_many_lines)]
    fn operator(&mut self, id: NodeId, path: &str) -> Option<Comparison> {
        const SINGLE: [&str; 5] = [
            "lessThan",
            "lessThanOrEqual",
            "greaterThan",
            "greaterThanOrEqual",
            "equalTo",
        ];
        let entries = self.object(
            id,
            path,
            &[
                "lessThanOrEqual",
                "lessThan",
                "greaterThan",
                "greaterThanOrEqual",
                "equalTo",
                "inRange",
                "notInRange",
            ],
        )?;
        let mut found = Vec::new();
        for entry in entries {
            if resolve(self.node(entry.value)) == Some(Scalar::Null) {
                continue;
            }
            let at = join(path, &entry.key);
            let key = entry.key.as_str();
            let comparison = if SINGLE.contains(&key) {
                let Some(fields) = self.object(entry.value, &at, &["fixedValue"]) else {
                    continue;
                };
                let Some(q) = self.bound(fields, "fixedValue", &at, entry.value) else {
                    continue;
                };
                match key {
                    "lessThan" => Comparison::LessThan(q),
                    "lessThanOrEqual" => Comparison::LessThanOrEqual(q),
                    "greaterThan" => Comparison::GreaterThan(q),
                    "greaterThanOrEqual" => Comparison::GreaterThanOrEqual(q),
                    _ => Comparison::EqualTo(q),
                }
            } else if key == "inRange" || key == "notInRange" {
                let Some(fields) = self.object(entry.value, &at, &["lowBound", "highBound"]) else {
                    continue;
                };
                let low = self.bound(fields, "lowBound", &at, entry.value);
                let high = self.bound(fields, "highBound", &at, entry.value);
                let (Some(low), Some(high)) = (low, high) else {
                    continue;
                };
                if low.value() >= high.value() {
                    let message = format!(
                        "the lower bound {low} of the range must be below the higher bound {high}"
                    );
                    let node = self.node(entry.value);
                    self.report(Stage::Webhook, ErrorCode::InvalidRange, &at, node, message);
                }
                if key == "inRange" {
                    Comparison::InRange(low, high)
                } else {
                    Comparison::NotInRange(low, high)
                }
            } else {
                continue;
            };
            found.push(comparison);
        }
        let node = self.node(id);
        match found.len() {
            1 => found.pop(),
            0 if self
                .problems
                .iter()
                .any(|(_, p)| p.path().starts_with(path)) =>
            {
                None
            }
            0 => {
                let message = "no operator is set; give exactly one of lessThan, lessThanOrEqual, \
                     greaterThan, greaterThanOrEqual, equalTo, inRange, notInRange"
                    .to_owned();
                self.report(
                    Stage::Webhook,
                    ErrorCode::InvalidOperator,
                    path,
                    node,
                    message,
                );
                None
            }
            n => {
                let names: Vec<String> = found.iter().map(Comparison::describe).collect();
                let message = format!(
                    "{n} operators are set ({}); give exactly one",
                    names.join(", ")
                );
                self.report(
                    Stage::Webhook,
                    ErrorCode::InvalidOperator,
                    path,
                    node,
                    message,
                );
                None
            }
        }
    }

    fn objective(&mut self, id: NodeId, path: &str) -> Option<AnalysisObjective> {
        let entries = self.object(
            id,
            path,
            &[
                "analysisValueTemplateRef",
                "target",
                "weight",
                "keyObjective",
            ],
        )?;
        let mut name = None;
        let mut namespace = None;
        if let Some(reference) = self.required(entries, "analysisValueTemplateRef", path, id) {
            let at = join(path, "analysisValueTemplateRef");
            if let Some(fields) = self.object(reference, &at, &["name", "namespace"]) {
                if let Some(n) = self.required(fields, "name", &at, reference) {
                    name = self.string(n, &join(&at, "name"));
                }
                if let Some(n) = self.get(fields, "namespace") {
                    namespace = self.string(n, &join(&at, "namespace"));
                }
            }
        }
        let (mut failure, mut warning) = (None, None);
        if let Some(target) = self.get(entries, "target") {
            let at = join(path, "target");
            if let Some(fields) = self.object(target, &at, &["failure", "warning"]) {
                if let Some(f) = self.get(fields, "failure") {
                    failure = self.operator(f, &join(&at, "failure"));
                }
                if let Some(w) = self.get(fields, "warning") {
                    warning = self.operator(w, &join(&at, "warning"));
                }
            }
        }
        let mut weight = 1;
        if let Some(w) = self.get(entries, "weight") {
            let at = join(path, "weight");
            if let Some(value) = self.integer(w, &at) {
                match u32::try_from(value) {
                    Ok(v) if v > 0 => weight = v,
                    _ => {
                        let message = format!(
                            "weight {value} is not allowed (an objective of weight {value} never \
                             counts toward the score, and as a key objective always fails); \
                             write a positive whole number or leave weight out"
                        );
                        let node = self.node(w);
                        self.report(Stage::Slogate, ErrorCode::InvalidWeight, &at, node, message);
                    }
                }
            }
        }
        let key_objective = match self.get(entries, "keyObjective") {
            Some(k) => self
                .boolean(k, &join(path, "keyObjective"))
                .unwrap_or(false),
            None => false,
        };
        Some(AnalysisObjective {
            name: name?,
            namespace,
            weight,
            key_objective,
            failure,
            warning,
        })
    }

    fn percentage(&mut self, entries: &[Entry], key: &str, path: &str, at: NodeId) -> Option<u32> {
        let id = self.required(entries, key, path, at)?;
        let at = join(path, key);
        let value = self.integer(id, &at)?;
        match u32::try_from(value) {
            Ok(v) if v <= 100 => Some(v),
            _ => {
                let node = self.node(id);
                let message = format!("{key} {value} is outside 0..100");
                self.report(
                    Stage::Schema,
                    ErrorCode::ValueOutOfRange,
                    &at,
                    node,
                    message,
                );
                None
            }
        }
    }

    fn definition(&mut self, root: NodeId) -> Option<AnalysisDefinition> {
        let top = self.object(
            root,
            "",
            &["apiVersion", "kind", "metadata", "spec", "status"],
        )?;
        let api = self
            .get(top, "apiVersion")
            .and_then(|id| self.string(id, "apiVersion"));
        let kind = self.get(top, "kind").and_then(|id| self.string(id, "kind"));
        if kind.as_deref() != Some("AnalysisDefinition")
            || !api
                .as_deref()
                .is_some_and(|a| a.starts_with("metrics.keptn.sh/"))
        {
            let node = self.node(root);
            let message = format!(
                "expected 'apiVersion: metrics.keptn.sh/v1' and 'kind: AnalysisDefinition', found \
                 apiVersion {} and kind {}",
                api.as_deref().unwrap_or("(none)"),
                kind.as_deref().unwrap_or("(none)")
            );
            self.report(Stage::Schema, ErrorCode::InvalidInput, "", node, message);
        }
        let mut name = String::new();
        if let Some(meta) = self.get(top, "metadata") {
            if let Kind::Map(entries) = &self.node(meta).kind {
                if let Some(n) = self.get(entries, "name") {
                    name = self.string(n, "metadata.name").unwrap_or_default();
                }
            } else {
                self.wrong_type("metadata", self.node(meta), "object");
            }
        }
        let mut objectives = Vec::new();
        let (mut pass, mut warning) = (Some(0), Some(0));
        let spec_node = self.get(top, "spec");
        if let Some(spec) = spec_node {
            let fields = self.object(spec, "spec", &["objectives", "totalScore"])?;
            if let Some(list) = self.get(fields, "objectives") {
                match &self.node(list).kind {
                    Kind::Seq(items) => {
                        for (i, &item) in items.iter().enumerate() {
                            objectives.push(self.objective(item, &format!("spec.objectives[{i}]")));
                        }
                    }
                    _ => self.wrong_type("spec.objectives", self.node(list), "array"),
                }
            }
            if let Some(total) = self.required(fields, "totalScore", "spec", spec) {
                if let Some(t) = self.object(
                    total,
                    "spec.totalScore",
                    &["passPercentage", "warningPercentage"],
                ) {
                    pass = self.percentage(t, "passPercentage", "spec.totalScore", total);
                    warning = self.percentage(t, "warningPercentage", "spec.totalScore", total);
                }
            }
        }
        if let (Some(p), Some(w)) = (pass, warning) {
            if w >= p {
                let node = self.node(spec_node.unwrap_or(root));
                let message = format!(
                    "warningPercentage {w} is not below passPercentage {p}; the warning \
                     threshold must be lower than the pass threshold"
                );
                self.report(
                    Stage::Webhook,
                    ErrorCode::InvalidTotalScore,
                    "spec.totalScore",
                    node,
                    message,
                );
            }
        }
        Some(AnalysisDefinition {
            name,
            objectives: objectives.into_iter().collect::<Option<Vec<_>>>()?,
            pass_percentage: pass?,
            warning_percentage: warning?,
        })
    }
}

impl AnalysisDefinition {
    /// Reads an `AnalysisDefinition` manifest (YAML, as given to `kubectl apply`).
    ///
    /// Every problem of the first step that refuses the manifest is reported (YAML, then the
    /// CRD schema, then the quantities, then metrics-operator's webhook, then slogate's own
    /// refusals), as the API server stops at the first step that fails.
    pub fn parse(text: &str) -> Result<AnalysisDefinition, SloError> {
        let doc = yaml::load(text, &Limits::default()).map_err(SloError::from)?;
        let Some(root) = doc.root else {
            return Err(
                Problem::new(ErrorCode::EmptySlo, "", "the AnalysisDefinition is empty").into(),
            );
        };
        let mut reader = Reader {
            doc: &doc,
            problems: Vec::new(),
        };
        let definition = reader.definition(root);
        if let Some(first) = reader.problems.iter().map(|(stage, _)| *stage).min() {
            let problems = reader
                .problems
                .into_iter()
                .filter(|(stage, _)| *stage == first)
                .map(|(_, p)| p)
                .collect();
            return Err(SloError::new(problems));
        }
        definition.ok_or_else(|| {
            Problem::new(
                ErrorCode::InvalidInput,
                "",
                "the AnalysisDefinition was refused",
            )
            .into()
        })
    }

    /// Scores the definition with the provider values, keyed by template name.
    pub fn evaluate(&self, values: &ProviderValues) -> Outcome {
        let mut objectives = Vec::new();
        let mut indicators = Vec::new();
        let (mut total, mut maximum) = (0.0, 0.0);
        let mut key_failed = false;
        let mut non_finite = false;
        for objective in &self.objectives {
            let weight = f64::from(objective.weight);
            maximum += weight;
            let parsed = match values.get(&objective.name) {
                None => Err(format!("required value '{}' not available", objective.name)),
                Some(text) => go_parse_float(text)
                    .map_err(|e| format!("strconv.ParseFloat: parsing {text:?}: {}", e.as_str())),
            };
            let failed_op = |v: f64| objective.failure.as_ref().is_some_and(|c| c.holds(v));
            let warned_op = |v: f64| objective.warning.as_ref().is_some_and(|c| c.holds(v));
            let (status, score, value_json, error) = match &parsed {
                Ok(v) if failed_op(*v) => (IndicatorStatus::Fail, 0.0, float_json(*v), None),
                Ok(v) if warned_op(*v) => {
                    (IndicatorStatus::Warning, weight / 2.0, float_json(*v), None)
                }
                Ok(v) => (IndicatorStatus::Pass, weight, float_json(*v), None),
                Err(e) => (IndicatorStatus::Fail, 0.0, Value::Null, Some(e.clone())),
            };
            non_finite |= parsed.as_ref().is_ok_and(|v| !v.is_finite());
            total += score;
            let failed = score == 0.0;
            key_failed |= failed && objective.key_objective;
            let mut entry = json!({
                "name": objective.name,
                "weight": objective.weight,
                "keyObjective": objective.key_objective,
                "value": value_json,
                "score": score,
                "result": status.as_str(),
                "failed": failed,
            });
            if let Some(ns) = &objective.namespace {
                entry["namespace"] = json!(ns);
            }
            if let Some(e) = &error {
                entry["error"] = json!(e);
            }
            objectives.push(entry);
            indicators.push(indicator(objective, status, score, &parsed));
        }
        let achieved = if maximum == 0.0 {
            0.0
        } else if total == maximum {
            100.0
        } else {
            total / maximum * 100.0
        };
        let mut pass = achieved >= f64::from(self.pass_percentage);
        let mut warning = !pass && achieved >= f64::from(self.warning_percentage);
        if key_failed {
            pass = false;
            warning = false;
        }
        let verdict = if pass {
            Verdict::Pass
        } else if warning {
            Verdict::Warning
        } else {
            Verdict::Fail
        };
        let mut native = Map::new();
        native.insert("state".into(), json!("Completed"));
        native.insert("pass".into(), json!(pass));
        native.insert("warning".into(), json!(warning));
        native.insert("result".into(), json!(verdict.as_str()));
        native.insert("totalScore".into(), json!(total));
        native.insert("maximumScore".into(), json!(maximum));
        native.insert("achievedPercentage".into(), json!(achieved));
        native.insert("objectives".into(), Value::Array(objectives));
        if non_finite {
            native.insert(
                "rawError".into(),
                json!("json: unsupported value: a value is NaN or infinite"),
            );
        }
        let message = if key_failed {
            "a key objective scored 0, which fails the analysis".to_owned()
        } else {
            format!(
                "{} of {} points ({}%) against passPercentage {} and warningPercentage {}",
                crate::format_number(total),
                crate::format_number(maximum),
                crate::format_number(achieved),
                self.pass_percentage,
                self.warning_percentage
            )
        };
        Outcome {
            evaluation: evaluation_of(verdict, achieved, indicators, message),
            native: Value::Object(native),
            notes: Vec::new(),
        }
    }
}

/// A float as the cases write Go's value: `"NaN"`, `"+Inf"`, `"-Inf"` as text.
fn float_json(v: f64) -> Value {
    if v.is_nan() {
        json!("NaN")
    } else if v.is_infinite() {
        json!(if v > 0.0 { "+Inf" } else { "-Inf" })
    } else {
        json!(v)
    }
}

/// The objective in Keptn SLO words: pass when neither target holds, warning when only the
/// warning one does.
fn indicator(
    objective: &AnalysisObjective,
    status: IndicatorStatus,
    score: f64,
    parsed: &Result<f64, String>,
) -> IndicatorResult {
    let value = *parsed.as_ref().unwrap_or(&0.0);
    let targets = |comparison: &Option<Comparison>| -> Vec<Target> {
        let Some(c) = comparison else {
            return Vec::new();
        };
        let holds = parsed.is_ok() && c.holds(value);
        match c.negated() {
            Some(alternatives) => alternatives
                .into_iter()
                .flatten()
                .map(|(criteria, target_value)| Target {
                    violated: holds,
                    criteria,
                    target_value,
                })
                .collect(),
            None => vec![Target {
                criteria: format!("not {}", c.describe()),
                target_value: match c {
                    Comparison::EqualTo(q) => q.value(),
                    _ => 0.0,
                },
                violated: holds,
            }],
        }
    };
    let failure = targets(&objective.failure);
    let mut pass_targets = failure.clone();
    pass_targets.extend(targets(&objective.warning));
    IndicatorResult {
        score,
        value: Some(MeasuredValue {
            source: None,
            metric: objective.name.clone(),
            value: if parsed.is_ok() && value.is_finite() {
                value
            } else {
                0.0
            },
            compared_value: 0.0,
            success: parsed.is_ok(),
            message: parsed.as_ref().err().cloned().unwrap_or_default(),
        }),
        display_name: objective.name.clone(),
        pass_targets,
        warning_targets: if objective.warning.is_some() {
            failure
        } else {
            Vec::new()
        },
        key_sli: objective.key_objective,
        status,
        baseline: None,
        unmeasured_sli: None,
        model: None,
        zero_baseline: None,
        unit: None,
        better: None,
    }
}

/// What the metric providers returned: each template's raw value string.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProviderValues {
    values: Vec<(String, String)>,
}

impl ProviderValues {
    /// Values from pairs of template name and raw value string.
    pub fn new<I, K, V>(values: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        ProviderValues {
            values: values
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// Reads `{"name": number | "raw text" | null}`.
    pub fn from_json_value(value: &Value) -> Result<Self, InputError> {
        let Value::Object(map) = value else {
            return Err(Problem::new(
                ErrorCode::InvalidInput,
                "",
                "expected an object of provider values, e.g. {\"error-rate\": 0.01}",
            )
            .into());
        };
        let mut values = Vec::new();
        for (name, v) in map {
            match v {
                Value::Null => {}
                Value::Number(n) => values.push((name.clone(), n.to_string())),
                Value::String(s) => values.push((name.clone(), s.clone())),
                other => {
                    return Err(Problem::new(
                        ErrorCode::InvalidType,
                        name.clone(),
                        format!("expected a number, a value string or null, found {other}"),
                    )
                    .into())
                }
            }
        }
        Ok(ProviderValues { values })
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}
