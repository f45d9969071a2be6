//! Outgoing SMS through a provider interface. Production POSTs to the provider's HTTP endpoint
//! (reqwest, rustls); development writes JSON files to the outbox; tests run a local fake.
//!
//! The provider contract: `POST <url>` with `Authorization: Bearer <api_key>`,
//! `Idempotency-Key: <message id>` and the JSON body `{"to", "text", "sender", "reference"}`;
//! any 2xx means accepted. The idempotency key lets the provider drop a message sent twice when
//! a worker died between the provider's answer and the database's record of it.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;
use uuid::Uuid;

use crate::config::{SmsSettings, SmsTransport};

/// One SMS, as the provider receives it.
#[derive(Clone, Debug, Serialize)]
pub struct SmsRequest<'a> {
    /// The phone number as the file holds it.
    pub to: &'a str,
    /// The text.
    pub text: &'a str,
    /// The sender name.
    pub sender: &'a str,
    /// Our message id.
    pub reference: Uuid,
}

/// Delivers SMS.
#[derive(Clone, Debug)]
pub enum SmsSender {
    /// Writes `<id>.json` files into a folder.
    Outbox(PathBuf),
    /// Posts to a provider.
    Http {
        /// The client (with its timeout).
        client: reqwest::Client,
        /// Endpoint.
        url: String,
        /// Bearer key.
        api_key: Option<String>,
        /// Sender name.
        sender: String,
    },
    /// Sends nothing.
    Disabled,
}

impl SmsSender {
    /// The transport the settings ask for.
    pub fn from_settings(settings: &SmsSettings, outbox_dir: PathBuf) -> anyhow::Result<Self> {
        Ok(match settings.transport {
            SmsTransport::Outbox => SmsSender::Outbox(outbox_dir.join("sms")),
            SmsTransport::Disabled => SmsSender::Disabled,
            SmsTransport::Http => SmsSender::Http {
                client: reqwest::Client::builder()
                    .timeout(Duration::from_secs(settings.timeout_seconds.max(1)))
                    .build()?,
                url: settings
                    .url
                    .clone()
                    .ok_or_else(|| anyhow::anyhow!("sms.url is required with transport = http"))?,
                api_key: settings.api_key.as_ref().map(|k| k.expose().to_owned()),
                sender: settings.sender.clone(),
            },
        })
    }

    /// Hands one SMS to the provider.
    pub async fn send(&self, id: Uuid, to: &str, text: &str) -> anyhow::Result<()> {
        match self {
            SmsSender::Disabled => Err(anyhow::anyhow!("L'envoi de SMS n'est pas configuré.")),
            SmsSender::Outbox(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let body = serde_json::to_vec_pretty(&SmsRequest {
                    to,
                    text,
                    sender: "outbox",
                    reference: id,
                })?;
                tokio::fs::write(dir.join(format!("{id}.json")), body).await?;
                Ok(())
            }
            SmsSender::Http {
                client,
                url,
                api_key,
                sender,
            } => {
                let mut request = client
                    .post(url)
                    .header("Idempotency-Key", id.to_string())
                    .json(&SmsRequest {
                        to,
                        text,
                        sender,
                        reference: id,
                    });
                if let Some(key) = api_key {
                    request = request.bearer_auth(key);
                }
                let response = request.send().await?;
                let status = response.status();
                if status.is_success() {
                    Ok(())
                } else {
                    Err(anyhow::anyhow!("SMS provider answered {status}"))
                }
            }
        }
    }
}
