//! The append-only audit log: every write and login attempt, written in the same transaction
//! as what it records (so neither exists without the other). Each entry's digest covers the
//! previous entry's digest, so [`Sqlite::audit_log`] can tell whether the chain is intact.

use fundlens_shared::audit_log::{AuditEntry, AuditPage};
use rusqlite::{Connection, OptionalExtension, named_params};
use sha2::{Digest, Sha256};

use super::{Sqlite, StorageError};

/// Who writes, from where and how, and where they may write: every write to the store takes
/// one, and it becomes the write's audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// An account name, `cli:<user>` or `system`.
    pub actor: String,
    /// The client's address, or `cli`.
    pub address: String,
    /// The request (`POST /api/evaluations`) or the command and its files.
    pub origin: String,
    /// The regions this change may touch.
    pub scope: Scope,
}

/// The regions a change may touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Any region (admins, the command line, the data a new database starts with).
    Everywhere,
    /// This region and every region below it (an editor's).
    Subtree(String),
}

impl Change {
    /// A change made by the program itself (the data a new database starts with).
    pub fn system(origin: impl Into<String>) -> Self {
        Self {
            actor: "system".to_owned(),
            address: "local".to_owned(),
            origin: origin.into(),
            scope: Scope::Everywhere,
        }
    }

    /// A change made on the command line by the operating-system user running it.
    pub fn command_line(origin: impl Into<String>) -> Self {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown".to_owned());
        Self {
            actor: format!("cli:{user}"),
            address: "cli".to_owned(),
            origin: origin.into(),
            scope: Scope::Everywhere,
        }
    }
}

/// What one audit entry says beyond the [`Change`] behind it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Event<'a> {
    /// `import`, `replace`, `delete`, `login`, …
    pub(crate) action: &'a str,
    /// `evaluation 12`, `user 张三`.
    pub(crate) target: String,
    pub(crate) before_hash: Option<String>,
    pub(crate) after_hash: Option<String>,
    pub(crate) detail: String,
}

/// SHA-256 of `bytes`, as lowercase hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// The digest of an entry: its fields and the previous entry's digest, separated by a byte
/// that cannot occur in them.
pub(crate) fn entry_hash(previous: &str, fields: &[&str]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(previous.as_bytes());
    for field in fields {
        hasher.update([0x1f]);
        hasher.update(field.as_bytes());
    }
    hex(&hasher.finalize())
}

/// Appends one entry inside the caller's transaction; returns its id.
pub(crate) fn append(
    connection: &Connection,
    change: &Change,
    event: &Event<'_>,
) -> rusqlite::Result<i64> {
    let previous: String = connection
        .prepare_cached("SELECT entry_hash FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |row| row.get(0))
        .optional()?
        .unwrap_or_default();
    let at: String =
        connection.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", [], |row| {
            row.get(0)
        })?;
    let hash = entry_hash(
        &previous,
        &[
            &at,
            &change.actor,
            &change.address,
            event.action,
            &event.target,
            &change.origin,
            event.before_hash.as_deref().unwrap_or(""),
            event.after_hash.as_deref().unwrap_or(""),
            &event.detail,
        ],
    );
    connection
        .prepare_cached(
            "INSERT INTO audit_log (at, actor, address, action, target, origin, before_hash, after_hash,
                detail, previous_hash, entry_hash)
             VALUES (:at, :actor, :address, :action, :target, :origin, :before, :after, :detail,
                :previous, :hash)",
        )?
        .execute(named_params! {
            ":at": at,
            ":actor": change.actor,
            ":address": change.address,
            ":action": event.action,
            ":target": event.target,
            ":origin": change.origin,
            ":before": event.before_hash,
            ":after": event.after_hash,
            ":detail": event.detail,
            ":previous": previous,
            ":hash": hash,
        })?;
    Ok(connection.last_insert_rowid())
}

