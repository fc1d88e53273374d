//! The explanation: what a rendered sandbox can reach, who can reach it, how hardened its pod
//! is, and how that changes from start to lockdown, in sentences a newcomer understands.
//!
//! The security level is computed from the rendered pod itself, by the rules of the Kubernetes
//! Pod Security Standards; [`SECURITY_CHECKS`] lists them with the matching checks of
//! kube-linter, checkov and Polaris.

mod security;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Topic};
use crate::render::Object;
use crate::sandbox::Sandbox;
use crate::spec::{Backend, Source};

pub use security::{Level, SECURITY_CHECKS, Security, SecurityCheck};

/// What [`render`](crate::render()) says about a valid spec. Serialises exactly as the contract's
/// `Explanation` (docs/api.md#data).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    /// Outbound traffic after lockdown.
    pub egress: Egress,
    /// Incoming traffic.
    pub ingress: Ingress,
    /// How hardened the pod is.
    pub security: Security,
    /// How egress changes over the sandbox's life: start, before_script (when there is one),
    /// locked down.
    pub phases: Vec<Phase>,
}

/// The egress policy in force after `before_script`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EgressMode {
    /// No whitelist: the internet is reachable.
    Open,
    /// `egress_whitelist: []`: nothing is reachable.
    Blocked,
    /// Only the listed ranges are reachable.
    CidrOnly,
    /// The listed names (and ranges) are reachable, through the cluster DNS.
    Fqdn,
}

/// Whether names resolve after lockdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dns {
    /// Any resolver is reachable.
    Allowed,
    /// No resolver is reachable (unless a listed range holds one).
    Blocked,
    /// Only the cluster DNS, inspected by Cilium.
    ClusterDns,
}

/// Outbound traffic after lockdown.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Egress {
    /// The kind of policy.
    pub mode: EgressMode,
    /// Whether names resolve.
    pub dns: Dns,
    /// The normalised CIDRs that stay reachable.
    pub ranges: Vec<String>,
    /// The DNS names (and `*.` patterns) that stay reachable.
    pub names: Vec<String>,
    /// One sentence.
    pub summary: String,
    /// The consequences, one sentence each.
    pub details: Vec<String>,
}

/// Incoming traffic.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ingress {
    /// One sentence.
    pub summary: String,
    /// The consequences, one sentence each.
    pub details: Vec<String>,
}

/// One phase of the sandbox's life.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Phase {
    /// `start`, `before_script` or `locked down`.
    pub name: String,
    /// The egress in force: `open`, or the lockdown's mode (`blocked`, `cidr-only`, `fqdn`).
    pub egress: String,
    /// One sentence.
    pub summary: String,
}

/// Explains a rendered sandbox; `diagnostics` are the validator's findings, reused as caveats.
pub(crate) fn explain(s: &Sandbox, objects: &[Object], diagnostics: &[Diagnostic]) -> Explanation {
    let egress = egress(s, diagnostics);
    let phases = phases(s, &egress);
    let security = security::security(
        objects.iter().find_map(Object::pod_spec),
        diagnostics,
        docker_notes(s),
    );
    Explanation {
        ingress: ingress(s, diagnostics),
        security,
        egress,
        phases,
    }
}

/// What K7's Docker containers mean for the sandbox: the socket that hands it a privileged
/// daemon, the Block device the vehicle needs, and the pod-level user they inherit.
fn docker_notes(s: &Sandbox) -> Vec<String> {
    let mut notes = Vec::new();
    let (daemon, helpers) = if s.docker_vehicle() {
        ("docker-vehicle", "`docker-cli-copy` and `docker-vehicle`")
    } else if s.sidecar {
        ("sidecar", "`sidecar`")
    } else {
        return notes;
    };
    notes.push(format!("Note: Docker runs in `{daemon}`, privileged as dockerd needs; through its socket, code in the sandbox can start privileged containers, so inside the pod the sandbox container's own hardening no longer bounds it."));
    if s.docker_vehicle() {
        let disk = if s.backend == Backend::Kql {
            format!("the Longhorn claim `{}-docker-lh`", s.name)
        } else {
            "an ephemeral claim of storage class `k7-docker-lvm`, deleted with the pod".into()
        };
        notes.push(format!("Note: Docker's graph disk is a raw Block device, `/dev/k7docker` in `docker-vehicle`, from {disk}: the node must provision Block volumes, or the pod stays Pending."));
    }
    if s.pod_non_root {
        notes.push(format!("Note: pod_non_root also applies to {helpers}, which K7 gives no user of their own: they run as uid 65532, and dockerd normally needs root."));
    }
    notes
}

