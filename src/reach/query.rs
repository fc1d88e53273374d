//! One connection to ask about, read from the text a person types: a destination (`pypi.org:443`,
//! `https://pypi.org/simple`, `10.0.0.0/8`, `metadata`, `sandbox:web`) or a source
//! (`sandbox:client`, `ip:203.0.113.9`, `exec`).

use std::collections::BTreeMap;
use std::fmt;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use crate::spec::{Entry, classify, is_dns_label};

/// The label K7 puts on every sandbox pod, with the sandbox's name.
pub(crate) const SANDBOX_LABEL: &str = "katakate.org/sandbox";

/// Cloud metadata's address: the platform policy's `169.254.0.0/16` covers it.
pub(crate) const METADATA_IP: &str = "169.254.169.254";

/// An address outside the cluster that no whitelist names: "the internet".
pub(crate) const INTERNET_IP: &str = "93.184.215.14";

/// Which way the connection goes, seen from the sandbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The sandbox connects out.
    Egress,
    /// Something connects to the sandbox.
    Ingress,
}

/// The transport protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Protocol {
    /// TCP, the default.
    #[serde(rename = "TCP", alias = "tcp")]
    Tcp,
    /// UDP (DNS).
    #[serde(rename = "UDP", alias = "udp")]
    Udp,
}

impl Protocol {
    /// The name Kubernetes and Cilium write.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
        }
    }
}

/// The other end of the connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Peer {
    /// A pod in the cluster, with its namespace and labels.
    Pod {
        namespace: Option<String>,
        labels: BTreeMap<String, String>,
        /// Every pod of the namespace (`namespace:NS`), not one with these labels.
        any: bool,
    },
    /// Addresses outside the cluster: one address is a /32 or /128.
    Net(IpNet),
    /// A DNS name outside the cluster, lowercased.
    Name(String),
    /// The node (host) the sandbox runs on, or another node.
    Node,
    /// The Kubernetes API server.
    ApiServer,
    /// `kubectl exec` / `k7 shell`: through the API server and the kubelet, never the pod network.
    Exec,
}

/// A connection to ask about: its direction, the other end, the port and the protocol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    pub(crate) direction: Direction,
    pub(crate) peer: Peer,
    pub(crate) port: Option<u16>,
    pub(crate) protocol: Protocol,
    /// The text as given, for messages.
    pub(crate) text: String,
}

/// A query as the bindings take it (JS `{to: "pypi.org:443"}`, `{from: "sandbox:web", port:
/// 8080}`, with `protocol: "udp"`): exactly one of `to` and `from`.
///
/// ```
/// let request: k7_spec::QueryRequest =
///     serde_json::from_str(r#"{"from": "sandbox:client", "port": 8080}"#).unwrap();
/// assert_eq!(request.query().unwrap().to_string(), "ingress from sandbox client in namespace the sandbox's namespace port 8080/TCP");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryRequest {
    /// An egress destination ([`Query::to`]).
    pub to: Option<String>,
    /// An ingress source ([`Query::from`]).
    pub from: Option<String>,
    /// The port; overrides one the destination gives.
    pub port: Option<u16>,
    /// `tcp` (the default) or `udp`.
    pub protocol: Option<Protocol>,
}

impl QueryRequest {
    /// The query the request names.
    pub fn query(&self) -> Result<Query, QueryError> {
        let query = match (&self.to, &self.from) {
            (Some(to), None) => Query::to(to)?,
            (None, Some(from)) => Query::from(from)?,
            _ => {
                return Err(QueryError(
                    "a query has exactly one of `to` (a destination) and `from` (a source)".into(),
                ));
            }
        };
        let query = match self.port {
            Some(0) => return Err(QueryError("port 0 is not a port: give 1 to 65535".into())),
            Some(p) => query.port(p),
            None => query,
        };
        Ok(match self.protocol {
            Some(p) => Query {
                protocol: p,
                ..query
            },
            None => query,
        })
    }
}

