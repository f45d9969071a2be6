//! The audit log: who did what to which record, and who read which young person's file.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::dto::{PageQuery, PersonRef};
use crate::ids::{AuditEventId, YouthId};
use crate::role::Role;

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// A record was read (a young person's file).
    Read,
    /// A record was created.
    Create,
    /// A record was changed.
    Update,
    /// A record was deleted.
    Delete,
    /// Someone logged in.
    Login,
    /// Someone logged out.
    Logout,
    /// Someone closed all their sessions.
    LogoutEverywhere,
    /// An invitation was sent.
    Invite,
    /// An invitation was accepted and the account activated.
    InvitationAccepted,
    /// A password was reset through an e-mailed link.
    PasswordReset,
    /// A young person's data was exported (RGPD right of access).
    Export,
    /// Two files were merged.
    Merge,
    /// A file moved to another Mission Locale.
    Transfer,
    /// A file was anonymised at the end of its retention period.
    Anonymise,
}

impl AuditAction {
    /// Every action.
    pub const ALL: [AuditAction; 14] = [
        AuditAction::Read,
        AuditAction::Create,
        AuditAction::Update,
        AuditAction::Delete,
        AuditAction::Login,
        AuditAction::Logout,
        AuditAction::LogoutEverywhere,
        AuditAction::Invite,
        AuditAction::InvitationAccepted,
        AuditAction::PasswordReset,
        AuditAction::Export,
        AuditAction::Merge,
        AuditAction::Transfer,
        AuditAction::Anonymise,
    ];

    /// Stable code.
    pub const fn as_str(self) -> &'static str {
        match self {
            AuditAction::Read => "read",
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
            AuditAction::Login => "login",
            AuditAction::Logout => "logout",
            AuditAction::LogoutEverywhere => "logout_everywhere",
            AuditAction::Invite => "invite",
            AuditAction::InvitationAccepted => "invitation_accepted",
            AuditAction::PasswordReset => "password_reset",
            AuditAction::Export => "export",
            AuditAction::Merge => "merge",
            AuditAction::Transfer => "transfer",
            AuditAction::Anonymise => "anonymise",
        }
    }

    /// Parses the stable code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == code)
    }

    /// French label.
    pub const fn label(self) -> &'static str {
        match self {
            AuditAction::Read => "Consultation",
            AuditAction::Create => "Création",
            AuditAction::Update => "Modification",
            AuditAction::Delete => "Suppression",
            AuditAction::Login => "Connexion",
            AuditAction::Logout => "Déconnexion",
            AuditAction::LogoutEverywhere => "Déconnexion de tous les appareils",
            AuditAction::Invite => "Invitation",
            AuditAction::InvitationAccepted => "Invitation acceptée",
            AuditAction::PasswordReset => "Mot de passe réinitialisé",
            AuditAction::Export => "Export des données",
            AuditAction::Merge => "Fusion de dossiers",
            AuditAction::Transfer => "Transfert de dossier",
            AuditAction::Anonymise => "Anonymisation",
        }
    }
}

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    /// The entry.
    pub id: AuditEventId,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// Who did it (absent for anonymous attempts).
    pub actor: Option<PersonRef>,
    /// The actor's role at the time.
    pub actor_role: Option<Role>,
    /// What was done.
    pub action: AuditAction,
    /// The kind of record, e.g. `youth`, `account`, `site`.
    pub entity_type: String,
    /// The record.
    pub entity_id: Option<Uuid>,
    /// The young person concerned, if any.
    pub youth_id: Option<YouthId>,
    /// A short French description.
    pub summary: String,
}

/// Filters of `GET /api/v1/audit-events`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditQuery {
    /// Page number, from 1 (default 1).
    #[validate(range(min = 1, message = "Le numéro de page commence à 1."))]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 25).
    #[validate(range(min = 1, max = 100, message = "Entre 1 et 100 éléments par page."))]
    pub per_page: Option<u32>,
    /// Only the entries about this young person.
    pub youth_id: Option<YouthId>,
}

impl AuditQuery {
    /// The page selection.
    pub fn page_query(&self) -> PageQuery {
        PageQuery {
            page: self.page,
            per_page: self.per_page,
        }
    }
}
