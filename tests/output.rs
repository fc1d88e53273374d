//! What the command line prints for `render`, `explain`, `schema`, `reach` and a usage error
//! (`command_output`), and for `validate --fix`, `--unsafe-fixes` and `--diff` (`report`: the
//! fixes' line, the fixed text, the unified diff, checked against GNU diff and patch), which the
//! npm CLI prints byte for byte (tests/wasm-package/cli.test.mjs).

use k7_spec::{
    Applicability, Checked, Command, DataFormat, Diagnostic, FileFix, MatrixRequest, OutputFormat,
    Query, ReachRequest, RenderOptions, Severity, SpecFile, SpecRequest, command_output, fix,
    parse_args, reach, reach_matrix, render, report, schema, to_yaml, validate,
};
use serde_json::Value;

const EXAMPLE: &str = include_str!("fixtures/valid--k7-example.yaml");
const SUPPRESSED: &str = "name: demo\nimage: alpine:3.20\negress_whitelist: []\n\
                          cap_add: [SYS_ADMIN]  # k7-spec: ignore[powerful-capability] fuse\n\
                          cap_drop: [NET_RAW]\n";

fn run(command: &str, source: &str, format: DataFormat) -> k7_spec::Report {
    let spec = SpecRequest {
        file: "specs/k7.yaml".to_owned(),
        source: source.to_owned(),
        options: RenderOptions::default(),
        fail_on: Severity::Warning,
        format,
    };
    command_output(&match command {
        "render" => Command::Render(spec),
        _ => Command::Explain(spec),
    })
}

#[test]
fn render_prints_the_manifests_and_the_unsuppressed_findings_apart() {
    let rendering = render(SUPPRESSED, &RenderOptions::default());
    for format in [DataFormat::Text, DataFormat::Yaml] {
        let out = run("render", SUPPRESSED, format);
        assert_eq!(out.stdout, rendering.yaml);
        assert_eq!(out.status, 0);
        // The suppressed capability is not printed; cap_drop's warning and the DNS info are.
        assert!(
            !out.stderr.contains("powerful-capability"),
            "{}",
            out.stderr
        );
        let codes: Vec<&str> = out
            .stderr
            .lines()
            .filter(|l| l.starts_with("specs/k7.yaml:"))
            .collect();
        assert_eq!(codes.len(), 2, "{}", out.stderr);
        assert!(out.stderr.contains("warning[cap-drop-replaces-all]"));
    }
    let json = run("render", SUPPRESSED, DataFormat::Json);
    let back: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(back, serde_json::to_value(&rendering).unwrap());

    let broken = run("render", "name: demo\n", DataFormat::Text);
    assert_eq!((broken.stdout.as_str(), broken.status), ("", 1));
    assert!(
        broken
            .stderr
            .contains("\nspecs/k7.yaml:1:1: error[missing-field]")
    );
}

#[test]
fn explain_prints_sentences_by_concern_and_the_phases() {
    let out = run("explain", EXAMPLE, DataFormat::Text);
    let explanation = render(EXAMPLE, &RenderOptions::default())
        .explanation
        .unwrap();
    let sections: Vec<&str> = out.stdout.split("\n\n").collect();
    assert_eq!(sections.len(), 4, "{}", out.stdout);
    assert_eq!(
        sections[0].lines().next().unwrap(),
        format!("Egress: {}", explanation.egress.summary)
    );
    assert_eq!(
        sections[0].lines().count(),
        1 + explanation.egress.details.len()
    );
    assert!(sections[2].starts_with(&format!(
        "Security ({}): ",
        explanation.security.level.name()
    )));
    assert_eq!(
        sections[3],
        "Phases:\n".to_owned()
            + &explanation
                .phases
                .iter()
                .enumerate()
                .map(|(i, p)| format!(
                    "  {}. {} (egress {}): {}\n",
                    i + 1,
                    p.name,
                    p.egress,
                    p.summary
                ))
                .collect::<String>()
    );
    let yaml = run("explain", EXAMPLE, DataFormat::Yaml);
    assert_eq!(
        yaml.stdout,
        to_yaml(&[serde_json::to_value(&explanation).unwrap()])
    );
    let refused = run("explain", "name: demo\n", DataFormat::Json);
    assert_eq!((refused.stdout.as_str(), refused.status), ("null\n", 1));
}

#[test]
fn schema_and_usage_errors() {
    let json = command_output(&Command::Schema {
        format: DataFormat::Text,
    });
    let schema_value: Value = serde_json::from_str(schema()).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&json.stdout).unwrap(),
        schema_value
    );
    let yaml = command_output(&Command::Schema {
        format: DataFormat::Yaml,
    });
    assert_eq!(yaml.stdout, to_yaml(&[schema_value]));
    // A message that would retitle the terminal and forge a second line comes out inert.
    let error = command_output(&Command::Error {
        message: "cannot read a\u{1b}]0;owned\u{7}\nb.yaml:1:1: info[x] forged".into(),
    });
    assert_eq!(
        error.stderr,
        "k7-spec: cannot read a\\u{1b}]0;owned\\u{7}\\nb.yaml:1:1: info[x] forged\n"
    );
    assert_eq!((error.stdout.as_str(), error.status), ("", 2));
}

