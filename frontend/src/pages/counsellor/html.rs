//! Markup as text for the large pages of the young person's file and the portfolio.
//!
//! Typed Leptos views cost several kilobytes of WebAssembly each; these pages show dozens of
//! fields, lists and forms, so they render escaped HTML strings into `inner_html` blocks
//! instead, handle clicks and submits by delegation (`data-action` attributes), and read forms
//! with `FormData`. The markup follows the same rules as `components::form`: visible labels,
//! an error summary with links, `aria-invalid` and `aria-describedby` on invalid fields.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use leptos::prelude::*;
use wasm_bindgen::JsCast as _;
use web_sys::{Element, HtmlElement, HtmlFormElement};

use crate::api::ApiError;

/// A form's values by name (several for checkboxes).
pub(crate) type Values = BTreeMap<String, Vec<String>>;

/// The first value of a name, or "".
pub(crate) fn one<'a>(values: &'a Values, name: &str) -> &'a str {
    values
        .get(name)
        .and_then(|v| v.first())
        .map_or("", String::as_str)
}

/// Sets one value.
pub(crate) fn put(values: &mut Values, name: impl Into<String>, value: impl Into<String>) {
    values.insert(name.into(), vec![value.into()]);
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    super::accompaniment::ui::t(&mut out, text);
    out
}

/// The id of a form's field: `{prefix}-{name}`, with the `.`, `[` and `]` of structured names
/// (`themes.emploi.demands[0].category`) turned into `-`.
pub(crate) fn field_id(prefix: &str, name: &str) -> String {
    let mut id = format!("{prefix}-");
    for c in name.chars() {
        id.push(if matches!(c, '.' | '[' | ']') { '-' } else { c });
    }
    id
}

/// "s" when there are several.
pub(crate) fn plural(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

/// The errors of a form: a general message, and messages by field name.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Errors {
    pub general: Option<String>,
    pub fields: Vec<(String, String)>,
}

impl Errors {
    /// A server error: its fields if it names any, its message otherwise.
    pub fn of(error: &ApiError) -> Self {
        let fields = error.fields();
        Self {
            general: fields.is_empty().then(|| error.message()),
            fields,
        }
    }

    /// One field's message.
    pub fn field(name: &str, message: &str) -> Self {
        Self {
            general: None,
            fields: vec![(name.to_owned(), message.to_owned())],
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.general.is_none() && self.fields.is_empty()
    }

    /// The summary shown above a form; its id is `{prefix}-erreurs` (focus it once drawn).
    pub fn summary(&self, prefix: &str, label_of: impl Fn(&str) -> String) -> String {
        if self.is_empty() {
            return String::new();
        }
        let mut out = format!(
            r#"<div id="{prefix}-erreurs" tabindex="-1" class="error-summary" role="alert">"#
        );
        if let Some(m) = &self.general {
            let _ = write!(out, "<p>{}</p>", esc(m));
        }
        if !self.fields.is_empty() {
            out.push_str("<p>Le formulaire contient des erreurs :</p><ul>");
            for (name, message) in &self.fields {
                let label = label_of(name);
                let text = if label.is_empty() {
                    message.clone()
                } else {
                    format!("{label} : {message}")
                };
                let _ = write!(
                    out,
                    r##"<li><a href="#{}">{}</a></li>"##,
                    esc(&field_id(prefix, name)),
                    esc(&text)
                );
            }
            out.push_str("</ul>");
        }
        out.push_str("</div>");
        out
    }
}

/// What every field shows besides its control.
pub(crate) struct Field<'a> {
    /// The control's id (`{prefix}-{name}` unless set).
    pub id: String,
    /// The form name, also the key of its error.
    pub name: &'a str,
    pub label: &'a str,
    pub hint: &'a str,
    pub required: bool,
    /// Whether an optional field says "(facultatif)" (not in filters).
    pub mark: bool,
    pub errors: &'a Errors,
}

impl<'a> Field<'a> {
    /// An optional field without a hint.
    pub fn new(prefix: &str, name: &'a str, label: &'a str, errors: &'a Errors) -> Self {
        Self {
            id: field_id(prefix, name),
            name,
            label,
            hint: "",
            required: false,
            mark: true,
            errors,
        }
    }

