//! Typed identifiers. Each wraps a UUID so that a `YouthId` can never be passed where a
//! `StructureId` is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// The underlying UUID.
            pub const fn as_uuid(self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )+};
}

typed_id!(
    /// A user account: staff member, young person or partner user.
    AccountId,
    /// A Mission Locale (the tenant).
    StructureId,
    /// A reception site of a Mission Locale.
    SiteId,
    /// A young person's file.
    YouthId,
    /// A partner organisation (employer, training centre, association…).
    PartnerId,
    /// An invitation link sent by e-mail.
    InvitationId,
    /// An entry of the audit log.
    AuditEventId,
    /// An objective of a young person's action plan.
    ObjectiveId,
    /// An action of a young person's action plan.
    ActionId,
    /// A CEJ or PACEA contract.
    ContractId,
    /// A phase of a PACEA contract.
    PhaseId,
    /// A CEJ activity with its hours.
    ActivityId,
    /// An interview with a young person.
    InterviewId,
    /// An entry of an agenda (appointment, meeting, absence…).
    EventId,
    /// A kind of appointment a Mission Locale offers.
    AppointmentTypeId,
    /// A workshop session.
    WorkshopId,
    /// A young person's seat, or place on the waiting list, at a workshop.
    RegistrationId,
    /// A message sent to a young person (reminder, confirmation…).
    MessageId,
    /// An exchange recorded in a partner's history.
    ExchangeId,
    /// A service offer or a job offer.
    OfferId,
    /// A dated session of a service offer (a training course's intake…).
    OfferSessionId,
    /// The referral of a young person to an offer.
    ReferralId,
    /// A message (with or without a document) on a referral.
    ReferralMessageId,
);
