//! Places in a spec's text and the changes a fix or an editor makes to it: positions and spans
//! (in UTF-16 units, as editors count), operations on the spec (what a fix plans) and
//! replacements of the text (what an editor applies). Types only: `edit` applies the changes,
//! diagnostics carry all of them.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value as Json;

/// A point in the source text.
///
/// `line` and `column` are 1-based; `column` and `offset` count UTF-16 code units, the unit of
/// JavaScript strings, CodeMirror and Monaco, so a position can index the editor's text directly.
/// `offset` is 0-based from the start of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in UTF-16 code units.
    pub column: u32,
    /// 0-based offset from the start of the text, in UTF-16 code units.
    pub offset: u32,
}

/// A range of the source text; `end` is exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// First position of the range.
    pub start: Position,
    /// Position just after the range.
    pub end: Position,
}

/// One change to a spec's text. Its serde form is an object with the operation's name under
/// `op`: `{"op": "set", "path": "/pod_non_root", "value": true}`; unknown keys are refused.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum Operation {
    /// Sets the value at `path`, adding the key (or the list's next item) when it is missing.
    Set {
        /// JSON Pointer: `/pod_non_root`, `/limits/cpu`, `/egress_whitelist/2`.
        path: String,
        /// The new value.
        value: Json,
    },
    /// Inserts `value` into a list before the item at `path` (`/egress_whitelist/0`).
    Insert {
        /// JSON Pointer to a list item; the list's length appends.
        path: String,
        /// The new item.
        value: Json,
    },
    /// Appends `value` to the list at `path`, creating the list when it is missing.
    Append {
        /// JSON Pointer to a list.
        path: String,
        /// The new item.
        value: Json,
    },
    /// Removes the key or list item at `path`.
    Remove {
        /// JSON Pointer.
        path: String,
    },
    /// Renames the key at `path` to `to`, keeping its value.
    Rename {
        /// JSON Pointer to a key.
        path: String,
        /// The new key.
        to: String,
    },
    /// Replaces the text between two UTF-16 offsets.
    Replace {
        /// UTF-16 offset where the replaced text starts.
        start: u32,
        /// UTF-16 offset just after it.
        end: u32,
        /// The new text.
        text: String,
    },
}

// Read by hand from a JSON value rather than derived: serde's derive of an internally tagged enum
// buffers the object through its `Content` type first, 15 KB of the browser's wasm
// (docs/benchmarks.md#two-modules). The messages are serde's.
impl<'de> Deserialize<'de> for Operation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Operation::read(Json::deserialize(deserializer)?).map_err(D::Error::custom)
    }
}

impl Operation {
    /// The operations' names under `op`, and each one's other keys.
    const FORMS: [(&str, &[&str]); 6] = [
        ("set", &["path", "value"]),
        ("insert", &["path", "value"]),
        ("append", &["path", "value"]),
        ("remove", &["path"]),
        ("rename", &["path", "to"]),
        ("replace", &["start", "end", "text"]),
    ];

