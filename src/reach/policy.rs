//! The policy engine: one connection against the policy objects as they are written (the
//! rendered manifests as JSON, and K7's cluster-wide platform policy), with the semantics of
//! Kubernetes NetworkPolicy, of Cilium (CiliumNetworkPolicy `toEndpoints`, `toFQDNs`,
//! `toCIDR`, and its deny rules), and of the CNI that enforces them.
//!
//! Reading the written objects rather than the spec keeps every answer honest: a rule can only
//! allow what the manifests say, at the JSON Pointer the answer names.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::LazyLock;

use ipnet::IpNet;
use serde_json::{Map, Value};

use super::query::{Direction, Peer, Protocol, SANDBOX_LABEL};
use crate::options::Cni;
use crate::spec::canonical;

/// K7's cluster-wide `k7-sandbox-platform-deny`, installed once on Cilium clusters
/// (`manifests/k7-api/cilium/sandbox-platform-deny.yaml` in K7's playbook).
pub(crate) static PLATFORM_POLICY: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(PLATFORM_POLICY_JSON).unwrap_or_default());

/// [`PLATFORM_POLICY`]'s JSON, parsed once rather than built by `json!` (whose code was
/// 0.8 KB gzip of the browser's module); its label key is [`SANDBOX_LABEL`] (a test checks both).
const PLATFORM_POLICY_JSON: &str = r#"{
    "apiVersion": "cilium.io/v2",
    "kind": "CiliumClusterwideNetworkPolicy",
    "metadata": {"name": "k7-sandbox-platform-deny"},
    "spec": {
        "endpointSelector": {"matchExpressions": [{"key": "katakate.org/sandbox", "operator": "Exists"}]},
        "enableDefaultDeny": {"egress": false, "ingress": false},
        "egressDeny": [
            {"toEntities": ["host", "remote-node", "kube-apiserver"]},
            {"toCIDR": ["169.254.0.0/16"]},
            {"toEndpoints": [{"matchExpressions": [
                {"key": "k8s:io.kubernetes.pod.namespace", "operator": "In", "values": ["kube-system", "longhorn-system"]},
                {"key": "k8s:k8s-app", "operator": "NotIn", "values": ["kube-dns"]}
            ]}]}
        ]
    }
}"#;

/// The pod addresses k3s hands out by default (`--cluster-cidr`).
const POD_RANGE: &str = "10.42.0.0/16";

/// Where a deciding rule is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Object {
    /// One of the rendered manifests, by index.
    Manifest(usize),
    /// K7's platform policy.
    Platform,
}

/// What wrote the rule, so the answer can point at the spec entry behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A whitelisted range (egress) or a `cidr:` source (ingress).
    Range(IpNet),
    /// A whitelisted name, as the spec writes it (`*.x`).
    Name(String),
    /// A `sandbox:` source.
    Sandbox(String),
    /// A `namespace:` source.
    Namespace(String),
    /// An ingress port.
    Port(u16),
    /// A port of `expose_ports`.
    Exposed(u16),
    /// The whitelist as a whole (the DNS rule, or `[]`).
    Whitelist,
    /// `ingress_ports` as a whole (the default peer).
    IngressPorts,
}

/// One rule that decides the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub object: Object,
    pub pointer: String,
    pub origin: Option<Origin>,
    pub sentence: String,
}

/// A three-valued match: the peer is in, out, or in only if something outside the spec holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Fit {
    Yes,
    No,
    Depends(String),
}

impl Fit {
    fn and(self, other: impl FnOnce() -> Fit) -> Fit {
        match self {
            Fit::No => Fit::No,
            Fit::Yes => other(),
            Fit::Depends(why) => match other() {
                Fit::No => Fit::No,
                Fit::Yes => Fit::Depends(why),
                Fit::Depends(more) => Fit::Depends(format!("{why}, and {more}")),
            },
        }
    }
}

/// The sandbox and the cluster a connection is judged in.
pub(crate) struct World<'a> {
    pub manifests: &'a [Value],
    pub cni: Cni,
    pub namespace: &'a str,
    pub labels: BTreeMap<String, String>,
}

/// What the policies say about one connection in one phase.
#[derive(Clone, Debug, Default)]
pub(crate) struct Judgement {
    /// Rules that admit it.
    pub allow: Vec<Hit>,
    /// Rules that admit it only if something holds, with what.
    pub depends: Vec<(Hit, String)>,
    /// Deny rules that refuse it (Cilium's platform policy), which win over every allow.
    pub deny: Vec<Hit>,
    /// Deny rules that refuse it if something holds.
    pub deny_depends: Vec<(Hit, String)>,
    /// The policies that isolate the sandbox in this direction; empty: nothing isolates it.
    pub isolating: Vec<Hit>,
}

