//! Each variation of a real duplicate shares a key and scores as a candidate; different
//! people do not; properties over arbitrary identities.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn person(last: &str, first: &str, birth: NaiveDate) -> Identity {
    Identity {
        birth_name: last.to_owned(),
        usage_name: None,
        first_names: first.to_owned(),
        birth_date: birth,
        email: None,
        phone: None,
    }
}

fn lea() -> Identity {
    Identity {
        birth_name: "Lefèvre".to_owned(),
        usage_name: None,
        first_names: "Léa, Marie".to_owned(),
        birth_date: date(2006, 3, 5),
        email: Some("lea.lefevre@exemple.fr".to_owned()),
        phone: Some("+33612345679".to_owned()),
    }
}

fn shared_keys(a: &Identity, b: &Identity) -> Vec<String> {
    let kb = blocking_keys(b);
    blocking_keys(a)
        .into_iter()
        .filter(|k| kb.contains(k))
        .collect()
}

/// `b` is found from `a` and scores as a duplicate, with `reason` among the reasons.
#[track_caller]
fn duplicate(a: &Identity, b: &Identity, reason: MatchReason) -> u8 {
    assert!(
        !shared_keys(a, b).is_empty(),
        "no shared key:\n{a:?}\n{:?}\n{b:?}\n{:?}",
        blocking_keys(a),
        blocking_keys(b)
    );
    let assessment = compare(a, b);
    assert!(
        assessment.score >= CANDIDATE_SCORE,
        "{assessment:?}\n{a:?}\n{b:?}"
    );
    assert!(
        assessment.reasons.contains(&reason),
        "{reason:?} missing from {assessment:?}"
    );
    assert_eq!(assessment, compare(b, a));
    assessment.score
}

/// Without contacts, so that only names and dates count.
fn bare(identity: &Identity) -> Identity {
    Identity {
        email: None,
        phone: None,
        ..identity.clone()
    }
}

#[test]
fn identical_identities_score_at_least_95() {
    let a = lea();
    assert_eq!(compare(&a, &a).score, 100);
    assert_eq!(
        compare(&a, &a).reasons,
        [
            MatchReason::SameEmail,
            MatchReason::SamePhone,
            MatchReason::SameNames,
            MatchReason::SameBirthDate
        ]
    );
    assert_eq!(compare(&bare(&a), &bare(&a)).score, 95);
}

#[test]
fn accents_case_hyphens_and_particles() {
    let a = bare(&lea());
    let b = person("LEFEVRE", "lea marie", a.birth_date);
    assert!(duplicate(&a, &b, MatchReason::SameNames) >= 95);

    let a = person("de La Fontaine", "Jean-Baptiste", date(2004, 11, 23));
    for last in ["Delafontaine", "La Fontaine", "Fontaine", "DE LA FONTAINE"] {
        let b = person(last, "Jean Baptiste", date(2004, 11, 23));
        assert!(duplicate(&a, &b, MatchReason::SameNames) >= 90, "{last}");
    }
    let a = person("Le Gall", "Maël", date(2007, 1, 30));
    let b = person("Legall", "Mael", date(2007, 1, 30));
    duplicate(&a, &b, MatchReason::SameNames);
}

#[test]
fn usage_name_on_either_side() {
    let a = Identity {
        usage_name: Some("Dupont".to_owned()),
        ..person("Martin", "Chloé", date(2001, 6, 14))
    };
    let b = person("Dupont", "Chloe", date(2001, 6, 14));
    assert!(duplicate(&a, &b, MatchReason::UsageNameMatchesBirthName) >= 90);
    assert!(duplicate(&b, &a, MatchReason::UsageNameMatchesBirthName) >= 90);
    let c = Identity {
        usage_name: Some("Martin".to_owned()),
        ..person("Durand", "Chloé", date(2001, 6, 14))
    };
    duplicate(&a, &c, MatchReason::UsageNameMatchesBirthName);
    // Same birth name on both sides: no usage-name reason.
    let d = person("Martin", "Chloé", date(2001, 6, 14));
    assert!(
        !compare(&a, &d)
            .reasons
            .contains(&MatchReason::UsageNameMatchesBirthName)
    );
}

#[test]
fn swapped_first_and_last_names() {
    let a = person("Thomas", "Martin", date(2003, 9, 2));
    let b = person("Martin", "Thomas", date(2003, 9, 2));
    assert!(duplicate(&a, &b, MatchReason::NamesSwapped) >= 85);
    let c = person("Martin", "Thomas Pierre", date(2003, 9, 2));
    duplicate(&a, &c, MatchReason::NamesSwapped);
}

