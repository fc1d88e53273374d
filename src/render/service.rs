//! The NodePort Service `<name>-expose` (docs/semantics.md#other-objects).

use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::Sandbox;
use super::parts::{SANDBOX_LABEL, map, meta};

/// `<name>-expose` when `expose_ports` is given: every port on every node, answered only by
/// the node that runs the sandbox (`externalTrafficPolicy: Local` keeps the client's address,
/// which the `cidr:` ingress sources need).
pub(super) fn expose(s: &Sandbox) -> Option<Service> {
    if s.expose_ports.is_empty() {
        return None;
    }
    Some(Service {
        metadata: ObjectMeta {
            labels: Some(map(&[(SANDBOX_LABEL, &s.name)])),
            ..meta(s, "-expose")
        },
        spec: Some(ServiceSpec {
            type_: Some("NodePort".into()),
            external_traffic_policy: Some("Local".into()),
            selector: Some(map(&[("app", &s.name)])),
            ports: Some(
                s.expose_ports
                    .iter()
                    .map(|&p| ServicePort {
                        name: Some(format!("tcp-{p}")),
                        port: p,
                        target_port: Some(IntOrString::Int(p)),
                        protocol: Some("TCP".into()),
                        ..Default::default()
                    })
                    .collect(),
            ),
            ..Default::default()
        }),
        ..Default::default()
    })
}
