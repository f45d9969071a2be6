//! Partners' directory details, offers (service and job), referrals, matching, the map.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::accompaniment::{Theme, check_text, field_error};
use crate::agenda::{Attendance, RegistrationStatus};
use crate::error::FieldError;
use crate::ids::{
    AccountId, ExchangeId, OfferId, OfferSessionId, PartnerId, ReferralId, ReferralMessageId,
    RegistrationId, SiteId, YouthId,
};
use crate::offers::{
    ContractType, Eligibility, ExchangeKind, ExchangeTopic, Fees, GeoPoint, MatchScore, OfferKind,
    OfferStatus, PartnerStatus, PartnershipForm, Public, ReferralStatus, RefusalReason,
    ServiceType, check_rome_code,
};
use crate::values::{EmailAddress, InseeCode, PhoneNumber, PostalCode, Siret};

use super::PartnerKind;

/// Longest description of an offer (data·inclusion: 10,000 characters).
pub const MAX_DESCRIPTION: usize = 10_000;
/// Longest short text (title, contact, salary…).
pub const MAX_LINE: usize = 150;
/// Longest note, comment or message.
pub const MAX_NOTE: usize = 4000;
/// Most contacts on a partner's record.
pub const MAX_CONTACTS: usize = 20;

fn check_optional<T>(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Result<T, crate::values::Invalid>,
) {
    if let Some(value) = value.filter(|v| !v.trim().is_empty())
        && let Err(invalid) = parse(value)
    {
        errors.push(field_error(field, invalid.code, invalid.message));
    }
}

/// An address typed in a form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AddressInput {
    /// Street and number.
    pub line: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Commune (INSEE code).
    pub commune: Option<String>,
    /// Coordinates, when known (they are then used as given); otherwise the address is
    /// geocoded.
    pub point: Option<GeoPoint>,
}

impl AddressInput {
    /// Checks the address; errors under `field.…`.
    pub fn check(&self, errors: &mut Vec<FieldError>, field: &str) {
        check_text(
            errors,
            &format!("{field}.line"),
            self.line.as_deref().unwrap_or(""),
            MAX_LINE,
            false,
        );
        check_optional(
            errors,
            &format!("{field}.postcode"),
            self.postcode.as_deref(),
            PostalCode::parse,
        );
        check_optional(
            errors,
            &format!("{field}.commune"),
            self.commune.as_deref(),
            InseeCode::parse,
        );
        if let Some(p) = self.point
            && let Err(e) = GeoPoint::check(p.lat, p.lon, &format!("{field}.point"))
        {
            errors.push(e);
        }
    }
}

/// An address as stored, with where it was located.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    /// Street and number.
    pub line: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Commune (INSEE code).
    pub commune: Option<String>,
    /// Commune name.
    pub commune_name: Option<String>,
    /// Where it is on the map (`None`: not located, distance is then not counted).
    pub point: Option<GeoPoint>,
}

/// A contact person at a partner.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PartnerContact {
    /// Name.
    pub name: String,
    /// Job title.
    pub role: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
}

/// `POST /partners`, `PUT /partners/{id}`: a partner's record (C1, C2, C11). A partner user
/// updating their own record cannot change the sponsor flag.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PartnerInput {
    /// Name.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub name: String,
    /// Kind of organisation.
    pub kind: Option<PartnerKind>,
    /// SIRET (14 digits, checked).
    pub siret: Option<String>,
    /// Contact e-mail.
    pub email: Option<String>,
    /// Contact phone.
    pub phone: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// What the organisation does.
    pub description: Option<String>,
    /// Address.
    pub address: AddressInput,
    /// Themes it works on.
    pub themes: Vec<Theme>,
    /// Forms of partnership it commits to, with or without an offer (C2).
    pub forms: Vec<PartnershipForm>,
    /// Sponsor company (mécène, C11).
    pub sponsor: bool,
    /// Contact people.
    pub contacts: Vec<PartnerContact>,
}

