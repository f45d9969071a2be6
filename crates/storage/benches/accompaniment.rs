//! Benchmark of the accompaniment pages (issue 4, not run by CI): a database of 1 million files
//! in 20 Missions Locales, of which `--followed` (5,000 by default) carry two years of history
//! each — 24 diagnostic revisions, 40 objectives, 150 actions with comments, an ended CEJ and a
//! running one, about 520 CEJ activities, 50 interviews —, then times, for random followed
//! files, the storage calls behind the synthesis page, the CEJ hours view (8 weeks) and the
//! plan's week view (6 weeks), each with its audit entry and commit, as the API runs them.
//!
//! `cargo bench -p storage --bench accompaniment -- [--files 1000000] [--followed 5000]
//! [--url postgres://…] [--db FILE] [--queries 1000]`. A database already loaded (`--db` keeps
//! the SQLite file) is measured again without loading.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    reason = "a benchmark program"
)]

mod support;

use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveTime, Utc};
use domain::accompaniment::{
    ActionCarrier, ActionStatus, ActivityStatus, ContractStatus, DiagnosticContent,
    ObjectiveStatus, Qualification, Scheme, Theme, ThemeAssessment, UrgencyLevel, monday_of,
    paris_date, paris_instant, week_of,
};
use domain::dto::YouthFileStatus;
use domain::{Actor, Role, Scope, StructureId, YouthId};
use rand::{Rng, SeedableRng};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use storage::audit::AuditContext;
use storage::entities::{
    account, cej_activity, contract, diagnostic_revision, interview, plan_action,
    plan_action_comment, plan_objective, structure, youth,
};
use storage::{Db, DbOptions};
use uuid::Uuid;

use support::{arg, insert_all, report};

const STRUCTURES: u128 = 20;

fn structure_id(s: u128) -> Uuid {
    Uuid::from_u128(1 + s)
}

fn youth_id(n: u128) -> Uuid {
    Uuid::from_u128((1 << 120) + n)
}

fn counsellor_id(s: u128) -> Uuid {
    Uuid::from_u128((1 << 100) + s)
}

fn content(rng: &mut impl Rng, revision: usize) -> DiagnosticContent {
    DiagnosticContent {
        themes: Theme::ALL
            .iter()
            .take(3 + revision % 5)
            .map(|t| ThemeAssessment {
                theme: Some(*t),
                situation: format!(
                    "Situation {revision} : {}",
                    "texte ".repeat(rng.gen_range(5..40))
                ),
                obstacles: "Freins identifiés lors de l'entretien.".to_owned(),
                urgency: [
                    UrgencyLevel::Aucune,
                    UrgencyLevel::ASurveiller,
                    UrgencyLevel::Urgente,
                ][rng.gen_range(0..3)],
                ..ThemeAssessment::default()
            })
            .collect(),
        savoir_etre: vec!["Ponctuel".to_owned(), "Curieux".to_owned()],
        ..DiagnosticContent::default()
    }
}

