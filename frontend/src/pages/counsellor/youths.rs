//! `/conseiller/jeunes` and `/conseiller/jeunes/:id`.

use domain::dto::{AccountStatus, InviteYouth, NewYouth, YouthDetail};
use domain::people::check_birth_date;
use domain::{Operation, Role, YouthId};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::{self, ApiError};
use crate::components::form::{ErrorSummary, submit};
use crate::components::{
    ErrorNotice, FormErrors, Loading, PageTitle, Pager, SubmitButton, TextField,
};
use crate::format;
use crate::session::Session;

const PER_PAGE: u32 = 25;

/// The list of young people, with a form to open a file.
#[component]
pub fn YouthsPage() -> impl IntoView {
    let session = Session::use_context();
    let me = session.me();
    let may_create = me.as_ref().is_some_and(|m| m.may(Operation::CreateYouth));
    let mine = RwSignal::new(me.as_ref().is_some_and(|m| m.role == Role::Conseiller));
    let page = RwSignal::new(1u32);
    let youths = LocalResource::new(move || {
        let (page, mine) = (page.get(), mine.get());
        async move { api::youths::list_youths(session, page, mine).await }
    });
    let total = Signal::derive(move || youths.get().and_then(Result::ok).map_or(0, |p| p.total));
    view! {
        <PageTitle title="Jeunes".to_owned()/>
        <fieldset class="segmented">
            <legend>"Afficher"</legend>
            <span class="choice">
                <input type="radio" id="filtre-mes" name="filtre" checked=move || mine.get()
                    on:change=move |_| { mine.set(true); page.set(1); }/>
                <label for="filtre-mes">"Mes jeunes"</label>
            </span>
            <span class="choice">
                <input type="radio" id="filtre-tous" name="filtre" checked=move || !mine.get()
                    on:change=move |_| { mine.set(false); page.set(1); }/>
                <label for="filtre-tous">"Tous les jeunes de la Mission Locale"</label>
            </span>
        </fieldset>
        {move || match youths.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(err)) => view! { <ErrorNotice error=err/> }.into_any(),
            Some(Ok(list)) if list.items.is_empty() => view! { <p>"Aucun jeune à afficher."</p> }.into_any(),
            Some(Ok(list)) => view! {
                <p aria-live="polite">{format!("{} jeune{} au total", list.total, if list.total > 1 { "s" } else { "" })}</p>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Liste des jeunes">
                    <table>
                        <caption class="visually-hidden">"Jeunes, par nom"</caption>
                        <thead><tr>
                            <th scope="col">"Nom"</th><th scope="col">"Âge"</th>
                            <th scope="col">"Référent·e"</th><th scope="col">"Application"</th>
                        </tr></thead>
                        <tbody>
                            {list.items.into_iter().map(|y| view! {
                                <tr>
                                    <th scope="row"><a href=format!("/conseiller/jeunes/{}", y.id)>{format!("{} {}", y.last_name.to_uppercase(), y.first_name)}</a></th>
                                    <td>{format!("{} ans", y.age)}</td>
                                    <td>{y.counsellor.map(|c| c.full_name()).unwrap_or_else(|| "—".to_owned())}</td>
                                    <td>{format::app_account(y.account_status)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any(),
        }}
        <Pager page total per_page=PER_PAGE/>
        <Show when=move || may_create>
            <NewYouthForm/>
        </Show>
    }
}

#[component]
fn NewYouthForm() -> impl IntoView {
    let session = Session::use_context();
    let navigate = use_navigate();
    let first_name = RwSignal::new(String::new());
    let last_name = RwSignal::new(String::new());
    let birth_date = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let optional =
            |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
        let request = NewYouth {
            first_name: first_name.get_untracked(),
            last_name: last_name.get_untracked(),
            birth_date: birth_date.get_untracked().parse().ok(),
            email: optional(email),
            phone: optional(phone),
        };
        // The same age rule as the server, which needs today's date.
        if let Some(Err(invalid)) = request
            .birth_date
            .map(|d| check_birth_date(d, format::today()))
        {
            errors.show_field("birth_date", invalid.message);
            return;
        }
        let navigate = navigate.clone();
        submit(
            errors,
            set_busy,
            request,
            move |r| async move { api::youths::create_youth(session, &r).await },
            move |created| {
                navigate(
                    &format!("/conseiller/jeunes/{}", created.id),
                    NavigateOptions::default(),
                )
            },
        );
    };
    view! {
        <section class="panel" aria-labelledby="titre-nouveau-dossier">
            <h2 id="titre-nouveau-dossier">"Ouvrir un dossier"</h2>
            <form class="form" on:submit=on_submit novalidate=true>
                <ErrorSummary errors=errors prefix="nouveau-jeune"/>
                <TextField prefix="nouveau-jeune" name="first_name" label="Prénom" value=first_name errors=errors autocomplete="off"/>
                <TextField prefix="nouveau-jeune" name="last_name" label="Nom" value=last_name errors=errors autocomplete="off"/>
                <TextField prefix="nouveau-jeune" name="birth_date" label="Date de naissance" value=birth_date errors=errors kind="date"/>
                <TextField prefix="nouveau-jeune" name="email" label="E-mail" value=email errors=errors kind="email" inputmode="email" required=false
                    hint="Nécessaire pour inviter le jeune à l'application."/>
                <TextField prefix="nouveau-jeune" name="phone" label="Téléphone mobile" value=phone errors=errors kind="tel" inputmode="tel" required=false
                    hint="Par exemple 06 12 34 56 78."/>
                <SubmitButton label="Ouvrir le dossier" busy_label="Enregistrement…" busy=busy/>
            </form>
        </section>
    }
}

/// One young person's file (each opening is written to the access log).
#[component]
pub fn YouthPage() -> impl IntoView {
    let session = Session::use_context();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<YouthId>().ok()));
    let version = RwSignal::new(0u32);
    // Kept here: the file is fetched again after an invitation, which rebuilds the form.
    let sent = RwSignal::new(None::<String>);
    let youth = LocalResource::new(move || {
        let (id, _) = (id(), version.get());
        async move {
            match id {
                Some(id) => api::youths::get_youth(session, id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <p><a href="/conseiller/jeunes">"← Retour à la liste des jeunes"</a></p>
        {move || match youth.get() {
            None => view! { <PageTitle title="Dossier".to_owned()/><Loading/> }.into_any(),
            Some(Ok(Some(detail))) => view! { <YouthFile detail version sent/> }.into_any(),
            Some(Ok(None)) | Some(Err(ApiError::Http { status: 404, .. })) => view! {
                <PageTitle title="Dossier introuvable".to_owned()/>
                <p>"Ce dossier n'existe pas ou n'est pas accessible avec votre compte."</p>
            }.into_any(),
            Some(Err(err)) => view! { <PageTitle title="Dossier".to_owned()/><ErrorNotice error=err/> }.into_any(),
        }}
    }
}

#[component]
fn YouthFile(
    detail: YouthDetail,
    version: RwSignal<u32>,
    sent: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = Session::use_context();
    let may_invite = session.me().is_some_and(|m| m.may(Operation::InviteYouth))
        && detail.account_status != Some(AccountStatus::Active);
    let title = format!("{} {}", detail.first_name, detail.last_name);
    view! {
        <PageTitle title=title/>
        <dl class="facts">
            <dt>"Date de naissance"</dt><dd>{format!("{} ({} ans)", format::date(detail.birth_date), detail.age)}</dd>
            <dt>"E-mail"</dt><dd>{detail.email.clone().unwrap_or_else(|| "Non renseigné".to_owned())}</dd>
            <dt>"Téléphone"</dt><dd>{detail.phone.as_deref().map(format::phone).unwrap_or_else(|| "Non renseigné".to_owned())}</dd>
            <dt>"Référent·e"</dt><dd>{detail.counsellor.as_ref().map(|c| c.full_name()).unwrap_or_else(|| "Non désigné".to_owned())}</dd>
            <dt>"Dossier ouvert le"</dt><dd>{format::date(detail.created_at.date_naive())}</dd>
            <dt>"Application"</dt><dd>{format::app_account(detail.account_status)}</dd>
        </dl>
        <Show when=move || may_invite>
            <InviteYouthForm id=detail.id email=detail.email.clone().unwrap_or_default() version sent/>
        </Show>
    }
}

#[component]
fn InviteYouthForm(
    id: YouthId,
    email: String,
    version: RwSignal<u32>,
    sent: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = Session::use_context();
    let email = RwSignal::new(email);
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = InviteYouth {
            email: Some(email.get_untracked()).filter(|e| !e.trim().is_empty()),
        };
        submit(
            errors,
            set_busy,
            request,
            move |r| async move { api::youths::invite_youth(session, id, &r).await },
            move |done| {
                sent.set(Some(format!(
                    "Invitation envoyée à {}. Le lien est valable jusqu'au {}.",
                    done.email,
                    format::date(done.expires_at.date_naive())
                )));
                version.update(|v| *v += 1);
            },
        );
    };
    view! {
        <section class="panel" aria-labelledby="titre-invitation">
            <h2 id="titre-invitation">"Inviter à l'application"</h2>
            <p>"Le jeune reçoit un lien par e-mail pour créer son mot de passe et suivre son parcours sur son téléphone."</p>
            {move || sent.get().map(|m| view! { <div class="notice notice-success" role="status"><p>{m}</p></div> })}
            <form class="form" on:submit=on_submit novalidate=true>
                <ErrorSummary errors=errors prefix="invitation-jeune"/>
                <TextField prefix="invitation-jeune" name="email" label="E-mail du jeune" value=email errors=errors kind="email" inputmode="email"/>
                <SubmitButton label="Envoyer l'invitation" busy_label="Envoi…" busy=busy/>
            </form>
        </section>
    }
}
