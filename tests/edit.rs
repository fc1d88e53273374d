//! `edit`: golden edits of specs with comments, flow style, anchors, CRLF, a BOM and JSON, each
//! checked to change only the bytes it must, and properties over every fixture.

mod common;

use k7_spec::{EditError, Operation, edit, text_edit, validate};
use serde_json::{Value, json};

fn set(path: &str, value: Value) -> Operation {
    Operation::Set {
        path: path.into(),
        value,
    }
}
fn append(path: &str, value: Value) -> Operation {
    Operation::Append {
        path: path.into(),
        value,
    }
}
fn insert(path: &str, value: Value) -> Operation {
    Operation::Insert {
        path: path.into(),
        value,
    }
}
fn remove(path: &str) -> Operation {
    Operation::Remove { path: path.into() }
}

#[track_caller]
fn check(before: &str, ops: &[Operation], after: &str) {
    let got = edit(before, ops).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got, after, "\n--- got ---\n{got}\n--- wanted ---\n{after}");
    // The result is still a spec that reads: no new syntax error.
    let syntax = [
        "invalid-syntax",
        "duplicate-key",
        "empty-spec",
        "not-a-mapping",
    ];
    assert!(
        validate(&got)
            .iter()
            .all(|d| !syntax.contains(&d.code.as_str())),
        "{got}"
    );
}

const SPEC: &str = "\
# The agent sandbox.
name: agent   # keep short
image: python:3.12

egress_whitelist:
  - pypi.org      # the index
  # files come from here
  - \"*.pythonhosted.org\"
ingress_ports: [8080, 9090]
limits:
    cpu: \"1\"
    memory: 1Gi
";

#[test]
fn set_replaces_a_scalar_in_its_quoting_and_leaves_comments() {
    check(
        SPEC,
        &[set("/name", json!("web"))],
        &SPEC.replace("name: agent ", "name: web "),
    );
    check(
        SPEC,
        &[set("/limits/cpu", json!("500m"))],
        &SPEC.replace("cpu: \"1\"", "cpu: \"500m\""),
    );
    check(
        SPEC,
        &[set("/limits/memory", json!("512Mi"))],
        &SPEC.replace("memory: 1Gi", "memory: 512Mi"),
    );
    check(
        SPEC,
        &[set("/egress_whitelist/1", json!("*.pypi.io"))],
        &SPEC.replace("\"*.pythonhosted.org\"", "\"*.pypi.io\""),
    );
    check(
        SPEC,
        &[set("/ingress_ports/1", json!(8443))],
        &SPEC.replace("9090", "8443"),
    );
    // A plain scalar that would be misread gets quotes.
    check(
        SPEC,
        &[set("/limits/memory", json!("1"))],
        &SPEC.replace("memory: 1Gi", "memory: \"1\""),
    );
    check(
        SPEC,
        &[set("/name", json!("yes"))],
        &SPEC.replace("name: agent ", "name: \"yes\" "),
    );
}

#[test]
fn new_keys_go_after_the_field_before_them_in_the_documented_order() {
    check(
        SPEC,
        &[
            set("/pod_non_root", json!(true)),
            set("/container_non_root", json!(true)),
        ],
        &SPEC.replace(
            "ingress_ports:",
            "pod_non_root: true\ncontainer_non_root: true\ningress_ports:",
        ),
    );
    check(
        SPEC,
        &[set("/namespace", json!("team"))],
        &SPEC.replace(
            "image: python:3.12\n",
            "image: python:3.12\nnamespace: team\n",
        ),
    );
    // Nested: last in its mapping, in its indentation.
    check(
        SPEC,
        &[set("/limits/ephemeral-storage", json!("2Gi"))],
        &format!("{SPEC}    ephemeral-storage: 2Gi\n"),
    );
}

