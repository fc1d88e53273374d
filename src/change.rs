//! Places in a spec's text and the changes a fix or an editor makes to it: positions and spans
//! (in UTF-16 units, as editors count), operations on the spec (what a fix plans) and
//! replacements of the text (what an editor applies). Types only: `edit` applies the changes,
//! diagnostics carry all of them.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// A point in the source text.
///
/// `line` and `column` are 1-based; `column` and `offset` count UTF-16 code units, the unit of
/// JavaScript strings, CodeMirror and Monaco, so a position can index the editor's text directly.
/// `offset` is 0-based from the start of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in UTF-16 code units.
    pub column: u32,
    /// 0-based offset from the start of the text, in UTF-16 code units.
    pub offset: u32,
}

/// A range of the source text; `end` is exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// First position of the range.
    pub start: Position,
    /// Position just after the range.
    pub end: Position,
}

/// One change to a spec's text.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(tag = "op", rename_all = "camelCase", deny_unknown_fields)]
pub enum Operation {
    /// Sets the value at `path`, adding the key (or the list's next item) when it is missing.
    Set {
        /// JSON Pointer: `/pod_non_root`, `/limits/cpu`, `/egress_whitelist/2`.
        path: String,
        /// The new value.
        value: Json,
    },
    /// Inserts `value` into a list before the item at `path` (`/egress_whitelist/0`).
    Insert {
        /// JSON Pointer to a list item; the list's length appends.
        path: String,
        /// The new item.
        value: Json,
    },
    /// Appends `value` to the list at `path`, creating the list when it is missing.
    Append {
        /// JSON Pointer to a list.
        path: String,
        /// The new item.
        value: Json,
    },
    /// Removes the key or list item at `path`.
    Remove {
        /// JSON Pointer.
        path: String,
    },
    /// Renames the key at `path` to `to`, keeping its value.
    Rename {
        /// JSON Pointer to a key.
        path: String,
        /// The new key.
        to: String,
    },
    /// Replaces the text between two UTF-16 offsets.
    Replace {
        /// UTF-16 offset where the replaced text starts.
        start: u32,
        /// UTF-16 offset just after it.
        end: u32,
        /// The new text.
        text: String,
    },
}

/// One replacement in a text, as CodeMirror and Monaco apply it: the UTF-16 span replaced and
/// the new text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextEdit {
    /// The replaced range of the text the edit applies to.
    pub span: Span,
    /// The text that replaces it.
    pub text: String,
}
