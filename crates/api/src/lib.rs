//! Passerelle's HTTP API (actix-web) and the server that also serves the single-page app.
//!
//! - [`config`]: layered settings.
//! - [`startup`]: state, migrations, demo data, the job worker, the HTTP server.
//! - [`routes`]: thin handlers, one file per resource; [`openapi`] collects their docs.
//! - [`auth`]: passwords, tokens and the login/session/invitation flows.
//! - [`error`]: the one error type and its envelope; [`extract`]: extractors that use it.
//! - [`mail`] and [`jobs`]: e-mail templates and the worker that delivers queued jobs.

pub mod accompaniment_pdf;
pub mod auth;
pub mod config;
pub mod error;
pub mod export_pdf;
pub mod extract;
pub mod files;
pub mod geocode;
pub mod ics;
pub mod jobs;
pub mod letters;
pub mod mail;
pub mod openapi;
pub mod pdf;
pub mod places;
pub mod routes;
pub mod sms;
pub mod spa;
pub mod startup;
pub mod state;

pub use config::Settings;
pub use startup::Application;
