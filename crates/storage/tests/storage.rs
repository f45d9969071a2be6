//! Storage tests on real migrations: SQLite by default, PostgreSQL when
//! `PASSERELLE_TEST_PG_URL` points at a server.

#![expect(clippy::unwrap_used, reason = "test code fails loudly on purpose")]

use std::time::Duration as StdDuration;

use chrono::Duration;
use migration::MigratorTrait as _;
use sea_orm::{
    ActiveModelTrait as _, ConnectionTrait as _, EntityTrait as _, IntoActiveModel as _, Set,
};
use storage::jobs::{self, NewJob, status};
use storage::{Db, DbOptions};

struct TestDb {
    db: Db,
    _dir: tempfile::TempDir,
}

async fn fresh_db() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = match std::env::var("PASSERELLE_TEST_PG_URL") {
        Ok(server) => {
            let server = server.trim_end_matches('/').to_owned();
            let name = format!("s_{}", uuid::Uuid::new_v4().simple());
            let admin = sea_orm::Database::connect(format!("{server}/postgres"))
                .await
                .unwrap();
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .unwrap();
            format!("{server}/{name}")
        }
        Err(_) => format!("sqlite://{}?mode=rwc", dir.path().join("s.db").display()),
    };
    let db = Db::connect(&DbOptions {
        url,
        max_connections: 4,
        acquire_timeout: StdDuration::from_secs(5),
    })
    .await
    .unwrap();
    db.migrate().await.unwrap();
    TestDb { db, _dir: dir }
}

fn job(n: u32) -> NewJob {
    NewJob {
        kind: "test".into(),
        payload: serde_json::json!({"n": n, "secret": "link-token"}),
        run_at: storage::now() - Duration::seconds(1),
        max_attempts: 2,
    }
}

#[tokio::test]
async fn migrations_go_down_and_up_again() {
    let t = fresh_db().await;
    migration::Migrator::down(t.db.conn(), None).await.unwrap();
    migration::Migrator::up(t.db.conn(), None).await.unwrap();
    assert!(storage::demo::is_empty(t.db.conn()).await.unwrap());
}

#[tokio::test]
async fn a_claimed_job_is_not_claimed_twice_until_its_lease_ends() {
    let t = fresh_db().await;
    let id = jobs::enqueue(t.db.conn(), job(1)).await.unwrap();
    let first = jobs::claim(&t.db, "worker-a", 10, Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].id, id);
    assert_eq!(first[0].attempt, 1);
    assert_eq!(first[0].payload["n"], 1);
    assert!(
        jobs::claim(&t.db, "worker-b", 10, Duration::minutes(5))
            .await
            .unwrap()
            .is_empty()
    );

    // A worker that died: once the lease is over, another one takes the job.
    let t2 = fresh_db().await;
    jobs::enqueue(t2.db.conn(), job(2)).await.unwrap();
    let lost = jobs::claim(&t2.db, "crashed", 10, Duration::seconds(-1))
        .await
        .unwrap();
    assert_eq!(lost.len(), 1);
    let retaken = jobs::claim(&t2.db, "survivor", 10, Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(retaken.len(), 1);
    assert_eq!(retaken[0].attempt, 2);
}

#[tokio::test]
async fn future_jobs_wait_and_completed_jobs_drop_their_payload() {
    use storage::entities::job as entity;
    let t = fresh_db().await;
    let mut later = job(3);
    later.run_at = storage::now() + Duration::hours(1);
    jobs::enqueue(t.db.conn(), later).await.unwrap();
    let now_id = jobs::enqueue(t.db.conn(), job(4)).await.unwrap();
    let claimed = jobs::claim(&t.db, "w", 10, Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(claimed.iter().map(|j| j.id).collect::<Vec<_>>(), [now_id]);
    jobs::complete(&t.db, now_id).await.unwrap();
    let done = entity::Entity::find_by_id(now_id)
        .one(t.db.conn())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.status, status::DONE);
    assert_eq!(done.payload, "{}");
    assert!(done.completed_at.is_some());
}

#[tokio::test]
async fn failures_are_retried_then_given_up() {
    let t = fresh_db().await;
    jobs::enqueue(t.db.conn(), job(5)).await.unwrap();
    let first = jobs::claim(&t.db, "w", 1, Duration::minutes(5))
        .await
        .unwrap()
        .remove(0);
    jobs::fail(
        &t.db,
        &first,
        "smtp down",
        storage::now() - Duration::seconds(1),
    )
    .await
    .unwrap();
    assert_eq!(
        jobs::count(t.db.conn(), "test", status::PENDING)
            .await
            .unwrap(),
        1
    );
    let second = jobs::claim(&t.db, "w", 1, Duration::minutes(5))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(second.attempt, 2);
    jobs::fail(&t.db, &second, "smtp still down", storage::now())
        .await
        .unwrap();
    assert_eq!(
        jobs::count(t.db.conn(), "test", status::FAILED)
            .await
            .unwrap(),
        1
    );
    assert!(
        jobs::claim(&t.db, "w", 1, Duration::minutes(5))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn concurrent_workers_share_the_queue_without_doubles() {
    let t = fresh_db().await;
    for n in 0..40 {
        jobs::enqueue(t.db.conn(), job(n)).await.unwrap();
    }
    let mut handles = Vec::new();
    for w in 0..4 {
        let db = t.db.clone();
        handles.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let batch = jobs::claim(&db, &format!("w{w}"), 3, Duration::minutes(5))
                    .await
                    .unwrap();
                if batch.is_empty() {
                    return mine;
                }
                for job in batch {
                    jobs::complete(&db, job.id).await.unwrap();
                    mine.push(job.id);
                }
            }
        }));
    }
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.await.unwrap());
    }
    let unique: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!(all.len(), 40, "every job ran");
    assert_eq!(unique.len(), 40, "no job ran twice");
}

