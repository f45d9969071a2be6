//! The whole authorization matrix through HTTP: every role, against its own Mission Locale
//! and another one, over every operation. Refused roles get 403; allowed roles get the
//! record in their own scope and 404 for anyone else's; lists never show other structures.

use domain::accompaniment::{ActionCarrier, Qualification, Scheme};
use domain::dto::{ActionInput, NewActivity, NewContract};
use domain::{PartnerId, Role, Scope, StructureId, YouthId};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use storage::audit::AuditContext;

use crate::support::{TestApp, open_file, spawn_app, version_of};

/// Expected grants, written out here independently of the policy code.
/// Columns: accueil, conseiller, manager, direction, admin, jeune, partenaire.
/// S = the whole own structure, Y = own file only, P = own organisation only, - = refused.
const MATRIX: [(&str, [char; 7]); 52] = [
    ("read_structure", ['S', 'S', 'S', 'S', 'S', 'S', 'S']),
    ("manage_structure", ['-', '-', '-', '-', 'S', '-', '-']),
    ("list_staff", ['S', 'S', 'S', 'S', 'S', '-', '-']),
    ("invite_staff", ['-', '-', '-', 'S', 'S', '-', '-']),
    ("list_youths", ['S', 'S', 'S', 'S', '-', '-', '-']),
    ("read_youth", ['S', 'S', 'S', 'S', '-', 'Y', '-']),
    ("create_youth", ['S', 'S', 'S', '-', '-', '-', '-']),
    ("invite_youth", ['S', 'S', 'S', '-', '-', '-', '-']),
    ("list_partners", ['S', 'S', 'S', 'S', 'S', '-', '-']),
    ("read_partner", ['S', 'S', 'S', 'S', 'S', '-', 'P']),
    ("invite_partner_user", ['-', 'S', 'S', '-', 'S', '-', '-']),
    ("read_audit_log", ['-', '-', '-', 'S', 'S', '-', '-']),
    ("update_youth", ['S', 'S', 'S', '-', '-', 'Y', '-']),
    ("read_youth_history", ['S', 'S', 'S', 'S', '-', 'Y', '-']),
    ("confirm_youth_changes", ['S', 'S', 'S', '-', '-', '-', '-']),
    ("manage_duplicates", ['S', 'S', 'S', '-', '-', '-', '-']),
    ("assign_counsellor", ['-', 'S', 'S', 'S', '-', '-', '-']),
    ("transfer_youth", ['-', '-', 'S', 'S', '-', '-', '-']),
    ("export_youth", ['S', 'S', 'S', 'S', '-', 'Y', '-']),
    ("read_file_readers", ['S', 'S', 'S', 'S', '-', 'Y', '-']),
    (
        "manage_preregistrations",
        ['S', 'S', 'S', '-', '-', '-', '-'],
    ),
    ("manage_file_settings", ['-', '-', '-', 'S', 'S', '-', '-']),
    ("read_accompaniment", ['S', 'S', 'S', 'S', '-', '-', '-']),
    ("write_diagnostic", ['S', 'S', 'S', '-', '-', '-', '-']),
    ("record_interview", ['S', 'S', 'S', '-', '-', '-', '-']),
    ("read_plan", ['S', 'S', 'S', 'S', '-', 'Y', '-']),
    ("manage_plan", ['-', 'S', 'S', '-', '-', '-', '-']),
    ("comment_on_plan", ['-', 'S', 'S', '-', '-', 'Y', '-']),
    ("mark_own_action_done", ['-', '-', '-', '-', '-', 'Y', '-']),
    ("manage_contracts", ['-', 'S', 'S', '-', '-', '-', '-']),
    ("declare_hours", ['-', 'S', 'S', '-', '-', 'Y', '-']),
    ("validate_hours", ['-', 'S', 'S', '-', '-', '-', '-']),
    ("manage_hour_defaults", ['-', '-', 'S', 'S', 'S', '-', '-']),
    ("read_agenda", ['S', 'S', 'S', 'S', '-', '-', '-']),
    ("manage_agenda", ['S', 'S', 'S', '-', '-', '-', '-']),
    (
        "manage_agenda_settings",
        ['-', '-', 'S', 'S', 'S', '-', '-'],
    ),
    ("book_appointment", ['S', 'S', 'S', '-', '-', 'Y', '-']),
    ("read_workshops", ['S', 'S', 'S', 'S', '-', 'S', '-']),
    ("manage_workshops", ['S', 'S', 'S', '-', '-', '-', '-']),
    ("register_to_workshop", ['S', 'S', 'S', '-', '-', 'Y', '-']),
    ("give_feedback", ['-', '-', '-', '-', '-', 'Y', '-']),
    ("read_messages", ['S', 'S', 'S', 'S', '-', 'Y', '-']),
    ("manage_calendar_feed", ['S', 'S', 'S', 'S', '-', 'Y', '-']),
    ("manage_partners", ['-', 'S', 'S', 'S', 'S', '-', 'P']),
    ("record_exchanges", ['S', 'S', 'S', 'S', 'S', '-', '-']),
    ("read_offers", ['S', 'S', 'S', 'S', 'S', 'S', 'S']),
    ("manage_offers", ['S', 'S', 'S', '-', '-', '-', 'P']),
    ("match_offers", ['S', 'S', 'S', '-', '-', 'Y', '-']),
    ("read_referrals", ['S', 'S', 'S', 'S', '-', 'Y', 'P']),
    ("manage_referrals", ['S', 'S', 'S', '-', '-', 'Y', 'P']),
    ("exchange_on_referrals", ['S', 'S', 'S', '-', '-', '-', 'P']),
    ("generate_letters", ['S', 'S', 'S', 'S', 'S', '-', '-']),
];

