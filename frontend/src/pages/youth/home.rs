//! `/jeune`: the youth app's home.

use leptos::prelude::*;

use crate::api;
use crate::components::{Loading, Network, PageTitle};
use crate::session::Session;

/// The home of the youth app.
#[component]
pub fn YouthHome() -> impl IntoView {
    let session = Session::use_context();
    let network = Network::use_context();
    let me = session.me();
    let title = me.as_ref().map_or_else(
        || "Mon espace".to_owned(),
        |m| format!("Bonjour {}", m.first_name),
    );
    let structure_id = me.as_ref().map(|m| m.structure.id);
    let youth_id = me.as_ref().and_then(|m| m.youth_id);
    let structure = LocalResource::new(move || async move {
        match structure_id {
            Some(id) => api::structures::get_structure(session, id).await.ok(),
            None => None,
        }
    });
    let file = LocalResource::new(move || async move {
        match youth_id {
            Some(id) => api::youths::get_youth(session, id).await.ok(),
            None => None,
        }
    });
    view! {
        <PageTitle title=title/>
        <section class="card" aria-labelledby="carte-conseiller">
            <h2 id="carte-conseiller">"Mon conseiller ou ma conseillère"</h2>
            {move || match file.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Some(detail)) => match detail.counsellor {
                    Some(c) => view! { <p class="figure">{c.full_name()}</p> }.into_any(),
                    None => view! { <p>"Votre Mission Locale vous attribuera bientôt un conseiller ou une conseillère."</p> }.into_any(),
                },
                Some(None) => view! { <p>{offline_or_error(network)}</p> }.into_any(),
            }}
        </section>
        <section class="card" aria-labelledby="carte-ml">
            <h2 id="carte-ml">"Ma Mission Locale"</h2>
            {move || match structure.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Some(detail)) => view! {
                    <p><strong>{detail.name.clone()}</strong></p>
                    <ul class="list">
                        {detail.sites.into_iter().map(|s| view! {
                            <li>{s.name}<br/>{format!("{}, {} {}", s.address, s.postal_code, s.commune_name)}</li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Some(None) => view! { <p>{offline_or_error(network)}</p> }.into_any(),
            }}
        </section>
        <section class="card" aria-labelledby="carte-bientot">
            <h2 id="carte-bientot">"Bientôt dans votre espace"</h2>
            <p>"Vos rendez-vous, vos démarches à faire et vos messages avec votre conseiller ou conseillère."</p>
        </section>
    }
}

fn offline_or_error(network: Network) -> &'static str {
    if network.online.get_untracked() {
        "Information indisponible pour le moment. Réessayez plus tard."
    } else {
        "Hors connexion : cette information s'affichera au retour du réseau."
    }
}
