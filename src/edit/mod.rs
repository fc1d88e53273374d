//! Lossless edits of a spec's text: set, insert, append, remove or rename a value at a JSON
//! Pointer, or replace a span. Each operation changes only the bytes it must: comments, blank
//! lines, key order, quoting, flow or block style, indentation, CRLF line breaks and a BOM stay
//! as they were everywhere else. New keys go after the field that precedes them in the spec's
//! documented order, in the file's indentation; values are written in the file's style (JSON in
//! a JSON file, a `|` block for a block scalar or new text of several lines), quoted where a YAML
//! 1.1 or 1.2 reader would misread them.
//!
//! ```
//! use k7_spec::{Operation, edit};
//!
//! let text = "name: demo  # the sandbox\nimage: alpine:3.20\negress_whitelist:\n  - pypi.org\n";
//! let ops = [
//!     Operation::Append { path: "/egress_whitelist".into(), value: "10.0.0.0/8".into() },
//!     Operation::Set { path: "/pod_non_root".into(), value: true.into() },
//! ];
//! assert_eq!(
//!     edit(text, &ops).unwrap(),
//!     "name: demo  # the sandbox\nimage: alpine:3.20\negress_whitelist:\n  - pypi.org\n  - 10.0.0.0/8\npod_non_root: true\n",
//! );
//! ```

mod block;
mod values;
mod write;

use std::rc::Rc;

use serde_json::Value as Json;

use crate::change::{Operation, TextEdit};
use crate::diagnostic::{Position, Span};
use crate::source::{self, LineIndex, Node, Value};
use crate::spec::FIELDS;
pub use values::{MAX_PATHS, ValueAt, Values, read_values};
use write::Style;

/// Why an operation cannot be applied: which one (0-based) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditError {
    /// The index of the operation.
    pub operation: usize,
    /// What is wrong, naming the path.
    pub message: String,
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "operation {}: {}", self.operation, self.message)
    }
}

impl std::error::Error for EditError {}

/// Most operations in one call.
pub const MAX_OPERATIONS: usize = 1000;

/// Applies the operations in order, each to the text the previous one left, and returns the new
/// text. Never panics; an operation that cannot be applied (a path that is not there, an alias,
/// a text that is not a YAML mapping) fails the whole call, naming it.
pub fn edit(source: &str, operations: &[Operation]) -> Result<String, EditError> {
    if operations.len() > MAX_OPERATIONS {
        return Err(EditError {
            operation: MAX_OPERATIONS,
            message: format!("at most {MAX_OPERATIONS} operations are applied at once"),
        });
    }
    let mut text = source.to_owned();
    for (i, op) in operations.iter().enumerate() {
        let change = plan(&text, op).map_err(|message| EditError {
            operation: i,
            message,
        })?;
        let mut next = String::with_capacity(text.len() + change.text.len());
        next.push_str(text.get(..change.start).unwrap_or_default());
        next.push_str(&change.text);
        next.push_str(text.get(change.end..).unwrap_or_default());
        // An edit that leaves text YAML cannot read is refused, never returned.
        if source::parse(&next).root.is_none() {
            return Err(EditError {
                operation: i,
                message: "the edit would leave text that is not a YAML document".into(),
            });
        }
        text = next;
    }
    Ok(text)
}

/// The one replacement that turns `old` into `new` (their common start and end left out), in
/// `old`'s UTF-16 positions: what an editor applies.
pub fn text_edit(old: &str, new: &str) -> TextEdit {
    minimal_edit(&LineIndex::new(old), &Offsets::new(old), 0..old.len(), new)
}

/// The replacement of the byte range `replaced` of a text by `new`, without the start and end
/// they have in common, in UTF-16 positions.
fn minimal_edit(
    lines: &LineIndex,
    offsets: &Offsets,
    replaced: std::ops::Range<usize>,
    new: &str,
) -> TextEdit {
    let old = offsets.text.get(replaced.clone()).unwrap_or_default();
    let prefix = common_prefix(old, new);
    let suffix = common_suffix(&old[prefix..], &new[prefix..]);
    let (start, end) = (replaced.start + prefix, replaced.end - suffix);
    TextEdit {
        span: Span {
            start: lines.position(offsets.units(start)),
            end: lines.position(offsets.units(end)),
        },
        text: new[prefix..new.len() - suffix].to_owned(),
    }
}

