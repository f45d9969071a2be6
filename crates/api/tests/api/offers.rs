//! Partners, offers, referrals, matching, the map (issue 6), through HTTP on a fresh database.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use domain::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::fake_ban::{FakeBan, Mode};
use crate::support::{TestApp, assert_error, spawn_app, spawn_app_with};

async fn json_of(response: reqwest::Response, status: StatusCode) -> Value {
    let got = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "{body}");
    body
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Value,
) -> reqwest::Response {
    app.request(method, path, Some(token))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn offer_id(app: &TestApp, token: &str, title: &str) -> String {
    let page = json_of(
        app.get("/api/v1/offers?per_page=100", token).await,
        StatusCode::OK,
    )
    .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["title"] == title)
        .unwrap_or_else(|| panic!("{title} in {page}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Creates `offer` and sends each of `youths` to it: the offer's id and the referrals' ids.
async fn refer_to_new_offer(
    app: &TestApp,
    token: &str,
    offer: Value,
    youths: &[(domain::YouthId, domain::AccountId)],
) -> (String, Vec<String>) {
    let created = json_of(
        app.post("/api/v1/offers", Some(token), offer).await,
        StatusCode::CREATED,
    )
    .await;
    let id = created["summary"]["id"].as_str().unwrap().to_owned();
    let mut referrals = Vec::new();
    for (youth, _) in youths {
        let r = json_of(
            app.post(
                "/api/v1/referrals",
                Some(token),
                json!({"offer_id": id, "youth_id": youth, "send": true}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(r["status"], "envoyee");
        referrals.push(r["id"].as_str().unwrap().to_owned());
    }
    (id, referrals)
}

/// Asserts a 422 whose first field error is on `field` and says `said` (in French).
async fn assert_refused_on(response: reqwest::Response, field: &str, said: &str) {
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["field"], field, "{body}");
    let message = body["fields"][0]["message"].as_str().unwrap();
    assert!(message.contains(said), "{message}");
}

fn service(title: &str) -> Value {
    json!({
        "kind": "service",
        "title": title,
        "description": "Un accompagnement de quatre semaines.",
        "service_type": "accompagnement",
        "themes": ["emploi"],
    })
}

#[tokio::test]
async fn the_directory_checks_siret_keeps_a_history_and_a_life_cycle() {
    let app = spawn_app().await;
    let counsellor = app.token(Role::Conseiller, true).await;

    let bad = app
        .post(
            "/api/v1/partners",
            Some(&counsellor),
            json!({"name": "Boulangerie Lemaire", "kind": "employeur", "siret": "732 829 320 00075"}),
        )
        .await;
    assert_refused_on(bad, "siret", "SIRET").await;

    // La Poste's establishments follow their own rule.
    let created = json_of(
        app.post(
            "/api/v1/partners",
            Some(&counsellor),
            json!({"name": "La Poste Roubaix", "kind": "service_public", "siret": "35600000049837",
                   "themes": ["vie_citoyenne"], "forms": ["immersion"], "sponsor": true,
                   "contacts": [{"name": "Marc Petit", "email": "m.petit@laposte.test"}]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["record"]["sponsor"], true);
    assert_eq!(created["record"]["status"], "actif");

    let sponsors = json_of(
        app.get("/api/v1/partners?sponsor=true", &counsellor).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(sponsors["items"].as_array().unwrap().len(), 1);
    let by_form = json_of(
        app.get("/api/v1/partners?form=immersion", &counsellor)
            .await,
        StatusCode::OK,
    )
    .await;
    let names: Vec<&str> = by_form["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"La Poste Roubaix") && names.contains(&"Transports Flandres Mobilité"),
        "{names:?}"
    );

    // History of exchanges.
    let future = json_of(
        app.post(
            &format!("/api/v1/partners/{id}/exchanges"),
            Some(&counsellor),
            json!({"occurred_on": "2999-01-01", "kind": "appel", "topic": "partenariat", "summary": "x"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(future["fields"][0]["field"], "occurred_on");
    json_of(
        app.post(
            &format!("/api/v1/partners/{id}/exchanges"),
            Some(&counsellor),
            json!({"kind": "rencontre", "topic": "recrutement", "summary": "Deux postes de facteur en janvier."}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let history = json_of(
        app.get(&format!("/api/v1/partners/{id}/exchanges"), &counsellor)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(history[0]["author_name"], "Thomas Lefebvre");
    assert_eq!(history[0]["topic"], "recrutement");

    // Life cycle: a comment is required; archived partners leave the default list.
    let no_comment = app
        .post(
            &format!("/api/v1/partners/{id}/status"),
            Some(&counsellor),
            json!({"status": "archive"}),
        )
        .await;
    assert_error(
        no_comment,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let archived = json_of(
        app.post(
            &format!("/api/v1/partners/{id}/status"),
            Some(&counsellor),
            json!({"status": "archive", "comment": "Plus de contact depuis un an."}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(archived["record"]["status"], "archive");
    let active = json_of(
        app.get("/api/v1/partners?per_page=100", &counsellor).await,
        StatusCode::OK,
    )
    .await;
    assert!(!active.to_string().contains("La Poste Roubaix"));
    let listed = json_of(
        app.get("/api/v1/partners?status=archive", &counsellor)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(listed.to_string().contains("La Poste Roubaix"));

    // A letter from the record.
    let letter = app
        .get(
            &format!("/api/v1/partners/{id}/letters/convention"),
            &counsellor,
        )
        .await;
    assert_eq!(letter.status(), StatusCode::OK);
    assert_eq!(letter.headers()["content-type"], "application/pdf");
    assert!(letter.bytes().await.unwrap().starts_with(b"%PDF"));
}

#[tokio::test]
async fn a_partner_keeps_their_own_record_and_nothing_else() {
    let app = spawn_app().await;
    let partner = app.token(Role::Partenaire, true).await;
    let counsellor = app.token(Role::Conseiller, true).await;
    let own = app.ours.partner_id;
    let update = json!({"name": "Transports Flandres Mobilité", "kind": "employeur",
                        "description": "Nouveau dépôt à Tourcoing.", "sponsor": true,
                        "themes": ["emploi"]});
    let updated = json_of(
        send(
            &app,
            Method::PUT,
            &format!("/api/v1/partners/{own}"),
            &partner,
            update.clone(),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        updated["record"]["description"],
        "Nouveau dépôt à Tourcoing."
    );
    assert_eq!(
        updated["record"]["sponsor"], false,
        "the sponsor flag is the Mission Locale's"
    );
    // Another organisation of the same Mission Locale: not found.
    let other = json_of(
        app.post(
            "/api/v1/partners",
            Some(&counsellor),
            json!({"name": "Autre", "kind": "association"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let response = send(
        &app,
        Method::PUT,
        &format!("/api/v1/partners/{}", other["id"].as_str().unwrap()),
        &partner,
        update,
    )
    .await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    assert_error(
        app.post(
            "/api/v1/partners",
            Some(&partner),
            json!({"name": "X", "kind": "autre"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        app.post(
            &format!("/api/v1/partners/{own}/status"),
            Some(&partner),
            json!({"status": "termine", "comment": "x"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // The partner's offers are theirs; the Mission Locale's are readable, not editable.
    let theirs = json_of(
        app.post(
            "/api/v1/offers",
            Some(&partner),
            service("Visite d'entrepôt"),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(theirs["summary"]["partner_id"], own.to_string());
    let ml_offer = offer_id(&app, &partner, "Foyer de jeunes travailleurs").await;
    let detail = json_of(
        app.get(&format!("/api/v1/offers/{ml_offer}"), &partner)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(detail["editable"], false);
    let response = send(
        &app,
        Method::PUT,
        &format!("/api/v1/offers/{ml_offer}"),
        &partner,
        service("Foyer modifié"),
    )
    .await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn offers_are_checked_and_their_places_counted() {
    let app = spawn_app().await;
    let counsellor = app.token(Role::Conseiller, true).await;
    let bad = app
        .post(
            "/api/v1/offers",
            Some(&counsellor),
            json!({"kind": "emploi", "title": "Serveur.", "description": "Service en salle.",
                   "job": {"rome_code": "Z1234", "hours_per_week": 60},
                   "address": {"point": {"lat": 3.06, "lon": 50.63}},
                   "eligibility": {"age_min": 25, "age_max": 18, "zones": ["5951"]}}),
        )
        .await;
    let body = assert_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for expected in [
        "title",
        "job.rome_code",
        "job.contract_type",
        "job.hours_per_week",
        "address.point",
        "eligibility.age_max",
        "eligibility.zones[0]",
    ] {
        assert!(fields.contains(&expected), "{expected} in {fields:?}");
    }
    let off_map = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "address.point")
        .unwrap();
    assert_eq!(off_map["code"], "off_the_map");

    // Two places; two young people accepted fill them.
    let mut offer = service("Coaching entretien");
    offer["capacity"] = json!(2);
    let (id, referrals) =
        refer_to_new_offer(&app, &counsellor, offer.clone(), &app.ours.youths).await;
    // Twice on the same offer: refused.
    let again = app
        .post(
            "/api/v1/referrals",
            Some(&counsellor),
            json!({"offer_id": id, "youth_id": app.ours.youths[0].0}),
        )
        .await;
    assert_error(again, StatusCode::CONFLICT, "conflict").await;
    for r in &referrals[..2] {
        json_of(
            app.post(
                &format!("/api/v1/referrals/{r}/status"),
                Some(&counsellor),
                json!({"status": "acceptee"}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
    }
    let full = app
        .post(
            &format!("/api/v1/referrals/{}/status", referrals[2]),
            Some(&counsellor),
            json!({"status": "acceptee"}),
        )
        .await;
    let body = assert_error(full, StatusCode::CONFLICT, "conflict").await;
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("liste d'attente")
    );
    json_of(
        app.post(
            &format!("/api/v1/referrals/{}/status", referrals[2]),
            Some(&counsellor),
            json!({"status": "liste_attente"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let detail = json_of(
        app.get(&format!("/api/v1/offers/{id}"), &counsellor).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(detail["summary"]["places_left"], 0);
    assert_eq!(detail["summary"]["waiting"], 1);
    // The capacity cannot fall below the places taken.
    offer["capacity"] = json!(1);
    let below = send(
        &app,
        Method::PUT,
        &format!("/api/v1/offers/{id}"),
        &counsellor,
        offer.clone(),
    )
    .await;
    let body = assert_error(below, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["fields"][0]["code"], "below_taken");
    offer["capacity"] = json!(3);
    json_of(
        send(
            &app,
            Method::PUT,
            &format!("/api/v1/offers/{id}"),
            &counsellor,
            offer,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // The place added goes to the waiting list at once.
    let moved_up = json_of(
        app.get(&format!("/api/v1/referrals/{}", referrals[2]), &counsellor)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved_up["status"], "acceptee", "{moved_up}");
    let last = moved_up["steps"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["by_name"], "Passerelle", "{last}");
    assert_eq!(last["side"], "systeme");
}

#[tokio::test]
async fn a_place_that_frees_goes_to_the_first_on_the_waiting_list() {
    let app = spawn_app().await;
    let counsellor = app.token(Role::Conseiller, true).await;
    let mut offer = service("Atelier permis B");
    offer["capacity"] = json!(1);
    let (id, referrals) = refer_to_new_offer(&app, &counsellor, offer, &app.ours.youths[..3]).await;
    let status = |referral: &str, to: &str| {
        let (app, counsellor) = (&app, &counsellor);
        let (referral, to) = (referral.to_owned(), to.to_owned());
        async move {
            json_of(
                app.post(
                    &format!("/api/v1/referrals/{referral}/status"),
                    Some(counsellor),
                    json!({"status": to}),
                )
                .await,
                StatusCode::OK,
            )
            .await
        }
    };
    status(&referrals[0], "acceptee").await;
    // The third is put on the list before the second.
    status(&referrals[2], "liste_attente").await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    status(&referrals[1], "liste_attente").await;
    // The first drops out: the third, first on the list, takes the place; the second waits.
    let dropped = status(&referrals[0], "abandonnee").await;
    assert_eq!(dropped["status"], "abandonnee");
    let get = |referral: &str| {
        let (app, counsellor) = (&app, &counsellor);
        let referral = referral.to_owned();
        async move {
            json_of(
                app.get(&format!("/api/v1/referrals/{referral}"), counsellor)
                    .await,
                StatusCode::OK,
            )
            .await
        }
    };
    let third = get(&referrals[2]).await;
    assert_eq!(third["status"], "acceptee", "{third}");
    let step = third["steps"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(step["by_name"], "Passerelle");
    assert!(
        step["comment"]
            .as_str()
            .unwrap()
            .contains("liste d'attente"),
        "{step}"
    );
    assert_eq!(get(&referrals[1]).await["status"], "liste_attente");
    let detail = json_of(
        app.get(&format!("/api/v1/offers/{id}"), &counsellor).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(detail["summary"]["places_left"], 0);
    assert_eq!(detail["summary"]["waiting"], 1);
    // The move is in the young person's audit trail.
    let direction = app.token(Role::Direction, true).await;
    let youth = app.ours.youths[2].0;
    let log = json_of(
        app.get(
            &format!("/api/v1/audit-events?youth_id={youth}&per_page=100"),
            &direction,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(log.to_string().contains("place libérée"), "{log}");
    // A finished one frees its place too: the second gets it.
    status(&referrals[2], "en_cours").await;
    status(&referrals[2], "terminee").await;
    assert_eq!(get(&referrals[1]).await["status"], "acceptee");
}

#[tokio::test]
async fn an_ineligible_young_person_cannot_be_referred_and_is_not_suggested() {
    let app = spawn_app().await;
    let counsellor = app.token(Role::Conseiller, true).await;
    let youth = app.ours.youths[0].0;
    let mut adults = service("Accompagnement des 26 ans et plus");
    adults["eligibility"] = json!({"age_min": 26});
    let created = json_of(
        app.post("/api/v1/offers", Some(&counsellor), adults).await,
        StatusCode::CREATED,
    )
    .await;
    let id = created["summary"]["id"].as_str().unwrap().to_owned();
    let refused = app
        .post(
            "/api/v1/referrals",
            Some(&counsellor),
            json!({"offer_id": id, "youth_id": youth}),
        )
        .await;
    assert_refused_on(refused, "eligibility.age", "26 ans ou plus").await;

    // The CEJ-only offer needs a running CEJ: nobody in the demo has one.
    let matches = json_of(
        app.get(
            &format!("/api/v1/youths/{youth}/matches?limit=100"),
            &counsellor,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let titles: Vec<&str> = matches
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["offer"]["title"].as_str().unwrap())
        .collect();
    assert!(!titles.contains(&"Préparation au permis B"), "{titles:?}");
    assert!(
        !titles.contains(&"Accompagnement des 26 ans et plus"),
        "{titles:?}"
    );
    assert!(titles.contains(&"Agent de quai H/F"), "{titles:?}");
    for m in matches.as_array().unwrap() {
        assert_eq!(m["score"]["eligible"], true);
        let lines = m["score"]["lines"].as_array().unwrap();
        assert_eq!(lines.len(), 3, "themes, distance, room");
        let sum: u64 = lines.iter().map(|l| l["points"].as_u64().unwrap()).sum();
        assert_eq!(m["score"]["score"].as_u64().unwrap(), sum);
    }
    // Sorted best first; the young person's current referral is shown.
    let scores: Vec<u64> = matches
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["score"]["score"].as_u64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let job = matches
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["offer"]["title"] == "Agent de quai H/F")
        .unwrap();
    assert_eq!(job["referral"], "envoyee");
    // Needs "Emploi" meet the job offer's theme; home is located, so the distance counts.
    assert!(
        job["score"]["lines"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("Emploi")
    );
    assert!(job["score"]["distance_km"].as_f64().is_some());

    // The other way: the young people ranked for the job offer.
    let job_id = job["offer"]["id"].as_str().unwrap();
    let ranked = json_of(
        app.get(&format!("/api/v1/offers/{job_id}/matches"), &counsellor)
            .await,
        StatusCode::OK,
    )
    .await;
    let names: Vec<&str> = ranked
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), app.ours.youths.len(), "{names:?}");
    assert!(
        !ranked.to_string().contains("ml-voisine"),
        "no other Mission Locale"
    );
    // Nobody is ranked for the adults' offer.
    let none = json_of(
        app.get(&format!("/api/v1/offers/{id}/matches"), &counsellor)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(none, json!([]));
    // A young person sees their own suggestions, not another's.
    let lea = app.token(Role::Jeune, true).await;
    json_of(
        app.get(&format!("/api/v1/youths/{youth}/matches"), &lea)
            .await,
        StatusCode::OK,
    )
    .await;
    let other = app.ours.youths[1].0;
    assert_error(
        app.get(&format!("/api/v1/youths/{other}/matches"), &lea)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn the_partner_answers_and_the_young_person_follows() {
    let app = spawn_app().await;
    let counsellor = app.token(Role::Conseiller, true).await;
    let partner = app.token(Role::Partenaire, true).await;
    let lea = app.token(Role::Jeune, true).await;
    let lea_id = app.ours.youths[0].0;
    let chloe = app.ours.youths[2].0;

    // A proposal not yet sent, and a referral to the Mission Locale's own offer: the partner
    // sees neither.
    let training = offer_id(&app, &counsellor, "Formation préqualifiante logistique").await;
    let foyer = offer_id(&app, &counsellor, "Foyer de jeunes travailleurs").await;
    let proposed = app
        .post(
            "/api/v1/referrals",
            Some(&counsellor),
            json!({"offer_id": training, "youth_id": chloe}),
        )
        .await;
    // Chloé's level may not fit the training: either way she must not show to the partner.
    let proposed_status = proposed.status();
    json_of(
        app.post(
            "/api/v1/referrals",
            Some(&counsellor),
            json!({"offer_id": foyer, "youth_id": chloe, "send": true}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let seen = json_of(app.get("/api/v1/referrals", &partner).await, StatusCode::OK).await;
    let names: Vec<String> = seen
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["youth"]["first_name"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        names.contains(&"Léa".to_owned()),
        "{names:?} ({proposed_status})"
    );
    assert!(!names.contains(&"Chloé".to_owned()), "{names:?}");
    let lea_referral = seen
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["youth"]["first_name"] == "Léa")
        .unwrap()
        .clone();
    let id = lea_referral["id"].as_str().unwrap().to_owned();
    // The least data: no file id, no contact before accepting.
    assert_eq!(lea_referral["youth"]["id"], Value::Null);
    assert_eq!(lea_referral["youth"]["phone"], Value::Null);
    assert_eq!(
        lea_referral["next"],
        json!(["liste_attente", "acceptee", "refusee"])
    );
    // Reading is audited against the young person's file.
    let audit = app.token(Role::Direction, true).await;
    let log = json_of(
        app.get(
            &format!("/api/v1/audit-events?youth_id={lea_id}&per_page=100"),
            &audit,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        log.to_string().contains("Consultation des orientations"),
        "{log}"
    );

    // A refusal needs its reason; accepting works and opens the contact.
    let no_reason = app
        .post(
            &format!("/api/v1/referrals/{id}/status"),
            Some(&partner),
            json!({"status": "refusee"}),
        )
        .await;
    let body = assert_error(
        no_reason,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["fields"][0]["field"], "reason");
    let accepted = json_of(
        app.post(
            &format!("/api/v1/referrals/{id}/status"),
            Some(&partner),
            json!({"status": "acceptee", "comment": "Entretien le 2 décembre."}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(accepted["status"], "acceptee");
    assert!(accepted["youth"]["phone"].is_string());
    let steps = accepted["steps"].as_array().unwrap();
    assert_eq!(steps.last().unwrap()["side"], "partenaire");
    assert_eq!(steps.last().unwrap()["by_name"], "Julien Roussel");
    // The young person sees it in the app, and may not accept for the partner.
    let mine = json_of(app.get("/api/v1/referrals", &lea).await, StatusCode::OK).await;
    let mine = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(mine["status"], "acceptee");
    assert_eq!(mine["next"], json!(["abandonnee"]));
    assert_error(
        app.post(
            &format!("/api/v1/referrals/{id}/status"),
            Some(&lea),
            json!({"status": "en_cours"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    // Another Mission Locale's partner sees none of it.
    let their_partner = app.token(Role::Partenaire, false).await;
    assert_error(
        app.get(&format!("/api/v1/referrals/{id}"), &their_partner)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Messages and documents between the partner and the counsellor.
    json_of(
        app.post(
            &format!("/api/v1/referrals/{id}/messages"),
            Some(&partner),
            json!({"body": "Pouvez-vous confirmer sa disponibilité ?"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let pdf = b"%PDF-1.4 planning".to_vec();
    let uploaded = json_of(
        app.request(
            Method::POST,
            &format!("/api/v1/referrals/{id}/documents?name=planning.pdf"),
            Some(&partner),
        )
        .header("Content-Type", "application/pdf")
        .body(pdf.clone())
        .send()
        .await
        .unwrap(),
        StatusCode::CREATED,
    )
    .await;
    let wrong_type = app
        .request(
            Method::POST,
            &format!("/api/v1/referrals/{id}/documents?name=x.exe"),
            Some(&partner),
        )
        .header("Content-Type", "application/x-msdownload")
        .body(vec![1, 2, 3])
        .send()
        .await
        .unwrap();
    assert_error(
        wrong_type,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let thread = json_of(
        app.get(&format!("/api/v1/referrals/{id}/messages"), &counsellor)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(thread.as_array().unwrap().len(), 2);
    assert_eq!(thread[1]["document"]["name"], "planning.pdf");
    let message = uploaded["id"].as_str().unwrap();
    let download = app
        .get(
            &format!("/api/v1/referrals/{id}/messages/{message}/document"),
            &counsellor,
        )
        .await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.bytes().await.unwrap().to_vec(), pdf);
    // Documents up to 5 MB pass (beyond the JSON body limit); larger ones are refused.
    let mut big = b"%PDF-1.4 ".to_vec();
    big.resize(1_000_000, b'x');
    json_of(
        app.request(
            Method::POST,
            &format!("/api/v1/referrals/{id}/documents?name=cv.pdf"),
            Some(&partner),
        )
        .header("Content-Type", "application/pdf")
        .body(big)
        .send()
        .await
        .unwrap(),
        StatusCode::CREATED,
    )
    .await;
    let too_big = app
        .request(
            Method::POST,
            &format!("/api/v1/referrals/{id}/documents?name=x.pdf"),
            Some(&partner),
        )
        .header("Content-Type", "application/pdf")
        .body(vec![b'x'; 5 * 1024 * 1024 + 1])
        .send()
        .await
        .unwrap();
    assert_error(too_big, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    assert_error(
        app.get(&format!("/api/v1/referrals/{id}/messages"), &lea)
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn the_young_person_applies_and_withdraws() {
    let app = spawn_app().await;
    let lea = app.token(Role::Jeune, true).await;
    let counsellor = app.token(Role::Conseiller, true).await;
    let foyer = offer_id(&app, &lea, "Foyer de jeunes travailleurs").await;
    let applied = json_of(
        app.post("/api/v1/referrals", Some(&lea), json!({"offer_id": foyer, "youth_id": app.ours.youths[1].0, "note": "Je commence un CDD."})).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(applied["status"], "proposee", "the counsellor sends it");
    assert_eq!(applied["youth"]["first_name"], "Léa", "for themselves only");
    let id = applied["id"].as_str().unwrap();
    let sent = json_of(
        app.post(
            &format!("/api/v1/referrals/{id}/status"),
            Some(&counsellor),
            json!({"status": "envoyee"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(sent["status"], "envoyee");
    let withdrawn = json_of(
        app.post(
            &format!("/api/v1/referrals/{id}/status"),
            Some(&lea),
            json!({"status": "abandonnee", "comment": "J'ai trouvé un logement."}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(withdrawn["next"], json!([]));
}

#[tokio::test]
async fn addresses_are_located_and_the_map_lists_what_is_around() {
    let ban = FakeBan::start().await;
    let url = ban.url.clone();
    let app = spawn_app_with(|s| {
        s.geocoder.provider = api::config::GeocoderProvider::Ban;
        s.geocoder.url = url;
        s.geocoder.timeout_ms = 500;
        s.geocoder.pause_after_failure_ms = 0;
        s.jobs.enabled = false;
    })
    .await;
    let counsellor = app.token(Role::Conseiller, true).await;
    let mut offer = service("Atelier mobilité");
    offer["address"] =
        json!({"line": "1 place de la Gare", "postcode": "59200", "commune": "59599"});
    let created = json_of(
        app.post("/api/v1/offers", Some(&counsellor), offer.clone())
            .await,
        StatusCode::CREATED,
    )
    .await;
    let point = &created["address"]["point"];
    assert!(
        (point["lat"].as_f64().unwrap() - 50.7239).abs() < 1e-6,
        "{created}"
    );

    // The service is down: the offer is saved without its point, and located later.
    ban.set_mode(Mode::Down);
    offer["title"] = json!("Atelier budget");
    offer["address"] = json!({"line": "2 rue Neuve", "postcode": "62000", "commune": "62041"});
    let saved = json_of(
        app.post("/api/v1/offers", Some(&counsellor), offer.clone())
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(saved["address"]["point"], Value::Null);
    ban.set_mode(Mode::Normal);
    let settings = &app.state.settings;
    let worker = api::jobs::JobWorker::new(
        app.state.db.clone(),
        api::mail::Mailer::from_settings(&settings.mail, &settings.outbox_dir()).unwrap(),
        settings.mail.from.clone(),
        StdDuration::from_millis(100),
        Arc::new(tokio::sync::Notify::new()),
        settings.files.clone(),
    )
    .with_geocoder(app.state.geocoder.clone());
    assert!(worker.drain().await >= 1);
    let id = saved["summary"]["id"].as_str().unwrap();
    let located = json_of(
        app.get(&format!("/api/v1/offers/{id}"), &counsellor).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        (located["address"]["point"]["lat"].as_f64().unwrap() - 50.2910).abs() < 1e-6,
        "{located}"
    );

    // A slow service: the save still answers, without a point.
    ban.set_mode(Mode::Slow(StdDuration::from_secs(3)));
    offer["title"] = json!("Atelier logement");
    offer["address"] = json!({"line": "3 rue Haute", "postcode": "75001", "commune": "75056"});
    let slow = json_of(
        app.post("/api/v1/offers", Some(&counsellor), offer).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(slow["address"]["point"], Value::Null);
    ban.set_mode(Mode::Normal);

    // The map around Léa's home: nearest first, with the partner and the offers nearby.
    let lea = app.ours.youths[0].0;
    let map = json_of(
        app.get(
            &format!("/api/v1/map?youth_id={lea}&radius_km=15"),
            &counsellor,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let points = map["points"].as_array().unwrap();
    let distances: Vec<f64> = points
        .iter()
        .map(|p| p["distance_km"].as_f64().unwrap())
        .collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]));
    assert!(distances.iter().all(|d| *d <= 15.0));
    assert!(
        points
            .iter()
            .any(|p| p["layer"] == "partenaire" && p["name"] == "Transports Flandres Mobilité")
    );
    assert!(points.iter().any(|p| p["name"] == "Atelier mobilité"));
    assert!(
        !points.iter().any(|p| p["name"] == "Atelier budget"),
        "Arras is farther than 15 km"
    );
    assert_eq!(map["tile_url"], Value::Null, "no tile server configured");
    assert!(map["reach_km"].as_f64().is_some());
    // Around the partner: it comes first, at no distance, and names the centre.
    let partner = app.ours.partner_id;
    let around = json_of(
        app.get(
            &format!("/api/v1/map?partner_id={partner}&radius_km=10"),
            &counsellor,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(around["center_label"], "Transports Flandres Mobilité");
    assert_eq!(around["reach_km"], Value::Null);
    let first = &around["points"][0];
    assert_eq!(first["name"], "Transports Flandres Mobilité", "{around}");
    assert!(first["distance_km"].as_f64().unwrap() < 0.01);
    // Another Mission Locale's partner: not found.
    let theirs = app.theirs.partner_id;
    let elsewhere = app
        .get(&format!("/api/v1/map?partner_id={theirs}"), &counsellor)
        .await;
    assert_error(elsewhere, StatusCode::NOT_FOUND, "not_found").await;
    // A young person may not open a partner's record, nor centre a map on it; a partner's user
    // only on their own organisation.
    let youth = app.token(Role::Jeune, true).await;
    let refused = app
        .get(&format!("/api/v1/map?partner_id={partner}"), &youth)
        .await;
    assert_error(refused, StatusCode::FORBIDDEN, "forbidden").await;
    let partner_user = app.token(Role::Partenaire, true).await;
    json_of(
        app.get(&format!("/api/v1/map?partner_id={partner}"), &partner_user)
            .await,
        StatusCode::OK,
    )
    .await;
    let created = json_of(
        app.post(
            "/api/v1/partners",
            Some(&counsellor),
            json!({"name": "Garage solidaire", "kind": "association"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let another = app
        .get(
            &format!("/api/v1/map?partner_id={}", created["id"].as_str().unwrap()),
            &partner_user,
        )
        .await;
    assert_error(another, StatusCode::NOT_FOUND, "not_found").await;
    // A partner without an address: said in French, on the field.
    let unlocated = json_of(
        app.post(
            "/api/v1/partners",
            Some(&counsellor),
            json!({"name": "Association sans adresse", "kind": "association"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let unlocated = app
        .get(
            &format!(
                "/api/v1/map?partner_id={}",
                unlocated["id"].as_str().unwrap()
            ),
            &counsellor,
        )
        .await;
    assert_refused_on(unlocated, "partner_id", "pas encore localisée").await;
    // Around nothing: a clear message.
    let nowhere = app.get("/api/v1/map", &counsellor).await;
    assert_error(
        nowhere,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn a_partner_event_takes_the_young_peoples_registrations() {
    let app = spawn_app().await;
    let partner = app.token(Role::Partenaire, true).await;
    let lea = app.token(Role::Jeune, true).await;
    let own = app.ours.partner_id;
    let starts = chrono::DurationRound::duration_trunc(
        chrono::Utc::now() + chrono::Duration::days(10),
        chrono::Duration::hours(1),
    )
    .unwrap();
    let created = json_of(
        app.post(
            &format!("/api/v1/partners/{own}/events"),
            Some(&partner),
            json!({"title": "Visite de l'entrepôt", "description": "Découverte des métiers du quai.",
                   "starts_at": starts, "ends_at": starts + chrono::Duration::hours(2), "capacity": 8}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let id = created["id"].as_str().unwrap();
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
    let events = json_of(
        app.get(&format!("/api/v1/partners/{own}/events"), &partner)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(events[0]["title"], "Visite de l'entrepôt");
    assert_eq!(events[0]["registered"], 1);
    // Another Mission Locale's partner cannot organise on this partner's behalf.
    let theirs = app.token(Role::Partenaire, false).await;
    let response = app
        .post(
            &format!("/api/v1/partners/{own}/events"),
            Some(&theirs),
            json!({"title": "x"}),
        )
        .await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
}
