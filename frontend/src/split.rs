//! Route-level code splitting: the pages that a young person's phone does not need live in
//! WebAssembly chunks, fetched the first time one of their routes is opened.
//!
//! Each `#[wasm_split(name)]` function below is a split point. `cargo xtask build-frontend`
//! runs wasm-split on cargo's wasm, which moves the function and all the code that only it
//! reaches into `split_<name>.wasm` (code also reached from the main module stays there; code
//! that several chunks share goes into a `chunk_<n>.wasm` fetched with any of them). Calling
//! the function first loads its chunk (once per page load), then runs it: the calls are
//! `async`. The router's routes name a page of a chunk (`view=Counsellor::Inbox`); the router
//! awaits the chunk before it swaps the page in (`ChooseView`), like Leptos' `Lazy` routes.
//!
//! The chunks (see `docs/performance.md` for their weights):
//! - `counsellor`: every page of the counsellors' dashboard (`/conseiller/…`);
//! - `partner`: the partner portal's pages (`/partenaire/…`);
//! - `youth`: the youth app's pages other than its home (`/jeune/dossier`, `plan`, `heures`,
//!   `rendez-vous`, `ateliers`, `offres`) and the public pre-registration (`/inscription`),
//!   which share much of their code; the service worker precaches it for offline use.
//!
//! The shells (`CounsellorShell`, `YouthShell`, `PartnerShell`), the login, password and
//! invitation pages, the landing page and the youth app's home stay in the main module.

use leptos::prelude::*;
use leptos_router::ChooseView;
use wasm_split_helpers::{SplitLoaderError, wasm_split};

use crate::components::PageTitle;

/// Declares an enum of pages drawn by one chunk, and makes each page a route view that loads
/// the chunk before drawing itself.
macro_rules! pages {
    ($(#[$doc:meta])* $name:ident, $split:ident, $preload:ident { $($(#[$page_doc:meta])* $page:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($(#[$page_doc])* $page,)+
        }

        impl ChooseView for $name {
            async fn choose(self) -> AnyView {
                $split(self).await.unwrap_or_else(|_| unavailable())
            }

            // The router awaits this before it swaps the page in, so the previous page stays
            // on screen while the chunk downloads. A failure is not remembered: `choose` tries
            // again, then shows `unavailable`.
            async fn preload(&self) {
                let _ = $preload().await;
            }
        }
    };
}

pages! {
    /// A page of the counsellors' dashboard (`/conseiller/…`), in the `counsellor` chunk.
    Counsellor, counsellor, preload_counsellor {
        /// `/conseiller`.
        Home,
        /// `/conseiller/accueil`.
        Inbox,
        /// `/conseiller/accueil/:id`.
        InboxDetail,
        /// `/conseiller/jeunes`.
        Youths,
        /// `/conseiller/jeunes/:id`.
        Youth,
        /// `/conseiller/jeunes/:id/:page`.
        Accompaniment,
        /// `/conseiller/jeunes/:id/fusion/:other`.
        Merge,
        /// `/conseiller/doublons`.
        Duplicates,
        /// `/conseiller/partenaires`.
        Partners,
        /// `/conseiller/partenaires/:id`.
        Partner,
        /// `/conseiller/equipe`.
        Team,
        /// `/conseiller/structure`.
        Structure,
        /// `/conseiller/journal`.
        Audit,
        /// `/conseiller/:section/*rest`: the agenda and the workshops.
        Agenda,
    }
}

pages! {
    /// A page of the partner portal (`/partenaire/…`), in the `partner` chunk.
    Partner, partner, preload_partner {
        /// `/partenaire`.
        Home,
        /// `/partenaire/:section` (`jeunes`, `offres`, `evenements`, `catalogue`, `fiche`) and
        /// `/partenaire/offres/:id`.
        Pages,
    }
}

pages! {
    /// A page for young people other than the youth app's home, in the `youth` chunk.
    Youth, youth, preload_youth {
        /// `/jeune/dossier`.
        File,
        /// `/jeune/plan`.
        Plan,
        /// `/jeune/heures`.
        Hours,
        /// `/jeune/:page`: `rendez-vous`, `ateliers` and `offres`.
        Pages,
        /// `/inscription`: the public pre-registration.
        Signup,
    }
}

#[wasm_split(counsellor, fallible, preload(preload_counsellor))]
fn counsellor(page: Counsellor) -> Result<AnyView, SplitLoaderError> {
    use crate::pages::counsellor::*;
    Ok(match page {
        Counsellor::Home => view! { <CounsellorHome/> }.into_any(),
        Counsellor::Inbox => view! { <InboxPage/> }.into_any(),
        Counsellor::InboxDetail => view! { <InboxDetailPage/> }.into_any(),
        Counsellor::Youths => view! { <YouthsPage/> }.into_any(),
        Counsellor::Youth => view! { <YouthPage/> }.into_any(),
        Counsellor::Accompaniment => view! { <AccompanimentPage/> }.into_any(),
        Counsellor::Merge => view! { <MergePage/> }.into_any(),
        Counsellor::Duplicates => view! { <DuplicatesPage/> }.into_any(),
        Counsellor::Partners => view! { <PartnersPage/> }.into_any(),
        Counsellor::Partner => view! { <PartnerPage/> }.into_any(),
        Counsellor::Team => view! { <TeamPage/> }.into_any(),
        Counsellor::Structure => view! { <StructurePage/> }.into_any(),
        Counsellor::Audit => view! { <AuditPage/> }.into_any(),
        Counsellor::Agenda => view! { <AgendaRoutes/> }.into_any(),
    })
}

#[wasm_split(partner, fallible, preload(preload_partner))]
fn partner(page: Partner) -> Result<AnyView, SplitLoaderError> {
    use crate::pages::partner::*;
    Ok(match page {
        Partner::Home => view! { <PartnerHome/> }.into_any(),
        Partner::Pages => view! { <PartnerPages/> }.into_any(),
    })
}

#[wasm_split(youth, fallible, preload(preload_youth))]
fn youth(page: Youth) -> Result<AnyView, SplitLoaderError> {
    use crate::pages::preregistration::PreRegistrationPage;
    use crate::pages::youth::*;
    Ok(match page {
        Youth::File => view! { <YouthFilePage/> }.into_any(),
        Youth::Plan => view! { <YouthPlanPage/> }.into_any(),
        Youth::Hours => view! { <YouthHoursPage/> }.into_any(),
        Youth::Pages => view! { <YouthPages/> }.into_any(),
        Youth::Signup => view! { <PreRegistrationPage/> }.into_any(),
    })
}

/// Instead of a page whose chunk could not be downloaded (offline before the service worker
/// kept it, or a new version deployed meanwhile): reloading fetches the current version.
fn unavailable() -> AnyView {
    view! {
        <div class="notice notice-error" role="alert">
            <PageTitle title="Page indisponible".to_owned()/>
            <p>"Cette page n'a pas pu être téléchargée. Vérifiez votre connexion, puis réessayez."</p>
            <p><button type="button" class="button" on:click=|_| { let _ = window().location().reload(); }>
                "Réessayer"
            </button></p>
        </div>
    }
    .into_any()
}
