//! `/invitation#<token>`: activate an account from an e-mailed invitation.

use domain::ErrorCode;
use domain::dto::{AcceptInvitation, InvitationView};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use validator::Validate;

use crate::api::{self, ApiError};
use crate::components::form::{ErrorSummary, confirmation_matches, submit};
use crate::components::{Fetched, FormErrors, Loading, PageTitle, PasswordField, SubmitButton};
use crate::pages::password::{PASSWORD_HINT, link_token};
use crate::session::Session;

const INVALID_LINK: &str = "Ce lien d'invitation n'est pas valide. Vérifiez que vous avez ouvert le lien de l'e-mail en entier.";

/// The invitation page.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let token = link_token();
    let lookup = {
        let token = token.clone();
        Fetched::new(move || {
            let token = token.clone();
            async move {
                if token.is_empty() {
                    return Err(ApiError::Network);
                }
                api::auth::inspect_invitation(&token).await
            }
        })
    };
    let token = StoredValue::new(token);
    view! {
        <main id="contenu" class="page narrow">
            {move || match lookup.get() {
                None => view! { <PageTitle title="Invitation".to_owned()/><Loading/> }.into_any(),
                Some(Ok(invitation)) => view! { <AcceptForm invitation token=token.get_value()/> }.into_any(),
                Some(Err(err)) => {
                    let text = match err.code() {
                        _ if token.get_value().is_empty() => INVALID_LINK,
                        Some(ErrorCode::LinkExpired) => "Ce lien d'invitation a expiré ou a déjà servi. Demandez à votre Mission Locale de vous envoyer une nouvelle invitation.",
                        Some(ErrorCode::NotFound | ErrorCode::ValidationFailed) => INVALID_LINK,
                        _ => "Impossible de vérifier l'invitation pour le moment. Vérifiez votre connexion, puis réessayez.",
                    };
                    view! {
                        <PageTitle title="Invitation".to_owned()/>
                        <div class="notice notice-error" role="alert"><p>{text}</p></div>
                        <p><a href="/connexion">"Aller à la connexion"</a></p>
                    }.into_any()
                }
            }}
        </main>
    }
}

#[component]
fn AcceptForm(invitation: InvitationView, token: String) -> impl IntoView {
    let session = Session::use_context();
    let navigate = use_navigate();
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let title = format!("Bienvenue, {}", invitation.first_name);
    let intro = match &invitation.partner_name {
        Some(partner) => format!(
            "{} vous invite sur Passerelle pour {}.",
            invitation.structure_name, partner
        ),
        None => format!("{} vous invite sur Passerelle.", invitation.structure_name),
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = AcceptInvitation {
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
            |r| async move { api::auth::accept_invitation(&r).await },
            move |opened| {
                let home = opened.account.face.home_path();
                session.start(opened);
                navigate(
                    home,
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            },
        );
    };
    view! {
        <PageTitle title=title/>
        <p>{intro}</p>
        <p>"Votre identifiant de connexion sera "<strong>{invitation.email.clone()}</strong>". Choisissez votre mot de passe pour activer votre compte."</p>
        <form class="form" on:submit=on_submit novalidate=true>
            <ErrorSummary errors=errors prefix="invitation"/>
            <PasswordField prefix="invitation" name="password" label="Mot de passe" value=password errors=errors
                autocomplete="new-password" hint=PASSWORD_HINT/>
            <PasswordField prefix="invitation" name="password_confirmation" label="Confirmez le mot de passe"
                value=confirmation errors=errors autocomplete="new-password"/>
            <SubmitButton label="Activer mon compte" busy_label="Activation…" busy=busy/>
        </form>
        <p class="small">"Vos données sont traitées par votre Mission Locale pour vous accompagner (mission de service public). Vous pouvez y accéder et les faire corriger à tout moment auprès d'elle."</p>
    }
}