/// The validator's findings that the code registry files under `topic`, as sentences.
fn findings(diagnostics: &[Diagnostic], topic: Topic, lead: &str) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.code.topic() == Some(topic))
        .map(|d| format!("{lead}{}.", d.message))
        .collect()
}

/// `a`, `a and b`, `a, b and c`; long lists end with `and N more`.
fn list<S: AsRef<str>>(items: &[S]) -> String {
    const SHOWN: usize = 4;
    let join = |items: &[S]| -> String {
        let words: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
        words.join(", ")
    };
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        _ if items.len() > SHOWN + 1 => format!(
            "{} and {} more",
            join(items.get(..SHOWN).unwrap_or_default()),
            items.len() - SHOWN
        ),
        [init @ .., last] => format!("{} and {}", join(init), last.as_ref()),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

const EXEC_UNAFFECTED: &str = "`kubectl exec` and `k7 shell` go through the Kubernetes API server, not the pod network, so no policy ever blocks them.";

fn egress(s: &Sandbox, diagnostics: &[Diagnostic]) -> Egress {
    let name = &s.name;
    let Some(w) = &s.egress else {
        return Egress {
            mode: EgressMode::Open,
            dns: Dns::Allowed,
            ranges: Vec::new(),
            names: Vec::new(),
            summary: "Egress is open: the sandbox can reach the whole internet, and names resolve.".into(),
            details: vec![
                "No egress policy is applied, because the spec has no `egress_whitelist`.".into(),
                "Code in the sandbox can download anything and send data anywhere.".into(),
                "Caveat: open egress also reaches the cluster's own services and, on a cloud, the metadata service 169.254.169.254, unless the cluster blocks them.".into(),
                "Add `egress_whitelist: []` to block all egress after before_script, or list the CIDRs and names the sandbox needs.".into(),
            ],
        };
    };
    let ranges: Vec<String> = w.ranges.iter().map(ToString::to_string).collect();
    let names = w.names.clone();
    let mut details = Vec::new();
    let caveats = findings(diagnostics, Topic::Egress, "Caveat: ");
    let mitigations = [
        "To work without DNS, fetch what the sandbox needs in before_script, which runs before the lockdown with open egress.",
        "Or bake the dependencies into the image, which is also the reproducible choice for production.",
        "Or whitelist only IP ranges, and if names must resolve, an internal DNS server or an egress proxy; any other DNS exception is a cluster-level override that K7 does not provide.",
    ];
    let (allows_all, public_dns) = (w.allows_all, w.public_dns);
    let (mode, dns, summary) = if ranges.is_empty() && names.is_empty() {
        details.push(format!(
            "The NetworkPolicy `{name}-netpol` has no egress rule, so every outbound packet is dropped, DNS queries included."
        ));
        details.push("What still works: everything inside the sandbox, answers to the connections its ingress policy admits, and `kubectl exec` or `k7 shell`.".into());
        details.push("What breaks: name resolution, package installs (`apk add`, `pip install`, `apt-get install`) and every download after lockdown.".into());
        details.extend(mitigations.map(String::from));
        (
            EgressMode::Blocked,
            Dns::Blocked,
            "After lockdown, all egress is blocked: no outbound connection, and no DNS.".to_owned(),
        )
    } else if names.is_empty() {
        details.push(format!(
            "The NetworkPolicy `{name}-netpol` allows connections to {}, on every port and protocol, and drops everything else.",
            plural(ranges.len(), "range", "ranges")
        ));
        let summary = if allows_all {
            details
                .push("DNS works: with every address allowed, every resolver is reachable.".into());
            "After lockdown, the whitelist still allows every address: egress stays as open as without one.".to_owned()
        } else if public_dns {
            details.push("DNS is not blocked: a whitelisted range holds a public resolver, so names resolve and DNS-over-HTTPS can carry anything out.".into());
            format!(
                "After lockdown, the sandbox can reach only {}, but DNS still works through a public resolver.",
                list(&ranges)
            )
        } else {
            details.push("DNS is blocked: no DNS server is reachable unless a listed range holds one, so names stop resolving and connecting by name fails.".into());
            details.push("What breaks: package installs and downloads from hosts outside these ranges, and anything that needs a name resolved.".into());
            details.extend(mitigations.map(String::from));
            format!(
                "After lockdown, the sandbox can reach only {}, and DNS is blocked.",
                list(&ranges)
            )
        };
        (
            EgressMode::CidrOnly,
            if public_dns {
                Dns::Allowed
            } else {
                Dns::Blocked
            },
            summary,
        )
    } else {
        details.push(format!(
            "The CiliumNetworkPolicy `{name}-egress` needs the Cilium CNI: Cilium's DNS proxy sees every answer and opens only the addresses of the whitelisted names."
        ));
        if public_dns {
            details.push("DNS is not limited to the cluster DNS: a whitelisted public resolver or DNS-over-HTTPS service answers any name, and can carry anything out.".into());
        } else {
            details.push("DNS queries may go only to the cluster DNS (kube-dns, port 53 over UDP and TCP); other resolvers are blocked.".into());
        }
        details.push("Any name can still be looked up (the DNS rule matches `*`), so data can leak out through DNS queries; only connections are restricted.".into());
        if names.iter().any(|n| n.starts_with("*.")) {
            details.push("A `*.` name becomes the pattern `**.`, which matches subdomains at any depth (on Cilium releases that know `**`; check yours, older ones match a single label) but never the domain itself: list `example.com` as well as `*.example.com` if both are needed.".into());
        }
        if !ranges.is_empty() {
            let (the, verb) = if ranges.len() == 1 {
                ("range", "is")
            } else {
                ("ranges", "are")
            };
            details.push(format!(
                "The {the} {} {verb} reachable on every port, without DNS.",
                list(&ranges)
            ));
        }
        details.push("What breaks: hosts that are not listed, including those a download redirects to (pypi.org serves its files from files.pythonhosted.org), and connections by IP address to anything not listed.".into());
        let reach: Vec<&String> = names.iter().chain(&ranges).collect();
        (
            EgressMode::Fqdn,
            if public_dns {
                Dns::Allowed
            } else {
                Dns::ClusterDns
            },
            format!(
                "After lockdown, the sandbox can reach only {}, resolving names through the cluster DNS.",
                list(&reach)
            ),
        )
    };
    if s.docker_vehicle() || s.sidecar {
        details.push("Docker's daemon shares the pod's network, so its image pulls after lockdown obey this policy too: pull in before_script, or whitelist the registry's hosts (for Docker Hub: registry-1.docker.io, auth.docker.io and production.cloudflare.docker.com).".into());
    }
    details.extend(caveats);
    Egress {
        mode,
        dns,
        ranges,
        names,
        summary,
        details,
    }
}

fn describe_source(s: &Sandbox, source: &Source) -> (String, String) {
    match source {
        Source::Sandbox(n) => (
            format!("the sandbox `{n}`"),
            format!(
                "`sandbox:{n}` admits the pods labelled `katakate.org/sandbox: {n}` in the namespace `{}`.",
                s.namespace
            ),
        ),
        Source::Namespace(ns) => (
            format!("every pod of the namespace `{ns}`"),
            format!("`namespace:{ns}` admits every pod of the namespace `{ns}`."),
        ),
        Source::Cidr(net) => (
            format!("addresses in {net}"),
            format!("`cidr:{net}` admits connections from addresses in {net}."),
        ),
    }
}

fn ingress(s: &Sandbox, diagnostics: &[Diagnostic]) -> Ingress {
    let mut details = vec![
        format!(
            "The NetworkPolicy `{}-deny-ingress` blocks every incoming connection by default, from other sandboxes too.",
            s.name
        ),
        "Pods in the kube-system namespace are admitted on every port, so the cluster's own components keep working.".into(),
        "K7's documentation promises that kube-system rule but K7's code does not write it: k7-spec renders it on purpose (a listed deviation), so on a cluster K7 manages today kube-system is blocked as well.".into(),
    ];
    let summary = if s.ingress_ports.is_empty() {
        "Nothing can connect to the sandbox except the kube-system namespace; other sandboxes and pods are blocked.".to_owned()
    } else {
        let ports: Vec<String> = s.ingress_ports.iter().map(ToString::to_string).collect();
        let ports = format!(
            "TCP {} {}",
            if ports.len() == 1 { "port" } else { "ports" },
            list(&ports)
        );
        let who = if s.ingress_from.is_empty() {
            details.push(format!(
                "With ports but no `ingress_from`, only the sandboxes of the namespace `{}` may connect: opening a port never opens it to the world.",
                s.namespace
            ));
            format!("the sandboxes of the namespace `{}`", s.namespace)
        } else {
            let (who, why): (Vec<String>, Vec<String>) = s
                .ingress_from
                .iter()
                .map(|src| describe_source(s, src))
                .unzip();
            details.extend(why);
            list(&who)
        };
        format!(
            "Only {who} can connect, on {ports}; apart from them, only the kube-system namespace can."
        )
    };
    if !s.expose_ports.is_empty() {
        let ports: Vec<String> = s.expose_ports.iter().map(ToString::to_string).collect();
        details.push(format!(
            "The NodePort Service `{}-expose` publishes {} {} on every node; only the node that runs the sandbox answers (`externalTrafficPolicy: Local`), and clients keep their address, so the `cidr:` sources decide who outside the cluster gets through.",
            s.name,
            if ports.len() == 1 { "port" } else { "ports" },
            list(&ports)
        ));
    }
    details.extend(findings(diagnostics, Topic::Ingress, "Caveat: "));
    details.push(EXEC_UNAFFECTED.into());
    Ingress { summary, details }
}

/// What K7 supplies at create time, which the rendering marks instead of inventing: the contents
/// of the env Secret and of K7's script ConfigMaps, on kql the image's argv, and the tolerations
/// of the node the sandbox is pinned to.
fn supplied_by_k7(s: &Sandbox) -> Vec<String> {
    let mut objects = Vec::new();
    if s.env_file {
        objects.push(format!(
            "the Secret `{}-env` from the env_file on its own host",
            s.name
        ));
    }
    if s.persistent() {
        objects.push(format!(
            "the ConfigMap `{}-persist-wrapper` with its persistence wrapper",
            s.name
        ));
    }
    if s.docker_vehicle() {
        objects.push(format!(
            "the ConfigMap `{}-docker-vehicle` with its Docker scripts",
            s.name
        ));
    }
    let mut sentences = Vec::new();
    if !objects.is_empty() {
        let (it, its) = if objects.len() == 1 {
            ("it", "its")
        } else {
            ("them", "their")
        };
        sentences.push(format!(
            "Before the pod, K7 creates {} and fills {it} itself at create time: the manifests mark {its} contents as supplied by K7 rather than invent them.",
            list(&objects)
        ));
    }
    if s.persistent() {
        let added = match (s.entrypoint.is_empty(), s.cmd.is_empty()) {
            (false, false) => None,
            (false, true) => Some("the image's Cmd from the registry and appends it to"),
            (true, false) => Some("the image's Entrypoint from the registry and puts it before"),
            (true, true) => Some("the image's Entrypoint and Cmd from the registry and makes them"),
        };
        if let Some(added) = added {
            sentences.push(format!(
                "At create time K7 reads {added} the sandbox's args."
            ));
        }
    }
    if let Some(node) = &s.node_name {
        sentences.push(format!("At create time K7 looks up the node `{node}` (refusing the create if it is missing) and adds a toleration for each of its `k7.katakate.org/tenant` taints."));
    }
    sentences
}

fn phases(s: &Sandbox, egress: &Egress) -> Vec<Phase> {
    let mut start =
        "The pod starts with no egress policy yet, so outbound traffic is open.".to_owned();
    for sentence in supplied_by_k7(s) {
        start.push(' ');
        start.push_str(&sentence);
    }
    if s.docker_vehicle() {
        start.push_str(" K7 first waits up to 300 s for `docker-vehicle` to report the overlay2 storage driver on its Block disk, and fails the create otherwise.");
    }
    let mut phases = vec![Phase {
        name: "start".into(),
        egress: "open".into(),
        summary: start,
    }];
    if s.before_script {
        phases.push(Phase {
            name: "before_script".into(),
            egress: "open".into(),
            summary: format!(
                "before_script runs once inside the sandbox with open egress, so it can install packages; the sandbox becomes Ready when it leaves its marker /tmp/k7_before_done_{}.",
                s.name
            ),
        });
    }
    let after = if s.before_script {
        "After before_script"
    } else {
        "Once the sandbox is Ready"
    };
    let stay = |n: usize| if n == 1 { "stays" } else { "stay" };
    let (mode, summary) = match egress.mode {
        EgressMode::Open => (
            "open",
            "No egress_whitelist: no egress policy is applied, and egress stays open for the sandbox's whole life.".to_owned(),
        ),
        EgressMode::Blocked => (
            "blocked",
            format!("{after}, K7 applies `{}-netpol`: all egress, DNS included, is blocked from then on.", s.name),
        ),
        EgressMode::CidrOnly => (
            "cidr-only",
            format!(
                "{after}, K7 applies `{}-netpol`: only {} {} reachable, and DNS {}.",
                s.name,
                list(&egress.ranges),
                stay(egress.ranges.len()),
                if egress.dns == Dns::Blocked {
                    "is blocked"
                } else {
                    "still works through a public resolver"
                }
            ),
        ),
        EgressMode::Fqdn => (
            "fqdn",
            format!(
                "{after}, K7 applies `{}-egress`: only the whitelisted names and ranges stay reachable, through the cluster DNS.",
                s.name
            ),
        ),
    };
    phases.push(Phase {
        name: "locked down".into(),
        egress: mode.into(),
        summary,
    });
    phases
}
