//! `/partenaire/evenements`: "Nos événements", the events the organisation proposes to the
//! Mission Locale's young people (C8): the coming ones soonest first, the past ones apart,
//! the form to create or change one, cancelling with a confirmation, and for each event the
//! young people registered (names, place, attendance) with the attendance sheet.
//!
//! Written like the other portal pages (see `super::portal`): markup as text, answers read as
//! JSON trees, the domain's request types sent and checked in the browser with the domain's
//! rules first; the server's French messages are shown under the fields.

use std::sync::Arc;

use chrono::Datelike as _;
use domain::agenda::{Attendance, check_capacity};
use domain::dto::{PartnerAttendanceEntry, PartnerAttendanceSheet, PartnerEventInput};
use domain::{PartnerId, WorkshopId};
use leptos::prelude::*;
use serde_json::Value;

use super::portal;
use crate::api;
use crate::pages::counsellor::accompaniment::json::{f, hm, list, local_day, ms, n, s};
use crate::pages::counsellor::accompaniment::ui::{
    self, Form, OPT, REQ, badge, btn, el, num, para, r, t,
};
use crate::pages::counsellor::accompaniment::{
    Ctx, Data, Open, Part, Static, answer, date_in, error_of, load, loaded, local_instant, missing,
    mount, open_as, reject, trimmed,
};
use crate::pages::counsellor::agenda::{day_name, radios};
use crate::pages::counsellor::html::{Errors, Values, focus_later, one, put};

/// The prefix of the form's ids (one form open at a time: new, or one event changed).
const PREFIX: &str = "evenement";

const LABELS: &[(&str, &str)] = &[
    ("title", "Titre"),
    ("description", "Description"),
    ("date", "Date"),
    ("starts_at", "Heure de début"),
    ("ends_at", "Heure de fin"),
    ("capacity", "Nombre de places"),
];

/// "mardi 24/11/2026 · 14:00–16:00", of a `PartnerEvent`.
fn when_html(out: &mut String, e: &Value) {
    r(out, "<p>");
    if let Some(d) = local_day(e, "starts_at") {
        day_name(out, d, false);
        r(out, "/");
        num(out, i64::from(d.year()));
    }
    r(out, " · ");
    t(out, &hm(e, "starts_at"));
    r(out, "–");
    t(out, &hm(e, "ends_at"));
    r(out, "</p>");
}

/// "3 inscrits sur 8 places · 1 en liste d'attente · 2 présents", of a `PartnerEvent`.
fn seats_html(out: &mut String, e: &Value, past: bool) {
    let plural = |n: i64| if n > 1 { "s" } else { "" };
    let (registered, capacity) = (n(e, "registered"), n(e, "capacity"));
    r(out, "<p>");
    num(out, registered);
    r(out, " inscrit");
    r(out, plural(registered));
    r(out, " sur ");
    num(out, capacity);
    r(out, " place");
    r(out, plural(capacity));
    let waiting = n(e, "waiting");
    if waiting > 0 {
        r(out, " · ");
        num(out, waiting);
        r(out, " en liste d'attente");
    }
    if past {
        let came = n(e, "attended");
        r(out, " · ");
        num(out, came);
        r(out, " présent");
        r(out, plural(came));
    }
    r(out, "</p>");
}

/// The form's values from an event.
fn values_of(e: &Value) -> Values {
    let mut values = Values::new();
    put(&mut values, "title", s(e, "title"));
    put(&mut values, "description", s(e, "description"));
    if let Some(d) = local_day(e, "starts_at") {
        put(
            &mut values,
            "date",
            format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        );
    }
    put(&mut values, "starts_at", hm(e, "starts_at"));
    put(&mut values, "ends_at", hm(e, "ends_at"));
    put(&mut values, "capacity", n(e, "capacity").to_string());
    values
}

