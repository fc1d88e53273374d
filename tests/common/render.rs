//! Helpers of the render suites: the options, the valid fixtures, reading YAML back, and the
//! invariants every rendering keeps.

use k7_spec::{Cni, EgressMode, RenderOptions, Rendering, Severity, Workload, validate};
use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Value, json};

use super::{Scalar, parse_int, resolve, yaml11_bool};

pub const ALL_OPTIONS: [RenderOptions; 4] = [
    RenderOptions {
        cni: Cni::Cilium,
        workload: Workload::Pod,
        ignore: Vec::new(),
    },
    RenderOptions {
        cni: Cni::Cilium,
        workload: Workload::Deployment,
        ignore: Vec::new(),
    },
    RenderOptions {
        cni: Cni::Flannel,
        workload: Workload::Pod,
        ignore: Vec::new(),
    },
    RenderOptions {
        cni: Cni::Flannel,
        workload: Workload::Deployment,
        ignore: Vec::new(),
    },
];

/// Fixtures the validator finds no error in.
pub fn valid_fixtures() -> Vec<(String, String)> {
    super::fixtures()
        .into_iter()
        .filter(|(_, text)| validate(text).iter().all(|d| d.severity != Severity::Error))
        .collect()
}

/// Reads a YAML stream back into JSON values with YAML 1.2's core schema, refusing duplicate
/// keys and non-string keys, and refusing plain scalars that a YAML 1.1 reader takes for a
/// boolean.
pub fn read_yaml(text: &str) -> Vec<Value> {
    enum Frame {
        Seq(Vec<Value>),
        Map(Map<String, Value>, Option<String>),
    }
    let mut parser = Parser::new_from_str(text);
    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    while let Some(next) = parser.next_event() {
        let (event, _) = next.unwrap_or_else(|e| panic!("invalid YAML: {e:?}\n{text}"));
        let value = match event {
            Event::Scalar(s, style, _, tag) => {
                assert!(tag.is_none(), "unexpected tag in\n{text}");
                if style == ScalarStyle::Plain {
                    assert!(
                        yaml11_bool(&s).is_none(),
                        "plain `{s}` is a YAML 1.1 boolean"
                    );
                    match resolve(&s) {
                        Scalar::Null => Value::Null,
                        Scalar::Bool(b) => Value::Bool(b),
                        Scalar::Int => json!(parse_int(&s).expect("an i64")),
                        Scalar::Float => json!(s.parse::<f64>().expect("a float")),
                        Scalar::Str => Value::String(s.into_owned()),
                    }
                } else {
                    Value::String(s.into_owned())
                }
            }
            Event::SequenceStart(..) => {
                stack.push(Frame::Seq(Vec::new()));
                continue;
            }
            Event::MappingStart(..) => {
                stack.push(Frame::Map(Map::new(), None));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq(items)) => Value::Array(items),
                Some(Frame::Map(map, _)) => Value::Object(map),
                None => panic!("unbalanced YAML"),
            },
            Event::Alias(_) => panic!("unexpected alias"),
            _ => continue,
        };
        match stack.last_mut() {
            None => docs.push(value),
            Some(Frame::Seq(items)) => items.push(value),
            Some(Frame::Map(map, key)) => match key.take() {
                None => {
                    let Value::String(k) = value else {
                        panic!("non-string key {value:?} in\n{text}");
                    };
                    *key = Some(k);
                }
                Some(k) => assert!(map.insert(k.clone(), value).is_none(), "duplicate key {k}"),
            },
        }
    }
    docs
}

/// Every container of a workload manifest's pod spec, init containers included.
fn pod_spec(manifest: &Value) -> Option<&Value> {
    match manifest["kind"].as_str() {
        Some("Pod") => Some(&manifest["spec"]),
        Some("Deployment") => Some(&manifest["spec"]["template"]["spec"]),
        _ => None,
    }
}

fn containers(pod: &Value) -> Vec<&Value> {
    let mut out: Vec<&Value> = Vec::new();
    for key in ["initContainers", "containers"] {
        if let Some(list) = pod[key].as_array() {
            out.extend(list);
        }
    }
    out
}

/// Paths of empty lists and maps, which must be exactly the meaningful ones.
fn empties(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::Array(a) if a.is_empty() => out.push(format!("{path}=[]")),
        Value::Object(m) if m.is_empty() => out.push(format!("{path}={{}}")),
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                empties(v, &format!("{path}/{i}"), out);
            }
        }
        Value::Object(m) => {
            for (k, v) in m {
                empties(v, &format!("{path}/{k}"), out);
            }
        }
        _ => {}
    }
}

