use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{assert_error, spawn_app};

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = spawn_app().await;
    let health: Value = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health, serde_json::json!({"status": "ok"}));
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.json::<Value>().await.unwrap()["database"], true);
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.state.db.clone().close().await.unwrap();
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.json::<Value>().await.unwrap()["database"], false);
}

#[tokio::test]
async fn the_openapi_document_and_swagger_ui_are_served() {
    let app = spawn_app().await;
    let spec: Value = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(spec["openapi"], "3.1.0");
    assert!(spec["paths"]["/api/v1/auth/login"]["post"].is_object());
    let bare = app.client.get(app.url("/api/docs")).send().await.unwrap();
    assert_eq!(bare.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(bare.headers().get("location").unwrap(), "/api/docs/");
    let docs = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs.text().await.unwrap().contains("swagger"));
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s_and_the_rest_is_the_spa() {
    let app = spawn_app().await;
    let token = app.token(domain::Role::Conseiller, true).await;
    assert_error(
        app.get("/api/v1/nothing-here", &token).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        app.get("/api/v2/youths", &token).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Without a built SPA, client routes explain how to build it.
    let page = app.client.get(app.url("/conseiller")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    let csp = page
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(page.text().await.unwrap().contains("cargo xtask demo"));
}

#[tokio::test]
async fn api_responses_are_never_cached() {
    let app = spawn_app().await;
    let token = app.token(domain::Role::Conseiller, true).await;
    let response = app.get("/api/v1/me", &token).await;
    assert_eq!(response.headers().get("cache-control").unwrap(), "no-store");
    assert_eq!(
        response.headers().get("x-content-type-options").unwrap(),
        "nosniff"
    );
}
