//! Suppressions: `# k7-spec: ignore[code, ...] reason` comments and the `ignore` option.
//!
//! A comment after a value suppresses the findings that start on its line; a comment on a line
//! of its own suppresses those on the next line that holds more than comments. The reason is
//! required. Errors cannot be suppressed (K7 refuses the spec, or it cannot mean what it says),
//! nor can the findings about suppressions themselves, except through the `ignore` option. A
//! suppressed finding stays in the list, marked with [`Suppressed`]; a comment's code that
//! suppresses nothing is reported as `suppression-unused`.

use std::collections::HashMap;

use crate::change::Operation;
use crate::diagnostic::{
    Applicability, Code, Diagnostic, Position, Severity, Span, Suppressed, SuppressionKind,
};
use crate::edit::byte_at;
use crate::options::Ignore;
use crate::source::{LineIndex, Node, Value};

/// What introduces a suppression comment, after the `#` and any spaces.
const MARKER: &str = "k7-spec:";
/// The syntax, for help lines.
const SYNTAX: &str = "write `# k7-spec: ignore[code] why this is fine`";

/// Marks the findings that comments in `text` or the `ignore` option suppress, and adds the
/// findings about the comments themselves. `root` is the document's tree: a `#` inside one of
/// its scalars (a quoted string, a block script) is text, not a comment. Without a tree (text
/// that could not be read) only the option applies.
pub(crate) fn apply(
    text: &str,
    lines: &LineIndex,
    root: Option<&Node>,
    ignore: &[Ignore],
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Most specs have no suppression: then neither the tree nor the lines are walked (validate
    // runs on every keystroke in the editor).
    if let Some(root) = root.filter(|_| text.contains(MARKER)) {
        let scalars = scalar_ranges(root);
        let comments = comments(text, &scalars, lines);
        let mut directives = Vec::new();
        for comment in &comments.found {
            if let Some(directive) = Directive::read(comment, &comments.content_lines, diagnostics)
            {
                directives.push(directive);
            }
        }
        suppress_by_comments(&mut directives, diagnostics);
        report_unused(text, &directives, diagnostics);
    }
    for d in diagnostics.iter_mut() {
        if d.suppressed.is_some() || d.severity == Severity::Error {
            continue;
        }
        if let Some(rule) = ignore.iter().find(|i| i.code == d.code) {
            d.suppressed = Some(Suppressed {
                kind: SuppressionKind::Option,
                reason: rule.reason.clone(),
            });
        }
    }
}

/// The UTF-16 ranges of every scalar in the tree, sorted, for telling comments from text.
fn scalar_ranges(root: &Node) -> Vec<(u32, u32)> {
    let mut ranges = Vec::new();
    let mut stack = vec![root];
    // Aliases share nodes, so a node can be met more than once; the tree is bounded by the
    // reader's alias budget.
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Scalar { .. } => {
                if let Some(span) = node.span {
                    ranges.push((span.start.offset, span.end.offset));
                }
            }
            Value::Seq(items) => stack.extend(items.iter().map(|n| n.as_ref())),
            Value::Map(entries) => {
                for (k, v) in entries {
                    stack.push(k);
                    stack.push(v);
                }
            }
        }
    }
    ranges.sort_unstable();
    ranges.dedup();
    ranges
}

/// Whether `offset` lies inside one of the sorted, disjoint `ranges`.
fn inside(ranges: &[(u32, u32)], offset: u32) -> bool {
    let after = ranges.partition_point(|&(start, _)| start <= offset);
    after > 0 && ranges.get(after - 1).is_some_and(|&(_, end)| offset < end)
}

/// A comment: its text after the `#`, where the `#` is, and whether it has its line to itself.
struct Comment<'a> {
    body: &'a str,
    /// UTF-16 offset of the first character of `body`.
    body_offset: u32,
    start: Position,
    end: Position,
    own_line: bool,
}

/// The comments of a text, and for each line (0-based) whether it holds more than comments
/// and blanks.
struct Comments<'a> {
    found: Vec<Comment<'a>>,
    content_lines: Vec<bool>,
}

