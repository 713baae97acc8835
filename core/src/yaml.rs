//! A small YAML document tree that remembers where each node came from.
//!
//! The SLO parser needs line and column for every node (to point at the offending text), must
//! see duplicate keys, and must bound the work an untrusted document can cause. The tree is
//! built from the event stream of `yaml-rust2`: aliases share the anchored node instead of
//! copying it, while the size a document would have once every alias is expanded is counted,
//! so an alias bomb is refused after reading its few lines.

use std::collections::{HashMap, HashSet};

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::error::{ErrorCode, Problem};
use crate::limits::Limits;

pub(crate) type NodeId = usize;

#[derive(Debug)]
pub(crate) struct Node {
    pub kind: Kind,
    /// 1-based line; 0 when the node has no position of its own (an empty value).
    pub line: usize,
    pub column: usize,
}

#[derive(Debug)]
pub(crate) enum Kind {
    /// A scalar; `plain` is false for quoted and block scalars and for `!!str`.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<NodeId>),
    Map(Vec<Entry>),
}

#[derive(Debug)]
pub(crate) struct Entry {
    pub key: String,
    pub value: NodeId,
    /// 1-based line of the key.
    pub line: usize,
    /// 1-based column of the key.
    pub column: usize,
}

#[derive(Debug)]
pub(crate) struct Document {
    nodes: Vec<Node>,
    pub root: Option<NodeId>,
}

impl Document {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }
}

impl Node {
    /// True for a plain `~`, `null` (any common casing) or empty scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, plain: true }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// A short description of the node's type, for messages.
    pub fn describe(&self) -> String {
        match &self.kind {
            _ if self.is_null() => "null".to_owned(),
            Kind::Scalar { text, .. } => format!("'{}'", shorten(text)),
            Kind::Seq(_) => "a list".to_owned(),
            Kind::Map(_) => "a mapping".to_owned(),
        }
    }
}

/// Quotes `text` in at most 60 characters (escapes counted as written), so a message never
/// carries a megabyte string.
pub(crate) fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    let mut shown = String::new();
    let mut width = 0;
    for c in text.chars() {
        // Control characters but the tab (a NUL, a newline) are written as escapes: a message
        // stays one printable line that every front door can carry (Node cannot put a NUL in
        // an Error).
        let escaped = (c.is_control() && c != '\t').then(|| c.escape_unicode().to_string());
        let needed = escaped.as_ref().map_or(1, String::len);
        if width + needed > MAX {
            shown.push_str("...");
            break;
        }
        width += needed;
        match escaped {
            Some(escape) => shown.push_str(&escape),
            None => shown.push(c),
        }
    }
    shown
}

enum Frame {
    Seq {
        items: Vec<NodeId>,
        anchor: usize,
        marker: Marker,
        size: u64,
    },
    Map {
        entries: Vec<Entry>,
        /// The keys of `entries`, once there are enough of them that scanning the list for a
        /// duplicate would make reading a wide mapping quadratic.
        keys: Option<HashSet<String>>,
        /// The key read and waiting for its value, with its line and column.
        pending_key: Option<(String, usize, usize)>,
        anchor: usize,
        marker: Marker,
        size: u64,
    },
}

struct Builder<'l> {
    limits: &'l Limits,
    nodes: Vec<Node>,
    /// Size of each node once every alias below it is expanded.
    sizes: Vec<u64>,
    anchors: HashMap<usize, NodeId>,
    stack: Vec<Frame>,
    root: Option<NodeId>,
    documents: usize,
}

fn problem_at(code: ErrorCode, marker: Marker, message: impl Into<String>) -> Problem {
    Problem::new(code, "", message).at(marker.line(), marker.col() + 1)
}

/// The refusal of a document that grows past `max` nodes, wherever the count is kept.
fn too_many_nodes(marker: Marker, max: usize) -> Problem {
    problem_at(
        ErrorCode::TooManyNodes,
        marker,
        format!(
            "the document expands to more than {max} nodes (aliases count each time they are used)"
        ),
    )
}

fn check_tag(tag: Option<&Tag>, marker: Marker, allowed: &[&str]) -> Result<bool, Problem> {
    let Some(tag) = tag else { return Ok(false) };
    let suffix = match tag.handle.as_str() {
        "!!" | "tag:yaml.org,2002:" => tag.suffix.as_str(),
        _ => {
            return Err(problem_at(
                ErrorCode::UnsupportedYaml,
                marker,
                format!(
                    "custom tag '{}{}' is not supported in an SLO",
                    tag.handle,
                    shorten(&tag.suffix)
                ),
            ))
        }
    };
    if allowed.contains(&suffix) {
        Ok(suffix == "str")
    } else {
        Err(problem_at(
            ErrorCode::UnsupportedYaml,
            marker,
            format!("tag '!!{}' is not supported here", shorten(suffix)),
        ))
    }
}

