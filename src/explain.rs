//! The explanation: what a rendered sandbox can reach, who can reach it, how hardened its pod
//! is, and how that changes from start to lockdown, in sentences a newcomer understands.
//!
//! The security level is computed from the rendered pod itself, by the rules of the Kubernetes
//! Pod Security Standards; [`SECURITY_CHECKS`] lists them with the matching checks of
//! kube-linter, checkov and Polaris.

use k8s_openapi::api::core::v1::{Container, PodSpec, SeccompProfile, SecurityContext};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Topic};
use crate::render::Object;
use crate::sandbox::Sandbox;
use crate::spec::Source;

/// What [`render`](crate::render()) says about a valid spec. Serialises exactly as API.md's `Explanation`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    /// Outbound traffic after lockdown.
    pub egress: Egress,
    /// Incoming traffic.
    pub ingress: Ingress,
    /// How hardened the pod is.
    pub security: Security,
    /// How egress changes over the sandbox's life: start, before_script (when there is one),
    /// locked down.
    pub phases: Vec<Phase>,
}

/// The egress policy in force after `before_script`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EgressMode {
    /// No whitelist: the internet is reachable.
    Open,
    /// `egress_whitelist: []`: nothing is reachable.
    Blocked,
    /// Only the listed ranges are reachable.
    CidrOnly,
    /// The listed names (and ranges) are reachable, through the cluster DNS.
    Fqdn,
}

/// Whether names resolve after lockdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dns {
    /// Any resolver is reachable.
    Allowed,
    /// No resolver is reachable (unless a listed range holds one).
    Blocked,
    /// Only the cluster DNS, inspected by Cilium.
    ClusterDns,
}

/// Outbound traffic after lockdown.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Egress {
    /// The kind of policy.
    pub mode: EgressMode,
    /// Whether names resolve.
    pub dns: Dns,
    /// The normalised CIDRs that stay reachable.
    pub ranges: Vec<String>,
    /// The DNS names (and `*.` patterns) that stay reachable.
    pub names: Vec<String>,
    /// One sentence.
    pub summary: String,
    /// The consequences, one sentence each.
    pub details: Vec<String>,
}

/// Incoming traffic.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ingress {
    /// One sentence.
    pub summary: String,
    /// The consequences, one sentence each.
    pub details: Vec<String>,
}

/// A level of the Pod Security Standards, from the strictest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Hardened: non-root, no escalation, drop ALL, seccomp.
    Restricted,
    /// Prevents known privilege escalations.
    Baseline,
    /// Unrestricted.
    Privileged,
}

/// The Pod Security Standards level the pod meets, and why not a stricter one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Security {
    /// The strictest level every check of which the pod passes.
    pub level: Level,
    /// One sentence.
    pub summary: String,
    /// Each unmet check, named, then notes; one sentence each.
    pub details: Vec<String>,
}

/// One phase of the sandbox's life.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Phase {
    /// `start`, `before_script` or `locked down`.
    pub name: String,
    /// The egress in force: `open`, or the lockdown's mode (`blocked`, `cidr-only`, `fqdn`).
    pub egress: String,
    /// One sentence.
    pub summary: String,
}

/// A control of the Pod Security Standards, and the checks of common linters that test the
/// same thing (empty where a tool has none).
#[derive(Debug)]
pub struct SecurityCheck {
    /// The control's name in the Kubernetes documentation.
    pub name: &'static str,
    /// The level that requires it.
    pub level: Level,
    /// kube-linter check names.
    pub kube_linter: &'static [&'static str],
    /// checkov check ids.
    pub checkov: &'static [&'static str],
    /// Polaris check ids.
    pub polaris: &'static [&'static str],
}

macro_rules! check {
    ($name:literal, $level:ident, [$($kl:literal),*], [$($ck:literal),*], [$($po:literal),*]) => {
        SecurityCheck {
            name: $name,
            level: Level::$level,
            kube_linter: &[$($kl),*],
            checkov: &[$($ck),*],
            polaris: &[$($po),*],
        }
    };
}