/// Finds the comments that could be suppressions: a `#` at the start of a line or after a
/// space or tab, outside every scalar, whose text starts with the marker. Line breaks are
/// counted as [`LineIndex`] counts them.
fn comments<'a>(text: &'a str, scalars: &[(u32, u32)], lines: &LineIndex) -> Comments<'a> {
    let mut found = Vec::new();
    let mut content_lines = Vec::new();
    let mut offset: u32 = 0;
    let mut rest = text;
    while !rest.is_empty() || content_lines.is_empty() {
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = rest.get(..end).unwrap_or_default();
        let mut content = false;
        let mut previous_blank = true;
        let mut column_offset = offset;
        for (index, c) in line.char_indices() {
            if c == '#' && previous_blank && !inside(scalars, column_offset) {
                let body = line.get(index + 1..).unwrap_or_default();
                if body.trim_start_matches([' ', '\t']).starts_with(MARKER) {
                    found.push(Comment {
                        body,
                        body_offset: column_offset + 1,
                        start: lines.position(column_offset),
                        end: lines.position(column_offset + body.encode_utf16().count() as u32 + 1),
                        own_line: !content,
                    });
                }
                break;
            }
            previous_blank = matches!(c, ' ' | '\t' | '\u{feff}');
            content |= !previous_blank;
            column_offset += c.len_utf16() as u32;
        }
        content_lines.push(content);
        offset += line.encode_utf16().count() as u32;
        let after = rest.get(end..).unwrap_or_default();
        let break_len = if after.starts_with("\r\n") {
            2
        } else {
            usize::from(!after.is_empty())
        };
        offset += break_len as u32;
        rest = after.get(break_len..).unwrap_or_default();
        if break_len == 0 {
            break;
        }
    }
    Comments {
        found,
        content_lines,
    }
}

/// A well-formed suppression comment: the line it covers, its codes (with their spans, and
/// whether each has suppressed something) and its reason.
struct Directive {
    line: u32,
    /// The whole comment, `#` to the end of the line.
    comment: Span,
    codes: Vec<(Code, Span, bool)>,
    reason: String,
}

impl Directive {
    /// Reads a comment that starts with the marker, reporting what cannot be honoured. `None`
    /// when it suppresses nothing (malformed, no reason, no valid code).
    fn read(
        comment: &Comment<'_>,
        content_lines: &[bool],
        out: &mut Vec<Diagnostic>,
    ) -> Option<Directive> {
        let span = Span {
            start: comment.start,
            end: comment.end,
        };
        let invalid = |message: String| {
            Diagnostic::new(Code::SuppressionInvalid, "", Some(span), message).help(SYNTAX)
        };
        let body = comment.body;
        let after_marker = body.trim_start_matches([' ', '\t']).get(MARKER.len()..)?;
        let Some(list) = after_marker
            .trim_start_matches([' ', '\t'])
            .strip_prefix("ignore[")
        else {
            out.push(invalid(format!(
                "`#{body}` is not a suppression: it must read `k7-spec: ignore[code] reason`"
            )));
            return None;
        };
        let Some(close) = list.find(']') else {
            out.push(invalid(format!("`#{body}` has no `]` after its codes")));
            return None;
        };
        let reason = list.get(close + 1..).unwrap_or_default().trim();
        // UTF-16 offset of the list's first character.
        let list_offset =
            comment.body_offset + units(body.get(..body.len() - list.len()).unwrap_or_default());
        let mut codes = Vec::new();
        let mut refused = false;
        let mut at = list_offset;
        for item in list.get(..close).unwrap_or_default().split(',') {
            let name = item.trim_matches([' ', '\t']);
            let lead = units(item) - units(item.trim_start_matches([' ', '\t']));
            let start = at + lead;
            let code_span = Span {
                start: shift(comment.start, start),
                end: shift(comment.start, start + units(name)),
            };
            at += units(item) + 1;
            if name.is_empty() {
                continue;
            }
            let accepted = Ignore::new(name, None);
            refused |= !matches!(&accepted, Ok(i) if !is_about_suppressions(i.code));
            match accepted {
                Ok(ignore) if is_about_suppressions(ignore.code) => out.push(
                    Diagnostic::new(
                        Code::SuppressionInvalid,
                        "",
                        Some(code_span),
                        format!("`{name}` cannot be ignored by a comment"),
                    )
                    .help("ignore it with the `ignore` option or `--ignore`, or fix the comment"),
                ),
                Ok(ignore) => codes.push((ignore.code, code_span, false)),
                Err(why) => out.push(Diagnostic::new(
                    Code::SuppressionInvalid,
                    "",
                    Some(code_span),
                    why,
                )),
            }
        }
        if codes.is_empty() {
            if !refused {
                out.push(invalid(format!("`#{body}` names no code")));
            }
            return None;
        }
        if reason.is_empty() {
            out.push(
                Diagnostic::new(
                    Code::SuppressionInvalid,
                    "",
                    Some(span),
                    "the suppression gives no reason, so it suppresses nothing",
                )
                .help("say why after the `]`: `# k7-spec: ignore[code] the image needs it`"),
            );
            return None;
        }
        // The line a comment of its own covers is the next one with more than comments.
        let own = comment.start.line;
        let line = if comment.own_line {
            content_lines
                .iter()
                .enumerate()
                .skip(own as usize)
                .find(|(_, content)| **content)
                .map_or(own, |(index, _)| index as u32 + 1)
        } else {
            own
        };
        Some(Directive {
            line,
            comment: span,
            codes,
            reason: reason.to_owned(),
        })
    }
}

