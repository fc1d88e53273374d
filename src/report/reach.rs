//! What `k7-spec reach` prints: one connection judged per phase (`--to`, `--from`), a file of
//! them (`--queries`, for policy tests in CI), or the connectivity matrix between several specs;
//! as aligned text for the terminal (escaped as every text of the command line is) or as JSON.

use serde::{Deserialize, Serialize};

use super::ask::{Expect, Question, ReachArgs, list};
use super::{Report, json, text};
use crate::diagnostic::{Diagnostic, Span};
use crate::options::{Cni, RenderOptions};
use crate::reach::{
    Direction, Matrix, MatrixPair, MatrixSandbox, PairVerdict, Query, QueryInfo, Reach, ReachPhase,
    ReachRule, Verdict, reach_all, reach_matrix,
};

/// `k7-spec reach FILE --to DEST`, `--from SOURCE` or `--queries FILE`: what it is given.
/// Serde reads it from the JavaScript shape (`{"command": "reach", "file": "k7.yaml", "source":
/// "…", "reach": {"to": "pypi.org:443", "expect": "allow"}}`), where `reach` is what `parseArgs`
/// returned as `reach`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReachRequest {
    /// The spec's file name, for the findings and the text.
    pub file: String,
    /// The spec's text.
    pub source: String,
    /// The cluster and the codes to ignore.
    #[serde(default)]
    pub options: RenderOptions,
    /// `text` (the default), or `json` (`yaml`, which the command line refuses, prints JSON).
    #[serde(default)]
    pub format: super::DataFormat,
    /// The question: `--to` or `--from` (with `--port`, `--udp`), or `--queries`; `--phase`,
    /// `--expect`.
    pub reach: ReachArgs,
    /// The text of the queries file `reach.queries` names, read by the front end.
    #[serde(default)]
    pub queries: Option<String>,
}

/// `k7-spec reach FILE...` without a question: the connectivity matrix between the specs.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MatrixRequest {
    /// The specs, in order.
    pub files: Vec<SpecFile>,
    /// The cluster (one for every spec) and the codes to ignore.
    #[serde(default)]
    pub options: RenderOptions,
    /// `text` (the default), or `json` (`yaml`, which the command line refuses, prints JSON).
    #[serde(default)]
    pub format: super::DataFormat,
}

/// One spec file: its name and its text.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// The file's name as the user gave it.
    pub file: String,
    /// The spec's text.
    pub source: String,
}

/// One question answered: the phases asked, and whether the expectation holds.
struct Answer {
    question: Question,
    reach: Reach,
    holds: Option<bool>,
}

/// One answer as JSON: `reach()`'s answer (only the phases asked), the queries file's line, the
/// expectation and whether it holds (`null` without one).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AnswerJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    expect: Option<Expect>,
    holds: Option<bool>,
    #[serde(flatten)]
    reach: &'a Reach,
}

/// What `reach FILE --to/--from/--queries` prints, and the status: 2 for a bad queries line, 1
/// when an expectation does not hold or the spec has an error, else 0.
pub(super) fn output(request: &ReachRequest) -> Report {
    let questions = match request.reach.questions(request.queries.as_deref()) {
        Ok(questions) => questions,
        Err(message) => return Report::usage_error(&message),
    };
    // One render for every question.
    let queries: Vec<Query> = questions.iter().map(|q| q.query.clone()).collect();
    let reached = reach_all(&request.source, &queries, &request.options);
    let answers: Vec<Answer> = questions
        .into_iter()
        .zip(reached)
        .map(|(question, mut reach)| {
            reach.phases.retain(|p| question.phase.includes(p.phase));
            let holds = question
                .expect
                .map(|e| reach.ok && reach.phases.iter().all(|p| p.verdict == e.verdict()));
            Answer {
                question,
                reach,
                holds,
            }
        })
        .collect();
    let diagnostics = answers
        .first()
        .map_or(&[][..], |a| &a.reach.diagnostics[..]);
    let stdout = match (request.format, &answers[..]) {
        (super::DataFormat::Text, [one]) if one.question.line.is_none() => {
            one_text(&request.file, request.options.cni, one)
        }
        (super::DataFormat::Text, _) => table_text(request, &answers),
        (_, [one]) if one.question.line.is_none() => json::text(&answer_json(one), true),
        (_, _) => json::text(&answers.iter().map(answer_json).collect::<Vec<_>>(), true),
    };
    let failed =
        answers.iter().any(|a| a.holds == Some(false)) || answers.iter().any(|a| !a.reach.ok);
    Report {
        stdout,
        stderr: findings(&request.file, diagnostics),
        status: i32::from(failed),
    }
}

