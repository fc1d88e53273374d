//! Text → a tree of values with spans.
//!
//! YAML (and JSON, which YAML 1.2 reads as flow style) is read with `saphyr-parser`'s event
//! stream, so this file owns the tree: it refuses what K7 would misread or what could exhaust
//! the machine (more than one document, tags, merge keys, duplicate keys, deep nesting, alias
//! bombs, huge input) and converts the parser's character indices into UTF-16 positions.

use std::collections::HashMap;
use std::rc::Rc;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

use crate::diagnostic::{Code, Diagnostic, Position, Span, pointer};

/// Largest accepted input, in bytes of UTF-8.
pub const MAX_INPUT_BYTES: usize = 1 << 20;
/// Deepest accepted nesting of sequences and mappings.
pub const MAX_DEPTH: usize = 64;
/// Most nodes that aliases may add to the tree, all aliases together.
pub const MAX_ALIAS_EXPANSION: usize = 100_000;

/// A value of the tree, with the span of its text (`None` for input that had no text).
#[derive(Debug)]
pub struct Node {
    /// Where the value is written.
    pub span: Option<Span>,
    /// What it is.
    pub value: Value,
}

/// The shape of a node. Scalars keep their text; typing happens in `spec.rs`.
#[derive(Debug)]
pub enum Value {
    /// A scalar and how it was written (quoted scalars are always strings).
    Scalar {
        /// The scalar's text after unescaping and folding.
        text: String,
        /// How it was written: only plain scalars can be numbers, booleans or null.
        style: Style,
    },
    /// A sequence.
    Seq(Vec<Rc<Node>>),
    /// A mapping, in source order.
    Map(Vec<(Rc<Node>, Rc<Node>)>),
}

impl Node {
    /// Number of nodes in this subtree, counting itself.
    fn size(&self) -> usize {
        match &self.value {
            Value::Scalar { .. } => 1,
            Value::Seq(items) => 1 + items.iter().map(|n| n.size()).sum::<usize>(),
            Value::Map(entries) => {
                1 + entries
                    .iter()
                    .map(|(k, v)| k.size() + v.size())
                    .sum::<usize>()
            }
        }
    }

    /// The text of a scalar.
    pub fn scalar(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }
}

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Unquoted: `true`, `1` and `null` get their YAML types.
    Plain,
    /// Single- or double-quoted: always a string.
    Quoted,
    /// A `|` block: always a string, whose lines are the source lines.
    Literal,
    /// A `>` block: always a string, lines folded.
    Folded,
}

