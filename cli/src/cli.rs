//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};
use slogate::reports::ReportKind;

/// Quality gate: evaluate SLI values against a Keptn-style SLO.
#[derive(Debug, Parser)]
#[command(name = "slogate", version, about, long_about = None, after_help = EXIT_STATUS)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

/// The exit statuses, shown under every `--help`: the policy of `slogate::ExitStatus`.
pub const EXIT_STATUS: &str = "\
Exit status of `eval` (the decision on the evaluation):
  0  promote: the gate passed, or the approval policy promotes the verdict automatically
  1  hold: the gate failed (or warned with --fail-on warning); never promoted
  2  bad input or usage: a file or flag was refused
  3  ask: the approval policy wants a person to approve (e.g. warning=manual)
Other commands follow the same policy (core's ExitStatus): 0 done, 1 when what they check
did not pass (`check --strict` on an SLO with warnings, a failed canary, a failed
eval-many item, a failed SLI query, a gate `convert` cannot express exactly), 2 bad input.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate SLI values against an SLO, print the verdict and the decision.
    #[command(after_help = EXIT_STATUS)]
    Eval(EvalArgs),
    /// Validate an SLO file and print every problem with a code frame, and every warning
    /// (an unknown key, for one) on a line of its own.
    Check {
        /// The SLO file (`-` for standard input).
        slo: String,
        /// Treat warnings as errors: an SLO with a warning exits with status 1.
        #[arg(long)]
        strict: bool,
    },
    /// Inspect stored evaluations, or invalidate one.
    History(HistoryArgs),
    /// Evaluate a stream of items (JSON Lines on standard input, one `{"id", "slo" or
    /// "slo_yaml", "values", "history"}` object a line) over every core, and write one result
    /// line per item, in input order, to standard output.
    ///
    /// Exit status: 0 when every item passed (or warned), 1 when one failed or could not be
    /// evaluated (its line says why), 2 when the input could not be read.
    EvalMany {
        /// Which verdict makes an item count as failed.
        #[arg(long, value_enum, default_value_t = FailOn::Fail, value_name = "VERDICT")]
        fail_on: FailOn,
        /// Refuse an SLO that has warnings (an unknown key, for one): each item that names it
        /// gets the warnings as its error instead of being evaluated.
        #[arg(long)]
        strict: bool,
    },
    /// Run the queries of a Keptn `sli.yaml` against Prometheus and print Keptn get-sli data.
    ///
    /// Exit status: 0 when every value was retrieved, 1 when a query failed (the data is still
    /// printed, with `success: false` and the reason), 2 on bad input or usage.
    Sli(SliArgs),
    /// Print the Keptn `slo.yaml` equivalent to a k6, Keptn v2 or Pitometer gate, or say what
    /// it cannot express (exit status 1).
    Convert {
        /// The gate: `k6:options.json`, `keptn2:analysisdefinition.yaml`,
        /// `pitometer:perfspec.json` (the format may be left out when the content says it).
        #[arg(value_name = "FORMAT:FILE")]
        gate: String,
        /// Also write the `sli.yaml` naming where each SLI's value comes from.
        #[arg(long, value_name = "FILE")]
        sli_yaml: Option<PathBuf>,
    },
    /// Show stored evaluations as a heatmap: one column per evaluation, one row per SLI.
    Report(ReportArgs),
    /// Judge a canary's samples against a baseline running at the same time (Mann-Whitney U per
    /// metric, weighted score).
    Canary(CanaryArgs),
}

/// `slogate sli`.
#[derive(Debug, ClapArgs)]
pub struct SliArgs {
    /// The `sli.yaml` with one Prometheus query per SLI.
    #[arg(long, value_name = "FILE")]
    pub config: String,
    /// The custom filters of the queries (`$KEY`), as an SLO's `filter` block gives them.
    #[arg(long = "filter", value_name = "KEY=VALUE", value_parser = key_value)]
    pub filters: Vec<(String, String)>,
    #[command(flatten)]
    pub retrieval: RetrievalArgs,
}

