//! The accompaniment of a young person: diagnostic and its revisions, synthesis, action plan,
//! eligibility and contracts, CEJ hours, interviews and the timeline, and the two PDF documents.
//!
//! Request bodies are the domain's types. Answers are returned as JSON trees ([`Body`]) of the
//! domain type each function names, read by field name where they are shown
//! (`pages::counsellor::accompaniment::json`): a typed deserializer per answer type (about
//! forty types here) would cost the app shell some 40 KB of compressed WebAssembly, over its
//! budget.

use chrono::NaiveDate;
use domain::dto::{
    ActionInput, EndContract, ExtendContract, HourDefaults, MarkActionDone, NewActionComment,
    NewActivity, NewContract, NewDiagnosticRevision, NewInterview, NewPhase, ObjectiveInput,
    PhaseEvaluation, ReviewActivity,
};
use domain::{ActionId, ActivityId, ContractId, ObjectiveId, PhaseId, YouthId};

use std::pin::Pin;

use serde::Serialize;

use super::{ApiError, Method, authed, get_bytes, query, read};

/// An answer as a JSON tree.
pub type Body = serde_json::Value;

/// An answer on its way: every endpoint goes through the same (non-generic) code.
pub type Request = Pin<Box<dyn Future<Output = Result<Body, ApiError>>>>;

pub(super) fn call(session: Session, method: Method, path: String, body: Option<Body>) -> Request {
    Box::pin(async move { read(authed(session, method, &path, body).await?).await })
}

/// A request body as JSON.
pub(super) fn json<B: Serialize>(body: &B) -> Option<Body> {
    serde_json::to_value(body).ok()
}
use crate::session::Session;

/// `GET /youths/{id}`: the file, a `YouthDetail` (the accompaniment pages read its name and
/// status).
pub fn youth(session: Session, id: YouthId) -> Request {
    call(session, Method::Get, format!("/youths/{id}"), None)
}

/// `GET /youths/{id}/diagnostic`: the latest revision and the list of revisions: a `DiagnosticView`.
pub fn diagnostic(session: Session, id: YouthId) -> Request {
    call(
        session,
        Method::Get,
        format!("/youths/{id}/diagnostic"),
        None,
    )
}

/// `POST /youths/{id}/diagnostic`: a new revision, a `DiagnosticRevision` (409 `edit_conflict`
/// when another was saved after `base_number`).
pub fn save_diagnostic(session: Session, id: YouthId, body: &NewDiagnosticRevision) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/diagnostic"),
        json(body),
    )
}

/// `GET /youths/{id}/diagnostic/revisions/{number}`: a `DiagnosticRevision`.
#[allow(
    dead_code,
    reason = "the pages show the current revision and compare two, none shows an older one in full"
)]
pub fn diagnostic_revision(session: Session, id: YouthId, number: u32) -> Request {
    call(
        session,
        Method::Get,
        format!("/youths/{id}/diagnostic/revisions/{number}"),
        None,
    )
}

/// `GET /youths/{id}/diagnostic/compare?from=N&to=M`: a `DiagnosticComparison`.
pub fn compare_diagnostic(session: Session, id: YouthId, from: u32, to: u32) -> Request {
    call(
        session,
        Method::Get,
        format!("/youths/{id}/diagnostic/compare?from={from}&to={to}"),
        None,
    )
}

/// `GET /youths/{id}/synthesis`: the one-page synthesis, urgent themes first: a `Synthesis`.
pub fn synthesis(session: Session, id: YouthId) -> Request {
    call(
        session,
        Method::Get,
        format!("/youths/{id}/synthesis"),
        None,
    )
}

/// `GET /youths/{id}/plan`: a `Plan`.
pub fn plan(session: Session, id: YouthId) -> Request {
    call(session, Method::Get, format!("/youths/{id}/plan"), None)
}

/// `POST /youths/{id}/plan/objectives`: an `Objective`.
pub fn create_objective(session: Session, id: YouthId, body: &ObjectiveInput) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/plan/objectives"),
        json(body),
    )
}

/// `PUT /youths/{id}/plan/objectives/{objective}`: an `Objective`.
pub fn update_objective(
    session: Session,
    id: YouthId,
    objective: ObjectiveId,
    body: &ObjectiveInput,
) -> Request {
    call(
        session,
        Method::Put,
        format!("/youths/{id}/plan/objectives/{objective}"),
        json(body),
    )
}

/// `POST /youths/{id}/plan/actions`: a `PlanAction`.
pub fn create_action(session: Session, id: YouthId, body: &ActionInput) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/plan/actions"),
        json(body),
    )
}

/// `PUT /youths/{id}/plan/actions/{action}` (the whole action): a `PlanAction`.
pub fn update_action(
    session: Session,
    id: YouthId,
    action: ActionId,
    body: &ActionInput,
) -> Request {
    call(
        session,
        Method::Put,
        format!("/youths/{id}/plan/actions/{action}"),
        json(body),
    )
}

/// `POST /youths/{id}/plan/actions/{action}/done` (the young person): a `PlanAction`.
pub fn mark_action_done(
    session: Session,
    id: YouthId,
    action: ActionId,
    body: &MarkActionDone,
) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/plan/actions/{action}/done"),
        json(body),
    )
}

/// `POST /youths/{id}/plan/actions/{action}/validate` (the counsellor, once it is done): a `PlanAction`.
pub fn validate_action(session: Session, id: YouthId, action: ActionId) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/plan/actions/{action}/validate"),
        None,
    )
}

