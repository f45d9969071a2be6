//! The access policy: one place that decides, from the actor's role, structure and links,
//! whether an operation is allowed and on which records.
//!
//! [`authorize`] returns a [`Scope`]; the storage layer turns the scope into a `WHERE` clause,
//! so a query can only ever see the records the policy grants. A record outside the scope is
//! reported as not found (404), an operation the role can never perform as forbidden (403).

use serde::{Deserialize, Serialize};

use crate::ids::{AccountId, PartnerId, StructureId, YouthId};
use crate::role::Role;

/// The authenticated caller, as carried by the access token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The caller's account.
    pub account_id: AccountId,
    /// The caller's role.
    pub role: Role,
    /// The Mission Locale the account belongs to.
    pub structure_id: StructureId,
    /// For a young person: their file.
    pub youth_id: Option<YouthId>,
    /// For a partner user: their organisation.
    pub partner_id: Option<PartnerId>,
}

/// Everything the API lets a caller do. New endpoints add their operation here, and the
/// exhaustive matches below force a decision for every role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    /// See the Mission Locale, its sites and the communes it covers.
    ReadStructure,
    /// Add sites and covered communes.
    ManageStructure,
    /// List the staff of the Mission Locale.
    ListStaff,
    /// Invite a new staff member.
    InviteStaff,
    /// List young people's files.
    ListYouths,
    /// Read one young person's file.
    ReadYouth,
    /// Open a new file.
    CreateYouth,
    /// Invite a young person to create their account.
    InviteYouth,
    /// List partner organisations.
    ListPartners,
    /// Read one partner organisation.
    ReadPartner,
    /// Invite a user of a partner organisation.
    InvitePartnerUser,
    /// Read the audit log.
    ReadAuditLog,
    /// Change fields of a file (a young person: only the fields their Mission Locale allows).
    UpdateYouth,
    /// Read the history of changes of a file.
    ReadYouthHistory,
    /// Confirm the values a young person entered.
    ConfirmYouthChanges,
    /// Detect, scan, merge and dismiss duplicate files.
    ManageDuplicates,
    /// Assign the referent counsellor of a file.
    AssignCounsellor,
    /// Move a file to another Mission Locale.
    TransferYouth,
    /// Download all the data of a file (RGPD right of access).
    ExportYouth,
    /// See who opened a file.
    ReadFileReaders,
    /// Work the reception inbox of pre-registrations.
    ManagePreRegistrations,
    /// Choose what young people may edit in their file.
    ManageFileSettings,
    /// Read the diagnostic, the synthesis, eligibility, interviews and the timeline.
    ReadAccompaniment,
    /// Write a new revision of the diagnostic.
    WriteDiagnostic,
    /// Record an interview.
    RecordInterview,
    /// Read the action plan, contracts and CEJ hours, and download the recap and the bilan.
    ReadPlan,
    /// Write objectives and actions, validate what the young person did.
    ManagePlan,
    /// Comment on an action of the plan.
    CommentOnPlan,
    /// Mark one's own action done (the young person).
    MarkOwnActionDone,
    /// Start, extend and end CEJ and PACEA contracts; PACEA phases.
    ManageContracts,
    /// Declare CEJ activities with their hours.
    DeclareHours,
    /// Validate or refuse declared CEJ hours.
    ValidateHours,
    /// Set the Mission Locale's default hours per qualification.
    ManageHourDefaults,
    /// See agendas (one's own, a colleague's, a site's) and the day's home.
    ReadAgenda,
    /// Add, move and cancel entries of agendas; set one's opening hours.
    ManageAgenda,
    /// Set booking deadlines, reminders and appointment types.
    ManageAgendaSettings,
    /// See free slots and book, move, cancel or confirm a young person's appointments.
    BookAppointment,
    /// See the workshops of the Mission Locale.
    ReadWorkshops,
    /// Create and run workshops: registrations, attendance, feedback results.
    ManageWorkshops,
    /// Register a young person to a workshop or withdraw them.
    RegisterToWorkshop,
    /// Give feedback after a workshop (the young person).
    GiveFeedback,
    /// See the messages sent to a young person and their delivery status.
    ReadMessages,
    /// Get or reset a secret calendar (`.ics`) address.
    ManageCalendarFeed,
    /// Create and update partners' records, their status; a partner user: their own record.
    ManagePartners,
    /// Read and record the history of exchanges with a partner.
    RecordExchanges,
    /// See the Mission Locale's service and job offers.
    ReadOffers,
    /// Publish and update offers and their sessions, organise events and see who registered
    /// to them; a partner user: their organisation's.
    ManageOffers,
    /// Rank offers for a young person and young people for an offer.
    MatchOffers,
    /// See referrals (a partner: those sent to their organisation).
    ReadReferrals,
    /// Refer a young person to an offer (a young person: apply) and move referrals on.
    ManageReferrals,
    /// Exchange messages and documents on a referral between counsellor and partner.
    ExchangeOnReferrals,
    /// Generate letters from a partner's record.
    GenerateLetters,
}