#[test]
fn help_and_version_are_one_text_for_every_front_end() {
    let help = command_output(&Command::Help);
    assert!(
        help.stdout
            .starts_with("usage: k7-spec <command> [options] [FILE...]\n\n")
    );
    assert!(
        help.stdout
            .ends_with(" 1 when an expectation does not hold or a spec has an error.\n")
    );
    assert_eq!((help.stderr.as_str(), help.status), ("", 0));
    let version = command_output(&Command::Version);
    assert_eq!(version.stdout, format!("{}\n", env!("CARGO_PKG_VERSION")));
    let request: Command = serde_json::from_str(r#"{"command": "help"}"#).unwrap();
    assert_eq!(request, Command::Help);
}

#[test]
fn requests_read_as_the_javascript_shape() {
    let request: Command = serde_json::from_str(
        r#"{"command": "render", "file": "k7.yaml", "source": "name: demo\n",
            "options": {"cni": "flannel", "ignore": ["egress-open"]}, "failOn": "error", "format": "json"}"#,
    )
    .unwrap();
    assert!(matches!(
        request,
        Command::Render(SpecRequest {
            format: DataFormat::Json,
            fail_on: Severity::Error,
            ..
        })
    ));
    for bad in [
        r#"{"command": "lint", "file": "k7.yaml", "source": ""}"#,
        r#"{"command": "schema", "format": "xml"}"#,
        r#"{"command": "error", "message": "x", "extra": 1}"#,
        r#"{"command": "explain", "file": "k7.yaml", "source": "", "extra": 1}"#,
    ] {
        assert!(serde_json::from_str::<Command>(bad).is_err(), "{bad}");
    }
}

// `reach`: one connection per phase, a queries file, the matrix.

const AGENT: &str = "name: agent\nimage: python:3.12\n\
                     egress_whitelist: [pypi.org, 10.0.0.0/8]\n\
                     ingress_ports: [8080]\ningress_from: [sandbox:client]\n";

/// `reach` of AGENT as the command line asks it: `args` are the words after `reach k7.yaml`.
fn reach_output(args: &[&str], queries: Option<&str>) -> k7_spec::Report {
    let words: Vec<String> = ["reach", "k7.yaml"]
        .iter()
        .chain(args)
        .map(|w| (*w).to_owned())
        .collect();
    let parsed = parse_args(&words).unwrap();
    let OutputFormat::Data(format) = parsed.format else {
        panic!("reach prints data")
    };
    command_output(&Command::Reach(ReachRequest {
        file: "k7.yaml".to_owned(),
        source: AGENT.to_owned(),
        options: RenderOptions::default(),
        format,
        reach: parsed.reach,
        queries: queries.map(str::to_owned),
    }))
}

#[test]
fn reach_prints_a_line_per_phase_with_the_deciding_rules_and_the_expectation() {
    let out = reach_output(&["--to", "pypi.org:443", "--expect", "allow"], None);
    let answer = reach(
        AGENT,
        &Query::to("pypi.org:443").unwrap(),
        &Default::default(),
    );
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "k7.yaml: egress to pypi.org port 443/TCP, on Cilium"
    );
    // Each phase: its name and verdict in aligned columns, then the engine's summary.
    let phases: Vec<&&str> = lines.iter().filter(|l| !l.starts_with("    ")).collect();
    for (line, phase) in phases[1..4].iter().zip(&answer.phases) {
        let expected = format!(
            "  {:<6}  {:<7}  {}",
            phase.phase.as_str(),
            phase.verdict.as_str(),
            phase.summary
        );
        assert_eq!(**line, expected);
    }
    // The locked phase's rules: the FQDN rule at its pointer, from the whitelist's first entry.
    let rule = &answer.phases[2].rules[0];
    let entry = rule.spec.as_ref().unwrap();
    let at = entry.span.unwrap().start;
    assert!(
        out.stdout.contains(&format!(
            "\n                   rule: {} {} (k7.yaml:{}:{} {})",
            rule.object, rule.pointer, at.line, at.column, entry.path
        )),
        "{}",
        out.stdout
    );
    assert_eq!(entry.path, "/egress_whitelist/0");
    assert_eq!(
        lines.last().unwrap(),
        &"expected allow: holds in start, script and locked"
    );
    assert_eq!(out.status, 0);
    // The spec's findings go to stderr, as render's do.
    let findings = |source: &str| {
        let rendered = run("render", source, DataFormat::Text).stderr;
        rendered.replace("specs/k7.yaml", "k7.yaml")
    };
    assert_eq!(out.stderr, findings(AGENT));

    // A denied connection says what would allow it; an expectation that fails exits 1.
    let denied = reach_output(
        &[
            "--from",
            "sandbox:web",
            "--port",
            "8080",
            "--phase",
            "locked",
            "--expect",
            "allow",
        ],
        None,
    );
    assert_eq!(denied.status, 1, "{}", denied.stdout);
    assert_eq!(denied.stdout.matches("\n  locked  ").count(), 1);
    assert!(!denied.stdout.contains("\n  start"));
    assert_eq!(
        denied.stdout,
        "k7.yaml: ingress from sandbox web in namespace default port 8080/TCP, on Cilium\n  \
         locked  denied   After lockdown, sandbox web in namespace default connecting to the \
         sandbox on port 8080/TCP is denied: NetworkPolicy/agent-deny-ingress isolates the \
         sandbox's ingress: only what its rules list is allowed.\n\
         \x20                  rule: NetworkPolicy/agent-deny-ingress /spec/policyTypes\n\
         \x20                  allow if: add `sandbox:web` to ingress_from\n\
         expected allow: does not hold: locked is denied\n"
    );
    assert!(
        denied
            .stdout
            .ends_with("\nexpected allow: does not hold: locked is denied\n")
    );
    assert_eq!(
        reach_output(&["--to", "metadata", "--expect", "deny"], None).status,
        0
    );
}

