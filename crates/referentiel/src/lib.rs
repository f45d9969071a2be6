//! Reference data for the server: the communes of France (with the arrondissements municipaux
//! of Paris, Lyon and Marseille), their postcodes, départements and regions.
//!
//! The data come from the npm package `@etalab/decoupage-administratif`, reduced by
//! `data/update-communes.sh` to `data/communes.tsv` (source, version and licence in
//! `data/LICENCE-communes.md`). The file is compiled into the binary and parsed once, on first
//! use; nothing is fetched at run time.
//!
//! ```
//! let communes = referentiel::communes();
//! assert_eq!(communes.by_insee("59512").map(|c| c.name.as_str()), Some("Roubaix"));
//! assert_eq!(communes.search("st etienne", 5)[0].insee, "42218");
//! ```

use std::collections::HashMap;
use std::sync::LazyLock;

/// The vendored file (see `data/LICENCE-communes.md`).
const COMMUNES_TSV: &str = include_str!("../data/communes.tsv");

/// A commune, or an arrondissement municipal of Paris, Lyon or Marseille.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commune {
    /// INSEE code (code officiel géographique): five characters, `59512`, `2A004`, `97411`.
    pub insee: String,
    /// Official name, with its accents and hyphens: `Saint-Étienne`.
    pub name: String,
    /// The postcodes serving the commune (at least one, except for a few uninhabited
    /// overseas districts), in the source's order.
    pub postcodes: Vec<String>,
    /// Département code: `59`, `2A`, or three characters overseas (`974`, `987`).
    pub departement: String,
    /// Region code (`32` for Hauts-de-France); `None` for the collectivités d'outre-mer
    /// (Saint-Pierre-et-Miquelon, Polynésie française…), which belong to no region.
    pub region: Option<String>,
    /// For an arrondissement municipal (`75101`, `69381`, `13201`…), the INSEE code of its
    /// commune (`75056` Paris, `69123` Lyon, `13055` Marseille); `None` for a commune.
    pub arrondissement_of: Option<String>,
}

impl Commune {
    /// Whether this is an arrondissement municipal rather than a commune.
    pub fn is_arrondissement(&self) -> bool {
        self.arrondissement_of.is_some()
    }
}

/// All the communes, with lookups by INSEE code, by postcode and by name.
#[derive(Debug)]
pub struct Communes {
    /// Sorted by INSEE code.
    list: Vec<Commune>,
    /// The normalised names ([`normalize`]), index for index with `list`.
    keys: Vec<String>,
    /// Indices into `list`, sorted by normalised name then INSEE code.
    by_name: Vec<usize>,
    /// Postcode → indices into `list`, sorted by name.
    by_postcode: HashMap<String, Vec<usize>>,
}

static COMMUNES: LazyLock<Communes> = LazyLock::new(|| {
    #[expect(
        clippy::expect_used,
        reason = "the vendored file is compiled in and checked by the tests: a parse error is a \
                  build defect, not a run-time condition"
    )]
    Communes::parse(COMMUNES_TSV).expect("data/communes.tsv is well formed")
});

/// The communes of France, parsed on first use (a few milliseconds) and kept for the life
/// of the process.
pub fn communes() -> &'static Communes {
    &COMMUNES
}

