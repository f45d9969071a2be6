//! The form of an offer (service or job), for a new one and to edit one; the address fields
//! with the communes of the postcode typed, shared with the partner's record.

use std::time::Duration;

use domain::PartnerId;
use domain::accompaniment::{Scheme, Theme};
use domain::dto::{AddressInput, JobDetails, OfferContact, OfferInput};
use domain::file::lists::EducationLevel;
use domain::offers::{
    ContractType, Eligibility, Fees, GeoPoint, OfferKind, OfferStatus, Public, ServiceType,
};
use leptos::prelude::*;
use serde_json::Value;

use super::super::accompaniment::json::{f, list, s};
use super::super::accompaniment::ui::{self, Form, OPT, PLAIN, REQ, r};
use super::super::html::{
    Errors, Values, field_id, form_of, one, options_html, put, set_inner, target_id,
};
use super::{checks, codes, errors_of, number, opt, tick};
use crate::api;

/// The communes of the postcode typed in an address, as (INSEE code, label).
#[derive(Clone, Copy)]
pub(crate) struct Communes {
    found: StoredValue<Vec<(String, String)>>,
    sequence: StoredValue<u32>,
}

impl Communes {
    pub fn new() -> Self {
        Self {
            found: StoredValue::new(Vec::new()),
            sequence: StoredValue::new(0),
        }
    }

    /// Keeps the commune already chosen listed.
    pub fn seed(&self, code: Option<&str>, name: Option<&str>) {
        if let Some(code) = code.filter(|c| !c.is_empty()) {
            let label = name.unwrap_or(code).to_owned();
            self.found.set_value(vec![(code.to_owned(), label)]);
        } else {
            self.found.set_value(Vec::new());
        }
    }

