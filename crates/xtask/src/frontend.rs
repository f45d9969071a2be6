//! `cargo xtask build-frontend`: the browser app into `frontend/dist/` (see frontend/README.md).
//!
//! wasm32 build → wasm-bindgen (the library, `--target web`, without the `name` and `producers`
//! sections) → content-hashed files in `dist/assets/`, `index.html` and `sw.js` filled in,
//! `public/` copied.
//!
//! No `wasm-opt`: once the `name` section (a third of the file) is gone, binaryen 132 shrinks
//! the wasm by less than 1 % gzip (measured, see docs/performance.md), and Debian's binaryen
//! 108 produces a wasm that fails at start-up (`WebAssembly.Table.set`) with the reference
//! types rustc emits. The build stays the same on every machine.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use sha2::{Digest as _, Sha256};
use wasm_bindgen_cli_support::Bindgen;

use crate::cmd;

/// The wasm target.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Which cargo profile builds the wasm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    /// `wasm-release`: small, slow to build; what users get.
    Release,
    /// `dev`: fast to build, large, with debug names.
    Dev,
}

impl Profile {
    fn cargo_args(self) -> &'static [&'static str] {
        match self {
            Profile::Release => &["--profile", "wasm-release"],
            Profile::Dev => &[],
        }
    }

    fn dir(self) -> &'static str {
        match self {
            Profile::Release => "wasm-release",
            Profile::Dev => "debug",
        }
    }
}

/// `frontend/`.
pub fn frontend_dir() -> PathBuf {
    cmd::root().join("frontend")
}

/// `frontend/dist/`, which the server serves.
pub fn dist_dir() -> PathBuf {
    frontend_dir().join("dist")
}

/// Makes sure rustup has the wasm target (offline when it is already there).
pub fn ensure_wasm_target() -> Result<()> {
    let Some(rustup) = cmd::which("rustup") else {
        println!("note: rustup not found; assuming the {WASM_TARGET} target is installed");
        return Ok(());
    };
    let installed = cmd::output(Command::new(&rustup).args(["target", "list", "--installed"]))?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    cmd::run(Command::new(&rustup).args(["target", "add", WASM_TARGET]))
}

/// Builds the app into `frontend/dist/`; returns that folder.
pub fn build(profile: Profile) -> Result<PathBuf> {
    ensure_wasm_target()?;
    cmd::run(
        cmd::cargo()
            .args(["build", "--package", "frontend", "--target", WASM_TARGET])
            .args(profile.cargo_args()),
    )?;
    let wasm = cmd::target_dir()?
        .join(WASM_TARGET)
        .join(profile.dir())
        .join("frontend.wasm");
    if !wasm.is_file() {
        bail!("cargo built no {}", wasm.display());
    }

    let bindgen_dir = cmd::target_dir()?.join("xtask").join("bindgen");
    if bindgen_dir.exists() {
        fs::remove_dir_all(&bindgen_dir)
            .with_context(|| format!("removing {}", bindgen_dir.display()))?;
    }
    let started = Instant::now();
    println!(
        "wasm-bindgen (library 0.2.130, --target web) → {}",
        bindgen_dir.display()
    );
    Bindgen::new()
        .input_path(&wasm)
        .web(true)?
        .out_name("frontend")
        .typescript(false)
        .debug(profile == Profile::Dev)
        .keep_debug(profile == Profile::Dev)
        .remove_name_section(profile == Profile::Release)
        .remove_producers_section(true)
        .generate(&bindgen_dir)
        .context("wasm-bindgen")?;
    println!("  done in {}", cmd::human(started.elapsed()));

    let dist = dist_dir();
    let report = assemble(&bindgen_dir, &frontend_dir(), &dist)?;
    println!(
        "frontend/dist ready: build {} — {}",
        report.build_id,
        report.assets.join(", ")
    );
    Ok(dist)
}

