//! The `.k7-spec.yaml` config file: the gate's severity, the cluster, the codes to ignore, and
//! overrides of them for the files that match globs (docs/api.md#config-file).
//!
//! It is read with the spec's own reader ([`crate::source`]), so it has the same limits, and
//! every problem comes back as one [`ConfigError`] with its UTF-16 position.

use std::fmt;

use serde::Serialize;

use crate::diagnostic::{Position, Severity, Span};
use crate::options::{Cni, Ignore, RenderOptions, Workload};
use crate::paths::Glob;
use crate::scalar::{Scalar, resolve};
use crate::source::{Node, Style, Value, parse};
use crate::suggest::closest;

/// A config file, read and checked: its top-level settings and its overrides.
///
/// ```
/// let config = k7_spec::Config::parse(
///     "fail-on: info\nignore: [egress-open]\noverrides:\n  - files: [\"demos/**\"]\n    fail-on: error\n",
/// )
/// .unwrap();
/// let demo = config.settings_for("demos/web.k7.yaml");
/// assert_eq!(demo.fail_on, k7_spec::Severity::Error);
/// assert_eq!(demo.ignore[0].code, "egress-open");
/// assert_eq!(config.settings_for("k7.yaml").fail_on, k7_spec::Severity::Info);
///
/// let error = k7_spec::Config::parse("fail_on: error\n").unwrap_err();
/// assert_eq!(error.to_string(), "1:1: unknown key `fail_on`; did you mean `fail-on`?");
/// ```
#[derive(Clone, Debug, Default)]
pub struct Config {
    top: Layer,
    overrides: Vec<Override>,
}

/// What the file sets at one level: `None` leaves the setting to the level below.
#[derive(Clone, Debug, Default)]
struct Layer {
    fail_on: Option<Severity>,
    cni: Option<Cni>,
    workload: Option<Workload>,
    ignore: Vec<Ignore>,
}

/// An entry of `overrides`: the files it applies to, and what it sets for them.
#[derive(Clone, Debug)]
struct Override {
    files: Vec<Glob>,
    layer: Layer,
}

/// The settings for one spec: what the config file says for its path, on top of the defaults.
/// Command-line flags override them (and `--ignore` adds to `ignore`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The cluster's network plugin; default `cilium`.
    pub cni: Cni,
    /// `pod` (default) or `deployment`.
    pub workload: Workload,
    /// The least severe finding that fails the file; default `warning`.
    pub fail_on: Severity,
    /// The codes to ignore, one entry per code (the last reason given for it).
    pub ignore: Vec<Ignore>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            cni: Cni::default(),
            workload: Workload::default(),
            fail_on: Severity::Warning,
            ignore: Vec::new(),
        }
    }
}

impl Settings {
    /// The options to check and render the spec with.
    pub fn options(&self) -> RenderOptions {
        RenderOptions {
            cni: self.cni,
            workload: self.workload,
            ignore: self.ignore.clone(),
        }
    }

    fn apply(&mut self, layer: &Layer) {
        self.fail_on = layer.fail_on.unwrap_or(self.fail_on);
        self.cni = layer.cni.unwrap_or(self.cni);
        self.workload = layer.workload.unwrap_or(self.workload);
        for ignore in &layer.ignore {
            self.ignore.retain(|i| i.code != ignore.code);
            self.ignore.push(ignore.clone());
        }
    }
}

