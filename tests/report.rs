//! The report formats (docs/api.md#reports) on a set of spec files with errors, warnings,
//! infos, suppressed findings, an unreadable file, a file name with spaces, non-ASCII and `%`,
//! and a message with a newline, an escape and a bidi control. Each format's output is a
//! reviewed snapshot under `tests/snapshots/report/` (`UPDATE_SNAPSHOTS=1 cargo test --test
//! report` rewrites them); `tests/report/check.py` (run by `make test`) validates those
//! snapshots with outside tools: SARIF against the SARIF 2.1.0 schema, JUnit against Jenkins'
//! JUnit XSD and through junitparser, GitLab against the fields GitLab documents.

mod common;

use common::{check_snapshot, fixture};
use k7_spec::{Checked, Format, ReportOptions, Severity, report, validate};
use serde_json::Value;

/// One bad spec: a dangerous capability, a public port, the metadata range, DNS blocked.
const BAD: &str = "name: demo\nimage: alpine:3.20\ncap_add: [SYS_ADMIN]\nexpose_ports: [8080]\n\
                   ingress_ports: [8080]\ningress_from: [\"cidr:0.0.0.0/0\"]\n\
                   egress_whitelist: [169.254.0.0/16]\n";
/// A spec whose only finding is an info (DNS blocked after lockdown).
const OPEN: &str = "name: demo\nimage: alpine:3.20\negress_whitelist: []\n";
/// An unknown field whose name holds a newline, an escape (a terminal colour) and a bidi
/// override, and a whitelist entry after a character outside the BMP (2 UTF-16 code units).
const HOSTILE: &str = "name: demo\nimage: alpine:3.20\n\"a\\nb\\e[31m\\u202Ec\": 1\n\
                       egress_whitelist: [\"\u{1F600}\", 169.254.0.0/16]\n";
/// A file name with a space, non-ASCII letters, `%`, `#`, `?`, `:` and `,`.
const ODD_NAME: &str = "specs/odd name ü%20#?:,.k7.yaml";

fn checked(file: &str, fail_on: Severity, text: &str) -> Checked {
    Checked {
        file: file.into(),
        fail_on,
        result: Ok(validate(text)),
        fix: None,
    }
}

fn unreadable(file: &str) -> Checked {
    Checked {
        file: file.into(),
        fail_on: Severity::Warning,
        result: Err("no such file".into()),
        fix: None,
    }
}

/// The set every format is snapshotted on.
fn set() -> Vec<Checked> {
    vec![
        checked("specs/bad.k7.yaml", Severity::Warning, BAD),
        checked(
            "specs/suppressed.k7.yaml",
            Severity::Warning,
            &fixture("valid--suppressed.yaml"),
        ),
        checked("specs/open.k7.yaml", Severity::Warning, OPEN),
        checked(ODD_NAME, Severity::Info, HOSTILE),
        unreadable("specs/gone.k7.yaml"),
    ]
}

fn run(files: &[Checked], format: Format) -> k7_spec::Report {
    report(
        files,
        &ReportOptions {
            format,
            quiet: false,
            ..Default::default()
        },
    )
}

const FORMATS: [(Format, &str); 7] = [
    (Format::Text, "txt"),
    (Format::Json, "json"),
    (Format::JsonLines, "jsonl"),
    (Format::Github, "github.txt"),
    (Format::Sarif, "sarif.json"),
    (Format::Junit, "junit.xml"),
    (Format::Gitlab, "gitlab.json"),
];

