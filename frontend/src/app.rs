//! The app: session and network context, the three faces' route trees, the public pages.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::{Network, OfflineBanner, SkipLink};
use crate::pages::counsellor::{
    AccompanimentPage, AgendaRoutes, AuditPage, CounsellorHome, CounsellorShell, DuplicatesPage,
    InboxDetailPage, InboxPage, MergePage, PartnerPage, PartnersPage, StructurePage, TeamPage,
    YouthPage, YouthsPage,
};
use crate::pages::invitation::InvitationPage;
use crate::pages::login::LoginPage;
use crate::pages::partner::{PartnerHome, PartnerShell};
use crate::pages::password::{ForgotPasswordPage, ResetPasswordPage};
use crate::pages::preregistration::PreRegistrationPage;
use crate::pages::public::{Landing, NotFound};
use crate::pages::youth::{
    YouthFilePage, YouthHome, YouthHoursPage, YouthPages, YouthPlanPage, YouthShell,
};
use crate::session::Session;

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    let session = Session::new();
    provide_context(session);
    provide_context(Network::watch());
    leptos::task::spawn_local(session.restore());

    view! {
        <Router>
            <SkipLink/>
            <OfflineBanner/>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=Landing/>
                <Route path=path!("/connexion") view=LoginPage/>
                <Route path=path!("/mot-de-passe-oublie") view=ForgotPasswordPage/>
                <Route path=path!("/mot-de-passe/nouveau") view=ResetPasswordPage/>
                <Route path=path!("/invitation") view=InvitationPage/>
                <Route path=path!("/inscription") view=PreRegistrationPage/>
                <ParentRoute path=path!("/conseiller") view=CounsellorShell>
                    <Route path=path!("") view=CounsellorHome/>
                    <Route path=path!("accueil") view=InboxPage/>
                    <Route path=path!("accueil/:id") view=InboxDetailPage/>
                    <Route path=path!("jeunes") view=YouthsPage/>
                    <Route path=path!("jeunes/:id") view=YouthPage/>
                    <Route path=path!("jeunes/:id/:page") view=AccompanimentPage/>
                    <Route path=path!("jeunes/:id/fusion/:other") view=MergePage/>
                    <Route path=path!("doublons") view=DuplicatesPage/>
                    <Route path=path!("partenaires") view=PartnersPage/>
                    <Route path=path!("partenaires/:id") view=PartnerPage/>
                    <Route path=path!("equipe") view=TeamPage/>
                    <Route path=path!("structure") view=StructurePage/>
                    <Route path=path!("journal") view=AuditPage/>
                    // Last: the agenda and the workshops (`agenda/…`, `ateliers/…`).
                    <Route path=path!(":section/*rest") view=AgendaRoutes/>
                </ParentRoute>
                <ParentRoute path=path!("/jeune") view=YouthShell>
                    <Route path=path!("") view=YouthHome/>
                    <Route path=path!("dossier") view=YouthFilePage/>
                    <Route path=path!("plan") view=YouthPlanPage/>
                    <Route path=path!("heures") view=YouthHoursPage/>
                    // Last: `rendez-vous` and `ateliers`.
                    <Route path=path!(":page") view=YouthPages/>
                </ParentRoute>
                <ParentRoute path=path!("/partenaire") view=PartnerShell>
                    <Route path=path!("") view=PartnerHome/>
                </ParentRoute>
            </Routes>
            <footer class="app-footer">
                <p>"Passerelle — service numérique des Missions Locales · "
                    <a href="/api/docs/">"API"</a>
                </p>
            </footer>
        </Router>
    }
}
