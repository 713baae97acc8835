//! The heatmap report: stored evaluations side by side, as Keptn Bridge shows them.
//!
//! One column per evaluation (oldest to newest) with its id and time; the top row is the total
//! score, then one row per SLI. Each cell is coloured by status *and* marked by a symbol
//! (`✓` pass, `!` warning, `✗` fail, `i` info), so it reads without colour. Its tooltip gives
//! the value, the compared value (the baseline of relative criteria, or the compared value a
//! stored result carries) and every target with whether it was met, e.g.
//! `712 vs 680: warning; pass <=+10% (748), <600 ✗; warning <800` (`✗` marks a violated
//! target); in the selected column, where the eye rests, a second line gives the whole
//! one-line explanation of [`explain`] (kept out of the other columns so a page of 200
//! evaluations by 50 SLIs stays under a megabyte). The score row's tooltip is [`summarize`]'s
//! sentence. The selected evaluation (by default the newest) has a solid border and the
//! evaluations it was compared with a dashed one; invalidated evaluations are struck out. An
//! SLI that an evaluation did not have (objectives added or removed between SLO versions)
//! leaves an empty cell.
//!
//! [`Heatmap::to_html`] writes one self-contained page: inline CSS and SVG, no script, no font
//! and no file from anywhere else, and a Content-Security-Policy that forbids the browser to
//! load any. Every text taken from an evaluation (ids, names, messages)
//! is escaped. [`Heatmap::to_markdown`] writes the compact form for a pull-request comment.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::criterion::Criterion;
use crate::error::{ErrorCode, InputError, Problem};
use crate::evaluation::{IndicatorResult, IndicatorStatus, Verdict};
use crate::explain::{
    baseline_value, explain, format_number, format_quantity, objective_name, resolved_target,
    summarize,
};
use crate::slo::Slo;
use crate::stored::PreviousEvaluation;

/// What a heatmap shows; read from a front door's options object by
/// [`crate::options::from_json`].
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct HeatmapOptions {
    /// Show only the newest `last` evaluations (all of them when `None`).
    pub last: Option<usize>,
    /// The id of the evaluation to highlight; the newest when `None`.
    pub selected: Option<String>,
}

/// Writes the heatmap of `history` (stored evaluations, newest first) as one self-contained
/// HTML page; the one-call form of [`Heatmap::new`] and [`Heatmap::to_html`].
pub fn report_html<'h>(
    history: impl IntoIterator<Item = &'h PreviousEvaluation>,
    slo: Option<&Slo>,
    options: &HeatmapOptions,
) -> Result<String, InputError> {
    Ok(Heatmap::new(history, slo, options)?.to_html())
}

/// Writes the compact Markdown heatmap of `history` (stored evaluations, newest first); the
/// one-call form of [`Heatmap::new`] and [`Heatmap::to_markdown`].
pub fn report_markdown<'h>(
    history: impl IntoIterator<Item = &'h PreviousEvaluation>,
    slo: Option<&Slo>,
    options: &HeatmapOptions,
) -> Result<String, InputError> {
    Ok(Heatmap::new(history, slo, options)?.to_markdown())
}

/// One SLI row: the key it is matched by, the label shown, and its cell per column.
struct Row<'a> {
    key: String,
    label: String,
    cells: Vec<Option<&'a IndicatorResult>>,
}

/// Stored evaluations laid out as a grid, ready to be written as HTML or Markdown.
pub struct Heatmap<'a> {
    columns: Vec<&'a PreviousEvaluation>,
    rows: Vec<Row<'a>>,
    selected: Option<usize>,
    compared: HashSet<usize>,
    thresholds: Option<(f64, Option<f64>)>,
}

/// The key an objective's row is matched by across evaluations: its SLI, else its name.
fn row_key(result: &IndicatorResult) -> &str {
    result
        .metric()
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| objective_name(result))
}