#[test]
fn reach_depends_meets_no_expectation() {
    // A name that is not whitelisted may still resolve into the whitelisted 10.0.0.0/8.
    for expect in ["allow", "deny"] {
        let out = reach_output(
            &[
                "--to",
                "db.internal",
                "--phase",
                "locked",
                "--expect",
                expect,
            ],
            None,
        );
        assert!(
            out.stdout.contains("\n  locked  depends  "),
            "{}",
            out.stdout
        );
        assert!(
            out.stdout.ends_with(&format!(
                "\nexpected {expect}: does not hold: locked depends on the address db.internal resolves to being inside 10.0.0.0/8, which holds for neither allow nor deny\n"
            )),
            "{}",
            out.stdout
        );
        assert_eq!(out.status, 1);
    }
}

#[test]
fn reach_json_is_the_engines_answer_with_the_expectation() {
    let out = reach_output(
        &[
            "--from",
            "sandbox:client",
            "--port",
            "8080",
            "--format",
            "json",
            "--expect",
            "allow",
        ],
        None,
    );
    let mut printed: Value = serde_json::from_str(&out.stdout).unwrap();
    let answer = reach(
        AGENT,
        &Query::from("sandbox:client").unwrap().port(8080),
        &Default::default(),
    );
    let fields = printed.as_object_mut().unwrap();
    assert_eq!(fields.remove("expect"), Some(Value::from("allow")));
    assert_eq!(fields.remove("holds"), Some(Value::from(true)));
    assert_eq!(printed, serde_json::to_value(&answer).unwrap());
    assert_eq!(out.status, 0);
}

#[test]
fn reach_of_a_spec_with_an_error_judges_nothing_and_exits_1() {
    let out = command_output(&Command::Reach(ReachRequest {
        file: "bad.yaml".to_owned(),
        source: "name: demo\n".to_owned(),
        options: RenderOptions::default(),
        format: DataFormat::Text,
        reach: parse_args(&["reach", "x", "--to", "dns"].map(String::from))
            .unwrap()
            .reach,
        queries: None,
    }));
    assert_eq!(
        out.stdout,
        "bad.yaml: egress to the cluster DNS (kube-dns) port 53/UDP, on Cilium\n  not judged: the spec has an error (its findings are on standard error)\n"
    );
    assert!(
        out.stderr.contains("bad.yaml:1:1: error[missing-field]"),
        "{}",
        out.stderr
    );
    assert_eq!(out.status, 1);
}

const QUERIES: &str = "# policy tests for agent\n\
                       to pypi.org:443 expect allow\n\
                       \n\
                       to metadata expect deny   # K7's platform policy\n\
                       from sandbox:client port 8080 phase locked expect allow\n\
                       from sandbox:web port 8080 phase locked expect allow\n\
                       to dns\n";

#[test]
fn reach_queries_print_a_line_per_query_and_phase_then_a_summary() {
    let out = reach_output(&["--queries", "agent.queries"], Some(QUERIES));
    let lines: Vec<&str> = out.stdout.lines().collect();
    // 3 phases each for lines 2, 4 and 7; 1 each for lines 5 and 6; then the summary.
    assert_eq!(lines.len(), 3 + 3 + 1 + 1 + 3 + 1, "{}", out.stdout);
    let row = |at: &str, query: &str, phase: &str, verdict: &str, result: &str| {
        format!("{at}  {query:<29}  {phase:<6}  {verdict:<7}  {result:<4}")
    };
    assert_eq!(
        lines[0],
        row(
            "agent.queries:2",
            "to pypi.org:443",
            "start",
            "allowed",
            "ok"
        )
        .trim_end()
    );
    assert!(lines[2].starts_with(&row(
        "agent.queries:2",
        "to pypi.org:443",
        "locked",
        "allowed",
        "ok"
    )));
    assert!(
        lines[2].ends_with(" (k7.yaml:3:20 /egress_whitelist/0)"),
        "{}",
        lines[2]
    );
    assert!(lines[3].starts_with(&row(
        "agent.queries:4",
        "to metadata",
        "start",
        "denied",
        "ok"
    )));
    assert!(
        lines[3].ends_with("/spec/egressDeny/1/toCIDR/0 (K7's platform policy)"),
        "{}",
        lines[3]
    );
    assert!(lines[6].starts_with(&row(
        "agent.queries:5",
        "from sandbox:client port 8080",
        "locked",
        "allowed",
        "ok"
    )));
    assert!(lines[7].starts_with(&row(
        "agent.queries:6",
        "from sandbox:web port 8080",
        "locked",
        "denied",
        "FAIL"
    )));
    assert_eq!(
        lines[8],
        row("agent.queries:7", "to dns", "start", "allowed", "-").trim_end()
    );
    assert_eq!(
        lines.last().unwrap(),
        &"5 queries: 3 as expected, 1 not (agent.queries:6), 1 without an expectation"
    );
    assert_eq!(out.status, 1);

    // JSON: an array, one answer per query with its line, only the phases it asks.
    let json = reach_output(
        &["--queries", "agent.queries", "--format", "json"],
        Some(QUERIES),
    );
    let answers: Vec<Value> = serde_json::from_str(&json.stdout).unwrap();
    let brief: Vec<(u64, usize, Value)> = answers
        .iter()
        .map(|a| {
            (
                a["line"].as_u64().unwrap(),
                a["phases"].as_array().unwrap().len(),
                a["holds"].clone(),
            )
        })
        .collect();
    assert_eq!(
        brief,
        [
            (2, 3, Value::from(true)),
            (4, 3, Value::from(true)),
            (5, 1, Value::from(true)),
            (6, 1, Value::from(false)),
            (7, 3, Value::Null),
        ]
    );
    assert_eq!(json.status, 1);

    // --expect and --phase apply to the lines that give none.
    let defaults = reach_output(
        &["--queries", "q", "--phase", "start", "--expect", "allow"],
        Some("to dns\nto pypi.org expect deny\n"),
    );
    assert_eq!(defaults.stdout.lines().count(), 3, "{}", defaults.stdout);
    assert!(
        defaults
            .stdout
            .ends_with("\n2 queries: 1 as expected, 1 not (q:2)\n")
    );
    // A byte order mark and Windows line ends are read as an editor writes them.
    let bom = reach_output(&["--queries", "q"], Some("\u{feff}to dns\r\n# done\r\n"));
    assert_eq!(bom.status, 0, "{}", bom.stderr);
    assert!(
        bom.stdout.starts_with("q:1  to dns  start "),
        "{}",
        bom.stdout
    );
    // ok and FAIL are each phase's: a name that depends after lockdown fails only there.
    let depends = reach_output(
        &["--queries", "q"],
        Some(
            "to db.internal expect allow
",
        ),
    );
    let results: Vec<Vec<&str>> = depends
        .stdout
        .lines()
        .take(3)
        .map(|l| l.split_whitespace().skip(3).take(3).collect())
        .collect();
    assert_eq!(
        results,
        [
            ["start", "allowed", "ok"],
            ["script", "allowed", "ok"],
            ["locked", "depends", "FAIL"]
        ]
    );
    assert!(
        depends.stdout.ends_with("\n1 query: 1 not (q:1)\n"),
        "{}",
        depends.stdout
    );
}

