//! The objects whose content K7 supplies at create time (docs/semantics.md#deviations): the
//! ConfigMaps holding K7's own scripts, and the env Secret K7 builds from the `env_file` on its
//! host. They are rendered with K7's names, keys and references; their content is marked, never
//! invented.

use k8s_openapi::api::core::v1::{ConfigMap, ConfigMapVolumeSource, Secret, Volume};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::Sandbox;
use super::parts::{map, meta};

/// The annotation on an object whose content K7 supplies; its value names the field K7 fills.
pub(crate) const SUPPLIED_BY_K7: &str = "k7-spec/supplied-by-k7";
/// The value of each key of a ConfigMap of K7's scripts.
pub(crate) const SUPPLIED_PLACEHOLDER: &str = "<supplied by K7 at create time>";
/// The env Secret's name suffix: `<name>-env`.
pub(super) const ENV_SECRET_SUFFIX: &str = "-env";
/// The mode K7 mounts its scripts with (0755).
const SCRIPT_MODE: i32 = 0o755;

/// `<name><suffix>`, marked as filled by K7 in `field`.
fn supplied_meta(s: &Sandbox, suffix: &str, field: &str) -> ObjectMeta {
    ObjectMeta {
        annotations: Some(map(&[(SUPPLIED_BY_K7, field)])),
        ..meta(s, suffix)
    }
}

/// The ConfigMap `<name><suffix>` into which K7 writes its scripts, one per key.
pub(super) fn scripts(s: &Sandbox, suffix: &str, keys: &[&str]) -> ConfigMap {
    ConfigMap {
        metadata: supplied_meta(s, suffix, "data"),
        data: Some(map(&keys
            .iter()
            .map(|k| (*k, SUPPLIED_PLACEHOLDER))
            .collect::<Vec<_>>())),
        ..Default::default()
    }
}

/// The volume `name` that mounts the scripts of ConfigMap `<name><suffix>`, executable.
pub(super) fn scripts_volume(s: &Sandbox, name: &str, suffix: &str) -> Volume {
    Volume {
        name: name.into(),
        config_map: Some(ConfigMapVolumeSource {
            name: format!("{}{suffix}", s.name),
            default_mode: Some(SCRIPT_MODE),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The Secret `<name>-env` the sandbox takes its environment from, when `env_file` is set: K7
/// parses the file on its host into `stringData`.
pub(super) fn env_secret(s: &Sandbox) -> Option<Secret> {
    s.env_file.then(|| Secret {
        metadata: supplied_meta(s, ENV_SECRET_SUFFIX, "stringData"),
        ..Default::default()
    })
}
