//! The agenda through HTTP: booking without double booking under 200 concurrent attempts,
//! moving and cancelling within the deadline, bad input refused with nothing written, the
//! waiting list promoted in order, week views across the clock change, reminders delivered
//! once by a worker that died mid-send, calendar feeds.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use chrono::{DateTime, Duration, NaiveTime, Timelike, Utc};
use domain::{Role, YouthId};
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use storage::entities::{agenda_event, job, message};

use crate::support::{TestApp, assert_error, open_file, spawn_app, spawn_app_with};

/// Every day 07:00–20:00 Paris, on the first site of ours, for an account (set by a manager).
async fn open_all_week(app: &TestApp, manager: &str, account: domain::AccountId) {
    let weekly: Vec<Value> = (1..=7)
        .map(|d| json!({"weekday": d, "start": "07:00:00", "end": "20:00:00", "site_id": null}))
        .collect();
    let response = app
        .request(
            Method::PUT,
            &format!("/api/v1/agenda/availability?account_id={account}"),
            Some(manager),
        )
        .json(&json!({"weekly": weekly, "exceptions": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        response.text().await.unwrap()
    );
}

async fn types(app: &TestApp, token: &str) -> Value {
    app.get("/api/v1/agenda/setup", token)
        .await
        .json::<Value>()
        .await
        .unwrap()["appointment_types"]
        .clone()
}

fn type_id(types: &Value, first_reception: bool) -> String {
    types
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["first_reception"] == first_reception && t["youth_bookable"] == true)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A quarter hour at least `hours` ahead, between 08:00 and 18:00 Paris.
fn future_slot(hours: i64) -> DateTime<Utc> {
    let mut at = Utc::now() + Duration::hours(hours);
    at = at
        .with_second(0)
        .unwrap()
        .with_nanosecond(0)
        .unwrap()
        .with_minute(at.minute() / 15 * 15)
        .unwrap()
        + Duration::minutes(15);
    loop {
        let day = domain::accompaniment::paris_date(at);
        let paris = |h| {
            domain::accompaniment::paris_instant(day, NaiveTime::from_hms_opt(h, 0, 0).unwrap())
        };
        if at >= paris(8) && at < paris(18) {
            return at;
        }
        at += Duration::minutes(15);
    }
}

async fn event_count(app: &TestApp) -> u64 {
    agenda_event::Entity::find()
        .count(app.state.db.conn())
        .await
        .unwrap()
}

#[tokio::test]
async fn two_hundred_concurrent_attempts_on_one_slot_give_one_booking() {
    let app = spawn_app().await;
    let manager = app.token(Role::Manager, true).await;
    let accueil = app.ours.staff_account(Role::Accueil).unwrap();
    open_all_week(&app, &manager, accueil).await;
    // The reception takes first appointments: 200 files try the same first-reception slot.
    let staff = app.token(Role::Accueil, true).await;
    let first = type_id(&types(&app, &staff).await, true);
    let mut files: Vec<YouthId> = Vec::new();
    for n in 0..199 {
        files.push(
            open_file(
                &app,
                app.ours.structure_id,
                "Candidat",
                &format!("Numero{n}"),
                (2005, 1, 1 + n % 28),
            )
            .await,
        );
    }
    // One young person in two tabs: the last two attempts are the same file.
    files.push(files[0]);
    let start = future_slot(30);
    let attempts = files.iter().map(|youth| {
        app.request(
            Method::POST,
            &format!("/api/v1/youths/{youth}/appointments"),
            Some(&staff),
        )
        .json(&json!({"appointment_type_id": first, "starts_at": start, "host_id": accueil}))
        .send()
    });
    let responses = futures_util::future::join_all(attempts).await;
    let mut created = 0;
    let mut taken = 0;
    for response in responses {
        let response = response.unwrap();
        match response.status() {
            StatusCode::CREATED => created += 1,
            StatusCode::CONFLICT => {
                let body: Value = response.json().await.unwrap();
                assert_eq!(body["code"], "slot_taken", "{body}");
                assert_eq!(
                    body["message"],
                    "Ce créneau vient d'être pris : choisissez-en un autre."
                );
                taken += 1;
            }
            other => panic!("unexpected {other}: {}", response.text().await.unwrap()),
        }
    }
    assert_eq!((created, taken), (1, 199));
    let booked = agenda_event::Entity::find()
        .filter(agenda_event::Column::OwnerId.eq(accueil.as_uuid()))
        .filter(agenda_event::Column::StartsAt.eq(start))
        .count(app.state.db.conn())
        .await
        .unwrap();
    assert_eq!(booked, 1);
}

#[tokio::test]
async fn a_young_person_books_moves_and_cancels_and_the_counsellor_sees_it() {
    let app = spawn_app().await;
    let manager = app.token(Role::Manager, true).await;
    let counsellor = app.ours.staff_account(Role::Conseiller).unwrap();
    open_all_week(&app, &manager, counsellor).await;
    let (youth, _) = app.ours.youths[0];
    let young = app.token(Role::Jeune, true).await;
    let agenda: Value = app
        .get(&format!("/api/v1/youths/{youth}/appointments"), &young)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(agenda["counsellor"]["id"], counsellor.to_string());
    let follow_up = type_id(&agenda["bookable_types"], false);

    // Free slots are the counsellor's, from the notice on.
    let slots: Value = app
        .get(
            &format!("/api/v1/youths/{youth}/slots?appointment_type_id={follow_up}&days=7"),
            &young,
        )
        .await
        .json()
        .await
        .unwrap();
    let list = slots["slots"].as_array().unwrap();
    assert!(list.len() > 20, "{slots}");
    assert!(
        list.iter()
            .all(|s| s["host"]["id"] == counsellor.to_string())
    );
    let earliest: DateTime<Utc> = serde_json::from_value(list[0]["starts_at"].clone()).unwrap();
    assert!(
        earliest >= Utc::now() + Duration::hours(2),
        "the 2-hour notice"
    );

    let start = future_slot(48);
    let booked = app
        .post(
            &format!("/api/v1/youths/{youth}/appointments"),
            Some(&young),
            json!({"appointment_type_id": follow_up, "starts_at": start, "host_id": counsellor}),
        )
        .await;
    assert_eq!(booked.status(), StatusCode::CREATED);
    let booked: Value = booked.json().await.unwrap();
    assert_eq!(booked["booked_by_youth"], true);
    assert!(booked["confirmed_at"].is_string());
    let id = booked["id"].as_str().unwrap().to_owned();
    // The slot is gone from the list.
    let slots: Value = app
        .get(
            &format!("/api/v1/youths/{youth}/slots?appointment_type_id={follow_up}&days=7"),
            &young,
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(!slots["slots"].as_array().unwrap().iter().any(|s| {
        serde_json::from_value::<DateTime<Utc>>(s["starts_at"].clone()).unwrap() == start
    }));

    // The confirmation goes by e-mail with the appointment as an .ics.
    let mail = app.mail.wait_for("lea").await;
    assert!(
        mail.subject
            .starts_with("Confirmé : votre rendez-vous « Entretien de suivi »"),
        "{}",
        mail.subject
    );
    assert!(mail.body.contains("BEGIN:VCALENDAR"), "{}", mail.body);

    // Moved a day later.
    let moved_to = start + Duration::days(1);
    let moved = app
        .request(
            Method::PATCH,
            &format!("/api/v1/youths/{youth}/appointments/{id}"),
            Some(&young),
        )
        .json(&json!({"starts_at": moved_to}))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), StatusCode::OK);

    // The counsellor sees it in the week view of that day.
    let staff = app.token(Role::Conseiller, true).await;
    let day = domain::accompaniment::paris_date(moved_to);
    let week: Value = app
        .get(&format!("/api/v1/agenda?from={day}&days=1"), &staff)
        .await
        .json()
        .await
        .unwrap();
    let seen = week["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id.as_str())
        .expect("in the counsellor's agenda");
    assert_eq!(seen["kind"], "rendez_vous_jeune");
    assert_eq!(seen["youth"]["id"], youth.to_string());

    // Messages are visible on the file with their status.
    let messages: Value = app
        .get(&format!("/api/v1/youths/{youth}/messages"), &staff)
        .await
        .json()
        .await
        .unwrap();
    let statuses: Vec<&str> = messages
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["status"].as_str().unwrap())
        .collect();
    assert!(
        statuses.contains(&"annule"),
        "the first reminders were cancelled by the move: {statuses:?}"
    );
    assert!(statuses.contains(&"en_attente"), "{statuses:?}");

    // Cancelled by the young person: the cells free up, the slot is bookable again.
    let cancelled = app
        .post(
            &format!("/api/v1/youths/{youth}/appointments/{id}/cancel"),
            Some(&young),
            json!({"reason": "Empêchement"}),
        )
        .await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    let again = app
        .post(
            &format!("/api/v1/youths/{youth}/appointments"),
            Some(&young),
            json!({"appointment_type_id": follow_up, "starts_at": moved_to, "host_id": counsellor}),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CREATED);

    // Within the 24-hour deadline the young person can no longer move or cancel.
    let soon = future_slot(3);
    let soon: Value = app
        .post(
            &format!("/api/v1/youths/{youth}/appointments"),
            Some(&young),
            json!({"appointment_type_id": follow_up, "starts_at": soon, "host_id": counsellor}),
        )
        .await
        .json()
        .await
        .unwrap();
    let soon_id = soon["id"].as_str().unwrap();
    let late = app
        .post(
            &format!("/api/v1/youths/{youth}/appointments/{soon_id}/cancel"),
            Some(&young),
            json!({}),
        )
        .await;
    let body = assert_error(late, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["fields"][0]["code"], "deadline_passed");
    // Staff still can.
    let by_staff = app
        .post(
            &format!("/api/v1/youths/{youth}/appointments/{soon_id}/cancel"),
            Some(&staff),
            json!({}),
        )
        .await;
    assert_eq!(by_staff.status(), StatusCode::OK);

    // The wished rhythm shows on the counsellor's home.
    let put = app
        .request(
            Method::PUT,
            &format!("/api/v1/youths/{youth}/follow-up-intensity"),
            Some(&young),
        )
        .json(&json!({"intensity": "bimensuelle"}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::OK);
    // The young person's data export holds their appointments and messages.
    let export: Value = app
        .get(&format!("/api/v1/youths/{youth}/export"), &young)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        export["appointments"].as_array().unwrap().len() >= 3,
        "{export}"
    );
    assert!(
        export["appointments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["note"] == "")
    );
    assert!(!export["messages"].as_array().unwrap().is_empty());
    let home: Value = app
        .get("/api/v1/agenda/home", &staff)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        home["intensities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["youth"]["id"] == youth.to_string() && r["intensity"] == "bimensuelle"),
        "{home}"
    );
}

#[tokio::test]
async fn bad_bookings_get_a_french_reason_and_write_nothing() {
    let app = spawn_app().await;
    let manager = app.token(Role::Manager, true).await;
    let counsellor = app.ours.staff_account(Role::Conseiller).unwrap();
    // Mornings only, Monday to Friday.
    let weekly: Vec<Value> = (1..=5)
        .map(|d| json!({"weekday": d, "start": "09:00:00", "end": "12:00:00"}))
        .collect();
    let set = app
        .request(
            Method::PUT,
            &format!("/api/v1/agenda/availability?account_id={counsellor}"),
            Some(&manager),
        )
        .json(&json!({"weekly": weekly}))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), StatusCode::OK);
    let (youth, _) = app.ours.youths[0];
    let young = app.token(Role::Jeune, true).await;
    let follow_up = type_id(&types(&app, &young).await, false);
    let before = event_count(&app).await;
    let path = format!("/api/v1/youths/{youth}/appointments");
    let book = |start: DateTime<Utc>, host: String| {
        app.post(
            &path,
            Some(&young),
            json!({"appointment_type_id": follow_up, "starts_at": start, "host_id": host}),
        )
    };
    // In the past.
    let past = Utc::now() - Duration::days(1);
    let past = past
        .with_minute(0)
        .unwrap()
        .with_second(0)
        .unwrap()
        .with_nanosecond(0)
        .unwrap();
    let body = assert_error(
        book(past, counsellor.to_string()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["code"], "in_past");
    // Outside opening hours: 20:00 Paris, some days ahead.
    let day = domain::accompaniment::paris_date(Utc::now()) + Duration::days(3);
    let evening =
        domain::accompaniment::paris_instant(day, NaiveTime::from_hms_opt(20, 0, 0).unwrap());
    let body = assert_error(
        book(evening, counsellor.to_string()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["code"], "outside_opening_hours");
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("horaires d'ouverture")
    );
    // Beyond the 28-day horizon.
    let far = domain::accompaniment::paris_instant(
        day + Duration::days(40),
        NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
    );
    let body = assert_error(
        book(far, counsellor.to_string()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["code"], "too_far");
    // Another Mission Locale's counsellor.
    let theirs = app.theirs.staff_account(Role::Conseiller).unwrap();
    let body = assert_error(
        book(future_slot(30), theirs.to_string()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["field"], "host_id");
    // Another young person's file.
    let (sibling, _) = app.ours.youths[1];
    let other = app
        .post(&format!("/api/v1/youths/{sibling}/appointments"), Some(&young), json!({"appointment_type_id": follow_up, "starts_at": future_slot(30), "host_id": counsellor}))
        .await;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    assert_eq!(event_count(&app).await, before, "nothing written");

    // An absence overlapping another is refused, naming the first.
    let staff = app.token(Role::Conseiller, true).await;
    let monday = domain::accompaniment::monday_of(day) + Duration::days(7);
    let at = |d: i64, h: u32| {
        domain::accompaniment::paris_instant(
            monday + Duration::days(d),
            NaiveTime::from_hms_opt(h, 0, 0).unwrap(),
        )
    };
    let leave = app
        .post("/api/v1/agenda/events", Some(&staff), json!({"kind": "absence", "starts_at": at(0, 0), "ends_at": at(3, 0), "title": "Congés"}))
        .await;
    assert_eq!(leave.status(), StatusCode::CREATED);
    let overlap = app
        .post(
            "/api/v1/agenda/events",
            Some(&staff),
            json!({"kind": "absence", "starts_at": at(2, 9), "ends_at": at(4, 0)}),
        )
        .await;
    let body = assert_error(
        overlap,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["code"], "overlap");
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("« Congés »"),
        "{body}"
    );
    // No slot is offered during the absence.
    let slots: Value = app
        .get(
            &format!(
                "/api/v1/youths/{youth}/slots?appointment_type_id={follow_up}&from={monday}&days=3"
            ),
            &young,
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(slots["slots"].as_array().unwrap().is_empty(), "{slots}");
    assert!(slots["empty_reason"].is_string());
    // Malformed opening hours.
    let bad = app
        .request(Method::PUT, "/api/v1/agenda/availability", Some(&staff))
        .json(&json!({"weekly": [{"weekday": 1, "start": "12:00:00", "end": "09:00:00"}]}))
        .send()
        .await
        .unwrap();
    let body = assert_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["fields"][0]["field"], "weekly[0].end");
}

async fn workshop(app: &TestApp, token: &str, capacity: u32, hours_ahead: i64) -> String {
    let start = future_slot(hours_ahead);
    let response = app
        .post("/api/v1/workshops", Some(token), json!({"title": "Préparer un entretien d'embauche", "theme": "emploi", "starts_at": start, "ends_at": start + Duration::hours(2), "capacity": capacity}))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_waiting_list_promotes_in_order() {
    let app = spawn_app().await;
    let staff = app.token(Role::Conseiller, true).await;
    let id = workshop(&app, &staff, 1, 30).await;
    let files: Vec<YouthId> = vec![
        app.ours.youths[0].0,
        app.ours.youths[1].0,
        open_file(&app, app.ours.structure_id, "Inès", "Garnier", (2006, 4, 4)).await,
    ];
    let path = format!("/api/v1/workshops/{id}/registrations");
    let register = |youth: YouthId, waiting: bool| {
        app.post(
            &path,
            Some(&staff),
            json!({"youth_id": youth, "waiting_list": waiting}),
        )
    };
    assert_eq!(
        register(files[0], false).await.status(),
        StatusCode::CREATED
    );
    // Full: refused unless the waiting list is accepted.
    assert_error(
        register(files[1], false).await,
        StatusCode::CONFLICT,
        "workshop_full",
    )
    .await;
    let second: Value = register(files[1], true).await.json().await.unwrap();
    assert_eq!(
        (second["seated"].as_u64(), second["waiting"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(register(files[2], true).await.status(), StatusCode::CREATED);
    assert_error(
        register(files[2], true).await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    // The capacity cannot drop below the seats taken.
    let detail: Value = app
        .get(&format!("/api/v1/workshops/{id}"), &staff)
        .await
        .json()
        .await
        .unwrap();
    let w = &detail["workshop"];
    let shrink = app
        .request(Method::PUT, &format!("/api/v1/workshops/{id}"), Some(&staff))
        .json(&json!({"title": w["title"], "starts_at": w["starts_at"], "ends_at": w["ends_at"], "capacity": 0}))
        .send()
        .await
        .unwrap();
    assert_error(
        shrink,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;

    // The young person on the seat withdraws: the first waiting gets it, then the next.
    let young = app.token(Role::Jeune, true).await;
    let out = app
        .post(
            &format!("/api/v1/workshops/{id}/registrations/{}/cancel", files[0]),
            Some(&young),
            json!({}),
        )
        .await;
    assert_eq!(out.status(), StatusCode::OK);
    let order = |detail: &Value| -> Vec<(String, String)> {
        detail["registrations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["youth"]["id"].as_str().unwrap().to_owned(),
                    r["status"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let detail: Value = app
        .get(&format!("/api/v1/workshops/{id}"), &staff)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        order(&detail),
        [
            (files[1].to_string(), "inscrit".to_owned()),
            (files[2].to_string(), "en_attente".to_owned()),
            (files[0].to_string(), "annule".to_owned()),
        ]
    );
    assert!(detail["registrations"][0]["promoted_at"].is_string());
    let out = app
        .post(
            &format!("/api/v1/workshops/{id}/registrations/{}/cancel", files[1]),
            Some(&staff),
            json!({}),
        )
        .await;
    assert_eq!(out.status(), StatusCode::OK);
    let detail: Value = app
        .get(&format!("/api/v1/workshops/{id}"), &staff)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        order(&detail)[0],
        (files[2].to_string(), "inscrit".to_owned())
    );
    // The promoted young person is told a seat freed (a message on their file).
    let promoted = message::Entity::find()
        .filter(message::Column::YouthId.eq(files[1].as_uuid()))
        .filter(message::Column::Kind.eq("place_liberee"))
        .count(app.state.db.conn())
        .await
        .unwrap();
    assert_eq!(promoted, 1);
}

#[tokio::test]
async fn a_facilitator_takes_attendance_and_feedback_is_summed() {
    let app = spawn_app().await;
    let staff = app.token(Role::Conseiller, true).await;
    let young = app.token(Role::Jeune, true).await;
    let (youth, _) = app.ours.youths[0];
    let id = workshop(&app, &staff, 5, 1).await;
    let joined = app
        .post(
            &format!("/api/v1/workshops/{id}/registrations"),
            Some(&young),
            json!({}),
        )
        .await;
    assert_eq!(joined.status(), StatusCode::CREATED);
    let list: Value = app
        .get("/api/v1/workshops", &young)
        .await
        .json()
        .await
        .unwrap();
    let mine = list
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == id.as_str())
        .unwrap();
    assert_eq!(mine["my_status"], "inscrit");
    // The registration shows in the counsellor's agenda too (B18).
    let agenda: Value = app
        .get(
            &format!(
                "/api/v1/agenda?from={}&days=2",
                domain::accompaniment::paris_date(Utc::now())
            ),
            &staff,
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        agenda["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["workshop_id"] == id.as_str())
    );
    // Too early for attendance (more than 30 minutes before).
    let early = app
        .post(
            &format!("/api/v1/workshops/{id}/attendance"),
            Some(&staff),
            json!({"entries": [{"youth_id": youth, "attendance": "present"}]}),
        )
        .await;
    assert_error(early, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    // The workshop started an hour ago and ended.
    use sea_orm::{ActiveModelTrait, Set};
    let row = storage::entities::workshop::Entity::find_by_id(uuid::Uuid::parse_str(&id).unwrap())
        .one(app.state.db.conn())
        .await
        .unwrap()
        .unwrap();
    let mut active: storage::entities::workshop::ActiveModel = row.into();
    active.starts_at = Set(Utc::now() - Duration::hours(3));
    active.ends_at = Set(Utc::now() - Duration::hours(1));
    active.update(app.state.db.conn()).await.unwrap();
    let sheet = app
        .post(
            &format!("/api/v1/workshops/{id}/attendance"),
            Some(&staff),
            json!({"entries": [{"youth_id": youth, "attendance": "present"}]}),
        )
        .await;
    assert_eq!(sheet.status(), StatusCode::OK);
    let sheet: Value = sheet.json().await.unwrap();
    assert_eq!(sheet["registrations"][0]["attendance"], "present");
    let stranger = app
        .post(
            &format!("/api/v1/workshops/{id}/attendance"),
            Some(&staff),
            json!({"entries": [{"youth_id": app.ours.youths[1].0, "attendance": "absent"}]}),
        )
        .await;
    let body = assert_error(
        stranger,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["field"], "entries[0].youth_id");
    // Feedback: checked, once, then summed.
    let empty = app
        .post(
            &format!("/api/v1/workshops/{id}/feedback"),
            Some(&young),
            json!({}),
        )
        .await;
    let body = assert_error(empty, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["fields"].as_array().unwrap().len(), 2);
    let given = app
        .post(
            &format!("/api/v1/workshops/{id}/feedback"),
            Some(&young),
            json!({"rating": 4, "useful": true, "comment": "Très utile"}),
        )
        .await;
    assert_eq!(given.status(), StatusCode::CREATED);
    let twice = app
        .post(
            &format!("/api/v1/workshops/{id}/feedback"),
            Some(&young),
            json!({"rating": 1, "useful": false}),
        )
        .await;
    assert_error(twice, StatusCode::CONFLICT, "conflict").await;
    let detail: Value = app
        .get(&format!("/api/v1/workshops/{id}"), &staff)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["feedback"]["answers"], 1);
    assert_eq!(detail["feedback"]["average_rating"], 4.0);
    assert_eq!(detail["feedback"]["comments"][0], "Très utile");
}

#[tokio::test]
async fn week_views_follow_paris_weeks_across_the_clock_change() {
    let app = spawn_app().await;
    let staff = app.token(Role::Conseiller, true).await;
    // Sunday 25 October 2026 the clock goes back: that week lasts 169 hours.
    for (at, title) in [
        ("2026-10-19T07:00:00Z", "Lundi 9 h"),
        ("2026-10-25T22:30:00Z", "Dimanche 23 h 30"),
        ("2026-10-26T08:00:00Z", "Lundi suivant 9 h"),
    ] {
        let start: DateTime<Utc> = at.parse().unwrap();
        let created = app
            .post("/api/v1/agenda/events", Some(&staff), json!({"kind": "administratif", "starts_at": start, "ends_at": start + Duration::minutes(30), "title": title}))
            .await;
        assert_eq!(created.status(), StatusCode::CREATED, "{title}");
    }
    let titles = |view: Value| -> Vec<String> {
        view["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["title"].as_str().unwrap().to_owned())
            .collect()
    };
    let first: Value = app
        .get("/api/v1/agenda?from=2026-10-19&days=7", &staff)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(titles(first), ["Lundi 9 h", "Dimanche 23 h 30"]);
    let second: Value = app
        .get("/api/v1/agenda?from=2026-10-26&days=7", &staff)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(titles(second), ["Lundi suivant 9 h"]);
}

/// A fake SMS provider: keeps each request, answers the first one late (to let the test kill
/// the worker mid-send), refuses one number, and delivers a message id once.
#[derive(Clone, Default)]
struct FakeSms {
    requests: Arc<Mutex<Vec<(String, String)>>>,
    delivered: Arc<Mutex<HashSet<String>>>,
    slow_first: bool,
    refuse: String,
}

async fn fake_sms_handler(
    request: HttpRequest,
    body: web::Json<Value>,
    fake: web::Data<FakeSms>,
) -> HttpResponse {
    let key = request
        .headers()
        .get("Idempotency-Key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let to = body["to"].as_str().unwrap_or_default().to_owned();
    let first = {
        let mut requests = fake.requests.lock().unwrap();
        requests.push((key.clone(), to.clone()));
        requests.len() == 1
    };
    if to == fake.refuse {
        return HttpResponse::ServiceUnavailable().finish();
    }
    fake.delivered.lock().unwrap().insert(key);
    if first && fake.slow_first {
        tokio::time::sleep(StdDuration::from_secs(5)).await;
    }
    HttpResponse::Accepted().json(json!({"status": "queued"}))
}

async fn start_fake_sms(fake: FakeSms) -> String {
    let data = web::Data::new(fake);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .route("/sms", web::post().to(fake_sms_handler))
    })
    .workers(1)
    .bind(("127.0.0.1", 0))
    .unwrap();
    let port = server.addrs()[0].port();
    tokio::spawn(server.run());
    format!("http://127.0.0.1:{port}/sms")
}

fn worker(app: &TestApp) -> api::jobs::JobWorker {
    let settings = &app.state.settings;
    api::jobs::JobWorker::new(
        app.state.db.clone(),
        api::mail::Mailer::from_settings(&settings.mail, &settings.outbox_dir()).unwrap(),
        settings.mail.from.clone(),
        StdDuration::from_millis(100),
        Arc::new(tokio::sync::Notify::new()),
        settings.files.clone(),
    )
    .with_sms(api::sms::SmsSender::from_settings(&settings.sms, settings.outbox_dir()).unwrap())
    .with_lease(StdDuration::from_secs(1))
}

/// An appointment for a file in 75 minutes with an SMS reminder one hour before, made due now.
async fn appointment_with_due_sms(app: &TestApp, youth: YouthId, later: i64) {
    let manager = app.token(Role::Manager, true).await;
    let settings = app
        .request(Method::PUT, "/api/v1/structures/current/agenda-settings", Some(&manager))
        .json(&json!({"booking_horizon_days": 28, "min_notice_hours": 0, "change_deadline_hours": 0, "reminders": [{"channel": "sms", "hours_before": 1}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(settings.status(), StatusCode::OK);
    let staff = app.token(Role::Conseiller, true).await;
    let follow_up = type_id(&types(app, &staff).await, false);
    let start = future_slot(1) + Duration::minutes(30 + later);
    let created = app
        .post("/api/v1/agenda/events", Some(&staff), json!({"kind": "rendez_vous_jeune", "youth_id": youth, "appointment_type_id": follow_up, "starts_at": start}))
        .await;
    assert_eq!(
        created.status(),
        StatusCode::CREATED,
        "{}",
        created.text().await.unwrap()
    );
    // Time passes: the reminder is due.
    job::Entity::update_many()
        .col_expr(
            job::Column::RunAt,
            sea_orm::sea_query::Expr::value(Utc::now() - Duration::seconds(1)),
        )
        .filter(job::Column::Kind.eq("send_message"))
        .exec(app.state.db.conn())
        .await
        .unwrap();
}

async fn sms_of(app: &TestApp, youth: YouthId) -> message::Model {
    message::Entity::find()
        .filter(message::Column::YouthId.eq(youth.as_uuid()))
        .filter(message::Column::Channel.eq("sms"))
        .one(app.state.db.conn())
        .await
        .unwrap()
        .expect("an SMS reminder")
}

#[tokio::test]
async fn a_reminder_whose_worker_died_mid_send_is_retried_and_delivered_once() {
    let fake = FakeSms {
        slow_first: true,
        ..FakeSms::default()
    };
    let url = start_fake_sms(fake.clone()).await;
    let app = spawn_app_with(|s| {
        s.jobs.enabled = false;
        s.sms.transport = api::config::SmsTransport::Http;
        s.sms.url = Some(url);
    })
    .await;
    let (youth, _) = app.ours.youths[0];
    appointment_with_due_sms(&app, youth, 0).await;

    // A worker claims the reminder, hands it to the provider and dies before the answer.
    let first = worker(&app);
    let running = tokio::spawn(async move { first.drain().await });
    for _ in 0..100 {
        if !fake.requests.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    running.abort();
    assert_eq!(fake.requests.lock().unwrap().len(), 1, "handed over once");
    assert_eq!(
        sms_of(&app, youth).await.status,
        "en_attente",
        "not recorded as sent"
    );

    // Once its lease is over, another worker takes the job and sends again with the same key.
    tokio::time::sleep(StdDuration::from_millis(1200)).await;
    let second = worker(&app);
    assert!(second.drain().await >= 1);
    let sms = sms_of(&app, youth).await;
    assert_eq!(sms.status, "envoye");
    assert_eq!(sms.attempts, 2);
    let requests = fake.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].0, requests[1].0, "same idempotency key");
    assert_eq!(requests[0].0, sms.id.to_string());
    assert_eq!(fake.delivered.lock().unwrap().len(), 1, "delivered once");
    // Nothing left to send.
    second.drain().await;
    assert_eq!(fake.requests.lock().unwrap().len(), 2);
    let done = job::Entity::find()
        .filter(job::Column::Kind.eq("send_message"))
        .filter(job::Column::Status.eq("done"))
        .count(app.state.db.conn())
        .await
        .unwrap();
    assert!(done >= 2, "the confirmation and the reminder");
}

#[tokio::test]
async fn one_failing_message_does_not_stop_the_others() {
    let (failing, working) = (0, 1);
    let app_fake = FakeSms {
        refuse: "+33612345601".to_owned(),
        ..FakeSms::default()
    };
    let url = start_fake_sms(app_fake.clone()).await;
    let app = spawn_app_with(|s| {
        s.jobs.enabled = false;
        s.sms.transport = api::config::SmsTransport::Http;
        s.sms.url = Some(url);
    })
    .await;
    let refused = app.ours.youths[failing].0;
    let fine = app.ours.youths[working].0;
    let phone = storage::entities::youth::Entity::find_by_id(refused.as_uuid())
        .one(app.state.db.conn())
        .await
        .unwrap()
        .unwrap()
        .phone;
    assert_eq!(phone.as_deref(), Some("+33612345601"));
    appointment_with_due_sms(&app, refused, 0).await;
    appointment_with_due_sms(&app, fine, 60).await;
    worker(&app).drain().await;
    let failed = sms_of(&app, refused).await;
    assert_eq!(failed.status, "en_attente", "retried later");
    assert!(failed.last_error.unwrap().contains("503"));
    assert_eq!(sms_of(&app, fine).await.status, "envoye");
    let waiting = job::Entity::find()
        .filter(job::Column::Kind.eq("send_message"))
        .filter(job::Column::Status.eq("pending"))
        .one(app.state.db.conn())
        .await
        .unwrap()
        .expect("the failed one waits for its retry");
    assert!(waiting.run_at > Utc::now(), "with a backoff");
    assert!(waiting.last_error.is_some());
}

#[tokio::test]
async fn calendar_feeds_are_secret_and_can_be_reset() {
    let app = spawn_app().await;
    let staff = app.token(Role::Conseiller, true).await;
    let start = future_slot(24);
    let created = app
        .post("/api/v1/agenda/events", Some(&staff), json!({"kind": "reunion", "starts_at": start, "ends_at": start + Duration::hours(1), "title": "Réunion d'équipe"}))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let feed: Value = app
        .post("/api/v1/agenda/calendar-feed", Some(&staff), json!({}))
        .await
        .json()
        .await
        .unwrap();
    let url = feed["url"].as_str().unwrap();
    assert!(url.starts_with("http://passerelle.test/api/v1/calendars/"));
    let path = url.trim_start_matches("http://passerelle.test");
    let ics = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(ics.status(), StatusCode::OK);
    assert!(
        ics.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let text = ics.text().await.unwrap();
    assert!(text.contains("SUMMARY:Réunion d'équipe"), "{text}");
    // Reset: the old address is gone.
    let again: Value = app
        .post("/api/v1/agenda/calendar-feed", Some(&staff), json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(again["url"], feed["url"]);
    assert_eq!(
        app.client.get(app.url(path)).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.client
            .get(app.url("/api/v1/calendars/nope.ics"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    // A young person's own feed holds their appointments, without staff notes.
    let young = app.token(Role::Jeune, true).await;
    let (youth, _) = app.ours.youths[0];
    let theirs: Value = app
        .post(
            &format!("/api/v1/youths/{youth}/calendar-feed"),
            Some(&young),
            json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(theirs["url"].as_str().unwrap().ends_with(".ics"));
}

#[tokio::test]
async fn a_merge_moves_the_agenda_and_the_purge_forgets_it() {
    use sea_orm::sea_query::Expr;
    let app = spawn_app().await;
    let staff = app.token(Role::Conseiller, true).await;
    let follow_up = type_id(&types(&app, &staff).await, false);
    let kept = open_file(&app, app.ours.structure_id, "Sami", "Haddad", (1996, 1, 10)).await;
    let merged = open_file(&app, app.ours.structure_id, "Sammy", "Hadad", (1996, 1, 10)).await;
    let start = future_slot(50);
    let created = app
        .post("/api/v1/agenda/events", Some(&staff), json!({"kind": "rendez_vous_jeune", "youth_id": merged, "appointment_type_id": follow_up, "starts_at": start, "note": "Parler du permis"}))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let merge = app
        .post(
            &format!("/api/v1/youths/{kept}/merge"),
            Some(&staff),
            json!({"merged_id": merged, "kept_version": 1, "merged_version": 1}),
        )
        .await;
    assert_eq!(
        merge.status(),
        StatusCode::OK,
        "{}",
        merge.text().await.unwrap()
    );
    let agenda: Value = app
        .get(&format!("/api/v1/youths/{kept}/appointments"), &staff)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        agenda["upcoming"].as_array().unwrap().len(),
        1,
        "moved to the kept file"
    );

    // Years later the kept file expires: messages go, the appointment stays without names.
    storage::entities::youth::Entity::update_many()
        .col_expr(
            storage::entities::youth::Column::LastContactOn,
            Expr::value(chrono::NaiveDate::from_ymd_opt(2022, 1, 1)),
        )
        .filter(storage::entities::youth::Column::Id.eq(kept.as_uuid()))
        .exec(app.state.db.conn())
        .await
        .unwrap();
    let settings = storage::retention::PurgeSettings {
        policy: domain::file::RetentionPolicy::default(),
        preregistration_days: 90,
        dry_run: false,
    };
    let report = storage::retention::purge(
        &app.state.db,
        settings,
        domain::accompaniment::paris_date(Utc::now()),
    )
    .await
    .unwrap();
    assert!(report.anonymised >= 1);
    let left = message::Entity::find()
        .filter(message::Column::YouthId.eq(kept.as_uuid()))
        .count(app.state.db.conn())
        .await
        .unwrap();
    assert_eq!(left, 0);
    let event = agenda_event::Entity::find()
        .filter(agenda_event::Column::YouthId.eq(kept.as_uuid()))
        .one(app.state.db.conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (event.title.as_str(), event.note.as_str()),
        ("Rendez-vous", "")
    );
}

#[tokio::test]
async fn a_first_appointment_is_booked_right_after_pre_registration() {
    let app = spawn_app().await;
    let manager = app.token(Role::Manager, true).await;
    let accueil = app.ours.staff_account(Role::Accueil).unwrap();
    open_all_week(&app, &manager, accueil).await;
    let form = crate::files::form(&app).await;
    let receipt = app.post("/api/v1/preregistrations", None, form).await;
    assert_eq!(receipt.status(), StatusCode::CREATED);
    let receipt: Value = receipt.json().await.unwrap();
    let token = receipt["booking_token"].as_str().unwrap().to_owned();
    let slots: Value = app
        .client
        .get(app.url(&format!(
            "/api/v1/public/first-appointment/slots?token={token}&days=7"
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(slots["appointment_type"]["first_reception"], true);
    let slot = slots["slots"][0].clone();
    assert_eq!(slot["host"]["id"], accueil.to_string());
    let book = |starts_at: Value| {
        app.post(
            "/api/v1/public/first-appointment",
            None,
            json!({"token": token, "starts_at": starts_at, "host_id": accueil}),
        )
    };
    let booked = book(slot["starts_at"].clone()).await;
    assert_eq!(booked.status(), StatusCode::CREATED);
    let booked: Value = booked.json().await.unwrap();
    assert_eq!(booked["title"], "Premier accueil");
    assert_eq!(booked["note"], "");
    // One first appointment per pre-registration; a wrong token is unknown.
    assert_error(
        book(slots["slots"][1]["starts_at"].clone()).await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    let unknown = app
        .post(
            "/api/v1/public/first-appointment",
            None,
            json!({"token": "nope", "starts_at": slot["starts_at"], "host_id": accueil}),
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    // The confirmation goes to the e-mail of the form.
    let mail = app.mail.wait_for("ines.dubois@exemple.fr").await;
    assert!(mail.subject.contains("Premier accueil"), "{}", mail.subject);
    // Reception opens the file: the appointment joins it.
    let staff = app.token(Role::Accueil, true).await;
    let inbox: Value = app
        .get("/api/v1/preregistrations", &staff)
        .await
        .json()
        .await
        .unwrap();
    let id = inbox["items"][0]["id"].as_str().unwrap().to_owned();
    let file = app
        .post(
            &format!("/api/v1/preregistrations/{id}/register"),
            Some(&staff),
            json!({"youth_id": null}),
        )
        .await;
    assert_eq!(file.status(), StatusCode::CREATED);
    let file: Value = file.json().await.unwrap();
    let youth = file["id"].as_str().unwrap();
    let agenda: Value = app
        .get(&format!("/api/v1/youths/{youth}/appointments"), &staff)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(agenda["upcoming"][0]["id"], booked["id"]);
}

#[tokio::test]
async fn appointments_with_partners_share_the_agenda_and_show_in_the_portal() {
    let app = spawn_app().await;
    let staff = app.token(Role::Conseiller, true).await;
    let start = future_slot(24);
    let partner = app.ours.partner_id;
    let created = app
        .post("/api/v1/agenda/events", Some(&staff), json!({"kind": "rendez_vous_partenaire", "partner_id": partner, "starts_at": start, "ends_at": start + Duration::hours(1), "note": "Négocier deux immersions"}))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(
        created["title"],
        "Rendez-vous — Transports Flandres Mobilité"
    );
    // No partner named: refused with the field.
    let missing = app
        .post("/api/v1/agenda/events", Some(&staff), json!({"kind": "rendez_vous_partenaire", "starts_at": start + Duration::hours(2), "ends_at": start + Duration::hours(3)}))
        .await;
    let body = assert_error(
        missing,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["field"], "partner_id");
    // The partner user sees it, without the counsellor's notes; another partner does not.
    let portal = app.token(Role::Partenaire, true).await;
    let mine: Value = app
        .get(&format!("/api/v1/partners/{partner}/appointments"), &portal)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine[0]["id"], created["id"]);
    assert_eq!(mine[0]["note"], "");
    let theirs = app.token(Role::Partenaire, false).await;
    let other = app
        .get(&format!("/api/v1/partners/{partner}/appointments"), &theirs)
        .await;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
}
