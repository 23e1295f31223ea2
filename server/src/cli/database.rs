//! Where the store is, as every subcommand that opens it takes it: `--database URL-or-FILE`
//! (a `postgres://` URL, or a SQLite file), `--db FILE` (the SQLite file, as always), or the
//! environment's `FUNDLENS_DATABASE_URL`; without any of them `data/fundlens.sqlite`. A read
//! replica for the dashboard's questions comes from `--read-database` or
//! `FUNDLENS_READ_DATABASE_URL`.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use fundlens_store::{Location, Store};

/// The environment variable naming the database when no option does.
pub const DATABASE_URL_VAR: &str = "FUNDLENS_DATABASE_URL";
/// The environment variable naming a read replica when no option does.
pub const READ_DATABASE_URL_VAR: &str = "FUNDLENS_READ_DATABASE_URL";
/// The SQLite file used when nothing names a database.
pub const DEFAULT_SQLITE: &str = "data/fundlens.sqlite";

/// The database options.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct DatabaseArgs {
    /// The database: a PostgreSQL URL (`postgres://user@host/fundlens`, or through a Unix socket
    /// `postgresql://user@/fundlens?host=/run/postgresql`) or a SQLite file. Without it:
    /// --db, then $FUNDLENS_DATABASE_URL, then data/fundlens.sqlite.
    #[arg(long, value_name = "URL|FILE")]
    pub database: Option<String>,
    /// The SQLite database file.
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// A PostgreSQL read replica of --database for the dashboard's questions (also
    /// $FUNDLENS_READ_DATABASE_URL); writes and sessions stay on the primary, and the data
    /// generation that keys the answer cache is read where the answers are.
    #[arg(long, value_name = "URL")]
    pub read_database: Option<String>,
}

impl DatabaseArgs {
    /// The SQLite file `path`.
    pub fn sqlite(path: PathBuf) -> Self {
        Self {
            db: Some(path),
            ..Self::default()
        }
    }

    /// The store's location these options name.
    pub fn location(&self) -> Location {
        let from_env = |name: &str| {
            std::env::var(name)
                .ok()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let mut location = match (&self.database, &self.db) {
            (Some(text), _) => Location::parse(text),
            (None, Some(path)) => Location::Sqlite(path.clone()),
            (None, None) => match from_env(DATABASE_URL_VAR) {
                Some(text) => Location::parse(&text),
                None => Location::Sqlite(PathBuf::from(DEFAULT_SQLITE)),
            },
        };
        if let Location::Postgres { read_url, .. } = &mut location {
            *read_url = self
                .read_database
                .clone()
                .or_else(|| from_env(READ_DATABASE_URL_VAR));
        }
        location
    }

    /// Opens the store, which must exist already when it is a SQLite file (administration
    /// commands do not create databases; `fundlens serve` does).
    ///
    /// # Errors
    /// When the file is missing, or the database cannot be opened or migrated.
    pub async fn open_existing(&self) -> Result<Store> {
        let location = self.location();
        if let Location::Sqlite(path) = &location
            && !path.exists()
        {
            bail!(
                "{} does not exist: start `fundlens serve` once to create it, or pass --db or --database",
                path.display()
            );
        }
        Store::open(&location)
            .await
            .with_context(|| format!("cannot open {}", location.describe()))
    }

    /// Opens the store, creating a SQLite file when missing.
    ///
    /// # Errors
    /// When the database cannot be opened or migrated.
    pub async fn open(&self) -> Result<Store> {
        let location = self.location();
        Store::open(&location)
            .await
            .with_context(|| format!("cannot open {}", location.describe()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_option_names_the_database_before_the_environment() {
        let url = DatabaseArgs {
            database: Some("postgres://app@db/fundlens".to_owned()),
            read_database: Some("postgres://app@replica/fundlens".to_owned()),
            ..DatabaseArgs::default()
        };
        assert_eq!(
            url.location(),
            Location::Postgres {
                url: "postgres://app@db/fundlens".to_owned(),
                read_url: Some("postgres://app@replica/fundlens".to_owned()),
            }
        );
        let file = DatabaseArgs::sqlite(PathBuf::from("x.sqlite"));
        assert_eq!(file.location(), Location::Sqlite(PathBuf::from("x.sqlite")));
        let path = DatabaseArgs {
            database: Some("other.sqlite".to_owned()),
            ..DatabaseArgs::default()
        };
        assert_eq!(
            path.location(),
            Location::Sqlite(PathBuf::from("other.sqlite"))
        );
    }
}
