//! `cargo xtask build-frontend`: the Leptos app compiled for wasm32, passed through
//! `wasm-bindgen --target web` and `wasm-opt -Oz` (Debian's binaryen, installed when missing), with the HTML shell and the
//! style sheet, into `frontend/dist/`, which the server embeds at compile time.
//!
//! The bundle's files carry a hash of their content in their names (`/pkg/fundlens-<hash>.js`),
//! so the server can let browsers cache them for good; only `index.html` names them. Text and
//! wasm files also get a brotli copy (`*.br`) and a gzip copy (`*.gz`); the server sends the
//! first the browser accepts.
//! `dist/` is only rewritten where a file changed, so an unchanged bundle does not make cargo
//! rebuild the server.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use flate2::Compression;
use flate2::write::GzEncoder;

use crate::{cmd, target_dir, tools, workspace_root};

/// The Rust target of the browser app.
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The frontend package and its binary (the wasm module).
const PACKAGE: &str = "fundlens-frontend";
/// The `wasm-opt` features matching what rustc enables by default for wasm32.
const WASM_OPT_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];
/// The oldest `wasm-opt` (binaryen) whose output still loads: 108 (Debian 12's) turns the
/// externref table of wasm-bindgen 0.2.130 into one the browser refuses
/// (`WebAssembly.Table.set(): Argument 1 is invalid for table`); 110 and later work.
const MIN_WASM_OPT: u32 = 110;
/// Extensions worth a gzip copy.
const COMPRESSIBLE: [&str; 5] = ["wasm", "js", "css", "html", "svg"];

/// Which cargo profile builds the wasm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Profile {
    /// `dev`: fast to build, large, debug assertions on.
    Dev,
    /// `wasm-release` (root `Cargo.toml`): `opt-level = "z"`, fat LTO, `panic = "abort"`.
    Release,
}

impl Profile {
    fn cargo_name(self) -> &'static str {
        match self {
            Self::Dev => "dev",
            Self::Release => "wasm-release",
        }
    }

    fn output_dir(self) -> &'static str {
        match self {
            Self::Dev => "debug",
            Self::Release => "wasm-release",
        }
    }
}

/// Where the built bundle goes (embedded by `server/src/web_assets.rs`).
pub(crate) fn dist_dir() -> PathBuf {
    workspace_root().join("frontend").join("dist")
}

/// Builds the bundle into `frontend/dist/` and prints its files and sizes.
pub(crate) fn build(profile: Profile) -> Result<()> {
    cmd::header(&format!(
        "frontend: cargo build ({WASM_TARGET}, profile {})",
        profile.cargo_name()
    ));
    cmd::cargo([
        "build",
        "-p",
        PACKAGE,
        "--bin",
        PACKAGE,
        "--target",
        WASM_TARGET,
        "--profile",
        profile.cargo_name(),
    ])?;
    let input = target_dir()
        .join(WASM_TARGET)
        .join(profile.output_dir())
        .join(format!("{PACKAGE}.wasm"));
    let wasm_bindgen = tools::wasm_bindgen()?;

    let staging = target_dir().join("frontend-dist");
    if staging.exists() {
        std::fs::remove_dir_all(&staging)
            .with_context(|| format!("removing {}", staging.display()))?;
    }
    let pkg = staging.join("pkg");
    std::fs::create_dir_all(&pkg).with_context(|| format!("creating {}", pkg.display()))?;

    cmd::header("frontend: wasm-bindgen");
    let module_name = format!("fundlens-{}", content_hash(&read(&input)?));
    let mut bindgen = Command::new(&wasm_bindgen);
    bindgen
        .args(["--target", "web", "--no-typescript", "--out-name"])
        .arg(&module_name)
        .arg("--out-dir")
        .arg(&pkg)
        .arg(&input);
    match profile {
        Profile::Dev => bindgen.arg("--debug"),
        // The function names alone are about a third of the module.
        Profile::Release => bindgen.args(["--remove-name-section", "--remove-producers-section"]),
    };
    cmd::run(&mut bindgen)?;
    let script = format!("{module_name}.js");
    let wasm = format!("{module_name}_bg.wasm");
    for name in [&script, &wasm] {
        if !pkg.join(name).is_file() {
            bail!("wasm-bindgen did not write pkg/{name}");
        }
    }
    if profile == Profile::Release {
        optimise(&pkg.join(&wasm));
    }

    let sources = workspace_root().join("frontend");
    let style = read(&sources.join("style.css"))?;
    let style_name = format!("style-{}.css", content_hash(&style));
    write(&pkg.join(&style_name), &style)?;
    let shell = String::from_utf8(read(&sources.join("index.html"))?)
        .context("frontend/index.html is not UTF-8")?;
    let html = fill_shell(
        &shell,
        &[
            ("SCRIPT", &format!("/pkg/{script}")),
            ("WASM", &format!("/pkg/{wasm}")),
            ("STYLE", &format!("/pkg/{style_name}")),
        ],
    )?;
    write(&staging.join("index.html"), html.as_bytes())?;

    let files = list_files(&staging)?;
    for (relative, contents) in &files {
        let compressible = Path::new(relative)
            .extension()
            .and_then(|ext| ext.to_str())
            .is_some_and(|ext| COMPRESSIBLE.contains(&ext));
        if compressible && contents.len() >= 1024 {
            for (suffix, packed) in [("gz", gzip(contents)?), ("br", brotli(contents)?)] {
                if packed.len() < contents.len() {
                    write(&staging.join(format!("{relative}.{suffix}")), &packed)?;
                }
            }
        }
    }

    let dist = dist_dir();
    sync(&staging, &dist)?;
    report(&dist)
}

