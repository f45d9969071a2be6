//! `/partenaire`: the partner's own organisation.

use leptos::prelude::*;

use crate::api;
use crate::components::{ErrorNotice, Fetched, Loading, PageTitle};
use crate::pages::counsellor::PartnerCard;
use crate::session::Session;

/// The portal's home.
#[component]
pub fn PartnerHome() -> impl IntoView {
    let session = Session::use_context();
    let me = session.me();
    let partner_id = me.as_ref().and_then(|m| m.partner.as_ref().map(|p| p.id));
    let structure = me.map(|m| m.structure.name).unwrap_or_default();
    let partner = Fetched::new(move || async move {
        match partner_id {
            Some(id) => api::partners::get_partner(session, id).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        {move || match partner.get() {
            None | Some(Ok(None)) => view! { <PageTitle title="Mon organisation".to_owned()/><Loading/> }.into_any(),
            Some(Err(err)) => view! { <PageTitle title="Mon organisation".to_owned()/><ErrorNotice error=err/> }.into_any(),
            Some(Ok(Some(detail))) => view! { <PartnerCard detail/> }.into_any(),
        }}
        <p class="lead">{format!("Partenaire de la {structure}")}</p>
        <section class="card" aria-labelledby="carte-bientot">
            <h2 id="carte-bientot">"Bientôt sur le portail"</h2>
            <p>"Vos offres, et les jeunes que la Mission Locale vous oriente."</p>
        </section>
    }
}
