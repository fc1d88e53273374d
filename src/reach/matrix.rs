//! Several specs at once: the connectivity matrix between their sandboxes (every ordered pair,
//! each port the target opens; the source's egress AND the target's ingress must both allow),
//! locked down and before lockdown, with the findings a set of specs can have and one spec
//! alone cannot (a `sandbox:` source naming no spec of the set, or one in another namespace;
//! two specs with the same name and namespace; pairs that connect only before lockdown).
//!
//! `k7_spec::reach_matrix(files: &[(String /* file */, String /* source */)], options: &RenderOptions)
//! -> Matrix`. The shape, as JSON (serde camelCase; JS `reachMatrix(files: {file, source}[], options)`):
//!
//! ```ts
//! interface Matrix {
//!   sandboxes: MatrixSandbox[];   // one per file, in the order given (at most 200 read)
//!   pairs: MatrixPair[];          // from/to index sandboxes; A != B; both ok and not duplicates;
//!                                 // one per port B opens (a target that opens none is in no pair)
//!   findings: MatrixFinding[];
//! }
//! interface MatrixSandbox {
//!   file: string;
//!   name: string | null;          // null when the spec could not be read far enough
//!   namespace: string;            // "default" when the spec gives none
//!   ok: boolean;                  // false: the spec has an error; it is in no pair
//!   ports: number[];              // its ingress_ports (TCP), in order, without repeats
//!   duplicateOf: number | null;   // the first sandbox with this name and namespace: K7
//!                                 // refuses this one's create, so it is in no pair
//!   diagnostics: Diagnostic[];    // the spec's, as render returns them
//! }
//! interface MatrixPair {
//!   from: number;                 // A, the client: index into sandboxes
//!   to: number;                   // B, the server
//!   port: number;                 // a port B opens (TCP)
//!   locked: PairVerdict;          // both sandboxes locked down
//!   beforeLockdown: PairVerdict;  // neither locked yet (no policy of their own)
//! }
//! interface PairVerdict {
//!   verdict: "allowed" | "denied" | "depends";  // denied if either side denies; depends if
//!                                               // either depends and none denies
//!   dependsOn: string | null;     // set iff verdict is depends
//!   egress: ReachPhase;           // A's answer to {to: "sandbox:NS/B", port}
//!   ingress: ReachPhase;          // B's answer to {from: "sandbox:NS/A", port}
//! }
//! interface MatrixFinding {
//!   code: "unknown-sandbox" | "other-namespace" | "duplicate-sandbox"
//!       | "before-lockdown-only" | "too-many-specs" | "truncated";  // truncated: past 16 ports
//!       // per target, 5,000 pairs, 250,000 policy entries judged, 20 source findings per spec
//!   file: string;                 // the spec it is about
//!   sandbox: number | null;       // its index in sandboxes; null past the 200 read
//!   path: string | null;          // JSON Pointer of the spec entry ("/ingress_from/0")
//!   span: Span | null;            // where that entry is written
//!   pairs: number[];              // the pairs it is about (before-lockdown-only), else []
//!   message: string;
//! }
//! ```
//!
//! With one sandbox locked and the other not, each side's answer is its own phase's: the
//! pair's `egress` and `ingress` of `locked` and `beforeLockdown` combine to any such mix.

use std::collections::HashMap;

use serde::Serialize;

use super::{PhaseName, Query, ReachPhase, Sandboxed, SpecEntry, Verdict};
use crate::diagnostic::{Diagnostic, Span};
use crate::options::RenderOptions;
use crate::pipeline::{Rendering, render_spec};
use crate::spec::{Source, Spec};

/// At most this many specs are read; the rest are named in a `too-many-specs` finding.
pub const MAX_MATRIX_SPECS: usize = 200;

/// At most this many ports of one target are judged per pair (a `truncated` finding says so).
pub const MAX_PAIR_PORTS: usize = 16;

/// At most this many pairs (one connection each: a pair and a port) are judged in all; past it
/// a `truncated` finding says how many were left out.
pub const MAX_MATRIX_PAIRS: usize = 5_000;

