//! Outgoing e-mail: French templates, and delivery through SMTP or, in development, a local
//! outbox folder of `.eml` files. Messages are queued as jobs in the transaction that causes
//! them and delivered by the job worker.

use std::path::Path;

use chrono::{DateTime, Utc};
use domain::Role;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};
use storage::jobs::NewJob;

use crate::config::{MailSettings, MailTransport};

/// The job kind that delivers an [`EmailMessage`].
pub const SEND_EMAIL: &str = "send_email";

/// A message to deliver (the payload of a `send_email` job).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailMessage {
    /// Recipient address.
    pub to: String,
    /// Recipient name.
    pub to_name: Option<String>,
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// A calendar invitation (`.ics`) to attach.
    #[serde(default)]
    pub calendar: Option<String>,
}

impl EmailMessage {
    /// The job that delivers this message.
    pub fn into_job(self) -> anyhow::Result<NewJob> {
        Ok(NewJob::now(SEND_EMAIL, serde_json::to_value(self)?))
    }
}

const SIGNATURE: &str = "— Passerelle, le service numérique des Missions Locales";

/// The invitation to activate an account.
pub fn invitation(
    to: &str,
    first_name: &str,
    last_name: &str,
    role: Role,
    structure_name: &str,
    link: &str,
    expires_at: DateTime<Utc>,
) -> EmailMessage {
    let purpose = match role {
        Role::Jeune => "l'application qui vous accompagne avec votre conseiller ou conseillère : \
                        vos rendez-vous, vos démarches et vos messages au même endroit"
            .to_owned(),
        Role::Partenaire => "le portail des partenaires : votre fiche, vos offres et les jeunes \
                             qui vous sont orientés"
            .to_owned(),
        staff => format!(
            "l'outil de la Mission Locale, avec le rôle « {} »",
            staff.label()
        ),
    };
    EmailMessage {
        calendar: None,
        to: to.to_owned(),
        to_name: Some(format!("{first_name} {last_name}")),
        subject: format!("Votre accès à Passerelle — {structure_name}"),
        body: format!(
            "Bonjour {first_name},\n\n\
             {structure_name} vous invite à utiliser Passerelle, {purpose}.\n\n\
             Pour activer votre compte, ouvrez ce lien et choisissez votre mot de passe :\n\
             {link}\n\n\
             Ce lien est personnel. Il fonctionne une seule fois, jusqu'au {}.\n\
             Si vous n'attendiez pas ce message, ignorez-le : aucun compte ne sera activé.\n\n\
             {SIGNATURE}\n",
            expires_at.format("%d/%m/%Y"),
        ),
    }
}

/// The password reset link.
pub fn password_reset(to: &str, first_name: &str, link: &str, minutes: i64) -> EmailMessage {
    EmailMessage {
        calendar: None,
        to: to.to_owned(),
        to_name: Some(first_name.to_owned()),
        subject: "Réinitialisation de votre mot de passe Passerelle".to_owned(),
        body: format!(
            "Bonjour {first_name},\n\n\
             Vous avez demandé à changer votre mot de passe. Ouvrez ce lien pour en choisir un \
             nouveau :\n{link}\n\n\
             Ce lien fonctionne une seule fois, pendant {minutes} minutes.\n\
             Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de \
             passe reste inchangé.\n\n\
             {SIGNATURE}\n"
        ),
    }
}

/// Delivers messages.
#[derive(Clone)]
pub enum Mailer {
    /// Writes `.eml` files into a folder.
    Outbox(AsyncFileTransport<Tokio1Executor>),
    /// Sends over SMTP.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Mailer::Outbox(_) => "Mailer::Outbox",
            Mailer::Smtp(_) => "Mailer::Smtp",
        })
    }
}

impl Mailer {
    /// The transport the settings ask for.
    pub fn from_settings(settings: &MailSettings, outbox_dir: &Path) -> anyhow::Result<Self> {
        match settings.transport {
            MailTransport::Outbox => {
                std::fs::create_dir_all(outbox_dir)?;
                Ok(Mailer::Outbox(AsyncFileTransport::new(outbox_dir)))
            }
            MailTransport::Smtp => {
                let url = settings.smtp_url.as_ref().ok_or_else(|| {
                    anyhow::anyhow!("mail.smtp_url is required with transport = smtp")
                })?;
                Ok(Mailer::Smtp(
                    AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())?.build(),
                ))
            }
        }
    }

    /// Delivers one message.
    pub async fn send(&self, from: &str, message: &EmailMessage) -> anyhow::Result<()> {
        let to = Mailbox::new(message.to_name.clone(), message.to.parse()?);
        let builder = Message::builder()
            .from(from.parse()?)
            .to(to)
            .subject(message.subject.clone());
        let email = match &message.calendar {
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(message.body.clone())?,
            Some(ics) => builder.multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(message.body.clone()))
                    .singlepart(Attachment::new("rendez-vous.ics".to_owned()).body(
                        ics.clone(),
                        ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")?,
                    )),
            )?,
        };
        match self {
            Mailer::Outbox(transport) => {
                transport.send(email).await?;
            }
            Mailer::Smtp(transport) => {
                transport.send(email).await?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invitations_say_who_invites_why_and_until_when() {
        let expires = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 29, 10, 0, 0).unwrap();
        let m = invitation(
            "lea@ex.fr",
            "Léa",
            "Moreau",
            Role::Jeune,
            "ML Démo",
            "https://x/invitation#t",
            expires,
        );
        assert_eq!(m.subject, "Votre accès à Passerelle — ML Démo");
        assert!(m.body.starts_with("Bonjour Léa,"));
        assert!(m.body.contains("https://x/invitation#t"));
        assert!(m.body.contains("jusqu'au 29/11/2026"));
        let staff = invitation("a@ex.fr", "A", "B", Role::Manager, "ML", "l", expires);
        assert!(staff.body.contains("« Manager »"));
    }
}
