//! Roles and the face of the app each one lands on.

use serde::{Deserialize, Serialize};

/// What an account is allowed to be. Staff roles belong to a Mission Locale; a young person's
/// account is tied to their file; a partner user to their organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reception staff: first contact, pre-registrations, appointments.
    Accueil,
    /// Counsellor (conseiller) following a portfolio of young people.
    Conseiller,
    /// Team manager.
    Manager,
    /// Director of the Mission Locale.
    Direction,
    /// Administrator of the Mission Locale's accounts and settings.
    Admin,
    /// A young person using the youth app.
    Jeune,
    /// A user of a partner organisation.
    Partenaire,
}

/// The three faces of the single-page app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Face {
    /// The counsellors' dashboard, for every staff role.
    Conseiller,
    /// The youth app (installable PWA).
    Jeune,
    /// The partner portal.
    Partenaire,
}

impl Role {
    /// Every role, in a stable order.
    pub const ALL: [Role; 7] = [
        Role::Accueil,
        Role::Conseiller,
        Role::Manager,
        Role::Direction,
        Role::Admin,
        Role::Jeune,
        Role::Partenaire,
    ];

    /// The roles of a Mission Locale's staff.
    pub const STAFF: [Role; 5] = [
        Role::Accueil,
        Role::Conseiller,
        Role::Manager,
        Role::Direction,
        Role::Admin,
    ];

    /// The stable code used in the API, the database and tokens.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Accueil => "accueil",
            Role::Conseiller => "conseiller",
            Role::Manager => "manager",
            Role::Direction => "direction",
            Role::Admin => "admin",
            Role::Jeune => "jeune",
            Role::Partenaire => "partenaire",
        }
    }

    /// Parses the stable code.
    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == code)
    }

    /// The French label shown in the UI.
    pub const fn label(self) -> &'static str {
        match self {
            Role::Accueil => "Chargé·e d'accueil",
            Role::Conseiller => "Conseiller·ère",
            Role::Manager => "Manager",
            Role::Direction => "Direction",
            Role::Admin => "Administration",
            Role::Jeune => "Jeune",
            Role::Partenaire => "Partenaire",
        }
    }

    /// Whether the role belongs to a Mission Locale's staff.
    pub const fn is_staff(self) -> bool {
        matches!(
            self,
            Role::Accueil | Role::Conseiller | Role::Manager | Role::Direction | Role::Admin
        )
    }

    /// The face of the app this role lands on after login.
    pub const fn face(self) -> Face {
        match self {
            Role::Accueil | Role::Conseiller | Role::Manager | Role::Direction | Role::Admin => {
                Face::Conseiller
            }
            Role::Jeune => Face::Jeune,
            Role::Partenaire => Face::Partenaire,
        }
    }
}

impl Face {
    /// The path of the face's home page in the SPA.
    pub const fn home_path(self) -> &'static str {
        match self {
            Face::Conseiller => "/conseiller",
            Face::Jeune => "/jeune",
            Face::Partenaire => "/partenaire",
        }
    }

    /// Whether an account with `role` may open this face.
    pub const fn admits(self, role: Role) -> bool {
        matches!(
            (self, role.face()),
            (Face::Conseiller, Face::Conseiller)
                | (Face::Jeune, Face::Jeune)
                | (Face::Partenaire, Face::Partenaire)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        assert_eq!(Role::parse("superuser"), None);
    }

    #[test]
    fn each_role_lands_on_its_face() {
        assert_eq!(Role::Accueil.face().home_path(), "/conseiller");
        assert_eq!(Role::Admin.face().home_path(), "/conseiller");
        assert_eq!(Role::Jeune.face().home_path(), "/jeune");
        assert_eq!(Role::Partenaire.face().home_path(), "/partenaire");
        assert!(!Face::Conseiller.admits(Role::Jeune));
        assert!(!Face::Jeune.admits(Role::Conseiller));
        assert!(!Face::Partenaire.admits(Role::Direction));
        assert!(Face::Conseiller.admits(Role::Manager));
    }

    #[test]
    fn staff_roles_are_the_five_of_a_mission_locale() {
        assert!(Role::STAFF.iter().all(|r| r.is_staff()));
        assert!(!Role::Jeune.is_staff());
        assert!(!Role::Partenaire.is_staff());
    }
}
