//! `/conseiller/jeunes/:id/entretiens`: the record of an interview and the timeline of the
//! accompaniment (B23): interviews, diagnostic revisions, contract events, actions done.

use domain::accompaniment::{InterviewChannel, InterviewKind, Theme};
use domain::dto::{NewInterview, TimelineKind};
use leptos::prelude::*;
use serde_json::Value;

use super::json::{list, s, when};
use super::ui::{self, Form, REQ, badge, el, para, r, t};
use super::{Ctx, Data, Open, Part, instant_in, load, loaded, missing, now_time, reject, trimmed};
use crate::api;
use crate::format;
use crate::pages::counsellor::html::{Values, one, put};

const PREFIX: &str = "entretien";

const LABELS: &[(&str, &str)] = &[
    ("occurred_at", "Date"),
    ("time", "Heure"),
    ("channel", "Modalité"),
    ("kind", "Type d'entretien"),
    ("themes", "Thématiques abordées"),
    ("summary", "Résumé"),
];

#[derive(Clone, Copy)]
pub(super) struct Interviews {
    ctx: Ctx,
    /// The `TimelineEntry`s, newest first.
    timeline: Data,
    reload: RwSignal<u32>,
    form: RwSignal<Option<Open>>,
}

impl Interviews {
    pub fn new(ctx: Ctx) -> Self {
        let reload = RwSignal::new(0u32);
        Self {
            ctx,
            timeline: load(move || {
                reload.track();
                api::accompaniment::timeline(ctx.session, ctx.id)
            }),
            reload,
            form: RwSignal::new(None),
        }
    }

    fn form_html(&self, out: &mut String) {
        let o = self.form.get().unwrap_or_else(|| {
            let mut values = Values::new();
            put(&mut values, "occurred_at", format::today().to_string());
            put(&mut values, "time", now_time());
            put(&mut values, "kind", InterviewKind::Suivi.code());
            Open::new("", values)
        });
        let form = Form {
            prefix: PREFIX,
            values: &o.values,
            errors: &o.errors,
        };
        r(
            out,
            r#"<section class="panel"><h2 id="entretien-titre" tabindex="-1">Nouvel entretien</h2><form class="form" data-form="interview" novalidate aria-label="Nouvel entretien">"#,
        );
        ui::summary(out, PREFIX, &o.errors, &ui::label_in(LABELS));
        r(out, r#"<div class="duration">"#);
        form.input(out, "date", "occurred_at", "Date", "", REQ);
        form.input(out, "time", "time", "Heure", "", REQ);
        r(out, "</div>");
        let channels = ui::choices(
            InterviewChannel::ALL,
            InterviewChannel::code,
            InterviewChannel::label,
        );
        form.select(out, "channel", "Modalité", "", REQ, &channels, "Choisissez");
        let kinds = ui::choices(
            InterviewKind::ALL,
            InterviewKind::code,
            InterviewKind::label,
        );
        form.select(
            out,
            "kind",
            "Type d'entretien",
            "",
            REQ,
            &kinds,
            "Choisissez",
        );
        r(
            out,
            r#"<fieldset class="choices" id="entretien-themes"><legend>Thématiques abordées <span class="optional">(facultatif)</span></legend>"#,
        );
        let chosen = o.values.get("themes");
        for theme in Theme::ALL {
            let code = theme.code();
            r(
                out,
                r#"<div class="checkbox"><input type="checkbox" name="themes" id="entretien-theme-"#,
            );
            r(out, code);
            r(out, r#"" value=""#);
            r(out, code);
            let checked = chosen.is_some_and(|c| c.iter().any(|c| c == code));
            r(out, if checked { r#"" checked>"# } else { r#"">"# });
            r(out, r#"<label for="entretien-theme-"#);
            r(out, code);
            el(out, r#"">"#, theme.label(), "</label></div>");
        }
        r(out, "</fieldset>");
        let hint = "Ce qui a été dit et décidé : la personne qui reprendra le suivi le lira.";
        form.area(out, "summary", "Résumé", hint, REQ);
        r(
            out,
            r#"<button type="submit" class="button">Enregistrer l'entretien</button></form></section>"#,
        );
    }

    fn timeline_html(&self, out: &mut String, entries: &Value) {
        r(
            out,
            r#"<section><h2 id="entretien-fil" tabindex="-1">Fil de l'accompagnement</h2>"#,
        );
        {
            let entries = list(entries, "");
            if entries.is_empty() {
                r(out, "<p>Rien n'est encore enregistré.</p>");
            }
            r(out, r#"<ol class="timeline">"#);
            for entry in entries {
                let kind = TimelineKind::from_code(s(entry, "kind"));
                r(out, r#"<li class="change"><p>"#);
                badge(
                    out,
                    if kind == Some(TimelineKind::Entretien) {
                        "badge-youth"
                    } else {
                        "badge-neutral"
                    },
                    kind.map_or("", TimelineKind::label),
                );
                el(
                    out,
                    " <strong>",
                    s(entry, "title"),
                    r#"</strong></p><p class="small">"#,
                );
                r(out, &when(entry, "at"));
                r(out, " · ");
                t(out, s(entry, "author_name"));
                r(out, "</p>");
                if !s(entry, "detail").is_empty() {
                    para(out, s(entry, "detail"));
                }
                r(out, "</li>");
            }
            r(out, "</ol>");
        }
        r(out, "</section>");
    }

    fn record(&self, values: Values) {
        let mut errors = missing(
            &values,
            &[
                ("channel", "Choisissez la modalité de l'entretien."),
                ("summary", "Écrivez le résumé de l'entretien."),
            ],
        );
        let at = instant_in(&values, "occurred_at");
        if let Err(e) = &at {
            errors.fields.extend(e.fields.iter().cloned());
        }
        if !errors.is_empty() {
            return reject(self.form, PREFIX, values, errors);
        }
        let body = NewInterview {
            occurred_at: at.ok(),
            channel: InterviewChannel::from_code(one(&values, "channel")),
            kind: InterviewKind::from_code(one(&values, "kind")),
            summary: trimmed(&values, "summary"),
            themes: values
                .get("themes")
                .into_iter()
                .flatten()
                .filter_map(|c| Theme::from_code(c))
                .collect(),
        };
        self.ctx.send_form(
            api::accompaniment::record_interview(self.ctx.session, self.ctx.id, &body),
            (self.form, PREFIX.to_owned(), values),
            self.reload,
            Box::new(|i| {
                (
                    format!("Entretien du {} enregistré.", when(i, "occurred_at")),
                    "entretien-fil".to_owned(),
                )
            }),
        );
    }
}

impl Part for Interviews {
    fn blocks(&self) -> usize {
        2
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        if block == 1 {
            loaded(&mut out, self.timeline, &|out, t| {
                self.timeline_html(out, t)
            });
        } else if self.ctx.may.interview {
            self.form_html(&mut out);
        }
        out
    }

    fn click(&self, _action: &str, _arg: &str, _ev: &web_sys::Event) {}

    fn submit(&self, form: &str, _arg: &str, values: Values) {
        if form == "interview" {
            self.record(values);
        }
    }
}
