//! Globs, `.gitignore` rules and spec-file names, checked against git itself: each case builds a
//! temporary repository with `.gitignore` files at several depths and asks `git check-ignore
//! --no-index` and `git ls-files --others --ignored --exclude-standard` about every path in it.
//! Runs wherever git does (`git --version`); the repositories are made under the system's
//! temporary directory and removed after.

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use k7_spec::{GitIgnore, Glob, glob_matches, is_spec_file};
use proptest::prelude::*;

/// Directories of the tree, each holding `NAMES` (whose first three are directories above the
/// deepest level).
const DIRS: &[&str] = &["a", "ab", "b"];
/// Names in every directory: three directories, then files whose names need escapes or spaces.
const NAMES: &[&str] = &["a", "ab", "b", "x.log", "1", "#x", "!x", "t ", "[a]", "é"];
/// Directories that may hold a `.gitignore` of their own, besides the root.
const NESTED: &[&str] = &["a", "a/ab", "b"];

/// Every path of the tree, with whether it is a directory: three levels.
fn tree() -> Vec<(String, bool)> {
    let mut paths = Vec::new();
    let mut parents = vec![String::new()];
    for depth in 0..3 {
        let mut next = Vec::new();
        for parent in &parents {
            for name in NAMES {
                let path = if parent.is_empty() {
                    (*name).to_owned()
                } else {
                    format!("{parent}/{name}")
                };
                let is_dir = depth < 2 && DIRS.contains(name);
                if is_dir {
                    next.push(path.clone());
                }
                paths.push((path, is_dir));
            }
        }
        parents = next;
    }
    paths
}

/// A temporary git repository, removed when dropped.
struct Repo {
    root: PathBuf,
}

impl Repo {
    fn new(tree: &[(String, bool)], gitignores: &[(&str, String)]) -> Repo {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "k7-spec-paths-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).unwrap();
        let repo = Repo { root };
        repo.git(&["init", "--quiet"], "");
        for (path, is_dir) in tree {
            let at = repo.root.join(path);
            if *is_dir {
                fs::create_dir_all(at).unwrap();
            } else {
                fs::write(at, "").unwrap();
            }
        }
        // A directory named twice gets both texts, as `GitIgnore::add` appends them.
        for (dir, text) in gitignores {
            let mut file = fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(repo.root.join(dir).join(".gitignore"))
                .unwrap();
            writeln!(file, "{text}").unwrap();
        }
        repo
    }

