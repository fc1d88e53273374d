//! Reports: the findings of many spec files in the formats that terminals and CI tools read
//! (docs/api.md#reports). Every front end (the CLI through wasm, a Rust caller) prints the same
//! bytes, and the exit status follows one gate: a file fails when it has an unsuppressed
//! finding at or above its `fail_on` severity.

mod ask;
mod diff;
mod github;
mod gitlab;
mod json;
mod junit;
mod output;
mod reach;
mod sarif;
mod text;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};

pub use ask::{Expect, PhaseChoice, ReachArgs};
pub use output::{Command, DataFormat, SpecRequest, command_output};
pub use reach::{MatrixRequest, ReachRequest, SpecFile};
// The words of the command line, shared with args (which comes after the reports).
pub(crate) use ask::{EXPECTS, PHASES, check_choice, either, port_value, quoted, read};

/// An output format of [`report()`]; serde reads and writes it in kebab-case (`"json-lines"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// `FILE:LINE:COL: severity[code] message` lines for the terminal, then a summary line.
    #[default]
    Text,
    /// `[{file, diagnostics}]`, indented by 2 spaces.
    Json,
    /// One compact JSON object per finding: `{file, code, severity, …}`.
    JsonLines,
    /// GitHub Actions workflow commands (`::error file=…::message`), shown as annotations.
    Github,
    /// SARIF 2.1.0, which GitHub code scanning and other dashboards upload.
    Sarif,
    /// JUnit XML: one test case per spec file, a failure per finding that fails the gate.
    Junit,
    /// A GitLab Code Quality report.
    Gitlab,
}

/// One spec file and what checking it gave: its diagnostics, or why it could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// The file's name as the user gave it (a relative path stays relative).
    pub file: String,
    /// The least severity that fails this file (from `--fail-on` or its config).
    pub fail_on: Severity,
    /// The file's diagnostics, or a one-line reason why it could not be read.
    pub result: Result<Vec<Diagnostic>, String>,
    /// With `--fix` or `--diff`: what the fixes made of the file (`result` then holds the fixed
    /// text's diagnostics, as [`fix()`](crate::fix) returns them).
    pub fix: Option<FileFix>,
}

/// What [`fix()`](crate::fix) made of a readable file, for `--fix` and `--diff`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileFix {
    /// The text as read.
    pub source: String,
    /// The text with the fixes applied (`fix()`'s `text`).
    pub text: String,
    /// How many fixes were applied (`fix()`'s `applied`).
    pub applied: usize,
    /// Why `--fix` could not write the fixed text in place, if it could not.
    #[serde(default)]
    pub error: Option<String>,
}

impl FileFix {
    /// Whether the fixes change the text.
    fn changes(&self) -> bool {
        self.text != self.source
    }
}

/// How to report: the format, and whether to leave the summary out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ReportOptions {
    /// The output format; default [`Format::Text`].
    pub format: Format,
    /// Print only the findings (and unreadable files), without the text format's summary line.
    pub quiet: bool,
    /// `--fix`: the report is of the fixed texts (each file's [`Checked::fix`]).
    pub fix: bool,
    /// With `fix`, the file is standard input (`-`, then the only FILE): stdout is its fixed text
    /// (nothing when it cannot be read), as a formatter's, and the report goes to stderr.
    pub stdin: bool,
    /// `--diff`: stdout is a unified diff of what the fixes change, and the status 1 when they
    /// change something; the report is one line on stderr (with `--fix` too).
    pub diff: bool,
    /// `--unsafe-fixes`: the unsafe fixes count as fixable (with `--fix` or `--diff`, they were
    /// applied).
    pub unsafe_fixes: bool,
}

/// What a front end prints, and the status it exits with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Everything for standard output, each line ending in `\n`.
    pub stdout: String,
    /// One line per unreadable file, `k7-spec: cannot read FILE: reason`, in every format.
    pub stderr: String,
    /// 2 if any file could not be read, else 1 if any file fails its gate, else 0.
    pub status: i32,
}

impl Report {
    /// Bad usage: `k7-spec: message` on stderr, escaped, status 2.
    pub(crate) fn usage_error(message: &str) -> Report {
        Report {
            stdout: String::new(),
            stderr: format!("k7-spec: {}\n", text::escape(message)),
            status: 2,
        }
    }
}

