//! Benchmark of the agenda (issue 5, not run by CI): one site with `--counsellors` (50)
//! counsellors open Monday to Friday 9:00–12:00 and 13:30–17:00, each with a year of
//! appointments (six a working day, 46 weeks back and 6 ahead, with their cells), then:
//! - the free slots of the whole site for one week (what the reception's booking page asks),
//!   `--queries` times on random weeks of the coming six;
//! - 1,000 concurrent bookings of one slot by 1,000 young people: exactly one must win; the
//!   tries per second are printed.
//!
//! `cargo bench -p storage --bench agenda -- [--counsellors 50] [--queries 500]
//! [--url postgres://…]`.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    reason = "a benchmark program"
)]

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveTime, Utc};
use domain::accompaniment::{monday_of, paris_date, paris_instant};
use domain::agenda::{WeeklyOpening, cells};
use domain::dto::{NewBooking, YouthFileStatus};
use domain::{AccountId, Actor, Role, Scope, SiteId, StructureId, YouthId};
use rand::{Rng, SeedableRng};
use sea_orm::{ActiveModelTrait, Set};
use storage::agenda::booking::{SlotWindow, slots_of_hosts};
use storage::audit::AuditContext;
use storage::entities::{account, agenda_cell, agenda_event, availability, site, structure, youth};
use storage::{Db, DbOptions, StorageError};
use uuid::Uuid;

