//! `/jeune/rendez-vous`: "Mes rendez-vous" in the youth app: coming appointments to confirm,
//! move or cancel, booking one in a free slot, the wished rhythm, past appointments and the
//! calendar address (the page is shared with the file: `counsellor::agenda::appointments`).

use std::sync::Arc;

use leptos::prelude::*;

use super::plan::youth_page;
use crate::pages::counsellor::agenda::appointments::Appointments;

/// The appointments page.
pub(super) fn page() -> AnyView {
    youth_page("Mes rendez-vous", |ctx| {
        Arc::new(Appointments::new(ctx, true))
    })
}
