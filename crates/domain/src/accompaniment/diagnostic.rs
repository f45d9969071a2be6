//! The diagnostic by theme (A1, A4, A11, A15, B28) and the comparison of two revisions (B2).
//!
//! A diagnostic is a whole [`DiagnosticContent`]; each save is a new revision, so the history is
//! the list of revisions and a comparison is a difference of two contents. Nothing is required:
//! the needs can be written at the first meeting, whatever else is known.

use serde::{Deserialize, Serialize};

use super::theme::{DemandCategory, DemandStatus, Theme, UrgencyLevel};
use super::{check_text, field_error};
use crate::error::FieldError;

/// Longest free text of a diagnostic field.
pub const MAX_DIAGNOSTIC_TEXT: usize = 4000;
/// Longest request detail or skill.
pub const MAX_SHORT_TEXT: usize = 300;
/// Most requests per theme, most skills per list.
pub const MAX_ITEMS: usize = 30;

/// A request (demande) of the young person, categorised (B28).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Demand {
    /// Its category (which gives its theme).
    pub category: DemandCategory,
    /// In the young person's words.
    #[serde(default)]
    pub detail: String,
    /// Where it stands.
    #[serde(default = "open")]
    pub status: DemandStatus,
}

fn open() -> DemandStatus {
    DemandStatus::Ouverte
}

/// The assessment of one theme.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ThemeAssessment {
    /// The theme.
    pub theme: Option<Theme>,
    /// The situation today.
    pub situation: String,
    /// The young person's requests.
    pub demands: Vec<Demand>,
    /// What stands in the way.
    pub obstacles: String,
    /// What helps (people, rights, skills…).
    pub resources: String,
    /// How urgent.
    pub urgency: UrgencyLevel,
    /// Counsellor's comment.
    pub comment: String,
}

impl ThemeAssessment {
    /// Nothing written.
    pub fn is_empty(&self) -> bool {
        self.situation.trim().is_empty()
            && self.demands.is_empty()
            && self.obstacles.trim().is_empty()
            && self.resources.trim().is_empty()
            && self.urgency == UrgencyLevel::Aucune
            && self.comment.trim().is_empty()
    }
}

/// The justice domain: urgency only (A4).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct JusticeAssessment {
    /// How urgent.
    pub urgency: UrgencyLevel,
    /// Counsellor's comment (kept factual).
    pub comment: String,
}

/// A whole diagnostic.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DiagnosticContent {
    /// One assessment per theme written (at most one per theme).
    pub themes: Vec<ThemeAssessment>,
    /// The eighth urgency domain.
    pub justice: JusticeAssessment,
    /// Soft skills: savoir-être (A11).
    pub savoir_etre: Vec<String>,
    /// Soft skills: savoir-faire (A11).
    pub savoir_faire: Vec<String>,
}

/// A domain that carries an urgency: a theme, or justice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UrgencyDomain {
    /// One of the seven themes.
    Theme(Theme),
    /// Justice.
    Justice,
}

impl UrgencyDomain {
    /// French label.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Theme(t) => t.label(),
            Self::Justice => "Justice",
        }
    }

    /// Stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Theme(t) => t.code(),
            Self::Justice => "justice",
        }
    }
}

impl DiagnosticContent {
    /// The assessment of a theme, if written.
    pub fn theme(&self, theme: Theme) -> Option<&ThemeAssessment> {
        self.themes.iter().find(|a| a.theme == Some(theme))
    }

    /// Blank texts trimmed, empty themes and skills dropped, themes in their canonical order.
    pub fn normalised(mut self) -> Self {
        for a in &mut self.themes {
            for text in [
                &mut a.situation,
                &mut a.obstacles,
                &mut a.resources,
                &mut a.comment,
            ] {
                *text = text.trim().to_owned();
            }
            for d in &mut a.demands {
                d.detail = d.detail.trim().to_owned();
            }
        }
        self.themes.retain(|a| !a.is_empty());
        self.themes.sort_by_key(|a| a.theme);
        self.justice.comment = self.justice.comment.trim().to_owned();
        for list in [&mut self.savoir_etre, &mut self.savoir_faire] {
            *list = list
                .iter()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
        }
        self
    }