/// At most this many policy entries are judged in all: a pair costs one plus the entries of the
/// client's `egress_whitelist` and the target's `ingress_from`, which the answers walk, so that
/// long lists leave pairs out (a `truncated` finding says how many) rather than taking minutes.
pub const MAX_MATRIX_WORK: usize = 250_000;

/// At most this many `unknown-sandbox` and `other-namespace` findings per spec; a `truncated`
/// finding counts the rest.
pub const MAX_SOURCE_FINDINGS: usize = 20;

/// What [`reach_matrix`] returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Matrix {
    /// One per file, in the order given (at most [`MAX_MATRIX_SPECS`]).
    pub sandboxes: Vec<MatrixSandbox>,
    /// Every ordered pair of distinct sandboxes that rendered (duplicates left out), each port
    /// the target opens.
    pub pairs: Vec<MatrixPair>,
    /// What the set of specs gets wrong or should know.
    pub findings: Vec<MatrixFinding>,
}

/// One spec of the set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixSandbox {
    /// The file name given.
    pub file: String,
    /// The sandbox's name; `None` when the spec could not be read far enough.
    pub name: Option<String>,
    /// Its namespace (`default` when the spec gives none).
    pub namespace: String,
    /// False when the spec has an error: it is in no pair.
    pub ok: bool,
    /// Its `ingress_ports` (TCP), in order, without repeats.
    pub ports: Vec<u16>,
    /// The first sandbox of the set with the same name and namespace: K7 refuses this one's
    /// create, so it is in no pair.
    pub duplicate_of: Option<usize>,
    /// The spec's diagnostics, as [`render`](crate::pipeline::render) returns them.
    pub diagnostics: Vec<Diagnostic>,
}

/// One connection: sandbox `from` (A) connecting to sandbox `to` (B) on `port`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixPair {
    /// A, the client: an index into [`Matrix::sandboxes`].
    pub from: usize,
    /// B, the server: an index into [`Matrix::sandboxes`].
    pub to: usize,
    /// A port B opens (TCP).
    pub port: u16,
    /// Both sandboxes locked down.
    pub locked: PairVerdict,
    /// Neither locked down yet: no policy of their own (K7's platform policy still applies).
    pub before_lockdown: PairVerdict,
}

/// Both sides' answers for one connection, and what they make together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PairVerdict {
    /// Denied if either side denies; depends if either depends and none denies; else allowed.
    pub verdict: Verdict,
    /// What a `depends` verdict turns on (each depending side's); `None` otherwise.
    pub depends_on: Option<String>,
    /// A's answer to `to: sandbox:NS/B` on the port.
    pub egress: ReachPhase,
    /// B's answer to `from: sandbox:NS/A` on the port.
    pub ingress: ReachPhase,
}

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingCode {
    /// A `sandbox:` source names no spec of the set.
    UnknownSandbox,
    /// A `sandbox:` source names a sandbox that the set has only in another namespace: a
    /// `sandbox:` source never reaches across namespaces (`namespace:` does).
    OtherNamespace,
    /// Two specs with the same name and namespace: K7 refuses the second create.
    DuplicateSandbox,
    /// A pair connects before lockdown and not after.
    BeforeLockdownOnly,
    /// More than [`MAX_MATRIX_SPECS`] specs: the rest were not read.
    TooManySpecs,
    /// Pairs or ports were left out to keep the matrix bounded.
    Truncated,
}

/// Something the set of specs gets wrong or should know.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MatrixFinding {
    /// What it is about.
    pub code: FindingCode,
    /// The spec it is about.
    pub file: String,
    /// Its index in [`Matrix::sandboxes`]; `None` for a spec past [`MAX_MATRIX_SPECS`].
    pub sandbox: Option<usize>,
    /// JSON Pointer of the spec entry (`/ingress_from/0`), when there is one.
    pub path: Option<String>,
    /// Where that entry is written.
    pub span: Option<Span>,
    /// The pairs it is about (indexes into [`Matrix::pairs`]); empty for most codes.
    pub pairs: Vec<usize>,
    /// The finding in plain words, with what to do.
    pub message: String,
}

/// One spec as read: the spec and its rendering.
struct Read {
    spec: Option<Spec>,
    rendering: Rendering,
}

