//! `slogate`: a quality gate for CI pipelines.
//!
//! Reads an SLO, SLI values and stored history from files, lets the slogate core evaluate
//! them, and writes the verdict as a table, Markdown, `JUnit` XML or Keptn-shaped JSON. The exit
//! status carries the decision on the evaluation (`slogate::Decision::exit_code`): 0 promote,
//! 1 hold, 2 bad input or usage, 3 ask.

// "slo" and "sli" are the domain's two words; names built on them are meant to be alike.
#![allow(clippy::similar_names)]

mod cli;
mod database;
mod eval_many;
mod failure;
mod history;
mod input;
mod render;
mod retrieval;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use slogate::reports::{ReportInput, ReportKind};
use slogate::{ApprovalPolicy, Deployment, Evaluation, ExitStatus, PreviousEvaluation, Slo};

use crate::cli::{
    Args, CanaryArgs, CanaryFailOn, Command, EvalArgs, Format, HistoryAction, HistoryArgs,
    ListFormat, ReportArgs, ReportFormat, RetrievalArgs, SliArgs, SliFormat,
};
use crate::database::{Database, Location, Scope};
use crate::failure::{display_name, Failure, Located};
use crate::history::{HistoryFile, Lock};
use crate::input::Document;
use crate::render::{Output, Style};

/// `eval-many` allocates each result on a worker thread and frees it on the main one once it
/// is written: the system allocator takes about twice as long over that as mimalloc (see
/// `benches/README.md`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match &args.command {
        Command::Eval(eval) => run_eval(eval),
        Command::Check { slo, strict } => run_check(slo, *strict),
        Command::History(history) => run_history(history),
        Command::EvalMany { fail_on, strict } => run_eval_many(*fail_on, *strict),
        Command::Sli(sli) => run_sli(sli),
        Command::Convert { gate, sli_yaml } => run_convert(gate, sli_yaml.as_deref()),
        Command::Report(report) => run_report(report),
        Command::Canary(canary) => run_canary(canary),
    };
    match result {
        Ok(code) => code,
        Err(failure) => {
            // A CI step that reads the report finds the refusal there too.
            if let Command::Eval(EvalArgs {
                format: Some(format),
                ..
            }) = &args.command
            {
                if let Some(document) = render::failure(&failure, *format) {
                    let _ = print(&document);
                }
            }
            let mut stderr = io::stderr().lock();
            let _ = writeln!(stderr, "{failure}");
            exit(ExitStatus::BadInput)
        }
    }
}

/// The process status of an exit status: the policy is core's [`ExitStatus`].
fn exit(status: ExitStatus) -> ExitCode {
    ExitCode::from(status.code())
}

/// Whether colours may be used on standard output.
fn style() -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    Style {
        colour: io::stdout().is_terminal() && !no_color,
    }
}

/// The format asked for, or the default: a table on a terminal, JSON otherwise.
fn format_or_default(format: Option<Format>) -> Format {
    format.unwrap_or_else(|| {
        if io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Json
        }
    })
}

fn print(text: &str) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        // A reader that went away (`slogate ... | head`) is not an input problem.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::stream(format!(
            "cannot write to standard output: {}",
            failure::describe_io(&e)
        ))),
    }
}

/// Prints one of a gate's notes (a remark on the conversion or the evaluation, not a problem
/// with the input) on standard error.
fn print_note(message: &str) {
    let _ = writeln!(io::stderr().lock(), "note: {message}");
}

/// Reads and parses the SLO of `path` (`strict` refuses one with warnings) and prints each
/// warning on standard error as errors are: `warning[code]: file:line:column: path: message`
/// and the code frame.
fn read_slo(path: &str, strict: bool) -> Result<(String, Slo, Vec<Located>), Failure> {
    let text = input::read_text(path, Document::Slo)?;
    let limits = slogate::Limits::default().with_strict(strict);
    let slo = Slo::parse_with_limits(&text, &limits)
        .map_err(|e| Failure::problems(path, &text, e.problems()))?;
    let warnings = located_warnings(path, &text, &slo);
    print_warnings(&warnings);
    Ok((text, slo, warnings))
}

/// The SLO's warnings, each with the file it is in and its text (for the code frame).
fn located_warnings(path: &str, text: &str, slo: &Slo) -> Vec<Located> {
    Failure::problems(path, text, slo.warnings()).into_located()
}

