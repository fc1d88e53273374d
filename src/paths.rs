//! Which files are specs, and which paths a glob or `.gitignore` files select: what the command
//! line needs to walk directories, expand quoted globs and apply the config file's overrides.
//!
//! Paths are relative, with `/` between segments, as git writes them (a leading `./` is
//! ignored). Globs are git's (`wildmatch` with `WM_PATHNAME`, as `.gitignore` reads them):
//!
//! - `*` matches any run of characters except `/`; `?` one byte except `/`;
//! - `[abc]`, `[a-z]`, `[!a]` or `[^a]`, `[[:digit:]]` (the POSIX classes, ASCII) match one
//!   byte except `/`; a `]` first in the class is a member;
//! - `**` as a whole segment crosses directories: `**/x` is `x` at any depth, `a/**/b` is `b`
//!   under `a` at any depth (`a/b` too), `a/**` everything under `a`; elsewhere it is `*`;
//! - `\` makes the next character literal.
//!
//! A glob matches the whole relative path: `*.k7.yaml` is a file at the top, `**/*.k7.yaml` one
//! at any depth (as in a shell with `globstar`, and ESLint's `files`). Only `.gitignore`
//! patterns without a `/` match a name at any depth, as git reads them. A glob that git would
//! never match (an unclosed `[`, an unknown `[:class:]`, a trailing `\`) is an error here, and
//! a `.gitignore` line that holds one matches nothing, as in git. Like git, this compares bytes of
//! UTF-8: `?` and a class match one byte, so `?` never matches `é` (two bytes) but `??` does.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

/// The longest glob, in bytes of UTF-8: Linux's `PATH_MAX`. Matching takes time proportional
/// to the glob's length times the path's, at worst.
pub const MAX_GLOB_BYTES: usize = 4096;
/// The longest path a glob can match, in bytes of UTF-8: Linux's `PATH_MAX`.
pub const MAX_PATH_BYTES: usize = 4096;

/// A compiled glob; see the module's documentation for the syntax.
///
/// ```
/// let glob = k7_spec::Glob::new("demos/**/*.k7.yaml").unwrap();
/// assert!(glob.matches("demos/a/b/web.k7.yaml"));
/// assert!(glob.matches("demos/web.k7.yaml"));
/// assert!(!glob.matches("web.k7.yaml"));
/// assert_eq!(glob.base(), "demos");
/// assert!(k7_spec::Glob::new("[a-").is_err());
/// ```
#[derive(Clone, Debug)]
pub struct Glob {
    /// The bytes every match starts with: the glob's leading literal characters.
    prefix: Vec<u8>,
    /// What comes between: from the first wildcard to the last.
    tokens: Vec<Token>,
    /// The bytes every match ends with, after the last wildcard.
    suffix: Vec<u8>,
}

/// One element of a glob.
#[derive(Clone, Debug)]
enum Token {
    /// This byte.
    Char(u8),
    /// `?`: one byte but `/`.
    One,
    /// `[...]`: one byte but `/`, in the class (or not in it, when negated).
    Class { negated: bool, items: Vec<Item> },
    /// `*`: any bytes but `/`.
    Star,
    /// `**/`: nothing, or any bytes ending with a `/` (whole directories).
    Dirs,
    /// A final `**`: anything.
    Rest,
}

/// A member of a bracket class.
#[derive(Clone, Debug)]
enum Item {
    Char(u8),
    Range(u8, u8),
    Named(ClassTest),
}

/// Whether a byte is in a named class.
type ClassTest = fn(&u8) -> bool;

