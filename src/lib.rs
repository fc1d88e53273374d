//! k7-spec: validate, render and explain K7 sandbox specs (`k7.yaml`).
//!
//! Data flows one way: text → a tree of values with UTF-16 spans → the typed [`spec`] →
//! [`validate()`] (diagnostics, for a cluster's CNI) → a resolved sandbox → the Kubernetes
//! objects and the [`Explanation`] → [`render()`], which assembles them into a [`Rendering`].
//! No stage imports a later one (`tests/architecture.rs` checks it). The wasm bindings
//! (`wasm.rs`, only on `wasm32`) are a thin layer over the same functions. Nothing here panics
//! on any input: bad input comes back as [`Diagnostic`]s.
//!
//! ```
//! let rendering = k7_spec::render("name: demo\nimage: alpine:3.20\negress_whitelist: []\n", &Default::default());
//! assert!(rendering.ok);
//! assert_eq!(rendering.explanation.unwrap().egress.mode, k7_spec::EgressMode::Blocked);
//! ```
#![warn(missing_docs)]

mod args;
mod change;
mod config;
mod diagnostic;
mod edit;
mod explain;
mod fix;
mod options;
mod paths;
mod pipeline;
mod quantity;
mod reach;
mod render;
mod report;
mod sandbox;
pub mod scalar;
mod schema;
mod source;
pub mod spec;
mod suggest;
mod suppress;
mod validate;
// The JavaScript face, public so that the wasm-bindgen tests can call it as Rust.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use args::{Args, CliCommand, OutputFormat, parse_args};
pub use change::{Operation, TextEdit};
pub use config::{Config, ConfigError, Settings};
pub use diagnostic::{
    Applicability, Code, Diagnostic, Fix, Position, Severity, Span, Suppressed, SuppressionKind,
    Topic,
};
pub use edit::{
    EditError, MAX_OPERATIONS, MAX_PATHS, ValueAt, Values, edit, read_values, text_edit,
};
pub use explain::{
    Dns, Egress, EgressMode, Explanation, Ingress, Level, Phase, SECURITY_CHECKS, Security,
    SecurityCheck,
};
pub use fix::{Fixed, fix};
pub use options::{Cni, Ignore, OptionError, OptionFields, RenderOptions, Workload};
pub use paths::{GitIgnore, Glob, MAX_GLOB_BYTES, MAX_PATH_BYTES, glob_matches, is_spec_file};
pub use pipeline::{Rendering, render};
pub use reach::{
    Connection, Connections, Direction, FindingCode, Group, MAX_MATRIX_PAIRS, MAX_MATRIX_SPECS,
    MAX_MATRIX_WORK, MAX_PAIR_PORTS, MAX_SOURCE_FINDINGS, Matrix, MatrixFinding, MatrixPair,
    MatrixSandbox, PairVerdict, PhaseName, Protocol, Query, QueryError, QueryInfo, QueryRequest,
    Reach, ReachPhase, ReachRule, SpecEntry, Verdict, connections, platform_policy, reach,
    reach_all, reach_matrix,
};
pub use render::to_yaml;
pub use report::{
    Checked, Command, DataFormat, Expect, FileFix, Format, MatrixRequest, PhaseChoice, ReachArgs,
    ReachRequest, Report, ReportOptions, SpecFile, SpecRequest, command_output, report,
};
pub use schema::schema;
pub use source::{MAX_INPUT_BYTES, spec_text};
pub use validate::{Analysis, analyze, analyze_with, validate, validate_with};

/// The README's Rust examples run as doc-tests, so the README cannot drift from the API.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
