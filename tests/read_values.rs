//! `read_values`: the values a form shows, read by the core as K7 reads them (YAML 1.1's `yes`,
//! quotes and escapes, flow and block, multi-line plain scalars), with spans that are the text's
//! own, and whether `edit` can change each in place, or why not. On every fixture: no panic, the
//! values agree with the typed spec the core reads, and an editable value set to itself through
//! `edit` reads back the same, with no byte changed outside its lines.

mod common;

use k7_spec::{MAX_PATHS, Operation, ValueAt, analyze, edit, read_values};
use serde_json::{Value, json};

use common::{FIELDS, Kind};

/// The text of a UTF-16 span of `text`.
fn slice(text: &str, start: u32, end: u32) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[start as usize..end as usize]).expect("a span on char boundaries")
}

/// The one value at `path`.
#[track_caller]
fn one(text: &str, path: &str) -> ValueAt {
    let mut read = read_values(text, &[path]);
    assert_eq!(read.values.len(), 1);
    read.values.remove(0)
}

/// `(present, value, reason)` of each path.
#[track_caller]
fn shown(text: &str, paths: &[&str]) -> Vec<(bool, Value, Option<String>)> {
    let read = read_values(text, paths);
    assert_eq!(read.problem, None, "{text}");
    read.values
        .into_iter()
        .map(|v| {
            assert_eq!(v.editable, v.reason.is_none());
            (v.present, v.value, v.reason)
        })
        .collect()
}

#[test]
fn a_yaml_1_1_boolean_is_k7s_and_edit_writes_a_boolean_in_its_place() {
    let text = "name: demo\nimage: alpine:3.20\npod_non_root: yes # on\ncontainer_non_root: Off\n";
    assert_eq!(
        shown(text, &["/pod_non_root", "/container_non_root", "/docker"]),
        [
            (true, json!(true), None),
            (true, json!(false), None),
            (false, json!(false), None),
        ]
    );
    let flag = one(text, "/pod_non_root");
    let span = flag.span.expect("a span");
    assert_eq!(slice(text, span.start.offset, span.end.offset), "yes");
    assert_eq!((span.start.line, span.start.column), (3, 15));
    let off = edit(
        text,
        &[Operation::Set {
            path: "/pod_non_root".into(),
            value: json!(false),
        }],
    )
    .unwrap();
    assert_eq!(off, text.replace("yes # on", "false # on"));
    assert_eq!(one(&off, "/pod_non_root").value, json!(false));
}

#[test]
fn values_as_k7_reads_them_in_block_and_flow_quoted_escaped_and_folded() {
    let text = r#"name: demo
image: alpine:3.20
cap_drop:
  - NET_RAW # this one
  - 'SYS_''X'
  - "NET\u005fADMIN"
cap_add: ["NET_BIND_SERVICE"]
egress_whitelist: [10.0.0.0/8,
  pypi.org]
ingress_from:
  - sandbox:a
    b
ingress_ports: [8080, 010]
expose_ports:
"#;
    let paths = [
        "/cap_drop",
        "/cap_add",
        "/egress_whitelist",
        "/ingress_from",
        "/ingress_ports",
        "/expose_ports",
        "/cap_drop/2",
        "/egress_whitelist/2",
    ];
    assert_eq!(
        shown(text, &paths),
        [
            (true, json!(["NET_RAW", "SYS_'X", "NET_ADMIN"]), None),
            (true, json!(["NET_BIND_SERVICE"]), None),
            (true, json!(["10.0.0.0/8", "pypi.org"]), None),
            // A plain scalar over two lines is one value, its lines folded.
            (true, json!(["sandbox:a b"]), None),
            // YAML 1.1's octal: K7 reads `010` as 8 (the core refuses it, an error at the entry).
            (true, json!([8080, 8]), None),
            // `key:` alone is null, which K7 takes for the key left out.
            (false, Value::Null, None),
            (true, json!("NET_ADMIN"), None),
            (false, Value::Null, None),
        ]
    );
    // Each value's span is its own text.
    for v in read_values(text, &paths).values {
        let Some(span) = v.span else { continue };
        let written = slice(text, span.start.offset, span.end.offset);
        assert!(
            written.starts_with(['[', '-', '"']) || v.path.ends_with("ports"),
            "{written:?}"
        );
    }
}

