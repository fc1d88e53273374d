//! The typed sandbox spec, built once from the source tree.
//!
//! Each field is declared once, in the `spec_fields!` call below: its name, its typed value,
//! whether it is required, an example and a description. From that one declaration come the
//! [`Spec`] struct, the [`FIELDS`] table (did-you-mean suggestions, the JSON Schema, the editor's
//! completions) and the reader that fills each field. Values are parsed into their types here
//! (egress entries, ingress sources, the backend, quantities), so that later stages never parse
//! text again.

mod backend;
mod network;
mod read;
mod values;

use std::rc::Rc;

pub use backend::{BACKEND_NAMES, Backend, BackendName};
pub use network::{
    EgressEntry, Entry, IngressSource, Source, canonical, classify, parse_source, reaches_all,
};
pub use values::{
    Amount, DNS_LABEL_PATTERN, DiskSize, LIMIT_KEYS, Limit, LimitValue, Script, is_dns_label,
    is_dns_subdomain,
};

use crate::diagnostic::{Code, Diagnostic, Span, pointer};
pub use crate::quantity::{Quantity, Refusal, Unit};
pub use crate::source::{Node, Style, Value};
use read::{Read, Reader};
pub(crate) use read::{describe, is_null};

/// A value from the spec with the span of its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it is written; `None` for input that had no text.
    pub span: Option<Span>,
}

/// A list field with the span of the whole list.
pub type List<T> = Spanned<Vec<Spanned<T>>>;

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
pub struct FieldInfo {
    /// The key as written in `k7.yaml`.
    pub name: &'static str,
    /// Its type.
    pub kind: Kind,
    /// Whether the spec must give it.
    pub required: bool,
    /// The value K7 uses when the field is absent, as JSON; `None` when there is no one value.
    pub default: Option<&'static str>,
    /// Why the field should no longer be written, for a field kept only for old specs.
    pub deprecated: Option<&'static str>,
    /// One paragraph for people writing specs, in Markdown: names, values and code are code
    /// spans, and nothing outside them needs escaping (so without the backticks it is plain text).
    pub description: &'static str,
    /// An example value, as JSON.
    pub example: &'static str,
    /// Reads the field's value into its slot of the spec.
    read: fn(&mut Spec, &mut Reader, &Node),
}

impl std::fmt::Debug for FieldInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FieldInfo")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("required", &self.required)
            .finish_non_exhaustive()
    }
}

/// Declares every field of the spec once: `name: Type, presence, example, description`, where
/// the presence is `required`, `optional`, `default(<JSON>)` (optional, K7's value when absent)
/// or `deprecated("<why>")` (optional, kept for old specs).
macro_rules! spec_fields {
    ($($name:ident: $ty:ty, $presence:ident $(($arg:literal))?, $example:literal, $description:literal;)*) => {
        /// A sandbox spec as typed values; a field is `None` when absent, `null`, or of the wrong
        /// type (the reader then reported it).
        #[derive(Debug, Default)]
        pub struct Spec {
            /// Span of the whole document.
            pub span: Option<Span>,
            $(
                #[doc = $description]
                pub $name: Option<$ty>,
            )*
        }

        /// Every key of a sandbox spec, in the order the documentation gives them.
        pub const FIELDS: &[FieldInfo] = &[$(
            FieldInfo {
                name: stringify!($name),
                kind: <$ty as Read>::KIND,
                required: spec_fields!(@required $presence),
                default: spec_fields!(@default $presence $($arg)?),
                deprecated: spec_fields!(@deprecated $presence $($arg)?),
                description: $description,
                example: $example,
                read: {
                    fn read(spec: &mut Spec, reader: &mut Reader, node: &Node) {
                        spec.$name = <$ty as Read>::read(reader, read::Loc::Field(stringify!($name)), node);
                    }
                    read
                },
            },
        )*];
    };
    (@required required) => { true };
    (@required $other:ident) => { false };
    (@default default $value:literal) => { Some($value) };
    (@default $other:ident $($arg:literal)?) => { None };
    (@deprecated deprecated $why:literal) => { Some($why) };
    (@deprecated $other:ident $($arg:literal)?) => { None };
}

