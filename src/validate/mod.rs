//! Validation: every rule of docs/semantics.md#rules, one file per concern.

mod backend;
pub(crate) mod ingress;
mod names;
pub(crate) mod network;
mod resources;
mod script;
mod security;

pub(crate) use security::CAPABILITIES;

use crate::diagnostic::{self, Code, Diagnostic, Fix};
use crate::edit;
use crate::options::{Cni, RenderOptions};
use crate::source::{self, LineIndex};
use crate::spec::{self, Spec};
use crate::suppress;

/// What reading and checking a text found: the typed spec (when the text is a mapping) and
/// every diagnostic, sorted.
#[derive(Debug)]
pub struct Analysis {
    /// The typed spec; `None` when the text is not a mapping. Fields with errors are `None`.
    pub spec: Option<Spec>,
    /// Every diagnostic, sorted by position then code.
    pub diagnostics: Vec<Diagnostic>,
}

/// Shared by the checks: the spec, where its text is, and the diagnostics found so far.
pub(crate) struct Ctx<'a> {
    pub spec: &'a Spec,
    pub lines: &'a LineIndex,
    pub out: Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.out.push(diagnostic);
    }
}

/// Reads and checks a spec, keeping the typed spec for whoever renders it.
///
/// ```
/// let analysis = k7_spec::analyze("name: demo\nimage: alpine:3.20\n");
/// assert_eq!(analysis.spec.unwrap().name.unwrap().value, "demo");
/// ```
pub fn analyze(source: &str) -> Analysis {
    analyze_with(source, &RenderOptions::default())
}

/// [`analyze`] for a cluster: with `cni: flannel`, every DNS name in the whitelist is a
/// `fqdn-needs-cilium` error at its entry.
pub fn analyze_with(source: &str, options: &RenderOptions) -> Analysis {
    let parsed = source::parse(source);
    let mut diagnostics = parsed.diagnostics;
    let spec = parsed
        .root
        .as_deref()
        .and_then(|root| spec::build(root, &mut diagnostics));
    if parsed.root.is_none() && diagnostics.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::EmptySpec,
                "",
                Some(parsed.lines.point(0)),
                "the spec is empty",
            )
            .help("start from `name: demo` and `image: alpine:3.20`"),
        );
    }
    if let Some(spec) = &spec {
        let mut ctx = Ctx {
            spec,
            lines: &parsed.lines,
            out: diagnostics,
        };
        names::check(&mut ctx);
        backend::check(&mut ctx);
        resources::check(&mut ctx);
        network::check(&mut ctx);
        ingress::check(&mut ctx);
        security::check(&mut ctx);
        script::check(&mut ctx);
        if options.cni == Cni::Flannel {
            network::check_flannel(&mut ctx);
        }
        diagnostics = ctx.out;
    }
    suppress::apply(
        source,
        &parsed.lines,
        parsed.root.as_deref(),
        &options.ignore,
        &mut diagnostics,
    );
    resolve_fixes(source, &mut diagnostics);
    diagnostic::sort(&mut diagnostics);
    Analysis { spec, diagnostics }
}

/// Checks a spec written in YAML or JSON and returns every diagnostic, sorted by position then
/// code. Never panics: text that is not a spec is reported, not refused.
///
/// ```
/// let diagnostics = k7_spec::validate("name: demo\nimage: alpine:3.20\negress_whitelist: [10.0.0.0/33]\n");
/// let error = diagnostics.iter().find(|d| d.severity == k7_spec::Severity::Error).unwrap();
/// assert_eq!(error.code, "invalid-egress-entry");
/// assert_eq!(error.path, "/egress_whitelist/0");
/// assert_eq!((error.span.unwrap().start.line, error.span.unwrap().start.column), (3, 20));
/// ```
pub fn validate(source: &str) -> Vec<Diagnostic> {
    analyze(source).diagnostics
}

/// [`validate`] for a cluster: the options' `cni` decides whether DNS names can be whitelisted
/// (`workload` changes no diagnostic).
///
/// ```
/// use k7_spec::{Cni, RenderOptions, validate_with};
///
/// let spec = "name: demo\nimage: alpine:3.20\negress_whitelist: [pypi.org]\n";
/// let flannel = RenderOptions { cni: Cni::Flannel, ..Default::default() };
/// assert!(validate_with(spec, &flannel).iter().any(|d| d.code == "fqdn-needs-cilium"));
/// assert!(validate_with(spec, &RenderOptions::default()).iter().all(|d| d.code != "fqdn-needs-cilium"));
/// ```
pub fn validate_with(source: &str, options: &RenderOptions) -> Vec<Diagnostic> {
    analyze_with(source, options).diagnostics
}
/// The most bytes of text that resolving one analysis's fixes of several operations may parse
/// (each operation parses the text twice; fixes of one operation share one reading): a few
/// thousand such fixes on a small spec, a handful on a 1 MiB one. Fixes past it are left out;
/// applying the others and checking again finds them.
const FIX_BUDGET: usize = 32 << 20;

/// Turns every diagnostic's planned operations into edits of `source`; a fix whose operations
/// cannot be applied is left out (a test proves none is on any fixture).
fn resolve_fixes(source: &str, diagnostics: &mut [Diagnostic]) {
    // Most texts have nothing to fix: then the text is not read again (a refused 10 MiB input
    // included).
    if diagnostics.iter().all(|d| d.planned.is_empty()) {
        return;
    }
    // Most fixes are one operation: their edits come from one reading of the text.
    let single: Vec<_> = diagnostics
        .iter()
        .flat_map(|d| d.planned.iter())
        .filter_map(|plan| match &plan.operations[..] {
            [op] => Some(op),
            _ => None,
        })
        .collect();
    let mut edits = edit::text_edits(source, single.into_iter()).into_iter();
    let mut budget = FIX_BUDGET;
    for d in diagnostics.iter_mut() {
        for plan in std::mem::take(&mut d.planned) {
            let edit = if let [_] = &plan.operations[..] {
                edits.next().flatten()
            } else {
                // Each operation parses the text twice (to find its path, and to check the
                // result).
                let cost = 2 * (plan.operations.len() + 1) * source.len().max(64);
                if budget < cost {
                    continue;
                }
                budget -= cost;
                edit::edit(source, &plan.operations)
                    .ok()
                    .map(|text| edit::text_edit(source, &text))
            };
            if let Some(edit) = edit {
                d.fixes.push(Fix {
                    title: plan.title,
                    applicability: plan.applicability,
                    edits: vec![edit],
                });
            }
        }
    }
}
