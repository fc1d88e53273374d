//! The command line's arguments (docs/api.md#command-line), parsed and checked once for every
//! front end: the npm CLI calls [`parse_args`] through wasm (`parseArgs`), the native binary
//! directly, so both take the same words and refuse the same ones with the same one-line message
//! (printed by `command_output`'s `Command::Error`). What is left to a front end is what touches
//! the system: reading files, walking directories, finding configs.

use serde::Serialize;

use crate::config::Settings;
use crate::diagnostic::Severity;
use crate::options::{Cni, Ignore, Workload};
use crate::report::{
    DataFormat, EXPECTS, Format, PHASES, ReachArgs, ReportOptions, check_choice, either,
    port_value, quoted, read,
};

/// What the command line asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CliCommand {
    /// `validate [FILE...]`: check specs and report (`report()`).
    Validate,
    /// `render FILE`: the manifests.
    Render,
    /// `explain FILE`: the explanation.
    Explain,
    /// `schema`: the JSON Schema.
    Schema,
    /// `reach FILE --to DEST`, `--from SOURCE` or `--queries FILE`: connections judged per
    /// phase; `reach FILE...` without them: the connectivity matrix between the specs.
    Reach,
    /// `-h`, `--help` anywhere: the usage text, whatever else is given.
    Help,
    /// `--version` anywhere.
    Version,
}

/// The output format asked for, checked against the command: a report's for `validate`, a data
/// format for the others. Serialised as the word given (`"sarif"`, `"yaml"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum OutputFormat {
    /// `validate --format`.
    Report(Format),
    /// `render`, `explain`, `schema` and `reach --format`.
    Data(DataFormat),
}

/// The command line, parsed and checked: the command, its FILEs, and the options given (those
/// not given are left to the config, then the defaults). Serialised in camelCase for JavaScript,
/// without the options not given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Args {
    /// The command.
    pub command: CliCommand,
    /// The FILE arguments, in order (`-` is standard input).
    pub files: Vec<String>,
    /// `--format`, default `text`.
    pub format: OutputFormat,
    /// `--fail-on`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<Severity>,
    /// `--cni`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cni: Option<Cni>,
    /// `--workload`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workload: Option<Workload>,
    /// Every `--ignore` code, checked (known, and not an error's), in order.
    pub ignore: Vec<Ignore>,
    /// The name of standard input: `--stdin-filename`'s, else `<stdin>`.
    pub stdin_name: String,
    /// `--config FILE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<String>,
    /// `-q`, `--quiet`.
    pub quiet: bool,
    /// `--no-config`.
    pub no_config: bool,
    /// `--fix`: validate applies the safe fixes (and the unsafe ones with `--unsafe-fixes`),
    /// writing each file in place (standard input's fixed text to standard output).
    pub fix: bool,
    /// `--unsafe-fixes`: with `--fix` or `--diff`, the unsafe fixes too; alone, the report counts
    /// them as fixable.
    pub unsafe_fixes: bool,
    /// `--diff`: validate prints a unified diff of what `--fix` would change, and changes nothing.
    pub diff: bool,
    /// `reach`'s question (the defaults for the other commands).
    pub reach: ReachArgs,
}

/// Options that take a value; the others are flags.
const VALUED: &[&str] = &[
    "cni",
    "workload",
    "format",
    "fail-on",
    "ignore",
    "stdin-filename",
    "config",
    "to",
    "from",
    "port",
    "phase",
    "expect",
    "queries",
];
/// The options of `reach` only (`--udp` is its flag).
const REACH_OPTIONS: &[&str] = &["to", "from", "port", "phase", "expect", "queries", "udp"];
const VALIDATE_FORMATS: &[&str] = &[
    "text",
    "json",
    "json-lines",
    "github",
    "sarif",
    "junit",
    "gitlab",
];
const DATA_FORMATS: &[&str] = &["text", "yaml", "json"];
const REACH_FORMATS: &[&str] = &["text", "json"];

/// The values an option may take, if it is a choice.
fn choices(name: &str) -> Option<&'static [&'static str]> {
    match name {
        "cni" => Some(&["cilium", "flannel"]),
        "workload" => Some(&["pod", "deployment"]),
        "fail-on" => Some(&["error", "warning", "info"]),
        "phase" => Some(PHASES),
        "expect" => Some(EXPECTS),
        _ => None,
    }
}

