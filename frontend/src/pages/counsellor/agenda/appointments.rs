//! A young person's appointments: coming ones (confirm, move, cancel), the free-slot picker to
//! book or move one, past ones; for the young person (`/jeune/rendez-vous`) their wished rhythm
//! and their calendar address; for staff (`/conseiller/jeunes/:id/rendez-vous`) the messages
//! sent with their delivery status and the workshops.

use chrono::{DateTime, Utc};
use domain::agenda::{
    AppointmentMode, FollowUpIntensity, MessageChannel, MessageKind, MessageStatus,
};
use domain::dto::{IntensityInput, MoveEvent, NewBooking};
use domain::{AppointmentTypeId, EventId};
use leptos::prelude::*;
use serde_json::Value;

use super::{
    DAY, Feed, OWNER, ask_feed, attendance_buttons, day_name, event_body, feed_html, got,
    record_attendance, then, to_record,
};
use crate::api;
use crate::pages::counsellor::accompaniment::json::{
    f, has, hm, list, local_day, ms, n, person, s, when,
};
use crate::pages::counsellor::accompaniment::ui::{self, Form, OPT, badge, btn, el, num, r, t};
use crate::pages::counsellor::accompaniment::{Ctx, Data, Part, answer, error_of, load, trimmed};
use crate::pages::counsellor::html::{Errors, Values, focus_later, one};

#[derive(Clone, Copy)]
pub(crate) struct Appointments {
    ctx: Ctx,
    /// The young person themselves (else staff on the file).
    youth: bool,
    /// A `YouthAgenda`.
    agenda: Data,
    reload: RwSignal<u32>,
    /// Staff: the `MessageView`s; the young person: the `AgendaSetup` is not needed (null).
    messages: Data,
    /// Staff: an `AgendaSetup` (every active type, not only those young people book).
    setup: Data,
    /// The appointment type whose slots are shown.
    kind: RwSignal<Option<String>>,
    /// The appointment being moved.
    moving: RwSignal<Option<String>>,
    /// A `SlotList`, once a type is chosen.
    slots: Data,
    slot_reload: RwSignal<u32>,
    /// The slot chosen, before it is confirmed.
    chosen: RwSignal<Option<usize>>,
    picker_error: RwSignal<Option<String>>,
    /// The appointment whose cancellation waits for a second click.
    cancelling: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
    rhythm_error: RwSignal<Option<String>>,
    feed: Feed,
}

/// "mar. 24/11 — 10:00 avec Camille Dupont", of a `HostSlot`.
fn slot_label(slot: &Value) -> String {
    let mut out = String::new();
    if let Some(d) = local_day(slot, "starts_at") {
        day_name(&mut out, d, true);
    }
    r(&mut out, " — ");
    r(&mut out, &hm(slot, "starts_at"));
    r(&mut out, " avec ");
    r(&mut out, &person(slot, "host"));
    out
}

impl Appointments {
    pub fn new(ctx: Ctx, youth: bool) -> Self {
        let reload = RwSignal::new(0u32);
        let kind = RwSignal::new(None::<String>);
        let slot_reload = RwSignal::new(0u32);
        let id = ctx.id;
        let session = ctx.session;
        let none = || -> api::accompaniment::Request { Box::pin(async { Ok(Value::Null) }) };
        Self {
            ctx,
            youth,
            agenda: load(move || {
                reload.track();
                api::agenda::appointments(session, id)
            }),
            reload,
            messages: load(move || {
                reload.track();
                if youth {
                    none()
                } else {
                    api::agenda::messages(session, id)
                }
            }),
            setup: load(move || {
                if youth {
                    none()
                } else {
                    api::agenda::setup(session)
                }
            }),
            kind,
            moving: RwSignal::new(None),
            slots: load(move || {
                slot_reload.track();
                match kind.get().and_then(|k| k.parse::<AppointmentTypeId>().ok()) {
                    Some(k) => api::agenda::slots(session, id, k),
                    None => none(),
                }
            }),
            slot_reload,
            chosen: RwSignal::new(None),
            picker_error: RwSignal::new(None),
            cancelling: RwSignal::new(None),
            error: RwSignal::new(None),
            rhythm_error: RwSignal::new(None),
            feed: RwSignal::new(None),
        }
    }

