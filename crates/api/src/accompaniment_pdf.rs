//! The documents generated from the accompaniment (A19, B5): the recap of the diagnostic and
//! plan given to the young person, and the CEJ review (bilan) with the hours week by week.
//! Laid out here, rendered by `pdf.rs` (pdf-writer).

use chrono::NaiveDate;
use domain::accompaniment::{
    ActionStatus, ContractStatus, ObjectiveStatus, UrgencyLevel, format_minutes, french_date,
};
use domain::dto::PlanAction;
use storage::accompaniment::documents::{BilanData, RecapData};

use crate::error::ApiError;
use crate::pdf::{PdfBlock, PdfDocument, PdfSection, render};

fn paragraph(text: impl Into<String>) -> PdfBlock {
    PdfBlock::Paragraph(text.into())
}

fn row(label: &str, value: impl Into<String>) -> PdfBlock {
    PdfBlock::Row {
        label: label.to_owned(),
        value: value.into(),
    }
}

fn date_or_dash(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "—".to_owned(), french_date)
}

fn actions_table(actions: &[&PlanAction]) -> PdfBlock {
    PdfBlock::Table {
        columns: ["Action", "Qui", "Échéance", "Où en est-on"]
            .map(str::to_owned)
            .to_vec(),
        rows: actions
            .iter()
            .map(|a| {
                vec![
                    a.title.clone(),
                    match &a.partner_name {
                        Some(p) => format!("{} ({p})", a.carrier.label()),
                        None => a.carrier.label().to_owned(),
                    },
                    date_or_dash(a.due_on),
                    a.status.youth_label().to_owned(),
                ]
            })
            .collect(),
    }
}

/// The recap's layout.
pub fn recap_document(data: &RecapData, today: NaiveDate) -> PdfDocument {
    let mut sections = vec![PdfSection {
        heading: String::new(),
        blocks: vec![paragraph(
            "Ce document résume ce que nous avons vu ensemble : votre situation, vos demandes et \
             le plan d'action que nous avons construit. Gardez-le : il vous aide à suivre vos \
             démarches. Vous pouvez demander à le corriger à tout moment.",
        )],
    }];
    match &data.diagnostic {
        None => sections.push(PdfSection {
            heading: "Diagnostic".to_owned(),
            blocks: vec![paragraph("Le diagnostic n'est pas encore rédigé.")],
        }),
        Some(d) => {
            let mut blocks = vec![paragraph(format!(
                "Version {} du {}, par {}.",
                d.number,
                french_date(domain::accompaniment::paris_date(d.created_at)),
                d.author_name
            ))];
            let urgent: Vec<String> = d
                .content
                .urgencies()
                .into_iter()
                .filter(|(_, level)| *level == UrgencyLevel::Urgente)
                .map(|(domain, _)| domain.label().to_owned())
                .collect();
            if !urgent.is_empty() {
                blocks.push(row("À traiter en priorité", urgent.join(", ")));
            }
            sections.push(PdfSection {
                heading: "Diagnostic".to_owned(),
                blocks,
            });
            for (theme, urgency) in d.content.themes_by_urgency() {
                let Some(a) = d.content.theme(theme) else {
                    continue;
                };
                let mut blocks = Vec::new();
                if urgency != UrgencyLevel::Aucune {
                    blocks.push(row("Urgence", urgency.label()));
                }
                if !a.situation.is_empty() {
                    blocks.push(row("Situation", a.situation.clone()));
                }
                for demand in &a.demands {
                    let mut text = format!(
                        "{} ({})",
                        demand.category.label(),
                        demand.status.label().to_lowercase()
                    );
                    if !demand.detail.is_empty() {
                        text.push_str(&format!(" : {}", demand.detail));
                    }
                    blocks.push(row("Demande", text));
                }
                if !a.obstacles.is_empty() {
                    blocks.push(row("Freins", a.obstacles.clone()));
                }
                if !a.resources.is_empty() {
                    blocks.push(row("Points d'appui", a.resources.clone()));
                }
                sections.push(PdfSection {
                    heading: theme.label().to_owned(),
                    blocks,
                });
            }
            let skills = [
                ("Savoir-être", &d.content.savoir_etre),
                ("Savoir-faire", &d.content.savoir_faire),
            ];
            if skills.iter().any(|(_, s)| !s.is_empty()) {
                sections.push(PdfSection {
                    heading: "Vos compétences".to_owned(),
                    blocks: skills
                        .iter()
                        .filter(|(_, s)| !s.is_empty())
                        .map(|(label, s)| row(label, s.join(", ")))
                        .collect(),
                });
            }
        }
    }
    let objectives: Vec<PdfBlock> = data
        .plan
        .objectives
        .iter()
        .filter(|o| o.status != ObjectiveStatus::Abandonne)
        .map(|o| {
            row(
                o.theme.label(),
                format!(
                    "{} — échéance : {} ({})",
                    o.title,
                    date_or_dash(o.deadline),
                    o.status.label().to_lowercase()
                ),
            )
        })
        .collect();
    sections.push(PdfSection {
        heading: "Vos objectifs".to_owned(),
        blocks: if objectives.is_empty() {
            vec![paragraph("Aucun objectif pour l'instant.")]
        } else {
            objectives
        },
    });
    let open: Vec<&PlanAction> = data
        .plan
        .actions
        .iter()
        .filter(|a| a.status.is_open())
        .collect();
    let done: Vec<&PlanAction> = data
        .plan
        .actions
        .iter()
        .filter(|a| a.status == ActionStatus::Fait)
        .collect();
    sections.push(PdfSection {
        heading: "Ce qu'il reste à faire".to_owned(),
        blocks: vec![if open.is_empty() {
            paragraph("Rien pour l'instant.")
        } else {
            actions_table(&open)
        }],
    });
    if !done.is_empty() {
        sections.push(PdfSection {
            heading: "Ce qui est fait".to_owned(),
            blocks: vec![actions_table(&done)],
        });
    }
    let running: Vec<PdfBlock> = data
        .contracts
        .iter()
        .filter(|c| c.status == ContractStatus::EnCours)
        .map(|c| {
            row(
                c.scheme.label(),
                format!(
                    "depuis le {}, fin prévue le {}",
                    french_date(c.started_on),
                    french_date(c.planned_end)
                ),
            )
        })
        .collect();
    if !running.is_empty() {
        sections.push(PdfSection {
            heading: "Votre accompagnement".to_owned(),
            blocks: running,
        });
    }
    PdfDocument {
        title: format!("Mon parcours — {}", data.name),
        subtitle: Some(format!(
            "{} · document du {}",
            data.structure_name,
            french_date(today)
        )),
        sections,
        footer: Some(format!("{} · récapitulatif", data.structure_name)),
    }
}

