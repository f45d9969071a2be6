//! Running other programs: the workspace root, cargo, `PATH` look-ups, free ports, Ctrl-C.

use std::ffi::OsString;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};

/// The workspace root: two levels above this crate's manifest.
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.join("../..");
    root.canonicalize().unwrap_or(root)
}

/// `cargo`, as the one that started us (`CARGO`), run from the workspace root.
pub fn cargo() -> Command {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut command = Command::new(program);
    command.current_dir(root());
    command
}

/// Cargo's target folder (it can be moved by `CARGO_TARGET_DIR` or `.cargo/config.toml`).
pub fn target_dir() -> Result<PathBuf> {
    static TARGET: OnceLock<PathBuf> = OnceLock::new();
    if let Some(dir) = TARGET.get() {
        return Ok(dir.clone());
    }
    let json = output(cargo().args(["metadata", "--format-version", "1", "--no-deps"]))?;
    let metadata: serde_json::Value =
        serde_json::from_str(&json).context("reading `cargo metadata`")?;
    let dir = metadata
        .get("target_directory")
        .and_then(serde_json::Value::as_str)
        .map(PathBuf::from)
        .context("`cargo metadata` gave no target_directory")?;
    Ok(TARGET.get_or_init(|| dir).clone())
}

/// The command line, for messages.
pub fn describe(command: &Command) -> String {
    let program = Path::new(command.get_program());
    // `$CARGO` is a long toolchain path: show it as the user would type it.
    let mut text = if program.file_stem().is_some_and(|stem| stem == "cargo") {
        "cargo".to_owned()
    } else {
        program.to_string_lossy().into_owned()
    };
    for arg in command.get_args() {
        let arg = arg.to_string_lossy();
        if arg.is_empty() || arg.contains([' ', '"', '\'']) {
            text.push_str(&format!(" '{arg}'"));
        } else {
            text.push(' ');
            text.push_str(&arg);
        }
    }
    text
}

/// Runs a command with inherited output; fails unless it succeeds.
pub fn run(command: &mut Command) -> Result<()> {
    let line = describe(command);
    println!("$ {line}");
    let status = command
        .status()
        .with_context(|| format!("could not start `{line}`"))?;
    check_interrupted()?;
    if !status.success() {
        bail!("`{line}` failed ({status})");
    }
    Ok(())
}

/// Runs a command and returns its standard output (its errors go to the terminal).
pub fn output(command: &mut Command) -> Result<String> {
    let line = describe(command);
    let out = command
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("could not start `{line}`"))?;
    check_interrupted()?;
    if !out.status.success() {
        bail!("`{line}` failed ({})", out.status);
    }
    String::from_utf8(out.stdout).with_context(|| format!("`{line}` printed invalid UTF-8"))
}

/// Runs a chatty command quietly; shows what it said only when it fails.
pub fn run_quiet(command: &mut Command) -> Result<()> {
    let line = describe(command);
    println!("$ {line}");
    let out: Output = command
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("could not start `{line}`"))?;
    check_interrupted()?;
    if !out.status.success() {
        eprintln!("{}", tail(&String::from_utf8_lossy(&out.stdout), 60));
        eprintln!("{}", tail(&String::from_utf8_lossy(&out.stderr), 60));
        bail!("`{line}` failed ({})", out.status);
    }
    Ok(())
}

/// The last `lines` lines of a text.
pub fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    let start = all.len().saturating_sub(lines);
    all[start..].join("\n")
}

/// The first `lines` lines of a text.
pub fn head(text: &str, lines: usize) -> String {
    text.lines().take(lines).collect::<Vec<_>>().join("\n")
}

/// An executable called `name` on `PATH`.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// Whether we run as root (initdb refuses to; apt-get needs it).
pub fn is_root() -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
            || Command::new("id")
                .arg("-u")
                .output()
                .is_ok_and(|o| o.status.success() && o.stdout.trim_ascii() == b"0")
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// A TCP port nobody listens on right now.
pub fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("looking for a free port")?;
    Ok(listener.local_addr()?.port())
}

/// Whether nobody listens on `port` yet.
pub fn port_is_free(port: u16) -> bool {
    TcpListener::bind(("127.0.0.1", port)).is_ok()
}

/// Whether an environment variable is set to `1`, `true` or `yes`.
pub fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| matches!(v.trim(), "1" | "true" | "yes"))
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// From now on Ctrl-C does not kill us at once: the children (same process group) get it and
/// stop, then we clean up (temporary servers and folders) and fail.
pub fn catch_interrupt() {
    let installed = ctrlc::set_handler(|| {
        if !INTERRUPTED.swap(true, Ordering::SeqCst) {
            eprintln!("\nInterrupted: stopping and cleaning up…");
        }
    });
    if let Err(error) = installed {
        eprintln!("note: Ctrl-C will not clean up ({error})");
    }
}

/// Fails when Ctrl-C was pressed.
pub fn check_interrupted() -> Result<()> {
    if INTERRUPTED.load(Ordering::SeqCst) {
        bail!("interrupted (Ctrl-C)");
    }
    Ok(())
}

/// Sleeps, but wakes up to fail on Ctrl-C.
pub fn sleep(duration: Duration) -> Result<()> {
    std::thread::sleep(duration);
    check_interrupted()
}

/// A duration for humans: `850 ms`, `12.3 s`, `4 min 05 s`.
pub fn human(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs < 1.0 {
        format!("{} ms", duration.as_millis())
    } else if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        let whole = duration.as_secs();
        format!("{} min {:02} s", whole / 60, whole % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_well() {
        assert_eq!(human(Duration::from_millis(850)), "850 ms");
        assert_eq!(human(Duration::from_millis(12_340)), "12.3 s");
        assert_eq!(human(Duration::from_secs(245)), "4 min 05 s");
    }

    #[test]
    fn command_lines_are_quoted_where_needed() {
        let mut command = Command::new("/root/.rustup/toolchains/stable/bin/cargo");
        command.args(["clippy", "--", "-D", "warnings", "a b", ""]);
        assert_eq!(describe(&command), "cargo clippy -- -D warnings 'a b' ''");
    }

    #[test]
    fn tail_keeps_the_end() {
        assert_eq!(tail("a\nb\nc\n", 2), "b\nc");
        assert_eq!(tail("a", 5), "a");
    }

    #[test]
    fn the_root_holds_the_workspace() {
        assert!(root().join("Cargo.lock").is_file());
    }
}