impl PartnerInput {
    /// Every invalid field.
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text(&mut errors, "name", &self.name, MAX_LINE, true);
        if self.kind.is_none() {
            errors.push(field_error(
                "kind",
                "required",
                "Choisissez le type de structure.",
            ));
        }
        check_optional(&mut errors, "siret", self.siret.as_deref(), Siret::parse);
        check_optional(
            &mut errors,
            "email",
            self.email.as_deref(),
            EmailAddress::parse,
        );
        check_optional(
            &mut errors,
            "phone",
            self.phone.as_deref(),
            PhoneNumber::parse,
        );
        check_text(
            &mut errors,
            "website",
            self.website.as_deref().unwrap_or(""),
            300,
            false,
        );
        check_text(
            &mut errors,
            "description",
            self.description.as_deref().unwrap_or(""),
            MAX_NOTE,
            false,
        );
        self.address.check(&mut errors, "address");
        if self.contacts.len() > MAX_CONTACTS {
            errors.push(field_error(
                "contacts",
                "too_many",
                format!("{MAX_CONTACTS} contacts au plus."),
            ));
        }
        for (i, c) in self.contacts.iter().enumerate() {
            check_text(
                &mut errors,
                &format!("contacts[{i}].name"),
                &c.name,
                MAX_LINE,
                true,
            );
            check_optional(
                &mut errors,
                &format!("contacts[{i}].email"),
                c.email.as_deref(),
                EmailAddress::parse,
            );
            check_optional(
                &mut errors,
                &format!("contacts[{i}].phone"),
                c.phone.as_deref(),
                PhoneNumber::parse,
            );
        }
        errors
    }
}

/// `POST /partners/{id}/status`: archive, end or reactivate a partnership, with a comment (C12).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PartnerStatusChange {
    /// The new status.
    pub status: Option<PartnerStatus>,
    /// Why (required).
    pub comment: String,
}

/// A partner's record as the Mission Locale keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerRecord {
    /// Where the partnership stands.
    pub status: PartnerStatus,
    /// The comment of the last status change.
    pub status_comment: Option<String>,
    /// When the status last changed.
    pub status_changed_at: Option<DateTime<Utc>>,
    /// Website.
    pub website: Option<String>,
    /// What the organisation does.
    pub description: Option<String>,
    /// Address and position.
    pub address: Address,
    /// Themes.
    pub themes: Vec<Theme>,
    /// Forms of partnership.
    pub forms: Vec<PartnershipForm>,
    /// Sponsor company.
    pub sponsor: bool,
    /// Contact people.
    pub contacts: Vec<PartnerContact>,
    /// Open offers.
    pub open_offers: u64,
    /// Young people referred and not yet done.
    pub active_referrals: u64,
}

/// `GET /partners` filters (C1).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default)]
pub struct PartnerFilter {
    /// Words of the name.
    pub q: Option<String>,
    /// Kind of organisation.
    pub kind: Option<PartnerKind>,
    /// Works on this theme.
    pub theme: Option<Theme>,
    /// Commits to this form of partnership.
    pub form: Option<PartnershipForm>,
    /// Status (default: active ones).
    pub status: Option<PartnerStatus>,
    /// Sponsors only.
    pub sponsor: Option<bool>,
}

/// An exchange in a partner's history (C5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Exchange {
    /// The exchange.
    pub id: ExchangeId,
    /// When.
    pub occurred_on: NaiveDate,
    /// How.
    pub kind: ExchangeKind,
    /// About what.
    pub topic: ExchangeTopic,
    /// What was said or decided.
    pub summary: String,
    /// Who recorded it.
    pub author_name: String,
}

/// `POST /partners/{id}/exchanges`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewExchange {
    /// When (default today).
    pub occurred_on: Option<NaiveDate>,
    /// How.
    pub kind: Option<ExchangeKind>,
    /// About what.
    pub topic: Option<ExchangeTopic>,
    /// What was said or decided.
    pub summary: String,
}

