//! The pieces every object of the sandbox is built from: metadata, the label policies select by,
//! string maps and lists, mounts, volumes and environment variables, and the [`Parts`] that a
//! feature (kql persistence, Docker) adds to the pod. Every other file of `render` uses these; this
//! one uses none of them, so the object files form no circle.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Container, EmptyDirVolumeSource, EnvVar, Volume, VolumeMount};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::Sandbox;

/// The label every policy selects the sandbox by.
pub(crate) const SANDBOX_LABEL: &str = "katakate.org/sandbox";

/// What a feature of the sandbox (kql persistence, Docker) adds to its pod, in the order the
/// features are applied.
#[derive(Default)]
pub(super) struct Parts {
    pub init_containers: Vec<Container>,
    /// Containers beside the sandbox container.
    pub containers: Vec<Container>,
    pub volumes: Vec<Volume>,
    /// Environment and mounts of the sandbox container.
    pub sandbox_env: Vec<EnvVar>,
    pub sandbox_mounts: Vec<VolumeMount>,
    /// A command that starts the sandbox: the sandbox's own command and args become its args.
    pub sandbox_launcher: Option<Vec<String>>,
    /// The containers see each other's processes.
    pub share_process_namespace: bool,
}

/// The map of `pairs`, built by insertion: a map collected from an iterator sorts it first, and
/// each kind of iterator would compile a sort of its own into the wasm.
pub(super) fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for (k, v) in pairs {
        map.insert((*k).to_owned(), (*v).to_owned());
    }
    map
}

pub(super) fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Metadata of an object named `<name><suffix>` in the sandbox's namespace, without labels: K7
/// labels only the workload and the Service.
pub(crate) fn meta(s: &Sandbox, suffix: &str) -> ObjectMeta {
    ObjectMeta {
        name: Some(format!("{}{suffix}", s.name)),
        namespace: Some(s.namespace.clone()),
        ..Default::default()
    }
}

pub(super) fn mount(name: &str, path: &str, read_only: bool) -> VolumeMount {
    VolumeMount {
        name: name.into(),
        mount_path: path.into(),
        read_only: read_only.then_some(true),
        ..Default::default()
    }
}

pub(super) fn empty_dir(name: &str, size: Option<&str>) -> Volume {
    Volume {
        name: name.into(),
        empty_dir: Some(EmptyDirVolumeSource {
            size_limit: size.map(|s| Quantity(s.to_owned())),
            ..Default::default()
        }),
        ..Default::default()
    }
}

pub(super) fn env(name: &str, value: &str) -> EnvVar {
    EnvVar {
        name: name.into(),
        value: Some(value.into()),
        ..Default::default()
    }
}
