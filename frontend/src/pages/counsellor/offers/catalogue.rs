//! `/conseiller/offres`: the catalogue of offers with its filters (kind, words, theme, places
//! left, status), each with its partner, place, places left and waiting list; the form of a
//! new offer (`?nouvelle`, `?partenaire={id}` to choose the partner).

use std::sync::Arc;

use domain::Operation;
use domain::accompaniment::Theme;
use domain::dto::OfferFilter;
use domain::offers::{OfferKind, OfferStatus, ServiceType};
use leptos::prelude::*;
use serde_json::Value;

use super::super::accompaniment::json::{f, list, n, s};
use super::super::accompaniment::ui::{self, badge, el, r, t};
use super::super::accompaniment::{Ctx, Data, Open, Part, load, loaded, mount};
use super::super::agenda::staff_ctx;
use super::super::html::{self, Errors, Field, Values, focus_later, form_of, one, put};
use super::form::{Communes, offer_form, offer_input};
use super::{
    Go, fail, go_to, navigation, offer_link, pager, partner_link, place, server_errors, turn,
};
use crate::api;
use crate::components::offers::places_html;

const PREFIX: &str = "offre";

#[derive(Clone, Copy)]
struct Catalogue {
    ctx: Ctx,
    filter: RwSignal<OfferFilter>,
    page: RwSignal<u32>,
    /// A `Page` of `OfferSummary`s.
    list: Data,
    /// The new offer's form.
    creating: RwSignal<Option<Open>>,
    /// The active partners (a `Page` of `PartnerSummary`s).
    partners: Data,
    communes: Communes,
    may_create: bool,
    go: Go,
}

/// The active partners, for the form's choice.
pub(crate) fn partner_options(ctx: Ctx) -> Data {
    load(move || api::offers::partner_choices_tree(ctx.session))
}

/// The partners as (id, name), once arrived (reactive).
pub(crate) fn partner_pairs(data: Data) -> Vec<(String, String)> {
    data.with(|p| match p {
        Some(Ok(page)) => list(page, "items")
            .iter()
            .map(|p| (s(p, "id").to_owned(), s(p, "name").to_owned()))
            .collect(),
        _ => Vec::new(),
    })
}

impl Catalogue {
    fn filters_html(&self, out: &mut String) {
        let f = self.filter.get();
        r(
            out,
            r#"<div class="actions"><a class="button button-secondary" href="/conseiller/carte">Voir les offres sur la carte</a>"#,
        );
        if self.may_create && self.creating.with(Option::is_none) {
            ui::btn(out, "button", "nouvelle", "", "Nouvelle offre");
        }
        r(
            out,
            r#"</div><form class="form filters" data-form="filtres" role="search" aria-label="Filtrer les offres">"#,
        );
        let none = Errors::default();
        out.push_str(
            &Field::new("filtre", "q", "Mots du nom", &none)
                .filter()
                .input("search", f.q.as_deref().unwrap_or(""), ""),
        );
        let kinds = ui::choices(OfferKind::ALL, OfferKind::code, OfferKind::label);
        out.push_str(
            &Field::new("filtre", "kind", "Type", &none).filter().select(
                kinds,
                f.kind.map_or("", OfferKind::code),
                "Tous les types",
            ),
        );
        let themes = ui::choices(Theme::ALL, Theme::code, Theme::label);
        out.push_str(
            &Field::new("filtre", "theme", "Thématique", &none)
                .filter()
                .select(themes, f.theme.map_or("", Theme::code), "Toutes"),
        );
        let statuses = ui::choices(OfferStatus::ALL, OfferStatus::code, OfferStatus::label);
        out.push_str(
            &Field::new("filtre", "status", "Statut", &none)
                .filter()
                .select(statuses, f.status.map_or("", OfferStatus::code), "Ouvertes"),
        );
        out.push_str(&html::checkbox(
            "filtre-with_room",
            "with_room",
            "1",
            "Avec des places libres",
            f.with_room == Some(true),
        ));
        r(
            out,
            r#"<div class="field"><button type="submit" class="button">Filtrer</button></div></form>"#,
        );
    }

    fn form_html(&self, out: &mut String) {
        let Some(open) = self.creating.get() else {
            return;
        };
        let partners = partner_pairs(self.partners);
        r(
            out,
            r#"<section class="panel" aria-label="Nouvelle offre">"#,
        );
        offer_form(
            out,
            PREFIX,
            PREFIX,
            "Nouvelle offre",
            &open.values,
            &open.errors,
            &partners,
            self.communes,
            false,
        );
        r(out, "</section>");
    }