/// What [`assemble`] wrote.
#[derive(Debug)]
pub struct Assembled {
    /// The service worker's version: a hash over every precached file.
    pub build_id: String,
    /// The file names written to `dist/assets/` (top level).
    pub assets: Vec<String>,
}

/// Lays out `dist` from the wasm-bindgen output and the frontend's sources.
pub fn assemble(bindgen_dir: &Path, frontend: &Path, dist: &Path) -> Result<Assembled> {
    if dist.exists() {
        fs::remove_dir_all(dist).with_context(|| format!("removing {}", dist.display()))?;
    }
    let assets = dist.join("assets");
    fs::create_dir_all(&assets).with_context(|| format!("creating {}", assets.display()))?;
    let mut names = Vec::new();

    // The bindings and the wasm share one hash: they only work together.
    let js = read(&bindgen_dir.join("frontend.js"))?;
    let wasm = read(&bindgen_dir.join("frontend_bg.wasm"))?;
    let pair = short_hash(&[js.as_slice(), wasm.as_slice()].concat());
    let js_name = format!("frontend-{pair}.js");
    let wasm_name = format!("frontend-{pair}_bg.wasm");
    write(&assets.join(&js_name), &js)?;
    write(&assets.join(&wasm_name), &wasm)?;
    names.extend([js_name.clone(), wasm_name.clone()]);

    // JS snippets and local modules, imported by relative path from the bindings.
    for file in files_under(bindgen_dir)? {
        let relative = file.strip_prefix(bindgen_dir)?;
        if relative.parent() != Some(Path::new("")) {
            let to = assets.join(relative);
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::copy(&file, &to).with_context(|| format!("copying {}", file.display()))?;
        }
    }

    let boot = boot_script(&js_name, &wasm_name);
    let boot_name = format!("boot-{}.js", short_hash(boot.as_bytes()));
    write(&assets.join(&boot_name), boot.as_bytes())?;

    let css = read(&frontend.join("style").join("app.css"))?;
    let css_name = format!("app-{}.css", short_hash(&css));
    write(&assets.join(&css_name), &css)?;
    names.extend([boot_name.clone(), css_name.clone()]);

    let template =
        fs::read_to_string(frontend.join("index.html")).context("frontend/index.html")?;
    let index = fill_index(
        &template,
        &format!("/assets/{css_name}"),
        &format!("/assets/{boot_name}"),
    )?;
    write(&dist.join("index.html"), index.as_bytes())?;

    let public = frontend.join("public");
    let sw_template = public.join("sw.js");
    if public.is_dir() {
        for file in files_under(&public)? {
            if file == sw_template {
                continue;
            }
            let to = dist.join(file.strip_prefix(&public)?);
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::copy(&file, &to).with_context(|| format!("copying {}", file.display()))?;
        }
    }

    let precache = precache_urls(dist)?;
    let mut fingerprint = Sha256::new();
    for url in &precache {
        let bytes = read(&dist.join(url.trim_start_matches('/')))?;
        fingerprint.update(url.as_bytes());
        fingerprint.update(Sha256::digest(&bytes));
    }
    let build_id = hex(&fingerprint.finalize())[..16].to_owned();
    if sw_template.is_file() {
        let template = fs::read_to_string(&sw_template).context("frontend/public/sw.js")?;
        let sw = fill_service_worker(&template, &build_id, &precache)?;
        write(&dist.join("sw.js"), sw.as_bytes())?;
    }
    Ok(Assembled {
        build_id,
        assets: names,
    })
}