/// A replacement of the byte range `start..end`.
struct Change {
    start: usize,
    end: usize,
    text: String,
}

/// The text, parsed, with what the edits need to know about it.
struct Doc<'a> {
    text: &'a str,
    root: Rc<Node>,
    style: Style,
    offsets: Offsets<'a>,
}

/// Where a JSON Pointer leads.
struct Found {
    /// The collection that holds it and, for a map, the key.
    parent: Rc<Node>,
    key: Option<Rc<Node>>,
    /// The node itself, when it exists.
    node: Option<Rc<Node>>,
    /// Its index in the parent (an existing or next list index, or a key's position).
    index: usize,
    /// The last token of the pointer.
    token: String,
    /// Tokens above the parent.
    depth: usize,
}

fn tokens(path: &str) -> Result<Vec<String>, String> {
    if path.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Err(format!(
            "`{path}` is not a JSON Pointer: it starts with `/`"
        ));
    };
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

impl<'a> Doc<'a> {
    fn parse(text: &'a str) -> Result<Doc<'a>, String> {
        Doc::of(text, source::parse(text).root)
    }

    /// The text and its root, as [`source::parse`] read it.
    fn of(text: &'a str, root: Option<Rc<Node>>) -> Result<Doc<'a>, String> {
        let root =
            root.ok_or_else(|| "the text is not a YAML document that can be edited".to_owned())?;
        if !matches!(root.value, Value::Map(_)) {
            return Err("the spec is not a mapping of fields".into());
        }
        let offsets = Offsets::new(text);
        let style = Style::of(text, &root, &|offset| offsets.byte(offset));
        Ok(Doc {
            text,
            root,
            style,
            offsets,
        })
    }

    /// The byte offset of a node's start or end.
    fn byte(&self, p: Position) -> usize {
        self.offsets.byte(p.offset)
    }

    fn start(&self, n: &Node) -> usize {
        n.span.map_or(0, |s| self.byte(s.start))
    }

    fn end(&self, n: &Node) -> usize {
        n.span.map_or(0, |s| self.byte(s.end))
    }

    fn is_flow(&self, n: &Node) -> bool {
        matches!(write::opener(self.text, self.start(n)), Some(b'[' | b'{'))
    }

    /// Where a value's own text starts, after its anchor (`&name `); an anchored empty value's
    /// end.
    fn after_anchor(&self, n: &Node) -> usize {
        let rest = &self.text[self.start(n)..];
        (self.start(n) + rest.len() - write::skip_anchor(rest).len()).min(self.end(n))
    }

    /// Where the text of an empty value goes: after its anchor (`- &a`), else after its key's
    /// colon (`key:`) or its `-`, before a comment on its line.
    fn empty_at(&self, key: Option<&Rc<Node>>, n: &Node) -> usize {
        match key {
            Some(key) if self.start(n) == self.end(n) => self.colon_end(key),
            Some(_) => self.end(n),
            None => {
                let line = &self.text[self.line_start(self.end(n))..self.end(n)];
                let comment = line
                    .match_indices('#')
                    .find(|&(i, _)| i == 0 || line[..i].ends_with([' ', '\t']));
                let before = &line[..comment.map_or(line.len(), |(i, _)| i)];
                self.line_start(self.end(n)) + before.trim_end_matches([' ', '\t']).len()
            }
        }
    }

    fn is_alias(&self, n: &Node) -> bool {
        write::opener(self.text, self.start(n)) == Some(b'*')
    }

    /// Finds the node at `path` and its parent collection.
    fn find(&self, path: &str) -> Result<Found, String> {
        let tokens = tokens(path)?;
        let Some((last, above)) = tokens.split_last() else {
            return Err("the empty pointer names the whole spec: name a field".into());
        };
        let mut node = self.root.clone();
        for (depth, token) in above.iter().enumerate() {
            let child = self.child(&node, token).map(|(_, v, _)| v);
            node = child
                .ok_or_else(|| format!("`{}` is not in the spec", pointer_of(&tokens[..=depth])))?;
        }
        let found = self.child(&node, last);
        let index = match (&node.value, &found) {
            (_, Some((_, _, i))) => *i,
            (Value::Seq(items), None) => {
                if last == "-" || last.parse::<usize>().ok() == Some(items.len()) {
                    items.len()
                } else {
                    return Err(format!("`{path}` is past the end of the list"));
                }
            }
            (Value::Map(entries), None) => entries.len(),
            (Value::Scalar { .. }, None) => {
                return Err(format!(
                    "`{}` is not a list or a mapping",
                    pointer_of(above)
                ));
            }
        };
        let (key, value) = match found {
            Some((k, v, _)) => (k, Some(v)),
            None => (None, None),
        };
        // Below an alias, the nodes are its anchor's, written before it.
        let written_before = |v: &Rc<Node>| self.start(v) < self.start(&node);
        if let Some(v) = &value
            && written_before(v)
        {
            return Err(format!(
                "`{path}` is an alias of a value written elsewhere: edit the anchor's value"
            ));
        }
        Ok(Found {
            parent: node,
            key,
            node: value,
            index,
            token: last.clone(),
            depth: above.len(),
        })
    }

    fn child(&self, node: &Rc<Node>, token: &str) -> Option<(Option<Rc<Node>>, Rc<Node>, usize)> {
        match &node.value {
            Value::Map(entries) => entries
                .iter()
                .enumerate()
                .find(|(_, (k, _))| k.scalar() == Some(token))
                .map(|(i, (k, v))| (Some(k.clone()), v.clone(), i)),
            Value::Seq(items) => {
                let i: usize = token.parse().ok()?;
                items.get(i).map(|v| (None, v.clone(), i))
            }
            Value::Scalar { .. } => None,
        }
    }

    fn line_start(&self, at: usize) -> usize {
        self.text[..at].rfind('\n').map_or(0, |i| i + 1)
    }

    /// Just after the line break that ends the line holding `at` (or the end of the text).
    fn line_end(&self, at: usize) -> usize {
        self.text[at..]
            .find('\n')
            .map_or(self.text.len(), |i| at + i + 1)
    }

    /// The column of `at`: the characters before it on its line (a byte order mark is none).
    fn column(&self, at: usize) -> usize {
        let before = &self.text[self.line_start(at)..at];
        before.trim_start_matches('\u{feff}').chars().count()
    }

    /// Just after the colon that follows a mapping's key, on its line.
    fn colon_end(&self, key: &Node) -> usize {
        let key_end = self.end(key);
        let line_end = self.line_end(key_end);
        self.text[key_end..line_end]
            .find(':')
            .map_or(key_end, |i| key_end + i + 1)
    }

    /// The indentation (spaces) of the line holding `at`.
    fn indent_at(&self, at: usize) -> String {
        let start = self.line_start(at);
        let line = &self.text[start..];
        line[..line.len() - line.trim_start_matches(' ').len()].to_owned()
    }

    /// The end of a mapping entry or list item: its value's end, or past a `- ` item's text.
    fn entry_end(&self, key: Option<&Rc<Node>>, value: &Rc<Node>) -> usize {
        let end = self.end(value);
        key.map_or(end, |k| end.max(self.end(k)))
    }
}

fn pointer_of(tokens: &[String]) -> String {
    crate::diagnostic::pointer(tokens.iter().map(String::as_str))
}

/// UTF-16 offsets and byte indexes of a text, both ways, in time proportional to a line's
/// length: the start of every line in both units.
pub(crate) struct Offsets<'a> {
    text: &'a str,
    /// `(UTF-16 offset, byte index)` of each line's start.
    lines: Vec<(u32, usize)>,
}

impl<'a> Offsets<'a> {
    pub(crate) fn new(text: &'a str) -> Offsets<'a> {
        let mut lines = vec![(0, 0)];
        let mut units = 0u32;
        for (i, c) in text.char_indices() {
            units += c.len_utf16() as u32;
            if c == '\n' {
                lines.push((units, i + 1));
            }
        }
        Offsets { text, lines }
    }

    /// The byte index of a UTF-16 offset (clamped to the text, on a char boundary).
    pub(crate) fn byte(&self, offset: u32) -> usize {
        let line = self
            .lines
            .partition_point(|&(u, _)| u <= offset)
            .saturating_sub(1);
        let (units, byte) = self.lines.get(line).copied().unwrap_or((0, 0));
        byte + byte_at(&self.text[byte..], offset - units)
    }

    /// The UTF-16 offset of a byte index on a char boundary.
    pub(crate) fn units(&self, byte: usize) -> u32 {
        let line = self
            .lines
            .partition_point(|&(_, b)| b <= byte)
            .saturating_sub(1);
        let (units, start) = self.lines.get(line).copied().unwrap_or((0, 0));
        units
            + self
                .text
                .get(start..byte)
                .map_or(0, |s| s.encode_utf16().count() as u32)
    }
}

/// The byte index of a UTF-16 offset (clamped to the text, on a char boundary).
pub(crate) fn byte_at(text: &str, offset: u32) -> usize {
    let mut units = 0u32;
    for (i, c) in text.char_indices() {
        if units >= offset {
            return i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

fn plan(text: &str, op: &Operation) -> Result<Change, String> {
    match op {
        Operation::Replace { .. } => replace(&Offsets::new(text), op),
        _ => plan_in(&Doc::parse(text)?, op),
    }
}

/// A `replace` operation's change.
fn replace(offsets: &Offsets, op: &Operation) -> Result<Change, String> {
    let Operation::Replace {
        start,
        end,
        text: new,
    } = op
    else {
        return Err("not a replacement".into());
    };
    let (start, end) = (offsets.byte(*start), offsets.byte(*end));
    if start > end {
        return Err("the span ends before it starts".into());
    }
    Ok(Change {
        start,
        end,
        text: new.clone(),
    })
}

/// The text edits of many one-operation changes of one text, from one reading of it: what a
/// spec's fixes are (each is an edit of the original text). `None` for an operation that cannot
/// be applied.
pub(crate) fn text_edits<'o>(
    source: &str,
    operations: impl Iterator<Item = &'o Operation>,
) -> Vec<Option<TextEdit>> {
    let doc = Doc::parse(source).ok();
    let offsets = Offsets::new(source);
    let lines = LineIndex::new(source);
    operations
        .map(|op| {
            let change = match (op, &doc) {
                (Operation::Replace { .. }, _) => replace(&offsets, op),
                (_, Some(doc)) => plan_in(doc, op),
                (_, None) => return None,
            }
            .ok()?;
            source.get(change.start..change.end)?;
            Some(minimal_edit(
                &lines,
                &offsets,
                change.start..change.end,
                &change.text,
            ))
        })
        .collect()
}

/// The length in bytes of the longest common start of two texts, on a char boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or_else(|| a.len().min(b.len()), |((i, _), _)| i)
}

/// The length in bytes of the longest common end of two texts, on a char boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum()
}

/// The change of one operation other than `replace`, in a parsed text.
fn plan_in(doc: &Doc, op: &Operation) -> Result<Change, String> {
    match op {
        Operation::Set { path, value } => {
            let found = doc.find(path)?;
            match &found.node {
                Some(node) => set_value(doc, &found, node, value),
                None => add(doc, &found, value),
            }
        }
        Operation::Insert { path, value } => {
            let found = doc.find(path)?;
            if !matches!(found.parent.value, Value::Seq(_)) {
                return Err(format!(
                    "`{path}` is not a list item: insert puts an item into a list"
                ));
            }
            add(doc, &found, value)
        }
        Operation::Append { path, value } => {
            let found = doc.find(path)?;
            match &found.node {
                Some(list) if matches!(list.value, Value::Seq(_)) => {
                    let item = doc.find(&format!("{path}/-"))?;
                    add(doc, &item, value)
                }
                Some(_) => Err(format!("`{path}` is not a list")),
                None => add(doc, &found, &Json::Array(vec![value.clone()])),
            }
        }
        Operation::Remove { path } => {
            let found = doc.find(path)?;
            let node = found
                .node
                .clone()
                .ok_or_else(|| format!("`{path}` is not in the spec"))?;
            Ok(remove(doc, &found, &node))
        }
        Operation::Rename { path, to } => {
            let found = doc.find(path)?;
            let key = found
                .key
                .clone()
                .ok_or_else(|| format!("`{path}` is not a key of a mapping"))?;
            if doc.child(&found.parent, to).is_some() {
                return Err(format!("`{to}` is already a key there"));
            }
            Ok(Change {
                start: doc.start(&key),
                end: doc.end(&key),
                text: (doc.style).key(doc.text, doc.start(&key), to, doc.is_flow(&found.parent)),
            })
        }
        Operation::Replace { .. } => replace(&doc.offsets, op),
    }
}

/// Replaces an existing value, in its own style: a scalar keeps its quoting, a flow
/// collection stays flow, a block one stays block, a `|` or `>` block becomes a `|` block.
fn set_value(doc: &Doc, found: &Found, node: &Rc<Node>, value: &Json) -> Result<Change, String> {
    if let Some(change) = block::set(doc, found, node, value)? {
        return Ok(change);
    }
    // An anchor stays: its aliases name it.
    let (start, end) = (doc.after_anchor(node), doc.end(node));
    let in_flow = doc.is_flow(&found.parent);
    // A value left empty (`key:`, `- &a`, null) is written after its key's colon or its anchor.
    if start == end {
        let at = doc.empty_at(found.key.as_ref(), node);
        let text = match &found.key {
            Some(key) if !in_flow => {
                let indent = " ".repeat(doc.column(doc.start(key)));
                doc.style.after_key(value, &indent)
            }
            _ => format!(" {}", doc.style.inline(value, in_flow)),
        };
        // A list item's spaces up to the end of its line go.
        let rest = doc.text[at..doc.line_end(at)].trim_end_matches(['\n', '\r']);
        let spaces = if found.key.is_none() && rest.trim().is_empty() {
            rest.len()
        } else {
            0
        };
        return Ok(Change {
            start: at,
            end: at + spaces,
            text,
        });
    }
    let scalar_now = matches!(node.value, Value::Scalar { .. });
    let scalar_new = !matches!(value, Json::Array(_) | Json::Object(_));
    if scalar_new && scalar_now {
        return Ok(Change {
            start,
            end,
            text: (doc.style).scalar_like(value, &doc.text[start..end], in_flow),
        });
    }
    // Block only where it was a block, or is new and the file writes such values as blocks.
    let block_now = !scalar_now && !doc.is_flow(node) && !doc.is_alias(node);
    let inline = doc.style.json
        || doc.is_flow(node)
        || in_flow
        || !block_now && !doc.style.prefers_block(value);
    let Some(key) = found.key.as_ref().filter(|_| !inline) else {
        return Ok(Change {
            start,
            end,
            text: doc.style.inline(value, in_flow),
        });
    };
    // From just after the key's colon: a block collection starts on the next line, a scalar
    // after a space.
    let indent = " ".repeat(doc.column(doc.start(key)));
    Ok(Change {
        start: doc.colon_end(key),
        end,
        text: doc.style.after_key(value, &indent),
    })
}

/// Adds a missing key, or a list item at `found.index`.
fn add(doc: &Doc, found: &Found, value: &Json) -> Result<Change, String> {
    let parent = &found.parent;
    let nl = doc.style.newline;
    match &parent.value {
        Value::Seq(items) if doc.is_flow(parent) => {
            let item = doc.style.inline(value, true);
            Ok(match (items.get(found.index), items.last()) {
                (Some(next), _) => Change {
                    start: doc.start(next),
                    end: doc.start(next),
                    text: format!("{item}, "),
                },
                (None, Some(last)) => Change {
                    start: doc.end(last),
                    end: doc.end(last),
                    text: format!(", {item}"),
                },
                (None, None) => {
                    let open = doc.start(parent) + 1;
                    Change {
                        start: open,
                        end: doc.end(parent).saturating_sub(1).max(open),
                        text: item,
                    }
                }
            })
        }
        Value::Seq(items) => {
            let Some(first) = items.first() else {
                return Err("an empty block list cannot be".into());
            };
            let dash_indent = doc.indent_at(doc.start(first));
            let item = doc.style.block_item(value, &dash_indent);
            Ok(match items.get(found.index) {
                Some(next) => {
                    let at = doc.line_start(doc.start(next));
                    Change {
                        start: at,
                        end: at,
                        text: format!("{item}{nl}"),
                    }
                }
                None => {
                    let last = items.last().unwrap_or(first);
                    let at = doc.line_end(doc.end(last));
                    let lead = if at == doc.text.len() && !doc.text.ends_with('\n') {
                        nl
                    } else {
                        ""
                    };
                    Change {
                        start: at,
                        end: at,
                        text: format!("{lead}{item}{nl}"),
                    }
                }
            })
        }
        Value::Map(entries) => {
            let key = &found.token;
            // After the field that precedes it in the documented order, else before the first
            // that follows it, else last.
            let rank = |name: &str| FIELDS.iter().position(|f| f.name == name);
            let top = found.depth == 0;
            let after = if top {
                rank(key).and_then(|r| {
                    entries
                        .iter()
                        .filter(|(k, _)| k.scalar().and_then(rank).is_some_and(|x| x < r))
                        .max_by_key(|(k, _)| k.scalar().and_then(rank))
                })
            } else {
                None
            };
            let before = if top && after.is_none() {
                rank(key).and_then(|r| {
                    entries
                        .iter()
                        .find(|(k, _)| k.scalar().and_then(rank).is_some_and(|x| x > r))
                })
            } else {
                None
            };
            let after = after.or(if before.is_none() {
                entries.last()
            } else {
                None
            });
            if doc.is_flow(parent) {
                let entry = doc.style.flow_entry(key, value);
                return Ok(match (after, before) {
                    (Some((k, v)), _) => {
                        let end = doc.entry_end(Some(k), v);
                        Change {
                            start: end,
                            end,
                            text: format!(", {entry}"),
                        }
                    }
                    (None, Some((k, _))) => {
                        let at = doc.start(k);
                        Change {
                            start: at,
                            end: at,
                            text: format!("{entry}, "),
                        }
                    }
                    (None, None) => {
                        let open = doc.start(parent) + 1;
                        Change {
                            start: open,
                            end: doc.end(parent).saturating_sub(1).max(open),
                            text: entry,
                        }
                    }
                });
            }
            let indent = entries
                .first()
                .map_or_else(String::new, |(k, _)| " ".repeat(doc.column(doc.start(k))));
            let entry = doc.style.block_entry(key, value, &indent);
            Ok(match (after, before) {
                (Some((k, v)), _) => {
                    let at = doc.line_end(doc.entry_end(Some(k), v));
                    let lead = if at == doc.text.len() && !doc.text.ends_with('\n') {
                        nl
                    } else {
                        ""
                    };
                    Change {
                        start: at,
                        end: at,
                        text: format!("{lead}{entry}{nl}"),
                    }
                }
                (None, Some((k, _))) => {
                    let at = doc.line_start(doc.start(k));
                    Change {
                        start: at,
                        end: at,
                        text: format!("{entry}{nl}"),
                    }
                }
                (None, None) => {
                    let at = doc.text.len();
                    let lead = if doc.text.is_empty() || doc.text.ends_with('\n') {
                        ""
                    } else {
                        nl
                    };
                    Change {
                        start: at,
                        end: at,
                        text: format!("{lead}{entry}{nl}"),
                    }
                }
            })
        }
        Value::Scalar { .. } => Err("a scalar holds no keys or items".into()),
    }
}

/// Removes a key with its value, or a list item.
fn remove(doc: &Doc, found: &Found, node: &Rc<Node>) -> Change {
    let parent = &found.parent;
    let start = found
        .key
        .as_ref()
        .map_or_else(|| doc.start(node), |k| doc.start(k));
    let end = doc.entry_end(found.key.as_ref(), node);
    let count = match &parent.value {
        Value::Seq(items) => items.len(),
        Value::Map(entries) => entries.len(),
        Value::Scalar { .. } => 0,
    };
    if doc.is_flow(parent) {
        let text = doc.text;
        // With the separator after it, or before it when it is last.
        let after = text[end..].trim_start_matches([' ', '\t']);
        if let Some(rest) = after.strip_prefix(',') {
            let next = text.len() - rest.len();
            let skip = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            return Change {
                start,
                end: next + skip,
                text: String::new(),
            };
        }
        let before = text[..start].trim_end_matches([' ', '\t', '\r', '\n']);
        let from = if before.ends_with(',') {
            before.len() - 1
        } else {
            start
        };
        return Change {
            start: from,
            end,
            text: String::new(),
        };
    }
    if count == 1 && (found.depth > 0 || matches!(parent.value, Value::Seq(_))) {
        // The last item of a block list: the list becomes `[]` (or `{}`), not null.
        let empty = if matches!(parent.value, Value::Seq(_)) {
            "[]"
        } else {
            "{}"
        };
        let first = doc.start(parent);
        let above = doc.text[..first].trim_end_matches([' ', '\t', '\r', '\n']);
        let colon_at = above.len();
        if above.ends_with(':') {
            return Change {
                start: colon_at,
                end: doc.end(parent),
                text: format!(" {empty}"),
            };
        }
    }
    let line = doc.line_start(start);
    let from = if doc.text[line..start].trim().is_empty() || doc.text[line..start].trim() == "-" {
        line
    } else {
        start
    };
    Change {
        start: from,
        end: doc.line_end(end),
        text: String::new(),
    }
}
