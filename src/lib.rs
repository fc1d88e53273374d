//! k7-spec: validate and render K7 sandbox specs.
pub mod diagnostic;
pub mod quantity;
mod schema;
pub mod source;
pub mod spec;
mod suggest;
pub mod validate;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use diagnostic::{Diagnostic, Position, Severity, Span};
pub use schema::schema;
pub use validate::{Analysis, analyze, validate};
