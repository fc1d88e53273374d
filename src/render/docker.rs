//! Docker in the sandbox, as K7 wires it (docs/semantics.md#workload): on kfd and kql the
//! `docker-vehicle` daemon beside the sandbox container, on a Block graph disk, with the CLI
//! staged into the sandbox; on k7d and k7d-fc annotations only (the daemon runs in the VM); and
//! the legacy `sidecar: docker`.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    ConfigMap, Container, EphemeralVolumeSource, ExecAction, PersistentVolumeClaim,
    PersistentVolumeClaimSpec, PersistentVolumeClaimTemplate, PersistentVolumeClaimVolumeSource,
    Probe, SecurityContext, Volume, VolumeDevice, VolumeMount, VolumeResourceRequirements,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use super::parts::{Parts, empty_dir, env, meta, mount, strings};
use super::{Sandbox, config, kql};
use crate::spec::Backend;

/// Size of the graph disk when `docker_disk` is not given (on k7d the VM's own default applies).
const DEFAULT_DOCKER_DISK: &str = "20Gi";
/// K7's `DIND_IMAGE`, pinned by digest: the vehicle daemon and the CLI it copies.
const DIND_IMAGE: &str =
    "docker:27.5.1-dind@sha256:f649ef046008ca7f926a2571c32b0ac22e5c59eb61b959617f9acc2a4c638cf5";
/// The ConfigMap `<name>-docker-vehicle` of K7's scripts, its keys, and where it is mounted.
const SCRIPTS_SUFFIX: &str = "-docker-vehicle";
const VEHICLE_SCRIPT: &str = "k7-docker-vehicle.sh";
const CLI_COPY_SCRIPT: &str = "k7-docker-cli-copy.sh";
const CLI_STAGE_SCRIPT: &str = "k7-docker-cli-stage.sh";
const SCRIPT_DIR: &str = "/opt/k7/docker";
/// The socket's directory, shared by the daemon and the sandbox.
const SOCKET_DIR: &str = "/run/k7/docker";
/// The CLI copied out of the dind image, as the sandbox sees it.
const CLI_DIR: &str = "/run/k7/docker-cli";
/// Where the vehicle sees its Block graph disk.
const GRAPH_DEVICE: &str = "/dev/k7docker";
/// The storage class of kfd's ephemeral graph disk; kql's claim is on Longhorn.
const KFD_GRAPH_CLASS: &str = "k7-docker-lvm";

/// The legacy `sidecar: docker`, K7's only sidecar: its image, socket and data directories (on
/// kql, the data lives in [`kql::SIDECAR_DIR`] of the root disk).
const SIDECAR_IMAGE: &str = "docker:27.5-dind";
const SIDECAR_SOCKET_DIR: &str = "/var/run";
const SIDECAR_DATA_DIR: &str = "/var/lib/docker";

/// The annotations Docker adds to the Deployment and its pod.
pub(super) fn annotate(s: &Sandbox, a: &mut BTreeMap<String, String>) {
    let mut set = |k: &str, v: &str| a.insert(k.to_owned(), v.to_owned());
    if s.docker {
        set("k7.katakate.org/docker", "true");
        if !s.backend.is_kata() {
            set("k7d.katakate.org/docker", "true");
            if let Some(disk) = &s.docker_disk {
                set("k7d.katakate.org/docker-disk", disk);
            }
        }
        if s.backend == Backend::Kql {
            set("k7.katakate.org/docker-pvc-name", &graph_claim_name(s));
        }
    }
    if s.sidecar {
        set("k7.katakate.org/sidecar", "docker");
    }
}

/// kql's graph disk `<name>-docker-lh`, a Block claim on Longhorn; kfd's is ephemeral.
pub(super) fn graph_claim(s: &Sandbox) -> Option<PersistentVolumeClaim> {
    (s.docker && s.backend == Backend::Kql).then(|| PersistentVolumeClaim {
        metadata: meta(s, "-docker-lh"),
        spec: Some(graph_claim_spec(s, "longhorn")),
        ..Default::default()
    })
}

