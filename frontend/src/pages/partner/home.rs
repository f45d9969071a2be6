//! `/partenaire`: the partner's own organisation, its figures (open offers, young people
//! referred, answers due) and what needs an answer, and its appointments with the Mission
//! Locale.

use leptos::prelude::*;
use serde_json::Value;

use crate::api;
use crate::components::{ErrorNotice, Fetched, Loading, PageTitle};
use crate::pages::counsellor::PartnerCard;
use crate::pages::counsellor::accompaniment::json::{f, list, n, s, when_day};
use crate::session::Session;

/// Whether a referral (a JSON `Referral`) waits for the partner's answer.
fn to_answer(x: &Value) -> bool {
    s(x, "status") == "envoyee"
}

/// The portal's home.
#[component]
pub fn PartnerHome() -> impl IntoView {
    let session = Session::use_context();
    let me = session.me();
    let partner_id = me.as_ref().and_then(|m| m.partner.as_ref().map(|p| p.id));
    let structure = me.map(|m| m.structure.name).unwrap_or_default();
    let partner = Fetched::new(move || async move {
        match partner_id {
            Some(id) => api::partners::get_partner(session, id).await.map(Some),
            None => Ok(None),
        }
    });
    let referrals = Fetched::new(move || api::offers::referrals_tree(session, None, true));
    let appointments = Fetched::new(move || async move {
        match partner_id {
            Some(id) => api::partners::appointments(session, id).await,
            None => Ok(Vec::new()),
        }
    });
    let figures = move || {
        let (offers, active) = match partner.get() {
            Some(Ok(Some(d))) => d
                .record
                .map_or((0, 0), |r| (r.open_offers, r.active_referrals)),
            _ => return None,
        };
        let due = match referrals.get() {
            Some(Ok(v)) => list(&v, "").iter().filter(|x| to_answer(x)).count(),
            _ => 0,
        };
        let plural = |n: u64, one: &'static str, many: &'static str| if n > 1 { many } else { one };
        Some(view! {
            <ul class="cards cards-list">
                <li class="card">
                    <p class="figure">{offers}</p>
                    <a href="/partenaire/offres">{plural(offers, "offre ouverte", "offres ouvertes")}</a>
                </li>
                <li class="card">
                    <p class="figure">{active}</p>
                    <a href="/partenaire/jeunes">{plural(active, "jeune orienté en cours", "jeunes orientés en cours")}</a>
                </li>
                <li class="card">
                    <p class="figure">{due}</p>
                    <a href="/partenaire/jeunes">{plural(due as u64, "orientation à traiter", "orientations à traiter")}</a>
                </li>
            </ul>
        })
    };
    view! {
        {move || match partner.get() {
            None | Some(Ok(None)) => view! { <PageTitle title="Mon organisation".to_owned()/><Loading/> }.into_any(),
            Some(Err(err)) => view! { <PageTitle title="Mon organisation".to_owned()/><ErrorNotice error=err/> }.into_any(),
            Some(Ok(Some(detail))) => view! { <PartnerCard detail/> }.into_any(),
        }}
        <p class="lead">{format!("Partenaire de la {structure}")}</p>
        <section aria-labelledby="en-bref">
            <h2 id="en-bref">"En bref"</h2>
            {figures}
        </section>
        <section class="card" aria-labelledby="a-traiter">
            <h2 id="a-traiter">"Orientations à traiter"</h2>
            {move || match referrals.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(err)) => view! { <ErrorNotice error=err/> }.into_any(),
                Some(Ok(v)) => {
                    let due: Vec<Value> = list(&v, "").iter().filter(|x| to_answer(x)).cloned().collect();
                    if due.is_empty() {
                        view! { <p>"Aucune orientation n'attend votre réponse."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="list">
                                {due.into_iter().map(|x| {
                                    let y = f(&x, "youth");
                                    let href = format!("/partenaire/jeunes#orientation-{}", s(&x, "id"));
                                    let who = format!("{} {}, {} ans", s(y, "first_name"), s(y, "last_name"), n(y, "age"));
                                    let what = format!(" — {}, reçue le {}", s(&x, "offer_title"), when_day(&x, "updated_at"));
                                    view! { <li><a href=href>{who}</a>{what}</li> }
                                }).collect_view()}
                            </ul>
                            <p><a href="/partenaire/jeunes">"Répondre aux orientations"</a></p>
                        }.into_any()
                    }
                }
            }}
        </section>
        <section class="card" aria-labelledby="rdv-partenaire">
            <h2 id="rdv-partenaire">"Nos rendez-vous avec la Mission Locale"</h2>
            {move || match appointments.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(err)) => view! { <ErrorNotice error=err/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>"Aucun rendez-vous prévu."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="plain-list">
                        {list.into_iter().map(|e| {
                            let when = serde_json::from_value::<chrono::DateTime<chrono::Utc>>(e["starts_at"].clone())
                                .map(crate::format::date_time)
                                .unwrap_or_default();
                            let with = format!(
                                "{} {}",
                                e["owner"]["first_name"].as_str().unwrap_or_default(),
                                e["owner"]["last_name"].as_str().unwrap_or_default()
                            );
                            let cancelled = e["status"] == "annule";
                            view! {
                                <li>
                                    <strong>{when}</strong>
                                    {format!(" — avec {with}")}
                                    {e["site_name"].as_str().map(|s| format!(", {s}"))}
                                    {cancelled.then_some(" (annulé)")}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
