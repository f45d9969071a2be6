//! Demo data: a Mission Locale with two sites and its communes, one account per staff role,
//! three young people with their app accounts, one partner with one user. Seeding is
//! idempotent (keyed on the structure code). Tests seed a second structure the same way.

use chrono::NaiveDate;
use domain::dto::PartnerKind;
use domain::file::{EducationLevel, Housing, NeedTheme, Origin, Sex, YouthFileData};
use domain::offers::PartnerStatus;
use domain::{AccountId, PartnerId, Role, StructureId, YouthId};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::audit::AuditContext;
use crate::entities::{account, covered_commune, partner, site, structure};
use crate::{Db, StorageResult};

/// The password of every demo account (documented in the README).
pub const DEMO_PASSWORD: &str = "Passerelle-2026";

/// A person to create.
#[derive(Clone, Copy, Debug)]
pub struct PersonSeed {
    /// First name.
    pub first_name: &'static str,
    /// Last name.
    pub last_name: &'static str,
    /// Login.
    pub email: &'static str,
}

/// A young person to create.
#[derive(Clone, Copy, Debug)]
pub struct YouthSeed {
    /// Who.
    pub person: PersonSeed,
    /// Birth date (year, month, day).
    pub birth_date: (i32, u32, u32),
    /// Mobile phone.
    pub phone: &'static str,
    /// Sex.
    pub sex: Sex,
    /// Education level.
    pub education_level: EducationLevel,
}

/// A site to create, with the communes (INSEE, postcode, name) it receives.
#[derive(Clone, Copy, Debug)]
pub struct SiteSeed {
    /// Name.
    pub name: &'static str,
    /// Street address.
    pub address: &'static str,
    /// Postcode.
    pub postal_code: &'static str,
    /// Commune name.
    pub commune_name: &'static str,
    /// Commune INSEE code.
    pub commune_insee: &'static str,
    /// Covered communes received here.
    pub communes: &'static [(&'static str, &'static str, &'static str)],
}

/// A whole structure to create.
#[derive(Clone, Copy, Debug)]
pub struct StructureSeed {
    /// Stable code (idempotence key).
    pub code: &'static str,
    /// Name.
    pub name: &'static str,
    /// Contact e-mail.
    pub email: &'static str,
    /// Sites.
    pub sites: &'static [SiteSeed],
    /// One account per staff role, in `Role::STAFF` order.
    pub staff: [PersonSeed; 5],
    /// Young people, followed by the counsellor, each with an app account.
    pub youths: &'static [YouthSeed],
    /// The partner organisation's name.
    pub partner_name: &'static str,
    /// Its user.
    pub partner_user: PersonSeed,
}

/// The ids of what was created.
#[derive(Clone, Debug)]
pub struct SeededStructure {
    /// The structure.
    pub structure_id: StructureId,
    /// Staff accounts, in `Role::STAFF` order.
    pub staff: Vec<(Role, AccountId)>,
    /// Young people's files and their accounts.
    pub youths: Vec<(YouthId, AccountId)>,
    /// The partner.
    pub partner_id: PartnerId,
    /// The partner user.
    pub partner_user: AccountId,
}

impl SeededStructure {
    /// The staff account with this role.
    pub fn staff_account(&self, role: Role) -> Option<AccountId> {
        self.staff
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, id)| *id)
    }
}

const fn person(
    first_name: &'static str,
    last_name: &'static str,
    email: &'static str,
) -> PersonSeed {
    PersonSeed {
        first_name,
        last_name,
        email,
    }
}

