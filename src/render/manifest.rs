//! How the k8s-openapi objects are written out.
//!
//! k8s-openapi's own `Serialize` impls reach every field of a kind: `status`, `managedFields`,
//! the metadata timestamps (whose date-time code, the `jiff` crate, is about 90 KB of wasm
//! alone), and through `PodSpec` every volume source and ephemeral container, although K7 sets
//! none of them. These views write exactly the fields rendering sets, in the same shape, and
//! hand the rest (containers, selectors, policy and service specs) to k8s-openapi. A test
//! compares them with k8s-openapi's own output for every fixture under every option, so a
//! field set later and not written here cannot go unnoticed.

use k8s_openapi::Resource;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{
    EphemeralVolumeSource, PersistentVolumeClaimTemplate, PodSpec, PodTemplateSpec, Volume,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// Writes `key: value` when the value is set.
fn entry<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &str,
    value: Option<&T>,
) -> Result<(), M::Error> {
    match value {
        Some(v) => map.serialize_entry(key, v),
        None => Ok(()),
    }
}

/// `#[serde(serialize_with)]` for the metadata of our own kinds (the CiliumNetworkPolicy).
pub(super) fn metadata<Z: Serializer>(m: &ObjectMeta, serializer: Z) -> Result<Z::Ok, Z::Error> {
    Meta(m).serialize(serializer)
}

/// A top-level object: `apiVersion`, `kind`, `metadata`, then its body when there is one (`spec`,
/// or a ConfigMap's `data`).
pub(super) struct Manifest<'a, S> {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub metadata: &'a ObjectMeta,
    pub key: &'static str,
    pub spec: Option<S>,
}

impl<'a, S> Manifest<'a, S> {
    /// The view of a k8s-openapi object `R` with `metadata` and `spec`.
    pub fn of<R: Resource>(metadata: &'a ObjectMeta, spec: Option<S>) -> Self {
        Manifest {
            api_version: R::API_VERSION,
            kind: R::KIND,
            metadata,
            key: "spec",
            spec,
        }
    }

    /// The view of a k8s-openapi object `R` with `metadata` and `data` (a ConfigMap or Secret).
    pub fn with_data<R: Resource>(metadata: &'a ObjectMeta, data: Option<S>) -> Self {
        Manifest {
            key: "data",
            ..Self::of::<R>(metadata, data)
        }
    }
}

impl<S: Serialize> Serialize for Manifest<'_, S> {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("apiVersion", self.api_version)?;
        map.serialize_entry("kind", self.kind)?;
        map.serialize_entry("metadata", &Meta(self.metadata))?;
        if let Some(spec) = &self.spec {
            map.serialize_entry(self.key, spec)?;
        }
        map.end()
    }
}

/// The metadata fields rendering sets: name, namespace, labels, annotations.
struct Meta<'a>(&'a ObjectMeta);

impl Serialize for Meta<'_> {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        let m = self.0;
        let mut map = serializer.serialize_map(None)?;
        entry(&mut map, "annotations", m.annotations.as_ref())?;
        entry(&mut map, "labels", m.labels.as_ref())?;
        entry(&mut map, "name", m.name.as_ref())?;
        entry(&mut map, "namespace", m.namespace.as_ref())?;
        map.end()
    }
}

/// K7's Deployment spec: replicas, selector and the pod template, whose metadata goes through
/// [`Meta`] too.
pub(super) struct DeploymentSpecView<'a>(pub &'a Deployment);

impl Serialize for DeploymentSpecView<'_> {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        let spec = &self.0.spec;
        let mut map = serializer.serialize_map(None)?;
        entry(&mut map, "replicas", spec.replicas.as_ref())?;
        map.serialize_entry("selector", &spec.selector)?;
        map.serialize_entry("template", &Template(&spec.template))?;
        map.end()
    }
}

struct Template<'a>(&'a PodTemplateSpec);

impl Serialize for Template<'_> {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry(
            &mut map,
            "metadata",
            self.0.metadata.as_ref().map(Meta).as_ref(),
        )?;
        entry(
            &mut map,
            "spec",
            self.0.spec.as_ref().map(PodSpecView).as_ref(),
        )?;
        map.end()
    }
}

/// The pod spec fields rendering sets; containers are k8s-openapi's, volumes go through
/// [`VolumeView`].
pub(super) struct PodSpecView<'a>(pub &'a PodSpec);

impl Serialize for PodSpecView<'_> {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        let p = self.0;
        let volumes: Option<Vec<VolumeView>> = p
            .volumes
            .as_ref()
            .map(|v| v.iter().map(VolumeView).collect());
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("containers", &p.containers)?;
        entry(&mut map, "initContainers", p.init_containers.as_ref())?;
        entry(&mut map, "nodeSelector", p.node_selector.as_ref())?;
        entry(&mut map, "restartPolicy", p.restart_policy.as_ref())?;
        entry(&mut map, "runtimeClassName", p.runtime_class_name.as_ref())?;
        entry(&mut map, "securityContext", p.security_context.as_ref())?;
        entry(
            &mut map,
            "shareProcessNamespace",
            p.share_process_namespace.as_ref(),
        )?;
        entry(&mut map, "volumes", volumes.as_ref())?;
        map.end()
    }
}

/// The volume sources rendering uses: config maps, empty dirs, claims and ephemeral claims.
struct VolumeView<'a>(&'a Volume);

impl Serialize for VolumeView<'_> {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        let v = self.0;
        let mut map = serializer.serialize_map(None)?;
        entry(&mut map, "configMap", v.config_map.as_ref())?;
        entry(&mut map, "emptyDir", v.empty_dir.as_ref())?;
        entry(
            &mut map,
            "ephemeral",
            v.ephemeral.as_ref().map(EphemeralView).as_ref(),
        )?;
        map.serialize_entry("name", &v.name)?;
        entry(
            &mut map,
            "persistentVolumeClaim",
            v.persistent_volume_claim.as_ref(),
        )?;
        map.end()
    }
}

/// An ephemeral volume: its claim template's spec (rendering sets no template metadata).
struct EphemeralView<'a>(&'a EphemeralVolumeSource);

impl Serialize for EphemeralView<'_> {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry(
            &mut map,
            "volumeClaimTemplate",
            self.0
                .volume_claim_template
                .as_ref()
                .map(ClaimTemplateView)
                .as_ref(),
        )?;
        map.end()
    }
}

struct ClaimTemplateView<'a>(&'a PersistentVolumeClaimTemplate);

impl Serialize for ClaimTemplateView<'_> {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        let t = self.0;
        let mut map = serializer.serialize_map(None)?;
        entry(&mut map, "metadata", t.metadata.as_ref().map(Meta).as_ref())?;
        map.serialize_entry("spec", &t.spec)?;
        map.end()
    }
}