    /// Every invalid field, named by its path (`themes.logement.situation`).
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut seen = Vec::new();
        for (i, a) in self.themes.iter().enumerate() {
            let Some(theme) = a.theme else {
                errors.push(field_error(
                    format!("themes[{i}].theme"),
                    "required",
                    "Choisissez la thématique.",
                ));
                continue;
            };
            let at = |f: &str| format!("themes.{}.{f}", theme.code());
            if seen.contains(&theme) {
                errors.push(field_error(
                    at("theme"),
                    "duplicate_theme",
                    format!("La thématique « {} » figure deux fois.", theme.label()),
                ));
            }
            seen.push(theme);
            for (field, text) in [
                ("situation", &a.situation),
                ("obstacles", &a.obstacles),
                ("resources", &a.resources),
                ("comment", &a.comment),
            ] {
                check_text(&mut errors, &at(field), text, MAX_DIAGNOSTIC_TEXT, false);
            }
            if a.demands.len() > MAX_ITEMS {
                errors.push(field_error(
                    at("demands"),
                    "too_many",
                    format!("{MAX_ITEMS} demandes au plus par thématique."),
                ));
            }
            for (j, d) in a.demands.iter().enumerate() {
                if d.category.theme() != theme {
                    errors.push(field_error(
                        format!("{}[{j}].category", at("demands")),
                        "wrong_theme",
                        format!(
                            "La demande « {} » relève de la thématique « {} ».",
                            d.category.label(),
                            d.category.theme().label()
                        ),
                    ));
                }
                check_text(
                    &mut errors,
                    &format!("{}[{j}].detail", at("demands")),
                    &d.detail,
                    MAX_SHORT_TEXT,
                    false,
                );
            }
        }
        check_text(
            &mut errors,
            "justice.comment",
            &self.justice.comment,
            MAX_DIAGNOSTIC_TEXT,
            false,
        );
        for (name, list) in [
            ("savoir_etre", &self.savoir_etre),
            ("savoir_faire", &self.savoir_faire),
        ] {
            if list.len() > MAX_ITEMS {
                errors.push(field_error(
                    name,
                    "too_many",
                    format!("{MAX_ITEMS} compétences au plus."),
                ));
            }
            for (j, s) in list.iter().enumerate() {
                check_text(
                    &mut errors,
                    &format!("{name}[{j}]"),
                    s,
                    MAX_SHORT_TEXT,
                    false,
                );
            }
        }
        errors
    }

    /// Every domain with its urgency, the most urgent first (then in theme order).
    pub fn urgencies(&self) -> Vec<(UrgencyDomain, UrgencyLevel)> {
        let mut out: Vec<_> = self
            .themes
            .iter()
            .filter_map(|a| a.theme.map(|t| (UrgencyDomain::Theme(t), a.urgency)))
            .chain(std::iter::once((
                UrgencyDomain::Justice,
                self.justice.urgency,
            )))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// The themes ordered for a synthesis: urgent first, then to watch, then the others, each
    /// group in theme order; themes not assessed come last.
    pub fn themes_by_urgency(&self) -> Vec<(Theme, UrgencyLevel)> {
        let mut out: Vec<_> = Theme::ALL
            .iter()
            .map(|t| {
                (
                    *t,
                    self.theme(*t).map_or(UrgencyLevel::Aucune, |a| a.urgency),
                )
            })
            .collect();
        out.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then(self.theme(b.0).is_some().cmp(&self.theme(a.0).is_some()))
                .then(a.0.cmp(&b.0))
        });
        out
    }
}

/// One difference between two revisions, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiagnosticDifference {
    /// The theme code, `justice` or `competences`.
    pub section: String,
    /// Its French label.
    pub section_label: String,
    /// What changed, in French ("Situation", "Urgence"…).
    pub field_label: String,
    /// The value before ("" when there was none).
    pub before: String,
    /// The value after ("" when removed).
    pub after: String,
}