/// Each list of a judgement keeps at most this many rules: answers name at most as many.
const MAX_HITS: usize = 20;

impl Judgement {
    /// Adds a rule that fits (`Yes`: it admits; `Depends`: only if something holds); `hit` writes
    /// it out only then, and only while the list has room.
    fn add(&mut self, fit: Fit, hit: impl FnOnce() -> Hit) {
        match fit {
            Fit::Yes if self.allow.len() < MAX_HITS => self.allow.push(hit()),
            Fit::Depends(why) if self.depends.len() < MAX_HITS => self.depends.push((hit(), why)),
            _ => {}
        }
    }
}

/// The value under a path of keys: `v.pointer("/a/b")` without the pointer's parsing and
/// unescaping (1 KB of the browser's wasm that only these fixed paths used).
pub(crate) fn at<'v>(v: &'v Value, keys: &[&str]) -> Option<&'v Value> {
    keys.iter().try_fold(v, |v, key| v.get(key))
}

fn str_at<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

fn array<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Whether `labels` satisfy a LabelSelector (`matchLabels` and `matchExpressions`); an empty
/// selector selects everything. `key` maps the selector's keys (Cilium's `k8s:` prefix) to the
/// labels' keys; a `None` key is answered by `special` (Cilium's namespace label).
fn selects(
    selector: &Value,
    labels: &BTreeMap<String, String>,
    special: &dyn Fn(&str) -> Option<String>,
) -> bool {
    let get = |key: &str| special(key).or_else(|| labels.get(key).cloned());
    let matched = selector
        .get("matchLabels")
        .and_then(Value::as_object)
        .is_none_or(|m| m.iter().all(|(k, v)| get(k).as_deref() == v.as_str()));
    matched
        && array(selector, "matchExpressions").iter().all(|e| {
            let value = str_at(e, "key").and_then(get);
            let values: Vec<&str> = array(e, "values")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            match str_at(e, "operator") {
                Some("Exists") => value.is_some(),
                Some("DoesNotExist") => value.is_none(),
                Some("In") => value.is_some_and(|v| values.contains(&v.as_str())),
                Some("NotIn") => value.is_none_or(|v| !values.contains(&v.as_str())),
                _ => false,
            }
        })
}

/// Plain Kubernetes label keys.
fn plain(_: &str) -> Option<String> {
    None
}

/// How a range covers a set of addresses: all of them, none, or some. A query for an
/// IPv4-mapped address is the IPv4 traffic it is; a rule's IPv4-mapped range (`::ffff:8.8.8.8`)
/// reaches IPv4 addresses only if the CNI reads it as the range it maps, which neither Cilium's
/// nor Flannel's behaviour has been measured for: that is `depends`, never `allowed`.
fn cover(rule: IpNet, peer: IpNet) -> Fit {
    let peer = canonical(peer);
    let unmapped = canonical(rule);
    if unmapped != rule && matches!(peer, IpNet::V4(_)) {
        return match cover(unmapped, peer) {
            Fit::No => Fit::No,
            _ => Fit::Depends(format!(
                "whether the CNI reads the IPv4-mapped range {rule} as {unmapped} (not measured)"
            )),
        };
    }
    let rule = unmapped;
    if rule.contains(&peer) {
        Fit::Yes
    } else if peer.contains(&rule) {
        Fit::Depends(format!("the address: only {rule} of {peer} is covered"))
    } else {
        Fit::No
    }
}

fn cidr(text: &str) -> Option<IpNet> {
    text.parse::<IpNet>()
        .ok()
        .or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from))
}

fn pod_range() -> IpNet {
    POD_RANGE.parse().unwrap_or_default()
}

