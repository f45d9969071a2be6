//! `/conseiller/jeunes/:id/heures`: CEJ hours (B3, B4, D17): the weeks (Monday to Sunday,
//! Paris), each with its validated and pending totals against the 15-hour target and the
//! activities that make them up; the review of what the young person declared; the declaration
//! form (shared with the youth app); the Mission Locale's default durations.

use chrono::Duration;
use domain::accompaniment::{ActivityStatus, Qualification};
use domain::dto::{HourDefault, HourDefaults, NewActivity, ReviewActivity};
use leptos::prelude::*;
use serde_json::Value;

use super::json::{has, list, n, s, when};
use super::ui::{self, Form, OPT, PLAIN, REQ, badge, btn, el, minutes, num, r};
use super::{
    Ctx, Data, Open, Part, answer, error_of, instant_in, load, loaded, missing, now_time, open_as,
    reject, trimmed,
};
use crate::api;
use crate::format;
use crate::pages::counsellor::html::{Errors, Values, focus_later, one, put, target_id};

/// How many weeks a page shows.
const WEEKS: u32 = 8;

const LABELS: &[(&str, &str)] = &[
    ("qualification", "Qualification"),
    ("label", "Activité"),
    ("occurred_at", "Date"),
    ("time", "Heure"),
    ("heures", "Durée (heures)"),
    ("minutes", "Durée (minutes)"),
    ("comment", "Commentaire"),
];

/// The duration typed (`heures`, `minutes`), in minutes; `None` when both are empty.
fn minutes_in(values: &Values) -> Result<Option<i64>, Errors> {
    let (h, m) = (one(values, "heures").trim(), one(values, "minutes").trim());
    if h.is_empty() && m.is_empty() {
        return Ok(None);
    }
    let number = |text: &str, field: &str| match text {
        "" => Ok(0),
        _ => text
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| Errors::field(field, "Saisissez un nombre entier, par exemple 2.")),
    };
    let total = number(h, "heures")? * 60 + number(m, "minutes")?;
    if total <= 0 {
        return Err(Errors::field("minutes", "La durée doit être positive."));
    }
    Ok(Some(total))
}

