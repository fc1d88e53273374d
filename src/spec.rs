//! The typed sandbox spec, built from the source tree.
//!
//! [`FIELDS`] is the one source of truth for the spec's keys: their types, their descriptions
//! and examples. The builder, the did-you-mean suggestions and the JSON Schema all read it.

use std::rc::Rc;

use crate::diagnostic::{Diagnostic, Severity, Span, pointer};
use crate::source::{Node, Style, Value};
use crate::suggest::closest;

/// A value from the spec with the span of its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it is written; `None` for input that had no text.
    pub span: Option<Span>,
}

/// The YAML type a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A string.
    Str,
    /// A boolean.
    Bool,
    /// A list of strings.
    StrList,
    /// A list of TCP ports (integers).
    PortList,
    /// A mapping from names to strings.
    StrMap,
    /// A list of mappings.
    MapList,
}

/// One key of the spec: its name, type, and documentation.
#[derive(Debug)]
pub struct FieldInfo {
    /// The key as written in `k7.yaml`.
    pub name: &'static str,
    /// Its type.
    pub kind: Kind,
    /// Whether the spec must give it.
    pub required: bool,
    /// One paragraph for people writing specs.
    pub description: &'static str,
    /// An example value, as JSON.
    pub example: &'static str,
}

macro_rules! field {
    ($name:literal, $kind:ident, $required:literal, $example:literal, $description:literal) => {
        FieldInfo {
            name: $name,
            kind: Kind::$kind,
            required: $required,
            description: $description,
            example: $example,
        }
    };
}

/// Every key of a sandbox spec (SPEC.md §1), in the order the documentation gives them.
pub const FIELDS: &[FieldInfo] = &[
    field!(
        "name",
        Str,
        true,
        r#""demo""#,
        "Sandbox name: a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters; 56 with expose_ports). Every object K7 creates is named after it."
    ),
    field!(
        "image",
        Str,
        true,
        r#""alpine:3.20""#,
        "Container image of the sandbox. Its registry must be on K7's allowlist: registry-1.docker.io (short names like alpine:3.20), ghcr.io, quay.io, public.ecr.aws."
    ),
    field!(
        "namespace",
        Str,
        false,
        r#""default""#,
        "Namespace of every object; it must already exist. Default: default."
    ),
    field!(
        "backend",
        Str,
        false,
        r#""k7d""#,
        "Sandbox runtime: kata-firecracker-devmapper (kfd, the default), kata-qemu-longhorn (kql), k7d (k7) or k7d-fc (k7-fc). Case-sensitive."
    ),
    field!(
        "runtime_class_name",
        Str,
        false,
        r#""kata""#,
        "Overrides the pod's runtimeClassName. Default per backend: kfd kata, kql kata-qemu, k7d k7, k7d-fc k7-fc."
    ),
    field!(
        "limits",
        StrMap,
        false,
        r#"{"cpu": "1", "memory": "1Gi"}"#,
        "Resource limits (also used as requests): cpu, memory, ephemeral-storage. Quote every value; K7 accepts integers, <n>m and <n>Ki|Mi|Gi."
    ),
    field!(
        "root_disk_size",
        Str,
        false,
        r#""10Gi""#,
        "Size of the root volume; used only by the kata-qemu-longhorn backend. Default: 10Gi."
    ),
    field!(
        "env_file",
        Str,
        false,
        r#"".env""#,
        "Path of a dotenv file on the K7 host; its variables reach the sandbox through the Secret <name>-env."
    ),
    field!(
        "egress_whitelist",
        StrList,
        false,
        r#"["10.0.0.0/8", "pypi.org"]"#,
        "Outbound traffic allowed after before_script. Leave it out for OPEN egress; [] blocks everything, DNS included; a list of CIDRs or IPs allows only those (DNS blocked); DNS names need the Cilium CNI."
    ),
    field!(
        "before_script",
        Str,
        false,
        r#""apk add curl""#,
        "Shell script run once inside the sandbox after start, BEFORE the egress lockdown (egress is open while it runs). Its last line must not be a comment and it must not exit."
    ),
    field!(
        "entrypoint",
        StrList,
        false,
        r#"["/usr/local/bin/agent"]"#,
        "Overrides the image entrypoint; only the kata-qemu-longhorn backend uses it."
    ),
    field!(
        "cmd",
        StrList,
        false,
        r#"["--serve"]"#,
        "Overrides the image command; only the kata-qemu-longhorn backend uses it."
    ),
    field!(
        "pod_non_root",
        Bool,
        false,
        "true",
        "Run the pod as UID/GID/fsGroup 65532. Enable it together with container_non_root; package managers such as apk add then fail."
    ),
    field!(
        "container_non_root",
        Bool,
        false,
        "true",
        "Run the sandbox container as UID 65532 with runAsNonRoot. Enable it together with pod_non_root."
    ),
    field!(
        "cap_drop",
        StrList,
        false,
        r#"["ALL"]"#,
        "Linux capabilities to drop. Leave it out to drop ALL (the default); giving it REPLACES that default."
    ),
    field!(
        "cap_add",
        StrList,
        false,
        r#"["NET_BIND_SERVICE"]"#,
        "Linux capabilities to add back, by name without the CAP_ prefix."
    ),
    field!(
        "ingress_ports",
        PortList,
        false,
        "[8080]",
        "TCP ports opened to the ingress_from sources (any sandbox of the namespace when there are none)."
    ),
    field!(
        "ingress_from",
        StrList,
        false,
        r#"["sandbox:client", "namespace:monitoring", "cidr:10.0.0.0/8"]"#,
        "Who may connect to ingress_ports: sandbox:<name>, namespace:<namespace> or cidr:<cidr>."
    ),
    field!(
        "expose_ports",
        PortList,
        false,
        "[8080]",
        "Ports published through a NodePort Service <name>-expose; each must also be in ingress_ports."
    ),
    field!(
        "node_name",
        Str,
        false,
        r#""worker-1""#,
        "Pins the sandbox to this node (nodeSelector kubernetes.io/hostname)."
    ),
    field!(
        "docker",
        Bool,
        false,
        "true",
        "Gives the sandbox its own Docker daemon."
    ),
    field!(
        "docker_disk",
        Str,
        false,
        r#""20Gi""#,
        "Size of the Docker graph disk, such as 20Gi; needs docker: true. Default: 20Gi."
    ),
    field!(
        "sidecar",
        Str,
        false,
        r#""docker""#,
        "Legacy: only docker is known, and it cannot be combined with docker: true. Prefer docker: true."
    ),
    field!(
        "volumes",
        MapList,
        false,
        r#"[{"name": "data", "persistentVolumeClaim": {"claimName": "data"}}]"#,
        "hostPath or persistentVolumeClaim volumes. Refused on k7d-fc; the other backends do not mount them."
    ),
];

