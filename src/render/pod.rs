//! The sandbox Pod (or K7's Deployment around it) and the kql root claim (docs/semantics.md#workload).
//!
//! The pod is assembled from the sandbox container and what each feature adds to it ([`Parts`]):
//! kql's persistence (`kql.rs`) and Docker (`docker.rs`). Scripts that live in K7 are referenced
//! by ConfigMap name, never invented (`config.rs`).

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec};
use k8s_openapi::api::core::v1::{
    Capabilities, Container, EnvFromSource, ExecAction, Pod, PodSecurityContext, PodSpec,
    PodTemplateSpec, Probe, ResourceRequirements, SeccompProfile, SecretEnvSource, SecurityContext,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use super::parts::{Parts, SANDBOX_LABEL, map, strings};
use super::{Sandbox, config, docker, kql};
use crate::quantity;
use crate::spec::Backend;

/// UID, GID and fsGroup of the non-root flags.
pub(super) const NON_ROOT_ID: i64 = 65532;

/// `app` and `katakate.org/sandbox`: the pod's labels (the Deployment adds `runtime`).
fn labels(s: &Sandbox) -> BTreeMap<String, String> {
    map(&[("app", &s.name), (SANDBOX_LABEL, &s.name)])
}

/// The annotations of the Deployment and of its pod (docs/semantics.md#workload).
fn annotations(s: &Sandbox) -> BTreeMap<String, String> {
    let mut a = map(&[("k7.katakate.org/backend", s.backend.canonical())]);
    docker::annotate(s, &mut a);
    if let Some(claim) = kql::root_claim_name(s) {
        a.insert(kql::ROOT_CLAIM_ANNOTATION.into(), claim);
    }
    if s.backend.is_kata() {
        let memory = s
            .limits
            .iter()
            .find(|(k, _)| k == "memory")
            .and_then(|(_, v)| quantity::parse(v, false).ok());
        if let Some(q) = memory {
            // Rounded up, so the VM is never smaller than the container's limit.
            let mib = q.bytes().div_ceil(1 << 20);
            a.insert(
                "io.katacontainers.config.hypervisor.default_memory".into(),
                mib.to_string(),
            );
        }
    }
    a
}

/// The pod template's metadata: labels and annotations, no name (K7's Deployment names pods).
fn template_meta(s: &Sandbox) -> ObjectMeta {
    ObjectMeta {
        labels: Some(labels(s)),
        annotations: Some(annotations(s)),
        ..Default::default()
    }
}

/// The sandbox Pod as the editor previews it, named after the sandbox.
pub(super) fn pod(s: &Sandbox) -> Pod {
    Pod {
        metadata: ObjectMeta {
            name: Some(s.name.clone()),
            namespace: Some(s.namespace.clone()),
            ..template_meta(s)
        },
        spec: Some(pod_spec(s)),
        ..Default::default()
    }
}

/// K7's Deployment: one replica, selected by `app`, whose template is the sandbox pod.
pub(super) fn deployment(s: &Sandbox) -> Deployment {
    let mut labels = labels(s);
    labels.insert("runtime".into(), "kata".into());
    Deployment {
        metadata: ObjectMeta {
            name: Some(s.name.clone()),
            namespace: Some(s.namespace.clone()),
            labels: Some(labels),
            annotations: Some(annotations(s)),
            ..Default::default()
        },
        spec: DeploymentSpec {
            replicas: Some(1),
            selector: LabelSelector {
                match_labels: Some(map(&[("app", &s.name)])),
                ..Default::default()
            },
            template: PodTemplateSpec {
                metadata: Some(template_meta(s)),
                spec: Some(pod_spec(s)),
            },
            ..Default::default()
        },
        ..Default::default()
    }
}

fn pod_spec(s: &Sandbox) -> PodSpec {
    let mut node_selector = BTreeMap::new();
    node_selector.insert(
        format!("k7.katakate.org/backend-{}", s.backend.canonical()),
        "true".to_owned(),
    );
    if let Some(node) = &s.node_name {
        node_selector.insert("kubernetes.io/hostname".into(), node.clone());
    }
    let mut parts = Parts::default();
    kql::add(s, &mut parts);
    docker::add(s, &mut parts);
    let mut containers = vec![sandbox_container(s, &mut parts)];
    containers.append(&mut parts.containers);
    let Parts {
        init_containers: init,
        volumes,
        share_process_namespace,
        ..
    } = parts;
    PodSpec {
        runtime_class_name: Some(s.runtime_class.clone()),
        node_selector: Some(node_selector),
        restart_policy: Some("Always".into()),
        security_context: s.pod_non_root.then(|| PodSecurityContext {
            run_as_non_root: Some(true),
            run_as_user: Some(NON_ROOT_ID),
            run_as_group: Some(NON_ROOT_ID),
            fs_group: Some(NON_ROOT_ID),
            ..Default::default()
        }),
        containers,
        share_process_namespace: share_process_namespace.then_some(true),
        init_containers: (!init.is_empty()).then_some(init),
        volumes: (!volumes.is_empty()).then_some(volumes),
        ..Default::default()
    }
}

fn sandbox_container(s: &Sandbox, parts: &mut Parts) -> Container {
    // kql without its wrapper runs the image's own argv; K7 drops entrypoint and cmd there.
    let (command, args) = match s.backend {
        Backend::Kql if s.persistent() => kql::argv(s),
        Backend::Kql => (None, None),
        _ => (Some(strings(&["/bin/sh", "-c", "sleep 365d"])), None),
    };
    let resources = (!s.limits.is_empty()).then(|| {
        // By insertion, as `map` builds its maps.
        let mut quantities = BTreeMap::new();
        for (k, v) in &s.limits {
            quantities.insert(k.clone(), Quantity(v.clone()));
        }
        ResourceRequirements {
            limits: Some(quantities.clone()),
            requests: Some(quantities),
            ..Default::default()
        }
    });
    let (command, args) = match parts.sandbox_launcher.take() {
        Some(launcher) => (
            Some(launcher),
            Some(command.into_iter().chain(args).flatten().collect()),
        ),
        None => (command, args),
    };
    let env_vars = std::mem::take(&mut parts.sandbox_env);
    let mounts = std::mem::take(&mut parts.sandbox_mounts);
    Container {
        name: "sandbox".into(),
        image: Some(s.image.clone()),
        command,
        args,
        env: (!env_vars.is_empty()).then_some(env_vars),
        env_from: s.env_file.then(|| {
            vec![EnvFromSource {
                secret_ref: Some(SecretEnvSource {
                    name: format!("{}{}", s.name, config::ENV_SECRET_SUFFIX),
                    ..Default::default()
                }),
                ..Default::default()
            }]
        }),
        resources,
        readiness_probe: Some(readiness(s)),
        security_context: Some(sandbox_security(s)),
        volume_mounts: (!mounts.is_empty()).then_some(mounts),
        ..Default::default()
    }
}

/// Ready once `before_script` has left its marker; without one, as soon as it runs.
fn readiness(s: &Sandbox) -> Probe {
    let (check, initial, period, failures) = if s.before_script {
        (format!("test -f /tmp/k7_before_done_{}", s.name), 1, 5, 30)
    } else {
        ("true".to_owned(), 0, 10, 6)
    };
    Probe {
        exec: Some(ExecAction {
            command: Some(vec!["/bin/sh".into(), "-c".into(), check]),
        }),
        initial_delay_seconds: Some(initial),
        period_seconds: Some(period),
        timeout_seconds: Some(5),
        failure_threshold: Some(failures),
        ..Default::default()
    }
}

fn runtime_default() -> Option<SeccompProfile> {
    Some(SeccompProfile {
        type_: "RuntimeDefault".into(),
        ..Default::default()
    })
}

/// The sandbox container's security context (docs/semantics.md#security-context), with kql's privileged exception.
pub(super) fn sandbox_security(s: &Sandbox) -> SecurityContext {
    let drop = match &s.cap_drop {
        None => Some(strings(&["ALL"])),
        Some(list) if list.is_empty() => None,
        Some(list) => Some(list.clone()),
    };
    let add = (!s.cap_add.is_empty()).then(|| s.cap_add.clone());
    let privileged = s.persistent();
    SecurityContext {
        allow_privilege_escalation: Some(privileged),
        privileged: privileged.then_some(true),
        capabilities: (drop.is_some() || add.is_some()).then_some(Capabilities { add, drop }),
        run_as_non_root: s.container_non_root.then_some(true),
        run_as_user: s.container_non_root.then_some(NON_ROOT_ID),
        seccomp_profile: runtime_default(),
        ..Default::default()
    }
}
