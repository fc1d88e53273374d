//! Renders specs to YAML.
//!
//! `cargo run --example render -- [--cni cilium|flannel] [--workload pod|deployment] FILE`
//! prints the manifests of one spec (diagnostics on stderr, exit 1 on error);
//! `cargo run --example render -- --fixtures DIR` writes `DIR/<fixture>.yaml` and
//! `DIR/<fixture>.json` for every fixture of `tests/fixtures` that renders, with the options of
//! its `# render:` line, and every K7 golden spec of `tests/k7-golden` that renders, as K7's
//! Deployment under both CNIs (what `scripts/check-manifests.sh` checks).

use std::path::Path;
use std::process::ExitCode;

use k7_spec::{Cni, RenderOptions, Workload, render};

/// The options of a fixture's `# render: cni=flannel workload=deployment` line.
fn fixture_options(text: &str) -> Result<RenderOptions, String> {
    let mut options = RenderOptions::default();
    let words = text
        .lines()
        .filter_map(|l| l.strip_prefix("# render:"))
        .flat_map(str::split_whitespace);
    for word in words {
        options = apply(options, word)?;
    }
    Ok(options)
}

fn apply(mut options: RenderOptions, setting: &str) -> Result<RenderOptions, String> {
    match setting {
        "cni=cilium" => options.cni = Cni::Cilium,
        "cni=flannel" => options.cni = Cni::Flannel,
        "workload=pod" => options.workload = Workload::Pod,
        "workload=deployment" => options.workload = Workload::Deployment,
        other => return Err(format!("unknown render option `{other}`")),
    }
    Ok(options)
}

/// The `.yaml` and `.json` specs of `tests/<dir>`, sorted.
fn specs(dir: &str) -> Result<Vec<std::path::PathBuf>, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(dir);
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    entries.sort();
    Ok(entries)
}

/// Writes `<name>.yaml` and `<name>.json` of a rendering into `out`; false when it has an error.
fn write(out: &Path, name: &str, text: &str, options: &RenderOptions) -> Result<bool, String> {
    let rendering = render(text, options);
    if !rendering.ok {
        return Ok(false);
    }
    let json = serde_json::to_string_pretty(&rendering.manifests).map_err(|e| e.to_string())?;
    for (ext, body) in [("yaml", rendering.yaml), ("json", json)] {
        let file = out.join(format!("{name}.{ext}"));
        std::fs::write(&file, body).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    Ok(true)
}

/// Every fixture with its own options, and every K7 golden spec as K7's Deployment under both
/// CNIs (`golden--<spec>--<cni>`).
fn write_fixtures(out: &Path) -> Result<usize, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let read =
        |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    let stem = |path: &Path| {
        path.file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("spec")
            .to_owned()
    };
    let mut written = 0;
    for path in specs("fixtures")? {
        let text = read(&path)?;
        written += usize::from(write(out, &stem(&path), &text, &fixture_options(&text)?)?);
    }
    for path in specs("k7-golden")? {
        let text = read(&path)?;
        for (cni, name) in [(Cni::Cilium, "cilium"), (Cni::Flannel, "flannel")] {
            let options = RenderOptions {
                cni,
                workload: Workload::Deployment,
                ..RenderOptions::default()
            };
            let file = format!("golden--{}--{name}", stem(&path));
            written += usize::from(write(out, &file, &text, &options)?);
        }
    }
    Ok(written)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, dir] = args.as_slice()
        && flag == "--fixtures"
    {
        return match write_fixtures(Path::new(dir)) {
            Ok(n) => {
                eprintln!("rendered {n} specs into {dir}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("render: {e}");
                ExitCode::from(2)
            }
        };
    }
    let mut options = RenderOptions::default();
    let mut file = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let setting = match arg.as_str() {
            "--cni" => rest.next().map(|v| format!("cni={v}")),
            "--workload" => rest.next().map(|v| format!("workload={v}")),
            _ => {
                file = Some(arg.clone());
                continue;
            }
        };
        match setting.map(|s| apply(options, &s)) {
            Some(Ok(o)) => options = o,
            Some(Err(e)) => {
                eprintln!("render: {e}");
                return ExitCode::from(2);
            }
            None => {
                eprintln!("render: {arg} needs a value");
                return ExitCode::from(2);
            }
        }
    }
    let Some(file) = file else {
        eprintln!(
            "usage: render [--cni cilium|flannel] [--workload pod|deployment] FILE | --fixtures DIR"
        );
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("render: {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let rendering = render(&text, &options);
    for d in &rendering.diagnostics {
        let at = d.span.map_or(String::new(), |s| {
            format!("{}:{}:", s.start.line, s.start.column)
        });
        eprintln!("{file}:{at} {:?}[{}] {}", d.severity, d.code, d.message);
    }
    print!("{}", rendering.yaml);
    if rendering.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
