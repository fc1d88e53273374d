//! The pipeline: text → analysis (spec and diagnostics) → resolved sandbox → objects →
//! manifests, YAML and explanation, assembled into one [`Rendering`]. The only module that
//! knows every stage; each stage knows only the ones before it.

use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::explain::{self, Explanation};
use crate::options::RenderOptions;
use crate::render::{self, to_yaml};
use crate::sandbox::Sandbox;
use crate::spec::Spec;
use crate::validate::{self, Analysis};

/// What [`render`] returns: the diagnostics, and when there is no error the manifests, their
/// YAML and the explanation. Serialises exactly as the contract's `Rendering` (docs/api.md#data).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rendering {
    /// False when any diagnostic is an error; then nothing is rendered.
    pub ok: bool,
    /// Every diagnostic, sorted by position then code.
    pub diagnostics: Vec<Diagnostic>,
    /// The Kubernetes objects in apply order; empty when `!ok`.
    pub manifests: Vec<Value>,
    /// The manifests as one multi-document YAML stream; empty when `!ok`.
    pub yaml: String,
    /// The consequences in plain sentences; `None` when `!ok`.
    pub explanation: Option<Explanation>,
}

/// Renders a spec (YAML or JSON text) into the objects K7 applies, in apply order: the kql root
/// PVC, the ingress NetworkPolicy, the Pod or Deployment, the NodePort Service, then the egress
/// policy (last, as K7 applies it only after `before_script`). Never panics: a spec with an
/// error renders nothing and returns its diagnostics.
///
/// ```
/// use k7_spec::{render, RenderOptions};
///
/// let spec = "name: demo\nimage: alpine:3.20\negress_whitelist: [10.0.0.0/8]\n";
/// let rendering = render(spec, &RenderOptions::default());
/// assert!(rendering.ok);
/// let kinds: Vec<&str> = rendering.manifests.iter().map(|m| m["kind"].as_str().unwrap()).collect();
/// assert_eq!(kinds, ["NetworkPolicy", "Pod", "NetworkPolicy"]);
/// assert!(rendering.yaml.contains("cidr: 10.0.0.0/8"));
/// assert_eq!(rendering.explanation.unwrap().egress.ranges, ["10.0.0.0/8"]);
///
/// let broken = render("name: demo\n", &RenderOptions::default());
/// assert!(!broken.ok && broken.manifests.is_empty() && broken.yaml.is_empty());
/// assert!(broken.diagnostics.iter().any(|d| d.code == "missing-field"));
/// ```
pub fn render(source: &str, options: &RenderOptions) -> Rendering {
    render_spec(source, options).1
}

/// [`render`], with the typed spec it read (for the answers that point back at its entries).
pub(crate) fn render_spec(source: &str, options: &RenderOptions) -> (Option<Spec>, Rendering) {
    let Analysis {
        spec,
        mut diagnostics,
    } = validate::analyze_with(source, options);
    let has_error = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let Some(sandbox) = spec
        .as_ref()
        .filter(|_| !has_error)
        .and_then(Sandbox::resolve)
    else {
        return (spec, refused(diagnostics));
    };
    let objects = render::objects(&sandbox, options);
    let manifests = match render::manifests(&objects) {
        Ok(m) => m,
        Err(e) => {
            diagnostics.push(
                Diagnostic::new(
                    Code::InternalError,
                    "",
                    None,
                    format!("the manifests could not be serialised: {e}"),
                )
                .help("this is a bug in k7-spec: please report it with the spec"),
            );
            return (spec, refused(diagnostics));
        }
    };
    let yaml = to_yaml(&manifests);
    let explanation = explain::explain(&sandbox, &objects, &diagnostics);
    let rendering = Rendering {
        ok: true,
        diagnostics,
        manifests,
        yaml,
        explanation: Some(explanation),
    };
    (spec, rendering)
}

fn refused(diagnostics: Vec<Diagnostic>) -> Rendering {
    Rendering {
        ok: false,
        diagnostics,
        manifests: Vec::new(),
        yaml: String::new(),
        explanation: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::{Cni, Workload};

    /// The manifest views write exactly what k8s-openapi writes, for every fixture and golden
    /// spec (Docker, the sidecar, kql's persistence, ...) that renders, under every option: no
    /// field rendering sets is left out.
    #[test]
    fn manifest_views_equal_k8s_openapi_output() {
        let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
        let mut compared = 0;
        let specs = ["fixtures", "k7-golden"]
            .into_iter()
            .flat_map(|dir| std::fs::read_dir(tests.join(dir)).unwrap())
            .map(|entry| entry.unwrap().path())
            // Beside each golden spec, K7's own objects: no spec.
            .filter(|path| !path.to_string_lossy().ends_with(".k7.json"));
        for path in specs {
            let text = std::fs::read_to_string(path).unwrap();
            let Some(spec) = validate::analyze(&text).spec else {
                continue;
            };
            let Some(sandbox) = Sandbox::resolve(&spec) else {
                continue;
            };
            for cni in [Cni::Cilium, Cni::Flannel] {
                for workload in [Workload::Pod, Workload::Deployment] {
                    for object in render::objects(
                        &sandbox,
                        &RenderOptions {
                            cni,
                            workload,
                            ..RenderOptions::default()
                        },
                    ) {
                        assert_eq!(
                            object.to_value().unwrap(),
                            object.to_value_by_k8s_openapi().unwrap()
                        );
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 200, "only {compared} objects compared");
    }
}
