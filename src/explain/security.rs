//! The Pod Security Standards over the rendered pod: [`SECURITY_CHECKS`] is one table whose rows
//! each name a control, the level that requires it, the predicate that says why a pod fails it,
//! and the checks of kube-linter, checkov and Polaris that cover the same ground. The level a pod
//! meets and the controls it fails come from one loop over that table.

use k8s_openapi::api::core::v1::{Container, PodSecurityContext, PodSpec, SecurityContext};
use serde::Serialize;

use super::{findings, list, plural};
use crate::diagnostic::{Diagnostic, Topic};

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

impl Level {
    /// The level's name, as it serialises.
    pub fn name(self) -> &'static str {
        match self {
            Level::Restricted => "restricted",
            Level::Baseline => "baseline",
            Level::Privileged => "privileged",
        }
    }
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

/// A control of the Pod Security Standards, how to test a pod against it, and the checks of
/// common linters that test the same thing (empty where a tool has none).
#[derive(Debug)]
pub struct SecurityCheck {
    /// A stable kebab-case id: `host-namespaces`.
    pub id: &'static str,
    /// The control's name in the Kubernetes documentation.
    pub name: &'static str,
    /// The level that requires it.
    pub level: Level,
    /// Why the pod fails the control, as a clause ("the pod sets hostNetwork"), or `None` when
    /// it passes.
    pub fails: fn(&PodSpec) -> Option<String>,
    /// kube-linter check names.
    pub kube_linter: &'static [&'static str],
    /// checkov check ids.
    pub checkov: &'static [&'static str],
    /// Polaris check ids.
    pub polaris: &'static [&'static str],
}

macro_rules! check {
    ($id:literal, $name:literal, $level:ident, $fails:expr,
     [$($kl:literal),*], [$($ck:literal),*], [$($po:literal),*]) => {
        SecurityCheck {
            id: $id,
            name: $name,
            level: Level::$level,
            fails: $fails,
            kube_linter: &[$($kl),*],
            checkov: &[$($ck),*],
            polaris: &[$($po),*],
        }
    };
}

