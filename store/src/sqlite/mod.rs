//! The SQLite backend: one writer connection behind a mutex and a small pool of reader
//! connections (WAL lets readers run beside the writer); every write is one transaction. Its
//! calls block: [`crate::Store`] runs them on tokio's blocking pool.
//!
//! Writers wait their turn and never fail at once: the writer's transactions are `IMMEDIATE`
//! (they take SQLite's write lock when they begin, so the busy timeout applies, instead of
//! failing with `database is locked` when a read turns into a write), every connection has a
//! busy timeout, and a writer that cannot get the lock within [`WRITE_WAIT`] — another process
//! such as `fundlens import` holding it, or a long import in this one — gets
//! [`StorageError::Busy`], which the API answers with 503 and `Retry-After`.
//!
//! # Layout
//! - [`migrate`]: embedded migrations.
//! - [`blob`]: whole documents as compressed JSON.
//! - [`convert`]: decimals ↔ stored integers.
//! - [`regions`]: the region tree (catalogue, merges, benchmark ancestors).
//! - [`import`]: evaluations and observations in, one transaction per call.
//! - [`errors`]: why a write wrote nothing.
//! - `writer`: one evaluation checked, scored and written with its rows.
//! - `rollups`: the region × year sums and the indicator catalogue every write keeps.
//! - `scope`: the regions a change may write.
//! - `version_rows`: the versions and audit entries every write keeps.
//! - [`drafts`]: uploaded documents, their drafts and corrections; confirmation.
//! - [`read`]: filters, details and the catalogue.
//! - [`list`]: the evaluation list: five orders, any filter, keyset pages.
//! - [`cursor`]: opaque page cursors.
//! - [`analytics`]: trends, comparisons and indicator history.
//! - [`budget_cuts`]: mid-year budget cuts of the funds a filter selects.
//! - [`indicators`]: the indicator catalogue searched by name, with counts.
//! - [`initials`]: the `pinyin_initials` SQL function of the fund search.
//! - [`grid`]: the region × score-share grid of 区县对比.
//! - [`briefings`]: region briefings kept at write time, forgotten by the writes that change
//!   them.
//! - [`provenance`]: whether a table's rows are sample data, else their sources.
//! - [`accounts`]: accounts, sessions and API tokens.
//! - [`versions`]: evaluation versions, soft delete and undo.
//! - [`audit_log`]: the append-only log of every write and login.
//! - `shared_state`: the data generation and the login throttle's counts.

pub mod accounts;
pub mod analytics;
pub mod audit_log;
pub(crate) mod blob;
pub mod briefings;
pub mod budget_cuts;
pub(crate) mod convert;
pub mod cursor;
pub mod drafts;
pub mod errors;
#[cfg(test)]
mod fixture;
pub(crate) mod grid;
pub mod import;
pub mod indicators;
pub(crate) mod initials;
pub mod list;
mod migrate;
pub mod provenance;
pub mod versions;
pub use migrate::MigrationError;
pub mod read;
pub(crate) mod regions;
pub mod results;
mod rollups;
pub(crate) mod scope;
mod shared_state;
pub(crate) mod version_rows;
pub(crate) mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::StorageError;

/// The SQLite backend: a file with its writer and readers.
#[derive(Debug)]
pub struct Sqlite {
    path: PathBuf,
    writer: parking_lot::Mutex<Connection>,
    readers: ReaderPool,
}

/// Number of reader connections; more than the machine's cores gains nothing.
const READERS: usize = 4;

/// The writer's page cache (negative: KiB). An import transaction of 2,000 evaluations dirties
/// tens of megabytes of pages (documents, indicator rows, their indexes, 结果应用); with the
/// readers' 8 MB the cache spilled them into the WAL mid-transaction and wrote them again at
/// commit. Statement journals stay in memory too (`temp_store`).
const WRITER_CACHE_KIB: i64 = -65_536;

/// How long a write waits for the lock (in this process, then in SQLite) before giving up
/// with [`StorageError::Busy`].
pub const WRITE_WAIT: Duration = Duration::from_secs(30);