#[test]
fn what_edit_cannot_change_in_place_and_why() {
    let text = r#"name: demo
image: alpine:3.20
egress_whitelist: &nets [10.0.0.0/8]
cap_add: *nets
cap_drop: !!seq [ALL]
pod_non_root: "yes"
ingress_ports: 8080
ingress_from: [{sandbox: client}]
container_non_root: true
container_non_root: false
expose_ports:
  - &p 8080
before_script: |
  apk add curl
"#;
    let paths = [
        "/egress_whitelist",
        "/cap_add",
        "/cap_add/0",
        "/cap_drop",
        "/pod_non_root",
        "/ingress_ports",
        "/ingress_from",
        "/container_non_root",
        "/expose_ports",
        "/limits/cpu",
        "",
        "pod_non_root",
    ];
    let read = read_values(text, &paths);
    assert_eq!(read.problem, None);
    let got: Vec<(&str, bool, &Value, &str)> = read
        .values
        .iter()
        .map(|v| {
            assert!(!v.editable, "{}", v.path);
            (
                v.path.as_str(),
                v.present,
                &v.value,
                v.reason.as_deref().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "/egress_whitelist",
                true,
                &json!(["10.0.0.0/8"]),
                "it carries the anchor `&nets`, which aliases repeat elsewhere"
            ),
            (
                "/cap_add",
                true,
                &json!(["10.0.0.0/8"]),
                "an alias, `*nets`, of a value written elsewhere"
            ),
            (
                "/cap_add/0",
                true,
                &json!("10.0.0.0/8"),
                "`/cap_add/0` is an alias of a value written elsewhere: edit the anchor's value"
            ),
            (
                "/cap_drop",
                true,
                &json!(["ALL"]),
                "it carries the tag `!!seq`"
            ),
            // K7 reads a non-empty string as true; the core reports it as the wrong type.
            (
                "/pod_non_root",
                true,
                &json!(true),
                "the string \"yes\", not true or false"
            ),
            (
                "/ingress_ports",
                true,
                &json!(8080),
                "the integer 8080, not a list"
            ),
            (
                "/ingress_from",
                true,
                &json!([{"sandbox": "client"}]),
                "an entry that is a list or a mapping, not a single value"
            ),
            // K7 keeps the last of a key written twice.
            (
                "/container_non_root",
                true,
                &json!(false),
                "the key `container_non_root` is written twice"
            ),
            (
                "/expose_ports",
                true,
                &json!([8080]),
                "an entry with an anchor, an alias or a tag"
            ),
            (
                "/limits/cpu",
                false,
                &Value::Null,
                "`/limits` is not in the spec"
            ),
            (
                "",
                true,
                &read.values[10].value,
                "the empty pointer names the whole spec: name a field"
            ),
            (
                "pod_non_root",
                false,
                &Value::Null,
                "`pod_non_root` is not a JSON Pointer: it starts with `/`"
            ),
        ]
    );
    // A `|` block is edited as a `|` block.
    let script = one(text, "/before_script");
    assert_eq!(
        (script.value, script.editable),
        (json!("apk add curl\n"), true)
    );
}

#[test]
fn a_text_that_is_not_one_mapping_is_read_as_nothing_saying_why() {
    for (text, problem) in [
        (
            "name: a\n---\nname: b\n",
            "the text holds more than one YAML document",
        ),
        ("- name: a\n", "the spec is not a mapping of fields"),
        ("name: [a\n", "invalid YAML"),
        ("", "the text is not a YAML document that can be edited"),
        (
            "# nothing yet\n",
            "the text is not a YAML document that can be edited",
        ),
        (
            "name: !custom a\n",
            "the tag `!custom` is not allowed in a spec",
        ),
    ] {
        let read = read_values(text, &["/pod_non_root"]);
        let why = read.problem.unwrap_or_else(|| panic!("{text:?}"));
        assert!(why.starts_with(problem), "{text:?}: {why}");
        assert_eq!(read.values[0].reason.as_deref(), Some(why.as_str()));
        assert!(!read.values[0].present && !read.values[0].editable);
    }
}

#[test]
fn json_crlf_a_bom_and_wide_characters_keep_their_utf16_spans() {
    let json =
        r#"{"name": "démo", "image": "alpine:3.20", "pod_non_root": true, "cap_add": ["NET_RAW"]}"#;
    assert_eq!(
        shown(json, &["/pod_non_root", "/cap_add"]),
        [(true, json!(true), None), (true, json!(["NET_RAW"]), None)]
    );
    let text = "\u{feff}name: \u{1f980}\r\nimage: alpine:3.20\r\ncap_drop: [NET_RAW] # 🦀\r\n";
    let v = one(text, "/cap_drop");
    let span = v.span.unwrap();
    assert_eq!(slice(text, span.start.offset, span.end.offset), "[NET_RAW]");
    assert_eq!((span.start.line, span.start.column), (3, 11));
}

#[test]
fn paths_past_the_limit_are_not_read() {
    let paths: Vec<String> = (0..=MAX_PATHS).map(|i| format!("/cap_add/{i}")).collect();
    let read = read_values("cap_add: [a]\n", &paths);
    assert_eq!(read.values.len(), MAX_PATHS + 1);
    assert_eq!(read.values[0].value, json!("a"));
    let last = &read.values[MAX_PATHS];
    assert_eq!(
        last.reason.as_deref(),
        Some("at most 1000 paths are read at once")
    );
}

