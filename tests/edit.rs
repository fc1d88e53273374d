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
    // An anchored empty value is written after its anchor, which stays.
    check_set(
        "name: a\nimage: b\negress_whitelist: &x  # none\n",
        "/egress_whitelist",
        json!(["pypi.org"]),
        "name: a\nimage: b\negress_whitelist: &x\n  - pypi.org  # none\n",
    );
    check_set(
        "name: a\nimage: b\nl:\n  - &a\n  - z\n",
        "/l/0",
        json!("x"),
        "name: a\nimage: b\nl:\n  - &a x\n  - z\n",
    );
    // An empty list item: after its `-`, before a comment.
    check_set(
        "name: a\nimage: b\nl:\n  -   # c\n  - \n  - &a#b\n",
        "/l/0",
        json!("x"),
        "name: a\nimage: b\nl:\n  - x   # c\n  - \n  - &a#b\n",
    );
    check_set(
        "name: a\nimage: b\nl:\n  - z\n  - \n",
        "/l/1",
        json!(["x"]),
        "name: a\nimage: b\nl:\n  - z\n  - [x]\n",
    );
    check_set(
        "name: a\nimage: b\nl:\n  - &a#b\n",
        "/l/0",
        json!("x"),
        "name: a\nimage: b\nl:\n  - &a#b x\n",
    );
    check_set(
        "name: a\nimage: b\nbefore_script: &s\n",
        "/before_script",
        json!("a\nb\n"),
        "name: a\nimage: b\nbefore_script: &s |\n  a\n  b\n",
    );
}

/// The value at `pointer` of `text` as YAML 1.2's core schema reads it (refusing a plain YAML
/// 1.1 boolean), and a script as the core reads it, is `value`.
#[track_caller]
fn reads_back(text: &str, pointer: &str, value: &Value) {
    let read = common::render::read_yaml(text);
    assert_eq!(
        read.first().and_then(|d| d.pointer(pointer)),
        Some(value),
        "{text}"
    );
    if pointer == "/before_script" {
        let spec = k7_spec::analyze(text).spec.expect("a spec");
        let script = spec.before_script.map(|s| s.value.text);
        assert_eq!(script.as_deref(), value.as_str(), "{text}");
    }
}

/// `check`, then `reads_back` of what was set.
#[track_caller]
fn check_set(before: &str, path: &str, value: Value, after: &str) {
    check(before, &[set(path, value.clone())], after);
    reads_back(after, path, &value);
}

const SCRIPT: &str = "\
name: agent
image: python:3.12
before_script: |  # setup
    apk add curl
    pip install uv
# then the lockdown

egress_whitelist: []
";