/// `POST /youths/{id}/plan/actions/{action}/comments`: a `PlanAction`.
pub fn comment_action(
    session: Session,
    id: YouthId,
    action: ActionId,
    body: &NewActionComment,
) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/plan/actions/{action}/comments"),
        json(body),
    )
}

/// `GET /youths/{id}/plan/weeks?from=…&weeks=…`: a `PlanWeeks`.
pub fn plan_weeks(session: Session, id: YouthId, from: NaiveDate, weeks: u32) -> Request {
    let q = query(&[
        ("from", Some(from.to_string())),
        ("weeks", Some(weeks.to_string())),
    ]);
    call(
        session,
        Method::Get,
        format!("/youths/{id}/plan/weeks{q}"),
        None,
    )
}

/// `GET /youths/{id}/eligibility`: CEJ then PACEA: an `EligibilityReport`.
pub fn eligibility(session: Session, id: YouthId) -> Request {
    call(
        session,
        Method::Get,
        format!("/youths/{id}/eligibility"),
        None,
    )
}

/// `GET /youths/{id}/contracts`, newest first: `Contract`s.
pub fn contracts(session: Session, id: YouthId) -> Request {
    call(
        session,
        Method::Get,
        format!("/youths/{id}/contracts"),
        None,
    )
}

/// `POST /youths/{id}/contracts`: a `Contract`.
pub fn start_contract(session: Session, id: YouthId, body: &NewContract) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/contracts"),
        json(body),
    )
}

/// `POST /youths/{id}/contracts/{contract}/extensions`: a `Contract`.
pub fn extend_contract(
    session: Session,
    id: YouthId,
    contract: ContractId,
    body: &ExtendContract,
) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/contracts/{contract}/extensions"),
        json(body),
    )
}

/// `POST /youths/{id}/contracts/{contract}/end`: a `Contract`.
pub fn end_contract(
    session: Session,
    id: YouthId,
    contract: ContractId,
    body: &EndContract,
) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/contracts/{contract}/end"),
        json(body),
    )
}

/// `POST /youths/{id}/contracts/{contract}/phases` (PACEA): a `Contract`.
pub fn add_phase(session: Session, id: YouthId, contract: ContractId, body: &NewPhase) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/contracts/{contract}/phases"),
        json(body),
    )
}

/// `POST /youths/{id}/contracts/{contract}/phases/{phase}/evaluation`: a `Contract`.
pub fn evaluate_phase(
    session: Session,
    id: YouthId,
    contract: ContractId,
    phase: PhaseId,
    body: &PhaseEvaluation,
) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/contracts/{contract}/phases/{phase}/evaluation"),
        json(body),
    )
}

/// `GET /youths/{id}/hours?until=…&weeks=…`: the weeks, newest first: a `HoursView`.
pub fn hours(session: Session, id: YouthId, until: Option<NaiveDate>, weeks: u32) -> Request {
    let q = query(&[
        ("until", until.map(|d| d.to_string())),
        ("weeks", Some(weeks.to_string())),
    ]);
    call(session, Method::Get, format!("/youths/{id}/hours{q}"), None)
}

/// `POST /youths/{id}/hours`: validated at once when staff declare it, waiting otherwise: a `CejActivity`.
pub fn declare_activity(session: Session, id: YouthId, body: &NewActivity) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/hours"),
        json(body),
    )
}

/// `POST /youths/{id}/hours/{activity}/review`: a `CejActivity`.
pub fn review_activity(
    session: Session,
    id: YouthId,
    activity: ActivityId,
    body: &ReviewActivity,
) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/hours/{activity}/review"),
        json(body),
    )
}

/// `PUT /structures/current/hour-defaults`: a `HourDefaults`.
pub fn save_hour_defaults(session: Session, body: &HourDefaults) -> Request {
    call(
        session,
        Method::Put,
        "/structures/current/hour-defaults".to_owned(),
        json(body),
    )
}

/// `GET /youths/{id}/interviews`, newest first: `Interview`s.
#[allow(dead_code, reason = "the pages show the interviews in the timeline")]
pub fn interviews(session: Session, id: YouthId) -> Request {
    call(
        session,
        Method::Get,
        format!("/youths/{id}/interviews"),
        None,
    )
}

/// `POST /youths/{id}/interviews`: an `Interview`.
pub fn record_interview(session: Session, id: YouthId, body: &NewInterview) -> Request {
    call(
        session,
        Method::Post,
        format!("/youths/{id}/interviews"),
        json(body),
    )
}

/// `GET /youths/{id}/timeline`, newest first: `TimelineEntry`s.
pub fn timeline(session: Session, id: YouthId) -> Request {
    call(session, Method::Get, format!("/youths/{id}/timeline"), None)
}

/// `GET /youths/{id}/documents/recap.pdf`: the recap of the diagnostic and the plan.
pub async fn recap_pdf(session: Session, id: YouthId) -> Result<Vec<u8>, ApiError> {
    get_bytes(session, &format!("/youths/{id}/documents/recap.pdf")).await
}

/// `GET /youths/{id}/contracts/{contract}/bilan.pdf`: the review of a CEJ.
pub async fn bilan_pdf(
    session: Session,
    id: YouthId,
    contract: ContractId,
) -> Result<Vec<u8>, ApiError> {
    get_bytes(
        session,
        &format!("/youths/{id}/contracts/{contract}/bilan.pdf"),
    )
    .await
}
