//! The direction of the data flow, checked on the source: text → source → spec → validate →
//! sandbox → render → explain → pipeline → bindings. Each module may use only the modules
//! listed for it below (and the foundation every stage shares); in particular `render` and
//! `explain` never use `validate`, and no module uses a later stage. Test modules are exempt.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// Modules every stage may use: the diagnostic type and its code registry, the changes a fix
/// plans (`change`), the caller's
/// options, the YAML scalar rules, quantities and did-you-mean suggestions.
const FOUNDATION: &[&str] = &[
    "diagnostic",
    "change",
    "options",
    "scalar",
    "quantity",
    "suggest",
];

/// Each module and the modules (beyond the foundation) it may use, in the order of the flow.
const ALLOWED: &[(&str, &[&str])] = &[
    ("diagnostic", &[]),
    ("change", &[]),
    ("options", &[]),
    ("scalar", &[]),
    ("quantity", &[]),
    ("suggest", &[]),
    ("source", &[]),
    ("paths", &[]),
    ("config", &["source", "paths"]),
    ("spec", &["source"]),
    ("suppress", &["source", "edit"]),
    // Lossless edits of a spec's text, written in the file's style.
    ("edit", &["source", "spec"]),
    ("validate", &["source", "spec", "suppress", "edit"]),
    // Applying the diagnostics' fixes.
    ("fix", &["validate", "edit"]),
    ("sandbox", &["spec"]),
    ("render", &["sandbox", "spec"]),
    ("explain", &["render", "sandbox", "spec"]),
    ("schema", &["spec", "validate"]),
    (
        "pipeline",
        &["source", "spec", "validate", "sandbox", "render", "explain"],
    ),
    // Connectivity, judged on the rendered objects.
    ("reach", &["pipeline", "spec"]),
    // The formats of a report and the commands' output (a fixed spec's included).
    (
        "report",
        &["explain", "fix", "pipeline", "reach", "render", "schema"],
    ),
    // The command line's words, checked for every front end.
    ("args", &["config", "report"]),
];

/// The top-level modules a file names through `crate::<module>`, outside its test module.
fn used_modules(text: &str) -> BTreeSet<String> {
    let code = text
        .find("#[cfg(test)]\nmod tests")
        .map_or(text, |at| &text[..at]);
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut used = BTreeSet::new();
    for (at, m) in code.match_indices("crate::") {
        let rest = &code[at + m.len()..];
        match rest.strip_prefix('{') {
            // `use crate::{a::X, b}`: the first name of each top-level item in the braces.
            Some(group) => {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                used.extend(group.split(',').map(ident));
            }
            None => {
                used.insert(ident(rest));
            }
        }
    }
    used.retain(|m| !m.is_empty());
    used
}

/// Every `.rs` file under `dir`, with the top-level module it belongs to.
fn files(dir: &Path, module: Option<&str>, out: &mut Vec<(String, String, String)>) {
    for entry in fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("a readable entry").path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            files(&path, Some(module.unwrap_or(&name)), out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let module = module.unwrap_or(&name).to_owned();
            let text = fs::read_to_string(&path).expect("UTF-8 source");
            out.push((path.display().to_string(), module, text));
        }
    }
}

#[test]
fn no_module_uses_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, None, &mut all);
    let mut checked = 0;
    let mut violations = Vec::new();
    for (path, module, text) in &all {
        if module == "lib" || module == "wasm" {
            continue; // the crate root and the bindings may use every stage
        }
        let Some((_, allowed)) = ALLOWED.iter().find(|(m, _)| m == module) else {
            violations.push(format!(
                "{path}: the module `{module}` has no place in the flow (add it to ALLOWED)"
            ));
            continue;
        };
        for used in used_modules(text) {
            let ok = used == *module
                || FOUNDATION.contains(&used.as_str())
                || allowed.contains(&used.as_str());
            if !ok {
                violations.push(format!("{path}: `{module}` uses `crate::{used}`"));
            }
        }
        checked += 1;
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
    assert!(checked > 25, "only {checked} files checked");
}

#[test]
fn the_foundation_uses_no_stage() {
    for module in FOUNDATION {
        let (_, allowed) = ALLOWED
            .iter()
            .find(|(m, _)| m == module)
            .expect("every foundation module is in ALLOWED");
        assert!(allowed.is_empty(), "`{module}` must not use a stage");
    }
}

#[test]
fn the_scan_sees_uses_and_skips_tests() {
    let text = "use crate::spec::Spec;\nuse crate::{options, source::Node};\nfn f() { crate::render::to_yaml(&[]); }\n#[cfg(test)]\nmod tests {\n    use crate::validate;\n}\n";
    let used: Vec<String> = used_modules(text).into_iter().collect();
    assert_eq!(used, ["options", "render", "source", "spec"]);
}
