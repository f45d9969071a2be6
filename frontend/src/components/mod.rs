//! Reusable pieces of the interface.

pub mod choices;
pub mod download;
pub mod fetched;
pub mod form;
pub mod guard;
pub mod header;
pub mod layout;
pub mod network;
pub mod offers;

pub use fetched::Fetched;
pub use form::{FormErrors, PasswordField, SubmitButton, TextField};
pub use guard::FaceGuard;
pub use header::AppHeader;
pub use layout::{ErrorNotice, Loading, PageTitle, Pager, SkipLink};
pub use network::{Network, OfflineBanner};
