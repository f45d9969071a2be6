//! "Rendez-vous et rappels" on `/conseiller/structure`, for managers, direction and
//! administrators: the booking window, the deadline to move or cancel, the reminders, and the
//! appointment types with their length and who may book them.

use domain::AppointmentTypeId;
use domain::agenda::{AgendaSettings, AppointmentMode, MessageChannel, ReminderRule};
use domain::dto::AppointmentTypeInput;
use leptos::prelude::*;
use serde_json::Value;

use super::html::{self, Values, one};
use crate::api;
use crate::session::Session;

fn number(values: &Values, name: &str) -> u32 {
    one(values, name).trim().parse().unwrap_or(0)
}

fn settings_of(values: &Values) -> AgendaSettings {
    AgendaSettings {
        booking_horizon_days: number(values, "horizon"),
        min_notice_hours: number(values, "notice"),
        change_deadline_hours: number(values, "deadline"),
        reminders: (0..4)
            .filter_map(|i| {
                let channel = MessageChannel::from_code(one(values, &format!("canal-{i}")))?;
                Some(ReminderRule {
                    channel,
                    hours_before: number(values, &format!("heures-{i}")),
                })
            })
            .collect(),
    }
}

fn type_of(values: &Values) -> AppointmentTypeInput {
    let checked = |name: &str| !one(values, name).is_empty();
    AppointmentTypeInput {
        label: one(values, "libelle").to_owned(),
        mode: AppointmentMode::from_code(one(values, "mode")),
        minutes: one(values, "minutes").trim().parse().ok(),
        first_reception: checked("premier"),
        youth_bookable: checked("en-ligne"),
        active: Some(checked("actif")),
    }
}

fn number_field(out: &mut String, id: &str, name: &str, label: &str, value: &Value) {
    out.push_str(&format!(
        r#"<div class="field"><label for="{id}">{label}</label><input id="{id}" name="{name}" type="number" inputmode="numeric" min="0" value="{}"></div>"#,
        value.as_u64().unwrap_or(0)
    ));
}