/// The connectivity matrix between the sandboxes of several specs (`(file name, source text)`):
/// every ordered pair of distinct sandboxes that render, on each port the target opens, judged
/// on both sides (the client's egress and the server's ingress must both allow it) locked down
/// and before lockdown; and the findings a set of specs can have (see [`FindingCode`]).
///
/// A target that opens no port is in no pair: before lockdown every pod may connect to any
/// port of it, after lockdown none may, whoever the client is. Bounded: at most
/// [`MAX_MATRIX_SPECS`] specs, [`MAX_PAIR_PORTS`] ports per target, [`MAX_MATRIX_PAIRS`]
/// pairs, [`MAX_MATRIX_WORK`] policy entries judged and [`MAX_SOURCE_FINDINGS`] source findings
/// per spec; what is left out is named in a finding. Never panics.
///
/// ```
/// use k7_spec::{Verdict, reach_matrix};
///
/// let files = [
///     ("client.yaml".to_owned(), "name: client\nimage: alpine:3.20\n".to_owned()),
///     (
///         "server.yaml".to_owned(),
///         "name: server\nimage: nginx:1.27\ningress_ports: [80]\ningress_from: [sandbox:client]\n".to_owned(),
///     ),
/// ];
/// let matrix = reach_matrix(&files, &Default::default());
/// let pair = &matrix.pairs[0];
/// assert_eq!((pair.from, pair.to, pair.port), (0, 1, 80));
/// assert_eq!(pair.locked.verdict, Verdict::Allowed);
/// assert!(matrix.findings.is_empty());
/// ```
pub fn reach_matrix(files: &[(String, String)], options: &RenderOptions) -> Matrix {
    let mut findings = Vec::new();
    if let Some((file, _)) = files.get(MAX_MATRIX_SPECS) {
        findings.push(MatrixFinding {
            code: FindingCode::TooManySpecs,
            file: file.clone(),
            sandbox: None,
            path: None,
            span: None,
            pairs: Vec::new(),
            message: format!(
                "{} specs were given and at most {MAX_MATRIX_SPECS} are read: `{file}` and the {} after it are left out of the matrix",
                files.len(),
                files.len() - MAX_MATRIX_SPECS - 1
            ),
        });
    }
    let files = &files[..files.len().min(MAX_MATRIX_SPECS)];
    let read: Vec<Read> = files
        .iter()
        .map(|(_, source)| {
            let (spec, rendering) = render_spec(source, options);
            Read { spec, rendering }
        })
        .collect();
    let mut sandboxes: Vec<MatrixSandbox> = files
        .iter()
        .zip(&read)
        .map(|((file, _), r)| sandbox(file, r))
        .collect();
    duplicates(&mut sandboxes, &read, &mut findings);
    sources(&sandboxes, &read, &mut findings);
    let pairs = pairs(&sandboxes, &read, options, &mut findings);
    before_lockdown_only(&sandboxes, &read, &pairs, &mut findings);
    Matrix {
        sandboxes,
        pairs,
        findings,
    }
}

/// A finding about sandbox `index`, at the spec entry `entry`.
fn finding(
    code: FindingCode,
    (index, sandbox): (usize, &MatrixSandbox),
    entry: Option<SpecEntry>,
    message: String,
) -> MatrixFinding {
    let (path, span) = entry.map_or((None, None), |e| (Some(e.path), e.span));
    MatrixFinding {
        code,
        file: sandbox.file.clone(),
        sandbox: Some(index),
        path,
        span,
        pairs: Vec::new(),
        message,
    }
}

fn namespace_of(spec: &Spec) -> &str {
    spec.namespace
        .as_ref()
        .map_or("default", |n| n.value.as_str())
}

fn sandbox(file: &str, read: &Read) -> MatrixSandbox {
    let spec = read.spec.as_ref();
    let mut ports: Vec<u16> = Vec::new();
    for p in spec
        .and_then(|s| s.ingress_ports.as_ref())
        .into_iter()
        .flat_map(|l| &l.value)
    {
        if let Ok(p) = u16::try_from(p.value)
            && p > 0
            && !ports.contains(&p)
        {
            ports.push(p);
        }
    }
    MatrixSandbox {
        file: file.to_owned(),
        name: spec.and_then(|s| s.name.as_ref()).map(|n| n.value.clone()),
        namespace: spec.map_or("default", namespace_of).to_owned(),
        ok: spec.is_some() && read.rendering.ok,
        ports,
        duplicate_of: None,
        diagnostics: read.rendering.diagnostics.clone(),
    }
}

