//! `/connexion`.

use domain::dto::LoginRequest;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::components::form::{ErrorSummary, submit};
use crate::components::{FormErrors, PageTitle, PasswordField, SubmitButton, TextField};
use crate::session::Session;

/// The login form.
#[component]
pub fn LoginPage() -> impl IntoView {
    let session = Session::use_context();
    let navigate = use_navigate();
    let query = use_query_map();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);

    Effect::new(move |_| {
        if let Some(me) = session.me() {
            let requested = query.with_untracked(|q| q.get("retour"));
            navigate(
                &me.landing_path(requested.as_deref()),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    let reset_done = move || query.with(|q| q.get("reinitialise").is_some());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = LoginRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
        };
        submit(
            errors,
            set_busy,
            request,
            |r| async move { api::auth::open_session(&r).await },
            move |opened| session.start(opened),
        );
    };

    view! {
        <main id="contenu" class="page narrow">
            <PageTitle title="Connexion".to_owned()/>
            <Show when=reset_done>
                <div class="notice notice-success" role="status">
                    <p>"Votre mot de passe a été changé. Connectez-vous avec le nouveau."</p>
                </div>
            </Show>
            <form class="form" on:submit=on_submit novalidate=true>
                <ErrorSummary errors=errors prefix="connexion"/>
                <TextField prefix="connexion" name="email" label="Adresse e-mail" value=email errors=errors
                    kind="email" autocomplete="username" inputmode="email"/>
                <PasswordField prefix="connexion" name="password" label="Mot de passe" value=password errors=errors
                    autocomplete="current-password"/>
                <SubmitButton label="Se connecter" busy_label="Connexion…" busy=busy/>
            </form>
            <p><a href="/mot-de-passe-oublie">"Mot de passe oublié ?"</a></p>
            <p class="small">"Pas encore de compte ? Votre Mission Locale vous envoie une invitation par e-mail."</p>
            <p>"Pas encore inscrit·e à la Mission Locale ? "<a href="/inscription">"Je m'inscris en ligne"</a></p>
        </main>
    }
}