/// A workshop of a Mission Locale, in the future or already over, with the file seated.
async fn workshop_of(
    app: &TestApp,
    structure: StructureId,
    youth: Option<YouthId>,
    past: bool,
) -> uuid::Uuid {
    use sea_orm::{ActiveModelTrait as _, Set};
    use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
    use storage::entities::{account, workshop, workshop_registration};
    let facilitator = account::Entity::find()
        .filter(account::Column::StructureId.eq(structure.as_uuid()))
        .filter(account::Column::Role.eq("conseiller"))
        .one(app.state.db.conn())
        .await
        .unwrap()
        .unwrap();
    let now = storage::now();
    let starts_at = if past {
        now - chrono::Duration::hours(3)
    } else {
        now + chrono::Duration::days(30)
    };
    let id = uuid::Uuid::new_v4();
    workshop::ActiveModel {
        id: Set(id),
        structure_id: Set(structure.as_uuid()),
        site_id: Set(None),
        title: Set("Atelier de la matrice".to_owned()),
        theme: Set(None),
        description: Set(String::new()),
        starts_at: Set(starts_at),
        ends_at: Set(starts_at + chrono::Duration::hours(2)),
        capacity: Set(50),
        facilitator_id: Set(facilitator.id),
        cancelled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        partner_id: Set(None),
    }
    .insert(app.state.db.conn())
    .await
    .unwrap();
    if let Some(youth) = youth {
        workshop_registration::ActiveModel {
            id: Set(uuid::Uuid::new_v4()),
            workshop_id: Set(id),
            youth_id: Set(youth.as_uuid()),
            status: Set("inscrit".to_owned()),
            registered_at: Set(now),
            registered_by_name: Set("test".to_owned()),
            promoted_at: Set(None),
            cancelled_at: Set(None),
            attendance: Set(Some("present".to_owned())),
            attendance_at: Set(Some(now)),
            feedback: Set(None),
            feedback_at: Set(None),
        }
        .insert(app.state.db.conn())
        .await
        .unwrap();
    }
    id
}

/// A quarter hour far ahead, distinct per call.
fn quarter(serial: i64) -> chrono::DateTime<chrono::Utc> {
    "2030-01-07T07:00:00Z"
        .parse::<chrono::DateTime<chrono::Utc>>()
        .unwrap()
        + chrono::Duration::minutes(15 * serial)
}

fn system(structure: StructureId) -> (AuditContext, Scope) {
    (AuditContext::default(), Scope::Structure(structure))
}

fn paris_today() -> chrono::NaiveDate {
    domain::accompaniment::paris_date(chrono::Utc::now())
}

