//! `/jeune/ateliers`: the coming workshops with their seats left, registering, the waiting
//! list and one's rank on it, unregistering; and the short feedback form after a workshop.

use std::sync::Arc;

use chrono::Duration;
use domain::WorkshopId;
use domain::agenda::WorkshopFeedback;
use domain::dto::NewRegistration;
use leptos::prelude::*;
use serde_json::Value;

use super::plan::youth_page;
use crate::api;
use crate::format;
use crate::pages::counsellor::accompaniment::json::{f, list, ms, n, s};
use crate::pages::counsellor::accompaniment::ui::{self, Form, OPT, badge, btn, el, num, para, r};
use crate::pages::counsellor::accompaniment::{
    Ctx, Data, Open, Part, answer, error_of, load, loaded, open_as, reject, trimmed,
};
use crate::pages::counsellor::agenda::{radios, then, workshop_facts};
use crate::pages::counsellor::html::{Errors, Values, one};

/// The workshops page.
pub(super) fn page() -> AnyView {
    youth_page("Ateliers", |ctx| {
        let reload = RwSignal::new(0u32);
        Arc::new(Workshops {
            ctx,
            data: load(move || {
                reload.track();
                api::agenda::workshops(ctx.session, Some(format::today() - Duration::days(30)), 90)
            }),
            reload,
            error: RwSignal::new(None),
            open: RwSignal::new(None),
        })
    })
}

#[derive(Clone, Copy)]
struct Workshops {
    ctx: Ctx,
    /// `WorkshopSummary`s, from 30 days ago.
    data: Data,
    reload: RwSignal<u32>,
    error: RwSignal<Option<String>>,
    /// A feedback form being sent, with its errors.
    open: RwSignal<Option<Open>>,
}

