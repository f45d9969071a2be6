//! `/partenaire/offres/:id`: one offer. The partner's own offers (`editable`) can be changed
//! (C8): a service (data·inclusion's fields) or a job (ROME code, contract, hours, positions),
//! its conditions, its place, its capacity, and its sessions with their own capacity (a
//! capacity below the places already taken is refused, `below_taken`, under the field). The
//! other offers of the catalogue are read only (C14, B27). `/partenaire/offres/nouvelle`
//! publishes a new one.

use std::sync::Arc;

use domain::accompaniment::{Scheme, Theme};
use domain::dto::{JobDetails, OfferContact, OfferInput, SessionInput};
use domain::file::EducationLevel;
use domain::offers::{
    ContractType, Eligibility, Fees, OfferKind, OfferStatus, Public, ServiceType, check_capacity,
};
use domain::{OfferId, OfferSessionId};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use serde_json::Value;

use super::portal::{
    self, address_change, address_fields, address_in, address_values, checks, offer_line, places,
    ticked,
};
use crate::api;
use crate::format;
use crate::pages::counsellor::accompaniment::json::{day, f, has, list, n, s};
use crate::pages::counsellor::accompaniment::ui::{
    self, Form, OPT, PLAIN, REQ, badge, btn, el, num, para, r, t,
};
use crate::pages::counsellor::accompaniment::{
    Ctx, Data, Open, Part, answer, date_in, error_of, load, loaded, mount, open_as, prefix_of,
    reject, text_in, trimmed,
};
use crate::pages::counsellor::html::{Errors, Values, focus_later, form_of, one, put};

const PREFIX: &str = "offre";

const LABELS: &[(&str, &str)] = &[
    ("kind", "Type d'offre"),
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
    ("contact.name", "Contact : nom"),
    ("contact.email", "Contact : e-mail"),
    ("contact.phone", "Contact : téléphone"),
    ("job.rome_code", "Code ROME"),
    ("job.contract_type", "Type de contrat"),
    ("job.hours_per_week", "Heures par semaine"),
    ("job.positions", "Postes à pourvoir"),
    ("job.starts_on", "Date de début"),
    ("job.salary", "Salaire"),
    ("status", "État de l'offre"),
    ("starts_on", "Premier jour"),
    ("ends_on", "Dernier jour"),
];

/// The fields under `eligibility.zones[i]` are shown under the zones' field.
fn field_of(name: String) -> String {
    match name.split_once('[') {
        Some((base, _)) if base == "eligibility.zones" => base.to_owned(),
        _ => name,
    }
}

/// Goes to a page of the app.
type Go = Arc<dyn Fn(&str) + Send + Sync>;

#[derive(Clone, Copy)]
struct OfferPage {
    ctx: Ctx,
    /// `None`: a new offer.
    id: Option<OfferId>,
    /// An `OfferDetail` (null for a new offer).
    data: Data,
    reload: RwSignal<u32>,
    /// The offer's form (`offre`) or a session's (`session:new`, `session:{id}`).
    open: RwSignal<Option<Open>>,
    error: RwSignal<Option<String>>,
    navigate: StoredValue<Go>,
}

