//! Possible duplicates (A7): those of one file on its page, and the scan of the whole Mission
//! Locale at `/conseiller/doublons`. Each pair leads to the merge screen or is dismissed.

use std::fmt::Write as _;

use domain::YouthId;
use domain::dto::{DismissDuplicate, DuplicateCandidate, YouthSummary};
use domain::matching::MatchAssessment;
use leptos::prelude::*;

use super::{Ctx, LOADING, list_name};
use crate::api::{self, ApiError};
use crate::components::PageTitle;
use crate::format;
use crate::pages::counsellor::html::{self, Loaded, button, esc, fetch, notice, plural};
use crate::session::Session;

/// "Ressemblance : 85/100 — Mêmes nom et prénom, Date de naissance à un chiffre près".
pub(crate) fn assessment_text(a: &MatchAssessment) -> String {
    let reasons: Vec<&str> = a.reasons.iter().map(|r| r.label()).collect();
    format!("Ressemblance : {}/100 — {}", a.score, reasons.join(", "))
}

/// A link to a file: "MOREAU Léa, date de naissance 14/03/2006".
fn person(y: &YouthSummary) -> String {
    format!(
        r#"<a href="/conseiller/jeunes/{}">{}, date de naissance {}</a>"#,
        y.id,
        esc(&list_name(&y.first_name, &y.last_name)),
        format::date(y.birth_date)
    )
}

/// Says two files are different people.
async fn dismiss(session: Session, id: YouthId, other_id: YouthId) -> Result<(), ApiError> {
    api::youths::dismiss_duplicate(session, id, &DismissDuplicate { other_id }).await
}

/// The duplicates part of the file page.
#[derive(Clone, Copy)]
pub(super) struct Panel {
    ctx: Ctx,
    candidates: Loaded<Vec<DuplicateCandidate>>,
    refresh: RwSignal<u32>,
    error: RwSignal<Option<String>>,
}

impl Panel {
    pub fn new(ctx: Ctx) -> Self {
        let refresh = RwSignal::new(0u32);
        let candidates = fetch(false, move || {
            ctx.changed.track();
            refresh.track();
            let (id, may) = (ctx.id(), ctx.may.duplicates);
            async move {
                if may {
                    api::youths::duplicates_of(ctx.session, id).await
                } else {
                    Ok(Vec::new())
                }
            }
        });
        Self {
            ctx,
            candidates,
            refresh,
            error: RwSignal::new(None),
        }
    }

    pub fn click(&self, action: &str, arg: &str) -> bool {
        if action != "not-duplicate" {
            return false;
        }
        let (ctx, refresh, error) = (self.ctx, self.refresh, self.error);
        if let Ok(other) = arg.parse() {
            let id = ctx.id();
            leptos::task::spawn_local(async move {
                match dismiss(ctx.session, id, other).await {
                    Ok(()) => {
                        ctx.announce.set(Some(
                            "Les deux dossiers ne seront plus proposés comme doublons.".to_owned(),
                        ));
                        refresh.update(|r| *r += 1);
                    }
                    Err(err) => error.set(Some(err.message())),
                }
            });
        }
        true
    }

