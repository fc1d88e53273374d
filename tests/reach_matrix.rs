//! `reach_matrix`: the connectivity between the sandboxes of several specs, pinned on small sets
//! (a client and a server both ways, `sandbox:` sources across namespaces, duplicates, pairs
//! that connect only before lockdown, Cilium against Flannel), checked against `reach` asked
//! from each side, bounded on large sets, and generated sets against a model of the semantics
//! docs/semantics.md and docs/reach.md state (which specs are in it, every pair's verdicts, the
//! findings).

use std::time::Instant;

use proptest::prelude::*;

use k7_spec::{
    Cni, FindingCode, MAX_MATRIX_PAIRS, MAX_MATRIX_SPECS, MAX_MATRIX_WORK, MAX_PAIR_PORTS,
    MAX_SOURCE_FINDINGS, Matrix, MatrixPair, Query, RenderOptions, Verdict, Workload, reach,
    reach_matrix,
};

const CILIUM: RenderOptions = RenderOptions {
    cni: Cni::Cilium,
    workload: Workload::Pod,
    ignore: Vec::new(),
};
const FLANNEL: RenderOptions = RenderOptions {
    cni: Cni::Flannel,
    workload: Workload::Pod,
    ignore: Vec::new(),
};

use Verdict::{Allowed as A, Denied as D, Depends as P};

/// A spec set from `(file, name, the rest of the spec)`.
fn set(specs: &[(&str, &str, &str)]) -> Vec<(String, String)> {
    specs
        .iter()
        .map(|(file, name, rest)| {
            (
                (*file).to_owned(),
                format!("name: {name}\nimage: alpine:3.20\n{rest}"),
            )
        })
        .collect()
}

fn matrix(specs: &[(&str, &str, &str)], options: &RenderOptions) -> Matrix {
    let files = set(specs);
    let m = reach_matrix(&files, options);
    check(&files, &m, options);
    m
}

/// What holds for every matrix: each side's answer is `reach`'s for the same query, and the
/// pair's verdict combines them (denied if either denies, depends if either depends).
fn check(files: &[(String, String)], m: &Matrix, options: &RenderOptions) {
    for f in &m.findings {
        let i = f
            .sandbox
            .expect("a finding of a set read whole names its sandbox");
        assert_eq!(m.sandboxes[i].file, f.file);
        assert!(f.pairs.iter().all(|&p| p < m.pairs.len()));
    }
    for p in &m.pairs {
        let (a, b) = (&m.sandboxes[p.from], &m.sandboxes[p.to]);
        assert_ne!(p.from, p.to);
        assert!(a.ok && b.ok && a.duplicate_of.is_none() && b.duplicate_of.is_none());
        assert!(b.ports.contains(&p.port));
        let to = Query::to(&format!(
            "sandbox:{}/{}",
            b.namespace,
            b.name.as_ref().unwrap()
        ))
        .unwrap()
        .port(p.port);
        let from = Query::from(&format!(
            "sandbox:{}/{}",
            a.namespace,
            a.name.as_ref().unwrap()
        ))
        .unwrap()
        .port(p.port);
        let egress = reach(&files[p.from].1, &to, options);
        let ingress = reach(&files[p.to].1, &from, options);
        assert_eq!(p.locked.egress, egress.phases[2]);
        assert_eq!(p.locked.ingress, ingress.phases[2]);
        assert_eq!(p.before_lockdown.egress, egress.phases[0]);
        assert_eq!(p.before_lockdown.ingress, ingress.phases[0]);
        for v in [&p.locked, &p.before_lockdown] {
            let sides = [v.egress.verdict, v.ingress.verdict];
            let expected = if sides.contains(&D) {
                D
            } else if sides.contains(&P) {
                P
            } else {
                A
            };
            assert_eq!(v.verdict, expected, "{p:?}");
            assert_eq!(v.depends_on.is_some(), v.verdict == P);
        }
    }
}

