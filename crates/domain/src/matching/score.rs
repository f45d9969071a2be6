//! Scoring a pair of identities.

use chrono::Datelike;

use super::prepared::{NameForms, Prepared};
use super::{Identity, MatchAssessment, MatchReason};

/// Assessments scoring below this are not shown as possible duplicates.
pub const CANDIDATE_SCORE: u8 = 50;

/// How closely two names agree, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    /// Equal once folded (accents, case, hyphens, particles).
    Same,
    /// Equal phonetic keys.
    Phonetic,
    /// One edit apart (two for names of eight letters or more).
    Typo,
    /// One name is part of the other (compound names, other first name).
    Part,
    /// At least one side has no usable name: no evidence either way.
    Missing,
    /// Nothing in common.
    Different,
}

/// Points of the last-name comparison.
fn last_points(level: Level) -> i32 {
    match level {
        Level::Same => 30,
        Level::Phonetic => 27,
        Level::Typo => 22,
        Level::Part => 20,
        Level::Missing => 0,
        Level::Different => -25,
    }
}

/// Points of the first-name comparison.
fn first_points(level: Level) -> i32 {
    match level {
        Level::Same => 20,
        Level::Phonetic => 17,
        Level::Typo => 13,
        Level::Part => 12,
        Level::Missing => 0,
        Level::Different => -30,
    }
}

/// Cost of explaining a match by swapped first and last names.
const SWAP_PENALTY: i32 = 5;
/// Cost of other first names listed on both sides without any in common (namesakes: `Théo
/// Nathan` and `Théo Ryan`).
const OTHER_FIRST_NAMES_PENALTY: i32 = 15;
/// Points of the birth-date comparison.
const SAME_DATE: i32 = 45;
const SWAPPED_DATE: i32 = 30;
const TYPO_DATE: i32 = 12;
const DIFFERENT_DATE: i32 = -10;
/// Bonus of a shared e-mail address, and the least score it gives.
const EMAIL_BONUS: i32 = 10;
const EMAIL_FLOOR: u8 = 55;
/// Bonus of a shared phone number, and the least score it gives.
const PHONE_BONUS: i32 = 8;
const PHONE_FLOOR: u8 = CANDIDATE_SCORE;

/// Whether two folded names are one typing error apart: one letter changed, added, removed,
/// or two neighbours inverted (optimal string alignment distance 1, both at least three
/// letters long), or two such errors in names of eight letters or more.
fn typo(a: &str, b: &str) -> bool {
    let shortest = a.len().min(b.len());
    if shortest < 3 || a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let distance = strsim::osa_distance(a, b);
    distance <= 1 || (distance <= 2 && shortest >= 8)
}

/// How closely two names agree.
fn name_level(a: &NameForms, b: &NameForms) -> Level {
    if a.compact.is_empty() || b.compact.is_empty() {
        // A name without letters (symbols, or nothing) can still equal itself.
        return if a.raw == b.raw {
            Level::Same
        } else {
            Level::Missing
        };
    }
    if a.compact == b.compact || a.glued == b.glued {
        return Level::Same;
    }
    let phonetic_equal = |x: &str, y: &str| !x.is_empty() && x == y;
    if phonetic_equal(&a.phonetic, &b.phonetic)
        || phonetic_equal(&a.glued_phonetic, &b.phonetic)
        || phonetic_equal(&a.phonetic, &b.glued_phonetic)
    {
        return Level::Phonetic;
    }
    if typo(&a.compact, &b.compact) || typo(&a.glued, &b.glued) {
        return Level::Typo;
    }
    let (short, long) = if a.words.len() <= b.words.len() {
        (&a.words, &b.words)
    } else {
        (&b.words, &a.words)
    };
    if short.len() < long.len() && short.iter().all(|w| long.contains(w)) {
        return Level::Part;
    }
    Level::Different
}