fn answer_json(a: &Answer) -> AnswerJson<'_> {
    AnswerJson {
        line: a.question.line,
        expect: a.question.expect,
        holds: a.holds,
        reach: &a.reach,
    }
}

/// The unsuppressed findings of a spec, as `render` prints them on standard error.
fn findings(file: &str, diagnostics: &[Diagnostic]) -> String {
    text::findings(file, diagnostics, None)
}

/// `egress to pypi.org port 443/TCP`, `ingress from sandbox client in namespace demo any TCP
/// port`.
fn connection(q: &QueryInfo) -> String {
    let way = match q.direction {
        Direction::Egress => "egress to",
        Direction::Ingress => "ingress from",
    };
    let port = match q.port {
        Some(p) => format!("port {p}/{}", q.protocol.as_str()),
        None => format!("any {} port", q.protocol.as_str()),
    };
    format!("{way} {} {port}", q.peer)
}

/// Where a spec entry is: `k7.yaml:3:19`, or the file alone when it has no span.
fn place(file: &str, span: Option<Span>) -> String {
    match span {
        Some(span) => format!("{file}:{}:{}", span.start.line, span.start.column),
        None => file.to_owned(),
    }
}

/// A deciding rule, briefly: `CiliumNetworkPolicy/demo-egress /spec/egress/0 (k7.yaml:3:19
/// /egress_whitelist/0)`; K7's platform policy, or the entry without a span, say so.
fn rule_brief(file: &str, rule: &ReachRule) -> String {
    let from = match (&rule.spec, rule.manifest) {
        (Some(entry), _) => format!(" ({} {})", place(file, entry.span), entry.path),
        (None, None) => " (K7's platform policy)".to_owned(),
        (None, Some(_)) => String::new(),
    };
    format!("{} {}{from}", rule.object, rule.pointer)
}

/// The phases, verdicts and rules of an answer are indented by this much under its header.
const INDENT: &str = "  ";
/// The width of the phase column (`script`, `locked`) and of the verdict column (`allowed`).
const PHASE_WIDTH: usize = 6;
const VERDICT_WIDTH: usize = 7;

/// One question: a header, a line per phase (its verdict and summary), the deciding rules and
/// what would allow a denied connection under it, then the expectation.
fn one_text(file: &str, cni: Cni, a: &Answer) -> String {
    let cni = match cni {
        Cni::Cilium => "Cilium",
        Cni::Flannel => "Flannel",
    };
    let mut out = text::escape(&format!("{file}: {}, on {cni}", connection(&a.reach.query)));
    out.push('\n');
    let under = " ".repeat(INDENT.len() + PHASE_WIDTH + 2 + VERDICT_WIDTH + 2);
    if !a.reach.ok {
        out.push_str(INDENT);
        out.push_str("not judged: the spec has an error (its findings are on standard error)\n");
    }
    for p in &a.reach.phases {
        let line = format!(
            "{INDENT}{:<PHASE_WIDTH$}  {:<VERDICT_WIDTH$}  {}\n",
            p.phase.as_str(),
            p.verdict.as_str(),
            text::escape(&p.summary)
        );
        out.push_str(&line);
        for rule in &p.rules {
            // The summary often says the first rule's sentence already.
            let mut line = format!("rule: {}", rule_brief(file, rule));
            if !p.summary.contains(rule.sentence.trim_end_matches('.')) {
                line = format!("{line}: {}", rule.sentence);
            }
            out.push_str(&format!("{under}{}\n", text::escape(&line)));
        }
        if let Some(allow_if) = &p.allow_if {
            out.push_str(&format!("{under}allow if: {}\n", text::escape(allow_if)));
        }
    }
    if let Some(expect) = a.question.expect {
        out.push_str(&expectation(expect, a));
        out.push('\n');
    }
    out
}

/// `expected allow: holds in start, script and locked`, or why it does not.
fn expectation(expect: Expect, a: &Answer) -> String {
    let head = format!("expected {}", expect.as_str());
    if !a.reach.ok {
        return format!("{head}: does not hold: the spec has an error");
    }
    let names: Vec<&str> = a.reach.phases.iter().map(|p| p.phase.as_str()).collect();
    if a.holds == Some(true) {
        return format!("{head}: holds in {}", list(&names, "and"));
    }
    let misses: Vec<String> = a
        .reach
        .phases
        .iter()
        .filter(|p| p.verdict != expect.verdict())
        .map(miss)
        .collect();
    text::escape(&format!("{head}: does not hold: {}", misses.join("; ")))
}

/// Why a phase misses an expectation: `locked is denied`; an answer that depends meets neither.
fn miss(p: &ReachPhase) -> String {
    match p.verdict {
        Verdict::Depends => format!(
            "{} depends on {}, which holds for neither allow nor deny",
            p.phase.as_str(),
            p.depends_on
                .as_deref()
                .unwrap_or("something the spec does not say")
        ),
        verdict => format!("{} is {}", p.phase.as_str(), verdict.as_str()),
    }
}

