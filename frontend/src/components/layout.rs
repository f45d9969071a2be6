//! Page-level pieces: skip link, titles, loading and error notices, pagination.

use leptos::html;
use leptos::prelude::*;

use crate::api::ApiError;

/// "Aller au contenu", the first focusable element of every page.
#[component]
pub fn SkipLink() -> impl IntoView {
    view! { <a class="skip-link" href="#contenu">"Aller au contenu"</a> }
}

/// The page's `<h1>`. Sets the document title and, after a navigation, moves the focus to
/// the heading so screen-reader users hear where they arrived.
#[component]
pub fn PageTitle(#[prop(into)] title: Signal<String>) -> impl IntoView {
    let heading: NodeRef<html::H1> = NodeRef::new();
    Effect::new(move |_| {
        let text = title.get();
        document().set_title(&format!("{text} — Passerelle"));
        if let Some(el) = heading.get() {
            let _ = el.focus();
        }
    });
    view! { <h1 node_ref=heading tabindex="-1">{move || title.get()}</h1> }
}

/// A status line while data loads.
#[component]
pub fn Loading(#[prop(default = "Chargement…")] label: &'static str) -> impl IntoView {
    view! { <p class="loading" role="status">{label}</p> }
}

/// An error from the server, with what to do.
#[component]
pub fn ErrorNotice(error: ApiError) -> impl IntoView {
    view! { <div class="notice notice-error" role="alert"><p>{error.message()}</p></div> }
}

/// Previous / next page links with the position.
#[component]
pub fn Pager(
    page: RwSignal<u32>,
    #[prop(into)] total: Signal<u64>,
    per_page: u32,
) -> impl IntoView {
    let pages = move || total.get().div_ceil(u64::from(per_page.max(1))).max(1);
    view! {
        <nav class="pager" aria-label="Pagination">
            <button type="button" class="button button-secondary" disabled=move || { page.get() <= 1 }
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>
                "Page précédente"
            </button>
            <span aria-live="polite">{move || format!("Page {} sur {}", page.get(), pages())}</span>
            <button type="button" class="button button-secondary" disabled=move || { u64::from(page.get()) >= pages() }
                on:click=move |_| page.update(|p| *p += 1)>
                "Page suivante"
            </button>
        </nav>
    }
}
