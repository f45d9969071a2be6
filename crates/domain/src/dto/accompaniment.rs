//! The accompaniment of a young person: diagnostic and its revisions, synthesis, action plan,
//! eligibility and contracts, CEJ hours, interviews and the timeline.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::accompaniment::{
    ActionCarrier, ActionStatus, ActivityStatus, Criterion, DiagnosticContent,
    DiagnosticDifference, ExitReason, InterviewChannel, InterviewKind, ObjectiveStatus, PhaseKind,
    PlanWeek, Qualification, Scheme, SchemeEligibility, Theme, UrgencyLevel,
};
use crate::dto::PersonRef;
use crate::file::Origin;
use crate::ids::{ActionId, ActivityId, ContractId, InterviewId, ObjectiveId, PhaseId, YouthId};

// ---------------------------------------------------------------- diagnostic

/// One saved revision of the diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiagnosticRevision {
    /// 1 for the first diagnostic, then 2, 3…
    pub number: u32,
    /// The whole diagnostic as saved.
    pub content: DiagnosticContent,
    /// What changed, in the author's words.
    pub comment: String,
    /// Who saved it.
    pub author_name: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A revision in the list of revisions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiagnosticRevisionSummary {
    /// Its number.
    pub number: u32,
    /// What changed.
    pub comment: String,
    /// Who saved it.
    pub author_name: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Codes of the domains marked urgent in it (themes or `justice`).
    pub urgent: Vec<String>,
}

/// The diagnostic of a file: its latest revision and the list of all of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiagnosticView {
    /// The latest revision, if a diagnostic was written.
    pub current: Option<DiagnosticRevision>,
    /// Every revision, newest first.
    pub revisions: Vec<DiagnosticRevisionSummary>,
}

/// Saves the diagnostic as a new revision.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewDiagnosticRevision {
    /// The revision this one was written from (`None` for the first): if another was saved
    /// meanwhile, 409 `edit_conflict`.
    pub base_number: Option<u32>,
    /// The whole diagnostic.
    pub content: DiagnosticContent,
    /// What changed and why (required from the second revision on).
    pub comment: String,
}

/// Two revisions compared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiagnosticComparison {
    /// The older revision.
    pub from: DiagnosticRevisionSummary,
    /// The newer one.
    pub to: DiagnosticRevisionSummary,
    /// What changed, theme by theme.
    pub differences: Vec<DiagnosticDifference>,
}

/// Query of a comparison.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct CompareQuery {
    /// Older revision number.
    pub from: u32,
    /// Newer revision number.
    pub to: u32,
}

// ---------------------------------------------------------------- plan

/// An objective of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Objective {
    /// The objective.
    pub id: ObjectiveId,
    /// Its theme.
    pub theme: Theme,
    /// What to reach, in plain words.
    pub title: String,
    /// From.
    pub start_on: NaiveDate,
    /// Deadline (A14).
    pub deadline: Option<NaiveDate>,
    /// Where it stands.
    pub status: ObjectiveStatus,
    /// The contract it belongs to (B15).
    pub contract_id: Option<ContractId>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Creates or replaces an objective.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ObjectiveInput {
    /// Its theme (required).
    pub theme: Option<Theme>,
    /// What to reach (required, 300 characters at most).
    pub title: String,
    /// From (today when absent).
    pub start_on: Option<NaiveDate>,
    /// Deadline, not before the start.
    pub deadline: Option<NaiveDate>,
    /// Where it stands (in progress when absent).
    pub status: Option<ObjectiveStatus>,
    /// The contract it belongs to.
    pub contract_id: Option<ContractId>,
}

