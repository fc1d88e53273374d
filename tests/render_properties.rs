//! Generated specs and values (proptest): the YAML writer reads back as the values, and
//! rendering never panics, refuses only with an error, and keeps the invariants.

mod common;

use common::render::{ALL_OPTIONS, check_invariants, read_yaml};
use k7_spec::{Cni, RenderOptions, Severity, Workload, render, to_yaml};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn tricky_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[-+.:#&*!|>'\"%@` \t0-9a-fA-FxXoOeE_{},?~\\[\\]\n]{0,10}",
        proptest::sample::select(vec![
            "true",
            "False",
            "yes",
            "NO",
            "on",
            "off",
            "y",
            "n",
            "null",
            "~",
            "",
            "1024",
            "-1",
            "0x1F",
            "0o17",
            "017",
            "1e3",
            "1_000",
            "1:30",
            ".inf",
            "-.Inf",
            ".NaN",
            "2001-12-14",
            "10.0.0.1",
            "- a",
            "a: b",
            "*",
            "**.x",
            "&a",
            "!t",
            "---",
            "...",
            "<<",
            "=",
        ])
        .prop_map(str::to_owned),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e12f64..1e12).prop_map(|f| json!(f)),
        tricky_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::btree_map(tricky_string(), inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A spec built from the real fields with plausible and implausible values.
fn spec_text() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        tricky_string().prop_map(Value::String),
        proptest::sample::select(vec![
            "demo",
            "alpine:3.20",
            "kql",
            "k7d",
            "k7d-fc",
            "kfd",
            "1Gi",
            "500m",
            "10.0.0.0/8",
            "pypi.org",
            "*.example.com",
            "docker",
            "sandbox:web",
            "namespace:ns",
            "cidr:10.0.0.0/8",
            "ALL",
            "NET_RAW",
            "worker-1",
            "kata-qemu",
        ])
        .prop_map(|s| json!(s)),
        any::<bool>().prop_map(Value::Bool),
        (0i64..70000).prop_map(|n| json!(n)),
        proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(vec![
                    "10.0.0.5/8",
                    "pypi.org",
                    "*.x.io",
                    "8080",
                    "sandbox:a",
                    "ALL",
                    "::1"
                ])
                .prop_map(|s| json!(s)),
                (0i64..70000).prop_map(|n| json!(n)),
                tricky_string().prop_map(Value::String),
            ],
            0..4
        )
        .prop_map(Value::Array),
        Just(json!({"cpu": "1", "memory": "1Gi"})),
        Just(Value::Null),
    ];
    let fields: Vec<&'static str> = common::FIELDS.iter().map(|f| f.name).collect();
    proptest::collection::btree_map(proptest::sample::select(fields), value, 0..12).prop_map(|m| {
        let mut map: Map<String, Value> = m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        map.entry("name").or_insert(json!("demo"));
        map.entry("image").or_insert(json!("alpine:3.20"));
        to_yaml(&[Value::Object(map)])
    })
}