fn settings_form(out: &mut String, s: &Value) {
    out.push_str(r#"<form class="form" data-form="reglages" novalidate>"#);
    number_field(
        out,
        "agenda-horizon",
        "horizon",
        "Réservation en ligne jusqu'à (jours à l'avance)",
        &s["booking_horizon_days"],
    );
    number_field(
        out,
        "agenda-notice",
        "notice",
        "Délai minimal avant un rendez-vous pris en ligne (heures)",
        &s["min_notice_hours"],
    );
    number_field(
        out,
        "agenda-deadline",
        "deadline",
        "Un jeune déplace ou annule jusqu'à (heures avant)",
        &s["change_deadline_hours"],
    );
    out.push_str(r#"<fieldset class="field group"><legend>Rappels avant chaque rendez-vous et atelier</legend>"#);
    let rules = s["reminders"].as_array().cloned().unwrap_or_default();
    for i in 0..4 {
        let rule = rules.get(i).cloned().unwrap_or(Value::Null);
        let channel = rule["channel"].as_str().unwrap_or("");
        out.push_str(&format!(
            r#"<div class="field-row"><div class="field"><label for="canal-{i}">Rappel {} : canal</label><select id="canal-{i}" name="canal-{i}"><option value="">— aucun —</option>"#,
            i + 1
        ));
        for c in MessageChannel::ALL {
            out.push_str(&format!(
                r#"<option value="{}"{}>{}</option>"#,
                c.code(),
                if c.code() == channel { " selected" } else { "" },
                c.label()
            ));
        }
        out.push_str("</select></div>");
        number_field(
            out,
            &format!("heures-{i}"),
            &format!("heures-{i}"),
            "heures avant",
            &rule["hours_before"],
        );
        out.push_str("</div>");
    }
    out.push_str(r#"</fieldset><button type="submit" class="button">Enregistrer les réglages</button></form>"#);
}

fn type_form(out: &mut String, t: &Value, index: usize) {
    let id = t["id"].as_str().unwrap_or("");
    let p = format!("type-{index}");
    let text = |key: &str| html::esc(t[key].as_str().unwrap_or(""));
    out.push_str(&format!(
        r#"<form class="form card" data-form="type:{id}" novalidate><div class="field"><label for="{p}-libelle">Nom du type</label><input id="{p}-libelle" name="libelle" value="{}"></div><div class="field"><label for="{p}-mode">Modalité</label><select id="{p}-mode" name="mode">"#,
        text("label")
    ));
    for m in AppointmentMode::ALL {
        out.push_str(&format!(
            r#"<option value="{}"{}>{}</option>"#,
            m.code(),
            if t["mode"] == m.code() {
                " selected"
            } else {
                ""
            },
            m.label()
        ));
    }
    out.push_str("</select></div>");
    out.push_str(&format!(
        r#"<div class="field"><label for="{p}-minutes">Durée (minutes, par pas de 15)</label><input id="{p}-minutes" name="minutes" type="number" step="15" min="15" max="240" value="{}"></div>"#,
        t["minutes"].as_u64().unwrap_or(30)
    ));
    let flag = |key: &str| t[key].as_bool().unwrap_or(key == "active");
    out.push_str(&html::checkbox(
        &format!("{p}-premier"),
        "premier",
        "1",
        "Premier accueil (avec l'équipe d'accueil)",
        flag("first_reception"),
    ));
    out.push_str(&html::checkbox(
        &format!("{p}-en-ligne"),
        "en-ligne",
        "1",
        "Les jeunes le réservent eux-mêmes",
        flag("youth_bookable"),
    ));
    out.push_str(&html::checkbox(
        &format!("{p}-actif"),
        "actif",
        "1",
        "Proposé",
        flag("active"),
    ));
    out.push_str(&format!(
        r#"<button type="submit" class="button secondary">{}</button></form>"#,
        if id.is_empty() {
            "Ajouter ce type"
        } else {
            "Enregistrer ce type"
        }
    ));
}

/// The form, for roles allowed to change the agenda settings.
#[component]
pub fn AgendaSettingsForm() -> impl IntoView {
    let session = Session::use_context();
    let version = RwSignal::new(0u32);
    let setup = html::fetch(false, move || {
        version.track();
        api::agenda::setup(session)
    });
    let saved = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((form, values)) = html::form_of(&ev) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let outcome = match form.strip_prefix("type:") {
                Some(id) => api::agenda::save_type(
                    session,
                    id.parse::<AppointmentTypeId>().ok(),
                    &type_of(&values),
                )
                .await
                .map(|_| "Type de rendez-vous enregistré."),
                None => api::agenda::save_settings(session, &settings_of(&values))
                    .await
                    .map(|_| "Réglages enregistrés."),
            };
            match outcome {
                Ok(message) => {
                    error.set(None);
                    saved.set(Some(message.to_owned()));
                    version.update(|v| *v += 1);
                }
                Err(err) => {
                    saved.set(None);
                    let fields: Vec<String> = err.fields().into_iter().map(|(_, m)| m).collect();
                    error.set(Some(if fields.is_empty() {
                        err.message()
                    } else {
                        fields.join(" ")
                    }));
                }
            }
        });
    };
    let body = move || match setup.get() {
        None => r#"<p class="loading" role="status">Chargement…</p>"#.to_owned(),
        Some(Err(err)) => html::notice("error", &err.message()),
        Some(Ok(setup)) => {
            let mut out = error
                .get()
                .map(|e| html::notice("error", &e))
                .unwrap_or_default();
            settings_form(&mut out, &setup["settings"]);
            out.push_str(r#"<h3>Types de rendez-vous</h3>"#);
            let types = setup["appointment_types"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            for (i, t) in types.iter().enumerate() {
                type_form(&mut out, t, i);
            }
            out.push_str("<h4>Nouveau type</h4>");
            type_form(
                &mut out,
                &serde_json::json!({"active": true, "minutes": 30, "mode": "sur_site"}),
                types.len(),
            );
            out
        }
    };
    view! {
        <section class="panel" aria-labelledby="titre-reglages-agenda">
            <h2 id="titre-reglages-agenda">"Rendez-vous et rappels"</h2>
            <p>"Ce que les jeunes peuvent réserver en ligne, jusqu'à quand ils peuvent changer d'avis, et quand partent les rappels par e-mail et SMS."</p>
            <div role="status">{move || saved.get().map(|m| view! { <p class="notice notice-success">{m}</p> })}</div>
            <div on:submit=on_submit inner_html=body></div>
        </section>
    }
}