/// Why a config file cannot be used: where, what, and how to fix it when there is a fix to
/// suggest. Displays as `line:column: message; help`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// Lowercase, no trailing period, names the bad value.
    pub message: String,
    /// Where it is, in UTF-16 columns as in diagnostics.
    pub span: Span,
    /// How to fix it, when there is a fix to suggest.
    pub help: Option<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let start = self.span.start;
        write!(f, "{}:{}: {}", start.line, start.column, self.message)?;
        match &self.help {
            Some(help) => write!(f, "; {help}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The keys of the top level; an override has `files` and the others.
const TOP_KEYS: &[&str] = &["fail-on", "cni", "workload", "ignore", "overrides"];
const OVERRIDE_KEYS: &[&str] = &["files", "fail-on", "cni", "workload", "ignore"];
const FAIL_ON: &[(&str, Severity)] = &[
    ("error", Severity::Error),
    ("warning", Severity::Warning),
    ("info", Severity::Info),
];
const CNI: &[(&str, Cni)] = &[("cilium", Cni::Cilium), ("flannel", Cni::Flannel)];
const WORKLOAD: &[(&str, Workload)] =
    &[("pod", Workload::Pod), ("deployment", Workload::Deployment)];

impl Config {
    /// Reads a config file's text: an empty file (or one of comments) is the defaults.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let parsed = parse(text);
        if let Some(d) = parsed.diagnostics.into_iter().next() {
            let unknown_alias = d.message.contains("unknown anchor");
            return Err(ConfigError {
                message: d.message,
                span: or_start(d.span),
                help: d.help.or_else(|| {
                    unknown_alias.then(|| {
                        "a glob that starts with `*` must be quoted: \"*.k7.yaml\"".to_owned()
                    })
                }),
            });
        }
        // Nothing but comments, or an empty document (`---`).
        let root = match parsed.root {
            None => return Ok(Config::default()),
            Some(root) => match &root.value {
                Value::Scalar {
                    text,
                    style: Style::Plain,
                } if resolve(text) == Scalar::Null => {
                    return Ok(Config::default());
                }
                _ => root,
            },
        };
        let mut config = Config::default();
        for (key, value) in entries(&root, "the config")? {
            match key_name(key, TOP_KEYS)? {
                "overrides" => {
                    for item in items(value, "`overrides`")? {
                        config.overrides.push(read_override(item)?);
                    }
                }
                name => read_setting(&mut config.top, name, value)?,
            }
        }
        Ok(config)
    }

    /// The settings for a spec at `path`, relative to the config file's directory with `/`
    /// between segments: the defaults, then the top level, then each override whose `files`
    /// match, in order (a later one wins; `ignore` lists add up).
    pub fn settings_for(&self, path: &str) -> Settings {
        let mut settings = Settings::default();
        settings.apply(&self.top);
        for o in &self.overrides {
            if o.files.iter().any(|glob| glob.matches(path)) {
                settings.apply(&o.layer);
            }
        }
        settings
    }
}

fn read_override(node: &Node) -> Result<Override, ConfigError> {
    let mut files = None;
    let mut layer = Layer::default();
    for (key, value) in entries(node, "an override")? {
        match key_name(key, OVERRIDE_KEYS)? {
            "files" => files = Some(globs(value)?),
            name => read_setting(&mut layer, name, value)?,
        }
    }
    let files = files.ok_or_else(|| {
        error(
            node,
            "this override has no `files`",
            Some("add `files: [\"dir/**\"]`: the globs of the specs it applies to"),
        )
    })?;
    Ok(Override { files, layer })
}

/// `fail-on`, `cni`, `workload` or `ignore`, into the layer.
fn read_setting(layer: &mut Layer, name: &str, value: &Node) -> Result<(), ConfigError> {
    match name {
        "fail-on" => layer.fail_on = Some(choice(value, name, FAIL_ON)?),
        "cni" => layer.cni = Some(choice(value, name, CNI)?),
        "workload" => layer.workload = Some(choice(value, name, WORKLOAD)?),
        _ => {
            for item in items(value, "`ignore`")? {
                layer.ignore.push(ignore(item)?);
            }
        }
    }
    Ok(())
}

/// An entry of `ignore`: a code, or a mapping of `code` and `reason`.
fn ignore(node: &Node) -> Result<Ignore, ConfigError> {
    let (code, reason) = if let Value::Map(_) = node.value {
        let (mut code, mut reason) = (None, None);
        for (key, value) in entries(node, "an `ignore` entry")? {
            match key_name(key, &["code", "reason"])? {
                "code" => code = Some(value),
                _ => reason = Some(string(value, "`reason`")?.to_owned()),
            }
        }
        let code = code.ok_or_else(|| {
            error(
                node,
                "this `ignore` entry has no `code`",
                Some("write `{code: egress-open, reason: why}`"),
            )
        })?;
        (code, reason)
    } else {
        (node, None)
    };
    let name = string(code, "a code to ignore")?;
    Ignore::new(name, reason).map_err(|message| error(code, &message, None))
}

/// `files`: a glob or a list of them, not empty, each one valid.
fn globs(node: &Node) -> Result<Vec<Glob>, ConfigError> {
    let nodes: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().map(|n| &**n).collect(),
        _ => vec![node],
    };
    if nodes.is_empty() {
        return Err(error(
            node,
            "`files` is empty: this override applies to no file",
            None,
        ));
    }
    nodes
        .into_iter()
        .map(|n| {
            let pattern = string(n, "a glob")?;
            Glob::new(pattern).map_err(|message| {
                error(
                    n,
                    &format!("invalid glob: {message}"),
                    Some("escape a literal `[`, `*`, `?` or `\\` with `\\`"),
                )
            })
        })
        .collect()
}

