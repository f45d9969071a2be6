//! Markup primitives of the accompaniment pages, shaped for a small WebAssembly binary: each
//! appends to the page's `String` (no temporary strings to build and free), takes `&str`
//! arguments and is not generic, so a call costs a few bytes. The markup follows the rules of
//! `super::super::html`: visible labels, "(facultatif)" on optional fields, hints and errors
//! linked by `aria-describedby`, `aria-invalid`, an error summary with links to the fields.

use std::fmt::Write as _;

use domain::accompaniment::{UrgencyLevel, format_minutes};
use serde_json::Value;

use super::json;
use crate::pages::counsellor::html::{Errors, Values, field_id, one};

/// Appends markup as is.
#[inline(never)]
pub(crate) fn r(out: &mut String, raw: &str) {
    out.push_str(raw);
}

/// Appends text, escaped for content and attribute values.
#[inline(never)]
pub(crate) fn t(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Appends `open`, the text escaped, then `close`.
#[inline(never)]
pub(crate) fn el(out: &mut String, open: &str, text: &str, close: &str) {
    r(out, open);
    t(out, text);
    r(out, close);
}

/// Appends a number.
#[inline(never)]
pub(crate) fn num(out: &mut String, n: i64) {
    let _ = write!(out, "{n}");
}

/// Appends a duration, "12 h 30".
#[inline(never)]
pub(crate) fn minutes(out: &mut String, n: i64) {
    out.push_str(&format_minutes(n));
}

/// A badge whose text says what its colour shows.
#[inline(never)]
pub(crate) fn badge(out: &mut String, class: &str, text: &str) {
    r(out, r#" <span class="badge "#);
    r(out, class);
    r(out, r#"">"#);
    t(out, text);
    r(out, "</span>");
}

/// The badge of an urgency code (`urgente`, `a_surveiller`, `aucune`).
#[inline(never)]
pub(crate) fn urgency(out: &mut String, code: &str) {
    let level = UrgencyLevel::from_code(code).unwrap_or_default();
    let class = match level {
        UrgencyLevel::Urgente => "badge-late",
        UrgencyLevel::ASurveiller => "badge-info",
        UrgencyLevel::Aucune => "badge-neutral",
    };
    badge(out, class, level.label());
}

/// A paragraph keeping the text's line breaks.
#[inline(never)]
pub(crate) fn para(out: &mut String, text: &str) {
    el(out, r#"<p class="text">"#, text, "</p>");
}

/// A button that triggers `action` with `arg` through the page's click handler.
#[inline(never)]
pub(crate) fn btn(out: &mut String, class: &str, action: &str, arg: &str, text: &str) {
    r(out, r#"<button type="button" class=""#);
    r(out, class);
    r(out, r#"" data-action=""#);
    r(out, action);
    r(out, r#"" data-arg=""#);
    t(out, arg);
    r(out, r#"">"#);
    t(out, text);
    r(out, "</button>");
}

/// An error notice.
#[inline(never)]
pub(crate) fn error(out: &mut String, message: &str) {
    el(
        out,
        r#"<div class="notice notice-error" role="alert"><p>"#,
        message,
        "</p></div>",
    );
}

/// "Semaine du 02/03 au 08/03/2026", of a week's `week_start` and `week_end`.
#[inline(never)]
pub(crate) fn week_title(out: &mut String, w: &Value) {
    let start = json::day(w, "week_start");
    r(out, "Semaine du ");
    r(out, start.get(..5).unwrap_or_default());
    r(out, " au ");
    r(out, &json::day(w, "week_end"));
}

/// "12 h 30 / 15 h validées · 2 h à valider · Moins de 15 h", of a `WeekHours`.
#[inline(never)]
pub(crate) fn week_totals(out: &mut String, w: &Value, youth: bool) {
    let target = json::n(w, "target_minutes");
    let pending = json::n(w, "pending_minutes");
    r(out, r#"<p class="week-total"><strong>"#);
    minutes(out, json::n(w, "validated_minutes"));
    r(out, " / ");
    minutes(out, target);
    r(out, "</strong> validées");
    if pending > 0 {
        r(out, " · ");
        minutes(out, pending);
        r(
            out,
            if youth {
                " en attente de validation"
            } else {
                " à valider"
            },
        );
    }
    if json::f(w, "under_target").as_bool() == Some(true) {
        badge(
            out,
            "badge-late",
            &format!("Moins de {}", format_minutes(target)),
        );
    }
    if json::f(w, "in_contract").as_bool() == Some(false) {
        badge(out, "badge-neutral", "Hors contrat");
    }
    r(out, "</p>");
}

/// Whether a field is optional (says "(facultatif)"), required, or neither (a choice that
/// always has a value).
pub(crate) const OPT: u8 = 0;
pub(crate) const REQ: u8 = 1;
pub(crate) const PLAIN: u8 = 2;

/// The fields of a form: their ids start with `prefix`, their values and errors come from
/// the form's state.
pub(crate) struct Form<'a> {
    pub prefix: &'a str,
    pub values: &'a Values,
    pub errors: &'a Errors,
}

impl Form<'_> {
    /// `<form>`, its title (focusable: `{prefix}-titre`) and the error summary.
    #[inline(never)]
    pub fn open(&self, out: &mut String, key: &str, title: &str, labels: &dyn Fn(&str) -> String) {
        r(out, r#"<form class="form section-form" data-form=""#);
        t(out, key);
        r(out, r#"" novalidate aria-labelledby=""#);
        r(out, self.prefix);
        r(out, r#"-titre"><p class="form-title" id=""#);
        r(out, self.prefix);
        r(out, r#"-titre" tabindex="-1">"#);
        t(out, title);
        r(out, "</p>");
        summary(out, self.prefix, self.errors, labels);
    }

    /// The label, hint and the start of the control (`<{tag} id name aria-…`).
    fn head(&self, out: &mut String, tag: &str, name: &str, label: &str, hint: &str, mode: u8) {
        let id = field_id(self.prefix, name);
        let error = self.errors.get(name);
        r(
            out,
            if error.is_some() {
                r#"<div class="field field-invalid"><label for=""#
            } else {
                r#"<div class="field"><label for=""#
            },
        );
        t(out, &id);
        r(out, r#"">"#);
        t(out, label);
        if mode == OPT {
            r(out, r#"<span class="optional"> (facultatif)</span>"#);
        }
        r(out, "</label>");
        if !hint.is_empty() {
            r(out, r#"<p class="hint" id=""#);
            t(out, &id);
            el(out, r#"-aide">"#, hint, "</p>");
        }
        r(out, "<");
        r(out, tag);
        r(out, r#" id=""#);
        t(out, &id);
        r(out, r#"" name=""#);
        t(out, name);
        r(out, r#"" aria-invalid=""#);
        r(out, if error.is_some() { "true" } else { "false" });
        r(out, r#"""#);
        if mode == REQ {
            r(out, " required");
        }
        if !hint.is_empty() || error.is_some() {
            r(out, r#" aria-describedby=""#);
            if !hint.is_empty() {
                t(out, &id);
                r(out, "-aide ");
            }
            if error.is_some() {
                t(out, &id);
                r(out, "-erreur");
            }
            r(out, r#"""#);
        }
    }

    /// The error under a control, and the end of the field.
    fn tail(&self, out: &mut String, name: &str) {
        if let Some(message) = self.errors.get(name) {
            r(out, r#"<p class="field-error" id=""#);
            t(out, &field_id(self.prefix, name));
            el(out, r#"-erreur">"#, message, "</p>");
        }
        r(out, "</div>");
    }

    /// An `<input>` of `kind` (`text`, `date`, `time`, `number`…).
    #[inline(never)]
    pub fn input(
        &self,
        out: &mut String,
        kind: &str,
        name: &str,
        label: &str,
        hint: &str,
        mode: u8,
    ) {
        self.head(out, "input", name, label, hint, mode);
        r(out, r#" type=""#);
        r(out, kind);
        if kind == "number" {
            r(out, r#"" inputmode="numeric" min="0"#);
        }
        r(out, r#"" autocomplete="off" value=""#);
        t(out, one(self.values, name));
        r(out, r#"">"#);
        self.tail(out, name);
    }

    /// A `<textarea>`.
    #[inline(never)]
    pub fn area(&self, out: &mut String, name: &str, label: &str, hint: &str, mode: u8) {
        self.head(out, "textarea", name, label, hint, mode);
        r(out, r#" rows="3">"#);
        t(out, one(self.values, name));
        r(out, "</textarea>");
        self.tail(out, name);
    }

    /// A `<select>` of `options` (code, label), after a first choice `empty` (value "").
    #[inline(never)]
    #[allow(
        clippy::too_many_arguments,
        reason = "plain arguments cost less code than a struct"
    )]
    pub fn select(
        &self,
        out: &mut String,
        name: &str,
        label: &str,
        hint: &str,
        mode: u8,
        options: &[(&str, &str)],
        empty: &str,
    ) {
        self.head(out, "select", name, label, hint, mode);
        r(out, ">");
        options_into(out, options, one(self.values, name), empty);
        r(out, "</select>");
        self.tail(out, name);
    }

    /// The submit button `text`, "Annuler" (action `cancel`), and `</form>`.
    #[inline(never)]
    pub fn close(&self, out: &mut String, text: &str) {
        el(
            out,
            r#"<div class="actions"><button type="submit" class="button">"#,
            text,
            "</button>",
        );
        btn(out, "button button-secondary", "cancel", "", "Annuler");
        r(out, "</div></form>");
    }
}

/// The `<option>`s of a drop-down.
#[inline(never)]
pub(crate) fn options_into(out: &mut String, options: &[(&str, &str)], value: &str, empty: &str) {
    el(out, r#"<option value="">"#, empty, "</option>");
    for (code, label) in options {
        r(out, r#"<option value=""#);
        t(out, code);
        r(
            out,
            if *code == value {
                r#"" selected>"#
            } else {
                r#"">"#
            },
        );
        t(out, label);
        r(out, "</option>");
    }
}

/// The summary above a form (`{prefix}-erreurs`, focused once drawn), with links to the fields.
#[inline(never)]
pub(crate) fn summary(
    out: &mut String,
    prefix: &str,
    errors: &Errors,
    label_of: &dyn Fn(&str) -> String,
) {
    if errors.is_empty() {
        return;
    }
    r(out, r#"<div id=""#);
    r(out, prefix);
    r(
        out,
        r#"-erreurs" tabindex="-1" class="error-summary" role="alert">"#,
    );
    if let Some(m) = &errors.general {
        el(out, "<p>", m, "</p>");
    }
    if !errors.fields.is_empty() {
        r(out, "<p>Le formulaire contient des erreurs :</p><ul>");
        for (name, message) in &errors.fields {
            r(out, r##"<li><a href="#"##);
            t(out, &field_id(prefix, name));
            r(out, r#"">"#);
            let label = label_of(name);
            if !label.is_empty() {
                t(out, &label);
                r(out, " : ");
            }
            t(out, message);
            r(out, "</a></li>");
        }
        r(out, "</ul>");
    }
    r(out, "</div>");
}

/// A label from a list of (name, label).
pub(crate) fn label_in(labels: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> String {
    move |name: &str| {
        labels
            .iter()
            .find(|(n, _)| *n == name)
            .map_or_else(String::new, |(_, l)| (*l).to_owned())
    }
}

/// The (code, label) choices of a closed list.
pub(crate) fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|v| (code(*v), label(*v))).collect()
}
