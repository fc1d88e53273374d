//! The JavaScript face: the only file that knows about wasm-bindgen, js-sys and
//! serde-wasm-bindgen. Each export is a thin call into the core; this file only converts.
//!
//! - A `source` is YAML or JSON text, or a plain object, read through its JSON text with every
//!   span then `null` (the user never saw that text).
//! - Results are plain objects and arrays (`Serializer::json_compatible()`: no `Map`, `null`
//!   for `None`).
//! - Misuse (a number as `source`, an unknown option) throws a JavaScript `Error` naming it;
//!   a bad spec is never misuse, it is diagnostics.
//!
//! The TypeScript types are written by hand below, as API.md states them.

use js_sys::{Array, JSON, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::diagnostic::forget_spans;
use crate::{Cni, RenderOptions, Workload};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A point in the source text. */
export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units (what JS strings, CodeMirror and Monaco use). */
  column: number;
  /** 0-based offset from the start of the text, in UTF-16 code units. */
  offset: number;
}
/** A range of the source text; `end` is exclusive. */
export interface Span { start: Position; end: Position }
/** One finding about a spec. */
export interface Diagnostic {
  /** Stable kebab-case id, e.g. "invalid-cidr"; never reused. */
  code: string;
  severity: "error" | "warning" | "info";
  /** Lowercase start, no trailing period, names the bad value. */
  message: string;
  /** JSON Pointer (RFC 6901) into the spec: "/egress_whitelist/2". */
  path: string;
  /** `null` only when the input had no text (a JS object). */
  span: Span | null;
  /** How to fix it, when there is a fix to suggest. */
  help: string | null;
}
export interface RenderOptions {
  /** The cluster's CNI; default "cilium". FQDN egress entries need Cilium. */
  cni?: "cilium" | "flannel";
  /** Default "pod": the sandbox pod; "deployment": K7's object. */
  workload?: "pod" | "deployment";
}
export interface Rendering {
  /** false when any diagnostic is an error. */
  ok: boolean;
  /** Sorted by position, then code. */
  diagnostics: Diagnostic[];
  /** Kubernetes objects in apply order; [] when !ok. */
  manifests: object[];
  /** The manifests as one multi-document YAML stream; "" when !ok. */
  yaml: string;
  /** null when !ok. */
  explanation: Explanation | null;
}
export interface Explanation {
  egress: {
    mode: "open" | "blocked" | "cidr-only" | "fqdn";
    dns: "allowed" | "blocked" | "cluster-dns";
    /** Normalised CIDRs that stay reachable. */
    ranges: string[];
    /** FQDN patterns that stay reachable. */
    names: string[];
    /** One sentence a newcomer understands. */
    summary: string;
    /** The consequences, one sentence each. */
    details: string[];
  };
  ingress: { summary: string; details: string[] };
  security: {
    /** Pod Security Standards level met. */
    level: "restricted" | "baseline" | "privileged";
    summary: string;
    details: string[];
  };
  /** start, before_script, locked down. */
  phases: { name: string; egress: string; summary: string }[];
}

/**
 * Checks a spec: YAML or JSON text, or a plain object already parsed (then every span is null).
 * Returns the diagnostics sorted by position, then code. Throws an `Error` only for misuse,
 * such as a number as `source`.
 */
export function validate(source: string | object): Diagnostic[];
/**
 * Validates a spec and renders it: the diagnostics, the Kubernetes manifests (as objects and as
 * one YAML stream) and a plain-language explanation. Throws an `Error` only for misuse, such as
 * an unknown option value.
 */
export function render(source: string | object, options?: RenderOptions): Rendering;
/** The JSON Schema (draft 2020-12) of a spec, with a description and an example per field. */
export function schema(): object;
/** The version of k7-spec, the same for the crate and the npm package. */
export function version(): string;
"#;

/// Checks a spec; see the TypeScript above.
#[wasm_bindgen(skip_typescript)]
pub fn validate(source: JsValue) -> Result<JsValue, JsError> {
    let source = Source::read(&source)?;
    let mut diagnostics = crate::validate(&source.text);
    if source.is_data {
        forget_spans(&mut diagnostics);
    }
    to_js(&diagnostics)
}

/// Validates and renders a spec; see the TypeScript above.
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

/// `render`'s options: `undefined`, `null` or a plain object of known keys and values.
fn read_options(value: &JsValue) -> Result<RenderOptions, JsError> {
    let mut options = RenderOptions::default();
    if value.is_undefined() || value.is_null() {
        return Ok(options);
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(JsError::new(&format!(
            "k7-spec: options must be an object such as {{ cni: \"flannel\" }}, got {}",
            describe(value)
        )));
    }
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        let given = Reflect::get(value, &key.as_str().into()).unwrap_or(JsValue::UNDEFINED);
        if given.is_undefined() {
            continue;
        }
        let text = given.as_string();
        let bad = |allowed: &str| {
            let got = text
                .as_ref()
                .map_or_else(|| describe(&given), |s| format!("{s:?}"));
            JsError::new(&format!(
                "k7-spec: option `{key}` must be {allowed}, got {got}"
            ))
        };
        match key.as_str() {
            "cni" => {
                options.cni = match text.as_deref() {
                    Some("cilium") => Cni::Cilium,
                    Some("flannel") => Cni::Flannel,
                    _ => return Err(bad("\"cilium\" or \"flannel\"")),
                }
            }
            "workload" => {
                options.workload = match text.as_deref() {
                    Some("pod") => Workload::Pod,
                    Some("deployment") => Workload::Deployment,
                    _ => return Err(bad("\"pod\" or \"deployment\"")),
                }
            }
            _ => {
                return Err(JsError::new(&format!(
                    "k7-spec: unknown render option `{key}`: the options are cni and workload"
                )));
            }
        }
    }
    Ok(options)
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
        if value.is_object() && !value.is_null() {
            let plain = Array::is_array(value) || {
                // A plain object's prototype is some realm's Object.prototype, or null.
                let proto = Object::get_prototype_of(value);
                proto.is_null() || Object::get_prototype_of(&proto).is_null()
            };
            if !plain {
                return Err(JsError::new(&format!(
                    "k7-spec: source must be YAML or JSON text or a plain object, got {}",
                    describe(value)
                )));
            }
            let text = JSON::stringify(value)
                .map_err(|e| {
                    JsError::new(&format!(
                        "k7-spec: source object cannot be read as JSON: {}",
                        error_message(&e)
                    ))
                })?
                .as_string()
                .unwrap_or_default();
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

/// Converts a result into plain JS objects and arrays, `None` into `null`.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("k7-spec: cannot convert the result: {e}")))
}
