//! Accounts, sessions and API tokens on PostgreSQL, as `sqlite/accounts.rs`: every change to an
//! account written with its audit entry in one transaction; sessions in the database, so a
//! session made on one server is honoured by every other.

use deadpool_postgres::GenericClient;
use fundlens_shared::account::{Role, UserInfo};
use tokio_postgres::Row;

use super::Cached;
use super::audit_log::{NOW_S, append};
use super::{Postgres, write_transaction};
use crate::sqlite::audit_log::{Change, Event};
use crate::{AccountError, StorageError, StoredAccount, StoredSession};

const ACCOUNT_COLUMNS: &str = "a.id, a.name, a.role, r.name, a.password_hash, a.disabled";

fn account_from_row(row: &Row) -> Result<StoredAccount, StorageError> {
    let role: String = row.get(2);
    Ok(StoredAccount {
        id: row.get(0),
        name: row.get(1),
        role: Role::from_code(&role)
            .ok_or_else(|| StorageError::Corrupt(format!("unknown role {role}")))?,
        region: row.get(3),
        password_hash: row.get(4),
        disabled: row.get(5),
    })
}

async fn account_id(client: &impl GenericClient, name: &str) -> Result<i64, AccountError> {
    client
        .query_opt_cached("SELECT id FROM accounts WHERE name = $1", &[&name])
        .await
        .map_err(StorageError::from)?
        .map(|row| row.get(0))
        .ok_or_else(|| AccountError::NotFound(name.to_owned()))
}

impl Postgres {
    /// See [`crate::sqlite::Sqlite::add_account`].
    ///
    /// # Errors
    /// [`AccountError::Exists`], [`AccountError::UnknownRegion`], storage failures.
    pub async fn add_account(
        &self,
        name: &str,
        role: Role,
        region: Option<&str>,
        password_hash: &str,
        change: &Change,
    ) -> Result<(), AccountError> {
        write_transaction!(self, AccountError, |transaction| {
            let exists = transaction
                .query_opt_cached("SELECT 1 FROM accounts WHERE name = $1", &[&name])
                .await
                .map_err(StorageError::from)?
                .is_some();
            if exists {
                return Err(AccountError::Exists(name.to_owned()));
            }
            let region_id: Option<i64> = match region {
                Some(region) => Some(
                    transaction
                        .query_opt_cached("SELECT id FROM regions WHERE name = $1", &[&region])
                        .await
                        .map_err(StorageError::from)?
                        .map(|row| row.get(0))
                        .ok_or_else(|| AccountError::UnknownRegion(region.to_owned()))?,
                ),
                None => None,
            };
            transaction
                .execute(
                    &format!(
                        "INSERT INTO accounts (name, role, region_id, password_hash, created_at, password_changed_at)
                         VALUES ($1, $2, $3, $4, {NOW_S}, {NOW_S})"
                    ),
                    &[&name, &role.code(), &region_id, &password_hash],
                )
                .await
                .map_err(StorageError::from)?;
            let detail = match region {
                Some(region) => format!("role {} region {region}", role.code()),
                None => format!("role {}", role.code()),
            };
            append(
                &transaction,
                change,
                &Event {
                    action: "user_add",
                    target: format!("user {name}"),
                    detail,
                    ..Event::default()
                },
            )
            .await?;
        })
    }

    /// See [`crate::sqlite::Sqlite::set_password`].
    ///
    /// # Errors
    /// [`AccountError::NotFound`], storage failures.
    pub async fn set_password(
        &self,
        name: &str,
        password_hash: &str,
        change: &Change,
    ) -> Result<(), AccountError> {
        write_transaction!(self, AccountError, |transaction| {
            let id = account_id(&transaction, name).await?;
            transaction
                .execute(
                    &format!(
                        "UPDATE accounts SET password_hash = $1, password_changed_at = {NOW_S} WHERE id = $2"
                    ),
                    &[&password_hash, &id],
                )
                .await
                .map_err(StorageError::from)?;
            end_sessions_and_record(&transaction, id, name, change, "user_passwd").await?;
        })
    }

    /// See [`crate::sqlite::Sqlite::disable_account`].
    ///
    /// # Errors
    /// [`AccountError::NotFound`], storage failures.
    pub async fn disable_account(&self, name: &str, change: &Change) -> Result<(), AccountError> {
        write_transaction!(self, AccountError, |transaction| {
            let id = account_id(&transaction, name).await?;
            transaction
                .execute("UPDATE accounts SET disabled = true WHERE id = $1", &[&id])
                .await
                .map_err(StorageError::from)?;
            transaction
                .execute(
                    &format!(
                        "UPDATE api_tokens SET revoked_at = {NOW_S} WHERE account_id = $1 AND revoked_at IS NULL"
                    ),
                    &[&id],
                )
                .await
                .map_err(StorageError::from)?;
            end_sessions_and_record(&transaction, id, name, change, "user_disable").await?;
        })
    }

