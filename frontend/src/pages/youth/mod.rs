//! The youth app (`/jeune`), an installable PWA.

mod appointments;
mod file;
mod home;
mod hours;
mod offers;
mod plan;
mod workshops;

pub use file::YouthFilePage;
pub use home::YouthHome;
pub use hours::YouthHoursPage;
pub use plan::YouthPlanPage;

use domain::Face;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

use crate::components::{AppHeader, FaceGuard};

/// `/jeune/:page`, after the other pages of the youth app: `rendez-vous`, `ateliers` and
/// `offres` (one route for them).
#[component]
pub fn YouthPages() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    crate::pages::counsellor::accompaniment::redraw(Box::new(move || {
        match params.with(|p| p.get("page")).as_deref() {
            Some("rendez-vous") => appointments::page(),
            Some("ateliers") => workshops::page(),
            Some("offres") => offers::page(),
            _ => crate::pages::counsellor::agenda::not_found(),
        }
    }))
}

/// The youth app's layout: header, content, and a bottom navigation for thumbs.
#[component]
pub fn YouthShell() -> impl IntoView {
    view! {
        <FaceGuard face=Face::Jeune>
            <AppHeader space="Mon espace" home="/jeune"/>
            <main id="contenu" class="page narrow youth">
                <Outlet/>
            </main>
            <nav class="bottom-nav" aria-label="Menu principal">
                <ul>
                    <li><A href="/jeune" exact=true>"Accueil"</A></li>
                    <li><A href="/jeune/dossier">"Mon dossier"</A></li>
                    <li><A href="/jeune/plan">"Mon plan"</A></li>
                    <li><A href="/jeune/heures">"Mes heures"</A></li>
                    <li><A href="/jeune/rendez-vous">"Rendez-vous"</A></li>
                    <li><A href="/jeune/offres">"Offres"</A></li>
                </ul>
            </nav>
        </FaceGuard>
    }
}
