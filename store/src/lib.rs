//! FundLens storage: evaluations and their rollups, statistics, regions, accounts and
//! sessions, drafts and uploaded documents, record versions and the append-only audit log —
//! behind one async interface, [`Store`]. This crate is the only place SQL lives; it takes and
//! returns `shared` types and plain row structs, and knows nothing of HTTP or file formats.
//!
//! # Layout
//! - [`copy`]: a whole store moved between backends, verified table by table.
//! - `facade`: [`Store`], the operations as one interface, dispatched to the backend.
//! - [`sqlite`]: the SQLite backend (rusqlite; the embedded default) and its SQL, module by
//!   module (imports, lists, analytics, accounts, drafts, versions, the audit log).
//! - `prepared`: a record made ready to store without the database (checked, scored, packed),
//!   shared by both backends' writers.
//! - [`postgres`]: the PostgreSQL backend (tokio-postgres with a deadpool pool) for several
//!   servers on one shared database.

pub mod copy;
mod facade;
pub mod postgres;
mod prepared;
pub mod sqlite;

use rusqlite::ErrorCode;

pub use facade::{FillTurn, Location, Store};
pub use sqlite::accounts::{AccountError, StoredAccount, StoredSession};
pub use sqlite::analytics::HistoryPosition;
pub use sqlite::audit_log::{Change, Scope};
pub use sqlite::briefings::BriefingKey;
pub use sqlite::budget_cuts::BudgetCuts;
pub use sqlite::cursor::BadCursor;
pub use sqlite::drafts::{DraftChangeError, NewDocument, StoredDraft};
pub use sqlite::errors::{ImportError, VersionError};
pub use sqlite::import::{ImportSummary, RecordFinding};
pub use sqlite::indicators::{CatalogueError, IndicatorSearch};
pub use sqlite::list::{ListPosition, Start};
pub use sqlite::read::EvaluationFilter;
pub use sqlite::results::ResultsPage;
pub use sqlite::{MigrationError, WRITE_WAIT, backup_file};

/// The failed sign-ins counted under one key (an account name or a client address) of the
/// login throttle, which lives in the database so every server shares it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoginFailures {
    /// Failures in a row.
    pub count: i64,
    /// Unix milliseconds of the last one.
    pub last_at_ms: i64,
}

/// A storage failure that is not the caller's fault.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// PostgreSQL reported an error.
    #[error("database error: {0}")]
    Postgres(tokio_postgres::Error),
    /// No connection could be made or had from the pool (other than by waiting too long).
    #[error("database connection: {0}")]
    Pool(String),
    /// The transaction collided with another (a serialization failure or a deadlock) more
    /// times than it is tried; trying again later will work.
    #[error("the write collided with others; try again")]
    Collision,
    /// The database lacks something this program needs, or the backend does not do this.
    #[error("{0}")]
    Unsupported(String),
    /// Another writer held the database for longer than [`WRITE_WAIT`]; trying again later
    /// will work.
    #[error("the database is busy with another write")]
    Busy,
    /// The schema could not be brought up to date.
    #[error(transparent)]
    Migration(#[from] sqlite::MigrationError),
    /// A stored JSON document could not be read back.
    #[error("stored record is unreadable: {0}")]
    Corrupt(String),
    /// The task running a blocking database call panicked or was cancelled.
    #[error("a database task failed: {0}")]
    Panicked(String),
}

impl From<rusqlite::Error> for StorageError {
    fn from(error: rusqlite::Error) -> Self {
        match error.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Busy,
            _ => Self::Sqlite(error),
        }
    }
}
