//! `/jeune`: the youth app's home: their file in a few plain sentences, their Mission Locale,
//! and the download of everything Passerelle holds about them (RGPD right of access).

use domain::YouthId;
use domain::dto::YouthDetail;
use domain::file::{CompletenessItem, FileField};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::{ErrorNotice, Fetched, Loading, Network, PageTitle};
use crate::session::Session;

/// The home of the youth app.
#[component]
pub fn YouthHome() -> impl IntoView {
    let session = Session::use_context();
    let network = Network::use_context();
    let me = session.me();
    let title = me.as_ref().map_or_else(
        || "Mon espace".to_owned(),
        |m| format!("Bonjour {}", m.first_name),
    );
    let structure_id = me.as_ref().map(|m| m.structure.id);
    let youth_id = me.as_ref().and_then(|m| m.youth_id);
    let structure = Fetched::new(move || async move {
        match structure_id {
            Some(id) => api::structures::get_structure(session, id).await.ok(),
            None => None,
        }
    });
    let file = Fetched::new(move || async move {
        match youth_id {
            Some(id) => api::youths::get_youth(session, id).await.ok(),
            None => None,
        }
    });
    view! {
        <PageTitle title=title/>
        <section class="card" aria-labelledby="carte-dossier">
            <h2 id="carte-dossier">"Mon dossier en bref"</h2>
            {move || match file.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Some(detail)) => view! { <Summary detail/> }.into_any(),
                Some(None) => view! { <p>{offline_or_error(network)}</p> }.into_any(),
            }}
        </section>
        <section class="card" aria-labelledby="carte-accompagnement">
            <h2 id="carte-accompagnement">"Mon accompagnement"</h2>
            <ul class="list">
                <li><a href="/jeune/plan">"Mon plan d'action"</a>" : vos objectifs, ce qu'il reste à faire, et votre récapitulatif en PDF."</li>
                <li><a href="/jeune/heures">"Mes heures CEJ"</a>" : vos heures de la semaine, et vos activités à déclarer."</li>
                <li><a href="/jeune/rendez-vous">"Mes rendez-vous"</a>" : prendre, déplacer ou annuler un rendez-vous avec votre conseiller ou conseillère."</li>
                <li><a href="/jeune/ateliers">"Ateliers"</a>" : les ateliers en groupe, pour s'inscrire et donner son avis."</li>
                <li><a href="/jeune/offres">"Offres pour vous"</a>" : des formations, des emplois et des aides près de chez vous, pour postuler et suivre vos candidatures."</li>
            </ul>
        </section>
        <section class="card" aria-labelledby="carte-ml">
            <h2 id="carte-ml">"Ma Mission Locale"</h2>
            {move || match structure.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Some(detail)) => view! {
                    <p><strong>{detail.name.clone()}</strong></p>
                    <ul class="list">
                        {detail.sites.into_iter().map(|s| view! {
                            <li>{s.name}<br/>{format!("{}, {} {}", s.address, s.postal_code, s.commune_name)}</li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Some(None) => view! { <p>{offline_or_error(network)}</p> }.into_any(),
            }}
        </section>
        {youth_id.map(|id| view! { <MyData id/> })}
    }
}

