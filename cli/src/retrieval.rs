//! Retrieving SLI values from Prometheus with the queries of a Keptn `sli.yaml`.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use slogate::{SliConfig, SliSource};
use slogate_retrieve::{
    resolve_deployment, retrieve, Auth, GetSliData, Progress, Prometheus, QueryContext, Settings,
    Window,
};

use crate::cli::RetrievalArgs;
use crate::failure::Failure;
use crate::input;

/// How long a retrieval runs quietly before it reports progress on standard error.
const QUIET_FOR: Duration = Duration::from_secs(3);
/// How often progress is reported after that.
const PROGRESS_EVERY: Duration = Duration::from_secs(5);

/// The `sli.yaml` read and parsed, with its path for messages.
pub struct SliFile {
    pub path: String,
    pub config: SliConfig,
}

impl SliFile {
    /// Reads and parses `path`.
    pub fn read(path: &str) -> Result<SliFile, Failure> {
        let text = input::read_text(path, input::Document::SliConfig)?;
        let config =
            SliConfig::parse(&text).map_err(|e| Failure::problems(path, &text, e.problems()))?;
        Ok(SliFile {
            path: path.to_owned(),
            config,
        })
    }

    /// The query of each SLI in `names`, refusing SLIs the file lacks and report metrics,
    /// which no server can answer.
    pub fn queries<'n>(
        &self,
        names: impl IntoIterator<Item = &'n str>,
    ) -> Result<Vec<(String, String)>, Failure> {
        let mut queries = Vec::new();
        let mut missing = Vec::new();
        for name in names {
            match self.config.source(name) {
                Some(SliSource::Query(query)) => queries.push((name.to_owned(), query.clone())),
                Some(source @ SliSource::Report { kind, .. }) => {
                    return Err(Failure::usage(format!(
                        "the SLI '{name}' in {} comes from a {kind} report ('{source}'), which \
                         Prometheus cannot answer; give that report to `slogate eval` instead",
                        self.path
                    )))
                }
                None => missing.push(name),
            }
        }
        if !missing.is_empty() {
            return Err(Failure::usage(format!(
                "{} has no query for the SLI{} {}; every SLI the SLO scores needs one",
                self.path,
                if missing.len() == 1 { "" } else { "s" },
                missing
                    .iter()
                    .map(|m| format!("'{m}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        Ok(queries)
    }
}

/// Runs `queries` against the server of `args` over its window, reporting progress on
/// standard error when it takes a while.
pub fn run(
    args: &RetrievalArgs,
    filters: &[(String, String)],
    queries: &[(String, String)],
) -> Result<GetSliData, Failure> {
    let usage = |what: &str| Failure::usage(format!("retrieving SLIs needs {what}"));
    let url = args
        .prometheus
        .as_deref()
        .ok_or_else(|| usage("the Prometheus server: add --prometheus URL"))?;
    let start = args
        .start
        .as_deref()
        .ok_or_else(|| usage("the window's start: add --start TIME (RFC 3339)"))?;
    let end = args
        .end
        .as_deref()
        .ok_or_else(|| usage("the window's end: add --end TIME (RFC 3339)"))?;
    let window = Window::parse(start, end).map_err(Failure::usage)?;
    let mut labels = BTreeMap::new();
    for (name, value) in &args.labels {
        if labels.insert(name.clone(), value.clone()).is_some() {
            return Err(Failure::usage(format!(
                "the label '{name}' is given twice; give each label once"
            )));
        }
    }
    let deployment =
        resolve_deployment(args.deployment.as_deref(), &labels).map_err(Failure::usage)?;
    let context = QueryContext {
        project: args.project.clone().unwrap_or_default(),
        stage: args.stage.clone().unwrap_or_default(),
        service: args.service.clone().unwrap_or_default(),
        deployment,
        labels,
        filters: filters.to_vec(),
    };
    let auth = Auth::from_lookup(|name| std::env::var(name).ok()).map_err(Failure::usage)?;
    let settings = Settings {
        query_timeout: args.query_timeout,
        overall_timeout: args.timeout,
        ..Settings::default()
    };
    let prometheus = Prometheus::new(url, auth, settings).map_err(Failure::usage)?;

    let mut next_report = QUIET_FOR;
    let mut reported = false;
    let mut report_progress = |progress: Progress| {
        if progress.elapsed >= next_report && progress.done < progress.total {
            let _ = writeln!(
                std::io::stderr().lock(),
                "retrieving SLIs from Prometheus: {} of {} answered after {}s",
                progress.done,
                progress.total,
                progress.elapsed.as_secs()
            );
            next_report = progress.elapsed + PROGRESS_EVERY;
            reported = true;
        }
    };
    let values = retrieve(
        &prometheus,
        queries,
        &context,
        &window,
        &mut report_progress,
    );
    if reported {
        let failed = values.iter().filter(|v| !v.success).count();
        let _ = writeln!(
            std::io::stderr().lock(),
            "retrieved {} of {} SLIs",
            values.len() - failed,
            values.len()
        );
    }
    Ok(GetSliData::new(&context, &window, values))
}
