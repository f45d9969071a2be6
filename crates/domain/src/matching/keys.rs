//! Blocking keys: the short strings under which a file is indexed for duplicate checks.

use chrono::Datelike;

use super::Identity;
use super::prepared::Prepared;

/// Longest key, in bytes.
const MAX_KEY_LEN: usize = 64;
/// Longest name part of an `n:` key (2 + 40 + 1 + 8 bytes at most).
const MAX_SINGLE: usize = 40;
/// Longest name part of a pair key (2 + 2 × 24 + 2 + 6 bytes at most).
const MAX_PAIR: usize = 24;

fn cut(key: &str, len: usize) -> &str {
    // Phonetic keys are ASCII, so any byte index is a character boundary.
    key.get(..len.min(key.len())).unwrap_or(key)
}

/// The blocking keys of an identity: sorted, without duplicates, each ASCII and at most 64
/// bytes long. Two files that are the same young person share at least one key when they
/// differ only by accents, case, hyphens or particles; a usage name given as birth name;
/// swapped first and last names; a one-letter typo in the last name or in the first name
/// (not both); phonetically equal spellings; day and month of birth inverted; a one-digit
/// typo in the birth date (names equal); or when they have the same e-mail address or phone
/// number.
///
/// Notation: `N` is the phonetic key of a name, `D` the birth date written
/// `yyyy` + the smaller of month and day + the larger one (so that `2005-03-05` and
/// `2005-05-03` give the same `D`, `20050305`), `{A,B}` two phonetic keys in sorted order.
///
/// | key | emitted for | absorbs |
/// | --- | --- | --- |
/// | `n:N:D` | each of: birth name, usage name, the glued form of a name with particles (`legal` for `Le Gall`), each word of a compound last name, the first word of the usual first name | accents, case, hyphens, particles, phonetic spellings, usage vs birth name, swapped names, day/month inversion; a typo in the last name (the first name's key is shared) or in the first name (the last name's key is shared) |
/// | `y:{L,F}:mmdd` | each last name `L` with the first name `F`; `mmdd` with month and day sorted | a typo in the year |
/// | `m:{L,F}:yyyymm` | same | a typo in the day |
/// | `d:{L,F}:yyyydd` | same | a typo in the month |
/// | `e:<address>` | the e-mail address, lower-cased (placeholders such as `aucun@…` skipped) | same e-mail |
/// | `p:<digits>` | the phone number in national form `0612345678` (placeholders skipped) | same phone |
///
/// Selectivity, for a million files of 16–25-year-olds (about 270 per birth date, 540 per
/// `D`): the widest `n:` keys are those of the commonest first names (1 to 2 % of a cohort),
/// so about ten files; the name-pair keys hold one or two files; `e:` and `p:` keys a family
/// at most. No key is a name alone or a date alone. On the generated population of `xtask`
/// (namesakes more frequent than in reality), 200 000 files give at most 10 files under one
/// key and 0.35 earlier file sharing a key per check on average.
pub fn blocking_keys(identity: &Identity) -> Vec<String> {
    let p = Prepared::new(identity);
    let date = p.birth_date;
    let (year, month, day) = (date.year(), date.month(), date.day());
    let (lo, hi) = (month.min(day), month.max(day));
    let mut keys: Vec<String> = Vec::with_capacity(16);

    let mut singles: Vec<&str> = p
        .last_names
        .iter()
        .flat_map(|name| name.phonetic_keys())
        .collect();
    if !p.first_key.is_empty() {
        singles.push(&p.first_key);
    }
    for name in singles {
        keys.push(format!(
            "n:{}:{year:04}{lo:02}{hi:02}",
            cut(name, MAX_SINGLE)
        ));
    }

    if !p.first_key.is_empty() {
        let first = cut(&p.first_key, MAX_PAIR);
        for last in &p.last_names {
            if last.phonetic.is_empty() {
                continue;
            }
            let last = cut(&last.phonetic, MAX_PAIR);
            let (a, b) = if last <= first {
                (last, first)
            } else {
                (first, last)
            };
            keys.push(format!("y:{a}:{b}:{lo:02}{hi:02}"));
            keys.push(format!("m:{a}:{b}:{year:04}{month:02}"));
            keys.push(format!("d:{a}:{b}:{year:04}{day:02}"));
        }
    }

    if let Some(email) = &p.email {
        let ascii: String = deunicode::deunicode(email)
            .chars()
            .filter(char::is_ascii_graphic)
            .collect();
        keys.push(format!("e:{ascii}"));
    }
    if let Some(phone) = &p.phone {
        keys.push(format!("p:{phone}"));
    }

    for key in &mut keys {
        key.truncate(MAX_KEY_LEN);
    }
    keys.sort();
    keys.dedup();
    keys
}
