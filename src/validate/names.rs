//! Names and the image reference.

use super::Ctx;
use crate::change::Operation;
use crate::diagnostic::{Applicability, Code, Diagnostic};
use crate::spec::Spanned;
use crate::spec::{is_dns_label, is_dns_subdomain};

/// Registries K7 pulls from unless its operator adds more.
const ALLOWED_REGISTRIES: &[&str] = &[
    "registry-1.docker.io",
    "ghcr.io",
    "quay.io",
    "public.ecr.aws",
];

pub(super) fn check(ctx: &mut Ctx) {
    let spec = ctx.spec;
    // Object names and label values are DNS-1123 labels; node and runtime class names are
    // subdomains (dots allowed).
    let names = [
        ("name", &spec.name, false),
        ("namespace", &spec.namespace, false),
        ("node_name", &spec.node_name, true),
        ("runtime_class_name", &spec.runtime_class_name, true),
    ];
    for (field, value, subdomain) in names {
        let Some(v) = value else { continue };
        let (valid, code, kind) = if subdomain {
            (
                is_dns_subdomain(&v.value),
                Code::InvalidDnsSubdomain,
                "subdomain",
            )
        } else {
            (is_dns_label(&v.value), Code::InvalidDnsLabel, "label")
        };
        if !valid {
            let mut diagnostic = Diagnostic::new(
                code,
                format!("/{field}"),
                v.span,
                format!(
                    "`{}` is not a valid {field}: it must be a DNS-1123 {kind}",
                    v.value
                ),
            )
            .help(name_help(&v.value, subdomain));
            // A label respelled in lowercase and `-` (nothing cut off) is the name meant; it
            // renames every object (or moves them to another namespace): unsafe. A node or
            // runtime class names something that exists on the cluster: no guess.
            let fixed = sanitize(&v.value, subdomain);
            if !subdomain && v.value.chars().count() <= 63 && is_dns_label(&fixed) {
                diagnostic = diagnostic.fix(
                    Applicability::Unsafe,
                    format!("Write `{field}: {fixed}`"),
                    vec![Operation::Set {
                        path: format!("/{field}"),
                        value: fixed.into(),
                    }],
                );
            }
            ctx.push(diagnostic);
        }
    }
    if let Some(node) = spec
        .node_name
        .as_ref()
        .filter(|n| is_dns_subdomain(&n.value))
    {
        ctx.push(
            Diagnostic::new(
                Code::NodeCheckedAtCreate,
                "/node_name",
                node.span,
                format!(
                    "the node `{}` is looked up on the cluster at create time: K7 refuses a missing node and tolerates its tenant taints",
                    node.value
                ),
            )
            .help("the manifests pin the pod to the node by its `kubernetes.io/hostname` label; K7 adds a toleration for each `k7.katakate.org/tenant` taint the node carries"),
        );
    }
    if let (Some(name), Some(expose)) = (&spec.name, &spec.expose_ports) {
        let len = name.value.chars().count();
        if len > 56 && len <= 63 && !expose.value.is_empty() {
            ctx.push(
                Diagnostic::new(Code::NameTooLongForService, "/name", name.span,
                    format!("the name `{}` has {len} characters: with expose_ports the Service `{}-expose` would exceed 63", name.value, name.value))
                    .help("shorten the name to at most 56 characters"),
            );
        }
    }
    if let Some(image) = &spec.image {
        check_image(ctx, image);
    }
}

/// The rule, and the value respelled to follow it when that leaves something.
fn name_help(value: &str, subdomain: bool) -> String {
    let fixed = sanitize(value, subdomain);
    let rule = if subdomain {
        "use lowercase letters, digits, '-' and '.'"
    } else {
        "use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters"
    };
    if fixed.is_empty() {
        rule.to_owned()
    } else {
        format!("{rule}: `{fixed}`")
    }
}

/// A best-effort DNS-1123 spelling of `value` for a help line.
fn sanitize(value: &str, dots: bool) -> String {
    let mapped: String = value
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '-' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            '.' if dots => '.',
            _ => '-',
        })
        .collect();
    let trimmed = mapped.trim_matches(|c: char| c == '-' || c == '.');
    trimmed
        .chars()
        .take(63)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

