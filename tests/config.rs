//! The `.k7-spec.yaml` config file: what it sets for each spec path, and every way it can be
//! wrong, each with the line and column (UTF-16, as editors count) and a message that says how
//! to fix it.

use k7_spec::{Cni, Code, Config, Settings, Severity, Workload};
use proptest::prelude::*;

const FULL: &str = "\
# The repository's defaults.
fail-on: info
cni: flannel
ignore:
  - egress-open
  - code: public-exposure
    reason: the demo is public on purpose
overrides:
  - files: [\"demos/**\", \"**/*.demo.k7.yaml\"]
    fail-on: error
    ignore:
      - code: public-exposure
        reason: demos only
      - dns-blocked
  - files: demos/legacy/**
    workload: deployment
    cni: cilium
";

/// The codes an entry of `ignore` gives, with their reasons.
fn ignored(settings: &Settings) -> Vec<(String, Option<String>)> {
    settings
        .ignore
        .iter()
        .map(|i| (i.code.to_string(), i.reason.clone()))
        .collect()
}

#[test]
fn settings_apply_the_top_level_then_each_matching_override_in_order() {
    let config = Config::parse(FULL).unwrap();
    let top = config.settings_for("k7.yaml");
    assert_eq!(
        (top.fail_on, top.cni, top.workload),
        (Severity::Info, Cni::Flannel, Workload::Pod)
    );
    assert_eq!(
        ignored(&top),
        [
            ("egress-open".into(), None),
            (
                "public-exposure".into(),
                Some("the demo is public on purpose".into())
            ),
        ]
    );

    // One override: its fail-on, its ignore added (a code given again takes the later reason).
    for path in ["demos/web.k7.yaml", "demos/a/b/k7.yaml", "x/y.demo.k7.yaml"] {
        let demo = config.settings_for(path);
        assert_eq!(
            (demo.fail_on, demo.cni),
            (Severity::Error, Cni::Flannel),
            "{path}"
        );
        assert_eq!(
            ignored(&demo),
            [
                ("egress-open".into(), None),
                ("public-exposure".into(), Some("demos only".into())),
                ("dns-blocked".into(), None),
            ],
            "{path}"
        );
    }

    // Both overrides: the later one wins where they disagree.
    let legacy = config.settings_for("demos/legacy/k7.yaml");
    assert_eq!(
        (legacy.fail_on, legacy.cni, legacy.workload),
        (Severity::Error, Cni::Cilium, Workload::Deployment)
    );
    assert_eq!(legacy.ignore.len(), 3);

    // Globs match the whole path: `demos/**` is not `x/demos/...`; a leading `./` is ignored.
    assert_eq!(
        config.settings_for("x/demos/k7.yaml").fail_on,
        Severity::Info
    );
    assert_eq!(
        config.settings_for("./demos/k7.yaml").fail_on,
        Severity::Error
    );
}

#[test]
fn the_options_are_the_settings_cluster_and_ignores() {
    let settings = Config::parse(FULL)
        .unwrap()
        .settings_for("demos/legacy/k7.yaml");
    let options = settings.options();
    assert_eq!(
        (options.cni, options.workload),
        (Cni::Cilium, Workload::Deployment)
    );
    assert_eq!(options.ignore, settings.ignore);
    // The ignores suppress findings as the option does: `egress-open` on a spec without a
    // whitelist is kept, marked suppressed.
    let diagnostics = k7_spec::validate_with("name: demo\nimage: alpine:3.20\n", &options);
    let open = diagnostics
        .iter()
        .find(|d| d.code == "egress-open")
        .unwrap();
    assert!(open.suppressed.is_some());
}

#[test]
fn an_empty_file_is_the_defaults() {
    for text in ["", "# nothing yet\n", "---\n", "~\n", "\u{feff}"] {
        let settings = Config::parse(text).unwrap().settings_for("k7.yaml");
        assert_eq!(settings, Settings::default(), "{text:?}");
        assert_eq!(
            (settings.fail_on, settings.cni, settings.workload),
            (Severity::Warning, Cni::Cilium, Workload::Pod)
        );
    }
}

#[test]
fn every_mistake_is_one_error_with_its_position_and_a_fix() {
    let cases: &[(&str, &str)] = &[
        // Keys.
        (
            "fail_on: error\n",
            "1:1: unknown key `fail_on`; did you mean `fail-on`?",
        ),
        (
            "cni: cilium\nwhatever: 1\n",
            "2:1: unknown key `whatever`; the keys here are fail-on, cni, workload, ignore, overrides",
        ),
        (
            "overrides:\n  - files: [a]\n    ignores: []\n",
            "3:5: unknown key `ignores`; did you mean `ignore`?",
        ),
        (
            "overrides:\n  - files: [a]\n    overrides: []\n",
            "3:5: unknown key `overrides`; the keys here are files, fail-on, cni, workload, ignore",
        ),
        // Values.
        (
            "fail-on: warnings\n",
            "1:10: `fail-on` cannot be `warnings`; did you mean `warning`?",
        ),
        (
            "fail-on: warn\n",
            "1:10: `fail-on` cannot be `warn`; write one of error, warning, info",
        ),
        (
            "cni: calico\n",
            "1:6: `cni` cannot be `calico`; write one of cilium, flannel",
        ),
        (
            "workload: 1\n",
            "1:11: `workload` must be a string; write one of pod, deployment",
        ),
        (
            "fail-on: [error]\n",
            "1:10: `fail-on` must be a string; write one of error, warning, info",
        ),
        // ignore.
        ("ignore: egress-open\n", "1:9: `ignore` must be a list"),
        (
            "ignore: [egress-opn]\n",
            "1:10: no code `egress-opn`: did you mean `egress-open`?",
        ),
        (
            "ignore:\n  - invalid-port\n",
            "2:5: `invalid-port` is an error, and errors cannot be ignored: K7 refuses the spec or it cannot mean what it says",
        ),
        (
            "ignore:\n  - reason: why\n",
            "2:5: this `ignore` entry has no `code`; write `{code: egress-open, reason: why}`",
        ),
        (
            "ignore:\n  - {code: egress-open, why: demo}\n",
            "2:25: unknown key `why`; the keys here are code, reason",
        ),
        (
            "ignore:\n  - {code: egress-open, reason: 1}\n",
            "2:33: `reason` must be a string",
        ),
        (
            "ignore: [null]\n",
            "1:10: a code to ignore must be a string",
        ),
        // overrides.
        ("overrides: {}\n", "1:12: `overrides` must be a list"),
        (
            "overrides: [demos]\n",
            "1:13: an override must be a mapping of keys",
        ),
        (
            "overrides:\n  - fail-on: error\n",
            "2:5: this override has no `files`; add `files: [\"dir/**\"]`: the globs of the specs it applies to",
        ),
        (
            "overrides:\n  - files: []\n",
            "2:12: `files` is empty: this override applies to no file",
        ),
        (
            "overrides:\n  - files: [\"a[b\"]\n",
            "2:13: invalid glob: it has a `[` without its `]`; escape a literal `[`, `*`, `?` or `\\` with `\\`",
        ),
        (
            "overrides:\n  - files: [1]\n",
            "2:13: a glob must be a string",
        ),
        // The YAML itself, read as a spec is.
        (
            "overrides:\n  - files: [*.k7.yaml]\n",
            "2:13: invalid YAML: while parsing node, found unknown anchor; a glob that starts with `*` must be quoted: \"*.k7.yaml\"",
        ),
        (
            "cni: cilium\ncni: flannel\n",
            "2:1: the key `cni` appears twice in this mapping (first on line 1); keep one of them: K7 would silently use the last one",
        ),
        ("- a\n", "1:1: the config must be a mapping of keys"),
        (
            "a: !!binary x\n",
            "1:4: the tag `!!binary` is not allowed in a spec; remove the tag: a spec holds only plain strings, numbers, booleans, lists and mappings",
        ),
    ];
    let mut wrong = Vec::new();
    for (text, expected) in cases {
        match Config::parse(text) {
            Ok(_) => wrong.push(format!("{text:?}: accepted")),
            Err(e) if e.to_string() != *expected => {
                wrong.push(format!("{text:?}:\n  got      {e}\n  expected {expected}"))
            }
            Err(_) => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn columns_count_utf16_units_as_editors_do() {
    // "😀" takes two UTF-16 code units: `cnii` starts at unit 22 of its line.
    let error = Config::parse("overrides:\n  - {files: \"😀/**\", cnii: x}\n").unwrap_err();
    assert_eq!((error.span.start.line, error.span.start.column), (2, 22));
    assert_eq!(error.span.end.column, 26);
    assert_eq!(error.help.as_deref(), Some("did you mean `cni`?"));
}

#[test]
fn every_code_but_errors_can_be_ignored() {
    for code in Code::ALL {
        let text = format!("ignore: [{code}]\n");
        let result = Config::parse(&text);
        assert_eq!(
            result.is_ok(),
            code.severity() != Severity::Error,
            "{code}: {:?}",
            result.err()
        );
    }
}

#[test]
fn the_config_has_the_spec_readers_limits() {
    let text = format!("# {}\n", "x".repeat(1 << 20));
    let error = Config::parse(&text).unwrap_err();
    assert!(
        error
            .message
            .contains("more than the limit of 1048576 bytes"),
        "{error}"
    );
    let deep = format!("ignore: {}{}\n", "[".repeat(100), "]".repeat(100));
    assert!(
        Config::parse(&deep)
            .unwrap_err()
            .message
            .contains("nested more than 64 levels")
    );
}

proptest! {
    #[test]
    fn nothing_panics(text in "(fail-on|cni|ignore|overrides|files|code|reason|[-:\\[\\]{}\"*, \n]|  |error|a/\\*\\*|egress-open|\\PC){0,80}", path in "\\PC{0,20}") {
        if let Ok(config) = Config::parse(&text) {
            let _ = config.settings_for(&path);
        }
    }
}