/// A running CEJ on a file, for hours (started by a manager: eligible or not).
async fn running_cej(app: &TestApp, structure: StructureId, youth: YouthId) {
    let (ctx, scope) = system(structure);
    storage::accompaniment::contracts::start(
        &app.state.db,
        &ctx,
        &scope,
        Role::Manager,
        youth,
        NewContract {
            scheme: Some(Scheme::Cej),
            started_on: Some(paris_today() - chrono::Duration::days(30)),
            planned_end: None,
            override_reason: Some("Préparation du test de la matrice".to_owned()),
        },
        paris_today(),
    )
    .await
    .unwrap();
}

/// A fresh open action carried by the young person.
async fn open_action(app: &TestApp, structure: StructureId, youth: YouthId) -> domain::ActionId {
    let (ctx, scope) = system(structure);
    storage::accompaniment::plan::save_action(
        &app.state.db,
        &ctx,
        &scope,
        youth,
        None,
        ActionInput {
            title: "Mettre à jour son CV".to_owned(),
            carrier: Some(ActionCarrier::Jeune),
            ..ActionInput::default()
        },
        paris_today(),
    )
    .await
    .unwrap()
    .id
}

/// A fresh activity declared by the young person, waiting for validation.
async fn declared_activity(
    app: &TestApp,
    structure: StructureId,
    youth: YouthId,
    serial: i64,
) -> domain::ActivityId {
    let actor = domain::Actor {
        account_id: domain::AccountId(uuid::Uuid::new_v4()),
        role: Role::Jeune,
        structure_id: structure,
        youth_id: Some(youth),
        partner_id: None,
    };
    storage::accompaniment::hours::declare(
        &app.state.db,
        &AuditContext::of(actor, None),
        &Scope::Structure(structure),
        youth,
        NewActivity {
            qualification: Some(Qualification::Sante),
            label: "Rendez-vous médical".to_owned(),
            occurred_at: Some(
                chrono::Utc::now() - chrono::Duration::days(2) - chrono::Duration::minutes(serial),
            ),
            minutes: Some(1),
            comment: String::new(),
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap()
    .id
}

/// The latest diagnostic revision number of a file.
async fn diagnostic_number(app: &TestApp, youth: YouthId) -> Option<i32> {
    use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, QueryOrder as _};
    use storage::entities::diagnostic_revision as rev;
    rev::Entity::find()
        .filter(rev::Column::YouthId.eq(youth.as_uuid()))
        .order_by_desc(rev::Column::Number)
        .one(app.state.db.conn())
        .await
        .unwrap()
        .map(|r| r.number)
}

struct Side {
    structure: StructureId,
    /// A file the role may read on this side (its own for a young person).
    youth: YouthId,
    /// A file without an account, to invite.
    uninvited: YouthId,
    partner: PartnerId,
    partner_name: &'static str,
    referral: uuid::Uuid,
}

/// The demo's referral of the young person (sent to the partner).
async fn referral_of(app: &TestApp, youth: YouthId) -> uuid::Uuid {
    use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
    use storage::entities::referral;
    referral::Entity::find()
        .filter(referral::Column::YouthId.eq(youth.as_uuid()))
        .one(app.state.db.conn())
        .await
        .unwrap()
        .expect("the demo seeds a referral for the first young person")
        .id
}

async fn sibling_partner(app: &TestApp, structure: StructureId) -> PartnerId {
    use sea_orm::{ActiveModelTrait as _, Set};
    use storage::entities::partner;
    let now = storage::now();
    let model = partner::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        structure_id: Set(structure.as_uuid()),
        name: Set("Association Sœur".to_owned()),
        kind: Set("association".to_owned()),
        siret: Set(None),
        email: Set(None),
        phone: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        status: Set("actif".to_owned()),
        sponsor: Set(false),
        ..Default::default()
    }
    .insert(app.state.db.conn())
    .await
    .unwrap();
    PartnerId(model.id)
}

async fn uninvited_youth(app: &TestApp, structure: StructureId) -> YouthId {
    open_file(app, structure, "Sans", "Compte", (2006, 1, 1)).await
}

/// A third Mission Locale, to transfer files to.
async fn third_structure(app: &TestApp) -> StructureId {
    use sea_orm::{ActiveModelTrait as _, Set};
    use storage::entities::structure;
    let now = storage::now();
    let model = structure::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        code: Set("ML-TIERCE".to_owned()),
        name: Set("Mission Locale tierce".to_owned()),
        email: Set(None),
        phone: Set(None),
        youth_editable: Set(None),
        hour_defaults: Set(None),
        agenda_settings: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(app.state.db.conn())
    .await
    .unwrap();
    StructureId(model.id)
}