/// A field of the typed spec as JSON, when the core read it whole; `None` when it left it out
/// or dropped an entry it could not read.
fn typed(spec: &k7_spec::spec::Spec, name: &str) -> Option<Value> {
    let strings = |l: &Option<k7_spec::spec::List<String>>| {
        l.as_ref()
            .map(|l| json!(l.value.iter().map(|i| &i.value).collect::<Vec<_>>()))
    };
    let texts = |items: Option<Vec<&String>>| items.map(|i| json!(i));
    let flag = |f: &Option<k7_spec::spec::Spanned<bool>>| f.as_ref().map(|f| json!(f.value));
    // Past i64 the core keeps i64::MAX to refuse the port by its text; K7 reads Python's integer.
    let ports = |l: &Option<k7_spec::spec::List<i64>>| {
        let ports: Vec<i64> = l.as_ref()?.value.iter().map(|i| i.value).collect();
        (!ports.contains(&i64::MAX)).then(|| json!(ports))
    };
    match name {
        "name" => spec.name.as_ref().map(|s| json!(s.value)),
        "image" => spec.image.as_ref().map(|s| json!(s.value)),
        "namespace" => spec.namespace.as_ref().map(|s| json!(s.value)),
        "pod_non_root" => flag(&spec.pod_non_root),
        "container_non_root" => flag(&spec.container_non_root),
        "docker" => flag(&spec.docker),
        "cap_drop" => strings(&spec.cap_drop),
        "cap_add" => strings(&spec.cap_add),
        "entrypoint" => strings(&spec.entrypoint),
        "cmd" => strings(&spec.cmd),
        "egress_whitelist" => texts(
            spec.egress_whitelist
                .as_ref()
                .map(|l| l.value.iter().map(|i| &i.value.text).collect()),
        ),
        "ingress_from" => texts(
            spec.ingress_from
                .as_ref()
                .map(|l| l.value.iter().map(|i| &i.value.text).collect()),
        ),
        "ingress_ports" => ports(&spec.ingress_ports),
        "expose_ports" => ports(&spec.expose_ports),
        _ => None,
    }
}

#[test]
fn every_fixture_agrees_with_the_typed_spec_and_edits_in_place() {
    let paths: Vec<String> = FIELDS.iter().map(|f| format!("/{}", f.name)).collect();
    let (mut agreed, mut round_trips) = (0, 0);
    for (name, text) in common::fixtures() {
        let read = read_values(&text, &paths);
        let analysis = analyze(&text);
        assert_eq!(read.values.len(), paths.len());
        let Some(spec) = analysis.spec.as_ref().filter(|_| read.problem.is_none()) else {
            continue;
        };
        for (field, v) in FIELDS.iter().zip(&read.values) {
            if let Some(typed) = typed(spec, field.name) {
                // A list the core read whole holds what K7 reads; a flag is K7's truthiness.
                if typed.as_array().map(Vec::len) == v.value.as_array().map(Vec::len) {
                    assert_eq!(v.value, typed, "{name}: {}", field.name);
                    agreed += 1;
                }
                assert!(v.present, "{name}: {}", field.name);
            }
            if field.kind == Kind::Bool {
                assert!(v.value.is_boolean(), "{name}: {}", field.name);
            }
            if !(v.editable && v.present) {
                continue;
            }
            // Set to itself: it reads back the same, and nothing outside its lines changes.
            let op = Operation::Set {
                path: v.path.clone(),
                value: v.value.clone(),
            };
            let after = edit(&text, &[op]).unwrap_or_else(|e| panic!("{name}: {e}"));
            let again = read_values(&after, &[&v.path]);
            assert_eq!(again.values[0].value, v.value, "{name}: {}", v.path);
            let span = v.span.unwrap();
            let start = slice(&text, 0, span.start.offset).len();
            let end = slice(&text, 0, span.end.offset).len();
            // The line above too: a block list starts on the line after its key.
            let line = text[..start].rfind('\n').unwrap_or(0);
            let line_start = text[..line].rfind('\n').map_or(0, |i| i + 1);
            assert_eq!(
                after[..line_start],
                text[..line_start],
                "{name}: {}",
                v.path
            );
            assert!(after.ends_with(&text[end..]), "{name}: {}", v.path);
            round_trips += 1;
        }
    }
    assert!(agreed > 300, "{agreed} values agreed");
    assert!(round_trips > 300, "{round_trips} round trips");
}

#[test]
fn any_prefix_of_any_fixture_and_odd_pointers_read_without_a_panic() {
    let mut paths: Vec<String> = FIELDS.iter().map(|f| format!("/{}", f.name)).collect();
    paths.extend(
        [
            "/",
            "/~",
            "/~2",
            "/a~1b",
            "/cap_add/-",
            "/cap_add/0",
            "/cap_add/01",
            "/limits/cpu",
            "/cap_add/99999999999999999999",
            "/volumes/0/name",
            "/name/0",
            "",
        ]
        .map(String::from),
    );
    let mut read = 0;
    for (_, text) in common::fixtures() {
        let cuts = text.char_indices().map(|(i, _)| i).step_by(5);
        for cut in cuts.chain([text.len()]) {
            let values = read_values(&text[..cut], &paths);
            assert_eq!(values.values.len(), paths.len());
            for v in values.values {
                assert_eq!(v.editable, v.reason.is_none(), "{}", v.path);
                read += 1;
            }
        }
    }
    assert!(read > 100_000, "{read}");
}
