//! The resolved sandbox: a spec without errors, with every default applied, every entry
//! normalised and de-duplicated, and the facts the explanation needs as typed fields. Render
//! and explain read only this; they never look at the spec's text or its diagnostics to decide.

use std::collections::HashSet;

use ipnet::IpNet;

use crate::spec::{Backend, Entry, List, Source, Spanned, Spec, canonical};

/// The egress whitelist, classified, normalised and without duplicates.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Whitelist {
    /// The ranges, host bits zeroed, in the order first written (an IPv4-mapped range repeats
    /// its IPv4 form).
    pub ranges: Vec<IpNet>,
    /// The DNS names, lowercased (wildcards keep their `*.`), in the order first written.
    pub names: Vec<String>,
    /// A range is `0.0.0.0/0` or `::/0`: every address stays reachable.
    pub allows_all: bool,
    /// Names resolve outside the cluster DNS: every address is allowed, a range holds a public
    /// resolver, or a name is a public DNS-over-HTTPS service.
    pub public_dns: bool,
}

impl Whitelist {
    fn new<'a>(entries: impl Iterator<Item = &'a Entry>) -> Whitelist {
        let mut w = Whitelist::default();
        // Sets keep deduplication linear for long whitelists.
        let mut seen_ranges = HashSet::new();
        let mut seen_names = HashSet::new();
        for entry in entries {
            w.allows_all |= entry.allows_all();
            w.public_dns |= entry.resolver().is_some() || entry.doh().is_some();
            match entry {
                Entry::Range { net, .. } if seen_ranges.insert(canonical(*net)) => {
                    w.ranges.push(*net)
                }
                Entry::Name(n) if seen_names.insert(n.as_str()) => w.names.push(n.clone()),
                _ => {}
            }
        }
        w.public_dns |= w.allows_all;
        w
    }
}

/// A valid spec with every default applied: what the renderers and the explanation read.
#[derive(Debug)]
pub(crate) struct Sandbox {
    pub name: String,
    pub namespace: String,
    pub image: String,
    pub backend: Backend,
    pub runtime_class: String,
    /// `(resource, quantity)` in source order.
    pub limits: Vec<(String, String)>,
    pub env_file: bool,
    /// `None`: no whitelist, egress open.
    pub egress: Option<Whitelist>,
    pub before_script: bool,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    pub pod_non_root: bool,
    pub container_non_root: bool,
    /// `None`: the default, drop ALL.
    pub cap_drop: Option<Vec<String>>,
    pub cap_add: Vec<String>,
    /// Without duplicates, in source order.
    pub ingress_ports: Vec<i32>,
    pub ingress_from: Vec<Source>,
    pub expose_ports: Vec<i32>,
    pub node_name: Option<String>,
    pub docker: bool,
    pub docker_disk: Option<String>,
    pub sidecar: bool,
    pub root_disk_size: String,
}

fn text(field: &Option<Spanned<String>>) -> Option<String> {
    field.as_ref().map(|v| v.value.clone())
}

fn strings(field: &Option<List<String>>) -> Vec<String> {
    field
        .iter()
        .flat_map(|l| l.value.iter().map(|v| v.value.clone()))
        .collect()
}

/// Capability names as K7 passes them on: trimmed, upper-case, each once.
fn capabilities(field: &Option<List<String>>) -> Vec<String> {
    let mut seen = HashSet::new();
    strings(field)
        .into_iter()
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| seen.insert(c.clone()))
        .collect()
}

/// The valid ports, each once, in source order.
fn ports(field: &Option<List<i64>>) -> Vec<i32> {
    let mut seen = HashSet::new();
    field
        .iter()
        .flat_map(|l| l.value.iter())
        .filter_map(|p| i32::try_from(p.value).ok())
        .filter(|p| (1..=65535).contains(p) && seen.insert(*p))
        .collect()
}

impl Sandbox {
    /// Resolves a spec that has no error diagnostic; `None` if a required field is missing
    /// after all (which the validator reports, so this does not happen).
    pub(crate) fn resolve(spec: &Spec) -> Option<Sandbox> {
        let backend = spec.backend();
        let egress = spec
            .egress_whitelist
            .as_ref()
            .map(|list| Whitelist::new(list.value.iter().map(|item| &item.value.entry)));
        let mut ingress_from: Vec<Source> = Vec::new();
        let mut seen = HashSet::new();
        for item in spec.ingress_from.iter().flat_map(|l| l.value.iter()) {
            if let Ok(source) = &item.value.source
                && seen.insert(source)
            {
                ingress_from.push(source.clone());
            }
        }
        Some(Sandbox {
            name: text(&spec.name)?,
            namespace: text(&spec.namespace).unwrap_or_else(|| "default".into()),
            image: text(&spec.image)?,
            backend,
            runtime_class: text(&spec.runtime_class_name)
                .unwrap_or_else(|| backend.default_runtime_class().into()),
            limits: spec
                .limits
                .iter()
                .flat_map(|l| l.value.iter())
                .map(|l| (l.key.value.clone(), l.value.value.text.clone()))
                .collect(),
            env_file: spec.env_file.is_some(),
            egress,
            before_script: spec
                .before_script
                .as_ref()
                .is_some_and(|s| !s.value.text.is_empty()),
            entrypoint: strings(&spec.entrypoint),
            cmd: strings(&spec.cmd),
            pod_non_root: Spec::flag(&spec.pod_non_root),
            container_non_root: Spec::flag(&spec.container_non_root),
            cap_drop: spec.cap_drop.as_ref().map(|_| capabilities(&spec.cap_drop)),
            cap_add: capabilities(&spec.cap_add),
            ingress_ports: ports(&spec.ingress_ports),
            ingress_from,
            expose_ports: ports(&spec.expose_ports),
            node_name: text(&spec.node_name),
            docker: Spec::flag(&spec.docker),
            docker_disk: spec.docker_disk.as_ref().map(|d| d.value.text.clone()),
            sidecar: spec.sidecar.as_ref().is_some_and(|s| s.value == "docker"),
            root_disk_size: spec
                .root_disk_size
                .as_ref()
                .map_or_else(|| "10Gi".into(), |d| d.value.text.clone()),
        })
    }

    /// Whether the kql persistence wrapper is on: kql with its own runtime class `kata-qemu`.
    pub(crate) fn persistent(&self) -> bool {
        self.backend == Backend::Kql && self.runtime_class == "kata-qemu"
    }

    /// Whether Docker runs as the `docker-vehicle` container (kfd, kql) rather than inside
    /// the k7d VM (annotations only).
    pub(crate) fn docker_vehicle(&self) -> bool {
        self.docker && self.backend.is_kata()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::classify;

    fn whitelist(entries: &[&str]) -> Whitelist {
        let entries: Vec<Entry> = entries.iter().map(|e| classify(e)).collect();
        Whitelist::new(entries.iter())
    }

    #[test]
    fn whitelist_is_normalised_once_with_its_dns_facts() {
        let w = whitelist(&["10.0.0.5/8", "10.0.0.0/8", "PyPI.org", "pypi.org"]);
        assert_eq!(w.ranges, ["10.0.0.0/8".parse::<IpNet>().unwrap()]);
        assert_eq!(w.names, ["pypi.org"]);
        assert!(!w.allows_all && !w.public_dns);
        assert!(whitelist(&["8.8.0.0/16"]).public_dns);
        assert!(whitelist(&["dns.google"]).public_dns);
        let all = whitelist(&["::/0"]);
        assert!(all.allows_all && all.public_dns);
    }
}
