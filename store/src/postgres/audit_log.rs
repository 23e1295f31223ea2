//! The append-only audit log on PostgreSQL: the same entries and the same hash chain as
//! `sqlite/audit_log.rs` (one digest function for both, so a log copied between them still
//! verifies). Appends happen under the write lock, so each reads the true last entry.

use deadpool_postgres::GenericClient;
use fundlens_shared::audit_log::{AuditEntry, AuditPage};

use super::{Postgres, write_transaction};
use crate::StorageError;
use crate::sqlite::audit_log::{Change, Event, entry_hash};

/// The time now as the audit log writes it (UTC, milliseconds), from the database's clock so
/// every server agrees.
pub(crate) const NOW_MS: &str =
    "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
/// The time now to the second, as records and accounts are stamped.
pub(crate) const NOW_S: &str =
    "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

/// Appends one entry inside the caller's transaction (which holds the write lock); returns its
/// id.
pub(crate) async fn append(
    client: &impl GenericClient,
    change: &Change,
    event: &Event<'_>,
) -> Result<i64, StorageError> {
    let previous: String = client
        .query_opt(
            "SELECT entry_hash FROM audit_log ORDER BY id DESC LIMIT 1",
            &[],
        )
        .await?
        .map(|row| row.get(0))
        .unwrap_or_default();
    let at: String = client
        .query_one(&format!("SELECT {NOW_MS}"), &[])
        .await?
        .get(0);
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
    let row = client
        .query_one(
            "INSERT INTO audit_log (at, actor, address, action, target, origin, before_hash, after_hash,
                detail, previous_hash, entry_hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            &[
                &at,
                &change.actor,
                &change.address,
                &event.action,
                &event.target,
                &change.origin,
                &event.before_hash,
                &event.after_hash,
                &event.detail,
                &previous,
                &hash,
            ],
        )
        .await?;
    Ok(row.get(0))
}

impl Postgres {
    /// Records one event in its own transaction (a login attempt, a logout).
    ///
    /// # Errors
    /// When the store fails.
    pub async fn record_event(
        &self,
        change: &Change,
        action: &str,
        target: String,
        detail: String,
    ) -> Result<(), StorageError> {
        write_transaction!(self, StorageError, |transaction| {
            append(
                &transaction,
                change,
                &Event {
                    action,
                    target: target.clone(),
                    detail: detail.clone(),
                    ..Event::default()
                },
            )
            .await?;
        })
    }

    /// Up to `limit` entries older than `before` (all when `None`), newest first, and whether
    /// the whole chain verifies.
    ///
    /// # Errors
    /// When the store fails.
    pub async fn audit_log(
        &self,
        before: Option<i64>,
        limit: u32,
    ) -> Result<AuditPage, StorageError> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT id, at, actor, address, action, target, origin, before_hash, after_hash, detail
                 FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2",
                &[&before.unwrap_or(i64::MAX), &i64::from(limit)],
            )
            .await?;
        let entries = rows
            .iter()
            .map(|row| AuditEntry {
                id: row.get(0),
                at: row.get(1),
                actor: row.get(2),
                address: row.get(3),
                action: row.get(4),
                target: row.get(5),
                origin: row.get(6),
                before_hash: row.get(7),
                after_hash: row.get(8),
                detail: row.get(9),
            })
            .collect();
        Ok(AuditPage {
            entries,
            chain_intact: chain_intact(&client).await?,
        })
    }
}

/// Walks the log from the first entry, recomputing each digest.
pub(crate) async fn chain_intact(client: &impl GenericClient) -> Result<bool, StorageError> {
    let rows = client
        .query(
            "SELECT at, actor, address, action, target, origin, coalesce(before_hash, ''),
                    coalesce(after_hash, ''), detail, previous_hash, entry_hash
             FROM audit_log ORDER BY id",
            &[],
        )
        .await?;
    let mut previous = String::new();
    for row in rows {
        let fields: Vec<String> = (0..9).map(|i| row.get(i)).collect();
        let (stated_previous, stated): (String, String) = (row.get(9), row.get(10));
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
    use crate::postgres::testing::fresh_database;

    #[tokio::test]
    async fn the_log_refuses_updates_deletes_and_truncation_and_a_forged_row_breaks_the_chain() {
        let Some(url) = fresh_database("audit").await else {
            return;
        };
        let store = Postgres::open(&url, None).await.expect("store");
        let change = Change::system("test");
        for name in ["甲", "乙"] {
            store
                .record_event(&change, "login", format!("user {name}"), String::new())
                .await
                .expect("recorded");
        }
        let page = store.audit_log(None, 10).await.expect("log");
        assert_eq!(page.entries.len(), 2);
        assert_eq!(page.entries[0].target, "user 乙", "newest first");
        assert!(page.chain_intact);
        let client = store.client().await.expect("client");
        for sql in [
            "UPDATE audit_log SET actor = 'x'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
        ] {
            assert!(client.batch_execute(sql).await.is_err(), "{sql} is refused");
        }
        let privileges: bool = client
            .query_one(
                "SELECT has_table_privilege('audit_log', 'UPDATE') OR has_table_privilege('audit_log', 'DELETE')",
                &[],
            )
            .await
            .expect("privileges")
            .get(0);
        let superuser: bool = client
            .query_one(
                "SELECT rolsuper FROM pg_roles WHERE rolname = current_user",
                &[],
            )
            .await
            .expect("role")
            .get(0);
        assert!(
            superuser || !privileges,
            "the application's role holds no UPDATE or DELETE"
        );
        client
            .batch_execute(
                "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
                 GRANT UPDATE ON audit_log TO CURRENT_USER;
                 UPDATE audit_log SET actor = 'forged' WHERE id = (SELECT min(id) FROM audit_log);",
            )
            .await
            .expect("a forger with the owner's rights");
        assert!(!store.audit_log(None, 10).await.expect("log").chain_intact);
    }
}
