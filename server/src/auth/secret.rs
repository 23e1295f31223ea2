//! Random secrets: session cookies and API tokens are 32 random bytes (base64url); the store
//! keeps only their SHA-256 digests, so a copy of the database opens no session. A session's
//! CSRF token is derived from its cookie, so it needs no storage and dies with the session.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Prefix of API tokens, so a leaked one is recognisable in logs and scanners.
pub const TOKEN_PREFIX: &str = "fl_";

/// A new random secret (43 base64url characters).
///
/// # Errors
/// When the system's random source fails.
pub fn random() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// The digest the store keeps for a secret.
pub fn digest(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// The CSRF token of the session whose cookie is `session`.
pub fn csrf_token(session: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"fundlens csrf\x1f");
    hasher.update(session.as_bytes());
    URL_SAFE_NO_PAD.encode(hasher.finalize())
}

/// Compares two secrets in time independent of where they differ.
pub fn same(a: &str, b: &str) -> bool {
    let (a, b) = (digest(a), digest(b));
    a.iter().zip(&b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_csrf_tokens_belong_to_their_session() {
        let (a, b) = (random().expect("random"), random().expect("random"));
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(csrf_token(&a), csrf_token(&a));
        assert_ne!(csrf_token(&a), csrf_token(&b));
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &b));
    }
}
