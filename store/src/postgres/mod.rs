//! The PostgreSQL backend: a pool of connections (`deadpool-postgres` over `tokio-postgres`),
//! async throughout, so several FundLens servers can share one database.
//!
//! Writers take one transaction-scoped advisory lock ([`WRITE_LOCK`]) before they write the
//! records: the audit log's hash chain and the ids of new evaluations need one writer at a time,
//! as on SQLite, and writers on several servers then never deadlock one another. A writer that
//! cannot get the lock within [`crate::WRITE_WAIT`], or a connection within the same time,
//! gets [`StorageError::Busy`] (the API's 503 with `Retry-After`). A transaction that
//! collides anyway (a serialization failure or a deadlock, SQLSTATE 40001 / 40P01 — writes
//! outside the lock, such as sessions, or a stricter isolation level set on the server) is
//! run again, up to [`ATTEMPTS`] times.
//!
//! The server's reported version is logged, never judged (openGauss reports 9.2): what the
//! schema needs is probed instead ([`probe_features`]). Every `ON CONFLICT` names its target.
//!
//! # Layout
//! - `migrate`: the numbered SQL files of `migrations/postgres/`, applied in one transaction.
//! - `state`: the data generation and the login throttle's counts.
//! - `results`: the rows of 结果应用 kept at write time and read back.
//! - `briefings`: region briefings kept at write time, forgotten by the writes that change them.
//! - `audit_log`: appends with the hash chain; reading and verifying it.
//! - `accounts`: accounts, sessions and API tokens.
//! - `regions`: the region catalogue.

mod accounts;
mod analytics;
mod audit_log;
pub mod briefings;
mod bulk;
mod drafts;
mod import;
mod migrate;
mod questions;
mod read;
mod regions;
mod results;
mod state;
mod versions;

use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::error::SqlState;
use tokio_postgres::{NoTls, Transaction};

pub use migrate::FILES as MIGRATIONS;

use crate::{StorageError, WRITE_WAIT};

/// The advisory lock every write of the records holds until it commits.
pub(crate) const WRITE_LOCK: i64 = 0x46_4c_57_52; // "FLWR"
/// The advisory lock a start-up holds while it migrates (another server starting waits).
pub(crate) const MIGRATION_LOCK: i64 = 0x46_4c_4d_47; // "FLMG"
/// Times a transaction that collided is tried in all.
pub(crate) const ATTEMPTS: u32 = 4;
/// Connections each pool keeps at most.
const POOL_SIZE: usize = 16;

/// The PostgreSQL backend: a pool for writes (and reads), and optionally a second pool on a
/// read replica for the questions the dashboard asks.
#[derive(Debug)]
pub struct Postgres {
    pool: Pool,
    readers: Option<Pool>,
}

/// A client on loan from a pool.
pub(crate) type Client = deadpool_postgres::Object;

impl From<tokio_postgres::Error> for StorageError {
    fn from(error: tokio_postgres::Error) -> Self {
        match error.code() {
            Some(code) if *code == SqlState::T_R_SERIALIZATION_FAILURE => Self::Collision,
            Some(code) if *code == SqlState::T_R_DEADLOCK_DETECTED => Self::Collision,
            Some(code)
                if *code == SqlState::LOCK_NOT_AVAILABLE
                    || *code == SqlState::TOO_MANY_CONNECTIONS
                    || *code == SqlState::CANNOT_CONNECT_NOW
                    || *code == SqlState::QUERY_CANCELED =>
            {
                Self::Busy
            }
            _ => Self::Postgres(error),
        }
    }
}

impl From<deadpool_postgres::PoolError> for StorageError {
    fn from(error: deadpool_postgres::PoolError) -> Self {
        match error {
            deadpool_postgres::PoolError::Timeout(_) => Self::Busy,
            deadpool_postgres::PoolError::Backend(error) => error.into(),
            other => Self::Pool(other.to_string()),
        }
    }
}

/// Whether an error is a collision worth running the transaction again for.
pub(crate) trait Collided {
    fn collided(&self) -> bool;
}

impl Collided for StorageError {
    fn collided(&self) -> bool {
        matches!(self, Self::Collision)
    }
}

impl Collided for crate::ImportError {
    fn collided(&self) -> bool {
        matches!(self, Self::Storage(StorageError::Collision))
    }
}

impl Collided for crate::AccountError {
    fn collided(&self) -> bool {
        matches!(self, Self::Storage(StorageError::Collision))
    }
}