/// The bilan's layout.
pub fn bilan_document(data: &BilanData, today: NaiveDate) -> PdfDocument {
    let c = &data.contract;
    let mut summary = vec![
        row("Début", french_date(c.started_on)),
        row("Fin prévue", french_date(c.planned_end)),
        row("Fin au plus tard", french_date(c.max_end)),
        row("État", c.status.label()),
    ];
    if let (Some(end), Some(reason)) = (c.ended_on, c.exit_reason) {
        summary.push(row(
            "Fin",
            format!("{} — {}", french_date(end), reason.label()),
        ));
    }
    for e in &c.extensions {
        summary.push(row(
            "Prolongation",
            format!(
                "jusqu'au {} : {} ({})",
                french_date(e.to_end),
                e.reason,
                e.by
            ),
        ));
    }
    let in_contract: Vec<_> = data.weeks.iter().filter(|w| w.in_contract).collect();
    let total: i64 = in_contract.iter().map(|w| w.validated_minutes).sum();
    let under = in_contract.iter().filter(|w| w.under_target).count();
    let target = in_contract.first().map_or(15 * 60, |w| w.target_minutes);
    summary.push(row(
        "Heures validées",
        format!(
            "{} sur {} semaine{} ; {} semaine{} sous {}",
            format_minutes(total),
            in_contract.len(),
            if in_contract.len() > 1 { "s" } else { "" },
            under,
            if under > 1 { "s" } else { "" },
            format_minutes(target)
        ),
    ));
    let weeks = PdfBlock::Table {
        columns: ["Semaine", "Validées", "À valider", "Objectif", "Détail"]
            .map(str::to_owned)
            .to_vec(),
        rows: data
            .weeks
            .iter()
            .map(|w| {
                vec![
                    format!(
                        "du {} au {}",
                        french_date(w.week_start),
                        french_date(w.week_end)
                    ),
                    format_minutes(w.validated_minutes),
                    format_minutes(w.pending_minutes),
                    if w.under_target {
                        format!("sous {}", format_minutes(w.target_minutes))
                    } else if w.in_contract {
                        "atteint".to_owned()
                    } else {
                        "—".to_owned()
                    },
                    w.activities
                        .iter()
                        .map(|a| {
                            format!(
                                "{} {} : {} ({}, {})",
                                french_date(domain::accompaniment::paris_date(a.occurred_at)),
                                a.qualification.label(),
                                a.label,
                                format_minutes(a.minutes),
                                a.status.label().to_lowercase()
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                ]
            })
            .collect(),
    };
    let actions: Vec<&PlanAction> = data.actions.iter().collect();
    PdfDocument {
        title: format!("Bilan du contrat d'engagement jeune — {}", data.name),
        subtitle: Some(format!(
            "{} · bilan du {}",
            data.structure_name,
            french_date(today)
        )),
        sections: vec![
            PdfSection {
                heading: "Le contrat".to_owned(),
                blocks: summary,
            },
            PdfSection {
                heading: "Heures d'activité par semaine (du lundi au dimanche)".to_owned(),
                blocks: vec![weeks],
            },
            PdfSection {
                heading: "Actions du plan".to_owned(),
                blocks: vec![if actions.is_empty() {
                    paragraph("Aucune action liée au contrat.")
                } else {
                    actions_table(&actions)
                }],
            },
        ],
        footer: Some(format!("{} · bilan CEJ", data.structure_name)),
    }
}

/// Renders the recap.
pub fn render_recap(data: &RecapData, today: NaiveDate) -> Result<Vec<u8>, ApiError> {
    render(&recap_document(data, today))
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("pdf: {e}")))
}

/// Renders the bilan.
pub fn render_bilan(data: &BilanData, today: NaiveDate) -> Result<Vec<u8>, ApiError> {
    render(&bilan_document(data, today))
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("pdf: {e}")))
}
