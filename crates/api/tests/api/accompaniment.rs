//! The accompaniment through HTTP: diagnostic revisions and comparison, synthesis, action plan
//! with the young person's "done" and the counsellor's validation, CEJ/PACEA eligibility and
//! contracts, CEJ hours by Paris week, interviews and timeline, recap and bilan PDFs, and the
//! bad input of the issue (4xx with a French message, nothing written).

use chrono::{Duration, NaiveDate, TimeZone as _, Utc};
use domain::{Role, YouthId};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, assert_error, open_file, spawn_app};

fn paris_today() -> NaiveDate {
    domain::accompaniment::paris_date(Utc::now())
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = app.request(method, path, Some(token));
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

async fn ok(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
    status: StatusCode,
) -> Value {
    let response = send(app, method, path, token, body).await;
    let got = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(got, status, "{path}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn field_codes(body: &Value) -> Vec<(String, String)> {
    body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert!(!f["message"].as_str().unwrap().is_empty());
            (
                f["field"].as_str().unwrap().to_owned(),
                f["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn count(app: &TestApp, table: &str, youth: YouthId) -> i64 {
    use sea_orm::{ConnectionTrait as _, Statement};
    let db = app.state.db.conn();
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            format!("SELECT COUNT(*) AS n FROM {table} WHERE youth_id = $1")
        }
        _ => format!("SELECT COUNT(*) AS n FROM {table} WHERE youth_id = ?"),
    };
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            [youth.as_uuid().into()],
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("a valid PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("text")
}

#[tokio::test]
async fn a_diagnostic_evolves_by_commented_revisions_and_feeds_the_synthesis() {
    let app = spawn_app().await;
    let conseiller = app.token(Role::Conseiller, true).await;
    let youth = open_file(&app, app.ours.structure_id, "Inès", "Garnier", (2005, 4, 2)).await;
    let base = format!("/api/v1/youths/{youth}");

    // Needs at the first meeting, the file being incomplete.
    let first = ok(&app, Method::POST, &format!("{base}/diagnostic"), &conseiller, Some(json!({
        "content": {"themes": [
            {"theme": "emploi", "demands": [{"category": "recherche_emploi", "detail": "vente"}]},
            {"theme": "logement", "situation": "Dort chez des amis", "urgency": "urgente",
             "obstacles": "Pas de garant", "demands": [{"category": "hebergement_urgence"}]}
        ], "savoir_etre": ["Ponctuelle", " "]}
    })), StatusCode::CREATED).await;
    assert_eq!(first["number"], 1);
    assert_eq!(first["content"]["savoir_etre"], json!(["Ponctuelle"]));

    // A second revision needs a comment and the base it was written from.
    let second = json!({"base_number": 1, "content": {"themes": [
        {"theme": "logement", "situation": "Hébergée en FJT", "urgency": "a_surveiller"},
        {"theme": "sante", "urgency": "urgente", "situation": "Pas de médecin traitant"}
    ], "justice": {"urgency": "a_surveiller", "comment": "Convocation SPIP"}}});
    let no_comment = send(
        &app,
        Method::POST,
        &format!("{base}/diagnostic"),
        &conseiller,
        Some(second.clone()),
    )
    .await;
    let body = assert_error(
        no_comment,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        field_codes(&body),
        [("comment".to_owned(), "required".to_owned())]
    );
    let mut with_comment = second.clone();
    with_comment["comment"] = json!("Entrée en FJT ; santé à traiter.");
    ok(
        &app,
        Method::POST,
        &format!("{base}/diagnostic"),
        &conseiller,
        Some(with_comment.clone()),
        StatusCode::CREATED,
    )
    .await;
    // Saving again from revision 1: someone saved meanwhile.
    let stale = send(
        &app,
        Method::POST,
        &format!("{base}/diagnostic"),
        &conseiller,
        Some(with_comment),
    )
    .await;
    let body = assert_error(stale, StatusCode::CONFLICT, "edit_conflict").await;
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("version 2")
    );
    // Bad content: a request of another theme, text too long.
    let bad = send(
        &app,
        Method::POST,
        &format!("{base}/diagnostic"),
        &conseiller,
        Some(json!({
            "base_number": 2, "comment": "x",
            "content": {"themes": [{"theme": "sante", "situation": "x".repeat(4001),
                "demands": [{"category": "permis"}]}]}
        })),
    )
    .await;
    let body = assert_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(
        field_codes(&body),
        [
            (
                "content.themes.sante.situation".to_owned(),
                "too_long".to_owned()
            ),
            (
                "content.themes.sante.demands[0].category".to_owned(),
                "wrong_theme".to_owned()
            ),
        ]
    );
    assert_eq!(count(&app, "diagnostic_revisions", youth).await, 2);

    let view = ok(
        &app,
        Method::GET,
        &format!("{base}/diagnostic"),
        &conseiller,
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(view["current"]["number"], 2);
    assert_eq!(view["revisions"][0]["urgent"], json!(["sante"]));
    assert_eq!(view["revisions"][1]["urgent"], json!(["logement"]));
    let old = ok(
        &app,
        Method::GET,
        &format!("{base}/diagnostic/revisions/1"),
        &conseiller,
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        old["content"]["themes"][1]["situation"],
        "Dort chez des amis"
    );
    let diff = ok(
        &app,
        Method::GET,
        &format!("{base}/diagnostic/compare?from=1&to=2"),
        &conseiller,
        None,
        StatusCode::OK,
    )
    .await;
    let pairs: Vec<(String, String)> = diff["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["section"].as_str().unwrap().to_owned(),
                d["field_label"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(pairs.contains(&("logement".into(), "Urgence".into())));
    assert!(pairs.contains(&("logement".into(), "Situation".into())));
    assert!(pairs.contains(&("emploi".into(), "Demandes".into())));
    assert!(pairs.contains(&("justice".into(), "Commentaire".into())));
    assert_eq!(diff["to"]["comment"], "Entrée en FJT ; santé à traiter.");

    // The synthesis: urgent first, then to watch; solutions from the plan.
    ok(
        &app,
        Method::POST,
        &format!("{base}/plan/actions"),
        &conseiller,
        Some(json!({
            "title": "Prendre rendez-vous au centre de santé", "theme": "sante", "carrier": "jeune",
            "due_on": paris_today() + Duration::days(7)
        })),
        StatusCode::CREATED,
    )
    .await;
    let synthesis = ok(
        &app,
        Method::GET,
        &format!("{base}/synthesis"),
        &conseiller,
        None,
        StatusCode::OK,
    )
    .await;
    let order: Vec<&str> = synthesis["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["theme"].as_str().unwrap())
        .collect();
    assert_eq!(&order[..2], ["sante", "logement"]);
    assert_eq!(
        synthesis["themes"][0]["solutions"][0]["label"],
        "Prendre rendez-vous au centre de santé"
    );
    assert_eq!(synthesis["justice"], "a_surveiller");
    assert_eq!(synthesis["diagnostic_revision"], 2);

    // Reads are audited.
    let direction = app.token(Role::Direction, true).await;
    let audit = ok(
        &app,
        Method::GET,
        &format!("/api/v1/audit-events?youth_id={youth}&per_page=100"),
        &direction,
        None,
        StatusCode::OK,
    )
    .await;
    let summaries: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["summary"].as_str().unwrap())
        .collect();
    assert!(
        summaries
            .iter()
            .any(|s| s.contains("Consultation de la synthèse")),
        "{summaries:?}"
    );
    assert!(
        summaries
            .iter()
            .any(|s| s.contains("Diagnostic de Inès Garnier : version 2")),
        "{summaries:?}"
    );
}

#[tokio::test]
async fn the_young_person_ticks_an_action_and_the_counsellor_validates_it() {
    let app = spawn_app().await;
    let conseiller = app.token(Role::Conseiller, true).await;
    let jeune = app.token(Role::Jeune, true).await;
    let youth = app.ours.youths[0].0;
    let base = format!("/api/v1/youths/{youth}/plan");
    let today = paris_today();

    // A deadline before the start: 422, nothing written.
    let bad = send(&app, Method::POST, &format!("{base}/objectives"), &conseiller, Some(json!({
        "theme": "emploi", "title": "Trouver un emploi", "start_on": today, "deadline": today - Duration::days(1)
    }))).await;
    let body = assert_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(
        field_codes(&body),
        [("deadline".to_owned(), "before_start".to_owned())]
    );
    assert_eq!(count(&app, "plan_objectives", youth).await, 0);
    let bad = send(&app, Method::POST, &format!("{base}/actions"), &conseiller, Some(json!({
        "title": " ", "carrier": "partenaire", "start_on": today, "due_on": today - Duration::days(3)
    }))).await;
    let body = assert_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(
        field_codes(&body),
        [
            ("title".to_owned(), "required".to_owned()),
            ("partner_name".to_owned(), "required".to_owned()),
            ("due_on".to_owned(), "before_start".to_owned()),
        ]
    );
    assert_eq!(count(&app, "plan_actions", youth).await, 0);

    let objective = ok(&app, Method::POST, &format!("{base}/objectives"), &conseiller, Some(json!({
        "theme": "emploi", "title": "Trouver un emploi dans la vente", "deadline": today + Duration::days(90)
    })), StatusCode::CREATED).await;
    let mine = ok(&app, Method::POST, &format!("{base}/actions"), &conseiller, Some(json!({
        "objective_id": objective["id"], "title": "Envoyer trois candidatures", "carrier": "jeune",
        "due_on": today + Duration::days(3)
    })), StatusCode::CREATED).await;
    assert_eq!(mine["theme"], "emploi", "the objective's theme");
    let theirs = ok(
        &app,
        Method::POST,
        &format!("{base}/actions"),
        &conseiller,
        Some(json!({
            "title": "Atelier CV", "carrier": "partenaire", "partner_name": "Association Tremplin",
            "due_on": today + Duration::days(10)
        })),
        StatusCode::CREATED,
    )
    .await;
    let counsellors = ok(&app, Method::POST, &format!("{base}/actions"), &conseiller, Some(json!({
        "title": "Appeler l'employeur", "carrier": "conseiller", "due_on": today + Duration::days(1)
    })), StatusCode::CREATED).await;

    // The young person reads the plan, may not write it, ticks their action only.
    let plan = ok(&app, Method::GET, &base, &jeune, None, StatusCode::OK).await;
    assert_eq!(plan["actions"].as_array().unwrap().len(), 3);
    assert_error(
        send(
            &app,
            Method::POST,
            &format!("{base}/actions"),
            &jeune,
            Some(json!({"title": "x", "carrier": "jeune"})),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let not_mine = send(
        &app,
        Method::POST,
        &format!(
            "{base}/actions/{}/done",
            counsellors["id"].as_str().unwrap()
        ),
        &jeune,
        Some(json!({})),
    )
    .await;
    assert_error(not_mine, StatusCode::CONFLICT, "conflict").await;
    let done = ok(
        &app,
        Method::POST,
        &format!("{base}/actions/{}/done", mine["id"].as_str().unwrap()),
        &jeune,
        Some(json!({"comment": "Envoyées à Décathlon, Fnac et Monoprix"})),
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["status"], "fait");
    assert!(done["validated_at"].is_null());
    assert_eq!(done["comments"][0]["origin"], "jeune");
    let again = send(
        &app,
        Method::POST,
        &format!("{base}/actions/{}/done", mine["id"].as_str().unwrap()),
        &jeune,
        Some(json!({})),
    )
    .await;
    assert_error(again, StatusCode::CONFLICT, "conflict").await;
    // The counsellor sees it waiting (D6) and validates it; a counsellor cannot "tick" for them.
    let plan = ok(&app, Method::GET, &base, &conseiller, None, StatusCode::OK).await;
    assert_eq!(plan["awaiting_validation"], 1);
    assert_error(
        send(
            &app,
            Method::POST,
            &format!("{base}/actions/{}/done", mine["id"].as_str().unwrap()),
            &conseiller,
            Some(json!({})),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let validated = ok(
        &app,
        Method::POST,
        &format!("{base}/actions/{}/validate", mine["id"].as_str().unwrap()),
        &conseiller,
        None,
        StatusCode::OK,
    )
    .await;
    assert!(validated["validated_by"].as_str().unwrap().len() > 2);
    assert_error(
        send(
            &app,
            Method::POST,
            &format!("{base}/actions/{}/validate", theirs["id"].as_str().unwrap()),
            &conseiller,
            None,
        )
        .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    // Comments from both sides; editing an action (B11).
    ok(
        &app,
        Method::POST,
        &format!("{base}/actions/{}/comments", theirs["id"].as_str().unwrap()),
        &jeune,
        Some(json!({"body": "Je serai là."})),
        StatusCode::CREATED,
    )
    .await;
    let edited = ok(&app, Method::PUT, &format!("{base}/actions/{}", theirs["id"].as_str().unwrap()), &conseiller, Some(json!({
        "title": "Atelier CV et lettre", "carrier": "partenaire", "partner_name": "Association Tremplin",
        "due_on": today + Duration::days(10), "status": "en_cours"
    })), StatusCode::OK).await;
    assert_eq!(edited["status"], "en_cours");
    assert_eq!(edited["comments"].as_array().unwrap().len(), 1);

    // Week by week: each side's actions in their week.
    let weeks = ok(
        &app,
        Method::GET,
        &format!("{base}/weeks?weeks=3"),
        &jeune,
        None,
        StatusCode::OK,
    )
    .await;
    let all: Vec<String> = weeks["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| {
            ["youth", "counsellor", "partner"].map(|k| {
                w[k].as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["title"].as_str().unwrap().to_owned())
                    .collect::<Vec<_>>()
            })
        })
        .flatten()
        .collect();
    assert!(all.contains(&"Appeler l'employeur".to_owned()));
    assert!(all.contains(&"Atelier CV et lettre".to_owned()));

    // Another structure's counsellor: 404, nothing written.
    let voisin = app.token(Role::Conseiller, false).await;
    let other = send(
        &app,
        Method::POST,
        &format!("{base}/actions"),
        &voisin,
        Some(json!({"title": "Intrusion", "carrier": "jeune"})),
    )
    .await;
    assert_error(other, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(count(&app, "plan_actions", youth).await, 3);

    // The recap for the young person.
    let pdf = send(
        &app,
        Method::GET,
        &format!("/api/v1/youths/{youth}/documents/recap.pdf"),
        &jeune,
        None,
    )
    .await;
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let text = pdf_text(&pdf.bytes().await.unwrap());
    assert!(text.contains("Trouver un emploi dans la vente"), "{text}");
    assert!(text.contains("Atelier CV et lettre"), "{text}");
}

#[tokio::test]
async fn contracts_need_eligibility_or_a_managers_written_override() {
    let app = spawn_app().await;
    let conseiller = app.token(Role::Conseiller, true).await;
    let manager = app.token(Role::Manager, true).await;
    let today = paris_today();
    let born = |years: i64| today - Duration::days(years * 365 + years / 4 + 10);
    let young = open_file(&app, app.ours.structure_id, "Jade", "Roux", {
        let d = born(19);
        (
            chrono::Datelike::year(&d),
            chrono::Datelike::month(&d),
            chrono::Datelike::day(&d),
        )
    })
    .await;
    let old = open_file(&app, app.ours.structure_id, "Marc", "Leroy", (1990, 1, 1)).await;

    let report = ok(
        &app,
        Method::GET,
        &format!("/api/v1/youths/{old}/eligibility"),
        &conseiller,
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(report["schemes"][0]["scheme"], "cej");
    assert_eq!(report["schemes"][0]["eligible"], false);
    let age = &report["schemes"][0]["criteria"][0];
    assert_eq!(age["code"], "age");
    assert!(
        age["reason"]
            .as_str()
            .unwrap()
            .contains("au-delà de 25 ans révolus")
    );

    // Ineligible without override: 422 naming the criterion, nothing written.
    let refused = send(
        &app,
        Method::POST,
        &format!("/api/v1/youths/{old}/contracts"),
        &conseiller,
        Some(json!({"scheme": "cej", "started_on": today})),
    )
    .await;
    let body = assert_error(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        field_codes(&body),
        [("scheme".to_owned(), "not_eligible".to_owned())]
    );
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Avoir entre 16 et 25 ans")
    );
    let not_manager = send(&app, Method::POST, &format!("/api/v1/youths/{old}/contracts"), &conseiller, Some(json!({"scheme": "cej", "started_on": today, "override_reason": "Situation très particulière"}))).await;
    let body = assert_error(
        not_manager,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        field_codes(&body),
        [("override_reason".to_owned(), "manager_only".to_owned())]
    );
    assert_eq!(count(&app, "contracts", old).await, 0);
    let overridden = ok(&app, Method::POST, &format!("/api/v1/youths/{old}/contracts"), &manager, Some(json!({"scheme": "cej", "started_on": today, "override_reason": "Décision de la commission du 20 novembre"})), StatusCode::CREATED).await;
    assert_eq!(
        overridden["eligibility_override"]["reason"],
        "Décision de la commission du 20 novembre"
    );

    // An eligible young person: a CEJ of 12 months, extended up to 18 with reasons.
    let start = today - Duration::days(20);
    let cej = ok(
        &app,
        Method::POST,
        &format!("/api/v1/youths/{young}/contracts"),
        &conseiller,
        Some(json!({"scheme": "cej", "started_on": start})),
        StatusCode::CREATED,
    )
    .await;
    let cej_id = cej["id"].as_str().unwrap().to_owned();
    let planned: NaiveDate = cej["planned_end"].as_str().unwrap().parse().unwrap();
    let max: NaiveDate = cej["max_end"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        planned,
        domain::accompaniment::last_day_of_months(start, 12)
    );
    assert_eq!(max, domain::accompaniment::last_day_of_months(start, 18));
    let twice = send(
        &app,
        Method::POST,
        &format!("/api/v1/youths/{young}/contracts"),
        &conseiller,
        Some(json!({"scheme": "cej", "started_on": today})),
    )
    .await;
    let body = assert_error(twice, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(
        field_codes(&body)[0],
        ("scheme".to_owned(), "in_progress".to_owned())
    );
    let too_far = send(&app, Method::POST, &format!("/api/v1/youths/{young}/contracts/{cej_id}/extensions"), &conseiller, Some(json!({"new_end": max + Duration::days(1), "reason": "Formation qui se termine plus tard"}))).await;
    let body = assert_error(
        too_far,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        field_codes(&body),
        [("new_end".to_owned(), "over_cap".to_owned())]
    );
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("18 mois")
    );
    let no_reason = send(
        &app,
        Method::POST,
        &format!("/api/v1/youths/{young}/contracts/{cej_id}/extensions"),
        &conseiller,
        Some(json!({"new_end": max})),
    )
    .await;
    assert_error(
        no_reason,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let extended = ok(
        &app,
        Method::POST,
        &format!("/api/v1/youths/{young}/contracts/{cej_id}/extensions"),
        &conseiller,
        Some(json!({"new_end": max, "reason": "Entrée en formation qualifiante en juin"})),
        StatusCode::OK,
    )
    .await;
    assert_eq!(extended["planned_end"], json!(max));
    assert_eq!(extended["extensions"][0]["from_end"], json!(planned));

    // PACEA: a diagnostic first; then phases inside the contract.
    let no_diag = send(
        &app,
        Method::POST,
        &format!("/api/v1/youths/{young}/contracts"),
        &conseiller,
        Some(json!({"scheme": "pacea", "started_on": today})),
    )
    .await;
    let body = assert_error(
        no_diag,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("diagnostic")
    );
    ok(
        &app,
        Method::POST,
        &format!("/api/v1/youths/{young}/diagnostic"),
        &conseiller,
        Some(json!({"content": {"themes": [{"theme": "formation", "situation": "Sans diplôme"}]}})),
        StatusCode::CREATED,
    )
    .await;
    let over = send(&app, Method::POST, &format!("/api/v1/youths/{young}/contracts"), &conseiller, Some(json!({"scheme": "pacea", "started_on": today, "planned_end": today + Duration::days(800)}))).await;
    assert_error(over, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let pacea = ok(
        &app,
        Method::POST,
        &format!("/api/v1/youths/{young}/contracts"),
        &conseiller,
        Some(json!({"scheme": "pacea", "started_on": today})),
        StatusCode::CREATED,
    )
    .await;
    let pacea_id = pacea["id"].as_str().unwrap().to_owned();
    let phase = ok(&app, Method::POST, &format!("/api/v1/youths/{young}/contracts/{pacea_id}/phases"), &conseiller, Some(json!({"kind": "projet", "objectives": "Choisir un métier", "started_on": today, "planned_end": today + Duration::days(60)})), StatusCode::CREATED).await;
    let phase_id = phase["phases"][0]["id"].as_str().unwrap().to_owned();
    let open = send(&app, Method::POST, &format!("/api/v1/youths/{young}/contracts/{pacea_id}/phases"), &conseiller, Some(json!({"kind": "realisation", "objectives": "Entrer en formation", "started_on": today + Duration::days(61), "planned_end": today + Duration::days(120)}))).await;
    let body = assert_error(open, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(
        field_codes(&body),
        [("started_on".to_owned(), "phase_open".to_owned())]
    );
    let evaluated = ok(&app, Method::POST, &format!("/api/v1/youths/{young}/contracts/{pacea_id}/phases/{phase_id}/evaluation"), &conseiller, Some(json!({"ended_on": today, "evaluation": "Projet de vendeuse confirmé", "objectives_met": true})), StatusCode::OK).await;
    assert_eq!(evaluated["phases"][0]["objectives_met"], true);

    // Actions link to the contract (B15); the end of a contract carries its reason.
    let action = ok(
        &app,
        Method::POST,
        &format!("/api/v1/youths/{young}/plan/actions"),
        &conseiller,
        Some(json!({"title": "Immersion en magasin", "carrier": "jeune", "contract_id": cej_id})),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(action["contract_id"], json!(cej_id));
    let foreign = send(
        &app,
        Method::POST,
        &format!("/api/v1/youths/{young}/plan/actions"),
        &conseiller,
        Some(json!({"title": "x", "carrier": "jeune", "contract_id": overridden["id"]})),
    )
    .await;
    let body = assert_error(
        foreign,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        field_codes(&body),
        [("contract_id".to_owned(), "unknown".to_owned())]
    );
    let before = send(
        &app,
        Method::POST,
        &format!("/api/v1/youths/{young}/contracts/{cej_id}/end"),
        &conseiller,
        Some(json!({"ended_on": start - Duration::days(1), "exit_reason": "cdi"})),
    )
    .await;
    assert_error(
        before,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let ended = ok(
        &app,
        Method::POST,
        &format!("/api/v1/youths/{young}/contracts/{cej_id}/end"),
        &conseiller,
        Some(
            json!({"ended_on": today, "exit_reason": "cdi", "comment": "Embauchée chez Monoprix"}),
        ),
        StatusCode::OK,
    )
    .await;
    assert_eq!(ended["status"], "termine");
    let closed = send(
        &app,
        Method::POST,
        &format!("/api/v1/youths/{young}/contracts/{cej_id}/extensions"),
        &conseiller,
        Some(json!({"new_end": max, "reason": "Encore un peu de temps"})),
    )
    .await;
    assert_error(closed, StatusCode::CONFLICT, "conflict").await;
    // The waiting period is a point to check, not a block.
    let report = ok(
        &app,
        Method::GET,
        &format!("/api/v1/youths/{young}/eligibility"),
        &conseiller,
        None,
        StatusCode::OK,
    )
    .await;
    let waiting = report["schemes"][0]["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "waiting_period")
        .unwrap()
        .clone();
    assert_eq!(waiting["met"], false);
    assert_eq!(report["schemes"][0]["eligible"], true);

    // The timeline shows it all.
    let timeline = ok(
        &app,
        Method::GET,
        &format!("/api/v1/youths/{young}/timeline"),
        &conseiller,
        None,
        StatusCode::OK,
    )
    .await;
    let titles: Vec<&str> = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.iter().any(|t| t.contains("Prolongation")),
        "{titles:?}"
    );
    assert!(titles.iter().any(|t| t.contains("terminé")), "{titles:?}");
}

#[tokio::test]
async fn cej_hours_count_by_paris_week_and_wait_for_validation() {
    let app = spawn_app().await;
    let conseiller = app.token(Role::Conseiller, true).await;
    let manager = app.token(Role::Manager, true).await;
    let jeune = app.token(Role::Jeune, true).await;
    let youth = app.ours.youths[0].0;
    let base = format!("/api/v1/youths/{youth}/hours");
    let now = Utc::now();
    let yesterday = now - Duration::days(1);

    // No CEJ yet: hours are refused with the reason.
    let none = send(&app, Method::POST, &base, &jeune, Some(json!({"qualification": "emploi", "label": "Candidature", "occurred_at": yesterday, "minutes": 60}))).await;
    let body = assert_error(none, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(
        field_codes(&body),
        [("occurred_at".to_owned(), "no_cej".to_owned())]
    );
    let start = paris_today() - Duration::days(60);
    ok(&app, Method::POST, &format!("/api/v1/youths/{youth}/contracts"), &manager, Some(json!({"scheme": "cej", "started_on": start, "override_reason": "Test des heures du CEJ"})), StatusCode::CREATED).await;

    // Bad durations: below zero, over a day, over 24 hours in one day, in the future.
    for (minutes, code) in [
        (-30, "not_positive"),
        (0, "not_positive"),
        (1500, "over_a_day"),
    ] {
        let r = send(&app, Method::POST, &base, &jeune, Some(json!({"qualification": "emploi", "label": "x", "occurred_at": yesterday, "minutes": minutes}))).await;
        let body = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(
            field_codes(&body),
            [("minutes".to_owned(), code.to_owned())]
        );
    }
    let future = send(&app, Method::POST, &base, &jeune, Some(json!({"qualification": "emploi", "label": "x", "occurred_at": now + Duration::days(1), "minutes": 60}))).await;
    assert_error(
        future,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    ok(&app, Method::POST, &base, &conseiller, Some(json!({"qualification": "formation", "label": "Formation bureautique", "occurred_at": yesterday, "minutes": 1380})), StatusCode::CREATED).await;
    let over = send(&app, Method::POST, &base, &jeune, Some(json!({"qualification": "emploi", "label": "x", "occurred_at": yesterday, "minutes": 120}))).await;
    let body = assert_error(over, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(
        field_codes(&body),
        [("minutes".to_owned(), "day_over_24h".to_owned())]
    );
    assert_eq!(count(&app, "cej_activities", youth).await, 1);

    // Monday 00:30 in Paris belongs to that Monday's week (Sunday 23:30 UTC in winter).
    let monday = domain::accompaniment::monday_of(paris_today()) - Duration::weeks(2);
    let half_past_midnight = domain::accompaniment::paris_instant(
        monday,
        chrono::NaiveTime::from_hms_opt(0, 30, 0).unwrap(),
    );
    assert!(half_past_midnight.date_naive() <= monday);
    let early = ok(&app, Method::POST, &base, &jeune, Some(json!({"qualification": "sante", "label": "Bilan de santé", "occurred_at": half_past_midnight})), StatusCode::CREATED).await;
    assert_eq!(early["week_start"], json!(monday));
    assert_eq!(early["minutes"], 120, "the qualification's default");
    assert_eq!(early["status"], "declaree");
    // The Mission Locale's own default.
    ok(
        &app,
        Method::PUT,
        "/api/v1/structures/current/hour-defaults",
        &manager,
        Some(json!({"defaults": [{"qualification": "emploi", "minutes": 150}]})),
        StatusCode::OK,
    )
    .await;
    let bad_default = send(
        &app,
        Method::PUT,
        "/api/v1/structures/current/hour-defaults",
        &manager,
        Some(json!({"defaults": [{"qualification": "emploi", "minutes": -1}]})),
    )
    .await;
    assert_error(
        bad_default,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let job = ok(&app, Method::POST, &base, &jeune, Some(json!({"qualification": "emploi", "label": "Entretien d'embauche", "occurred_at": half_past_midnight + Duration::hours(10)})), StatusCode::CREATED).await;
    assert_eq!(job["minutes"], 150);

    // The young person cannot validate; the counsellor validates one, refuses the other with a word.
    let review = |id: &Value| format!("{base}/{}/review", id.as_str().unwrap());
    assert_error(
        send(
            &app,
            Method::POST,
            &review(&early["id"]),
            &jeune,
            Some(json!({"status": "validee"})),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let no_word = send(
        &app,
        Method::POST,
        &review(&job["id"]),
        &conseiller,
        Some(json!({"status": "refusee"})),
    )
    .await;
    assert_error(
        no_word,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    ok(
        &app,
        Method::POST,
        &review(&early["id"]),
        &conseiller,
        Some(json!({"status": "validee", "minutes": 90})),
        StatusCode::OK,
    )
    .await;
    ok(
        &app,
        Method::POST,
        &review(&job["id"]),
        &conseiller,
        Some(json!({"status": "refusee", "comment": "Pas de justificatif"})),
        StatusCode::OK,
    )
    .await;
    assert_error(
        send(
            &app,
            Method::POST,
            &review(&job["id"]),
            &conseiller,
            Some(json!({"status": "validee"})),
        )
        .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;

    // Weeks, newest first, with the detail of each total and the 15-hour flag.
    let view = ok(
        &app,
        Method::GET,
        &format!("{base}?weeks=4"),
        &jeune,
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(view["target_minutes"], 900);
    let weeks = view["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 4);
    let that = weeks
        .iter()
        .find(|w| w["week_start"] == json!(monday))
        .unwrap();
    assert_eq!(that["validated_minutes"], 90);
    assert_eq!(that["pending_minutes"], 0);
    assert_eq!(that["under_target"], true);
    assert_eq!(that["activities"].as_array().unwrap().len(), 2);
    let total: i64 = weeks
        .iter()
        .map(|w| w["validated_minutes"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 90 + 1380);

    // The bilan: the hours per week and the actions.
    let contracts = ok(
        &app,
        Method::GET,
        &format!("/api/v1/youths/{youth}/contracts"),
        &jeune,
        None,
        StatusCode::OK,
    )
    .await;
    let cej = contracts[0]["id"].as_str().unwrap();
    let pdf = send(
        &app,
        Method::GET,
        &format!("/api/v1/youths/{youth}/contracts/{cej}/bilan.pdf"),
        &conseiller,
        None,
    )
    .await;
    assert_eq!(pdf.status(), StatusCode::OK);
    let text = pdf_text(&pdf.bytes().await.unwrap());
    assert!(
        text.contains("Bilan du contrat d'engagement jeune"),
        "{text}"
    );
    assert!(text.contains("Bilan de santé"), "{text}");
    assert!(text.contains("1 h 30"), "{text}");
}

#[tokio::test]
async fn interviews_are_kept_for_whoever_takes_over() {
    let app = spawn_app().await;
    let conseiller = app.token(Role::Conseiller, true).await;
    let manager = app.token(Role::Manager, true).await;
    let youth = open_file(
        &app,
        app.ours.structure_id,
        "Hugo",
        "Marchand",
        (2004, 9, 9),
    )
    .await;
    let base = format!("/api/v1/youths/{youth}/interviews");
    let at = Utc.with_ymd_and_hms(2026, 11, 2, 9, 30, 0).unwrap();
    let bad = send(
        &app,
        Method::POST,
        &base,
        &conseiller,
        Some(json!({"occurred_at": Utc::now() + Duration::days(2), "summary": " "})),
    )
    .await;
    let body = assert_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(
        field_codes(&body),
        [
            ("channel".to_owned(), "required".to_owned()),
            ("occurred_at".to_owned(), "in_future".to_owned()),
            ("summary".to_owned(), "required".to_owned()),
        ]
    );
    let created = ok(&app, Method::POST, &base, &conseiller, Some(json!({"occurred_at": at, "channel": "presentiel", "kind": "diagnostic", "summary": "Souhaite travailler dans la logistique ; permis en cours.", "themes": ["emploi", "mobilite", "emploi"]})), StatusCode::CREATED).await;
    assert_eq!(created["themes"], json!(["emploi", "mobilite"]));
    assert!(created["counsellor"]["first_name"].is_string());
    // Another counsellor reads it.
    let list = ok(&app, Method::GET, &base, &manager, None, StatusCode::OK).await;
    assert_eq!(
        list[0]["summary"],
        "Souhaite travailler dans la logistique ; permis en cours."
    );
    let file = ok(
        &app,
        Method::GET,
        &format!("/api/v1/youths/{youth}"),
        &manager,
        None,
        StatusCode::OK,
    )
    .await;
    assert!(file["last_contact_on"].as_str().unwrap() >= "2026-11-02");
    let timeline = ok(
        &app,
        Method::GET,
        &format!("/api/v1/youths/{youth}/timeline"),
        &manager,
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(timeline[0]["kind"], "entretien");
    // A young person does not read the counsellor's notes.
    let jeune = app.token(Role::Jeune, true).await;
    assert_error(
        send(
            &app,
            Method::GET,
            &format!("/api/v1/youths/{}/interviews", app.ours.youths[0].0),
            &jeune,
            None,
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

/// Every accompaniment endpoint refuses a young person on a sibling's file, a counsellor of
/// another Mission Locale, an administrator and a partner: 404 where the role has the operation
/// on some files (the record is out of its scope), 403 where it never has it. Nothing is written.
#[tokio::test]
async fn every_endpoint_refuses_other_files_and_other_roles() {
    let app = spawn_app().await;
    let conseiller = app.token(Role::Conseiller, true).await;
    let manager = app.token(Role::Manager, true).await;
    let today = paris_today();
    // A sibling of the demo young person (whose token is used below), with a bit of everything.
    let y = app.ours.youths[1].0;
    let base = format!("/api/v1/youths/{y}");
    ok(
        &app,
        Method::POST,
        &format!("{base}/diagnostic"),
        &conseiller,
        Some(json!({"content": {"themes": [{"theme": "emploi", "situation": "En recherche"}]}})),
        StatusCode::CREATED,
    )
    .await;
    let objective = ok(
        &app,
        Method::POST,
        &format!("{base}/plan/objectives"),
        &conseiller,
        Some(json!({"theme": "emploi", "title": "Trouver un emploi"})),
        StatusCode::CREATED,
    )
    .await;
    let action = ok(
        &app,
        Method::POST,
        &format!("{base}/plan/actions"),
        &conseiller,
        Some(json!({"title": "CV", "carrier": "jeune"})),
        StatusCode::CREATED,
    )
    .await;
    let cej = ok(&app, Method::POST, &format!("{base}/contracts"), &manager, Some(json!({"scheme": "cej", "started_on": today - Duration::days(10), "override_reason": "Préparation du test des refus"})), StatusCode::CREATED).await;
    let pacea = ok(&app, Method::POST, &format!("{base}/contracts"), &manager, Some(json!({"scheme": "pacea", "started_on": today, "override_reason": "Préparation du test des refus"})), StatusCode::CREATED).await;
    let pacea = ok(&app, Method::POST, &format!("{base}/contracts/{}/phases", pacea["id"].as_str().unwrap()), &conseiller, Some(json!({"kind": "projet", "objectives": "Choisir", "started_on": today, "planned_end": today + Duration::days(30)})), StatusCode::CREATED).await;
    let activity = ok(&app, Method::POST, &format!("{base}/hours"), &conseiller, Some(json!({"qualification": "emploi", "label": "Candidature", "occurred_at": Utc::now() - Duration::days(1), "minutes": 60})), StatusCode::CREATED).await;
    let (o, a, c) = (
        objective["id"].as_str().unwrap(),
        action["id"].as_str().unwrap(),
        cej["id"].as_str().unwrap(),
    );
    let (p, ph, h) = (
        pacea["id"].as_str().unwrap(),
        pacea["phases"][0]["id"].as_str().unwrap(),
        activity["id"].as_str().unwrap(),
    );

    // (method, path, body, the young person has the operation on their own file)
    let endpoints: Vec<(Method, String, Value, bool)> = vec![
        (
            Method::GET,
            format!("{base}/diagnostic"),
            Value::Null,
            false,
        ),
        (
            Method::POST,
            format!("{base}/diagnostic"),
            json!({"base_number": 1, "comment": "x", "content": {}}),
            false,
        ),
        (
            Method::GET,
            format!("{base}/diagnostic/revisions/1"),
            Value::Null,
            false,
        ),
        (
            Method::GET,
            format!("{base}/diagnostic/compare?from=1&to=1"),
            Value::Null,
            false,
        ),
        (Method::GET, format!("{base}/synthesis"), Value::Null, false),
        (
            Method::GET,
            format!("{base}/eligibility"),
            Value::Null,
            false,
        ),
        (
            Method::GET,
            format!("{base}/interviews"),
            Value::Null,
            false,
        ),
        (
            Method::POST,
            format!("{base}/interviews"),
            json!({"occurred_at": Utc::now(), "channel": "telephone", "summary": "x"}),
            false,
        ),
        (Method::GET, format!("{base}/timeline"), Value::Null, false),
        (
            Method::GET,
            format!("{base}/documents/recap.pdf"),
            Value::Null,
            true,
        ),
        (Method::GET, format!("{base}/plan"), Value::Null, true),
        (Method::GET, format!("{base}/plan/weeks"), Value::Null, true),
        (
            Method::POST,
            format!("{base}/plan/objectives"),
            json!({"theme": "emploi", "title": "x"}),
            false,
        ),
        (
            Method::PUT,
            format!("{base}/plan/objectives/{o}"),
            json!({"theme": "emploi", "title": "x"}),
            false,
        ),
        (
            Method::POST,
            format!("{base}/plan/actions"),
            json!({"title": "x", "carrier": "jeune"}),
            false,
        ),
        (
            Method::PUT,
            format!("{base}/plan/actions/{a}"),
            json!({"title": "x", "carrier": "jeune"}),
            false,
        ),
        (
            Method::POST,
            format!("{base}/plan/actions/{a}/done"),
            json!({}),
            true,
        ),
        (
            Method::POST,
            format!("{base}/plan/actions/{a}/validate"),
            Value::Null,
            false,
        ),
        (
            Method::POST,
            format!("{base}/plan/actions/{a}/comments"),
            json!({"body": "x"}),
            true,
        ),
        (Method::GET, format!("{base}/contracts"), Value::Null, true),
        (
            Method::POST,
            format!("{base}/contracts"),
            json!({"scheme": "pacea", "started_on": today}),
            false,
        ),
        (
            Method::POST,
            format!("{base}/contracts/{c}/extensions"),
            json!({"new_end": today + Duration::days(400), "reason": "Une raison écrite"}),
            false,
        ),
        (
            Method::POST,
            format!("{base}/contracts/{c}/end"),
            json!({"ended_on": today, "exit_reason": "cdi"}),
            false,
        ),
        (
            Method::POST,
            format!("{base}/contracts/{p}/phases"),
            json!({"kind": "projet", "objectives": "x", "started_on": today, "planned_end": today}),
            false,
        ),
        (
            Method::POST,
            format!("{base}/contracts/{p}/phases/{ph}/evaluation"),
            json!({"ended_on": today, "evaluation": "x", "objectives_met": true}),
            false,
        ),
        (
            Method::GET,
            format!("{base}/contracts/{c}/bilan.pdf"),
            Value::Null,
            true,
        ),
        (Method::GET, format!("{base}/hours"), Value::Null, true),
        (
            Method::POST,
            format!("{base}/hours"),
            json!({"qualification": "emploi", "label": "x", "occurred_at": Utc::now() - Duration::hours(2), "minutes": 30}),
            true,
        ),
        (
            Method::POST,
            format!("{base}/hours/{h}/review"),
            json!({"status": "refusee", "comment": "x"}),
            false,
        ),
    ];
    let sibling = app.token(Role::Jeune, true).await;
    let elsewhere = app.token(Role::Conseiller, false).await;
    let admin = app.token(Role::Admin, true).await;
    let partner = app.token(Role::Partenaire, true).await;
    let before = [
        count(&app, "plan_actions", y).await,
        count(&app, "plan_objectives", y).await,
        count(&app, "cej_activities", y).await,
        count(&app, "contracts", y).await,
        count(&app, "interviews", y).await,
        count(&app, "diagnostic_revisions", y).await,
    ];
    let mut failures = Vec::new();
    for (method, path, body, youth_may) in &endpoints {
        let done = path.ends_with("/done");
        for (who, token, expected) in [
            (
                "young person, sibling's file",
                &sibling,
                if *youth_may {
                    StatusCode::NOT_FOUND
                } else {
                    StatusCode::FORBIDDEN
                },
            ),
            (
                "counsellor of another Mission Locale",
                &elsewhere,
                if done {
                    StatusCode::FORBIDDEN
                } else {
                    StatusCode::NOT_FOUND
                },
            ),
            ("administrator", &admin, StatusCode::FORBIDDEN),
            ("partner", &partner, StatusCode::FORBIDDEN),
        ] {
            let body = (!body.is_null()).then(|| body.clone());
            let got = send(&app, method.clone(), path, token, body).await.status();
            if got != expected {
                failures.push(format!(
                    "{method} {path} as {who}: {got}, expected {expected}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let after = [
        count(&app, "plan_actions", y).await,
        count(&app, "plan_objectives", y).await,
        count(&app, "cej_activities", y).await,
        count(&app, "contracts", y).await,
        count(&app, "interviews", y).await,
        count(&app, "diagnostic_revisions", y).await,
    ];
    assert_eq!(before, after, "nothing written");
}
