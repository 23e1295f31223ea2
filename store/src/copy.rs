//! Moving a whole store between backends (`fundlens copy`): every table — evaluations with
//! their rows and documents, versions, the audit log with its chain, accounts, sessions and
//! tokens, uploaded documents and drafts, the rollups, the throttle's counts and the data
//! generation — read from one store in key order, chunk by chunk, and written into the other
//! in one transaction; then every table's rows are counted and checksummed on both sides.
//!
//! The target must be empty (no evaluations, accounts, drafts, documents or audit entries)
//! unless `force` is given, which first removes what it holds: a SQLite file is emptied, a
//! PostgreSQL database loses FundLens's tables and is migrated anew (the audit log refuses
//! deletes, so it is dropped with its table, never edited).

use std::collections::BTreeMap;

use futures_util::pin_mut;
use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::{ToSql, Type};

use crate::postgres::Postgres;
use crate::sqlite::Sqlite;
use crate::{Location, StorageError, Store};

/// Rows read or written per chunk.
const CHUNK: i64 = 5_000;

/// Every table, parents before children, with the columns that order it (its key).
const TABLES: &[(&str, &str)] = &[
    ("regions", "id"),
    ("sources", "id"),
    ("programs", "id"),
    ("evaluations", "id"),
    ("evaluation_documents", "evaluation_id"),
    ("funding_rows", "evaluation_id, row_kind"),
    ("category_scores", "evaluation_id, position"),
    ("indicators", "evaluation_id, position"),
    ("allocations", "evaluation_id, position"),
    ("findings", "evaluation_id, position"),
    ("observations", "region_id, metric, year, is_sample"),
    ("region_year_rollups", "region_id, year, is_sample"),
    (
        "region_year_group_rollups",
        "region_id, year, is_sample, group_key",
    ),
    ("program_year_rollups", "program_id, year, is_sample"),
    ("indicator_year_rollups", "name, region_id, year, is_sample"),
    ("level2_year_rollups", "year, region_id, is_sample, level2"),
    (
        "indicator_catalogue_rollups",
        "region_id, year, is_sample, name",
    ),
    ("result_items", "region_id, year, evaluation_id, position"),
    (
        "result_counts",
        "view, year, region_id, is_sample, code, class, flag",
    ),
    ("result_items_pending", "region_id, year"),
    ("briefings", "year, region, source"),
    ("accounts", "id"),
    ("sessions", "token_hash"),
    ("api_tokens", "id"),
    ("audit_log", "id"),
    ("evaluation_versions", "evaluation_id, version"),
    ("deleted_evaluations", "evaluation_id"),
    ("documents", "id"),
    ("drafts", "id"),
    ("draft_corrections", "draft_id, position"),
    ("login_failures", "key"),
];

/// PostgreSQL tables with an id from a sequence, set past the copied ids afterwards.
const SERIAL: &[&str] = &[
    "regions",
    "sources",
    "programs",
    "accounts",
    "api_tokens",
    "audit_log",
    "documents",
    "drafts",
];

/// One table copied: its rows and the checksum both sides agree on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCopy {
    /// The table.
    pub table: &'static str,
    /// Rows copied.
    pub rows: i64,
    /// SHA-256 (hex) of its rows in key order, each cell as text.
    pub checksum: String,
}

/// Why a copy did not happen or did not verify.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// The target holds data and `force` was not given.
    #[error("目标数据库 {0} 已有数据（评价、账号、草稿或操作日志）；如确需覆盖，请加 --force")]
    TargetNotEmpty(String),
    /// A table's rows differ after the copy.
    #[error(
        "复制后核对不符：表 {table} 源 {source_rows} 行（{source_sum}），目标 {target_rows} 行（{target_sum}）"
    )]
    Mismatch {
        /// The table.
        table: &'static str,
        /// Rows in the source.
        source_rows: i64,
        /// Rows in the target.
        target_rows: i64,
        /// The source's checksum.
        source_sum: String,
        /// The target's checksum.
        target_sum: String,
    },
    /// A store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<rusqlite::Error> for CopyError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Storage(error.into())
    }
}

impl From<tokio_postgres::Error> for CopyError {
    fn from(error: tokio_postgres::Error) -> Self {
        Self::Storage(error.into())
    }
}

