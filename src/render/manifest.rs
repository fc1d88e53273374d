//! How the k8s-openapi objects are written out.
//!
//! k8s-openapi's own `Serialize` impls reach every field of a kind: `status`, `managedFields`,
//! the metadata timestamps (whose date-time code, the `jiff` crate, is about 90 KB of wasm
//! alone), and through `PodSpec` every volume source and ephemeral container, although K7 sets
//! none of them; `Container`'s reaches probes' HTTP and gRPC actions, lifecycle hooks, the
//! environment's `valueFrom` selectors and the security contexts' SELinux, AppArmor and Windows
//! options. These views write exactly the fields rendering sets, in the same shape, and hand the
//! small rest (selectors, capabilities, volume sources, policy specs, ports, ...) to k8s-openapi.
//! A test compares them with k8s-openapi's own output for every fixture and golden spec under
//! every option, so a field set later and not written here cannot go unnoticed.

use k8s_openapi::Resource;
use k8s_openapi::api::apps::v1::DeploymentSpec;
use k8s_openapi::api::core::v1::{
    Container, EnvVar, EphemeralVolumeSource, PersistentVolumeClaimSpec,
    PersistentVolumeClaimTemplate, PodSecurityContext, PodSpec, PodTemplateSpec, Probe,
    ResourceRequirements, SecurityContext, ServiceSpec, Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A field's value when it is set: an `Option`'s content, or a required field itself.
trait Set {
    type Value;
    fn set(&self) -> Option<&Self::Value>;
}

impl<T> Set for Option<T> {
    type Value = T;
    fn set(&self) -> Option<&T> {
        self.as_ref()
    }
}

/// The types of the required fields the views write.
macro_rules! required {
    ($($t:ty),*) => {$(
        impl Set for $t {
            type Value = Self;
            fn set(&self) -> Option<&Self> {
                Some(self)
            }
        }
    )*};
}

required!(
    String,
    Vec<Container>,
    LabelSelector,
    PodTemplateSpec,
    PersistentVolumeClaimSpec
);

/// A list written item by item through a view.
struct Each<'a, T, V>(&'a [T], fn(&'a T) -> V);

impl<'a, T, V: Serialize> Serialize for Each<'a, T, V> {
    fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        serializer.collect_seq(self.0.iter().map(self.1))
    }
}

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

/// `Name(Type) { "key": field, ... }`: a view of `Type` that writes each listed field when it is
/// set, as k8s-openapi would; `field => View` writes it through a view, `field => [View]` each
/// item of a list through one.
macro_rules! views {
    ($($(#[$doc:meta])* $name:ident($ty:ty) { $($key:literal: $field:ident $(=> $view:tt)?),* $(,)? })*) => {$(
        $(#[$doc])*
        pub(super) struct $name<'a>(pub &'a $ty);

        impl Serialize for $name<'_> {
            fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
                let mut map = serializer.serialize_map(None)?;
                $(entry(&mut map, $key, views!(@value self.0.$field.set() $(, $view)?))?;)*
                map.end()
            }
        }
    )*};
    (@value $value:expr) => { $value };
    (@value $value:expr, [$view:ident]) => {
        $value.map(|items| Each(items.as_slice(), $view)).as_ref()
    };
    (@value $value:expr, $view:ident) => { $value.map($view).as_ref() };
}

views! {
    /// The metadata fields rendering sets: name, namespace, labels, annotations.
    Meta(ObjectMeta) {
        "annotations": annotations,
        "labels": labels,
        "name": name,
        "namespace": namespace,
    }

    /// K7's Deployment spec: replicas, selector and the pod template.
    DeploymentSpecView(DeploymentSpec) {
        "replicas": replicas,
        "selector": selector,
        "template": template => Template,
    }

    Template(PodTemplateSpec) {
        "metadata": metadata => Meta,
        "spec": spec => PodSpecView,
    }

    /// The pod spec fields rendering sets.
    PodSpecView(PodSpec) {
        "containers": containers => [ContainerView],
        "initContainers": init_containers => [ContainerView],
        "nodeSelector": node_selector,
        "restartPolicy": restart_policy,
        "runtimeClassName": runtime_class_name,
        "securityContext": security_context => PodSecurityView,
        "shareProcessNamespace": share_process_namespace,
        "volumes": volumes => [VolumeView],
    }

    PodSecurityView(PodSecurityContext) {
        "fsGroup": fs_group,
        "runAsGroup": run_as_group,
        "runAsNonRoot": run_as_non_root,
        "runAsUser": run_as_user,
    }

    /// The container fields rendering sets; mounts, devices and resources are k8s-openapi's.
    ContainerView(Container) {
        "args": args,
        "command": command,
        "env": env => [EnvVarView],
        "envFrom": env_from,
        "image": image,
        "name": name,
        "readinessProbe": readiness_probe => ProbeView,
        "resources": resources => ResourcesView,
        "securityContext": security_context => SecurityView,
        "volumeDevices": volume_devices,
        "volumeMounts": volume_mounts => [MountView],
    }

    MountView(VolumeMount) {
        "mountPath": mount_path,
        "name": name,
        "readOnly": read_only,
        "subPath": sub_path,
    }

    ResourcesView(ResourceRequirements) {
        "limits": limits,
        "requests": requests,
    }

    EnvVarView(EnvVar) {
        "name": name,
        "value": value,
    }

    /// An exec probe and its timing.
    ProbeView(Probe) {
        "exec": exec,
        "failureThreshold": failure_threshold,
        "initialDelaySeconds": initial_delay_seconds,
        "periodSeconds": period_seconds,
        "timeoutSeconds": timeout_seconds,
    }

    SecurityView(SecurityContext) {
        "allowPrivilegeEscalation": allow_privilege_escalation,
        "capabilities": capabilities,
        "privileged": privileged,
        "runAsNonRoot": run_as_non_root,
        "runAsUser": run_as_user,
        "seccompProfile": seccomp_profile,
    }

    /// The volume sources rendering uses: config maps, empty dirs, claims and ephemeral claims.
    VolumeView(Volume) {
        "configMap": config_map,
        "emptyDir": empty_dir,
        "ephemeral": ephemeral => EphemeralView,
        "name": name,
        "persistentVolumeClaim": persistent_volume_claim,
    }

    /// An ephemeral volume: its claim template's spec (rendering sets no template metadata).
    EphemeralView(EphemeralVolumeSource) {
        "volumeClaimTemplate": volume_claim_template => ClaimTemplateView,
    }

    /// A NodePort Service: its type, ports, selector and traffic policy.
    ServiceSpecView(ServiceSpec) {
        "externalTrafficPolicy": external_traffic_policy,
        "ports": ports,
        "selector": selector,
        "type": type_,
    }

    ClaimTemplateView(PersistentVolumeClaimTemplate) {
        "metadata": metadata => Meta,
        "spec": spec => ClaimSpecView,
    }

    /// A claim: its access modes, class, volume mode and size.
    ClaimSpecView(PersistentVolumeClaimSpec) {
        "accessModes": access_modes,
        "resources": resources,
        "storageClassName": storage_class_name,
        "volumeMode": volume_mode,
    }
}
