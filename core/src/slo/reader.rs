//! Reads an SLO's YAML tree into the model, reporting every problem with its place, and
//! warning about keys that neither Keptn nor slogate reads.

use std::collections::HashMap;

use super::base64::base64;
use super::{
    AggregateFunction, CompareWith, Comparison, CriteriaSet, IncludeResults, Objective,
    ObjectiveModel, ScoreThreshold, Slo, TotalScore, EXTENSIONS_V1,
};
use crate::criterion::Criterion;
use crate::edge::ZeroBaseline;
use crate::error::{ErrorCode, Problem};
use crate::limits::Limits;
use crate::model::{HistoryModel, InconclusivePolicy, ModelKind};
use crate::unit::{Better, Unit};
use crate::yaml::{shorten, Document, Entry, Kind, Node, NodeId};

pub(super) struct Reader<'d> {
    doc: &'d Document,
    limits: &'d Limits,
    pub(super) problems: Vec<Problem>,
    /// Warnings, kept apart from the problems that refuse the SLO.
    pub(super) warnings: Vec<Problem>,
    /// Positions of the objectives that repeat an earlier objective's SLI.
    shadowed: Vec<usize>,
    /// Whether `extensions: slogate/v1` enables slogate's own keys.
    extensions: bool,
    /// `comparison.pinned_baseline`, once read.
    pinned_baseline: Option<String>,
    /// The unit the criteria being read may carry: `None` for Keptn's grammar (no
    /// extensions), else the objective's declared unit, if any.
    #[allow(clippy::option_option)]
    criterion_unit: Option<Option<Unit>>,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The keys of each mapping of an SLO that Keptn or slogate reads. Keptn reads (and stores)
/// `spec_version`, `filter` and the `comparison` block without scoring them all; they are
/// known keys all the same. `extensions`, `model`, `inconclusive`, `zero_baseline` and
/// `comparison.pinned_baseline` are slogate's own.
const ROOT_KEYS: &[&str] = &[
    "spec_version",
    "filter",
    "comparison",
    "objectives",
    "total_score",
    "extensions",
];
const COMPARISON_KEYS: &[&str] = &[
    "compare_with",
    "include_result_with_score",
    "number_of_comparison_results",
    "aggregate_function",
    "pinned_baseline",
];
const OBJECTIVE_KEYS: &[&str] = &[
    "sli",
    "displayName",
    "pass",
    "warning",
    "weight",
    "key_sli",
    "model",
    "inconclusive",
    "zero_baseline",
    "unit",
    "better",
];
const CRITERIA_SET_KEYS: &[&str] = &["criteria"];
const TOTAL_SCORE_KEYS: &[&str] = &["pass", "warning"];

/// The known key closest to `key`, if one is close enough to be a likely misspelling: the
/// same letters ignoring case and `_`, a few edits away, or the start of a known key.
fn nearest_key<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let fold = |text: &str| -> String {
        text.chars()
            .filter(|c| !matches!(c, '_' | '-' | ' '))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = fold(key);
    known
        .iter()
        .map(|&name| {
            let folded = fold(name);
            let distance = strsim::damerau_levenshtein(&wanted, &folded);
            let close = distance * 3 <= folded.chars().count()
                || (wanted.chars().count() >= 3 && folded.starts_with(&wanted));
            (distance, name, close)
        })
        .filter(|&(_, _, close)| close)
        .min_by_key(|&(distance, _, _)| distance)
        .map(|(_, name, _)| name)
}

impl<'d> Reader<'d> {
    pub(super) fn new(doc: &'d Document, limits: &'d Limits) -> Self {
        Reader {
            doc,
            limits,
            problems: Vec::new(),
            warnings: Vec::new(),
            shadowed: Vec::new(),
            extensions: false,
            pinned_baseline: None,
            criterion_unit: None,
        }
    }

    /// Warns about every key of `entries` that is not in `known`: Keptn ignores such a key
    /// silently, and a misspelt `pass` or `key_sli` changes the verdict.
    fn warn_unknown_keys(&mut self, entries: &[Entry], path: &str, known: &[&str]) {
        for entry in entries.iter().filter(|e| !known.contains(&e.key.as_str())) {
            let message = match nearest_key(&entry.key, known) {
                Some(near) => format!(
                    "unknown key '{}'; did you mean '{near}'?",
                    shorten(&entry.key)
                ),
                None => format!(
                    "unknown key '{}'; expected one of {}",
                    shorten(&entry.key),
                    known.join(", ")
                ),
            };
            let problem = Problem::new(ErrorCode::UnknownKey, join(path, &entry.key), message);
            self.warnings.push(if entry.line == 0 {
                problem
            } else {
                problem.at(entry.line, entry.column)
            });
        }
    }

