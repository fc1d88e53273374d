//! Every fixture against its expectations and its reviewed diagnostics snapshot.

mod common;

use k7_spec::{Severity, validate};

#[test]
fn fixtures_match_expectations_and_snapshots() {
    let mut failures = Vec::new();
    for (name, text) in common::fixtures() {
        let diagnostics = validate(&text);
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
        let expected = common::expectations(&name, &text);
        assert!(!expected.is_empty(), "{name} has no `# expect:` line");
        for code in &expected {
            if code == "no errors" {
                if let Some(e) = diagnostics.iter().find(|d| d.severity == Severity::Error) {
                    failures.push(format!("{name}: expected no errors, got {e:?}"));
                }
            } else if !codes.contains(&code.as_str()) {
                failures.push(format!("{name}: expected `{code}`, got {codes:?}"));
            }
        }
        let snapshot = format!("{}\n", common::annotate(&text, &diagnostics));
        if let Some(diff) = common::check_snapshot(&format!("validate/{name}.snap"), &snapshot) {
            failures.push(diff);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
