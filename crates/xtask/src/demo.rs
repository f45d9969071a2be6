//! `cargo xtask demo`: build everything, then serve the demo Mission Locale.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context as _, Result, bail};

use crate::{cmd, frontend, server};

/// The demo accounts (password [`DEMO_PASSWORD`]), as in `storage::demo`.
pub const DEMO_LOGINS: &[(&str, &str)] = &[
    ("accueil@ml-demo.test", "accueil"),
    ("conseiller@ml-demo.test", "conseiller"),
    ("manager@ml-demo.test", "manager"),
    ("direction@ml-demo.test", "direction"),
    ("admin@ml-demo.test", "admin"),
    ("lea.moreau@ml-demo.test", "jeune"),
    ("yanis.belkacem@ml-demo.test", "jeune"),
    ("chloe.petit@ml-demo.test", "jeune"),
    ("partenaire@ml-demo.test", "partenaire"),
];

/// The demo password.
pub const DEMO_PASSWORD: &str = "Passerelle-2026";

/// Builds the app and the server, then becomes the server (Ctrl-C stops it).
pub fn run(port: u16, release: bool) -> Result<()> {
    if !cmd::port_is_free(port) {
        bail!("port {port} is already in use: stop what listens there, or pass --port <another>");
    }
    let dist = frontend::build(frontend::Profile::Release)?;
    let mut build = cmd::cargo();
    build.args(["build", "--package", "passerelle"]);
    if release {
        build.arg("--release");
    }
    cmd::run(&mut build)?;
    let binary = server::binary(if release { "release" } else { "debug" })?;

    let url = format!("http://127.0.0.1:{port}");
    let data = std::env::var_os("PASSERELLE_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("data"));
    let outbox = std::env::var_os("PASSERELLE_MAIL__OUTBOX_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| data.join("outbox"));
    println!(
        "{}",
        banner(
            &url,
            &data.display().to_string(),
            &outbox.display().to_string()
        )
    );

    if !cmd::port_is_free(port) {
        bail!("port {port} was taken while building: pass --port <another>");
    }
    let mut serve = Command::new(&binary);
    serve
        .args(["serve", "--demo"])
        .current_dir(cmd::root())
        .env("PASSERELLE_HTTP__PORT", port.to_string())
        .env("PASSERELLE_WEB__STATIC_DIR", &dist);
    if std::env::var_os("PASSERELLE_HTTP__PUBLIC_URL").is_none() {
        serve.env("PASSERELLE_HTTP__PUBLIC_URL", &url);
    }
    println!("$ {}", cmd::describe(&serve));
    become_server(serve)
}

/// What the user needs to try the demo.
pub fn banner(url: &str, data: &str, outbox: &str) -> String {
    let mut text = String::new();
    text.push_str("\n══════════════════════════════════════════════════════════════════════\n");
    text.push_str(&format!("  Passerelle (démo) : {url}\n\n"));
    text.push_str(&format!(
        "  Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :\n"
    ));
    for (email, role) in DEMO_LOGINS {
        text.push_str(&format!("    {email:<30} {role}\n"));
    }
    text.push_str(&format!(
        "\n  Les e-mails ne partent pas : ils arrivent en fichiers .eml dans {outbox}/\n"
    ));
    text.push_str(&format!(
        "  Données (SQLite) : {data}/ — supprimez ce dossier pour repartir à zéro.\n"
    ));
    text.push_str(&format!(
        "  API : {url}/api/docs/ — Ctrl-C arrête le serveur.\n"
    ));
    text.push_str("══════════════════════════════════════════════════════════════════════\n");
    text
}

/// Replaces this process with the server, so Ctrl-C and other signals reach it directly.
#[cfg(unix)]
fn become_server(mut serve: Command) -> Result<()> {
    use std::os::unix::process::CommandExt as _;
    let error = serve.exec();
    Err(error).context("starting the server")
}

/// Runs the server and waits; Ctrl-C reaches it through the console and we wait for it to stop.
#[cfg(not(unix))]
fn become_server(mut serve: Command) -> Result<()> {
    cmd::catch_interrupt();
    let status = serve.status().context("starting the server")?;
    if !status.success() {
        bail!("the server stopped ({status})");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_banner_names_url_logins_and_outbox() {
        let text = banner("http://127.0.0.1:8080", "data", "data/outbox");
        assert!(text.contains("http://127.0.0.1:8080"));
        assert!(text.contains("Passerelle-2026"));
        assert!(text.contains("data/outbox/"));
        for (email, _) in DEMO_LOGINS {
            assert!(text.contains(email));
        }
        assert_eq!(DEMO_LOGINS.len(), 9);
    }
}
