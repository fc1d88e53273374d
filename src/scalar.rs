//! The one place that knows how YAML reads a scalar: what YAML 1.2's core schema makes of a
//! plain scalar, what K7's YAML 1.1 loader makes of it instead, and, on the way out, when a
//! string must be quoted so that readers of either version read it back as the same string.

use std::fmt::Write;

/// What a plain scalar means in YAML 1.2's core schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scalar {
    /// `null`, `~` or nothing.
    Null,
    /// `true` or `false` in any of the three cases.
    Bool(bool),
    /// An integer.
    Int,
    /// A floating-point number.
    Float,
    /// Anything else.
    Str,
}

/// Resolves a plain scalar as YAML 1.2's core schema does.
pub fn resolve(text: &str) -> Scalar {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "true" | "True" | "TRUE" => return Scalar::Bool(true),
        "false" | "False" | "FALSE" => return Scalar::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return Scalar::Float,
        _ => {}
    }
    let digits = |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
    if let Some(hex) = text.strip_prefix("0x") {
        return if digits(hex, 16) {
            Scalar::Int
        } else {
            Scalar::Str
        };
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return if digits(oct, 8) {
            Scalar::Int
        } else {
            Scalar::Str
        };
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits(unsigned, 10) {
        return Scalar::Int;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (unsigned.get(..i).unwrap_or_default(), unsigned.get(i + 1..)),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            (int.is_empty() || digits(int, 10))
                && (frac.is_empty() || digits(frac, 10))
                && !(int.is_empty() && frac.is_empty())
        }
        None => digits(mantissa, 10),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10));
    if mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some()) {
        Scalar::Float
    } else {
        Scalar::Str
    }
}

/// The boolean a YAML 1.1 loader (K7's) reads from a plain scalar that YAML 1.2 reads as a string.
pub fn yaml11_bool(text: &str) -> Option<bool> {
    YAML11_BOOLEANS
        .iter()
        .find(|(spelling, _)| *spelling == text)
        .map(|&(_, value)| value)
}

/// The plain scalars K7's YAML 1.1 loader (PyYAML) reads as booleans and YAML 1.2 as strings,
/// with their value. YAML 1.1's `y` and `n` are not among them: PyYAML reads them as strings
/// (`yaml.safe_load("a: n")` is `{'a': 'n'}`), which K7 takes as true. Writing still quotes
/// them (`needs_quotes`), as other YAML 1.1 readers take them for booleans.
pub const YAML11_BOOLEANS: &[(&str, bool)] = &[
    ("yes", true),
    ("Yes", true),
    ("YES", true),
    ("on", true),
    ("On", true),
    ("ON", true),
    ("no", false),
    ("No", false),
    ("NO", false),
    ("off", false),
    ("Off", false),
    ("OFF", false),
];

/// The value of a YAML 1.2 integer (decimal, `0x` or `0o`); `None` when it overflows.
pub fn parse_int(text: &str) -> Option<i64> {
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok();
    }
    text.parse().ok()
}

/// Characters a plain scalar may not hold: those outside YAML's printable set (C0 and C1
/// controls, tab and line breaks included, DEL, U+FFFE and U+FFFF, which YAML readers refuse
/// even quoted), NEL and the Unicode separators YAML 1.1 breaks lines at, and the byte-order mark.
pub(crate) fn unprintable(c: char) -> bool {
    let printable =
        matches!(c, ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
    !printable || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Whether a string must be quoted to read back as the same string, under YAML 1.1 (K7's and
/// kubectl's go-yaml and PyYAML) as well as YAML 1.2.
pub(crate) fn needs_quotes(s: &str) -> bool {
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

/// Whether a string must be quoted inside a flow collection (`[a, b]`, `{a: b}`): where
/// [`needs_quotes`] says so, and where a YAML 1.1 reader (PyYAML, K7's) would end a plain scalar
/// in flow context and then fail: at a `?`, or at a `:` that starts it.
pub(crate) fn needs_quotes_in_flow(s: &str) -> bool {
    s.contains('?') || s.starts_with(':') || needs_quotes(s)
}

/// `2001-12-14` and the longer YAML 1.1 timestamps that start with it.
fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 8 && b.iter().take(4).all(u8::is_ascii_digit) && b.get(4) == Some(&b'-')
}

/// A double-quoted scalar, escaping what YAML's double-quoted style cannot hold as is.
pub(crate) fn quoted(out: &mut String, s: &str) {
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
    fn escapes() {
        let mut out = String::new();
        quoted(
            &mut out,
            "a\"b\\c\n\u{1}\u{2028}é\u{7f}\u{85}\u{9b}\u{feff}\u{fffe}\u{ffff}😀",
        );
        assert_eq!(
            out,
            "\"a\\\"b\\\\c\\n\\u0001\\u2028é\\u007f\\u0085\\u009b\\ufeff\\ufffe\\uffff😀\""
        );
    }
}
