//! `reach`: the semantics it models, one test per rule (Kubernetes NetworkPolicy, Cilium, K7's
//! platform policy and phases), and properties over every fixture, K7's golden specs and
//! generated specs: every deciding rule exists where it says, nothing is allowed that no rule
//! admits, and verdicts agree with an independent reading of the whitelist.

mod common;

use common::render::valid_fixtures;
use ipnet::IpNet;
use k7_spec::{
    Cni, PhaseName, Query, Reach, RenderOptions, Verdict, platform_policy, reach, render,
};
use proptest::prelude::*;
use serde_json::Value;

const CILIUM: RenderOptions = RenderOptions {
    cni: Cni::Cilium,
    workload: k7_spec::Workload::Pod,
    ignore: Vec::new(),
};
const FLANNEL: RenderOptions = RenderOptions {
    cni: Cni::Flannel,
    workload: k7_spec::Workload::Pod,
    ignore: Vec::new(),
};

fn spec(rest: &str) -> String {
    format!("name: web\nimage: alpine:3.20\n{rest}")
}

fn verdicts(r: &Reach) -> Vec<Verdict> {
    assert!(r.ok, "{:?}", r.diagnostics);
    r.phases.iter().map(|p| p.verdict).collect()
}

fn to(source: &str, dest: &str, options: &RenderOptions) -> Reach {
    reach(source, &Query::to(dest).unwrap(), options)
}

fn from(source: &str, src: &str, port: u16, options: &RenderOptions) -> Reach {
    reach(source, &Query::from(src).unwrap().port(port), options)
}

fn locked(r: &Reach) -> &k7_spec::ReachPhase {
    &r.phases[2]
}

use Verdict::{Allowed as A, Denied as D, Depends as P};

#[test]
fn no_policy_exists_before_lockdown() {
    let s = spec("before_script: apk add curl\negress_whitelist: []\n");
    for options in [&CILIUM, &FLANNEL] {
        assert_eq!(verdicts(&to(&s, "pypi.org:443", options)), [A, A, D]);
        assert_eq!(verdicts(&to(&s, "dns", options)), [A, A, D]);
        // Ingress too: before K7 applies `<name>-deny-ingress`, every pod can connect.
        assert_eq!(
            verdicts(&from(&s, "sandbox:anyone", 22, options)),
            [A, A, D]
        );
    }
    let r = to(&s, "pypi.org", &CILIUM);
    assert_eq!(
        r.phases.iter().map(|p| p.phase).collect::<Vec<_>>(),
        PhaseName::ALL
    );
    assert!(r.phases[1].summary.starts_with("While before_script runs"));
    assert!(r.phases[0].rules.is_empty());
}

#[test]
fn empty_whitelist_denies_every_egress_dns_included() {
    let s = spec("egress_whitelist: []\n");
    for options in [&CILIUM, &FLANNEL] {
        for dest in [
            "dns",
            "pypi.org:443",
            "10.0.0.1",
            "1.1.1.1:53",
            "sandbox:other",
            "internet",
        ] {
            let r = to(&s, dest, options);
            let l = locked(&r);
            assert_eq!(l.verdict, D, "{dest}: {}", l.summary);
            assert!(l.allow_if.is_some(), "{dest}");
        }
    }
    let l = to(&s, "10.0.0.1", &FLANNEL);
    let rule = &locked(&l).rules[0];
    assert_eq!(
        (rule.object.as_str(), rule.pointer.as_str()),
        ("NetworkPolicy/web-netpol", "/spec/policyTypes")
    );
    assert_eq!(rule.spec.as_ref().unwrap().path, "/egress_whitelist");
}