/// The ConfigMap `<name>-docker-vehicle` K7 fills with the vehicle's scripts, on kfd and kql.
pub(super) fn scripts(s: &Sandbox) -> Option<ConfigMap> {
    s.docker_vehicle().then(|| {
        config::scripts(
            s,
            SCRIPTS_SUFFIX,
            &[VEHICLE_SCRIPT, CLI_COPY_SCRIPT, CLI_STAGE_SCRIPT],
        )
    })
}

fn graph_claim_name(s: &Sandbox) -> String {
    format!("{}-docker-lh", s.name)
}

fn graph_claim_spec(s: &Sandbox, class: &str) -> PersistentVolumeClaimSpec {
    let size = s.docker_disk.as_deref().unwrap_or(DEFAULT_DOCKER_DISK);
    PersistentVolumeClaimSpec {
        access_modes: Some(strings(&["ReadWriteOnce"])),
        storage_class_name: Some(class.into()),
        volume_mode: Some("Block".into()),
        resources: Some(VolumeResourceRequirements {
            requests: Some([("storage".to_owned(), Quantity(size.to_owned()))].into()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// What Docker adds to the pod.
pub(super) fn add(s: &Sandbox, parts: &mut Parts) {
    if s.docker_vehicle() {
        add_vehicle(s, parts);
    }
    if s.sidecar {
        add_sidecar(s, parts);
    }
}

/// K7's `_apply_kata_docker_vehicle`: the daemon in its own privileged container, sharing the
/// socket, `/tmp` and the process namespace with the sandbox.
fn add_vehicle(s: &Sandbox, parts: &mut Parts) {
    let script = |name: &str| format!("{SCRIPT_DIR}/{name}");
    let script_mount = || mount("docker-vehicle-script", SCRIPT_DIR, true);
    let socket_mount = || mount("docker-sock", SOCKET_DIR, false);
    let tmp_mount = || mount("path-share-tmp", "/tmp", false);
    let kql = s.backend == Backend::Kql;

    parts.share_process_namespace = true;
    parts.volumes.extend([
        empty_dir("docker-sock", None),
        empty_dir("docker-cli", None),
        empty_dir("path-share-tmp", None),
        config::scripts_volume(s, "docker-vehicle-script", SCRIPTS_SUFFIX),
        graph_volume(s),
    ]);
    parts.init_containers.push(Container {
        name: "docker-cli-copy".into(),
        image: Some(DIND_IMAGE.into()),
        command: Some(vec![
            "/bin/sh".into(),
            script(CLI_COPY_SCRIPT),
            "/cli".into(),
        ]),
        volume_mounts: Some(vec![script_mount(), mount("docker-cli", "/cli", false)]),
        ..Default::default()
    });
    let mut vehicle_mounts = vec![socket_mount(), script_mount(), tmp_mount()];
    if s.persistent() {
        // kql's root disk, where the vehicle keeps its state (only kata-qemu has one).
        vehicle_mounts.push(mount(kql::STATE_VOLUME, kql::STATE_MOUNT, false));
    }
    let sock = format!("unix://{SOCKET_DIR}/docker.sock");
    parts.containers.push(Container {
        name: "docker-vehicle".into(),
        image: Some(DIND_IMAGE.into()),
        command: Some(vec!["/bin/sh".into(), script(VEHICLE_SCRIPT)]),
        env: Some(vec![env("K7_PERSIST_SLOT", "main")]),
        security_context: Some(privileged()),
        volume_mounts: Some(vehicle_mounts),
        volume_devices: Some(vec![VolumeDevice {
            name: "docker-graph".into(),
            device_path: GRAPH_DEVICE.into(),
        }]),
        readiness_probe: Some(helper_readiness(vec![
            "/bin/sh".into(),
            "-c".into(),
            format!(
                "docker -H {sock} info 2>/dev/null | grep -q 'Server:' && docker -H {sock} info | grep -q 'Storage Driver: overlay2'"
            ),
        ])),
        ..Default::default()
    });

    parts.sandbox_mounts.extend([
        socket_mount(),
        mount("docker-cli", CLI_DIR, true),
        tmp_mount(),
        cli_file("bin/docker", "/usr/local/bin/docker"),
        cli_file(
            "cli-plugins/docker-compose",
            "/usr/local/lib/docker/cli-plugins/docker-compose",
        ),
        cli_file(
            "cli-plugins/docker-buildx",
            "/usr/local/lib/docker/cli-plugins/docker-buildx",
        ),
    ]);
    parts.sandbox_env.extend([
        env("DOCKER_HOST", &sock),
        env(
            "PATH",
            &format!("{CLI_DIR}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
        ),
    ]);
    if !kql {
        // kfd: the sandbox starts through the staging script, which runs its command.
        parts.sandbox_mounts.push(script_mount());
        parts.sandbox_launcher = Some(vec!["/bin/sh".into(), script(CLI_STAGE_SCRIPT)]);
    }
}

/// The graph disk: on kql the claim `<name>-docker-lh`, on kfd an ephemeral claim deleted with
/// the pod.
fn graph_volume(s: &Sandbox) -> Volume {
    let mut volume = Volume {
        name: "docker-graph".into(),
        ..Default::default()
    };
    if s.backend == Backend::Kql {
        volume.persistent_volume_claim = Some(PersistentVolumeClaimVolumeSource {
            claim_name: graph_claim_name(s),
            ..Default::default()
        });
    } else {
        volume.ephemeral = Some(EphemeralVolumeSource {
            volume_claim_template: Some(PersistentVolumeClaimTemplate {
                metadata: None,
                spec: graph_claim_spec(s, KFD_GRAPH_CLASS),
            }),
        });
    }
    volume
}

/// A file of the copied CLI, mounted read-only at `path` in the sandbox.
fn cli_file(sub_path: &str, path: &str) -> VolumeMount {
    VolumeMount {
        sub_path: Some(sub_path.into()),
        ..mount("docker-cli", path, true)
    }
}

/// The legacy sidecar: a privileged dind whose socket directory the sandbox shares; on kql its
/// data lives on the persistent disk, elsewhere in an empty dir.
fn add_sidecar(s: &Sandbox, parts: &mut Parts) {
    parts.volumes.push(empty_dir("sidecar-socket", None));
    let data_mount = if s.persistent() {
        VolumeMount {
            sub_path: Some(kql::SIDECAR_DIR.into()),
            ..mount(kql::STATE_VOLUME, SIDECAR_DATA_DIR, false)
        }
    } else {
        parts.volumes.push(empty_dir("sidecar-data", None));
        mount("sidecar-data", SIDECAR_DATA_DIR, false)
    };
    parts.containers.push(Container {
        name: "sidecar".into(),
        image: Some(SIDECAR_IMAGE.into()),
        args: Some(strings(&["--tls=false"])),
        env: Some(vec![env("DOCKER_TLS_CERTDIR", "")]),
        security_context: Some(privileged()),
        volume_mounts: Some(vec![
            mount("sidecar-socket", SIDECAR_SOCKET_DIR, false),
            data_mount,
        ]),
        readiness_probe: Some(helper_readiness(strings(&["docker", "info"]))),
        ..Default::default()
    });
    parts.sandbox_mounts.push(VolumeMount {
        read_only: Some(false),
        ..mount("sidecar-socket", SIDECAR_SOCKET_DIR, false)
    });
}

/// K7 sets only `privileged` on its Docker containers.
fn privileged() -> SecurityContext {
    SecurityContext {
        privileged: Some(true),
        ..Default::default()
    }
}

/// The readiness of K7's Docker containers: give the daemon time to start.
fn helper_readiness(command: Vec<String>) -> Probe {
    Probe {
        exec: Some(ExecAction {
            command: Some(command),
        }),
        initial_delay_seconds: Some(3),
        period_seconds: Some(15),
        timeout_seconds: Some(12),
        failure_threshold: Some(4),
        ..Default::default()
    }
}
