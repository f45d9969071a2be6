//! Young people's files: lists, the file itself, its changes and history, duplicates and merge,
//! reassignment and transfer.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;
use validator::Validate;

use crate::dto::{
    AccountStatus, PageQuery, PersonRef, validate_optional_email, validate_optional_phone,
};
use crate::file::{Completeness, FileField, Origin, SituationCategory, YouthFileData};
use crate::ids::{AccountId, StructureId, YouthId};
use crate::matching::MatchAssessment;
use crate::values::validate_person_name;

crate::file::lists::closed_list! {
    /// The life cycle of a file.
    YouthFileStatus {
        /// In use.
        Active = "active" => "Actif",
        /// Merged into another file; kept so that its data can be recovered.
        Merged = "merged" => "Fusionné",
        /// Past its retention date: personal data removed.
        Anonymised = "anonymised" => "Anonymisé",
    }
}

/// A line of a list of young people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YouthSummary {
    /// The file.
    pub id: YouthId,
    /// Usual first name.
    pub first_name: String,
    /// Usage name, or birth name.
    pub last_name: String,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Age today, in whole years.
    pub age: u32,
    /// The referent counsellor, if assigned.
    pub counsellor: Option<PersonRef>,
    /// The youth app account, if one was created.
    pub account_status: Option<AccountStatus>,
    /// The ongoing situation.
    pub situation: Option<SituationCategory>,
    /// Postcode of residence.
    pub postcode: Option<String>,
    /// Last contact with the Mission Locale.
    pub last_contact_on: Option<NaiveDate>,
    /// How many pieces of information are missing.
    pub missing_count: u32,
    /// How many of them block.
    pub blocking_count: u32,
    /// Active, merged or anonymised.
    pub status: YouthFileStatus,
}

/// Who entered the current value of a field (D7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldProvenance {
    /// The field.
    pub field: FileField,
    /// Mission Locale, the young person, or Passerelle.
    pub origin: Origin,
    /// Who, by name.
    pub author_name: String,
    /// When.
    pub at: DateTime<Utc>,
    /// For a value the young person entered: whether the Mission Locale has confirmed it.
    pub confirmed: bool,
}

/// A young person's file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YouthDetail {
    /// The file.
    pub id: YouthId,
    /// The Mission Locale that follows the young person.
    pub structure_id: StructureId,
    /// Active, merged or anonymised.
    pub status: YouthFileStatus,
    /// For a merged file: the file it was merged into.
    pub merged_into: Option<YouthId>,
    /// Increases with every change; send it back with a change to detect concurrent edits.
    pub version: i32,
    /// Usual first name (convenience).
    pub first_name: String,
    /// Usage name or birth name (convenience).
    pub last_name: String,
    /// Birth date (convenience).
    pub birth_date: NaiveDate,
    /// Age today, in whole years.
    pub age: u32,
    /// Personal e-mail (convenience).
    pub email: Option<String>,
    /// Mobile phone (convenience).
    pub phone: Option<String>,
    /// The content of the file.
    pub data: YouthFileData,
    /// Name of the commune of residence.
    pub commune_name: Option<String>,
    /// Name of the commune of birth.
    pub birth_commune_name: Option<String>,
    /// What is missing or blocking, and what to do first.
    pub completeness: Completeness,
    /// Who entered each field's current value.
    pub provenance: Vec<FieldProvenance>,
    /// The fields the young person may edit themselves.
    pub youth_editable: Vec<FileField>,
    /// The referent counsellor, if assigned.
    pub counsellor: Option<PersonRef>,
    /// The youth app account, if one was created.
    pub account_status: Option<AccountStatus>,
    /// Last contact with the Mission Locale.
    pub last_contact_on: Option<NaiveDate>,
    /// When the file was opened.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl YouthDetail {
    /// The fields the young person changed and the Mission Locale has not confirmed yet.
    pub fn unconfirmed_fields(&self) -> Vec<FileField> {
        self.provenance
            .iter()
            .filter(|p| p.origin == Origin::Jeune && !p.confirmed)
            .map(|p| p.field)
            .collect()
    }

    /// Who entered a field's value.
    pub fn provenance_of(&self, field: FileField) -> Option<&FieldProvenance> {
        self.provenance.iter().find(|p| p.field == field)
    }
}