/// Converts the parser's character indices into UTF-16 positions.
///
/// A UTF-16 offset is the character index plus the number of characters outside the Basic
/// Multilingual Plane before it (each takes two code units), so only those are recorded.
pub(crate) struct LineIndex {
    /// Character indices of the characters that take two UTF-16 units.
    astral: Vec<usize>,
    /// UTF-16 offset at which each line starts.
    line_starts: Vec<u32>,
    /// UTF-16 offset at which each line's content ends, before its line break.
    line_ends: Vec<u32>,
    /// Number of characters in the text.
    chars: usize,
    /// Whether the text starts with a byte-order mark, which editors hide: line 1 counts
    /// columns after it.
    bom: bool,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut astral = Vec::new();
        let mut line_starts = vec![0];
        let mut line_ends = Vec::new();
        let mut offset: u32 = 0;
        let mut previous = '\0';
        let mut count = 0;
        let mut chars = text.chars().enumerate().peekable();
        while let Some((index, c)) = chars.next() {
            count = index + 1;
            let width = c.len_utf16() as u32;
            if width == 2 {
                astral.push(index);
            }
            let line_break = match c {
                '\n' => true,
                '\r' => !matches!(chars.peek(), Some((_, '\n'))),
                _ => false,
            };
            if line_break {
                line_ends.push(offset - u32::from(c == '\n' && previous == '\r'));
                line_starts.push(offset + width);
            }
            offset += width;
            previous = c;
        }
        line_ends.push(offset);
        LineIndex {
            chars: count,
            astral,
            line_starts,
            line_ends,
            bom: text.starts_with('\u{feff}'),
        }
    }

    /// Whether the text breaks its lines with `\r\n` (as its first line break does): what an
    /// edit that adds a line writes.
    pub(crate) fn crlf(&self) -> bool {
        matches!((self.line_starts.get(1), self.line_ends.first()), (Some(s), Some(e)) if s - e == 2)
    }

    /// The position at the end of a line's content (before its line break).
    fn end_of_line(&self, line: u32) -> Option<Position> {
        let end = *self.line_ends.get(line.checked_sub(1)? as usize)?;
        Some(self.position(end))
    }

    /// UTF-16 offset of a character index.
    pub(crate) fn offset_of_char(&self, char_index: usize) -> u32 {
        // The scanner can report a mark past the end of the text (after a truncated directive).
        let char_index = char_index.min(self.chars);
        let before = self.astral.partition_point(|&i| i < char_index);
        (char_index + before) as u32
    }

    /// The position of a UTF-16 offset.
    pub(crate) fn position(&self, offset: u32) -> Position {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let bom = u32::from(line == 1 && self.bom && offset > 0);
        Position {
            line: line as u32,
            column: offset - start - bom + 1,
            offset,
        }
    }

    /// The position of a 1-based line and column (UTF-16 units).
    pub(crate) fn at(&self, line: u32, column: u32) -> Position {
        let start = self
            .line_starts
            .get(line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(0);
        let bom = u32::from(line == 1 && self.bom);
        Position {
            line,
            column,
            offset: start + bom + column.saturating_sub(1),
        }
    }

    fn span(&self, span: saphyr_parser::Span) -> Span {
        let start = self.offset_of_char(span.start.index());
        let end = self.offset_of_char(span.end.index()).max(start);
        Span {
            start: self.position(start),
            end: self.position(end),
        }
    }

    pub(crate) fn point(&self, char_index: usize) -> Span {
        let p = self.position(self.offset_of_char(char_index));
        Span { start: p, end: p }
    }
}

/// The result of reading a text: the document's root (when it could be read) and the problems.
pub struct Parsed {
    /// Maps the parser's positions to UTF-16 ones; validators use it for spans inside scalars.
    pub(crate) lines: LineIndex,
    /// The document, or `None` when the text could not be read as one.
    pub root: Option<Rc<Node>>,
    /// Problems with the text itself.
    pub diagnostics: Vec<Diagnostic>,
}

/// The text of a spec file's bytes as the command line takes them (its front ends read at most
/// one byte more than [`MAX_INPUT_BYTES`]), or why it refuses them, in one line: more than the
/// limit, or not UTF-8, with the line, UTF-16 column and byte offset of the first invalid
/// sequence, as K7's loader refuses such a file (a replacement character would hide it). A byte
/// order mark stays in the text.
///
/// ```
/// assert_eq!(k7_spec::spec_text(b"name: demo\n").unwrap(), "name: demo\n");
/// assert_eq!(
///     k7_spec::spec_text(b"name: demo\nimage: \xc3\xa9\xe2\x28\xa1\n").unwrap_err(),
///     "invalid UTF-8 at line 2, column 9 (byte offset 20)"
/// );
/// // Columns count UTF-16 code units, as editors do: the crab is two.
/// assert_eq!(
///     k7_spec::spec_text(b"# \xf0\x9f\xa6\x80 \xff").unwrap_err(),
///     "invalid UTF-8 at line 1, column 6 (byte offset 7)"
/// );
/// let over = vec![b'#'; k7_spec::MAX_INPUT_BYTES + 1];
/// assert_eq!(k7_spec::spec_text(&over).unwrap_err(), "more than 1048576 bytes (1 MiB), the limit of a spec");
/// ```
pub fn spec_text(bytes: &[u8]) -> Result<&str, String> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(format!(
            "more than {MAX_INPUT_BYTES} bytes (1 MiB), the limit of a spec"
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let valid = bytes.get(..offset).map(std::str::from_utf8);
        let before = valid.and_then(Result::ok).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let last = before.rsplit('\n').next().unwrap_or_default();
        let column = last.encode_utf16().count() + 1;
        format!("invalid UTF-8 at line {line}, column {column} (byte offset {offset})")
    })
}

