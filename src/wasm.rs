//! The JavaScript face: the only file that knows about wasm-bindgen and js-sys. Each export is a
//! thin call into the core; this file only converts, and only through JSON text, which the
//! engine's `JSON.stringify` and `JSON.parse` read and write natively:
//!
//! - A `source` is YAML or JSON text, or a plain object, read through its JSON text with every
//!   span then `null` (the user never saw that text).
//! - Options are a plain object whose own keys are read one by one, each value through its JSON
//!   text, into [`RenderOptions`], whose serde form (unknown keys refused) is the TypeScript
//!   `RenderOptions`. Not with `serde_wasm_bindgen::from_value`: it reads only the fields a
//!   struct declares, so an unknown key (`cnii`) would pass unnoticed, and it refuses
//!   `{ cni: undefined }`, which TypeScript allows.
//! - Results are plain objects and arrays (no `Map`, `null` for `None`): see [`to_js`].
//! - Misuse (a number as `source`, an unknown option) throws a JavaScript `Error` naming it;
//!   a bad spec is never misuse, it is diagnostics.
//!
//! JavaScript cannot break the module: every call into JS that can throw (a revoked Proxy, a
//! Proxy's trap, a getter, `toJSON`, a cycle, a BigInt) is made through a `catch` import, so its
//! exception never unwinds through Rust frames (each one would leak their stack, and a few
//! thousand leave every later call failing), and becomes an `Error` naming what failed. No JS
//! string longer than this file allows is copied into the module's memory, which never shrinks.
//!
//! The TypeScript types are npm/types.d.ts, copied into the package's `k7_spec.d.ts` below.
//!
//! With the `tools` feature, the module also has the exports of the command line and CI tools
//! (the `tools` submodule) and `schema`; the package builds it both ways: a browser module
//! without them, a Node module with them.

use js_sys::{Array, JsString};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use crate::OptionFields;
use crate::source::MAX_INPUT_BYTES;

// The command line's exports, in the package's Node module only (the `tools` feature).
#[cfg(feature = "tools")]
mod tools;

// The TypeScript API lives in one file, which this section copies into the generated .d.ts
// (the tools' types are npm/tools.d.ts, copied by the `tools` module).
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("../npm/types.d.ts");

/// Checks a spec, for the cluster the options describe; see npm/types.d.ts.
#[wasm_bindgen(skip_typescript)]
pub fn validate(source: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let options = read_options(&options, RENDER_OPTIONS)?;
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
    let options = read_options(&options, RENDER_OPTIONS)?;
    let source = Source::read(&source)?;
    let mut rendering = crate::render(&source.text, &options);
    if source.is_data {
        forget_spans(&mut rendering.diagnostics);
    }
    to_js(&rendering)
}

/// Answers one connection for each phase of the sandbox's life; see npm/types.d.ts. A query is
/// `{to}` or `{from}` with `port` and `protocol`, or a string (a destination).
#[wasm_bindgen(skip_typescript)]
pub fn reach(source: JsValue, query: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let options = read_options(&options, RENDER_OPTIONS)?;
    let request = match query.dyn_ref::<JsString>() {
        Some(text) => crate::QueryRequest {
            to: Some(bounded(text, MAX_SHORT_UNITS * 8).ok_or_else(|| {
                JsError::new(
                    "k7-spec: the query is too long: a destination is a host, URL or address",
                )
            })?),
            ..Default::default()
        },
        None if query.is_undefined() || query.is_null() => {
            return Err(JsError::new(
                "k7-spec: reach needs a query such as \"pypi.org:443\", { to: \"pypi.org\", port: 443 } or { from: \"sandbox:client\", port: 8080 }",
            ));
        }
        None => read_fields(&query, QUERY, OptionFields::named("query"), "query")?,
    };
    let query = request
        .query()
        .map_err(|e| JsError::new(&format!("k7-spec: {e}")))?;
    let source = Source::read(&source)?;
    let mut answer = crate::reach(&source.text, &query, &options);
    if source.is_data {
        forget_spans(&mut answer.diagnostics);
        forget_rule_spans(answer.phases.iter_mut());
    }
    to_js(&answer)
}

