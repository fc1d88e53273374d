//! `k7-spec`, the native command line: the npm package's command (npm/cli.mjs) without Node, with
//! the same arguments, output bytes and exit status (tests/wasm-package/cli.test.mjs runs both
//! and compares them). Every byte printed comes from the core (`report`, `command_output`), and
//! the arguments are parsed and checked by it (`parse_args`); this file reads the files, walks
//! directories, finds the configs, writes the fixed specs in place (`--fix`) and prints what the
//! core returns, step for step as npm/cli.mjs does (its `walk`, `specFiles`, `configs`, `read`,
//! `writeInPlace`), which is Node's file system rather than
//! Rust's: 0 when every file passes its gate, 1 when one fails it, 2 when one cannot be read.
//! Bad usage or a bad config is one line on stderr and exit 2. A reader that goes away
//! (`| head -1`) ends it quietly with the status the findings decide.
//!
//! The arguments are parsed by the core (`k7_spec::parse_args`, the npm CLI's `parseArgs`), not
//! clap: the grammar (the first word the command, options anywhere, `--`, `--name=value`) and
//! its one-line messages must be the npm CLI's, which clap's own errors and help would replace,
//! and one parser for both cannot drift.

mod path;
mod read;

use std::collections::HashMap;
use std::fs;
use std::io::{self, Write};
use std::rc::Rc;

use k7_spec::{
    Args, Checked, CliCommand, Command, Config, DataFormat, FileFix, Format, GitIgnore, Glob,
    MatrixRequest, OutputFormat, ReachRequest, Report, Settings, Severity, SpecFile, SpecRequest,
    command_output, is_spec_file, parse_args,
};
use path::{dirname, join, relative, resolve};
use read::{node_message, reason};

const SPEC_NAMES: &str = "k7.yaml, k7.yml, *.k7.yaml, *.k7.yml";

/// Bad usage, a bad config, or an unreadable file render and explain need: one line, exit 2.
struct Usage(String);

type Result<T> = std::result::Result<T, Usage>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Directory,
}

/// Type of what is at PATH, following symbolic links; None when nothing (or a dangling link).
fn kind(path: &str) -> Option<Kind> {
    let metadata = fs::metadata(path).ok()?;
    Some(if metadata.is_dir() {
        Kind::Directory
    } else {
        Kind::File
    })
}

/// The git root at or above DIR (the nearest directory with a .git), or None.
fn git_root(dir: &str) -> Option<String> {
    let mut at = resolve(dir);
    loop {
        if fs::metadata(join(&at, ".git")).is_ok() {
            return Some(at);
        }
        let parent = dirname(&at);
        if parent == at {
            return None;
        }
        at = parent;
    }
}

/// A spec file to check: its path, or standard input's name; or a directory that cannot be
/// listed, with why.
struct Found {
    file: String,
    stdin: bool,
    error: Option<String>,
}

impl Found {
    fn file(file: String) -> Found {
        Found {
            file,
            stdin: false,
            error: None,
        }
    }
}

/// The program's state: standard input once read.
#[derive(Default)]
struct Cli {
    stdin: Option<Vec<u8>>,
}

impl Cli {
    fn read(&mut self, path: &str) -> std::result::Result<String, String> {
        read::read(path, &mut self.stdin)
    }

    /// npm/cli.mjs's `walk`: the files under ROOT that `wanted(path)` selects, sorted, depth
    /// first; skipped: .git, symbolic links to directories, and what the .gitignore files ignore
    /// (those from the git root down to ROOT, unless they ignore ROOT itself, and those inside).
    fn walk(&mut self, root: &str, wanted: &dyn Fn(&str) -> bool) -> Vec<Found> {
        let top = git_root(root).unwrap_or_else(|| resolve(root));
        let mut above = Vec::new();
        let mut at = resolve(root);
        while at != top {
            at = dirname(&at);
            above.insert(0, at.clone());
        }
        let mut rules = GitIgnore::default();
        for dir in &above {
            self.add_gitignore(&mut rules, &top, dir);
        }
        if rules.is_ignored(&relative(&top, root), true) {
            rules = GitIgnore::default();
        }
        let mut found = Vec::new();
        self.visit(root, &top, rules, wanted, &mut found);
        found
    }

