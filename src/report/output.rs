//! What the other commands print: `render` (the manifests), `explain` (the explanation in
//! sentences), `schema`, `reach` (in [`reach`](super::reach)), `--help`, `--version`, and a
//! usage error. Like [`report()`](super::report), the bytes come from
//! here, so every front end prints the same.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::reach::{self, MatrixRequest, ReachRequest};
use super::{Report, json, text};
use crate::diagnostic::Severity;
use crate::explain::Explanation;
use crate::options::RenderOptions;
use crate::pipeline::render;
use crate::render::to_yaml;

/// How `render`, `explain` and `schema` print their data; serde reads and writes it in lowercase.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DataFormat {
    /// The command's own text: the manifests as YAML (`render`), sentences (`explain`), JSON
    /// (`schema`).
    #[default]
    Text,
    /// YAML, by the writer `render` uses.
    Yaml,
    /// JSON, indented by 2 spaces, with the characters a terminal must not receive escaped.
    Json,
}

/// One command of the command line other than `validate` (which is [`report()`](super::report)):
/// what it is given. Serde reads it from the shape of the JavaScript `OutputRequest`
/// (`{"command": "render", "file": "k7.yaml", "source": "…", "failOn": "error"}`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "command", rename_all = "lowercase", deny_unknown_fields)]
pub enum Command {
    /// `k7-spec render FILE`: the manifests on stdout (YAML, or the whole rendering as JSON), the
    /// unsuppressed findings on stderr; status 1 when there is an error.
    Render(SpecRequest),
    /// `k7-spec explain FILE`: the explanation on stdout (sentences, YAML or JSON; `null` when
    /// the spec has an error), the findings on stderr; status 1 when there is an error.
    Explain(SpecRequest),
    /// `k7-spec schema`: the JSON Schema, as JSON (`text`, `json`) or YAML.
    Schema {
        /// `text` and `json` print JSON.
        #[serde(default)]
        format: DataFormat,
    },
    /// `k7-spec --help`: the usage text (src/report/usage.txt) on stdout, status 0.
    Help,
    /// `k7-spec --version`: the core's version on stdout, status 0.
    Version,
    /// `k7-spec reach FILE --to DEST`, `--from SOURCE` or `--queries FILE`: each connection
    /// judged per phase (text or JSON) on stdout, the findings on stderr; status 1 when an
    /// `--expect` does not hold or the spec has an error, 2 for a bad line of the queries file.
    Reach(ReachRequest),
    /// `k7-spec reach FILE...` without a question: the connectivity matrix between the specs
    /// (text or JSON) on stdout, their findings on stderr; status 1 when a spec has an error.
    Matrix(MatrixRequest),
    /// Bad usage: one line on stderr, `k7-spec: message`, status 2.
    Error {
        /// What was wrong, such as `unknown option --fial-on`.
        message: String,
    },
}

/// The spec that `render` and `explain` print, and how.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SpecRequest {
    /// The file's name, for the findings.
    pub file: String,
    /// The spec's text.
    pub source: String,
    /// The cluster and the codes to ignore.
    #[serde(default)]
    pub options: RenderOptions,
    /// How the findings are counted, from a config; the status depends only on errors.
    #[serde(default = "warning")]
    pub fail_on: Severity,
    /// `text` (YAML for `render`, sentences for `explain`), `yaml` or `json`.
    #[serde(default)]
    pub format: DataFormat,
}

fn warning() -> Severity {
    Severity::Warning
}

/// What a command prints and its exit status. Never fails or panics.
///
/// ```
/// use k7_spec::{Command, DataFormat, SpecRequest, command_output};
///
/// let out = command_output(&Command::Render(SpecRequest {
///     file: "k7.yaml".into(),
///     source: "name: demo\nimage: alpine:3.20\ncap_add: [SYS_ADMIN]\negress_whitelist: []\n".into(),
///     options: Default::default(),
///     fail_on: k7_spec::Severity::Warning,
///     format: DataFormat::Text,
/// }));
/// assert!(out.stdout.starts_with("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"));
/// assert!(out.stderr.starts_with("k7.yaml:3:11: warning[powerful-capability]"));
/// assert_eq!(out.status, 0);
///
/// let out = command_output(&Command::Error { message: "unknown option --fial-on\u{1b}]0;x".into() });
/// assert_eq!((out.stderr.as_str(), out.status), ("k7-spec: unknown option --fial-on\\u{1b}]0;x\n", 2));
/// ```
pub fn command_output(command: &Command) -> Report {
    match command {
        Command::Render(spec) | Command::Explain(spec) => {
            let SpecRequest {
                file,
                source,
                options,
                fail_on: _,
                format,
            } = spec;
            let rendering = render(source, options);
            let stdout = match (command, format) {
                (Command::Render { .. }, DataFormat::Json) => json::text(&rendering, true),
                (Command::Render { .. }, _) => rendering.yaml.clone(),
                (_, DataFormat::Text) => rendering
                    .explanation
                    .as_ref()
                    .map(explanation_text)
                    .unwrap_or_default(),
                (_, format) => data(&serde_json::to_value(&rendering.explanation), *format),
            };
            Report {
                stdout,
                // The findings go to stderr, so that stdout stays what `kubectl apply -f -` takes.
                stderr: text::findings(file, &rendering.diagnostics, None),
                status: if rendering.ok { 0 } else { 1 },
            }
        }
        Command::Schema { format } => Report {
            stdout: data(&serde_json::from_str(crate::schema()), *format),
            stderr: String::new(),
            status: 0,
        },
        Command::Help => Report {
            stdout: include_str!("usage.txt").to_owned(),
            stderr: String::new(),
            status: 0,
        },
        Command::Version => Report {
            stdout: concat!(env!("CARGO_PKG_VERSION"), "\n").to_owned(),
            stderr: String::new(),
            status: 0,
        },
        Command::Reach(request) => reach::output(request),
        Command::Matrix(request) => reach::matrix_output(request),
        Command::Error { message } => Report::usage_error(message),
    }
}

/// A value as JSON (for `text` and `json`) or YAML. The value is always serialisable: every
/// map key of these types is a string.
fn data(value: &Result<Value, serde_json::Error>, format: DataFormat) -> String {
    let value = value.as_ref().unwrap_or(&Value::Null);
    match format {
        DataFormat::Yaml => to_yaml(std::slice::from_ref(value)),
        DataFormat::Text | DataFormat::Json => json::text(value, true),
    }
}

/// The explanation in plain sentences, one section per concern, escaped for the terminal.
fn explanation_text(e: &Explanation) -> String {
    let section = |title: &str, summary: &str, details: &[String]| {
        let mut out = format!("{title}: {}\n", text::escape(summary));
        for d in details {
            out.push_str(&format!("  - {}\n", text::escape(d)));
        }
        out
    };
    let mut phases = String::from("Phases:\n");
    for (i, p) in e.phases.iter().enumerate() {
        let line = format!("{} (egress {}): {}", p.name, p.egress, p.summary);
        phases.push_str(&format!("  {}. {}\n", i + 1, text::escape(&line)));
    }
    [
        section("Egress", &e.egress.summary, &e.egress.details),
        section("Ingress", &e.ingress.summary, &e.ingress.details),
        section(
            &format!("Security ({})", e.security.level.name()),
            &e.security.summary,
            &e.security.details,
        ),
        phases,
    ]
    .join("\n")
}
