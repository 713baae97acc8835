//! What a pipeline does with a verdict: the gate rule, the approval policy and the decision.
//!
//! A verdict is not yet a decision. Keptn's shipyard puts an `approval` task between stages
//! whose properties say, per verdict, whether the next stage starts by itself or waits for a
//! person:
//!
//! ```yaml
//! - name: approval
//!   properties:
//!     pass: automatic      # or manual
//!     warning: manual      # or automatic
//! ```
//!
//! A failed evaluation is never promoted. [`ApprovalPolicy::decide`] turns a verdict into a
//! [`Decision`]: [`Action::Promote`], [`Action::Ask`] (a person must approve) or
//! [`Action::Hold`], with rollback advice when the evaluated deployment is already live.
//! [`Decision::exit_code`] is the exit-status policy every command-line front door follows.
//!
//! As in Keptn's approval service, a property that is absent means `manual`: only the word
//! `automatic` promotes without a person. Any other value, and any other property, is refused.

use std::fmt;
use std::str::FromStr;

use crate::error::{ErrorCode, Problem, SloError};
use crate::evaluation::{Evaluation, IndicatorResult, IndicatorStatus, Verdict};
use crate::limits::Limits;
use crate::yaml::{self, Document, Kind, Node, NodeId};

/// The lowest verdict that fails a gate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FailOn {
    /// Only a failed evaluation fails the gate; a warning passes.
    #[default]
    Fail,
    /// A warning fails the gate too.
    Warning,
}

impl FailOn {
    /// `"fail"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Fail => "fail",
            FailOn::Warning => "warning",
        }
    }
}

impl FailOn {
    /// The gate of a caller that lets a warning through or not: [`FailOn::Fail`] when
    /// `allow_warning`, else [`FailOn::Warning`].
    pub fn allowing_warning(allow_warning: bool) -> FailOn {
        if allow_warning {
            FailOn::Fail
        } else {
            FailOn::Warning
        }
    }
}

impl fmt::Display for FailOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Verdict {
    /// Whether this verdict passes a gate that fails on `fail_on`: a pass always does, a
    /// warning does unless `fail_on` is [`FailOn::Warning`], a fail never does.
    ///
    /// ```
    /// use slogate::{FailOn, Verdict};
    /// assert!(Verdict::Warning.passes(FailOn::Fail));
    /// assert!(!Verdict::Warning.passes(FailOn::Warning));
    /// ```
    pub fn passes(self, fail_on: FailOn) -> bool {
        match self {
            Verdict::Pass => true,
            Verdict::Warning => fail_on == FailOn::Fail,
            Verdict::Fail => false,
        }
    }
}

impl IndicatorStatus {
    /// Whether an objective with this status passes a gate that fails on `fail_on`: the rule
    /// of [`Verdict::passes`], with `info` (an objective without criteria) always passing.
    pub fn passes(self, fail_on: FailOn) -> bool {
        match self {
            IndicatorStatus::Pass | IndicatorStatus::Info => true,
            // Too little data for a history model is never a silent pass: it counts as a warning.
            IndicatorStatus::Warning | IndicatorStatus::Inconclusive => {
                Verdict::Warning.passes(fail_on)
            }
            IndicatorStatus::Fail => false,
        }
    }
}

impl Evaluation {
    /// Whether the gate passes when it fails on `fail_on` (see [`Verdict::passes`]).
    pub fn passes(&self, fail_on: FailOn) -> bool {
        self.result().passes(fail_on)
    }