impl Operation {
    /// Every operation, for tests that walk the whole matrix.
    pub const ALL: [Operation; 52] = [
        Operation::ReadStructure,
        Operation::ManageStructure,
        Operation::ListStaff,
        Operation::InviteStaff,
        Operation::ListYouths,
        Operation::ReadYouth,
        Operation::CreateYouth,
        Operation::InviteYouth,
        Operation::ListPartners,
        Operation::ReadPartner,
        Operation::InvitePartnerUser,
        Operation::ReadAuditLog,
        Operation::UpdateYouth,
        Operation::ReadYouthHistory,
        Operation::ConfirmYouthChanges,
        Operation::ManageDuplicates,
        Operation::AssignCounsellor,
        Operation::TransferYouth,
        Operation::ExportYouth,
        Operation::ReadFileReaders,
        Operation::ManagePreRegistrations,
        Operation::ManageFileSettings,
        Operation::ReadAccompaniment,
        Operation::WriteDiagnostic,
        Operation::RecordInterview,
        Operation::ReadPlan,
        Operation::ManagePlan,
        Operation::CommentOnPlan,
        Operation::MarkOwnActionDone,
        Operation::ManageContracts,
        Operation::DeclareHours,
        Operation::ValidateHours,
        Operation::ManageHourDefaults,
        Operation::ReadAgenda,
        Operation::ManageAgenda,
        Operation::ManageAgendaSettings,
        Operation::BookAppointment,
        Operation::ReadWorkshops,
        Operation::ManageWorkshops,
        Operation::RegisterToWorkshop,
        Operation::GiveFeedback,
        Operation::ReadMessages,
        Operation::ManageCalendarFeed,
        Operation::ManagePartners,
        Operation::RecordExchanges,
        Operation::ReadOffers,
        Operation::ManageOffers,
        Operation::MatchOffers,
        Operation::ReadReferrals,
        Operation::ManageReferrals,
        Operation::ExchangeOnReferrals,
        Operation::GenerateLetters,
    ];
}

/// The records an allowed operation may touch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every record of one Mission Locale.
    Structure(StructureId),
    /// Only the young person's own file (within their Mission Locale).
    OwnYouth {
        /// The Mission Locale of the file.
        structure_id: StructureId,
        /// The file.
        youth_id: YouthId,
    },
    /// Only the partner user's own organisation.
    OwnPartner {
        /// The Mission Locale the organisation works with.
        structure_id: StructureId,
        /// The organisation.
        partner_id: PartnerId,
    },
}

/// What a single record belongs to, to check it against a [`Scope`] in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ownership {
    /// The Mission Locale that holds the record.
    pub structure_id: StructureId,
    /// The young person the record is about, if any.
    pub youth_id: Option<YouthId>,
    /// The partner organisation the record is about, if any.
    pub partner_id: Option<PartnerId>,
}