/// Runs `$body` in a transaction on `$db` (a [`Postgres`]) holding the write lock, with the
/// transaction bound to `$tx`, committed when the body returns `Ok`; a collision runs it again.
/// `$error` is the body's error type.
macro_rules! write_transaction {
    ($db:expr, $error:ty, |$tx:ident| $body:block) => {{
        let mut attempt = 0_u32;
        loop {
            attempt += 1;
            let outcome: Result<_, $error> = async {
                let mut client = $db.client().await?;
                let $tx = client
                    .transaction()
                    .await
                    .map_err($crate::StorageError::from)?;
                $crate::postgres::lock_writes(&$tx).await?;
                let value = $body;
                $tx.commit().await.map_err($crate::StorageError::from)?;
                Ok(value)
            }
            .await;
            match outcome {
                Err(error)
                    if attempt < $crate::postgres::ATTEMPTS
                        && $crate::postgres::Collided::collided(&error) =>
                {
                    tokio::time::sleep($crate::postgres::backoff(attempt)).await;
                }
                other => break other,
            }
        }
    }};
}
pub(crate) use write_transaction;

/// The pause before attempt `attempt + 1`: 20, 40, 80 ms.
pub(crate) fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(20 << attempt.min(6))
}

/// Takes the write lock for the rest of `transaction`, waiting at most [`WRITE_WAIT`].
///
/// # Errors
/// [`StorageError::Busy`] when another writer keeps it longer.
pub(crate) async fn lock_writes(transaction: &Transaction<'_>) -> Result<(), StorageError> {
    transaction
        .batch_execute(&format!(
            "SET LOCAL lock_timeout = '{}ms'",
            WRITE_WAIT.as_millis()
        ))
        .await?;
    transaction
        .execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
        .await?;
    Ok(())
}

pub(crate) fn new_pool(url: &str) -> Result<Pool, StorageError> {
    let config: tokio_postgres::Config = url.parse().map_err(|error: tokio_postgres::Error| {
        StorageError::Pool(format!("数据库地址无效：{error}"))
    })?;
    let manager = Manager::from_config(
        config,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(POOL_SIZE)
        .wait_timeout(Some(WRITE_WAIT))
        .create_timeout(Some(Duration::from_secs(10)))
        .runtime(Runtime::Tokio1)
        .build()
        .map_err(|error| StorageError::Pool(error.to_string()))
}

impl Postgres {
    /// Connects to the database at `url` (`postgres://user:password@host/db`, or
    /// `postgres://user@/db?host=/run/postgresql` through a Unix socket), checks what the schema
    /// needs, migrates it and enters the region catalogue; reads go to `read_url` when given
    /// (a streaming replica of the same database).
    ///
    /// # Errors
    /// When the database cannot be reached, lacks a feature the schema needs, is newer than
    /// this program, or a migration fails (nothing is then changed).
    pub async fn open(url: &str, read_url: Option<&str>) -> Result<Self, StorageError> {
        let pool = new_pool(url)?;
        {
            let mut client = pool.get().await?;
            probe_features(&mut client).await?;
            let applied = migrate::migrate(&mut client).await?;
            if applied > 0 {
                tracing::info!(applied, "database migrated");
            }
        }
        let readers = read_url.map(new_pool).transpose()?;
        let database = Self { pool, readers };
        database.ensure_catalogue().await?;
        results::backfill(&database).await?;
        Ok(database)
    }

    /// A connection for writing (and reading what was just written).
    pub(crate) async fn client(&self) -> Result<Client, StorageError> {
        Ok(self.pool.get().await?)
    }

    /// A connection for the dashboard's questions: the read replica's when there is one.
    pub(crate) async fn reader(&self) -> Result<Client, StorageError> {
        Ok(self.readers.as_ref().unwrap_or(&self.pool).get().await?)
    }

    /// Whether the database has no evaluations, accounts, drafts or audit entries (a target
    /// `fundlens copy` may fill without `--force`).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn is_empty(&self) -> Result<bool, StorageError> {
        let client = self.client().await?;
        let row = client
            .query_one(
                "SELECT NOT EXISTS (SELECT 1 FROM evaluations) AND NOT EXISTS (SELECT 1 FROM accounts)
                    AND NOT EXISTS (SELECT 1 FROM drafts) AND NOT EXISTS (SELECT 1 FROM audit_log)",
                &[],
            )
            .await?;
        Ok(row.get(0))
    }
}

