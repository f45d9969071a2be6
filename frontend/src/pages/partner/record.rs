//! `/partenaire/fiche`: "Notre fiche", the organisation's record in the Mission Locale's
//! directory, which the partner keeps up to date (C7): description, website, phone, e-mail,
//! address, themes, forms of partnership, contact people. The name, kind, SIRET, the sponsor
//! flag and the partnership's status are the Mission Locale's.

use std::sync::Arc;

use domain::PartnerId;
use domain::accompaniment::Theme;
use domain::dto::{PartnerContact, PartnerInput, PartnerKind};
use domain::offers::{PartnerStatus, PartnershipForm};
use leptos::prelude::*;
use serde_json::Value;

use super::portal::{self, address_change, address_fields, address_in, address_values, checks};
use crate::api;
use crate::format;
use crate::pages::counsellor::accompaniment::json::{f, list, s};
use crate::pages::counsellor::accompaniment::ui::{self, Form, OPT, REQ, badge, btn, el, r};
use crate::pages::counsellor::accompaniment::{
    Ctx, Data, Open, Part, Static, answer, load, loaded, mount, reject, text_in,
};
use crate::pages::counsellor::html::{Errors, Values, form_of, one, put};

const PREFIX: &str = "fiche";

const LABELS: &[(&str, &str)] = &[
    ("description", "Ce que fait votre organisation"),
    ("website", "Site internet"),
    ("email", "E-mail de contact"),
    ("phone", "Téléphone"),
    ("address.line", "Adresse"),
    ("address.postcode", "Code postal"),
    ("address.commune", "Commune"),
    ("themes", "Thématiques"),
    ("forms", "Formes de partenariat"),
    ("contacts", "Personnes à contacter"),
];

/// The label of a field, contacts' fields included (`contacts[1].email`).
fn label_of(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("contacts[")
        && let Some((i, field)) = rest.split_once("].")
    {
        let n = i.parse::<usize>().unwrap_or_default() + 1;
        let what = match field {
            "name" => "nom",
            "role" => "fonction",
            "email" => "e-mail",
            _ => "téléphone",
        };
        return format!("Contact {n}, {what}");
    }
    ui::label_in(LABELS)(name)
}

#[derive(Clone, Copy)]
struct Record {
    ctx: Ctx,
    id: PartnerId,
    /// A `PartnerDetail`.
    data: Data,
    reload: RwSignal<u32>,
    /// The form as typed, once changed or refused.
    open: RwSignal<Option<Open>>,
}

/// The form's values from the record.
fn values_of(d: &Value) -> Values {
    let mut values = Values::new();
    let rec = f(d, "record");
    put(&mut values, "description", s(rec, "description"));
    put(&mut values, "website", s(rec, "website"));
    put(&mut values, "email", s(d, "email"));
    let phone = s(d, "phone");
    put(
        &mut values,
        "phone",
        if phone.is_empty() {
            String::new()
        } else {
            format::phone(phone)
        },
    );
    address_values(&mut values, f(rec, "address"));
    for key in ["themes", "forms"] {
        values.insert(
            key.to_owned(),
            list(rec, key)
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
        );
    }
    for (i, c) in list(rec, "contacts").iter().enumerate() {
        for key in ["name", "role", "email", "phone"] {
            let value = s(c, key);
            let value = if key == "phone" && !value.is_empty() {
                format::phone(value)
            } else {
                value.to_owned()
            };
            put(&mut values, format!("contacts[{i}].{key}"), value);
        }
    }
    values
}

/// How many contact rows the values hold.
fn rows(values: &Values) -> usize {
    (0..)
        .take_while(|i| values.contains_key(&format!("contacts[{i}].name")))
        .count()
}

