//! The counsellors' dashboard (`/conseiller`), for every staff role.

pub(crate) mod accompaniment;
pub(crate) mod agenda;
mod agenda_settings;
mod audit;
mod file;
mod home;
pub(crate) mod html;
mod inbox;
mod inbox_detail;
pub(crate) mod offers;
mod partners;
mod structure;
mod team;
mod youths;

pub use accompaniment::AccompanimentPage;
pub use agenda::AgendaRoutes;
pub use audit::AuditPage;
pub use file::{DuplicatesPage, MergePage, YouthPage};
pub use home::CounsellorHome;
pub use inbox::InboxPage;
pub use inbox_detail::InboxDetailPage;
pub use partners::{PartnerCard, PartnerPage, PartnersPage};
pub use structure::StructurePage;
pub use team::TeamPage;
pub use youths::YouthsPage;

use domain::{Face, Operation};
use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

use crate::components::{AppHeader, FaceGuard};
use crate::session::Session;

/// The dashboard's layout: header, navigation (what the role may use), content.
#[component]
pub fn CounsellorShell() -> impl IntoView {
    view! {
        <FaceGuard face=Face::Conseiller>
            <AppHeader space="Espace professionnel" home="/conseiller"/>
            <div class="dashboard">
                <CounsellorNav/>
                <main id="contenu" class="page">
                    <Outlet/>
                </main>
            </div>
        </FaceGuard>
    }
}

#[component]
fn CounsellorNav() -> impl IntoView {
    let session = Session::use_context();
    let may = move |op: Operation| session.me().is_some_and(|me| me.may(op));
    view! {
        <nav class="side-nav" aria-label="Menu principal">
            <ul>
                <li><A href="/conseiller" exact=true>"Tableau de bord"</A></li>
                <Show when=move || may(Operation::ManagePreRegistrations)>
                    <li><A href="/conseiller/accueil">"Pré-inscriptions"</A></li>
                </Show>
                <Show when=move || may(Operation::ListYouths)>
                    <li><A href="/conseiller/jeunes">"Jeunes"</A></li>
                </Show>
                <Show when=move || may(Operation::ReadAgenda)>
                    <li><A href="/conseiller/agenda">"Agenda"</A></li>
                </Show>
                <Show when=move || may(Operation::ReadWorkshops)>
                    <li><A href="/conseiller/ateliers">"Ateliers"</A></li>
                </Show>
                <Show when=move || may(Operation::ManageDuplicates)>
                    <li><A href="/conseiller/doublons">"Doublons"</A></li>
                </Show>
                <Show when=move || may(Operation::ListPartners)>
                    <li><A href="/conseiller/partenaires">"Partenaires"</A></li>
                </Show>
                <Show when=move || may(Operation::ReadOffers)>
                    <li><A href="/conseiller/offres">"Offres"</A></li>
                </Show>
                <Show when=move || may(Operation::ListStaff)>
                    <li><A href="/conseiller/equipe">"Équipe"</A></li>
                </Show>
                <li><A href="/conseiller/structure">"Ma Mission Locale"</A></li>
                <Show when=move || may(Operation::ReadAuditLog)>
                    <li><A href="/conseiller/journal">"Journal d'accès"</A></li>
                </Show>
            </ul>
        </nav>
    }
}
