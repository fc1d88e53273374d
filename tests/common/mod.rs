//! Fixtures and reviewed snapshots shared by the native test suites.
#![allow(dead_code, unused_imports)] // each test crate uses a part of these helpers

pub mod fixes;
pub mod render;

use std::fs;
use std::path::{Path, PathBuf};

use k7_spec::Diagnostic;

// The crate's internals that the suites use beyond its public API: the one place to change when
// they move.
pub use k7_spec::scalar::{Scalar, parse_int, resolve, yaml11_bool};
pub use k7_spec::spec::{Backend, FIELDS, Kind, List, Spanned};

/// The code registry as rows: the code, its severity and its meaning.
pub fn codes() -> Vec<(&'static str, k7_spec::Severity, &'static str)> {
    k7_spec::Code::ALL
        .iter()
        .map(|c| (c.as_str(), c.severity(), c.meaning()))
        .collect()
}

/// `tests/<dir>` in the repository.
fn tests_dir(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(dir)
}

/// The names of the files in `tests/<dir>`, sorted.
fn file_names(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(tests_dir(dir))
        .unwrap_or_else(|e| panic!("tests/{dir}: {e}"))
        .map(|e| {
            e.expect("readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// The text of the fixture `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> String {
    fs::read_to_string(tests_dir("fixtures").join(name))
        .unwrap_or_else(|e| panic!("tests/fixtures/{name}: {e}"))
}

/// Every fixture under `tests/fixtures`, sorted, with its text.
pub fn fixtures() -> Vec<(String, String)> {
    file_names("fixtures")
        .into_iter()
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".json"))
        .map(|n| {
            let text = fixture(&n);
            (n, text)
        })
        .collect()
}

/// The snapshots in `tests/snapshots/<dir>` whose fixture is gone (renamed or removed).
pub fn orphan_snapshots(dir: &str) -> Vec<String> {
    let fixtures: Vec<String> = fixtures().iter().map(|(n, _)| stem(n).to_owned()).collect();
    file_names(&format!("snapshots/{dir}"))
        .into_iter()
        .filter(|n| !fixtures.iter().any(|f| f == stem(n)))
        .map(|n| format!("tests/snapshots/{dir}/{n}"))
        .collect()
}

/// Whether the reviewed snapshot `tests/snapshots/<name>` exists.
pub fn snapshot_exists(name: &str) -> bool {
    tests_dir("snapshots").join(name).exists()
}

/// A fixture's name without its extension: `cidr-host-bits` for `cidr-host-bits.yaml`.
pub fn stem(name: &str) -> &str {
    name.split_once('.').map_or(name, |(stem, _)| stem)
}

/// The codes a fixture promises in its `# expect:` lines, or for JSON (which has no comments)
/// in a sibling `<name>.expect` file; `no errors` promises that none is an error.
pub fn expectations(name: &str, text: &str) -> Vec<String> {
    let sibling = fs::read_to_string(tests_dir("fixtures").join(format!("{name}.expect")))
        .unwrap_or_default();
    text.lines()
        .filter_map(|l| l.trim_start_matches('\u{feff}').strip_prefix("# expect: "))
        .chain(sibling.lines())
        .flat_map(|l| l.split(',').map(|c| c.trim().to_owned()))
        .filter(|c| !c.is_empty())
        .collect()
}

/// Compares `actual` with the reviewed snapshot `tests/snapshots/<name>`; with
/// `UPDATE_SNAPSHOTS=1`, writes it instead. Returns a description of the mismatch.
pub fn check_snapshot(name: &str, actual: &str) -> Option<String> {
    let path = tests_dir("snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, actual).unwrap();
        return None;
    }
    match fs::read_to_string(&path) {
        Ok(expected) if expected == actual => None,
        Ok(expected) => Some(format!(
            "{name} differs from its snapshot:\n--- expected\n{expected}\n--- actual\n{actual}"
        )),
        Err(_) => Some(format!(
            "{name} has no snapshot; run `UPDATE_SNAPSHOTS=1 cargo test` and review it"
        )),
    }
}

/// The diagnostics under the source lines they point at, for review.
pub fn annotate(source: &str, diagnostics: &[Diagnostic]) -> String {
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    let mut out = String::new();
    for d in diagnostics {
        let severity = format!("{:?}", d.severity).to_lowercase();
        match d.span {
            Some(s) => {
                out += &format!(
                    "{severity}[{}] {} ({}:{}-{}:{}, offsets {}..{})\n",
                    d.code,
                    d.path,
                    s.start.line,
                    s.start.column,
                    s.end.line,
                    s.end.column,
                    s.start.offset,
                    s.end.offset
                );
                let line = lines
                    .get(s.start.line as usize - 1)
                    .copied()
                    .unwrap_or("")
                    .trim_end_matches(['\n', '\r']);
                let width = if s.end.line == s.start.line {
                    (s.end.column - s.start.column).max(1)
                } else {
                    (line.encode_utf16().count() as u32 + 1)
                        .saturating_sub(s.start.column)
                        .max(1)
                };
                out += &format!(
                    "  | {line}\n  | {}{}\n",
                    " ".repeat(s.start.column as usize - 1),
                    "^".repeat(width as usize)
                );
            }
            None => out += &format!("{severity}[{}] {} (no span)\n", d.code, d.path),
        }
        out += &format!("  = {}\n", d.message);
        if let Some(help) = &d.help {
            out += &format!("  help: {help}\n");
        }
        if let Some(by) = &d.suppressed {
            let reason = by.reason.as_deref().unwrap_or("no reason given");
            let kind = format!("{:?}", by.kind).to_lowercase();
            out += &format!("  suppressed ({kind}): {reason}\n");
        }
    }
    out
}

/// Compares the generated section of the document `file` (relative to the repository) between
/// `<!-- NAME:start -->` and `<!-- NAME:end -->` with `generated`; with `UPDATE_SNAPSHOTS=1`,
/// rewrites it instead.
pub fn check_generated_section(file: &str, name: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let (start, end) = (
        format!("<!-- {name}:start -->\n"),
        format!("<!-- {name}:end -->"),
    );
    let (Some(a), Some(b)) = (text.find(&start), text.find(&end)) else {
        panic!("{file} lacks the {start} and {end} markers")
    };
    let from = a + start.len();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        fs::write(&path, format!("{}{generated}{}", &text[..from], &text[b..])).unwrap();
    } else {
        assert_eq!(
            &text[from..b],
            generated,
            "{file}'s {name} section is stale: run `UPDATE_SNAPSHOTS=1 cargo test`"
        );
    }
}
