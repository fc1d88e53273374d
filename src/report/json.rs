//! The JSON formats: `json` (`[{file, diagnostics}]`, as the CLI always printed it) and
//! `json-lines` (one compact object per finding), and the JSON text every JSON format shares.

use serde::Serialize;

use super::{Checked, diagnostics, text::unprintable};
use crate::diagnostic::Diagnostic;

/// `[{file, diagnostics}]`, with `{file, error, diagnostics: []}` for an unreadable file.
/// Suppressed findings are listed too, marked by their `suppressed` field.
pub(super) fn report(files: &[Checked]) -> String {
    #[derive(Serialize)]
    struct Entry<'a> {
        file: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<&'a str>,
        diagnostics: &'a [Diagnostic],
    }
    let entries: Vec<Entry> = files
        .iter()
        .map(|f| Entry {
            file: &f.file,
            error: f.result.as_ref().err().map(String::as_str),
            diagnostics: diagnostics(f),
        })
        .collect();
    text(&entries, true)
}

/// One compact object a line: `{file, ...diagnostic}` per finding (suppressed ones included),
/// `{file, error}` per unreadable file, in the files' order.
pub(super) fn lines(files: &[Checked]) -> String {
    #[derive(Serialize)]
    #[serde(untagged)]
    enum Line<'a> {
        Finding {
            file: &'a str,
            #[serde(flatten)]
            diagnostic: &'a Diagnostic,
        },
        Unreadable {
            file: &'a str,
            error: &'a str,
        },
    }
    let mut out = String::new();
    for f in files {
        let file = &f.file;
        let lines: Vec<Line> = match &f.result {
            Ok(diagnostics) => diagnostics
                .iter()
                .map(|diagnostic| Line::Finding { file, diagnostic })
                .collect(),
            Err(error) => vec![Line::Unreadable { file, error }],
        };
        for line in lines {
            out.push_str(&text(&line, false));
        }
    }
    out
}

/// JSON text ending in a newline, pretty (indented by 2 spaces) or compact, with every
/// character the terminal must not receive (see [`unprintable`]) written as `\uXXXX`: the same
/// data, safe to print. JSON's own newlines between lines stay.
pub(super) fn text<T: Serialize + ?Sized>(value: &T, pretty: bool) -> String {
    let json = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    // Serialising these types cannot fail: every map key is a string.
    let json = json.unwrap_or_default();
    let mut out = String::with_capacity(json.len() + 1);
    for c in json.chars() {
        if c != '\n' && unprintable(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}