impl Sqlite {
    /// Opens (creating if missing) the database at `path`, applies migrations, and enters the
    /// region catalogue.
    ///
    /// # Errors
    /// When the file cannot be opened or migrated.
    pub fn open(path: &Path) -> Result<Self, StorageError> {
        let mut writer = Connection::open(path)?;
        writer.busy_timeout(WRITE_WAIT)?;
        let applied = migrate::migrate(&mut writer)?;
        if applied > 0 {
            tracing::info!(
                applied,
                version = migrate::version(&writer)?,
                "database migrated"
            );
        }
        writer.pragma_update(None, "journal_mode", "WAL")?;
        configure(&writer)?;
        writer.pragma_update(None, "cache_size", WRITER_CACHE_KIB)?;
        writer.pragma_update(None, "temp_store", "MEMORY")?;
        writer.busy_timeout(WRITE_WAIT)?;
        writer.set_transaction_behavior(TransactionBehavior::Immediate);
        regions::ensure_catalogue(&writer)?;
        results::backfill(&mut writer)?;
        let readers = (0..READERS)
            .map(|_| {
                let connection = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                configure(&connection)?;
                Ok(connection)
            })
            .collect::<Result<Vec<_>, rusqlite::Error>>()?;
        Ok(Self {
            path: path.to_owned(),
            writer: parking_lot::Mutex::new(writer),
            readers: ReaderPool::new(readers),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` on the writer connection (serialised with other writes); its transactions
    /// begin `IMMEDIATE`.
    ///
    /// # Errors
    /// [`StorageError::Busy`] when another write of this process keeps the writer for longer
    /// than [`WRITE_WAIT`]; otherwise what `work` returns.
    pub(crate) fn write<T, E: From<StorageError>>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut connection = self
            .writer
            .try_lock_for(WRITE_WAIT)
            .ok_or(StorageError::Busy)?;
        work(&mut connection)
    }

    /// Runs `work` on a reader connection.
    pub(crate) fn read<T>(&self, work: impl FnOnce(&Connection) -> T) -> T {
        let reader = self.readers.take();
        work(&reader)
    }

    /// Folds the write-ahead log into the database file (after a bulk load, before measuring
    /// its size).
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn checkpoint(&self) -> Result<(), StorageError> {
        self.write(|connection| {
            connection.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            Ok(())
        })
    }

    /// Number of indicator rows stored.
    ///
    /// # Errors
    /// When SQLite fails.
    pub fn indicator_rows(&self) -> Result<i64, StorageError> {
        self.read(|connection| {
            Ok(connection.query_row("SELECT count(*) FROM indicators", [], |row| row.get(0))?)
        })
    }

    /// Copies the live database into `destination`: see [`backup_file`].
    ///
    /// # Errors
    /// When the destination cannot be written.
    pub fn backup(&self, destination: &Path) -> Result<(), StorageError> {
        self.read(|connection| copy_database(connection, destination))
    }
}

/// Copies the database at `source` into `destination` with SQLite's online backup, without
/// opening the store (which would migrate and so need the write lock): it reads through a
/// read-only connection, all pages in one step, so it sees one consistent snapshot and steps
/// around a writer in the middle of a long import instead of waiting for it.
///
/// # Errors
/// When the source cannot be read or the destination written.
pub fn backup_file(source: &Path, destination: &Path) -> Result<(), StorageError> {
    let connection = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    configure(&connection)?;
    copy_database(&connection, destination)
}

fn copy_database(source: &Connection, destination: &Path) -> Result<(), StorageError> {
    use rusqlite::backup::StepResult;
    let mut target = Connection::open(destination)?;
    let backup = rusqlite::backup::Backup::new(source, &mut target)?;
    let deadline = std::time::Instant::now() + WRITE_WAIT;
    // -1: every page in one step, inside one read transaction (WAL readers never wait for the
    // writer); in smaller steps a commit by another connection restarts the copy.
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => return Err(StorageError::Busy),
        }
    }
}

fn configure(connection: &Connection) -> rusqlite::Result<()> {
    connection.pragma_update(None, "foreign_keys", "ON")?;
    connection.busy_timeout(Duration::from_secs(5))?;
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    connection.pragma_update(None, "cache_size", -8_000)?;
    connection.set_prepared_statement_cache_capacity(64);
    initials::register(connection)
}

/// A fixed set of reader connections handed out one at a time.
#[derive(Debug)]
struct ReaderPool {
    idle: Mutex<Vec<Connection>>,
    returned: Condvar,
}

impl ReaderPool {
    fn new(connections: Vec<Connection>) -> Self {
        Self {
            idle: Mutex::new(connections),
            returned: Condvar::new(),
        }
    }

    fn take(&self) -> PooledReader<'_> {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(connection) = idle.pop() {
                return PooledReader {
                    pool: self,
                    connection: Some(connection),
                };
            }
            idle = self
                .returned
                .wait(idle)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn give_back(&self, connection: Connection) {
        let mut idle: MutexGuard<'_, Vec<Connection>> =
            self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        idle.push(connection);
        self.returned.notify_one();
    }
}

/// A reader on loan; returned to the pool when dropped.
struct PooledReader<'a> {
    pool: &'a ReaderPool,
    connection: Option<Connection>,
}

impl std::ops::Deref for PooledReader<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.connection
            .as_ref()
            .unwrap_or_else(|| unreachable!("taken only on drop"))
    }
}

impl Drop for PooledReader<'_> {
    fn drop(&mut self) {
        if let Some(connection) = self.connection.take() {
            self.pool.give_back(connection);
        }
    }
}