impl World<'_> {
    fn namespace_labels(ns: &str) -> BTreeMap<String, String> {
        BTreeMap::from([("kubernetes.io/metadata.name".to_owned(), ns.to_owned())])
    }

    /// Whether an ipBlock / toCIDR range holds the peer. Cilium's CIDR selectors never select
    /// pods, the node or the API server (they are cluster identities, not `world`); Flannel's
    /// policy controller (kube-router) matches pod and node addresses like any other.
    fn in_range(&self, range: IpNet, peer: &Peer, policy_kind: PolicyKind) -> Fit {
        match peer {
            Peer::Net(net) => cover(range, *net),
            Peer::Name(_) if range.prefix_len() == 0 => Fit::Yes,
            Peer::Name(name) => Fit::Depends(format!(
                "the address {name} resolves to being inside {range}"
            )),
            Peer::Exec => Fit::No,
            _ if self.cni == Cni::Cilium || policy_kind == PolicyKind::Cilium => Fit::No,
            Peer::Pod { .. } => match cover(range, pod_range()) {
                Fit::Depends(_) if canonical(range) == range => Fit::Depends(format!(
                    "the pod's address: k3s gives pods addresses in {POD_RANGE}, of which {range} covers only part"
                )),
                fit => fit,
            },
            Peer::Node | Peer::ApiServer if range.prefix_len() == 0 => Fit::Yes,
            Peer::Node | Peer::ApiServer => Fit::Depends(format!(
                "the node's address being inside {range} (the API server runs on the k3s server node)"
            )),
        }
    }

    /// A v1 NetworkPolicyPeer against the peer, in the policy's namespace.
    fn v1_peer(&self, peer_rule: &Value, peer: &Peer, policy_ns: &str, ingress: bool) -> Fit {
        if let Some(block) = peer_rule.get("ipBlock") {
            let Some(range) = str_at(block, "cidr").and_then(cidr) else {
                return Fit::No;
            };
            let except: Vec<IpNet> = array(block, "except")
                .iter()
                .filter_map(|e| e.as_str().and_then(cidr))
                .collect();
            // Measured by K7 on Cilium: an ipBlock peer is not evaluated for traffic from pods
            // or the node, so an ingress rule with one admits every pod.
            if ingress && self.cni == Cni::Cilium && matches!(peer, Peer::Pod { .. } | Peer::Node) {
                return Fit::Yes;
            }
            let fit = self.in_range(range, peer, PolicyKind::V1);
            return match (fit, peer) {
                (Fit::Yes, Peer::Net(net)) => except
                    .iter()
                    .map(|e| cover(*e, *net))
                    .find(|f| *f != Fit::No)
                    .map_or(Fit::Yes, |f| match f {
                        Fit::Yes => Fit::No,
                        _ => Fit::Depends(format!("the address: {net} overlaps an except")),
                    }),
                (fit, _) => fit,
            };
        }
        let Peer::Pod {
            namespace,
            labels,
            any,
        } = peer
        else {
            return Fit::No;
        };
        let ns = namespace.as_deref().unwrap_or(self.namespace);
        let pod_sel = peer_rule.get("podSelector");
        let ns_sel = peer_rule.get("namespaceSelector");
        let ns_ok = match ns_sel {
            Some(sel) => selects(sel, &Self::namespace_labels(ns), &plain),
            None => ns == policy_ns,
        };
        let pod_ok = match pod_sel {
            None => true,
            // `namespace:NS` asks about any pod there: a pod selector picks only some.
            Some(sel) if *any => sel.as_object().is_some_and(|o| o.is_empty()),
            Some(sel) => selects(sel, labels, &plain),
        };
        if ns_ok && pod_ok {
            Fit::Yes
        } else if ns_ok && *any && pod_sel.is_some() {
            Fit::Depends("which pod of the namespace connects: the rule admits only some".into())
        } else {
            Fit::No
        }
    }

    /// A Cilium endpoint selector (`toEndpoints`) against the peer.
    fn cilium_endpoint(&self, selector: &Value, peer: &Peer, policy_ns: Option<&str>) -> Fit {
        let Peer::Pod {
            namespace,
            labels,
            any,
        } = peer
        else {
            return Fit::No;
        };
        let ns = namespace.as_deref().unwrap_or(self.namespace).to_owned();
        let ns_key = "k8s:io.kubernetes.pod.namespace";
        let names_ns = selector
            .get("matchLabels")
            .and_then(|m| m.get(ns_key))
            .is_some()
            || array(selector, "matchExpressions")
                .iter()
                .any(|e| str_at(e, "key") == Some(ns_key));
        // A namespaced policy's selector without a namespace selects in its own namespace.
        if !names_ns && policy_ns.is_some_and(|p| p != ns) {
            return Fit::No;
        }
        let special = |key: &str| (key == ns_key).then(|| ns.clone());
        // extend() inserts one by one; collect() would sort first, a sort instantiated for
        // this iterator alone (2-4 KB of wasm each), as in query::pod and Sandboxed::new.
        let mut stripped = BTreeMap::new();
        stripped.extend(
            labels
                .iter()
                .map(|(k, v)| (format!("k8s:{k}"), v.clone()))
                .chain(labels.iter().map(|(k, v)| (k.clone(), v.clone()))),
        );
        if selects(selector, &stripped, &special) {
            if *any && !labels_free(selector, ns_key) {
                Fit::Depends(
                    "which pod of the namespace connects: the rule admits only some".into(),
                )
            } else {
                Fit::Yes
            }
        } else if *any && !labels_free(selector, ns_key) && {
            // Any pod of the namespace: some may carry the labels the selector asks for.
            let empty = BTreeMap::new();
            let ns_only = |key: &str| (key == ns_key).then(|| ns.clone());
            selects(&namespace_part(selector, ns_key), &empty, &ns_only)
        } {
            Fit::Depends("which pod of the namespace connects: the rule admits only some".into())
        } else {
            Fit::No
        }
    }
}

