use super::{Invalid, string_value};

/// A French phone number, stored in international form (`+33612345678`). Accepts
/// `06 12 34 56 78`, `06.12.34.56.78`, `+33 6 12 34 56 78` and `0033…`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

const INVALID: Invalid = Invalid {
    code: "invalid_phone",
    message: "Numéro de téléphone invalide : 10 chiffres, par exemple 06 12 34 56 78.",
};

impl PhoneNumber {
    /// Parses and normalises a number.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let compact: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
            .collect();
        if compact.is_empty() {
            return Err(Invalid::REQUIRED);
        }
        let national = if let Some(rest) = compact.strip_prefix("+33") {
            rest
        } else if let Some(rest) = compact.strip_prefix("0033") {
            rest
        } else if let Some(rest) = compact.strip_prefix('0') {
            rest
        } else {
            return Err(INVALID);
        };
        let ok = national.len() == 9
            && national.bytes().all(|b| b.is_ascii_digit())
            && !national.starts_with('0');
        if ok {
            Ok(Self(format!("+33{national}")))
        } else {
            Err(INVALID)
        }
    }

    /// The number written the French way: `06 12 34 56 78`.
    pub fn national(&self) -> String {
        let digits = format!("0{}", &self.0[3..]);
        digits
            .as_bytes()
            .chunks(2)
            .map(|pair| String::from_utf8_lossy(pair).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

string_value!(PhoneNumber, validate_phone);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_french_numbers() {
        for raw in [
            "06 12 34 56 78",
            "06.12.34.56.78",
            "+33 6 12 34 56 78",
            "0033612345678",
        ] {
            let phone = PhoneNumber::parse(raw).unwrap();
            assert_eq!(phone.as_str(), "+33612345678");
            assert_eq!(phone.national(), "06 12 34 56 78");
        }
        for bad in ["0612", "6123456789", "+3306123456789", "06123456ab"] {
            assert!(PhoneNumber::parse(bad).is_err(), "{bad}");
        }
    }
}