/// `POST /api/v1/youths`: open a file.
#[derive(Clone, Debug, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewYouth {
    /// First names.
    #[validate(custom(function = "validate_person_name"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub first_name: String,
    /// Birth name.
    #[validate(custom(function = "validate_person_name"))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub last_name: String,
    /// Birth date (`YYYY-MM-DD`); the age must be between 14 and 30.
    #[validate(required(message = "Indiquez la date de naissance."))]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub birth_date: Option<NaiveDate>,
    /// Personal e-mail (optional; needed to invite the young person to the app).
    #[validate(custom(function = "validate_optional_email"))]
    pub email: Option<String>,
    /// Mobile phone (optional).
    #[validate(custom(function = "validate_optional_phone"))]
    pub phone: Option<String>,
    /// Open the file even though similar files exist (after checking them).
    pub ignore_duplicates: bool,
}

/// `PATCH /api/v1/youths/{id}`: change fields of a file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilePatch {
    /// The version of the file the change is based on (from `YouthDetail.version`).
    pub version: i32,
    /// The new values, by field code; `null` empties a field.
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, Object>))]
    pub changes: BTreeMap<FileField, Value>,
}

crate::file::lists::closed_list! {
    /// What produced a change.
    ChangeKind {
        /// Entered when the file was opened (from the pre-registration or reception).
        Creation = "creation" => "Création du dossier",
        /// An ordinary edit.
        Edit = "edit" => "Modification",
        /// An earlier value put back.
        Restore = "restore" => "Restauration d'une valeur antérieure",
        /// A value taken from a merged file.
        Merge = "merge" => "Fusion de dossiers",
        /// The young person's value confirmed by the Mission Locale.
        Confirmation = "confirmation" => "Confirmation",
        /// The file moved to another Mission Locale.
        Transfer = "transfer" => "Transfert",
        /// Personal data removed at the end of the retention period.
        Anonymisation = "anonymisation" => "Anonymisation",
    }
}

/// One change of one field, as kept in the history (E4, E5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileChange {
    /// The change.
    pub id: Uuid,
    /// The field.
    pub field: FileField,
    /// The field's French label.
    pub label: String,
    /// The value before.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub old_value: Value,
    /// The value after.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub new_value: Value,
    /// The value before, in words.
    pub old_display: String,
    /// The value after, in words.
    pub new_display: String,
    /// What produced the change.
    pub kind: ChangeKind,
    /// Who: the Mission Locale, the young person, or Passerelle.
    pub origin: Origin,
    /// The author, by name.
    pub author_name: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The file version this change produced.
    pub version: i32,
    /// For a restore: the change whose earlier value was put back.
    pub restored_from: Option<Uuid>,
}

/// `POST /api/v1/youths/{id}/history/{change}/restore`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RestoreChange {
    /// The version of the file the restore is based on.
    pub version: i32,
}

/// `POST /api/v1/youths/{id}/confirmations`: the Mission Locale confirms values the young
/// person entered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfirmFields {
    /// The fields to confirm.
    pub fields: Vec<FileField>,
}

/// A file that may be the same person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicateCandidate {
    /// The other file.
    pub youth: YouthSummary,
    /// Score and reasons.
    pub assessment: MatchAssessment,
}

/// Two files that may be the same person (the on-demand scan).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicatePair {
    /// One file.
    pub first: YouthSummary,
    /// The other.
    pub second: YouthSummary,
    /// Score and reasons.
    pub assessment: MatchAssessment,
}

/// `POST /api/v1/youths/duplicate-check`: the files that look like an identity being typed.
#[derive(Clone, Debug, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DuplicateCheck {
    /// Birth name.
    pub birth_name: String,
    /// Usage name.
    pub usage_name: Option<String>,
    /// First names.
    pub first_names: String,
    /// Birth date.
    pub birth_date: Option<NaiveDate>,
    /// E-mail.
    pub email: Option<String>,
    /// Mobile.
    pub mobile: Option<String>,
}

/// Which file a merged field's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MergeSide {
    /// The file that stays.
    Kept,
    /// The file merged into it.
    Merged,
}

/// `POST /api/v1/youths/{kept}/merge`: merge another file into this one, field by field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeRequest {
    /// The file merged into the kept one (it is kept aside, recoverable).
    pub merged_id: YouthId,
    /// The version of the kept file the choices were made on.
    pub kept_version: i32,
    /// The version of the merged file the choices were made on.
    pub merged_version: i32,
    /// For each field to take from the merged file, `merged`; unlisted fields keep their value.
    #[serde(default)]
    pub choices: BTreeMap<FileField, MergeSide>,
}

/// `POST /api/v1/youths/{id}/not-duplicate`: the two files are different people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DismissDuplicate {
    /// The other file.
    pub other_id: YouthId,
}