/// The controls of the Pod Security Standards that the explanation evaluates, baseline first.
///
/// ```
/// let names: Vec<_> = k7_spec::SECURITY_CHECKS.iter().map(|c| c.name).collect();
/// assert!(names.contains(&"Privilege Escalation"));
/// ```
pub const SECURITY_CHECKS: &[SecurityCheck] = &[
    check!("HostProcess", Baseline, [], [], []),
    check!(
        "Host Namespaces",
        Baseline,
        ["host-network", "host-pid", "host-ipc"],
        ["CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19"],
        ["hostNetworkSet", "hostPIDSet", "hostIPCSet"]
    ),
    check!(
        "Privileged Containers",
        Baseline,
        ["privileged-container"],
        ["CKV_K8S_16"],
        ["runAsPrivileged"]
    ),
    check!(
        "Capabilities (baseline)",
        Baseline,
        [],
        ["CKV_K8S_25", "CKV_K8S_39"],
        ["dangerousCapabilities", "insecureCapabilities"]
    ),
    check!(
        "HostPath Volumes",
        Baseline,
        [
            "sensitive-host-mounts",
            "writable-host-mount",
            "docker-sock"
        ],
        ["CKV_K8S_27"],
        []
    ),
    check!("Host Ports", Baseline, [], ["CKV_K8S_26"], ["hostPortSet"]),
    check!("AppArmor", Baseline, [], [], []),
    check!("SELinux", Baseline, [], [], []),
    check!("/proc Mount Type", Baseline, ["unsafe-proc-mount"], [], []),
    check!("Seccomp (baseline)", Baseline, [], ["CKV_K8S_31"], []),
    check!("Sysctls", Baseline, ["unsafe-sysctls"], [], []),
    check!("Volume Types", Restricted, [], [], []),
    check!(
        "Privilege Escalation",
        Restricted,
        ["privilege-escalation-container"],
        ["CKV_K8S_20"],
        ["privilegeEscalationAllowed"]
    ),
    check!(
        "Running as Non-root",
        Restricted,
        ["run-as-non-root"],
        ["CKV_K8S_23"],
        ["runAsRootAllowed"]
    ),
    check!(
        "Running as Non-root user",
        Restricted,
        ["run-as-non-root"],
        ["CKV_K8S_23", "CKV_K8S_40"],
        ["runAsRootAllowed"]
    ),
    check!("Seccomp (restricted)", Restricted, [], ["CKV_K8S_31"], []),
    check!(
        "Capabilities (restricted)",
        Restricted,
        ["drop-net-raw-capability"],
        ["CKV_K8S_28", "CKV_K8S_37"],
        ["insecureCapabilities"]
    ),
];

/// Capabilities the baseline level lets a container add.
const BASELINE_CAPABILITIES: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// Sysctls the baseline level allows.
const SAFE_SYSCTLS: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];

/// Explains a rendered sandbox; `diagnostics` are the validator's findings, reused as caveats.
pub(crate) fn explain(s: &Sandbox, objects: &[Object], diagnostics: &[Diagnostic]) -> Explanation {
    let egress = egress(s, diagnostics);
    let phases = phases(s, &egress);
    Explanation {
        ingress: ingress(s, diagnostics),
        security: security(objects.iter().find_map(Object::pod_spec), diagnostics),
        egress,
        phases,
    }
}

/// The validator's findings that the code registry files under `topic`, as sentences.
fn findings(diagnostics: &[Diagnostic], topic: Topic, lead: &str) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.code.topic() == Some(topic))
        .map(|d| format!("{lead}{}.", d.message))
        .collect()
}

