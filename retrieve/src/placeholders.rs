//! The placeholders of a Keptn `sli.yaml` query, replaced as Keptn's prometheus-service does.
//!
//! | placeholder | replaced by |
//! | --- | --- |
//! | `$<key>` and `$<KEY>` | the value of the custom filter `key` (the SLO's `filter` block), quotes removed |
//! | `$PROJECT`, `$STAGE`, `$SERVICE` | the Keptn project, stage and service |
//! | `$DEPLOYMENT` | the deployment: given, else the label `deployment`, else `primary` |
//! | `$LABEL.<name>` | the value of the label `name` |
//! | `$DURATION_SECONDS` | the window's length in whole seconds, rounded up, with `s` (`300s`) |
//!
//! The replacements run in this order over the whole text, each on the result of the one
//! before, exactly as the prometheus-service does; a placeholder nobody provides is left as
//! written (and Prometheus then refuses the query, which names it). An empty project, stage or
//! service is replaced by the empty string, as there.
//!
//! One difference: the prometheus-service replaces labels in Go's random map order, so with
//! the labels `a` and `ab` the text `$LABEL.ab` becomes either the value of `ab` or the value of
//! `a` followed by `b`, from one run to the next. Here the longer name always goes first.

use std::collections::BTreeMap;

use crate::window::Window;

/// The deployment when neither an explicit one nor a `deployment` label is given.
pub const DEFAULT_DEPLOYMENT: &str = "primary";

/// What a query's placeholders are replaced with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryContext {
    /// The Keptn project (`$PROJECT`).
    pub project: String,
    /// The Keptn stage (`$STAGE`).
    pub stage: String,
    /// The Keptn service (`$SERVICE`).
    pub service: String,
    /// The deployment (`$DEPLOYMENT`); see [`resolve_deployment`].
    pub deployment: String,
    /// Labels (`$LABEL.<name>`).
    pub labels: BTreeMap<String, String>,
    /// Custom filters (`$<key>`), in order: Keptn's lighthouse sends the SLO's `filter` block.
    pub filters: Vec<(String, String)>,
}

/// The deployment as the prometheus-service picks it: a `deployment` label wins over the
/// deployment given, and `primary` stands in for neither.
///
/// The prometheus-service silently prefers the label when both are given; a label and an
/// explicit deployment that disagree are refused here instead (the error names both).
pub fn resolve_deployment(
    explicit: Option<&str>,
    labels: &BTreeMap<String, String>,
) -> Result<String, String> {
    match (explicit, labels.get("deployment")) {
        (Some(given), Some(label)) if given != label => Err(format!(
            "the deployment '{given}' disagrees with the label deployment={label}; \
             Keptn would use the label: give one of them, or the same value to both"
        )),
        (_, Some(label)) => Ok(label.clone()),
        (Some(given), None) => Ok(given.to_owned()),
        (None, None) => Ok(DEFAULT_DEPLOYMENT.to_owned()),
    }
}

