//! Writes `$OUT_DIR/fixtures.rs`: one `#[test]` per file of `tests/fixtures/`, named after it
//! (`cidr-host-bits--ipv6.yaml` gives `fn cidr_host_bits_ipv6`), each calling `check` with the
//! file name, so `cargo test cidr_host_bits` runs that fixture alone. Test suites include it
//! next to their own `check`. Without `tests/fixtures/` (a packaged crate) the file is empty.

use std::collections::BTreeMap;
use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=tests/fixtures");
    let mut tests = BTreeMap::new();
    for entry in fs::read_dir("tests/fixtures").into_iter().flatten() {
        let name = entry.expect("a readable entry").file_name();
        let name = name.to_str().expect("a UTF-8 file name");
        let Some(stem) = name.strip_suffix(".yaml").or(name.strip_suffix(".json")) else {
            continue;
        };
        let test = stem.replace("--", "_").replace('-', "_");
        assert!(
            test.starts_with(|c: char| c.is_ascii_lowercase())
                && test
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "tests/fixtures/{name}: name fixtures in lowercase kebab-case"
        );
        if let Some(other) = tests.insert(test, name.to_owned()) {
            panic!("tests/fixtures/{name} and {other} give the same test name");
        }
    }
    let code: String = tests
        .iter()
        .map(|(test, name)| format!("#[test]\nfn {test}() {{\n    check({name:?});\n}}\n"))
        .collect();
    let out = Path::new(&env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("fixtures.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
