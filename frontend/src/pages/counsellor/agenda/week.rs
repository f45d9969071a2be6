//! `/conseiller/agenda`: a staff member's week (their own or a colleague's), Monday to Sunday,
//! with the attendance of past appointments, cancellation, and the form to add an entry (an
//! appointment with the young person whose file linked here, a meeting, an absence…);
//! `/conseiller/agenda/site/:id`: the shared week of a site.

use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use domain::accompaniment::monday_of;
use domain::agenda::EventKind;
use domain::dto::{CancelEvent, NewEvent};
use domain::{EventId, Operation, SiteId, YouthId};
use leptos::prelude::*;
use serde_json::Value;

use super::{
    Feed, OWNER, YOUTH, ask_feed, attendance_buttons, day_name, event_body, feed_html, got, may,
    record_attendance, staff_ctx, then, to_record,
};
use crate::api;
use crate::format;
use crate::pages::counsellor::accompaniment::json::{f, list, local_day, ms, s, when};
use crate::pages::counsellor::accompaniment::ui::{self, Form, OPT, REQ, btn, el, r, t};
use crate::pages::counsellor::accompaniment::{
    Ctx, Data, Open, Part, date_in, error_of, load, loaded, local_instant, missing, mount, reject,
    text_in, trimmed,
};
use crate::pages::counsellor::html::{Errors, Values, focus_later, one, put};

const PREFIX: &str = "entree";

const LABELS: &[(&str, &str)] = &[
    ("kind", "Type d'entrée"),
    ("date", "Date"),
    ("starts_at", "Début"),
    ("ends_at", "Fin"),
    ("title", "Intitulé"),
    ("site_id", "Site"),
    ("note", "Note"),
    ("youth_id", "Jeune"),
    ("partner_id", "Partenaire"),
    ("owner_id", "Agenda"),
];

#[derive(Clone, Copy)]
struct Week {
    ctx: Ctx,
    /// A site's shared view (else a person's agenda).
    site: Option<SiteId>,
    monday: RwSignal<NaiveDate>,
    /// A colleague's agenda (else the caller's).
    account: RwSignal<Option<String>>,
    /// An `AgendaView`.
    data: Data,
    reload: RwSignal<u32>,
    /// A `Page<StaffMember>` (null on a site's view).
    staff: Data,
    /// A `StructureDetail`: the sites.
    structure: Data,
    /// A `Page<PartnerSummary>`, for appointments with a partner (null without the right).
    partners: Data,
    /// The young person of an appointment to add (from their file's link), and their
    /// `YouthDetail`.
    youth: Option<YouthId>,
    youth_detail: Data,
    form: RwSignal<Option<Open>>,
    cancelling: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
    feed: Feed,
    manage: bool,
}

impl Week {
    fn new(ctx: Ctx, site: Option<SiteId>, youth: Option<YouthId>) -> Self {
        let session = ctx.session;
        let monday = RwSignal::new(monday_of(format::today()));
        let account = RwSignal::new(None::<String>);
        let reload = RwSignal::new(0u32);
        let structure_id = session.me().map(|m| m.structure.id);
        let null = || -> api::accompaniment::Request { Box::pin(async { Ok(Value::Null) }) };
        let manage = site.is_none() && may(session, Operation::ManageAgenda);
        Self {
            ctx,
            site,
            monday,
            account,
            data: load(move || {
                reload.track();
                let from = monday.get();
                match site {
                    Some(site) => api::agenda::site_agenda(session, site, from, 7),
                    None => api::agenda::agenda(
                        session,
                        account.get().and_then(|a| a.parse().ok()),
                        from,
                        7,
                    ),
                }
            }),
            reload,
            staff: load(move || {
                if site.is_none() && may(session, Operation::ListStaff) {
                    api::agenda::staff(session)
                } else {
                    null()
                }
            }),
            structure: load(move || match structure_id {
                Some(id) => api::agenda::structure(session, id),
                None => null(),
            }),
            partners: load(move || {
                if manage && may(session, Operation::ListPartners) {
                    api::agenda::partners(session)
                } else {
                    null()
                }
            }),
            youth,
            youth_detail: load(move || match youth {
                Some(id) => api::accompaniment::youth(session, id),
                None => null(),
            }),
            form: RwSignal::new(youth.filter(|_| manage).map(|_| {
                let mut values = Values::new();
                put(&mut values, "kind", EventKind::RendezVousJeune.code());
                put(&mut values, "date", format::today().to_string());
                Open::new(PREFIX, values)
            })),
            cancelling: RwSignal::new(None),
            error: RwSignal::new(None),
            feed: RwSignal::new(None),
            manage,
        }
    }

