//! The app: session and network context, the three faces' route trees, the public pages.
//!
//! The shells, the public pages and the youth app's home are in the main module; the other
//! pages are views of `crate::split`'s enums, drawn by WebAssembly chunks loaded on first use.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::{Network, OfflineBanner, SkipLink};
use crate::pages::counsellor::CounsellorShell;
use crate::pages::invitation::InvitationPage;
use crate::pages::login::LoginPage;
use crate::pages::partner::PartnerShell;
use crate::pages::password::{ForgotPasswordPage, ResetPasswordPage};
use crate::pages::public::{Landing, NotFound};
use crate::pages::youth::{YouthHome, YouthShell};
use crate::session::Session;
use crate::split::{Counsellor, Partner, Youth};

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
                <Route path=path!("/inscription") view=Youth::Signup/>
                <ParentRoute path=path!("/conseiller") view=CounsellorShell>
                    <Route path=path!("") view=Counsellor::Home/>
                    <Route path=path!("accueil") view=Counsellor::Inbox/>
                    <Route path=path!("accueil/:id") view=Counsellor::InboxDetail/>
                    <Route path=path!("jeunes") view=Counsellor::Youths/>
                    <Route path=path!("jeunes/:id") view=Counsellor::Youth/>
                    <Route path=path!("jeunes/:id/:page") view=Counsellor::Accompaniment/>
                    <Route path=path!("jeunes/:id/fusion/:other") view=Counsellor::Merge/>
                    <Route path=path!("doublons") view=Counsellor::Duplicates/>
                    <Route path=path!("partenaires") view=Counsellor::Partners/>
                    <Route path=path!("partenaires/:id") view=Counsellor::Partner/>
                    <Route path=path!("equipe") view=Counsellor::Team/>
                    <Route path=path!("structure") view=Counsellor::Structure/>
                    <Route path=path!("journal") view=Counsellor::Audit/>
                    // Last: the agenda and the workshops (`agenda/…`, `ateliers/…`).
                    <Route path=path!(":section/*rest") view=Counsellor::Agenda/>
                </ParentRoute>
                <ParentRoute path=path!("/jeune") view=YouthShell>
                    <Route path=path!("") view=YouthHome/>
                    <Route path=path!("dossier") view=Youth::File/>
                    <Route path=path!("plan") view=Youth::Plan/>
                    <Route path=path!("heures") view=Youth::Hours/>
                    // Last: `rendez-vous` and `ateliers`.
                    <Route path=path!(":page") view=Youth::Pages/>
                </ParentRoute>
                <ParentRoute path=path!("/partenaire") view=PartnerShell>
                    <Route path=path!("") view=Partner::Home/>
                    <Route path=path!("offres/:id") view=Partner::Pages/>
                    // Last: `jeunes`, `offres`, `evenements`, `catalogue`, `fiche`.
                    <Route path=path!(":section") view=Partner::Pages/>
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