/// Why an operation was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// The role never performs this operation.
    #[error("role {role:?} may not perform {operation:?}")]
    Role {
        /// The caller's role.
        role: Role,
        /// The refused operation.
        operation: Operation,
    },
    /// The account lacks the link its role needs (a youth account without a file…).
    #[error("the account is not linked to the record its role requires")]
    Unlinked,
}

/// What a role is granted for an operation, before the actor's own ids are applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Grant {
    Structure,
    OwnYouth,
    OwnPartner,
    None,
}

fn grant(role: Role, operation: Operation) -> Grant {
    use Grant::{None as No, OwnPartner, OwnYouth, Structure};
    use Role::*;
    match operation {
        Operation::ReadStructure => match role {
            Accueil | Conseiller | Manager | Direction | Admin | Jeune | Partenaire => Structure,
        },
        Operation::ManageStructure => match role {
            Admin => Structure,
            Accueil | Conseiller | Manager | Direction | Jeune | Partenaire => No,
        },
        Operation::ListStaff => match role {
            Accueil | Conseiller | Manager | Direction | Admin => Structure,
            Jeune | Partenaire => No,
        },
        Operation::InviteStaff => match role {
            Direction | Admin => Structure,
            Accueil | Conseiller | Manager | Jeune | Partenaire => No,
        },
        // The administrator manages accounts and settings, not young people's files.
        Operation::ListYouths => match role {
            Accueil | Conseiller | Manager | Direction => Structure,
            Admin | Jeune | Partenaire => No,
        },
        Operation::ReadYouth => match role {
            Accueil | Conseiller | Manager | Direction => Structure,
            Jeune => OwnYouth,
            Admin | Partenaire => No,
        },
        Operation::CreateYouth | Operation::InviteYouth => match role {
            Accueil | Conseiller | Manager => Structure,
            Direction | Admin | Jeune | Partenaire => No,
        },
        Operation::ListPartners => match role {
            Accueil | Conseiller | Manager | Direction | Admin => Structure,
            Jeune | Partenaire => No,
        },
        Operation::ReadPartner => match role {
            Accueil | Conseiller | Manager | Direction | Admin => Structure,
            Partenaire => OwnPartner,
            Jeune => No,
        },
        Operation::InvitePartnerUser => match role {
            Conseiller | Manager | Admin => Structure,
            Accueil | Direction | Jeune | Partenaire => No,
        },
        Operation::ReadAuditLog => match role {
            Direction | Admin => Structure,
            Accueil | Conseiller | Manager | Jeune | Partenaire => No,
        },
        Operation::UpdateYouth => match role {
            Accueil | Conseiller | Manager => Structure,
            Jeune => OwnYouth,
            Direction | Admin | Partenaire => No,
        },
        Operation::ReadYouthHistory | Operation::ExportYouth | Operation::ReadFileReaders => {
            match role {
                Accueil | Conseiller | Manager | Direction => Structure,
                Jeune => OwnYouth,
                Admin | Partenaire => No,
            }
        }
        Operation::ConfirmYouthChanges
        | Operation::ManageDuplicates
        | Operation::ManagePreRegistrations => match role {
            Accueil | Conseiller | Manager => Structure,
            Direction | Admin | Jeune | Partenaire => No,
        },
        Operation::AssignCounsellor => match role {
            Conseiller | Manager | Direction => Structure,
            Accueil | Admin | Jeune | Partenaire => No,
        },
        Operation::TransferYouth => match role {
            Manager | Direction => Structure,
            Accueil | Conseiller | Admin | Jeune | Partenaire => No,
        },
        Operation::ManageFileSettings => match role {
            Direction | Admin => Structure,
            Accueil | Conseiller | Manager | Jeune | Partenaire => No,
        },
        // The diagnostic and interviews are the counsellor's notes: staff who follow files read
        // them; the young person gets the recap document and their plan instead.
        Operation::ReadAccompaniment => match role {
            Accueil | Conseiller | Manager | Direction => Structure,
            Admin | Jeune | Partenaire => No,
        },
        // Reception may write the first needs (A15) and record the first interview.
        Operation::WriteDiagnostic | Operation::RecordInterview => match role {
            Accueil | Conseiller | Manager => Structure,
            Direction | Admin | Jeune | Partenaire => No,
        },
        Operation::ReadPlan => match role {
            Accueil | Conseiller | Manager | Direction => Structure,
            Jeune => OwnYouth,
            Admin | Partenaire => No,
        },
        Operation::ManagePlan | Operation::ManageContracts | Operation::ValidateHours => match role
        {
            Conseiller | Manager => Structure,
            Accueil | Direction | Admin | Jeune | Partenaire => No,
        },
        Operation::CommentOnPlan | Operation::DeclareHours => match role {
            Conseiller | Manager => Structure,
            Jeune => OwnYouth,
            Accueil | Direction | Admin | Partenaire => No,
        },
        Operation::MarkOwnActionDone => match role {
            Jeune => OwnYouth,
            Accueil | Conseiller | Manager | Direction | Admin | Partenaire => No,
        },
        Operation::ManageHourDefaults | Operation::ManageAgendaSettings => match role {
            Manager | Direction | Admin => Structure,
            Accueil | Conseiller | Jeune | Partenaire => No,
        },
        Operation::ReadAgenda => match role {
            Accueil | Conseiller | Manager | Direction => Structure,
            Admin | Jeune | Partenaire => No,
        },
        Operation::ManageAgenda | Operation::ManageWorkshops => match role {
            Accueil | Conseiller | Manager => Structure,
            Direction | Admin | Jeune | Partenaire => No,
        },
        Operation::BookAppointment | Operation::RegisterToWorkshop => match role {
            Accueil | Conseiller | Manager => Structure,
            Jeune => OwnYouth,
            Direction | Admin | Partenaire => No,
        },
        // The workshop catalogue is the Mission Locale's offer, open to its young people.
        Operation::ReadWorkshops => match role {
            Accueil | Conseiller | Manager | Direction | Jeune => Structure,
            Admin | Partenaire => No,
        },
        Operation::GiveFeedback => match role {
            Jeune => OwnYouth,
            Accueil | Conseiller | Manager | Direction | Admin | Partenaire => No,
        },
        Operation::ReadMessages | Operation::ManageCalendarFeed => match role {
            Accueil | Conseiller | Manager | Direction => Structure,
            Jeune => OwnYouth,
            Admin | Partenaire => No,
        },
        // A partner keeps their own record up to date (C7); the Mission Locale qualifies it.
        Operation::ManagePartners => match role {
            Conseiller | Manager | Direction | Admin => Structure,
            Partenaire => OwnPartner,
            Accueil | Jeune => No,
        },
        // The history of exchanges is the Mission Locale's own notes on the partner.
        Operation::RecordExchanges | Operation::GenerateLetters => match role {
            Accueil | Conseiller | Manager | Direction | Admin => Structure,
            Jeune | Partenaire => No,
        },
        // The offers are open to the Mission Locale's young people (D4, D13) and partners
        // (C14, B27).
        Operation::ReadOffers => match role {
            Accueil | Conseiller | Manager | Direction | Admin | Jeune | Partenaire => Structure,
        },
        Operation::ManageOffers => match role {
            Accueil | Conseiller | Manager => Structure,
            Partenaire => OwnPartner,
            Direction | Admin | Jeune => No,
        },
        Operation::MatchOffers => match role {
            Accueil | Conseiller | Manager => Structure,
            Jeune => OwnYouth,
            Direction | Admin | Partenaire => No,
        },
        Operation::ReadReferrals => match role {
            Accueil | Conseiller | Manager | Direction => Structure,
            Jeune => OwnYouth,
            Partenaire => OwnPartner,
            Admin => No,
        },
        Operation::ManageReferrals => match role {
            Accueil | Conseiller | Manager => Structure,
            Jeune => OwnYouth,
            Partenaire => OwnPartner,
            Direction | Admin => No,
        },
        Operation::ExchangeOnReferrals => match role {
            Accueil | Conseiller | Manager => Structure,
            Partenaire => OwnPartner,
            Direction | Admin | Jeune => No,
        },
    }
}

