//! Capabilities and the non-root flags.

use std::collections::{HashMap, HashSet};

use super::Ctx;
use crate::change::Operation;
use crate::diagnostic::{Applicability, Code, Diagnostic};
use crate::spec::{List, Spec};
use crate::suggest::closest;

/// The capabilities of capabilities(7), without the `CAP_` prefix.
pub(crate) const CAPABILITIES: &[&str] = &[
    "AUDIT_CONTROL",
    "AUDIT_READ",
    "AUDIT_WRITE",
    "BLOCK_SUSPEND",
    "BPF",
    "CHECKPOINT_RESTORE",
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "IPC_LOCK",
    "IPC_OWNER",
    "KILL",
    "LEASE",
    "LINUX_IMMUTABLE",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "MKNOD",
    "NET_ADMIN",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_RAW",
    "PERFMON",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_CHROOT",
    "SYS_MODULE",
    "SYS_NICE",
    "SYS_PACCT",
    "SYS_PTRACE",
    "SYS_RAWIO",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "SYSLOG",
    "WAKE_ALARM",
];

/// Capabilities that hand the sandbox a way out of its box, and why.
const POWERFUL: &[(&str, &str)] = &[
    ("ALL", "every capability, as good as privileged"),
    (
        "SYS_ADMIN",
        "mounts, namespaces and much of the kernel's admin surface",
    ),
    (
        "NET_ADMIN",
        "reconfiguring the network, firewall rules included",
    ),
    (
        "SYS_PTRACE",
        "tracing and reading the memory of other processes",
    ),
    ("SYS_MODULE", "loading kernel modules"),
    ("BPF", "loading eBPF programs into the kernel"),
    (
        "PERFMON",
        "kernel performance monitoring, a common exploit aid",
    ),
    ("SYS_RAWIO", "raw device and port I/O"),
    ("SYS_BOOT", "rebooting the VM"),
    ("SYS_TIME", "setting the system clock"),
    (
        "DAC_READ_SEARCH",
        "reading any file regardless of permissions",
    ),
    ("MAC_ADMIN", "reconfiguring mandatory access control"),
    ("MAC_OVERRIDE", "bypassing mandatory access control"),
    ("NET_RAW", "raw sockets: spoofed packets"),
];

/// The upper-cased capability name K7 will use, and the `CAP_`-less spelling.
fn normalise(text: &str) -> (String, bool) {
    let upper = text.trim().to_ascii_uppercase();
    match upper.strip_prefix("CAP_") {
        Some(rest) => (rest.to_owned(), true),
        None => (upper, false),
    }
}

fn check_list(ctx: &mut Ctx, field: &str, list: &List<String>) {
    for (i, item) in list.value.iter().enumerate() {
        let path = format!("/{field}/{i}");
        let (name, prefixed) = normalise(&item.value);
        let write = |name: &str| {
            vec![Operation::Set {
                path: path.clone(),
                value: name.into(),
            }]
        };
        if name != "ALL" && !CAPABILITIES.contains(&name.as_str()) {
            let diagnostic = Diagnostic::new(
                Code::UnknownCapability,
                path.clone(),
                item.span,
                format!("`{}` is not a Linux capability", item.value),
            );
            ctx.push(
                match closest(&name, CAPABILITIES.iter().copied().chain(["ALL"])) {
                    Some(best) => diagnostic
                        .help(format!("did you mean `{best}`?"))
                        .fix(Applicability::Safe, format!("Write `{best}`"), write(best)),
                    None => diagnostic.help("use a name from capabilities(7) without the CAP_ prefix, such as `NET_BIND_SERVICE`"),
                },
            );
            continue;
        }
        if prefixed {
            ctx.push(
                Diagnostic::new(
                    Code::CapabilityPrefix,
                    path.clone(),
                    item.span,
                    format!(
                        "write capabilities without the `CAP_` prefix: `{}`",
                        item.value
                    ),
                )
                .help(format!("write `{name}`"))
                .fix(Applicability::Safe, format!("Write `{name}`"), write(&name)),
            );
        }
        if field == "cap_add"
            && let Some((_, why)) = POWERFUL.iter().find(|(c, _)| *c == name)
        {
            ctx.push(
                Diagnostic::new(
                    Code::PowerfulCapability,
                    path,
                    item.span,
                    format!("adding `{name}` grants {why}"),
                )
                .help("add only what the workload needs; NET_BIND_SERVICE is the usual one"),
            );
        }
    }
}

