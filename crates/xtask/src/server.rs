//! A `passerelle serve --demo` in a temporary data folder, on a free port, killed on drop.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};

use crate::{cmd, http};

/// Where cargo puts the server binary of a profile (`debug` or `release`).
pub fn binary(profile_dir: &str) -> Result<PathBuf> {
    let name = if cfg!(windows) {
        "passerelle.exe"
    } else {
        "passerelle"
    };
    Ok(cmd::target_dir()?.join(profile_dir).join(name))
}

/// A running server.
pub struct Server {
    child: Child,
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// Its log (standard output and error).
    pub log: PathBuf,
    data: tempfile::TempDir,
}

impl Server {
    /// Starts `binary serve --demo` with a fresh data folder; `env` adds or overrides settings.
    pub fn start(binary: &Path, env: &[(&str, String)]) -> Result<Server> {
        if !binary.is_file() {
            bail!("no server binary at {}", binary.display());
        }
        let data = tempfile::Builder::new()
            .prefix("passerelle-run-")
            .tempdir()
            .context("creating the server's data folder")?;
        let port = cmd::free_port()?;
        let log = data.path().join("server.log");
        let out = File::create(&log).with_context(|| format!("creating {}", log.display()))?;
        let err = out.try_clone()?;
        let mut command = Command::new(binary);
        command
            .args(["serve", "--demo"])
            // Its own folder as working directory: no stray ./passerelle.toml applies.
            .current_dir(data.path())
            .env_remove("PASSERELLE_CONFIG")
            .env_remove("PASSERELLE_DATABASE__URL")
            .env("PASSERELLE_DATA_DIR", data.path())
            .env("PASSERELLE_HTTP__HOST", "127.0.0.1")
            .env("PASSERELLE_HTTP__PORT", port.to_string())
            .env(
                "PASSERELLE_HTTP__PUBLIC_URL",
                format!("http://127.0.0.1:{port}"),
            )
            .env("PASSERELLE_MAIL__TRANSPORT", "outbox")
            .env("PASSERELLE_MAIL__OUTBOX_DIR", data.path().join("outbox"))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        for (key, value) in env {
            command.env(key, value);
        }
        println!(
            "$ {} (port {port}, data {})",
            cmd::describe(&command),
            data.path().display()
        );
        let child = command
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        Ok(Server {
            child,
            port,
            log,
            data,
        })
    }

    /// The data folder.
    pub fn data_dir(&self) -> &Path {
        self.data.path()
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Waits until `GET /readyz` answers 200.
    pub fn wait_ready(&mut self, timeout: Duration) -> Result<()> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!("the server stopped at start-up ({status})");
            }
            let probe = http::request(self.port, "GET", "/readyz", None, Duration::from_secs(2));
            if probe.is_ok_and(|r| r.status == 200) {
                println!("server ready in {}", cmd::human(started.elapsed()));
                return Ok(());
            }
            if started.elapsed() > timeout {
                bail!("the server was not ready after {}", cmd::human(timeout));
            }
            cmd::sleep(Duration::from_millis(200))?;
        }
    }

    /// Prints the end of the server's log.
    pub fn show_log(&self) {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        eprintln!("──── server log ({}) ────", self.log.display());
        eprintln!("{}", cmd::tail(&text, 80));
        eprintln!("──── end of server log ────");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