/// Whether the role may start a contract although a required eligibility criterion is not met,
/// with a written reason (A18: "a written override by a manager").
pub const fn may_override_eligibility(role: Role) -> bool {
    matches!(role, Role::Manager)
}

/// Decides whether `actor` may perform `operation`, and on which records.
pub fn authorize(actor: &Actor, operation: Operation) -> Result<Scope, Denied> {
    let structure_id = actor.structure_id;
    match grant(actor.role, operation) {
        Grant::Structure => Ok(Scope::Structure(structure_id)),
        Grant::OwnYouth => actor
            .youth_id
            .map(|youth_id| Scope::OwnYouth {
                structure_id,
                youth_id,
            })
            .ok_or(Denied::Unlinked),
        Grant::OwnPartner => actor
            .partner_id
            .map(|partner_id| Scope::OwnPartner {
                structure_id,
                partner_id,
            })
            .ok_or(Denied::Unlinked),
        Grant::None => Err(Denied::Role {
            role: actor.role,
            operation,
        }),
    }
}

impl Scope {
    /// The Mission Locale the scope is confined to.
    pub const fn structure_id(&self) -> StructureId {
        match *self {
            Scope::Structure(id)
            | Scope::OwnYouth {
                structure_id: id, ..
            }
            | Scope::OwnPartner {
                structure_id: id, ..
            } => id,
        }
    }

