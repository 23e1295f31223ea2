//! The one layer in front of every handler that decides who may do what, so no handler checks
//! it itself. For each request it:
//!
//! 1. refuses a `Host` that is not this server's (DNS rebinding): an IP address, `localhost`,
//!    or the host of `--public-url` (421);
//! 2. for a write (any method but GET/HEAD), refuses what a browser on another site could
//!    send: `Sec-Fetch-Site` other than same-origin/none, an `Origin` other than this
//!    server's (403 `forbidden`, naming the header), and a body type the route does not take —
//!    `application/json` by default, so HTML forms and `text/plain` never reach a handler
//!    (415);
//! 3. finds the caller: an API token (`Authorization: Bearer`), else the session cookie; a
//!    cookie-authenticated write must also carry the session's CSRF token in `X-CSRF-Token`;
//! 4. checks the route's [`Access`] against the caller's role: reads are open only when
//!    `read_open` (a loopback bind or `--public-read`), writes need an editor unless the
//!    route says otherwise (each route's rule is declared where it is added, in
//!    [`super::routes`]), and a request that matched no route is a read for anyone who may read
//!    or a write for admins only — deny by default;
//! 5. hands the handler a [`Caller`], from which the handler's store call takes its
//!    [`Change`]: who, from where, how, and the region subtree an editor may write (checked by
//!    the store inside the write's transaction, record by record).
//!
//! Every response also gets the security headers ([`security_headers`]).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, OriginalUri, Request, State};
use axum::http::header::{
    AUTHORIZATION, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG, HOST, ORIGIN,
    REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use fundlens_shared::account::Role;

use super::{ApiError, AppState};
use crate::auth::secret;
use crate::auth::session::{self, CookiePolicy};
use fundlens_store::StoredAccount;
use fundlens_store::{Change, Scope};

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Anyone (sign-in, `me`).
    Public,
    /// Anyone while reads are open, else any signed-in account.
    Read,
    /// Any signed-in account.
    Signed,
    /// Editors (within their region, which the store checks) and admins.
    Edit,
    /// Admins.
    Admin,
}

/// What a write takes by default: JSON (no HTML form, no `text/plain` reaches a handler).
pub(crate) const JSON: &[&str] = &["application/json"];

/// One route's rule, declared with the route ([`super::routes`]): method, path under `/api`,
/// who may call it, and the body types a write takes.
#[derive(Debug)]
pub(crate) struct Rule {
    pub(crate) method: Method,
    pub(crate) path: &'static str,
    pub(crate) access: Access,
    pub(crate) bodies: &'static [&'static str],
}

/// The rule of `method` on the matched `path` (under `/api`); for a request that matched no
/// route (404, or 405 for a method the path does not answer), a read for anyone who may read
/// and a write for admins only — deny by default.
pub(crate) fn rule_for(
    rules: &[Rule],
    method: &Method,
    path: &str,
) -> (Access, &'static [&'static str]) {
    let method = if *method == Method::HEAD {
        &Method::GET
    } else {
        method
    };
    rules
        .iter()
        .find(|rule| rule.method == *method && rule.path == path)
        .map_or_else(
            || {
                if is_read(method) {
                    (Access::Read, JSON)
                } else {
                    (Access::Admin, JSON)
                }
            },
            |rule| (rule.access, rule.bodies),
        )
}

fn is_read(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD)
}

/// How the server is reached and who may read: fixed at start-up.
#[derive(Debug)]
pub struct AccessConfig {
    /// Reads need no login (a loopback bind, or `--public-read`).
    pub read_open: bool,
    /// The public URL's scheme and authority (`https`, `fundlens.example.gov.cn`), when given.
    pub public_url: Option<(String, String)>,
    /// Writes are refused until an admin exists (first start on a non-loopback address).
    pub awaiting_admin: AtomicBool,
}

impl AccessConfig {
    /// The rules for a server listening on `bind`, reached at `public_url` (if given), with
    /// reads opened by `public_read`.
    ///
    /// # Errors
    /// When `public_url` is not an `http(s)://host[:port]` URL.
    pub fn new(
        bind: SocketAddr,
        public_url: Option<&str>,
        public_read: bool,
    ) -> Result<Self, String> {
        let public_url = public_url
            .map(|url| {
                let uri: Uri = url
                    .parse()
                    .map_err(|e| format!("--public-url {url}: {e}"))?;
                match (uri.scheme_str(), uri.authority()) {
                    (Some(scheme @ ("http" | "https")), Some(authority)) => {
                        Ok((scheme.to_owned(), authority.as_str().to_ascii_lowercase()))
                    }
                    _ => Err(format!(
                        "--public-url {url}: expected http(s)://host[:port]"
                    )),
                }
            })
            .transpose()?;
        Ok(Self {
            read_open: bind.ip().is_loopback() || public_read,
            public_url,
            awaiting_admin: AtomicBool::new(false),
        })
    }