/// One stored value, whatever the backend.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Null,
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Cell {
    fn hash_into(&self, hasher: &mut Sha256) {
        match self {
            Self::Null => hasher.update([0]),
            Self::Int(n) => {
                hasher.update([1]);
                hasher.update(n.to_le_bytes());
            }
            Self::Text(text) => {
                hasher.update([2]);
                hasher.update((text.len() as u64).to_le_bytes());
                hasher.update(text.as_bytes());
            }
            Self::Bytes(bytes) => {
                hasher.update([3]);
                hasher.update((bytes.len() as u64).to_le_bytes());
                hasher.update(bytes);
            }
        }
    }
}

type Rows = Vec<Vec<Cell>>;

/// A table's rows in key order, read chunk by chunk from either backend.
struct Reader<'a> {
    store: &'a Store,
    table: &'static str,
    key: &'static str,
    columns: Vec<String>,
    /// Column kinds on PostgreSQL (`int8`, `bool`, …), to read typed values.
    kinds: Vec<String>,
    after: Option<Vec<Cell>>,
    key_positions: Vec<usize>,
}

impl<'a> Reader<'a> {
    async fn new(
        store: &'a Store,
        table: &'static str,
        key: &'static str,
        columns: Vec<String>,
    ) -> Result<Self, CopyError> {
        let kinds = match store.as_postgres() {
            Some(database) => postgres_kinds(database, table, &columns).await?,
            None => Vec::new(),
        };
        let key_positions = key
            .split(", ")
            .map(|k| columns.iter().position(|c| c == k).unwrap_or(0))
            .collect();
        Ok(Self {
            store,
            table,
            key,
            columns,
            kinds,
            after: None,
            key_positions,
        })
    }

    /// The next chunk (empty at the end).
    async fn next(&mut self) -> Result<Rows, CopyError> {
        let columns = self.columns.join(", ");
        let width = self.key_positions.len();
        let (table, key) = (self.table, self.key);
        let rows = match (self.store.as_sqlite(), self.store.as_postgres()) {
            (Some(database), _) => {
                let placeholders: Vec<String> = (1..=width).map(|i| format!("?{i}")).collect();
                let condition = if self.after.is_some() {
                    format!("WHERE ({key}) > ({})", placeholders.join(", "))
                } else {
                    String::new()
                };
                let sql = format!(
                    "SELECT {columns} FROM {table} {condition} ORDER BY {key} LIMIT {CHUNK}"
                );
                let after = self.after.clone().unwrap_or_default();
                database.read(|connection| -> Result<Rows, rusqlite::Error> {
                    let mut statement = connection.prepare(&sql)?;
                    let params: Vec<rusqlite::types::Value> =
                        after.iter().map(sqlite_value).collect();
                    let count = statement.column_count();
                    let mut rows = statement.query(rusqlite::params_from_iter(params))?;
                    let mut out = Vec::new();
                    while let Some(row) = rows.next()? {
                        out.push(
                            (0..count)
                                .map(|i| row.get_ref(i).map(cell_of_sqlite))
                                .collect::<Result<_, _>>()?,
                        );
                    }
                    Ok(out)
                })?
            }
            (None, Some(database)) => {
                let placeholders: Vec<String> = (1..=width).map(|i| format!("${i}")).collect();
                let condition = if self.after.is_some() {
                    format!("WHERE ({key}) > ({})", placeholders.join(", "))
                } else {
                    String::new()
                };
                let sql = format!(
                    "SELECT {columns} FROM {table} {condition} ORDER BY {key} LIMIT {CHUNK}"
                );
                let key_kinds: Vec<&str> = self
                    .key_positions
                    .iter()
                    .map(|i| self.kinds[*i].as_str())
                    .collect();
                let params: Vec<Box<dyn ToSql + Sync + Send>> = self
                    .after
                    .iter()
                    .flatten()
                    .zip(&key_kinds)
                    .map(|(cell, kind)| postgres_value(cell, kind))
                    .collect();
                let refs: Vec<&(dyn ToSql + Sync)> = params
                    .iter()
                    .map(|p| p.as_ref() as &(dyn ToSql + Sync))
                    .collect();
                let client = database.client().await?;
                client
                    .query(&sql, &refs)
                    .await?
                    .iter()
                    .map(|row| {
                        self.kinds
                            .iter()
                            .enumerate()
                            .map(|(i, kind)| cell_of_postgres(row, i, kind))
                            .collect()
                    })
                    .collect()
            }
            (None, None) => Vec::new(),
        };
        if let Some(last) = rows.last() {
            self.after = Some(
                self.key_positions
                    .iter()
                    .map(|i| last[*i].clone())
                    .collect(),
            );
        }
        Ok(rows)
    }
}

