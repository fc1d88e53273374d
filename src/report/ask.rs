//! What `reach` is asked, read once for every front end: the options `--to`, `--from`,
//! `--port`, `--udp`, `--phase`, `--expect` and `--queries` (`parse_args` in src/args.rs
//! checks them), and the lines of a queries file (read when the command runs), with the
//! one-line messages of bad usage both share.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::reach::{PhaseName, Protocol, Query, QueryRequest, Verdict};

/// The values of `--phase` (and of a queries line's `phase`).
pub(crate) const PHASES: &[&str] = &["start", "script", "locked", "all"];
/// The values of `--expect` (and of a queries line's `expect`).
pub(crate) const EXPECTS: &[&str] = &["allow", "deny"];

/// The values a word of a queries line may take, if it is a choice.
fn line_choices(word: &str) -> Option<&'static [&'static str]> {
    match word {
        "phase" => Some(PHASES),
        "expect" => Some(EXPECTS),
        _ => None,
    }
}

/// `reach --phase`: one phase of the sandbox's life, or all three.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PhaseChoice {
    /// From the pod's start until `before_script` runs.
    Start,
    /// While `before_script` runs.
    Script,
    /// Locked down.
    Locked,
    /// Every phase (the default).
    #[default]
    All,
}

impl PhaseChoice {
    /// Whether `phase` is asked for.
    pub fn includes(self, phase: PhaseName) -> bool {
        match self {
            PhaseChoice::All => true,
            PhaseChoice::Start => phase == PhaseName::Start,
            PhaseChoice::Script => phase == PhaseName::Script,
            PhaseChoice::Locked => phase == PhaseName::Locked,
        }
    }
}

/// `reach --expect`: what CI asserts of a connection in every phase asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    /// Every phase asked answers `allowed`.
    Allow,
    /// Every phase asked answers `denied`.
    Deny,
}

impl Expect {
    /// The verdict that meets the expectation; `depends` meets neither.
    pub fn verdict(self) -> Verdict {
        match self {
            Expect::Allow => Verdict::Allowed,
            Expect::Deny => Verdict::Denied,
        }
    }

    /// `allow` or `deny`, as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Expect::Allow => "allow",
            Expect::Deny => "deny",
        }
    }
}

/// What `reach` is asked, from the command line: one connection (`--to` or `--from`, with
/// `--port` and `--udp`) or a file of them (`--queries`), the phases, and the expectation.
/// Serialised in camelCase without the options not given; the front ends pass it back to the
/// core as is, in `output`'s `reach` request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ReachArgs {
    /// `--to DEST`: an egress connection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `--from SOURCE`: an ingress connection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// `--port P`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// `--udp`.
    pub udp: bool,
    /// `--phase`, default `all`; with `--queries`, for the lines that give none.
    pub phase: PhaseChoice,
    /// `--expect`; with `--queries`, for the lines that give none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
    /// `--queries FILE`, which the front end reads (`-` is standard input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queries: Option<String>,
}

impl ReachArgs {
    /// Whether a connection is asked (`--to`, `--from` or `--queries`); if not, `reach` draws
    /// the matrix of its FILEs.
    pub fn asks(&self) -> bool {
        self.to.is_some() || self.from.is_some() || self.queries.is_some()
    }

    /// The connection `--to` or `--from` names, with `--port` and `--udp`.
    pub(crate) fn query(&self) -> Result<Query, String> {
        let request = QueryRequest {
            to: self.to.clone(),
            from: self.from.clone(),
            port: self.port,
            protocol: self.udp.then_some(Protocol::Udp),
        };
        request.query().map_err(|e| e.to_string())
    }

    /// The question as a queries file writes it: `to DEST [port P] [udp]`.
    fn text(&self) -> String {
        let mut text = match (&self.to, &self.from) {
            (Some(to), _) => format!("to {to}"),
            (_, from) => format!("from {}", from.as_deref().unwrap_or_default()),
        };
        if let Some(port) = self.port {
            text.push_str(&format!(" port {port}"));
        }
        if self.udp {
            text.push_str(" udp");
        }
        text
    }

