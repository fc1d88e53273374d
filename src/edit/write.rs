//! Values written in a file's own style: its line breaks, its indentation of nested mappings
//! and of `-` items, block or flow lists, JSON in a JSON file, and quotes only where a YAML 1.1
//! or 1.2 reader would otherwise misread a string (the one scalar module, [`crate::scalar`]).

use serde_json::Value as Json;

use crate::scalar::{needs_quotes, quoted};
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

/// How a file writes what an edit adds.
pub(super) struct Style {
    /// The root is a flow mapping (`{`): values are written as JSON.
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
        let mut style = Style {
            json: is_flow(root),
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

    /// Whether a new collection is written as a block rather than inline.
    pub fn prefers_block(&self, value: &Json) -> bool {
        !self.json
            && match value {
                Json::Array(items) => self.block_lists || items.iter().any(|i| i.is_object()),
                Json::Object(_) => true,
                _ => false,
            }
    }

    /// A scalar, plain unless it must be quoted (JSON in a JSON file).
    pub fn scalar(&self, value: &Json) -> String {
        match value {
            Json::String(s) if self.json => Json::String(s.clone()).to_string(),
            Json::String(s) if needs_quotes(s) => {
                let mut out = String::new();
                quoted(&mut out, s);
                out
            }
            Json::String(s) => s.clone(),
            other => other.to_string(),
        }
    }

    /// A scalar replacing `old`, in `old`'s quoting when the new value allows it.
    pub fn scalar_like(&self, value: &Json, old: &str) -> String {
        match (value, old.chars().next()) {
            (Json::String(s), Some('\''))
                if !s.contains(['\n', '\r', '\t']) && !s.chars().any(char::is_control) =>
            {
                format!("'{}'", s.replace('\'', "''"))
            }
            (Json::String(s), Some('"')) => {
                let mut out = String::new();
                quoted(&mut out, s);
                out
            }
            _ => self.scalar(value),
        }
    }

    /// A value on one line: a scalar, or a flow collection (JSON in a JSON file).
    pub fn inline(&self, value: &Json) -> String {
        match value {
            Json::Array(items) => {
                let items: Vec<String> = items.iter().map(|v| self.inline(v)).collect();
                format!("[{}]", items.join(", "))
            }
            Json::Object(map) => {
                let entries: Vec<String> = map
                    .iter()
                    .map(|(k, v)| format!("{}: {}", self.key_text(k), self.inline(v)))
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }
            scalar => self.scalar(scalar),
        }
    }

    fn key_text(&self, key: &str) -> String {
        self.scalar(&Json::String(key.to_owned()))
    }

    /// A key written where `at` holds the old one: quoted like it, else plain when safe.
    pub fn key(&self, text: &str, at: usize, key: &str) -> String {
        self.scalar_like(
            &Json::String(key.to_owned()),
            text.get(at..).unwrap_or_default(),
        )
    }

    /// `key: value` inside a flow mapping.
    pub fn flow_entry(&self, key: &str, value: &Json) -> String {
        format!("{}: {}", self.key_text(key), self.inline(value))
    }

    /// `key: value` as a block mapping's line(s), at `indent`.
    pub fn block_entry(&self, key: &str, value: &Json, indent: &str) -> String {
        format!(
            "{indent}{}:{}",
            self.key_text(key),
            self.after_key(value, indent)
        )
    }

    /// What follows a key's colon: ` scalar`, ` [flow]`, or the block on the next lines.
    pub fn after_key(&self, value: &Json, indent: &str) -> String {
        if !self.prefers_block(value) {
            return format!(" {}", self.inline(value));
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
            scalar => format!(" {}", self.scalar(scalar)),
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
            other => format!("{dash_indent}- {}", self.inline(other)),
        }
    }
}
