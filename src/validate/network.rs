//! The egress whitelist: what each entry is, and what the list means.

use ipnet::IpNet;

use super::Ctx;
use crate::change::Operation;
use crate::diagnostic::{Applicability, Code, Diagnostic};
use crate::spec::{EgressEntry, Entry, canonical, classify};

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
        if let Entry::Name(name) = &item.value.entry {
            ctx.push(
                Diagnostic::new(Code::FqdnNeedsCilium, format!("/egress_whitelist/{i}"),
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
            Diagnostic::new(Code::EgressOpen, "/egress_whitelist", at,
                "without `egress_whitelist` the sandbox can reach the whole internet")
                .help("add `egress_whitelist: []` to block all egress, or list the CIDRs and names it needs"),
        );
        return;
    };
    // Normalised entries and their index, sorted afterwards to find duplicates in O(n log n):
    // `10.0.0.1/8` and `::ffff:10.0.0.0/104` repeat `10.0.0.0/8`.
    let mut keys: Vec<(Key, usize)> = Vec::with_capacity(list.value.len());
    let mut allows_all = false;
    let mut names = 0;
    for (i, item) in list.value.iter().enumerate() {
        let path = || format!("/egress_whitelist/{i}");
        let EgressEntry { text, entry } = &item.value;
        match entry {
            Entry::Invalid(reason) => ctx.push(
                Diagnostic::new(
                    Code::InvalidEgressEntry,
                    path(),
                    item.span,
                    format!("`{text}` is not a valid whitelist entry: {reason}"),
                )
                .help(invalid_help(text.trim())),
            ),
            Entry::Range { net, host_bits } => {
                keys.push((Key::Range(canonical(*net)), i));
                allows_all |= entry.allows_all();
                check_range(ctx, i, item.span, text, entry, *net, *host_bits);
            }
            Entry::Name(name) => {
                keys.push((Key::Name(name), i));
                names += 1;
                if let Some(tld) = name.strip_prefix("*.").filter(|n| !n.contains('.')) {
                    ctx.push(
                        Diagnostic::new(Code::WildcardTld, path(), item.span,
                            format!("`{text}` matches every name under the top-level domain `.{tld}`: it opens a large part of the internet"))
                            .help(format!("name the domains the sandbox needs, such as `*.example.{tld}`")),
                    );
                }
                if let Some(who) = entry.doh() {
                    ctx.push(
                        Diagnostic::new(Code::PublicDnsResolver, path(), item.span,
                            format!("`{name}` is {who}'s public DNS-over-HTTPS service: it lets the sandbox resolve any name"))
                            .help("remove it, and whitelist the names the sandbox needs instead"),
                    );
                }
            }
        }
    }
    keys.sort_unstable();
    // Sorted by (entry, index): the first of each run of equal entries is the original.
    let mut run: Option<(&Key, usize)> = None;
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
                    Code::DuplicateEgressEntry,
                    format!("/egress_whitelist/{i}"),
                    item.span,
                    format!(
                        "`{}` is already whitelisted (entry {first})",
                        item.value.text
                    ),
                )
                .help("remove this entry")
                .fix(
                    Applicability::Safe,
                    "Remove the duplicate entry",
                    vec![Operation::Remove {
                        path: format!("/egress_whitelist/{i}"),
                    }],
                ),
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
            Diagnostic::new(Code::DnsBlocked, "/egress_whitelist", list.span,
                format!("{what} after before_script: names stop resolving once the sandbox is locked down"))
                .help("fetch what you need in before_script (egress is still open there), bake it into the image, or whitelist an internal DNS server or egress proxy"),
        );
    }
}

/// What two entries must share to be the same entry.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Key<'a> {
    Range(IpNet),
    Name(&'a str),
}

fn check_range(
    ctx: &mut Ctx,
    index: usize,
    span: Option<crate::diagnostic::Span>,
    text: &str,
    entry: &Entry,
    net: IpNet,
    host_bits: bool,
) {
    let path = || format!("/egress_whitelist/{index}");
    if host_bits {
        ctx.push(
            Diagnostic::new(
                Code::CidrHostBits,
                path(),
                span,
                format!("`{text}` has host bits set: it means `{net}`"),
            )
            .help(format!("write `{net}`"))
            .fix(
                Applicability::Safe,
                format!("Write `{net}`"),
                vec![Operation::Set {
                    path: path(),
                    value: net.to_string().into(),
                }],
            ),
        );
    }
    if entry.allows_all() {
        ctx.push(
            Diagnostic::new(Code::EgressAllowsAll, path(), span,
                format!("`{text}` allows every address: egress is as open as without a whitelist"))
                .help("list only the ranges the sandbox needs, or remove egress_whitelist if open egress is meant"),
        );
        return;
    }
    if let Some((ip, who)) = entry.resolver() {
        ctx.push(
            Diagnostic::new(Code::PublicDnsResolver, path(), span,
                format!("`{text}` reaches {who}'s public DNS resolver {ip}: DNS and DNS-over-HTTPS work again, and the lockdown can be tunnelled through"))
                .help("remove it; resolve names in before_script, or whitelist an internal DNS server"),
        );
    }
    if let Some(ip) = entry.metadata() {
        ctx.push(
            Diagnostic::new(Code::CloudMetadata, path(), span,
                format!("`{text}` reaches the cloud metadata service {ip}, which can hand out the node's credentials"))
                .help("remove it: sandboxed code should never reach the metadata service"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_urls_get_their_host() {
        assert!(invalid_help("https://pypi.org/simple").contains("`pypi.org`"));
        assert!(invalid_help("pypi.org:443").contains("`pypi.org`"));
        assert!(invalid_help("10.0.0.0/33").contains("prefix"));
    }
}