impl<'a> Heatmap<'a> {
    /// Lays out `history` (stored evaluations, newest first, as everywhere in slogate). With
    /// `slo`, its objectives come first in its order and its `total_score` thresholds are drawn
    /// on the score chart. Refuses a selected id that is not among the shown evaluations.
    pub fn new(
        history: impl IntoIterator<Item = &'a PreviousEvaluation>,
        slo: Option<&Slo>,
        options: &HeatmapOptions,
    ) -> Result<Heatmap<'a>, InputError> {
        let mut columns: Vec<&PreviousEvaluation> = history
            .into_iter()
            .take(options.last.unwrap_or(usize::MAX))
            .collect();
        columns.reverse();
        let mut rows: Vec<Row<'a>> = Vec::new();
        if let Some(slo) = slo {
            for objective in slo.objectives() {
                rows.push(Row {
                    key: objective.sli.clone(),
                    label: crate::name_of(&objective.display_name, Some(&objective.sli)).to_owned(),
                    cells: vec![None; columns.len()],
                });
            }
        }
        for (column, entry) in columns.iter().enumerate() {
            for result in entry.evaluation.indicators() {
                let key = row_key(result);
                let index = match rows.iter().position(|r| r.key == key) {
                    Some(index) => index,
                    None => {
                        rows.push(Row {
                            key: key.to_owned(),
                            label: objective_name(result).to_owned(),
                            cells: vec![None; columns.len()],
                        });
                        rows.len() - 1
                    }
                };
                // A later evaluation's display name wins: the newest is shown.
                if slo.is_none() && !result.display_name.is_empty() {
                    rows[index].label.clone_from(&result.display_name);
                }
                rows[index].cells[column] = Some(result);
            }
        }
        let selected = match &options.selected {
            Some(id) => Some(
                columns
                    .iter()
                    .position(|e| e.id.as_deref() == Some(id.as_str()))
                    .ok_or_else(|| {
                        Problem::new(
                            ErrorCode::InvalidInput,
                            "selected",
                            format!(
                                "no shown evaluation has the id '{}'",
                                id.chars().take(60).collect::<String>()
                            ),
                        )
                    })?,
            ),
            None => columns.len().checked_sub(1),
        };
        let compared = selected
            .map(|s| {
                let ids = &columns[s].evaluation.evaluation.compared_events;
                columns
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| e.id.as_ref().is_some_and(|id| ids.contains(id)))
                    .map(|(i, _)| i)
                    .collect()
            })
            .unwrap_or_default();
        let thresholds = slo.map(|slo| {
            let total = slo.total_score();
            (
                total.pass.percent,
                total.warning.as_ref().map(|w| w.percent),
            )
        });
        Ok(Heatmap {
            columns,
            rows,
            selected,
            compared,
            thresholds,
        })
    }

    /// The number of evaluation columns.
    pub fn columns(&self) -> usize {
        self.columns.len()
    }

    /// The SLI row labels, in order.
    pub fn rows(&self) -> Vec<&str> {
        self.rows.iter().map(|r| r.label.as_str()).collect()
    }

    fn header(entry: &PreviousEvaluation, column: usize) -> (String, String) {
        let id = entry
            .id
            .clone()
            .unwrap_or_else(|| format!("#{}", column + 1));
        let details = &entry.evaluation.evaluation;
        let time = details
            .time_end
            .as_deref()
            .or(details.time_start.as_deref())
            .map(short_time)
            .unwrap_or_default();
        (id, time)
    }

    fn marks(&self, column: usize) -> &'static str {
        let invalidated = self.columns[column].invalidated;
        match (
            self.selected == Some(column),
            self.compared.contains(&column),
            invalidated,
        ) {
            (true, _, false) => " sel",
            (true, _, true) => " sel inv",
            (false, true, false) => " cmp",
            (false, true, true) => " cmp inv",
            (false, false, true) => " inv",
            (false, false, false) => "",
        }
    }

    /// The report as one self-contained HTML page.
    pub fn to_html(&self) -> String {
        let mut out = String::with_capacity(2048 + self.columns.len() * self.rows.len() * 110);
        out.push_str(concat!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
            // The page loads nothing: a browser refuses any request it would make.
            "<meta http-equiv=\"Content-Security-Policy\" ",
            "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>slogate heatmap</title><style>",
            "body{font:13px/1.4 system-ui,sans-serif;margin:16px;color:#1b1f24;background:#fff}",
            "h1{font-size:18px;margin:0 0 8px}p.legend span{margin-right:12px}",
            "table{border-collapse:separate;border-spacing:2px}",
            "th,td{min-width:22px;height:20px;text-align:center;padding:0 3px;",
            "border:2px solid transparent;white-space:nowrap}",
            "th.sli{text-align:left;font-weight:600;padding-right:8px}",
            "thead th{font-weight:normal;font-size:11px;vertical-align:bottom}",
            "thead th b{display:block;font-weight:600}",
            ".p{background:#b7e4c0}.w{background:#ffe08a}.f{background:#f5a3a3}",
            ".i{background:#dde2e8}.e{background:#f6f8fa}",
            ".sel{border:2px solid #1b1f24}.cmp{border:2px dashed #1b1f24}",
            ".inv{opacity:.55}thead .inv b{text-decoration:line-through}",
            "td.inv{text-decoration:line-through}",
            "svg{display:block;margin:0 0 8px}svg text{font-size:10px;fill:#57606a}",
            "</style></head><body>\n<h1>Quality gate heatmap</h1>\n",
            "<p class=\"legend\"><span class=\"p\">✓ pass</span>",
            "<span class=\"w\">! warning</span><span class=\"f\">✗ fail</span>",
            "<span class=\"i\">i info</span><span class=\"e\">&#160; not evaluated</span>",
            "<span class=\"sel\">selected</span><span class=\"cmp\">compared with</span>",
            "<span class=\"inv\"><s>invalidated</s></span></p>\n",
        ));
        if self.columns.is_empty() {
            out.push_str("<p>No stored evaluations.</p>\n</body></html>\n");
            return out;
        }
        self.chart(&mut out);
        out.push_str("<table>\n<thead><tr><th class=\"sli\">Evaluation</th>");
        for (column, entry) in self.columns.iter().enumerate() {
            let (id, time) = Heatmap::header(entry, column);
            let _ = write!(
                out,
                "<th class=\"col{}\" title=\"{}\">",
                self.marks(column),
                escape(&id)
            );
            if entry.invalidated {
                let _ = write!(out, "<b><s>{}</s></b>", escape(&id));
            } else {
                let _ = write!(out, "<b>{}</b>", escape(&id));
            }
            let _ = write!(out, "{}</th>", escape(&time));
        }
        // A cell's end tag is optional in HTML and left out: on a page of 200 evaluations by 50
        // SLIs it is 50 kB.
        out.push_str("</tr></thead>\n<tbody>\n<tr class=\"score\"><th class=\"sli\">Score</th>");
        for (column, entry) in self.columns.iter().enumerate() {
            let evaluation = &entry.evaluation;
            let (class, symbol) = verdict_mark(evaluation.result());
            let _ = write!(
                out,
                "<td class=\"{class}{}\" title=\"{}\">{symbol}{}",
                self.marks(column),
                attr(&summarize(evaluation)),
                format_number(evaluation.score())
            );
        }
        out.push_str("</tr>\n");
        for row in &self.rows {
            let _ = write!(
                out,
                "<tr><th class=\"sli\" title=\"{}\">{}</th>",
                escape(&row.key),
                escape(&row.label)
            );
            for (column, cell) in row.cells.iter().enumerate() {
                match cell {
                    Some(result) => {
                        let (class, symbol) = status_mark(result.status);
                        let tooltip = tooltip(result, self.selected == Some(column));
                        let _ = write!(
                            out,
                            "<td class=\"{class}{}\" title=\"{}\">{symbol}",
                            self.marks(column),
                            attr(&tooltip)
                        );
                    }
                    None => {
                        let _ = write!(out, "<td class=\"e{}\">", self.marks(column));
                    }
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table>\n</body></html>\n");
        out
    }

    /// The score over time as an inline SVG chart with the pass and warning thresholds.
    fn chart(&self, out: &mut String) {
        const STEP: usize = 26;
        const LEFT: usize = 34;
        const HEIGHT: f64 = 100.0;
        const TOP: f64 = 8.0;
        let width = LEFT + STEP * self.columns.len() + 8;
        let y = |score: f64| TOP + HEIGHT * (1.0 - score.clamp(0.0, 100.0) / 100.0);
        let _ = write!(
            out,
            "<svg class=\"chart\" width=\"{width}\" height=\"{}\" viewBox=\"0 0 {width} {}\" \
             role=\"img\" aria-label=\"Total score per evaluation\">",
            HEIGHT + TOP * 2.0 + 4.0,
            HEIGHT + TOP * 2.0 + 4.0
        );
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{}\" stroke=\"#8c959f\"/>",
            TOP + HEIGHT
        );
        for score in [0.0, 50.0, 100.0] {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{score}</text>",
                LEFT - 4,
                y(score) + 3.0
            );
        }
        if let Some((pass, warning)) = self.thresholds {
            let lines = [
                ("pass", Some(pass), "#1a7f37"),
                ("warning", warning, "#9a6700"),
            ];
            for (name, value, colour) in lines {
                let Some(value) = value else { continue };
                let _ = write!(
                    out,
                    "<line class=\"threshold {name}\" x1=\"{LEFT}\" y1=\"{0:.1}\" x2=\"{width}\" \
                     y2=\"{0:.1}\" stroke=\"{colour}\" stroke-dasharray=\"4 3\"><title>{name} \
                     threshold {1}</title></line>",
                    y(value),
                    format_number(value)
                );
            }
        }
        let points: Vec<String> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, e)| {
                format!(
                    "{},{:.1}",
                    LEFT + STEP / 2 + STEP * i,
                    y(e.evaluation.score())
                )
            })
            .collect();
        let _ = write!(
            out,
            "<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"1.5\" points=\"{}\"/>",
            points.join(" ")
        );
        for (i, entry) in self.columns.iter().enumerate() {
            let (id, _) = Heatmap::header(entry, i);
            let (class, _) = verdict_mark(entry.evaluation.result());
            let _ = write!(
                out,
                "<circle class=\"{class}\" cx=\"{}\" cy=\"{:.1}\" r=\"3.5\" stroke=\"#0969da\">\
                 <title>{}: {}</title></circle>",
                LEFT + STEP / 2 + STEP * i,
                y(entry.evaluation.score()),
                escape(&id),
                format_number(entry.evaluation.score())
            );
        }
        out.push_str("</svg>\n");
    }

    /// The compact report for a pull-request comment: one row per SLI, one symbol per
    /// evaluation (oldest to newest), the score on top.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("| SLI |");
        for (column, entry) in self.columns.iter().enumerate() {
            let (id, _) = Heatmap::header(entry, column);
            let mut id = md_escape(&id);
            if entry.invalidated {
                id = format!("~~{id}~~");
            }
            if self.selected == Some(column) {
                id = format!("**{id}**");
            }
            let _ = write!(out, " {id} |");
        }
        out.push_str("\n| --- |");
        out.push_str(&" :-: |".repeat(self.columns.len()));
        out.push_str("\n| **score** |");
        for entry in &self.columns {
            let icon = match entry.evaluation.result() {
                Verdict::Pass => "✅",
                Verdict::Warning => "⚠️",
                Verdict::Fail => "❌",
            };
            let _ = write!(out, " {icon} {} |", format_number(entry.evaluation.score()));
        }
        out.push('\n');
        for row in &self.rows {
            let _ = write!(out, "| {} |", md_escape(&row.label));
            for cell in &row.cells {
                let icon = match cell.map(|r| r.status) {
                    Some(IndicatorStatus::Pass) => "✅",
                    Some(IndicatorStatus::Warning) => "⚠️",
                    Some(IndicatorStatus::Fail) => "❌",
                    Some(IndicatorStatus::Info) => "ℹ️",
                    Some(IndicatorStatus::Inconclusive) => "❔",
                    None => " ",
                };
                let _ = write!(out, " {icon} |");
            }
            out.push('\n');
        }
        out
    }
}

