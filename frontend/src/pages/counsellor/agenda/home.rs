//! The agenda panel of the dashboard home (`/conseiller`): today's entries, the week's
//! appointments, those the young people have not confirmed, those whose attendance is to record,
//! recent no-shows, and the rhythms the young people wish.

use std::sync::Arc;

use domain::agenda::FollowUpIntensity;
use leptos::prelude::*;
use serde_json::Value;

use super::{DAY, YOUTH, attendance_buttons, event_body, record_attendance, staff_ctx};
use crate::api;
use crate::pages::counsellor::accompaniment::json::{f, has, list, s, when};
use crate::pages::counsellor::accompaniment::ui::{el, r, t};
use crate::pages::counsellor::accompaniment::{
    Ctx, Data, Part, blocks_view, error_of, live, load, loaded,
};
use crate::pages::counsellor::html::Values;

#[derive(Clone, Copy)]
struct Home {
    ctx: Ctx,
    /// An `AgendaHome`.
    data: Data,
    reload: RwSignal<u32>,
    error: RwSignal<Option<String>>,
}

/// A list of entries under a heading, skipped when empty (except today's).
fn entries(out: &mut String, v: &Value, key: &str, head: &str, show: u8, record: bool) {
    let events = list(v, key);
    if events.is_empty() && key != "today_events" {
        return;
    }
    r(out, head);
    if events.is_empty() {
        r(out, "<p>Rien de prévu aujourd'hui.</p>");
        return;
    }
    r(out, r#"<ul class="plain agenda-entries">"#);
    for e in events {
        r(out, r#"<li class="entry">"#);
        event_body(out, e, show);
        if record {
            attendance_buttons(out, e);
        }
        r(out, "</li>");
    }
    r(out, "</ul>");
}

impl Home {
    fn html_of(out: &mut String, v: &Value) {
        entries(out, v, "today_events", "", YOUTH, false);
        entries(
            out,
            v,
            "to_record",
            r#"<h3 id="presences">Présence à noter</h3><p class="small">Ces rendez-vous ont eu lieu : le jeune est-il venu ?</p>"#,
            DAY | YOUTH,
            true,
        );
        entries(
            out,
            v,
            "unconfirmed",
            r#"<h3>À confirmer</h3><p class="small">Dans les 48 heures, le jeune n'a pas encore confirmé sa venue.</p>"#,
            DAY | YOUTH,
            false,
        );
        entries(
            out,
            v,
            "week_events",
            "<h3>Cette semaine</h3>",
            DAY | YOUTH,
            false,
        );
        entries(
            out,
            v,
            "no_shows",
            "<h3>Absences des 30 derniers jours</h3>",
            DAY | YOUTH,
            false,
        );
        let rows = list(v, "intensities");
        if !rows.is_empty() {
            r(
                out,
                r#"<h3>Rythmes souhaités</h3><ul class="plain agenda-entries">"#,
            );
            for row in rows {
                let youth = f(row, "youth");
                r(out, r#"<li><a href="/conseiller/jeunes/"#);
                t(out, s(youth, "id"));
                el(out, r#"/rendez-vous">"#, s(youth, "name"), "</a> : ");
                r(
                    out,
                    FollowUpIntensity::from_code(s(row, "intensity"))
                        .map_or("", FollowUpIntensity::label)
                        .to_lowercase()
                        .as_str(),
                );
                if has(row, "next_appointment") {
                    r(out, " · prochain rendez-vous le ");
                    r(out, &when(row, "next_appointment"));
                } else {
                    r(out, " · <strong>aucun rendez-vous prévu</strong>");
                }
                r(out, "</li>");
            }
            r(out, "</ul>");
        }
    }
}

impl Part for Home {
    fn blocks(&self) -> usize {
        1
    }

    fn html(&self, _block: usize) -> String {
        let mut out = String::from(r#"<h2 id="carte-agenda">Mon agenda aujourd'hui</h2>"#);
        error_of(&mut out, self.error);
        loaded(&mut out, self.data, &Self::html_of);
        r(
            &mut out,
            r#"<p><a href="/conseiller/agenda">Voir mon agenda de la semaine</a></p>"#,
        );
        out
    }

    fn click(&self, action: &str, arg: &str, _ev: &web_sys::Event) {
        if action == "presence" {
            record_attendance(self.ctx, arg, self.reload, self.error);
        }
    }

    fn submit(&self, _form: &str, _arg: &str, _values: Values) {}
}

/// The panel, for those who keep an agenda.
#[component]
pub(crate) fn HomePanel() -> impl IntoView {
    let ctx = staff_ctx();
    let reload = RwSignal::new(0u32);
    let session = ctx.session;
    let part = Home {
        ctx,
        data: load(move || {
            reload.track();
            api::agenda::home(session)
        }),
        reload,
        error: RwSignal::new(None),
    };
    view! {
        <section class="panel agenda-home" aria-labelledby="carte-agenda">
            {live(ctx.announce)}
            {blocks_view(Arc::new(part))}
        </section>
    }
}