/// Runs `wasm-opt -Oz` in place, installing Debian's `binaryen` when `wasm-opt` is missing;
/// an old release, a failed install or a failed run only warns (the bundle still works, larger).
fn optimise(wasm: &Path) {
    let version = wasm_opt_version();
    let version = version.or_else(install_wasm_opt);
    let Some(version) = version else {
        println!(
            "    warning: wasm-opt is missing and could not be installed; the bundle is larger"
        );
        return;
    };
    match wasm_opt_release(&version) {
        Some(release) if release >= MIN_WASM_OPT => {}
        _ => {
            println!(
                "    (skipping {}: releases before {MIN_WASM_OPT} break wasm-bindgen's \
                 reference-type tables)",
                version.trim()
            );
            return;
        }
    }
    cmd::header("frontend: wasm-opt -Oz");
    let mut command = Command::new("wasm-opt");
    command
        .arg("-Oz")
        .args(WASM_OPT_FEATURES)
        .arg(wasm)
        .arg("-o")
        .arg(wasm);
    if let Err(error) = cmd::run(&mut command) {
        println!("    warning: {error:#}; keeping the wasm as wasm-bindgen wrote it");
    }
}

/// `wasm-opt --version`'s output, when it runs.
fn wasm_opt_version() -> Option<String> {
    Command::new("wasm-opt")
        .arg("--version")
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Installs Debian's `binaryen` (which has `wasm-opt`) and says what it then reports.
fn install_wasm_opt() -> Option<String> {
    println!("    wasm-opt is missing: installing Debian's binaryen");
    match cmd::apt_install(&["binaryen"], cmd::Recommended::Skip) {
        Ok(()) => wasm_opt_version(),
        Err(error) => {
            println!("    warning: {error:#}");
            None
        }
    }
}

/// The release number in `wasm-opt --version` output (`wasm-opt version 116 (version_116)`).
fn wasm_opt_release(version: &str) -> Option<u32> {
    version
        .split_whitespace()
        .skip_while(|word| *word != "version")
        .nth(1)
        .and_then(|number| number.parse().ok())
}

/// Replaces each `{{NAME}}` of the HTML shell; an unknown or missing placeholder is an error.
fn fill_shell(shell: &str, values: &[(&str, &str)]) -> Result<String> {
    let mut html = shell.to_owned();
    for (name, value) in values {
        let placeholder = format!("{{{{{name}}}}}");
        if !html.contains(&placeholder) {
            bail!("frontend/index.html lacks the placeholder {placeholder}");
        }
        html = html.replace(&placeholder, value);
    }
    if let Some(start) = html.find("{{") {
        let rest: String = html[start..].chars().take(30).collect();
        bail!("frontend/index.html has an unknown placeholder at `{rest}`");
    }
    Ok(html)
}

/// A short stable hash of `bytes` (64-bit FNV-1a, hex) for cache-busting file names.
fn content_hash(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// Brotli at its densest setting (quality 11, a 4 MiB window): done once per build, it takes
/// about a second for the wasm and saves a fifth over gzip's best.
fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut packed = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut packed, &params)?;
    Ok(packed)
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}

