//! What the caller says about the cluster: its CNI (which decides what the whitelist may hold)
//! and the kind of workload to render.

use serde::{Deserialize, Serialize};

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