fn print_warnings(warnings: &[Located]) {
    let mut stderr = io::stderr().lock();
    for warning in warnings {
        let _ = writeln!(stderr, "{}", warning.report());
    }
}

/// Reads a gate given as `FORMAT:FILE` or `FILE`.
fn read_gate(gate_arg: &str) -> Result<slogate::Gate, Failure> {
    let (format, path) = match gate_arg.split_once(':') {
        Some((name, path)) if slogate::GateFormat::from_name(name).is_some() => {
            (slogate::GateFormat::from_name(name), path)
        }
        _ => (None, gate_arg),
    };
    let text = input::read_text(path, Document::Gate)?;
    match format {
        Some(format) => slogate::Gate::parse_as(format, &text),
        None => slogate::Gate::parse(&text),
    }
    .map_err(|e| Failure::problems(path, &text, e.problems()))
}

/// `convert`: the gate as a Keptn `slo.yaml`, or what it cannot express.
fn run_convert(gate_arg: &str, sli_yaml: Option<&std::path::Path>) -> Result<ExitCode, Failure> {
    let conversion = read_gate(gate_arg)?.to_keptn();
    for note in &conversion.notes {
        print_note(note);
    }
    let (Some(slo), Some(sli)) = (conversion.slo, conversion.sli) else {
        let mut stderr = io::stderr().lock();
        let _ = writeln!(
            stderr,
            "no exact Keptn SLO for {gate_arg}; it cannot express:"
        );
        for part in &conversion.unexpressed {
            let _ = writeln!(stderr, "  - {part}");
        }
        return Ok(exit(ExitStatus::Hold));
    };
    if let Some(path) = sli_yaml {
        std::fs::write(path, sli).map_err(|e| Failure::io("write", "sli.yaml", path, &e))?;
    }
    print(&slo)?;
    Ok(exit(ExitStatus::Success))
}

/// `eval --gate`: a gate of another format, scored with that tool's measurements.
fn run_gate_eval(gate_arg: &str, args: &EvalArgs) -> Result<ExitCode, Failure> {
    let gate = read_gate(gate_arg)?;
    let [sli] = args.sli.as_slice() else {
        return Err(Failure::usage("--gate reads one --sli file"));
    };
    if sli.starts_with(PROMETHEUS_PREFIX) {
        return Err(Failure::usage(
            "--sli prometheus:FILE retrieves values for an SLO: give --slo, not --gate",
        ));
    }
    refuse_unused_retrieval(&args.retrieval, args.approval.is_some(), false)?;
    let sli_text = input::read_text(sli, Document::Sli)?;
    let result = gate
        .evaluate_json(&sli_text)
        .map_err(|e| Failure::problems(sli, &sli_text, e.problems()))?;
    if args.strict && !result.notes().is_empty() {
        let refused: Vec<slogate::Problem> = result
            .notes()
            .iter()
            .map(|note| {
                slogate::Problem::new(
                    slogate::ErrorCode::InvalidInput,
                    "",
                    format!("--strict refuses the gate's evaluation: {note}"),
                )
            })
            .collect();
        return Err(Failure::unlocated(&refused));
    }
    for note in result.notes() {
        print_note(note);
    }
    let policy = approval_policy(args)?;
    finish_eval(result.evaluation(), None, &[], policy.as_ref(), args)
}

fn run_eval_many(fail_on: cli::FailOn, strict: bool) -> Result<ExitCode, Failure> {
    let mut input = io::stdin().lock();
    let mut output = io::BufWriter::new(io::stdout().lock());
    let settings = eval_many::Settings {
        fail_on_warning: slogate::FailOn::from(fail_on) == slogate::FailOn::Warning,
        limits: slogate::Limits::default().with_strict(strict),
    };
    let summary = eval_many::run(&mut input, &mut output, &settings)?;
    Ok(exit(ExitStatus::passed(summary.failed == 0)))
}

