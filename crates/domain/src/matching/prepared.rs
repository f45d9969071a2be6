//! An identity folded once into the forms that keys and comparisons use.

use chrono::NaiveDate;

use super::Identity;
use super::normalize::{self, all_first_names, glued, name_words, usual_first_name};
use super::phonetic::encode_word;

/// One name (a last name, or the usual first name) in its compared forms.
#[derive(Clone, Debug)]
pub(super) struct NameForms {
    /// Whether this is a usage name (for the "usage name matches birth name" reason).
    pub usage: bool,
    /// [`normalize_name`](super::normalize_name) without spaces: `"fontaine"`.
    pub compact: String,
    /// Every word, particles included, glued: `"lafontaine"`.
    pub glued: String,
    /// The folded raw text, for names without any letter: compared as is.
    pub raw: String,
    /// The words kept by `normalize_name`.
    pub words: Vec<String>,
    /// The phonetic key of the words kept by `normalize_name`.
    pub phonetic: String,
    /// The phonetic key of the glued form, when particles were dropped (else empty).
    pub glued_phonetic: String,
    /// The phonetic key of each word of a compound name (empty for a one-word name).
    pub word_keys: Vec<String>,
}

impl NameForms {
    pub fn new(raw: &str, usage: bool) -> Self {
        let words = name_words(raw);
        let compact = words.concat();
        let glued = glued(raw);
        let mut word_keys: Vec<String> = words.iter().map(|w| encode_word(w)).collect();
        let phonetic = word_keys.concat();
        if word_keys.len() < 2 {
            word_keys.clear();
        }
        let glued_phonetic = if glued == compact {
            String::new()
        } else {
            encode_word(&glued)
        };
        Self {
            usage,
            compact,
            glued,
            raw: raw.trim().to_lowercase(),
            words,
            phonetic,
            glued_phonetic,
            word_keys,
        }
    }

    /// The phonetic keys this name is found under: the name, its glued form when particles
    /// were dropped, and each word of a compound name.
    pub fn phonetic_keys(&self) -> Vec<&str> {
        let mut keys = vec![self.phonetic.as_str(), self.glued_phonetic.as_str()];
        keys.extend(self.word_keys.iter().map(String::as_str));
        keys.retain(|k| !k.is_empty());
        keys
    }
}

/// An identity in its compared forms.
#[derive(Clone, Debug)]
pub(super) struct Prepared {
    /// The birth name, then the usage name when there is one.
    pub last_names: Vec<NameForms>,
    /// The usual first name.
    pub first_name: NameForms,
    /// The phonetic key of the first word of the usual first name (`Jean` for `Jean-Pierre`).
    pub first_key: String,
    /// Every first name, compact.
    pub all_first_names: Vec<String>,
    /// The phonetic keys of the words of the first names after the first word.
    pub other_first_names: Vec<String>,
    pub birth_date: NaiveDate,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Prepared {
    pub fn new(identity: &Identity) -> Self {
        let mut last_names = vec![NameForms::new(&identity.birth_name, false)];
        if let Some(usage) = identity.usage_name.as_deref() {
            let usage = NameForms::new(usage, true);
            if !usage.raw.is_empty() && usage.raw != last_names[0].raw {
                last_names.push(usage);
            }
        }
        let first_name = NameForms::new(usual_first_name(&identity.first_names), false);
        let first_key = first_name
            .words
            .first()
            .map(|w| encode_word(w))
            .unwrap_or_default();
        Self {
            last_names,
            first_name,
            first_key,
            all_first_names: all_first_names(&identity.first_names),
            other_first_names: name_words(&identity.first_names)
                .iter()
                .skip(1)
                .map(|w| encode_word(w))
                .filter(|k| !k.is_empty())
                .collect(),
            birth_date: identity.birth_date,
            email: normalize::email(identity.email.as_deref()),
            phone: normalize::phone(identity.phone.as_deref()),
        }
    }
}
