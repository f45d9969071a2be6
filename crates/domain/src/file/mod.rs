//! The young person's file: its content, its fields one by one, what is missing, how long it
//! is kept, and the online pre-registration that starts it.

pub mod completeness;
pub mod data;
pub mod field;
pub mod lists;
pub mod preregistration;
pub mod retention;

pub use completeness::{Completeness, CompletenessItem, CompletenessLevel, Severity, assess};
pub use data::{Situation, YouthFileData};
pub use field::{FileField, FileSection};
pub use lists::*;
pub use preregistration::{PreRegistrationForm, PreRegistrationStatus, callback_due};
pub use retention::RetentionPolicy;
