//! The HTTP API: routes, shared state, and the handlers that turn query parameters into store
//! calls. Blocking store calls run on tokio's blocking pool.
//!
//! # Layout
//! - [`error`]: JSON errors, one contract for every refusal.
//! - [`extract`]: query and body extractors whose refusals follow that contract.
//! - [`params`]: query parameters into filters.
//! - [`records`]: catalogue, list, drill-down and imports.
//! - [`insights`]: trends, comparisons, indicator history and their charts.

mod error;
mod extract;
mod insights;
mod params;
mod records;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use fundlens_shared::scoring::ScoringPolicy;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub use error::ApiError;

use crate::storage::Store;

/// Largest request body accepted (an import of a few thousand evaluations).
pub const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// What every handler shares.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The store.
    pub store: Arc<Store>,
    /// The scoring policy imports apply.
    pub policy: Arc<ScoringPolicy>,
}

/// Runs blocking store work off the async runtime.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
}

/// The whole application: API routes, then the embedded frontend for everything else.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route("/health", get(records::health))
        .route("/regions", get(records::regions))
        .route("/programs", get(records::programs))
        .route("/years", get(records::years))
        .route("/metrics", get(records::metrics))
        .route(
            "/evaluations",
            get(records::list).post(records::import_evaluations),
        )
        .route("/evaluations/{id}", get(records::detail))
        .route(
            "/observations",
            axum::routing::post(records::import_observations),
        )
        .route("/trends/funding", get(insights::funding_trend))
        .route("/trends/funding/chart.svg", get(insights::funding_chart))
        .route("/trends/scores", get(insights::score_trend))
        .route("/trends/scores/chart.svg", get(insights::score_chart))
        .route("/trends/metrics", get(insights::metric_trend))
        .route("/trends/metrics/chart.svg", get(insights::metric_chart))
        .route("/compare", get(insights::compare))
        .route("/compare/chart.svg", get(insights::compare_chart))
        .route("/compare/years", get(insights::compare_years))
        .route("/indicators/history", get(insights::indicator_history))
        .route(
            "/indicators/history/chart.svg",
            get(insights::history_chart),
        )
        .fallback(|| async {
            ApiError::NotFound("没有这个接口，请参阅 README 的“API”一节".to_owned())
        })
        .layer(axum::middleware::map_response(error::json_errors))
        .with_state(state);
    Router::new()
        .nest("/api", api)
        .merge(crate::web_assets::router())
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}
