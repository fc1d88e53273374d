//! k7-spec: validate and render K7 sandbox specs.
pub mod diagnostic;
pub mod quantity;
pub mod source;
pub mod spec;
mod suggest;
pub mod validate;

pub use diagnostic::{Diagnostic, Position, Severity, Span};
pub use validate::{Analysis, analyze, validate};
