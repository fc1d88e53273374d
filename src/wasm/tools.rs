//! The exports of the command line and CI tools (`parseArgs`, `specText`, `report`, `output`,
//! `configSettings`, `globMatches`, `globBase`, `isSpecFile`, `gitignored`), compiled into the module only with the `tools`
//! feature: the package's Node module has them, its browser module does not (they are 32 KB gzip
//! that an editor never calls; docs/benchmarks.md#two-modules). Their TypeScript types are
//! npm/tools.d.ts, copied below into the Node module's .d.ts only. They convert as the rest of
//! the bindings do (see the parent module), through its helpers.

use std::cell::RefCell;

use js_sys::{JsString, Uint8Array};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use super::{
    MAX_DOCUMENTS_UNITS, MAX_INPUT_BYTES, MAX_SOURCE_UNITS, bounded, config_error, describe,
    is_array, json_text, read_options, to_js, unreadable,
};
use crate::{Checked, Diagnostic, FileFix, ReportOptions, Severity};

#[wasm_bindgen(typescript_custom_section)]
const TOOLS_TYPES: &str = include_str!("../../npm/tools.d.ts");

/// Reports on checked files in a format (text, SARIF, JUnit…): what to print on stdout and
/// stderr, and the exit status; see npm/tools.d.ts.
#[wasm_bindgen(skip_typescript)]
pub fn report(files: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let options: ReportOptions = read_options(&options, "{ format: \"sarif\" }")?;
    let what = "report's files";
    if !is_array(&files).map_err(unreadable(what))? {
        return Err(JsError::new(&format!(
            "k7-spec: report takes an array of files such as [{{ file: \"k7.yaml\", diagnostics }}], \
             got {}",
            describe(&files)
        )));
    }
    let text = json_text(&files, what, MAX_DOCUMENTS_UNITS)?;
    let files: Vec<ReportFile> = serde_json::from_str(&text)
        .map_err(|e| JsError::new(&format!("k7-spec: {what} cannot be read: {e}")))?;
    let files = files
        .into_iter()
        .enumerate()
        .map(|(i, f)| f.checked(i))
        .collect::<Result<Vec<Checked>, JsError>>()?;
    to_js(&crate::report(&files, &options))
}

/// The command line's words, parsed and checked as the native binary parses them; bad usage
/// throws an `Error` whose message is the one line to print; see npm/tools.d.ts.
#[wasm_bindgen(js_name = parseArgs, skip_typescript)]
pub fn parse_args(argv: JsValue) -> Result<JsValue, JsError> {
    let argv: Vec<String> = array_argument(&argv, "parseArgs's argv")?;
    let args = crate::parse_args(&argv).map_err(|e| JsError::new(&format!("k7-spec: {e}")))?;
    to_js(&args)
}

/// A spec file's bytes as text, or why the command line refuses them (over the limit, not
/// UTF-8): the core's `spec_text`; see npm/tools.d.ts.
#[wasm_bindgen(js_name = specText, skip_typescript)]
pub fn spec_text(bytes: JsValue) -> Result<String, JsError> {
    let Some(bytes) = bytes.dyn_ref::<Uint8Array>() else {
        return Err(JsError::new(&format!(
            "k7-spec: specText's bytes must be a Uint8Array, got {}",
            describe(&bytes)
        )));
    };
    // One byte past the limit says it all: no more is copied, whatever the length.
    let end = bytes.length().min(MAX_INPUT_BYTES as u32 + 1);
    let bytes = bytes.subarray(0, end).to_vec();
    crate::spec_text(&bytes)
        .map(str::to_owned)
        .map_err(|reason| JsError::new(&format!("k7-spec: {reason}")))
}

/// What the command line's `render`, `explain` and `schema` print, and a usage error, as
/// `report` does for `validate`; see npm/tools.d.ts.
#[wasm_bindgen(skip_typescript)]
pub fn output(request: JsValue) -> Result<JsValue, JsError> {
    let what = "output's request";
    let text = json_text(&request, what, MAX_DOCUMENTS_UNITS)?;
    let command: crate::Command = serde_json::from_str(&text)
        .map_err(|e| JsError::new(&format!("k7-spec: {what} cannot be read: {e}")))?;
    to_js(&crate::command_output(&command))
}

/// One file of `report`'s input, as the TypeScript `ReportFile` describes it: its diagnostics
/// (and its gate, by default `warning`, and what `--fix` made of it) or why it could not be read.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ReportFile {
    file: String,
    fail_on: Option<Severity>,
    diagnostics: Option<Vec<Diagnostic>>,
    error: Option<String>,
    fix: Option<FileFix>,
}

impl ReportFile {
    /// The file as the core takes it; `index` names it when it has both or neither of
    /// `diagnostics` and `error`.
    fn checked(self, index: usize) -> Result<Checked, JsError> {
        let result = match (self.diagnostics, self.error) {
            (Some(diagnostics), None) => Ok(diagnostics),
            (None, Some(error)) => Err(error),
            _ => {
                return Err(JsError::new(&format!(
                    "k7-spec: report's files[{index}] must have either diagnostics or error"
                )));
            }
        };
        Ok(Checked {
            file: self.file,
            fail_on: self.fail_on.unwrap_or(Severity::Warning),
            result,
            fix: self.fix,
        })
    }
}

