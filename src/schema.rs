//! The JSON Schema (draft 2020-12) of the spec, generated from [`FIELDS`] and the validator's
//! own tables, so the schema that editors use and the validator cannot drift apart.
//!
//! The schema is deliberately never stricter than the validator: whatever `validate` accepts
//! without an error, the schema accepts too, so an editor using it shows no false alarms. The
//! validator says more (CIDRs, quantities, the rules between fields); the schema is for
//! completion, hover text and the obvious mistakes.

use std::sync::OnceLock;

use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::{Value, json};

use crate::spec::{BACKEND_NAMES, DNS_LABEL_PATTERN, FIELDS, FieldInfo, Kind, LIMIT_KEYS};
use crate::validate::CAPABILITIES;

/// The JSON Schema (draft 2020-12) of a sandbox spec, with a description and an example for
/// every field. Point a YAML editor at it with a comment on the first line of `k7.yaml`:
/// `# yaml-language-server: $schema=<path or URL of k7-spec.schema.json>`.
///
/// ```
/// let schema: serde_json::Value = serde_json::from_str(k7_spec::schema()).unwrap();
/// assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
/// assert_eq!(schema["required"], serde_json::json!(["name", "image"]));
/// assert!(schema["properties"]["egress_whitelist"]["description"].is_string());
/// ```
pub fn schema() -> &'static str {
    static SCHEMA: OnceLock<String> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let document = Document {
            schema: "https://json-schema.org/draft/2020-12/schema",
            title: "K7 sandbox spec",
            description: "A K7 sandbox spec (k7.yaml): one mapping of the fields below. \
                          Check it fully with `k7-spec validate`.",
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
    title: &'static str,
    description: &'static str,
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

/// The schema of one field.
fn property(field: &FieldInfo) -> Value {
    let mut schema = match field.kind {
        Kind::Str => json!({ "type": "string" }),
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::StrList => json!({ "type": "array", "items": { "type": "string" } }),
        Kind::PortList => json!({
            "type": "array",
            "items": { "type": "integer", "minimum": 1, "maximum": 65535 }
        }),
        Kind::StrMap => json!({ "type": "object", "additionalProperties": { "type": "string" } }),
        Kind::MapList => json!({ "type": "array", "items": { "type": "object" } }),
    };
    refine(field.name, &mut schema);
    // The validator reads `key: null` (or `key:` alone) as an absent key.
    if !field.required {
        if let Some(kind) = schema.get("type").cloned() {
            schema["type"] = json!([kind, "null"]);
        }
        if let Some(Value::Array(values)) = schema.get_mut("enum") {
            values.push(Value::Null);
        }
    }
    schema["description"] = json!(field.description);
    schema["examples"] =
        json!([serde_json::from_str::<Value>(field.example).unwrap_or(Value::Null)]);
    schema
}

/// What the validator knows about a field beyond its type, where it is exact enough for a
/// schema (an error in the schema must be an error in the validator).
fn refine(name: &str, schema: &mut Value) {
    match name {
        "name" | "namespace" => {
            schema["pattern"] = json!(DNS_LABEL_PATTERN);
            schema["maxLength"] = json!(63);
        }
        "backend" => {
            schema["enum"] = BACKEND_NAMES.iter().map(|(n, _, _)| json!(n)).collect();
        }
        "limits" => {
            schema["propertyNames"] = json!({ "enum": LIMIT_KEYS });
        }
        "cap_drop" | "cap_add" => {
            // Capabilities are case-insensitive and may carry `CAP_` (a warning), so the names
            // are offered for completion without refusing other spellings.
            let names: Vec<&str> = CAPABILITIES.iter().copied().chain(["ALL"]).collect();
            schema["items"] = json!({ "anyOf": [{ "enum": names }, { "type": "string" }] });
        }
        "ingress_from" => {
            schema["items"] = json!({ "type": "string", "pattern": "^(sandbox|namespace|cidr):" });
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed() -> Value {
        serde_json::from_str(schema()).expect("the schema is JSON")
    }

    #[test]
    fn every_field_has_a_description_and_a_parsable_example() {
        let schema = parsed();
        let properties = schema["properties"].as_object().expect("properties");
        assert_eq!(properties.len(), FIELDS.len());
        for field in FIELDS {
            let property = &properties[field.name];
            assert_eq!(property["description"], field.description, "{}", field.name);
            let example: Value = serde_json::from_str(field.example)
                .unwrap_or_else(|e| panic!("{}: example is not JSON: {e}", field.name));
            assert_eq!(property["examples"], json!([example]), "{}", field.name);
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
}
