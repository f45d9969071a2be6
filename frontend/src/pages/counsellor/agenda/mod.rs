//! The agenda (issue 5) on the staff side: the week view of one's own agenda, a colleague's or
//! a site's (`week`), opening hours (`availability`), the day's panel of the dashboard home
//! (`home`), workshops with their registrations and attendance (`workshops`), and a young
//! person's appointments with the free-slot picker (`appointments`), shared by the file page
//! and the youth app.
//!
//! Written like the accompaniment pages (see `super::accompaniment`): markup as text into
//! `inner_html` blocks, answers read as JSON trees (`api::agenda`), domain request types sent.
//! Times are shown and typed in the browser's time zone (Europe/Paris for its users).

pub(crate) mod appointments;
mod availability;
mod home;
mod week;
mod workshops;

pub(crate) use home::HomePanel;

use std::fmt::Write as _;
use std::sync::Arc;

use chrono::{Datelike as _, NaiveDate};
use domain::agenda::{AppointmentMode, AppointmentStatus, EventKind};
use domain::dto::EventAttendance;
use domain::{EventId, Operation, YouthId};
use leptos::prelude::*;
use serde_json::Value;

use super::accompaniment::json::{f, has, hm, local_day, ms, person, s};
use super::accompaniment::ui::{badge, btn, el, r, t};
use super::accompaniment::{Ctx, May, Request, Then};
use super::html::focus_later;
use crate::api;
use crate::session::Session;

/// `/conseiller/:section/*rest`, after every other page of the dashboard: the agenda
/// (`agenda`, `agenda/disponibilites`, `agenda/site/{id}`), the workshops (`ateliers`,
/// `ateliers/{id}`), the offers (`offres`, `offres/{id}`) and the map (`carte`, see
/// `super::offers`). One route for the eight pages: each route costs about 1.3 KB of
/// WebAssembly.
#[component]
pub fn AgendaRoutes() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let query = leptos_router::hooks::use_query_map();
    super::accompaniment::redraw(Box::new(move || {
        let (section, rest) = params.with(|p| {
            (
                p.get("section").unwrap_or_default(),
                p.get("rest").unwrap_or_default(),
            )
        });
        let rest = rest.trim_matches('/');
        match (section.as_str(), rest) {
            ("agenda", "") => {
                let youth = query.with_untracked(|q| q.get("jeune"));
                week::week_page(None, youth.and_then(|y| y.parse().ok()))
            }
            ("agenda", "disponibilites") => availability::availability_page(),
            ("ateliers", "") => workshops::workshops_page(),
            ("agenda", site) if site.starts_with("site/") => {
                week::week_page(site[5..].parse().ok(), None)
            }
            ("ateliers", id) => workshops::workshop_page(id.parse().ok()),
            ("offres", "") => super::offers::offers_page(),
            ("offres", id) => super::offers::offer_page(id.parse().ok()),
            ("carte", "") => super::offers::map_page(),
            _ => not_found(),
        }
    }))
}

/// An address under a face that matches no page.
pub(crate) fn not_found() -> AnyView {
    super::accompaniment::mount(
        "Page introuvable".to_owned().into(),
        String::new(),
        Arc::new(super::accompaniment::Static(
            "<p>Cette adresse ne correspond à aucune page de Passerelle.</p>".to_owned(),
        )),
        RwSignal::new(None),
    )
}

/// The days of the week, from Monday.
const DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// "mardi 24/11", or "mar. 24/11" when `short`.
#[inline(never)]
pub(crate) fn day_name(out: &mut String, d: NaiveDate, short: bool) {
    let name = DAYS[d.weekday().num_days_from_monday() as usize];
    if short {
        r(out, name.get(..3).unwrap_or(name));
        r(out, ".");
    } else {
        r(out, name);
    }
    let _ = write!(out, " {:02}/{:02}", d.day(), d.month());
}

/// A page's context without a file (the staff's agenda pages).
pub(crate) fn staff_ctx() -> Ctx {
    Ctx::new(
        Session::use_context(),
        YouthId(uuid::Uuid::nil()),
        May::default(),
        String::new(),
    )
}

/// The answer of `data` once arrived, or null (reactive: the block draws again when it arrives).
pub(crate) fn got(data: super::accompaniment::Data) -> Value {
    data.with(|v| match v {
        Some(Ok(v)) => v.clone(),
        _ => Value::Null,
    })
}