impl Workshops {
    fn coming_html(&self, out: &mut String, v: &Value) {
        r(
            out,
            r#"<p>Des ateliers en petit groupe pour avancer : CV, entretien d'embauche, logement, santé… C'est gratuit.</p><section><h2 id="ateliers-a-venir" tabindex="-1">Prochains ateliers</h2>"#,
        );
        error_of(out, self.error);
        let now = js_sys::Date::now();
        let coming: Vec<&Value> = list(v, "")
            .iter()
            .filter(|w| ms(w, "starts_at") > now && f(w, "cancelled").as_bool() != Some(true))
            .collect();
        if coming.is_empty() {
            r(out, "<p>Pas d'atelier prévu pour le moment.</p>");
        }
        r(out, r#"<ul class="cards-list">"#);
        for w in coming {
            let id = s(w, "id");
            el(out, r#"<li class="card"><h3>"#, s(w, "title"), "</h3>");
            workshop_facts(out, w);
            if !s(w, "description").is_empty() {
                para(out, s(w, "description"));
            }
            let left = n(w, "capacity") - n(w, "seated");
            r(out, "<p>");
            match s(w, "my_status") {
                "inscrit" => badge(out, "badge-ok", "Vous êtes inscrit·e"),
                "en_attente" => {
                    r(out, "Vous êtes <strong>n° ");
                    num(out, n(w, "my_waiting_rank"));
                    r(
                        out,
                        "</strong> sur la liste d'attente : si une place se libère, elle est pour vous et nous vous prévenons.",
                    );
                }
                _ if left > 0 => {
                    r(out, "Places restantes : ");
                    num(out, left);
                }
                _ => r(out, "Complet : vous pouvez rejoindre la liste d'attente."),
            }
            el(
                out,
                r#"</p><div class="actions" role="group" aria-label=""#,
                s(w, "title"),
                r#"">"#,
            );
            match s(w, "my_status") {
                "inscrit" | "en_attente" => {
                    btn(
                        out,
                        "button button-secondary",
                        "leave",
                        id,
                        "Me désinscrire",
                    );
                }
                _ if left > 0 => btn(out, "button", "join", id, "S'inscrire"),
                _ => btn(out, "button", "wait", id, "Rejoindre la liste d'attente"),
            }
            r(out, "</div></li>");
        }
        r(out, "</ul></section>");
    }

    fn feedback_html(&self, out: &mut String, v: &Value) {
        let due: Vec<&Value> = list(v, "")
            .iter()
            .filter(|w| f(w, "feedback_due").as_bool() == Some(true))
            .collect();
        if due.is_empty() {
            return;
        }
        r(
            out,
            r#"<section><h2 id="mes-avis" tabindex="-1">Votre avis sur les ateliers</h2><p>Quelques secondes pour nous aider à les améliorer.</p>"#,
        );
        let open = self.open.get();
        for w in due {
            let id = s(w, "id");
            let key = format!("avis:{id}");
            let prefix = format!("avis-{id}");
            let o = open_as(&open, &key).unwrap_or_default();
            el(out, r#"<div class="card"><h3>"#, s(w, "title"), "</h3>");
            workshop_facts(out, w);
            el(out, r#"<form class="form" data-form=""#, &key, "");
            el(
                out,
                r#"" novalidate aria-label="Votre avis : "#,
                s(w, "title"),
                r#"">"#,
            );
            ui::summary(out, &prefix, &o.errors, &ui::label_in(LABELS));
            let ratings = [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5")];
            radios(
                out,
                &format!("{prefix}-rating"),
                "rating",
                "Votre note, de 1 (pas du tout satisfait·e) à 5 (très satisfait·e)",
                &ratings,
                one(&o.values, "rating"),
                o.errors.get("rating"),
            );
            radios(
                out,
                &format!("{prefix}-useful"),
                "useful",
                "L'atelier vous a-t-il été utile ?",
                &[("oui", "Oui"), ("non", "Non")],
                one(&o.values, "useful"),
                o.errors.get("useful"),
            );
            let form = Form {
                prefix: &prefix,
                values: &o.values,
                errors: &o.errors,
            };
            form.area(out, "comment", "Un commentaire", "", OPT);
            r(
                out,
                r#"<button type="submit" class="button">Envoyer mon avis</button></form></div>"#,
            );
        }
        r(out, "</section>");
    }

    /// The title of workshop `id`.
    fn title_of(&self, id: &str) -> String {
        list(&answer(self.data), "")
            .iter()
            .find(|w| s(w, "id") == id)
            .map(|w| s(w, "title").to_owned())
            .unwrap_or_default()
    }
}

const LABELS: &[(&str, &str)] = &[
    ("rating", "Votre note"),
    ("useful", "Utile"),
    ("comment", "Un commentaire"),
];

impl Part for Workshops {
    fn blocks(&self) -> usize {
        2
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        if block == 0 {
            loaded(&mut out, self.data, &|o, v| self.coming_html(o, v));
        } else {
            self.data.with(|v| {
                if let Some(Ok(v)) = v {
                    self.feedback_html(&mut out, v);
                }
            });
        }
        out
    }

    fn click(&self, action: &str, arg: &str, _ev: &web_sys::Event) {
        let ctx = self.ctx;
        let Ok(id) = arg.parse::<WorkshopId>() else {
            return;
        };
        let title = self.title_of(arg);
        let (request, message) = match action {
            "join" | "wait" => (
                api::agenda::register(
                    ctx.session,
                    id,
                    &NewRegistration {
                        youth_id: Some(ctx.id),
                        waiting_list: action == "wait",
                    },
                ),
                if action == "wait" {
                    format!("Vous êtes sur la liste d'attente de « {title} ».")
                } else {
                    format!("Vous êtes inscrit·e à « {title} ».")
                },
            ),
            "leave" => (
                api::agenda::unregister(ctx.session, id, ctx.id),
                format!("Vous êtes désinscrit·e de « {title} »."),
            ),
            _ => return,
        };
        ctx.send(request, then(ctx, self.reload, self.error, message));
    }

    fn submit(&self, form: &str, arg: &str, values: Values) {
        let Ok(id) = arg.parse::<WorkshopId>() else {
            return;
        };
        let key = format!("{form}:{arg}");
        let body = WorkshopFeedback {
            rating: one(&values, "rating").parse().ok(),
            useful: match one(&values, "useful") {
                "oui" => Some(true),
                "non" => Some(false),
                _ => None,
            },
            comment: trimmed(&values, "comment"),
        };
        let errors = body.check();
        if !errors.is_empty() {
            let errors = Errors {
                general: None,
                fields: errors.into_iter().map(|e| (e.field, e.message)).collect(),
            };
            return reject(self.open, &key, values, errors);
        }
        let ctx = self.ctx;
        ctx.send_form(
            api::agenda::give_feedback(ctx.session, id, &body),
            (self.open, key, values),
            self.reload,
            Box::new(|_| ("Merci pour votre avis !".to_owned(), "mes-avis".to_owned())),
        );
    }
}
