//! The diagnostic codes: registered, exercised, documented, and worded to the house style.

mod common;

use std::collections::BTreeMap;

use k7_spec::Severity;
use k7_spec::diagnostic::Code;
use k7_spec::validate;

/// The registry as rows: code, severity, meaning.
fn codes() -> impl Iterator<Item = (&'static str, Severity, &'static str)> {
    Code::ALL
        .iter()
        .map(|c| (c.as_str(), c.severity(), c.meaning()))
}

/// Codes that no fixture can produce through `validate` (too large for a file, or only reported
/// by `render`), the test that covers them, and their example for the README.
const COVERED_ELSEWHERE: &[(&str, &str, &str)] = &[
    ("input-too-large", "tests/limits.rs", "a spec over 1 MiB"),
    (
        "fqdn-needs-cilium",
        "tests/render.rs",
        "`- pypi.org` rendered with `cni: flannel`",
    ),
    (
        "internal-error",
        "src/render/mod.rs",
        "none: it would report a bug in k7-spec",
    ),
];

/// For each code, a fixture that produces it (preferably one whose `# expect:` names it) and
/// the source line it points at, shortened for a table.
fn examples() -> BTreeMap<&'static str, (String, String)> {
    let mut promised = BTreeMap::new();
    let mut any = BTreeMap::new();
    for (name, text) in common::fixtures() {
        let expected = common::expectations(&name, &text);
        let lines: Vec<&str> = text.lines().collect();
        for d in validate(&text) {
            let line = d
                .span
                .and_then(|s| lines.get(s.start.line as usize - 1))
                .map_or("", |l| l.trim_start_matches('\u{feff}').trim());
            let line = match line {
                l if l.starts_with("# expect:") => "(nothing but comments)".to_owned(),
                l if l.chars().count() > 60 => {
                    format!("{}…", l.chars().take(60).collect::<String>())
                }
                l => l.to_owned(),
            };
            if !expected.iter().any(|c| c == d.code.as_str()) {
                any.entry(d.code.as_str())
                    .or_insert_with(|| (name.clone(), line));
            } else if name.starts_with(d.code.as_str()) {
                // A fixture named for the code is the best example.
                promised.insert(d.code.as_str(), (name.clone(), line));
            } else {
                promised
                    .entry(d.code.as_str())
                    .or_insert_with(|| (name.clone(), line));
            }
        }
    }
    for (code, example) in any {
        promised.entry(code).or_insert(example);
    }
    promised
}

#[test]
fn every_emitted_code_is_registered_with_its_severity_and_house_style() {
    for (name, text) in common::fixtures() {
        for d in validate(&text) {
            let registered = codes().find(|(c, _, _)| *c == d.code.as_str());
            let Some((_, severity, _)) = registered else {
                panic!("{name}: `{}` is not in diagnostic::Code", d.code.as_str())
            };
            assert_eq!(
                severity,
                d.severity,
                "{name}: `{}` has another severity than registered",
                d.code.as_str()
            );
            assert!(
                !d.message.starts_with(|c: char| c.is_uppercase()),
                "{name}: message starts uppercase: {}",
                d.message
            );
            assert!(
                !d.message.ends_with('.'),
                "{name}: message ends with a period: {}",
                d.message
            );
            assert!(
                d.path.is_empty() || d.path.starts_with('/'),
                "{name}: path is not a JSON Pointer: {}",
                d.path
            );
            assert!(
                d.span.is_some(),
                "{name}: `{}` has no span",
                d.code.as_str()
            );
            assert!(
                d.help.as_deref().is_none_or(|h| !h.is_empty()),
                "{name}: empty help"
            );
        }
    }
}

#[test]
fn every_registered_code_has_a_failing_example() {
    let examples = examples();
    for (code, _, _) in codes() {
        let elsewhere = COVERED_ELSEWHERE.iter().any(|(c, _, _)| *c == code);
        assert!(
            examples.contains_key(code) || elsewhere,
            "no fixture produces `{code}`"
        );
    }
    let mut seen = std::collections::HashSet::new();
    for (code, _, _) in codes() {
        assert!(seen.insert(code), "`{code}` is registered twice");
    }
}

/// The README's table of codes is generated from `Code::ALL` and the fixtures; with
/// `UPDATE_SNAPSHOTS=1` this test rewrites it.
#[test]
fn readme_documents_every_code() {
    let examples = examples();
    let mut table =
        String::from("| code | severity | meaning | failing example |\n|---|---|---|---|\n");
    for (code, severity, meaning) in codes() {
        let example = match (
            examples.get(code),
            COVERED_ELSEWHERE.iter().find(|(c, _, _)| *c == code),
        ) {
            (Some((fixture, line)), _) => {
                let line = line.replace('|', "\\|");
                let line = if line.starts_with('(') {
                    line
                } else {
                    format!("`{line}`")
                };
                format!("{line} ([{fixture}](tests/fixtures/{fixture}))")
            }
            (None, Some((_, test, example))) => format!("{example} ({test})"),
            (None, None) => String::new(),
        };
        let severity = format!("{severity:?}").to_lowercase();
        table += &format!("| `{code}` | {severity} | {meaning} | {example} |\n");
    }
    common::check_readme_section("codes", &table);
}
