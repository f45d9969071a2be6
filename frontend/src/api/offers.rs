//! `/partners` (directory record, status, exchanges, letters), `/offers` (catalogue, sessions,
//! matching), `/referrals` (steps, messages, documents), `/map`.
//!
//! Answers are returned as JSON trees of the domain type each function names (`Request`, see
//! `api::accompaniment`), read by field name where they are shown: a typed deserializer per
//! answer type (some forty types with the nested ones) weighed about 60 KB of compressed
//! WebAssembly in the staff pages. Request bodies are the domain's types.

use domain::dto::{
    LetterQuery, NewExchange, NewReferral, NewReferralMessage, OfferFilter, OfferInput,
    PartnerAttendanceSheet, PartnerEventInput, PartnerFilter, PartnerInput, PartnerStatusChange,
    ReferralFilter, ReferralMove, SessionInput,
};
use domain::offers::LetterKind;
use domain::{
    OfferId, OfferSessionId, PartnerId, ReferralId, ReferralMessageId, SiteId, WorkshopId, YouthId,
};

use super::{ApiError, get_bytes, query};
use crate::session::Session;

/// The path of a letter (`GET /partners/{id}/letters/{kind}`), for a download link.
pub fn letter_path(id: PartnerId, kind: LetterKind) -> String {
    format!("/partners/{id}/letters/{}", kind.code())
}

/// `GET /partners/{id}/letters/{kind}`: the letter as PDF bytes.
pub async fn letter_pdf(
    session: Session,
    id: PartnerId,
    kind: LetterKind,
    options: &LetterQuery,
) -> Result<Vec<u8>, ApiError> {
    let path = format!(
        "{}{}",
        letter_path(id, kind),
        query(&[
            ("event_title", options.event_title.clone()),
            ("event_when", options.event_when.clone()),
            ("event_place", options.event_place.clone()),
            ("contact", options.contact.clone()),
        ])
    );
    get_bytes(session, &path).await
}

/// The path of a message's document, for a download.
pub fn document_path(id: ReferralId, message: ReferralMessageId) -> String {
    format!("/referrals/{id}/messages/{message}/document")
}

// ------------------------------------------------------------------ answers as JSON trees
//
// The partner portal and the youth app's offers page read the answers by field name (like the
// accompaniment pages, see `api::accompaniment`): one non-generic request function instead of
// a deserializer per answer type.

pub use super::accompaniment::Request;

use super::Method;
use super::accompaniment::{call, json};

/// `GET /partners/{id}`: a `PartnerDetail`.
pub fn partner_tree(session: Session, id: PartnerId) -> Request {
    call(session, Method::Get, format!("/partners/{id}"), None)
}

/// `PUT /partners/{id}`: a partner user's own record; a `PartnerDetail`.
pub fn save_partner(session: Session, id: PartnerId, body: &PartnerInput) -> Request {
    call(session, Method::Put, format!("/partners/{id}"), json(body))
}

/// `GET /offers`: a `Page` of `OfferSummary`s (100 a page).
pub fn offers_tree(session: Session, filter: &OfferFilter, page: u32) -> Request {
    let path = format!(
        "/offers{}",
        query(&[
            ("kind", filter.kind.map(|k| k.code().to_owned())),
            ("q", filter.q.clone()),
            ("theme", filter.theme.map(|t| t.code().to_owned())),
            ("partner_id", filter.partner_id.map(|p| p.to_string())),
            ("status", filter.status.map(|s| s.code().to_owned())),
            ("with_room", filter.with_room.map(|w| w.to_string())),
            ("page", Some(page.to_string())),
            ("per_page", Some("100".to_owned())),
        ])
    );
    call(session, Method::Get, path, None)
}

/// `GET /offers/{id}`: an `OfferDetail`.
pub fn offer_tree(session: Session, id: OfferId) -> Request {
    call(session, Method::Get, format!("/offers/{id}"), None)
}

/// `POST /offers` (new) or `PUT /offers/{id}`: an `OfferDetail`.
pub fn save_offer_tree(session: Session, id: Option<OfferId>, body: &OfferInput) -> Request {
    match id {
        None => call(session, Method::Post, "/offers".to_owned(), json(body)),
        Some(id) => call(session, Method::Put, format!("/offers/{id}"), json(body)),
    }
}

