//! Fixes, as properties over every fixture and generated specs: applying every safe fix (a)
//! leaves no diagnostic with a safe fix, (b) adds no error, (c) converges, (d) changes no byte
//! outside its edits, and (e) keeps what the spec renders to; each fix applies on its own.

mod common;

use k7_spec::{
    Applicability, Diagnostic, RenderOptions, Severity, TextEdit, fix, render, validate_with,
};
use proptest::prelude::*;

/// `text` with one edit applied, checking that its span's positions are the text's own.
fn apply(text: &str, edit: &TextEdit) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    let (start, end) = (
        edit.span.start.offset as usize,
        edit.span.end.offset as usize,
    );
    assert!(start <= end && end <= units.len(), "{edit:?}");
    let line = |offset: usize| {
        1 + units[..offset]
            .iter()
            .filter(|&&u| u == u16::from(b'\n'))
            .count() as u32
    };
    assert_eq!(edit.span.start.line, line(start), "{edit:?}");
    assert_eq!(edit.span.end.line, line(end), "{edit:?}");
    let mut out = String::from_utf16(&units[..start]).unwrap();
    out.push_str(&edit.text);
    out.push_str(&String::from_utf16(&units[end..]).unwrap());
    out
}

fn errors(diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut codes: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code.as_str().to_owned())
        .collect();
    codes.sort();
    codes
}

/// Every property for one spec; the problems found, named.
fn check(name: &str, text: &str, options: &RenderOptions) -> Vec<String> {
    let mut problems = Vec::new();
    let before = validate_with(text, options);
    // Each fix alone: it applies, and the result still reads (no syntax error of its own).
    for d in &before {
        for f in &d.fixes {
            assert!(
                !f.edits.is_empty(),
                "{name}: {} has a fix without edits",
                d.code
            );
            let after = apply(text, &f.edits[0]);
            let new_errors = errors(&validate_with(&after, options));
            let old_errors = errors(&before);
            if new_errors.iter().any(|e| !old_errors.contains(e)) {
                problems.push(format!(
                    "{name}: {}'s fix \"{}\" adds an error: {new_errors:?}",
                    d.code, f.title
                ));
            }
        }
    }
    let fixed = fix(text, options, false);
    // (a) nothing safe is left to fix.
    for d in &fixed.diagnostics {
        if d.suppressed.is_none()
            && d.fixes
                .iter()
                .any(|f| f.applicability == Applicability::Safe)
        {
            problems.push(format!(
                "{name}: {} still has a safe fix after fix()",
                d.code
            ));
        }
    }
    // (b) no new error.
    let (old, new) = (errors(&before), errors(&fixed.diagnostics));
    if new.iter().any(|e| !old.contains(e)) || new.len() > old.len() {
        problems.push(format!("{name}: errors {old:?} became {new:?}"));
    }
    // (c) a second pass changes nothing.
    let again = fix(&fixed.text, options, false);
    if again.text != fixed.text || again.applied != 0 {
        problems.push(format!(
            "{name}: a second fix() applied {} more",
            again.applied
        ));
    }
    // (d) when nothing applies, not a byte changes.
    if fixed.applied == 0 && fixed.text != text {
        problems.push(format!("{name}: no fix applied but the text changed"));
    }
    // (e) safe fixes keep what the spec renders to.
    let (was, is) = (render(text, options), render(&fixed.text, options));
    if was.ok && (!is.ok || was.manifests != is.manifests) {
        problems.push(format!("{name}: safe fixes changed the rendering"));
    }
    problems
}

#[test]
fn safe_fixes_keep_every_fixture_and_converge() {
    let mut problems = Vec::new();
    let mut fixes = 0;
    for (name, text) in common::fixtures() {
        for options in common::render::ALL_OPTIONS.iter() {
            fixes += validate_with(&text, options)
                .iter()
                .map(|d| d.fixes.len())
                .sum::<usize>();
            problems.extend(check(&name, &text, options));
        }
    }
    assert!(fixes > 0, "no fixture has a fix");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Unsafe fixes too: applied with the safe ones, they add no error and converge.
#[test]
fn unsafe_fixes_apply_too_and_leave_no_new_error() {
    for (name, text) in common::fixtures() {
        let options = RenderOptions::default();
        let before = errors(&validate_with(&text, &options));
        let fixed = fix(&text, &options, true);
        let after = errors(&fixed.diagnostics);
        assert!(
            after.iter().all(|e| before.contains(e)),
            "{name}: {before:?} -> {after:?}\n{}",
            fixed.text
        );
        assert_eq!(
            fix(&fixed.text, &options, true).applied,
            0,
            "{name}: unsafe fixes do not converge"
        );
    }
}

#[test]
fn fixes_keep_comments_crlf_and_the_bom() {
    let text = "\u{feff}# keep me\r\nname: demo  # and me\r\nimage: alpine:3.20\r\negress_whitelist:\r\n  - 10.0.0.5/8   # host bits\r\n  - 10.0.0.0/8\r\n";
    let fixed = fix(text, &RenderOptions::default(), false);
    assert_eq!(
        fixed.text,
        "\u{feff}# keep me\r\nname: demo  # and me\r\nimage: alpine:3.20\r\negress_whitelist:\r\n  - 10.0.0.0/8   # host bits\r\n"
    );
}

/// Specs with the findings that have fixes, written in varied styles.
fn spec_with_findings() -> impl Strategy<Value = String> {
    let entry = prop_oneof![
        Just("10.0.0.5/8".to_owned()),
        Just("10.0.0.0/8".to_owned()),
        Just("192.168.1.7/24".to_owned()),
        Just("pypi.org".to_owned()),
        Just("\"*.example.com\"".to_owned()),
    ];
    (
        proptest::collection::vec(entry, 0..6),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(entries, flow, crlf, comments, suppression)| {
            let nl = if crlf { "\r\n" } else { "\n" };
            let c = |s: &str| if comments { format!("  # {s}") } else { String::new() };
            let mut out = format!("name: demo{}{nl}image: alpine:3.20{nl}", c("the name"));
            if flow {
                out.push_str(&format!("egress_whitelist: [{}]{}{nl}", entries.join(", "), c("list")));
            } else {
                out.push_str(&format!("egress_whitelist:{}{nl}", c("list")));
                for e in &entries {
                    out.push_str(&format!("  - {e}{}{nl}", c("entry")));
                }
                if entries.is_empty() {
                    out = out.replace(&format!("egress_whitelist:{}{nl}", c("list")), &format!("egress_whitelist: []{nl}"));
                }
            }
            if suppression {
                out.push_str(&format!("pod_non_root: true  # k7-spec: ignore[cap-drop-empty, non-root-partial] because{nl}"));
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn generated_specs_keep_the_fix_properties(text in spec_with_findings()) {
        let options = RenderOptions::default();
        let problems = check("generated", &text, &options);
        prop_assert!(problems.is_empty(), "{}\n{}", text, problems.join("\n"));
    }
}