/// Why a query's text names no connection; the message says what to write instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError(pub String);

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

/// Queries longer than this are refused: a host name is at most 253 characters.
const MAX_QUERY_BYTES: usize = 1024;

const DESTINATIONS: &str = "a host name, URL, IP, CIDR, `dns`, `metadata`, `node`, \
    `api-server`, `internet`, `kube-system`, `sandbox:NAME`, `namespace:NS` or `pod:NS/key=value`";
const SOURCES: &str = "`sandbox:NAME`, `sandbox:NS/NAME`, `namespace:NS`, `pod:NS/key=value`, \
    `ip:ADDRESS`, `node`, `kube-system` or `exec`";

fn pod(namespace: Option<&str>, labels: &[(&str, &str)]) -> Peer {
    // Inserted one by one: collect() would sort (World::cilium_endpoint says why not).
    let mut map = BTreeMap::new();
    map.extend(
        labels
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    Peer::Pod {
        namespace: namespace.map(str::to_owned),
        labels: map,
        any: false,
    }
}

/// kube-dns, the cluster's DNS server.
pub(crate) fn kube_dns() -> Peer {
    pod(Some("kube-system"), &[("k8s-app", "kube-dns")])
}

fn address(text: &str) -> Option<IpNet> {
    match classify(text) {
        Entry::Range { net, .. } => Some(net),
        _ => None,
    }
}

impl Query {
    /// An egress query: the sandbox connects to `dest`, which is a host name, a URL (its scheme
    /// gives the port: `https` 443, `http` 80), an IP, a CIDR, `[v6]:PORT`, or a keyword
    /// (`dns`, `metadata`, `node`, `api-server`, `internet`, `kube-system`, `sandbox:NAME`,
    /// `sandbox:NS/NAME`, `namespace:NS`, `pod:NS/key=value,...`), with an optional `:PORT`.
    ///
    /// ```
    /// let q = k7_spec::Query::to("https://pypi.org/simple").unwrap();
    /// assert_eq!(q.to_string(), "egress to pypi.org port 443/TCP");
    /// assert!(k7_spec::Query::to("pypi.org:http").is_err());
    /// ```
    pub fn to(dest: &str) -> Result<Query, QueryError> {
        let text = checked(dest)?;
        let (rest, port) = split_port(strip_url(text)?)?;
        let port = port.or_else(|| url_port(text));
        let (peer, default_port, protocol) = destination(rest)?;
        Ok(Query {
            direction: Direction::Egress,
            peer,
            port: port.or(default_port),
            protocol,
            text: text.to_owned(),
        })
    }

    /// An ingress query: `source` connects to the sandbox: `sandbox:NAME` (this namespace),
    /// `sandbox:NS/NAME`, `namespace:NS`, `pod:NS/key=value,...`, `ip:ADDRESS` (a client outside
    /// the cluster, through the NodePort), `node`, `kube-system` or `exec` (`kubectl exec`,
    /// `k7 shell`). Give the port with [`Query::port`].
    pub fn from(source: &str) -> Result<Query, QueryError> {
        let text = checked(source)?;
        let peer = match text {
            "node" | "host" => Peer::Node,
            "exec" | "shell" | "k7 shell" | "kubectl exec" => Peer::Exec,
            "kube-system" => pod(Some("kube-system"), &[("k8s-app", "metrics-server")]),
            _ => match text.split_once(':') {
                Some(("ip" | "cidr", value)) => {
                    Peer::Net(address(value.trim()).ok_or_else(|| {
                        QueryError(format!("`{value}` is not an IP address or a CIDR"))
                    })?)
                }
                Some((kind @ ("sandbox" | "namespace" | "pod"), value)) => {
                    cluster_peer(kind, value.trim())?
                }
                _ => {
                    return Err(QueryError(format!(
                        "`{text}` is not a source: write {SOURCES}"
                    )));
                }
            },
        };
        Ok(Query {
            direction: Direction::Ingress,
            peer,
            port: None,
            protocol: Protocol::Tcp,
            text: text.to_owned(),
        })
    }

    /// The same connection on port `port`.
    pub fn port(mut self, port: u16) -> Query {
        self.port = Some(port);
        self
    }

    /// The same connection over UDP.
    pub fn udp(mut self) -> Query {
        self.protocol = Protocol::Udp;
        self
    }

    /// Which way the connection goes.
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The port, if one was given or implied (a URL's scheme, `dns`).
    pub fn port_number(&self) -> Option<u16> {
        self.port
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let way = match self.direction {
            Direction::Egress => "egress to",
            Direction::Ingress => "ingress from",
        };
        write!(f, "{way} {}", self.peer)?;
        match self.port {
            Some(p) => write!(f, " port {p}/{}", self.protocol.as_str()),
            None => write!(f, " any {} port", self.protocol.as_str()),
        }
    }
}

impl fmt::Display for Peer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Peer::Pod {
                namespace,
                labels,
                any,
            } => {
                let ns = namespace.as_deref().unwrap_or("the sandbox's namespace");
                if *any {
                    return write!(f, "any pod in namespace {ns}");
                }
                if let Some(name) = labels.get(SANDBOX_LABEL) {
                    return write!(f, "sandbox {name} in namespace {ns}");
                }
                if labels.get("k8s-app").is_some_and(|a| a == "kube-dns") && ns == "kube-system" {
                    return f.write_str("the cluster DNS (kube-dns)");
                }
                let labels: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
                write!(f, "a pod {{{}}} in namespace {ns}", labels.join(","))
            }
            Peer::Net(net) if net.prefix_len() == net.max_prefix_len() => {
                write!(f, "{}", net.addr())
            }
            Peer::Net(net) => write!(f, "{net}"),
            Peer::Name(name) => f.write_str(name),
            Peer::Node => f.write_str("the node"),
            Peer::ApiServer => f.write_str("the Kubernetes API server"),
            Peer::Exec => f.write_str("kubectl exec / k7 shell"),
        }
    }
}