/// `PUT /api/v1/youths/{id}/counsellor`: assign the referent counsellor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignCounsellor {
    /// The counsellor (a `conseiller` or `manager` of the same Mission Locale), or `null`.
    pub counsellor_id: Option<AccountId>,
}

/// `POST /api/v1/youths/{id}/transfer`: move a file to another Mission Locale (A9).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferYouth {
    /// The receiving Mission Locale.
    pub structure_id: StructureId,
    /// Why, for the receiving team (optional).
    #[serde(default)]
    pub note: Option<String>,
}

/// Someone who opened a file ("who viewed", G2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileReader {
    /// When.
    pub at: DateTime<Utc>,
    /// Who, by name.
    pub name: String,
    /// Their role's French label.
    pub role: String,
    /// What they did ("Consultation du dossier", "Export"…).
    pub summary: String,
}

/// `POST /api/v1/youths/{id}/invitation`: invite the young person to the app.
#[derive(Clone, Debug, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct InviteYouth {
    /// Where to send the invitation; defaults to the e-mail of the file.
    #[validate(custom(function = "validate_optional_email"))]
    pub email: Option<String>,
}

/// Filters of `GET /api/v1/youths` (the portfolio, E7).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct YouthListQuery {
    /// Page number, from 1 (default 1).
    #[validate(range(min = 1, message = "Le numéro de page commence à 1."))]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 25).
    #[validate(range(min = 1, max = 100, message = "Entre 1 et 100 éléments par page."))]
    pub per_page: Option<u32>,
    /// Only the files whose referent counsellor is the caller.
    pub mine: Option<bool>,
    /// Only the files of this counsellor.
    pub counsellor_id: Option<AccountId>,
    /// Only the files without a referent counsellor.
    pub unassigned: Option<bool>,
    /// Name search, accents and case ignored (start of any name).
    #[validate(length(max = 80, message = "Recherche trop longue (80 caractères au plus)."))]
    pub q: Option<String>,
    /// Youngest age, in whole years.
    #[validate(range(min = 0, max = 40, message = "Âge entre 0 et 40 ans."))]
    pub age_min: Option<u32>,
    /// Oldest age, in whole years.
    #[validate(range(min = 0, max = 40, message = "Âge entre 0 et 40 ans."))]
    pub age_max: Option<u32>,
    /// Only this ongoing situation.
    pub situation: Option<SituationCategory>,
    /// Only the files without contact for at least this many days.
    #[validate(range(min = 1, max = 3650, message = "Entre 1 et 3 650 jours."))]
    pub no_contact_days: Option<u32>,
    /// Only the files with missing information (`true`) or only complete ones (`false`).
    pub incomplete: Option<bool>,
}

impl YouthListQuery {
    /// The page selection.
    pub fn page_query(&self) -> PageQuery {
        PageQuery {
            page: self.page,
            per_page: self.per_page,
        }
    }
}

/// An invitation that was sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationSent {
    /// Where the link was sent.
    pub email: String,
    /// When the link stops working.
    pub expires_at: DateTime<Utc>,
}

/// Everything Passerelle holds about a young person (RGPD right of access, G2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YouthDataExport {
    /// When the export was made.
    pub exported_at: DateTime<Utc>,
    /// The Mission Locale, by name.
    pub structure_name: String,
    /// The file.
    pub file: YouthDetail,
    /// Every change of every field.
    pub history: Vec<FileChange>,
    /// Who opened the file.
    pub readers: Vec<FileReader>,
    /// The pre-registrations sent by the young person.
    pub preregistrations: Vec<crate::dto::PreRegistrationDetail>,
    /// Their appointments (coming and past), without staff notes.
    #[serde(default)]
    pub appointments: Vec<crate::dto::AgendaEvent>,
    /// The messages sent to them (confirmations, reminders) with their delivery status.
    #[serde(default)]
    pub messages: Vec<crate::dto::MessageView>,
}

/// The file settings of a Mission Locale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileSettings {
    /// The fields young people may edit themselves in the app.
    pub youth_editable: Vec<FileField>,
}

/// What a retention purge did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurgeReport {
    /// The day the rule was applied for.
    pub as_of: Option<NaiveDate>,
    /// Files looked at (born early enough to be past the limit).
    pub examined: u64,
    /// Files anonymised.
    pub anonymised: u64,
    /// Files kept because of a recent contact or a CEJ.
    pub kept: u64,
    /// Pre-registrations deleted (untouched for longer than their limit).
    pub preregistrations_deleted: u64,
    /// Whether nothing was written (dry run).
    pub dry_run: bool,
}