fn run_eval(args: &EvalArgs) -> Result<ExitCode, Failure> {
    let Some(slo_path) = args.slo.as_deref() else {
        return run_gate_eval(args.gate.as_deref().unwrap_or_default(), args);
    };
    if slo_path == "-" && args.sli.iter().any(|s| s == "-") {
        return Err(Failure::usage(
            "--slo and --sli cannot both read standard input ('-'); give one of them a file",
        ));
    }
    let (slo_text, slo, warnings) = read_slo(slo_path, args.strict)?;
    let policy = approval_policy(args)?;
    let merged = args.sli.len() > 1
        || args.sli_map.is_some()
        || args.sli.iter().any(|s| report_kind(s).is_some());
    let (sli_text, report) = if merged {
        read_merged(args, (slo_path, &slo_text), &slo)?
    } else {
        read_sli(args, (slo_path, &slo_text), &slo)?
    };
    let sli_path = args.sli.first().map_or("-", String::as_str);

    let store = match &args.history {
        Some(path) => Some(match Location::parse(path.as_os_str()) {
            Location::File => Store::File(HistoryFile::open(
                path,
                if args.record {
                    Lock::ExclusiveCreate
                } else {
                    Lock::Shared
                },
            )?),
            location => Store::Database(Box::new(Database::open(
                &location,
                database_scope(
                    args.retrieval.project.as_deref(),
                    args.retrieval.stage.as_deref(),
                    args.retrieval.service.as_deref(),
                ),
            )?)),
        }),
        None => None,
    };
    let history_name = args.history.as_ref().map(|path| path.display().to_string());
    let refused = |e: slogate::EvaluationError| {
        Failure::evaluation(
            e.problems(),
            (slo_path, &slo_text),
            (sli_path, &sli_text),
            history_name.as_deref(),
        )
    };
    // The history is read from its end and only until the core has its comparison basis; the
    // run that records checks the whole file below anyway, so its torn line is reported there.
    let evaluation = match &store {
        Some(Store::Database(database)) => {
            let comparison = slo.comparison();
            let history =
                database.newest_first(slo.admitted_verdicts(), comparison.results_to_compare());
            let limits = slogate::Limits::default().with_max_history(usize::MAX);
            slo.evaluate_pulling(&report, history, &limits)?
                .map_err(refused)?
        }
        Some(Store::File(file)) => {
            let history = file.newest_first(|torn| {
                if !args.record {
                    print_warnings(&[torn.warning(file.path(), false)]);
                }
            });
            let limits = slogate::Limits::default().with_max_history(usize::MAX);
            slo.evaluate_pulling(&report, history, &limits)?
                .map_err(refused)?
        }
        None => slo.evaluate(&report, &[]).map_err(refused)?,
    };

    match (store, args.record) {
        (Some(Store::File(mut file)), true) => record(&mut file, args.id.as_deref(), &evaluation)?,
        (Some(Store::Database(database)), true) => {
            let id = database.record(args.id.as_deref(), &history::timestamp_id(), &evaluation)?;
            let _ = writeln!(
                io::stderr().lock(),
                "recorded evaluation '{id}' in {}",
                database.label()
            );
        }
        _ => {}
    }

    finish_eval(&evaluation, Some(&slo), &warnings, policy.as_ref(), args)
}

/// Prints an evaluation with the decision taken on it (and the SLO's warnings, which standard
/// error carried already); the exit status carries the decision.
fn finish_eval(
    evaluation: &Evaluation,
    slo: Option<&Slo>,
    warnings: &[Located],
    policy: Option<&ApprovalPolicy>,
    args: &EvalArgs,
) -> Result<ExitCode, Failure> {
    let deployment = Deployment::from_live(args.live);
    let decision = evaluation.decision(policy, args.fail_on.into(), deployment);
    let output = Output {
        evaluation,
        slo,
        fail_on: args.fail_on.into(),
        decision: Some(decision),
        warnings,
    };
    for (format, path) in &args.output {
        std::fs::write(path, output.render(*format, Style { colour: false }))
            .map_err(|e| Failure::io("write", "output file", path, &e))?;
    }
    let format = format_or_default(args.format);
    if args.output.is_empty() || args.format.is_some() {
        print(&output.render(format, style()))?;
    }
    if format == Format::Json && (policy.is_some() || args.live) {
        // The JSON keeps Keptn's shape; a decision asked for goes beside it.
        let _ = writeln!(io::stderr().lock(), "decision: {}", decision.explain());
    }
    Ok(exit(decision.exit_status()))
}

