//! Limits that keep hostile input from exhausting memory or time.

/// Upper bounds applied while parsing an SLO and evaluating it.
///
/// The defaults accept any realistic quality gate (an SLO of 10,000 objectives is about 1 MiB)
/// while refusing alias bombs, deeply nested documents and multi-megabyte strings within
/// milliseconds. Raise them with the builder-style setters when a real gate needs more.
///
/// | limit | default | refused with |
/// | --- | --- | --- |
/// | [`max_document_bytes`](Limits::max_document_bytes) | 8 MiB | `document_too_large` |
/// | [`max_depth`](Limits::max_depth) | 32 | `nesting_too_deep` |
/// | [`max_nodes`](Limits::max_nodes) | 1,000,000 | `too_many_nodes` |
/// | [`max_objectives`](Limits::max_objectives) | 20,000 | `too_many_objectives` |
/// | [`max_criteria_per_objective`](Limits::max_criteria_per_objective) | 256 | `too_many_criteria` |
/// | [`max_criterion_bytes`](Limits::max_criterion_bytes) | 256 | `criterion_too_long` |
/// | [`max_history`](Limits::max_history) | 10,000 | `history_too_long` |
///
/// The first six apply in [`Slo::parse_with_limits`](crate::Slo::parse_with_limits), the last
/// in [`Slo::evaluate_with_limits`](crate::Slo::evaluate_with_limits); [`Slo::parse`] and
/// [`Slo::evaluate`] use the defaults.
///
/// [`Slo::parse`]: crate::Slo::parse
/// [`Slo::evaluate`]: crate::Slo::evaluate
///
/// ```
/// let limits = slogate::Limits::default().with_max_objectives(50_000);
/// assert_eq!(limits.max_objectives, 50_000);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest SLO text accepted, in bytes.
    pub max_document_bytes: usize,
    /// Deepest nesting of YAML collections accepted. Flow collections (`[...]`, `{...}`)
    /// never nest deeper than 255 levels, whatever this says: the YAML reader cannot count
    /// further.
    pub max_depth: usize,
    /// Most YAML nodes the document may expand to, counting every use of an alias in full.
    pub max_nodes: usize,
    /// Most objectives in one SLO.
    pub max_objectives: usize,
    /// Most criteria in one objective (pass and warning together).
    pub max_criteria_per_objective: usize,
    /// Longest criterion text, in bytes.
    pub max_criterion_bytes: usize,
    /// Most stored evaluations accepted as history for one evaluation.
    pub max_history: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_document_bytes: 8 * 1024 * 1024,
            max_depth: 32,
            max_nodes: 1_000_000,
            max_objectives: 20_000,
            max_criteria_per_objective: 256,
            max_criterion_bytes: 256,
            max_history: 10_000,
        }
    }
}

impl Limits {
    /// Sets [`Limits::max_document_bytes`].
    #[must_use]
    pub fn with_max_document_bytes(mut self, value: usize) -> Self {
        self.max_document_bytes = value;
        self
    }

    /// Sets [`Limits::max_depth`].
    #[must_use]
    pub fn with_max_depth(mut self, value: usize) -> Self {
        self.max_depth = value;
        self
    }

    /// Sets [`Limits::max_nodes`].
    #[must_use]
    pub fn with_max_nodes(mut self, value: usize) -> Self {
        self.max_nodes = value;
        self
    }

    /// Sets [`Limits::max_objectives`].
    #[must_use]
    pub fn with_max_objectives(mut self, value: usize) -> Self {
        self.max_objectives = value;
        self
    }

    /// Sets [`Limits::max_criteria_per_objective`].
    #[must_use]
    pub fn with_max_criteria_per_objective(mut self, value: usize) -> Self {
        self.max_criteria_per_objective = value;
        self
    }

    /// Sets [`Limits::max_criterion_bytes`].
    #[must_use]
    pub fn with_max_criterion_bytes(mut self, value: usize) -> Self {
        self.max_criterion_bytes = value;
        self
    }

    /// Sets [`Limits::max_history`].
    #[must_use]
    pub fn with_max_history(mut self, value: usize) -> Self {
        self.max_history = value;
        self
    }
}
