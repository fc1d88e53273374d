//! Diagnostics: what the validator says about a spec, and where.

use serde::Serialize;

/// A point in the source text.
///
/// `line` and `column` are 1-based; `column` and `offset` count UTF-16 code units, the unit of
/// JavaScript strings, CodeMirror and Monaco, so a position can index the editor's text directly.
/// `offset` is 0-based from the start of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in UTF-16 code units.
    pub column: u32,
    /// 0-based offset from the start of the text, in UTF-16 code units.
    pub offset: u32,
}

/// A range of the source text; `end` is exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Span {
    /// First position of the range.
    pub start: Position,
    /// Position just after the range.
    pub end: Position,
}

/// How serious a diagnostic is. Only errors make a spec unusable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// K7 refuses the spec, crashes on it, or it cannot mean what it says.
    Error,
    /// The spec works, but probably not as its author expects.
    Warning,
    /// Worth knowing: a consequence of the spec that is easy to miss.
    Info,
}

/// One finding about a spec: a stable code, where it is, what is wrong and how to fix it.
///
/// ```
/// let diagnostics = k7_spec::validate("name: demo\nimage: alpine:3.20\negress_whitelis: []\n");
/// let typo = diagnostics.iter().find(|d| d.code == "unknown-field").unwrap();
/// assert_eq!(typo.path, "/egress_whitelis");
/// assert_eq!(typo.span.unwrap().start.line, 3);
/// assert_eq!(typo.help.as_deref(), Some("did you mean `egress_whitelist`?"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable kebab-case identifier, listed in the README; never renamed or reused.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// Lowercase, no trailing period, names the offending value.
    pub message: String,
    /// JSON Pointer (RFC 6901) to the offending value: `/egress_whitelist/2`.
    pub path: String,
    /// Where it is; `None` only when the input had no text (a JavaScript object).
    pub span: Option<Span>,
    /// How to fix it, when there is a fix to suggest.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without help; add it with [`Diagnostic::help`].
    pub(crate) fn new(
        code: &'static str,
        severity: Severity,
        path: impl Into<String>,
        span: Option<Span>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            path: path.into(),
            span,
            help: None,
        }
    }

    /// The same diagnostic with a fix to suggest.
    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sort key: by position (diagnostics without a span first), then by code.
    fn sort_key(&self) -> (Option<u32>, Option<u32>, &'static str) {
        (
            self.span.map(|s| s.start.offset),
            self.span.map(|s| s.end.offset),
            self.code,
        )
    }
}

/// Puts diagnostics in the documented order: by position, then by code.
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Clears every span: for a spec that reached the caller as data (a JavaScript object, read
/// through its JSON text), whose diagnostics must not point into a text the user never saw.
/// The order stays the text's, which is the order of the object's keys.
///
/// ```
/// let mut diagnostics = k7_spec::validate(r#"{"name": "demo", "image": "alpine:3.20", "cap_add": ["SYS_ADMIN"]}"#);
/// k7_spec::diagnostic::forget_spans(&mut diagnostics);
/// assert!(diagnostics.iter().all(|d| d.span.is_none()));
/// assert!(diagnostics.iter().any(|d| d.path == "/cap_add/0"));
/// ```
pub fn forget_spans(diagnostics: &mut [Diagnostic]) {
    for diagnostic in diagnostics {
        diagnostic.span = None;
    }
}

/// Builds a JSON Pointer from reference tokens, escaping `~` and `/` as RFC 6901 asks.
pub(crate) fn pointer<I, S>(tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for token in tokens {
        out.push('/');
        for c in token.as_ref().chars() {
            match c {
                '~' => out.push_str("~0"),
                '/' => out.push_str("~1"),
                c => out.push(c),
            }
        }
    }
    out
}
