//! The readable PDF of a young person's data export (RGPD right of access, G2).

use domain::dto::YouthDataExport;
use domain::file::{FileField, FileSection};

use crate::error::ApiError;
use crate::pdf::{PdfBlock, PdfDocument, PdfSection, render};

/// Lays out an export: the file section by section, who entered each value, the history, the
/// reads and the pre-registrations.
pub fn export_document(export: &YouthDataExport) -> PdfDocument {
    let file = &export.file;
    let mut sections = vec![PdfSection {
        heading: "À propos de ce document".to_owned(),
        blocks: vec![PdfBlock::Paragraph(format!(
            "Ce document rassemble toutes les informations que la {} conserve à votre sujet dans \
             Passerelle, au {}. Vous pouvez demander à votre conseiller ou conseillère de \
             corriger une information inexacte (droit de rectification, RGPD art. 16) ou \
             vous adresser à la CNIL.",
            export.structure_name,
            export.exported_at.format("%d/%m/%Y à %H:%M")
        ))],
    }];
    for section in FileSection::ALL {
        let blocks: Vec<PdfBlock> = FileField::ALL
            .iter()
            .filter(|f| f.section() == *section)
            .map(|f| {
                let mut value = f.display(&f.get(&file.data));
                if *f == FileField::Commune
                    && let Some(name) = &file.commune_name
                {
                    value = format!("{name} ({value})");
                }
                if *f == FileField::BirthCommune
                    && let Some(name) = &file.birth_commune_name
                {
                    value = format!("{name} ({value})");
                }
                if let Some(p) = file.provenance_of(*f) {
                    value.push_str(&format!(" — saisi par {}", p.author_name));
                }
                PdfBlock::Row {
                    label: f.label().to_owned(),
                    value,
                }
            })
            .collect();
        sections.push(PdfSection {
            heading: section.label().to_owned(),
            blocks,
        });
    }
    sections.push(PdfSection {
        heading: "Ce qui manque au dossier".to_owned(),
        blocks: if file.completeness.items.is_empty() {
            vec![PdfBlock::Paragraph(
                "Rien : le dossier est complet.".to_owned(),
            )]
        } else {
            file.completeness
                .items
                .iter()
                .map(|i| PdfBlock::Paragraph(format!("• {} {}", i.message, i.action)))
                .collect()
        },
    });
    sections.push(PdfSection {
        heading: "Historique des modifications".to_owned(),
        blocks: vec![PdfBlock::Table {
            columns: ["Date", "Information", "Avant", "Après", "Par"]
                .map(str::to_owned)
                .to_vec(),
            rows: export
                .history
                .iter()
                .map(|c| {
                    vec![
                        c.at.format("%d/%m/%Y %H:%M").to_string(),
                        format!("{} ({})", c.label, c.kind.label().to_lowercase()),
                        c.old_display.clone(),
                        c.new_display.clone(),
                        c.author_name.clone(),
                    ]
                })
                .collect(),
        }],
    });
    sections.push(PdfSection {
        heading: "Qui a consulté votre dossier".to_owned(),
        blocks: vec![PdfBlock::Table {
            columns: ["Date", "Personne", "Rôle", "Action"]
                .map(str::to_owned)
                .to_vec(),
            rows: export
                .readers
                .iter()
                .map(|r| {
                    vec![
                        r.at.format("%d/%m/%Y %H:%M").to_string(),
                        r.name.clone(),
                        r.role.clone(),
                        r.summary.clone(),
                    ]
                })
                .collect(),
        }],
    });
    if !export.preregistrations.is_empty() {
        sections.push(PdfSection {
            heading: "Vos pré-inscriptions en ligne".to_owned(),
            blocks: export
                .preregistrations
                .iter()
                .map(|p| PdfBlock::Row {
                    label: p.summary.reference.clone(),
                    value: format!(
                        "reçue le {} — {}",
                        p.summary.received_at.format("%d/%m/%Y"),
                        p.summary.status.label()
                    ),
                })
                .collect(),
        });
    }
    PdfDocument {
        title: format!("Vos données — {} {}", file.first_name, file.last_name),
        subtitle: Some(format!(
            "{} · export du {}",
            export.structure_name,
            export.exported_at.format("%d/%m/%Y")
        )),
        sections,
        footer: Some(format!(
            "Passerelle — {} — document personnel et confidentiel",
            export.structure_name
        )),
    }
}

/// Renders the export's PDF.
pub fn render_export(export: &YouthDataExport) -> Result<Vec<u8>, ApiError> {
    render(&export_document(export)).map_err(|e| ApiError::Internal(anyhow::anyhow!("pdf: {e}")))
}