/// Whether a code reports on suppressions, which comments cannot suppress.
fn is_about_suppressions(code: Code) -> bool {
    matches!(code, Code::SuppressionInvalid | Code::SuppressionUnused)
}

/// UTF-16 length of a string.
fn units(text: &str) -> u32 {
    text.encode_utf16().count() as u32
}

/// The position `to` (a UTF-16 offset on the same line as `from`).
fn shift(from: Position, to: u32) -> Position {
    Position {
        line: from.line,
        column: from.column + (to - from.offset),
        offset: to,
    }
}

/// Marks each finding that a directive covers (same line, same code).
fn suppress_by_comments(directives: &mut [Directive], diagnostics: &mut [Diagnostic]) {
    let mut by_line: HashMap<u32, Vec<usize>> = HashMap::new();
    for (index, directive) in directives.iter().enumerate() {
        by_line.entry(directive.line).or_default().push(index);
    }
    for d in diagnostics.iter_mut() {
        let Some(span) = d.span else { continue };
        if d.severity == Severity::Error || is_about_suppressions(d.code) {
            continue;
        }
        let Some(indices) = by_line.get(&span.start.line) else {
            continue;
        };
        for &index in indices {
            let Some(directive) = directives.get_mut(index) else {
                continue;
            };
            if let Some(entry) = directive.codes.iter_mut().find(|(c, _, _)| *c == d.code) {
                entry.2 = true;
                d.suppressed = Some(Suppressed {
                    kind: SuppressionKind::Comment,
                    reason: Some(directive.reason.clone()),
                });
                break;
            }
        }
    }
}

/// A `suppression-unused` finding for each code of a directive that suppressed nothing, with
/// the safe fix: the code out of the comment, or the comment (with its line when it has one of
/// its own) when none of its codes is used.
fn report_unused(text: &str, directives: &[Directive], diagnostics: &mut Vec<Diagnostic>) {
    for directive in directives {
        let unused = directive.codes.iter().filter(|c| !c.2).count();
        for &(code, span, used) in &directive.codes {
            if used {
                continue;
            }
            let (title, start, end) = if unused == directive.codes.len() {
                let (start, end) = comment_extent(text, directive.comment);
                ("Remove the comment".to_owned(), start, end)
            } else {
                let (start, end) = list_item_extent(text, span);
                (format!("Remove `{code}` from the comment"), start, end)
            };
            diagnostics.push(
                Diagnostic::new(
                    Code::SuppressionUnused,
                    "",
                    Some(span),
                    format!(
                        "`{code}` is ignored on line {}, where there is no such finding",
                        directive.line
                    ),
                )
                .help("remove it from the comment, or move the comment next to the finding")
                .fix(
                    Applicability::Safe,
                    title,
                    vec![Operation::Replace {
                        start,
                        end,
                        text: String::new(),
                    }],
                ),
            );
        }
    }
}

/// The UTF-16 range a comment takes with the spaces before it, or its whole line (with the line
/// break) when nothing else is on it.
fn comment_extent(text: &str, comment: Span) -> (u32, u32) {
    let at = byte_at(text, comment.start.offset);
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    if before.trim().is_empty() {
        let end = byte_at(text, comment.end.offset);
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        return (units(&text[..line_start]), units(&text[..line_end]));
    }
    let spaces = before.len() - before.trim_end().len();
    (comment.start.offset - spaces as u32, comment.end.offset)
}

