//! The partner portal (`/partenaire`).

mod home;

pub use home::PartnerHome;

use domain::Face;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

use crate::components::{AppHeader, FaceGuard};

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
                    </ul>
                </nav>
                <main id="contenu" class="page">
                    <Outlet/>
                </main>
            </div>
        </FaceGuard>
    }
}