impl Record {
    fn html(&self, out: &mut String, d: &Value) {
        let rec = f(d, "record");
        r(out, "<dl class=\"facts\"><dt>Nom</dt><dd>");
        ui::t(out, s(d, "name"));
        r(out, "</dd><dt>Type</dt><dd>");
        ui::t(
            out,
            PartnerKind::parse(s(d, "kind")).map_or("", PartnerKind::label),
        );
        r(out, "</dd><dt>SIRET</dt><dd>");
        ui::t(
            out,
            if s(d, "siret").is_empty() {
                "Non renseigné"
            } else {
                s(d, "siret")
            },
        );
        r(out, "</dd><dt>Partenariat</dt><dd>");
        ui::t(
            out,
            PartnerStatus::from_code(s(rec, "status")).map_or("", PartnerStatus::label),
        );
        if f(rec, "sponsor").as_bool() == Some(true) {
            badge(out, "badge-info", "Mécène");
        }
        r(
            out,
            "</dd></dl><p class=\"small\">Le nom, le type, le SIRET et le statut du partenariat sont tenus par la Mission Locale : écrivez-lui pour les faire changer.</p>",
        );
        let open = self.open.get();
        let values = open
            .as_ref()
            .map_or_else(|| values_of(d), |o| o.values.clone());
        let errors = open.map(|o| o.errors).unwrap_or_default();
        let form = Form {
            prefix: PREFIX,
            values: &values,
            errors: &errors,
        };
        form.open(out, PREFIX, "Modifier notre fiche", &label_of);
        form.area(
            out,
            "description",
            "Ce que fait votre organisation",
            "Quelques lignes pour les conseillers et les jeunes.",
            OPT,
        );
        form.input(
            out,
            "url",
            "website",
            "Site internet",
            "Par exemple https://www.exemple.fr",
            OPT,
        );
        form.input(out, "email", "email", "E-mail de contact", "", OPT);
        form.input(out, "tel", "phone", "Téléphone", "", OPT);
        address_fields(out, &form);
        checks(
            out,
            PREFIX,
            "themes",
            "Thématiques sur lesquelles vous intervenez",
            &ui::choices(Theme::ALL, Theme::code, Theme::label),
            &values,
            errors.get("themes"),
        );
        checks(
            out,
            PREFIX,
            "forms",
            "Formes de partenariat (avec ou sans offre)",
            &ui::choices(
                PartnershipForm::ALL,
                PartnershipForm::code,
                PartnershipForm::label,
            ),
            &values,
            errors.get("forms"),
        );
        r(
            out,
            r#"<fieldset class="field choices" id="fiche-contacts"><legend>Personnes à contacter</legend>"#,
        );
        if let Some(m) = errors.get("contacts") {
            el(out, r#"<p class="field-error">"#, m, "</p>");
        }
        let count = rows(&values);
        if count == 0 {
            r(out, "<p>Aucune personne à contacter pour le moment.</p>");
        }
        for i in 0..count {
            el(
                out,
                r#"<div class="panel"><p class="form-title">"#,
                &format!("Contact {}", i + 1),
                "</p>",
            );
            let name = |key: &str| format!("contacts[{i}].{key}");
            let (n, role, email, phone) =
                (name("name"), name("role"), name("email"), name("phone"));
            form.input(
                out,
                "text",
                &n,
                &format!("Contact {} : nom", i + 1),
                "",
                REQ,
            );
            form.input(
                out,
                "text",
                &role,
                &format!("Contact {} : fonction", i + 1),
                "",
                OPT,
            );
            form.input(
                out,
                "email",
                &email,
                &format!("Contact {} : e-mail", i + 1),
                "",
                OPT,
            );
            form.input(
                out,
                "tel",
                &phone,
                &format!("Contact {} : téléphone", i + 1),
                "",
                OPT,
            );
            btn(
                out,
                "button button-secondary",
                "remove",
                &i.to_string(),
                &format!("Retirer le contact {}", i + 1),
            );
            r(out, "</div>");
        }
        btn(
            out,
            "button button-secondary",
            "add",
            "",
            "Ajouter un contact",
        );
        r(
            out,
            r#"</fieldset><div class="actions"><button type="submit" class="button">Enregistrer notre fiche</button></div></form>"#,
        );
    }

    fn save(&self, values: Values) {
        let d = answer(self.data);
        if d.is_null() {
            return;
        }
        let rec = f(&d, "record");
        let contacts: Vec<PartnerContact> = (0..rows(&values))
            .map(|i| {
                let get = |key: &str| text_in(&values, &format!("contacts[{i}].{key}"));
                PartnerContact {
                    name: get("name").unwrap_or_default(),
                    role: get("role"),
                    email: get("email"),
                    phone: get("phone"),
                }
            })
            .collect();
        let body = PartnerInput {
            name: s(&d, "name").to_owned(),
            kind: PartnerKind::parse(s(&d, "kind")),
            siret: Some(s(&d, "siret").to_owned()).filter(|x| !x.is_empty()),
            email: text_in(&values, "email"),
            phone: text_in(&values, "phone"),
            website: text_in(&values, "website"),
            description: text_in(&values, "description"),
            address: address_in(&values, f(rec, "address")),
            themes: portal::ticked(&values, "themes", Theme::from_code),
            forms: portal::ticked(&values, "forms", PartnershipForm::from_code),
            sponsor: f(rec, "sponsor").as_bool() == Some(true),
            contacts,
        };
        let errors = body.check();
        if !errors.is_empty() {
            let errors = Errors {
                general: None,
                fields: errors.into_iter().map(|e| (e.field, e.message)).collect(),
            };
            return reject(self.open, PREFIX, values, errors);
        }
        let ctx = self.ctx;
        ctx.send_form(
            api::offers::save_partner(ctx.session, self.id, &body),
            (self.open, PREFIX.to_owned(), values),
            self.reload,
            Box::new(|_| ("Fiche enregistrée.".to_owned(), "fiche-titre".to_owned())),
        );
    }

    /// The form's current values, from the clicked button's form.
    fn typed(ev: &web_sys::Event) -> Values {
        form_of(ev).map(|(_, v)| v).unwrap_or_default()
    }
}

impl Part for Record {
    fn blocks(&self) -> usize {
        1
    }

