//! Passerelle's single-page app: the counsellor dashboard (`/conseiller`), the youth app
//! (`/jeune`, an installable PWA) and the partner portal (`/partenaire`). It talks to the
//! server only through the documented REST API, with the domain crate's types.

mod api;
mod app;
mod components;
mod format;
mod pages;
mod session;
mod split;

use wasm_bindgen::JsCast as _;

fn main() {
    console_error_panic_hook::set_once();
    register_service_worker();
    let document = leptos::prelude::document();
    match document
        .get_element_by_id("app")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        Some(root) => {
            root.set_inner_html("");
            leptos::mount::mount_to(root, app::App).forget();
        }
        None => leptos::mount::mount_to_body(app::App),
    }
}

/// Installs the service worker that keeps the app shell for offline use.
fn register_service_worker() {
    let navigator = leptos::prelude::window().navigator();
    let has_worker = js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false);
    if has_worker {
        let _ = navigator.service_worker().register("/sw.js");
    }
}
