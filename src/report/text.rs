//! The text format: one `FILE:LINE:COL: severity[code] message` line per unsuppressed finding
//! (and an indented `help:` line), then a summary line and what the fixes did or can do; and the
//! escaping of terminal text.

use std::fmt::Write;

use super::{Checked, FileFix, ReportOptions, diagnostics, fails, is_suppressed};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};

/// The findings of every file in order (`[*]` marks those a fix of `--fix` repairs), then
/// (unless `quiet`) the summary line and the fixes' line.
pub(super) fn report(files: &[Checked], options: &ReportOptions) -> String {
    let mut out: String = files
        .iter()
        .map(|f| findings(&f.file, diagnostics(f), Some(options.unsafe_fixes)))
        .collect();
    if !options.quiet {
        out.push_str(&summary(files));
        out.push('\n');
        out.push_str(&fixes_summary(files, options));
    }
    out
}

/// A file's unsuppressed findings, a line each (and its help line). `marks`: whether `[*]` marks
/// the findings that `--fix` repairs (`Some(unsafe_fixes)`), or no mark (`None`: render,
/// explain and reach, which fix nothing).
pub(super) fn findings(file: &str, diagnostics: &[Diagnostic], marks: Option<bool>) -> String {
    let mut out = String::new();
    for d in diagnostics.iter().filter(|d| !is_suppressed(d)) {
        let mark = marks.and_then(|unsafe_fixes| applicable(d, unsafe_fixes));
        out.push_str(&finding(file, d, mark.is_some()));
        out.push('\n');
    }
    out
}

/// `FILE:LINE:COL: severity[code] message` (`severity[code] [*] message` when `marked`), then
/// `  help: …` on a second line when there is help, escaped for the terminal (without a final
/// newline).
pub(super) fn finding(file: &str, d: &Diagnostic, marked: bool) -> String {
    let place = match d.span {
        Some(span) => format!("{file}:{}:{}", span.start.line, span.start.column),
        None => file.to_owned(),
    };
    let severity = severity_name(d.severity);
    let mark = if marked { "[*] " } else { "" };
    let mut line = escape(&format!(
        "{place}: {severity}[{}] {mark}{}",
        d.code, d.message
    ));
    if let Some(help) = &d.help {
        line.push_str("\n  help: ");
        line.push_str(&escape(help));
    }
    line
}

/// The fix `fix()` applies to a finding: its first safe one, or its first with `unsafe_fixes`.
fn applicable(d: &Diagnostic, unsafe_fixes: bool) -> Option<&Fix> {
    d.fixes
        .iter()
        .find(|f| f.applicability == Applicability::Safe || unsafe_fixes)
}

/// What the fixes did (`--fix`) or would do (`--diff`), and what is left to fix, as Ruff says
/// it: `Applied 3 fixes to 2 files`, `[*] 2 fixable with --fix (1 hidden fix can be enabled
/// with --unsafe-fixes)`, `No fixes available (…)`; a line each, or nothing.
pub(super) fn fixes_summary(files: &[Checked], options: &ReportOptions) -> String {
    let shown: Vec<&Diagnostic> = files
        .iter()
        .flat_map(diagnostics)
        .filter(|d| !is_suppressed(d))
        .collect();
    let fixable: Vec<&Fix> = shown
        .iter()
        .filter_map(|d| applicable(d, options.unsafe_fixes))
        .collect();
    let hidden = shown
        .iter()
        .filter(|d| !d.fixes.is_empty() && applicable(d, options.unsafe_fixes).is_none())
        .count();
    let mut lines = Vec::new();
    if options.fix || options.diff {
        let fixed: Vec<&FileFix> = files.iter().filter_map(|f| f.fix.as_ref()).collect();
        let applied: usize = fixed.iter().map(|f| f.applied).sum();
        let changed = fixed.iter().filter(|f| f.changes()).count();
        lines.push(match (applied, options.diff) {
            (0, true) => "No fixes to apply".to_owned(),
            (0, false) => "No fixes applied".to_owned(),
            (n, true) => format!("Would apply {} to {}", fixes(n), count(changed, "file")),
            (n, false) => format!("Applied {} to {}", fixes(n), count(changed, "file")),
        });
    }
    if !fixable.is_empty() && !options.diff {
        let any_unsafe = fixable
            .iter()
            .any(|f| f.applicability == Applicability::Unsafe);
        let flags = if any_unsafe {
            "--fix --unsafe-fixes"
        } else {
            "--fix"
        };
        lines.push(format!("[*] {} fixable with {flags}", fixable.len()));
    } else if lines.is_empty() && hidden > 0 {
        lines.push("No fixes available".to_owned());
    }
    if let Some(last) = lines.last_mut().filter(|_| hidden > 0) {
        let hidden = fixes(hidden).replacen(' ', " hidden ", 1);
        let _ = write!(last, " ({hidden} can be enabled with --unsafe-fixes)");
    }
    lines.iter().map(|line| format!("{line}\n")).collect()
}

