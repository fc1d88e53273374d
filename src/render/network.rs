//! The network policies (docs/semantics.md#network): `<name>-deny-ingress`, and for egress either the
//! NetworkPolicy `<name>-netpol` or the CiliumNetworkPolicy `<name>-egress`.

use k8s_openapi::api::networking::v1::{
    IPBlock, NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer,
    NetworkPolicyPort, NetworkPolicySpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{
    LabelSelector, LabelSelectorRequirement, ObjectMeta,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde::Serialize;

use super::parts::{SANDBOX_LABEL, map, meta};
use crate::sandbox::{Sandbox, Whitelist};
use crate::spec::Source;

/// The label Kubernetes puts on every namespace, with its name.
const NAMESPACE_NAME_LABEL: &str = "kubernetes.io/metadata.name";

fn labels(pairs: &[(&str, &str)]) -> LabelSelector {
    LabelSelector {
        match_labels: Some(map(pairs)),
        ..Default::default()
    }
}

fn sandbox_selector(s: &Sandbox) -> LabelSelector {
    labels(&[(SANDBOX_LABEL, &s.name)])
}

/// `<name>-deny-ingress`: only kube-system, plus the `ingress_from` peers on `ingress_ports`.
pub(super) fn deny_ingress(s: &Sandbox) -> NetworkPolicy {
    let mut rules = vec![NetworkPolicyIngressRule {
        from: Some(vec![NetworkPolicyPeer {
            namespace_selector: Some(labels(&[(NAMESPACE_NAME_LABEL, "kube-system")])),
            ..Default::default()
        }]),
        ..Default::default()
    }];
    if !s.ingress_ports.is_empty() {
        let mut peers: Vec<NetworkPolicyPeer> = s.ingress_from.iter().map(peer).collect();
        if peers.is_empty() {
            // Ports without sources open to the sandboxes of this namespace, never the world.
            peers.push(NetworkPolicyPeer {
                pod_selector: Some(LabelSelector {
                    match_expressions: Some(vec![LabelSelectorRequirement {
                        key: SANDBOX_LABEL.into(),
                        operator: "Exists".into(),
                        ..Default::default()
                    }]),
                    ..Default::default()
                }),
                ..Default::default()
            });
        }
        rules.push(NetworkPolicyIngressRule {
            from: Some(peers),
            ports: Some(
                s.ingress_ports
                    .iter()
                    .map(|&p| NetworkPolicyPort {
                        port: Some(IntOrString::Int(p)),
                        protocol: Some("TCP".into()),
                        ..Default::default()
                    })
                    .collect(),
            ),
        });
    }
    NetworkPolicy {
        metadata: meta(s, "-deny-ingress"),
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(sandbox_selector(s)),
            policy_types: Some(vec!["Ingress".into()]),
            ingress: Some(rules),
            ..Default::default()
        }),
    }
}

fn peer(source: &Source) -> NetworkPolicyPeer {
    match source {
        Source::Sandbox(name) => NetworkPolicyPeer {
            pod_selector: Some(labels(&[(SANDBOX_LABEL, name)])),
            ..Default::default()
        },
        Source::Namespace(ns) => NetworkPolicyPeer {
            namespace_selector: Some(labels(&[(NAMESPACE_NAME_LABEL, ns)])),
            ..Default::default()
        },
        Source::Cidr(net) => NetworkPolicyPeer {
            ip_block: Some(IPBlock {
                cidr: net.to_string(),
                ..Default::default()
            }),
            ..Default::default()
        },
    }
}

/// `<name>-netpol` for `[]` (`egress: []`, everything blocked) and CIDR-only whitelists (one
/// rule per range, no DNS).
pub(super) fn egress_netpol(s: &Sandbox, w: &Whitelist) -> NetworkPolicy {
    let rules = w
        .ranges
        .iter()
        .map(|net| NetworkPolicyEgressRule {
            to: Some(vec![NetworkPolicyPeer {
                ip_block: Some(IPBlock {
                    cidr: net.to_string(),
                    ..Default::default()
                }),
                ..Default::default()
            }]),
            ..Default::default()
        })
        .collect();
    NetworkPolicy {
        metadata: meta(s, "-netpol"),
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(sandbox_selector(s)),
            policy_types: Some(vec!["Egress".into()]),
            egress: Some(rules),
            ..Default::default()
        }),
    }
}

/// A `cilium.io/v2` CiliumNetworkPolicy: only the fields K7 writes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CiliumNetworkPolicy {
    api_version: &'static str,
    kind: &'static str,
    #[serde(serialize_with = "super::manifest::metadata")]
    metadata: ObjectMeta,
    spec: CiliumSpec,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct CiliumSpec {
    endpoint_selector: LabelSelector,
    egress: Vec<CiliumEgressRule>,
}

/// One egress rule; exactly one of its peer lists is set.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct CiliumEgressRule {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    to_endpoints: Vec<LabelSelector>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    to_ports: Vec<CiliumPortRule>,
    #[serde(rename = "toFQDNs", skip_serializing_if = "Vec::is_empty")]
    to_fqdns: Vec<FqdnSelector>,
    #[serde(rename = "toCIDR", skip_serializing_if = "Vec::is_empty")]
    to_cidr: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct CiliumPortRule {
    ports: Vec<CiliumPort>,
    rules: CiliumL7Rules,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct CiliumPort {
    /// Cilium's schema types ports as strings.
    port: &'static str,
    protocol: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct CiliumL7Rules {
    dns: Vec<FqdnSelector>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
enum FqdnSelector {
    MatchName(String),
    MatchPattern(String),
}

/// The Cilium selector of a whitelisted name: `*.x` becomes `**.x` (any depth of subdomain,
/// never the apex).
fn fqdn(name: &str) -> FqdnSelector {
    match name.strip_prefix("*.") {
        Some(rest) => FqdnSelector::MatchPattern(format!("**.{rest}")),
        None => FqdnSelector::MatchName(name.to_owned()),
    }
}

/// `<name>-egress`: cluster DNS (inspected), the names, then the ranges.
pub(super) fn cilium_egress(s: &Sandbox, w: &Whitelist) -> CiliumNetworkPolicy {
    let dns = CiliumEgressRule {
        to_endpoints: vec![labels(&[
            ("k8s:io.kubernetes.pod.namespace", "kube-system"),
            ("k8s:k8s-app", "kube-dns"),
        ])],
        to_ports: vec![CiliumPortRule {
            ports: vec![
                CiliumPort {
                    port: "53",
                    protocol: "UDP",
                },
                CiliumPort {
                    port: "53",
                    protocol: "TCP",
                },
            ],
            rules: CiliumL7Rules {
                dns: vec![FqdnSelector::MatchPattern("*".into())],
            },
        }],
        ..Default::default()
    };
    let mut egress = vec![
        dns,
        CiliumEgressRule {
            to_fqdns: w.names.iter().map(|n| fqdn(n)).collect(),
            ..Default::default()
        },
    ];
    if !w.ranges.is_empty() {
        egress.push(CiliumEgressRule {
            to_cidr: w.ranges.iter().map(ToString::to_string).collect(),
            ..Default::default()
        });
    }
    CiliumNetworkPolicy {
        api_version: "cilium.io/v2",
        kind: "CiliumNetworkPolicy",
        metadata: meta(s, "-egress"),
        spec: CiliumSpec {
            endpoint_selector: sandbox_selector(s),
            egress,
        },
    }
}