#[test]
fn one_letter_typo_in_the_last_name_or_the_first_name() {
    let a = person("Bernard", "Julien", date(2005, 12, 24));
    for (last, first) in [
        ("Bernrad", "Julien"), // transposition
        ("Bernar", "Julien"),  // deletion
        ("Bernarde", "Julien"),
        ("Bermard", "Julien"), // substitution
        ("Vernard", "Julien"), // first letter
        ("Bernard", "Julein"),
        ("Bernard", "Julie"),
        ("Bernard", "Kulien"),
    ] {
        let b = person(last, first, date(2005, 12, 24));
        let assessment = compare(&a, &b);
        assert!(!shared_keys(&a, &b).is_empty(), "{last} {first}");
        assert!(assessment.score >= 75, "{last} {first}: {assessment:?}");
    }
    duplicate(
        &a,
        &person("Bermard", "Julien", a.birth_date),
        MatchReason::NameTypo,
    );
}

#[test]
fn phonetically_equal_spellings() {
    for (x, y) in [
        ("Lefebvre", "Lefèvre"),
        ("Philippe", "Filipe"),
        ("Mohamed", "Mohammed"),
        ("Kévin", "Kevin"),
        ("Thomas", "Tomas"),
    ] {
        assert_eq!(phonetic(x), phonetic(y), "{x} {y}");
    }
    let a = person("Lefebvre", "Philippe", date(2002, 4, 8));
    let b = person("Lefèvre", "Filipe", date(2002, 4, 8));
    assert!(duplicate(&a, &b, MatchReason::PhoneticName) >= 80);
    let a = person("Ben Mohamed", "Mohammed", date(2002, 4, 8));
    let b = person("Benmohammed", "Mohamed", date(2002, 4, 8));
    duplicate(&a, &b, MatchReason::PhoneticName);
}

#[test]
fn day_and_month_of_birth_swapped() {
    let a = person("Petit", "Inès", date(2006, 3, 5));
    let b = person("Petit", "Ines", date(2006, 5, 3));
    assert!(duplicate(&a, &b, MatchReason::BirthDateDayMonthSwapped) >= 75);
}

#[test]
fn one_digit_typo_in_the_birth_date() {
    let a = person("Roux", "Enzo", date(2004, 7, 18));
    for typo in [
        date(2005, 7, 18),
        date(2014, 7, 18),
        date(2004, 1, 18),
        date(2004, 7, 13),
        date(2004, 7, 28),
        date(2004, 7, 8),
        date(2004, 7, 19),
    ] {
        let b = person("Roux", "Enzo", typo);
        assert!(
            duplicate(&a, &b, MatchReason::BirthDateTypo) >= 60,
            "{typo}"
        );
    }
    // Inverted neighbours.
    let a = person("Roux", "Enzo", date(2004, 1, 12));
    let b = person("Roux", "Enzo", date(2004, 1, 21));
    duplicate(&a, &b, MatchReason::BirthDateTypo);
}

#[test]
fn same_email_or_phone() {
    let a = lea();
    let sibling = Identity {
        birth_name: "Nguyen".to_owned(),
        usage_name: None,
        first_names: "Paul".to_owned(),
        birth_date: date(1999, 10, 30),
        email: Some("LEA.LEFEVRE@exemple.fr ".to_owned()),
        phone: None,
    };
    let score = duplicate(&a, &sibling, MatchReason::SameEmail);
    assert!((CANDIDATE_SCORE..=60).contains(&score), "{score}");

    let sibling = Identity {
        email: None,
        phone: Some("06 12 34 56 79".to_owned()),
        ..sibling
    };
    let score = duplicate(&a, &sibling, MatchReason::SamePhone);
    assert!((CANDIDATE_SCORE..=60).contains(&score), "{score}");

    // The same person with a new e-mail address but the same phone.
    let b = Identity {
        email: Some("lea2006@exemple.com".to_owned()),
        ..lea()
    };
    assert!(duplicate(&a, &b, MatchReason::SamePhone) >= 95);
}