/// Reads YAML or JSON text into a tree.
pub fn parse(text: &str) -> Parsed {
    if text.len() > MAX_INPUT_BYTES {
        return too_large(text);
    }
    let lines = LineIndex::new(text);
    // `saphyr-parser` refuses a tab between a mapping colon and its value (`name:\tdemo`), which
    // YAML 1.2 and K7's loader accept. Such a tab is only a separator, so the text is read with
    // a space instead of every tab that follows a colon: one character for one, every position
    // unchanged. A tab so replaced that turns out to lie inside a scalar (`"a:\tb"`) was content:
    // those are put back for a second and last reading. At most two readings, whatever the text.
    let tabs = tabs_after_colons(text);
    let (mut root, mut diagnostics, inside) = read(text, &lines, &tabs);
    if !inside.is_empty() {
        let kept: Vec<usize> = tabs
            .into_iter()
            .filter(|t| inside.binary_search(t).is_err())
            .collect();
        (root, diagnostics, _) = read(text, &lines, &kept);
    }
    Parsed {
        lines,
        root,
        diagnostics,
    }
}

/// The refusal of a text longer than [`MAX_INPUT_BYTES`], after looking at no more than that
/// many bytes of it: nothing proportional to the whole input is built.
fn too_large(text: &str) -> Parsed {
    let mut cut = MAX_INPUT_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = text.get(..cut).unwrap_or_default();
    let end = end_of(head);
    Parsed {
        lines: LineIndex::new(""),
        root: None,
        diagnostics: vec![
            Diagnostic::new(
                Code::InputTooLarge,
                "",
                Some(Span { start: end, end }),
                format!(
                    "the spec is {} bytes long, more than the limit of {} bytes (1 MiB)",
                    text.len(),
                    MAX_INPUT_BYTES
                ),
            )
            .help("a sandbox spec is a few dozen lines: check that this is the right file"),
        ],
    }
}

/// The position at the end of `text`, as [`LineIndex`] counts it, in constant memory.
fn end_of(text: &str) -> Position {
    let bytes = text.as_bytes();
    let breaks = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    let last = text.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let units = |s: &str| s.encode_utf16().count() as u32;
    let line = text.get(last..).unwrap_or_default();
    let bom = u32::from(breaks == 0 && text.starts_with('\u{feff}'));
    Position {
        line: breaks as u32 + 1,
        column: units(line) - bom + 1,
        offset: units(text),
    }
}

/// Character indices of the tabs in the whitespace that follows a colon, in increasing order.
fn tabs_after_colons(text: &str) -> Vec<usize> {
    let mut tabs = Vec::new();
    let mut after_colon = false;
    for (index, c) in text.chars().enumerate() {
        match c {
            ':' => after_colon = true,
            '\t' if after_colon => tabs.push(index),
            ' ' | '\t' => {}
            _ => after_colon = false,
        }
    }
    tabs
}

/// One reading of `text`, with a space instead of the tabs at the character indices `tabs`:
/// the root, the diagnostics, and those of `tabs` that lie inside a scalar.
fn read(
    text: &str,
    lines: &LineIndex,
    tabs: &[usize],
) -> (Option<Rc<Node>>, Vec<Diagnostic>, Vec<usize>) {
    let source = if tabs.is_empty() {
        std::borrow::Cow::Borrowed(text)
    } else {
        let mut next = tabs.iter().peekable();
        std::borrow::Cow::Owned(
            text.chars()
                .enumerate()
                .map(|(i, c)| {
                    if next.next_if_eq(&&i).is_some() {
                        ' '
                    } else {
                        c
                    }
                })
                .collect::<String>(),
        )
    };
    let mut builder = Builder {
        lines,
        anchors: Vec::new(),
        alias_budget: MAX_ALIAS_EXPANSION,
        diagnostics: Vec::new(),
        stack: Vec::new(),
        root: None,
        documents: 0,
        tabs,
        inside: Vec::new(),
    };
    match builder.run(&source) {
        Ok(()) => (builder.root.take(), builder.diagnostics, builder.inside),
        Err(stop) => {
            builder.diagnostics.push(*stop);
            (None, builder.diagnostics, builder.inside)
        }
    }
}