/// The connections that matter for one sandbox, each answered per phase; see npm/types.d.ts.
#[wasm_bindgen(skip_typescript)]
pub fn connections(source: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let options = read_options(&options, RENDER_OPTIONS)?;
    let source = Source::read(&source)?;
    let mut answer = crate::connections(&source.text, &options);
    if source.is_data {
        forget_spans(&mut answer.diagnostics);
        let phases = answer
            .connections
            .iter_mut()
            .flat_map(|c| c.phases.iter_mut());
        forget_rule_spans(phases);
    }
    to_js(&answer)
}

/// Spans of data input's spec entries are null, like its diagnostics'.
fn forget_rule_spans<'a>(phases: impl Iterator<Item = &'a mut crate::ReachPhase>) {
    for rule in phases.flat_map(|p| p.rules.iter_mut()) {
        if let Some(entry) = &mut rule.spec {
            entry.span = None;
        }
    }
}

/// The connectivity matrix between the sandboxes of several specs; see npm/types.d.ts. `files`
/// is an array of `{file, source}`; past [`crate::MAX_MATRIX_SPECS`] only the count is read (the
/// core names the rest in a finding), and an array of more than [`MAX_MATRIX_FILES`] throws.
/// A batch tool, in the Node module only (the `tools` feature): the editor never calls it, and it
/// is 16 KB gzip of the browser's module (docs/benchmarks.md#two-modules).
#[cfg(feature = "tools")]
#[wasm_bindgen(js_name = reachMatrix, skip_typescript)]
pub fn reach_matrix(files: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let options = read_options(&options, RENDER_OPTIONS)?;
    let what = "reachMatrix's files";
    if !is_array(&files).map_err(unreadable(what))? {
        return Err(JsError::new(&format!(
            "k7-spec: {what} must be an array such as [{{ file: \"web.yaml\", source: \"name: web\\n...\" }}], got {}",
            describe(&files)
        )));
    }
    let length = get(&files, &"length".into())
        .map_err(unreadable(what))?
        .as_f64()
        .unwrap_or_default();
    if length > f64::from(MAX_MATRIX_FILES) {
        return Err(JsError::new(&format!(
            "k7-spec: {what} has {} entries: the matrix reads at most {} specs",
            // An array's length is an integer; an f64's Display would be 8 KB gzip of the module.
            length as u64,
            crate::MAX_MATRIX_SPECS
        )));
    }
    let mut read = Vec::new();
    let mut is_data = Vec::new();
    for i in 0..length as u32 {
        if i as usize > crate::MAX_MATRIX_SPECS {
            // Counted, not read: the core names the first one left out.
            read.push((String::new(), String::new()));
            continue;
        }
        let what = format!("{what}[{i}]");
        let entry = get(&files, &i.into()).map_err(unreadable(&what))?;
        if !is_plain(&entry, &what)? || is_array(&entry).map_err(unreadable(&what))? {
            return Err(JsError::new(&format!(
                "k7-spec: {what} must be an object {{ file, source }}, got {}",
                describe(&entry)
            )));
        }
        let file = get(&entry, &"file".into()).map_err(unreadable(&what))?;
        let file = file
            .dyn_ref::<JsString>()
            .and_then(|f| bounded(f, crate::MAX_PATH_BYTES as u32))
            .ok_or_else(|| {
                JsError::new(&format!(
                    "k7-spec: {what}.file must be a file name of at most {} UTF-16 code units, got {}",
                    crate::MAX_PATH_BYTES,
                    describe(&file)
                ))
            })?;
        let source = get(&entry, &"source".into()).map_err(unreadable(&what))?;
        let source = Source::read_as(&source, &format!("{what}.source"))?;
        is_data.push(source.is_data);
        read.push((file, source.text));
    }
    let mut matrix = crate::reach_matrix(&read, &options);
    let data = |i: usize| is_data.get(i).copied().unwrap_or_default();
    for (i, sandbox) in matrix.sandboxes.iter_mut().enumerate() {
        if data(i) {
            forget_spans(&mut sandbox.diagnostics);
        }
    }
    for pair in &mut matrix.pairs {
        let (from, to) = (data(pair.from), data(pair.to));
        let verdicts = [&mut pair.locked, &mut pair.before_lockdown];
        for v in verdicts {
            forget_rule_spans(
                [(from, &mut v.egress), (to, &mut v.ingress)]
                    .into_iter()
                    .filter_map(|(data, phase)| data.then_some(phase)),
            );
        }
    }
    for finding in &mut matrix.findings {
        if finding.sandbox.is_some_and(data) {
            finding.span = None;
        }
    }
    to_js(&matrix)
}

