//! The four steps of the pre-registration form.

use domain::dto::PublicStructure;
use domain::file::{EducationLevel, Housing, NeedTheme, ReferrerKind, Sex, SituationCategory};
use leptos::prelude::*;

use super::{Draft, PREFIX};
use crate::components::choices::{
    CommuneByName, CommuneOfPostcode, complete_postcode, country_options, list_options,
};
use crate::components::form::{CheckboxField, CheckboxGroup, SelectField};
use crate::components::{Fetched, FormErrors, TextField};

/// Step 1: who the young person is.
#[component]
pub fn IdentityStep(draft: Draft, errors: FormErrors) -> impl IntoView {
    let born_in_france = move || draft.birth_country.with(|c| c == "FR");
    view! {
        <TextField prefix=PREFIX name="first_names" label="Prénom(s)" value=draft.first_names errors
            autocomplete="given-name" hint="Comme sur votre pièce d'identité."/>
        <TextField prefix=PREFIX name="birth_name" label="Nom de naissance" value=draft.birth_name errors
            autocomplete="family-name"/>
        <TextField prefix=PREFIX name="usage_name" label="Nom d'usage" value=draft.usage_name errors
            required=false hint="Seulement si vous utilisez un autre nom au quotidien."/>
        <TextField prefix=PREFIX name="birth_date" label="Date de naissance" value=draft.birth_date errors
            kind="date" autocomplete="bday"/>
        <SelectField prefix=PREFIX name="sex" label="Sexe" value=draft.sex errors
            options=list_options(Sex::ALL, |s| (s.code(), s.label())) autocomplete="sex"/>
        <SelectField prefix=PREFIX name="nationality" label="Nationalité" value=draft.nationality errors
            options=country_options() placeholder="Choisissez un pays"/>
        <SelectField prefix=PREFIX name="birth_country" label="Pays de naissance" value=draft.birth_country errors
            options=country_options() placeholder="Choisissez un pays" required=false/>
        <Show when=born_in_france>
            <CommuneByName prefix=PREFIX name="birth_commune" label="Commune de naissance"
                value=draft.birth_commune chosen=draft.birth_commune_label errors/>
        </Show>
    }
}

/// Step 2: how to reach the young person, where they live, which Mission Locale.
#[component]
pub fn ContactStep(
    draft: Draft,
    errors: FormErrors,
    structures: Fetched<Vec<PublicStructure>>,
) -> impl IntoView {
    // The Mission Locale that covers the postcode (or the only one) is chosen for the young
    // person, who can still pick another.
    Effect::new(move |_| {
        let Some(list) = structures.get() else {
            return;
        };
        let postcode = complete_postcode(&draft.postcode.get());
        let covering = match (&postcode, list.as_slice()) {
            (_, [only]) => Some(only),
            (Some(code), _) => list.iter().find(|s| s.postcodes.contains(code)),
            (None, _) => None,
        };
        let current = draft.structure_id.get_untracked();
        let untouched = current.is_empty() || draft.auto_structure.get_untracked() == Some(current);
        if untouched && let Some(s) = covering {
            let id = s.id.to_string();
            draft.auto_structure.set(Some(id.clone()));
            draft.structure_id.set(id);
        }
    });
    let options = Signal::derive(move || {
        structures
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|s| (s.id.to_string(), s.name))
            .collect::<Vec<_>>()
    });
    let hint = Signal::derive(move || {
        let auto = draft.auto_structure.get();
        if auto.is_some() && auto == Some(draft.structure_id.get()) {
            "Choisie d'après votre code postal. Vous pouvez en choisir une autre.".to_owned()
        } else {
            "La Mission Locale la plus proche de chez vous.".to_owned()
        }
    });
    view! {
        <TextField prefix=PREFIX name="mobile" label="Téléphone mobile" value=draft.mobile errors
            kind="tel" inputmode="tel" autocomplete="tel-national"
            hint="Par exemple 06 12 34 56 78. La Mission Locale vous appelle à ce numéro."/>
        <TextField prefix=PREFIX name="email" label="Adresse e-mail" value=draft.email errors
            kind="email" inputmode="email" autocomplete="email" required=false/>
        <TextField prefix=PREFIX name="address_line" label="Adresse" value=draft.address_line errors
            autocomplete="address-line1" required=false hint="Numéro et nom de la rue."/>
        <TextField prefix=PREFIX name="postcode" label="Code postal" value=draft.postcode errors
            inputmode="numeric" autocomplete="postal-code" hint="5 chiffres, par exemple 59100."/>
        <CommuneOfPostcode prefix=PREFIX name="commune" label="Commune" postcode=draft.postcode.into()
            value=draft.commune errors/>
        <SelectField prefix=PREFIX name="structure_id" label="Votre Mission Locale" value=draft.structure_id errors
            options hint placeholder="Choisissez une Mission Locale"/>
    }
}

