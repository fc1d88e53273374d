//! Values written in a file's own style: its line breaks, its indentation of nested mappings
//! and of `-` items, block or flow lists, JSON in a JSON file, text of several lines as a `|`
//! block, and quotes only where a YAML 1.1 or 1.2 reader would otherwise misread a string (the
//! one scalar module, [`crate::scalar`]).

use serde_json::Value as Json;

use crate::scalar::{needs_quotes, needs_quotes_in_flow, quoted, unprintable};
use crate::source::{Node, Value};

/// A value's text after its anchor (`&name ` and the space after it).
pub(super) fn skip_anchor(rest: &str) -> &str {
    match rest.strip_prefix('&') {
        Some(anchor) => anchor
            .trim_start_matches(|c: char| !c.is_whitespace())
            .trim_start(),
        None => rest,
    }
}

/// The first character of a value written at byte `at`, after its anchor: `[` or `{` for a flow
/// collection, `*` for an alias.
pub(super) fn opener(text: &str, at: usize) -> Option<u8> {
    skip_anchor(text.get(at..)?).bytes().next()
}

/// How a block scalar treats the line breaks at its end (its header's `-`, nothing or `+`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Chomp {
    /// `|-`: none of them.
    Strip,
    /// `|`: one.
    Clip,
    /// `|+`: all, the blank lines after the last line of text included.
    Keep,
}

/// A string written as a literal block scalar: its header and its lines.
pub(super) struct Literal {
    /// `|`, with the chomping indicator and, where the first line starts with a space, the
    /// indentation indicator.
    pub header: String,
    /// Each line after a line break, at the block's indentation; then, for [`Chomp::Keep`], the
    /// blank lines of all but the last trailing line break (the text after the block holds it).
    pub lines: String,
    /// What the header says of the trailing line breaks.
    pub chomp: Chomp,
}

/// How a file writes what an edit adds.
pub(super) struct Style {
    /// The root is a flow mapping whose keys are double-quoted: a JSON file, whose values are
    /// written as JSON. A YAML flow mapping (`{name: demo}`) is written in YAML.
    pub json: bool,
    /// `\r\n` when the file's first line break is one.
    pub newline: &'static str,
    /// Spaces before a nested mapping's keys, relative to its parent key.
    map_indent: String,
    /// Spaces before a list's `-`, relative to its parent key (often none).
    seq_indent: String,
    /// Whether the file writes lists as blocks (`- a`) rather than flows (`[a]`).
    block_lists: bool,
}

impl Style {
    /// The style of a parsed text; `byte` turns a UTF-16 offset into a byte index.
    pub fn of(text: &str, root: &Node, byte: &dyn Fn(u32) -> usize) -> Style {
        let indent = |offset: u32| {
            let at = byte(offset).min(text.len());
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let line = &text[start..];
            line.len() - line.trim_start_matches(' ').len()
        };
        let is_flow = |n: &Node| {
            n.span
                .is_some_and(|s| matches!(opener(text, byte(s.start.offset)), Some(b'[' | b'{')))
        };
        let json_key = |k: &Node| {
            k.span.is_some_and(|s| {
                text.get(byte(s.start.offset)..)
                    .is_some_and(|k| k.starts_with('"'))
            })
        };
        let mut style = Style {
            json: is_flow(root)
                && match &root.value {
                    Value::Map(entries) => entries.iter().all(|(k, _)| json_key(k)),
                    _ => true,
                },
            newline: if text.find('\n').is_some_and(|i| text[..i].ends_with('\r')) {
                "\r\n"
            } else {
                "\n"
            },
            map_indent: "  ".into(),
            seq_indent: "  ".into(),
            block_lists: true,
        };
        let (mut block, mut flow) = (None, None);
        let mut seen_map = false;
        if let Value::Map(entries) = &root.value {
            for (k, v) in entries {
                let (Some(ks), Some(vs)) = (k.span, v.span) else {
                    continue;
                };
                let alias = opener(text, byte(vs.start.offset)) == Some(b'*');
                match &v.value {
                    _ if alias => {}
                    Value::Seq(_) if is_flow(v) => flow = flow.or(Some(())),
                    Value::Seq(_) if block.is_none() => {
                        let d = indent(vs.start.offset).saturating_sub(indent(ks.start.offset));
                        style.seq_indent = " ".repeat(d);
                        block = Some(());
                    }
                    Value::Map(_) if !is_flow(v) && !seen_map => {
                        let d = indent(vs.start.offset).saturating_sub(indent(ks.start.offset));
                        if d > 0 {
                            style.map_indent = " ".repeat(d);
                            seen_map = true;
                        }
                    }
                    _ => {}
                }
            }
        }
        style.block_lists = block.is_some() || flow.is_none();
        style
    }

