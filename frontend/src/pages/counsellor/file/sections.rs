//! The sections of the file: each field with its value and who entered it (D7), values the
//! young person entered waiting for confirmation, and one form per section, sent as a `PATCH`
//! with the version it was based on.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use domain::dto::{ConfirmFields, FilePatch, YouthDetail};
use domain::file::{
    DocumentKind, DocumentStatus, EducationLevel, FileField, FileSection, Housing, Licence,
    NeedTheme, Origin, ReferrerKind, Sex, SituationCategory, SituationState, SpecificSituation,
    Vehicle,
};
use leptos::prelude::*;
use serde_json::{Map, Value};

use super::{Ctx, conflict_html, conflict_of, shown};
use crate::api;
use crate::format;
use crate::pages::counsellor::html::{
    Errors, Field, Values, button, checkbox, esc, focus_later, form_of, notice, one, options_html,
    put, set_inner, target_id,
};

/// The fields of a section, in the order of the file.
fn fields_of(section: FileSection) -> impl Iterator<Item = FileField> {
    FileField::ALL
        .iter()
        .copied()
        .filter(move |f| f.section() == section)
}

/// The documents a file requires, and any other recorded.
fn document_kinds(d: &YouthDetail) -> Vec<DocumentKind> {
    let mut kinds = d.data.required_documents();
    for kind in d.data.documents.keys() {
        if !kinds.contains(kind) {
            kinds.push(*kind);
        }
    }
    kinds
}

/// The choices of a closed list.
fn list<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|v| (code(*v), label(*v))).collect()
}

/// The drop-down choices of a field, if it has some.
fn choices(field: FileField) -> Option<Vec<(&'static str, &'static str)>> {
    use FileField as F;
    Some(match field {
        F::Sex => list(Sex::ALL, Sex::code, Sex::label),
        F::Housing => list(Housing::ALL, Housing::code, Housing::label),
        F::EducationLevel => list(
            EducationLevel::ALL,
            EducationLevel::code,
            EducationLevel::label,
        ),
        F::Licence => list(Licence::ALL, Licence::code, Licence::label),
        F::Vehicle => list(Vehicle::ALL, Vehicle::code, Vehicle::label),
        F::SpecificSituation => list(
            SpecificSituation::ALL,
            SpecificSituation::code,
            SpecificSituation::label,
        ),
        F::Referrer => list(ReferrerKind::ALL, ReferrerKind::code, ReferrerKind::label),
        F::Rqth | F::Qpv | F::Frr => vec![("true", "Oui"), ("false", "Non")],
        F::BirthCountry | F::Nationality => {
            let all = domain::values::countries();
            all.iter()
                .filter(|c| c.code == "FR")
                .chain(all.iter().filter(|c| c.code != "FR"))
                .map(|c| (c.code, c.name))
                .collect()
        }
        _ => return None,
    })
}

/// The form's values of a section, from the file.
fn values_of(section: FileSection, d: &YouthDetail) -> Values {
    let mut values = Values::new();
    for field in fields_of(section) {
        let code = field.code();
        match field {
            FileField::Needs => {
                values.insert(
                    code.to_owned(),
                    d.data.needs.iter().map(|n| n.code().to_owned()).collect(),
                );
            }
            FileField::Documents => {
                for kind in document_kinds(d) {
                    put(
                        &mut values,
                        format!("documents.{}", kind.code()),
                        d.data.document(kind).code(),
                    );
                }
            }
            FileField::Situations => {
                for (i, s) in d.data.situations.iter().enumerate() {
                    let row = [
                        s.category.code().to_owned(),
                        s.state.code().to_owned(),
                        s.start.map(|d| d.to_string()).unwrap_or_default(),
                        s.end.map(|d| d.to_string()).unwrap_or_default(),
                        s.detail.clone().unwrap_or_default(),
                    ];
                    put_row(&mut values, i, row);
                }
            }
            _ => {
                let text = match field.get(&d.data) {
                    Value::String(s) if field == FileField::Mobile => format::phone(&s),
                    Value::String(s) => s,
                    Value::Bool(b) => b.to_string(),
                    _ => String::new(),
                };
                put(&mut values, code, text);
            }
        }
    }
    values
}