    /// Runs git in the repository with no user or system config (no global excludes file),
    /// `stdin` as its input; its standard output.
    fn git(&self, args: &[&str], stdin: &str) -> String {
        let mut child = Command::new("git")
            .args(args)
            .current_dir(&self.root)
            .env("HOME", &self.root)
            .env("XDG_CONFIG_HOME", &self.root)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("git runs (git --version)");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        // check-ignore exits 1 when it ignores nothing.
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// The paths git ignores: every path of the tree (`check-ignore`), and the files
    /// (`ls-files`), sorted.
    fn ignored(&self, tree: &[(String, bool)]) -> (Vec<String>, Vec<String>) {
        let input: String = tree.iter().map(|(p, _)| format!("{p}\0")).collect();
        let checked = self.git(&["check-ignore", "--no-index", "--stdin", "-z"], &input);
        let listed = self.git(
            &[
                "ls-files",
                "--others",
                "--ignored",
                "--exclude-standard",
                "-z",
            ],
            "",
        );
        let split = |text: String| {
            let mut paths: Vec<String> = text
                .split('\0')
                .filter(|p| !p.is_empty() && !p.ends_with(".gitignore"))
                .map(str::to_owned)
                .collect();
            paths.sort();
            paths
        };
        (split(checked), split(listed))
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

/// What [`GitIgnore`] says about the same tree: every ignored path, and the ignored files.
fn ours(tree: &[(String, bool)], gitignores: &[(&str, String)]) -> (Vec<String>, Vec<String>) {
    let mut ignore = GitIgnore::default();
    for (dir, text) in gitignores {
        ignore.add(dir, text);
    }
    let mut all = Vec::new();
    let mut files = Vec::new();
    for (path, is_dir) in tree {
        if ignore.is_ignored(path, *is_dir) {
            all.push(path.clone());
            if !is_dir {
                files.push(path.clone());
            }
        }
    }
    all.sort();
    files.sort();
    (all, files)
}

/// Compares [`GitIgnore`] with git on one set of `.gitignore` files.
fn agrees_with_git(gitignores: &[(&str, String)]) -> Result<(), String> {
    let tree = tree();
    let repo = Repo::new(&tree, gitignores);
    let (git_all, git_files) = repo.ignored(&tree);
    let (all, files) = ours(&tree, gitignores);
    if (&all, &files) == (&git_all, &git_files) {
        return Ok(());
    }
    let diff = |ours: &[String], git: &[String]| -> String {
        let only = |a: &[String], b: &[String]| -> Vec<String> {
            a.iter().filter(|p| !b.contains(p)).cloned().collect()
        };
        format!(
            "ignored only by us: {:?}; only by git: {:?}",
            only(ours, git),
            only(git, ours)
        )
    };
    Err(format!(
        "{gitignores:?}\ncheck-ignore: {}\nls-files: {}",
        diff(&all, &git_all),
        diff(&files, &git_files)
    ))
}

#[test]
fn gitignore_features_match_git() {
    let cases: &[&[(&str, &str)]] = &[
        // Names at any depth, directories only, anchored patterns, `**`.
        &[("", "x.log\nab/\n/b\n")],
        &[("", "a/x.log\n**/ab/1\na/**\n")],
        &[("", "**/x.log\n*/ab\nb/**/1\n")],
        &[("", "*\n!*/\n!x.log\n")],
        // Negation cannot re-include a file whose directory is ignored.
        &[("", "a/\n!a/x.log\n")],
        &[("", "*.log\n!a/*.log\n")],
        // Nested files: scoped to their directory, and winning over the root's.
        &[("", "1\n"), ("a", "!1\n/x.log\n"), ("a/ab", "*\n!b/\n")],
        &[("", "/a/ab/\n"), ("a", "!ab/\n")],
        &[("b", "a/1\n**/x.log\nab/**/1\n")],
        // Comments, escapes, trailing spaces (kept when escaped), CRLF, a byte-order mark.
        &[("", "#x\n\\#x\n\\!x\n")],
        &[("", "t\\ \n1   \n")],
        &[("", "\u{feff}x.log\r\n1\r\n")],
        &[("", "\\[a\\]\n[[:digit:]]\n")],
        // Classes: a `]` first, ranges, negation, escapes, classes git never matches.
        &[("", "[]a]\n[!a]b\n")],
        &[("", "[a-b]\n[^x].log\n")],
        &[("", "[\\]]\n[a-\n[[:nope:]]\nx.lo\\\n")],
        &[("", "?\n??\n")],
        &[("", "a?\n*b*\n")],
        &[("", "***/1\na/***\n")],
        &[("", "!x.log\nx.log\n")],
        &[("", "/\n!\n \n")],
        &[("", "a//x.log\n./a\na/./1\n")],
    ];
    for case in cases {
        let gitignores: Vec<(&str, String)> =
            case.iter().map(|(d, t)| (*d, (*t).to_owned())).collect();
        if let Err(difference) = agrees_with_git(&gitignores) {
            panic!("{difference}");
        }
    }
}

/// One segment of a generated pattern.
fn segment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "a",
        "b",
        "ab",
        "*",
        "?",
        "**",
        "a*",
        "*b",
        "[ab]",
        "[!a]",
        "[a-b]",
        "x.log",
        "*.log",
        "\\#x",
        "\\!x",
        "1",
        "[[:digit:]]",
        "t\\ ",
        "[]a]",
        "a?",
        "?b",
        "\\[a]",
        "é",
        "*.*",
    ])
}

/// One line of a generated `.gitignore`.
fn line() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(segment(), 1..4),
        any::<bool>(),
        prop::sample::select(vec!["", "", "", " ", "\r"]),
    )
        .prop_map(|(negated, anchored, segments, directory, end)| {
            format!(
                "{}{}{}{}{end}",
                if negated { "!" } else { "" },
                if anchored { "/" } else { "" },
                segments.join("/"),
                if directory { "/" } else { "" }
            )
        })
}

fn lines(count: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(line(), count).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_gitignores_match_git(
        root in lines(1..7),
        nested in prop::collection::vec((prop::sample::select(NESTED), lines(1..4)), 0..3),
    ) {
        let mut gitignores = vec![("", root)];
        gitignores.extend(nested);
        if let Err(difference) = agrees_with_git(&gitignores) {
            prop_assert!(false, "{}", difference);
        }
    }

    #[test]
    fn nothing_panics(pattern in "\\PC{0,40}", path in "[a-z/.*?\\[\\]!\\\\-]{0,40}", is_dir in any::<bool>()) {
        let _ = glob_matches(&pattern, &path);
        if let Ok(glob) = Glob::new(&pattern) {
            let _ = glob.base();
        }
        let mut ignore = GitIgnore::default();
        ignore.add(&path, &pattern);
        ignore.add("", &pattern);
        let _ = ignore.is_ignored(&path, is_dir);
        let _ = is_spec_file(&pattern);
    }

    #[test]
    fn nothing_panics_on_glob_syntax(pattern in "[ab/*?\\[\\]!^:\\\\-]{0,24}", path in "[ab/]{0,12}") {
        let _ = glob_matches(&pattern, &path);
        let mut ignore = GitIgnore::default();
        ignore.add("", &pattern);
        let _ = ignore.is_ignored(&path, false);
    }
}

