//! Helpers of the fix suites: applying a diagnostic's fix to a text, and checking what it gives.

use k7_spec::{Applicability, Diagnostic, Fix, Operation, Severity, edit, validate};

/// The text with the fix's edits applied, through `edit`'s `replace` (last edit first: the
/// edits are in the original text's positions).
pub fn apply(text: &str, fix: &Fix) -> String {
    let mut edits: Vec<_> = fix.edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start.offset));
    let operations: Vec<Operation> = edits
        .iter()
        .map(|e| Operation::Replace {
            start: e.span.start.offset,
            end: e.span.end.offset,
            text: e.text.clone(),
        })
        .collect();
    edit(text, &operations).unwrap_or_else(|e| panic!("{}: {e}", fix.title))
}

/// The diagnostic `code` at `path` of a text.
pub fn find<'d>(diagnostics: &'d [Diagnostic], code: &str, path: &str) -> Option<&'d Diagnostic> {
    diagnostics
        .iter()
        .find(|d| d.code == code && d.path == path)
}

/// The fixes of the diagnostic `code` at `path` of `text`, as (title, kind).
pub fn fixes_of(text: &str, code: &str, path: &str) -> Vec<(String, Applicability)> {
    let diagnostics = validate(text);
    let d = find(&diagnostics, code, path)
        .unwrap_or_else(|| panic!("no `{code}` at {path} in:\n{text}\n{diagnostics:#?}"));
    d.fixes
        .iter()
        .map(|f| (f.title.clone(), f.applicability))
        .collect()
}

fn errors(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code.as_str())
        .collect()
}

/// Applies the fix titled `title` of the diagnostic `code` at `path` of `text` and checks its
/// kind (one its code declares), the text it gives, that the diagnostic is gone from that text
/// and that no other error appears; returns the fixed text.
pub fn check(
    text: &str,
    code: &str,
    path: &str,
    title: &str,
    kind: Applicability,
    expected: &str,
) -> String {
    let diagnostics = validate(text);
    let d = find(&diagnostics, code, path)
        .unwrap_or_else(|| panic!("no `{code}` at {path} in:\n{text}\n{diagnostics:#?}"));
    let fix = d
        .fixes
        .iter()
        .find(|f| f.title == title)
        .unwrap_or_else(|| panic!("`{code}` at {path} has no fix {title:?}: {:#?}", d.fixes));
    assert_eq!(fix.applicability, kind, "{title}");
    assert!(
        d.code.fixes().contains(&kind),
        "`{code}` does not declare {kind:?} fixes in src/diagnostic.rs's codes!"
    );
    let fixed = apply(text, fix);
    assert_eq!(fixed, expected, "{title}");
    let after = validate(&fixed);
    assert!(
        find(&after, code, path).is_none(),
        "`{code}` at {path} is still there after {title:?}:\n{fixed}"
    );
    let (was, is) = (errors(&diagnostics), errors(&after));
    assert!(
        is.iter().all(|e| *e == code || was.contains(e)),
        "{title:?} adds an error: {was:?} -> {is:?}\n{fixed}"
    );
    fixed
}