#[test]
fn a_block_script_stays_a_block_in_its_indentation_with_its_comments() {
    let with = |header: &str, lines: &str| {
        SCRIPT.replace(
            "|  # setup\n    apk add curl\n    pip install uv\n",
            &format!("{header}  # setup\n{lines}"),
        )
    };
    for (value, header, lines) in [
        (
            "apk add git\npip install ruff\n",
            "|",
            "    apk add git\n    pip install ruff\n",
        ),
        // The chomping indicator says how many line breaks end it: none, one, or all (the blank
        // lines after it are its own).
        ("apk add git\ntrue", "|-", "    apk add git\n    true\n"),
        ("apk add git\n\n", "|+", "    apk add git\n\n"),
        // A first line that starts with a space needs the indentation said.
        ("  indented\nnot\n", "|4", "      indented\n    not\n"),
        // A one-line value stays in the block too.
        ("true", "|-", "    true\n"),
    ] {
        check_set(SCRIPT, "/before_script", json!(value), &with(header, lines));
    }
    // What a block cannot hold as every reader reads it is quoted, the header's comment kept.
    for (value, quoted) in [
        ("a\r\nb\n", "\"a\\r\\nb\\n\""),
        ("a\u{2028}b\n", "\"a\\u2028b\\n\""),
        ("a\n  ", "\"a\\n  \""),
        ("\n\n", "\"\\n\\n\""),
        ("", "\"\""),
    ] {
        check_set(
            SCRIPT,
            "/before_script",
            json!(value),
            &SCRIPT.replace(
                "|  # setup\n    apk add curl\n    pip install uv\n",
                &format!("{quoted}  # setup\n"),
            ),
        );
    }
    // A `|+` block's blank lines go with it; an anchor stays.
    check_set(
        "name: a\nimage: b\nbefore_script: &s |+\n  one\n\n\negress_whitelist: []\n",
        "/before_script",
        json!("two\n"),
        "name: a\nimage: b\nbefore_script: &s |\n  two\negress_whitelist: []\n",
    );
    // A `>` block becomes a `|` block, whose lines are the script's.
    check_set(
        "name: a\nimage: b\nbefore_script: >-\n  apk add curl\n  # done\n",
        "/before_script",
        json!("apk add curl\n# done\ntrue"),
        "name: a\nimage: b\nbefore_script: |-\n  apk add curl\n  # done\n  true\n",
    );
    // CRLF line breaks, and a text that ends without one (the block's own break is written).
    check_set(
        "\u{feff}name: a\r\nimage: b\r\nbefore_script: |\r\n  x\r\n",
        "/before_script",
        json!("a\nb\n"),
        "\u{feff}name: a\r\nimage: b\r\nbefore_script: |\r\n  a\r\n  b\r\n",
    );
    check_set(
        "name: a\nimage: b\nbefore_script: |\n  x",
        "/before_script",
        json!("a\nb\n"),
        "name: a\nimage: b\nbefore_script: |\n  a\n  b\n",
    );
    // A block list's item, and a header on a line of its own.
    check_set(
        "name: a\nimage: b\nsteps:\n  - |\n    x\n  - z\n",
        "/steps/0",
        json!("a\nb\n"),
        "name: a\nimage: b\nsteps:\n  - |\n    a\n    b\n  - z\n",
    );
    check_set(
        "name: a\nimage: b\nbefore_script:\n  |\n   x\n  # kept\n",
        "/before_script",
        json!("a\n"),
        "name: a\nimage: b\nbefore_script:\n  |\n   a\n  # kept\n",
    );
}

#[test]
fn a_new_value_of_several_lines_is_a_block_as_a_person_writes_a_script() {
    check_set(
        "name: a\nimage: b\nbefore_script: apk add curl  # deps\negress_whitelist: []\n",
        "/before_script",
        json!("apk add curl\ntrue\n"),
        "name: a\nimage: b\nbefore_script: |  # deps\n  apk add curl\n  true\negress_whitelist: []\n",
    );
    check_set(
        "name: a\nimage: b\nbefore_script:  # todo\negress_whitelist: []\n",
        "/before_script",
        json!("apk add curl\ntrue\n"),
        "name: a\nimage: b\nbefore_script: |  # todo\n  apk add curl\n  true\negress_whitelist: []\n",
    );
    check_set(
        "name: a\nimage: b\n",
        "/before_script",
        json!("apk add curl\ntrue"),
        "name: a\nimage: b\nbefore_script: |-\n  apk add curl\n  true\n",
    );
    // In the file's nesting, and as a list item.
    check_set(
        "name: a\nimage: b\nextra:\n    k: v\n",
        "/extra/script",
        json!("a\nb\n"),
        "name: a\nimage: b\nextra:\n    k: v\n    script: |\n        a\n        b\n",
    );
    check(
        "name: a\nimage: b\nsteps:\n  - x\n",
        &[append("/steps", json!("a\nb\n"))],
        "name: a\nimage: b\nsteps:\n  - x\n  - |\n    a\n    b\n",
    );
    reads_back(
        "name: a\nimage: b\nsteps:\n  - x\n  - |\n    a\n    b\n",
        "/steps/1",
        &json!("a\nb\n"),
    );
    // A double-quoted value keeps its quotes; new blank lines at the end would join the lines
    // after a `|+` block, and a JSON file is JSON: quoted.
    check_set(
        "name: a\nimage: b\nbefore_script: \"x\"\n",
        "/before_script",
        json!("a\nb\n"),
        "name: a\nimage: b\nbefore_script: \"a\\nb\\n\"\n",
    );
    check_set(
        "name: a\nimage: b\n\nx: 1\n",
        "/before_script",
        json!("a\n\n"),
        "name: a\nimage: b\nbefore_script: \"a\\n\\n\"\n\nx: 1\n",
    );
    check_set(
        "{\"name\": \"a\", \"image\": \"b\"}\n",
        "/before_script",
        json!("a\nb\n"),
        "{\"name\": \"a\", \"image\": \"b\", \"before_script\": \"a\\nb\\n\"}\n",
    );
}

