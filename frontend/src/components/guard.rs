//! Each face of the app admits only its roles.

use domain::Face;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::components::layout::PageTitle;
use crate::session::{Session, SessionState};

/// Shows `children` only to a logged-in account whose role belongs to `face`; sends
/// anonymous visitors to the login page, refuses the other roles, and explains when the
/// server cannot be reached.
#[component]
pub fn FaceGuard(face: Face, children: ChildrenFn) -> impl IntoView {
    let session = Session::use_context();
    let location = use_location();
    let children = StoredValue::new(children);
    move || match session.state.get() {
        SessionState::Restoring => {
            view! { <p class="page-loading" role="status">"Chargement de votre espace…"</p> }
                .into_any()
        }
        SessionState::Unreachable => view! { <Unreachable/> }.into_any(),
        SessionState::Anonymous => {
            // Come back here after login, unless the app is already leaving this face (logout).
            let back = location.pathname.get_untracked();
            let target = if back.starts_with(face.home_path()) {
                format!("/connexion?retour={}", js_sys::encode_uri_component(&back))
            } else {
                "/connexion".to_owned()
            };
            view! { <Redirect path=target/> }.into_any()
        }
        SessionState::Active(active) if face.admits(active.me.role) => {
            children.with_value(|c| c()).into_any()
        }
        SessionState::Active(active) => {
            let home = active.me.face.home_path();
            view! {
                <main id="contenu" class="page narrow">
                    <PageTitle title="Accès refusé".to_owned()/>
                    <p>"Cet espace est réservé à d'autres profils : votre compte n'y a pas accès."</p>
                    <p><a class="button" href=home>"Aller à mon espace"</a></p>
                </main>
            }
            .into_any()
        }
    }
}

/// The server could not be reached while restoring the session.
#[component]
fn Unreachable() -> impl IntoView {
    let session = Session::use_context();
    let network = crate::components::Network::use_context();
    // Try again as soon as the network comes back.
    Effect::new(move |was_online: Option<bool>| {
        let online = network.online.get();
        if online && was_online == Some(false) {
            session.state.set(SessionState::Restoring);
            leptos::task::spawn_local(session.restore());
        }
        online
    });
    let retry = move |_| {
        session.state.set(SessionState::Restoring);
        leptos::task::spawn_local(session.restore());
    };
    view! {
        <main id="contenu" class="page narrow">
            <PageTitle title="Hors connexion".to_owned()/>
            <p>"Passerelle n'arrive pas à joindre le serveur. Vos informations s'afficheront dès que vous serez de nouveau connecté·e à Internet."</p>
            <p><button type="button" class="button" on:click=retry>"Réessayer"</button></p>
        </main>
    }
}
