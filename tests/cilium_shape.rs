//! The CiliumNetworkPolicy of every valid fixture against the parts of the `cilium.io/v2` CRD
//! schema it uses (kubernetes-validate has no schema for it and only warns).

mod common;

use common::render::valid_fixtures;
use k7_spec::{RenderOptions, render};
use serde_json::{Value, json};

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