/// The POSIX classes `[:name:]` that git's wildmatch knows, on ASCII.
const NAMED_CLASSES: &[(&str, ClassTest)] = &[
    ("alnum", u8::is_ascii_alphanumeric),
    ("alpha", u8::is_ascii_alphabetic),
    ("blank", |c| matches!(c, b' ' | b'\t')),
    ("cntrl", u8::is_ascii_control),
    ("digit", u8::is_ascii_digit),
    ("graph", u8::is_ascii_graphic),
    ("lower", u8::is_ascii_lowercase),
    ("print", |c| c.is_ascii_graphic() || *c == b' '),
    ("punct", u8::is_ascii_punctuation),
    ("space", |c| {
        matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
    }),
    ("upper", u8::is_ascii_uppercase),
    ("xdigit", u8::is_ascii_hexdigit),
];

impl Glob {
    /// Compiles a glob (a leading `./` is ignored), or says why git would never match it.
    pub fn new(pattern: &str) -> Result<Glob, String> {
        Glob::compile(strip_dot(pattern))
    }

    /// Compiles a glob as git reads it (a `./` is two bytes to match, as in `.gitignore`).
    fn compile(pattern: &str) -> Result<Glob, String> {
        let chars = pattern.as_bytes();
        if chars.len() > MAX_GLOB_BYTES {
            return Err(format!(
                "it is {} bytes long, more than {MAX_GLOB_BYTES}",
                chars.len()
            ));
        }
        let mut tokens = Vec::new();
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            i += 1;
            match c {
                b'\\' => match chars.get(i) {
                    Some(&next) => {
                        tokens.push(Token::Char(next));
                        i += 1;
                    }
                    None => return Err("it ends with a lone `\\`".into()),
                },
                b'?' => tokens.push(Token::One),
                b'[' => {
                    let (token, end) = class(chars, i)?;
                    tokens.push(token);
                    i = end;
                }
                b'*' => {
                    let start = i - 1;
                    while chars.get(i) == Some(&b'*') {
                        i += 1;
                    }
                    let segment_start = start == 0 || chars.get(start - 1) == Some(&b'/');
                    let slash = match (chars.get(i), chars.get(i + 1)) {
                        (Some(b'/'), _) => Some(1),
                        (Some(b'\\'), Some(b'/')) => Some(2),
                        _ => None,
                    };
                    tokens.push(match (i - start > 1 && segment_start, slash) {
                        (true, Some(skip)) => {
                            i += skip;
                            Token::Dirs
                        }
                        (true, None) if i == chars.len() => Token::Rest,
                        _ => Token::Star,
                    });
                }
                c => tokens.push(Token::Char(c)),
            }
        }
        // Literal bytes at either end are compared as such, and most `.gitignore` patterns
        // (`build`, `*.log`) are rejected there, before the automaton runs.
        let literal = |t: &Token| match t {
            Token::Char(c) => Some(*c),
            _ => None,
        };
        let prefix: Vec<u8> = tokens.iter().map_while(literal).collect();
        tokens.drain(..prefix.len());
        let mut suffix: Vec<u8> = tokens.iter().rev().map_while(literal).collect();
        suffix.reverse();
        tokens.truncate(tokens.len() - suffix.len());
        Ok(Glob {
            prefix,
            tokens,
            suffix,
        })
    }

    /// Whether the glob matches the whole of a relative path (a leading `./` is ignored). A
    /// path longer than [`MAX_PATH_BYTES`] matches nothing.
    pub fn matches(&self, path: &str) -> bool {
        let path = strip_dot(path).as_bytes();
        if path.len() > MAX_PATH_BYTES {
            return false;
        }
        let Some(middle) = path
            .strip_prefix(self.prefix.as_slice())
            .and_then(|rest| rest.strip_suffix(self.suffix.as_slice()))
        else {
            return false;
        };
        // A state is a token's index times two, plus one inside a `**/` (a directory begun).
        let accept = 2 * self.tokens.len();
        let mut seen = vec![usize::MAX; accept + 1];
        let mut current = Vec::new();
        let mut next = Vec::new();
        self.enter(0, 0, &mut seen, &mut current);
        for (step, &c) in middle.iter().enumerate() {
            let step = step + 1;
            for &state in &current {
                let (index, inside) = (state / 2, !state.is_multiple_of(2));
                let Some(token) = self.tokens.get(index) else {
                    continue;
                };
                let target = match token {
                    Token::Char(x) => (c == *x).then_some(state + 2),
                    Token::One => (c != b'/').then_some(state + 2),
                    Token::Class { negated, items } => (c != b'/'
                        && items.iter().any(|item| item.contains(c)) != *negated)
                        .then_some(state + 2),
                    Token::Star | Token::Rest => {
                        (c != b'/' || matches!(token, Token::Rest)).then_some(state)
                    }
                    Token::Dirs if c == b'/' => Some(state - usize::from(inside)),
                    Token::Dirs => Some(2 * index + 1),
                };
                if let Some(target) = target {
                    self.enter(target, step, &mut seen, &mut next);
                }
            }
            std::mem::swap(&mut current, &mut next);
            next.clear();
            if current.is_empty() {
                return false;
            }
        }
        current.contains(&accept)
    }

    /// Adds a state and those it reaches without reading a byte (`*`, `**/` and a final
    /// `**` may match nothing) to `states`, once per step.
    fn enter(&self, mut state: usize, step: usize, seen: &mut [usize], states: &mut Vec<usize>) {
        while let Some(mark) = seen.get_mut(state)
            && *mark != step
        {
            *mark = step;
            states.push(state);
            let skippable = state.is_multiple_of(2)
                && matches!(
                    self.tokens.get(state / 2),
                    Some(Token::Star | Token::Dirs | Token::Rest)
                );
            if !skippable {
                break;
            }
            state += 2;
        }
    }

    /// The directory to walk to find every match: the leading segments without wildcards,
    /// unescaped (`""` for the current directory); the whole path when the glob has none.
    pub fn base(&self) -> String {
        let literal = &self.prefix;
        let end = if self.tokens.is_empty() {
            literal.len()
        } else {
            match literal.iter().rposition(|&c| c == b'/') {
                Some(0) => 1,
                Some(at) => at,
                None => 0,
            }
        };
        String::from_utf8_lossy(literal.get(..end).unwrap_or_default()).into_owned()
    }
}

