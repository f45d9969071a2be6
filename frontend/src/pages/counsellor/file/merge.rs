//! `/conseiller/jeunes/:id/fusion/:other`: merges the file `other` into `id`, choosing field by
//! field which value is kept. The merged file is kept aside (status "merged").

use std::fmt::Write as _;

use domain::YouthId;
use domain::dto::{MergeRequest, MergeSide, YouthDetail, YouthFileStatus};
use domain::file::FileField;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::{LOADING, conflict_html, conflict_of, list_name, shown};
use crate::api::{self, ApiError};
use crate::components::PageTitle;
use crate::format;
use crate::pages::counsellor::html::{self, Errors, esc, focus_later, notice, one, plural};
use crate::session::Session;

#[derive(Clone, Debug, Default, PartialEq)]
struct State {
    errors: Errors,
    conflict: Option<Vec<String>>,
}

/// The merge screen.
#[component]
pub fn MergePage() -> impl IntoView {
    let session = Session::use_context();
    let navigate = use_navigate();
    let params = use_params_map();
    let ids = move || {
        params.with(|p| {
            let id = |k: &str| p.get(k).and_then(|v| v.parse::<YouthId>().ok());
            id("id").zip(id("other"))
        })
    };
    let reload = RwSignal::new(0u32);
    let files = html::fetch(true, move || {
        let (ids, _) = (ids(), reload.get());
        async move {
            let Some((kept, merged)) = ids else {
                return Ok(None);
            };
            let kept = api::youths::get_youth(session, kept).await?;
            let merged = api::youths::get_youth(session, merged).await?;
            Ok::<_, ApiError>(Some((kept, merged)))
        }
    });
    let state = RwSignal::new(State::default());
    let busy = StoredValue::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((_, values)) = html::form_of(&ev) else {
            return;
        };
        let Some(Ok(Some((kept, merged)))) = files.get_untracked() else {
            return;
        };
        if busy.get_value() {
            return;
        }
        let body = MergeRequest {
            merged_id: merged.id,
            kept_version: kept.version,
            merged_version: merged.version,
            choices: differing(&kept, &merged)
                .into_iter()
                .map(|f| {
                    let side = if one(&values, f.code()) == "merged" {
                        MergeSide::Merged
                    } else {
                        MergeSide::Kept
                    };
                    (f, side)
                })
                .collect(),
        };
        let navigate = navigate.clone();
        busy.set_value(true);
        leptos::task::spawn_local(async move {
            match api::youths::merge(session, kept.id, &body).await {
                Ok(detail) => navigate(
                    &format!("/conseiller/jeunes/{}?fusion=1", detail.id),
                    NavigateOptions::default(),
                ),
                Err(err) => {
                    let conflict = conflict_of(&err);
                    let errors = if conflict.is_some() {
                        Errors::default()
                    } else {
                        Errors::of(&err)
                    };
                    state.set(State { errors, conflict });
                    focus_later("fusion-erreurs");
                    focus_later("fusion-conflit");
                }
            }
            busy.set_value(false);
        });
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if let Some((action, _)) = html::action_of(&ev)
            && action == "reload"
        {
            state.set(State::default());
            reload.update(|r| *r += 1);
        }
    };
    let body = move || match files.get() {
        None => LOADING.to_owned(),
        Some(Ok(Some((kept, merged)))) => form_html(&kept, &merged, &state.get()),
        Some(Ok(None)) | Some(Err(ApiError::Http { status: 404, .. })) => {
            "<p>Un des deux dossiers n'existe pas ou n'est pas accessible avec votre compte.</p>"
                .to_owned()
        }
        Some(Err(error)) => notice("error", &error.message()),
    };
    let back = move || {
        ids().map_or_else(
            || "/conseiller/jeunes".to_owned(),
            |(kept, _)| format!("/conseiller/jeunes/{kept}"),
        )
    };
    view! {
        <p><a href=back>"← Retour au dossier"</a></p>
        <PageTitle title="Fusionner deux dossiers".to_owned()/>
        <div on:submit=on_submit on:click=on_click inner_html=body></div>
    }
}

/// The fields whose values differ.
fn differing(kept: &YouthDetail, merged: &YouthDetail) -> Vec<FileField> {
    FileField::ALL
        .iter()
        .copied()
        .filter(|f| f.get(&kept.data) != f.get(&merged.data))
        .collect()
}

fn describe(d: &YouthDetail) -> String {
    format!(
        r#"<a href="/conseiller/jeunes/{}">{}, date de naissance {}, dossier ouvert le {}</a>"#,
        d.id,
        esc(&list_name(&d.first_name, &d.last_name)),
        format::date(d.birth_date),
        format::date(d.created_at.date_naive())
    )
}

fn form_html(kept: &YouthDetail, merged: &YouthDetail, state: &State) -> String {
    if kept.status != YouthFileStatus::Active || merged.status != YouthFileStatus::Active {
        return format!(
            "{}<p>{}</p>",
            notice(
                "warning",
                "Un des deux dossiers a déjà été fusionné ou anonymisé : la fusion n'est plus possible."
            ),
            describe(kept)
        );
    }
    let fields = differing(kept, merged);
    let mut out = format!(
        r#"<dl class="facts"><dt>Dossier conservé</dt><dd>{}</dd><dt>Autre dossier</dt><dd>{} — il sera fusionné dans le dossier conservé puis gardé de côté.</dd></dl><p><a href="/conseiller/jeunes/{}/fusion/{}">Conserver plutôt l'autre dossier</a></p><form class="form" data-form="fusion" novalidate>"#,
        describe(kept),
        describe(merged),
        merged.id,
        kept.id
    );
    out.push_str(&state.errors.summary("fusion", |_| String::new()));
    if let Some(lines) = &state.conflict {
        out.push_str(&conflict_html("fusion-conflit", lines));
    }
    if fields.is_empty() {
        out.push_str("<p>Les deux dossiers contiennent les mêmes informations.</p>");
    } else {
        let n = fields.len();
        let _ = write!(
            out,
            "<p>{n} information{} diffère{} : pour chacune, choisissez la valeur à garder.</p>",
            plural(n),
            if n > 1 { "nt" } else { "" }
        );
    }
    for field in fields {
        let code = field.code();
        // By default the kept file's values stay, except where it has none.
        let take_merged = field.get(&kept.data).is_null();
        let _ = write!(
            out,
            r#"<fieldset class="merge-field"><legend>{}</legend><div class="merge-options">"#,
            field.label()
        );
        for (side, whose, d, checked) in [
            ("kept", "Dossier conservé", kept, !take_merged),
            ("merged", "Autre dossier", merged, take_merged),
        ] {
            let _ = write!(
                out,
                r#"<div class="choice"><input type="radio" id="fusion-{code}-{side}" name="{code}" value="{side}"{}><label for="fusion-{code}-{side}"><span class="merge-side">{whose} : </span>{}</label></div>"#,
                if checked { " checked" } else { "" },
                esc(&shown(field, d))
            );
        }
        out.push_str("</div></fieldset>");
    }
    out.push_str(r#"<button type="submit" class="button">Fusionner les dossiers</button></form>"#);
    out
}