#[test]
fn different_people_stay_below_the_threshold() {
    let a = person("Martin", "Thomas", date(2004, 5, 17));
    // Homonyms: equal names, different birth dates, nothing else.
    for other in [date(2006, 9, 2), date(2001, 12, 30), date(2004, 11, 3)] {
        let b = person("Martin", "Thomas", other);
        let assessment = compare(&a, &b);
        assert!(
            assessment.score < CANDIDATE_SCORE,
            "{other}: {assessment:?}"
        );
        assert_eq!(assessment.reasons, [MatchReason::SameNames]);
    }
    // Namesakes whose other first names differ, birth dates one digit apart.
    let a2 = person("Lambert", "Théo Nathan", date(2002, 2, 26));
    let b2 = person("Lambert", "Théo, Ryan", date(2002, 2, 21));
    assert!(
        compare(&a2, &b2).score < CANDIDATE_SCORE,
        "{:?}",
        compare(&a2, &b2)
    );
    let b3 = person("Lambert", "Théo Ryan", date(2002, 2, 26));
    assert!(compare(&a2, &b3).score >= CANDIDATE_SCORE);
    // One side lists only the usual first name, or the lists overlap: no conflict.
    let b4 = person("Lambert", "Théo", date(2002, 2, 21));
    assert!(compare(&a2, &b4).score >= CANDIDATE_SCORE);
    let b5 = person("Lambert", "Théo, Louis Nathan", date(2002, 2, 21));
    assert!(compare(&a2, &b5).score >= CANDIDATE_SCORE);
    // Twins: same last name and birth date, another first name.
    let twin = person("Martin", "Hugo", date(2004, 5, 17));
    assert!(compare(&a, &twin).score < CANDIDATE_SCORE);
    // Same first name and birth date, another last name.
    let other = person("Girard", "Thomas", date(2004, 5, 17));
    assert!(compare(&a, &other).score < CANDIDATE_SCORE);
    // Nothing in common.
    let stranger = person("Nguyen", "Chloé", date(1999, 1, 1));
    assert_eq!(compare(&a, &stranger).score, 0);
    assert!(compare(&a, &stranger).reasons.is_empty());
    assert!(shared_keys(&a, &stranger).is_empty());
    // Placeholder contacts are no evidence.
    let x = Identity {
        email: Some("aucun@ml.fr".to_owned()),
        phone: Some("+33600000000".to_owned()),
        ..a.clone()
    };
    let y = Identity {
        email: Some("aucun@ml.fr".to_owned()),
        phone: Some("+33600000000".to_owned()),
        ..stranger
    };
    assert_eq!(compare(&x, &y).score, 0);
    assert!(shared_keys(&x, &y).is_empty());
}

#[test]
fn keys_are_selective_and_bounded() {
    let a = Identity {
        usage_name: Some("de La Fontaine-Beaumarchais".to_owned()),
        ..lea()
    };
    let keys = blocking_keys(&a);
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(keys, sorted);
    for key in &keys {
        assert!(key.is_ascii() && key.len() <= 64, "{key}");
        // Every key but e-mail and phone carries a name and part of the date.
        if !key.starts_with("e:") && !key.starts_with("p:") {
            assert!(key.matches(':').count() >= 2, "{key}");
        }
    }
    assert!(keys.contains(&"n:lefevr:20060305".to_owned()), "{keys:?}");
    assert!(keys.contains(&"e:lea.lefevre@exemple.fr".to_owned()));
    assert!(keys.contains(&"p:0612345679".to_owned()));

    let long = Identity {
        birth_name: "Abcdefghijklmnopqrstuvwxyz ".repeat(8),
        first_names: "Zyxwvutsrqponmlkjihgfedcba".repeat(8),
        email: Some(format!("{}@exemple.fr", "a.b".repeat(40))),
        ..lea()
    };
    for key in blocking_keys(&long) {
        assert!(key.is_ascii() && key.len() <= 64, "{key}");
    }
}

#[test]
fn labels_are_french_and_serde_is_snake_case() {
    assert_eq!(MatchReason::SameEmail.label(), "Même adresse e-mail");
    assert_eq!(
        MatchReason::BirthDateDayMonthSwapped.label(),
        "Jour et mois de naissance inversés"
    );
    assert_eq!(
        serde_json::to_string(&MatchReason::UsageNameMatchesBirthName).unwrap(),
        "\"usage_name_matches_birth_name\""
    );
    let assessment = compare(&lea(), &lea());
    let json = serde_json::to_string(&assessment).unwrap();
    assert_eq!(
        serde_json::from_str::<MatchAssessment>(&json).unwrap(),
        assessment
    );
}

// ---------------------------------------------------------------------------------------
// Properties.