/// `a`, `a and b`, `a, b and c`; long lists end with `and N more`.
fn list<S: AsRef<str>>(items: &[S]) -> String {
    const SHOWN: usize = 4;
    let join = |items: &[S]| -> String {
        let words: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
        words.join(", ")
    };
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        _ if items.len() > SHOWN + 1 => format!(
            "{} and {} more",
            join(items.get(..SHOWN).unwrap_or_default()),
            items.len() - SHOWN
        ),
        [init @ .., last] => format!("{} and {}", join(init), last.as_ref()),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

const EXEC_UNAFFECTED: &str = "`kubectl exec` and `k7 shell` go through the Kubernetes API server, not the pod network, so no policy ever blocks them.";

fn egress(s: &Sandbox, diagnostics: &[Diagnostic]) -> Egress {
    let name = &s.name;
    let Some(w) = &s.egress else {
        return Egress {
            mode: EgressMode::Open,
            dns: Dns::Allowed,
            ranges: Vec::new(),
            names: Vec::new(),
            summary: "Egress is open: the sandbox can reach the whole internet, and names resolve.".into(),
            details: vec![
                "No egress policy is applied, because the spec has no `egress_whitelist`.".into(),
                "Code in the sandbox can download anything and send data anywhere.".into(),
                "Caveat: open egress also reaches the cluster's own services and, on a cloud, the metadata service 169.254.169.254, unless the cluster blocks them.".into(),
                "Add `egress_whitelist: []` to block all egress after before_script, or list the CIDRs and names the sandbox needs.".into(),
            ],
        };
    };
    let ranges: Vec<String> = w.ranges.iter().map(ToString::to_string).collect();
    let names = w.names.clone();
    let mut details = Vec::new();
    let caveats = findings(diagnostics, Topic::Egress, "Caveat: ");
    let mitigations = [
        "To work without DNS, fetch what the sandbox needs in before_script, which runs before the lockdown with open egress.",
        "Or bake the dependencies into the image, which is also the reproducible choice for production.",
        "Or whitelist only IP ranges, and if names must resolve, an internal DNS server or an egress proxy; any other DNS exception is a cluster-level override that K7 does not provide.",
    ];
    let (allows_all, public_dns) = (w.allows_all, w.public_dns);
    let (mode, dns, summary) = if ranges.is_empty() && names.is_empty() {
        details.push(format!(
            "The NetworkPolicy `{name}-netpol` has no egress rule, so every outbound packet is dropped, DNS queries included."
        ));
        details.push("What still works: everything inside the sandbox, answers to the connections its ingress policy admits, and `kubectl exec` or `k7 shell`.".into());
        details.push("What breaks: name resolution, package installs (`apk add`, `pip install`, `apt-get install`) and every download after lockdown.".into());
        details.extend(mitigations.map(String::from));
        (
            EgressMode::Blocked,
            Dns::Blocked,
            "After lockdown, all egress is blocked: no outbound connection, and no DNS.".to_owned(),
        )
    } else if names.is_empty() {
        details.push(format!(
            "The NetworkPolicy `{name}-netpol` allows connections to {}, on every port and protocol, and drops everything else.",
            plural(ranges.len(), "range", "ranges")
        ));
        let summary = if allows_all {
            details
                .push("DNS works: with every address allowed, every resolver is reachable.".into());
            "After lockdown, the whitelist still allows every address: egress stays as open as without one.".to_owned()
        } else if public_dns {
            details.push("DNS is not blocked: a whitelisted range holds a public resolver, so names resolve and DNS-over-HTTPS can carry anything out.".into());
            format!(
                "After lockdown, the sandbox can reach only {}, but DNS still works through a public resolver.",
                list(&ranges)
            )
        } else {
            details.push("DNS is blocked: no DNS server is reachable unless a listed range holds one, so names stop resolving and connecting by name fails.".into());
            details.push("What breaks: package installs and downloads from hosts outside these ranges, and anything that needs a name resolved.".into());
            details.extend(mitigations.map(String::from));
            format!(
                "After lockdown, the sandbox can reach only {}, and DNS is blocked.",
                list(&ranges)
            )
        };
        (
            EgressMode::CidrOnly,
            if public_dns {
                Dns::Allowed
            } else {
                Dns::Blocked
            },
            summary,
        )
    } else {
        details.push(format!(
            "The CiliumNetworkPolicy `{name}-egress` needs the Cilium CNI: Cilium's DNS proxy sees every answer and opens only the addresses of the whitelisted names."
        ));
        if public_dns {
            details.push("DNS is not limited to the cluster DNS: a whitelisted public resolver or DNS-over-HTTPS service answers any name, and can carry anything out.".into());
        } else {
            details.push("DNS queries may go only to the cluster DNS (kube-dns, port 53 over UDP and TCP); other resolvers are blocked.".into());
        }
        details.push("Any name can still be looked up (the DNS rule matches `*`), so data can leak out through DNS queries; only connections are restricted.".into());
        if names.iter().any(|n| n.starts_with("*.")) {
            details.push("A `*.` name becomes the pattern `**.`, which matches subdomains at any depth (on Cilium releases that know `**`; check yours, older ones match a single label) but never the domain itself: list `example.com` as well as `*.example.com` if both are needed.".into());
        }
        if !ranges.is_empty() {
            let (the, verb) = if ranges.len() == 1 {
                ("range", "is")
            } else {
                ("ranges", "are")
            };
            details.push(format!(
                "The {the} {} {verb} reachable on every port, without DNS.",
                list(&ranges)
            ));
        }
        details.push("What breaks: hosts that are not listed, including those a download redirects to (pypi.org serves its files from files.pythonhosted.org), and connections by IP address to anything not listed.".into());
        let reach: Vec<&String> = names.iter().chain(&ranges).collect();
        (
            EgressMode::Fqdn,
            if public_dns {
                Dns::Allowed
            } else {
                Dns::ClusterDns
            },
            format!(
                "After lockdown, the sandbox can reach only {}, resolving names through the cluster DNS.",
                list(&reach)
            ),
        )
    };
    details.extend(caveats);
    Egress {
        mode,
        dns,
        ranges,
        names,
        summary,
        details,
    }
}

fn describe_source(s: &Sandbox, source: &Source) -> (String, String) {
    match source {
        Source::Sandbox(n) => (
            format!("the sandbox `{n}`"),
            format!(
                "`sandbox:{n}` admits the pods labelled `katakate.org/sandbox: {n}` in the namespace `{}`.",
                s.namespace
            ),
        ),
        Source::Namespace(ns) => (
            format!("every pod of the namespace `{ns}`"),
            format!("`namespace:{ns}` admits every pod of the namespace `{ns}`."),
        ),
        Source::Cidr(net) => (
            format!("addresses in {net}"),
            format!("`cidr:{net}` admits connections from addresses in {net}."),
        ),
    }
}

fn ingress(s: &Sandbox, diagnostics: &[Diagnostic]) -> Ingress {
    let mut details = vec![
        format!(
            "The NetworkPolicy `{}-deny-ingress` blocks every incoming connection by default, from other sandboxes too.",
            s.name
        ),
        "Pods in the kube-system namespace are admitted on every port, so the cluster's own components keep working.".into(),
    ];
    let summary = if s.ingress_ports.is_empty() {
        "Nothing can connect to the sandbox except the kube-system namespace; other sandboxes and pods are blocked.".to_owned()
    } else {
        let ports: Vec<String> = s.ingress_ports.iter().map(ToString::to_string).collect();
        let ports = format!(
            "TCP {} {}",
            if ports.len() == 1 { "port" } else { "ports" },
            list(&ports)
        );
        let who = if s.ingress_from.is_empty() {
            details.push(format!(
                "With ports but no `ingress_from`, only the sandboxes of the namespace `{}` may connect: opening a port never opens it to the world.",
                s.namespace
            ));
            format!("the sandboxes of the namespace `{}`", s.namespace)
        } else {
            let (who, why): (Vec<String>, Vec<String>) = s
                .ingress_from
                .iter()
                .map(|src| describe_source(s, src))
                .unzip();
            details.extend(why);
            list(&who)
        };
        format!(
            "Only {who} can connect, on {ports}; apart from them, only the kube-system namespace can."
        )
    };
    if !s.expose_ports.is_empty() {
        let ports: Vec<String> = s.expose_ports.iter().map(ToString::to_string).collect();
        details.push(format!(
            "The NodePort Service `{}-expose` publishes {} {} on every node; only the node that runs the sandbox answers (`externalTrafficPolicy: Local`), and clients keep their address, so the `cidr:` sources decide who outside the cluster gets through.",
            s.name,
            if ports.len() == 1 { "port" } else { "ports" },
            list(&ports)
        ));
    }
    details.extend(findings(diagnostics, Topic::Ingress, "Caveat: "));
    details.push(EXEC_UNAFFECTED.into());
    Ingress { summary, details }
}

/// Every container of the pod, init containers first, with its kind for the sentences.
fn containers(pod: &PodSpec) -> impl Iterator<Item = &Container> {
    pod.init_containers.iter().flatten().chain(&pod.containers)
}

fn context(c: &Container) -> Option<&SecurityContext> {
    c.security_context.as_ref()
}

/// The containers named as a subject, the verb agreeing: "`a` runs", "`a` and `b` run".
fn who(cs: &[&Container], one: &str, many: &str) -> String {
    let names: Vec<String> = cs.iter().map(|c| format!("`{}`", c.name)).collect();
    let verb = if names.len() == 1 { one } else { many };
    format!("{} {verb}", list(&names))
}

fn seccomp(profile: Option<&SeccompProfile>) -> Option<&str> {
    profile.map(|p| p.type_.as_str())
}

/// The checks of the Pod Security Standards the pod fails: (check name, why).
fn unmet(pod: &PodSpec) -> Vec<(&'static str, Level, String)> {
    let mut out = Vec::new();
    let mut fail = |name: &'static str, why: String| {
        let level = SECURITY_CHECKS
            .iter()
            .find(|c| c.name == name)
            .map_or(Level::Baseline, |c| c.level);
        out.push((name, level, why));
    };
    let all: Vec<&Container> = containers(pod).collect();
    let pod_ctx = pod.security_context.as_ref();
    let which = |pred: &dyn Fn(&Container) -> bool| -> Vec<&Container> {
        all.iter().copied().filter(|c| pred(c)).collect()
    };

    let host_process = pod_ctx
        .and_then(|p| p.windows_options.as_ref())
        .and_then(|w| w.host_process)
        == Some(true)
        || all.iter().any(|c| {
            context(c)
                .and_then(|x| x.windows_options.as_ref())
                .and_then(|w| w.host_process)
                == Some(true)
        });
    if host_process {
        fail(
            "HostProcess",
            "the pod asks for Windows HostProcess containers".into(),
        );
    }
    let shared: Vec<&str> = [
        ("hostNetwork", pod.host_network),
        ("hostPID", pod.host_pid),
        ("hostIPC", pod.host_ipc),
    ]
    .into_iter()
    .filter(|(_, v)| *v == Some(true))
    .map(|(n, _)| n)
    .collect();
    if !shared.is_empty() {
        fail(
            "Host Namespaces",
            format!("the pod sets {}", shared.join(", ")),
        );
    }
    let privileged = which(&|c| context(c).and_then(|x| x.privileged) == Some(true));
    if !privileged.is_empty() {
        fail(
            "Privileged Containers",
            format!("{} privileged", who(&privileged, "runs", "run")),
        );
    }
    let added = |c: &Container| -> Vec<String> {
        context(c)
            .and_then(|x| x.capabilities.as_ref())
            .and_then(|k| k.add.clone())
            .unwrap_or_default()
    };
    let beyond = which(&|c| {
        added(c)
            .iter()
            .any(|a| !BASELINE_CAPABILITIES.contains(&a.as_str()))
    });
    if !beyond.is_empty() {
        fail(
            "Capabilities (baseline)",
            format!(
                "{} capabilities beyond the default set",
                who(&beyond, "adds", "add")
            ),
        );
    }
    if pod.volumes.iter().flatten().any(|v| v.host_path.is_some()) {
        fail(
            "HostPath Volumes",
            "the pod mounts a hostPath volume".into(),
        );
    }
    let host_ports = which(&|c| {
        c.ports
            .iter()
            .flatten()
            .any(|p| p.host_port.is_some_and(|h| h != 0))
    });
    if !host_ports.is_empty() {
        fail(
            "Host Ports",
            format!("{} host ports", who(&host_ports, "uses", "use")),
        );
    }
    let bad_apparmor =
        |t: Option<&str>| t.is_some_and(|t| t != "RuntimeDefault" && t != "Localhost");
    if bad_apparmor(
        pod_ctx
            .and_then(|p| p.app_armor_profile.as_ref())
            .map(|a| a.type_.as_str()),
    ) || all.iter().any(|c| {
        bad_apparmor(
            context(c)
                .and_then(|x| x.app_armor_profile.as_ref())
                .map(|a| a.type_.as_str()),
        )
    }) {
        fail(
            "AppArmor",
            "an AppArmor profile is set to Unconfined".into(),
        );
    }
    let bad_selinux = |o: Option<&k8s_openapi::api::core::v1::SELinuxOptions>| {
        o.is_some_and(|o| {
            o.user.is_some()
                || o.role.is_some()
                || o.type_.as_deref().is_some_and(|t| {
                    !matches!(
                        t,
                        "" | "container_t"
                            | "container_init_t"
                            | "container_kvm_t"
                            | "container_engine_t"
                    )
                })
        })
    };
    if bad_selinux(pod_ctx.and_then(|p| p.se_linux_options.as_ref()))
        || all
            .iter()
            .any(|c| bad_selinux(context(c).and_then(|x| x.se_linux_options.as_ref())))
    {
        fail("SELinux", "custom SELinux options are set".into());
    }
    let unmasked = which(&|c| {
        context(c)
            .and_then(|x| x.proc_mount.as_deref())
            .is_some_and(|m| m != "Default")
    });
    if !unmasked.is_empty() {
        fail(
            "/proc Mount Type",
            format!("{} /proc", who(&unmasked, "unmasks", "unmask")),
        );
    }
    let pod_seccomp = seccomp(pod_ctx.and_then(|p| p.seccomp_profile.as_ref()));
    let unconfined = pod_seccomp == Some("Unconfined")
        || all.iter().any(|c| {
            seccomp(context(c).and_then(|x| x.seccomp_profile.as_ref())) == Some("Unconfined")
        });
    if unconfined {
        fail(
            "Seccomp (baseline)",
            "a seccomp profile is set to Unconfined".into(),
        );
    }
    let unsafe_sysctls: Vec<&str> = pod_ctx
        .and_then(|p| p.sysctls.as_ref())
        .into_iter()
        .flatten()
        .map(|s| s.name.as_str())
        .filter(|n| !SAFE_SYSCTLS.contains(n))
        .collect();
    if !unsafe_sysctls.is_empty() {
        fail(
            "Sysctls",
            format!(
                "the pod sets the unsafe sysctls {}",
                unsafe_sysctls.join(", ")
            ),
        );
    }

    let restricted_volume = pod.volumes.iter().flatten().find(|v| {
        !(v.config_map.is_some()
            || v.csi.is_some()
            || v.downward_api.is_some()
            || v.empty_dir.is_some()
            || v.ephemeral.is_some()
            || v.persistent_volume_claim.is_some()
            || v.projected.is_some()
            || v.secret.is_some())
    });
    if let Some(v) = restricted_volume {
        fail(
            "Volume Types",
            format!("the volume `{}` is not of an allowed type", v.name),
        );
    }
    let escalating =
        which(&|c| context(c).and_then(|x| x.allow_privilege_escalation) != Some(false));
    if !escalating.is_empty() {
        fail(
            "Privilege Escalation",
            format!(
                "{} not set allowPrivilegeEscalation: false",
                who(&escalating, "does", "do")
            ),
        );
    }
    let pod_non_root = pod_ctx.and_then(|p| p.run_as_non_root);
    let root_ok = |c: &Container| match context(c).and_then(|x| x.run_as_non_root) {
        Some(v) => v,
        None => pod_non_root == Some(true),
    };
    let maybe_root = which(&|c| !root_ok(c));
    if !maybe_root.is_empty() {
        let hint = if maybe_root.iter().any(|c| c.name == "sandbox") {
            " (set both pod_non_root and container_non_root)"
        } else {
            ""
        };
        fail(
            "Running as Non-root",
            format!(
                "{} not require runAsNonRoot{hint}",
                who(&maybe_root, "does", "do")
            ),
        );
    }
    let uid0 = which(&|c| match context(c).and_then(|x| x.run_as_user) {
        Some(uid) => uid == 0,
        None => pod_ctx.and_then(|p| p.run_as_user) == Some(0),
    });
    if !uid0.is_empty() {
        fail(
            "Running as Non-root user",
            format!("{} as user 0", who(&uid0, "runs", "run")),
        );
    }
    let confined = |t: Option<&str>| matches!(t, Some("RuntimeDefault" | "Localhost"));
    let no_seccomp = which(&|c| {
        let own = seccomp(context(c).and_then(|x| x.seccomp_profile.as_ref()));
        !confined(own.or(pod_seccomp))
    });
    if !no_seccomp.is_empty() {
        fail(
            "Seccomp (restricted)",
            format!(
                "{} no RuntimeDefault or Localhost seccomp profile",
                who(&no_seccomp, "has", "have")
            ),
        );
    }
    let caps = which(&|c| {
        let k = context(c).and_then(|x| x.capabilities.as_ref());
        let drops_all = k
            .and_then(|k| k.drop.as_ref())
            .is_some_and(|d| d.iter().any(|d| d == "ALL"));
        let adds_only_bind = added(c).iter().all(|a| a == "NET_BIND_SERVICE");
        !(drops_all && adds_only_bind)
    });
    if !caps.is_empty() {
        fail(
            "Capabilities (restricted)",
            format!(
                "{} not drop ALL capabilities and add back only NET_BIND_SERVICE",
                who(&caps, "does", "do")
            ),
        );
    }
    out
}