impl Sqlite {
    /// Records one event in its own transaction (a login attempt, a logout).
    ///
    /// # Errors
    /// When the store fails.
    pub fn record_event(
        &self,
        change: &Change,
        action: &str,
        target: String,
        detail: String,
    ) -> Result<(), StorageError> {
        self.write(|connection| {
            let transaction = connection.transaction()?;
            append(
                &transaction,
                change,
                &Event {
                    action,
                    target,
                    detail,
                    ..Event::default()
                },
            )?;
            transaction.commit()?;
            Ok(())
        })
    }

    /// Up to `limit` entries older than `before` (all when `None`), newest first, and whether
    /// the whole chain verifies.
    ///
    /// # Errors
    /// When the store fails.
    pub fn audit_log(&self, before: Option<i64>, limit: u32) -> Result<AuditPage, StorageError> {
        self.read(|connection| {
            let mut statement = connection.prepare_cached(
                "SELECT id, at, actor, address, action, target, origin, before_hash, after_hash, detail
                 FROM audit_log WHERE id < :before ORDER BY id DESC LIMIT :limit",
            )?;
            let entries = statement
                .query_map(
                    named_params! {":before": before.unwrap_or(i64::MAX), ":limit": limit},
                    |row| {
                        Ok(AuditEntry {
                            id: row.get(0)?,
                            at: row.get(1)?,
                            actor: row.get(2)?,
                            address: row.get(3)?,
                            action: row.get(4)?,
                            target: row.get(5)?,
                            origin: row.get(6)?,
                            before_hash: row.get(7)?,
                            after_hash: row.get(8)?,
                            detail: row.get(9)?,
                        })
                    },
                )?
                .collect::<Result<_, _>>()?;
            Ok(AuditPage {
                entries,
                chain_intact: chain_intact(connection)?,
            })
        })
    }
}

/// Walks the log from the first entry, recomputing each digest.
fn chain_intact(connection: &Connection) -> rusqlite::Result<bool> {
    let mut statement = connection.prepare_cached(
        "SELECT at, actor, address, action, target, origin, coalesce(before_hash, ''),
                coalesce(after_hash, ''), detail, previous_hash, entry_hash
         FROM audit_log ORDER BY id",
    )?;
    let mut rows = statement.query([])?;
    let mut previous = String::new();
    while let Some(row) = rows.next()? {
        let fields: Vec<String> = (0..9)
            .map(|i| row.get::<_, String>(i))
            .collect::<Result<_, _>>()?;
        let (stated_previous, stated): (String, String) = (row.get(9)?, row.get(10)?);
        let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
        if stated_previous != previous || entry_hash(&previous, &refs) != stated {
            return Ok(false);
        }
        previous = stated;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_refuses_updates_and_deletes_and_a_forged_row_breaks_the_chain() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Sqlite::open(&dir.path().join("db.sqlite")).expect("store");
        let change = Change::system("test");
        for name in ["甲", "乙"] {
            store
                .record_event(&change, "login", format!("user {name}"), String::new())
                .expect("recorded");
        }
        let page = store.audit_log(None, 10).expect("log");
        assert_eq!(page.entries.len(), 2);
        assert_eq!(page.entries[0].target, "user 乙", "newest first");
        assert!(page.chain_intact);
        let refused = store.write(|connection| {
            connection.execute("UPDATE audit_log SET actor = 'x'", [])?;
            Ok::<_, StorageError>(())
        });
        assert!(refused.is_err(), "updates are refused");
        let refused = store.write(|connection| {
            connection.execute("DELETE FROM audit_log", [])?;
            Ok::<_, StorageError>(())
        });
        assert!(refused.is_err(), "deletes are refused");
        store
            .write(|connection| {
                connection.execute_batch(
                    "DROP TRIGGER audit_log_no_update;
                     UPDATE audit_log SET actor = 'forged' WHERE id = 1;",
                )?;
                Ok::<_, StorageError>(())
            })
            .expect("a forger with raw SQL access");
        assert!(!store.audit_log(None, 10).expect("log").chain_intact);
    }
}