    /// Whether a record with this ownership falls inside the scope.
    pub fn covers(&self, record: &Ownership) -> bool {
        match *self {
            Scope::Structure(id) => record.structure_id == id,
            Scope::OwnYouth {
                structure_id,
                youth_id,
            } => record.structure_id == structure_id && record.youth_id == Some(youth_id),
            Scope::OwnPartner {
                structure_id,
                partner_id,
            } => record.structure_id == structure_id && record.partner_id == Some(partner_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn actor(role: Role) -> Actor {
        Actor {
            account_id: AccountId(Uuid::from_u128(1)),
            role,
            structure_id: StructureId(Uuid::from_u128(10)),
            youth_id: (role == Role::Jeune).then_some(YouthId(Uuid::from_u128(100))),
            partner_id: (role == Role::Partenaire).then_some(PartnerId(Uuid::from_u128(200))),
        }
    }

    /// The expected matrix, written out independently of `grant`: S = whole structure,
    /// Y = own file only, P = own organisation only, - = refused.
    /// Columns: accueil, conseiller, manager, direction, admin, jeune, partenaire.
    const MATRIX: [(Operation, [char; 7]); 52] = [
        (
            Operation::ReadStructure,
            ['S', 'S', 'S', 'S', 'S', 'S', 'S'],
        ),
        (
            Operation::ManageStructure,
            ['-', '-', '-', '-', 'S', '-', '-'],
        ),
        (Operation::ListStaff, ['S', 'S', 'S', 'S', 'S', '-', '-']),
        (Operation::InviteStaff, ['-', '-', '-', 'S', 'S', '-', '-']),
        (Operation::ListYouths, ['S', 'S', 'S', 'S', '-', '-', '-']),
        (Operation::ReadYouth, ['S', 'S', 'S', 'S', '-', 'Y', '-']),
        (Operation::CreateYouth, ['S', 'S', 'S', '-', '-', '-', '-']),
        (Operation::InviteYouth, ['S', 'S', 'S', '-', '-', '-', '-']),
        (Operation::ListPartners, ['S', 'S', 'S', 'S', 'S', '-', '-']),
        (Operation::ReadPartner, ['S', 'S', 'S', 'S', 'S', '-', 'P']),
        (
            Operation::InvitePartnerUser,
            ['-', 'S', 'S', '-', 'S', '-', '-'],
        ),
        (Operation::ReadAuditLog, ['-', '-', '-', 'S', 'S', '-', '-']),
        (Operation::UpdateYouth, ['S', 'S', 'S', '-', '-', 'Y', '-']),
        (
            Operation::ReadYouthHistory,
            ['S', 'S', 'S', 'S', '-', 'Y', '-'],
        ),
        (
            Operation::ConfirmYouthChanges,
            ['S', 'S', 'S', '-', '-', '-', '-'],
        ),
        (
            Operation::ManageDuplicates,
            ['S', 'S', 'S', '-', '-', '-', '-'],
        ),
        (
            Operation::AssignCounsellor,
            ['-', 'S', 'S', 'S', '-', '-', '-'],
        ),
        (
            Operation::TransferYouth,
            ['-', '-', 'S', 'S', '-', '-', '-'],
        ),
        (Operation::ExportYouth, ['S', 'S', 'S', 'S', '-', 'Y', '-']),
        (
            Operation::ReadFileReaders,
            ['S', 'S', 'S', 'S', '-', 'Y', '-'],
        ),
        (
            Operation::ManagePreRegistrations,
            ['S', 'S', 'S', '-', '-', '-', '-'],
        ),
        (
            Operation::ManageFileSettings,
            ['-', '-', '-', 'S', 'S', '-', '-'],
        ),
        (
            Operation::ReadAccompaniment,
            ['S', 'S', 'S', 'S', '-', '-', '-'],
        ),
        (
            Operation::WriteDiagnostic,
            ['S', 'S', 'S', '-', '-', '-', '-'],
        ),
        (
            Operation::RecordInterview,
            ['S', 'S', 'S', '-', '-', '-', '-'],
        ),
        (Operation::ReadPlan, ['S', 'S', 'S', 'S', '-', 'Y', '-']),
        (Operation::ManagePlan, ['-', 'S', 'S', '-', '-', '-', '-']),
        (
            Operation::CommentOnPlan,
            ['-', 'S', 'S', '-', '-', 'Y', '-'],
        ),
        (
            Operation::MarkOwnActionDone,
            ['-', '-', '-', '-', '-', 'Y', '-'],
        ),
        (
            Operation::ManageContracts,
            ['-', 'S', 'S', '-', '-', '-', '-'],
        ),
        (Operation::DeclareHours, ['-', 'S', 'S', '-', '-', 'Y', '-']),
        (
            Operation::ValidateHours,
            ['-', 'S', 'S', '-', '-', '-', '-'],
        ),
        (
            Operation::ManageHourDefaults,
            ['-', '-', 'S', 'S', 'S', '-', '-'],
        ),
        (Operation::ReadAgenda, ['S', 'S', 'S', 'S', '-', '-', '-']),
        (Operation::ManageAgenda, ['S', 'S', 'S', '-', '-', '-', '-']),
        (
            Operation::ManageAgendaSettings,
            ['-', '-', 'S', 'S', 'S', '-', '-'],
        ),
        (
            Operation::BookAppointment,
            ['S', 'S', 'S', '-', '-', 'Y', '-'],
        ),
        (
            Operation::ReadWorkshops,
            ['S', 'S', 'S', 'S', '-', 'S', '-'],
        ),
        (
            Operation::ManageWorkshops,
            ['S', 'S', 'S', '-', '-', '-', '-'],
        ),
        (
            Operation::RegisterToWorkshop,
            ['S', 'S', 'S', '-', '-', 'Y', '-'],
        ),
        (Operation::GiveFeedback, ['-', '-', '-', '-', '-', 'Y', '-']),
        (Operation::ReadMessages, ['S', 'S', 'S', 'S', '-', 'Y', '-']),
        (
            Operation::ManageCalendarFeed,
            ['S', 'S', 'S', 'S', '-', 'Y', '-'],
        ),
        (
            Operation::ManagePartners,
            ['-', 'S', 'S', 'S', 'S', '-', 'P'],
        ),
        (
            Operation::RecordExchanges,
            ['S', 'S', 'S', 'S', 'S', '-', '-'],
        ),
        (Operation::ReadOffers, ['S', 'S', 'S', 'S', 'S', 'S', 'S']),
        (Operation::ManageOffers, ['S', 'S', 'S', '-', '-', '-', 'P']),
        (Operation::MatchOffers, ['S', 'S', 'S', '-', '-', 'Y', '-']),
        (
            Operation::ReadReferrals,
            ['S', 'S', 'S', 'S', '-', 'Y', 'P'],
        ),
        (
            Operation::ManageReferrals,
            ['S', 'S', 'S', '-', '-', 'Y', 'P'],
        ),
        (
            Operation::ExchangeOnReferrals,
            ['S', 'S', 'S', '-', '-', '-', 'P'],
        ),
        (
            Operation::GenerateLetters,
            ['S', 'S', 'S', 'S', 'S', '-', '-'],
        ),
    ];

    #[test]
    fn the_matrix_covers_every_operation() {
        for op in Operation::ALL {
            assert!(
                MATRIX.iter().any(|(o, _)| *o == op),
                "{op:?} missing from the matrix"
            );
        }
    }

    #[test]
    fn every_role_and_operation_gets_the_expected_scope() {
        for (op, row) in MATRIX {
            for (role, expected) in Role::ALL.into_iter().zip(row) {
                let a = actor(role);
                let got = authorize(&a, op);
                let want = match expected {
                    'S' => Ok(Scope::Structure(a.structure_id)),
                    'Y' => Ok(Scope::OwnYouth {
                        structure_id: a.structure_id,
                        youth_id: YouthId(Uuid::from_u128(100)),
                    }),
                    'P' => Ok(Scope::OwnPartner {
                        structure_id: a.structure_id,
                        partner_id: PartnerId(Uuid::from_u128(200)),
                    }),
                    _ => Err(Denied::Role {
                        role,
                        operation: op,
                    }),
                };
                assert_eq!(got, want, "{role:?} × {op:?}");
            }
        }
    }

    #[test]
    fn a_youth_account_without_a_file_is_refused_its_own_file() {
        let mut a = actor(Role::Jeune);
        a.youth_id = None;
        assert_eq!(authorize(&a, Operation::ReadYouth), Err(Denied::Unlinked));
    }

    #[test]
    fn scopes_never_cross_structures() {
        let here = StructureId(Uuid::from_u128(10));
        let elsewhere = StructureId(Uuid::from_u128(11));
        let me = YouthId(Uuid::from_u128(100));
        let someone_else = YouthId(Uuid::from_u128(101));
        let record = |structure_id, youth_id| Ownership {
            structure_id,
            youth_id,
            partner_id: None,
        };

        assert!(Scope::Structure(here).covers(&record(here, Some(me))));
        assert!(!Scope::Structure(here).covers(&record(elsewhere, Some(me))));

        let own = Scope::OwnYouth {
            structure_id: here,
            youth_id: me,
        };
        assert!(own.covers(&record(here, Some(me))));
        assert!(!own.covers(&record(here, Some(someone_else))));
        assert!(!own.covers(&record(here, None)));
        assert!(!own.covers(&record(elsewhere, Some(me))));

        let partner = PartnerId(Uuid::from_u128(200));
        let other_partner = PartnerId(Uuid::from_u128(201));
        let own_partner = Scope::OwnPartner {
            structure_id: here,
            partner_id: partner,
        };
        let org = |structure_id, partner_id| Ownership {
            structure_id,
            youth_id: None,
            partner_id,
        };
        assert!(own_partner.covers(&org(here, Some(partner))));
        assert!(!own_partner.covers(&org(here, Some(other_partner))));
        assert!(!own_partner.covers(&org(elsewhere, Some(partner))));
        assert_eq!(own_partner.structure_id(), here);
    }
}