#[test]
fn a_bad_queries_line_is_bad_usage_naming_its_line() {
    for (text, message) in [
        (
            "to pypi.org\nto x expct allow\n",
            "q:2: unknown word \"expct\" (a line is `to DEST` or `from SOURCE`, then any of",
        ),
        (
            "\n\nreach pypi.org\n",
            "q:3: a query starts with `to` or `from`, not \"reach\"",
        ),
        ("to\n", "q:1: `to` needs a destination"),
        (
            "to pypi.org port 0\n",
            "q:1: `port` must be a number from 1 to 65535, not \"0\"",
        ),
        (
            "to pypi.org expect maybe\n",
            "q:1: `expect` must be allow or deny, not \"maybe\"",
        ),
        (
            "to pypi.org phase\n",
            "q:1: `phase` needs a value: start, script, locked or all",
        ),
        ("to pypi.org udp udp\n", "q:1: `udp` is given twice"),
        ("to *.pypi.org\n", "q:1: `*.pypi.org` is not a destination"),
        ("from pypi.org port 80\n", "q:1: `pypi.org` is not a source"),
        ("# nothing\n\n", "the queries file q has no query"),
        (
            "to a\u{1b}]0;x\u{7}.org\n",
            "q:1: `a\\u{1b}]0;x\\u{7}.org` is not a destination",
        ),
    ] {
        let out = reach_output(&["--queries", "q"], Some(text));
        assert_eq!((out.stdout.as_str(), out.status), ("", 2), "{text}");
        assert!(
            out.stderr.starts_with(&format!("k7-spec: {message}")),
            "{text}: {}",
            out.stderr
        );
        assert_eq!(out.stderr.lines().count(), 1);
    }
}

#[test]
fn the_matrix_is_a_table_of_pairs_then_the_findings() {
    let web = "name: web\nimage: nginx:1.27\negress_whitelist: []\n\
               ingress_ports: [8080]\ningress_from: [sandbox:client, sandbox:ghost]\n";
    let client = "name: client\nimage: alpine:3.20\n";
    let files = [
        ("web.k7.yaml", web),
        ("client.k7.yaml", client),
        ("bad.k7.yaml", "name: x\n"),
    ];
    let request = |format| {
        Command::Matrix(MatrixRequest {
            files: files
                .iter()
                .map(|(file, source)| SpecFile {
                    file: (*file).to_owned(),
                    source: (*source).to_owned(),
                })
                .collect(),
            options: RenderOptions::default(),
            format,
        })
    };
    let out = command_output(&request(DataFormat::Text));
    let pairs: Vec<(String, String)> = files
        .iter()
        .map(|(f, s)| ((*f).to_owned(), (*s).to_owned()))
        .collect();
    let matrix = reach_matrix(&pairs, &RenderOptions::default());
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "FROM    TO      PORT       LOCKED   BEFORE LOCKDOWN  DECIDED BY"
    );
    assert_eq!(lines[1], "client  web     8080/TCP   allowed  allowed");
    assert_eq!(matrix.pairs.len(), 1);
    assert_eq!(
        lines[2],
        "left out: bad.k7.yaml (x) has an error (its findings are on standard error)"
    );
    assert!(
        out.stdout.contains(
            "\nfindings:\nweb.k7.yaml:5:32: [unknown-sandbox] `sandbox:ghost` names no spec"
        ),
        "{}",
        out.stdout
    );
    assert_eq!(matrix.findings.len(), 1);
    assert_eq!(
        lines.last().unwrap(),
        &"3 sandboxes, 1 connection locked down: 1 allowed; 1 finding"
    );
    assert!(
        out.stderr.contains("bad.k7.yaml:1:1: error[missing-field]"),
        "{}",
        out.stderr
    );
    assert_eq!(out.status, 1);
    let json = command_output(&request(DataFormat::Json));
    assert_eq!(
        serde_json::from_str::<Value>(&json.stdout).unwrap(),
        serde_json::to_value(&matrix).unwrap()
    );
}