    /// Whose agenda, the sites' shared views, the opening hours.
    fn bar_html(&self, out: &mut String) {
        let me = self.ctx.session.me();
        let me_id = me.as_ref().map(|m| m.id.to_string()).unwrap_or_default();
        let structure = got(self.structure);
        let sites = list(&structure, "sites");
        if let Some(site) = self.site {
            let id = site.to_string();
            let name = sites
                .iter()
                .find(|x| s(x, "id") == id)
                .map_or("", |x| s(x, "name"));
            el(out, "<p>Site : <strong>", name, "</strong> · ");
            r(out, r#"<a href="/conseiller/agenda">Mon agenda</a></p>"#);
            return;
        }
        if let Some(Ok(staff)) = &self.staff.get()
            && !staff.is_null()
        {
            let current = self.account.get().unwrap_or_else(|| me_id.clone());
            r(
                out,
                r#"<form class="form agenda-who" data-form="qui" novalidate aria-label="Choisir l'agenda affiché"><div class="field"><label for="agenda-qui">Agenda de</label><select id="agenda-qui" name="account">"#,
            );
            for m in list(staff, "items") {
                let id = s(m, "id");
                r(out, r#"<option value=""#);
                t(out, id);
                r(
                    out,
                    if id == current {
                        r#"" selected>"#
                    } else {
                        r#"">"#
                    },
                );
                if id == me_id {
                    r(out, "Moi : ");
                }
                el(out, "", s(m, "first_name"), " ");
                el(out, "", s(m, "last_name"), "</option>");
            }
            r(
                out,
                r#"</select></div><button type="submit" class="button button-secondary">Afficher cet agenda</button></form>"#,
            );
        }
        r(
            out,
            r#"<p><a href="/conseiller/agenda/disponibilites">Mes horaires d'ouverture</a> · <a href="/conseiller/ateliers">Ateliers</a></p>"#,
        );
        if !sites.is_empty() {
            r(
                out,
                r#"<p>Agendas partagés des sites :</p><ul class="plain inline-list">"#,
            );
            for x in sites {
                r(out, r#"<li><a href="/conseiller/agenda/site/"#);
                t(out, s(x, "id"));
                el(out, r#"">"#, s(x, "name"), "</a></li>");
            }
            r(out, "</ul>");
        }
    }

    /// The week, day by day.
    fn week_html(&self, out: &mut String) {
        let monday = self.monday.get();
        r(
            out,
            r#"<div class="actions week-nav" role="group" aria-label="Changer de semaine">"#,
        );
        btn(
            out,
            "button button-secondary",
            "week",
            "-7",
            "Semaine précédente",
        );
        btn(out, "button button-secondary", "week", "0", "Aujourd'hui");
        btn(
            out,
            "button button-secondary",
            "week",
            "7",
            "Semaine suivante",
        );
        r(out, r#"</div><h2 id="semaine" tabindex="-1">Semaine du "#);
        day_name(out, monday, false);
        r(out, " au ");
        day_name(out, monday + Duration::days(6), false);
        r(out, "</h2>");
        error_of(out, self.error);
        let this = *self;
        loaded(out, self.data, &|out, v| {
            if let Some(owner) = Some(f(v, "owner")).filter(|o| !o.is_null())
                && this.account.get().is_some()
            {
                el(
                    out,
                    "<p>Agenda de <strong>",
                    &format!("{} {}", s(owner, "first_name"), s(owner, "last_name")),
                    "</strong>.</p>",
                );
            }
            let events = list(v, "events");
            let today = format::today();
            r(out, r#"<div class="agenda-week">"#);
            for i in 0..7 {
                let day = monday + Duration::days(i);
                r(out, r#"<section class="agenda-day"><h3>"#);
                day_name(out, day, false);
                if day == today {
                    ui::badge(out, "badge-info", "Aujourd'hui");
                }
                r(out, "</h3>");
                let mut none = true;
                for e in events
                    .iter()
                    .filter(|e| local_day(e, "starts_at") == Some(day))
                {
                    if none {
                        r(out, r#"<ul class="plain agenda-entries">"#);
                        none = false;
                    }
                    this.entry_html(out, e);
                }
                r(
                    out,
                    if none {
                        r#"<p class="small">Rien de prévu.</p></section>"#
                    } else {
                        "</ul></section>"
                    },
                );
            }
            r(out, "</div>");
        });
    }

    fn entry_html(&self, out: &mut String, e: &Value) {
        let id = s(e, "id");
        let kind = EventKind::from_code(s(e, "kind"));
        r(out, r#"<li class="entry entry-"#);
        r(out, kind.map_or("", EventKind::code));
        r(out, r#"">"#);
        event_body(
            out,
            e,
            if self.site.is_some() {
                YOUTH | OWNER
            } else {
                YOUTH
            },
        );
        if kind == Some(EventKind::Atelier) {
            el(
                out,
                r#"<p><a href="/conseiller/ateliers/"#,
                s(e, "workshop_id"),
                r#"">Voir l'atelier</a></p>"#,
            );
        } else if self.manage {
            if to_record(e) {
                attendance_buttons(out, e);
            } else if s(e, "status") != "annule" && ms(e, "ends_at") > js_sys::Date::now() {
                if self.cancelling.get().as_deref() == Some(id) {
                    el(
                        out,
                        r#"<div class="confirm"><p id="annuler-entree" tabindex="-1">Annuler « "#,
                        s(e, "title"),
                        " » ?</p>",
                    );
                    btn(out, "button", "annuler-oui", id, "Oui, annuler l'entrée");
                    btn(
                        out,
                        "button button-secondary",
                        "annuler-non",
                        id,
                        "Non, la garder",
                    );
                    r(out, "</div>");
                } else {
                    el(
                        out,
                        r#"<div class="actions" role="group" aria-label=""#,
                        s(e, "title"),
                        r#"">"#,
                    );
                    btn(out, "button button-secondary", "annuler", id, "Annuler");
                    r(out, "</div>");
                }
            }
        }
        r(out, "</li>");
    }

    /// "Ajouter une entrée", or its form.
    fn form_html(&self, out: &mut String) {
        let Some(o) = self.form.get() else {
            btn(out, "button", "add", "", "Ajouter une entrée");
            return;
        };
        let form = Form {
            prefix: PREFIX,
            values: &o.values,
            errors: &o.errors,
        };
        form.open(out, PREFIX, "Ajouter une entrée", &ui::label_in(LABELS));
        let mut kinds = vec![];
        if self.youth.is_some() {
            let d = got(self.youth_detail);
            el(
                out,
                "<p>Rendez-vous avec <strong>",
                &format!("{} {}", s(&d, "first_name"), s(&d, "last_name")),
                "</strong> (choisissez « Rendez-vous jeune »).</p>",
            );
            kinds.push(EventKind::RendezVousJeune);
        }
        let partners_page = got(self.partners);
        let partners: Vec<(&str, &str)> = list(&partners_page, "items")
            .iter()
            .map(|x| (s(x, "id"), s(x, "name")))
            .collect();
        if !partners.is_empty() {
            kinds.push(EventKind::RendezVousPartenaire);
        }
        kinds.extend([
            EventKind::Administratif,
            EventKind::Reunion,
            EventKind::Formation,
            EventKind::Absence,
        ]);
        let kinds = ui::choices(&kinds, EventKind::code, EventKind::label);
        form.select(out, "kind", "Type d'entrée", "", REQ, &kinds, "Choisissez");
        form.input(out, "date", "date", "Date", "", REQ);
        r(out, r#"<div class="duration">"#);
        form.input(out, "time", "starts_at", "Début", "", REQ);
        form.input(out, "time", "ends_at", "Fin", "", REQ);
        r(out, "</div>");
        form.input(
            out,
            "text",
            "title",
            "Intitulé",
            "Par défaut : le type d'entrée et la personne.",
            OPT,
        );
        let structure = got(self.structure);
        let sites: Vec<(&str, &str)> = list(&structure, "sites")
            .iter()
            .map(|x| (s(x, "id"), s(x, "name")))
            .collect();
        form.select(out, "site_id", "Site", "", OPT, &sites, "Aucun");
        if !partners.is_empty() {
            form.select(
                out,
                "partner_id",
                "Partenaire",
                "Pour un rendez-vous partenaire : il le voit sur son portail.",
                OPT,
                &partners,
                "Aucun",
            );
        }
        form.area(out, "note", "Note", "Visible de l'équipe seulement.", OPT);
        form.close(out, "Ajouter l'entrée");
    }

    fn add(&self, values: Values) {
        let mut errors = missing(
            &values,
            &[
                ("kind", "Choisissez le type d'entrée."),
                ("date", "Saisissez la date."),
                (
                    "starts_at",
                    "Saisissez l'heure de début, par exemple 09:30.",
                ),
                ("ends_at", "Saisissez l'heure de fin, par exemple 10:00."),
            ],
        );
        let date = date_in(&values, "date");
        let at = |name| date.and_then(|d| local_instant(d, one(&values, name)));
        let (start, end) = (at("starts_at"), at("ends_at"));
        if errors.is_empty() && start.zip(end).is_none_or(|(s, e)| e <= s) {
            errors = Errors::field("ends_at", "L'heure de fin doit suivre l'heure de début.");
        }
        if !errors.is_empty() {
            return reject(self.form, PREFIX, values, errors);
        }
        let kind = EventKind::from_code(one(&values, "kind"));
        let body = NewEvent {
            kind,
            owner_id: self.account.get_untracked().and_then(|a| a.parse().ok()),
            starts_at: start,
            ends_at: end,
            title: trimmed(&values, "title"),
            note: trimmed(&values, "note"),
            site_id: text_in(&values, "site_id").and_then(|x| x.parse().ok()),
            youth_id: self
                .youth
                .filter(|_| kind == Some(EventKind::RendezVousJeune)),
            partner_id: text_in(&values, "partner_id")
                .filter(|_| kind == Some(EventKind::RendezVousPartenaire))
                .and_then(|x| x.parse().ok()),
            appointment_type_id: None,
        };
        let monday = self.monday;
        self.ctx.send_form(
            api::agenda::create_event(self.ctx.session, &body),
            (self.form, PREFIX.to_owned(), values),
            self.reload,
            Box::new(move |e| {
                if let Some(d) = local_day(e, "starts_at") {
                    monday.set(monday_of(d));
                }
                (
                    format!(
                        "Entrée ajoutée : {} le {}.",
                        s(e, "title"),
                        when(e, "starts_at")
                    ),
                    "semaine".to_owned(),
                )
            }),
        );
    }
}

impl Part for Week {
    fn blocks(&self) -> usize {
        4
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        match block {
            0 => self.bar_html(&mut out),
            1 => self.week_html(&mut out),
            2 if self.manage => self.form_html(&mut out),
            3 if self.site.is_none() && self.account.get().is_none() => {
                feed_html(&mut out, self.feed);
            }
            _ => {}
        }
        out
    }

    fn click(&self, action: &str, arg: &str, _ev: &web_sys::Event) {
        let ctx = self.ctx;
        match action {
            "week" => {
                let days: i64 = arg.parse().unwrap_or_default();
                self.monday.update(|m| {
                    *m = if days == 0 {
                        monday_of(format::today())
                    } else {
                        *m + Duration::days(days)
                    };
                });
                focus_later("semaine");
            }
            "presence" => record_attendance(ctx, arg, self.reload, self.error),
            "annuler" => {
                self.cancelling.set(Some(arg.to_owned()));
                focus_later("annuler-entree");
            }
            "annuler-non" => self.cancelling.set(None),
            "annuler-oui" => {
                if let Ok(id) = arg.parse::<EventId>() {
                    self.cancelling.set(None);
                    ctx.send(
                        api::agenda::cancel_event(ctx.session, id, &CancelEvent::default()),
                        then(ctx, self.reload, self.error, "Entrée annulée.".to_owned()),
                    );
                }
            }
            "add" => {
                let mut values = Values::new();
                put(&mut values, "date", format::today().to_string());
                self.form.set(Some(Open::new(PREFIX, values)));
                focus_later("entree-titre");
            }
            "cancel" => self.form.set(None),
            "feed" => ask_feed(ctx, api::agenda::staff_feed(ctx.session), self.feed),
            _ => {}
        }
    }

    fn submit(&self, form: &str, _arg: &str, values: Values) {
        match form {
            "qui" => {
                let me = self.ctx.session.me().map(|m| m.id.to_string());
                let chosen = text_in(&values, "account");
                self.account.set(chosen.filter(|c| Some(c) != me.as_ref()));
                focus_later("semaine");
            }
            PREFIX => self.add(values),
            _ => {}
        }
    }
}

/// `/conseiller/agenda` (`youth`: from a file's link, the form opens on an appointment with
/// them), or `/conseiller/agenda/site/{id}`.
pub(super) fn week_page(site: Option<SiteId>, youth: Option<YouthId>) -> AnyView {
    let ctx = staff_ctx();
    mount(
        if site.is_some() {
            "Agenda du site"
        } else {
            "Agenda"
        }
        .to_owned()
        .into(),
        String::new(),
        Arc::new(Week::new(ctx, site, youth)),
        ctx.announce,
    )
}