const ROW: [&str; 5] = ["category", "state", "start", "end", "detail"];

fn put_row(values: &mut Values, i: usize, row: [String; 5]) {
    for (part, value) in ROW.iter().zip(row) {
        put(values, format!("situations.{i}.{part}"), value);
    }
}

/// The situations of the form, in order.
fn rows(values: &Values, count: usize) -> Vec<[String; 5]> {
    (0..count)
        .map(|i| ROW.map(|part| one(values, &format!("situations.{i}.{part}")).to_owned()))
        .collect()
}

/// A field's value as the API reads it, from the form.
fn value_of(field: FileField, values: &Values, count: usize) -> Value {
    let text = |s: &str| {
        let s = s.trim();
        if s.is_empty() {
            Value::Null
        } else {
            Value::String(s.to_owned())
        }
    };
    match field {
        // Checkboxes come in the order of the list, as the file keeps them.
        FileField::Needs => Value::from(values.get("needs").cloned().unwrap_or_default()),
        FileField::Documents => Value::Object(
            values
                .iter()
                .filter_map(|(k, v)| {
                    k.strip_prefix("documents.")
                        .map(|kind| (kind.to_owned(), Value::from(v.first().cloned())))
                })
                .collect::<Map<_, _>>(),
        ),
        FileField::Situations => Value::Array(
            rows(values, count)
                .iter()
                .map(|row| {
                    let mut s = Map::new();
                    for (part, value) in ROW.iter().zip(row) {
                        let v = if *part == "category" || *part == "state" {
                            Value::String(value.clone())
                        } else {
                            text(value)
                        };
                        s.insert((*part).to_owned(), v);
                    }
                    Value::Object(s)
                })
                .collect(),
        ),
        FileField::Rqth | FileField::Qpv | FileField::Frr => match one(values, field.code()) {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::Null,
        },
        _ => text(one(values, field.code())),
    }
}

/// The id a form's field has (for focus), from the section form's prefix.
fn input_id(field: FileField, document: Option<DocumentKind>) -> String {
    let prefix = format!("modif-{}-{}", field.section().code(), field.code());
    match (field, document) {
        (FileField::Documents, Some(kind)) => format!("{prefix}-{}", kind.code()),
        (FileField::Situations, _) => format!("{prefix}-ajouter"),
        (FileField::Needs, _) => format!("{prefix}-{}", NeedTheme::ALL[0].code()),
        (FileField::BirthCommune, _) => format!("{prefix}-recherche"),
        _ => prefix,
    }
}

/// A section's open form.
#[derive(Clone, Debug, PartialEq)]
struct Editor {
    section: FileSection,
    initial: Values,
    values: Values,
    /// How many situations the form shows.
    rows: usize,
    initial_rows: usize,
    errors: Errors,
    conflict: Option<Vec<String>>,
    /// Communes found by search, by field code, as (INSEE code, label).
    found: BTreeMap<String, Vec<(String, String)>>,
}

/// The sections part of the page.
#[derive(Clone, Copy)]
pub(super) struct Sections {
    ctx: Ctx,
    editor: RwSignal<Option<Editor>>,
    error: RwSignal<Option<String>>,
    busy: StoredValue<bool>,
    search: StoredValue<u32>,
}

impl Sections {
    pub fn new(ctx: Ctx) -> Self {
        Self {
            ctx,
            editor: RwSignal::new(None),
            error: RwSignal::new(None),
            busy: StoredValue::new(false),
            search: StoredValue::new(0),
        }
    }

    fn open(&self, section: FileSection) {
        let (values, rows) = self
            .ctx
            .detail
            .with_untracked(|d| (values_of(section, d), d.data.situations.len()));
        self.editor.set(Some(Editor {
            section,
            initial: values.clone(),
            values,
            rows,
            initial_rows: rows,
            errors: Errors::default(),
            conflict: None,
            found: BTreeMap::new(),
        }));
    }

    fn close(&self, section: FileSection) {
        self.editor.set(None);
        focus_later(format!("section-{}", section.code()));
    }

