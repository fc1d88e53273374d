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

/// Every diagnostic code, its severity, and what it means in one line. Codes are stable: they
/// are never renamed or reused. The README's table is generated from this list and the fixtures.
pub const CODES: &[(&str, Severity, &str)] = &[
    // Reading the text.
    (
        "invalid-syntax",
        Severity::Error,
        "the text is not valid YAML or JSON",
    ),
    (
        "input-too-large",
        Severity::Error,
        "the text is larger than 1 MiB",
    ),
    (
        "nesting-too-deep",
        Severity::Error,
        "lists and mappings nest deeper than 64 levels",
    ),
    (
        "alias-expansion-limit",
        Severity::Error,
        "aliases expand to more than 100,000 values (an alias bomb)",
    ),
    (
        "multiple-documents",
        Severity::Error,
        "the text holds more than one YAML document",
    ),
    (
        "unsupported-tag",
        Severity::Error,
        "a tag such as `!!python/object`; only `!!str`, `!!seq` and `!!map` are allowed",
    ),
    (
        "merge-key-unsupported",
        Severity::Error,
        "a merge key (`<<`)",
    ),
    (
        "duplicate-key",
        Severity::Error,
        "a key appears twice in one mapping",
    ),
    ("empty-spec", Severity::Error, "the text holds no spec"),
    // The shape of the spec.
    (
        "not-a-mapping",
        Severity::Error,
        "the document is not a mapping of fields",
    ),
    (
        "unknown-field",
        Severity::Error,
        "a key that is not a spec field (with a did-you-mean)",
    ),
    (
        "missing-field",
        Severity::Error,
        "`name` or `image` is missing",
    ),
    (
        "wrong-type",
        Severity::Error,
        "a value of the wrong type; nothing is coerced",
    ),
    (
        "yaml11-boolean",
        Severity::Warning,
        "`yes`/`no`/`on`/`off` in a boolean field: K7 (YAML 1.1) reads a boolean, YAML 1.2 tools a string",
    ),
    // Names and the image.
    (
        "invalid-dns-label",
        Severity::Error,
        "`name` or `namespace` is not a DNS-1123 label",
    ),
    (
        "name-too-long-for-service",
        Severity::Error,
        "with `expose_ports`, `name` is longer than 56 characters",
    ),
    (
        "invalid-dns-subdomain",
        Severity::Error,
        "`node_name` or `runtime_class_name` is not a DNS-1123 subdomain",
    ),
    (
        "invalid-image",
        Severity::Error,
        "`image` is not a valid image reference",
    ),
    (
        "docker-io-registry",
        Severity::Error,
        "the image names `docker.io`, which K7 refuses",
    ),
    (
        "registry-not-allowed",
        Severity::Warning,
        "the image registry is not on K7's default allowlist",
    ),
    // The backend.
    (
        "unknown-backend",
        Severity::Error,
        "`backend` names no backend",
    ),
    (
        "deprecated-backend",
        Severity::Warning,
        "`backend` uses a deprecated alias",
    ),
    (
        "field-ignored",
        Severity::Warning,
        "a field the chosen backend (or setting) ignores",
    ),
    (
        "kql-persistence-off",
        Severity::Warning,
        "a runtime class other than `kata-qemu` on kql turns persistence off",
    ),
    (
        "kql-privileged",
        Severity::Warning,
        "kql runs the sandbox container privileged",
    ),
    (
        "volume-refused",
        Severity::Error,
        "a hostPath or PVC volume on k7d-fc",
    ),
    // Resources, Docker and the env file.
    (
        "unknown-limit",
        Severity::Error,
        "a `limits` key other than cpu, memory, ephemeral-storage",
    ),
    (
        "invalid-quantity",
        Severity::Error,
        "a quantity K7's parser refuses (with the spelling it accepts)",
    ),
    (
        "kata-memory",
        Severity::Error,
        "Kata backends need memory in Ki/Mi/Gi of at least 256Mi",
    ),
    (
        "unknown-sidecar",
        Severity::Error,
        "a `sidecar` other than `docker`",
    ),
    (
        "docker-sidecar-conflict",
        Severity::Error,
        "`sidecar: docker` together with `docker: true`",
    ),
    (
        "legacy-sidecar",
        Severity::Warning,
        "`sidecar: docker` instead of `docker: true`",
    ),
    (
        "invalid-env-file",
        Severity::Error,
        "`env_file` is not a path",
    ),
    // Egress.
    (
        "egress-open",
        Severity::Info,
        "no `egress_whitelist`: egress is open",
    ),
    (
        "invalid-egress-entry",
        Severity::Error,
        "an entry that is neither a CIDR, an IP nor a DNS name",
    ),
    (
        "duplicate-egress-entry",
        Severity::Warning,
        "an entry listed twice (after normalisation)",
    ),
    (
        "cidr-host-bits",
        Severity::Warning,
        "a CIDR with host bits set",
    ),
    (
        "egress-allows-all",
        Severity::Warning,
        "`0.0.0.0/0` or `::/0`: as open as no whitelist",
    ),
    (
        "public-dns-resolver",
        Severity::Warning,
        "a public DNS resolver or DoH service: DNS works again",
    ),
    (
        "cloud-metadata",
        Severity::Warning,
        "a range that reaches the cloud metadata service",
    ),
    (
        "fqdn-needs-cilium",
        Severity::Error,
        "a DNS name in the whitelist, rendered for a Flannel cluster (no domain-based egress)",
    ),
    (
        "dns-blocked",
        Severity::Info,
        "`[]` or CIDR-only: names stop resolving after lockdown",
    ),
    // Ingress.
    ("invalid-port", Severity::Error, "a port outside 1–65535"),
    ("duplicate-port", Severity::Warning, "a port listed twice"),
    (
        "invalid-ingress-source",
        Severity::Error,
        "an `ingress_from` entry outside `sandbox:`, `namespace:`, `cidr:`",
    ),
    (
        "ingress-from-without-ports",
        Severity::Error,
        "`ingress_from` without `ingress_ports` opens nothing",
    ),
    (
        "expose-port-not-open",
        Severity::Error,
        "an exposed port that is not in `ingress_ports`",
    ),
    (
        "exposed-port-unreachable",
        Severity::Warning,
        "exposed ports with no `cidr:` source cannot be reached from outside",
    ),
    (
        "public-exposure",
        Severity::Warning,
        "exposed ports open to `cidr:0.0.0.0/0`",
    ),
    // Capabilities and non-root.
    (
        "unknown-capability",
        Severity::Error,
        "not a capability of capabilities(7)",
    ),
    (
        "capability-prefix",
        Severity::Warning,
        "a capability written with `CAP_`",
    ),
    (
        "powerful-capability",
        Severity::Warning,
        "`cap_add` grants a capability that weakens the sandbox",
    ),
    (
        "cap-drop-empty",
        Severity::Warning,
        "`cap_drop: []` drops nothing",
    ),
    (
        "cap-drop-replaces-all",
        Severity::Warning,
        "`cap_drop` without ALL replaces the default drop of ALL",
    ),
    (
        "capability-added-and-dropped",
        Severity::Warning,
        "a capability both added and dropped",
    ),
    (
        "non-root-partial",
        Severity::Info,
        "one non-root flag without the other",
    ),
    // before_script.
    (
        "package-manager-needs-root",
        Severity::Warning,
        "a package manager that needs root while running as non-root",
    ),
    (
        "script-ends-with-comment",
        Severity::Error,
        "the script's last line ends in a comment: the sandbox never becomes Ready",
    ),
    (
        "script-exit",
        Severity::Warning,
        "`exit` in the script: the sandbox never becomes Ready",
    ),
    (
        "before-script-open-egress",
        Severity::Info,
        "before_script runs before the lockdown, with open egress",
    ),
    // Rendering.
    (
        "internal-error",
        Severity::Error,
        "the manifests could not be serialised: a bug in k7-spec, never expected",
    ),
];
