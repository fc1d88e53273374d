//! The fixes of the spec's shape, names, backend, resources and script, one case each: the fix
//! a diagnostic carries, applied to the spec, gives the text expected, and the result no longer
//! has that diagnostic. The kinds follow K7's own reading of the spec (docs/semantics.md): safe
//! where K7 refuses the value or reads the new one the same, unsafe where the sandbox changes.

mod common;

use common::fixes::{apply, check, find};
use k7_spec::{Applicability, validate};

use Applicability::{Safe, Unsafe};

/// A spec: a fixture's name, or the text itself.
fn text_of(spec: &str) -> String {
    if spec.ends_with(".yaml") {
        common::fixture(spec)
    } else {
        spec.to_owned()
    }
}

/// A spec with the usual first lines.
macro_rules! spec {
    ($rest:literal) => {
        concat!(
            "name: demo\nimage: alpine:3.20\negress_whitelist: []\n",
            $rest
        )
    };
}

/// Each fix: the spec, the diagnostic's code and path, the fix's title and kind, and the text
/// the fix replaces in the spec with what it writes.
#[rustfmt::skip]
const FIXES: &[(&str, &str, &str, &str, Applicability, &str, &str)] = &[
    // A guess, and the field takes effect (K7's API drops an unknown key).
    ("unknown-field.yaml", "unknown-field", "/egress_whitelis",
        "Rename `egress_whitelis` to `egress_whitelist`", Unsafe, "egress_whitelis:", "egress_whitelist:"),
    // Quoted as written: K7 misreads `no` as a boolean and `1` as a number where it needs text.
    ("wrong-type--yaml11-boolean-string.yaml", "wrong-type", "/namespace",
        "Write `namespace: \"no\"`", Safe, "namespace: no", "namespace: \"no\""),
    ("wrong-type--cpu-number.yaml", "wrong-type", "/limits/cpu",
        "Write `cpu: \"1\"`", Safe, "cpu: 1\n", "cpu: \"1\"\n"),
    // K7 reads any non-empty string as true: "true" stays true, "false" turns Docker off.
    ("wrong-type--bool-string.yaml", "wrong-type", "/docker",
        "Write `docker: true`", Safe, "docker: \"true\"", "docker: true"),
    (spec!("docker: \"false\"\n"), "wrong-type", "/docker",
        "Write `docker: false`", Unsafe, "\"false\"", "false"),
    (spec!("pod_non_root: 0\n"), "wrong-type", "/pod_non_root",
        "Write `pod_non_root: false`", Safe, ": 0", ": false"),
    // K7 iterates a string (`cap_drop: ALL` drops `A` and `L`) and refuses an integer.
    ("wrong-type--cap-drop-string.yaml", "wrong-type", "/cap_drop",
        "Write `cap_drop: [ALL]`", Unsafe, "cap_drop: ALL", "cap_drop: [ALL]"),
    (spec!("ingress_ports: 8080\n"), "wrong-type", "/ingress_ports",
        "Write `ingress_ports: [8080]`", Safe, "8080", "[8080]"),
    // Kubernetes refuses digits as a named port; K7 reads `010` as 8, not 10.
    ("wrong-type.yaml", "wrong-type", "/ingress_ports/0",
        "Write `8080`", Safe, "[\"8080\"]", "[8080]"),
    ("wrong-type--port-octal.yaml", "wrong-type", "/ingress_ports/0",
        "Write `10`", Unsafe, "[010,", "[10,"),
    // PyYAML, K7's loader, reads YAML 1.1's `n` and `Y` as strings: true for K7.
    ("wrong-type--yaml11-y-n.yaml", "wrong-type", "/pod_non_root",
        "Write `pod_non_root: false`", Unsafe, "pod_non_root: n", "pod_non_root: false"),
    ("wrong-type--yaml11-y-n.yaml", "wrong-type", "/container_non_root",
        "Write `container_non_root: true`", Safe, "container_non_root: Y", "container_non_root: true"),
    ("yaml11-boolean.yaml", "yaml11-boolean", "/pod_non_root",
        "Write `pod_non_root: true`", Safe, "pod_non_root: yes", "pod_non_root: true"),
    // Every object is renamed, or moves to another namespace.
    ("invalid-dns-label.yaml", "invalid-dns-label", "/name",
        "Write `name: my-sandbox`", Unsafe, "My_Sandbox", "my-sandbox"),
    ("invalid-dns-label--namespace.yaml", "invalid-dns-label", "/namespace",
        "Write `namespace: team`", Unsafe, "namespace: -team-", "namespace: team"),
    // The same image from the same registry, by a name K7 allows.
    ("docker-io-registry.yaml", "docker-io-registry", "/image",
        "Write `image: library/alpine:3.20`", Safe, "docker.io/library/", "library/"),
    ("deprecated-backend.yaml", "deprecated-backend", "/backend",
        "Write `backend: kata-firecracker-devmapper`", Safe, "backend: fd", "backend: kata-firecracker-devmapper"),
    ("unknown-backend--typo.yaml", "unknown-backend", "/backend",
        "Write `backend: kata-qemu-longhorn`", Unsafe, "longhron", "longhorn"),
    // What K7 ignores goes; persistence coming back changes the sandbox.
    ("field-ignored--root-disk-size.yaml", "field-ignored", "/root_disk_size",
        "Remove `root_disk_size`", Safe, "root_disk_size: 20Gi\n", ""),
    ("field-ignored--docker-disk-without-docker.yaml", "field-ignored", "/docker_disk",
        "Remove `docker_disk`", Safe, "docker_disk: 40Gi\n", ""),
    ("kql-persistence-off.yaml", "kql-persistence-off", "/runtime_class_name",
        "Remove `runtime_class_name`", Unsafe, "runtime_class_name: kata\n", ""),
    ("volume-refused.yaml", "volume-refused", "/volumes/0",
        "Remove the volume", Unsafe, "volumes:\n  - name: data\n    hostPath:\n      path: /data\n", "volumes: []\n"),
    ("unknown-limit.yaml", "unknown-limit", "/limits/cpus",
        "Rename `cpus` to `cpu`", Unsafe, "cpus:", "cpu:"),
    // The same amount is safe; 1G is 953.67Mi, rounded: unsafe.
    ("invalid-quantity--decimal-cpu.yaml", "invalid-quantity", "/limits/cpu",
        "Write `cpu: \"500m\"`", Safe, "\"0.5\"", "\"500m\""),
    ("invalid-quantity--fractional-binary.yaml", "invalid-quantity", "/limits/memory",
        "Write `memory: \"1536Mi\"`", Safe, "\"1.5Gi\"", "\"1536Mi\""),
    ("invalid-quantity--decimal-si-memory.yaml", "invalid-quantity", "/limits/memory",
        "Write `memory: \"953Mi\"`", Unsafe, "\"1G\"", "\"953Mi\""),
    // `M` on cpu: K7 reads millicores already.
    (spec!("backend: k7d\nlimits:\n  cpu: \"500M\"\n"), "invalid-quantity", "/limits/cpu",
        "Write `cpu: \"500m\"`", Safe, "500M", "500m"),
    (spec!("docker: true\ndocker_disk: 2048M\n"), "invalid-quantity", "/docker_disk",
        "Write `docker_disk: 1953Mi`", Unsafe, "2048M", "1953Mi"),
    ("kata-memory.yaml", "kata-memory", "/limits/memory",
        "Write `memory: \"1Gi\"`", Safe, "\"1073741824\"", "\"1Gi\""),
    ("kata-memory--too-small.yaml", "kata-memory", "/limits/memory",
        "Write `memory: \"256Mi\"`", Unsafe, "\"128Mi\"", "\"256Mi\""),
    // K7 refuses the pair; `docker: true` alone still asks for Docker. The legacy sidecar is
    // another container than K7's Docker vehicle.
    ("docker-sidecar-conflict.yaml", "docker-sidecar-conflict", "/sidecar",
        "Remove `sidecar`", Safe, "sidecar: docker\n", ""),
    ("legacy-sidecar.yaml", "legacy-sidecar", "/sidecar",
        "Replace `sidecar: docker` with `docker: true`", Unsafe, "sidecar: docker\n", "docker: true\n"),
    (spec!("docker: false\nsidecar: docker\n"), "legacy-sidecar", "/sidecar",
        "Replace `sidecar: docker` with `docker: true`", Unsafe, "docker: false\nsidecar: docker\n", "docker: true\n"),
    // The comment stays; `true` takes K7's `; touch <marker>` onto a line of its own, in the
    // block's indentation and the file's line breaks (no line break at the end here).
    ("script-ends-with-comment.yaml", "script-ends-with-comment", "/before_script",
        "Add the line `true` after the comment", Safe, "  # done\n", "  # done\n  true\n"),
    ("script-ends-with-comment--inline-comment.yaml", "script-ends-with-comment", "/before_script",
        "Add the line `true` after the comment", Safe, "# deps\"", "# deps\\ntrue\""),
    ("name: demo\r\nimage: alpine:3.20\r\negress_whitelist: []\r\nbefore_script: |\r\n  apk add curl\r\n  # done",
        "script-ends-with-comment", "/before_script",
        "Add the line `true` after the comment", Safe, "  # done", "  # done\r\n  true"),
];

