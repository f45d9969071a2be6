//! `cargo xtask test`: every test, in order, stopping at the first failure.

use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::frontend::{self, WASM_TARGET};
use crate::{cmd, domain_check, e2e, pg, size};

/// Options for local iteration; the default runs everything.
#[derive(Debug, Default, clap::Args)]
pub struct Options {
    /// Skip the browser tests.
    #[arg(long)]
    skip_e2e: bool,
    /// Skip the PostgreSQL run of the API and storage tests.
    #[arg(long)]
    skip_pg: bool,
    /// Skip formatting, clippy and the size budget.
    #[arg(long)]
    fast: bool,
}

/// How a step ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It ran and passed.
    Passed,
    /// It did not run, for this reason.
    Skipped(String),
    /// It failed.
    Failed,
}

/// One line of the summary.
#[derive(Debug, Clone)]
pub struct Record {
    /// The step's name.
    pub name: &'static str,
    /// How it ended.
    pub outcome: Outcome,
    /// How long it took.
    pub elapsed: Duration,
}

type Step = Box<dyn FnOnce() -> Result<Outcome>>;

/// Runs the steps.
pub fn run(options: Options) -> Result<()> {
    cmd::catch_interrupt();
    let require_pg = cmd::env_flag("PASSERELLE_REQUIRE_PG");
    let require_e2e = cmd::env_flag("PASSERELLE_REQUIRE_E2E");
    let fast = options.fast;
    let skip_e2e = options.skip_e2e;
    let skip_pg = options.skip_pg;
    let steps: Vec<(&'static str, Step)> = vec![
        ("format", Box::new(move || skip_if(fast, "--fast", fmt))),
        ("clippy", Box::new(move || skip_if(fast, "--fast", clippy))),
        ("domain stays wasm-safe", Box::new(domain)),
        ("tests (SQLite)", Box::new(tests_sqlite)),
        (
            "tests (PostgreSQL)",
            Box::new(move || postgres(skip_pg, require_pg)),
        ),
        (
            "frontend build + size budget",
            Box::new(move || frontend_and_size(fast, skip_e2e)),
        ),
        (
            "browser tests",
            Box::new(move || browser(skip_e2e, require_e2e)),
        ),
    ];

    let count = steps.len();
    let started = Instant::now();
    let mut records = Vec::new();
    let mut failure = None;
    for (index, (name, step)) in steps.into_iter().enumerate() {
        println!("\n━━━━ [{}/{count}] {name} ━━━━", index + 1);
        let step_started = Instant::now();
        let result = step().and_then(|outcome| cmd::check_interrupted().map(|()| outcome));
        let elapsed = step_started.elapsed();
        let outcome = match result {
            Ok(outcome) => outcome,
            Err(error) => {
                failure = Some(error);
                Outcome::Failed
            }
        };
        let verdict = match &outcome {
            Outcome::Passed => "passed".to_owned(),
            Outcome::Skipped(why) => format!("SKIPPED ({why})"),
            Outcome::Failed => "FAILED".to_owned(),
        };
        println!(
            "━━━━ [{}/{count}] {name}: {verdict} in {}",
            index + 1,
            cmd::human(elapsed)
        );
        records.push(Record {
            name,
            outcome,
            elapsed,
        });
        if failure.is_some() {
            break;
        }
    }
    println!("\n{}", summary(&records, started.elapsed()));
    match failure {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// The summary table.
pub fn summary(records: &[Record], total: Duration) -> String {
    let mut out = String::from("| # | step | result | time |\n| ---: | --- | --- | ---: |\n");
    for (index, record) in records.iter().enumerate() {
        let result = match &record.outcome {
            Outcome::Passed => "passed".to_owned(),
            Outcome::Skipped(why) => format!("skipped: {why}"),
            Outcome::Failed => "**FAILED**".to_owned(),
        };
        out.push_str(&format!(
            "| {} | {} | {result} | {} |\n",
            index + 1,
            record.name,
            cmd::human(record.elapsed)
        ));
    }
    let verdict = if records.iter().any(|r| r.outcome == Outcome::Failed) {
        "FAILED"
    } else {
        "all passed"
    };
    out.push_str(&format!(
        "|  | **total** | {verdict} | {} |\n",
        cmd::human(total)
    ));
    out
}

fn skip_if(skip: bool, why: &str, step: fn() -> Result<Outcome>) -> Result<Outcome> {
    if skip {
        Ok(Outcome::Skipped(why.to_owned()))
    } else {
        step()
    }
}

/// A loud warning, for steps skipped because the machine lacks something.
fn warn_skipped(what: &str, why: &str, variable: &str) {
    let line = "!".repeat(78);
    eprintln!("{line}");
    eprintln!("!! WARNING: {what} SKIPPED: {why}");
    eprintln!("!! (set {variable}=1 to make this an error, as CI does)");
    eprintln!("{line}");
}

fn fmt() -> Result<Outcome> {
    cmd::run(cmd::cargo().args(["fmt", "--all", "--", "--check"]))?;
    Ok(Outcome::Passed)
}

/// Clippy on the workspace (host) and on the web app (wasm32), warnings denied.
pub fn clippy() -> Result<Outcome> {
    cmd::run(cmd::cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--exclude",
        "frontend",
        "--",
        "-D",
        "warnings",
    ]))?;
    frontend::ensure_wasm_target()?;
    cmd::run(cmd::cargo().args([
        "clippy",
        "--package",
        "frontend",
        "--target",
        WASM_TARGET,
        "--",
        "-D",
        "warnings",
    ]))?;
    Ok(Outcome::Passed)
}