/// The settings a config file's text gives the spec at a path relative to its directory; a bad
/// config throws an `Error` whose message starts with its `line:column` and which has them as
/// `line` and `column`; see npm/tools.d.ts.
#[wasm_bindgen(js_name = configSettings, skip_typescript)]
pub fn config_settings(text: JsValue, path: JsValue) -> Result<JsValue, JsValue> {
    let text = string_argument(&text, "configSettings's text", MAX_SOURCE_UNITS)?;
    let path = string_argument(&path, "configSettings's path", MAX_SOURCE_UNITS)?;
    // No call into JS while the cache is borrowed: one could call back into this function.
    let settings = LAST_CONFIG
        .with_borrow_mut(|last| {
            let config = match last.take() {
                Some((last_text, config)) if last_text == text => config,
                _ => crate::Config::parse(&text),
            };
            let settings = config
                .as_ref()
                .map(|c| c.settings_for(&path))
                .map_err(Clone::clone);
            *last = Some((text, config));
            settings
        })
        .map_err(|e| {
            let at = e.span.start;
            config_error(&e.to_string(), at.line, at.column)
        })?;
    Ok(to_js(&settings)?)
}

/// Whether a glob matches the whole of a relative path; an invalid glob throws.
#[wasm_bindgen(js_name = globMatches, skip_typescript)]
pub fn glob_matches(pattern: JsValue, path: JsValue) -> Result<bool, JsError> {
    let glob = glob(&pattern, "globMatches")?;
    let path = string_argument(&path, "globMatches's path", MAX_SOURCE_UNITS)?;
    Ok(glob.matches(&path))
}

/// The directory to walk to find a glob's matches; an invalid glob throws.
#[wasm_bindgen(js_name = globBase, skip_typescript)]
pub fn glob_base(pattern: JsValue) -> Result<String, JsError> {
    Ok(glob(&pattern, "globBase")?.base())
}

/// Whether a file name is a spec's: `k7.yaml`, `k7.yml`, `*.k7.yaml`, `*.k7.yml`.
#[wasm_bindgen(js_name = isSpecFile, skip_typescript)]
pub fn is_spec_file(name: JsValue) -> Result<bool, JsError> {
    let name = string_argument(&name, "isSpecFile's name", MAX_SOURCE_UNITS)?;
    Ok(crate::is_spec_file(&name))
}

/// Which of `entries` the `.gitignore` files of a tree ignore, one call per directory of a walk;
/// see npm/tools.d.ts.
#[wasm_bindgen(skip_typescript)]
pub fn gitignored(gitignores: JsValue, entries: JsValue) -> Result<JsValue, JsError> {
    let gitignores: Vec<GitIgnoreFile> = array_argument(&gitignores, "gitignored's gitignores")?;
    let entries: Vec<GitIgnoreEntry> = array_argument(&entries, "gitignored's entries")?;
    let mut rules = crate::GitIgnore::default();
    for file in &gitignores {
        rules.add(&file.dir, &file.text);
    }
    let ignored: Vec<bool> = entries
        .iter()
        .map(|e| rules.is_ignored(&e.path, e.is_dir))
        .collect();
    to_js(&ignored)
}

thread_local! {
    /// The last config text `configSettings` read, and what it read: a command line asks about
    /// every spec under one config, and reading the YAML is most of a call (10 µs a call with
    /// it, 250 µs without, measured in docs/api.md#config-file).
    static LAST_CONFIG: RefCell<Option<(String, Result<crate::Config, crate::ConfigError>)>> =
        const { RefCell::new(None) };
}

/// A `.gitignore` of `gitignored`'s input: its directory and its text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a .gitignore as { dir, text }")]
struct GitIgnoreFile {
    dir: String,
    text: String,
}

/// A path `gitignored` is asked about.
#[derive(Deserialize)]
#[serde(
    rename_all = "camelCase",
    deny_unknown_fields,
    expecting = "an entry as { path, isDir }"
)]
struct GitIgnoreEntry {
    path: String,
    is_dir: bool,
}

/// An array argument read through its JSON text; `what` names it in the error.
fn array_argument<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<Vec<T>, JsError> {
    if !is_array(value).map_err(unreadable(what))? {
        return Err(JsError::new(&format!(
            "k7-spec: {what} must be an array, got {}",
            describe(value)
        )));
    }
    let text = json_text(value, what, MAX_DOCUMENTS_UNITS)?;
    // Through a `Value`, so that serde's message carries no line and column of a text the
    // caller never wrote.
    let cannot =
        |e: serde_json::Error| JsError::new(&format!("k7-spec: {what} cannot be read: {e}"));
    let value: serde_json::Value = serde_json::from_str(&text).map_err(cannot)?;
    Vec::<T>::deserialize(&value).map_err(cannot)
}

/// A glob argument, compiled; `function` names the caller in the error.
fn glob(pattern: &JsValue, function: &str) -> Result<crate::Glob, JsError> {
    let text = string_argument(pattern, &format!("{function}'s pattern"), MAX_SOURCE_UNITS)?;
    crate::Glob::new(&text)
        .map_err(|reason| JsError::new(&format!("k7-spec: invalid glob: {reason}")))
}

/// A string argument of at most `max` UTF-16 code units; `what` names it in the error.
fn string_argument(value: &JsValue, what: &str, max: u32) -> Result<String, JsError> {
    let text = value.dyn_ref::<JsString>().ok_or_else(|| {
        JsError::new(&format!(
            "k7-spec: {what} must be a string, got {}",
            describe(value)
        ))
    })?;
    bounded(text, max).ok_or_else(|| {
        JsError::new(&format!(
            "k7-spec: {what} is {} UTF-16 code units long, more than {max}: not read",
            text.length()
        ))
    })
}