/// "Mission Locale de démonstration".
pub const DEMO: StructureSeed = StructureSeed {
    code: "ML-DEMO",
    name: "Mission Locale de démonstration",
    email: "contact@ml-demo.test",
    sites: &[
        SiteSeed {
            name: "Siège de Roubaix",
            address: "12 rue de la Paix",
            postal_code: "59100",
            commune_name: "Roubaix",
            commune_insee: "59512",
            communes: &[
                ("59512", "59100", "Roubaix"),
                ("59650", "59150", "Wattrelos"),
                ("59367", "59390", "Lys-lez-Lannoy"),
                ("59299", "59510", "Hem"),
                ("59163", "59170", "Croix"),
            ],
        },
        SiteSeed {
            name: "Antenne de Tourcoing",
            address: "3 place de la Victoire",
            postal_code: "59200",
            commune_name: "Tourcoing",
            commune_insee: "59599",
            communes: &[("59599", "59200", "Tourcoing")],
        },
    ],
    staff: [
        person("Samia", "Haddad", "accueil@ml-demo.test"),
        person("Thomas", "Lefebvre", "conseiller@ml-demo.test"),
        person("Claire", "Dubois", "manager@ml-demo.test"),
        person("Philippe", "Martin", "direction@ml-demo.test"),
        person("Nadia", "Benali", "admin@ml-demo.test"),
    ],
    youths: &[
        YouthSeed {
            person: person("Léa", "Moreau", "lea.moreau@ml-demo.test"),
            birth_date: (2006, 3, 14),
            phone: "+33612345601",
            sex: Sex::Feminin,
            education_level: EducationLevel::Niveau4,
        },
        YouthSeed {
            person: person("Yanis", "Belkacem", "yanis.belkacem@ml-demo.test"),
            birth_date: (2004, 9, 2),
            phone: "+33612345602",
            sex: Sex::Masculin,
            education_level: EducationLevel::Infra3,
        },
        YouthSeed {
            person: person("Chloé", "Petit", "chloe.petit@ml-demo.test"),
            birth_date: (2008, 1, 21),
            phone: "+33612345603",
            sex: Sex::Feminin,
            education_level: EducationLevel::Niveau3,
        },
    ],
    partner_name: "Transports Flandres Mobilité",
    partner_user: person("Julien", "Roussel", "partenaire@ml-demo.test"),
};

/// A second structure, for tests that check one Mission Locale never sees another's data.
pub const NEIGHBOUR: StructureSeed = StructureSeed {
    code: "ML-VOISINE",
    name: "Mission Locale voisine",
    email: "contact@ml-voisine.test",
    sites: &[SiteSeed {
        name: "Siège de Lille",
        address: "1 rue Nationale",
        postal_code: "59000",
        commune_name: "Lille",
        commune_insee: "59350",
        communes: &[("59350", "59000", "Lille")],
    }],
    staff: [
        person("Alice", "Roux", "accueil@ml-voisine.test"),
        person("Bruno", "Faure", "conseiller@ml-voisine.test"),
        person("Carole", "Blanc", "manager@ml-voisine.test"),
        person("Denis", "Garnier", "direction@ml-voisine.test"),
        person("Emma", "Chevalier", "admin@ml-voisine.test"),
    ],
    youths: &[YouthSeed {
        person: person("Hugo", "Lambert", "hugo.lambert@ml-voisine.test"),
        birth_date: (2005, 6, 30),
        phone: "+33612345604",
        sex: Sex::Masculin,
        education_level: EducationLevel::Niveau4,
    }],
    partner_name: "Centre de formation Métropole",
    partner_user: person("Karim", "Mansouri", "partenaire@ml-voisine.test"),
};

