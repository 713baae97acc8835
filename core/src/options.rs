//! The options objects of the front doors (Node's `options` argument, Python's keyword
//! arguments), read once here from JSON: each field's type and default, and every refusal in
//! slogate's words at the field's path (`options.live: expected true or false, found the
//! string "yes"`, code `invalid_input`).
//!
//! Names are camelCase as in JavaScript; the `snake_case` spelling is accepted too. Keys an
//! options type does not name are left to the front door (values that cross as native objects,
//! such as a history of evaluations).

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::decision::{ApprovalPolicy, Decision, Deployment, FailOn};
use crate::error::{ErrorCode, Problem, SloError};
use crate::json::{describe_json, typed_problem};
use crate::{Evaluation, InputError, Limits, SliConfig};

/// Reads the options object `value` (the argument named `root`) as `T`; `null`, for the whole
/// object or for one field, means the default.
///
/// ```
/// use slogate::options::{from_json, DecideOptions};
/// let options: DecideOptions = from_json(&serde_json::json!({"live": true}), "options").unwrap();
/// assert!(options.live && !options.allow_warning);
/// let err = from_json::<DecideOptions>(&serde_json::json!({"live": "yes"}), "options").unwrap_err();
/// assert_eq!(err.to_string(), "options.live: expected true or false, found the string \"yes\"");
/// assert_eq!(err.code().as_str(), "invalid_input");
/// ```
pub fn from_json<T: DeserializeOwned + Default>(
    value: &Value,
    root: &str,
) -> Result<T, InputError> {
    let given = match value {
        Value::Null => return Ok(T::default()),
        Value::Object(fields) => Value::Object(
            (fields.iter().filter(|(_, v)| !v.is_null()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => {
            let found = describe_json(other);
            let message = format!("expected an object, found {found}");
            return Err(Problem::new(ErrorCode::InvalidInput, root, message).into());
        }
    };
    serde_path_to_error::deserialize(&given).map_err(|e| typed_problem(&e).under(root))
}

/// How an SLO is read (`Slo.fromYaml(text, options)`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct SloOptions {
    /// Refuse the SLO's warnings (an unknown key, for one) instead of listing them.
    pub strict: bool,
}

impl SloOptions {
    /// The limits of reading an SLO with these options.
    pub fn limits(&self) -> Limits {
        Limits::default().with_strict(self.strict)
    }
}

/// How SLI values are evaluated (`slo.evaluate(values, options)`), besides the history.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct EvaluateOptions {
    /// The `sli.yaml` text saying where each SLI is read when reports are merged.
    #[serde(alias = "sli_map")]
    pub sli_map: Option<String>,
}

impl EvaluateOptions {
    /// The parsed SLI map, when one is given.
    pub fn sli_map(&self) -> Result<Option<SliConfig>, SloError> {
        self.sli_map.as_deref().map(SliConfig::parse).transpose()
    }
}

/// What is decided on an evaluation (`ev.decide(options)`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DecideOptions {
    /// Keptn's `approval` task properties, e.g. `pass=automatic,warning=manual`.
    pub policy: Option<String>,
    /// Without a policy, a warning promotes.
    #[serde(alias = "allow_warning")]
    pub allow_warning: bool,
    /// The deployment already serves users, so a hold advises a rollback.
    pub live: bool,
}

impl DecideOptions {
    /// The decision on `evaluation`; a malformed policy is refused with `invalid_approval`.
    pub fn decide(&self, evaluation: &Evaluation) -> Result<Decision, SloError> {
        let policy = self.policy.as_deref().map(str::parse::<ApprovalPolicy>);
        Ok(evaluation.decision(
            policy.transpose()?.as_ref(),
            FailOn::allowing_warning(self.allow_warning),
            Deployment::from_live(self.live),
        ))
    }
}
