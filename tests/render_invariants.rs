//! The invariants every rendering of every valid fixture keeps, under every CNI and workload:
//! same namespace, names after the sandbox, apply order, seccomp, no privilege escalation but on
//! kql, no empty collection but the meaningful ones, the egress policy its mode promises, the
//! YAML reads back as the manifests, and rendering twice is identical.

mod common;

use common::render::{ALL_OPTIONS, check_invariants, valid_fixtures};
use k7_spec::{Cni, Severity, render};

#[test]
fn every_valid_fixture_keeps_the_invariants_under_every_option() {
    let mut failures = Vec::new();
    for (name, text) in valid_fixtures() {
        for options in ALL_OPTIONS {
            let label = format!("{name} {options:?}");
            let rendering = render(&text, &options);
            if !rendering.ok {
                // Only Flannel may refuse a spec the validator accepts, and only for DNS names.
                let codes: Vec<&str> = rendering
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| d.code.as_str())
                    .collect();
                if options.cni != Cni::Flannel || codes.iter().any(|c| *c != "fqdn-needs-cilium") {
                    failures.push(format!("{label}: refused with {codes:?}"));
                }
                continue;
            }
            if render(&text, &options) != rendering {
                failures.push(format!("{label}: rendering twice differs"));
            }
            failures.extend(check_invariants(&label, &rendering));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