/// The offer form's values from an `OfferDetail`.
fn values_of(d: &Value) -> Values {
    let mut v = Values::new();
    let summary = f(d, "summary");
    let multi = |v: &mut Values, name: &str, from: &Value| {
        v.insert(
            name.to_owned(),
            list(from, "")
                .iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect(),
        );
    };
    put(&mut v, "kind", s(summary, "kind"));
    put(&mut v, "title", s(summary, "title"));
    put(&mut v, "description", s(d, "description"));
    multi(&mut v, "themes", f(summary, "themes"));
    put(&mut v, "service_type", s(summary, "service_type"));
    multi(&mut v, "publics", f(d, "publics"));
    put(&mut v, "fees", s(d, "fees"));
    if f(summary, "remote").as_bool() == Some(true) {
        put(&mut v, "remote", "on");
    }
    put(&mut v, "how_to_apply", s(d, "how_to_apply"));
    let e = f(d, "eligibility");
    let number = |x: &Value| x.as_i64().map(|n| n.to_string()).unwrap_or_default();
    put(&mut v, "eligibility.age_min", number(f(e, "age_min")));
    put(&mut v, "eligibility.age_max", number(f(e, "age_max")));
    multi(&mut v, "eligibility.schemes", f(e, "schemes"));
    multi(&mut v, "eligibility.levels", f(e, "levels"));
    let zones: Vec<&str> = list(e, "zones").iter().filter_map(Value::as_str).collect();
    put(&mut v, "eligibility.zones", zones.join(", "));
    address_values(&mut v, f(d, "address"));
    put(&mut v, "capacity", number(f(summary, "capacity")));
    let c = f(d, "contact");
    put(&mut v, "contact.name", s(c, "name"));
    put(&mut v, "contact.email", s(c, "email"));
    let phone = s(c, "phone");
    put(
        &mut v,
        "contact.phone",
        if phone.is_empty() {
            String::new()
        } else {
            format::phone(phone)
        },
    );
    let job = f(d, "job");
    put(&mut v, "job.rome_code", s(job, "rome_code"));
    put(&mut v, "job.contract_type", s(job, "contract_type"));
    put(
        &mut v,
        "job.hours_per_week",
        number(f(job, "hours_per_week")),
    );
    put(&mut v, "job.positions", number(f(job, "positions")));
    put(&mut v, "job.starts_on", s(job, "starts_on"));
    put(&mut v, "job.salary", s(job, "salary"));
    put(&mut v, "status", s(summary, "status"));
    v
}

/// A whole number typed in `name`, or the field's error.
fn number_in<T: std::str::FromStr>(
    values: &Values,
    name: &str,
    errors: &mut Vec<(String, String)>,
) -> Option<T> {
    let text = one(values, name).trim();
    if text.is_empty() {
        return None;
    }
    let parsed = text.parse().ok();
    if parsed.is_none() {
        errors.push((name.to_owned(), "Saisissez un nombre entier.".to_owned()));
    }
    parsed
}

/// "de 16 à 25 ans · CEJ · Niveau 3…", an `Eligibility` in words.
fn conditions(e: &Value) -> String {
    let mut parts = Vec::new();
    match (f(e, "age_min").as_i64(), f(e, "age_max").as_i64()) {
        (Some(a), Some(b)) => parts.push(format!("de {a} à {b} ans")),
        (Some(a), None) => parts.push(format!("{a} ans ou plus")),
        (None, Some(b)) => parts.push(format!("{b} ans au plus")),
        (None, None) => {}
    }
    let labels = |key: &str, label: fn(&str) -> Option<&'static str>| -> Vec<&'static str> {
        list(e, key)
            .iter()
            .filter_map(|x| x.as_str().and_then(label))
            .collect()
    };
    let schemes = labels("schemes", |c| Scheme::from_code(c).map(Scheme::label));
    if !schemes.is_empty() {
        parts.push(format!("réservée aux jeunes en {}", schemes.join(" ou ")));
    }
    let levels = labels("levels", |c| {
        EducationLevel::from_code(c).map(EducationLevel::label)
    });
    if !levels.is_empty() {
        parts.push(format!("niveaux : {}", levels.join(" ; ")));
    }
    let zones: Vec<&str> = list(e, "zones").iter().filter_map(Value::as_str).collect();
    if !zones.is_empty() {
        parts.push(format!("habitants de {}", zones.join(", ")));
    }
    if parts.is_empty() {
        "Aucune condition particulière".to_owned()
    } else {
        parts.join(" · ")
    }
}

/// A `<dt>`/`<dd>` pair, when there is something to say.
fn fact(out: &mut String, term: &str, text: &str) {
    if !text.trim().is_empty() {
        el(out, "<dt>", term, "</dt>");
        el(out, "<dd>", text, "</dd>");
    }
}

/// The labels of a list of codes.
fn labels_of(v: &Value, label: fn(&str) -> Option<&'static str>) -> String {
    list(v, "")
        .iter()
        .filter_map(|x| x.as_str().and_then(label))
        .collect::<Vec<_>>()
        .join(", ")
}