#[test]
fn keys_of_a_mapping_in_a_list_item_are_written_under_its_first() {
    check_set(
        "name: a\nimage: b\nl:\n- a: 1\n  b: 2\n",
        "/l/0/c",
        json!("x"),
        "name: a\nimage: b\nl:\n- a: 1\n  b: 2\n  c: x\n",
    );
    check_set(
        "name: a\nimage: b\nl:\n- a:\n  b: 2\n",
        "/l/0/a",
        json!({"k": "a\nb\n"}),
        "name: a\nimage: b\nl:\n- a:\n    k: |\n      a\n      b\n  b: 2\n",
    );
    check_set(
        "name: a\nimage: b\nl:\n- a: x\n",
        "/l/0/a",
        json!("a\nb\n"),
        "name: a\nimage: b\nl:\n- a: |\n    a\n    b\n",
    );
}

#[test]
fn a_yaml_flow_mapping_is_written_in_yaml() {
    let flow = "{name: demo, image: b, limits: {cpu: 1}}\n";
    check_set(
        flow,
        "/limits/memory",
        json!("1Gi"),
        "{name: demo, image: b, limits: {cpu: 1, memory: 1Gi}}\n",
    );
    check_set(
        flow,
        "/egress_whitelist",
        json!(["pypi.org", "yes"]),
        "{name: demo, image: b, limits: {cpu: 1}, egress_whitelist: [pypi.org, \"yes\"]}\n",
    );
    // Inside a flow collection, a value stays on its line.
    check_set(
        flow,
        "/limits/cpu",
        json!(["a", "b"]),
        "{name: demo, image: b, limits: {cpu: [a, b]}}\n",
    );
    check_set(
        flow,
        "/before_script",
        json!("a\nb\n"),
        "{name: demo, image: b, limits: {cpu: 1}, before_script: \"a\\nb\\n\"}\n",
    );
    check(
        flow,
        &[Operation::Rename {
            path: "/limits/cpu".into(),
            to: "1".into(),
        }],
        "{name: demo, image: b, limits: {\"1\": 1}}\n",
    );
    // A flow mapping in a block one, and its own quoting kept.
    let limits = "name: a\nimage: b\nlimits: {cpu: \"1\", memory: 1Gi}\n";
    check_set(
        limits,
        "/limits/cpu",
        json!("500m"),
        "name: a\nimage: b\nlimits: {cpu: \"500m\", memory: 1Gi}\n",
    );
    check_set(
        limits,
        "/limits/ephemeral-storage",
        json!("2Gi"),
        "name: a\nimage: b\nlimits: {cpu: \"1\", memory: 1Gi, ephemeral-storage: 2Gi}\n",
    );
    // A YAML 1.1 reader (PyYAML, K7's) ends a plain scalar in a flow collection at `?`, and at a
    // `:` that starts it: those are quoted there, and only there.
    check(
        "name: a\nimage: b\negress_whitelist: [pypi.org]\nnamespace: x\n",
        &[
            append("/egress_whitelist", json!("http://x/?a")),
            append("/egress_whitelist", json!(":x")),
            set("/namespace", json!("a?b")),
        ],
        "name: a\nimage: b\negress_whitelist: [pypi.org, \"http://x/?a\", \":x\"]\nnamespace: a?b\n",
    );
}

