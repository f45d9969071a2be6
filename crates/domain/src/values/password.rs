use super::Invalid;

/// A new password that meets the policy: at least 8 characters mixing at least three of
/// lower case, upper case, digits and other characters (CNIL's recommendation for accounts
/// protected by throttling), at most 128 characters. The value never appears in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

const TOO_WEAK: Invalid = Invalid {
    code: "weak_password",
    message: "Le mot de passe doit faire au moins 8 caractères et mélanger au moins 3 types : \
              minuscules, majuscules, chiffres, caractères spéciaux.",
};
const TOO_LONG: Invalid = Invalid {
    code: "password_too_long",
    message: "Le mot de passe ne peut pas dépasser 128 caractères.",
};

impl NewPassword {
    /// Checks the policy.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        if raw.is_empty() {
            return Err(Invalid::REQUIRED);
        }
        let length = raw.chars().count();
        if length > 128 {
            return Err(TOO_LONG);
        }
        let kinds = [
            raw.chars().any(char::is_lowercase),
            raw.chars().any(char::is_uppercase),
            raw.chars().any(|c| c.is_ascii_digit()),
            raw.chars().any(|c| !c.is_alphanumeric()),
        ];
        if length < 8 || kinds.iter().filter(|k| **k).count() < 3 {
            return Err(TOO_WEAK);
        }
        Ok(Self(raw.to_owned()))
    }

    /// The clear-text password, to be hashed.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// Validator hook for a new password field.
pub fn validate_new_password(value: &str) -> Result<(), validator::ValidationError> {
    NewPassword::parse(value)
        .map(|_| ())
        .map_err(crate::validation::to_validation_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_three_kinds_of_characters() {
        assert!(NewPassword::parse("Passerelle2026").is_ok());
        assert!(NewPassword::parse("passerelle-2026").is_ok());
        assert!(NewPassword::parse("MOTDEPASSE!9").is_ok());
    }

    #[test]
    fn refuses_short_or_uniform_passwords() {
        assert_eq!(
            NewPassword::parse("Ab1!").unwrap_err().code,
            "weak_password"
        );
        assert_eq!(
            NewPassword::parse("motdepasseeeee").unwrap_err().code,
            "weak_password"
        );
        assert_eq!(
            NewPassword::parse("Motdepasse").unwrap_err().code,
            "weak_password"
        );
        assert_eq!(NewPassword::parse("").unwrap_err().code, "required");
        assert_eq!(
            NewPassword::parse(&"Aa1".repeat(50)).unwrap_err().code,
            "password_too_long"
        );
    }

    #[test]
    fn debug_hides_the_secret() {
        let p = NewPassword::parse("Secret-2026").unwrap();
        assert!(!format!("{p:?}").contains("Secret"));
    }
}
