//! Block scalars in the text (`|` and `>`): where one's header and lines are, and the change that
//! sets a scalar as a `|` block, so that a script stays a script.

use std::rc::Rc;

use serde_json::Value as Json;

use super::write::{Chomp, Literal};
use super::{Change, Doc, Found};
use crate::source::{Node, Style as Written, Value};

/// Where a block scalar is written.
struct Block {
    /// The byte of its `|` or `>`.
    header: usize,
    /// The end of its indicators, where the header line's comment (if any) starts.
    indicators_end: usize,
    /// The end of the header line, before its line break.
    header_end: usize,
    /// The column of the key or `-` that holds it.
    parent: usize,
    /// The indentation of its lines, when it has a line of text or an indentation indicator.
    indent: Option<usize>,
    /// The end of its last line of text (before the line break), or of its header line.
    text_end: usize,
    /// The end of the blank lines that follow its text (before the last one's line break).
    blank_end: usize,
    /// Whether its header keeps the trailing line breaks (`+`): the blank lines are its own.
    keep: bool,
}

/// The change that writes `value` over the scalar `node` as a `|` block where that is the style
/// a person keeps or chooses: `node` is a block scalar (`|` or `>`), or `value` has several lines
/// and `node` is a plain or single-quoted scalar of a block collection, neither of which can hold
/// them. `Ok(None)` when it is not such a case; an error when `node` is a block scalar whose
/// header cannot be found.
pub(super) fn set(
    doc: &Doc,
    found: &Found,
    node: &Rc<Node>,
    value: &Json,
) -> Result<Option<Change>, String> {
    let Value::Scalar { style, .. } = &node.value else {
        return Ok(None);
    };
    if doc.is_alias(node) || doc.style.json || doc.is_flow(&found.parent) {
        return Ok(None);
    }
    let step = found.key.as_ref().map_or(2, |_| doc.style.nested_indent());
    if matches!(style, Written::Literal | Written::Folded) {
        let block = locate(doc, found, node)
            .ok_or_else(|| "the block scalar's header (`|` or `>`) cannot be found".to_owned())?;
        let comment = &doc.text[block.indicators_end..block.header_end];
        let literal = value.as_str().and_then(|s| {
            let indent = block.indent.unwrap_or(block.parent + step);
            (doc.style.literal(s, block.parent, indent))
                .or_else(|| doc.style.literal(s, block.parent, block.parent + step))
        });
        // The blank lines after a `|+` block are its own.
        let keep = block.keep || literal.as_ref().is_some_and(|l| l.chomp == Chomp::Keep);
        let end = if keep {
            block.blank_end
        } else {
            block.text_end
        };
        return Ok(Some(match literal {
            Some(literal) => written(doc, block.header, "", comment, end, &literal),
            None => Change {
                start: block.header,
                end,
                text: format!("{}{comment}", doc.style.scalar(value, false)),
            },
        }));
    }
    let (start, end) = (doc.after_anchor(node), doc.end(node));
    let Some(s) = value.as_str().filter(|s| s.contains('\n')) else {
        return Ok(None);
    };
    if *style == Written::Quoted && doc.text[start..].starts_with('"') {
        return Ok(None);
    }
    // An empty value (`key:`, `key: &a`) is written after the key's colon or its anchor.
    let (lead, start, end) = match &found.key {
        Some(key) if start == end => {
            let at = doc.empty_at(Some(key), node);
            (" ", at, at)
        }
        None if start == end => return Ok(None),
        _ => ("", start, end),
    };
    let parent = match &found.key {
        Some(key) => Some(doc.column(doc.start(key))),
        None => dash(doc.text, doc.start(node)).map(|at| doc.column(at)),
    };
    // What follows the value on its line can only be a comment, which goes after the header.
    let line_end = text_end(doc.text, end);
    let comment = &doc.text[end..line_end];
    if !(comment.trim().is_empty() || comment.trim_start().starts_with('#')) {
        return Ok(None);
    }
    let Some(literal) = parent.and_then(|p| doc.style.literal(s, p, p + step)) else {
        return Ok(None);
    };
    let end = if literal.chomp == Chomp::Keep {
        blank_end(doc.text, line_end)
    } else {
        line_end
    };
    Ok(Some(written(doc, start, lead, comment, end, &literal)))
}

/// The change that writes `literal` from `start` to `end`, its header after `lead` and before the
/// header line's `comment`; a final line break is added where the text ends without one.
fn written(
    doc: &Doc,
    start: usize,
    lead: &str,
    comment: &str,
    end: usize,
    literal: &Literal,
) -> Change {
    let mut text = format!("{lead}{}{comment}{}", literal.header, literal.lines);
    if end == doc.text.len() && literal.chomp != Chomp::Strip {
        text.push_str(doc.style.newline);
    }
    Change { start, end, text }
}

