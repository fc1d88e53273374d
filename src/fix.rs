//! Applying the diagnostics' fixes to a spec's text, as `--fix` and "Fix all" do: each pass
//! applies the fixes that do not overlap, then checks the text again, until no fix is left or a
//! pass changes nothing (at most 100 passes). A pass whose fixes together bring a finding of a
//! new code applies its first fix alone.

use serde::Serialize;

use crate::diagnostic::{Applicability, Diagnostic};
use crate::edit::Offsets;
use crate::options::RenderOptions;
use crate::validate::validate_with;

/// At most this many passes: a fix that keeps producing another is not followed forever.
const MAX_PASSES: usize = 100;

/// What [`fix`] returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fixed {
    /// The text with the fixes applied (the source itself when none applies).
    pub text: String,
    /// How many fixes were applied, over every pass.
    pub applied: usize,
    /// The diagnostics of the fixed text.
    pub diagnostics: Vec<Diagnostic>,
}

/// Applies the spec's fixes: the safe ones, and the unsafe ones too when `unsafe_fixes` is set.
/// A suppressed finding's fix is not applied. Never panics.
///
/// ```
/// let text = "name: demo\nimage: alpine:3.20\negress_whitelist:\n  - 10.0.0.5/8\n  - 10.0.0.0/8\n";
/// let fixed = k7_spec::fix(text, &Default::default(), false);
/// assert_eq!(fixed.text, "name: demo\nimage: alpine:3.20\negress_whitelist:\n  - 10.0.0.0/8\n");
/// assert_eq!(fixed.applied, 2);
/// ```
pub fn fix(source: &str, options: &RenderOptions, unsafe_fixes: bool) -> Fixed {
    let mut text = source.to_owned();
    let mut applied = 0;
    let mut diagnostics = validate_with(&text, options);
    for _ in 0..MAX_PASSES {
        let offsets = Offsets::new(&text);
        let mut edits: Vec<(usize, usize, &str)> = diagnostics
            .iter()
            .filter(|d| d.suppressed.is_none())
            .filter_map(|d| {
                let fix = d
                    .fixes
                    .iter()
                    .find(|f| f.applicability == Applicability::Safe || unsafe_fixes)?;
                // Every fix is one edit of the text (see validate's resolve_fixes).
                let [edit] = &fix.edits[..] else { return None };
                let start = offsets.byte(edit.span.start.offset);
                let end = offsets.byte(edit.span.end.offset).max(start);
                Some((start, end, edit.text.as_str()))
            })
            .collect();
        edits.sort_by_key(|&(start, end, _)| (start, end));
        // Keep the edits that start after the previous one ends (an insertion at the same point
        // as another's end is kept too).
        let mut kept: Vec<(usize, usize, &str)> = Vec::new();
        for edit in edits {
            if kept
                .last()
                .is_none_or(|last| edit.0 >= last.1 && edit.0 > last.0)
            {
                kept.push(edit);
            }
        }
        if kept.is_empty() {
            break;
        }
        let apply = |edits: &[(usize, usize, &str)]| {
            let mut next = text.clone();
            for &(start, end, replacement) in edits.iter().rev() {
                next.replace_range(start..end, replacement);
            }
            let found = validate_with(&next, options);
            (next, found)
        };
        let (mut next, mut found) = apply(&kept);
        // Fixes planned apart can add up to what none of them means (removing each of a list's
        // two entries leaves the field null: open egress; a key renamed onto one another fix
        // adds): a pass whose result has a finding of a code the text had not applies its
        // first fix alone.
        let new_code = |found: &[Diagnostic]| {
            found
                .iter()
                .any(|f| !diagnostics.iter().any(|d| d.code == f.code))
        };
        if kept.len() > 1 && new_code(&found) {
            kept.truncate(1);
            (next, found) = apply(&kept);
        }
        applied += kept.len();
        text = next;
        diagnostics = found;
    }
    Fixed {
        text,
        applied,
        diagnostics,
    }
}