fn sqlite_value(cell: &Cell) -> rusqlite::types::Value {
    match cell {
        Cell::Null => rusqlite::types::Value::Null,
        Cell::Int(n) => rusqlite::types::Value::Integer(*n),
        Cell::Text(t) => rusqlite::types::Value::Text(t.clone()),
        Cell::Bytes(b) => rusqlite::types::Value::Blob(b.clone()),
    }
}

fn cell_of_sqlite(value: ValueRef<'_>) -> Cell {
    match value {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(n) => Cell::Int(n),
        // Whole numbers only are stored; a float is an integral sum SQLite's total() gave.
        ValueRef::Real(x) => Cell::Int(x as i64),
        ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Cell::Bytes(b.to_vec()),
    }
}

fn cell_of_postgres(row: &tokio_postgres::Row, index: usize, kind: &str) -> Cell {
    match kind {
        "int8" => row
            .get::<_, Option<i64>>(index)
            .map_or(Cell::Null, Cell::Int),
        "int4" => row
            .get::<_, Option<i32>>(index)
            .map_or(Cell::Null, |n| Cell::Int(n.into())),
        "bool" => row
            .get::<_, Option<bool>>(index)
            .map_or(Cell::Null, |b| Cell::Int(b.into())),
        "bytea" => row
            .get::<_, Option<Vec<u8>>>(index)
            .map_or(Cell::Null, Cell::Bytes),
        _ => row
            .get::<_, Option<String>>(index)
            .map_or(Cell::Null, Cell::Text),
    }
}

fn postgres_value(cell: &Cell, kind: &str) -> Box<dyn ToSql + Sync + Send> {
    match (cell, kind) {
        (Cell::Null, "int8") => Box::new(None::<i64>),
        (Cell::Null, "int4") => Box::new(None::<i32>),
        (Cell::Null, "bool") => Box::new(None::<bool>),
        (Cell::Null, "bytea") => Box::new(None::<Vec<u8>>),
        (Cell::Null, _) => Box::new(None::<String>),
        (Cell::Int(n), "int4") => Box::new(i32::try_from(*n).unwrap_or(i32::MAX)),
        (Cell::Int(n), "bool") => Box::new(*n != 0),
        (Cell::Int(n), _) => Box::new(*n),
        (Cell::Text(t), _) => Box::new(t.clone()),
        (Cell::Bytes(b), _) => Box::new(b.clone()),
    }
}

fn postgres_type(kind: &str) -> Type {
    match kind {
        "int8" => Type::INT8,
        "int4" => Type::INT4,
        "bool" => Type::BOOL,
        "bytea" => Type::BYTEA,
        _ => Type::TEXT,
    }
}

async fn postgres_kinds(
    database: &Postgres,
    table: &str,
    columns: &[String],
) -> Result<Vec<String>, CopyError> {
    let client = database.client().await?;
    let found: BTreeMap<String, String> = client
        .query(
            "SELECT column_name::text, udt_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1",
            &[&table],
        )
        .await?
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    Ok(columns
        .iter()
        .map(|c| found.get(c).cloned().unwrap_or_else(|| "text".to_owned()))
        .collect())
}

/// The columns of `table` in `store`, in their order.
async fn columns_of(store: &Store, table: &str) -> Result<Vec<String>, CopyError> {
    match (store.as_sqlite(), store.as_postgres()) {
        (Some(database), _) => database.read(|connection| -> Result<Vec<String>, CopyError> {
            let mut statement = connection.prepare(&format!("PRAGMA table_info({table})"))?;
            let names = statement
                .query_map([], |row| row.get::<_, String>(1))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(names)
        }),
        (None, Some(database)) => postgres_columns(database, table).await,
        (None, None) => Ok(Vec::new()),
    }
}