/// The byte of the `-` before a list item written at `at` on the same line.
fn dash(text: &str, at: usize) -> Option<usize> {
    let before = text[..at].trim_end_matches([' ', '\t']);
    let dash = before.len().checked_sub(1)?;
    (before.ends_with('-') && before.len() < at).then_some(dash)
}

/// The end of the line holding `at`, before its line break.
fn text_end(text: &str, at: usize) -> usize {
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    if text[..end].ends_with('\r') {
        end - 1
    } else {
        end
    }
}

/// The end of the lines of nothing but spaces that follow the line ending at `at` (before the
/// last one's line break), or `at`.
fn blank_end(text: &str, at: usize) -> usize {
    let mut end = at;
    while let Some(next) = text[end..].find('\n').map(|i| end + i + 1) {
        let line_end = text_end(text, next);
        if next == text.len() || !text[next..line_end].bytes().all(|b| b == b' ') {
            break;
        }
        end = line_end;
    }
    end
}

/// Finds the block scalar `node`: its header on the line above its first line of text (or on
/// the line of the anchor or tag its span starts at), after its key's colon or its `-`, and its
/// lines as YAML reads them: every following line of nothing but spaces or indented at least as
/// far as the first line of text (or as the indentation indicator says).
fn locate(doc: &Doc, found: &Found, node: &Node) -> Option<Block> {
    let text = doc.text;
    let start = doc.start(node);
    let mut line = doc.line_start(start);
    if text[line..start].trim().is_empty() {
        // The span starts at the first line of text: the header is on the nearest line above
        // that holds anything but spaces.
        loop {
            line = doc.line_start(line.checked_sub(1)?);
            if !text[line..text_end(text, line)].trim().is_empty() {
                break;
            }
        }
    }
    let header_end = text_end(text, line);
    let skip =
        |at: usize| at + text[at..header_end].len() - text[at..header_end].trim_start().len();
    let mut at = skip(line);
    let mut parent = None;
    if let Some(key) = &found.key {
        parent = Some(doc.column(doc.start(key)));
        let key_end = doc.end(key);
        if (line..=header_end).contains(&key_end) {
            at = skip(key_end);
            if !text[at..header_end].starts_with(':') {
                return None;
            }
            at = skip(at + 1);
        }
    } else {
        while text[at..header_end].starts_with('-') && text[at + 1..].starts_with([' ', '\t']) {
            parent = Some(doc.column(at));
            at = skip(at + 1);
        }
    }
    // An anchor and a tag, in either order.
    while text[at..header_end].starts_with(['&', '!']) {
        let word = text[at..header_end]
            .find([' ', '\t'])
            .unwrap_or(header_end - at);
        at = skip(at + word);
    }
    let header = at;
    if !text[at..header_end].starts_with(['|', '>']) {
        return None;
    }
    let indicators = text[at + 1..header_end]
        .bytes()
        .take_while(|b| matches!(b, b'+' | b'-' | b'1'..=b'9'))
        .count();
    let indicators_end = at + 1 + indicators;
    let comment = &text[indicators_end..header_end];
    if !(comment.trim().is_empty()
        || comment.starts_with([' ', '\t']) && comment.trim_start().starts_with('#'))
    {
        return None;
    }
    let parent = parent?;
    let said = &text[at + 1..indicators_end];
    let mut indent = said
        .bytes()
        .find(u8::is_ascii_digit)
        .map(|d| parent + usize::from(d - b'0'));
    let (mut text_end_at, mut blank) = (header_end, header_end);
    let mut end = header_end;
    while let Some(next) = text[end..].find('\n').map(|i| end + i + 1) {
        if next == text.len() {
            break;
        }
        let line_end = text_end(text, next);
        let line = &text[next..line_end];
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let empty = spaces == line.len();
        // A line of spaces alone, no more than the indentation, is blank: the block's only
        // when a line of text follows it, or the header keeps it.
        if empty && indent.is_none_or(|m| spaces <= m) {
            blank = line_end;
            end = line_end;
            continue;
        }
        match indent {
            Some(m) if spaces < m => break,
            None if spaces <= parent => break,
            None => indent = Some(spaces),
            Some(_) => {}
        }
        text_end_at = line_end;
        blank = line_end;
        end = line_end;
    }
    Some(Block {
        header,
        indicators_end,
        header_end,
        parent,
        indent,
        text_end: text_end_at,
        blank_end: blank,
        keep: said.contains('+'),
    })
}