#[test]
fn lists_grow_and_shrink_in_their_own_style() {
    check(
        SPEC,
        &[append("/egress_whitelist", json!("10.0.0.0/8"))],
        &SPEC.replace(
            "  - \"*.pythonhosted.org\"\n",
            "  - \"*.pythonhosted.org\"\n  - 10.0.0.0/8\n",
        ),
    );
    check(
        SPEC,
        &[append("/ingress_ports", json!(22))],
        &SPEC.replace("[8080, 9090]", "[8080, 9090, 22]"),
    );
    check(
        SPEC,
        &[insert("/ingress_ports/0", json!(22))],
        &SPEC.replace("[8080, 9090]", "[22, 8080, 9090]"),
    );
    check(
        SPEC,
        &[insert("/egress_whitelist/0", json!("files.pypi.org"))],
        &SPEC.replace("  - pypi.org ", "  - files.pypi.org\n  - pypi.org "),
    );
    check(
        SPEC,
        &[remove("/ingress_ports/0")],
        &SPEC.replace("[8080, 9090]", "[9090]"),
    );
    check(
        SPEC,
        &[remove("/ingress_ports/1")],
        &SPEC.replace("[8080, 9090]", "[8080]"),
    );
    // A removed block item takes its line and its trailing comment; the comment line above the
    // next item stays.
    check(
        SPEC,
        &[remove("/egress_whitelist/0")],
        &SPEC.replace("  - pypi.org      # the index\n", ""),
    );
    // The last item leaves `[]`, which keeps the lockdown (null would open egress).
    let one = "name: a\nimage: b\negress_whitelist:\n  - pypi.org\n";
    check(
        one,
        &[remove("/egress_whitelist/0")],
        "name: a\nimage: b\negress_whitelist: []\n",
    );
    // A new list follows the file's style: block here.
    check(
        SPEC,
        &[append("/cap_add", json!("NET_BIND_SERVICE"))],
        &SPEC.replace(
            "ingress_ports:",
            "cap_add:\n  - NET_BIND_SERVICE\ningress_ports:",
        ),
    );
}

#[test]
fn removing_a_key_takes_its_lines_only() {
    check(
        SPEC,
        &[remove("/limits")],
        &SPEC.replace("limits:\n    cpu: \"1\"\n    memory: 1Gi\n", ""),
    );
    check(SPEC, &[remove("/egress_whitelist")], &SPEC.replace(
        "egress_whitelist:\n  - pypi.org      # the index\n  # files come from here\n  - \"*.pythonhosted.org\"\n",
        "",
    ));
    check(
        SPEC,
        &[remove("/limits/cpu")],
        &SPEC.replace("    cpu: \"1\"\n", ""),
    );
}

#[test]
fn collections_are_replaced_in_their_style() {
    check(
        SPEC,
        &[set("/ingress_ports", json!([80]))],
        &SPEC.replace("[8080, 9090]", "[80]"),
    );
    check(
        SPEC,
        &[set("/egress_whitelist", json!(["a.example", "b.example"]))],
        &SPEC.replace(
            "\n  - pypi.org      # the index\n  # files come from here\n  - \"*.pythonhosted.org\"",
            "\n  - a.example\n  - b.example",
        ),
    );
    let blocked = "name: a\nimage: b\negress_whitelist: []  # locked\n";
    check(
        blocked,
        &[set("/egress_whitelist", json!(["pypi.org"]))],
        "name: a\nimage: b\negress_whitelist: [pypi.org]  # locked\n",
    );
}

#[test]
fn rename_keeps_the_value() {
    let typo = "name: a\nimage: b\negress:\n  - pypi.org  # index\n";
    let ops = [Operation::Rename {
        path: "/egress".into(),
        to: "egress_whitelist".into(),
    }];
    check(
        typo,
        &ops,
        "name: a\nimage: b\negress_whitelist:\n  - pypi.org  # index\n",
    );
}

#[test]
fn crlf_bom_and_json_are_kept() {
    let crlf = "\u{feff}name: a\r\nimage: b\r\ncap_drop:\r\n- NET_RAW\r\n";
    check(
        crlf,
        &[
            append("/cap_drop", json!("ALL")),
            set("/pod_non_root", json!(true)),
        ],
        "\u{feff}name: a\r\nimage: b\r\npod_non_root: true\r\ncap_drop:\r\n- NET_RAW\r\n- ALL\r\n",
    );
    let json = "{\n  \"name\": \"a\",\n  \"image\": \"b\",\n  \"ingress_ports\": [80]\n}\n";
    check(
        json,
        &[
            set("/pod_non_root", json!(true)),
            append("/ingress_ports", json!(443)),
            set("/egress_whitelist", json!(["pypi.org"])),
        ],
        "{\n  \"name\": \"a\",\n  \"image\": \"b\", \"egress_whitelist\": [\"pypi.org\"], \"pod_non_root\": true,\n  \"ingress_ports\": [80, 443]\n}\n",
    );
    // The result is still JSON.
    let edited = edit(json, &[set("/cap_add", json!(["NET_ADMIN"]))]).unwrap();
    serde_json::from_str::<Value>(&edited).unwrap();
}

