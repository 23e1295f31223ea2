//! Read answers computed once per data generation: every `GET` route open to readers
//! ([`Access::Read`]: JSON, CSV, xlsx, SVG, briefings, Word) depends only on the stored data and
//! its query, so its answer is kept in memory under (generation, path and query) and given again
//! until a write moves the store's generation ([`fundlens_store::Store::generation`], kept in the
//! database, so several servers and `fundlens import` beside them agree). Nothing expires by time.
//!
//! Each answer carries an `ETag` made of the generation and the request; a browser sending it
//! back in `If-None-Match` gets `304 Not Modified` while nothing changed (the API answers say
//! `Cache-Control: private, no-cache`, so browsers revalidate instead of refetching).
//!
//! The layer runs inside the access guard: a request reaches it only once allowed. Answers are
//! kept per reader's scope (role and region: a fund's versions say what the caller may do to
//! it), so one reader never gets an answer made for another kind of reader. Only
//! `200` answers are kept; refusals and errors are computed every time. The memory is bounded
//! in bytes ([`CAPACITY_BYTES`]); one answer larger than [`LARGEST_ANSWER`] is never kept.
//!
//! Readers asking one question that is not kept yet compute it once: the first computes it
//! while the others wait on the question's lock, then find the answer kept (after a write, 32
//! leaders opening the same overview cost one computation, not 32). A refusal is not kept, so
//! the others then compute their own, one at a time.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::{Body, Bytes, HttpBody, to_bytes};
use axum::extract::{MatchedPath, OriginalUri, Request, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use moka::sync::Cache;
use sha2::{Digest, Sha256};

use super::AppState;
use super::access::{Access, Caller, Rule, rule_for};

/// The memory all kept answers may take together.
pub(crate) const CAPACITY_BYTES: u64 = 256 * 1024 * 1024;
/// An answer larger than this (a whole-province workbook) is computed each time.
const LARGEST_ANSWER: usize = 32 * 1024 * 1024;

/// One kept answer: its body and the headers that describe it.
#[derive(Debug, Clone)]
struct Kept {
    content_type: Option<HeaderValue>,
    disposition: Option<HeaderValue>,
    body: Bytes,
}

/// The kept answers of one server, by generation and request.
#[derive(Debug, Clone)]
pub(crate) struct AnswerCache {
    answers: Cache<Key, Arc<Kept>>,
    /// The questions being computed, each with the lock its other askers wait on.
    computing: Arc<std::sync::Mutex<HashMap<Key, Arc<tokio::sync::Mutex<()>>>>>,
}

/// Generation, reader's scope, normalised request.
type Key = (i64, String, String);

impl AnswerCache {
    /// An empty cache bounded by `capacity_bytes`.
    pub(crate) fn new(capacity_bytes: u64) -> Self {
        let answers = Cache::builder()
            .max_capacity(capacity_bytes)
            .weigher(|key: &Key, kept: &Arc<Kept>| {
                u32::try_from(key.1.len() + key.2.len() + kept.body.len()).unwrap_or(u32::MAX)
            })
            .build();
        Self {
            answers,
            computing: Arc::default(),
        }
    }

    /// The lock of the question `key`, shared by everyone asking it while it is computed.
    fn lock_of(&self, key: &Key) -> Arc<tokio::sync::Mutex<()>> {
        let mut computing = self
            .computing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(computing.entry(key.clone()).or_default())
    }

    /// Forgets the lock of `key` once its answer is kept (or refused): later askers find the
    /// answer, or start anew.
    fn done(&self, key: &Key) {
        self.computing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(key);
    }
}

/// The layer: answers a reader's `GET` from the cache, with `304` when the browser has it.
pub(crate) async fn serve(
    State((state, rules)): State<(AppState, Arc<[Rule]>)>,
    request: Request,
    next: Next,
) -> Response {
    let path = request
        .extensions()
        .get::<MatchedPath>()
        .map(|matched| matched.as_str().trim_start_matches("/api").to_owned())
        .unwrap_or_default();
    let cacheable = request.method() == Method::GET
        && !path.is_empty()
        && rule_for(&rules, &Method::GET, &path).0 == Access::Read;
    if !cacheable {
        return next.run(request).await;
    }
    // A store that cannot say its generation answers without the cache (and will likely
    // refuse the request itself, in the usual error form).
    let Ok(generation) = state.store.generation().await else {
        return next.run(request).await;
    };
    let uri = request
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| request.uri().clone(), |original| original.0.clone());
    let target = normalised(uri.path(), uri.query());
    let scope = request
        .extensions()
        .get::<Caller>()
        .map(|caller| {
            caller
                .account
                .as_ref()
                .map(|account| format!("{:?} {:?}", account.role, account.region))
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let tag = entity_tag(generation, &scope, &target);
    if browser_has(request.headers(), &tag) {
        return (StatusCode::NOT_MODIFIED, [(ETAG, tag)]).into_response();
    }
    let key = (generation, scope, target);
    if let Some(kept) = state.answers.answers.get(&key) {
        return answer(&kept, tag);
    }
    let lock = state.answers.lock_of(&key);
    let _computing = lock.lock().await;
    // Dropped first: the lock is forgotten however this ends (a reader who goes away
    // included), then released to the readers waiting on it.
    let _forget = Forget(&state.answers, &key);
    if let Some(kept) = state.answers.answers.get(&key) {
        return answer(&kept, tag);
    }
    let response = next.run(request).await;
    match keep(&state.answers, &key, response).await {
        Ok(kept) => answer(&kept, tag),
        Err(response) => response,
    }
}

/// Forgets the lock of a question when dropped ([`AnswerCache::done`]).
struct Forget<'a>(&'a AnswerCache, &'a Key);

impl Drop for Forget<'_> {
    fn drop(&mut self) {
        self.0.done(self.1);
    }
}

/// Keeps a `200` answer small enough to keep; any other response is given back as it is.
async fn keep(cache: &AnswerCache, key: &Key, response: Response) -> Result<Arc<Kept>, Response> {
    if response.status() != StatusCode::OK {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    let small = body
        .size_hint()
        .upper()
        .is_some_and(|bytes| bytes <= LARGEST_ANSWER as u64);
    if !small {
        return Err(Response::from_parts(parts, body));
    }
    let Ok(body) = to_bytes(body, LARGEST_ANSWER).await else {
        return Err((StatusCode::INTERNAL_SERVER_ERROR, "回答未能读出，请重试").into_response());
    };
    let kept = Arc::new(Kept {
        content_type: parts.headers.get(CONTENT_TYPE).cloned(),
        disposition: parts.headers.get(CONTENT_DISPOSITION).cloned(),
        body,
    });
    cache.answers.insert(key.clone(), Arc::clone(&kept));
    Ok(kept)
}

/// The path and its query with the parameters in the order of their names (one parameter
/// given twice keeps its order), so `?year=2025&region=x` and `?region=x&year=2025` are one
/// question.
fn normalised(path: &str, query: Option<&str>) -> String {
    let mut pairs: Vec<&str> = query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .collect();
    pairs.sort_by_key(|pair| pair.split('=').next().unwrap_or_default());
    if pairs.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", pairs.join("&"))
    }
}

/// The response of a kept answer.
fn answer(kept: &Kept, tag: HeaderValue) -> Response {
    let mut headers = HeaderMap::new();
    if let Some(value) = &kept.content_type {
        headers.insert(CONTENT_TYPE, value.clone());
    }
    if let Some(value) = &kept.disposition {
        headers.insert(CONTENT_DISPOSITION, value.clone());
    }
    headers.insert(ETAG, tag);
    (StatusCode::OK, headers, Body::from(kept.body.clone())).into_response()
}

/// `"g<generation>-<hash of the reader's scope and the request>"`: changes with the data, the
/// question and the kind of reader.
fn entity_tag(generation: i64, scope: &str, target: &str) -> HeaderValue {
    // SHA-256 rather than the std hasher: the same tag from every server and every release.
    let digest = Sha256::new()
        .chain_update(scope)
        .chain_update([0])
        .chain_update(target)
        .finalize();
    let short: String = digest[..8]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let text = format!("\"g{generation}-{short}\"");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("\"\""))
}