#[test]
fn network_policy_rules_are_a_union_of_ip_blocks() {
    let s = spec("egress_whitelist:\n  - 10.0.0.0/8\n  - 192.168.1.0/24\n");
    let r = to(&s, "192.168.1.7:5432", &FLANNEL);
    let l = locked(&r);
    assert_eq!(l.verdict, A);
    assert_eq!(l.rules[0].pointer, "/spec/egress/1/to/0");
    let entry = l.rules[0].spec.as_ref().unwrap();
    assert_eq!(entry.path, "/egress_whitelist/1");
    let span = entry.span.unwrap();
    assert_eq!((span.start.line, span.start.column), (5, 5));
    assert_eq!(locked(&to(&s, "172.16.0.1", &FLANNEL)).verdict, D);
    // A range asked about: covered whole, in part, or not at all.
    assert_eq!(locked(&to(&s, "10.1.0.0/16", &FLANNEL)).verdict, A);
    let part = to(&s, "192.168.0.0/16", &FLANNEL);
    assert_eq!(locked(&part).verdict, P);
    assert!(
        locked(&part)
            .depends_on
            .as_deref()
            .unwrap()
            .contains("192.168.1.0/24")
    );
}

#[test]
fn cidr_only_blocks_names_because_dns_is_blocked() {
    let s = spec("egress_whitelist: [203.0.113.0/24]\n");
    for options in [&CILIUM, &FLANNEL] {
        let r = to(&s, "example.com:443", options);
        assert_eq!(locked(&r).verdict, D);
        assert!(
            locked(&r).summary.contains("cannot be resolved"),
            "{}",
            locked(&r).summary
        );
    }
    // On Flannel an ipBlock that holds the pod range lets kube-dns in; on Cilium ranges never
    // select pods.
    let wide = spec("egress_whitelist: [10.0.0.0/8]\n");
    assert_eq!(locked(&to(&wide, "dns", &FLANNEL)).verdict, A);
    assert_eq!(locked(&to(&wide, "dns", &CILIUM)).verdict, D);
    let name = to(&wide, "example.com", &FLANNEL);
    assert_eq!(locked(&name).verdict, P);
    assert!(
        locked(&name)
            .depends_on
            .as_deref()
            .unwrap()
            .contains("resolves to")
    );
}

#[test]
fn cilium_fqdn_rules_match_names_and_resolve_through_kube_dns() {
    let s = spec("egress_whitelist:\n  - pypi.org\n  - \"*.pythonhosted.org\"\n  - 10.0.0.0/8\n");
    let allowed = to(&s, "https://pypi.org/simple", &CILIUM);
    let l = locked(&allowed);
    assert_eq!(l.verdict, A);
    let pointers: Vec<&str> = l.rules.iter().map(|r| r.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        ["/spec/egress/1/toFQDNs/0", "/spec/egress/0/toEndpoints/0"]
    );
    assert_eq!(
        l.rules[0].spec.as_ref().unwrap().path,
        "/egress_whitelist/0"
    );
    // `*.x` became `**.x`: any depth, never the apex.
    assert_eq!(
        locked(&to(&s, "files.pythonhosted.org", &CILIUM)).verdict,
        A
    );
    assert_eq!(locked(&to(&s, "a.b.pythonhosted.org", &CILIUM)).verdict, A);
    let apex = to(&s, "pythonhosted.org", &CILIUM);
    assert_eq!(locked(&apex).verdict, P, "the apex only through the ranges");
    assert_eq!(locked(&to(&s, "dns", &CILIUM)).verdict, A);
    assert_eq!(locked(&to(&s, "kube-dns:53", &CILIUM).clone()).verdict, A);
    // By address: a listed range, or only after an allowed lookup returned it.
    assert_eq!(locked(&to(&s, "10.9.9.9", &CILIUM)).verdict, A);
    let by_ip = to(&s, "151.101.0.223:443", &CILIUM);
    assert_eq!(locked(&by_ip).verdict, P);
    assert!(
        locked(&by_ip)
            .depends_on
            .as_deref()
            .unwrap()
            .contains("answer the cluster DNS gave")
    );
    let names_only = spec("egress_whitelist: [pypi.org]\n");
    let other = to(&names_only, "example.com", &CILIUM);
    assert_eq!(locked(&other).verdict, D);
    assert!(
        locked(&other)
            .allow_if
            .as_deref()
            .unwrap()
            .contains("`example.com`")
    );
}

