//! Short-lived access tokens (JWT, HS256). The token carries everything the policy needs, so
//! any replica can authorize a request without a session store.

use chrono::{Duration, Utc};
use domain::{AccountId, Actor, PartnerId, Role, StructureId, YouthId};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const ISSUER: &str = "passerelle";
const AUDIENCE: &str = "passerelle-api";

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: Uuid,
    role: Role,
    sid: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    yid: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pid: Option<Uuid>,
    iat: i64,
    exp: i64,
    iss: String,
    aud: String,
}

const TICKET_AUDIENCE: &str = "passerelle-preregistration";

#[derive(Debug, Serialize, Deserialize)]
struct TicketClaims {
    iat: i64,
    nbf: i64,
    exp: i64,
    iss: String,
    aud: String,
}

/// Signs and checks access tokens.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    lifetime: Duration,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtKeys")
            .field("lifetime", &self.lifetime)
            .finish_non_exhaustive()
    }
}

impl JwtKeys {
    /// Keys from the shared secret; tokens live `lifetime`.
    pub fn new(secret: &[u8], lifetime: Duration) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "sub", "iss", "aud"]);
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            lifetime,
        }
    }

    /// Seconds an access token lives.
    pub fn lifetime_seconds(&self) -> u64 {
        u64::try_from(self.lifetime.num_seconds()).unwrap_or(0)
    }

    /// An anti-robot ticket for the public pre-registration form: valid from `min_seconds`
    /// after now, for two hours.
    pub fn issue_ticket(&self, min_seconds: u64) -> anyhow::Result<String> {
        let now = Utc::now().timestamp();
        let claims = TicketClaims {
            iat: now,
            nbf: now + i64::try_from(min_seconds).unwrap_or(0),
            exp: now + 2 * 3600,
            iss: ISSUER.to_owned(),
            aud: TICKET_AUDIENCE.to_owned(),
        };
        Ok(encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// Whether a ticket is genuine, old enough and not expired.
    pub fn check_ticket(&self, ticket: &str) -> bool {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[TICKET_AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud"]);
        validation.validate_nbf = true;
        validation.leeway = 0;
        decode::<TicketClaims>(ticket, &self.decoding, &validation).is_ok()
    }

    /// A signed token for `actor`.
    pub fn issue(&self, actor: &Actor) -> anyhow::Result<String> {
        let now = Utc::now();
        let claims = Claims {
            sub: actor.account_id.as_uuid(),
            role: actor.role,
            sid: actor.structure_id.as_uuid(),
            yid: actor.youth_id.map(YouthId::as_uuid),
            pid: actor.partner_id.map(PartnerId::as_uuid),
            iat: now.timestamp(),
            exp: (now + self.lifetime).timestamp(),
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
        };
        Ok(encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// The actor of a valid token; `None` when expired, tampered or malformed.
    pub fn verify(&self, token: &str) -> Option<Actor> {
        let claims = decode::<Claims>(token, &self.decoding, &self.validation)
            .ok()?
            .claims;
        Some(Actor {
            account_id: AccountId(claims.sub),
            role: claims.role,
            structure_id: StructureId(claims.sid),
            youth_id: claims.yid.map(YouthId),
            partner_id: claims.pid.map(PartnerId),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor() -> Actor {
        Actor {
            account_id: AccountId(Uuid::from_u128(1)),
            role: Role::Jeune,
            structure_id: StructureId(Uuid::from_u128(2)),
            youth_id: Some(YouthId(Uuid::from_u128(3))),
            partner_id: None,
        }
    }

    #[test]
    fn round_trips_the_actor() {
        let keys = JwtKeys::new(b"0123456789abcdef0123456789abcdef", Duration::minutes(10));
        let token = keys.issue(&actor()).unwrap();
        assert_eq!(keys.verify(&token), Some(actor()));
    }

    #[test]
    fn refuses_tampered_foreign_and_expired_tokens() {
        let keys = JwtKeys::new(b"0123456789abcdef0123456789abcdef", Duration::minutes(10));
        let token = keys.issue(&actor()).unwrap();
        let mut tampered = token.clone();
        tampered.pop();
        tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(keys.verify(&tampered), None);
        let other = JwtKeys::new(b"another-secret-another-secret-xx", Duration::minutes(10));
        assert_eq!(other.verify(&token), None);
        let expired = JwtKeys::new(b"0123456789abcdef0123456789abcdef", Duration::minutes(-5));
        assert_eq!(keys.verify(&expired.issue(&actor()).unwrap()), None);
        assert_eq!(keys.verify("not.a.jwt"), None);
    }
}
