//! Connectivity: "can the sandbox reach X?" and "can X reach the sandbox?", answered for each
//! phase of the sandbox's life (start, `before_script`, locked down) from the objects [`render`]
//! writes and K7's cluster-wide platform policy, with the rules that decide and the spec entries
//! behind them (docs/reach.md).
//!
//! ```
//! use k7_spec::{Query, Verdict, reach};
//!
//! let spec = "name: agent\nimage: python:3.12\negress_whitelist: [pypi.org, files.pythonhosted.org]\n";
//! let answer = reach(spec, &Query::to("https://pypi.org/simple").unwrap(), &Default::default());
//! let verdicts: Vec<Verdict> = answer.phases.iter().map(|p| p.verdict).collect();
//! assert_eq!(verdicts, [Verdict::Allowed, Verdict::Allowed, Verdict::Allowed]);
//!
//! let metadata = reach(spec, &Query::to("metadata").unwrap(), &Default::default());
//! assert!(metadata.phases.iter().all(|p| p.verdict == Verdict::Denied));
//! assert_eq!(metadata.phases[0].rules[0].object, "CiliumClusterwideNetworkPolicy/k7-sandbox-platform-deny");
//! ```

mod connections;
mod matrix;
mod policy;
mod query;

use std::collections::BTreeMap;

use ipnet::IpNet;
use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Span};
use crate::options::{Cni, RenderOptions};
use crate::pipeline::{Rendering, render_spec};
use crate::spec::{Entry, Source, Spec, canonical};
use policy::{Hit, Judgement, Object, Origin, World};
use query::{Peer, kube_dns};

pub use connections::{Connection, Connections, Group, connections};
pub use matrix::{
    FindingCode, MAX_MATRIX_PAIRS, MAX_MATRIX_SPECS, MAX_MATRIX_WORK, MAX_PAIR_PORTS,
    MAX_SOURCE_FINDINGS, Matrix, MatrixFinding, MatrixPair, MatrixSandbox, PairVerdict,
    reach_matrix,
};
pub use query::{Direction, Protocol, Query, QueryError, QueryRequest};

/// A phase of the sandbox's life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PhaseName {
    /// From the pod's start until `before_script` runs: no policy of the sandbox's own exists.
    Start,
    /// While `before_script` runs: still no policy of the sandbox's own.
    Script,
    /// After K7 applied the egress and ingress policies (and the NodePort Service).
    Locked,
}

impl PhaseName {
    /// Every phase, in order.
    pub const ALL: [PhaseName; 3] = [PhaseName::Start, PhaseName::Script, PhaseName::Locked];

    /// The phase's name as the command line and JSON write it.
    pub fn as_str(self) -> &'static str {
        match self {
            PhaseName::Start => "start",
            PhaseName::Script => "script",
            PhaseName::Locked => "locked",
        }
    }
}

/// The answer for one connection in one phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The policies in force admit it.
    Allowed,
    /// The policies in force refuse it.
    Denied,
    /// It turns on something the spec does not say (an address, a port, a cluster setting).
    Depends,
}

impl Verdict {
    /// The verdict as the command line and JSON write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Allowed => "allowed",
            Verdict::Denied => "denied",
            Verdict::Depends => "depends",
        }
    }
}

/// The spec entry behind a rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpecEntry {
    /// JSON Pointer into the spec (`/egress_whitelist/2`).
    pub path: String,
    /// Where it is written; `None` for input that had no text.
    pub span: Option<Span>,
}

/// One rule that decides an answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReachRule {
    /// `Kind/name` of the object that holds the rule.
    pub object: String,
    /// Its index in [`Rendering::manifests`](crate::pipeline::Rendering::manifests); `None` for K7's cluster-wide platform
    /// policy ([`platform_policy`]).
    pub manifest: Option<usize>,
    /// JSON Pointer to the rule inside that object.
    pub pointer: String,
    /// The spec entry that produced the rule; `None` for K7's own rules.
    pub spec: Option<SpecEntry>,
    /// The rule in one plain sentence.
    pub sentence: String,
}

/// The answer for one phase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReachPhase {
    /// Which phase.
    pub phase: PhaseName,
    /// Allowed, denied, or depends.
    pub verdict: Verdict,
    /// What a `depends` answer turns on; `None` otherwise.
    pub depends_on: Option<String>,
    /// The answer in one plain sentence.
    pub summary: String,
    /// The deciding rules; empty when no policy decides (nothing is applied yet).
    pub rules: Vec<ReachRule>,
    /// For a denied connection, what would allow it.
    pub allow_if: Option<String>,
}

