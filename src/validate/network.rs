//! The egress whitelist: what each entry is, and what the list means.

use std::net::IpAddr;

use ipnet::IpNet;

use super::Ctx;
use crate::change::Operation;
use crate::diagnostic::{Applicability, Code, Diagnostic};
use crate::spec::{EgressEntry, Entry, Spanned, canonical, classify};

/// The entry an invalid one was meant to be, when only its spelling is wrong, and whether it is
/// the host of a URL or of `host:port` (the whitelist has no URLs, paths or ports).
struct Intended {
    entry: String,
    host: bool,
}

/// The host of a URL (`https://pypi.org/simple`), of `host:port` or of `host/path`, when the
/// text has more than a host; a CIDR's `/` is no path.
fn host_of(text: &str) -> Option<&str> {
    let authority = match text.split_once("://") {
        Some((_, rest)) => rest.split(['/', '?', '#']).next().unwrap_or(rest),
        None => match text.split_once('/') {
            Some((host, _)) if host.trim().parse::<IpAddr>().is_err() => host,
            _ => text,
        },
    };
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = if authority.parse::<IpAddr>().is_ok() {
        authority
    } else {
        authority
            .rsplit_once(':')
            .filter(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
            .map_or(authority, |(host, _)| host)
    };
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    (host != text).then_some(host)
}

/// The text without what K7 would misread in it: spaces around its punctuation
/// (`10.0.0.0 /8`), the extra stars of a wildcard (`**.example.com`), a name's final dot
/// (`pypi.org.`). Spaces between two words stay: `exa mple.com` is no typo to guess at.
pub(super) fn respell(text: &str) -> String {
    let punctuation = |c: Option<char>| matches!(c, Some('.' | '/' | ':'));
    let words: Vec<&str> = text.split_whitespace().collect();
    let joinable = words
        .windows(2)
        .all(|w| punctuation(w[0].chars().last()) || punctuation(w[1].chars().next()));
    let mut out = if joinable {
        words.concat()
    } else {
        text.trim().to_owned()
    };
    if out.starts_with("**") {
        out = format!("*{}", out.trim_start_matches('*'));
    }
    if out.ends_with('.') && !out.ends_with("..") && out.parse::<IpAddr>().is_err() {
        out.pop();
    }
    out
}

fn intended(text: &str) -> Option<Intended> {
    let text = text.trim();
    let host = host_of(text);
    let entry = respell(host.unwrap_or(text));
    (entry != text && !matches!(classify(&entry), Entry::Invalid(_))).then(|| Intended {
        entry,
        host: host.is_some(),
    })
}

/// How to fix an entry that is not valid: the entry it was meant to be, or how entries are written.
fn invalid_help(text: &str, intended: Option<&Intended>) -> String {
    match intended {
        Some(Intended { entry, host: true }) => {
            format!("write only the host: `{entry}` (the whitelist has no URLs or ports)")
        }
        Some(Intended { entry, host: false }) => format!("write `{entry}`"),
        None if text.contains('/') => "write a CIDR as `<address>/<prefix>`, with a prefix up to 32 for IPv4 or 128 for IPv6, such as `10.0.0.0/8`".into(),
        None => "write a CIDR (`10.0.0.0/8`), an IP (`192.0.2.10`) or a DNS name (`pypi.org`, `*.example.com`)"
            .into(),
    }
}

/// An unsafe fix that removes a whitelist entry, saying so when the list is left empty.
fn remove_entry(diagnostic: Diagnostic, index: usize, text: &str, last: bool) -> Diagnostic {
    let then = if last {
        " (the empty whitelist then blocks all egress)"
    } else {
        ""
    };
    diagnostic.fix(
        Applicability::Unsafe,
        format!("Remove `{}` from the whitelist{then}", text.trim()),
        vec![Operation::Remove {
            path: format!("/egress_whitelist/{index}"),
        }],
    )
}

/// With the Flannel CNI there is no domain-based egress: every DNS name is an error, and no
/// fix writes one (it would trade an invalid entry for that error).
pub(super) fn check_flannel(ctx: &mut Ctx) {
    let Some(list) = &ctx.spec.egress_whitelist else {
        return;
    };
    let writes_a_name = |op: &Operation| {
        matches!(op, Operation::Set { value, .. }
            if value.as_str().is_some_and(|v| matches!(classify(v), Entry::Name(_))))
    };
    for d in ctx.out.iter_mut() {
        if d.code == Code::InvalidEgressEntry {
            d.planned
                .retain(|fix| !fix.operations.iter().any(writes_a_name));
        }
    }
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
                .help("add `egress_whitelist: []` to block all egress, or list the CIDRs and names it needs")
                .fix(
                    Applicability::Unsafe,
                    "Block all egress: `egress_whitelist: []`",
                    vec![Operation::Set {
                        path: "/egress_whitelist".into(),
                        value: serde_json::json!([]),
                    }],
                ),
        );
        return;
    };
    // Normalised entries and their index, sorted afterwards to find duplicates in O(n log n):
    // `10.0.0.1/8` and `::ffff:10.0.0.0/104` repeat `10.0.0.0/8`.
    let mut keys: Vec<(Key, usize)> = Vec::with_capacity(list.value.len());
    let mut allows_all = false;
    let mut names = 0;
    // Whether removing an entry leaves the list empty.
    let last = list.value.len() == 1;
    for (i, item) in list.value.iter().enumerate() {
        let path = || format!("/egress_whitelist/{i}");
        let EgressEntry { text, entry } = &item.value;
        match entry {
            Entry::Invalid(reason) => {
                let intended = intended(text);
                let mut diagnostic = Diagnostic::new(
                    Code::InvalidEgressEntry,
                    path(),
                    item.span,
                    format!("`{text}` is not a valid whitelist entry: {reason}"),
                )
                .help(invalid_help(text.trim(), intended.as_ref()));
                if let Some(Intended { entry, host }) = intended {
                    let only = if host { "only the host " } else { "" };
                    diagnostic = diagnostic.fix(
                        Applicability::Safe,
                        format!("Write {only}`{entry}`"),
                        vec![Operation::Set {
                            path: path(),
                            value: entry.into(),
                        }],
                    );
                }
                ctx.push(diagnostic);
            }
            Entry::Range { net, host_bits } => {
                keys.push((Key::Range(canonical(*net)), i));
                allows_all |= entry.allows_all();
                check_range(ctx, i, item, *net, *host_bits, last);
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
                    let diagnostic = Diagnostic::new(Code::PublicDnsResolver, path(), item.span,
                        format!("`{name}` is {who}'s public DNS-over-HTTPS service: it lets the sandbox resolve any name"))
                        .help("remove it, and whitelist the names the sandbox needs instead");
                    ctx.push(remove_entry(diagnostic, i, text, last));
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
    item: &Spanned<EgressEntry>,
    net: IpNet,
    host_bits: bool,
    last: bool,
) {
    let EgressEntry { text, entry } = &item.value;
    let span = item.span;
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
        let diagnostic = Diagnostic::new(Code::EgressAllowsAll, path(), span,
            format!("`{text}` allows every address: egress is as open as without a whitelist"))
            .help("list only the ranges the sandbox needs, or remove egress_whitelist if open egress is meant");
        ctx.push(remove_entry(diagnostic, index, text, last));
        return;
    }
    if let Some((ip, who)) = entry.resolver() {
        let diagnostic = Diagnostic::new(Code::PublicDnsResolver, path(), span,
            format!("`{text}` reaches {who}'s public DNS resolver {ip}: DNS and DNS-over-HTTPS work again, and the lockdown can be tunnelled through"))
            .help("remove it; resolve names in before_script, or whitelist an internal DNS server");
        ctx.push(remove_entry(diagnostic, index, text, last));
    }
    if let Some(ip) = entry.metadata() {
        let diagnostic = Diagnostic::new(Code::CloudMetadata, path(), span,
            format!("`{text}` reaches the cloud metadata service {ip}, which can hand out the node's credentials"))
            .help("remove it: sandboxed code should never reach the metadata service");
        ctx.push(remove_entry(diagnostic, index, text, last));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meant(text: &str) -> Option<(String, bool)> {
        intended(text).map(|i| (i.entry, i.host))
    }

    #[test]
    fn invalid_entries_get_the_entry_they_mean() {
        let host = |h: &str| Some((h.to_owned(), true));
        let respelled = |h: &str| Some((h.to_owned(), false));
        assert_eq!(meant("https://pypi.org/simple"), host("pypi.org"));
        assert_eq!(meant("pypi.org:443"), host("pypi.org"));
        assert_eq!(meant("pypi.org/simple"), host("pypi.org"));
        assert_eq!(meant("http://user@10.0.0.1:8080/x?y#z"), host("10.0.0.1"));
        assert_eq!(meant("[2001:db8::1]:443"), host("2001:db8::1"));
        assert_eq!(meant("https://[2001:db8::1]/"), host("2001:db8::1"));
        assert_eq!(meant("https://PyPI.org./simple"), host("PyPI.org"));
        assert_eq!(meant("**.example.com"), respelled("*.example.com"));
        assert_eq!(meant("10.0.0.0 /8"), respelled("10.0.0.0/8"));
        assert_eq!(meant(" 10.0.0.0 / 8 "), respelled("10.0.0.0/8"));
        assert_eq!(meant("pypi. org"), respelled("pypi.org"));
        assert_eq!(meant("pypi.org."), respelled("pypi.org"));
        // No guesses: a prefix out of range, an address out of range, a space between words.
        for text in [
            "10.0.0.0/33",
            "10.0.0.300",
            "2001:db8::/129",
            "exa mple.com",
            "*",
            "a..b",
            "10.0.0.0/x",
        ] {
            assert_eq!(meant(text), None, "{text}");
        }
    }

    #[test]
    fn the_help_names_the_entry_meant() {
        let help = |text: &str| invalid_help(text, intended(text).as_ref());
        assert!(help("https://pypi.org/simple").contains("only the host: `pypi.org`"));
        assert_eq!(help("10.0.0.0 /8"), "write `10.0.0.0/8`");
        assert!(help("10.0.0.0/33").contains("prefix"));
        assert!(help("exa mple.com").contains("DNS name"));
    }
}
