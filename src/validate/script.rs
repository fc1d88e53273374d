//! `before_script`: what keeps the sandbox from becoming Ready, and what fails as non-root.

use super::Ctx;
use crate::change::Operation;
use crate::diagnostic::{Applicability, Code, Diagnostic, Span};
use crate::spec::Spec;

/// Package-manager commands that need root: (program, subcommands that need it; empty = any).
const PACKAGE_MANAGERS: &[(&str, &[&str])] = &[
    ("apk", &["add", "update", "upgrade", "del"]),
    ("apt-get", &[]),
    ("apt", &["install", "update", "upgrade", "remove"]),
    ("yum", &[]),
    ("dnf", &[]),
    ("microdnf", &[]),
    ("zypper", &[]),
    ("pacman", &["-S", "-Sy", "-Syu", "-Syy", "-U", "-R"]),
];

/// A shell word and its UTF-16 column range in its line (0-based).
struct Word<'a> {
    text: &'a str,
    from: u32,
    to: u32,
}

/// Splits a line into simple commands (at `;`, `&&`, `||`, `|`), each a list of words, up to
/// an unquoted `#` comment. Quotes are kept inside words; this is a reader for warnings, not a
/// shell.
fn commands<'a>(line: &'a str) -> (Vec<Vec<Word<'a>>>, Option<u32>) {
    let mut out = vec![Vec::new()];
    let mut comment = None;
    let mut quote: Option<char> = None;
    let mut start: Option<(usize, u32)> = None;
    let mut col: u32 = 0;
    let end_word =
        |out: &mut Vec<Vec<Word<'a>>>, start: &mut Option<(usize, u32)>, byte: usize, col: u32| {
            if let Some((b, c)) = start.take()
                && let (Some(cmd), Some(text)) = (out.last_mut(), line.get(b..byte))
            {
                cmd.push(Word {
                    text,
                    from: c,
                    to: col,
                });
            }
        };
    let mut chars = line.char_indices().peekable();
    while let Some((byte, c)) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => {
                quote = Some(c);
                start.get_or_insert((byte, col));
            }
            (None, '#') if start.is_none() => {
                comment = Some(col);
                break;
            }
            (None, ' ' | '\t') => end_word(&mut out, &mut start, byte, col),
            (None, ';' | '&' | '|' | '(' | ')' | '{' | '}') => {
                end_word(&mut out, &mut start, byte, col);
                if !out.last().is_some_and(Vec::is_empty) {
                    out.push(Vec::new());
                }
                // `&&` and `||` are one separator.
                if matches!(c, '&' | '|') && chars.peek().is_some_and(|&(_, n)| n == c) {
                    chars.next();
                    col += 1;
                }
            }
            (None, '\\') => {
                start.get_or_insert((byte, col));
                if let Some((_, n)) = chars.next() {
                    col += n.len_utf16() as u32;
                }
            }
            (None, _) => {
                start.get_or_insert((byte, col));
            }
        }
        col += c.len_utf16() as u32;
    }
    end_word(&mut out, &mut start, line.len(), col);
    (out, comment)
}

/// Skips `sudo`, `env`, `exec`, variable assignments and the like to the command itself.
fn program<'w, 'a>(words: &'w [Word<'a>]) -> &'w [Word<'a>] {
    let skip = words
        .iter()
        .take_while(|w| {
            matches!(
                w.text,
                "sudo" | "env" | "exec" | "command" | "then" | "do" | "else" | "!"
            ) || w.text.contains('=')
        })
        .count();
    words.get(skip..).unwrap_or_default()
}

