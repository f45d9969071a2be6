//! `passerelle`: the server binary. Thin by design; everything lives in the `api` crate.

use std::io::Write as _;
use std::path::PathBuf;

use api::{Application, Settings, startup};
use clap::{Parser, Subcommand};

/// Passerelle, the information system of the Missions Locales.
#[derive(Debug, Parser)]
#[command(name = "passerelle", version)]
struct Cli {
    /// A TOML configuration file (default: ./passerelle.toml when present).
    #[arg(long, env = "PASSERELLE_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API and the web app (migrates first unless told not to).
    Serve {
        /// Load the demo Mission Locale if it is not there yet.
        #[arg(long)]
        demo: bool,
    },
    /// Apply the pending database migrations, then exit.
    Migrate,
    /// Load the demo data (idempotent), then exit.
    SeedDemo,
    /// Apply the retention rule: anonymise the files past their retention date and delete old
    /// pre-registrations untouched for 90 days; prints what was done (JSON).
    Purge {
        /// Report what would be done, change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print the OpenAPI document (or write it to a file).
    Openapi {
        /// Where to write it.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Command::Openapi { output } = &cli.command {
        let json = api::openapi::document_json()?;
        match output {
            Some(path) => std::fs::write(path, json)?,
            None => std::io::stdout().write_all(json.as_bytes())?,
        }
        return Ok(());
    }

    let mut settings = Settings::load(cli.config.as_deref())?;
    startup::init_tracing(&settings.log);
    match cli.command {
        Command::Serve { demo } => {
            settings.demo |= demo;
            let app = Application::build(settings.clone()).await?;
            tracing::info!(
                "Passerelle écoute sur http://{}:{} (base : {})",
                settings.http.host,
                app.port(),
                if settings.database_url().starts_with("postgres") {
                    "PostgreSQL"
                } else {
                    "SQLite"
                }
            );
            app.run_until_stopped().await
        }
        Command::Migrate => {
            settings.demo = false;
            settings.database.migrate_on_start = true;
            startup::prepare_state(settings).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::SeedDemo => {
            settings.demo = true;
            settings.database.migrate_on_start = true;
            startup::prepare_state(settings).await?;
            Ok(())
        }
        Command::Purge { dry_run } => {
            settings.demo = false;
            let purge = settings.files.purge(dry_run);
            let state = startup::prepare_state(settings).await?;
            let report =
                storage::retention::purge(&state.db, purge, chrono::Utc::now().date_naive())
                    .await?;
            std::io::stdout().write_all(serde_json::to_string_pretty(&report)?.as_bytes())?;
            std::io::stdout().write_all(b"\n")?;
            Ok(())
        }
        Command::Openapi { .. } => Ok(()),
    }
}