    /// The cookie rules: `Secure` when the public URL is https.
    pub fn cookie(&self) -> CookiePolicy {
        CookiePolicy {
            secure: self
                .public_url
                .as_ref()
                .is_some_and(|(scheme, _)| scheme == "https"),
        }
    }

    /// Whether `host` (a `Host` header value) names this server.
    fn host_allowed(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        if self.public_url.as_ref().is_some_and(|(_, authority)| {
            without_default_port(authority) == without_default_port(&host)
        }) {
            return true;
        }
        let name = host_name(&host);
        name == "localhost" || name.parse::<IpAddr>().is_ok()
    }

    /// Whether `origin` (an `Origin` header value) is this server's, reached as `host`.
    fn same_origin(&self, origin: &str, host: &str) -> bool {
        let origin = origin.to_ascii_lowercase();
        let Some((scheme, authority)) = origin.split_once("://") else {
            return false;
        };
        if let Some((public_scheme, public_authority)) = &self.public_url
            && scheme == public_scheme
            && without_default_port(authority) == without_default_port(public_authority)
        {
            return true;
        }
        matches!(scheme, "http" | "https")
            && without_default_port(authority) == without_default_port(&host.to_ascii_lowercase())
    }
}

/// `host` without `:80` or `:443`.
fn without_default_port(authority: &str) -> &str {
    authority
        .strip_suffix(":80")
        .or_else(|| authority.strip_suffix(":443"))
        .unwrap_or(authority)
}

/// The host of `host[:port]` or `[v6][:port]`, brackets removed.
fn host_name(authority: &str) -> &str {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default();
    }
    authority.split(':').next().unwrap_or_default()
}

/// How the caller proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Via {
    /// Nothing.
    Anonymous,
    /// A session cookie (its value).
    Session(String),
    /// An API token.
    Token,
}

/// The caller of a request, as the access layer established it.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    /// The signed-in account.
    pub(crate) account: Option<StoredAccount>,
    /// How.
    pub(crate) via: Via,
    /// The client's address.
    pub(crate) address: IpAddr,
    /// `METHOD /path?query`, for the audit log.
    pub(crate) request: String,
}

impl Caller {
    /// The [`Change`] a write by this caller makes: an editor's limited to its region.
    pub(crate) fn change(&self) -> Change {
        let (actor, scope) = match &self.account {
            Some(account) => (
                account.name.clone(),
                match (&account.role, &account.region) {
                    (Role::Editor, Some(region)) => Scope::Subtree(region.clone()),
                    (Role::Admin, _) => Scope::Everywhere,
                    // A viewer never gets here (the layer refuses its writes); an editor
                    // without a region cannot exist (the schema refuses it): write nothing.
                    _ => Scope::Subtree(String::new()),
                },
            ),
            None => ("anonymous".to_owned(), Scope::Subtree(String::new())),
        };
        Change {
            actor,
            address: self.address.to_string(),
            origin: self.request.clone(),
            scope,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Self>()
            .cloned()
            .ok_or_else(|| ApiError::Unauthorized("请先登录".to_owned()))
    }
}

/// The access layer for `/api` (see the module documentation).
pub(crate) async fn guard(
    State((state, rules)): State<(AppState, Arc<[Rule]>)>,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let method = request.method().clone();
    let path = request
        .extensions()
        .get::<MatchedPath>()
        .map(|matched| matched.as_str().trim_start_matches("/api").to_owned())
        .unwrap_or_default();
    let (access, bodies) = rule_for(&rules, &method, &path);
    let headers = request.headers();
    let write = !is_read(&method);
    if write {
        refuse_cross_site(&state.access, headers)?;
        if matches!(method, Method::POST | Method::PUT | Method::PATCH) {
            refuse_body_type(headers, bodies)?;
        }
    }
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
    let cookie = state.access.cookie();
    let (account, via) = identify(&state, headers, cookie).await?;
    if write && let Via::Session(value) = &via {
        let sent = headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !secret::same(sent, &secret::csrf_token(value)) {
            return Err(ApiError::forbidden(
                "X-CSRF-Token",
                "缺少或无效的 CSRF 令牌：请刷新页面后重试".to_owned(),
            ));
        }
    }
    permit(access, account.as_ref(), state.access.read_open)?;
    if write && access != Access::Public {
        refuse_until_admin(&state).await?;
    }
    // The URI as the client sent it (inside `/api` the router sees it without the prefix).
    let uri = request
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| request.uri().clone(), |original| original.0.clone());
    let request_line = match uri.query() {
        Some(query) => format!("{method} {}?{query}", uri.path()),
        None => format!("{method} {}", uri.path()),
    };
    request.extensions_mut().insert(Caller {
        account,
        via,
        address,
        request: request_line,
    });
    Ok(next.run(request).await)
}

