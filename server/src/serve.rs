//! `fundlens serve`: opens (or first creates) the database, serves the API and the embedded
//! frontend, and shuts down gracefully on Ctrl-C or SIGTERM: the listener closes, requests in
//! flight finish, and every import has either committed or rolled back.
//!
//! Who may read and write is the API's access layer's business; here the server only says at
//! start-up how to sign in, and, on a non-loopback address without any admin account, that
//! writes wait until one is created.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use anyhow::{Context, Result, anyhow};
use fundlens_shared::scoring::ScoringPolicy;
use tokio::net::TcpListener;

use crate::api::{AccessConfig, AppState, app};
use crate::seed_data;
use fundlens_store::sqlite::Sqlite;
use fundlens_store::{Location, Store};

/// What `serve` needs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The database: a SQLite file or a PostgreSQL URL.
    pub location: Location,
    /// Address to listen on.
    pub bind: SocketAddr,
    /// The folder of real records loaded into a new database.
    pub data_dir: PathBuf,
    /// Whether a new database also gets the city-scale sample.
    pub with_sample: bool,
    /// Scoring policy for imports.
    pub policy: ScoringPolicy,
    /// The address users reach the server at (`https://fundlens.czj.example`), when it is not
    /// the bind address: its host is accepted in `Host`, and https makes cookies `Secure`.
    pub public_url: Option<String>,
    /// Let anyone read without signing in, on any address.
    pub public_read: bool,
}

/// Opens the store, creating and filling it first when the file does not exist yet.
///
/// A new database is built whole in a temporary file beside the target ([`building_path`]) and
/// renamed into place only when the real records and the sample are all in, so a first start
/// killed half-way leaves no database and the next start builds it again from the beginning.
///
/// # Errors
/// When the database cannot be opened or the initial data cannot be loaded.
///
/// A PostgreSQL database is migrated on connecting; one that holds nothing yet (no
/// evaluations, accounts, drafts or audit entries) gets the same first data, import by import.
///
/// Also says whether this start created the data (a new file, or an empty database filled).
pub async fn open_or_create(options: &ServeOptions) -> Result<(Store, bool)> {
    let db = match &options.location {
        Location::Sqlite(db) => db,
        Location::Postgres { .. } => return open_or_fill_postgres(options).await,
    };
    if let Some(parent) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let created = !db.exists();
    if created {
        build_new_database(options, db).await?;
    } else {
        tracing::info!(db = %db.display(), "using the existing database");
    }
    let store = Store::open_sqlite(db).with_context(|| format!("cannot open {}", db.display()))?;
    Ok((store, created))
}

/// Connects to (and migrates) the PostgreSQL database, and enters the first data when it is
/// empty (and says whether it was).
async fn open_or_fill_postgres(options: &ServeOptions) -> Result<(Store, bool)> {
    let described = options.location.describe();
    let store = Store::open(&options.location)
        .await
        .with_context(|| format!("cannot open {described}"))?;
    let empty = match store.as_postgres() {
        Some(database) => database.is_empty().await?,
        None => false,
    };
    if empty {
        let loaded = seed_data::load_default(
            &store,
            &options.data_dir,
            options.with_sample,
            &options.policy,
        )
        .await?;
        tracing::info!(
            database = %described,
            real = loaded.real,
            sample = loaded.sample,
            "filled an empty database: {} real record(s) and {} sample evaluation(s) marked 示例数据",
            loaded.real,
            loaded.sample
        );
    } else {
        tracing::info!(database = %described, "using the existing database");
    }
    Ok((store, empty))
}

/// Where a new database is built before it is renamed to `db`: `<db>.building`.
pub fn building_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".building");
    PathBuf::from(name)
}

