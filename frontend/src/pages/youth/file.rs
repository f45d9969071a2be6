//! `/jeune/dossier`: a plain-language summary of the young person's own file.

use leptos::prelude::*;

use crate::api;
use crate::components::{ErrorNotice, Loading, PageTitle};
use crate::format;
use crate::session::Session;

/// The young person's file, as they see it.
#[component]
pub fn YouthFilePage() -> impl IntoView {
    let session = Session::use_context();
    let youth_id = session.me().and_then(|m| m.youth_id);
    let file = LocalResource::new(move || async move {
        match youth_id {
            Some(id) => api::youths::get_youth(session, id).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <PageTitle title="Mon dossier".to_owned()/>
        <p>"Voici les informations que votre Mission Locale a sur vous. Si quelque chose est faux, dites-le à votre conseiller ou conseillère : vous avez le droit de les faire corriger."</p>
        {move || match file.get() {
            None | Some(Ok(None)) => view! { <Loading/> }.into_any(),
            Some(Err(err)) => view! { <ErrorNotice error=err/> }.into_any(),
            Some(Ok(Some(detail))) => view! {
                <dl class="facts">
                    <dt>"Prénom et nom"</dt><dd>{format!("{} {}", detail.first_name, detail.last_name)}</dd>
                    <dt>"Date de naissance"</dt><dd>{format::date(detail.birth_date)}</dd>
                    <dt>"E-mail"</dt><dd>{detail.email.clone().unwrap_or_else(|| "Non renseigné".to_owned())}</dd>
                    <dt>"Téléphone"</dt><dd>{detail.phone.as_deref().map(format::phone).unwrap_or_else(|| "Non renseigné".to_owned())}</dd>
                    <dt>"Suivi par"</dt><dd>{detail.counsellor.map(|c| c.full_name()).unwrap_or_else(|| "Pas encore attribué".to_owned())}</dd>
                </dl>
            }.into_any(),
        }}
    }
}
