//! The egress whitelist: what each entry is, and what the list means.

use std::net::IpAddr;
use std::sync::LazyLock;

use ipnet::IpNet;

use super::Ctx;
use crate::diagnostic::{Diagnostic, Severity};

/// What an egress or ingress entry is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Entry {
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

/// [`PUBLIC_RESOLVERS`] parsed and sorted once, for a binary search per range.
static RESOLVER_IPS: LazyLock<Vec<(IpAddr, &str)>> = LazyLock::new(|| {
    let mut ips: Vec<(IpAddr, &str)> = PUBLIC_RESOLVERS
        .iter()
        .filter_map(|(ip, who)| Some((ip.parse().ok()?, *who)))
        .collect();
    ips.sort();
    ips
});

/// [`METADATA`] parsed and sorted once.
static METADATA_IPS: LazyLock<Vec<(IpAddr, &str)>> = LazyLock::new(|| {
    let mut ips: Vec<(IpAddr, &str)> = METADATA
        .iter()
        .filter_map(|ip| Some((ip.parse().ok()?, "")))
        .collect();
    ips.sort();
    ips
});

/// The first address of a sorted table that lies in `net`, with its label.
fn first_in(table: &[(IpAddr, &'static str)], net: IpNet) -> Option<(IpAddr, &'static str)> {
    let (low, high) = (net.network(), net.broadcast());
    let at = table.partition_point(|(ip, _)| *ip < low);
    table.get(at).filter(|(ip, _)| *ip <= high).copied()
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
pub(crate) fn classify(text: &str) -> Entry {
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

/// A fix for an entry that is not valid: the host of a URL, the name without a port.
fn invalid_help(text: &str) -> String {
    // Only a URL (`scheme://host/...`) or `host:port` has a host to extract; `a/b` is a CIDR.
    let host = match text.split_once("://") {
        Some((_, rest)) => rest.split(['/', '?', '#']).next().unwrap_or(rest),
        None => text,
    };
    let host = host
        .rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(host, |(h, _)| h);
    if host != text && matches!(classify(host), Entry::Name(_) | Entry::Range { .. }) {
        return format!("write only the host: `{host}` (the whitelist has no URLs or ports)");
    }
    if text.contains('/') {
        return "write a CIDR as `<address>/<prefix>`, with a prefix up to 32 for IPv4 or 128 for IPv6, such as `10.0.0.0/8`".into();
    }
    "write a CIDR (`10.0.0.0/8`), an IP (`192.0.2.10`) or a DNS name (`pypi.org`, `*.example.com`)"
        .into()
}

/// With the Flannel CNI there is no domain-based egress: every DNS name is an error.
pub(super) fn check_flannel(ctx: &mut Ctx) {
    let Some(list) = &ctx.spec.egress_whitelist else {
        return;
    };
    for (i, item) in list.value.iter().enumerate() {
        if let Entry::Name(name) = classify(item.value.trim()) {
            ctx.push(
                Diagnostic::new(
                    "fqdn-needs-cilium",
                    Severity::Error,
                    format!("/egress_whitelist/{i}"),
                    item.span,
                    format!("`{name}` is a DNS name, and the Flannel CNI cannot whitelist DNS names"),
                )
                .help("whitelist the IP ranges the name resolves to, or render for a cluster that runs the Cilium CNI"),
            );
        }
    }
}

pub(super) fn check(ctx: &mut Ctx) {
    let spec = ctx.spec;
    let Some(list) = &spec.egress_whitelist else {
        let at = spec.span.map(|s| crate::diagnostic::Span {
            start: s.start,
            end: s.start,
        });
        ctx.push(
            Diagnostic::new("egress-open", Severity::Info, "/egress_whitelist", at,
                "without `egress_whitelist` the sandbox can reach the whole internet")
                .help("add `egress_whitelist: []` to block all egress, or list the CIDRs and names it needs"),
        );
        return;
    };
    // Normalised entries and their index, sorted afterwards to find duplicates in O(n log n).
    let mut keys: Vec<(Entry, usize)> = Vec::with_capacity(list.value.len());
    let mut allows_all = false;
    let mut names = 0;
    for (i, item) in list.value.iter().enumerate() {
        let path = || format!("/egress_whitelist/{i}");
        let text = item.value.trim();
        let entry = classify(text);
        // Duplicates compare normalised values: `10.0.0.1/8` repeats `10.0.0.0/8`.
        match &entry {
            Entry::Range { net, .. } => keys.push((
                Entry::Range {
                    net: *net,
                    host_bits: false,
                },
                i,
            )),
            Entry::Name(_) => keys.push((entry.clone(), i)),
            Entry::Invalid(_) => {}
        }
        match entry {
            Entry::Invalid(reason) => ctx.push(
                Diagnostic::new(
                    "invalid-egress-entry",
                    Severity::Error,
                    path(),
                    item.span,
                    format!("`{}` is not a valid whitelist entry: {reason}", item.value),
                )
                .help(invalid_help(text)),
            ),
            Entry::Range { net, host_bits } => {
                allows_all |= net.prefix_len() == 0;
                check_range(ctx, i, item.span, &item.value, net, host_bits);
            }
            Entry::Name(name) => {
                names += 1;
                if let Some((_, who)) = DOH_NAMES.iter().find(|(n, _)| *n == name) {
                    ctx.push(
                        Diagnostic::new("public-dns-resolver", Severity::Warning, path(), item.span,
                            format!("`{name}` is {who}'s public DNS-over-HTTPS service: it lets the sandbox resolve any name"))
                            .help("remove it, and whitelist the names the sandbox needs instead"),
                    );
                }
            }
        }
    }
    keys.sort_unstable();
    // Sorted by (entry, index): the first of each run of equal entries is the original.
    let mut run: Option<(&Entry, usize)> = None;
    for (key, i) in &keys {
        let first = match run {
            Some((k, first)) if k == key => first,
            _ => {
                run = Some((key, *i));
                continue;
            }
        };
        if let Some(item) = list.value.get(*i) {
            ctx.push(
                Diagnostic::new(
                    "duplicate-egress-entry",
                    Severity::Warning,
                    format!("/egress_whitelist/{i}"),
                    item.span,
                    format!("`{}` is already whitelisted (entry {first})", item.value),
                )
                .help("remove this entry"),
            );
        }
    }
    if names == 0 && !allows_all {
        let what = if list.value.is_empty() {
            "`egress_whitelist: []` blocks all egress"
        } else {
            "a whitelist of CIDRs only blocks DNS"
        };
        ctx.push(
            Diagnostic::new("dns-blocked", Severity::Info, "/egress_whitelist", list.span,
                format!("{what} after before_script: names stop resolving once the sandbox is locked down"))
                .help("fetch what you need in before_script (egress is still open there), bake it into the image, or whitelist an internal DNS server or egress proxy"),
        );
    }
}

fn check_range(
    ctx: &mut Ctx,
    index: usize,
    span: Option<crate::diagnostic::Span>,
    text: &str,
    net: IpNet,
    host_bits: bool,
) {
    let path = || format!("/egress_whitelist/{index}");
    if host_bits {
        ctx.push(
            Diagnostic::new(
                "cidr-host-bits",
                Severity::Warning,
                path(),
                span,
                format!("`{text}` has host bits set: it means `{net}`"),
            )
            .help(format!("write `{net}`")),
        );
    }
    if net.prefix_len() == 0 {
        ctx.push(
            Diagnostic::new("egress-allows-all", Severity::Warning, path(), span,
                format!("`{text}` allows every address: egress is as open as without a whitelist"))
                .help("list only the ranges the sandbox needs, or remove egress_whitelist if open egress is meant"),
        );
        return;
    }
    let resolver = first_in(&RESOLVER_IPS, net);
    if let Some((ip, who)) = resolver {
        ctx.push(
            Diagnostic::new("public-dns-resolver", Severity::Warning, path(), span,
                format!("`{text}` reaches {who}'s public DNS resolver {ip}: DNS and DNS-over-HTTPS work again, and the lockdown can be tunnelled through"))
                .help("remove it; resolve names in before_script, or whitelist an internal DNS server"),
        );
    }
    if let Some((ip, _)) = first_in(&METADATA_IPS, net) {
        ctx.push(
            Diagnostic::new("cloud-metadata", Severity::Warning, path(), span,
                format!("`{text}` reaches the cloud metadata service {ip}, which can hand out the node's credentials"))
                .help("remove it: sandboxed code should never reach the metadata service"),
        );
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
    fn invalid_urls_get_their_host() {
        assert!(invalid_help("https://pypi.org/simple").contains("`pypi.org`"));
        assert!(invalid_help("pypi.org:443").contains("`pypi.org`"));
        assert!(invalid_help("10.0.0.0/33").contains("prefix"));
    }
}
