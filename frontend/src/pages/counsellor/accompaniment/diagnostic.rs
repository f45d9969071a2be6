//! `/conseiller/jeunes/:id/diagnostic`: the diagnostic by theme (A1, A4, A11, A15, B28), its
//! edit form (each save is a new revision, based on the one read: 409 when someone saved
//! meanwhile), the list of revisions and the comparison of two of them (B2).

use domain::ErrorCode;
use domain::accompaniment::{
    Demand, DemandCategory, DemandStatus, DiagnosticContent, JusticeAssessment, Theme,
    ThemeAssessment, UrgencyLevel,
};
use domain::dto::NewDiagnosticRevision;
use leptos::prelude::*;
use serde_json::Value;

use super::json::{NULL, f, list, n, s, when};
use super::ui::{self, Form, OPT, PLAIN, REQ, btn, el, num, options_into, para, r, t};
use super::{Ctx, Data, Part, answer, load, loaded, trimmed};
use crate::api::{self, ApiError};
use crate::pages::counsellor::html::{Errors, Values, focus_later, form_of, one, put};
use domain::ErrorBody;

const PREFIX: &str = "diag";

/// The edit form.
#[derive(Clone, Debug, PartialEq)]
struct Editor {
    /// The revision the form started from.
    base: Option<u32>,
    values: Values,
    /// Rows of requests, per theme (in the order of `Theme::ALL`).
    rows: Vec<usize>,
    errors: Errors,
    /// Someone saved another revision meanwhile: the server's message.
    conflict: Option<String>,
}

#[derive(Clone, Copy)]
pub(super) struct Diagnostic {
    ctx: Ctx,
    /// A `DiagnosticView`.
    view: Data,
    reload: RwSignal<u32>,
    editor: RwSignal<Option<Editor>>,
    /// The comparison of two revisions (a `DiagnosticComparison`).
    comparison: Data,
}

fn demand_name(code: &str, row: usize, part: &str) -> String {
    format!("themes.{code}.demands[{row}].{part}")
}

const DEMAND: [&str; 3] = ["category", "detail", "status"];

/// The assessment of a theme in a `DiagnosticContent`, or null.
fn theme_in<'a>(content: &'a Value, code: &str) -> &'a Value {
    list(content, "themes")
        .iter()
        .find(|a| s(a, "theme") == code)
        .unwrap_or(&NULL)
}