impl NewExchange {
    /// Every invalid field.
    pub fn check(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.kind.is_none() {
            errors.push(field_error(
                "kind",
                "required",
                "Choisissez le type d'échange.",
            ));
        }
        if self.topic.is_none() {
            errors.push(field_error(
                "topic",
                "required",
                "Choisissez l'objet de l'échange.",
            ));
        }
        if self.occurred_on.is_some_and(|d| d > today) {
            errors.push(field_error(
                "occurred_on",
                "in_future",
                "Un échange se note une fois qu'il a eu lieu : la date ne peut pas être future.",
            ));
        }
        check_text(&mut errors, "summary", &self.summary, MAX_NOTE, true);
        errors
    }
}

/// Contact for an offer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OfferContact {
    /// Name.
    pub name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
}

/// What only a job offer has (France Travail's fields, `rules.md` §4.2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct JobDetails {
    /// ROME 4.0 code (`N4105`).
    pub rome_code: String,
    /// Contract type.
    pub contract_type: Option<ContractType>,
    /// Hours per week.
    pub hours_per_week: Option<u8>,
    /// Positions to fill.
    pub positions: Option<u16>,
    /// Start date.
    pub starts_on: Option<NaiveDate>,
    /// Pay, as written by the employer.
    pub salary: Option<String>,
}

/// `POST /offers`, `PUT /offers/{id}`: a service offer or a job offer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OfferInput {
    /// Service or job.
    pub kind: Option<OfferKind>,
    /// The partner that runs it (staff only; a partner user's offers are their organisation's).
    pub partner_id: Option<PartnerId>,
    /// Name (3 to 150 characters).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub title: String,
    /// Description (5 to 10,000 characters).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub description: String,
    /// Themes.
    pub themes: Vec<Theme>,
    /// Type of service (service offers).
    pub service_type: Option<ServiceType>,
    /// Publics.
    pub publics: Vec<Public>,
    /// What it costs.
    pub fees: Option<Fees>,
    /// Followed remotely.
    pub remote: bool,
    /// How to access it (data·inclusion `conditions_acces`, `modes_mobilisation`).
    pub how_to_apply: Option<String>,
    /// Hard conditions.
    pub eligibility: Eligibility,
    /// Where.
    pub address: AddressInput,
    /// Places (`None`: no limit); sessions may have their own.
    pub capacity: Option<i32>,
    /// Who to contact.
    pub contact: OfferContact,
    /// Job offers: the job's details.
    pub job: Option<JobDetails>,
    /// Open, filled, closed (default open).
    pub status: Option<OfferStatus>,
}