/// The first 16 hex digits of the SHA-256 of `bytes`.
pub fn short_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))[..16].to_owned()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The module that starts the app (the bindings' default wasm URL is not the hashed one).
pub fn boot_script(js_name: &str, wasm_name: &str) -> String {
    format!(
        "import init from \"./{js_name}\";\ninit({{ module_or_path: \"/assets/{wasm_name}\" }});\n"
    )
}

/// `index.html` with its stylesheet and boot script.
pub fn fill_index(template: &str, stylesheet: &str, boot_script: &str) -> Result<String> {
    for placeholder in ["{{STYLESHEET}}", "{{BOOT_SCRIPT}}"] {
        if !template.contains(placeholder) {
            bail!("frontend/index.html lacks {placeholder}");
        }
    }
    Ok(template
        .replace("{{STYLESHEET}}", stylesheet)
        .replace("{{BOOT_SCRIPT}}", boot_script))
}

/// `sw.js` with its version and its list of shell URLs.
pub fn fill_service_worker(template: &str, version: &str, precache: &[String]) -> Result<String> {
    for placeholder in ["__PASSERELLE_VERSION__", "__PASSERELLE_PRECACHE__"] {
        if !template.contains(placeholder) {
            bail!("frontend/public/sw.js lacks {placeholder}");
        }
    }
    let list = serde_json::to_string(precache)?;
    Ok(template
        .replace("__PASSERELLE_VERSION__", version)
        .replace("__PASSERELLE_PRECACHE__", &list))
}

/// The shell: `/index.html`, the manifest, every file of `assets/` and `icons/`.
pub fn precache_urls(dist: &Path) -> Result<Vec<String>> {
    let mut urls = vec!["/index.html".to_owned()];
    if dist.join("manifest.webmanifest").is_file() {
        urls.push("/manifest.webmanifest".to_owned());
    }
    for folder in ["assets", "icons"] {
        let dir = dist.join(folder);
        if dir.is_dir() {
            for file in files_under(&dir)? {
                let relative = file.strip_prefix(dist)?;
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                urls.push(format!("/{}", parts.join("/")));
            }
        }
    }
    Ok(urls)
}

/// Every file below `dir`, sorted.
pub fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in fs::read_dir(&next).with_context(|| format!("reading {}", next.display()))? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).with_context(|| format!("reading {}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_hashes_are_16_hex_digits_of_sha256() {
        assert_eq!(short_hash(b""), "e3b0c44298fc1c14");
        assert_eq!(short_hash(b"abc"), "ba7816bf8f01cfea");
    }

    #[test]
    fn index_gets_its_stylesheet_and_boot_script() {
        let html = "<link rel=\"stylesheet\" href=\"{{STYLESHEET}}\">\
                    <script type=\"module\" src=\"{{BOOT_SCRIPT}}\"></script>";
        assert_eq!(
            fill_index(html, "/assets/app-1.css", "/assets/boot-2.js").unwrap(),
            "<link rel=\"stylesheet\" href=\"/assets/app-1.css\">\
             <script type=\"module\" src=\"/assets/boot-2.js\"></script>"
        );
        assert!(fill_index("<html></html>", "a", "b").is_err());
    }

    #[test]
    fn service_worker_gets_version_and_precache_list() {
        let template = "const VERSION = \"__PASSERELLE_VERSION__\";\nconst PRECACHE = __PASSERELLE_PRECACHE__;\n";
        let sw = fill_service_worker(
            template,
            "0123456789abcdef",
            &["/index.html".to_owned(), "/assets/a\"b.js".to_owned()],
        )
        .unwrap();
        assert_eq!(
            sw,
            "const VERSION = \"0123456789abcdef\";\nconst PRECACHE = [\"/index.html\",\"/assets/a\\\"b.js\"];\n"
        );
        assert!(fill_service_worker("const VERSION = 1;", "v", &[]).is_err());
    }

    #[test]
    fn boot_imports_the_bindings_and_passes_the_wasm_url() {
        assert_eq!(
            boot_script("frontend-aa.js", "frontend-aa_bg.wasm"),
            "import init from \"./frontend-aa.js\";\n\
             init({ module_or_path: \"/assets/frontend-aa_bg.wasm\" });\n"
        );
    }

    #[test]
    fn assemble_lays_out_dist() {
        let tmp = tempfile::tempdir().unwrap();
        let bindgen = tmp.path().join("bindgen");
        let frontend = tmp.path().join("frontend");
        let dist = frontend.join("dist");
        fs::create_dir_all(bindgen.join("snippets/leptos-1")).unwrap();
        fs::write(
            bindgen.join("frontend.js"),
            "export default function init() {}",
        )
        .unwrap();
        fs::write(bindgen.join("frontend_bg.wasm"), b"\0asm").unwrap();
        fs::write(bindgen.join("snippets/leptos-1/inline0.js"), "export {}").unwrap();
        fs::create_dir_all(frontend.join("style")).unwrap();
        fs::create_dir_all(frontend.join("public/icons")).unwrap();
        fs::write(frontend.join("style/app.css"), "body{}").unwrap();
        fs::write(
            frontend.join("index.html"),
            "<link href=\"{{STYLESHEET}}\"><script src=\"{{BOOT_SCRIPT}}\"></script>",
        )
        .unwrap();
        fs::write(frontend.join("public/manifest.webmanifest"), "{}").unwrap();
        fs::write(frontend.join("public/icons/icon-192.png"), "png").unwrap();
        fs::write(
            frontend.join("public/sw.js"),
            "V=\"__PASSERELLE_VERSION__\";P=__PASSERELLE_PRECACHE__;",
        )
        .unwrap();
        fs::create_dir_all(dist.join("stale")).unwrap();

        let report = assemble(&bindgen, &frontend, &dist).unwrap();

        assert!(!dist.join("stale").exists(), "dist is wiped first");
        let assets: Vec<String> = files_under(&dist.join("assets"))
            .unwrap()
            .iter()
            .map(|p| {
                p.strip_prefix(&dist)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(assets.len(), 5, "{assets:?}");
        assert!(assets.contains(&"assets/snippets/leptos-1/inline0.js".to_owned()));
        let js = assets
            .iter()
            .find(|a| a.starts_with("assets/frontend-") && a.ends_with(".js"));
        let js = js.unwrap().trim_start_matches("assets/").to_owned();
        let hash = js.trim_start_matches("frontend-").trim_end_matches(".js");
        assert_eq!(hash.len(), 16);
        assert!(
            dist.join(format!("assets/frontend-{hash}_bg.wasm"))
                .is_file()
        );

        let index = fs::read_to_string(dist.join("index.html")).unwrap();
        let boot = assets
            .iter()
            .find(|a| a.starts_with("assets/boot-"))
            .unwrap();
        assert!(index.contains(&format!("src=\"/{boot}\"")), "{index}");
        let boot_js = fs::read_to_string(dist.join(boot)).unwrap();
        assert!(boot_js.contains(&format!("import init from \"./{js}\"")));

        let sw = fs::read_to_string(dist.join("sw.js")).unwrap();
        assert!(sw.starts_with(&format!("V=\"{}\";", report.build_id)));
        let list: Vec<String> =
            serde_json::from_str(sw.split("P=").nth(1).unwrap().trim_end_matches(';')).unwrap();
        assert_eq!(list[0], "/index.html");
        assert_eq!(list[1], "/manifest.webmanifest");
        assert!(list.contains(&"/icons/icon-192.png".to_owned()));
        assert!(list.contains(&"/assets/snippets/leptos-1/inline0.js".to_owned()));
        assert_eq!(list.len(), 2 + 5 + 1);
        assert!(dist.join("manifest.webmanifest").is_file());

        // Same sources, same build id; a changed icon changes it.
        let again = assemble(&bindgen, &frontend, &dist).unwrap();
        assert_eq!(again.build_id, report.build_id);
        fs::write(frontend.join("public/icons/icon-192.png"), "png2").unwrap();
        let changed = assemble(&bindgen, &frontend, &dist).unwrap();
        assert_ne!(changed.build_id, report.build_id);
    }
}