    /// Handles a click; false when the action is not this part's.
    pub fn click(&self, ev: &web_sys::Event, action: &str, arg: &str) -> bool {
        match action {
            "edit" => {
                if let Some(section) = FileSection::from_code(arg) {
                    self.open(section);
                    focus_later(format!("modif-{arg}-titre"));
                }
            }
            "complete" => {
                let (field, document) = arg.split_once(':').unwrap_or((arg, ""));
                if let Some(field) = FileField::from_code(field) {
                    self.open(field.section());
                    focus_later(input_id(field, DocumentKind::from_code(document)));
                }
            }
            "cancel" => {
                if let Some(section) = self
                    .editor
                    .with_untracked(|e| e.as_ref().map(|e| e.section))
                {
                    self.close(section);
                }
            }
            "confirm" => {
                let fields = match FileField::from_code(arg) {
                    Some(field) => vec![field],
                    None => self
                        .ctx
                        .detail
                        .with_untracked(YouthDetail::unconfirmed_fields),
                };
                self.confirm(fields);
            }
            "add-situation" | "remove-situation" => {
                let values = form_of(ev).map(|(_, v)| v).unwrap_or_default();
                let mut focus = String::new();
                self.editor.update(|e| {
                    let Some(e) = e else { return };
                    let mut list = rows(&values, e.rows);
                    if action == "add-situation" {
                        list.push([
                            "".into(),
                            "en_cours".into(),
                            "".into(),
                            "".into(),
                            "".into(),
                        ]);
                        focus = format!("modif-parcours-situations-{}-category", list.len() - 1);
                    } else if let Ok(n) = arg.parse::<usize>()
                        && n < list.len()
                    {
                        list.remove(n);
                        focus = "modif-parcours-situations-ajouter".to_owned();
                    }
                    e.values = values;
                    e.values.retain(|k, _| !k.starts_with("situations."));
                    e.rows = list.len();
                    for (i, row) in list.into_iter().enumerate() {
                        put_row(&mut e.values, i, row);
                    }
                });
                focus_later(focus);
            }
            _ => return false,
        }
        true
    }

    fn confirm(&self, fields: Vec<FileField>) {
        let ctx = self.ctx;
        let error = self.error;
        let (id, count) = (ctx.id(), fields.len());
        error.set(None);
        leptos::task::spawn_local(async move {
            match api::youths::confirm_fields(ctx.session, id, &ConfirmFields { fields }).await {
                Ok(detail) => ctx.update(
                    detail,
                    if count == 1 {
                        "Valeur confirmée.".to_owned()
                    } else {
                        format!("{count} valeurs confirmées.")
                    },
                ),
                Err(err) => error.set(Some(err.message())),
            }
        });
    }

    /// Sends the open form's changes.
    pub fn submit(&self, values: Values) {
        let Some(editor) = self.editor.get_untracked() else {
            return;
        };
        if self.busy.get_value() {
            return;
        }
        let section = editor.section;
        let changes: BTreeMap<FileField, Value> = fields_of(section)
            .filter_map(|f| {
                let now = value_of(f, &values, editor.rows);
                (now != value_of(f, &editor.initial, editor.initial_rows)).then_some((f, now))
            })
            .collect();
        if changes.is_empty() {
            self.ctx.announce.set(Some(format!(
                "Aucune modification dans la section {}.",
                section.label()
            )));
            self.close(section);
            return;
        }
        self.editor.update_untracked(|e| {
            if let Some(e) = e {
                e.values = values;
            }
        });
        let patch = FilePatch {
            version: self.ctx.version(),
            changes,
        };
        let (ctx, editor, busy, this) = (self.ctx, self.editor, self.busy, *self);
        let id = ctx.id();
        busy.set_value(true);
        leptos::task::spawn_local(async move {
            match api::youths::patch_youth(ctx.session, id, &patch).await {
                Ok(detail) => {
                    this.close(section);
                    ctx.update(detail, format!("Section {} enregistrée.", section.label()));
                }
                Err(err) => {
                    let conflict = conflict_of(&err);
                    let focus = if conflict.is_some() {
                        "conflit"
                    } else {
                        "erreurs"
                    };
                    editor.update(|e| {
                        if let Some(e) = e {
                            e.errors = if conflict.is_some() {
                                Errors::default()
                            } else {
                                Errors::of(&err)
                            };
                            e.conflict = conflict;
                        }
                    });
                    focus_later(format!("modif-{}-{focus}", section.code()));
                }
            }
            busy.set_value(false);
        });
    }

