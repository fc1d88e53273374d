//! Rendering: a valid spec becomes the Kubernetes objects K7 applies (SPEC.md §§2–5).
//!
//! [`render`] reads and checks the text with the validator, and only when no diagnostic is an
//! error resolves the spec into a `Sandbox` (every default applied, every entry classified),
//! builds the objects with k8s-openapi types (our own small types for the CiliumNetworkPolicy),
//! turns them into JSON values and writes them out as YAML with our own emitter.

mod manifest;
mod network;
mod pod;
mod service;
mod yaml;

use std::collections::HashSet;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Severity};
use crate::explain::{self, Explanation};
use crate::spec::{Backend, Spec};
use crate::validate::ingress::{Source, parse_source};
use crate::validate::network::{Entry, classify};
use crate::validate::{self, Analysis};

pub use yaml::to_yaml;

/// The cluster's network plugin, which decides whether DNS names can be whitelisted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cni {
    /// Cilium: DNS names are whitelisted with a CiliumNetworkPolicy (the default).
    #[default]
    Cilium,
    /// Flannel: plain NetworkPolicies only, so a DNS name in the whitelist is an error.
    Flannel,
}

/// Which object holds the sandbox pod.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Workload {
    /// The sandbox Pod itself, as an editor previews it (the default).
    #[default]
    Pod,
    /// K7's Deployment (one replica) whose template is that pod.
    Deployment,
}

/// How to render: the cluster's CNI and the kind of workload. Every field has a default, so
/// `{}` (or `RenderOptions::default()`) means Cilium and a Pod.
///
/// ```
/// let options: k7_spec::RenderOptions = serde_json::from_str(r#"{"cni": "flannel"}"#).unwrap();
/// assert_eq!(options.cni, k7_spec::Cni::Flannel);
/// assert_eq!(options.workload, k7_spec::Workload::Pod);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct RenderOptions {
    /// The cluster's network plugin; default `cilium`.
    pub cni: Cni,
    /// `pod` (default) or `deployment`.
    pub workload: Workload,
}

/// What [`render`] returns: the diagnostics, and when there is no error the manifests, their
/// YAML and the explanation. Serialises exactly as API.md's `Rendering`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rendering {
    /// False when any diagnostic is an error; then nothing is rendered.
    pub ok: bool,
    /// Every diagnostic, sorted by position then code.
    pub diagnostics: Vec<Diagnostic>,
    /// The Kubernetes objects in apply order; empty when `!ok`.
    pub manifests: Vec<Value>,
    /// The manifests as one multi-document YAML stream; empty when `!ok`.
    pub yaml: String,
    /// The consequences in plain sentences; `None` when `!ok`.
    pub explanation: Option<Explanation>,
}

