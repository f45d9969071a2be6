//! Letters to partners generated from the partner directory (C6): an invitation to an event or
//! a meeting at the Mission Locale, and the cover letter of a partnership agreement. Laid out
//! here as a French formal letter (letterhead, recipient block on the right where an envelope's
//! window shows it, place and date, subject, greeting, body, closing formula repeating the
//! greeting, signature), rendered by `pdf.rs` (pdf-writer).

use chrono::{Datelike as _, NaiveDate};
use domain::offers::LetterKind;

use crate::error::ApiError;
use crate::pdf::{PdfBlock, PdfDocument, PdfSection, render};

/// What a letter says of its sender and recipient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterData {
    /// The Mission Locale ("Mission Locale de Roubaix").
    pub structure_name: String,
    /// Its postal address, one line each.
    pub structure_address: Vec<String>,
    /// The partner organisation.
    pub partner_name: String,
    /// Its postal address, one line each.
    pub partner_address: Vec<String>,
    /// The contact, civility first ("Madame Claire Martin", "Monsieur le Directeur"): printed
    /// whole under the partner's name; the greeting keeps the civility and a title ("Madame,",
    /// "Monsieur le Directeur,"). `None`, or no civility: "Madame, Monsieur,".
    pub contact_name: Option<String>,
    /// Who signs ("Prénom Nom").
    pub signatory: String,
    /// Their title ("Directrice").
    pub signatory_title: String,
    /// The letter's date.
    pub date: NaiveDate,
    /// Where it is written: "Roubaix" (a leading "Fait à" is dropped).
    pub city: String,
    /// The event an invitation is for; `None`: a meeting to present the Mission Locale.
    /// Ignored by the other kinds.
    pub event: Option<LetterEvent>,
}

/// An event a partner is invited to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterEvent {
    /// Its title ("Forum de l'alternance").
    pub title: String,
    /// When, as it should read ("jeudi 10 décembre 2026, de 9 h à 12 h").
    pub when: String,
    /// Where ("Mission Locale, 12 Grand Place, Roubaix").
    pub place: String,
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A date as French letters write it: "23 novembre 2026", "1er décembre 2026".
pub fn french_long_date(date: NaiveDate) -> String {
    let day = match date.day() {
        1 => "1er".to_owned(),
        d => d.to_string(),
    };
    let month = MONTHS
        .get(date.month0() as usize)
        .copied()
        .unwrap_or_default();
    format!("{day} {month} {}", date.year())
}

fn paragraph(text: impl Into<String>) -> PdfBlock {
    PdfBlock::Paragraph(text.into())
}

fn row(label: &str, value: &str) -> PdfBlock {
    PdfBlock::Row {
        label: label.to_owned(),
        value: value.trim().to_owned(),
    }
}

