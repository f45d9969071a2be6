//! `/inscription`: the public online pre-registration (D14, F1). No account is needed: four
//! short steps, each checked in the browser with the server's own rules before moving on,
//! then the receipt with the reference and the call-back promise.

mod receipt;
mod steps;

use domain::dto::{PreRegistrationReceipt, PublicStructure};
use domain::file::PreRegistrationForm;
use leptos::html;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::form::ErrorSummary;
use crate::components::{Fetched, FormErrors, PageTitle};
use crate::format;
use receipt::Receipt;
use steps::{ContactStep, DataStep, IdentityStep, SituationStep};

/// The id prefix of the form's fields.
const PREFIX: &str = "inscription";

/// The steps: their title and the fields they ask for (in display order).
const STEPS: [(&str, &[&str]); 4] = [
    (
        "Vous",
        &[
            "first_names",
            "birth_name",
            "usage_name",
            "birth_date",
            "sex",
            "nationality",
            "birth_country",
            "birth_commune",
        ],
    ),
    (
        "Vos coordonnées",
        &[
            "mobile",
            "email",
            "address_line",
            "postcode",
            "commune",
            "structure_id",
        ],
    ),
    (
        "Votre situation",
        &[
            "housing",
            "education_level",
            "situation",
            "needs",
            "referrer",
            "referrer_name",
        ],
    ),
    ("Vos données personnelles", &["consent"]),
];

/// The step that asks for `field`, and the field's place in it.
fn place_of(field: &str) -> Option<(usize, usize)> {
    STEPS.iter().enumerate().find_map(|(step, (_, fields))| {
        fields
            .iter()
            .position(|f| *f == field)
            .map(|index| (step, index))
    })
}

/// What the young person typed, one signal per field.
#[derive(Clone, Copy)]
pub(crate) struct Draft {
    pub structure_id: RwSignal<String>,
    pub birth_name: RwSignal<String>,
    pub usage_name: RwSignal<String>,
    pub first_names: RwSignal<String>,
    pub birth_date: RwSignal<String>,
    pub sex: RwSignal<String>,
    pub birth_country: RwSignal<String>,
    pub birth_commune: RwSignal<String>,
    /// The commune of birth chosen, as (INSEE code, label).
    pub birth_commune_label: RwSignal<Option<(String, String)>>,
    pub nationality: RwSignal<String>,
    pub mobile: RwSignal<String>,
    pub email: RwSignal<String>,
    pub address_line: RwSignal<String>,
    pub postcode: RwSignal<String>,
    pub commune: RwSignal<String>,
    pub housing: RwSignal<String>,
    pub education_level: RwSignal<String>,
    pub situation: RwSignal<String>,
    pub referrer: RwSignal<String>,
    pub referrer_name: RwSignal<String>,
    pub needs: RwSignal<Vec<String>>,
    pub consent: RwSignal<bool>,
    /// The honeypot: stays empty unless a robot fills every input.
    pub website: RwSignal<String>,
    /// The Mission Locale chosen from the postcode, while the young person keeps it.
    pub auto_structure: RwSignal<Option<String>>,
}

impl Draft {
    fn new() -> Self {
        let text = || RwSignal::new(String::new());
        Self {
            structure_id: text(),
            birth_name: text(),
            usage_name: text(),
            first_names: text(),
            birth_date: text(),
            sex: text(),
            birth_country: text(),
            birth_commune: text(),
            birth_commune_label: RwSignal::new(None),
            nationality: text(),
            mobile: text(),
            email: text(),
            address_line: text(),
            postcode: text(),
            commune: text(),
            housing: text(),
            education_level: text(),
            situation: text(),
            referrer: text(),
            referrer_name: text(),
            needs: RwSignal::new(Vec::new()),
            consent: RwSignal::new(false),
            website: text(),
            auto_structure: RwSignal::new(None),
        }
    }

