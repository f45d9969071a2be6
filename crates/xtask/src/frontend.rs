//! `cargo xtask build-frontend`: the browser app into `frontend/dist/` (see frontend/README.md).
//!
//! 1. cargo builds the app for wasm32, its final link with `--emit-relocs` (`cargo rustc`, so
//!    the dependencies' artifacts stay those of clippy and the domain check);
//! 2. wasm-split (the `wasm_split_cli_support` library) cuts it at the split points of
//!    `frontend/src/split.rs`: a main module, one chunk per split (`split_counsellor.wasm`…),
//!    chunks of code that several splits share (`chunk_<n>.wasm`) and a JavaScript loader that
//!    fetches them; in release each chunk is re-encoded (wasm-encoder) without the linker's
//!    padded indices and without its `name` and `producers` sections;
//! 3. wasm-bindgen (the library, `--target web`, without the `name` and `producers` sections,
//!    keeping the linker's exports that the chunks import) on the main module;
//! 4. [`assemble`]: content-hashed files in `dist/assets/` (the bindings, the main wasm and the
//!    loader import each other and share one hash; each chunk has its own), the split manifest,
//!    `index.html` and `sw.js` filled in (precached: the shell and what the youth app and the
//!    public pages load; kept on first use: the staff faces' chunks), `public/` copied.
//!
//! Both profiles split: a split point imports the loader, so an unsplit wasm would not even
//! instantiate, and the browser tests run what users get.
//!
//! No `wasm-opt`: once the `name` section (a third of the file) is gone, binaryen 132 shrinks
//! the wasm by less than 1 % gzip (measured, see docs/performance.md), and Debian's binaryen
//! 108 produces a wasm that fails at start-up (`WebAssembly.Table.set`) with the reference
//! types rustc emits. The build stays the same on every machine.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context as _, Result, anyhow, bail};
use sha2::{Digest as _, Sha256};
use wasm_bindgen_cli_support::Bindgen;
use wasm_encoder::reencode::{self, Reencode};

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

/// The name under which the main wasm imports the split loader, and the one under which the
/// loader imports the bindings (`initSync`): placeholders, replaced by [`assemble`] with the
/// content-hashed names (the two modules import each other, so they share one hash).
pub const LOADER_PLACEHOLDER: &str = "./__passerelle_split_loader__.js";
/// See [`LOADER_PLACEHOLDER`].
pub const BINDINGS_PLACEHOLDER: &str = "./__passerelle_bindings__.js";

/// The splits (`frontend/src/split.rs`) of the staff faces: the service worker does not
/// precache their files on a young person's phone, it keeps them when first fetched.
pub const ON_DEMAND_SPLITS: &[&str] = &["counsellor", "partner"];

/// `dist/` file naming, for each split, the `assets/` files it loads (its own and the shared
/// chunks it needs), as wasm-split's prefetch map with the final names. Read by
/// `cargo xtask size`; the app does not fetch it.
pub const SPLIT_MANIFEST: &str = "__wasm_split_manifest.json";

/// Builds the app into `frontend/dist/`; returns that folder.
pub fn build(profile: Profile) -> Result<PathBuf> {
    ensure_wasm_target()?;
    // wasm-split needs the linker's relocations. `cargo rustc` passes the flag to the final link
    // only: the dependencies keep the artifacts they share with clippy and the domain check.
    cmd::run(
        cmd::cargo()
            .args(["rustc", "--package", "frontend", "--bin", "frontend"])
            .args(["--target", WASM_TARGET])
            .args(profile.cargo_args())
            .args(["--", "-C", "link-arg=--emit-relocs"]),
    )?;
    let wasm = cmd::target_dir()?
        .join(WASM_TARGET)
        .join(profile.dir())
        .join("frontend.wasm");
    if !wasm.is_file() {
        bail!("cargo built no {}", wasm.display());
    }

    let work = cmd::target_dir()?.join("xtask");
    let split_dir = fresh_dir(&work.join("split"))?;
    let started = Instant::now();
    println!("wasm-split (library 0.2.4) → {}", split_dir.display());
    let split = split(&read(&wasm)?, &split_dir, profile)?;
    println!(
        "  done in {}: {} chunks for the splits {}",
        cmd::human(started.elapsed()),
        split.chunks.len(),
        split
            .prefetch
            .keys()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    );

    let bindgen_dir = fresh_dir(&work.join("bindgen"))?;
    let started = Instant::now();
    println!(
        "wasm-bindgen (library 0.2.130, --target web) → {}",
        bindgen_dir.display()
    );
    Bindgen::new()
        .input_path(&split.main)
        .web(true)?
        .out_name("frontend")
        .typescript(false)
        .debug(profile == Profile::Dev)
        .keep_debug(profile == Profile::Dev)
        .remove_name_section(profile == Profile::Release)
        .remove_producers_section(true)
        // The chunks import the functions, globals and table the main module exports for them.
        .keep_lld_exports(true)
        .generate(&bindgen_dir)
        .context("wasm-bindgen")?;
    println!("  done in {}", cmd::human(started.elapsed()));

    let dist = dist_dir();
    let report = assemble(&bindgen_dir, &split, &frontend_dir(), &dist)?;
    println!(
        "frontend/dist ready: build {} — {}",
        report.build_id,
        report.assets.join(", ")
    );
    Ok(dist)
}

