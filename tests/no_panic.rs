//! Generated inputs: `validate` never panics, and what it returns is well-formed (spans inside
//! the text, start before end, diagnostics sorted), on arbitrary bytes and on mutated specs.

mod common;

use k7_spec::{Diagnostic, validate};
use proptest::prelude::*;

/// The fixtures, read once for all cases.
static FIXTURES: std::sync::LazyLock<Vec<(String, String)>> =
    std::sync::LazyLock::new(common::fixtures);

fn well_formed(source: &str, diagnostics: &[Diagnostic]) -> Result<(), TestCaseError> {
    let len = source.encode_utf16().count() as u32;
    for d in diagnostics {
        let span = d
            .span
            .ok_or_else(|| TestCaseError::fail(format!("{} has no span", d.code)))?;
        prop_assert!(span.start.offset <= span.end.offset, "{d:?}");
        prop_assert!(span.end.offset <= len, "{d:?} beyond {len}");
        prop_assert!(span.start.line >= 1 && span.start.column >= 1, "{d:?}");
    }
    let offsets: Vec<u32> = diagnostics
        .iter()
        .filter_map(|d| d.span.map(|s| s.start.offset))
        .collect();
    prop_assert!(
        offsets.windows(2).all(|w| w[0] <= w[1]),
        "not sorted: {offsets:?}"
    );
    Ok(())
}

/// One edit: insert, delete or replace a character at a position, drawn from the characters
/// that matter to YAML and to the validators.
#[derive(Clone, Debug)]
enum Edit {
    Insert(usize, char),
    Delete(usize),
    Replace(usize, char),
}

fn edit() -> impl Strategy<Value = Edit> {
    let chars = prop::sample::select(vec![
        ':', '-', '[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', '\'', '"', ' ', '\t',
        '\n', '\r', '/', '.', '0', '9', 'a', 'Z', '?', '%', '@', '`', '\u{feff}', 'é', '沙', '😀',
        '\\', '<',
    ]);
    prop_oneof![
        (any::<usize>(), chars.clone()).prop_map(|(i, c)| Edit::Insert(i, c)),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), chars).prop_map(|(i, c)| Edit::Replace(i, c)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        match *e {
            Edit::Insert(i, c) => chars.insert(i % (chars.len() + 1), c),
            Edit::Delete(i) if !chars.is_empty() => {
                chars.remove(i % chars.len());
            }
            Edit::Replace(i, c) if !chars.is_empty() => {
                let n = chars.len();
                chars[i % n] = c;
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

proptest! {
    // 2,000 cases each in `make test`; PROPTEST_CASES=100000 for a longer run.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(2000)
    ))]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let source = String::from_utf8_lossy(&bytes);
        well_formed(&source, &validate(&source))?;
    }

    #[test]
    fn yaml_like_text(source in "[ a-z0-9:\\-\\[\\]{},#&*!|>'\"\n\t./]{0,300}") {
        well_formed(&source, &validate(&source))?;
    }

    #[test]
    fn mutated_fixtures(index in any::<usize>(), edits in prop::collection::vec(edit(), 1..8)) {
        let (_, text) = &FIXTURES[index % FIXTURES.len()];
        let source = apply(text, &edits);
        well_formed(&source, &validate(&source))?;
    }
}
