//! What the pages of the partner portal share: the page context, the partner's organisation,
//! checkbox groups, the address fields (a postcode, then its communes), referral statuses in
//! the partner's words, and an offer's one-line facts.
//!
//! The pages are written like the accompaniment pages (see
//! `pages::counsellor::accompaniment`): markup as text into `inner_html` blocks, answers read
//! as JSON trees by field name (`api::offers::*_tree`), the domain's request types sent and
//! checked in the browser with the domain's rules first.

use domain::PartnerId;
use domain::accompaniment::Theme;
use domain::dto::AddressInput;
use domain::offers::{ContractType, GeoPoint, OfferKind, ReferralStatus, ServiceType};
use leptos::prelude::document;
use serde_json::Value;
use wasm_bindgen::JsValue;

use crate::api;
use crate::pages::counsellor::accompaniment::json::{f, has, n, s};
use crate::pages::counsellor::accompaniment::ui::{Form, OPT, badge, el, num, r, t};
use crate::pages::counsellor::accompaniment::{Ctx, text_in};
use crate::pages::counsellor::html::{Values, field_id, options_html, put, set_inner, target_id};
use crate::session::Session;

/// The context of a portal page (no young person's file: the agenda's staff context).
pub(super) fn ctx() -> Ctx {
    crate::pages::counsellor::agenda::staff_ctx()
}

/// The partner user's organisation.
pub(super) fn partner_id(session: Session) -> Option<PartnerId> {
    session.me().and_then(|m| m.partner.map(|p| p.id))
}

