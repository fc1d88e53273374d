//! Our own small YAML emitter: deterministic, block style, kubectl's key order, and quoting
//! whatever a YAML 1.1 or 1.2 reader would take for something other than a string.

use std::fmt::Write;

use serde_json::{Map, Value};

use crate::scalar::{needs_quotes, quoted};

/// Keys that come first in an object, in this order, as kubectl writes them; the others follow
/// sorted.
const FIRST_KEYS: &[&str] = &["apiVersion", "kind", "metadata", "spec"];

/// Writes JSON values as one multi-document YAML stream (documents separated by `---`), in
/// block style with kubectl's layout: list items at their key's indentation, `apiVersion`,
/// `kind`, `metadata`, `spec` first and the other keys sorted, `[]` and `{}` for empty
/// collections. Strings that YAML would read as another type (`"true"`, `"1024"`, `"1e3"`,
/// `"null"`, `"yes"`) or that hold special characters are double-quoted, so reading the text
/// back with any YAML 1.1 or 1.2 reader gives exactly `documents`.
///
/// ```
/// let doc = serde_json::json!({"kind": "ConfigMap", "apiVersion": "v1",
///     "data": {"enabled": "true", "port": "8080", "list": [], "name": "demo"}});
/// assert_eq!(
///     k7_spec::to_yaml(&[doc]),
///     "apiVersion: v1\nkind: ConfigMap\ndata:\n  enabled: \"true\"\n  list: []\n  name: demo\n  port: \"8080\"\n"
/// );
/// ```
pub fn to_yaml(documents: &[Value]) -> String {
    let mut out = String::with_capacity(documents.len() * 1024);
    for (i, doc) in documents.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        match doc {
            Value::Object(m) if !m.is_empty() => block_map(&mut out, m, 0, false, true),
            Value::Array(a) if !a.is_empty() => block_seq(&mut out, a, 0, false),
            other => {
                inline(&mut out, other);
                out.push('\n');
            }
        }
    }
    out
}

fn indent(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// The entries of a map in output order.
fn ordered(map: &Map<String, Value>, top: bool) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    let rank = |k: &str| {
        if top {
            FIRST_KEYS
                .iter()
                .position(|f| *f == k)
                .unwrap_or(FIRST_KEYS.len())
        } else {
            0
        }
    };
    // Keys are unique, so no two entries compare equal and an unstable sort (less wasm than a
    // stable one) gives the one order.
    entries.sort_unstable_by(|a, b| rank(a.0).cmp(&rank(b.0)).then_with(|| a.0.cmp(b.0)));
    entries
}

/// A non-empty map at `level`; when `inline_first`, its first line continues the current one
/// (after `- `).
fn block_map(
    out: &mut String,
    map: &Map<String, Value>,
    level: usize,
    inline_first: bool,
    top: bool,
) {
    let sorted = !top && map.keys().zip(map.keys().skip(1)).all(|(a, b)| a < b);
    if sorted {
        // serde_json's default map is already sorted: skip the copy.
        for (i, (key, value)) in map.iter().enumerate() {
            map_entry(out, key, value, level, i > 0 || !inline_first);
        }
    } else {
        for (i, (key, value)) in ordered(map, top).into_iter().enumerate() {
            map_entry(out, key, value, level, i > 0 || !inline_first);
        }
    }
}

fn map_entry(out: &mut String, key: &str, value: &Value, level: usize, indented: bool) {
    if indented {
        indent(out, level);
    }
    string(out, key);
    out.push(':');
    match value {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            block_map(out, m, level + 2, false, false);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            block_seq(out, a, level, false);
        }
        other => {
            out.push(' ');
            inline(out, other);
            out.push('\n');
        }
    }
}

/// A non-empty sequence whose `- ` marks sit at `level`.
fn block_seq(out: &mut String, items: &[Value], level: usize, inline_first: bool) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !inline_first {
            indent(out, level);
        }
        out.push_str("- ");
        match item {
            Value::Object(m) if !m.is_empty() => block_map(out, m, level + 2, true, false),
            Value::Array(a) if !a.is_empty() => block_seq(out, a, level + 2, true),
            other => {
                inline(out, other);
                out.push('\n');
            }
        }
    }
}

/// A scalar or an empty collection on the current line.
fn inline(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => string(out, s),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

fn string(out: &mut String, s: &str) {
    if needs_quotes(s) {
        quoted(out, s);
    } else {
        out.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout() {
        let doc = serde_json::json!({
            "spec": {"containers": [{"name": "a", "args": ["x", "-c"]}, {}], "empty": {}},
            "nested": [[1, 2], []],
            "kind": "Pod",
            "apiVersion": "v1",
            "metadata": {"name": "y", "uid": "n2"},
        });
        let expected = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"y\"\n  uid: n2\nspec:\n  containers:\n  - args:\n    - x\n    - -c\n    name: a\n  - {}\n  empty: {}\nnested:\n- - 1\n  - 2\n- []\n";
        assert_eq!(to_yaml(&[doc]), expected);
        assert_eq!(
            to_yaml(&[Value::Null, serde_json::json!("s")]),
            "null\n---\ns\n"
        );
    }
}