/// The entry `/field` of a spec, with its span.
fn field_entry(path: &str, span: Option<Span>) -> Option<SpecEntry> {
    Some(SpecEntry {
        path: path.to_owned(),
        span,
    })
}

/// Marks the second and later sandboxes with the same name and namespace.
fn duplicates(sandboxes: &mut [MatrixSandbox], read: &[Read], findings: &mut Vec<MatrixFinding>) {
    for b in 0..sandboxes.len() {
        let same = |a: &MatrixSandbox| {
            a.ok && a.duplicate_of.is_none()
                && a.name == sandboxes[b].name
                && a.namespace == sandboxes[b].namespace
        };
        if !sandboxes[b].ok {
            continue;
        }
        let Some(a) = sandboxes[..b].iter().position(same) else {
            continue;
        };
        sandboxes[b].duplicate_of = Some(a);
        let s = &sandboxes[b];
        let span = read[b].spec.as_ref().and_then(|s| s.name.as_ref()?.span);
        let name = s.name.as_deref().unwrap_or_default();
        findings.push(finding(
            FindingCode::DuplicateSandbox,
            (b, s),
            field_entry("/name", span),
            format!(
                "`{name}` in namespace `{}` is also the sandbox of `{}`: K7 names every object after the sandbox and refuses the second create (\"Sandbox {name} already exists\"); rename one of them (this one is left out of the matrix)",
                s.namespace,
                sandboxes[a].file
            ),
        ));
    }
}

/// `sandbox:` sources that name no sandbox of the set in the target's namespace: at most
/// [`MAX_SOURCE_FINDINGS`] per spec, and a `truncated` finding counting the rest.
fn sources(sandboxes: &[MatrixSandbox], read: &[Read], findings: &mut Vec<MatrixFinding>) {
    let mut by_name: HashMap<&str, Vec<&MatrixSandbox>> = HashMap::new();
    for s in sandboxes {
        if let Some(name) = &s.name {
            by_name.entry(name).or_default().push(s);
        }
    }
    for (index, (b, r)) in sandboxes.iter().zip(read).enumerate() {
        let Some(list) = r.spec.as_ref().and_then(|s| s.ingress_from.as_ref()) else {
            continue;
        };
        let mut found = 0usize;
        for (i, entry) in list.value.iter().enumerate() {
            let Ok(Source::Sandbox(name)) = &entry.value.source else {
                continue;
            };
            let named = by_name.get(name.as_str()).map_or(&[][..], Vec::as_slice);
            if named.iter().any(|s| s.namespace == b.namespace) {
                continue;
            }
            found += 1;
            if found > MAX_SOURCE_FINDINGS {
                continue;
            }
            let at = field_entry(&format!("/ingress_from/{i}"), entry.span);
            let message = match named.first() {
                Some(other) => (
                    FindingCode::OtherNamespace,
                    format!(
                        "`sandbox:{name}` admits only a sandbox `{name}` of namespace `{}`, and `{name}` of this set (`{}`) is in namespace `{}`: a `sandbox:` source never reaches across namespaces; write `namespace:{}` to admit it (every pod of that namespace then)",
                        b.namespace, other.file, other.namespace, other.namespace
                    ),
                ),
                None => (
                    FindingCode::UnknownSandbox,
                    format!(
                        "`sandbox:{name}` names no spec of this set in namespace `{}`: no sandbox here connects through it (a typo, or a spec left out of the set?)",
                        b.namespace
                    ),
                ),
            };
            findings.push(finding(message.0, (index, b), at, message.1));
        }
        if found > MAX_SOURCE_FINDINGS {
            findings.push(finding(
                FindingCode::Truncated,
                (index, b),
                field_entry("/ingress_from", list.span),
                format!(
                    "{} more `sandbox:` sources of `{}` name no sandbox of this set in its namespace: the first {MAX_SOURCE_FINDINGS} are listed",
                    found - MAX_SOURCE_FINDINGS,
                    b.name.as_deref().unwrap_or_default()
                ),
            ));
        }
    }
}