/// The controls of the Pod Security Standards that the explanation evaluates, baseline first; the
/// explanation names the failed ones in this order.
///
/// ```
/// let names: Vec<_> = k7_spec::SECURITY_CHECKS.iter().map(|c| c.name).collect();
/// assert!(names.contains(&"Privilege Escalation"));
/// ```
pub const SECURITY_CHECKS: &[SecurityCheck] = &[
    check!(
        "host-process",
        "HostProcess",
        Baseline,
        host_process,
        [],
        [],
        []
    ),
    check!(
        "host-namespaces",
        "Host Namespaces",
        Baseline,
        host_namespaces,
        ["host-network", "host-pid", "host-ipc"],
        ["CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19"],
        ["hostNetworkSet", "hostPIDSet", "hostIPCSet"]
    ),
    check!(
        "privileged-containers",
        "Privileged Containers",
        Baseline,
        privileged_containers,
        ["privileged-container"],
        ["CKV_K8S_16"],
        ["runAsPrivileged"]
    ),
    check!(
        "capabilities-baseline",
        "Capabilities (baseline)",
        Baseline,
        capabilities_baseline,
        [],
        ["CKV_K8S_25", "CKV_K8S_39"],
        ["dangerousCapabilities", "insecureCapabilities"]
    ),
    check!(
        "host-path-volumes",
        "HostPath Volumes",
        Baseline,
        host_path_volumes,
        [
            "sensitive-host-mounts",
            "writable-host-mount",
            "docker-sock"
        ],
        ["CKV_K8S_27"],
        []
    ),
    check!(
        "host-ports",
        "Host Ports",
        Baseline,
        host_ports,
        [],
        ["CKV_K8S_26"],
        ["hostPortSet"]
    ),
    check!("apparmor", "AppArmor", Baseline, apparmor, [], [], []),
    check!("selinux", "SELinux", Baseline, selinux, [], [], []),
    check!(
        "proc-mount-type",
        "/proc Mount Type",
        Baseline,
        proc_mount_type,
        ["unsafe-proc-mount"],
        [],
        []
    ),
    check!(
        "seccomp-baseline",
        "Seccomp (baseline)",
        Baseline,
        seccomp_baseline,
        [],
        ["CKV_K8S_31"],
        []
    ),
    check!(
        "sysctls",
        "Sysctls",
        Baseline,
        sysctls,
        ["unsafe-sysctls"],
        [],
        []
    ),
    check!(
        "volume-types",
        "Volume Types",
        Restricted,
        volume_types,
        [],
        [],
        []
    ),
    check!(
        "privilege-escalation",
        "Privilege Escalation",
        Restricted,
        privilege_escalation,
        ["privilege-escalation-container"],
        ["CKV_K8S_20"],
        ["privilegeEscalationAllowed"]
    ),
    check!(
        "running-as-non-root",
        "Running as Non-root",
        Restricted,
        running_as_non_root,
        ["run-as-non-root"],
        ["CKV_K8S_23"],
        ["runAsRootAllowed"]
    ),
    check!(
        "running-as-non-root-user",
        "Running as Non-root user",
        Restricted,
        running_as_non_root_user,
        ["run-as-non-root"],
        ["CKV_K8S_23", "CKV_K8S_40"],
        ["runAsRootAllowed"]
    ),
    check!(
        "seccomp-restricted",
        "Seccomp (restricted)",
        Restricted,
        seccomp_restricted,
        [],
        ["CKV_K8S_31"],
        []
    ),
    check!(
        "capabilities-restricted",
        "Capabilities (restricted)",
        Restricted,
        capabilities_restricted,
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

/// The level the pod meets, every control it fails, then the notes that go with them: the
/// validator's findings, then `notes`.
pub(super) fn security(
    pod: Option<&PodSpec>,
    diagnostics: &[Diagnostic],
    notes: Vec<String>,
) -> Security {
    let failed: Vec<(&SecurityCheck, String)> = pod
        .map(|pod| {
            SECURITY_CHECKS
                .iter()
                .filter_map(|check| Some((check, (check.fails)(pod)?)))
                .collect()
        })
        .unwrap_or_default();
    let count = |l: Level| failed.iter().filter(|(c, _)| c.level == l).count();
    let level = if count(Level::Baseline) > 0 {
        Level::Privileged
    } else if count(Level::Restricted) > 0 {
        Level::Baseline
    } else {
        Level::Restricted
    };
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
    let mut details: Vec<String> = failed
        .iter()
        .map(|(check, why)| {
            format!(
                "Fails the {} check “{}”: {why}.",
                check.level.name(),
                check.name
            )
        })
        .collect();
    // The findings the code registry files under the security topic, as notes: why K7 made
    // the pod this way (the kql backend's privileged mode, the capability lists).
    details.extend(findings(diagnostics, Topic::Security, "Note: "));
    details.extend(notes);
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

/// Every container of the pod, init containers first.
fn containers(pod: &PodSpec) -> impl Iterator<Item = &Container> {
    pod.init_containers.iter().flatten().chain(&pod.containers)
}

fn context(c: &Container) -> Option<&SecurityContext> {
    c.security_context.as_ref()
}

/// The containers `pred` holds for, in the pod's order.
fn matching(pod: &PodSpec, pred: impl Fn(&Container) -> bool) -> Vec<&Container> {
    containers(pod).filter(|c| pred(c)).collect()
}

/// The containers as the subject of a clause, the verb agreeing ("`a` runs privileged", "`a`
/// and `b` run privileged"), or `None` when there are none.
fn subject(cs: &[&Container], one: &str, many: &str, rest: &str) -> Option<String> {
    let names: Vec<String> = cs.iter().map(|c| format!("`{}`", c.name)).collect();
    let verb = if names.len() == 1 { one } else { many };
    (!names.is_empty()).then(|| format!("{} {verb} {rest}", list(&names)))
}

/// Whether a field that both the pod's and the containers' security contexts have is `bad` in
/// the pod's or in any container's.
fn anywhere<T>(
    pod: &PodSpec,
    on_pod: fn(&PodSecurityContext) -> Option<&T>,
    on_container: fn(&SecurityContext) -> Option<&T>,
    bad: fn(&T) -> bool,
) -> bool {
    pod.security_context
        .as_ref()
        .and_then(on_pod)
        .is_some_and(bad)
        || containers(pod)
            .filter_map(context)
            .filter_map(on_container)
            .any(bad)
}

/// The container's own seccomp profile type.
fn seccomp(c: &Container) -> Option<&str> {
    context(c)
        .and_then(|x| x.seccomp_profile.as_ref())
        .map(|p| p.type_.as_str())
}

/// The capabilities the container adds.
fn added(c: &Container) -> &[String] {
    context(c)
        .and_then(|x| x.capabilities.as_ref())
        .and_then(|k| k.add.as_deref())
        .unwrap_or_default()
}

fn host_process(pod: &PodSpec) -> Option<String> {
    anywhere(
        pod,
        |p| p.windows_options.as_ref(),
        |c| c.windows_options.as_ref(),
        |w| w.host_process == Some(true),
    )
    .then(|| "the pod asks for Windows HostProcess containers".into())
}

fn host_namespaces(pod: &PodSpec) -> Option<String> {
    let shared: Vec<&str> = [
        ("hostNetwork", pod.host_network),
        ("hostPID", pod.host_pid),
        ("hostIPC", pod.host_ipc),
    ]
    .into_iter()
    .filter(|(_, v)| *v == Some(true))
    .map(|(n, _)| n)
    .collect();
    (!shared.is_empty()).then(|| format!("the pod sets {}", shared.join(", ")))
}

fn privileged_containers(pod: &PodSpec) -> Option<String> {
    let privileged = matching(pod, |c| context(c).and_then(|x| x.privileged) == Some(true));
    subject(&privileged, "runs", "run", "privileged")
}

fn capabilities_baseline(pod: &PodSpec) -> Option<String> {
    let beyond = matching(pod, |c| {
        added(c)
            .iter()
            .any(|a| !BASELINE_CAPABILITIES.contains(&a.as_str()))
    });
    subject(
        &beyond,
        "adds",
        "add",
        "capabilities beyond the default set",
    )
}

fn host_path_volumes(pod: &PodSpec) -> Option<String> {
    pod.volumes
        .iter()
        .flatten()
        .any(|v| v.host_path.is_some())
        .then(|| "the pod mounts a hostPath volume".into())
}

fn host_ports(pod: &PodSpec) -> Option<String> {
    let host_ports = matching(pod, |c| {
        c.ports
            .iter()
            .flatten()
            .any(|p| p.host_port.is_some_and(|h| h != 0))
    });
    subject(&host_ports, "uses", "use", "host ports")
}

fn apparmor(pod: &PodSpec) -> Option<String> {
    anywhere(
        pod,
        |p| p.app_armor_profile.as_ref(),
        |c| c.app_armor_profile.as_ref(),
        |a| !matches!(a.type_.as_str(), "RuntimeDefault" | "Localhost"),
    )
    .then(|| "an AppArmor profile is set to Unconfined".into())
}

fn selinux(pod: &PodSpec) -> Option<String> {
    anywhere(
        pod,
        |p| p.se_linux_options.as_ref(),
        |c| c.se_linux_options.as_ref(),
        |o| {
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
        },
    )
    .then(|| "custom SELinux options are set".into())
}

fn proc_mount_type(pod: &PodSpec) -> Option<String> {
    let unmasked = matching(pod, |c| {
        context(c)
            .and_then(|x| x.proc_mount.as_deref())
            .is_some_and(|m| m != "Default")
    });
    subject(&unmasked, "unmasks", "unmask", "/proc")
}

fn seccomp_baseline(pod: &PodSpec) -> Option<String> {
    anywhere(
        pod,
        |p| p.seccomp_profile.as_ref(),
        |c| c.seccomp_profile.as_ref(),
        |s| s.type_ == "Unconfined",
    )
    .then(|| "a seccomp profile is set to Unconfined".into())
}

fn sysctls(pod: &PodSpec) -> Option<String> {
    let unsafe_sysctls: Vec<&str> = pod
        .security_context
        .as_ref()
        .and_then(|p| p.sysctls.as_ref())
        .into_iter()
        .flatten()
        .map(|s| s.name.as_str())
        .filter(|n| !SAFE_SYSCTLS.contains(n))
        .collect();
    (!unsafe_sysctls.is_empty()).then(|| {
        format!(
            "the pod sets the unsafe sysctls {}",
            unsafe_sysctls.join(", ")
        )
    })
}

fn volume_types(pod: &PodSpec) -> Option<String> {
    let v = pod.volumes.iter().flatten().find(|v| {
        !(v.config_map.is_some()
            || v.csi.is_some()
            || v.downward_api.is_some()
            || v.empty_dir.is_some()
            || v.ephemeral.is_some()
            || v.persistent_volume_claim.is_some()
            || v.projected.is_some()
            || v.secret.is_some())
    })?;
    Some(format!("the volume `{}` is not of an allowed type", v.name))
}

fn privilege_escalation(pod: &PodSpec) -> Option<String> {
    let escalating = matching(pod, |c| {
        context(c).and_then(|x| x.allow_privilege_escalation) != Some(false)
    });
    subject(
        &escalating,
        "does",
        "do",
        "not set allowPrivilegeEscalation: false",
    )
}

fn running_as_non_root(pod: &PodSpec) -> Option<String> {
    let pod_non_root = pod
        .security_context
        .as_ref()
        .and_then(|p| p.run_as_non_root)
        == Some(true);
    let maybe_root = matching(pod, |c| {
        !context(c)
            .and_then(|x| x.run_as_non_root)
            .unwrap_or(pod_non_root)
    });
    // The sandbox container is K7's, so the spec's two fields are the fix.
    let hint = if maybe_root.iter().any(|c| c.name == "sandbox") {
        " (set both pod_non_root and container_non_root)"
    } else {
        ""
    };
    subject(
        &maybe_root,
        "does",
        "do",
        &format!("not require runAsNonRoot{hint}"),
    )
}

fn running_as_non_root_user(pod: &PodSpec) -> Option<String> {
    let pod_user = pod.security_context.as_ref().and_then(|p| p.run_as_user);
    let uid0 = matching(pod, |c| {
        context(c).and_then(|x| x.run_as_user).or(pod_user) == Some(0)
    });
    subject(&uid0, "runs", "run", "as user 0")
}

fn seccomp_restricted(pod: &PodSpec) -> Option<String> {
    let pod_seccomp = pod
        .security_context
        .as_ref()
        .and_then(|p| p.seccomp_profile.as_ref())
        .map(|p| p.type_.as_str());
    let unconfined = matching(pod, |c| {
        !matches!(
            seccomp(c).or(pod_seccomp),
            Some("RuntimeDefault" | "Localhost")
        )
    });
    subject(
        &unconfined,
        "has",
        "have",
        "no RuntimeDefault or Localhost seccomp profile",
    )
}

fn capabilities_restricted(pod: &PodSpec) -> Option<String> {
    let caps = matching(pod, |c| {
        let drops_all = context(c)
            .and_then(|x| x.capabilities.as_ref())
            .and_then(|k| k.drop.as_ref())
            .is_some_and(|d| d.iter().any(|d| d == "ALL"));
        let adds_only_bind = added(c).iter().all(|a| a == "NET_BIND_SERVICE");
        !(drops_all && adds_only_bind)
    });
    subject(
        &caps,
        "does",
        "do",
        "not drop ALL capabilities and add back only NET_BIND_SERVICE",
    )
}

#[cfg(test)]
mod tests {
    use k8s_openapi::api::core::v1::{
        AppArmorProfile, Capabilities, ContainerPort, EmptyDirVolumeSource, HostPathVolumeSource,
        PodSecurityContext, SELinuxOptions, SeccompProfile, SecretVolumeSource, Sysctl, Volume,
        WindowsSecurityContextOptions,
    };

    use super::*;

    /// The row of the table with this id.
    fn check(id: &str) -> &'static SecurityCheck {
        SECURITY_CHECKS
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("no check `{id}`"))
    }

    /// Asserts that `pod` fails the check `id`, of `level`, for the reason `why`.
    fn assert_fails(id: &str, level: Level, pod: &PodSpec, why: &str) {
        let check = check(id);
        assert_eq!(check.level, level, "{id}");
        assert_eq!((check.fails)(pod).as_deref(), Some(why), "{id}");
    }

    fn assert_passes(id: &str, pod: &PodSpec) {
        assert_eq!((check(id).fails)(pod), None, "{id}");
    }

    /// A container that meets the restricted level on its own.
    fn hardened(name: &str) -> Container {
        Container {
            name: name.into(),
            security_context: Some(SecurityContext {
                allow_privilege_escalation: Some(false),
                run_as_non_root: Some(true),
                seccomp_profile: Some(runtime_default()),
                capabilities: Some(Capabilities {
                    drop: Some(vec!["ALL".into()]),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    /// `hardened(name)` with `change` applied to its security context.
    fn hardened_with(name: &str, change: impl FnOnce(&mut SecurityContext)) -> Container {
        let mut c = hardened(name);
        if let Some(x) = c.security_context.as_mut() {
            change(x);
        }
        c
    }

    fn pod(containers: Vec<Container>) -> PodSpec {
        PodSpec {
            containers,
            ..Default::default()
        }
    }

    fn pod_with_context(context: PodSecurityContext) -> PodSpec {
        PodSpec {
            security_context: Some(context),
            ..pod(vec![hardened("sandbox")])
        }
    }

    fn runtime_default() -> SeccompProfile {
        SeccompProfile {
            type_: "RuntimeDefault".into(),
            ..Default::default()
        }
    }

    fn volume(name: &str, change: impl FnOnce(&mut Volume)) -> Volume {
        let mut v = Volume {
            name: name.into(),
            ..Default::default()
        };
        change(&mut v);
        v
    }

    fn pod_with_volumes(volumes: Vec<Volume>) -> PodSpec {
        PodSpec {
            volumes: Some(volumes),
            ..pod(vec![hardened("sandbox")])
        }
    }

    #[test]
    fn ids_are_unique_and_kebab_case() {
        for (i, c) in SECURITY_CHECKS.iter().enumerate() {
            assert!(
                c.id.split('-')
                    .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())),
                "{}",
                c.id
            );
            assert!(
                SECURITY_CHECKS.iter().skip(i + 1).all(|d| d.id != c.id),
                "{}",
                c.id
            );
        }
    }

    #[test]
    fn the_table_lists_every_baseline_check_before_the_restricted_ones() {
        let levels: Vec<Level> = SECURITY_CHECKS.iter().map(|c| c.level).collect();
        let mut sorted = levels.clone();
        sorted.sort_by_key(|l| std::cmp::Reverse(*l));
        assert_eq!(levels, sorted);
    }

    #[test]
    fn a_hardened_pod_passes_every_check() {
        let p = pod(vec![hardened("sandbox"), hardened("sidecar")]);
        for c in SECURITY_CHECKS {
            assert_eq!((c.fails)(&p), None, "{}", c.id);
        }
    }

    #[test]
    fn a_windows_host_process_pod_fails_host_process_at_baseline() {
        let asks = |on: Option<bool>| WindowsSecurityContextOptions {
            host_process: on,
            ..Default::default()
        };
        let why = "the pod asks for Windows HostProcess containers";
        let on_pod = pod_with_context(PodSecurityContext {
            windows_options: Some(asks(Some(true))),
            ..Default::default()
        });
        assert_fails("host-process", Level::Baseline, &on_pod, why);
        let on_container = pod(vec![hardened_with("sandbox", |x| {
            x.windows_options = Some(asks(Some(true)));
        })]);
        assert_fails("host-process", Level::Baseline, &on_container, why);
        let off = pod_with_context(PodSecurityContext {
            windows_options: Some(asks(Some(false))),
            ..Default::default()
        });
        assert_passes("host-process", &off);
    }

    #[test]
    fn a_pod_with_host_network_fails_host_namespaces_at_baseline() {
        let shared = PodSpec {
            host_network: Some(true),
            host_ipc: Some(true),
            ..pod(vec![hardened("sandbox")])
        };
        assert_fails(
            "host-namespaces",
            Level::Baseline,
            &shared,
            "the pod sets hostNetwork, hostIPC",
        );
        let own = PodSpec {
            host_network: Some(false),
            host_pid: Some(false),
            ..pod(vec![hardened("sandbox")])
        };
        assert_passes("host-namespaces", &own);
    }

    #[test]
    fn privileged_containers_fail_privileged_containers_at_baseline() {
        let privileged = |name| hardened_with(name, |x| x.privileged = Some(true));
        assert_fails(
            "privileged-containers",
            Level::Baseline,
            &pod(vec![privileged("sandbox"), privileged("dind")]),
            "`sandbox` and `dind` run privileged",
        );
        let unprivileged = hardened_with("sandbox", |x| x.privileged = Some(false));
        assert_passes("privileged-containers", &pod(vec![unprivileged]));
    }

    #[test]
    fn adding_sys_admin_fails_capabilities_at_baseline_but_chown_does_not() {
        let adding = |caps: &[&str]| {
            hardened_with("sandbox", |x| {
                x.capabilities = Some(Capabilities {
                    add: Some(caps.iter().map(|&c| c.into()).collect()),
                    ..Default::default()
                });
            })
        };
        assert_fails(
            "capabilities-baseline",
            Level::Baseline,
            &pod(vec![adding(&["CHOWN", "SYS_ADMIN"])]),
            "`sandbox` adds capabilities beyond the default set",
        );
        assert_passes(
            "capabilities-baseline",
            &pod(vec![adding(&["CHOWN", "NET_BIND_SERVICE"])]),
        );
    }

    #[test]
    fn a_host_path_volume_fails_host_path_volumes_at_baseline() {
        let docker = volume("docker", |v| {
            v.host_path = Some(HostPathVolumeSource {
                path: "/var/run/docker.sock".into(),
                ..Default::default()
            });
        });
        assert_fails(
            "host-path-volumes",
            Level::Baseline,
            &pod_with_volumes(vec![docker]),
            "the pod mounts a hostPath volume",
        );
        let scratch = volume("scratch", |v| {
            v.empty_dir = Some(EmptyDirVolumeSource::default());
        });
        assert_passes("host-path-volumes", &pod_with_volumes(vec![scratch]));
    }

    #[test]
    fn a_host_port_fails_host_ports_at_baseline() {
        let with_port = |host_port| Container {
            ports: Some(vec![ContainerPort {
                container_port: 8080,
                host_port,
                ..Default::default()
            }]),
            ..hardened("web")
        };
        assert_fails(
            "host-ports",
            Level::Baseline,
            &pod(vec![with_port(Some(8080))]),
            "`web` uses host ports",
        );
        assert_passes("host-ports", &pod(vec![with_port(Some(0))]));
        assert_passes("host-ports", &pod(vec![with_port(None)]));
    }

    #[test]
    fn an_unconfined_apparmor_profile_fails_apparmor_at_baseline() {
        let profile = |t: &str| AppArmorProfile {
            type_: t.into(),
            ..Default::default()
        };
        let unconfined = pod_with_context(PodSecurityContext {
            app_armor_profile: Some(profile("Unconfined")),
            ..Default::default()
        });
        assert_fails(
            "apparmor",
            Level::Baseline,
            &unconfined,
            "an AppArmor profile is set to Unconfined",
        );
        let confined = pod(vec![hardened_with("sandbox", |x| {
            x.app_armor_profile = Some(profile("RuntimeDefault"));
        })]);
        assert_passes("apparmor", &confined);
    }

    #[test]
    fn a_custom_selinux_type_fails_selinux_at_baseline() {
        let labelled = |t: &str| {
            hardened_with("sandbox", |x| {
                x.se_linux_options = Some(SELinuxOptions {
                    type_: Some(t.into()),
                    level: Some("s0:c123,c456".into()),
                    ..Default::default()
                });
            })
        };
        assert_fails(
            "selinux",
            Level::Baseline,
            &pod(vec![labelled("spc_t")]),
            "custom SELinux options are set",
        );
        assert_passes("selinux", &pod(vec![labelled("container_t")]));
    }

    #[test]
    fn an_unmasked_proc_fails_proc_mount_type_at_baseline() {
        let mounting = |m: &str| hardened_with("sandbox", |x| x.proc_mount = Some(m.into()));
        assert_fails(
            "proc-mount-type",
            Level::Baseline,
            &pod(vec![mounting("Unmasked")]),
            "`sandbox` unmasks /proc",
        );
        assert_passes("proc-mount-type", &pod(vec![mounting("Default")]));
    }

    #[test]
    fn an_unconfined_seccomp_profile_fails_seccomp_at_baseline() {
        let unconfined = pod(vec![hardened_with("sandbox", |x| {
            x.seccomp_profile = Some(SeccompProfile {
                type_: "Unconfined".into(),
                ..Default::default()
            });
        })]);
        assert_fails(
            "seccomp-baseline",
            Level::Baseline,
            &unconfined,
            "a seccomp profile is set to Unconfined",
        );
        assert_passes("seccomp-baseline", &pod(vec![hardened("sandbox")]));
    }

    #[test]
    fn an_unsafe_sysctl_fails_sysctls_at_baseline() {
        let setting = |names: &[&str]| {
            pod_with_context(PodSecurityContext {
                sysctls: Some(
                    names
                        .iter()
                        .map(|&n| Sysctl {
                            name: n.into(),
                            value: "1".into(),
                        })
                        .collect(),
                ),
                ..Default::default()
            })
        };
        assert_fails(
            "sysctls",
            Level::Baseline,
            &setting(&["net.ipv4.tcp_syncookies", "kernel.msgmax", "vm.swappiness"]),
            "the pod sets the unsafe sysctls kernel.msgmax, vm.swappiness",
        );
        assert_passes("sysctls", &setting(&["net.ipv4.tcp_syncookies"]));
    }

    #[test]
    fn a_host_path_volume_also_fails_volume_types_at_restricted() {
        let docker = volume("docker", |v| {
            v.host_path = Some(HostPathVolumeSource {
                path: "/var/run/docker.sock".into(),
                ..Default::default()
            });
        });
        assert_fails(
            "volume-types",
            Level::Restricted,
            &pod_with_volumes(vec![docker]),
            "the volume `docker` is not of an allowed type",
        );
        let allowed = vec![
            volume("scratch", |v| {
                v.empty_dir = Some(EmptyDirVolumeSource::default());
            }),
            volume("token", |v| v.secret = Some(SecretVolumeSource::default())),
        ];
        assert_passes("volume-types", &pod_with_volumes(allowed));
    }

    #[test]
    fn a_container_that_may_escalate_fails_privilege_escalation_at_restricted() {
        let unset = hardened_with("sandbox", |x| x.allow_privilege_escalation = None);
        assert_fails(
            "privilege-escalation",
            Level::Restricted,
            &pod(vec![unset]),
            "`sandbox` does not set allowPrivilegeEscalation: false",
        );
        assert_passes("privilege-escalation", &pod(vec![hardened("sandbox")]));
    }

    #[test]
    fn a_container_that_may_run_as_root_fails_running_as_non_root_at_restricted() {
        let unset = |name| hardened_with(name, |x| x.run_as_non_root = None);
        assert_fails(
            "running-as-non-root",
            Level::Restricted,
            &pod(vec![unset("sandbox")]),
            "`sandbox` does not require runAsNonRoot (set both pod_non_root and container_non_root)",
        );
        // A container's own `false` overrides the pod's `true`; only K7's container gets the hint.
        let overriding = PodSpec {
            security_context: Some(PodSecurityContext {
                run_as_non_root: Some(true),
                ..Default::default()
            }),
            ..pod(vec![hardened_with("tools", |x| {
                x.run_as_non_root = Some(false);
            })])
        };
        assert_fails(
            "running-as-non-root",
            Level::Restricted,
            &overriding,
            "`tools` does not require runAsNonRoot",
        );
        let inherited = PodSpec {
            security_context: Some(PodSecurityContext {
                run_as_non_root: Some(true),
                ..Default::default()
            }),
            ..pod(vec![unset("sandbox")])
        };
        assert_passes("running-as-non-root", &inherited);
    }

    #[test]
    fn a_pod_running_as_uid_0_fails_running_as_non_root_user_at_restricted() {
        let as_root = PodSpec {
            security_context: Some(PodSecurityContext {
                run_as_user: Some(0),
                ..Default::default()
            }),
            ..pod(vec![
                hardened("sandbox"),
                hardened_with("tools", |x| x.run_as_user = Some(1000)),
            ])
        };
        assert_fails(
            "running-as-non-root-user",
            Level::Restricted,
            &as_root,
            "`sandbox` runs as user 0",
        );
        let as_user = pod(vec![hardened_with("sandbox", |x| {
            x.run_as_user = Some(1000);
        })]);
        assert_passes("running-as-non-root-user", &as_user);
    }

    #[test]
    fn a_container_without_seccomp_fails_seccomp_at_restricted() {
        let unset = || hardened_with("sandbox", |x| x.seccomp_profile = None);
        assert_fails(
            "seccomp-restricted",
            Level::Restricted,
            &pod(vec![unset()]),
            "`sandbox` has no RuntimeDefault or Localhost seccomp profile",
        );
        let inherited = pod_with_context(PodSecurityContext {
            seccomp_profile: Some(runtime_default()),
            ..Default::default()
        });
        let inherited = PodSpec {
            containers: vec![unset()],
            ..inherited
        };
        assert_passes("seccomp-restricted", &inherited);
    }

    #[test]
    fn keeping_net_raw_fails_capabilities_at_restricted() {
        let caps = |drop: &[&str], add: &[&str]| {
            hardened_with("sandbox", |x| {
                x.capabilities = Some(Capabilities {
                    drop: Some(drop.iter().map(|&c| c.into()).collect()),
                    add: Some(add.iter().map(|&c| c.into()).collect()),
                });
            })
        };
        let why = "`sandbox` does not drop ALL capabilities and add back only NET_BIND_SERVICE";
        assert_fails(
            "capabilities-restricted",
            Level::Restricted,
            &pod(vec![caps(&["NET_RAW"], &[])]),
            why,
        );
        assert_fails(
            "capabilities-restricted",
            Level::Restricted,
            &pod(vec![caps(&["ALL"], &["CHOWN"])]),
            why,
        );
        assert_passes(
            "capabilities-restricted",
            &pod(vec![caps(&["ALL"], &["NET_BIND_SERVICE"])]),
        );
    }

    #[test]
    fn the_level_is_the_strictest_whose_checks_all_pass() {
        let hardened_pod = pod(vec![hardened("sandbox")]);
        let hardened_pod = PodSpec {
            automount_service_account_token: Some(false),
            ..hardened_pod
        };
        let restricted = security(Some(&hardened_pod), &[], Vec::new());
        assert_eq!(restricted.level, Level::Restricted);
        assert!(restricted.details.is_empty(), "{:?}", restricted.details);

        let escalating = PodSpec {
            containers: vec![hardened_with("sandbox", |x| {
                x.allow_privilege_escalation = None;
            })],
            ..hardened_pod.clone()
        };
        let baseline = security(Some(&escalating), &[], Vec::new());
        assert_eq!(baseline.level, Level::Baseline);
        assert!(baseline.summary.ends_with("not restricted: 1 check fails."));

        let host_network = PodSpec {
            host_network: Some(true),
            ..escalating
        };
        let privileged = security(Some(&host_network), &[], Vec::new());
        assert_eq!(privileged.level, Level::Privileged);
        assert!(privileged.summary.ends_with(": 1 baseline check fails."));
        // Every failed check is named, in the table's order: baseline first.
        assert_eq!(
            privileged.details,
            [
                "Fails the baseline check “Host Namespaces”: the pod sets hostNetwork.",
                "Fails the restricted check “Privilege Escalation”: `sandbox` does not set allowPrivilegeEscalation: false.",
            ]
        );
    }
}