    /// The connections asked: the one of `--to` or `--from`, or one per line of the queries
    /// file, whose text the front end read (`queries`). A bad line is the usage message
    /// `FILE:LINE: what is wrong`.
    pub(crate) fn questions(&self, queries: Option<&str>) -> Result<Vec<Question>, String> {
        let Some(file) = &self.queries else {
            return Ok(vec![Question::new(None, self)?]);
        };
        let file = if file == "-" { "<stdin>" } else { file };
        let text = queries.ok_or_else(|| format!("the queries file {file} was not read"))?;
        let mut questions = Vec::new();
        // A byte order mark is no part of the first line's words.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (i, line) in text.lines().enumerate() {
            let at = |e: String| format!("{file}:{}: {e}", i + 1);
            let words: Vec<&str> = line
                .split_whitespace()
                .take_while(|w| !w.starts_with('#'))
                .collect();
            if !words.is_empty() {
                let args = self.line(&words).map_err(at)?;
                questions.push(Question::new(Some(i + 1), &args).map_err(at)?);
            }
        }
        if questions.is_empty() {
            return Err(format!(
                "the queries file {file} has no query ({QUERY_LINE})"
            ));
        }
        Ok(questions)
    }

    /// One line of a queries file, its words without the comment: `--phase` and `--expect`
    /// apply unless it gives its own.
    fn line(&self, words: &[&str]) -> Result<ReachArgs, String> {
        let mut args = ReachArgs {
            phase: self.phase,
            expect: self.expect,
            ..ReachArgs::default()
        };
        let (way, peer) = match words {
            [way @ ("to" | "from"), peer, ..] => (*way, (*peer).to_owned()),
            [way @ ("to" | "from")] => {
                let what = if *way == "to" {
                    "destination"
                } else {
                    "source"
                };
                return Err(format!("`{way}` needs a {what} ({QUERY_LINE})"));
            }
            [other, ..] => {
                return Err(format!(
                    "a query starts with `to` or `from`, not {} ({QUERY_LINE})",
                    quoted(other)
                ));
            }
            [] => return Err(format!("an empty query ({QUERY_LINE})")),
        };
        if way == "to" {
            args.to = Some(peer);
        } else {
            args.from = Some(peer);
        }
        let mut seen = Vec::new();
        let mut rest = words[2..].iter();
        while let Some(&word) = rest.next() {
            if seen.contains(&word) {
                return Err(format!("`{word}` is given twice"));
            }
            seen.push(word);
            if word == "udp" {
                args.udp = true;
                continue;
            }
            if !["port", "phase", "expect"].contains(&word) {
                return Err(format!("unknown word {} ({QUERY_LINE})", quoted(word)));
            }
            let Some(&value) = rest.next() else {
                let among = line_choices(word).map(|c| format!(": {}", either(c)));
                return Err(format!(
                    "`{word}` needs a value{}",
                    among.unwrap_or_default()
                ));
            };
            let shown = format!("`{word}`");
            if let Some(choices) = line_choices(word) {
                check_choice(&shown, choices, value)?;
            }
            match word {
                "port" => args.port = Some(port_value(&shown, value)?),
                "phase" => args.phase = read(value).unwrap_or_default(),
                _ => args.expect = read(value),
            }
        }
        Ok(args)
    }
}

/// What a line of a queries file holds, for the messages about a bad one.
const QUERY_LINE: &str = "a line is `to DEST` or `from SOURCE`, then any of `port P`, `udp`, \
                          `phase start|script|locked|all` and `expect allow|deny`";

/// One connection to judge: `--to` or `--from`, or a line of a queries file.
#[derive(Clone, Debug)]
pub(crate) struct Question {
    /// The line of the queries file; `None` for `--to` and `--from`.
    pub line: Option<usize>,
    /// The question as a queries file writes it, without its phase and expectation.
    pub text: String,
    /// The connection.
    pub query: Query,
    /// The phases asked.
    pub phase: PhaseChoice,
    /// What every phase asked must answer, if anything.
    pub expect: Option<Expect>,
}

impl Question {
    fn new(line: Option<usize>, args: &ReachArgs) -> Result<Question, String> {
        Ok(Question {
            line,
            text: args.text(),
            query: args.query()?,
            phase: args.phase,
            expect: args.expect,
        })
    }
}

/// "a, b or c"
pub(crate) fn either(values: &[&str]) -> String {
    list(values, "or")
}

/// "a", "a and b", "a, b and c" (with `and` the conjunction).
pub(crate) fn list(values: &[&str], and: &str) -> String {
    match values.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} {and} {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A string as JSON (and JavaScript's `JSON.stringify`) quotes it.
pub(crate) fn quoted(value: &str) -> String {
    serde_json::Value::from(value).to_string()
}

/// A word among `values`, read as serde reads it.
pub(crate) fn read<T: DeserializeOwned>(value: &str) -> Option<T> {
    serde_json::from_value(value.into()).ok()
}

/// Checks that `value` is among `choices`; `shown` is how the message names the option
/// (`--phase`, or `` `phase` `` in a queries file).
pub(crate) fn check_choice(shown: &str, choices: &[&str], value: &str) -> Result<(), String> {
    if choices.contains(&value) {
        return Ok(());
    }
    Err(format!(
        "{shown} must be {}, not {}",
        either(choices),
        quoted(value)
    ))
}

/// A port number from 1 to 65535; `shown` names it in the message.
pub(crate) fn port_value(shown: &str, value: &str) -> Result<u16, String> {
    match value.parse::<u16>() {
        Ok(port) if port > 0 => Ok(port),
        _ => Err(format!(
            "{shown} must be a number from 1 to 65535, not {}",
            quoted(value)
        )),
    }
}