/// The best agreement between any last name of one side and any of the other, and whether
/// it is only reached by a usage name against a birth name.
fn last_name_level(a: &Prepared, b: &Prepared) -> (Level, bool) {
    let mut best = Level::Different;
    let mut birth_or_usage_pair = false;
    let mut usage_against_birth = false;
    for x in &a.last_names {
        for y in &b.last_names {
            let level = name_level(x, y);
            let mixed = x.usage != y.usage;
            if level < best {
                best = level;
                birth_or_usage_pair = false;
                usage_against_birth = false;
            }
            if level == best {
                if mixed {
                    usage_against_birth = true;
                } else {
                    birth_or_usage_pair = true;
                }
            }
        }
    }
    (best, usage_against_birth && !birth_or_usage_pair)
}

/// How closely the usual first names agree; the same first names written with other
/// separators count as [`Level::Same`], the usual first name of one side found among the
/// first names of the other as [`Level::Part`].
fn first_name_level(a: &Prepared, b: &Prepared) -> Level {
    let level = name_level(&a.first_name, &b.first_name);
    // `Jean-Baptiste` and `Jean Baptiste`: the same first names, written otherwise.
    let all = |p: &Prepared| p.all_first_names.concat();
    if level != Level::Same && !a.all_first_names.is_empty() && all(a) == all(b) {
        return Level::Same;
    }
    if level < Level::Part {
        return level;
    }
    let listed = |x: &Prepared, y: &Prepared| {
        !x.first_name.compact.is_empty() && y.all_first_names.contains(&x.first_name.compact)
    };
    let first_words_equal =
        !a.first_name.words.is_empty() && a.first_name.words.first() == b.first_name.words.first();
    if listed(a, b) || listed(b, a) || first_words_equal {
        Level::Part
    } else {
        level
    }
}

/// The best agreement of the last names of one side with the usual first name of the other.
fn crossed_level(lasts: &Prepared, first: &Prepared) -> Level {
    lasts
        .last_names
        .iter()
        .map(|last| name_level(last, &first.first_name))
        .min()
        .unwrap_or(Level::Missing)
}

/// Whether both sides list first names besides the first one and none of them agree.
fn other_first_names_conflict(a: &Prepared, b: &Prepared) -> bool {
    !a.other_first_names.is_empty()
        && !b.other_first_names.is_empty()
        && !a
            .other_first_names
            .iter()
            .any(|name| b.other_first_names.contains(name))
}

fn push(reasons: &mut Vec<MatchReason>, reason: MatchReason) {
    if !reasons.contains(&reason) {
        reasons.push(reason);
    }
}

/// The reason naming a partial agreement of names, if any.
fn name_reason(level: Level, last: bool) -> Option<MatchReason> {
    match level {
        Level::Phonetic => Some(MatchReason::PhoneticName),
        Level::Typo => Some(MatchReason::NameTypo),
        Level::Part if last => Some(MatchReason::CompoundNamePart),
        Level::Part => Some(MatchReason::OtherFirstName),
        Level::Same if last => Some(MatchReason::SameLastName),
        Level::Same => Some(MatchReason::SameFirstName),
        Level::Missing | Level::Different => None,
    }
}

/// Points and reasons of the names: straight, or crossed when first and last names look
/// swapped and that explains the pair better.
fn names(a: &Prepared, b: &Prepared, reasons: &mut Vec<MatchReason>) -> i32 {
    let (last, usage) = last_name_level(a, b);
    let first = first_name_level(a, b);
    let mut straight = last_points(last) + first_points(first);
    if other_first_names_conflict(a, b) {
        straight -= OTHER_FIRST_NAMES_PENALTY;
    }

    let (x, y) = (crossed_level(a, b), crossed_level(b, a));
    let (better, worse) = (x.min(y), x.max(y));
    let crossed = last_points(better) + first_points(worse) - SWAP_PENALTY;

    if crossed > straight {
        push(reasons, MatchReason::NamesSwapped);
        for level in [better, worse] {
            if level != Level::Same
                && let Some(reason) = name_reason(level, true)
            {
                push(reasons, reason);
            }
        }
        return crossed;
    }
    if last == Level::Same && first == Level::Same {
        push(reasons, MatchReason::SameNames);
    } else {
        if let Some(reason) = name_reason(last, true) {
            push(reasons, reason);
        }
        if let Some(reason) = name_reason(first, false) {
            push(reasons, reason);
        }
    }
    if usage && last <= Level::Typo {
        push(reasons, MatchReason::UsageNameMatchesBirthName);
    }
    straight
}

