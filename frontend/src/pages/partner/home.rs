//! `/partenaire`: the partner's own organisation.

use leptos::prelude::*;

use crate::api;
use crate::components::{ErrorNotice, Fetched, Loading, PageTitle};
use crate::pages::counsellor::PartnerCard;
use crate::session::Session;

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
    let appointments = Fetched::new(move || async move {
        match partner_id {
            Some(id) => api::partners::appointments(session, id).await,
            None => Ok(Vec::new()),
        }
    });
    view! {
        {move || match partner.get() {
            None | Some(Ok(None)) => view! { <PageTitle title="Mon organisation".to_owned()/><Loading/> }.into_any(),
            Some(Err(err)) => view! { <PageTitle title="Mon organisation".to_owned()/><ErrorNotice error=err/> }.into_any(),
            Some(Ok(Some(detail))) => view! { <PartnerCard detail/> }.into_any(),
        }}
        <p class="lead">{format!("Partenaire de la {structure}")}</p>
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
        <section class="card" aria-labelledby="carte-bientot">
            <h2 id="carte-bientot">"Bientôt sur le portail"</h2>
            <p>"Vos offres, et les jeunes que la Mission Locale vous oriente."</p>
        </section>
    }
}
