//! `/conseiller/structure`: the Mission Locale, its sites and its communes.

use domain::Operation;
use domain::dto::{FileSettings, NewCoveredCommune, NewSite, StructureDetail};
use domain::file::{FileField, FileSection};
use leptos::prelude::*;

use super::html;
use crate::api;
use crate::components::form::{ErrorSummary, submit};
use crate::components::{
    ErrorNotice, Fetched, FormErrors, Loading, PageTitle, SubmitButton, TextField,
};
use crate::session::Session;

/// The structure page; administrators can add sites and communes.
#[component]
pub fn StructurePage() -> impl IntoView {
    let session = Session::use_context();
    let version = RwSignal::new(0u32);
    let structure = Fetched::new(move || {
        version.track();
        let id = session.me().map(|m| m.structure.id);
        async move {
            match id {
                Some(id) => api::structures::get_structure(session, id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let may_manage = session
        .me()
        .is_some_and(|m| m.may(Operation::ManageStructure));
    let may_settings = session
        .me()
        .is_some_and(|m| m.may(Operation::ManageFileSettings));
    let may_agenda = session
        .me()
        .is_some_and(|m| m.may(Operation::ManageAgendaSettings));
    view! {
        {move || match structure.get() {
            None | Some(Ok(None)) => view! { <PageTitle title="Ma Mission Locale".to_owned()/><Loading/> }.into_any(),
            Some(Err(err)) => view! { <PageTitle title="Ma Mission Locale".to_owned()/><ErrorNotice error=err/> }.into_any(),
            Some(Ok(Some(detail))) => view! { <StructureView detail/> }.into_any(),
        }}
        <Show when=move || may_manage>
            <AddSiteForm version/>
            <AddCommuneForm version/>
        </Show>
        {may_settings.then(|| view! { <FileSettingsForm/> })}
        {may_agenda.then(|| view! { <super::agenda_settings::AgendaSettingsForm/> })}
    }
}

/// "Champs modifiables par les jeunes": what young people may change themselves in the app.
#[component]
fn FileSettingsForm() -> impl IntoView {
    let session = Session::use_context();
    let version = RwSignal::new(0u32);
    let settings = html::fetch(false, move || {
        version.track();
        async move { api::youths::file_settings(session).await }
    });
    let saved = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = StoredValue::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((_, values)) = html::form_of(&ev) else {
            return;
        };
        if busy.get_value() {
            return;
        }
        let body = FileSettings {
            youth_editable: values
                .get("champs")
                .into_iter()
                .flatten()
                .filter_map(|c| FileField::from_code(c))
                .collect(),
        };
        busy.set_value(true);
        leptos::task::spawn_local(async move {
            match api::youths::save_file_settings(session, &body).await {
                Ok(s) => {
                    let n = s.youth_editable.len();
                    error.set(None);
                    saved.set(Some(format!(
                        "Enregistré : les jeunes peuvent modifier {n} information{}.",
                        html::plural(n)
                    )));
                    version.update(|v| *v += 1);
                }
                Err(err) => error.set(Some(err.message())),
            }
            busy.set_value(false);
        });
    };
    let form = move || match settings.get() {
        None => r#"<p class="loading" role="status">Chargement…</p>"#.to_owned(),
        Some(Err(err)) => html::notice("error", &err.message()),
        Some(Ok(settings)) => {
            let mut out = error
                .get()
                .map(|e| html::notice("error", &e))
                .unwrap_or_default();
            out.push_str(r#"<form class="form" novalidate>"#);
            for section in FileSection::ALL {
                out.push_str(&format!(
                    r#"<fieldset class="field group"><legend>{}</legend>"#,
                    section.label()
                ));
                for field in FileField::ALL.iter().filter(|f| f.section() == *section) {
                    out.push_str(&html::checkbox(
                        &format!("modifiable-{}", field.code()),
                        "champs",
                        field.code(),
                        field.label(),
                        settings.youth_editable.contains(field),
                    ));
                }
                out.push_str("</fieldset>");
            }
            out.push_str(r#"<button type="submit" class="button">Enregistrer les champs modifiables</button></form>"#);
            out
        }
    };
    view! {
        <section class="panel" aria-labelledby="titre-champs-jeunes">
            <h2 id="titre-champs-jeunes">"Champs modifiables par les jeunes"</h2>
            <p>"Les informations que les jeunes peuvent corriger eux-mêmes dans l'application. Leurs changements restent à confirmer par l'équipe."</p>
            <div role="status">{move || saved.get().map(|m| view! { <p class="notice notice-success">{m}</p> })}</div>
            <div on:submit=on_submit inner_html=form></div>
        </section>
    }
}

/// The structure's record, sites and communes (also used by the youth app).
#[component]
pub fn StructureView(detail: StructureDetail) -> impl IntoView {
    let site_name = {
        let sites = detail.sites.clone();
        move |id: Option<domain::SiteId>| {
            id.and_then(|id| sites.iter().find(|s| s.id == id))
                .map_or_else(|| "—".to_owned(), |s| s.name.clone())
        }
    };
    view! {
        <PageTitle title=detail.name.clone()/>
        <p>{detail.email.clone().map(|e| format!("Contact : {e}"))}</p>
        <h2>"Sites d'accueil"</h2>
        <ul class="list">
            {detail.sites.iter().map(|s| view! {
                <li><strong>{s.name.clone()}</strong><br/>{format!("{}, {} {}", s.address, s.postal_code, s.commune_name)}</li>
            }).collect_view()}
        </ul>
        <h2>"Communes couvertes"</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Communes couvertes">
            <table>
                <caption class="visually-hidden">"Communes couvertes, avec leur site d'accueil"</caption>
                <thead><tr><th scope="col">"Commune"</th><th scope="col">"Code postal"</th><th scope="col">"Code INSEE"</th><th scope="col">"Site"</th></tr></thead>
                <tbody>
                    {detail.communes.into_iter().map(|c| view! {
                        <tr><th scope="row">{c.name}</th><td>{c.postal_code}</td><td>{c.insee_code}</td><td>{site_name(c.site_id)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn AddSiteForm(version: RwSignal<u32>) -> impl IntoView {
    let session = Session::use_context();
    let name = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let postal_code = RwSignal::new(String::new());
    let commune_name = RwSignal::new(String::new());
    let commune_insee = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = session.me().map(|m| m.structure.id) else {
            return;
        };
        let request = NewSite {
            name: name.get_untracked(),
            address: address.get_untracked(),
            postal_code: postal_code.get_untracked(),
            commune_name: commune_name.get_untracked(),
            commune_insee: commune_insee.get_untracked(),
            phone: Some(phone.get_untracked()).filter(|p| !p.trim().is_empty()),
        };
        submit(
            errors,
            set_busy,
            request,
            move |r| async move { api::structures::create_site(session, id, &r).await },
            move |_| {
                for field in [
                    name,
                    address,
                    postal_code,
                    commune_name,
                    commune_insee,
                    phone,
                ] {
                    field.set(String::new());
                }
                version.update(|v| *v += 1);
            },
        );
    };
    view! {
        <section class="panel" aria-labelledby="titre-ajout-site">
            <h2 id="titre-ajout-site">"Ajouter un site d'accueil"</h2>
            <form class="form" on:submit=on_submit novalidate=true>
                <ErrorSummary errors=errors prefix="site"/>
                <TextField prefix="site" name="name" label="Nom du site" value=name errors=errors/>
                <TextField prefix="site" name="address" label="Adresse" value=address errors=errors autocomplete="street-address"/>
                <TextField prefix="site" name="postal_code" label="Code postal" value=postal_code errors=errors inputmode="numeric"/>
                <TextField prefix="site" name="commune_name" label="Commune" value=commune_name errors=errors/>
                <TextField prefix="site" name="commune_insee" label="Code INSEE de la commune" value=commune_insee errors=errors hint="5 caractères, par exemple 59512."/>
                <TextField prefix="site" name="phone" label="Téléphone" value=phone errors=errors kind="tel" inputmode="tel" required=false/>
                <SubmitButton label="Ajouter le site" busy_label="Enregistrement…" busy=busy/>
            </form>
        </section>
    }
}

#[component]
fn AddCommuneForm(version: RwSignal<u32>) -> impl IntoView {
    let session = Session::use_context();
    let insee_code = RwSignal::new(String::new());
    let postal_code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = session.me().map(|m| m.structure.id) else {
            return;
        };
        let request = NewCoveredCommune {
            insee_code: insee_code.get_untracked(),
            postal_code: postal_code.get_untracked(),
            name: name.get_untracked(),
            site_id: None,
        };
        submit(
            errors,
            set_busy,
            request,
            move |r| async move { api::structures::add_covered_commune(session, id, &r).await },
            move |_| {
                for field in [insee_code, postal_code, name] {
                    field.set(String::new());
                }
                version.update(|v| *v += 1);
            },
        );
    };
    view! {
        <section class="panel" aria-labelledby="titre-ajout-commune">
            <h2 id="titre-ajout-commune">"Ajouter une commune couverte"</h2>
            <form class="form" on:submit=on_submit novalidate=true>
                <ErrorSummary errors=errors prefix="commune"/>
                <TextField prefix="commune" name="name" label="Commune" value=name errors=errors/>
                <TextField prefix="commune" name="postal_code" label="Code postal" value=postal_code errors=errors inputmode="numeric"/>
                <TextField prefix="commune" name="insee_code" label="Code INSEE" value=insee_code errors=errors/>
                <SubmitButton label="Ajouter la commune" busy_label="Enregistrement…" busy=busy/>
            </form>
        </section>
    }
}