#[test]
fn reach_requests_read_as_the_javascript_shape() {
    let request: Command = serde_json::from_str(
        r#"{"command": "reach", "file": "k7.yaml", "source": "name: demo\n", "format": "json",
            "reach": {"to": "pypi.org", "port": 443, "udp": false, "phase": "locked", "expect": "allow"}}"#,
    )
    .unwrap();
    let Command::Reach(request) = request else {
        panic!("a reach request")
    };
    assert_eq!(request.reach.port, Some(443));
    let matrix: Command = serde_json::from_str(
        r#"{"command": "matrix", "files": [{"file": "a.yaml", "source": ""}], "options": {"cni": "flannel"}}"#,
    )
    .unwrap();
    assert!(matches!(matrix, Command::Matrix(MatrixRequest { .. })));
    for bad in [
        r#"{"command": "reach", "file": "k7.yaml", "source": "", "reach": {"to": "x", "colour": 1}}"#,
        r#"{"command": "reach", "file": "k7.yaml", "source": ""}"#,
        r#"{"command": "matrix", "files": [{"file": "a.yaml"}]}"#,
    ] {
        assert!(serde_json::from_str::<Command>(bad).is_err(), "{bad}");
    }
}

/// A spec with safe fixes (a CIDR's host bits, two duplicates) and a finding whose only fix is
/// unsafe (a public DNS resolver), on CRLF lines after a byte order mark.
const FIXABLE: &str = "\u{feff}name: demo\r\nimage: alpine:3.20\r\negress_whitelist:\r\n  - 10.0.0.5/8\r\n  - 10.0.0.0/8\r\n  - 1.1.1.1/32\r\n  - 1.1.1.1/32\r\n";

/// What `--fix` (or `--diff`) made of a spec: `fix()`'s result, as a front end passes it.
fn fixing(file: &str, source: &str, unsafe_fixes: bool) -> Checked {
    let fixed = fix(source, &RenderOptions::default(), unsafe_fixes);
    Checked {
        file: file.to_owned(),
        fail_on: Severity::Warning,
        result: Ok(fixed.diagnostics),
        fix: Some(FileFix {
            source: source.to_owned(),
            text: fixed.text,
            applied: fixed.applied,
            error: None,
        }),
    }
}

fn checked(file: &str, source: &str) -> Checked {
    Checked {
        file: file.to_owned(),
        fail_on: Severity::Warning,
        result: Ok(validate(source)),
        fix: None,
    }
}

/// `validate`'s report with the options the command line's words give.
fn validate_report(files: &[Checked], words: &[&str]) -> k7_spec::Report {
    let words: Vec<String> = ["validate"]
        .iter()
        .chain(words)
        .map(|w| w.to_string())
        .collect();
    let args = parse_args(&words).unwrap();
    let OutputFormat::Report(format) = args.format else {
        panic!("validate takes a report's format")
    };
    let options = args.report_options(format);
    report(files, &options)
}

/// The unsuppressed findings with a safe fix, and those whose fixes are all unsafe.
fn fixable(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let shown = diagnostics.iter().filter(|d| d.suppressed.is_none());
    let safe = |d: &&Diagnostic| {
        d.fixes
            .iter()
            .any(|f| f.applicability == Applicability::Safe)
    };
    let (safe, other): (Vec<_>, Vec<_>) = shown.filter(|d| !d.fixes.is_empty()).partition(safe);
    (safe.len(), other.len())
}

#[test]
fn validate_takes_fix_unsafe_fixes_and_diff() {
    let parse =
        |words: &[&str]| parse_args(&words.iter().map(|w| w.to_string()).collect::<Vec<_>>());
    let args = parse(&["validate", "--fix", "--unsafe-fixes", "a.yaml", "b.yaml"]).unwrap();
    assert_eq!(
        (args.fix, args.unsafe_fixes, args.diff),
        (true, true, false)
    );
    let args = parse(&["validate", "--diff", "-"]).unwrap();
    assert_eq!(
        (args.fix, args.unsafe_fixes, args.diff),
        (false, false, true)
    );
    // --fix with - alone prints the fixed text; --diff with - among others prints diffs.
    assert!(parse(&["validate", "--fix", "-"]).is_ok());
    assert!(parse(&["validate", "--diff", "-", "a.yaml"]).is_ok());
    for (words, message) in [
        (
            &["render", "--fix", "a.yaml"][..],
            "--fix is an option of validate only",
        ),
        (
            &["reach", "a.yaml", "--diff"],
            "--diff is an option of validate only",
        ),
        (
            &["explain", "--unsafe-fixes", "a.yaml"],
            "--unsafe-fixes is an option of validate only",
        ),
        (
            &["validate", "--fix", "-", "a.yaml"],
            "--fix with - writes the fixed text to standard output, so - must be the only FILE",
        ),
        (
            &["validate", "--diff", "--format", "sarif", "a.yaml"],
            "--diff prints a unified diff, so it takes no --format \"sarif\"",
        ),
        (
            &["validate", "--fix=yes"],
            "unknown option --fix=yes (see k7-spec --help)",
        ),
    ] {
        assert_eq!(parse(words).unwrap_err(), message, "{words:?}");
    }
}