/// `POST /offers/{id}/sessions` (new) or `PUT /offers/{id}/sessions/{session}`: an
/// `OfferDetail`.
pub fn save_session_tree(
    session: Session,
    id: OfferId,
    existing: Option<OfferSessionId>,
    body: &SessionInput,
) -> Request {
    let path = match existing {
        None => format!("/offers/{id}/sessions"),
        Some(s) => format!("/offers/{id}/sessions/{s}"),
    };
    let method = if existing.is_some() {
        Method::Put
    } else {
        Method::Post
    };
    call(session, method, path, json(body))
}

/// `GET /partners/{id}/events`: the organisation's `PartnerEvent`s, soonest first.
pub fn partner_events_tree(session: Session, id: PartnerId) -> Request {
    call(session, Method::Get, format!("/partners/{id}/events"), None)
}

/// `POST /partners/{id}/events` (new) or `PUT /partners/{id}/events/{event}`: a
/// `PartnerEvent`.
pub fn save_partner_event_tree(
    session: Session,
    id: PartnerId,
    event: Option<WorkshopId>,
    body: &PartnerEventInput,
) -> Request {
    match event {
        None => call(
            session,
            Method::Post,
            format!("/partners/{id}/events"),
            json(body),
        ),
        Some(e) => call(
            session,
            Method::Put,
            format!("/partners/{id}/events/{e}"),
            json(body),
        ),
    }
}

/// `POST /partners/{id}/events/{event}/cancel`: a `PartnerEvent`.
pub fn cancel_partner_event_tree(session: Session, id: PartnerId, event: WorkshopId) -> Request {
    call(
        session,
        Method::Post,
        format!("/partners/{id}/events/{event}/cancel"),
        None,
    )
}

/// `GET /partners/{id}/events/{event}/registrations`: `PartnerEventRegistration`s.
pub fn partner_event_registrations_tree(
    session: Session,
    id: PartnerId,
    event: WorkshopId,
) -> Request {
    call(
        session,
        Method::Get,
        format!("/partners/{id}/events/{event}/registrations"),
        None,
    )
}

/// `POST /partners/{id}/events/{event}/attendance`: `PartnerEventRegistration`s.
pub fn partner_event_attendance_tree(
    session: Session,
    id: PartnerId,
    event: WorkshopId,
    body: &PartnerAttendanceSheet,
) -> Request {
    call(
        session,
        Method::Post,
        format!("/partners/{id}/events/{event}/attendance"),
        json(body),
    )
}

/// `GET /youths/{id}/matches`: `RankedOffer`s.
pub fn matches_tree(session: Session, id: YouthId) -> Request {
    call(session, Method::Get, format!("/youths/{id}/matches"), None)
}

/// `GET /referrals`: `Referral`s (`active`: only those not over; else all).
pub fn referrals_tree(session: Session, offer: Option<OfferId>, active: bool) -> Request {
    let path = format!(
        "/referrals{}",
        query(&[
            ("offer_id", offer.map(|o| o.to_string())),
            ("active", Some(active.to_string())),
        ])
    );
    call(session, Method::Get, path, None)
}

/// `POST /referrals`: a `Referral` (a young person applies for themselves).
pub fn create_referral_tree(session: Session, body: &NewReferral) -> Request {
    call(session, Method::Post, "/referrals".to_owned(), json(body))
}

/// `POST /referrals/{id}/status`: a `Referral` (409 when no place is left).
pub fn move_referral_tree(session: Session, id: ReferralId, body: &ReferralMove) -> Request {
    call(
        session,
        Method::Post,
        format!("/referrals/{id}/status"),
        json(body),
    )
}

/// `GET /referrals/{id}/messages`: `ReferralMessage`s.
pub fn messages_tree(session: Session, id: ReferralId) -> Request {
    call(
        session,
        Method::Get,
        format!("/referrals/{id}/messages"),
        None,
    )
}

/// `POST /referrals/{id}/messages`: a `ReferralMessage`.
pub fn post_message_tree(session: Session, id: ReferralId, body: &NewReferralMessage) -> Request {
    call(
        session,
        Method::Post,
        format!("/referrals/{id}/messages"),
        json(body),
    )
}

/// `POST /referrals/{id}/documents?name=…&comment=…`: sends a file (a `File` from an
/// `<input type="file">`, sent as the raw body with its type); a `ReferralMessage`.
pub fn upload_document(
    session: Session,
    id: ReferralId,
    name: String,
    comment: Option<String>,
    content_type: String,
    file: wasm_bindgen::JsValue,
) -> Request {
    Box::pin(async move {
        let path = format!(
            "/referrals/{id}/documents{}",
            query(&[("name", Some(name)), ("comment", comment)])
        );
        let send = |token: Option<String>| {
            let request = super::builder(Method::Post, &path, token.as_deref())
                .header("Content-Type", &content_type)
                .body(file.clone());
            async move {
                request
                    .map_err(|_| ApiError::Network)?
                    .send()
                    .await
                    .map_err(|_| ApiError::Network)
            }
        };
        let token = session.access_token();
        let mut response = send(token.clone()).await?;
        if response.status() == 401 {
            session.refresh_after_rejection(token).await?;
            response = send(session.access_token()).await?;
        }
        super::read(response).await
    })
}