/// A column of text is cut to this many characters at most when the others are aligned to it.
const MAX_COLUMN: usize = 48;

/// The answers to a queries file: one aligned line per query and phase (where, the query, the
/// phase, the verdict, `ok` or `FAIL` against the query's expectation, and the first deciding
/// rule or what it depends on), then a summary line.
fn table_text(request: &ReachRequest, answers: &[Answer]) -> String {
    let file = &request.file;
    let queries = request.reach.queries.as_deref().unwrap_or_default();
    let queries = if queries == "-" { "<stdin>" } else { queries };
    let rows: Vec<(String, String)> = answers
        .iter()
        .map(|a| {
            let at = format!("{queries}:{}", a.question.line.unwrap_or_default());
            (text::escape(&at), text::escape(&a.question.text))
        })
        .collect();
    let width = |column: &dyn Fn(&(String, String)) -> &String| {
        rows.iter()
            .map(|r| column(r).chars().count())
            .max()
            .unwrap_or(0)
            .min(MAX_COLUMN)
    };
    let (at_width, query_width) = (width(&|r| &r.0), width(&|r| &r.1));
    let mut out = String::new();
    for (a, (at, query)) in answers.iter().zip(&rows) {
        // Each phase against the expectation: `ok`, `FAIL`, or `-` without one.
        let result = |verdict: Option<Verdict>| match (a.question.expect, verdict) {
            (None, _) => "-",
            (Some(e), Some(v)) if v == e.verdict() => "ok",
            (Some(_), _) => "FAIL",
        };
        let mut line = |phase: &str, verdict: &str, result: &str, why: String| {
            let row = format!(
                "{at:<at_width$}  {query:<query_width$}  {phase:<PHASE_WIDTH$}  {verdict:<VERDICT_WIDTH$}  {result:<4}  {}",
                text::escape(&why)
            );
            out.push_str(row.trim_end());
            out.push('\n');
        };
        if !a.reach.ok {
            let why = format!("{file} has an error: nothing is judged");
            line("-", "error", result(None), why);
        }
        for p in &a.reach.phases {
            let why = match (&p.depends_on, p.rules.first()) {
                (Some(on), _) => format!("depends on {on}"),
                (None, Some(rule)) => rule_brief(file, rule),
                (None, None) => String::new(),
            };
            line(
                p.phase.as_str(),
                p.verdict.as_str(),
                result(Some(p.verdict)),
                why,
            );
        }
    }
    out.push_str(&table_summary(&rows, answers));
    out.push('\n');
    out
}

/// `3 queries: 2 as expected, 1 not (q.txt:4)`, `3 queries, none with an expectation`.
fn table_summary(rows: &[(String, String)], answers: &[Answer]) -> String {
    let n = answers.len();
    let queries = format!("{n} quer{}", if n == 1 { "y" } else { "ies" });
    let held = answers.iter().filter(|a| a.holds == Some(true)).count();
    let failed: Vec<&str> = answers
        .iter()
        .zip(rows)
        .filter(|(a, _)| a.holds == Some(false))
        .map(|(_, (at, _))| at.as_str())
        .collect();
    let none = n - held - failed.len();
    if none == n {
        return format!("{queries}, none with an expectation");
    }
    let mut parts = Vec::new();
    if failed.is_empty() && none == 0 {
        parts.push("all as expected".to_owned());
    } else {
        if held > 0 {
            parts.push(format!("{held} as expected"));
        }
        if !failed.is_empty() {
            parts.push(format!("{} not ({})", failed.len(), failed.join(", ")));
        }
        if none > 0 {
            parts.push(format!("{none} without an expectation"));
        }
    }
    format!("{queries}: {}", parts.join(", "))
}

/// What `reach FILE...` without a question prints: the matrix (as a table, or as JSON), and
/// each spec's unsuppressed findings on standard error; status 1 when a spec has an error.
pub(super) fn matrix_output(request: &MatrixRequest) -> Report {
    let files: Vec<(String, String)> = request
        .files
        .iter()
        .map(|f| (f.file.clone(), f.source.clone()))
        .collect();
    let matrix = reach_matrix(&files, &request.options);
    let stdout = match request.format {
        super::DataFormat::Text => matrix_text(&matrix),
        _ => json::text(&matrix, true),
    };
    let stderr = matrix
        .sandboxes
        .iter()
        .map(|s| findings(&s.file, &s.diagnostics))
        .collect();
    Report {
        stdout,
        stderr,
        status: i32::from(matrix.sandboxes.iter().any(|s| !s.ok)),
    }
}

