//! The four sandbox backends of K7, and `backend` as written.

use super::read::FromText;

/// The four sandbox backends of K7.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// `kata-firecracker-devmapper`, alias `kfd`: the platform default.
    Kfd,
    /// `kata-qemu-longhorn`, alias `kql`: persistent root disk.
    Kql,
    /// `k7d`, alias `k7`.
    K7d,
    /// `k7d-fc`, alias `k7-fc`.
    K7dFc,
}

/// Every accepted spelling of a backend: (name, backend, deprecated).
pub const BACKEND_NAMES: &[(&str, Backend, bool)] = &[
    ("kata-firecracker-devmapper", Backend::Kfd, false),
    ("kfd", Backend::Kfd, false),
    ("kata-qemu-longhorn", Backend::Kql, false),
    ("kql", Backend::Kql, false),
    ("k7d", Backend::K7d, false),
    ("k7", Backend::K7d, false),
    ("k7d-fc", Backend::K7dFc, false),
    ("k7-fc", Backend::K7dFc, false),
    ("fd", Backend::Kfd, true),
    ("firecracker-devmapper", Backend::Kfd, true),
    ("ql", Backend::Kql, true),
    ("qemu-longhorn", Backend::Kql, true),
];

impl Backend {
    /// The backend named `name`, and whether that name is a deprecated alias.
    pub fn parse(name: &str) -> Option<(Backend, bool)> {
        BACKEND_NAMES
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|&(_, b, deprecated)| (b, deprecated))
    }

    /// The canonical name, as K7 writes it in the backend annotation and node selector.
    pub fn canonical(self) -> &'static str {
        match self {
            Backend::Kfd => "kata-firecracker-devmapper",
            Backend::Kql => "kata-qemu-longhorn",
            Backend::K7d => "k7d",
            Backend::K7dFc => "k7d-fc",
        }
    }

    /// The runtime class K7 uses when the spec gives none.
    pub fn default_runtime_class(self) -> &'static str {
        match self {
            Backend::Kfd => "kata",
            Backend::Kql => "kata-qemu",
            Backend::K7d => "k7",
            Backend::K7dFc => "k7-fc",
        }
    }

    /// Whether the backend runs a Kata Containers VM (memory is sized through an annotation).
    pub fn is_kata(self) -> bool {
        matches!(self, Backend::Kfd | Backend::Kql)
    }
}

/// `backend` as written: the backend it names and whether that name is a deprecated alias,
/// or `None` when it names no backend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackendName {
    /// The text as written.
    pub text: String,
    /// The backend and whether the name is deprecated; `None` for an unknown name.
    pub backend: Option<(Backend, bool)>,
}

impl FromText for BackendName {
    fn from_text(text: &str) -> Self {
        BackendName {
            text: text.to_owned(),
            backend: Backend::parse(text),
        }
    }
}