/// Diagnostics without a fix: the spec, the code and the path.
const NO_FIXES: &[(&str, &str, &str)] = &[
    // Never onto a key the spec already has; nothing close, no guess.
    (
        spec!("egress_whitelis: []\n"),
        "unknown-field",
        "/egress_whitelis",
    ),
    (spec!("colour: blue\n"), "unknown-field", "/colour"),
    (spec!("docker: maybe\n"), "wrong-type", "/docker"),
    // K7 reads a number in the whitelist as an IPv4 address; quoted, it is no entry at all.
    (
        "name: demo\nimage: alpine:3.20\negress_whitelist: [10.0.0.0/8, 10]\n",
        "wrong-type",
        "/egress_whitelist/1",
    ),
    // Several values in one string: which list is meant is not clear.
    (
        spec!("cap_add: NET_ADMIN, SYS_TIME\n"),
        "wrong-type",
        "/cap_add",
    ),
    // Nothing left to keep; a node exists under its own name.
    (spec!("namespace: ___\n"), "invalid-dns-label", "/namespace"),
    (
        "invalid-dns-subdomain.yaml",
        "invalid-dns-subdomain",
        "/node_name",
    ),
    ("unknown-backend.yaml", "unknown-backend", "/backend"),
    // An unknown unit: no amount to write.
    ("invalid-quantity.yaml", "invalid-quantity", "/docker_disk"),
];

