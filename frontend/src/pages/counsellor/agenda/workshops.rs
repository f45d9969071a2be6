//! `/conseiller/ateliers`: the workshops of the coming weeks and the form to create one;
//! `/conseiller/ateliers/:id`: a workshop's seats and waiting list, registering and
//! unregistering young people, the attendance sheet and the participants' feedback.

use std::sync::Arc;

use chrono::Duration;
use domain::accompaniment::Theme;
use domain::agenda::{Attendance, check_capacity};
use domain::dto::{AttendanceEntry, AttendanceSheet, NewRegistration, WorkshopInput};
use domain::{Operation, WorkshopId, YouthId};
use leptos::prelude::*;
use serde_json::Value;

use super::{got, may, radios, staff_ctx, then, workshop_facts};
use crate::api;
use crate::format;
use crate::pages::counsellor::accompaniment::json::{f, list, ms, n, s};
use crate::pages::counsellor::accompaniment::ui::{
    self, Form, OPT, REQ, badge, btn, el, num, para, r, t,
};
use crate::pages::counsellor::accompaniment::{
    Ctx, Data, Open, Part, date_in, error_of, load, loaded, local_instant, missing, mount, reject,
    text_in, trimmed,
};
use crate::pages::counsellor::html::{Errors, Values, focus_later, one};

const PREFIX: &str = "atelier";

const LABELS: &[(&str, &str)] = &[
    ("title", "Titre"),
    ("theme", "Thématique"),
    ("description", "Description"),
    ("date", "Date"),
    ("starts_at", "Début"),
    ("ends_at", "Fin"),
    ("site_id", "Site"),
    ("capacity", "Nombre de places"),
];

/// "3 inscrits sur 8 places · 1 en liste d'attente", of a `WorkshopSummary`.
fn seats(out: &mut String, w: &Value) {
    r(out, "<p>");
    num(out, n(w, "seated"));
    r(out, " inscrit(s) sur ");
    num(out, n(w, "capacity"));
    r(out, " places");
    if n(w, "waiting") > 0 {
        r(out, " · ");
        num(out, n(w, "waiting"));
        r(out, " en liste d'attente");
    }
    r(out, "</p>");
}

#[derive(Clone, Copy)]
struct List {
    ctx: Ctx,
    /// `WorkshopSummary`s.
    data: Data,
    reload: RwSignal<u32>,
    /// A `StructureDetail`: the sites.
    structure: Data,
    form: RwSignal<Option<Open>>,
    manage: bool,
}