#[test]
fn every_format_matches_its_reviewed_snapshot() {
    let bad = [checked("k7.yaml", Severity::Warning, BAD)];
    let mut failures = Vec::new();
    for (files, name) in [(set(), "set"), (bad.to_vec(), "bad")] {
        for (format, extension) in FORMATS {
            let out = run(&files, format);
            let snapshot = format!("report/{name}.{extension}");
            failures.extend(check_snapshot(&snapshot, &out.stdout));
            // Standard error is the same in every format: one line per unreadable file.
            assert_eq!(out.stderr, run(&files, Format::Text).stderr, "{snapshot}");
        }
    }
    let stderr = run(&set(), Format::Text).stderr;
    failures.extend(check_snapshot("report/set.stderr.txt", &stderr));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_status_is_2_for_an_unreadable_file_then_1_for_a_failed_gate_then_0() {
    let status = |files: &[Checked]| run(files, Format::Text).status;
    let bad = checked("bad.yaml", Severity::Warning, BAD);
    let open = checked("open.yaml", Severity::Warning, OPEN);
    assert_eq!(status(&[bad.clone(), unreadable("x")]), 2);
    assert_eq!(status(&[open.clone(), unreadable("x")]), 2);
    assert_eq!(status(&[bad.clone(), open.clone()]), 1);
    assert_eq!(status(std::slice::from_ref(&open)), 0);
    assert_eq!(status(&[]), 0);
    // The gate moves with fail_on: BAD has warnings and an info but no error.
    assert_eq!(
        status(&[Checked {
            fail_on: Severity::Error,
            ..bad.clone()
        }]),
        0
    );
    assert_eq!(
        status(&[Checked {
            fail_on: Severity::Info,
            ..open.clone()
        }]),
        1
    );
    // Suppressed warnings fail no gate at warning (the fixture's one info is unsuppressed).
    let suppressed = checked(
        "s.yaml",
        Severity::Warning,
        &fixture("valid--suppressed.yaml"),
    );
    assert!(
        diagnostics(&suppressed)
            .iter()
            .any(|d| d.suppressed.is_some())
    );
    assert_eq!(status(&[suppressed]), 0);
    // Every format gives the same status.
    for (format, _) in FORMATS {
        assert_eq!(run(&set(), format).status, 2);
        assert_eq!(run(std::slice::from_ref(&bad), format).status, 1);
    }
}

fn diagnostics(file: &Checked) -> &[k7_spec::Diagnostic] {
    file.result.as_deref().unwrap()
}

#[test]
fn the_summary_line_counts_what_the_gate_saw() {
    // The last line but the fixes' (tests/output.rs tests those).
    let summary = |files: &[Checked]| {
        let out = run(files, Format::Text).stdout;
        let fixes = |l: &&str| l.starts_with("[*] ") || l.starts_with("No fixes available");
        let line = out.lines().rfind(|l| !fixes(l));
        line.unwrap_or_default().to_owned()
    };
    let bad = checked("bad.yaml", Severity::Warning, BAD);
    let open = checked("open.yaml", Severity::Warning, OPEN);
    let suppressed = checked(
        "s.yaml",
        Severity::Warning,
        &fixture("valid--suppressed.yaml"),
    );
    assert_eq!(
        summary(std::slice::from_ref(&bad)),
        "3 warnings, 1 info in 1 file"
    );
    assert_eq!(
        summary(&[bad.clone(), open.clone(), suppressed.clone()]),
        "3 warnings, 3 infos in 3 files (3 suppressed)"
    );
    assert_eq!(
        summary(std::slice::from_ref(&open)),
        "All specs passed (1 info)"
    );
    assert_eq!(
        summary(std::slice::from_ref(&suppressed)),
        "All specs passed (1 info, 3 suppressed)"
    );
    assert_eq!(
        summary(&[checked(
            "ok.yaml",
            Severity::Warning,
            "name: a\nimage: b\negress_whitelist: [10.0.0.0/8]\n"
        )]),
        "All specs passed (1 info)"
    );
    assert_eq!(
        summary(&[open.clone(), unreadable("x")]),
        "1 info in 1 file; 1 file could not be read"
    );
    assert_eq!(
        summary(&[unreadable("x"), unreadable("y")]),
        "2 files could not be read"
    );
    assert_eq!(summary(&[]), "All specs passed");
    // quiet: the findings alone.
    let quiet = report(
        &[bad.clone(), unreadable("x")],
        &ReportOptions {
            format: Format::Text,
            quiet: true,
            ..Default::default()
        },
    );
    assert_eq!(
        quiet
            .stdout
            .lines()
            .filter(|l| !l.starts_with("  help: "))
            .count(),
        4
    );
    assert!(
        quiet
            .stdout
            .starts_with("bad.yaml:3:11: warning[powerful-capability] ")
    );
    assert_eq!(quiet.stderr, "k7-spec: cannot read x: no such file\n");
}

#[test]
fn text_escapes_what_the_terminal_must_not_receive_as_rust_escape_debug_does() {
    let files = [checked(ODD_NAME, Severity::Warning, HOSTILE)];
    let out = run(&files, Format::Text).stdout;
    assert!(
        out.contains("error[unknown-field] unknown field `a\\nb\\u{1b}[31m\\u{202e}c`"),
        "{out}"
    );
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    // Each character class, against Rust's own escape_debug (quotes aside): controls, format
    // characters, separators, private use, unassigned, spaces other than U+0020; and what stays.
    for c in [
        '\0',
        '\u{7}',
        '\t',
        '\u{7f}',
        '\u{85}',
        '\u{ad}',
        '\u{200b}',
        '\u{202e}',
        '\u{2066}',
        '\u{feff}',
        '\u{2028}',
        '\u{2029}',
        '\u{a0}',
        '\u{3000}',
        '\u{e000}',
        '\u{10fffd}',
        '\u{378}',
        '\u{fffe}',
        ' ',
        'é',
        '\u{301}',
        '\u{1F600}',
        '\\',
        '"',
        '\'',
    ] {
        let text = format!("a{c}");
        let rust: String = match c {
            '"' | '\'' => text.clone(),
            '\0' => "a\\u{0}".into(),
            _ => text.escape_debug().collect(),
        };
        let file = [Checked {
            file: text.clone(),
            fail_on: Severity::Warning,
            result: Err("r".into()),
            fix: None,
        }];
        let line = run(&file, Format::Text).stderr;
        assert_eq!(
            line,
            format!("k7-spec: cannot read {rust}: r\n"),
            "U+{:04X}",
            c as u32
        );
    }
}

#[test]
fn json_is_the_diagnostics_as_data_with_unprintable_characters_as_u_escapes() {
    let files = set();
    let out = run(&files, Format::Json).stdout;
    assert!(out.ends_with("}\n]\n") && out.starts_with("[\n  {\n    \"file\": "));
    assert!(
        !out.chars()
            .any(|c| c != '\n' && (c.is_control() || c == '\u{202e}'))
    );
    assert!(out.contains(r"a\nb\u001b[31m\u202ec"), "{out}");
    let value: Value = serde_json::from_str(&out).unwrap();
    for (entry, file) in value.as_array().unwrap().iter().zip(&files) {
        assert_eq!(entry["file"], file.file.as_str());
        match &file.result {
            Ok(diagnostics) => {
                assert_eq!(
                    entry["diagnostics"],
                    serde_json::to_value(diagnostics).unwrap()
                );
                assert!(entry.get("error").is_none());
            }
            Err(reason) => {
                assert_eq!(entry["error"], reason.as_str());
                assert_eq!(entry["diagnostics"], serde_json::json!([]));
            }
        }
    }
}

#[test]
fn json_lines_is_one_object_per_finding_and_per_unreadable_file() {
    let files = set();
    let out = run(&files, Format::JsonLines).stdout;
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let findings: usize = files
        .iter()
        .map(|f| f.result.as_ref().map_or(1, Vec::len))
        .sum();
    assert_eq!(lines.len(), findings);
    let mut expected = Vec::new();
    for f in &files {
        match &f.result {
            Ok(diagnostics) => expected.extend(diagnostics.iter().map(|d| {
                let mut line = serde_json::json!({ "file": f.file });
                line.as_object_mut().unwrap().extend(
                    serde_json::to_value(d)
                        .unwrap()
                        .as_object()
                        .unwrap()
                        .clone(),
                );
                line
            })),
            Err(reason) => expected.push(serde_json::json!({ "file": f.file, "error": reason })),
        }
    }
    assert_eq!(lines, expected);
    // Keys in the order of the struct, the file first.
    assert!(out.starts_with(
        "{\"file\":\"specs/bad.k7.yaml\",\"code\":\"powerful-capability\",\"severity\":"
    ));
}

/// A workflow command's properties and message, unescaped as the runner reads them
/// (`@actions/core`'s escaping reversed).
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let unescape = |s: &str| {
        s.replace("%0A", "\n")
            .replace("%0D", "\r")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    let rest = line.strip_prefix("::").unwrap();
    let (head, message) = rest.split_once("::").unwrap();
    let (command, properties) = head.split_once(' ').unwrap();
    let properties = properties
        .split(',')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (k.to_owned(), unescape(v))
        })
        .collect();
    (command.to_owned(), properties, unescape(message))
}

