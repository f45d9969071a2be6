use domain::Role;
use domain::dto::StructureDetail;
use reqwest::StatusCode;
use serde_json::json;

use crate::support::{assert_error, spawn_app};

#[tokio::test]
async fn the_demo_structure_has_its_sites_and_communes() {
    let app = spawn_app().await;
    let token = app.token(Role::Jeune, true).await;
    let detail: StructureDetail = app
        .get(
            &format!("/api/v1/structures/{}", app.ours.structure_id),
            &token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail.name, "Mission Locale de démonstration");
    assert_eq!(detail.sites.len(), 2);
    assert!(
        detail
            .communes
            .iter()
            .any(|c| c.insee_code == "59512" && c.postal_code == "59100")
    );
    let tourcoing = detail
        .sites
        .iter()
        .find(|s| s.commune_name == "Tourcoing")
        .unwrap();
    assert_eq!(
        detail
            .communes
            .iter()
            .find(|c| c.name == "Tourcoing")
            .unwrap()
            .site_id,
        Some(tourcoing.id)
    );
}

#[tokio::test]
async fn an_administrator_adds_a_site_and_a_commune_once() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin, true).await;
    let base = format!("/api/v1/structures/{}", app.ours.structure_id);
    let site = app.post(&format!("{base}/sites"), Some(&admin), json!({"name": "Point d'accueil de Hem", "address": "5 rue du Marché", "postal_code": "59510", "commune_name": "Hem", "commune_insee": "59299", "phone": "03 20 00 00 00"})).await;
    assert_eq!(site.status(), StatusCode::CREATED);
    let site: serde_json::Value = site.json().await.unwrap();
    assert_eq!(site["phone"], "+33320000000");

    let commune = app.post(&format!("{base}/communes"), Some(&admin), json!({"insee_code": "59360", "postal_code": "59390", "name": "Lys-lez-Lannoy", "site_id": site["id"]})).await;
    assert_eq!(commune.status(), StatusCode::CREATED);
    let duplicate = app
        .post(
            &format!("{base}/communes"),
            Some(&admin),
            json!({"insee_code": "59360", "postal_code": "59390", "name": "Lys-lez-Lannoy"}),
        )
        .await;
    assert_error(duplicate, StatusCode::CONFLICT, "conflict").await;
    // A commune another Mission Locale covers.
    let lille = app
        .post(
            &format!("{base}/communes"),
            Some(&admin),
            json!({"insee_code": "59350", "postal_code": "59000", "name": "Lille"}),
        )
        .await;
    assert_error(lille, StatusCode::CONFLICT, "conflict").await;
    // A site of another Mission Locale.
    let other_site = app.post(&format!("{base}/communes"), Some(&admin), json!({"insee_code": "59009", "postal_code": "59650", "name": "Villeneuve-d'Ascq", "site_id": uuid::Uuid::new_v4()})).await;
    let body = assert_error(
        other_site,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["field"], "site_id");
    let invalid = app.post(&format!("{base}/sites"), Some(&admin), json!({"name": "X", "address": "Y", "postal_code": "5951", "commune_name": "Z", "commune_insee": "ABCDE"})).await;
    let body = assert_error(
        invalid,
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
    assert_eq!(fields, ["commune_insee", "postal_code"]);
}