/// "Vous habitez à …", "Votre conseiller : …", and what is still missing.
#[component]
fn Summary(detail: YouthDetail) -> impl IntoView {
    let home = match (&detail.commune_name, &detail.data.postcode) {
        (Some(commune), Some(postcode)) => format!("Vous habitez à {commune} ({postcode})."),
        (Some(commune), None) => format!("Vous habitez à {commune}."),
        _ => "Nous ne savons pas encore où vous habitez.".to_owned(),
    };
    let counsellor = match &detail.counsellor {
        Some(c) => format!("Votre conseiller ou conseillère : {}.", c.full_name()),
        None => "Votre Mission Locale vous attribuera bientôt un conseiller ou une conseillère."
            .to_owned(),
    };
    let mut missing: Vec<(String, bool)> = Vec::new();
    for item in &detail.completeness.items {
        if let Some(text) = missing_text(item) {
            let yourself = item.document.is_none() && detail.youth_editable.contains(&item.field);
            if !missing.iter().any(|(t, _)| *t == text) {
                missing.push((text, yourself));
            }
        }
    }
    let any_yourself = missing.iter().any(|(_, y)| *y);
    let pending = !detail.unconfirmed_fields().is_empty();
    view! {
        <p>{home}</p>
        <p>{counsellor}</p>
        {if missing.is_empty() {
            view! { <p>"Votre dossier est complet. Merci !"</p> }.into_any()
        } else {
            view! {
                <p>"Il manque encore dans votre dossier :"</p>
                <ul class="list">
                    {missing.into_iter().map(|(text, yourself)| view! {
                        <li>{text}{yourself.then_some(" (vous pouvez l'ajouter vous-même)")}</li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {pending.then(|| view! {
            <p class="small">"Votre conseiller ou conseillère va vérifier les changements que vous avez faits."</p>
        })}
        <p><a href="/jeune/dossier">{if any_yourself { "Compléter mon dossier" } else { "Voir mon dossier" }}</a></p>
    }
}

/// A gap of the file, in the young person's words (none for checks the Mission Locale makes).
fn missing_text(item: &CompletenessItem) -> Option<String> {
    use FileField as F;
    if let Some(document) = item.document {
        return Some(format!("un document à apporter : {}", document.label()));
    }
    let text = match item.field {
        F::BirthName | F::FirstNames | F::BirthDate | F::Sex => {
            "votre identité complète (apportez votre pièce d'identité)"
        }
        F::Nationality => "votre nationalité",
        F::Commune | F::Postcode => "votre code postal et votre commune",
        F::Mobile | F::Email => "un numéro de téléphone ou une adresse e-mail pour vous joindre",
        F::BirthCountry => "votre pays de naissance",
        F::BirthCommune => "votre commune de naissance",
        F::AddressLine | F::AddressComplement => "votre adresse (numéro et rue)",
        F::Housing => "où vous êtes logé·e (chez vos parents, dans votre logement…)",
        F::EducationLevel | F::Diploma => "votre niveau d'études",
        F::Situations => "ce que vous faites en ce moment (études, emploi, recherche…)",
        F::Referrer | F::ReferrerName | F::ReferrerContact => "qui vous a conseillé de venir",
        F::Needs => "ce que vous attendez de la Mission Locale",
        F::Licence | F::Vehicle => "où vous en êtes avec le permis de conduire",
        F::Rqth => "si vous avez une reconnaissance de handicap (RQTH)",
        F::ResidencePermitExpiry => "la date de fin de votre titre de séjour",
        F::SpecificSituation => "votre situation administrative",
        F::UsageName => "votre nom d'usage",
        F::Qpv | F::Frr | F::Documents => return None,
    };
    Some(text.to_owned())
}

/// Download of everything Passerelle holds about the young person.
#[component]
fn MyData(id: YouthId) -> impl IntoView {
    let session = Session::use_context();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(None::<String>);
    let download = move |pdf: bool| {
        busy.set(true);
        error.set(None);
        done.set(None);
        leptos::task::spawn_local(async move {
            match api::youths::export(session, id, pdf).await {
                Ok(bytes) => {
                    let (mime, name) = if pdf {
                        ("application/pdf", "mes-donnees-passerelle.pdf")
                    } else {
                        ("application/json", "mes-donnees-passerelle.json")
                    };
                    if crate::components::download::save_file(&bytes, mime, name).is_ok() {
                        done.set(Some(format!("Fichier téléchargé : {name}.")));
                    }
                }
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="carte-donnees">
            <h2 id="carte-donnees">"Mes données"</h2>
            <p>"Vous avez le droit de recevoir toutes les informations que votre Mission Locale a sur vous : votre dossier, ses modifications et qui l'a consulté."</p>
            {move || error.get().map(|error| view! { <ErrorNotice error/> })}
            <p role="status">{move || done.get()}</p>
            <div class="actions">
                <button type="button" class="button button-secondary" disabled=move || busy.get()
                    on:click=move |_| download(true)>
                    "Télécharger mes données (PDF)"
                </button>
                <button type="button" class="button button-secondary" disabled=move || busy.get()
                    on:click=move |_| download(false)>
                    "Télécharger mes données (JSON)"
                </button>
            </div>
            <p class="small">"Le fichier PDF se lit facilement ; le fichier JSON sert à transmettre vos données à un autre service."</p>
        </section>
    }
}

fn offline_or_error(network: Network) -> &'static str {
    if network.online.get_untracked() {
        "Information indisponible pour le moment. Réessayez plus tard."
    } else {
        "Hors connexion : cette information s'affichera au retour du réseau."
    }
}