/// The most entries `reachMatrix` counts: past [`crate::MAX_MATRIX_SPECS`] each is only counted.
#[cfg(feature = "tools")]
const MAX_MATRIX_FILES: u32 = 100_000;

/// K7's cluster-wide platform policy, which `reach`'s rules with `manifest: null` point into.
#[wasm_bindgen(js_name = platformPolicy, skip_typescript)]
pub fn platform_policy() -> Result<JsValue, JsError> {
    to_js(crate::platform_policy())
}

/// Applies a spec's safe fixes (and its unsafe ones when asked); see npm/types.d.ts.
#[wasm_bindgen(skip_typescript)]
pub fn fix(source: JsValue, options: JsValue, unsafe_fixes: JsValue) -> Result<JsValue, JsError> {
    let options = read_options(&options, RENDER_OPTIONS)?;
    let text = spec_text_of(&source, "fix")?;
    if !(unsafe_fixes.is_undefined() || unsafe_fixes.as_bool().is_some()) {
        return Err(JsError::new("k7-spec: fix's unsafeFixes must be a boolean"));
    }
    to_js(&crate::fix(&text, &options, unsafe_fixes.is_truthy()))
}

/// Applies operations to a spec's text, changing only the bytes they must; see npm/types.d.ts.
#[wasm_bindgen(skip_typescript)]
pub fn edit(source: JsValue, operations: JsValue) -> Result<String, JsError> {
    let text = spec_text_of(&source, "edit")?;
    let operations: Vec<crate::Operation> = json_array(
        &operations,
        "edit's operations",
        "edit takes an array of operations such as [{ op: \"set\", path: \"/pod_non_root\", value: true }]",
        MAX_DOCUMENTS_UNITS,
    )?;
    crate::edit(&text, &operations).map_err(|e| JsError::new(&format!("k7-spec: {e}")))
}

/// The values at JSON Pointers as K7 reads them, each with its span and whether `edit` can change
/// it in place; see npm/types.d.ts.
#[wasm_bindgen(js_name = readValues, skip_typescript)]
pub fn read_values(source: JsValue, paths: JsValue) -> Result<JsValue, JsError> {
    let text = spec_text_of(&source, "readValues")?;
    let paths: Vec<String> = json_array(
        &paths,
        "readValues's paths",
        "readValues takes an array of JSON Pointers such as [\"/pod_non_root\"]",
        MAX_SOURCE_UNITS,
    )?;
    to_js(&crate::read_values(&text, &paths))
}

/// An array argument, read through its JSON text of at most `max` UTF-16 code units: `what` names
/// it in errors, `usage` says what to pass when it is not an array.
fn json_array<T: DeserializeOwned>(
    value: &JsValue,
    what: &str,
    usage: &str,
    max: u32,
) -> Result<T, JsError> {
    if !is_array(value).map_err(unreadable(what))? {
        return Err(JsError::new(&format!(
            "k7-spec: {usage}, got {}",
            describe(value)
        )));
    }
    let json = json_text(value, what, max)?;
    serde_json::from_str(&json)
        .map_err(|e| JsError::new(&format!("k7-spec: {what} cannot be read: {e}")))
}

/// The spec's text for a function that edits it or reads its spans (`function` names it in the
/// error): a string, never data.
fn spec_text_of(source: &JsValue, function: &str) -> Result<String, JsError> {
    let Some(text) = source.dyn_ref::<JsString>() else {
        return Err(JsError::new(&format!(
            "k7-spec: {function}'s source must be the spec's text, got {}",
            describe(source)
        )));
    };
    bounded(text, MAX_SOURCE_UNITS).ok_or_else(|| {
        JsError::new(&format!(
            "k7-spec: {function}'s source is longer than the limit"
        ))
    })
}

