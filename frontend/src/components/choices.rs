//! Choices from lists: the closed lists of the file, countries (the domain's table, already in
//! the app for validation), and communes from the reference API (by postcode, or by name).

use std::time::Duration;

use domain::dto::CommuneDto;
use domain::file::{FileField, YouthFileData};
use domain::values::{countries, country};
use leptos::prelude::*;
use serde_json::Value;

use crate::api;
use crate::components::Fetched;
use crate::components::FormErrors;
use crate::components::form::SelectField;
use crate::format;

/// (code, label) pairs of a closed list, for a [`SelectField`].
pub fn list_options<T: Copy>(
    all: &'static [T],
    pair: impl Fn(T) -> (&'static str, &'static str),
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| {
            let (code, label) = pair(*v);
            (code.to_owned(), label.to_owned())
        })
        .collect()
}

/// Every country, France first, then by French name.
pub fn country_options() -> Vec<(String, String)> {
    let france = countries().iter().filter(|c| c.code == "FR");
    let others = countries().iter().filter(|c| c.code != "FR");
    france
        .chain(others)
        .map(|c| (c.code.to_owned(), c.name.to_owned()))
        .collect()
}

/// The French name of a country code, or the code itself.
pub fn country_name(code: &str) -> String {
    country(code).map_or_else(|| code.to_owned(), |c| c.name.to_owned())
}

/// "Roubaix (59)".
fn commune_label(c: &CommuneDto) -> String {
    format!("{} ({})", c.name, c.departement)
}

/// The five digits of a postcode being typed, once complete.
pub fn complete_postcode(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 5 && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// The commune of residence, chosen among the communes of the typed postcode.
#[component]
pub fn CommuneOfPostcode(
    #[prop(into)] prefix: String,
    /// The field name (`commune`).
    name: &'static str,
    label: &'static str,
    /// The postcode typed in its own field.
    postcode: Signal<String>,
    /// The chosen INSEE code.
    value: RwSignal<String>,
    errors: FormErrors,
    #[prop(default = true)] required: bool,
) -> impl IntoView {
    let complete = Memo::new(move |_| complete_postcode(&postcode.get()));
    let communes = Fetched::new(move || {
        let code = complete.get();
        async move {
            match code {
                Some(code) => Some(
                    api::reference::communes_of_postcode(&code)
                        .await
                        .unwrap_or_default(),
                ),
                None => None,
            }
        }
    });
    // One commune for the postcode: choose it; a choice the new postcode does not serve: drop it.
    Effect::new(move |_| {
        if let Some(Some(list)) = communes.get() {
            let current = value.get_untracked();
            if let [only] = list.as_slice() {
                value.set(only.insee.clone());
            } else if !current.is_empty() && !list.iter().any(|c| c.insee == current) {
                value.set(String::new());
            }
        }
    });
    let options = Signal::derive(move || {
        communes
            .get()
            .flatten()
            .unwrap_or_default()
            .iter()
            .map(|c| (c.insee.clone(), commune_label(c)))
            .collect::<Vec<_>>()
    });
    let hint = Signal::derive(move || {
        match (complete.get(), communes.get()) {
            (None, _) => {
                "Indiquez d'abord votre code postal : les communes correspondantes s'affichent ici."
            }
            (Some(_), None | Some(None)) => "Recherche des communes de ce code postal…",
            (Some(_), Some(Some(list))) if list.is_empty() => {
                "Aucune commune ne correspond à ce code postal : vérifiez-le."
            }
            (Some(_), Some(Some(_))) => "Choisissez votre commune parmi celles de ce code postal.",
        }
        .to_owned()
    });
    view! {
        <SelectField prefix name label value errors options hint required autocomplete="address-level2"/>
    }
}

/// The commune of birth in France, searched by name: a search box, then a drop-down of the
/// communes found.
#[component]
pub fn CommuneByName(
    #[prop(into)] prefix: String,
    /// The field name (`birth_commune`).
    name: &'static str,
    label: &'static str,
    /// The chosen INSEE code.
    value: RwSignal<String>,
    /// The chosen commune as (INSEE code, label), kept by the caller so that it stays listed
    /// while another name is searched and when the field is shown again.
    chosen: RwSignal<Option<(String, String)>>,
    errors: FormErrors,
    #[prop(default = false)] required: bool,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    // Waits for a pause in typing before asking the server.
    Effect::new(move |_| {
        let text = typed.get();
        set_timeout(
            move || {
                if typed.get_untracked() == text {
                    search.set(text);
                }
            },
            Duration::from_millis(350),
        );
    });
    let found = Fetched::new(move || {
        let text = search.get();
        async move {
            if text.trim().chars().count() < 2 {
                return Vec::new();
            }
            api::reference::search_communes(&text)
                .await
                .unwrap_or_default()
        }
    });
    let options = Signal::derive(move || {
        let mut list: Vec<(String, String)> = found
            .get()
            .unwrap_or_default()
            .iter()
            .map(|c| (c.insee.clone(), commune_label(c)))
            .collect();
        if let Some(kept) = chosen.get()
            && !list.iter().any(|(code, _)| *code == kept.0)
        {
            list.insert(0, kept);
        }
        list
    });
    // Keep the label of the chosen commune.
    Effect::new(move |_| {
        let code = value.get();
        if chosen.with_untracked(|c| c.as_ref().is_some_and(|(c, _)| *c == code)) {
            return;
        }
        let label = options.with_untracked(|list| {
            list.iter()
                .find(|(c, _)| *c == code)
                .map(|(_, l)| l.clone())
        });
        chosen.set(label.map(|l| (code, l)));
    });
    let hint = Signal::derive(move || {
        let searched = search.with(|s| s.trim().chars().count() >= 2);
        match found.get() {
            _ if !searched => "Tapez au moins deux lettres du nom dans la case ci-dessus.",
            None => "Recherche…",
            Some(list) if list.is_empty() => "Aucune commune trouvée : vérifiez l'orthographe.",
            Some(_) => "Choisissez votre commune dans la liste.",
        }
        .to_owned()
    });
    let search_id = format!("{prefix}-{name}-recherche");
    view! {
        <div class="field">
            <label for=search_id.clone()>{format!("{label} : tapez son nom")}</label>
            <input type="text" id=search_id autocomplete="off" bind:value=typed/>
        </div>
        <SelectField prefix name label value errors options hint required placeholder="Choisissez votre commune"/>
    }
}

/// Whether a field of the file holds nothing.
pub fn is_empty_value(value: &Value) -> bool {
    value.is_null()
        || value.as_array().is_some_and(Vec::is_empty)
        || value.as_object().is_some_and(serde_json::Map::is_empty)
}

/// A field's value in French: communes and countries by name, phones in the national form,
/// lists by their labels; "Non renseigné" when empty.
pub fn value_text(
    field: FileField,
    data: &YouthFileData,
    commune_name: Option<&str>,
    birth_commune_name: Option<&str>,
) -> String {
    let value = field.get(data);
    if is_empty_value(&value) {
        return "Non renseigné".to_owned();
    }
    match (field, value.as_str()) {
        (FileField::Commune, Some(code)) => commune_name.unwrap_or(code).to_owned(),
        (FileField::BirthCommune, Some(code)) => birth_commune_name.unwrap_or(code).to_owned(),
        (FileField::Nationality | FileField::BirthCountry, Some(code)) => country_name(code),
        (FileField::Mobile, Some(phone)) => format::phone(phone),
        _ => field.display(&value),
    }
}