/// A comment on an action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionComment {
    /// Who wrote it.
    pub author_name: String,
    /// The Mission Locale or the young person.
    pub origin: Origin,
    /// The text.
    pub body: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// An action of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanAction {
    /// The action.
    pub id: ActionId,
    /// The objective it serves.
    pub objective_id: Option<ObjectiveId>,
    /// The contract it belongs to (B15).
    pub contract_id: Option<ContractId>,
    /// Its theme.
    pub theme: Option<Theme>,
    /// What to do, in plain words.
    pub title: String,
    /// Details.
    pub details: String,
    /// Who does it.
    pub carrier: ActionCarrier,
    /// The partner, when a partner carries it.
    pub partner_name: Option<String>,
    /// From.
    pub start_on: NaiveDate,
    /// Due date.
    pub due_on: Option<NaiveDate>,
    /// Where it stands.
    pub status: ActionStatus,
    /// When the young person said it was done.
    pub done_by_youth_at: Option<DateTime<Utc>>,
    /// The counsellor who validated it, once done.
    pub validated_by: Option<String>,
    /// When.
    pub validated_at: Option<DateTime<Utc>>,
    /// Comments, oldest first.
    pub comments: Vec<ActionComment>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Creates or replaces an action (staff).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ActionInput {
    /// The objective it serves.
    pub objective_id: Option<ObjectiveId>,
    /// The contract it belongs to.
    pub contract_id: Option<ContractId>,
    /// Its theme (taken from the objective when absent).
    pub theme: Option<Theme>,
    /// What to do (required, 300 characters at most).
    pub title: String,
    /// Details (4,000 characters at most).
    pub details: String,
    /// Who does it (required).
    pub carrier: Option<ActionCarrier>,
    /// The partner's name, when a partner carries it.
    pub partner_name: Option<String>,
    /// From (today when absent).
    pub start_on: Option<NaiveDate>,
    /// Due date, not before the start.
    pub due_on: Option<NaiveDate>,
    /// Where it stands (to do when absent).
    pub status: Option<ActionStatus>,
}

/// A comment to add to an action.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewActionComment {
    /// The text (required, 2,000 characters at most).
    pub body: String,
}

/// The young person marks an action done.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MarkActionDone {
    /// An optional word for the counsellor.
    pub comment: String,
}

/// The whole plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    /// The file.
    pub youth_id: YouthId,
    /// Objectives, by deadline.
    pub objectives: Vec<Objective>,
    /// Actions, by due date.
    pub actions: Vec<PlanAction>,
    /// Actions the young person marked done that wait for validation.
    pub awaiting_validation: u32,
}

/// The week-by-week view (B10).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanWeeks {
    /// The weeks, oldest first.
    pub weeks: Vec<PlanWeek>,
    /// Open actions without a due date.
    pub undated: u32,
}

/// Query of the week view.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(default)]
pub struct WeeksQuery {
    /// A day of the first week (this week when absent).
    pub from: Option<NaiveDate>,
    /// How many weeks (1–26, 6 when absent).
    pub weeks: Option<u32>,
}

// ---------------------------------------------------------------- eligibility and contracts

/// Eligibility to every scheme today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EligibilityReport {
    /// The day assessed.
    pub on: NaiveDate,
    /// CEJ, then PACEA.
    pub schemes: Vec<SchemeEligibility>,
}

/// A manager's written override of failed criteria.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EligibilityOverride {
    /// The written reason.
    pub reason: String,
    /// The manager.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// An extension of a contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractExtension {
    /// The planned end before.
    pub from_end: NaiveDate,
    /// The planned end after.
    pub to_end: NaiveDate,
    /// The written reasons.
    pub reason: String,
    /// Who extended it.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A PACEA phase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaceaPhase {
    /// The phase.
    pub id: PhaseId,
    /// 1, 2, 3…
    pub number: u32,
    /// Its kind.
    pub kind: PhaseKind,
    /// Its objectives.
    pub objectives: String,
    /// Start.
    pub started_on: NaiveDate,
    /// Planned end.
    pub planned_end: NaiveDate,
    /// Actual end, once evaluated.
    pub ended_on: Option<NaiveDate>,
    /// The evaluation at its end.
    pub evaluation: Option<String>,
    /// Whether its objectives were met.
    pub objectives_met: Option<bool>,
}

/// A CEJ or PACEA contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contract {
    /// The contract.
    pub id: ContractId,
    /// The file.
    pub youth_id: YouthId,
    /// CEJ or PACEA.
    pub scheme: Scheme,
    /// Running or ended.
    pub status: ContractStatus,
    /// Signature and start.
    pub started_on: NaiveDate,
    /// Planned end (after extensions).
    pub planned_end: NaiveDate,
    /// The latest end the rules allow (18 months for a CEJ, 24 for a PACEA).
    pub max_end: NaiveDate,
    /// Actual end.
    pub ended_on: Option<NaiveDate>,
    /// Why it ended.
    pub exit_reason: Option<ExitReason>,
    /// Comment on the end.
    pub exit_comment: Option<String>,
    /// The criteria as assessed at the start.
    pub eligibility_at_start: Vec<Criterion>,
    /// A manager's override, when a required criterion was not met.
    pub eligibility_override: Option<EligibilityOverride>,
    /// Extensions, oldest first.
    pub extensions: Vec<ContractExtension>,
    /// PACEA phases, in order.
    pub phases: Vec<PaceaPhase>,
    /// Who started it.
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

