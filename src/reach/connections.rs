//! The connections that matter for one sandbox, answered in one render: each whitelisted name
//! and range, the cluster DNS, the internet, the node, the API server, cloud metadata and other
//! sandboxes on the way out; each `ingress_from` source, the sandboxes of the namespace,
//! kube-system, outside clients, the node and `kubectl exec` on the way in. What the editor's
//! picture draws, and its text alternative.

use serde::Serialize;

use std::net::IpAddr;

use ipnet::IpNet;

use super::query::{INTERNET_IP, METADATA_IP};
use super::{Direction, PhaseName, Query, ReachPhase, Sandboxed};
use crate::diagnostic::Diagnostic;
use crate::options::RenderOptions;
use crate::pipeline::render_spec;
use crate::spec::{Entry, Source};

/// What a connection's other end is, for grouping in a picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    /// A whitelisted DNS name.
    Name,
    /// A whitelisted range.
    Range,
    /// The cluster DNS.
    Dns,
    /// An address outside the cluster that no whitelist names.
    Internet,
    /// The nodes, the API server, cloud metadata: what K7's platform policy guards.
    Platform,
    /// Other sandboxes and pods.
    Cluster,
    /// Clients outside the cluster, through the NodePort.
    Outside,
    /// `kubectl exec` / `k7 shell`.
    Exec,
}

/// One connection and its answer per phase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Connection {
    /// `egress:` or `ingress:` and the query (`egress:pypi.org`, `ingress:sandbox:client`): unique
    /// within the list, stable across edits that keep the entry.
    pub id: String,
    /// Which way it goes.
    pub direction: Direction,
    /// What the other end is.
    pub group: Group,
    /// A short label (`pypi.org`, `the internet`, `sandbox client`).
    pub label: String,
    /// The query that gives the same answer through `reach` (`to`/`from` text).
    pub query: String,
    /// The port asked about, if any.
    pub port: Option<u16>,
    /// Start, script, locked.
    pub phases: Vec<ReachPhase>,
}

/// What [`connections`] returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Connections {
    /// False when the spec has an error: then `connections` is empty.
    pub ok: bool,
    /// The spec's diagnostics, as `render` returns them.
    pub diagnostics: Vec<Diagnostic>,
    /// The sandbox's name, when the spec has one.
    pub name: Option<String>,
    /// Its namespace.
    pub namespace: String,
    /// Whether a `before_script` runs between start and lockdown.
    pub before_script: bool,
    /// Egress first, then ingress.
    pub connections: Vec<Connection>,
}

/// At most this many whitelist entries and sources are drawn one by one; the rest are answered
/// through `reach` on demand.
const MAX_EACH: usize = 24;

