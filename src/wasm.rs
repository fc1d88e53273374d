//! The JavaScript face: the only file that knows about wasm-bindgen and js-sys. Each export is a
//! thin call into the core; this file only converts, and only through JSON text, which the
//! engine's `JSON.stringify` and `JSON.parse` read and write natively:
//!
//! - A `source` is YAML or JSON text, or a plain object, read through its JSON text with every
//!   span then `null` (the user never saw that text).
//! - Options are a plain object read through its JSON text into [`RenderOptions`], whose serde
//!   form (unknown keys refused) is the TypeScript `RenderOptions`. Not with
//!   `serde_wasm_bindgen::from_value`: it reads only the fields a struct declares, so an unknown
//!   key (`cnii`) would pass unnoticed, and it refuses `{ cni: undefined }`, which TypeScript
//!   allows.
//! - Results are plain objects and arrays (no `Map`, `null` for `None`): see [`to_js`].
//! - Misuse (a number as `source`, an unknown option) throws a JavaScript `Error` naming it;
//!   a bad spec is never misuse, it is diagnostics.
//!
//! The TypeScript types are npm/types.d.ts, copied into the package's `k7_spec.d.ts` below.

use js_sys::{Array, JSON, Object, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::RenderOptions;
use crate::diagnostic::forget_spans;

// The TypeScript API lives in one file, which this section copies into the generated .d.ts.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("../npm/types.d.ts");

/// Checks a spec, for the cluster the options describe; see npm/types.d.ts.
#[wasm_bindgen(skip_typescript)]
pub fn validate(source: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let options = read_options(&options)?;
    let source = Source::read(&source)?;
    let mut diagnostics = crate::validate_with(&source.text, &options);
    if source.is_data {
        forget_spans(&mut diagnostics);
    }
    to_js(&diagnostics)
}

/// Validates and renders a spec; see npm/types.d.ts.
#[wasm_bindgen(skip_typescript)]
pub fn render(source: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let options = read_options(&options)?;
    let source = Source::read(&source)?;
    let mut rendering = crate::render(&source.text, &options);
    if source.is_data {
        forget_spans(&mut rendering.diagnostics);
    }
    to_js(&rendering)
}

/// An array of documents as one YAML stream, by the writer `render` uses; see npm/types.d.ts.
#[wasm_bindgen(js_name = toYaml, skip_typescript)]
pub fn to_yaml(documents: JsValue) -> Result<String, JsError> {
    // One value is not taken for a stream of one: an array would then be ambiguous.
    if !Array::is_array(&documents) {
        return Err(JsError::new(&format!(
            "k7-spec: toYaml takes an array of documents, such as rendering.manifests (one value \
             is [value]), got {}",
            describe(&documents)
        )));
    }
    let text = json_text(&documents, "toYaml's documents")?;
    let documents: Vec<serde_json::Value> = serde_json::from_str(&text)
        .map_err(|e| JsError::new(&format!("k7-spec: toYaml's documents cannot be read: {e}")))?;
    Ok(crate::to_yaml(&documents))
}

/// The options of `validate` and `render`: `undefined`, `null` or a plain object whose keys and
/// values the TypeScript `RenderOptions` allows (an `undefined` value is left out, as
/// `JSON.stringify` leaves it out).
fn read_options(value: &JsValue) -> Result<RenderOptions, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(RenderOptions::default());
    }
    if !is_plain(value) || Array::is_array(value) {
        return Err(JsError::new(&format!(
            "k7-spec: options must be an object such as {{ cni: \"flannel\" }}, got {}",
            describe(value)
        )));
    }
    let text = json_text(value, "options")?;
    // Through a `Value`, so that serde's message carries no line and column of a text the
    // caller never wrote; the text itself names the bad key and value.
    serde_json::from_str::<serde_json::Value>(&text)
        .and_then(RenderOptions::deserialize)
        .map_err(|e| JsError::new(&format!("k7-spec: invalid options {text}: {e}")))
}

/// The JSON Schema of a spec, as a plain object.
#[wasm_bindgen(skip_typescript)]
pub fn schema() -> Result<JsValue, JsError> {
    JSON::parse(crate::schema()).map_err(|_| JsError::new("k7-spec: the schema is not JSON"))
}

/// The crate's version, which the npm package shares.
#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// A `source` argument as text, and whether it came as data (a JS object) rather than text.
struct Source {
    text: String,
    is_data: bool,
}

impl Source {
    fn read(value: &JsValue) -> Result<Source, JsError> {
        if let Some(text) = value.as_string() {
            return Ok(Source {
                text,
                is_data: false,
            });
        }
        if Array::is_array(value) || is_plain(value) {
            let text = json_text(value, "source object")?;
            return Ok(Source {
                text,
                is_data: true,
            });
        }
        Err(JsError::new(&format!(
            "k7-spec: source must be YAML or JSON text or a plain object, got {}",
            describe(value)
        )))
    }
}

/// Whether a value is a plain object: its prototype is some realm's `Object.prototype`, or null.
fn is_plain(value: &JsValue) -> bool {
    value.is_object() && {
        let proto = Object::get_prototype_of(value);
        proto.is_null() || Object::get_prototype_of(&proto).is_null()
    }
}

/// A JS value's JSON text, as `JSON.stringify` writes it; `what` names the value in the error.
fn json_text(value: &JsValue, what: &str) -> Result<String, JsError> {
    JSON::stringify(value)
        .map_err(|e| {
            JsError::new(&format!(
                "k7-spec: {what} cannot be read as JSON: {}",
                error_message(&e)
            ))
        })
        .map(|text| text.as_string().unwrap_or_default())
}

/// How a misused value reads in an error message: "a number", "null", "a Map".
fn describe(value: &JsValue) -> String {
    if value.is_null() {
        return "null".into();
    }
    if value.is_undefined() {
        return "undefined".into();
    }
    if value.is_object() {
        let name = Reflect::get(&Object::get_prototype_of(value), &"constructor".into())
            .and_then(|c| Reflect::get(&c, &"name".into()))
            .ok()
            .and_then(|n| n.as_string())
            .filter(|n| !n.is_empty());
        return match name {
            Some(name) if name.starts_with(['A', 'E', 'I', 'O', 'U']) => format!("an {name}"),
            Some(name) => format!("a {name}"),
            None => "an object that is not plain".into(),
        };
    }
    let kind = value.js_typeof().as_string().unwrap_or_default();
    match kind.as_str() {
        "object" | "undefined" | "" => "a value of another kind".into(),
        k => format!("a {k}"),
    }
}

/// The message of a thrown JS value.
fn error_message(error: &JsValue) -> String {
    Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Converts a result into plain JS objects and arrays, `None` into `null`, through its JSON text:
/// one string crosses the boundary and the engine's `JSON.parse` builds the objects, where
/// serde-wasm-bindgen's serializer makes a call into JS for every value. Measured on `render`
/// of 1,000 and 10,000 entries: 1.6 KB smaller (gzip); 5 to 10% faster with LLVM's inline
/// threshold at 50, within noise at the package's "z" (Cargo.toml, [profile.wasm]), where
/// `JSON.parse` is 5% of the time.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let convert =
        |reason: String| JsError::new(&format!("k7-spec: cannot convert the result: {reason}"));
    let text = serde_json::to_string(value).map_err(|e| convert(e.to_string()))?;
    JSON::parse(&text).map_err(|e| convert(error_message(&e)))
}
