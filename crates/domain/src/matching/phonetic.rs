//! A French phonetic key for names.
//!
//! No maintained crate encodes French names: `rphonetic`'s Phonex is Lait and Randell's
//! English Soundex/Phonix blend, a 4-character code too coarse for blocking. This key is a
//! string in the spirit of Brouard's French *Phonex*, kept readable rather than turned into a
//! number. Each word, already folded to `a`–`z` by [`normalize_name`](super::normalize_name):
//!
//! 1. `ault` at the end loses its `l` (`Thibault` ≈ `Thibaut`).
//! 2. The silent end is cut: trailing `e`s, then one or two of `t d s x z`, then trailing `e`s
//!    again, keeping at least two letters (`Dupont`/`Dupond`, `Lopez`/`Lopes`, `Agnès`/`Agnes`,
//!    `Thomas`/`Tomas`). What follows the cut is still looked at to decide the sounds before
//!    it (`Mohamed` keeps a plain `a`, as `Mohammed` does).
//! 3. The rest is read left to right, longest spelling first, each spelling giving a sound:
//!    - vowels: `au`, `eau`, `o` → `o`; `ai`, `ei`, `ay`, `ey`, `eu`, `oeu`, `e` → `e`;
//!      `ou`, `u` → `u`; `i`, `y` → `i`; `oi`, `oy` → `ua`;
//!    - nasal vowels, when `n`/`m` is followed by a consonant other than `n`/`m` or ends the
//!      word: `an`, `am`, `en`, `em` → `A`; `in`, `im`, `yn`, `ain`, `ein`, `un`, `um` → `E`;
//!      `on`, `om` → `O`; `oin` → `uE`;
//!    - consonants: `ph` → `f`; `th` → `t`; `h` silent; `ch`, `sh`, `sch` → `x` (but `chr`,
//!      `chl` → `k`); `c` before `e i y` → `s`, else `k`; `ck`, `q`, `qu`, `k` → `k`;
//!      `sc` before `e i y` → `s`; `z` → `s`; `g` before `e i y` → `j`, `ge` before `a o u` →
//!      `j`, `gu` before `e i y` → `g`, `gn` → `ni`; `w`, `v` → `v`; `x` → `ks`; `b` before
//!      `v` silent (`Lefebvre` ≈ `Lefèvre`); other letters stand for themselves.
//! 4. Repeated sounds collapse (`Mohammed` ≈ `Mohamed`, `Philippe` ≈ `Filipe`).
//!
//! The key is ASCII: lower-case letters plus `A`, `E`, `O` for the nasal vowels.

use super::normalize::name_words;

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

fn is_front_vowel(c: u8) -> bool {
    matches!(c, b'e' | b'i' | b'y')
}