fn security(pod: Option<&PodSpec>, diagnostics: &[Diagnostic]) -> Security {
    let unmet = pod.map(unmet).unwrap_or_default();
    let level = if unmet.iter().any(|(_, l, _)| *l == Level::Baseline) {
        Level::Privileged
    } else if unmet.is_empty() {
        Level::Restricted
    } else {
        Level::Baseline
    };
    let count = |l: Level| unmet.iter().filter(|(_, lv, _)| *lv == l).count();
    let summary = match level {
        Level::Restricted => "The pod meets the restricted level of the Pod Security Standards, the strictest: non-root, no privilege escalation, every capability dropped, seccomp on.".to_owned(),
                Level::Baseline => format!(
            "The pod meets the baseline level of the Pod Security Standards, but not restricted: {} {}.",
            plural(count(Level::Restricted), "check", "checks"),
            if count(Level::Restricted) == 1 { "fails" } else { "fail" }
        ),
        Level::Privileged => format!(
            "The pod meets only the privileged level of the Pod Security Standards, which restricts nothing: {} {}.",
            plural(count(Level::Baseline), "baseline check", "baseline checks"),
            if count(Level::Baseline) == 1 { "fails" } else { "fail" }
        ),
    };
    let mut details: Vec<String> = unmet
        .iter()
        .map(|(name, l, why)| {
            let level = if *l == Level::Baseline {
                "baseline"
            } else {
                "restricted"
            };
            format!("Fails the {level} check “{name}”: {why}.")
        })
        .collect();
    details.extend(findings(diagnostics, Topic::Security, "Note: "));
    if let Some(rc) = pod.and_then(|p| p.runtime_class_name.as_deref()) {
        details.push(format!(
            "The sandbox also runs in its own microVM (runtime class `{rc}`), a second boundary that the Pod Security Standards do not measure."
        ));
    }
    // Not a Pod Security Standards control, but the one credential every pod gets by default.
    if pod.is_some_and(|p| p.automount_service_account_token != Some(false)) {
        details.push("The pod mounts its service account's token, as Kubernetes does by default: code in the sandbox can call the API server with it, and the account's RBAC decides what that allows.".into());
    }
    Security {
        level,
        summary,
        details,
    }
}