    /// The form to send.
    fn form(&self, ticket: String) -> PreRegistrationForm {
        let text = |s: RwSignal<String>| s.get_untracked();
        let born_in_france = self.birth_country.get_untracked() == "FR";
        let referrer = text(self.referrer);
        PreRegistrationForm {
            structure_id: text(self.structure_id).parse().ok(),
            birth_name: text(self.birth_name),
            usage_name: text(self.usage_name),
            first_names: text(self.first_names),
            birth_date: text(self.birth_date),
            sex: text(self.sex),
            birth_country: text(self.birth_country),
            birth_commune: if born_in_france {
                text(self.birth_commune)
            } else {
                String::new()
            },
            nationality: text(self.nationality),
            mobile: text(self.mobile),
            email: text(self.email),
            address_line: text(self.address_line),
            postcode: text(self.postcode).trim().to_owned(),
            commune: text(self.commune),
            housing: text(self.housing),
            education_level: text(self.education_level),
            situation: text(self.situation),
            referrer_name: if referrer.is_empty() || referrer == "spontane" {
                String::new()
            } else {
                text(self.referrer_name)
            },
            referrer,
            needs: self.needs.get_untracked(),
            consent: self.consent.get_untracked(),
            ticket,
            website: text(self.website),
        }
    }
}

/// The errors of `fields` that belong to step `step`, in the step's order.
fn errors_of_step(fields: &[(String, String)], step: usize) -> Vec<(String, String)> {
    let mut found: Vec<(usize, (String, String))> = fields
        .iter()
        .filter_map(|(field, message)| {
            place_of(field)
                .filter(|(s, _)| *s == step)
                .map(|(_, index)| (index, (field.clone(), message.clone())))
        })
        .collect();
    found.sort_by_key(|(index, _)| *index);
    found.into_iter().map(|(_, e)| e).collect()
}

/// The browser-side check of the whole form, as (field, message).
fn check(form: &PreRegistrationForm) -> Vec<(String, String)> {
    match form.to_file_data(format::today()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.into_iter().map(|e| (e.field, e.message)).collect(),
    }
}

/// Asks for a new anti-robot ticket.
fn fetch_ticket(ticket: RwSignal<String>) {
    leptos::task::spawn_local(async move {
        if let Ok(t) = api::preregistrations::ticket().await {
            ticket.set(t.ticket);
        }
    });
}

