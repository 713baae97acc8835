//! Writing an evaluation as a table, Markdown, `JUnit` XML or JSON.
//!
//! Every sentence comes from the core (`slogate::explain`, `slogate::summarize`); this module
//! only lays them out.

use std::fmt::Write as _;
use std::io::Write as _;
use std::ops::ControlFlow;

use slogate::{
    baseline_value, explain, format_number, format_quantity, name_of, resolved_target, summarize,
    Decision, Evaluation, FailOn, IndicatorResult, IndicatorStatus, Slo, Target, Verdict,
};

use crate::cli::{Format, ListFormat};
use crate::failure::{Failure, Located};
use crate::history::Record;

/// Terminal styling.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Whether ANSI colours may be used.
    pub colour: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn status(self, status: &str) -> String {
        let code = match status {
            "pass" => "32",
            "warning" => "33",
            "fail" => "31",
            _ => "2",
        };
        self.paint(code, status)
    }

    fn verdict(self, verdict: Verdict, text: &str) -> String {
        let code = match verdict {
            Verdict::Pass => "1;32",
            Verdict::Warning => "1;33",
            Verdict::Fail => "1;31",
        };
        self.paint(code, text)
    }
}

/// An evaluation to render, with the SLO it came from when known.
pub struct Output<'a> {
    /// The evaluation.
    pub evaluation: &'a Evaluation,
    /// The SLO, for SLI names, weights and the total-score thresholds.
    pub slo: Option<&'a Slo>,
    /// The lowest verdict that fails the gate (`JUnit` reports a failure from there on).
    pub fail_on: FailOn,
    /// The decision taken on the evaluation, when one was taken.
    pub decision: Option<Decision>,
    /// The SLO's warnings (an unknown key, for one), shown in every format but the table
    /// (standard error carries them).
    pub warnings: &'a [Located],
}

/// One objective's cells.
struct Row {
    name: String,
    value: String,
    baseline: String,
    criteria: String,
    targets: String,
    status: IndicatorStatus,
    score: String,
}

fn join_criteria(targets: &[Target], quote: fn(&str) -> String) -> String {
    targets
        .iter()
        .map(|t| quote(&t.criteria))
        .collect::<Vec<_>>()
        .join(", ")
}

