//! `/conseiller`: the day's starting point (the next modules fill it).

use domain::Operation;
use leptos::prelude::*;

use crate::api;
use crate::components::PageTitle;
use crate::session::Session;

/// The dashboard home.
#[component]
pub fn CounsellorHome() -> impl IntoView {
    let session = Session::use_context();
    let me = session.me();
    let greeting = me.as_ref().map_or_else(
        || "Tableau de bord".to_owned(),
        |m| format!("Bonjour {}", m.first_name),
    );
    let may_list_youths = me.as_ref().is_some_and(|m| m.may(Operation::ListYouths));
    let portfolio = LocalResource::new(move || async move {
        if may_list_youths {
            api::youths::list_youths(session, 1, true)
                .await
                .ok()
                .map(|p| p.total)
        } else {
            None
        }
    });
    let structure = me
        .as_ref()
        .map(|m| m.structure.name.clone())
        .unwrap_or_default();
    let role = me.as_ref().map(|m| m.role.label()).unwrap_or_default();
    view! {
        <PageTitle title=greeting/>
        <p class="lead">{format!("{role} — {structure}")}</p>
        <div class="cards">
            <Show when=move || may_list_youths>
                <section class="card" aria-labelledby="carte-portefeuille">
                    <h2 id="carte-portefeuille">"Mon portefeuille"</h2>
                    <p class="figure">
                        {move || match portfolio.get() {
                            Some(Some(n)) => format!("{n} jeune{} suivi{}", if n > 1 { "s" } else { "" }, if n > 1 { "s" } else { "" }),
                            Some(None) => "Indisponible".to_owned(),
                            None => "…".to_owned(),
                        }}
                    </p>
                    <a href="/conseiller/jeunes">"Voir les jeunes"</a>
                </section>
            </Show>
            <section class="card" aria-labelledby="carte-bientot">
                <h2 id="carte-bientot">"Bientôt ici"</h2>
                <p>"Votre agenda du jour, les pré-inscriptions à rappeler et les actions à suivre."</p>
            </section>
        </div>
    }
}