/// Mappings with at most this many keys are searched for a duplicate key by a linear scan,
/// which is faster than hashing for the few keys an SLO mapping has; wider mappings keep a
/// hash set of their keys.
const SCANNED_KEYS: usize = 16;

/// Whether `key` is already a key of the mapping being built; records it otherwise.
fn is_duplicate(entries: &[Entry], keys: &mut Option<HashSet<String>>, key: &str) -> bool {
    if let Some(keys) = keys {
        return !keys.insert(key.to_owned());
    }
    if entries.iter().any(|e| e.key == key) {
        return true;
    }
    if entries.len() >= SCANNED_KEYS {
        let mut set: HashSet<String> = entries.iter().map(|e| e.key.clone()).collect();
        set.insert(key.to_owned());
        *keys = Some(set);
    }
    false
}

/// Refuses a merge key and a key the mapping already has.
fn check_key(
    entries: &[Entry],
    keys: &mut Option<HashSet<String>>,
    text: &str,
    plain: bool,
    marker: Marker,
) -> Result<(), Problem> {
    if plain && text == "<<" {
        return Err(problem_at(
            ErrorCode::UnsupportedYaml,
            marker,
            "merge keys ('<<') are not supported in an SLO; write the fields out",
        ));
    }
    if is_duplicate(entries, keys, text) {
        return Err(problem_at(
            ErrorCode::DuplicateKey,
            marker,
            format!("duplicate key '{}' in this mapping", shorten(text)),
        ));
    }
    Ok(())
}

