//! `/conseiller/jeunes/:id`: a young person's file on one page (A8): what to do first, the
//! sections with who entered what, the history with restore (E4, E5), possible duplicates and
//! merge (A7), who viewed the file, export, reassignment and transfer (A9).
//!
//! The parts render markup as text (see `super::html`); one click, submit and input handler
//! per page dispatches to them.

mod actions;
mod completeness;
mod duplicates;
mod history;
mod merge;
mod readers;
mod sections;

pub use duplicates::DuplicatesPage;
pub use merge::MergePage;

use std::time::Duration;

use domain::dto::{StaffMember, YouthDetail, YouthFileStatus};
use domain::file::FileField;
use domain::{ErrorCode, Operation, Role, YouthId};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::accompaniment::Tab;
use super::html::{self, esc};
use crate::api::{self, ApiError};
use crate::components::{ErrorNotice, Loading, PageTitle};
use crate::format;
use crate::session::Session;

/// What the user may do on this file.
#[derive(Clone, Copy, Default)]
pub(crate) struct May {
    pub edit: bool,
    pub confirm: bool,
    pub history: bool,
    pub duplicates: bool,
    pub assign: bool,
    pub transfer: bool,
    pub export: bool,
    pub readers: bool,
    pub invite: bool,
}

/// What the parts of the file page share.
#[derive(Clone, Copy)]
pub(crate) struct Ctx {
    pub session: Session,
    /// The file as last received from the server.
    pub detail: RwSignal<YouthDetail>,
    /// Bumped after each change, so the history and duplicates are read again.
    pub changed: RwSignal<u32>,
    /// Bumped to read the whole file again (after an edit conflict).
    pub reload: RwSignal<u32>,
    /// The message of the page's live region.
    pub announce: RwSignal<Option<String>>,
    pub may: May,
}

impl Ctx {
    /// The id of the file.
    pub fn id(&self) -> YouthId {
        self.detail.with_untracked(|d| d.id)
    }

    /// The version of the file the next change is based on.
    pub fn version(&self) -> i32 {
        self.detail.with_untracked(|d| d.version)
    }

    /// A new state of the file from the server: shown, and the history read again.
    pub fn update(&self, detail: YouthDetail, message: String) {
        self.detail.set(detail);
        self.changed.update(|c| *c += 1);
        self.announce.set(Some(message));
    }
}

/// A field's value in words: communes and countries by name, phones in the national form.
pub(crate) fn shown(field: FileField, d: &YouthDetail) -> String {
    let value = field.get(&d.data);
    let text = value.as_str().unwrap_or_default();
    let with_name = |name: &Option<String>| match name {
        Some(name) => format!("{name} ({text})"),
        None => text.to_owned(),
    };
    match field {
        _ if value.is_null() || value.as_array().is_some_and(Vec::is_empty) => "—".to_owned(),
        FileField::Commune => with_name(&d.commune_name),
        FileField::BirthCommune => with_name(&d.birth_commune_name),
        FileField::BirthCountry | FileField::Nationality => {
            domain::values::country(text).map_or_else(|| text.to_owned(), |c| c.name.to_owned())
        }
        FileField::Mobile => format::phone(text),
        _ => field.display(&value),
    }
}

/// "MOREAU Léa".
pub(crate) fn list_name(first: &str, last: &str) -> String {
    format!("{} {first}", last.to_uppercase())
}