struct Outcome {
    status: StatusCode,
    body: Value,
}

async fn call(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Outcome {
    let mut request = app.request(method, path, Some(token));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    Outcome {
        status,
        body: response.json().await.unwrap_or(Value::Null),
    }
}

fn ids(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn every_role_against_its_own_and_another_structure() {
    let app = spawn_app().await;
    let ours_uninvited = uninvited_youth(&app, app.ours.structure_id).await;
    let ours_sibling_partner = sibling_partner(&app, app.ours.structure_id).await;
    let theirs_uninvited = uninvited_youth(&app, app.theirs.structure_id).await;
    let elsewhere = third_structure(&app).await;
    let ours_referral = referral_of(&app, app.ours.youths[0].0).await;
    let theirs_referral = referral_of(&app, app.theirs.youths[0].0).await;
    let ours_counsellor = app.ours.staff_account(Role::Conseiller).unwrap();
    running_cej(&app, app.ours.structure_id, app.ours.youths[0].0).await;
    running_cej(&app, app.theirs.structure_id, app.theirs.youths[0].0).await;
    let ours_action = open_action(&app, app.ours.structure_id, app.ours.youths[0].0).await;
    let theirs_action = open_action(&app, app.theirs.structure_id, app.theirs.youths[0].0).await;
    let their_ids: Vec<String> = app
        .theirs
        .youths
        .iter()
        .map(|(y, _)| y.to_string())
        .chain([
            theirs_uninvited.to_string(),
            app.theirs.partner_id.to_string(),
        ])
        .collect();

    let mut failures = Vec::new();
    let mut serial = 0;
    for (column, role) in Role::ALL.into_iter().enumerate() {
        let token = app.token(role, true).await;
        let own = Side {
            structure: app.ours.structure_id,
            // A young person's own file; for staff, any file of theirs.
            youth: app.ours.youths[0].0,
            uninvited: ours_uninvited,
            partner: app.ours.partner_id,
            partner_name: storage::demo::DEMO.partner_name,
            referral: ours_referral,
        };
        let other = Side {
            structure: app.theirs.structure_id,
            youth: app.theirs.youths[0].0,
            uninvited: theirs_uninvited,
            partner: app.theirs.partner_id,
            partner_name: storage::demo::NEIGHBOUR.partner_name,
            referral: theirs_referral,
        };
        for (operation, grants) in MATRIX {
            let allowed = grants[column] != '-';
            for (side_name, side) in [("own", &own), ("other", &other)] {
                serial += 1;
                let unique = format!("{}-{serial}@matrix.test", role.as_str());
                let (method, path, body) = match operation {
                    "read_structure" => (
                        Method::GET,
                        format!("/api/v1/structures/{}", side.structure),
                        None,
                    ),
                    "manage_structure" => (
                        Method::POST,
                        format!("/api/v1/structures/{}/sites", side.structure),
                        Some(
                            json!({"name": "Permanence", "address": "1 place Verte", "postal_code": "59100", "commune_name": "Roubaix", "commune_insee": "59512"}),
                        ),
                    ),
                    "list_staff" => (Method::GET, "/api/v1/staff?per_page=100".to_owned(), None),
                    "invite_staff" => (
                        Method::POST,
                        "/api/v1/staff".to_owned(),
                        Some(
                            json!({"first_name": "Nouvelle", "last_name": "Recrue", "email": unique, "role": "conseiller"}),
                        ),
                    ),
                    "list_youths" => (Method::GET, "/api/v1/youths?per_page=100".to_owned(), None),
                    "read_youth" => (Method::GET, format!("/api/v1/youths/{}", side.youth), None),
                    "create_youth" => (
                        Method::POST,
                        "/api/v1/youths".to_owned(),
                        Some(
                            json!({"first_name": "Nina", "last_name": "Perrin", "birth_date": "2006-06-06", "ignore_duplicates": true}),
                        ),
                    ),
                    "invite_youth" => (
                        Method::POST,
                        format!("/api/v1/youths/{}/invitation", side.uninvited),
                        Some(json!({"email": unique})),
                    ),
                    "list_partners" => (
                        Method::GET,
                        "/api/v1/partners?per_page=100".to_owned(),
                        None,
                    ),
                    "read_partner" => (
                        Method::GET,
                        format!("/api/v1/partners/{}", side.partner),
                        None,
                    ),
                    "invite_partner_user" => (
                        Method::POST,
                        format!("/api/v1/partners/{}/invitations", side.partner),
                        Some(json!({"first_name": "Paul", "last_name": "Martin", "email": unique})),
                    ),
                    "read_audit_log" => (
                        Method::GET,
                        "/api/v1/audit-events?per_page=100".to_owned(),
                        None,
                    ),
                    "update_youth" => (
                        Method::PATCH,
                        format!("/api/v1/youths/{}", side.youth),
                        Some(json!({
                            "version": version_of(&app, side.youth).await,
                            "changes": {"housing": if serial % 2 == 0 { "foyer" } else { "parents" }}
                        })),
                    ),
                    "read_youth_history" => (
                        Method::GET,
                        format!("/api/v1/youths/{}/history", side.youth),
                        None,
                    ),
                    "confirm_youth_changes" => (
                        Method::POST,
                        format!("/api/v1/youths/{}/confirmations", side.youth),
                        Some(json!({"fields": ["housing"]})),
                    ),
                    "manage_duplicates" => (
                        Method::GET,
                        format!("/api/v1/youths/{}/duplicates", side.youth),
                        None,
                    ),
                    "assign_counsellor" => (
                        Method::PUT,
                        format!("/api/v1/youths/{}/counsellor", side.youth),
                        Some(
                            json!({"counsellor_id": if side_name == "own" { Some(ours_counsellor) } else { None }}),
                        ),
                    ),
                    "transfer_youth" => {
                        // A fresh file each time: a successful transfer moves it away.
                        let movable = uninvited_youth(&app, side.structure).await;
                        (
                            Method::POST,
                            format!("/api/v1/youths/{movable}/transfer"),
                            Some(json!({"structure_id": elsewhere, "note": "Déménagement"})),
                        )
                    }
                    "export_youth" => (
                        Method::GET,
                        format!("/api/v1/youths/{}/export", side.youth),
                        None,
                    ),
                    "read_file_readers" => (
                        Method::GET,
                        format!("/api/v1/youths/{}/readers", side.youth),
                        None,
                    ),
                    "manage_preregistrations" => (
                        Method::GET,
                        "/api/v1/preregistrations?all=true".to_owned(),
                        None,
                    ),
                    "manage_file_settings" => (
                        Method::PUT,
                        "/api/v1/structures/current/file-settings".to_owned(),
                        Some(json!({"youth_editable": ["mobile", "email", "housing"]})),
                    ),
                    "read_accompaniment" => (
                        Method::GET,
                        format!("/api/v1/youths/{}/synthesis", side.youth),
                        None,
                    ),
                    "write_diagnostic" => (
                        Method::POST,
                        format!("/api/v1/youths/{}/diagnostic", side.youth),
                        Some(json!({
                            "base_number": diagnostic_number(&app, side.youth).await,
                            "content": {"themes": [{"theme": "logement", "urgency": "urgente", "situation": format!("Hébergé {serial}")}]},
                            "comment": "Mise à jour de la situation"
                        })),
                    ),
                    "record_interview" => (
                        Method::POST,
                        format!("/api/v1/youths/{}/interviews", side.youth),
                        Some(json!({
                            "occurred_at": chrono::Utc::now() - chrono::Duration::hours(1),
                            "channel": "telephone",
                            "summary": "Point sur les démarches."
                        })),
                    ),
                    "read_plan" => (
                        Method::GET,
                        format!("/api/v1/youths/{}/plan", side.youth),
                        None,
                    ),
                    "manage_plan" => (
                        Method::POST,
                        format!("/api/v1/youths/{}/plan/actions", side.youth),
                        Some(json!({"title": "Appeler la CAF", "carrier": "conseiller"})),
                    ),
                    "comment_on_plan" => (
                        Method::POST,
                        format!(
                            "/api/v1/youths/{}/plan/actions/{}/comments",
                            side.youth,
                            if side_name == "own" {
                                ours_action
                            } else {
                                theirs_action
                            }
                        ),
                        Some(json!({"body": "J'ai envoyé mon CV."})),
                    ),
                    "mark_own_action_done" => {
                        let action = open_action(&app, side.structure, side.youth).await;
                        (
                            Method::POST,
                            format!("/api/v1/youths/{}/plan/actions/{action}/done", side.youth),
                            Some(json!({})),
                        )
                    }
                    "manage_contracts" => {
                        // A fresh file each time: one running CEJ per young person.
                        let fresh = uninvited_youth(&app, side.structure).await;
                        (
                            Method::POST,
                            format!("/api/v1/youths/{fresh}/contracts"),
                            Some(json!({"scheme": "cej", "started_on": paris_today()})),
                        )
                    }
                    "declare_hours" => (
                        Method::POST,
                        format!("/api/v1/youths/{}/hours", side.youth),
                        Some(json!({
                            "qualification": "emploi",
                            "label": "Candidature spontanée",
                            "occurred_at": chrono::Utc::now() - chrono::Duration::days(1) - chrono::Duration::minutes(serial),
                            "minutes": 1
                        })),
                    ),
                    "validate_hours" => {
                        let activity =
                            declared_activity(&app, side.structure, side.youth, serial).await;
                        (
                            Method::POST,
                            format!("/api/v1/youths/{}/hours/{activity}/review", side.youth),
                            Some(json!({"status": "validee"})),
                        )
                    }
                    "manage_hour_defaults" => (
                        Method::PUT,
                        "/api/v1/structures/current/hour-defaults".to_owned(),
                        Some(json!({"defaults": [{"qualification": "sante", "minutes": 90}]})),
                    ),
                    "read_agenda" => (Method::GET, "/api/v1/agenda/home".to_owned(), None),
                    "manage_agenda" => (
                        Method::POST,
                        "/api/v1/agenda/events".to_owned(),
                        Some(
                            json!({"kind": "reunion", "starts_at": quarter(serial), "ends_at": quarter(serial) + chrono::Duration::minutes(15)}),
                        ),
                    ),
                    "manage_agenda_settings" => (
                        Method::PUT,
                        "/api/v1/structures/current/agenda-settings".to_owned(),
                        Some(
                            json!({"booking_horizon_days": 21, "min_notice_hours": 4, "change_deadline_hours": 24, "reminders": []}),
                        ),
                    ),
                    "book_appointment" => (
                        Method::GET,
                        format!("/api/v1/youths/{}/appointments", side.youth),
                        None,
                    ),
                    "read_workshops" => (Method::GET, "/api/v1/workshops".to_owned(), None),
                    "manage_workshops" => (
                        Method::POST,
                        "/api/v1/workshops".to_owned(),
                        Some(
                            json!({"title": "Atelier CV", "starts_at": quarter(serial), "ends_at": quarter(serial) + chrono::Duration::hours(1), "capacity": 8}),
                        ),
                    ),
                    "register_to_workshop" => {
                        let workshop = workshop_of(&app, side.structure, None, false).await;
                        (
                            Method::POST,
                            format!("/api/v1/workshops/{workshop}/registrations"),
                            Some(json!({"youth_id": side.youth})),
                        )
                    }
                    "give_feedback" => {
                        let workshop =
                            workshop_of(&app, side.structure, Some(side.youth), true).await;
                        (
                            Method::POST,
                            format!("/api/v1/workshops/{workshop}/feedback"),
                            Some(json!({"rating": 5, "useful": true})),
                        )
                    }
                    "read_messages" => (
                        Method::GET,
                        format!("/api/v1/youths/{}/messages", side.youth),
                        None,
                    ),
                    "manage_calendar_feed" => (
                        Method::POST,
                        format!("/api/v1/youths/{}/calendar-feed", side.youth),
                        Some(json!({})),
                    ),
                    "manage_partners" => (
                        Method::PUT,
                        format!("/api/v1/partners/{}", side.partner),
                        Some(json!({"name": side.partner_name, "kind": "employeur"})),
                    ),
                    "record_exchanges" => (
                        Method::GET,
                        format!("/api/v1/partners/{}/exchanges", side.partner),
                        None,
                    ),
                    "read_offers" => (Method::GET, "/api/v1/offers".to_owned(), None),
                    "manage_offers" => (
                        Method::POST,
                        "/api/v1/offers".to_owned(),
                        Some(
                            json!({"kind": "service", "title": "Atelier CV", "description": "Écrire son CV en deux heures.", "service_type": "atelier"}),
                        ),
                    ),
                    "match_offers" => (
                        Method::GET,
                        format!("/api/v1/youths/{}/matches", side.youth),
                        None,
                    ),
                    "read_referrals" => (Method::GET, "/api/v1/referrals".to_owned(), None),
                    // Reaches the validation of the move (no status given): 422 in scope.
                    "manage_referrals" => (
                        Method::POST,
                        format!("/api/v1/referrals/{}/status", side.referral),
                        Some(json!({})),
                    ),
                    "exchange_on_referrals" => (
                        Method::GET,
                        format!("/api/v1/referrals/{}/messages", side.referral),
                        None,
                    ),
                    "generate_letters" => (
                        Method::GET,
                        format!("/api/v1/partners/{}/letters/invitation", side.partner),
                        None,
                    ),
                    other => unreachable!("{other}"),
                };
                let targeted = path.contains(&side.structure.to_string())
                    || path.contains(&side.youth.to_string())
                    || path.contains(&side.uninvited.to_string())
                    || path.contains(&side.partner.to_string())
                    || path.contains("/transfer")
                    || path.contains("/contracts")
                    || path.contains("/registrations")
                    || path.contains("/feedback")
                    || path.contains("/referrals/");
                // Creations answer 201; the other POSTs are actions answering 200 or 204.
                let creates = method == Method::POST
                    && !path.ends_with("/confirmations")
                    && !path.ends_with("/transfer")
                    && !path.ends_with("/done")
                    && !path.ends_with("/review")
                    && !path.ends_with("/calendar-feed");
                let no_content = path.ends_with("/transfer");
                let validation_only = operation == "manage_referrals";
                let expected = match (allowed, side_name, targeted) {
                    (false, _, _) => StatusCode::FORBIDDEN,
                    (true, "own", _) if validation_only => StatusCode::UNPROCESSABLE_ENTITY,
                    (true, "own", _) if no_content => StatusCode::NO_CONTENT,
                    (true, "own", _) if creates => StatusCode::CREATED,
                    (true, "own", _) => StatusCode::OK,
                    (true, _, true) => StatusCode::NOT_FOUND,
                    // Untargeted calls act on the caller's own structure whatever the side.
                    (true, _, false) if creates => StatusCode::CREATED,
                    (true, _, false) => StatusCode::OK,
                };
                let outcome = call(&app, &token, method, &path, body).await;
                if outcome.status != expected {
                    failures.push(format!(
                        "{role:?} {operation} ({side_name}): got {}, expected {expected}",
                        outcome.status
                    ));
                    continue;
                }
                if outcome.status == StatusCode::FORBIDDEN && outcome.body["code"] != "forbidden" {
                    failures.push(format!(
                        "{role:?} {operation}: 403 without the forbidden code"
                    ));
                }
                if outcome.status == StatusCode::NOT_FOUND && outcome.body["code"] != "not_found" {
                    failures.push(format!(
                        "{role:?} {operation}: 404 without the not_found code"
                    ));
                }
                // Lists never show another structure's records.
                let leaked: Vec<String> = ids(&outcome.body)
                    .into_iter()
                    .filter(|id| their_ids.contains(id))
                    .collect();
                if !leaked.is_empty() {
                    failures.push(format!(
                        "{role:?} {operation}: sees another structure's {leaked:?}"
                    ));
                }
                let text = outcome.body.to_string();
                if text.contains("ml-voisine.test") || text.contains("Mission Locale voisine") {
                    failures.push(format!(
                        "{role:?} {operation} ({side_name}): another structure's data in {text}"
                    ));
                }
            }
        }
        // A partner user sees their own organisation only, even within the structure.
        if role == Role::Partenaire {
            let outcome = call(
                &app,
                &token,
                Method::GET,
                &format!("/api/v1/partners/{ours_sibling_partner}"),
                None,
            )
            .await;
            if outcome.status != StatusCode::NOT_FOUND {
                failures.push(format!(
                    "Partenaire reads another organisation: {}",
                    outcome.status
                ));
            }
        }
        // A young person sees their own file only, even within their structure.
        if role == Role::Jeune {
            let sibling = app.ours.youths[1].0;
            let outcome = call(
                &app,
                &token,
                Method::GET,
                &format!("/api/v1/youths/{sibling}"),
                None,
            )
            .await;
            if outcome.status != StatusCode::NOT_FOUND {
                failures.push(format!(
                    "Jeune reads another young person's file: {}",
                    outcome.status
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
