//! Offers and referrals on the staff side (issue 6): the catalogue and its form
//! (`/conseiller/offres`), an offer with its sessions, its live list of referrals and the young
//! people ranked for it (`/conseiller/offres/:id`), the "Orientations" page of a young person's
//! file (`/conseiller/jeunes/:id/orientations`) and the map (`/conseiller/carte`).
//!
//! Written like the accompaniment pages (see `super::accompaniment`): markup as escaped text
//! into `inner_html` blocks, clicks and submits handled by delegation, forms read with
//! `FormData`. Answers are the domain's types (`api::offers`).

pub(crate) mod catalogue;
pub(crate) mod detail;
pub(crate) mod form;
pub(crate) mod map;
pub(crate) mod orientations;
mod referrals;

pub(crate) use catalogue::offers_page;
pub(crate) use detail::offer_page;
pub(crate) use map::map_page;

use std::str::FromStr;

use leptos::prelude::*;

use super::accompaniment::Open;
use super::accompaniment::ui::{self, r, t};
use super::html::{Errors, Values, field_id, focus_later, one};

/// A list of checkboxes in a fieldset (its id is the field's, for the error summary's link).
#[inline(never)]
#[allow(
    clippy::too_many_arguments,
    reason = "plain arguments cost less code than a struct"
)]
pub(crate) fn checks(
    out: &mut String,
    prefix: &str,
    name: &str,
    legend: &str,
    options: &[(&str, &str)],
    values: &Values,
    errors: &Errors,
    optional: bool,
) {
    let id = field_id(prefix, name);
    let error = errors.get(name);
    r(out, r#"<fieldset class="choices"#);
    if error.is_some() {
        r(out, " field-invalid");
    }
    r(out, r#"" id=""#);
    t(out, &id);
    r(out, r#"" tabindex="-1""#);
    if error.is_some() {
        r(out, r#" aria-describedby=""#);
        t(out, &id);
        r(out, r#"-erreur""#);
    }
    r(out, "><legend>");
    t(out, legend);
    if optional {
        r(out, r#"<span class="optional"> (facultatif)</span>"#);
    }
    r(out, "</legend>");
    let chosen = values.get(name);
    for (code, label) in options {
        let box_id = format!("{id}-{code}");
        r(out, r#"<div class="checkbox"><input type="checkbox" id=""#);
        t(out, &box_id);
        r(out, r#"" name=""#);
        t(out, name);
        r(out, r#"" value=""#);
        t(out, code);
        r(out, r#"""#);
        if chosen.is_some_and(|c| c.iter().any(|c| c == code)) {
            r(out, " checked");
        }
        r(out, r#"><label for=""#);
        t(out, &box_id);
        r(out, r#"">"#);
        t(out, label);
        r(out, "</label></div>");
    }
    if let Some(message) = error {
        r(out, r#"<p class="field-error" id=""#);
        t(out, &id);
        r(out, r#"-erreur">"#);
        t(out, message);
        r(out, "</p>");
    }
    r(out, "</fieldset>");
}

/// One checkbox for a yes/no field (`value` "1").
#[inline(never)]
pub(crate) fn tick(out: &mut String, prefix: &str, name: &str, label: &str, values: &Values) {
    let id = field_id(prefix, name);
    let checked = one(values, name) == "1";
    r(
        out,
        r#"<div class="field"><div class="checkbox"><input type="checkbox" value="1" id=""#,
    );
    t(out, &id);
    r(out, r#"" name=""#);
    t(out, name);
    r(out, if checked { r#"" checked>"# } else { r#"">"# });
    r(out, r#"<label for=""#);
    t(out, &id);
    r(out, r#"">"#);
    t(out, label);
    r(out, "</label></div></div>");
}

/// The codes ticked for a name.
pub(crate) fn codes<T>(values: &Values, name: &str, parse: fn(&str) -> Option<T>) -> Vec<T> {
    values
        .get(name)
        .into_iter()
        .flatten()
        .filter_map(|c| parse(c))
        .collect()
}

/// A number typed in a form: `None` when blank; a message under the field when it is not a
/// whole number.
pub(crate) fn number<T: FromStr>(values: &Values, name: &str, errors: &mut Errors) -> Option<T> {
    let text = one(values, name).trim();
    if text.is_empty() {
        return None;
    }
    let parsed = text.parse().ok();
    if parsed.is_none() {
        errors
            .fields
            .push((name.to_owned(), "Saisissez un nombre entier.".to_owned()));
    }
    parsed
}

/// Trimmed text, `None` when blank.
pub(crate) fn opt(values: &Values, name: &str) -> Option<String> {
    let text = one(values, name).trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The errors of a check made with the domain's rules, on the form's fields: a list's item
/// (`eligibility.zones[2]`) shows on its list.
pub(crate) fn errors_of(fields: Vec<domain::error::FieldError>) -> Errors {
    Errors {
        general: None,
        fields: fields
            .into_iter()
            .map(|f| (list_field(&f.field), f.message))
            .collect(),
    }
}

/// `eligibility.zones[2]` → `eligibility.zones`; other names unchanged.
pub(crate) fn list_field(name: &str) -> String {
    match name.split_once('[') {
        Some((list, rest)) if rest.ends_with(']') => list.to_owned(),
        _ => name.to_owned(),
    }
}

/// A server error on a form: its fields (a list's item shown on its list), or its message.
pub(crate) fn server_errors(error: &crate::api::ApiError) -> Errors {
    let mut errors = Errors::of(error);
    for (name, _) in &mut errors.fields {
        *name = list_field(name);
    }
    errors
}

/// "Roubaix", "À distance", or "Lieu non précisé".
pub(crate) fn place(commune: Option<&str>, remote: bool) -> String {
    match (commune, remote) {
        (Some(c), true) => format!("{c} ou à distance"),
        (Some(c), false) => c.to_owned(),
        (None, true) => "À distance".to_owned(),
        (None, false) => "Lieu non précisé".to_owned(),
    }
}

/// A link to a young person's "Orientations" page.
pub(crate) fn youth_link(out: &mut String, id: &str, name: &str) {
    r(out, r#"<a href="/conseiller/jeunes/"#);
    t(out, id);
    r(out, r#"/orientations">"#);
    t(out, name);
    r(out, "</a>");
}

/// A link to an offer.
pub(crate) fn offer_link(out: &mut String, id: &str, title: &str) {
    r(out, r#"<a href="/conseiller/offres/"#);
    t(out, id);
    r(out, r#"">"#);
    t(out, title);
    r(out, "</a>");
}

/// A link to a partner.
pub(crate) fn partner_link(out: &mut String, id: &str, name: &str) {
    r(out, r#"<a href="/conseiller/partenaires/"#);
    t(out, id);
    r(out, r#"">"#);
    t(out, name);
    r(out, "</a>");
}

/// Shows a form's errors and moves the focus to their summary (`{prefix}-erreurs`).
pub(crate) fn fail(
    open: RwSignal<Option<Open>>,
    key: &str,
    prefix: &str,
    values: Values,
    errors: Errors,
) {
    open.try_set(Some(Open {
        key: key.to_owned(),
        values,
        errors,
    }));
    focus_later(format!("{prefix}-erreurs"));
}

/// The router's navigation, kept for the handlers of a page.
pub(crate) type Go = StoredValue<Box<dyn Fn(&str)>, LocalStorage>;

/// The navigation of the current router (call in a component).
pub(crate) fn navigation() -> Go {
    let navigate = leptos_router::hooks::use_navigate();
    StoredValue::new_local(Box::new(move |path: &str| {
        navigate(path, leptos_router::NavigateOptions::default());
    }))
}

/// Goes to `path` in the app.
pub(crate) fn go_to(go: Go, path: &str) {
    go.with_value(|g| g(path));
}

/// "Page 2 sur 5" with the previous and next buttons (actions `page`, `prev` or `next`).
#[inline(never)]
pub(crate) fn pager(out: &mut String, page: u32, total: i64, per_page: i64) {
    let pages = (total.max(0) as u64)
        .div_ceil(per_page.max(1) as u64)
        .max(1);
    if pages <= 1 {
        return;
    }
    r(out, r#"<nav class="pager" aria-label="Pagination">"#);
    if page > 1 {
        ui::btn(
            out,
            "button button-secondary",
            "page",
            "prev",
            "Page précédente",
        );
    }
    let _ = std::fmt::Write::write_fmt(out, format_args!("<span>Page {page} sur {pages}</span>"));
    if u64::from(page) < pages {
        ui::btn(
            out,
            "button button-secondary",
            "page",
            "next",
            "Page suivante",
        );
    }
    r(out, "</nav>");
}

/// Moves `page` after a click on the pager.
pub(crate) fn turn(page: RwSignal<u32>, arg: &str) {
    page.update(|p| {
        *p = if arg == "prev" {
            p.saturating_sub(1).max(1)
        } else {
            *p + 1
        }
    });
    focus_later("resultats");
}
