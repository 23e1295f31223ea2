//! Sign-in and sign-out. `POST /api/login` checks the password (slowed after repeated failures
//! of the account or the address, one message for a wrong name or a wrong password), starts a
//! session with a fresh random cookie, and answers as `GET /api/me` does, with the session's
//! CSRF token. Every attempt, failed or not, goes into the audit log.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use fundlens_shared::account::{Account, LoginRequest, Me};

use super::access::{Caller, Via};
use super::{ApiError, AppState, blocking, body};
use crate::auth::{password, secret, session};
use fundlens_store::StoredAccount;
use fundlens_store::{Change, Scope};

fn account_of(stored: &StoredAccount) -> Account {
    Account {
        name: stored.name.clone(),
        role: stored.role,
        region: stored.region.clone(),
    }
}

/// `GET /api/me`.
pub(crate) async fn me(State(state): State<AppState>, caller: Caller) -> Json<Me> {
    Json(Me {
        account: caller.account.as_ref().map(account_of),
        csrf_token: match &caller.via {
            Via::Session(value) => Some(secret::csrf_token(value)),
            Via::Anonymous | Via::Token => None,
        },
        read_open: state.access.read_open,
    })
}

/// `POST /api/login` with `{name, password}`.
pub(crate) async fn login(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let request: LoginRequest = body::json(body).await?;
    let wait = state.throttle.wait(&request.name, caller.address).await?;
    if !wait.is_zero() {
        return Err(ApiError::TooManyAttempts(wait));
    }
    let cookie = state.access.cookie();
    let previous = cookie.read(&headers);
    let change = Change {
        actor: request.name.clone(),
        address: caller.address.to_string(),
        origin: caller.request.clone(),
        scope: Scope::Everywhere,
    };
    // Counted as failed before the password is checked, so parallel attempts cannot all slip
    // through before the first failure is counted; a success clears it.
    state.throttle.failed(&request.name, caller.address).await?;
    let account = state
        .store
        .account(&request.name)
        .await?
        .filter(|a| !a.disabled);
    let stored = account.as_ref().map(|a| a.password_hash.clone());
    let password = request.password.clone();
    let verified = blocking(move || Ok(password::verify(stored.as_deref(), &password))).await?;
    let account = match account {
        Some(account) if verified => account,
        _ => {
            if !verified {
                state
                    .store
                    .record_event(
                        &change,
                        "login_failed",
                        format!("user {}", request.name),
                        String::new(),
                    )
                    .await?;
            }
            return Err(ApiError::Unauthorized("用户名或密码错误".to_owned()));
        }
    };
    let value = secret::random().map_err(|e| ApiError::Internal(e.to_string()))?;
    let now = session::now();
    if let Some(previous) = previous {
        state
            .store
            .end_session(
                &secret::digest(&previous),
                now - session::IDLE,
                now - session::ABSOLUTE,
            )
            .await?;
    }
    state
        .store
        .start_session(&secret::digest(&value), &account, now, &change)
        .await?;
    state
        .throttle
        .succeeded(&account.name, caller.address)
        .await?;
    let me = Me {
        account: Some(account_of(&account)),
        csrf_token: Some(secret::csrf_token(&value)),
        read_open: state.access.read_open,
    };
    let mut response = (StatusCode::OK, Json(me)).into_response();
    if let Ok(cookie) = HeaderValue::from_str(&cookie.start(&value)) {
        response.headers_mut().insert(SET_COOKIE, cookie);
    }
    Ok(response)
}

/// `POST /api/logout`: ends the session and clears the cookie.
pub(crate) async fn logout(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Response, ApiError> {
    if let Via::Session(value) = &caller.via {
        let digest = secret::digest(value);
        let change = caller.change();
        let target = format!("user {}", change.actor);
        let now = session::now();
        state
            .store
            .end_session(&digest, now - session::IDLE, now - session::ABSOLUTE)
            .await?;
        state
            .store
            .record_event(&change, "logout", target, String::new())
            .await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(cookie) = HeaderValue::from_str(&state.access.cookie().clear()) {
        response.headers_mut().insert(SET_COOKIE, cookie);
    }
    Ok(response)
}