impl Item {
    fn contains(&self, c: u8) -> bool {
        match self {
            Item::Char(x) => c == *x,
            Item::Range(low, high) => (*low..=*high).contains(&c),
            Item::Named(test) => test(&c),
        }
    }
}

/// Reads a bracket class whose `[` is just before `chars[start]`, as git's wildmatch does:
/// the class and the index after its `]`.
fn class(chars: &[u8], start: usize) -> Result<(Token, usize), String> {
    let unclosed = || "it has a `[` without its `]`".to_string();
    let mut i = start;
    let negated = matches!(chars.get(i), Some(b'!' | b'^'));
    i += usize::from(negated);
    let mut items = Vec::new();
    // The previous member, which a `-` can start a range from.
    let mut previous: Option<u8> = None;
    let mut first = true;
    loop {
        let &c = chars.get(i).ok_or_else(unclosed)?;
        if c == b']' && !first {
            return Ok((Token::Class { negated, items }, i + 1));
        }
        first = false;
        i += 1;
        if let (b'-', Some(low), Some(&high)) = (c, previous, chars.get(i))
            && high != b']'
        {
            i += 1;
            let high = if high == b'\\' {
                i += 1;
                chars.get(i - 1).copied().ok_or_else(unclosed)?
            } else {
                high
            };
            items.push(Item::Range(low, high));
            previous = None;
            continue;
        }
        previous = match c {
            b'\\' => {
                let &next = chars.get(i).ok_or_else(unclosed)?;
                i += 1;
                items.push(Item::Char(next));
                Some(next)
            }
            b'[' if chars.get(i) == Some(&b':') => {
                let name_start = i + 1;
                let close = chars
                    .get(name_start..)
                    .and_then(|rest| rest.iter().position(|&c| c == b']'))
                    .map(|at| name_start + at)
                    .ok_or_else(unclosed)?;
                if close > name_start && chars.get(close - 1) == Some(&b':') {
                    let name = chars.get(name_start..close - 1).unwrap_or_default();
                    let name = String::from_utf8_lossy(name);
                    let (_, test) = NAMED_CLASSES
                        .iter()
                        .find(|(n, _)| *n == name)
                        .ok_or_else(|| format!("it names an unknown class `[:{name}:]`"))?;
                    items.push(Item::Named(*test));
                    i = close + 1;
                    None
                } else {
                    // No `:]`: the `[` is a member like any other.
                    items.push(Item::Char(b'['));
                    Some(b'[')
                }
            }
            c => {
                items.push(Item::Char(c));
                Some(c)
            }
        };
    }
}