fn any_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-zéèêëàâîïôöûüçÉÈÇŒœ]{1,12}",
        "[A-Za-zéèç]{2,10}[ '-][A-Za-zéèç]{2,10}",
        "(de|De|d'|Le|La|van|Ben|El) [A-Za-zéè]{2,10}",
        "\\PC{1,20}",
    ]
    .prop_filter("a name is not blank", |name| !name.trim().is_empty())
}

/// Names of one or two words, without particles: particles are dropped from last names, not
/// from first names, so `de Marie` as first names is no real case of swapped names.
fn plain_name() -> impl Strategy<Value = String> {
    "[A-Za-zéèçÉ]{2,10}([ ,'-][A-Za-zéèç]{2,10})?".prop_filter("no particle", |name| {
        search_text(name) == normalize_name(name)
    })
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (1990i32..2015, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| date(y, m, d))
}

fn any_identity() -> impl Strategy<Value = Identity> {
    (
        any_name(),
        proptest::option::of(any_name()),
        any_name(),
        any_date(),
        proptest::option::of("[a-z.]{1,12}@[a-z]{2,8}\\.fr"),
        proptest::option::of("\\+33[67][0-9]{8}"),
    )
        .prop_map(
            |(birth_name, usage_name, first_names, birth_date, email, phone)| Identity {
                birth_name,
                usage_name,
                first_names,
                birth_date,
                email,
                phone,
            },
        )
}

fn swap_names(identity: &Identity) -> Identity {
    Identity {
        birth_name: identity.first_names.clone(),
        first_names: identity.birth_name.clone(),
        ..identity.clone()
    }
}

proptest! {
    #[test]
    fn normalize_is_idempotent_and_ascii(raw in "\\PC{0,30}") {
        let once = normalize_name(&raw);
        prop_assert_eq!(normalize_name(&once), once.clone());
        prop_assert!(once.bytes().all(|b| b.is_ascii_lowercase() || b == b' '));
        prop_assert!(!once.contains("  ") && once.trim() == once);
        let search = search_text(&raw);
        prop_assert_eq!(search_text(&search), search.clone());
        prop_assert!(phonetic(&raw).is_ascii());
    }

    #[test]
    fn keys_are_sorted_ascii_and_short(identity in any_identity()) {
        let keys = blocking_keys(&identity);
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        prop_assert_eq!(&keys, &sorted);
        for key in &keys {
            prop_assert!(key.is_ascii() && key.len() <= 64, "{}", key);
        }
    }

    #[test]
    fn keys_are_symmetric_under_name_swap(
        last in "[A-Za-zéèç]{2,12}",
        first in "[A-Za-zéèç]{2,12}",
        birth_date in any_date(),
    ) {
        let identity = person(&last, &first, birth_date);
        prop_assert_eq!(blocking_keys(&identity), blocking_keys(&swap_names(&identity)));
    }

    #[test]
    fn swapped_names_share_a_key(
        last in plain_name(),
        first in plain_name(),
        birth_date in any_date(),
    ) {
        let identity = person(&last, &first, birth_date);
        prop_assert!(!shared_keys(&identity, &swap_names(&identity)).is_empty());
    }

    #[test]
    fn compare_is_symmetric_and_bounded(a in any_identity(), b in any_identity()) {
        let ab = compare(&a, &b);
        prop_assert!(ab.score <= 100);
        prop_assert_eq!(&ab, &compare(&b, &a));
    }

    #[test]
    fn any_identity_matches_itself(identity in any_identity()) {
        let assessment = compare(&identity, &identity);
        prop_assert!(assessment.score >= 95, "{:?}", assessment);
    }

    #[test]
    fn a_close_variant_shares_a_key(
        identity in any_identity(),
        which in 0usize..4,
    ) {
        // Accents and case dropped, hyphens as spaces, day and month swapped.
        let mut variant = identity.clone();
        match which {
            0 => variant.birth_name = search_text(&identity.birth_name).to_uppercase(),
            1 => variant.first_names = identity.first_names.replace('-', " "),
            2 => {
                use chrono::Datelike;
                let d = identity.birth_date;
                if let Some(swapped) = NaiveDate::from_ymd_opt(d.year(), d.day(), d.month()) {
                    variant.birth_date = swapped;
                }
            }
            _ => variant.usage_name = None,
        }
        let usable = !phonetic(&identity.birth_name).is_empty()
            || identity.email.is_some()
            || identity.phone.is_some();
        if usable && !phonetic(&identity.first_names).is_empty() {
            prop_assert!(!shared_keys(&identity, &variant).is_empty());
        }
    }
}
