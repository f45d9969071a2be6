//! Whether the device is online, and the "hors connexion" banner.

use leptos::prelude::*;

/// The network state, from `navigator.onLine` and the `online`/`offline` events.
#[derive(Clone, Copy)]
pub struct Network {
    /// `true` while the device has a network.
    pub online: RwSignal<bool>,
}

impl Network {
    /// Watches the browser's network events.
    pub fn watch() -> Self {
        let online = RwSignal::new(window().navigator().on_line());
        let on = window_event_listener(leptos::ev::online, move |_| online.set(true));
        let off = window_event_listener(leptos::ev::offline, move |_| online.set(false));
        // The app lives as long as the page: keep the listeners.
        std::mem::forget((on, off));
        Self { online }
    }

    /// The network state from the context.
    pub fn use_context() -> Self {
        expect_context::<Network>()
    }
}

/// A banner shown on every page while offline.
#[component]
pub fn OfflineBanner() -> impl IntoView {
    let network = Network::use_context();
    view! {
        <Show when=move || !network.online.get()>
            <div class="offline-banner" role="status">
                <strong>"Vous êtes hors connexion."</strong>
                " Les informations ne peuvent pas être mises à jour ; Passerelle reprendra dès le retour du réseau."
            </div>
        </Show>
    }
}