impl OfferInput {
    /// Every invalid field (the capacity against places taken is checked with the data).
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.kind.is_none() {
            errors.push(field_error(
                "kind",
                "required",
                "Choisissez : offre de service ou offre d'emploi.",
            ));
        }
        let title = self.title.trim();
        check_text(&mut errors, "title", title, MAX_LINE, true);
        if !title.is_empty() && title.chars().count() < 3 {
            errors.push(field_error(
                "title",
                "too_short",
                "Le nom de l'offre doit faire au moins 3 caractères.",
            ));
        }
        if title.ends_with('.') {
            errors.push(field_error(
                "title",
                "trailing_dot",
                "Le nom de l'offre ne se termine pas par un point.",
            ));
        }
        let description = self.description.trim();
        check_text(
            &mut errors,
            "description",
            description,
            MAX_DESCRIPTION,
            true,
        );
        if !description.is_empty() && description.chars().count() < 5 {
            errors.push(field_error(
                "description",
                "too_short",
                "Décrivez l'offre en quelques mots (5 caractères au moins).",
            ));
        }
        check_text(
            &mut errors,
            "how_to_apply",
            self.how_to_apply.as_deref().unwrap_or(""),
            MAX_NOTE,
            false,
        );
        self.eligibility.validate(&mut errors);
        self.address.check(&mut errors, "address");
        if let Some(c) = self.capacity
            && c < 1
        {
            errors.push(field_error(
                "capacity",
                "out_of_range",
                "La capacité doit être d'au moins une place (laissez vide s'il n'y a pas de limite).",
            ));
        }
        check_optional(
            &mut errors,
            "contact.email",
            self.contact.email.as_deref(),
            EmailAddress::parse,
        );
        check_optional(
            &mut errors,
            "contact.phone",
            self.contact.phone.as_deref(),
            PhoneNumber::parse,
        );
        match (self.kind, &self.job) {
            (Some(OfferKind::Emploi), None) => errors.push(field_error(
                "job.rome_code",
                "required",
                "Indiquez le code ROME du poste.",
            )),
            (Some(OfferKind::Emploi), Some(job)) => {
                if let Err(e) = check_rome_code(&job.rome_code, "job.rome_code") {
                    errors.push(e);
                }
                if job.contract_type.is_none() {
                    errors.push(field_error(
                        "job.contract_type",
                        "required",
                        "Choisissez le type de contrat.",
                    ));
                }
                if job.hours_per_week.is_some_and(|h| h == 0 || h > 48) {
                    errors.push(field_error(
                        "job.hours_per_week",
                        "out_of_range",
                        "La durée hebdomadaire va de 1 à 48 heures.",
                    ));
                }
                if job.positions == Some(0) {
                    errors.push(field_error(
                        "job.positions",
                        "out_of_range",
                        "Au moins un poste à pourvoir.",
                    ));
                }
                check_text(
                    &mut errors,
                    "job.salary",
                    job.salary.as_deref().unwrap_or(""),
                    MAX_LINE,
                    false,
                );
            }
            _ => {}
        }
        if self.kind == Some(OfferKind::Service) && self.service_type.is_none() {
            errors.push(field_error(
                "service_type",
                "required",
                "Choisissez le type de service (accompagnement, formation…).",
            ));
        }
        errors
    }
}

/// A line of the offers list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferSummary {
    /// The offer.
    pub id: OfferId,
    /// Service or job.
    pub kind: OfferKind,
    /// Name.
    pub title: String,
    /// The partner that runs it.
    pub partner_id: Option<PartnerId>,
    /// Its name (the Mission Locale's own offers have none).
    pub partner_name: Option<String>,
    /// Themes.
    pub themes: Vec<Theme>,
    /// Type of service.
    pub service_type: Option<ServiceType>,
    /// Job offers: contract type.
    pub contract_type: Option<ContractType>,
    /// Job offers: ROME code.
    pub rome_code: Option<String>,
    /// Commune name.
    pub commune_name: Option<String>,
    /// Where, if located.
    pub point: Option<GeoPoint>,
    /// Followed remotely.
    pub remote: bool,
    /// Places in all (`None`: no limit).
    pub capacity: Option<i32>,
    /// Places left (`None`: no limit).
    pub places_left: Option<i64>,
    /// Young people waiting for a place.
    pub waiting: u64,
    /// Open, filled, closed.
    pub status: OfferStatus,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A session of an offer (B19).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferSession {
    /// The session.
    pub id: OfferSessionId,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: Option<NaiveDate>,
    /// Places (`None`: the offer's).
    pub capacity: Option<i32>,
    /// Young people accepted or started.
    pub taken: i64,
    /// Places left (`None`: no limit).
    pub places_left: Option<i64>,
    /// On the waiting list.
    pub waiting: u64,
}

/// `POST /offers/{id}/sessions`, `PUT /offers/{id}/sessions/{session}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SessionInput {
    /// First day.
    pub starts_on: Option<NaiveDate>,
    /// Last day.
    pub ends_on: Option<NaiveDate>,
    /// Places (`None`: the offer's).
    pub capacity: Option<i32>,
}

/// An offer, whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferDetail {
    /// What the list shows.
    pub summary: OfferSummary,
    /// Description.
    pub description: String,
    /// Publics.
    pub publics: Vec<Public>,
    /// What it costs.
    pub fees: Option<Fees>,
    /// How to access it.
    pub how_to_apply: Option<String>,
    /// Hard conditions.
    pub eligibility: Eligibility,
    /// Address and position.
    pub address: Address,
    /// Who to contact.
    pub contact: OfferContact,
    /// Job offers: details.
    pub job: Option<JobDetails>,
    /// Sessions, soonest first.
    pub sessions: Vec<OfferSession>,
    /// Whether the caller may change it.
    pub editable: bool,
}

