//! The completeness panel (A10): the I-Milo level, the share of what is there, and the gaps,
//! blocking ones first with what to do ("ce qu'il faut faire d'abord").

use std::fmt::Write as _;

use domain::file::{CompletenessItem, Severity};
use leptos::prelude::*;

use super::Ctx;
use crate::pages::counsellor::html::{button, esc};

/// The panel, first on the file page (reactive: reads the file).
pub(super) fn html(ctx: Ctx) -> String {
    ctx.detail.with(|d| {
        let c = &d.completeness;
        let list = |tag: &str, items: Vec<&CompletenessItem>| {
            let mut out = format!("<{tag} class=\"todo\">");
            for item in items {
                let _ = write!(
                    out,
                    "<li><strong>{}</strong> {}",
                    esc(&item.message),
                    esc(&item.action)
                );
                if ctx.may.edit {
                    let arg = match item.document {
                        Some(kind) => format!("{}:{}", item.field.code(), kind.code()),
                        None => item.field.code().to_owned(),
                    };
                    let hidden = format!(" : {}", item.field.label());
                    let _ = write!(
                        out,
                        " {}",
                        button("link-button", "complete", &arg, "Compléter", &hidden)
                    );
                }
                out.push_str("</li>");
            }
            let _ = write!(out, "</{tag}>");
            out
        };
        let (blocking, other): (Vec<_>, Vec<_>) = c
            .items
            .iter()
            .partition(|i| i.severity == Severity::Bloquant);
        let mut out = format!(
            r#"<section class="panel completeness" aria-labelledby="titre-completude"><h2 id="titre-completude">Complétude du dossier</h2><p>Niveau : <strong>{}</strong> — {} % des informations attendues</p><progress max="100" value="{}" aria-label="Part des informations attendues"></progress>"#,
            c.level.label(),
            c.percent,
            c.percent
        );
        if blocking.is_empty() && other.is_empty() {
            out.push_str("<p>Rien ne manque : le dossier est à jour.</p>");
        }
        if !blocking.is_empty() {
            out.push_str("<h3>Ce qu'il faut faire d'abord</h3>");
            out.push_str(&list("ol", blocking));
        }
        if !other.is_empty() {
            out.push_str("<h3>À compléter ensuite</h3>");
            out.push_str(&list("ul", other));
        }
        out.push_str("</section>");
        out
    })
}
