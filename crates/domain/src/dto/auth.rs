//! Login, sessions, invitations and password resets.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::ids::{AccountId, PartnerId, StructureId, YouthId};
use crate::role::{Face, Role};
use crate::validation::required;
use crate::values::{validate_email, validate_new_password};

/// `POST /api/v1/auth/login`.
#[derive(Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LoginRequest {
    /// The account's e-mail address.
    #[validate(custom(function = "validate_email"))]
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, example = "conseiller@demo.passerelle.fr")
    )]
    pub email: String,
    /// The password.
    #[validate(custom(function = "required"))]
    #[cfg_attr(feature = "openapi", schema(required = true, format = Password))]
    pub password: String,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

/// A new session: a short-lived access token and a rotating refresh token.
///
/// Browsers also receive the refresh token in an `HttpOnly` cookie scoped to `/api/v1/auth`,
/// so the SPA never has to keep it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    /// JWT to send as `Authorization: Bearer …`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Opaque token for `POST /api/v1/auth/refresh`; single use, replaced at each refresh.
    pub refresh_token: String,
    /// Seconds until the refresh token expires.
    pub refresh_expires_in: u64,
    /// Who is logged in.
    pub account: Me,
}

/// `POST /api/v1/auth/refresh` and `/logout`: the refresh token, unless the cookie carries it.
#[derive(Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RefreshRequest {
    /// The refresh token (optional when sent as the `passerelle_refresh` cookie).
    pub refresh_token: Option<String>,
}

impl std::fmt::Debug for RefreshRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RefreshRequest(***)")
    }
}

/// The logged-in account ("who am I").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// The account.
    pub id: AccountId,
    /// Login e-mail address.
    pub email: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// The account's role.
    pub role: Role,
    /// The face of the app the account lands on.
    pub face: Face,
    /// The Mission Locale the account belongs to.
    pub structure: StructureRef,
    /// For a young person: their file.
    pub youth_id: Option<YouthId>,
    /// For a partner user: their organisation.
    pub partner: Option<PartnerRef>,
}

/// A short reference to a Mission Locale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StructureRef {
    /// The Mission Locale.
    pub id: StructureId,
    /// Its usual name.
    pub name: String,
}

/// A short reference to a partner organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerRef {
    /// The organisation.
    pub id: PartnerId,
    /// Its name.
    pub name: String,
}

/// What an invitation link is for, shown before the invitee chooses a password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationView {
    /// The address the invitation was sent to (the future login).
    pub email: String,
    /// Invitee's first name.
    pub first_name: String,
    /// Invitee's last name.
    pub last_name: String,
    /// The role the account will have.
    pub role: Role,
    /// The inviting Mission Locale.
    pub structure_name: String,
    /// For a partner user: the organisation.
    pub partner_name: Option<String>,
    /// When the link stops working.
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/v1/auth/invitations/inspect`: the secret of an e-mailed link.
///
/// Links carry their token in the URL fragment (`/invitation#<token>`), which browsers never
/// send to servers, so it does not end up in access logs; the SPA posts it here.
#[derive(Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LinkToken {
    /// The token from the link.
    #[validate(custom(function = "required"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub token: String,
}

impl std::fmt::Debug for LinkToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkToken(***)")
    }
}

/// `POST /api/v1/auth/invitations/accept`: the link's token and the new account's password.
#[derive(Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AcceptInvitation {
    /// The token from the invitation link.
    #[validate(custom(function = "required"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub token: String,
    /// The chosen password (8+ characters, three kinds among lower, upper, digits, others).
    #[validate(custom(function = "validate_new_password"))]
    #[cfg_attr(feature = "openapi", schema(required = true, format = Password))]
    pub password: String,
}

impl std::fmt::Debug for AcceptInvitation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AcceptInvitation(***)")
    }
}

/// `POST /api/v1/auth/password-reset`: ask for a reset link.
#[derive(Clone, Debug, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PasswordResetRequest {
    /// The account's e-mail address.
    #[validate(custom(function = "validate_email"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub email: String,
}

/// `POST /api/v1/auth/password-reset/confirm`: the link's token and the new password.
#[derive(Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PasswordResetConfirm {
    /// The token from the reset link.
    #[validate(custom(function = "required"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub token: String,
    /// The new password (same policy as for a new account).
    #[validate(custom(function = "validate_new_password"))]
    #[cfg_attr(feature = "openapi", schema(required = true, format = Password))]
    pub password: String,
}

impl std::fmt::Debug for PasswordResetConfirm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordResetConfirm(***)")
    }
}

/// Acknowledgement of a request whose outcome is not disclosed (password reset).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Accepted {
    /// French message for the user.
    pub message: String,
}

impl Me {
    /// The actor this account acts as, so the browser can ask the same policy as the server
    /// which sections and actions to offer.
    pub fn actor(&self) -> crate::Actor {
        crate::Actor {
            account_id: self.id,
            role: self.role,
            structure_id: self.structure.id,
            youth_id: self.youth_id,
            partner_id: self.partner.as_ref().map(|p| p.id),
        }
    }

    /// Where to go after login: the requested page if it belongs to the account's face (an
    /// absolute path under its home, never another host), else the face's home.
    pub fn landing_path(&self, requested: Option<&str>) -> String {
        let home = self.face.home_path();
        match requested {
            Some(path)
                if !path.starts_with("//")
                    && (path == home || path.starts_with(&format!("{home}/"))) =>
            {
                path.to_owned()
            }
            _ => home.to_owned(),
        }
    }

    /// Whether the policy lets this account perform `operation`.
    pub fn may(&self, operation: crate::Operation) -> bool {
        crate::authorize(&self.actor(), operation).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn me(role: Role) -> Me {
        Me {
            id: AccountId(Uuid::nil()),
            email: "a@b.fr".into(),
            first_name: "A".into(),
            last_name: "B".into(),
            role,
            face: role.face(),
            structure: StructureRef {
                id: StructureId(Uuid::nil()),
                name: "ML".into(),
            },
            youth_id: None,
            partner: None,
        }
    }

    #[test]
    fn after_login_only_paths_of_the_own_face_are_followed() {
        let counsellor = me(Role::Conseiller);
        assert_eq!(
            counsellor.landing_path(Some("/conseiller/jeunes")),
            "/conseiller/jeunes"
        );
        assert_eq!(counsellor.landing_path(Some("/jeune")), "/conseiller");
        assert_eq!(
            counsellor.landing_path(Some("//evil.example/conseiller")),
            "/conseiller"
        );
        assert_eq!(counsellor.landing_path(Some("/conseillerX")), "/conseiller");
        assert_eq!(me(Role::Jeune).landing_path(None), "/jeune");
    }

    #[test]
    fn the_browser_asks_the_same_policy() {
        assert!(me(Role::Admin).may(crate::Operation::ManageStructure));
        assert!(!me(Role::Admin).may(crate::Operation::ListYouths));
        assert!(
            !me(Role::Jeune).may(crate::Operation::ReadYouth),
            "no file linked"
        );
    }
}