#[test]
fn aliases_and_missing_paths_are_refused_by_name() {
    // An alias is a value of its own where it is written; what is below it is the anchor's.
    let anchored =
        "name: &n web\nimage: b\nnamespace: *n\ncap_add: &caps [NET_ADMIN]\ncap_drop: *caps\n";
    let e: EditError = edit(anchored, &[set("/cap_drop/0", json!("ALL"))]).unwrap_err();
    assert!(e.message.contains("alias"), "{e}");
    check(
        anchored,
        &[set("/namespace", json!("team"))],
        &anchored.replace("namespace: *n", "namespace: team"),
    );
    check(
        anchored,
        &[set("/cap_drop", json!(["ALL"]))],
        &anchored.replace("cap_drop: *caps", "cap_drop: [ALL]"),
    );
    assert!(
        edit(anchored, &[set("/name", json!("x"))])
            .unwrap()
            .starts_with("name: &n x\n")
    );
    let e = edit(SPEC, &[remove("/nope")]).unwrap_err();
    assert_eq!(
        (e.operation, e.message.as_str()),
        (0, "`/nope` is not in the spec")
    );
    let e = edit(
        SPEC,
        &[
            set("/pod_non_root", json!(true)),
            set("/egress_whitelist/9", json!("x")),
        ],
    )
    .unwrap_err();
    assert_eq!(e.operation, 1);
    assert!(edit("- a\n", &[set("/name", json!("x"))]).is_err());
    assert!(edit("name: [\n", &[set("/name", json!("x"))]).is_err());
}

#[test]
fn text_edit_is_the_one_replacement_an_editor_applies() {
    let after = edit(SPEC, &[set("/limits/cpu", json!("500m"))]).unwrap();
    let e = text_edit(SPEC, &after);
    assert_eq!(e.text, "500m");
    assert_eq!((e.span.start.line, e.span.start.column), (11, 11));
    assert_eq!(e.span.end.offset - e.span.start.offset, 1);
    // UTF-16 offsets past astral characters.
    let e = text_edit("name: 🦀a\n", "name: 🦀b\n");
    assert_eq!(
        (e.span.start.offset, e.span.start.column, e.text.as_str()),
        (8, 9, "b")
    );
}

/// Every fixture: removing a top-level key removes only text that holds it, and appending an
/// item to a list then removing it gives back the text byte for byte.
#[test]
fn edits_change_only_their_own_bytes_on_every_fixture() {
    let mut checked = 0;
    for (name, text) in common::fixtures() {
        // A key written twice is refused by the reader; removing one leaves the other.
        if k7_spec::analyze(&text).spec.is_none() || name.starts_with("duplicate-key") {
            continue;
        }
        let keys: Vec<String> = k7_spec::spec::FIELDS
            .iter()
            .map(|f| f.name.to_owned())
            .filter(|k| text.contains(&format!("{k}:")) || text.contains(&format!("\"{k}\"")))
            .collect();
        for key in keys {
            let Ok(after) = edit(&text, &[remove(&format!("/{key}"))]) else {
                continue;
            };
            let e = text_edit(&text, &after);
            assert!(
                e.text.is_empty(),
                "{name}: removing {key} wrote {:?}",
                e.text
            );
            assert!(
                edit(&after, &[remove(&format!("/{key}"))]).is_err(),
                "{name}: {key} is still there"
            );
            checked += 1;
            let list = format!("/{key}");
            if let Ok(grown) = edit(&text, &[append(&list, json!("added.example"))])
                && let Some(last) = count_items(&grown, &key)
            {
                let back = edit(&grown, &[remove(&format!("/{key}/{last}"))]).unwrap();
                assert_eq!(back, text, "{name}: append then remove {key}");
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

/// The index of a top-level list's last item, read through `edit` itself: the first index that
/// is past the end.
fn count_items(text: &str, key: &str) -> Option<usize> {
    (0..10_000usize)
        .find(|i| edit(text, &[remove(&format!("/{key}/{i}"))]).is_err())
        .and_then(|n| n.checked_sub(1))
}

#[test]
fn an_empty_value_is_set_after_its_colon() {
    check(
        "name: a\nimage: b\negress_whitelist:\n",
        &[set("/egress_whitelist", json!([]))],
        "name: a\nimage: b\negress_whitelist: []\n",
    );
    check(
        "name: a\nimage: b\negress_whitelist:  # open\n",
        &[set("/egress_whitelist", json!(["pypi.org"]))],
        "name: a\nimage: b\negress_whitelist:\n  - pypi.org  # open\n",
    );
    check(
        "name: a\nimage: b\npod_non_root:\n",
        &[set("/pod_non_root", json!(true))],
        "name: a\nimage: b\npod_non_root: true\n",
    );
}