    /// Adds the .gitignore of DIR, if it has one, to the rules (paths relative to TOP).
    fn add_gitignore(&mut self, rules: &mut GitIgnore, top: &str, dir: &str) {
        if let Ok(text) = self.read(&join(dir, ".gitignore")) {
            rules.add(&relative(top, dir), &text);
        }
    }

    fn visit(
        &mut self,
        dir: &str,
        top: &str,
        mut rules: GitIgnore,
        wanted: &dyn Fn(&str) -> bool,
        found: &mut Vec<Found>,
    ) {
        let entries = fs::read_dir(dir).and_then(|entries| {
            let mut list = Vec::new();
            for entry in entries {
                let entry = entry?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let is_dir = entry.file_type()?.is_dir();
                let is_link = entry.file_type()?.is_symlink();
                if name == ".git" || (is_link && kind(&join(dir, &name)) == Some(Kind::Directory)) {
                    continue;
                }
                list.push((name, is_dir));
            }
            list.sort();
            Ok(list)
        });
        let entries = match entries {
            Ok(entries) => entries,
            Err(error) => {
                let why = reason(error, &format!("scandir '{dir}'"));
                found.push(Found {
                    file: dir.to_owned(),
                    stdin: false,
                    error: Some(format!("cannot list the directory: {why}")),
                });
                return;
            }
        };
        self.add_gitignore(&mut rules, top, dir);
        for (name, is_dir) in entries {
            let path = join(dir, &name);
            if rules.is_ignored(&relative(top, &path), is_dir) {
                continue;
            }
            if is_dir {
                self.visit(&path, top, rules.clone(), wanted, found);
            } else if wanted(&path) {
                found.push(Found::file(path));
            }
        }
    }

    /// npm/cli.mjs's `specFiles`: the spec files validate's arguments name, in order.
    fn spec_files(&mut self, args: &Args) -> Result<Vec<Found>> {
        let stdin = &args.stdin_name;
        let mut inputs = args.files.clone();
        if inputs.is_empty() {
            let Some(here) = ["k7.yaml", "k7.yml"]
                .into_iter()
                .find(|name| kind(name) == Some(Kind::File))
            else {
                return Err(Usage(
                    "no FILE given, and no ./k7.yaml or ./k7.yml here (see k7-spec --help)"
                        .to_owned(),
                ));
            };
            inputs.push(here.to_owned());
        }
        /// FOUND, or the usage error NONE when it is empty.
        fn some(found: Vec<Found>, none: String) -> Result<Vec<Found>> {
            if found.is_empty() {
                return Err(Usage(none));
            }
            Ok(found)
        }
        let mut files = Vec::new();
        for arg in inputs {
            if arg == "-" {
                files.push(Found {
                    file: stdin.clone(),
                    stdin: true,
                    error: None,
                });
            } else if kind(&arg) == Some(Kind::Directory) {
                let found = self.walk(&arg, &|path| is_spec_file(path));
                files.extend(some(
                    found,
                    format!("no spec file ({SPEC_NAMES}) in {arg}"),
                )?);
            } else if let Some((glob, base)) = glob_base(&arg) {
                let found = if kind(&base) == Some(Kind::Directory) {
                    self.walk(&base, &|path| glob.matches(path))
                } else {
                    Vec::new()
                };
                files.extend(some(found, format!("no file matches {arg}"))?);
            } else {
                files.push(Found::file(arg));
            }
        }
        Ok(files)
    }
}

/// The glob and the directory to search for its matches when ARG is a glob rather than a path
/// (it has *, ? or [, names nothing, and is a valid glob); otherwise None.
fn glob_base(arg: &str) -> Option<(Glob, String)> {
    if !arg.contains(['*', '?', '[']) || kind(arg).is_some() {
        return None;
    }
    let glob = Glob::new(arg).ok()?;
    let base = glob.base();
    Some((
        glob,
        if base.is_empty() {
            ".".to_owned()
        } else {
            base
        },
    ))
}

