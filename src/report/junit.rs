//! The `junit` format: JUnit XML as Jenkins, GitLab and test dashboards read it. One test suite
//! `k7-spec`, one test case per spec file (named after the file): a `<failure>` per finding that
//! fails the file's gate (`type` its code, `message` its message, the text its line as the text
//! format prints it), the other findings in the case's `<system-out>`, and an `<error>` for an
//! unreadable file. Text is escaped for the terminal first (so no character that XML 1.0
//! forbids remains), then for XML.

use std::fmt::Write;

use super::{Checked, cannot_read, fails, fails_gate, text};
use crate::diagnostic::{Diagnostic, SuppressionKind};

/// The JUnit XML document of all files.
pub(super) fn report(files: &[Checked]) -> String {
    let failures = files.iter().filter(|f| fails(f)).count();
    let errors = files.iter().filter(|f| f.result.is_err()).count();
    let counts = format!(
        r#"tests="{}" failures="{failures}" errors="{errors}""#,
        files.len()
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, r#"<testsuites name="k7-spec" {counts}>"#);
    let _ = writeln!(out, r#"  <testsuite name="k7-spec" {counts}>"#);
    for f in files {
        let name = xml(&text::escape(&f.file));
        let _ = write!(out, r#"    <testcase name="{name}" classname="k7-spec""#);
        let mut body = String::new();
        match &f.result {
            Ok(diagnostics) => {
                let (failing, other): (Vec<_>, Vec<_>) =
                    diagnostics.iter().partition(|d| fails_gate(d, f.fail_on));
                for d in failing {
                    let _ = writeln!(
                        body,
                        r#"      <failure type="{}" message="{}">{}</failure>"#,
                        d.code,
                        xml(&text::escape(&d.message)),
                        xml(&text::finding(&f.file, d, false))
                    );
                }
                if !other.is_empty() {
                    let lines: Vec<String> = other.iter().map(|d| other_line(&f.file, d)).collect();
                    let _ = writeln!(
                        body,
                        "      <system-out>{}</system-out>",
                        xml(&lines.join("\n"))
                    );
                }
            }
            Err(reason) => {
                let message = xml(&text::escape(&cannot_read(f, reason)));
                let _ = writeln!(
                    body,
                    r#"      <error type="unreadable" message="{message}"/>"#
                );
            }
        }
        if body.is_empty() {
            out.push_str("/>\n");
        } else {
            let _ = write!(out, ">\n{body}    </testcase>\n");
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// A finding that does not fail the gate, as the text format prints it, and why it is
/// suppressed when it is: `  suppressed by a comment: reason`.
fn other_line(file: &str, d: &Diagnostic) -> String {
    let mut line = text::finding(file, d, false);
    if let Some(suppressed) = &d.suppressed {
        line.push_str(match suppressed.kind {
            SuppressionKind::Comment => "\n  suppressed by a comment",
            SuppressionKind::Option => "\n  suppressed by the ignore option",
        });
        if let Some(reason) = &suppressed.reason {
            line.push_str(": ");
            line.push_str(&text::escape(reason));
        }
    }
    line
}

/// Text as XML character data or an attribute value in double quotes (attribute values come
/// escaped for the terminal, without line breaks, which an XML reader would turn into spaces).
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}