/// Seeds `seed` unless a structure with its code exists. `password_hash` is set on every
/// account. Returns `None` when the structure was already there.
pub async fn seed(
    db: &Db,
    seed: &StructureSeed,
    password_hash: &str,
) -> StorageResult<Option<SeededStructure>> {
    let txn = db.begin_write().await?;
    let exists = structure::Entity::find()
        .filter(structure::Column::Code.eq(seed.code))
        .one(&txn)
        .await?;
    if exists.is_some() {
        return Ok(None);
    }
    let now = crate::now();
    let structure_id = Uuid::new_v4();
    structure::ActiveModel {
        id: Set(structure_id),
        code: Set(seed.code.to_owned()),
        name: Set(seed.name.to_owned()),
        email: Set(Some(seed.email.to_owned())),
        phone: Set(None),
        youth_editable: Set(None),
        hour_defaults: Set(None),
        agenda_settings: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;

    for s in seed.sites {
        let site_id = Uuid::new_v4();
        site::ActiveModel {
            id: Set(site_id),
            structure_id: Set(structure_id),
            name: Set(s.name.to_owned()),
            address: Set(s.address.to_owned()),
            postal_code: Set(s.postal_code.to_owned()),
            commune_insee: Set(s.commune_insee.to_owned()),
            commune_name: Set(s.commune_name.to_owned()),
            phone: Set(None),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        for (insee, postal, name) in s.communes {
            covered_commune::ActiveModel {
                id: Set(Uuid::new_v4()),
                structure_id: Set(structure_id),
                site_id: Set(Some(site_id)),
                insee_code: Set((*insee).to_owned()),
                postal_code: Set((*postal).to_owned()),
                name: Set((*name).to_owned()),
                created_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
    }

    let partner_id = Uuid::new_v4();
    partner::ActiveModel {
        id: Set(partner_id),
        structure_id: Set(structure_id),
        name: Set(seed.partner_name.to_owned()),
        kind: Set(PartnerKind::Employeur.as_str().to_owned()),
        siret: Set(None),
        email: Set(Some(seed.partner_user.email.to_owned())),
        phone: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        status: Set(PartnerStatus::Actif.code().to_owned()),
        sponsor: Set(false),
        ..Default::default()
    }
    .insert(&txn)
    .await?;

    let new_account = |p: PersonSeed, role: Role| account::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(p.email.to_owned()),
        password_hash: Set(Some(password_hash.to_owned())),
        role: Set(role.as_str().to_owned()),
        structure_id: Set(structure_id),
        youth_id: Set(None),
        partner_id: Set(None),
        first_name: Set(p.first_name.to_owned()),
        last_name: Set(p.last_name.to_owned()),
        is_active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        last_login_at: Set(None),
        password_changed_at: Set(Some(now)),
    };

    let mut staff = Vec::new();
    for (role, p) in Role::STAFF.into_iter().zip(seed.staff) {
        let model = new_account(p, role).insert(&txn).await?;
        staff.push((role, AccountId(model.id)));
    }
    let counsellor = staff
        .iter()
        .find(|(r, _)| *r == Role::Conseiller)
        .map(|(_, id)| id.as_uuid());

    let mut youths = Vec::new();
    for y in seed.youths {
        let (year, month, day) = y.birth_date;
        let first_commune = seed.sites.first().and_then(|s| s.communes.first());
        let data = YouthFileData {
            birth_name: y.person.last_name.to_owned(),
            first_names: y.person.first_name.to_owned(),
            birth_date: NaiveDate::from_ymd_opt(year, month, day),
            sex: Some(y.sex),
            nationality: Some("FR".to_owned()),
            birth_country: Some("FR".to_owned()),
            email: Some(y.person.email.to_owned()),
            mobile: Some(y.phone.to_owned()),
            postcode: first_commune.map(|c| c.1.to_owned()),
            commune: first_commune.map(|c| c.0.to_owned()),
            housing: Some(Housing::Parents),
            education_level: Some(y.education_level),
            needs: vec![NeedTheme::Emploi],
            ..YouthFileData::default()
        };
        let row = crate::youths::insert(
            &txn,
            &AuditContext::default(),
            StructureId(structure_id),
            crate::youths::NewFile {
                data,
                origin: Origin::MissionLocale,
                counsellor_id: counsellor.map(AccountId),
            },
            now.date_naive(),
        )
        .await?;
        let youth_id = row.id;
        let mut acc = new_account(y.person, Role::Jeune);
        acc.youth_id = Set(Some(youth_id));
        let model = acc.insert(&txn).await?;
        youths.push((YouthId(youth_id), AccountId(model.id)));
    }

    let mut partner_acc = new_account(seed.partner_user, Role::Partenaire);
    partner_acc.partner_id = Set(Some(partner_id));
    let partner_user = partner_acc.insert(&txn).await?;

    txn.commit().await?;
    Ok(Some(SeededStructure {
        structure_id: StructureId(structure_id),
        staff,
        youths,
        partner_id: PartnerId(partner_id),
        partner_user: AccountId(partner_user.id),
    }))
}

/// Whether any structure exists (an empty database).
pub async fn is_empty(conn: &impl ConnectionTrait) -> StorageResult<bool> {
    use sea_orm::PaginatorTrait;
    Ok(structure::Entity::find().count(conn).await? == 0)
}

/// The demo's accompaniment: the second young person of the structure (Yanis Belkacem in the
/// demo) gets a diagnostic in two revisions, a plan, a running CEJ with a few weeks of hours and
/// an interview, so that every accompaniment page has something to show. The first young person
/// is left blank for the guided tour (and the browser tests) to build theirs.
pub async fn seed_accompaniment(db: &Db, seeded: &SeededStructure) -> StorageResult<()> {
    use chrono::{Duration, NaiveTime, Utc};
    use domain::accompaniment::{
        ActionCarrier, ActionStatus, Demand, DemandCategory, DemandStatus, DiagnosticContent,
        InterviewChannel, InterviewKind, JusticeAssessment, Qualification, Scheme, Theme,
        ThemeAssessment, UrgencyLevel, monday_of, paris_date, paris_instant,
    };
    use domain::dto::{
        ActionInput, NewActivity, NewContract, NewDiagnosticRevision, NewInterview, ObjectiveInput,
        ReviewActivity,
    };
    use domain::{Actor, Scope};

    let Some(&(youth, youth_account)) = seeded.youths.get(1) else {
        return Ok(());
    };
    let Some(&(_, counsellor)) = seeded.staff.iter().find(|(r, _)| *r == Role::Conseiller) else {
        return Ok(());
    };
    let actor = |account_id, role| Actor {
        account_id,
        role,
        structure_id: seeded.structure_id,
        youth_id: (role == Role::Jeune).then_some(youth),
        partner_id: None,
    };
    let staff = AuditContext::of(actor(counsellor, Role::Conseiller), None);
    let young = AuditContext::of(actor(youth_account, Role::Jeune), None);
    let scope = Scope::Structure(seeded.structure_id);
    let now = Utc::now();
    let today = paris_date(now);
    let theme = |theme, situation: &str, urgency, demands: Vec<DemandCategory>, obstacles: &str| {
        ThemeAssessment {
            theme: Some(theme),
            situation: situation.to_owned(),
            demands: demands
                .into_iter()
                .map(|category| Demand {
                    category,
                    detail: String::new(),
                    status: DemandStatus::Ouverte,
                })
                .collect(),
            obstacles: obstacles.to_owned(),
            urgency,
            ..ThemeAssessment::default()
        }
    };
    let first = DiagnosticContent {
        themes: vec![
            theme(
                Theme::Emploi,
                "Quelques missions d'intérim en logistique.",
                UrgencyLevel::Aucune,
                vec![DemandCategory::RechercheEmploi],
                "Pas de CV à jour.",
            ),
            theme(
                Theme::Logement,
                "Hébergé chez un ami depuis un mois.",
                UrgencyLevel::Urgente,
                vec![DemandCategory::HebergementUrgence],
                "Aucun revenu stable.",
            ),
            theme(
                Theme::Mobilite,
                "Pas de permis, dépend des transports en commun.",
                UrgencyLevel::ASurveiller,
                vec![DemandCategory::Permis],
                "",
            ),
        ],
        justice: JusticeAssessment::default(),
        savoir_etre: vec!["Ponctuel".to_owned(), "Volontaire".to_owned()],
        savoir_faire: vec!["Cariste (CACES 1 en cours)".to_owned()],
    };
    crate::accompaniment::diagnostic::save(
        db,
        &staff,
        &scope,
        youth,
        NewDiagnosticRevision {
            base_number: None,
            content: first.clone(),
            comment: String::new(),
        },
    )
    .await?;
    let mut second = first;
    second.themes[1].situation = "Hébergé en foyer de jeunes travailleurs depuis lundi.".to_owned();
    second.themes[1].urgency = UrgencyLevel::ASurveiller;
    second.themes[1].demands[0].status = DemandStatus::Satisfaite;
    crate::accompaniment::diagnostic::save(
        db,
        &staff,
        &scope,
        youth,
        NewDiagnosticRevision {
            base_number: Some(1),
            content: second,
            comment: "Entrée en FJT : l'urgence logement est levée.".to_owned(),
        },
    )
    .await?;

    let started = today - Duration::days(35);
    let cej = crate::accompaniment::contracts::start(
        db,
        &staff,
        &scope,
        Role::Conseiller,
        youth,
        NewContract {
            scheme: Some(Scheme::Cej),
            started_on: Some(started),
            planned_end: None,
            override_reason: None,
        },
        today,
    )
    .await?;
    let objective = crate::accompaniment::plan::save_objective(
        db,
        &staff,
        &scope,
        youth,
        None,
        ObjectiveInput {
            theme: Some(Theme::Emploi),
            title: "Trouver un emploi de cariste".to_owned(),
            start_on: Some(started),
            deadline: Some(today + Duration::days(120)),
            status: None,
            contract_id: Some(cej.id),
        },
        today,
    )
    .await?;
    for (title, carrier, due, status) in [
        (
            "Mettre à jour le CV",
            ActionCarrier::Jeune,
            3,
            ActionStatus::AFaire,
        ),
        (
            "Passer le CACES 1",
            ActionCarrier::Partenaire,
            20,
            ActionStatus::EnCours,
        ),
        (
            "Contacter trois agences d'intérim",
            ActionCarrier::Jeune,
            9,
            ActionStatus::AFaire,
        ),
        (
            "Monter le dossier d'aide au permis",
            ActionCarrier::Conseiller,
            6,
            ActionStatus::AFaire,
        ),
    ] {
        crate::accompaniment::plan::save_action(
            db,
            &staff,
            &scope,
            youth,
            None,
            ActionInput {
                objective_id: (carrier != ActionCarrier::Conseiller).then_some(objective.id),
                contract_id: Some(cej.id),
                theme: Some(if carrier == ActionCarrier::Conseiller {
                    Theme::Mobilite
                } else {
                    Theme::Emploi
                }),
                title: title.to_owned(),
                details: String::new(),
                carrier: Some(carrier),
                partner_name: (carrier == ActionCarrier::Partenaire)
                    .then(|| "AFPA Roubaix".to_owned()),
                start_on: Some(started),
                due_on: Some(today + Duration::days(due)),
                status: Some(status),
            },
            today,
        )
        .await?;
    }

    // Four weeks of hours: validated by the counsellor, the latest declared by the young person.
    let this_monday = monday_of(today);
    for week in 1..=4i64 {
        let monday = this_monday - Duration::weeks(week);
        for (day, hour, qualification, label) in [
            (0, 9, Qualification::Formation, "Formation CACES"),
            (1, 9, Qualification::Formation, "Formation CACES"),
            (
                2,
                14,
                Qualification::Emploi,
                "Ateliers de recherche d'emploi",
            ),
            (3, 10, Qualification::Sante, "Bilan de santé"),
            (4, 9, Qualification::Emploi, "Candidatures"),
        ] {
            if week == 4 && day > 2 {
                continue;
            }
            let at = paris_instant(
                monday + Duration::days(day),
                NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default(),
            );
            let by_youth = week == 1;
            let activity = crate::accompaniment::hours::declare(
                db,
                if by_youth { &young } else { &staff },
                &scope,
                youth,
                NewActivity {
                    qualification: Some(qualification),
                    label: label.to_owned(),
                    occurred_at: Some(at),
                    minutes: Some(if qualification == Qualification::Formation {
                        240
                    } else {
                        180
                    }),
                    comment: String::new(),
                },
                now,
            )
            .await?;
            if by_youth && day < 2 {
                crate::accompaniment::hours::review(
                    db,
                    &staff,
                    &scope,
                    youth,
                    activity.id,
                    ReviewActivity {
                        status: Some(domain::accompaniment::ActivityStatus::Validee),
                        minutes: None,
                        comment: String::new(),
                    },
                )
                .await?;
            }
        }
    }
    crate::accompaniment::interviews::create(db, &staff, &scope, youth, NewInterview {
        occurred_at: Some(paris_instant(today - Duration::days(7), NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default())),
        channel: Some(InterviewChannel::Presentiel),
        kind: Some(InterviewKind::Suivi),
        summary: "Point sur le CACES et l'entrée en FJT. Yanis a trouvé deux agences ; reste le CV à mettre à jour.".to_owned(),
        themes: vec![Theme::Emploi, Theme::Logement],
    }, now)
    .await?;
    Ok(())
}

/// Demo agenda: opening hours for the reception, counsellor and manager (Monday to Friday,
/// 9:00–12:00 and 13:30–17:00 at the first site), two appointments for the second young
/// person and a workshop next week with them registered.
pub async fn seed_agenda(db: &Db, seeded: &SeededStructure) -> StorageResult<()> {
    use chrono::{Datelike, Duration, NaiveTime, Utc, Weekday};
    use domain::accompaniment::{monday_of, paris_date, paris_instant};
    use domain::agenda::WeeklyOpening;
    use domain::dto::{Availability, NewBooking, NewRegistration, WorkshopInput};
    use domain::{Actor, Scope, SiteId};
    use sea_orm::{ColumnTrait as _, QueryFilter as _, QueryOrder as _};

    let first_site = site::Entity::find()
        .filter(site::Column::StructureId.eq(seeded.structure_id.as_uuid()))
        .order_by_asc(site::Column::CreatedAt)
        .one(db.conn())
        .await?
        .map(|s| SiteId(s.id));
    let time = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
    let weekly: Vec<WeeklyOpening> = (1..=5)
        .flat_map(|weekday| {
            [
                WeeklyOpening {
                    weekday,
                    start: time(9, 0),
                    end: time(12, 0),
                    site_id: first_site,
                },
                WeeklyOpening {
                    weekday,
                    start: time(13, 30),
                    end: time(17, 0),
                    site_id: first_site,
                },
            ]
        })
        .collect();
    let now = Utc::now();
    let actor = |account_id, role| Actor {
        account_id,
        role,
        structure_id: seeded.structure_id,
        youth_id: None,
        partner_id: None,
    };
    for (role, account) in &seeded.staff {
        if matches!(role, Role::Accueil | Role::Conseiller | Role::Manager) {
            let me = actor(*account, *role);
            crate::agenda::setup::set_availability(
                db,
                &AuditContext::of(me, None),
                &me,
                *account,
                Availability {
                    weekly: weekly.clone(),
                    exceptions: Vec::new(),
                },
                now,
            )
            .await?;
        }
    }
    let (Some(&(youth, _)), Some(counsellor)) =
        (seeded.youths.get(1), seeded.staff_account(Role::Conseiller))
    else {
        return Ok(());
    };
    let staff = actor(counsellor, Role::Conseiller);
    let ctx = AuditContext::of(staff, None);
    let scope = Scope::Structure(seeded.structure_id);
    let types = crate::agenda::setup::setup(db, seeded.structure_id).await?;
    let follow_up = types
        .appointment_types
        .iter()
        .find(|t| !t.first_reception && t.youth_bookable)
        .map(|t| t.id);
    let next_monday = monday_of(paris_date(now)) + Duration::days(7);
    let mut tomorrow = paris_date(now) + Duration::days(1);
    while matches!(tomorrow.weekday(), Weekday::Sat | Weekday::Sun) {
        tomorrow += Duration::days(1);
    }
    for start in [
        paris_instant(tomorrow, time(14, 0)),
        paris_instant(next_monday + Duration::days(1), time(10, 0)),
    ] {
        crate::agenda::booking::book(
            db,
            &ctx,
            &scope,
            &staff,
            youth,
            NewBooking {
                appointment_type_id: follow_up,
                starts_at: Some(start),
                host_id: Some(counsellor),
                site_id: None,
                note: "Point sur les candidatures.".to_owned(),
            },
            now,
        )
        .await?;
    }
    // A meeting with the partner (C13), in the counsellor's agenda and the partner's portal.
    let wednesday = next_monday + Duration::days(2);
    crate::agenda::events::create(
        db,
        &ctx,
        &staff,
        domain::dto::NewEvent {
            kind: Some(domain::agenda::EventKind::RendezVousPartenaire),
            starts_at: Some(paris_instant(wednesday, time(15, 0))),
            ends_at: Some(paris_instant(wednesday, time(16, 0))),
            site_id: first_site,
            partner_id: Some(seeded.partner_id),
            note: "Préparer deux immersions pour le printemps.".to_owned(),
            ..domain::dto::NewEvent::default()
        },
        now,
    )
    .await?;
    let thursday = next_monday + Duration::days(3);
    let workshop = crate::agenda::workshops::save(
        db,
        &ctx,
        &staff,
        None,
        WorkshopInput {
            title: "CV et lettre de motivation".to_owned(),
            theme: Some(domain::accompaniment::Theme::Emploi),
            description:
                "Deux heures pour refaire son CV avec un conseiller et préparer une lettre."
                    .to_owned(),
            starts_at: Some(paris_instant(thursday, time(14, 0))),
            ends_at: Some(paris_instant(thursday, time(16, 0))),
            site_id: first_site,
            capacity: Some(8),
            facilitator_id: Some(counsellor),
        },
        now,
    )
    .await?;
    crate::agenda::workshops::register(
        db,
        &ctx,
        &scope,
        &staff,
        workshop.id,
        NewRegistration {
            youth_id: Some(youth),
            waiting_list: false,
        },
        now,
    )
    .await?;
    Ok(())
}

/// The demo's partnerships and offers: the partner's record (address, themes, forms of
/// partnership, contact), a job offer, a training with a session, two services of the Mission
/// Locale; the first young person referred to the job offer (sent, waiting for the partner's
/// answer), the second accepted in the training. Everything is placed around the first site.
pub async fn seed_offers(db: &Db, seeded: &SeededStructure) -> StorageResult<()> {
    use domain::accompaniment::{Scheme, Theme};
    use domain::dto::{
        AddressInput, JobDetails, NewReferral, OfferContact, OfferInput, PartnerContact,
        PartnerInput, ReferralMove, SessionInput,
    };
    use domain::file::lists::EducationLevel;
    use domain::offers::{
        ContractType, Eligibility, Fees, GeoPoint, OfferKind, PartnershipForm, Public,
        ReferralStatus, ServiceType,
    };
    use domain::{Actor, OfferId, Scope};

    use sea_orm::QueryOrder as _;

    use crate::entities::site;
    use crate::partners::Located;

    let conn = db.conn();
    let Some(counsellor) = seeded.staff_account(Role::Conseiller) else {
        return Ok(());
    };
    let actor = Actor {
        account_id: counsellor,
        role: Role::Conseiller,
        structure_id: seeded.structure_id,
        youth_id: None,
        partner_id: None,
    };
    let ctx = AuditContext::default();
    let scope = Scope::Structure(seeded.structure_id);
    let first_site = site::Entity::find()
        .filter(site::Column::StructureId.eq(seeded.structure_id.as_uuid()))
        .order_by_asc(site::Column::Name)
        .one(conn)
        .await?;
    let Some(first_site) = first_site else {
        return Ok(());
    };
    // Roubaix for the demo, Lille for the neighbour; small offsets place the rest around.
    let (base, postcode, commune) = match first_site.commune_insee.as_str() {
        "59512" => (
            GeoPoint {
                lat: 50.6942,
                lon: 3.1746,
            },
            "59100",
            "59512",
        ),
        _ => (
            GeoPoint {
                lat: 50.6292,
                lon: 3.0573,
            },
            "59000",
            "59350",
        ),
    };
    let near = |dlat: f64, dlon: f64| GeoPoint {
        lat: base.lat + dlat,
        lon: base.lon + dlon,
    };
    let address = |line: &str, point: GeoPoint| AddressInput {
        line: Some(line.to_owned()),
        postcode: Some(postcode.to_owned()),
        commune: Some(commune.to_owned()),
        point: Some(point),
    };
    let located = |point: GeoPoint| Located {
        point: Some(point),
        retry: false,
    };

    let partner = crate::partners::find_in_scope(conn, &scope, seeded.partner_id).await?;
    let partner_point = near(-0.006, -0.01);
    crate::partners::update(
        db,
        &ctx,
        &scope,
        seeded.partner_id,
        &PartnerInput {
            name: partner.name.clone(),
            kind: PartnerKind::parse(&partner.kind),
            siret: Some("73282932000074".to_owned()),
            email: partner.email.clone(),
            phone: Some("+33320000000".to_owned()),
            website: None,
            description: Some(
                "Transport et logistique : recrute des agents de quai et des chauffeurs, \
                 accueille des jeunes en immersion."
                    .to_owned(),
            ),
            address: address("12 rue de l'Épeule", partner_point),
            themes: vec![Theme::Emploi, Theme::Mobilite],
            forms: vec![PartnershipForm::Recrutement, PartnershipForm::Immersion],
            sponsor: false,
            contacts: vec![PartnerContact {
                name: "Claire Martin".to_owned(),
                role: Some("Responsable des ressources humaines".to_owned()),
                email: partner.email.clone(),
                phone: Some("+33320000001".to_owned()),
            }],
        },
        &located(partner_point),
    )
    .await?;

    let job = crate::offers::create(
        db,
        &ctx,
        &actor,
        &scope,
        &OfferInput {
            kind: Some(OfferKind::Emploi),
            partner_id: Some(seeded.partner_id),
            title: "Agent de quai H/F".to_owned(),
            description: "Chargement et déchargement des camions, préparation des commandes. \
                          Débutants acceptés, formation au poste assurée."
                .to_owned(),
            themes: vec![Theme::Emploi],
            publics: vec![Public::Jeunes, Public::DemandeursEmploi],
            how_to_apply: Some("Orientation par la Mission Locale, entretien sur place.".into()),
            address: address("Zone de la Martinoire", near(0.004, 0.025)),
            contact: OfferContact {
                name: Some("Claire Martin".to_owned()),
                ..Default::default()
            },
            job: Some(JobDetails {
                rome_code: "N1103".to_owned(),
                contract_type: Some(ContractType::Cdd),
                hours_per_week: Some(35),
                positions: Some(2),
                starts_on: None,
                salary: Some("SMIC horaire".to_owned()),
            }),
            ..Default::default()
        },
        &located(near(0.004, 0.025)),
    )
    .await?;

    let training = crate::offers::create(
        db,
        &ctx,
        &actor,
        &scope,
        &OfferInput {
            kind: Some(OfferKind::Service),
            partner_id: Some(seeded.partner_id),
            title: "Formation préqualifiante logistique".to_owned(),
            description: "Huit semaines pour découvrir les métiers de l'entrepôt et passer le \
                          CACES R489, avec deux semaines de stage."
                .to_owned(),
            themes: vec![Theme::Formation, Theme::Emploi],
            service_type: Some(ServiceType::Formation),
            publics: vec![Public::Jeunes],
            fees: Some(Fees::Gratuit),
            eligibility: Eligibility {
                age_min: Some(16),
                age_max: Some(25),
                levels: vec![
                    EducationLevel::Infra3,
                    EducationLevel::Niveau3,
                    EducationLevel::Niveau4,
                ],
                ..Default::default()
            },
            address: address("12 rue de l'Épeule", partner_point),
            capacity: Some(12),
            ..Default::default()
        },
        &located(partner_point),
    )
    .await?;
    let today = crate::now().date_naive();
    let training = crate::offers::save_session(
        db,
        &AuditContext::default(),
        &scope,
        training.summary.id,
        None,
        &SessionInput {
            starts_on: Some(today + chrono::Duration::days(21)),
            ends_on: Some(today + chrono::Duration::days(77)),
            capacity: Some(12),
        },
    )
    .await?;

    crate::offers::create(
        db,
        &ctx,
        &actor,
        &scope,
        &OfferInput {
            kind: Some(OfferKind::Service),
            title: "Préparation au permis B".to_owned(),
            description: "Code et conduite financés pour les jeunes en CEJ, avec une aide au \
                          transport jusqu'à l'auto-école."
                .to_owned(),
            themes: vec![Theme::Mobilite],
            service_type: Some(ServiceType::Accompagnement),
            publics: vec![Public::Jeunes],
            fees: Some(Fees::GratuitSousConditions),
            eligibility: Eligibility {
                age_min: Some(18),
                age_max: Some(25),
                schemes: vec![Scheme::Cej],
                ..Default::default()
            },
            address: address("Auto-école du centre", near(0.03, -0.012)),
            capacity: Some(10),
            ..Default::default()
        },
        &located(near(0.03, -0.012)),
    )
    .await?;
    crate::offers::create(
        db,
        &ctx,
        &actor,
        &scope,
        &OfferInput {
            kind: Some(OfferKind::Service),
            title: "Foyer de jeunes travailleurs".to_owned(),
            description: "Logement meublé pour les 18–25 ans en emploi, en formation ou en \
                          recherche active, avec un accompagnement social."
                .to_owned(),
            themes: vec![Theme::Logement],
            service_type: Some(ServiceType::Accompagnement),
            publics: vec![Public::Jeunes],
            eligibility: Eligibility {
                age_min: Some(18),
                age_max: Some(25),
                zones: vec!["59".to_owned()],
                ..Default::default()
            },
            address: address("5 rue des Arts", near(-0.065, -0.117)),
            ..Default::default()
        },
        &located(near(-0.065, -0.117)),
    )
    .await?;

    // The young people live near the first site.
    for (i, (youth, _)) in seeded.youths.iter().enumerate() {
        crate::offers::profiles::refresh(conn, youth.as_uuid()).await?;
        if let Some((key, ..)) =
            crate::offers::address_to_locate(conn, "youth", youth.as_uuid()).await?
        {
            let offset = 0.004 * i as f64;
            crate::offers::set_point(conn, "youth", youth.as_uuid(), &key, near(offset, -offset))
                .await?;
        }
    }

    let today_paris = domain::accompaniment::paris_date(crate::now());
    if let Some((first, _)) = seeded.youths.first() {
        crate::offers::referrals::create(
            db,
            &ctx,
            &actor,
            &scope,
            &NewReferral {
                offer_id: Some(job.summary.id),
                youth_id: Some(*first),
                session_id: None,
                note: Some("Motivé par la logistique, disponible tout de suite.".to_owned()),
                send: true,
            },
            today_paris,
        )
        .await?;
    }
    if let Some((second, _)) = seeded.youths.get(1) {
        let referral = crate::offers::referrals::create(
            db,
            &ctx,
            &actor,
            &scope,
            &NewReferral {
                offer_id: Some(OfferId(training.summary.id.as_uuid())),
                youth_id: Some(*second),
                session_id: training.sessions.first().map(|s| s.id),
                note: None,
                send: true,
            },
            today_paris,
        )
        .await;
        if let Ok(referral) = referral {
            crate::offers::referrals::move_to(
                db,
                &ctx,
                &actor,
                &scope,
                referral.id,
                &ReferralMove {
                    status: Some(ReferralStatus::Acceptee),
                    reason: None,
                    comment: Some("Entretien concluant.".to_owned()),
                },
            )
            .await?;
        }
    }
    Ok(())
}