/// The staff who may be referent counsellors, as (id, name).
pub(crate) async fn counsellors(session: Session) -> Vec<(String, String)> {
    api::staff::list_staff(session, 1)
        .await
        .map(|page| {
            page.items
                .into_iter()
                .filter(|m: &StaffMember| matches!(m.role, Role::Conseiller | Role::Manager))
                .map(|m| {
                    (
                        m.id.to_string(),
                        format!("{} {}", m.first_name, m.last_name),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The edit conflict of an answer, as lines "field : what changed", if it is one.
pub(crate) fn conflict_of(error: &ApiError) -> Option<Vec<String>> {
    (error.code() == Some(ErrorCode::EditConflict)).then(|| {
        let lines: Vec<String> = error
            .fields()
            .into_iter()
            .map(|(field, message)| {
                let label = FileField::from_code(&field).map_or(field.as_str(), |f| f.label());
                format!("{label} : {message}")
            })
            .collect();
        if lines.is_empty() {
            vec![error.message()]
        } else {
            lines
        }
    })
}

/// What changed meanwhile, and a button to read the file again (focusable: `{id}`).
pub(crate) fn conflict_html(id: &str, lines: &[String]) -> String {
    let items: String = lines
        .iter()
        .map(|l| format!("<li>{}</li>", esc(l)))
        .collect();
    format!(
        r#"<div id="{id}" tabindex="-1" class="notice notice-warning" role="alert"><p><strong>Le dossier a été modifié par quelqu'un d'autre pendant que vous travailliez :</strong></p><ul>{items}</ul><p>Rechargez le dossier pour voir ces changements, puis refaites votre modification si elle est toujours utile.</p>{}</div>"#,
        html::button("button", "reload", "", "Recharger le dossier", "")
    )
}

/// "Chargement…" as markup.
pub(crate) const LOADING: &str = r#"<p class="loading" role="status">Chargement…</p>"#;

/// The file page.
#[component]
pub fn YouthPage() -> impl IntoView {
    let session = Session::use_context();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<YouthId>().ok()));
    let reload = RwSignal::new(0u32);
    // Kept here: the file is read again after an invitation, which rebuilds the page.
    let sent = RwSignal::new(None::<String>);
    let announce = RwSignal::new(None::<String>);
    // After a merge the merge page lands here: say so once the page is drawn.
    if query.with_untracked(|q| q.get("fusion").is_some()) {
        set_timeout(
            move || {
                announce.set(Some(
                    "Les deux dossiers ont été fusionnés : voici le dossier conservé, avec les \
                     valeurs choisies. L'autre dossier est gardé de côté."
                        .to_owned(),
                ))
            },
            Duration::from_millis(300),
        );
    }
    let youth = html::fetch(false, move || {
        let (id, _) = (id(), reload.get());
        async move {
            match id {
                Some(id) => api::youths::get_youth(session, id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <p><a href="/conseiller/jeunes">"← Retour à la liste des jeunes"</a></p>
        <div role="status" class="live">
            {move || announce.get().map(|m| view! { <p class="notice notice-success">{m}</p> })}
        </div>
        {move || match youth.get() {
            None => view! { <PageTitle title="Dossier".to_owned()/><Loading/> }.into_any(),
            Some(Ok(Some(detail))) => view! { <FileView detail reload sent announce/> }.into_any(),
            Some(Ok(None)) | Some(Err(ApiError::Http { status: 404, .. })) => view! {
                <PageTitle title="Dossier introuvable".to_owned()/>
                <p>"Ce dossier n'existe pas ou n'est pas accessible avec votre compte."</p>
            }.into_any(),
            Some(Err(err)) => view! { <PageTitle title="Dossier".to_owned()/><ErrorNotice error=err/> }.into_any(),
        }}
    }
}

#[component]
fn FileView(
    detail: YouthDetail,
    reload: RwSignal<u32>,
    sent: RwSignal<Option<String>>,
    announce: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = Session::use_context();
    let me = session.me();
    let can = |op: Operation| me.as_ref().is_some_and(|m| m.may(op));
    let active = detail.status == YouthFileStatus::Active;
    let may = May {
        edit: active && can(Operation::UpdateYouth),
        confirm: active && can(Operation::ConfirmYouthChanges),
        history: can(Operation::ReadYouthHistory),
        duplicates: active && can(Operation::ManageDuplicates),
        assign: active && can(Operation::AssignCounsellor),
        transfer: active && can(Operation::TransferYouth),
        export: can(Operation::ExportYouth),
        readers: can(Operation::ReadFileReaders),
        invite: active && can(Operation::InviteYouth),
    };
    let ctx = Ctx {
        session,
        detail: RwSignal::new(detail),
        changed: RwSignal::new(0),
        reload,
        announce,
        may,
    };
    let sections = sections::Sections::new(ctx);
    let history = history::History::new(ctx);
    let duplicates = duplicates::Panel::new(ctx);
    let readers = readers::Readers::new(ctx);
    let actions = actions::Actions::new(ctx, sent);
    let title = Signal::derive(move || {
        ctx.detail
            .with(|d| format!("{} {}", d.first_name, d.last_name))
    });
    let nav = super::accompaniment::nav_html(ctx.id(), Tab::Dossier, me.as_ref());
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some((action, arg)) = html::action_of(&ev) else {
            return;
        };
        if action == "reload" {
            reload.update(|r| *r += 1);
        } else {
            let _ = sections.click(&ev, &action, &arg)
                || history.click(&action, &arg)
                || duplicates.click(&action, &arg)
                || readers.click(&action)
                || actions.click(&action, &arg);
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some((form, values)) = html::form_of(&ev) {
            if form == "section" {
                sections.submit(values);
            } else {
                actions.submit(&form, values);
            }
        }
    };
    let on_input = move |ev: leptos::ev::Event| sections.input(&ev);
    view! {
        <PageTitle title/>
        <div inner_html=nav></div>
        <div on:click=on_click on:submit=on_submit on:input=on_input>
            <div inner_html=move || actions.top()></div>
            <div inner_html=move || actions.invitation()></div>
            <div inner_html=move || completeness::html(ctx)></div>
            <div inner_html=move || sections.html()></div>
            {may.history.then(|| view! {
                <section class="file-section" aria-labelledby="titre-historique">
                    <h2 id="titre-historique" tabindex="-1">"Historique des modifications"</h2>
                    <div inner_html=move || history.html()></div>
                </section>
            })}
            <div inner_html=move || duplicates.html()></div>
            <div inner_html=move || actions.reassign()></div>
            <div inner_html=move || actions.transfer()></div>
            <div inner_html=move || actions.export()></div>
            <div inner_html=move || readers.html()></div>
        </div>
    }
}