/// The approval policy of `--approve` or `--approval`, if one was given.
fn approval_policy(args: &EvalArgs) -> Result<Option<ApprovalPolicy>, Failure> {
    if let Some(text) = &args.approve {
        return text
            .parse()
            .map(Some)
            .map_err(|e: slogate::SloError| Failure::problems("--approve", text, e.problems()));
    }
    let Some(path) = &args.approval else {
        return Ok(None);
    };
    let text = input::read_text(path, Document::Approval)?;
    ApprovalPolicy::from_yaml(&text, args.retrieval.stage.as_deref())
        .map(Some)
        .map_err(|e| Failure::problems(path, &text, e.problems()))
}

/// The SLI values of `eval`, and their JSON text for messages: read from a file, or retrieved
/// with the queries of an `sli.yaml` (`--sli prometheus:FILE`).
fn read_sli(
    args: &EvalArgs,
    (slo_path, slo_text): (&str, &str),
    slo: &slogate::Slo,
) -> Result<(String, slogate::SliReport), Failure> {
    let sli = args.sli.first().map_or("-", String::as_str);
    match sli.strip_prefix(PROMETHEUS_PREFIX) {
        Some(config) => {
            if args.sli_format != SliFormat::Auto {
                return Err(Failure::usage(
                    "--sli-format does not apply to --sli prometheus:FILE, which retrieves \
                     Keptn get-sli data",
                ));
            }
            let file = retrieval::SliFile::read(config)?;
            // An informational second objective for an SLI needs no second query.
            let mut names: Vec<&str> = slo.objectives().iter().map(|o| o.sli.as_str()).collect();
            let mut seen = std::collections::HashSet::new();
            names.retain(|name| seen.insert(*name));
            let queries = file.queries(names)?;
            let data = retrieval::run(&args.retrieval, slo.filter(), &queries)?;
            let text = data.to_json();
            let report = slogate::SliReport::from_json(&text)
                .map_err(|e| Failure::problems(sli, &text, e.problems()))?;
            Ok((text, report))
        }
        None => {
            let in_database = history_in_database(args);
            refuse_unused_retrieval(&args.retrieval, args.approval.is_some(), in_database)?;
            let text = input::read_text(sli, Document::Sli)?;
            let report =
                input::decode_sli(slo, args.sli_format, (sli, &text), (slo_path, slo_text))?;
            Ok((text, report))
        }
    }
}

/// Whether `--history` names a database rather than a file.
fn history_in_database(args: &EvalArgs) -> bool {
    args.history
        .as_deref()
        .is_some_and(|h| !matches!(Location::parse(h.as_os_str()), Location::File))
}

/// The report kind an `--sli KIND:FILE` names, and the file.
fn report_kind(sli: &str) -> Option<(ReportKind, &str)> {
    let (kind, file) = sli.split_once(':')?;
    Some((ReportKind::parse(kind)?, file))
}

/// The SLI values of `eval` merged from several `--sli` files (reports or plain values),
/// through the `--sli-map` where given. There is no one text to point into: it is empty.
fn read_merged(
    args: &EvalArgs,
    (slo_path, slo_text): (&str, &str),
    slo: &slogate::Slo,
) -> Result<(String, slogate::SliReport), Failure> {
    if args.sli_format != SliFormat::Auto {
        return Err(Failure::usage(
            "--sli-format applies to a single --sli file; name each report's kind as --sli KIND:FILE",
        ));
    }
    refuse_unused_retrieval(
        &args.retrieval,
        args.approval.is_some(),
        history_in_database(args),
    )?;
    let mut inputs = Vec::with_capacity(args.sli.len());
    for sli in &args.sli {
        if sli.starts_with(PROMETHEUS_PREFIX) {
            return Err(Failure::usage(
                "--sli prometheus:FILE cannot be merged with other --sli files yet; give it alone",
            ));
        }
        let (kind, path) = match report_kind(sli) {
            Some((kind, path)) => (Some(kind), path),
            None => (None, sli.as_str()),
        };
        let text = input::read_text(path, Document::Sli)?;
        let report = match kind {
            Some(kind) => kind.read(&text),
            None => slogate::SliReport::from_json(&text),
        }
        .map_err(|e| Failure::problems(path, &text, e.problems()))?;
        inputs.push(ReportInput::new(kind, display_name(path), report));
    }
    let map = match &args.sli_map {
        Some(path) => {
            let text = input::read_text(path, Document::SliConfig)?;
            Some(
                slogate::SliConfig::parse(&text)
                    .map_err(|e| Failure::problems(path, &text, e.problems()))?,
            )
        }
        None => None,
    };
    let report = slogate::reports::merge(slo, &inputs, map.as_ref())
        .map_err(|e| Failure::problems(slo_path, slo_text, e.problems()))?;
    Ok((String::new(), report))
}

