//! Messages to young people (confirmations, reminders, cancellations, waiting-list seats,
//! feedback requests): queued in the transaction of the change that causes them, each with a
//! `send_message` job due at its time, so they survive a restart. The worker hands a message
//! to the provider once: a message already sent is never sent again, and the provider receives
//! the message's id as an idempotency key for the case of a crash between the two.

use chrono::{DateTime, Utc};
use domain::accompaniment::paris_text;
use domain::agenda::{AgendaSettings, MessageChannel, MessageKind, MessageStatus};
use domain::dto::MessageView;
use domain::{MessageId, Scope, YouthId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use super::code;
use crate::accompaniment::record_read;
use crate::audit::AuditContext;
use crate::entities::{message, youth};
use crate::jobs::{self, NewJob};
use crate::youths::find_in_scope;
use crate::{Db, StorageResult};

/// The job kind that delivers a message.
pub const SEND_MESSAGE: &str = "send_message";

/// What a message is about.
#[derive(Clone, Debug)]
pub(crate) struct About {
    pub(crate) event_id: Option<Uuid>,
    pub(crate) workshop_id: Option<Uuid>,
    /// "votre rendez-vous « Entretien de suivi » avec Camille Dupont"
    pub(crate) what: String,
    pub(crate) starts_at: DateTime<Utc>,
    pub(crate) place: Option<String>,
}

fn texts(kind: MessageKind, about: &About) -> (String, String) {
    let when = paris_text(about.starts_at);
    let place = about
        .place
        .as_deref()
        .map(|p| format!("\nLieu : {p}"))
        .unwrap_or_default();
    let app =
        "\nPour le déplacer ou l'annuler : application Passerelle, rubrique « Mes rendez-vous ».";
    match kind {
        MessageKind::Confirmation => (
            format!("Confirmé : {} le {when}", about.what),
            format!(
                "Bonjour,\n\nC'est noté : {} le {when}.{place}\n\nLe fichier joint l'ajoute à votre agenda.{app}",
                about.what
            ),
        ),
        MessageKind::Rappel => (
            format!("Rappel : {} le {when}", about.what),
            format!(
                "Bonjour,\n\nPour rappel : {} le {when}.{place}{app}",
                about.what
            ),
        ),
        MessageKind::Annulation => (
            format!("Annulé : {} du {when}", about.what),
            format!(
                "Bonjour,\n\n{} du {when} est annulé. Vous pouvez reprendre un rendez-vous depuis l'application Passerelle.",
                capitalised(&about.what)
            ),
        ),
        MessageKind::PlaceLiberee => (
            format!("Une place s'est libérée : {} le {when}", about.what),
            format!(
                "Bonjour,\n\nBonne nouvelle : une place s'est libérée, vous êtes inscrit(e) à {} le {when}.{place}{app}",
                about.what
            ),
        ),
        MessageKind::Avis => (
            format!("Votre avis sur {}", about.what),
            format!(
                "Bonjour,\n\nMerci d'être venu(e) à {}. Donnez votre avis en une minute dans l'application Passerelle, rubrique « Mes rendez-vous ».",
                about.what
            ),
        ),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// An SMS: short, one line, without the e-mail's politeness.
fn sms_text(subject: &str) -> String {
    let text = format!("Passerelle : {subject}.");
    text.chars().take(320).collect()
}

/// Whom a message goes to: a file, or a pre-registered young person without a file yet.
#[derive(Clone, Debug)]
pub(crate) struct Contact {
    pub(crate) structure_id: Uuid,
    pub(crate) youth_id: Option<Uuid>,
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
}

impl From<&youth::Model> for Contact {
    fn from(file: &youth::Model) -> Self {
        Self {
            structure_id: file.structure_id,
            youth_id: Some(file.id),
            email: file.email.clone(),
            phone: file.phone.clone(),
        }
    }
}

/// Queues one message and its delivery job.
pub(crate) async fn queue(
    conn: &impl ConnectionTrait,
    file: impl Into<Contact>,
    kind: MessageKind,
    channel: MessageChannel,
    about: &About,
    at: DateTime<Utc>,
) -> StorageResult<()> {
    let file: Contact = file.into();
    let (subject, body) = texts(kind, about);
    let recipient = match channel {
        MessageChannel::Email => file.email.clone(),
        MessageChannel::Sms => file.phone.clone(),
    };
    let id = Uuid::new_v4();
    let (status, error, recipient) = match recipient.filter(|r| !r.trim().is_empty()) {
        Some(r) => (MessageStatus::EnAttente, None, r),
        None => (
            MessageStatus::Echec,
            Some(match channel {
                MessageChannel::Email => "Pas d'adresse e-mail dans le dossier.",
                MessageChannel::Sms => "Pas de numéro de téléphone dans le dossier.",
            }),
            String::new(),
        ),
    };
    message::ActiveModel {
        id: Set(id),
        structure_id: Set(file.structure_id),
        youth_id: Set(file.youth_id),
        event_id: Set(about.event_id),
        workshop_id: Set(about.workshop_id),
        kind: Set(kind.code().to_owned()),
        channel: Set(channel.code().to_owned()),
        recipient: Set(recipient),
        body: Set(match channel {
            MessageChannel::Email => body,
            MessageChannel::Sms => sms_text(&subject),
        }),
        subject: Set(subject),
        status: Set(status.code().to_owned()),
        scheduled_at: Set(at),
        sent_at: Set(None),
        attempts: Set(0),
        last_error: Set(error.map(str::to_owned)),
        created_at: Set(crate::now()),
    }
    .insert(conn)
    .await?;
    if status == MessageStatus::EnAttente {
        jobs::enqueue(
            conn,
            NewJob {
                kind: SEND_MESSAGE.to_owned(),
                payload: serde_json::json!({ "message_id": id }),
                run_at: at,
                max_attempts: 6,
            },
        )
        .await?;
    }
    Ok(())
}

/// The confirmation (e-mail, with its `.ics`) and the reminders the settings ask for.
pub(crate) async fn queue_booking(
    conn: &impl ConnectionTrait,
    file: impl Into<Contact>,
    settings: &AgendaSettings,
    about: &About,
    first: MessageKind,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    if about.starts_at <= now {
        return Ok(());
    }
    let contact: Contact = file.into();
    queue(
        conn,
        contact.clone(),
        first,
        MessageChannel::Email,
        about,
        now,
    )
    .await?;
    for (channel, at) in settings.reminder_times(about.starts_at, now) {
        queue(
            conn,
            contact.clone(),
            MessageKind::Rappel,
            channel,
            about,
            at,
        )
        .await?;
    }
    Ok(())
}

/// Cancels the messages still waiting about an entry, or about one young person's seat on a
/// workshop: a moved or cancelled appointment sends no stale reminder.
pub(crate) async fn cancel_pending(
    conn: &impl ConnectionTrait,
    event_id: Option<Uuid>,
    workshop: Option<(Uuid, Uuid)>,
) -> StorageResult<()> {
    let mut update = message::Entity::update_many()
        .col_expr(
            message::Column::Status,
            Expr::value(MessageStatus::Annule.code()),
        )
        .filter(message::Column::Status.eq(MessageStatus::EnAttente.code()));
    if let Some(event_id) = event_id {
        update = update.filter(message::Column::EventId.eq(event_id));
    }
    if let Some((workshop_id, youth_id)) = workshop {
        update = update
            .filter(message::Column::WorkshopId.eq(workshop_id))
            .filter(message::Column::YouthId.eq(youth_id));
    }
    update.exec(conn).await?;
    Ok(())
}

pub(crate) fn to_view(r: &message::Model) -> StorageResult<MessageView> {
    Ok(MessageView {
        id: MessageId(r.id),
        kind: code(&r.kind, MessageKind::from_code)?,
        channel: code(&r.channel, MessageChannel::from_code)?,
        recipient: r.recipient.clone(),
        subject: r.subject.clone(),
        status: code(&r.status, MessageStatus::from_code)?,
        scheduled_at: r.scheduled_at,
        sent_at: r.sent_at,
        attempts: u32::try_from(r.attempts).unwrap_or(0),
        last_error: r.last_error.clone(),
    })
}

/// The messages of a file, newest first (at most 200); audited.
pub async fn list(
    db: &Db,
    ctx: &AuditContext,
    scope: &Scope,
    youth_id: YouthId,
) -> StorageResult<Vec<MessageView>> {
    let txn = db.begin_write().await?;
    let file = find_in_scope(&txn, scope, youth_id).await?;
    record_read(&txn, ctx, &file, "des messages").await?;
    let rows = message::Entity::find()
        .filter(message::Column::YouthId.eq(file.id))
        .order_by_desc(message::Column::ScheduledAt)
        .limit(200)
        .all(&txn)
        .await?;
    txn.commit().await?;
    rows.iter().map(to_view).collect()
}

/// A message to hand to a provider.
#[derive(Clone, Debug)]
pub struct Outgoing {
    /// The message (also the provider's idempotency key).
    pub id: Uuid,
    /// E-mail or SMS.
    pub channel: MessageChannel,
    /// Whether a calendar attachment goes with it.
    pub kind: MessageKind,
    /// Address or number.
    pub recipient: String,
    /// Subject.
    pub subject: String,
    /// Text.
    pub body: String,
    /// The entry it is about, for the `.ics`.
    pub event_id: Option<Uuid>,
    /// The workshop it is about, for the `.ics`.
    pub workshop_id: Option<Uuid>,
}

/// The message if it still has to go, counting the attempt; none when it was sent, cancelled
/// or given up (a job run twice sends once).
pub async fn start_sending(db: &Db, id: Uuid) -> StorageResult<Option<Outgoing>> {
    let txn = db.begin_write().await?;
    let Some(row) = message::Entity::find_by_id(id).one(&txn).await? else {
        return Ok(None);
    };
    if row.status != MessageStatus::EnAttente.code() {
        return Ok(None);
    }
    let attempts = row.attempts + 1;
    let outgoing = Outgoing {
        id: row.id,
        channel: code(&row.channel, MessageChannel::from_code)?,
        kind: code(&row.kind, MessageKind::from_code)?,
        recipient: row.recipient.clone(),
        subject: row.subject.clone(),
        body: row.body.clone(),
        event_id: row.event_id,
        workshop_id: row.workshop_id,
    };
    let mut active: message::ActiveModel = row.into();
    active.attempts = Set(attempts);
    active.update(&txn).await?;
    txn.commit().await?;
    Ok(Some(outgoing))
}

/// Records the delivery.
pub async fn mark_sent(db: &Db, id: Uuid, at: DateTime<Utc>) -> StorageResult<()> {
    message::Entity::update_many()
        .col_expr(
            message::Column::Status,
            Expr::value(MessageStatus::Envoye.code()),
        )
        .col_expr(message::Column::SentAt, Expr::value(at))
        .col_expr(
            message::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .filter(message::Column::Id.eq(id))
        .filter(message::Column::Status.eq(MessageStatus::EnAttente.code()))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// Records a failed attempt; `final_attempt` marks the message failed for good.
pub async fn mark_failed(db: &Db, id: Uuid, error: &str, final_attempt: bool) -> StorageResult<()> {
    let mut update = message::Entity::update_many()
        .col_expr(
            message::Column::LastError,
            Expr::value(error.chars().take(500).collect::<String>()),
        )
        .filter(message::Column::Id.eq(id))
        .filter(message::Column::Status.eq(MessageStatus::EnAttente.code()));
    if final_attempt {
        update = update.col_expr(
            message::Column::Status,
            Expr::value(MessageStatus::Echec.code()),
        );
    }
    update.exec(db.conn()).await?;
    Ok(())
}

/// Whether a message of this kind already exists about a workshop seat (one feedback request).
pub(crate) async fn exists(
    conn: &impl ConnectionTrait,
    kind: MessageKind,
    workshop_id: Uuid,
    youth_id: Uuid,
) -> StorageResult<bool> {
    Ok(message::Entity::find()
        .filter(message::Column::Kind.eq(kind.code()))
        .filter(message::Column::WorkshopId.eq(workshop_id))
        .filter(message::Column::YouthId.eq(youth_id))
        .one(conn)
        .await?
        .is_some())
}
