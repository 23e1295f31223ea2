//! Running commands: each one echoed before it runs, failing with its exit status.

use std::ffi::OsStr;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::workspace_root;

/// Prints a step header.
pub(crate) fn header(title: &str) {
    println!("\n==> {title}");
}

/// Runs `command` with inherited stdio; an error names the command and its exit status.
pub(crate) fn run(command: &mut Command) -> Result<()> {
    let shown = show(command);
    println!("    $ {shown}");
    let status = command
        .status()
        .with_context(|| format!("could not start `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// Runs `cargo ARGS…` in the workspace root, with the cargo that runs xtask.
pub(crate) fn cargo<I, S>(args: I) -> Result<()>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run(cargo_command().args(args))
}

/// A `cargo` command in the workspace root.
pub(crate) fn cargo_command() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(workspace_root());
    command
}

/// The command line as a person would type it (program name without its folder).
fn show(command: &Command) -> String {
    let program = command.get_program().to_string_lossy();
    let program = program.rsplit('/').next().unwrap_or(&program).to_owned();
    command
        .get_args()
        .map(|arg| arg.to_string_lossy().into_owned())
        .fold(program, |line, arg| line + " " + &arg)
}

/// Whether `apt-get` also installs the packages a package recommends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Recommended {
    /// Chromium's recommended fonts and helpers shape what the browser tests see.
    Include,
    /// A build machine needs the programs, not their suggestions.
    Skip,
}

/// Installs Debian packages: `apt-get update`, then `apt-get install -y`.
pub(crate) fn apt_install(packages: &[&str], recommended: Recommended) -> Result<()> {
    run(Command::new("apt-get").arg("update"))?;
    let mut install = Command::new("apt-get");
    install
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args(["install", "-y"]);
    if recommended == Recommended::Skip {
        install.arg("--no-install-recommends");
    }
    run(install.args(packages))
}
