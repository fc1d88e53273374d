//! kql's persistence, as K7 writes it (docs/semantics.md#workload): the root disk claim
//! `<name>-root-lh` mounted as `state-disk`, K7's wrapper script from the ConfigMap
//! `<name>-persist-wrapper`, which runs the sandbox's argv inside the persisted root, and the
//! `init-state` init container that prepares the disk.

use k8s_openapi::api::core::v1::{
    ConfigMap, Container, PersistentVolumeClaim, PersistentVolumeClaimSpec,
    PersistentVolumeClaimVolumeSource, Volume, VolumeResourceRequirements,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use super::Sandbox;
use super::config;
use super::parts::{Parts, env, meta, mount, strings};

/// The root claim's name suffix, and the annotation that names the claim.
const ROOT_CLAIM: &str = "-root-lh";
pub(super) const ROOT_CLAIM_ANNOTATION: &str = "k7.katakate.org/root-pvc-name";
/// The volume of the root claim, and where the containers see it.
pub(super) const STATE_VOLUME: &str = "state-disk";
pub(super) const STATE_MOUNT: &str = "/mnt/state";
/// K7's wrapper: its ConfigMap, the one key K7 writes there, and where the sandbox sees it.
const WRAPPER_SUFFIX: &str = "-persist-wrapper";
const WRAPPER_KEY: &str = "k7-persist-bind.sh";
const WRAPPER_MOUNT: &str = "/opt/k7/bin";
/// The image of `init-state`, pinned by K7.
const INIT_IMAGE: &str = "busybox:1.36";
/// The legacy sidecar's directory on the root disk.
pub(super) const SIDECAR_DIR: &str = "docker";

/// The name of kql's root claim, `<name>-root-lh`, when the persistence wrapper is on.
pub(super) fn root_claim_name(s: &Sandbox) -> Option<String> {
    s.persistent().then(|| format!("{}{ROOT_CLAIM}", s.name))
}

/// kql's persistent root disk `<name>-root-lh`, on Longhorn, when the persistence wrapper is on.
pub(super) fn root_claim(s: &Sandbox) -> Option<PersistentVolumeClaim> {
    s.persistent().then(|| PersistentVolumeClaim {
        metadata: meta(s, ROOT_CLAIM),
        spec: Some(PersistentVolumeClaimSpec {
            access_modes: Some(strings(&["ReadWriteOnce"])),
            storage_class_name: Some("longhorn".into()),
            volume_mode: Some("Filesystem".into()),
            resources: Some(VolumeResourceRequirements {
                requests: Some([("storage".to_owned(), Quantity(s.root_disk_size.clone()))].into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    })
}

/// The ConfigMap `<name>-persist-wrapper` into which K7 writes its wrapper script.
pub(super) fn wrapper(s: &Sandbox) -> Option<ConfigMap> {
    s.persistent()
        .then(|| config::scripts(s, WRAPPER_SUFFIX, &[WRAPPER_KEY]))
}

/// The init container, volumes, environment and mounts of the persistence wrapper, when it is on.
pub(super) fn add(s: &Sandbox, parts: &mut Parts) {
    let Some(claim_name) = root_claim_name(s) else {
        return;
    };
    let sidecar_dir = if s.sidecar {
        format!(" mkdir -p {STATE_MOUNT}/{SIDECAR_DIR};")
    } else {
        String::new()
    };
    parts.init_containers.push(Container {
        name: "init-state".into(),
        image: Some(INIT_IMAGE.into()),
        command: Some(vec![
            "/bin/sh".into(),
            "-c".into(),
            format!(
                "set -eu; mkdir -p {STATE_MOUNT}/pods;{sidecar_dir} echo ok > {STATE_MOUNT}/.ready"
            ),
        ]),
        volume_mounts: Some(vec![mount(STATE_VOLUME, STATE_MOUNT, false)]),
        ..Default::default()
    });
    parts.volumes.push(Volume {
        name: STATE_VOLUME.into(),
        persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
            claim_name,
            ..Default::default()
        }),
        ..Default::default()
    });
    parts
        .volumes
        .push(config::scripts_volume(s, "persist-wrapper", WRAPPER_SUFFIX));
    parts.sandbox_env.push(env("K7_PERSIST_SLOT", "main"));
    parts
        .sandbox_mounts
        .push(mount(STATE_VOLUME, STATE_MOUNT, false));
    parts
        .sandbox_mounts
        .push(mount("persist-wrapper", WRAPPER_MOUNT, false));
}

/// The sandbox container's command and arguments under the wrapper. K7 passes the image's
/// argv as the arguments: `entrypoint` (else the image's Entrypoint) then `cmd` (else the
/// image's Cmd), read from the registry at create time. Only what the spec gives is rendered;
/// the rest K7 adds (`image-argv-at-create`). With no argv at all the wrapper sleeps.
pub(super) fn argv(s: &Sandbox) -> (Option<Vec<String>>, Option<Vec<String>>) {
    let args: Vec<String> = s.entrypoint.iter().chain(&s.cmd).cloned().collect();
    (
        Some(vec![format!("{WRAPPER_MOUNT}/{WRAPPER_KEY}")]),
        (!args.is_empty()).then_some(args),
    )
}
