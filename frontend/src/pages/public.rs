//! The landing page and the not-found page.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::components::{Loading, PageTitle};
use crate::session::{Session, SessionState};

/// `/`: sends a logged-in account to its face; otherwise presents Passerelle.
#[component]
pub fn Landing() -> impl IntoView {
    let session = Session::use_context();
    move || {
        match session.state.get() {
        SessionState::Restoring => view! { <Loading/> }.into_any(),
        SessionState::Active(active) => view! { <Redirect path=active.me.face.home_path()/> }.into_any(),
        SessionState::Anonymous | SessionState::Unreachable => view! {
            <main id="contenu" class="page narrow landing">
                <PageTitle title="Bienvenue sur Passerelle".to_owned()/>
                <p class="lead">"Le service numérique des Missions Locales, pour les jeunes de 16 à 25 ans, leurs conseillers et les partenaires."</p>
                <ul class="audiences">
                    <li><strong>"Vous êtes jeune"</strong>" : suivez vos rendez-vous et vos démarches, échangez avec votre conseiller ou conseillère."</li>
                    <li><strong>"Vous travaillez dans une Mission Locale"</strong>" : retrouvez les jeunes que vous accompagnez et votre équipe."</li>
                    <li><strong>"Vous êtes partenaire"</strong>" : gérez votre fiche et suivez les jeunes qui vous sont orientés."</li>
                </ul>
                <section class="panel" aria-labelledby="titre-inscription">
                    <h2 id="titre-inscription">"Vous avez entre 16 et 25 ans ?"</h2>
                    <p>"Inscrivez-vous en quelques minutes, sans créer de compte : la Mission Locale vous rappelle pour un premier rendez-vous."</p>
                    <p><a class="button" href="/inscription">"Je m'inscris en ligne"</a></p>
                </section>
                <p><a class="button button-secondary" href="/connexion">"Se connecter"</a></p>
                <p class="small">"Pas encore de compte ? Votre Mission Locale vous envoie une invitation par e-mail."</p>
            </main>
        }
        .into_any(),
    }
    }
}

/// Any unknown address.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main id="contenu" class="page narrow">
            <PageTitle title="Page introuvable".to_owned()/>
            <p>"Cette adresse ne correspond à aucune page de Passerelle."</p>
            <p><a href="/">"Revenir à l'accueil"</a></p>
        </main>
    }
}
