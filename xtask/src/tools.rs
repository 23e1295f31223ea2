//! `wasm-bindgen-cli` at exactly the version of the `wasm-bindgen` crate in `Cargo.lock`,
//! installed by `cargo install` into `target/tools/` (never the one on `PATH`), so the two can
//! never drift: the root `Cargo.toml` pins the crate with `=`, this follows the lock file.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::{cmd, target_dir, workspace_root};

/// The `wasm-bindgen` binary at the locked version, installing it first when missing or stale.
pub(crate) fn wasm_bindgen() -> Result<PathBuf> {
    let lock_path = workspace_root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path)
        .with_context(|| format!("reading {}", lock_path.display()))?;
    let wanted = locked_version(&lock, "wasm-bindgen").with_context(|| {
        format!(
            "{} has no single `wasm-bindgen` package (is fundlens-frontend in the workspace?)",
            lock_path.display()
        )
    })?;
    let root = target_dir().join("tools");
    let binary = root
        .join("bin")
        .join(format!("wasm-bindgen{}", std::env::consts::EXE_SUFFIX));
    match installed_version(&binary) {
        Some(found) if found == wanted => return Ok(binary),
        Some(found) => println!("    wasm-bindgen {found} found, Cargo.lock wants {wanted}"),
        None => println!("    wasm-bindgen {wanted} not installed yet"),
    }
    cmd::header(&format!(
        "install wasm-bindgen-cli {wanted} into {}",
        root.display()
    ));
    cmd::cargo([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &wanted,
        "--force",
        "--root",
        &root.to_string_lossy(),
    ])?;
    match installed_version(&binary) {
        Some(found) if found == wanted => Ok(binary),
        other => bail!(
            "after installing, {} reports version {other:?}, not {wanted}",
            binary.display()
        ),
    }
}

/// The version of the one package called `name` in a `Cargo.lock`; `None` when absent or when
/// several versions are locked (then the `=` pin in the root `Cargo.toml` is not doing its job).
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let wanted_name = format!("name = \"{name}\"");
    let mut versions = Vec::new();
    let mut lines = lock.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line == wanted_name {
            let version = lines
                .next()
                .and_then(|next| next.strip_prefix("version = \""))
                .and_then(|rest| rest.strip_suffix('"'));
            versions.extend(version.map(str::to_owned));
        }
    }
    match versions.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// What `wasm-bindgen --version` says (`wasm-bindgen 0.2.130` → `0.2.130`), if it runs.
fn installed_version(binary: &std::path::Path) -> Option<String> {
    let output = Command::new(binary).arg("--version").output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    text.split_whitespace().nth(1).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::locked_version;

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wasm-bindgen-futures"
version = "0.4.80"
"#;

    #[test]
    fn finds_the_locked_version_by_exact_name() {
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen-futures").as_deref(),
            Some("0.4.80")
        );
        assert_eq!(locked_version(LOCK, "leptos"), None);
    }

    #[test]
    fn two_locked_versions_are_refused() {
        let twice =
            format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.100\"\n");
        assert_eq!(locked_version(&twice, "wasm-bindgen"), None);
    }
}