/// Whether a store holds evaluations, accounts, drafts, documents or audit entries.
async fn holds_data(store: &Store) -> Result<bool, CopyError> {
    const SQL: &str = "SELECT (SELECT count(*) FROM evaluations) + (SELECT count(*) FROM accounts)
        + (SELECT count(*) FROM drafts) + (SELECT count(*) FROM documents)
        + (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM deleted_evaluations)";
    match (store.as_sqlite(), store.as_postgres()) {
        (Some(database), _) => Ok(database
            .read(|connection| connection.query_row(SQL, [], |row| row.get::<_, i64>(0)))?
            > 0),
        (None, Some(database)) => {
            let client = database.client().await?;
            Ok(client.query_one(SQL, &[]).await?.get::<_, i64>(0) > 0)
        }
        (None, None) => Ok(false),
    }
}

/// Opens the target, emptied first when `force`.
async fn open_target(location: &Location, force: bool) -> Result<Store, CopyError> {
    if force {
        match location {
            Location::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut name = path.as_os_str().to_owned();
                    name.push(suffix);
                    match std::fs::remove_file(&name) {
                        Ok(()) => {}
                        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                        Err(error) => {
                            return Err(StorageError::Corrupt(format!(
                                "cannot remove {}: {error}",
                                path.display()
                            ))
                            .into());
                        }
                    }
                }
            }
            Location::Postgres { url, .. } => {
                let store = Store::open_postgres(url, None).await?;
                if let Some(database) = store.as_postgres() {
                    database.drop_schema().await?;
                }
            }
        }
    }
    Ok(Store::open(location).await?)
}

/// Copies everything from the store at `from` into the store at `to`, then verifies row counts
/// and checksums table by table.
///
/// # Errors
/// [`CopyError::TargetNotEmpty`] without `force`; [`CopyError::Mismatch`] when a table does
/// not verify; storage failures (the target's transaction is then rolled back).
pub async fn copy(
    from: &Location,
    to: &Location,
    force: bool,
) -> Result<Vec<TableCopy>, CopyError> {
    let source = Store::open(from).await?;
    let target = open_target(to, force).await?;
    if holds_data(&target).await? {
        return Err(CopyError::TargetNotEmpty(to.describe()));
    }
    let mut report = Vec::new();
    match (target.as_sqlite(), target.as_postgres()) {
        (Some(database), _) => {
            database.copy_into(&source, &mut report).await?;
        }
        (None, Some(database)) => {
            database.copy_into(&source, &mut report).await?;
        }
        (None, None) => {}
    }
    // Verify: the target read back in key order gives the same counts and checksums.
    for entry in &report {
        let columns = common_columns(&source, &target, entry.table).await?;
        let key = key_of(entry.table);
        let (rows, checksum) = checksum(&target, entry.table, key, columns).await?;
        if rows != entry.rows || checksum != entry.checksum {
            return Err(CopyError::Mismatch {
                table: entry.table,
                source_rows: entry.rows,
                target_rows: rows,
                source_sum: entry.checksum.clone(),
                target_sum: checksum,
            });
        }
    }
    Ok(report)
}

fn key_of(table: &str) -> &'static str {
    TABLES
        .iter()
        .find(|(t, _)| *t == table)
        .map_or("1", |(_, key)| key)
}

/// The columns both stores' tables have, in the source's order.
async fn common_columns(
    source: &Store,
    target: &Store,
    table: &str,
) -> Result<Vec<String>, CopyError> {
    let theirs = columns_of(target, table).await?;
    shared_columns(source, table, &theirs).await
}

/// The source's columns of `table` that `theirs` has too, in the source's order.
async fn shared_columns(
    source: &Store,
    table: &str,
    theirs: &[String],
) -> Result<Vec<String>, CopyError> {
    Ok(columns_of(source, table)
        .await?
        .into_iter()
        .filter(|c| theirs.contains(c))
        .collect())
}

/// The columns of a PostgreSQL table, in their order.
async fn postgres_columns(database: &Postgres, table: &str) -> Result<Vec<String>, CopyError> {
    let client = database.client().await?;
    Ok(client
        .query(
            "SELECT column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            &[&table],
        )
        .await?
        .iter()
        .map(|row| row.get(0))
        .collect())
}