/// The lines of a list of texts.
fn lines(v: &Value, key: &str) -> String {
    list(v, key)
        .iter()
        .filter_map(Value::as_str)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The form's values of a `DiagnosticContent`.
fn values_of(content: &Value) -> (Values, Vec<usize>) {
    let mut values = Values::new();
    let mut rows = Vec::new();
    for theme in Theme::ALL {
        let code = theme.code();
        let a = theme_in(content, code);
        for part in ["situation", "obstacles", "resources", "comment", "urgency"] {
            put(&mut values, format!("themes.{code}.{part}"), s(a, part));
        }
        let demands = list(a, "demands");
        for (i, d) in demands.iter().enumerate() {
            for part in DEMAND {
                put(&mut values, demand_name(code, i, part), s(d, part));
            }
        }
        rows.push(demands.len());
    }
    let justice = f(content, "justice");
    put(&mut values, "justice.urgency", s(justice, "urgency"));
    put(&mut values, "justice.comment", s(justice, "comment"));
    put(&mut values, "savoir_etre", lines(content, "savoir_etre"));
    put(&mut values, "savoir_faire", lines(content, "savoir_faire"));
    (values, rows)
}

/// The requests typed for a theme.
fn demand_rows(values: &Values, code: &str, count: usize) -> Vec<[String; 3]> {
    (0..count)
        .map(|i| DEMAND.map(|part| one(values, &demand_name(code, i, part)).to_owned()))
        .collect()
}

/// The diagnostic typed in the form, or the errors found in it.
fn content_of(values: &Values, rows: &[usize]) -> Result<DiagnosticContent, Errors> {
    let mut errors = Errors::default();
    let mut themes = Vec::new();
    for (theme, count) in Theme::ALL.iter().zip(rows) {
        let code = theme.code();
        let text = |part: &str| trimmed(values, &format!("themes.{code}.{part}"));
        let mut demands = Vec::new();
        for (i, [category, detail, status]) in
            demand_rows(values, code, *count).into_iter().enumerate()
        {
            let detail = detail.trim().to_owned();
            match DemandCategory::from_code(&category) {
                Some(category) => demands.push(Demand {
                    category,
                    detail,
                    status: DemandStatus::from_code(&status).unwrap_or(DemandStatus::Ouverte),
                }),
                None if detail.is_empty() => {}
                None => errors.fields.push((
                    demand_name(code, i, "category"),
                    "Choisissez la demande, ou retirez la ligne.".to_owned(),
                )),
            }
        }
        let assessment = ThemeAssessment {
            theme: Some(*theme),
            situation: text("situation"),
            demands,
            obstacles: text("obstacles"),
            resources: text("resources"),
            urgency: UrgencyLevel::from_code(&text("urgency")).unwrap_or_default(),
            comment: text("comment"),
        };
        // Themes left empty are not part of the diagnostic (the server checks the rest).
        if !assessment.is_empty() {
            themes.push(assessment);
        }
    }
    let lines = |name: &str| {
        one(values, name)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    if !errors.fields.is_empty() {
        return Err(errors);
    }
    Ok(DiagnosticContent {
        themes,
        justice: JusticeAssessment {
            urgency: UrgencyLevel::from_code(one(values, "justice.urgency")).unwrap_or_default(),
            comment: trimmed(values, "justice.comment"),
        },
        savoir_etre: lines("savoir_etre"),
        savoir_faire: lines("savoir_faire"),
    })
}

/// The form's name of a field the server or the domain named (`content.…`, `savoir_etre[2]`).
fn form_name(field: &str) -> String {
    let field = field.strip_prefix("content.").unwrap_or(field);
    for list in ["savoir_etre", "savoir_faire"] {
        if field.starts_with(list) {
            return list.to_owned();
        }
    }
    field.to_owned()
}

/// The label of a field in the error summary.
fn label_of(name: &str) -> String {
    let part_label = |part: &str| match part {
        "situation" => "Situation",
        "obstacles" => "Freins",
        "resources" => "Ressources",
        "comment" => "Commentaire",
        "urgency" => "Urgence",
        "category" => "Demande",
        "detail" => "Précision",
        "status" => "Statut",
        "demands" => "Demandes",
        _ => "",
    };
    match name {
        "comment" => "Ce qui a changé".to_owned(),
        "savoir_etre" => "Savoir-être".to_owned(),
        "savoir_faire" => "Savoir-faire".to_owned(),
        "justice.urgency" => "Justice : urgence".to_owned(),
        "justice.comment" => "Justice : commentaire".to_owned(),
        _ => {
            let mut parts = name.split('.');
            let theme = parts.nth(1).and_then(Theme::from_code);
            let part = parts.next_back().unwrap_or_default();
            match theme {
                Some(t) => format!("{} : {}", t.label(), part_label(part).to_lowercase()),
                None => String::new(),
            }
        }
    }
}

/// A list of texts, or "Non renseigné".
fn texts(out: &mut String, v: &Value, key: &str) {
    let items = list(v, key);
    if items.is_empty() {
        r(out, r#"<p class="small">Non renseigné.</p>"#);
        return;
    }
    r(out, r#"<ul class="list">"#);
    for i in items {
        el(out, "<li>", i.as_str().unwrap_or_default(), "</li>");
    }
    r(out, "</ul>");
}

/// A card and its heading `<h{level}>`.
fn heading(out: &mut String, level: &str, text: &str) {
    r(out, r#"<section class="card theme-card"><h"#);
    r(out, level);
    r(out, ">");
    t(out, text);
    r(out, "</h");
    r(out, level);
    r(out, ">");
}

/// A `DiagnosticContent`, read-only, by theme, under headings of `level`.
fn content_html(out: &mut String, c: &Value, level: &str) {
    for theme in Theme::ALL {
        let a = theme_in(c, theme.code());
        heading(out, level, theme.label());
        if a.is_null() {
            r(out, r#"<p class="small">Non renseignée.</p></section>"#);
            continue;
        }
        r(out, "<p>Urgence :");
        ui::urgency(out, s(a, "urgency"));
        r(out, r#"</p><dl class="facts">"#);
        for (label, key) in [
            ("<dt>Situation</dt><dd>", "situation"),
            ("", "demands"),
            ("<dt>Freins</dt><dd>", "obstacles"),
            ("<dt>Ressources</dt><dd>", "resources"),
            ("<dt>Commentaire</dt><dd>", "comment"),
        ] {
            if key == "demands" {
                let demands = list(a, "demands");
                if demands.is_empty() {
                    continue;
                }
                r(out, r#"<dt>Demandes</dt><dd><ul class="plain">"#);
                for d in demands {
                    r(out, "<li>");
                    r(
                        out,
                        DemandCategory::from_code(s(d, "category"))
                            .map_or("", DemandCategory::label),
                    );
                    r(out, " — <em>");
                    r(
                        out,
                        DemandStatus::from_code(s(d, "status")).map_or("", DemandStatus::label),
                    );
                    r(out, "</em>");
                    if !s(d, "detail").is_empty() {
                        el(out, " : ", s(d, "detail"), "");
                    }
                    r(out, "</li>");
                }
                r(out, "</ul></dd>");
            } else if !s(a, key).is_empty() {
                r(out, label);
                para(out, s(a, key));
                r(out, "</dd>");
            }
        }
        r(out, "</dl></section>");
    }
    let justice = f(c, "justice");
    heading(out, level, "Justice");
    r(out, "<p>Urgence :");
    ui::urgency(out, s(justice, "urgency"));
    r(out, "</p>");
    if !s(justice, "comment").is_empty() {
        para(out, s(justice, "comment"));
    }
    r(out, "</section>");
    heading(out, level, "Compétences");
    r(out, "<p><strong>Savoir-être</strong></p>");
    texts(out, c, "savoir_etre");
    r(out, "<p><strong>Savoir-faire</strong></p>");
    texts(out, c, "savoir_faire");
    r(out, "</section>");
}

/// The edit form.
fn form_html(out: &mut String, e: &Editor) {
    let form = Form {
        prefix: PREFIX,
        values: &e.values,
        errors: &e.errors,
    };
    form.open(out, "diagnostic", "Modifier le diagnostic", &label_of);
    r(
        out,
        r#"<p class="hint">Rien n'est obligatoire : remplissez ce que vous savez, le reste pourra être complété plus tard.</p>"#,
    );
    if let Some(message) = &e.conflict {
        r(
            out,
            r#"<div id="diag-conflit" tabindex="-1" class="notice notice-warning" role="alert"><p><strong>Quelqu'un a enregistré une autre version du diagnostic pendant que vous le modifiiez.</strong></p>"#,
        );
        el(out, "<p>", message, "</p>");
        r(
            out,
            "<p>Rechargez le diagnostic pour repartir de la dernière version. Ce que vous avez saisi ici et pas encore enregistré sera perdu : copiez-le avant si besoin.</p>",
        );
        btn(out, "button", "diag-reload", "", "Recharger le diagnostic");
        r(out, "</div>");
    }
    let urgencies = ui::choices(
        &UrgencyLevel::ALL[1..],
        UrgencyLevel::code,
        UrgencyLevel::label,
    );
    let statuses = ui::choices(DemandStatus::ALL, DemandStatus::code, DemandStatus::label);
    let no_urgency = UrgencyLevel::Aucune.label();
    for (theme, count) in Theme::ALL.iter().zip(&e.rows) {
        let code = theme.code();
        let name = |part: &str| format!("themes.{code}.{part}");
        el(
            out,
            r#"<fieldset class="group"><legend>"#,
            theme.label(),
            "</legend>",
        );
        form.area(out, &name("situation"), "Situation", "", OPT);
        let categories: Vec<(&str, &str)> = DemandCategory::of_theme(*theme)
            .map(|c| (c.code(), c.label()))
            .collect();
        for i in 0..*count {
            let row = (i + 1) as i64;
            r(out, r#"<fieldset class="situation"><legend>Demande "#);
            num(out, row);
            r(out, "</legend>");
            form.select(
                out,
                &demand_name(code, i, "category"),
                "Demande",
                "",
                REQ,
                &categories,
                "Choisissez",
            );
            form.input(
                out,
                "text",
                &demand_name(code, i, "detail"),
                "Précision",
                "",
                OPT,
            );
            form.select(
                out,
                &demand_name(code, i, "status"),
                "Statut",
                "",
                PLAIN,
                &statuses,
                "Choisissez",
            );
            btn(
                out,
                "button button-secondary",
                "remove-demand",
                &format!("{code}:{i}"),
                &format!("Retirer la demande {row} ({})", theme.label()),
            );
            r(out, "</fieldset>");
        }
        r(out, r#"<button type="button" id="diag-"#);
        r(out, code);
        r(
            out,
            r#"-ajouter" class="button button-secondary" data-action="add-demand" data-arg=""#,
        );
        r(out, code);
        el(
            out,
            r#"">Ajouter une demande<span class="visually-hidden"> ("#,
            theme.label(),
            ")</span></button>",
        );
        form.area(out, &name("obstacles"), "Freins, obstacles", "", OPT);
        form.area(
            out,
            &name("resources"),
            "Ressources, points d'appui",
            "",
            OPT,
        );
        form.select(
            out,
            &name("urgency"),
            "Urgence",
            "",
            PLAIN,
            &urgencies,
            no_urgency,
        );
        form.area(out, &name("comment"), "Commentaire", "", OPT);
        r(out, "</fieldset>");
    }
    r(out, r#"<fieldset class="group"><legend>Justice</legend>"#);
    form.select(
        out,
        "justice.urgency",
        "Urgence",
        "",
        PLAIN,
        &urgencies,
        no_urgency,
    );
    form.area(out, "justice.comment", "Commentaire", "", OPT);
    r(
        out,
        r#"</fieldset><fieldset class="group"><legend>Compétences</legend>"#,
    );
    form.area(
        out,
        "savoir_etre",
        "Savoir-être",
        "Une compétence par ligne (ponctualité, travail en équipe…).",
        OPT,
    );
    form.area(
        out,
        "savoir_faire",
        "Savoir-faire",
        "Une compétence par ligne.",
        OPT,
    );
    r(out, "</fieldset>");
    if e.base.is_some() {
        form.area(
            out,
            "comment",
            "Ce qui a changé",
            "Obligatoire : en une ou deux phrases, ce qui a changé depuis la révision précédente et pourquoi.",
            REQ,
        );
    } else {
        form.area(
            out,
            "comment",
            "Ce qui a changé",
            "Facultatif pour le premier diagnostic.",
            OPT,
        );
    }
    form.close(out, "Enregistrer le diagnostic");
}

/// "Révision 3 du 02/03/2026 à 10:00", of a revision or its summary.
fn revision_name(r: &Value) -> String {
    format!("Révision {} du {}", n(r, "number"), when(r, "created_at"))
}

/// "Révision 3 du …, par Anne Martin — Ce qui a changé : …".
fn revision_head(out: &mut String, rev: &Value) {
    t(out, &revision_name(rev));
    el(out, ", par ", s(rev, "author_name"), "");
    if !s(rev, "comment").is_empty() {
        el(out, " — Ce qui a changé : ", s(rev, "comment"), "");
    }
}

impl Diagnostic {
    pub fn new(ctx: Ctx) -> Self {
        let reload = RwSignal::new(0u32);
        let view = load(move || {
            reload.track();
            api::accompaniment::diagnostic(ctx.session, ctx.id)
        });
        Self {
            ctx,
            view,
            reload,
            editor: RwSignal::new(None),
            comparison: RwSignal::new(None),
        }
    }

    fn open(&self) {
        let view = answer(self.view);
        let current = f(&view, "current");
        let base = (!current.is_null()).then(|| n(current, "number") as u32);
        let (values, rows) = values_of(f(current, "content"));
        self.editor.set(Some(Editor {
            base,
            values,
            rows,
            errors: Errors::default(),
            conflict: None,
        }));
        focus_later("diag-titre");
    }

    fn save(&self, values: Values) {
        let Some(editor) = self.editor.get_untracked() else {
            return;
        };
        let mut content = content_of(&values, &editor.rows);
        let comment = one(&values, "comment").trim().to_owned();
        if editor.base.is_some() && comment.is_empty() {
            let mut errors = content.err().unwrap_or_default();
            errors.fields.push((
                "comment".to_owned(),
                "Dites en une phrase ce qui a changé depuis la révision précédente.".to_owned(),
            ));
            content = Err(errors);
        }
        let this = *self;
        let fail = move |values: Values, errors: Errors, conflict: Option<String>| {
            this.editor.try_update(|e| {
                if let Some(e) = e {
                    e.values = values;
                    e.errors = errors;
                    e.conflict = conflict;
                }
            });
            focus_later(if e_conflict(&this) {
                "diag-conflit"
            } else {
                "diag-erreurs"
            });
        };
        let content = match content {
            Ok(content) => content,
            Err(errors) => return fail(values, errors, None),
        };
        let body = NewDiagnosticRevision {
            base_number: editor.base,
            content,
            comment,
        };
        let ctx = self.ctx;
        ctx.send(
            api::accompaniment::save_diagnostic(ctx.session, ctx.id, &body),
            Box::new(move |result| match result {
                Ok(revision) => {
                    this.editor.try_set(None);
                    this.reload.try_update(|r| *r += 1);
                    ctx.say(format!(
                        "Diagnostic enregistré : révision {}.",
                        n(&revision, "number")
                    ));
                    focus_later("diag-courant");
                }
                Err(err) if err.code() == Some(ErrorCode::EditConflict) => {
                    fail(values, Errors::default(), Some(err.message()));
                }
                Err(err) => {
                    let mut errors = Errors::of(&err);
                    for (field, _) in &mut errors.fields {
                        *field = form_name(field);
                    }
                    fail(values, errors, None);
                }
            }),
        );
    }

    fn compare(&self, values: &Values) {
        let number = |name: &str| one(values, name).parse::<u32>().unwrap_or(0);
        let (a, b) = (number("from"), number("to"));
        let comparison = self.comparison;
        if a == b {
            let message = "Choisissez deux révisions différentes.";
            comparison.set(Some(Err(ApiError::Http {
                status: 400,
                body: ErrorBody::new(ErrorCode::Unknown, message),
            })));
            return focus_later("diag-comparaison");
        }
        let ctx = self.ctx;
        let request =
            api::accompaniment::compare_diagnostic(ctx.session, ctx.id, a.min(b), a.max(b));
        ctx.send(
            request,
            Box::new(move |result| {
                comparison.try_set(Some(result));
                focus_later("diag-comparaison");
            }),
        );
    }

    fn current_html(&self, out: &mut String, v: &Value) {
        if let Some(editor) = self.editor.get() {
            return form_html(out, &editor);
        }
        r(
            out,
            r#"<section><div class="section-head"><h2 id="diag-courant" tabindex="-1">Diagnostic actuel</h2>"#,
        );
        if self.ctx.may.diagnostic {
            btn(out, "button", "edit", "", "Modifier le diagnostic");
        }
        r(out, "</div>");
        let c = f(v, "current");
        if c.is_null() {
            r(
                out,
                "<p>Aucun diagnostic n'a encore été rédigé pour ce jeune. Les premiers besoins peuvent être notés dès l'accueil.</p>",
            );
        } else {
            r(out, r#"<p class="small">"#);
            revision_head(out, c);
            r(out, "</p>");
            content_html(out, f(c, "content"), "3");
        }
        r(out, "</section>");
    }

    fn revisions_html(&self, out: &mut String, v: &Value) {
        let revisions = list(v, "revisions");
        if revisions.is_empty() {
            return;
        }
        r(
            out,
            r#"<section><h2 id="diag-revisions" tabindex="-1">Révisions</h2><div class="table-wrap" tabindex="0" role="region" aria-label="Révisions du diagnostic"><table><caption class="visually-hidden">Révisions du diagnostic, la plus récente d'abord</caption><thead><tr><th scope="col">Révision</th><th scope="col">Date</th><th scope="col">Auteur</th><th scope="col">Ce qui a changé</th><th scope="col">Domaines urgents</th></tr></thead><tbody>"#,
        );
        let mut options = Vec::new();
        for rev in revisions {
            let number = n(rev, "number").to_string();
            el(out, r#"<tr><th scope="row">"#, &number, "</th><td>");
            r(out, &when(rev, "created_at"));
            el(out, "</td><td>", s(rev, "author_name"), "</td><td>");
            el(out, "", s(rev, "comment"), "</td><td>");
            let urgent = list(rev, "urgent");
            if urgent.is_empty() {
                r(out, "Aucun");
            }
            for (i, code) in urgent.iter().enumerate() {
                if i > 0 {
                    r(out, ", ");
                }
                r(
                    out,
                    Theme::from_code(code.as_str().unwrap_or_default())
                        .map_or("Justice", Theme::label),
                );
            }
            r(out, "</td></tr>");
            options.push((number, revision_name(rev)));
        }
        r(out, "</tbody></table></div>");
        if options.len() > 1 {
            // The revisions last compared, else the two newest.
            let (from, to) = self.comparison.with(|c| match c {
                Some(Ok(c)) => (n(f(c, "from"), "number"), n(f(c, "to"), "number")),
                _ => (n(&revisions[1], "number"), n(&revisions[0], "number")),
            });
            let options: Vec<(&str, &str)> = options
                .iter()
                .map(|(c, l)| (c.as_str(), l.as_str()))
                .collect();
            r(
                out,
                r#"<form class="form" data-form="compare" novalidate aria-labelledby="diag-comparer"><h3 id="diag-comparer">Comparer deux révisions</h3><div class="filters">"#,
            );
            for (name, label, value) in [
                ("from", "Révision de départ", from),
                ("to", "Révision d'arrivée", to),
            ] {
                r(out, r#"<div class="field"><label for="diag-"#);
                r(out, name);
                el(out, r#"">"#, label, r#"</label><select id="diag-"#);
                r(out, name);
                r(out, r#"" name=""#);
                r(out, name);
                r(out, r#"">"#);
                options_into(out, &options, &value.to_string(), "Choisissez");
                r(out, "</select></div>");
            }
            r(
                out,
                r#"</div><button type="submit" class="button button-secondary">Comparer</button></form>"#,
            );
        }
        if self.comparison.with(Option::is_some) {
            r(out, r#"<div id="diag-comparaison" tabindex="-1">"#);
            loaded(out, self.comparison, &|out, c| {
                r(out, "<h3>Différences entre la révision ");
                num(out, n(f(c, "from"), "number"));
                r(out, " et la révision ");
                num(out, n(f(c, "to"), "number"));
                r(out, "</h3>");
                let differences = list(c, "differences");
                if differences.is_empty() {
                    r(out, "<p>Aucune différence entre ces deux révisions.</p>");
                    return;
                }
                r(
                    out,
                    r#"<div class="table-wrap" tabindex="0" role="region" aria-label="Différences entre les révisions"><table><thead><tr><th scope="col">Thème</th><th scope="col">Élément</th><th scope="col">Avant</th><th scope="col">Après</th></tr></thead><tbody>"#,
                );
                for d in differences {
                    r(out, "<tr>");
                    for key in ["section_label", "field_label", "before", "after"] {
                        let text = s(d, key);
                        el(
                            out,
                            "<td>",
                            if text.is_empty() { "—" } else { text },
                            "</td>",
                        );
                    }
                    r(out, "</tr>");
                }
                r(out, "</tbody></table></div>");
            });
            r(out, "</div>");
        }
        r(out, "</section>");
    }
}

/// Whether the open form shows an edit conflict.
fn e_conflict(d: &Diagnostic) -> bool {
    d.editor
        .with_untracked(|e| e.as_ref().is_some_and(|e| e.conflict.is_some()))
}

impl Part for Diagnostic {
    fn blocks(&self) -> usize {
        2
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        if block == 0 {
            loaded(&mut out, self.view, &|out, v| self.current_html(out, v));
        } else {
            self.view.with(|v| {
                if let Some(Ok(v)) = v {
                    self.revisions_html(&mut out, v);
                }
            });
        }
        out
    }

    fn click(&self, action: &str, arg: &str, ev: &web_sys::Event) {
        match action {
            "edit" => self.open(),
            "cancel" => {
                self.editor.set(None);
                focus_later("diag-courant");
            }
            "diag-reload" => {
                self.editor.set(None);
                self.reload.update(|r| *r += 1);
                focus_later("diag-courant");
            }
            "add-demand" | "remove-demand" => {
                let values = form_of(ev).map(|(_, v)| v).unwrap_or_default();
                let (code, row) = arg.split_once(':').unwrap_or((arg, ""));
                let Some(index) = Theme::ALL.iter().position(|t| t.code() == code) else {
                    return;
                };
                let mut focus = format!("diag-{code}-ajouter");
                self.editor.update(|e| {
                    let Some(e) = e else { return };
                    let mut list = demand_rows(&values, code, e.rows[index]);
                    if action == "add-demand" {
                        list.push([String::new(), String::new(), "ouverte".to_owned()]);
                        focus = format!("diag-themes-{code}-demands-{}--category", list.len() - 1);
                    } else if let Ok(n) = row.parse::<usize>()
                        && n < list.len()
                    {
                        list.remove(n);
                    }
                    let prefix = format!("themes.{code}.demands[");
                    e.values = values;
                    e.values.retain(|k, _| !k.starts_with(&prefix));
                    e.rows[index] = list.len();
                    for (i, row) in list.into_iter().enumerate() {
                        for (part, value) in DEMAND.iter().zip(row) {
                            put(&mut e.values, demand_name(code, i, part), value);
                        }
                    }
                });
                focus_later(focus);
            }
            _ => {}
        }
    }

    fn submit(&self, form: &str, _arg: &str, values: Values) {
        match form {
            "diagnostic" => self.save(values),
            "compare" => self.compare(&values),
            _ => {}
        }
    }
}
