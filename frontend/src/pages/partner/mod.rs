//! The partner portal (`/partenaire`): the organisation's home, its record in the directory
//! ("Notre fiche"), its offers ("Nos offres", one page per offer), its events ("Nos
//! événements", with who registered), the Mission Locale's catalogue, and the young people
//! referred to it ("Jeunes orientés").

mod events;
mod home;
mod offer;
mod offers;
mod portal;
mod record;
mod referrals;

pub use home::PartnerHome;

use domain::Face;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

use crate::components::{AppHeader, FaceGuard};

/// `/partenaire/:section` and `/partenaire/offres/:id`: the portal's pages other than its home
/// (one route view for all of them: each route costs about 1.3 KB of WebAssembly).
#[component]
pub fn PartnerPages() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let query = leptos_router::hooks::use_query_map();
    crate::pages::counsellor::accompaniment::redraw(Box::new(move || {
        let (section, id) = params.with(|p| (p.get("section"), p.get("id")));
        match (section.as_deref(), id) {
            (_, Some(id)) => offer::page(&id),
            (Some("fiche"), None) => record::page(),
            (Some("offres"), None) => offers::own_page(),
            (Some("catalogue"), None) => offers::catalogue_page(),
            (Some("evenements"), None) => events::page(),
            (Some("jeunes"), None) => {
                let offer = query.with(|q| q.get("offre").and_then(|o| o.parse().ok()));
                referrals::page(offer)
            }
            _ => crate::pages::counsellor::agenda::not_found(),
        }
    }))
}

/// The portal's layout.
#[component]
pub fn PartnerShell() -> impl IntoView {
    view! {
        <FaceGuard face=Face::Partenaire>
            <AppHeader space="Portail partenaires" home="/partenaire"/>
            <div class="dashboard">
                <nav class="side-nav" aria-label="Menu principal">
                    <ul>
                        <li><A href="/partenaire" exact=true>"Mon organisation"</A></li>
                        <li><A href="/partenaire/jeunes">"Jeunes orientés"</A></li>
                        <li><A href="/partenaire/offres">"Nos offres"</A></li>
                        <li><A href="/partenaire/evenements">"Nos événements"</A></li>
                        <li><A href="/partenaire/catalogue">"Toutes les offres"</A></li>
                        <li><A href="/partenaire/fiche">"Notre fiche"</A></li>
                    </ul>
                </nav>
                <main id="contenu" class="page">
                    <Outlet/>
                </main>
            </div>
        </FaceGuard>
    }
}