/// What ends a reading: the one diagnostic that says why (boxed: it is the rare path).
type Stop = Box<Diagnostic>;

/// A collection being built, with the path to it.
enum Frame {
    Seq {
        items: Vec<Rc<Node>>,
        anchor: usize,
        start: Span,
    },
    Map {
        entries: Vec<(Rc<Node>, Rc<Node>)>,
        /// Index into `entries` of each key seen, so a duplicate key replaces the first value,
        /// as K7's loader does, in constant time.
        seen: HashMap<String, usize>,
        /// The key read last, waiting for its value, and the entry it replaces if a duplicate.
        key: Option<(Rc<Node>, Option<usize>)>,
        anchor: usize,
        start: Span,
    },
}

struct Builder<'a> {
    lines: &'a LineIndex,
    /// Anchored nodes by the parser's anchor id (ids count up from 1).
    anchors: Vec<Option<Rc<Node>>>,
    alias_budget: usize,
    diagnostics: Vec<Diagnostic>,
    stack: Vec<Frame>,
    root: Option<Rc<Node>>,
    documents: usize,
    /// Character indices of the tabs read as spaces, in increasing order.
    tabs: &'a [usize],
    /// Those of `tabs` that lie inside a scalar, in increasing order.
    inside: Vec<usize>,
}

fn error(code: Code, message: String, path: String, span: Span, help: Option<&str>) -> Diagnostic {
    let diagnostic = Diagnostic::new(code, path, Some(span), message);
    match help {
        Some(help) => diagnostic.help(help),
        None => diagnostic,
    }
}