/// The tooltip of one SLI cell: its value and the compared value (with the objective's unit), its status, and each target
/// (the number a relative criterion resolved to in brackets), a violated one marked `✗`; with
/// `explained`, a second line gives the whole explanation of [`explain`].
fn tooltip(result: &IndicatorResult, explained: bool) -> String {
    let mut line = match result.value.as_ref().filter(|v| v.success) {
        Some(v) => format_quantity(result, v.value),
        None => "no value".to_owned(),
    };
    if let Some(baseline) = baseline_value(result) {
        let _ = write!(line, " vs {}", format_quantity(result, baseline));
    }
    let _ = write!(line, ": {}", result.status);
    for (label, targets) in [
        ("pass", &result.pass_targets),
        ("warning", &result.warning_targets),
    ] {
        for (i, target) in targets.iter().enumerate() {
            line.push_str(if i == 0 { "; " } else { ", " });
            if i == 0 {
                let _ = write!(line, "{label} ");
            }
            line.push_str(&target.criteria);
            let relative = Criterion::parse(&target.criteria).is_ok_and(|c| c.is_relative());
            if let (true, Some(value)) = (relative, resolved_target(result, target)) {
                let _ = write!(line, " ({})", format_quantity(result, value));
            }
            if target.violated {
                line.push_str(" ✗");
            }
        }
    }
    if explained {
        line.push('\n');
        line.push_str(&explain(result));
    }
    line
}

