//! sea-orm entities, one per table. They stay inside this crate: repositories map them to the
//! domain's wire types.

pub mod account;
pub mod agenda_cell;
pub mod agenda_event;
pub mod appointment_type;
pub mod audit_event;
pub mod availability;
pub mod calendar_feed;
pub mod cej_activity;
pub mod contract;
pub mod contract_extension;
pub mod covered_commune;
pub mod diagnostic_revision;
pub mod duplicate_dismissal;
pub mod interview;
pub mod invitation;
pub mod job;
pub mod login_throttle;
pub mod message;
pub mod pacea_phase;
pub mod partner;
pub mod password_reset;
pub mod plan_action;
pub mod plan_action_comment;
pub mod plan_objective;
pub mod preregistration;
pub mod preregistration_event;
pub mod refresh_token;
pub mod site;
pub mod structure;
pub mod workshop;
pub mod workshop_registration;
pub mod youth;
pub mod youth_change;
pub mod youth_match_key;