/// Every pair of the sandboxes that render and are not duplicates, within the bounds.
fn pairs(
    sandboxes: &[MatrixSandbox],
    read: &[Read],
    options: &RenderOptions,
    findings: &mut Vec<MatrixFinding>,
) -> Vec<MatrixPair> {
    let judged: Vec<(usize, Sandboxed)> = sandboxes
        .iter()
        .zip(read)
        .enumerate()
        .filter(|(_, (s, _))| s.ok && s.duplicate_of.is_none())
        .filter_map(|(i, (_, r))| {
            Some((
                i,
                Sandboxed::new(r.spec.as_ref()?, &r.rendering.manifests, options.cni),
            ))
        })
        .collect();
    for (b, r) in judged.iter().map(|(b, _)| (*b, &read[*b])) {
        let s = &sandboxes[b];
        if s.ports.len() > MAX_PAIR_PORTS {
            let span = r.spec.as_ref().and_then(|s| s.ingress_ports.as_ref()?.span);
            findings.push(finding(
                FindingCode::Truncated,
                (b, s),
                field_entry("/ingress_ports", span),
                format!(
                    "`{}` opens {} ports: the matrix judges the first {MAX_PAIR_PORTS} of them for each client ({})",
                    s.name.as_deref().unwrap_or_default(),
                    s.ports.len(),
                    port_list(&s.ports[..MAX_PAIR_PORTS])
                ),
            ));
        }
    }
    // What judging a pair costs: the entries its answers walk.
    let cost = |i: usize, list: fn(&Spec) -> usize| read[i].spec.as_ref().map_or(0, list);
    let egress = |s: &Spec| s.egress_whitelist.as_ref().map_or(0, |l| l.value.len());
    let ingress = |s: &Spec| s.ingress_from.as_ref().map_or(0, |l| l.value.len());
    let mut pairs = Vec::new();
    let mut work = 0usize;
    let mut left_out = 0usize;
    let mut first_left_out = None;
    for (a, client) in &judged {
        for (b, server) in judged.iter().filter(|(b, _)| b != a) {
            for &port in sandboxes[*b].ports.iter().take(MAX_PAIR_PORTS) {
                work = work.saturating_add(1 + cost(*a, egress) + cost(*b, ingress));
                if pairs.len() == MAX_MATRIX_PAIRS || work > MAX_MATRIX_WORK {
                    left_out += 1;
                    first_left_out.get_or_insert((*a, *b));
                    continue;
                }
                let (from, to) = (&sandboxes[*a], &sandboxes[*b]);
                if let Some(pair) = pair((*a, from, client), (*b, to, server), port) {
                    pairs.push(pair);
                }
            }
        }
    }
    if let Some((a, b)) = first_left_out {
        findings.push(finding(
            FindingCode::Truncated,
            (a, &sandboxes[a]),
            None,
            format!(
                "the matrix judges at most {MAX_MATRIX_PAIRS} connections (a pair and a port) and {MAX_MATRIX_WORK} policy entries (each pair's egress_whitelist and ingress_from): {left_out} more connections are left out, from `{}` to `{}` onwards",
                sandboxes[a].name.as_deref().unwrap_or_default(),
                sandboxes[b].name.as_deref().unwrap_or_default()
            ),
        ));
    }
    pairs
}

fn port_list(ports: &[u16]) -> String {
    let ports: Vec<String> = ports.iter().map(u16::to_string).collect();
    ports.join(", ")
}

/// One connection, judged on both sides in both states.
fn pair(
    (a, from, client): (usize, &MatrixSandbox, &Sandboxed),
    (b, to, server): (usize, &MatrixSandbox, &Sandboxed),
    port: u16,
) -> Option<MatrixPair> {
    let (from_name, to_name) = (from.name.as_deref()?, to.name.as_deref()?);
    let egress = Query::to(&format!("sandbox:{}/{to_name}", to.namespace))
        .ok()?
        .port(port);
    let ingress = Query::from(&format!("sandbox:{}/{from_name}", from.namespace))
        .ok()?
        .port(port);
    let judge = |phase| {
        combine(
            (client.answer(&egress, phase), from_name),
            (server.answer(&ingress, phase), to_name),
        )
    };
    Some(MatrixPair {
        from: a,
        to: b,
        port,
        locked: judge(PhaseName::Locked),
        before_lockdown: judge(PhaseName::Start),
    })
}

