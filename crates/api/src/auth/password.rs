//! Password hashing with Argon2id.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use domain::values::NewPassword;

/// Hashes and verifies passwords. Hashing is CPU-bound: call it from `spawn_blocking`.
#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    /// A hash to verify against when no account matches, so that a missing account takes
    /// as long to refuse as a wrong password.
    dummy_hash: String,
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordHasher")
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

impl PasswordHasher {
    /// A hasher with these Argon2id costs.
    pub fn new(memory_kib: u32, iterations: u32) -> anyhow::Result<Self> {
        let params = Params::new(memory_kib, iterations, 1, None)
            .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
        let mut hasher = Self {
            params,
            dummy_hash: String::new(),
        };
        hasher.dummy_hash = hasher.hash_str("passerelle-dummy-password")?;
        Ok(hasher)
    }

    fn argon(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    fn hash_str(&self, password: &str) -> anyhow::Result<String> {
        let salt = SaltString::generate(&mut OsRng);
        self.argon()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("argon2 hashing: {e}"))
    }

    /// Hashes a new password (PHC string).
    pub fn hash(&self, password: &NewPassword) -> anyhow::Result<String> {
        self.hash_str(password.expose())
    }

    /// Hashes a password that is trusted to meet the policy (demo data).
    pub fn hash_trusted(&self, password: &str) -> anyhow::Result<String> {
        self.hash_str(password)
    }

    /// Whether `candidate` matches `stored`; with no stored hash, spends the same time and
    /// answers no.
    pub fn verify(&self, stored: Option<&str>, candidate: &str) -> bool {
        let hash = stored.unwrap_or(&self.dummy_hash);
        let matches = PasswordHash::new(hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(candidate.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        matches && stored.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let hasher = PasswordHasher::new(1024, 1).unwrap();
        let password = NewPassword::parse("Passerelle-2026").unwrap();
        let a = hasher.hash(&password).unwrap();
        let b = hasher.hash(&password).unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("$argon2id$"));
        assert!(hasher.verify(Some(&a), "Passerelle-2026"));
        assert!(!hasher.verify(Some(&a), "passerelle-2026"));
        assert!(!hasher.verify(None, "passerelle-dummy-password"));
        assert!(!hasher.verify(Some("not a hash"), "x"));
    }
}