fn checked(text: &str) -> Result<&str, QueryError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(QueryError("the query is empty".into()));
    }
    if text.len() > MAX_QUERY_BYTES {
        return Err(QueryError(format!(
            "the query is {} bytes long; at most {MAX_QUERY_BYTES} are read",
            text.len()
        )));
    }
    Ok(text)
}

/// The host (and port) of a URL, or the text itself.
fn strip_url(text: &str) -> Result<&str, QueryError> {
    let Some((scheme, rest)) = text.split_once("://") else {
        return Ok(text);
    };
    if url_port(text).is_none() {
        return Err(QueryError(format!(
            "`{scheme}://` is not a known scheme: give the port (`host:PORT`)"
        )));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // user:password@host
    Ok(authority.rsplit_once('@').map_or(authority, |(_, h)| h))
}

/// The port a URL's scheme implies.
fn url_port(text: &str) -> Option<u16> {
    let (scheme, _) = text.split_once("://")?;
    Some(match scheme.to_ascii_lowercase().as_str() {
        "https" | "wss" => 443,
        "http" | "ws" => 80,
        "ftp" => 21,
        "ssh" | "git+ssh" => 22,
        "git" => 9418,
        "postgres" | "postgresql" => 5432,
        "mysql" => 3306,
        "redis" => 6379,
        "mongodb" => 27017,
        _ => return None,
    })
}

/// `host:PORT`, `[v6]:PORT`; a bare IPv6 address and `sandbox:NAME` keep their colons.
fn split_port(text: &str) -> Result<(&str, Option<u16>), QueryError> {
    if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or_else(|| QueryError(format!("`{text}` has no closing `]`")))?;
        return match after.strip_prefix(':') {
            Some(port) => Ok((host, Some(port_number(port)?))),
            None if after.is_empty() => Ok((host, None)),
            None => Err(QueryError(format!("`{after}` after `]` is not `:PORT`"))),
        };
    }
    let keyword = ["sandbox:", "namespace:", "pod:"]
        .iter()
        .any(|k| text.starts_with(k));
    let colons = text.matches(':').count();
    if keyword && colons == 1 || colons > 1 {
        // `sandbox:web` or an IPv6 address; `sandbox:web:8080` and `[v6]:PORT` carry a port.
        if keyword && colons == 2 {
            let (rest, port) = text.rsplit_once(':').unwrap_or((text, ""));
            return Ok((rest, Some(port_number(port)?)));
        }
        return Ok((text, None));
    }
    match text.rsplit_once(':') {
        Some((host, port)) => Ok((host, Some(port_number(port)?))),
        None => Ok((text, None)),
    }
}