/// Two years of accompaniment for one file.
async fn history(db: &Db, rng: &mut impl Rng, id: Uuid, s: u128) {
    let now = Utc::now();
    let today = paris_date(now);
    let start = today - Days::days(730);
    let mut revisions = Vec::new();
    for r in 0..24 {
        revisions.push(diagnostic_revision::ActiveModel {
            id: Set(Uuid::new_v4()),
            youth_id: Set(id),
            number: Set(r + 1),
            content: Set(serde_json::to_value(content(rng, r as usize)).unwrap()),
            comment: Set("Mise à jour".to_owned()),
            author_id: Set(Some(counsellor_id(s))),
            author_name: Set("Conseiller Bench".to_owned()),
            created_at: Set(now - Days::days(730 - i64::from(r) * 30)),
        });
    }
    insert_all(db, revisions, 50).await;
    let old_cej = Uuid::new_v4();
    let cej = Uuid::new_v4();
    let mut contracts = Vec::new();
    for (cid, from, end, status) in [
        (
            old_cej,
            start,
            Some(start + Days::days(364)),
            ContractStatus::Termine,
        ),
        (cej, today - Days::days(200), None, ContractStatus::EnCours),
    ] {
        contracts.push(contract::ActiveModel {
            id: Set(cid),
            youth_id: Set(id),
            scheme: Set(Scheme::Cej.code().to_owned()),
            status: Set(status.code().to_owned()),
            started_on: Set(from),
            planned_end: Set(from + Days::days(364)),
            max_end: Set(from + Days::days(546)),
            ended_on: Set(end),
            exit_reason: Set(end.map(|_| "sans_solution".to_owned())),
            exit_comment: Set(None),
            eligibility: Set(serde_json::json!([])),
            override_reason: Set(None),
            override_by_name: Set(None),
            override_at: Set(None),
            created_by_name: Set("Conseiller Bench".to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
        });
    }
    insert_all(db, contracts, 10).await;
    let mut objectives = Vec::new();
    let mut objective_ids = Vec::new();
    for o in 0..40 {
        let oid = Uuid::new_v4();
        objective_ids.push(oid);
        objectives.push(plan_objective::ActiveModel {
            id: Set(oid),
            youth_id: Set(id),
            theme: Set(Theme::ALL[o % 7].code().to_owned()),
            title: Set(format!("Objectif {o}")),
            start_on: Set(start + Days::days(o as i64 * 18)),
            deadline: Set(Some(start + Days::days(o as i64 * 18 + 90))),
            status: Set(if o < 30 {
                ObjectiveStatus::Atteint
            } else {
                ObjectiveStatus::EnCours
            }
            .code()
            .to_owned()),
            contract_id: Set(Some(if o < 20 { old_cej } else { cej })),
            created_at: Set(now),
            updated_at: Set(now),
        });
    }
    insert_all(db, objectives, 50).await;
    let mut actions = Vec::new();
    let mut comments = Vec::new();
    for a in 0..150i64 {
        let aid = Uuid::new_v4();
        let due = start + Days::days(a * 5);
        let done = due < today - Days::days(14);
        actions.push(plan_action::ActiveModel {
            id: Set(aid),
            youth_id: Set(id),
            objective_id: Set(Some(objective_ids[(a as usize) % 40])),
            contract_id: Set(Some(if due < start + Days::days(365) {
                old_cej
            } else {
                cej
            })),
            theme: Set(Some(Theme::ALL[(a as usize) % 7].code().to_owned())),
            title: Set(format!("Action {a}")),
            details: Set("Détail de l'action".to_owned()),
            carrier: Set([
                ActionCarrier::Jeune,
                ActionCarrier::Conseiller,
                ActionCarrier::Partenaire,
            ][(a as usize) % 3]
                .code()
                .to_owned()),
            partner_name: Set(((a % 3) == 2).then(|| "Partenaire".to_owned())),
            start_on: Set(due - Days::days(10)),
            due_on: Set(Some(due)),
            status: Set(if done {
                ActionStatus::Fait
            } else {
                ActionStatus::AFaire
            }
            .code()
            .to_owned()),
            done_by_youth_at: Set(None),
            validated_by_name: Set(done.then(|| "Conseiller Bench".to_owned())),
            validated_at: Set(done.then_some(now)),
            created_at: Set(now),
            updated_at: Set(now),
        });
        if a % 2 == 0 {
            comments.push(plan_action_comment::ActiveModel {
                id: Set(Uuid::new_v4()),
                action_id: Set(aid),
                author_id: Set(None),
                author_name: Set("Conseiller Bench".to_owned()),
                origin: Set("mission_locale".to_owned()),
                body: Set("Point fait en entretien.".to_owned()),
                created_at: Set(now),
            });
        }
    }
    insert_all(db, actions, 100).await;
    insert_all(db, comments, 200).await;
    let mut activities = Vec::new();
    let mut day = start;
    while day < today {
        if rng.gen_bool(0.72) {
            let at = paris_instant(
                day,
                NaiveTime::from_hms_opt(rng.gen_range(8..18), 0, 0).unwrap(),
            );
            activities.push(cej_activity::ActiveModel {
                id: Set(Uuid::new_v4()),
                youth_id: Set(id),
                contract_id: Set(if day < start + Days::days(365) {
                    old_cej
                } else {
                    cej
                }),
                qualification: Set(Qualification::ALL[rng.gen_range(0..7)].code().to_owned()),
                label: Set("Activité".to_owned()),
                occurred_at: Set(at),
                paris_date: Set(day),
                week_start: Set(week_of(at)),
                minutes: Set(rng.gen_range(60..300)),
                status: Set(ActivityStatus::Validee.code().to_owned()),
                origin: Set("jeune".to_owned()),
                declared_by_name: Set("Jeune Bench".to_owned()),
                reviewed_by_name: Set(Some("Conseiller Bench".to_owned())),
                reviewed_at: Set(Some(now)),
                comment: Set(String::new()),
                created_at: Set(now),
            });
        }
        day += Days::days(1);
    }
    insert_all(db, activities, 200).await;
    let interviews = (0..50)
        .map(|i| interview::ActiveModel {
            id: Set(Uuid::new_v4()),
            youth_id: Set(id),
            occurred_at: Set(now - Days::days(730 - i * 14)),
            channel: Set("presentiel".to_owned()),
            kind: Set("suivi".to_owned()),
            counsellor_id: Set(Some(counsellor_id(s))),
            summary: Set("Compte rendu d'entretien. ".repeat(8)),
            themes: Set(serde_json::json!(["emploi"])),
            created_at: Set(now),
        })
        .collect();
    insert_all(db, interviews, 50).await;
}

#[tokio::main]
async fn main() {
    let files: u128 = arg("--files").map_or(1_000_000, |n| n.parse().expect("--files N"));
    let followed: u128 = arg("--followed").map_or(5_000, |n| n.parse().expect("--followed N"));
    let queries: usize = arg("--queries").map_or(1_000, |n| n.parse().expect("--queries N"));
    let data = tempfile::tempdir().unwrap();
    let file = arg("--db").map_or_else(|| data.path().join("bench.db"), std::path::PathBuf::from);
    let url = arg("--url").unwrap_or_else(|| format!("sqlite://{}?mode=rwc", file.display()));
    let engine = if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let db = Db::connect(&DbOptions {
        url,
        max_connections: 4,
        acquire_timeout: Duration::from_secs(30),
    })
    .await
    .unwrap();
    db.migrate().await.unwrap();
    let now = storage::now();
    let today = paris_date(Utc::now());
    println!("## {engine}: {files} files, {followed} with two years of accompaniment\n");

    let loaded = structure::Entity::find_by_id(structure_id(0))
        .one(db.conn())
        .await
        .unwrap()
        .is_some();
    if !loaded {
        let started = Instant::now();
        for s in 0..STRUCTURES {
            structure::ActiveModel {
                id: Set(structure_id(s)),
                code: Set(format!("ML-BENCH-{s}")),
                name: Set(format!("Mission Locale {s}")),
                email: Set(None),
                phone: Set(None),
                youth_editable: Set(None),
                hour_defaults: Set(None),
                agenda_settings: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(db.conn())
            .await
            .unwrap();
            account::ActiveModel {
                id: Set(counsellor_id(s)),
                email: Set(format!("conseiller@ml{s}.bench")),
                password_hash: Set(None),
                role: Set("conseiller".to_owned()),
                structure_id: Set(structure_id(s)),
                youth_id: Set(None),
                partner_id: Set(None),
                first_name: Set("Conseiller".to_owned()),
                last_name: Set("Bench".to_owned()),
                is_active: Set(true),
                created_at: Set(now),
                updated_at: Set(now),
                last_login_at: Set(None),
                password_changed_at: Set(None),
            }
            .insert(db.conn())
            .await
            .unwrap();
        }
        for chunk_start in (0..files).step_by(5_000) {
            let rows: Vec<youth::ActiveModel> = (chunk_start..(chunk_start + 5_000).min(files))
                .map(|n| youth::ActiveModel {
                    id: Set(youth_id(n)),
                    structure_id: Set(structure_id(n % STRUCTURES)),
                    counsellor_id: Set(Some(counsellor_id(n % STRUCTURES))),
                    first_name: Set(format!("Prénom{n}")),
                    last_name: Set(format!("Nom{n}")),
                    birth_date: Set(today - Days::days(7_000 + (n % 2_500) as i64)),
                    email: Set(None),
                    phone: Set(None),
                    created_by: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                    data: Set(serde_json::json!({"birth_name": format!("Nom{n}"), "first_names": format!("Prénom{n}")})),
                    version: Set(1),
                    status: Set(YouthFileStatus::Active.code().to_owned()),
                    merged_into: Set(None),
                    sort_key: Set(format!("nom{n} prenom{n}")),
                    postcode: Set(None),
                    commune: Set(None),
                    situation: Set(None),
                    education_level: Set(None),
                    last_contact_on: Set(Some(today)),
                    follow_up_intensity: Set(None),
                    missing_count: Set(0),
                    blocking_count: Set(0),
                    anonymised_at: Set(None),
                })
                .collect();
            insert_all(&db, rows, 200).await;
        }
        println!("files loaded in {:.0} s", started.elapsed().as_secs_f64());
        let started = Instant::now();
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for f in 0..followed {
            // Spread the followed files over the whole table.
            let n = f * (files / followed.max(1));
            history(&db, &mut rng, youth_id(n), n % STRUCTURES).await;
        }
        println!(
            "histories loaded in {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }

    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    let mut synthesis = Vec::new();
    let mut hours = Vec::new();
    let mut weeks = Vec::new();
    let mut plan = Vec::new();
    for _ in 0..queries {
        let n = rng.gen_range(0..followed) * (files / followed.max(1));
        let s = n % STRUCTURES;
        let actor = Actor {
            account_id: domain::AccountId(counsellor_id(s)),
            role: Role::Conseiller,
            structure_id: StructureId(structure_id(s)),
            youth_id: None,
            partner_id: None,
        };
        let ctx = AuditContext::of(actor, None);
        let scope = Scope::Structure(StructureId(structure_id(s)));
        let id = YouthId(youth_id(n));
        let t = Instant::now();
        let out = storage::accompaniment::synthesis::synthesis(&db, &ctx, &scope, id, today)
            .await
            .unwrap();
        synthesis.push(t.elapsed());
        assert!(out.current_week.is_some() && out.diagnostic_revision == Some(24));
        let t = Instant::now();
        let view = storage::accompaniment::hours::view(&db, &ctx, &scope, id, today, 8)
            .await
            .unwrap();
        hours.push(t.elapsed());
        assert_eq!(view.weeks.len(), 8);
        let t = Instant::now();
        let w =
            storage::accompaniment::plan::weeks(&db, &ctx, &scope, id, monday_of(today), 6, today)
                .await
                .unwrap();
        weeks.push(t.elapsed());
        assert_eq!(w.weeks.len(), 6);
        let t = Instant::now();
        let p = storage::accompaniment::plan::plan(&db, &ctx, &scope, id)
            .await
            .unwrap();
        plan.push(t.elapsed());
        assert_eq!(p.actions.len(), 150);
    }
    println!("| page (storage call, audited) | calls | p50 | p99 | max |");
    println!("| --- | --- | --- | --- | --- |");
    report("synthesis", &mut synthesis);
    report("CEJ hours, 8 weeks", &mut hours);
    report("plan, week view (6 weeks)", &mut weeks);
    report("plan, whole (150 actions)", &mut plan);
}
