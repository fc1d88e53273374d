//! The JS boundary only (rule logic is covered natively): plain objects, `null` where the types
//! say so, thrown `Error`s for misuse and for hostile values (which leave no trace in the
//! module), and UTF-16 spans that index the JS string exactly.
//! Runs in Node, and in headless Chromium with `WASM_BINDGEN_USE_BROWSER=1` (`make test`).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, JSON, JsString, Object, Reflect};
use k7_spec::wasm;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).expect("a readable property")
}

fn is_plain_object(value: &JsValue) -> bool {
    value.is_object()
        && !Array::is_array(value)
        && Object::get_prototype_of(value) == Object::get_prototype_of(&Object::new())
}

fn diagnostics(result: JsValue) -> Vec<JsValue> {
    assert!(Array::is_array(&result), "validate returns an array");
    Array::from(&result).iter().collect()
}

fn find(diagnostics: &[JsValue], code: &str) -> JsValue {
    diagnostics
        .iter()
        .find(|d| get(d, "code").as_string().as_deref() == Some(code))
        .unwrap_or_else(|| panic!("no `{code}` diagnostic"))
        .clone()
}

/// The error a misused call throws, as JS sees it.
fn thrown(result: Result<JsValue, wasm_bindgen::JsError>) -> js_sys::Error {
    let error = JsValue::from(result.expect_err("misuse throws"));
    error.dyn_into::<js_sys::Error>().expect("a real JS Error")
}

/// `validate(source)` as JS calls it, without options.
fn validate(source: JsValue) -> Result<JsValue, wasm_bindgen::JsError> {
    wasm::validate(source, JsValue::UNDEFINED)
}

const INVALID: &str = "name: demo\nimage: alpine:3.20\nnot_a_field: 1\n";

#[wasm_bindgen_test]
fn validate_returns_plain_objects_with_null_for_none() {
    let all = diagnostics(validate(INVALID.into()).unwrap());
    let d = find(&all, "unknown-field");
    assert!(
        is_plain_object(&d),
        "a diagnostic is a plain object, not a Map"
    );
    let span = get(&d, "span");
    assert!(is_plain_object(&span) && is_plain_object(&get(&span, "start")));
    assert_eq!(get(&get(&span, "start"), "line").as_f64(), Some(3.0));
    assert_eq!(get(&d, "severity").as_string().as_deref(), Some("error"));
    assert_eq!(get(&d, "path").as_string().as_deref(), Some("/not_a_field"));
    // Without a fix to suggest, `help` is null: present, not undefined.
    let syntax = diagnostics(validate("name: [unclosed\n".into()).unwrap());
    let d = find(&syntax, "invalid-syntax");
    assert!(get(&d, "help").is_null());
    assert!(Reflect::has(&d, &"help".into()).unwrap());
}

