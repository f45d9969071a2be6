//! The OpenAPI 3.1 document, collected from the handlers' `#[utoipa::path]` annotations.
//! `api-spec/openapi.json` is a committed copy; a test fails when the two drift.

use actix_web::App;
use domain::{ErrorBody, ErrorCode, FieldError};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt as _;

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Passerelle API",
        description = "REST API of Passerelle, the information system of the Missions Locales. \
            JSON over HTTPS under `/api/v1`; UUID ids; RFC 3339 dates; paginated lists; one error \
            envelope `{code, message, fields}` with stable snake_case codes and French messages. \
            Conventions: `docs/API-DESIGN.md`.",
        license(name = "AGPL-3.0-or-later")
    ),
    modifiers(&BearerAuth),
    components(schemas(ErrorBody, FieldError, ErrorCode)),
    tags(
        (name = "system", description = "Liveness and readiness"),
        (name = "auth", description = "Login, sessions, invitations, password reset"),
        (name = "structures", description = "Missions Locales, their sites and communes"),
        (name = "staff", description = "The team of a Mission Locale"),
        (name = "youths", description = "Young people's files: portfolio, changes and history, duplicates and merge, transfer, RGPD export"),
        (name = "accompaniment", description = "Diagnostic, synthesis, action plan, CEJ and PACEA contracts, CEJ hours, interviews, recap and bilan documents"),
        (name = "agenda", description = "Agendas, opening hours, booking \"like Doctolib\", appointments, messages and reminders, calendar (.ics) feeds"),
        (name = "workshops", description = "Workshops: registration with a waiting list, attendance, feedback"),
        (name = "preregistrations", description = "Online pre-registration (public) and the reception inbox"),
        (name = "partners", description = "Partner organisations: directory, record, life cycle, history of exchanges, letters"),
        (name = "offers", description = "Service and job offers, their sessions and places, matching both ways, the map"),
        (name = "referrals", description = "Referrals of young people to offers, with every step, messages and documents"),
        (name = "audit", description = "The audit log"),
        (name = "reference", description = "Public reference data: communes and countries")
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The whole document.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    api
}

/// The document as committed in `api-spec/openapi.json`.
pub fn document_json() -> anyhow::Result<String> {
    Ok(format!("{}\n", document().to_pretty_json()?))
}
