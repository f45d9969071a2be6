use super::{Invalid, string_value};

/// A SIRET establishment number: 14 digits whose Luhn key is valid, or, for La Poste
/// (SIREN 356000000), whose digits sum to a multiple of 5. Spaces are ignored.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Siret(String);

const INVALID: Invalid = Invalid {
    code: "invalid_siret",
    message: "Numéro SIRET invalide : 14 chiffres, vérifiez qu'il n'y a pas d'erreur de saisie.",
};
const LA_POSTE_SIREN: &str = "356000000";

fn luhn_valid(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

impl Siret {
    /// Parses a SIRET.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let value: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if value.is_empty() {
            return Err(Invalid::REQUIRED);
        }
        let digits: Vec<u32> = value.chars().filter_map(|c| c.to_digit(10)).collect();
        if digits.len() != 14 || value.len() != 14 {
            return Err(INVALID);
        }
        let valid = luhn_valid(&digits)
            || (value.starts_with(LA_POSTE_SIREN) && digits.iter().sum::<u32>().is_multiple_of(5));
        if valid { Ok(Self(value)) } else { Err(INVALID) }
    }

    /// The SIREN of the legal unit (first nine digits).
    pub fn siren(&self) -> &str {
        &self.0[..9]
    }
}

string_value!(Siret, validate_siret);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_and_la_poste() {
        assert_eq!(
            Siret::parse("732 829 320 00074").unwrap().siren(),
            "732829320"
        );
        assert!(
            Siret::parse("35600000000048").is_ok(),
            "La Poste head office, plain Luhn"
        );
        assert!(
            Siret::parse("35600000049837").is_ok(),
            "La Poste establishment"
        );
        assert!(Siret::parse("73282932000075").is_err(), "wrong key");
        assert!(Siret::parse("7328293200007").is_err(), "13 digits");
        assert!(Siret::parse("7328293200007A").is_err());
    }
}