/// An array of documents as one YAML stream, by the writer `render` uses; see npm/types.d.ts.
#[wasm_bindgen(js_name = toYaml, skip_typescript)]
pub fn to_yaml(documents: JsValue) -> Result<String, JsError> {
    // One value is not taken for a stream of one: an array would then be ambiguous.
    let documents: Vec<serde_json::Value> = json_array(
        &documents,
        "toYaml's documents",
        "toYaml takes an array of documents, such as rendering.manifests (one value is [value])",
        MAX_DOCUMENTS_UNITS,
    )?;
    Ok(crate::to_yaml(&documents))
}

/// The JSON Schema of a spec, as a plain object. In the Node module only (the `tools` feature):
/// the browser entry's `schema()` parses the same JSON from static text, which scripts/package.sh
/// writes from this export (pkg/schema.js), as the schema's builder is 9.8 KB gzip of wasm and
/// its JSON 3.8 KB.
#[cfg(feature = "tools")]
#[wasm_bindgen(skip_typescript)]
pub fn schema() -> Result<JsValue, JsError> {
    parse(crate::schema()).map_err(|_| JsError::new("k7-spec: the schema is not JSON"))
}

/// The crate's version, which the npm package shares.
#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

// Every read of a JS value that can throw (a revoked Proxy, a Proxy's trap, a getter, `toJSON`, a
// cycle, a BigInt) is made here, under `try`: `[true, result]` or `[false, what it threw]`. Not
// through wasm-bindgen's `catch` imports: when one that returns a JS value throws, wasm-bindgen
// 0.2.130 leaks the externref table slot of the return value (one per exception, found by the
// 100,000-call test), and js-sys declares `Array.isArray` and `Object.getPrototypeOf` without
// `catch` at all (an exception unwinding through Rust frames leaks their stack: a few thousand
// of them left every later call failing with "memory access out of bounds").
#[wasm_bindgen(inline_js = "
const attempt = (read) => {
  try {
    return [true, read()];
  } catch (error) {
    return [false, error];
  }
};
export const isArray = (value) => attempt(() => Array.isArray(value));
export const prototypeOf = (value) => attempt(() => Object.getPrototypeOf(value));
export const ownKeys = (value) => attempt(() => Reflect.ownKeys(value));
export const get = (value, key) => attempt(() => Reflect.get(value, key));
export const stringify = (value) => attempt(() => JSON.stringify(value));
export const parse = (text) => attempt(() => JSON.parse(text));
export const configError = (message, line, column) => Object.assign(new Error(message), { line, column });
")]
extern "C" {
    #[wasm_bindgen(js_name = isArray)]
    fn try_is_array(value: &JsValue) -> Array;
    #[wasm_bindgen(js_name = prototypeOf)]
    fn try_prototype_of(value: &JsValue) -> Array;
    #[wasm_bindgen(js_name = ownKeys)]
    fn try_own_keys(value: &JsValue) -> Array;
    #[wasm_bindgen(js_name = get)]
    fn try_get(value: &JsValue, key: &JsValue) -> Array;
    #[wasm_bindgen(js_name = stringify)]
    fn try_stringify(value: &JsValue) -> Array;
    #[wasm_bindgen(js_name = parse)]
    fn try_parse(text: &str) -> Array;
    /// An `Error` with the message, and `line` and `column` properties: a bad config file.
    #[cfg(feature = "tools")]
    #[wasm_bindgen(js_name = configError)]
    fn config_error(message: &str, line: u32, column: u32) -> JsValue;
}

/// What a `try_` read returned, or what it threw.
fn outcome(attempt: Array) -> Result<JsValue, JsValue> {
    let value = attempt.get(1);
    if attempt.get(0).is_truthy() {
        Ok(value)
    } else {
        Err(value)
    }
}

/// `Array.isArray(value)`, which throws for a revoked Proxy.
fn is_array(value: &JsValue) -> Result<bool, JsValue> {
    outcome(try_is_array(value)).map(|is| is.is_truthy())
}

/// `Object.getPrototypeOf(value)`.
fn prototype_of(value: &JsValue) -> Result<JsValue, JsValue> {
    outcome(try_prototype_of(value))
}

/// `Reflect.ownKeys(value)`: every own key, enumerable or not, Symbols included.
fn own_keys(value: &JsValue) -> Result<Array, JsValue> {
    outcome(try_own_keys(value)).map(JsCast::unchecked_into)
}

