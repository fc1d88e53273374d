//! Applying the diagnostics' fixes to a spec's text, as `--fix` and "Fix all" do: each pass
//! applies every fix that does not overlap one before it, then checks the text again, until no
//! fix is left or a pass changes nothing.

use serde::Serialize;

use crate::diagnostic::{Applicability, Diagnostic};
use crate::edit::byte_at;
use crate::options::RenderOptions;
use crate::validate::validate_with;

/// At most this many passes: a fix that keeps producing another is not followed forever.
const MAX_PASSES: usize = 16;

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
        let mut edits: Vec<(usize, usize, &str)> = diagnostics
            .iter()
            .filter(|d| d.suppressed.is_none())
            .filter_map(|d| {
                d.fixes
                    .iter()
                    .find(|f| f.applicability == Applicability::Safe || unsafe_fixes)
            })
            .filter_map(|f| {
                // A fix's edits go together or not at all.
                let spans: Vec<(usize, usize, &str)> = f
                    .edits
                    .iter()
                    .map(|e| {
                        let start = byte_at(&text, e.span.start.offset);
                        (
                            start,
                            byte_at(&text, e.span.end.offset).max(start),
                            e.text.as_str(),
                        )
                    })
                    .collect();
                (spans.len() == 1).then(|| spans[0])
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
        let mut next = text.clone();
        for &(start, end, replacement) in kept.iter().rev() {
            next.replace_range(start..end, replacement);
        }
        applied += kept.len();
        text = next;
        diagnostics = validate_with(&text, options);
    }
    Fixed {
        text,
        applied,
        diagnostics,
    }
}