#[test]
fn platform_policy_denies_metadata_node_and_api_server_on_cilium_only() {
    let open = spec("");
    for dest in [
        "metadata",
        "169.254.1.1:8080",
        "node",
        "api-server",
        "kube-system",
    ] {
        let r = to(&open, dest, &CILIUM);
        assert_eq!(verdicts(&r), [D, D, D], "{dest}");
        let rule = &r.phases[0].rules[0];
        assert_eq!(rule.manifest, None);
        assert!(
            platform_policy().pointer(&rule.pointer).is_some(),
            "{}",
            rule.pointer
        );
        assert!(
            r.phases[2]
                .allow_if
                .as_deref()
                .unwrap()
                .contains("platform policy")
        );
        // Flannel has no platform policy: open egress reaches them.
        assert_eq!(
            verdicts(&to(&open, dest, &FLANNEL)),
            [A, A, A],
            "{dest} on Flannel"
        );
    }
    assert_eq!(verdicts(&to(&open, "dns", &CILIUM)), [A, A, A]);
    assert_eq!(verdicts(&to(&open, "internet", &CILIUM)), [A, A, A]);
    // Even `0.0.0.0/0`, which allows every address, does not reach metadata on Cilium.
    let all = spec("egress_whitelist: [0.0.0.0/0]\n");
    assert_eq!(locked(&to(&all, "metadata", &CILIUM)).verdict, D);
    assert_eq!(locked(&to(&all, "metadata", &FLANNEL)).verdict, A);
}

#[test]
fn ingress_sources_selectors_ports_and_protocols() {
    let s = spec("ingress_ports: [8080]\ningress_from: [sandbox:client, namespace:monitoring]\n");
    let client = from(&s, "sandbox:client", 8080, &FLANNEL);
    assert_eq!(verdicts(&client), [A, A, A]);
    assert_eq!(
        locked(&client).rules[0].spec.as_ref().unwrap().path,
        "/ingress_from/0"
    );
    // podSelector peers select in the policy's namespace only.
    assert_eq!(
        locked(&from(&s, "sandbox:team/client", 8080, &FLANNEL)).verdict,
        D
    );
    assert_eq!(
        locked(&from(&s, "pod:monitoring/app=prometheus", 8080, &FLANNEL)).verdict,
        A
    );
    assert_eq!(
        locked(&from(&s, "namespace:monitoring", 8080, &FLANNEL)).verdict,
        A
    );
    // Ports: only 8080/TCP.
    assert_eq!(
        locked(&from(&s, "sandbox:client", 9090, &FLANNEL)).verdict,
        D
    );
    let udp = reach(
        &s,
        &Query::from("sandbox:client").unwrap().port(8080).udp(),
        &FLANNEL,
    );
    assert_eq!(locked(&udp).verdict, D);
    let any_port = reach(&s, &Query::from("sandbox:client").unwrap(), &FLANNEL);
    assert_eq!(locked(&any_port).verdict, P);
    assert!(
        locked(&any_port)
            .depends_on
            .as_deref()
            .unwrap()
            .contains("8080")
    );
    // kube-system is admitted on every port (the seed's promise), exec and the node always.
    assert_eq!(locked(&from(&s, "kube-system", 22, &FLANNEL)).verdict, A);
    assert_eq!(verdicts(&from(&s, "exec", 22, &CILIUM)), [A, A, A]);
    assert_eq!(verdicts(&from(&s, "node", 22, &CILIUM)), [A, A, A]);
    let denied = from(&s, "sandbox:stranger", 8080, &CILIUM);
    assert_eq!(
        locked(&denied).allow_if.as_deref(),
        Some("add `sandbox:stranger` to ingress_from")
    );
}

#[test]
fn ports_without_sources_open_to_the_sandboxes_of_the_namespace() {
    let s = spec("ingress_ports: [8080]\n");
    assert_eq!(
        locked(&from(&s, "sandbox:anyone", 8080, &FLANNEL)).verdict,
        A
    );
    assert_eq!(
        locked(&from(&s, "sandbox:other/anyone", 8080, &FLANNEL)).verdict,
        D
    );
    assert_eq!(
        locked(&from(&s, "pod:default/app=x", 8080, &FLANNEL)).verdict,
        D
    );
    let r = from(&s, "sandbox:anyone", 8080, &FLANNEL);
    assert_eq!(
        locked(&r).rules[0].spec.as_ref().unwrap().path,
        "/ingress_ports"
    );
}

