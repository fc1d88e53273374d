//! Rendering: every valid fixture against its reviewed YAML and explanation snapshots, the
//! invariants every rendering keeps, and the serde form of the public types.

mod common;

use k7_spec::scalar::{Scalar, parse_int, resolve, yaml11_bool};
use k7_spec::{
    Cni, EgressMode, Explanation, RenderOptions, Rendering, Severity, Workload, render, to_yaml,
    validate,
};
use proptest::prelude::*;
use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Value, json};

/// The options of a fixture's `# render: cni=flannel workload=deployment` line.
fn fixture_options(text: &str) -> RenderOptions {
    let mut options = RenderOptions::default();
    for word in text
        .lines()
        .filter_map(|l| l.strip_prefix("# render:"))
        .flat_map(str::split_whitespace)
    {
        match word {
            "cni=cilium" => options.cni = Cni::Cilium,
            "cni=flannel" => options.cni = Cni::Flannel,
            "workload=pod" => options.workload = Workload::Pod,
            "workload=deployment" => options.workload = Workload::Deployment,
            other => panic!("unknown render option `{other}`"),
        }
    }
    options
}

const ALL_OPTIONS: [RenderOptions; 4] = [
    RenderOptions {
        cni: Cni::Cilium,
        workload: Workload::Pod,
    },
    RenderOptions {
        cni: Cni::Cilium,
        workload: Workload::Deployment,
    },
    RenderOptions {
        cni: Cni::Flannel,
        workload: Workload::Pod,
    },
    RenderOptions {
        cni: Cni::Flannel,
        workload: Workload::Deployment,
    },
];

/// Fixtures the validator finds no error in.
fn valid_fixtures() -> Vec<(String, String)> {
    common::fixtures()
        .into_iter()
        .filter(|(_, text)| validate(text).iter().all(|d| d.severity != Severity::Error))
        .collect()
}