#[test]
fn github_commands_carry_the_place_and_escape_values_as_the_toolkit_does() {
    let out = run(&set(), Format::Github).stdout;
    let commands: Vec<_> = out.lines().map(parse_command).collect();
    // Suppressed findings are not annotated; infos are notices.
    let suppressed = diagnostics(&set()[1])
        .iter()
        .filter(|d| d.suppressed.is_some())
        .count();
    assert!(suppressed > 0);
    let findings: usize = set()
        .iter()
        .map(|f| {
            f.result
                .as_ref()
                .map_or(1, |d| d.iter().filter(|d| d.suppressed.is_none()).count())
        })
        .sum();
    assert_eq!(commands.len(), findings);
    let (command, properties, message) = &commands[0];
    assert_eq!(command, "warning");
    let get = |name: &str| {
        properties
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("file"), Some("specs/bad.k7.yaml"));
    assert_eq!(
        (get("line"), get("col"), get("endLine"), get("endColumn")),
        (Some("3"), Some("11"), Some("3"), Some("20"))
    );
    assert_eq!(get("title"), Some("k7-spec (powerful-capability)"));
    assert!(
        message.starts_with("adding `SYS_ADMIN` grants")
            && message.contains("\nhelp: add only what")
    );
    assert!(commands.iter().any(|(c, ..)| c == "notice"));
    // The odd file name survives its escaping; the hostile message cannot end the command.
    let odd: Vec<_> = commands
        .iter()
        .filter(|(_, p, _)| p[0].1 == ODD_NAME)
        .collect();
    assert!(!odd.is_empty(), "{out}");
    assert!(odd.iter().any(|(c, _, m)| c == "error"
        && m.starts_with("unknown field `a\\nb\\u{1b}[31m\\u{202e}c`\nhelp: ")));
    assert!(
        out.lines().all(|l| l.starts_with("::"))
            && !out.chars().any(|c| c.is_control() && c != '\n')
    );
    assert!(out.ends_with("::error file=specs/gone.k7.yaml,title=k7-spec::cannot read specs/gone.k7.yaml: no such file\n"));
}

