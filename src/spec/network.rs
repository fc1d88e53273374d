//! The network values of a spec, typed as they are read: egress whitelist entries (a range, a
//! DNS name, or invalid with the reason) and `ingress_from` sources, with the facts about them
//! that the validator and the explanation both need (public resolvers, the metadata service).

use std::net::{IpAddr, Ipv6Addr};
use std::sync::LazyLock;

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use super::read::FromText;
use super::values::is_dns_label;

/// What an egress or ingress entry is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Entry {
    /// An IP range, normalised (host bits zeroed; a bare IP is a /32 or /128).
    Range {
        /// The normalised range.
        net: IpNet,
        /// Whether the text had host bits set (`10.0.0.5/8`).
        host_bits: bool,
    },
    /// A DNS name, lowercased; `*.` wildcards keep their star.
    Name(String),
    /// Neither; the reason says why.
    Invalid(String),
}

/// Public resolvers: whitelisting any of them re-enables DNS and DNS-over-HTTPS.
const PUBLIC_RESOLVERS: &[(&str, &str)] = &[
    ("1.1.1.1", "Cloudflare"),
    ("1.0.0.1", "Cloudflare"),
    ("1.1.1.2", "Cloudflare"),
    ("1.0.0.2", "Cloudflare"),
    ("1.1.1.3", "Cloudflare"),
    ("1.0.0.3", "Cloudflare"),
    ("2606:4700:4700::1111", "Cloudflare"),
    ("2606:4700:4700::1001", "Cloudflare"),
    ("8.8.8.8", "Google"),
    ("8.8.4.4", "Google"),
    ("2001:4860:4860::8888", "Google"),
    ("2001:4860:4860::8844", "Google"),
    ("9.9.9.9", "Quad9"),
    ("149.112.112.112", "Quad9"),
    ("9.9.9.10", "Quad9"),
    ("9.9.9.11", "Quad9"),
    ("2620:fe::fe", "Quad9"),
    ("2620:fe::9", "Quad9"),
    ("208.67.222.222", "OpenDNS"),
    ("208.67.220.220", "OpenDNS"),
    ("208.67.222.123", "OpenDNS"),
    ("208.67.220.123", "OpenDNS"),
    ("2620:119:35::35", "OpenDNS"),
    ("2620:119:53::53", "OpenDNS"),
    ("94.140.14.14", "AdGuard"),
    ("94.140.15.15", "AdGuard"),
    ("94.140.14.15", "AdGuard"),
    ("94.140.15.16", "AdGuard"),
    ("2a10:50c0::ad1:ff", "AdGuard"),
    ("2a10:50c0::ad2:ff", "AdGuard"),
];

/// [`PUBLIC_RESOLVERS`] parsed and sorted once, for a binary search per range. The sorts are
/// unstable (less wasm than stable ones): entries that compare equal are the same.
static RESOLVER_IPS: LazyLock<Vec<(IpAddr, &str)>> = LazyLock::new(|| {
    let mut ips: Vec<(IpAddr, &str)> = PUBLIC_RESOLVERS
        .iter()
        .filter_map(|(ip, who)| Some((ip.parse().ok()?, *who)))
        .collect();
    ips.sort_unstable();
    ips
});

/// [`METADATA`] parsed and sorted once.
static METADATA_IPS: LazyLock<Vec<(IpAddr, &str)>> = LazyLock::new(|| {
    let mut ips: Vec<(IpAddr, &str)> = METADATA
        .iter()
        .filter_map(|ip| Some((ip.parse().ok()?, "")))
        .collect();
    ips.sort_unstable();
    ips
});