async fn checksum(
    store: &Store,
    table: &'static str,
    key: &'static str,
    columns: Vec<String>,
) -> Result<(i64, String), CopyError> {
    let mut reader = Reader::new(store, table, key, columns).await?;
    let mut hasher = Sha256::new();
    let mut rows = 0;
    loop {
        let chunk = reader.next().await?;
        if chunk.is_empty() {
            break;
        }
        for row in &chunk {
            for cell in row {
                cell.hash_into(&mut hasher);
            }
            rows += 1;
        }
    }
    Ok((rows, hex(&hasher.finalize())))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

impl Postgres {
    /// Drops FundLens's tables and functions (for `fundlens copy --force`).
    async fn drop_schema(&self) -> Result<(), CopyError> {
        let client = self.client().await?;
        let tables: Vec<&str> = TABLES.iter().map(|(t, _)| *t).collect();
        client
            .batch_execute(&format!(
                "DROP TABLE IF EXISTS {}, store_state, schema_version CASCADE;
                 DROP FUNCTION IF EXISTS program_year_count(BIGINT, INTEGER, BOOLEAN, TEXT, BIGINT) CASCADE;
                 DROP FUNCTION IF EXISTS evaluations_count() CASCADE;
                 DROP FUNCTION IF EXISTS audit_log_append_only() CASCADE;
                 DROP FUNCTION IF EXISTS store_generation_bump() CASCADE;
                 DROP FUNCTION IF EXISTS briefings_forget_observation_years() CASCADE;
                 DROP FUNCTION IF EXISTS briefings_forget_all() CASCADE;",
                tables.join(", ")
            ))
            .await?;
        Ok(())
    }

    /// Copies every table of `source` into this (empty) database in one transaction, through
    /// binary COPY; records each table's rows and checksum in `report`.
    async fn copy_into(
        &self,
        source: &Store,
        report: &mut Vec<TableCopy>,
    ) -> Result<(), CopyError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await?;
        transaction
            .execute(
                "SELECT pg_advisory_xact_lock($1)",
                &[&crate::postgres::WRITE_LOCK],
            )
            .await?;
        transaction.batch_execute("DELETE FROM regions").await?;
        for (table, key) in TABLES {
            let theirs = postgres_columns(self, table).await?;
            let columns = shared_columns(source, table, &theirs).await?;
            let kinds = postgres_kinds(self, table, &columns).await?;
            let types: Vec<Type> = kinds.iter().map(|k| postgres_type(k)).collect();
            if *table == "program_year_rollups" {
                // The insert trigger counted the copied evaluations already; the copy is the truth.
                transaction
                    .batch_execute("DELETE FROM program_year_rollups")
                    .await?;
            }
            let mut reader = Reader::new(source, table, key, columns.clone()).await?;
            let sink = transaction
                .copy_in(&format!(
                    "COPY {table} ({}) FROM STDIN (FORMAT binary)",
                    columns.join(", ")
                ))
                .await?;
            let writer = BinaryCopyInWriter::new(sink, &types);
            pin_mut!(writer);
            let mut hasher = Sha256::new();
            let mut rows = 0;
            loop {
                let chunk = reader.next().await?;
                if chunk.is_empty() {
                    break;
                }
                for row in &chunk {
                    let values: Vec<Box<dyn ToSql + Sync + Send>> = row
                        .iter()
                        .zip(&kinds)
                        .map(|(cell, kind)| postgres_value(cell, kind))
                        .collect();
                    let refs: Vec<&(dyn ToSql + Sync)> = values
                        .iter()
                        .map(|v| v.as_ref() as &(dyn ToSql + Sync))
                        .collect();
                    writer.as_mut().write(&refs).await?;
                    for cell in row {
                        cell.hash_into(&mut hasher);
                    }
                    rows += 1;
                }
            }
            writer.finish().await?;
            report.push(TableCopy {
                table,
                rows,
                checksum: hex(&hasher.finalize()),
            });
        }
        for table in SERIAL {
            transaction
                .batch_execute(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                                   coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                ))
                .await?;
        }
        // The fund search's pinyin initials, which a SQLite source does not store.
        let programs = transaction
            .query("SELECT id, name FROM programs WHERE initials = ''", &[])
            .await?;
        for row in programs {
            let (id, name): (i64, String) = (row.get(0), row.get(1));
            transaction
                .execute(
                    "UPDATE programs SET initials = $1 WHERE id = $2",
                    &[&crate::sqlite::initials::initials(&name), &id],
                )
                .await?;
        }
        let generation = source.generation().await?;
        transaction
            .execute(
                "UPDATE store_state SET generation = greatest(generation, $1) + 1 WHERE id = 1",
                &[&generation],
            )
            .await?;
        transaction.commit().await?;
        Ok(())
    }
}