impl OfferPage {
    /// The offer as the catalogue shows it.
    fn detail_html(&self, out: &mut String, d: &Value) {
        let summary = f(d, "summary");
        r(
            out,
            r#"<h2 id="offre-detail" tabindex="-1">Détail de l'offre</h2><p class="lead">"#,
        );
        offer_line(out, summary);
        let (class, status) = match OfferStatus::from_code(s(summary, "status")) {
            Some(st @ OfferStatus::Ouverte) => ("badge-ok", st.label()),
            Some(st) => ("badge-neutral", st.label()),
            None => ("badge-neutral", ""),
        };
        badge(out, class, status);
        r(out, "</p>");
        r(out, r#"<dl class="facts">"#);
        fact(
            out,
            "Proposée par",
            if has(summary, "partner_name") {
                s(summary, "partner_name")
            } else {
                "La Mission Locale"
            },
        );
        let mut room = String::new();
        places(&mut room, summary);
        fact(out, "Places", &room);
        fact(out, "Conditions", &conditions(f(d, "eligibility")));
        fact(
            out,
            "Publics",
            &labels_of(f(d, "publics"), |c| Public::from_code(c).map(Public::label)),
        );
        fact(
            out,
            "Frais",
            Fees::from_code(s(d, "fees")).map_or("", Fees::label),
        );
        let a = f(d, "address");
        let place = [s(a, "line"), s(a, "postcode"), s(a, "commune_name")]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        fact(out, "Lieu", &place);
        let job = f(d, "job");
        if !job.is_null() {
            fact(out, "Code ROME", s(job, "rome_code"));
            fact(
                out,
                "Contrat",
                ContractType::from_code(s(job, "contract_type")).map_or("", ContractType::label),
            );
            if has(job, "hours_per_week") {
                fact(
                    out,
                    "Durée",
                    &format!("{} h par semaine", n(job, "hours_per_week")),
                );
            }
            if has(job, "positions") {
                fact(out, "Postes", &n(job, "positions").to_string());
            }
            fact(out, "Début", &day(job, "starts_on"));
            fact(out, "Salaire", s(job, "salary"));
        }
        fact(out, "Comment y accéder", s(d, "how_to_apply"));
        let c = f(d, "contact");
        let phone = s(c, "phone");
        let contact = [
            s(c, "name").to_owned(),
            s(c, "email").to_owned(),
            if phone.is_empty() {
                String::new()
            } else {
                format::phone(phone)
            },
        ]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
        fact(out, "Contact", &contact);
        r(out, "</dl><h2>Description</h2>");
        para(out, s(d, "description"));
        if f(d, "editable").as_bool() == Some(true) {
            r(out, r#"<div class="actions">"#);
            btn(out, "button", "edit", "", "Modifier l'offre");
            r(
                out,
                r#"<a class="button button-secondary" href="/partenaire/jeunes?offre="#,
            );
            t(out, s(summary, "id"));
            r(out, r#"">Voir les jeunes orientés</a></div>"#);
        }
    }

    /// The offer's form.
    fn form_html(&self, out: &mut String, o: &Open) {
        let form = Form {
            prefix: PREFIX,
            values: &o.values,
            errors: &o.errors,
        };
        let title = if self.id.is_some() {
            "Modifier l'offre"
        } else {
            "Nouvelle offre"
        };
        form.open(out, PREFIX, title, &ui::label_in(LABELS));
        let kinds = ui::choices(OfferKind::ALL, OfferKind::code, OfferKind::label);
        form.select(out, "kind", "Type d'offre", "", REQ, &kinds, "Choisissez");
        let kind = OfferKind::from_code(one(&o.values, "kind"));
        form.input(
            out,
            "text",
            "title",
            "Nom de l'offre",
            "De 3 à 150 caractères, sans point final.",
            REQ,
        );
        form.area(out, "description", "Description", "", REQ);
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
        if kind == Some(OfferKind::Emploi) {
            r(
                out,
                r#"<fieldset class="field choices"><legend>Le poste</legend>"#,
            );
            form.input(
                out,
                "text",
                "job.rome_code",
                "Code ROME",
                "Une lettre et quatre chiffres, par exemple N1103.",
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
            form.input(
                out,
                "number",
                "job.hours_per_week",
                "Heures par semaine",
                "",
                OPT,
            );
            form.input(out, "number", "job.positions", "Postes à pourvoir", "", OPT);
            form.input(out, "date", "job.starts_on", "Date de début", "", OPT);
            form.input(
                out,
                "text",
                "job.salary",
                "Salaire",
                "Par exemple : SMIC horaire.",
                OPT,
            );
            r(out, "</fieldset>");
        }
        checks(
            out,
            PREFIX,
            "themes",
            "Thématiques",
            &ui::choices(Theme::ALL, Theme::code, Theme::label),
            &o.values,
            o.errors.get("themes"),
        );
        checks(
            out,
            PREFIX,
            "publics",
            "Publics",
            &ui::choices(Public::ALL, Public::code, Public::label),
            &o.values,
            o.errors.get("publics"),
        );
        let fees = ui::choices(Fees::ALL, Fees::code, Fees::label);
        form.select(
            out,
            "fees",
            "Frais pour le jeune",
            "",
            OPT,
            &fees,
            "Non précisé",
        );
        r(
            out,
            r#"<div class="field"><div class="checkbox"><input type="checkbox" id="offre-remote" name="remote" value="on""#,
        );
        if one(&o.values, "remote") == "on" {
            r(out, " checked");
        }
        r(
            out,
            r#"><label for="offre-remote">Se suit à distance</label></div></div>"#,
        );
        form.area(
            out,
            "how_to_apply",
            "Comment y accéder",
            "Par exemple : orientation par la Mission Locale, entretien sur place.",
            OPT,
        );
        r(
            out,
            r#"<fieldset class="field choices"><legend>Conditions pour en bénéficier</legend>"#,
        );
        form.input(out, "number", "eligibility.age_min", "Âge minimum", "", OPT);
        form.input(out, "number", "eligibility.age_max", "Âge maximum", "", OPT);
        checks(
            out,
            PREFIX,
            "eligibility.schemes",
            "Réservée aux jeunes en",
            &ui::choices(Scheme::ALL, Scheme::code, Scheme::label),
            &o.values,
            o.errors.get("eligibility.schemes"),
        );
        checks(
            out,
            PREFIX,
            "eligibility.levels",
            "Niveaux de formation acceptés",
            &ui::choices(
                EducationLevel::ALL,
                EducationLevel::code,
                EducationLevel::label,
            ),
            &o.values,
            o.errors.get("eligibility.levels"),
        );
        form.input(
            out,
            "text",
            "eligibility.zones",
            "Zones",
            "Départements (59) ou codes commune INSEE (59512), séparés par des virgules. Vide : tout le territoire.",
            OPT,
        );
        r(out, "</fieldset>");
        r(
            out,
            r#"<fieldset class="field choices"><legend>Lieu</legend>"#,
        );
        address_fields(out, &form);
        r(out, "</fieldset>");
        form.input(
            out,
            "number",
            "capacity",
            "Nombre de places",
            "Laissez vide s'il n'y a pas de limite. Les sessions peuvent avoir le leur.",
            OPT,
        );
        r(
            out,
            r#"<fieldset class="field choices"><legend>Contact pour cette offre</legend>"#,
        );
        form.input(out, "text", "contact.name", "Contact : nom", "", OPT);
        form.input(out, "email", "contact.email", "Contact : e-mail", "", OPT);
        form.input(out, "tel", "contact.phone", "Contact : téléphone", "", OPT);
        r(out, "</fieldset>");
        // The empty choice is "Ouverte", the default.
        let statuses: Vec<(&str, &str)> =
            ui::choices(OfferStatus::ALL, OfferStatus::code, OfferStatus::label)
                .into_iter()
                .filter(|(code, _)| *code != OfferStatus::Ouverte.code())
                .collect();
        form.select(
            out,
            "status",
            "État de l'offre",
            "Pourvue : plus de recrutement pour le moment. Fermée : l'offre n'est plus proposée.",
            PLAIN,
            &statuses,
            "Ouverte",
        );
        if self.id.is_some() {
            form.close(out, "Enregistrer l'offre");
        } else {
            r(
                out,
                r#"<div class="actions"><button type="submit" class="button">Publier l'offre</button></div></form>"#,
            );
        }
    }

    fn sessions_html(&self, out: &mut String, d: &Value) {
        let editable = f(d, "editable").as_bool() == Some(true);
        let sessions = list(d, "sessions");
        if sessions.is_empty() && !editable {
            return;
        }
        r(
            out,
            r#"<section><h2 id="sessions" tabindex="-1">Sessions</h2>"#,
        );
        error_of(out, self.error);
        if sessions.is_empty() {
            r(out, "<p>Pas de session : l'offre se suit en continu.</p>");
        }
        let open = self.open.get();
        r(out, r#"<ul class="cards-list">"#);
        for x in sessions {
            let id = s(x, "id");
            let name = session_name(x);
            el(out, r#"<li class="card"><h3>"#, &name, "</h3><p>");
            if has(x, "capacity") {
                places(out, x);
            } else {
                r(out, "Capacité de l'offre");
                if has(x, "places_left") {
                    r(out, " · ");
                    num(out, n(x, "places_left"));
                    r(out, " place(s) restante(s)");
                }
            }
            r(out, " · ");
            num(out, n(x, "taken"));
            r(out, " jeune(s) accepté(s)</p>");
            let key = format!("session:{id}");
            match open_as(&open, &key) {
                Some(o) => session_form(out, &o, &format!("Modifier la session : {name}")),
                None if editable => {
                    el(
                        out,
                        r#"<div class="actions" role="group" aria-label=""#,
                        &name,
                        r#"">"#,
                    );
                    btn(
                        out,
                        "button button-secondary",
                        "session",
                        id,
                        "Modifier la session",
                    );
                    r(out, "</div>");
                }
                None => {}
            }
            r(out, "</li>");
        }
        r(out, "</ul>");
        if editable {
            match open_as(&open, "session:new") {
                Some(o) => session_form(out, &o, "Nouvelle session"),
                None => btn(out, "button", "session", "new", "Ajouter une session"),
            }
        }
        r(out, "</section>");
    }

    fn open_form(&self) {
        let values = values_of(&answer(self.data));
        self.open.set(Some(Open::new(PREFIX, values)));
        focus_later("offre-titre");
    }

    fn save_offer(&self, values: Values) {
        let stored = answer(self.data);
        let mut extra = Vec::new();
        let kind = OfferKind::from_code(one(&values, "kind"));
        let eligibility = Eligibility {
            age_min: number_in(&values, "eligibility.age_min", &mut extra),
            age_max: number_in(&values, "eligibility.age_max", &mut extra),
            schemes: ticked(&values, "eligibility.schemes", Scheme::from_code),
            levels: ticked(&values, "eligibility.levels", EducationLevel::from_code),
            zones: one(&values, "eligibility.zones")
                .split([',', ';', ' '])
                .filter(|z| !z.trim().is_empty())
                .map(str::to_owned)
                .collect(),
        }
        .normalised();
        let capacity = number_in(&values, "capacity", &mut extra);
        let job = (kind == Some(OfferKind::Emploi)).then(|| JobDetails {
            rome_code: trimmed(&values, "job.rome_code").to_uppercase(),
            contract_type: ContractType::from_code(one(&values, "job.contract_type")),
            hours_per_week: number_in(&values, "job.hours_per_week", &mut extra),
            positions: number_in(&values, "job.positions", &mut extra),
            starts_on: date_in(&values, "job.starts_on"),
            salary: text_in(&values, "job.salary"),
        });
        let body = OfferInput {
            kind,
            partner_id: None,
            title: trimmed(&values, "title"),
            description: trimmed(&values, "description"),
            themes: ticked(&values, "themes", Theme::from_code),
            service_type: ServiceType::from_code(one(&values, "service_type"))
                .filter(|_| kind == Some(OfferKind::Service)),
            publics: ticked(&values, "publics", Public::from_code),
            fees: Fees::from_code(one(&values, "fees")),
            remote: one(&values, "remote") == "on",
            how_to_apply: text_in(&values, "how_to_apply"),
            eligibility,
            address: address_in(&values, f(&stored, "address")),
            capacity,
            contact: OfferContact {
                name: text_in(&values, "contact.name"),
                email: text_in(&values, "contact.email"),
                phone: text_in(&values, "contact.phone"),
            },
            job,
            status: OfferStatus::from_code(one(&values, "status")),
        };
        let mut fields: Vec<(String, String)> = body
            .check()
            .into_iter()
            .map(|e| (field_of(e.field), e.message))
            .collect();
        for (field, message) in extra {
            if !fields.iter().any(|(f, _)| *f == field) {
                fields.push((field, message));
            }
        }
        if !fields.is_empty() {
            let errors = Errors {
                general: None,
                fields,
            };
            return reject(self.open, PREFIX, values, errors);
        }
        let page = *self;
        let ctx = self.ctx;
        ctx.send(
            api::offers::save_offer_tree(ctx.session, self.id, &body),
            Box::new(move |result| match result {
                Ok(saved) => {
                    page.open.try_set(None);
                    match page.id {
                        None => {
                            let id = s(f(&saved, "summary"), "id").to_owned();
                            ctx.say(format!("Offre « {} » publiée.", body.title));
                            page.navigate
                                .with_value(|go| go(&format!("/partenaire/offres/{id}")));
                        }
                        Some(_) => {
                            page.reload.try_update(|n| *n += 1);
                            ctx.say("Offre enregistrée.");
                            focus_later("offre-detail");
                        }
                    }
                }
                Err(err) => {
                    let mut errors = Errors::of(&err);
                    for (field, _) in &mut errors.fields {
                        *field = field_of(std::mem::take(field));
                    }
                    reject(page.open, PREFIX, values, errors);
                }
            }),
        );
    }

    fn save_session(&self, arg: &str, values: Values) {
        let Some(id) = self.id else {
            return;
        };
        let key = format!("session:{arg}");
        let existing = arg.parse::<OfferSessionId>().ok();
        let stored = answer(self.data);
        let taken = list(&stored, "sessions")
            .iter()
            .find(|x| s(x, "id") == arg)
            .map_or(0, |x| n(x, "taken"));
        let mut extra = Vec::new();
        let body = SessionInput {
            starts_on: date_in(&values, "starts_on"),
            ends_on: date_in(&values, "ends_on"),
            capacity: number_in(&values, "capacity", &mut extra),
        };
        let mut errors = Errors {
            general: None,
            fields: extra,
        };
        if body.starts_on.is_none() {
            errors.fields.push((
                "starts_on".to_owned(),
                "Saisissez le premier jour.".to_owned(),
            ));
        }
        if let (Some(a), Some(b)) = (body.starts_on, body.ends_on)
            && b < a
        {
            errors.fields.push((
                "ends_on".to_owned(),
                "Le dernier jour ne peut pas précéder le premier.".to_owned(),
            ));
        }
        if errors.get("capacity").is_none()
            && let Err(e) = check_capacity(body.capacity, taken, "capacity")
        {
            errors.fields.push((e.field, e.message));
        }
        if !errors.is_empty() {
            return reject(self.open, &key, values, errors);
        }
        let ctx = self.ctx;
        ctx.send_form(
            api::offers::save_session_tree(ctx.session, id, existing, &body),
            (self.open, key, values),
            self.reload,
            Box::new(|_| ("Session enregistrée.".to_owned(), "sessions".to_owned())),
        );
    }
}

/// "Du 12/01/2026 au 09/03/2026", of an `OfferSession`.
fn session_name(x: &Value) -> String {
    let from = day(x, "starts_on");
    let to = day(x, "ends_on");
    if to.is_empty() {
        format!("À partir du {from}")
    } else {
        format!("Du {from} au {to}")
    }
}

/// A session's form (`session` prefix: one open at a time).
fn session_form(out: &mut String, o: &Open, title: &str) {
    let form = Form {
        prefix: "session",
        values: &o.values,
        errors: &o.errors,
    };
    form.open(out, &o.key, title, &ui::label_in(LABELS));
    form.input(out, "date", "starts_on", "Premier jour", "", REQ);
    form.input(out, "date", "ends_on", "Dernier jour", "", OPT);
    form.input(
        out,
        "number",
        "capacity",
        "Nombre de places",
        "Laissez vide : la capacité de l'offre.",
        OPT,
    );
    form.close(out, "Enregistrer la session");
}

impl Part for OfferPage {
    fn blocks(&self) -> usize {
        2
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        if self.id.is_none() {
            if block == 0 {
                let open = self.open.get().filter(|o| o.key == PREFIX);
                let open = open.unwrap_or_else(|| {
                    let mut values = Values::new();
                    put(&mut values, "status", OfferStatus::Ouverte.code());
                    Open::new(PREFIX, values)
                });
                r(
                    &mut out,
                    "<p>Votre offre sera visible des conseillers de la Mission Locale, qui pourront vous orienter des jeunes, et des jeunes eux-mêmes s'ils remplissent ses conditions.</p>",
                );
                self.form_html(&mut out, &open);
            }
            return out;
        }
        loaded(&mut out, self.data, &|out, d| {
            if block == 0 {
                match open_as(&self.open.get(), PREFIX) {
                    Some(o) => self.form_html(out, &o),
                    None => self.detail_html(out, d),
                }
            } else {
                self.sessions_html(out, d);
            }
        });
        out
    }

    fn click(&self, action: &str, arg: &str, _ev: &web_sys::Event) {
        match action {
            "edit" => self.open_form(),
            "cancel" => {
                let was = self.open.get_untracked().map(|o| o.key).unwrap_or_default();
                self.open.set(None);
                focus_later(if was == PREFIX {
                    "offre-detail"
                } else {
                    "sessions"
                });
            }
            "session" => {
                let stored = answer(self.data);
                let mut values = Values::new();
                if let Some(x) = list(&stored, "sessions").iter().find(|x| s(x, "id") == arg) {
                    put(&mut values, "starts_on", s(x, "starts_on"));
                    put(&mut values, "ends_on", s(x, "ends_on"));
                    put(
                        &mut values,
                        "capacity",
                        f(x, "capacity")
                            .as_i64()
                            .map(|c| c.to_string())
                            .unwrap_or_default(),
                    );
                }
                self.error.set(None);
                let key = format!("session:{arg}");
                self.open.set(Some(Open::new(key.clone(), values)));
                focus_later(format!("{}-titre", prefix_of(&key)));
            }
            _ => {}
        }
    }

    fn submit(&self, form: &str, arg: &str, values: Values) {
        match form {
            PREFIX => self.save_offer(values),
            "session" => self.save_session(arg, values),
            _ => {}
        }
    }

    fn change(&self, ev: &web_sys::Event) {
        if crate::pages::counsellor::html::target_id(ev) == "offre-kind"
            && let Some((_, values)) = form_of(ev)
        {
            // The job's fields or the service's type, as the kind requires.
            self.open.set(Some(Open::new(PREFIX, values)));
            focus_later("offre-kind");
            return;
        }
        address_change(PREFIX, ev);
    }
}

/// `/partenaire/offres/:id` (`nouvelle`: a new offer).
pub(super) fn page(id: &str) -> AnyView {
    let ctx = portal::ctx();
    let session = ctx.session;
    let navigate = leptos_router::hooks::use_navigate();
    let navigate: Go = Arc::new(move |path: &str| navigate(path, NavigateOptions::default()));
    let id = if id == "nouvelle" {
        None
    } else {
        match id.parse::<OfferId>() {
            Ok(id) => Some(id),
            Err(_) => return crate::pages::counsellor::agenda::not_found(),
        }
    };
    let reload = RwSignal::new(0u32);
    let data = load(move || {
        reload.track();
        match id {
            Some(id) => api::offers::offer_tree(session, id),
            None => Box::pin(async { Ok(Value::Null) }),
        }
    });
    let title = Signal::derive(move || match id {
        None => "Publier une offre".to_owned(),
        Some(_) => data.with(|d| match d {
            Some(Ok(d)) => s(f(d, "summary"), "title").to_owned(),
            Some(Err(_)) => "Offre introuvable".to_owned(),
            None => "Offre".to_owned(),
        }),
    });
    let part = OfferPage {
        ctx,
        id,
        data,
        reload,
        open: RwSignal::new(None),
        error: RwSignal::new(None),
        navigate: StoredValue::new(navigate),
    };
    mount(title, back_link(), Arc::new(part), ctx.announce)
}

/// The way back to the lists.
fn back_link() -> String {
    r#"<p><a href="/partenaire/offres">Nos offres</a> · <a href="/partenaire/catalogue">Toutes les offres</a></p>"#
        .to_owned()
}