/// A group of checkboxes named `name` in a fieldset (`{prefix}-{name}` is the first box, where
/// the error summary links), the codes in `values` ticked.
#[inline(never)]
pub(super) fn checks(
    out: &mut String,
    prefix: &str,
    name: &str,
    legend: &str,
    options: &[(&str, &str)],
    values: &Values,
    error: Option<&str>,
) {
    let id = field_id(prefix, name);
    let chosen = values.get(name).map_or(&[][..], Vec::as_slice);
    r(out, r#"<fieldset class="field choices"#);
    if error.is_some() {
        r(out, r#" field-invalid" aria-describedby=""#);
        t(out, &id);
        r(out, "-erreur");
    }
    el(out, r#""><legend>"#, legend, "");
    r(
        out,
        r#"<span class="optional"> (facultatif)</span></legend>"#,
    );
    for (i, (code, label)) in options.iter().enumerate() {
        let box_id = if i == 0 {
            id.clone()
        } else {
            format!("{id}-{code}")
        };
        r(out, r#"<div class="checkbox"><input type="checkbox" id=""#);
        t(out, &box_id);
        r(out, r#"" name=""#);
        t(out, name);
        r(out, r#"" value=""#);
        t(out, code);
        r(out, r#"""#);
        if chosen.iter().any(|c| c == code) {
            r(out, " checked");
        }
        r(out, r#"><label for=""#);
        t(out, &box_id);
        el(out, r#"">"#, label, "</label></div>");
    }
    if let Some(m) = error {
        r(out, r#"<p class="field-error" id=""#);
        t(out, &id);
        el(out, r#"-erreur">"#, m, "</p>");
    }
    r(out, "</fieldset>");
}

/// The codes ticked in a checkbox group, parsed.
pub(super) fn ticked<T>(values: &Values, name: &str, parse: fn(&str) -> Option<T>) -> Vec<T> {
    values
        .get(name)
        .map(|v| v.iter().filter_map(|c| parse(c)).collect())
        .unwrap_or_default()
}

/// The fields of an address under `address.`: street, postcode, and the commune chosen among
/// the postcode's (the list is filled when the postcode changes, see [`address_change`]).
#[inline(never)]
pub(super) fn address_fields(out: &mut String, form: &Form) {
    form.input(
        out,
        "text",
        "address.line",
        "Adresse (numéro et rue)",
        "",
        OPT,
    );
    form.input(
        out,
        "text",
        "address.postcode",
        "Code postal",
        "5 chiffres : la liste des communes se met à jour.",
        OPT,
    );
    let code = crate::pages::counsellor::html::one(form.values, "address.commune");
    let name = crate::pages::counsellor::html::one(form.values, "address.commune_name");
    let current = [(code, if name.is_empty() { code } else { name })];
    let options: &[(&str, &str)] = if code.is_empty() { &[] } else { &current };
    form.select(
        out,
        "address.commune",
        "Commune",
        "Choisissez parmi les communes du code postal.",
        OPT,
        options,
        "Choisissez la commune",
    );
    // The chosen commune's name, to draw the list again after an error.
    r(
        out,
        r#"<input type="hidden" name="address.commune_name" id=""#,
    );
    t(out, &field_id(form.prefix, "address.commune_name"));
    r(out, r#"" value=""#);
    t(out, name);
    r(out, r#"">"#);
}

/// The values of an `Address` (a JSON tree) under `address.`.
pub(super) fn address_values(values: &mut Values, a: &Value) {
    put(values, "address.line", s(a, "line"));
    put(values, "address.postcode", s(a, "postcode"));
    put(values, "address.commune", s(a, "commune"));
    put(values, "address.commune_name", s(a, "commune_name"));
}

/// The address typed; the stored point is kept when the address did not change (no new
/// geocoding).
pub(super) fn address_in(values: &Values, stored: &Value) -> AddressInput {
    let input = AddressInput {
        line: text_in(values, "address.line"),
        postcode: text_in(values, "address.postcode"),
        commune: text_in(values, "address.commune"),
        point: None,
    };
    let same = input.line.as_deref().unwrap_or("") == s(stored, "line")
        && input.postcode.as_deref().unwrap_or("") == s(stored, "postcode")
        && input.commune.as_deref().unwrap_or("") == s(stored, "commune");
    let point = f(stored, "point");
    let point = (same && has(stored, "point")).then(|| GeoPoint {
        lat: f(point, "lat").as_f64().unwrap_or_default(),
        lon: f(point, "lon").as_f64().unwrap_or_default(),
    });
    AddressInput { point, ..input }
}

/// Sets the value of the input `id`.
fn set_value(id: &str, value: &str) {
    if let Some(input) = document().get_element_by_id(id) {
        let _ = js_sys::Reflect::set(
            &input,
            &JsValue::from_str("value"),
            &JsValue::from_str(value),
        );
    }
}

/// A text property of an event's target (`value`, …).
fn target_text(ev: &web_sys::Event, path: &[&str]) -> String {
    let mut at: JsValue = match ev.target() {
        Some(t) => t.into(),
        None => return String::new(),
    };
    for key in path {
        at = match key.parse::<u32>() {
            Ok(i) => js_sys::Reflect::get_u32(&at, i),
            Err(_) => js_sys::Reflect::get(&at, &JsValue::from_str(key)),
        }
        .unwrap_or(JsValue::UNDEFINED);
    }
    at.as_string().unwrap_or_default()
}

/// A change in a form with an address (`prefix`): a full postcode fills the communes, a
/// commune chosen keeps its name.
pub(super) fn address_change(prefix: &str, ev: &web_sys::Event) {
    let id = target_id(ev);
    let select = field_id(prefix, "address.commune");
    let hidden = field_id(prefix, "address.commune_name");
    if id == select {
        set_value(&hidden, &target_text(ev, &["selectedOptions", "0", "text"]));
        return;
    }
    if id != field_id(prefix, "address.postcode") {
        return;
    }
    let postcode = target_text(ev, &["value"]).trim().to_owned();
    if postcode.len() != 5 || !postcode.chars().all(|c| c.is_ascii_digit()) {
        return;
    }
    leptos::task::spawn_local(async move {
        let Ok(found) = api::reference::communes_of_postcode(&postcode).await else {
            return;
        };
        let options: Vec<(String, String)> = found.into_iter().map(|c| (c.insee, c.name)).collect();
        let (chosen, name) = match options.as_slice() {
            [(only, name)] => (only.as_str(), name.as_str()),
            _ => ("", ""),
        };
        set_inner(
            &select,
            &options_html(
                options.iter().map(|(c, l)| (c.as_str(), l.as_str())),
                chosen,
                "Choisissez la commune",
            ),
        );
        set_value(&hidden, name);
    });
}

/// A referral's status in the partner's words, with its badge.
#[inline(never)]
pub(super) fn status_badge(out: &mut String, code: &str) {
    let (class, text) = match ReferralStatus::from_code(code) {
        Some(ReferralStatus::Envoyee) => ("badge-late", "Nouvelle : à traiter"),
        Some(ReferralStatus::ListeAttente) => ("badge-info", "Sur liste d'attente"),
        Some(
            s @ (ReferralStatus::Acceptee | ReferralStatus::EnCours | ReferralStatus::Terminee),
        ) => ("badge-ok", s.label()),
        Some(s) => ("badge-neutral", s.label()),
        None => ("badge-neutral", code),
    };
    badge(out, class, text);
}

/// "Offre d'emploi · CDD · Roubaix", of an `OfferSummary`.
#[inline(never)]
pub(super) fn offer_line(out: &mut String, o: &Value) {
    let kind = OfferKind::from_code(s(o, "kind"));
    r(out, kind.map_or("Offre", OfferKind::label));
    if let Some(c) = ContractType::from_code(s(o, "contract_type")) {
        el(out, " · ", c.label(), "");
    }
    if let Some(st) = ServiceType::from_code(s(o, "service_type")) {
        el(out, " · ", st.label(), "");
    }
    if has(o, "commune_name") {
        el(out, " · ", s(o, "commune_name"), "");
    }
    if f(o, "remote").as_bool() == Some(true) {
        r(out, " · à distance");
    }
    let themes: Vec<&str> = f(o, "themes")
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().and_then(Theme::from_code).map(Theme::label))
                .collect()
        })
        .unwrap_or_default();
    if !themes.is_empty() {
        el(out, " · ", &themes.join(", "), "");
    }
}

/// "8 places restantes sur 12 · 2 en attente", of an `OfferSummary` or an `OfferSession`.
#[inline(never)]
pub(super) fn places(out: &mut String, o: &Value) {
    if has(o, "capacity") {
        let left = n(o, "places_left");
        if left == 0 {
            r(out, "Complet");
        } else {
            num(out, left);
            r(
                out,
                if left > 1 {
                    " places restantes"
                } else {
                    " place restante"
                },
            );
        }
        r(out, " sur ");
        num(out, n(o, "capacity"));
    } else {
        r(out, "Pas de limite de places");
    }
    let waiting = n(o, "waiting");
    if waiting > 0 {
        r(out, " · ");
        num(out, waiting);
        r(out, " en liste d'attente");
    }
}

/// A page for an account without an organisation (it should not happen).
pub(super) const NO_PARTNER: &str = "<p>Votre compte n'est relié à aucune organisation partenaire. Contactez la Mission Locale.</p>";
