//! The diagnostic codes: registered, exercised, documented, and worded to the house style.

mod common;

use std::collections::BTreeMap;

use common::codes;
use k7_spec::{Applicability, Code, validate};

/// Codes that no fixture can produce through `validate` (too large for a file, or only reported
/// by `render`), the test that covers them, and their example for the README.
const COVERED_ELSEWHERE: &[(&str, &str, &str)] = &[
    ("input-too-large", "tests/limits.rs", "a spec over 1 MiB"),
    (
        "fqdn-needs-cilium",
        "tests/render_contract.rs",
        "`- pypi.org` rendered with `cni: flannel`",
    ),
    (
        "internal-error",
        "src/render/mod.rs",
        "none: it would report a bug in k7-spec",
    ),
];

/// For each code, its fixture `<code>.yaml` and the source line that the first diagnostic with
/// the code points at, shortened for a table.
fn examples() -> BTreeMap<&'static str, (String, String)> {
    let mut examples = BTreeMap::new();
    for (name, text) in common::fixtures() {
        let lines: Vec<&str> = text.lines().collect();
        for d in validate(&text) {
            if d.code.as_str() != common::stem(&name) || examples.contains_key(d.code.as_str()) {
                continue;
            }
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
            examples.insert(d.code.as_str(), (name.clone(), line));
        }
    }
    examples
}

#[test]
fn every_emitted_code_is_registered_with_its_severity_and_house_style() {
    for (name, text) in common::fixtures() {
        for d in validate(&text) {
            let registered = codes().into_iter().find(|(c, _, _)| *c == d.code.as_str());
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

/// The naming scheme of tests/fixtures/README.md: `<code>.yaml` for every code a fixture can
/// produce, `<code>--<variant>.yaml` for more cases of it, `valid--<scenario>` for specs without
/// an error and `position--<scenario>` for the position tests.
#[test]
fn every_fixture_is_named_after_the_code_it_exercises() {
    let fixtures = common::fixtures();
    for (name, text) in &fixtures {
        let expected = common::expectations(name, text);
        let stem = common::stem(name);
        let (prefix, variant) = stem.split_once("--").unwrap_or((stem, ""));
        let named = match prefix {
            "valid" => expected == ["no errors"],
            "position" => true,
            code => expected.iter().any(|c| c == code),
        };
        assert!(
            named && (!variant.is_empty() || !matches!(prefix, "valid" | "position")),
            "{name}: name it `<code>.yaml` or `<code>--<variant>.yaml` after a code of its \
             `# expect:` line, `valid--<scenario>.yaml` or `position--<scenario>.yaml`"
        );
    }
    for (code, _, _) in codes() {
        let elsewhere = COVERED_ELSEWHERE.iter().any(|(c, _, _)| *c == code);
        let named = fixtures.iter().any(|(name, _)| common::stem(name) == code);
        assert!(named || elsewhere, "no fixture is named `{code}.yaml`");
    }
}

/// The kinds of fix a code declares, as the tables show them: `safe`, `unsafe`, both, or `-`.
fn fix_column(code: &str) -> String {
    let kinds = Code::parse(code).map_or(&[][..], Code::fixes);
    if kinds.is_empty() {
        return "-".into();
    }
    kinds
        .iter()
        .map(|k| format!("{k:?}").to_lowercase())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every fix a diagnostic carries, on every fixture, is of a kind its code declares, and every
/// kind a code declares is carried by some fixture's diagnostic: the tables' fix column, generated
/// from the declarations, says which codes have a fix and of which kind, and cannot drift.
#[test]
fn every_fix_is_of_a_kind_its_code_declares() {
    let mut carried: Vec<(Code, Applicability)> = Vec::new();
    for (name, text) in common::fixtures() {
        for d in validate(&text) {
            for fix in &d.fixes {
                assert!(
                    d.code.fixes().contains(&fix.applicability),
                    "{name}: `{}` carries a {:?} fix ({}), which its row in src/diagnostic.rs's \
                     codes! does not declare",
                    d.code,
                    fix.applicability,
                    fix.title
                );
                carried.push((d.code, fix.applicability));
            }
        }
    }
    for code in Code::ALL {
        for kind in code.fixes() {
            assert!(
                carried.contains(&(*code, *kind)),
                "`{code}` declares {kind:?} fixes, but no fixture's diagnostic carries one"
            );
        }
    }
}

/// The README's table of codes and docs/codes.md's, which adds a failing example for each, are
/// generated from `Code::ALL` and the fixtures; `UPDATE_SNAPSHOTS=1` rewrites them.
#[test]
fn readme_and_docs_document_every_code() {
    let examples = examples();
    let mut readme = String::from("| code | severity | fix | meaning |\n|---|---|---|---|\n");
    let mut docs = String::from(
        "| code | severity | fix | meaning | failing example |\n|---|---|---|---|---|\n",
    );
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
                format!("{line} ([{fixture}](../tests/fixtures/{fixture}))")
            }
            (None, Some((_, test, example))) => format!("{example} ({test})"),
            (None, None) => String::new(),
        };
        let severity = format!("{severity:?}").to_lowercase();
        let fix = fix_column(code);
        readme += &format!("| `{code}` | {severity} | {fix} | {meaning} |\n");
        docs += &format!("| `{code}` | {severity} | {fix} | {meaning} | {example} |\n");
    }
    common::check_generated_section("README.md", "codes", &readme);
    common::check_generated_section("docs/codes.md", "codes", &docs);
}

/// The codes that the package's TypeScript doc comments name exist: a user copies them into
/// `ignore` lists, comments and comparisons. A code is named after `e.g. "`, ``diagnostic ` ``,
/// `code: "`, `ignore[`, `ignore: [` or `--ignore ` (other kebab-case words there are formats,
/// keys and options).
#[test]
fn the_typescript_doc_comments_name_codes_that_exist() {
    // Both entries' types: every entry's, and the command line's (Node's entry only).
    let types = ["npm/types.d.ts", "npm/tools.d.ts"]
        .map(|file| {
            std::fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).expect(file)
        })
        .concat();
    let registered: Vec<&str> = codes().iter().map(|(code, _, _)| *code).collect();
    // Each context, and the characters that end the list of codes it starts.
    let contexts: &[(&str, &[char])] = &[
        ("e.g. \"", &['"']),
        ("diagnostic `", &['`']),
        ("code: \"", &['"']),
        ("ignore[", &[']']),
        ("ignore: [", &[']']),
        ("--ignore ", &[' ', '`', '"']),
    ];
    let is_code_like = |word: &&str| {
        word.contains('-')
            && word.split('-').all(|part| {
                !part.is_empty() && part.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9'))
            })
    };
    let mut named = Vec::new();
    let comments = types.lines().filter(|line| {
        let line = line.trim_start();
        line.starts_with("/**") || line.starts_with('*') || line.starts_with("//")
    });
    for line in comments {
        for (context, ends) in contexts {
            for (at, _) in line.match_indices(context) {
                let rest = &line[at + context.len()..];
                let list = &rest[..rest.find(*ends).unwrap_or(rest.len())];
                named.extend(list.split([',', '"', '\'', ' ']).filter(is_code_like));
            }
        }
    }
    assert!(named.len() >= 2, "the doc comments name codes: {named:?}");
    for code in named {
        assert!(
            registered.contains(&code),
            "npm/types.d.ts or tools.d.ts names `{code}`, which is not a code"
        );
    }
}