/// Renders a spec (YAML or JSON text) into the objects K7 applies, in apply order: the kql root
/// PVC, the ingress NetworkPolicy, the Pod or Deployment, the NodePort Service, then the egress
/// policy (last, as K7 applies it only after `before_script`). Never panics: a spec with an
/// error renders nothing and returns its diagnostics.
///
/// ```
/// use k7_spec::{render, RenderOptions};
///
/// let spec = "name: demo\nimage: alpine:3.20\negress_whitelist: [10.0.0.0/8]\n";
/// let rendering = render(spec, &RenderOptions::default());
/// assert!(rendering.ok);
/// let kinds: Vec<&str> = rendering.manifests.iter().map(|m| m["kind"].as_str().unwrap()).collect();
/// assert_eq!(kinds, ["NetworkPolicy", "Pod", "NetworkPolicy"]);
/// assert!(rendering.yaml.contains("cidr: 10.0.0.0/8"));
/// assert_eq!(rendering.explanation.unwrap().egress.ranges, ["10.0.0.0/8"]);
///
/// let broken = render("name: demo\n", &RenderOptions::default());
/// assert!(!broken.ok && broken.manifests.is_empty() && broken.yaml.is_empty());
/// assert!(broken.diagnostics.iter().any(|d| d.code == "missing-field"));
/// ```
pub fn render(source: &str, options: &RenderOptions) -> Rendering {
    let Analysis {
        spec,
        mut diagnostics,
    } = validate::analyze_with(source, options);
    let sandbox = match &spec {
        Some(spec) if !diagnostics.iter().any(|d| d.severity == Severity::Error) => {
            Sandbox::resolve(spec)
        }
        _ => None,
    };
    let Some(sandbox) = sandbox else {
        return refused(diagnostics);
    };
    let objects = build(&sandbox, options);
    let manifests: Result<Vec<Value>, _> = objects.iter().map(Object::to_value).collect();
    let manifests = match manifests {
        Ok(m) => m,
        Err(e) => {
            diagnostics.push(
                Diagnostic::new(
                    "internal-error",
                    Severity::Error,
                    "",
                    None,
                    format!("the manifests could not be serialised: {e}"),
                )
                .help("this is a bug in k7-spec: please report it with the spec"),
            );
            return refused(diagnostics);
        }
    };
    let yaml = to_yaml(&manifests);
    let explanation = explain::explain(&sandbox, &objects, &diagnostics);
    Rendering {
        ok: true,
        diagnostics,
        manifests,
        yaml,
        explanation: Some(explanation),
    }
}

fn refused(diagnostics: Vec<Diagnostic>) -> Rendering {
    Rendering {
        ok: false,
        diagnostics,
        manifests: Vec::new(),
        yaml: String::new(),
        explanation: None,
    }
}

/// One rendered object, typed.
pub(crate) enum Object {
    Claim(Box<k8s_openapi::api::core::v1::PersistentVolumeClaim>),
    NetworkPolicy(Box<k8s_openapi::api::networking::v1::NetworkPolicy>),
    Pod(Box<k8s_openapi::api::core::v1::Pod>),
    Deployment(Box<k8s_openapi::api::apps::v1::Deployment>),
    Service(Box<k8s_openapi::api::core::v1::Service>),
    Cilium(Box<network::CiliumNetworkPolicy>),
}

impl Object {
    /// The object as a JSON value, written through [`manifest`]'s views.
    fn to_value(&self) -> Result<Value, serde_json::Error> {
        use k8s_openapi::api::{apps::v1 as apps, core::v1 as core, networking::v1 as net};
        use manifest::{DeploymentSpecView, Manifest, PodSpecView};
        match self {
            Object::Claim(o) => serde_json::to_value(Manifest::of::<core::PersistentVolumeClaim>(
                &o.metadata,
                o.spec.as_ref(),
            )),
            Object::NetworkPolicy(o) => serde_json::to_value(Manifest::of::<net::NetworkPolicy>(
                &o.metadata,
                o.spec.as_ref(),
            )),
            Object::Pod(o) => serde_json::to_value(Manifest::of::<core::Pod>(
                &o.metadata,
                o.spec.as_ref().map(PodSpecView),
            )),
            Object::Deployment(o) => serde_json::to_value(Manifest::of::<apps::Deployment>(
                &o.metadata,
                Some(DeploymentSpecView(o)),
            )),
            Object::Service(o) => {
                serde_json::to_value(Manifest::of::<core::Service>(&o.metadata, o.spec.as_ref()))
            }
            Object::Cilium(o) => serde_json::to_value(o),
        }
    }

    /// The object as k8s-openapi itself writes it, to prove the views above exact.
    #[cfg(test)]
    fn to_value_by_k8s_openapi(&self) -> Result<Value, serde_json::Error> {
        match self {
            Object::Claim(o) => serde_json::to_value(o),
            Object::NetworkPolicy(o) => serde_json::to_value(o),
            Object::Pod(o) => serde_json::to_value(o),
            Object::Deployment(o) => serde_json::to_value(o),
            Object::Service(o) => serde_json::to_value(o),
            Object::Cilium(o) => serde_json::to_value(o),
        }
    }

