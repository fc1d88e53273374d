//! The `github` format: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request: `::error file=F,line=L,col=C,endLine=…,endColumn=…,title=…::message`.
//!
//! Values are escaped as GitHub's toolkit escapes them (`@actions/core`: `escapeData` turns `%`,
//! `\r`, `\n` into `%25`, `%0D`, `%0A`; `escapeProperty` also `:` and `,` into `%3A`, `%2C`), after
//! the terminal escaping of the text format, since the runner's log is a terminal: a spec cannot
//! end a command early, start another or drive the log.

use std::fmt::Write;

use super::{Checked, cannot_read, is_suppressed, message_and_help, text::escape};
use crate::diagnostic::Severity;

/// One command per unsuppressed finding (error → `error`, warning → `warning`, info →
/// `notice`), and an `error` per unreadable file, in the files' order.
pub(super) fn report(files: &[Checked]) -> String {
    let mut out = String::new();
    for f in files {
        let file = property(&f.file);
        match &f.result {
            Ok(diagnostics) => {
                for d in diagnostics.iter().filter(|d| !is_suppressed(d)) {
                    let command = match d.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                        Severity::Info => "notice",
                    };
                    let _ = write!(out, "::{command} file={file}");
                    if let Some(span) = d.span {
                        let (start, end) = (span.start, span.end);
                        let _ = write!(
                            out,
                            ",line={},col={},endLine={},endColumn={}",
                            start.line, start.column, end.line, end.column
                        );
                    }
                    let title = property(&format!("k7-spec ({})", d.code));
                    let message = data(&message_and_help(d, escape));
                    let _ = writeln!(out, ",title={title}::{message}");
                }
            }
            Err(reason) => {
                let message = data(&escape(&cannot_read(f, reason)));
                let _ = writeln!(out, "::error file={file},title=k7-spec::{message}");
            }
        }
    }
    out
}

/// `escapeData` of `@actions/core`.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// `escapeProperty` of `@actions/core`, after the terminal escaping.
fn property(text: &str) -> String {
    data(&escape(text)).replace(':', "%3A").replace(',', "%2C")
}