/// `GET /offers` filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default)]
pub struct OfferFilter {
    /// Service or job.
    pub kind: Option<OfferKind>,
    /// Words of the title.
    pub q: Option<String>,
    /// Theme.
    pub theme: Option<Theme>,
    /// One partner's offers.
    pub partner_id: Option<PartnerId>,
    /// Status (default: open).
    pub status: Option<OfferStatus>,
    /// Only those with places left.
    pub with_room: Option<bool>,
}

/// An offer ranked for a young person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankedOffer {
    /// The offer.
    pub offer: OfferSummary,
    /// The match, explained.
    pub score: MatchScore,
    /// The young person's current referral to it, if any.
    pub referral: Option<ReferralStatus>,
}

/// A young person ranked for an offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankedYouth {
    /// The file.
    pub youth_id: YouthId,
    /// "Prénom NOM".
    pub name: String,
    /// Age.
    pub age: u32,
    /// Commune name.
    pub commune_name: Option<String>,
    /// The match, explained.
    pub score: MatchScore,
    /// Their current referral to the offer, if any.
    pub referral: Option<ReferralStatus>,
}

/// `GET …/matches` options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default)]
pub struct MatchQuery {
    /// How many (1 to 100, default 20).
    #[validate(range(min = 1, max = 100, message = "Entre 1 et 100 résultats."))]
    pub limit: Option<u32>,
    /// Service or job only.
    pub kind: Option<OfferKind>,
}

/// `POST /referrals` (staff) or `POST /me/referrals` (the young person applies).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewReferral {
    /// The offer.
    pub offer_id: Option<OfferId>,
    /// The young person (staff; a young person applies for themselves).
    pub youth_id: Option<YouthId>,
    /// A session of the offer.
    pub session_id: Option<OfferSessionId>,
    /// Why this offer, for the partner (a young person's motivation).
    pub note: Option<String>,
    /// Staff: send to the partner at once (default: proposed, to send later).
    pub send: bool,
}

/// `POST /referrals/{id}/status`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ReferralMove {
    /// The new status.
    pub status: Option<ReferralStatus>,
    /// Why a refusal.
    pub reason: Option<RefusalReason>,
    /// A comment for the record.
    pub comment: Option<String>,
}

/// What the partner, the counsellor or the young person sees of the young person on a
/// referral. A partner gets the least: name, age, commune; phone and e-mail once accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralYouth {
    /// The file (staff and the young person only).
    pub id: Option<YouthId>,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Age.
    pub age: u32,
    /// Commune name.
    pub commune_name: Option<String>,
    /// Phone (a partner: once accepted).
    pub phone: Option<String>,
    /// E-mail (a partner: once accepted).
    pub email: Option<String>,
}

/// One step of a referral.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralStep {
    /// The status reached.
    pub status: ReferralStatus,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub by_name: String,
    /// `mission_locale`, `partenaire` or `jeune`; `systeme` for a step Passerelle took itself
    /// (the first on the waiting list accepted when a place frees, signed "Passerelle").
    pub side: String,
    /// Why a refusal.
    pub reason: Option<RefusalReason>,
    /// Comment.
    pub comment: Option<String>,
}

