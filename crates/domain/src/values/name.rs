use super::{Invalid, string_value};

/// A person's first or last name: letters (accents included), spaces, hyphens, apostrophes
/// and dots; inner spaces collapsed; 1 to 80 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PersonName(String);

const INVALID: Invalid = Invalid {
    code: "invalid_name",
    message: "Saisissez un nom en lettres (espaces, tirets et apostrophes acceptés).",
};
const TOO_LONG: Invalid = Invalid {
    code: "too_long",
    message: "Ce nom est trop long (80 caractères au plus).",
};

impl PersonName {
    /// Parses and normalises a name.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let value = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if value.is_empty() {
            return Err(Invalid::REQUIRED);
        }
        if value.chars().count() > 80 {
            return Err(TOO_LONG);
        }
        let allowed = |c: char| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’' | '.');
        if value.chars().all(allowed) && value.chars().any(char::is_alphabetic) {
            Ok(Self(value))
        } else {
            Err(INVALID)
        }
    }
}

string_value!(PersonName, validate_person_name);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_accents_hyphens_and_apostrophes() {
        assert_eq!(
            PersonName::parse("  Anne-Sophie ").unwrap().as_str(),
            "Anne-Sophie"
        );
        assert_eq!(PersonName::parse("N'Diaye").unwrap().as_str(), "N'Diaye");
        assert_eq!(
            PersonName::parse("de   La Fontaine").unwrap().as_str(),
            "de La Fontaine"
        );
        assert!(PersonName::parse("Éloïse").is_ok());
    }

    #[test]
    fn refuses_digits_symbols_and_blanks() {
        assert_eq!(PersonName::parse("Jean2").unwrap_err().code, "invalid_name");
        assert_eq!(
            PersonName::parse("<script>").unwrap_err().code,
            "invalid_name"
        );
        assert_eq!(PersonName::parse("---").unwrap_err().code, "invalid_name");
        assert_eq!(PersonName::parse("  ").unwrap_err().code, "required");
        assert_eq!(
            PersonName::parse(&"a".repeat(81)).unwrap_err().code,
            "too_long"
        );
    }
}
