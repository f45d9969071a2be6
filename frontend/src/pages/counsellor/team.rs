//! `/conseiller/equipe`: the staff, and inviting a colleague.

use domain::dto::NewStaffMember;
use domain::{Operation, Role};
use leptos::prelude::*;

use crate::api;
use crate::components::form::{ErrorSummary, submit};
use crate::components::{
    ErrorNotice, Fetched, FormErrors, Loading, PageTitle, SubmitButton, TextField,
};
use crate::session::Session;

/// The team page.
#[component]
pub fn TeamPage() -> impl IntoView {
    let session = Session::use_context();
    let may_invite = session.me().is_some_and(|m| m.may(Operation::InviteStaff));
    let version = RwSignal::new(0u32);
    let staff = Fetched::new(move || {
        version.track();
        async move { api::staff::list_staff(session, 1).await }
    });
    view! {
        <PageTitle title="Équipe".to_owned()/>
        {move || match staff.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(err)) => view! { <ErrorNotice error=err/> }.into_any(),
            Some(Ok(list)) => view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Membres de l'équipe">
                    <table>
                        <caption class="visually-hidden">"Membres de l'équipe"</caption>
                        <thead><tr><th scope="col">"Nom"</th><th scope="col">"Rôle"</th><th scope="col">"E-mail"</th><th scope="col">"Compte"</th></tr></thead>
                        <tbody>
                            {list.items.into_iter().map(|m| view! {
                                <tr>
                                    <th scope="row">{format!("{} {}", m.first_name, m.last_name)}</th>
                                    <td>{m.role.label()}</td>
                                    <td>{m.email}</td>
                                    <td>{m.status.label()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any(),
        }}
        <Show when=move || may_invite>
            <InviteStaffForm version/>
        </Show>
    }
}

#[component]
fn InviteStaffForm(version: RwSignal<u32>) -> impl IntoView {
    let session = Session::use_context();
    let first_name = RwSignal::new(String::new());
    let last_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let role_error = errors.field("role");
    errors.label("role", "Rôle");
    let (busy, set_busy) = signal(false);
    let sent = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = NewStaffMember {
            first_name: first_name.get_untracked(),
            last_name: last_name.get_untracked(),
            email: email.get_untracked(),
            role: Role::parse(&role.get_untracked()),
        };
        submit(
            errors,
            set_busy,
            request,
            move |r| async move { api::staff::invite_staff_member(session, &r).await },
            move |member| {
                sent.set(Some(format!(
                    "Invitation envoyée à {} {}.",
                    member.first_name, member.last_name
                )));
                for field in [first_name, last_name, email, role] {
                    field.set(String::new());
                }
                version.update(|v| *v += 1);
            },
        );
    };
    view! {
        <section class="panel" aria-labelledby="titre-inviter-equipe">
            <h2 id="titre-inviter-equipe">"Inviter un membre de l'équipe"</h2>
            {move || sent.get().map(|m| view! { <div class="notice notice-success" role="status"><p>{m}</p></div> })}
            <form class="form" on:submit=on_submit novalidate=true>
                <ErrorSummary errors=errors prefix="equipe"/>
                <TextField prefix="equipe" name="first_name" label="Prénom" value=first_name errors=errors/>
                <TextField prefix="equipe" name="last_name" label="Nom" value=last_name errors=errors/>
                <TextField prefix="equipe" name="email" label="E-mail professionnel" value=email errors=errors kind="email" inputmode="email"/>
                <div class="field" class:field-invalid=move || role_error.with(Option::is_some)>
                    <label for="equipe-role">"Rôle"</label>
                    <select id="equipe-role" name="role" required=true bind:value=role
                        aria-invalid=move || if role_error.with(Option::is_some) { "true" } else { "false" }
                        aria-describedby=move || role_error.with(Option::is_some).then_some("equipe-role-erreur")>
                        <option value="">"Choisissez un rôle"</option>
                        {Role::STAFF.into_iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                    </select>
                    {move || role_error.get().map(|m| view! { <p class="field-error" id="equipe-role-erreur">{m}</p> })}
                </div>
                <SubmitButton label="Envoyer l'invitation" busy_label="Envoi…" busy=busy/>
            </form>
        </section>
    }
}