pub use crate::accompaniment::ContractStatus;

/// Starts a contract.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewContract {
    /// CEJ or PACEA (required).
    pub scheme: Option<Scheme>,
    /// Signature and start (required).
    pub started_on: Option<NaiveDate>,
    /// PACEA only: planned end (12 months when absent, 24 at most).
    pub planned_end: Option<NaiveDate>,
    /// A manager's written reason to start although a required criterion is not met.
    pub override_reason: Option<String>,
}

/// Extends a contract.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ExtendContract {
    /// The new planned end (required).
    pub new_end: Option<NaiveDate>,
    /// The written reasons (required).
    pub reason: String,
}

/// Ends a contract.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct EndContract {
    /// Last day (required).
    pub ended_on: Option<NaiveDate>,
    /// Why (required).
    pub exit_reason: Option<ExitReason>,
    /// Comment.
    pub comment: String,
}

/// Opens a PACEA phase.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewPhase {
    /// Its kind (required).
    pub kind: Option<PhaseKind>,
    /// Its objectives (required).
    pub objectives: String,
    /// Start (required).
    pub started_on: Option<NaiveDate>,
    /// Planned end (required).
    pub planned_end: Option<NaiveDate>,
}

/// Evaluates and closes a PACEA phase.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PhaseEvaluation {
    /// Actual end (required).
    pub ended_on: Option<NaiveDate>,
    /// The evaluation (required).
    pub evaluation: String,
    /// Whether the objectives were met (required).
    pub objectives_met: Option<bool>,
}

// ---------------------------------------------------------------- CEJ hours

/// A CEJ activity with its hours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CejActivity {
    /// The activity.
    pub id: ActivityId,
    /// The contract it counts for.
    pub contract_id: ContractId,
    /// Its qualification.
    pub qualification: Qualification,
    /// What was done.
    pub label: String,
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// The Monday (Europe/Paris) of its week.
    pub week_start: NaiveDate,
    /// Duration in minutes.
    pub minutes: i64,
    /// Declared, validated or refused.
    pub status: ActivityStatus,
    /// Declared by the young person or the Mission Locale.
    pub declared_by: Origin,
    /// Who declared it.
    pub declared_by_name: String,
    /// Who validated or refused it.
    pub reviewed_by: Option<String>,
    /// When.
    pub reviewed_at: Option<DateTime<Utc>>,
    /// Comment.
    pub comment: String,
}

/// Declares an activity.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewActivity {
    /// Its qualification (required).
    pub qualification: Option<Qualification>,
    /// What was done (required, 300 characters at most).
    pub label: String,
    /// When (required; not in the future).
    pub occurred_at: Option<DateTime<Utc>>,
    /// Duration in minutes (the qualification's default when absent); more than 0, the day's
    /// total at most 24 hours.
    pub minutes: Option<i64>,
    /// Comment.
    pub comment: String,
}

/// The counsellor validates or refuses an activity.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ReviewActivity {
    /// `validee` or `refusee` (required).
    pub status: Option<ActivityStatus>,
    /// Corrected duration in minutes.
    pub minutes: Option<i64>,
    /// Comment (required when refusing).
    pub comment: String,
}

/// One week of CEJ hours with its detail (B4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeekHours {
    /// Monday (Europe/Paris).
    pub week_start: NaiveDate,
    /// Sunday.
    pub week_end: NaiveDate,
    /// Validated minutes.
    pub validated_minutes: i64,
    /// Declared minutes waiting for validation.
    pub pending_minutes: i64,
    /// The weekly target's lower bound, in minutes (15 h).
    pub target_minutes: i64,
    /// Validated hours under the target (only for weeks inside the contract).
    pub under_target: bool,
    /// The week is inside the CEJ.
    pub in_contract: bool,
    /// The activities of the week, by date.
    pub activities: Vec<CejActivity>,
}