/// What a rendering breaks of the invariants, each problem prefixed with `name`.
pub fn check_invariants(name: &str, rendering: &Rendering) -> Vec<String> {
    let mut problems = Vec::new();
    let mut fail = |p: String| problems.push(format!("{name}: {p}"));
    let manifests = &rendering.manifests;
    let Some(explanation) = &rendering.explanation else {
        return vec![format!("{name}: no explanation")];
    };
    if read_yaml(&rendering.yaml) != *manifests {
        fail("the YAML does not read back as the manifests".into());
    }
    let kinds: Vec<&str> = manifests
        .iter()
        .map(|m| m["kind"].as_str().unwrap_or(""))
        .collect();
    let Some(workload) = manifests.iter().find(|m| pod_spec(m).is_some()) else {
        return vec![format!("{name}: no workload")];
    };
    let sandbox = workload["metadata"]["name"].as_str().unwrap_or("");
    let namespace = &workload["metadata"]["namespace"];
    let kql =
        workload["metadata"]["annotations"]["k7.katakate.org/backend"] == "kata-qemu-longhorn";
    for m in manifests {
        if &m["metadata"]["namespace"] != namespace {
            fail(format!("{} is in another namespace", m["metadata"]["name"]));
        }
        let object = m["metadata"]["name"].as_str().unwrap_or("");
        if !object.starts_with(sandbox) {
            fail(format!("{object} is not named after the sandbox"));
        }
        let mut found = Vec::new();
        empties(m, "", &mut found);
        for e in found {
            let allowed = (m["kind"] == "NetworkPolicy" && e == "/spec/egress=[]")
                || e.ends_with("/emptyDir={}");
            if !allowed {
                fail(format!("{object} has an empty collection at {e}"));
            }
        }
    }
    // Apply order: what the pod references (Secret, claims, ConfigMaps), ingress policy,
    // workload, service, egress policy.
    let rank = |m: &Value| match (m["kind"].as_str(), m["metadata"]["name"].as_str()) {
        (Some("Secret" | "PersistentVolumeClaim" | "ConfigMap"), _) => 0,
        (Some("NetworkPolicy"), Some(n)) if n.ends_with("-deny-ingress") => 1,
        (Some("Pod" | "Deployment"), _) => 2,
        (Some("Service"), _) => 3,
        _ => 4,
    };
    if !manifests.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])) {
        fail(format!("objects out of apply order: {kinds:?}"));
    }
    let pod = pod_spec(workload).unwrap_or(&Value::Null);
    // K7 hardens the sandbox container; its own helpers (Docker, kql's init) get at most
    // `privileged`, as K7 writes them.
    for c in containers(pod) {
        let ctx = &c["securityContext"];
        let cname = c["name"].as_str().unwrap_or("");
        let privileged = ctx["privileged"] == true;
        if cname == "sandbox" && ctx["seccompProfile"]["type"] != "RuntimeDefault" {
            fail(format!("container {cname} lacks seccomp RuntimeDefault"));
        }
        if privileged && ctx["allowPrivilegeEscalation"] == false {
            fail(format!(
                "privileged {cname} sets allowPrivilegeEscalation: false, which the API refuses"
            ));
        }
    }
    // Every mount and device names a volume of the pod, and every ConfigMap or claim a volume
    // names is rendered too.
    let volumes: Vec<&Value> = pod["volumes"].as_array().into_iter().flatten().collect();
    for c in containers(pod) {
        for key in ["volumeMounts", "volumeDevices"] {
            for v in c[key].as_array().into_iter().flatten() {
                if !volumes.iter().any(|vol| vol["name"] == v["name"]) {
                    fail(format!("{} of {} names no volume: {v}", key, c["name"]));
                }
            }
        }
    }
    let rendered = |kind: &str, name: &Value| {
        manifests
            .iter()
            .any(|m| m["kind"] == kind && &m["metadata"]["name"] == name)
    };
    for v in &volumes {
        let config_map = &v["configMap"]["name"];
        let claim = &v["persistentVolumeClaim"]["claimName"];
        if (!config_map.is_null() && !rendered("ConfigMap", config_map))
            || (!claim.is_null() && !rendered("PersistentVolumeClaim", claim))
        {
            fail(format!(
                "volume {} references an object not rendered",
                v["name"]
            ));
        }
    }
    if let Some(sandbox_container) = containers(pod).into_iter().find(|c| c["name"] == "sandbox") {
        if !kql && sandbox_container["securityContext"]["allowPrivilegeEscalation"] != false {
            fail("the sandbox container allows privilege escalation".into());
        }
    } else {
        fail("no sandbox container".into());
    }
    for m in manifests.iter().filter(|m| m["kind"] == "NetworkPolicy") {
        for rule in m["spec"]["ingress"].as_array().into_iter().flatten() {
            if rule["from"].as_array().is_none_or(Vec::is_empty) {
                fail("an ingress rule has no `from`: it would admit everyone".into());
            }
        }
    }
    let netpol = manifests
        .iter()
        .find(|m| m["metadata"]["name"] == format!("{sandbox}-netpol"));
    let cnps = kinds
        .iter()
        .filter(|k| **k == "CiliumNetworkPolicy")
        .count();
    match explanation.egress.mode {
        EgressMode::Open => {
            if netpol.is_some() || cnps > 0 {
                fail("open egress renders an egress policy".into());
            }
        }
        EgressMode::Blocked => match netpol {
            Some(p)
                if p["spec"]["egress"] == json!([])
                    && p["spec"]["policyTypes"] == json!(["Egress"])
                    && cnps == 0 => {}
            _ => fail("`[]` does not give exactly an Egress policy with no rules".into()),
        },
        EgressMode::CidrOnly => {
            let rules = netpol.and_then(|p| p["spec"]["egress"].as_array());
            let ok = cnps == 0
                && rules.is_some_and(|rules| {
                    rules.len() == explanation.egress.ranges.len()
                        && rules.iter().all(|r| {
                            r.get("ports").is_none()
                                && r["to"].as_array().is_some_and(|to| {
                                    to.iter().all(|peer| {
                                        peer.as_object().is_some_and(|p| {
                                            p.len() == 1 && p.contains_key("ipBlock")
                                        })
                                    })
                                })
                        })
                });
            if !ok {
                fail("CIDR-only must give one ipBlock rule per range, no port (53 included) and no CNP".into());
            }
        }
        EgressMode::Fqdn => {
            if netpol.is_some() || cnps != 1 {
                fail("FQDN whitelist must give exactly the CiliumNetworkPolicy".into());
            }
        }
    }
    problems
}