/// The four sandbox backends of K7.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// `kata-firecracker-devmapper`, alias `kfd`: the platform default.
    Kfd,
    /// `kata-qemu-longhorn`, alias `kql`: persistent root disk.
    Kql,
    /// `k7d`, alias `k7`.
    K7d,
    /// `k7d-fc`, alias `k7-fc`.
    K7dFc,
}

/// Every accepted spelling of a backend: (name, backend, deprecated).
pub const BACKEND_NAMES: &[(&str, Backend, bool)] = &[
    ("kata-firecracker-devmapper", Backend::Kfd, false),
    ("kfd", Backend::Kfd, false),
    ("kata-qemu-longhorn", Backend::Kql, false),
    ("kql", Backend::Kql, false),
    ("k7d", Backend::K7d, false),
    ("k7", Backend::K7d, false),
    ("k7d-fc", Backend::K7dFc, false),
    ("k7-fc", Backend::K7dFc, false),
    ("fd", Backend::Kfd, true),
    ("firecracker-devmapper", Backend::Kfd, true),
    ("ql", Backend::Kql, true),
    ("qemu-longhorn", Backend::Kql, true),
];

impl Backend {
    /// The backend named `name`, and whether that name is a deprecated alias.
    pub fn parse(name: &str) -> Option<(Backend, bool)> {
        BACKEND_NAMES
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|&(_, b, deprecated)| (b, deprecated))
    }

    /// The canonical name, as K7 writes it in the backend annotation.
    pub fn canonical(self) -> &'static str {
        match self {
            Backend::Kfd => "kata-firecracker-devmapper",
            Backend::Kql => "kata-qemu-longhorn",
            Backend::K7d => "k7d",
            Backend::K7dFc => "k7d-fc",
        }
    }

    /// The short name used in node labels (`k7.katakate.org/backend-<short>`).
    pub fn short(self) -> &'static str {
        match self {
            Backend::Kfd => "kfd",
            Backend::Kql => "kql",
            Backend::K7d => "k7d",
            Backend::K7dFc => "k7d-fc",
        }
    }

    /// The runtime class K7 uses when the spec gives none.
    pub fn default_runtime_class(self) -> &'static str {
        match self {
            Backend::Kfd => "kata",
            Backend::Kql => "kata-qemu",
            Backend::K7d => "k7",
            Backend::K7dFc => "k7-fc",
        }
    }

    /// Whether the backend runs a Kata Containers VM (memory is sized through an annotation).
    pub fn is_kata(self) -> bool {
        matches!(self, Backend::Kfd | Backend::Kql)
    }
}