fn status_mark(status: IndicatorStatus) -> (&'static str, &'static str) {
    match status {
        IndicatorStatus::Pass => ("p", "✓"),
        IndicatorStatus::Warning => ("w", "!"),
        IndicatorStatus::Fail => ("f", "✗"),
        IndicatorStatus::Info => ("i", "i"),
        IndicatorStatus::Inconclusive => ("w", "?"),
    }
}

fn verdict_mark(verdict: Verdict) -> (&'static str, &'static str) {
    match verdict {
        Verdict::Pass => ("p", "✓ "),
        Verdict::Warning => ("w", "! "),
        Verdict::Fail => ("f", "✗ "),
    }
}

/// `2024-05-06T10:15:00.000Z` as `2024-05-06 10:15`; anything else shortened as it is.
fn short_time(text: &str) -> String {
    let bytes = text.as_bytes();
    let iso = bytes.len() >= 16
        && bytes[4] == b'-'
        && bytes[10] == b'T'
        && bytes[13] == b':'
        && text.is_char_boundary(16);
    if iso {
        format!("{} {}", &text[..10], &text[11..16])
    } else {
        text.chars().take(24).collect()
    }
}

/// Escapes text for HTML content; control characters become U+FFFD.
fn escape(text: &str) -> String {
    html_escape(text, true)
}