/// Whether a Cilium selector names nothing but the namespace.
fn labels_free(selector: &Value, ns_key: &str) -> bool {
    selector
        .get("matchLabels")
        .and_then(Value::as_object)
        .is_none_or(|m| m.keys().all(|k| k == ns_key))
        && array(selector, "matchExpressions")
            .iter()
            .all(|e| str_at(e, "key") == Some(ns_key))
}

/// The namespace terms of a Cilium selector alone. Built by insertion rather than `json!`, whose
/// values go through serde's serializer into a `Value` (1 KB of the browser's wasm).
fn namespace_part(selector: &Value, ns_key: &str) -> Value {
    let expressions = array(selector, "matchExpressions")
        .iter()
        .filter(|e| str_at(e, "key") == Some(ns_key))
        .cloned()
        .collect();
    let mut part = Map::new();
    part.insert("matchExpressions".into(), Value::Array(expressions));
    if let Some(labels) = selector.get("matchLabels").and_then(|m| m.get(ns_key)) {
        let mut only = Map::new();
        only.insert(ns_key.into(), labels.clone());
        part.insert("matchLabels".into(), Value::Object(only));
    }
    Value::Object(part)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PolicyKind {
    V1,
    Cilium,
}

/// Whether a port list admits the port: `None` (no list) admits every port.
fn ports_fit(
    ports: Option<&[Value]>,
    port: Option<u16>,
    protocol: Protocol,
    name: fn(&Value) -> Option<u16>,
) -> Fit {
    let Some(ports) = ports.filter(|p| !p.is_empty()) else {
        return Fit::Yes;
    };
    let same: Vec<u16> = ports
        .iter()
        .filter(|p| str_at(p, "protocol").unwrap_or("TCP") == protocol.as_str())
        .filter_map(name)
        .collect();
    match port {
        Some(p) if same.contains(&p) => Fit::Yes,
        Some(_) => Fit::No,
        None if same.is_empty() => Fit::No,
        None => Fit::Depends(format!(
            "the port: only {} ({}) {}",
            same.iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            protocol.as_str(),
            if same.len() == 1 { "is" } else { "are" }
        )),
    }
}

fn v1_port(p: &Value) -> Option<u16> {
    p.get("port")
        .and_then(Value::as_u64)
        .and_then(|p| u16::try_from(p).ok())
}

fn cilium_port(p: &Value) -> Option<u16> {
    str_at(p, "port").and_then(|p| p.parse().ok())
}

/// How a Cilium `toFQDNs` selector matches a name: `matchName` exactly; `matchPattern` with `*`
/// standing for any characters within one label, and a leading `**.` for one or more labels
/// (never the apex); a lone `*` matches every name.
pub(crate) fn fqdn_matches(selector: &Value, name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if let Some(exact) = str_at(selector, "matchName") {
        return exact.trim_end_matches('.').eq_ignore_ascii_case(&name);
    }
    let Some(pattern) = str_at(selector, "matchPattern") else {
        return false;
    };
    let pattern = pattern.trim_end_matches('.').to_ascii_lowercase();
    if pattern == "*" {
        return true;
    }
    if let Some(rest) = pattern.strip_prefix("**.") {
        // One or more labels, then the rest.
        let Some(suffix) = name.len().checked_sub(rest.len() + 1) else {
            return false;
        };
        let (head, tail) = name.split_at(suffix.min(name.len()));
        return suffix > 0
            && tail
                .strip_prefix('.')
                .is_some_and(|t| labels_match(rest, t))
            && !head.is_empty();
    }
    labels_match(&pattern, &name)
}

/// Label by label, `*` matching any run of characters within one label.
fn labels_match(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<&str>, Vec<&str>) = (pattern.split('.').collect(), name.split('.').collect());
    p.len() == n.len() && p.iter().zip(&n).all(|(p, n)| glob_label(p, n))
}

