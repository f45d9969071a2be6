use super::{Invalid, string_value};

/// A commune's INSEE code (code officiel géographique): five characters, digits, or `2A`/`2B`
/// followed by three digits for Corsica. Overseas communes start with 97.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InseeCode(String);

/// A French postcode: five digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PostalCode(String);

const INVALID_INSEE: Invalid = Invalid {
    code: "invalid_insee_code",
    message: "Code INSEE invalide : 5 caractères, par exemple 59512 ou 2A004.",
};
const INVALID_POSTAL: Invalid = Invalid {
    code: "invalid_postal_code",
    message: "Code postal invalide : 5 chiffres, par exemple 59100.",
};

impl InseeCode {
    /// Parses an INSEE code (upper-cases the Corsican letter).
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let value = raw.trim().to_uppercase();
        if value.is_empty() {
            return Err(Invalid::REQUIRED);
        }
        let bytes = value.as_bytes();
        let ok = bytes.len() == 5
            && (bytes.iter().all(u8::is_ascii_digit)
                || (bytes.starts_with(b"2A") || bytes.starts_with(b"2B"))
                    && bytes[2..].iter().all(u8::is_ascii_digit))
            && &value != "00000";
        if ok {
            Ok(Self(value))
        } else {
            Err(INVALID_INSEE)
        }
    }

    /// The département code: `59`, `2A`, or three digits overseas (`974`).
    pub fn departement(&self) -> &str {
        if self.0.starts_with("97") {
            &self.0[..3]
        } else {
            &self.0[..2]
        }
    }
}

impl PostalCode {
    /// Parses a postcode.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let value: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if value.is_empty() {
            return Err(Invalid::REQUIRED);
        }
        let ok = value.len() == 5
            && value.bytes().all(|b| b.is_ascii_digit())
            && !value.starts_with("00");
        if ok {
            Ok(Self(value))
        } else {
            Err(INVALID_POSTAL)
        }
    }
}

string_value!(InseeCode, validate_insee_code);
string_value!(PostalCode, validate_postal_code);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insee_codes() {
        assert_eq!(InseeCode::parse("59512").unwrap().departement(), "59");
        assert_eq!(InseeCode::parse("2a004").unwrap().as_str(), "2A004");
        assert_eq!(InseeCode::parse("2A004").unwrap().departement(), "2A");
        assert_eq!(InseeCode::parse("97411").unwrap().departement(), "974");
        for bad in ["5951", "595122", "2C004", "ABCDE", "00000"] {
            assert!(InseeCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn postal_codes() {
        assert_eq!(PostalCode::parse("59 100").unwrap().as_str(), "59100");
        for bad in ["5910", "591000", "00100", "59A00"] {
            assert!(PostalCode::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(PostalCode::parse("").unwrap_err().code, "required");
    }
}
