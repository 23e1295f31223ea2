//! The toolchain `rust-toolchain.toml` pins, with its components and targets, installed by
//! `rustup` before anything builds.
//!
//! A fresh machine may have the pinned toolchain without its wasm32 target, and with
//! `RUSTUP_AUTO_INSTALL=0` rustup will not add it on its own: the first wasm build would then
//! stop with "can't find crate for `core`". Both README commands call [`ensure`] first, so they
//! work on such a machine by themselves (and `.ci/run` needs no install step of its own).

use std::process::Command;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::{cmd, workspace_root};

/// The `[toolchain]` table of `rust-toolchain.toml`.
#[derive(Debug, Deserialize)]
struct Pin {
    channel: String,
    #[serde(default)]
    components: Vec<String>,
    #[serde(default)]
    targets: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct ToolchainFile {
    toolchain: Pin,
}

/// Installs whatever the pinned toolchain lacks (components, targets), saying what and why.
///
/// # Errors
/// When `rust-toolchain.toml` cannot be read, `rustup` is missing, or the install fails; the
/// message says which command to run by hand.
pub(crate) fn ensure() -> Result<()> {
    let path = workspace_root().join("rust-toolchain.toml");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let pin = toml::from_str::<ToolchainFile>(&text)
        .with_context(|| format!("reading {}", path.display()))?
        .toolchain;
    let installed_targets = installed(&pin.channel, "target")?;
    let installed_components = installed(&pin.channel, "component")?;
    let missing_targets = missing(&pin.targets, &installed_targets);
    let missing_components = missing(&pin.components, &installed_components);
    if missing_targets.is_empty() && missing_components.is_empty() {
        return Ok(());
    }
    let mut what = missing_targets.clone();
    what.extend(missing_components.iter().cloned());
    cmd::header(&format!(
        "toolchain {}: installing {} (pinned in rust-toolchain.toml; the wasm32 target builds \
         the dashboard, rustfmt and clippy run in the tests)",
        pin.channel,
        what.join(", ")
    ));
    for (kind, names) in [
        ("target", &missing_targets),
        ("component", &missing_components),
    ] {
        if names.is_empty() {
            continue;
        }
        let mut command = Command::new("rustup");
        command
            .args([kind, "add", "--toolchain", &pin.channel])
            .args(names.iter());
        cmd::run(&mut command).with_context(|| {
            format!(
                "could not add the {kind}(s) {} to toolchain {}; run by hand: rustup {kind} add \
                 --toolchain {} {}",
                names.join(" "),
                pin.channel,
                pin.channel,
                names.join(" ")
            )
        })?;
    }
    Ok(())
}

/// The names `rustup {kind} list --installed` prints for `channel`, host suffixes kept.
fn installed(channel: &str, kind: &str) -> Result<Vec<String>> {
    let output = Command::new("rustup")
        .args([kind, "list", "--installed", "--toolchain", channel])
        .output()
        .context("could not run `rustup` (https://rustup.rs); it installs the pinned toolchain")?;
    if !output.status.success() {
        bail!(
            "toolchain {channel} (rust-toolchain.toml) is not installed: run `rustup toolchain \
             install {channel}` ({})",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| line.trim().to_owned())
        .filter(|line| !line.is_empty())
        .collect())
}

/// The wanted names with no installed entry; components are listed with a host suffix
/// (`clippy-x86_64-unknown-linux-gnu`), targets without one.
fn missing(wanted: &[String], installed: &[String]) -> Vec<String> {
    wanted
        .iter()
        .filter(|name| {
            !installed
                .iter()
                .any(|have| have == *name || have.starts_with(&format!("{name}-")))
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::missing;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn a_target_missing_from_the_installed_list_is_reported() {
        let installed = names(&["x86_64-unknown-linux-gnu"]);
        assert_eq!(
            missing(&names(&["wasm32-unknown-unknown"]), &installed),
            names(&["wasm32-unknown-unknown"])
        );
        let with_wasm = names(&["x86_64-unknown-linux-gnu", "wasm32-unknown-unknown"]);
        assert!(missing(&names(&["wasm32-unknown-unknown"]), &with_wasm).is_empty());
    }

    #[test]
    fn components_match_with_their_host_suffix() {
        let installed = names(&[
            "clippy-x86_64-unknown-linux-gnu",
            "rustc-x86_64-unknown-linux-gnu",
        ]);
        assert_eq!(
            missing(&names(&["clippy", "rustfmt"]), &installed),
            names(&["rustfmt"])
        );
    }
}
