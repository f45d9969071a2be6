//! `/conseiller/agenda/disponibilites`: the caller's weekly opening hours (the windows in which
//! young people book), one row per window (day, start, end, site), saved together; the days that
//! differ (exceptions) are kept as they are.

use std::sync::Arc;

use chrono::NaiveTime;
use domain::agenda::{WeeklyOpening, check_weekly};
use leptos::prelude::*;
use serde_json::Value;

use super::{DAYS, got, staff_ctx};
use crate::api;
use crate::pages::counsellor::accompaniment::json::{f, list, n, s};
use crate::pages::counsellor::accompaniment::ui::{self, Form, OPT, REQ, btn, num, r};
use crate::pages::counsellor::accompaniment::{Ctx, Data, Open, Part, load, loaded, mount, reject};
use crate::pages::counsellor::html::{Errors, Values, focus_later, one, put};

const PREFIX: &str = "dispo";

/// `weekly[i].{name}`.
fn key(i: usize, name: &str) -> String {
    format!("weekly[{i}].{name}")
}

/// How many rows a form has.
fn rows(values: &Values) -> usize {
    (0..)
        .take_while(|i| values.contains_key(&key(*i, "weekday")))
        .count()
}

/// "09:30" → 09:30.
fn time_of(text: &str) -> Option<NaiveTime> {
    let (h, m) = text.split_once(':')?;
    NaiveTime::from_hms_opt(h.parse().ok()?, m.get(..2)?.parse().ok()?, 0)
}

#[derive(Clone, Copy)]
struct Hours {
    ctx: Ctx,
    /// An `Availability`.
    data: Data,
    /// A `StructureDetail`: the sites.
    structure: Data,
    /// The rows being edited, with their errors.
    open: RwSignal<Option<Open>>,
}

impl Hours {
    /// The rows of an `Availability`.
    fn values_of(v: &Value) -> Values {
        let mut values = Values::new();
        for (i, w) in list(v, "weekly").iter().enumerate() {
            put(&mut values, key(i, "weekday"), n(w, "weekday").to_string());
            put(
                &mut values,
                key(i, "start"),
                s(w, "start").get(..5).unwrap_or_default(),
            );
            put(
                &mut values,
                key(i, "end"),
                s(w, "end").get(..5).unwrap_or_default(),
            );
            put(&mut values, key(i, "site_id"), s(w, "site_id"));
        }
        values
    }

    /// The rows typed, without row `skip`, renumbered.
    fn renumber(values: &Values, skip: usize) -> Values {
        let mut out = Values::new();
        let mut j = 0;
        for i in 0..rows(values) {
            if i == skip {
                continue;
            }
            for name in ["weekday", "start", "end", "site_id"] {
                put(&mut out, key(j, name), one(values, &key(i, name)));
            }
            j += 1;
        }
        out
    }

