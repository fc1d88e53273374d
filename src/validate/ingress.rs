//! Ingress: ports, sources and exposure.

use std::collections::HashSet;

use super::{Ctx, network};
use crate::change::Operation;
use crate::diagnostic::{Applicability, Code, Diagnostic};
use crate::spec::List;
use crate::spec::{Entry, Source, classify, is_dns_label, parse_source, reaches_all};

/// The fixes of an `ingress_from` entry that is not a source. A bare range with `cidr:`, or the
/// entry with its kind lowercased and the spaces K7 would misread dropped (`Sandbox:web`,
/// `cidr:10.0.0.0 /8`): safe, there is one reading. A bare name as a sandbox or as a namespace:
/// unsafe, a guess between two peers.
fn source_fixes(diagnostic: Diagnostic, index: usize, text: &str) -> Diagnostic {
    let path = || format!("/ingress_from/{index}");
    let write = |value: &str| {
        vec![Operation::Set {
            path: path(),
            value: value.into(),
        }]
    };
    let text = text.trim();
    let bare = network::respell(text);
    let meant = if matches!(classify(&bare), Entry::Range { .. }) {
        Some(format!("cidr:{bare}"))
    } else {
        text.split_once(':').map(|(kind, value)| {
            let kind = kind.trim().to_ascii_lowercase();
            let value = if kind == "cidr" {
                network::respell(value)
            } else {
                value.trim().to_owned()
            };
            format!("{kind}:{value}")
        })
    };
    match meant.filter(|m| parse_source(m).is_ok()) {
        Some(meant) => diagnostic.fix(
            Applicability::Safe,
            format!("Write `{meant}`"),
            write(&meant),
        ),
        None if is_dns_label(text) => diagnostic
            .fix(
                Applicability::Unsafe,
                format!("Write `sandbox:{text}`: admit the sandbox `{text}`"),
                write(&format!("sandbox:{text}")),
            )
            .fix(
                Applicability::Unsafe,
                format!("Write `namespace:{text}`: admit every pod of the namespace `{text}`"),
                write(&format!("namespace:{text}")),
            ),
        None => diagnostic,
    }
}

fn check_ports(ctx: &mut Ctx, field: &str, ports: &List<i64>) {
    let mut seen = HashSet::new();
    for (i, port) in ports.value.iter().enumerate() {
        // A port out of range was reported as read, with the text as written.
        if (1..=65535).contains(&port.value) && !seen.insert(port.value) {
            ctx.push(
                Diagnostic::new(
                    Code::DuplicatePort,
                    format!("/{field}/{i}"),
                    port.span,
                    format!("the port {} is listed twice", port.value),
                )
                .help("remove this entry")
                .fix(
                    Applicability::Safe,
                    format!("Remove the duplicate port `{}`", port.value),
                    vec![Operation::Remove {
                        path: format!("/{field}/{i}"),
                    }],
                ),
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
                    Code::IngressFromWithoutPorts,
                    "/ingress_from",
                    from.span,
                    "`ingress_from` opens nothing without `ingress_ports`",
                )
                .help("add `ingress_ports: [<port>]` with the ports these sources may reach"),
            );
        }
        for (i, item) in from.value.iter().enumerate() {
            let path = format!("/ingress_from/{i}");
            match &item.value.source {
                Err(why) => ctx.push(source_fixes(
                    Diagnostic::new(
                        Code::InvalidIngressSource,
                        path,
                        item.span,
                        format!("`{}` is not a valid ingress source", item.value.text),
                    )
                    .help(why.as_str()),
                    i,
                    &item.value.text,
                )),
                Ok(Source::Cidr(net)) => {
                    cidr_sources += 1;
                    if reaches_all(*net) && exposed {
                        ctx.push(
                            Diagnostic::new(Code::PublicExposure, path, item.span,
                                format!("`{}` with expose_ports makes the exposed ports public: anyone who reaches a node can connect", item.value.text))
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
                    Diagnostic::new(Code::ExposePortNotOpen, format!("/expose_ports/{i}"), port.span,
                        format!("the exposed port {} is not in ingress_ports: the ingress policy blocks it", port.value))
                        .help(format!("add {} to ingress_ports", port.value))
                        .fix(
                            Applicability::Unsafe,
                            format!("Open the port `{}`: add it to `ingress_ports`", port.value),
                            vec![Operation::Append {
                                path: "/ingress_ports".into(),
                                value: port.value.into(),
                            }],
                        ),
                );
            }
        }
        if exposed && cidr_sources == 0 {
            ctx.push(
                Diagnostic::new(Code::ExposedPortUnreachable, "/expose_ports", expose.span,
                    "the exposed ports admit no `cidr:` source: clients outside the cluster are blocked by the ingress policy")
                    .help("add the clients' range to ingress_from, such as `cidr:203.0.113.0/24`"),
            );
        }
    }
}