/// The `--sli` prefix that retrieves the values with the queries of an `sli.yaml`.
const PROMETHEUS_PREFIX: &str = "prometheus:";

/// Refuses retrieval options where nothing is retrieved, rather than ignoring them; `--stage`
/// is used when it names the shipyard stage of an approval policy file, and `--project`,
/// `--stage` and `--service` when they scope a history database.
fn refuse_unused_retrieval(
    args: &RetrievalArgs,
    approval_file: bool,
    history_database: bool,
) -> Result<(), Failure> {
    let given = [
        ("--prometheus", args.prometheus.is_some()),
        ("--start", args.start.is_some()),
        ("--end", args.end.is_some()),
        ("--label", !args.labels.is_empty()),
        ("--project", args.project.is_some() && !history_database),
        (
            "--stage",
            args.stage.is_some() && !approval_file && !history_database,
        ),
        ("--service", args.service.is_some() && !history_database),
        ("--deployment", args.deployment.is_some()),
    ];
    match given.iter().find(|(_, given)| *given) {
        Some((option, _)) => Err(Failure::usage(format!(
            "{option} is used only to retrieve SLI values: write --sli prometheus:sli.yaml"
        ))),
        None => Ok(()),
    }
}

fn run_sli(args: &SliArgs) -> Result<ExitCode, Failure> {
    let file = retrieval::SliFile::read(&args.config)?;
    let names: Vec<&str> = file.config.indicators().map(|(name, _)| name).collect();
    let queries = file.queries(names)?;
    let data = retrieval::run(&args.retrieval, &args.filters, &queries)?;
    print(&(data.to_json() + "\n"))?;
    let all_retrieved = data.get_sli.indicator_values.iter().all(|v| v.success);
    Ok(exit(ExitStatus::passed(all_retrieved)))
}

fn run_report(args: &ReportArgs) -> Result<ExitCode, Failure> {
    let slo = match &args.slo {
        Some(path) => Some(read_slo(path, args.strict)?.1),
        None => None,
    };
    let mut history = Vec::new();
    let last = args.last.unwrap_or(usize::MAX);
    // Read from the end: only the evaluations shown are decoded.
    if let Some(database) = open_database(&args.history, &args.scope)? {
        for entry in database.newest_first(None, last).take(last) {
            history.push(entry?);
        }
    } else {
        let file = HistoryFile::open(&args.history, Lock::Shared)?;
        let path = file.path().to_path_buf();
        for entry in file
            .newest_first(|torn| print_warnings(&[torn.warning(&path, false)]))
            .take(last)
        {
            history.push(entry?);
        }
    }
    let options = slogate::HeatmapOptions {
        last: args.last,
        selected: args.select.clone(),
    };
    let heatmap = slogate::Heatmap::new(&history, slo.as_ref(), &options)
        .map_err(|e| Failure::problems("--select", "", e.problems()))?;
    match (&args.html, args.format) {
        (Some(path), _) => {
            std::fs::write(path, heatmap.to_html())
                .map_err(|e| Failure::io("write", "HTML report", path, &e))?;
            let _ = writeln!(
                io::stderr().lock(),
                "wrote the heatmap of {} evaluation{} to {}",
                heatmap.columns(),
                if heatmap.columns() == 1 { "" } else { "s" },
                path.display()
            );
        }
        (None, ReportFormat::Html) => print(&heatmap.to_html())?,
        (None, ReportFormat::Markdown) => print(&heatmap.to_markdown())?,
    }
    Ok(exit(ExitStatus::Success))
}