/// The text without its leading `./`s.
fn strip_dot(mut text: &str) -> &str {
    while let Some(rest) = text.strip_prefix("./") {
        text = rest.trim_start_matches('/');
    }
    text
}

/// Whether `pattern` matches the whole of the relative `path`; `false` for a glob that
/// [`Glob::new`] refuses.
///
/// ```
/// assert!(k7_spec::glob_matches("*.k7.yaml", "web.k7.yaml"));
/// assert!(!k7_spec::glob_matches("*.k7.yaml", "demos/web.k7.yaml"));
/// assert!(k7_spec::glob_matches("**/*.k7.yaml", "demos/web.k7.yaml"));
/// ```
pub fn glob_matches(pattern: &str, path: &str) -> bool {
    Glob::new(pattern).is_ok_and(|glob| glob.matches(path))
}

/// Whether a file name (or the last segment of a path) is a spec's: `k7.yaml`, `k7.yml`,
/// `*.k7.yaml` or `*.k7.yml`.
///
/// ```
/// assert!(k7_spec::is_spec_file("k7.yaml"));
/// assert!(k7_spec::is_spec_file("demos/web.k7.yml"));
/// assert!(!k7_spec::is_spec_file("k7.json"));
/// assert!(!k7_spec::is_spec_file("notk7.yaml"));
/// ```
pub fn is_spec_file(name: &str) -> bool {
    let name = name.rsplit('/').next().unwrap_or(name);
    ["k7.yaml", "k7.yml"]
        .iter()
        .any(|spec| name == *spec || name.strip_suffix(spec).is_some_and(|s| s.ends_with('.')))
}

/// The rules of the `.gitignore` files of a tree, as git applies them: each file's patterns
/// apply to paths under its directory; a deeper file's rules win over a shallower one's, a later
/// line over an earlier one; `!` re-includes; a trailing `/` matches directories only; a
/// pattern with a `/` before its end is anchored to its file's directory, one without matches a
/// name at any depth; and a path inside an ignored directory is ignored whatever follows, as git
/// does not look inside it.
///
/// ```
/// let mut ignore = k7_spec::GitIgnore::default();
/// ignore.add("", "build/\n*.log\n!keep.log\n");
/// ignore.add("demos", "/draft.k7.yaml\n");
/// assert!(ignore.is_ignored("build", true));
/// assert!(ignore.is_ignored("build/web.k7.yaml", false));
/// assert!(ignore.is_ignored("a/b/x.log", false));
/// assert!(!ignore.is_ignored("a/keep.log", false));
/// assert!(ignore.is_ignored("demos/draft.k7.yaml", false));
/// assert!(!ignore.is_ignored("demos/sub/draft.k7.yaml", false));
/// ```
#[derive(Clone, Debug, Default)]
pub struct GitIgnore {
    /// The rules of each directory's `.gitignore` (`""` is the root), in the order written.
    rules: BTreeMap<String, Vec<Rule>>,
    /// The directories decided so far, and whether their own rules ignore them (their parents
    /// not being ignored): the entries of one directory share their parents.
    directories: RefCell<HashMap<String, bool>>,
}