/// A referral.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Referral {
    /// The referral.
    pub id: ReferralId,
    /// The offer.
    pub offer_id: OfferId,
    /// Its name.
    pub offer_title: String,
    /// Service or job.
    pub offer_kind: OfferKind,
    /// The partner that runs it.
    pub partner_id: Option<PartnerId>,
    /// Its name.
    pub partner_name: Option<String>,
    /// The session, if any.
    pub session_id: Option<OfferSessionId>,
    /// Its first day.
    pub session_starts_on: Option<NaiveDate>,
    /// The young person.
    pub youth: ReferralYouth,
    /// The referent counsellor's name, for the partner to reach.
    pub counsellor_name: Option<String>,
    /// Where it stands.
    pub status: ReferralStatus,
    /// Why a refusal.
    pub refusal_reason: Option<RefusalReason>,
    /// Why this offer.
    pub note: Option<String>,
    /// Every step, oldest first.
    pub steps: Vec<ReferralStep>,
    /// The statuses the caller may move it to.
    pub next: Vec<ReferralStatus>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// `GET /referrals` filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default)]
pub struct ReferralFilter {
    /// One offer's referrals (the live list, B9).
    pub offer_id: Option<OfferId>,
    /// One young person's.
    pub youth_id: Option<YouthId>,
    /// One status.
    pub status: Option<ReferralStatus>,
    /// Only those not over (default true).
    pub active: Option<bool>,
}

/// A message on a referral between the counsellor and the partner (C4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralMessage {
    /// The message.
    pub id: ReferralMessageId,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub author_name: String,
    /// `mission_locale` or `partenaire`.
    pub side: String,
    /// Text.
    pub body: String,
    /// The document attached, if any.
    pub document: Option<DocumentInfo>,
}

/// A document attached to a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentInfo {
    /// File name.
    pub name: String,
    /// MIME type.
    pub content_type: String,
    /// Bytes.
    pub size: i32,
}

/// `POST /referrals/{id}/messages`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewReferralMessage {
    /// Text.
    pub body: String,
}

/// `GET /map` options: partners and offers around a young person's home or a site (C9, C10).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default)]
pub struct MapQuery {
    /// Around this young person's home.
    pub youth_id: Option<YouthId>,
    /// Around this site.
    pub site_id: Option<SiteId>,
    /// Around this partner's address.
    pub partner_id: Option<PartnerId>,
    /// Radius in km (1 to 200, default 20).
    #[validate(range(min = 1, max = 200, message = "Le rayon va de 1 à 200 km."))]
    pub radius_km: Option<u32>,
}

/// What a map point is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MapLayer {
    /// A partner organisation.
    Partenaire,
    /// A service offer.
    Service,
    /// A job offer.
    Emploi,
}

/// A point on the map, with what a list needs to say the same.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapPoint {
    /// What it is.
    pub layer: MapLayer,
    /// Partner or offer id.
    pub id: uuid::Uuid,
    /// Name.
    pub name: String,
    /// One line: kind, contract, partner…
    pub detail: String,
    /// Where.
    pub point: GeoPoint,
    /// From the centre, km.
    pub distance_km: f64,
}

/// The map's content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapView {
    /// The centre.
    pub center: GeoPoint,
    /// What the centre is ("Domicile de Yanis B.", "Site de Roubaix").
    pub center_label: String,
    /// Radius, km.
    pub radius_km: u32,
    /// The young person's daily reach, km (around a young person).
    pub reach_km: Option<f64>,
    /// Points nearest first.
    pub points: Vec<MapPoint>,
    /// The tile URL template (`…/{z}/{x}/{y}.png`), if a tile server is configured.
    pub tile_url: Option<String>,
    /// The tiles' attribution.
    pub tile_attribution: Option<String>,
}

/// A partner event (C8): a workshop run by a partner, open to registrations.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PartnerEventInput {
    /// Title.
    pub title: String,
    /// What happens there, and where.
    pub description: String,
    /// Start.
    pub starts_at: Option<DateTime<Utc>>,
    /// End.
    pub ends_at: Option<DateTime<Utc>>,
    /// Seats (1 to 200).
    pub capacity: Option<u32>,
}

/// A partner event with its registrations (C8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerEvent {
    /// The event (a workshop).
    pub id: crate::ids::WorkshopId,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Seats.
    pub capacity: i32,
    /// Registered.
    pub registered: u64,
    /// On the waiting list.
    pub waiting: u64,
    /// Came (once attendance is taken).
    pub attended: u64,
    /// Cancelled.
    pub cancelled: bool,
}