    /// Looks for communes as a postcode or a name is typed.
    pub fn input(&self, ev: &web_sys::Event) {
        let id = target_id(ev);
        let (field, select) = match id.as_str() {
            "modif-coordonnees-postcode" => ("commune", "modif-coordonnees-commune"),
            "modif-identite-birth_commune-recherche" => {
                ("birth_commune", "modif-identite-birth_commune")
            }
            _ => return,
        };
        let Some((_, values)) = form_of(ev) else {
            return;
        };
        let text = one(
            &values,
            if field == "commune" {
                "postcode"
            } else {
                "birth_commune-recherche"
            },
        )
        .trim()
        .to_owned();
        let chosen = one(&values, field).to_owned();
        let digits = text.chars().all(|c| c.is_ascii_digit());
        if (digits && text.len() != 5) || text.chars().count() < 2 {
            return;
        }
        self.search.update_value(|s| *s += 1);
        let (mine, search, editor) = (self.search.get_value(), self.search, self.editor);
        set_timeout(
            move || {
                if search.try_get_value() != Some(mine) {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let found = if digits {
                        api::reference::communes_of_postcode(&text).await
                    } else {
                        api::reference::search_communes(&text).await
                    };
                    let Ok(found) = found else { return };
                    if search.try_get_value() != Some(mine) {
                        return;
                    }
                    let options: Vec<(String, String)> = found
                        .into_iter()
                        .map(|c| {
                            let label = format!("{} ({})", c.name, c.postcodes.join(", "));
                            (c.insee, label)
                        })
                        .collect();
                    // The only commune of a postcode is chosen for the user.
                    let chosen = match options.as_slice() {
                        [(only, _)] if digits => only.clone(),
                        _ => chosen,
                    };
                    set_inner(
                        select,
                        &options_html(
                            options.iter().map(|(c, l)| (c.as_str(), l.as_str())),
                            &chosen,
                            "Non renseignée",
                        ),
                    );
                    editor.try_update_untracked(|e| {
                        if let Some(e) = e {
                            e.found.insert(field.to_owned(), options);
                            put(&mut e.values, field, chosen);
                        }
                    });
                });
            },
            Duration::from_millis(300),
        );
    }

    /// The sections (reactive).
    pub fn html(&self) -> String {
        let editor = self.editor.get();
        let error = self.error.get();
        let may = self.ctx.may;
        self.ctx.detail.with(|d| {
            let mut out = String::new();
            let unconfirmed = d.unconfirmed_fields().len();
            if may.confirm && unconfirmed > 0 {
                let text = if unconfirmed == 1 {
                    "Une information saisie par le jeune est à confirmer.".to_owned()
                } else {
                    format!("{unconfirmed} informations saisies par le jeune sont à confirmer.")
                };
                let _ = write!(
                    out,
                    r#"<div class="notice notice-warning"><p>{text}</p>{}</div>"#,
                    button("button button-secondary", "confirm", "*", "Tout confirmer", "")
                );
            }
            if let Some(error) = error {
                out.push_str(&notice("error", &error));
            }
            for section in FileSection::ALL {
                let open = editor.as_ref().filter(|e| e.section == *section);
                let code = section.code();
                let _ = write!(
                    out,
                    r#"<section class="file-section" aria-labelledby="section-{code}"><div class="section-head"><h2 id="section-{code}" tabindex="-1">{}</h2>"#,
                    section.label()
                );
                if may.edit && open.is_none() {
                    let hidden = format!(" la section {}", section.label());
                    out.push_str(&button("button button-secondary", "edit", code, "Modifier", &hidden));
                }
                out.push_str("</div>");
                match open {
                    Some(editor) => out.push_str(&form_html(editor, d)),
                    None => out.push_str(&facts_html(*section, d, may.confirm)),
                }
                out.push_str("</section>");
            }
            out
        })
    }
}