/// One line of a `.gitignore`.
#[derive(Clone, Debug)]
struct Rule {
    /// `None` for a pattern git never matches.
    glob: Option<Glob>,
    /// `!pattern`: re-includes.
    negated: bool,
    /// `pattern/`: directories only.
    directory_only: bool,
    /// No `/` but at the end: matches the name at any depth.
    name_only: bool,
}

impl GitIgnore {
    /// Adds the text of the `.gitignore` in `dir`, relative to the root with `/` between
    /// segments (`""` for the root itself). Adding to the same directory twice appends.
    pub fn add(&mut self, dir: &str, text: &str) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        self.directories.get_mut().clear();
        let rules = self.rules.entry(directory(dir).to_owned()).or_default();
        for line in text.split('\n') {
            if line.starts_with('#') {
                continue;
            }
            let line = trim_trailing_spaces(line.strip_suffix('\r').unwrap_or(line));
            if line.is_empty() {
                continue;
            }
            let (negated, pattern) = match line.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, line),
            };
            let (directory_only, pattern) = match pattern.strip_suffix('/') {
                Some(rest) => (true, rest),
                None => (false, pattern),
            };
            let name_only = !pattern.contains('/');
            let pattern = pattern.strip_prefix('/').unwrap_or(pattern);
            rules.push(Rule {
                glob: Glob::compile(pattern).ok(),
                negated,
                directory_only,
                name_only,
            });
        }
    }

    /// Whether git ignores the path (relative to the root, `/` between segments): `is_dir` says
    /// whether it names a directory. A path longer than [`MAX_PATH_BYTES`] is not ignored.
    pub fn is_ignored(&self, path: &str, is_dir: bool) -> bool {
        let path = directory(path);
        if path.is_empty() || path.len() > MAX_PATH_BYTES {
            return false; // the root itself, or no path on disk
        }
        // Each directory on the way down (each decided once), then the path itself.
        for (at, _) in path.match_indices('/') {
            let dir = &path[..at];
            let known = self.directories.borrow().get(dir).copied();
            let ignored = known.unwrap_or_else(|| {
                let ignored = self.decides(dir, true);
                self.directories
                    .borrow_mut()
                    .insert(dir.to_owned(), ignored);
                ignored
            });
            if ignored {
                return true;
            }
        }
        self.decides(path, is_dir)
    }

    /// Whether the rules of the directories above `path` ignore it, the deepest file first and
    /// each file's last matching line first.
    fn decides(&self, path: &str, is_dir: bool) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        let mut dirs: Vec<&str> = path.match_indices('/').map(|(at, _)| &path[..at]).collect();
        dirs.insert(0, "");
        for dir in dirs.iter().rev() {
            let Some(rules) = self.rules.get(*dir) else {
                continue;
            };
            let relative = if dir.is_empty() {
                path
            } else {
                &path[dir.len() + 1..]
            };
            let found = rules.iter().rev().find(|rule| {
                (is_dir || !rule.directory_only)
                    && rule.glob.as_ref().is_some_and(|glob| {
                        glob.matches(if rule.name_only { name } else { relative })
                    })
            });
            if let Some(rule) = found {
                return !rule.negated;
            }
        }
        false
    }
}

/// A directory or path as the rules key it: no leading `./`, no trailing `/`, `.` is `""`.
fn directory(dir: &str) -> &str {
    let dir = strip_dot(dir).trim_end_matches('/');
    if dir == "." { "" } else { dir }
}

/// The line without its trailing spaces, except one escaped with `\`, as git trims them.
fn trim_trailing_spaces(line: &str) -> &str {
    let mut spaces_from = None;
    let mut chars = line.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            ' ' => {
                spaces_from.get_or_insert(at);
            }
            '\\' => {
                if chars.next().is_none() {
                    return line;
                }
                spaces_from = None;
            }
            _ => spaces_from = None,
        }
    }
    &line[..spaces_from.unwrap_or(line.len())]
}