    fn list_html(&self, out: &mut String) {
        let page = self.page.get();
        loaded(out, self.list, &|out, found| {
            let total = n(found, "total");
            let _ = std::fmt::Write::write_fmt(
                out,
                format_args!(
                    r#"<h2 id="resultats" tabindex="-1">{total} offre{}</h2>"#,
                    if total > 1 { "s" } else { "" }
                ),
            );
            let items = list(found, "items");
            if items.is_empty() {
                r(out, "<p>Aucune offre ne correspond à ces critères.</p>");
                return;
            }
            r(out, r#"<ul class="cards-list">"#);
            for o in items {
                offer_item(out, o);
            }
            r(out, "</ul>");
            pager(out, page, total, n(found, "per_page"));
        });
    }

    fn apply(&self, values: &Values) {
        let yes = one(values, "with_room") == "1";
        self.filter.set(OfferFilter {
            kind: OfferKind::from_code(one(values, "kind")),
            q: super::opt(values, "q"),
            theme: Theme::from_code(one(values, "theme")),
            partner_id: None,
            status: OfferStatus::from_code(one(values, "status")),
            with_room: yes.then_some(true),
        });
        self.page.set(1);
    }

    fn create(&self, values: Values) {
        let input = match offer_input(&values) {
            Ok(input) => input,
            Err(errors) => return fail(self.creating, PREFIX, PREFIX, values, errors),
        };
        let this = *self;
        self.creating
            .update_untracked(|o| *o = Some(Open::new(PREFIX, values.clone())));
        let request = api::offers::save_offer_tree(self.ctx.session, None, &input);
        self.ctx.run(async move {
            match request.await {
                Ok(created) => {
                    this.creating.try_set(None);
                    let id = s(f(&created, "summary"), "id");
                    go_to(this.go, &format!("/conseiller/offres/{id}"));
                }
                Err(err) => fail(this.creating, PREFIX, PREFIX, values, server_errors(&err)),
            }
        });
    }

    /// Opens the form, with the partner of `?partenaire=` chosen.
    fn open_form(&self, partner: Option<String>) {
        let mut values = Values::new();
        if let Some(p) = partner {
            put(&mut values, "partner_id", p);
        }
        self.communes.seed(None, None);
        self.creating.set(Some(Open::new(PREFIX, values)));
        focus_later("offre-titre");
    }
}

/// A line of the catalogue, of an `OfferSummary`.
#[inline(never)]
pub(crate) fn offer_item(out: &mut String, o: &Value) {
    r(out, r#"<li class="item"><h3>"#);
    offer_link(out, s(o, "id"), s(o, "title"));
    r(out, "</h3><p>");
    let kind = OfferKind::from_code(s(o, "kind"));
    badge(
        out,
        if kind == Some(OfferKind::Emploi) {
            "badge-youth"
        } else {
            "badge-neutral"
        },
        kind.map_or("", OfferKind::label),
    );
    r(out, " · ");
    let partner = s(o, "partner_name");
    if partner.is_empty() {
        r(out, "Mission Locale");
    } else {
        partner_link(out, s(o, "partner_id"), partner);
    }
    let commune = s(o, "commune_name");
    let remote = f(o, "remote").as_bool() == Some(true);
    el(
        out,
        " · ",
        &place((!commune.is_empty()).then_some(commune), remote),
        "",
    );
    if let Some(c) = domain::offers::ContractType::from_code(s(o, "contract_type")) {
        el(out, " · ", c.label(), "");
    } else if let Some(t) = ServiceType::from_code(s(o, "service_type")) {
        el(out, " · ", t.label(), "");
    }
    r(out, "</p><p>");
    places_html(out, o);
    if let Some(status) = OfferStatus::from_code(s(o, "status"))
        && status != OfferStatus::Ouverte
    {
        badge(out, "badge-neutral", status.label());
    }
    r(out, "</p>");
    let themes: Vec<&str> = list(o, "themes")
        .iter()
        .filter_map(|t| Theme::from_code(t.as_str()?).map(Theme::label))
        .collect();
    if !themes.is_empty() {
        r(out, r#"<p class="small">"#);
        t(out, &themes.join(", "));
        r(out, "</p>");
    }
    r(out, "</li>");
}

impl Part for Catalogue {
    fn blocks(&self) -> usize {
        3
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        match block {
            0 => self.filters_html(&mut out),
            1 => self.form_html(&mut out),
            _ => self.list_html(&mut out),
        }
        out
    }

    fn click(&self, action: &str, arg: &str, _ev: &web_sys::Event) {
        match action {
            "nouvelle" => self.open_form(None),
            "cancel" => self.creating.set(None),
            "page" => turn(self.page, arg),
            _ => {}
        }
    }

    fn submit(&self, form: &str, _arg: &str, values: Values) {
        match form {
            "filtres" => self.apply(&values),
            PREFIX => self.create(values),
            _ => {}
        }
    }

    fn change(&self, ev: &web_sys::Event) {
        let id = html::target_id(ev);
        if id == "offre-kind" {
            // The fields of the kind chosen appear, with what was typed.
            if let Some((_, values)) = form_of(ev) {
                let errors = self
                    .creating
                    .with_untracked(|o| o.as_ref().map(|o| o.errors.clone()).unwrap_or_default());
                self.creating.set(Some(Open {
                    key: PREFIX.to_owned(),
                    values,
                    errors,
                }));
                focus_later("offre-kind");
            }
        } else {
            self.communes.change(ev, PREFIX);
        }
    }
}

/// `/conseiller/offres` (a page of `super::super::agenda::AgendaRoutes`).
pub(crate) fn offers_page() -> AnyView {
    let ctx = staff_ctx();
    let query = leptos_router::hooks::use_query_map();
    let may_create = ctx
        .session
        .me()
        .is_some_and(|m| m.may(Operation::ManageOffers));
    let filter = RwSignal::new(OfferFilter::default());
    let page = RwSignal::new(1u32);
    let list = load(move || api::offers::offers_tree(ctx.session, &filter.get(), page.get()));
    let catalogue = Catalogue {
        ctx,
        filter,
        page,
        list,
        creating: RwSignal::new(None),
        partners: if may_create {
            partner_options(ctx)
        } else {
            RwSignal::new(None)
        },
        communes: Communes::new(),
        may_create,
        go: navigation(),
    };
    let (new, partner) = query.with_untracked(|q| (q.get("nouvelle"), q.get("partenaire")));
    if may_create && (new.is_some() || partner.is_some()) {
        catalogue.open_form(partner);
    }
    mount(
        "Offres".to_owned().into(),
        String::new(),
        Arc::new(catalogue),
        ctx.announce,
    )
}