    /// The objectives that did not pass a gate failing on `fail_on` (see
    /// [`IndicatorStatus::passes`]), with their index, in SLO order: what a report lists
    /// as failing and an explanation spells out.
    pub fn not_passed(
        &self,
        fail_on: FailOn,
    ) -> impl Iterator<Item = (usize, &IndicatorResult)> + '_ {
        let indicators = self.indicators().iter().enumerate();
        indicators.filter(move |(_, result)| !result.status.passes(fail_on))
    }

    /// The decision `policy` takes on this evaluation of a `deployment`.
    pub fn decide(&self, policy: &ApprovalPolicy, deployment: Deployment) -> Decision {
        policy.decide(self.result(), deployment)
    }

    /// The decision on this evaluation: `policy`'s when one is given, else the plain gate's
    /// that fails on `fail_on` ([`Decision::from_gate`]).
    pub fn decision(
        &self,
        policy: Option<&ApprovalPolicy>,
        fail_on: FailOn,
        deployment: Deployment,
    ) -> Decision {
        match policy {
            Some(policy) => self.decide(policy, deployment),
            None => Decision::from_gate(self.result(), fail_on, deployment),
        }
    }
}

/// How a verdict is approved: by itself or by a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApprovalMode {
    /// The next stage starts without a person (`automatic`).
    Automatic,
    /// A person must approve (`manual`).
    Manual,
}

impl ApprovalMode {
    /// `"automatic"` or `"manual"`, as Keptn's shipyard writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalMode::Automatic => "automatic",
            ApprovalMode::Manual => "manual",
        }
    }
}

impl fmt::Display for ApprovalMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the evaluated deployment already serves users.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Deployment {
    /// A candidate not yet released (the evaluation gates its promotion).
    #[default]
    Candidate,
    /// A deployment already live: holding it back means rolling it back.
    Live,
}

impl Deployment {
    /// [`Deployment::Live`] when `live`, else [`Deployment::Candidate`].
    pub fn from_live(live: bool) -> Deployment {
        if live {
            Deployment::Live
        } else {
            Deployment::Candidate
        }
    }
}

/// What the pipeline does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Go on to the next stage.
    Promote,
    /// Wait for a person to approve.
    Ask,
    /// Do not promote.
    Hold,
}

impl Action {
    /// `"promote"`, `"ask"` or `"hold"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Promote => "promote",
            Action::Ask => "ask",
            Action::Hold => "hold",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The exit status a command ends with: the one policy of the command line, and of the exit
/// codes Python and Node compute from a decision ([`Decision::exit_code`]).
///
/// | Status | Meaning |
/// | ---: | --- |
/// | 0 | [`ExitStatus::Success`]: the gate passed and the release is promoted, or a command that decides nothing did its work |
/// | 1 | [`ExitStatus::Hold`]: the gate did not pass (a failed evaluation or canary, a warning under fail-on-warning, an SLO with warnings under strict checking, a gate with no exact Keptn form) |
/// | 2 | [`ExitStatus::BadInput`]: a file or an option was refused; nothing was scored or written |
/// | 3 | [`ExitStatus::Ask`]: the approval policy wants a person to approve the verdict |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExitStatus {
    /// 0: passed and promoted, or done.
    Success,
    /// 1: not passed; the release is held.
    Hold,
    /// 2: bad input or usage.
    BadInput,
    /// 3: a person must approve.
    Ask,
}

impl ExitStatus {
    /// The process exit status: 0, 1, 2 or 3. The values are distinct so a pipeline can branch
    /// on each.
    pub const fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Hold => 1,
            ExitStatus::BadInput => 2,
            ExitStatus::Ask => 3,
        }
    }

    /// [`ExitStatus::Success`] when `passed`, [`ExitStatus::Hold`] otherwise.
    pub const fn passed(passed: bool) -> ExitStatus {
        if passed {
            ExitStatus::Success
        } else {
            ExitStatus::Hold
        }
    }
}

/// The exit status of a command whose input was refused (bad input or usage):
/// [`ExitStatus::BadInput`].
pub const EXIT_BAD_INPUT: u8 = ExitStatus::BadInput.code();

/// A decision on one evaluation: the action and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decision {
    /// What the pipeline does next.
    pub action: Action,
    /// The verdict the decision was taken on.
    pub verdict: Verdict,
    /// How the policy approves that verdict (`None` for a fail, which is never approved).
    pub mode: Option<ApprovalMode>,
    /// True when the evaluated deployment is live and is held: it should be rolled back.
    pub rollback: bool,
}

