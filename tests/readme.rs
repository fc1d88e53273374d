//! The documentation cannot drift from the code: its generated sections are current, and its
//! relative links lead somewhere.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::Kind;
use k7_spec::SECURITY_CHECKS;

/// The Pod Security Standards controls the explanation evaluates, next to the checks of other
/// tools that cover the same ground.
#[test]
fn readme_cross_references_the_security_checks() {
    let list = |ids: &[&str]| {
        if ids.is_empty() {
            "-".to_owned()
        } else {
            ids.iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let mut table = String::from(
        "| Pod Security Standards control | level | kube-linter | checkov | Polaris |\n|---|---|---|---|---|\n",
    );
    for check in SECURITY_CHECKS {
        let level = format!("{:?}", check.level).to_lowercase();
        table += &format!(
            "| {} | {level} | {} | {} | {} |\n",
            check.name,
            list(check.kube_linter),
            list(check.checkov),
            list(check.polaris)
        );
    }
    common::check_generated_section("docs/semantics.md", "security-checks", &table);
}

/// docs/semantics.md's table of fields, from the one declaration of each field.
#[test]
fn semantics_lists_every_field() {
    let mut table = String::from(
        "| field | type | required | default | example | meaning |\n|---|---|---|---|---|---|\n",
    );
    for field in common::FIELDS {
        let kind = match field.kind {
            Kind::Str => "string",
            Kind::Bool => "boolean",
            Kind::StrList => "list of strings",
            Kind::PortList => "list of ports",
            Kind::StrMap => "map of strings",
            Kind::MapList => "list of mappings",
        };
        let required = if field.required { "yes" } else { "no" };
        let default = field.default.map_or("-".into(), |d| format!("`{d}`"));
        let deprecated = field
            .deprecated
            .map_or(String::new(), |why| format!("{why} "));
        table += &format!(
            "| `{}` | {kind} | {required} | {default} | `{}` | {deprecated}{} |\n",
            field.name,
            field.example,
            // The description is Markdown; a `|` in it, even in a code span, would end the cell.
            field.description.replace('|', "\\|")
        );
    }
    common::check_generated_section("docs/semantics.md", "fields", &table);
}

/// The documents whose relative links are checked: the README, CONTRIBUTING.md and docs/.
fn documents() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs: Vec<PathBuf> = fs::read_dir(root.join("docs"))
        .expect("docs/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    [root.join("README.md"), root.join("CONTRIBUTING.md")]
        .into_iter()
        .chain(docs)
        .collect()
}

/// The Markdown outside fenced code blocks, with inline code removed, line by line.
fn prose(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            let pieces: Vec<&str> = line.split('`').collect();
            out.push(pieces.iter().step_by(2).copied().collect());
        }
    }
    out
}

/// The anchors GitHub gives a document's headings: lowercased, punctuation dropped, spaces as
/// hyphens.
fn anchors(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if let (false, Some(heading)) = (fenced, line.strip_prefix('#')) {
            let title = heading.trim_start_matches('#').trim().to_lowercase();
            out.push(
                title
                    .chars()
                    .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
                    .map(|c| if c == ' ' { '-' } else { c })
                    .collect(),
            );
        }
    }
    out
}

/// Every relative link of the README, CONTRIBUTING.md and docs/ points at a file that exists,
/// and every `#anchor` at a heading of its document.
#[test]
fn relative_links_point_at_existing_files_and_headings() {
    let mut broken = Vec::new();
    for doc in documents() {
        let text = fs::read_to_string(&doc).expect("readable document");
        let dir = doc.parent().expect("a document has a folder");
        for line in prose(&text) {
            for (_, rest) in line.match_indices("](").map(|(i, _)| line.split_at(i + 2)) {
                let target = rest.split(')').next().unwrap_or_default();
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
                let file = if path.is_empty() {
                    doc.clone()
                } else {
                    dir.join(path)
                };
                let name = doc.file_name().unwrap_or_default().to_string_lossy();
                if !file.exists() {
                    broken.push(format!("{name}: {target}: no such file"));
                } else if !anchor.is_empty() {
                    let linked = fs::read_to_string(&file).unwrap_or_default();
                    if !anchors(&linked).iter().any(|a| a == anchor) {
                        broken.push(format!("{name}: {target}: no such heading"));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The files under `dir` (recursively), skipping dependencies and build output.
fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("readable entry").path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if path.is_dir() {
            if !matches!(
                name.as_ref(),
                "node_modules" | "dist" | "snapshots" | "fixtures"
            ) {
                source_files(&path, out);
            }
        } else {
            out.push(path);
        }
    }
}

/// Code comments cite documents of this repository only, by `docs/<name>.md#<anchor>`: every
/// such citation names a document and a heading that exist, and nothing cites the design notes
/// that live outside the repository.
#[test]
fn citations_in_the_code_point_at_existing_headings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        "src", "tests", "benches", "scripts", "npm", "www/src", "www/test",
    ] {
        source_files(&root.join(dir), &mut files);
    }
    // Spelled in pieces so that this file does not cite them itself.
    let outside: Vec<String> = ["SPEC", "API", "STYLE", "K7-CODE"]
        .iter()
        .map(|name| format!("{name}.md"))
        .chain([format!("../{}/", "shared")])
        .collect();
    let mut broken = Vec::new();
    for file in files {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        let shown = file.strip_prefix(root).unwrap_or(&file).display();
        for name in outside.iter().filter(|name| text.contains(name.as_str())) {
            broken.push(format!(
                "{shown}: cites {name}, which is not in the repository"
            ));
        }
        for (at, _) in text.match_indices("docs/") {
            let rest = &text[at..];
            let end = rest
                .find(|c: char| {
                    !(c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '#' | '-' | '_'))
                })
                .unwrap_or(rest.len());
            let cited = rest[..end].trim_end_matches('.');
            let (path, anchor) = cited.split_once('#').unwrap_or((cited, ""));
            if !path.ends_with(".md") {
                continue;
            }
            match fs::read_to_string(root.join(path)) {
                Err(_) => broken.push(format!("{shown}: {cited}: no such document")),
                Ok(doc) if !anchor.is_empty() && !anchors(&doc).iter().any(|a| a == anchor) => {
                    broken.push(format!("{shown}: {cited}: no such heading"))
                }
                Ok(_) => {}
            }
        }
    }
    assert!(
        broken.is_empty(),
        "broken citations:\n{}",
        broken.join("\n")
    );
}
