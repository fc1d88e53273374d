//! What callers of `render` get: the serde form of the public types, nothing but diagnostics for
//! a spec with errors, Flannel's refusal of DNS names, and the security level of the pod.

mod common;

use k7_spec::{Cni, RenderOptions, Severity, Workload, render, validate};
use serde_json::{Value, json};

#[test]
fn specs_with_errors_render_nothing_but_their_diagnostics() {
    let broken = [
        "name: demo\n".to_owned(),
        "name: demo\nimage: alpine:3.20\negress_whitelist: [10.0.0.0/33]\n".to_owned(),
        "name: Demo\nimage: alpine:3.20\ncap_drop: ALL\n".to_owned(),
        "- not\n- a mapping\n".to_owned(),
        String::new(),
    ];
    let fixtures = common::fixtures().into_iter().map(|(_, t)| t);
    let mut checked = 0;
    for text in broken.into_iter().chain(fixtures) {
        let diagnostics = validate(&text);
        if diagnostics.iter().all(|d| d.severity != Severity::Error) {
            continue;
        }
        checked += 1;
        let r = render(&text, &RenderOptions::default());
        assert!(!r.ok, "{text}");
        assert!(r.manifests.is_empty() && r.yaml.is_empty() && r.explanation.is_none());
        assert_eq!(r.diagnostics, diagnostics, "{text}");
    }
    assert!(checked >= 5);
}

#[test]
fn flannel_refuses_each_dns_name_at_its_entry() {
    let text = "name: demo\nimage: alpine:3.20\negress_whitelist:\n  - 10.0.0.0/8\n  - pypi.org\n  - \"*.example.com\"\n";
    let flannel = RenderOptions {
        cni: Cni::Flannel,
        ..RenderOptions::default()
    };
    let r = render(text, &flannel);
    assert!(!r.ok && r.manifests.is_empty() && r.yaml.is_empty() && r.explanation.is_none());
    let errors: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == "fqdn-needs-cilium")
        .collect();
    assert_eq!(errors.len(), 2);
    let first = errors[0];
    assert_eq!(first.severity, Severity::Error);
    assert_eq!(first.path, "/egress_whitelist/1");
    let span = first.span.expect("a span");
    assert_eq!((span.start.line, span.start.column), (5, 5));
    assert_eq!(span.end.column - span.start.column, "pypi.org".len() as u32);
    assert!(first.message.contains("`pypi.org`"));
    assert!(first.help.is_some());
    assert_eq!(errors[1].path, "/egress_whitelist/2");
    assert_eq!(errors[1].span.map(|s| s.start.line), Some(6));
    // The diagnostics stay sorted by position.
    let offsets: Vec<u32> = r
        .diagnostics
        .iter()
        .filter_map(|d| d.span)
        .map(|s| s.start.offset)
        .collect();
    assert!(offsets.windows(2).all(|w| w[0] <= w[1]));
    // The same spec renders on Cilium.
    assert!(render(text, &RenderOptions::default()).ok);
}