impl List {
    fn form_html(&self, out: &mut String) {
        let Some(o) = self.form.get() else {
            btn(out, "button", "add", "", "Nouvel atelier");
            return;
        };
        let form = Form {
            prefix: PREFIX,
            values: &o.values,
            errors: &o.errors,
        };
        form.open(out, PREFIX, "Nouvel atelier", &ui::label_in(LABELS));
        form.input(out, "text", "title", "Titre", "", REQ);
        let themes = ui::choices(Theme::ALL, Theme::code, Theme::label);
        form.select(out, "theme", "Thématique", "", OPT, &themes, "Aucune");
        form.area(
            out,
            "description",
            "Description",
            "Ce que les jeunes y feront.",
            OPT,
        );
        form.input(out, "date", "date", "Date", "", REQ);
        r(out, r#"<div class="duration">"#);
        form.input(out, "time", "starts_at", "Début", "", REQ);
        form.input(out, "time", "ends_at", "Fin", "", REQ);
        r(out, "</div>");
        let structure = got(self.structure);
        let sites: Vec<(&str, &str)> = list(&structure, "sites")
            .iter()
            .map(|x| (s(x, "id"), s(x, "name")))
            .collect();
        form.select(out, "site_id", "Site", "", OPT, &sites, "Aucun");
        form.input(out, "number", "capacity", "Nombre de places", "", REQ);
        form.close(out, "Créer l'atelier");
    }

    fn list_html(out: &mut String, v: &Value) {
        r(
            out,
            r#"<section><h2 id="ateliers-liste" tabindex="-1">Ateliers des prochaines semaines</h2>"#,
        );
        let workshops = list(v, "");
        if workshops.is_empty() {
            r(out, "<p>Aucun atelier programmé.</p>");
        }
        r(out, r#"<ul class="cards-list">"#);
        for w in workshops {
            r(
                out,
                r#"<li class="card"><h3><a href="/conseiller/ateliers/"#,
            );
            t(out, s(w, "id"));
            el(out, r#"">"#, s(w, "title"), "</a></h3>");
            workshop_facts(out, w);
            seats(out, w);
            r(out, "</li>");
        }
        r(out, "</ul></section>");
    }

    fn create(&self, values: Values) {
        let mut errors = missing(
            &values,
            &[
                ("title", "Donnez un titre à l'atelier."),
                ("date", "Saisissez la date."),
                (
                    "starts_at",
                    "Saisissez l'heure de début, par exemple 14:00.",
                ),
                ("ends_at", "Saisissez l'heure de fin, par exemple 16:00."),
                ("capacity", "Indiquez le nombre de places."),
            ],
        );
        let date = date_in(&values, "date");
        let at = |name| date.and_then(|d| local_instant(d, one(&values, name)));
        let capacity = one(&values, "capacity").trim().parse::<u32>().ok();
        if errors.is_empty() {
            if let Some(e) = check_capacity(capacity.unwrap_or_default(), 0) {
                errors = Errors::field("capacity", &e.message);
            } else if at("starts_at")
                .zip(at("ends_at"))
                .is_none_or(|(s, e)| e <= s)
            {
                errors = Errors::field("ends_at", "L'heure de fin doit suivre l'heure de début.");
            }
        }
        if !errors.is_empty() {
            return reject(self.form, PREFIX, values, errors);
        }
        let body = WorkshopInput {
            title: trimmed(&values, "title"),
            theme: Theme::from_code(one(&values, "theme")),
            description: trimmed(&values, "description"),
            starts_at: at("starts_at"),
            ends_at: at("ends_at"),
            site_id: text_in(&values, "site_id").and_then(|x| x.parse().ok()),
            capacity,
            facilitator_id: None,
        };
        self.ctx.send_form(
            api::agenda::create_workshop(self.ctx.session, &body),
            (self.form, PREFIX.to_owned(), values),
            self.reload,
            Box::new(|w| {
                (
                    format!("Atelier « {} » créé.", s(w, "title")),
                    "ateliers-liste".to_owned(),
                )
            }),
        );
    }
}

impl Part for List {
    fn blocks(&self) -> usize {
        2
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        if block == 0 {
            if self.manage {
                self.form_html(&mut out);
            }
        } else {
            loaded(&mut out, self.data, &Self::list_html);
        }
        out
    }

    fn click(&self, action: &str, _arg: &str, _ev: &web_sys::Event) {
        if action == "add" {
            self.form.set(Some(Open::default()));
            focus_later("atelier-titre");
        } else if action == "cancel" {
            self.form.set(None);
        }
    }

    fn submit(&self, form: &str, _arg: &str, values: Values) {
        if form == PREFIX {
            self.create(values);
        }
    }
}

/// `/conseiller/ateliers`.
pub(super) fn workshops_page() -> AnyView {
    let ctx = staff_ctx();
    let session = ctx.session;
    let reload = RwSignal::new(0u32);
    let structure_id = session.me().map(|m| m.structure.id);
    let part = List {
        ctx,
        data: load(move || {
            reload.track();
            api::agenda::workshops(session, Some(format::today() - Duration::days(7)), 90)
        }),
        reload,
        structure: load(move || match structure_id {
            Some(id) => api::agenda::structure(session, id),
            None => Box::pin(async { Ok(Value::Null) }),
        }),
        form: RwSignal::new(None),
        manage: may(session, Operation::ManageWorkshops),
    };
    mount(
        "Ateliers".to_owned().into(),
        String::new(),
        Arc::new(part),
        ctx.announce,
    )
}

// ---------------------------------------------------------------- one workshop

#[derive(Clone, Copy)]
struct Detail {
    ctx: Ctx,
    id: Option<WorkshopId>,
    /// A `WorkshopDetail`.
    data: Data,
    reload: RwSignal<u32>,
    /// A `Page<YouthSummary>`: whom to register.
    portfolio: Data,
    register: RwSignal<Option<Open>>,
    cancelling: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    sheet_error: RwSignal<Option<String>>,
    manage: bool,
}

impl Detail {
    fn top_html(&self, out: &mut String, d: &Value) {
        let w = f(d, "workshop");
        workshop_facts(out, w);
        seats(out, w);
        if !s(w, "description").is_empty() {
            para(out, s(w, "description"));
        }
        error_of(out, self.error);
        let open = f(w, "cancelled").as_bool() != Some(true);
        if self.manage && open && ms(w, "ends_at") > js_sys::Date::now() {
            if self.cancelling.get() {
                r(
                    out,
                    r#"<div class="confirm"><p id="annuler-atelier" tabindex="-1">Annuler l'atelier ? Les jeunes inscrits en seront prévenus.</p>"#,
                );
                btn(out, "button", "cancel-yes", "", "Oui, annuler l'atelier");
                btn(
                    out,
                    "button button-secondary",
                    "cancel-no",
                    "",
                    "Non, le garder",
                );
                r(out, "</div>");
            } else {
                btn(
                    out,
                    "button button-secondary",
                    "cancel-ask",
                    "",
                    "Annuler l'atelier",
                );
            }
        }
    }

    fn registrations_html(&self, out: &mut String, d: &Value) {
        let w = f(d, "workshop");
        let regs = list(d, "registrations");
        for (status, head) in [
            (
                "inscrit",
                r#"<h2 id="inscrits" tabindex="-1">Inscrits</h2>"#,
            ),
            ("en_attente", "<h2>Liste d'attente</h2>"),
        ] {
            r(out, head);
            let mut none = true;
            for reg in regs.iter().filter(|x| s(x, "status") == status) {
                if none {
                    r(out, r#"<ol class="cards-list">"#);
                    none = false;
                }
                let youth = f(reg, "youth");
                r(out, r#"<li class="item"><p><a href="/conseiller/jeunes/"#);
                t(out, s(youth, "id"));
                el(out, r#"/rendez-vous">"#, s(youth, "name"), "</a>");
                if let Some(a) = Attendance::from_code(s(reg, "attendance")) {
                    badge(
                        out,
                        if a == Attendance::Present {
                            "badge-ok"
                        } else {
                            "badge-neutral"
                        },
                        a.label(),
                    );
                }
                if f(reg, "gave_feedback").as_bool() == Some(true) {
                    badge(out, "badge-info", "A donné son avis");
                }
                r(out, "</p>");
                if self.manage && ms(w, "starts_at") > js_sys::Date::now() {
                    el(
                        out,
                        r#"<div class="actions" role="group" aria-label="Inscription de "#,
                        s(youth, "name"),
                        r#"">"#,
                    );
                    btn(
                        out,
                        "button button-secondary",
                        "unregister",
                        s(youth, "id"),
                        "Désinscrire",
                    );
                    r(out, "</div>");
                }
                r(out, "</li>");
            }
            r(out, if none { "<p>Personne.</p>" } else { "</ol>" });
        }
        if !self.manage
            || f(w, "cancelled").as_bool() == Some(true)
            || ms(w, "starts_at") <= js_sys::Date::now()
        {
            return;
        }
        let o = self.register.get().unwrap_or_default();
        let form = Form {
            prefix: "inscrire",
            values: &o.values,
            errors: &o.errors,
        };
        r(
            out,
            r#"<form class="form section-form" data-form="inscrire" novalidate aria-labelledby="inscrire-titre"><h3 id="inscrire-titre">Inscrire un jeune</h3>"#,
        );
        ui::summary(out, "inscrire", &o.errors, &|_| "Jeune".to_owned());
        let portfolio = got(self.portfolio);
        let youths: Vec<(&str, String)> = list(&portfolio, "items")
            .iter()
            .filter(|y| {
                !regs
                    .iter()
                    .any(|x| s(f(x, "youth"), "id") == s(y, "id") && s(x, "status") != "annule")
            })
            .map(|y| {
                (
                    s(y, "id"),
                    format!("{} {}", s(y, "last_name"), s(y, "first_name")),
                )
            })
            .collect();
        let youths: Vec<(&str, &str)> = youths.iter().map(|(i, l)| (*i, l.as_str())).collect();
        form.select(out, "youth_id", "Jeune", "", REQ, &youths, "Choisissez");
        r(
            out,
            r#"<div class="checkbox"><input type="checkbox" id="inscrire-attente" name="waiting_list" value="oui"><label for="inscrire-attente">Sur la liste d'attente si l'atelier est complet</label></div><button type="submit" class="button">Inscrire le jeune</button></form>"#,
        );
    }

    fn sheet_html(&self, out: &mut String, d: &Value) {
        let w = f(d, "workshop");
        r(
            out,
            r#"<section><h2 id="presence" tabindex="-1">Feuille de présence</h2>"#,
        );
        error_of(out, self.sheet_error);
        let seated: Vec<&Value> = list(d, "registrations")
            .iter()
            .filter(|x| s(x, "status") == "inscrit")
            .collect();
        if ms(w, "starts_at") - js_sys::Date::now() > 30.0 * 60_000.0 {
            r(
                out,
                "<p>La présence se note à partir de 30 minutes avant le début de l'atelier.</p>",
            );
        } else if seated.is_empty() {
            r(out, "<p>Personne n'est inscrit.</p>");
        } else if self.manage {
            r(
                out,
                r#"<form class="form" data-form="presence" novalidate aria-labelledby="presence">"#,
            );
            let options = ui::choices(Attendance::ALL, Attendance::code, Attendance::label);
            for reg in seated {
                let youth = f(reg, "youth");
                let id = format!("presence-{}", s(youth, "id"));
                radios(
                    out,
                    &id,
                    s(youth, "id"),
                    s(youth, "name"),
                    &options,
                    s(reg, "attendance"),
                    None,
                );
            }
            r(
                out,
                r#"<button type="submit" class="button">Enregistrer la présence</button></form>"#,
            );
        }
        r(out, "</section>");
    }

    fn feedback_html(out: &mut String, d: &Value) {
        let fb = f(d, "feedback");
        r(out, r#"<section><h2 id="avis">Avis des participants</h2>"#);
        let answers = n(fb, "answers");
        if answers == 0 {
            r(out, "<p>Aucun avis pour le moment.</p></section>");
            return;
        }
        let tenths = (f(fb, "average_rating").as_f64().unwrap_or_default() * 10.0).round() as i64;
        r(out, "<p><strong>");
        num(out, tenths / 10);
        r(out, ",");
        num(out, tenths % 10);
        r(out, " sur 5</strong> en moyenne, ");
        num(out, answers);
        r(out, " avis · ");
        num(out, n(fb, "useful"));
        r(out, r#" l'ont trouvé utile.</p><ul class="plain">"#);
        let ratings = list(fb, "ratings");
        for i in (1..=5usize).rev() {
            r(out, "<li>Note ");
            num(out, i as i64);
            r(out, " : ");
            num(
                out,
                ratings
                    .get(i - 1)
                    .and_then(Value::as_i64)
                    .unwrap_or_default(),
            );
            r(out, "</li>");
        }
        r(out, "</ul>");
        let comments = list(fb, "comments");
        if !comments.is_empty() {
            r(out, r#"<h3>Commentaires</h3><ul class="plain comments">"#);
            for c in comments {
                r(out, "<li>");
                para(out, c.as_str().unwrap_or_default());
                r(out, "</li>");
            }
            r(out, "</ul>");
        }
        r(out, "</section>");
    }
}

impl Part for Detail {
    fn blocks(&self) -> usize {
        4
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        match block {
            0 => loaded(&mut out, self.data, &|o, d| self.top_html(o, d)),
            _ => self.data.with(|d| {
                if let Some(Ok(d)) = d {
                    match block {
                        1 => self.registrations_html(&mut out, d),
                        2 => self.sheet_html(&mut out, d),
                        _ => Self::feedback_html(&mut out, d),
                    }
                }
            }),
        }
        out
    }

    fn click(&self, action: &str, arg: &str, _ev: &web_sys::Event) {
        let ctx = self.ctx;
        let Some(id) = self.id else {
            return;
        };
        match action {
            "cancel-ask" => {
                self.cancelling.set(true);
                focus_later("annuler-atelier");
            }
            "cancel-no" => self.cancelling.set(false),
            "cancel-yes" => {
                self.cancelling.set(false);
                ctx.send(
                    api::agenda::cancel_workshop(ctx.session, id),
                    then(ctx, self.reload, self.error, "Atelier annulé.".to_owned()),
                );
            }
            "unregister" => {
                if let Ok(youth) = arg.parse::<YouthId>() {
                    ctx.send(
                        api::agenda::unregister(ctx.session, id, youth),
                        then(
                            ctx,
                            self.reload,
                            self.error,
                            "Inscription annulée.".to_owned(),
                        ),
                    );
                }
            }
            _ => {}
        }
    }

    fn submit(&self, form: &str, _arg: &str, values: Values) {
        let ctx = self.ctx;
        let Some(id) = self.id else {
            return;
        };
        if form == "inscrire" {
            let errors = missing(&values, &[("youth_id", "Choisissez le jeune à inscrire.")]);
            if !errors.is_empty() {
                return reject(self.register, "inscrire", values, errors);
            }
            let body = NewRegistration {
                youth_id: one(&values, "youth_id").parse().ok(),
                waiting_list: one(&values, "waiting_list") == "oui",
            };
            ctx.send_form(
                api::agenda::register(ctx.session, id, &body),
                (self.register, "inscrire".to_owned(), values),
                self.reload,
                Box::new(|w| {
                    (
                        if s(w, "my_status") == "en_attente" {
                            "Jeune mis sur la liste d'attente.".to_owned()
                        } else {
                            "Jeune inscrit.".to_owned()
                        },
                        "inscrits".to_owned(),
                    )
                }),
            );
        } else if form == "presence" {
            let entries = values
                .iter()
                .filter_map(|(name, v)| {
                    Some(AttendanceEntry {
                        youth_id: name.parse().ok()?,
                        attendance: Attendance::from_code(v.first()?)?,
                    })
                })
                .collect();
            let (data, error) = (self.data, self.sheet_error);
            ctx.send(
                api::agenda::take_attendance(ctx.session, id, &AttendanceSheet { entries }),
                Box::new(move |result| match result {
                    Ok(d) => {
                        error.try_set(None);
                        data.try_set(Some(Ok(d)));
                        ctx.say("Présence enregistrée.");
                    }
                    Err(e) => {
                        error.try_set(Some(e.message()));
                        focus_later("presence");
                    }
                }),
            );
        }
    }
}

/// `/conseiller/ateliers/{id}`.
pub(super) fn workshop_page(id: Option<WorkshopId>) -> AnyView {
    let ctx = staff_ctx();
    let session = ctx.session;
    let reload = RwSignal::new(0u32);
    let manage = may(session, Operation::ManageWorkshops);
    let part = Detail {
        ctx,
        id,
        data: load(move || {
            reload.track();
            match id {
                Some(id) => api::agenda::workshop(session, id),
                None => Box::pin(async { Err(api::ApiError::Network) }),
            }
        }),
        reload,
        portfolio: load(move || {
            if manage {
                api::agenda::portfolio(session)
            } else {
                Box::pin(async { Ok(Value::Null) })
            }
        }),
        register: RwSignal::new(None),
        cancelling: RwSignal::new(false),
        error: RwSignal::new(None),
        sheet_error: RwSignal::new(None),
        manage,
    };
    let data = part.data;
    let title = Memo::new(move |_| {
        data.with(|d| match d {
            Some(Ok(d)) => format!("Atelier : {}", s(f(d, "workshop"), "title")),
            _ => "Atelier".to_owned(),
        })
    });
    mount(
        title.into(),
        r#"<p><a href="/conseiller/ateliers">Tous les ateliers</a></p>"#.to_owned(),
        Arc::new(part),
        ctx.announce,
    )
}
