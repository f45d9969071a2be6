//! `/api/v1/reference`: public, read-only reference data (communes of France, countries),
//! compiled into the binary. No authentication: the data are public and the sign-up and
//! address forms need them.

use actix_web::{get, web};
use domain::ErrorBody;
use domain::dto::{CommuneDto, CommuneQuery, CountryDto, non_blank};
use domain::values::{Invalid, PostalCode, countries};
use referentiel::Commune;

use crate::error::{ApiError, ApiResult};
use crate::extract::ApiQuery;

/// At most this many communes in one answer.
const COMMUNE_LIMIT: usize = 20;

/// Neither `postcode` nor `q`.
const POSTCODE_OR_NAME: Invalid = Invalid {
    code: "required",
    message: "Indiquez un code postal (postcode) ou le nom d'une commune (q).",
};

/// Communes by postcode, or matching what the user typed (a name, a postcode or an INSEE code).
#[utoipa::path(
    tag = "reference",
    params(CommuneQuery),
    responses(
        (status = 200, description = "The matching communes, best first (at most 20; empty if none)", body = Vec<CommuneDto>),
        (status = 400, description = "Unreadable query string", body = ErrorBody),
        (status = 422, description = "Neither `postcode` nor `q`, a malformed postcode, or `q` too long", body = ErrorBody)
    )
)]
#[get("/reference/communes")]
pub async fn list_communes(
    ApiQuery(query): ApiQuery<CommuneQuery>,
) -> ApiResult<web::Json<Vec<CommuneDto>>> {
    let communes = referentiel::communes();
    let found = if let Some(postcode) = non_blank(query.postcode.as_deref()) {
        let postcode = PostalCode::parse(postcode).map_err(|e| ApiError::field("postcode", e))?;
        let mut found = communes.by_postcode(postcode.as_str());
        found.truncate(COMMUNE_LIMIT);
        found
    } else if let Some(q) = non_blank(query.q.as_deref()) {
        communes.search(q, COMMUNE_LIMIT)
    } else {
        return Err(ApiError::Validation(vec![
            POSTCODE_OR_NAME.at("postcode"),
            POSTCODE_OR_NAME.at("q"),
        ]));
    };
    Ok(web::Json(found.into_iter().map(commune_dto).collect()))
}

/// Every country and territory with an ISO 3166-1 alpha-2 code, sorted by French name.
#[utoipa::path(
    tag = "reference",
    responses(
        (status = 200, description = "All countries, sorted by French name", body = Vec<CountryDto>)
    )
)]
#[get("/reference/countries")]
pub async fn list_countries() -> web::Json<Vec<CountryDto>> {
    web::Json(
        countries()
            .iter()
            .map(|c| CountryDto {
                code: c.code.to_owned(),
                name: c.name.to_owned(),
                eu: c.eu,
            })
            .collect(),
    )
}

fn commune_dto(commune: &Commune) -> CommuneDto {
    CommuneDto {
        insee: commune.insee.clone(),
        name: commune.name.clone(),
        postcodes: commune.postcodes.clone(),
        departement: commune.departement.clone(),
    }
}