/// One `limits` entry: the key and the value, each with its span.
pub type Limit = (Spanned<String>, Spanned<String>);

/// A string list field with the span of the whole list.
pub type List<T> = Spanned<Vec<Spanned<T>>>;

/// A sandbox spec as typed values; a field is `None` when absent, `null`, or of the wrong type
/// (the builder then reported it).
#[derive(Debug, Default)]
pub struct Spec {
    /// Span of the whole document.
    pub span: Option<Span>,
    #[allow(missing_docs)]
    pub name: Option<Spanned<String>>,
    #[allow(missing_docs)]
    pub image: Option<Spanned<String>>,
    #[allow(missing_docs)]
    pub namespace: Option<Spanned<String>>,
    #[allow(missing_docs)]
    pub backend: Option<Spanned<String>>,
    #[allow(missing_docs)]
    pub runtime_class_name: Option<Spanned<String>>,
    /// `(key, value)` pairs in source order; each key keeps its own span.
    pub limits: Option<Spanned<Vec<Limit>>>,
    #[allow(missing_docs)]
    pub root_disk_size: Option<Spanned<String>>,
    #[allow(missing_docs)]
    pub env_file: Option<Spanned<String>>,
    #[allow(missing_docs)]
    pub egress_whitelist: Option<List<String>>,
    /// The script, and how it was written (line positions are exact for `|` blocks).
    pub before_script: Option<Spanned<String>>,
    /// Whether `before_script` was a `|` block, whose lines map one to one onto source lines.
    pub before_script_literal: bool,
    #[allow(missing_docs)]
    pub entrypoint: Option<List<String>>,
    #[allow(missing_docs)]
    pub cmd: Option<List<String>>,
    #[allow(missing_docs)]
    pub pod_non_root: Option<Spanned<bool>>,
    #[allow(missing_docs)]
    pub container_non_root: Option<Spanned<bool>>,
    #[allow(missing_docs)]
    pub cap_drop: Option<List<String>>,
    #[allow(missing_docs)]
    pub cap_add: Option<List<String>>,
    #[allow(missing_docs)]
    pub ingress_ports: Option<List<i64>>,
    #[allow(missing_docs)]
    pub ingress_from: Option<List<String>>,
    #[allow(missing_docs)]
    pub expose_ports: Option<List<i64>>,
    #[allow(missing_docs)]
    pub node_name: Option<Spanned<String>>,
    #[allow(missing_docs)]
    pub docker: Option<Spanned<bool>>,
    #[allow(missing_docs)]
    pub docker_disk: Option<Spanned<String>>,
    #[allow(missing_docs)]
    pub sidecar: Option<Spanned<String>>,
    /// The volume entries as written; K7 passes them through.
    pub volumes: Option<List<Rc<Node>>>,
}

impl Spec {
    /// The backend in effect: the one named, or the platform default.
    pub fn backend(&self) -> Backend {
        self.backend
            .as_ref()
            .and_then(|b| Backend::parse(&b.value))
            .map_or(Backend::Kfd, |(b, _)| b)
    }

    /// Whether a boolean flag is set to true.
    pub fn flag(field: &Option<Spanned<bool>>) -> bool {
        field.as_ref().is_some_and(|f| f.value)
    }
}

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
    match text {
        "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => Some(true),
        "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => Some(false),
        _ => None,
    }
}

