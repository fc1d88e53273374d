//! The fixes of the egress, ingress and capability findings: each one, applied to a spec, gives
//! the text a person would have written, of the kind its code declares, and the finding is gone
//! without a new error.

mod common;

use k7_spec::{Applicability, Cni, RenderOptions, render, validate_with};
use serde_json::Value as Json;

use Applicability::{Safe, Unsafe};

const HEAD: &str = "name: demo\nimage: alpine:3.20\n";

/// The fixes of the `code` finding at `path` in `HEAD` + `body`, as (title, kind).
fn fixes(body: &str, code: &str, path: &str) -> Vec<(String, Applicability)> {
    common::fixes::fixes_of(&format!("{HEAD}{body}"), code, path)
}

/// Applies the fix titled `title` of the `code` finding at `path` in `HEAD` + `body`: it is of
/// `kind`, the text becomes `HEAD` + `after`, the finding is gone and no error appears.
fn check(
    body: &str,
    code: &str,
    path: &str,
    title: &str,
    kind: Applicability,
    after: &str,
) -> String {
    common::fixes::check(
        &format!("{HEAD}{body}"),
        code,
        path,
        title,
        kind,
        &format!("{HEAD}{after}"),
    )
}

// Egress.

#[test]
fn a_url_in_the_whitelist_becomes_its_host() {
    check(
        "egress_whitelist:\n  - https://pypi.org/simple  # the index\n",
        "invalid-egress-entry",
        "/egress_whitelist/0",
        "Write only the host `pypi.org`",
        Safe,
        "egress_whitelist:\n  - pypi.org  # the index\n",
    );
    check(
        "egress_whitelist: [pypi.org:443, 10.0.0.0/8]\n",
        "invalid-egress-entry",
        "/egress_whitelist/0",
        "Write only the host `pypi.org`",
        Safe,
        "egress_whitelist: [pypi.org, 10.0.0.0/8]\n",
    );
    check(
        "egress_whitelist:\n  - \"[2001:db8::1]:443\"\n",
        "invalid-egress-entry",
        "/egress_whitelist/0",
        "Write only the host `2001:db8::1`",
        Safe,
        "egress_whitelist:\n  - \"2001:db8::1\"\n",
    );
}

#[test]
fn a_misspelt_entry_becomes_the_entry_k7_would_have_read() {
    for (written, meant) in [
        ("\"**.example.com\"", "\"*.example.com\""),
        ("'10.0.0.0 /8'", "'10.0.0.0/8'"),
        ("pypi.org.", "pypi.org"),
    ] {
        check(
            &format!("egress_whitelist:\n  - {written}\n"),
            "invalid-egress-entry",
            "/egress_whitelist/0",
            &format!("Write `{}`", meant.trim_matches(['"', '\''])),
            Safe,
            &format!("egress_whitelist:\n  - {meant}\n"),
        );
    }
}

/// On Flannel a name is an error too: a URL's host is offered only when it is an address.
#[test]
fn on_flannel_no_fix_writes_a_name() {
    let flannel = RenderOptions {
        cni: Cni::Flannel,
        ..RenderOptions::default()
    };
    let text = format!(
        "{HEAD}egress_whitelist:\n  - https://pypi.org/simple\n  - http://10.0.0.1:8080/\n"
    );
    let titles: Vec<Vec<String>> = validate_with(&text, &flannel)
        .iter()
        .filter(|d| d.code == "invalid-egress-entry")
        .map(|d| d.fixes.iter().map(|f| f.title.clone()).collect())
        .collect();
    assert_eq!(
        titles,
        [vec![], vec!["Write only the host `10.0.0.1`".to_owned()]]
    );
}

#[test]
fn an_entry_without_one_reading_has_no_fix() {
    for written in ["10.0.0.0/33", "10.0.0.300", "exa mple.com", "\"*\""] {
        let body = format!("egress_whitelist:\n  - {written}\n");
        assert_eq!(
            fixes(&body, "invalid-egress-entry", "/egress_whitelist/0"),
            [],
            "{written}"
        );
    }
}

#[test]
fn open_egress_can_be_blocked() {
    let title = "Block all egress: `egress_whitelist: []`";
    check(
        "pod_non_root: true\ncontainer_non_root: true\n",
        "egress-open",
        "/egress_whitelist",
        title,
        Unsafe,
        "egress_whitelist: []\npod_non_root: true\ncontainer_non_root: true\n",
    );
    check(
        "egress_whitelist: null  # open\n",
        "egress-open",
        "/egress_whitelist",
        title,
        Unsafe,
        "egress_whitelist: []  # open\n",
    );
}

