//! The native module `k7_spec.k7_spec` of the PyPI package `k7-spec`, which the package `k7_spec`
//! re-exports with its stubs (python/k7_spec/; docs/api.md#python): `validate`, `render`,
//! `reach`, `connections`, `platform_policy` and `schema` over the core, returning plain dicts and
//! lists shaped exactly like the JSON the command line prints (`k7-spec validate --format json`'s
//! `diagnostics`, `k7-spec render --format json`, `k7-spec schema`) and the JavaScript API returns
//! (camelCase keys: `dependsOn`, `allowIf`). This file only converts, as src/wasm.rs does for
//! JavaScript, with the same misuse messages:
//!
//! - a `source` is YAML or JSON text (`str`), or a dict or list already parsed, read through its
//!   JSON text with every span then `None` (the user never saw that text);
//! - options are keyword arguments, each read through its JSON value into [`RenderOptions`],
//!   whose serde form refuses unknown keys, values and ignore codes (`Ignore::new`'s message);
//!   `None` is an option left out;
//! - `reach`'s query is a `str` (a destination) or a dict read key by key into
//!   [`QueryRequest`], as the options are;
//! - misuse raises `TypeError` (a source or option of the wrong type, an unknown option) or
//!   `ValueError` (a bad value, an unknown or an error's ignore code); a bad spec is never
//!   misuse, it is diagnostics.
//!
//! Results are built by `pythonize` from the core's serde form, faster than `json.loads` of the
//! JSON text on large results and as fast on small ones (medians: `validate` giving 1,000
//! diagnostics 2.2 ms against 3.0, `render` of a 1,000-entry whitelist 2.1 ms against 2.6,
//! `schema` 0.08 ms against 0.12, `render` of the K7 example 0.07 ms both;
//! docs/benchmarks.md#python). The core runs without the GIL, so threads check in parallel.

use k7_spec::{
    Connections, Diagnostic, Operation, OptionError, OptionFields, QueryRequest, Reach, ReachPhase,
    RenderOptions,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde::Serialize;

/// Checks a spec: a list of diagnostic dicts, as `k7-spec validate --format json` prints them.
#[pyfunction]
#[pyo3(signature = (source, /, **options))]
fn validate<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    check(py, source, options, k7_spec::validate_with, |d| {
        forget_spans(d)
    })
}

/// Validates and renders a spec: a dict shaped as `k7-spec render --format json` prints it.
#[pyfunction]
#[pyo3(signature = (source, /, **options))]
fn render<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    check(py, source, options, k7_spec::render, |r| {
        forget_spans(&mut r.diagnostics)
    })
}

/// Answers one connection for each phase of the sandbox's life: a dict shaped as JavaScript's
/// `reach` returns it. The query is a destination (`"pypi.org:443"`) or a dict such as
/// `{"from": "sandbox:client", "port": 8080}`.
#[pyfunction]
#[pyo3(signature = (source, query, /, **options))]
fn reach<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    query: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let query = read_query(query)?
        .query()
        .map_err(|e| PyValueError::new_err(format!("k7-spec: {e}")))?;
    let core = |source: &str, options: &RenderOptions| k7_spec::reach(source, &query, options);
    check(py, source, options, core, |r: &mut Reach| {
        forget_spans(&mut r.diagnostics);
        forget_rule_spans(&mut r.phases);
    })
}

/// The connections that matter for one sandbox, each answered for every phase, from one render:
/// a dict shaped as JavaScript's `connections` returns it.
#[pyfunction]
#[pyo3(signature = (source, /, **options))]
fn connections<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    check(
        py,
        source,
        options,
        k7_spec::connections,
        |c: &mut Connections| {
            forget_spans(&mut c.diagnostics);
            for connection in &mut c.connections {
                forget_rule_spans(&mut connection.phases);
            }
        },
    )
}

/// K7's cluster-wide platform policy, which `reach`'s rules with `manifest` None point into, as a
/// new dict on each call.
#[pyfunction]
fn platform_policy(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_python(py, k7_spec::platform_policy())
}

