//! Folding names, e-mail addresses and phone numbers to the forms that are compared.

/// Words that join a family name to its root (`de`, `d'`, `le`, `van`, `ben`, `el`…). They
/// are dropped by [`normalize_name`] unless every word of the name is one of them, because
/// reception staff and the young people themselves write them, glue them or leave them out.
const PARTICLES: &[&str] = &[
    "al", "ait", "ben", "bin", "d", "da", "das", "de", "del", "della", "den", "der", "des", "di",
    "do", "dos", "du", "el", "ibn", "l", "la", "le", "les", "ten", "ter", "van", "von", "vom", "y",
];

/// Whether a folded word is a name particle.
pub(super) fn is_particle(word: &str) -> bool {
    PARTICLES.contains(&word)
}

/// Folds a name to lower-case ASCII words: accents and ligatures transliterated
/// (`é`→`e`, `œ`→`oe`, `ß`→`ss`, other scripts romanised by `deunicode`), every other
/// character (hyphen, apostrophe, dot, comma, digit…) a separator.
fn folded_words(raw: &str) -> Vec<String> {
    let ascii = deunicode::deunicode_with_tofu(raw, " ");
    ascii
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// The words of a name as [`normalize_name`] keeps them.
pub(super) fn name_words(raw: &str) -> Vec<String> {
    let words = folded_words(raw);
    if words.iter().all(|w| is_particle(w)) {
        words
    } else {
        words.into_iter().filter(|w| !is_particle(w)).collect()
    }
}

/// A name folded for comparison: lower-case ASCII, accents folded, hyphens and apostrophes
/// turned into spaces, particles (`de`, `du`, `des`, `d'`, `le`, `la`, `van`, `von`, `ben`,
/// `el`, `al`…) dropped unless they are the only words, one space between words.
///
/// `"Jean-Baptiste"` gives `"jean baptiste"`, `"de La Fontaine"` gives `"fontaine"`,
/// `"  ÉLODIE "` gives `"elodie"`. Idempotent.
pub fn normalize_name(raw: &str) -> String {
    name_words(raw).join(" ")
}

/// A name folded for accent-insensitive search: lower-case ASCII words separated by one
/// space, particles kept (`"D'Artagnan-Lefèvre"` gives `"d artagnan lefevre"`). Apply it to
/// both the stored names and the query.
pub fn search_text(raw: &str) -> String {
    folded_words(raw).join(" ")
}

/// The name written as one word, particles included (`"Le Gall"` → `"legall"`), to match the
/// same name written glued (`"Legall"`).
pub(super) fn glued(raw: &str) -> String {
    folded_words(raw).concat()
}

/// The usual first name: the first of a comma-separated list, else the first word
/// (`"Jean-Pierre Louis"` → `"Jean-Pierre"`, `"Marie Anne, Lou"` → `"Marie Anne"`).
pub(super) fn usual_first_name(first_names: &str) -> &str {
    if first_names.contains(',') {
        first_names
            .split(',')
            .map(str::trim)
            .find(|name| !name.is_empty())
            .unwrap_or("")
    } else {
        first_names.split_whitespace().next().unwrap_or("")
    }
}

/// Every first name, each folded and glued (`"Jean-Pierre, Louis"` → `["jeanpierre", "louis"]`).
pub(super) fn all_first_names(first_names: &str) -> Vec<String> {
    let parts: Vec<&str> = if first_names.contains(',') {
        first_names.split(',').collect()
    } else {
        first_names.split_whitespace().collect()
    };
    parts
        .into_iter()
        .map(|p| name_words(p).concat())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Local parts that staff type when the young person has no address; they identify nobody.
const PLACEHOLDER_LOCAL_PARTS: &[&str] = &[
    "aucun",
    "aucune",
    "inconnu",
    "na",
    "nc",
    "neant",
    "no",
    "noemail",
    "nomail",
    "non",
    "none",
    "pas",
    "pasdadresse",
    "pasde",
    "pasdemail",
    "pasdemel",
    "sans",
    "sansemail",
    "sansmail",
    "test",
];

/// An e-mail address as compared: trimmed, lower-cased; `None` when absent or a placeholder
/// (`aucun@…`, `pas.de.mail@…`, `x@…`, `xxx@…`: an address that identifies nobody).
pub(super) fn email(raw: Option<&str>) -> Option<String> {
    let value = raw?.trim().to_lowercase();
    let (local, _domain) = value.split_once('@')?;
    let bare: String = local.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut chars = bare.chars();
    let first = chars.next()?;
    if chars.all(|c| c == first) || PLACEHOLDER_LOCAL_PARTS.contains(&bare.as_str()) {
        return None;
    }
    Some(value)
}

/// A phone number as compared: its digits in national form (`+33 6 12 34 56 78`,
/// `0033612345678` and `06 12 34 56 78` all give `0612345678`); `None` when absent, shorter
/// than 8 digits, or a placeholder (one digit repeated after the prefix, `0123456789`).
pub(super) fn phone(raw: Option<&str>) -> Option<String> {
    let digits: String = raw?.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) = digits.strip_prefix("0033") {
        format!("0{rest}")
    } else if digits.len() == 11 && digits.starts_with("33") {
        format!("0{}", &digits[2..])
    } else {
        digits
    };
    if national.len() < 8 {
        return None;
    }
    let subscriber = &national[2..];
    let mut chars = subscriber.chars();
    let repeated = chars.next().is_some_and(|first| chars.all(|c| c == first));
    if repeated || national == "0123456789" {
        return None;
    }
    Some(national)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_accents_case_hyphens_and_particles() {
        assert_eq!(normalize_name("  ÉLODIE "), "elodie");
        assert_eq!(normalize_name("Jean-Baptiste"), "jean baptiste");
        assert_eq!(normalize_name("de La Fontaine"), "fontaine");
        assert_eq!(normalize_name("D'Artagnan"), "artagnan");
        assert_eq!(normalize_name("L’Hermitte"), "hermitte");
        assert_eq!(normalize_name("Van der Berg"), "berg");
        assert_eq!(normalize_name("Ben Ali"), "ali");
        assert_eq!(normalize_name("Le"), "le");
        assert_eq!(normalize_name("De La"), "de la");
        assert_eq!(normalize_name("Œuvrard"), "oeuvrard");
        assert_eq!(normalize_name("Strauß"), "strauss");
        assert_eq!(normalize_name("Çelik   Núñez"), "celik nunez");
        assert_eq!(normalize_name("O'Neill"), "o neill");
        assert_eq!(normalize_name(""), "");
        assert_eq!(normalize_name(" - ' "), "");
    }

    #[test]
    fn other_scripts_are_romanised() {
        assert!(!normalize_name("Мария").is_empty());
        assert!(normalize_name("Мария").is_ascii());
        assert!(!normalize_name("محمد").is_empty());
    }

    #[test]
    fn search_text_keeps_particles() {
        assert_eq!(search_text("D'Artagnan-Lefèvre"), "d artagnan lefevre");
        assert_eq!(search_text("  de  LA   Fontaine "), "de la fontaine");
        assert_eq!(glued("Le Gall"), "legall");
    }

    #[test]
    fn usual_and_all_first_names() {
        assert_eq!(usual_first_name("Jean-Pierre Louis"), "Jean-Pierre");
        assert_eq!(usual_first_name(" Marie Anne, Lou"), "Marie Anne");
        assert_eq!(usual_first_name(""), "");
        assert_eq!(usual_first_name(", Lou"), "Lou");
        assert_eq!(
            all_first_names("Jean-Pierre, Louis"),
            ["jeanpierre", "louis"]
        );
        assert_eq!(all_first_names("Inès Sarah"), ["ines", "sarah"]);
    }

    #[test]
    fn emails_are_lower_cased_and_placeholders_ignored() {
        assert_eq!(
            email(Some(" Lea.Martin@Exemple.FR ")).as_deref(),
            Some("lea.martin@exemple.fr")
        );
        assert_eq!(email(Some("pas.de.mail@ml.fr")), None);
        assert_eq!(email(Some("xxx@ml.fr")), None);
        assert_eq!(email(Some("aucun@gmail.com")), None);
        assert_eq!(email(Some("no-at-sign")), None);
        assert_eq!(email(None), None);
    }

    #[test]
    fn phones_compare_national_digits() {
        assert_eq!(phone(Some("+33612345679")).as_deref(), Some("0612345679"));
        assert_eq!(phone(Some("06 12 34 56 79")).as_deref(), Some("0612345679"));
        assert_eq!(
            phone(Some("0033 6 12 34 56 79")).as_deref(),
            Some("0612345679")
        );
        assert_eq!(phone(Some("33612345679")).as_deref(), Some("0612345679"));
        assert_eq!(phone(Some("+33600000000")), None);
        assert_eq!(phone(Some("01 23 45 67 89")), None);
        assert_eq!(phone(Some("12")), None);
        assert_eq!(phone(None), None);
    }
}