/// A config file, read and checked: its directory and what it says.
struct LoadedConfig {
    dir: String,
    config: Config,
}

/// npm/cli.mjs's `configs`: the config that applies to specs in a directory.
enum Configs {
    /// `--no-config`.
    None,
    /// `--config FILE`.
    Fixed(Rc<LoadedConfig>),
    /// The nearest .k7-spec.yaml from the directory up, looked up once per directory.
    Nearest(HashMap<String, Option<Rc<LoadedConfig>>>),
}

impl Cli {
    fn configs(&mut self, args: &Args) -> Result<Configs> {
        Ok(if args.no_config {
            Configs::None
        } else if let Some(path) = &args.config {
            Configs::Fixed(self.load(path)?)
        } else {
            Configs::Nearest(HashMap::new())
        })
    }

    /// The config file at PATH, checked.
    fn load(&mut self, path: &str) -> Result<Rc<LoadedConfig>> {
        let text = self
            .read(path)
            .map_err(|e| Usage(format!("cannot read the config {path}: {e}")))?;
        // A bad config is refused whatever the path.
        let config = Config::parse(&text).map_err(|e| Usage(format!("{path}:{e}")))?;
        Ok(Rc::new(LoadedConfig {
            dir: dirname(&resolve(path)),
            config,
        }))
    }

    fn config_for(&mut self, configs: &mut Configs, dir: &str) -> Result<Option<Rc<LoadedConfig>>> {
        match configs {
            Configs::None => Ok(None),
            Configs::Fixed(config) => Ok(Some(config.clone())),
            Configs::Nearest(by_dir) => self.nearest(by_dir, resolve(dir)),
        }
    }

    fn nearest(
        &mut self,
        by_dir: &mut HashMap<String, Option<Rc<LoadedConfig>>>,
        dir: String,
    ) -> Result<Option<Rc<LoadedConfig>>> {
        if let Some(found) = by_dir.get(&dir) {
            return Ok(found.clone());
        }
        let path = join(&dir, ".k7-spec.yaml");
        let parent = dirname(&dir);
        let found = if kind(&path) == Some(Kind::File) {
            let shown = relative(".", &path);
            Some(self.load(if shown.is_empty() { &path } else { &shown })?)
        } else if parent == dir {
            None
        } else {
            self.nearest(by_dir, parent)?
        };
        by_dir.insert(dir, found.clone());
        Ok(found)
    }

    /// npm/cli.mjs's `settings`: the settings for the spec FILE, its config's (for FILE
    /// relative to the config's directory) under the command line's.
    fn settings(&mut self, args: &Args, configs: &mut Configs, file: &str) -> Result<Settings> {
        let found = self.config_for(configs, &dirname(file))?;
        let config = found
            .map(|c| c.config.settings_for(&relative(&c.dir, file)))
            .unwrap_or_default();
        Ok(args.settings(config))
    }

    fn validate(&mut self, args: &Args, format: Format) -> Result<Report> {
        let options = args.report_options(format);
        let mut configs = self.configs(args)?;
        let mut files = Vec::new();
        for found in self.spec_files(args)? {
            let input = match found.error {
                Some(error) => Err(error),
                None => self.read(if found.stdin { "-" } else { &found.file }),
            };
            let (fail_on, result, fix) = match input {
                Err(error) => (Severity::Warning, Err(error), None),
                Ok(text) if args.fix || args.diff => {
                    let settings = self.settings(args, &mut configs, &found.file)?;
                    let fixed = k7_spec::fix(&text, &settings.options(), args.unsafe_fixes);
                    // The text is written only when it changes, and never with --diff.
                    let write = args.fix && !args.diff && !found.stdin && fixed.text != text;
                    let error = write
                        .then(|| write_in_place(&found.file, &fixed.text).err())
                        .flatten();
                    let fix = FileFix {
                        source: text,
                        text: fixed.text,
                        applied: fixed.applied,
                        error,
                    };
                    (settings.fail_on, Ok(fixed.diagnostics), Some(fix))
                }
                Ok(text) => {
                    let settings = self.settings(args, &mut configs, &found.file)?;
                    let diagnostics = k7_spec::validate_with(&text, &settings.options());
                    (settings.fail_on, Ok(diagnostics), None)
                }
            };
            files.push(Checked {
                file: found.file,
                fail_on,
                result,
                fix,
            });
        }
        Ok(k7_spec::report(&files, &options))
    }