/// `Reflect.get(value, key)`.
fn get(value: &JsValue, key: &JsValue) -> Result<JsValue, JsValue> {
    outcome(try_get(value, key))
}

/// `JSON.stringify(value)`: a string, or `undefined` for a function, a Symbol or `undefined`.
fn stringify(value: &JsValue) -> Result<JsValue, JsValue> {
    outcome(try_stringify(value))
}

/// `JSON.parse(text)`.
fn parse(text: &str) -> Result<JsValue, JsValue> {
    outcome(try_parse(text))
}

/// The longest source read, in UTF-16 code units: a text up to 4 times the core's limit is read
/// and refused by the core with its size (`input-too-large`); a longer one, of which that is
/// certain too, throws instead of filling the module's memory (up to 3 bytes a unit), which
/// never shrinks.
const MAX_SOURCE_UNITS: u32 = 4 * MAX_INPUT_BYTES as u32;
/// The longest JSON text of `toYaml`'s documents and of `report`'s files: more than the results
/// of a limit-sized source take (the largest found: 83 MB, the 262,000 diagnostics of a `cap_add`
/// of 1 MiB).
const MAX_DOCUMENTS_UNITS: u32 = 128 * MAX_INPUT_BYTES as u32;
/// The longest JSON text of the `ignore` option: room for every code with a paragraph of reason
/// each. Every other option's value is short.
const MAX_OPTION_UNITS: u32 = 64 * 1024;
/// The longest name or message quoted in an error.
const MAX_SHORT_UNITS: u32 = 200;

/// A `source` argument as text, and whether it came as data (a JS object) rather than text.
struct Source {
    text: String,
    is_data: bool,
}

impl Source {
    fn read(value: &JsValue) -> Result<Source, JsError> {
        Source::read_as(value, "source")
    }

    /// [`Source::read`], naming the value `what` in errors.
    fn read_as(value: &JsValue, what: &str) -> Result<Source, JsError> {
        let (text, is_data) = if let Some(text) = value.dyn_ref::<JsString>() {
            (text.clone(), false)
        } else if is_array(value).map_err(unreadable(what))? || is_plain(value, what)? {
            (json_string(value, what)?, true)
        } else {
            return Err(JsError::new(&format!(
                "k7-spec: {what} must be YAML or JSON text or a plain object, got {}",
                describe(value)
            )));
        };
        let text = bounded(&text, MAX_SOURCE_UNITS).ok_or_else(|| {
            JsError::new(&format!(
                "k7-spec: {what} is {} UTF-16 code units long, more than 4 times the limit of \
                 {MAX_INPUT_BYTES} bytes: not read",
                text.length()
            ))
        })?;
        Ok(Source { text, is_data })
    }
}

/// An example of the options of `validate` and `render`, for the error when they are not an object.
const RENDER_OPTIONS: &str = "{ cni: \"flannel\" }";

/// The options of `validate` and `render` ([`crate::RenderOptions`]) or of `report`
/// ([`crate::ReportOptions`]): `undefined`, `null` or a plain object whose own keys and values the
/// TypeScript type allows (an `undefined` value is a key left out, as `JSON.stringify` leaves it
/// out). Every own key is read, enumerable or not: none is ignored. `example` shows them in the
/// error when they are not an object.
fn read_options<T: DeserializeOwned + Default>(
    value: &JsValue,
    example: &str,
) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    read_fields(value, example, OptionFields::default(), "options")
}

/// An example of a query object, for the error when `reach`'s query is not one.
const QUERY: &str = "{ to: \"pypi.org\", port: 443 }";

