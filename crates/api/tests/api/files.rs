//! The young person's file over HTTP: pre-registration and the reception inbox, changes with
//! concurrency, history and restore, the young person's own edits, duplicates and merge, the
//! portfolio, transfer, readers, exports and settings.

use domain::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, assert_error, open_file, spawn_app, spawn_app_with, version_of};

pub(crate) async fn ticket(app: &TestApp) -> String {
    let response = app
        .request(Method::GET, "/api/v1/preregistrations/ticket", None)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    body["ticket"].as_str().unwrap().to_owned()
}

/// A valid form for the demo Mission Locale (Roubaix).
pub(crate) async fn form(app: &TestApp) -> Value {
    json!({
        "structure_id": app.ours.structure_id,
        "birth_name": "Dubois",
        "first_names": "Inès",
        "birth_date": "2007-05-14",
        "sex": "feminin",
        "nationality": "FR",
        "birth_country": "FR",
        "mobile": "06 11 22 33 44",
        "email": "ines.dubois@exemple.fr",
        "postcode": "59100",
        "commune": "59512",
        "housing": "parents",
        "education_level": "niveau_3",
        "situation": "non_professionnelle",
        "referrer": "france_travail",
        "needs": ["emploi", "mobilite"],
        "consent": true,
        "ticket": ticket(app).await,
        "website": ""
    })
}