/// The declaration form (its ids start with `heures`); `youth` words it for the young person.
pub(crate) fn activity_form(out: &mut String, o: Option<&Open>, youth: bool) {
    let fresh;
    let o = match o {
        Some(o) => o,
        None => {
            let mut values = Values::new();
            put(&mut values, "occurred_at", format::today().to_string());
            put(&mut values, "time", now_time());
            fresh = Open::new("", values);
            &fresh
        }
    };
    let form = Form {
        prefix: "heures",
        values: &o.values,
        errors: &o.errors,
    };
    r(
        out,
        r#"<form class="form" data-form="declare" novalidate aria-label="Déclarer une activité">"#,
    );
    ui::summary(out, "heures", &o.errors, &ui::label_in(LABELS));
    let qualifications = ui::choices(
        Qualification::ALL,
        Qualification::code,
        Qualification::label,
    );
    let hint = if youth {
        "Le domaine de l'activité : la durée se remplit toute seule, vous pouvez la changer."
    } else {
        "La durée se remplit avec la durée par défaut de la qualification."
    };
    form.select(
        out,
        "qualification",
        "Qualification",
        hint,
        REQ,
        &qualifications,
        "Choisissez",
    );
    if youth {
        let hint = "Par exemple : atelier CV, rendez-vous avec un employeur.";
        form.input(out, "text", "label", "Ce que vous avez fait", hint, REQ);
    } else {
        form.input(out, "text", "label", "Activité", "", REQ);
    }
    r(out, r#"<div class="duration">"#);
    form.input(out, "date", "occurred_at", "Date", "", REQ);
    form.input(out, "time", "time", "Heure", "", REQ);
    r(out, r#"</div><div class="duration">"#);
    form.input(out, "number", "heures", "Durée (heures)", "", PLAIN);
    form.input(out, "number", "minutes", "Durée (minutes)", "", PLAIN);
    r(
        out,
        if youth {
            r#"</div><p class="hint">Votre conseiller ou conseillère validera l'activité ; elle compte dans vos heures une fois validée.</p>"#
        } else {
            r#"</div><p class="hint">Déclarée par la Mission Locale, l'activité est validée tout de suite.</p>"#
        },
    );
    r(
        out,
        r#"<button type="submit" class="button">Déclarer une activité</button></form>"#,
    );
}

/// The activity of the declaration form, or its errors.
pub(crate) fn activity_of(values: &Values) -> Result<NewActivity, Errors> {
    let mut errors = missing(
        values,
        &[
            ("qualification", "Choisissez la qualification."),
            ("label", "Dites en quelques mots ce qui a été fait."),
        ],
    );
    let at = instant_in(values, "occurred_at");
    let duration = minutes_in(values);
    if let Err(e) = &at {
        errors.fields.extend(e.fields.iter().cloned());
    }
    if let Err(e) = &duration {
        errors.fields.extend(e.fields.iter().cloned());
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(NewActivity {
        qualification: Qualification::from_code(one(values, "qualification")),
        label: trimmed(values, "label"),
        occurred_at: at.ok(),
        minutes: duration.ok().flatten(),
        comment: String::new(),
    })
}

/// When the qualification changes, fills the duration with its default (`defaults` are the
/// `HourDefault`s of the `HoursView`).
pub(crate) fn prefill(ev: &web_sys::Event, defaults: &[Value]) {
    if target_id(ev) != "heures-qualification" {
        return;
    }
    let Some(select) = ev.target() else {
        return;
    };
    let code = js_sys::Reflect::get(&select, &"value".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    let Some(total) = defaults
        .iter()
        .find(|d| s(d, "qualification") == code)
        .map(|d| n(d, "minutes"))
    else {
        return;
    };
    let document = document();
    for (id, value) in [
        ("heures-heures", total / 60),
        ("heures-minutes", total % 60),
    ] {
        if let Some(input) = document.get_element_by_id(id) {
            let _ = js_sys::Reflect::set(&input, &"value".into(), &value.to_string().into());
        }
    }
}

/// The status of a `CejActivity`, who reviewed it and why.
fn status_html(out: &mut String, a: &Value) {
    let status = ActivityStatus::from_code(s(a, "status")).unwrap_or(ActivityStatus::Declaree);
    let class = match status {
        ActivityStatus::Declaree => "badge-info",
        ActivityStatus::Validee => "badge-ok",
        ActivityStatus::Refusee => "badge-late",
    };
    badge(out, class, status.label());
    if has(a, "reviewed_by") {
        el(
            out,
            r#"<br><span class="small">par "#,
            s(a, "reviewed_by"),
            "</span>",
        );
    }
    if !s(a, "comment").is_empty() {
        el(out, "<br>", s(a, "comment"), "");
    }
}

/// The qualification of a `CejActivity`, and whether it counts.
fn qualification_html(out: &mut String, a: &Value) {
    let q = Qualification::from_code(s(a, "qualification"));
    r(out, q.map_or("", Qualification::label));
    if q == Some(Qualification::NonSnp) {
        r(out, " (ne compte pas dans le total)");
    }
}

/// A `CejActivity` for the young person: what, when, how long, where it stands.
pub(crate) fn youth_activity(out: &mut String, a: &Value) {
    el(
        out,
        r#"<li class="item"><p><strong>"#,
        s(a, "label"),
        "</strong> · ",
    );
    minutes(out, n(a, "minutes"));
    r(out, r#"</p><p class="small">"#);
    r(out, &when(a, "occurred_at"));
    r(out, " · ");
    qualification_html(out, a);
    r(out, "</p><p>");
    status_html(out, a);
    r(out, "</p></li>");
}

#[derive(Clone, Copy)]
pub(crate) struct Hours {
    ctx: Ctx,
    /// An `HoursView`.
    view: Data,
    /// How many weeks back the newest week shown is (0: this week).
    back: RwSignal<u32>,
    reload: RwSignal<u32>,
    /// The weeks (`week_start`) whose detail is shown.
    expanded: RwSignal<Vec<String>>,
    /// A review form (`correct:…`, `refuse:…`).
    open: RwSignal<Option<Open>>,
    declare: RwSignal<Option<Open>>,
    defaults: RwSignal<Option<Open>>,
    error: RwSignal<Option<String>>,
}

impl Hours {
    pub fn new(ctx: Ctx) -> Self {
        let reload = RwSignal::new(0u32);
        let back = RwSignal::new(0u32);
        Self {
            ctx,
            view: load(move || {
                reload.track();
                let until = match back.get() {
                    0 => None,
                    weeks => Some(format::today() - Duration::weeks(i64::from(weeks))),
                };
                api::accompaniment::hours(ctx.session, ctx.id, until, WEEKS)
            }),
            back,
            reload,
            expanded: RwSignal::new(Vec::new()),
            open: RwSignal::new(None),
            declare: RwSignal::new(None),
            defaults: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    fn activity_row(&self, out: &mut String, a: &Value, open: &Option<Open>) {
        let id = s(a, "id");
        r(out, "<tr><td>");
        r(out, &when(a, "occurred_at"));
        r(out, "</td><td>");
        qualification_html(out, a);
        el(out, "</td><td>", s(a, "label"), "</td><td>");
        minutes(out, n(a, "minutes"));
        r(out, "</td><td>");
        status_html(out, a);
        el(out, "</td><td>", s(a, "declared_by_name"), "");
        if s(a, "declared_by") == "jeune" {
            r(out, " (le jeune)");
        }
        r(out, "</td><td>");
        if self.ctx.may.validate && s(a, "status") == ActivityStatus::Declaree.code() {
            btn(out, "button", "accept", id, "Valider");
            btn(out, "link-button", "correct", id, "Corriger la durée");
            btn(out, "link-button", "refuse", id, "Refuser");
        }
        r(out, "</td></tr>");
        for (prefix, title) in [
            ("refuse", "Refuser l'activité « "),
            ("correct", "Corriger la durée de l'activité « "),
        ] {
            let Some(o) = open_as(open, &format!("{prefix}:{id}")) else {
                continue;
            };
            let refuse = prefix == "refuse";
            r(out, r#"<tr><td colspan="7">"#);
            let form = Form {
                prefix,
                values: &o.values,
                errors: &o.errors,
            };
            form.open(
                out,
                &o.key,
                &format!("{title}{} »", s(a, "label")),
                &|name| {
                    match name {
                        "comment" if refuse => "Motif du refus",
                        "comment" => "Commentaire",
                        "heures" => "Durée retenue (heures)",
                        "minutes" => "Durée retenue (minutes)",
                        _ => "",
                    }
                    .to_owned()
                },
            );
            if refuse {
                let hint = "Le jeune le lira dans son application.";
                form.area(out, "comment", "Motif du refus", hint, REQ);
                form.close(out, "Confirmer le refus");
            } else {
                r(out, r#"<div class="duration">"#);
                form.input(out, "number", "heures", "Durée retenue (heures)", "", PLAIN);
                form.input(
                    out,
                    "number",
                    "minutes",
                    "Durée retenue (minutes)",
                    "",
                    PLAIN,
                );
                r(out, "</div>");
                form.area(out, "comment", "Commentaire", "", OPT);
                form.close(out, "Enregistrer la durée corrigée");
            }
            r(out, "</td></tr>");
        }
    }

    fn weeks_html(&self, out: &mut String, v: &Value) {
        let open = self.open.get();
        let expanded = self.expanded.get();
        r(
            out,
            r#"<section><h2 id="heures-semaines" tabindex="-1">Semaines</h2>"#,
        );
        if !has(v, "contract_id") {
            r(
                out,
                r#"<div class="notice notice-warning"><p>Ce jeune n'a pas de contrat d'engagement jeune (CEJ) : les heures se comptent pendant un CEJ.</p></div>"#,
            );
        }
        r(out, r#"<p class="small">Objectif : entre "#);
        minutes(out, n(v, "target_minutes"));
        r(out, " et ");
        minutes(out, n(v, "target_max_minutes"));
        r(out, " d'activité par semaine, du lundi au dimanche.</p>");
        error_of(out, self.error);
        r(out, r#"<div class="actions">"#);
        btn(
            out,
            "button button-secondary",
            "older",
            "",
            "Semaines plus anciennes",
        );
        if self.back.get() > 0 {
            btn(
                out,
                "button button-secondary",
                "newer",
                "",
                "Semaines plus récentes",
            );
        }
        r(out, "</div>");
        for w in list(v, "weeks") {
            let start = s(w, "week_start");
            r(out, r#"<section class="card"><h3 id="semaine-"#);
            r(out, start);
            r(out, r#"" tabindex="-1">"#);
            ui::week_title(out, w);
            r(out, "</h3>");
            ui::week_totals(out, w, false);
            let activities = list(w, "activities");
            let shown = expanded.iter().any(|e| e == start);
            if activities.is_empty() {
                r(
                    out,
                    r#"<p class="small">Aucune activité déclarée cette semaine.</p>"#,
                );
            } else {
                r(
                    out,
                    r#"<button type="button" class="link-button" data-action="toggle" data-arg=""#,
                );
                r(out, start);
                r(out, r#"" aria-expanded=""#);
                r(out, if shown { "true" } else { "false" });
                r(out, r#"" aria-controls="detail-"#);
                r(out, start);
                r(
                    out,
                    if shown {
                        r#"">Masquer"#
                    } else {
                        r#"">Afficher"#
                    },
                );
                r(out, " le détail du calcul (");
                num(out, activities.len() as i64);
                r(
                    out,
                    if activities.len() > 1 {
                        " activités)</button>"
                    } else {
                        " activité)</button>"
                    },
                );
            }
            if shown && !activities.is_empty() {
                r(out, r#"<div class="table-wrap" id="detail-"#);
                r(out, start);
                r(
                    out,
                    r#""><table><caption>Activités de la semaine : le total validé additionne les activités validées, hors actions non SNP.</caption><thead><tr><th scope="col">Date</th><th scope="col">Qualification</th><th scope="col">Activité</th><th scope="col">Durée</th><th scope="col">Statut</th><th scope="col">Déclarée par</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>"#,
                );
                for a in activities {
                    self.activity_row(out, a, &open);
                }
                r(out, "</tbody></table></div>");
            }
            r(out, "</section>");
        }
        r(out, "</section>");
    }

    fn defaults_html(&self, out: &mut String, v: &Value) {
        let mut open = self.defaults.get().unwrap_or_default();
        if open.values.is_empty() {
            for d in list(v, "defaults") {
                put(
                    &mut open.values,
                    s(d, "qualification"),
                    n(d, "minutes").to_string(),
                );
            }
        }
        let form = Form {
            prefix: "defauts",
            values: &open.values,
            errors: &open.errors,
        };
        r(
            out,
            r#"<section class="panel"><h2 id="heures-defauts" tabindex="-1">Durées par défaut</h2><p>Pour toute la Mission Locale : la durée proposée quand une activité de cette qualification est déclarée.</p><form class="form" data-form="defaults" novalidate aria-label="Durées par défaut">"#,
        );
        ui::summary(out, "defauts", &open.errors, &|name| {
            Qualification::from_code(name).map_or_else(String::new, |q| q.label().to_owned())
        });
        r(
            out,
            r#"<fieldset class="group"><legend>Durée par défaut de chaque qualification, en minutes</legend><div class="duration-grid">"#,
        );
        for q in Qualification::ALL {
            form.input(out, "number", q.code(), q.label(), "", PLAIN);
        }
        r(
            out,
            r#"</div></fieldset><button type="submit" class="button button-secondary">Enregistrer les durées par défaut</button></form></section>"#,
        );
    }

    /// Validates (`form` `None`: as declared; `correct`: with another duration) or refuses.
    fn review(&self, id: &str, form: Option<&str>, values: Values) {
        let refuse = form == Some("refuse");
        let key = format!("{}:{id}", form.unwrap_or("correct"));
        let comment = trimmed(&values, "comment");
        let mut duration = None;
        if form == Some("correct") {
            match minutes_in(&values) {
                Ok(Some(m)) => duration = Some(m),
                Ok(None) => {
                    let errors = Errors::field("heures", "Saisissez la durée retenue.");
                    return reject(self.open, &key, values, errors);
                }
                Err(errors) => return reject(self.open, &key, values, errors),
            }
        }
        if refuse && comment.is_empty() {
            let errors = Errors::field("comment", "Écrivez le motif du refus : le jeune le lira.");
            return reject(self.open, &key, values, errors);
        }
        let Ok(activity) = id.parse() else { return };
        let body = ReviewActivity {
            status: Some(if refuse {
                ActivityStatus::Refusee
            } else {
                ActivityStatus::Validee
            }),
            minutes: duration,
            comment,
        };
        let ctx = self.ctx;
        let request = api::accompaniment::review_activity(ctx.session, ctx.id, activity, &body);
        if form.is_some() {
            ctx.send_form(
                request,
                (self.open, key, values),
                self.reload,
                Box::new(reviewed),
            );
        } else {
            let (reload, error) = (self.reload, self.error);
            error.set(None);
            ctx.send(
                request,
                Box::new(move |result| match result {
                    Ok(a) => {
                        reload.try_update(|r| *r += 1);
                        let (message, focus) = reviewed(&a);
                        ctx.say(message);
                        focus_later(focus);
                    }
                    Err(err) => {
                        error.try_set(Some(err.message()));
                        focus_later("heures-semaines");
                    }
                }),
            );
        }
    }

    fn save_defaults(&self, values: Values) {
        let mut body = HourDefaults::default();
        let mut errors = Errors::default();
        for q in Qualification::ALL {
            match one(&values, q.code()).trim().parse::<i64>() {
                Ok(minutes) if (1..=1440).contains(&minutes) => body.defaults.push(HourDefault {
                    qualification: *q,
                    minutes,
                }),
                Err(_) if one(&values, q.code()).trim().is_empty() => {}
                _ => errors.fields.push((
                    q.code().to_owned(),
                    "Saisissez un nombre de minutes entre 1 et 1440.".to_owned(),
                )),
            }
        }
        if !errors.is_empty() {
            return reject(self.defaults, "defauts", values, errors);
        }
        self.ctx.send_form(
            api::accompaniment::save_hour_defaults(self.ctx.session, &body),
            (self.defaults, "defauts".to_owned(), values),
            self.reload,
            Box::new(|_| {
                (
                    "Durées par défaut enregistrées.".to_owned(),
                    "heures-defauts".to_owned(),
                )
            }),
        );
    }
}

/// The message and focus after a review: "Activité « Atelier CV » : validée."
fn reviewed(a: &Value) -> (String, String) {
    (
        format!(
            "Activité « {} » : {}.",
            s(a, "label"),
            ActivityStatus::from_code(s(a, "status"))
                .map_or("", ActivityStatus::label)
                .to_lowercase()
        ),
        format!("semaine-{}", s(a, "week_start")),
    )
}

/// Sends the declaration form: the page is read again and the activity's week opens.
pub(crate) fn declare(
    ctx: Ctx,
    values: Values,
    declare: RwSignal<Option<Open>>,
    reload: RwSignal<u32>,
    expanded: Option<RwSignal<Vec<String>>>,
) {
    let body = match activity_of(&values) {
        Ok(body) => body,
        Err(errors) => return reject(declare, "heures", values, errors),
    };
    ctx.send_form(
        api::accompaniment::declare_activity(ctx.session, ctx.id, &body),
        (declare, "heures".to_owned(), values),
        reload,
        Box::new(move |a| {
            if let Some(expanded) = expanded {
                expanded.try_update(|e| e.push(s(a, "week_start").to_owned()));
            }
            let (status, focus) = reviewed(a);
            (
                format!(
                    "Activité déclarée ({}). {status}",
                    domain::accompaniment::format_minutes(n(a, "minutes"))
                ),
                if expanded.is_some() {
                    focus
                } else {
                    "mes-semaines".to_owned()
                },
            )
        }),
    );
}

impl Part for Hours {
    fn blocks(&self) -> usize {
        3
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        if block == 0 {
            loaded(&mut out, self.view, &|out, v| self.weeks_html(out, v));
            return out;
        }
        self.view.with(|v| {
            let Some(Ok(v)) = v else { return };
            if block == 1 && self.ctx.may.declare && has(v, "contract_id") {
                r(
                    &mut out,
                    r#"<section class="panel"><h2 id="heures-declarer">Déclarer une activité</h2>"#,
                );
                activity_form(&mut out, self.declare.get().as_ref(), false);
                r(&mut out, "</section>");
            } else if block == 2 && self.ctx.may.defaults {
                self.defaults_html(&mut out, v);
            }
        });
        out
    }

    fn click(&self, action: &str, arg: &str, _ev: &web_sys::Event) {
        match action {
            "toggle" => self.expanded.update(|e| {
                if let Some(i) = e.iter().position(|w| w == arg) {
                    e.remove(i);
                } else {
                    e.push(arg.to_owned());
                }
            }),
            "accept" => self.review(arg, None, Values::new()),
            "correct" | "refuse" => {
                let mut values = Values::new();
                if action == "correct" {
                    let view = answer(self.view);
                    let total = list(&view, "weeks")
                        .iter()
                        .flat_map(|w| list(w, "activities"))
                        .find(|a| s(a, "id") == arg)
                        .map_or(0, |a| n(a, "minutes"));
                    put(&mut values, "heures", (total / 60).to_string());
                    put(&mut values, "minutes", (total % 60).to_string());
                }
                self.open
                    .set(Some(Open::new(format!("{action}:{arg}"), values)));
                focus_later(format!("{action}-titre"));
            }
            "cancel" => {
                self.open.set(None);
                focus_later("heures-semaines");
            }
            "older" => {
                self.back.update(|b| *b += WEEKS);
                focus_later("heures-semaines");
            }
            "newer" => {
                self.back.update(|b| *b = b.saturating_sub(WEEKS));
                focus_later("heures-semaines");
            }
            _ => {}
        }
    }

    fn submit(&self, form: &str, arg: &str, values: Values) {
        match form {
            "declare" => declare(
                self.ctx,
                values,
                self.declare,
                self.reload,
                Some(self.expanded),
            ),
            "defaults" => self.save_defaults(values),
            "refuse" | "correct" => self.review(arg, Some(form), values),
            _ => {}
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
