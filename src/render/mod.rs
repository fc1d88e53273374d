//! Rendering: a resolved [`Sandbox`] becomes the Kubernetes objects K7 applies.
//!
//! The objects are built with k8s-openapi types (our own small types for the
//! CiliumNetworkPolicy), turned into JSON values through views of the fields we set
//! ([`manifest`]), and written out as YAML with our own emitter ([`to_yaml`]).

mod config;
mod docker;
mod kql;
mod manifest;
mod network;
mod parts;
mod pod;
mod service;
mod yaml;

use serde_json::Value;

use crate::options::{RenderOptions, Workload};
use crate::sandbox::Sandbox;

pub use yaml::to_yaml;

/// One rendered object, typed.
pub(crate) enum Object {
    ConfigMap(Box<k8s_openapi::api::core::v1::ConfigMap>),
    Secret(Box<k8s_openapi::api::core::v1::Secret>),
    Claim(Box<k8s_openapi::api::core::v1::PersistentVolumeClaim>),
    NetworkPolicy(Box<k8s_openapi::api::networking::v1::NetworkPolicy>),
    Pod(Box<k8s_openapi::api::core::v1::Pod>),
    Deployment(Box<k8s_openapi::api::apps::v1::Deployment>),
    Service(Box<k8s_openapi::api::core::v1::Service>),
    Cilium(Box<network::CiliumNetworkPolicy>),
}

impl Object {
    /// The object as a JSON value, written through [`manifest`]'s views.
    pub(crate) fn to_value(&self) -> Result<Value, serde_json::Error> {
        use k8s_openapi::api::{apps::v1 as apps, core::v1 as core, networking::v1 as net};
        use manifest::{ClaimSpecView, DeploymentSpecView, Manifest, PodSpecView, ServiceSpecView};
        match self {
            Object::ConfigMap(o) => serde_json::to_value(Manifest::with_data::<core::ConfigMap>(
                &o.metadata,
                o.data.as_ref(),
            )),
            Object::Secret(o) => serde_json::to_value(Manifest::with_data::<core::Secret>(
                &o.metadata,
                o.data.as_ref(),
            )),
            Object::Claim(o) => serde_json::to_value(Manifest::of::<core::PersistentVolumeClaim>(
                &o.metadata,
                o.spec.as_ref().map(ClaimSpecView),
            )),
            Object::NetworkPolicy(o) => serde_json::to_value(Manifest::of::<net::NetworkPolicy>(
                &o.metadata,
                o.spec.as_ref(),
            )),
            Object::Pod(o) => serde_json::to_value(Manifest::of::<core::Pod>(
                &o.metadata,
                o.spec.as_ref().map(PodSpecView),
            )),
            Object::Deployment(o) => serde_json::to_value(Manifest::of::<apps::Deployment>(
                &o.metadata,
                Some(DeploymentSpecView(&o.spec)),
            )),
            Object::Service(o) => serde_json::to_value(Manifest::of::<core::Service>(
                &o.metadata,
                o.spec.as_ref().map(ServiceSpecView),
            )),
            Object::Cilium(o) => serde_json::to_value(o),
        }
    }

    /// The object as k8s-openapi itself writes it, to prove the views above exact.
    #[cfg(test)]
    pub(crate) fn to_value_by_k8s_openapi(&self) -> Result<Value, serde_json::Error> {
        match self {
            Object::ConfigMap(o) => serde_json::to_value(o),
            Object::Secret(o) => serde_json::to_value(o),
            Object::Claim(o) => serde_json::to_value(o),
            Object::NetworkPolicy(o) => serde_json::to_value(o),
            Object::Pod(o) => serde_json::to_value(o),
            Object::Deployment(o) => serde_json::to_value(o),
            Object::Service(o) => serde_json::to_value(o),
            Object::Cilium(o) => serde_json::to_value(o),
        }
    }

    /// The pod spec of the workload, for the security explanation.
    pub(crate) fn pod_spec(&self) -> Option<&k8s_openapi::api::core::v1::PodSpec> {
        match self {
            Object::Pod(p) => p.spec.as_ref(),
            Object::Deployment(d) => d.spec.template.spec.as_ref(),
            _ => None,
        }
    }
}

/// The objects as JSON values, in the same order.
pub(crate) fn manifests(objects: &[Object]) -> Result<Vec<Value>, serde_json::Error> {
    objects.iter().map(Object::to_value).collect()
}

/// The objects in apply order: what the pod references (the env Secret, then each feature's
/// claims and ConfigMaps), the ingress policy, the workload, the Service, the egress policy.
pub(crate) fn objects(sandbox: &Sandbox, options: &RenderOptions) -> Vec<Object> {
    let mut objects = Vec::with_capacity(7);
    if let Some(secret) = config::env_secret(sandbox) {
        objects.push(Object::Secret(Box::new(secret)));
    }
    if let Some(claim) = kql::root_claim(sandbox) {
        objects.push(Object::Claim(Box::new(claim)));
    }
    if let Some(wrapper) = kql::wrapper(sandbox) {
        objects.push(Object::ConfigMap(Box::new(wrapper)));
    }
    if let Some(scripts) = docker::scripts(sandbox) {
        objects.push(Object::ConfigMap(Box::new(scripts)));
    }
    if let Some(claim) = docker::graph_claim(sandbox) {
        objects.push(Object::Claim(Box::new(claim)));
    }
    objects.push(Object::NetworkPolicy(Box::new(network::deny_ingress(
        sandbox,
    ))));
    objects.push(match options.workload {
        Workload::Pod => Object::Pod(Box::new(pod::pod(sandbox))),
        Workload::Deployment => Object::Deployment(Box::new(pod::deployment(sandbox))),
    });
    if let Some(service) = service::expose(sandbox) {
        objects.push(Object::Service(Box::new(service)));
    }
    match &sandbox.egress {
        Some(w) if !w.names.is_empty() => {
            objects.push(Object::Cilium(Box::new(network::cilium_egress(sandbox, w))));
        }
        Some(w) => objects.push(Object::NetworkPolicy(Box::new(network::egress_netpol(
            sandbox, w,
        )))),
        None => {}
    }
    objects
}