/// Reads `source` and the options, runs `core` without the GIL, and converts its result, whose
/// spans `forget` clears when the source came as data (the user never saw its text).
fn check<'py, T: Serialize + Send>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyDict>>,
    core: impl FnOnce(&str, &RenderOptions) -> T + Send,
    forget: fn(&mut T),
) -> PyResult<Bound<'py, PyAny>> {
    let options = read_options(options)?;
    let source = Source::read(source)?;
    let mut result = py.detach(|| core(&source.text, &options));
    if source.is_data {
        forget(&mut result);
    }
    to_python(py, &result)
}

/// Diagnostics without spans or fixes.
fn forget_spans(diagnostics: &mut [Diagnostic]) {
    diagnostics.iter_mut().for_each(Diagnostic::forget_text);
}

/// The spec entries behind the deciding rules lose their spans too.
fn forget_rule_spans(phases: &mut [ReachPhase]) {
    for rule in phases.iter_mut().flat_map(|p| p.rules.iter_mut()) {
        if let Some(entry) = &mut rule.spec {
            entry.span = None;
        }
    }
}

/// Applies a spec's safe fixes (and its unsafe ones with `unsafe_fixes=True`): a dict shaped as
/// JavaScript's `fix()` returns it (`text`, `applied`, `diagnostics`).
#[pyfunction]
#[pyo3(signature = (source, /, *, unsafe_fixes = false, **options))]
fn fix<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    unsafe_fixes: bool,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let text = spec_text_of(source, "fix")?;
    let options = read_options(options)?;
    let fixed = py.detach(|| k7_spec::fix(&text, &options, unsafe_fixes));
    to_python(py, &fixed)
}

/// Applies operations (`{"op": "set", "path": "/pod_non_root", "value": True}`, ...) to a spec's
/// text, changing only the bytes they must; `ValueError` names an operation that cannot be
/// applied.
#[pyfunction]
fn edit(source: &Bound<'_, PyAny>, operations: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = spec_text_of(source, "edit")?;
    if !operations.is_instance_of::<PyList>() {
        return Err(PyTypeError::new_err(format!(
            "k7-spec: edit takes a list of operations such as [{{\"op\": \"set\", \"path\": \"/pod_non_root\", \"value\": True}}], got {}",
            describe(operations)
        )));
    }
    let operations: Vec<Operation> =
        serde_json::from_value(json_value(operations, "edit's operations")?).map_err(|e| {
            PyTypeError::new_err(format!("k7-spec: edit's operations cannot be read: {e}"))
        })?;
    k7_spec::edit(&text, &operations).map_err(|e| PyValueError::new_err(format!("k7-spec: {e}")))
}

/// The values at JSON Pointers of a spec's text as K7 reads them, each with its span and whether
/// `edit` can change it in place: a dict shaped as JavaScript's `readValues` returns it.
#[pyfunction]
fn read_values<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    paths: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let text = spec_text_of(source, "read_values")?;
    let paths: Vec<String> = paths
        .cast::<PyList>()
        .ok()
        .and_then(|list| list.extract().ok())
        .ok_or_else(|| {
            PyTypeError::new_err(format!(
                "k7-spec: read_values takes a list of JSON Pointers such as [\"/pod_non_root\"], got {}",
                describe(paths)
            ))
        })?;
    let values = py.detach(|| k7_spec::read_values(&text, &paths));
    to_python(py, &values)
}

/// The spec's text for a function that edits it: a `str`, never data.
fn spec_text_of(source: &Bound<'_, PyAny>, function: &str) -> PyResult<String> {
    if source.is_instance_of::<PyString>() {
        return source.extract();
    }
    Err(PyTypeError::new_err(format!(
        "k7-spec: {function}'s source must be the spec's text (a str), got {}",
        describe(source)
    )))
}

/// The JSON Schema of a spec, as a new dict on each call.
#[pyfunction]
fn schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let schema: serde_json::Value = serde_json::from_str(k7_spec::schema())
        .map_err(|_| PyValueError::new_err("k7-spec: the schema is not JSON"))?;
    to_python(py, &schema)
}

/// A `source` argument as text, and whether it came as data (a dict or list) rather than text.
struct Source {
    text: String,
    is_data: bool,
}