/// Escapes text for a double-quoted attribute value, where only `&` and `"` end or change the
/// text (`<` and `>` are kept: criteria are full of them, and every cell has a tooltip); a line
/// break is kept as `&#10;`, which a tooltip shows.
fn attr(text: &str) -> String {
    html_escape(text, false)
}

/// The one HTML escaper: `&`, quotes, and `<` and `>` when `angles` (in text, where a line
/// break becomes a space; in an attribute it is kept); tabs become spaces, other control
/// characters U+FFFD.
fn html_escape(text: &str, angles: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' if angles => out.push_str("&lt;"),
            '>' if angles => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' if !angles => out.push_str("&#10;"),
            '\n' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text so Markdown shows it literally, also inside a table cell.
fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            escape("<script>\"a\" & 'b'\u{0}</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;\u{FFFD}&lt;/script&gt;"
        );
        assert_eq!(
            attr("a<=b \"c\" & 'd'\nnext\tline"),
            "a<=b &quot;c&quot; &amp; &#39;d&#39;&#10;next line"
        );
        assert_eq!(escape("a\nb"), "a b");
        assert_eq!(md_escape("a|b ~x~ <i>"), "a\\|b \\~x\\~ &lt;i&gt;");
    }

    #[test]
    fn shortens_iso_times_only() {
        assert_eq!(short_time("2024-05-06T10:15:00.000Z"), "2024-05-06 10:15");
        assert_eq!(short_time("yesterday"), "yesterday");
        assert_eq!(short_time("2024-05-06T10:1é"), "2024-05-06T10:1é");
    }
}
