//! `/jeune/dossier`: the young person's own file. They change the fields their Mission Locale
//! lets them change (`youth_editable`); their counsellor then checks the new values (D7).

use std::collections::BTreeMap;

use domain::ErrorCode;
use domain::dto::{FilePatch, YouthDetail};
use domain::file::{
    EducationLevel, FileField, FileSection, Housing, Licence, NeedTheme, ReferrerKind, Sex,
    SpecificSituation, Vehicle,
};
use leptos::prelude::*;
use serde_json::Value;

use crate::api::{self, ApiError};
use crate::components::choices::{
    CommuneByName, CommuneOfPostcode, country_options, list_options, value_text,
};
use crate::components::form::{CheckboxGroup, ErrorSummary, SelectField};
use crate::components::{ErrorNotice, Fetched, FormErrors, Loading, PageTitle, TextField};
use crate::format;
use crate::session::Session;

const PREFIX: &str = "dossier";

/// How a field is edited here.
enum Widget {
    /// A text input: its `type`, `inputmode` and `autocomplete`.
    Text(&'static str, Option<&'static str>, &'static str),
    /// A drop-down.
    Select(Vec<(String, String)>),
    /// The commune of the postcode.
    Commune,
    /// The commune of birth, by name.
    BirthCommune,
    /// Checkboxes.
    Needs,
    /// Not editable in the app (situations, documents): with the counsellor.
    None,
}

fn widget(field: FileField) -> Widget {
    use FileField as F;
    let yes_no = || {
        vec![
            ("true".into(), "Oui".into()),
            ("false".into(), "Non".into()),
        ]
    };
    match field {
        F::Mobile => Widget::Text("tel", Some("tel"), "tel-national"),
        F::Email => Widget::Text("email", Some("email"), "email"),
        F::Postcode => Widget::Text("text", Some("numeric"), "postal-code"),
        F::AddressLine => Widget::Text("text", None, "address-line1"),
        F::AddressComplement => Widget::Text("text", None, "address-line2"),
        F::FirstNames => Widget::Text("text", None, "given-name"),
        F::BirthName | F::UsageName => Widget::Text("text", None, "family-name"),
        F::BirthDate => Widget::Text("date", None, "bday"),
        F::ResidencePermitExpiry => Widget::Text("date", None, "off"),
        F::Diploma | F::ReferrerName | F::ReferrerContact => Widget::Text("text", None, "off"),
        F::Sex => Widget::Select(list_options(Sex::ALL, |v| (v.code(), v.label()))),
        F::Housing => Widget::Select(list_options(Housing::ALL, |v| (v.code(), v.label()))),
        F::EducationLevel => {
            Widget::Select(list_options(EducationLevel::ALL, |v| (v.code(), v.label())))
        }
        F::Licence => Widget::Select(list_options(Licence::ALL, |v| (v.code(), v.label()))),
        F::Vehicle => Widget::Select(list_options(Vehicle::ALL, |v| (v.code(), v.label()))),
        F::SpecificSituation => Widget::Select(list_options(SpecificSituation::ALL, |v| {
            (v.code(), v.label())
        })),
        F::Referrer => Widget::Select(list_options(ReferrerKind::ALL, |v| (v.code(), v.label()))),
        F::Nationality | F::BirthCountry => Widget::Select(country_options()),
        F::Rqth | F::Qpv | F::Frr => Widget::Select(yes_no()),
        F::Commune => Widget::Commune,
        F::BirthCommune => Widget::BirthCommune,
        F::Needs => Widget::Needs,
        F::Situations | F::Documents => Widget::None,
    }
}

/// A field's value as typed in its input.
fn draft_text(field: FileField, detail: &YouthDetail) -> String {
    match field.get(&detail.data) {
        Value::String(s) if field == FileField::Mobile => format::phone(&s),
        Value::String(s) => s,
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// What an input holds, as the value the API takes.
fn draft_value(field: FileField, text: &str) -> Value {
    match (field, text.trim()) {
        (_, "") => Value::Null,
        (FileField::Rqth | FileField::Qpv | FileField::Frr, yes_no) => {
            Value::Bool(yes_no == "true")
        }
        (_, _) => Value::String(text.to_owned()),
    }
}

/// The inputs of the editable fields.
#[derive(Clone, Copy)]
struct Drafts {
    texts: StoredValue<BTreeMap<FileField, RwSignal<String>>>,
    needs: RwSignal<Vec<String>>,
    birth_commune: RwSignal<Option<(String, String)>>,
}

impl Drafts {
    fn new(detail: &YouthDetail, fields: &[FileField]) -> Self {
        let texts = fields
            .iter()
            .filter(|f| **f != FileField::Needs)
            .map(|f| (*f, RwSignal::new(draft_text(*f, detail))))
            .collect();
        let birth_commune = detail.data.birth_commune.clone().map(|code| {
            let name = detail
                .birth_commune_name
                .clone()
                .unwrap_or_else(|| code.clone());
            (code, name)
        });
        Self {
            texts: StoredValue::new(texts),
            needs: RwSignal::new(needs_of(detail)),
            birth_commune: RwSignal::new(birth_commune),
        }
    }

    fn text(&self, field: FileField) -> Option<RwSignal<String>> {
        self.texts.with_value(|t| t.get(&field).copied())
    }

    /// Puts the file's values back into the inputs of `fields`.
    fn reset(&self, detail: &YouthDetail, fields: &[FileField]) {
        for field in fields {
            if *field == FileField::Needs {
                self.needs.set(needs_of(detail));
            } else if let Some(s) = self.text(*field) {
                s.set(draft_text(*field, detail));
            }
        }
    }

    fn value(&self, field: FileField) -> Value {
        if field == FileField::Needs {
            Value::Array(
                self.needs
                    .get_untracked()
                    .into_iter()
                    .map(Value::String)
                    .collect(),
            )
        } else {
            self.text(field)
                .map_or(Value::Null, |s| draft_value(field, &s.get_untracked()))
        }
    }
}

fn needs_of(detail: &YouthDetail) -> Vec<String> {
    detail
        .data
        .needs
        .iter()
        .map(|n| n.code().to_owned())
        .collect()
}

/// The fields the young person may change here, in the file's order.
fn editable(detail: &YouthDetail) -> Vec<FileField> {
    FileField::ALL
        .iter()
        .copied()
        .filter(|f| detail.youth_editable.contains(f) && !matches!(widget(*f), Widget::None))
        .collect()
}

/// The young person's file.
#[component]
pub fn YouthFilePage() -> impl IntoView {
    let session = Session::use_context();
    let youth_id = session.me().and_then(|m| m.youth_id);
    let detail = RwSignal::new(None::<YouthDetail>);
    let file = Fetched::new(move || async move {
        match youth_id {
            Some(id) => api::youths::get_youth(session, id).await.map(Some),
            None => Ok(None),
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(Some(d))) = file.get() {
            detail.set(Some(d));
        }
    });
    // Drawn once the file is there; later versions update it in place.
    let loaded = Memo::new(move |_| detail.with(Option::is_some));
    view! {
        <PageTitle title="Mon dossier".to_owned()/>
        {move || match (loaded.get(), file.get()) {
            (true, _) => view! { <FileView detail/> }.into_any(),
            (false, Some(Err(err))) => view! { <ErrorNotice error=err/> }.into_any(),
            (false, _) => view! { <Loading/> }.into_any(),
        }}
    }
}

#[component]
fn FileView(detail: RwSignal<Option<YouthDetail>>) -> impl IntoView {
    let session = Session::use_context();
    let Some(first) = detail.get_untracked() else {
        return ().into_any();
    };
    let fields = editable(&first);
    let drafts = Drafts::new(&first, &fields);
    let fields = StoredValue::new(fields);
    let errors = FormErrors::new();
    let saved = RwSignal::new(None::<String>);
    let conflict = RwSignal::new(None::<Vec<String>>);
    let (busy, set_busy) = signal(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(current) = detail.get_untracked() else {
            return;
        };
        saved.set(None);
        conflict.set(None);
        let today = format::today();
        let mut changes = BTreeMap::new();
        let mut invalid = Vec::new();
        for field in fields.get_value() {
            let value = drafts.value(field);
            let mut trial = current.data.clone();
            match field.set(&mut trial, &value, today) {
                Err(e) => invalid.push((field.code().to_owned(), e.message.to_owned())),
                Ok(()) if field.get(&trial) != field.get(&current.data) => {
                    changes.insert(field, value);
                }
                Ok(()) => {}
            }
        }
        if !invalid.is_empty() {
            errors.show_fields(invalid);
            return;
        }
        if changes.is_empty() {
            errors.show_general("Vous n'avez rien changé.");
            return;
        }
        errors.clear();
        set_busy.set(true);
        let patch = FilePatch {
            version: current.version,
            changes,
        };
        let id = current.id;
        leptos::task::spawn_local(async move {
            match api::youths::patch_youth(session, id, &patch).await {
                Ok(updated) => {
                    drafts.reset(&updated, &fields.get_value());
                    detail.set(Some(updated));
                    saved.set(Some(
                        "C'est enregistré. Votre conseiller ou conseillère va vérifier vos changements."
                            .to_owned(),
                    ));
                }
                Err(err) if err.code() == Some(ErrorCode::EditConflict) => {
                    on_conflict(session, id, &err, detail, drafts, conflict).await;
                }
                Err(err) => errors.show_api(&err),
            }
            set_busy.set(false);
        });
    };

    let pending = move |field: FileField| {
        detail.with(|d| {
            d.as_ref()
                .is_some_and(|d| d.unconfirmed_fields().contains(&field))
        })
    };
    let inputs = fields
        .get_value()
        .into_iter()
        .map(|field| {
            view! {
                <EditField field drafts errors detail/>
                <Show when=move || pending(field)>
                    <p class="pending">"Modifié par vous : en attente de vérification par votre conseiller ou conseillère."</p>
                </Show>
            }
        })
        .collect_view();
    let has_fields = !fields.with_value(Vec::is_empty);

    view! {
        <p>"Voici les informations que votre Mission Locale a sur vous."</p>
        {has_fields.then(|| view! {
            <section aria-labelledby="titre-modifiables">
                <h2 id="titre-modifiables">"Ce que vous pouvez modifier vous-même"</h2>
                <p>"Quand vous changez une information, votre conseiller ou conseillère la vérifie avant de s'en servir."</p>
                {move || saved.get().map(|m| view! { <div class="notice notice-success" role="status"><p>{m}</p></div> })}
                {move || conflict.get().map(|lines| view! {
                    <div class="notice notice-warning" role="alert">
                        <p><strong>"Votre Mission Locale a modifié votre dossier pendant que vous le changiez :"</strong></p>
                        <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                        <p>"La page montre maintenant ces nouvelles informations. Vérifiez vos changements, puis appuyez de nouveau sur « Enregistrer mes changements »."</p>
                    </div>
                })}
                <form class="form" on:submit=on_submit novalidate=true>
                    <ErrorSummary errors prefix=PREFIX/>
                    {inputs}
                    <button type="submit" class="button" disabled=move || busy.get() aria-disabled=move || busy.get().to_string()>
                        {move || if busy.get() { "Enregistrement…" } else { "Enregistrer mes changements" }}
                    </button>
                </form>
            </section>
        })}
        <ReadOnly detail/>
    }
    .into_any()
}

/// After a 409: read the file again, show what changed meanwhile, keep the young person's
/// other changes.
async fn on_conflict(
    session: Session,
    id: domain::YouthId,
    err: &ApiError,
    detail: RwSignal<Option<YouthDetail>>,
    drafts: Drafts,
    conflict: RwSignal<Option<Vec<String>>>,
) {
    let changed: Vec<(FileField, String)> = err
        .fields()
        .into_iter()
        .filter_map(|(code, message)| FileField::from_code(&code).map(|f| (f, message)))
        .collect();
    let mut lines: Vec<String> = changed
        .iter()
        .map(|(f, m)| format!("{} : {m}", f.label()))
        .collect();
    if lines.is_empty() {
        lines.push(err.message());
    }
    if let Ok(fresh) = api::youths::get_youth(session, id).await {
        let fields: Vec<FileField> = changed.iter().map(|(f, _)| *f).collect();
        drafts.reset(&fresh, &fields);
        detail.set(Some(fresh));
    }
    conflict.set(Some(lines));
}

/// The input of one editable field.
#[component]
fn EditField(
    field: FileField,
    drafts: Drafts,
    errors: FormErrors,
    detail: RwSignal<Option<YouthDetail>>,
) -> impl IntoView {
    let name = field.code();
    let label = field.label();
    match (widget(field), drafts.text(field)) {
        (Widget::Needs, _) => view! {
            <CheckboxGroup prefix=PREFIX name legend=label values=drafts.needs errors
                options=NeedTheme::ALL.iter().map(|n| (n.code(), n.label())).collect()/>
        }
        .into_any(),
        (Widget::Text(kind, inputmode, autocomplete), Some(value)) => view! {
            <TextField prefix=PREFIX name label value errors kind autocomplete required=false
                inputmode=inputmode.unwrap_or("text")/>
        }
        .into_any(),
        (Widget::Select(options), Some(value)) => view! {
            <SelectField prefix=PREFIX name label value errors options required=false/>
        }
        .into_any(),
        (Widget::Commune, Some(value)) => {
            // The postcode typed here, or the file's when the young person cannot change it.
            let postcode = match drafts.text(FileField::Postcode) {
                Some(p) => Signal::from(p),
                None => Signal::derive(move || {
                    detail.with(|d| {
                        d.as_ref()
                            .and_then(|d| d.data.postcode.clone())
                            .unwrap_or_default()
                    })
                }),
            };
            view! { <CommuneOfPostcode prefix=PREFIX name label postcode value errors required=false/> }
                .into_any()
        }
        (Widget::BirthCommune, Some(value)) => view! {
            <CommuneByName prefix=PREFIX name label value chosen=drafts.birth_commune errors/>
        }
        .into_any(),
        _ => ().into_any(),
    }
}

/// The other fields, grouped by section, to change with the counsellor.
#[component]
fn ReadOnly(detail: RwSignal<Option<YouthDetail>>) -> impl IntoView {
    move || {
        detail.with(|d| {
            d.as_ref().map(|d| {
                let editable = editable(d);
                let unconfirmed = d.unconfirmed_fields();
                let sections = FileSection::ALL
                    .iter()
                    .filter_map(|section| {
                        let rows: Vec<_> = FileField::ALL
                            .iter()
                            .filter(|f| f.section() == *section && !editable.contains(f))
                            .map(|f| {
                                let mut text = value_text(
                                    *f,
                                    &d.data,
                                    d.commune_name.as_deref(),
                                    d.birth_commune_name.as_deref(),
                                );
                                if unconfirmed.contains(f) {
                                    text.push_str(" (en attente de vérification)");
                                }
                                view! { <dt>{f.label()}</dt><dd>{text}</dd> }
                            })
                            .collect();
                        (!rows.is_empty()).then(|| {
                            view! {
                                <h3>{section.label()}</h3>
                                <dl class="facts">{rows}</dl>
                            }
                        })
                    })
                    .collect_view();
                view! {
                    <section aria-labelledby="titre-autres">
                        <h2 id="titre-autres">"Les autres informations de votre dossier"</h2>
                        <p>"Ces informations sont à modifier avec votre conseiller ou conseillère. Si quelque chose est faux, dites-le-lui : vous avez le droit de les faire corriger."</p>
                        {sections}
                    </section>
                }
            })
        })
    }
}