/// The pair from the sandbox named `a` to the one named `b` on `port`.
fn pair<'m>(m: &'m Matrix, a: &str, b: &str, port: u16) -> &'m MatrixPair {
    let index = |name: &str| {
        m.sandboxes
            .iter()
            .position(|s| s.name.as_deref() == Some(name) && s.duplicate_of.is_none())
            .unwrap_or_else(|| panic!("no sandbox {name}"))
    };
    let (a, b) = (index(a), index(b));
    m.pairs
        .iter()
        .find(|p| (p.from, p.to, p.port) == (a, b, port))
        .unwrap_or_else(|| panic!("no pair {a} -> {b} on {port}"))
}

/// The verdicts of a pair: (before lockdown, locked).
fn verdicts(p: &MatrixPair) -> (Verdict, Verdict) {
    (p.before_lockdown.verdict, p.locked.verdict)
}

fn codes(m: &Matrix) -> Vec<(FindingCode, &str, Option<&str>)> {
    m.findings
        .iter()
        .map(|f| (f.code, f.file.as_str(), f.path.as_deref()))
        .collect()
}

#[test]
fn a_client_and_a_server_both_ways() {
    for options in [&CILIUM, &FLANNEL] {
        let m = matrix(
            &[
                // Open egress; port 9000 open to any sandbox of the namespace.
                ("client.yaml", "client", "ingress_ports: [9000]\n"),
                (
                    "server.yaml",
                    "server",
                    "egress_whitelist: []\ningress_ports: [8080, 8081]\ningress_from: [sandbox:client]\n",
                ),
            ],
            options,
        );
        assert_eq!(m.sandboxes.len(), 2);
        assert_eq!(m.sandboxes[1].ports, [8080, 8081]);
        assert_eq!(m.pairs.len(), 3, "one per port the target opens");
        assert_eq!(verdicts(pair(&m, "client", "server", 8080)), (A, A));
        assert_eq!(verdicts(pair(&m, "client", "server", 8081)), (A, A));
        // The client admits the server, but the server's `egress_whitelist: []` refuses it.
        let back = pair(&m, "server", "client", 9000);
        assert_eq!(verdicts(back), (A, D));
        assert_eq!(back.locked.egress.verdict, D);
        assert_eq!(back.locked.ingress.verdict, A);
        // The deciding rules are both sides': the server's egress policy, the client's ingress.
        assert!(back.locked.egress.rules[0].object.contains("server"));
        assert!(
            back.locked
                .ingress
                .rules
                .iter()
                .all(|r| r.object.contains("client"))
        );
        // The only finding: the server reaches the client only before lockdown, on the
        // server's whitelist.
        assert_eq!(
            codes(&m),
            [(
                FindingCode::BeforeLockdownOnly,
                "server.yaml",
                Some("/egress_whitelist")
            )]
        );
        let f = &m.findings[0];
        assert!(f.span.is_some());
        assert!(
            f.message
                .starts_with("`server` reaches `client` on port 9000 only before lockdown"),
            "{}",
            f.message
        );
        assert_eq!(m.pairs[f.pairs[0]].port, 9000);
    }
}

#[test]
fn a_source_that_is_not_admitted_connects_only_before_lockdown() {
    let m = matrix(
        &[
            ("client.yaml", "client", ""),
            ("other.yaml", "other", ""),
            (
                "server.yaml",
                "server",
                "ingress_ports: [8080, 8443]\ningress_from: [sandbox:client]\n",
            ),
        ],
        &CILIUM,
    );
    // Targets that open no port are in no pair.
    assert_eq!(m.pairs.len(), 4);
    assert_eq!(verdicts(pair(&m, "client", "server", 8443)), (A, A));
    let other = pair(&m, "other", "server", 8080);
    assert_eq!(verdicts(other), (A, D));
    assert_eq!(
        (other.locked.egress.verdict, other.locked.ingress.verdict),
        (A, D)
    );
    // One finding for the pair, both ports, on the server (its ingress decides).
    assert_eq!(m.findings.len(), 1, "{:?}", m.findings);
    let f = &m.findings[0];
    assert_eq!(
        (f.code, f.file.as_str(), f.path.as_deref()),
        (
            FindingCode::BeforeLockdownOnly,
            "server.yaml",
            Some("/ingress_from")
        )
    );
    assert!(
        f.message
            .contains("on port 8080, 8443 only before lockdown"),
        "{}",
        f.message
    );
    assert!(
        f.message.contains("sandbox:other"),
        "what would allow it: {}",
        f.message
    );
    assert_eq!(f.pairs.len(), 2);
}