    /// Spaces before a nested mapping's keys, relative to its parent key.
    pub fn nested_indent(&self) -> usize {
        self.map_indent.len()
    }

    /// Whether a new collection is written as a block rather than inline.
    pub fn prefers_block(&self, value: &Json) -> bool {
        !self.json
            && match value {
                Json::Array(items) => self.block_lists || items.iter().any(|i| i.is_object()),
                Json::Object(_) => true,
                _ => false,
            }
    }

    /// A scalar, plain unless it must be quoted (JSON in a JSON file); `flow` when it is written
    /// inside a flow collection, where a YAML 1.1 reader ends a plain scalar at more characters.
    pub fn scalar(&self, value: &Json, flow: bool) -> String {
        let must_quote = if flow {
            needs_quotes_in_flow
        } else {
            needs_quotes
        };
        match value {
            Json::String(s) if self.json => Json::String(s.clone()).to_string(),
            Json::String(s) if must_quote(s) => {
                let mut out = String::new();
                quoted(&mut out, s);
                out
            }
            Json::String(s) => s.clone(),
            other => other.to_string(),
        }
    }

    /// A scalar replacing `old`, in `old`'s quoting when the new value allows it.
    pub fn scalar_like(&self, value: &Json, old: &str, flow: bool) -> String {
        match (value, old.chars().next()) {
            // What YAML cannot hold as is (a YAML 1.1 reader folds U+2028 like a line break)
            // needs the escapes of double quotes.
            (Json::String(s), Some('\'')) if !s.chars().any(unprintable) => {
                format!("'{}'", s.replace('\'', "''"))
            }
            (Json::String(s), Some('"')) => {
                let mut out = String::new();
                quoted(&mut out, s);
                out
            }
            _ => self.scalar(value, flow),
        }
    }

    /// A value on one line: a scalar, or a flow collection (JSON in a JSON file); `flow` when it
    /// is itself inside one.
    pub fn inline(&self, value: &Json, flow: bool) -> String {
        match value {
            Json::Array(items) => {
                let items: Vec<String> = items.iter().map(|v| self.inline(v, true)).collect();
                format!("[{}]", items.join(", "))
            }
            Json::Object(map) => {
                let entries: Vec<String> = map
                    .iter()
                    .map(|(k, v)| format!("{}: {}", self.key_text(k, true), self.inline(v, true)))
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }
            scalar => self.scalar(scalar, flow),
        }
    }

    fn key_text(&self, key: &str, flow: bool) -> String {
        self.scalar(&Json::String(key.to_owned()), flow)
    }

    /// A key written where `at` holds the old one: quoted like it, else plain when safe.
    pub fn key(&self, text: &str, at: usize, key: &str, flow: bool) -> String {
        self.scalar_like(
            &Json::String(key.to_owned()),
            text.get(at..).unwrap_or_default(),
            flow,
        )
    }

    /// `key: value` inside a flow mapping.
    pub fn flow_entry(&self, key: &str, value: &Json) -> String {
        format!("{}: {}", self.key_text(key, true), self.inline(value, true))
    }

    /// `key: value` as a block mapping's line(s), at `indent`.
    pub fn block_entry(&self, key: &str, value: &Json, indent: &str) -> String {
        format!(
            "{indent}{}:{}",
            self.key_text(key, false),
            self.after_key(value, indent)
        )
    }

