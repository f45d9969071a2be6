//! "Qui a consulté ce dossier" (G2): read on demand, from the access log.

use std::fmt::Write as _;

use domain::dto::FileReader;
use leptos::prelude::*;

use super::{Ctx, LOADING};
use crate::api;
use crate::format;
use crate::pages::counsellor::html::{Loaded, button, esc, fetch, notice};

/// The readers part of the page; the list is fetched when asked for.
#[derive(Clone, Copy)]
pub(super) struct Readers {
    ctx: Ctx,
    shown: RwSignal<bool>,
    list: Loaded<Option<Vec<FileReader>>>,
}

impl Readers {
    pub fn new(ctx: Ctx) -> Self {
        let shown = RwSignal::new(false);
        let list = fetch(false, move || {
            let (shown, id) = (shown.get(), ctx.id());
            async move {
                if shown {
                    api::youths::readers(ctx.session, id).await.map(Some)
                } else {
                    Ok(None)
                }
            }
        });
        Self { ctx, shown, list }
    }

    pub fn click(&self, action: &str) -> bool {
        if action != "readers" {
            return false;
        }
        self.shown.set(true);
        true
    }

    /// The panel (reactive).
    pub fn html(&self) -> String {
        if !self.ctx.may.readers {
            return String::new();
        }
        let mut out = String::from(
            r#"<section class="file-section" aria-labelledby="titre-consultations"><h2 id="titre-consultations">Qui a consulté ce dossier</h2>"#,
        );
        match (self.shown.get(), self.list.get()) {
            (false, _) => out.push_str(&button(
                "button button-secondary",
                "readers",
                "",
                "Afficher les consultations",
                "",
            )),
            (true, None | Some(Ok(None))) => out.push_str(LOADING),
            (true, Some(Err(e))) => out.push_str(&notice("error", &e.message())),
            (true, Some(Ok(Some(list)))) if list.is_empty() => {
                out.push_str("<p>Aucune consultation enregistrée.</p>")
            }
            (true, Some(Ok(Some(list)))) => {
                out.push_str(r#"<div class="table-wrap" tabindex="0" role="region" aria-label="Consultations du dossier"><table><caption class="visually-hidden">Consultations du dossier, les plus récentes d'abord</caption><thead><tr><th scope="col">Date</th><th scope="col">Personne</th><th scope="col">Rôle</th><th scope="col">Action</th></tr></thead><tbody>"#);
                for r in &list {
                    let _ = write!(
                        out,
                        r#"<tr><td>{}</td><th scope="row">{}</th><td>{}</td><td>{}</td></tr>"#,
                        format::date_time(r.at),
                        esc(&r.name),
                        esc(&r.role),
                        esc(&r.summary)
                    );
                }
                out.push_str("</tbody></table></div>");
            }
        }
        out.push_str("</section>");
        out
    }
}