    /// The panel (reactive).
    pub fn html(&self) -> String {
        if !self.ctx.may.duplicates {
            return String::new();
        }
        let id = self.ctx.id();
        let mut out = String::from(
            r#"<section class="file-section" aria-labelledby="titre-doublons"><h2 id="titre-doublons">Doublons possibles</h2>"#,
        );
        if let Some(error) = self.error.get() {
            out.push_str(&notice("error", &error));
        }
        match self.candidates.get() {
            None => out.push_str(LOADING),
            Some(Err(error)) => out.push_str(&notice("error", &error.message())),
            Some(Ok(list)) if list.is_empty() => {
                out.push_str("<p>Aucun autre dossier ne ressemble à celui-ci.</p>")
            }
            Some(Ok(list)) => {
                out.push_str(r#"<ul class="cards-list">"#);
                for c in &list {
                    let other = c.youth.id;
                    let name = list_name(&c.youth.first_name, &c.youth.last_name);
                    let _ = write!(
                        out,
                        r#"<li class="card"><p>{}</p><p>{}</p><div class="actions"><a class="button" href="/conseiller/jeunes/{id}/fusion/{other}">Fusionner<span class="visually-hidden"> avec le dossier de {}</span></a>{}</div></li>"#,
                        person(&c.youth),
                        esc(&assessment_text(&c.assessment)),
                        esc(&name),
                        button(
                            "button button-secondary",
                            "not-duplicate",
                            &other.to_string(),
                            "Ce n'est pas la même personne",
                            &format!(" : {name}")
                        )
                    );
                }
                out.push_str("</ul>");
            }
        }
        out.push_str("</section>");
        out
    }
}

/// `/conseiller/doublons`: the pairs of files of the Mission Locale that may be one person.
#[component]
pub fn DuplicatesPage() -> impl IntoView {
    let session = Session::use_context();
    let refresh = RwSignal::new(0u32);
    let pairs = fetch(true, move || {
        refresh.track();
        async move { api::youths::duplicate_pairs(session).await }
    });
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some((action, arg)) = html::action_of(&ev) else {
            return;
        };
        let ids = arg
            .split_once(' ')
            .and_then(|(a, b)| a.parse().ok().zip(b.parse().ok()));
        if let ("dismiss", Some((a, b))) = (action.as_str(), ids) {
            leptos::task::spawn_local(async move {
                match dismiss(session, a, b).await {
                    Ok(()) => {
                        message.set(Some(
                            "Paire écartée : ces dossiers ne seront plus proposés.".to_owned(),
                        ));
                        refresh.update(|r| *r += 1);
                    }
                    Err(err) => error.set(Some(err.message())),
                }
            });
        }
    };
    let body = move || {
        let mut out = error.get().map(|e| notice("error", &e)).unwrap_or_default();
        match pairs.get() {
            None => out.push_str(LOADING),
            Some(Err(e)) => out.push_str(&notice("error", &e.message())),
            Some(Ok(list)) if list.is_empty() => out.push_str("<p>Aucun doublon possible.</p>"),
            Some(Ok(list)) => {
                let _ = write!(
                    out,
                    r#"<p>{} paire{} à examiner</p><ul class="cards-list">"#,
                    list.len(),
                    plural(list.len())
                );
                for pair in &list {
                    let (a, b) = (pair.first.id, pair.second.id);
                    let title = format!(
                        "{} et {}",
                        list_name(&pair.first.first_name, &pair.first.last_name),
                        list_name(&pair.second.first_name, &pair.second.last_name)
                    );
                    let hidden = format!(" : {title}");
                    let _ = write!(
                        out,
                        r#"<li class="card"><h2>{}</h2><ul class="plain"><li>{}</li><li>{}</li></ul><p>{}</p><div class="actions"><a class="button" href="/conseiller/jeunes/{a}/fusion/{b}">Comparer et fusionner<span class="visually-hidden">{}</span></a>{}</div></li>"#,
                        esc(&title),
                        person(&pair.first),
                        person(&pair.second),
                        esc(&assessment_text(&pair.assessment)),
                        esc(&hidden),
                        button(
                            "button button-secondary",
                            "dismiss",
                            &format!("{a} {b}"),
                            "Pas un doublon",
                            &hidden
                        )
                    );
                }
                out.push_str("</ul>");
            }
        }
        out
    };
    view! {
        <PageTitle title="Doublons possibles".to_owned()/>
        <p>"Les dossiers qui pourraient concerner la même personne, les plus ressemblants d'abord. Comparez-les avant de les fusionner."</p>
        <div role="status" class="live">
            {move || message.get().map(|m| view! { <p class="notice notice-success">{m}</p> })}
        </div>
        <div on:click=on_click inner_html=body></div>
    }
}