impl Decision {
    /// The decision of a plain gate that fails on `fail_on`: promote when the verdict passes
    /// the gate, hold otherwise.
    pub fn from_gate(verdict: Verdict, fail_on: FailOn, deployment: Deployment) -> Decision {
        let action = if verdict.passes(fail_on) {
            Action::Promote
        } else {
            Action::Hold
        };
        Decision {
            action,
            verdict,
            mode: None,
            rollback: action == Action::Hold && deployment == Deployment::Live,
        }
    }

    /// The exit status that carries this decision (see [`ExitStatus`]).
    pub fn exit_status(&self) -> ExitStatus {
        match self.action {
            Action::Promote => ExitStatus::Success,
            Action::Hold => ExitStatus::Hold,
            Action::Ask => ExitStatus::Ask,
        }
    }

    /// The exit status that carries this decision as a number: promote 0, hold 1, ask 3 (2 is
    /// bad input, [`EXIT_BAD_INPUT`]).
    pub fn exit_code(&self) -> u8 {
        self.exit_status().code()
    }

    /// One sentence: the action and why, e.g. `ask: the evaluation is a warning and a warning
    /// needs a person's approval`.
    pub fn explain(&self) -> String {
        let verdict = match self.verdict {
            Verdict::Pass => "the evaluation passed",
            Verdict::Warning => "the evaluation is a warning",
            Verdict::Fail => "the evaluation failed",
        };
        let why = match (self.mode, self.action) {
            (Some(ApprovalMode::Automatic), _) => {
                format!("a {} is approved automatically", self.verdict)
            }
            (Some(ApprovalMode::Manual), _) => {
                format!("a {} needs a person's approval", self.verdict)
            }
            (None, _) if self.verdict == Verdict::Fail => {
                "a failed evaluation is never promoted".to_owned()
            }
            (None, Action::Hold) => "the gate fails on a warning".to_owned(),
            (None, _) => format!("the gate lets a {} through", self.verdict),
        };
        let mut text = format!("{}: {verdict} and {why}", self.action);
        if self.rollback {
            text.push_str("; roll back the live deployment");
        }
        text
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.action.as_str())?;
        if self.rollback {
            f.write_str(" (rollback)")?;
        }
        Ok(())
    }
}

/// Per verdict, whether promotion needs a person: the properties of Keptn's `approval` task.
///
/// Read from the command-line form (`pass=automatic,warning=manual`, [`FromStr`]) or from YAML
/// ([`ApprovalPolicy::from_yaml`]): the task's `properties` mapping, or a whole Keptn shipyard.
///
/// ```
/// use slogate::{Action, ApprovalPolicy, Deployment, Verdict};
///
/// let policy: ApprovalPolicy = "pass=automatic,warning=manual".parse()?;
/// assert_eq!(policy.decide(Verdict::Pass, Deployment::Candidate).action, Action::Promote);
/// assert_eq!(policy.decide(Verdict::Warning, Deployment::Candidate).action, Action::Ask);
/// let fail = policy.decide(Verdict::Fail, Deployment::Live);
/// assert_eq!((fail.action, fail.rollback), (Action::Hold, true));
/// # Ok::<(), slogate::SloError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ApprovalPolicy {
    /// How a pass is approved.
    pub pass: ApprovalMode,
    /// How a warning is approved.
    pub warning: ApprovalMode,
}

impl Default for ApprovalPolicy {
    /// Both `manual`: Keptn's reading of an `approval` task without properties.
    fn default() -> Self {
        ApprovalPolicy {
            pass: ApprovalMode::Manual,
            warning: ApprovalMode::Manual,
        }
    }
}

impl fmt::Display for ApprovalPolicy {
    /// The command-line form, `pass=automatic,warning=manual`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pass={},warning={}", self.pass, self.warning)
    }
}