/// Removing `cap_drop` brings back the default drop of ALL.
fn remove_cap_drop() -> Vec<Operation> {
    vec![Operation::Remove {
        path: "/cap_drop".into(),
    }]
}

pub(super) fn check(ctx: &mut Ctx) {
    let spec = ctx.spec;
    if let Some(drop) = &spec.cap_drop {
        check_list(ctx, "cap_drop", drop);
        let drops_all = drop.value.iter().any(|c| normalise(&c.value).0 == "ALL");
        if drop.value.is_empty() {
            ctx.push(
                Diagnostic::new(Code::CapDropEmpty, "/cap_drop", drop.span,
                    "`cap_drop: []` drops nothing: the sandbox keeps every default capability")
                    .help("remove cap_drop to drop ALL (the default), and add back what you need with cap_add")
                    .fix(Applicability::Unsafe, "Remove `cap_drop` to drop ALL capabilities (the default)", remove_cap_drop()),
            );
        } else if !drops_all {
            ctx.push(
                Diagnostic::new(Code::CapDropReplacesAll, "/cap_drop", drop.span,
                    "giving `cap_drop` replaces the default drop of ALL: the capabilities not listed stay")
                    .help("remove cap_drop to keep drop ALL, and add back what you need with cap_add")
                    .fix(Applicability::Unsafe, "Remove `cap_drop` to drop ALL capabilities (the default)", remove_cap_drop()),
            );
        }
    }
    if let Some(add) = &spec.cap_add {
        check_list(ctx, "cap_add", add);
        if let Some(drop) = &spec.cap_drop {
            // Each name dropped: the index of its one spelling in cap_drop, `None` when there
            // are several (dropped twice: no one entry to remove).
            let mut dropped: HashMap<String, Option<usize>> = HashMap::new();
            for (j, d) in drop.value.iter().enumerate() {
                dropped
                    .entry(normalise(&d.value).0)
                    .and_modify(|one| *one = None)
                    .or_insert(Some(j));
            }
            // The names whose cap_drop entry a fix already removes: one fix per entry, however
            // often cap_add repeats the name.
            let mut offered = HashSet::new();
            for (i, item) in add.value.iter().enumerate() {
                let name = normalise(&item.value).0;
                let Some(one) = dropped.get(&name).filter(|_| name != "ALL") else {
                    continue;
                };
                // containerd and CRI-O apply the named drops after the named adds: it is
                // dropped, and leaving cap_add keeps it so.
                let mut diagnostic = Diagnostic::new(Code::CapabilityAddedAndDropped, format!("/cap_add/{i}"), item.span,
                    format!("`{name}` is both added and dropped"))
                    .help("keep it in one list: the container runtime (containerd, CRI-O) applies cap_drop after cap_add, so it is dropped")
                    .fix(Applicability::Safe, format!("Remove `{}` from `cap_add` (it stays dropped)", item.value), vec![Operation::Remove { path: format!("/cap_add/{i}") }]);
                if let Some(j) = one.filter(|_| offered.insert(name.clone())) {
                    diagnostic = diagnostic.fix(
                        Applicability::Unsafe,
                        format!("Remove `{name}` from `cap_drop` (it is added)"),
                        vec![Operation::Remove {
                            path: format!("/cap_drop/{j}"),
                        }],
                    );
                }
                ctx.push(diagnostic);
            }
        }
    }
    let pod = Spec::flag(&spec.pod_non_root);
    let container = Spec::flag(&spec.container_non_root);
    if pod != container {
        let (set, unset, span) = if pod {
            (
                "pod_non_root",
                "container_non_root",
                spec.pod_non_root.as_ref().and_then(|f| f.span),
            )
        } else {
            (
                "container_non_root",
                "pod_non_root",
                spec.container_non_root.as_ref().and_then(|f| f.span),
            )
        };
        ctx.push(
            Diagnostic::new(
                Code::NonRootPartial,
                format!("/{set}"),
                span,
                format!("`{set}` is on but `{unset}` is not"),
            )
            .help(format!(
                "enable both flags for consistent non-root behaviour: add `{unset}: true`"
            ))
            .fix(
                Applicability::Unsafe,
                format!("Set `{unset}: true`"),
                vec![Operation::Set {
                    path: format!("/{unset}"),
                    value: true.into(),
                }],
            ),
        );
    }
}
