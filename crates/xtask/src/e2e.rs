//! Browser tests: Playwright (e2e/) with the system Chromium against a demo server.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use anyhow::{Context as _, Result, bail};

use crate::server::{self, Server};
use crate::{cmd, frontend};

/// Why the browser tests cannot run here.
pub enum Missing {
    /// No Chromium, and no way to install it.
    Chromium(String),
    /// No `npm`.
    Npm,
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Missing::Chromium(why) => write!(f, "no Chromium: {why}"),
            Missing::Npm => f.write_str("no `npm` on PATH (Node.js is needed for Playwright)"),
        }
    }
}

/// Finds Chromium: `CHROMIUM_PATH`, `/usr/bin/chromium`, or installs Debian's as root.
pub fn chromium() -> Result<std::result::Result<PathBuf, Missing>> {
    if let Some(path) = std::env::var_os("CHROMIUM_PATH").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        if !path.is_file() {
            bail!("CHROMIUM_PATH={} does not exist", path.display());
        }
        return Ok(Ok(path));
    }
    let system = PathBuf::from("/usr/bin/chromium");
    if system.is_file() {
        return Ok(Ok(system));
    }
    if !cmd::is_root() || cmd::which("apt-get").is_none() {
        return Ok(Err(Missing::Chromium(
            "set CHROMIUM_PATH, or install it (`sudo apt-get install chromium`)".to_owned(),
        )));
    }
    println!("note: installing Debian's chromium with apt-get (about 30 s)…");
    cmd::run_quiet(Command::new("apt-get").args(["update", "-q"]))?;
    cmd::run_quiet(
        Command::new("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y", "-q", "chromium"]),
    )?;
    if !system.is_file() {
        bail!(
            "apt-get installed chromium, but {} is missing",
            system.display()
        );
    }
    Ok(Ok(system))
}

/// Checks that npm is there.
pub fn npm() -> std::result::Result<PathBuf, Missing> {
    cmd::which("npm").ok_or(Missing::Npm)
}

/// `npm ci` when `node_modules` is missing or older than `package-lock.json`.
pub fn install_packages(e2e: &Path, npm: &Path) -> Result<()> {
    let lock = e2e.join("package-lock.json");
    let installed = e2e.join("node_modules").join(".package-lock.json");
    let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    let stale = match (modified(&lock), modified(&installed)) {
        (Some(lock), Some(installed)) => lock > installed,
        (_, None) => true,
        (None, Some(_)) => bail!("{} is missing", lock.display()),
    };
    if !stale {
        println!("e2e/node_modules is up to date");
        return Ok(());
    }
    cmd::run(
        Command::new(npm)
            .current_dir(e2e)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            .args(["ci", "--no-audit", "--no-fund"]),
    )?;
    // npm ci keeps the files' dates: mark the install as newer than the lock file.
    if let Ok(file) = std::fs::File::options().append(true).open(&installed) {
        let _ = file.set_modified(SystemTime::now());
    }
    Ok(())
}

/// Starts a demo server on the built app and runs `npx playwright test` against it.
pub fn run(chromium: &Path, npm: &Path) -> Result<()> {
    let e2e = cmd::root().join("e2e");
    install_packages(&e2e, npm)?;
    // The same feature set as `cargo test --workspace`, so the test step's build is reused
    // (`cargo build -p passerelle` alone would rebuild ~150 crates with other features).
    cmd::run(cmd::cargo().args(["build", "--workspace", "--all-targets"]))?;
    let dist = frontend::dist_dir();
    if !dist.join("index.html").is_file() {
        bail!("{} is not built", dist.display());
    }
    let mut server = Server::start(
        &server::binary("debug")?,
        &[("PASSERELLE_WEB__STATIC_DIR", dist.display().to_string())],
    )?;
    if let Err(error) = server.wait_ready(Duration::from_secs(60)) {
        server.show_log();
        return Err(error);
    }
    let outbox = server.data_dir().join("outbox");
    let npx = npm.with_file_name("npx");
    let npx = if npx.is_file() {
        npx
    } else {
        PathBuf::from("npx")
    };
    let result = cmd::run(
        Command::new(npx)
            .current_dir(&e2e)
            .args(["playwright", "test"])
            .env("BASE_URL", server.base_url())
            .env("OUTBOX_DIR", &outbox)
            .env("CHROMIUM_PATH", chromium)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
    )
    .context("browser tests failed (traces in e2e/test-results/)");
    if result.is_err() {
        server.show_log();
    }
    result
}
