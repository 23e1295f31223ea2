//! Who the caller is: passwords (argon2id), the random secrets behind session cookies, API
//! tokens and CSRF tokens, session lifetimes, and the slowing of failed logins. What each role
//! may do is decided by the API's access layer (`crate::api::access`); this module only
//! establishes identity.
//!
//! # Layout
//! - [`password`]: hashing, verifying, and the rules for a new password and account name.
//! - [`secret`]: random tokens and their digests.
//! - [`session`]: the session cookie and its idle and absolute limits.
//! - [`throttle`]: failed logins slowed per account and per address.

pub mod password;
pub mod secret;
pub mod session;
pub mod throttle;