/// Where and how SLI values are retrieved (`slogate sli`, `slogate eval --sli prometheus:FILE`).
#[derive(Debug, ClapArgs)]
#[command(next_help_heading = "Retrieval from Prometheus")]
pub struct RetrievalArgs {
    /// The Prometheus server (`http://host:9090`). Credentials come from the environment:
    /// `SLOGATE_PROMETHEUS_TOKEN` (bearer), or `SLOGATE_PROMETHEUS_USER` and
    /// `SLOGATE_PROMETHEUS_PASSWORD` (basic).
    #[arg(long, value_name = "URL")]
    pub prometheus: Option<String>,
    /// The start of the evaluation window (RFC 3339, e.g. 2024-05-01T10:00:00Z).
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,
    /// The end of the evaluation window (RFC 3339); the queries run at this instant.
    #[arg(long, value_name = "TIME")]
    pub end: Option<String>,
    /// A label (`$LABEL.<name>`); repeat for more.
    #[arg(long = "label", value_name = "NAME=VALUE", value_parser = key_value)]
    pub labels: Vec<(String, String)>,
    /// The Keptn project (`$PROJECT`).
    #[arg(long, value_name = "NAME")]
    pub project: Option<String>,
    /// The Keptn stage (`$STAGE`); with --approval, the shipyard stage whose `approval` task
    /// is read.
    #[arg(long, value_name = "NAME")]
    pub stage: Option<String>,
    /// The Keptn service (`$SERVICE`).
    #[arg(long, value_name = "NAME")]
    pub service: Option<String>,
    /// The deployment (`$DEPLOYMENT`; default: the label `deployment`, else `primary`).
    #[arg(long, value_name = "NAME")]
    pub deployment: Option<String>,
    /// The longest one query may take, in seconds.
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = seconds)]
    pub query_timeout: std::time::Duration,
    /// The longest the whole retrieval may take, in seconds.
    #[arg(long, value_name = "SECONDS", default_value = "120", value_parser = seconds)]
    pub timeout: std::time::Duration,
}

/// Reads `FORMAT=FILE`.
fn format_file(text: &str) -> Result<(Format, std::path::PathBuf), String> {
    let (format, file) = text
        .split_once('=')
        .filter(|(_, file)| !file.is_empty())
        .ok_or_else(|| format!("expected FORMAT=FILE (e.g. junit=gate.xml), found '{text}'"))?;
    let format = Format::from_str(format, true).map_err(|_| {
        format!("unknown format '{format}'; expected table, json, markdown or junit")
    })?;
    Ok((format, file.into()))
}

/// Reads `KEY=VALUE`.
fn key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("expected NAME=VALUE, found '{text}'")),
    }
}

/// Reads a positive number of seconds.
fn seconds(text: &str) -> Result<std::time::Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|s| *s > 0.0)
        .and_then(|s| std::time::Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| format!("expected a positive number of seconds, found '{text}'"))
}

#[derive(Debug, ClapArgs)]
pub struct CanaryArgs {
    /// The baseline's samples: a JSON object `{"metric": [numbers]}`, an array of such objects,
    /// or one report per run (see --sli-format); repeat to add runs.
    #[arg(long, required = true, value_name = "FILE")]
    pub baseline: Vec<String>,
    /// The canary's samples, in the same forms as --baseline.
    #[arg(long, required = true, value_name = "FILE")]
    pub canary: Vec<String>,
    /// What the sample files are: `auto` reads samples or SLI values; a report kind reads one
    /// run of that load-test tool per file.
    #[arg(long, default_value = "auto", value_parser = parse_sli_format, value_name = "KIND")]
    pub sli_format: SliFormat,
    /// An SLO whose scored objectives are the metrics to judge, with their weights; its key
    /// SLIs are critical. Without it, every metric is judged with weight 1.
    #[arg(long, value_name = "FILE")]
    pub slo: Option<String>,
    /// Confidence of the Mann-Whitney test (a difference is significant when p < 1 - this).
    #[arg(long, default_value_t = 0.95, value_name = "FRACTION")]
    pub confidence: f64,
    /// Effect-size tolerance: a significant change of the median below this fraction of the
    /// baseline median still passes.
    #[arg(long, default_value_t = 0.0, value_name = "FRACTION")]
    pub tolerance: f64,
    /// The score (0-100) at or above which the canary passes.
    #[arg(long = "pass", default_value_t = 95.0, value_name = "SCORE")]
    pub pass_threshold: f64,
    /// The score (0-100) at or above which the canary is marginal.
    #[arg(long = "marginal", default_value_t = 75.0, value_name = "SCORE")]
    pub marginal_threshold: f64,
    /// Output format (default: table on a terminal, json otherwise).
    #[arg(long, value_enum)]
    pub format: Option<ListFormat>,
    /// The lowest verdict that exits with status 1.
    #[arg(long, value_enum, default_value_t = CanaryFailOn::Fail, value_name = "VERDICT")]
    pub fail_on: CanaryFailOn,
    /// Refuse an SLO that has warnings (an unknown key, for one) instead of printing them on
    /// standard error and going on.
    #[arg(long)]
    pub strict: bool,
}

/// The lowest canary verdict that fails the command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CanaryFailOn {
    /// Only a failed canary exits with status 1.
    Fail,
    /// A marginal canary exits with status 1 too.
    Marginal,
}