    /// The address fields (`address.line`, `address.postcode`, `address.commune`) in a
    /// fieldset.
    pub fn fields(&self, out: &mut String, form: &Form, legend: &str) {
        r(out, r#"<fieldset class="group"><legend>"#);
        ui::t(out, legend);
        r(out, "</legend>");
        for name in ["address.was", "address.lat", "address.lon"] {
            let value = one(form.values, name);
            if !value.is_empty() {
                r(out, r#"<input type="hidden" name=""#);
                r(out, name);
                r(out, r#"" value=""#);
                ui::t(out, value);
                r(out, r#"">"#);
            }
        }
        form.input(
            out,
            "text",
            "address.line",
            "Adresse",
            "Numéro et voie.",
            OPT,
        );
        form.input(
            out,
            "text",
            "address.postcode",
            "Code postal",
            "Les communes de ce code postal s'affichent ensuite dans la liste.",
            OPT,
        );
        self.found.with_value(|found| {
            let options: Vec<(&str, &str)> = found
                .iter()
                .map(|(c, l)| (c.as_str(), l.as_str()))
                .collect();
            form.select(
                out,
                "address.commune",
                "Commune",
                "",
                OPT,
                &options,
                "Choisissez la commune",
            );
        });
        r(out, "</fieldset>");
    }

    /// A postcode changed in the form `prefix`: lists its communes.
    pub fn change(&self, ev: &web_sys::Event, prefix: &str) {
        if target_id(ev) != field_id(prefix, "address.postcode") {
            return;
        }
        let Some((_, values)) = form_of(ev) else {
            return;
        };
        let postcode: String = one(&values, "address.postcode")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if postcode.len() != 5 || !postcode.chars().all(|c| c.is_ascii_digit()) {
            return;
        }
        let chosen = one(&values, "address.commune").to_owned();
        self.sequence.update_value(|s| *s += 1);
        let (mine, this) = (self.sequence.get_value(), *self);
        let select = field_id(prefix, "address.commune");
        set_timeout(
            move || {
                leptos::task::spawn_local(async move {
                    let Ok(found) = api::reference::communes_of_postcode(&postcode).await else {
                        return;
                    };
                    if this.sequence.try_get_value() != Some(mine) {
                        return;
                    }
                    let options: Vec<(String, String)> = found
                        .into_iter()
                        .map(|c| (c.insee, format!("{} ({})", c.name, c.departement)))
                        .collect();
                    let chosen = match options.as_slice() {
                        [(only, _)] => only.clone(),
                        _ => chosen,
                    };
                    set_inner(
                        &select,
                        &options_html(
                            options.iter().map(|(c, l)| (c.as_str(), l.as_str())),
                            &chosen,
                            "Choisissez la commune",
                        ),
                    );
                    this.found.try_set_value(options);
                });
            },
            Duration::from_millis(10),
        );
    }
}

/// The address typed in a form.
pub(crate) fn address_of(values: &Values) -> AddressInput {
    let line = opt(values, "address.line");
    let postcode = opt(values, "address.postcode");
    let commune = opt(values, "address.commune");
    // An address left as it was keeps its position: it is not located again (the geocoder
    // may be unreachable, and the position may have been set by hand).
    let point = (one(values, "address.was") == address_key(values))
        .then(|| {
            Some(GeoPoint {
                lat: one(values, "address.lat").parse().ok()?,
                lon: one(values, "address.lon").parse().ok()?,
            })
        })
        .flatten();
    AddressInput {
        line,
        postcode,
        commune,
        point,
    }
}

/// The typed address as one string, to tell whether it changed.
fn address_key(values: &Values) -> String {
    format!(
        "{}|{}|{}",
        one(values, "address.line").trim(),
        one(values, "address.postcode").trim(),
        one(values, "address.commune").trim()
    )
}

/// Keeps an `Address`'s position in a form's values, with the address it belongs to.
pub(crate) fn keep_point(values: &mut Values, address: &Value) {
    let point = f(address, "point");
    if let (Some(lat), Some(lon)) = (f(point, "lat").as_f64(), f(point, "lon").as_f64()) {
        put(values, "address.lat", lat.to_string());
        put(values, "address.lon", lon.to_string());
        let key = address_key(values);
        put(values, "address.was", key);
    }
}

/// The labels of the offer form's fields, for the error summary.
const LABELS: &[(&str, &str)] = &[
    ("kind", "Type d'offre"),
    ("partner_id", "Partenaire"),
    ("title", "Nom de l'offre"),
    ("description", "Description"),
    ("themes", "Thématiques"),
    ("service_type", "Type de service"),
    ("publics", "Publics"),
    ("fees", "Frais"),
    ("how_to_apply", "Comment y accéder"),
    ("eligibility.age_min", "Âge minimum"),
    ("eligibility.age_max", "Âge maximum"),
    ("eligibility.schemes", "Dispositifs"),
    ("eligibility.levels", "Niveaux de formation"),
    ("eligibility.zones", "Zones"),
    ("address.line", "Adresse"),
    ("address.postcode", "Code postal"),
    ("address.commune", "Commune"),
    ("address.point", "Adresse"),
    ("capacity", "Nombre de places"),
    ("contact.name", "Nom du contact"),
    ("contact.email", "E-mail du contact"),
    ("contact.phone", "Téléphone du contact"),
    ("job.rome_code", "Code ROME"),
    ("job.contract_type", "Type de contrat"),
    ("job.hours_per_week", "Heures par semaine"),
    ("job.positions", "Postes à pourvoir"),
    ("job.starts_on", "Date de début"),
    ("job.salary", "Salaire"),
    ("status", "Statut"),
];

/// A form's values from an offer (an `OfferDetail`), to edit it.
pub(crate) fn offer_values(d: &Value) -> Values {
    let sum = f(d, "summary");
    let mut v = Values::new();
    let codes = |v: &Value, key: &str| -> Vec<String> {
        list(v, key)
            .iter()
            .filter_map(|c| c.as_str().map(str::to_owned))
            .collect()
    };
    let number = |v: &Value, key: &str| {
        f(v, key)
            .as_i64()
            .map(|n| n.to_string())
            .unwrap_or_default()
    };
    for key in ["kind", "partner_id", "title", "service_type", "status"] {
        put(&mut v, key, s(sum, key));
    }
    put(&mut v, "capacity", number(sum, "capacity"));
    v.insert("themes".into(), codes(sum, "themes"));
    if f(sum, "remote").as_bool() == Some(true) {
        put(&mut v, "remote", "1");
    }
    for key in ["description", "fees", "how_to_apply"] {
        put(&mut v, key, s(d, key));
    }
    v.insert("publics".into(), codes(d, "publics"));
    let e = f(d, "eligibility");
    put(&mut v, "eligibility.age_min", number(e, "age_min"));
    put(&mut v, "eligibility.age_max", number(e, "age_max"));
    v.insert("eligibility.schemes".into(), codes(e, "schemes"));
    v.insert("eligibility.levels".into(), codes(e, "levels"));
    put(&mut v, "eligibility.zones", codes(e, "zones").join(", "));
    for (group, keys) in [
        ("address", &["line", "postcode", "commune"][..]),
        ("contact", &["name", "email", "phone"][..]),
        (
            "job",
            &["rome_code", "contract_type", "starts_on", "salary"][..],
        ),
    ] {
        let g = f(d, group);
        for key in keys {
            put(&mut v, format!("{group}.{key}"), s(g, key));
        }
    }
    let job = f(d, "job");
    put(&mut v, "job.hours_per_week", number(job, "hours_per_week"));
    put(&mut v, "job.positions", number(job, "positions"));
    keep_point(&mut v, f(d, "address"));
    v
}

/// The offer typed in the form, checked with the domain's rules; the errors name the fields.
pub(crate) fn offer_input(values: &Values) -> Result<OfferInput, Errors> {
    let mut errors = Errors::default();
    let kind = OfferKind::from_code(one(values, "kind"));
    let job = (kind == Some(OfferKind::Emploi)).then(|| JobDetails {
        rome_code: one(values, "job.rome_code").trim().to_owned(),
        contract_type: ContractType::from_code(one(values, "job.contract_type")),
        hours_per_week: number(values, "job.hours_per_week", &mut errors),
        positions: number(values, "job.positions", &mut errors),
        starts_on: one(values, "job.starts_on").parse().ok(),
        salary: opt(values, "job.salary"),
    });
    let input = OfferInput {
        kind,
        partner_id: one(values, "partner_id").parse::<PartnerId>().ok(),
        title: one(values, "title").trim().to_owned(),
        description: one(values, "description").trim().to_owned(),
        themes: codes(values, "themes", Theme::from_code),
        service_type: (kind == Some(OfferKind::Service))
            .then(|| ServiceType::from_code(one(values, "service_type")))
            .flatten(),
        publics: codes(values, "publics", Public::from_code),
        fees: Fees::from_code(one(values, "fees")),
        remote: one(values, "remote") == "1",
        how_to_apply: opt(values, "how_to_apply"),
        eligibility: Eligibility {
            age_min: number(values, "eligibility.age_min", &mut errors),
            age_max: number(values, "eligibility.age_max", &mut errors),
            schemes: codes(values, "eligibility.schemes", Scheme::from_code),
            levels: codes(values, "eligibility.levels", EducationLevel::from_code),
            zones: one(values, "eligibility.zones")
                .split([',', ';', ' '])
                .map(str::trim)
                .filter(|z| !z.is_empty())
                .map(str::to_uppercase)
                .collect(),
        },
        address: address_of(values),
        capacity: number(values, "capacity", &mut errors),
        contact: OfferContact {
            name: opt(values, "contact.name"),
            email: opt(values, "contact.email"),
            phone: opt(values, "contact.phone"),
        },
        job,
        status: OfferStatus::from_code(one(values, "status")),
    };
    let mut found = errors_of(input.check());
    // A number that is not one is said once, on its field.
    for (name, message) in errors.fields {
        if found.get(&name).is_none() {
            found.fields.push((name, message));
        }
    }
    if found.is_empty() {
        Ok(input)
    } else {
        Err(found)
    }
}

/// The form: `key` is its `data-form`, `partners` the choices of partner (id, name), `edit`
/// adds the status.
#[allow(
    clippy::too_many_arguments,
    reason = "plain arguments cost less code than a struct"
)]
pub(crate) fn offer_form(
    out: &mut String,
    prefix: &str,
    key: &str,
    title: &str,
    values: &Values,
    errors: &Errors,
    partners: &[(String, String)],
    communes: Communes,
    edit: bool,
) {
    let form = Form {
        prefix,
        values,
        errors,
    };
    form.open(out, key, title, &ui::label_in(LABELS));
    r(
        out,
        r#"<p class="small">Le type d'offre fait apparaître ses propres champs : choisissez-le d'abord.</p>"#,
    );
    let kinds = ui::choices(OfferKind::ALL, OfferKind::code, OfferKind::label);
    form.select(out, "kind", "Type d'offre", "", REQ, &kinds, "Choisissez");
    let partner_options: Vec<(&str, &str)> = partners
        .iter()
        .map(|(c, l)| (c.as_str(), l.as_str()))
        .collect();
    form.select(
        out,
        "partner_id",
        "Partenaire qui porte l'offre",
        "Sans partenaire, l'offre est celle de la Mission Locale.",
        OPT,
        &partner_options,
        "La Mission Locale (offre interne)",
    );
    form.input(out, "text", "title", "Nom de l'offre", "", REQ);
    form.area(out, "description", "Description", "", REQ);
    let kind = OfferKind::from_code(one(values, "kind"));
    if kind == Some(OfferKind::Emploi) {
        r(out, r#"<fieldset class="group"><legend>Le poste</legend>"#);
        form.input(
            out,
            "text",
            "job.rome_code",
            "Code ROME",
            "Une lettre de A à N suivie de quatre chiffres, par exemple N1103.",
            REQ,
        );
        let contracts = ui::choices(ContractType::ALL, ContractType::code, ContractType::label);
        form.select(
            out,
            "job.contract_type",
            "Type de contrat",
            "",
            REQ,
            &contracts,
            "Choisissez",
        );
        r(out, r#"<div class="duration">"#);
        form.input(
            out,
            "number",
            "job.hours_per_week",
            "Heures par semaine",
            "",
            OPT,
        );
        form.input(out, "number", "job.positions", "Postes à pourvoir", "", OPT);
        r(out, "</div>");
        form.input(out, "date", "job.starts_on", "Date de début", "", OPT);
        form.input(
            out,
            "text",
            "job.salary",
            "Salaire",
            "Tel que l'employeur l'écrit.",
            OPT,
        );
        r(out, "</fieldset>");
    }
    if kind == Some(OfferKind::Service) {
        let types = ui::choices(ServiceType::ALL, ServiceType::code, ServiceType::label);
        form.select(
            out,
            "service_type",
            "Type de service",
            "",
            REQ,
            &types,
            "Choisissez",
        );
    }
    let themes = ui::choices(Theme::ALL, Theme::code, Theme::label);
    checks(
        out,
        prefix,
        "themes",
        "Thématiques",
        &themes,
        values,
        errors,
        true,
    );
    let publics = ui::choices(Public::ALL, Public::code, Public::label);
    checks(
        out, prefix, "publics", "Publics", &publics, values, errors, true,
    );
    let fees = ui::choices(Fees::ALL, Fees::code, Fees::label);
    form.select(out, "fees", "Frais", "", OPT, &fees, "Non précisé");
    tick(
        out,
        prefix,
        "remote",
        "L'offre peut se suivre à distance",
        values,
    );
    form.area(
        out,
        "how_to_apply",
        "Comment y accéder",
        "Démarches, pièces à fournir, rendez-vous…",
        OPT,
    );
    r(
        out,
        r#"<fieldset class="group"><legend>Conditions d'accès</legend><p class="hint">Seuls les jeunes qui les remplissent sont proposés. Laissez vide : pas de condition.</p><div class="duration">"#,
    );
    form.input(out, "number", "eligibility.age_min", "Âge minimum", "", OPT);
    form.input(out, "number", "eligibility.age_max", "Âge maximum", "", OPT);
    r(out, "</div>");
    let schemes = ui::choices(Scheme::ALL, Scheme::code, Scheme::label);
    checks(
        out,
        prefix,
        "eligibility.schemes",
        "Réservée aux jeunes en",
        &schemes,
        values,
        errors,
        true,
    );
    let levels = ui::choices(
        EducationLevel::ALL,
        EducationLevel::code,
        EducationLevel::label,
    );
    checks(
        out,
        prefix,
        "eligibility.levels",
        "Niveaux de formation acceptés",
        &levels,
        values,
        errors,
        true,
    );
    form.input(
        out,
        "text",
        "eligibility.zones",
        "Zones",
        "Départements (59) ou codes communes INSEE (59512), séparés par des virgules.",
        OPT,
    );
    r(out, "</fieldset>");
    communes.fields(out, &form, "Lieu");
    form.input(
        out,
        "number",
        "capacity",
        "Nombre de places",
        "Laissez vide s'il n'y a pas de limite ; chaque session peut avoir les siennes.",
        OPT,
    );
    r(out, r#"<fieldset class="group"><legend>Contact</legend>"#);
    form.input(out, "text", "contact.name", "Nom du contact", "", OPT);
    form.input(out, "email", "contact.email", "E-mail du contact", "", OPT);
    form.input(out, "tel", "contact.phone", "Téléphone du contact", "", OPT);
    r(out, "</fieldset>");
    if edit {
        let statuses = ui::choices(OfferStatus::ALL, OfferStatus::code, OfferStatus::label);
        form.select(out, "status", "Statut", "", PLAIN, &statuses, "Ouverte");
    }
    form.close(
        out,
        if edit {
            "Enregistrer l'offre"
        } else {
            "Créer l'offre"
        },
    );
}
