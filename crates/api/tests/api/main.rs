//! API tests: each starts the real server on a random port with a fresh database. They run on
//! SQLite by default and on PostgreSQL when `PASSERELLE_TEST_PG_URL` points at a server
//! (`cargo xtask test` runs both).

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code fails loudly on purpose"
)]

mod accompaniment;
mod agenda;
mod audit;
mod auth;
mod bad_input;
mod fake_ban;
mod files;
mod invitations;
mod matrix;
mod offers;
mod partner_events;
mod reference;
mod structures;
mod support;
mod system;