#[test]
fn cilium_admits_every_pod_through_an_ip_block_ingress_rule() {
    let s =
        spec("ingress_ports: [8080]\ningress_from: [cidr:203.0.113.0/24]\nexpose_ports: [8080]\n");
    // Measured by K7: on Cilium the ipBlock peer is not evaluated for pod traffic.
    let pod = from(&s, "sandbox:other-ns/intruder", 8080, &CILIUM);
    assert_eq!(locked(&pod).verdict, A);
    assert!(locked(&pod).rules[0].sentence.contains("admits every pod"));
    // On Flannel the pod's address decides: k3s's pod range is outside 203.0.113.0/24.
    assert_eq!(
        locked(&from(&s, "sandbox:other-ns/intruder", 8080, &FLANNEL)).verdict,
        D
    );
    let wide = spec("ingress_ports: [8080]\ningress_from: [cidr:10.0.0.0/8]\n");
    assert_eq!(locked(&from(&wide, "sandbox:x", 8080, &FLANNEL)).verdict, A);
}

#[test]
fn outside_clients_come_in_only_through_the_node_port_after_lockdown() {
    let s = spec(
        "ingress_ports: [8080, 9090]\ningress_from: [cidr:203.0.113.0/24]\nexpose_ports: [8080]\n",
    );
    let r = from(&s, "ip:203.0.113.9", 8080, &CILIUM);
    assert_eq!(verdicts(&r), [D, D, A]);
    let objects: Vec<&str> = locked(&r).rules.iter().map(|r| r.object.as_str()).collect();
    assert_eq!(
        objects,
        ["NetworkPolicy/web-deny-ingress", "Service/web-expose"]
    );
    assert_eq!(
        locked(&r).rules[1].spec.as_ref().unwrap().path,
        "/expose_ports/0"
    );
    assert!(
        r.phases[0]
            .allow_if
            .as_deref()
            .unwrap()
            .starts_with("nothing before lockdown")
    );
    // Not exposed: no way in from outside.
    let closed = from(&s, "ip:203.0.113.9", 9090, &CILIUM);
    assert_eq!(locked(&closed).verdict, D);
    assert!(
        locked(&closed)
            .allow_if
            .as_deref()
            .unwrap()
            .contains("expose_ports")
    );
    // Exposed, but the address is not a source.
    let stranger = from(&s, "ip:198.51.100.1", 8080, &CILIUM);
    assert_eq!(locked(&stranger).verdict, D);
    assert_eq!(
        locked(&stranger).allow_if.as_deref(),
        Some("add `cidr:198.51.100.1` to ingress_from")
    );
}

#[test]
fn a_spec_with_an_error_answers_nothing() {
    let r = to("name: web\n", "pypi.org", &CILIUM);
    assert!(!r.ok && r.phases.is_empty());
    assert!(r.diagnostics.iter().any(|d| d.code == "missing-field"));
    let flannel_names = to(
        &spec("egress_whitelist: [pypi.org]\n"),
        "pypi.org",
        &FLANNEL,
    );
    assert!(!flannel_names.ok);
}

/// Queries that cover every kind of peer.
const EGRESS: &[&str] = &[
    "pypi.org:443",
    "files.pythonhosted.org",
    "example.com",
    "10.1.2.3",
    "10.0.0.0/8",
    "192.168.1.1",
    "203.0.113.9:443",
    "2001:db8::1",
    "1.1.1.1:53",
    "dns",
    "metadata",
    "node",
    "api-server",
    "internet",
    "kube-system",
    "sandbox:client",
    "sandbox:other/web",
    "namespace:monitoring",
];
const INGRESS: &[&str] = &[
    "sandbox:client",
    "sandbox:other/client",
    "namespace:monitoring",
    "pod:default/app=x",
    "ip:203.0.113.9",
    "ip:10.0.0.1",
    "node",
    "kube-system",
    "exec",
];

fn queries() -> Vec<Query> {
    let mut q: Vec<Query> = EGRESS.iter().map(|d| Query::to(d).unwrap()).collect();
    for s in INGRESS {
        for port in [None, Some(8080), Some(22)] {
            let query = Query::from(s).unwrap();
            q.push(match port {
                Some(p) => query.port(p),
                None => query,
            });
        }
    }
    q
}