impl Builder<'_> {
    fn push_node(&mut self, kind: Kind, marker: Marker, size: u64) -> NodeId {
        self.nodes.push(Node {
            kind,
            line: marker.line(),
            column: marker.col() + 1,
        });
        self.sizes.push(size);
        self.nodes.len() - 1
    }

    fn open(&mut self, marker: Marker) -> Result<(), Problem> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(problem_at(
                ErrorCode::NestingTooDeep,
                marker,
                format!(
                    "the document nests deeper than {} levels",
                    self.limits.max_depth
                ),
            ));
        }
        Ok(())
    }

    /// Attaches a finished node (or an alias of one) to the collection being built.
    fn attach(&mut self, id: NodeId, marker: Marker) -> Result<(), Problem> {
        let size = self.sizes[id];
        let max = self.limits.max_nodes as u64;
        let Some(frame) = self.stack.last_mut() else {
            if self.root.is_some() {
                return Err(problem_at(
                    ErrorCode::InvalidYaml,
                    marker,
                    "unexpected content after the document",
                ));
            }
            self.root = Some(id);
            return Ok(());
        };
        let running = match frame {
            Frame::Seq { items, size: s, .. } => {
                items.push(id);
                *s = s.saturating_add(size);
                *s
            }
            Frame::Map {
                entries,
                keys,
                pending_key,
                size: s,
                marker: start,
                ..
            } => {
                *s = s.saturating_add(size);
                // A block mapping is reported where its first key stands, not at the ':'.
                if entries.is_empty()
                    && pending_key.is_none()
                    && (marker.line(), marker.col()) < (start.line(), start.col())
                {
                    *start = marker;
                }
                if let Some((key, line, column)) = pending_key.take() {
                    entries.push(Entry {
                        key,
                        value: id,
                        line,
                        column,
                    });
                } else {
                    let node = &self.nodes[id];
                    let Kind::Scalar { text, plain } = &node.kind else {
                        return Err(problem_at(
                            ErrorCode::UnsupportedYaml,
                            marker,
                            "mapping keys must be plain text, not lists or mappings",
                        ));
                    };
                    check_key(entries, keys, text, *plain, marker)?;
                    *pending_key = Some((text.clone(), node.line, node.column));
                }
                *s
            }
        };
        if running > max {
            return Err(too_many_nodes(marker, self.limits.max_nodes));
        }
        Ok(())
    }

    /// Takes `text` as the key of the mapping being built when one is awaited, counting it
    /// as attach does; gives it back otherwise.
    fn take_key(
        &mut self,
        text: String,
        plain: bool,
        located: bool,
        marker: Marker,
    ) -> Result<Option<String>, Problem> {
        let max = self.limits.max_nodes as u64;
        let Some(Frame::Map {
            entries,
            keys,
            pending_key: pending_key @ None,
            size,
            marker: start,
            ..
        }) = self.stack.last_mut()
        else {
            return Ok(Some(text));
        };
        *size = size.saturating_add(1);
        if entries.is_empty() && (marker.line(), marker.col()) < (start.line(), start.col()) {
            *start = marker;
        }
        check_key(entries, keys, &text, plain, marker)?;
        let (line, column) = if located {
            (marker.line(), marker.col() + 1)
        } else {
            (0, 0)
        };
        *pending_key = Some((text, line, column));
        if *size > max {
            return Err(too_many_nodes(marker, self.limits.max_nodes));
        }
        Ok(None)
    }

    fn remember_anchor(&mut self, anchor: usize, id: NodeId) {
        if anchor > 0 {
            self.anchors.insert(anchor, id);
        }
    }

    fn event(&mut self, event: Event, marker: Marker) -> Result<bool, Problem> {
        match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => {}
            Event::StreamEnd => return Ok(false),
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(problem_at(
                        ErrorCode::UnsupportedYaml,
                        marker,
                        "a second YAML document starts here; an SLO file holds exactly one",
                    ));
                }
            }
            Event::Alias(anchor) => {
                let Some(&id) = self.anchors.get(&anchor) else {
                    return Err(problem_at(
                        ErrorCode::InvalidYaml,
                        marker,
                        "alias refers to an unknown anchor",
                    ));
                };
                self.attach(id, marker)?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                let forced_str = check_tag(
                    tag.as_ref(),
                    marker,
                    &["str", "int", "float", "bool", "null"],
                )?;
                let plain = style == TScalarStyle::Plain && !forced_str;
                // An empty plain scalar has no text of its own: the parser places it at the
                // next token, which would point at the wrong line. Leave it unlocated.
                let located = !(plain && text.is_empty());
                // A key without an anchor is kept only as the entry's key: no node of its own.
                let text = match anchor {
                    0 => match self.take_key(text, plain, located, marker)? {
                        Some(text) => text,
                        None => return Ok(true),
                    },
                    _ => text,
                };
                let id = self.push_node(Kind::Scalar { text, plain }, marker, 1);
                if !located {
                    self.nodes[id].line = 0;
                    self.nodes[id].column = 0;
                }
                self.remember_anchor(anchor, id);
                self.attach(id, marker)?;
            }
            Event::SequenceStart(anchor, tag) => {
                check_tag(tag.as_ref(), marker, &["seq"])?;
                self.open(marker)?;
                self.stack.push(Frame::Seq {
                    items: Vec::new(),
                    anchor,
                    marker,
                    size: 1,
                });
            }
            Event::MappingStart(anchor, tag) => {
                check_tag(tag.as_ref(), marker, &["map"])?;
                self.open(marker)?;
                self.stack.push(Frame::Map {
                    entries: Vec::new(),
                    keys: None,
                    pending_key: None,
                    anchor,
                    marker,
                    size: 1,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (kind, anchor, start, size) = match self.stack.pop() {
                    Some(Frame::Seq {
                        items,
                        anchor,
                        marker,
                        size,
                    }) => (Kind::Seq(items), anchor, marker, size),
                    Some(Frame::Map {
                        entries,
                        anchor,
                        marker,
                        size,
                        ..
                    }) => (Kind::Map(entries), anchor, marker, size),
                    None => {
                        return Err(problem_at(
                            ErrorCode::InvalidYaml,
                            marker,
                            "unbalanced end of a collection",
                        ))
                    }
                };
                let id = self.push_node(kind, start, size);
                self.remember_anchor(anchor, id);
                self.attach(id, marker)?;
            }
        }
        Ok(true)
    }
}

/// The message of `yaml-rust2`'s scanner when flow collections (`[`, `{`) nest deeper than
/// it can count.
const SCANNER_DEPTH_ERROR: &str = "recursion limit exceeded";

/// The deepest nesting of flow collections the scanner reads, whatever [`Limits::max_depth`]
/// says.
const MAX_FLOW_DEPTH: usize = u8::MAX as usize;

/// Whether YAML allows `c` in a document: tab, line feed, carriage return, the printable
/// characters, and not the other control characters, `U+FFFE` or `U+FFFF` (YAML 1.2, 5.1).
fn allowed_in_yaml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}')
        || (c >= '\u{a0}' && !matches!(c, '\u{fffe}' | '\u{ffff}'))
}

/// The first character of `text` that YAML forbids, as a located problem. The YAML reader
/// would stop at such a character (a NUL, typically) and silently return the document read
/// so far.
fn forbidden_character(text: &str) -> Option<Problem> {
    let at = text.find(|c: char| !allowed_in_yaml(c))?;
    let c = text[at..].chars().next()?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    Some(
        Problem::new(
            ErrorCode::ForbiddenCharacter,
            "",
            format!(
                "the character U+{:04X} is not allowed in YAML; remove it (a NUL or another \
                 control character, typically from a broken copy or encoding)",
                u32::from(c)
            ),
        )
        .at(line, column),
    )
}