#[derive(Debug, ClapArgs)]
pub struct EvalArgs {
    /// The SLO file (`slo.yaml`); `-` reads standard input.
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "gate",
        conflicts_with = "gate"
    )]
    pub slo: Option<String>,
    /// A gate written for another tool instead of an SLO: `k6:options.json`,
    /// `keptn2:analysisdefinition.yaml` or `pitometer:perfspec.json` (the format may be left out
    /// when the content says it). --sli is then that tool's measurements: a k6 summary, the
    /// provider values, or the data points by indicator id.
    #[arg(long, value_name = "FORMAT:FILE")]
    pub gate: Option<String>,
    /// The SLI values: a JSON object `{"metric": number}`, Keptn get-sli data, or a load-test
    /// report (see --sli-format); `-` reads standard input. `prometheus:sli.yaml` retrieves
    /// them first, running the file's queries against --prometheus. `KIND:FILE` reads a
    /// report of that kind (k6, autocannon, artillery, locust, jmeter, gatling); repeat
    /// --sli to merge several, where a name found in two is refused.
    #[arg(long, value_name = "[KIND:]FILE", required = true)]
    pub sli: Vec<String>,
    /// An `sli.yaml` mapping each SLI name to a report metric (`p95: "locust:GET /cart.p95"`).
    #[arg(long, value_name = "FILE")]
    pub sli_map: Option<String>,
    /// Also write the evaluation in FORMAT to FILE (`junit=gate.xml`); repeat for more. Standard
    /// output then shows --format only when it is given.
    #[arg(long, value_name = "FORMAT=FILE", value_parser = format_file)]
    pub output: Vec<(Format, std::path::PathBuf)>,
    /// What the SLI file is: auto (a plain object of numbers, or Keptn get-sli data), keptn,
    /// or a report kind: k6, autocannon, artillery, locust, jmeter, gatling.
    #[arg(long, default_value = "auto", value_parser = parse_sli_format, value_name = "KIND")]
    pub sli_format: SliFormat,
    /// Stored evaluations, the comparison basis of relative criteria: a JSON Lines file
    /// (oldest first), `sqlite:PATH` or `postgres://USER@HOST/DB` (password from the URL or
    /// PGPASSWORD).
    #[arg(long, value_name = "FILE|URL")]
    pub history: Option<PathBuf>,
    /// Append this evaluation to the history (a file is created when missing). In a
    /// database it is stored under --project, --stage and --service (each `default` when
    /// absent).
    #[arg(long, requires = "history")]
    pub record: bool,
    /// The id under which --record stores the evaluation (default: the current UTC time).
    #[arg(long, requires = "record", value_name = "ID")]
    pub id: Option<String>,
    /// Output format (default: table on a terminal, json otherwise).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The lowest verdict that is held (exit status 1) when no approval policy is given.
    #[arg(long, value_enum, default_value_t = FailOn::Fail, value_name = "VERDICT")]
    pub fail_on: FailOn,
    #[command(flatten)]
    pub retrieval: RetrievalArgs,
    /// The approval policy, as Keptn's `approval` task properties: e.g.
    /// `pass=automatic,warning=manual` (a verdict left out is manual; a fail is never
    /// promoted). A manual verdict exits with status 3.
    #[arg(long, value_name = "POLICY", conflicts_with_all = ["fail_on", "approval"])]
    pub approve: Option<String>,
    /// A YAML file with the approval policy: the `approval` task's properties
    /// (`pass: automatic`, `warning: manual`) or a whole Keptn shipyard.
    #[arg(long, value_name = "FILE", conflicts_with = "fail_on")]
    pub approval: Option<String>,
    /// The evaluated deployment is already live: a held evaluation advises a rollback.
    #[arg(long)]
    pub live: bool,
    /// Refuse an SLO that has warnings (an unknown key, for one) instead of printing them on
    /// standard error and going on; with --gate, refuse an evaluation that has remarks (k6's
    /// own threshold verdicts disagreeing with its values, for one).
    #[arg(long)]
    pub strict: bool,
}

/// What the SLI file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SliFormat {
    /// A plain object of numbers, or Keptn get-sli data.
    Auto,
    /// Keptn get-sli data only (`indicatorValues`, at the top or under `getSLI`).
    Keptn,
    /// A load-test report of the core's kinds.
    Report(ReportKind),
}