#[test]
fn a_sandbox_source_never_reaches_across_namespaces() {
    let m = matrix(
        &[
            ("client.yaml", "client", "namespace: default\n"),
            (
                "server.yaml",
                "server",
                "namespace: team\ningress_ports: [8080]\ningress_from: [sandbox:client, sandbox:ghost]\n",
            ),
        ],
        &CILIUM,
    );
    assert_eq!(m.sandboxes[1].namespace, "team");
    let p = pair(&m, "client", "server", 8080);
    assert_eq!(verdicts(p), (A, D));
    assert_eq!(p.locked.ingress.verdict, D);
    let found = codes(&m);
    assert!(
        found.contains(&(
            FindingCode::OtherNamespace,
            "server.yaml",
            Some("/ingress_from/0")
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            FindingCode::UnknownSandbox,
            "server.yaml",
            Some("/ingress_from/1")
        )),
        "{found:?}"
    );
    let other = m
        .findings
        .iter()
        .find(|f| f.code == FindingCode::OtherNamespace)
        .unwrap();
    assert!(
        other.message.contains("`namespace:default`"),
        "{}",
        other.message
    );
    let span = other.span.unwrap();
    assert_eq!(span.start.line, span.end.line);

    // The fix the finding suggests does admit the client.
    let fixed = matrix(
        &[
            ("client.yaml", "client", "namespace: default\n"),
            (
                "server.yaml",
                "server",
                "namespace: team\ningress_ports: [8080]\ningress_from: [namespace:default]\n",
            ),
        ],
        &CILIUM,
    );
    assert_eq!(verdicts(pair(&fixed, "client", "server", 8080)), (A, A));
    assert!(fixed.findings.is_empty(), "{:?}", fixed.findings);
}

#[test]
fn two_specs_with_the_same_name_and_namespace() {
    let m = matrix(
        &[
            ("a.yaml", "web", "ingress_ports: [80]\n"),
            ("b.yaml", "web", "ingress_ports: [80]\n"),
            // The same name in another namespace is another sandbox.
            ("c.yaml", "web", "namespace: team\ningress_ports: [80]\n"),
            ("client.yaml", "client", ""),
        ],
        &FLANNEL,
    );
    assert_eq!(
        m.sandboxes
            .iter()
            .map(|s| s.duplicate_of)
            .collect::<Vec<_>>(),
        [None, Some(0), None, None]
    );
    let dup: Vec<_> = m
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::DuplicateSandbox)
        .collect();
    assert_eq!(dup.len(), 1);
    assert_eq!(
        (dup[0].file.as_str(), dup[0].path.as_deref()),
        ("b.yaml", Some("/name"))
    );
    assert!(dup[0].message.contains("`a.yaml`"), "{}", dup[0].message);
    // K7's own refusal (`create_sandbox`: a 409 on the Deployment), as the user would read it.
    assert!(
        dup[0].message.contains("\"Sandbox web already exists\""),
        "{}",
        dup[0].message
    );
    assert!(m.pairs.iter().all(|p| p.from != 1 && p.to != 1));
    // The default peer (no ingress_from): any sandbox of the namespace, not of another.
    assert_eq!(verdicts(pair(&m, "client", "web", 80)), (A, A));
    let across = m.pairs.iter().find(|p| (p.from, p.to) == (2, 0)).unwrap();
    assert_eq!(verdicts(across), (A, D));
    // Without ingress_from the finding points at the port the client cannot reach.
    let only: Vec<_> = m
        .findings
        .iter()
        .filter(|f| {
            f.code == FindingCode::BeforeLockdownOnly && f.pairs.iter().any(|&i| m.pairs[i].to == 0)
        })
        .map(|f| (f.file.as_str(), f.path.as_deref()))
        .collect();
    assert_eq!(only, [("a.yaml", Some("/ingress_ports/0"))]);
}