impl QueryContext {
    /// Replaces the placeholders of `query` for the evaluation window `window`.
    ///
    /// ```
    /// use slogate_retrieve::{QueryContext, Window};
    /// let context = QueryContext {
    ///     service: "carts".into(),
    ///     labels: [("region".to_owned(), "eu".to_owned())].into(),
    ///     ..QueryContext::default()
    /// };
    /// let window = Window::parse("2024-05-01T10:00:00Z", "2024-05-01T10:05:00.5Z").unwrap();
    /// assert_eq!(
    ///     context.render("rate(http_requests_total{job='$SERVICE',region='$LABEL.region'}[$DURATION_SECONDS])", &window),
    ///     "rate(http_requests_total{job='carts',region='eu'}[301s])"
    /// );
    /// ```
    pub fn render(&self, query: &str, window: &Window) -> String {
        let mut query = query.to_owned();
        for (key, value) in &self.filters {
            let value = value.replace(['\'', '"'], "");
            query = query.replace(&format!("${key}"), &value);
            query = query.replace(&format!("${}", key.to_uppercase()), &value);
        }
        query = query.replace("$PROJECT", &self.project);
        query = query.replace("$STAGE", &self.stage);
        query = query.replace("$SERVICE", &self.service);
        query = query.replace("$DEPLOYMENT", &self.deployment);
        let mut labels: Vec<(&String, &String)> = self.labels.iter().collect();
        labels.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(b.0)));
        for (name, value) in labels {
            query = query.replace(&format!("$LABEL.{name}"), value);
        }
        query.replace(
            "$DURATION_SECONDS",
            &format!("{}s", window.duration_seconds()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window() -> Window {
        Window::parse("2024-05-01T10:00:00Z", "2024-05-01T10:10:00Z").unwrap()
    }

    fn context() -> QueryContext {
        QueryContext {
            project: "sockshop".into(),
            stage: "hardening".into(),
            service: "carts".into(),
            deployment: "canary".into(),
            labels: BTreeMap::new(),
            filters: Vec::new(),
        }
    }

    #[test]
    fn every_keptn_placeholder_is_replaced() {
        let mut context = context();
        context.labels.insert("version".into(), "1.2.3".into());
        let query = "sum(rate(http_requests_total{job='$SERVICE-$PROJECT-$STAGE-$DEPLOYMENT',\
                     version='$LABEL.version'}[$DURATION_SECONDS]))";
        assert_eq!(
            context.render(query, &window()),
            "sum(rate(http_requests_total{job='carts-sockshop-hardening-canary',\
             version='1.2.3'}[600s]))"
        );
    }

    #[test]
    fn a_placeholder_may_appear_several_times() {
        assert_eq!(
            context().render("a{s='$SERVICE'} / b{s='$SERVICE'}", &window()),
            "a{s='carts'} / b{s='carts'}"
        );
    }

    #[test]
    fn the_duration_is_rounded_up_to_whole_seconds() {
        let window = Window::parse("2024-05-01T10:00:00Z", "2024-05-01T10:00:30.001Z").unwrap();
        assert_eq!(context().render("[$DURATION_SECONDS]", &window), "[31s]");
        let window = Window::parse("2024-05-01T10:00:00+02:00", "2024-05-01T08:01:00Z").unwrap();
        assert_eq!(context().render("[$DURATION_SECONDS]", &window), "[60s]");
    }

    #[test]
    fn filters_replace_their_key_as_written_and_in_capitals_without_quotes() {
        let mut context = context();
        context.filters = vec![
            ("handler".into(), "'ItemsController'".into()),
            ("Region".into(), "\"eu\"".into()),
        ];
        assert_eq!(
            context.render("$handler $HANDLER $Region $REGION $region", &window()),
            "ItemsController ItemsController eu eu $region"
        );
    }

    #[test]
    fn filters_go_first_so_their_values_may_hold_other_placeholders() {
        let mut context = context();
        context.filters = vec![("job".into(), "$SERVICE-job".into())];
        assert_eq!(
            context.render("{job='$job'}", &window()),
            "{job='carts-job'}"
        );
    }

    #[test]
    fn a_longer_label_name_is_not_eaten_by_a_shorter_one() {
        let mut context = context();
        context.labels.insert("a".into(), "short".into());
        context.labels.insert("ab".into(), "long".into());
        assert_eq!(
            context.render("$LABEL.ab $LABEL.a $LABEL.abc", &window()),
            "long short longc"
        );
    }

    #[test]
    fn unknown_placeholders_and_empty_values_are_kept_as_keptn_does() {
        let context = QueryContext::default();
        assert_eq!(
            context.render("x{p='$PROJECT',l='$LABEL.none',o='$OTHER'}", &window()),
            "x{p='',l='$LABEL.none',o='$OTHER'}"
        );
    }

    #[test]
    fn the_deployment_comes_from_the_label_the_option_or_the_default() {
        let none = BTreeMap::new();
        let label: BTreeMap<String, String> =
            [("deployment".to_owned(), "canary".to_owned())].into();
        assert_eq!(resolve_deployment(None, &none).unwrap(), "primary");
        assert_eq!(resolve_deployment(Some("direct"), &none).unwrap(), "direct");
        assert_eq!(resolve_deployment(None, &label).unwrap(), "canary");
        assert_eq!(
            resolve_deployment(Some("canary"), &label).unwrap(),
            "canary"
        );
        assert_eq!(
            resolve_deployment(Some("primary"), &label).unwrap_err(),
            "the deployment 'primary' disagrees with the label deployment=canary; \
             Keptn would use the label: give one of them, or the same value to both"
        );
    }
}