use support::{arg, insert_all, report};

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[tokio::main]
async fn main() {
    let counsellors: u128 =
        arg("--counsellors").map_or(50, |n| n.parse().expect("--counsellors N"));
    let queries: usize = arg("--queries").map_or(500, |n| n.parse().expect("--queries N"));
    let data = tempfile::tempdir().unwrap();
    let url = arg("--url").unwrap_or_else(|| {
        format!(
            "sqlite://{}?mode=rwc",
            data.path().join("agenda.db").display()
        )
    });
    let engine = if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let db = Db::connect(&DbOptions {
        url,
        max_connections: 8,
        acquire_timeout: Duration::from_secs(60),
    })
    .await
    .unwrap();
    db.migrate().await.unwrap();
    let now = storage::now();
    let today = paris_date(Utc::now());
    let structure_id = Uuid::new_v4();
    let site_id = Uuid::new_v4();
    structure::ActiveModel {
        id: Set(structure_id),
        code: Set(format!("ML-AGENDA-{}", structure_id.simple())),
        name: Set("Mission Locale agenda".to_owned()),
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
    site::ActiveModel {
        id: Set(site_id),
        structure_id: Set(structure_id),
        name: Set("Antenne".to_owned()),
        address: Set("1 rue de la Gare".to_owned()),
        postal_code: Set("75010".to_owned()),
        commune_insee: Set("75110".to_owned()),
        commune_name: Set("Paris".to_owned()),
        phone: Set(None),
        created_at: Set(now),
    }
    .insert(db.conn())
    .await
    .unwrap();
    let weekly: Vec<WeeklyOpening> = (1..=5)
        .flat_map(|weekday| {
            [(time(9, 0), time(12, 0)), (time(13, 30), time(17, 0))].map(|(start, end)| {
                WeeklyOpening {
                    weekday,
                    start,
                    end,
                    site_id: Some(SiteId(site_id)),
                }
            })
        })
        .collect();
    let hosts: Vec<account::Model> = (0..counsellors)
        .map(|c| account::Model {
            id: Uuid::new_v4(),
            email: format!("conseiller{c}@agenda.bench"),
            password_hash: None,
            role: "conseiller".to_owned(),
            structure_id,
            youth_id: None,
            partner_id: None,
            first_name: "Conseiller".to_owned(),
            last_name: format!("N{c}"),
            is_active: true,
            created_at: now,
            updated_at: now,
            last_login_at: None,
            password_changed_at: None,
        })
        .collect();
    insert_all(
        &db,
        hosts
            .iter()
            .cloned()
            .map(account::ActiveModel::from)
            .collect(),
        100,
    )
    .await;
    insert_all(
        &db,
        hosts
            .iter()
            .map(|h| availability::ActiveModel {
                account_id: Set(h.id),
                structure_id: Set(structure_id),
                weekly: Set(serde_json::to_value(&weekly).unwrap()),
                exceptions: Set(serde_json::json!([])),
                updated_at: Set(now),
            })
            .collect(),
        100,
    )
    .await;

    // A year of appointments: six 30-minute ones a working day for each counsellor.
    let started = Instant::now();
    let first_monday = monday_of(today) - Days::weeks(46);
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    let mut total = 0_usize;
    for host in &hosts {
        let mut events = Vec::new();
        let mut taken = Vec::new();
        for day in 0..(52 * 7) {
            let date = first_monday + Days::days(day);
            if day % 7 >= 5 {
                continue;
            }
            // Six of the thirteen half hours of the day, at random.
            let mut halves: Vec<u32> = (0..13).collect();
            for _ in 0..6 {
                let pick = halves.remove(rng.gen_range(0..halves.len()));
                let start = if pick < 6 {
                    time(9, 0) + Days::minutes(i64::from(pick) * 30)
                } else {
                    time(13, 30) + Days::minutes(i64::from(pick - 6) * 30)
                };
                let starts_at = paris_instant(date, start);
                let ends_at = starts_at + Days::minutes(30);
                let id = Uuid::new_v4();
                events.push(agenda_event::ActiveModel {
                    id: Set(id),
                    structure_id: Set(structure_id),
                    owner_id: Set(host.id),
                    kind: Set("rendez_vous_jeune".to_owned()),
                    starts_at: Set(starts_at),
                    ends_at: Set(ends_at),
                    title: Set("Entretien de suivi".to_owned()),
                    note: Set(String::new()),
                    site_id: Set(Some(site_id)),
                    youth_id: Set(None),
                    preregistration_id: Set(None),
                    partner_id: Set(None),
                    appointment_type_id: Set(None),
                    mode: Set(Some("sur_site".to_owned())),
                    status: Set("planifie".to_owned()),
                    booked_by_id: Set(None),
                    booked_by_youth: Set(true),
                    confirmed_at: Set(Some(now)),
                    cancelled_at: Set(None),
                    cancel_reason: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                });
                taken.extend(cells(starts_at, ends_at).into_iter().map(|cell| {
                    agenda_cell::ActiveModel {
                        owner_id: Set(host.id),
                        cell_start: Set(cell),
                        event_id: Set(id),
                    }
                }));
            }
        }
        total += events.len();
        insert_all(&db, events, 500).await;
        insert_all(&db, taken, 1000).await;
    }
    println!(
        "## {engine}: one site, {counsellors} counsellors, {total} appointments over a year\n"
    );
    println!("loaded in {:.0} s\n", started.elapsed().as_secs_f64());

    // Free slots of the whole site for a week.
    let mut samples = Vec::new();
    let mut found = 0;
    for _ in 0..queries {
        let monday = monday_of(today) + Days::weeks(rng.gen_range(1..6));
        let window = SlotWindow {
            from: monday,
            to: monday + Days::days(6),
            not_before: Utc::now(),
            not_after: Utc::now() + Days::days(60),
        };
        let t = Instant::now();
        let slots = slots_of_hosts(db.conn(), &hosts, 30, window, &[])
            .await
            .unwrap();
        samples.push(t.elapsed());
        found = slots.len();
    }
    println!("| measure | samples | p50 | p99 | max |\n| --- | ---: | ---: | ---: | ---: |");
    report(
        &format!("free slots of the site for a week ({found} distinct starts)"),
        &mut samples,
    );

    // 1,000 young people try the same slot at once.
    let host = hosts[0].id;
    let tries: u128 = 1000;
    let files: Vec<youth::ActiveModel> = (0..tries)
        .map(|n| youth::ActiveModel {
            id: Set(Uuid::from_u128((1 << 110) + n)),
            structure_id: Set(structure_id),
            counsellor_id: Set(Some(host)),
            first_name: Set(format!("Prénom{n}")),
            last_name: Set(format!("Nom{n}")),
            birth_date: Set(today - Days::days(7_000)),
            email: Set(None),
            phone: Set(None),
            created_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            data: Set(serde_json::json!({})),
            version: Set(1),
            status: Set(YouthFileStatus::Active.code().to_owned()),
            merged_into: Set(None),
            sort_key: Set(format!("nom{n}")),
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
    insert_all(&db, files, 200).await;
    let setup = storage::agenda::setup::setup(&db, StructureId(structure_id))
        .await
        .unwrap();
    let follow_up = setup
        .appointment_types
        .iter()
        .find(|t| !t.first_reception && t.youth_bookable)
        .map(|t| t.id);
    // A free half hour a week ahead.
    let window = SlotWindow {
        from: monday_of(today) + Days::weeks(1),
        to: monday_of(today) + Days::weeks(1) + Days::days(4),
        not_before: Utc::now(),
        not_after: Utc::now() + Days::days(60),
    };
    let free = slots_of_hosts(db.conn(), &hosts[..1], 30, window, &[])
        .await
        .unwrap();
    let start = free.first().expect("a free slot").1.starts_at;
    let staff = Actor {
        account_id: AccountId(host),
        role: Role::Conseiller,
        structure_id: StructureId(structure_id),
        youth_id: None,
        partner_id: None,
    };
    let db = Arc::new(db);
    let t = Instant::now();
    let attempts: Vec<_> = (0..tries)
        .map(|n| {
            let db = db.clone();
            tokio::spawn(async move {
                storage::agenda::booking::book(
                    &db,
                    &AuditContext::of(staff, None),
                    &Scope::Structure(StructureId(structure_id)),
                    &staff,
                    YouthId(Uuid::from_u128((1 << 110) + n)),
                    NewBooking {
                        appointment_type_id: follow_up,
                        starts_at: Some(start),
                        host_id: Some(AccountId(host)),
                        site_id: None,
                        note: String::new(),
                    },
                    Utc::now(),
                )
                .await
            })
        })
        .collect();
    let mut won = 0;
    let mut taken = 0;
    for attempt in attempts {
        match attempt.await.unwrap() {
            Ok(_) => won += 1,
            Err(StorageError::Conflict(_)) => taken += 1,
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    let elapsed = t.elapsed();
    println!(
        "\n{tries} concurrent tries on one slot: {won} booking, {taken} « créneau pris », in {:.2} s ({:.0} tries/s)",
        elapsed.as_secs_f64(),
        tries as f64 / elapsed.as_secs_f64()
    );
    assert_eq!((won, taken), (1, 999));
}