fn golden_specs() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/k7-golden");
    let mut specs: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    specs.sort();
    specs
}

/// The invariants every answer keeps, given the manifests `render` wrote for the same spec.
fn check(name: &str, source: &str, query: &Query, options: &RenderOptions, out: &mut Vec<String>) {
    let r = reach(source, query, options);
    let rendering = render(source, options);
    assert_eq!(r.ok, rendering.ok);
    assert_eq!(r.diagnostics, rendering.diagnostics);
    let what = format!("{name} [{:?}] {query}", options.cni);
    for phase in &r.phases {
        if (phase.verdict == Verdict::Depends) != phase.depends_on.is_some() {
            out.push(format!("{what}: dependsOn set iff depends"));
        }
        if phase.verdict != Verdict::Denied && phase.allow_if.is_some() {
            out.push(format!("{what}: allowIf on a verdict that is not denied"));
        }
        for rule in &phase.rules {
            // The rule exists where it says.
            let object = match rule.manifest {
                Some(m) => &rendering.manifests[m],
                None => platform_policy(),
            };
            let named = format!(
                "{}/{}",
                object["kind"].as_str().unwrap(),
                object["metadata"]["name"].as_str().unwrap()
            );
            if named != rule.object || object.pointer(&rule.pointer).is_none() {
                out.push(format!(
                    "{what}: {} {} is not in the manifests",
                    rule.object, rule.pointer
                ));
            }
            if rule.manifest.is_none() && phase.verdict == Verdict::Allowed {
                out.push(format!("{what}: the platform policy only denies"));
            }
            // The spec entry exists where it says, in the text.
            if let Some(entry) = &rule.spec {
                let span = entry.span.expect("text input has spans");
                let line = source
                    .lines()
                    .nth(span.start.line as usize - 1)
                    .unwrap_or_default();
                let field = entry.path.split('/').nth(1).unwrap_or_default();
                let at_field = source
                    .lines()
                    .take(span.start.line as usize)
                    .any(|l| l.contains(field));
                if !at_field || line.trim().is_empty() {
                    out.push(format!(
                        "{what}: {} at line {} is not the entry",
                        entry.path, span.start.line
                    ));
                }
            }
        }
        // Nothing is allowed after lockdown that no rendered rule admits: an allowed answer in a
        // direction some policy isolates names an allowing rule.
        if phase.phase == PhaseName::Locked && phase.verdict == Verdict::Allowed {
            let direction = if query.direction() == k7_spec::Direction::Egress {
                "Egress"
            } else {
                "Ingress"
            };
            let isolated = rendering.manifests.iter().any(|m| {
                m["spec"]["policyTypes"]
                    .as_array()
                    .is_some_and(|t| t.iter().any(|t| t == direction))
                    || (direction == "Egress" && m["kind"] == "CiliumNetworkPolicy")
            });
            let exempt = ["ingress from kubectl exec", "ingress from the node"]
                .iter()
                .any(|e| query.to_string().starts_with(e));
            let admitting = phase.rules.iter().any(|r| {
                r.manifest.is_some()
                    && r.pointer != "/spec/policyTypes"
                    && r.pointer != "/spec/egress"
            });
            if isolated && !exempt && !admitting {
                out.push(format!("{what}: allowed with no admitting rule"));
            }
        }
    }
}

