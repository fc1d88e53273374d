//! The `gitlab` format: a GitLab Code Quality report (`artifacts:reports:codequality`), the
//! subset of the Code Climate format GitLab reads: `description`, `check_name`, `fingerprint`,
//! `severity` and `location.path` with `location.lines.begin`.
//!
//! Severities: error → `critical` (K7 refuses the spec or it cannot mean what it says),
//! warning → `major` (what the default gate fails on: a security or correctness finding),
//! info → `info`; an unreadable file is a `blocker` with the check name `unreadable`.
//! Suppressed findings are left out (Code Quality has no notion of them).

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{Checked, cannot_read, is_suppressed, message_and_help};
use crate::diagnostic::Severity;

/// The report: one issue per unsuppressed finding and per unreadable file.
pub(super) fn report(files: &[Checked]) -> String {
    let mut issues = Vec::new();
    // How many identical findings (file, code, path, message) came before: the occurrence that
    // tells them apart in the fingerprint.
    let mut seen: HashMap<[&str; 4], u32> = HashMap::new();
    for f in files {
        match &f.result {
            Ok(diagnostics) => {
                for d in diagnostics.iter().filter(|d| !is_suppressed(d)) {
                    let key = [f.file.as_str(), d.code.as_str(), &d.path, &d.message];
                    let occurrence = seen.entry(key).or_default();
                    let fingerprint = fingerprint(&key, *occurrence);
                    *occurrence += 1;
                    let (begin, end) = d.span.map_or((1, 1), |s| (s.start.line, s.end.line));
                    issues.push(issue(
                        message_and_help(d, str::to_owned),
                        d.code.as_str(),
                        fingerprint,
                        severity(d.severity),
                        &f.file,
                        (begin, end),
                    ));
                }
            }
            Err(reason) => issues.push(issue(
                cannot_read(f, reason),
                "unreadable",
                fingerprint(&[f.file.as_str(), "unreadable", "", ""], 0),
                "blocker",
                &f.file,
                (1, 1),
            )),
        }
    }
    super::json::text(&issues, true)
}

/// One Code Quality issue.
fn issue(
    description: String,
    check_name: &str,
    fingerprint: String,
    severity: &str,
    path: &str,
    (begin, end): (u32, u32),
) -> Value {
    json!({
        "description": description,
        "check_name": check_name,
        "fingerprint": fingerprint,
        "severity": severity,
        "location": { "path": path, "lines": { "begin": begin, "end": end } },
    })
}

/// GitLab's severity for a finding's.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

/// A stable fingerprint of a finding, 32 hex digits: the 128-bit FNV-1a hash of its parts and
/// its occurrence. It does not change when lines move, and differs between two findings.
fn fingerprint(parts: &[&str; 4], occurrence: u32) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;
    let mut hash = OFFSET;
    let occurrence = occurrence.to_string();
    for part in parts.iter().chain([&occurrence.as_str()]) {
        // A NUL after each part, so that ("ab", "c") and ("a", "bc") differ.
        for &byte in part.as_bytes().iter().chain(&[0]) {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:032x}")
}