    /// A string of several lines as a literal block scalar, as a person writes a script: `|`,
    /// `|-` or `|+` as its trailing line breaks require, with an indentation indicator when its
    /// first line starts with a space, and its lines at `indent` spaces; `parent` is the column
    /// of the key or `-` that holds it. `None` in a JSON file, and when a block cannot hold the
    /// string as every reader reads it: a last line of text of nothing but spaces (or none), a
    /// character YAML refuses or that a YAML 1.1 reader takes for a line break (a carriage
    /// return, NEL, U+2028), or an indentation the indicator cannot say (more than 9).
    pub fn literal(&self, s: &str, parent: usize, indent: usize) -> Option<Literal> {
        let body = s.trim_end_matches('\n');
        let trailing = s.len() - body.len();
        // Readers disagree on a last line of nothing but spaces (PyYAML keeps it, `yaml` drops it).
        if self.json
            || body.rsplit('\n').next()?.trim().is_empty()
            || indent <= parent
            || s.chars().any(|c| c != '\n' && c != '\t' && unprintable(c))
        {
            return None;
        }
        let chomp = match trailing {
            0 => Chomp::Strip,
            1 => Chomp::Clip,
            _ => Chomp::Keep,
        };
        let mut header = String::from("|");
        // Readers take the block's indentation from its first line of text, unless told.
        if body.split('\n').find(|l| !l.is_empty())?.starts_with(' ') {
            header.push(char::from_digit(u32::try_from(indent - parent).ok()?, 10)?);
        }
        header.push_str(match chomp {
            Chomp::Strip => "-",
            Chomp::Clip => "",
            Chomp::Keep => "+",
        });
        let (nl, margin) = (self.newline, " ".repeat(indent));
        let mut lines: String = body
            .split('\n')
            .map(|l| {
                if l.is_empty() {
                    nl.to_owned()
                } else {
                    format!("{nl}{margin}{l}")
                }
            })
            .collect();
        lines.push_str(&nl.repeat(trailing.saturating_sub(1)));
        Some(Literal {
            header,
            lines,
            chomp,
        })
    }

    /// `value` as a `|` block where a person writes one: a string of several lines, new in a
    /// block collection. A string ending in blank lines is not: a `|+` block there would take in
    /// the blank lines that follow it.
    fn new_literal(&self, value: &Json, parent: usize, indent: usize) -> Option<String> {
        let literal = self.literal(value.as_str().filter(|s| s.contains('\n'))?, parent, indent)?;
        (literal.chomp != Chomp::Keep).then(|| format!("{}{}", literal.header, literal.lines))
    }

    /// What follows a key's colon: ` scalar`, ` [flow]`, ` |` and the lines of a block scalar,
    /// or the block on the next lines.
    pub fn after_key(&self, value: &Json, indent: &str) -> String {
        let nested = indent.len() + self.nested_indent();
        if let Some(literal) = self.new_literal(value, indent.len(), nested) {
            return format!(" {literal}");
        }
        if !self.prefers_block(value) {
            return format!(" {}", self.inline(value, false));
        }
        let nl = self.newline;
        match value {
            Json::Array(items) if items.is_empty() => " []".into(),
            Json::Object(map) if map.is_empty() => " {}".into(),
            Json::Array(items) => {
                let dash = format!("{indent}{}", self.seq_indent);
                items
                    .iter()
                    .map(|item| format!("{nl}{}", self.block_item(item, &dash)))
                    .collect()
            }
            Json::Object(map) => {
                let inner = format!("{indent}{}", self.map_indent);
                map.iter()
                    .map(|(k, v)| format!("{nl}{}", self.block_entry(k, v, &inner)))
                    .collect()
            }
            scalar => format!(" {}", self.scalar(scalar, false)),
        }
    }

    /// `- item` at `dash_indent`; a mapping item's later keys align under its first.
    pub fn block_item(&self, value: &Json, dash_indent: &str) -> String {
        match value {
            Json::Object(map) if !map.is_empty() => {
                let inner = format!("{dash_indent}  ");
                let mut lines = map.iter().map(|(k, v)| self.block_entry(k, v, &inner));
                let first = lines.next().unwrap_or_default();
                let rest: String = lines.map(|l| format!("{}{l}", self.newline)).collect();
                format!("{dash_indent}- {}{rest}", first.trim_start())
            }
            Json::Array(items) if !items.is_empty() && self.prefers_block(value) => {
                let inner = format!("{dash_indent}  ");
                let mut lines = items.iter().map(|i| self.block_item(i, &inner));
                let first = lines.next().unwrap_or_default();
                let rest: String = lines.map(|l| format!("{}{l}", self.newline)).collect();
                format!("{dash_indent}- {}{rest}", first.trim_start())
            }
            other => {
                let column = dash_indent.len();
                let text = self
                    .new_literal(other, column, column + 2)
                    .unwrap_or_else(|| self.inline(other, false));
                format!("{dash_indent}- {text}")
            }
        }
    }
}
