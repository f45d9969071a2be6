//! What the file rules need from the reference data (communes), kept out of the storage crate.

use domain::FieldError;
use domain::dto::YouthDetail;
use domain::file::{FileField, YouthFileData};
use domain::values::Invalid;

const UNKNOWN_COMMUNE: Invalid = Invalid {
    code: "unknown_commune",
    message: "Commune inconnue : choisissez-la dans la liste.",
};
const UNKNOWN_POSTCODE: Invalid = Invalid {
    code: "unknown_postal_code",
    message: "Ce code postal n'existe pas : vérifiez-le.",
};
const COMMUNE_POSTCODE: Invalid = Invalid {
    code: "commune_postcode_mismatch",
    message: "Cette commune ne correspond pas au code postal : choisissez-la dans la liste.",
};

/// The name of a commune from its INSEE code.
pub fn commune_name(insee: &str) -> Option<String> {
    referentiel::communes()
        .by_insee(insee)
        .map(|c| c.name.clone())
}

/// Checks that the communes of a file exist and match its postcode.
pub fn check_places(data: &YouthFileData) -> Vec<FieldError> {
    let communes = referentiel::communes();
    let mut errors = Vec::new();
    if let Some(code) = &data.birth_commune
        && communes.by_insee(code).is_none()
    {
        errors.push(UNKNOWN_COMMUNE.at(FileField::BirthCommune.code()));
    }
    if let Some(postcode) = &data.postcode
        && communes.by_postcode(postcode).is_empty()
    {
        errors.push(UNKNOWN_POSTCODE.at(FileField::Postcode.code()));
    }
    if let Some(code) = &data.commune {
        match communes.by_insee(code) {
            None => errors.push(UNKNOWN_COMMUNE.at(FileField::Commune.code())),
            Some(commune) => {
                if let Some(postcode) = &data.postcode
                    && !commune.postcodes.iter().any(|p| p == postcode)
                    && !communes.by_postcode(postcode).is_empty()
                {
                    errors.push(COMMUNE_POSTCODE.at(FileField::Commune.code()));
                }
            }
        }
    }
    errors
}

/// Adds the commune names to a file.
pub fn with_names(mut detail: YouthDetail) -> YouthDetail {
    detail.commune_name = detail.data.commune.as_deref().and_then(commune_name);
    detail.birth_commune_name = detail.data.birth_commune.as_deref().and_then(commune_name);
    detail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn communes_must_exist_and_match_the_postcode() {
        let mut data = YouthFileData {
            postcode: Some("59100".into()),
            commune: Some("59512".into()),
            ..YouthFileData::default()
        };
        assert!(check_places(&data).is_empty());
        data.commune = Some("59350".into());
        assert_eq!(check_places(&data)[0].code, "commune_postcode_mismatch");
        data.commune = Some("59999".into());
        assert_eq!(check_places(&data)[0].code, "unknown_commune");
        data.postcode = Some("00001".into());
        data.commune = None;
        assert_eq!(check_places(&data)[0].code, "unknown_postal_code");
    }
}