fn join_targets(result: &IndicatorResult, targets: &[Target]) -> String {
    targets
        .iter()
        .map(|t| {
            resolved_target(result, t)
                .map_or_else(|| "-".to_owned(), |v| format_quantity(result, v))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Output<'_> {
    fn name(&self, index: usize, result: &IndicatorResult) -> String {
        let sli = self
            .slo
            .and_then(|slo| slo.objectives().get(index))
            .map(|o| o.sli.as_str());
        let name = name_of(&result.display_name, result.metric().or(sli)).to_owned();
        match result.value.as_ref().and_then(|v| v.source.as_ref()) {
            Some(source) => format!("{name} from {source}"),
            None => name,
        }
    }

    fn rows(&self, quote: fn(&str) -> String) -> Vec<Row> {
        self.evaluation
            .indicators()
            .iter()
            .enumerate()
            .map(|(index, result)| {
                let value = result
                    .value
                    .as_ref()
                    .filter(|v| v.success)
                    .map_or_else(|| "-".to_owned(), |v| format_quantity(result, v.value));
                let mut criteria = Vec::new();
                let mut targets = Vec::new();
                for (label, list) in [
                    ("pass", &result.pass_targets),
                    ("warning", &result.warning_targets),
                ] {
                    if !list.is_empty() {
                        criteria.push(format!("{label} {}", join_criteria(list, quote)));
                        targets.push(format!("{label} {}", join_targets(result, list)));
                    }
                }
                let weight = self
                    .slo
                    .and_then(|slo| slo.objectives().get(index))
                    .map(|o| o.weight);
                let score = match (result.status, weight) {
                    (IndicatorStatus::Info, _) => "-".to_owned(),
                    (_, Some(weight)) => format!("{}/{weight}", format_number(result.score)),
                    (_, None) => format_number(result.score),
                };
                Row {
                    name: self.name(index, result),
                    value,
                    baseline: baseline_value(result)
                        .map_or_else(|| "-".to_owned(), |v| format_quantity(result, v)),
                    criteria: if criteria.is_empty() {
                        "-".to_owned()
                    } else {
                        criteria.join("; ")
                    },
                    targets: if targets.is_empty() {
                        "-".to_owned()
                    } else {
                        targets.join("; ")
                    },
                    status: result.status,
                    score,
                }
            })
            .collect()
    }

    /// `score 83.333 of 100 (pass at 90%, warning at 75%)`.
    fn score_line(&self) -> String {
        let mut line = format!("score {} of 100", format_number(self.evaluation.score()));
        if let Some(slo) = self.slo {
            let total = slo.total_score();
            let _ = write!(line, " (pass at {}", total.pass.text);
            if let Some(warning) = &total.warning {
                let _ = write!(line, ", warning at {}", warning.text);
            }
            line.push(')');
        }
        line
    }

    fn compared_line(&self) -> Option<String> {
        let events = &self.evaluation.evaluation.compared_events;
        match events.len() {
            0 => None,
            1 => Some(format!("compared with 1 previous result: {}", events[0])),
            n => Some(format!(
                "compared with {n} previous results: {}",
                events.join(", ")
            )),
        }
    }

    fn explanations(&self) -> Vec<String> {
        self.evaluation.indicators().iter().map(explain).collect()
    }

    /// Renders in `format`.
    pub fn render(&self, format: Format, style: Style) -> String {
        match format {
            Format::Table => self.table(style),
            Format::Markdown => self.markdown(),
            Format::Junit => self.junit(),
            Format::Json => self.json(),
        }
    }

    /// Keptn's JSON, with a `warnings` list after Keptn's fields when the SLO has warnings.
    fn json(&self) -> String {
        let json = self.evaluation.to_json_pretty();
        if self.warnings.is_empty() {
            return json + "\n";
        }
        let list: Vec<serde_json::Value> = self.warnings.iter().map(problem_object).collect();
        let list = serde_json::to_string_pretty(&list)
            .unwrap_or_default()
            .replace('\n', "\n  ");
        match json.trim_end().strip_suffix('}') {
            Some(head) => format!("{},\n  \"warnings\": {list}\n}}\n", head.trim_end()),
            None => json + "\n",
        }
    }

    fn table(&self, style: Style) -> String {
        let rows = self.rows(str::to_owned);
        let header = [
            "OBJECTIVE",
            "VALUE",
            "BASELINE",
            "CRITERIA",
            "TARGETS",
            "STATUS",
            "SCORE",
        ];
        let cells: Vec<[String; 7]> = rows
            .iter()
            .map(|r| {
                [
                    r.name.clone(),
                    r.value.clone(),
                    r.baseline.clone(),
                    r.criteria.clone(),
                    r.targets.clone(),
                    r.status.as_str().to_owned(),
                    r.score.clone(),
                ]
            })
            .collect();
        let mut widths = header.map(|h| h.chars().count());
        for row in &cells {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let line = |cells: [String; 7], painted: Option<String>| {
            let mut out = String::new();
            for (column, cell) in cells.iter().enumerate() {
                let pad = widths[column] - cell.chars().count();
                let shown = match (&painted, column) {
                    (Some(p), 5) => p.clone(),
                    _ => cell.clone(),
                };
                if column == 6 {
                    out.push_str(&shown);
                } else if matches!(column, 1 | 2) {
                    let _ = write!(out, "{}{shown}  ", " ".repeat(pad));
                } else {
                    let _ = write!(out, "{shown}{}  ", " ".repeat(pad));
                }
            }
            out.trim_end().to_owned() + "\n"
        };
        let mut out = line(header.map(str::to_owned), None);
        for row in cells {
            let painted = style.status(&row[5]);
            out.push_str(&line(row, Some(painted)));
        }
        out.push('\n');
        let _ = writeln!(
            out,
            "verdict: {}",
            style.verdict(self.evaluation.result(), &summarize(self.evaluation))
        );
        let _ = writeln!(out, "{}", self.score_line());
        if let Some(compared) = self.compared_line() {
            let _ = writeln!(out, "{compared}");
        }
        if let Some(decision) = &self.decision {
            let _ = writeln!(out, "decision: {}", decision.explain());
        }
        let explanations = self.explanations();
        if !explanations.is_empty() {
            out.push_str("\nwhy:\n");
            for explanation in explanations {
                let _ = writeln!(out, "  - {explanation}");
            }
        }
        out
    }

    fn markdown(&self) -> String {
        let rows = self.rows(|c| format!("`{c}`"));
        let verdict = self.evaluation.result();
        let icon = match verdict {
            Verdict::Pass => "✅",
            Verdict::Warning => "⚠️",
            Verdict::Fail => "❌",
        };
        let mut out = format!(
            "### {icon} Quality gate: {}, {}\n\n",
            verdict,
            self.score_line()
        );
        out.push_str("| Objective | Value | Baseline | Criteria | Targets | Status | Score |\n");
        out.push_str("| --- | ---: | ---: | --- | --- | --- | ---: |\n");
        for row in &rows {
            let status_icon = match row.status {
                IndicatorStatus::Pass => "✅",
                IndicatorStatus::Warning => "⚠️",
                IndicatorStatus::Fail => "❌",
                IndicatorStatus::Info => "ℹ️",
                IndicatorStatus::Inconclusive => "❔",
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {status_icon} {} | {} |",
                md_escape(&row.name),
                row.value,
                row.baseline,
                row.criteria.replace('|', "\\|"),
                row.targets,
                row.status,
                row.score
            );
        }
        let _ = write!(
            out,
            "\n**Verdict:** {}\n",
            md_escape(&summarize(self.evaluation))
        );
        if let Some(compared) = self.compared_line() {
            let _ = write!(out, "\n{}\n", md_escape(&compared));
        }
        if let Some(decision) = &self.decision {
            let _ = write!(out, "\n**Decision:** {}\n", md_escape(&decision.explain()));
        }
        if !self.warnings.is_empty() {
            out.push_str("\n**Warnings:**\n\n");
            for warning in self.warnings {
                let _ = writeln!(out, "- {}", markdown_problem(warning));
            }
        }
        let explanations = self.explanations();
        if !explanations.is_empty() {
            out.push_str("\n<details><summary>Why each objective got its status</summary>\n\n");
            for explanation in explanations {
                let _ = writeln!(out, "- {}", md_escape(&explanation));
            }
            out.push_str("\n</details>\n");
        }
        out
    }

    fn junit(&self) -> String {
        let evaluation = self.evaluation;
        let failing = |status: IndicatorStatus| !status.passes(self.fail_on);
        let gate_fails = !evaluation.passes(self.fail_on);
        let indicators = evaluation.indicators();
        let failures = evaluation.not_passed(self.fail_on).count() + usize::from(gate_fails);
        let tests = indicators.len() + 1;
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            "<testsuites name=\"slogate\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
        );
        let _ = writeln!(
            out,
            "  <testsuite name=\"quality gate\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
        );
        let _ = writeln!(out, "    <properties>");
        let mut properties = vec![
            ("result", evaluation.result().as_str().to_owned()),
            ("score", format_number(evaluation.score())),
        ];
        if let Some(decision) = &self.decision {
            properties.push(("decision", decision.action.as_str().to_owned()));
            properties.push(("rollback", decision.rollback.to_string()));
        }
        for (name, value) in properties {
            let _ = writeln!(
                out,
                "      <property name=\"{name}\" value=\"{}\"/>",
                xml_escape(&value)
            );
        }
        let _ = writeln!(out, "    </properties>");
        for ((index, result), explanation) in indicators.iter().enumerate().zip(self.explanations())
        {
            let name = xml_escape(&self.name(index, result));
            let text = xml_escape(&explanation);
            let _ = writeln!(
                out,
                "    <testcase classname=\"slogate.objectives\" name=\"{name}\">"
            );
            if failing(result.status) {
                let _ = writeln!(
                    out,
                    "      <failure type=\"{}\" message=\"{text}\">{text}</failure>",
                    result.status
                );
            } else {
                let _ = writeln!(out, "      <system-out>{text}</system-out>");
            }
            let _ = writeln!(out, "    </testcase>");
        }
        let summary = xml_escape(&summarize(evaluation));
        let _ = writeln!(out, "    <testcase classname=\"slogate\" name=\"verdict\">");
        if gate_fails {
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{summary}\">{summary}</failure>",
                evaluation.result()
            );
        } else {
            let _ = writeln!(out, "      <system-out>{summary}</system-out>");
        }
        let _ = writeln!(out, "    </testcase>");
        if !self.warnings.is_empty() {
            let lines: Vec<String> = self.warnings.iter().map(Located::report).collect();
            let _ = writeln!(
                out,
                "    <system-err>{}</system-err>",
                xml_escape(&lines.join("\n"))
            );
        }
        out.push_str("  </testsuite>\n</testsuites>\n");
        out
    }
}

/// A problem as a JSON object: its code, file, path, line, column and message.
fn problem_object(located: &Located) -> serde_json::Value {
    serde_json::json!({
        "code": located.problem.code().as_str(),
        "file": located.file,
        "path": located.problem.path(),
        "line": located.problem.line(),
        "column": located.problem.column(),
        "message": located.problem.message(),
    })
}

/// A problem as a Markdown list item's text: the code, the file, then the place and message.
fn markdown_problem(located: &Located) -> String {
    let file = if located.file.is_empty() {
        String::new()
    } else {
        format!(" in `{}`", located.file.replace('`', "'"))
    };
    format!(
        "`{}`{file}: {}",
        located.problem.code(),
        md_escape(&located.problem.to_string())
    )
}

/// A refusal as a document of `format`, so that a CI step reading the output finds the error
/// there rather than an empty file: JSON with an `error` object (and every problem under
/// `errors`), `JUnit` XML with one errored test case, or Markdown. `None` for the table, which
/// standard error already carries.
pub fn failure(failure: &Failure, format: Format) -> Option<String> {
    let located = failure.located();
    let first = located.first()?;
    let text = failure.to_string();
    match format {
        Format::Table => None,
        Format::Json => {
            let object = problem_object;
            let document = serde_json::json!({
                "result": "fail",
                "status": "errored",
                "message": text,
                "error": object(first),
                "errors": located.iter().map(object).collect::<Vec<_>>(),
            });
            Some(serde_json::to_string_pretty(&document).unwrap_or_default() + "\n")
        }
        Format::Junit => {
            let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            out.push_str("<testsuites name=\"slogate\" tests=\"1\" failures=\"0\" errors=\"1\">\n");
            out.push_str("  <testsuite name=\"quality gate\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n");
            out.push_str("    <testcase classname=\"slogate\" name=\"verdict\">\n");
            let _ = writeln!(
                out,
                "      <error type=\"{}\" message=\"{}\">{}</error>",
                first.problem.code(),
                xml_escape(&first.problem.to_string()),
                xml_escape(&text)
            );
            out.push_str("    </testcase>\n  </testsuite>\n</testsuites>\n");
            Some(out)
        }
        Format::Markdown => {
            let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
            let fence = "`".repeat(longest.max(2) + 1);
            let mut out =
                String::from("### ❌ Quality gate: refused, the input could not be evaluated\n\n");
            for l in located {
                let _ = writeln!(out, "- {}", markdown_problem(l));
            }
            let _ = write!(out, "\n{fence}text\n{text}\n{fence}\n");
            Some(out)
        }
    }
}

/// Escapes text for XML content and attributes; characters XML 1.0 cannot carry become
/// U+FFFD.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {
                out.push('\u{FFFD}');
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes text so Markdown shows it literally (also inside a table cell).
pub fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A stored line, pretty-printed.
pub fn pretty_json_line(raw: &str) -> String {
    serde_json::from_str::<serde_json::Value>(raw)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| raw.to_owned())
        + "\n"
}