/// Checks, without judging the version number, that the server does what the schema and the
/// queries need: `ON CONFLICT` with a target (PostgreSQL 9.5), aggregate `FILTER` (9.4),
/// recursive CTEs, row comparisons, advisory locks and PL/pgSQL triggers. Logs the version.
///
/// # Errors
/// [`StorageError::Unsupported`] naming what is missing.
async fn probe_features(client: &mut Client) -> Result<(), StorageError> {
    let version: String = client.query_one("SHOW server_version", &[]).await?.get(0);
    tracing::info!(%version, "PostgreSQL server");
    let probes: [(&str, &str); 5] = [
        (
            "INSERT … ON CONFLICT (…) DO UPDATE",
            "CREATE TEMP TABLE fundlens_probe (k INTEGER PRIMARY KEY, n BIGINT NOT NULL);
             INSERT INTO fundlens_probe AS p VALUES (1, 1) ON CONFLICT (k) DO UPDATE SET n = p.n + 1;
             INSERT INTO fundlens_probe AS p VALUES (1, 1) ON CONFLICT (k) DO UPDATE SET n = p.n + excluded.n;",
        ),
        (
            "count(*) FILTER (WHERE …)",
            "SELECT count(*) FILTER (WHERE n > 0) FROM fundlens_probe",
        ),
        (
            "WITH RECURSIVE",
            "WITH RECURSIVE up(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM up WHERE i < 3) SELECT count(*) FROM up",
        ),
        (
            "pg_advisory_xact_lock",
            "SELECT pg_advisory_xact_lock(1), (1, 2) < (1, 3)",
        ),
        (
            "PL/pgSQL",
            "CREATE FUNCTION pg_temp.fundlens_probe() RETURNS integer LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$;
             SELECT pg_temp.fundlens_probe();",
        ),
    ];
    let transaction = client.transaction().await?;
    for (feature, sql) in probes {
        if let Err(error) = transaction.batch_execute(sql).await {
            return Err(StorageError::Unsupported(format!(
                "数据库（版本 {version}）不支持 FundLens 需要的 {feature}：{error}"
            )));
        }
    }
    transaction.rollback().await?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod testing {
    //! A database of its own for a test, on the server `FUNDLENS_TEST_POSTGRES` names
    //! (`cargo xtask test` starts one); tests skip, saying so, without it.

    /// A URL of a new, empty database, or `None` when no test server is configured.
    pub(crate) async fn fresh_database(name: &str) -> Option<String> {
        let Ok(base) = std::env::var("FUNDLENS_TEST_POSTGRES") else {
            eprintln!("FUNDLENS_TEST_POSTGRES is not set: skipping the PostgreSQL test {name}");
            return None;
        };
        let (client, connection) = tokio_postgres::connect(&base, tokio_postgres::NoTls)
            .await
            .expect("test server");
        tokio::spawn(connection);
        let database = format!(
            "store_{name}_{}_{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        );
        client
            .batch_execute(&format!("CREATE DATABASE {database}"))
            .await
            .expect("create database");
        Some(super::url_with_database(&base, &database))
    }
}

/// `url` with its database replaced by `database` (keeping host, user and options).
pub fn url_with_database(url: &str, database: &str) -> String {
    // postgres://user@host:port/db?options — or with no database part at all.
    let (head, query) = url
        .split_once('?')
        .map_or((url, None), |(h, q)| (h, Some(q)));
    let scheme_end = head.find("://").map_or(0, |i| i + 3);
    let base = match head[scheme_end..].find('/') {
        Some(slash) => &head[..scheme_end + slash],
        None => head,
    };
    match query {
        Some(query) => format!("{base}/{database}?{query}"),
        None => format!("{base}/{database}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_name_replaces_the_urls_own() {
        assert_eq!(
            url_with_database("postgres://u@%2Ftmp%2Fpg/postgres?sslmode=disable", "t1"),
            "postgres://u@%2Ftmp%2Fpg/t1?sslmode=disable"
        );
        assert_eq!(
            url_with_database("postgresql://u@/postgres?host=/tmp/pg", "t1"),
            "postgresql://u@/t1?host=/tmp/pg"
        );
        assert_eq!(
            url_with_database("postgres://h:5432", "t1"),
            "postgres://h:5432/t1"
        );
    }
}

/// Queries through statements prepared once per connection (`prepare_cached`): a question
/// asked again on the same pooled connection skips the parse round trip.
pub(crate) trait Cached: deadpool_postgres::GenericClient {
    /// As `query`, through a cached statement.
    async fn query_cached(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<Vec<tokio_postgres::Row>, tokio_postgres::Error> {
        let statement = self.prepare_cached(sql).await?;
        self.query(&statement, params).await
    }

    /// As `query_one`, through a cached statement.
    async fn query_one_cached(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<tokio_postgres::Row, tokio_postgres::Error> {
        let statement = self.prepare_cached(sql).await?;
        self.query_one(&statement, params).await
    }

    /// As `execute`, through a cached statement.
    async fn execute_cached(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<u64, tokio_postgres::Error> {
        let statement = self.prepare_cached(sql).await?;
        self.execute(&statement, params).await
    }

    /// As `query_opt`, through a cached statement.
    async fn query_opt_cached(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<Option<tokio_postgres::Row>, tokio_postgres::Error> {
        let statement = self.prepare_cached(sql).await?;
        self.query_opt(&statement, params).await
    }
}

impl<T: deadpool_postgres::GenericClient> Cached for T {}