/// A value that must be one of `choices`.
fn choice<T: Copy>(node: &Node, name: &str, choices: &[(&str, T)]) -> Result<T, ConfigError> {
    let names = || choices.iter().map(|(n, _)| *n);
    let expected = names().collect::<Vec<_>>().join(", ");
    let text = string(node, &format!("`{name}`")).map_err(|e| ConfigError {
        help: Some(format!("write one of {expected}")),
        ..e
    })?;
    if let Some((_, value)) = choices.iter().find(|(n, _)| *n == text) {
        return Ok(*value);
    }
    let help = match closest(text, names()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("write one of {expected}"),
    };
    Err(error(
        node,
        &format!("`{name}` cannot be `{text}`"),
        Some(&help),
    ))
}

/// The entries of a mapping; `what` names it in the error.
fn entries<'a>(
    node: &'a Node,
    what: &str,
) -> Result<impl Iterator<Item = (&'a Node, &'a Node)>, ConfigError> {
    match &node.value {
        Value::Map(entries) => Ok(entries.iter().map(|(k, v)| (&**k, &**v))),
        _ => Err(error(
            node,
            &format!("{what} must be a mapping of keys"),
            None,
        )),
    }
}

/// The items of a list; `what` names it in the error.
fn items<'a>(node: &'a Node, what: &str) -> Result<impl Iterator<Item = &'a Node>, ConfigError> {
    match &node.value {
        Value::Seq(items) => Ok(items.iter().map(|n| &**n)),
        _ => Err(error(node, &format!("{what} must be a list"), None)),
    }
}

/// A key, which must be one of `keys`.
fn key_name<'k>(node: &Node, keys: &[&'k str]) -> Result<&'k str, ConfigError> {
    let name = node.scalar().unwrap_or_default();
    if let Some(key) = keys.iter().find(|k| **k == name) {
        return Ok(key);
    }
    let help = match closest(name, keys.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("the keys here are {}", keys.join(", ")),
    };
    Err(error(node, &format!("unknown key `{name}`"), Some(&help)))
}

/// A string: quoted, or plain and not a YAML 1.2 null, boolean or number.
fn string<'a>(node: &'a Node, what: &str) -> Result<&'a str, ConfigError> {
    match &node.value {
        Value::Scalar { text, style } if *style != Style::Plain || resolve(text) == Scalar::Str => {
            Ok(text)
        }
        _ => Err(error(node, &format!("{what} must be a string"), None)),
    }
}

fn error(node: &Node, message: &str, help: Option<&str>) -> ConfigError {
    ConfigError {
        message: message.to_owned(),
        span: or_start(node.span),
        help: help.map(str::to_owned),
    }
}

/// A span, or the start of the text for a node without one (never, for text).
fn or_start(span: Option<Span>) -> Span {
    let start = Position {
        line: 1,
        column: 1,
        offset: 0,
    };
    span.unwrap_or(Span { start, end: start })
}