    /// The pod spec of the workload, for the security explanation.
    pub(crate) fn pod_spec(&self) -> Option<&k8s_openapi::api::core::v1::PodSpec> {
        match self {
            Object::Pod(p) => p.spec.as_ref(),
            Object::Deployment(d) => d.spec.template.spec.as_ref(),
            _ => None,
        }
    }
}

/// The objects in apply order.
fn build(sandbox: &Sandbox, options: &RenderOptions) -> Vec<Object> {
    let mut objects = Vec::with_capacity(5);
    if let Some(claim) = pod::root_claim(sandbox) {
        objects.push(Object::Claim(Box::new(claim)));
    }
    objects.push(Object::NetworkPolicy(Box::new(network::deny_ingress(
        sandbox,
    ))));
    objects.push(match options.workload {
        Workload::Pod => Object::Pod(Box::new(pod::pod(sandbox))),
        Workload::Deployment => Object::Deployment(Box::new(pod::deployment(sandbox))),
    });
    if let Some(service) = service::expose(sandbox) {
        objects.push(Object::Service(Box::new(service)));
    }
    match &sandbox.egress {
        Some(w) if !w.names.is_empty() => {
            objects.push(Object::Cilium(Box::new(network::cilium_egress(sandbox, w))));
        }
        Some(w) => objects.push(Object::NetworkPolicy(Box::new(network::egress_netpol(
            sandbox, w,
        )))),
        None => {}
    }
    objects
}

/// The egress whitelist, classified, normalised and without duplicates.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Whitelist {
    /// The ranges, host bits zeroed, in the order first written.
    pub ranges: Vec<IpNet>,
    /// The DNS names, lowercased (wildcards keep their `*.`), in the order first written.
    pub names: Vec<String>,
}

/// A valid spec with every default applied: what the renderers and the explanation read.
#[derive(Debug)]
pub(crate) struct Sandbox {
    pub name: String,
    pub namespace: String,
    pub image: String,
    pub backend: Backend,
    pub runtime_class: String,
    /// `(resource, quantity)` in source order.
    pub limits: Vec<(String, String)>,
    pub env_file: bool,
    /// `None`: no whitelist, egress open.
    pub egress: Option<Whitelist>,
    pub before_script: bool,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    pub pod_non_root: bool,
    pub container_non_root: bool,
    /// `None`: the default, drop ALL.
    pub cap_drop: Option<Vec<String>>,
    pub cap_add: Vec<String>,
    /// Without duplicates, in source order.
    pub ingress_ports: Vec<i32>,
    pub ingress_from: Vec<Source>,
    pub expose_ports: Vec<i32>,
    pub node_name: Option<String>,
    pub docker: bool,
    pub docker_disk: Option<String>,
    pub sidecar: bool,
    pub root_disk_size: String,
}

