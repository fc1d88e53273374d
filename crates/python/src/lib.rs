//! The native module `k7_spec.k7_spec` of the PyPI package `k7-spec`, which the package `k7_spec`
//! re-exports with its stubs (python/k7_spec/; docs/api.md#python): `validate`, `render` and
//! `schema` over the core, returning plain dicts and lists shaped exactly like the
//! JSON the command line prints (`k7-spec validate --format json`'s `diagnostics`, `k7-spec
//! render --format json`, `k7-spec schema`). This file only converts, as src/wasm.rs does for
//! JavaScript, with the same misuse messages:
//!
//! - a `source` is YAML or JSON text (`str`), or a dict or list already parsed, read through its
//!   JSON text with every span then `None` (the user never saw that text);
//! - options are keyword arguments, each read through its JSON value into [`RenderOptions`],
//!   whose serde form refuses unknown keys, values and ignore codes (`Ignore::new`'s message);
//!   `None` is an option left out;
//! - misuse raises `TypeError` (a source or option of the wrong type, an unknown option) or
//!   `ValueError` (a bad value, an unknown or an error's ignore code); a bad spec is never
//!   misuse, it is diagnostics.
//!
//! Results are built by `pythonize` from the core's serde form, faster than `json.loads` of the
//! JSON text on large results and as fast on small ones (medians: `validate` giving 1,000
//! diagnostics 2.2 ms against 3.0, `render` of a 1,000-entry whitelist 2.1 ms against 2.6,
//! `schema` 0.08 ms against 0.12, `render` of the K7 example 0.07 ms both;
//! docs/benchmarks.md#python). The core runs without the GIL, so threads check in parallel.

use k7_spec::{Diagnostic, OptionFields, RenderOptions};
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
    check(py, source, options, k7_spec::validate_with, |d| d)
}

/// Validates and renders a spec: a dict shaped as `k7-spec render --format json` prints it.
#[pyfunction]
#[pyo3(signature = (source, /, **options))]
fn render<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    check(py, source, options, k7_spec::render, |r| &mut r.diagnostics)
}

/// Reads `source` and the options, runs `core` without the GIL, and converts its result, whose
/// `diagnostics` lose their spans when the source came as data.
fn check<'py, T: Serialize + Send>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyDict>>,
    core: fn(&str, &RenderOptions) -> T,
    diagnostics: fn(&mut T) -> &mut [Diagnostic],
) -> PyResult<Bound<'py, PyAny>> {
    let options = read_options(options)?;
    let source = Source::read(source)?;
    let mut result = py.detach(|| core(&source.text, &options));
    if source.is_data {
        for diagnostic in diagnostics(&mut result) {
            diagnostic.span = None;
        }
    }
    to_python(py, &result)
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

/// The keyword arguments of `validate` and `render` as [`RenderOptions`], read as the JavaScript
/// options are (`k7_spec::OptionFields`): the first unknown key or bad value is the one named.
fn read_options(options: Option<&Bound<'_, PyDict>>) -> PyResult<RenderOptions> {
    let mut fields = OptionFields::<RenderOptions>::default();
    for (key, value) in options.into_iter().flat_map(|o| o.iter()) {
        if value.is_none() {
            continue;
        }
        let name: String = key.extract()?;
        let value = json_value(&value, &format!("options.{name}"))?;
        fields.add(name, value).map_err(|e| {
            if e.is_type {
                PyTypeError::new_err(e.message)
            } else {
                PyValueError::new_err(e.message)
            }
        })?;
    }
    Ok(fields.options())
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
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