/// `check`: exit 0 for a valid SLO (its warnings printed), 1 under `strict` when warnings are
/// its only problems, 2 when it is refused.
fn run_check(path: &str, strict: bool) -> Result<ExitCode, Failure> {
    let text = input::read_text(path, Document::Slo)?;
    let limits = slogate::Limits::default().with_strict(strict);
    match Slo::parse_with_limits(&text, &limits) {
        Ok(slo) => {
            let warnings = located_warnings(path, &text, &slo);
            print_warnings(&warnings);
            let warned = match warnings.len() {
                0 => String::new(),
                1 => ", 1 warning".to_owned(),
                n => format!(", {n} warnings"),
            };
            let objectives = slo.objectives();
            let keys = objectives.iter().filter(|o| o.key_sli).count();
            let total = slo.total_score();
            let warning = total
                .warning
                .as_ref()
                .map(|w| format!(", warning at {}", w.text))
                .unwrap_or_default();
            print(&format!(
                "{path}: ok: {} objective{} ({keys} key SLI{}), pass at {}{warning}{warned}\n",
                objectives.len(),
                if objectives.len() == 1 { "" } else { "s" },
                if keys == 1 { "" } else { "s" },
                total.pass.text,
            ))?;
            Ok(exit(ExitStatus::Success))
        }
        Err(e)
            if e.problems()
                .iter()
                .all(|p| p.code().severity() == slogate::Severity::Warning) =>
        {
            let _ = writeln!(
                io::stderr().lock(),
                "{}",
                Failure::problems(path, &text, e.problems())
            );
            Ok(exit(ExitStatus::Hold))
        }
        Err(e) => Err(Failure::problems(path, &text, e.problems())),
    }
}

/// Appends `evaluation` to the history under `id` (or a new id from the current time), after
/// a pass over the whole file: every line must be readable, and the id unused.
fn record(
    file: &mut HistoryFile,
    id: Option<&str>,
    evaluation: &slogate::Evaluation,
) -> Result<(), Failure> {
    let base = id.map_or_else(history::timestamp_id, str::to_owned);
    // The ids equal to `base` or of the form `base-N`, which a generated id must avoid.
    let mut taken = std::collections::HashSet::new();
    let scan = file.scan(|record| {
        if let Some(stored) = record.entry.id {
            if stored == base || (id.is_none() && history::is_variant_of(&base, &stored)) {
                taken.insert(stored);
            }
        }
        std::ops::ControlFlow::Continue(())
    })?;
    if let Some(torn) = &scan.torn {
        print_warnings(&[torn.warning(file.path(), true)]);
    }
    let id = match id {
        Some(id) if taken.contains(id) => {
            return Err(Failure::usage(format!(
                "the id '{id}' is already used in '{}'; choose another with --id",
                file.path().display()
            )))
        }
        Some(id) => id.to_owned(),
        None => history::free_id(&base, &taken),
    };
    let stored = PreviousEvaluation::new(id.clone(), evaluation.clone());
    file.append(&scan, &stored.to_json())?;
    let _ = writeln!(
        io::stderr().lock(),
        "recorded evaluation '{id}' in {}",
        file.path().display()
    );
    Ok(())
}

/// Finds the record `id` in a pass over the whole file.
fn find_record(file: &HistoryFile, id: &str, removing: bool) -> Result<history::Record, Failure> {
    let mut found = None;
    let scan = file.scan(|record| {
        if record.entry.id.as_deref() == Some(id) {
            found = Some(record);
            std::ops::ControlFlow::Break(())
        } else {
            std::ops::ControlFlow::Continue(())
        }
    })?;
    if let Some(torn) = &scan.torn {
        print_warnings(&[torn.warning(file.path(), removing)]);
    }
    found.ok_or_else(|| Failure::unknown_id(id, file.path(), &file.newest_ids(5)))
}

/// A database scope; each part is `default` when not given.
fn database_scope(project: Option<&str>, stage: Option<&str>, service: Option<&str>) -> Scope {
    let name = |value: Option<&str>| value.unwrap_or("default").to_owned();
    Scope {
        project: name(project),
        stage: name(stage),
        service: name(service),
    }
}

/// Where a run keeps its history.
enum Store {
    File(HistoryFile),
    Database(Box<Database>),
}