/// A plain object read key by key into `fields` (see [`read_options`]); `what` names it in errors.
fn read_fields<T: DeserializeOwned>(
    value: &JsValue,
    example: &str,
    mut fields: OptionFields<T>,
    what: &str,
) -> Result<T, JsError> {
    if !is_plain(value, what)? || is_array(value).map_err(unreadable(what))? {
        return Err(JsError::new(&format!(
            "k7-spec: {what} must be an object such as {example}, got {}",
            describe(value)
        )));
    }
    for key in own_keys(value).map_err(unreadable(what))?.iter() {
        let Some(name) = key.dyn_ref::<JsString>().map(short) else {
            return Err(JsError::new(&format!(
                "k7-spec: {what} cannot have Symbol keys"
            )));
        };
        let what = format!("{what}.{name}");
        let field = get(value, &key).map_err(unreadable(&what))?;
        if field.is_undefined() {
            continue;
        }
        let max = if name == "ignore" {
            MAX_OPTION_UNITS
        } else {
            MAX_SHORT_UNITS
        };
        let text = json_text(&field, &what, max)?;
        let field = serde_json::from_str(&text)
            .map_err(|e| JsError::new(&format!("k7-spec: {what} cannot be read: {e}")))?;
        // Each key is checked as it is read, so that an unknown one ends the reading.
        fields
            .add(name, field)
            .map_err(|e| JsError::new(&e.message))?;
    }
    Ok(fields.options())
}

/// Whether a value is a plain object: its prototype is some realm's `Object.prototype`, or null.
/// `what` names the value in the error when asking throws.
fn is_plain(value: &JsValue, what: &str) -> Result<bool, JsError> {
    if !value.is_object() {
        return Ok(false);
    }
    let proto = prototype_of(value).map_err(unreadable(what))?;
    Ok(proto.is_null() || prototype_of(&proto).map_err(unreadable(what))?.is_null())
}

/// A JS value's JSON text as a JS string, as `JSON.stringify` writes it; `what` names the value
/// in the error.
fn json_string(value: &JsValue, what: &str) -> Result<JsString, JsError> {
    let text = stringify(value).map_err(|e| {
        JsError::new(&format!(
            "k7-spec: {what} cannot be read as JSON: {}",
            error_message(&e)
        ))
    })?;
    // `undefined` for a function, a Symbol, or a `toJSON` that returns one of them.
    text.dyn_into::<JsString>().map_err(|_| {
        JsError::new(&format!(
            "k7-spec: {what} cannot be read as JSON: {} has no JSON text",
            describe(value)
        ))
    })
}

/// A JS value's JSON text, when it has at most `max` UTF-16 code units.
fn json_text(value: &JsValue, what: &str, max: u32) -> Result<String, JsError> {
    let text = json_string(value, what)?;
    bounded(&text, max).ok_or_else(|| {
        JsError::new(&format!(
            "k7-spec: {what} cannot be read as JSON: {} UTF-16 code units, more than {max}",
            text.length()
        ))
    })
}

/// A JS string's text, when it has at most `max` UTF-16 code units: a longer one is not copied.
fn bounded(text: &JsString, max: u32) -> Option<String> {
    (text.length() <= max).then(|| String::from(text))
}

/// A JS string's text for a message: its first [`MAX_SHORT_UNITS`] UTF-16 code units.
fn short(text: &JsString) -> String {
    if text.length() <= MAX_SHORT_UNITS {
        return text.into();
    }
    String::from(text.slice(0, MAX_SHORT_UNITS)) + "…"
}

/// The error for a JS value whose reading threw: `what` names the value.
fn unreadable(what: &str) -> impl Fn(JsValue) -> JsError + '_ {
    move |e| {
        JsError::new(&format!(
            "k7-spec: {what} cannot be read: {}",
            error_message(&e)
        ))
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
        let name = prototype_of(value)
            .and_then(|proto| get(&proto, &"constructor".into()))
            .and_then(|c| get(&c, &"name".into()))
            .ok()
            .and_then(|n| n.dyn_ref::<JsString>().map(short))
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
    let message = get(error, &"message".into()).unwrap_or(JsValue::UNDEFINED);
    [message, error.clone()]
        .iter()
        .find_map(|m| m.dyn_ref::<JsString>().map(short))
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
    parse(&text).map_err(|e| convert(error_message(&e)))
}

/// Clears every span: for a spec that reached the caller as data (a JavaScript object, read
/// through its JSON text), whose diagnostics must not point into a text the user never saw.
/// The order stays the text's, which is the order of the object's keys.
fn forget_spans(diagnostics: &mut [crate::Diagnostic]) {
    diagnostics
        .iter_mut()
        .for_each(crate::Diagnostic::forget_text);
}