/// The first address of a sorted table that `net` reaches, with its label.
fn first_in(table: &[(IpAddr, &'static str)], net: IpNet) -> Option<(IpAddr, &'static str)> {
    let within = |net: IpNet| {
        let (low, high) = (net.network(), net.broadcast());
        let at = table.partition_point(|(ip, _)| *ip < low);
        table.get(at).filter(|(ip, _)| *ip <= high).copied()
    };
    within(net).or_else(|| within(IpNet::V4(mapped(net)?)))
}

/// The IPv4 addresses an IPv6 range reaches through its IPv4-mapped addresses
/// (`::ffff:169.254.169.254` is `169.254.169.254` to a dual-stack socket and to the policy
/// engines that unmap addresses): the whole IPv4 space for a range that holds `::ffff:0:0/96`.
fn mapped(net: IpNet) -> Option<Ipv4Net> {
    let IpNet::V6(net) = net else {
        return None;
    };
    let space = Ipv6Net::new(Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0, 0), 96).ok()?;
    if net.contains(&space) {
        return Ipv4Net::new(std::net::Ipv4Addr::UNSPECIFIED, 0).ok();
    }
    let v4 = net.network().to_ipv4_mapped()?;
    Ipv4Net::new(v4, net.prefix_len().checked_sub(96)?).ok()
}

/// The range as the security checks compare it: an IPv6 range of IPv4-mapped addresses as the
/// IPv4 range it is (`::ffff:10.0.0.0/104` is `10.0.0.0/8`); any other range as it is.
pub fn canonical(net: IpNet) -> IpNet {
    match mapped(net) {
        Some(v4) if net.prefix_len() >= 96 => IpNet::V4(v4),
        _ => net,
    }
}

/// Whether the range reaches every address of its family, or every IPv4 address through
/// IPv4-mapped ones (`::ffff:0.0.0.0/96`).
pub fn reaches_all(net: IpNet) -> bool {
    net.prefix_len() == 0 || mapped(net).is_some_and(|v4| v4.prefix_len() == 0)
}

/// Host names of public DNS-over-HTTPS services.
const DOH_NAMES: &[(&str, &str)] = &[
    ("cloudflare-dns.com", "Cloudflare"),
    ("one.one.one.one", "Cloudflare"),
    ("dns.google", "Google"),
    ("dns.google.com", "Google"),
    ("dns.quad9.net", "Quad9"),
    ("doh.opendns.com", "OpenDNS"),
    ("dns.adguard-dns.com", "AdGuard"),
    ("dns.adguard.com", "AdGuard"),
];

/// Cloud metadata endpoints (AWS, GCP, Azure, and AWS's IPv6 one).
const METADATA: &[&str] = &["169.254.169.254", "fd00:ec2::254"];

/// Classifies a whitelist entry: a CIDR, a bare IP, a DNS name, or none of them.
pub fn classify(text: &str) -> Entry {
    // A bare IP; `a/b` goes straight to the CIDR parser.
    let ip = if text.contains('/') {
        None
    } else {
        text.parse::<IpAddr>().ok()
    };
    if let Some(ip) = ip {
        return Entry::Range {
            net: IpNet::from(ip),
            host_bits: false,
        };
    }
    if let Ok(net) = text.parse::<IpNet>() {
        let trunc = net.trunc();
        return Entry::Range {
            net: trunc,
            host_bits: trunc != net,
        };
    }
    if text.contains("://") {
        return Entry::Invalid("it is a URL".into());
    }
    if let Some((addr, prefix)) = text.split_once('/') {
        let reason = match addr.parse::<IpAddr>() {
            Ok(IpAddr::V4(_)) => format!("the prefix `/{prefix}` is not from 0 to 32"),
            Ok(IpAddr::V6(_)) => format!("the prefix `/{prefix}` is not from 0 to 128"),
            Err(_) => format!("`{addr}` is not an IP address"),
        };
        return Entry::Invalid(reason);
    }
    if text.contains(':')
        || (text.contains('.') && text.chars().all(|c| c.is_ascii_digit() || c == '.'))
    {
        return Entry::Invalid(format!("`{text}` is not an IP address"));
    }
    let name = text.to_ascii_lowercase();
    let bare = name.strip_prefix("*.").unwrap_or(&name);
    let labels_ok = bare.len() <= 253
        && bare.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        });
    let tld_numeric = bare
        .rsplit('.')
        .next()
        .is_some_and(|t| t.chars().all(|c| c.is_ascii_digit()));
    if labels_ok && !tld_numeric {
        Entry::Name(name)
    } else {
        Entry::Invalid("it is neither a CIDR, an IP address nor a DNS name".into())
    }
}

impl Entry {
    /// The first public DNS resolver the range reaches, with its operator.
    pub fn resolver(&self) -> Option<(IpAddr, &'static str)> {
        match self {
            Entry::Range { net, .. } => first_in(&RESOLVER_IPS, *net),
            _ => None,
        }
    }

    /// The cloud metadata address the range reaches.
    pub fn metadata(&self) -> Option<IpAddr> {
        match self {
            Entry::Range { net, .. } => first_in(&METADATA_IPS, *net).map(|(ip, _)| ip),
            _ => None,
        }
    }

    /// The operator of the public DNS-over-HTTPS service the name is.
    pub fn doh(&self) -> Option<&'static str> {
        match self {
            Entry::Name(name) => DOH_NAMES
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, who)| *who),
            _ => None,
        }
    }

    /// Whether the entry is `0.0.0.0/0` or `::/0` (or `::ffff:0.0.0.0/96`): every address.
    pub fn allows_all(&self) -> bool {
        matches!(self, Entry::Range { net, .. } if reaches_all(*net))
    }
}

/// An `egress_whitelist` item: the text as written and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EgressEntry {
    /// The text as written.
    pub text: String,
    /// The entry, classified from the trimmed text.
    pub entry: Entry,
}

impl FromText for EgressEntry {
    fn from_text(text: &str) -> Self {
        EgressEntry {
            text: text.to_owned(),
            entry: classify(text.trim()),
        }
    }
}

