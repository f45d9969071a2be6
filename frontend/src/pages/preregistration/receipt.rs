//! What the young person sees once the request is sent.

use chrono::{DateTime, Utc};
use domain::dto::PreRegistrationReceipt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::api;
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
        booking_token,
    } = receipt;
    let first = booking_token
        .filter(|_| !out_of_territory)
        .map(|token| view! { <FirstAppointment token/> });
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
        {first}
        <p><a href="/">"Revenir à l'accueil de Passerelle"</a></p>
    }
}

/// "24/11/2026 à 10:00 avec Samia Haddad (Antenne de Roubaix)", of a `HostSlot`.
fn slot_label(slot: &Value) -> String {
    let when = serde_json::from_value::<DateTime<Utc>>(slot["starts_at"].clone())
        .map(format::date_time)
        .unwrap_or_default();
    let host = format!(
        "{} {}",
        slot["host"]["first_name"].as_str().unwrap_or_default(),
        slot["host"]["last_name"].as_str().unwrap_or_default()
    );
    match slot["site_name"].as_str() {
        Some(site) => format!("{when} avec {host} ({site})"),
        None => format!("{when} avec {host}"),
    }
}

/// The first appointment, booked right after the request (D8): the reception's free slots of
/// the coming two weeks, one click to book.
#[component]
fn FirstAppointment(token: String) -> impl IntoView {
    let token = StoredValue::new(token);
    let slots = RwSignal::new(None::<Vec<Value>>);
    let empty = RwSignal::new(None::<String>);
    let booked = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let load = move || {
        busy.set(true);
        spawn_local(async move {
            match api::preregistrations::first_slots(&token.get_value()).await {
                Ok(list) => {
                    empty.set(list["empty_reason"].as_str().map(str::to_owned));
                    slots.set(Some(list["slots"].as_array().cloned().unwrap_or_default()));
                }
                Err(err) => error.set(Some(err.message())),
            }
            busy.set(false);
        });
    };
    let book = move |slot: Value| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::preregistrations::book_first(&token.get_value(), &slot).await {
                Ok(_) => booked.set(Some(slot_label(&slot))),
                Err(err) => {
                    error.set(Some(err.message()));
                    load();
                }
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="premier-rdv">
            <h2 id="premier-rdv">"Prendre mon premier rendez-vous"</h2>
            {move || match booked.get() {
                Some(text) => view! {
                    <div class="notice notice-success" role="status">
                        <p>{format!("C'est noté : votre premier rendez-vous est le {text}. Une confirmation part à votre adresse e-mail.")}</p>
                    </div>
                }
                .into_any(),
                None => view! {
                    <p>"Sans attendre notre appel, choisissez un créneau avec l'équipe d'accueil."</p>
                    {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert"><p>{e}</p></div> })}
                    {move || match slots.get() {
                        None => view! {
                            <button type="button" class="button" disabled=move || busy.get() on:click=move |_| load()>
                                "Voir les créneaux libres"
                            </button>
                        }
                        .into_any(),
                        Some(list) if list.is_empty() => view! {
                            <p>{empty.get().unwrap_or_default()}</p>
                        }
                        .into_any(),
                        Some(list) => view! {
                            <ul class="slot-list">
                                {list
                                    .into_iter()
                                    .map(|slot| {
                                        let label = slot_label(&slot);
                                        view! {
                                            <li>
                                                <button type="button" class="button secondary" disabled=move || busy.get() on:click=move |_| book(slot.clone())>
                                                    {label}
                                                </button>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any(),
                    }}
                }
                .into_any(),
            }}
        </section>
    }
}
