//! `cargo xtask`: the project's commands, in Rust so that cargo is all a new machine needs.
//!
//! - `cargo xtask demo`: build the app and the server, serve the demo Mission Locale;
//! - `cargo xtask test`: every test (format, lints, unit, API on SQLite and PostgreSQL, size
//!   budget, browser), stopping at the first failure;
//! - `cargo xtask build-frontend`, `size`, `openapi`, `fmt`, `lint`, `bench`.
#![expect(
    clippy::print_stdout,
    reason = "a command-line tool: its reports and tables go to standard output"
)]

mod bench;
mod cmd;
mod demo;
mod domain_check;
mod e2e;
mod frontend;
mod http;
mod pg;
#[cfg(test)]
#[expect(
    dead_code,
    reason = "the population's tests; the storage benchmark uses the rest"
)]
mod population;
mod server;
mod size;
mod test;

use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// Passerelle's project commands.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the web app and the server, then serve the demo Mission Locale (SQLite, ./data).
    Demo {
        /// The port to listen on (127.0.0.1).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Build the server with optimisations (slower to build, faster to run).
        #[arg(long)]
        release: bool,
    },
    /// Build the web app into frontend/dist/ (see frontend/README.md).
    BuildFrontend {
        /// Unoptimised wasm (faster to build, much larger).
        #[arg(long)]
        dev: bool,
    },
    /// Build the web app and print its weight against its gzip budget.
    Size,
    /// Regenerate api-spec/openapi.json.
    Openapi,
    /// Run every test; stops at the first failing step.
    Test(test::Options),
    /// Format every crate (`cargo fmt --all`).
    Fmt,
    /// Clippy on the server crates and on the web app (wasm32), warnings denied.
    Lint,
    /// Measure the release server with wrk (never run by CI).
    Bench {
        /// Seconds per measure.
        #[arg(long, default_value_t = 20)]
        seconds: u64,
    },
    /// Measure the young person's file at scale: duplicate check, portfolio and match quality
    /// over a generated population, on SQLite then PostgreSQL (never run by CI).
    BenchFiles {
        /// Files to generate.
        #[arg(long, default_value_t = 1_000_000)]
        people: usize,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nerror: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<()> {
    match command {
        Command::Demo { port, release } => demo::run(port, release),
        Command::BuildFrontend { dev } => {
            let profile = if dev {
                frontend::Profile::Dev
            } else {
                frontend::Profile::Release
            };
            frontend::build(profile).map(|_| ())
        }
        Command::Size => size::run(),
        Command::Openapi => cmd::run(cmd::cargo().args([
            "run",
            "--package",
            "passerelle",
            "--",
            "openapi",
            "--output",
            "api-spec/openapi.json",
        ])),
        Command::Test(options) => test::run(options),
        Command::Fmt => cmd::run(cmd::cargo().args(["fmt", "--all"])),
        Command::Lint => test::clippy().map(|_| ()),
        Command::Bench { seconds } => bench::run(seconds),
        Command::BenchFiles { people } => bench::files(people),
    }
}
