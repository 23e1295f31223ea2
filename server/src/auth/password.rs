//! Passwords: argon2id with the crate's default cost (19 MiB, 2 passes — OWASP's minimum
//! recommendation), stored as PHC strings that carry their own parameters and salt. At most
//! [`MAX_CONCURRENT`] hashes run at once, so a burst of logins cannot take every core and
//! hundreds of megabytes. A login for an unknown name still verifies against a dummy hash, so
//! timing does not tell which names exist.

use std::sync::{Condvar, LazyLock, Mutex, PoisonError};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Shortest password accepted.
pub const MIN_LENGTH: usize = 10;
/// Longest password accepted, in bytes (hashing cost grows with the input).
pub const MAX_BYTES: usize = 256;
/// Hashes computed at the same time, at most.
const MAX_CONCURRENT: usize = 2;

/// Why a password could not be hashed.
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// The argon2id PHC string of `password` with a fresh random salt.
///
/// # Errors
/// When the system's random source fails.
pub fn hash(password: &str) -> Result<String, HashError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| HashError(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| HashError(e.to_string()))?;
    let _permit = Permit::take();
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Whether `password` matches the PHC string `stored`; `None` for `stored` verifies against a
/// dummy hash (same cost) and is always false.
pub fn verify(stored: Option<&str>, password: &str) -> bool {
    static DUMMY: LazyLock<String> =
        LazyLock::new(|| hash("not a password of any account").unwrap_or_default());
    let (phc, real) = match stored {
        Some(phc) => (phc, true),
        None => (DUMMY.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    if password.len() > MAX_BYTES {
        return false;
    }
    let _permit = Permit::take();
    let matches = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    real && matches
}

/// The rules for a new password, as the message a person reads when it breaks one.
///
/// # Errors
/// The rule broken, in Chinese.
pub fn check_new(name: &str, password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_LENGTH {
        return Err(format!("密码至少需要 {MIN_LENGTH} 个字符"));
    }
    if password.len() > MAX_BYTES {
        return Err(format!("密码不能超过 {MAX_BYTES} 字节"));
    }
    if password.trim() == name.trim() {
        return Err("密码不能与账号名相同".to_owned());
    }
    Ok(())
}

/// The rules for a name (of an account, a region), `what` naming it in the message.
///
/// # Errors
/// The rule broken, in Chinese.
pub fn check_name(what: &str, name: &str) -> Result<(), String> {
    if name.trim().is_empty() || name.trim() != name {
        return Err(format!("{what}不能为空，首尾不能有空格"));
    }
    if name.chars().count() > 64 {
        return Err(format!("{what}不能超过 64 个字符"));
    }
    if name.chars().any(char::is_control) {
        return Err(format!("{what}不能含控制字符"));
    }
    Ok(())
}

/// One of the [`MAX_CONCURRENT`] hashing slots, released when dropped.
struct Permit;

static SLOTS: Mutex<usize> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

impl Permit {
    fn take() -> Self {
        let mut busy = SLOTS.lock().unwrap_or_else(PoisonError::into_inner);
        while *busy >= MAX_CONCURRENT {
            busy = FREED.wait(busy).unwrap_or_else(PoisonError::into_inner);
        }
        *busy += 1;
        Self
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut busy = SLOTS.lock().unwrap_or_else(PoisonError::into_inner);
        *busy -= 1;
        FREED.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only_and_unknown_accounts_never_verify() {
        let stored = hash("correct horse battery").expect("hashes");
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify(Some(&stored), "correct horse battery"));
        assert!(!verify(Some(&stored), "correct horse batterz"));
        assert!(!verify(None, "correct horse battery"));
        assert_ne!(
            stored,
            hash("correct horse battery").expect("hashes"),
            "salted"
        );
    }

    #[test]
    fn short_passwords_and_the_name_itself_are_refused() {
        assert!(check_new("zhang", "short").is_err());
        assert!(check_new("zhangsan123", "zhangsan123").is_err());
        assert!(check_new("zhang", "a long enough secret").is_ok());
        assert!(check_name("账号名", " 张三").is_err());
        assert!(check_name("账号名", "张三").is_ok());
    }
}
