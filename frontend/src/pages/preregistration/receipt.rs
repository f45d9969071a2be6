//! What the young person sees once the request is sent.

use domain::dto::PreRegistrationReceipt;
use leptos::prelude::*;

use crate::components::PageTitle;
use crate::format;

/// The receipt: reference, call-back promise, and the right Mission Locale when the commune
/// is not covered by the one written to.
#[component]
pub fn Receipt(receipt: PreRegistrationReceipt) -> impl IntoView {
    let PreRegistrationReceipt {
        reference,
        structure_name,
        callback_due,
        out_of_territory,
        covering_structure,
        // The first-appointment booking after a pre-registration has no page yet.
        booking_token: _,
    } = receipt;
    let elsewhere = out_of_territory.then(|| {
        let text = match &covering_structure {
            Some(other) => format!(
                "Votre commune ne fait pas partie du territoire de {structure_name}. C'est {} \
                 qui accompagne les jeunes de votre commune : quand nous vous rappellerons, nous \
                 vous aiderons à prendre contact avec elle.",
                other.name
            ),
            None => format!(
                "Votre commune ne fait pas partie du territoire de {structure_name}. Quand nous \
                 vous rappellerons, nous vous indiquerons la Mission Locale qui accompagne les \
                 jeunes de votre commune."
            ),
        };
        view! { <div class="notice notice-warning"><p>{text}</p></div> }
    });
    view! {
        <PageTitle title="Votre demande est envoyée".to_owned()/>
        <div class="notice notice-success" role="status">
            <p>{format!("Merci ! {structure_name} a bien reçu votre demande.")}</p>
        </div>
        <p>"Votre numéro de demande :"</p>
        <p class="figure reference">{reference}</p>
        <p>"Notez-le : il vous sera utile si vous appelez la Mission Locale."</p>
        <p class="callback">{format!("Nous vous rappelons avant le {}.", format::date_time(callback_due))}</p>
        {elsewhere}
        <p><a href="/">"Revenir à l'accueil de Passerelle"</a></p>
    }
}