/// Points and reason of the birth dates.
fn dates(a: &Prepared, b: &Prepared, reasons: &mut Vec<MatchReason>) -> i32 {
    let (x, y) = (a.birth_date, b.birth_date);
    if x == y {
        push(reasons, MatchReason::SameBirthDate);
        return SAME_DATE;
    }
    if x.year() == y.year() && x.month() == y.day() && x.day() == y.month() {
        push(reasons, MatchReason::BirthDateDayMonthSwapped);
        return SWAPPED_DATE;
    }
    let digits = |d: chrono::NaiveDate| format!("{:04}{:02}{:02}", d.year(), d.month(), d.day());
    if strsim::osa_distance(&digits(x), &digits(y)) == 1 {
        push(reasons, MatchReason::BirthDateTypo);
        return TYPO_DATE;
    }
    DIFFERENT_DATE
}

/// Compares two identities: a score from 0 to 100 and the reasons that explain it. The
/// result does not depend on the order of the arguments.
///
/// The score adds points for each part of the identity, then is clamped to 0–100:
///
/// | part | same | sounds alike | one typo | partly (compound name, other first name) | different |
/// | --- | --- | --- | --- | --- | --- |
/// | last name (best of birth and usage names on each side) | 30 | 27 | 22 | 20 | −25 |
/// | usual first name | 20 | 17 | 13 | 12 | −30 |
///
/// A missing name (no letter on one side) counts 0. When a last name of each side matches
/// the first name of the other better than straight, the names count as swapped:
/// the better of the two crossed comparisons is scored as a last name, the other as a first
/// name, minus 5. When both sides list other first names and none of them agree (`Théo
/// Nathan` and `Théo Ryan`), 15 more are taken off.
///
/// | birth date | same | day and month inverted | one digit apart | different |
/// | --- | --- | --- | --- | --- |
/// | points | 45 | 30 | 12 | −10 |
///
/// A one-digit difference weighs little: among namesakes of a common name, one in two
/// hundred pairs of birth dates are one digit apart by chance.
///
/// A shared e-mail address adds 10 and a shared phone number 8; then the score is at least
/// 55 with a shared e-mail address and at least 50 (`CANDIDATE_SCORE`) with a shared phone,
/// whatever the names and dates: siblings often give a parent's number, so a shared contact
/// alone makes a candidate for reception staff to look at, never a certainty.
///
/// Consequences: identical identities score 95 (100 with a shared contact); equal names
/// with a different birth date score 40; same last name and birth date with another first
/// name (twins) 45; same first name and birth date with another last name 40. Each single
/// variation that the blocking keys absorb scores at least 62 (equal names, one-digit
/// difference in the birth date); day and month inverted 80; a one-letter typo 87.
pub fn compare(a: &Identity, b: &Identity) -> MatchAssessment {
    let (a, b) = (Prepared::new(a), Prepared::new(b));
    let mut reasons = Vec::new();
    let mut contacts = Vec::new();
    let mut points = names(&a, &b, &mut reasons) + dates(&a, &b, &mut reasons);
    let mut floor = 0;
    if a.email.is_some() && a.email == b.email {
        contacts.push(MatchReason::SameEmail);
        points += EMAIL_BONUS;
        floor = floor.max(EMAIL_FLOOR);
    }
    if a.phone.is_some() && a.phone == b.phone {
        contacts.push(MatchReason::SamePhone);
        points += PHONE_BONUS;
        floor = floor.max(PHONE_FLOOR);
    }
    let score = u8::try_from(points.clamp(0, 100)).unwrap_or(0).max(floor);
    contacts.append(&mut reasons);
    MatchAssessment {
        score,
        reasons: contacts,
    }
}