/// Reads a tree into a typed spec, reporting wrong types, unknown and missing keys; `None`
/// when the document is not a mapping.
pub fn build(root: &Node, diagnostics: &mut Vec<Diagnostic>) -> Option<Spec> {
    let mut spec = Spec {
        span: root.span,
        ..Spec::default()
    };
    let Value::Map(entries) = &root.value else {
        let found = describe(root);
        diagnostics.push(Diagnostic {
            code: "not-a-mapping",
            severity: Severity::Error,
            message: format!("a spec is a mapping of fields, found {found}"),
            path: String::new(),
            span: root.span,
            help: Some(
                "start from `name: demo` and `image: alpine:3.20`, one field per line".into(),
            ),
        });
        return None;
    };
    let mut reader = Reader { diagnostics };
    for (key, value) in entries {
        let name = key.scalar().unwrap_or_default();
        let Some(field) = FIELDS.iter().find(|f| f.name == name) else {
            reader.unknown_field(name, key);
            continue;
        };
        if is_null(value) {
            continue;
        }
        reader.assign(&mut spec, field, value);
    }
    for field in FIELDS.iter().filter(|f| f.required) {
        let present = entries
            .iter()
            .any(|(k, v)| k.scalar() == Some(field.name) && !is_null(v));
        if !present {
            reader.diagnostics.push(Diagnostic {
                code: "missing-field",
                severity: Severity::Error,
                message: format!("the required field `{}` is missing", field.name),
                path: pointer([field.name]),
                span: root.span.map(|s| Span {
                    start: s.start,
                    end: s.start,
                }),
                help: Some(format!(
                    "add `{}: {}`",
                    field.name,
                    field.example.trim_matches('"')
                )),
            });
        }
    }
    Some(spec)
}

fn is_null(node: &Node) -> bool {
    matches!(&node.value, Value::Scalar { text, style: Style::Plain } if resolve(text) == Scalar::Null)
}

/// How a node reads to a person: "the integer 1", "a list", "the string \"x\"".
pub(crate) fn describe(node: &Node) -> String {
    match &node.value {
        Value::Seq(_) => "a list".into(),
        Value::Map(_) => "a mapping".into(),
        Value::Scalar { text, style } => match (style, resolve(text)) {
            (Style::Plain, Scalar::Null) => "null".into(),
            (Style::Plain, Scalar::Bool(b)) => format!("the boolean {b}"),
            (Style::Plain, Scalar::Int) => format!("the integer {text}"),
            (Style::Plain, Scalar::Float) => format!("the number {text}"),
            _ => format!("the string {text:?}"),
        },
    }
}

/// Where a value sits, turned into a JSON Pointer only when a diagnostic needs one.
#[derive(Clone, Copy)]
enum Loc<'a> {
    /// A top-level field.
    Field(&'a str),
    /// An item of a list field.
    Item(&'a str, usize),
    /// A value of a mapping field.
    Entry(&'a str, &'a str),
}

impl Loc<'_> {
    /// How the value is introduced in a help line: `name: ` for a key, `- ` for a list item.
    fn lead(self) -> String {
        match self {
            Loc::Field(k) | Loc::Entry(_, k) => format!("{k}: "),
            Loc::Item(..) => "- ".to_owned(),
        }
    }

    fn pointer(self) -> String {
        match self {
            Loc::Field(f) => pointer([f]),
            Loc::Item(f, i) => pointer([f, &i.to_string()]),
            Loc::Entry(f, k) => pointer([f, k]),
        }
    }
}