#[test]
fn a_spec_with_an_error_is_listed_and_left_out() {
    let files = vec![
        (
            "bad.yaml".to_owned(),
            "name: Bad_Name\nimage: alpine:3.20\n".to_owned(),
        ),
        ("empty.yaml".to_owned(), String::new()),
        (
            "web.yaml".to_owned(),
            "name: web\nimage: alpine:3.20\ningress_ports: [80]\n".to_owned(),
        ),
        (
            "client.yaml".to_owned(),
            "name: client\nimage: alpine:3.20\n".to_owned(),
        ),
    ];
    let m = reach_matrix(&files, &CILIUM);
    check(&files, &m, &CILIUM);
    assert_eq!(
        m.sandboxes.iter().map(|s| s.ok).collect::<Vec<_>>(),
        [false, false, true, true]
    );
    assert!(
        m.sandboxes[0]
            .diagnostics
            .iter()
            .any(|d| d.severity == k7_spec::Severity::Error)
    );
    assert_eq!(m.sandboxes[1].name, None);
    assert_eq!(m.sandboxes[1].namespace, "default");
    assert_eq!(m.pairs.len(), 1);
}

#[test]
fn a_cidr_source_admits_every_pod_on_cilium_only() {
    // K7 measured: on Cilium a NetworkPolicy ipBlock peer admits every pod of the cluster;
    // on Flannel (k3s's policy controller) a pod is admitted only if its address is in it.
    let specs = [
        ("client.yaml", "client", ""),
        (
            "server.yaml",
            "server",
            "ingress_ports: [8080]\ningress_from: [cidr:203.0.113.0/24]\n",
        ),
    ];
    let cilium = matrix(&specs, &CILIUM);
    let flannel = matrix(&specs, &FLANNEL);
    assert_eq!(verdicts(pair(&cilium, "client", "server", 8080)), (A, A));
    assert_eq!(verdicts(pair(&flannel, "client", "server", 8080)), (A, D));
    assert!(cilium.findings.is_empty(), "{:?}", cilium.findings);
    assert_eq!(
        codes(&flannel),
        [(
            FindingCode::BeforeLockdownOnly,
            "server.yaml",
            Some("/ingress_from")
        )]
    );
}

#[test]
fn an_answer_that_depends_on_an_address_makes_the_pair_depend() {
    // On Flannel a whitelisted range that holds part of the pod range covers the server only
    // if its address falls in it.
    let m = matrix(
        &[
            (
                "client.yaml",
                "client",
                "egress_whitelist: [10.42.1.0/24]\n",
            ),
            (
                "server.yaml",
                "server",
                "ingress_ports: [8080]\ningress_from: [sandbox:client]\n",
            ),
        ],
        &FLANNEL,
    );
    let p = pair(&m, "client", "server", 8080);
    assert_eq!(verdicts(p), (A, P));
    assert_eq!(p.locked.ingress.verdict, A);
    let why = p.locked.depends_on.as_deref().unwrap();
    assert!(why.starts_with("`client`'s egress: "), "{why}");
    assert!(
        m.findings.is_empty(),
        "depends is not `only before lockdown`: {:?}",
        m.findings
    );
}