fn domain() -> Result<Outcome> {
    domain_check::run()?;
    Ok(Outcome::Passed)
}

fn tests_sqlite() -> Result<Outcome> {
    cmd::run(
        cmd::cargo()
            .args(["test", "--workspace"])
            .env_remove("PASSERELLE_TEST_PG_URL"),
    )?;
    Ok(Outcome::Passed)
}

fn postgres(skip: bool, required: bool) -> Result<Outcome> {
    if skip {
        return Ok(Outcome::Skipped("--skip-pg".to_owned()));
    }
    let tests = |url: &str| run_test_targets(&["api", "storage"], url);
    if let Ok(url) = std::env::var("PASSERELLE_TEST_PG_URL")
        && !url.trim().is_empty()
    {
        println!("PASSERELLE_TEST_PG_URL is set: using that server");
        tests(&url)?;
        return Ok(Outcome::Passed);
    }
    let Some(bin) = pg::find_bin() else {
        let why = "no PostgreSQL under /usr/lib/postgresql/*/bin";
        if required {
            bail!("{why}, and PASSERELLE_REQUIRE_PG=1");
        }
        warn_skipped("the PostgreSQL tests", why, "PASSERELLE_REQUIRE_PG");
        return Ok(Outcome::Skipped(why.to_owned()));
    };
    // Dropped at the end of this function, whatever the tests did: stops and deletes it.
    let cluster = pg::Cluster::start(&bin)?;
    tests(&cluster.server_url())?;
    Ok(Outcome::Passed)
}

/// Runs the integration test targets `names` (`cargo test --workspace --test api --test storage`)
/// against PostgreSQL. Their binaries come from `cargo test --workspace --no-run`, as built by
/// the SQLite step: selecting targets with `--test` changes cargo's feature unification and
/// would rebuild ~150 crates (minutes on 2 cores) for the same tests.
fn run_test_targets(names: &[&str], pg_url: &str) -> Result<()> {
    let json = cmd::output(cmd::cargo().args([
        "test",
        "--workspace",
        "--no-run",
        "--message-format=json-render-diagnostics",
    ]))?;
    let binaries = test_binaries(&json, names)?;
    for (name, executable, package_dir) in binaries {
        println!("cargo test --test {name} (PostgreSQL):");
        cmd::run(
            std::process::Command::new(&executable)
                .current_dir(&package_dir)
                .env("CARGO_MANIFEST_DIR", &package_dir)
                .env("PASSERELLE_TEST_PG_URL", pg_url),
        )?;
    }
    Ok(())
}

/// The test binaries named `names` in cargo's JSON messages: (name, executable, package folder).
pub fn test_binaries(
    json: &str,
    names: &[&str],
) -> Result<Vec<(String, std::path::PathBuf, std::path::PathBuf)>> {
    let mut found = Vec::new();
    for line in json.lines().filter(|l| l.starts_with('{')) {
        let message: serde_json::Value = serde_json::from_str(line)?;
        if message["reason"] != "compiler-artifact" {
            continue;
        }
        let target = &message["target"];
        let name = target["name"].as_str().unwrap_or_default();
        let is_test = target["kind"]
            .as_array()
            .is_some_and(|kinds| kinds.iter().any(|k| k == "test"));
        let (Some(executable), Some(manifest)) = (
            message["executable"].as_str(),
            message["manifest_path"].as_str(),
        ) else {
            continue;
        };
        if is_test && names.contains(&name) {
            let package_dir = std::path::Path::new(manifest)
                .parent()
                .map(std::path::Path::to_path_buf)
                .unwrap_or_default();
            found.push((name.to_owned(), executable.into(), package_dir));
        }
    }
    for name in names {
        if !found.iter().any(|(n, _, _)| n == name) {
            bail!("cargo built no test target named `{name}`");
        }
    }
    found.sort();
    Ok(found)
}

