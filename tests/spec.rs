//! The typed spec: every field (docs/semantics.md#fields) lands in its own slot with its exact
//! type.

mod common;

use common::{Backend, FIELDS, List, Spanned};
use k7_spec::analyze;
use k7_spec::spec::{Entry, Source};

const EVERY_FIELD: &str = r#"
name: agent
image: ghcr.io/katakate/agent:1.0
namespace: sandboxes
backend: kql
runtime_class_name: kata-qemu
limits: {cpu: "2", memory: "2Gi", ephemeral-storage: "4Gi"}
root_disk_size: 30Gi
env_file: .env
egress_whitelist: [pypi.org, 10.0.0.0/8]
before_script: "pip download -d /opt requests"
entrypoint: [/usr/bin/agent]
cmd: [--serve]
pod_non_root: true
container_non_root: false
cap_drop: [ALL]
cap_add: [NET_BIND_SERVICE]
ingress_ports: [8080, 9090]
ingress_from: [sandbox:client, "cidr:203.0.113.0/24"]
expose_ports: [8080]
node_name: worker-1
docker: true
docker_disk: 40Gi
sidecar: null
volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
"#;

#[test]
fn every_field_is_read_into_its_own_slot() {
    let analysis = analyze(EVERY_FIELD);
    let spec = analysis.spec.expect("a mapping");
    let s = |f: &Option<Spanned<String>>| f.as_ref().map(|v| v.value.clone());
    let list = |f: &Option<List<String>>| {
        f.as_ref()
            .map(|l| l.value.iter().map(|v| v.value.clone()).collect::<Vec<_>>())
    };
    let ports = |f: &Option<List<i64>>| {
        f.as_ref()
            .map(|l| l.value.iter().map(|v| v.value).collect::<Vec<_>>())
    };
    assert_eq!(s(&spec.name).as_deref(), Some("agent"));
    assert_eq!(
        s(&spec.image).as_deref(),
        Some("ghcr.io/katakate/agent:1.0")
    );
    assert_eq!(s(&spec.namespace).as_deref(), Some("sandboxes"));
    assert_eq!(spec.backend(), Backend::Kql);
    assert_eq!(s(&spec.runtime_class_name).as_deref(), Some("kata-qemu"));
    let limits: Vec<(String, String)> = spec
        .limits
        .as_ref()
        .unwrap()
        .value
        .iter()
        .map(|l| (l.key.value.clone(), l.value.value.text.clone()))
        .collect();
    assert_eq!(
        limits,
        [
            ("cpu".into(), "2".into()),
            ("memory".into(), "2Gi".into()),
            ("ephemeral-storage".into(), "4Gi".into())
        ]
    );
    let limits = &spec.limits.as_ref().unwrap().value;
    assert!(limits.iter().all(|l| l.value.value.quantity.is_ok()));
    let disk = &spec.root_disk_size.as_ref().unwrap().value;
    assert_eq!((disk.text.as_str(), disk.quantity.is_ok()), ("30Gi", true));
    assert_eq!(s(&spec.env_file).as_deref(), Some(".env"));
    let egress: Vec<&Entry> = spec
        .egress_whitelist
        .as_ref()
        .unwrap()
        .value
        .iter()
        .map(|e| &e.value.entry)
        .collect();
    assert_eq!(
        egress,
        [
            &Entry::Name("pypi.org".into()),
            &Entry::Range {
                net: "10.0.0.0/8".parse().unwrap(),
                host_bits: false
            }
        ]
    );
    assert_eq!(
        spec.before_script.as_ref().map(|b| b.value.text.as_str()),
        Some("pip download -d /opt requests")
    );
    assert_eq!(list(&spec.entrypoint), Some(vec!["/usr/bin/agent".into()]));
    assert_eq!(list(&spec.cmd), Some(vec!["--serve".into()]));
    assert_eq!(spec.pod_non_root.as_ref().map(|f| f.value), Some(true));
    assert_eq!(
        spec.container_non_root.as_ref().map(|f| f.value),
        Some(false)
    );
    assert_eq!(list(&spec.cap_drop), Some(vec!["ALL".into()]));
    assert_eq!(list(&spec.cap_add), Some(vec!["NET_BIND_SERVICE".into()]));
    assert_eq!(ports(&spec.ingress_ports), Some(vec![8080, 9090]));
    let sources: Vec<&Source> = spec
        .ingress_from
        .as_ref()
        .unwrap()
        .value
        .iter()
        .filter_map(|s| s.value.source.as_ref().ok())
        .collect();
    assert_eq!(
        sources,
        [
            &Source::Sandbox("client".into()),
            &Source::Cidr("203.0.113.0/24".parse().unwrap())
        ]
    );
    assert_eq!(ports(&spec.expose_ports), Some(vec![8080]));
    assert_eq!(s(&spec.node_name).as_deref(), Some("worker-1"));
    assert_eq!(spec.docker.as_ref().map(|f| f.value), Some(true));
    assert_eq!(
        spec.docker_disk.as_ref().map(|d| d.value.text.as_str()),
        Some("40Gi")
    );
    assert_eq!(
        s(&spec.sidecar),
        None,
        "null is the same as leaving the field out"
    );
    assert_eq!(spec.volumes.as_ref().map(|v| v.value.len()), Some(1));
    let unknown: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == "unknown-field" || d.code == "wrong-type")
        .collect();
    assert!(unknown.is_empty(), "{unknown:?}");
    // The fixture above names every field of FIELDS, so a new field cannot be forgotten here.
    for field in FIELDS {
        assert!(
            EVERY_FIELD.contains(&format!("\n{}:", field.name)),
            "`{}` is not exercised",
            field.name
        );
    }
}

#[test]
fn yaml_core_schema_types_are_not_coerced() {
    for (value, found) in [
        ("1", "the integer 1"),
        ("1.5", "the number 1.5"),
        ("true", "the boolean true"),
        ("[a]", "a list"),
        ("{a: b}", "a mapping"),
    ] {
        let d = k7_spec::validate(&format!("name: demo\nimage: {value}\n"));
        let wrong = d
            .iter()
            .find(|d| d.code == "wrong-type")
            .unwrap_or_else(|| panic!("{value}: {d:?}"));
        assert!(wrong.message.ends_with(found), "{}", wrong.message);
    }
    // Quoted, they are strings.
    assert!(
        k7_spec::validate("name: demo\nimage: \"1\"\n")
            .iter()
            .all(|d| d.code != "wrong-type")
    );
}