#[test]
fn sarif_results_point_at_their_rules_and_count_columns_in_utf16() {
    let files = set();
    let out = run(&files, Format::Sarif).stdout;
    let log: Value = serde_json::from_str(&out).unwrap();
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), k7_spec::Code::ALL.len());
    let results = run["results"].as_array().unwrap();
    let all: Vec<_> = files
        .iter()
        .filter_map(|f| f.result.as_ref().ok())
        .flatten()
        .collect();
    assert_eq!(results.len(), all.len());
    for (result, d) in results.iter().zip(&all) {
        let rule = &rules[result["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], result["ruleId"]);
        assert_eq!(result["ruleId"], d.code.as_str());
        assert_eq!(result["suppressions"].is_array(), d.suppressed.is_some());
    }
    // The CIDR after the emoji: its column counts the emoji as 2 UTF-16 code units.
    let line = HOSTILE.lines().nth(3).unwrap();
    let column = line[..line.find("169.254").unwrap()].encode_utf16().count() + 1;
    let metadata = results
        .iter()
        .find(|r| {
            r["ruleId"] == "cloud-metadata"
                && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
        })
        .unwrap();
    let region = &metadata["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"], column);
    assert_eq!(region["endColumn"], column + "169.254.0.0/16".len());
    // The odd name as a URI reference: percent-encoded, relative.
    assert_eq!(
        metadata["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "specs/odd%20name%20%C3%BC%2520%23%3F%3A%2C.k7.yaml"
    );
    // The unreadable file is a notification of a failed execution.
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["message"]["text"],
        "cannot read specs/gone.k7.yaml: no such file"
    );
}

#[test]
fn junit_has_a_case_per_file_and_a_failure_per_finding_that_fails_the_gate() {
    let files = set();
    let out = run(&files, Format::Junit).stdout;
    assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"k7-spec\" tests=\"5\" failures=\"2\" errors=\"1\">\n"));
    assert_eq!(out.matches("<testcase ").count(), 5);
    let failing: usize = files
        .iter()
        .filter_map(|f| {
            Some(
                diagnostics_or_none(f)?
                    .iter()
                    .filter(|d| d.suppressed.is_none() && d.severity <= f.fail_on)
                    .count(),
            )
        })
        .sum();
    assert_eq!(out.matches("<failure ").count(), failing);
    assert!(
        out.contains(r#"<testcase name="specs/odd name ü%20#?:,.k7.yaml" classname="k7-spec">"#)
    );
    assert!(out.contains("suppressed by a comment: the image mounts a FUSE filesystem"));
    assert!(out.contains(
        r#"<error type="unreadable" message="cannot read specs/gone.k7.yaml: no such file"/>"#
    ));
    // Only characters XML 1.0 allows (and no raw control but the line feed).
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'));
}

