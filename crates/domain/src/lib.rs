//! Passerelle's domain: the types and rules shared by the API server and the browser app.
//!
//! Nothing here performs I/O or knows about the database or HTTP. The crate compiles to
//! `wasm32-unknown-unknown`; OpenAPI schema derives sit behind the `openapi` feature.
//!
//! - [`ids`]: typed identifiers (`YouthId`, `StructureId`…), never bare UUIDs across crates.
//! - [`values`]: constrained values parsed once (`EmailAddress`, `InseeCode`, `Siret`…).
//! - [`role`] and [`policy`]: who may do what, and on which records.
//! - [`error`]: the one error envelope of the API.
//! - [`dto`]: request and response bodies of the REST API.

pub mod accompaniment;
pub mod agenda;
pub mod dto;
pub mod error;
pub mod file;
pub mod ids;
pub mod matching;
pub mod offers;
pub mod people;
pub mod policy;
pub mod role;
pub mod throttle;
pub mod validation;
pub mod values;

pub use error::{ErrorBody, ErrorCode, FieldError};
pub use ids::*;
pub use policy::{Actor, Denied, Operation, Ownership, Scope, authorize, may_override_eligibility};
pub use role::{Face, Role};