    fn form_html(&self, out: &mut String, v: &Value) {
        let o = self
            .open
            .get()
            .unwrap_or_else(|| Open::new(PREFIX, Self::values_of(v)));
        let form = Form {
            prefix: PREFIX,
            values: &o.values,
            errors: &o.errors,
        };
        r(
            out,
            r#"<p>Les jeunes prennent rendez-vous en ligne dans ces plages, chaque semaine, à l'heure de Paris. Une absence ou une réunion ajoutée à l'agenda les bloque.</p><form class="form" data-form="dispo" novalidate aria-labelledby="dispo-titre"><h2 id="dispo-titre" tabindex="-1">Mes plages de la semaine</h2>"#,
        );
        ui::summary(out, PREFIX, &o.errors, &|name: &str| {
            let (row, field) = name
                .strip_prefix("weekly[")
                .and_then(|x| x.split_once("]."))
                .unwrap_or_default();
            let row = row.parse::<usize>().unwrap_or_default() + 1;
            let field = match field {
                "weekday" => "Jour",
                "start" => "Début",
                "end" => "Fin",
                _ => "Site",
            };
            format!("Plage {row} — {field}")
        });
        let days: Vec<(String, &str)> = DAYS
            .iter()
            .enumerate()
            .map(|(i, d)| ((i + 1).to_string(), *d))
            .collect();
        let days: Vec<(&str, &str)> = days.iter().map(|(c, d)| (c.as_str(), *d)).collect();
        let structure = got(self.structure);
        let sites: Vec<(&str, &str)> = list(&structure, "sites")
            .iter()
            .map(|x| (s(x, "id"), s(x, "name")))
            .collect();
        let count = rows(&o.values);
        if count == 0 {
            r(
                out,
                "<p>Aucune plage : personne ne peut prendre rendez-vous avec vous en ligne.</p>",
            );
        }
        for i in 0..count {
            r(out, r#"<fieldset class="hours-row"><legend>Plage "#);
            num(out, i as i64 + 1);
            r(out, "</legend>");
            form.select(
                out,
                &key(i, "weekday"),
                "Jour",
                "",
                REQ,
                &days,
                "Choisissez",
            );
            form.input(out, "time", &key(i, "start"), "Début", "", REQ);
            form.input(out, "time", &key(i, "end"), "Fin", "", REQ);
            form.select(
                out,
                &key(i, "site_id"),
                "Site",
                "",
                OPT,
                &sites,
                "Téléphone ou visio",
            );
            btn(
                out,
                "button button-secondary",
                "remove",
                &i.to_string(),
                &format!("Retirer la plage {}", i + 1),
            );
            r(out, "</fieldset>");
        }
        btn(
            out,
            "button button-secondary",
            "add",
            "",
            "Ajouter une plage",
        );
        r(
            out,
            r#"<div class="actions"><button type="submit" class="button">Enregistrer mes horaires</button></div></form>"#,
        );
    }

    fn save(&self, values: Values) {
        let mut weekly = Vec::new();
        let mut errors = Errors::default();
        for i in 0..rows(&values) {
            let start = time_of(one(&values, &key(i, "start")));
            let end = time_of(one(&values, &key(i, "end")));
            for (name, time) in [("start", start), ("end", end)] {
                if time.is_none() {
                    errors.fields.push((
                        key(i, name),
                        "Saisissez l'heure, par exemple 09:00.".to_owned(),
                    ));
                }
            }
            if let (Some(start), Some(end)) = (start, end) {
                weekly.push(WeeklyOpening {
                    weekday: one(&values, &key(i, "weekday")).parse().unwrap_or_default(),
                    start,
                    end,
                    site_id: one(&values, &key(i, "site_id")).parse().ok(),
                });
            }
        }
        if errors.is_empty() {
            errors.fields = check_weekly(&weekly, "weekly")
                .into_iter()
                .map(|e| (e.field, e.message))
                .collect();
        }
        if !errors.is_empty() {
            return reject(self.open, PREFIX, values, errors);
        }
        let exceptions = self.data.with_untracked(|v| match v {
            Some(Ok(v)) => f(v, "exceptions").clone(),
            _ => Value::Array(Vec::new()),
        });
        let (ctx, data, open) = (self.ctx, self.data, self.open);
        ctx.send(
            api::agenda::save_availability(ctx.session, &weekly, &exceptions),
            Box::new(move |result| match result {
                Ok(v) => {
                    data.try_set(Some(Ok(v)));
                    open.try_set(None);
                    ctx.say("Vos horaires sont enregistrés.");
                    focus_later("dispo-titre");
                }
                Err(e) => reject(open, PREFIX, values, Errors::of(&e)),
            }),
        );
    }
}

impl Part for Hours {
    fn blocks(&self) -> usize {
        1
    }

    fn html(&self, _block: usize) -> String {
        let mut out = String::new();
        loaded(&mut out, self.data, &|out, v| self.form_html(out, v));
        out
    }

    fn click(&self, action: &str, arg: &str, ev: &web_sys::Event) {
        let Some((_, typed)) = crate::pages::counsellor::html::form_of(ev) else {
            return;
        };
        let values = match action {
            "remove" => Self::renumber(&typed, arg.parse().unwrap_or(usize::MAX)),
            "add" => {
                let mut values = Self::renumber(&typed, usize::MAX);
                let i = rows(&values);
                let last = |name: &str| one(&typed, &key(i.saturating_sub(1), name)).to_owned();
                let weekday = last("weekday");
                put(
                    &mut values,
                    key(i, "weekday"),
                    if weekday.is_empty() {
                        "1".to_owned()
                    } else {
                        weekday
                    },
                );
                put(&mut values, key(i, "start"), "09:00");
                put(&mut values, key(i, "end"), "12:00");
                put(&mut values, key(i, "site_id"), last("site_id"));
                focus_later(format!("dispo-weekly-{i}--weekday"));
                values
            }
            _ => return,
        };
        if action == "remove" {
            focus_later("dispo-titre");
        }
        self.open.set(Some(Open::new(PREFIX, values)));
    }

    fn submit(&self, form: &str, _arg: &str, values: Values) {
        if form == PREFIX {
            self.save(values);
        }
    }
}

/// `/conseiller/agenda/disponibilites`.
pub(super) fn availability_page() -> AnyView {
    let ctx = staff_ctx();
    let session = ctx.session;
    let structure_id = session.me().map(|m| m.structure.id);
    let part = Hours {
        ctx,
        data: load(move || api::agenda::availability(session)),
        structure: load(move || match structure_id {
            Some(id) => api::agenda::structure(session, id),
            None => Box::pin(async { Ok(Value::Null) }),
        }),
        open: RwSignal::new(None),
    };
    mount(
        "Mes horaires d'ouverture".to_owned().into(),
        r#"<p><a href="/conseiller/agenda">Retour à l'agenda</a></p>"#.to_owned(),
        Arc::new(part),
        ctx.announce,
    )
}
