//! Accounts, sessions and API tokens as rows. Storage only stores: password hashes, token
//! digests and expiry rules come from `crate::auth`; every change to an account is written
//! with its audit entry in one transaction.

use fundlens_shared::account::{Role, UserInfo};
use rusqlite::{Connection, OptionalExtension, named_params, params};

use super::audit_log::{Change, Event, append};
use super::{Sqlite, StorageError};

/// Why an account change was refused.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// An account of this name exists.
    #[error("an account named {0} exists")]
    Exists(String),
    /// No account of this name.
    #[error("no account named {0}")]
    NotFound(String),
    /// The region named for an editor is not in the store.
    #[error("no region named {0}")]
    UnknownRegion(String),
    /// The store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<rusqlite::Error> for AccountError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Storage(error.into())
    }
}

/// An account as sign-in and authorisation need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAccount {
    /// Row id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// An editor's region.
    pub region: Option<String>,
    /// The argon2id PHC string.
    pub password_hash: String,
    /// Disabled accounts are refused everywhere.
    pub disabled: bool,
}

/// A session found by its cookie's digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    /// Whose.
    pub account: StoredAccount,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds of the last request that refreshed it.
    pub last_seen_at: i64,
}

const ACCOUNT_COLUMNS: &str = "a.id, a.name, a.role, r.name, a.password_hash, a.disabled";

fn account_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredAccount> {
    let role: String = row.get(2)?;
    Ok(StoredAccount {
        id: row.get(0)?,
        name: row.get(1)?,
        role: Role::from_code(&role).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                2,
                rusqlite::types::Type::Text,
                format!("unknown role {role}").into(),
            )
        })?,
        region: row.get(3)?,
        password_hash: row.get(4)?,
        disabled: row.get(5)?,
    })
}

fn region_id(connection: &Connection, name: &str) -> Result<i64, AccountError> {
    connection
        .prepare_cached("SELECT id FROM regions WHERE name = ?1")?
        .query_row([name], |row| row.get(0))
        .optional()?
        .ok_or_else(|| AccountError::UnknownRegion(name.to_owned()))
}

fn now_text(connection: &Connection) -> rusqlite::Result<String> {
    connection.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", [], |row| {
        row.get(0)
    })
}

