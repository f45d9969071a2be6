use domain::Role;
use domain::dto::{AuditEvent, Page};
use reqwest::StatusCode;
use serde_json::json;

use crate::support::spawn_app;

#[tokio::test]
async fn every_read_of_a_file_is_audited_with_who_and_which_file() {
    let app = spawn_app().await;
    let (lea, _) = app.ours.youths[0];
    let counsellor = app.token(Role::Conseiller, true).await;
    assert_eq!(
        app.get(&format!("/api/v1/youths/{lea}"), &counsellor)
            .await
            .status(),
        StatusCode::OK
    );
    let youth = app
        .login("lea.moreau@ml-demo.test", storage::demo::DEMO_PASSWORD)
        .await;
    assert_eq!(
        app.get(&format!("/api/v1/youths/{lea}"), &youth.access_token)
            .await
            .status(),
        StatusCode::OK
    );
    // A refused read (another Mission Locale's counsellor) is not a read.
    let outsider = app.token(Role::Conseiller, false).await;
    assert_eq!(
        app.get(&format!("/api/v1/youths/{lea}"), &outsider)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    let direction = app.token(Role::Direction, true).await;
    let log: Page<AuditEvent> = app
        .get(&format!("/api/v1/audit-events?youth_id={lea}"), &direction)
        .await
        .json()
        .await
        .unwrap();
    let reads: Vec<&AuditEvent> = log
        .items
        .iter()
        .filter(|e| e.action == domain::dto::AuditAction::Read)
        .collect();
    assert_eq!(reads.len(), 2, "{:?}", log.items);
    assert_eq!(reads[0].actor_role, Some(Role::Jeune), "newest first");
    assert_eq!(reads[1].actor.as_ref().unwrap().first_name, "Thomas");
    assert!(
        reads
            .iter()
            .all(|e| e.youth_id == Some(lea) && e.entity_type == "youth")
    );
    assert!(reads[1].summary.contains("Léa Moreau"));
}

#[tokio::test]
async fn changes_are_audited_in_the_same_transaction() {
    let app = spawn_app().await;
    let counsellor = app.token(Role::Conseiller, true).await;
    let created: serde_json::Value = app
        .post(
            "/api/v1/youths",
            Some(&counsellor),
            json!({"first_name": "Noé", "last_name": "Girard", "birth_date": "2006-02-02"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let admin = app.token(Role::Admin, true).await;
    let log: Page<AuditEvent> = app
        .get("/api/v1/audit-events?per_page=100", &admin)
        .await
        .json()
        .await
        .unwrap();
    let creation = log
        .items
        .iter()
        .find(|e| e.action == domain::dto::AuditAction::Create && e.entity_type == "youth")
        .unwrap();
    assert_eq!(
        creation.entity_id.unwrap().to_string(),
        created["id"].as_str().unwrap()
    );
    assert_eq!(creation.actor_role, Some(Role::Conseiller));
    // The other Mission Locale sees none of it.
    let theirs: Page<AuditEvent> = app
        .get(
            "/api/v1/audit-events?per_page=100",
            &app.token(Role::Admin, false).await,
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        theirs
            .items
            .iter()
            .all(|e| e.entity_id != creation.entity_id)
    );
}