#[test]
fn globs_match_whole_relative_paths() {
    let cases: &[(&str, &str, bool)] = &[
        ("*.k7.yaml", "web.k7.yaml", true),
        ("*.k7.yaml", "demos/web.k7.yaml", false),
        ("**/*.k7.yaml", "web.k7.yaml", true),
        ("**/*.k7.yaml", "demos/a/web.k7.yaml", true),
        ("demos/**", "demos/a/web.k7.yaml", true),
        ("demos/**", "demos", false),
        ("demos/**", "demosx/a", false),
        ("demos/**/k7.yaml", "demos/k7.yaml", true),
        ("demos/**/k7.yaml", "demos/a/b/k7.yaml", true),
        ("demos/**/k7.yaml", "demos/ak7.yaml", false),
        ("**", "a/b/c", true),
        ("a**", "ab/c", false),
        ("a**", "abc", true),
        ("?.yaml", "a.yaml", true),
        ("?.yaml", "/.yaml", false),
        ("[a-c]?", "b/", false),
        ("[!a]", "b", true),
        ("[!a]", "a", false),
        ("[]]", "]", true),
        ("\\*", "*", true),
        ("\\*", "a", false),
        ("é?", "éé", false),
        ("é??", "éé", true),
        ("?", "é", false),
        ("./demos/*", "demos/a", true),
        ("demos/*", "./demos/a", true),
        ("/abs/*.yaml", "/abs/k7.yaml", true),
        ("../up/*", "../up/k7.yaml", true),
        ("", "", true),
        ("[a", "[a", false),
    ];
    for (pattern, path, expected) in cases {
        assert_eq!(
            glob_matches(pattern, path),
            *expected,
            "{pattern:?} on {path:?}"
        );
    }
}

#[test]
fn a_glob_git_never_matches_is_an_error_that_says_why() {
    for (pattern, reason) in [
        ("a[b", "`[` without its `]`"),
        ("[a-", "`[` without its `]`"),
        ("[[:nope:]]", "unknown class `[:nope:]`"),
        ("a\\", "lone `\\`"),
    ] {
        let error = Glob::new(pattern).unwrap_err();
        assert!(error.contains(reason), "{pattern:?}: {error}");
    }
    let long = "a".repeat(k7_spec::MAX_GLOB_BYTES + 1);
    assert!(Glob::new(&long).unwrap_err().contains("more than 4096"));
}

#[test]
fn a_glob_base_is_where_to_start_walking() {
    for (pattern, base) in [
        ("demos/**/*.k7.yaml", "demos"),
        ("demos/a/*.k7.yaml", "demos/a"),
        ("*.k7.yaml", ""),
        ("**/k7.yaml", ""),
        ("demos/k7.yaml", "demos/k7.yaml"),
        ("./demos/*", "demos"),
        ("de\\*mos/*", "de*mos"),
        ("/abs/*", "/abs"),
        ("/*", "/"),
        ("a/b[c]/d", "a"),
    ] {
        assert_eq!(Glob::new(pattern).unwrap().base(), base, "{pattern}");
    }
}

#[test]
fn spec_files_are_k7_yaml_and_its_variants() {
    for name in [
        "k7.yaml",
        "k7.yml",
        "web.k7.yaml",
        "a.b.k7.yml",
        "demos/k7.yaml",
        ".k7.yaml",
    ] {
        assert!(is_spec_file(name), "{name}");
    }
    for name in [
        "k7.json",
        "K7.yaml",
        "notk7.yaml",
        "k7.yaml.bak",
        "k7.yaml/x",
        "web.k7-yaml",
        "",
    ] {
        assert!(!is_spec_file(name), "{name}");
    }
}

#[test]
fn matching_stays_fast_on_the_worst_globs() {
    // Every `*` of the glob stays alive along the whole path: the most work a match can take.
    let pattern = "*a".repeat(k7_spec::MAX_GLOB_BYTES / 2);
    let path = "a".repeat(k7_spec::MAX_PATH_BYTES);
    let glob = Glob::new(&pattern).unwrap();
    let start = Instant::now();
    assert!(!glob.matches(&format!("{path}b")));
    let elapsed = start.elapsed();
    assert!(elapsed.as_secs() < 10, "{elapsed:?}");
    // A path over the limit matches nothing, at once.
    assert!(!glob_matches(
        "**",
        &"a".repeat(k7_spec::MAX_PATH_BYTES + 1)
    ));
}