struct Reader<'d> {
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Reader<'_> {
    fn unknown_field(&mut self, name: &str, key: &Node) {
        let names = FIELDS.iter().map(|f| f.name);
        let help = match closest(name, names) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "the fields are: {}",
                FIELDS.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
            ),
        };
        self.diagnostics.push(Diagnostic {
            code: "unknown-field",
            severity: Severity::Error,
            message: format!("unknown field `{name}`"),
            path: pointer([name]),
            span: key.span,
            help: Some(help),
        });
    }

    fn wrong_type(&mut self, path: String, node: &Node, expected: &str, help: String) {
        self.diagnostics.push(Diagnostic {
            code: "wrong-type",
            severity: Severity::Error,
            message: format!(
                "`{}` must be {expected}, found {}",
                path.trim_start_matches('/'),
                describe(node)
            ),
            path,
            span: node.span,
            help: Some(help),
        });
    }

    fn assign(&mut self, spec: &mut Spec, field: &FieldInfo, value: &Node) {
        let key = field.name;
        let path = Loc::Field(key);
        match field.kind {
            Kind::Str => {
                let Some(s) = self.string(path, value) else {
                    return;
                };
                if key == "before_script" {
                    spec.before_script_literal = matches!(
                        value.value,
                        Value::Scalar {
                            style: Style::Literal,
                            ..
                        }
                    );
                }
                *string_slot(spec, key) = Some(s);
            }
            Kind::Bool => {
                let Some(b) = self.boolean(path, key, value) else {
                    return;
                };
                *bool_slot(spec, key) = Some(b);
            }
            Kind::StrList => {
                let Some(items) = self.list(path, key, value) else {
                    return;
                };
                let list = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| self.string(Loc::Item(key, i), item))
                    .collect();
                *list_slot(spec, key) = Some(Spanned {
                    value: list,
                    span: value.span,
                });
            }
            Kind::PortList => {
                let Some(items) = self.list(path, key, value) else {
                    return;
                };
                let list = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| self.port(Loc::Item(key, i), item))
                    .collect();
                let slot = if key == "ingress_ports" {
                    &mut spec.ingress_ports
                } else {
                    &mut spec.expose_ports
                };
                *slot = Some(Spanned {
                    value: list,
                    span: value.span,
                });
            }
            Kind::StrMap => {
                let Value::Map(entries) = &value.value else {
                    self.wrong_type(path.pointer(), value, "a mapping", format!("write `{key}:` then one `name: \"value\"` per line, such as `memory: \"1Gi\"`"));
                    return;
                };
                let pairs = entries
                    .iter()
                    .filter_map(|(k, v)| {
                        let name = k.scalar().unwrap_or_default();
                        let v = self.string(Loc::Entry(key, name), v)?;
                        let name = name.to_owned();
                        Some((
                            Spanned {
                                value: name,
                                span: k.span,
                            },
                            v,
                        ))
                    })
                    .collect();
                spec.limits = Some(Spanned {
                    value: pairs,
                    span: value.span,
                });
            }
            Kind::MapList => {
                let Some(items) = self.list(path, key, value) else {
                    return;
                };
                let list = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| {
                        if matches!(item.value, Value::Map(_)) {
                            Some(Spanned {
                                value: Rc::clone(item),
                                span: item.span,
                            })
                        } else {
                            self.wrong_type(
                                Loc::Item(key, i).pointer(),
                                item,
                                "a mapping",
                                "write each volume as a mapping, such as `- name: data`".into(),
                            );
                            None
                        }
                    })
                    .collect();
                spec.volumes = Some(Spanned {
                    value: list,
                    span: value.span,
                });
            }
        }
    }

    /// A string value; a help line shows its right spelling after `path.lead()`.
    fn string(&mut self, path: Loc, node: &Node) -> Option<Spanned<String>> {
        let lead = path.lead();
        match &node.value {
            Value::Scalar {
                text,
                style: Style::Plain,
            } if let Some(b) = yaml11_bool(text) => {
                self.diagnostics.push(Diagnostic {
                    code: "wrong-type",
                    severity: Severity::Error,
                    message: format!("`{text}` is read by K7 as the boolean {b}, not as a string"),
                    path: path.pointer(),
                    span: node.span,
                    help: Some(format!("quote it: `{lead}\"{text}\"`")),
                });
                None
            }
            Value::Scalar {
                text,
                style: Style::Plain,
            } if resolve(text) != Scalar::Str => {
                let help = format!("quote it: `{lead}\"{text}\"`");
                self.wrong_type(path.pointer(), node, "a string", help);
                None
            }
            Value::Scalar { text, .. } => Some(Spanned {
                value: text.clone(),
                span: node.span,
            }),
            _ => {
                self.wrong_type(
                    path.pointer(),
                    node,
                    "a string",
                    format!("write a single value, such as `{lead}value`"),
                );
                None
            }
        }
    }

    fn boolean(&mut self, path: Loc, key: &str, node: &Node) -> Option<Spanned<bool>> {
        let Value::Scalar { text, style } = &node.value else {
            self.wrong_type(
                path.pointer(),
                node,
                "true or false",
                format!("write `{key}: true` or `{key}: false`"),
            );
            return None;
        };
        if *style == Style::Plain {
            if let Scalar::Bool(b) = resolve(text) {
                return Some(Spanned {
                    value: b,
                    span: node.span,
                });
            }
            if let Some(b) = yaml11_bool(text) {
                self.diagnostics.push(Diagnostic {
                    code: "yaml11-boolean",
                    severity: Severity::Warning,
                    message: format!("`{text}` is read by K7 as the boolean {b}, but YAML 1.2 tools read it as a string"),
                    path: path.pointer(),
                    span: node.span,
                    help: Some(format!("write `{key}: {b}`")),
                });
                return Some(Spanned {
                    value: b,
                    span: node.span,
                });
            }
        }
        let suggestion = match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "1" => "true",
            "false" | "no" | "off" | "0" => "false",
            _ => "true` or `false",
        };
        self.wrong_type(
            path.pointer(),
            node,
            "true or false",
            format!("write `{key}: {suggestion}` without quotes"),
        );
        None
    }

    fn port(&mut self, path: Loc, node: &Node) -> Option<Spanned<i64>> {
        if let Value::Scalar {
            text,
            style: Style::Plain,
        } = &node.value
            && resolve(text) == Scalar::Int
        {
            let value = parse_int(text).unwrap_or(i64::MAX);
            // YAML 1.1 (K7's loader) reads `010` as the octal 8 and `0o17` as a string, where
            // YAML 1.2 reads 10 and 15: the same text, two ports. Refuse the ambiguity.
            let digits = text.trim_start_matches(['-', '+']);
            let octal_like = digits.len() > 1
                && digits.starts_with('0')
                && digits.chars().all(|c| c.is_ascii_digit());
            if !(octal_like || text.starts_with("0o")) {
                return Some(Spanned {
                    value,
                    span: node.span,
                });
            }
            let help = format!(
                "write `- {value}`: K7's YAML 1.1 loader reads `{text}` as {}",
                if octal_like {
                    "an octal number"
                } else {
                    "a string"
                }
            );
            self.wrong_type(path.pointer(), node, "a decimal port", help);
            return None;
        }
        let help = match node.scalar().map(str::trim) {
            Some(t) if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) => {
                format!("write the port without quotes: `- {t}`")
            }
            _ => "write a port number from 1 to 65535, such as `- 8080`".into(),
        };
        self.wrong_type(path.pointer(), node, "an integer port", help);
        None
    }

    fn list<'n>(&mut self, path: Loc, key: &str, node: &'n Node) -> Option<&'n Vec<Rc<Node>>> {
        match &node.value {
            Value::Seq(items) => Some(items),
            Value::Scalar { text, .. } => {
                let help = format!("write a list: `{key}: [{text}]`");
                self.wrong_type(path.pointer(), node, "a list", help);
                None
            }
            Value::Map(_) => {
                self.wrong_type(
                    path.pointer(),
                    node,
                    "a list",
                    format!("write a list: `{key}: [...]`, one `- item` per line"),
                );
                None
            }
        }
    }
}

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