    /// See [`crate::sqlite::Sqlite::accounts`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn accounts(&self) -> Result<Vec<UserInfo>, StorageError> {
        let client = self.client().await?;
        let rows = client
            .query_cached(
                "SELECT a.name, a.role, r.name, a.disabled, a.created_at
                 FROM accounts a LEFT JOIN regions r ON r.id = a.region_id ORDER BY a.name",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|row| {
                let role: String = row.get(1);
                UserInfo {
                    name: row.get(0),
                    role: Role::from_code(&role).unwrap_or(Role::Viewer),
                    region: row.get(2),
                    disabled: row.get(3),
                    created_at: row.get(4),
                }
            })
            .collect())
    }

    /// See [`crate::sqlite::Sqlite::has_admin`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn has_admin(&self) -> Result<bool, StorageError> {
        let client = self.client().await?;
        Ok(client
            .query_one_cached(
                "SELECT EXISTS (SELECT 1 FROM accounts WHERE role = 'admin' AND NOT disabled)",
                &[],
            )
            .await?
            .get(0))
    }

    /// See [`crate::sqlite::Sqlite::account`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn account(&self, name: &str) -> Result<Option<StoredAccount>, StorageError> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached(&format!(
                "SELECT {ACCOUNT_COLUMNS} FROM accounts a LEFT JOIN regions r ON r.id = a.region_id
                 WHERE a.name = $1"
            ))
            .await?;
        client
            .query_opt(&statement, &[&name])
            .await?
            .as_ref()
            .map(account_from_row)
            .transpose()
    }

    /// See [`crate::sqlite::Sqlite::start_session`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn start_session(
        &self,
        token_hash: &[u8],
        account: &StoredAccount,
        now: i64,
        change: &Change,
    ) -> Result<(), StorageError> {
        write_transaction!(self, StorageError, |transaction| {
            transaction
                .execute(
                    "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, address)
                     VALUES ($1, $2, $3, $3, $4)",
                    &[&token_hash, &account.id, &now, &change.address],
                )
                .await?;
            append(
                &transaction,
                change,
                &Event {
                    action: "login",
                    target: format!("user {}", account.name),
                    ..Event::default()
                },
            )
            .await?;
        })
    }

    /// See [`crate::sqlite::Sqlite::session`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn session(&self, token_hash: &[u8]) -> Result<Option<StoredSession>, StorageError> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached(&format!(
                "SELECT {ACCOUNT_COLUMNS}, s.created_at, s.last_seen_at
                 FROM sessions s JOIN accounts a ON a.id = s.account_id
                 LEFT JOIN regions r ON r.id = a.region_id WHERE s.token_hash = $1"
            ))
            .await?;
        match client.query_opt(&statement, &[&token_hash]).await? {
            Some(row) => Ok(Some(StoredSession {
                account: account_from_row(&row)?,
                created_at: row.get(6),
                last_seen_at: row.get(7),
            })),
            None => Ok(None),
        }
    }

    /// See [`crate::sqlite::Sqlite::touch_session`]: best effort, never waiting on a lock (a
    /// row another request is touching is left for the next request).
    pub async fn touch_session(&self, token_hash: &[u8], now: i64) {
        let touched = async {
            let client = self.client().await?;
            client
                .execute(
                    "UPDATE sessions SET last_seen_at = $1
                     WHERE token_hash = (SELECT token_hash FROM sessions WHERE token_hash = $2
                                         FOR UPDATE SKIP LOCKED)",
                    &[&now, &token_hash],
                )
                .await?;
            Ok::<(), StorageError>(())
        }
        .await;
        if let Err(error) = touched {
            tracing::warn!(%error, "could not record the session's last use");
        }
    }

    /// See [`crate::sqlite::Sqlite::end_session`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn end_session(
        &self,
        token_hash: &[u8],
        idle_before: i64,
        created_before: i64,
    ) -> Result<(), StorageError> {
        let client = self.client().await?;
        client
            .execute(
                "DELETE FROM sessions WHERE token_hash = $1 OR last_seen_at < $2 OR created_at < $3",
                &[&token_hash, &idle_before, &created_before],
            )
            .await?;
        Ok(())
    }

    /// See [`crate::sqlite::Sqlite::add_token`].
    ///
    /// # Errors
    /// [`AccountError::NotFound`], storage failures.
    pub async fn add_token(
        &self,
        name: &str,
        label: &str,
        token_hash: &[u8],
        change: &Change,
    ) -> Result<i64, AccountError> {
        write_transaction!(self, AccountError, |transaction| {
            let account = account_id(&transaction, name).await?;
            let id: i64 = transaction
                .query_one_cached(
                    &format!(
                        "INSERT INTO api_tokens (token_hash, account_id, label, created_at)
                         VALUES ($1, $2, $3, {NOW_S}) RETURNING id"
                    ),
                    &[&token_hash, &account, &label],
                )
                .await
                .map_err(StorageError::from)?
                .get(0);
            append(
                &transaction,
                change,
                &Event {
                    action: "token_create",
                    target: format!("user {name}"),
                    detail: format!("token {id} {label}"),
                    ..Event::default()
                },
            )
            .await?;
            id
        })
    }

    /// See [`crate::sqlite::Sqlite::token_account`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn token_account(
        &self,
        token_hash: &[u8],
    ) -> Result<Option<StoredAccount>, StorageError> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached(&format!(
                "SELECT {ACCOUNT_COLUMNS} FROM api_tokens t JOIN accounts a ON a.id = t.account_id
                 LEFT JOIN regions r ON r.id = a.region_id
                 WHERE t.token_hash = $1 AND t.revoked_at IS NULL"
            ))
            .await?;
        client
            .query_opt(&statement, &[&token_hash])
            .await?
            .as_ref()
            .map(account_from_row)
            .transpose()
    }
}

/// Ends an account's sessions and records the change to it.
async fn end_sessions_and_record(
    client: &impl GenericClient,
    id: i64,
    name: &str,
    change: &Change,
    action: &str,
) -> Result<(), StorageError> {
    client
        .execute("DELETE FROM sessions WHERE account_id = $1", &[&id])
        .await?;
    append(
        client,
        change,
        &Event {
            action,
            target: format!("user {name}"),
            ..Event::default()
        },
    )
    .await?;
    Ok(())
}
