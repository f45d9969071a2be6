//! `/jeune/plan`: "Mon plan d'action" in the youth app: the objectives and their deadlines,
//! then the actions to do and done, who does each, a big "C'est fait" for their own actions,
//! messages to the counsellor, and the recap to download. Markup as text (see
//! `pages::counsellor::accompaniment::ui`), phone first, plain words.

use std::sync::Arc;

use domain::accompaniment::{ActionCarrier, ActionStatus, ObjectiveStatus, Theme};
use domain::dto::{MarkActionDone, NewActionComment};
use leptos::prelude::*;
use serde_json::Value;

use crate::api;
use crate::components::PageTitle;
use crate::format;
use crate::pages::counsellor::accompaniment::json::{date, day, has, list, s, when, when_day};
use crate::pages::counsellor::accompaniment::ui::{
    self, Form, OPT, REQ, badge, el, num, para, r, t,
};
use crate::pages::counsellor::accompaniment::{
    Ctx, Data, May, Open, Part, error_of, load, loaded, mount, open_as, reject, trimmed,
};
use crate::pages::counsellor::html::{Errors, Values};
use crate::session::Session;

/// The youth app's pages need the young person's file.
pub(super) fn youth_ctx() -> Option<Ctx> {
    let session = Session::use_context();
    let me = session.me()?;
    let id = me.youth_id?;
    let slug = format!("{}-{}", me.last_name, me.first_name)
        .to_lowercase()
        .replace(' ', "-");
    Some(Ctx::new(session, id, May::of(Some(&me), true), slug))
}

/// A page of the youth app, or a word when the account has no file (it should not happen).
pub(super) fn youth_page(title: &'static str, part: impl FnOnce(Ctx) -> Arc<dyn Part>) -> AnyView {
    match youth_ctx() {
        Some(ctx) => mount(title.to_owned().into(), String::new(), part(ctx), ctx.announce),
        None => view! {
            <PageTitle title=title.to_owned()/>
            <p>"Votre compte n'est relié à aucun dossier pour le moment. Contactez votre Mission Locale."</p>
        }
        .into_any(),
    }
}

/// The plan page.
#[component]
pub fn YouthPlanPage() -> impl IntoView {
    youth_page("Mon plan d'action", |ctx| Arc::new(YouthPlan::new(ctx)))
}

#[derive(Clone, Copy)]
struct YouthPlan {
    ctx: Ctx,
    /// A `Plan`.
    plan: Data,
    reload: RwSignal<u32>,
    /// A "C'est fait" or a message being sent, with its errors.
    open: RwSignal<Option<Open>>,
    error: RwSignal<Option<String>>,
}

