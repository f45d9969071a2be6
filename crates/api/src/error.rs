//! The API's one error type, mapped to HTTP statuses and the `{code, message, fields}`
//! envelope. Causes of 5xx errors are logged here, once, and never sent to the client.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use domain::values::Invalid;
use domain::{Denied, ErrorBody, ErrorCode, FieldError};
use storage::{Conflict, StorageError};

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: unreadable body or query; the detail is logged, not returned.
    #[error("malformed request: {0}")]
    MalformedRequest(String),
    /// 422: invalid fields.
    #[error("validation failed on {} field(s)", .0.len())]
    Validation(Vec<FieldError>),
    /// 401: no valid access token.
    #[error("unauthenticated")]
    Unauthenticated,
    /// 401: wrong e-mail or password.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// 403: the role may not do this.
    #[error("forbidden")]
    Forbidden,
    /// 404.
    #[error("not found")]
    NotFound,
    /// 409.
    #[error("conflict: {0:?}")]
    Conflict(ErrorCode, &'static str),
    /// 409: the record changed since the caller read it; the fields changed meanwhile.
    #[error("edited meanwhile")]
    EditConflict(Vec<FieldError>),
    /// 410: expired or used link.
    #[error("link expired")]
    LinkExpired,
    /// 413.
    #[error("payload too large")]
    PayloadTooLarge,
    /// 415.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 429.
    #[error("too many requests, retry after {retry_after} s")]
    TooManyRequests {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// 503.
    #[error("service unavailable")]
    Unavailable,
    /// 500: anything unexpected.
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

/// Result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// A 422 on one field.
    pub fn field(field: &str, invalid: Invalid) -> Self {
        ApiError::Validation(vec![invalid.at(field)])
    }

    /// The envelope sent to the client.
    pub fn body(&self) -> ErrorBody {
        use ApiError::*;
        match self {
            MalformedRequest(_) => ErrorBody::new(
                ErrorCode::MalformedRequest,
                "La requête est illisible : vérifiez que le corps est du JSON valide et que les \
                 paramètres sont bien formés.",
            ),
            Validation(fields) => ErrorBody::validation(fields.clone()),
            Unauthenticated => ErrorBody::new(
                ErrorCode::Unauthenticated,
                "Votre session a expiré ou n'est pas valide. Connectez-vous à nouveau.",
            ),
            InvalidCredentials => ErrorBody::new(
                ErrorCode::InvalidCredentials,
                "Adresse e-mail ou mot de passe incorrect.",
            ),
            Forbidden => ErrorBody::new(
                ErrorCode::Forbidden,
                "Votre rôle ne permet pas cette action. Adressez-vous à votre responsable si \
                 vous pensez en avoir besoin.",
            ),
            NotFound => ErrorBody::new(
                ErrorCode::NotFound,
                "Élément introuvable : il n'existe pas ou vous n'y avez pas accès.",
            ),
            Conflict(code, message) => ErrorBody::new(*code, *message),
            EditConflict(fields) => ErrorBody {
                code: ErrorCode::EditConflict,
                message:
                    "Ce dossier a été modifié entre-temps par quelqu'un d'autre. Rechargez-le \
                          pour voir les changements, puis refaites votre modification."
                        .to_owned(),
                fields: fields.clone(),
            },
            LinkExpired => ErrorBody::new(
                ErrorCode::LinkExpired,
                "Ce lien a expiré ou a déjà été utilisé. Demandez-en un nouveau.",
            ),
            PayloadTooLarge => ErrorBody::new(
                ErrorCode::PayloadTooLarge,
                "La requête est trop volumineuse.",
            ),
            UnsupportedMediaType => ErrorBody::new(
                ErrorCode::UnsupportedMediaType,
                "Le corps de la requête doit être en JSON (Content-Type: application/json).",
            ),
            TooManyRequests { retry_after } => ErrorBody::new(
                ErrorCode::TooManyRequests,
                format!(
                    "Trop de tentatives. Par sécurité, réessayez dans {}.",
                    human_delay(*retry_after)
                ),
            ),
            Unavailable => ErrorBody::new(
                ErrorCode::ServiceUnavailable,
                "Le service est momentanément indisponible. Réessayez dans quelques instants.",
            ),
            Internal(_) => ErrorBody::new(
                ErrorCode::InternalError,
                "Une erreur inattendue s'est produite. Elle a été enregistrée ; réessayez plus tard.",
            ),
        }
    }
}

fn human_delay(seconds: u64) -> String {
    let minutes = seconds.div_ceil(60);
    match (seconds, minutes) {
        (0..=59, _) => format!("{seconds} secondes"),
        (_, 1) => "1 minute".to_owned(),
        (_, m) => format!("{m} minutes"),
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        use ApiError::*;
        match self {
            MalformedRequest(_) => StatusCode::BAD_REQUEST,
            Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Unauthenticated | InvalidCredentials => StatusCode::UNAUTHORIZED,
            Forbidden => StatusCode::FORBIDDEN,
            NotFound => StatusCode::NOT_FOUND,
            Conflict(..) | EditConflict(_) => StatusCode::CONFLICT,
            LinkExpired => StatusCode::GONE,
            PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(cause) => tracing::error!(error = ?cause, "request failed"),
            ApiError::MalformedRequest(detail) => tracing::info!(%detail, "malformed request"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        if let ApiError::TooManyRequests { retry_after } = self {
            response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
        }
        if matches!(self, ApiError::Unauthenticated) {
            response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        response.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
        response.json(self.body())
    }
}

impl From<StorageError> for ApiError {
    fn from(err: StorageError) -> Self {
        match err {
            StorageError::NotFound => ApiError::NotFound,
            StorageError::LinkExpired => ApiError::LinkExpired,
            StorageError::Conflict(conflict) => match conflict {
                Conflict::EmailTaken => ApiError::Conflict(
                    ErrorCode::EmailAlreadyUsed,
                    "Cette adresse e-mail est déjà utilisée par un compte.",
                ),
                Conflict::AccountAlreadyActive => ApiError::Conflict(
                    ErrorCode::AccountAlreadyActive,
                    "Ce jeune a déjà activé son compte : il peut se connecter ou demander un \
                     nouveau mot de passe.",
                ),
                Conflict::CommuneAlreadyCovered => ApiError::Conflict(
                    ErrorCode::Conflict,
                    "Cette commune (avec ce code postal) est déjà couverte par une Mission Locale.",
                ),
                Conflict::SlotTaken => ApiError::Conflict(
                    ErrorCode::SlotTaken,
                    "Ce créneau vient d'être pris : choisissez-en un autre.",
                ),
                Conflict::YouthBusy => ApiError::Conflict(
                    ErrorCode::SlotTaken,
                    "Un autre rendez-vous est déjà prévu à cette heure-là pour ce jeune : choisissez un autre créneau.",
                ),
                Conflict::WorkshopFull => ApiError::Conflict(
                    ErrorCode::WorkshopFull,
                    "L'atelier est complet : inscrivez-vous sur la liste d'attente.",
                ),
                Conflict::AlreadyRegistered => ApiError::Conflict(
                    ErrorCode::Conflict,
                    "Ce jeune est déjà inscrit à cet atelier (ou sur sa liste d'attente).",
                ),
                Conflict::FeedbackGiven => ApiError::Conflict(
                    ErrorCode::Conflict,
                    "Votre avis sur cet atelier est déjà enregistré : merci !",
                ),
                Conflict::OfferFull => ApiError::Conflict(
                    ErrorCode::Conflict,
                    "Plus de place sur cette offre : mettez le jeune sur liste d'attente.",
                ),
                Conflict::AlreadyReferred => ApiError::Conflict(
                    ErrorCode::Conflict,
                    "Ce jeune est déjà orienté vers cette offre : suivez l'orientation en cours.",
                ),
                Conflict::UnknownSite => ApiError::field(
                    "site_id",
                    Invalid {
                        code: "unknown_site",
                        message: "Ce site n'appartient pas à votre Mission Locale.",
                    },
                ),
            },
            StorageError::Invalid(fields) => ApiError::Validation(fields),
            StorageError::EditConflict(fields) => ApiError::EditConflict(fields),
            StorageError::NotNow(what) => not_now(what),
            StorageError::Database(e) => ApiError::Internal(anyhow::Error::new(e)),
            StorageError::Corrupt(what) => {
                ApiError::Internal(anyhow::anyhow!("corrupt data: {what}"))
            }
        }
    }
}

/// An operation the record's state does not allow, as the client should read it.
fn not_now(what: &'static str) -> ApiError {
    let (field, message) = match what {
        "status_transition" => (
            "status",
            "Ce changement de statut n'est pas possible depuis le statut actuel de la demande.",
        ),
        "same_file" => ("other_id", "Choisissez deux dossiers différents."),
        "not_a_counsellor" => (
            "counsellor_id",
            "Choisissez un conseiller ou une conseillère active de votre Mission Locale.",
        ),
        "unknown_structure" => ("structure_id", "Mission Locale inconnue."),
        "same_structure" => (
            "structure_id",
            "Le dossier est déjà suivi par cette Mission Locale.",
        ),
        // A sentence written for the user.
        sentence if sentence.contains(' ') => {
            return ApiError::Conflict(ErrorCode::Conflict, sentence);
        }
        _ => {
            return ApiError::Conflict(
                ErrorCode::Conflict,
                "Ce dossier a été fusionné ou anonymisé : il ne peut plus être modifié.",
            );
        }
    };
    ApiError::field(
        field,
        Invalid {
            code: what,
            message,
        },
    )
}

impl From<Denied> for ApiError {
    fn from(denied: Denied) -> Self {
        tracing::debug!(%denied, "access refused by policy");
        ApiError::Forbidden
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(err: anyhow::Error) -> Self {
        ApiError::Internal(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_never_leak_their_cause() {
        let err = ApiError::Internal(anyhow::anyhow!("connection refused at 10.0.0.3:5432"));
        assert_eq!(err.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string(&err.body()).unwrap();
        assert!(!body.contains("10.0.0.3"));
        assert!(body.contains("internal_error"));
    }

    #[test]
    fn throttling_says_how_long_to_wait() {
        assert_eq!(human_delay(30), "30 secondes");
        assert_eq!(human_delay(60), "1 minute");
        assert_eq!(human_delay(61), "2 minutes");
        assert_eq!(human_delay(900), "15 minutes");
    }
}