impl ApprovalPolicy {
    /// The decision on `verdict` for a `deployment`: a pass or a warning is promoted when its
    /// mode is automatic and asked about when manual; a fail is held, with rollback advice
    /// when the deployment is live.
    pub fn decide(&self, verdict: Verdict, deployment: Deployment) -> Decision {
        let mode = match verdict {
            Verdict::Pass => Some(self.pass),
            Verdict::Warning => Some(self.warning),
            Verdict::Fail => None,
        };
        let action = match mode {
            Some(ApprovalMode::Automatic) => Action::Promote,
            Some(ApprovalMode::Manual) => Action::Ask,
            None => Action::Hold,
        };
        Decision {
            action,
            verdict,
            mode,
            rollback: action == Action::Hold && deployment == Deployment::Live,
        }
    }

    /// Reads a policy from YAML: either the `approval` task's properties (`pass: automatic`,
    /// `warning: manual`) or a Keptn shipyard (`kind: Shipyard`), whose `approval` task is
    /// used. `stage` names the shipyard stage to read; without it, the shipyard's approval
    /// tasks must all agree. Problems are reported with their path, line and column.
    pub fn from_yaml(text: &str, stage: Option<&str>) -> Result<ApprovalPolicy, SloError> {
        let limits = Limits::default();
        let document = yaml::load(text, &limits)?;
        let Some(root) = document.root.map(|id| document.node(id)) else {
            return Err(Problem::new(
                ErrorCode::MissingApproval,
                "",
                "the approval policy is empty; expected `pass` and `warning`, or a Keptn shipyard",
            )
            .into());
        };
        let reader = Reader { doc: &document };
        let Kind::Map(entries) = &root.kind else {
            return Err(Reader::wrong_type("", root, "a mapping").into());
        };
        if entries.iter().any(|e| e.key == "kind" || e.key == "spec") {
            return reader.shipyard(root, stage);
        }
        if let Some(stage) = stage {
            return Err(Problem::new(
                ErrorCode::MissingApproval,
                "",
                format!(
                    "a stage ('{}') was named but the approval policy is not a shipyard",
                    yaml::shorten(stage)
                ),
            )
            .into());
        }
        reader.properties("", root).map_err(SloError::from)
    }
}

impl FromStr for ApprovalPolicy {
    type Err = SloError;

    /// Parses the command-line form: comma-separated `verdict=mode` pairs, e.g.
    /// `pass=automatic,warning=manual`. A verdict left out is `manual`; the column of a
    /// problem counts characters from 1.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut policy = ApprovalPolicy::default();
        let mut seen = [false; 2];
        let mut problems = Vec::new();
        let mut column = 1;
        for part in text.split(',') {
            let at = column;
            column += part.chars().count() + 1;
            let Some((key, value)) = part.split_once('=') else {
                problems.push(
                    Problem::new(
                        ErrorCode::InvalidApproval,
                        "",
                        format!(
                            "'{}' is not a `verdict=mode` pair; expected e.g. `pass=automatic,warning=manual`",
                            yaml::shorten(part)
                        ),
                    )
                    .at(1, at),
                );
                continue;
            };
            let value_at = at + key.chars().count() + 1;
            match approval_entry(key.trim(), value.trim()) {
                Ok((index, _)) if seen[index] => {
                    problems.push(
                        Problem::new(
                            ErrorCode::InvalidApproval,
                            key.trim(),
                            format!("'{}' is given twice", key.trim()),
                        )
                        .at(1, at),
                    );
                }
                Ok((index, mode)) => {
                    seen[index] = true;
                    if index == 0 {
                        policy.pass = mode;
                    } else {
                        policy.warning = mode;
                    }
                }
                Err(Unknown::Key) => problems.push(unknown_key(key.trim()).at(1, at)),
                Err(Unknown::Mode) => {
                    problems.push(unknown_mode(key.trim(), value.trim()).at(1, value_at));
                }
            }
        }
        if problems.is_empty() {
            Ok(policy)
        } else {
            Err(SloError::new(problems))
        }
    }
}

enum Unknown {
    Key,
    Mode,
}