/// The CEJ hours of a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoursView {
    /// The CEJ the hours count for (the current one, else the latest).
    pub contract_id: Option<ContractId>,
    /// Weekly target, lower bound in minutes.
    pub target_minutes: i64,
    /// Weekly target, upper bound in minutes.
    pub target_max_minutes: i64,
    /// The weeks asked for, newest first.
    pub weeks: Vec<WeekHours>,
    /// The default duration of each qualification for this Mission Locale.
    pub defaults: Vec<HourDefault>,
}

/// Query of the hours view.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(default)]
pub struct HoursQuery {
    /// A day of the newest week (this week when absent).
    pub until: Option<NaiveDate>,
    /// How many weeks (1–80, 8 when absent).
    pub weeks: Option<u32>,
}

/// The default duration of a qualification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HourDefault {
    /// The qualification.
    pub qualification: Qualification,
    /// Default duration in minutes.
    pub minutes: i64,
}

/// The Mission Locale's default durations.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct HourDefaults {
    /// One per qualification (missing ones keep the national default).
    pub defaults: Vec<HourDefault>,
}

// ---------------------------------------------------------------- interviews, timeline, synthesis

/// An interview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Interview {
    /// The interview.
    pub id: InterviewId,
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// How.
    pub channel: InterviewChannel,
    /// What kind.
    pub kind: InterviewKind,
    /// The counsellor who held it.
    pub counsellor: Option<PersonRef>,
    /// What was said and decided.
    pub summary: String,
    /// Themes discussed.
    pub themes: Vec<Theme>,
}

/// Records an interview.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewInterview {
    /// When (required, not in the future).
    pub occurred_at: Option<DateTime<Utc>>,
    /// How (required).
    pub channel: Option<InterviewChannel>,
    /// What kind (follow-up when absent).
    pub kind: Option<InterviewKind>,
    /// What was said and decided (required).
    pub summary: String,
    /// Themes discussed.
    pub themes: Vec<Theme>,
}

crate::file::lists::closed_list! {
    /// The kinds of timeline entries.
    TimelineKind {
        /// An interview.
        Entretien = "entretien" => "Entretien",
        /// A diagnostic revision.
        Diagnostic = "diagnostic" => "Diagnostic",
        /// A contract event.
        Contrat = "contrat" => "Dispositif",
        /// An action done or validated.
        Action = "action" => "Action",
    }
}

/// One entry of the accompaniment timeline (B23).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// What kind.
    pub kind: TimelineKind,
    /// One line.
    pub title: String,
    /// The detail (interview summary, comment…).
    pub detail: String,
    /// Who.
    pub author_name: String,
}

/// What is being done for a theme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SynthesisSolution {
    /// `objectif`, `action` or `dispositif`.
    pub kind: String,
    /// What.
    pub label: String,
    /// Its status, in French.
    pub status: String,
    /// Its due date or deadline.
    pub due_on: Option<NaiveDate>,
}

/// One theme of the synthesis (A8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SynthesisTheme {
    /// The theme.
    pub theme: Theme,
    /// How urgent.
    pub urgency: UrgencyLevel,
    /// The situation.
    pub situation: String,
    /// The problems: obstacles and the requests still open.
    pub problems: Vec<String>,
    /// What is in progress: objectives and open actions of the theme.
    pub solutions: Vec<SynthesisSolution>,
}

/// The one-page synthesis of a file, urgent themes first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Synthesis {
    /// The file.
    pub youth_id: YouthId,
    /// "Prénom Nom".
    pub name: String,
    /// Age today.
    pub age: Option<u32>,
    /// Referent counsellor.
    pub counsellor: Option<PersonRef>,
    /// The diagnostic revision it is built from.
    pub diagnostic_revision: Option<u32>,
    /// When that revision was saved.
    pub diagnostic_at: Option<DateTime<Utc>>,
    /// Justice urgency.
    pub justice: UrgencyLevel,
    /// Themes, urgent first.
    pub themes: Vec<SynthesisTheme>,
    /// Running contracts.
    pub contracts: Vec<SynthesisSolution>,
    /// Soft skills.
    pub savoir_etre: Vec<String>,
    /// Soft skills.
    pub savoir_faire: Vec<String>,
    /// CEJ hours of the current week, when a CEJ runs.
    pub current_week: Option<WeekHours>,
    /// The last interview.
    pub last_interview: Option<Interview>,
}