/// The parts of an image reference (the grammar of the distribution project).
struct ImageRef<'a> {
    registry: Option<&'a str>,
}

fn parse_image(image: &str) -> Result<ImageRef<'_>, &'static str> {
    if image.is_empty() {
        return Err("it is empty");
    }
    if image.chars().any(char::is_whitespace) {
        return Err("it contains whitespace");
    }
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    if let Some(digest) = digest {
        let ok = digest.split_once(':').is_some_and(|(alg, hex)| {
            !alg.is_empty()
                && alg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+._-".contains(c))
                && hex.len() >= 32
                && hex.chars().all(|c| c.is_ascii_hexdigit())
        });
        if !ok {
            return Err("its digest is not `sha256:<64 hex digits>`");
        }
    }
    let (first, rest) = name
        .split_once('/')
        .map_or((None, name), |(f, r)| (Some(f), r));
    let registry = first.filter(|f| f.contains('.') || f.contains(':') || *f == "localhost");
    let path = match (first, registry) {
        (Some(_), Some(_)) | (None, _) => rest,
        (Some(_), None) => name,
    };
    // The tag follows the last ':' of the path (a registry port was split off above).
    let (repo, tag) = match path.rsplit_once(':') {
        Some((r, t)) => (r, Some(t)),
        None => (path, None),
    };
    if let Some(tag) = tag {
        let ok = !tag.is_empty()
            && tag.len() <= 128
            && tag.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            && tag
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        if !ok {
            return Err("its tag may hold only letters, digits, '_', '.' and '-'");
        }
    }
    if repo.chars().any(|c| c.is_ascii_uppercase()) {
        return Err("repository names must be lowercase");
    }
    let component_ok = |c: &str| {
        !c.is_empty()
            && c.starts_with(|ch: char| ch.is_ascii_alphanumeric())
            && c.ends_with(|ch: char| ch.is_ascii_alphanumeric())
            && c.chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || "._-".contains(ch))
    };
    if !repo.split('/').all(component_ok) {
        return Err(
            "each path component must be lowercase letters and digits, separated by '.', '_' or '-'",
        );
    }
    Ok(ImageRef { registry })
}

fn check_image(ctx: &mut Ctx, image: &Spanned<String>) {
    let value = &image.value;
    match parse_image(value) {
        Err(why) => ctx.push(
            Diagnostic::new(Code::InvalidImage, "/image", image.span,
                format!("`{value}` is not a valid image reference: {why}"))
                .help("write `[registry/]repository[:tag][@sha256:digest]`, such as `alpine:3.20` or `ghcr.io/org/app:1.0`"),
        ),
        Ok(ImageRef { registry: Some("docker.io") }) => {
            let rest = value.trim_start_matches("docker.io/");
            // The same image from the same registry (K7 resolves a name without a registry,
            // `library/` or not, to registry-1.docker.io): only the name K7 refuses goes.
            ctx.push(
                Diagnostic::new(Code::DockerIoRegistry, "/image", image.span,
                    format!("`{value}` comes from `docker.io`, which K7 refuses by name"))
                    .help(format!("write `{rest}` (short names resolve to registry-1.docker.io) or `registry-1.docker.io/{rest}`"))
                    .fix(Applicability::Safe, format!("Write `image: {rest}`"), vec![Operation::Set {
                        path: "/image".into(),
                        value: rest.into(),
                    }]),
            );
        }
        Ok(ImageRef { registry: Some(registry) }) if !ALLOWED_REGISTRIES.contains(&registry) => ctx.push(
            Diagnostic::new(Code::RegistryNotAllowed, "/image", image.span,
                format!("the registry `{registry}` is not on K7's default allowlist"))
                .help(format!("K7 pulls from {} unless its operator adds `{registry}`; mirror the image there otherwise", ALLOWED_REGISTRIES.join(", "))),
        ),
        Ok(_) => {}
    }
}
