//! Referrals of young people to offers (B9, B12, C3, C4, D4, D5): creation by staff or by the
//! young person applying, each move with who and when, the live list of an offer, the
//! messages and documents exchanged between the counsellor and the partner.
//!
//! Every read of a referral by staff or a partner, and every change, is audited against the
//! young person's file. A partner sees a referral once sent, and of the young person only
//! their name, age and commune, plus phone and e-mail once they accepted them.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::accompaniment::field_error;
use domain::dto::{
    AuditAction, DocumentInfo, NewReferral, NewReferralMessage, Referral, ReferralFilter,
    ReferralMessage, ReferralMove, ReferralStep, ReferralYouth,
};
use domain::offers::{OfferStatus, ReferralActor, ReferralStatus, RefusalReason, places_left};
use domain::people::age_on;
use domain::{
    Actor, OfferId, OfferSessionId, PartnerId, ReferralId, ReferralMessageId, Role, Scope, YouthId,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::matching::youth_side;
use super::{counts, eligibility_of, kind_of, partner_names};
use crate::audit::{self, AuditContext, Entry};
use crate::entities::{
    account, offer, offer_session, referral, referral_message, referral_step, youth,
};
use crate::partners::commune_name;
use crate::scope::Scoped;
use crate::{Conflict, Db, StorageError, StorageResult};

/// Largest document on a referral (5 MB).
pub const MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;
/// Document types accepted.
pub const DOCUMENT_TYPES: [&str; 4] = ["application/pdf", "image/jpeg", "image/png", "text/plain"];

impl Scoped for referral::Entity {
    fn within(scope: &Scope) -> Condition {
        match *scope {
            Scope::Structure(s) => {
                Condition::all().add(referral::Column::StructureId.eq(s.as_uuid()))
            }
            Scope::OwnYouth {
                structure_id,
                youth_id,
            } => Condition::all()
                .add(referral::Column::StructureId.eq(structure_id.as_uuid()))
                .add(referral::Column::YouthId.eq(youth_id.as_uuid())),
            Scope::OwnPartner {
                structure_id,
                partner_id,
            } => Condition::all()
                .add(referral::Column::StructureId.eq(structure_id.as_uuid()))
                .add(referral::Column::PartnerId.eq(partner_id.as_uuid()))
                .add(referral::Column::Status.ne(ReferralStatus::Proposee.code())),
        }
    }
}

fn side_of(role: Role) -> (&'static str, ReferralActor) {
    match role {
        Role::Partenaire => ("partenaire", ReferralActor::Partner),
        Role::Jeune => ("jeune", ReferralActor::Youth),
        _ => ("mission_locale", ReferralActor::Staff),
    }
}

fn status_of(row: &referral::Model) -> ReferralStatus {
    ReferralStatus::from_code(&row.status).unwrap_or(ReferralStatus::Abandonnee)
}

async fn actor_name(conn: &impl ConnectionTrait, actor: &Actor) -> StorageResult<String> {
    crate::accounts::display_name(conn, actor.account_id).await
}

/// Who signs a step: someone on a side, or Passerelle itself.
struct Signature {
    account_id: Uuid,
    name: String,
    side: &'static str,
}

impl Signature {
    async fn of(conn: &impl ConnectionTrait, actor: &Actor) -> StorageResult<Self> {
        Ok(Self {
            account_id: actor.account_id.as_uuid(),
            name: actor_name(conn, actor).await?,
            side: side_of(actor.role).0,
        })
    }

    /// A step Passerelle takes itself, on behalf of whoever's action led to it.
    fn passerelle(ctx: &AuditContext) -> Self {
        Self {
            account_id: ctx
                .actor
                .as_ref()
                .map_or(Uuid::nil(), |a| a.account_id.as_uuid()),
            name: "Passerelle".to_owned(),
            side: "systeme",
        }
    }
}

async fn add_step(
    conn: &impl ConnectionTrait,
    referral_id: Uuid,
    status: ReferralStatus,
    reason: Option<RefusalReason>,
    comment: Option<String>,
    by: &Signature,
) -> StorageResult<()> {
    referral_step::ActiveModel {
        id: Set(Uuid::new_v4()),
        referral_id: Set(referral_id),
        status: Set(status.code().to_owned()),
        reason: Set(reason.map(|r| r.code().to_owned())),
        comment: Set(comment),
        actor_id: Set(by.account_id),
        actor_name: Set(by.name.clone()),
        side: Set(by.side.to_owned()),
        at: Set(crate::now()),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Takes the offer's row for the rest of the transaction (concurrent acceptances and promotions
/// from the waiting list wait for each other) and reads it.
async fn lock_offer(conn: &impl ConnectionTrait, offer_id: Uuid) -> StorageResult<offer::Model> {
    offer::Entity::update_many()
        .col_expr(offer::Column::UpdatedAt, Expr::value(crate::now()))
        .filter(offer::Column::Id.eq(offer_id))
        .exec(conn)
        .await?;
    offer::Entity::find_by_id(offer_id)
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

fn clean_comment(text: Option<&String>) -> Option<String> {
    text.map(|t| t.trim().chars().take(4000).collect::<String>())
        .filter(|t| !t.is_empty())
}

/// Refers a young person to an offer (staff), or the young person applies (their own scope).
/// Only an open offer whose conditions the young person meets can be chosen; the unmet ones
/// are listed under `eligibility`.
pub async fn create(
    db: &Db,
    ctx: &AuditContext,
    actor: &Actor,
    scope: &Scope,
    input: &NewReferral,
    today: NaiveDate,
) -> StorageResult<Referral> {
    let youth_id = match scope {
        Scope::OwnYouth { youth_id, .. } => Some(*youth_id),
        _ => input.youth_id,
    };
    let mut errors = Vec::new();
    if input.offer_id.is_none() {
        errors.push(field_error("offer_id", "required", "Choisissez une offre."));
    }
    if youth_id.is_none() {
        errors.push(field_error(
            "youth_id",
            "required",
            "Choisissez le jeune à orienter.",
        ));
    }
    if input
        .note
        .as_ref()
        .is_some_and(|n| n.chars().count() > 4000)
    {
        errors.push(field_error(
            "note",
            "too_long",
            "Ce texte est trop long : 4000 caractères au plus.",
        ));
    }
    let (Some(offer_id), Some(youth_id)) = (input.offer_id, youth_id) else {
        return Err(StorageError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(StorageError::Invalid(errors));
    }
    let txn = db.begin_write().await?;
    let file = youth::Entity::find_by_id(youth_id.as_uuid())
        .filter(youth::Entity::within(scope))
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let o = super::find_in_structure(&txn, scope.structure_id(), offer_id)
        .await
        .map_err(|_| {
            StorageError::Invalid(vec![field_error(
                "offer_id",
                "unknown_offer",
                "Cette offre n'existe pas ou n'est pas proposée par votre Mission Locale.",
            )])
        })?;
    if o.status != OfferStatus::Ouverte.code() {
        return Err(StorageError::NotNow(
            "Cette offre n'est plus ouverte : choisissez-en une autre.",
        ));
    }
    if let Some(session_id) = input.session_id {
        let found = offer_session::Entity::find_by_id(session_id.as_uuid())
            .filter(offer_session::Column::OfferId.eq(o.id))
            .one(&txn)
            .await?;
        if found.is_none() {
            return Err(StorageError::Invalid(vec![field_error(
                "session_id",
                "unknown_session",
                "Cette session n'appartient pas à l'offre.",
            )]));
        }
    }
    let side = youth_side(&txn, &file, today).await?;
    let unmet = eligibility_of(&o).unmet(&side.facts);
    if !unmet.is_empty() {
        return Err(StorageError::Invalid(
            unmet
                .into_iter()
                .map(|u| {
                    field_error(
                        format!("eligibility.{}", u.criterion),
                        "not_eligible",
                        u.message,
                    )
                })
                .collect(),
        ));
    }
    let already = referral::Entity::find()
        .filter(referral::Column::OfferId.eq(o.id))
        .filter(referral::Column::YouthId.eq(file.id))
        .all(&txn)
        .await?
        .iter()
        .any(|r| !status_of(r).is_final());
    if already {
        return Err(StorageError::Conflict(Conflict::AlreadyReferred));
    }
    let (_, actor_kind) = side_of(actor.role);
    let status = if input.send && actor_kind == ReferralActor::Staff {
        ReferralStatus::Envoyee
    } else {
        ReferralStatus::Proposee
    };
    let now = crate::now();
    let id = Uuid::new_v4();
    let row = referral::ActiveModel {
        id: Set(id),
        structure_id: Set(file.structure_id),
        offer_id: Set(o.id),
        session_id: Set(input.session_id.map(OfferSessionId::as_uuid)),
        youth_id: Set(file.id),
        partner_id: Set(o.partner_id),
        status: Set(status.code().to_owned()),
        refusal_reason: Set(None),
        note: Set(clean_comment(input.note.as_ref())),
        created_by: Set(actor.account_id.as_uuid()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let by = Signature::of(&txn, actor).await?;
    add_step(&txn, id, ReferralStatus::Proposee, None, None, &by).await?;
    if status == ReferralStatus::Envoyee {
        add_step(&txn, id, status, None, None, &by).await?;
    }
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Create, "referral", Some(id))
            .youth(YouthId(file.id))
            .summary(format!("Orientation vers « {} »", o.title)),
    )
    .await?;
    let view = view_of(&txn, actor, row).await?;
    txn.commit().await?;
    Ok(view)
}

/// Moves a referral on (the policy of who may do what is the domain's). Accepting takes a
/// place: with no place left, the answer is a conflict that suggests the waiting list.
pub async fn move_to(
    db: &Db,
    ctx: &AuditContext,
    actor: &Actor,
    scope: &Scope,
    id: ReferralId,
    input: &ReferralMove,
) -> StorageResult<Referral> {
    let txn = db.begin_write().await?;
    let row = referral::Entity::find_by_id(id.as_uuid())
        .filter(referral::Entity::within(scope))
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let Some(to) = input.status else {
        return Err(StorageError::Invalid(vec![field_error(
            "status",
            "required",
            "Choisissez le nouveau statut.",
        )]));
    };
    let from = status_of(&row);
    from.check_move(to, side_of(actor.role).1, input.reason)
        .map_err(|e| StorageError::Invalid(vec![e]))?;
    if to == ReferralStatus::Acceptee {
        let o = lock_offer(&txn, row.offer_id).await?;
        let (by_offer, by_session) = counts(&txn, &[o.id]).await?;
        let offer_full =
            places_left(o.capacity, by_offer.get(&o.id).map_or(0, |c| c.taken)) == Some(0);
        let session_full = match row.session_id {
            Some(s) => {
                let capacity = offer_session::Entity::find_by_id(s)
                    .one(&txn)
                    .await?
                    .and_then(|s| s.capacity);
                places_left(capacity, by_session.get(&s).map_or(0, |c| c.taken)) == Some(0)
            }
            None => false,
        };
        if offer_full || session_full {
            return Err(StorageError::Conflict(Conflict::OfferFull));
        }
    }
    let comment = clean_comment(input.comment.as_ref());
    add_step(
        &txn,
        row.id,
        to,
        input.reason.filter(|_| to == ReferralStatus::Refusee),
        comment,
        &Signature::of(&txn, actor).await?,
    )
    .await?;
    let youth_id = row.youth_id;
    let mut model: referral::ActiveModel = row.into();
    model.status = Set(to.code().to_owned());
    if to == ReferralStatus::Refusee {
        model.refusal_reason = Set(input.reason.map(|r| r.code().to_owned()));
    }
    model.updated_at = Set(crate::now());
    let row = model.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Update, "referral", Some(row.id))
            .youth(YouthId(youth_id))
            .structure(domain::StructureId(row.structure_id))
            .summary(format!("Orientation : {} → {}", from.label(), to.label())),
    )
    .await?;
    if from.holds_a_place() && !to.holds_a_place() {
        fill_from_waiting_list(&txn, ctx, row.offer_id).await?;
    }
    let view = view_of(&txn, actor, row).await?;
    txn.commit().await?;
    Ok(view)
}

/// Gives the places free on an offer (and in its sessions) to its waiting list, in the order the
/// young people were put on it (`updated_at`: only a move changes it): each is accepted, with a
/// step signed by Passerelle. Called in the transaction of whatever frees a place — a referral
/// that held one ends, the capacity grows — and takes the offer's row first, so that it cannot
/// overbook with an acceptance at the same time. Nothing happens on an offer that is not open.
pub(crate) async fn fill_from_waiting_list(
    conn: &impl ConnectionTrait,
    ctx: &AuditContext,
    offer_id: Uuid,
) -> StorageResult<()> {
    let o = lock_offer(conn, offer_id).await?;
    if o.status != OfferStatus::Ouverte.code() {
        return Ok(());
    }
    let waiting = referral::Entity::find()
        .filter(referral::Column::OfferId.eq(offer_id))
        .filter(referral::Column::Status.eq(ReferralStatus::ListeAttente.code()))
        .order_by_asc(referral::Column::UpdatedAt)
        .order_by_asc(referral::Column::Id)
        .all(conn)
        .await?;
    if waiting.is_empty() {
        return Ok(());
    }
    let (by_offer, by_session) = counts(conn, &[offer_id]).await?;
    let mut offer_taken = by_offer.get(&offer_id).map_or(0, |c| c.taken);
    let session_capacity: HashMap<Uuid, Option<i32>> = offer_session::Entity::find()
        .filter(offer_session::Column::OfferId.eq(offer_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s.capacity))
        .collect();
    let mut session_taken: HashMap<Uuid, i64> =
        by_session.iter().map(|(id, c)| (*id, c.taken)).collect();
    let by = Signature::passerelle(ctx);
    for r in waiting {
        if places_left(o.capacity, offer_taken) == Some(0) {
            break;
        }
        if let Some(session) = r.session_id {
            let capacity = session_capacity.get(&session).copied().flatten();
            let taken = session_taken.entry(session).or_default();
            if places_left(capacity, *taken) == Some(0) {
                continue;
            }
            *taken += 1;
        }
        offer_taken += 1;
        add_step(
            conn,
            r.id,
            ReferralStatus::Acceptee,
            None,
            Some(
                "Une place s'est libérée : en tête de la liste d'attente, orientation acceptée \
                 automatiquement."
                    .to_owned(),
            ),
            &by,
        )
        .await?;
        let (youth_id, structure_id) = (r.youth_id, r.structure_id);
        let mut model: referral::ActiveModel = r.into();
        model.status = Set(ReferralStatus::Acceptee.code().to_owned());
        model.updated_at = Set(crate::now());
        let row = model.update(conn).await?;
        audit::record(
            conn,
            ctx,
            Entry::new(AuditAction::Update, "referral", Some(row.id))
                .youth(YouthId(youth_id))
                .structure(domain::StructureId(structure_id))
                .summary(format!(
                    "Orientation : {} → {} (place libérée, « {} »)",
                    ReferralStatus::ListeAttente.label(),
                    ReferralStatus::Acceptee.label(),
                    o.title
                )),
        )
        .await?;
    }
    Ok(())
}

/// Builds what the caller sees of a referral.
async fn view_of(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    row: referral::Model,
) -> StorageResult<Referral> {
    let mut views = views_of(conn, actor, vec![row], true).await?;
    views.pop().ok_or(StorageError::NotFound)
}

async fn views_of(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    rows: Vec<referral::Model>,
    with_steps: bool,
) -> StorageResult<Vec<Referral>> {
    let offer_ids: Vec<Uuid> = rows.iter().map(|r| r.offer_id).collect();
    let youth_ids: Vec<Uuid> = rows.iter().map(|r| r.youth_id).collect();
    let offers: HashMap<Uuid, offer::Model> = offer::Entity::find()
        .filter(offer::Column::Id.is_in(offer_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let youths: HashMap<Uuid, youth::Model> = youth::Entity::find()
        .filter(youth::Column::Id.is_in(youth_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|y| (y.id, y))
        .collect();
    let partners = partner_names(conn, rows.iter().filter_map(|r| r.partner_id)).await?;
    let counsellors: HashMap<Uuid, String> = account::Entity::find()
        .filter(account::Column::Id.is_in(youths.values().filter_map(|y| y.counsellor_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, format!("{} {}", a.first_name, a.last_name)))
        .collect();
    let sessions: HashMap<Uuid, NaiveDate> = offer_session::Entity::find()
        .filter(offer_session::Column::Id.is_in(rows.iter().filter_map(|r| r.session_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s.starts_on))
        .collect();
    let mut steps: HashMap<Uuid, Vec<ReferralStep>> = HashMap::new();
    if with_steps {
        for s in referral_step::Entity::find()
            .filter(referral_step::Column::ReferralId.is_in(rows.iter().map(|r| r.id)))
            .order_by_asc(referral_step::Column::At)
            .all(conn)
            .await?
        {
            steps.entry(s.referral_id).or_default().push(ReferralStep {
                status: ReferralStatus::from_code(&s.status).unwrap_or(ReferralStatus::Proposee),
                at: s.at,
                by_name: s.actor_name,
                side: s.side,
                reason: s.reason.as_deref().and_then(RefusalReason::from_code),
                comment: s.comment,
            });
        }
    }
    let today = domain::accompaniment::paris_date(crate::now());
    let (_, actor_kind) = side_of(actor.role);
    let mut views = Vec::with_capacity(rows.len());
    for r in rows {
        let (Some(o), Some(y)) = (offers.get(&r.offer_id), youths.get(&r.youth_id)) else {
            continue;
        };
        let status = status_of(&r);
        let partner_view = actor_kind == ReferralActor::Partner;
        let contact_ok =
            !partner_view || status.holds_a_place() || status == ReferralStatus::Terminee;
        views.push(Referral {
            id: ReferralId(r.id),
            offer_id: OfferId(o.id),
            offer_title: o.title.clone(),
            offer_kind: kind_of(o),
            partner_id: r.partner_id.map(PartnerId),
            partner_name: r.partner_id.and_then(|p| partners.get(&p).cloned()),
            session_id: r.session_id.map(OfferSessionId),
            session_starts_on: r.session_id.and_then(|s| sessions.get(&s).copied()),
            youth: ReferralYouth {
                id: (!partner_view).then_some(YouthId(y.id)),
                first_name: y.first_name.clone(),
                last_name: y.last_name.clone(),
                age: age_on(y.birth_date, today),
                commune_name: commune_name(y.commune.as_deref()),
                phone: y.phone.clone().filter(|_| contact_ok),
                email: y.email.clone().filter(|_| contact_ok),
            },
            counsellor_name: y.counsellor_id.and_then(|c| counsellors.get(&c).cloned()),
            status,
            refusal_reason: r
                .refusal_reason
                .as_deref()
                .and_then(RefusalReason::from_code),
            note: r.note.clone(),
            steps: steps.remove(&r.id).unwrap_or_default(),
            next: status.next(actor_kind),
            created_at: r.created_at,
            updated_at: r.updated_at,
        });
    }
    Ok(views)
}

/// One referral, audited as a read of the young person's file (staff and partners).
pub async fn detail(
    db: &Db,
    ctx: &AuditContext,
    actor: &Actor,
    scope: &Scope,
    id: ReferralId,
) -> StorageResult<Referral> {
    let txn = db.begin_write().await?;
    let row = referral::Entity::find_by_id(id.as_uuid())
        .filter(referral::Entity::within(scope))
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    if actor.role != Role::Jeune {
        audit::record(
            &txn,
            ctx,
            Entry::new(AuditAction::Read, "referral", Some(row.id))
                .youth(YouthId(row.youth_id))
                .structure(domain::StructureId(row.structure_id))
                .summary("Consultation d'une orientation"),
        )
        .await?;
    }
    let view = view_of(&txn, actor, row).await?;
    txn.commit().await?;
    Ok(view)
}

/// Referrals within the scope, most recently changed first (at most 200); each young person
/// whose referral a partner or staff member sees is audited.
pub async fn list(
    db: &Db,
    ctx: &AuditContext,
    actor: &Actor,
    scope: &Scope,
    filter: &ReferralFilter,
) -> StorageResult<Vec<Referral>> {
    let txn = db.begin_write().await?;
    let mut select = referral::Entity::find().filter(referral::Entity::within(scope));
    if let Some(offer_id) = filter.offer_id {
        select = select.filter(referral::Column::OfferId.eq(offer_id.as_uuid()));
    }
    if let Some(youth_id) = filter.youth_id {
        select = select.filter(referral::Column::YouthId.eq(youth_id.as_uuid()));
    }
    if let Some(status) = filter.status {
        select = select.filter(referral::Column::Status.eq(status.code()));
    } else if filter.active.unwrap_or(true) {
        select = select.filter(
            referral::Column::Status.is_in(
                ReferralStatus::ALL
                    .iter()
                    .filter(|s| !s.is_final())
                    .map(|s| s.code()),
            ),
        );
    }
    let rows = select
        .order_by_desc(referral::Column::UpdatedAt)
        .order_by_asc(referral::Column::Id)
        .limit(200)
        .all(&txn)
        .await?;
    if actor.role != Role::Jeune {
        let mut seen: Vec<Uuid> = rows.iter().map(|r| r.youth_id).collect();
        seen.sort();
        seen.dedup();
        for youth_id in seen {
            audit::record(
                &txn,
                ctx,
                Entry::new(AuditAction::Read, "referral", None)
                    .youth(YouthId(youth_id))
                    .structure(scope.structure_id())
                    .summary("Consultation des orientations"),
            )
            .await?;
        }
    }
    // One young person's referrals come with their steps (the file's tab shows them).
    let views = views_of(&txn, actor, rows, filter.youth_id.is_some()).await?;
    txn.commit().await?;
    Ok(views)
}

async fn find_for_exchange(
    conn: &impl ConnectionTrait,
    scope: &Scope,
    id: ReferralId,
) -> StorageResult<referral::Model> {
    referral::Entity::find_by_id(id.as_uuid())
        .filter(referral::Entity::within(scope))
        .one(conn)
        .await?
        .ok_or(StorageError::NotFound)
}

fn message_of(m: referral_message::Model) -> ReferralMessage {
    ReferralMessage {
        id: ReferralMessageId(m.id),
        at: m.created_at,
        author_name: m.author_name,
        side: m.side,
        body: m.body,
        document: m.doc_name.map(|name| DocumentInfo {
            name,
            content_type: m.doc_type.unwrap_or_default(),
            size: m.doc_size.unwrap_or(0),
        }),
    }
}

/// The messages of a referral, oldest first.
pub async fn messages(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: ReferralId,
) -> StorageResult<Vec<ReferralMessage>> {
    let txn = db.begin_write().await?;
    let row = find_for_exchange(&txn, scope, id).await?;
    let messages = referral_message::Entity::find()
        .select_only()
        .columns([
            referral_message::Column::Id,
            referral_message::Column::ReferralId,
            referral_message::Column::AuthorId,
            referral_message::Column::AuthorName,
            referral_message::Column::Side,
            referral_message::Column::Body,
            referral_message::Column::DocName,
            referral_message::Column::DocType,
            referral_message::Column::DocSize,
            referral_message::Column::CreatedAt,
        ])
        .column_as(Expr::value(Option::<Vec<u8>>::None), "doc_bytes")
        .filter(referral_message::Column::ReferralId.eq(row.id))
        .order_by_asc(referral_message::Column::CreatedAt)
        .all(&txn)
        .await?
        .into_iter()
        .map(message_of)
        .collect();
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Read, "referral", Some(row.id))
            .youth(YouthId(row.youth_id))
            .structure(domain::StructureId(row.structure_id))
            .summary("Consultation des échanges sur une orientation"),
    )
    .await?;
    txn.commit().await?;
    Ok(messages)
}

/// A document to attach.
#[derive(Clone, Debug)]
pub struct Document {
    /// File name as uploaded.
    pub name: String,
    /// MIME type.
    pub content_type: String,
    /// Content.
    pub bytes: Vec<u8>,
}

/// Writes a message (with an optional document) on a referral.
pub async fn post_message(
    db: &Db,
    ctx: &AuditContext,
    actor: &Actor,
    scope: &Scope,
    id: ReferralId,
    input: &NewReferralMessage,
    document: Option<Document>,
) -> StorageResult<ReferralMessage> {
    let body = input.body.trim();
    if body.is_empty() && document.is_none() {
        return Err(StorageError::Invalid(vec![field_error(
            "body",
            "required",
            "Écrivez un message ou joignez un document.",
        )]));
    }
    if body.chars().count() > 4000 {
        return Err(StorageError::Invalid(vec![field_error(
            "body",
            "too_long",
            "Ce texte est trop long : 4000 caractères au plus.",
        )]));
    }
    if let Some(doc) = &document {
        if doc.bytes.is_empty() || doc.bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(StorageError::Invalid(vec![field_error(
                "document",
                "size",
                "Le document doit faire entre 1 octet et 5 Mo.",
            )]));
        }
        if !DOCUMENT_TYPES.contains(&doc.content_type.as_str()) {
            return Err(StorageError::Invalid(vec![field_error(
                "document",
                "type",
                "Type de document non accepté : PDF, JPEG, PNG ou texte.",
            )]));
        }
    }
    let txn = db.begin_write().await?;
    let row = find_for_exchange(&txn, scope, id).await?;
    let name = actor_name(&txn, actor).await?;
    let message = referral_message::ActiveModel {
        id: Set(Uuid::new_v4()),
        referral_id: Set(row.id),
        author_id: Set(actor.account_id.as_uuid()),
        author_name: Set(name),
        side: Set(side_of(actor.role).0.to_owned()),
        body: Set(body.to_owned()),
        doc_name: Set(document
            .as_ref()
            .map(|d| d.name.chars().take(150).collect())),
        doc_type: Set(document.as_ref().map(|d| d.content_type.clone())),
        doc_size: Set(document
            .as_ref()
            .map(|d| i32::try_from(d.bytes.len()).unwrap_or(i32::MAX))),
        doc_bytes: Set(document.map(|d| d.bytes)),
        created_at: Set(crate::now()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Create, "referral_message", Some(message.id))
            .youth(YouthId(row.youth_id))
            .structure(domain::StructureId(row.structure_id))
            .summary("Message sur une orientation"),
    )
    .await?;
    txn.commit().await?;
    Ok(message_of(message))
}

/// A document attached to a message of a referral.
pub async fn document(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    id: ReferralId,
    message_id: ReferralMessageId,
) -> StorageResult<Document> {
    let txn = db.begin_write().await?;
    let row = find_for_exchange(&txn, scope, id).await?;
    let message = referral_message::Entity::find_by_id(message_id.as_uuid())
        .filter(referral_message::Column::ReferralId.eq(row.id))
        .one(&txn)
        .await?
        .ok_or(StorageError::NotFound)?;
    let (Some(name), Some(content_type), Some(bytes)) =
        (message.doc_name, message.doc_type, message.doc_bytes)
    else {
        return Err(StorageError::NotFound);
    };
    audit::record(
        &txn,
        ctx,
        Entry::new(AuditAction::Read, "referral_message", Some(message.id))
            .youth(YouthId(row.youth_id))
            .structure(domain::StructureId(row.structure_id))
            .summary(format!("Téléchargement du document « {name} »")),
    )
    .await?;
    txn.commit().await?;
    Ok(Document {
        name,
        content_type,
        bytes,
    })
}

/// Moves the referrals of a merged file to the file kept.
pub async fn move_records(conn: &impl ConnectionTrait, from: Uuid, to: Uuid) -> StorageResult<()> {
    referral::Entity::update_many()
        .col_expr(referral::Column::YouthId, Expr::value(to))
        .filter(referral::Column::YouthId.eq(from))
        .exec(conn)
        .await?;
    Ok(())
}

/// Blanks the free texts of a purged file's referrals (notes, comments, messages, documents).
pub async fn forget(conn: &impl ConnectionTrait, youth_id: Uuid) -> StorageResult<()> {
    let ids: Vec<Uuid> = referral::Entity::find()
        .select_only()
        .column(referral::Column::Id)
        .filter(referral::Column::YouthId.eq(youth_id))
        .into_tuple()
        .all(conn)
        .await?;
    if ids.is_empty() {
        return Ok(());
    }
    referral::Entity::update_many()
        .col_expr(referral::Column::Note, Expr::value(Option::<String>::None))
        .filter(referral::Column::Id.is_in(ids.clone()))
        .exec(conn)
        .await?;
    referral_step::Entity::update_many()
        .col_expr(
            referral_step::Column::Comment,
            Expr::value(Option::<String>::None),
        )
        .filter(referral_step::Column::ReferralId.is_in(ids.clone()))
        .exec(conn)
        .await?;
    referral_message::Entity::delete_many()
        .filter(referral_message::Column::ReferralId.is_in(ids))
        .exec(conn)
        .await?;
    Ok(())
}