/// Builds the first database in [`building_path`], then renames it to `db`. Leftovers
/// of a start that was killed (the file and its `-wal`/`-shm`) are removed first.
async fn build_new_database(options: &ServeOptions, db: &Path) -> Result<()> {
    let building = building_path(db);
    remove_database_files(&building)?;
    let loaded = {
        let database = Sqlite::open(&building)
            .with_context(|| format!("cannot create {}", building.display()))?;
        let store = Store::sqlite(database);
        let loaded = seed_data::load_default(
            &store,
            &options.data_dir,
            options.with_sample,
            &options.policy,
        )
        .await?;
        if let Some(database) = store.as_sqlite() {
            database
                .checkpoint()
                .with_context(|| format!("cannot finish {}", building.display()))?;
        }
        loaded
        // The store closes here, before the rename: the last connection folds the WAL in.
    };
    // Checkpointed and closed, the WAL is empty; read-only readers closing last may leave it.
    remove_if_present(&with_suffix(&building, "-wal"))?;
    remove_if_present(&with_suffix(&building, "-shm"))?;
    std::fs::rename(&building, db)
        .with_context(|| format!("cannot move {} to {}", building.display(), db.display()))?;
    tracing::info!(
        db = %db.display(),
        real = loaded.real,
        sample = loaded.sample,
        "created a new database: {} real record(s) from {} and {} sample evaluation(s) marked 示例数据",
        loaded.real,
        options.data_dir.display(),
        loaded.sample
    );
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Removes a database file and its WAL companions when present.
fn remove_database_files(path: &Path) -> Result<()> {
    remove_if_present(path)?;
    remove_if_present(&with_suffix(path, "-wal"))?;
    remove_if_present(&with_suffix(path, "-shm"))
}

fn remove_if_present(file: &Path) -> Result<()> {
    match std::fs::remove_file(file) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(error).with_context(|| format!("cannot remove {}", file.display())),
    }
}

/// Binds `options.bind` and serves until a shutdown signal.
///
/// # Errors
/// When the database cannot be opened or the address cannot be bound.
pub async fn run(options: ServeOptions) -> Result<()> {
    let access = AccessConfig::new(
        options.bind,
        options.public_url.as_deref(),
        options.public_read,
    )
    .map_err(|e| anyhow!(e))?;
    let (store, created) = open_or_create(&options).await?;
    let listener = TcpListener::bind(options.bind)
        .await
        .with_context(|| format!("cannot listen on {}", options.bind))?;
    let address = listener.local_addr()?;
    let has_admin = store.has_admin().await?;
    if !address.ip().is_loopback() && !has_admin {
        access.awaiting_admin.store(true, Ordering::Relaxed);
        tracing::warn!(
            "no admin account exists: writes are refused until one is created with \
             `fundlens user add NAME --role admin --database {}`",
            options.location.describe()
        );
    }
    tracing::info!(
        "FundLens is serving http://{address}/ (API under /api), database {}",
        options.location.describe()
    );
    let reading = if access.read_open {
        "anyone can read without signing in"
    } else {
        "sign in to read"
    };
    let signing_in = if has_admin {
        "sign in with an account made by `fundlens user add`".to_owned()
    } else {
        format!(
            "no accounts yet: create the first admin with \
             `fundlens user add NAME --role admin --database {}` (it prints a password), then sign in at /login",
            options.location.describe()
        )
    };
    say(&format!(
        "FundLens: open http://{address}/ in a browser; {reading}. To import or edit, {signing_in}. Ctrl-C stops it."
    ));
    // Where the real records come from and how many there are, in words, after the address.
    let catalogue = store.catalogue().await?;
    let (real, sample) = (
        catalogue.evaluations - catalogue.sample_evaluations,
        catalogue.sample_evaluations,
    );
    let report = if created {
        seed_data::first_start_report(real, sample, &options.data_dir)
    } else {
        seed_data::holdings(&options.location.describe(), real, sample)
    };
    say(&format!("FundLens: {report}"));
    serve_on(listener, AppState::new(store, options.policy, access)).await
}

/// Prints a line for the person who started the server. A closed standard output (a
/// supervisor that read the address and went away) is no reason to stop serving, so a failed
/// write is ignored where `println!` would panic.
fn say(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}

/// Serves on an already bound listener until a shutdown signal (tests bind port 0).
///
/// # Errors
/// When the server fails.
pub async fn serve_on(listener: TcpListener, state: AppState) -> Result<()> {
    serve_until(listener, state, shutdown_signal()).await
}

/// Serves on an already bound listener until `stop` completes (a signal, or a test done with
/// its server); the briefings are kept filled meanwhile ([`crate::briefing::kept`]).
///
/// # Errors
/// When the server fails.
pub async fn serve_until(
    listener: TcpListener,
    state: AppState,
    stop: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    // Briefings are written after every write, whoever wrote; stopped with the server.
    let filling = tokio::spawn(crate::briefing::kept::keep_filled(state.store.clone()));
    let served = axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(stop)
    .await;
    filling.abort();
    served?;
    tracing::info!("stopped: requests in flight finished, nothing half written");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received");
}
