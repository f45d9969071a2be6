//! `/conseiller`: the day's starting point: new pre-registrations, the portfolio, and the
//! agenda's panel (today, attendance to record, appointments to confirm, wished rhythms).

use domain::Operation;
use domain::file::PreRegistrationStatus;
use leptos::prelude::*;

use crate::api;
use crate::api::preregistrations::InboxFilter;
use crate::components::Fetched;
use crate::components::PageTitle;
use crate::pages::counsellor::agenda::HomePanel;
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
    let portfolio = Fetched::new(move || async move {
        if may_list_youths {
            api::youths::list_youths(session, 1, true)
                .await
                .ok()
                .map(|p| p.total)
        } else {
            None
        }
    });
    let may_receive = me
        .as_ref()
        .is_some_and(|m| m.may(Operation::ManagePreRegistrations));
    let new_requests = Fetched::new(move || async move {
        if may_receive {
            let filter = InboxFilter {
                status: Some(PreRegistrationStatus::New),
                all: false,
            };
            api::preregistrations::list(session, filter, 1, 1)
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
    let may_agenda = me.as_ref().is_some_and(|m| m.may(Operation::ReadAgenda));
    let role = me.as_ref().map(|m| m.role.label()).unwrap_or_default();
    view! {
        <PageTitle title=greeting/>
        <p class="lead">{format!("{role} — {structure}")}</p>
        <div class="cards">
            <Show when=move || may_receive>
                <section class="card" aria-labelledby="carte-preinscriptions">
                    <h2 id="carte-preinscriptions">"Pré-inscriptions"</h2>
                    <p class="figure">
                        {move || match new_requests.get() {
                            Some(Some(n)) => format!("{n} nouvelle{} demande{}", if n > 1 { "s" } else { "" }, if n > 1 { "s" } else { "" }),
                            Some(None) => "Indisponible".to_owned(),
                            None => "…".to_owned(),
                        }}
                    </p>
                    <a href="/conseiller/accueil">"Voir les pré-inscriptions"</a>
                </section>
            </Show>
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
        </div>
        {may_agenda.then(|| view! { <HomePanel/> })}
    }
}