/// The connection asked about, as read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QueryInfo {
    /// Egress or ingress.
    pub direction: Direction,
    /// The other end, in words.
    pub peer: String,
    /// The port, when given or implied.
    pub port: Option<u16>,
    /// TCP or UDP.
    pub protocol: Protocol,
    /// The text as given.
    pub text: String,
}

/// What [`reach`] returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reach {
    /// False when the spec has an error: then `phases` is empty.
    pub ok: bool,
    /// The spec's diagnostics, as [`render`](crate::pipeline::render) returns them.
    pub diagnostics: Vec<Diagnostic>,
    /// The connection asked about.
    pub query: QueryInfo,
    /// One answer per phase: start, script, locked.
    pub phases: Vec<ReachPhase>,
}

/// K7's cluster-wide `k7-sandbox-platform-deny` (a CiliumClusterwideNetworkPolicy installed
/// once on Cilium clusters), which the answers' `manifest: None` rules point into.
pub fn platform_policy() -> &'static Value {
    &policy::PLATFORM_POLICY
}

/// Answers one connection for each phase of the sandbox's life. Never panics: a spec with an
/// error answers nothing and returns its diagnostics.
pub fn reach(source: &str, query: &Query, options: &RenderOptions) -> Reach {
    let (spec, mut rendering) = render_spec(source, options);
    // Moved, not copied: the browser's module (no reach_all) compiles no copy of diagnostics.
    let diagnostics = std::mem::take(&mut rendering.diagnostics);
    let sandbox = Sandboxed::of(spec.as_ref(), &rendering, options.cni);
    answer(sandbox.as_ref(), query, diagnostics)
}

/// [`reach`] for several queries of one spec, rendered once (a policy test's list of queries).
pub fn reach_all(source: &str, queries: &[Query], options: &RenderOptions) -> Vec<Reach> {
    let (spec, rendering) = render_spec(source, options);
    let sandbox = Sandboxed::of(spec.as_ref(), &rendering, options.cni);
    queries
        .iter()
        .map(|query| answer(sandbox.as_ref(), query, rendering.diagnostics.clone()))
        .collect()
}

/// One query's answer: per phase from the sandbox, or none for a spec with an error.
fn answer(sandbox: Option<&Sandboxed>, query: &Query, diagnostics: Vec<Diagnostic>) -> Reach {
    match sandbox {
        Some(sandbox) => Reach {
            ok: true,
            diagnostics,
            query: query_info(query, sandbox.peer(&query.peer).to_string()),
            phases: PhaseName::ALL
                .iter()
                .map(|&phase| sandbox.answer(query, phase))
                .collect(),
        },
        None => Reach {
            ok: false,
            diagnostics,
            query: query_info(query, query.peer.to_string()),
            phases: Vec::new(),
        },
    }
}

fn query_info(query: &Query, peer: String) -> QueryInfo {
    QueryInfo {
        direction: query.direction,
        peer,
        port: query.port,
        protocol: query.protocol,
        text: query.text.clone(),
    }
}

/// One rendered sandbox, ready to answer queries.
pub(crate) struct Sandboxed<'a> {
    spec: &'a Spec,
    world: World<'a>,
    before_script: bool,
}

/// A judgement turned into an answer, before the rules are written out.
struct Decision {
    verdict: Verdict,
    depends_on: Option<String>,
    hits: Vec<Hit>,
}

fn decide(j: Judgement) -> Decision {
    let decision = |verdict, depends_on, hits| Decision {
        verdict,
        depends_on,
        hits,
    };
    if !j.deny.is_empty() {
        return decision(Verdict::Denied, None, j.deny);
    }
    let mut depends = j.deny_depends;
    if !j.allow.is_empty() && depends.is_empty() {
        return decision(Verdict::Allowed, None, j.allow);
    }
    if j.allow.is_empty() {
        if j.depends.is_empty() && !j.isolating.is_empty() {
            return decision(Verdict::Denied, None, j.isolating);
        }
        depends.extend(j.depends);
    }
    if depends.is_empty() {
        return decision(Verdict::Allowed, None, Vec::new());
    }
    let why = depends[0].1.clone();
    let hits = depends.into_iter().map(|(h, _)| h).chain(j.allow).collect();
    decision(Verdict::Depends, Some(why), hits)
}