#[test]
fn an_entry_that_opens_too_much_can_be_removed() {
    check(
        "egress_whitelist:\n  - 0.0.0.0/0\n  - pypi.org\n",
        "egress-allows-all",
        "/egress_whitelist/0",
        "Remove `0.0.0.0/0` from the whitelist",
        Unsafe,
        "egress_whitelist:\n  - pypi.org\n",
    );
    check(
        "egress_whitelist: [8.8.8.8, pypi.org]\n",
        "public-dns-resolver",
        "/egress_whitelist/0",
        "Remove `8.8.8.8` from the whitelist",
        Unsafe,
        "egress_whitelist: [pypi.org]\n",
    );
    check(
        "egress_whitelist:\n  - pypi.org\n  - dns.google  # DoH\n",
        "public-dns-resolver",
        "/egress_whitelist/1",
        "Remove `dns.google` from the whitelist",
        Unsafe,
        "egress_whitelist:\n  - pypi.org\n",
    );
    // The last entry: the title says what the empty list does.
    check(
        "egress_whitelist:\n  - 169.254.169.254/32\n",
        "cloud-metadata",
        "/egress_whitelist/0",
        "Remove `169.254.169.254/32` from the whitelist (the empty whitelist then blocks all egress)",
        Unsafe,
        "egress_whitelist: []\n",
    );
}

#[test]
fn a_name_for_flannel_and_a_wildcard_tld_have_no_fix() {
    let body = "egress_whitelist: [\"*.com\"]\n";
    assert_eq!(fixes(body, "wildcard-tld", "/egress_whitelist/0"), []);
}

// Ingress.

#[test]
fn a_duplicate_port_is_removed() {
    check(
        "egress_whitelist: []\ningress_ports: [8080, 9090, 8080]\n",
        "duplicate-port",
        "/ingress_ports/2",
        "Remove the duplicate port `8080`",
        Safe,
        "egress_whitelist: []\ningress_ports: [8080, 9090]\n",
    );
    check(
        "egress_whitelist: []\ningress_ports: [8080]\ningress_from: [cidr:203.0.113.0/24]\nexpose_ports:\n  - 8080\n  - 8080\n",
        "duplicate-port",
        "/expose_ports/1",
        "Remove the duplicate port `8080`",
        Safe,
        "egress_whitelist: []\ningress_ports: [8080]\ningress_from: [cidr:203.0.113.0/24]\nexpose_ports:\n  - 8080\n",
    );
}

#[test]
fn an_ingress_source_k7_refuses_is_written_the_one_way_it_can_mean() {
    for (written, meant) in [
        ("Sandbox:web", "sandbox:web"),
        ("NAMESPACE:monitoring", "namespace:monitoring"),
        ("10.0.0.0/8", "cidr:10.0.0.0/8"),
        ("2001:db8::/32", "cidr:2001:db8::/32"),
        ("\"cidr: 10.0.0.0 /8\"", "\"cidr:10.0.0.0/8\""),
    ] {
        check(
            &format!("egress_whitelist: []\ningress_ports: [8080]\ningress_from:\n  - {written}\n"),
            "invalid-ingress-source",
            "/ingress_from/0",
            &format!("Write `{}`", meant.trim_matches('"')),
            Safe,
            &format!("egress_whitelist: []\ningress_ports: [8080]\ningress_from:\n  - {meant}\n"),
        );
    }
}

#[test]
fn a_bare_name_is_offered_as_a_sandbox_and_as_a_namespace() {
    let body = "egress_whitelist: []\ningress_ports: [8080]\ningress_from: [web]\n";
    assert_eq!(
        fixes(body, "invalid-ingress-source", "/ingress_from/0"),
        [
            (
                "Write `sandbox:web`: admit the sandbox `web`".to_owned(),
                Unsafe
            ),
            (
                "Write `namespace:web`: admit every pod of the namespace `web`".to_owned(),
                Unsafe
            ),
        ]
    );
    check(
        body,
        "invalid-ingress-source",
        "/ingress_from/0",
        "Write `namespace:web`: admit every pod of the namespace `web`",
        Unsafe,
        "egress_whitelist: []\ningress_ports: [8080]\ningress_from: [namespace:web]\n",
    );
    // An unknown kind, or a range K7 cannot read, is no typo to guess at.
    for written in ["pod:web", "cidr:10.0.0.0/40"] {
        let body =
            format!("egress_whitelist: []\ningress_ports: [8080]\ningress_from: [{written}]\n");
        assert_eq!(
            fixes(&body, "invalid-ingress-source", "/ingress_from/0"),
            []
        );
    }
}

