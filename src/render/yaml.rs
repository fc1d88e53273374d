//! Our own small YAML emitter: deterministic, block style, kubectl's key order, and quoting
//! whatever a YAML 1.1 or 1.2 reader would take for something other than a string.

use std::fmt::Write;

use serde_json::{Map, Value};

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
    entries.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)).then_with(|| a.0.cmp(b.0)));
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

/// Characters a plain scalar may not hold: control characters, the Unicode line separators
/// YAML 1.1 breaks lines at, and the byte-order mark.
fn unprintable(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Whether a string must be quoted to read back as the same string, under YAML 1.1 (K7's and
/// kubectl's go-yaml and PyYAML) as well as YAML 1.2.
fn needs_quotes(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", "<<", "=",
    ];
    let is_word = || s.len() <= 5 && WORDS.iter().any(|w| s.eq_ignore_ascii_case(w));
    // Fast path for what manifests are made of (names, label keys, paths, images): a letter or
    // `/` first, then only characters no YAML reader gives a meaning to.
    let bytes = s.as_bytes();
    if bytes
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/')
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'_' | b'-'))
    {
        return is_word();
    }
    let Some(first) = s.chars().next() else {
        return true;
    };
    let second = s.chars().nth(1);
    if first.is_whitespace()
        || s.ends_with(char::is_whitespace)
        || s.ends_with(':')
        || s.chars().any(unprintable)
        || s.contains(": ")
        || s.contains(" #")
        || s.contains(['{', '}', '[', ']', ',', '\t'])
        || s.starts_with("---")
        || s.starts_with("...")
    {
        return true;
    }
    // Indicators; `-`, `?` and `:` only start a plain scalar before a non-space character.
    if "!&*%@`'\"#|>{}[],".contains(first)
        || (matches!(first, '-' | '?' | ':') && second.is_none_or(char::is_whitespace))
    {
        return true;
    }
    if is_word() {
        return true;
    }
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if unsigned.eq_ignore_ascii_case(".inf") || unsigned.eq_ignore_ascii_case(".nan") {
        return true;
    }
    // Numbers of either version (ints in any base, floats, YAML 1.1's `1_000` and sexagesimal
    // `1:30`) and YAML 1.1 timestamps start with a digit or a dot and use only these characters.
    let starts_numeric = unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    starts_numeric
        && (unsigned
            .chars()
            .all(|c| c.is_ascii_hexdigit() || "._:+-xXoO".contains(c))
            || looks_like_timestamp(unsigned))
}

/// `2001-12-14` and the longer YAML 1.1 timestamps that start with it.
fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 8 && b.iter().take(4).all(u8::is_ascii_digit) && b.get(4) == Some(&b'-')
}

/// A double-quoted scalar, escaping what YAML's double-quoted style cannot hold as is.
fn quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if unprintable(c) => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_yaml_misreads() {
        for s in [
            "",
            "true",
            "True",
            "yes",
            "no",
            "on",
            "Off",
            "y",
            "N",
            "null",
            "~",
            "1024",
            "-1",
            "+1",
            "0x1f",
            "0o17",
            "017",
            "1e3",
            "1.5",
            ".5",
            "1_000",
            "1:30",
            "10.0.0.1",
            ".inf",
            "-.Inf",
            ".NaN",
            "2001-12-14",
            "2001-12-14t21:59:43.10-05:00",
            "*",
            "**.example.com",
            "&a",
            "!tag",
            "- x",
            "-",
            "a: b",
            "a:",
            "a #b",
            " a",
            "a ",
            "[x]",
            "{x}",
            "a,b",
            "---",
            "...",
            "%x",
            "@x",
            "`x",
            "|",
            ">",
            "'",
            "\"",
            "#",
            "a\nb",
            "\u{85}",
            "\u{2028}",
            "=",
            "<<",
        ] {
            assert!(needs_quotes(s), "{s:?} should be quoted");
        }
        for s in [
            "demo",
            "alpine:3.20",
            "10.0.0.0/8",
            "2001:db8::/32",
            "1Gi",
            "500m",
            "sleep 365d",
            "-c",
            "/bin/sh",
            "k8s:k8s-app",
            "kubernetes.io/hostname",
            "a#b",
            "tcp-8080",
            "unix:///k7/docker/run/docker.sock",
            "--host=tcp://127.0.0.1:2375",
            "kube-dns",
            "1.2.3.4/32",
            "RuntimeDefault",
            "déjà",
        ] {
            assert!(!needs_quotes(s), "{s:?} should stay plain");
        }
    }

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

    #[test]
    fn escapes() {
        let mut out = String::new();
        quoted(&mut out, "a\"b\\c\n\u{1}\u{2028}é");
        assert_eq!(out, "\"a\\\"b\\\\c\\n\\u0001\\u2028é\"");
    }
}
