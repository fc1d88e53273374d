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
//!   pairs: MatrixPair[];          // from/to index sandboxes; A != B; both ok and not duplicates
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
//!   port: number | null;          // a port B opens; null (any port) when B opens none
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
//!       | "before-lockdown-only" | "too-many-specs" | "truncated";
//!   file: string;                 // the spec it is about
//!   path: string | null;          // JSON Pointer of the spec entry ("/ingress_from/0")
//!   span: Span | null;            // where that entry is written
//!   pairs: number[];              // the pairs it is about (before-lockdown-only), else []
//!   message: string;
//! }
//! ```
//!
//! With one sandbox locked and the other not, each side's answer is its own phase's: the
//! pair's `egress` and `ingress` of `locked` and `beforeLockdown` combine to any such mix.

use serde::Serialize;

use super::{ReachPhase, Verdict};
use crate::diagnostic::{Diagnostic, Span};

/// At most this many specs are read; the rest are named in a `too-many-specs` finding.
pub const MAX_MATRIX_SPECS: usize = 200;

/// At most this many ports of one target are judged per pair (a `truncated` finding says so).
pub const MAX_PAIR_PORTS: usize = 16;

/// At most this many pairs (one connection each: a pair and a port) are judged in all; past it
/// a `truncated` finding says how many were left out.
pub const MAX_MATRIX_PAIRS: usize = 5_000;

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
    /// A port B opens (TCP); `None` (any port) when B opens none.
    pub port: Option<u16>,
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
    /// JSON Pointer of the spec entry (`/ingress_from/0`), when there is one.
    pub path: Option<String>,
    /// Where that entry is written.
    pub span: Option<Span>,
    /// The pairs it is about (indexes into [`Matrix::pairs`]); empty for most codes.
    pub pairs: Vec<usize>,
    /// The finding in plain words, with what to do.
    pub message: String,
}
