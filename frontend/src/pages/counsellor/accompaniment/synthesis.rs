//! `/conseiller/jeunes/:id/synthese`: the file on one page (A8): for each theme, urgent first,
//! the situation, the problems and what is in progress; justice; running contracts; this
//! week's CEJ hours; the last interview; soft skills; the recap to download.

use domain::accompaniment::{InterviewChannel, InterviewKind, Theme};
use leptos::prelude::*;
use serde_json::Value;

use super::json::{day, f, has, list, n, person, s, when};
use super::ui::{badge, btn, el, num, para, r, t, urgency, week_totals};
use super::{Ctx, Data, Part, error_of, load, loaded};
use crate::api;
use crate::pages::counsellor::html::Values;

#[derive(Clone, Copy)]
pub(super) struct Synthesis {
    ctx: Ctx,
    /// A `Synthesis`.
    data: Data,
    error: RwSignal<Option<String>>,
}

impl Synthesis {
    pub fn new(ctx: Ctx) -> Self {
        Self {
            ctx,
            data: load(move || api::accompaniment::synthesis(ctx.session, ctx.id)),
            error: RwSignal::new(None),
        }
    }
}

/// A list of texts, or `empty`.
fn texts(out: &mut String, v: &Value, key: &str, empty: &str) {
    let items = list(v, key);
    if items.is_empty() {
        el(out, r#"<p class="small">"#, empty, "</p>");
        return;
    }
    r(out, r#"<ul class="list">"#);
    for item in items {
        el(out, "<li>", item.as_str().unwrap_or_default(), "</li>");
    }
    r(out, "</ul>");
}

/// `SynthesisSolution`s: "Action : Atelier CV — En cours, échéance le 02/03/2026".
fn solutions(out: &mut String, v: &Value, key: &str, due: &str, empty: &str) {
    let items = list(v, key);
    if items.is_empty() {
        el(out, r#"<p class="small">"#, empty, "</p>");
        return;
    }
    r(out, r#"<ul class="list">"#);
    for sol in items {
        r(
            out,
            match s(sol, "kind") {
                "objectif" => "<li>Objectif : ",
                "action" => "<li>Action : ",
                "dispositif" => "<li>Dispositif : ",
                _ => "<li>",
            },
        );
        t(out, s(sol, "label"));
        el(out, " — ", s(sol, "status"), "");
        if has(sol, "due_on") {
            r(out, due);
            r(out, &day(sol, "due_on"));
        }
        r(out, "</li>");
    }
    r(out, "</ul>");
}

fn html(out: &mut String, d: &Value, ctx: &Ctx) {
    if ctx.may.read_plan {
        r(out, r#"<div class="actions">"#);
        btn(
            out,
            "button button-secondary",
            "recap",
            "",
            "Télécharger le récapitulatif (PDF)",
        );
        r(out, "</div>");
    }
    r(out, r#"<dl class="facts"><dt>Âge</dt><dd>"#);
    if has(d, "age") {
        num(out, n(d, "age"));
        r(out, " ans");
    } else {
        r(out, "Non renseigné");
    }
    r(out, "</dd><dt>Référent·e</dt><dd>");
    let counsellor = person(d, "counsellor");
    t(
        out,
        if counsellor.is_empty() {
            "Non désigné"
        } else {
            &counsellor
        },
    );
    r(out, "</dd><dt>Diagnostic</dt><dd>");
    if has(d, "diagnostic_revision") {
        r(out, "Révision ");
        num(out, n(d, "diagnostic_revision"));
        r(out, " du ");
        r(out, &when(d, "diagnostic_at"));
    } else {
        r(out, "Aucun diagnostic rédigé");
    }
    r(
        out,
        r#"</dd></dl><section><h2 id="synthese-themes">Situation par thématique</h2>"#,
    );
    let themes = list(d, "themes");
    if themes.is_empty() {
        r(
            out,
            "<p>Aucune thématique renseignée : rédigez le diagnostic.</p>",
        );
    }
    for th in themes {
        let label = Theme::from_code(s(th, "theme")).map_or("", Theme::label);
        el(
            out,
            r#"<section class="card theme-card"><h3>"#,
            label,
            "</h3><p>Urgence :",
        );
        urgency(out, s(th, "urgency"));
        r(out, "</p>");
        if s(th, "situation").is_empty() {
            r(out, r#"<p class="small">Situation non décrite.</p>"#);
        } else {
            para(out, s(th, "situation"));
        }
        r(out, "<h4>Problèmes</h4>");
        texts(out, th, "problems", "Aucun problème noté.");
        r(out, "<h4>Solutions en cours</h4>");
        solutions(
            out,
            th,
            "solutions",
            ", échéance le ",
            "Aucune solution en cours.",
        );
        r(out, "</section>");
    }
    r(out, "<p><strong>Justice</strong> : urgence");
    urgency(out, s(d, "justice"));
    r(
        out,
        r#"</p></section><section><h2 id="synthese-dispositifs">Dispositifs en cours</h2>"#,
    );
    solutions(
        out,
        d,
        "contracts",
        ", fin prévue le ",
        "Aucun dispositif en cours.",
    );
    r(
        out,
        r#"</section><section><h2 id="synthese-heures">Heures CEJ de la semaine</h2>"#,
    );
    let week = f(d, "current_week");
    if week.is_null() {
        r(out, "<p>Pas de CEJ en cours.</p>");
    } else {
        week_totals(out, week, false);
    }
    r(
        out,
        r#"</section><section><h2 id="synthese-entretien">Dernier entretien</h2>"#,
    );
    let i = f(d, "last_interview");
    if i.is_null() {
        r(out, "<p>Aucun entretien enregistré.</p>");
    } else {
        el(out, "<p><strong>", &when(i, "occurred_at"), "</strong> — ");
        r(
            out,
            InterviewKind::from_code(s(i, "kind")).map_or("", InterviewKind::label),
        );
        r(out, " · ");
        r(
            out,
            InterviewChannel::from_code(s(i, "channel")).map_or("", InterviewChannel::label),
        );
        el(out, " · ", &person(i, "counsellor"), "</p>");
        para(out, s(i, "summary"));
    }
    r(
        out,
        r#"</section><section><h2 id="synthese-competences">Compétences</h2><h3>Savoir-être</h3>"#,
    );
    texts(out, d, "savoir_etre", "Aucun savoir-être noté.");
    r(out, "<h3>Savoir-faire</h3>");
    texts(out, d, "savoir_faire", "Aucun savoir-faire noté.");
    r(out, "</section>");
    let _ = badge;
}

impl Part for Synthesis {
    fn blocks(&self) -> usize {
        1
    }

    fn html(&self, _block: usize) -> String {
        let mut out = String::new();
        error_of(&mut out, self.error);
        let ctx = self.ctx;
        loaded(&mut out, self.data, &|out, d| html(out, d, &ctx));
        out
    }

    fn click(&self, action: &str, _arg: &str, _ev: &web_sys::Event) {
        if action == "recap" {
            self.ctx.download(None, self.error);
        }
    }

    fn submit(&self, _form: &str, _arg: &str, _values: Values) {}
}
