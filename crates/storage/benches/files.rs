//! Benchmark of the young person's file at scale (not run by CI): loads a generated population
//! into a fresh database, then times the duplicate check and the portfolio page, and measures
//! the rate of correct and false matches on the same population, whose duplicates are known.
//!
//! `cargo bench -p storage --bench files -- [--people 1000000] [--url postgres://…] [--db FILE]`
//! (`cargo xtask bench-files` runs it on SQLite and on a throwaway PostgreSQL). Ids are
//! derived from the row numbers, so a database already loaded (`--db` keeps the SQLite file,
//! a PostgreSQL database stays) is measured again without loading it twice.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    reason = "a benchmark program"
)]

mod support;

#[path = "../../xtask/src/population.rs"]
#[allow(
    dead_code,
    unused_imports,
    reason = "shared with xtask: not every item is used here, and its tests do not run here"
)]
mod population;

use std::time::{Duration, Instant};

use chrono::Utc;
use domain::dto::{YouthFileStatus, YouthListQuery};
use domain::file::{
    Housing, NeedTheme, Sex, Situation, SituationCategory, SituationState, YouthFileData,
};
use domain::matching::{blocking_keys, search_text};
use domain::{AccountId, Scope, StructureId};
use rand::{Rng, SeedableRng};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use storage::entities::{account, structure, youth, youth_match_key};
use storage::{Db, DbOptions};
use uuid::Uuid;

use support::{arg, report};

const STRUCTURES: usize = 20;
const COUNSELLORS_PER_STRUCTURE: usize = 150;

fn file_of(identity: &domain::matching::Identity, n: usize) -> YouthFileData {
    YouthFileData {
        birth_name: identity.birth_name.clone(),
        usage_name: identity.usage_name.clone(),
        first_names: identity.first_names.clone(),
        birth_date: Some(identity.birth_date),
        sex: Some(if n.is_multiple_of(2) {
            Sex::Feminin
        } else {
            Sex::Masculin
        }),
        nationality: Some("FR".to_owned()),
        email: identity.email.clone(),
        mobile: identity.phone.clone(),
        postcode: Some("59100".to_owned()),
        commune: Some("59512".to_owned()),
        housing: Some(Housing::Parents),
        situations: vec![Situation {
            category: SituationCategory::ALL[n % SituationCategory::ALL.len()],
            state: SituationState::EnCours,
            start: None,
            end: None,
            detail: None,
        }],
        needs: vec![NeedTheme::Emploi],
        ..YouthFileData::default()
    }
}

