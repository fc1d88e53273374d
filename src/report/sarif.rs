//! The `sarif` format: one SARIF 2.1.0 log with one run, which GitHub code scanning and other
//! dashboards upload. Every code is a rule (`tool.driver.rules`, in `Code::ALL`'s order); every
//! finding a result, suppressed ones with their `suppressions`; unreadable files are tool
//! execution notifications; a finding's fixes are its `fixes` (their edits as replacements, safe
//! or unsafe in their `properties`). Regions count UTF-16 code units, the `columnKind` declared,
//! which the diagnostics' columns already count; `endColumn` is exclusive in both.

use serde_json::{Value, json};

use super::{Checked, cannot_read, message_and_help, text::severity_name};
use crate::diagnostic::{Code, Diagnostic, Severity, Span, SuppressionKind};

/// Where the SARIF 2.1.0 schema is published (the `$schema` GitHub and SchemaStore use).
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The project's home page (npm/package.json's `homepage`).
const HOME: &str = "https://github.com/k7-spec/k7-spec#readme";
/// The page that lists every code with its meaning and a failing example.
const CODES: &str = "https://github.com/k7-spec/k7-spec/blob/main/docs/codes.md";

/// The SARIF log of all files; `status` is the report's exit status.
pub(super) fn report(files: &[Checked], status: i32) -> String {
    let rules: Vec<Value> = Code::ALL.iter().map(|&code| rule(code)).collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for f in files {
        match &f.result {
            Ok(diagnostics) => results.extend(diagnostics.iter().map(|d| result(&f.file, d))),
            Err(reason) => notifications.push(json!({
                "level": "error",
                "message": { "text": cannot_read(f, reason) },
                "locations": [{ "physicalLocation": { "artifactLocation": artifact(&f.file) } }],
            })),
        }
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "k7-spec",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": HOME,
                    "rules": rules,
                }
            },
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "exitCode": status,
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    super::json::text(&log, true)
}

/// A code as a rule: its id, its friendly name (the code in Pascal case, as SARIF asks:
/// `PowerfulCapability`), meaning, help page and severity.
fn rule(code: Code) -> Value {
    let name: String = code
        .as_str()
        .split('-')
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect();
    json!({
        "id": code.as_str(),
        "name": name,
        "shortDescription": { "text": code.meaning() },
        "fullDescription": { "text": format!("{}: {}", severity_name(code.severity()), code.meaning()) },
        "helpUri": CODES,
        "defaultConfiguration": { "level": level(code.severity()) },
    })
}

/// A finding as a result, with its rule, location and region.
fn result(file: &str, d: &Diagnostic) -> Value {
    let mut location = json!({ "artifactLocation": artifact(file) });
    if let Some(span) = d.span {
        location["region"] = region(span);
    }
    let mut result = json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": Code::ALL.iter().position(|&c| c == d.code),
        "level": level(d.severity),
        "message": { "text": message_and_help(d, str::to_owned) },
        "locations": [{
            "physicalLocation": location,
            "logicalLocations": [{ "fullyQualifiedName": d.path }],
        }],
    });
    if let Some(suppressed) = &d.suppressed {
        let kind = match suppressed.kind {
            SuppressionKind::Comment => "inSource",
            SuppressionKind::Option => "external",
        };
        let mut suppression = json!({ "kind": kind });
        if let Some(reason) = &suppressed.reason {
            suppression["justification"] = json!(reason);
        }
        result["suppressions"] = json!([suppression]);
    }
    let fixes: Vec<Value> = d
        .fixes
        .iter()
        .filter(|f| !f.edits.is_empty())
        .map(|f| {
            let replacements: Vec<Value> = f
                .edits
                .iter()
                .map(|e| json!({ "deletedRegion": region(e.span), "insertedContent": { "text": e.text } }))
                .collect();
            json!({
                "description": { "text": f.title },
                "artifactChanges": [{ "artifactLocation": artifact(file), "replacements": replacements }],
                "properties": { "applicability": f.applicability },
            })
        })
        .collect();
    if !fixes.is_empty() {
        result["fixes"] = json!(fixes);
    }
    result
}

/// A span as a region: lines and UTF-16 columns, the end exclusive (an insertion's region is
/// empty: its end is its start).
fn region(span: Span) -> Value {
    json!({
        "startLine": span.start.line,
        "startColumn": span.start.column,
        "endLine": span.end.line,
        "endColumn": span.end.column,
    })
}

/// SARIF's level for a severity: `error`, `warning` or `note`.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file as an artifact location: its name as given, as a relative reference.
fn artifact(file: &str) -> Value {
    json!({ "uri": uri(file) })
}

/// A file name as a URI reference (RFC 3986): every byte but the unreserved characters and `/`
/// percent-encoded, so that spaces, `%`, `#`, `?` and `:` stay part of the path.
fn uri(file: &str) -> String {
    let mut out = String::with_capacity(file.len());
    for &b in file.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