#[derive(Clone, Copy)]
struct Events {
    ctx: Ctx,
    id: PartnerId,
    /// The organisation's `PartnerEvent`s, soonest first.
    data: Data,
    reload: RwSignal<u32>,
    /// The form: `evenement` (new) or `evenement:{id}` (a change).
    open: RwSignal<Option<Open>>,
    /// The event whose registrations are shown.
    shown: RwSignal<Option<WorkshopId>>,
    /// Its `PartnerEventRegistration`s.
    registrations: Data,
    /// The event whose cancellation waits for a confirmation.
    cancelling: RwSignal<Option<WorkshopId>>,
    error: RwSignal<Option<String>>,
    sheet_error: RwSignal<Option<String>>,
}

impl Events {
    fn form_html(&self, out: &mut String, o: &Open, title: &str, submit: &str) {
        let form = Form {
            prefix: PREFIX,
            values: &o.values,
            errors: &o.errors,
        };
        form.open(out, &o.key, title, &ui::label_in(LABELS));
        form.input(out, "text", "title", "Titre", "", REQ);
        form.area(
            out,
            "description",
            "Description",
            "Ce que les jeunes y feront, où venir, quoi apporter.",
            OPT,
        );
        form.input(out, "date", "date", "Date", "", REQ);
        r(out, r#"<div class="duration">"#);
        form.input(
            out,
            "time",
            "starts_at",
            "Heure de début",
            "Au quart d'heure : 9:00, 9:15…",
            REQ,
        );
        form.input(out, "time", "ends_at", "Heure de fin", "", REQ);
        r(out, "</div>");
        form.input(
            out,
            "number",
            "capacity",
            "Nombre de places",
            "De 1 à 200 : au-delà, les jeunes peuvent rejoindre la liste d'attente.",
            REQ,
        );
        form.close(out, submit);
    }

    fn top_html(&self, out: &mut String) {
        r(
            out,
            "<p>Proposez vos visites, forums, job datings ou portes ouvertes aux jeunes de la Mission Locale : ils les voient dans leur application, avec le nom de votre organisation, et s'y inscrivent.</p>",
        );
        match open_as(&self.open.get(), PREFIX) {
            Some(o) => self.form_html(out, &o, "Nouvel événement", "Créer l'événement"),
            None => btn(out, "button", "add", "", "Nouvel événement"),
        }
    }

    fn list_html(&self, out: &mut String, v: &Value, past: bool) {
        let now = js_sys::Date::now();
        let mut events: Vec<&Value> = list(v, "")
            .iter()
            .filter(|e| (ms(e, "ends_at") <= now) == past)
            .collect();
        if past {
            // The most recent first.
            events.reverse();
            if events.is_empty() {
                return;
            }
            r(
                out,
                r#"<section><h2 id="evenements-passes" tabindex="-1">Événements passés</h2>"#,
            );
        } else {
            r(
                out,
                r#"<section><h2 id="evenements-a-venir" tabindex="-1">Prochains événements</h2>"#,
            );
            error_of(out, self.error);
            if events.is_empty() {
                r(
                    out,
                    "<p>Aucun événement prévu : créez-en un pour le proposer aux jeunes.</p>",
                );
            }
        }
        r(out, r#"<ul class="cards-list">"#);
        let open = self.open.get();
        for e in events {
            self.card_html(out, e, past, &open);
        }
        r(out, "</ul></section>");
    }

    fn card_html(&self, out: &mut String, e: &Value, past: bool, open: &Option<Open>) {
        let id = s(e, "id");
        let title = s(e, "title");
        let cancelled = f(e, "cancelled").as_bool() == Some(true);
        r(out, r#"<li class="card"><h3 id="evt-"#);
        t(out, id);
        el(out, r#"" tabindex="-1">"#, title, "</h3>");
        when_html(out, e);
        if cancelled {
            r(out, "<p>");
            badge(out, "badge-late", "Annulé");
            r(out, "</p>");
        } else {
            seats_html(out, e, past);
        }
        if !s(e, "description").is_empty() {
            para(out, s(e, "description"));
        }
        let key = format!("{PREFIX}:{id}");
        if let Some(o) = open_as(open, &key) {
            self.form_html(
                out,
                &o,
                &format!("Modifier « {title} »"),
                "Enregistrer l'événement",
            );
            r(out, "</li>");
            return;
        }
        let asking = self.cancelling.get().is_some_and(|c| c.to_string() == id);
        if asking {
            r(out, r#"<div class="confirm"><p id="evt-"#);
            t(out, id);
            el(
                out,
                r#"-annuler" tabindex="-1">Annuler « "#,
                title,
                " » ? Les jeunes inscrits en seront prévenus par e-mail.</p>",
            );
            btn(out, "button", "cancel-yes", id, "Oui, annuler l'événement");
            btn(
                out,
                "button button-secondary",
                "cancel-no",
                id,
                "Non, le garder",
            );
            r(out, "</div>");
        }
        let shown = self.shown.get().is_some_and(|x| x.to_string() == id);
        el(
            out,
            r#"<div class="actions" role="group" aria-label=""#,
            title,
            r#"">"#,
        );
        r(
            out,
            r#"<button type="button" class="button button-secondary" data-action="registrations" data-arg=""#,
        );
        t(out, id);
        r(out, r#"" aria-expanded=""#);
        r(out, if shown { "true" } else { "false" });
        el(
            out,
            r#"">Inscrits<span class="visually-hidden"> : "#,
            title,
            "</span></button>",
        );
        if !cancelled && !past && !asking {
            btn(out, "button button-secondary", "edit", id, "Modifier");
            btn(
                out,
                "button button-secondary",
                "cancel-ask",
                id,
                "Annuler l'événement",
            );
        }
        r(out, "</div>");
        if shown {
            self.registrations_html(out, e);
        }
        r(out, "</li>");
    }

    fn registrations_html(&self, out: &mut String, e: &Value) {
        let id = s(e, "id");
        r(out, r#"<section class="panel" aria-labelledby="evt-"#);
        t(out, id);
        r(out, r#"-inscrits"><h4 id="evt-"#);
        t(out, id);
        el(
            out,
            r#"-inscrits" tabindex="-1">Inscrits à « "#,
            s(e, "title"),
            " »</h4>",
        );
        loaded(out, self.registrations, &|out, v| {
            let all = list(v, "");
            let seated: Vec<&Value> = all.iter().filter(|x| s(x, "status") == "inscrit").collect();
            let waiting: Vec<&Value> = all
                .iter()
                .filter(|x| s(x, "status") == "en_attente")
                .collect();
            if seated.is_empty() {
                r(out, "<p>Personne n'est inscrit pour le moment.</p>");
            } else {
                r(out, r#"<ul class="plain-list">"#);
                for x in &seated {
                    el(out, "<li>", s(x, "first_name"), " ");
                    t(out, s(x, "last_name"));
                    if let Some(a) = Attendance::from_code(s(x, "attendance")) {
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
                    r(out, "</li>");
                }
                r(out, "</ul>");
            }
            if !waiting.is_empty() {
                r(out, "<p><strong>Liste d'attente</strong></p><ol>");
                for x in &waiting {
                    el(out, "<li>", s(x, "first_name"), " ");
                    t(out, s(x, "last_name"));
                    r(out, "</li>");
                }
                r(out, "</ol>");
            }
            self.sheet_html(out, e, &seated);
        });
        r(
            out,
            r#"<p class="small">Ces noms vous sont confiés pour l'organisation de l'événement seulement ; chaque consultation est enregistrée.</p></section>"#,
        );
    }

    fn sheet_html(&self, out: &mut String, e: &Value, seated: &[&Value]) {
        let cancelled = f(e, "cancelled").as_bool() == Some(true);
        if cancelled || seated.is_empty() {
            return;
        }
        let id = s(e, "id");
        if ms(e, "starts_at") - js_sys::Date::now() > 30.0 * 60_000.0 {
            r(
                out,
                "<p>La présence se note à partir de 30 minutes avant le début.</p>",
            );
            return;
        }
        el(
            out,
            r#"<form class="form" data-form="presence:"#,
            id,
            r#"" novalidate aria-labelledby="evt-"#,
        );
        t(out, id);
        r(out, r#"-presence"><p class="form-title" id="evt-"#);
        t(out, id);
        r(out, r#"-presence" tabindex="-1">Feuille de présence</p>"#);
        error_of(out, self.sheet_error);
        let options = ui::choices(Attendance::ALL, Attendance::code, Attendance::label);
        for x in seated {
            let name = format!("{} {}", s(x, "first_name"), s(x, "last_name"));
            radios(
                out,
                &format!("presence-{}", s(x, "id")),
                s(x, "id"),
                &name,
                &options,
                s(x, "attendance"),
                None,
            );
        }
        r(
            out,
            r#"<button type="submit" class="button">Enregistrer la présence</button></form>"#,
        );
    }

    fn save(&self, event: Option<WorkshopId>, values: Values) {
        let key = match event {
            Some(e) => format!("{PREFIX}:{e}"),
            None => PREFIX.to_owned(),
        };
        let mut errors = missing(
            &values,
            &[
                ("title", "Donnez un titre à l'événement."),
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
            return reject(self.open, &key, values, errors);
        }
        let body = PartnerEventInput {
            title: trimmed(&values, "title"),
            description: trimmed(&values, "description"),
            starts_at: at("starts_at"),
            ends_at: at("ends_at"),
            capacity,
        };
        let ctx = self.ctx;
        ctx.send_form(
            api::offers::save_partner_event_tree(ctx.session, self.id, event, &body),
            (self.open, key, values),
            self.reload,
            Box::new(move |saved| match event {
                None => (
                    format!("Événement « {} » créé.", s(saved, "title")),
                    "evenements-a-venir".to_owned(),
                ),
                Some(e) => (
                    format!("Événement « {} » enregistré.", s(saved, "title")),
                    format!("evt-{e}"),
                ),
            }),
        );
    }

    fn take_attendance(&self, event: WorkshopId, values: Values) {
        let entries = values
            .iter()
            .filter_map(|(name, v)| {
                Some(PartnerAttendanceEntry {
                    registration_id: name.parse().ok()?,
                    attendance: Attendance::from_code(v.first()?)?,
                })
            })
            .collect();
        let ctx = self.ctx;
        let (error, reload) = (self.sheet_error, self.reload);
        ctx.send(
            api::offers::partner_event_attendance_tree(
                ctx.session,
                self.id,
                event,
                &PartnerAttendanceSheet { entries },
            ),
            Box::new(move |result| match result {
                Ok(_) => {
                    // The list (its count of those present) and the registrations again.
                    error.try_set(None);
                    reload.try_update(|n| *n += 1);
                    ctx.say("Présence enregistrée.");
                }
                Err(e) => {
                    error.try_set(Some(e.message()));
                    focus_later(format!("evt-{event}-presence"));
                }
            }),
        );
    }
}

impl Part for Events {
    fn blocks(&self) -> usize {
        3
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        match block {
            0 => self.top_html(&mut out),
            1 => loaded(&mut out, self.data, &|o, v| self.list_html(o, v, false)),
            _ => self.data.with(|d| {
                if let Some(Ok(v)) = d {
                    self.list_html(&mut out, v, true);
                }
            }),
        }
        out
    }

    fn click(&self, action: &str, arg: &str, _ev: &web_sys::Event) {
        let ctx = self.ctx;
        let event = arg.parse::<WorkshopId>().ok();
        match (action, event) {
            ("add", _) => {
                self.cancelling.set(None);
                self.open.set(Some(Open::new(PREFIX, Values::new())));
                focus_later(format!("{PREFIX}-titre"));
            }
            ("cancel", _) => {
                let was = self.open.get_untracked().map(|o| o.key).unwrap_or_default();
                self.open.set(None);
                focus_later(match was.split_once(':') {
                    Some((_, id)) => format!("evt-{id}"),
                    None => "evenements-a-venir".to_owned(),
                });
            }
            ("edit", Some(e)) => {
                let stored = answer(self.data);
                let Some(found) = list(&stored, "").iter().find(|x| s(x, "id") == arg) else {
                    return;
                };
                self.cancelling.set(None);
                self.open
                    .set(Some(Open::new(format!("{PREFIX}:{e}"), values_of(found))));
                focus_later(format!("{PREFIX}-titre"));
            }
            ("cancel-ask", Some(e)) => {
                self.error.set(None);
                self.cancelling.set(Some(e));
                focus_later(format!("evt-{e}-annuler"));
            }
            ("cancel-no", Some(e)) => {
                self.cancelling.set(None);
                focus_later(format!("evt-{e}"));
            }
            ("cancel-yes", Some(e)) => {
                self.cancelling.set(None);
                let title = list(&answer(self.data), "")
                    .iter()
                    .find(|x| s(x, "id") == arg)
                    .map(|x| s(x, "title").to_owned())
                    .unwrap_or_default();
                let (reload, error) = (self.reload, self.error);
                ctx.send(
                    api::offers::cancel_partner_event_tree(ctx.session, self.id, e),
                    Box::new(move |result| match result {
                        Ok(_) => {
                            error.try_set(None);
                            reload.try_update(|n| *n += 1);
                            ctx.say(format!(
                                "Événement « {title} » annulé : les jeunes inscrits sont prévenus."
                            ));
                            focus_later(format!("evt-{e}"));
                        }
                        Err(err) => {
                            error.try_set(Some(err.message()));
                            focus_later("evenements-a-venir");
                        }
                    }),
                );
            }
            ("registrations", Some(e)) => {
                self.sheet_error.set(None);
                if self.shown.get_untracked() == Some(e) {
                    self.shown.set(None);
                } else {
                    // "Chargement…" rather than another event's registrations.
                    self.registrations.set(None);
                    self.shown.set(Some(e));
                    focus_later(format!("evt-{e}-inscrits"));
                }
            }
            _ => {}
        }
    }

    fn submit(&self, form: &str, arg: &str, values: Values) {
        let event = arg.parse::<WorkshopId>().ok();
        match (form, event) {
            (PREFIX, event) => self.save(event, values),
            ("presence", Some(e)) => self.take_attendance(e, values),
            _ => {}
        }
    }
}

/// `/partenaire/evenements`.
pub(super) fn page() -> AnyView {
    let ctx = portal::ctx();
    let session = ctx.session;
    let title = "Nos événements".to_owned().into();
    let Some(id) = portal::partner_id(session) else {
        let part = Arc::new(Static(portal::NO_PARTNER.to_owned()));
        return mount(title, String::new(), part, ctx.announce);
    };
    let reload = RwSignal::new(0u32);
    let shown = RwSignal::new(None::<WorkshopId>);
    let part = Events {
        ctx,
        id,
        data: load(move || {
            reload.track();
            api::offers::partner_events_tree(session, id)
        }),
        reload,
        open: RwSignal::new(None),
        shown,
        registrations: load(move || {
            reload.track();
            match shown.get() {
                Some(event) => api::offers::partner_event_registrations_tree(session, id, event),
                None => Box::pin(async { Ok(Value::Null) }),
            }
        }),
        cancelling: RwSignal::new(None),
        error: RwSignal::new(None),
        sheet_error: RwSignal::new(None),
    };
    mount(title, String::new(), Arc::new(part), ctx.announce)
}
