//! A throwaway PostgreSQL cluster in a temporary folder, stopped and deleted on drop.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context as _, Result, bail};

use crate::cmd;

/// The `bin` folder of the newest PostgreSQL under `/usr/lib/postgresql/*/bin` with an `initdb`.
pub fn find_bin() -> Option<PathBuf> {
    let versions = std::fs::read_dir("/usr/lib/postgresql").ok()?;
    let mut found: Vec<(Vec<u32>, PathBuf)> = versions
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let bin = entry.path().join("bin");
            bin.join("initdb")
                .is_file()
                .then(|| (version_key(&entry.file_name().to_string_lossy()), bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

/// `"15"` → `[15]`, `"9.6"` → `[9, 6]`, for sorting versions as numbers.
pub fn version_key(name: &str) -> Vec<u32> {
    name.split('.')
        .map(|part| part.parse().unwrap_or(0))
        .collect()
}

/// A running cluster. Dropping it stops the server, then deletes its folder.
pub struct Cluster {
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
    running: bool,
    // Declared last: deleted after `Drop::drop` has stopped the server.
    dir: tempfile::TempDir,
}

impl Cluster {
    /// `initdb` then `pg_ctl start` on a free port of 127.0.0.1 (trust auth, fsync off).
    pub fn start(bin: &Path) -> Result<Cluster> {
        let started = Instant::now();
        let as_postgres = cmd::is_root();
        let mut builder = tempfile::Builder::new();
        builder.prefix("passerelle-pg-");
        // The `postgres` user must reach the folder: never under root's own TMPDIR.
        let dir = if as_postgres {
            builder.tempdir_in("/tmp")
        } else {
            builder.tempdir()
        }
        .context("creating the PostgreSQL folder")?;
        if as_postgres {
            cmd::run_quiet(
                Command::new("chown")
                    .arg("postgres:postgres")
                    .arg(dir.path()),
            )?;
        }
        let mut cluster = Cluster {
            bin: bin.to_path_buf(),
            port: 0,
            as_postgres,
            running: false,
            dir,
        };
        let data = cluster.dir.path().join("data");
        cmd::run_quiet(
            cluster
                .tool("initdb")
                .arg("-D")
                .arg(&data)
                .args(["-U", "postgres", "-A", "trust", "-E", "UTF8"])
                .args(["--locale=C.UTF-8", "--no-sync"]),
        )?;
        let log = cluster.dir.path().join("postgres.log");
        let mut last_error = None;
        // Another program may take the port between our check and PostgreSQL's bind.
        for _ in 0..3 {
            let port = cmd::free_port()?;
            let options = format!(
                "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=off \
                 -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                cluster.dir.path().display()
            );
            let result = cmd::run_quiet(
                cluster
                    .tool("pg_ctl")
                    .arg("-D")
                    .arg(&data)
                    .arg("-l")
                    .arg(&log)
                    .args(["-w", "-t", "60", "-o", &options, "start"]),
            );
            match result {
                Ok(()) => {
                    cluster.port = port;
                    cluster.running = true;
                    println!(
                        "PostgreSQL ({}) on 127.0.0.1:{port}, in {}, ready in {}",
                        bin.display(),
                        cluster.dir.path().display(),
                        cmd::human(started.elapsed())
                    );
                    return Ok(cluster);
                }
                Err(error) => {
                    let text = std::fs::read_to_string(&log).unwrap_or_default();
                    eprintln!("{}", cmd::tail(&text, 20));
                    last_error = Some(error);
                }
            }
        }
        match last_error {
            Some(error) => Err(error.context("PostgreSQL did not start")),
            None => bail!("PostgreSQL did not start"),
        }
    }

    /// `postgres://postgres@127.0.0.1:<port>` (no database).
    pub fn server_url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}", self.port)
    }

    /// Creates a database.
    pub fn create_database(&self, name: &str) -> Result<()> {
        cmd::run_quiet(
            Command::new(self.bin.join("createdb"))
                .args(["-h", "127.0.0.1", "-U", "postgres", "-p"])
                .arg(self.port.to_string())
                .arg(name),
        )
    }

    /// A PostgreSQL program, run as `postgres` when we are root.
    fn tool(&self, name: &str) -> Command {
        let program = self.bin.join(name);
        if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if !self.running {
            return;
        }
        let data = self.dir.path().join("data");
        let stopped = self
            .tool("pg_ctl")
            .arg("-D")
            .arg(&data)
            .args(["-m", "fast", "-w", "-t", "30", "stop"])
            .output();
        if !stopped.is_ok_and(|o| o.status.success()) {
            let _ = self
                .tool("pg_ctl")
                .arg("-D")
                .arg(&data)
                .args(["-m", "immediate", "-w", "stop"])
                .output();
        }
        println!("PostgreSQL on port {} stopped and deleted", self.port);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_sort_as_numbers() {
        let mut names = vec!["9.6", "15", "16", "10"];
        names.sort_by_key(|n| version_key(n));
        assert_eq!(names, ["9.6", "10", "15", "16"]);
    }
}