/// Whether `If-None-Match` names `tag` (or `*`).
fn browser_has(headers: &HeaderMap, tag: &HeaderValue) -> bool {
    let Ok(tag) = tag.to_str() else {
        return false;
    };
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|item| item.trim().trim_start_matches("W/"))
        .any(|item| item == tag || item == "*")
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::Router;
    use axum::middleware::from_fn_with_state;
    use axum::routing::get;
    use fundlens_shared::scoring::ScoringPolicy;
    use fundlens_store::Store;
    use tower::ServiceExt;

    use super::super::access::AccessConfig;
    use super::*;

    /// Eight readers asking one question at once, none kept yet: it is computed once, and all
    /// eight get its answer.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn readers_asking_one_new_question_at_once_compute_it_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open_sqlite(&dir.path().join("cache.sqlite")).expect("store");
        let access = AccessConfig::new(([127, 0, 0, 1], 0).into(), None, false).expect("access");
        let state = AppState::new(store, ScoringPolicy::national(), access);
        let rules: Arc<[Rule]> = Arc::from(vec![Rule {
            method: Method::GET,
            path: "/slow",
            access: Access::Read,
            bodies: &[],
        }]);
        let computed = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&computed);
        let app = Router::new()
            .route(
                "/api/slow",
                get(move || {
                    let counter = Arc::clone(&counter);
                    async move {
                        let number = counter.fetch_add(1, Ordering::SeqCst) + 1;
                        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                        format!("answer {number}")
                    }
                }),
            )
            .layer(from_fn_with_state((state, rules), serve));
        let asks: Vec<_> = (0..8)
            .map(|_| {
                let app = app.clone();
                tokio::spawn(async move {
                    let request = Request::get("/api/slow?b=2&a=1")
                        .body(Body::empty())
                        .expect("request");
                    let response = app.oneshot(request).await.expect("response");
                    assert_eq!(response.status(), StatusCode::OK);
                    to_bytes(response.into_body(), 1024).await.expect("body")
                })
            })
            .collect();
        for ask in asks {
            assert_eq!(ask.await.expect("asked"), "answer 1");
        }
        assert_eq!(computed.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn the_tag_changes_with_the_generation_the_reader_and_the_question() {
        let first = entity_tag(7, "", "/api/evaluations?year=2025");
        assert_eq!(first, entity_tag(7, "", "/api/evaluations?year=2025"));
        assert_ne!(first, entity_tag(8, "", "/api/evaluations?year=2025"));
        assert_ne!(first, entity_tag(7, "", "/api/evaluations?year=2024"));
        assert_ne!(
            first,
            entity_tag(7, "Admin None", "/api/evaluations?year=2025")
        );
    }

    #[test]
    fn a_question_is_one_whatever_the_order_of_its_parameters() {
        assert_eq!(
            normalised("/api/evaluations", Some("year=2025&region=x&sort=lowest")),
            normalised("/api/evaluations", Some("sort=lowest&region=x&year=2025")),
        );
        assert_eq!(
            normalised("/api/compare", Some("b=2&a=1&a=0")),
            "/api/compare?a=1&a=0&b=2"
        );
        assert_eq!(normalised("/api/catalogue", None), "/api/catalogue");
        assert_eq!(normalised("/api/catalogue", Some("")), "/api/catalogue");
    }

    #[test]
    fn if_none_match_is_read_as_browsers_send_it() {
        let tag = entity_tag(3, "", "/api/catalogue");
        let text = tag.to_str().expect("ascii").to_owned();
        for (sent, has) in [
            (text.clone(), true),
            (format!("W/{text}"), true),
            (format!("\"other\", {text}"), true),
            ("*".to_owned(), true),
            ("\"g2-0000000000000000\"".to_owned(), false),
        ] {
            let mut headers = HeaderMap::new();
            headers.insert(IF_NONE_MATCH, HeaderValue::from_str(&sent).expect("header"));
            assert_eq!(browser_has(&headers, &tag), has, "{sent}");
        }
        assert!(!browser_has(&HeaderMap::new(), &tag));
    }
}
