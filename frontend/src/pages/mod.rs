//! One component per page, grouped by face.

pub mod counsellor;
pub mod invitation;
pub mod login;
pub mod partner;
pub mod password;
pub mod preregistration;
pub mod public;
pub mod youth;