    /// A filter: optional without saying so.
    pub fn filter(mut self) -> Self {
        self.mark = false;
        self
    }

    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = hint;
        self
    }

    pub fn required(mut self, required: bool) -> Self {
        self.required = required;
        self
    }

    pub fn id(mut self, id: String) -> Self {
        self.id = id;
        self
    }

    /// Opening `div`, label and hint; returns them with the control's common attributes.
    fn head(&self) -> (String, String) {
        let id = &self.id;
        let error = self.errors.get(self.name);
        let mut described = Vec::new();
        if !self.hint.is_empty() {
            described.push(format!("{id}-aide"));
        }
        if error.is_some() {
            described.push(format!("{id}-erreur"));
        }
        let mut head = format!(
            r#"<div class="field{}"><label for="{id}">{}{}</label>"#,
            if error.is_some() {
                " field-invalid"
            } else {
                ""
            },
            esc(self.label),
            if self.required || !self.mark {
                ""
            } else {
                r#"<span class="optional"> (facultatif)</span>"#
            }
        );
        if !self.hint.is_empty() {
            let _ = write!(
                head,
                r#"<p class="hint" id="{id}-aide">{}</p>"#,
                esc(self.hint)
            );
        }
        let mut attrs = format!(
            r#"id="{id}" name="{}" aria-invalid="{}""#,
            esc(self.name),
            error.is_some()
        );
        if self.required {
            attrs.push_str(" required");
        }
        if !described.is_empty() {
            let _ = write!(attrs, r#" aria-describedby="{}""#, described.join(" "));
        }
        (head, attrs)
    }

    fn tail(&self) -> String {
        match self.errors.get(self.name) {
            Some(m) => format!(
                r#"<p class="field-error" id="{}-erreur">{}</p></div>"#,
                self.id,
                esc(m)
            ),
            None => "</div>".to_owned(),
        }
    }

    /// A text input; `kind` is its type, `extra` more attributes (`inputmode="tel"`).
    pub fn input(&self, kind: &str, value: &str, extra: &str) -> String {
        let (head, attrs) = self.head();
        format!(
            r#"{head}<input type="{kind}" {attrs} value="{}" autocomplete="off" {extra}>{}"#,
            esc(value),
            self.tail()
        )
    }

    /// A drop-down with an empty first choice labelled `empty`.
    pub fn select<'o>(
        &self,
        options: impl IntoIterator<Item = (&'o str, &'o str)>,
        value: &str,
        empty: &str,
    ) -> String {
        let (head, attrs) = self.head();
        format!(
            "{head}<select {attrs}>{}</select>{}",
            options_html(options, value, empty),
            self.tail()
        )
    }
}

/// The `option`s of a drop-down.
pub(crate) fn options_html<'o>(
    options: impl IntoIterator<Item = (&'o str, &'o str)>,
    value: &str,
    empty: &str,
) -> String {
    let mut out = format!(r#"<option value="">{}</option>"#, esc(empty));
    for (code, label) in options {
        let _ = write!(
            out,
            r#"<option value="{}"{}>{}</option>"#,
            esc(code),
            if code == value { " selected" } else { "" },
            esc(label)
        );
    }
    out
}

/// A checkbox with its label.
pub(crate) fn checkbox(id: &str, name: &str, value: &str, label: &str, checked: bool) -> String {
    format!(
        r#"<div class="checkbox"><input type="checkbox" id="{id}" name="{}" value="{}"{}><label for="{id}">{}</label></div>"#,
        esc(name),
        esc(value),
        if checked { " checked" } else { "" },
        esc(label)
    )
}

/// A button that triggers `action` (with `arg`) through the page's click handler.
pub(crate) fn button(class: &str, action: &str, arg: &str, text: &str, hidden: &str) -> String {
    let hidden = if hidden.is_empty() {
        String::new()
    } else {
        format!(r#"<span class="visually-hidden">{}</span>"#, esc(hidden))
    };
    format!(
        r#"<button type="button" class="{class}" data-action="{action}" data-arg="{}">{}{hidden}</button>"#,
        esc(arg),
        esc(text)
    )
}

/// A notice: `kind` is `success`, `warning` or `error`.
pub(crate) fn notice(kind: &str, text: &str) -> String {
    format!(
        r#"<div class="notice notice-{kind}"{}><p>{}</p></div>"#,
        if kind == "error" {
            r#" role="alert""#
        } else {
            ""
        },
        esc(text)
    )
}

/// The action and argument of the clicked `[data-action]` element, if any.
pub(crate) fn action_of(ev: &web_sys::Event) -> Option<(String, String)> {
    let target: Element = ev.target()?.dyn_into().ok()?;
    let el = target.closest("[data-action]").ok()??;
    Some((
        el.get_attribute("data-action")?,
        el.get_attribute("data-arg").unwrap_or_default(),
    ))
}

/// The values of the form an event came from, with the form's `data-form` name.
pub(crate) fn form_of(ev: &web_sys::Event) -> Option<(String, Values)> {
    let target: Element = ev.target()?.dyn_into().ok()?;
    let form: HtmlFormElement = target.closest("form").ok()??.dyn_into().ok()?;
    let data = web_sys::FormData::new_with_form(&form).ok()?;
    let mut values = Values::new();
    for entry in js_sys::try_iter(&data).ok()??.flatten() {
        let pair: js_sys::Array = entry.unchecked_into();
        if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            values.entry(name).or_default().push(value);
        }
    }
    Some((form.get_attribute("data-form").unwrap_or_default(), values))
}

/// The id of the element an event came from.
pub(crate) fn target_id(ev: &web_sys::Event) -> String {
    ev.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .map(|e| e.id())
        .unwrap_or_default()
}

/// Moves the focus to an element once it is drawn.
pub(crate) fn focus_later(id: impl Into<String>) {
    let id = id.into();
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&id)
            && let Ok(el) = el.dyn_into::<HtmlElement>()
        {
            let _ = el.focus();
        }
    });
}

/// Replaces the content of an element (the options of a drop-down being searched).
pub(crate) fn set_inner(id: &str, html: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        el.set_inner_html(html);
    }
}

/// A value fetched from the server: `None` until the first answer.
pub(crate) type Loaded<T> = RwSignal<Option<Result<T, ApiError>>>;

/// Fetches into a signal, again whenever a signal `request` reads changes; an answer that
/// arrives after a newer request started is dropped. With `reset`, the old value goes while
/// the new one loads ("Chargement…" rather than stale results). (Lighter than a
/// `LocalResource`.)
pub(crate) fn fetch<T, Fut>(reset: bool, request: impl Fn() -> Fut + 'static) -> Loaded<T>
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let target: Loaded<T> = RwSignal::new(None);
    crate::components::fetched::fetch_into(target, reset, Box::new(move || Box::pin(request())));
    target
}
