//! [`Store`]: the store's operations as one async interface, whatever database answers them.
//! Each operation is dispatched to the backend; the SQLite backend's blocking calls run on
//! tokio's blocking pool, so callers on the async runtime never block it.
//!
//! Arguments are borrowed as the backends take them and copied into the blocking task only
//! where the backend needs to own them (small filters and names; imports take their records
//! by value so a large import is moved, not copied).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use fundlens_shared::account::{NewRegion, Role, UserInfo};
use fundlens_shared::api::{
    Catalogue, Comparison, EvaluationDetail, EvaluationList, FundingPoint, Health,
    IndicatorCatalogue, IndicatorHistory, MetricInfo, MetricPoint, ProgramInfo, RegionInfo,
    ScoreGrid, ScorePoint, TableProvenance, Trend,
};
use fundlens_shared::audit_log::AuditPage;
use fundlens_shared::draft::{
    Correction, DocumentInfo, DraftContent, DraftFacts, DraftSummary, UploadResult,
};
use fundlens_shared::metric::Metric;
use fundlens_shared::model::{Evaluation, Observation};
use fundlens_shared::query::{Measure, Sort, Source};
use fundlens_shared::region::Region;
use fundlens_shared::revision::{VersionDetail, VersionList};
use fundlens_shared::scoring::ScoringPolicy;

use crate::postgres::Postgres;
use crate::sqlite::Sqlite;
use crate::{
    AccountError, BriefingKey, BudgetCuts, CatalogueError, Change, DraftChangeError,
    EvaluationFilter, HistoryPosition, ImportError, ImportSummary, IndicatorSearch, LoginFailures,
    NewDocument, Scope, Start, StorageError, StoredAccount, StoredDraft, StoredSession,
    VersionError,
};

/// A turn at filling the kept briefings ([`Store::briefing_fill_turn`]), given up when dropped.
#[derive(Debug)]
pub struct FillTurn {
    _held: Option<crate::postgres::briefings::FillTurn>,
}

/// The store: evaluations, statistics, accounts, drafts, versions and the audit log, behind
/// one interface. Cloning is cheap (the backend is shared).
#[derive(Debug, Clone)]
pub struct Store {
    backend: Backend,
}

/// The database that answers.
#[derive(Debug, Clone)]
enum Backend {
    /// A SQLite file (the embedded default).
    Sqlite(Arc<Sqlite>),
    /// A PostgreSQL database that several servers may share.
    Postgres(Arc<Postgres>),
}

/// Where the store is: a SQLite file, or a PostgreSQL database (with, optionally, a read
/// replica for the dashboard's questions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL URL (`postgres://…` or `postgresql://…`).
    Postgres {
        /// The primary, for writes and reads.
        url: String,
        /// A replica for reads, if any.
        read_url: Option<String>,
    },
}

impl Location {
    /// A `postgres://` or `postgresql://` URL names PostgreSQL; anything else is a SQLite file.
    pub fn parse(text: &str) -> Self {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Self::Postgres {
                url: text.to_owned(),
                read_url: None,
            }
        } else {
            Self::Sqlite(PathBuf::from(text))
        }
    }

    /// The location as a person reads it: the file, or the URL without its password.
    pub fn describe(&self) -> String {
        match self {
            Self::Sqlite(path) => path.display().to_string(),
            Self::Postgres { url, .. } => without_password(url),
        }
    }
}

