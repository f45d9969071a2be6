//! Form fields and error display, after RGAA: every field has a visible label, errors are
//! listed at the top with links to their fields (and receive focus), and each field carries
//! its own message through `aria-describedby`.

use domain::validation::field_errors;
use leptos::html;
use leptos::prelude::*;
use validator::{Validate, ValidationErrors};

use crate::api::ApiError;

/// The errors of a form: a general message and per-field messages.
#[derive(Clone, Copy)]
pub struct FormErrors {
    general: RwSignal<Option<String>>,
    fields: RwSignal<Vec<(String, String)>>,
    /// Each field's visible label, so the summary can say which field is wrong.
    labels: StoredValue<Vec<(&'static str, &'static str)>>,
}

impl FormErrors {
    /// No errors.
    pub fn new() -> Self {
        Self {
            general: RwSignal::new(None),
            fields: RwSignal::new(Vec::new()),
            labels: StoredValue::new(Vec::new()),
        }
    }

    /// Clears everything.
    pub fn clear(&self) {
        self.general.set(None);
        self.fields.set(Vec::new());
    }

    /// Shows the browser-side validation errors.
    pub fn show_validation(&self, errors: &ValidationErrors) {
        self.general.set(None);
        self.fields.set(
            field_errors(errors)
                .into_iter()
                .map(|f| (f.field, f.message))
                .collect(),
        );
    }

    /// Shows a server error: its fields if it names any, its message otherwise.
    pub fn show_api(&self, error: &ApiError) {
        let fields = error.fields();
        if fields.is_empty() {
            self.general.set(Some(error.message()));
            self.fields.set(Vec::new());
        } else {
            self.general.set(None);
            self.fields.set(fields);
        }
    }

    /// Several fields' messages, as (field, message), from a check made in the browser.
    pub fn show_fields(&self, fields: Vec<(String, String)>) {
        self.general.set(None);
        self.fields.set(fields);
    }

    /// A message about the whole form.
    pub fn show_general(&self, message: impl Into<String>) {
        self.general.set(Some(message.into()));
        self.fields.set(Vec::new());
    }

    /// One field's message, for a check only the browser makes (a confirmation that differs).
    pub fn show_field(&self, name: &str, message: impl Into<String>) {
        self.general.set(None);
        self.fields.set(vec![(name.to_owned(), message.into())]);
    }

    /// Records a field's label for the error summary.
    pub fn label(&self, name: &'static str, label: &'static str) {
        self.labels
            .update_value(|labels| labels.push((name, label)));
    }

    fn label_of(&self, name: &str) -> Option<&'static str> {
        self.labels
            .with_value(|labels| labels.iter().find(|(n, _)| *n == name).map(|(_, l)| *l))
    }

    /// The message of one field (reactive).
    pub fn field(&self, name: &'static str) -> Signal<Option<String>> {
        let fields = self.fields;
        Signal::derive(move || {
            fields.with(|f| f.iter().find(|(n, _)| n == name).map(|(_, m)| m.clone()))
        })
    }

    fn any(&self) -> bool {
        self.general.with(Option::is_some) || self.fields.with(|f| !f.is_empty())
    }
}

impl Default for FormErrors {
    fn default() -> Self {
        Self::new()
    }
}

/// The list of a form's errors, shown above it; takes focus when errors appear. `prefix` is
/// the id prefix of the form's fields (links go to `#{prefix}-{field}`).
#[component]
pub fn ErrorSummary(errors: FormErrors, #[prop(into)] prefix: String) -> impl IntoView {
    let node: NodeRef<html::Div> = NodeRef::new();
    Effect::new(move |_| {
        if errors.any()
            && let Some(el) = node.get()
        {
            let _ = el.focus();
        }
    });
    let prefix = StoredValue::new(prefix);
    view! {
        <div node_ref=node tabindex="-1" class="error-summary" role="alert" hidden=move || !errors.any()>
            {move || errors.general.get().map(|m| view! { <p>{m}</p> })}
            <Show when=move || errors.fields.with(|f| !f.is_empty())>
                <p>"Le formulaire contient des erreurs :"</p>
                <ul>
                    {move || errors.fields.get().into_iter().map(|(field, message)| {
                        let href = format!("#{}-{}", prefix.get_value(), field);
                        let text = match errors.label_of(&field) {
                            Some(label) => format!("{label} : {message}"),
                            None => message,
                        };
                        view! { <li><a href=href>{text}</a></li> }
                    }).collect_view()}
                </ul>
            </Show>
        </div>
    }
}

