//! The domain crate stays wasm-safe: it builds for the browser and pulls in no server crate.

use anyhow::{Result, bail};

use crate::cmd;
use crate::frontend::WASM_TARGET;

/// Crates (and their `-suffixed` family: `sqlx-core`, `tokio-macros`…) the domain must not use.
pub const FORBIDDEN: &[&str] = &[
    "sea-orm",
    "sea-query",
    "sqlx",
    "actix-web",
    "actix-rt",
    "tokio",
    "jsonwebtoken",
];

/// Builds `domain` for wasm32 and checks its normal dependency tree.
pub fn run() -> Result<()> {
    crate::frontend::ensure_wasm_target()?;
    cmd::run(cmd::cargo().args(["build", "--package", "domain", "--target", WASM_TARGET]))?;
    let tree = cmd::output(cmd::cargo().args([
        "tree",
        "--package",
        "domain",
        "--target",
        WASM_TARGET,
        "--edges",
        "normal",
        "--prefix",
        "none",
    ]))?;
    let found = offenders(&tree);
    if !found.is_empty() {
        bail!(
            "the domain crate depends on {} (for {WASM_TARGET}); it must stay free of server crates: \
             see `cargo tree -p domain --target {WASM_TARGET} -e normal -i {}`",
            found.join(", "),
            found[0]
        );
    }
    let crates = tree.lines().filter(|l| !l.trim().is_empty()).count();
    println!(
        "domain: {crates} crates in its wasm32 tree, none of {}",
        FORBIDDEN.join(", ")
    );
    Ok(())
}

/// The forbidden crates named in a `cargo tree --prefix none` listing, once each.
pub fn offenders(tree: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for line in tree.lines() {
        let Some(name) = line.split_whitespace().next() else {
            continue;
        };
        let forbidden = FORBIDDEN.iter().any(|f| {
            name == *f
                || name
                    .strip_prefix(f)
                    .is_some_and(|rest| rest.starts_with('-'))
        });
        if forbidden && !found.iter().any(|n| n == name) {
            found.push(name.to_owned());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_tree_has_no_offenders() {
        let tree = "domain v0.1.0 (/work/main/crates/domain)\n\
                    chrono v0.4.42\n\
                    num-traits v0.2.19\n\
                    serde v1.0.228\n\
                    serde_derive v1.0.228 (proc-macro)\n\
                    serde v1.0.228 (*)\n\
                    tokenizers v0.1.0\n\
                    sqlxish v1.0.0\n\n";
        assert!(offenders(tree).is_empty());
    }

    #[test]
    fn server_crates_are_named_once() {
        let tree = "domain v0.1.0 (/work/main/crates/domain)\n\
                    sea-orm v2.0.4\n\
                    sea-query v1.0.0\n\
                    sqlx-core v0.9.0\n\
                    tokio v1.54.1\n\
                    tokio v1.54.1 (*)\n\
                    tokio-macros v2.6.0 (proc-macro)\n\
                    jsonwebtoken v10.0.0\n";
        assert_eq!(
            offenders(tree),
            [
                "sea-orm",
                "sea-query",
                "sqlx-core",
                "tokio",
                "tokio-macros",
                "jsonwebtoken"
            ]
        );
    }
}