/// `url` with any password replaced by `***`.
fn without_password(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => match rest[..at].find(':') {
            Some(colon) => format!(
                "{}{}:***{}",
                &url[..scheme_end],
                &rest[..colon],
                &rest[at..]
            ),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// Runs `work` on the SQLite backend off the async runtime.
async fn on_sqlite<T, E>(
    database: &Arc<Sqlite>,
    work: impl FnOnce(&Sqlite) -> Result<T, E> + Send + 'static,
) -> Result<T, E>
where
    T: Send + 'static,
    E: From<StorageError> + Send + 'static,
{
    let database = Arc::clone(database);
    tokio::task::spawn_blocking(move || work(&database))
        .await
        .map_err(|error| E::from(StorageError::Panicked(error.to_string())))?
}

impl Store {
    /// The store over a SQLite database already opened (and migrated).
    pub fn sqlite(database: Sqlite) -> Self {
        Self {
            backend: Backend::Sqlite(Arc::new(database)),
        }
    }

    /// Opens (creating if missing) the SQLite database at `path` and migrates it.
    ///
    /// # Errors
    /// When the file cannot be opened or migrated.
    pub fn open_sqlite(path: &Path) -> Result<Self, StorageError> {
        Ok(Self::sqlite(Sqlite::open(path)?))
    }

    /// Opens the store at `location`: see [`Store::open_sqlite`] and [`Store::open_postgres`].
    ///
    /// # Errors
    /// As those.
    pub async fn open(location: &Location) -> Result<Self, StorageError> {
        match location {
            Location::Sqlite(path) => {
                let path = path.clone();
                tokio::task::spawn_blocking(move || Self::open_sqlite(&path))
                    .await
                    .map_err(|error| StorageError::Panicked(error.to_string()))?
            }
            Location::Postgres { url, read_url } => {
                Self::open_postgres(url, read_url.as_deref()).await
            }
        }
    }

    /// Connects to the PostgreSQL database at `url`, migrates it, and reads from `read_url`
    /// when given (see [`Postgres::open`]).
    ///
    /// # Errors
    /// When the database cannot be reached, lacks what the schema needs, is newer than this
    /// program, or cannot be migrated.
    pub async fn open_postgres(url: &str, read_url: Option<&str>) -> Result<Self, StorageError> {
        Ok(Self {
            backend: Backend::Postgres(Arc::new(Postgres::open(url, read_url).await?)),
        })
    }

    /// The PostgreSQL backend, for what only it has (bulk loads, copying).
    pub fn as_postgres(&self) -> Option<&Postgres> {
        match &self.backend {
            Backend::Postgres(database) => Some(database),
            Backend::Sqlite(_) => None,
        }
    }

    /// The SQLite backend, for the operations only a file has (backups, checkpoints) and for
    /// measuring the store in-process.
    pub fn as_sqlite(&self) -> Option<&Sqlite> {
        match &self.backend {
            Backend::Sqlite(database) => Some(database),
            Backend::Postgres(_) => None,
        }
    }

    // --- reads: the catalogue and details -------------------------------------------------

    /// See [`Sqlite::health`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn health(&self) -> Result<Health, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.health().await,
            Backend::Sqlite(db) => on_sqlite(db, Sqlite::health).await,
        }
    }

    /// See [`Sqlite::catalogue`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn catalogue(&self) -> Result<Catalogue, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.catalogue().await,
            Backend::Sqlite(db) => on_sqlite(db, Sqlite::catalogue).await,
        }
    }

    /// See [`Sqlite::regions`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn regions(&self) -> Result<Vec<RegionInfo>, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.regions().await,
            Backend::Sqlite(db) => on_sqlite(db, Sqlite::regions).await,
        }
    }

    /// See [`Sqlite::programs`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn programs(&self) -> Result<Vec<ProgramInfo>, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.programs().await,
            Backend::Sqlite(db) => on_sqlite(db, Sqlite::programs).await,
        }
    }

    /// See [`Sqlite::years`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn years(&self) -> Result<Vec<i32>, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.years().await,
            Backend::Sqlite(db) => on_sqlite(db, Sqlite::years).await,
        }
    }

    /// See [`Sqlite::metrics`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn metrics(&self) -> Result<Vec<MetricInfo>, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.metrics().await,
            Backend::Sqlite(db) => on_sqlite(db, Sqlite::metrics).await,
        }
    }

    /// See [`Sqlite::data_as_of`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn data_as_of(&self) -> Result<Option<String>, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.data_as_of().await,
            Backend::Sqlite(db) => on_sqlite(db, Sqlite::data_as_of).await,
        }
    }

    /// See [`Sqlite::evaluation`].
    ///
    /// # Errors
    /// When the database fails or the stored record is unreadable.
    pub async fn evaluation(&self, id: i64) -> Result<Option<EvaluationDetail>, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.evaluation(id).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.evaluation(id)).await,
        }
    }

    /// See [`Sqlite::list_evaluations`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn list_evaluations(
        &self,
        filter: &EvaluationFilter,
        sort: Sort,
        limit: u32,
        start: &Start,
    ) -> Result<EvaluationList, StorageError> {
        let (filter, start) = (filter.clone(), start.clone());
        match &self.backend {
            Backend::Postgres(db) => db.list_evaluations(&filter, sort, limit, &start).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| {
                    db.list_evaluations(&filter, sort, limit, &start)
                })
                .await
            }
        }
    }

    /// See [`Sqlite::evaluation_provenance`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn evaluation_provenance(
        &self,
        filter: &EvaluationFilter,
    ) -> Result<TableProvenance, StorageError> {
        let filter = filter.clone();
        match &self.backend {
            Backend::Postgres(db) => db.evaluation_provenance(&filter).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.evaluation_provenance(&filter)).await,
        }
    }

    /// See [`Sqlite::observation_provenance`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn observation_provenance(
        &self,
        region: &str,
        metric: &str,
    ) -> Result<TableProvenance, StorageError> {
        let (region, metric) = (region.to_owned(), metric.to_owned());
        match &self.backend {
            Backend::Postgres(db) => db.observation_provenance(&region, &metric).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| db.observation_provenance(&region, &metric)).await
            }
        }
    }

    // --- reads: analytics -------------------------------------------------------------------

    /// See [`Sqlite::funding_trend`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn funding_trend(
        &self,
        filter: &EvaluationFilter,
    ) -> Result<Trend<FundingPoint>, StorageError> {
        let filter = filter.clone();
        match &self.backend {
            Backend::Postgres(db) => db.funding_trend(&filter).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.funding_trend(&filter)).await,
        }
    }

    /// See [`Sqlite::score_trend`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn score_trend(
        &self,
        filter: &EvaluationFilter,
    ) -> Result<Trend<ScorePoint>, StorageError> {
        let filter = filter.clone();
        match &self.backend {
            Backend::Postgres(db) => db.score_trend(&filter).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.score_trend(&filter)).await,
        }
    }

    /// See [`Sqlite::metric_trend`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn metric_trend(
        &self,
        region: &str,
        metric: &'static Metric,
        source: Source,
    ) -> Result<Option<Trend<MetricPoint>>, StorageError> {
        let region = region.to_owned();
        match &self.backend {
            Backend::Postgres(db) => db.metric_trend(&region, metric, source).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| db.metric_trend(&region, metric, source)).await
            }
        }
    }

    /// See [`Sqlite::compare`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn compare(
        &self,
        parent: &str,
        year: i32,
        measure: Measure,
        source: Source,
    ) -> Result<Option<Comparison>, StorageError> {
        let parent = parent.to_owned();
        match &self.backend {
            Backend::Postgres(db) => db.compare(&parent, year, measure, source).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| db.compare(&parent, year, measure, source)).await
            }
        }
    }

    /// See [`Sqlite::score_grid`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn score_grid(
        &self,
        parent: &str,
        year: i32,
        program: Option<&str>,
    ) -> Result<Option<ScoreGrid>, StorageError> {
        let (parent, program) = (parent.to_owned(), program.map(str::to_owned));
        match &self.backend {
            Backend::Postgres(db) => db.score_grid(&parent, year, program.as_deref()).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| {
                    db.score_grid(&parent, year, program.as_deref())
                })
                .await
            }
        }
    }

    /// See [`Sqlite::indicator_history`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn indicator_history(
        &self,
        name: &str,
        filter: &EvaluationFilter,
        limit: u32,
        after: Option<&HistoryPosition>,
    ) -> Result<IndicatorHistory, StorageError> {
        let (name, filter, after) = (name.to_owned(), filter.clone(), after.cloned());
        match &self.backend {
            Backend::Postgres(db) => {
                db.indicator_history(&name, &filter, limit, after.as_ref())
                    .await
            }
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| {
                    db.indicator_history(&name, &filter, limit, after.as_ref())
                })
                .await
            }
        }
    }

    /// See [`Sqlite::indicator_catalogue`].
    ///
    /// # Errors
    /// An unknown region or program, or a database failure.
    pub async fn indicator_catalogue(
        &self,
        search: &IndicatorSearch,
        limit: u32,
        offset: u32,
    ) -> Result<IndicatorCatalogue, CatalogueError> {
        let search = search.clone();
        match &self.backend {
            Backend::Postgres(db) => db.indicator_catalogue(&search, limit, offset).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| db.indicator_catalogue(&search, limit, offset)).await
            }
        }
    }

    /// See [`Sqlite::budget_cuts`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn budget_cuts(&self, filter: &EvaluationFilter) -> Result<BudgetCuts, StorageError> {
        let filter = filter.clone();
        match &self.backend {
            Backend::Postgres(db) => db.budget_cuts(&filter).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.budget_cuts(&filter)).await,
        }
    }

    /// See [`Sqlite::results`].
    ///
    /// # Errors
    /// When the database fails or a stored row cannot be read.
    pub async fn results(
        &self,
        view: fundlens_shared::results::View,
        filter: &EvaluationFilter,
        limit: u32,
        offset: u32,
    ) -> Result<crate::ResultsPage, StorageError> {
        let filter = filter.clone();
        match &self.backend {
            Backend::Postgres(db) => db.results(view, &filter, limit, offset).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| db.results(view, &filter, limit, offset)).await
            }
        }
    }

    // --- writes: records and regions ------------------------------------------------------

    /// See [`Sqlite::refuses_region`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn refuses_region(
        &self,
        scope: &Scope,
        region: &str,
    ) -> Result<Option<String>, ImportError> {
        let (scope, region) = (scope.clone(), region.to_owned());
        match &self.backend {
            Backend::Postgres(db) => db.refuses_region(&scope, &region).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| db.refuses_region(&scope, &region)).await
            }
        }
    }

    /// See [`Sqlite::may_write`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn may_write(&self, scope: &Scope, region: &str) -> Result<bool, StorageError> {
        let (scope, region) = (scope.clone(), region.to_owned());
        match &self.backend {
            Backend::Postgres(db) => db.may_write(&scope, &region).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.may_write(&scope, &region)).await,
        }
    }

    /// See [`Sqlite::add_regions`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn add_regions(&self, entries: Vec<Region>) -> Result<(), StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.add_regions(&entries).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.add_regions(&entries)).await,
        }
    }

    /// See [`Sqlite::add_region`].
    ///
    /// # Errors
    /// As [`Sqlite::add_region`].
    pub async fn add_region(&self, region: &NewRegion, change: &Change) -> Result<(), ImportError> {
        let (region, change) = (region.clone(), change.clone());
        match &self.backend {
            Backend::Postgres(db) => db.add_region(&region, &change).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.add_region(&region, &change)).await,
        }
    }

    /// See [`Sqlite::import_evaluations`].
    ///
    /// # Errors
    /// As [`Sqlite::import_evaluations`].
    pub async fn import_evaluations(
        &self,
        evaluations: Vec<Evaluation>,
        policy: &ScoringPolicy,
        replace: bool,
        change: &Change,
    ) -> Result<ImportSummary, ImportError> {
        let (policy, change) = (policy.clone(), change.clone());
        match &self.backend {
            Backend::Postgres(db) => {
                db.import_evaluations(&evaluations, &policy, replace, &change)
                    .await
            }
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| {
                    db.import_evaluations(&evaluations, &policy, replace, &change)
                })
                .await
            }
        }
    }

    /// See [`Sqlite::import_observations`].
    ///
    /// # Errors
    /// As [`Sqlite::import_observations`].
    pub async fn import_observations(
        &self,
        observations: Vec<Observation>,
        policy: &ScoringPolicy,
        change: &Change,
    ) -> Result<ImportSummary, ImportError> {
        let (policy, change) = (policy.clone(), change.clone());
        match &self.backend {
            Backend::Postgres(db) => {
                db.import_observations(&observations, &policy, &change)
                    .await
            }
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| {
                    db.import_observations(&observations, &policy, &change)
                })
                .await
            }
        }
    }

    /// See [`Sqlite::import_together`].
    ///
    /// # Errors
    /// As [`Sqlite::import_together`].
    pub async fn import_together(
        &self,
        observations: Vec<Observation>,
        evaluations: Vec<Evaluation>,
        policy: &ScoringPolicy,
        replace: bool,
        change: &Change,
    ) -> Result<(ImportSummary, ImportSummary), ImportError> {
        let (policy, change) = (policy.clone(), change.clone());
        match &self.backend {
            Backend::Postgres(db) => {
                db.import_together(&observations, &evaluations, &policy, replace, &change)
                    .await
            }
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| {
                    db.import_together(&observations, &evaluations, &policy, replace, &change)
                })
                .await
            }
        }
    }

    // --- versions -------------------------------------------------------------------------

    /// See [`Sqlite::delete_evaluation`].
    ///
    /// # Errors
    /// As [`Sqlite::delete_evaluation`].
    pub async fn delete_evaluation(&self, id: i64, change: &Change) -> Result<(), VersionError> {
        let change = change.clone();
        match &self.backend {
            Backend::Postgres(db) => db.delete_evaluation(id, &change).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.delete_evaluation(id, &change)).await,
        }
    }

    /// See [`Sqlite::restore_evaluation`].
    ///
    /// # Errors
    /// As [`Sqlite::restore_evaluation`].
    pub async fn restore_evaluation(
        &self,
        id: i64,
        policy: &ScoringPolicy,
        change: &Change,
    ) -> Result<(), VersionError> {
        let (policy, change) = (policy.clone(), change.clone());
        match &self.backend {
            Backend::Postgres(db) => db.restore_evaluation(id, &policy, &change).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| db.restore_evaluation(id, &policy, &change)).await
            }
        }
    }

    /// See [`Sqlite::versions`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn versions(&self, id: i64) -> Result<Option<VersionList>, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.versions(id).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.versions(id)).await,
        }
    }

    /// See [`Sqlite::version`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn version(
        &self,
        id: i64,
        version: u32,
    ) -> Result<Option<VersionDetail>, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.version(id, version).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.version(id, version)).await,
        }
    }

    // --- drafts ---------------------------------------------------------------------------

    /// See [`Sqlite::add_drafts`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn add_drafts(
        &self,
        document: NewDocument,
        drafts: Vec<(DraftContent, DraftFacts)>,
        change: &Change,
    ) -> Result<UploadResult, StorageError> {
        let change = change.clone();
        match &self.backend {
            Backend::Postgres(db) => db.add_drafts(&document, &drafts, &change).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| db.add_drafts(&document, &drafts, &change)).await
            }
        }
    }

    /// See [`Sqlite::evaluation_of`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn evaluation_of(
        &self,
        program: &str,
        region: &str,
        year: i32,
    ) -> Result<Option<i64>, StorageError> {
        let (program, region) = (program.to_owned(), region.to_owned());
        match &self.backend {
            Backend::Postgres(db) => db.evaluation_of(&program, &region, year).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| db.evaluation_of(&program, &region, year)).await
            }
        }
    }

    /// See [`Sqlite::drafts`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn drafts(&self, owner: Option<&str>) -> Result<Vec<DraftSummary>, StorageError> {
        let owner = owner.map(str::to_owned);
        match &self.backend {
            Backend::Postgres(db) => db.drafts(owner.as_deref()).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.drafts(owner.as_deref())).await,
        }
    }

    /// See [`Sqlite::draft`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn draft(&self, id: i64) -> Result<Option<StoredDraft>, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.draft(id).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.draft(id)).await,
        }
    }

    /// See [`Sqlite::draft_region`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn draft_region(&self, id: i64) -> Result<Option<Option<String>>, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.draft_region(id).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.draft_region(id)).await,
        }
    }

    /// See [`Sqlite::document`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn document(&self, id: i64) -> Result<Option<(DocumentInfo, Vec<u8>)>, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.document(id).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.document(id)).await,
        }
    }

    /// See [`Sqlite::correct_draft`].
    ///
    /// # Errors
    /// As [`Sqlite::correct_draft`].
    pub async fn correct_draft(
        &self,
        (id, version): (i64, i64),
        content: DraftContent,
        facts: DraftFacts,
        corrections: Vec<Correction>,
        change: &Change,
    ) -> Result<DraftSummary, DraftChangeError> {
        let change = change.clone();
        match &self.backend {
            Backend::Postgres(db) => {
                db.correct_draft(id, version, (&content, &facts), &corrections, &change)
                    .await
            }
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| {
                    db.correct_draft(id, version, (&content, &facts), &corrections, &change)
                })
                .await
            }
        }
    }

    /// See [`Sqlite::confirm_draft`].
    ///
    /// # Errors
    /// As [`Sqlite::confirm_draft`].
    pub async fn confirm_draft(
        &self,
        id: i64,
        version: i64,
        evaluation: Evaluation,
        policy: &ScoringPolicy,
        replace: bool,
        change: &Change,
    ) -> Result<ImportSummary, DraftChangeError> {
        let (policy, change) = (policy.clone(), change.clone());
        match &self.backend {
            Backend::Postgres(db) => {
                db.confirm_draft(id, version, &evaluation, &policy, replace, &change)
                    .await
            }
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| {
                    db.confirm_draft(id, version, &evaluation, &policy, replace, &change)
                })
                .await
            }
        }
    }

    // --- accounts and sessions ------------------------------------------------------------

    /// See [`Sqlite::add_account`].
    ///
    /// # Errors
    /// As [`Sqlite::add_account`].
    pub async fn add_account(
        &self,
        name: &str,
        role: Role,
        region: Option<&str>,
        password_hash: &str,
        change: &Change,
    ) -> Result<(), AccountError> {
        let (name, region, hash, change) = (
            name.to_owned(),
            region.map(str::to_owned),
            password_hash.to_owned(),
            change.clone(),
        );
        match &self.backend {
            Backend::Postgres(db) => {
                db.add_account(&name, role, region.as_deref(), &hash, &change)
                    .await
            }
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| {
                    db.add_account(&name, role, region.as_deref(), &hash, &change)
                })
                .await
            }
        }
    }

    /// See [`Sqlite::set_password`].
    ///
    /// # Errors
    /// As [`Sqlite::set_password`].
    pub async fn set_password(
        &self,
        name: &str,
        password_hash: &str,
        change: &Change,
    ) -> Result<(), AccountError> {
        let (name, hash, change) = (name.to_owned(), password_hash.to_owned(), change.clone());
        match &self.backend {
            Backend::Postgres(db) => db.set_password(&name, &hash, &change).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| db.set_password(&name, &hash, &change)).await
            }
        }
    }

    /// See [`Sqlite::disable_account`].
    ///
    /// # Errors
    /// As [`Sqlite::disable_account`].
    pub async fn disable_account(&self, name: &str, change: &Change) -> Result<(), AccountError> {
        let (name, change) = (name.to_owned(), change.clone());
        match &self.backend {
            Backend::Postgres(db) => db.disable_account(&name, &change).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| db.disable_account(&name, &change)).await
            }
        }
    }

    /// See [`Sqlite::accounts`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn accounts(&self) -> Result<Vec<UserInfo>, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.accounts().await,
            Backend::Sqlite(db) => on_sqlite(db, Sqlite::accounts).await,
        }
    }

    /// See [`Sqlite::has_admin`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn has_admin(&self) -> Result<bool, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.has_admin().await,
            Backend::Sqlite(db) => on_sqlite(db, Sqlite::has_admin).await,
        }
    }

    /// See [`Sqlite::account`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn account(&self, name: &str) -> Result<Option<StoredAccount>, StorageError> {
        let name = name.to_owned();
        match &self.backend {
            Backend::Postgres(db) => db.account(&name).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.account(&name)).await,
        }
    }

    /// See [`Sqlite::start_session`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn start_session(
        &self,
        token_hash: &[u8],
        account: &StoredAccount,
        now: i64,
        change: &Change,
    ) -> Result<(), StorageError> {
        let (hash, account, change) = (token_hash.to_vec(), account.clone(), change.clone());
        match &self.backend {
            Backend::Postgres(db) => db.start_session(&hash, &account, now, &change).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| {
                    db.start_session(&hash, &account, now, &change)
                })
                .await
            }
        }
    }

    /// See [`Sqlite::session`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn session(&self, token_hash: &[u8]) -> Result<Option<StoredSession>, StorageError> {
        let hash = token_hash.to_vec();
        match &self.backend {
            Backend::Postgres(db) => db.session(&hash).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.session(&hash)).await,
        }
    }

    /// See [`Sqlite::touch_session`] (best effort: a failure is logged, never answered).
    pub async fn touch_session(&self, token_hash: &[u8], now: i64) {
        let hash = token_hash.to_vec();
        match &self.backend {
            Backend::Postgres(db) => db.touch_session(&hash, now).await,
            Backend::Sqlite(db) => {
                let touched = on_sqlite(db, move |db| {
                    db.touch_session(&hash, now);
                    Ok::<(), StorageError>(())
                })
                .await;
                if let Err(error) = touched {
                    tracing::warn!(%error, "could not record the session's last use");
                }
            }
        }
    }

    /// See [`Sqlite::end_session`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn end_session(
        &self,
        token_hash: &[u8],
        idle_before: i64,
        created_before: i64,
    ) -> Result<(), StorageError> {
        let hash = token_hash.to_vec();
        match &self.backend {
            Backend::Postgres(db) => db.end_session(&hash, idle_before, created_before).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| {
                    db.end_session(&hash, idle_before, created_before)
                })
                .await
            }
        }
    }

    /// See [`Sqlite::add_token`].
    ///
    /// # Errors
    /// As [`Sqlite::add_token`].
    pub async fn add_token(
        &self,
        name: &str,
        label: &str,
        token_hash: &[u8],
        change: &Change,
    ) -> Result<i64, AccountError> {
        let (name, label, hash, change) = (
            name.to_owned(),
            label.to_owned(),
            token_hash.to_vec(),
            change.clone(),
        );
        match &self.backend {
            Backend::Postgres(db) => db.add_token(&name, &label, &hash, &change).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| db.add_token(&name, &label, &hash, &change)).await
            }
        }
    }

    /// See [`Sqlite::token_account`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn token_account(
        &self,
        token_hash: &[u8],
    ) -> Result<Option<StoredAccount>, StorageError> {
        let hash = token_hash.to_vec();
        match &self.backend {
            Backend::Postgres(db) => db.token_account(&hash).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.token_account(&hash)).await,
        }
    }

    // --- state the servers share ------------------------------------------------------------

    /// The data generation: a number every committed write of the records moves (imports,
    /// replacements, deletes, restores, observations, accounts, regions; not sign-ins),
    /// kept in the database so every server on it reads the same one. An answer cached under
    /// one generation is current while the generation is unchanged. On PostgreSQL with a read
    /// replica it is the replica's: read it before the answer, and the answer is never older.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn generation(&self) -> Result<i64, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.generation().await,
            Backend::Sqlite(db) => on_sqlite(db, Sqlite::generation).await,
        }
    }

    // --- briefings kept at write time --------------------------------------------------------

    /// The turn at filling the kept briefings, so several servers on one PostgreSQL do not all
    /// compute the same ones after a write: `None` while another server has it. Held until
    /// dropped. A SQLite file has one server: the turn is always given.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn briefing_fill_turn(&self) -> Result<Option<FillTurn>, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => Ok(db
                .briefing_fill_turn()
                .await?
                .map(|turn| FillTurn { _held: Some(turn) })),
            Backend::Sqlite(_) => Ok(Some(FillTurn { _held: None })),
        }
    }

    /// See [`Sqlite::kept_briefing`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn kept_briefing(
        &self,
        key: &BriefingKey,
        edition: &'static str,
    ) -> Result<Option<String>, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.kept_briefing(key, edition).await,
            Backend::Sqlite(db) => {
                let key = key.clone();
                on_sqlite(db, move |db| db.kept_briefing(&key, edition)).await
            }
        }
    }

    /// See [`Sqlite::keep_briefing`].
    ///
    /// # Errors
    /// When the database fails or is busy with another write.
    pub async fn keep_briefing(
        &self,
        key: &BriefingKey,
        edition: &'static str,
        generation: i64,
        body: String,
    ) -> Result<bool, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.keep_briefing(key, edition, generation, &body).await,
            Backend::Sqlite(db) => {
                let key = key.clone();
                on_sqlite(db, move |db| {
                    db.keep_briefing(&key, edition, generation, &body)
                })
                .await
            }
        }
    }

    /// See [`Sqlite::briefings_missing`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn briefings_missing(
        &self,
        source: Source,
        edition: &'static str,
    ) -> Result<Vec<BriefingKey>, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.briefings_missing(source, edition).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| db.briefings_missing(source, edition)).await
            }
        }
    }

    /// The failed sign-ins counted under each of `keys`, in order (see [`LoginFailures`]).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn login_failures(
        &self,
        keys: &[String],
    ) -> Result<Vec<LoginFailures>, StorageError> {
        let keys = keys.to_vec();
        match &self.backend {
            Backend::Postgres(db) => db.login_failures(&keys).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.login_failures(&keys)).await,
        }
    }

    /// Counts a failed sign-in under each of `keys` at `now_ms` (Unix milliseconds), forgetting
    /// counts not moved since `forget_before_ms`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn login_failed(
        &self,
        keys: &[String],
        now_ms: i64,
        forget_before_ms: i64,
    ) -> Result<(), StorageError> {
        let keys = keys.to_vec();
        match &self.backend {
            Backend::Postgres(db) => db.login_failed(&keys, now_ms, forget_before_ms).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| {
                    db.login_failed(&keys, now_ms, forget_before_ms)
                })
                .await
            }
        }
    }

    /// Clears the failed sign-ins of `keys` (after a successful one).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn login_succeeded(&self, keys: &[String]) -> Result<(), StorageError> {
        let keys = keys.to_vec();
        match &self.backend {
            Backend::Postgres(db) => db.login_succeeded(&keys).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.login_succeeded(&keys)).await,
        }
    }

    // --- the audit log --------------------------------------------------------------------

    /// See [`Sqlite::record_event`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn record_event(
        &self,
        change: &Change,
        action: &str,
        target: String,
        detail: String,
    ) -> Result<(), StorageError> {
        let (change, action) = (change.clone(), action.to_owned());
        match &self.backend {
            Backend::Postgres(db) => db.record_event(&change, &action, target, detail).await,
            Backend::Sqlite(db) => {
                on_sqlite(db, move |db| {
                    db.record_event(&change, &action, target, detail)
                })
                .await
            }
        }
    }

    /// See [`Sqlite::audit_log`].
    ///
    /// # Errors
    /// When the database fails.
    pub async fn audit_log(
        &self,
        before: Option<i64>,
        limit: u32,
    ) -> Result<AuditPage, StorageError> {
        match &self.backend {
            Backend::Postgres(db) => db.audit_log(before, limit).await,
            Backend::Sqlite(db) => on_sqlite(db, move |db| db.audit_log(before, limit)).await,
        }
    }
}