    /// The one FILE of render and explain: its name, text and settings, as the core takes them;
    /// unreadable is bad usage.
    fn spec_request(&mut self, args: &Args, format: DataFormat) -> Result<SpecRequest> {
        let path = args.files.first().map_or("-", String::as_str);
        let file = if path == "-" {
            args.stdin_name.clone()
        } else {
            path.to_owned()
        };
        let source = self
            .read(path)
            .map_err(|e| Usage(format!("cannot read {file}: {e}")))?;
        let mut configs = self.configs(args)?;
        let settings = self.settings(args, &mut configs, &file)?;
        Ok(SpecRequest {
            file,
            source,
            options: settings.options(),
            fail_on: settings.fail_on,
            format,
        })
    }

    /// `reach FILE --to/--from/--queries`: the spec as render's, and the queries file's text
    /// (after the spec is read); unreadable is bad usage.
    fn reach_request(&mut self, args: &Args, format: DataFormat) -> Result<ReachRequest> {
        let spec = self.spec_request(args, format)?;
        let queries = match &args.reach.queries {
            Some(path) => Some(
                self.read(path)
                    .map_err(|e| Usage(format!("cannot read the queries {path}: {e}")))?,
            ),
            None => None,
        };
        Ok(ReachRequest {
            file: spec.file,
            source: spec.source,
            options: spec.options,
            format,
            reach: args.reach.clone(),
            queries,
        })
    }

    /// `reach FILE...` without a question: the specs as validate finds them, each read (an
    /// unreadable one is bad usage), for one cluster: the first spec's settings.
    fn matrix_request(&mut self, args: &Args, format: DataFormat) -> Result<MatrixRequest> {
        let mut configs = self.configs(args)?;
        let mut options = None;
        let mut files = Vec::new();
        for found in self.spec_files(args)? {
            let source = match found.error {
                Some(error) => Err(error),
                None => self.read(if found.stdin { "-" } else { &found.file }),
            }
            .map_err(|e| Usage(format!("cannot read {}: {e}", found.file)))?;
            if options.is_none() {
                options = Some(self.settings(args, &mut configs, &found.file)?.options());
            }
            files.push(SpecFile {
                file: found.file,
                source,
            });
        }
        Ok(MatrixRequest {
            files,
            options: options.unwrap_or_default(),
            format,
        })
    }

    /// What the command line asks for: what to print, and the status.
    fn run(&mut self, argv: &[String]) -> Result<Report> {
        let args = parse_args(argv).map_err(Usage)?;
        let command = match (args.command, args.format) {
            (CliCommand::Validate, OutputFormat::Report(format)) => {
                return self.validate(&args, format);
            }
            (CliCommand::Render, OutputFormat::Data(format)) => {
                Command::Render(self.spec_request(&args, format)?)
            }
            (CliCommand::Explain, OutputFormat::Data(format)) => {
                Command::Explain(self.spec_request(&args, format)?)
            }
            (CliCommand::Schema, OutputFormat::Data(format)) => Command::Schema { format },
            (CliCommand::Reach, OutputFormat::Data(format)) if args.reach.asks() => {
                Command::Reach(self.reach_request(&args, format)?)
            }
            (CliCommand::Reach, OutputFormat::Data(format)) => {
                Command::Matrix(self.matrix_request(&args, format)?)
            }
            (CliCommand::Help, _) => Command::Help,
            (CliCommand::Version, _) => Command::Version,
            // parse_args gives validate a report's format, the others a data format.
            (_, format) => Command::Error {
                message: format!("{:?} takes no format {format:?}", args.command),
            },
        };
        Ok(command_output(&command))
    }
}