/// `GET /referrals/{id}/messages/{message}/document`: the file's bytes.
pub async fn document_bytes(
    session: Session,
    id: ReferralId,
    message: ReferralMessageId,
) -> Result<Vec<u8>, ApiError> {
    get_bytes(session, &document_path(id, message)).await
}

/// `GET /referrals/{id}`: a `Referral` with its steps (the list leaves them out).
pub fn referral_tree(session: Session, id: ReferralId) -> Request {
    call(session, Method::Get, format!("/referrals/{id}"), None)
}

// ------------------------------------------------------------------ the staff's pages, as trees

/// `GET /partners` with filters: a `Page` of `PartnerSummary`s (50 a page).
pub fn partners_tree(session: Session, filter: &PartnerFilter, page: u32) -> Request {
    let path = format!(
        "/partners{}",
        query(&[
            ("q", filter.q.clone()),
            ("kind", filter.kind.map(|k| k.as_str().to_owned())),
            ("theme", filter.theme.map(|t| t.code().to_owned())),
            ("form", filter.form.map(|f| f.code().to_owned())),
            ("status", filter.status.map(|s| s.code().to_owned())),
            ("sponsor", filter.sponsor.map(|s| s.to_string())),
            ("page", Some(page.to_string())),
            ("per_page", Some("50".to_owned())),
        ])
    );
    call(session, Method::Get, path, None)
}

/// `GET /partners?status=actif&per_page=100`: the active partners, to choose one in a form.
pub fn partner_choices_tree(session: Session) -> Request {
    call(
        session,
        Method::Get,
        "/partners?status=actif&per_page=100".to_owned(),
        None,
    )
}

/// `POST /partners`: a `PartnerDetail`.
pub fn create_partner_tree(session: Session, body: &PartnerInput) -> Request {
    call(session, Method::Post, "/partners".to_owned(), json(body))
}

/// `POST /partners/{id}/status`: a `PartnerDetail`.
pub fn partner_status_tree(session: Session, id: PartnerId, body: &PartnerStatusChange) -> Request {
    call(
        session,
        Method::Post,
        format!("/partners/{id}/status"),
        json(body),
    )
}

/// `GET /partners/{id}/exchanges`: `Exchange`s, newest first.
pub fn exchanges_tree(session: Session, id: PartnerId) -> Request {
    call(
        session,
        Method::Get,
        format!("/partners/{id}/exchanges"),
        None,
    )
}

/// `POST /partners/{id}/exchanges`: an `Exchange`.
pub fn record_exchange_tree(session: Session, id: PartnerId, body: &NewExchange) -> Request {
    call(
        session,
        Method::Post,
        format!("/partners/{id}/exchanges"),
        json(body),
    )
}

/// `GET /offers/{id}/matches`: `RankedYouth`s.
pub fn offer_matches_tree(session: Session, id: OfferId) -> Request {
    call(session, Method::Get, format!("/offers/{id}/matches"), None)
}

/// `GET /referrals` with every filter: `Referral`s (without their steps).
pub fn referrals_of_tree(session: Session, filter: &ReferralFilter) -> Request {
    let path = format!(
        "/referrals{}",
        query(&[
            ("offer_id", filter.offer_id.map(|o| o.to_string())),
            ("youth_id", filter.youth_id.map(|y| y.to_string())),
            ("status", filter.status.map(|s| s.code().to_owned())),
            ("active", filter.active.map(|a| a.to_string())),
        ])
    );
    call(session, Method::Get, path, None)
}

/// `GET /map` around a young person or a site: a `MapView`.
pub fn map_tree(
    session: Session,
    youth: Option<YouthId>,
    site: Option<SiteId>,
    partner: Option<PartnerId>,
    radius_km: u32,
) -> Request {
    let path = format!(
        "/map{}",
        query(&[
            ("youth_id", youth.map(|y| y.to_string())),
            ("site_id", site.map(|s| s.to_string())),
            ("partner_id", partner.map(|p| p.to_string())),
            ("radius_km", Some(radius_km.to_string())),
        ])
    );
    call(session, Method::Get, path, None)
}