/// Non-empty trimmed lines.
fn lines(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// "Roubaix" from "Roubaix" or "Fait à Roubaix".
fn place_name(city: &str) -> &str {
    let city = city.trim();
    let lower = city.to_lowercase();
    for prefix in ["fait à ", "fait a "] {
        if lower.starts_with(prefix) {
            // Same byte length lowercased: the prefix is ASCII but for "à"/"À" (2 bytes each).
            if let Some(rest) = city.get(prefix.len()..) {
                return rest.trim_start();
            }
        }
    }
    city
}

/// The greeting without its comma, as French letters write it: the civility alone
/// ("Madame"), or with a title ("Monsieur le Directeur"), never the name; "Madame, Monsieur"
/// when the contact is unknown or has no civility.
fn greeting(data: &LetterData) -> String {
    let contact = data.contact_name.as_deref().unwrap_or_default();
    let mut words = contact.split_whitespace();
    let civility = match words.next() {
        Some("Madame" | "Mme" | "Mme." | "madame") => "Madame",
        Some("Monsieur" | "M." | "monsieur") => "Monsieur",
        _ => return "Madame, Monsieur".to_owned(),
    };
    let rest: Vec<&str> = words.collect();
    match rest.first() {
        Some(&("le" | "la")) => format!("{civility} {}", rest.join(" ")),
        Some(w) if w.starts_with("l'") || w.starts_with("l’") => {
            format!("{civility} {}", rest.join(" "))
        }
        _ => civility.to_owned(),
    }
}

/// The structure with its article where it needs one: "la Mission Locale de Roubaix".
fn the_structure(data: &LetterData) -> String {
    let name = data.structure_name.trim();
    if name.to_lowercase().starts_with("mission locale") {
        format!("la {name}")
    } else {
        name.to_owned()
    }
}

fn subject(kind: LetterKind, data: &LetterData) -> String {
    match (kind, &data.event) {
        (LetterKind::Invitation, Some(event)) => {
            format!("Objet : invitation — {}", event.title.trim())
        }
        (LetterKind::Invitation, None) => {
            "Objet : proposition de rencontre à la Mission Locale".to_owned()
        }
        (LetterKind::Convention, _) => "Objet : convention de partenariat".to_owned(),
    }
}

fn body(kind: LetterKind, data: &LetterData) -> Vec<PdfBlock> {
    let structure = the_structure(data);
    let partner = data.partner_name.trim();
    match (kind, &data.event) {
        (LetterKind::Invitation, Some(event)) => vec![
            paragraph(format!(
                "Nous avons le plaisir de vous inviter à l'événement suivant, organisé par \
                 {structure} :"
            )),
            row("Événement", &event.title),
            row("Date", &event.when),
            row("Lieu", &event.place),
            paragraph(
                "Ce temps d'échange sera l'occasion de vous présenter l'accompagnement que la \
                 Mission Locale propose aux jeunes de 16 à 25 ans, de mieux connaître vos \
                 activités et vos besoins, et d'envisager ensemble les actions que nous \
                 pourrions conduire au bénéfice des jeunes de notre territoire.",
            ),
            paragraph(
                "Afin de faciliter l'organisation, nous vous remercions de bien vouloir nous \
                 confirmer votre présence.",
            ),
        ],
        (LetterKind::Invitation, None) => vec![
            paragraph(format!(
                "Nous avons le plaisir de vous proposer une rencontre dans les locaux de \
                 {structure}, afin de vous présenter nos services et les besoins des jeunes \
                 que nous accompagnons."
            )),
            paragraph(
                "La Mission Locale accompagne les jeunes de 16 à 25 ans dans leur accès à \
                 l'emploi et à la formation, ainsi que dans leurs démarches de logement, de \
                 santé et de mobilité. Mieux connaître vos activités et vos attentes nous \
                 permettrait de leur proposer des parcours adaptés et de vous présenter des \
                 candidatures correspondant à vos besoins.",
            ),
            paragraph(
                "Nous vous remercions de bien vouloir nous faire connaître vos disponibilités \
                 afin de convenir ensemble d'une date.",
            ),
        ],
        (LetterKind::Convention, _) => vec![
            paragraph(format!(
                "Pour faire suite à nos échanges, nous avons le plaisir de vous adresser la \
                 convention de partenariat entre {partner} et {structure}."
            )),
            paragraph(
                "Cette convention précise :\n\
                 – l'objet du partenariat et les actions menées en commun ;\n\
                 – les engagements de chacune des parties ;\n\
                 – les modalités d'orientation et de suivi des jeunes accompagnés ;\n\
                 – les règles de confidentialité et de protection des données personnelles ;\n\
                 – la durée de la convention, ainsi que les conditions de son renouvellement et \
                 de sa résiliation ;\n\
                 – les modalités de suivi et d'évaluation du partenariat.",
            ),
            paragraph(
                "Nous vous remercions de bien vouloir nous retourner les deux exemplaires datés \
                 et signés. Un exemplaire signé par nos soins vous sera ensuite adressé.",
            ),
            paragraph(
                "Nous nous réjouissons de ce partenariat au service de l'insertion des jeunes de \
                 notre territoire.",
            ),
        ],
    }
}

/// A letter's layout.
pub fn letter_document(kind: LetterKind, data: &LetterData) -> PdfDocument {
    let greeting = greeting(data);
    let mut recipient = vec![data.partner_name.trim().to_owned()];
    if let Some(contact) = data
        .contact_name
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        recipient.push(format!("À l'attention de {contact}"));
    }
    recipient.extend(lines(&data.partner_address));

    let mut blocks = vec![
        PdfBlock::Aside(recipient.join("\n")),
        PdfBlock::Aside(match place_name(&data.city) {
            "" => format!("\nLe {}", french_long_date(data.date)),
            place => format!("\n{place}, le {}", french_long_date(data.date)),
        }),
        PdfBlock::Strong(format!("\n{}", subject(kind, data))),
    ];
    if kind == LetterKind::Convention {
        blocks.push(paragraph(
            "P. J. : convention de partenariat en deux exemplaires",
        ));
    }
    blocks.push(paragraph(format!("\n{greeting},")));
    blocks.extend(body(kind, data));
    blocks.push(paragraph(
        "Nous restons à votre disposition pour tout renseignement complémentaire.",
    ));
    blocks.push(paragraph(format!(
        "Veuillez agréer, {greeting}, l'expression de nos salutations distinguées."
    )));
    blocks.push(PdfBlock::Aside(format!(
        "\n{}\n{}\n{}",
        data.signatory.trim(),
        data.signatory_title.trim(),
        data.structure_name.trim()
    )));

    let address = lines(&data.structure_address);
    PdfDocument {
        title: data.structure_name.trim().to_owned(),
        subtitle: (!address.is_empty()).then(|| address.join(" · ")),
        sections: vec![PdfSection {
            heading: String::new(),
            blocks,
        }],
        footer: Some(format!("{} · {}", data.structure_name.trim(), kind.label())),
    }
}