spec_fields! {
    name: Spanned<String>, required, r#""demo""#,
        "Sandbox name: a DNS-1123 label (lowercase letters, digits and `-`, at most 63 characters; 56 with `expose_ports`). Every object K7 creates is named after it.";
    image: Spanned<String>, required, r#""alpine:3.20""#,
        "Container image of the sandbox. Its registry must be on K7's allowlist: `registry-1.docker.io` (short names like `alpine:3.20`), `ghcr.io`, `quay.io`, `public.ecr.aws`.";
    namespace: Spanned<String>, default(r#""default""#), r#""default""#,
        "Namespace of every object; it must already exist.";
    backend: Spanned<BackendName>, default(r#""kata-firecracker-devmapper""#), r#""k7d""#,
        "Sandbox runtime: `kata-firecracker-devmapper` (`kfd`, the default), `kata-qemu-longhorn` (`kql`), `k7d` (`k7`) or `k7d-fc` (`k7-fc`). Case-sensitive.";
    runtime_class_name: Spanned<String>, optional, r#""kata""#,
        "Overrides the pod's `runtimeClassName`. Default per backend: kfd `kata`, kql `kata-qemu`, k7d `k7`, k7d-fc `k7-fc`.";
    limits: Spanned<Vec<Limit>>, optional, r#"{"cpu": "1", "memory": "1Gi"}"#,
        "Resource limits (also used as requests): `cpu`, `memory`, `ephemeral-storage`. Quote every value; K7 accepts integers, `<n>m` and `<n>Ki|Mi|Gi`.";
    root_disk_size: Spanned<DiskSize>, default(r#""10Gi""#), r#""10Gi""#,
        "Size of the root volume; used only by the `kata-qemu-longhorn` backend.";
    env_file: Spanned<String>, optional, r#"".env""#,
        "Path of a dotenv file on the K7 host; its variables reach the sandbox through the Secret `<name>-env`.";
    egress_whitelist: List<EgressEntry>, optional, r#"["10.0.0.0/8", "pypi.org"]"#,
        "Outbound traffic allowed after `before_script`. Leave it out for OPEN egress; `[]` blocks everything, DNS included; a list of CIDRs or IPs allows only those (DNS blocked); DNS names need the Cilium CNI.";
    before_script: Spanned<Script>, optional, r#""apk add curl""#,
        "Shell script run once inside the sandbox after start, BEFORE the egress lockdown (egress is open while it runs). Its last line must not be a comment and it must not `exit`.";
    entrypoint: List<String>, optional, r#"["/usr/local/bin/agent"]"#,
        "Overrides the image entrypoint; only the `kata-qemu-longhorn` backend uses it.";
    cmd: List<String>, optional, r#"["--serve"]"#,
        "Overrides the image command; only the `kata-qemu-longhorn` backend uses it.";
    pod_non_root: Spanned<bool>, default("false"), "true",
        "Run the pod as UID/GID/fsGroup 65532. Enable it together with `container_non_root`; package managers such as `apk add` then fail.";
    container_non_root: Spanned<bool>, default("false"), "true",
        "Run the sandbox container as UID 65532 with `runAsNonRoot`. Enable it together with `pod_non_root`.";
    cap_drop: List<String>, default(r#"["ALL"]"#), r#"["ALL"]"#,
        "Linux capabilities to drop. Leave it out to drop `ALL` (the default); giving it REPLACES that default.";
    cap_add: List<String>, optional, r#"["NET_BIND_SERVICE"]"#,
        "Linux capabilities to add back, by name without the `CAP_` prefix.";
    ingress_ports: List<i64>, optional, "[8080]",
        "TCP ports opened to the `ingress_from` sources (any sandbox of the namespace when there are none).";
    ingress_from: List<IngressSource>, optional, r#"["sandbox:client", "namespace:monitoring", "cidr:10.0.0.0/8"]"#,
        "Who may connect to `ingress_ports`: `sandbox:<name>`, `namespace:<namespace>` or `cidr:<cidr>`.";
    expose_ports: List<i64>, optional, "[8080]",
        "Ports published through a NodePort Service `<name>-expose`; each must also be in `ingress_ports`.";
    node_name: Spanned<String>, optional, r#""worker-1""#,
        "Pins the sandbox to this node (nodeSelector `kubernetes.io/hostname`).";
    docker: Spanned<bool>, default("false"), "true",
        "Gives the sandbox its own Docker daemon.";
    docker_disk: Spanned<DiskSize>, default(r#""20Gi""#), r#""20Gi""#,
        "Size of the Docker graph disk, such as `20Gi`; needs `docker: true`. On `k7d` the VM's own size applies when it is left out.";
    sidecar: Spanned<String>, deprecated("Legacy: write `docker: true` instead."), r#""docker""#,
        "Only `docker` is known, and it cannot be combined with `docker: true`.";
    volumes: List<Rc<Node>>, optional, r#"[{"name": "data", "persistentVolumeClaim": {"claimName": "data"}}]"#,
        "`hostPath` or `persistentVolumeClaim` volumes. Refused on `k7d-fc`; the other backends do not mount them.";
}

impl Spec {
    /// The backend in effect: the one named, or the platform default.
    pub fn backend(&self) -> Backend {
        self.backend
            .as_ref()
            .and_then(|b| b.value.backend)
            .map_or(Backend::Kfd, |(b, _)| b)
    }

    /// Whether a boolean flag is set to true.
    pub fn flag(field: &Option<Spanned<bool>>) -> bool {
        field.as_ref().is_some_and(|f| f.value)
    }
}

/// Reads a tree into a typed spec, reporting wrong types, unknown and missing keys; `None`
/// when the document is not a mapping.
pub fn build(root: &Node, diagnostics: &mut Vec<Diagnostic>) -> Option<Spec> {
    let Value::Map(entries) = &root.value else {
        let found = describe(root);
        diagnostics.push(
            Diagnostic::new(
                Code::NotAMapping,
                "",
                root.span,
                format!("a spec is a mapping of fields, found {found}"),
            )
            .help("start from `name: demo` and `image: alpine:3.20`, one field per line"),
        );
        return None;
    };
    let mut spec = Spec {
        span: root.span,
        ..Spec::default()
    };
    let mut reader = Reader { diagnostics };
    for (key, value) in entries {
        let name = key.scalar().unwrap_or_default();
        match FIELDS.iter().find(|f| f.name == name) {
            None => reader.unknown_field(name, key, |field| {
                entries.iter().any(|(k, _)| k.scalar() == Some(field))
            }),
            Some(_) if read::is_null(value) => {}
            Some(field) => (field.read)(&mut spec, &mut reader, value),
        }
    }
    for field in FIELDS.iter().filter(|f| f.required) {
        let present = entries
            .iter()
            .any(|(k, v)| k.scalar() == Some(field.name) && !read::is_null(v));
        if !present {
            let at = root.span.map(|s| Span {
                start: s.start,
                end: s.start,
            });
            reader.diagnostics.push(
                Diagnostic::new(
                    Code::MissingField,
                    pointer([field.name]),
                    at,
                    format!("the required field `{}` is missing", field.name),
                )
                .help(format!(
                    "add `{}: {}`",
                    field.name,
                    field.example.trim_matches('"')
                )),
            );
        }
    }
    Some(spec)
}