/// The cells of one `history list` row.
fn history_row(record: &Record) -> [String; 6] {
    let e = &record.entry.evaluation;
    [
        record.entry.id.clone().unwrap_or_else(|| "-".to_owned()),
        e.result().as_str().to_owned(),
        format_number(e.score()),
        e.indicators().len().to_string(),
        e.evaluation
            .time_end
            .clone()
            .unwrap_or_else(|| "-".to_owned()),
        if record.entry.invalidated {
            "invalidated".to_owned()
        } else {
            String::new()
        },
    ]
}

/// Visits every stored record oldest first (until the visitor breaks) and returns how many.
pub type Scan<'a> =
    dyn Fn(&mut dyn FnMut(Record) -> ControlFlow<()>) -> Result<usize, Failure> + 'a;

/// Writes the `history list` output to standard output as the history is read (`scan` visits
/// every record oldest first and returns how many): a first pass checks every record (and
/// measures the table's columns), a second writes one record at a time, so no more than one
/// record is held whatever the length of the history.
pub fn history_list(scan: &Scan, format: ListFormat, style: Style) -> Result<(), Failure> {
    let header = ["ID", "RESULT", "SCORE", "OBJECTIVES", "WINDOW END", "NOTE"];
    let mut widths = header.map(|h| h.chars().count());
    let records = scan(&mut |record| {
        if format == ListFormat::Table {
            for (width, cell) in widths.iter_mut().zip(history_row(&record)) {
                *width = (*width).max(cell.chars().count());
            }
        }
        ControlFlow::Continue(())
    })?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut written: std::io::Result<()> = Ok(());
    let mut index = 0usize;
    let mut emit = |text: &str| {
        if written.is_ok() {
            written = out.write_all(text.as_bytes());
        }
    };
    let line = |row: &[String; 6], painted: Option<String>| {
        let mut out = String::new();
        for (column, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[column] - cell.chars().count());
            let shown = match (&painted, column) {
                (Some(p), 1) => p.clone(),
                _ => cell.clone(),
            };
            let _ = write!(out, "{shown}{pad}  ");
        }
        out.trim_end().to_owned() + "\n"
    };
    match format {
        ListFormat::Json => emit(if records == 0 { "[]" } else { "[\n" }),
        ListFormat::Table => emit(&line(&header.map(str::to_owned), None)),
    }
    scan(&mut |record| {
        index += 1;
        match format {
            ListFormat::Json => {
                let value: serde_json::Value =
                    serde_json::from_str(&record.raw).unwrap_or_default();
                let pretty = serde_json::to_string_pretty(&value).unwrap_or_default();
                let mut text = String::new();
                for (n, part) in pretty.lines().enumerate() {
                    if n > 0 {
                        text.push('\n');
                    }
                    text.push_str("  ");
                    text.push_str(part);
                }
                if index < records {
                    text.push(',');
                }
                text.push('\n');
                emit(&text);
            }
            ListFormat::Table => {
                let row = history_row(&record);
                let painted = style.status(&row[1]);
                emit(&line(&row, Some(painted)));
            }
        }
        if index >= records {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })?;
    match format {
        ListFormat::Json => emit(if records == 0 { "\n" } else { "]\n" }),
        ListFormat::Table => emit(&format!(
            "\n{} stored evaluation{}, oldest first\n",
            records,
            if records == 1 { "" } else { "s" }
        )),
    }
    let flushed = written.and_then(|()| out.flush());
    match flushed {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::stream(format!(
            "cannot write to standard output: {}",
            crate::failure::describe_io(&e)
        ))),
        _ => Ok(()),
    }
}

