//! Passerelle's single-page app (work in progress: the shell).

use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| view! { <main id="contenu"><h1>"Passerelle"</h1></main> });
}