    fn node(&self, id: NodeId) -> &'d Node {
        self.doc.node(id)
    }

    fn report(&mut self, code: ErrorCode, path: &str, node: &Node, message: impl Into<String>) {
        let problem = Problem::new(code, path, message);
        self.problems.push(if node.line == 0 {
            problem
        } else {
            problem.at(node.line, node.column)
        });
    }

    /// Whether slogate's own keys are enabled; reports `key` at `path` as an extension used
    /// without `extensions: slogate/v1` when they are not.
    fn extension_enabled(&mut self, code: ErrorCode, path: &str, key: &str, node: &Node) -> bool {
        if !self.extensions {
            let message = format!(
                "'{key}' is a slogate extension; declare 'extensions: {EXTENSIONS_V1}' at the top of the SLO to use it"
            );
            self.report(code, path, node, message);
        }
        self.extensions
    }

    fn empty_pin(&mut self, path: &str, node: &Node) {
        self.report(
            ErrorCode::InvalidExtension,
            path,
            node,
            "pinned_baseline is empty; name the id of the stored evaluation to compare with",
        );
    }

    fn wrong_type(&mut self, path: &str, node: &Node, expected: &str) {
        let message = format!("expected {expected}, found {}", node.describe());
        self.report(ErrorCode::InvalidType, path, node, message);
    }

    /// The entries of a mapping; `None` (after reporting) for anything else but null.
    fn mapping(&mut self, id: NodeId, path: &str) -> Option<&'d [Entry]> {
        let node = self.node(id);
        match &node.kind {
            Kind::Map(entries) => Some(entries),
            _ if node.is_null() => Some(&[]),
            _ => {
                self.wrong_type(path, node, "a mapping");
                None
            }
        }
    }

    /// The items of a list; null reads as an empty list.
    fn list(&mut self, id: NodeId, path: &str) -> Option<&'d [NodeId]> {
        let node = self.node(id);
        match &node.kind {
            Kind::Seq(items) => Some(items),
            _ if node.is_null() => Some(&[]),
            _ => {
                self.wrong_type(path, node, "a list");
                None
            }
        }
    }

    /// The text of a scalar; `None` for null, and (after reporting) for a collection.
    fn text(&mut self, id: NodeId, path: &str) -> Option<&'d str> {
        let node = self.node(id);
        match &node.kind {
            _ if node.is_null() => None,
            Kind::Scalar { text, .. } => Some(text),
            _ => {
                self.wrong_type(path, node, "text");
                None
            }
        }
    }

    pub(super) fn slo(&mut self, source: &str) -> Option<Slo> {
        let root = self.doc.root.map(|id| self.node(id));
        let Some(root) = root.filter(|root| !root.is_null()) else {
            self.problems.push(Problem::new(
                ErrorCode::EmptySlo,
                "",
                "the SLO is empty; it needs objectives and a total_score",
            ));
            return None;
        };
        let Kind::Map(entries) = &root.kind else {
            self.wrong_type("", root, "a mapping with objectives and total_score");
            return None;
        };
        self.warn_unknown_keys(entries, "", ROOT_KEYS);
        let field = |name: &str| entries.iter().find(|e| e.key == name);

        let spec_version = field("spec_version")
            .and_then(|e| self.text(e.value, "spec_version"))
            .map(str::to_owned);
        let filter = field("filter").map_or_else(Vec::new, |e| self.filter(e.value));
        if let Some(e) = field("extensions") {
            match self.text(e.value, "extensions") {
                Some(EXTENSIONS_V1) => self.extensions = true,
                Some(other) => {
                    let message = format!(
                        "unknown extensions '{}'; this slogate reads '{EXTENSIONS_V1}'",
                        shorten(other)
                    );
                    let node = self.node(e.value);
                    self.report(ErrorCode::InvalidModel, "extensions", node, message);
                }
                None => {}
            }
        }
        let comparison = field("comparison").map_or_else(Comparison::default, |e| {
            self.comparison(e.value).unwrap_or_default()
        });
        let objectives = field("objectives").map_or_else(Vec::new, |e| self.objectives(e.value));
        let total_score = match field("total_score") {
            Some(e) => self.total_score(e.value),
            None => {
                self.problems.push(Problem::new(
                    ErrorCode::MissingTotalScore,
                    "total_score",
                    "the SLO has no total_score; add e.g. 'total_score: {pass: \"90%\", warning: \"75%\"}'",
                ));
                None
            }
        };
        Some(Slo {
            source: source.to_owned(),
            encoded_source: base64(source.as_bytes()),
            spec_version,
            filter,
            comparison,
            pinned_baseline: self.pinned_baseline.take(),
            objectives,
            total_score: total_score?,
            warnings: Vec::new(),
            shadowed: std::mem::take(&mut self.shadowed),
        })
    }

    fn filter(&mut self, id: NodeId) -> Vec<(String, String)> {
        let Some(entries) = self.mapping(id, "filter") else {
            return Vec::new();
        };
        let mut filter = Vec::new();
        for entry in entries {
            let path = join("filter", &entry.key);
            if let Some(value) = self.text(entry.value, &path) {
                filter.push((entry.key.clone(), value.to_owned()));
            }
        }
        filter
    }

    fn comparison(&mut self, id: NodeId) -> Option<Comparison> {
        let node = self.node(id);
        if node.is_null() {
            return Some(Comparison::default());
        }
        let entries = self.mapping(id, "comparison")?;
        self.warn_unknown_keys(entries, "comparison", COMPARISON_KEYS);
        let mut comparison = Comparison::written_block();
        for entry in entries {
            let path = join("comparison", &entry.key);
            let value = self.node(entry.value);
            match entry.key.as_str() {
                "compare_with" => match self.text(entry.value, &path) {
                    None | Some("") => {}
                    Some("single_result") => comparison.compare_with = CompareWith::SingleResult,
                    Some("several_results") => {
                        comparison.compare_with = CompareWith::SeveralResults;
                    }
                    Some(other) => self.report(
                        ErrorCode::UnknownCompareWith,
                        &path,
                        value,
                        format!(
                            "unknown compare_with '{}'; expected 'single_result' or 'several_results'",
                            shorten(other)
                        ),
                    ),
                },
                "include_result_with_score" => match self
                    .text(entry.value, &path)
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                {
                    None | Some("" | "all") => {}
                    Some("pass") => comparison.include_result_with_score = IncludeResults::Pass,
                    Some("pass_or_warn") => {
                        comparison.include_result_with_score = IncludeResults::PassOrWarn;
                    }
                    Some(_) => {
                        let text = self.text(entry.value, &path).unwrap_or_default();
                        self.report(
                            ErrorCode::UnknownIncludeResultWithScore,
                            &path,
                            value,
                            format!(
                                "unknown include_result_with_score '{}'; expected 'all', 'pass' or 'pass_or_warn'",
                                shorten(text)
                            ),
                        );
                    }
                },
                "number_of_comparison_results" => {
                    if let Some(n) = self.whole_number(entry.value, &path) {
                        match u32::try_from(n) {
                            Ok(0) => {}
                            Ok(n) => comparison.number_of_comparison_results = n,
                            Err(_) => self.report(
                                ErrorCode::InvalidNumberOfComparisonResults,
                                &path,
                                value,
                                format!(
                                    "number_of_comparison_results must be a positive whole number, found {n}"
                                ),
                            ),
                        }
                    }
                }
                "aggregate_function" => match self.text(entry.value, &path) {
                    None | Some("") => {}
                    Some("avg") => comparison.aggregate_function = AggregateFunction::Avg,
                    Some("p50") => comparison.aggregate_function = AggregateFunction::P50,
                    Some("p90") => comparison.aggregate_function = AggregateFunction::P90,
                    Some("p95") => comparison.aggregate_function = AggregateFunction::P95,
                    Some(other) => self.report(
                        ErrorCode::UnknownAggregateFunction,
                        &path,
                        value,
                        format!(
                            "unknown aggregate_function '{}'; expected one of 'avg', 'p50', 'p90', 'p95'",
                            shorten(other)
                        ),
                    ),
                },
                "pinned_baseline" => self.pinned_baseline(entry.value, &path),
                _ => {}
            }
        }
        Some(comparison)
    }

    /// A whole number; `None` for null and (after reporting) for anything else.
    fn whole_number(&mut self, id: NodeId, path: &str) -> Option<i64> {
        let node = self.node(id);
        if node.is_null() {
            return None;
        }
        let parsed = match &node.kind {
            Kind::Scalar { text, plain: true } => text.parse::<i64>().ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.wrong_type(path, node, "a whole number");
        }
        parsed
    }

    fn objectives(&mut self, id: NodeId) -> Vec<Objective> {
        let Some(items) = self.list(id, "objectives") else {
            return Vec::new();
        };
        if items.len() > self.limits.max_objectives {
            let node = self.node(id);
            self.report(
                ErrorCode::TooManyObjectives,
                "objectives",
                node,
                format!(
                    "the SLO has {} objectives, more than the limit of {}",
                    items.len(),
                    self.limits.max_objectives
                ),
            );
            return Vec::new();
        }
        let mut objectives = Vec::with_capacity(items.len());
        let mut first_line: HashMap<String, usize> = HashMap::with_capacity(items.len());
        for (index, &item) in items.iter().enumerate() {
            let path = format!("objectives[{index}]");
            let node = self.node(item);
            if node.is_null() {
                self.report(
                    ErrorCode::NullEntry,
                    &path,
                    node,
                    "empty entry in the objectives list; remove it or give it an sli",
                );
                continue;
            }
            let Some(objective) = self.objective(item, &path) else {
                continue;
            };
            if let Some(line) = first_line.get(&objective.sli) {
                // Keptn hands each SLI value to the first objective that names it; a later
                // one gets none. Without criteria, that is an info row without a value, which
                // changes nothing: accepted, and pointed out. Anything else would score
                // differently from what the file seems to say.
                let criteria = !objective.pass.is_empty()
                    || !objective.warning.is_empty()
                    || objective.model.is_some();
                if !criteria {
                    let message = format!(
                        "a second objective for sli '{}' (the first is on line {line}) has no criteria; it is reported as an info row without a value, as Keptn does",
                        shorten(&objective.sli)
                    );
                    let problem = Problem::new(ErrorCode::DuplicateInfoObjective, &path, message);
                    self.warnings.push(if node.line == 0 {
                        problem
                    } else {
                        problem.at(node.line, node.column)
                    });
                    self.shadowed.push(objectives.len());
                    objectives.push(objective);
                    continue;
                }
                let message = format!(
                    "a second objective for sli '{}' (the first is on line {line}); each SLI may have one objective with criteria, and only after it an informational one",
                    shorten(&objective.sli)
                );
                self.report(ErrorCode::DuplicateObjective, &path, node, message);
                continue;
            }
            first_line.insert(objective.sli.clone(), node.line);
            objectives.push(objective);
        }
        objectives
    }

    fn objective(&mut self, id: NodeId, path: &str) -> Option<Objective> {
        let node = self.node(id);
        let Kind::Map(entries) = &node.kind else {
            self.wrong_type(path, node, "a mapping with sli and pass criteria");
            return None;
        };
        self.warn_unknown_keys(entries, path, OBJECTIVE_KEYS);
        let field = |name: &str| entries.iter().find(|e| e.key == name);
        let problems_before = self.problems.len();

        let sli_path = join(path, "sli");
        let sli = match field("sli") {
            Some(e) => match self.text(e.value, &sli_path) {
                Some(text) if !text.is_empty() => Some(text.to_owned()),
                Some(_) | None => {
                    let at = self.node(e.value);
                    self.report(
                        ErrorCode::MissingField,
                        &sli_path,
                        at,
                        "sli is empty; name the SLI this objective measures",
                    );
                    None
                }
            },
            None => {
                self.report(
                    ErrorCode::MissingField,
                    &sli_path,
                    node,
                    "the objective has no sli; name the SLI it measures",
                );
                None
            }
        };
        let display_name = field("displayName")
            .and_then(|e| self.text(e.value, &join(path, "displayName")))
            .unwrap_or_default()
            .to_owned();
        let (unit, better) = self.unit_and_direction(entries, path);
        self.criterion_unit = self.extensions.then_some(unit.flatten());
        let mut budget = self.limits.max_criteria_per_objective;
        let pass = field("pass").map_or_else(Vec::new, |e| {
            self.criteria_sets(e.value, &join(path, "pass"), &mut budget)
        });
        let warning = field("warning").map_or_else(Vec::new, |e| {
            self.criteria_sets(e.value, &join(path, "warning"), &mut budget)
        });
        let key_sli = field("key_sli").map_or(Some(false), |e| {
            let key_path = join(path, "key_sli");
            let value = self.node(e.value);
            match &value.kind {
                _ if value.is_null() => Some(false),
                Kind::Scalar { text, plain: true }
                    if matches!(text.as_str(), "true" | "True" | "TRUE") =>
                {
                    Some(true)
                }
                Kind::Scalar { text, plain: true }
                    if matches!(text.as_str(), "false" | "False" | "FALSE") =>
                {
                    Some(false)
                }
                _ => {
                    self.wrong_type(&key_path, value, "true or false");
                    None
                }
            }
        });
        // The weight of an objective without pass criteria never counts: 0 is harmless there.
        let informational = pass.is_empty() && field("model").is_none();
        let key = key_sli == Some(true);
        let weight = field("weight").map_or(Some(1), |e| {
            self.weight(e.value, &join(path, "weight"), key, informational)
        });
        let (zero_baseline, inconclusive) = self.edge_policies(entries, path);
        let model = self.objective_model(
            node,
            path,
            &entries[..],
            !pass.is_empty() || !warning.is_empty(),
            inconclusive.unwrap_or_default(),
        );
        if self.problems.len() > problems_before {
            return None;
        }
        Some(Objective {
            sli: sli?,
            display_name,
            pass,
            warning,
            weight: weight?,
            key_sli: key_sli?,
            model,
            zero_baseline: zero_baseline?,
            inconclusive: inconclusive?,
            unit: unit?,
            better: better?,
            line: node.line,
            column: node.column,
        })
    }

    /// An objective's `zero_baseline` and `inconclusive` policies (slogate extensions);
    /// `inconclusive` needs a model or `zero_baseline: inconclusive`.
    fn edge_policies(
        &mut self,
        entries: &[Entry],
        path: &str,
    ) -> (Option<ZeroBaseline>, Option<InconclusivePolicy>) {
        let field = |name: &str| entries.iter().find(|e| e.key == name);
        let zero_baseline = field("zero_baseline").map_or(Some(ZeroBaseline::Keptn), |e| {
            self.zero_baseline(e.value, &join(path, "zero_baseline"))
        });
        let inconclusive = match field("inconclusive") {
            Some(e) if field("model").is_none() => {
                let at = join(path, "inconclusive");
                let policy = self.inconclusive(e.value, &at);
                if policy.is_some() && zero_baseline != Some(ZeroBaseline::Inconclusive) {
                    let value = self.node(e.value);
                    self.report(
                        ErrorCode::InvalidModel,
                        &at,
                        value,
                        "'inconclusive' applies to a model or to 'zero_baseline: inconclusive'; add one to the objective",
                    );
                }
                policy
            }
            Some(e) if self.extensions => self.inconclusive(e.value, &join(path, "inconclusive")),
            _ => Some(InconclusivePolicy::default()),
        };
        (zero_baseline, inconclusive)
    }

    /// An objective's `unit` and `better` (slogate extensions); the outer `None` after a
    /// problem was reported.
    #[allow(clippy::option_option)]
    fn unit_and_direction(
        &mut self,
        entries: &[Entry],
        path: &str,
    ) -> (Option<Option<Unit>>, Option<Option<Better>>) {
        let unit = self.extension_value(entries, path, "unit", str::parse::<Unit>);
        let better = self.extension_value(entries, path, "better", str::parse::<Better>);
        (unit, better)
    }

    /// The value of the extension key `key` of an objective, parsed; `Some(None)` when absent
    /// or ignored (without the extension, with a warning), `None` after a problem
    /// (`invalid_unit`) was reported.
    #[allow(clippy::option_option)]
    fn extension_value<T>(
        &mut self,
        entries: &[Entry],
        path: &str,
        key: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<Option<T>> {
        let Some(entry) = entries.iter().find(|e| e.key == key) else {
            return Some(None);
        };
        let at = join(path, key);
        let node = self.node(entry.value);
        if !self.extensions {
            // Keptn ignores such a key (a documenting `unit: ms` is common): so does slogate,
            // with a warning that it takes effect only under the extension.
            let message = format!(
                "'{key}' takes effect only under 'extensions: {EXTENSIONS_V1}'; without it, it is ignored as Keptn ignores it"
            );
            let problem = Problem::new(ErrorCode::UnknownKey, at, message);
            self.warnings.push(if entry.line == 0 {
                problem
            } else {
                problem.at(entry.line, entry.column)
            });
            return Some(None);
        }
        let Some(text) = self.text(entry.value, &at) else {
            return node.is_null().then_some(None);
        };
        match parse(text) {
            Ok(value) => Some(Some(value)),
            Err(message) => {
                self.report(ErrorCode::InvalidUnit, &at, node, message);
                None
            }
        }
    }

    /// `comparison.pinned_baseline` (a slogate extension): the id of a stored evaluation.
    fn pinned_baseline(&mut self, id: NodeId, path: &str) {
        let node = self.node(id);
        if !self.extension_enabled(ErrorCode::InvalidExtension, path, "pinned_baseline", node) {
            return;
        }
        match self.text(id, path) {
            Some(text) if !text.is_empty() => self.pinned_baseline = Some(text.to_owned()),
            Some(_) => self.empty_pin(path, node),
            None if node.is_null() => self.empty_pin(path, node),
            None => {}
        }
    }

    /// The `model` key of an objective (a slogate extension), with the objective's
    /// `inconclusive` policy.
    fn objective_model(
        &mut self,
        objective: &Node,
        path: &str,
        entries: &[Entry],
        has_criteria: bool,
        inconclusive: InconclusivePolicy,
    ) -> Option<ObjectiveModel> {
        let model_entry = entries.iter().find(|e| e.key == "model")?;
        let model_path = join(path, "model");
        let node = self.node(model_entry.value);
        if !self.extension_enabled(ErrorCode::InvalidModel, &model_path, "model", node) {
            return None;
        }
        if has_criteria {
            self.report(
                ErrorCode::InvalidModel,
                &model_path,
                objective,
                "an objective with a model takes no pass or warning criteria; the model's limits decide",
            );
            return None;
        }
        let model = self.history_model(model_entry.value, &model_path)?;
        Some(ObjectiveModel {
            model,
            inconclusive,
        })
    }

    /// An `inconclusive` policy (a slogate extension).
    fn inconclusive(&mut self, id: NodeId, path: &str) -> Option<InconclusivePolicy> {
        let node = self.node(id);
        if !self.extension_enabled(ErrorCode::InvalidModel, path, "inconclusive", node) {
            return None;
        }
        match self.text(id, path)?.parse() {
            Ok(policy) => Some(policy),
            Err(message) => {
                self.report(ErrorCode::InvalidModel, path, node, message);
                None
            }
        }
    }

    /// A `zero_baseline` policy (a slogate extension).
    fn zero_baseline(&mut self, id: NodeId, path: &str) -> Option<ZeroBaseline> {
        let node = self.node(id);
        if !self.extension_enabled(ErrorCode::InvalidExtension, path, "zero_baseline", node) {
            return None;
        }
        let Some(text) = self.text(id, path) else {
            if node.is_null() {
                self.report(
                    ErrorCode::InvalidExtension,
                    path,
                    node,
                    "zero_baseline is empty; expected 'keptn', 'pass', 'fail' or 'inconclusive'",
                );
            }
            return None;
        };
        match text.parse() {
            Ok(policy) => Some(policy),
            Err(message) => {
                self.report(ErrorCode::InvalidExtension, path, node, message);
                None
            }
        }
    }

    /// A `model` mapping: its kind, boundaries and sample sizes, checked.
    fn history_model(&mut self, id: NodeId, path: &str) -> Option<HistoryModel> {
        let model_node = self.node(id);
        let entries = self.mapping(id, path)?;
        let mut model = HistoryModel::new(ModelKind::Static);
        let mut kind = None;
        for entry in entries {
            let at = join(path, &entry.key);
            let node = self.node(entry.value);
            match entry.key.as_str() {
                "kind" => match self.text(entry.value, &at).map(str::parse::<ModelKind>) {
                    Some(Ok(k)) => kind = Some(k),
                    Some(Err(message)) => self.report(ErrorCode::InvalidModel, &at, node, message),
                    None => {}
                },
                "lower_boundary" | "upper_boundary" => {
                    let number = match &node.kind {
                        Kind::Scalar { text, plain: true } => text.parse::<f64>().ok(),
                        _ => None,
                    };
                    match number {
                        Some(b) if entry.key == "lower_boundary" => model.lower_boundary = Some(b),
                        Some(b) => model.upper_boundary = Some(b),
                        None => self.wrong_type(&at, node, "a number"),
                    }
                }
                "min_sample_size" | "max_sample_size" => {
                    let Some(n) = self.whole_number(entry.value, &at) else {
                        continue;
                    };
                    let Ok(n) = usize::try_from(n) else {
                        self.wrong_type(&at, node, "a whole number of at least 0");
                        continue;
                    };
                    if entry.key == "min_sample_size" {
                        model.min_sample_size = n;
                    } else {
                        model.max_sample_size = Some(n);
                    }
                }
                other => {
                    let message = format!(
                        "unknown key '{}' in model; expected kind, lower_boundary, upper_boundary, min_sample_size or max_sample_size",
                        shorten(other)
                    );
                    self.report(ErrorCode::InvalidModel, &at, node, message);
                }
            }
        }
        let kind_given = entries.iter().any(|e| e.key == "kind");
        let Some(kind) = kind else {
            if kind_given {
                return None;
            }
            self.report(
                ErrorCode::InvalidModel,
                path,
                model_node,
                "the model has no kind; expected one of 'static', 'percentage', 'z_score', 't_test', 'log_normal', 'iqr', 'delta_iqr'",
            );
            return None;
        };
        model.kind = kind;
        if let Err(message) = model.check() {
            self.report(ErrorCode::InvalidModel, path, model_node, message);
            return None;
        }
        Some(model)
    }

    /// A `weight`; 0 is accepted on an `informational` objective (as 1: its weight never
    /// counts) and, when slogate's extensions are enabled, for a key SLI; refused on any
    /// other, where Keptn would silently count it as 1.
    fn weight(
        &mut self,
        id: NodeId,
        path: &str,
        key_sli: bool,
        informational: bool,
    ) -> Option<u32> {
        let node = self.node(id);
        if node.is_null() {
            return Some(1);
        }
        let text = match &node.kind {
            Kind::Scalar { text, .. } => text.as_str(),
            _ => "",
        };
        // A plain number with no fraction (`2`, `2.0`) is a whole number.
        let parsed = match &node.kind {
            Kind::Scalar { plain: true, .. } => text.parse::<i64>().ok().or_else(|| {
                text.parse::<f64>()
                    .ok()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                    .map(|f| {
                        #[allow(clippy::cast_possible_truncation)]
                        let whole = f as i64;
                        whole
                    })
            }),
            _ => None,
        };
        let why = match parsed {
            Some(n) if n >= 1 => match u32::try_from(n) {
                Ok(weight) => return Some(weight),
                Err(_) => format!("weight {n} is too large"),
            },
            Some(0) if informational => return Some(1),
            Some(0) if self.extensions && key_sli => return Some(0),
            Some(0) if self.extensions => "weight 0 is allowed only on a key SLI, which then gates without scoring; add 'key_sli: true' or write a weight of at least 1".to_owned(),
            Some(0) => "weight 0 is not allowed (Keptn silently counts it as 1); write 1 or leave weight out".to_owned(),
            Some(n) => format!("weight {n} is negative; expected a whole number of at least 1"),
            None => format!("weight {} is not a whole number; expected a whole number of at least 1", node.describe()),
        };
        self.report(ErrorCode::InvalidWeight, path, node, why);
        None
    }

    fn criteria_sets(&mut self, id: NodeId, path: &str, budget: &mut usize) -> Vec<CriteriaSet> {
        let Some(items) = self.list(id, path) else {
            return Vec::new();
        };
        let mut sets = Vec::with_capacity(items.len());
        for (index, &item) in items.iter().enumerate() {
            let set_path = format!("{path}[{index}]");
            let node = self.node(item);
            if node.is_null() {
                self.report(
                    ErrorCode::NullEntry,
                    &set_path,
                    node,
                    "empty entry; expected a mapping with a criteria list",
                );
                continue;
            }
            let Kind::Map(entries) = &node.kind else {
                self.wrong_type(&set_path, node, "a mapping with a criteria list");
                continue;
            };
            self.warn_unknown_keys(entries, &set_path, CRITERIA_SET_KEYS);
            let criteria_path = join(&set_path, "criteria");
            let Some(entry) = entries.iter().find(|e| e.key == "criteria") else {
                self.report(
                    ErrorCode::EmptyCriteria,
                    &criteria_path,
                    node,
                    "missing criteria list; expected e.g. 'criteria: [\"<600\"]'",
                );
                continue;
            };
            let Some(texts) = self.list(entry.value, &criteria_path) else {
                continue;
            };
            if texts.is_empty() {
                let at = self.node(entry.value);
                self.report(
                    ErrorCode::EmptyCriteria,
                    &criteria_path,
                    at,
                    "the criteria list is empty; a set without criteria would always hold",
                );
                continue;
            }
            if texts.len() > *budget {
                let at = self.node(entry.value);
                let message = format!(
                    "the objective has more than {} criteria",
                    self.limits.max_criteria_per_objective
                );
                self.report(ErrorCode::TooManyCriteria, &criteria_path, at, message);
                *budget = 0;
                continue;
            }
            *budget -= texts.len();
            let mut criteria = Vec::with_capacity(texts.len());
            for (n, &text_id) in texts.iter().enumerate() {
                let crit_path = format!("{criteria_path}[{n}]");
                if let Some(c) = self.criterion(text_id, &crit_path) {
                    criteria.push(c);
                }
            }
            if criteria.len() == texts.len() {
                sets.push(CriteriaSet { criteria });
            }
        }
        sets
    }

    fn criterion(&mut self, id: NodeId, path: &str) -> Option<Criterion> {
        let node = self.node(id);
        if node.is_null() {
            self.report(
                ErrorCode::NullEntry,
                path,
                node,
                "empty criterion; expected e.g. '<600'",
            );
            return None;
        }
        let Kind::Scalar { text, .. } = &node.kind else {
            self.wrong_type(path, node, "a criterion such as '<600'");
            return None;
        };
        if text.len() > self.limits.max_criterion_bytes {
            let message = format!(
                "criterion '{}' is {} bytes long, more than the limit of {}",
                shorten(text),
                text.len(),
                self.limits.max_criterion_bytes
            );
            self.report(ErrorCode::CriterionTooLong, path, node, message);
            return None;
        }
        let parsed = match self.criterion_unit {
            None => text.parse::<Criterion>(),
            Some(unit) => Criterion::parse_in_unit(text, unit),
        };
        match parsed {
            Ok(c) => Some(c),
            Err(problem) => {
                self.report(problem.code(), path, node, problem.message());
                None
            }
        }
    }

    fn total_score(&mut self, id: NodeId) -> Option<TotalScore> {
        let node = self.node(id);
        if node.is_null() {
            self.report(
                ErrorCode::MissingTotalScore,
                "total_score",
                node,
                "total_score is empty; add e.g. 'pass: \"90%\"'",
            );
            return None;
        }
        let entries = self.mapping(id, "total_score")?;
        self.warn_unknown_keys(entries, "total_score", TOTAL_SCORE_KEYS);
        let field = |name: &str| entries.iter().find(|e| e.key == name);
        let pass = match field("pass") {
            Some(e) => match self.threshold(e.value, "total_score.pass") {
                Ok(Some(t)) => Some(t),
                Ok(None) => {
                    let at = self.node(e.value);
                    self.report(
                        ErrorCode::MissingTotalScore,
                        "total_score.pass",
                        at,
                        "total_score.pass is empty; expected a percentage such as \"90%\"",
                    );
                    None
                }
                Err(()) => None,
            },
            None => {
                self.report(
                    ErrorCode::MissingTotalScore,
                    "total_score.pass",
                    node,
                    "total_score has no pass threshold; add e.g. 'pass: \"90%\"'",
                );
                None
            }
        };
        let warning = match field("warning") {
            Some(e) => self.threshold(e.value, "total_score.warning").ok()?,
            None => None,
        };
        Some(TotalScore {
            pass: pass?,
            warning,
        })
    }

    /// A percentage threshold; `Ok(None)` when null or empty.
    fn threshold(&mut self, id: NodeId, path: &str) -> Result<Option<ScoreThreshold>, ()> {
        let Some(text) = self.text(id, path) else {
            return if self.node(id).is_null() {
                Ok(None)
            } else {
                Err(())
            };
        };
        if text.is_empty() {
            return Ok(None);
        }
        let number = text.strip_suffix('%').unwrap_or(text);
        let unsigned = number.strip_prefix(['+', '-']).unwrap_or(number);
        let percent = if !unsigned.is_empty()
            && crate::criterion::number_len(unsigned.as_bytes()) == unsigned.len()
        {
            number.parse::<f64>().ok().filter(|p| p.is_finite())
        } else {
            None
        };
        match percent {
            Some(percent) if (0.0..=100.0).contains(&percent) => Ok(Some(ScoreThreshold {
                percent,
                text: text.to_owned(),
            })),
            _ => {
                let node = self.node(id);
                let why = if percent.is_some() {
                    "is outside 0..100"
                } else {
                    "is not a number"
                };
                let message = format!(
                    "{path} '{}' {why}; expected a percentage between 0 and 100 such as \"90%\" or 90",
                    shorten(text)
                );
                self.report(ErrorCode::InvalidTotalScore, path, node, message);
                Err(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Slo;
    use crate::error::ErrorCode;

    #[test]
    fn whole_numbers_written_as_floats_are_weights() {
        let slo = Slo::parse("objectives:\n  - sli: a\n    weight: 2.0\ntotal_score: {pass: 90}\n")
            .unwrap();
        assert_eq!(slo.objectives()[0].weight, 2);
        let err = Slo::parse("objectives:\n  - sli: a\n    weight: 2.5\ntotal_score: {pass: 90}\n")
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidWeight);
    }
}
