//! `/conseiller/journal`: who did what and who opened which file.

use leptos::prelude::*;

use crate::api;
use crate::components::{ErrorNotice, Fetched, Loading, PageTitle, Pager};
use crate::format;
use crate::session::Session;

/// The access log (direction and administrators).
#[component]
pub fn AuditPage() -> impl IntoView {
    let session = Session::use_context();
    let page = RwSignal::new(1u32);
    let events = Fetched::new(move || {
        let page = page.get();
        async move { api::audit::list_audit_events(session, page).await }
    });
    let total = Signal::derive(move || events.get().and_then(Result::ok).map_or(0, |p| p.total));
    view! {
        <PageTitle title="Journal d'accès".to_owned()/>
        <p>"Chaque consultation d'un dossier et chaque modification y sont enregistrées, avec leur auteur et leur date."</p>
        {move || match events.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(err)) => view! { <ErrorNotice error=err/> }.into_any(),
            Some(Ok(list)) => view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Journal d'accès">
                    <table>
                        <caption class="visually-hidden">"Événements, du plus récent au plus ancien"</caption>
                        <thead><tr><th scope="col">"Date"</th><th scope="col">"Qui"</th><th scope="col">"Action"</th><th scope="col">"Détail"</th></tr></thead>
                        <tbody>
                            {list.items.into_iter().map(|e| view! {
                                <tr>
                                    <td>{format::date_time(e.occurred_at)}</td>
                                    <td>{e.actor.map(|a| a.full_name()).unwrap_or_else(|| "—".to_owned())}
                                        {e.actor_role.map(|r| format!(" ({})", r.label()))}</td>
                                    <td>{e.action.label()}</td>
                                    <td>{e.summary}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any(),
        }}
        <Pager page total per_page=50/>
    }
}