#[test]
fn the_matrix_is_bounded() {
    // Too many specs: the rest are named, not read.
    let many: Vec<(String, String)> = (0..MAX_MATRIX_SPECS + 3)
        .map(|i| {
            (
                format!("s{i}.yaml"),
                format!("name: s{i}\nimage: alpine:3.20\ningress_ports: [80]\n"),
            )
        })
        .collect();
    let start = Instant::now();
    let m = reach_matrix(&many, &CILIUM);
    let took = start.elapsed();
    assert_eq!(m.sandboxes.len(), MAX_MATRIX_SPECS);
    assert_eq!(m.pairs.len(), MAX_MATRIX_PAIRS);
    let found = codes(&m);
    assert!(
        m.findings
            .iter()
            .any(|f| f.code == FindingCode::TooManySpecs && f.sandbox.is_none())
    );
    assert!(
        found.contains(&(FindingCode::TooManySpecs, "s200.yaml", None)),
        "{found:?}"
    );
    let truncated = m
        .findings
        .iter()
        .find(|f| f.code == FindingCode::Truncated)
        .unwrap();
    let judged = MAX_MATRIX_SPECS * (MAX_MATRIX_SPECS - 1);
    assert!(
        truncated.message.contains(&format!(
            "{} more connections are left out",
            judged - MAX_MATRIX_PAIRS
        )),
        "{}",
        truncated.message
    );
    // Generous for a debug build on a shared machine; the release build is far faster.
    assert!(took.as_secs() < 60, "{took:?}");

    // Too many ports on one target: the first ones are judged.
    let ports: Vec<String> = (1..=MAX_PAIR_PORTS as u16 + 4)
        .map(|p| (8000 + p).to_string())
        .collect();
    let wide = format!("ingress_ports: [{}]\n", ports.join(", "));
    let m = matrix(
        &[("client.yaml", "client", ""), ("wide.yaml", "wide", &wide)],
        &CILIUM,
    );
    assert_eq!(m.pairs.len(), MAX_PAIR_PORTS);
    assert_eq!(
        codes(&m)
            .iter()
            .filter(|c| c.0 == FindingCode::Truncated)
            .collect::<Vec<_>>(),
        [&(FindingCode::Truncated, "wide.yaml", Some("/ingress_ports"))]
    );
}

#[test]
fn long_policies_are_bounded_too() {
    // 40 targets with 2,000 sources each: 1,560 pairs, each walking 2,000 entries.
    let sources: Vec<String> = (0..2000).map(|i| format!("sandbox:x{i}")).collect();
    let rest = format!(
        "ingress_ports: [80]\ningress_from: [{}]\n",
        sources.join(", ")
    );
    let files: Vec<(String, String)> = (0..40)
        .map(|i| {
            (
                format!("s{i}.yaml"),
                format!("name: s{i}\nimage: alpine:3.20\n{rest}"),
            )
        })
        .collect();
    let start = Instant::now();
    let m = reach_matrix(&files, &CILIUM);
    let took = start.elapsed();
    // Each pair costs 1 + 0 + 2,000 entries.
    assert_eq!(m.pairs.len(), MAX_MATRIX_WORK / 2001);
    let truncated: Vec<&str> = m
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::Truncated)
        .map(|f| f.message.as_str())
        .collect();
    let left = 40 * 39 - MAX_MATRIX_WORK / 2001;
    assert!(
        truncated
            .iter()
            .any(|t| t.contains(&format!("{left} more connections"))),
        "{truncated:?}"
    );
    // Per spec, the first source findings and a count of the rest.
    let unknown = m
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::UnknownSandbox)
        .count();
    assert_eq!(unknown, 40 * MAX_SOURCE_FINDINGS);
    let more = format!(
        "{} more `sandbox:` sources of `s0`",
        2000 - MAX_SOURCE_FINDINGS
    );
    assert!(
        truncated.iter().any(|t| t.starts_with(&more)),
        "{truncated:?}"
    );
    assert!(took.as_secs() < 60, "{took:?}");
}

#[test]
fn the_json_shape_is_camel_case() {
    let m = matrix(
        &[
            ("client.yaml", "client", ""),
            ("server.yaml", "server", "ingress_ports: [8080]\n"),
        ],
        &CILIUM,
    );
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["sandboxes"][1]["duplicateOf"], serde_json::Value::Null);
    assert_eq!(json["sandboxes"][1]["ports"][0], 8080);
    let pair = &json["pairs"][0];
    assert_eq!(pair["beforeLockdown"]["verdict"], "allowed");
    assert_eq!(pair["locked"]["egress"]["phase"], "locked");
    assert_eq!(pair["beforeLockdown"]["ingress"]["phase"], "start");
    assert!(pair["locked"].get("dependsOn").is_some());
}