fn demands_text(demands: &[Demand]) -> String {
    demands
        .iter()
        .map(|d| {
            let mut s = format!(
                "{} ({})",
                d.category.label(),
                d.status.label().to_lowercase()
            );
            if !d.detail.is_empty() {
                s.push_str(" : ");
                s.push_str(&d.detail);
            }
            s
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// What changed from `before` to `after`, theme by theme and field by field.
pub fn compare(before: &DiagnosticContent, after: &DiagnosticContent) -> Vec<DiagnosticDifference> {
    let mut out = Vec::new();
    let mut push = |section: &str, section_label: &str, field: &str, a: String, b: String| {
        if a != b {
            out.push(DiagnosticDifference {
                section: section.to_owned(),
                section_label: section_label.to_owned(),
                field_label: field.to_owned(),
                before: a,
                after: b,
            });
        }
    };
    let empty = ThemeAssessment::default();
    for theme in Theme::ALL {
        let a = before.theme(*theme).unwrap_or(&empty);
        let b = after.theme(*theme).unwrap_or(&empty);
        let (code, label) = (theme.code(), theme.label());
        let urgency = |x: &ThemeAssessment, present: bool| {
            if present {
                x.urgency.label().to_owned()
            } else {
                String::new()
            }
        };
        push(
            code,
            label,
            "Urgence",
            urgency(a, before.theme(*theme).is_some()),
            urgency(b, after.theme(*theme).is_some()),
        );
        push(
            code,
            label,
            "Situation",
            a.situation.clone(),
            b.situation.clone(),
        );
        push(
            code,
            label,
            "Demandes",
            demands_text(&a.demands),
            demands_text(&b.demands),
        );
        push(
            code,
            label,
            "Freins",
            a.obstacles.clone(),
            b.obstacles.clone(),
        );
        push(
            code,
            label,
            "Ressources",
            a.resources.clone(),
            b.resources.clone(),
        );
        push(
            code,
            label,
            "Commentaire",
            a.comment.clone(),
            b.comment.clone(),
        );
    }
    push(
        "justice",
        "Justice",
        "Urgence",
        before.justice.urgency.label().to_owned(),
        after.justice.urgency.label().to_owned(),
    );
    push(
        "justice",
        "Justice",
        "Commentaire",
        before.justice.comment.clone(),
        after.justice.comment.clone(),
    );
    push(
        "competences",
        "Compétences",
        "Savoir-être",
        before.savoir_etre.join(", "),
        after.savoir_etre.join(", "),
    );
    push(
        "competences",
        "Compétences",
        "Savoir-faire",
        before.savoir_faire.join(", "),
        after.savoir_faire.join(", "),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn housing(urgency: UrgencyLevel, situation: &str) -> ThemeAssessment {
        ThemeAssessment {
            theme: Some(Theme::Logement),
            situation: situation.into(),
            urgency,
            demands: vec![Demand {
                category: DemandCategory::HebergementUrgence,
                detail: "dort chez un ami".into(),
                status: DemandStatus::Ouverte,
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_first_diagnostic_can_hold_only_a_need() {
        let content = DiagnosticContent {
            themes: vec![ThemeAssessment {
                theme: Some(Theme::Emploi),
                demands: vec![Demand {
                    category: DemandCategory::RechercheEmploi,
                    detail: String::new(),
                    status: DemandStatus::Ouverte,
                }],
                ..Default::default()
            }],
            ..Default::default()
        }
        .normalised();
        assert!(content.validate().is_empty());
        assert_eq!(content.themes.len(), 1);
    }

    #[test]
    fn validation_names_each_bad_field() {
        let mut wrong = housing(UrgencyLevel::Urgente, &"x".repeat(MAX_DIAGNOSTIC_TEXT + 1));
        wrong.demands.push(Demand {
            category: DemandCategory::Permis,
            detail: String::new(),
            status: DemandStatus::Ouverte,
        });
        let content = DiagnosticContent {
            themes: vec![wrong, housing(UrgencyLevel::Aucune, "ok")],
            ..Default::default()
        };
        let fields: Vec<_> = content.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "themes.logement.situation",
                "themes.logement.demands[1].category",
                "themes.logement.theme"
            ]
        );
    }

    #[test]
    fn urgent_domains_come_first() {
        let content = DiagnosticContent {
            themes: vec![
                ThemeAssessment {
                    theme: Some(Theme::Emploi),
                    situation: "cherche".into(),
                    ..Default::default()
                },
                housing(UrgencyLevel::Urgente, "à la rue"),
            ],
            justice: JusticeAssessment {
                urgency: UrgencyLevel::ASurveiller,
                comment: String::new(),
            },
            ..Default::default()
        };
        let order: Vec<_> = content.urgencies().into_iter().map(|(d, _)| d).collect();
        assert_eq!(
            order,
            [
                UrgencyDomain::Theme(Theme::Logement),
                UrgencyDomain::Justice,
                UrgencyDomain::Theme(Theme::Emploi)
            ]
        );
        let themes: Vec<_> = content
            .themes_by_urgency()
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            &themes[..3],
            [Theme::Logement, Theme::Emploi, Theme::Formation]
        );
    }

    #[test]
    fn comparison_lists_what_changed() {
        let before = DiagnosticContent {
            themes: vec![housing(UrgencyLevel::Urgente, "à la rue")],
            ..Default::default()
        };
        let mut after = before.clone();
        after.themes[0].urgency = UrgencyLevel::ASurveiller;
        after.themes[0].situation = "hébergé en FJT".into();
        after.savoir_etre.push("Ponctuel".into());
        let diff = compare(&before, &after);
        let labels: Vec<_> = diff
            .iter()
            .map(|d| (d.section.as_str(), d.field_label.as_str()))
            .collect();
        assert_eq!(
            labels,
            [
                ("logement", "Urgence"),
                ("logement", "Situation"),
                ("competences", "Savoir-être")
            ]
        );
        assert_eq!(diff[0].before, "Urgente");
        assert_eq!(diff[0].after, "À surveiller");
        assert!(compare(&after, &after).is_empty());
    }
}
