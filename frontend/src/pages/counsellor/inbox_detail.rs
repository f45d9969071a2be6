//! `/conseiller/accueil/:id`: one pre-registration, its duplicate candidates, and the actions
//! of reception: change the status, create the file or attach the request to an existing one.

use domain::YouthId;
use domain::dto::{
    DuplicateCandidate, PreRegistrationDetail, PreRegistrationEvent, PreRegistrationStatusChange,
    RegisterPreRegistration,
};
use domain::file::{FileField, PreRegistrationStatus, YouthFileData};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;

use super::inbox::{Promise, since};
use crate::api::{self, ApiError};
use crate::components::choices::{is_empty_value, value_text};
use crate::components::{ErrorNotice, Fetched, Loading, PageTitle};
use crate::format;
use crate::session::Session;

/// The page of one request.
#[component]
pub fn InboxDetailPage() -> impl IntoView {
    let session = Session::use_context();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<Uuid>().ok()));
    let shown = RwSignal::new(None::<PreRegistrationDetail>);
    let request = Fetched::new(move || {
        let id = id();
        async move {
            match id {
                Some(id) => api::preregistrations::detail(session, id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(Some(detail))) = request.get() {
            shown.set(Some(detail));
        }
    });
    // Drawn once the request is there; later states update it in place.
    let loaded = Memo::new(move |_| shown.with(Option::is_some));
    view! {
        <p><a href="/conseiller/accueil">"← Retour aux pré-inscriptions"</a></p>
        {move || match (request.get(), loaded.get()) {
            (_, true) => view! { <Request shown/> }.into_any(),
            (None, _) | (Some(Ok(Some(_))), _) => view! { <PageTitle title="Pré-inscription".to_owned()/><Loading/> }.into_any(),
            (Some(Ok(None)), _) | (Some(Err(ApiError::Http { status: 404, .. })), _) => view! {
                <PageTitle title="Demande introuvable".to_owned()/>
                <p>"Cette pré-inscription n'existe pas ou n'est pas accessible avec votre compte."</p>
            }.into_any(),
            (Some(Err(err)), _) => view! { <PageTitle title="Pré-inscription".to_owned()/><ErrorNotice error=err/> }.into_any(),
        }}
    }
}

#[component]
fn Request(shown: RwSignal<Option<PreRegistrationDetail>>) -> impl IntoView {
    let summary = move || shown.with(|d| d.as_ref().map(|d| d.summary.clone()));
    let title = Signal::derive(move || summary().map(|s| s.full_name).unwrap_or_default());
    let error = RwSignal::new(None::<ApiError>);
    view! {
        <PageTitle title/>
        {move || summary().map(|s| {
            let status_line = match &s.status_by {
                Some(by) => format!("{} (le {}, par {by})", s.status.label(), format::date_time(s.status_at)),
                None => s.status.label().to_owned(),
            };
            let elsewhere = s.out_of_territory.then(|| {
                let text = match &s.covering_structure_name {
                    Some(name) => format!("Hors territoire : la commune relève de {name}. Orientez le jeune vers cette Mission Locale (statut « Réorientée »)."),
                    None => "Hors territoire : la commune n'est pas couverte par votre Mission Locale. Orientez le jeune (statut « Réorientée »).".to_owned(),
                };
                view! { <div class="notice notice-warning"><p>{text}</p></div> }
            });
            view! {
                <dl class="facts">
                    <dt>"Référence"</dt><dd>{s.reference.clone()}</dd>
                    <dt>"Reçue"</dt><dd>{format!("le {} ({})", format::date_time(s.received_at), since(s.received_at))}</dd>
                    <dt>"À rappeler avant le"</dt><dd>{format::date_time(s.callback_due)}" "<Promise summary=s.clone()/></dd>
                    <dt>"Statut"</dt><dd>{status_line}</dd>
                    <dt>"Téléphone"</dt><dd>{match s.mobile.clone() {
                        Some(m) => view! { <a href=format!("tel:{m}")>{format::phone(&m)}</a> }.into_any(),
                        None => view! { "Non renseigné" }.into_any(),
                    }}</dd>
                    <dt>"Âge"</dt><dd>{s.age.map_or_else(|| "—".to_owned(), |a| format!("{a} ans"))}</dd>
                    <dt>"Commune"</dt><dd>{s.commune_name.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                </dl>
                {elsewhere}
                {s.youth_id.map(|y| view! {
                    <p><a class="button button-secondary" href=format!("/conseiller/jeunes/{y}")>"Voir le dossier du jeune"</a></p>
                })}
            }
        })}
        {move || error.get().map(|err| view! { <ErrorNotice error=err/> })}
        <StatusActions shown error/>
        <Candidates shown error/>
        <Entered shown/>
        <History shown/>
    }
}

/// The status buttons allowed from the current status, with an optional note.
#[component]
fn StatusActions(
    shown: RwSignal<Option<PreRegistrationDetail>>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let session = Session::use_context();
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    let current = move || shown.with(|d| d.as_ref().map(|d| (d.summary.id, d.summary.status)));
    let change = move |next: PreRegistrationStatus| {
        let Some((id, _)) = current() else { return };
        let body = PreRegistrationStatusChange {
            status: next,
            note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
        };
        busy.set(true);
        error.set(None);
        done.set(None);
        leptos::task::spawn_local(async move {
            match api::preregistrations::change_status(session, id, &body).await {
                Ok(detail) => {
                    done.set(Some(format!("Statut changé : {}.", next.label())));
                    note.set(String::new());
                    shown.set(Some(detail));
                }
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };
    let allowed = move || {
        current().map_or_else(Vec::new, |(_, status)| {
            PreRegistrationStatus::ALL
                .iter()
                .copied()
                .filter(|next| status.can_move_to(*next))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="panel" aria-labelledby="titre-statut">
            <h2 id="titre-statut">"Suivi de la demande"</h2>
            {move || done.get().map(|m| view! { <div class="notice notice-success" role="status"><p>{m}</p></div> })}
            <Show when=move || !allowed().is_empty() fallback=|| view! { <p>"Cette demande est close."</p> }>
                <div class="field">
                    <label for="statut-note">"Note " <span class="optional">"(facultatif)"</span></label>
                    <p class="hint" id="statut-note-aide">"Par exemple : rappel prévu demain matin, ou la Mission Locale vers laquelle le jeune est orienté."</p>
                    <textarea id="statut-note" rows="2" maxlength="500" aria-describedby="statut-note-aide" bind:value=note></textarea>
                </div>
                <div class="actions">
                    {move || allowed().into_iter().map(|next| view! {
                        <button type="button" class="button button-secondary" disabled=move || busy.get()
                            on:click=move |_| change(next)>
                            {format!("Passer à « {} »", next.label())}
                        </button>
                    }).collect_view()}
                </div>
            </Show>
        </section>
    }
}

/// Files that may be the same person, and the two ways to register the request.
#[component]
fn Candidates(
    shown: RwSignal<Option<PreRegistrationDetail>>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let session = Session::use_context();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let register = move |youth_id: Option<YouthId>| {
        let Some(id) = shown.with_untracked(|d| d.as_ref().map(|d| d.summary.id)) else {
            return;
        };
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let body = RegisterPreRegistration { youth_id };
            match api::preregistrations::register(session, id, &body).await {
                Ok(youth) => navigate(
                    &format!("/conseiller/jeunes/{}", youth.id),
                    NavigateOptions::default(),
                ),
                Err(err) => {
                    error.set(Some(err));
                    busy.set(false);
                }
            }
        });
    };
    let register = StoredValue::new(register);
    let open = move || {
        shown.with(|d| {
            d.as_ref()
                .is_some_and(|d| d.summary.status.can_register() && d.summary.youth_id.is_none())
        })
    };
    let candidates =
        move || shown.with(|d| d.as_ref().map(|d| d.candidates.clone()).unwrap_or_default());
    view! {
        <section class="panel" aria-labelledby="titre-doublons">
            <h2 id="titre-doublons">"Dossiers existants qui ressemblent"</h2>
            {move || {
                let list = candidates();
                if list.is_empty() {
                    view! { <p>"Aucun dossier existant ne ressemble à cette personne."</p> }.into_any()
                } else {
                    view! {
                        <ul class="candidates">
                            {list.into_iter().map(|c| view! {
                                <Candidate c open=Signal::derive(open) busy
                                    on_attach=Callback::new(move |youth_id| register.with_value(|r| r(Some(youth_id))))/>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            <Show when=open>
                <p>"Si aucun de ces dossiers n'est celui du jeune, ouvrez-lui un nouveau dossier avec ce qu'il a saisi."</p>
                <button type="button" class="button" disabled=move || busy.get()
                    on:click=move |_| register.with_value(|r| r(None))>
                    "Créer le dossier"
                </button>
            </Show>
        </section>
    }
}

#[component]
fn Candidate(
    c: DuplicateCandidate,
    open: Signal<bool>,
    busy: RwSignal<bool>,
    on_attach: Callback<YouthId>,
) -> impl IntoView {
    let y = c.youth;
    let name = format!("{} {}", y.first_name, y.last_name.to_uppercase());
    let attach_label = format!("Rattacher à ce dossier ({name})");
    let id = y.id;
    view! {
        <li class="card">
            <p><a href=format!("/conseiller/jeunes/{id}")><strong>{name}</strong></a></p>
            <p>{format!("Né·e le {} ({} ans) · ressemblance {} %", format::date(y.birth_date), y.age, c.assessment.score)}</p>
            <ul class="list">
                {c.assessment.reasons.iter().map(|r| view! { <li>{r.label()}</li> }).collect_view()}
            </ul>
            <Show when=move || open.get()>
                <button type="button" class="button button-secondary" disabled=move || busy.get()
                    aria-label=attach_label.clone() on:click=move |_| on_attach.run(id)>
                    "Rattacher à ce dossier"
                </button>
            </Show>
        </li>
    }
}

/// What the young person typed, in French.
#[component]
fn Entered(shown: RwSignal<Option<PreRegistrationDetail>>) -> impl IntoView {
    let birth_commune = Fetched::new(move || {
        let code = shown.with(|d| d.as_ref().and_then(|d| d.data.birth_commune.clone()));
        async move {
            let code = code?;
            let found = api::reference::search_communes(&code).await.ok()?;
            found
                .into_iter()
                .find(|c| c.insee == code)
                .map(|c| format!("{} ({})", c.name, c.departement))
        }
    });
    move || {
        shown.with(|d| {
            d.as_ref().map(|d| {
                let birth = birth_commune.get().flatten();
                let rows = entered_rows(&d.data, d.summary.commune_name.as_deref(), birth.as_deref());
                view! {
                    <section aria-labelledby="titre-saisie">
                        <h2 id="titre-saisie">"Ce que le jeune a saisi"</h2>
                        <dl class="facts">
                            {rows.into_iter().map(|(label, text)| view! { <dt>{label}</dt><dd>{text}</dd> }).collect_view()}
                        </dl>
                    </section>
                }
            })
        })
    }
}

/// (label, value) of every field the young person filled in.
fn entered_rows(
    data: &YouthFileData,
    commune_name: Option<&str>,
    birth_commune_name: Option<&str>,
) -> Vec<(&'static str, String)> {
    FileField::ALL
        .iter()
        .filter(|f| **f != FileField::Documents && !is_empty_value(&f.get(data)))
        .map(|f| {
            (
                f.label(),
                value_text(*f, data, commune_name, birth_commune_name),
            )
        })
        .collect()
}

/// The status changes, oldest first.
#[component]
fn History(shown: RwSignal<Option<PreRegistrationDetail>>) -> impl IntoView {
    let events = move || shown.with(|d| d.as_ref().map(|d| d.events.clone()).unwrap_or_default());
    view! {
        <section aria-labelledby="titre-historique">
            <h2 id="titre-historique">"Historique"</h2>
            <ol class="list">
                {move || events().into_iter().map(|e| view! { <li>{event_text(&e)}</li> }).collect_view()}
            </ol>
        </section>
    }
}

fn event_text(e: &PreRegistrationEvent) -> String {
    let who = match &e.by {
        Some(name) => format!("par {name}"),
        None => "envoyée en ligne par le jeune".to_owned(),
    };
    let mut text = format!(
        "{} — le {}, {who}",
        e.status.label(),
        format::date_time(e.at)
    );
    if let Some(note) = e.note.as_deref().filter(|n| !n.is_empty()) {
        text.push_str(&format!(" : « {note} »"));
    }
    text
}