/// The matrix as text: a table of every pair and port (the client, the server, the port, the
/// verdict locked down and before lockdown, and which side denies after lockdown), the specs
/// left out, the findings (`FILE:LINE:COL: [code] message`) and a summary line.
fn matrix_text(m: &Matrix) -> String {
    let namespaces = m.sandboxes.iter().any(|s| s.namespace != "default");
    let name = |s: &MatrixSandbox| {
        let name = s.name.as_deref().unwrap_or("?");
        text::escape(&if namespaces {
            format!("{}/{name}", s.namespace)
        } else {
            name.to_owned()
        })
    };
    let names: Vec<String> = m.sandboxes.iter().map(name).collect();
    let name_width = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(4, MAX_COLUMN);
    let mut out = String::new();
    if !m.pairs.is_empty() {
        let head = format!(
            "{:<name_width$}  {:<name_width$}  {:<9}  {:<VERDICT_WIDTH$}  {:<15}  {}",
            "FROM", "TO", "PORT", "LOCKED", "BEFORE LOCKDOWN", "DECIDED BY"
        );
        out.push_str(head.trim_end());
        out.push('\n');
    }
    for pair in &m.pairs {
        let port = format!("{}/TCP", pair.port);
        let row = format!(
            "{:<name_width$}  {:<name_width$}  {port:<9}  {:<VERDICT_WIDTH$}  {:<15}  {}",
            names[pair.from],
            names[pair.to],
            pair.locked.verdict.as_str(),
            pair.before_lockdown.verdict.as_str(),
            decided_by(&names, pair)
        );
        out.push_str(row.trim_end());
        out.push('\n');
    }
    for (s, name) in m.sandboxes.iter().zip(&names) {
        let why = match s.duplicate_of {
            _ if !s.ok => "has an error (its findings are on standard error)".to_owned(),
            Some(first) => format!(
                "has the name and namespace of {}",
                text::escape(&m.sandboxes[first].file)
            ),
            None => continue,
        };
        out.push_str(&format!(
            "left out: {} ({name}) {why}\n",
            text::escape(&s.file)
        ));
    }
    if !m.findings.is_empty() {
        out.push_str("\nfindings:\n");
    }
    for f in &m.findings {
        let line = format!(
            "{}: [{}] {}",
            place(&f.file, f.span),
            serde_json::to_value(f.code)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            f.message
        );
        out.push_str(&text::escape(&line));
        out.push('\n');
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&matrix_summary(m));
    out.push('\n');
    out
}

/// For a pair not allowed after lockdown, the side that decides: `web's ingress`, `client's
/// egress`, or both; with what a `depends` turns on. Escaped, as `names` are.
fn decided_by(names: &[String], pair: &MatrixPair) -> String {
    let PairVerdict {
        verdict,
        depends_on,
        egress,
        ingress,
    } = &pair.locked;
    if *verdict == Verdict::Allowed {
        return String::new();
    }
    let mut sides = Vec::new();
    if egress.verdict == *verdict {
        sides.push(format!("{}'s egress", names[pair.from]));
    }
    if ingress.verdict == *verdict {
        sides.push(format!("{}'s ingress", names[pair.to]));
    }
    let who = list(&sides.iter().map(String::as_str).collect::<Vec<_>>(), "and");
    match depends_on {
        Some(on) => format!("{who}: {}", text::escape(on)),
        None => who,
    }
}

/// `3 sandboxes, 4 connections locked down: 1 allowed, 3 denied; 2 findings`.
fn matrix_summary(m: &Matrix) -> String {
    let count =
        |n: usize, noun: &str, plural: &str| format!("{n} {}", if n == 1 { noun } else { plural });
    let mut line = count(m.sandboxes.len(), "sandbox", "sandboxes");
    let verdicts: Vec<String> = [Verdict::Allowed, Verdict::Denied, Verdict::Depends]
        .into_iter()
        .filter_map(|v| {
            let n = m.pairs.iter().filter(|p| p.locked.verdict == v).count();
            (n > 0).then(|| format!("{n} {}", v.as_str()))
        })
        .collect();
    line.push_str(&format!(
        ", {} locked down",
        count(m.pairs.len(), "connection", "connections")
    ));
    if !verdicts.is_empty() {
        line.push_str(&format!(": {}", verdicts.join(", ")));
    }
    if !m.findings.is_empty() {
        line.push_str(&format!(
            "; {}",
            count(m.findings.len(), "finding", "findings")
        ));
    }
    if m.sandboxes.len() == 1 {
        line.push_str(
            " (a matrix needs several specs: ask one about a connection with --to DEST, --from \
             SOURCE or --queries FILE)",
        );
    }
    line
}