/// Renders a letter to a partner.
pub fn render_letter(kind: LetterKind, data: &LetterData) -> Result<Vec<u8>, ApiError> {
    render(&letter_document(kind, data))
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("pdf: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(event: Option<LetterEvent>) -> LetterData {
        LetterData {
            structure_name: "Mission Locale de Roubaix".to_owned(),
            structure_address: vec![
                "12 Grand Place".to_owned(),
                " ".to_owned(),
                "59100 Roubaix".to_owned(),
            ],
            partner_name: "L'Atelier d'Économie Solidaire".to_owned(),
            partner_address: vec!["3 rue de l'Épeule".to_owned(), "59100 Roubaix".to_owned()],
            contact_name: Some("Madame Hélène Lefèvre".to_owned()),
            signatory: "Françoise Dufour".to_owned(),
            signatory_title: "Directrice".to_owned(),
            date: NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
            city: "Fait à Roubaix".to_owned(),
            event,
        }
    }

    fn forum() -> LetterEvent {
        LetterEvent {
            title: "Forum de l'alternance".to_owned(),
            when: "jeudi 10 décembre 2026, de 9 h à 12 h".to_owned(),
            place: "Mission Locale, 12 Grand Place, 59100 Roubaix".to_owned(),
        }
    }

    /// The pages and the text of a PDF, with lines joined by spaces and apostrophes straight.
    fn read(pdf: &[u8]) -> (usize, String) {
        assert!(pdf.starts_with(b"%PDF-"));
        let doc = lopdf::Document::load_mem(pdf).expect("a valid PDF");
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        let text = doc.extract_text(&pages).expect("extractable text");
        (
            pages.len(),
            text.split_whitespace().collect::<Vec<_>>().join(" "),
        )
    }

    fn assert_holds(text: &str, expected: &[&str]) {
        for e in expected {
            assert!(text.contains(e), "{e:?} missing from {text:?}");
        }
    }

    #[test]
    fn french_dates() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert_eq!(french_long_date(d(2026, 11, 23)), "23 novembre 2026");
        assert_eq!(french_long_date(d(2026, 12, 1)), "1er décembre 2026");
        assert_eq!(french_long_date(d(2027, 2, 9)), "9 février 2027");
        assert_eq!(french_long_date(d(2027, 8, 15)), "15 août 2027");
    }

    #[test]
    fn greetings_keep_the_civility_and_a_title() {
        let with = |contact: Option<&str>| {
            let mut letter = data(None);
            letter.contact_name = contact.map(str::to_owned);
            greeting(&letter)
        };
        assert_eq!(with(Some("Madame Hélène Lefèvre")), "Madame");
        assert_eq!(with(Some("Mme Lefèvre")), "Madame");
        assert_eq!(with(Some("M. Karim Benali")), "Monsieur");
        assert_eq!(with(Some("Monsieur le Directeur")), "Monsieur le Directeur");
        assert_eq!(with(Some("Madame la Présidente")), "Madame la Présidente");
        assert_eq!(with(Some("Hélène Lefèvre")), "Madame, Monsieur");
        assert_eq!(with(Some(" ")), "Madame, Monsieur");
        assert_eq!(with(None), "Madame, Monsieur");
    }

    #[test]
    fn an_invitation_to_an_event() {
        let bytes = render_letter(LetterKind::Invitation, &data(Some(forum()))).expect("pdf");
        let (pages, text) = read(&bytes);
        assert_eq!(pages, 1);
        assert_holds(
            &text,
            &[
                "Mission Locale de Roubaix",
                "12 Grand Place · 59100 Roubaix",
                "L'Atelier d'Économie Solidaire",
                "À l'attention de Madame Hélène Lefèvre",
                "3 rue de l'Épeule",
                "Roubaix, le 23 novembre 2026",
                "Objet : invitation — Forum de l'alternance",
                "Madame,",
                "Nous avons le plaisir de vous inviter à l'événement suivant, organisé par la \
                 Mission Locale de Roubaix",
                "Forum de l'alternance",
                "jeudi 10 décembre 2026, de 9 h à 12 h",
                "Veuillez agréer, Madame, l'expression de nos salutations distinguées.",
                "Françoise Dufour",
                "Directrice",
            ],
        );
        assert!(!text.contains("Fait à"), "{text}");
    }

    #[test]
    fn an_invitation_to_a_meeting_without_a_contact() {
        let mut letter = data(None);
        letter.contact_name = None;
        letter.city = "Tourcoing".to_owned();
        let bytes = render_letter(LetterKind::Invitation, &letter).expect("pdf");
        let (_, text) = read(&bytes);
        assert_holds(
            &text,
            &[
                "L'Atelier d'Économie Solidaire",
                "Tourcoing, le 23 novembre 2026",
                "proposition de rencontre",
                "Madame, Monsieur,",
                "présenter nos services",
                "Veuillez agréer, Madame, Monsieur, l'expression",
                "Françoise Dufour",
            ],
        );
        assert!(!text.contains("attention"), "{text}");

        // No place known: the date alone.
        letter.city = " ".to_owned();
        let (_, text) = read(&render_letter(LetterKind::Invitation, &letter).expect("pdf"));
        assert_holds(&text, &["Le 23 novembre 2026"]);
        assert!(!text.contains(", le 23"), "{text}");
    }

    #[test]
    fn a_convention_cover_letter() {
        // The event is for invitations only.
        let bytes = render_letter(LetterKind::Convention, &data(Some(forum()))).expect("pdf");
        let (pages, text) = read(&bytes);
        assert_eq!(pages, 1);
        assert_holds(
            &text,
            &[
                "Objet : convention de partenariat",
                "P. J. : convention de partenariat en deux exemplaires",
                "Madame,",
                "la convention de partenariat entre L'Atelier d'Économie Solidaire et la \
                 Mission Locale de Roubaix",
                "les engagements de chacune des parties",
                "protection des données personnelles",
                "deux exemplaires datés et signés",
                "Françoise Dufour",
            ],
        );
        assert!(!text.contains("Forum"), "{text}");
    }

    #[test]
    fn odd_input_still_renders() {
        let mut letter = data(Some(LetterEvent {
            title: "Job dating « Métiers de l'aide à domicile » ".repeat(20),
            when: String::new(),
            place: "\t".to_owned(),
        }));
        letter.partner_name = "Établissement d'Insertion « L'Œuvre » ".repeat(30);
        letter.partner_address = vec![String::new()];
        letter.structure_address = Vec::new();
        letter.contact_name = Some("  ".to_owned());
        letter.city = "FAIT À Hénin-Beaumont".to_owned();
        let bytes = render_letter(LetterKind::Invitation, &letter).expect("pdf");
        let (pages, text) = read(&bytes);
        assert!(pages >= 1);
        assert_holds(
            &text,
            &[
                "Établissement d'Insertion « L'Œuvre »",
                "Hénin-Beaumont, le 23 novembre 2026",
                "Madame, Monsieur,",
            ],
        );
    }
}
