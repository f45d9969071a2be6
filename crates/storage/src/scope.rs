//! Turns the policy's [`Scope`] into `WHERE` clauses, per table.

use domain::Scope;
use sea_orm::{ColumnTrait, Condition};

use crate::entities::{account, audit_event, partner, structure, youth};

/// A table whose rows can be confined to a scope.
pub trait Scoped {
    /// The condition that keeps only the rows the scope grants.
    fn within(scope: &Scope) -> Condition;
}

fn never<C: ColumnTrait>(primary_key: C) -> Condition {
    Condition::all().add(primary_key.is_null())
}

impl Scoped for youth::Entity {
    fn within(scope: &Scope) -> Condition {
        match *scope {
            Scope::Structure(s) => Condition::all().add(youth::Column::StructureId.eq(s.as_uuid())),
            Scope::OwnYouth {
                structure_id,
                youth_id,
            } => Condition::all()
                .add(youth::Column::StructureId.eq(structure_id.as_uuid()))
                .add(youth::Column::Id.eq(youth_id.as_uuid())),
            Scope::OwnPartner { .. } => never(youth::Column::Id),
        }
    }
}

impl Scoped for partner::Entity {
    fn within(scope: &Scope) -> Condition {
        match *scope {
            Scope::Structure(s) => {
                Condition::all().add(partner::Column::StructureId.eq(s.as_uuid()))
            }
            Scope::OwnPartner {
                structure_id,
                partner_id,
            } => Condition::all()
                .add(partner::Column::StructureId.eq(structure_id.as_uuid()))
                .add(partner::Column::Id.eq(partner_id.as_uuid())),
            Scope::OwnYouth { .. } => never(partner::Column::Id),
        }
    }
}

impl Scoped for structure::Entity {
    fn within(scope: &Scope) -> Condition {
        Condition::all().add(structure::Column::Id.eq(scope.structure_id().as_uuid()))
    }
}

impl Scoped for account::Entity {
    /// Accounts are listed per structure only (staff lists); narrower scopes see none.
    fn within(scope: &Scope) -> Condition {
        match *scope {
            Scope::Structure(s) => {
                Condition::all().add(account::Column::StructureId.eq(s.as_uuid()))
            }
            Scope::OwnYouth { .. } | Scope::OwnPartner { .. } => never(account::Column::Id),
        }
    }
}

impl Scoped for audit_event::Entity {
    fn within(scope: &Scope) -> Condition {
        match *scope {
            Scope::Structure(s) => {
                Condition::all().add(audit_event::Column::StructureId.eq(s.as_uuid()))
            }
            Scope::OwnYouth { .. } | Scope::OwnPartner { .. } => never(audit_event::Column::Id),
        }
    }
}
