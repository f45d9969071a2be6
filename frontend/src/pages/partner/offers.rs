//! `/partenaire/offres`: "Nos offres", the organisation's offers, open, filled and closed, with
//! their places (C8); `/partenaire/catalogue`: "Offres de la Mission Locale", every open offer
//! of the Mission Locale and its partners, read only (C14, B27).

use std::sync::Arc;

use domain::dto::OfferFilter;
use domain::offers::{OfferKind, OfferStatus};
use leptos::prelude::*;
use serde_json::Value;

use super::portal::{self, offer_line, places};
use crate::api;
use crate::pages::counsellor::accompaniment::json::{has, list, n, s};
use crate::pages::counsellor::accompaniment::ui::{self, Form, PLAIN, badge, btn, el, num, r, t};
use crate::pages::counsellor::accompaniment::{
    Ctx, Data, Part, Static, error_of, load, loaded, mount, text_in,
};
use crate::pages::counsellor::html::{Errors, Values, focus_later, one, put};

/// One offer in a list: its name (a link to its page), what it is, its places.
fn card(out: &mut String, o: &Value, mine: Option<&str>) {
    r(out, r#"<li class="card"><h3><a href="/partenaire/offres/"#);
    t(out, s(o, "id"));
    el(out, r#"">"#, s(o, "title"), "</a></h3>");
    if let Some(me) = mine {
        r(out, r#"<p class="small">"#);
        if s(o, "partner_id") == me {
            badge(out, "badge-info", "Votre offre");
        } else if has(o, "partner_name") {
            el(out, "Proposée par ", s(o, "partner_name"), "");
        } else {
            r(out, "Proposée par la Mission Locale");
        }
        r(out, "</p>");
    }
    r(out, r#"<p class="small">"#);
    offer_line(out, o);
    r(out, "</p><p>");
    places(out, o);
    r(out, "</p>");
    if mine.is_none() {
        r(out, r#"<p><a href="/partenaire/jeunes?offre="#);
        t(out, s(o, "id"));
        el(
            out,
            r#"">Jeunes orientés<span class="visually-hidden"> : "#,
            s(o, "title"),
            "</span></a></p>",
        );
    }
    r(out, "</li>");
}

#[derive(Clone, Copy)]
struct Own {
    /// A `Page` of `OfferSummary`s for each status: open, filled, closed.
    lists: [Data; 3],
}

impl Part for Own {
    fn blocks(&self) -> usize {
        3
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        let status = OfferStatus::ALL[block];
        let (id, title, none) = match status {
            OfferStatus::Ouverte => (
                "offres-ouvertes",
                "Offres ouvertes",
                "Aucune offre ouverte : publiez-en une pour que la Mission Locale vous oriente des jeunes.",
            ),
            OfferStatus::Pourvue => ("offres-pourvues", "Offres pourvues", ""),
            OfferStatus::Fermee => ("offres-fermees", "Offres fermées", ""),
        };
        if block == 0 {
            r(
                &mut out,
                r#"<p><a class="button" href="/partenaire/offres/nouvelle">Publier une offre</a></p>"#,
            );
        }
        loaded(&mut out, self.lists[block], &|out, v| {
            let items = list(v, "items");
            if items.is_empty() && none.is_empty() {
                return;
            }
            el(out, r#"<section><h2 id=""#, id, "");
            el(out, r#"">"#, title, "");
            r(out, " (");
            num(out, n(v, "total"));
            r(out, ")</h2>");
            if items.is_empty() {
                el(out, "<p>", none, "</p>");
            }
            r(out, r#"<ul class="cards-list">"#);
            for o in items {
                card(out, o, None);
            }
            r(out, "</ul></section>");
        });
        out
    }

    fn click(&self, _action: &str, _arg: &str, _ev: &web_sys::Event) {}

    fn submit(&self, _form: &str, _arg: &str, _values: Values) {}
}

/// `/partenaire/offres`.
pub(super) fn own_page() -> AnyView {
    let ctx = portal::ctx();
    let session = ctx.session;
    let title = "Nos offres".to_owned().into();
    let Some(id) = portal::partner_id(session) else {
        let part = Arc::new(Static(portal::NO_PARTNER.to_owned()));
        return mount(title, String::new(), part, ctx.announce);
    };
    let of = |status: OfferStatus| {
        load(move || {
            let filter = OfferFilter {
                partner_id: Some(id),
                status: Some(status),
                ..Default::default()
            };
            api::offers::offers_tree(session, &filter, 1)
        })
    };
    let part = Own {
        lists: [
            of(OfferStatus::Ouverte),
            of(OfferStatus::Pourvue),
            of(OfferStatus::Fermee),
        ],
    };
    mount(title, String::new(), Arc::new(part), ctx.announce)
}

#[derive(Clone, Copy)]
struct Catalogue {
    ctx: Ctx,
    /// A `Page` of `OfferSummary`s.
    data: Data,
    /// The filters applied: `kind`, `q`.
    filter: RwSignal<Values>,
    page: RwSignal<u32>,
    error: RwSignal<Option<String>>,
}

impl Catalogue {
    fn filters_html(&self, out: &mut String) {
        let values = self.filter.get();
        let errors = Errors::default();
        let form = Form {
            prefix: "catalogue",
            values: &values,
            errors: &errors,
        };
        r(
            out,
            r#"<form class="form filters" data-form="filtres" role="search" aria-label="Filtrer les offres" novalidate>"#,
        );
        let kinds = ui::choices(OfferKind::ALL, OfferKind::code, OfferKind::label);
        form.select(out, "kind", "Type d'offre", "", PLAIN, &kinds, "Toutes");
        form.input(out, "search", "q", "Mots du titre", "", PLAIN);
        r(
            out,
            r#"<div class="actions"><button type="submit" class="button">Rechercher</button></div></form>"#,
        );
    }

    fn list_html(&self, out: &mut String, v: &Value) {
        let me = portal::partner_id(self.ctx.session)
            .map(|p| p.to_string())
            .unwrap_or_default();
        let total = n(v, "total");
        r(out, r#"<h2 id="catalogue-resultats" tabindex="-1">"#);
        num(out, total);
        r(
            out,
            if total > 1 {
                " offres ouvertes"
            } else {
                " offre ouverte"
            },
        );
        r(out, "</h2>");
        error_of(out, self.error);
        r(out, r#"<ul class="cards-list">"#);
        for o in list(v, "items") {
            card(out, o, Some(&me));
        }
        r(out, "</ul>");
        let per_page = n(v, "per_page").max(1);
        let pages = (total + per_page - 1) / per_page;
        if pages > 1 {
            let page = i64::from(self.page.get());
            r(out, r#"<nav class="pager" aria-label="Pagination">"#);
            if page > 1 {
                btn(
                    out,
                    "button button-secondary",
                    "page",
                    &(page - 1).to_string(),
                    "Page précédente",
                );
            }
            r(out, "<span>Page ");
            num(out, page);
            r(out, " sur ");
            num(out, pages);
            r(out, "</span>");
            if page < pages {
                btn(
                    out,
                    "button button-secondary",
                    "page",
                    &(page + 1).to_string(),
                    "Page suivante",
                );
            }
            r(out, "</nav>");
        }
    }
}

impl Part for Catalogue {
    fn blocks(&self) -> usize {
        2
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        if block == 0 {
            r(
                &mut out,
                "<p>Les offres ouvertes de la Mission Locale et de ses partenaires : pour connaître ce qui existe autour de vous et proposer des parcours qui se complètent.</p>",
            );
            self.filters_html(&mut out);
        } else {
            loaded(&mut out, self.data, &|o, v| self.list_html(o, v));
        }
        out
    }

    fn click(&self, action: &str, arg: &str, _ev: &web_sys::Event) {
        if action == "page"
            && let Ok(page) = arg.parse::<u32>()
        {
            self.page.set(page.max(1));
            focus_later("catalogue-resultats");
        }
    }

    fn submit(&self, form: &str, _arg: &str, values: Values) {
        if form == "filtres" {
            let mut filter = Values::new();
            put(&mut filter, "kind", one(&values, "kind"));
            put(&mut filter, "q", text_in(&values, "q").unwrap_or_default());
            self.filter.set(filter);
            self.page.set(1);
            focus_later("catalogue-resultats");
        }
    }
}

/// `/partenaire/catalogue`.
pub(super) fn catalogue_page() -> AnyView {
    let ctx = portal::ctx();
    let session = ctx.session;
    let filter = RwSignal::new(Values::new());
    let page = RwSignal::new(1u32);
    let data = load(move || {
        let values = filter.get();
        let request = OfferFilter {
            kind: OfferKind::from_code(one(&values, "kind")),
            q: text_in(&values, "q"),
            ..Default::default()
        };
        api::offers::offers_tree(session, &request, page.get())
    });
    let part = Catalogue {
        ctx,
        data,
        filter,
        page,
        error: RwSignal::new(None),
    };
    mount(
        "Offres de la Mission Locale".to_owned().into(),
        String::new(),
        Arc::new(part),
        ctx.announce,
    )
}