/// The pre-registration page.
#[component]
pub fn PreRegistrationPage() -> impl IntoView {
    let receipt = RwSignal::new(None::<PreRegistrationReceipt>);
    view! {
        <main id="contenu" class="page narrow">
            {move || match receipt.get() {
                Some(r) => view! { <Receipt receipt=r/> }.into_any(),
                None => view! { <FormSteps receipt/> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn FormSteps(receipt: RwSignal<Option<PreRegistrationReceipt>>) -> impl IntoView {
    let draft = Draft::new();
    let errors = FormErrors::new();
    let step = RwSignal::new(0usize);
    let ticket = RwSignal::new(String::new());
    let (busy, set_busy) = signal(false);
    let heading: NodeRef<html::H2> = NodeRef::new();
    fetch_ticket(ticket);
    let structures: Fetched<Vec<PublicStructure>> = Fetched::new(|| async {
        api::preregistrations::public_structures()
            .await
            .unwrap_or_default()
    });

    let go_to = move |next: usize| {
        step.set(next);
        request_animation_frame(move || {
            if let Some(h) = heading.get_untracked() {
                let _ = h.focus();
            }
        });
    };

    let send = move |form: PreRegistrationForm| {
        set_busy.set(true);
        errors.clear();
        leptos::task::spawn_local(async move {
            match api::preregistrations::send(&form).await {
                Ok(answer) => receipt.set(Some(answer)),
                Err(err) => show_server_error(&err, errors, step, ticket),
            }
            set_busy.set(false);
        });
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let current = step.get_untracked();
        let form = draft.form(ticket.get_untracked());
        let invalid = check(&form);
        if current + 1 < STEPS.len() {
            let here = errors_of_step(&invalid, current);
            if here.is_empty() {
                errors.clear();
                go_to(current + 1);
            } else {
                errors.show_fields(here);
            }
            return;
        }
        // Last step: everything must be right; go back to the first step with an error.
        if let Some(first) = (0..STEPS.len()).find(|s| !errors_of_step(&invalid, *s).is_empty()) {
            step.set(first);
            errors.show_fields(errors_of_step(&invalid, first));
            return;
        }
        if form.ticket.is_empty() {
            fetch_ticket(ticket);
            errors.show_general(
                "La connexion avec la Mission Locale n'a pas pu être établie. Vérifiez votre \
                 connexion Internet, attendez quelques secondes, puis appuyez de nouveau sur \
                 « Envoyer ma demande ».",
            );
            return;
        }
        send(form);
    };

    let back = move |_| {
        errors.clear();
        go_to(step.get_untracked().saturating_sub(1));
    };

    let last = move || step.get() + 1 == STEPS.len();
    view! {
        <PageTitle title="Je m'inscris à la Mission Locale".to_owned()/>
        <p class="lead">"Remplissez ce formulaire en quelques minutes. La Mission Locale vous rappelle ensuite pour vous proposer un premier rendez-vous."</p>
        <p class="small">"Tous les champs sont obligatoires, sauf ceux marqués « facultatif »."</p>
        <form class="form" on:submit=on_submit novalidate=true>
            <h2 node_ref=heading tabindex="-1" class="step-title">
                <span class="step-count">{move || format!("Étape {} sur {}", step.get() + 1, STEPS.len())}</span>
                " "
                {move || STEPS[step.get().min(STEPS.len() - 1)].0}
            </h2>
            <progress class="steps" max=STEPS.len() value=move || step.get() + 1 aria-hidden="true"></progress>
            <ErrorSummary errors=errors prefix=PREFIX/>
            {move || match step.get() {
                0 => view! { <IdentityStep draft errors/> }.into_any(),
                1 => view! { <ContactStep draft errors structures/> }.into_any(),
                2 => view! { <SituationStep draft errors/> }.into_any(),
                _ => view! { <DataStep draft errors structures/> }.into_any(),
            }}
            <Honeypot value=draft.website/>
            <div class="actions">
                <button type="submit" class="button" disabled=move || busy.get() aria-disabled=move || busy.get().to_string()>
                    {move || match (last(), busy.get()) {
                        (false, _) => "Continuer",
                        (true, false) => "Envoyer ma demande",
                        (true, true) => "Envoi…",
                    }}
                </button>
                <Show when=move || { step.get() > 0 }>
                    <button type="button" class="button button-secondary" on:click=back>"Retour"</button>
                </Show>
            </div>
        </form>
    }
}

/// Shows what the server refused, on the step that asks for it.
fn show_server_error(
    err: &ApiError,
    errors: FormErrors,
    step: RwSignal<usize>,
    ticket: RwSignal<String>,
) {
    let fields = err.fields();
    if fields.iter().any(|(f, _)| f == "ticket") {
        // Too fast, or the page stayed open too long: a new ticket, and press again.
        fetch_ticket(ticket);
    }
    if let Some(first) = (0..STEPS.len()).find(|s| !errors_of_step(&fields, *s).is_empty()) {
        step.set(first);
        errors.show_fields(errors_of_step(&fields, first));
    } else if let Some((_, message)) = fields.first() {
        errors.show_general(message.clone());
    } else {
        errors.show_api(err);
    }
}

/// A field hidden from people and from assistive technologies: robots fill it in.
#[component]
fn Honeypot(value: RwSignal<String>) -> impl IntoView {
    view! {
        <div class="honeypot" aria-hidden="true">
            <label for="inscription-website">"Ne remplissez pas ce champ"</label>
            <input type="text" id="inscription-website" name="website" tabindex="-1" autocomplete="off" bind:value=value/>
        </div>
    }
}