/// The UTF-16 range of one code in `ignore[a, b]` with the separator that goes with it.
fn list_item_extent(text: &str, code: Span) -> (u32, u32) {
    let (start, end) = (
        byte_at(text, code.start.offset),
        byte_at(text, code.end.offset),
    );
    let after = &text[end..];
    let trailing = after.trim_start();
    if let Some(rest) = trailing.strip_prefix(',') {
        let gap = rest.len() - rest.trim_start().len();
        let cut = after.len() - rest.len() + gap;
        return (code.start.offset, code.end.offset + units(&after[..cut]));
    }
    let before = &text[..start];
    let leading = before.trim_end();
    match leading.strip_suffix(',') {
        Some(kept) => (units(kept), code.end.offset),
        None => (code.start.offset, code.end.offset),
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::{Code, Diagnostic, SuppressionKind};
    use crate::options::{Ignore, RenderOptions};

    fn check(text: &str, ignore: Vec<Ignore>) -> Vec<Diagnostic> {
        crate::validate_with(
            text,
            &RenderOptions {
                ignore,
                ..RenderOptions::default()
            },
        )
    }

    fn find(diagnostics: &[Diagnostic], code: Code) -> Vec<&Diagnostic> {
        diagnostics.iter().filter(|d| d.code == code).collect()
    }

    const BASE: &str = "name: demo\nimage: alpine:3.20\negress_whitelist: []\n";

    #[test]
    fn positions_count_utf16_after_a_bom_and_emoji_with_crlf_and_lone_cr() {
        for (head, break_) in [("\u{feff}", "\r\n"), ("", "\r"), ("", "\n")] {
            let text = format!(
                "{head}name: demo{break_}image: alpine:3.20{break_}egress_whitelist: []{break_}\
                 cap_add: [SYS_ADMIN]  # 🦀 k7-spec: ignore[powerful-capability] x{break_}\
                 cap_drop: [ALL] # k7-spec: ignore[cidr-host-bits] 🦀 nothing here"
            );
            let d = check(&text, vec![]);
            let added = find(&d, Code::PowerfulCapability);
            // The 🦀 comes before the marker, so this is an ordinary comment.
            assert!(added[0].suppressed.is_none(), "{d:#?}");
            let unused = find(&d, Code::SuppressionUnused);
            let span = unused[0].span.unwrap();
            assert_eq!(
                (span.start.line, span.start.column),
                (5, 35),
                "{head:?}{break_:?}"
            );
            assert_eq!(span.end.column - span.start.column, 14);
            let lines: Vec<&str> = text.split(break_).collect();
            let line: Vec<u16> = lines[4].encode_utf16().collect();
            let at = span.start.column as usize - 1;
            let code = String::from_utf16(&line[at..at + 14]).unwrap();
            assert_eq!(code, "cidr-host-bits");
        }
    }

    #[test]
    fn a_hash_inside_a_value_is_not_a_comment() {
        let text = "name: demo\nimage: alpine:3.20#k7-spec:x\negress_whitelist: []\n\
                    env_file: '/a # k7-spec: ignore[x] y'\n";
        let d = check(text, vec![]);
        assert!(find(&d, Code::SuppressionInvalid).is_empty(), "{d:#?}");
    }

    #[test]
    fn stacked_comments_cover_the_next_line_with_content() {
        let text = format!(
            "{BASE}# k7-spec: ignore[powerful-capability] fuse\n\n\
             # k7-spec: ignore[capability-prefix] written as the image's docs write it\n\
             cap_add: [CAP_SYS_ADMIN]\n"
        );
        let d = check(&text, vec![]);
        assert!(
            d.iter()
                .all(|d| d.code == Code::DnsBlocked || d.suppressed.is_some()),
            "{d:#?}"
        );
        assert!(find(&d, Code::SuppressionUnused).is_empty());
    }

    #[test]
    fn the_option_suppresses_with_its_reason_and_a_comment_wins() {
        let text =
            format!("{BASE}cap_add: [SYS_ADMIN]  # k7-spec: ignore[powerful-capability] fuse\n");
        let ignore = vec![
            Ignore::new("powerful-capability", Some("policy".into())).unwrap(),
            Ignore::new("dns-blocked", None).unwrap(),
        ];
        let d = check(&text, ignore);
        let by = find(&d, Code::PowerfulCapability)[0]
            .suppressed
            .clone()
            .unwrap();
        assert_eq!(
            (by.kind, by.reason.as_deref()),
            (SuppressionKind::Comment, Some("fuse"))
        );
        let by = find(&d, Code::DnsBlocked)[0].suppressed.clone().unwrap();
        assert_eq!((by.kind, by.reason), (SuppressionKind::Option, None));
    }

    #[test]
    fn errors_stay_whatever_asks_to_suppress_them() {
        let text = format!("{BASE}ingress_ports: [0]\n");
        // Built by hand, past Ignore::new's refusal.
        let ignore = vec![Ignore {
            code: Code::InvalidPort,
            reason: None,
        }];
        let d = check(&text, ignore);
        assert!(find(&d, Code::InvalidPort)[0].suppressed.is_none());
    }

    #[test]
    fn findings_about_suppressions_yield_only_to_the_option() {
        let text = format!(
            "{BASE}name2: x  # k7-spec: ignore[suppression-unused] no\n\
             image2: y  # k7-spec: ignore[egress-open] nothing\n"
        );
        let d = check(
            &text,
            vec![Ignore::new("suppression-unused", None).unwrap()],
        );
        assert_eq!(find(&d, Code::SuppressionInvalid).len(), 1, "{d:#?}");
        let unused = find(&d, Code::SuppressionUnused);
        assert!(unused.iter().all(|u| u.suppressed.is_some()) && unused.len() == 1);
    }

    #[test]
    fn unreadable_text_gets_no_suppression_findings() {
        let text = "name: [demo\n# k7-spec: ignore[egress-open] a demo\n";
        let d = check(text, vec![]);
        assert!(d.iter().all(|d| d.code == Code::InvalidSyntax), "{d:#?}");
    }
}
