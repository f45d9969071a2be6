//! Benchmark of matching (issue 6, not run by CI):
//! - ranked offers for a young person among `--offers` (50,000) open offers of their Mission
//!   Locale, spread over a 120 km square around Lille with varied themes, ages, schemes,
//!   levels, zones and capacities; the young person lives in Roubaix (10 km daily reach) and
//!   needs a job and mobility;
//! - ranked young people for an offer among `--files` (1,000,000) files spread over
//!   `--structures` (50) Missions Locales (20,000 in the offer's), each with its match
//!   profile (themes, schemes, reach, home).
//!
//! `cargo bench -p storage --bench offers -- [--offers 50000] [--files 1000000]
//! [--structures 50] [--queries 300] [--url postgres://…]`.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    reason = "a benchmark program"
)]

mod support;

use std::time::{Duration, Instant};

use chrono::{Duration as Days, Utc};
use domain::accompaniment::{Scheme, Theme, paris_date};
use domain::dto::{MatchQuery, YouthFileStatus};
use domain::file::lists::EducationLevel;
use domain::offers::{Eligibility, OfferKind, OfferStatus};
use domain::{OfferId, Scope, StructureId, YouthId};
use rand::{Rng, SeedableRng};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use storage::entities::{offer, structure, youth, youth_match_profile};
use storage::offers::matching::{offers_for_youth, youths_for_offer};
use storage::offers::{level_mask, scheme_mask, zones_text};
use storage::{Db, DbOptions};
use uuid::Uuid;

use support::{arg, insert_all, process_cpu, report};

const LILLE: (f64, f64) = (50.6292, 3.0573);
const COMMUNES: [&str; 6] = ["59512", "59350", "59599", "59009", "62041", "59178"];

