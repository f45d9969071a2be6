use domain::dto::{Me, Session};
use domain::{Face, Role};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait as _, EntityTrait as _, IntoActiveModel as _, Set};
use serde_json::{Value, json};
use storage::demo::{DEMO, DEMO_PASSWORD};

use crate::support::{assert_error, email_of, spawn_app, spawn_app_with};

#[tokio::test]
async fn every_role_logs_in_and_lands_on_its_face() {
    let app = spawn_app().await;
    for role in Role::ALL {
        let session = app.login(email_of(&DEMO, role), DEMO_PASSWORD).await;
        assert_eq!(session.token_type, "Bearer");
        assert_eq!(session.account.role, role);
        assert_eq!(
            session.account.structure.name,
            "Mission Locale de démonstration"
        );
        let me: Me = app
            .get("/api/v1/me", &session.access_token)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(me, session.account);
        let expected_face = match role {
            Role::Jeune => Face::Jeune,
            Role::Partenaire => Face::Partenaire,
            _ => Face::Conseiller,
        };
        assert_eq!(me.face, expected_face, "{role:?}");
        assert_eq!(me.youth_id.is_some(), role == Role::Jeune);
        assert_eq!(me.partner.is_some(), role == Role::Partenaire);
    }
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_account_get_the_same_401() {
    let app = spawn_app().await;
    let wrong = assert_error(
        app.login_response("conseiller@ml-demo.test", "Mauvais-2026")
            .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let unknown = assert_error(
        app.login_response("personne@ml-demo.test", "Mauvais-2026")
            .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    assert_eq!(wrong, unknown);
    // E-mail addresses are case-insensitive.
    app.login("Conseiller@ML-demo.test", DEMO_PASSWORD).await;
}

#[tokio::test]
async fn repeated_failures_lock_the_address_with_retry_after_and_open_no_session() {
    let app = spawn_app().await;
    for _ in 0..4 {
        assert_eq!(
            app.login_response("accueil@ml-demo.test", "Mauvais-2026")
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let locked = app
        .login_response("accueil@ml-demo.test", "Mauvais-2026")
        .await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = locked
        .headers()
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((60..=900).contains(&retry_after), "{retry_after}");
    assert_error(locked, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
    // Even the right password waits.
    assert_eq!(
        app.login_response("accueil@ml-demo.test", DEMO_PASSWORD)
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    let accueil = app.ours.staff_account(Role::Accueil).unwrap();
    assert_eq!(
        storage::sessions::count_active(app.state.db.conn(), accueil)
            .await
            .unwrap(),
        0
    );
    // Other accounts are not affected.
    app.login("conseiller@ml-demo.test", DEMO_PASSWORD).await;
}

#[tokio::test]
async fn a_successful_login_resets_the_failure_count() {
    let app = spawn_app().await;
    for _ in 0..4 {
        app.login_response("manager@ml-demo.test", "Mauvais-2026")
            .await;
    }
    app.login("manager@ml-demo.test", DEMO_PASSWORD).await;
    for _ in 0..4 {
        assert_eq!(
            app.login_response("manager@ml-demo.test", "Mauvais-2026")
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
    }
}

#[tokio::test]
async fn tampered_expired_and_missing_tokens_are_401() {
    let app = spawn_app().await;
    let token = app.token(Role::Conseiller, true).await;
    let mut tampered = token.clone();
    tampered.replace_range(tampered.len() - 3.., "abc");
    assert_error(
        app.get("/api/v1/me", &tampered).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_error(
        app.get("/api/v1/me", "garbage").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let anonymous = app
        .client
        .get(app.url("/api/v1/youths"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        anonymous.headers().get("www-authenticate").unwrap(),
        "Bearer"
    );
    assert_error(anonymous, StatusCode::UNAUTHORIZED, "unauthenticated").await;

    let expiring = spawn_app_with(|s| s.auth.access_token_minutes = -1).await;
    let stale = expiring.token(Role::Conseiller, true).await;
    assert_error(
        expiring.get("/api/v1/me", &stale).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn refresh_tokens_rotate_and_are_single_use() {
    let app = spawn_app().await;
    let first = app.login("conseiller@ml-demo.test", DEMO_PASSWORD).await;
    let refreshed: Session = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": first.refresh_token}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(refreshed.refresh_token, first.refresh_token);
    assert_eq!(
        app.get("/api/v1/me", &refreshed.access_token)
            .await
            .status(),
        StatusCode::OK
    );
    // The spent token no longer works.
    let again = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": first.refresh_token}),
        )
        .await;
    assert_error(again, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    // The new one does.
    let third = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": refreshed.refresh_token}),
        )
        .await;
    assert_eq!(third.status(), StatusCode::OK);
}

#[tokio::test]
async fn replaying_a_spent_refresh_token_revokes_its_whole_family() {
    use storage::entities::refresh_token;
    let app = spawn_app().await;
    let first = app.login("conseiller@ml-demo.test", DEMO_PASSWORD).await;
    let second: Session = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": first.refresh_token}),
        )
        .await
        .json()
        .await
        .unwrap();
    // Age the spent token beyond the grace period of concurrent refreshes.
    let spent = refresh_token::Entity::find()
        .all(app.state.db.conn())
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.used_at.is_some())
        .unwrap();
    let mut aged = spent.into_active_model();
    aged.used_at = Set(Some(storage::now() - chrono::Duration::minutes(5)));
    aged.update(app.state.db.conn()).await.unwrap();

    let replay = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": first.refresh_token}),
        )
        .await;
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
    // The thief's replay also kills the legitimate descendant.
    let legit = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": second.refresh_token}),
        )
        .await;
    assert_eq!(legit.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn browsers_refresh_and_log_out_with_the_http_only_cookie() {
    let app = spawn_app().await;
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let login = browser
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "jeune", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let login = browser
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "lea.moreau@ml-demo.test", "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    let cookie = login
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("passerelle_refresh="));
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Strict"));
    assert!(cookie.contains("Path=/api/v1/auth"));

    // An empty body: the cookie carries the token.
    let refreshed = browser
        .post(app.url("/api/v1/auth/refresh"))
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), StatusCode::OK);
    let session: Session = refreshed.json().await.unwrap();
    assert_eq!(session.account.role, Role::Jeune);

    let logout = browser
        .post(app.url("/api/v1/auth/logout"))
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    assert!(
        logout
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    // The session is revoked server-side, not just forgotten by the browser.
    let after = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": session.refresh_token}),
        )
        .await;
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn logout_everywhere_closes_every_session_of_the_account_only() {
    let app = spawn_app().await;
    let phone = app.login("lea.moreau@ml-demo.test", DEMO_PASSWORD).await;
    let laptop = app.login("lea.moreau@ml-demo.test", DEMO_PASSWORD).await;
    let other = app
        .login("yanis.belkacem@ml-demo.test", DEMO_PASSWORD)
        .await;
    let response = app
        .post(
            "/api/v1/auth/logout-everywhere",
            Some(&laptop.access_token),
            json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    for spent in [&phone, &laptop] {
        let r = app
            .post(
                "/api/v1/auth/refresh",
                None,
                json!({"refresh_token": spent.refresh_token}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let still = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": other.refresh_token}),
        )
        .await;
    assert_eq!(still.status(), StatusCode::OK);
    let anonymous = app
        .post("/api/v1/auth/logout-everywhere", None, json!({}))
        .await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_disabled_account_cannot_log_in_or_refresh() {
    use storage::entities::account;
    let app = spawn_app().await;
    let session = app.login("manager@ml-demo.test", DEMO_PASSWORD).await;
    let id = app.ours.staff_account(Role::Manager).unwrap();
    let model = account::Entity::find_by_id(id.as_uuid())
        .one(app.state.db.conn())
        .await
        .unwrap()
        .unwrap();
    let mut disabled = model.into_active_model();
    disabled.is_active = Set(false);
    disabled.update(app.state.db.conn()).await.unwrap();
    assert_error(
        app.login_response("manager@ml-demo.test", DEMO_PASSWORD)
            .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let r = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": session.refresh_token}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn logins_and_logouts_are_audited() {
    let app = spawn_app().await;
    let session = app.login("direction@ml-demo.test", DEMO_PASSWORD).await;
    app.post(
        "/api/v1/auth/logout",
        None,
        json!({"refresh_token": session.refresh_token}),
    )
    .await;
    let events: Value = app
        .get(
            "/api/v1/audit-events",
            &app.token(Role::Direction, true).await,
        )
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"login"));
    assert!(actions.contains(&"logout"));
}