    /// The coming appointments.
    fn upcoming_html(&self, out: &mut String, a: &Value) {
        let youth = self.youth;
        r(
            out,
            if youth {
                r#"<section><h2 id="rdv-a-venir" tabindex="-1">Mes prochains rendez-vous</h2>"#
            } else {
                r#"<section><h2 id="rdv-a-venir" tabindex="-1">Rendez-vous à venir</h2>"#
            },
        );
        if youth && has(a, "counsellor") {
            el(
                out,
                "<p>Votre conseiller ou conseillère : <strong>",
                &person(a, "counsellor"),
                "</strong>.</p>",
            );
        }
        if !youth {
            r(out, "<p>Rythme souhaité par le jeune : ");
            r(
                out,
                FollowUpIntensity::from_code(s(a, "intensity"))
                    .map_or("pas encore indiqué", FollowUpIntensity::label),
            );
            r(out, ".</p>");
        }
        error_of(out, self.error);
        let events = list(a, "upcoming");
        if events.is_empty() {
            r(out, "<p>Aucun rendez-vous prévu.</p>");
        }
        let deadline = n(a, "change_deadline_hours");
        let cancelling = self.cancelling.get();
        r(out, r#"<ul class="cards-list">"#);
        for e in events {
            let id = s(e, "id");
            r(out, r#"<li class="card">"#);
            event_body(out, e, DAY | OWNER);
            el(
                out,
                r#"<div class="actions" role="group" aria-label="Rendez-vous : "#,
                s(e, "title"),
                r#"">"#,
            );
            if youth && !has(e, "confirmed_at") {
                btn(out, "button", "confirm", id, "Confirmer ma présence");
            }
            let changeable =
                !youth || ms(e, "starts_at") - js_sys::Date::now() > deadline as f64 * 3_600_000.0;
            let asked = cancelling.as_deref() == Some(id);
            if asked {
                r(
                    out,
                    r#"</div><div class="confirm"><p id="rdv-annuler" tabindex="-1">Annuler ce rendez-vous ?</p>"#,
                );
                btn(
                    out,
                    "button",
                    "cancel-yes",
                    id,
                    "Oui, annuler le rendez-vous",
                );
                btn(
                    out,
                    "button button-secondary",
                    "cancel-no",
                    id,
                    "Non, le garder",
                );
            } else if changeable {
                if has(e, "appointment_type_id") {
                    btn(out, "button button-secondary", "move", id, "Déplacer");
                }
                btn(out, "button button-secondary", "cancel", id, "Annuler");
            }
            r(out, "</div>");
            if !changeable && !asked {
                r(out, r#"<p class="small">Ce rendez-vous est dans moins de "#);
                num(out, deadline);
                r(
                    out,
                    " h : pour le déplacer ou l'annuler, appelez votre Mission Locale.</p>",
                );
            }
            r(out, "</li>");
        }
        r(out, "</ul></section>");
    }

    /// The types to book, or the slots of the chosen type, or the chosen slot to confirm.
    fn picker_html(&self, out: &mut String) {
        let moving = self.moving.get();
        r(
            out,
            r#"<section class="card"><h2 id="rdv-prendre" tabindex="-1">"#,
        );
        r(
            out,
            match (moving.is_some(), self.youth) {
                (true, _) => "Déplacer un rendez-vous",
                (false, true) => "Prendre rendez-vous",
                (false, false) => "Prendre rendez-vous pour ce jeune",
            },
        );
        r(out, "</h2>");
        if self.kind.get().is_none() {
            self.types_html(out);
        } else {
            if let Some(m) = self.picker_error.get() {
                el(
                    out,
                    r#"<div class="notice notice-error" role="alert" id="rdv-erreur" tabindex="-1"><p>"#,
                    &m,
                    "</p></div>",
                );
            }
            let chosen = self.chosen.get();
            self.slots.with(|v| match v {
                // Null: the answer of no type, until the chosen type's arrives.
                None | Some(Ok(Value::Null)) => {
                    r(out, r#"<p class="loading" role="status">Chargement…</p>"#);
                }
                Some(Err(e)) => ui::error(out, &e.message()),
                Some(Ok(v)) => {
                    let slots = list(v, "slots");
                    match chosen.and_then(|i| slots.get(i)) {
                        Some(slot) => self.chosen_html(out, slot, moving.is_some()),
                        None => Self::slots_html(out, v),
                    }
                }
            });
            btn(
                out,
                "button button-secondary",
                "close",
                "",
                if moving.is_some() {
                    "Ne pas déplacer le rendez-vous"
                } else {
                    "Revenir aux types de rendez-vous"
                },
            );
        }
        r(out, "</section>");
    }

    /// The appointment types, one button each.
    fn types_html(&self, out: &mut String) {
        let setup = got(self.setup);
        let agenda = got(self.agenda);
        let types = if self.youth {
            list(&agenda, "bookable_types")
        } else {
            list(&setup, "appointment_types")
        };
        let mut none = true;
        for ty in types {
            if f(ty, "active").as_bool() == Some(false) {
                continue;
            }
            if none {
                r(
                    out,
                    r#"<p>Choisissez le type de rendez-vous :</p><ul class="plain slot-types">"#,
                );
                none = false;
            }
            let mut text = s(ty, "label").to_owned();
            text.push_str(" (");
            text.push_str(&n(ty, "minutes").to_string());
            text.push_str(" min, ");
            text.push_str(
                &AppointmentMode::from_code(s(ty, "mode"))
                    .map_or("", AppointmentMode::label)
                    .to_lowercase(),
            );
            text.push(')');
            r(out, "<li>");
            btn(out, "button button-secondary", "type", s(ty, "id"), &text);
            r(out, "</li>");
        }
        if none {
            r(
                out,
                if self.youth {
                    "<p>Pas de rendez-vous à prendre en ligne pour le moment : contactez votre Mission Locale.</p>"
                } else {
                    "<p>Aucun type de rendez-vous à proposer pour le moment.</p>"
                },
            );
        } else {
            r(out, "</ul>");
        }
    }

    /// The free slots of a `SlotList`, by day.
    fn slots_html(out: &mut String, v: &Value) {
        el(
            out,
            "<p>",
            s(f(v, "appointment_type"), "label"),
            " : choisissez un créneau.</p>",
        );
        let slots = list(v, "slots");
        if slots.is_empty() {
            el(out, "<p>", s(v, "empty_reason"), "</p>");
            return;
        }
        let host = |sl: &Value| s(f(sl, "host"), "id").to_owned();
        let one_host = slots.iter().all(|sl| host(sl) == host(&slots[0]));
        if one_host {
            el(out, "<p>Avec ", &person(&slots[0], "host"), ".</p>");
        }
        let mut day = None;
        for (i, sl) in slots.iter().enumerate() {
            let d = local_day(sl, "starts_at");
            if d != day {
                if day.is_some() {
                    r(out, "</ul>");
                }
                r(out, "<h3>");
                if let Some(d) = d {
                    day_name(out, d, false);
                }
                r(out, r#"</h3><ul class="plain slots">"#);
                day = d;
            }
            // The visible time is part of the button's name, which says the day and the host.
            let label = slot_label(sl);
            let (before, after) = label.split_once(" avec ").unwrap_or((&label, ""));
            let (day_part, time) = before.split_once(" — ").unwrap_or(("", before));
            r(
                out,
                r#"<li><button type="button" class="button button-secondary" data-action="slot" data-arg=""#,
            );
            num(out, i as i64);
            el(
                out,
                r#""><span class="visually-hidden">"#,
                day_part,
                " — </span>",
            );
            t(out, time);
            el(
                out,
                if one_host {
                    r#"<span class="visually-hidden"> avec "#
                } else {
                    " <span> avec "
                },
                after,
                "</span></button></li>",
            );
        }
        r(out, "</ul>");
    }

    /// The chosen slot, to confirm.
    fn chosen_html(&self, out: &mut String, slot: &Value, moving: bool) {
        r(
            out,
            r#"<div class="confirm"><p id="rdv-choix" tabindex="-1">Vous avez choisi : <strong>"#,
        );
        if let Some(d) = local_day(slot, "starts_at") {
            day_name(out, d, false);
        }
        r(out, " à ");
        r(out, &hm(slot, "starts_at"));
        el(out, "</strong>, avec ", &person(slot, "host"), "");
        if has(slot, "site_name") {
            el(out, ", ", s(slot, "site_name"), "");
        }
        r(
            out,
            r#".</p><form class="form" data-form="book" novalidate aria-labelledby="rdv-choix">"#,
        );
        if !moving {
            let values = Values::new();
            let errors = Errors::default();
            let form = Form {
                prefix: "rdv",
                values: &values,
                errors: &errors,
            };
            form.area(out, "note", "Un mot pour préparer le rendez-vous", "", OPT);
        }
        r(
            out,
            if moving {
                r#"<div class="actions"><button type="submit" class="button">Confirmer le déplacement</button>"#
            } else {
                r#"<div class="actions"><button type="submit" class="button">Confirmer le rendez-vous</button>"#
            },
        );
        btn(
            out,
            "button button-secondary",
            "unchoose",
            "",
            "Choisir un autre créneau",
        );
        r(out, "</div></form></div>");
    }

    /// The young person's wished rhythm.
    fn rhythm_html(&self, out: &mut String, a: &Value) {
        r(
            out,
            r#"<section class="card"><h2 id="rdv-rythme">Mon rythme</h2>"#,
        );
        error_of(out, self.rhythm_error);
        r(
            out,
            r#"<form class="form" data-form="rythme" novalidate aria-labelledby="rdv-rythme"><fieldset class="choices"><legend>À quel rythme souhaitez-vous voir votre conseiller ?</legend>"#,
        );
        let current = s(a, "intensity");
        for i in FollowUpIntensity::ALL {
            let code = i.code();
            r(
                out,
                r#"<div class="checkbox"><input type="radio" name="intensity" id="rythme-"#,
            );
            r(out, code);
            r(out, r#"" value=""#);
            r(out, code);
            r(
                out,
                if code == current {
                    r#"" checked>"#
                } else {
                    r#"">"#
                },
            );
            r(out, r#"<label for="rythme-"#);
            r(out, code);
            el(out, r#"">"#, i.label(), "</label></div>");
        }
        r(
            out,
            r#"</fieldset><button type="submit" class="button button-secondary">Enregistrer mon rythme</button></form></section>"#,
        );
    }

    /// The messages sent to the young person, with their delivery status.
    fn messages_html(out: &mut String, v: &Value) {
        r(
            out,
            r#"<section><h2 id="rdv-messages">Messages au jeune</h2>"#,
        );
        let messages = list(v, "");
        if messages.is_empty() {
            r(out, "<p>Aucun message pour le moment.</p>");
        }
        r(out, r#"<ul class="cards-list">"#);
        for m in messages {
            el(
                out,
                r#"<li class="item"><p><strong>"#,
                MessageKind::from_code(s(m, "kind")).map_or("", MessageKind::label),
                "</strong> · ",
            );
            r(
                out,
                MessageChannel::from_code(s(m, "channel")).map_or("", MessageChannel::label),
            );
            el(out, " · ", s(m, "recipient"), r#"</p><p class="small">"#);
            el(out, "", s(m, "subject"), "</p><p>");
            let status = MessageStatus::from_code(s(m, "status"));
            badge(
                out,
                match status {
                    Some(MessageStatus::Envoye) => "badge-ok",
                    Some(MessageStatus::Echec) => "badge-late",
                    Some(MessageStatus::EnAttente) => "badge-info",
                    _ => "badge-neutral",
                },
                status.map_or("", MessageStatus::label),
            );
            if has(m, "sent_at") {
                r(out, " le ");
                r(out, &when(m, "sent_at"));
            } else {
                r(out, " · prévu le ");
                r(out, &when(m, "scheduled_at"));
            }
            r(out, "</p>");
            if status == Some(MessageStatus::Echec) {
                el(
                    out,
                    r#"<p class="small">Erreur : "#,
                    s(m, "last_error"),
                    " (",
                );
                num(out, n(m, "attempts"));
                r(out, " tentatives)</p>");
            }
            r(out, "</li>");
        }
        r(out, "</ul></section>");
    }

    /// Past and cancelled appointments, and (staff) the workshops.
    fn past_html(&self, out: &mut String, a: &Value) {
        r(
            out,
            if self.youth {
                r#"<section><h2 id="rdv-passes">Mes rendez-vous passés</h2>"#
            } else {
                r#"<section><h2 id="rdv-passes">Rendez-vous passés ou annulés</h2>"#
            },
        );
        let past = list(a, "past");
        if past.is_empty() {
            r(out, "<p>Aucun rendez-vous passé.</p>");
        }
        r(out, r#"<ul class="cards-list">"#);
        for e in past {
            r(out, r#"<li class="item">"#);
            event_body(out, e, DAY | OWNER);
            if !self.youth && to_record(e) {
                attendance_buttons(out, e);
            }
            r(out, "</li>");
        }
        r(out, "</ul>");
        if self.youth {
            r(
                out,
                r#"<p><a href="/jeune/ateliers">Voir les ateliers et m'inscrire</a></p></section>"#,
            );
            return;
        }
        r(out, r#"<h2 id="rdv-ateliers">Ateliers</h2>"#);
        let workshops = list(a, "workshops");
        if workshops.is_empty() {
            r(out, "<p>Inscrit à aucun atelier.</p>");
        }
        r(out, r#"<ul class="cards-list">"#);
        for w in workshops {
            r(out, r#"<li class="item">"#);
            event_body(out, w, DAY);
            r(out, "</li>");
        }
        r(out, "</ul></section>");
    }

    /// The event `id` of the coming appointments.
    fn upcoming(&self, id: &str) -> Value {
        list(&answer(self.agenda), "upcoming")
            .iter()
            .find(|e| s(e, "id") == id)
            .cloned()
            .unwrap_or_default()
    }

    fn close_picker(&self) {
        self.kind.set(None);
        self.moving.set(None);
        self.chosen.set(None);
        self.picker_error.set(None);
    }

    /// Books or moves to the chosen slot.
    fn book(&self, values: &Values) {
        let ctx = self.ctx;
        let slot = self
            .chosen
            .get_untracked()
            .and_then(|i| list(&answer(self.slots), "slots").get(i).cloned())
            .unwrap_or_default();
        let starts_at = DateTime::<Utc>::from_timestamp_millis(ms(&slot, "starts_at") as i64);
        let label = slot_label(&slot);
        let moving = self.moving.get_untracked();
        let request = match moving.as_deref().map(str::parse::<EventId>) {
            Some(Ok(event)) => api::agenda::move_appointment(
                ctx.session,
                ctx.id,
                event,
                &MoveEvent {
                    starts_at,
                    ends_at: None,
                },
            ),
            _ => api::agenda::book(
                ctx.session,
                ctx.id,
                &NewBooking {
                    appointment_type_id: self.kind.get_untracked().and_then(|k| k.parse().ok()),
                    starts_at,
                    host_id: s(f(&slot, "host"), "id").parse().ok(),
                    site_id: s(&slot, "site_id").parse().ok(),
                    note: trimmed(values, "note"),
                },
            ),
        };
        let this = *self;
        let message = if moving.is_some() {
            format!("Rendez-vous déplacé : {label}.")
        } else {
            format!("Rendez-vous pris : {label}.")
        };
        ctx.send(
            request,
            Box::new(move |result| match result {
                Ok(_) => {
                    this.close_picker();
                    this.reload.update(|n| *n += 1);
                    ctx.say(message);
                    focus_later("rdv-a-venir");
                }
                Err(e) => {
                    // Taken meanwhile (409 `slot_taken`) or no longer possible: show the
                    // server's words over fresh slots.
                    this.picker_error.set(Some(e.message()));
                    this.chosen.set(None);
                    this.slot_reload.update(|n| *n += 1);
                    focus_later("rdv-erreur");
                }
            }),
        );
    }
}

impl Part for Appointments {
    fn blocks(&self) -> usize {
        5
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        let this = *self;
        match block {
            0 => crate::pages::counsellor::accompaniment::loaded(&mut out, self.agenda, &|o, a| {
                this.upcoming_html(o, a);
            }),
            1 => self.picker_html(&mut out),
            2 if self.youth => self.agenda.with(|a| {
                if let Some(Ok(a)) = a {
                    self.rhythm_html(&mut out, a);
                }
            }),
            2 => crate::pages::counsellor::accompaniment::loaded(
                &mut out,
                self.messages,
                &Self::messages_html,
            ),
            3 => self.agenda.with(|a| {
                if let Some(Ok(a)) = a {
                    self.past_html(&mut out, a);
                }
            }),
            4 if self.youth => feed_html(&mut out, self.feed),
            _ => {
                el(
                    &mut out,
                    r#"<p><a href="/conseiller/agenda?jeune="#,
                    &self.ctx.id.to_string(),
                    r#"">Ajouter un rendez-vous à un autre moment dans mon agenda</a></p>"#,
                );
            }
        }
        out
    }

    fn click(&self, action: &str, arg: &str, _ev: &web_sys::Event) {
        let ctx = self.ctx;
        let event = arg.parse::<EventId>();
        match action {
            "type" => {
                self.chosen.set(None);
                self.picker_error.set(None);
                self.kind.set(Some(arg.to_owned()));
                focus_later("rdv-prendre");
            }
            "slot" => {
                self.chosen.set(arg.parse().ok());
                focus_later("rdv-choix");
            }
            "unchoose" => {
                self.chosen.set(None);
                focus_later("rdv-prendre");
            }
            "close" => {
                self.close_picker();
                focus_later("rdv-prendre");
            }
            "move" => {
                let e = self.upcoming(arg);
                self.chosen.set(None);
                self.picker_error.set(None);
                self.moving.set(Some(arg.to_owned()));
                self.kind.set(Some(s(&e, "appointment_type_id").to_owned()));
                focus_later("rdv-prendre");
            }
            "cancel" => {
                self.cancelling.set(Some(arg.to_owned()));
                focus_later("rdv-annuler");
            }
            "cancel-no" => {
                self.cancelling.set(None);
                focus_later("rdv-a-venir");
            }
            "cancel-yes" => {
                if let Ok(event) = event {
                    let cancelling = self.cancelling;
                    let done = then(
                        ctx,
                        self.reload,
                        self.error,
                        "Rendez-vous annulé.".to_owned(),
                    );
                    ctx.send(
                        api::agenda::cancel_appointment(ctx.session, ctx.id, event),
                        Box::new(move |result| {
                            cancelling.try_set(None);
                            done(result);
                            focus_later("rdv-a-venir");
                        }),
                    );
                }
            }
            "confirm" => {
                if let Ok(event) = event {
                    ctx.send(
                        api::agenda::confirm_appointment(ctx.session, ctx.id, event),
                        then(
                            ctx,
                            self.reload,
                            self.error,
                            "Merci ! Votre présence est confirmée.".to_owned(),
                        ),
                    );
                }
            }
            "presence" => record_attendance(ctx, arg, self.reload, self.error),
            "feed" => ask_feed(ctx, api::agenda::youth_feed(ctx.session, ctx.id), self.feed),
            _ => {}
        }
    }

    fn submit(&self, form: &str, _arg: &str, values: Values) {
        if form == "book" {
            self.book(&values);
        } else if form == "rythme" {
            let intensity = FollowUpIntensity::from_code(one(&values, "intensity"));
            let ctx = self.ctx;
            ctx.send(
                api::agenda::set_intensity(ctx.session, ctx.id, &IntensityInput { intensity }),
                then(
                    ctx,
                    self.reload,
                    self.rhythm_error,
                    format!(
                        "Votre rythme est enregistré : {}.",
                        intensity.map_or("aucun", FollowUpIntensity::label)
                    ),
                ),
            );
        }
    }
}
