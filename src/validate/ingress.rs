//! Ingress: ports, sources and exposure.

use std::collections::HashSet;

use super::network::{Entry, classify};
use super::{Ctx, is_dns_label};
use crate::diagnostic::{Diagnostic, Severity};
use crate::spec::List;

/// A parsed `ingress_from` source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// `sandbox:<name>`: one sandbox of the same namespace.
    Sandbox(String),
    /// `namespace:<ns>`: every pod of that namespace.
    Namespace(String),
    /// `cidr:<cidr>`: an address range (normalised).
    Cidr(ipnet::IpNet),
}

/// Parses an `ingress_from` entry, or says why it is not one.
pub(crate) fn parse_source(text: &str) -> Result<Source, String> {
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

fn check_ports(ctx: &mut Ctx, field: &str, ports: &List<i64>) {
    let mut seen = HashSet::new();
    for (i, port) in ports.value.iter().enumerate() {
        let path = format!("/{field}/{i}");
        if !(1..=65535).contains(&port.value) {
            ctx.push(
                Diagnostic::new(
                    "invalid-port",
                    Severity::Error,
                    path,
                    port.span,
                    format!("`{}` is not a TCP port", port.value),
                )
                .help("ports go from 1 to 65535"),
            );
        } else if !seen.insert(port.value) {
            ctx.push(
                Diagnostic::new(
                    "duplicate-port",
                    Severity::Warning,
                    path,
                    port.span,
                    format!("the port {} is listed twice", port.value),
                )
                .help("remove this entry"),
            );
        }
    }
}

pub(super) fn check(ctx: &mut Ctx) {
    let spec = ctx.spec;
    if let Some(ports) = &spec.ingress_ports {
        check_ports(ctx, "ingress_ports", ports);
    }
    if let Some(ports) = &spec.expose_ports {
        check_ports(ctx, "expose_ports", ports);
    }
    let open: HashSet<i64> = spec
        .ingress_ports
        .iter()
        .flat_map(|p| p.value.iter().map(|p| p.value))
        .collect();
    let exposed = spec
        .expose_ports
        .as_ref()
        .is_some_and(|p| !p.value.is_empty());
    let mut cidr_sources = 0;
    if let Some(from) = &spec.ingress_from {
        if open.is_empty() && !from.value.is_empty() {
            ctx.push(
                Diagnostic::new(
                    "ingress-from-without-ports",
                    Severity::Error,
                    "/ingress_from",
                    from.span,
                    "`ingress_from` opens nothing without `ingress_ports`",
                )
                .help("add `ingress_ports: [<port>]` with the ports these sources may reach"),
            );
        }
        for (i, item) in from.value.iter().enumerate() {
            let path = format!("/ingress_from/{i}");
            match parse_source(&item.value) {
                Err(why) => ctx.push(
                    Diagnostic::new(
                        "invalid-ingress-source",
                        Severity::Error,
                        path,
                        item.span,
                        format!("`{}` is not a valid ingress source", item.value),
                    )
                    .help(why),
                ),
                Ok(Source::Cidr(net)) => {
                    cidr_sources += 1;
                    if net.prefix_len() == 0 && exposed {
                        ctx.push(
                            Diagnostic::new("public-exposure", Severity::Warning, path, item.span,
                                format!("`{}` with expose_ports makes the exposed ports public: anyone who reaches a node can connect", item.value))
                                .help("narrow the range to the clients that need the service"),
                        );
                    }
                }
                Ok(_) => {}
            }
        }
    }
    if let Some(expose) = &spec.expose_ports {
        for (i, port) in expose.value.iter().enumerate() {
            if (1..=65535).contains(&port.value) && !open.contains(&port.value) {
                ctx.push(
                    Diagnostic::new("expose-port-not-open", Severity::Error, format!("/expose_ports/{i}"), port.span,
                        format!("the exposed port {} is not in ingress_ports: the ingress policy blocks it", port.value))
                        .help(format!("add {} to ingress_ports", port.value)),
                );
            }
        }
        if exposed && cidr_sources == 0 {
            ctx.push(
                Diagnostic::new("exposed-port-unreachable", Severity::Warning, "/expose_ports", expose.span,
                    "the exposed ports admit no `cidr:` source: clients outside the cluster are blocked by the ingress policy")
                    .help("add the clients' range to ingress_from, such as `cidr:203.0.113.0/24`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
