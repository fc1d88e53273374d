//! The JSON Schema (draft-07, as the SchemaStore catalog and the editors read it) of the spec,
//! generated from [`FIELDS`] and the validator's own tables, so the schema that editors use and
//! the validator cannot drift apart.
//!
//! The schema is deliberately never stricter than the validator: whatever `validate` accepts
//! without an error, the schema accepts too, so an editor using it shows no false alarms. The
//! validator says more (CIDRs, images, scripts, the rules between fields); the schema is for
//! completion, hover text and the mistakes a pattern can see (types, names, quantities). Besides draft-07 it carries the keywords
//! editors read: `markdownDescription`, `enumDescriptions` and `markdownEnumDescriptions`
//! (VS Code's JSON service, yaml-language-server), `deprecated` with a `deprecationMessage`, and
//! `doNotSuggest` on spellings that are accepted but should not be offered.

use std::sync::OnceLock;

use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::{Value, json};

use crate::scalar::YAML11_BOOLEANS;
use crate::spec::{BACKEND_NAMES, Backend, DNS_LABEL_PATTERN, FIELDS, FieldInfo, Kind};
use crate::validate::CAPABILITIES;

/// Where the schema is published: the file the npm package ships, as the npm CDN serves it.
const SCHEMA_ID: &str = "https://unpkg.com/k7-spec/k7-spec.schema.json";

/// One key of `limits`: what it means, the spellings the validator accepts for it (K7's quantity
/// parser: digits and a unit; then the units that make sense for the key), typical values. The
/// keys are the validator's `LIMIT_KEYS` (a test checks that both name the same keys, in the
/// same order; the package's tests compare the patterns with `validate` value by value).
struct LimitKey {
    key: &'static str,
    about: &'static str,
    pattern: &'static str,
    examples: &'static [&'static str],
}

const LIMITS: [LimitKey; 3] = [
    LimitKey {
        key: "cpu",
        about: "CPU limit and request: whole cores (`\"2\"`) or millicores (`\"500m\"`).",
        pattern: "^[0-9]+m?$",
        examples: &["500m", "1", "2"],
    },
    LimitKey {
        key: "memory",
        about: "Memory limit and request in `Ki`, `Mi` or `Gi`; the Kata backends (`kfd`, `kql`) need at least `256Mi`.",
        pattern: "^[0-9]+(M|Ki|Mi|Gi)?$",
        examples: &["512Mi", "1Gi", "4Gi"],
    },
    LimitKey {
        key: "ephemeral-storage",
        about: "Ephemeral storage limit and request, such as `10Gi`.",
        pattern: "^[0-9]+(M|Ki|Mi|Gi)?$",
        examples: &["1Gi", "10Gi"],
    },
];

/// The sizes the validator accepts for `root_disk_size` and `docker_disk`: digits and a binary
/// unit up to `Ti`, or none.
const DISK_SIZE_PATTERN: &str = "^[0-9]+(Ki|Mi|Gi|Ti)?$";

/// The forms of an `ingress_from` source: its prefix, what it admits, an example (a test
/// checks each against the validator's parser).
const SOURCES: [(&str, &str, &str); 3] = [
    (
        "sandbox:",
        "Another sandbox of the same namespace, by name: `sandbox:web`.",
        "sandbox:client",
    ),
    (
        "namespace:",
        "Every pod of a namespace: `namespace:monitoring`.",
        "namespace:monitoring",
    ),
    (
        "cidr:",
        "Addresses in a range, such as clients outside the cluster: `cidr:10.0.0.0/8`.",
        "cidr:10.0.0.0/8",
    ),
];

/// The JSON Schema (draft-07) of a sandbox spec, with a description (plain and Markdown), an
/// example and K7's default for every field. Point a YAML editor at it with a comment on the
/// first line of `k7.yaml`: `# yaml-language-server: $schema=<path or URL of k7-spec.schema.json>`.
///
/// ```
/// let schema: serde_json::Value = serde_json::from_str(k7_spec::schema()).unwrap();
/// assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
/// assert_eq!(schema["required"], serde_json::json!(["name", "image"]));
/// assert_eq!(schema["properties"]["namespace"]["default"], "default");
/// assert!(schema["properties"]["egress_whitelist"]["markdownDescription"].is_string());
/// ```
pub fn schema() -> &'static str {
    static SCHEMA: OnceLock<String> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let about = "A K7 sandbox spec (`k7.yaml`): one mapping of the fields below. \
                     Check it fully with `k7-spec validate`.";
        let document = Document {
            schema: "http://json-schema.org/draft-07/schema#",
            id: SCHEMA_ID,
            title: "K7 sandbox spec",
            description: plain(about),
            markdown_description: about,
            kind: "object",
            required: FIELDS
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name)
                .collect(),
            properties: Properties,
            additional_properties: false,
        };
        // Serialising plain data to a string cannot fail; an empty string would fail the tests.
        serde_json::to_string_pretty(&document).unwrap_or_default()
    })
}