/// npm/cli.mjs's `writeInPlace`: replaces the text of the file at PATH (of the file a symbolic
/// link leads to), or says why not. A file of one name is replaced atomically: a new file beside
/// it, with its permissions, renamed over it. A file of several names (hard links) is written in
/// place, as Vim and Emacs write one, since a rename would leave its other names with the old text.
fn write_in_place(path: &str, text: &str) -> std::result::Result<(), String> {
    let target = fs::canonicalize(path).map_err(|e| reason(e, &format!("realpath '{path}'")))?;
    let to = target.display();
    let metadata = fs::metadata(&target).map_err(|e| reason(e, &format!("stat '{to}'")))?;
    if links(&metadata) > 1 {
        return fs::OpenOptions::new()
            .write(true)
            .open(&target)
            .map_err(|e| reason(e, &format!("open '{to}'")))
            .and_then(|mut file| write_file(&mut file, text).map_err(|e| reason(e, "write")));
    }
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let temp = target.with_file_name(format!(".{name}.k7-spec-{}.tmp", std::process::id()));
    let shown = temp.display();
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .map_err(|e| reason(e, &format!("open '{shown}'")))
        .and_then(|mut file| {
            let permissions = fs::metadata(&target).map(|m| m.permissions());
            write_file(&mut file, text)
                .and_then(|()| fs::set_permissions(&temp, permissions?))
                .map_err(|e| reason(e, "write"))?;
            fs::rename(&temp, &target)
                .map_err(|e| reason(e, &format!("rename '{shown}' -> '{to}'")))
        });
    if written.is_err() {
        // Nothing more can be done when the new file cannot be removed either.
        let _ = fs::remove_file(&temp);
    }
    written
}

/// Writes `text` over `file` from its start, cuts it to `text`'s length, and syncs it.
fn write_file(file: &mut fs::File, text: &str) -> io::Result<()> {
    file.write_all(text.as_bytes())?;
    file.set_len(text.len() as u64)?;
    file.sync_all()
}

/// How many names (hard links) a file has.
#[cfg(unix)]
fn links(metadata: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(metadata)
}

/// How many names a file has: one, where the system does not say.
#[cfg(not(unix))]
fn links(_: &fs::Metadata) -> u64 {
    1
}

/// Writes a report (its stdout, then its stderr) and returns the exit status. A reader that goes
/// away (`k7-spec validate specs | head -1`) ends the command quietly, with the status its
/// findings decided; any other failure to write (a full disk) is one line, exit 2.
fn print(report: &Report) -> i32 {
    let write = |out: &mut dyn Write, text: &str| -> io::Result<()> {
        out.write_all(text.as_bytes())?;
        out.flush()
    };
    let stdout = write(&mut io::stdout().lock(), &report.stdout);
    let stderr = if report.stderr.is_empty() {
        Ok(())
    } else {
        write(&mut io::stderr().lock(), &report.stderr)
    };
    let failed = |result: &io::Result<()>| {
        result
            .as_ref()
            .is_err_and(|e| e.kind() != io::ErrorKind::BrokenPipe)
    };
    if let (true, Err(error)) = (failed(&stdout), &stdout) {
        let message = node_message(error, "write");
        // Nothing more can be done when standard error cannot be written either.
        let _ = write(
            &mut io::stderr().lock(),
            &format!("k7-spec: cannot write the output: {message}\n"),
        );
        return 2;
    }
    if stdout.is_ok() && failed(&stderr) {
        return 2;
    }
    report.status
}

fn main() {
    let argv: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    let report = Cli::default()
        .run(&argv)
        .unwrap_or_else(|Usage(message)| command_output(&Command::Error { message }));
    std::process::exit(print(&report));
}