/// Step 3: housing, education, situation and needs.
#[component]
pub fn SituationStep(draft: Draft, errors: FormErrors) -> impl IntoView {
    let situations: Vec<(String, String)> = SituationCategory::ALL
        .iter()
        .filter(|s| **s != SituationCategory::Inconnue)
        .map(|s| (s.code().to_owned(), s.label().to_owned()))
        .collect();
    let needs: Vec<(&'static str, &'static str)> = NeedTheme::ALL
        .iter()
        .map(|n| (n.code(), n.label()))
        .collect();
    let referred = move || draft.referrer.with(|r| !r.is_empty() && r != "spontane");
    view! {
        <SelectField prefix=PREFIX name="housing" label="Votre logement" value=draft.housing errors
            options=list_options(Housing::ALL, |h| (h.code(), h.label()))/>
        <SelectField prefix=PREFIX name="education_level" label="Votre niveau d'études" value=draft.education_level errors
            options=list_options(EducationLevel::ALL, |e| (e.code(), e.label()))
            hint="Le plus haut diplôme obtenu. Sans diplôme : « Infra 3 »."/>
        <SelectField prefix=PREFIX name="situation" label="Votre situation aujourd'hui" value=draft.situation errors
            options=situations/>
        <CheckboxGroup prefix=PREFIX name="needs" legend="Ce que vous attendez de la Mission Locale (plusieurs choix possibles)"
            values=draft.needs errors options=needs/>
        <SelectField prefix=PREFIX name="referrer" label="Qui vous a conseillé de venir ?" value=draft.referrer errors
            options=list_options(ReferrerKind::ALL, |r| (r.code(), r.label())) required=false/>
        <Show when=referred>
            <TextField prefix=PREFIX name="referrer_name" label="Nom de la structure ou de la personne" value=draft.referrer_name errors
                required=false hint="Par exemple : collège Jean Macé, assistante sociale du département."/>
        </Show>
    }
}

/// Step 4: the information notice on personal data, and the young person's acknowledgement.
#[component]
pub fn DataStep(
    draft: Draft,
    errors: FormErrors,
    structures: Fetched<Vec<PublicStructure>>,
) -> impl IntoView {
    let chosen = Signal::derive(move || {
        let id = draft.structure_id.get();
        structures
            .get()
            .unwrap_or_default()
            .into_iter()
            .find(|s| s.id.to_string() == id)
            .map_or_else(|| "la Mission Locale choisie".to_owned(), |s| s.name)
    });
    view! {
        <p>"Votre demande sera envoyée à : " <strong>{move || chosen.get()}</strong>"."</p>
        <section class="privacy" aria-labelledby="rgpd-titre">
            <h3 id="rgpd-titre">"Ce que nous faisons de vos informations"</h3>
            <p><strong>"Qui s'en sert ? "</strong>
                {move || chosen.get()}
                " et France Travail, avec la DSIML (direction des systèmes d'information des Missions Locales). \
                 Ils sont responsables ensemble de vos données (« responsables conjoints du traitement »)."</p>
            <p><strong>"Pourquoi ? "</strong>
                "Pour vous rappeler, préparer votre premier rendez-vous, puis vous accompagner vers l'emploi, \
                 la formation, le logement, la santé ou l'accès à vos droits. C'est une mission d'intérêt public \
                 confiée aux Missions Locales par la loi (article 6, paragraphe 1, point e du RGPD)."</p>
            <p><strong>"Qui les voit ? "</strong>
                "Seulement les personnes de la Mission Locale qui vous accueillent et vous accompagnent. \
                 Vos informations ne sont jamais vendues ni utilisées pour de la publicité."</p>
            <p><strong>"Combien de temps ? "</strong>
                "Si vous êtes accompagné·e, votre dossier est gardé jusqu'à deux ans après vos 25 ans \
                 ou après votre dernier contact avec la Mission Locale (dix ans après la fin d'un contrat \
                 d'engagement jeune), puis il est rendu anonyme. Si aucun dossier n'est ouvert, votre \
                 demande est effacée 90 jours après son dernier traitement."</p>
            <p><strong>"Vos droits : "</strong>
                "vous pouvez demander à voir vos informations, à les faire corriger ou effacer, à limiter \
                 leur utilisation ou vous y opposer. Adressez-vous à votre Mission Locale. Si vous pensez \
                 que vos droits ne sont pas respectés, vous pouvez vous plaindre auprès de la CNIL : "
                <a href="https://www.cnil.fr/fr/adresser-une-plainte">"cnil.fr"</a>"."</p>
        </section>
        <CheckboxField prefix=PREFIX name="consent" label="J'ai lu l'information sur mes données personnelles."
            value=draft.consent errors/>
    }
}
