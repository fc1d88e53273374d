//! kql's persistence: the root disk claim, the wrapper that runs the sandbox inside it, and the
//! init container that prepares it (docs/semantics.md#workload).

use k8s_openapi::api::core::v1::{
    ConfigMapVolumeSource, Container, PersistentVolumeClaim, PersistentVolumeClaimSpec,
    PersistentVolumeClaimVolumeSource, Volume, VolumeMount, VolumeResourceRequirements,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use super::Sandbox;
use super::pod::{Parts, meta, mount, sandbox_security, strings};

/// Where the persisted root and the wrapper's scripts appear in the containers.
const ROOT_MOUNT: &str = "/k7/root";
const PERSIST_MOUNT: &str = "/k7/persist";

/// kql's persistent root disk `<name>-root-lh`, on Longhorn, when the persistence wrapper is on.
pub(super) fn root_claim(s: &Sandbox) -> Option<PersistentVolumeClaim> {
    if !s.persistent() {
        return None;
    }
    Some(PersistentVolumeClaim {
        metadata: meta(s, "-root-lh"),
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

/// The init container, volumes and mounts of the persistence wrapper, when it is on.
pub(super) fn add(s: &Sandbox, parts: &mut Parts) {
    if !s.persistent() {
        return;
    }
    parts.init_containers.push(Container {
        name: "init-state".into(),
        image: Some(s.image.clone()),
        command: Some(strings(&["/bin/sh", "/k7/persist/init-state.sh"])),
        security_context: Some(sandbox_security(s)),
        volume_mounts: Some(persistence_mounts()),
        ..Default::default()
    });
    parts.volumes.push(Volume {
        name: "root".into(),
        persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
            claim_name: format!("{}-root-lh", s.name),
            ..Default::default()
        }),
        ..Default::default()
    });
    parts.volumes.push(Volume {
        name: "persist-wrapper".into(),
        config_map: Some(ConfigMapVolumeSource {
            name: format!("{}-persist-wrapper", s.name),
            default_mode: Some(0o555),
            ..Default::default()
        }),
        ..Default::default()
    });
    parts.sandbox_mounts.extend(persistence_mounts());
}

/// The sandbox container's command and arguments under the wrapper, which runs its arguments
/// inside the persisted root; without entrypoint or cmd it keeps the sandbox alive as the other
/// backends do.
pub(super) fn argv(s: &Sandbox) -> (Option<Vec<String>>, Option<Vec<String>>) {
    let mut argv: Vec<String> = s.entrypoint.iter().chain(&s.cmd).cloned().collect();
    if argv.is_empty() {
        argv = strings(&["/bin/sh", "-c", "sleep 365d"]);
    }
    (
        Some(strings(&["/bin/sh", "/k7/persist/wrapper.sh"])),
        Some(argv),
    )
}

fn persistence_mounts() -> Vec<VolumeMount> {
    vec![
        mount("root", ROOT_MOUNT, false),
        mount("persist-wrapper", PERSIST_MOUNT, true),
    ]
}