impl Sqlite {
    /// Copies every table of `source` into this (empty) file in one transaction; records each
    /// table's rows and checksum in `report`.
    async fn copy_into(
        &self,
        source: &Store,
        report: &mut Vec<TableCopy>,
    ) -> Result<(), CopyError> {
        let generation = source.generation().await?;
        let mut plans = Vec::new();
        for (table, key) in TABLES {
            let theirs = self.read(|connection| -> Result<Vec<String>, CopyError> {
                let mut statement = connection.prepare(&format!("PRAGMA table_info({table})"))?;
                let names = statement
                    .query_map([], |row| row.get::<_, String>(1))?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(names)
            })?;
            plans.push((*table, *key, shared_columns(source, table, &theirs).await?));
        }
        // Read chunk by chunk (async for a PostgreSQL source), written in one transaction on
        // the writer connection, which nothing else uses while the copy runs.
        self.write(|connection| -> Result<(), CopyError> {
            connection.execute_batch("BEGIN IMMEDIATE; DELETE FROM regions;")?;
            Ok(())
        })?;
        let outcome: Result<(), CopyError> = async {
            for (table, key, columns) in plans {
                if table == "program_year_rollups" {
                    // The insert triggers counted the copied evaluations; the copy is the truth.
                    self.write(|connection| -> Result<(), CopyError> {
                        connection.execute_batch("DELETE FROM program_year_rollups")?;
                        Ok(())
                    })?;
                }
                let sql = format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    columns.join(", "),
                    (1..=columns.len())
                        .map(|i| format!("?{i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                let mut reader = Reader::new(source, table, key, columns).await?;
                let mut hasher = Sha256::new();
                let mut rows = 0;
                loop {
                    let chunk = reader.next().await?;
                    if chunk.is_empty() {
                        break;
                    }
                    for row in &chunk {
                        for cell in row {
                            cell.hash_into(&mut hasher);
                        }
                    }
                    rows += i64::try_from(chunk.len()).unwrap_or(i64::MAX);
                    self.write(|connection| -> Result<(), CopyError> {
                        let mut statement = connection.prepare_cached(&sql)?;
                        for row in &chunk {
                            statement.execute(rusqlite::params_from_iter(
                                row.iter().map(sqlite_value),
                            ))?;
                        }
                        Ok(())
                    })?;
                }
                report.push(TableCopy {
                    table,
                    rows,
                    checksum: hex(&hasher.finalize()),
                });
            }
            self.write(|connection| -> Result<(), CopyError> {
                connection.execute(
                    "UPDATE store_state SET generation = max(generation, ?1) + 1 WHERE id = 1",
                    [generation],
                )?;
                Ok(())
            })?;
            Ok(())
        }
        .await;
        match outcome {
            Ok(()) => self.write(|connection| -> Result<(), CopyError> {
                connection.execute_batch("COMMIT")?;
                Ok(())
            }),
            Err(error) => {
                let _ = self.write(|connection| -> Result<(), CopyError> {
                    connection.execute_batch("ROLLBACK")?;
                    Ok(())
                });
                Err(error)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use fundlens_shared::account::Role;
    use fundlens_shared::draft::{DraftContent, DraftFacts};
    use fundlens_shared::scoring::ScoringPolicy;

    use super::*;
    use crate::postgres::testing::fresh_database;
    use crate::{Change, EvaluationFilter, NewDocument, Start, StoredAccount};
    use fundlens_shared::query::Sort;

    /// A SQLite store with a bit of everything: the seed record, the city sample's regions and
    /// observations, an evaluation replaced and one deleted, an account with a session and a
    /// token, a draft of an upload, a failed sign-in.
    async fn a_full_store(path: &std::path::Path) -> Store {
        let store = Store::open_sqlite(path).expect("store");
        let policy = ScoringPolicy::national();
        let change = Change::system("copy test");
        let spec = fundlens_sample::SampleSpec {
            scale: fundlens_sample::Scale::City,
            seed: fundlens_sample::DEFAULT_SEED,
        };
        store
            .add_regions(fundlens_sample::regions(&spec))
            .await
            .expect("regions");
        store
            .import_observations(fundlens_sample::observations(&spec), &policy, &change)
            .await
            .expect("observations");
        let evaluations: Vec<_> = fundlens_sample::evaluations(&spec).take(120).collect();
        store
            .import_evaluations(evaluations.clone(), &policy, false, &change)
            .await
            .expect("sample");
        store
            .import_evaluations(vec![evaluations[5].clone()], &policy, true, &change)
            .await
            .expect("replace");
        let list = store
            .list_evaluations(
                &EvaluationFilter::default(),
                Sort::Newest,
                1,
                &Start::Offset(0),
            )
            .await
            .expect("list");
        store
            .delete_evaluation(list.items[0].id, &change)
            .await
            .expect("delete");
        store
            .add_account("管理员", Role::Admin, None, "$argon2id$fake", &change)
            .await
            .expect("account");
        let account: StoredAccount = store.account("管理员").await.expect("read").expect("found");
        store
            .start_session(b"session-digest", &account, 1_700_000_000, &change)
            .await
            .expect("session");
        store
            .add_token("管理员", "脚本", b"token-digest", &change)
            .await
            .expect("token");
        store
            .add_drafts(
                NewDocument {
                    name: "自评表.xlsx".to_owned(),
                    bytes: b"PK\x03\x04 not really a workbook".to_vec(),
                    sha256: "ab".repeat(32),
                    uploaded_by: Some("管理员".to_owned()),
                },
                vec![(
                    DraftContent {
                        form: "自评表".to_owned(),
                        record: serde_json::json!({"region": "赫山区"}),
                        sources: Vec::new(),
                        missing: Vec::new(),
                        unplaced: Vec::new(),
                    },
                    DraftFacts {
                        region: Some("赫山区".to_owned()),
                        missing: 3,
                        ..DraftFacts::default()
                    },
                )],
                &change,
            )
            .await
            .expect("draft");
        store
            .login_failed(&["name:某人".to_owned()], 1_700_000_000_000, 0)
            .await
            .expect("failure");
        store
    }

    async fn answers(store: &Store) -> String {
        let list = store
            .list_evaluations(
                &EvaluationFilter::default(),
                Sort::Lowest,
                50,
                &Start::Offset(0),
            )
            .await
            .expect("list");
        let mut catalogue = store.catalogue().await.expect("catalogue");
        catalogue.data_as_of = catalogue.data_as_of.map(|_| "set".to_owned());
        let audit = store.audit_log(None, 1000).await.expect("audit");
        assert!(audit.chain_intact, "the audit chain verifies");
        serde_json::to_string(&(
            list,
            catalogue,
            audit.entries.len(),
            store.drafts(None).await.expect("drafts"),
        ))
        .expect("json")
    }

    #[tokio::test]
    async fn a_store_moves_to_postgresql_and_back_whole_and_verified() {
        let Some(url) = fresh_database("copy").await else {
            return;
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let original = dir.path().join("original.sqlite");
        let source = a_full_store(&original).await;
        let expected = answers(&source).await;
        let to_postgres = Location::Postgres {
            url: url.clone(),
            read_url: None,
        };
        let report = copy(&Location::Sqlite(original.clone()), &to_postgres, false)
            .await
            .expect("copied to PostgreSQL");
        assert_eq!(report.len(), TABLES.len());
        assert!(
            report
                .iter()
                .all(|t| t.table != "evaluations" || t.rows > 100)
        );
        let on_postgres = Store::open(&to_postgres).await.expect("open");
        assert_eq!(
            answers(&on_postgres).await,
            expected,
            "the same answers on PostgreSQL"
        );
        let session = on_postgres
            .session(b"session-digest")
            .await
            .expect("session");
        assert!(session.is_some(), "sessions come along");
        assert!(
            on_postgres.generation().await.expect("generation") > 0,
            "the generation moves with a copy"
        );
        // A new import continues the ids above every copied one.
        let error = copy(&Location::Sqlite(original.clone()), &to_postgres, false)
            .await
            .expect_err("a target with data is refused");
        assert!(matches!(error, CopyError::TargetNotEmpty(_)), "{error}");
        copy(&Location::Sqlite(original.clone()), &to_postgres, true)
            .await
            .expect("forced over the old copy");

        let back = Location::Sqlite(dir.path().join("back.sqlite"));
        let report = copy(&to_postgres, &back, false)
            .await
            .expect("copied back to a file");
        assert_eq!(report.len(), TABLES.len());
        let home = Store::open(&back).await.expect("open");
        assert_eq!(
            answers(&home).await,
            expected,
            "the same answers back in a file"
        );
    }
}