/// What wasm-split produced.
#[derive(Debug)]
pub struct Split {
    /// The main module, for wasm-bindgen.
    pub main: PathBuf,
    /// The loader (JavaScript) that fetches and instantiates the chunks.
    pub loader: PathBuf,
    /// The chunks: `split_<name>.wasm` for each split, `chunk_<n>.wasm` for code shared by
    /// several splits.
    pub chunks: Vec<PathBuf>,
    /// For each split, the stems of the chunks it loads (`["chunk_0", "split_youth"]`).
    pub prefetch: BTreeMap<String, Vec<String>>,
}

/// Splits cargo's wasm (`input`) at its split points into `dir`.
fn split(input: &[u8], dir: &Path, profile: Profile) -> Result<Split> {
    let main = dir.join("main.wasm");
    let output = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(input);
        options.output_dir = dir;
        options.main_out_path = &main;
        options.link_name = LOADER_PLACEHOLDER;
        options.main_module = BINDINGS_PLACEHOLDER;
        options
    })
    .map_err(|error| anyhow!("wasm-split: {error:?}"))?;
    let mut chunks = output.split_modules;
    chunks.sort();
    if profile == Profile::Release {
        for chunk in &chunks {
            write(chunk, &compact_chunk(&read(chunk)?)?)?;
        }
    }
    Ok(Split {
        main,
        loader: dir.join(LOADER_PLACEHOLDER),
        chunks,
        prefetch: output.prefetch_map.into_iter().collect(),
    })
}

/// `chunk` written again by wasm-encoder, without its `name` and `producers` sections (like
/// wasm-bindgen does for the main module). wasm-split copies the function bodies as the linker
/// wrote them for `--emit-relocs`, every relocated index padded to five bytes; written again,
/// each takes the bytes it needs: 9 % less raw, 2.4 % less gzip (measured).
pub fn compact_chunk(chunk: &[u8]) -> Result<Vec<u8>> {
    struct Compact;
    impl Reencode for Compact {
        type Error = std::convert::Infallible;

        fn parse_custom_section(
            &mut self,
            module: &mut wasm_encoder::Module,
            section: wasmparser::CustomSectionReader<'_>,
        ) -> Result<(), reencode::Error<Self::Error>> {
            if matches!(section.name(), "name" | "producers") {
                return Ok(());
            }
            reencode::utils::parse_custom_section(self, module, section)
        }
    }
    let mut module = wasm_encoder::Module::new();
    Compact
        .parse_core_module(&mut module, wasmparser::Parser::new(0), chunk)
        .map_err(|error| anyhow!("re-encoding a chunk: {error}"))?;
    Ok(module.finish())
}

fn fresh_dir(dir: &Path) -> Result<PathBuf> {
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir.to_path_buf())
}

/// What [`assemble`] wrote.
#[derive(Debug)]
pub struct Assembled {
    /// The service worker's version: a hash over every file it lists.
    pub build_id: String,
    /// The file names written to `dist/assets/` (top level).
    pub assets: Vec<String>,
}