/// The connections of one spec, each answered for every phase (one render for all of them).
///
/// ```
/// let spec = "name: web\nimage: nginx:1.27\negress_whitelist: []\ningress_ports: [8080]\ningress_from: [sandbox:client]\n";
/// let c = k7_spec::connections(spec, &Default::default());
/// let client = c.connections.iter().find(|c| c.label == "sandbox client").unwrap();
/// assert_eq!(client.phases[2].verdict, k7_spec::Verdict::Allowed);
/// let internet = c.connections.iter().find(|c| c.id == "egress:93.184.215.14").unwrap();
/// assert_eq!(internet.phases[2].verdict, k7_spec::Verdict::Denied);
/// ```
pub fn connections(source: &str, options: &RenderOptions) -> Connections {
    let (spec, rendering) = render_spec(source, options);
    let namespace = spec
        .as_ref()
        .and_then(|s| s.namespace.as_ref())
        .map_or_else(|| "default".to_owned(), |n| n.value.clone());
    let name = spec
        .as_ref()
        .and_then(|s| s.name.as_ref())
        .map(|n| n.value.clone());
    let (Some(spec), true) = (spec, rendering.ok) else {
        return Connections {
            ok: false,
            diagnostics: rendering.diagnostics,
            name,
            namespace,
            before_script: false,
            connections: Vec::new(),
        };
    };
    let sandbox = Sandboxed::new(&spec, &rendering.manifests, options.cni);
    let mut wanted: Vec<(Group, String, String, Option<u16>, Direction)> = Vec::new();
    let mut to = |group, label: &str, query: String, port| {
        wanted.push((group, label.to_owned(), query, port, Direction::Egress));
    };
    let whitelist = spec.egress_whitelist.iter().flat_map(|l| l.value.iter());
    for entry in whitelist.take(MAX_EACH) {
        match &entry.value.entry {
            // A wildcard is drawn by one name it matches.
            Entry::Name(n) => {
                let query = n
                    .strip_prefix("*.")
                    .map_or_else(|| n.clone(), |rest| format!("sub.{rest}"));
                to(Group::Name, n, query, Some(443));
            }
            Entry::Range { net, .. } => to(Group::Range, &net.to_string(), net.to_string(), None),
            Entry::Invalid(_) => {}
        }
    }
    to(Group::Dns, "cluster DNS", "dns".into(), Some(53));
    let ranges: Vec<IpNet> = spec
        .egress_whitelist
        .iter()
        .flat_map(|l| l.value.iter())
        .filter_map(|e| match e.value.entry {
            Entry::Range { net, .. } => Some(net),
            _ => None,
        })
        .collect();
    to(
        Group::Internet,
        "the internet",
        outside(&[INTERNET_IP, "151.101.1.69", "140.82.112.3"], &ranges),
        Some(443),
    );
    to(
        Group::Platform,
        "cloud metadata",
        METADATA_IP.into(),
        Some(80),
    );
    to(
        Group::Platform,
        "API server",
        "api-server".into(),
        Some(443),
    );
    to(Group::Platform, "the node", "node".into(), None);
    to(Group::Platform, "kube-system", "kube-system".into(), None);
    to(
        Group::Cluster,
        "another sandbox",
        "sandbox:another-sandbox".into(),
        None,
    );
    let ports: Vec<u16> = spec
        .ingress_ports
        .iter()
        .flat_map(|l| l.value.iter())
        .filter_map(|p| u16::try_from(p.value).ok())
        .collect();
    let first = ports.first().copied();
    let exposed = spec
        .expose_ports
        .iter()
        .flat_map(|l| l.value.iter())
        .find_map(|p| u16::try_from(p.value).ok())
        .or(first);
    let mut from = |group, label: String, query: String, port| {
        wanted.push((group, label, query, port, Direction::Ingress));
    };
    for item in spec
        .ingress_from
        .iter()
        .flat_map(|l| l.value.iter())
        .take(MAX_EACH)
    {
        match &item.value.source {
            Ok(Source::Sandbox(n)) => from(
                Group::Cluster,
                format!("sandbox {n}"),
                format!("sandbox:{n}"),
                first,
            ),
            Ok(Source::Namespace(n)) => from(
                Group::Cluster,
                format!("namespace {n}"),
                format!("namespace:{n}"),
                first,
            ),
            Ok(Source::Cidr(net)) => {
                let ip = host_in(*net);
                from(
                    Group::Outside,
                    format!("clients in {net}"),
                    format!("ip:{ip}"),
                    exposed,
                );
            }
            Err(_) => {}
        }
    }
    from(
        Group::Cluster,
        "other sandboxes".into(),
        "sandbox:another-sandbox".into(),
        first,
    );
    let sources: Vec<IpNet> = spec
        .ingress_from
        .iter()
        .flat_map(|l| l.value.iter())
        .filter_map(|s| match s.value.source {
            Ok(Source::Cidr(net)) => Some(net),
            _ => None,
        })
        .collect();
    let client = outside(&["198.51.100.23", "203.0.113.9", INTERNET_IP], &sources);
    from(
        Group::Outside,
        "the internet".into(),
        format!("ip:{client}"),
        exposed,
    );
    from(
        Group::Platform,
        "kube-system".into(),
        "kube-system".into(),
        first,
    );
    from(Group::Platform, "the node".into(), "node".into(), first);
    from(
        Group::Exec,
        "kubectl exec / k7 shell".into(),
        "exec".into(),
        None,
    );

    let mut seen = std::collections::HashSet::new();
    let connections = wanted
        .into_iter()
        .filter_map(|(group, label, text, port, direction)| {
            let query = match direction {
                Direction::Egress => Query::to(&text),
                Direction::Ingress => Query::from(&text),
            }
            .ok()?;
            let query = match port {
                Some(p) => query.port(p),
                None => query,
            };
            let way = if direction == Direction::Egress {
                "egress"
            } else {
                "ingress"
            };
            let id = format!("{way}:{text}");
            seen.insert(id.clone()).then(|| Connection {
                phases: PhaseName::ALL
                    .iter()
                    .map(|&p| sandbox.answer(&query, p))
                    .collect(),
                id,
                direction,
                group,
                label,
                query: text,
                port: query.port_number(),
            })
        })
        .collect();
    Connections {
        ok: true,
        diagnostics: rendering.diagnostics,
        name,
        namespace,
        before_script: spec
            .before_script
            .as_ref()
            .is_some_and(|s| !s.value.text.is_empty()),
        connections,
    }
}

/// The first of `candidates` that no range holds ("the internet" is an address nobody listed),
/// or the first when every one is listed (`0.0.0.0/0`).
fn outside(candidates: &[&str], ranges: &[IpNet]) -> String {
    candidates
        .iter()
        .find(|c| {
            c.parse::<IpAddr>()
                .is_ok_and(|ip| !ranges.iter().any(|r| r.contains(&ip)))
        })
        .or(candidates.first())
        .map_or_else(String::new, |c| (*c).to_owned())
}

/// An address of a range that a client could have: the range's first host (not the network's
/// own address), or the address itself for a /32 or /128.
fn host_in(net: IpNet) -> IpAddr {
    match net {
        IpNet::V4(n) if n.prefix_len() < 31 => IpAddr::V4((u32::from(n.network()) + 1).into()),
        IpNet::V6(n) if n.prefix_len() < 127 => IpAddr::V6((u128::from(n.network()) + 1).into()),
        other => other.addr(),
    }
}