#[test]
fn every_answer_points_at_rules_that_exist_for_every_fixture_and_golden_spec() {
    let mut problems = Vec::new();
    let mut answered = 0;
    let specs: Vec<(String, String)> = valid_fixtures().into_iter().chain(golden_specs()).collect();
    assert!(specs.len() > 60, "{} specs", specs.len());
    for (name, source) in &specs {
        for options in [&CILIUM, &FLANNEL] {
            for query in queries() {
                check(name, source, &query, options, &mut problems);
                answered += 1;
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{answered} answers, {} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn open_egress_on_cilium_never_reaches_metadata_for_any_fixture() {
    for (name, source) in valid_fixtures().into_iter().chain(golden_specs()) {
        let r = to(&source, "metadata", &CILIUM);
        if r.ok {
            assert!(r.phases.iter().all(|p| p.verdict == D), "{name}");
        }
    }
}

/// An independent reading of a whitelist: which names (Cilium's `matchName`, and `*.x` as any
/// depth below `x`) and addresses it lets through after lockdown.
fn model_allows(entries: &[String], dest: &str) -> Option<bool> {
    let ranges: Vec<IpNet> = entries.iter().filter_map(|e| e.parse().ok()).collect();
    if let Ok(ip) = dest.parse::<std::net::IpAddr>() {
        return Some(ranges.iter().any(|r| r.contains(&ip)));
    }
    let names = entries.iter().filter(|e| e.parse::<IpNet>().is_err());
    let hit = names.clone().any(|n| match n.strip_prefix("*.") {
        Some(base) => dest.ends_with(&format!(".{base}")),
        None => n == dest,
    });
    // A name that no entry matches may still resolve into a range: the engine says depends.
    (hit || ranges.is_empty()).then_some(hit)
}

fn whitelist_entry() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            0u8..4,
            0u8..4,
            prop_oneof![Just(8u8), Just(16), Just(24), Just(32)]
        )
            .prop_map(|(a, b, p)| format!("{}.{}.0.0/{p}", 10 + a, b)),
        proptest::sample::select(vec![
            "a.example",
            "b.example",
            "*.example",
            "*.c.example",
            "pypi.org"
        ])
        .prop_map(str::to_owned),
    ]
}

fn destination() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u8..4, 0u8..4, any::<u8>()).prop_map(|(a, b, c)| format!("{}.{}.{c}.1", 10 + a, b)),
        proptest::sample::select(vec![
            "a.example",
            "b.example",
            "x.a.example",
            "example",
            "c.example",
            "d.c.example",
            "e.d.c.example",
            "pypi.org",
            "files.pypi.org",
        ])
        .prop_map(str::to_owned),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Names on Cilium, addresses on both: the engine agrees with the independent reading.
    #[test]
    fn verdicts_agree_with_an_independent_reading_of_the_whitelist(
        entries in proptest::collection::vec(whitelist_entry(), 1..6),
        dest in destination(),
    ) {
        let has_names = entries.iter().any(|e| e.parse::<IpNet>().is_err());
        let list = entries.iter().map(|e| format!("\"{e}\"")).collect::<Vec<_>>().join(", ");
        let source = spec(&format!("egress_whitelist: [{list}]\n"));
        for options in [&CILIUM, &FLANNEL] {
            if has_names && options.cni == Cni::Flannel {
                continue;
            }
            let r = to(&source, &dest, options);
            prop_assert!(r.ok, "{:?}", r.diagnostics);
            let got = locked(&r).verdict;
            let is_ip = dest.parse::<std::net::IpAddr>().is_ok();
            match model_allows(&entries, &dest) {
                Some(true) => prop_assert_eq!(got, A, "{} {}", source, dest),
                // An address outside every range is still reachable on Cilium if it was the answer
                // for an allowed name.
                Some(false) if is_ip && has_names => prop_assert_eq!(got, P, "{} {}", source, dest),
                Some(false) => prop_assert_eq!(got, D, "{} {}", source, dest),
                None => prop_assert_ne!(got, A, "{} {}", source, dest),
            }
        }
    }

    /// Any text as a query: an answer or an error, never a panic.
    #[test]
    fn any_query_text_is_read_or_refused(text in any::<String>(), port in any::<u16>()) {
        let source = spec("egress_whitelist: [pypi.org]\ningress_ports: [80]\n");
        for q in [Query::to(&text), Query::from(&text)].into_iter().flatten() {
            let q = if port > 0 { q.port(port) } else { q };
            let r = reach(&source, &q, &CILIUM);
            prop_assert_eq!(r.phases.len(), 3);
        }
    }
}

#[test]
fn a_thousand_entry_whitelist_lists_a_bounded_number_of_rules() {
    let entries: Vec<String> = (0..1000)
        .map(|i| format!("  - 10.{}.{}.0/24\n", i / 256, i % 256))
        .collect();
    let s = spec(&format!(
        "egress_whitelist:\n{}  - 0.0.0.0/0\n",
        entries.concat()
    ));
    let r = to(&s, "10.0.0.0/8", &FLANNEL);
    assert!(locked(&r).rules.len() <= 20);
    let _: &Value = platform_policy();
}