/// `1 fix`, `2 fixes`.
fn fixes(n: usize) -> String {
    format!("{n} fix{}", if n == 1 { "" } else { "es" })
}

/// `error`, `warning` or `info`.
pub(super) fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The summary line (docs/api.md#reports):
/// - every readable file passes its gate and all files were read: `All specs passed`, then in
///   parentheses the findings below the gate and the suppressed ones, if any:
///   `All specs passed (2 infos, 1 suppressed)`;
/// - otherwise the unsuppressed findings of the files read (`No findings` when none), the number
///   of files read, the suppressed ones, and the unreadable files:
///   `2 errors, 1 warning in 3 files (1 suppressed); 1 file could not be read`.
fn summary(files: &[Checked]) -> String {
    let mut counts = [0usize; 3];
    let mut suppressed = 0;
    for d in files.iter().flat_map(diagnostics) {
        if is_suppressed(d) {
            suppressed += 1;
        } else {
            counts[d.severity as usize] += 1;
        }
    }
    let findings: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(severity, n)| count(n, severity_name(severity)))
        .collect();
    let findings = findings.join(", ");
    let read = files.iter().filter(|f| f.result.is_ok()).count();
    let unreadable = files.len() - read;
    if unreadable == 0 && !files.iter().any(fails) {
        let mut notes = vec![findings];
        if suppressed > 0 {
            notes.push(format!("{suppressed} suppressed"));
        }
        notes.retain(|n| !n.is_empty());
        return if notes.is_empty() {
            "All specs passed".into()
        } else {
            format!("All specs passed ({})", notes.join(", "))
        };
    }
    let mut line = String::new();
    if read > 0 {
        let findings = if findings.is_empty() {
            "No findings".into()
        } else {
            findings
        };
        let _ = write!(line, "{findings} in {}", count(read, "file"));
        if suppressed > 0 {
            let _ = write!(line, " ({suppressed} suppressed)");
        }
    }
    if unreadable > 0 {
        if !line.is_empty() {
            line.push_str("; ");
        }
        let _ = write!(line, "{} could not be read", count(unreadable, "file"));
    }
    line
}

/// `1 error`, `2 errors`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Text for the terminal, escaped as Rust's `escape_debug` escapes it (`\n`, `\\`, `\u{1b}`,
/// `\u{202e}`) but for quotes, so that no spec, file name or value can forge a line, reorder one
/// or drive the terminal.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\\' => out.push_str("\\\\"),
            c if unprintable(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether the terminal must not receive `c` as is: a control, format (bidi, zero-width),
/// surrogate, private-use or unassigned character, a line or paragraph separator, or a space
/// other than U+0020 (the general categories C*, Zl, Zp and Zs).
///
/// Exactly the characters that the standard library's `escape_debug` writes as `\u{…}` (its
/// private `is_printable` table is generated from those categories); asked of the character
/// after a printable one, where a combining mark is not escaped.
pub(super) fn unprintable(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    let pair: String = ['a', c].into_iter().collect();
    pair.escape_debug().nth(1) == Some('\\')
}