/// Strings of every awkward kind set in every place a block scalar can be (and some it cannot):
/// each reads back as the string set.
#[test]
fn every_string_set_reads_back_as_set() {
    let places: &[(&str, &str)] = &[
        (SCRIPT, "/before_script"),
        (
            "name: a\nimage: b\nbefore_script: >-  # c\n    a\n    b\n\n\nx: 1\n",
            "/before_script",
        ),
        (
            "name: a\nimage: b\nbefore_script: |+\n  a\n\n\n",
            "/before_script",
        ),
        (
            "name: a\nimage: b\nbefore_script: &s |2-\n   a\n  b\n\nx: 1\n",
            "/before_script",
        ),
        (
            "name: a\nimage: b\nbefore_script: |9\n           a\nx: 1\n",
            "/before_script",
        ),
        (
            "name: a\nimage: b\nbefore_script: |\nx: 1\n",
            "/before_script",
        ),
        ("name: a\nimage: b\nbefore_script: |\n  x", "/before_script"),
        (
            "name: a\nimage: b\nbefore_script: a  # c\n\nx: 1\n",
            "/before_script",
        ),
        ("name: a\nimage: b\nbefore_script: 'a'\n", "/before_script"),
        (
            "name: a\nimage: b\nbefore_script:  # c\nx: 1\n",
            "/before_script",
        ),
        ("name: a\nimage: b\n", "/before_script"),
        (
            "name: a\r\nimage: b\r\nbefore_script: |\r\n  a\r\n\r\nx: 1\r\n",
            "/before_script",
        ),
        ("name: a\nimage: b\nl:\n  - a\n  - |\n    b\n", "/l/1"),
        ("name: a\nimage: b\nl:\n- a\n- b\n", "/l/0"),
        (
            "name: a\nimage: b\nl:\n  - k: |\n      b\n    j: 1\n",
            "/l/0/k",
        ),
        ("name: a\nimage: b\nlimits:\n    cpu: 1\n", "/limits/script"),
        ("{name: a, image: b, limits: {cpu: 1}}\n", "/limits/cpu"),
        ("name: a\nimage: b\nl: [a, b]\n", "/l/0"),
    ];
    let atoms = [
        "a", " ", "  ", "\n", "\n\n", "\n ", "\t", "#", " #", "x y", ":", "- ", "'", "\"", "?",
        ",", "|", ">", "{", "&", "*", "!", "%", "yes", "1", "---", "...", "\\", "é", "😀", "\r",
        "\u{85}", "\u{2028}", "\u{feff}",
    ];
    let mut next = numbers(7);
    let mut blocks = 0;
    for _ in 0..5000 {
        let value: String = (0..next(8)).map(|_| atoms[next(atoms.len())]).collect();
        let (before, path) = places[next(places.len())];
        let after = edit(before, &[set(path, json!(value))])
            .unwrap_or_else(|e| panic!("{value:?} at {path} of {before:?}: {e}"));
        reads_back(&after, path, &json!(value));
        blocks += usize::from(after.contains(": |") || after.contains("- |"));
    }
    // A third of them as blocks (the others hold a character no block can, or are in flow).
    assert!(blocks > 1500, "{blocks}");
}

/// A seeded sequence of numbers below the one asked (a linear congruential generator): the same
/// cases on every run.
fn numbers(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % n
    }
}

/// Sets of strings, lists and mappings at paths of text made of YAML's indicators after a
/// start that puts them in a mapping, a list, a block scalar, an anchor or a flow collection:
/// an edit is applied or refused, never a panic (an anchored empty value once sliced past its
/// end).
#[test]
fn edits_of_yaml_like_text_never_panic() {
    let chars: Vec<char> = " a:-[]{},#&*!|>'\"\n\n\t./1+2\r".chars().collect();
    let starts = [
        "name: a\nimage: b\nk: ",
        "name: a\nimage: b\nl:\n  - ",
        "name: a\nimage: b\nk:\n  ",
        "k: |",
        "k: >+2",
        "k: &a",
        "l:\n- &a",
        "l:\n-",
        "k: [&a ",
        "k: {a: &b",
    ];
    let mut next = numbers(11);
    let mut applied = 0;
    for _ in 0..4000 {
        let tail: String = (0..next(40)).map(|_| chars[next(chars.len())]).collect();
        let text = format!("{}{tail}", starts[next(starts.len())]);
        let value: String = (0..next(6)).map(|_| chars[next(chars.len())]).collect();
        for (path, value) in [
            ("/k", json!(value)),
            ("/k", json!([value])),
            ("/k/a", json!(value)),
            ("/l/0", json!(value)),
            ("/l/0", json!({ "a": value })),
            ("/l/-", json!(value)),
        ] {
            applied += usize::from(edit(&text, &[set(path, value)]).is_ok());
        }
    }
    assert!(applied > 500, "{applied}");
}
