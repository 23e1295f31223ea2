//! A throwaway PostgreSQL server for the tests and the bench, from Debian's `postgresql`
//! package (installed when missing, as Chromium is): a new cluster in a temporary folder,
//! made by `initdb` as the `postgres` user when running as root (initdb refuses root), listening
//! only on a Unix socket in that folder, with durability off (the data is thrown away). It is
//! stopped and its folder removed when the [`Throwaway`] is dropped.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::cmd;

/// Where Debian's PostgreSQL packages put their programs.
const LIB: &str = "/usr/lib/postgresql";

/// The newest installed PostgreSQL's `bin` folder, if any.
fn installed_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(LIB)
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version: u32 = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// The PostgreSQL programs' folder, installing Debian's `postgresql` package when none is.
///
/// # Errors
/// When it is missing and cannot be installed (the error says what to install).
pub(crate) fn ensure_installed() -> Result<PathBuf> {
    if let Some(bin) = installed_bin() {
        println!("    PostgreSQL is installed ({})", bin.display());
        return Ok(bin);
    }
    println!("    no PostgreSQL server: installing Debian's postgresql package");
    let installed = cmd::apt_install(&["postgresql"], cmd::Recommended::Skip);
    match (installed, installed_bin()) {
        (_, Some(bin)) => Ok(bin),
        (Err(error), None) => Err(error.context(
            "PostgreSQL is needed for the tests on PostgreSQL: install Debian's `postgresql` \
             package (as root: apt-get install postgresql)",
        )),
        (Ok(()), None) => bail!("the postgresql package installed no {LIB}/*/bin/initdb"),
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0")
}

/// A running throwaway server; stopped and removed on drop.
#[derive(Debug)]
pub(crate) struct Throwaway {
    bin: PathBuf,
    folder: PathBuf,
    as_postgres: bool,
}

impl Throwaway {
    /// Creates and starts a new cluster.
    ///
    /// # Errors
    /// When PostgreSQL is missing and cannot be installed, or the cluster cannot start.
    pub(crate) fn start() -> Result<Self> {
        let bin = ensure_installed()?;
        // Under the system's temporary folder, which the `postgres` user can reach (a checkout
        // under /root cannot be).
        let folder = std::env::temp_dir().join(format!("fundlens-postgres-{}", std::process::id()));
        if folder.exists() {
            std::fs::remove_dir_all(&folder)
                .with_context(|| format!("removing {}", folder.display()))?;
        }
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("creating {}", folder.display()))?;
        let as_postgres = is_root();
        if as_postgres {
            cmd::run(
                Command::new("chown")
                    .args(["postgres:postgres"])
                    .arg(&folder),
            )?;
        }
        let server = Self {
            bin,
            folder,
            as_postgres,
        };
        server.run(
            "initdb",
            &[
                "-D",
                &server.data().to_string_lossy(),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
        )?;
        let options = format!(
            "-k {} -c listen_addresses='' -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c max_connections=500 -c shared_buffers=256MB \
             -c max_wal_size=256MB",
            server.folder.display()
        );
        server.run(
            "pg_ctl",
            &[
                "-D",
                &server.data().to_string_lossy(),
                "-o",
                &options,
                "-l",
                &server.folder.join("log").to_string_lossy(),
                "-w",
                "start",
            ],
        )?;
        println!("    PostgreSQL listening on {}", server.url());
        Ok(server)
    }

    fn data(&self) -> PathBuf {
        self.folder.join("data")
    }

    /// The URL of the server's maintenance database, through its Unix socket.
    pub(crate) fn url(&self) -> String {
        format!(
            "postgresql://postgres@/postgres?host={}",
            self.folder.display()
        )
    }

    /// The last `lines` lines of the server's log, and the free space where its files are: what
    /// tells why a test lost its connection (a full disk makes the server PANIC on its next WAL
    /// write, and every later connection is closed mid-statement).
    pub(crate) fn diagnosis(&self, lines: usize) -> String {
        let log = std::fs::read_to_string(self.folder.join("log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(lines).collect();
        let free = Command::new("df")
            .args(["-h"])
            .arg(&self.folder)
            .output()
            .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
            .unwrap_or_default();
        format!(
            "PostgreSQL's log ({}), last {} lines:\n{}\nspace:\n{free}",
            self.folder.join("log").display(),
            tail.len(),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        )
    }

    /// Runs one of the server's programs, as `postgres` when running as root.
    fn run(&self, program: &str, args: &[&str]) -> Result<()> {
        let path = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(&path);
            command
        } else {
            Command::new(&path)
        };
        command.args(args).current_dir(Path::new("/"));
        cmd::run(&mut command)
    }
}

impl Drop for Throwaway {
    fn drop(&mut self) {
        let _ = self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data().to_string_lossy(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
        );
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}