/// A section's fields and values.
fn facts_html(section: FileSection, d: &YouthDetail, may_confirm: bool) -> String {
    let mut out = String::from(r#"<dl class="facts">"#);
    for field in fields_of(section) {
        let value = match field {
            FileField::Documents => {
                let items: String = document_kinds(d)
                    .into_iter()
                    .map(|k| {
                        format!(
                            "<li>{} : <strong>{}</strong></li>",
                            esc(k.label()),
                            d.data.document(k).label()
                        )
                    })
                    .collect();
                format!(r#"<ul class="plain">{items}</ul>"#)
            }
            FileField::Situations if !d.data.situations.is_empty() => {
                let items: String = d
                    .data
                    .situations
                    .iter()
                    .map(|s| format!("<li>{}</li>", esc(&domain::file::field::situation_text(s))))
                    .collect();
                format!(r#"<ul class="plain">{items}</ul>"#)
            }
            _ => esc(&shown(field, d)),
        };
        let _ = write!(out, "<dt>{}</dt><dd>{value}", field.label());
        if let Some(p) = d.provenance_of(field).filter(|p| p.origin == Origin::Jeune) {
            out.push_str(r#" <span class="badge badge-youth">Saisi par le jeune</span>"#);
            if !p.confirmed {
                out.push_str(r#" <span class="badge badge-info">À confirmer</span>"#);
                if may_confirm {
                    let hidden = format!(" : {}", field.label());
                    let _ = write!(
                        out,
                        " {}",
                        button("link-button", "confirm", field.code(), "Confirmer", &hidden)
                    );
                }
            }
            let _ = write!(
                out,
                r#"<span class="visually-hidden"> le {}</span>"#,
                format::date_time(p.at)
            );
        }
        out.push_str("</dd>");
    }
    out.push_str("</dl>");
    out
}

/// The form of a section.
fn form_html(editor: &Editor, d: &YouthDetail) -> String {
    let section = editor.section;
    let prefix = format!("modif-{}", section.code());
    let mut out = format!(
        r#"<form class="form section-form" data-form="section" novalidate aria-labelledby="{prefix}-titre"><p id="{prefix}-titre" tabindex="-1" class="form-title">Modifier : {}</p>"#,
        section.label()
    );
    out.push_str(&editor.errors.summary(&prefix, |name| {
        FileField::from_code(name).map_or_else(String::new, |f| f.label().to_owned())
    }));
    if let Some(lines) = &editor.conflict {
        out.push_str(&conflict_html(&format!("{prefix}-conflit"), lines));
    }
    for field in fields_of(section) {
        out.push_str(&control(field, &prefix, editor, d));
    }
    let _ = write!(
        out,
        r#"<div class="actions"><button type="submit" class="button">Enregistrer</button>{}</div></form>"#,
        button("button button-secondary", "cancel", "", "Annuler", "")
    );
    out
}

/// The control of one field.
fn control(field: FileField, prefix: &str, editor: &Editor, d: &YouthDetail) -> String {
    let (values, errors) = (&editor.values, &editor.errors);
    let code = field.code();
    let value = one(values, code);
    let hint = match field {
        FileField::Mobile => "Par exemple 06 12 34 56 78.",
        FileField::Postcode => "5 chiffres : la liste des communes se met à jour.",
        FileField::Commune => "Choisissez parmi les communes du code postal.",
        _ => "",
    };
    let f = Field::new(prefix, code, field.label(), errors)
        .hint(hint)
        .required(matches!(
            field,
            FileField::BirthName | FileField::FirstNames | FileField::BirthDate
        ));
    let group = |inner: String| {
        let error = errors
            .get(code)
            .map(|m| format!(r#"<p class="field-error">{}</p>"#, esc(m)))
            .unwrap_or_default();
        format!(
            r#"<fieldset class="field group" id="{prefix}-{code}"><legend>{}</legend>{error}{inner}</fieldset>"#,
            field.label()
        )
    };
    let none = Errors::default();
    match field {
        FileField::BirthDate | FileField::ResidencePermitExpiry => f.input("date", value, ""),
        FileField::Mobile => f.input("tel", value, r#"inputmode="tel""#),
        FileField::Email => f.input("email", value, r#"inputmode="email""#),
        FileField::Postcode => f.input("text", value, r#"inputmode="numeric""#),
        FileField::Commune | FileField::BirthCommune => {
            let (code_now, name_now) = if field == FileField::Commune {
                (&d.data.commune, &d.commune_name)
            } else {
                (&d.data.birth_commune, &d.birth_commune_name)
            };
            let mut options: Vec<(String, String)> = code_now
                .iter()
                .map(|c| (c.clone(), name_now.clone().unwrap_or_else(|| c.clone())))
                .collect();
            for found in editor.found.get(code).into_iter().flatten() {
                if options.iter().all(|(c, _)| *c != found.0) {
                    options.push(found.clone());
                }
            }
            let select = f.select(
                options.iter().map(|(c, l)| (c.as_str(), l.as_str())),
                value,
                "Non renseignée",
            );
            if field == FileField::Commune {
                return select;
            }
            let search = Field::new(
                prefix,
                "birth_commune-recherche",
                "Rechercher la commune de naissance",
                &none,
            )
            .hint("Tapez le début du nom, puis choisissez dans la liste ci-dessous.");
            format!(
                "{}{select}",
                search.input("search", one(values, "birth_commune-recherche"), "")
            )
        }
        FileField::Needs => {
            let chosen = values.get(code).cloned().unwrap_or_default();
            group(
                NeedTheme::ALL
                    .iter()
                    .map(|n| {
                        checkbox(
                            &format!("{prefix}-needs-{}", n.code()),
                            code,
                            n.code(),
                            n.label(),
                            chosen.iter().any(|c| c == n.code()),
                        )
                    })
                    .collect(),
            )
        }
        FileField::Documents => {
            let statuses = list(
                DocumentStatus::ALL,
                DocumentStatus::code,
                DocumentStatus::label,
            );
            group(
                document_kinds(d)
                    .into_iter()
                    .map(|kind| {
                        let name = format!("documents.{}", kind.code());
                        Field::new(prefix, &name, kind.label(), &none)
                            .required(true)
                            .id(format!("{prefix}-documents-{}", kind.code()))
                            .select(statuses.iter().copied(), one(values, &name), "Manquant")
                    })
                    .collect(),
            )
        }
        FileField::Situations => {
            let categories = list(
                SituationCategory::ALL,
                SituationCategory::code,
                SituationCategory::label,
            );
            let states = list(
                SituationState::ALL,
                SituationState::code,
                SituationState::label,
            );
            let mut inner = String::new();
            for (i, row) in rows(values, editor.rows).iter().enumerate() {
                let names = ROW.map(|part| format!("situations.{i}.{part}"));
                let part = |n: usize, label: &'static str| {
                    Field::new(prefix, &names[n], label, &none)
                        .id(format!("{prefix}-situations-{i}-{}", ROW[n]))
                        .required(n < 2)
                };
                let _ = write!(
                    inner,
                    r#"<fieldset class="situation"><legend>Situation {}</legend>{}{}{}{}{}{}</fieldset>"#,
                    i + 1,
                    part(0, "Catégorie").select(categories.iter().copied(), &row[0], "Choisissez"),
                    part(1, "État").select(states.iter().copied(), &row[1], "Choisissez"),
                    part(2, "Début").input("date", &row[2], ""),
                    part(3, "Fin").input("date", &row[3], ""),
                    part(4, "Précision (employeur, formation…)").input("text", &row[4], ""),
                    button(
                        "button button-secondary",
                        "remove-situation",
                        &i.to_string(),
                        &format!("Retirer la situation {}", i + 1),
                        ""
                    )
                );
            }
            group(format!(
                r#"{inner}<button type="button" id="{prefix}-situations-ajouter" class="button button-secondary" data-action="add-situation" data-arg="">Ajouter une situation</button>"#
            ))
        }
        _ => match choices(field) {
            Some(options) => f.select(options.iter().copied(), value, "Non renseigné"),
            None => f.input("text", value, ""),
        },
    }
}