fn string_slot<'s>(spec: &'s mut Spec, key: &str) -> &'s mut Option<Spanned<String>> {
    match key {
        "name" => &mut spec.name,
        "image" => &mut spec.image,
        "namespace" => &mut spec.namespace,
        "backend" => &mut spec.backend,
        "runtime_class_name" => &mut spec.runtime_class_name,
        "root_disk_size" => &mut spec.root_disk_size,
        "env_file" => &mut spec.env_file,
        "before_script" => &mut spec.before_script,
        "node_name" => &mut spec.node_name,
        "docker_disk" => &mut spec.docker_disk,
        _ => &mut spec.sidecar,
    }
}

fn bool_slot<'s>(spec: &'s mut Spec, key: &str) -> &'s mut Option<Spanned<bool>> {
    match key {
        "pod_non_root" => &mut spec.pod_non_root,
        "container_non_root" => &mut spec.container_non_root,
        _ => &mut spec.docker,
    }
}

fn list_slot<'s>(spec: &'s mut Spec, key: &str) -> &'s mut Option<List<String>> {
    match key {
        "egress_whitelist" => &mut spec.egress_whitelist,
        "entrypoint" => &mut spec.entrypoint,
        "cmd" => &mut spec.cmd,
        "cap_drop" => &mut spec.cap_drop,
        "cap_add" => &mut spec.cap_add,
        _ => &mut spec.ingress_from,
    }
}
