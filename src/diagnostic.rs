//! Diagnostics: what the validator says about a spec, and where.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::change::{Operation, TextEdit};
pub use crate::change::{Position, Span};

/// How serious a diagnostic is. Only errors make a spec unusable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Diagnostic {
    /// Stable kebab-case identifier, listed in the README; never renamed or reused.
    pub code: Code,
    /// How serious it is: always the code's own [`Code::severity`].
    pub severity: Severity,
    /// Lowercase, no trailing period, names the offending value.
    pub message: String,
    /// JSON Pointer (RFC 6901) to the offending value: `/egress_whitelist/2`.
    pub path: String,
    /// Where it is; `None` only when the input had no text (a JavaScript object).
    pub span: Option<Span>,
    /// How to fix it, when there is a fix to suggest.
    pub help: Option<String>,
    /// Set when a `# k7-spec: ignore[code] reason` comment or the `ignore` option suppresses
    /// it: the finding stays in the list (an editor shows it faded) but fails no gate.
    pub suppressed: Option<Suppressed>,
    /// The edits that fix it, when its help is mechanical; `[]` otherwise (and for input that had
    /// no text).
    #[serde(default)]
    pub fixes: Vec<Fix>,
    /// The fixes as operations on the spec, until the validator resolves them into edits of the
    /// text.
    #[serde(skip)]
    pub(crate) planned: Vec<Planned>,
}

/// A fix: a title, the edits of the text, and whether it is safe to apply unasked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fix {
    /// What it does, as a quick-fix menu shows it: "Write `cpu: \"500m\"`".
    pub title: String,
    /// Safe or unsafe.
    pub applicability: Applicability,
    /// The replacements, in the positions of the text the diagnostics were found in; they never
    /// overlap.
    pub edits: Vec<TextEdit>,
}

/// Whether a fix may be applied without asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the spec's meaning and only repairs what K7 would refuse or misread.
    Safe,
    /// Changes what the sandbox does (turns on non-root, blocks egress, opens a port): applied
    /// only when asked.
    Unsafe,
}

/// A fix as operations, before it is resolved against the text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Planned {
    pub title: String,
    pub applicability: Applicability,
    pub operations: Vec<Operation>,
}

// Operations hold JSON values, whose numbers are never NaN here (they come from the spec's
// integers and strings): equality is total.
impl Eq for Planned {}

/// Why a finding is suppressed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppressed {
    /// What suppressed it.
    pub kind: SuppressionKind,
    /// The reason given, if any (a comment always gives one).
    pub reason: Option<String>,
}

/// What suppressed a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressionKind {
    /// A `# k7-spec: ignore[code] reason` comment on its line or the line above.
    Comment,
    /// The `ignore` option (`--ignore`, the config file).
    Option,
}

impl Diagnostic {
    /// A diagnostic without help (add it with [`Diagnostic::help`]); its severity is its code's.
    pub(crate) fn new(
        code: Code,
        path: impl Into<String>,
        span: Option<Span>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            path: path.into(),
            span,
            help: None,
            suppressed: None,
            fixes: Vec::new(),
            planned: Vec::new(),
        }
    }

    /// Forgets where the finding is written (its span and its fixes' edits), for a spec that
    /// came as data: its text is one the caller never saw.
    pub fn forget_text(&mut self) {
        self.span = None;
        self.fixes.clear();
    }

    /// The same diagnostic with a fix: operations on the spec, resolved into edits of the text
    /// once every diagnostic is found.
    pub(crate) fn fix(
        mut self,
        applicability: Applicability,
        title: impl Into<String>,
        operations: Vec<Operation>,
    ) -> Self {
        self.planned.push(Planned {
            title: title.into(),
            applicability,
            operations,
        });
        self
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
            self.code.as_str(),
        )
    }
}

/// Puts diagnostics in the documented order: by position, then by code.
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

impl Code {
    /// The code named `text`, such as `"cidr-host-bits"`.
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == text)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Reads a code from its kebab-case string; an unknown one is an error naming it.
impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Code::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format_args!("unknown code `{text}`")))
    }
}

/// Lets callers compare a code with its text: `diagnostic.code == "cidr-host-bits"`.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
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

/// Declares the diagnostic codes: each row is the variant, the stable kebab-case code, its
/// severity, the part of the explanation that repeats it, the kinds of fix its diagnostics carry,
/// and what it means in one line.
macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $topic:expr, [$($fix:ident),*], $meaning:literal;)*) => {
        /// A diagnostic code. Codes are stable: never renamed or reused. Serialises as its
        /// kebab-case string, which is what [`Code::as_str`] returns.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $(
                #[doc = $meaning]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in the README's order.
            pub const ALL: &[Code] = &[$(Code::$variant),*];

            /// The stable kebab-case code, such as `invalid-egress-entry`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// How serious every diagnostic with this code is.
            pub const fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// What the code means, in one line.
            pub const fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => $meaning,)*
                }
            }

            /// The part of the explanation that repeats diagnostics with this code, if any.
            pub const fn topic(self) -> Option<Topic> {
                match self {
                    $(Code::$variant => $topic,)*
                }
            }

            /// The kinds of fix a diagnostic with this code can carry (`[]`: it has none, its help
            /// is not mechanical). A diagnostic may still carry none, when the value gives no
            /// mechanical repair.
            pub const fn fixes(self) -> &'static [Applicability] {
                match self {
                    $(Code::$variant => &[$(Applicability::$fix),*],)*
                }
            }
        }
    };
}