/// `auto`, `keptn` or a report kind's name.
fn parse_sli_format(text: &str) -> Result<SliFormat, String> {
    match text {
        "auto" => Ok(SliFormat::Auto),
        "keptn" => Ok(SliFormat::Keptn),
        _ => text
            .parse()
            .map(SliFormat::Report)
            .map_err(|e: slogate::InputError| format!("{e}, auto, keptn")),
    }
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An aligned table with the verdict and one explanation line per objective.
    Table,
    /// The evaluation in Keptn's JSON shape.
    Json,
    /// A Markdown table for a CI job summary or a pull-request comment.
    Markdown,
    /// `JUnit` XML: one test case per objective and one for the gate.
    Junit,
}

/// The lowest verdict that fails the command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Only a failed gate exits with status 1.
    Fail,
    /// A warning exits with status 1 too.
    Warning,
}

impl From<FailOn> for slogate::FailOn {
    fn from(value: FailOn) -> Self {
        match value {
            FailOn::Fail => slogate::FailOn::Fail,
            FailOn::Warning => slogate::FailOn::Warning,
        }
    }
}

#[derive(Debug, ClapArgs)]
pub struct ReportArgs {
    /// The history: a JSON Lines file (oldest first), `sqlite:PATH` or `postgres://...`.
    #[arg(long, value_name = "FILE|URL")]
    pub history: PathBuf,
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// The SLO: its objectives come first, in its order, and its score thresholds are drawn.
    #[arg(long, value_name = "FILE")]
    pub slo: Option<String>,
    /// Show only the newest N evaluations.
    #[arg(long, value_name = "N")]
    pub last: Option<usize>,
    /// The id of the evaluation to highlight (default: the newest).
    #[arg(long, value_name = "ID")]
    pub select: Option<String>,
    /// Write the report as one self-contained HTML page to this file.
    #[arg(long, value_name = "FILE", conflicts_with = "format")]
    pub html: Option<PathBuf>,
    /// Print the report to standard output in this format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    /// Refuse an SLO that has warnings (an unknown key, for one) instead of printing them on
    /// standard error and going on.
    #[arg(long)]
    pub strict: bool,
}

/// `report` formats on standard output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A compact heatmap: one row per SLI, one symbol per evaluation.
    Markdown,
    /// The HTML page.
    Html,
}

#[derive(Debug, ClapArgs)]
pub struct HistoryArgs {
    #[command(subcommand)]
    pub action: HistoryAction,
    /// The history: a JSON Lines file (oldest first), `sqlite:PATH` or
    /// `postgres://USER@HOST/DB` (password from the URL or PGPASSWORD).
    #[arg(long, global = true, value_name = "FILE|URL")]
    pub history: Option<PathBuf>,
    #[command(flatten)]
    pub scope: ScopeArgs,
}

/// Which service's evaluations a history database holds the run's under (Keptn's project,
/// stage and service). A JSON Lines file holds one service and takes none of these.
#[derive(Clone, Debug, Default, ClapArgs)]
pub struct ScopeArgs {
    /// The project of the evaluations in a history database (default: `default`).
    #[arg(long, global = true, value_name = "NAME")]
    pub project: Option<String>,
    /// The stage of the evaluations in a history database (default: `default`).
    #[arg(long, global = true, value_name = "NAME")]
    pub stage: Option<String>,
    /// The service of the evaluations in a history database (default: `default`).
    #[arg(long, global = true, value_name = "NAME")]
    pub service: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum HistoryAction {
    /// List the stored evaluations, oldest first.
    List {
        /// Output format.
        #[arg(long, value_enum)]
        format: Option<ListFormat>,
    },
    /// Show one stored evaluation.
    Show {
        /// The evaluation's id.
        id: String,
        /// Output format (default: table on a terminal, json otherwise).
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// Mark a stored evaluation invalidated: it is no longer used as a comparison basis.
    Invalidate {
        /// The evaluation's id.
        id: String,
    },
    /// Keep only the newest stored evaluations, rewriting the file safely (a temporary file
    /// renamed over it).
    Compact {
        /// How many of the newest stored evaluations to keep.
        #[arg(long, value_name = "N")]
        keep: usize,
    },
    /// Copy the stored evaluations of a JSON Lines file into the history database, keeping
    /// their ids (ids the database already holds are skipped, so an import can be repeated).
    Import {
        /// The JSON Lines history file to read.
        file: PathBuf,
    },
    /// Write the history database's stored evaluations as JSON Lines, oldest first.
    Export {
        /// The file to write (standard output when absent); it must not exist yet.
        #[arg(long, value_name = "FILE")]
        to: Option<PathBuf>,
    },
}

/// `history list` formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// One aligned row per stored evaluation.
    Table,
    /// The stored evaluations as a JSON array.
    Json,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_argument_definitions_are_consistent() {
        super::Args::command().debug_assert();
    }
}
