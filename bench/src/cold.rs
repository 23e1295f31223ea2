//! Cold starts: for each question, the server is stopped, the database file's pages are
//! dropped from the operating system's page cache (`posix_fadvise(POSIX_FADV_DONTNEED)` on the
//! database, its WAL and its shared-memory file: no root needed, nothing else on the machine
//! is touched), a fresh server process is started, and its first answer is timed from outside.
//! SQLite's own page cache starts empty with the new process, so every page the answer needs
//! is read from the disk.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use rustix::fs::{Advice, fadvise};

use crate::endpoints::Query;

/// Cold starts per question: the disk is shared, so one start can meet someone else's I/O.
pub(crate) const STARTS: usize = 3;

/// One question's cold figures, one entry per start.
#[derive(Debug, Clone)]
pub(crate) struct ColdFigures {
    pub(crate) name: String,
    pub(crate) path: String,
    /// From spawning the server to its "listening" line (open, no migration).
    pub(crate) start_ms: Vec<f64>,
    /// The first request's round trip.
    pub(crate) first_ms: Vec<f64>,
}

/// The database and the files SQLite keeps beside it.
fn files_of(db: &Path) -> Vec<PathBuf> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| PathBuf::from(format!("{}{suffix}", db.display())))
        .filter(|path| path.exists())
        .collect()
}

/// Drops the cached pages of `db` (and its WAL and shared memory) from the page cache.
pub(crate) fn evict(db: &Path) -> Result<()> {
    for path in files_of(db) {
        let file = File::open(&path).with_context(|| format!("open {}", path.display()))?;
        fadvise(&file, 0, None, Advice::DontNeed)
            .with_context(|| format!("fadvise {}", path.display()))?;
    }
    Ok(())
}

/// [`STARTS`] fresh servers on an evicted database, each timed to its start and its first
/// answer to `query`.
pub(crate) fn measure(binary: &Path, db: &Path, query: &Query) -> Result<ColdFigures> {
    let mut figures = ColdFigures {
        name: query.name.clone(),
        path: query.path.clone(),
        start_ms: Vec::new(),
        first_ms: Vec::new(),
    };
    for _ in 0..STARTS {
        let (start_ms, first_ms) = once(binary, db, query)?;
        figures.start_ms.push(start_ms);
        figures.first_ms.push(first_ms);
    }
    Ok(figures)
}

fn once(binary: &Path, db: &Path, query: &Query) -> Result<(f64, f64)> {
    evict(db)?;
    let started = Instant::now();
    let (mut server, base) = crate::start_server(binary, db)?;
    let start_ms = started.elapsed().as_secs_f64() * 1000.0;
    let client = reqwest::blocking::Client::new();
    let asked = Instant::now();
    let answer = client.get(format!("{base}{}", query.path)).send();
    let first_ms = asked.elapsed().as_secs_f64() * 1000.0;
    let _ = server.kill();
    let _ = server.wait();
    let response = answer?;
    anyhow::ensure!(
        response.status().is_success(),
        "{} answered {}",
        query.path,
        response.status()
    );
    Ok((start_ms, first_ms))
}