/// Refuses a write a page on another site could have sent.
fn refuse_cross_site(config: &AccessConfig, headers: &HeaderMap) -> Result<(), ApiError> {
    if let Some(site) = headers.get("sec-fetch-site")
        && !matches!(site.to_str(), Ok("same-origin" | "none"))
    {
        return Err(ApiError::forbidden(
            "Sec-Fetch-Site",
            "拒绝来自其他网站的写入请求".to_owned(),
        ));
    }
    if let Some(origin) = headers.get(ORIGIN) {
        let host = headers
            .get(HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !origin
            .to_str()
            .is_ok_and(|origin| config.same_origin(origin, host))
        {
            return Err(ApiError::forbidden(
                "Origin",
                "拒绝来自其他网站的写入请求".to_owned(),
            ));
        }
    }
    Ok(())
}

/// Refuses a body whose type the route does not take.
fn refuse_body_type(headers: &HeaderMap, bodies: &[&str]) -> Result<(), ApiError> {
    let sent = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let essence = sent
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if bodies.contains(&essence.as_str()) {
        Ok(())
    } else {
        Err(ApiError::UnsupportedType(format!(
            "写入请求的 Content-Type 必须是 {}（收到：{}）",
            bodies.join(" 或 "),
            if sent.is_empty() { "无" } else { sent }
        )))
    }
}

/// The caller's account from an API token or the session cookie.
async fn identify(
    state: &AppState,
    headers: &HeaderMap,
    cookie: CookiePolicy,
) -> Result<(Option<StoredAccount>, Via), ApiError> {
    if let Some(authorization) = headers.get(AUTHORIZATION) {
        let token = authorization
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .unwrap_or_default()
            .to_owned();
        let account = state.store.token_account(&secret::digest(&token)).await?;
        return match account.filter(|a| !a.disabled) {
            Some(account) => Ok((Some(account), Via::Token)),
            None => Err(ApiError::Unauthorized("API 令牌无效或已停用".to_owned())),
        };
    }
    let Some(value) = cookie.read(headers) else {
        return Ok((None, Via::Anonymous));
    };
    let digest = secret::digest(&value);
    let now = session::now();
    let found = state.store.session(&digest).await?;
    let found = match found {
        Some(s) if session::expired(s.created_at, s.last_seen_at, now) => {
            state
                .store
                .end_session(&digest, now - session::IDLE, now - session::ABSOLUTE)
                .await?;
            None
        }
        Some(s) if now - s.last_seen_at > session::REFRESH_AFTER => {
            state.store.touch_session(&digest, now).await;
            Some(s)
        }
        other => other,
    };
    Ok(match found.filter(|s| !s.account.disabled) {
        Some(session) => (Some(session.account), Via::Session(value)),
        None => (None, Via::Anonymous),
    })
}

/// Whether an account of this role (or none) may call a route of this access.
fn permit(
    access: Access,
    account: Option<&StoredAccount>,
    read_open: bool,
) -> Result<(), ApiError> {
    let role = account.map(|a| a.role);
    let allowed = match access {
        Access::Public => true,
        Access::Read => read_open || role.is_some(),
        Access::Signed => role.is_some(),
        Access::Edit => role.is_some_and(Role::can_edit),
        Access::Admin => role == Some(Role::Admin),
    };
    match (allowed, role) {
        (true, _) => Ok(()),
        (false, None) => Err(ApiError::Unauthorized(
            "请先登录（会话可能已过期）".to_owned(),
        )),
        (false, Some(role)) => Err(ApiError::Forbidden(
            format!("“{}”角色的账号无权进行此操作", role.label()),
            vec![],
        )),
    }
}

/// Refuses writes while the server waits for its first admin (checking again each time, so the
/// admin `fundlens user add` creates counts at once).
async fn refuse_until_admin(state: &AppState) -> Result<(), ApiError> {
    if !state.access.awaiting_admin.load(Ordering::Relaxed) {
        return Ok(());
    }
    if state.store.has_admin().await? {
        state.access.awaiting_admin.store(false, Ordering::Relaxed);
        tracing::info!("an admin account exists now: writes are accepted");
        Ok(())
    } else {
        Err(ApiError::NoAdmin)
    }
}

/// The `Host` check and the security headers, for every response of the server.
pub(crate) async fn host_and_headers(
    State(config): State<Arc<AccessConfig>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| request.uri().authority().map(|a| a.as_str().to_owned()));
    let api = request.uri().path().starts_with("/api");
    let mut response = match host {
        Some(host) if config.host_allowed(&host) => next.run(request).await,
        other => ApiError::WrongHost(format!(
            "主机名“{}”不是本服务器的地址；请用 IP 地址、localhost 或 --public-url 给出的地址访问",
            other.unwrap_or_default()
        ))
        .into_response(),
    };
    security_headers(response.headers_mut(), config.cookie().secure, api);
    response
}

