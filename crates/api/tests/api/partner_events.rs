//! Partners' events (C8) through HTTP: a partner organises, changes and cancels their events,
//! sees who registered (the least data, audited) and takes attendance; never another
//! partner's event, a staff workshop or another Mission Locale's.

use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, DurationRound as _, Utc};
use domain::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, assert_error, spawn_app};

async fn json_of(response: reqwest::Response, status: StatusCode) -> Value {
    let got = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "{body}");
    body
}

async fn put(app: &TestApp, path: &str, token: &str, body: Value) -> reqwest::Response {
    app.request(Method::PUT, path, Some(token))
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// A whole hour, `days` days from now.
fn in_days(days: i64) -> DateTime<Utc> {
    (Utc::now() + Duration::days(days))
        .duration_trunc(Duration::hours(1))
        .unwrap()
}

fn event(title: &str, starts: DateTime<Utc>, capacity: u32) -> Value {
    json!({"title": title, "description": "Découverte des métiers du quai.",
           "starts_at": starts, "ends_at": starts + Duration::hours(2), "capacity": capacity})
}

/// Creates an event for `partner` (an organisation id) as `token`; its id.
async fn create(
    app: &TestApp,
    token: &str,
    partner: impl std::fmt::Display,
    body: Value,
) -> String {
    let created = json_of(
        app.post(
            &format!("/api/v1/partners/{partner}/events"),
            Some(token),
            body,
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    created["id"].as_str().unwrap().to_owned()
}

/// Waits (up to 10 s) for an e-mail to `to` whose subject starts with `subject`.
async fn wait_for_subject(app: &TestApp, to: &str, subject: &str) -> String {
    let deadline = Instant::now() + StdDuration::from_secs(10);
    loop {
        if let Some(mail) = app
            .mail
            .all()
            .into_iter()
            .find(|m| m.to.contains(to) && m.subject.starts_with(subject))
        {
            return mail.body;
        }
        assert!(
            Instant::now() < deadline,
            "no e-mail « {subject}… » to {to} within 10 s"
        );
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_partner_changes_cancels_and_sees_who_registered_to_their_event() {
    let app = spawn_app().await;
    let partner = app.token(Role::Partenaire, true).await;
    let lea = app.token(Role::Jeune, true).await;
    let counsellor = app.token(Role::Conseiller, true).await;
    let own = app.ours.partner_id;
    let lea_id = app.ours.youths[0].0;
    let starts = in_days(10);
    let id = create(
        &app,
        &partner,
        own,
        event("Visite de l'entrepôt", starts, 8),
    )
    .await;
    let base = format!("/api/v1/partners/{own}/events/{id}");

    // Léa sees who proposes it, and registers.
    let list = json_of(
        app.get("/api/v1/workshops?days=30", &lea).await,
        StatusCode::OK,
    )
    .await;
    let shown = list
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == id.as_str())
        .unwrap_or_else(|| panic!("the event in {list}"));
    assert_eq!(shown["partner"]["name"], "Transports Flandres Mobilité");
    assert_eq!(shown["partner"]["id"], own.to_string());
    json_of(
        app.post(
            &format!("/api/v1/workshops/{id}/registrations"),
            Some(&lea),
            json!({}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;

    // The partner sees her name and place, nothing else of her file.
    let seen = json_of(
        app.get(&format!("{base}/registrations"), &partner).await,
        StatusCode::OK,
    )
    .await;
    let seen = seen.as_array().unwrap();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0]["first_name"], "Léa");
    assert_eq!(seen[0]["last_name"], "Moreau");
    assert_eq!(seen[0]["status"], "inscrit");
    assert_eq!(seen[0]["attendance"], Value::Null);
    let mut keys: Vec<&str> = seen[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "attendance",
            "first_name",
            "id",
            "last_name",
            "registered_at",
            "status",
            "waiting_rank"
        ]
    );
    assert_ne!(seen[0]["id"], lea_id.to_string(), "not the file's id");
    // The reading is audited against Léa's file.
    let direction = app.token(Role::Direction, true).await;
    let log = json_of(
        app.get(
            &format!("/api/v1/audit-events?youth_id={lea_id}&per_page=100"),
            &direction,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        log.to_string()
            .contains("Consultation des inscrits de l'événement « Visite de l'entrepôt »"),
        "{log}"
    );

    // The partner moves it an hour later and adds seats; Léa is told the new time.
    let moved = starts + Duration::hours(1);
    let changed = json_of(
        put(
            &app,
            &base,
            &partner,
            json!({"title": "Visite de l'entrepôt de Roubaix", "description": "Chaussures fermées.",
                   "starts_at": moved, "ends_at": moved + Duration::hours(2), "capacity": 10}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(changed["title"], "Visite de l'entrepôt de Roubaix");
    assert_eq!(changed["capacity"], 10);
    assert_eq!(changed["registered"], 1);
    assert_eq!(
        serde_json::from_value::<DateTime<Utc>>(changed["starts_at"].clone()).unwrap(),
        moved
    );
    wait_for_subject(
        &app,
        "lea.moreau",
        "Confirmé : l'événement « Visite de l'entrepôt de Roubaix »",
    )
    .await;

    // Staff change it on the partner's behalf: the partner's user still leads it.
    json_of(
        put(
            &app,
            &base,
            &counsellor,
            json!({"title": "Visite de l'entrepôt de Roubaix", "description": "Chaussures fermées. Parking sur place.",
                   "starts_at": moved, "ends_at": moved + Duration::hours(2), "capacity": 10}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let list = json_of(
        app.get("/api/v1/workshops?days=30", &lea).await,
        StatusCode::OK,
    )
    .await;
    let shown = list
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(shown["facilitator"]["last_name"], "Roussel", "{shown}");
    assert_eq!(
        shown["description"],
        "Chaussures fermées. Parking sur place."
    );
    // Staff see the registrations on the partner's behalf too.
    json_of(
        app.get(&format!("{base}/registrations"), &counsellor).await,
        StatusCode::OK,
    )
    .await;

    // Cancelled: Léa is told; it cannot be cancelled or changed again.
    let cancelled = json_of(
        app.post(&format!("{base}/cancel"), Some(&partner), json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(cancelled["cancelled"], true);
    let body = wait_for_subject(
        &app,
        "lea.moreau",
        "Annulé : l'événement « Visite de l'entrepôt de Roubaix »",
    )
    .await;
    assert!(body.contains("est annulé"), "{body}");
    let again = app
        .post(&format!("{base}/cancel"), Some(&partner), json!({}))
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let change = put(&app, &base, &partner, event("Visite", moved, 10)).await;
    assert_eq!(change.status(), StatusCode::CONFLICT);
    let events = json_of(
        app.get(&format!("/api/v1/partners/{own}/events"), &partner)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(events[0]["cancelled"], true);
    // The young person no longer sees it.
    let list = json_of(
        app.get("/api/v1/workshops?days=30", &lea).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        !list
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["id"] == id.as_str())
    );
}

#[tokio::test]
async fn a_partner_event_is_checked_with_french_messages_naming_the_fields() {
    let app = spawn_app().await;
    let partner = app.token(Role::Partenaire, true).await;
    let own = app.ours.partner_id;
    let starts = in_days(5);
    let collection = format!("/api/v1/partners/{own}/events");

    // The end before the start.
    let mut backwards = event("Forum de l'alternance", starts, 20);
    backwards["ends_at"] = json!(starts - Duration::hours(1));
    let body = assert_error(
        app.post(&collection, Some(&partner), backwards.clone())
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["field"], "ends_at", "{body}");
    assert_eq!(body["fields"][0]["message"], "La fin doit suivre le début.");

    // No seats.
    let body = assert_error(
        app.post(
            &collection,
            Some(&partner),
            event("Forum de l'alternance", starts, 0),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["field"], "capacity", "{body}");
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("places"),
        "{body}"
    );

    // Both wrong, and no title: every field named at once.
    let mut all_wrong = backwards.clone();
    all_wrong["title"] = json!("  ");
    all_wrong["capacity"] = json!(0);
    let body = assert_error(
        app.post(&collection, Some(&partner), all_wrong).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let mut fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    fields.sort_unstable();
    assert_eq!(fields, ["capacity", "ends_at", "title"], "{body}");

    // The same rules on a change.
    let id = create(
        &app,
        &partner,
        own,
        event("Forum de l'alternance", starts, 20),
    )
    .await;
    let body = assert_error(
        put(&app, &format!("{collection}/{id}"), &partner, backwards).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["field"], "ends_at", "{body}");
    let body = assert_error(
        put(
            &app,
            &format!("{collection}/{id}"),
            &partner,
            event("Forum de l'alternance", starts, 0),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["field"], "capacity", "{body}");
}

#[tokio::test]
async fn a_partner_reaches_only_their_own_events() {
    let app = spawn_app().await;
    let partner = app.token(Role::Partenaire, true).await;
    let counsellor = app.token(Role::Conseiller, true).await;
    let lea = app.token(Role::Jeune, true).await;
    let own = app.ours.partner_id;
    let starts = in_days(7);
    let mine = create(
        &app,
        &partner,
        own,
        event("Job dating logistique", starts, 12),
    )
    .await;

    // Another partner of the same Mission Locale, with an event staff organised for it.
    let other = json_of(
        app.post(
            "/api/v1/partners",
            Some(&counsellor),
            json!({"name": "Boulangerie Lemaire", "kind": "employeur"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let other = other["id"].as_str().unwrap().to_owned();
    let theirs_event = create(
        &app,
        &counsellor,
        &other,
        event("Découverte de la boulangerie", starts, 6),
    )
    .await;
    // A staff workshop.
    let workshop = json_of(
        app.post(
            "/api/v1/workshops",
            Some(&counsellor),
            json!({"title": "CV et lettre", "description": "", "starts_at": starts,
                   "ends_at": starts + Duration::hours(2), "capacity": 8}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let workshop = workshop["id"].as_str().unwrap().to_owned();

    // Through their own organisation's address, neither is one of the partner's events.
    for event_id in [&theirs_event, &workshop] {
        let base = format!("/api/v1/partners/{own}/events/{event_id}");
        for response in [
            app.get(&format!("{base}/registrations"), &partner).await,
            put(&app, &base, &partner, event("Pris", starts, 5)).await,
            app.post(&format!("{base}/cancel"), Some(&partner), json!({}))
                .await,
            app.post(
                &format!("{base}/attendance"),
                Some(&partner),
                json!({"entries": []}),
            )
            .await,
        ] {
            assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
        }
    }
    // Nor through the other organisation's.
    let base = format!("/api/v1/partners/{other}/events/{theirs_event}");
    assert_error(
        app.get(&format!("{base}/registrations"), &partner).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        app.get(&format!("/api/v1/partners/{other}/events"), &partner)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        app.post(&format!("{base}/cancel"), Some(&partner), json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // The staff workshop was not cancelled or changed on the way.
    let list = json_of(
        app.get("/api/v1/workshops?days=30", &counsellor).await,
        StatusCode::OK,
    )
    .await;
    let kept = list
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == workshop.as_str())
        .unwrap();
    assert_eq!(kept["cancelled"], false);
    assert_eq!(kept["title"], "CV et lettre");
    assert_eq!(kept["partner"], Value::Null);

    // Another Mission Locale: its partner and its staff do not find ours.
    let base = format!("/api/v1/partners/{own}/events/{mine}");
    for role in [Role::Partenaire, Role::Conseiller] {
        let token = app.token(role, false).await;
        for response in [
            app.get(&format!("{base}/registrations"), &token).await,
            put(&app, &base, &token, event("Pris", starts, 5)).await,
            app.post(&format!("{base}/cancel"), Some(&token), json!({}))
                .await,
        ] {
            assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
        }
    }
    // Nor does ours reach theirs.
    let neighbour = app.theirs.partner_id;
    let neighbour_staff = app.token(Role::Conseiller, false).await;
    let far = create(
        &app,
        &neighbour_staff,
        neighbour,
        event("Portes ouvertes à Lille", starts, 10),
    )
    .await;
    for path in [
        format!("/api/v1/partners/{neighbour}/events/{far}/registrations"),
        format!("/api/v1/partners/{own}/events/{far}/registrations"),
    ] {
        assert_error(
            app.get(&path, &partner).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        assert_error(
            app.get(&path, &counsellor).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    // A young person does not organise events.
    let refused = app.get(&format!("{base}/registrations"), &lea).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    // And the event itself was left alone.
    let events = json_of(
        app.get(&format!("/api/v1/partners/{own}/events"), &partner)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(events.as_array().unwrap().len(), 1, "{events}");
    assert_eq!(events[0]["title"], "Job dating logistique");
    assert_eq!(events[0]["cancelled"], false);
}

#[tokio::test]
async fn a_partner_takes_attendance_at_their_event() {
    let app = spawn_app().await;
    let partner = app.token(Role::Partenaire, true).await;
    let lea = app.token(Role::Jeune, true).await;
    let own = app.ours.partner_id;
    // Starts within 30 minutes, on a quarter hour, still in the future.
    let starts = (Utc::now() + Duration::minutes(15))
        .duration_trunc(Duration::minutes(15))
        .unwrap()
        + Duration::minutes(15);
    let id = create(
        &app,
        &partner,
        own,
        event("Essai de conduite d'engins", starts, 4),
    )
    .await;
    json_of(
        app.post(
            &format!("/api/v1/workshops/{id}/registrations"),
            Some(&lea),
            json!({}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let base = format!("/api/v1/partners/{own}/events/{id}");
    let seen = json_of(
        app.get(&format!("{base}/registrations"), &partner).await,
        StatusCode::OK,
    )
    .await;
    let registration = seen[0]["id"].as_str().unwrap().to_owned();

    // Someone without a seat is named in the error.
    let body = assert_error(
        app.post(
            &format!("{base}/attendance"),
            Some(&partner),
            json!({"entries": [{"registration_id": uuid::Uuid::new_v4(), "attendance": "present"}]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["field"], "entries[0].registration_id");

    let sheet = json_of(
        app.post(
            &format!("{base}/attendance"),
            Some(&partner),
            json!({"entries": [{"registration_id": registration, "attendance": "present"}]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(sheet[0]["attendance"], "present");
    assert_eq!(sheet[0]["first_name"], "Léa");
    let events = json_of(
        app.get(&format!("/api/v1/partners/{own}/events"), &partner)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(events[0]["attended"], 1);
}