/// Opens the history database `--history` names, or `None` when it names a file (which takes
/// no scope options).
fn open_database(
    history: &std::path::Path,
    scope: &cli::ScopeArgs,
) -> Result<Option<Database>, Failure> {
    let location = Location::parse(history.as_os_str());
    if let Location::File = location {
        if let Some(option) = [
            ("--project", &scope.project),
            ("--stage", &scope.stage),
            ("--service", &scope.service),
        ]
        .iter()
        .find_map(|(name, value)| value.as_ref().map(|_| name))
        {
            return Err(Failure::usage(format!(
                "{option} selects evaluations in a history database; a history file holds one \
                 service: drop {option}, or give --history sqlite:PATH or postgres://..."
            )));
        }
        return Ok(None);
    }
    let scope = database_scope(
        scope.project.as_deref(),
        scope.stage.as_deref(),
        scope.service.as_deref(),
    );
    Database::open(&location, scope).map(Some)
}

/// `history` on a database.
fn run_database_history(database: &Database, action: &HistoryAction) -> Result<(), Failure> {
    let find = |id: &str| {
        database.find(id)?.ok_or_else(|| {
            Failure::usage(format!(
                "{} holds no evaluation '{id}'{}",
                database.label(),
                match database.newest_ids(5).join(", ") {
                    newest if newest.is_empty() => String::new(),
                    newest => format!("; the newest are: {newest}"),
                }
            ))
        })
    };
    match action {
        HistoryAction::List { format } => {
            let format = format.unwrap_or(if format_or_default(None) == Format::Json {
                ListFormat::Json
            } else {
                ListFormat::Table
            });
            render::history_list(&|visit| database.scan(visit), format, style())?;
        }
        HistoryAction::Show { id, format } => show_record(&find(id)?, id, *format)?,
        HistoryAction::Invalidate { id } => {
            if database.invalidate(find(id)?)? {
                print(&format!("evaluation '{id}' was already invalidated\n"))?;
            } else {
                print(&format!(
                    "invalidated evaluation '{id}': it is no longer used as a comparison basis\n"
                ))?;
            }
        }
        HistoryAction::Compact { keep } => {
            let (kept, before) = database.compact(*keep)?;
            print(&format!(
                "kept the newest {kept} of {before} stored evaluations in {}\n",
                database.label()
            ))?;
        }
        HistoryAction::Import { file } => {
            let source = HistoryFile::open(file, Lock::Shared)?;
            let mut entries = Vec::new();
            let scan = source.scan(|record| {
                entries.push(record.entry);
                std::ops::ControlFlow::Continue(())
            })?;
            if let Some(torn) = &scan.torn {
                print_warnings(&[torn.warning(source.path(), false)]);
            }
            let added = database.import(&entries)?;
            print(&format!(
                "imported {added} of {} stored evaluations from {} into {}\n",
                entries.len(),
                file.display(),
                database.label()
            ))?;
        }
        HistoryAction::Export { to } => export(database, to.as_deref())?,
    }
    Ok(())
}

