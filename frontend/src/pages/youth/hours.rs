//! `/jeune/heures`: "Mes heures CEJ" in the youth app: this week's validated hours against the
//! 15-hour target (a bar that also says the numbers), the declaration of an activity (its
//! counsellor validates it), and the previous weeks with each activity and its status.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use super::plan::youth_page;
use crate::api;
use crate::pages::counsellor::accompaniment::hours::{
    activity_form, declare, prefill, youth_activity,
};
use crate::pages::counsellor::accompaniment::json::{has, list, n};
use crate::pages::counsellor::accompaniment::ui::{minutes, num, r, week_title, week_totals};
use crate::pages::counsellor::accompaniment::{Ctx, Data, Open, Part, load, loaded};
use crate::pages::counsellor::html::Values;

/// How many weeks the page shows.
const WEEKS: u32 = 8;

/// The hours page.
#[component]
pub fn YouthHoursPage() -> impl IntoView {
    youth_page("Mes heures CEJ", |ctx| Arc::new(YouthHours::new(ctx)))
}

#[derive(Clone, Copy)]
struct YouthHours {
    ctx: Ctx,
    /// An `HoursView`.
    view: Data,
    reload: RwSignal<u32>,
    declare: RwSignal<Option<Open>>,
}

impl YouthHours {
    fn new(ctx: Ctx) -> Self {
        let reload = RwSignal::new(0u32);
        Self {
            ctx,
            view: load(move || {
                reload.track();
                api::accompaniment::hours(ctx.session, ctx.id, None, WEEKS)
            }),
            reload,
            declare: RwSignal::new(None),
        }
    }

    /// This week, from the `HoursView`.
    fn week_html(out: &mut String, v: &Value) {
        let Some(w) = list(v, "weeks").first() else {
            return;
        };
        let (done, target, pending) = (
            n(w, "validated_minutes"),
            n(w, "target_minutes"),
            n(w, "pending_minutes"),
        );
        r(
            out,
            r#"<section class="card"><h2 id="cette-semaine">Cette semaine</h2><p class="small">"#,
        );
        week_title(out, w);
        r(out, r#"</p><p class="figure" id="cette-semaine-total">"#);
        minutes(out, done);
        r(out, " validées sur ");
        minutes(out, target);
        r(out, r#"</p><progress class="hours" max=""#);
        num(out, target.max(1));
        r(out, r#"" value=""#);
        num(out, done.clamp(0, target.max(1)));
        r(
            out,
            r#"" aria-labelledby="cette-semaine" aria-describedby="cette-semaine-total"></progress>"#,
        );
        if pending > 0 {
            r(out, "<p>Et ");
            minutes(out, pending);
            r(
                out,
                " en attente de validation par votre conseiller ou conseillère.</p>",
            );
        }
        if done >= target {
            r(
                out,
                "<p><strong>Bravo, vous avez atteint vos heures de la semaine !</strong></p>",
            );
        } else {
            r(out, "<p>Il vous manque ");
            minutes(out, target - done);
            r(out, " pour atteindre ");
            minutes(out, target);
            r(out, ".</p>");
        }
        r(out, "</section>");
    }

    fn weeks_html(out: &mut String, v: &Value) {
        r(
            out,
            r#"<section><h2 id="mes-semaines" tabindex="-1">Mes activités, semaine par semaine</h2>"#,
        );
        for w in list(v, "weeks") {
            r(out, "<h3>");
            week_title(out, w);
            r(out, "</h3>");
            week_totals(out, w, true);
            let activities = list(w, "activities");
            if activities.is_empty() {
                r(out, r#"<p class="small">Aucune activité.</p>"#);
            }
            r(out, r#"<ul class="cards-list">"#);
            for a in activities {
                youth_activity(out, a);
            }
            r(out, "</ul>");
        }
        r(out, "</section>");
    }
}

impl Part for YouthHours {
    fn blocks(&self) -> usize {
        3
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        let no_cej = self
            .view
            .with(|v| matches!(v, Some(Ok(v)) if !has(v, "contract_id")));
        if no_cej {
            if block == 0 {
                r(
                    &mut out,
                    "<p>Vous n'avez pas de contrat d'engagement jeune (CEJ) en ce moment : il n'y a pas d'heures à compter. Si vous pensez y avoir droit, parlez-en à votre conseiller ou conseillère.</p>",
                );
            }
            return out;
        }
        match block {
            0 => loaded(&mut out, self.view, &Self::week_html),
            1 if self.ctx.may.declare => {
                r(
                    &mut out,
                    r#"<section class="card"><h2 id="declarer">Déclarer une activité</h2>"#,
                );
                activity_form(&mut out, self.declare.get().as_ref(), true);
                r(&mut out, "</section>");
            }
            2 => self.view.with(|v| {
                if let Some(Ok(v)) = v {
                    Self::weeks_html(&mut out, v);
                }
            }),
            _ => {}
        }
        out
    }

    fn click(&self, _action: &str, _arg: &str, _ev: &web_sys::Event) {}

    fn submit(&self, form: &str, _arg: &str, values: Values) {
        if form == "declare" {
            declare(self.ctx, values, self.declare, self.reload, None);
        }
    }

    fn change(&self, ev: &web_sys::Event) {
        self.view.with_untracked(|v| {
            if let Some(Ok(v)) = v {
                prefill(ev, list(v, "defaults"));
            }
        });
    }
}