/// Lays out `dist` from the wasm-bindgen and wasm-split outputs and the frontend's sources.
pub fn assemble(
    bindgen_dir: &Path,
    split: &Split,
    frontend: &Path,
    dist: &Path,
) -> Result<Assembled> {
    if dist.exists() {
        fs::remove_dir_all(dist).with_context(|| format!("removing {}", dist.display()))?;
    }
    let assets = dist.join("assets");
    fs::create_dir_all(&assets).with_context(|| format!("creating {}", assets.display()))?;
    let mut names = Vec::new();

    // Each chunk under its own hash (`counsellor-<hash>.wasm`, `chunk_0-<hash>.wasm`), and the
    // loader fetches it under that name.
    let mut loader = fs::read_to_string(&split.loader)
        .with_context(|| format!("reading {}", split.loader.display()))?;
    let mut chunk_names = BTreeMap::new();
    for chunk in &split.chunks {
        let stem = chunk
            .file_stem()
            .and_then(|s| s.to_str())
            .with_context(|| format!("chunk name {}", chunk.display()))?;
        let bytes = read(chunk)?;
        let name = format!(
            "{}-{}.wasm",
            stem.strip_prefix("split_").unwrap_or(stem),
            short_hash(&bytes)
        );
        let quoted = format!("\"./{stem}.wasm\"");
        if !loader.contains(&quoted) {
            bail!("the split loader does not load {stem}.wasm");
        }
        loader = loader.replace(&quoted, &format!("\"./{name}\""));
        write(&assets.join(&name), &bytes)?;
        chunk_names.insert(stem.to_owned(), name.clone());
        names.push(name);
    }

    // The bindings, the main wasm and the loader share one hash: they only work together (the
    // bindings import the loader, which imports the bindings).
    // Only the `import … from` statements change: the wasm still names its imports' module
    // by the placeholder, and the imports object keeps it as key.
    let js = fs::read_to_string(bindgen_dir.join("frontend.js")).context("frontend.js")?;
    let wasm = read(&bindgen_dir.join("frontend_bg.wasm"))?;
    let import_loader = format!("from \"{LOADER_PLACEHOLDER}\"");
    let import_bindings = format!("from \"{BINDINGS_PLACEHOLDER}\"");
    let linked = js.contains(&import_loader) && loader.contains(&import_bindings);
    if !split.chunks.is_empty() && !linked {
        bail!("the bindings and the split loader do not import each other as expected");
    }
    let pair = short_hash(&[js.as_bytes(), wasm.as_slice(), loader.as_bytes()].concat());
    let js_name = format!("frontend-{pair}.js");
    let wasm_name = format!("frontend-{pair}_bg.wasm");
    let loader_name = format!("frontend-{pair}_split.js");
    let js = js.replace(&import_loader, &format!("from \"./{loader_name}\""));
    let loader = loader.replace(&import_bindings, &format!("from \"./{js_name}\""));
    write(&assets.join(&js_name), js.as_bytes())?;
    write(&assets.join(&wasm_name), &wasm)?;
    write(&assets.join(&loader_name), loader.as_bytes())?;
    names.extend([js_name.clone(), wasm_name.clone(), loader_name]);

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

    // Which files each split loads, under their final names.
    let mut manifest: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (split_name, stems) in &split.prefetch {
        let mut files = Vec::new();
        for stem in stems {
            let name = chunk_names
                .get(stem)
                .with_context(|| format!("split {split_name} needs {stem}.wasm, not produced"))?;
            files.push(name.clone());
        }
        manifest.insert(split_name, files);
    }
    write(
        &dist.join(SPLIT_MANIFEST),
        serde_json::to_string_pretty(&manifest)?.as_bytes(),
    )?;

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

    // The staff faces' chunks are kept when first fetched; the rest is precached.
    let needed_elsewhere: Vec<&String> = manifest
        .iter()
        .filter(|(split_name, _)| !ON_DEMAND_SPLITS.contains(split_name))
        .flat_map(|(_, files)| files)
        .collect();
    let on_demand: Vec<String> = manifest
        .iter()
        .filter(|(split_name, _)| ON_DEMAND_SPLITS.contains(split_name))
        .flat_map(|(_, files)| files)
        .filter(|file| !needed_elsewhere.contains(file))
        .map(|file| format!("/assets/{file}"))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let precache: Vec<String> = precache_urls(dist)?
        .into_iter()
        .filter(|url| !on_demand.contains(url))
        .collect();
    let mut fingerprint = Sha256::new();
    for url in precache.iter().chain(&on_demand) {
        let bytes = read(&dist.join(url.trim_start_matches('/')))?;
        fingerprint.update(url.as_bytes());
        fingerprint.update(Sha256::digest(&bytes));
    }
    let build_id = hex(&fingerprint.finalize())[..16].to_owned();
    if sw_template.is_file() {
        let template = fs::read_to_string(&sw_template).context("frontend/public/sw.js")?;
        let sw = fill_service_worker(&template, &build_id, &precache, &on_demand)?;
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

/// `sw.js` with its version, its list of shell URLs (precached when it installs) and its list
/// of chunks kept when first fetched.
pub fn fill_service_worker(
    template: &str,
    version: &str,
    precache: &[String],
    on_demand: &[String],
) -> Result<String> {
    for placeholder in [
        "__PASSERELLE_VERSION__",
        "__PASSERELLE_PRECACHE__",
        "__PASSERELLE_ON_DEMAND__",
    ] {
        if !template.contains(placeholder) {
            bail!("frontend/public/sw.js lacks {placeholder}");
        }
    }
    Ok(template
        .replace("__PASSERELLE_VERSION__", version)
        .replace("__PASSERELLE_PRECACHE__", &serde_json::to_string(precache)?)
        .replace(
            "__PASSERELLE_ON_DEMAND__",
            &serde_json::to_string(on_demand)?,
        ))
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
    fn service_worker_gets_version_and_file_lists() {
        let template = "const VERSION = \"__PASSERELLE_VERSION__\";\n\
                        const PRECACHE = __PASSERELLE_PRECACHE__;\n\
                        const ON_DEMAND = new Set(__PASSERELLE_ON_DEMAND__);\n";
        let sw = fill_service_worker(
            template,
            "0123456789abcdef",
            &["/index.html".to_owned(), "/assets/a\"b.js".to_owned()],
            &["/assets/c.wasm".to_owned()],
        )
        .unwrap();
        assert_eq!(
            sw,
            "const VERSION = \"0123456789abcdef\";\n\
             const PRECACHE = [\"/index.html\",\"/assets/a\\\"b.js\"];\n\
             const ON_DEMAND = new Set([\"/assets/c.wasm\"]);\n"
        );
        assert!(fill_service_worker("const VERSION = 1;", "v", &[], &[]).is_err());
    }

    #[test]
    fn compacted_chunks_lose_their_padding_and_their_names() {
        let custom = |name: &str, payload: &[u8]| {
            let mut body = vec![u8::try_from(name.len()).unwrap()];
            body.extend_from_slice(name.as_bytes());
            body.extend_from_slice(payload);
            let mut section = vec![0, u8::try_from(body.len()).unwrap()];
            section.extend(body);
            section
        };
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 4, 1, 0x60, 0, 0]); // type 0: () -> ()
        wasm.extend([3, 2, 1, 0]); // one function of type 0
        // Its body calls itself, the index padded to five bytes as the linker leaves it.
        wasm.extend([10, 10, 1, 8, 0, 0x10, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0b]);
        wasm.extend(custom("name", &[1, 2, 0, 0]));
        wasm.extend(custom("keep", b"x"));
        wasm.extend(custom("producers", &[0]));

        let compact = compact_chunk(&wasm).unwrap();
        let mut expected = b"\0asm\x01\0\0\0".to_vec();
        expected.extend([1, 4, 1, 0x60, 0, 0]);
        expected.extend([3, 2, 1, 0]);
        expected.extend([10, 6, 1, 4, 0, 0x10, 0x00, 0x0b]);
        expected.extend(custom("keep", b"x"));
        assert_eq!(compact, expected);
        assert!(compact_chunk(b"nope").is_err());
    }

    /// wasm-bindgen's and wasm-split's outputs, as the build writes them, under `tmp`.
    fn fake_outputs(tmp: &Path) -> (PathBuf, Split) {
        let bindgen = tmp.join("bindgen");
        let split_dir = tmp.join("split");
        fs::create_dir_all(bindgen.join("snippets/leptos-1")).unwrap();
        fs::create_dir_all(&split_dir).unwrap();
        fs::write(
            bindgen.join("frontend.js"),
            format!(
                "import * as import1 from \"{LOADER_PLACEHOLDER}\"\n\
                 const imports = {{ \"{LOADER_PLACEHOLDER}\": import1 }};\n\
                 export default function init() {{}}"
            ),
        )
        .unwrap();
        fs::write(bindgen.join("frontend_bg.wasm"), b"\0asm").unwrap();
        fs::write(bindgen.join("snippets/leptos-1/inline0.js"), "export {}").unwrap();
        let loader = split_dir.join(LOADER_PLACEHOLDER);
        fs::write(
            &loader,
            format!(
                "import {{ initSync }} from \"{BINDINGS_PLACEHOLDER}\";\n\
                 const c0 = fetch(new URL(\"./chunk_0.wasm\", import.meta.url));\n\
                 const c1 = fetch(new URL(\"./chunk_1.wasm\", import.meta.url));\n\
                 const y = fetch(new URL(\"./split_youth.wasm\", import.meta.url));\n\
                 const c = fetch(new URL(\"./split_counsellor.wasm\", import.meta.url));\n"
            ),
        )
        .unwrap();
        let mut chunks = Vec::new();
        for (stem, bytes) in [
            ("chunk_0", "shared by counsellor and youth"),
            ("chunk_1", "shared by counsellor and partner"),
            ("split_counsellor", "counsellor"),
            ("split_youth", "youth"),
        ] {
            let path = split_dir.join(format!("{stem}.wasm"));
            fs::write(&path, bytes).unwrap();
            chunks.push(path);
        }
        let prefetch = [
            ("counsellor", vec!["chunk_0", "chunk_1", "split_counsellor"]),
            ("youth", vec!["chunk_0", "split_youth"]),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.into_iter().map(str::to_owned).collect()))
        .collect();
        let split = Split {
            main: split_dir.join("main.wasm"),
            loader,
            chunks,
            prefetch,
        };
        (bindgen, split)
    }

    #[test]
    fn assemble_lays_out_dist() {
        let tmp = tempfile::tempdir().unwrap();
        let (bindgen, split) = fake_outputs(tmp.path());
        let frontend = tmp.path().join("frontend");
        let dist = frontend.join("dist");
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
            "V=\"__PASSERELLE_VERSION__\";P=__PASSERELLE_PRECACHE__;O=__PASSERELLE_ON_DEMAND__;",
        )
        .unwrap();
        fs::create_dir_all(dist.join("stale")).unwrap();

        let report = assemble(&bindgen, &split, &frontend, &dist).unwrap();

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
        assert_eq!(assets.len(), 10, "{assets:?}");
        assert!(assets.contains(&"assets/snippets/leptos-1/inline0.js".to_owned()));
        let find = |prefix: &str, suffix: &str| -> String {
            let found = assets
                .iter()
                .find(|a| a.starts_with(&format!("assets/{prefix}")) && a.ends_with(suffix));
            found.unwrap().trim_start_matches("assets/").to_owned()
        };

        // The bindings, the main wasm and the loader share one hash and import each other.
        let js = find("frontend-", "_bg.wasm");
        let hash = &js["frontend-".len()..js.len() - "_bg.wasm".len()];
        assert_eq!(hash.len(), 16, "{js}");
        assert!(dist.join(format!("assets/frontend-{hash}.js")).is_file());
        let loader_name = format!("frontend-{hash}_split.js");
        let bindings = fs::read_to_string(dist.join("assets").join(format!("frontend-{hash}.js")));
        let bindings = bindings.unwrap();
        assert!(bindings.contains(&format!("import * as import1 from \"./{loader_name}\"")));
        assert!(
            bindings.contains(&format!("\"{LOADER_PLACEHOLDER}\": import1")),
            "the imports object keeps the wasm's module name"
        );
        let loader = fs::read_to_string(dist.join("assets").join(&loader_name)).unwrap();
        assert!(
            loader.contains(&format!("from \"./frontend-{hash}.js\"")),
            "{loader}"
        );

        // Each chunk under its own hash, fetched by the loader under that name.
        let counsellor = find("counsellor-", ".wasm");
        let youth = find("youth-", ".wasm");
        let chunk_0 = find("chunk_0-", ".wasm");
        let chunk_1 = find("chunk_1-", ".wasm");
        assert_eq!(
            counsellor,
            format!("counsellor-{}.wasm", short_hash(b"counsellor"))
        );
        for chunk in [&counsellor, &youth, &chunk_0, &chunk_1] {
            assert!(
                loader.contains(&format!("new URL(\"./{chunk}\"")),
                "{chunk}: {loader}"
            );
        }
        let manifest: BTreeMap<String, Vec<String>> =
            serde_json::from_str(&fs::read_to_string(dist.join(SPLIT_MANIFEST)).unwrap()).unwrap();
        assert_eq!(manifest["youth"], [chunk_0.clone(), youth.clone()]);
        assert_eq!(manifest["counsellor"].len(), 3);

        let index = fs::read_to_string(dist.join("index.html")).unwrap();
        let boot = find("boot-", ".js");
        assert!(
            index.contains(&format!("src=\"/assets/{boot}\"")),
            "{index}"
        );
        let boot_js = fs::read_to_string(dist.join("assets").join(&boot)).unwrap();
        assert!(boot_js.contains(&format!("import init from \"./frontend-{hash}.js\"")));

        // The youth chunk and what it shares are precached; the counsellor's own files are not.
        let sw = fs::read_to_string(dist.join("sw.js")).unwrap();
        assert!(sw.starts_with(&format!("V=\"{}\";", report.build_id)));
        let lists: Vec<&str> = sw.split(';').collect();
        let precache: Vec<String> = serde_json::from_str(&lists[1]["P=".len()..]).unwrap();
        let on_demand: Vec<String> = serde_json::from_str(&lists[2]["O=".len()..]).unwrap();
        assert_eq!(precache[0], "/index.html");
        assert_eq!(precache[1], "/manifest.webmanifest");
        assert!(precache.contains(&"/icons/icon-192.png".to_owned()));
        assert!(precache.contains(&"/assets/snippets/leptos-1/inline0.js".to_owned()));
        assert!(precache.contains(&format!("/assets/{youth}")));
        assert!(precache.contains(&format!("/assets/{chunk_0}")));
        assert_eq!(
            on_demand,
            [
                format!("/assets/{chunk_1}"),
                format!("/assets/{counsellor}")
            ]
        );
        assert_eq!(precache.len(), 2 + 10 + 1 - 2);
        assert!(dist.join("manifest.webmanifest").is_file());

        // Same sources, same build id; a changed icon or chunk changes it.
        let again = assemble(&bindgen, &split, &frontend, &dist).unwrap();
        assert_eq!(again.build_id, report.build_id);
        fs::write(frontend.join("public/icons/icon-192.png"), "png2").unwrap();
        let changed = assemble(&bindgen, &split, &frontend, &dist).unwrap();
        assert_ne!(changed.build_id, report.build_id);
        fs::write(&split.chunks[2], "counsellor 2").unwrap();
        let changed_again = assemble(&bindgen, &split, &frontend, &dist).unwrap();
        assert_ne!(changed_again.build_id, changed.build_id);
    }

    #[test]
    fn assemble_refuses_a_loader_that_misses_a_chunk() {
        let tmp = tempfile::tempdir().unwrap();
        let (bindgen, split) = fake_outputs(tmp.path());
        let frontend = tmp.path().join("frontend");
        fs::create_dir_all(frontend.join("style")).unwrap();
        fs::write(frontend.join("style/app.css"), "").unwrap();
        fs::write(frontend.join("index.html"), "{{STYLESHEET}}{{BOOT_SCRIPT}}").unwrap();
        fs::write(&split.loader, format!("from \"{BINDINGS_PLACEHOLDER}\"")).unwrap();
        let error = assemble(&bindgen, &split, &frontend, &frontend.join("dist")).unwrap_err();
        assert!(
            error.to_string().contains("does not load chunk_0.wasm"),
            "{error}"
        );
    }
}