/// Whether the account may do `op`.
pub(crate) fn may(session: Session, op: Operation) -> bool {
    session.me().is_some_and(|m| m.may(op))
}

/// What an entry shows besides its time and title.
pub(crate) const DAY: u8 = 1;
/// Whose agenda: "avec Camille Dupont".
pub(crate) const OWNER: u8 = 2;
/// The young person, a link to their appointments.
pub(crate) const YOUTH: u8 = 4;

/// The body of an `AgendaEvent`'s card: when, what, where, with whom, its status.
#[inline(never)]
pub(crate) fn event_body(out: &mut String, e: &Value, show: u8) {
    r(out, "<p><strong>");
    if show & DAY != 0
        && let Some(d) = local_day(e, "starts_at")
    {
        day_name(out, d, true);
        r(out, " · ");
    }
    r(out, &hm(e, "starts_at"));
    r(out, "–");
    r(out, &hm(e, "ends_at"));
    el(out, "</strong> ", s(e, "title"), r#"</p><p class="small">"#);
    r(
        out,
        // A `WorkshopSummary` has no kind.
        EventKind::from_code(s(e, "kind")).map_or("Atelier", EventKind::label),
    );
    if has(e, "site_name") {
        el(out, " · ", s(e, "site_name"), "");
    } else if let Some(mode) = AppointmentMode::from_code(s(e, "mode")) {
        el(out, " · ", mode.label(), "");
    }
    let youth = f(e, "youth");
    if show & YOUTH != 0 && !youth.is_null() {
        r(out, r#" · <a href="/conseiller/jeunes/"#);
        t(out, s(youth, "id"));
        el(out, r#"/rendez-vous">"#, s(youth, "name"), "</a>");
    }
    if show & OWNER != 0 {
        el(out, " · avec ", &person(e, "owner"), "");
    }
    match AppointmentStatus::from_code(s(e, "status")) {
        Some(AppointmentStatus::Planifie) | None => {
            if has(e, "confirmed_at") {
                badge(out, "badge-ok", "Présence confirmée");
            }
        }
        Some(st @ AppointmentStatus::Present) => badge(out, "badge-ok", st.label()),
        Some(st @ AppointmentStatus::Excuse) => badge(out, "badge-neutral", st.label()),
        Some(st) => badge(out, "badge-late", st.label()),
    }
    r(out, "</p>");
}

/// Whether an appointment has started and still waits for its attendance.
pub(crate) fn to_record(e: &Value) -> bool {
    EventKind::from_code(s(e, "kind")).is_some_and(EventKind::is_appointment)
        && s(e, "status") == "planifie"
        && ms(e, "starts_at") <= js_sys::Date::now()
}

/// "Présent", "Absent", "Excusé" for an appointment (action `presence`, argument
/// `{event}:{status}`).
#[inline(never)]
pub(crate) fn attendance_buttons(out: &mut String, e: &Value) {
    el(
        out,
        r#"<div class="actions" role="group" aria-label="Présence : "#,
        s(e, "title"),
        r#"">"#,
    );
    for st in [
        AppointmentStatus::Present,
        AppointmentStatus::Absent,
        AppointmentStatus::Excuse,
    ] {
        let arg = format!("{}:{}", s(e, "id"), st.code());
        btn(out, "button button-secondary", "presence", &arg, st.label());
    }
    r(out, "</div>");
}

/// After an action on a list: on success reload and say `message`, else show the error.
pub(crate) fn then(
    ctx: Ctx,
    reload: RwSignal<u32>,
    error: RwSignal<Option<String>>,
    message: String,
) -> Then {
    Box::new(move |result| match result {
        Ok(_) => {
            error.try_set(None);
            reload.try_update(|n| *n += 1);
            ctx.say(message);
        }
        Err(e) => {
            error.try_set(Some(e.message()));
        }
    })
}

/// Records an attendance (`arg`: `{event}:{status}`).
pub(crate) fn record_attendance(
    ctx: Ctx,
    arg: &str,
    reload: RwSignal<u32>,
    error: RwSignal<Option<String>>,
) {
    let (id, code) = arg.split_once(':').unwrap_or_default();
    let (Ok(id), Some(status)) = (id.parse::<EventId>(), AppointmentStatus::from_code(code)) else {
        return;
    };
    let body = EventAttendance {
        status: Some(status),
    };
    ctx.send(
        api::agenda::event_attendance(ctx.session, id, &body),
        then(
            ctx,
            reload,
            error,
            format!("Présence enregistrée : {}.", status.label()),
        ),
    );
}

/// The secret calendar address once asked for, or why it failed.
pub(crate) type Feed = RwSignal<Option<Result<String, String>>>;

/// "Ajouter à mon agenda": the button (action `feed`), then the address to copy.
#[inline(never)]
pub(crate) fn feed_html(out: &mut String, feed: Feed) {
    r(
        out,
        r#"<section class="card"><h2 id="agenda-externe">Mes rendez-vous dans mon agenda</h2><p>Retrouvez vos rendez-vous dans l'agenda de votre téléphone ou de votre messagerie (Google Agenda, Outlook, Calendrier…).</p>"#,
    );
    match feed.get() {
        Some(Ok(url)) => {
            r(
                out,
                r#"<div class="field"><label for="adresse-agenda">Adresse à copier dans votre application d'agenda (« ajouter un agenda par URL »)</label><input type="text" id="adresse-agenda" readonly value=""#,
            );
            t(out, &url);
            r(
                out,
                r#""></div><p class="small">Gardez cette adresse pour vous : elle donne accès à vos rendez-vous. En demander une nouvelle remplace l'ancienne.</p>"#,
            );
        }
        other => {
            if let Some(Err(m)) = other {
                super::accompaniment::ui::error(out, &m);
            }
            btn(
                out,
                "button button-secondary",
                "feed",
                "",
                "Ajouter à mon agenda",
            );
        }
    }
    r(out, "</section>");
}

/// Asks for the secret calendar address.
pub(crate) fn ask_feed(ctx: Ctx, request: Request, feed: Feed) {
    ctx.send(
        request,
        Box::new(move |result| {
            feed.try_set(Some(
                result
                    .map(|v| s(&v, "url").to_owned())
                    .map_err(|e| e.message()),
            ));
            focus_later("adresse-agenda");
        }),
    );
}

/// A group of radio buttons: `<fieldset id="{id}">` with its legend, its error, and one choice
/// per (value, label) named `name`, `current` checked.
#[inline(never)]
#[allow(
    clippy::too_many_arguments,
    reason = "plain arguments cost less code than a struct"
)]
pub(crate) fn radios(
    out: &mut String,
    id: &str,
    name: &str,
    legend: &str,
    options: &[(&str, &str)],
    current: &str,
    error: Option<&str>,
) {
    r(out, r#"<fieldset class="segmented" id=""#);
    t(out, id);
    el(out, r#""><legend>"#, legend, "</legend>");
    if let Some(m) = error {
        el(out, r#"<p class="field-error">"#, m, "</p>");
    }
    for (value, label) in options {
        r(out, r#"<span class="choice"><input type="radio" name=""#);
        t(out, name);
        r(out, r#"" id=""#);
        t(out, id);
        r(out, "-");
        t(out, value);
        r(out, r#"" value=""#);
        t(out, value);
        r(
            out,
            if *value == current {
                r#"" checked>"#
            } else {
                r#"">"#
            },
        );
        r(out, r#"<label for=""#);
        t(out, id);
        r(out, "-");
        t(out, value);
        el(out, r#"">"#, label, "</label></span>");
    }
    r(out, "</fieldset>");
}

/// The day, times and place of a `WorkshopSummary`, the partner who proposes it, who leads it,
/// and whether it is cancelled.
#[inline(never)]
pub(crate) fn workshop_facts(out: &mut String, w: &Value) {
    r(out, "<p>");
    if let Some(d) = local_day(w, "starts_at") {
        day_name(out, d, false);
    }
    r(out, " · ");
    r(out, &hm(w, "starts_at"));
    r(out, "–");
    r(out, &hm(w, "ends_at"));
    if has(w, "site_name") {
        el(out, " · ", s(w, "site_name"), "");
    }
    r(out, r#"</p><p class="small">"#);
    let partner = s(f(w, "partner"), "name");
    if !partner.is_empty() {
        el(out, "Proposé par ", partner, " · ");
    }
    if let Some(theme) = domain::accompaniment::Theme::from_code(s(w, "theme")) {
        el(out, "", theme.label(), " · ");
    }
    el(out, "Animé par ", &person(w, "facilitator"), "</p>");
    if f(w, "cancelled").as_bool() == Some(true) {
        r(out, "<p>");
        badge(out, "badge-late", "Annulé");
        r(out, "</p>");
    }
}