#[test]
fn the_text_report_marks_what_fix_repairs_and_counts_the_hidden_fixes() {
    let file = checked("k7.yaml", FIXABLE);
    let diagnostics = file.result.clone().unwrap();
    let (safe, hidden) = fixable(&diagnostics);
    assert!(safe >= 3 && hidden >= 1, "{diagnostics:#?}");
    let out = validate_report(std::slice::from_ref(&file), &[]);
    // [*] marks the findings with a safe fix, after their code, as Ruff marks them.
    for line in [
        "k7.yaml:4:5: warning[cidr-host-bits] [*] `10.0.0.5/8`",
        "k7.yaml:7:5: warning[duplicate-egress-entry] [*] ",
    ] {
        assert!(out.stdout.contains(line), "{}", out.stdout);
    }
    let marked = out.stdout.matches("] [*] ").count();
    assert_eq!(marked, safe, "{}", out.stdout);
    let s = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "es" });
    let last = format!(
        "[*] {safe} fixable with --fix ({} can be enabled with --unsafe-fixes)\n",
        s(hidden, "hidden fix")
    );
    assert!(
        out.stdout.ends_with(&format!("in 1 file\n{last}")),
        "{}",
        out.stdout
    );
    assert_eq!(out.status, 1);
    // --unsafe-fixes alone: the unsafe ones are fixable too, and marked.
    let out = validate_report(std::slice::from_ref(&file), &["--unsafe-fixes"]);
    assert_eq!(out.stdout.matches("] [*] ").count(), safe + hidden);
    let flags = "--fix --unsafe-fixes";
    assert!(
        out.stdout
            .ends_with(&format!("\n[*] {} fixable with {flags}\n", safe + hidden)),
        "{}",
        out.stdout
    );
    // Only unsafe fixes: none available without asking.
    let unsafe_only = checked(
        "u.yaml",
        "name: demo\nimage: alpine:3.20\negress_whitelist: [1.1.1.1/32]\n",
    );
    let (safe, hidden) = fixable(unsafe_only.result.as_ref().unwrap());
    if safe == 0 {
        let out = validate_report(&[unsafe_only], &[]);
        let line = format!(
            "\nNo fixes available ({} can be enabled with --unsafe-fixes)\n",
            s(hidden, "hidden fix")
        );
        assert!(out.stdout.ends_with(&line), "{}", out.stdout);
    }
    // --quiet: no summary, no fixes line; other formats: no mark.
    let out = validate_report(std::slice::from_ref(&file), &["-q"]);
    assert!(
        out.stdout
            .lines()
            .all(|l| l.starts_with("k7.yaml:") || l.starts_with("  help: "))
    );
    let out = validate_report(std::slice::from_ref(&file), &["--format", "github"]);
    assert!(!out.stdout.contains("[*]"));
    // render prints its findings unmarked: it fixes nothing.
    let rendered = run("render", FIXABLE, DataFormat::Text);
    assert!(
        rendered
            .stderr
            .contains("warning[cidr-host-bits] `10.0.0.5/8`"),
        "{}",
        rendered.stderr
    );
}

#[test]
fn fix_reports_on_the_fixed_text_and_what_was_applied() {
    let fixed = fixing("k7.yaml", FIXABLE, false);
    let text = fixed.fix.as_ref().unwrap().text.clone();
    // The byte order mark and the CRLF line ends survive; the duplicates and host bits are gone.
    assert_eq!(
        text,
        "\u{feff}name: demo\r\nimage: alpine:3.20\r\negress_whitelist:\r\n  - 10.0.0.0/8\r\n  - 1.1.1.1/32\r\n"
    );
    let applied = fixed.fix.as_ref().unwrap().applied;
    let clean = checked(
        "clean.yaml",
        "name: demo\nimage: alpine:3.20\negress_whitelist: [pypi.org]\n",
    );
    let unchanged = fixing(
        "clean.yaml",
        "name: demo\nimage: alpine:3.20\negress_whitelist: [pypi.org]\n",
        false,
    );
    assert!(
        clean
            .result
            .as_ref()
            .unwrap()
            .iter()
            .all(|d| d.fixes.is_empty())
    );
    let out = validate_report(&[fixed.clone(), unchanged.clone()], &["--fix"]);
    // The report is the fixed text's: its findings where they now are.
    let remaining = fixed.result.as_ref().unwrap();
    let hidden = fixable(remaining).1;
    assert!(
        out.stdout
            .contains("k7.yaml:5:5: warning[public-dns-resolver] `1.1.1.1/32`"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("cidr-host-bits") && !out.stdout.contains("duplicate-egress-entry")
    );
    let line = format!(
        "\nApplied {applied} fixes to 1 file ({hidden} hidden fix{} can be enabled with --unsafe-fixes)\n",
        if hidden == 1 { "" } else { "es" }
    );
    assert!(out.stdout.ends_with(&line), "{}", out.stdout);
    assert_eq!((out.stderr.as_str(), out.status), ("", 1));
    // Nothing to fix: said so; the status is the gate's.
    let out = validate_report(std::slice::from_ref(&unchanged), &["--fix"]);
    assert!(
        out.stdout.ends_with("All specs passed\nNo fixes applied\n"),
        "{}",
        out.stdout
    );
    assert_eq!(out.status, 0);
    // --unsafe-fixes too: nothing is left.
    let all = fixing("k7.yaml", FIXABLE, true);
    let out = validate_report(std::slice::from_ref(&all), &["--fix", "--unsafe-fixes"]);
    let left: Vec<&Diagnostic> = all
        .result
        .as_ref()
        .unwrap()
        .iter()
        .filter(|d| !d.fixes.is_empty())
        .collect();
    assert!(left.is_empty(), "{left:#?}");
    assert!(
        out.stdout.contains(&format!(
            "\nApplied {} fixes to 1 file\n",
            all.fix.as_ref().unwrap().applied
        )),
        "{}",
        out.stdout
    );
    // Standard input: the fixed text on stdout, as a formatter prints it; the report on stderr.
    let stdin = fixing("<stdin>", FIXABLE, false);
    for format in ["text", "json"] {
        let out = validate_report(
            std::slice::from_ref(&stdin),
            &["--fix", "--format", format, "-"],
        );
        assert_eq!(out.stdout, text);
        let report = validate_report(std::slice::from_ref(&stdin), &["--fix", "--format", format]);
        assert_eq!(out.stderr, report.stdout);
        assert_eq!(out.status, 1);
    }
    // Standard input that cannot be read: nothing on stdout, the report and why on stderr.
    let unreadable = Checked {
        file: "<stdin>".into(),
        fail_on: Severity::Warning,
        result: Err("invalid UTF-8 at line 1, column 7 (byte offset 6)".into()),
        fix: None,
    };
    let out = validate_report(&[unreadable], &["--fix", "-"]);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.starts_with("1 file could not be read\nNo fixes applied\nk7-spec: cannot read <stdin>: invalid UTF-8"), "{}", out.stderr);
    assert_eq!(out.status, 2);
    // A file that cannot be written: one line on stderr, exit 2.
    let mut unwritable = fixed.clone();
    unwritable.fix.as_mut().unwrap().error = Some("EROFS: read-only file system, open 'x'".into());
    let out = validate_report(&[unwritable], &["--fix"]);
    assert_eq!(
        out.stderr,
        "k7-spec: cannot write k7.yaml: EROFS: read-only file system, open 'x'\n"
    );
    assert_eq!(out.status, 2);
}