/// A young person registered to a partner's event, as the partner sees them (C8): like a
/// referral before its acceptance, their name and nothing else of their file (no file id, age,
/// commune or contact); their place and, once taken, their attendance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerEventRegistration {
    /// The registration (the line of the attendance sheet).
    pub id: RegistrationId,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// A seat, or the waiting list.
    pub status: RegistrationStatus,
    /// The place on the waiting list (1 = next).
    pub waiting_rank: Option<u32>,
    /// When they registered.
    pub registered_at: DateTime<Utc>,
    /// Present, absent or excused, once taken.
    pub attendance: Option<Attendance>,
}

/// The attendance at a partner's event (C8, B17), one line per seated young person.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerAttendanceSheet {
    /// One line per registration.
    #[serde(default)]
    pub entries: Vec<PartnerAttendanceEntry>,
}

/// One line of a partner's attendance sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerAttendanceEntry {
    /// The registration.
    pub registration_id: RegistrationId,
    /// Present, absent or excused.
    pub attendance: Attendance,
}

/// `GET /partners/{id}/letters/{kind}` options.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(default)]
pub struct LetterQuery {
    /// Invitation: the event's title.
    pub event_title: Option<String>,
    /// Invitation: when, as written ("le mardi 8 décembre à 14 h").
    pub event_when: Option<String>,
    /// Invitation: where.
    pub event_place: Option<String>,
    /// Who the letter is addressed to (a contact's name).
    pub contact: Option<String>,
}

/// Who made a change, for history lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Author {
    /// The account.
    pub id: AccountId,
    /// Name.
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job_offer() -> OfferInput {
        OfferInput {
            kind: Some(OfferKind::Emploi),
            title: "Agent de quai H/F".into(),
            description: "Chargement et déchargement des camions.".into(),
            job: Some(JobDetails {
                rome_code: "N1103".into(),
                contract_type: Some(ContractType::Cdd),
                hours_per_week: Some(35),
                positions: Some(2),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_job_offer_passes() {
        assert_eq!(job_offer().check(), []);
    }

    #[test]
    fn offer_errors_name_their_fields() {
        let input = OfferInput {
            title: "Ab.".into(),
            description: "x".into(),
            capacity: Some(0),
            address: AddressInput {
                point: Some(GeoPoint {
                    lat: 3.06,
                    lon: 50.63,
                }),
                ..Default::default()
            },
            job: Some(JobDetails {
                rome_code: "Z9999".into(),
                hours_per_week: Some(60),
                ..Default::default()
            }),
            ..job_offer()
        };
        let fields: Vec<String> = input.check().into_iter().map(|e| e.field).collect();
        for expected in [
            "title",
            "description",
            "address.point",
            "capacity",
            "job.rome_code",
            "job.hours_per_week",
        ] {
            assert!(
                fields.iter().any(|f| f == expected),
                "{expected} in {fields:?}"
            );
        }
    }

    #[test]
    fn partner_siret_and_contacts_are_checked() {
        let input = PartnerInput {
            name: "Transports Flandres".into(),
            kind: Some(PartnerKind::Employeur),
            siret: Some("732 829 320 00075".into()),
            contacts: vec![PartnerContact {
                name: String::new(),
                email: Some("pas-un-mail".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        let errors = input.check();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["siret", "contacts[0].name", "contacts[0].email"]);
        assert!(errors[0].message.contains("SIRET"));
        let valid = PartnerInput {
            siret: Some("732 829 320 00074".into()),
            contacts: vec![],
            ..input
        };
        assert_eq!(valid.check(), []);
    }

    #[test]
    fn exchanges_happened_already() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let input = NewExchange {
            occurred_on: Some(today.succ_opt().unwrap()),
            kind: Some(ExchangeKind::Appel),
            topic: None,
            summary: " ".into(),
        };
        let fields: Vec<String> = input.check(today).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["topic", "occurred_on", "summary"]);
    }
}
