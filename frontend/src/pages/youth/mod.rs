//! The youth app (`/jeune`), an installable PWA.

mod file;
mod home;
mod hours;
mod plan;

pub use file::YouthFilePage;
pub use home::YouthHome;
pub use hours::YouthHoursPage;
pub use plan::YouthPlanPage;

use domain::Face;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

use crate::components::{AppHeader, FaceGuard};

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
                </ul>
            </nav>
        </FaceGuard>
    }
}
