//! k7-spec: validate and render K7 sandbox specs.
//!
//! ```
//! let rendering = k7_spec::render("name: demo\nimage: alpine:3.20\negress_whitelist: []\n", &Default::default());
//! assert!(rendering.ok);
//! assert_eq!(rendering.explanation.unwrap().egress.mode, k7_spec::EgressMode::Blocked);
//! ```
pub mod diagnostic;
pub mod explain;
pub mod quantity;
pub mod render;
mod schema;
pub mod source;
pub mod spec;
mod suggest;
pub mod validate;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use diagnostic::{Diagnostic, Position, Severity, Span};
pub use explain::{
    Dns, Egress, EgressMode, Explanation, Ingress, Level, Phase, SECURITY_CHECKS, Security,
    SecurityCheck,
};
pub use render::{Cni, RenderOptions, Rendering, Workload, render, to_yaml};
pub use schema::schema;
pub use validate::{Analysis, analyze, validate};