/// Both sides' answers together: denied if either denies; depends if either depends and
/// none denies; allowed otherwise.
fn combine(
    (egress, client): (ReachPhase, &str),
    (ingress, server): (ReachPhase, &str),
) -> PairVerdict {
    let sides = [(&egress, client, "egress"), (&ingress, server, "ingress")];
    let has = |v| sides.iter().any(|(p, ..)| p.verdict == v);
    let verdict = if has(Verdict::Denied) {
        Verdict::Denied
    } else if has(Verdict::Depends) {
        Verdict::Depends
    } else {
        Verdict::Allowed
    };
    let depends_on = (verdict == Verdict::Depends).then(|| {
        let why: Vec<String> = sides
            .iter()
            .filter(|(p, ..)| p.verdict == Verdict::Depends)
            .map(|(p, name, way)| {
                format!(
                    "`{name}`'s {way}: {}",
                    p.depends_on.as_deref().unwrap_or_default()
                )
            })
            .collect();
        why.join("; ")
    });
    PairVerdict {
        verdict,
        depends_on,
        egress,
        ingress,
    }
}

/// One finding per ordered pair for the ports it reaches before lockdown and not after, on
/// the spec of the side that denies it after lockdown (the client's egress first).
fn before_lockdown_only(
    sandboxes: &[MatrixSandbox],
    read: &[Read],
    pairs: &[MatrixPair],
    findings: &mut Vec<MatrixFinding>,
) {
    let only: Vec<usize> = (0..pairs.len())
        .filter(|&i| {
            pairs[i].before_lockdown.verdict == Verdict::Allowed
                && pairs[i].locked.verdict == Verdict::Denied
        })
        .collect();
    for group in
        only.chunk_by(|&i, &j| (pairs[i].from, pairs[i].to) == (pairs[j].from, pairs[j].to))
    {
        let first = &pairs[group[0]];
        let (from, to) = (&sandboxes[first.from], &sandboxes[first.to]);
        let ports: Vec<u16> = group.iter().map(|&i| pairs[i].port).collect();
        let denying: Vec<(usize, &ReachPhase)> = [
            (first.from, &first.locked.egress),
            (first.to, &first.locked.ingress),
        ]
        .into_iter()
        .filter(|(_, side)| side.verdict == Verdict::Denied)
        .collect();
        let Some(&(at, side)) = denying.first() else {
            continue;
        };
        // The spec entry behind the deciding rule; for the ingress policy's isolation, which
        // no entry writes, the sources (or the port) it would take to admit the client.
        let entry = side.rules.iter().find_map(|r| r.spec.clone()).or_else(|| {
            let spec = read[at].spec.as_ref()?;
            (at == first.to).then_some(())?;
            match &spec.ingress_from {
                Some(list) => field_entry("/ingress_from", list.span),
                None => {
                    let list = spec.ingress_ports.as_ref()?;
                    let i = list
                        .value
                        .iter()
                        .position(|p| p.value == i64::from(first.port))?;
                    field_entry(&format!("/ingress_ports/{i}"), list.value[i].span)
                }
            }
        });
        let summaries: Vec<&str> = denying.iter().map(|(_, s)| s.summary.as_str()).collect();
        let fixes: Vec<&str> = denying
            .iter()
            .filter_map(|(_, s)| s.allow_if.as_deref())
            .collect();
        let fix = if fixes.is_empty() {
            String::new()
        } else {
            format!(" To allow it: {}.", fixes.join("; and "))
        };
        let mut f = finding(
            FindingCode::BeforeLockdownOnly,
            (at, &sandboxes[at]),
            entry,
            format!(
                "`{}` reaches `{}` on port {} only before lockdown. {}{fix}",
                from.name.as_deref().unwrap_or_default(),
                to.name.as_deref().unwrap_or_default(),
                port_list(&ports),
                summaries.join(" ")
            ),
        );
        f.pairs = group.to_vec();
        findings.push(f);
    }
}
