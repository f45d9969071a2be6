use super::{Invalid, string_value};

/// An e-mail address, trimmed and lower-cased. The check is deliberately small (no regex, so
/// the browser bundle stays light): one `@`, a plausible local part, a dotted domain.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

const INVALID: Invalid = Invalid {
    code: "invalid_email",
    message: "Adresse e-mail invalide : vérifiez qu'elle a la forme prenom.nom@exemple.fr.",
};

impl EmailAddress {
    /// Parses and normalises an address.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(Invalid::REQUIRED);
        }
        if value.chars().count() > 254 {
            return Err(INVALID);
        }
        let (local, domain) = value.split_once('@').ok_or(INVALID)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.chars().count() >= 2);
        if local_ok && domain_ok {
            Ok(Self(value))
        } else {
            Err(INVALID)
        }
    }
}

string_value!(EmailAddress, validate_email);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_spaces() {
        let e = EmailAddress::parse("  Lea.Martin@Exemple.FR ").unwrap();
        assert_eq!(e.as_str(), "lea.martin@exemple.fr");
    }

    #[test]
    fn accepts_common_shapes() {
        for ok in [
            "a@b.fr",
            "jean-paul+ml@mission-locale.org",
            "élodie@exemple.fr",
            "x_y@sub.domaine.gouv.fr",
        ] {
            assert!(EmailAddress::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in [
            "",
            "sans-arobase",
            "a@b",
            "a@.fr",
            "@exemple.fr",
            "a..b@exemple.fr",
            "a@exemple..fr",
            "a b@exemple.fr",
            "a@exemple.f",
            "a@-x.fr",
            "a@b@c.fr",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(EmailAddress::parse(" ").unwrap_err().code, "required");
        assert_eq!(EmailAddress::parse("x").unwrap_err().code, "invalid_email");
    }

    #[test]
    fn deserialising_parses() {
        let e: EmailAddress = serde_json::from_str("\"A@B.FR\"").unwrap();
        assert_eq!(e.as_str(), "a@b.fr");
        assert!(serde_json::from_str::<EmailAddress>("\"nope\"").is_err());
    }
}