impl YouthPlan {
    fn new(ctx: Ctx) -> Self {
        let reload = RwSignal::new(0u32);
        Self {
            ctx,
            plan: load(move || {
                reload.track();
                api::accompaniment::plan(ctx.session, ctx.id)
            }),
            reload,
            open: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    fn top_html(out: &mut String, plan: &Value) {
        r(
            out,
            r#"<p>Ce que vous avez décidé avec votre conseiller ou conseillère : vos objectifs, et les actions pour les atteindre.</p><section><h2 id="mes-objectifs">Mes objectifs</h2><ul class="cards-list">"#,
        );
        let mut none = true;
        for o in list(plan, "objectives") {
            let status = ObjectiveStatus::from_code(s(o, "status"));
            if status == Some(ObjectiveStatus::Abandonne) {
                continue;
            }
            none = false;
            el(
                out,
                r#"<li class="item"><p><strong>"#,
                s(o, "title"),
                r#"</strong></p><p class="small">"#,
            );
            r(
                out,
                Theme::from_code(s(o, "theme")).map_or("", Theme::label),
            );
            if has(o, "deadline") {
                r(out, " · À atteindre avant le ");
                r(out, &day(o, "deadline"));
            }
            r(out, "</p><p>");
            badge(
                out,
                "badge-neutral",
                status.map_or("", ObjectiveStatus::label),
            );
            r(out, "</p></li>");
        }
        r(out, "</ul>");
        if none {
            r(
                out,
                "<p>Pas encore d'objectif : vous les choisirez avec votre conseiller ou conseillère.</p>",
            );
        }
        r(out, "</section>");
    }

    /// A `PlanAction`.
    fn action_html(&self, out: &mut String, a: &Value, open: &Option<Open>) {
        let may = self.ctx.may;
        let id = s(a, "id");
        let carrier = ActionCarrier::from_code(s(a, "carrier"));
        let status = ActionStatus::from_code(s(a, "status")).unwrap_or(ActionStatus::AFaire);
        let done = has(a, "done_by_youth_at");
        r(out, r#"<li class="card"><h3 id="action-"#);
        r(out, id);
        el(
            out,
            r#"" tabindex="-1">"#,
            s(a, "title"),
            "</h3><p>Qui : <strong>",
        );
        r(out, carrier.map_or("", ActionCarrier::youth_label));
        r(out, "</strong>");
        if carrier == Some(ActionCarrier::Partenaire) && has(a, "partner_name") {
            el(out, " (", s(a, "partner_name"), ")");
        }
        r(out, "</p><p>");
        if has(a, "due_on") {
            r(out, "À faire avant le ");
            r(out, &day(a, "due_on"));
        } else {
            r(out, "Pas de date limite");
        }
        if status.is_open() && !done && date(a, "due_on").is_some_and(|d| d < format::today()) {
            badge(out, "badge-late", "En retard");
        }
        r(out, "</p>");
        if !s(a, "details").is_empty() {
            para(out, s(a, "details"));
        }
        r(out, "<p>");
        if has(a, "validated_by") {
            badge(out, "badge-ok", status.youth_label());
            el(out, " Validée par ", s(a, "validated_by"), ".");
        } else if done {
            badge(out, "badge-info", "Faite, à vérifier");
            r(out, " Vous l'avez notée comme faite le ");
            r(out, &when_day(a, "done_by_youth_at"));
            r(out, ". Votre conseiller ou conseillère va la vérifier.");
        } else {
            badge(out, "badge-neutral", status.youth_label());
        }
        r(out, "</p>");
        if may.done && carrier == Some(ActionCarrier::Jeune) && status.is_open() && !done {
            let key = format!("fait:{id}");
            let o = open_as(open, &key).unwrap_or_default();
            let prefix = format!("fait-{id}");
            let form = Form {
                prefix: &prefix,
                values: &o.values,
                errors: &o.errors,
            };
            r(out, r#"<form class="form" data-form=""#);
            r(out, &key);
            el(
                out,
                r#"" novalidate aria-label="C'est fait : "#,
                s(a, "title"),
                r#"">"#,
            );
            ui::summary(out, &prefix, &o.errors, &|_| String::new());
            form.input(
                out,
                "text",
                "comment",
                "Un mot pour votre conseiller ou conseillère",
                "",
                OPT,
            );
            r(
                out,
                r#"<button type="submit" class="button button-big">C'est fait</button></form>"#,
            );
        }
        let comments = list(a, "comments");
        if !comments.is_empty() {
            r(out, r#"<h4>Messages ("#);
            num(out, comments.len() as i64);
            r(out, r#")</h4><ul class="plain comments">"#);
            for c in comments {
                r(out, "<li>");
                para(out, s(c, "body"));
                r(out, r#"<p class="small">"#);
                t(
                    out,
                    if s(c, "origin") == "jeune" {
                        "Vous"
                    } else {
                        s(c, "author_name")
                    },
                );
                r(out, " · ");
                r(out, &when(c, "created_at"));
                r(out, "</p></li>");
            }
            r(out, "</ul>");
        }
        if may.comment {
            let key = format!("message:{id}");
            let mine = open_as(open, &key);
            let o = mine.clone().unwrap_or_default();
            let prefix = format!("message-{id}");
            let form = Form {
                prefix: &prefix,
                values: &o.values,
                errors: &o.errors,
            };
            r(
                out,
                if mine.is_some() {
                    r#"<details open><summary>Écrire un message</summary><form class="form" data-form=""#
                } else {
                    r#"<details><summary>Écrire un message</summary><form class="form" data-form=""#
                },
            );
            r(out, &key);
            el(
                out,
                r#"" novalidate aria-label="Message : "#,
                s(a, "title"),
                r#"">"#,
            );
            ui::summary(out, &prefix, &o.errors, &|_| "Votre message".to_owned());
            form.area(out, "body", "Votre message", "", REQ);
            r(
                out,
                r#"<button type="submit" class="button button-secondary">Envoyer le message</button></form></details>"#,
            );
        }
        r(out, "</li>");
    }

    fn actions_html(&self, out: &mut String, plan: &Value) {
        let open = self.open.get();
        error_of(out, self.error);
        for (todo, head, empty) in [
            (
                true,
                r#"<section><h2 id="actions-a-faire" tabindex="-1">À faire</h2>"#,
                "<p>Rien à faire pour le moment.</p>",
            ),
            (
                false,
                r#"<section><h2 id="actions-faites" tabindex="-1">Faites</h2>"#,
                "<p>Pas encore d'action faite.</p>",
            ),
        ] {
            r(out, head);
            r(out, r#"<ul class="cards-list">"#);
            let mut none = true;
            for a in list(plan, "actions") {
                let status = ActionStatus::from_code(s(a, "status"));
                let open_action =
                    status.is_some_and(ActionStatus::is_open) && !has(a, "done_by_youth_at");
                if status == Some(ActionStatus::Annule) || open_action != todo {
                    continue;
                }
                none = false;
                self.action_html(out, a, &open);
            }
            r(out, "</ul>");
            if none {
                r(out, empty);
            }
            r(out, "</section>");
        }
        if self.ctx.may.read_plan {
            r(
                out,
                r#"<section class="card"><h2 id="mon-recapitulatif">Mon récapitulatif</h2><p>Un document PDF avec votre situation, vos objectifs et vos actions, à garder ou à montrer.</p><button type="button" class="button button-secondary" data-action="recap" data-arg="">Mon récapitulatif (PDF)</button></section>"#,
            );
        }
    }
}

impl Part for YouthPlan {
    fn blocks(&self) -> usize {
        2
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        if block == 0 {
            loaded(&mut out, self.plan, &Self::top_html);
        } else {
            self.plan.with(|p| {
                if let Some(Ok(p)) = p {
                    self.actions_html(&mut out, p);
                }
            });
        }
        out
    }

    fn click(&self, action: &str, _arg: &str, _ev: &web_sys::Event) {
        if action == "recap" {
            self.ctx.download(None, self.error);
        }
    }

    fn submit(&self, form: &str, arg: &str, values: Values) {
        let key = format!("{form}:{arg}");
        let Ok(action) = arg.parse() else {
            return;
        };
        let ctx = self.ctx;
        let done = form == "fait";
        let text = trimmed(&values, if done { "comment" } else { "body" });
        if !done && text.is_empty() {
            let errors = Errors::field("body", "Écrivez votre message.");
            return reject(self.open, &key, values, errors);
        }
        let request = if done {
            let body = MarkActionDone { comment: text };
            api::accompaniment::mark_action_done(ctx.session, ctx.id, action, &body)
        } else {
            let body = NewActionComment { body: text };
            api::accompaniment::comment_action(ctx.session, ctx.id, action, &body)
        };
        let focus = format!("action-{arg}");
        ctx.send_form(
            request,
            (self.open, key, values),
            self.reload,
            Box::new(move |a| {
                if done {
                    (
                        format!(
                            "Bravo ! « {} » est notée comme faite. Votre conseiller ou conseillère va la vérifier.",
                            s(a, "title")
                        ),
                        "actions-faites".to_owned(),
                    )
                } else {
                    ("Message envoyé.".to_owned(), focus)
                }
            }),
        );
    }
}
