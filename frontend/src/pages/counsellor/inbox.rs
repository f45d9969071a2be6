//! `/conseiller/accueil`: the reception inbox of online pre-registrations (F1), oldest first,
//! against the promise to call back within 24 hours.

use chrono::{DateTime, Utc};
use domain::dto::PreRegistrationSummary;
use domain::file::PreRegistrationStatus;
use leptos::prelude::*;

use crate::api;
use crate::api::preregistrations::InboxFilter;
use crate::components::{ErrorNotice, Fetched, Loading, PageTitle, Pager};
use crate::session::Session;

const PER_PAGE: u32 = 20;

/// Minutes from now to `at` (negative in the past).
fn minutes_until(at: DateTime<Utc>) -> i64 {
    let now = js_sys::Date::now() as i64;
    (at.timestamp_millis() - now).div_euclid(60_000)
}

/// "il y a 5 min", "il y a 3 h", "il y a 2 jours".
pub(crate) fn since(at: DateTime<Utc>) -> String {
    let minutes = -minutes_until(at);
    match minutes {
        i64::MIN..=0 => "à l'instant".to_owned(),
        1..=59 => format!("il y a {minutes} min"),
        60..=2879 => format!("il y a {} h", minutes / 60),
        _ => format!("il y a {} jours", minutes / 1440),
    }
}

/// "reste 21 h", "reste 40 min".
fn remaining(due: DateTime<Utc>) -> String {
    let minutes = minutes_until(due).max(0);
    if minutes >= 60 {
        format!("reste {} h", minutes / 60)
    } else {
        format!("reste {minutes} min")
    }
}

/// Where a request stands against the call-back promise: a badge when late.
#[component]
pub(crate) fn Promise(summary: PreRegistrationSummary) -> impl IntoView {
    if summary.status.is_final() {
        return None;
    }
    Some(if summary.overdue {
        view! { <span class="badge badge-late">"En retard"</span> }.into_any()
    } else {
        view! { <span class="small">{remaining(summary.callback_due)}</span> }.into_any()
    })
}

/// The inbox.
#[component]
pub fn InboxPage() -> impl IntoView {
    let session = Session::use_context();
    let status = RwSignal::new(String::new());
    let closed = RwSignal::new(false);
    let page = RwSignal::new(1u32);
    let requests = Fetched::new(move || {
        let filter = InboxFilter {
            status: status.with(|s| PreRegistrationStatus::from_code(s)),
            all: closed.get(),
        };
        let page = page.get();
        async move { api::preregistrations::list(session, filter, page, PER_PAGE).await }
    });
    let total = Signal::derive(move || requests.get().and_then(Result::ok).map_or(0, |p| p.total));
    view! {
        <PageTitle title="Pré-inscriptions".to_owned()/>
        <p>"Les demandes envoyées en ligne, de la plus ancienne à la plus récente. Chaque jeune doit être rappelé dans les 24 heures."</p>
        <div class="filters">
            <div class="field">
                <label for="accueil-statut">"Statut"</label>
                <select id="accueil-statut" bind:value=status on:change=move |_| page.set(1)>
                    <option value="">"Tous les statuts"</option>
                    {PreRegistrationStatus::ALL.iter().map(|s| view! { <option value=s.code()>{s.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="checkbox">
                <input type="checkbox" id="accueil-closes" bind:checked=closed on:change=move |_| page.set(1)/>
                <label for="accueil-closes">"Afficher aussi les demandes closes"</label>
            </div>
        </div>
        {move || match requests.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(err)) => view! { <ErrorNotice error=err/> }.into_any(),
            Some(Ok(list)) if list.items.is_empty() => view! {
                <p role="status">"Aucune demande à afficher."</p>
            }.into_any(),
            Some(Ok(list)) => view! {
                <p role="status">{format!("{} demande{}", list.total, if list.total > 1 { "s" } else { "" })}</p>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Liste des pré-inscriptions">
                    <table>
                        <caption class="visually-hidden">"Pré-inscriptions, de la plus ancienne à la plus récente"</caption>
                        <thead><tr>
                            <th scope="col">"Reçue"</th>
                            <th scope="col">"Nom"</th>
                            <th scope="col">"Âge"</th>
                            <th scope="col">"Commune"</th>
                            <th scope="col">"Statut"</th>
                            <th scope="col">"Doublons possibles"</th>
                        </tr></thead>
                        <tbody>
                            {list.items.into_iter().map(|r| view! { <InboxRow r/> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any(),
        }}
        <Pager page total per_page=PER_PAGE/>
    }
}

#[component]
fn InboxRow(r: PreRegistrationSummary) -> impl IntoView {
    let href = format!("/conseiller/accueil/{}", r.id);
    let duplicates = match (r.candidate_count, r.best_score) {
        (0, _) => "Aucun".to_owned(),
        (n, Some(score)) => format!("{n} (jusqu'à {score} %)"),
        (n, None) => n.to_string(),
    };
    view! {
        <tr>
            <td>{since(r.received_at)}<br/><Promise summary=r.clone()/></td>
            <th scope="row"><a href=href>{r.full_name.clone()}</a></th>
            <td>{r.age.map_or_else(|| "—".to_owned(), |a| format!("{a} ans"))}</td>
            <td>
                {r.commune_name.clone().unwrap_or_else(|| "—".to_owned())}
                {r.out_of_territory.then(|| view! { <br/><span class="badge badge-info">"Hors territoire"</span> })}
            </td>
            <td>{r.status.label()}</td>
            <td>{duplicates}</td>
        </tr>
    }
}