/// A spec that the validator accepts, mixing every field that changes the rendering.
fn valid_spec() -> impl Strategy<Value = (String, bool)> {
    use proptest::option::of;
    use proptest::sample::{select, subsequence};
    let network = (
        of(subsequence(
            vec![
                "10.0.0.0/8",
                "192.0.2.1",
                "pypi.org",
                "*.example.com",
                "2001:db8::/32",
                "0.0.0.0/0",
                "8.8.8.8",
                "169.254.169.254",
                "10.1.2.3/16",
            ],
            0..5,
        )),
        subsequence(vec![80i64, 8080, 9090], 0..3),
        subsequence(vec!["sandbox:a", "namespace:b", "cidr:10.0.0.0/8"], 0..3),
        any::<bool>(),
    );
    let security = (
        any::<bool>(),
        any::<bool>(),
        of(subsequence(vec!["ALL", "net_raw"], 0..2)),
        subsequence(vec!["NET_BIND_SERVICE", "chown", "SYS_ADMIN"], 0..2),
    );
    let workload = (
        select(vec![
            "kfd",
            "kql",
            "k7d",
            "k7d-fc",
            "kata-qemu-longhorn",
            "k7",
        ]),
        select(vec![
            json!({}),
            json!({"cpu": "1"}),
            json!({"memory": "1Gi"}),
            json!({"cpu": "500m", "memory": "300000Ki", "ephemeral-storage": "1Gi"}),
        ]),
        of(select(vec!["echo hi", "apk add curl", "set -x\ntrue"])),
        (
            0u8..3,
            any::<bool>(),
            any::<bool>(),
            of(select(vec!["kata-qemu", "kata-clh"])),
        ),
        of(select(vec!["worker-1", "node.example"])),
        any::<bool>(),
    );
    (network, security, workload).prop_map(
        |(
            (egress, ports, from, expose),
            (pod_nr, ctr_nr, drop, add),
            (backend, limits, script, (docker, disk, env, rc), node, argv),
        )| {
            let mut m = Map::new();
            m.insert("name".into(), json!("gen"));
            m.insert("image".into(), json!("alpine:3.20"));
            m.insert("backend".into(), json!(backend));
            m.insert("limits".into(), limits);
            if let Some(script) = script {
                m.insert("before_script".into(), json!(script));
            }
            let names = egress.as_ref().is_some_and(|e| {
                e.iter()
                    .any(|x| x.contains("pypi") || x.contains("example"))
            });
            if let Some(egress) = egress {
                m.insert("egress_whitelist".into(), json!(egress));
            }
            if !ports.is_empty() {
                m.insert("ingress_ports".into(), json!(ports));
                m.insert("ingress_from".into(), json!(from));
                if expose {
                    m.insert("expose_ports".into(), json!(&ports[..1]));
                }
            }
            m.insert("pod_non_root".into(), json!(pod_nr));
            m.insert("container_non_root".into(), json!(ctr_nr));
            if let Some(drop) = drop {
                m.insert("cap_drop".into(), json!(drop));
            }
            m.insert("cap_add".into(), json!(add));
            match docker {
                1 => {
                    m.insert("docker".into(), json!(true));
                    if disk {
                        m.insert("docker_disk".into(), json!("30Gi"));
                    }
                }
                2 => {
                    m.insert("sidecar".into(), json!("docker"));
                }
                _ => {}
            }
            if env {
                m.insert("env_file".into(), json!(".env"));
            }
            if let Some(rc) = rc {
                m.insert("runtime_class_name".into(), json!(rc));
            }
            if let Some(node) = node {
                m.insert("node_name".into(), json!(node));
            }
            if argv {
                m.insert("entrypoint".into(), json!(["/bin/app"]));
                m.insert("cmd".into(), json!(["--serve", "true"]));
                m.insert("root_disk_size".into(), json!("20Gi"));
            }
            (to_yaml(&[Value::Object(m)]), names)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn yaml_reads_back_as_the_values(doc in json_value()) {
        let docs = vec![doc.clone(), json!({"kind": "X"}), doc];
        let text = to_yaml(&docs);
        prop_assert_eq!(read_yaml(&text), docs, "{}", text);
    }

    #[test]
    fn render_never_panics_and_round_trips(text in spec_text(), flannel in any::<bool>(), deployment in any::<bool>()) {
        let options = RenderOptions {
            cni: if flannel { Cni::Flannel } else { Cni::Cilium },
            workload: if deployment { Workload::Deployment } else { Workload::Pod },
            ..RenderOptions::default()
        };
        let r = render(&text, &options);
        if r.ok {
            prop_assert!(check_invariants("generated", &r).is_empty(), "{:?}\n{}", check_invariants("generated", &r), text);
        } else {
            prop_assert!(r.diagnostics.iter().any(|d| d.severity == Severity::Error));
        }
    }

    #[test]
    fn generated_valid_specs_render_and_keep_the_invariants((text, names) in valid_spec(), options in proptest::sample::select(ALL_OPTIONS.to_vec())) {
        let r = render(&text, &options);
        let refused = options.cni == Cni::Flannel && names;
        prop_assert_eq!(r.ok, !refused, "{:?}\n{}", r.diagnostics, text);
        if r.ok {
            let problems = check_invariants("generated", &r);
            prop_assert!(problems.is_empty(), "{:?}\n{}", problems, text);
            prop_assert_eq!(render(&text, &options), r);
        }
    }

    #[test]
    fn render_never_panics_on_any_text(text in any::<String>()) {
        let _ = render(&text, &RenderOptions::default());
    }
}
