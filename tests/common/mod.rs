//! Fixtures and reviewed snapshots shared by the native test suites.
#![allow(dead_code)] // each test crate uses a part of these helpers

use std::fs;
use std::path::{Path, PathBuf};

use k7_spec::Diagnostic;

/// Every fixture under `tests/fixtures`, sorted, with its text.
pub fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out: Vec<(String, String)> = fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&p).expect("fixture is UTF-8"))
        })
        .collect();
    out.sort();
    out
}

/// A fixture's name without its extension: `cidr-host-bits` for `cidr-host-bits.yaml`.
pub fn stem(name: &str) -> &str {
    name.split_once('.').map_or(name, |(stem, _)| stem)
}

/// The codes a fixture promises in its `# expect:` lines, or for JSON (which has no comments)
/// in a sibling `<name>.expect` file; `no errors` promises that none is an error.
pub fn expectations(name: &str, text: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let sibling = fs::read_to_string(dir.join(format!("{name}.expect"))).unwrap_or_default();
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
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
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
    }
    out
}

/// Compares the README's generated section between `<!-- NAME:start -->` and
/// `<!-- NAME:end -->` with `generated`; with `UPDATE_SNAPSHOTS=1`, rewrites it instead.
pub fn check_readme_section(name: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = fs::read_to_string(&path).expect("README.md exists");
    let (start, end) = (
        format!("<!-- {name}:start -->\n"),
        format!("<!-- {name}:end -->"),
    );
    let (Some(a), Some(b)) = (readme.find(&start), readme.find(&end)) else {
        panic!("README.md lacks the {start} and {end} markers")
    };
    let from = a + start.len();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        fs::write(
            &path,
            format!("{}{generated}{}", &readme[..from], &readme[b..]),
        )
        .unwrap();
    } else {
        assert_eq!(
            &readme[from..b],
            generated,
            "README.md's {name} section is stale: run `UPDATE_SNAPSHOTS=1 cargo test`"
        );
    }
}
