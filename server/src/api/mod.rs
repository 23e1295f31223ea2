//! The HTTP API: routes, shared state, and the handlers that turn query parameters into store
//! calls. Blocking store calls run on tokio's blocking pool.
//!
//! # Layout
//! - [`routes`]: every route with its access rule; the router is built from it.
//! - [`access`]: the one layer that decides who may do what, and the security headers.
//! - [`body`]: request bodies read after an import's turn comes, limited, UTF-8, JSON with the
//!   bad field named.
//! - [`error`]: JSON errors, one contract for every refusal.
//! - [`extract`]: query parameters whose refusals follow that contract.
//! - [`params`]: query parameters into filters.
//! - [`records`]: catalogue, list, drill-down and imports.
//! - [`insights`]: trends, comparisons, indicator history and their charts.
//! - [`results`]: 结果应用's four views (budget, targets, rectification, conflicts).
//! - [`session`]: login, logout and `me`.
//! - [`admin`]: users and regions.
//! - [`versions`]: versions, delete and restore, the audit log.
//! - [`documents`]: uploads into drafts, review, confirmation, workbook export.
//! - [`batch`]: many forms at once: a batch upload (.zip), confirming every clean draft, a
//!   draft whose evaluation exists.
//! - [`divisions`]: the regions a confirmed draft needs, learned from the national divisions.
//! - [`download`]: `format=csv|xlsx`: an answer as a file with its provenance line.
//! - [`word`]: the region's briefing as a Word document (its contents gathered here).

pub(crate) mod access;
mod admin;
mod answer_cache;
mod batch;
mod body;
mod divisions;
mod documents;
mod download;
mod error;
mod extract;
mod insights;
mod params;
mod records;
mod results;
mod routes;
mod session;
mod versions;
mod word;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use fundlens_shared::scoring::ScoringPolicy;
use tokio::sync::Semaphore;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use access::AccessConfig;
pub use body::BODY_LIMIT;
pub use error::ApiError;

use crate::auth::throttle::LoginThrottle;
use fundlens_store::{Store, WRITE_WAIT};

/// Imports processed at the same time; more wait their turn (holding no body) for up to
/// [`WRITE_WAIT`], then get 503. Each holds its body and the parsed records, a few times the
/// body's size.
const CONCURRENT_IMPORTS: usize = 2;

/// What every handler shares.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The store.
    pub store: Store,
    /// The scoring policy imports apply.
    pub policy: Arc<ScoringPolicy>,
    /// Who may read and how the server is reached.
    pub access: Arc<AccessConfig>,
    throttle: Arc<LoginThrottle>,
    imports: Arc<Semaphore>,
    answers: answer_cache::AnswerCache,
}

impl AppState {
    /// The state of a server over `store`.
    pub fn new(store: Store, policy: ScoringPolicy, access: AccessConfig) -> Self {
        Self {
            throttle: Arc::new(LoginThrottle::new(store.clone())),
            store,
            policy: Arc::new(policy),
            access: Arc::new(access),
            imports: Arc::new(Semaphore::new(CONCURRENT_IMPORTS)),
            answers: answer_cache::AnswerCache::new(answer_cache::CAPACITY_BYTES),
        }
    }

    /// Waits for an import slot (see [`CONCURRENT_IMPORTS`]).
    async fn import_slot(&self) -> Result<tokio::sync::SemaphorePermit<'_>, ApiError> {
        tokio::time::timeout(WRITE_WAIT, self.imports.acquire())
            .await
            .map_err(|_| ApiError::Busy)?
            .map_err(|_| ApiError::Busy)
    }
}

/// Runs blocking store work off the async runtime.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
}

/// The whole application: API routes (from [`routes::table`], each with its access rule),
/// then the embedded frontend for everything else.
pub fn app(state: AppState) -> Router {
    let (api, rules) = routes::table().into_parts();
    let api = api
        .fallback(|| async {
            ApiError::NotFound("没有这个接口，请参阅 README 的“API”一节".to_owned())
        })
        .layer(from_fn_with_state(
            (state.clone(), Arc::clone(&rules)),
            answer_cache::serve,
        ))
        .layer(from_fn_with_state((state.clone(), rules), access::guard))
        .layer(axum::middleware::map_response(error::json_errors))
        .with_state(state.clone());
    Router::new()
        .nest("/api", api)
        .merge(crate::web_assets::router())
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CompressionLayer::new())
        .layer(from_fn_with_state(
            Arc::clone(&state.access),
            access::host_and_headers,
        ))
        .layer(TraceLayer::new_for_http())
}