/// The part of the explanation that repeats a finding as a caveat or a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// A caveat of the egress after lockdown.
    Egress,
    /// A caveat of who can connect.
    Ingress,
    /// A note on the pod's hardening.
    Security,
}

// Every diagnostic code, its severity, the explanation's topic, its fixes' kinds, and what it
// means in one line.
// Codes are stable: they are never renamed or reused. The README's table is generated from this
// list and the fixtures.
codes! {
    // Reading the text.
    InvalidSyntax = "invalid-syntax", Error, None, [], "the text is not valid YAML or JSON";
    InputTooLarge = "input-too-large", Error, None, [], "the text is larger than 1 MiB";
    NestingTooDeep = "nesting-too-deep", Error, None, [], "lists and mappings nest deeper than 64 levels";
    AliasExpansionLimit = "alias-expansion-limit", Error, None, [], "aliases expand to more than 100,000 values (an alias bomb)";
    MultipleDocuments = "multiple-documents", Error, None, [], "the text holds more than one YAML document";
    UnsupportedTag = "unsupported-tag", Error, None, [], "a tag such as `!!python/object`; only `!!str`, `!!seq` and `!!map` are allowed";
    MergeKeyUnsupported = "merge-key-unsupported", Error, None, [], "a merge key (`<<`)";
    DuplicateKey = "duplicate-key", Error, None, [], "a key appears twice in one mapping";
    EmptySpec = "empty-spec", Error, None, [], "the text holds no spec";
    // The shape of the spec.
    NotAMapping = "not-a-mapping", Error, None, [], "the document is not a mapping of fields";
    UnknownField = "unknown-field", Error, None, [Unsafe], "a key that is not a spec field (with a did-you-mean)";
    MissingField = "missing-field", Error, None, [], "`name` or `image` is missing";
    WrongType = "wrong-type", Error, None, [Safe, Unsafe], "a value of the wrong type; nothing is coerced";
    Yaml11Boolean = "yaml11-boolean", Warning, None, [Safe], "`yes`/`no`/`on`/`off` in a boolean field: K7 (YAML 1.1) reads a boolean, YAML 1.2 tools a string";
    // Names and the image.
    InvalidDnsLabel = "invalid-dns-label", Error, None, [Unsafe], "`name` or `namespace` is not a DNS-1123 label";
    NameTooLongForService = "name-too-long-for-service", Error, None, [], "with `expose_ports`, `name` is longer than 56 characters";
    InvalidDnsSubdomain = "invalid-dns-subdomain", Error, None, [], "`node_name` or `runtime_class_name` is not a DNS-1123 subdomain";
    NodeCheckedAtCreate = "node-checked-at-create", Info, None, [], "K7 looks `node_name` up at create time: it refuses a missing node and tolerates the node's tenant taints";
    InvalidImage = "invalid-image", Error, None, [], "`image` is not a valid image reference";
    DockerIoRegistry = "docker-io-registry", Error, None, [Safe], "the image names `docker.io`, which K7 refuses";
    RegistryNotAllowed = "registry-not-allowed", Warning, None, [], "the image registry is not on K7's default allowlist";
    // The backend.
    UnknownBackend = "unknown-backend", Error, None, [Unsafe], "`backend` names no backend";
    DeprecatedBackend = "deprecated-backend", Warning, None, [Safe], "`backend` uses a deprecated alias";
    FieldIgnored = "field-ignored", Warning, None, [Safe], "a field the chosen backend (or setting) ignores";
    KqlPersistenceOff = "kql-persistence-off", Warning, None, [Unsafe], "a runtime class other than `kata-qemu` on kql turns persistence off";
    KqlPrivileged = "kql-privileged", Warning, Some(Topic::Security), [], "kql runs the sandbox container privileged";
    ImageArgvAtCreate = "image-argv-at-create", Info, None, [], "on kql, K7 reads the image's Entrypoint or Cmd from the registry at create time and adds it to the sandbox's args";
    VolumeRefused = "volume-refused", Error, None, [Unsafe], "a hostPath or PVC volume on k7d-fc";
    // Resources, Docker and the env file.
    UnknownLimit = "unknown-limit", Error, None, [Unsafe], "a `limits` key other than cpu, memory, ephemeral-storage";
    InvalidQuantity = "invalid-quantity", Error, None, [Safe, Unsafe], "a quantity K7's parser refuses (with the spelling it accepts)";
    KataMemory = "kata-memory", Error, None, [Safe, Unsafe], "Kata backends need memory in Ki/Mi/Gi of at least 256Mi";
    UnknownSidecar = "unknown-sidecar", Error, None, [], "a `sidecar` other than `docker`";
    DockerSidecarConflict = "docker-sidecar-conflict", Error, None, [Safe], "`sidecar: docker` together with `docker: true`";
    LegacySidecar = "legacy-sidecar", Warning, None, [Unsafe], "`sidecar: docker` instead of `docker: true`";
    InvalidEnvFile = "invalid-env-file", Error, None, [], "`env_file` is not a path";
    EnvFileOnK7Host = "env-file-on-k7-host", Info, None, [], "K7 reads `env_file` on its own host at create time: an empty file is refused, a missing one leaves the pod without its Secret";
    // Egress.
    EgressOpen = "egress-open", Warning, None, [Unsafe], "no `egress_whitelist`: egress is open, as with `0.0.0.0/0`";
    InvalidEgressEntry = "invalid-egress-entry", Error, None, [Safe], "an entry that is neither a CIDR, an IP nor a DNS name";
    DuplicateEgressEntry = "duplicate-egress-entry", Warning, None, [Safe], "an entry listed twice (after normalisation)";
    CidrHostBits = "cidr-host-bits", Warning, Some(Topic::Egress), [Safe], "a CIDR with host bits set";
    EgressAllowsAll = "egress-allows-all", Warning, Some(Topic::Egress), [Unsafe], "`0.0.0.0/0` or `::/0`: as open as no whitelist";
    PublicDnsResolver = "public-dns-resolver", Warning, Some(Topic::Egress), [Unsafe], "a public DNS resolver or DoH service: DNS works again";
    CloudMetadata = "cloud-metadata", Warning, Some(Topic::Egress), [Unsafe], "a range that reaches the cloud metadata service";
    WildcardTld = "wildcard-tld", Warning, Some(Topic::Egress), [], "a wildcard that covers a whole top-level domain (`*.com`)";
    FqdnNeedsCilium = "fqdn-needs-cilium", Error, None, [], "a DNS name in the whitelist, rendered for a Flannel cluster (no domain-based egress)";
    DnsBlocked = "dns-blocked", Info, None, [], "`[]` or CIDR-only: names stop resolving after lockdown";
    // Ingress.
    InvalidPort = "invalid-port", Error, None, [], "a port outside 1–65535";
    DuplicatePort = "duplicate-port", Warning, None, [Safe], "a port listed twice";
    InvalidIngressSource = "invalid-ingress-source", Error, None, [Safe, Unsafe], "an `ingress_from` entry outside `sandbox:`, `namespace:`, `cidr:`";
    IngressFromWithoutPorts = "ingress-from-without-ports", Error, None, [], "`ingress_from` without `ingress_ports` opens nothing";
    ExposePortNotOpen = "expose-port-not-open", Error, None, [Unsafe], "an exposed port that is not in `ingress_ports`";
    ExposedPortUnreachable = "exposed-port-unreachable", Warning, Some(Topic::Ingress), [], "exposed ports with no `cidr:` source cannot be reached from outside";
    PublicExposure = "public-exposure", Warning, Some(Topic::Ingress), [], "exposed ports open to `cidr:0.0.0.0/0`";
    // Capabilities and non-root.
    UnknownCapability = "unknown-capability", Error, None, [Safe], "not a capability of capabilities(7)";
    CapabilityPrefix = "capability-prefix", Warning, None, [Safe], "a capability written with `CAP_`";
    PowerfulCapability = "powerful-capability", Warning, Some(Topic::Security), [], "`cap_add` grants a capability that weakens the sandbox";
    CapDropEmpty = "cap-drop-empty", Warning, Some(Topic::Security), [Unsafe], "`cap_drop: []` drops nothing";
    CapDropReplacesAll = "cap-drop-replaces-all", Warning, Some(Topic::Security), [Unsafe], "`cap_drop` without ALL replaces the default drop of ALL";
    CapabilityAddedAndDropped = "capability-added-and-dropped", Warning, None, [Safe, Unsafe], "a capability both added and dropped";
    NonRootPartial = "non-root-partial", Info, None, [Unsafe], "one non-root flag without the other";
    // before_script.
    PackageManagerNeedsRoot = "package-manager-needs-root", Warning, None, [], "a package manager that needs root while running as non-root";
    ScriptEndsWithComment = "script-ends-with-comment", Error, None, [Safe], "the script's last line ends in a comment: the sandbox never becomes Ready";
    ScriptExit = "script-exit", Warning, None, [], "`exit` in the script: the sandbox never becomes Ready";
    BeforeScriptOpenEgress = "before-script-open-egress", Info, None, [], "before_script runs before the lockdown, with open egress";
    // Suppressions.
    SuppressionInvalid = "suppression-invalid", Warning, None, [], "a `# k7-spec: ignore[...]` comment that cannot be honoured: malformed, without a reason, an unknown code or an error's";
    SuppressionUnused = "suppression-unused", Warning, None, [Safe], "a `# k7-spec: ignore[...]` comment that suppresses nothing";
    // Rendering.
    InternalError = "internal-error", Error, None, [], "the manifests could not be serialised: a bug in k7-spec, never expected";
}
