//! `/conseiller/partenaires` and `/conseiller/partenaires/:id`.

use domain::dto::{InvitePartnerUser, PartnerDetail};
use domain::{Operation, PartnerId};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::form::{ErrorSummary, submit};
use crate::components::{
    ErrorNotice, Fetched, FormErrors, Loading, PageTitle, Pager, SubmitButton, TextField,
};
use crate::format;
use crate::session::Session;

/// The partners list.
#[component]
pub fn PartnersPage() -> impl IntoView {
    let session = Session::use_context();
    let page = RwSignal::new(1u32);
    let partners = Fetched::new(move || {
        let page = page.get();
        async move { api::partners::list_partners(session, page).await }
    });
    let total = Signal::derive(move || partners.get().and_then(Result::ok).map_or(0, |p| p.total));
    view! {
        <PageTitle title="Partenaires".to_owned()/>
        {move || match partners.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(err)) => view! { <ErrorNotice error=err/> }.into_any(),
            Some(Ok(list)) if list.items.is_empty() => view! { <p>"Aucun partenaire enregistré."</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="list">
                    {list.items.into_iter().map(|p| view! {
                        <li><a href=format!("/conseiller/partenaires/{}", p.id)>{p.name}</a>" — "{p.kind.label()}</li>
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
        <Pager page total per_page=25/>
    }
}

/// One partner organisation.
#[component]
pub fn PartnerPage() -> impl IntoView {
    let session = Session::use_context();
    let params = use_params_map();
    let version = RwSignal::new(0u32);
    // Kept here: the record is fetched again after an invitation, which rebuilds the form.
    let sent = RwSignal::new(None::<String>);
    let partner = Fetched::new(move || {
        let id = params.with(|p| p.get("id").and_then(|id| id.parse::<PartnerId>().ok()));
        version.track();
        async move {
            match id {
                Some(id) => api::partners::get_partner(session, id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <p><a href="/conseiller/partenaires">"← Retour aux partenaires"</a></p>
        {move || match partner.get() {
            None => view! { <PageTitle title="Partenaire".to_owned()/><Loading/> }.into_any(),
            Some(Ok(Some(detail))) => {
                let id = detail.id;
                view! { <PartnerCard detail/><InviteSection version sent partner_id=id/> }.into_any()
            }
            Some(Ok(None)) | Some(Err(ApiError::Http { status: 404, .. })) => view! {
                <PageTitle title="Partenaire introuvable".to_owned()/>
                <p>"Ce partenaire n'existe pas ou n'est pas accessible avec votre compte."</p>
            }.into_any(),
            Some(Err(err)) => view! { <PageTitle title="Partenaire".to_owned()/><ErrorNotice error=err/> }.into_any(),
        }}
    }
}

/// The organisation's record and users (also shown on the partner portal).
#[component]
pub fn PartnerCard(detail: PartnerDetail) -> impl IntoView {
    view! {
        <PageTitle title=detail.name.clone()/>
        <dl class="facts">
            <dt>"Type"</dt><dd>{detail.kind.label()}</dd>
            <dt>"SIRET"</dt><dd>{detail.siret.clone().unwrap_or_else(|| "Non renseigné".to_owned())}</dd>
            <dt>"E-mail"</dt><dd>{detail.email.clone().unwrap_or_else(|| "Non renseigné".to_owned())}</dd>
            <dt>"Téléphone"</dt><dd>{detail.phone.as_deref().map(format::phone).unwrap_or_else(|| "Non renseigné".to_owned())}</dd>
        </dl>
        <h2>"Utilisateurs du portail"</h2>
        <ul class="list">
            {detail.users.into_iter().map(|u| view! {
                <li>{format!("{} {}", u.first_name, u.last_name)}" — "{u.email}" ("{u.status.label()}")"</li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn InviteSection(
    version: RwSignal<u32>,
    sent: RwSignal<Option<String>>,
    partner_id: PartnerId,
) -> impl IntoView {
    let session = Session::use_context();
    let may = session
        .me()
        .is_some_and(|m| m.may(Operation::InvitePartnerUser));
    let first_name = RwSignal::new(String::new());
    let last_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = InvitePartnerUser {
            first_name: first_name.get_untracked(),
            last_name: last_name.get_untracked(),
            email: email.get_untracked(),
        };
        submit(
            errors,
            set_busy,
            request,
            move |r| async move { api::partners::invite_partner_user(session, partner_id, &r).await },
            move |user| {
                sent.set(Some(format!("Invitation envoyée à {}.", user.email)));
                version.update(|v| *v += 1);
            },
        );
    };
    view! {
        <Show when=move || may>
            <section class="panel" aria-labelledby="titre-inviter-partenaire">
                <h2 id="titre-inviter-partenaire">"Inviter un utilisateur du partenaire"</h2>
                {move || sent.get().map(|m| view! { <div class="notice notice-success" role="status"><p>{m}</p></div> })}
                <form class="form" on:submit=on_submit novalidate=true>
                    <ErrorSummary errors=errors prefix="partenaire"/>
                    <TextField prefix="partenaire" name="first_name" label="Prénom" value=first_name errors=errors/>
                    <TextField prefix="partenaire" name="last_name" label="Nom" value=last_name errors=errors/>
                    <TextField prefix="partenaire" name="email" label="E-mail" value=email errors=errors kind="email" inputmode="email"/>
                    <SubmitButton label="Envoyer l'invitation" busy_label="Envoi…" busy=busy/>
                </form>
            </section>
        </Show>
    }
}