/// Reports on checked files in the chosen format. Never fails or panics.
///
/// ```
/// use k7_spec::{Checked, Format, ReportOptions, Severity, report};
///
/// let files = [
///     Checked {
///         file: "k7.yaml".into(),
///         fail_on: Severity::Warning,
///         result: Ok(k7_spec::validate("name: demo\nimage: alpine:3.20\ncap_add: [SYS_ADMIN]\n")),
///         fix: None,
///     },
///     Checked { file: "gone.yaml".into(), fail_on: Severity::Warning, result: Err("no such file".into()), fix: None },
/// ];
/// let out = report(&files, &ReportOptions { format: Format::Text, ..Default::default() });
/// assert!(out.stdout.contains("\nk7.yaml:3:11: warning[powerful-capability] adding `SYS_ADMIN`"));
/// assert!(out.stdout.contains("\n2 warnings in 1 file; 1 file could not be read\n"));
/// assert_eq!(out.stderr, "k7-spec: cannot read gone.yaml: no such file\n");
/// assert_eq!(out.status, 2);
/// ```
pub fn report(files: &[Checked], options: &ReportOptions) -> Report {
    let status = status(files, options);
    let mut stderr: String = files
        .iter()
        .filter_map(problem)
        .map(|line| format!("k7-spec: {}\n", text::escape(&line)))
        .collect();
    let fixed = || files.iter().filter_map(|f| Some((f, f.fix.as_ref()?)));
    if options.diff {
        if !options.quiet {
            stderr.push_str(&text::fixes_summary(files, options));
        }
        return Report {
            stdout: fixed()
                .map(|(f, fix)| diff::unified(&f.file, &fix.source, &fix.text))
                .collect(),
            stderr,
            status,
        };
    }
    let out = match options.format {
        Format::Text => text::report(files, options),
        Format::Json => json::report(files),
        Format::JsonLines => json::lines(files),
        Format::Github => github::report(files),
        Format::Sarif => sarif::report(files, status),
        Format::Junit => junit::report(files),
        Format::Gitlab => gitlab::report(files),
    };
    if options.fix && options.stdin {
        Report {
            stdout: fixed().map(|(_, fix)| fix.text.as_str()).collect(),
            stderr: out + &stderr,
            status,
        }
    } else {
        Report {
            stdout: out,
            stderr,
            status,
        }
    }
}

/// 2 if any file could not be read (or, with `--fix`, written), else with `--diff` 1 if the fixes
/// change a file, else 1 if any file fails its gate, else 0.
fn status(files: &[Checked], options: &ReportOptions) -> i32 {
    if files.iter().any(|f| problem(f).is_some()) {
        2
    } else if options.diff {
        i32::from(
            files
                .iter()
                .any(|f| f.fix.as_ref().is_some_and(FileFix::changes)),
        )
    } else {
        i32::from(files.iter().any(fails))
    }
}

/// Why a file could not be read (`cannot read FILE: reason`) or, with `--fix`, its fixed text
/// written (`cannot write FILE: reason`).
fn problem(file: &Checked) -> Option<String> {
    match (
        &file.result,
        file.fix.as_ref().and_then(|f| f.error.as_ref()),
    ) {
        (Err(reason), _) => Some(cannot_read(file, reason)),
        (_, Some(reason)) => Some(format!("cannot write {}: {reason}", file.file)),
        _ => None,
    }
}

/// Whether a readable file fails its gate.
fn fails(file: &Checked) -> bool {
    diagnostics(file)
        .iter()
        .any(|d| fails_gate(d, file.fail_on))
}

/// Whether a finding fails a gate at `fail_on`: unsuppressed, and at least that severe
/// (`Severity` orders error < warning < info, most severe first).
fn fails_gate(diagnostic: &Diagnostic, fail_on: Severity) -> bool {
    !is_suppressed(diagnostic) && diagnostic.severity <= fail_on
}

/// Whether a finding was suppressed by a comment or an option.
fn is_suppressed(diagnostic: &Diagnostic) -> bool {
    diagnostic.suppressed.is_some()
}

/// A file's diagnostics; none for an unreadable file.
fn diagnostics(file: &Checked) -> &[Diagnostic] {
    file.result.as_deref().unwrap_or_default()
}

/// The message for an unreadable file: `cannot read FILE: reason`.
fn cannot_read(file: &Checked, reason: &str) -> String {
    format!("cannot read {}: {reason}", file.file)
}

/// A finding's message, then `help: …` on a second line when it has help, each passed through
/// `text` (an escaping, or none), for the formats with one text field per finding.
fn message_and_help(diagnostic: &Diagnostic, text: impl Fn(&str) -> String) -> String {
    let mut out = text(&diagnostic.message);
    if let Some(help) = &diagnostic.help {
        out.push_str("\nhelp: ");
        out.push_str(&text(help));
    }
    out
}