fn phases(s: &Sandbox, egress: &Egress) -> Vec<Phase> {
    let mut phases = vec![Phase {
        name: "start".into(),
        egress: "open".into(),
        summary: "The pod starts with no egress policy yet, so outbound traffic is open.".into(),
    }];
    if s.before_script {
        phases.push(Phase {
            name: "before_script".into(),
            egress: "open".into(),
            summary: format!(
                "before_script runs once inside the sandbox with open egress, so it can install packages; the sandbox becomes Ready when it leaves its marker /tmp/k7_before_done_{}.",
                s.name
            ),
        });
    }
    let after = if s.before_script {
        "After before_script"
    } else {
        "Once the sandbox is Ready"
    };
    let stay = |n: usize| if n == 1 { "stays" } else { "stay" };
    let (mode, summary) = match egress.mode {
        EgressMode::Open => (
            "open",
            "No egress_whitelist: no egress policy is applied, and egress stays open for the sandbox's whole life.".to_owned(),
        ),
        EgressMode::Blocked => (
            "blocked",
            format!("{after}, K7 applies `{}-netpol`: all egress, DNS included, is blocked from then on.", s.name),
        ),
        EgressMode::CidrOnly => (
            "cidr-only",
            format!(
                "{after}, K7 applies `{}-netpol`: only {} {} reachable, and DNS {}.",
                s.name,
                list(&egress.ranges),
                stay(egress.ranges.len()),
                if egress.dns == Dns::Blocked {
                    "is blocked"
                } else {
                    "still works through a public resolver"
                }
            ),
        ),
        EgressMode::Fqdn => (
            "fqdn",
            format!(
                "{after}, K7 applies `{}-egress`: only the whitelisted names and ranges stay reachable, through the cluster DNS.",
                s.name
            ),
        ),
    };
    phases.push(Phase {
        name: "locked down".into(),
        egress: mode.into(),
        summary,
    });
    phases
}