#[wasm_bindgen_test]
fn an_object_source_gives_the_same_diagnostics_without_spans() {
    let text =
        r#"{"name": "demo", "image": "alpine:3.20", "cap_add": ["SYS_ADMIN"], "not_a_field": 1}"#;
    let object = JSON::parse(text).unwrap();
    let from_text = diagnostics(validate(text.into()).unwrap());
    let from_object = diagnostics(validate(object).unwrap());
    assert_eq!(from_text.len(), from_object.len());
    for (t, o) in from_text.iter().zip(&from_object) {
        assert_eq!(get(t, "code"), get(o, "code"));
        assert_eq!(get(t, "path"), get(o, "path"));
        assert!(get(t, "span").is_object());
        assert!(
            get(o, "span").is_null(),
            "an object has no text to point into"
        );
    }
    // A JS string "true" is a string, not the boolean it would be unquoted in YAML.
    let object = JSON::parse(r#"{"name": "demo", "image": "alpine:3.20", "docker": "true"}"#);
    let all = diagnostics(validate(object.unwrap()).unwrap());
    assert_eq!(
        get(&find(&all, "wrong-type"), "path")
            .as_string()
            .as_deref(),
        Some("/docker")
    );
}

#[wasm_bindgen_test]
fn misuse_throws_an_error_naming_the_problem() {
    let cases: [(JsValue, &str); 5] = [
        (JsValue::from_f64(42.0), "a number"),
        (JsValue::NULL, "null"),
        (JsValue::UNDEFINED, "undefined"),
        (JsValue::TRUE, "a boolean"),
        (js_sys::Map::new().into(), "a Map"),
    ];
    for (value, named) in cases {
        let message = String::from(thrown(validate(value)).message());
        assert!(message.contains("source must be"), "{message}");
        assert!(message.contains(named), "{message} should name {named}");
    }
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    let message = String::from(thrown(validate(cyclic.into())).message());
    assert!(message.contains("cannot be read as JSON"), "{message}");
}

/// Checks that a diagnostic's span, read as UTF-16 offsets and line/column, selects `expected`
/// in the JS string.
fn assert_span_selects(source: &JsString, d: &JsValue, expected: &str) {
    let span = get(d, "span");
    let (start, end) = (get(&span, "start"), get(&span, "end"));
    let offset = |p: &JsValue| get(p, "offset").as_f64().unwrap() as u32;
    assert_eq!(
        String::from(source.slice(offset(&start), offset(&end))),
        expected
    );
    // line/column address the same place: the line's start plus column - 1 is the offset.
    let text = String::from(source.clone());
    let line = get(&start, "line").as_f64().unwrap() as usize;
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(|l| l.encode_utf16().count())
        .sum();
    let column = get(&start, "column").as_f64().unwrap() as usize;
    assert_eq!(line_start + column - 1, offset(&start) as usize);
}

#[wasm_bindgen_test]
fn spans_are_utf16_offsets_into_the_js_string() {
    // Emoji take two UTF-16 units (one char, four UTF-8 bytes): a byte or char offset would be off.
    let text =
        "name: demo # 🦀🦀\nimage: alpine:3.20\ncap_add: [\"🦀\", NET_RAW]\nnot_a_field: 1\n";
    let source = JsString::from(text);
    let all = diagnostics(validate(source.clone().into()).unwrap());
    assert_span_selects(&source, &find(&all, "unknown-capability"), "\"🦀\"");
    assert_span_selects(&source, &find(&all, "powerful-capability"), "NET_RAW");
    assert_span_selects(&source, &find(&all, "unknown-field"), "not_a_field");
}

// The Node module's export (the browser entry's schema() is its JSON as static text).
#[cfg(feature = "tools")]
#[wasm_bindgen_test]
fn schema_is_a_plain_object_naming_every_field() {
    let schema = wasm::schema().unwrap();
    assert!(is_plain_object(&schema));
    assert_eq!(
        get(&schema, "$schema").as_string().as_deref(),
        Some("http://json-schema.org/draft-07/schema#")
    );
    let properties = get(&schema, "properties");
    assert!(is_plain_object(&properties));
    for field in k7_spec::spec::FIELDS {
        let property = get(&properties, field.name);
        assert!(is_plain_object(&property), "{}", field.name);
        let markdown = get(&property, "markdownDescription").as_string();
        assert!(markdown.is_some_and(|m| m.contains(field.description)));
        assert!(Array::is_array(&get(&property, "examples")));
    }
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(wasm::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn suppressions_arrive_as_plain_objects_and_the_ignore_option_is_checked() {
    let spec = "name: demo\nimage: alpine:3.20\negress_whitelist: []\n\
                cap_add: [SYS_ADMIN]  # k7-spec: ignore[powerful-capability] fuse\n";
    let all = diagnostics(validate(spec.into()).unwrap());
    let by = get(&find(&all, "powerful-capability"), "suppressed");
    assert!(is_plain_object(&by));
    assert_eq!(get(&by, "kind").as_string().as_deref(), Some("comment"));
    assert_eq!(get(&by, "reason").as_string().as_deref(), Some("fuse"));
    assert!(get(&find(&all, "dns-blocked"), "suppressed").is_null());

    // A long list of reasons is read whole (an option's JSON text may run to 64 Ki units).
    let reason = "r".repeat(1000);
    let options = format!(
        r#"{{"ignore": ["dns-blocked", {{"code": "egress-open", "reason": "{reason}"}}]}}"#
    );
    let all = diagnostics(wasm::validate(spec.into(), JSON::parse(&options).unwrap()).unwrap());
    let by = get(&find(&all, "dns-blocked"), "suppressed");
    assert_eq!(get(&by, "kind").as_string().as_deref(), Some("option"));
    assert!(get(&by, "reason").is_null());

    for (options, named) in [
        (
            r#"{"ignore": ["invalid-port"]}"#,
            "errors cannot be ignored",
        ),
        (
            r#"{"ignore": ["egress-opne"]}"#,
            "did you mean `egress-open`?",
        ),
        (
            r#"{"ignore": [{"code": "egress-open", "why": "x"}]}"#,
            "{code, reason}",
        ),
    ] {
        let options = JSON::parse(options).unwrap();
        let message = String::from(thrown(wasm::validate(spec.into(), options)).message());
        assert!(message.contains(named), "{message} should say {named}");
    }
}

/// `reachMatrix`: plain objects, `null` for `None`, spans only for text sources, and misuse
/// (files that are not an array of `{file, source}`) thrown. The Node module's export.
#[cfg(feature = "tools")]
#[wasm_bindgen_test]
fn reach_matrix_takes_files_of_text_or_objects() {
    let files = JSON::parse(
        r#"[
            {"file": "client.yaml", "source": "name: client\nimage: alpine:3.20\negress_whitelist: []\n"},
            {"file": "server.json", "source": {"name": "server", "image": "alpine:3.20",
                "ingress_ports": [8080], "ingress_from": ["sandbox:client", "sandbox:ghost"]}}
        ]"#,
    )
    .unwrap();
    let matrix = wasm::reach_matrix(files, JsValue::UNDEFINED).unwrap();
    assert!(is_plain_object(&matrix));
    let sandboxes = Array::from(&get(&matrix, "sandboxes"));
    assert_eq!(sandboxes.length(), 2);
    assert!(get(&sandboxes.get(0), "duplicateOf").is_null());
    let pair = Array::from(&get(&matrix, "pairs")).get(0);
    assert_eq!(get(&pair, "port").as_f64(), Some(8080.0));
    let locked = get(&pair, "locked");
    assert_eq!(
        get(&locked, "verdict").as_string().as_deref(),
        Some("denied")
    );
    assert_eq!(
        get(&get(&pair, "beforeLockdown"), "verdict")
            .as_string()
            .as_deref(),
        Some("allowed")
    );
    // The client's `egress_whitelist: []` denies: its rule points into its text.
    let rule = Array::from(&get(&get(&locked, "egress"), "rules")).get(0);
    assert!(get(&get(&rule, "spec"), "span").is_object());
    // The server came as an object: its finding has no span to give.
    let findings = Array::from(&get(&matrix, "findings"));
    let ghost = findings
        .iter()
        .find(|f| get(f, "code").as_string().as_deref() == Some("unknown-sandbox"))
        .unwrap();
    assert_eq!(
        get(&ghost, "path").as_string().as_deref(),
        Some("/ingress_from/1")
    );
    assert!(get(&ghost, "span").is_null());
    assert_eq!(get(&ghost, "sandbox").as_f64(), Some(1.0));

    let message = |files: &str| {
        let files = JSON::parse(files).unwrap();
        String::from(thrown(wasm::reach_matrix(files, JsValue::UNDEFINED)).message())
    };
    assert!(message("{}").contains("must be an array"));
    assert!(message(r#"[{"file": 1, "source": ""}]"#).contains("[0].file must be"));
    assert!(message(r#"[{"file": "a", "source": 42}]"#).contains("files[0].source must be"));
    assert!(message(r#"["name: a"]"#).contains("[0] must be an object"));
    let options = JSON::parse(r#"{"cnii": "flannel"}"#).unwrap();
    let files = JSON::parse("[]").unwrap();
    assert!(wasm::reach_matrix(files, options).is_err());
}

mod render {
    use super::*;

    const EXAMPLE: &str = include_str!("fixtures/valid--k7-example.yaml");

    #[wasm_bindgen_test]
    fn render_returns_plain_objects() {
        let rendering = wasm::render(EXAMPLE.into(), JsValue::UNDEFINED).unwrap();
        assert!(is_plain_object(&rendering));
        assert_eq!(get(&rendering, "ok"), JsValue::TRUE);
        let manifests = get(&rendering, "manifests");
        assert!(Array::is_array(&manifests));
        for manifest in Array::from(&manifests).iter() {
            assert!(is_plain_object(&manifest));
            // Labels and annotations are maps in Rust: they must arrive as plain objects.
            let metadata = get(&manifest, "metadata");
            assert!(is_plain_object(&metadata));
            let labels = get(&metadata, "labels");
            assert!(labels.is_undefined() || is_plain_object(&labels));
        }
        assert!(
            get(&rendering, "yaml")
                .as_string()
                .unwrap()
                .contains("kind:")
        );
        assert!(is_plain_object(&get(&rendering, "explanation")));
    }

    #[wasm_bindgen_test]
    fn a_failed_render_has_null_explanation_and_no_manifests() {
        let rendering = wasm::render(INVALID.into(), JsValue::UNDEFINED).unwrap();
        assert_eq!(get(&rendering, "ok"), JsValue::FALSE);
        assert!(get(&rendering, "explanation").is_null());
        assert_eq!(Array::from(&get(&rendering, "manifests")).length(), 0);
        assert_eq!(get(&rendering, "yaml").as_string().as_deref(), Some(""));
    }

    /// An export that takes a source and options, as JS calls it.
    type Export = fn(JsValue, JsValue) -> Result<JsValue, wasm_bindgen::JsError>;

    /// `validate` and `render`, which take the same options.
    const EXPORTS: [(&str, Export); 2] = [("validate", wasm::validate), ("render", wasm::render)];

    #[wasm_bindgen_test]
    fn options_are_checked() {
        let undefined_cni = JSON::parse(r#"{"workload": "deployment"}"#).unwrap();
        Reflect::set(&undefined_cni, &"cni".into(), &JsValue::UNDEFINED).unwrap();
        for (name, export) in EXPORTS {
            let options = JSON::parse(r#"{"cni": "flannel", "workload": "deployment"}"#).unwrap();
            assert!(export(EXAMPLE.into(), options).is_ok(), "{name}");
            // An undefined value is a key left out, as TypeScript's `cni?:` allows.
            assert!(
                export(EXAMPLE.into(), undefined_cni.clone()).is_ok(),
                "{name}"
            );
            for (options, named) in [
                (r#"{"cni": "calico"}"#, "calico"),
                (r#"{"workload": 1}"#, r#"{"workload":1}"#),
                (r#"{"cnii": "cilium"}"#, "cnii"),
            ] {
                let options = JSON::parse(options).unwrap();
                let message = String::from(thrown(export(EXAMPLE.into(), options)).message());
                assert!(
                    message.contains(named),
                    "{name}: {message} should name {named}"
                );
            }
            for (options, named) in [
                ("flannel".into(), "a string"),
                (js_sys::Map::new().into(), "a Map"),
            ] {
                let message = String::from(thrown(export(EXAMPLE.into(), options)).message());
                assert!(
                    message.contains("options must be an object"),
                    "{name}: {message}"
                );
                assert!(
                    message.contains(named),
                    "{name}: {message} should name {named}"
                );
            }
        }
    }

    #[wasm_bindgen_test]
    fn validate_with_options_reports_what_render_reports() {
        let spec: JsValue = "name: demo\nimage: alpine:3.20\negress_whitelist: [pypi.org]\n".into();
        let codes = |result: JsValue| -> Vec<String> {
            diagnostics(result)
                .iter()
                .map(|d| get(d, "code").as_string().unwrap())
                .collect()
        };
        let flannel = || JSON::parse(r#"{"cni": "flannel"}"#).unwrap();
        let on_flannel = codes(wasm::validate(spec.clone(), flannel()).unwrap());
        assert!(
            on_flannel.iter().any(|c| c == "fqdn-needs-cilium"),
            "{on_flannel:?}"
        );
        let rendering = wasm::render(spec.clone(), flannel()).unwrap();
        assert_eq!(on_flannel, codes(get(&rendering, "diagnostics")));
        let on_cilium = codes(validate(spec).unwrap());
        assert!(
            on_cilium.iter().all(|c| c != "fqdn-needs-cilium"),
            "{on_cilium:?}"
        );
    }

    #[wasm_bindgen_test]
    fn to_yaml_writes_what_render_writes() {
        let rendering = wasm::render(EXAMPLE.into(), JsValue::UNDEFINED).unwrap();
        assert_eq!(
            wasm::to_yaml(get(&rendering, "manifests")).unwrap(),
            get(&rendering, "yaml").as_string().unwrap()
        );
        // Keys in kubectl's order, and quotes where YAML would read another type.
        let documents =
            JSON::parse(r#"[{"b": "true", "kind": "A", "a": [1, null]}, "x"]"#).unwrap();
        assert_eq!(
            wasm::to_yaml(documents).unwrap(),
            "kind: A\na:\n- 1\n- null\nb: \"true\"\n---\nx\n"
        );
        assert_eq!(wasm::to_yaml(Array::new().into()).unwrap(), "");
        for (value, named) in [
            (Object::new().into(), "an Object"),
            (JsValue::from_f64(1.0), "a number"),
        ] {
            let message = String::from(thrown(wasm::to_yaml(value).map(JsValue::from)).message());
            assert!(message.contains("toYaml takes an array"), "{message}");
            assert!(message.contains(named), "{message} should name {named}");
        }
    }

    #[wasm_bindgen_test]
    fn an_object_source_renders_without_spans() {
        let object =
            JSON::parse(r#"{"name": "demo", "image": "alpine:3.20", "cap_add": ["SYS_ADMIN"]}"#);
        let rendering = wasm::render(object.unwrap(), JsValue::UNDEFINED).unwrap();
        let all = diagnostics(get(&rendering, "diagnostics"));
        assert!(!all.is_empty());
        assert!(all.iter().all(|d| get(d, "span").is_null()));
    }
}

/// Hostile JS values (tests/wasm-package/hostile.mjs, shared with the package test): a revoked
/// Proxy, throwing traps and getters, hidden and Symbol keys, a Map, cycles, BigInt, a string far
/// over the limit. None may throw through Rust: each becomes an `Error` naming what failed.
mod hostile {
    use super::*;
    use js_sys::Function;

    /// `{ sources, options, documents }`, each an array of `[value, part of the message]`.
    fn values() -> JsValue {
        let module = include_str!("wasm-package/hostile.mjs");
        let body = module.replace("export default function", "return function");
        let make = Function::new_no_args(&body).call0(&JsValue::NULL).unwrap();
        make.dyn_into::<Function>()
            .unwrap()
            .call0(&JsValue::NULL)
            .unwrap()
    }

    /// One hostile call: the value, where it goes, and a part of the message it must throw.
    struct Case {
        kind: &'static str,
        value: JsValue,
        named: String,
    }

    impl Case {
        fn call(&self) -> Result<JsValue, wasm_bindgen::JsError> {
            let value = self.value.clone();
            match self.kind {
                "sources" => validate(value),
                "options" => wasm::render(example(), value),
                _ => wasm::to_yaml(value).map(JsValue::from),
            }
        }
    }

    fn cases() -> Vec<Case> {
        let values = values();
        ["sources", "options", "documents"]
            .into_iter()
            .flat_map(|kind| {
                Array::from(&get(&values, kind))
                    .to_vec()
                    .into_iter()
                    .map(move |pair| {
                        let pair = Array::from(&pair);
                        Case {
                            kind,
                            value: pair.get(0),
                            named: pair.get(1).as_string().unwrap(),
                        }
                    })
            })
            .collect()
    }

    fn example() -> JsValue {
        include_str!("fixtures/valid--k7-example.yaml").into()
    }

    fn memory_bytes() -> f64 {
        get(&get(&wasm_bindgen::memory(), "buffer"), "byteLength")
            .as_f64()
            .unwrap()
    }

    #[wasm_bindgen_test]
    fn each_throws_an_error_naming_what_failed() {
        for case in cases() {
            let message = String::from(thrown(case.call()).message());
            assert!(message.starts_with("k7-spec: "), "{message}");
            assert!(
                message.contains(&case.named),
                "{message} should name {}",
                case.named
            );
        }
    }

    /// No JS value may outlive its call (an exception used to leak one externref table slot, or
    /// unwind and leak the stack), so 1,000 calls show a leak exactly. 100,000 in the package
    /// test (tests/wasm-package/package.test.mjs): here, under Chromium's test driver, a call of
    /// this debug build takes about 5 ms, and the driver gives up on a page busy for 20 s.
    #[wasm_bindgen_test]
    fn a_thousand_leave_the_module_as_it_was() {
        let cases = cases();
        let expected = JSON::stringify(&validate(example()).unwrap()).unwrap();
        // Once each, so that the memory any of them needs is there before the count starts.
        for case in &cases {
            assert!(case.call().is_err());
        }
        let before = (memory_bytes(), wasm_bindgen::externref_heap_live_count());
        for i in 0..1_000 {
            assert!(cases[i % cases.len()].call().is_err());
        }
        let after = (memory_bytes(), wasm_bindgen::externref_heap_live_count());
        assert_eq!(
            after, before,
            "(wasm memory, live JS values) before and after"
        );
        let again = JSON::stringify(&validate(example()).unwrap()).unwrap();
        assert_eq!(again, expected);
    }
}