#[test]
fn serde_form_is_the_api_contract() {
    let r = render(
        "name: demo\nimage: alpine:3.20\negress_whitelist: [10.0.0.0/8]\nbefore_script: echo hi\n",
        &RenderOptions::default(),
    );
    let v = serde_json::to_value(&r).expect("serialisable");
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    let mut top = keys(&v);
    top.sort();
    assert_eq!(
        top,
        ["diagnostics", "explanation", "manifests", "ok", "yaml"]
    );
    let e = &v["explanation"];
    assert_eq!(e["egress"]["mode"], "cidr-only");
    assert_eq!(e["egress"]["dns"], "blocked");
    assert_eq!(e["egress"]["ranges"], json!(["10.0.0.0/8"]));
    assert_eq!(e["egress"]["names"], json!([]));
    assert!(e["egress"]["summary"].is_string() && e["egress"]["details"].is_array());
    assert!(e["ingress"]["summary"].is_string() && e["ingress"]["details"].is_array());
    assert_eq!(e["security"]["level"], "baseline");
    let phases: Vec<&str> = e["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(phases, ["start", "before_script", "locked down"]);
    assert_eq!(e["phases"][2]["egress"], "cidr-only");
    let d = &v["diagnostics"][0];
    let mut dkeys = keys(d);
    dkeys.sort();
    assert_eq!(
        dkeys,
        [
            "code",
            "fixes",
            "help",
            "message",
            "path",
            "severity",
            "span",
            "suppressed"
        ]
    );
    assert_eq!(d["suppressed"], Value::Null);
    assert_eq!(d["fixes"], json!([]));
    // A fix: its title, applicability and UTF-16 edits.
    let hosts = render(
        "name: demo\nimage: alpine:3.20\negress_whitelist: [10.0.0.5/8]\n",
        &RenderOptions::default(),
    );
    let hosts = serde_json::to_value(&hosts).unwrap();
    let d = hosts["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "cidr-host-bits");
    let fix = &d.unwrap()["fixes"][0];
    assert_eq!(fix["title"], "Write `10.0.0.0/8`");
    assert_eq!(fix["applicability"], "safe");
    assert_eq!(fix["edits"][0]["text"], "0");
    assert_eq!(fix["edits"][0]["span"]["start"]["offset"], 56);
    let spec = "name: demo\nimage: alpine:3.20\ncap_add: [SYS_ADMIN]  # k7-spec: ignore[powerful-capability] fuse\n";
    let quiet = serde_json::to_value(render(spec, &RenderOptions::default())).unwrap();
    let suppressed = quiet["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "powerful-capability")
        .unwrap();
    assert_eq!(
        suppressed["suppressed"],
        json!({"kind": "comment", "reason": "fuse"})
    );

    let broken = serde_json::to_value(render("name: demo\n", &RenderOptions::default())).unwrap();
    assert_eq!(broken["ok"], false);
    assert_eq!(broken["explanation"], Value::Null);
    assert_eq!(broken["manifests"], json!([]));
    assert_eq!(broken["yaml"], "");

    let parse = |s: &str| serde_json::from_str::<RenderOptions>(s);
    assert_eq!(parse("{}").unwrap(), RenderOptions::default());
    assert_eq!(
        parse(r#"{"cni": "flannel", "workload": "deployment"}"#).unwrap(),
        RenderOptions {
            cni: Cni::Flannel,
            workload: Workload::Deployment,
            ignore: Vec::new(),
        }
    );
    assert!(parse(r#"{"cni": "calico"}"#).is_err());
    assert!(parse(r#"{"workLoad": "pod"}"#).is_err());
    assert_eq!(
        serde_json::to_value(RenderOptions::default()).unwrap(),
        json!({"cni": "cilium", "workload": "pod"})
    );
}

#[test]
fn security_level_follows_the_rendered_pod() {
    let level = |text: &str| {
        let r = render(text, &RenderOptions::default());
        assert!(r.ok, "{:?}", r.diagnostics);
        r.explanation.unwrap().security
    };
    let base = "name: demo\nimage: alpine:3.20\nbackend: k7d\negress_whitelist: []\n";
    let hardened = level(&format!(
        "{base}pod_non_root: true\ncontainer_non_root: true\n"
    ));
    assert_eq!(serde_json::to_value(hardened.level).unwrap(), "restricted");
    let root = level(base);
    assert_eq!(serde_json::to_value(root.level).unwrap(), "baseline");
    assert!(
        root.details
            .iter()
            .any(|d| d.contains("Running as Non-root"))
    );
    let caps = level(&format!("{base}cap_add: [SYS_ADMIN]\n"));
    assert_eq!(serde_json::to_value(caps.level).unwrap(), "privileged");
    assert!(
        caps.details
            .iter()
            .any(|d| d.contains("Capabilities (baseline)"))
    );
    let bind = level(&format!(
        "{base}pod_non_root: true\ncontainer_non_root: true\ncap_add: [NET_BIND_SERVICE]\n"
    ));
    assert_eq!(serde_json::to_value(bind.level).unwrap(), "restricted");
    let kql = level("name: demo\nimage: alpine:3.20\nbackend: kql\n");
    assert_eq!(serde_json::to_value(kql.level).unwrap(), "privileged");
    assert!(
        kql.details
            .iter()
            .any(|d| d.contains("Privileged Containers") && d.contains("`sandbox`"))
    );
}