#[tokio::main]
async fn main() {
    let offers: usize = arg("--offers").map_or(50_000, |n| n.parse().expect("--offers N"));
    let files: usize = arg("--files").map_or(1_000_000, |n| n.parse().expect("--files N"));
    let structures: usize = arg("--structures").map_or(50, |n| n.parse().expect("--structures N"));
    let queries: usize = arg("--queries").map_or(300, |n| n.parse().expect("--queries N"));
    let data = tempfile::tempdir().unwrap();
    let url = arg("--url").unwrap_or_else(|| {
        format!(
            "sqlite://{}?mode=rwc",
            data.path().join("offers.db").display()
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
    let mut rng = rand::rngs::StdRng::seed_from_u64(6);
    let structure_ids: Vec<Uuid> = (0..structures).map(|_| Uuid::new_v4()).collect();
    for (i, id) in structure_ids.iter().enumerate() {
        structure::ActiveModel {
            id: Set(*id),
            code: Set(format!("ML-OFFERS-{i}-{}", id.simple())),
            name: Set(format!("Mission Locale {i}")),
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
    }
    let ours = structure_ids[0];
    let started = Instant::now();

    // The offers.
    let mut rows = Vec::with_capacity(offers);
    let themes = Theme::ALL;
    for n in 0..offers {
        let mut eligibility = Eligibility::default();
        if rng.gen_bool(0.4) {
            eligibility.age_min = Some(rng.gen_range(16..=18));
            eligibility.age_max = Some(rng.gen_range(21..=29));
        }
        if rng.gen_bool(0.15) {
            eligibility.schemes = vec![Scheme::ALL[rng.gen_range(0..Scheme::ALL.len())]];
        }
        if rng.gen_bool(0.25) {
            eligibility.levels = EducationLevel::ALL[..rng.gen_range(1..4)].to_vec();
        }
        if rng.gen_bool(0.2) {
            eligibility.zones = vec![if rng.gen_bool(0.5) { "59" } else { "62" }.to_owned()];
        }
        let offer_themes = vec![
            themes[rng.gen_range(0..themes.len())],
            themes[rng.gen_range(0..themes.len())],
        ];
        let lat = LILLE.0 + rng.gen_range(-0.55..0.55);
        let lon = LILLE.1 + rng.gen_range(-0.85..0.85);
        let located = rng.gen_bool(0.95);
        let remote = rng.gen_bool(0.03);
        rows.push(offer::ActiveModel {
            id: Set(Uuid::from_u128((7 << 100) + n as u128)),
            structure_id: Set(ours),
            partner_id: Set(None),
            kind: Set(if n % 3 == 0 {
                OfferKind::Emploi
            } else {
                OfferKind::Service
            }
            .code()
            .to_owned()),
            title: Set(format!("Offre {n}")),
            description: Set("Une offre de démonstration pour le banc d'essai.".to_owned()),
            themes: Set(serde_json::to_value(&offer_themes).unwrap()),
            themes_mask: Set(storage::offers::theme_mask(&offer_themes)),
            service_type: Set(None),
            publics: Set(serde_json::json!([])),
            fees: Set(None),
            remote: Set(remote),
            how_to_apply: Set(None),
            age_min: Set(eligibility.age_min.map(i16::from)),
            age_max: Set(eligibility.age_max.map(i16::from)),
            schemes_mask: Set(scheme_mask(&eligibility.schemes)),
            levels_mask: Set(level_mask(&eligibility.levels)),
            zones: Set(zones_text(&eligibility.zones)),
            eligibility: Set(serde_json::to_value(&eligibility).unwrap()),
            address_line: Set(None),
            postcode: Set(None),
            commune: Set(None),
            lat: Set(located.then_some(lat)),
            lon: Set(located.then_some(lon)),
            located_address: Set(None),
            cell: Set(storage::offers::cell_of(
                located.then_some(domain::offers::GeoPoint { lat, lon }),
                remote,
            )),
            capacity: Set(rng.gen_bool(0.5).then(|| rng.gen_range(5..30))),
            contact: Set(serde_json::json!({})),
            rome_code: Set(None),
            contract_type: Set(None),
            hours_per_week: Set(None),
            positions: Set(None),
            starts_on: Set(None),
            salary: Set(None),
            status: Set(OfferStatus::Ouverte.code().to_owned()),
            created_by: Set(Uuid::nil()),
            created_at: Set(now),
            updated_at: Set(now),
        });
    }
    insert_all(&db, rows, 500).await;
    let offers_loaded = started.elapsed();

    // The files, in batches so memory stays flat.
    let started = Instant::now();
    let batch = 20_000;
    let mut first_of_ours: Option<Uuid> = None;
    let mut done = 0;
    while done < files {
        let count = batch.min(files - done);
        let mut files_batch = Vec::with_capacity(count);
        let mut profiles = Vec::with_capacity(count);
        for k in 0..count {
            let n = done + k;
            let id = Uuid::from_u128((9 << 100) + n as u128);
            let structure_id = structure_ids[n % structures];
            if structure_id == ours && first_of_ours.is_none() {
                first_of_ours = Some(id);
            }
            let commune = COMMUNES[n % COMMUNES.len()];
            let birth_date = today - Days::days(rng.gen_range(5_900..9_400));
            let level = EducationLevel::ALL[rng.gen_range(0..4)].code().to_owned();
            files_batch.push(youth::ActiveModel {
                id: Set(id),
                structure_id: Set(structure_id),
                counsellor_id: Set(None),
                first_name: Set(format!("Prénom{n}")),
                last_name: Set(format!("Nom{n}")),
                birth_date: Set(birth_date),
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
                commune: Set(Some(commune.to_owned())),
                situation: Set(None),
                education_level: Set(Some(level.clone())),
                last_contact_on: Set(Some(today)),
                follow_up_intensity: Set(None),
                missing_count: Set(0),
                blocking_count: Set(0),
                anonymised_at: Set(None),
            });
            let youth_themes = [
                themes[rng.gen_range(0..themes.len())],
                themes[rng.gen_range(0..themes.len())],
            ];
            profiles.push(youth_match_profile::ActiveModel {
                youth_id: Set(id),
                structure_id: Set(structure_id),
                first_name: Set(format!("Prénom{n}")),
                last_name: Set(format!("Nom{n}")),
                birth_date: Set(birth_date),
                commune: Set(Some(commune.to_owned())),
                education_level: Set(Some(level)),
                themes_mask: Set(storage::offers::theme_mask(&youth_themes)),
                schemes_mask: Set(if rng.gen_bool(0.3) {
                    scheme_mask(&[Scheme::Cej])
                } else {
                    0
                }),
                reach_km: Set([10.0, 12.0, 25.0, 40.0][rng.gen_range(0..4)]),
                lat: Set(Some(LILLE.0 + rng.gen_range(-0.3..0.3))),
                lon: Set(Some(LILLE.1 + rng.gen_range(-0.45..0.45))),
                address_key: Set(None),
                located_address: Set(None),
                updated_at: Set(now),
            });
        }
        insert_all(&db, files_batch, 500).await;
        insert_all(&db, profiles, 1000).await;
        done += count;
    }
    let files_loaded = started.elapsed();
    if engine == "PostgreSQL" {
        // What autovacuum does on a live database (statistics for the planner, the visibility
        // map for index-only scans), done before measuring rather than during.
        use sea_orm::ConnectionTrait;
        db.conn()
            .execute_unprepared("VACUUM ANALYZE")
            .await
            .unwrap();
    }
    println!(
        "\n{engine}: {offers} offers loaded in {:.1} s, {files} files ({structures} Missions Locales) in {:.1} s\n",
        offers_loaded.as_secs_f64(),
        files_loaded.as_secs_f64()
    );

    let scope = Scope::Structure(StructureId(ours));
    let query = MatchQuery {
        limit: Some(20),
        kind: None,
    };
    // A young person of ours living in Roubaix, 10 km reach, needs Emploi and Mobilité.
    let youth_id = first_of_ours.unwrap();
    youth::Entity::update_many()
        .col_expr(
            youth::Column::Commune,
            sea_orm::sea_query::Expr::value("59512"),
        )
        .col_expr(
            youth::Column::Data,
            sea_orm::sea_query::Expr::value(serde_json::json!({"needs": ["emploi", "mobilite"]})),
        )
        .filter(youth::Column::Id.eq(youth_id))
        .exec(db.conn())
        .await
        .unwrap();
    youth_match_profile::Entity::update_many()
        .col_expr(
            youth_match_profile::Column::Lat,
            sea_orm::sea_query::Expr::value(Some(50.6942)),
        )
        .col_expr(
            youth_match_profile::Column::Lon,
            sea_orm::sea_query::Expr::value(Some(3.1746)),
        )
        .col_expr(
            youth_match_profile::Column::ReachKm,
            sea_orm::sea_query::Expr::value(10.0),
        )
        .filter(youth_match_profile::Column::YouthId.eq(youth_id))
        .exec(db.conn())
        .await
        .unwrap();

    // Warm-up, not measured: the first queries read the tables from disk and prepare statements.
    for q in 0..20 {
        offers_for_youth(db.conn(), &scope, YouthId(youth_id), &query, today)
            .await
            .unwrap();
        let offer_id = OfferId(Uuid::from_u128((7 << 100) + ((q * 7919) % offers) as u128));
        youths_for_offer(db.conn(), &scope, offer_id, &query, today)
            .await
            .unwrap();
    }
    println!("| query | samples | p50 | p99 | max |\n|---|---|---|---|---|");
    let mut samples = Vec::with_capacity(queries);
    let mut cpu = Vec::with_capacity(queries);
    let mut found = 0;
    for _ in 0..queries {
        let c = process_cpu();
        let t = Instant::now();
        let ranked = offers_for_youth(db.conn(), &scope, YouthId(youth_id), &query, today)
            .await
            .unwrap();
        samples.push(t.elapsed());
        cpu.push(process_cpu().saturating_sub(c));
        found = ranked.len();
    }
    let mut offers_cpu = cpu;
    report(
        &format!("{engine}: ranked offers for a young person among {offers} ({found} returned)"),
        &mut samples,
    );

    let mut samples = Vec::with_capacity(queries);
    let mut cpu = Vec::with_capacity(queries);
    for q in 0..queries {
        let offer_id = OfferId(Uuid::from_u128((7 << 100) + ((q * 7919) % offers) as u128));
        let c = process_cpu();
        let t = Instant::now();
        let ranked = youths_for_offer(db.conn(), &scope, offer_id, &query, today)
            .await
            .unwrap();
        samples.push(t.elapsed());
        cpu.push(process_cpu().saturating_sub(c));
        found = ranked.len();
    }
    let youths = format!(
        "{engine}: ranked young people for an offer among {files} files ({} in its Mission Locale; {found} returned)",
        files / structures
    );
    report(&youths, &mut samples);
    println!("\nCPU time of the same queries (every thread of the process), whatever else runs:\n");
    println!("| query | samples | p50 | p99 | max |\n|---|---|---|---|---|");
    report(
        &format!("{engine}: ranked offers for a young person, CPU"),
        &mut offers_cpu,
    );
    report(
        &format!("{engine}: ranked young people for an offer, CPU"),
        &mut cpu,
    );
}