fn port_number(text: &str) -> Result<u16, QueryError> {
    match text.parse::<u16>() {
        Ok(p) if p > 0 => Ok(p),
        _ => Err(QueryError(format!(
            "`{text}` is not a port: give a number from 1 to 65535"
        ))),
    }
}

/// The peer a destination names, the port it implies and its protocol.
fn destination(text: &str) -> Result<(Peer, Option<u16>, Protocol), QueryError> {
    let host = text.trim_end_matches('.').to_ascii_lowercase();
    let tcp = |peer| Ok((peer, None, Protocol::Tcp));
    match host.as_str() {
        "dns"
        | "kube-dns"
        | "kube-dns.kube-system"
        | "kube-dns.kube-system.svc"
        | "kube-dns.kube-system.svc.cluster.local" => {
            return Ok((kube_dns(), Some(53), Protocol::Udp));
        }
        "metadata" | "metadata.google.internal" => {
            return Ok((
                Peer::Net(address(METADATA_IP).unwrap_or_default()),
                Some(80),
                Protocol::Tcp,
            ));
        }
        "node" | "host" => return tcp(Peer::Node),
        "api-server"
        | "apiserver"
        | "kube-apiserver"
        | "kubernetes"
        | "kubernetes.default"
        | "kubernetes.default.svc"
        | "kubernetes.default.svc.cluster.local" => {
            return Ok((Peer::ApiServer, Some(443), Protocol::Tcp));
        }
        "internet" => return tcp(Peer::Net(address(INTERNET_IP).unwrap_or_default())),
        "kube-system" => {
            return tcp(pod(Some("kube-system"), &[("k8s-app", "metrics-server")]));
        }
        _ => {}
    }
    if let Some((kind @ ("sandbox" | "namespace" | "pod"), value)) = text.split_once(':') {
        return tcp(cluster_peer(kind, value.trim())?);
    }
    match classify(&host) {
        Entry::Range { net, .. } => tcp(Peer::Net(net)),
        Entry::Name(name) if !name.contains('*') => tcp(Peer::Name(name)),
        _ => Err(QueryError(format!(
            "`{text}` is not a destination: write {DESTINATIONS}"
        ))),
    }
}