    /// An operation from its serde form.
    fn read(json: Json) -> Result<Operation, String> {
        let Json::Object(mut fields) = json else {
            let kind = match json {
                Json::Null => "null",
                Json::Bool(_) => "a boolean",
                Json::Number(_) => "a number",
                Json::String(_) => "a string",
                _ => "an array",
            };
            return Err(format!(
                "invalid type: {kind}, expected an operation such as {{\"op\": \"remove\", \"path\": \"/cap_add\"}}"
            ));
        };
        let op = String::deserialize(fields.get("op").ok_or("missing field `op`")?)
            .map_err(|e| e.to_string())?;
        let Some((_, keys)) = Self::FORMS.iter().find(|(name, _)| *name == op) else {
            let names: Vec<String> = Self::FORMS.iter().map(|(n, _)| format!("`{n}`")).collect();
            return Err(format!(
                "unknown variant `{op}`, expected one of {}",
                names.join(", ")
            ));
        };
        if let Some(key) = fields
            .keys()
            .find(|k| *k != "op" && !keys.contains(&k.as_str()))
        {
            let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
            return Err(format!(
                "unknown field `{key}`, expected {}",
                match keys.as_slice() {
                    [one] => one.clone(),
                    [first, second] => format!("{first} or {second}"),
                    _ => format!("one of {}", keys.join(", ")),
                }
            ));
        }
        // Taken in place, not removed: the map's removal is 1 KB of the wasm this reader needs not.
        let mut take = |key: &str| {
            fields
                .get_mut(key)
                .map(Json::take)
                .ok_or_else(|| format!("missing field `{key}`"))
        };
        // Through `&Json`, as the options are read (`OptionFields`): one deserializer in the wasm.
        let text = |json: Json| String::deserialize(&json).map_err(|e| e.to_string());
        let offset = |json: Json| u32::deserialize(&json).map_err(|e| e.to_string());
        Ok(match op.as_str() {
            "set" => Operation::Set {
                path: text(take("path")?)?,
                value: take("value")?,
            },
            "insert" => Operation::Insert {
                path: text(take("path")?)?,
                value: take("value")?,
            },
            "append" => Operation::Append {
                path: text(take("path")?)?,
                value: take("value")?,
            },
            "remove" => Operation::Remove {
                path: text(take("path")?)?,
            },
            "rename" => Operation::Rename {
                path: text(take("path")?)?,
                to: text(take("to")?)?,
            },
            _ => Operation::Replace {
                start: offset(take("start")?)?,
                end: offset(take("end")?)?,
                text: text(take("text")?)?,
            },
        })
    }
}

/// One replacement in a text, as CodeMirror and Monaco apply it: the UTF-16 span replaced and
/// the new text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextEdit {
    /// The replaced range of the text the edit applies to.
    pub span: Span,
    /// The text that replaces it.
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The serde form is the derived serializer's (an internally tagged enum): every operation
    /// reads back as itself.
    #[test]
    fn operations_read_back_from_their_serde_form() {
        let operations = [
            Operation::Set {
                path: "/pod_non_root".into(),
                value: Json::Null,
            },
            Operation::Insert {
                path: "/egress_whitelist/0".into(),
                value: json!({"a": [1, "b"]}),
            },
            Operation::Append {
                path: "/cap_drop".into(),
                value: "ALL".into(),
            },
            Operation::Remove {
                path: "/cap_add/0".into(),
            },
            Operation::Rename {
                path: "/limits/cpus".into(),
                to: "cpu".into(),
            },
            Operation::Replace {
                start: 0,
                end: u32::MAX,
                text: "name: a\n".into(),
            },
        ];
        let text = serde_json::to_string(&operations).unwrap();
        let read: Vec<Operation> = serde_json::from_str(&text).unwrap();
        assert_eq!(read, operations);
    }

    /// Misuse is refused with serde's wording, naming the key or value.
    #[test]
    fn misused_operations_are_refused() {
        let error = |json: Json| {
            serde_json::from_value::<Operation>(json)
                .unwrap_err()
                .to_string()
        };
        for (json, message) in [
            (
                json!([]),
                "invalid type: an array, expected an operation such as",
            ),
            (json!({"path": "/a"}), "missing field `op`"),
            (
                json!({"op": 1}),
                "invalid type: integer `1`, expected a string",
            ),
            (
                json!({"op": "explode"}),
                "unknown variant `explode`, expected one of `set`, `insert`",
            ),
            (json!({"op": "set", "path": "/a"}), "missing field `value`"),
            (
                json!({"op": "set", "path": "/a", "value": 1, "to": "b"}),
                "unknown field `to`, expected `path` or `value`",
            ),
            (
                json!({"op": "remove", "path": "/a", "value": 1}),
                "unknown field `value`, expected `path`",
            ),
            (
                json!({"op": "replace", "start": 0, "end": 1, "txt": ""}),
                "unknown field `txt`, expected one of `start`, `end`, `text`",
            ),
            (
                json!({"op": "replace", "start": -1, "end": 1, "text": ""}),
                "invalid value: integer `-1`, expected u32",
            ),
            (
                json!({"op": "rename", "path": "/a", "to": null}),
                "invalid type: null, expected a string",
            ),
        ] {
            let got = error(json.clone());
            assert!(got.starts_with(message), "{json}: {got}");
        }
    }
}
