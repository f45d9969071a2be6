//! `/partners` (directory record, status, exchanges, letters), `/offers` (catalogue, sessions,
//! matching), `/referrals` (steps, messages, documents), `/map`.

use domain::dto::{
    Exchange, MapView, NewExchange, NewReferral, NewReferralMessage, OfferDetail, OfferFilter,
    OfferInput, OfferSummary, Page, PartnerDetail, PartnerFilter, PartnerInput,
    PartnerStatusChange, PartnerSummary, RankedOffer, RankedYouth, Referral, ReferralFilter,
    ReferralMessage, ReferralMove, SessionInput,
};
use domain::offers::LetterKind;
use domain::{OfferId, OfferSessionId, PartnerId, ReferralId, ReferralMessageId, SiteId, YouthId};

use super::{ApiError, get, get_bytes, post, put, query};
use crate::session::Session;

/// `GET /partners` with filters.
pub async fn list_partners(
    session: Session,
    filter: &PartnerFilter,
    page: u32,
) -> Result<Page<PartnerSummary>, ApiError> {
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
        ])
    );
    get(session, &path).await
}

/// `POST /partners`.
pub async fn create_partner(session: Session, body: &PartnerInput) -> Result<PartnerDetail, ApiError> {
    post(session, "/partners", body).await
}

/// `PUT /partners/{id}` (a partner user: their own record).
pub async fn update_partner(
    session: Session,
    id: PartnerId,
    body: &PartnerInput,
) -> Result<PartnerDetail, ApiError> {
    put(session, &format!("/partners/{id}"), body).await
}

/// `POST /partners/{id}/status`.
pub async fn change_partner_status(
    session: Session,
    id: PartnerId,
    body: &PartnerStatusChange,
) -> Result<PartnerDetail, ApiError> {
    post(session, &format!("/partners/{id}/status"), body).await
}

/// `GET /partners/{id}/exchanges`.
pub async fn exchanges(session: Session, id: PartnerId) -> Result<Vec<Exchange>, ApiError> {
    get(session, &format!("/partners/{id}/exchanges")).await
}

/// `POST /partners/{id}/exchanges`.
pub async fn record_exchange(
    session: Session,
    id: PartnerId,
    body: &NewExchange,
) -> Result<Exchange, ApiError> {
    post(session, &format!("/partners/{id}/exchanges"), body).await
}

/// The path of a letter (`GET /partners/{id}/letters/{kind}`), for a download link.
pub fn letter_path(id: PartnerId, kind: LetterKind) -> String {
    format!("/partners/{id}/letters/{}", kind.code())
}

/// `GET /offers` with filters.
pub async fn list_offers(
    session: Session,
    filter: &OfferFilter,
    page: u32,
) -> Result<Page<OfferSummary>, ApiError> {
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
        ])
    );
    get(session, &path).await
}

/// `GET /offers/{id}`.
pub async fn get_offer(session: Session, id: OfferId) -> Result<OfferDetail, ApiError> {
    get(session, &format!("/offers/{id}")).await
}

/// `POST /offers`.
pub async fn create_offer(session: Session, body: &OfferInput) -> Result<OfferDetail, ApiError> {
    post(session, "/offers", body).await
}

/// `PUT /offers/{id}`.
pub async fn update_offer(
    session: Session,
    id: OfferId,
    body: &OfferInput,
) -> Result<OfferDetail, ApiError> {
    put(session, &format!("/offers/{id}"), body).await
}

/// `POST /offers/{id}/sessions` (new) or `PUT /offers/{id}/sessions/{session}`.
pub async fn save_session(
    session: Session,
    id: OfferId,
    existing: Option<OfferSessionId>,
    body: &SessionInput,
) -> Result<OfferDetail, ApiError> {
    match existing {
        None => post(session, &format!("/offers/{id}/sessions"), body).await,
        Some(s) => put(session, &format!("/offers/{id}/sessions/{s}"), body).await,
    }
}

/// `GET /offers/{id}/matches`: young people ranked for the offer.
pub async fn youths_for_offer(session: Session, id: OfferId) -> Result<Vec<RankedYouth>, ApiError> {
    get(session, &format!("/offers/{id}/matches")).await
}

/// `GET /youths/{id}/matches`: offers ranked for a young person.
pub async fn offers_for_youth(
    session: Session,
    id: YouthId,
) -> Result<Vec<RankedOffer>, ApiError> {
    get(session, &format!("/youths/{id}/matches")).await
}

/// `GET /map` around a young person or a site.
pub async fn map(
    session: Session,
    youth: Option<YouthId>,
    site: Option<SiteId>,
    radius_km: u32,
) -> Result<MapView, ApiError> {
    let path = format!(
        "/map{}",
        query(&[
            ("youth_id", youth.map(|y| y.to_string())),
            ("site_id", site.map(|s| s.to_string())),
            ("radius_km", Some(radius_km.to_string())),
        ])
    );
    get(session, &path).await
}

/// `GET /referrals` with filters.
pub async fn list_referrals(
    session: Session,
    filter: &ReferralFilter,
) -> Result<Vec<Referral>, ApiError> {
    let path = format!(
        "/referrals{}",
        query(&[
            ("offer_id", filter.offer_id.map(|o| o.to_string())),
            ("youth_id", filter.youth_id.map(|y| y.to_string())),
            ("status", filter.status.map(|s| s.code().to_owned())),
            ("active", filter.active.map(|a| a.to_string())),
        ])
    );
    get(session, &path).await
}

/// `POST /referrals`: refer (staff) or apply (a young person).
pub async fn create_referral(session: Session, body: &NewReferral) -> Result<Referral, ApiError> {
    post(session, "/referrals", body).await
}

/// `GET /referrals/{id}`.
pub async fn get_referral(session: Session, id: ReferralId) -> Result<Referral, ApiError> {
    get(session, &format!("/referrals/{id}")).await
}

/// `POST /referrals/{id}/status`.
pub async fn move_referral(
    session: Session,
    id: ReferralId,
    body: &ReferralMove,
) -> Result<Referral, ApiError> {
    post(session, &format!("/referrals/{id}/status"), body).await
}

/// `GET /referrals/{id}/messages`.
pub async fn referral_messages(
    session: Session,
    id: ReferralId,
) -> Result<Vec<ReferralMessage>, ApiError> {
    get(session, &format!("/referrals/{id}/messages")).await
}

/// `POST /referrals/{id}/messages`.
pub async fn post_referral_message(
    session: Session,
    id: ReferralId,
    body: &NewReferralMessage,
) -> Result<ReferralMessage, ApiError> {
    post(session, &format!("/referrals/{id}/messages"), body).await
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