/// The index (0 pass, 1 warning) and mode of one property.
fn approval_entry(key: &str, value: &str) -> Result<(usize, ApprovalMode), Unknown> {
    let index = match key {
        "pass" => 0,
        "warning" => 1,
        _ => return Err(Unknown::Key),
    };
    let mode = match value {
        "automatic" => ApprovalMode::Automatic,
        "manual" => ApprovalMode::Manual,
        _ => return Err(Unknown::Mode),
    };
    Ok((index, mode))
}

fn unknown_key(key: &str) -> Problem {
    let shown = yaml::shorten(key);
    let hint = if key == "fail" {
        " (a failed evaluation is never promoted)"
    } else {
        ""
    };
    Problem::new(
        ErrorCode::InvalidApproval,
        key,
        format!("unknown approval property '{shown}'; expected `pass` or `warning`{hint}"),
    )
}

fn unknown_mode(key: &str, value: &str) -> Problem {
    Problem::new(
        ErrorCode::InvalidApproval,
        key,
        format!(
            "invalid approval mode '{}' for `{key}`; expected `automatic` or `manual`",
            yaml::shorten(value)
        ),
    )
}

/// Walks a YAML approval policy, building located problems.
struct Reader<'a> {
    doc: &'a Document,
}

/// One `approval` task found in a shipyard.
struct Found {
    stage: String,
    at: (usize, usize),
    path: String,
    policy: ApprovalPolicy,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

impl Reader<'_> {
    fn located(node: &Node, problem: Problem) -> Problem {
        if node.line == 0 {
            problem
        } else {
            problem.at(node.line, node.column)
        }
    }

    fn wrong_type(path: &str, node: &Node, expected: &str) -> Problem {
        Reader::located(
            node,
            Problem::new(
                ErrorCode::InvalidType,
                path,
                format!("expected {expected}, found {}", node.describe()),
            ),
        )
    }

    fn get(node: &Node, key: &str) -> Option<NodeId> {
        match &node.kind {
            Kind::Map(entries) => entries.iter().find(|e| e.key == key).map(|e| e.value),
            _ => None,
        }
    }