/// The unified diff `report` prints with `--diff` for a file whose fixes turn `old` into `new`.
fn diff(old: &str, new: &str) -> String {
    let file = Checked {
        file: "specs/k7.yaml".to_owned(),
        fail_on: Severity::Warning,
        result: Ok(Vec::new()),
        fix: Some(FileFix {
            source: old.to_owned(),
            text: new.to_owned(),
            applied: 1,
            error: None,
        }),
    };
    validate_report(&[file], &["--diff"]).stdout
}

/// A fresh directory for an outside tool's files.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("k7-output-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("specs")).unwrap();
    dir
}

/// What GNU diff prints for the same change (`diff -u` with git's names as labels).
fn gnu_diff(dir: &std::path::Path, old: &str, new: &str) -> String {
    std::fs::write(dir.join("old"), old).unwrap();
    std::fs::write(dir.join("new"), new).unwrap();
    let out = std::process::Command::new("diff")
        .args([
            "-u",
            "--label",
            "a/specs/k7.yaml",
            "--label",
            "b/specs/k7.yaml",
            "old",
            "new",
        ])
        .current_dir(dir)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// `old` with the diff applied by GNU patch (`patch -p1`, as `git apply` takes it).
fn patched(dir: &std::path::Path, old: &str, diff: &str) -> String {
    let file = dir.join("specs/k7.yaml");
    std::fs::write(&file, old).unwrap();
    std::fs::write(dir.join("fix.diff"), diff).unwrap();
    let out = std::process::Command::new("patch")
        .args(["-s", "-p1", "--binary", "-i", "fix.diff"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}\n{diff}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(file).unwrap()
}

#[test]
fn diff_prints_what_gnu_diff_prints() {
    let dir = scratch("gnu");
    let lines = |n: usize, end: &str| {
        (1..=n)
            .map(|i| format!("  - host{i}.example.com{end}"))
            .collect::<String>()
    };
    let long = lines(20, "\n");
    let cases = [
        // One change in the middle: 3 lines of context each side.
        (long.clone(), long.replace("host10.", "HOST10.")),
        // The first line and the last.
        (
            long.clone(),
            long.replace("host1.", "X.").replace("host20.", "Y."),
        ),
        // Two changes 7 lines apart are two hunks; 6 apart, one.
        (
            long.clone(),
            long.replace("host5.", "A.").replace("host13.", "B."),
        ),
        (
            long.clone(),
            long.replace("host5.", "A.").replace("host12.", "B."),
        ),
        // Only removed, only added (at the start: `-0,0`).
        (long.clone(), long.replace("  - host7.example.com\n", "")),
        (long.clone(), format!("name: demo\n{long}")),
        // No newline at the end, before or after.
        (format!("{long}  - last"), format!("{long}  - LAST")),
        (long.clone(), format!("{long}  - last")),
        (format!("{long}  - last"), long.clone()),
        // CRLF line ends and a byte order mark are kept, as bytes.
        (
            format!("\u{feff}a: 1\r\n{}", lines(5, "\r\n")),
            format!("\u{feff}a: 2\r\n{}", lines(5, "\r\n")),
        ),
        // From nothing, and to nothing.
        (String::new(), "name: demo\n".to_owned()),
        ("name: demo\n".to_owned(), String::new()),
    ];
    for (old, new) in &cases {
        assert_eq!(
            diff(old, new),
            gnu_diff(&dir, old, new),
            "{old:?} -> {new:?}"
        );
        assert_eq!(&patched(&dir, old, &diff(old, new)), new);
    }
    assert_eq!(diff(&long, &long), "");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn patch_applies_the_diff_of_every_fixture_and_of_random_changes() {
    let dir = scratch("patch");
    let mut changed = 0;
    for entry in std::fs::read_dir("tests/fixtures").unwrap() {
        let path = entry.unwrap().path();
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        for unsafe_fixes in [false, true] {
            let fixed = fix(&source, &RenderOptions::default(), unsafe_fixes);
            let diff = diff(&source, &fixed.text);
            assert_eq!(diff.is_empty(), fixed.text == source);
            if !diff.is_empty() {
                changed += 1;
                assert_eq!(
                    patched(&dir, &source, &diff),
                    fixed.text,
                    "{}",
                    path.display()
                );
            }
        }
    }
    assert!(changed >= 4, "{changed} fixtures changed");
    // Random changes of lines drawn from a few (so that they repeat), and one past the search's
    // limit (every line differs), which is one replacement.
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    for _ in 0..150 {
        let mut text = |len: u64| -> String {
            (0..next(len))
                .map(|_| format!("- {}\n", ["a", "b", "c", "d"][next(4) as usize]))
                .collect()
        };
        let (old, mut new) = (text(30), text(30));
        if next(3) == 0 {
            new.push_str("- end");
        }
        assert_eq!(
            patched(&dir, &old, &diff(&old, &new)),
            new,
            "{old:?} -> {new:?}"
        );
    }
    let old: String = (0..3000).map(|i| format!("a{i}\n")).collect();
    let new: String = (0..3000).map(|i| format!("b{i}\n")).collect();
    assert_eq!(patched(&dir, &old, &diff(&old, &new)), new);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn diff_changes_nothing_and_exits_1_when_the_fixes_would_change_a_file() {
    let fixed = fixing("k7.yaml", FIXABLE, false);
    let applied = fixed.fix.as_ref().unwrap().applied;
    let clean = fixing(
        "clean.yaml",
        "name: demo\nimage: alpine:3.20\negress_whitelist: [pypi.org]\n",
        false,
    );
    let out = validate_report(&[fixed.clone(), clean.clone()], &["--diff"]);
    assert!(
        out.stdout
            .starts_with("--- a/k7.yaml\n+++ b/k7.yaml\n@@ -1,7 +1,5 @@\n"),
        "{}",
        out.stdout
    );
    assert_eq!(
        out.stdout.matches("\n--- a/").count(),
        0,
        "only k7.yaml changes"
    );
    let hidden = fixable(fixed.result.as_ref().unwrap()).1;
    assert_eq!(
        out.stderr,
        format!(
            "Would apply {applied} fixes to 1 file ({hidden} hidden fix{} can be enabled with --unsafe-fixes)\n",
            if hidden == 1 { "" } else { "es" }
        )
    );
    assert_eq!(out.status, 1);
    // Nothing to change: no diff, exit 0 whatever the findings.
    let out = validate_report(std::slice::from_ref(&clean), &["--diff"]);
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str(), out.status),
        ("", "No fixes to apply\n", 0)
    );
    let quiet = validate_report(std::slice::from_ref(&clean), &["--diff", "-q"]);
    assert_eq!(
        (quiet.stdout.as_str(), quiet.stderr.as_str(), quiet.status),
        ("", "", 0)
    );
    // --fix --diff is a diff: nothing is written; an unreadable file is exit 2.
    let both = validate_report(std::slice::from_ref(&fixed), &["--fix", "--diff"]);
    assert_eq!(
        both.stdout,
        validate_report(std::slice::from_ref(&fixed), &["--diff"]).stdout
    );
    let gone = Checked {
        file: "gone.yaml".into(),
        fail_on: Severity::Warning,
        result: Err("no such file".into()),
        fix: None,
    };
    let out = validate_report(&[fixed, gone], &["--diff"]);
    assert!(
        out.stderr
            .starts_with("k7-spec: cannot read gone.yaml: no such file\n")
    );
    assert_eq!(out.status, 2);
    // File names are escaped as the report escapes them: no forged line.
    let mut odd = clean.clone();
    odd.file = "a\nb".into();
    odd.fix.as_mut().unwrap().text.push_str("# x\n");
    assert!(
        validate_report(&[odd], &["--diff"])
            .stdout
            .starts_with("--- a/a\\nb\n+++ b/a\\nb\n")
    );
}

#[test]
fn sarif_results_carry_their_fixes_as_replacements() {
    let file = checked("k7.yaml", FIXABLE);
    let log: Value = serde_json::from_str(
        &validate_report(std::slice::from_ref(&file), &["--format", "sarif"]).stdout,
    )
    .unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let diagnostics = file.result.as_ref().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    for (result, d) in results.iter().zip(diagnostics) {
        let fixes = result["fixes"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        assert_eq!(fixes.len(), d.fixes.len(), "{}", d.code);
        for (sarif, fix) in fixes.iter().zip(&d.fixes) {
            assert_eq!(sarif["description"]["text"], fix.title.as_str());
            assert_eq!(
                sarif["properties"]["applicability"],
                serde_json::to_value(fix.applicability).unwrap()
            );
            let change = &sarif["artifactChanges"][0];
            assert_eq!(change["artifactLocation"]["uri"], "k7.yaml");
            let replacements = change["replacements"].as_array().unwrap();
            assert_eq!(replacements.len(), fix.edits.len());
            for (r, e) in replacements.iter().zip(&fix.edits) {
                let region = &r["deletedRegion"];
                let at = (
                    region["startLine"].as_u64(),
                    region["startColumn"].as_u64(),
                    region["endLine"].as_u64(),
                    region["endColumn"].as_u64(),
                );
                let span = e.span;
                assert_eq!(
                    at,
                    (
                        Some(span.start.line.into()),
                        Some(span.start.column.into()),
                        Some(span.end.line.into()),
                        Some(span.end.column.into())
                    )
                );
                assert_eq!(r["insertedContent"]["text"], e.text.as_str());
            }
        }
    }
    assert!(results.iter().any(|r| r["fixes"].is_array()));
}