/// The phonetic key of one word of lower-case ASCII letters (other bytes are ignored).
pub(super) fn encode_word(word: &str) -> String {
    let mut w: Vec<u8> = word.bytes().filter(u8::is_ascii_lowercase).collect();
    if w.ends_with(b"ault") {
        w.remove(w.len() - 2);
    }
    let end = spoken_end(&w);
    let at = |k: usize| w.get(k).copied().unwrap_or(0);
    // Whether the `n` or `m` at `k` nasalises the vowel before it.
    let nasal = |k: usize| {
        matches!(at(k), b'n' | b'm') && {
            let next = at(k + 1);
            next == 0 || (!is_vowel(next) && next != b'n' && next != b'm')
        }
    };
    let mut out: Vec<u8> = Vec::with_capacity(w.len() + 2);
    let mut i = 0;
    while i < end {
        let (c, n1, n2) = (w[i], at(i + 1), at(i + 2));
        // `ai`, `ei`, `ay`, `ey`, but not a `y` sounding as a consonant (`Rayan`).
        let i_glide = n1 == b'i' || (n1 == b'y' && !is_vowel(n2));
        let (sound, len): (&[u8], usize) = match c {
            b'a' if n1 == b'u' => (b"o", 2),
            b'a' | b'e' if i_glide => {
                if nasal(i + 2) {
                    (b"E", 3)
                } else {
                    (b"e", 2)
                }
            }
            b'e' if n1 == b'a' && n2 == b'u' => (b"o", 3),
            b'e' if n1 == b'u' => (b"e", 2),
            b'a' | b'e' if nasal(i + 1) => (b"A", 2),
            b'a' => (b"a", 1),
            b'e' => (b"e", 1),
            b'i' | b'y' | b'u' if nasal(i + 1) => (b"E", 2),
            b'i' | b'y' => (b"i", 1),
            b'o' if n1 == b'u' => (b"u", 2),
            b'o' if n1 == b'i' || n1 == b'y' => {
                if nasal(i + 2) {
                    (b"uE", 3)
                } else {
                    (b"ua", 2)
                }
            }
            b'o' if n1 == b'e' && n2 == b'u' => (b"e", 3),
            b'o' if nasal(i + 1) => (b"O", 2),
            b'o' => (b"o", 1),
            b'u' => (b"u", 1),
            b'b' if n1 == b'v' => (b"", 1),
            b'c' if n1 == b'h' && matches!(n2, b'r' | b'l') => (b"k", 2),
            b'c' if n1 == b'h' => (b"x", 2),
            b'c' if n1 == b'k' => (b"k", 2),
            b'c' if n1 == b'c' && is_front_vowel(n2) => (b"ks", 2),
            b'c' if is_front_vowel(n1) => (b"s", 1),
            b'c' | b'k' => (b"k", 1),
            b'q' if n1 == b'u' => (b"k", 2),
            b'q' => (b"k", 1),
            b'g' if n1 == b'n' => (b"ni", 2),
            b'g' if n1 == b'u' && is_front_vowel(n2) => (b"g", 2),
            b'g' if n1 == b'e' && matches!(n2, b'a' | b'o' | b'u') => (b"j", 2),
            b'g' if is_front_vowel(n1) => (b"j", 1),
            b'h' => (b"", 1),
            b'p' if n1 == b'h' => (b"f", 2),
            b's' if n1 == b'c' && n2 == b'h' => (b"x", 3),
            b's' if n1 == b'h' => (b"x", 2),
            b's' if n1 == b'c' && is_front_vowel(n2) => (b"s", 2),
            b't' if n1 == b'h' => (b"t", 2),
            b'v' | b'w' => (b"v", 1),
            b'x' => (b"ks", 1),
            b'z' => (b"s", 1),
            _ => (std::slice::from_ref(&w[i]), 1),
        };
        for &s in sound {
            if out.last() != Some(&s) {
                out.push(s);
            }
        }
        i += len;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where the pronounced part of a word ends: trailing `e`s, then one or two of `t d s x z`,
/// then trailing `e`s again are silent, keeping at least two letters.
fn spoken_end(w: &[u8]) -> usize {
    let mut end = w.len();
    let drop_e = |end: &mut usize| {
        while *end > 2 && w[*end - 1] == b'e' {
            *end -= 1;
        }
    };
    drop_e(&mut end);
    for _ in 0..2 {
        if end > 2 && matches!(w[end - 1], b't' | b'd' | b's' | b'x' | b'z') {
            end -= 1;
        }
    }
    drop_e(&mut end);
    end
}

/// The French phonetic key of a name, possibly of several words: the words kept by
/// [`normalize_name`](super::normalize_name) are encoded one by one and concatenated.
///
/// Spellings that sound alike give equal keys: `Lefebvre`, `Lefèvre` and `LEFEVRE`;
/// `Philippe` and `Filipe`; `Mohamed` and `Mohammed`; `Kévin` and `Kevin`; `Thomas` and
/// `Tomas`; `Dupont` and `Dupond`; `Gomez` and `Gomes`. The key is ASCII and may be empty
/// (for a name without letters). The algorithm is described in this module's documentation.
pub fn phonetic(raw: &str) -> String {
    name_words(raw)
        .iter()
        .map(|word| encode_word(word))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) {
        assert_eq!(phonetic(a), phonetic(b), "{a} / {b}");
        assert!(!phonetic(a).is_empty(), "{a}");
    }

    fn differ(a: &str, b: &str) {
        assert_ne!(phonetic(a), phonetic(b), "{a} / {b}");
    }

    #[test]
    fn required_equalities() {
        same("Lefebvre", "Lefèvre");
        same("Lefebvre", "LEFEVRE");
        same("Philippe", "Filipe");
        same("Mohamed", "Mohammed");
        same("Kévin", "Kevin");
        same("Thomas", "Tomas");
    }

    #[test]
    fn common_french_variants() {
        same("Dupont", "Dupond");
        same("Thibault", "Thibaut");
        same("Thibaut", "Thibaud");
        same("Arnaud", "Arnault");
        same("Renaud", "Renault");
        same("Laurent", "Laurant");
        same("Gomez", "Gomes");
        same("Lopez", "Lopes");
        same("Christophe", "Cristof");
        same("Mathéo", "Matteo");
        same("Noa", "Noah");
        same("Sarah", "Sara");
        same("Hugo", "Ugo");
        same("Axel", "Axelle");
        same("Mehdi", "Medhi");
        same("Rousseau", "Roussot");
        same("Jacques", "Jacque");
        same("Georges", "Jorge");
        same("Renée", "René");
        same("Benoît", "Benoit");
        same("François", "Francois");
        same("Gaël", "Gael");
        same("Camille", "Kamil");
        same("Lefebvre-Dupont", "Lefèvre Dupond");
        same("de La Fontaine", "Fontaine");
    }

    #[test]
    fn different_names_stay_apart() {
        differ("Martin", "Martinez");
        differ("Laurent", "Laurence");
        differ("Bernard", "Bertrand");
        differ("Petit", "Durand");
        differ("Fabien", "Fabienne");
        differ("Léa", "Léo");
        differ("Emma", "Emmy");
        differ("Nathan", "Nathalie");
    }

    #[test]
    fn keys_are_ascii_and_may_be_empty() {
        assert_eq!(phonetic(""), "");
        assert_eq!(phonetic("h"), "");
        for name in ["Œuvrard", "Nguyễn", "Müller", "Ødegaard", "Мария", "Xavier"] {
            let key = phonetic(name);
            assert!(key.is_ascii() && !key.is_empty(), "{name}: {key}");
        }
        assert_eq!(phonetic("Lefebvre"), "lefevr");
        assert_eq!(phonetic("Dupont"), "dupO");
    }
}