impl Sqlite {
    /// Adds an account. `password_hash` is an argon2id PHC string; an editor's region must be
    /// in the store.
    ///
    /// # Errors
    /// [`AccountError::Exists`], [`AccountError::UnknownRegion`], storage failures.
    pub fn add_account(
        &self,
        name: &str,
        role: Role,
        region: Option<&str>,
        password_hash: &str,
        change: &Change,
    ) -> Result<(), AccountError> {
        self.write(|connection| {
            let transaction = connection.transaction()?;
            let exists: bool = transaction.query_row(
                "SELECT EXISTS (SELECT 1 FROM accounts WHERE name = ?1)",
                [name],
                |row| row.get(0),
            )?;
            if exists {
                return Err(AccountError::Exists(name.to_owned()));
            }
            let region_id = region.map(|r| region_id(&transaction, r)).transpose()?;
            let now = now_text(&transaction)?;
            transaction.execute(
                "INSERT INTO accounts (name, role, region_id, password_hash, created_at, password_changed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![name, role.code(), region_id, password_hash, now],
            )?;
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
            )?;
            transaction.commit()?;
            Ok(())
        })
    }

    /// Sets an account's password and ends its sessions.
    ///
    /// # Errors
    /// [`AccountError::NotFound`], storage failures.
    pub fn set_password(
        &self,
        name: &str,
        password_hash: &str,
        change: &Change,
    ) -> Result<(), AccountError> {
        self.change_account(name, change, "user_passwd", |transaction, id| {
            let now = now_text(transaction)?;
            transaction.execute(
                "UPDATE accounts SET password_hash = ?1, password_changed_at = ?2 WHERE id = ?3",
                params![password_hash, now, id],
            )?;
            Ok(())
        })
    }

    /// Disables an account: it cannot sign in, and its sessions and tokens stop working.
    ///
    /// # Errors
    /// [`AccountError::NotFound`], storage failures.
    pub fn disable_account(&self, name: &str, change: &Change) -> Result<(), AccountError> {
        self.change_account(name, change, "user_disable", |transaction, id| {
            transaction.execute("UPDATE accounts SET disabled = 1 WHERE id = ?1", [id])?;
            transaction.execute(
                "UPDATE api_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                 WHERE account_id = ?1 AND revoked_at IS NULL",
                [id],
            )?;
            Ok(())
        })
    }

    /// One change to an existing account, its sessions ended, with its audit entry.
    fn change_account(
        &self,
        name: &str,
        change: &Change,
        action: &str,
        work: impl FnOnce(&Connection, i64) -> rusqlite::Result<()>,
    ) -> Result<(), AccountError> {
        self.write(|connection| {
            let transaction = connection.transaction()?;
            let id: i64 = transaction
                .query_row("SELECT id FROM accounts WHERE name = ?1", [name], |row| {
                    row.get(0)
                })
                .optional()?
                .ok_or_else(|| AccountError::NotFound(name.to_owned()))?;
            work(&transaction, id)?;
            transaction.execute("DELETE FROM sessions WHERE account_id = ?1", [id])?;
            append(
                &transaction,
                change,
                &Event {
                    action,
                    target: format!("user {name}"),
                    ..Event::default()
                },
            )?;
            transaction.commit()?;
            Ok(())
        })
    }

    /// Every account, by name.
    ///
    /// # Errors
    /// When the store fails.
    pub fn accounts(&self) -> Result<Vec<UserInfo>, StorageError> {
        self.read(|connection| {
            let mut statement = connection.prepare_cached(
                "SELECT a.name, a.role, r.name, a.disabled, a.created_at
                 FROM accounts a LEFT JOIN regions r ON r.id = a.region_id ORDER BY a.name",
            )?;
            let rows = statement.query_map([], |row| {
                let role: String = row.get(1)?;
                Ok(UserInfo {
                    name: row.get(0)?,
                    role: Role::from_code(&role).unwrap_or(Role::Viewer),
                    region: row.get(2)?,
                    disabled: row.get(3)?,
                    created_at: row.get(4)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Whether an enabled admin account exists.
    ///
    /// # Errors
    /// When the store fails.
    pub fn has_admin(&self) -> Result<bool, StorageError> {
        self.read(|connection| {
            Ok(connection.query_row(
                "SELECT EXISTS (SELECT 1 FROM accounts WHERE role = 'admin' AND disabled = 0)",
                [],
                |row| row.get(0),
            )?)
        })
    }

    /// The account of this name, enabled or not.
    ///
    /// # Errors
    /// When the store fails.
    pub fn account(&self, name: &str) -> Result<Option<StoredAccount>, StorageError> {
        self.read(|connection| {
            Ok(connection
                .prepare_cached(&format!(
                    "SELECT {ACCOUNT_COLUMNS} FROM accounts a LEFT JOIN regions r ON r.id = a.region_id
                     WHERE a.name = ?1"
                ))?
                .query_row([name], account_from_row)
                .optional()?)
        })
    }

    /// Starts a session for a signed-in account, recording the login.
    ///
    /// # Errors
    /// When the store fails.
    pub fn start_session(
        &self,
        token_hash: &[u8],
        account: &StoredAccount,
        now: i64,
        change: &Change,
    ) -> Result<(), StorageError> {
        self.write(|connection| {
            let transaction = connection.transaction()?;
            transaction.execute(
                "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, address)
                 VALUES (?1, ?2, ?3, ?3, ?4)",
                params![token_hash, account.id, now, change.address],
            )?;
            append(
                &transaction,
                change,
                &Event {
                    action: "login",
                    target: format!("user {}", account.name),
                    ..Event::default()
                },
            )?;
            transaction.commit()?;
            Ok(())
        })
    }

    /// The session with this cookie digest, with its account.
    ///
    /// # Errors
    /// When the store fails.
    pub fn session(&self, token_hash: &[u8]) -> Result<Option<StoredSession>, StorageError> {
        self.read(|connection| {
            Ok(connection
                .prepare_cached(&format!(
                    "SELECT {ACCOUNT_COLUMNS}, s.created_at, s.last_seen_at
                     FROM sessions s JOIN accounts a ON a.id = s.account_id
                     LEFT JOIN regions r ON r.id = a.region_id WHERE s.token_hash = ?1"
                ))?
                .query_row([token_hash], |row| {
                    Ok(StoredSession {
                        account: account_from_row(row)?,
                        created_at: row.get(6)?,
                        last_seen_at: row.get(7)?,
                    })
                })
                .optional()?)
        })
    }

    /// Moves a session's idle clock to `now`, unless another write holds the writer or the
    /// database: then the refresh waits for the next request rather than making this one wait.
    pub fn touch_session(&self, token_hash: &[u8], now: i64) {
        if let Some(connection) = self.writer.try_lock() {
            let _ = connection.busy_timeout(std::time::Duration::ZERO);
            let _ = connection.execute(
                "UPDATE sessions SET last_seen_at = ?1 WHERE token_hash = ?2",
                params![now, token_hash],
            );
            let _ = connection.busy_timeout(super::WRITE_WAIT);
        }
    }

    /// Ends a session (logout, or found expired), and every session that ended before
    /// `expired_before` (Unix seconds of last use) along with it.
    ///
    /// # Errors
    /// When the store fails.
    pub fn end_session(
        &self,
        token_hash: &[u8],
        idle_before: i64,
        created_before: i64,
    ) -> Result<(), StorageError> {
        self.write(|connection| {
            connection.execute(
                "DELETE FROM sessions WHERE token_hash = :hash OR last_seen_at < :idle OR created_at < :created",
                named_params! {":hash": token_hash, ":idle": idle_before, ":created": created_before},
            )?;
            Ok(())
        })
    }

    /// Stores an API token's digest for an account; returns the token's id.
    ///
    /// # Errors
    /// [`AccountError::NotFound`], storage failures.
    pub fn add_token(
        &self,
        name: &str,
        label: &str,
        token_hash: &[u8],
        change: &Change,
    ) -> Result<i64, AccountError> {
        self.write(|connection| {
            let transaction = connection.transaction()?;
            let account: i64 = transaction
                .query_row("SELECT id FROM accounts WHERE name = ?1", [name], |row| {
                    row.get(0)
                })
                .optional()?
                .ok_or_else(|| AccountError::NotFound(name.to_owned()))?;
            let now = now_text(&transaction)?;
            transaction.execute(
                "INSERT INTO api_tokens (token_hash, account_id, label, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![token_hash, account, label, now],
            )?;
            let id = transaction.last_insert_rowid();
            append(
                &transaction,
                change,
                &Event {
                    action: "token_create",
                    target: format!("user {name}"),
                    detail: format!("token {id} {label}"),
                    ..Event::default()
                },
            )?;
            transaction.commit()?;
            Ok(id)
        })
    }

    /// The account of a live API token with this digest.
    ///
    /// # Errors
    /// When the store fails.
    pub fn token_account(&self, token_hash: &[u8]) -> Result<Option<StoredAccount>, StorageError> {
        self.read(|connection| {
            Ok(connection
                .prepare_cached(&format!(
                    "SELECT {ACCOUNT_COLUMNS} FROM api_tokens t JOIN accounts a ON a.id = t.account_id
                     LEFT JOIN regions r ON r.id = a.region_id
                     WHERE t.token_hash = ?1 AND t.revoked_at IS NULL"
                ))?
                .query_row([token_hash], account_from_row)
                .optional()?)
        })
    }
}
