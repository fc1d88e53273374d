//! The typed values of a spec that are more than a string: the backend, sizes, limits, the
//! script, and the names Kubernetes checks. Each is parsed once, when the spec is read.

use super::Spanned;
use super::read::FromText;
use crate::quantity::{self, Quantity, Refusal};
use crate::source::Style;

/// A quantity as written and as K7's grammar reads it; `TI` says whether the grammar goes up
/// to `Ti` (disk sizes) or stops at `Gi` (limits).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Amount<const TI: bool> {
    /// The text as written.
    pub text: String,
    /// The quantity, or why K7 refuses it.
    pub quantity: Result<Quantity, Refusal>,
}

impl<const TI: bool> FromText for Amount<TI> {
    fn from_text(text: &str) -> Self {
        Amount {
            text: text.to_owned(),
            quantity: quantity::parse(text, TI),
        }
    }
}

/// A disk size (`root_disk_size`, `docker_disk`): up to `Ti`.
pub type DiskSize = Amount<true>;

/// A `limits` value: up to `Gi`.
pub type LimitValue = Amount<false>;

/// The resources `limits` may set.
pub const LIMIT_KEYS: &[&str] = &["cpu", "memory", "ephemeral-storage"];

/// One `limits` entry: the resource and its value, each with its own span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limit {
    /// The resource, such as `memory`.
    pub key: Spanned<String>,
    /// Its value.
    pub value: Spanned<LimitValue>,
}

/// `before_script`: its text, and whether it was a `|` block, whose lines map one to one onto
/// the source's lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    /// The script.
    pub text: String,
    /// Whether it was written as a literal (`|`) block.
    pub literal: bool,
}

impl Script {
    pub(super) fn new(text: &str, style: Style) -> Self {
        Script {
            text: text.to_owned(),
            literal: style == Style::Literal,
        }
    }
}

/// [`is_dns_label`] as a regular expression (with a 63-character limit beside it), for the schema.
pub const DNS_LABEL_PATTERN: &str = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

/// Whether `s` is a DNS-1123 label: at most 63 lowercase alphanumerics or `-`, starting and
/// ending alphanumeric.
pub fn is_dns_label(s: &str) -> bool {
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    !s.is_empty()
        && s.len() <= 63
        && s.chars().all(|c| alnum(c) || c == '-')
        && s.starts_with(alnum)
        && s.ends_with(alnum)
}

/// Whether `s` is a DNS-1123 subdomain: dot-separated labels, at most 253 characters.
pub fn is_dns_subdomain(s: &str) -> bool {
    s.len() <= 253 && s.split('.').all(is_dns_label)
}
