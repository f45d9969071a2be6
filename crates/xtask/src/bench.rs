//! `cargo xtask bench`: throughput and latency of the release server, with `wrk`. Never in CI.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};

use crate::demo::DEMO_PASSWORD;
use crate::server::{self, Server};
use crate::{cmd, frontend, http, pg, size};

const THREADS: u32 = 2;
const CONNECTIONS: u32 = 32;
const LOGIN: &str = "conseiller@ml-demo.test";

/// What `wrk --latency` measured.
#[derive(Debug, Clone, PartialEq)]
pub struct WrkResult {
    /// Requests per second.
    pub requests_per_sec: f64,
    /// 99th percentile latency, in milliseconds.
    pub p99_ms: f64,
    /// Answers outside 2xx/3xx.
    pub non_2xx: u64,
    /// Connect, read, write and timeout errors.
    pub socket_errors: u64,
}

/// One line of the table.
#[derive(Debug, Clone)]
pub struct Row {
    /// e.g. `GET /healthz`.
    pub endpoint: String,
    /// `SQLite` or `PostgreSQL`.
    pub database: &'static str,
    /// The measure.
    pub result: WrkResult,
}

/// The file benchmark (`crates/storage/benches/files.rs`) on SQLite, then on a throwaway
/// PostgreSQL cluster.
pub fn files(people: usize) -> Result<()> {
    cmd::catch_interrupt();
    let people = people.to_string();
    let bench = |extra: &[&str]| {
        let mut command = cmd::cargo();
        command.args([
            "bench",
            "--package",
            "storage",
            "--bench",
            "files",
            "--",
            "--people",
            &people,
        ]);
        command.args(extra);
        cmd::run(&mut command)
    };
    bench(&[])?;
    match pg::find_bin() {
        Some(bin) => {
            let cluster = pg::Cluster::start(&bin)?;
            cluster.create_database("passerelle_bench_files")?;
            let url = format!("{}/passerelle_bench_files", cluster.server_url());
            bench(&["--url", &url])?;
        }
        None => println!("note: no PostgreSQL under /usr/lib/postgresql: SQLite only"),
    }
    Ok(())
}

/// Runs the benchmark and prints the tables.
pub fn run(seconds: u64) -> Result<()> {
    cmd::catch_interrupt();
    let wrk = ensure_wrk()?;
    cmd::run(cmd::cargo().args(["build", "--package", "passerelle", "--release"]))?;
    let binary = server::binary("release")?;

    let mut rows = Vec::new();
    rows.extend(measure_server(&wrk, &binary, "SQLite", &[], seconds)?);
    match pg::find_bin() {
        Some(bin) => {
            let cluster = pg::Cluster::start(&bin)?;
            cluster.create_database("passerelle_bench")?;
            let url = format!("{}/passerelle_bench", cluster.server_url());
            rows.extend(measure_server(
                &wrk,
                &binary,
                "PostgreSQL",
                &[("PASSERELLE_DATABASE__URL", url)],
                seconds,
            )?);
        }
        None => println!("note: no PostgreSQL under /usr/lib/postgresql: SQLite only"),
    }

    let dist = frontend::build(frontend::Profile::Release)?;
    let weights = size::measure(&dist)?;

    println!("\n## Machine\n\n{}", machine());
    println!(
        "## Throughput (wrk, {THREADS} threads, {CONNECTIONS} connections, {seconds} s each)\n"
    );
    println!("{}", table(&rows));
    println!(
        "## App weight: first load and chunks\n\n{}",
        size::table(&weights)
    );
    Ok(())
}