/// Reads a YAML stream back into JSON values with YAML 1.2's core schema, refusing duplicate
/// keys and non-string keys, and refusing plain scalars that a YAML 1.1 reader takes for a
/// boolean.
fn read_yaml(text: &str) -> Vec<Value> {
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

/// The explanation as text, for review.
fn explanation_text(e: &Explanation) -> String {
    let mut out = String::new();
    let egress = &e.egress;
    out += &format!(
        "egress: {} (dns: {})\n",
        json(&egress.mode),
        json(&egress.dns)
    );
    out += &format!("  ranges: {}\n", egress.ranges.join(", "));
    out += &format!("  names: {}\n", egress.names.join(", "));
    out += &format!("  {}\n", egress.summary);
    for d in &egress.details {
        out += &format!("  - {d}\n");
    }
    out += &format!("ingress:\n  {}\n", e.ingress.summary);
    for d in &e.ingress.details {
        out += &format!("  - {d}\n");
    }
    out += &format!(
        "security: {}\n  {}\n",
        json(&e.security.level),
        e.security.summary
    );
    for d in &e.security.details {
        out += &format!("  - {d}\n");
    }
    out += "phases:\n";
    for p in &e.phases {
        out += &format!("  {} [{}]: {}\n", p.name, p.egress, p.summary);
    }
    out
}

/// A serde enum as its JSON string, without quotes.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[test]
fn valid_fixtures_match_reviewed_manifests_and_explanations() {
    let mut failures = Vec::new();
    for (name, text) in valid_fixtures() {
        let rendering = render(&text, &fixture_options(&text));
        if !rendering.ok {
            failures.push(format!(
                "{name}: does not render: {:?}",
                rendering.diagnostics
            ));
            continue;
        }
        let stem = name.trim_end_matches(".yaml").trim_end_matches(".json");
        if let Some(diff) = common::check_snapshot(&format!("render/{stem}.yaml"), &rendering.yaml)
        {
            failures.push(diff);
        }
        if let Some(e) = &rendering.explanation {
            let text = explanation_text(e);
            if let Some(diff) = common::check_snapshot(&format!("explain/{stem}.txt"), &text) {
                failures.push(diff);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
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

fn check_invariants(name: &str, rendering: &Rendering) -> Vec<String> {
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
    // Apply order: claim, ingress policy, workload, service, egress policy.
    let rank = |m: &Value| match (m["kind"].as_str(), m["metadata"]["name"].as_str()) {
        (Some("PersistentVolumeClaim"), _) => 0,
        (Some("NetworkPolicy"), Some(n)) if n.ends_with("-deny-ingress") => 1,
        (Some("Pod" | "Deployment"), _) => 2,
        (Some("Service"), _) => 3,
        _ => 4,
    };
    if !manifests.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])) {
        fail(format!("objects out of apply order: {kinds:?}"));
    }
    let pod = pod_spec(workload).unwrap_or(&Value::Null);
    for c in containers(pod) {
        let ctx = &c["securityContext"];
        let cname = c["name"].as_str().unwrap_or("");
        if ctx["seccompProfile"]["type"] != "RuntimeDefault" {
            fail(format!("container {cname} lacks seccomp RuntimeDefault"));
        }
        let privileged = ctx["privileged"] == true;
        let sandbox_in_kql = cname == "sandbox" && kql;
        if !privileged && !sandbox_in_kql && ctx["allowPrivilegeEscalation"] != false {
            fail(format!("container {cname} allows privilege escalation"));
        }
        if privileged && ctx["allowPrivilegeEscalation"] == false {
            fail(format!(
                "privileged {cname} sets allowPrivilegeEscalation: false, which the API refuses"
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

#[test]
fn every_valid_fixture_keeps_the_invariants_under_every_option() {
    let mut failures = Vec::new();
    for (name, text) in valid_fixtures() {
        for options in ALL_OPTIONS {
            let label = format!("{name} {options:?}");
            let rendering = render(&text, &options);
            if !rendering.ok {
                // Only Flannel may refuse a spec the validator accepts, and only for DNS names.
                let codes: Vec<&str> = rendering
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| d.code.as_str())
                    .collect();
                if options.cni != Cni::Flannel || codes.iter().any(|c| *c != "fqdn-needs-cilium") {
                    failures.push(format!("{label}: refused with {codes:?}"));
                }
                continue;
            }
            if render(&text, &options) != rendering {
                failures.push(format!("{label}: rendering twice differs"));
            }
            failures.extend(check_invariants(&label, &rendering));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

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

fn is_cidr(s: &str) -> bool {
    s.parse::<ipnet::IpNet>().is_ok_and(|n| n.trunc() == n)
}

/// The CiliumNetworkPolicy against the parts of the `cilium.io/v2` CRD schema it uses
/// (kubernetes-validate has no schema for it and only warns).
fn check_cilium_shape(m: &Value) -> Result<(), String> {
    let keys = |v: &Value| -> Vec<String> {
        v.as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    let only = |v: &Value, allowed: &[&str]| -> Result<(), String> {
        match keys(v).iter().find(|k| !allowed.contains(&k.as_str())) {
            Some(k) => Err(format!("unexpected field `{k}` in {v}")),
            None => Ok(()),
        }
    };
    let labels_ok = |sel: &Value| {
        sel.as_object().is_some_and(|o| o.len() == 1)
            && sel["matchLabels"]
                .as_object()
                .is_some_and(|l| !l.is_empty() && l.values().all(Value::is_string))
    };
    let fqdn_ok = |sel: &Value, pattern: bool| {
        let name_chars = |s: &str, star: bool| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c) || (star && c == '*'))
        };
        sel.as_object().is_some_and(|o| o.len() == 1)
            && (sel["matchName"]
                .as_str()
                .is_some_and(|s| name_chars(s, false))
                || sel["matchPattern"]
                    .as_str()
                    .is_some_and(|s| pattern && name_chars(s, true)))
    };
    only(m, &["apiVersion", "kind", "metadata", "spec"])?;
    if m["apiVersion"] != "cilium.io/v2" || m["kind"] != "CiliumNetworkPolicy" {
        return Err("wrong apiVersion/kind".into());
    }
    only(&m["spec"], &["endpointSelector", "egress"])?;
    if !labels_ok(&m["spec"]["endpointSelector"]) {
        return Err("bad endpointSelector".into());
    }
    let rules = m["spec"]["egress"]
        .as_array()
        .ok_or("egress is not a list")?;
    if rules.is_empty() {
        return Err("no egress rule".into());
    }
    for rule in rules {
        only(rule, &["toEndpoints", "toPorts", "toFQDNs", "toCIDR"])?;
        for sel in rule["toEndpoints"].as_array().into_iter().flatten() {
            if !labels_ok(sel) {
                return Err(format!("bad toEndpoints {sel}"));
            }
        }
        for port_rule in rule["toPorts"].as_array().into_iter().flatten() {
            only(port_rule, &["ports", "rules"])?;
            for p in port_rule["ports"]
                .as_array()
                .ok_or("toPorts without ports")?
            {
                only(p, &["port", "protocol"])?;
                let port_ok = p["port"]
                    .as_str()
                    .is_some_and(|s| s.parse::<u16>().is_ok_and(|n| n > 0));
                let proto_ok =
                    matches!(p["protocol"].as_str(), Some("TCP" | "UDP" | "SCTP" | "ANY"));
                if !port_ok || !proto_ok {
                    return Err(format!("bad port {p}"));
                }
            }
            only(&port_rule["rules"], &["dns"])?;
            for d in port_rule["rules"]["dns"].as_array().into_iter().flatten() {
                if !fqdn_ok(d, true) {
                    return Err(format!("bad dns rule {d}"));
                }
            }
        }
        for f in rule["toFQDNs"].as_array().into_iter().flatten() {
            if !fqdn_ok(f, true) {
                return Err(format!("bad toFQDNs {f}"));
            }
        }
        for c in rule["toCIDR"].as_array().into_iter().flatten() {
            if !c.as_str().is_some_and(is_cidr) {
                return Err(format!("bad toCIDR {c}"));
            }
        }
    }
    // The DNS rule comes first and targets kube-dns on port 53, UDP and TCP.
    let dns = &rules[0];
    let selector = &dns["toEndpoints"][0]["matchLabels"];
    if selector["k8s:io.kubernetes.pod.namespace"] != "kube-system"
        || selector["k8s:k8s-app"] != "kube-dns"
    {
        return Err("the first rule is not the cluster DNS rule".into());
    }
    if dns["toPorts"][0]["ports"]
        != json!([{"port": "53", "protocol": "UDP"}, {"port": "53", "protocol": "TCP"}])
    {
        return Err("the DNS rule is not port 53 UDP and TCP".into());
    }
    if dns["toPorts"][0]["rules"]["dns"] != json!([{"matchPattern": "*"}]) {
        return Err("the DNS rule does not inspect every query".into());
    }
    Ok(())
}

#[test]
fn cilium_network_policies_have_the_crd_shape() {
    let mut checked = 0;
    for (name, text) in valid_fixtures() {
        let rendering = render(&text, &RenderOptions::default());
        for m in rendering
            .manifests
            .iter()
            .filter(|m| m["kind"] == "CiliumNetworkPolicy")
        {
            checked += 1;
            if let Err(e) = check_cilium_shape(m) {
                panic!("{name}: {e}\n{m:#}");
            }
        }
    }
    assert!(checked >= 3, "too few fixtures with a CiliumNetworkPolicy");
    let r = render(
        "name: w\nimage: alpine:3.20\negress_whitelist: ['*.Example.com', example.com, 10.1.2.3/8]\n",
        &RenderOptions::default(),
    );
    let cnp = r.manifests.last().expect("a CNP");
    assert_eq!(
        cnp["spec"]["egress"][1]["toFQDNs"],
        json!([{"matchPattern": "**.example.com"}, {"matchName": "example.com"}])
    );
    assert_eq!(cnp["spec"]["egress"][2]["toCIDR"], json!(["10.0.0.0/8"]));
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
        ["code", "help", "message", "path", "severity", "span"]
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
            workload: Workload::Deployment
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
    let fields: Vec<&'static str> = k7_spec::spec::FIELDS.iter().map(|f| f.name).collect();
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
