//! Duplicate detection of young people's files (need A7).
//!
//! A young person who comes back to a Mission Locale (or goes to another one) is often
//! registered again under a slightly different identity: accents dropped, a typo, the usage
//! name instead of the birth name, first and last names swapped, day and month of the birth
//! date inverted… This module finds such files. It is pure (no I/O) and runs in the browser
//! as well as on the server.
//!
//! Two steps, as in record linkage:
//!
//! 1. **Blocking** ([`blocking_keys`]): each file gets a dozen short keys stored in an
//!    indexed table (`key`, `youth_id`). The files that share at least one key with a new
//!    identity are its candidates. Every key combines a name with (part of) the birth date,
//!    or is an e-mail address or a phone number, so that no key is shared by more than a
//!    handful of files even among a million. The list of keys and the variations each one
//!    absorbs are documented on [`blocking_keys`].
//! 2. **Scoring** ([`compare`]): each candidate is compared in memory with the new identity;
//!    the [`MatchAssessment`] gives a score from 0 to 100 and the [`MatchReason`]s that explain
//!    it, in French for reception staff. Candidates scoring below [`CANDIDATE_SCORE`] are not
//!    shown. The weights are documented on [`compare`].
//!
//! Names are folded by [`normalize_name`] (accents, case, hyphens, particles) and compared
//! by sound with [`phonetic`], a French phonetic key.

mod keys;
mod normalize;
mod phonetic;
mod prepared;
mod score;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use keys::blocking_keys;
pub use normalize::{normalize_name, search_text};
pub use phonetic::phonetic;
pub use score::{CANDIDATE_SCORE, compare};

/// What duplicate detection compares: the identity part of a young person's file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// Birth name (nom de naissance).
    pub birth_name: String,
    /// Usage name (nom d'usage), when the young person uses another name.
    pub usage_name: Option<String>,
    /// All first names, separated by spaces or commas; the first one is the usual one.
    pub first_names: String,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// E-mail address, compared without regard to case.
    pub email: Option<String>,
    /// Phone number in its stored form (`+33612345678`); digits are compared, `06…` and
    /// `+336…` being the same number.
    pub phone: Option<String>,
}

/// How much two identities look like the same young person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchAssessment {
    /// Likelihood score from 0 (nothing in common) to 100 (same person); a file scoring at
    /// least `CANDIDATE_SCORE` (50) is shown as a possible duplicate.
    pub score: u8,
    /// What the two identities have in common, strongest evidence first.
    pub reasons: Vec<MatchReason>,
}

/// One piece of evidence that two files are the same young person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MatchReason {
    /// Same e-mail address (case ignored).
    SameEmail,
    /// Same phone number.
    SamePhone,
    /// Same date of birth.
    SameBirthDate,
    /// Day and month of the birth date inverted (`03/05` and `05/03`).
    BirthDateDayMonthSwapped,
    /// Birth dates one digit apart (one digit changed, or two neighbours inverted).
    BirthDateTypo,
    /// Same last name and same usual first name (accents, case, hyphens and particles aside).
    SameNames,
    /// The last name of one file is the first name of the other, and conversely.
    NamesSwapped,
    /// The usage name of one file is the birth name of the other.
    UsageNameMatchesBirthName,
    /// A last or first name differs by one letter (or two in a long name).
    NameTypo,
    /// A last or first name is spelt differently but sounds the same.
    PhoneticName,
    /// Same usual first name.
    SameFirstName,
    /// Same last name.
    SameLastName,
    /// One last name is part of the other, compound one (`Martin` and `Martin-Dupont`).
    CompoundNamePart,
    /// The usual first name of one file is among the first names of the other, or the first
    /// part of a compound first name (`Jean` and `Jean-Pierre`).
    OtherFirstName,
}

impl MatchReason {
    /// The reason in French, as shown to reception staff.
    pub fn label(self) -> &'static str {
        match self {
            Self::SameEmail => "Même adresse e-mail",
            Self::SamePhone => "Même numéro de téléphone",
            Self::SameBirthDate => "Même date de naissance",
            Self::BirthDateDayMonthSwapped => "Jour et mois de naissance inversés",
            Self::BirthDateTypo => "Date de naissance à un chiffre près",
            Self::SameNames => "Mêmes nom et prénom",
            Self::NamesSwapped => "Nom et prénom inversés",
            Self::UsageNameMatchesBirthName => "Nom d'usage identique au nom de naissance",
            Self::NameTypo => "Nom ou prénom à une lettre près",
            Self::PhoneticName => "Nom ou prénom qui se prononce de la même façon",
            Self::SameFirstName => "Même prénom",
            Self::SameLastName => "Même nom",
            Self::CompoundNamePart => "Nom composé en partie identique",
            Self::OtherFirstName => "Un des prénoms identique",
        }
    }
}

#[cfg(test)]
mod tests;