fn measure_server(
    wrk: &Path,
    binary: &Path,
    database: &'static str,
    env: &[(&str, String)],
    seconds: u64,
) -> Result<Vec<Row>> {
    println!("\n━━━━ {database} ━━━━");
    let mut settings = vec![("PASSERELLE_AUTH__ACCESS_TOKEN_MINUTES", "60".to_owned())];
    settings.extend(env.iter().cloned());
    let mut server = Server::start(binary, &settings)?;
    if let Err(error) = server.wait_ready(Duration::from_secs(60)) {
        server.show_log();
        return Err(error);
    }
    let token = login(server.port)?;
    let auth = format!("Authorization: Bearer {token}");
    let base = server.base_url();
    let mut rows = Vec::new();
    for (path, header) in [("/healthz", None), ("/api/v1/me", Some(auth.as_str()))] {
        let url = format!("{base}{path}");
        // A short warm-up (connections, caches), then the measure.
        wrk_run(wrk, &url, header, 3, false)?;
        let result = wrk_run(wrk, &url, header, seconds, true)?;
        println!(
            "GET {path} on {database}: {:.0} req/s, p99 {:.2} ms",
            result.requests_per_sec, result.p99_ms
        );
        rows.push(Row {
            endpoint: format!("GET {path}"),
            database,
            result,
        });
    }
    Ok(rows)
}

/// Logs in as the demo counsellor; returns the access token.
fn login(port: u16) -> Result<String> {
    let body = serde_json::json!({ "email": LOGIN, "password": DEMO_PASSWORD }).to_string();
    let response = http::request(
        port,
        "POST",
        "/api/v1/auth/login",
        Some(&body),
        Duration::from_secs(30),
    )?;
    if response.status != 200 {
        bail!(
            "login as {LOGIN} answered {}: {}",
            response.status,
            response.body
        );
    }
    let session: serde_json::Value =
        serde_json::from_str(&response.body).context("reading the login answer")?;
    session
        .get("access_token")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .context("the login answer has no access_token")
}

fn wrk_run(
    wrk: &Path,
    url: &str,
    header: Option<&str>,
    seconds: u64,
    show: bool,
) -> Result<WrkResult> {
    let mut command = Command::new(wrk);
    command.args([
        format!("-t{THREADS}"),
        format!("-c{CONNECTIONS}"),
        format!("-d{seconds}s"),
        "--latency".to_owned(),
    ]);
    if let Some(header) = header {
        command.arg("-H").arg(header);
    }
    command.arg(url);
    if show {
        let shown =
            cmd::describe(&command).replace(header.unwrap_or("\0"), "Authorization: Bearer …");
        println!("$ {shown}");
    }
    let out = command.output().context("running wrk")?;
    cmd::check_interrupted()?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        bail!(
            "wrk failed ({}): {text}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    if show {
        println!("{text}");
    }
    parse_wrk(&text)
}

/// Reads requests/s, p99, errors from `wrk --latency`'s report.
pub fn parse_wrk(text: &str) -> Result<WrkResult> {
    let mut requests_per_sec = None;
    let mut p99_ms = None;
    let mut non_2xx = 0;
    let mut socket_errors = 0;
    for line in text.lines() {
        let line = line.trim();
        if let Some(value) = line.strip_prefix("Requests/sec:") {
            requests_per_sec = value.trim().parse().ok();
        } else if let Some(value) = line.strip_prefix("99%") {
            p99_ms = parse_latency_ms(value.trim());
        } else if let Some(value) = line.strip_prefix("Non-2xx or 3xx responses:") {
            non_2xx = value.trim().parse().unwrap_or(0);
        } else if let Some(value) = line.strip_prefix("Socket errors:") {
            // "connect 0, read 0, write 0, timeout 0"
            socket_errors = value
                .split(',')
                .filter_map(|part| part.split_whitespace().nth(1)?.parse::<u64>().ok())
                .sum();
        }
    }
    Ok(WrkResult {
        requests_per_sec: requests_per_sec.context("no `Requests/sec:` in wrk's report")?,
        p99_ms: p99_ms.context("no 99% latency in wrk's report (was --latency given?)")?,
        non_2xx,
        socket_errors,
    })
}

/// `850.00us`, `3.45ms`, `1.02s`, `1.5m` → milliseconds.
pub fn parse_latency_ms(value: &str) -> Option<f64> {
    let split = value.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = value.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor = match unit {
        "us" => 0.001,
        "ms" => 1.0,
        "s" => 1000.0,
        "m" => 60_000.0,
        "h" => 3_600_000.0,
        _ => return None,
    };
    Some(number * factor)
}

