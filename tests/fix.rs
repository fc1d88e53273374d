//! Fixes, as properties over every fixture and generated specs: applying every safe fix (a)
//! leaves no diagnostic with a safe fix, (b) adds no error, (c) converges, (d) changes no byte
//! outside its edits, and (e) each safe fix changes what the spec renders to only in what its
//! title names; each fix applies on its own.

mod common;

use common::fixes::apply;
use k7_spec::{
    Applicability, Diagnostic, RenderOptions, Severity, TextEdit, fix, render, validate_with,
};
use proptest::prelude::*;
use serde_json::Value;

/// Checks that an edit's span's lines are the text's own lines at its offsets.
fn check_positions(text: &str, edit: &TextEdit) {
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
}

/// The words a fix's title names in backticks (`Write \`NET_ADMIN\``): what it may change.
fn named(title: &str) -> Vec<String> {
    title
        .split('`')
        .skip(1)
        .step_by(2)
        .flat_map(|w| w.split([':', ' ', '"']))
        .filter(|w| w.len() > 1)
        .map(str::to_owned)
        .collect()
}

/// Whether two renderings differ only in values that mention a named word: a changed scalar,
/// or a list's items added or taken away.
fn differs_only_in(a: &Value, b: &Value, words: &[String]) -> bool {
    let mentions = |v: &Value| {
        let text = v.to_string();
        words.iter().any(|w| text.contains(w.as_str()))
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.keys()
                .chain(y.keys())
                .all(|k| match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => differs_only_in(p, q, words),
                    (Some(v), None) | (None, Some(v)) => mentions(v),
                    (None, None) => true,
                })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).all(|(p, q)| differs_only_in(p, q, words))
        }
        (Value::Array(x), Value::Array(y)) => x
            .iter()
            .filter(|v| !y.contains(v))
            .chain(y.iter().filter(|v| !x.contains(v)))
            .all(mentions),
        _ => a == b || mentions(a) || mentions(b),
    }
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
    let old_errors = errors(&before);
    let was = render(text, options);
    // Each fix alone: its positions are the text's, it adds no error, and a safe one changes
    // the rendering only in what its title names (e).
    for d in &before {
        for f in &d.fixes {
            assert!(
                !f.edits.is_empty(),
                "{name}: {} has a fix without edits",
                d.code
            );
            f.edits.iter().for_each(|e| check_positions(text, e));
            let after = apply(text, f);
            let new_errors = errors(&validate_with(&after, options));
            if new_errors.iter().any(|e| !old_errors.contains(e)) {
                problems.push(format!(
                    "{name}: {}'s fix \"{}\" adds an error: {new_errors:?}",
                    d.code, f.title
                ));
            }
            let is = render(&after, options);
            let words = named(&f.title);
            let kept = is.ok
                && differs_only_in(
                    &Value::Array(was.manifests.clone()),
                    &Value::Array(is.manifests),
                    &words,
                );
            if f.applicability == Applicability::Safe && was.ok && !kept {
                problems.push(format!(
                    "{name}: the safe fix \"{}\" changes the rendering beyond {words:?}",
                    f.title
                ));
            }
        }
    }
    let fixed = fix(text, options, false);
    // (a) nothing safe is left to fix.
    for d in &fixed.diagnostics {
        let safe = d
            .fixes
            .iter()
            .any(|f| f.applicability == Applicability::Safe);
        if d.suppressed.is_none() && safe {
            problems.push(format!(
                "{name}: {} still has a safe fix after fix()",
                d.code
            ));
        }
    }
    // (b) no new error.
    let new = errors(&fixed.diagnostics);
    if new.iter().any(|e| !old_errors.contains(e)) || new.len() > old_errors.len() {
        problems.push(format!("{name}: errors {old_errors:?} became {new:?}"));
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
    // The safe fixes together still render.
    if was.ok && !render(&fixed.text, options).ok {
        problems.push(format!("{name}: the fixed spec no longer renders"));
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
