//! Referrals (orientations, B9, B12, C3, D4, D5): a young person proposed to an offer, by a
//! counsellor or by applying from the app, and each step up to the service delivered.
//!
//! ```text
//! proposée ─▶ envoyée ─▶ acceptée ─▶ en cours ─▶ terminée
//!                │  ▲        ▲            └────▶ abandonnée
//!                │  └ liste d'attente ─┘
//!                └▶ refusée (with a reason)
//! ```
//! Any step before the end can be dropped (abandonnée). Who may move a referral depends on
//! who they are: the partner answers and reports progress, staff can do everything on the
//! partner's behalf, the young person can only withdraw.

use crate::accompaniment::field_error;
use crate::error::FieldError;
use crate::file::lists::closed_list;

closed_list! {
    /// Where a referral stands.
    ReferralStatus {
        /// Positioned, not yet sent to the partner (a counsellor's proposal or the young
        /// person's application waiting for the counsellor).
        Proposee = "proposee" => "Proposée",
        /// Sent to the partner, waiting for their answer.
        Envoyee = "envoyee" => "Envoyée au partenaire",
        /// No place now: on the waiting list.
        ListeAttente = "liste_attente" => "Sur liste d'attente",
        /// Accepted by the partner.
        Acceptee = "acceptee" => "Acceptée",
        /// Refused by the partner, with a reason.
        Refusee = "refusee" => "Refusée",
        /// The young person has started.
        EnCours = "en_cours" => "En cours",
        /// Service delivered.
        Terminee = "terminee" => "Terminée",
        /// Dropped before the end.
        Abandonnee = "abandonnee" => "Abandonnée",
    }
}

closed_list! {
    /// Why a partner refused a referral.
    RefusalReason {
        /// The profile does not fit the offer.
        ProfilNonAdapte = "profil_non_adapte" => "Profil non adapté à l'offre",
        /// No place left and no waiting list.
        Complet = "complet" => "Plus de place",
        /// The young person could not be reached.
        Injoignable = "injoignable" => "Jeune injoignable",
        /// The young person did not come to the meeting.
        Absent = "absent" => "Absent au rendez-vous",
        /// Anything else (say what in the comment).
        Autre = "autre" => "Autre motif",
    }
}

/// Who moves a referral.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReferralActor {
    /// Mission Locale staff.
    Staff,
    /// A user of the partner that runs the offer.
    Partner,
    /// The young person.
    Youth,
}

impl ReferralStatus {
    /// Whether the referral is over.
    pub const fn is_final(self) -> bool {
        matches!(self, Self::Refusee | Self::Terminee | Self::Abandonnee)
    }

    /// Whether the young person holds one of the offer's places.
    pub const fn holds_a_place(self) -> bool {
        matches!(self, Self::Acceptee | Self::EnCours)
    }

    /// Whether the partner sees the referral (from the moment it is sent).
    pub const fn visible_to_partner(self) -> bool {
        !matches!(self, Self::Proposee)
    }

    /// The statuses `actor` may move a referral to from this one.
    pub fn next(self, actor: ReferralActor) -> Vec<ReferralStatus> {
        use ReferralActor::{Partner, Staff, Youth};
        use ReferralStatus::*;
        let answers = [ListeAttente, Acceptee, Refusee];
        let mut next: Vec<ReferralStatus> = match (self, actor) {
            (Proposee, Staff) => vec![Envoyee],
            (Envoyee, Staff | Partner) => answers.to_vec(),
            (ListeAttente, Staff | Partner) => vec![Acceptee, Refusee],
            (Acceptee, Staff | Partner) => vec![EnCours],
            (EnCours, Staff | Partner) => vec![Terminee],
            _ => vec![],
        };
        let may_drop = match actor {
            Staff => !self.is_final(),
            Youth => matches!(self, Proposee | Envoyee | ListeAttente | Acceptee),
            Partner => matches!(self, Acceptee | EnCours),
        };
        if may_drop {
            next.push(Abandonnee);
        }
        next
    }

    /// Checks a move: allowed for the actor, and a refusal carries its reason.
    pub fn check_move(
        self,
        to: ReferralStatus,
        actor: ReferralActor,
        reason: Option<RefusalReason>,
    ) -> Result<(), FieldError> {
        if !self.next(actor).contains(&to) {
            let allowed: Vec<&str> = self.next(actor).iter().map(|s| s.label()).collect();
            let hint = if allowed.is_empty() {
                "plus aucun changement n'est possible pour vous.".to_owned()
            } else {
                format!("possible : {}.", allowed.join(", "))
            };
            return Err(field_error(
                "status",
                "invalid_transition",
                format!(
                    "Impossible de passer de « {} » à « {} » : {hint}",
                    self.label(),
                    to.label()
                ),
            ));
        }
        if to == Self::Refusee && reason.is_none() {
            return Err(field_error(
                "reason",
                "required",
                "Indiquez le motif du refus.",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::ReferralActor::*;
    use super::ReferralStatus::*;
    use super::*;

    #[test]
    fn the_partner_answers_then_reports_progress() {
        assert_eq!(Envoyee.next(Partner), [ListeAttente, Acceptee, Refusee]);
        assert!(Envoyee.check_move(Acceptee, Partner, None).is_ok());
        assert!(Acceptee.check_move(EnCours, Partner, None).is_ok());
        assert!(EnCours.check_move(Terminee, Partner, None).is_ok());
        assert!(ListeAttente.check_move(Acceptee, Partner, None).is_ok());
        // A partner never sees nor sends a proposal.
        assert!(Proposee.next(Partner).is_empty());
    }

    #[test]
    fn a_refusal_needs_its_reason() {
        let err = Envoyee.check_move(Refusee, Partner, None).unwrap_err();
        assert_eq!(err.field, "reason");
        assert!(
            Envoyee
                .check_move(Refusee, Partner, Some(RefusalReason::Complet))
                .is_ok()
        );
    }

    #[test]
    fn the_young_person_can_only_withdraw_before_starting() {
        assert_eq!(Proposee.next(Youth), [Abandonnee]);
        assert_eq!(Acceptee.next(Youth), [Abandonnee]);
        assert!(EnCours.next(Youth).is_empty());
        let err = Envoyee.check_move(Acceptee, Youth, None).unwrap_err();
        assert_eq!(err.code, "invalid_transition");
        assert!(err.message.contains("Abandonnée"));
    }

    #[test]
    fn final_statuses_do_not_move() {
        for status in [Refusee, Terminee, Abandonnee] {
            assert!(status.is_final());
            for actor in [Staff, Partner, Youth] {
                assert!(status.next(actor).is_empty(), "{status:?} {actor:?}");
            }
        }
        let err = Terminee.check_move(EnCours, Staff, None).unwrap_err();
        assert!(err.message.contains("plus aucun changement"));
    }

    #[test]
    fn places_and_visibility() {
        let holding: Vec<_> = ReferralStatus::ALL
            .iter()
            .filter(|s| s.holds_a_place())
            .collect();
        assert_eq!(holding, [&Acceptee, &EnCours]);
        assert!(!Proposee.visible_to_partner());
        assert!(Envoyee.visible_to_partner());
    }
}