fn glob_label(pattern: &str, label: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = label.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = parts.collect();
    let Some((last, middle)) = pieces.split_last() else {
        return rest.is_empty();
    };
    for piece in middle {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// The manifest object's `kind/name`.
pub(crate) fn object_name(v: &Value) -> String {
    format!(
        "{}/{}",
        str_at(v, "kind").unwrap_or_default(),
        at(v, &["metadata", "name"])
            .and_then(Value::as_str)
            .unwrap_or_default()
    )
}

impl World<'_> {
    fn selects_sandbox(&self, v: &Value, selector: &str) -> bool {
        let ns = at(v, &["metadata", "namespace"]).and_then(Value::as_str);
        ns.is_none_or(|ns| ns == self.namespace)
            && at(v, &["spec", selector]).is_some_and(|s| selects(s, &self.labels, &plain))
    }

    /// Cilium's platform deny, which wins over every allow (Cilium clusters only; every phase).
    fn platform(&self, peer: &Peer, j: &mut Judgement) {
        if self.cni != Cni::Cilium
            || !selects(
                &PLATFORM_POLICY["spec"]["endpointSelector"],
                &self.labels,
                &plain,
            )
        {
            return;
        }
        let rules = array(&PLATFORM_POLICY["spec"], "egressDeny");
        for (i, rule) in rules.iter().enumerate() {
            let mut fits: Vec<(String, Fit, &str)> = Vec::new();
            for (k, entity) in array(rule, "toEntities").iter().enumerate() {
                let hit = matches!(
                    (entity.as_str(), peer),
                    (Some("host" | "remote-node"), Peer::Node)
                        | (Some("kube-apiserver"), Peer::ApiServer)
                );
                if hit {
                    let what = if matches!(peer, Peer::Node) {
                        "the nodes (entities host and remote-node)"
                    } else {
                        "the API server (entity kube-apiserver)"
                    };
                    fits.push((
                        format!("/spec/egressDeny/{i}/toEntities/{k}"),
                        Fit::Yes,
                        what,
                    ));
                }
            }
            for (k, c) in array(rule, "toCIDR").iter().enumerate() {
                if let (Some(range), Peer::Net(net)) = (c.as_str().and_then(cidr), peer) {
                    fits.push((
                        format!("/spec/egressDeny/{i}/toCIDR/{k}"),
                        cover(range, *net),
                        "169.254.0.0/16, the link-local range of the cloud metadata service",
                    ));
                }
            }
            for (k, sel) in array(rule, "toEndpoints").iter().enumerate() {
                fits.push((
                    format!("/spec/egressDeny/{i}/toEndpoints/{k}"),
                    self.cilium_endpoint(sel, peer, None),
                    "the pods of kube-system and longhorn-system other than kube-dns",
                ));
            }
            for (pointer, fit, what) in fits {
                let hit = Hit {
                    object: Object::Platform,
                    pointer,
                    origin: None,
                    sentence: format!(
                        "K7's cluster-wide policy k7-sandbox-platform-deny denies every sandbox's egress to {what}, whatever its whitelist."
                    ),
                };
                match fit {
                    Fit::Yes => j.deny.push(hit),
                    Fit::Depends(why) => j.deny_depends.push((hit, why)),
                    Fit::No => {}
                }
            }
        }
    }

    /// Records that manifest `m` isolates the sandbox (the rule at `pointer` decides when nothing
    /// else does); its `kind/name` and namespace.
    fn isolating(
        &self,
        j: &mut Judgement,
        m: usize,
        way: Direction,
        pointer: &str,
    ) -> (String, &str) {
        let v = &self.manifests[m];
        let name = object_name(v);
        // The whitelist as a whole decides egress; no one spec entry decides ingress.
        let (way, origin) = match way {
            Direction::Egress => ("egress", Some(Origin::Whitelist)),
            Direction::Ingress => ("ingress", None),
        };
        j.isolating.push(Hit {
            object: Object::Manifest(m),
            pointer: pointer.into(),
            origin,
            sentence: format!(
                "{name} isolates the sandbox's {way}: only what its rules list is allowed."
            ),
        });
        let ns = at(v, &["metadata", "namespace"])
            .and_then(Value::as_str)
            .unwrap_or(self.namespace);
        (name, ns)
    }

    /// Judges egress from the sandbox to `peer` with the manifests in force (`locked`: the
    /// sandbox's own policies exist; before that only the platform policy does).
    pub(crate) fn egress(
        &self,
        peer: &Peer,
        port: Option<u16>,
        protocol: Protocol,
        locked: bool,
    ) -> Judgement {
        let mut j = Judgement::default();
        self.platform(peer, &mut j);
        if !locked {
            return j;
        }
        for (m, v) in self.manifests.iter().enumerate() {
            // The pointer and the sentence are written only for a rule that fits.
            let push = |j: &mut Judgement,
                        pointer: &dyn Fn() -> String,
                        fit: Fit,
                        origin: &dyn Fn() -> Option<Origin>,
                        sentence: &dyn Fn() -> String| {
                j.add(fit, || Hit {
                    object: Object::Manifest(m),
                    pointer: pointer(),
                    origin: origin(),
                    sentence: sentence(),
                });
            };
            match str_at(v, "kind") {
                Some("NetworkPolicy")
                    if self.selects_sandbox(v, "podSelector")
                        && array(&v["spec"], "policyTypes")
                            .iter()
                            .any(|t| t == "Egress") =>
                {
                    let (name, policy_ns) =
                        self.isolating(&mut j, m, Direction::Egress, "/spec/policyTypes");
                    for (i, rule) in array(&v["spec"], "egress").iter().enumerate() {
                        let ports = ports_fit(
                            rule.get("ports")
                                .and_then(Value::as_array)
                                .map(Vec::as_slice),
                            port,
                            protocol,
                            v1_port,
                        );
                        let to = array(rule, "to");
                        if to.is_empty() {
                            push(
                                &mut j,
                                &|| format!("/spec/egress/{i}"),
                                ports,
                                &|| None,
                                &|| format!("{name} allows egress to every destination."),
                            );
                            continue;
                        }
                        for (k, p) in to.iter().enumerate() {
                            let fit = self.v1_peer(p, peer, policy_ns, false);
                            let range = at(p, &["ipBlock", "cidr"]).and_then(Value::as_str);
                            push(
                                &mut j,
                                &|| format!("/spec/egress/{i}/to/{k}"),
                                fit.and(|| ports.clone()),
                                &|| range.and_then(cidr).map(Origin::Range),
                                &|| match range {
                                    Some(r) => format!("{name} allows egress to {r}."),
                                    None => format!("{name} allows egress to the pods it selects."),
                                },
                            );
                        }
                    }
                }
                Some("CiliumNetworkPolicy")
                    if self.selects_sandbox(v, "endpointSelector")
                        && v["spec"].get("egress").is_some() =>
                {
                    let (name, policy_ns) =
                        self.isolating(&mut j, m, Direction::Egress, "/spec/egress");
                    for (i, rule) in array(&v["spec"], "egress").iter().enumerate() {
                        let to_ports: Vec<Value> = array(rule, "toPorts")
                            .iter()
                            .flat_map(|tp| array(tp, "ports").iter().cloned())
                            .collect();
                        let ports = ports_fit(Some(&to_ports), port, protocol, cilium_port);
                        for (k, sel) in array(rule, "toEndpoints").iter().enumerate() {
                            let fit = self.cilium_endpoint(sel, peer, Some(policy_ns));
                            let dns = !array(rule, "toPorts").is_empty();
                            push(
                                &mut j,
                                &|| format!("/spec/egress/{i}/toEndpoints/{k}"),
                                fit.and(|| ports.clone()),
                                &|| dns.then_some(Origin::Whitelist),
                                &|| {
                                    if dns {
                                        format!(
                                            "{name} allows DNS to kube-dns (port 53, UDP and TCP), where Cilium's DNS proxy sees every lookup."
                                        )
                                    } else {
                                        format!("{name} allows egress to the pods it selects.")
                                    }
                                },
                            );
                        }
                        for (k, sel) in array(rule, "toFQDNs").iter().enumerate() {
                            let pattern = str_at(sel, "matchName")
                                .or_else(|| str_at(sel, "matchPattern"))
                                .unwrap_or_default();
                            let fit = match peer {
                                Peer::Name(n) if fqdn_matches(sel, n) => Fit::Yes,
                                Peer::Net(net) if net.prefix_len() == net.max_prefix_len() => {
                                    Fit::Depends(
                                        "the address being an answer the cluster DNS gave the sandbox for one of the whitelisted names: Cilium allows an address only after such a lookup".into(),
                                    )
                                }
                                _ => Fit::No,
                            };
                            push(
                                &mut j,
                                &|| format!("/spec/egress/{i}/toFQDNs/{k}"),
                                fit.and(|| ports.clone()),
                                &|| {
                                    let written = pattern
                                        .strip_prefix("**.")
                                        .map_or_else(|| pattern.to_owned(), |r| format!("*.{r}"));
                                    Some(Origin::Name(written))
                                },
                                &|| {
                                    format!(
                                        "{name} allows egress to the addresses the cluster DNS returns for {pattern}, on every port."
                                    )
                                },
                            );
                        }
                        for (k, c) in array(rule, "toCIDR").iter().enumerate() {
                            let Some(range) = c.as_str().and_then(cidr) else {
                                continue;
                            };
                            let fit = self.in_range(range, peer, PolicyKind::Cilium);
                            push(
                                &mut j,
                                &|| format!("/spec/egress/{i}/toCIDR/{k}"),
                                fit.and(|| ports.clone()),
                                &|| Some(Origin::Range(range)),
                                &|| format!("{name} allows egress to {range}, on every port."),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        j
    }

    /// Judges ingress from `peer` to the sandbox with the manifests in force.
    pub(crate) fn ingress(
        &self,
        peer: &Peer,
        port: Option<u16>,
        protocol: Protocol,
        locked: bool,
    ) -> Judgement {
        let mut j = Judgement::default();
        if !locked {
            return j;
        }
        for (m, v) in self.manifests.iter().enumerate() {
            if str_at(v, "kind") != Some("NetworkPolicy")
                || !self.selects_sandbox(v, "podSelector")
                || !array(&v["spec"], "policyTypes")
                    .iter()
                    .any(|t| t == "Ingress")
            {
                continue;
            }
            let (name, policy_ns) =
                self.isolating(&mut j, m, Direction::Ingress, "/spec/policyTypes");
            for (i, rule) in array(&v["spec"], "ingress").iter().enumerate() {
                let port_list = rule
                    .get("ports")
                    .and_then(Value::as_array)
                    .map(Vec::as_slice);
                let ports = ports_fit(port_list, port, protocol, v1_port);
                let port_origin = port
                    .filter(|_| port_list.is_some_and(|l| !l.is_empty()))
                    .map(Origin::Port);
                let from = array(rule, "from");
                let mut push =
                    |pointer: &dyn Fn() -> String,
                     fit: Fit,
                     sentence: &dyn Fn() -> (Option<Origin>, String)| {
                        j.add(fit, || {
                            let (origin, sentence) = sentence();
                            Hit {
                                object: Object::Manifest(m),
                                pointer: pointer(),
                                origin: origin.or(port_origin.clone()),
                                sentence,
                            }
                        });
                    };
                if from.is_empty() {
                    push(&|| format!("/spec/ingress/{i}"), ports.clone(), &|| {
                        (None, format!("{name} allows ingress from everywhere."))
                    });
                }
                for (k, p) in from.iter().enumerate() {
                    let fit = self.v1_peer(p, peer, policy_ns, true);
                    push(
                        &|| format!("/spec/ingress/{i}/from/{k}"),
                        fit.and(|| ports.clone()),
                        &|| {
                            let (origin, what) = peer_origin(p);
                            let mut sentence = format!("{name} allows ingress from {what}");
                            sentence.push_str(&match port_list {
                                Some(l) if !l.is_empty() => {
                                    format!(" on its ports ({}).", port_names(l))
                                }
                                _ => " on every port.".into(),
                            });
                            if self.cni == Cni::Cilium
                                && p.get("ipBlock").is_some()
                                && matches!(peer, Peer::Pod { .. } | Peer::Node)
                            {
                                sentence.push_str(" On Cilium an ipBlock peer is not evaluated for traffic from pods or the node (measured by K7), so this rule admits every pod of the cluster.");
                            }
                            (origin, sentence)
                        },
                    );
                }
            }
        }
        j
    }
}

fn port_names(ports: &[Value]) -> String {
    ports
        .iter()
        .filter_map(|p| {
            Some(format!(
                "{}/{}",
                v1_port(p)?,
                str_at(p, "protocol").unwrap_or("TCP")
            ))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The spec entry behind an ingress peer, and the peer in words.
fn peer_origin(p: &Value) -> (Option<Origin>, String) {
    if let Some(range) = at(p, &["ipBlock", "cidr"]).and_then(Value::as_str) {
        return (
            cidr(range).map(Origin::Range),
            format!("addresses in {range}"),
        );
    }
    if let Some(ns) = at(
        p,
        &[
            "namespaceSelector",
            "matchLabels",
            "kubernetes.io/metadata.name",
        ],
    )
    .and_then(Value::as_str)
    {
        if ns == "kube-system" {
            return (
                None,
                "every pod of namespace kube-system (a rule k7-spec adds because K7's documentation promises it; K7's code does not write it)".into(),
            );
        }
        return (
            Some(Origin::Namespace(ns.to_owned())),
            format!("every pod of namespace {ns}"),
        );
    }
    if let Some(name) =
        at(p, &["podSelector", "matchLabels", SANDBOX_LABEL]).and_then(Value::as_str)
    {
        return (
            Some(Origin::Sandbox(name.to_owned())),
            format!("sandbox {name}"),
        );
    }
    (
        Some(Origin::IngressPorts),
        "every sandbox of its namespace".into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pattern(p: &str, name: &str) -> bool {
        fqdn_matches(&json!({"matchPattern": p}), name)
    }

    #[test]
    fn platform_policy_is_its_json() {
        let key = PLATFORM_POLICY.pointer("/spec/endpointSelector/matchExpressions/0/key");
        assert_eq!(key.and_then(Value::as_str), Some(SANDBOX_LABEL));
        assert_eq!(
            PLATFORM_POLICY.pointer("/spec/egressDeny/2/toEndpoints/0/matchExpressions/1/values"),
            Some(&json!(["kube-dns"]))
        );
    }

    #[test]
    fn cilium_fqdn_patterns() {
        assert!(fqdn_matches(&json!({"matchName": "pypi.org"}), "PyPI.org."));
        assert!(!fqdn_matches(
            &json!({"matchName": "pypi.org"}),
            "files.pypi.org"
        ));
        assert!(pattern("**.example.com", "a.example.com"));
        assert!(pattern("**.example.com", "a.b.example.com"));
        assert!(!pattern("**.example.com", "example.com"));
        assert!(!pattern("**.example.com", "badexample.com"));
        assert!(pattern("*.example.com", "a.example.com"));
        assert!(!pattern("*.example.com", "a.b.example.com"));
        assert!(pattern("api-*.example.com", "api-eu.example.com"));
        assert!(pattern("api-*.example.com", "api-.example.com"));
        assert!(!pattern("api-*.example.com", "web.example.com"));
        assert!(pattern("*", "anything.at.all"));
        assert!(
            pattern("a*b*c.x", "abc.x")
                && pattern("a*b*c.x", "a1b2c.x")
                && !pattern("a*b*c.x", "acb.x")
        );
    }

    #[test]
    fn selectors_follow_kubernetes() {
        let labels = BTreeMap::from([("a".to_owned(), "1".to_owned())]);
        assert!(selects(&json!({}), &labels, &plain));
        assert!(selects(
            &json!({"matchLabels": {"a": "1"}}),
            &labels,
            &plain
        ));
        assert!(!selects(
            &json!({"matchLabels": {"a": "2"}}),
            &labels,
            &plain
        ));
        assert!(selects(
            &json!({"matchExpressions": [{"key": "a", "operator": "Exists"}]}),
            &labels,
            &plain
        ));
        assert!(selects(
            &json!({"matchExpressions": [{"key": "b", "operator": "NotIn", "values": ["x"]}]}),
            &labels,
            &plain
        ));
        assert!(!selects(
            &json!({"matchExpressions": [{"key": "a", "operator": "Bogus"}]}),
            &labels,
            &plain
        ));
    }

    #[test]
    fn ranges_cover_all_some_or_none() {
        let n = |s: &str| s.parse::<IpNet>().unwrap();
        assert_eq!(cover(n("10.0.0.0/8"), n("10.1.0.0/16")), Fit::Yes);
        assert!(matches!(
            cover(n("10.1.0.0/16"), n("10.0.0.0/8")),
            Fit::Depends(_)
        ));
        assert_eq!(cover(n("10.0.0.0/8"), n("192.168.0.0/16")), Fit::No);
        assert!(matches!(
            cover(n("::ffff:10.0.0.0/104"), n("10.1.2.3/32")),
            Fit::Depends(_)
        ));
        assert_eq!(cover(n("10.0.0.0/8"), n("::ffff:10.1.2.3/128")), Fit::Yes);
    }
}