/// The `aria-describedby` of an input: its hint, and its error while there is one.
fn described_by(
    id: &str,
    has_hint: bool,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static + use<> {
    let hint_id = has_hint.then(|| format!("{id}-aide"));
    let error_id = format!("{id}-erreur");
    move || {
        let ids: Vec<&str> = hint_id
            .as_deref()
            .into_iter()
            .chain(error.with(Option::is_some).then_some(error_id.as_str()))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// Sends a form: checks `request` in the browser with the same rules as the server, then
/// calls `send`, showing the busy state and any error; `on_ok` receives the answer.
pub fn submit<T, R, Fut>(
    errors: FormErrors,
    busy: WriteSignal<bool>,
    request: T,
    send: impl FnOnce(T) -> Fut + 'static,
    on_ok: impl FnOnce(R) + 'static,
) where
    T: Validate + 'static,
    R: 'static,
    Fut: Future<Output = Result<R, ApiError>> + 'static,
{
    if let Err(invalid) = request.validate() {
        errors.show_validation(&invalid);
        return;
    }
    errors.clear();
    busy.set(true);
    leptos::task::spawn_local(async move {
        match send(request).await {
            Ok(answer) => on_ok(answer),
            Err(err) => errors.show_api(&err),
        }
        busy.set(false);
    });
}

/// Whether a new password and its confirmation match; shows the error on the confirmation.
pub fn confirmation_matches(errors: FormErrors, password: &str, confirmation: &str) -> bool {
    let matches = password == confirmation;
    if !matches {
        errors.show_field(
            "password_confirmation",
            "Les deux mots de passe ne sont pas identiques.",
        );
    }
    matches
}

/// A labelled text input with its hint and error.
#[component]
pub fn TextField(
    /// Form prefix; the input's id is `{prefix}-{name}`.
    #[prop(into)]
    prefix: String,
    /// Field name (as in the API).
    name: &'static str,
    /// Visible label.
    label: &'static str,
    /// The value.
    value: RwSignal<String>,
    /// The form's errors.
    errors: FormErrors,
    /// `type` of the input.
    #[prop(default = "text")]
    kind: &'static str,
    /// `autocomplete` token.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Help shown under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Whether the field is mandatory.
    #[prop(default = true)]
    required: bool,
    /// `inputmode` for phone keyboards.
    #[prop(optional)]
    inputmode: Option<&'static str>,
) -> impl IntoView {
    errors.label(name, label);
    let id = format!("{prefix}-{name}");
    let hint_id = format!("{id}-aide");
    let error_id = format!("{id}-erreur");
    let error = errors.field(name);
    let described = described_by(&id, hint.is_some(), error);
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>
                {label}
                {(!required).then(|| view! { <span class="optional">" (facultatif)"</span> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                required=required
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described
                bind:value=value
            />
            {move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

/// A password input with a "show" toggle (typing on a phone is error-prone).
#[component]
pub fn PasswordField(
    #[prop(into)] prefix: String,
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: FormErrors,
    /// `current-password` or `new-password`.
    autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    errors.label(name, label);
    let visible = RwSignal::new(false);
    let id = format!("{prefix}-{name}");
    let hint_id = format!("{id}-aide");
    let error_id = format!("{id}-erreur");
    let toggle_id = format!("{id}-afficher");
    let error = errors.field(name);
    let described = described_by(&id, hint.is_some(), error);
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <input
                id=id
                name=name
                type=move || if visible.get() { "text" } else { "password" }
                autocomplete=autocomplete
                required=true
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described
                bind:value=value
            />
            <div class="checkbox">
                <input type="checkbox" id=toggle_id.clone() bind:checked=visible/>
                <label for=toggle_id>"Afficher le mot de passe"</label>
            </div>
            {move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

/// The submit button; disabled and relabelled while the request runs.
#[component]
pub fn SubmitButton(
    label: &'static str,
    busy_label: &'static str,
    busy: ReadSignal<bool>,
) -> impl IntoView {
    view! {
        <button type="submit" class="button" disabled=move || busy.get() aria-disabled=move || busy.get().to_string()>
            {move || if busy.get() { busy_label } else { label }}
        </button>
    }
}

/// A labelled drop-down with its hint and error. `options` are (code, label) pairs; an empty
/// first choice (`placeholder`) stands for "nothing chosen".
#[component]
pub fn SelectField(
    /// Form prefix; the select's id is `{prefix}-{name}`.
    #[prop(into)]
    prefix: String,
    /// Field name (as in the API).
    name: &'static str,
    /// Visible label.
    label: &'static str,
    /// The chosen code (empty: none).
    value: RwSignal<String>,
    /// The form's errors.
    errors: FormErrors,
    /// The choices, as (code, label).
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// The empty first choice.
    #[prop(default = "Choisissez dans la liste")]
    placeholder: &'static str,
    /// Help shown under the label.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// Whether the field is mandatory.
    #[prop(default = true)]
    required: bool,
    /// `autocomplete` token.
    #[prop(default = "off")]
    autocomplete: &'static str,
) -> impl IntoView {
    errors.label(name, label);
    let id = format!("{prefix}-{name}");
    let hint_id = format!("{id}-aide");
    let error_id = format!("{id}-erreur");
    let error = errors.field(name);
    let described = described_by(&id, hint.is_some(), error);
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>
                {label}
                {(!required).then(|| view! { <span class="optional">" (facultatif)"</span> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{move || h.get()}</p> })}
            <select
                id=id
                name=name
                autocomplete=autocomplete
                required=required
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described
                bind:value=value
            >
                <option value="">{placeholder}</option>
                {move || options.get().into_iter().map(|(code, text)| {
                    let selected = value.with_untracked(|v| *v == code);
                    view! { <option value=code selected=selected>{text}</option> }
                }).collect_view()}
            </select>
            {move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

/// Checkboxes for a list where several choices are allowed, in a fieldset with its legend.
/// The first box has the id `{prefix}-{name}` (the error summary links to it).
#[component]
pub fn CheckboxGroup(
    #[prop(into)] prefix: String,
    name: &'static str,
    /// The question.
    legend: &'static str,
    /// The codes ticked.
    values: RwSignal<Vec<String>>,
    errors: FormErrors,
    /// The choices, as (code, label).
    options: Vec<(&'static str, &'static str)>,
    #[prop(default = false)] required: bool,
) -> impl IntoView {
    errors.label(name, legend);
    let error = errors.field(name);
    let error_id = format!("{prefix}-{name}-erreur");
    let message_id = error_id.clone();
    let boxes = options
        .into_iter()
        .enumerate()
        .map(|(i, (code, text))| {
            let id = if i == 0 {
                format!("{prefix}-{name}")
            } else {
                format!("{prefix}-{name}-{code}")
            };
            let checked = move || values.with(|v| v.iter().any(|c| c == code));
            let toggle = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                values.update(|v| {
                    v.retain(|c| c != code);
                    if on {
                        v.push(code.to_owned());
                    }
                });
            };
            view! {
                <div class="checkbox">
                    <input type="checkbox" id=id.clone() name=name value=code prop:checked=checked on:change=toggle/>
                    <label for=id>{text}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field choices" class:field-invalid=move || error.with(Option::is_some)
            aria-describedby=move || error.with(Option::is_some).then(|| error_id.clone())>
            <legend>
                {legend}
                {(!required).then(|| view! { <span class="optional">" (facultatif)"</span> })}
            </legend>
            {boxes}
            {move || error.get().map(|m| view! { <p class="field-error" id=message_id.clone()>{m}</p> })}
        </fieldset>
    }
}

/// One checkbox with its label and error (a consent, a yes/no question).
#[component]
pub fn CheckboxField(
    #[prop(into)] prefix: String,
    name: &'static str,
    label: &'static str,
    value: RwSignal<bool>,
    errors: FormErrors,
) -> impl IntoView {
    errors.label(name, label);
    let id = format!("{prefix}-{name}");
    let error_id = format!("{id}-erreur");
    let error = errors.field(name);
    let described = described_by(&id, false, error);
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <div class="checkbox">
                <input type="checkbox" id=id.clone() name=name bind:checked=value
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby=described/>
                <label for=id>{label}</label>
            </div>
            {move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}