#[tokio::main]
async fn main() {
    let people_count: usize = arg("--people").map_or(1_000_000, |n| n.parse().expect("--people N"));
    let queries: usize = arg("--queries").map_or(2_000, |n| n.parse().expect("--queries N"));
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
    let today = Utc::now().date_naive();

    println!("## {engine}, {people_count} files in {STRUCTURES} Missions Locales\n");
    let started = Instant::now();
    let people = population::generate(people_count, 0.05, 42);
    println!("generated in {:.1} s", started.elapsed().as_secs_f64());

    // Structures and counsellors.
    let now = storage::now();
    let mut structures = Vec::new();
    let mut counsellors: Vec<Vec<Uuid>> = Vec::new();
    let loaded = structure::Entity::find_by_id(Uuid::from_u128(1))
        .one(db.conn())
        .await
        .unwrap()
        .is_some();
    for s in 0..STRUCTURES {
        let id = Uuid::from_u128(1 + s as u128);
        let team: Vec<Uuid> = (0..COUNSELLORS_PER_STRUCTURE)
            .map(|c| Uuid::from_u128((1 << 100) + ((s as u128) << 32) + c as u128))
            .collect();
        structures.push(id);
        counsellors.push(team.clone());
        if loaded {
            continue;
        }
        structure::ActiveModel {
            id: Set(id),
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
        for (c, account_id) in team.iter().copied().enumerate() {
            account::ActiveModel {
                id: Set(account_id),
                email: Set(format!("c{c}@ml{s}.bench")),
                password_hash: Set(None),
                role: Set("conseiller".to_owned()),
                structure_id: Set(id),
                youth_id: Set(None),
                partner_id: Set(None),
                first_name: Set("Conseiller".to_owned()),
                last_name: Set(format!("{c}")),
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
    }

    // The files and their blocking keys, in batches.
    let started = Instant::now();
    let mut ids = Vec::with_capacity(people.len());
    let mut key_rows = 0usize;
    for (n, person) in people.iter().enumerate() {
        let s = person.duplicate_of.unwrap_or(n) % STRUCTURES;
        ids.push((Uuid::from_u128((1 << 120) + n as u128), s));
    }
    for (chunk_index, chunk) in people.chunks(2_000).enumerate() {
        if loaded {
            break;
        }
        let txn = db.begin_write().await.unwrap();
        let mut rows = Vec::with_capacity(chunk.len());
        let mut keys = Vec::new();
        for (offset, person) in chunk.iter().enumerate() {
            let n = chunk_index * 2_000 + offset;
            // A re-registration lands in the same Mission Locale as its original.
            let (id, s) = ids[n];
            let data = file_of(&person.identity, n);
            let last = data.display_last_name().to_owned();
            let data_json = serde_json::to_value(&data).unwrap();
            rows.push(youth::ActiveModel {
                id: Set(id),
                structure_id: Set(structures[s]),
                counsellor_id: Set(Some(counsellors[s][n % COUNSELLORS_PER_STRUCTURE])),
                first_name: Set(data.usual_first_name().to_owned()),
                last_name: Set(last.clone()),
                birth_date: Set(person.identity.birth_date),
                email: Set(data.email.clone()),
                phone: Set(data.mobile.clone()),
                created_by: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                data: Set(data_json),
                version: Set(1),
                status: Set(YouthFileStatus::Active.code().to_owned()),
                merged_into: Set(None),
                sort_key: Set(format!(
                    "{} {}",
                    search_text(&last),
                    search_text(&data.first_names)
                )),
                postcode: Set(data.postcode.clone()),
                commune: Set(data.commune.clone()),
                situation: Set(data
                    .current_situation()
                    .map(|s| s.category.code().to_owned())),
                education_level: Set(None),
                last_contact_on: Set(Some(today - chrono::Duration::days((n % 400) as i64))),
                follow_up_intensity: Set(None),
                missing_count: Set((n % 7) as i32),
                blocking_count: Set((n % 3) as i32),
                anonymised_at: Set(None),
            });
            let mut file_keys = blocking_keys(&person.identity);
            file_keys.extend(storage::youths::duplicates::word_keys(&data));
            for key in file_keys {
                keys.push(youth_match_key::ActiveModel {
                    key: Set(key),
                    structure_id: Set(structures[s]),
                    youth_id: Set(id),
                });
            }
        }
        key_rows += keys.len();
        for batch in rows.chunks(200) {
            youth::Entity::insert_many(batch.to_vec())
                .exec(&txn)
                .await
                .unwrap();
        }
        for batch in keys.chunks(1_000) {
            youth_match_key::Entity::insert_many(batch.to_vec())
                .exec(&txn)
                .await
                .unwrap();
        }
        txn.commit().await.unwrap();
    }
    if loaded {
        println!("database already loaded: measuring it again\n");
    } else {
        println!(
            "loaded {} files and {key_rows} blocking keys ({:.1} per file) in {:.0} s\n",
            ids.len(),
            key_rows as f64 / ids.len() as f64,
            started.elapsed().as_secs_f64()
        );
    }

    // Fresh statistics for the query planners, as autovacuum (PostgreSQL) or a periodic
    // `ANALYZE` (SQLite) would have after a bulk load.
    {
        use sea_orm::ConnectionTrait as _;
        let started = Instant::now();
        db.conn().execute_unprepared("ANALYZE").await.unwrap();
        println!("ANALYZE in {:.0} s\n", started.elapsed().as_secs_f64());
    }

    println!("| operation | samples | p50 | p99 | max |");
    println!("| --- | --- | --- | --- | --- |");
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);

    // Duplicate check of a re-registration (the generator's variants of an earlier person:
    // typos, accents, usage name, swapped names or dates…) against the database: timed, and
    // counted as found when the earlier file is among the candidates.
    let registrations: Vec<usize> = (0..people.len())
        .filter(|n| people[*n].duplicate_of.is_some())
        .collect();
    let mut samples = Vec::new();
    let mut found = 0usize;
    for _ in 0..queries {
        let n = registrations[rng.gen_range(0..registrations.len())];
        let root = people[n].duplicate_of.unwrap();
        let (own, s) = ids[n];
        let started = Instant::now();
        let candidates = storage::youths::duplicates::candidates_for(
            db.conn(),
            StructureId(structures[s]),
            &people[n].identity,
            Some(own),
            today,
        )
        .await
        .unwrap();
        samples.push(started.elapsed());
        found += usize::from(
            candidates
                .iter()
                .any(|c| c.youth.id.as_uuid() == ids[root].0),
        );
    }
    report(
        "duplicate check of a re-registration (indexed keys + scoring)",
        &mut samples,
    );

    // Duplicate check of existing files against their own Mission Locale.
    let mut samples = Vec::new();
    for _ in 0..queries {
        let n = rng.gen_range(0..people.len());
        let (_, s) = ids[n];
        let started = Instant::now();
        storage::youths::duplicates::candidates_for(
            db.conn(),
            StructureId(structures[s]),
            &people[n].identity,
            Some(ids[n].0),
            today,
        )
        .await
        .unwrap();
        samples.push(started.elapsed());
    }
    report("duplicate check of any file", &mut samples);

    // Portfolio: a counsellor's first page, then filtered, then a name search in it.
    let mut pages = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..queries {
        let s = rng.gen_range(0..STRUCTURES);
        let me = AccountId(counsellors[s][rng.gen_range(0..COUNSELLORS_PER_STRUCTURE)]);
        let scope = Scope::Structure(StructureId(structures[s]));
        let prefix: String =
            search_text(&people[rng.gen_range(0..people.len())].identity.birth_name)
                .chars()
                .take(3)
                .collect();
        let cases = [
            YouthListQuery {
                mine: Some(true),
                ..YouthListQuery::default()
            },
            YouthListQuery {
                mine: Some(true),
                age_min: Some(18),
                age_max: Some(22),
                incomplete: Some(true),
                ..YouthListQuery::default()
            },
            YouthListQuery {
                mine: Some(true),
                q: Some(prefix.clone()),
                ..YouthListQuery::default()
            },
            YouthListQuery {
                q: Some(prefix),
                ..YouthListQuery::default()
            },
        ];
        for (i, query) in cases.iter().enumerate() {
            let started = Instant::now();
            storage::youths::list(db.conn(), &scope, query, me, today)
                .await
                .unwrap();
            pages[i].push(started.elapsed());
        }
    }
    report(
        "portfolio page: my young people (25 of ~330, with total)",
        &mut pages[0],
    );
    report("portfolio page: mine, age 18–22, incomplete", &mut pages[1]);
    report("portfolio page: mine, name search", &mut pages[2]);
    report(
        "name search across the whole Mission Locale (50,000 files)",
        &mut pages[3],
    );
    println!(
        "\nre-registrations whose earlier file the database check proposed: {found} of {queries}"
    );

    // Match quality on the whole generated population (in memory, same keys and scores).
    let sample = &people[..people.len().min(200_000)];
    let quality = population::evaluate(sample);
    println!(
        "\nmatch quality on {} generated people with {} known re-registrations: recall {:.3}, precision {:.3}, false matches {}, mean files compared per check {:.1}, largest block {}",
        sample.len(),
        quality.true_duplicates,
        quality.recall,
        quality.precision,
        quality.false_matches,
        quality.mean_candidates_per_check,
        quality.max_block_size
    );
}