fn diagnostics_or_none(file: &Checked) -> Option<&[k7_spec::Diagnostic]> {
    file.result.as_deref().ok()
}

#[test]
fn gitlab_fingerprints_are_unique_and_do_not_move_with_lines() {
    let out = run(&set(), Format::Gitlab).stdout;
    let issues: Vec<Value> = serde_json::from_str(&out).unwrap();
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert!(
        fingerprints
            .iter()
            .all(|f| f.len() == 32 && f.bytes().all(|b| b.is_ascii_hexdigit()))
    );
    let count = fingerprints.len();
    fingerprints.sort();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), count, "{out}");
    // Two blank lines above every finding: the same fingerprints.
    let moved = run(
        &[checked(
            "specs/bad.k7.yaml",
            Severity::Warning,
            &format!("\n\n{BAD}"),
        )],
        Format::Gitlab,
    )
    .stdout;
    let moved: Vec<Value> = serde_json::from_str(&moved).unwrap();
    for (before, after) in issues.iter().zip(&moved) {
        assert_eq!(before["fingerprint"], after["fingerprint"]);
        assert_eq!(
            before["location"]["lines"]["begin"].as_u64().unwrap() + 2,
            after["location"]["lines"]["begin"].as_u64().unwrap()
        );
    }
    // Two identical findings (one CIDR listed twice) differ by their occurrence.
    let twice = "name: a\nimage: b\negress_whitelist: [169.254.0.0/16, 169.254.0.0/16]\n";
    let twice = run(
        &[checked("t.yaml", Severity::Warning, twice)],
        Format::Gitlab,
    )
    .stdout;
    let twice: Vec<Value> = serde_json::from_str(&twice).unwrap();
    let metadata: Vec<_> = twice
        .iter()
        .filter(|i| i["check_name"] == "cloud-metadata")
        .map(|i| &i["fingerprint"])
        .collect();
    assert!(
        metadata.len() == 2 && metadata[0] != metadata[1],
        "{twice:?}"
    );
    assert_eq!(
        issues
            .iter()
            .map(|i| i["severity"].as_str().unwrap())
            .filter(|s| *s == "blocker")
            .count(),
        1
    );
}

#[test]
fn diagnostics_read_back_from_their_json_as_the_wasm_report_reads_them() {
    for file in set() {
        let Ok(diagnostics) = file.result else {
            continue;
        };
        let text = serde_json::to_string(&diagnostics).unwrap();
        let read: Vec<k7_spec::Diagnostic> = serde_json::from_str(&text).unwrap();
        assert_eq!(read, diagnostics);
    }
    let unknown = r#"{"code":"no-such-code","severity":"error","message":"m","path":"","span":null,"help":null,"suppressed":null}"#;
    let error = serde_json::from_str::<k7_spec::Diagnostic>(unknown).unwrap_err();
    assert!(
        error.to_string().contains("unknown code `no-such-code`"),
        "{error}"
    );
    let extra = r#"{"code":"egress-open","severity":"info","message":"m","path":"","span":null,"help":null,"extra":1}"#;
    assert!(serde_json::from_str::<k7_spec::Diagnostic>(extra).is_err());
}

#[test]
fn sarif_links_to_the_package_home_page_and_the_codes_page() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(repo.join("npm/package.json")).unwrap())
            .unwrap();
    let out = run(&[], Format::Sarif).stdout;
    let log: Value = serde_json::from_str(&out).unwrap();
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["informationUri"], manifest["homepage"]);
    let help = driver["rules"][0]["helpUri"].as_str().unwrap();
    let page = help.split_once("/blob/main/").unwrap().1;
    assert!(repo.join(page).is_file(), "{help}");
    assert!(
        help.starts_with(
            manifest["homepage"]
                .as_str()
                .unwrap()
                .trim_end_matches("#readme")
        )
    );
}
