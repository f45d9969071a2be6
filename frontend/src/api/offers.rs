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

use super::{ApiError, get, post, put, query};
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