/// One generated spec: name, namespace, egress_whitelist, ingress_ports, ingress_from.
#[derive(Clone, Debug)]
struct Gen {
    name: &'static str,
    namespace: &'static str,
    whitelist: Option<&'static str>,
    ports: Vec<u16>,
    sources: Vec<&'static str>,
}

impl Gen {
    fn text(&self) -> String {
        let mut text = format!(
            "name: {}\nimage: alpine:3.20\nnamespace: {}\n",
            self.name, self.namespace
        );
        if let Some(w) = self.whitelist {
            text += &format!("egress_whitelist: {w}\n");
        }
        if !self.ports.is_empty() {
            let ports: Vec<String> = self.ports.iter().map(u16::to_string).collect();
            text += &format!("ingress_ports: [{}]\n", ports.join(", "));
            if !self.sources.is_empty() {
                text += &format!("ingress_from: [{}]\n", self.sources.join(", "));
            }
        }
        text
    }
}

fn generated() -> impl Strategy<Value = Gen> {
    use proptest::sample::{select, subsequence};
    (
        select(vec!["a", "b", "c"]),
        select(vec!["default", "team", "kube-system"]),
        select(vec![
            None,
            Some("[]"),
            Some("[10.0.0.0/8]"),
            Some("[10.42.1.0/24]"),
            Some("[192.168.0.0/16]"),
            Some("[0.0.0.0/0]"),
            Some("[pypi.org]"),
        ]),
        subsequence(vec![80u16, 443, 8080], 0..=3),
        subsequence(
            vec![
                "sandbox:a",
                "sandbox:b",
                "namespace:default",
                "namespace:team",
                "cidr:10.0.0.0/8",
                "cidr:10.42.1.0/24",
                "cidr:203.0.113.0/24",
            ],
            0..=3,
        ),
    )
        .prop_map(|(name, namespace, whitelist, ports, sources)| Gen {
            name,
            namespace,
            whitelist,
            ports,
            sources,
        })
}

/// How a range covers k3s's pod range (10.42.0.0/16), as docs/reach.md says Flannel reads it.
fn covers_pods(range: &str) -> Verdict {
    match range {
        "10.0.0.0/8" | "0.0.0.0/0" => A,
        "10.42.1.0/24" => P,
        _ => D,
    }
}

/// Any of the verdicts admits: allowed if one allows, depends if one depends, else denied.
fn any_admits(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
    verdicts.into_iter().fold(D, |best, v| match (best, v) {
        (A, _) | (_, A) => A,
        (P, _) | (_, P) => P,
        _ => D,
    })
}

/// The locked verdict of A's egress to B's pod, from docs/semantics.md and docs/reach.md.
fn model_egress(a: &Gen, b: &Gen, cni: Cni) -> Verdict {
    if cni == Cni::Cilium && b.namespace == "kube-system" {
        return D; // K7's platform policy: no pod of kube-system but kube-dns
    }
    match a.whitelist {
        None => A,
        // On Cilium a range never matches a pod, a name never names one.
        Some(_) if cni == Cni::Cilium => D,
        Some(w) => covers_pods(w.trim_matches(['[', ']'])),
    }
}