impl Builder<'_> {
    /// Consumes the event stream. `Err` is a problem after which the text cannot be read on.
    fn run(&mut self, text: &str) -> Result<(), Stop> {
        let mut parser = Parser::new_from_str(text);
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|e| self.syntax_error(&e))?;
            if matches!(event, Event::Scalar(..)) {
                let (start, end) = (span.start.index(), span.end.index());
                let from = self.tabs.partition_point(|&t| t < start);
                let to = self.tabs.partition_point(|&t| t < end);
                self.inside
                    .extend(self.tabs.get(from..to).unwrap_or_default());
            }
            let at = self.lines.span(span);
            let is_seq = matches!(event, Event::SequenceStart(..));
            match event {
                Event::DocumentStart(_) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        return Err(error(
                            Code::MultipleDocuments,
                            "the text holds more than one YAML document".into(),
                            String::new(),
                            at,
                            Some(
                                "a spec is one document: remove the `---` and what follows, or split it into files",
                            ),
                        ).into());
                    }
                }
                Event::Scalar(text, style, anchor, tag) => {
                    let style = match style {
                        ScalarStyle::Plain => Style::Plain,
                        ScalarStyle::Literal => Style::Literal,
                        ScalarStyle::Folded => Style::Folded,
                        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                    };
                    if let Some(tag) = tag
                        && !(tag.is_yaml_core_schema() && tag.suffix == "str")
                    {
                        return Err(self.tag_error(&tag, at).into());
                    }
                    // A block scalar's text ends with its last line, not at the next key.
                    let mut at = at;
                    if matches!(style, Style::Literal | Style::Folded)
                        && at.end.column == 1
                        && at.end.line > at.start.line
                        && let Some(end) = self.lines.end_of_line(at.end.line - 1)
                    {
                        at.end = end.max(at.start);
                    }
                    let node = Rc::new(Node {
                        span: Some(at),
                        value: Value::Scalar {
                            style,
                            text: text.into_owned(),
                        },
                    });
                    self.anchor(anchor, &node);
                    self.push(node, at)?;
                }
                Event::Alias(id) => {
                    let target = self
                        .anchors
                        .get(id)
                        .and_then(Option::as_ref)
                        .cloned()
                        .ok_or_else(|| {
                            error(
                                Code::InvalidSyntax,
                                "alias to an unknown anchor".into(),
                                self.path(),
                                at,
                                None,
                            )
                        })?;
                    let size = target.size();
                    if size > self.alias_budget {
                        return Err(error(
                            Code::AliasExpansionLimit,
                            format!("aliases expand to more than {MAX_ALIAS_EXPANSION} values"),
                            self.path(),
                            at,
                            Some("write the values out instead of nesting aliases"),
                        )
                        .into());
                    }
                    self.alias_budget -= size;
                    let node = Rc::new(Node {
                        span: Some(at),
                        value: match &target.value {
                            Value::Scalar { text, style } => Value::Scalar {
                                text: text.clone(),
                                style: *style,
                            },
                            Value::Seq(items) => Value::Seq(items.clone()),
                            Value::Map(entries) => Value::Map(entries.clone()),
                        },
                    });
                    self.push(node, at)?;
                }
                Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                    if let Some(tag) = tag {
                        let expected = if is_seq { "seq" } else { "map" };
                        if !(tag.is_yaml_core_schema() && tag.suffix == expected) {
                            return Err(self.tag_error(&tag, at).into());
                        }
                    }
                    if self.stack.len() >= MAX_DEPTH {
                        return Err(self.too_deep(at).into());
                    }
                    self.stack.push(if is_seq {
                        Frame::Seq {
                            items: Vec::new(),
                            anchor,
                            start: at,
                        }
                    } else {
                        Frame::Map {
                            entries: Vec::new(),
                            seen: HashMap::new(),
                            key: None,
                            anchor,
                            start: at,
                        }
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(frame) = self.stack.pop() else {
                        continue;
                    };
                    let (value, anchor, start) = match frame {
                        Frame::Seq {
                            items,
                            anchor,
                            start,
                        } => (Value::Seq(items), anchor, start),
                        Frame::Map {
                            entries,
                            anchor,
                            start,
                            ..
                        } => (Value::Map(entries), anchor, start),
                    };
                    // Block collections end where their last value ends, not on the next line.
                    let last_end = match &value {
                        Value::Seq(items) => items.last().and_then(|n| n.span).map(|s| s.end),
                        Value::Map(entries) => {
                            entries.last().and_then(|(_, v)| v.span).map(|s| s.end)
                        }
                        Value::Scalar { .. } => None,
                    };
                    let end =
                        if at.end.offset > start.start.offset && at.start.offset != at.end.offset {
                            // Flow style: just after the closing bracket (the event's own
                            // span runs on over a comment that follows it).
                            self.lines.position(at.start.offset + 1)
                        } else {
                            last_end.unwrap_or(start.end)
                        };
                    let node = Rc::new(Node {
                        span: Some(Span {
                            start: start.start,
                            end,
                        }),
                        value,
                    });
                    self.anchor(anchor, &node);
                    self.push(node, at)?;
                }
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
            }
        }
        Ok(())
    }

    fn syntax_error(&self, e: &ScanError) -> Diagnostic {
        let at = self.lines.point(e.marker().index());
        // The scanner reads ahead of the events, so a very deep flow collection can hit its own
        // recursion limit before the builder counts 64 levels: the same problem, the same code.
        if e.info().contains("recursion limit") {
            return self.too_deep(at);
        }
        error(
            Code::InvalidSyntax,
            format!("invalid YAML: {}", e.info()),
            self.path(),
            at,
            None,
        )
    }

    fn too_deep(&self, at: Span) -> Diagnostic {
        error(
            Code::NestingTooDeep,
            format!("values are nested more than {MAX_DEPTH} levels deep"),
            self.path(),
            at,
            Some("a sandbox spec needs at most four levels"),
        )
    }

    fn tag_error(&self, tag: &saphyr_parser::Tag, at: Span) -> Diagnostic {
        let name = if tag.is_yaml_core_schema() {
            format!("!!{}", tag.suffix)
        } else {
            format!("{}{}", tag.handle, tag.suffix)
        };
        error(
            Code::UnsupportedTag,
            format!("the tag `{name}` is not allowed in a spec"),
            self.path(),
            at,
            Some(
                "remove the tag: a spec holds only plain strings, numbers, booleans, lists and mappings",
            ),
        )
    }

    fn anchor(&mut self, id: usize, node: &Rc<Node>) {
        if id == 0 {
            return;
        }
        if self.anchors.len() <= id {
            self.anchors.resize(id + 1, None);
        }
        if let Some(slot) = self.anchors.get_mut(id) {
            *slot = Some(Rc::clone(node));
        }
    }

    /// JSON Pointer to the value being read.
    fn path(&self) -> String {
        let mut tokens = Vec::with_capacity(self.stack.len());
        for frame in &self.stack {
            match frame {
                Frame::Seq { items, .. } => tokens.push(items.len().to_string()),
                Frame::Map {
                    key: Some((key, _)),
                    ..
                } => tokens.push(key.scalar().unwrap_or("?").to_owned()),
                Frame::Map { key: None, .. } => break,
            }
        }
        pointer(tokens)
    }

    /// Adds a finished node to the collection being built, or makes it the root.
    fn push(&mut self, node: Rc<Node>, at: Span) -> Result<(), Stop> {
        let duplicate = match self.stack.last() {
            Some(Frame::Map {
                key: None,
                seen,
                entries,
                ..
            }) => {
                let duplicate = self.check_key(&node, at, seen)?;
                if let Some(d) =
                    duplicate.and_then(|i| self.duplicate_key(&node, at, entries.get(i)))
                {
                    self.diagnostics.push(d);
                }
                duplicate
            }
            _ => None,
        };
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries, seen, key, ..
            }) => match key.take() {
                None => {
                    if duplicate.is_none() {
                        seen.insert(node.scalar().unwrap_or_default().to_owned(), entries.len());
                    }
                    *key = Some((node, duplicate));
                }
                Some((k, Some(first))) => {
                    if let Some(entry) = entries.get_mut(first) {
                        *entry = (k, node);
                    }
                }
                Some((k, None)) => entries.push((k, node)),
            },
        }
        Ok(())
    }

    /// Refuses keys that are not plain strings and merge keys; returns the index of the entry
    /// this key repeats, if any.
    fn check_key(
        &self,
        node: &Node,
        at: Span,
        seen: &HashMap<String, usize>,
    ) -> Result<Option<usize>, Stop> {
        let Some(name) = node.scalar() else {
            return Err(error(
                Code::InvalidSyntax,
                "a mapping key must be a plain string, not a list or a mapping".into(),
                self.path(),
                node.span.unwrap_or(at),
                None,
            )
            .into());
        };
        if name == "<<"
            && matches!(
                node.value,
                Value::Scalar {
                    style: Style::Plain,
                    ..
                }
            )
        {
            return Err(error(
                Code::MergeKeyUnsupported,
                "merge keys (`<<`) are not supported".into(),
                self.path(),
                node.span.unwrap_or(at),
                Some("write the keys out in this mapping"),
            )
            .into());
        }
        Ok(seen.get(name).copied())
    }

    fn duplicate_key(
        &self,
        node: &Node,
        at: Span,
        first: Option<&(Rc<Node>, Rc<Node>)>,
    ) -> Option<Diagnostic> {
        let name = node.scalar()?;
        let line = first?.0.span.map_or(0, |s| s.start.line);
        Some(error(
            Code::DuplicateKey,
            format!("the key `{name}` appears twice in this mapping (first on line {line})"),
            format!("{}{}", self.path(), pointer([name])),
            node.span.unwrap_or(at),
            Some("keep one of them: K7 would silently use the last one"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_of_a_text_is_where_the_line_index_puts_it() {
        for text in [
            "",
            "a",
            "\n",
            "a\nb",
            "a\r\nb",
            "a\rb",
            "a\r",
            "\u{feff}",
            "\u{feff}ab",
            "\u{feff}a\nb",
            "😀\n😀x",
            "a\r\n",
            "\r\n\r\n",
        ] {
            let lines = LineIndex::new(text);
            assert_eq!(
                end_of(text),
                lines.point(text.chars().count()).start,
                "{text:?}"
            );
        }
    }
}