async fn count(app: &TestApp, table: &str) -> i64 {
    use sea_orm::{ConnectionTrait as _, Statement};
    let row = app
        .state
        .db
        .conn()
        .query_one_raw(Statement::from_string(
            app.state.db.conn().get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

async fn json_of(response: reqwest::Response, status: StatusCode) -> Value {
    let got = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "{body}");
    body
}

async fn patch(app: &TestApp, token: &str, id: &str, body: Value) -> reqwest::Response {
    app.request(Method::PATCH, &format!("/api/v1/youths/{id}"), Some(token))
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_young_person_pre_registers_and_reception_creates_the_file() {
    let app = spawn_app().await;
    let body = form(&app).await;
    let receipt = json_of(
        app.post("/api/v1/preregistrations", None, body).await,
        StatusCode::CREATED,
    )
    .await;
    assert!(receipt["reference"].as_str().unwrap().starts_with("PI-"));
    assert_eq!(receipt["out_of_territory"], false);
    assert_eq!(receipt["structure_name"], "Mission Locale de démonstration");

    let accueil = app.token(Role::Accueil, true).await;
    let inbox = json_of(
        app.get("/api/v1/preregistrations", &accueil).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(inbox["total"], 1);
    let line = &inbox["items"][0];
    assert_eq!(line["status"], "new");
    assert_eq!(line["overdue"], false);
    assert_eq!(line["commune_name"], "Roubaix");
    assert_eq!(line["full_name"], "Inès Dubois");
    let id = line["id"].as_str().unwrap().to_owned();

    // Another structure's reception never sees it.
    let theirs = app.token(Role::Accueil, false).await;
    let other = json_of(
        app.get("/api/v1/preregistrations", &theirs).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(other["total"], 0);
    assert_error(
        app.get(&format!("/api/v1/preregistrations/{id}"), &theirs)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Nor changes it or registers it; a young person or the direction never works the inbox.
    for path in ["status", "register"] {
        let body = if path == "status" {
            json!({"status": "contacted"})
        } else {
            json!({"youth_id": null})
        };
        assert_error(
            app.post(
                &format!("/api/v1/preregistrations/{id}/{path}"),
                Some(&theirs),
                body,
            )
            .await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    for role in [Role::Jeune, Role::Direction, Role::Admin] {
        let token = app.token(role, true).await;
        assert_error(
            app.get(&format!("/api/v1/preregistrations/{id}"), &token)
                .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        assert_error(
            app.post(
                &format!("/api/v1/preregistrations/{id}/status"),
                Some(&token),
                json!({"status": "contacted"}),
            )
            .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }

    let contacted = json_of(
        app.post(
            &format!("/api/v1/preregistrations/{id}/status"),
            Some(&accueil),
            json!({"status": "contacted", "note": "Rappelée à 9 h"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(contacted["summary"]["status"], "contacted");
    assert_eq!(contacted["events"].as_array().unwrap().len(), 2);
    assert_eq!(contacted["events"][1]["by"], "Samia Haddad");
    // Back to "new" is not a transition.
    assert_error(
        app.post(
            &format!("/api/v1/preregistrations/{id}/status"),
            Some(&accueil),
            json!({"status": "new"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;

    let file = json_of(
        app.post(
            &format!("/api/v1/preregistrations/{id}/register"),
            Some(&accueil),
            json!({"youth_id": null}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(file["data"]["birth_name"], "Dubois");
    assert_eq!(file["commune_name"], "Roubaix");
    let provenance = file["provenance"].as_array().unwrap();
    assert!(
        provenance
            .iter()
            .all(|p| p["origin"] == "jeune" && p["confirmed"] == false),
        "{provenance:?}"
    );
    let detail = json_of(
        app.get(&format!("/api/v1/preregistrations/{id}"), &accueil)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(detail["summary"]["status"], "registered");
    assert_eq!(detail["summary"]["youth_id"], file["id"]);
    // A closed request cannot be registered twice.
    assert_error(
        app.post(
            &format!("/api/v1/preregistrations/{id}/register"),
            Some(&accueil),
            json!({"youth_id": null}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn a_commune_outside_the_territory_names_the_mission_locale_that_covers_it() {
    let app = spawn_app().await;
    let mut body = form(&app).await;
    body["postcode"] = json!("59000");
    body["commune"] = json!("59350");
    let receipt = json_of(
        app.post("/api/v1/preregistrations", None, body).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(receipt["out_of_territory"], true);
    assert_eq!(
        receipt["covering_structure"]["name"],
        "Mission Locale voisine"
    );
    let accueil = app.token(Role::Accueil, true).await;
    let inbox = json_of(
        app.get("/api/v1/preregistrations", &accueil).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(inbox["items"][0]["out_of_territory"], true);
    assert_eq!(
        inbox["items"][0]["covering_structure_name"],
        "Mission Locale voisine"
    );
}

#[tokio::test]
async fn bad_pre_registrations_name_each_field_and_write_nothing() {
    let app = spawn_app().await;
    let before = count(&app, "preregistrations").await;
    let cases: [(&str, Value, &str); 9] = [
        ("birth_date", json!("2030-01-01"), "birth_date_in_future"),
        ("birth_date", json!("2014-06-01"), "age_out_of_range"),
        ("birth_date", json!("1986-06-01"), "age_out_of_range"),
        ("birth_date", json!("2007-02-30"), "invalid_date"),
        ("mobile", json!("01 23"), "invalid_phone"),
        ("email", json!("ines@"), "invalid_email"),
        ("postcode", json!("5910"), "invalid_postal_code"),
        ("commune", json!("59999"), "unknown_commune"),
        ("birth_name", json!("D".repeat(10_000)), "too_long"),
    ];
    for (field, value, code) in cases {
        let mut body = form(&app).await;
        body[field] = value;
        let error = assert_error(
            app.post("/api/v1/preregistrations", None, body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        let found = error["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == field)
            .cloned();
        let found = found.unwrap_or_else(|| panic!("{field} not named in {error}"));
        assert_eq!(found["code"], code, "{error}");
        assert!(!found["message"].as_str().unwrap().is_empty());
    }
    let mut body = form(&app).await;
    body["consent"] = json!(false);
    body["housing"] = json!("chateau");
    let error = assert_error(
        app.post("/api/v1/preregistrations", None, body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> = error["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["consent", "housing"]);
    // A body far beyond any form is refused before it is read.
    let mut huge = form(&app).await;
    huge["birth_name"] = json!("x".repeat(10 * 1024 * 1024));
    assert_error(
        app.post("/api/v1/preregistrations", None, huge).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;
    assert_eq!(count(&app, "preregistrations").await, before);
}

#[tokio::test]
async fn robots_are_turned_away_without_a_captcha() {
    let app = spawn_app_with(|s| {
        s.files.preregistration_min_seconds = 2;
        s.files.preregistrations_per_ip_per_hour = 2;
    })
    .await;
    // Sent at once after getting the form: too fast.
    let body = form(&app).await;
    let error = assert_error(
        app.post("/api/v1/preregistrations", None, body.clone())
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error["fields"][0]["field"], "ticket");
    // A forged ticket.
    let mut forged = body.clone();
    forged["ticket"] = json!("eyJhbGciOiJIUzI1NiJ9.e30.x");
    assert_error(
        app.post("/api/v1/preregistrations", None, forged).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    // The hidden field filled: answered as accepted, nothing kept.
    let mut honeypot = body.clone();
    honeypot["website"] = json!("http://spam.example");
    json_of(
        app.post("/api/v1/preregistrations", None, honeypot).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(count(&app, "preregistrations").await, 0);
    // A real one, then the per-address limit.
    json_of(
        app.post("/api/v1/preregistrations", None, body.clone())
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(count(&app, "preregistrations").await, 1);
    let response = app.post("/api/v1/preregistrations", None, body).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().get("retry-after").is_some());
}

#[tokio::test]
async fn concurrent_edits_get_409_with_what_changed_and_history_restores() {
    let app = spawn_app().await;
    let token = app.token(Role::Conseiller, true).await;
    let other = app.token(Role::Manager, true).await;
    let id = app.ours.youths[0].0.to_string();
    let file = json_of(
        app.get(&format!("/api/v1/youths/{id}"), &token).await,
        StatusCode::OK,
    )
    .await;
    let version = file["version"].as_i64().unwrap();
    let original_mobile = file["data"]["mobile"].clone();

    let changed = json_of(patch(&app, &token, &id, json!({"version": version, "changes": {"mobile": "07 00 00 00 01", "housing": "foyer"}})).await, StatusCode::OK).await;
    assert_eq!(changed["version"], version + 1);
    assert_eq!(changed["data"]["mobile"], "+33700000001");
    // The second editor worked on the old version: 409, with what changed meanwhile.
    let conflict = assert_error(
        patch(
            &app,
            &other,
            &id,
            json!({"version": version, "changes": {"housing": "hotel"}}),
        )
        .await,
        StatusCode::CONFLICT,
        "edit_conflict",
    )
    .await;
    let fields: Vec<&str> = conflict["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["housing", "mobile"]);
    assert!(
        conflict["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Foyer"),
        "{conflict}"
    );
    // Invalid values: 422 per field, nothing written.
    let error = assert_error(patch(&app, &token, &id, json!({"version": version + 1, "changes": {"postcode": "ABCDE", "birth_date": "2020-01-01", "commune": "59350"}})).await, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(error["fields"].as_array().unwrap().len(), 2, "{error}");
    let error = assert_error(
        patch(
            &app,
            &token,
            &id,
            json!({"version": version + 1, "changes": {"commune": "59350"}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error["fields"][0]["code"], "commune_postcode_mismatch");
    assert_eq!(
        version_of(&app, app.ours.youths[0].0).await,
        (version + 1) as i32
    );

    let history = json_of(
        app.get(&format!("/api/v1/youths/{id}/history"), &token)
            .await,
        StatusCode::OK,
    )
    .await;
    let mobile_change = history
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "mobile" && c["kind"] == "edit")
        .unwrap()
        .clone();
    assert_eq!(mobile_change["old_value"], original_mobile);
    assert_eq!(mobile_change["author_name"], "Thomas Lefebvre");
    let restored = json_of(
        app.post(
            &format!(
                "/api/v1/youths/{id}/history/{}/restore",
                mobile_change["id"].as_str().unwrap()
            ),
            Some(&token),
            json!({"version": version + 1}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(restored["data"]["mobile"], original_mobile);
    let history = json_of(
        app.get(&format!("/api/v1/youths/{id}/history"), &token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(history[0]["kind"], "restore");
    assert_eq!(history[0]["restored_from"], mobile_change["id"]);
}

#[tokio::test]
async fn a_young_person_edits_allowed_fields_and_the_counsellor_confirms() {
    let app = spawn_app().await;
    let (youth, _) = app.ours.youths[0];
    let jeune = app.token(Role::Jeune, true).await;
    let counsellor = app.token(Role::Conseiller, true).await;
    let id = youth.to_string();
    let version = version_of(&app, youth).await;
    let error = assert_error(patch(&app, &jeune, &id, json!({"version": version, "changes": {"birth_name": "Autre", "mobile": "06 99 99 99 99"}})).await, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(error["fields"][0]["field"], "birth_name");
    assert_eq!(error["fields"][0]["code"], "not_editable");
    let file = json_of(
        patch(
            &app,
            &jeune,
            &id,
            json!({"version": version, "changes": {"mobile": "06 99 99 99 99"}}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let mobile = file["provenance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["field"] == "mobile")
        .unwrap()
        .clone();
    assert_eq!(mobile["origin"], "jeune");
    assert_eq!(mobile["confirmed"], false);
    let confirmed = json_of(
        app.post(
            &format!("/api/v1/youths/{id}/confirmations"),
            Some(&counsellor),
            json!({"fields": ["mobile"]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let mobile = confirmed["provenance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["field"] == "mobile")
        .unwrap()
        .clone();
    assert_eq!(mobile["origin"], "jeune");
    assert_eq!(mobile["confirmed"], true);
    // The direction lets young people change their birth country too.
    let direction = app.token(Role::Direction, true).await;
    let settings = json_of(
        app.request(
            Method::PUT,
            "/api/v1/structures/current/file-settings",
            Some(&direction),
        )
        .json(&json!({"youth_editable": ["mobile", "birth_country"]}))
        .send()
        .await
        .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        settings["youth_editable"],
        json!(["birth_country", "mobile"])
    );
    let version = version_of(&app, youth).await;
    json_of(
        patch(
            &app,
            &jeune,
            &id,
            json!({"version": version, "changes": {"birth_country": "BE"}}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let version = version_of(&app, youth).await;
    assert_error(
        patch(
            &app,
            &jeune,
            &id,
            json!({"version": version, "changes": {"housing": "foyer"}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    // Their own export, JSON and PDF; another young person's is not theirs.
    let export = json_of(
        app.get(&format!("/api/v1/youths/{id}/export"), &jeune)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(export["file"]["id"], json!(id));
    assert!(export["history"].as_array().unwrap().len() > 3);
    let pdf = app
        .get(&format!("/api/v1/youths/{id}/export.pdf"), &jeune)
        .await;
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));
    let sibling = app.ours.youths[1].0;
    assert_error(
        app.get(&format!("/api/v1/youths/{sibling}/export"), &jeune)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // "Who viewed": the counsellor's reads and the exports are listed.
    app.get(&format!("/api/v1/youths/{id}"), &counsellor).await;
    let readers = json_of(
        app.get(&format!("/api/v1/youths/{id}/readers"), &jeune)
            .await,
        StatusCode::OK,
    )
    .await;
    let names: Vec<&str> = readers
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Thomas Lefebvre"), "{names:?}");
    assert!(
        readers
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["summary"] == "Export des données")
    );
}

#[tokio::test]
async fn duplicates_are_found_and_merged_field_by_field() {
    let app = spawn_app().await;
    let token = app.token(Role::Accueil, true).await;
    // The demo Léa Moreau, born 14/03/2006, typed without accent and with day and month swapped.
    let lea = app.ours.youths[0].0;
    let found = json_of(
        app.post(
            "/api/v1/youths/duplicate-check",
            Some(&token),
            json!({"birth_name": "MOREAU", "first_names": "Lea", "birth_date": "2006-03-14"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(found[0]["youth"]["id"], json!(lea));
    assert!(found[0]["assessment"]["score"].as_u64().unwrap() >= 90);
    let body = json!({"first_name": "Lea", "last_name": "Moreau", "birth_date": "2006-03-14", "phone": "06 55 44 33 22"});
    assert_error(
        app.post("/api/v1/youths", Some(&token), body.clone()).await,
        StatusCode::CONFLICT,
        "possible_duplicate",
    )
    .await;
    let mut forced = body.clone();
    forced["ignore_duplicates"] = json!(true);
    let copy = json_of(
        app.post("/api/v1/youths", Some(&token), forced).await,
        StatusCode::CREATED,
    )
    .await;
    let copy_id = copy["id"].as_str().unwrap().to_owned();

    let candidates = json_of(
        app.get(&format!("/api/v1/youths/{copy_id}/duplicates"), &token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(candidates[0]["youth"]["id"], json!(lea));
    let pairs = json_of(
        app.get("/api/v1/youths/duplicates", &token).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        pairs
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["first"]["id"] == json!(copy_id) || p["second"]["id"] == json!(copy_id)),
        "{pairs}"
    );
    // Neither another Mission Locale's reception…
    let theirs = app.token(Role::Accueil, false).await;
    assert_error(
        app.get(&format!("/api/v1/youths/{copy_id}/duplicates"), &theirs)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    let merged = json_of(
        app.post(
            &format!("/api/v1/youths/{lea}/merge"),
            Some(&token),
            json!({
                "merged_id": copy_id,
                "kept_version": version_of(&app, lea).await,
                "merged_version": copy["version"],
                "choices": {"mobile": "merged", "birth_name": "kept"}
            }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(merged["data"]["mobile"], "+33655443322");
    assert_eq!(merged["data"]["first_names"], "Léa");
    // The merged file is kept aside, readable, out of the lists and of the candidates.
    let aside = json_of(
        app.get(&format!("/api/v1/youths/{copy_id}"), &token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(aside["status"], "merged");
    assert_eq!(aside["merged_into"], json!(lea));
    assert_eq!(aside["data"]["mobile"], "+33655443322");
    let list = json_of(
        app.get("/api/v1/youths?per_page=100", &token).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        !list["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == json!(copy_id))
    );
    let history = json_of(
        app.get(&format!("/api/v1/youths/{lea}/history"), &token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(history[0]["kind"], "merge");
    let audit_merges =
        storage::audit::count_for(app.state.db.conn(), domain::dto::AuditAction::Merge, None)
            .await
            .unwrap();
    assert_eq!(audit_merges, 2);

    // Two different people with the same name: dismissed once, not proposed again.
    let twin = open_file(&app, app.ours.structure_id, "Léa", "Moreau", (2006, 3, 15)).await;
    let before = json_of(
        app.get(&format!("/api/v1/youths/{twin}/duplicates"), &token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(!before.as_array().unwrap().is_empty());
    let response = app
        .post(
            &format!("/api/v1/youths/{twin}/not-duplicate"),
            Some(&token),
            json!({"other_id": lea}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let after = json_of(
        app.get(&format!("/api/v1/youths/{twin}/duplicates"), &token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        after
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["youth"]["id"] != json!(lea))
    );
}

#[tokio::test]
async fn reception_attaches_a_request_to_the_existing_file() {
    let app = spawn_app().await;
    let accueil = app.token(Role::Accueil, true).await;
    let mut body = form(&app).await;
    body["birth_name"] = json!("Belkacem");
    body["first_names"] = json!("Yanis");
    body["birth_date"] = json!("2004-09-02");
    body["sex"] = json!("masculin");
    json_of(
        app.post("/api/v1/preregistrations", None, body).await,
        StatusCode::CREATED,
    )
    .await;
    let inbox = json_of(
        app.get("/api/v1/preregistrations", &accueil).await,
        StatusCode::OK,
    )
    .await;
    let line = &inbox["items"][0];
    assert_eq!(line["candidate_count"], 1);
    let id = line["id"].as_str().unwrap();
    let detail = json_of(
        app.get(&format!("/api/v1/preregistrations/{id}"), &accueil)
            .await,
        StatusCode::OK,
    )
    .await;
    let yanis = app.ours.youths[1].0;
    assert_eq!(detail["candidates"][0]["youth"]["id"], json!(yanis));
    assert!(
        !detail["candidates"][0]["assessment"]["reasons"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let file = json_of(
        app.post(
            &format!("/api/v1/preregistrations/{id}/register"),
            Some(&accueil),
            json!({"youth_id": yanis}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // Only the empty fields took the request's values.
    assert_eq!(file["data"]["mobile"], "+33612345602");
    assert_eq!(file["data"]["referrer"], "france_travail");
}

#[tokio::test]
async fn the_portfolio_filters_and_searches_without_accents() {
    let app = spawn_app().await;
    let token = app.token(Role::Conseiller, true).await;
    let page = json_of(
        app.get("/api/v1/youths?q=lea", &token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["first_name"], "Léa");
    let page = json_of(
        app.get("/api/v1/youths?q=PE%20chloe", &token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        page["total"], 1,
        "every word starts a name, in any order: {page}"
    );
    let page = json_of(
        app.get("/api/v1/youths?q=chloe%20moreau", &token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["total"], 0, "{page}");
    let page = json_of(
        app.get("/api/v1/youths?q=petit", &token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["items"][0]["first_name"], "Chloé");
    let page = json_of(
        app.get("/api/v1/youths?mine=true&age_min=20&age_max=25", &token)
            .await,
        StatusCode::OK,
    )
    .await;
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["first_name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Yanis") && !names.contains(&"Chloé"),
        "{names:?}"
    );
    let page = json_of(
        app.get("/api/v1/youths?incomplete=true&per_page=1", &token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["total"], 3);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert!(page["items"][0]["missing_count"].as_u64().unwrap() > 0);
    let page = json_of(
        app.get("/api/v1/youths?situation=emploi", &token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["total"], 0);
    assert_error(
        app.get("/api/v1/youths?age_min=90", &token).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    // Reassignment: to a counsellor, never to reception.
    let manager = app.token(Role::Manager, true).await;
    let id = app.ours.youths[2].0;
    let accueil_id = app.ours.staff_account(Role::Accueil).unwrap();
    let manager_id = app.ours.staff_account(Role::Manager).unwrap();
    let response = app
        .request(
            Method::PUT,
            &format!("/api/v1/youths/{id}/counsellor"),
            Some(&manager),
        )
        .json(&json!({"counsellor_id": accueil_id}))
        .send()
        .await
        .unwrap();
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let response = app
        .request(
            Method::PUT,
            &format!("/api/v1/youths/{id}/counsellor"),
            Some(&manager),
        )
        .json(&json!({"counsellor_id": manager_id}))
        .send()
        .await
        .unwrap();
    let file = json_of(response, StatusCode::OK).await;
    assert_eq!(file["counsellor"]["id"], json!(manager_id));
    let page = json_of(
        app.get(
            &format!("/api/v1/youths?counsellor_id={manager_id}"),
            &manager,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["total"], 1);
}

#[tokio::test]
async fn a_file_moves_to_another_mission_locale_with_its_history() {
    let app = spawn_app().await;
    let manager = app.token(Role::Manager, true).await;
    let id = app.ours.youths[2].0;
    let version = version_of(&app, id).await;
    json_of(
        patch(
            &app,
            &manager,
            &id.to_string(),
            json!({"version": version, "changes": {"housing": "foyer"}}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let response = app
        .post(
            &format!("/api/v1/youths/{id}/transfer"),
            Some(&manager),
            json!({"structure_id": app.theirs.structure_id, "note": "Déménagement à Lille"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_error(
        app.get(&format!("/api/v1/youths/{id}"), &manager).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let theirs = app.token(Role::Conseiller, false).await;
    let file = json_of(
        app.get(&format!("/api/v1/youths/{id}"), &theirs).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(file["data"]["housing"], "foyer");
    assert!(file["counsellor"].is_null());
    let history = json_of(
        app.get(&format!("/api/v1/youths/{id}/history"), &theirs)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["field"] == "housing" && c["new_value"] == "foyer")
    );
    // The young person's account follows the file.
    let jeune = app
        .login("chloe.petit@ml-demo.test", storage::demo::DEMO_PASSWORD)
        .await;
    let mine = json_of(
        app.get(&format!("/api/v1/youths/{id}"), &jeune.access_token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine["structure_id"], json!(app.theirs.structure_id));
    // Transferring to the same or an unknown Mission Locale is refused.
    let theirs_manager = app.token(Role::Manager, false).await;
    let response = app
        .post(
            &format!("/api/v1/youths/{id}/transfer"),
            Some(&theirs_manager),
            json!({"structure_id": app.theirs.structure_id}),
        )
        .await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn the_purge_anonymises_expired_files_and_reports() {
    let app = spawn_app().await;
    let old = open_file(
        &app,
        app.ours.structure_id,
        "Ancien",
        "Dossier",
        (1996, 1, 10),
    )
    .await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let settings = storage::retention::PurgeSettings {
        policy: domain::file::RetentionPolicy::default(),
        preregistration_days: 90,
        dry_run: true,
    };
    // Opened today: the last contact keeps it two more years.
    let report = storage::retention::purge(&app.state.db, settings, today)
        .await
        .unwrap();
    assert_eq!((report.examined, report.anonymised, report.kept), (1, 0, 1));
    {
        use sea_orm::sea_query::Expr;
        use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _};
        storage::entities::youth::Entity::update_many()
            .col_expr(
                storage::entities::youth::Column::LastContactOn,
                Expr::value(chrono::NaiveDate::from_ymd_opt(2022, 1, 1)),
            )
            .filter(storage::entities::youth::Column::Id.eq(old.as_uuid()))
            .exec(app.state.db.conn())
            .await
            .unwrap();
    }
    let report = storage::retention::purge(&app.state.db, settings, today)
        .await
        .unwrap();
    assert_eq!((report.anonymised, report.dry_run), (1, true));
    let token = app.token(Role::Conseiller, true).await;
    let file = json_of(
        app.get(&format!("/api/v1/youths/{old}"), &token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(file["status"], "active", "a dry run changes nothing");
    let report = storage::retention::purge(
        &app.state.db,
        storage::retention::PurgeSettings {
            dry_run: false,
            ..settings
        },
        today,
    )
    .await
    .unwrap();
    assert_eq!(report.anonymised, 1);
    let file = json_of(
        app.get(&format!("/api/v1/youths/{old}"), &token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(file["status"], "anonymised");
    assert_eq!(file["data"]["birth_name"], "Anonyme");
    assert_eq!(file["birth_date"], "1996-01-01");
    let history = json_of(
        app.get(&format!("/api/v1/youths/{old}/history"), &token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(history.as_array().unwrap().len(), 1);
    let list = json_of(
        app.get("/api/v1/youths?q=dossier", &token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["total"], 0);
    // Running it again finds nothing more to do.
    let report = storage::retention::purge(
        &app.state.db,
        storage::retention::PurgeSettings {
            dry_run: false,
            ..settings
        },
        today,
    )
    .await
    .unwrap();
    assert_eq!(report.anonymised, 0);
}