/// An `ingress_from` item: the text as written and the source, or why it is none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngressSource {
    /// The text as written.
    pub text: String,
    /// The source, or the reason it is not one (a fix to suggest).
    pub source: Result<Source, String>,
}

impl FromText for IngressSource {
    fn from_text(text: &str) -> Self {
        IngressSource {
            text: text.to_owned(),
            source: parse_source(text),
        }
    }
}

/// A parsed `ingress_from` source.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// `sandbox:<name>`: one sandbox of the same namespace.
    Sandbox(String),
    /// `namespace:<ns>`: every pod of that namespace.
    Namespace(String),
    /// `cidr:<cidr>`: an address range (normalised).
    Cidr(ipnet::IpNet),
}

/// Parses an `ingress_from` entry, or says why it is not one.
pub fn parse_source(text: &str) -> Result<Source, String> {
    let Some((kind, value)) = text
        .split_once(':')
        .filter(|(k, _)| !k.contains('.') && !k.contains('/'))
    else {
        let fix = match classify(text) {
            Entry::Range { .. } => format!("`cidr:{text}`"),
            _ if is_dns_label(text) => format!("`sandbox:{text}` or `namespace:{text}`"),
            _ => "`sandbox:<name>`, `namespace:<namespace>` or `cidr:<cidr>`".into(),
        };
        return Err(format!("a source starts with its kind: write {fix}"));
    };
    match kind {
        "sandbox" | "namespace" => {
            if !is_dns_label(value) {
                return Err(format!(
                    "`{value}` is not a valid {kind} name (a DNS-1123 label)"
                ));
            }
            Ok(if kind == "sandbox" {
                Source::Sandbox(value.into())
            } else {
                Source::Namespace(value.into())
            })
        }
        "cidr" => match classify(value) {
            Entry::Range { net, .. } => Ok(Source::Cidr(net)),
            _ => Err(format!("`{value}` is not a CIDR or an IP address")),
        },
        other
            if ["sandbox", "namespace", "cidr"].contains(&other.to_ascii_lowercase().as_str()) =>
        {
            Err(format!(
                "the kind is case-sensitive: write `{}:{value}`",
                other.to_ascii_lowercase()
            ))
        }
        other => Err(format!(
            "`{other}` is not a source kind: use `sandbox:`, `namespace:` or `cidr:`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(s: &str) -> (String, bool) {
        match classify(s) {
            Entry::Range { net, host_bits } => (net.to_string(), host_bits),
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn ranges_are_normalised() {
        assert_eq!(range("10.0.0.0/8"), ("10.0.0.0/8".into(), false));
        assert_eq!(range("10.0.0.5/8"), ("10.0.0.0/8".into(), true));
        assert_eq!(range("192.0.2.10"), ("192.0.2.10/32".into(), false));
        assert_eq!(range("2001:db8::1"), ("2001:db8::1/128".into(), false));
        assert_eq!(range("2001:db8::1/32"), ("2001:db8::/32".into(), true));
        assert_eq!(range("0.0.0.0/0"), ("0.0.0.0/0".into(), false));
    }

    #[test]
    fn names_and_wildcards() {
        assert_eq!(classify("PyPI.org"), Entry::Name("pypi.org".into()));
        assert_eq!(
            classify("*.example.com"),
            Entry::Name("*.example.com".into())
        );
        assert_eq!(classify("localhost"), Entry::Name("localhost".into()));
    }

    #[test]
    fn everything_else_is_invalid() {
        for bad in [
            "10.0.0.0/33",
            "10.0.0.300",
            "1.2.3",
            "::g",
            "2001:db8::/129",
            "exa mple.com",
            "https://pypi.org/simple",
            "pypi.org:443",
            "*",
            "foo.*.com",
            "-a.com",
            "a..b",
            "",
            "a_b.com",
            "10.0.0.0/x",
        ] {
            assert!(matches!(classify(bad), Entry::Invalid(_)), "{bad}");
        }
    }

    #[test]
    fn sources() {
        assert_eq!(
            parse_source("sandbox:web"),
            Ok(Source::Sandbox("web".into()))
        );
        assert_eq!(
            parse_source("namespace:monitoring"),
            Ok(Source::Namespace("monitoring".into()))
        );
        assert_eq!(
            parse_source("cidr:10.1.2.3/8"),
            Ok(Source::Cidr("10.0.0.0/8".parse().unwrap()))
        );
        assert!(
            parse_source("Sandbox:web")
                .unwrap_err()
                .contains("`sandbox:web`")
        );
        assert!(
            parse_source("10.0.0.0/8")
                .unwrap_err()
                .contains("`cidr:10.0.0.0/8`")
        );
        assert!(parse_source("web").unwrap_err().contains("`sandbox:web`"));
        assert!(parse_source("cidr:10.0.0.0/40").is_err());
        assert!(parse_source("pod:web").is_err());
    }
}