/// The `canary` output: one row per metric, the verdict, and one explanation line per metric.
pub fn canary(
    judgement: &slogate::canary::CanaryJudgement,
    format: ListFormat,
    style: Style,
) -> String {
    if format == ListFormat::Json {
        return judgement.to_json() + "\n";
    }
    let median = |m: Option<f64>| m.map_or_else(|| "-".to_owned(), format_number);
    let header = [
        "METRIC", "RESULT", "BASELINE", "CANARY", "CHANGE", "P", "WEIGHT",
    ]
    .map(String::from);
    let mut rows = vec![header];
    for m in &judgement.metrics {
        rows.push([
            m.metric.clone(),
            m.classification.as_str().to_owned(),
            format!("{} (n={})", median(m.baseline.median), m.baseline.count),
            format!("{} (n={})", median(m.canary.median), m.canary.count),
            m.change_text().unwrap_or_else(|| "-".to_owned()),
            m.p_value.map_or_else(|| "-".to_owned(), format_number),
            format_number(m.weight),
        ]);
    }
    let mut widths = [0usize; 7];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for (index, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(column, (cell, width))| {
                let pad = " ".repeat(width - cell.chars().count());
                let counted = index > 0 && judgement.metrics[index - 1].counted_against;
                if column == 1 && index > 0 {
                    let code = match (cell.as_str(), counted) {
                        ("nodata", _) => "2",
                        (_, true) => "31",
                        (_, false) => "32",
                    };
                    format!("{}{pad}", style.paint(code, cell))
                } else {
                    format!("{cell}{pad}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&judgement.summary());
    out.push('\n');
    for m in &judgement.metrics {
        out.push_str("  ");
        out.push_str(&m.explanation());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_xml_text() {
        assert_eq!(
            xml_escape("a<b & \"c\" 'd'>\u{1}\n"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{FFFD}&#10;"
        );
    }

    #[test]
    fn escapes_markdown_text() {
        assert_eq!(
            md_escape("p95 <=+10% | *x* _y_ `z`"),
            "p95 &lt;=+10% \\| \\*x\\* \\_y\\_ \\`z\\`"
        );
    }

    #[test]
    fn colours_only_when_asked() {
        let colour = Style { colour: true };
        let plain = Style { colour: false };
        assert_eq!(colour.status("fail"), "\x1b[31mfail\x1b[0m");
        assert_eq!(plain.status("fail"), "fail");
        assert_eq!(
            colour.verdict(Verdict::Pass, "pass with a score of 100"),
            "\x1b[1;32mpass with a score of 100\x1b[0m"
        );
        assert_eq!(plain.verdict(Verdict::Fail, "fail"), "fail");
    }
}