impl<'a> Sandboxed<'a> {
    /// The rendered sandbox, or none when the spec has an error.
    fn of(spec: Option<&'a Spec>, rendering: &'a Rendering, cni: Cni) -> Option<Self> {
        Some(Sandboxed::new(
            spec.filter(|_| rendering.ok)?,
            &rendering.manifests,
            cni,
        ))
    }

    pub(crate) fn new(spec: &'a Spec, manifests: &'a [Value], cni: Cni) -> Sandboxed<'a> {
        let namespace = spec
            .namespace
            .as_ref()
            .map_or("default", |n| n.value.as_str());
        // The pod's labels as rendered: the Pod's, or the Deployment's template's.
        let labels = manifests
            .iter()
            .find_map(|m| match m["kind"].as_str() {
                Some("Pod") => policy::at(m, &["metadata", "labels"]),
                Some("Deployment") => policy::at(m, &["spec", "template", "metadata", "labels"]),
                _ => None,
            })
            .and_then(Value::as_object)
            .map(|o| {
                // Inserted one by one: collect() would sort (World::cilium_endpoint says why not).
                let mut map = BTreeMap::new();
                map.extend(
                    o.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))),
                );
                map
            })
            .unwrap_or_else(BTreeMap::new);
        Sandboxed {
            spec,
            world: World {
                manifests,
                cni,
                namespace,
                labels,
            },
            before_script: spec
                .before_script
                .as_ref()
                .is_some_and(|s| !s.value.text.is_empty()),
        }
    }

    /// The peer with "this namespace" made explicit.
    fn peer(&self, peer: &Peer) -> Peer {
        match peer {
            Peer::Pod {
                namespace: None,
                labels,
                any,
            } => Peer::Pod {
                namespace: Some(self.world.namespace.to_owned()),
                labels: labels.clone(),
                any: *any,
            },
            other => other.clone(),
        }
    }

    pub(crate) fn answer(&self, query: &Query, phase: PhaseName) -> ReachPhase {
        let locked = phase == PhaseName::Locked;
        let peer = self.peer(&query.peer);
        let (port, protocol) = (query.port, query.protocol);
        let mut decision = match query.direction {
            Direction::Egress => {
                let mut d = decide(self.world.egress(&peer, port, protocol, locked));
                if let Peer::Name(_) = peer
                    && d.verdict != Verdict::Denied
                {
                    self.resolve_first(&mut d, locked);
                }
                d
            }
            Direction::Ingress => self.ingress(&peer, port, protocol, locked),
        };
        decision.hits.truncate(MAX_RULES);
        let summary = self.summary(query, &peer, phase, &decision);
        let allow_if = (decision.verdict == Verdict::Denied)
            .then(|| self.allow_if(query, &peer, phase, &decision))
            .flatten();
        ReachPhase {
            phase,
            verdict: decision.verdict,
            depends_on: decision.depends_on,
            summary,
            rules: decision
                .hits
                .into_iter()
                .map(|h| self.rule(h, query.direction))
                .collect(),
            allow_if,
        }
    }

    /// A name is reached only after it resolves: through the cluster DNS, which the policies
    /// must allow too.
    fn resolve_first(&self, d: &mut Decision, locked: bool) {
        let dns = decide(
            self.world
                .egress(&kube_dns(), Some(53), query::Protocol::Udp, locked),
        );
        match dns.verdict {
            Verdict::Allowed => {
                // The DNS rule decides too, when it is not the rule already given.
                for hit in dns.hits {
                    if !d.hits.contains(&hit) {
                        d.hits.push(hit);
                    }
                }
            }
            Verdict::Depends => {
                d.verdict = Verdict::Depends;
                let why = dns.depends_on.unwrap_or_default();
                d.depends_on = Some(match d.depends_on.take() {
                    Some(first) => format!("{first}, and the name resolving: {why}"),
                    None => format!("the name resolving through the cluster DNS: {why}"),
                });
                d.hits.extend(dns.hits);
            }
            Verdict::Denied => {
                *d = Decision {
                    verdict: Verdict::Denied,
                    depends_on: None,
                    hits: dns.hits,
                };
            }
        }
    }

    fn ingress(
        &self,
        peer: &Peer,
        port: Option<u16>,
        protocol: Protocol,
        locked: bool,
    ) -> Decision {
        let allowed = Decision {
            verdict: Verdict::Allowed,
            depends_on: None,
            hits: Vec::new(),
        };
        match peer {
            Peer::Exec | Peer::Node => allowed,
            Peer::Net(_) => {
                // From outside the cluster only the NodePort Service leads in, and K7 creates it
                // after the policies.
                let service = self.exposed(port, protocol);
                match (locked, service) {
                    (true, Ok(hit)) => {
                        let mut d = decide(self.world.ingress(peer, port, protocol, locked));
                        if d.verdict != Verdict::Denied {
                            d.hits.push(hit);
                        }
                        d
                    }
                    (true, Err(Some(why))) => Decision {
                        verdict: Verdict::Depends,
                        depends_on: Some(why),
                        hits: Vec::new(),
                    },
                    _ => Decision {
                        verdict: Verdict::Denied,
                        depends_on: None,
                        hits: Vec::new(),
                    },
                }
            }
            _ => decide(self.world.ingress(peer, port, protocol, locked)),
        }
    }

    /// The Service port that publishes `port`: `Err(None)` when none does, `Err(Some(why))`
    /// when no port was given and some are published.
    fn exposed(&self, port: Option<u16>, protocol: Protocol) -> Result<Hit, Option<String>> {
        for (m, v) in self.world.manifests.iter().enumerate() {
            if v["kind"] != "Service" {
                continue;
            }
            let ports = policy::at(v, &["spec", "ports"]).and_then(Value::as_array);
            let list: Vec<u64> = ports
                .into_iter()
                .flatten()
                .filter(|p| p["protocol"].as_str().unwrap_or("TCP") == protocol.as_str())
                .filter_map(|p| p["port"].as_u64())
                .collect();
            let Some(port) = port else {
                return Err((!list.is_empty()).then(|| {
                    let list: Vec<String> = list.iter().map(u64::to_string).collect();
                    format!(
                        "the port: only {} are published through the NodePort",
                        list.join(", ")
                    )
                }));
            };
            if let Some(k) = ports
                .into_iter()
                .flatten()
                .position(|p| p["port"].as_u64() == Some(u64::from(port)))
            {
                return Ok(Hit {
                    object: Object::Manifest(m),
                    pointer: format!("/spec/ports/{k}"),
                    origin: Some(Origin::Exposed(port)),
                    sentence: format!(
                        "{} publishes port {port} on every node (NodePort, externalTrafficPolicy Local keeps the client's address).",
                        policy::object_name(v)
                    ),
                });
            }
        }
        Err(None)
    }

    fn summary(&self, query: &Query, peer: &Peer, phase: PhaseName, d: &Decision) -> String {
        let when = match phase {
            PhaseName::Start => "At start".to_owned(),
            PhaseName::Script if self.before_script => "While before_script runs".to_owned(),
            PhaseName::Script => "With no before_script, straight after start".to_owned(),
            PhaseName::Locked => "After lockdown".to_owned(),
        };
        let connection = match query.direction {
            Direction::Egress => format!(
                "the sandbox {} {peer}{}",
                "connecting to",
                port_words(query)
            ),
            Direction::Ingress => format!("{peer} connecting to the sandbox{}", port_words(query)),
        };
        let verdict = d.verdict.as_str();
        let why = match (d.verdict, query.direction, &query.peer, d.hits.first()) {
            (_, Direction::Ingress, Peer::Exec, _) => {
                "kubectl exec and k7 shell go through the API server and the kubelet, not the pod network, so no network policy applies".to_owned()
            }
            (_, Direction::Ingress, Peer::Node, _) => {
                "the sandbox's own node (the kubelet's probes) is always let in: Cilium allows the local host by default, and k3s's policy controller accepts the node's own traffic".to_owned()
            }
            (Verdict::Denied, Direction::Ingress, Peer::Net(_), None) if phase != PhaseName::Locked => {
                "only the NodePort Service leads in from outside the cluster, and K7 creates it after lockdown".to_owned()
            }
            (Verdict::Denied, Direction::Ingress, Peer::Net(_), None) => {
                "no NodePort Service publishes this port, and pod addresses are not routable from outside the cluster".to_owned()
            }
            (Verdict::Denied, Direction::Egress, Peer::Name(_), Some(_)) if !d.hits.iter().any(|h| matches!(h.origin, Some(Origin::Name(_)))) && self.name_unresolvable() => {
                "the name cannot be resolved: the cluster DNS is not reachable, so the connection never starts (a program that connects by address or through its own allowed resolver is judged by address)".to_owned()
            }
            (Verdict::Depends, ..) => format!("it depends on {}", d.depends_on.as_deref().unwrap_or("")),
            (_, _, _, Some(hit)) => hit.sentence.trim_end_matches('.').to_owned(),
            (Verdict::Allowed, Direction::Egress, ..) if phase != PhaseName::Locked => {
                "no egress policy of the sandbox exists before lockdown".to_owned()
            }
            (Verdict::Allowed, Direction::Ingress, ..) if phase != PhaseName::Locked => {
                "no ingress policy exists before lockdown: every pod of the cluster can connect to any port the sandbox listens on".to_owned()
            }
            (Verdict::Allowed, Direction::Egress, ..) => {
                "no egress_whitelist: no egress policy selects the sandbox".to_owned()
            }
            _ => "no policy selects the sandbox in this direction".to_owned(),
        };
        let verdict = if d.verdict == Verdict::Depends {
            "may be allowed".to_owned()
        } else {
            format!("is {verdict}")
        };
        format!("{when}, {connection} {verdict}: {why}.")
    }

    /// Whether names cannot resolve after lockdown (the cluster DNS is denied).
    fn name_unresolvable(&self) -> bool {
        decide(
            self.world
                .egress(&kube_dns(), Some(53), Protocol::Udp, true),
        )
        .verdict
            == Verdict::Denied
    }

    fn allow_if(
        &self,
        query: &Query,
        peer: &Peer,
        phase: PhaseName,
        d: &Decision,
    ) -> Option<String> {
        if d.hits.iter().any(|h| h.object == Object::Platform) {
            return Some("nothing in the spec: K7's platform policy denies this to every sandbox on Cilium (a Flannel cluster has no such policy)".into());
        }
        let cilium = self.world.cni == Cni::Cilium;
        let port = query
            .port
            .map_or_else(|| "the port".to_owned(), |p| p.to_string());
        Some(match (query.direction, peer) {
            (Direction::Egress, Peer::Name(name)) if cilium => {
                format!("add `{name}` to egress_whitelist (Cilium then also allows the cluster DNS)")
            }
            (Direction::Egress, Peer::Name(name)) => format!(
                "names need the Cilium CNI; on Flannel whitelist the range `{name}` resolves to and a DNS server, or pre-resolve it in before_script"
            ),
            (Direction::Egress, Peer::Net(net)) => format!("add `{}` to egress_whitelist", net_text(*net)),
            (Direction::Egress, Peer::Pod { labels, .. }) if labels.get("k8s-app").is_some_and(|a| a == "kube-dns") => {
                if cilium {
                    "whitelist a DNS name (Cilium then allows the cluster DNS), or resolve names in before_script".into()
                } else {
                    "whitelist the cluster's pod range so kube-dns is reachable, or resolve names in before_script".into()
                }
            }
            (Direction::Egress, _) if cilium => {
                "a whitelist cannot name pods or the node on Cilium (ranges select only addresses outside the cluster): leave egress_whitelist out for open egress".into()
            }
            (Direction::Egress, _) => format!(
                "whitelist the range that holds its address (pods: k3s's {})",
                "10.42.0.0/16"
            ),
            (Direction::Ingress, Peer::Net(_)) if phase != PhaseName::Locked => {
                "nothing before lockdown: clients outside the cluster come in only through the NodePort Service of expose_ports, which K7 creates after the policies".into()
            }
            (Direction::Ingress, Peer::Net(net)) => {
                let exposed = self.exposed(query.port, query.protocol).is_ok();
                let cidr = format!("`cidr:{}`", net_text(*net));
                if exposed {
                    format!("add {cidr} to ingress_from")
                } else {
                    format!("add {port} to ingress_ports and expose_ports, and {cidr} to ingress_from")
                }
            }
            (Direction::Ingress, Peer::Pod { namespace, labels, any }) => {
                let same = namespace.as_deref() == Some(self.world.namespace);
                let source = match labels.get(query::SANDBOX_LABEL) {
                    Some(name) if same && !any => format!("`sandbox:{name}`"),
                    _ => format!("`namespace:{}`", namespace.as_deref().unwrap_or_default()),
                };
                let open = self.spec.ingress_ports.as_ref().is_some_and(|l| {
                    l.value.iter().any(|p| query.port.is_some_and(|q| i64::from(q) == p.value))
                });
                if open {
                    format!("add {source} to ingress_from")
                } else {
                    format!("add {port} to ingress_ports and {source} to ingress_from")
                }
            }
            _ => return None,
        })
    }

    /// A decision's rule, written out with its object and the spec entry behind it.
    fn rule(&self, hit: Hit, direction: Direction) -> ReachRule {
        let (object, manifest) = match hit.object {
            Object::Manifest(m) => (
                policy::object_name(
                    &self.world.manifests[m.min(self.world.manifests.len().saturating_sub(1))],
                ),
                Some(m),
            ),
            Object::Platform => (policy::object_name(platform_policy()), None),
        };
        ReachRule {
            object,
            manifest,
            pointer: hit.pointer,
            spec: hit.origin.and_then(|o| self.entry(&o, direction)),
            sentence: hit.sentence,
        }
    }

    /// The spec entry an origin names.
    fn entry(&self, origin: &Origin, direction: Direction) -> Option<SpecEntry> {
        let s = self.spec;
        let item = |field: &str, i: usize, span: Option<Span>| SpecEntry {
            path: format!("/{field}/{i}"),
            span,
        };
        match (origin, direction) {
            (Origin::Range(net), Direction::Egress) => s
                .egress_whitelist
                .as_ref()?
                .value
                .iter()
                .enumerate()
                .find_map(|(i, e)| match e.value.entry {
                    Entry::Range { net: n, .. } if canonical(n) == canonical(*net) => {
                        Some(item("egress_whitelist", i, e.span))
                    }
                    _ => None,
                }),
            (Origin::Name(name), _) => s
                .egress_whitelist
                .as_ref()?
                .value
                .iter()
                .enumerate()
                .find_map(|(i, e)| {
                    matches!(&e.value.entry, Entry::Name(n) if n == name)
                        .then(|| item("egress_whitelist", i, e.span))
                }),
            (Origin::Range(_) | Origin::Sandbox(_) | Origin::Namespace(_), Direction::Ingress) => {
                let wanted = match origin {
                    Origin::Range(net) => Source::Cidr(*net),
                    Origin::Sandbox(n) => Source::Sandbox(n.clone()),
                    Origin::Namespace(n) => Source::Namespace(n.clone()),
                    _ => return None,
                };
                s.ingress_from
                    .as_ref()?
                    .value
                    .iter()
                    .enumerate()
                    .find_map(|(i, e)| {
                        let same = match (&e.value.source, &wanted) {
                            (Ok(Source::Cidr(a)), Source::Cidr(b)) => {
                                canonical(*a) == canonical(*b)
                            }
                            (Ok(a), b) => a == b,
                            _ => false,
                        };
                        same.then(|| item("ingress_from", i, e.span))
                    })
            }
            (Origin::Port(p), _) | (Origin::Exposed(p), _) => {
                let (field, list) = match origin {
                    Origin::Port(_) => ("ingress_ports", &s.ingress_ports),
                    _ => ("expose_ports", &s.expose_ports),
                };
                list.as_ref()?
                    .value
                    .iter()
                    .enumerate()
                    .find_map(|(i, e)| (e.value == i64::from(*p)).then(|| item(field, i, e.span)))
            }
            (Origin::Whitelist, _) => s.egress_whitelist.as_ref().map(|l| SpecEntry {
                path: "/egress_whitelist".into(),
                span: l.span,
            }),
            (Origin::IngressPorts, _) => s.ingress_ports.as_ref().map(|l| SpecEntry {
                path: "/ingress_ports".into(),
                span: l.span,
            }),
            _ => None,
        }
    }
}

/// Answers list at most this many rules (a whitelist of thousands of entries that all match).
const MAX_RULES: usize = 20;

fn port_words(query: &Query) -> String {
    match query.port {
        Some(p) => format!(" on port {p}/{}", query.protocol.as_str()),
        None => String::new(),
    }
}

fn net_text(net: IpNet) -> String {
    if net.prefix_len() == net.max_prefix_len() {
        net.addr().to_string()
    } else {
        net.to_string()
    }
}
