//! Users and regions, for admins (the access layer lets no one else through): list and add
//! accounts, set a password, disable an account; add a region below an existing one.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use fundlens_shared::account::{NewRegion, NewUser, Role, UserInfo};
use serde::Deserialize;

use super::access::Caller;
use super::error::field_error;
use super::{ApiError, AppState, blocking, body};
use crate::auth::password;

/// `GET /api/users`.
pub(crate) async fn users(State(state): State<AppState>) -> Result<Json<Vec<UserInfo>>, ApiError> {
    Ok(Json(state.store.accounts().await?))
}

/// `POST /api/users` with a [`NewUser`].
pub(crate) async fn add_user(
    State(state): State<AppState>,
    caller: Caller,
    body: Body,
) -> Result<StatusCode, ApiError> {
    let user: NewUser = body::json(body).await?;
    let mut errors = Vec::new();
    if let Err(message) = password::check_name("账号名", &user.name) {
        errors.push(field_error("name", message));
    }
    if let Err(message) = password::check_new(&user.name, &user.password) {
        errors.push(field_error("password", message));
    }
    match (user.role, &user.region) {
        (Role::Editor, None) => {
            errors.push(field_error("region", "填报账号必须指定所属地区".to_owned()))
        }
        (Role::Viewer | Role::Admin, Some(_)) => {
            errors.push(field_error("region", "只有填报账号需要指定地区".to_owned()))
        }
        _ => {}
    }
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let change = caller.change();
    let secret = user.password.clone();
    let hash =
        blocking(move || password::hash(&secret).map_err(|e| ApiError::Internal(e.to_string())))
            .await?;
    state
        .store
        .add_account(
            &user.name,
            user.role,
            user.region.as_deref(),
            &hash,
            &change,
        )
        .await?;
    Ok(StatusCode::CREATED)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewPassword {
    password: String,
}

/// `POST /api/users/{name}/password` with `{password}`: ends the account's sessions.
pub(crate) async fn set_password(
    State(state): State<AppState>,
    caller: Caller,
    Path(name): Path<String>,
    body: Body,
) -> Result<StatusCode, ApiError> {
    let request: NewPassword = body::json(body).await?;
    password::check_new(&name, &request.password)
        .map_err(|message| ApiError::Invalid(vec![field_error("password", message)]))?;
    let change = caller.change();
    let hash = blocking(move || {
        password::hash(&request.password).map_err(|e| ApiError::Internal(e.to_string()))
    })
    .await?;
    state.store.set_password(&name, &hash, &change).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/users/{name}/disable`: the account can no longer sign in; its sessions and
/// tokens stop working. An admin cannot disable itself (the last admin would lock everyone out).
pub(crate) async fn disable_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(name): Path<String>,
) -> Result<StatusCode, ApiError> {
    if caller.account.as_ref().is_some_and(|a| a.name == name) {
        return Err(ApiError::forbidden("name", "不能停用自己的账号".to_owned()));
    }
    let change = caller.change();
    state.store.disable_account(&name, &change).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/regions` with a [`NewRegion`].
pub(crate) async fn add_region(
    State(state): State<AppState>,
    caller: Caller,
    body: Body,
) -> Result<StatusCode, ApiError> {
    let region: NewRegion = body::json(body).await?;
    if let Err(message) = password::check_name("地区名", &region.name) {
        return Err(ApiError::Invalid(vec![field_error("name", message)]));
    }
    let change = caller.change();
    state.store.add_region(&region, &change).await?;
    Ok(StatusCode::CREATED)
}
