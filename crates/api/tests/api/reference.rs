//! Public reference data: communes and countries, without a token.

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{TestApp, assert_error, spawn_app};

async fn anonymous_get(app: &TestApp, path: &str) -> reqwest::Response {
    app.client.get(app.url(path)).send().await.unwrap()
}

async fn communes(app: &TestApp, query: &str) -> Vec<Value> {
    let response = anonymous_get(app, &format!("/api/v1/reference/communes?{query}")).await;
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn communes_by_postcode_and_by_name_without_a_token() {
    let app = spawn_app().await;

    let roubaix = communes(&app, "postcode=59100").await;
    assert_eq!(
        roubaix,
        [serde_json::json!({
            "insee": "59512",
            "name": "Roubaix",
            "postcodes": ["59100"],
            "departement": "59",
        })]
    );
    let lille = communes(&app, "postcode=59000").await;
    assert!(lille.iter().any(|c| c["insee"] == "59350"));
    assert!(communes(&app, "postcode=59999").await.is_empty());

    assert_eq!(communes(&app, "q=roubaix").await[0]["insee"], "59512");
    for q in ["st%20etienne", "saint-%C3%A9tienne", "SAINT+ETIENNE"] {
        let found = communes(&app, &format!("q={q}")).await;
        assert_eq!(found[0]["insee"], "42218", "{q}");
        assert_eq!(found[0]["name"], "Saint-Étienne");
        assert!(found.len() <= 20);
    }
    assert_eq!(communes(&app, "q=saint").await.len(), 20);
    assert_eq!(communes(&app, "q=2A004").await[0]["name"], "Ajaccio");
    assert_eq!(communes(&app, "q=97400").await[0]["insee"], "97411");
    assert_eq!(communes(&app, "q=mamoudzou").await[0]["departement"], "976");
    assert!(communes(&app, "q=zzzzqqq").await.is_empty());
    // The postcode wins over the name.
    assert_eq!(
        communes(&app, "postcode=59100&q=lille").await[0]["insee"],
        "59512"
    );
}

#[tokio::test]
async fn communes_need_a_postcode_or_a_name() {
    let app = spawn_app().await;
    for query in ["", "?q=", "?q=%20%20", "?postcode="] {
        let response = anonymous_get(&app, &format!("/api/v1/reference/communes{query}")).await;
        let body = assert_error(
            response,
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
        assert_eq!(fields, ["postcode", "q"], "{query}");
    }
    for postcode in ["5910", "ABCDE", "591000", "00100"] {
        let response = anonymous_get(
            &app,
            &format!("/api/v1/reference/communes?postcode={postcode}"),
        )
        .await;
        let body = assert_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(body["fields"][0]["field"], "postcode", "{postcode}");
        assert_eq!(body["fields"][0]["code"], "invalid_postal_code");
        assert!(
            body["fields"][0]["message"]
                .as_str()
                .unwrap()
                .contains("Code postal")
        );
    }
    let long = "a".repeat(101);
    let response = anonymous_get(&app, &format!("/api/v1/reference/communes?q={long}")).await;
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["field"], "q");
}

#[tokio::test]
async fn countries_without_a_token() {
    let app = spawn_app().await;
    let response = anonymous_get(&app, "/api/v1/reference/countries").await;
    assert_eq!(response.status(), StatusCode::OK);
    let countries: Vec<Value> = response.json().await.unwrap();
    assert!(countries.len() >= 249, "{}", countries.len());
    assert_eq!(countries[0]["code"], "AF");
    let france = countries.iter().find(|c| c["code"] == "FR").unwrap();
    assert_eq!(
        *france,
        serde_json::json!({"code": "FR", "name": "France", "eu": true})
    );
    let algeria = countries.iter().find(|c| c["code"] == "DZ").unwrap();
    assert_eq!(algeria["name"], "Algérie");
    assert_eq!(algeria["eu"], false);
    assert_eq!(countries.iter().filter(|c| c["eu"] == true).count(), 27);
}