/// Parses `text` into a [`Document`], enforcing `limits`.
pub(crate) fn load(text: &str, limits: &Limits) -> Result<Document, Problem> {
    if text.len() > limits.max_document_bytes {
        return Err(crate::limits::document_too_large(limits.max_document_bytes));
    }
    if let Some(problem) = forbidden_character(text) {
        return Err(problem);
    }
    let mut builder = Builder {
        limits,
        nodes: Vec::new(),
        sizes: Vec::new(),
        anchors: HashMap::new(),
        stack: Vec::new(),
        root: None,
        documents: 0,
    };
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, marker) = parser.next_token().map_err(|e| {
            let marker = *e.marker();
            if e.info() == SCANNER_DEPTH_ERROR {
                // The reader looks ahead across flow collections, so it can meet its own
                // nesting bound before the builder sees the collections open.
                return problem_at(
                    ErrorCode::NestingTooDeep,
                    marker,
                    format!(
                        "the document nests deeper than {} levels",
                        limits.max_depth.min(MAX_FLOW_DEPTH)
                    ),
                );
            }
            problem_at(
                ErrorCode::InvalidYaml,
                marker,
                format!("invalid YAML: {}", e.info()),
            )
        })?;
        if !builder.event(event, marker)? {
            break;
        }
    }
    Ok(Document {
        nodes: builder.nodes,
        root: builder.root,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_default(text: &str) -> Result<Document, Problem> {
        load(text, &Limits::default())
    }

    #[test]
    fn shortened_text_counts_escapes_as_written() {
        assert_eq!(shorten("a\0b"), "a\\u{0}b");
        let controls = "\u{1a}".repeat(50);
        let shown = shorten(&controls);
        assert_eq!(shown, format!("{}...", "\\u{1a}".repeat(10)));
        assert_eq!(shorten(&"x".repeat(60)), "x".repeat(60));
        assert_eq!(shorten(&"x".repeat(61)), format!("{}...", "x".repeat(60)));
    }

    #[test]
    fn records_positions_of_nodes_and_keys() {
        let doc = load_default("a:\n  - x\n  - 'y'\n").unwrap();
        let root = doc.node(doc.root.unwrap());
        let Kind::Map(entries) = &root.kind else {
            panic!("root is not a mapping")
        };
        let Kind::Seq(items) = &doc.node(entries[0].value).kind else {
            panic!("value is not a list")
        };
        let second = doc.node(items[1]);
        assert_eq!((second.line, second.column), (3, 5));
        assert!(matches!(&second.kind, Kind::Scalar { text, plain: false } if text == "y"));
    }

    #[test]
    fn refuses_duplicate_keys_at_the_second_key() {
        let err = load_default("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.code(), ErrorCode::DuplicateKey);
        assert_eq!((err.line(), err.column()), (Some(3), Some(1)));
        assert_eq!(err.message(), "duplicate key 'a' in this mapping");
    }

    #[test]
    fn refuses_an_alias_bomb_by_its_expanded_size() {
        let mut lines = vec!["a0: &a0 [x, x, x, x, x, x, x, x, x, x]".to_owned()];
        for i in 1..12 {
            let item = format!("*a{}", i - 1);
            lines.push(format!("a{i}: &a{i} [{}]", [item.as_str(); 10].join(", ")));
        }
        let text = lines.join("\n");
        let err = load_default(&text).unwrap_err();
        assert_eq!(err.code(), ErrorCode::TooManyNodes);
    }

    #[test]
    fn refuses_deep_nesting() {
        let text = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let err = load_default(&text).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NestingTooDeep);
    }

    #[test]
    fn refuses_second_document_merge_keys_and_custom_tags() {
        assert_eq!(
            load_default("a: 1\n---\nb: 2\n").unwrap_err().code(),
            ErrorCode::UnsupportedYaml
        );
        assert_eq!(
            load_default("base: &b {x: 1}\nother:\n  <<: *b\n")
                .unwrap_err()
                .code(),
            ErrorCode::UnsupportedYaml
        );
        assert_eq!(
            load_default("a: !custom 1\n").unwrap_err().code(),
            ErrorCode::UnsupportedYaml
        );
        assert!(load_default("a: !!str 1\n").is_ok());
    }

    #[test]
    fn reports_syntax_errors_with_position() {
        let err = load_default("a: [1, 2\n").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidYaml);
        assert!(err.line().is_some());
    }
}