fn write(path: &Path, contents: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(path, contents).with_context(|| format!("writing {}", path.display()))
}

/// Every file under `root`, by `/`-separated relative path, with its contents.
fn list_files(root: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries =
            std::fs::read_dir(&folder).with_context(|| format!("listing {}", folder.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path
                    .strip_prefix(root)
                    .context("file outside the listed folder")?
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                files.insert(relative, read(&path)?);
            }
        }
    }
    Ok(files)
}

/// Makes `dist` hold exactly the files of `staging`, touching only files that differ.
fn sync(staging: &Path, dist: &Path) -> Result<()> {
    let wanted = list_files(staging)?;
    std::fs::create_dir_all(dist).with_context(|| format!("creating {}", dist.display()))?;
    let present = list_files(dist)?;
    for relative in present.keys().filter(|name| !wanted.contains_key(*name)) {
        let path = dist.join(relative);
        std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
    }
    for (relative, contents) in &wanted {
        if present.get(relative) != Some(contents) {
            write(&dist.join(relative), contents)?;
        }
    }
    remove_empty_folders(dist, false)
}

fn remove_empty_folders(folder: &Path, remove_self: bool) -> Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            remove_empty_folders(&path, true)?;
        }
    }
    if remove_self && std::fs::read_dir(folder)?.next().is_none() {
        std::fs::remove_dir(folder)?;
    }
    Ok(())
}

/// Prints the bundle's files with their sizes (and their gzip and brotli sizes where copies
/// exist), then what a browser accepting `br` downloads for the page: the HTML, script,
/// style sheet and wasm, each in its smallest copy.
fn report(dist: &Path) -> Result<()> {
    let files = list_files(dist)?;
    println!("\n    frontend/dist:");
    let mut over_the_wire = 0;
    for (name, contents) in files
        .iter()
        .filter(|(name, _)| !name.ends_with(".gz") && !name.ends_with(".br"))
    {
        let mut smallest = contents.len();
        let mut packed = String::new();
        for (suffix, label) in [("gz", "gzip"), ("br", "brotli")] {
            if let Some(copy) = files.get(&format!("{name}.{suffix}")) {
                smallest = smallest.min(copy.len());
                packed.push_str(&format!("  ({label} {})", kib(copy.len())));
            }
        }
        over_the_wire += smallest;
        println!("      {name:<48} {:>10}{packed}", kib(contents.len()));
    }
    println!(
        "    over the wire with Accept-Encoding: br — {} ({over_the_wire} bytes)",
        kib(over_the_wire)
    );
    Ok(())
}

fn kib(bytes: usize) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_placeholders_are_all_filled() {
        let html = fill_shell(
            "<script src=\"{{SCRIPT}}\"></script>{{SCRIPT}}",
            &[("SCRIPT", "/pkg/a.js")],
        );
        assert_eq!(
            html.ok().as_deref(),
            Some("<script src=\"/pkg/a.js\"></script>/pkg/a.js")
        );
    }

    #[test]
    fn missing_or_unknown_placeholders_are_errors() {
        assert!(fill_shell("<p></p>", &[("SCRIPT", "/a.js")]).is_err());
        assert!(fill_shell("{{SCRIPT}} {{OTHER}}", &[("SCRIPT", "/a.js")]).is_err());
    }

    #[test]
    fn wasm_opt_release_is_read_from_its_version_line() {
        assert_eq!(wasm_opt_release("wasm-opt version 108\n"), Some(108));
        assert_eq!(
            wasm_opt_release("wasm-opt version 123 (version_123)"),
            Some(123)
        );
        assert_eq!(wasm_opt_release("wasm-opt"), None);
    }

    #[test]
    fn content_hash_is_stable_and_sensitive() {
        assert_eq!(content_hash(b""), "cbf29ce484222325");
        assert_eq!(content_hash(b"a"), "af63dc4c8601ec8c");
        assert_ne!(content_hash(b"ab"), content_hash(b"ba"));
    }
}