#[tokio::test]
async fn seeding_is_idempotent() {
    let t = fresh_db().await;
    let first = storage::demo::seed(&t.db, &storage::demo::DEMO, "$argon2id$fake")
        .await
        .unwrap();
    assert!(first.is_some());
    let second = storage::demo::seed(&t.db, &storage::demo::DEMO, "$argon2id$fake")
        .await
        .unwrap();
    assert!(second.is_none());
    assert_eq!(
        storage::youths::count_in(t.db.conn(), first.unwrap().structure_id)
            .await
            .unwrap(),
        3
    );
}

#[tokio::test]
async fn one_account_per_e_mail_and_per_file() {
    use storage::entities::account;
    let t = fresh_db().await;
    let seeded = storage::demo::seed(&t.db, &storage::demo::DEMO, "$argon2id$fake")
        .await
        .unwrap()
        .unwrap();
    let (_, lea_account) = seeded.youths[0];
    let (yanis, _) = seeded.youths[1];
    let model = account::Entity::find_by_id(lea_account.as_uuid())
        .one(t.db.conn())
        .await
        .unwrap()
        .unwrap();
    let mut twin = model.clone().into_active_model();
    twin.id = Set(uuid::Uuid::new_v4());
    twin.email = Set("autre@exemple.fr".into());
    let err = twin.insert(t.db.conn()).await.unwrap_err();
    assert!(
        matches!(
            err.sql_err(),
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
        ),
        "{err}"
    );
    let mut same_mail = model.into_active_model();
    same_mail.id = Set(uuid::Uuid::new_v4());
    same_mail.youth_id = Set(Some(yanis.as_uuid()));
    let err = same_mail.insert(t.db.conn()).await.unwrap_err();
    assert!(
        matches!(
            err.sql_err(),
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
        ),
        "{err}"
    );
}

/// On PostgreSQL the first pass of offers for a young person ranks the located offers in SQL
/// (`located_points_sql`); it must give each the points the domain gives, or the best offer
/// could be left out. SQLite has no trigonometry and scores them in Rust.
#[tokio::test]
async fn postgresql_scores_located_offers_as_the_domain_does() {
    use domain::accompaniment::Theme;
    use domain::offers::{GeoPoint, OfferSide, ROOM_POINTS, YouthSide, points};
    use rand::{Rng as _, SeedableRng as _};
    use storage::offers::{matching::located_points_sql, of_mask};

    let t = fresh_db().await;
    let conn = t.db.conn();
    if conn.get_database_backend() != sea_orm::DbBackend::Postgres {
        return;
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(6);
    let homes = [
        GeoPoint {
            lat: 50.694_213,
            lon: 3.174_6,
        },
        GeoPoint {
            lat: 43.296_482,
            lon: 5.369_78,
        },
        GeoPoint {
            lat: -20.882_057,
            lon: 55.450_675,
        },
    ];
    let all_themes = (1_i32 << Theme::ALL.len()) - 1;
    let mut compared = 0;
    for home in homes {
        for reach in [0.3, 1.0, 7.5, 10.0, 42.0] {
            for youth_mask in [0, 0b1, 0b110] {
                let youth = YouthSide {
                    home: Some(home),
                    reach_km: reach,
                    themes: of_mask(Theme::ALL, youth_mask),
                    ..YouthSide::default()
                };
                // Offers from the door to beyond twice the reach.
                let offers: Vec<(i32, GeoPoint)> = (0..200)
                    .map(|_| {
                        let spread = 2.5 * reach.max(1.0) / 111.0;
                        let point = GeoPoint {
                            lat: home.lat + rng.gen_range(-spread..spread),
                            lon: home.lon + rng.gen_range(-spread..spread) * 1.4,
                        };
                        (rng.gen_range(0..=all_themes), point)
                    })
                    .chain([(0, home)])
                    .collect();
                let rows: Vec<String> = offers
                    .iter()
                    .enumerate()
                    .map(|(i, (mask, p))| {
                        format!(
                            "({i}, {mask}, CAST('{:?}' AS double precision), CAST('{:?}' AS double precision))",
                            p.lat, p.lon
                        )
                    })
                    .collect();
                let sql = format!(
                    "SELECT i, {} AS p FROM (VALUES {}) AS t(i, \"themes_mask\", \"lat\", \"lon\") ORDER BY i",
                    located_points_sql(home, reach, youth_mask),
                    rows.join(", ")
                );
                let found = conn
                    .query_all_raw(sea_orm::Statement::from_string(
                        sea_orm::DbBackend::Postgres,
                        sql,
                    ))
                    .await
                    .unwrap();
                assert_eq!(found.len(), offers.len());
                for (row, (mask, place)) in found.iter().zip(&offers) {
                    let in_sql: i32 = row.try_get("", "p").unwrap();
                    let offer = OfferSide {
                        themes: of_mask(Theme::ALL, *mask),
                        place: Some(*place),
                        ..OfferSide::default()
                    };
                    let expected = points(&youth, &offer) - ROOM_POINTS;
                    assert_eq!(
                        u32::try_from(in_sql).unwrap(),
                        expected,
                        "home {home:?}, reach {reach}, youth {youth_mask:b}, offer {mask:b} at {place:?} ({:.4} km)",
                        home.distance_km(place)
                    );
                    compared += 1;
                }
            }
        }
    }
    assert_eq!(compared, 3 * 5 * 3 * 201);
}
