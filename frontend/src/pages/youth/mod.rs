//! The youth app (`/jeune`), an installable PWA.

mod appointments;
mod file;
mod home;
mod hours;
mod plan;
mod workshops;

pub use appointments::YouthAppointmentsPage;
pub use file::YouthFilePage;
pub use home::YouthHome;
pub use hours::YouthHoursPage;
pub use plan::YouthPlanPage;
pub use workshops::YouthWorkshopsPage;

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
                    <li><A href="/jeune/rendez-vous">"Rendez-vous"</A></li>
                </ul>
            </nav>
        </FaceGuard>
    }
}