#[derive(Serialize)]
struct Document {
    #[serde(rename = "$schema")]
    schema: &'static str,
    #[serde(rename = "$id")]
    id: &'static str,
    title: &'static str,
    description: String,
    #[serde(rename = "markdownDescription")]
    markdown_description: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    required: Vec<&'static str>,
    properties: Properties,
    #[serde(rename = "additionalProperties")]
    additional_properties: bool,
}

/// The fields in the documentation's order (a `serde_json::Map` would sort them).
struct Properties;

impl Serialize for Properties {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(FIELDS.len()))?;
        for field in FIELDS {
            map.serialize_entry(field.name, &property(field))?;
        }
        map.end()
    }
}

/// Markdown written as the field table writes it (code spans, nothing else) as plain text.
fn plain(markdown: &str) -> String {
    markdown.replace('`', "")
}

/// A JSON text from the field table; the tests parse every one of them.
fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// The descriptions of a schema: `description` in plain text, `markdownDescription` as written.
fn described(mut schema: Value, markdown: &str) -> Value {
    schema["description"] = json!(plain(markdown));
    schema["markdownDescription"] = json!(markdown);
    schema
}

/// The schema of one field.
fn property(field: &FieldInfo) -> Value {
    let mut schema = value_schema(field);
    // The validator reads `key: null` (or `key:` alone) as an absent key.
    if !field.required {
        nullable(&mut schema);
    }
    let default = field
        .default
        .map(|d| format!("Default: `{}`.", d.trim_matches('"')));
    let markdown = [
        field.deprecated,
        Some(field.description),
        default.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    schema = described(schema, &markdown);
    // Editors head the hover text with the closest title: the field's, not the document's.
    schema["title"] = json!(field.name);
    schema["examples"] = json!([parse(field.example)]);
    if let Some(default) = field.default {
        schema["default"] = parse(default);
    }
    if let Some(why) = field.deprecated {
        schema["deprecated"] = json!(true);
        schema["deprecationMessage"] = json!(plain(why));
    }
    schema
}

/// Lets a schema accept null too: an alternative of its own beside other alternatives, else
/// null among the enum's values and a nullable type (a union that Ajv's strict mode, as the
/// SchemaStore catalog runs it, allows; editors then describe the field from its
/// `markdownDescription`, which they skip for alternatives).
fn nullable(schema: &mut Value) {
    if let Some(Value::Array(alternatives)) = schema.get_mut("anyOf") {
        alternatives.push(json!({ "type": "null" }));
        return;
    }
    if let Some(Value::Array(values)) = schema.get_mut("enum") {
        values.push(Value::Null);
    }
    if let Some(kind) = schema.get("type").cloned() {
        schema["type"] = json!([kind, "null"]);
    }
}

/// What a field's value may be. What the validator knows beyond the type is added where it is
/// exact enough for a schema (an error in the schema must be an error in the validator).
fn value_schema(field: &FieldInfo) -> Value {
    match (field.name, field.kind) {
        ("name" | "namespace", _) => json!({
            "type": "string",
            "pattern": DNS_LABEL_PATTERN,
            "maxLength": 63
        }),
        ("node_name" | "runtime_class_name", _) => {
            // A DNS-1123 subdomain: labels joined by dots, at most 253 characters.
            let label = DNS_LABEL_PATTERN
                .trim_start_matches('^')
                .trim_end_matches('$');
            json!({
                "type": "string",
                "pattern": format!("^{label}(\\.{label})*$"),
                "maxLength": 253
            })
        }
        ("root_disk_size" | "docker_disk", _) => {
            json!({ "type": "string", "pattern": DISK_SIZE_PATTERN })
        }
        ("sidecar", _) => json!({ "type": "string", "enum": ["docker"] }),
        ("backend", _) => backends(),
        ("limits", _) => limits(),
        ("cap_drop" | "cap_add", _) => {
            // Capabilities are case-insensitive and may carry `CAP_` (a warning), so the names
            // are offered for completion without refusing other spellings.
            let names: Vec<&str> = CAPABILITIES.iter().copied().chain(["ALL"]).collect();
            json!({
                "type": "array",
                "items": { "anyOf": [{ "type": "string", "enum": names }, { "type": "string" }] }
            })
        }
        ("ingress_from", _) => {
            let forms: Vec<Value> = SOURCES
                .iter()
                .map(|(prefix, about, example)| {
                    let form = json!({
                        "type": "string",
                        "pattern": format!("^{prefix}"),
                        "examples": [example]
                    });
                    described(form, about)
                })
                .collect();
            json!({ "type": "array", "items": { "anyOf": forms } })
        }
        (_, Kind::Str) => json!({ "type": "string" }),
        (_, Kind::Bool) => booleans(),
        (_, Kind::StrList) => json!({ "type": "array", "items": { "type": "string" } }),
        (_, Kind::PortList) => json!({
            "type": "array",
            "items": { "type": "integer", "minimum": 1, "maximum": 65535 }
        }),
        (_, Kind::StrMap) => {
            json!({ "type": "object", "additionalProperties": { "type": "string" } })
        }
        (_, Kind::MapList) => json!({ "type": "array", "items": { "type": "object" } }),
    }
}

/// `true` or `false`, and the YAML 1.1 spellings K7's loader also reads as booleans (`yes`,
/// `off`, ...), which YAML 1.2 tools read as strings: a warning in the validator, so accepted,
/// but deprecated.
fn booleans() -> Value {
    let spellings: Vec<&str> = YAML11_BOOLEANS.iter().map(|(text, _)| *text).collect();
    let why = "K7's YAML 1.1 loader reads this as a boolean, but YAML 1.2 tools read a string: write `true` or `false`.";
    with_deprecated(
        json!({ "type": "boolean" }),
        vec![(spellings, why.to_owned())],
    )
}

/// The backend names, each described, and the deprecated aliases, each with its replacement.
fn backends() -> Value {
    let (deprecated, current): (Vec<_>, Vec<_>) =
        BACKEND_NAMES.iter().partition(|(_, _, old)| *old);
    let about: Vec<String> = current
        .iter()
        .map(|&&(name, backend, _)| {
            if name == backend.canonical() {
                about_backend(backend)
            } else {
                format!("Alias of `{}`.", backend.canonical())
            }
        })
        .collect();
    let names = json!({
        "type": "string",
        "enum": current.iter().map(|(name, _, _)| name).collect::<Vec<_>>(),
        "enumDescriptions": about.iter().map(|a| plain(a)).collect::<Vec<_>>(),
        "markdownEnumDescriptions": about,
    });
    let aliases = deprecated
        .iter()
        .map(|&&(name, backend, _)| {
            let why = format!(
                "The backend alias `{name}` is deprecated: write `{}`.",
                backend.canonical()
            );
            (vec![name], why)
        })
        .collect();
    with_deprecated(names, aliases)
}

/// The values `current` allows, and deprecated strings accepted beside them, each group with
/// its message. The deprecated strings are patterns, which editors neither offer nor list as
/// allowed values, and their messages hang on `if` (an `enum` or `const` would be offered): so
/// yaml-language-server shows the message alone on such a value, and keeps its "Value is not
/// accepted" with the current values for a string that is neither.
fn with_deprecated(current: Value, deprecated: Vec<(Vec<&str>, String)>) -> Value {
    let words: Vec<&str> = deprecated
        .iter()
        .flat_map(|(w, _)| w.iter().copied())
        .collect();
    let messages: Vec<Value> = deprecated
        .iter()
        .map(|(words, why)| {
            json!({
                "if": { "type": "string", "pattern": one_of(words) },
                "then": { "deprecated": true, "deprecationMessage": plain(why) }
            })
        })
        .collect();
    json!({
        "anyOf": [
            current,
            { "type": "string", "pattern": one_of(&words), "deprecated": true, "doNotSuggest": true }
        ],
        "allOf": messages
    })
}

/// A pattern matching exactly these words (letters and `-`: nothing to escape).
fn one_of(words: &[&str]) -> String {
    format!("^({})$", words.join("|"))
}

/// One backend, for its entry in the completion list.
fn about_backend(backend: Backend) -> String {
    let what = match backend {
        Backend::Kfd => {
            "Kata Containers in a Firecracker VM with a devmapper root disk: the platform default."
        }
        Backend::Kql => {
            "Kata Containers in a QEMU VM with a Longhorn root volume (`root_disk_size`); the only backend that runs `entrypoint` and `cmd`."
        }
        Backend::K7d => "K7's own VM runtime; the VM is sized from the pod's limits.",
        Backend::K7dFc => "K7's VM runtime on Firecracker; it refuses `volumes`.",
    };
    format!(
        "{what} Runtime class `{}`.",
        backend.default_runtime_class()
    )
}

/// `limits`: the keys the validator knows, each described; the values are strings (K7 refuses
/// an unquoted number).
fn limits() -> Value {
    let properties: serde_json::Map<String, Value> = LIMITS
        .iter()
        .map(|limit| {
            let value = json!({
                "type": "string",
                "pattern": limit.pattern,
                "examples": limit.examples
            });
            (limit.key.to_owned(), described(value, limit.about))
        })
        .collect();
    json!({ "type": "object", "properties": properties, "additionalProperties": false })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{LIMIT_KEYS, Source, parse_source};

    fn parsed() -> Value {
        serde_json::from_str(schema()).expect("the schema is JSON")
    }

    #[test]
    fn every_field_has_descriptions_and_a_parsable_example_and_default() {
        let schema = parsed();
        let properties = schema["properties"].as_object().expect("properties");
        assert_eq!(properties.len(), FIELDS.len());
        for field in FIELDS {
            let property = &properties[field.name];
            let markdown = property["markdownDescription"].as_str().expect("markdown");
            assert!(markdown.contains(field.description), "{}", field.name);
            assert_eq!(property["description"], plain(markdown), "{}", field.name);
            let example: Value = serde_json::from_str(field.example)
                .unwrap_or_else(|e| panic!("{}: example is not JSON: {e}", field.name));
            assert_eq!(property["examples"], json!([example]), "{}", field.name);
            if let Some(default) = field.default {
                let default: Value = serde_json::from_str(default)
                    .unwrap_or_else(|e| panic!("{}: default is not JSON: {e}", field.name));
                assert_eq!(property["default"], default, "{}", field.name);
            }
        }
    }

    /// `plain` only drops backticks, so outside code spans the descriptions hold nothing that
    /// Markdown would render differently from plain text.
    #[test]
    fn descriptions_are_markdown_with_code_spans_only() {
        let texts = FIELDS
            .iter()
            .flat_map(|f| [f.description].into_iter().chain(f.deprecated))
            .chain(LIMITS.iter().map(|limit| limit.about))
            .chain(SOURCES.iter().map(|(_, about, _)| *about));
        for text in texts {
            assert_eq!(text.matches('`').count() % 2, 0, "{text}");
            for (i, outside) in text.split('`').enumerate().step_by(2) {
                assert!(
                    !outside.contains(['<', '>', '*', '_', '[', ']', '|', '\\', '#']),
                    "{text}: part {i} needs a code span"
                );
            }
        }
    }

    #[test]
    fn properties_keep_the_documentation_order() {
        let names: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        let mut at = 0;
        for name in names {
            let found = schema()[at..]
                .find(&format!("\n    \"{name}\": {{"))
                .unwrap_or_else(|| panic!("{name} out of order"));
            at += found + 1;
        }
    }

    #[test]
    fn unknown_keys_are_refused_as_the_validator_does() {
        assert_eq!(parsed()["additionalProperties"], false);
    }

    #[test]
    fn limits_describe_the_keys_the_validator_knows() {
        let described: Vec<&str> = LIMITS.iter().map(|limit| limit.key).collect();
        assert_eq!(described, LIMIT_KEYS);
    }

    #[test]
    fn ingress_source_forms_are_the_parsers() {
        let kinds: Vec<Source> = SOURCES
            .iter()
            .map(|(prefix, _, example)| {
                assert!(example.starts_with(prefix));
                parse_source(example).unwrap_or_else(|e| panic!("{example}: {e}"))
            })
            .collect();
        assert!(matches!(
            kinds[..],
            [Source::Sandbox(_), Source::Namespace(_), Source::Cidr(_)]
        ));
        assert!(parse_source("pod:web").is_err());
    }

    #[test]
    fn every_backend_name_is_offered_or_deprecated() {
        let schema = parsed();
        let alternatives = schema["properties"]["backend"]["anyOf"]
            .as_array()
            .expect("alternatives");
        for &(name, _, deprecated) in BACKEND_NAMES {
            let offered = alternatives[0]["enum"]
                .as_array()
                .expect("enum")
                .contains(&json!(name));
            let marked = schema["properties"]["backend"]["allOf"]
                .as_array()
                .expect("messages")
                .iter()
                .any(|m| m["if"]["pattern"] == one_of(&[name]) && m["then"]["deprecated"] == true);
            assert_eq!((offered, marked), (!deprecated, deprecated), "{name}");
        }
    }
}