impl Sandbox {
    /// Resolves a spec that has no error diagnostic; `None` if a required field is missing
    /// after all (which the validator reports, so this does not happen).
    fn resolve(spec: &Spec) -> Option<Sandbox> {
        let text = |f: &Option<crate::spec::Spanned<String>>| f.as_ref().map(|v| v.value.clone());
        let strings = |f: &Option<crate::spec::List<String>>| -> Vec<String> {
            f.iter()
                .flat_map(|l| l.value.iter().map(|v| v.value.clone()))
                .collect()
        };
        let capabilities = |f: &Option<crate::spec::List<String>>| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for c in strings(f) {
                let c = c.trim().to_ascii_uppercase();
                if !out.contains(&c) {
                    out.push(c);
                }
            }
            out
        };
        let ports = |f: &Option<crate::spec::List<i64>>| -> Vec<i32> {
            let mut out: Vec<i32> = Vec::new();
            for p in f.iter().flat_map(|l| l.value.iter()) {
                if let Ok(p) = i32::try_from(p.value)
                    && (1..=65535).contains(&p)
                    && !out.contains(&p)
                {
                    out.push(p);
                }
            }
            out
        };
        let backend = spec.backend();
        let egress = spec.egress_whitelist.as_ref().map(|list| {
            let mut w = Whitelist::default();
            // Sets keep deduplication linear for long whitelists.
            let mut seen_ranges = HashSet::new();
            let mut seen_names = HashSet::new();
            for item in &list.value {
                match classify(item.value.trim()) {
                    Entry::Range { net, .. } if seen_ranges.insert(net) => w.ranges.push(net),
                    Entry::Name(n) if seen_names.insert(n.clone()) => w.names.push(n),
                    _ => {}
                }
            }
            w
        });
        let mut ingress_from: Vec<Source> = Vec::new();
        for item in spec.ingress_from.iter().flat_map(|l| l.value.iter()) {
            if let Ok(source) = parse_source(&item.value)
                && !ingress_from.contains(&source)
            {
                ingress_from.push(source);
            }
        }
        Some(Sandbox {
            name: text(&spec.name)?,
            namespace: text(&spec.namespace).unwrap_or_else(|| "default".into()),
            image: text(&spec.image)?,
            backend,
            runtime_class: text(&spec.runtime_class_name)
                .unwrap_or_else(|| backend.default_runtime_class().into()),
            limits: spec
                .limits
                .iter()
                .flat_map(|l| l.value.iter())
                .map(|(k, v)| (k.value.clone(), v.value.clone()))
                .collect(),
            env_file: spec.env_file.is_some(),
            egress,
            before_script: spec
                .before_script
                .as_ref()
                .is_some_and(|s| !s.value.is_empty()),
            entrypoint: strings(&spec.entrypoint),
            cmd: strings(&spec.cmd),
            pod_non_root: Spec::flag(&spec.pod_non_root),
            container_non_root: Spec::flag(&spec.container_non_root),
            cap_drop: spec.cap_drop.as_ref().map(|_| capabilities(&spec.cap_drop)),
            cap_add: capabilities(&spec.cap_add),
            ingress_ports: ports(&spec.ingress_ports),
            ingress_from,
            expose_ports: ports(&spec.expose_ports),
            node_name: text(&spec.node_name),
            docker: Spec::flag(&spec.docker),
            docker_disk: text(&spec.docker_disk),
            sidecar: spec.sidecar.as_ref().is_some_and(|s| s.value == "docker"),
            root_disk_size: text(&spec.root_disk_size).unwrap_or_else(|| "10Gi".into()),
        })
    }

    /// Whether the kql persistence wrapper is on: kql with its own runtime class `kata-qemu`.
    pub(crate) fn persistent(&self) -> bool {
        self.backend == Backend::Kql && self.runtime_class == "kata-qemu"
    }

    /// Whether Docker runs as the `docker-vehicle` container (kfd, kql) rather than inside
    /// the k7d VM (annotations only).
    pub(crate) fn docker_vehicle(&self) -> bool {
        self.docker && self.backend.is_kata()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The manifest views write exactly what k8s-openapi writes, for every fixture that renders,
    /// under every option: no field rendering sets is left out.
    #[test]
    fn manifest_views_equal_k8s_openapi_output() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut compared = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let Some(spec) = validate::analyze(&text).spec else {
                continue;
            };
            let Some(sandbox) = Sandbox::resolve(&spec) else {
                continue;
            };
            for cni in [Cni::Cilium, Cni::Flannel] {
                for workload in [Workload::Pod, Workload::Deployment] {
                    for object in build(&sandbox, &RenderOptions { cni, workload }) {
                        assert_eq!(
                            object.to_value().unwrap(),
                            object.to_value_by_k8s_openapi().unwrap()
                        );
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 200, "only {compared} objects compared");
    }
}