pub(super) fn check(ctx: &mut Ctx) {
    let spec = ctx.spec;
    let Some(script) = &spec.before_script else {
        return;
    };
    let non_root = Spec::flag(&spec.pod_non_root) || Spec::flag(&spec.container_non_root);
    let lines: Vec<&str> = script.value.text.lines().collect();
    // In a `|` block whose lines all show in its span, line k of the script is source line
    // start + k, after the indentation. Anything else (leading blank lines, `|+`, indentation
    // indicators, quoted or folded scalars) points at the whole value rather than guess.
    let exact = script.value.literal
        && script
            .span
            .is_some_and(|s| (s.end.line - s.start.line + 1) as usize == lines.len());
    let locate = |k: usize, from: u32, to: u32| -> Option<Span> {
        let span = script.span?;
        if !exact {
            return Some(span);
        }
        let line = span.start.line + k as u32;
        let part = Span {
            start: ctx.lines.at(line, span.start.column + from),
            end: ctx.lines.at(line, span.start.column + to),
        };
        let inside = span.start.offset <= part.start.offset && part.end.offset <= span.end.offset;
        Some(if inside { part } else { span })
    };
    let mut located = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        let (cmds, _) = commands(line);
        for cmd in &cmds {
            let words = program(cmd);
            let Some(first) = words.first() else { continue };
            if first.text == "exit" {
                located.push(
                    Diagnostic::new(Code::ScriptExit, "/before_script", locate(k, first.from, first.to),
                        "`exit` in before_script skips K7's readiness marker: the sandbox never becomes Ready")
                        .help("remove the exit; a failing command already stops the script (it runs with `set -eu`)"),
                );
            }
            let manager = PACKAGE_MANAGERS.iter().find(|(p, subs)| {
                first.text == *p
                    && (subs.is_empty() || words.get(1).is_some_and(|w| subs.contains(&w.text)))
            });
            if let (true, Some(_)) = (non_root, manager) {
                let end = words.last().map_or(first.to, |w| w.to);
                let command: Vec<&str> = words.iter().take(3).map(|w| w.text).collect();
                located.push(
                    Diagnostic::new(Code::PackageManagerNeedsRoot, "/before_script", locate(k, first.from, end),
                        format!("`{}` needs root, but the sandbox runs as UID 65532", command.join(" ")))
                        .help("use an image that already has the tools, leave container_non_root off for the setup, or build a custom image with the dependencies installed"),
                );
            }
        }
    }
    if let Some((k, line)) = lines
        .iter()
        .enumerate()
        .rev()
        .find(|(_, l)| !l.trim().is_empty())
        && let (_, Some(col)) = commands(line)
    {
        let width = line.encode_utf16().count() as u32;
        let span = locate(k, col, width);
        // K7 runs `<script>; touch <marker>`: a last line `true` takes the `touch` off the
        // comment's line, and changes nothing else the script does. In a `|` block whose lines
        // are the source's, the line goes in after the comment's; otherwise the value is
        // written again with it.
        let exact_end =
            span.filter(|s| exact && s.end.line == s.start.line && Some(*s) != script.span);
        let operation = match exact_end {
            Some(end) => {
                let newline = if ctx.lines.crlf() { "\r\n" } else { "\n" };
                let indent = script.span.map_or(0, |s| s.start.column - 1) as usize;
                Operation::Replace {
                    start: end.end.offset,
                    end: end.end.offset,
                    text: format!("{newline}{}true", " ".repeat(indent)),
                }
            }
            None => Operation::Set {
                path: "/before_script".into(),
                value: format!("{}\ntrue", script.value.text.trim_end()).into(),
            },
        };
        located.push(
                Diagnostic::new(Code::ScriptEndsWithComment, "/before_script", span,
                    "the last line of before_script ends in a comment, which swallows K7's readiness marker: the sandbox never becomes Ready")
                    .help("remove the comment, or add a command such as `true` after it")
                    .fix(Applicability::Safe, "Add the line `true` after the comment", vec![operation]),
            );
    }
    ctx.out.extend(located);
    if spec.egress_whitelist.is_some() {
        ctx.push(
            Diagnostic::new(Code::BeforeScriptOpenEgress, "/before_script", script.span,
                "before_script runs before the egress lockdown, with open egress")
                .help("anything it downloads comes from the open internet; the whitelist applies only after it finishes"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<Vec<String>> {
        commands(line)
            .0
            .iter()
            .map(|c| c.iter().map(|w| w.text.to_owned()).collect())
            .filter(|c: &Vec<String>| !c.is_empty())
            .collect()
    }

    #[test]
    fn splits_commands_and_finds_comments() {
        assert_eq!(
            words("apk add curl && exit 0"),
            vec![vec!["apk", "add", "curl"], vec!["exit", "0"]]
        );
        assert_eq!(words("echo 'a # b' # c"), vec![vec!["echo", "'a # b'"]]);
        assert_eq!(commands("echo a#b").1, None);
        assert_eq!(commands("  # done").1, Some(2));
        assert_eq!(commands("true # done").1, Some(5));
    }
}