/// The locked verdict of B's ingress from A's pod on a port B opens.
fn model_ingress(a: &Gen, b: &Gen, cni: Cni) -> Verdict {
    if a.namespace == "kube-system" {
        return A; // `<name>-deny-ingress` admits kube-system (k7-spec's deviation)
    }
    if b.sources.is_empty() {
        return if a.namespace == b.namespace { A } else { D };
    }
    any_admits(b.sources.iter().map(|s| match s.split_once(':') {
        Some(("sandbox", n)) if n == a.name && a.namespace == b.namespace => A,
        Some(("namespace", n)) if n == a.namespace => A,
        Some(("cidr", _)) if cni == Cni::Cilium => A, // measured by K7: every pod
        Some(("cidr", range)) => covers_pods(range),
        _ => D,
    }))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Generated sets against a model of the semantics the docs state: which specs are in the
    /// matrix, its pairs, each pair's verdicts, and the findings about `sandbox:` sources and
    /// duplicates.
    #[test]
    fn generated_sets_agree_with_the_documented_semantics(
        specs in proptest::collection::vec(generated(), 1..6),
        flannel in any::<bool>(),
    ) {
        let (cni, options) = if flannel { (Cni::Flannel, &FLANNEL) } else { (Cni::Cilium, &CILIUM) };
        let files: Vec<(String, String)> = specs
            .iter()
            .enumerate()
            .map(|(i, g)| (format!("{i}.yaml"), g.text()))
            .collect();
        let m = reach_matrix(&files, options);
        check(&files, &m, options);
        // A name in the whitelist is an error on Flannel; a second name+namespace is left out.
        let ok: Vec<bool> = specs.iter().map(|g| !(flannel && g.whitelist == Some("[pypi.org]"))).collect();
        prop_assert_eq!(m.sandboxes.iter().map(|s| s.ok).collect::<Vec<_>>(), ok.clone());
        let in_matrix: Vec<usize> = (0..specs.len())
            .filter(|&i| {
                ok[i] && !(0..i).any(|j| {
                    ok[j] && specs[j].name == specs[i].name && specs[j].namespace == specs[i].namespace
                })
            })
            .collect();
        let mut expected = Vec::new();
        for &a in &in_matrix {
            for &b in in_matrix.iter().filter(|&&b| b != a) {
                for &port in &specs[b].ports {
                    let (e, i) = (model_egress(&specs[a], &specs[b], cni), model_ingress(&specs[a], &specs[b], cni));
                    let before = if cni == Cni::Cilium && specs[b].namespace == "kube-system" { D } else { A };
                    let locked = if e == D || i == D { D } else if e == P || i == P { P } else { A };
                    expected.push((a, b, port, before, locked));
                }
            }
        }
        let got: Vec<_> = m
            .pairs
            .iter()
            .map(|p| (p.from, p.to, p.port, p.before_lockdown.verdict, p.locked.verdict))
            .collect();
        prop_assert_eq!(&got, &expected, "{:#?}", specs);
        let only = expected.iter().filter(|e| (e.3, e.4) == (A, D)).count();
        let listed: usize = m
            .findings
            .iter()
            .filter(|f| f.code == FindingCode::BeforeLockdownOnly)
            .map(|f| f.pairs.len())
            .sum();
        prop_assert_eq!(listed, only);
        // Every `sandbox:` source names a sandbox of the set in its spec's namespace, or is a
        // finding (whether the spec is in the matrix or not).
        let mut expected_findings = 0;
        for b in &specs {
            for s in b.sources.iter().filter(|_| !b.ports.is_empty()) {
                if let Some(n) = s.strip_prefix("sandbox:")
                    && !specs.iter().any(|g| g.name == n && g.namespace == b.namespace)
                {
                    expected_findings += 1;
                }
            }
        }
        let found = m
            .findings
            .iter()
            .filter(|f| matches!(f.code, FindingCode::UnknownSandbox | FindingCode::OtherNamespace))
            .count();
        prop_assert_eq!(found, expected_findings);
    }
}

proptest! {
    /// Any texts, valid specs among them: a matrix, never a panic, its indexes in range.
    #[test]
    fn any_texts_make_a_matrix(
        texts in proptest::collection::vec("[ a-z0-9:/\\-\\[\\]{},#\n]{0,120}", 0..5),
        valid in proptest::collection::vec(generated(), 0..3),
    ) {
        let files: Vec<(String, String)> = texts
            .into_iter()
            .chain(valid.iter().map(Gen::text))
            .enumerate()
            .map(|(i, t)| (format!("{i}.yaml"), t))
            .collect();
        let m = reach_matrix(&files, &CILIUM);
        prop_assert_eq!(m.sandboxes.len(), files.len());
        check(&files, &m, &CILIUM);
    }
}