/// Parses the command line's words (without the program's name), as docs/api.md#command-line
/// describes them: the first word that is no option is the command, options come anywhere
/// (`--name value` or `--name=value`), `--` makes every later word a FILE. Returns what the line
/// asks for, or the one-line message of bad usage.
///
/// ```
/// use k7_spec::{CliCommand, parse_args};
///
/// let args = parse_args(&["validate", "--fail-on=error", "specs", "-q"].map(String::from)).unwrap();
/// assert_eq!((args.command, args.files, args.quiet), (CliCommand::Validate, vec!["specs".to_owned()], true));
/// assert_eq!(parse_args(&["render", "--cni", "calico"].map(String::from)).unwrap_err(),
///            "--cni must be cilium or flannel, not \"calico\"");
/// assert_eq!(parse_args(&["--fial-on", "x", "--help"].map(String::from)).unwrap_err(),
///            "unknown option --fial-on (see k7-spec --help)");
/// ```
pub fn parse_args(argv: &[String]) -> Result<Args, String> {
    let mut command = None;
    let mut files = Vec::new();
    let mut values: Vec<(&str, String)> = Vec::new();
    let mut codes = Vec::new();
    let (mut quiet, mut no_config, mut udp, mut only_files) = (false, false, false, false);
    let mut fixes: Vec<&str> = Vec::new();
    let mut words = argv.iter();
    while let Some(arg) = words.next() {
        if only_files || arg == "-" || !arg.starts_with('-') {
            match command {
                None => command = Some(arg.as_str()),
                Some(_) => files.push(arg.clone()),
            }
            continue;
        }
        match arg.as_str() {
            "--" => only_files = true,
            "-h" | "--help" => return Ok(Args::only(CliCommand::Help)),
            "--version" => return Ok(Args::only(CliCommand::Version)),
            "-q" | "--quiet" => quiet = true,
            "--no-config" => no_config = true,
            "--udp" => udp = true,
            "--fix" | "--unsafe-fixes" | "--diff" => fixes.push(&arg[2..]),
            _ => {
                let option = arg.strip_prefix("--").unwrap_or_default();
                let (name, inline) = match option.split_once('=') {
                    Some((name, value)) => (name, Some(value)),
                    None => (option, None),
                };
                let Some(name) = VALUED.iter().copied().find(|v| *v == name) else {
                    return Err(format!("unknown option {arg} (see k7-spec --help)"));
                };
                let Some(value) = inline.map(str::to_owned).or_else(|| words.next().cloned())
                else {
                    let among = choices(name).map(|c| format!(": {}", either(c)));
                    return Err(format!(
                        "--{name} needs a value{}",
                        among.unwrap_or_default()
                    ));
                };
                if let Some(choices) = choices(name) {
                    check_choice(&format!("--{name}"), choices, &value)?;
                }
                if name == "ignore" {
                    // JavaScript's trim: white space and the byte order mark.
                    let trim = |code: &str| {
                        let code =
                            code.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
                        code.to_owned()
                    };
                    let split: Vec<String> = value.split(',').map(trim).collect();
                    if split.iter().any(String::is_empty) {
                        return Err(format!(
                            "--ignore needs codes separated by commas, not {}",
                            quoted(&value)
                        ));
                    }
                    codes.extend(split);
                } else {
                    values.retain(|(n, _)| *n != name);
                    values.push((name, value));
                }
            }
        }
    }
    let value = |name: &str| values.iter().find(|(n, _)| *n == name).map(|(_, v)| v);
    // Each code is checked here once (unknown, or an error's) rather than with every file.
    let ignore = codes
        .iter()
        .map(|code| Ignore::new(code, None).map_err(|e| format!("--ignore {code}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let command = match command {
        None => return Err("missing command (see k7-spec --help)".to_owned()),
        Some("validate") => CliCommand::Validate,
        Some("render") => CliCommand::Render,
        Some("explain") => CliCommand::Explain,
        Some("schema") => CliCommand::Schema,
        Some("reach") => CliCommand::Reach,
        Some(other) => {
            return Err(format!(
                "unknown command {}: use validate, render, explain, schema or reach",
                quoted(other)
            ));
        }
    };
    let given = |name: &&str| value(name).is_some() || (*name == "udp" && udp);
    let reach = match REACH_OPTIONS.iter().copied().find(given) {
        _ if command == CliCommand::Reach => reach_args(&value, udp, &files)?,
        Some(name) => return Err(format!("--{name} is an option of reach only")),
        None => ReachArgs::default(),
    };
    let name = format!("{command:?}").to_lowercase();
    match (command, files.len()) {
        (CliCommand::Render | CliCommand::Explain, 1) | (CliCommand::Validate, _) => {}
        (CliCommand::Reach, 1) => {}
        (CliCommand::Reach, _) if !reach.asks() => {}
        (CliCommand::Reach, _) => {
            return Err(
                "reach takes exactly one FILE (or - for standard input) with --to, --from or \
                 --queries; several draw the matrix between them"
                    .to_owned(),
            );
        }
        (CliCommand::Schema, 0) => {}
        (CliCommand::Schema, _) => return Err("schema takes no FILE".to_owned()),
        _ => {
            return Err(format!(
                "{name} takes exactly one FILE (or - for standard input)"
            ));
        }
    }
    let [fix, unsafe_fixes, diff] = ["fix", "unsafe-fixes", "diff"].map(|f| fixes.contains(&f));
    if let Some(option) = fixes.first().filter(|_| command != CliCommand::Validate) {
        return Err(format!("--{option} is an option of validate only"));
    }
    if fix && !diff && files.iter().any(|f| f == "-") && files.len() > 1 {
        return Err(
            "--fix with - writes the fixed text to standard output, so - must be the only FILE"
                .to_owned(),
        );
    }
    let stdin_name = value("stdin-filename");
    if stdin_name.is_some() && !files.iter().any(|f| f == "-") {
        return Err(
            "--stdin-filename names standard input, so it needs - among the FILEs".to_owned(),
        );
    }
    let given = value("format").map_or("text", String::as_str);
    let formats = match command {
        CliCommand::Validate => VALIDATE_FORMATS,
        CliCommand::Reach => REACH_FORMATS,
        _ => DATA_FORMATS,
    };
    let format = match command {
        CliCommand::Validate => read(given).map(OutputFormat::Report),
        _ => read(given).map(OutputFormat::Data),
    }
    .filter(|_| formats.contains(&given))
    .ok_or_else(|| {
        format!(
            "{name} --format must be {}, not {}",
            either(formats),
            quoted(given)
        )
    })?;
    if diff && given != "text" {
        return Err(format!(
            "--diff prints a unified diff, so it takes no --format {}",
            quoted(given)
        ));
    }
    Ok(Args {
        command,
        files,
        format,
        fail_on: value("fail-on").and_then(|v| read(v)),
        cni: value("cni").and_then(|v| read(v)),
        workload: value("workload").and_then(|v| read(v)),
        ignore,
        stdin_name: stdin_name.map_or("<stdin>", String::as_str).to_owned(),
        config: value("config").cloned(),
        quiet,
        no_config,
        fix,
        unsafe_fixes,
        diff,
        reach,
    })
}

/// `reach`'s options, checked: one question at most, the options that need one, and the query
/// itself (a destination or source the engine cannot read is bad usage, before any file is).
fn reach_args<'a>(
    value: &dyn Fn(&str) -> Option<&'a String>,
    udp: bool,
    files: &[String],
) -> Result<ReachArgs, String> {
    let asked: Vec<&str> = ["to", "from", "queries"]
        .into_iter()
        .filter(|name| value(name).is_some())
        .collect();
    if asked.len() > 1 {
        return Err(format!(
            "reach asks one of --to, --from or --queries, not --{} and --{}",
            asked[0], asked[1]
        ));
    }
    let needing = ["port", "udp", "phase", "expect"]
        .into_iter()
        .find(|name| value(name).is_some() || (*name == "udp" && udp));
    match (asked.first(), needing) {
        (None, Some(name)) => {
            return Err(format!(
                "--{name} needs --to, --from or --queries (without them, reach draws the matrix \
                 between its FILEs)"
            ));
        }
        (Some(&"queries"), Some(name @ ("port" | "udp"))) => {
            return Err(format!(
                "--{name} goes with --to or --from: each line of a queries file gives its own"
            ));
        }
        _ => {}
    }
    if value("queries").is_some_and(|q| q == "-") && files.iter().any(|f| f == "-") {
        return Err("--queries - and the FILE - cannot both be standard input".to_owned());
    }
    let args = ReachArgs {
        to: value("to").cloned(),
        from: value("from").cloned(),
        port: value("port").map(|p| port_value("--port", p)).transpose()?,
        udp,
        phase: value("phase").and_then(|v| read(v)).unwrap_or_default(),
        expect: value("expect").and_then(|v| read(v)),
        queries: value("queries").cloned(),
    };
    if args.queries.is_none() && args.asks() {
        let name = if args.to.is_some() { "--to" } else { "--from" };
        args.query().map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(args)
}

impl Args {
    /// `--help` or `--version`: nothing else matters.
    fn only(command: CliCommand) -> Args {
        Args {
            command,
            files: Vec::new(),
            format: OutputFormat::Data(DataFormat::Text),
            fail_on: None,
            cni: None,
            workload: None,
            ignore: Vec::new(),
            stdin_name: "<stdin>".to_owned(),
            config: None,
            quiet: false,
            no_config: false,
            fix: false,
            unsafe_fixes: false,
            diff: false,
            reach: ReachArgs::default(),
        }
    }
}

impl Args {
    /// The settings of one spec: its config's (or the defaults), under the command line's:
    /// `--fail-on`, `--cni` and `--workload` replace the config's, `--ignore` adds to its list.
    pub fn settings(&self, config: Settings) -> Settings {
        let mut settings = config;
        settings.fail_on = self.fail_on.unwrap_or(settings.fail_on);
        settings.cni = self.cni.unwrap_or(settings.cni);
        settings.workload = self.workload.unwrap_or(settings.workload);
        settings.ignore.extend(self.ignore.iter().cloned());
        settings
    }

    /// How `validate` reports, in `format`: quiet, and whether it fixes (`--fix`, stdin's text to
    /// stdout with `-`), prints a diff, or takes the unsafe fixes too.
    pub fn report_options(&self, format: Format) -> ReportOptions {
        ReportOptions {
            format,
            quiet: self.quiet,
            fix: self.fix,
            stdin: self.files.iter().any(|f| f == "-"),
            diff: self.diff,
            unsafe_fixes: self.unsafe_fixes,
        }
    }
}
