//! `/mot-de-passe-oublie` and `/mot-de-passe/nouveau#<token>`.

use domain::dto::{PasswordResetConfirm, PasswordResetRequest};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use validator::Validate;

use crate::api;
use crate::components::form::{ErrorSummary, confirmation_matches, submit};
use crate::components::{FormErrors, PageTitle, PasswordField, SubmitButton, TextField};

/// The password policy, in words.
pub const PASSWORD_HINT: &str = "8 caractères au moins, en mélangeant au moins 3 types : \
    minuscules, majuscules, chiffres, caractères spéciaux.";

/// The token carried in the URL fragment of an e-mailed link.
pub fn link_token() -> String {
    window()
        .location()
        .hash()
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_owned()
}

/// Ask for a reset link.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let sent = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = PasswordResetRequest {
            email: email.get_untracked(),
        };
        submit(
            errors,
            set_busy,
            request,
            |r| async move { api::auth::request_password_reset(&r).await },
            move |ack| sent.set(Some(ack.message)),
        );
    };
    view! {
        <main id="contenu" class="page narrow">
            <PageTitle title="Mot de passe oublié".to_owned()/>
            {move || match sent.get() {
                Some(message) => view! {
                    <div class="notice notice-success" role="status"><p>{message}</p></div>
                    <p><a href="/connexion">"Revenir à la connexion"</a></p>
                }.into_any(),
                None => view! {
                    <p>"Indiquez l'adresse e-mail de votre compte : nous vous envoyons un lien pour choisir un nouveau mot de passe."</p>
                    <form class="form" on:submit=on_submit novalidate=true>
                        <ErrorSummary errors=errors prefix="oubli"/>
                        <TextField prefix="oubli" name="email" label="Adresse e-mail" value=email errors=errors
                            kind="email" autocomplete="username" inputmode="email"/>
                        <SubmitButton label="Recevoir le lien" busy_label="Envoi…" busy=busy/>
                    </form>
                    <p><a href="/connexion">"Revenir à la connexion"</a></p>
                }.into_any(),
            }}
        </main>
    }
}

/// Choose a new password with the link's token.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let navigate = use_navigate();
    let token = link_token();
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let missing_token = token.is_empty();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = PasswordResetConfirm {
            token: token.clone(),
            password: password.get_untracked(),
        };
        // The policy first (inside `submit`), then whether both entries agree.
        if request.validate().is_ok()
            && !confirmation_matches(errors, &request.password, &confirmation.get_untracked())
        {
            return;
        }
        let navigate = navigate.clone();
        submit(
            errors,
            set_busy,
            request,
            |r| async move { api::auth::confirm_password_reset(&r).await },
            move |()| {
                navigate(
                    "/connexion?reinitialise=1",
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                )
            },
        );
    };

    view! {
        <main id="contenu" class="page narrow">
            <PageTitle title="Nouveau mot de passe".to_owned()/>
            {if missing_token {
                view! {
                    <div class="notice notice-error" role="alert">
                        <p>"Ce lien est incomplet. Ouvrez le lien reçu par e-mail en entier, ou demandez-en un nouveau."</p>
                    </div>
                    <p><a href="/mot-de-passe-oublie">"Demander un nouveau lien"</a></p>
                }.into_any()
            } else {
                view! {
                    <form class="form" on:submit=on_submit novalidate=true>
                        <ErrorSummary errors=errors prefix="nouveau"/>
                        <PasswordField prefix="nouveau" name="password" label="Nouveau mot de passe" value=password
                            errors=errors autocomplete="new-password" hint=PASSWORD_HINT/>
                        <PasswordField prefix="nouveau" name="password_confirmation" label="Confirmez le mot de passe"
                            value=confirmation errors=errors autocomplete="new-password"/>
                        <SubmitButton label="Enregistrer le mot de passe" busy_label="Enregistrement…" busy=busy/>
                    </form>
                }.into_any()
            }}
        </main>
    }
}