#[test]
fn each_fix_writes_what_it_says_and_removes_its_diagnostic() {
    for &(spec, code, path, title, kind, from, to) in FIXES {
        let text = text_of(spec);
        assert!(text.contains(from), "{title}: {from:?} is not in {spec}");
        check(&text, code, path, title, kind, &text.replacen(from, to, 1));
    }
}

#[test]
fn diagnostics_without_a_mechanical_repair_have_no_fix() {
    for &(spec, code, path) in NO_FIXES {
        let diagnostics = validate(&text_of(spec));
        let d = find(&diagnostics, code, path).unwrap_or_else(|| panic!("no `{code}` at {path}"));
        assert!(d.fixes.is_empty(), "{spec}: {:#?}", d.fixes);
    }
}

/// Every fix of these codes on every fixture applies and removes the diagnostic it fixes.
#[test]
fn every_fix_on_the_fixtures_removes_its_diagnostic() {
    const CODES: &[&str] = &[
        "unknown-field",
        "wrong-type",
        "yaml11-boolean",
        "invalid-dns-label",
        "docker-io-registry",
        "unknown-backend",
        "deprecated-backend",
        "field-ignored",
        "kql-persistence-off",
        "volume-refused",
        "unknown-limit",
        "invalid-quantity",
        "kata-memory",
        "docker-sidecar-conflict",
        "legacy-sidecar",
        "script-ends-with-comment",
    ];
    let mut fixes = 0;
    for (name, text) in common::fixtures() {
        let diagnostics = validate(&text);
        for d in diagnostics
            .iter()
            .filter(|d| CODES.contains(&d.code.as_str()))
        {
            for fix in &d.fixes {
                let fixed = apply(&text, fix);
                let still = validate(&fixed)
                    .into_iter()
                    .filter(|a| a.code == d.code && a.path == d.path)
                    .count();
                let before = diagnostics
                    .iter()
                    .filter(|b| b.code == d.code && b.path == d.path)
                    .count();
                assert!(
                    still < before,
                    "{name}: {:?} leaves `{}`",
                    fix.title,
                    d.code
                );
                fixes += 1;
            }
        }
    }
    assert!(fixes >= 30, "only {fixes} fixes on the fixtures");
}
