//! Invitation links and password resets, through real e-mails caught by the SMTP sink.

use domain::dto::{InvitationView, Session};
use domain::{Face, Role};
use reqwest::StatusCode;
use serde_json::{Value, json};
use storage::demo::DEMO_PASSWORD;

use crate::support::{TestApp, assert_error, spawn_app, spawn_app_with};

async fn new_youth(app: &TestApp, token: &str, email: Option<&str>) -> String {
    let mut body = json!({"first_name": "Inès", "last_name": "Haddad", "birth_date": "2007-05-04"});
    if let Some(email) = email {
        body["email"] = json!(email);
    }
    let created: Value = app
        .post("/api/v1/youths", Some(token), body)
        .await
        .json()
        .await
        .unwrap();
    created["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_counsellor_invites_a_young_person_who_activates_their_account() {
    let app = spawn_app().await;
    let counsellor = app.token(Role::Conseiller, true).await;
    let youth_id = new_youth(&app, &counsellor, Some("ines.haddad@exemple.fr")).await;

    let sent = app
        .post(
            &format!("/api/v1/youths/{youth_id}/invitation"),
            Some(&counsellor),
            json!({}),
        )
        .await;
    assert_eq!(sent.status(), StatusCode::CREATED);
    let sent: Value = sent.json().await.unwrap();
    assert_eq!(sent["email"], "ines.haddad@exemple.fr");

    let mail = app.mail.wait_for("ines.haddad@exemple.fr").await;
    assert_eq!(
        mail.subject,
        "Votre accès à Passerelle — Mission Locale de démonstration"
    );
    assert!(mail.body.starts_with("Bonjour Inès,"));
    assert!(mail.body.contains("http://passerelle.test/invitation#"));
    let token = mail.token_after("/invitation#");

    let view: InvitationView = app
        .post(
            "/api/v1/auth/invitations/inspect",
            None,
            json!({"token": token}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view.role, Role::Jeune);
    assert_eq!(view.first_name, "Inès");
    assert_eq!(view.structure_name, "Mission Locale de démonstration");

    let weak = app
        .post(
            "/api/v1/auth/invitations/accept",
            None,
            json!({"token": token, "password": "court"}),
        )
        .await;
    let body = assert_error(weak, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["fields"][0]["field"], "password");

    let session: Session = app
        .post(
            "/api/v1/auth/invitations/accept",
            None,
            json!({"token": token, "password": "Mon-Velo-2026"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(session.account.face, Face::Jeune);
    assert_eq!(session.account.youth_id.unwrap().to_string(), youth_id);
    let own = app
        .get(&format!("/api/v1/youths/{youth_id}"), &session.access_token)
        .await;
    assert_eq!(own.status(), StatusCode::OK);
    assert_eq!(
        own.json::<Value>().await.unwrap()["account_status"],
        "active"
    );

    // One use only; the account logs in with its password from now on.
    let reused = app
        .post(
            "/api/v1/auth/invitations/accept",
            None,
            json!({"token": token, "password": "Autre-Velo-2026"}),
        )
        .await;
    assert_error(reused, StatusCode::GONE, "link_expired").await;
    app.login("ines.haddad@exemple.fr", "Mon-Velo-2026").await;
    let again = app
        .post(
            &format!("/api/v1/youths/{youth_id}/invitation"),
            Some(&counsellor),
            json!({}),
        )
        .await;
    assert_error(again, StatusCode::CONFLICT, "account_already_active").await;
}

#[tokio::test]
async fn a_new_invitation_replaces_the_previous_link() {
    let app = spawn_app().await;
    let counsellor = app.token(Role::Accueil, true).await;
    let youth_id = new_youth(&app, &counsellor, None).await;
    let path = format!("/api/v1/youths/{youth_id}/invitation");
    let body = assert_error(
        app.post(&path, Some(&counsellor), json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["field"], "email");

    app.post(
        &path,
        Some(&counsellor),
        json!({"email": "first@exemple.fr"}),
    )
    .await;
    let first = app
        .mail
        .wait_for("first@exemple.fr")
        .await
        .token_after("/invitation#");
    app.post(
        &path,
        Some(&counsellor),
        json!({"email": "second@exemple.fr"}),
    )
    .await;
    let second = app
        .mail
        .wait_for("second@exemple.fr")
        .await
        .token_after("/invitation#");
    assert_error(
        app.post(
            "/api/v1/auth/invitations/inspect",
            None,
            json!({"token": first}),
        )
        .await,
        StatusCode::GONE,
        "link_expired",
    )
    .await;
    let view: InvitationView = app
        .post(
            "/api/v1/auth/invitations/inspect",
            None,
            json!({"token": second}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view.email, "second@exemple.fr");
}

#[tokio::test]
async fn expired_and_unknown_links_are_refused() {
    let app = spawn_app_with(|s| s.auth.invitation_days = 0).await;
    let counsellor = app.token(Role::Conseiller, true).await;
    let youth_id = new_youth(&app, &counsellor, Some("late@exemple.fr")).await;
    app.post(
        &format!("/api/v1/youths/{youth_id}/invitation"),
        Some(&counsellor),
        json!({}),
    )
    .await;
    let token = app
        .mail
        .wait_for("late@exemple.fr")
        .await
        .token_after("/invitation#");
    assert_error(
        app.post(
            "/api/v1/auth/invitations/inspect",
            None,
            json!({"token": token}),
        )
        .await,
        StatusCode::GONE,
        "link_expired",
    )
    .await;
    assert_error(
        app.post(
            "/api/v1/auth/invitations/accept",
            None,
            json!({"token": token, "password": "Mon-Velo-2026"}),
        )
        .await,
        StatusCode::GONE,
        "link_expired",
    )
    .await;
    assert_error(
        app.post(
            "/api/v1/auth/invitations/inspect",
            None,
            json!({"token": "nope"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        app.post("/api/v1/auth/invitations/inspect", None, json!({}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn an_administrator_invites_a_staff_member() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin, true).await;
    let created = app.post("/api/v1/staff", Some(&admin), json!({"first_name": "Sofia", "last_name": "Rami", "email": "sofia.rami@ml-demo.test", "role": "manager"})).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["status"], "invited");

    let staff: Value = app
        .get("/api/v1/staff?per_page=100", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        staff["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["email"] == "sofia.rami@ml-demo.test" && m["status"] == "invited")
    );

    let mail = app.mail.wait_for("sofia.rami@ml-demo.test").await;
    assert!(mail.body.contains("« Manager »"));
    // Cannot log in before choosing a password.
    assert_error(
        app.login_response("sofia.rami@ml-demo.test", "").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_error(
        app.login_response("sofia.rami@ml-demo.test", "Nimporte-2026")
            .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let session: Session = app
        .post(
            "/api/v1/auth/invitations/accept",
            None,
            json!({"token": mail.token_after("/invitation#"), "password": "Equipe-ML-2026"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(session.account.role, Role::Manager);
    assert_eq!(session.account.face, Face::Conseiller);

    let taken = app.post("/api/v1/staff", Some(&admin), json!({"first_name": "Autre", "last_name": "Personne", "email": "SOFIA.RAMI@ml-demo.test", "role": "conseiller"})).await;
    assert_error(taken, StatusCode::CONFLICT, "email_already_used").await;
    let youth_role = app
        .post(
            "/api/v1/staff",
            Some(&admin),
            json!({"first_name": "A", "last_name": "B", "email": "a@b.fr", "role": "jeune"}),
        )
        .await;
    let body = assert_error(
        youth_role,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["field"], "role");
}

#[tokio::test]
async fn a_counsellor_invites_a_partner_user_who_lands_on_the_portal() {
    let app = spawn_app().await;
    let counsellor = app.token(Role::Conseiller, true).await;
    let partner = app.ours.partner_id;
    let response = app
        .post(
            &format!("/api/v1/partners/{partner}/invitations"),
            Some(&counsellor),
            json!({"first_name": "Marc", "last_name": "Lenoir", "email": "marc@tfm.test"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let mail = app.mail.wait_for("marc@tfm.test").await;
    assert!(mail.body.contains("portail des partenaires"));
    let session: Session = app
        .post(
            "/api/v1/auth/invitations/accept",
            None,
            json!({"token": mail.token_after("/invitation#"), "password": "Partenaire-2026"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(session.account.face, Face::Partenaire);
    assert_eq!(session.account.partner.as_ref().unwrap().id, partner);
    let detail: Value = app
        .get(
            &format!("/api/v1/partners/{partner}"),
            &session.access_token,
        )
        .await
        .json()
        .await
        .unwrap();
    let users: Vec<&str> = detail["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert!(users.contains(&"marc@tfm.test"));
}

#[tokio::test]
async fn a_password_reset_link_sets_a_new_password_and_closes_sessions() {
    let app = spawn_app().await;
    let old = app
        .login("yanis.belkacem@ml-demo.test", DEMO_PASSWORD)
        .await;
    let ack = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            json!({"email": "Yanis.Belkacem@ml-demo.test"}),
        )
        .await;
    assert_eq!(ack.status(), StatusCode::ACCEPTED);
    let ack: Value = ack.json().await.unwrap();
    let mail = app.mail.wait_for("yanis.belkacem@ml-demo.test").await;
    assert_eq!(
        mail.subject,
        "Réinitialisation de votre mot de passe Passerelle"
    );
    let token = mail.token_after("/mot-de-passe/nouveau#");

    let weak = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            json!({"token": token, "password": "abc"}),
        )
        .await;
    assert_error(weak, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let done = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            json!({"token": token, "password": "Nouveau-Depart-26"}),
        )
        .await;
    assert_eq!(done.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.login_response("yanis.belkacem@ml-demo.test", DEMO_PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    app.login("yanis.belkacem@ml-demo.test", "Nouveau-Depart-26")
        .await;
    let stale = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": old.refresh_token}),
        )
        .await;
    assert_eq!(stale.status(), StatusCode::UNAUTHORIZED);
    let reused = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            json!({"token": token, "password": "Encore-Autre-26"}),
        )
        .await;
    assert_error(reused, StatusCode::GONE, "link_expired").await;

    // An unknown address gets the same answer, and no e-mail leaves.
    let unknown: Value = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            json!({"email": "personne@exemple.fr"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unknown, ack);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        app.mail
            .all()
            .iter()
            .all(|m| !m.to.contains("personne@exemple.fr"))
    );
}

#[tokio::test]
async fn reset_requests_cannot_flood_a_mailbox() {
    let app = spawn_app().await;
    for _ in 0..3 {
        let ack = app
            .post(
                "/api/v1/auth/password-reset",
                None,
                json!({"email": "chloe.petit@ml-demo.test"}),
            )
            .await;
        assert_eq!(ack.status(), StatusCode::ACCEPTED);
    }
    app.mail.wait_for("chloe.petit@ml-demo.test").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let sent = app
        .mail
        .all()
        .iter()
        .filter(|m| m.to.contains("chloe.petit@ml-demo.test"))
        .count();
    assert_eq!(sent, 1);
}