    fn html(&self, _block: usize) -> String {
        let mut out = String::new();
        loaded(&mut out, self.data, &|o, d| self.html(o, d));
        out
    }

    fn click(&self, action: &str, arg: &str, ev: &web_sys::Event) {
        let mut values = Self::typed(ev);
        let count = rows(&values);
        match action {
            "add" => {
                for key in ["name", "role", "email", "phone"] {
                    put(&mut values, format!("contacts[{count}].{key}"), "");
                }
                self.open.set(Some(Open::new(PREFIX, values)));
                crate::pages::counsellor::html::focus_later(format!(
                    "fiche-contacts-{count}--name"
                ));
            }
            "remove" => {
                let Ok(gone) = arg.parse::<usize>() else {
                    return;
                };
                for i in gone..count {
                    for key in ["name", "role", "email", "phone"] {
                        let next = one(&values, &format!("contacts[{}].{key}", i + 1)).to_owned();
                        values.remove(&format!("contacts[{i}].{key}"));
                        if i + 1 < count {
                            put(&mut values, format!("contacts[{i}].{key}"), next);
                        }
                    }
                }
                self.open.set(Some(Open::new(PREFIX, values)));
                crate::pages::counsellor::html::focus_later("fiche-contacts");
                self.ctx.say(format!(
                    "Contact {} retiré : enregistrez la fiche pour confirmer.",
                    gone + 1
                ));
            }
            _ => {}
        }
    }

    fn submit(&self, form: &str, _arg: &str, values: Values) {
        if form == PREFIX {
            self.save(values);
        }
    }

    fn change(&self, ev: &web_sys::Event) {
        address_change(PREFIX, ev);
    }
}

/// `/partenaire/fiche`.
pub(super) fn page() -> AnyView {
    let ctx = portal::ctx();
    let Some(id) = portal::partner_id(ctx.session) else {
        return mount(
            "Notre fiche".to_owned().into(),
            String::new(),
            Arc::new(Static(portal::NO_PARTNER.to_owned())),
            ctx.announce,
        );
    };
    let reload = RwSignal::new(0u32);
    let session = ctx.session;
    let part = Record {
        ctx,
        id,
        data: load(move || {
            reload.track();
            api::offers::partner_tree(session, id)
        }),
        reload,
        open: RwSignal::new(None),
    };
    mount(
        "Notre fiche".to_owned().into(),
        String::new(),
        Arc::new(part),
        ctx.announce,
    )
}
