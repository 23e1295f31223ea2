//! SQLite storage: the only place SQL lives. One writer connection behind a mutex and a small
//! pool of reader connections (WAL lets readers run beside the writer); every write is one
//! transaction. Callers on the async runtime reach it through `spawn_blocking`.
//!
//! A PostgreSQL backend would replace this module and nothing else: it takes and returns
//! `shared` types and plain row structs.
//!
//! # Layout
//! - [`migrate`]: embedded migrations.
//! - [`blob`]: whole documents as compressed JSON.
//! - [`convert`]: decimals ↔ stored integers.
//! - [`regions`]: the region tree (catalogue, merges, benchmark ancestors).
//! - [`import`]: evaluations and observations in, one transaction per call.
//! - [`read`]: filters, details and the catalogue.
//! - [`list`]: the evaluation list: five orders, any filter, keyset pages.
//! - [`cursor`]: opaque page cursors.
//! - [`analytics`]: trends, comparisons and indicator history.

pub mod analytics;
mod blob;
mod convert;
pub mod cursor;
#[cfg(test)]
mod fixture;
pub mod import;
pub mod list;
mod migrate;
pub use migrate::MigrationError;
pub mod read;
mod regions;

use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// A storage failure that is not the caller's fault.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The schema could not be brought up to date.
    #[error(transparent)]
    Migration(#[from] migrate::MigrationError),
    /// A stored JSON document could not be read back.
    #[error("stored record is unreadable: {0}")]
    Corrupt(String),
}

/// The store: a SQLite file with its writer and readers.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: ReaderPool,
}

/// Number of reader connections; more than the machine's cores gains nothing.
const READERS: usize = 4;

impl Store {
    /// Opens (creating if missing) the database at `path`, applies migrations, and enters the
    /// region catalogue.
    ///
    /// # Errors
    /// When the file cannot be opened or migrated.
    pub fn open(path: &Path) -> Result<Self, StorageError> {
        let mut writer = Connection::open(path)?;
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
        regions::ensure_catalogue(&writer)?;
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
            writer: Mutex::new(writer),
            readers: ReaderPool::new(readers),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` on the writer connection (serialised with other writes).
    pub(crate) fn write<T>(&self, work: impl FnOnce(&mut Connection) -> T) -> T {
        let mut connection = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
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

    /// Copies the live database into `destination` with SQLite's online backup: a consistent
    /// snapshot even while the server writes.
    ///
    /// # Errors
    /// When the destination cannot be written.
    pub fn backup(&self, destination: &Path) -> Result<(), StorageError> {
        self.read(|connection| {
            let mut target = Connection::open(destination)?;
            let backup = rusqlite::backup::Backup::new(connection, &mut target)?;
            backup.run_to_completion(256, Duration::from_millis(0), None)?;
            Ok(())
        })
    }
}

fn configure(connection: &Connection) -> rusqlite::Result<()> {
    connection.pragma_update(None, "foreign_keys", "ON")?;
    connection.pragma_update(None, "busy_timeout", 5_000)?;
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    connection.pragma_update(None, "cache_size", -8_000)?;
    connection.set_prepared_statement_cache_capacity(64);
    Ok(())
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