impl Communes {
    /// Parses the format written by `data/update-communes.sh`.
    fn parse(text: &str) -> Result<Self, String> {
        let mut regions: HashMap<&str, &str> = HashMap::new();
        let mut list = Vec::with_capacity(36_000);
        for (number, line) in text.lines().enumerate() {
            let bad = |what: &str| format!("communes.tsv line {}: {what}", number + 1);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(rest) = line.strip_prefix('@') {
                let (departement, region) = rest.split_once('\t').ok_or_else(|| bad("region"))?;
                regions.insert(departement, region);
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(insee), Some(name), Some(postcodes)) =
                (fields.next(), fields.next(), fields.next())
            else {
                return Err(bad("fewer than 3 fields"));
            };
            if insee.len() != 5 || !insee.is_ascii() || name.is_empty() {
                return Err(bad("INSEE code or name"));
            }
            let departement = departement_of(insee);
            list.push(Commune {
                insee: insee.to_owned(),
                name: name.to_owned(),
                postcodes: postcodes.split_whitespace().map(str::to_owned).collect(),
                departement: departement.to_owned(),
                region: regions.get(departement).map(|r| (*r).to_owned()),
                arrondissement_of: fields.next().filter(|p| !p.is_empty()).map(str::to_owned),
            });
        }
        list.sort_by(|a, b| a.insee.cmp(&b.insee));
        let keys: Vec<String> = list.iter().map(|c| normalize(&c.name)).collect();
        let by_key =
            |&a: &usize, &b: &usize| (&keys[a], &list[a].insee).cmp(&(&keys[b], &list[b].insee));
        let mut by_name: Vec<usize> = (0..list.len()).collect();
        by_name.sort_by(by_key);
        let mut by_postcode: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, commune) in list.iter().enumerate() {
            for postcode in &commune.postcodes {
                by_postcode.entry(postcode.clone()).or_default().push(index);
            }
        }
        for indices in by_postcode.values_mut() {
            indices.sort_by(by_key);
        }
        Ok(Communes {
            list,
            keys,
            by_name,
            by_postcode,
        })
    }

    /// The commune (or arrondissement municipal) with this INSEE code; the Corsican letter
    /// may be lower case (`2a004`).
    pub fn by_insee(&self, code: &str) -> Option<&Commune> {
        let code = code.trim().to_ascii_uppercase();
        self.list
            .binary_search_by(|c| c.insee.as_str().cmp(&code))
            .ok()
            .map(|index| &self.list[index])
    }

    /// The communes served by a postcode (spaces are ignored: `59 100`), sorted by name
    /// (ignoring accents and case). Empty for an unknown postcode. In Paris, Lyon and
    /// Marseille both the commune and its arrondissement are returned.
    pub fn by_postcode(&self, postcode: &str) -> Vec<&Commune> {
        let postcode: String = postcode.split_whitespace().collect();
        self.by_postcode
            .get(&postcode)
            .map(|indices| indices.iter().map(|&i| &self.list[i]).collect())
            .unwrap_or_default()
    }

    /// Up to `limit` communes matching what a user typed, best first.
    ///
    /// - Five digits: the communes with that postcode (sorted by name), then the commune
    ///   with that INSEE code if it is another one (`97411` is a postcode of Saint-Paul and
    ///   the INSEE code of Saint-Denis de La Réunion: both are returned, Saint-Paul first).
    /// - An INSEE code with a Corsican letter (`2A004`, `2b033`): that commune.
    /// - Two to four digits: the communes with a postcode starting with them.
    /// - Otherwise a name, ignoring case, accents, hyphens and apostrophes, with `st`/`ste`
    ///   read as `saint`/`sainte`: first the exact names, then the names starting with the
    ///   query, then those where it starts a later word, then those where every word of the
    ///   query starts some word of the name; alphabetical within each group. So
    ///   `st etienne`, `saint-étienne` and `SAINT ETIENNE` all find Saint-Étienne first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Commune> {
        let compact: String = query.split_whitespace().collect();
        let mut found = if is_digits(&compact, 5) {
            let mut by_postcode = self.by_postcode(&compact);
            if let Some(commune) = self.by_insee(&compact)
                && !by_postcode.contains(&commune)
            {
                by_postcode.push(commune);
            }
            by_postcode
        } else if is_corsican_insee(&compact) {
            self.by_insee(&compact).into_iter().collect()
        } else if (2..5).contains(&compact.len()) && compact.bytes().all(|b| b.is_ascii_digit()) {
            self.by_postcode_prefix(&compact)
        } else {
            self.by_name(&normalize(query), limit)
        };
        found.truncate(limit);
        found
    }

    /// Communes with a postcode starting with `prefix`, by postcode then name.
    fn by_postcode_prefix(&self, prefix: &str) -> Vec<&Commune> {
        let mut hits: Vec<(&str, usize)> = self
            .list
            .iter()
            .enumerate()
            .filter_map(|(index, commune)| {
                commune
                    .postcodes
                    .iter()
                    .filter(|p| p.starts_with(prefix))
                    .min()
                    .map(|p| (p.as_str(), index))
            })
            .collect();
        hits.sort_by(|a, b| (a.0, &self.keys[a.1]).cmp(&(b.0, &self.keys[b.1])));
        hits.into_iter().map(|(_, i)| &self.list[i]).collect()
    }

    /// Name search on a normalised query, by match quality then name: the exact names and
    /// the prefixes are one range of `by_name`; the other groups need a scan, done only if
    /// the limit is not reached.
    fn by_name(&self, query: &str, limit: usize) -> Vec<&Commune> {
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let start = self
            .by_name
            .partition_point(|&i| self.keys[i].as_str() < query);
        let mut found: Vec<usize> = self.by_name[start..]
            .iter()
            .copied()
            .take_while(|&i| self.keys[i].starts_with(query))
            .take(limit)
            .collect();
        let inner = format!(" {query}");
        let words: Vec<&str> = query.split(' ').collect();
        let later_word = |key: &str| !key.starts_with(query) && key.contains(&inner);
        let all_words = |key: &str| {
            words.len() > 1
                && !key.starts_with(query)
                && !key.contains(&inner)
                && words
                    .iter()
                    .all(|w| key.split(' ').any(|k| k.starts_with(w)))
        };
        for group in [&later_word as &dyn Fn(&str) -> bool, &all_words] {
            if found.len() >= limit {
                break;
            }
            let room = limit - found.len();
            found.extend(
                self.by_name
                    .iter()
                    .copied()
                    .filter(|&i| group(&self.keys[i]))
                    .take(room),
            );
        }
        found.into_iter().map(|i| &self.list[i]).collect()
    }

    /// Every commune and arrondissement municipal, sorted by INSEE code.
    pub fn iter(&self) -> impl Iterator<Item = &Commune> {
        self.list.iter()
    }

    /// How many communes and arrondissements municipaux there are.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are none (never, with the vendored file).
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// The département of an INSEE code: three characters overseas (`97x`, `98x`), two otherwise.
fn departement_of(insee: &str) -> &str {
    if insee.starts_with("97") || insee.starts_with("98") {
        &insee[..3]
    } else {
        &insee[..2]
    }
}