#[test]
fn an_exposed_port_can_be_opened() {
    check(
        "egress_whitelist: []\ningress_ports: [8080]\ningress_from: [cidr:203.0.113.0/24]\nexpose_ports: [9090]\n",
        "expose-port-not-open",
        "/expose_ports/0",
        "Open the port `9090`: add it to `ingress_ports`",
        Unsafe,
        "egress_whitelist: []\ningress_ports: [8080, 9090]\ningress_from: [cidr:203.0.113.0/24]\nexpose_ports: [9090]\n",
    );
    check(
        "egress_whitelist: []\ningress_from: [cidr:203.0.113.0/24]\nexpose_ports: [9090]\n",
        "expose-port-not-open",
        "/expose_ports/0",
        "Open the port `9090`: add it to `ingress_ports`",
        Unsafe,
        "egress_whitelist: []\ningress_ports: [9090]\ningress_from: [cidr:203.0.113.0/24]\nexpose_ports: [9090]\n",
    );
}

// Capabilities and non-root.

#[test]
fn a_misspelt_capability_is_written_as_meant() {
    check(
        "egress_whitelist: []\ncap_add: [NET_BIND_SERVCE]\n",
        "unknown-capability",
        "/cap_add/0",
        "Write `NET_BIND_SERVICE`",
        Safe,
        "egress_whitelist: []\ncap_add: [NET_BIND_SERVICE]\n",
    );
    check(
        "egress_whitelist: []\ncap_drop:\n  - ALL\n  - CAP_SYS_ADMN  # typo\n",
        "unknown-capability",
        "/cap_drop/1",
        "Write `SYS_ADMIN`",
        Safe,
        "egress_whitelist: []\ncap_drop:\n  - ALL\n  - SYS_ADMIN  # typo\n",
    );
    let body = "egress_whitelist: []\ncap_add: [FLY]\n";
    assert_eq!(fixes(body, "unknown-capability", "/cap_add/0"), []);
}

#[test]
fn a_cap_prefix_is_dropped() {
    check(
        "egress_whitelist: []\ncap_add: [\"CAP_NET_BIND_SERVICE\"]\n",
        "capability-prefix",
        "/cap_add/0",
        "Write `NET_BIND_SERVICE`",
        Safe,
        "egress_whitelist: []\ncap_add: [\"NET_BIND_SERVICE\"]\n",
    );
    check(
        "egress_whitelist: []\ncap_drop: [ALL, cap_chown]\n",
        "capability-prefix",
        "/cap_drop/1",
        "Write `CHOWN`",
        Safe,
        "egress_whitelist: []\ncap_drop: [ALL, CHOWN]\n",
    );
}

#[test]
fn a_cap_drop_without_all_can_give_way_to_the_default() {
    let title = "Remove `cap_drop` to drop ALL capabilities (the default)";
    check(
        "egress_whitelist: []\ncap_drop: []\ncap_add: [NET_BIND_SERVICE]\n",
        "cap-drop-empty",
        "/cap_drop",
        title,
        Unsafe,
        "egress_whitelist: []\ncap_add: [NET_BIND_SERVICE]\n",
    );
    check(
        "egress_whitelist: []\ncap_drop:\n  - NET_RAW  # no raw sockets\n  - MKNOD\n# the end\n",
        "cap-drop-replaces-all",
        "/cap_drop",
        title,
        Unsafe,
        "egress_whitelist: []\n# the end\n",
    );
}