/// `sandbox:NAME`, `sandbox:NS/NAME`, `namespace:NS`, `pod:NS/key=value,...`.
fn cluster_peer(kind: &str, value: &str) -> Result<Peer, QueryError> {
    let label = |what: &str, s: &str| {
        if is_dns_label(s) {
            Ok(())
        } else {
            Err(QueryError(format!(
                "`{s}` is not a valid {what} name (a DNS-1123 label)"
            )))
        }
    };
    let (namespace, rest) = match value.split_once('/') {
        Some((ns, rest)) => {
            label("namespace", ns)?;
            (Some(ns), rest)
        }
        None => (None, value),
    };
    match kind {
        "sandbox" => {
            label("sandbox", rest)?;
            Ok(pod(namespace, &[("app", rest), (SANDBOX_LABEL, rest)]))
        }
        "namespace" if namespace.is_none() => {
            label("namespace", rest)?;
            Ok(Peer::Pod {
                namespace: Some(rest.to_owned()),
                labels: BTreeMap::new(),
                any: true,
            })
        }
        "namespace" => Err(QueryError(format!(
            "`namespace:{value}` names a namespace only: write `namespace:NS`"
        ))),
        _ => {
            let Some(namespace) = namespace else {
                return Err(QueryError(format!(
                    "`pod:{value}` needs its namespace: write `pod:NS/key=value,...`"
                )));
            };
            let mut labels = BTreeMap::new();
            for pair in rest.split(',').filter(|p| !p.trim().is_empty()) {
                let (k, v) = pair.split_once('=').ok_or_else(|| {
                    QueryError(format!("`{pair}` is not a label: write `key=value`"))
                })?;
                labels.insert(k.trim().to_owned(), v.trim().to_owned());
            }
            Ok(Peer::Pod {
                namespace: Some(namespace.to_owned()),
                labels,
                any: false,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to(text: &str) -> String {
        match Query::to(text) {
            Ok(q) => q.to_string(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn destinations_read_as_a_person_writes_them() {
        assert_eq!(to("pypi.org"), "egress to pypi.org any TCP port");
        assert_eq!(to("PyPI.org.:443"), "egress to pypi.org port 443/TCP");
        assert_eq!(
            to("https://pypi.org/simple"),
            "egress to pypi.org port 443/TCP"
        );
        assert_eq!(
            to("http://u:p@example.com:8080/x?y"),
            "egress to example.com port 8080/TCP"
        );
        assert_eq!(to("10.1.2.3"), "egress to 10.1.2.3 any TCP port");
        assert_eq!(to("10.0.0.0/8:22"), "egress to 10.0.0.0/8 port 22/TCP");
        assert_eq!(to("2001:db8::1"), "egress to 2001:db8::1 any TCP port");
        assert_eq!(
            to("[2001:db8::1]:443"),
            "egress to 2001:db8::1 port 443/TCP"
        );
        assert_eq!(
            to("dns"),
            "egress to the cluster DNS (kube-dns) port 53/UDP"
        );
        assert_eq!(to("metadata"), "egress to 169.254.169.254 port 80/TCP");
        assert_eq!(
            to("kubernetes.default.svc"),
            "egress to the Kubernetes API server port 443/TCP"
        );
        assert_eq!(
            to("sandbox:web:8080"),
            "egress to sandbox web in namespace the sandbox's namespace port 8080/TCP"
        );
        assert_eq!(
            to("sandbox:team/web"),
            "egress to sandbox web in namespace team any TCP port"
        );
        assert_eq!(
            to("pod:ns/a=b,c=d:80"),
            "egress to a pod {a=b,c=d} in namespace ns port 80/TCP"
        );
    }

    #[test]
    fn bad_destinations_say_what_to_write() {
        assert!(to("pypi.org:0").contains("1 to 65535"));
        assert!(to("pypi.org:99999").contains("1 to 65535"));
        assert!(to("gopher://x").contains("give the port"));
        assert!(to("*.pypi.org").contains("not a destination"));
        assert!(to("").contains("empty"));
        assert!(to("[::1").contains("closing"));
        assert!(to("sandbox:Bad_Name").contains("DNS-1123"));
        assert!(to("pod:a=b").contains("namespace"));
        assert!(to(&"a".repeat(5000)).contains("at most"));
    }

    #[test]
    fn sources_read_as_a_person_writes_them() {
        let from = |t: &str| Query::from(t).map(|q| q.port(8080).to_string());
        assert_eq!(
            from("ip:203.0.113.9").unwrap(),
            "ingress from 203.0.113.9 port 8080/TCP"
        );
        assert_eq!(
            from("exec").unwrap(),
            "ingress from kubectl exec / k7 shell port 8080/TCP"
        );
        assert_eq!(
            from("namespace:monitoring").unwrap(),
            "ingress from any pod in namespace monitoring port 8080/TCP"
        );
        assert!(from("pypi.org").unwrap_err().0.contains("not a source"));
        assert!(from("ip:nope").unwrap_err().0.contains("not an IP"));
    }
}