/// Writes the database's stored evaluations as JSON Lines, to a new file or standard output.
fn export(database: &Database, to: Option<&std::path::Path>) -> Result<(), Failure> {
    let mut out: Box<dyn Write> = match to {
        Some(path) => Box::new(io::BufWriter::new(
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .map_err(|e| Failure::io("create", "export file", path, &e))?,
        )),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    let mut written = Ok(());
    let count = database.scan(&mut |record| {
        written = writeln!(out, "{}", record.raw);
        if written.is_ok() {
            std::ops::ControlFlow::Continue(())
        } else {
            std::ops::ControlFlow::Break(())
        }
    })?;
    written
        .and_then(|()| out.flush())
        .map_err(|e| Failure::stream(format!("cannot write the export: {e}")))?;
    if let Some(path) = to {
        let _ = writeln!(
            io::stderr().lock(),
            "exported {count} stored evaluations from {} to {}",
            database.label(),
            path.display()
        );
    }
    Ok(())
}

/// Prints one stored evaluation.
fn show_record(record: &history::Record, id: &str, format: Option<Format>) -> Result<(), Failure> {
    let format = format_or_default(format);
    let text = if format == Format::Json {
        render::pretty_json_line(&record.raw)
    } else {
        let output = Output {
            evaluation: &record.entry.evaluation,
            slo: None,
            fail_on: slogate::FailOn::Fail,
            decision: None,
            warnings: &[],
        };
        let mut text = String::new();
        if record.entry.invalidated && format == Format::Table {
            text = format!(
                "evaluation '{id}' is invalidated: it is not used as a comparison basis\n\n"
            );
        }
        text + &output.render(format, style())
    };
    print(&text)
}

fn run_history(args: &HistoryArgs) -> Result<ExitCode, Failure> {
    let Some(path) = args.history.as_deref() else {
        return Err(Failure::usage(
            "the history commands need the history: add --history FILE (or sqlite:PATH, postgres://...)",
        ));
    };
    if let Some(database) = open_database(path, &args.scope)? {
        run_database_history(&database, &args.action)?;
        return Ok(exit(ExitStatus::Success));
    }
    match &args.action {
        HistoryAction::List { format } => {
            let file = HistoryFile::open(path, Lock::Shared)?;
            let format = format.unwrap_or(if format_or_default(None) == Format::Json {
                ListFormat::Json
            } else {
                ListFormat::Table
            });
            let warned = std::cell::Cell::new(false);
            render::history_list(
                &|visit| {
                    let scan = file.scan(visit)?;
                    if let Some(torn) = scan.torn.as_ref().filter(|_| !warned.replace(true)) {
                        print_warnings(&[torn.warning(file.path(), false)]);
                    }
                    Ok(scan.records)
                },
                format,
                style(),
            )?;
        }
        HistoryAction::Show { id, format } => {
            let file = HistoryFile::open(path, Lock::Shared)?;
            let record = find_record(&file, id, false)?;
            drop(file);
            show_record(&record, id, *format)?;
        }
        HistoryAction::Invalidate { id } => {
            let mut file = HistoryFile::open(path, Lock::Exclusive)?;
            let record = find_record(&file, id, true)?;
            if record.entry.invalidated {
                print(&format!("evaluation '{id}' was already invalidated\n"))?;
            } else {
                file.invalidate(id)?;
                print(&format!(
                    "invalidated evaluation '{id}': it is no longer used as a comparison basis\n"
                ))?;
            }
        }
        HistoryAction::Compact { keep } => {
            let mut file = HistoryFile::open(path, Lock::Exclusive)?;
            let scan = file.scan(|_| std::ops::ControlFlow::Continue(()))?;
            if let Some(torn) = &scan.torn {
                print_warnings(&[torn.warning(file.path(), true)]);
            }
            let kept = scan.records.min(*keep);
            file.compact(scan.records, *keep)?;
            print(&format!(
                "kept the newest {kept} of {} stored evaluations in {}\n",
                scan.records,
                file.path().display()
            ))?;
        }
        HistoryAction::Import { .. } | HistoryAction::Export { .. } => {
            return Err(Failure::usage(format!(
                "history import and export move stored evaluations between a JSON Lines file \
                 and a database; --history names the file '{}': give sqlite:PATH or \
                 postgres://... instead",
                path.display()
            )));
        }
    }
    Ok(exit(ExitStatus::Success))
}

fn run_canary(args: &CanaryArgs) -> Result<ExitCode, Failure> {
    use slogate::canary::{self, CanaryMetric, CanarySamples, CanarySettings, CanaryVerdict};
    let metrics = match &args.slo {
        Some(path) => CanaryMetric::from_slo(&read_slo(path, args.strict)?.1),
        None => Vec::new(),
    };
    let (mut baseline, mut canary_samples) = (CanarySamples::new(), CanarySamples::new());
    for path in &args.baseline {
        input::add_samples(&mut baseline, args.sli_format, path)?;
    }
    for path in &args.canary {
        input::add_samples(&mut canary_samples, args.sli_format, path)?;
    }
    let settings = CanarySettings {
        confidence: args.confidence,
        tolerance: args.tolerance,
        pass_threshold: args.pass_threshold,
        marginal_threshold: args.marginal_threshold,
    };
    let judgement = canary::judge(&baseline, &canary_samples, &metrics, &settings)
        .map_err(|e| Failure::unlocated(e.problems()))?;
    let format = args
        .format
        .unwrap_or(if format_or_default(None) == Format::Json {
            ListFormat::Json
        } else {
            ListFormat::Table
        });
    print(&render::canary(&judgement, format, style()))?;
    Ok(match judgement.verdict {
        CanaryVerdict::Pass => exit(ExitStatus::Success),
        CanaryVerdict::Marginal if args.fail_on == CanaryFailOn::Fail => exit(ExitStatus::Success),
        CanaryVerdict::Marginal | CanaryVerdict::Fail => exit(ExitStatus::Hold),
    })
}
