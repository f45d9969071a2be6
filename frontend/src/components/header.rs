//! The header of every face: the brand, the space, and the account menu.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::session::Session;

/// The banner of a face.
#[component]
pub fn AppHeader(space: &'static str, home: &'static str) -> impl IntoView {
    let session = Session::use_context();
    let navigate = use_navigate();
    let failed = RwSignal::new(None::<String>);
    let leave = {
        let navigate = navigate.clone();
        move || {
            navigate(
                "/connexion",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            )
        }
    };
    let logout = {
        let leave = leave.clone();
        move |_| {
            let leave = leave.clone();
            leptos::task::spawn_local(async move {
                session.logout().await;
                leave();
            });
        }
    };
    let logout_everywhere = move |_| {
        let leave = leave.clone();
        leptos::task::spawn_local(async move {
            match session.logout_everywhere().await {
                Ok(()) => leave(),
                Err(err) => failed.set(Some(err.message())),
            }
        });
    };
    view! {
        <header class="app-header">
            <a class="brand" href=home>
                <img src="/icons/favicon.svg" alt="" width="28" height="28"/>
                <span>"Passerelle"</span>
                <span class="space">{space}</span>
            </a>
            {move || session.me().map(|me| view! {
                <details class="account-menu">
                    <summary>
                        <span class="visually-hidden">"Mon compte : "</span>
                        {format!("{} {}", me.first_name, me.last_name)}
                    </summary>
                    <div class="account-panel">
                        <p class="account-role">{me.role.label()}</p>
                        <p class="account-structure">{me.structure.name.clone()}</p>
                        {me.partner.clone().map(|p| view! { <p>{p.name}</p> })}
                        <button type="button" class="button" on:click=logout.clone()>"Se déconnecter"</button>
                        <button type="button" class="button button-secondary" on:click=logout_everywhere.clone()>
                            "Se déconnecter de tous les appareils"
                        </button>
                        {move || failed.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    </div>
                </details>
            })}
        </header>
    }
}