fn is_digits(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_corsican_insee(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 5
        && bytes[0] == b'2'
        && matches!(bytes[1], b'A' | b'B' | b'a' | b'b')
        && bytes[2..].iter().all(u8::is_ascii_digit)
}

/// A name reduced for comparison: lower case, no accents, `œ`→`oe`, every run of other
/// characters (hyphens, apostrophes, spaces, parentheses) one space, `st`/`ste` spelt out.
/// `Saint-Étienne`, `st etienne` and `SAINT ETIENNE` all give `saint etienne`.
pub fn normalize(text: &str) -> String {
    let mut flat = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match fold(c) {
            Some(s) => flat.push_str(s),
            None if c.is_alphanumeric() => flat.push(c),
            None => flat.push(' '),
        }
    }
    let mut out = String::with_capacity(flat.len());
    for word in flat.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(match word {
            "st" => "saint",
            "ste" => "sainte",
            "sts" => "saints",
            "stes" => "saintes",
            other => other,
        });
    }
    out
}

/// ASCII spelling of a lower-case letter; `None` for characters kept as they are (or, if not
/// alphanumeric, turned into a space).
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'a'..='z' | '0'..='9' => return None,
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'æ' => "ae",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(found: &[&Commune]) -> Vec<String> {
        found
            .iter()
            .map(|c| format!("{} {}", c.insee, c.name))
            .collect()
    }

    #[test]
    fn the_file_parses_with_plausible_counts() {
        let all = communes();
        assert!(all.len() > 34_000, "{}", all.len());
        assert!(all.len() < 37_000, "{}", all.len());
        assert!(!all.is_empty());
        let arrondissements = all.iter().filter(|c| c.is_arrondissement()).count();
        assert_eq!(arrondissements, 20 + 9 + 16);
        // Every commune of metropolitan France and the DROM has a postcode and a region.
        for c in all.iter().filter(|c| !c.insee.starts_with("98")) {
            assert!(!c.postcodes.is_empty(), "{} has no postcode", c.insee);
            assert!(c.postcodes.iter().all(|p| is_digits(p, 5)), "{c:?}");
            if !["975", "977", "978"].contains(&c.departement.as_str()) {
                assert!(c.region.is_some(), "{} has no region", c.insee);
            }
        }
        assert!(
            all.iter()
                .zip(all.iter().skip(1))
                .all(|(a, b)| a.insee < b.insee)
        );
    }

    #[test]
    fn lookups_by_insee_code() {
        let all = communes();
        let roubaix = all.by_insee("59512").unwrap();
        assert_eq!(roubaix.name, "Roubaix");
        assert_eq!(roubaix.postcodes, ["59100"]);
        assert_eq!(roubaix.departement, "59");
        assert_eq!(roubaix.region.as_deref(), Some("32"));
        assert!(!roubaix.is_arrondissement());

        let lille = all.by_insee("59350").unwrap();
        assert_eq!(lille.name, "Lille");
        assert!(lille.postcodes.iter().any(|p| p == "59000"));

        let ajaccio = all.by_insee("2A004").unwrap();
        assert_eq!(ajaccio.name, "Ajaccio");
        assert_eq!(ajaccio.departement, "2A");
        assert_eq!(ajaccio.region.as_deref(), Some("94"));
        assert_eq!(all.by_insee("2a004"), Some(ajaccio));

        let saint_denis = all.by_insee("97411").unwrap();
        assert_eq!(saint_denis.name, "Saint-Denis");
        assert_eq!(saint_denis.departement, "974");
        assert_eq!(saint_denis.region.as_deref(), Some("04"));

        let mamoudzou = all.by_insee("97611").unwrap();
        assert_eq!(mamoudzou.name, "Mamoudzou");
        assert_eq!(mamoudzou.departement, "976");

        let papeete = all.by_insee("98735").unwrap();
        assert_eq!(papeete.departement, "987");
        assert_eq!(papeete.region, None);

        let paris_1 = all.by_insee("75101").unwrap();
        assert!(paris_1.is_arrondissement());
        assert_eq!(paris_1.arrondissement_of.as_deref(), Some("75056"));
        assert_eq!(paris_1.postcodes, ["75001"]);
        assert_eq!(
            all.by_insee("69381").unwrap().arrondissement_of.as_deref(),
            Some("69123")
        );

        for unknown in ["00000", "59999", "2C004", "", "5951", "595120", "Roubaix"] {
            assert_eq!(all.by_insee(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn lookups_by_postcode_are_sorted_by_name() {
        let all = communes();
        assert_eq!(names(&all.by_postcode("59100")), ["59512 Roubaix"]);
        assert_eq!(names(&all.by_postcode(" 59 100 ")), ["59512 Roubaix"]);
        let lille = all.by_postcode("59000");
        assert!(lille.iter().any(|c| c.insee == "59350"));
        let paris_1 = names(&all.by_postcode("75001"));
        assert_eq!(paris_1, ["75056 Paris", "75101 Paris 1er Arrondissement"]);
        let several = all.by_postcode("59160");
        assert!(several.len() > 1);
        let keys: Vec<String> = several.iter().map(|c| normalize(&c.name)).collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
        assert!(all.by_postcode("00000").is_empty());
        assert!(all.by_postcode("abc").is_empty());
    }

    #[test]
    fn names_normalise() {
        assert_eq!(normalize("Saint-Étienne"), "saint etienne");
        assert_eq!(normalize("  st   ETIENNE "), "saint etienne");
        assert_eq!(normalize("Ste-Foy-lès-Lyon"), "sainte foy les lyon");
        assert_eq!(normalize("L'Haÿ-les-Roses"), "l hay les roses");
        assert_eq!(normalize("Œuilly"), "oeuilly");
        assert_eq!(
            normalize("Paris 1er Arrondissement"),
            "paris 1er arrondissement"
        );
        assert_eq!(normalize("--"), "");
    }

    #[test]
    fn search_by_name_ranks_exact_then_prefix_then_word() {
        let all = communes();
        for query in [
            "st etienne",
            "saint-étienne",
            "SAINT ETIENNE",
            "Saint Étienne",
        ] {
            let found = all.search(query, 10);
            assert_eq!(found[0].insee, "42218", "{query}: {:?}", names(&found));
            assert_eq!(found[0].name, "Saint-Étienne");
            assert_eq!(found.len(), 10);
        }
        // Then the names starting with "Saint-Étienne-…".
        let found = all.search("st etienne", 10);
        assert!(
            found[1..]
                .iter()
                .all(|c| normalize(&c.name).starts_with("saint etienne "))
        );

        assert_eq!(all.search("roubaix", 20)[0].insee, "59512");
        assert_eq!(all.search("ROUBAIX", 20).len(), 1);
        assert_eq!(all.search("lille", 20)[0].insee, "59350");
        assert_eq!(all.search("ajaccio", 20)[0].insee, "2A004");
        assert_eq!(all.search("mamoudzou", 20)[0].insee, "97611");
        assert_eq!(all.search("l'hay les roses", 5)[0].name, "L'Haÿ-les-Roses");

        // A word inside the name, and words in another order.
        let etienne = all.search("etienne", 500);
        assert!(etienne.iter().any(|c| c.insee == "42218"));
        let reversed = all.search("etienne saint", 50);
        assert!(reversed.iter().any(|c| c.insee == "42218"));

        // Several exact matches: Saint-Denis (93) and Saint-Denis (974) are both first.
        let saint_denis = all.search("saint denis", 10);
        assert!(saint_denis.iter().take(4).any(|c| c.insee == "93066"));
        assert!(saint_denis.iter().take(4).any(|c| c.insee == "97411"));
    }

    /// The ranking spelt out naively: every name scored, then sorted.
    fn naive_search<'a>(all: &'a Communes, query: &str, limit: usize) -> Vec<&'a Commune> {
        let query = normalize(query);
        let words: Vec<&str> = query.split(' ').collect();
        let mut hits: Vec<(u8, String, &Commune)> = all
            .iter()
            .filter_map(|c| {
                let key = normalize(&c.name);
                let rank = if key == query {
                    0
                } else if key.starts_with(&query) {
                    1
                } else if key.contains(&format!(" {query}")) {
                    2
                } else if words.len() > 1
                    && words
                        .iter()
                        .all(|w| key.split(' ').any(|k| k.starts_with(w)))
                {
                    3
                } else {
                    return None;
                };
                Some((rank, key, c))
            })
            .collect();
        hits.sort_by(|a, b| (a.0, &a.1, &a.2.insee).cmp(&(b.0, &b.1, &b.2.insee)));
        hits.into_iter().take(limit).map(|h| h.2).collect()
    }

    #[test]
    fn search_by_name_agrees_with_the_naive_ranking() {
        let all = communes();
        for query in [
            "saint",
            "st etienne",
            "etienne",
            "etienne saint",
            "lyon",
            "sur mer",
            "a",
            "paris",
            "l hay",
            "x",
        ] {
            let expected = names(&naive_search(all, query, usize::MAX));
            for limit in [1, 20, usize::MAX] {
                let n = limit.min(expected.len());
                assert_eq!(
                    names(&all.search(query, limit)),
                    expected[..n],
                    "{query} / {limit}"
                );
            }
        }
    }

    #[test]
    fn search_by_code() {
        let all = communes();
        // The postcode first, then the commune whose INSEE code these digits are.
        assert_eq!(
            names(&all.search("59100", 20)),
            ["59512 Roubaix", "59100 Bousignies"]
        );
        assert_eq!(names(&all.search(" 59 100", 1)), ["59512 Roubaix"]);
        assert_eq!(names(&all.search("59512", 20)), ["59512 Roubaix"]);
        assert!(all.search("59000", 20).iter().any(|c| c.insee == "59350"));
        assert!(all.search("20000", 20).iter().any(|c| c.insee == "2A004"));
        assert!(all.search("97400", 20).iter().any(|c| c.insee == "97411"));
        assert!(all.search("97600", 20).iter().any(|c| c.insee == "97611"));
        // Overseas and Corsican INSEE codes.
        assert_eq!(
            names(&all.search("97411", 20)),
            ["97415 Saint-Paul", "97411 Saint-Denis"]
        );
        assert_eq!(names(&all.search("97611", 20)), ["97611 Mamoudzou"]);
        assert_eq!(names(&all.search("2A004", 20)), ["2A004 Ajaccio"]);
        assert_eq!(names(&all.search("2b033", 20)), ["2B033 Bastia"]);
        // A postcode prefix.
        let prefix = all.search("591", 30);
        assert_eq!(prefix.len(), 30);
        assert!(
            prefix
                .iter()
                .all(|c| c.postcodes.iter().any(|p| p.starts_with("591")))
        );
        assert_eq!(
            prefix[0].postcodes.iter().min().map(String::as_str),
            Some("59100")
        );
    }

    #[test]
    fn search_limits_and_misses() {
        let all = communes();
        assert!(all.search("saint", 0).is_empty());
        assert_eq!(all.search("saint", 7).len(), 7);
        assert!(all.search("", 20).is_empty());
        assert!(all.search("  - ' ", 20).is_empty());
        assert!(all.search("zzzzqqq", 20).is_empty());
        assert!(all.search("00000", 20).is_empty());
        assert!(all.search("2C004", 20).is_empty());
    }

    #[test]
    fn malformed_lines_are_reported() {
        assert!(Communes::parse("59512\tRoubaix\n").is_err());
        assert!(Communes::parse("595\tRoubaix\t59100\n").is_err());
        assert!(Communes::parse("@59\n").is_err());
        let one = Communes::parse("# c\n@59\t32\n59512\tRoubaix\t59100\n").unwrap();
        assert_eq!(one.len(), 1);
    }
}
