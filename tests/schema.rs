//! The JSON Schema's defaults are K7's: writing a field's `default` gives the same objects as
//! leaving the field out, on every backend the default matters to.

mod common;

use k7_spec::{RenderOptions, render};
use serde_json::{Value, json};

/// Specs that leave every defaulted field out: the platform default, then the backends and the
/// Docker daemon whose objects read `root_disk_size` and `docker_disk`.
fn bases() -> Vec<Value> {
    let minimal = json!({ "name": "demo", "image": "alpine:3.20", "egress_whitelist": [] });
    let with = |extra: Value| {
        let mut spec = minimal.clone();
        spec.as_object_mut()
            .expect("a mapping")
            .extend(extra.as_object().expect("a mapping").clone());
        spec
    };
    vec![
        minimal.clone(),
        with(json!({ "docker": true })),
        with(json!({ "backend": "kql" })),
        with(json!({ "backend": "kql", "docker": true })),
    ]
}

fn manifests(spec: &Value) -> Vec<Value> {
    let rendering = render(&spec.to_string(), &RenderOptions::default());
    assert!(rendering.ok, "{spec}: {:?}", rendering.diagnostics);
    rendering.manifests
}

#[test]
fn every_default_renders_as_the_field_left_out() {
    let schema: Value = serde_json::from_str(k7_spec::schema()).expect("JSON");
    let mut checked = 0;
    for field in common::FIELDS {
        let default = &schema["properties"][field.name]["default"];
        if default.is_null() {
            continue;
        }
        for base in bases() {
            if base.get(field.name).is_some() {
                continue;
            }
            let mut given = base.clone();
            given[field.name] = default.clone();
            assert_eq!(
                manifests(&given),
                manifests(&base),
                "{}: {default} is not what K7 does without it, in {base}",
                field.name
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked} defaults checked");
}