    fn text(node: &Node) -> Option<&str> {
        match &node.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The items of the list at `key` of `node` (absent or null: none).
    fn list(&self, node: &Node, key: &str, path: &str) -> Result<Vec<NodeId>, Problem> {
        let Some(id) = Reader::get(node, key) else {
            return Ok(Vec::new());
        };
        let child = self.doc.node(id);
        match &child.kind {
            _ if child.is_null() => Ok(Vec::new()),
            Kind::Seq(items) => Ok(items.clone()),
            _ => Err(Reader::wrong_type(&join(path, key), child, "a list")),
        }
    }

    /// An `approval` task's properties.
    fn properties(&self, path: &str, node: &Node) -> Result<ApprovalPolicy, Problem> {
        let mut policy = ApprovalPolicy::default();
        if node.is_null() {
            return Ok(policy);
        }
        let Kind::Map(entries) = &node.kind else {
            return Err(Reader::wrong_type(path, node, "a mapping"));
        };
        for entry in entries {
            let value = self.doc.node(entry.value);
            let entry_path = join(path, &entry.key);
            let Some(text) = Reader::text(value).filter(|_| !value.is_null()) else {
                if approval_entry(&entry.key, "manual").is_err() {
                    return Err(Reader::located(value, unknown_key(&entry.key)));
                }
                return Err(Reader::wrong_type(
                    &entry_path,
                    value,
                    "`automatic` or `manual`",
                ));
            };
            match approval_entry(&entry.key, text) {
                Ok((0, mode)) => policy.pass = mode,
                Ok((_, mode)) => policy.warning = mode,
                Err(Unknown::Key) => {
                    return Err(Reader::located(
                        value,
                        Problem::new(
                            ErrorCode::InvalidApproval,
                            entry_path,
                            unknown_key(&entry.key).message().to_owned(),
                        ),
                    ))
                }
                Err(Unknown::Mode) => {
                    return Err(Reader::located(
                        value,
                        Problem::new(
                            ErrorCode::InvalidApproval,
                            entry_path,
                            unknown_mode(&entry.key, text).message().to_owned(),
                        ),
                    ))
                }
            }
        }
        Ok(policy)
    }

    /// Every `approval` task of a shipyard, with its stage.
    fn approvals(&self, root: &Node) -> Result<Vec<Found>, Problem> {
        let mut found = Vec::new();
        let Some(spec) = Reader::get(root, "spec").map(|id| self.doc.node(id)) else {
            return Ok(found);
        };
        if !matches!(spec.kind, Kind::Map(_)) {
            return Err(Reader::wrong_type("spec", spec, "a mapping"));
        }
        for (s, stage_id) in self.list(spec, "stages", "spec")?.into_iter().enumerate() {
            let stage_path = format!("spec.stages[{s}]");
            let stage = self.doc.node(stage_id);
            if !matches!(stage.kind, Kind::Map(_)) {
                return Err(Reader::wrong_type(&stage_path, stage, "a mapping"));
            }
            let name = Reader::get(stage, "name")
                .and_then(|id| Reader::text(self.doc.node(id)))
                .unwrap_or_default()
                .to_owned();
            for (q, sequence_id) in self
                .list(stage, "sequences", &stage_path)?
                .into_iter()
                .enumerate()
            {
                let sequence_path = format!("{stage_path}.sequences[{q}]");
                let sequence = self.doc.node(sequence_id);
                if !matches!(sequence.kind, Kind::Map(_)) {
                    return Err(Reader::wrong_type(&sequence_path, sequence, "a mapping"));
                }
                for (t, task_id) in self
                    .list(sequence, "tasks", &sequence_path)?
                    .into_iter()
                    .enumerate()
                {
                    let task_path = format!("{sequence_path}.tasks[{t}]");
                    let task = self.doc.node(task_id);
                    let is_approval = Reader::get(task, "name")
                        .and_then(|id| Reader::text(self.doc.node(id)))
                        == Some("approval");
                    if !is_approval {
                        continue;
                    }
                    let properties_path = join(&task_path, "properties");
                    let policy = match Reader::get(task, "properties") {
                        Some(id) => self.properties(&properties_path, self.doc.node(id))?,
                        None => ApprovalPolicy::default(),
                    };
                    found.push(Found {
                        stage: name.clone(),
                        at: (task.line, task.column),
                        path: task_path,
                        policy,
                    });
                }
            }
        }
        Ok(found)
    }

    fn shipyard(&self, root: &Node, stage: Option<&str>) -> Result<ApprovalPolicy, SloError> {
        if let Some(kind) = Reader::get(root, "kind").map(|id| self.doc.node(id)) {
            if Reader::text(kind) != Some("Shipyard") {
                return Err(Reader::located(
                    kind,
                    Problem::new(
                        ErrorCode::InvalidApproval,
                        "kind",
                        format!("expected the kind `Shipyard`, found {}", kind.describe()),
                    ),
                )
                .into());
            }
        }
        let mut found = self.approvals(root)?;
        if let Some(stage) = stage {
            found.retain(|f| f.stage == stage);
        }
        let Some(first) = found.first() else {
            let message = match stage {
                Some(stage) => format!(
                    "the shipyard's stage '{}' has no `approval` task",
                    yaml::shorten(stage)
                ),
                None => "the shipyard has no `approval` task".to_owned(),
            };
            return Err(Problem::new(ErrorCode::MissingApproval, "spec.stages", message).into());
        };
        if let Some(other) = found.iter().find(|f| f.policy != first.policy) {
            let problem = Problem::new(
                ErrorCode::AmbiguousApproval,
                other.path.clone(),
                format!(
                    "the approval tasks of stage '{}' ({}) and stage '{}' ({}) differ; name the stage to read",
                    yaml::shorten(&first.stage),
                    first.policy,
                    yaml::shorten(&other.stage),
                    other.policy
                ),
            );
            return Err(problem.at(other.at.0, other.at.1).into());
        }
        Ok(first.policy)
    }
}