impl Source {
    fn read(value: &Bound<'_, PyAny>) -> PyResult<Source> {
        if value.is_instance_of::<PyString>() {
            return Ok(Source {
                text: value.extract()?,
                is_data: false,
            });
        }
        if !(value.is_instance_of::<PyDict>() || value.is_instance_of::<PyList>()) {
            return Err(PyTypeError::new_err(format!(
                "k7-spec: source must be YAML or JSON text or a dict, got {}",
                describe(value)
            )));
        }
        let data = json_value(value, "source")?;
        Ok(Source {
            text: data.to_string(),
            is_data: true,
        })
    }
}

/// The keyword arguments as [`RenderOptions`], read as the JavaScript options are
/// (`k7_spec::OptionFields`): the first unknown key or bad value is the one named.
fn read_options(options: Option<&Bound<'_, PyDict>>) -> PyResult<RenderOptions> {
    read_fields(options, OptionFields::default(), "options")
}

/// `reach`'s query: a destination's text, or a dict read key by key as the options are.
fn read_query(query: &Bound<'_, PyAny>) -> PyResult<QueryRequest> {
    if query.is_instance_of::<PyString>() {
        return Ok(QueryRequest {
            to: Some(query.extract()?),
            ..Default::default()
        });
    }
    if query.is_none() {
        return Err(PyTypeError::new_err(
            "k7-spec: reach needs a query such as \"pypi.org:443\", {\"to\": \"pypi.org\", \"port\": 443} or {\"from\": \"sandbox:client\", \"port\": 8080}",
        ));
    }
    let Ok(query) = query.cast::<PyDict>() else {
        return Err(PyTypeError::new_err(format!(
            "k7-spec: query must be a dict such as {{\"to\": \"pypi.org\", \"port\": 443}} or a str, got {}",
            describe(query)
        )));
    };
    read_fields(Some(query), OptionFields::named("query"), "query")
}

/// A dict's keys and values added one by one to `fields` (a value `None` is a key left out);
/// `what` names the dict in errors: `TypeError` for an unknown key or a wrong type, `ValueError`
/// for a bad value.
fn read_fields<T: serde::de::DeserializeOwned>(
    dict: Option<&Bound<'_, PyDict>>,
    mut fields: OptionFields<T>,
    what: &str,
) -> PyResult<T> {
    for (key, value) in dict.into_iter().flat_map(|o| o.iter()) {
        if value.is_none() {
            continue;
        }
        let name: String = key.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "k7-spec: {what} must have str keys, got {}",
                describe(&key)
            ))
        })?;
        let value = json_value(&value, &format!("{what}.{name}"))?;
        fields.add(name, value).map_err(raise)?;
    }
    Ok(fields.options())
}

/// A misread option or query key as Python's exception.
fn raise(error: OptionError) -> PyErr {
    if error.is_type {
        PyTypeError::new_err(error.message)
    } else {
        PyValueError::new_err(error.message)
    }
}

/// A Python value (dicts, lists, str, int, float, bool, None) as JSON; `what` names it.
fn json_value(value: &Bound<'_, PyAny>, what: &str) -> PyResult<serde_json::Value> {
    pythonize::depythonize(value)
        .map_err(|e| PyTypeError::new_err(format!("k7-spec: {what} cannot be read as JSON: {e}")))
}

/// How a misused value reads in an error message: "an int", "a bytes".
fn describe(value: &Bound<'_, PyAny>) -> String {
    let name = value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into());
    if name.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
        format!("an {name}")
    } else {
        format!("a {name}")
    }
}

/// A result as plain dicts, lists, str, int, float, bool and None, from its serde form.
fn to_python<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value)
        .map_err(|e| PyValueError::new_err(format!("k7-spec: cannot convert the result: {e}")))
}

/// The module: its functions and `__version__`, the crate's (the PyPI package's version).
#[pymodule]
#[pyo3(name = "k7_spec")]
fn k7_spec_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(render, m)?)?;
    m.add_function(wrap_pyfunction!(reach, m)?)?;
    m.add_function(wrap_pyfunction!(connections, m)?)?;
    m.add_function(wrap_pyfunction!(platform_policy, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add_function(wrap_pyfunction!(fix, m)?)?;
    m.add_function(wrap_pyfunction!(edit, m)?)?;
    m.add_function(wrap_pyfunction!(read_values, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