fn frontend_and_size(fast: bool, skip_e2e: bool) -> Result<Outcome> {
    if fast && skip_e2e {
        return Ok(Outcome::Skipped("--fast and --skip-e2e".to_owned()));
    }
    let dist = frontend::build(frontend::Profile::Release)?;
    if fast {
        println!("--fast: size budget not checked");
        return Ok(Outcome::Passed);
    }
    let weights = size::measure(&dist)?;
    println!("\n{}", size::table(&weights));
    size::check(&weights)?;
    Ok(Outcome::Passed)
}

fn browser(skip: bool, required: bool) -> Result<Outcome> {
    if skip {
        return Ok(Outcome::Skipped("--skip-e2e".to_owned()));
    }
    let tools = e2e::chromium().map(|chromium| chromium.and_then(|c| e2e::npm().map(|n| (c, n))));
    let (chromium, npm) = match tools? {
        Ok(tools) => tools,
        Err(missing) => {
            if required {
                bail!("{missing}, and PASSERELLE_REQUIRE_E2E=1");
            }
            warn_skipped(
                "the browser tests",
                &missing.to_string(),
                "PASSERELLE_REQUIRE_E2E",
            );
            return Ok(Outcome::Skipped(missing.to_string()));
        }
    };
    println!("Chromium: {}", chromium.display());
    e2e::run(&chromium, &npm)?;
    Ok(Outcome::Passed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_integration_test_binaries() {
        let json = r#"{"reason":"compiler-artifact","package_id":"path+file:///w/crates/api#0.1.0","manifest_path":"/w/crates/api/Cargo.toml","target":{"kind":["test"],"name":"api"},"executable":"/w/target/debug/deps/api-1"}
{"reason":"compiler-artifact","manifest_path":"/w/crates/api/Cargo.toml","target":{"kind":["lib"],"name":"api"},"executable":"/w/target/debug/deps/api-0"}
{"reason":"compiler-artifact","manifest_path":"/w/crates/api/Cargo.toml","target":{"kind":["test"],"name":"openapi"},"executable":"/w/target/debug/deps/openapi-2"}
{"reason":"compiler-artifact","manifest_path":"/w/crates/storage/Cargo.toml","target":{"kind":["test"],"name":"storage"},"executable":"/w/target/debug/deps/storage-3"}
{"reason":"compiler-artifact","manifest_path":"/w/crates/storage/Cargo.toml","target":{"kind":["lib"],"name":"storage"},"executable":null}
{"reason":"build-finished","success":true}"#;
        let found = test_binaries(json, &["api", "storage"]).unwrap();
        assert_eq!(
            found,
            [
                (
                    "api".to_owned(),
                    "/w/target/debug/deps/api-1".into(),
                    "/w/crates/api".into()
                ),
                (
                    "storage".to_owned(),
                    "/w/target/debug/deps/storage-3".into(),
                    "/w/crates/storage".into()
                ),
            ]
        );
        assert!(test_binaries(json, &["missing"]).is_err());
    }

    #[test]
    fn the_summary_lists_every_step() {
        let records = [
            Record {
                name: "format",
                outcome: Outcome::Passed,
                elapsed: Duration::from_millis(1500),
            },
            Record {
                name: "tests (PostgreSQL)",
                outcome: Outcome::Skipped("--skip-pg".to_owned()),
                elapsed: Duration::ZERO,
            },
            Record {
                name: "browser tests",
                outcome: Outcome::Failed,
                elapsed: Duration::from_secs(75),
            },
        ];
        let table = summary(&records, Duration::from_secs(80));
        assert!(table.contains("| 1 | format | passed | 1.5 s |"), "{table}");
        assert!(table.contains("| 2 | tests (PostgreSQL) | skipped: --skip-pg | 0 ms |"));
        assert!(table.contains("| 3 | browser tests | **FAILED** | 1 min 15 s |"));
        assert!(table.contains("| **total** | FAILED | 1 min 20 s |"));
    }
}