/// The headers every response carries: the content security policy (scripts only from this
/// server plus the wasm loader, nothing framed, no plugins), `nosniff`, no referrer to other
/// sites, HSTS behind https, and for API answers `private, no-cache` where an `ETag` lets the
/// browser revalidate, else `no-store` (they may be private).
fn security_headers(headers: &mut HeaderMap, https: bool, api: bool) {
    if let Ok(policy) = HeaderValue::from_str(crate::web_assets::content_security_policy()) {
        headers.insert(CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    if https {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if api {
        // Answers with an `ETag` (kept per data generation) are revalidated, never reused
        // unasked; every other API answer is not stored at all.
        let rule = if headers.contains_key(ETAG) {
            "private, no-cache"
        } else {
            "no-store"
        };
        headers.insert(CACHE_CONTROL, HeaderValue::from_static(rule));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(bind: &str, public_url: Option<&str>) -> AccessConfig {
        AccessConfig::new(bind.parse().expect("address"), public_url, false).expect("config")
    }

    #[test]
    fn hosts_are_ip_addresses_localhost_or_the_public_url() {
        let local = config("127.0.0.1:8080", None);
        assert!(local.read_open);
        assert!(local.host_allowed("127.0.0.1:8080"));
        assert!(local.host_allowed("localhost:8080"));
        assert!(local.host_allowed("[::1]:8080"));
        assert!(!local.host_allowed("evil.example:8080"), "DNS rebinding");
        let public = config("0.0.0.0:8080", Some("https://fundlens.czj.example"));
        assert!(!public.read_open);
        assert!(public.cookie().secure);
        assert!(public.host_allowed("fundlens.czj.example"));
        assert!(public.host_allowed("FUNDLENS.czj.example:443"));
        assert!(!public.host_allowed("fundlens.czj.example.evil.example"));
    }

    #[test]
    fn origins_must_be_this_server() {
        let local = config("127.0.0.1:8080", None);
        assert!(local.same_origin("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assert!(!local.same_origin("http://evil.example", "127.0.0.1:8080"));
        assert!(!local.same_origin("null", "127.0.0.1:8080"));
        assert!(!local.same_origin("http://127.0.0.1:9999", "127.0.0.1:8080"));
        let public = config("0.0.0.0:8080", Some("https://fundlens.czj.example"));
        assert!(public.same_origin("https://fundlens.czj.example", "10.0.0.5:8080"));
    }

    #[test]
    fn unmatched_writes_are_for_admins_and_unmatched_reads_for_readers() {
        let (_, rules) = super::super::routes::table().into_parts();
        assert_eq!(
            rule_for(&rules, &Method::POST, "/something-new").0,
            Access::Admin
        );
        assert_eq!(
            rule_for(&rules, &Method::PUT, "/evaluations").0,
            Access::Admin
        );
        assert_eq!(
            rule_for(&rules, &Method::GET, "/something-new").0,
            Access::Read
        );
        assert_eq!(
            rule_for(&rules, &Method::POST, "/evaluations").0,
            Access::Edit
        );
        assert_eq!(rule_for(&rules, &Method::HEAD, "/audit").0, Access::Admin);
    }
}
