//! sea-orm entities, one per table. They stay inside this crate: repositories map them to the
//! domain's wire types.

pub mod account;
pub mod audit_event;
pub mod covered_commune;
pub mod invitation;
pub mod job;
pub mod login_throttle;
pub mod partner;
pub mod password_reset;
pub mod refresh_token;
pub mod site;
pub mod structure;
pub mod youth;
