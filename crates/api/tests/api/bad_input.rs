//! Bad input gets a clear error and writes nothing.

use domain::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use storage::youths;

use crate::support::{TestApp, assert_error, spawn_app, spawn_app_with};

async fn nothing_written(app: &TestApp) {
    assert_eq!(
        youths::count_in(app.state.db.conn(), app.ours.structure_id)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        storage::jobs::count(app.state.db.conn(), "send_email", "pending")
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        storage::jobs::count(app.state.db.conn(), "send_email", "done")
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = spawn_app().await;
    let token = app.token(Role::Conseiller, true).await;
    for body in ["{\"first_name\": ", "not json", "[1, 2]", "\"text\""] {
        let response = app
            .request(Method::POST, "/api/v1/youths", Some(&token))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_error(response, StatusCode::BAD_REQUEST, "malformed_request").await;
    }
    nothing_written(&app).await;
}

#[tokio::test]
async fn non_json_bodies_are_415() {
    let app = spawn_app().await;
    let token = app.token(Role::Conseiller, true).await;
    let response = app
        .request(Method::POST, "/api/v1/youths", Some(&token))
        .header("content-type", "text/plain")
        .body("first_name=Léa")
        .send()
        .await
        .unwrap();
    assert_error(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    nothing_written(&app).await;
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let app = spawn_app_with(|s| s.http.body_limit_bytes = 4096).await;
    let token = app.token(Role::Conseiller, true).await;
    let big = json!({"first_name": "a".repeat(5000), "last_name": "B", "birth_date": "2005-01-01"});
    assert_error(
        app.post("/api/v1/youths", Some(&token), big).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;
    // Also when the length is not announced (chunked).
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![
        Ok(b"{\"first_name\":\"".to_vec()),
        Ok(vec![b'a'; 5000]),
        Ok(b"\"}".to_vec()),
    ];
    let stream = futures_util::stream::iter(chunks);
    let response = app
        .request(Method::POST, "/api/v1/youths", Some(&token))
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    nothing_written(&app).await;
}

#[tokio::test]
async fn missing_and_invalid_fields_are_422_naming_each_one() {
    let app = spawn_app().await;
    let token = app.token(Role::Conseiller, true).await;
    let body = assert_error(
        app.post("/api/v1/youths", Some(&token), json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["birth_date", "first_name", "last_name"]);
    for field in body["fields"].as_array().unwrap() {
        assert!(!field["message"].as_str().unwrap().is_empty());
        assert!(!field["code"].as_str().unwrap().is_empty());
    }

    let invalid = json!({"first_name": "L3a", "last_name": "Moreau", "birth_date": "2005-01-01", "email": "lea@", "phone": "123"});
    let body = assert_error(
        app.post("/api/v1/youths", Some(&token), invalid).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let codes: Vec<(&str, &str)> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            ("email", "invalid_email"),
            ("first_name", "invalid_name"),
            ("phone", "invalid_phone")
        ]
    );

    // A value of the wrong type names its field too.
    let body = assert_error(
        app.post("/api/v1/youths", Some(&token), json!({"first_name": 12}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["field"], "first_name");
    let body = assert_error(
        app.post(
            "/api/v1/youths",
            Some(&token),
            json!({"first_name": "Léa", "last_name": "M", "birth_date": "22/11/2005"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["field"], "birth_date");

    // A date outside the public's ages.
    let body = assert_error(
        app.post(
            "/api/v1/youths",
            Some(&token),
            json!({"first_name": "Léa", "last_name": "M", "birth_date": "1970-01-01"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["code"], "age_out_of_range");
    nothing_written(&app).await;
}

#[tokio::test]
async fn bad_ids_and_query_strings_are_clear_errors() {
    let app = spawn_app().await;
    let token = app.token(Role::Conseiller, true).await;
    assert_error(
        app.get("/api/v1/youths/not-a-uuid", &token).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        app.get(&format!("/api/v1/youths/{}", uuid::Uuid::new_v4()), &token)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let body = assert_error(
        app.get("/api/v1/youths?per_page=1000", &token).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["field"], "per_page");
    assert_error(
        app.get("/api/v1/youths?page=abc", &token).await,
        StatusCode::BAD_REQUEST,
        "malformed_request",
    )
    .await;
}

#[tokio::test]
async fn lists_are_paginated_with_totals() {
    let app = spawn_app().await;
    let token = app.token(Role::Conseiller, true).await;
    let page: Value = app
        .get("/api/v1/youths?per_page=2&page=2", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 3);
    assert_eq!(page["page"], 2);
    assert_eq!(page["per_page"], 2);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let mine: Value = app
        .get("/api/v1/youths?mine=true", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["total"], 3);
    let manager: Value = app
        .get(
            "/api/v1/youths?mine=true",
            &app.token(Role::Manager, true).await,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(manager["total"], 0);
}

#[tokio::test]
async fn a_youth_opened_by_a_counsellor_is_theirs_and_located() {
    let app = spawn_app().await;
    let token = app.token(Role::Conseiller, true).await;
    let response = app.post("/api/v1/youths", Some(&token), json!({"first_name": " Inès ", "last_name": "Haddad", "birth_date": "2007-05-04", "email": "Ines.H@Exemple.fr", "phone": "06 11 22 33 44"})).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let created: Value = response.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/v1/youths/{}", created["id"].as_str().unwrap())
    );
    assert_eq!(created["first_name"], "Inès");
    assert_eq!(created["email"], "ines.h@exemple.fr");
    assert_eq!(created["phone"], "+33611223344");
    assert_eq!(created["counsellor"]["first_name"], "Thomas");
    assert!(created["account_status"].is_null());
}