/// The markdown table.
pub fn table(rows: &[Row]) -> String {
    let mut out =
        String::from("| endpoint | database | req/s | p99 |\n| --- | --- | ---: | ---: |\n");
    for row in rows {
        let errors = row.result.non_2xx + row.result.socket_errors;
        let warning = if errors > 0 {
            format!(" (⚠ {errors} errors)")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "| {} | {} | {:.0}{warning} | {:.2} ms |\n",
            row.endpoint, row.database, row.result.requests_per_sec, row.result.p99_ms
        ));
    }
    out
}

/// `wrk` on PATH, installed from Debian when we are root.
fn ensure_wrk() -> Result<PathBuf> {
    if let Some(wrk) = cmd::which("wrk") {
        return Ok(wrk);
    }
    if cmd::is_root() && cmd::which("apt-get").is_some() {
        println!("note: installing Debian's wrk with apt-get…");
        cmd::run_quiet(Command::new("apt-get").args(["update", "-q"]))?;
        cmd::run_quiet(
            Command::new("apt-get")
                .env("DEBIAN_FRONTEND", "noninteractive")
                .args(["install", "-y", "-q", "wrk"]),
        )?;
        return cmd::which("wrk").context("apt-get installed wrk, but it is not on PATH");
    }
    bail!(
        "the benchmark needs `wrk` (https://github.com/wg/wrk): install it \
         (`sudo apt-get install wrk`, `brew install wrk`) and run `cargo xtask bench` again"
    )
}

/// Cores, memory, CPU and date, for the record.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(
            || "unknown".to_owned(),
            |kib| format!("{:.1} GiB", kib / 1_048_576.0),
        );
    let date = Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let rustc = Command::new("rustc")
        .arg("-V")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!(
        "- date: {date}\n- cores: {cores} (`nproc`)\n- memory: {memory}\n- CPU: {cpu}\n\
         - {rustc}; server built with `--release`, wrk on the same machine\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "Running 20s test @ http://127.0.0.1:40123/healthz
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.23ms  456.00us  12.34ms   78.90%
    Req/Sec    12.34k     1.23k   15.67k    70.00%
  Latency Distribution
     50%    1.10ms
     75%    1.50ms
     90%    2.00ms
     99%  850.00us
  491234 requests in 20.00s, 56.78MB read
Requests/sec:  24561.70
Transfer/sec:      2.84MB
";

    #[test]
    fn reads_wrk_latency_report() {
        let result = parse_wrk(REPORT).unwrap();
        assert_eq!(
            result,
            WrkResult {
                requests_per_sec: 24561.70,
                p99_ms: 0.85,
                non_2xx: 0,
                socket_errors: 0
            }
        );
    }

    #[test]
    fn reads_errors() {
        let report = REPORT.replace(
            "Requests/sec:",
            "  Socket errors: connect 0, read 3, write 0, timeout 2\n  Non-2xx or 3xx responses: 17\nRequests/sec:",
        );
        let result = parse_wrk(&report).unwrap();
        assert_eq!(result.non_2xx, 17);
        assert_eq!(result.socket_errors, 5);
    }

    #[test]
    fn needs_the_latency_distribution() {
        let report: String = REPORT.lines().filter(|l| !l.contains("99%")).collect();
        assert!(parse_wrk(&report).is_err());
    }

    #[test]
    fn latency_units() {
        assert_eq!(parse_latency_ms("3.45ms"), Some(3.45));
        assert_eq!(parse_latency_ms("1.50s"), Some(1500.0));
        assert_eq!(parse_latency_ms("2.00m"), Some(120_000.0));
        assert_eq!(parse_latency_ms("12"), None);
    }

    #[test]
    fn the_table_flags_errors() {
        let row = |database, non_2xx| Row {
            endpoint: "GET /api/v1/me".to_owned(),
            database,
            result: WrkResult {
                requests_per_sec: 1234.4,
                p99_ms: 12.346,
                non_2xx,
                socket_errors: 0,
            },
        };
        let text = table(&[row("SQLite", 0), row("PostgreSQL", 4)]);
        assert!(
            text.contains("| GET /api/v1/me | SQLite | 1234 | 12.35 ms |"),
            "{text}"
        );
        assert!(text.contains("| GET /api/v1/me | PostgreSQL | 1234 (⚠ 4 errors) | 12.35 ms |"));
    }
}
