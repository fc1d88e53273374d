//! What the command line prints for `render`, `explain`, `schema` and a usage error
//! (`command_output`), which the npm CLI prints byte for byte (tests/wasm-package/cli.test.mjs).

use k7_spec::{
    Command, DataFormat, RenderOptions, Severity, SpecRequest, command_output, render, schema,
    to_yaml,
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
    assert!(help.stdout.ends_with(" 1 when the spec has an error.\n"));
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