/// containerd and CRI-O apply the named drops after the named adds (containerd's
/// `WithCapabilities`, CRI-O's `setOCICapabilities`): the capability is dropped, and leaving
/// cap_add keeps it so; leaving cap_drop grants it.
#[test]
fn a_capability_added_and_dropped_leaves_one_list() {
    let body = "egress_whitelist: []\ncap_drop: [ALL, CAP_NET_BIND_SERVICE]\ncap_add: [net_bind_service]\n";
    check(
        body,
        "capability-added-and-dropped",
        "/cap_add/0",
        "Remove `net_bind_service` from `cap_add` (it stays dropped)",
        Safe,
        "egress_whitelist: []\ncap_drop: [ALL, CAP_NET_BIND_SERVICE]\ncap_add: []\n",
    );
    check(
        body,
        "capability-added-and-dropped",
        "/cap_add/0",
        "Remove `NET_BIND_SERVICE` from `cap_drop` (it is added)",
        Unsafe,
        "egress_whitelist: []\ncap_drop: [ALL]\ncap_add: [net_bind_service]\n",
    );
    // Dropped twice: no one entry to remove. Added twice: one fix removes the drop.
    let kinds = |body: &str, path: &str| -> Vec<Applicability> {
        fixes(body, "capability-added-and-dropped", path)
            .into_iter()
            .map(|(_, kind)| kind)
            .collect()
    };
    let twice = "egress_whitelist: []\ncap_drop: [NET_RAW, CAP_NET_RAW]\ncap_add: [NET_RAW]\n";
    assert_eq!(kinds(twice, "/cap_add/0"), [Safe]);
    let twice = "egress_whitelist: []\ncap_drop: [NET_RAW]\ncap_add: [NET_RAW, NET_RAW]\n";
    assert_eq!(kinds(twice, "/cap_add/0"), [Safe, Unsafe]);
    assert_eq!(kinds(twice, "/cap_add/1"), [Safe]);
}

#[test]
fn the_missing_non_root_flag_can_be_set() {
    check(
        "egress_whitelist: []\npod_non_root: true\n",
        "non-root-partial",
        "/pod_non_root",
        "Set `container_non_root: true`",
        Unsafe,
        "egress_whitelist: []\npod_non_root: true\ncontainer_non_root: true\n",
    );
    check(
        "egress_whitelist: []\npod_non_root: false  # for now\ncontainer_non_root: true\n",
        "non-root-partial",
        "/container_non_root",
        "Set `pod_non_root: true`",
        Unsafe,
        "egress_whitelist: []\npod_non_root: true  # for now\ncontainer_non_root: true\n",
    );
}

/// `value` without the `add` lists of its `capabilities`.
fn without_added_capabilities(value: &mut Json) {
    match value {
        Json::Object(map) => {
            if let Some(Json::Object(caps)) = map.get_mut("capabilities") {
                caps.remove("add");
            }
            map.values_mut().for_each(without_added_capabilities);
        }
        Json::Array(items) => items.iter_mut().for_each(without_added_capabilities),
        _ => {}
    }
}

/// The safe capability fixes repair what the runtime would misread, so the manifests change, but
/// only in the capability the fix names: containerd prefixes every name with `CAP_` (so
/// `CAP_NET_BIND_SERVICE` would be `CAP_CAP_NET_BIND_SERVICE`, no capability), and applies
/// cap_drop after cap_add (so an added and dropped capability is dropped, with or without its
/// cap_add entry).
#[test]
fn the_safe_capability_fixes_change_the_manifests_only_in_the_capability_they_name() {
    let options = RenderOptions::default();
    let body = "egress_whitelist: []\ncap_drop: [ALL]\ncap_add: [CAP_NET_BIND_SERVICE]\n";
    let fixed = check(
        body,
        "capability-prefix",
        "/cap_add/0",
        "Write `NET_BIND_SERVICE`",
        Safe,
        "egress_whitelist: []\ncap_drop: [ALL]\ncap_add: [NET_BIND_SERVICE]\n",
    );
    let (was, is) = (
        render(&format!("{HEAD}{body}"), &options),
        render(&fixed, &options),
    );
    assert!(was.ok && is.ok && was.yaml.contains("CAP_NET_BIND_SERVICE"));
    assert_eq!(
        was.yaml.replace("CAP_NET_BIND_SERVICE", "NET_BIND_SERVICE"),
        is.yaml
    );

    let body = "egress_whitelist: []\ncap_drop: [ALL, NET_RAW]\ncap_add: [NET_RAW]\n";
    let fixed = check(
        body,
        "capability-added-and-dropped",
        "/cap_add/0",
        "Remove `NET_RAW` from `cap_add` (it stays dropped)",
        Safe,
        "egress_whitelist: []\ncap_drop: [ALL, NET_RAW]\ncap_add: []\n",
    );
    let (was, is) = (
        render(&format!("{HEAD}{body}"), &options),
        render(&fixed, &options),
    );
    assert!(was.ok && is.ok);
    let mut was = Json::Array(was.manifests);
    assert_ne!(was, Json::Array(is.manifests.clone()));
    without_added_capabilities(&mut was);
    assert_eq!(was, Json::Array(is.manifests));
}
