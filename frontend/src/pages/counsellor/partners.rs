//! `/conseiller/partenaires` (the directory: filters by words, kind, theme, form of
//! partnership, status, sponsors; a new partner) and `/conseiller/partenaires/:id` (the record
//! and its form, the life cycle of the partnership, the history of exchanges, the letters, the
//! partner's offers, the portal's users and invitations, the appointments).
//!
//! Written like the accompaniment pages (markup as text, see `super::accompaniment`), except
//! the invitation form and the record card the partner portal shows, typed views shared with it.

use std::fmt::Write as _;
use std::sync::Arc;

use domain::accompaniment::Theme;
use domain::dto::{
    InvitePartnerUser, LetterQuery, NewExchange, OfferFilter, PartnerContact, PartnerDetail,
    PartnerFilter, PartnerInput, PartnerKind, PartnerStatusChange,
};
use domain::offers::{ExchangeKind, ExchangeTopic, LetterKind, PartnerStatus, PartnershipForm};
use domain::{Operation, PartnerId};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

use super::accompaniment::json::{day, f, has, list, n, s};
use super::accompaniment::ui::{self, Form, OPT, REQ, badge, el, r, t};
use super::accompaniment::{Ctx, Data, Open, Part, answer, blocks_view, live, load, loaded};
use super::agenda::{DAY, OWNER, event_body, staff_ctx};
use super::html::{self, Errors, Field, Loaded, Values, focus_later, form_of, one, put};
use super::offers::catalogue::offer_item;
use super::offers::form::{Communes, address_of, keep_point};
use super::offers::{
    Go, checks, codes, errors_of, fail, go_to, navigation, opt, pager, server_errors, tick, turn,
};
use crate::api::{self, ApiError};
use crate::components::form::{ErrorSummary, submit};
use crate::components::offers::{contacts_html, email_link, phone_link};
use crate::components::{FormErrors, PageTitle, SubmitButton, TextField};
use crate::format;
use crate::session::Session;

// ---------------------------------------------------------------- the partner's form

const LABELS: &[(&str, &str)] = &[
    ("name", "Nom"),
    ("kind", "Type de structure"),
    ("siret", "SIRET"),
    ("email", "E-mail"),
    ("phone", "Téléphone"),
    ("website", "Site web"),
    ("description", "Activité"),
    ("address.line", "Adresse"),
    ("address.postcode", "Code postal"),
    ("address.commune", "Commune"),
    ("themes", "Thématiques"),
    ("forms", "Formes de partenariat"),
    ("contacts", "Contacts"),
];

/// The number of contact rows of a form.
fn contact_rows(values: &Values) -> usize {
    one(values, "contacts_count")
        .parse()
        .unwrap_or(1)
        .clamp(1, 20)
}

/// The values of a partner's record (a `PartnerDetail`), to edit it.
fn partner_values(d: &Value) -> Values {
    let mut v = Values::new();
    for key in ["name", "kind", "siret", "email"] {
        put(&mut v, key, s(d, key));
    }
    put(&mut v, "phone", national(s(d, "phone")));
    let rec = f(d, "record");
    put(&mut v, "website", s(rec, "website"));
    put(&mut v, "description", s(rec, "description"));
    let a = f(rec, "address");
    for key in ["line", "postcode", "commune"] {
        put(&mut v, format!("address.{key}"), s(a, key));
    }
    for key in ["themes", "forms"] {
        let codes = list(rec, key)
            .iter()
            .filter_map(|c| c.as_str().map(str::to_owned))
            .collect();
        v.insert(key.to_owned(), codes);
    }
    if f(rec, "sponsor").as_bool() == Some(true) {
        put(&mut v, "sponsor", "1");
    }
    let contacts = list(rec, "contacts");
    for (i, c) in contacts.iter().enumerate() {
        for key in ["name", "role", "email"] {
            put(&mut v, format!("contacts[{i}].{key}"), s(c, key));
        }
        put(
            &mut v,
            format!("contacts[{i}].phone"),
            national(s(c, "phone")),
        );
    }
    put(&mut v, "contacts_count", (contacts.len() + 1).to_string());
    keep_point(&mut v, a);
    v
}

/// A stored phone in the national form ("03 20 00 00 00"), "" when none.
fn national(phone: &str) -> String {
    if phone.is_empty() {
        String::new()
    } else {
        format::phone(phone)
    }
}

/// The record typed, with the contact rows left blank dropped and the others renumbered (so
/// that the errors' `contacts[i]` name the rows shown).
fn partner_input(values: &mut Values) -> Result<PartnerInput, Errors> {
    let mut contacts = Vec::new();
    for i in 0..contact_rows(values) {
        let field = |name: &str| opt(values, &format!("contacts[{i}].{name}"));
        let c = PartnerContact {
            name: field("name").unwrap_or_default(),
            role: field("role"),
            email: field("email"),
            phone: field("phone"),
        };
        if !c.name.is_empty() || c.role.is_some() || c.email.is_some() || c.phone.is_some() {
            contacts.push(c);
        }
    }
    values.retain(|k, _| !k.starts_with("contacts["));
    for (i, c) in contacts.iter().enumerate() {
        put(values, format!("contacts[{i}].name"), c.name.clone());
        put(
            values,
            format!("contacts[{i}].role"),
            c.role.clone().unwrap_or_default(),
        );
        put(
            values,
            format!("contacts[{i}].email"),
            c.email.clone().unwrap_or_default(),
        );
        put(
            values,
            format!("contacts[{i}].phone"),
            c.phone.clone().unwrap_or_default(),
        );
    }
    put(values, "contacts_count", (contacts.len() + 1).to_string());
    let input = PartnerInput {
        name: one(values, "name").trim().to_owned(),
        kind: PartnerKind::parse(one(values, "kind")),
        siret: opt(values, "siret"),
        email: opt(values, "email"),
        phone: opt(values, "phone"),
        website: opt(values, "website"),
        description: opt(values, "description"),
        address: address_of(values),
        themes: codes(values, "themes", Theme::from_code),
        forms: codes(values, "forms", PartnershipForm::from_code),
        sponsor: one(values, "sponsor") == "1",
        contacts,
    };
    let errors = errors_of(input.check());
    if errors.is_empty() {
        Ok(input)
    } else {
        Err(errors)
    }
}

/// The record's form (`prefix` is also its `data-form`).
fn partner_form(
    out: &mut String,
    prefix: &str,
    title: &str,
    open: &Open,
    communes: Communes,
    submit: &str,
) {
    let (values, errors) = (&open.values, &open.errors);
    let form = Form {
        prefix,
        values,
        errors,
    };
    let labels = |name: &str| {
        if name.starts_with("contacts[") {
            let row: String = name
                .chars()
                .skip(9)
                .take_while(char::is_ascii_digit)
                .collect();
            let n = row.parse::<usize>().unwrap_or(0) + 1;
            return format!("Contact {n}");
        }
        ui::label_in(LABELS)(name)
    };
    form.open(out, prefix, title, &labels);
    form.input(out, "text", "name", "Nom", "", REQ);
    let kinds: Vec<(&str, &str)> = PartnerKind::ALL
        .iter()
        .map(|k| (k.as_str(), k.label()))
        .collect();
    form.select(
        out,
        "kind",
        "Type de structure",
        "",
        REQ,
        &kinds,
        "Choisissez",
    );
    form.input(
        out,
        "text",
        "siret",
        "SIRET",
        "14 chiffres, sur l'avis de situation Sirene ou un bulletin de salaire.",
        OPT,
    );
    form.input(out, "email", "email", "E-mail", "", OPT);
    form.input(out, "tel", "phone", "Téléphone", "", OPT);
    form.input(out, "text", "website", "Site web", "", OPT);
    form.area(
        out,
        "description",
        "Activité",
        "Ce que fait la structure.",
        OPT,
    );
    communes.fields(out, &form, "Adresse");
    let themes = ui::choices(Theme::ALL, Theme::code, Theme::label);
    checks(
        out,
        prefix,
        "themes",
        "Thématiques",
        &themes,
        values,
        errors,
        true,
    );
    let forms = ui::choices(
        PartnershipForm::ALL,
        PartnershipForm::code,
        PartnershipForm::label,
    );
    checks(
        out,
        prefix,
        "forms",
        "Formes de partenariat",
        &forms,
        values,
        errors,
        true,
    );
    tick(
        out,
        prefix,
        "sponsor",
        "Entreprise mécène (soutient la Mission Locale)",
        values,
    );
    let rows = contact_rows(values);
    let _ = write!(
        out,
        r#"<input type="hidden" name="contacts_count" value="{rows}">"#
    );
    for i in 0..rows {
        let _ = write!(
            out,
            r#"<fieldset class="group"><legend>Contact {}</legend>"#,
            i + 1
        );
        let name = |field: &str| format!("contacts[{i}].{field}");
        form.input(out, "text", &name("name"), "Nom", "", OPT);
        form.input(out, "text", &name("role"), "Fonction", "", OPT);
        form.input(out, "email", &name("email"), "E-mail", "", OPT);
        form.input(out, "tel", &name("phone"), "Téléphone", "", OPT);
        r(out, "</fieldset>");
    }
    if rows < 20 {
        r(out, r#"<div class="actions">"#);
        ui::btn(
            out,
            "button button-secondary",
            "ajouter-contact",
            prefix,
            "Ajouter un contact",
        );
        r(out, "</div>");
    }
    form.close(out, submit);
}

/// A click on "Ajouter un contact": one more row, keeping what was typed.
fn add_contact(open: RwSignal<Option<Open>>, ev: &web_sys::Event, prefix: &str) {
    if let Some((_, mut values)) = form_of(ev) {
        let rows = contact_rows(&values);
        put(&mut values, "contacts_count", (rows + 1).to_string());
        let errors =
            open.with_untracked(|o| o.as_ref().map(|o| o.errors.clone()).unwrap_or_default());
        let key = open.with_untracked(|o| o.as_ref().map(|o| o.key.clone()).unwrap_or_default());
        open.set(Some(Open {
            key,
            values,
            errors,
        }));
        focus_later(html::field_id(prefix, &format!("contacts[{rows}].name")));
    }
}

/// "Emploi, Mobilité", of a list of codes.
fn labels_of(v: &Value, key: &str, label: fn(&str) -> Option<&'static str>) -> String {
    list(v, key)
        .iter()
        .filter_map(|c| label(c.as_str()?))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The label of a theme code.
fn theme_label(code: &str) -> Option<&'static str> {
    Theme::from_code(code).map(Theme::label)
}

/// The label of a form of partnership.
fn form_label(code: &str) -> Option<&'static str> {
    PartnershipForm::from_code(code).map(PartnershipForm::label)
}

/// A status code as a badge.
fn status_badge(out: &mut String, code: &str) {
    let status = PartnerStatus::from_code(code).unwrap_or(PartnerStatus::Actif);
    badge(
        out,
        match status {
            PartnerStatus::Actif => "badge-ok",
            PartnerStatus::Archive => "badge-neutral",
            PartnerStatus::Termine => "badge-late",
        },
        status.label(),
    );
}

// ---------------------------------------------------------------- the directory

#[derive(Clone, Copy)]
struct Directory {
    ctx: Ctx,
    filter: RwSignal<PartnerFilter>,
    page: RwSignal<u32>,
    /// A `Page` of `PartnerSummary`s.
    list: Data,
    creating: RwSignal<Option<Open>>,
    communes: Communes,
    may_create: bool,
    go: Go,
}

impl Directory {
    fn filters_html(&self, out: &mut String) {
        let f = self.filter.get();
        r(
            out,
            r#"<div class="actions"><a class="button button-secondary" href="/conseiller/carte">Voir les partenaires sur la carte</a>"#,
        );
        if self.may_create && self.creating.with(Option::is_none) {
            ui::btn(out, "button", "nouveau", "", "Nouveau partenaire");
        }
        r(
            out,
            r#"</div><form class="form filters" data-form="filtres" role="search" aria-label="Filtrer les partenaires">"#,
        );
        let none = Errors::default();
        out.push_str(
            &Field::new("filtre", "q", "Mots du nom", &none)
                .filter()
                .input("search", f.q.as_deref().unwrap_or(""), ""),
        );
        let kinds: Vec<(&str, &str)> = PartnerKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect();
        out.push_str(
            &Field::new("filtre", "kind", "Type", &none).filter().select(
                kinds,
                f.kind.map_or("", PartnerKind::as_str),
                "Tous les types",
            ),
        );
        let themes = ui::choices(Theme::ALL, Theme::code, Theme::label);
        out.push_str(
            &Field::new("filtre", "theme", "Thématique", &none)
                .filter()
                .select(themes, f.theme.map_or("", Theme::code), "Toutes"),
        );
        let forms = ui::choices(
            PartnershipForm::ALL,
            PartnershipForm::code,
            PartnershipForm::label,
        );
        out.push_str(
            &Field::new("filtre", "form", "Forme de partenariat", &none)
                .filter()
                .select(forms, f.form.map_or("", PartnershipForm::code), "Toutes"),
        );
        let statuses = ui::choices(
            PartnerStatus::ALL,
            PartnerStatus::code,
            PartnerStatus::label,
        );
        out.push_str(
            &Field::new("filtre", "status", "Statut", &none)
                .filter()
                .select(statuses, f.status.map_or("", PartnerStatus::code), "Actifs"),
        );
        out.push_str(&html::checkbox(
            "filtre-sponsor",
            "sponsor",
            "1",
            "Mécènes seulement",
            f.sponsor == Some(true),
        ));
        r(
            out,
            r#"<div class="field"><button type="submit" class="button">Filtrer</button></div></form>"#,
        );
    }

    fn list_html(&self, out: &mut String) {
        let page = self.page.get();
        loaded(out, self.list, &|out, found| {
            let total = n(found, "total");
            let _ = write!(
                out,
                r#"<h2 id="resultats" tabindex="-1">{total} partenaire{}</h2>"#,
                if total > 1 { "s" } else { "" }
            );
            let items = list(found, "items");
            if items.is_empty() {
                r(out, "<p>Aucun partenaire ne correspond à ces critères.</p>");
                return;
            }
            r(out, r#"<ul class="cards-list">"#);
            for p in items {
                r(
                    out,
                    r#"<li class="item"><h3><a href="/conseiller/partenaires/"#,
                );
                t(out, s(p, "id"));
                el(out, r#"">"#, s(p, "name"), "</a></h3><p>");
                t(
                    out,
                    PartnerKind::parse(s(p, "kind")).map_or("", PartnerKind::label),
                );
                let commune = s(p, "commune_name");
                if !commune.is_empty() {
                    el(out, " · ", commune, "");
                }
                r(out, " ");
                status_badge(out, s(p, "status"));
                if f(p, "sponsor").as_bool() == Some(true) {
                    badge(out, "badge-youth", "Mécène");
                }
                r(out, "</p>");
                let themes = labels_of(p, "themes", theme_label);
                if !themes.is_empty() {
                    el(out, r#"<p class="small">Thématiques : "#, &themes, "</p>");
                }
                let forms = labels_of(p, "forms", form_label);
                if !forms.is_empty() {
                    el(out, r#"<p class="small">Partenariat : "#, &forms, "</p>");
                }
                r(out, "</li>");
            }
            r(out, "</ul>");
            pager(out, page, total, n(found, "per_page"));
        });
    }

    fn apply(&self, values: &Values) {
        self.filter.set(PartnerFilter {
            q: opt(values, "q"),
            kind: PartnerKind::parse(one(values, "kind")),
            theme: Theme::from_code(one(values, "theme")),
            form: PartnershipForm::from_code(one(values, "form")),
            status: PartnerStatus::from_code(one(values, "status")),
            sponsor: (one(values, "sponsor") == "1").then_some(true),
        });
        self.page.set(1);
    }

    fn create(&self, mut values: Values) {
        let input = match partner_input(&mut values) {
            Ok(input) => input,
            Err(errors) => return fail(self.creating, "partenaire", "partenaire", values, errors),
        };
        self.creating
            .update_untracked(|o| *o = Some(Open::new("partenaire", values.clone())));
        let this = *self;
        let request = api::offers::create_partner_tree(self.ctx.session, &input);
        self.ctx.run(async move {
            match request.await {
                Ok(created) => {
                    this.creating.try_set(None);
                    go_to(
                        this.go,
                        &format!("/conseiller/partenaires/{}", s(&created, "id")),
                    );
                }
                Err(err) => fail(
                    this.creating,
                    "partenaire",
                    "partenaire",
                    values,
                    server_errors(&err),
                ),
            }
        });
    }
}

impl Part for Directory {
    fn blocks(&self) -> usize {
        3
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        match block {
            0 => self.filters_html(&mut out),
            1 => {
                if let Some(open) = self.creating.get() {
                    r(
                        &mut out,
                        r#"<section class="panel" aria-label="Nouveau partenaire">"#,
                    );
                    partner_form(
                        &mut out,
                        "partenaire",
                        "Nouveau partenaire",
                        &open,
                        self.communes,
                        "Créer le partenaire",
                    );
                    r(&mut out, "</section>");
                }
            }
            _ => self.list_html(&mut out),
        }
        out
    }

    fn click(&self, action: &str, arg: &str, ev: &web_sys::Event) {
        match action {
            "nouveau" => {
                self.communes.seed(None, None);
                self.creating
                    .set(Some(Open::new("partenaire", Values::new())));
                focus_later("partenaire-titre");
            }
            "ajouter-contact" => add_contact(self.creating, ev, "partenaire"),
            "cancel" => self.creating.set(None),
            "page" => turn(self.page, arg),
            _ => {}
        }
    }

    fn submit(&self, form: &str, _arg: &str, values: Values) {
        match form {
            "filtres" => self.apply(&values),
            "partenaire" => self.create(values),
            _ => {}
        }
    }

    fn change(&self, ev: &web_sys::Event) {
        self.communes.change(ev, "partenaire");
    }
}

/// The partners list.
#[component]
pub fn PartnersPage() -> impl IntoView {
    let ctx = staff_ctx();
    let filter = RwSignal::new(PartnerFilter::default());
    let page = RwSignal::new(1u32);
    let list = load(move || api::offers::partners_tree(ctx.session, &filter.get(), page.get()));
    let directory = Directory {
        ctx,
        filter,
        page,
        list,
        creating: RwSignal::new(None),
        communes: Communes::new(),
        may_create: ctx
            .session
            .me()
            .is_some_and(|m| m.may(Operation::ManagePartners)),
        go: navigation(),
    };
    super::accompaniment::mount(
        "Partenaires".to_owned().into(),
        String::new(),
        Arc::new(directory),
        ctx.announce,
    )
}

// ---------------------------------------------------------------- one partner

#[derive(Clone, Copy, Default)]
struct MayPartner {
    manage: bool,
    exchanges: bool,
    letters: bool,
    offers: bool,
}

#[derive(Clone, Copy)]
struct PartnerView {
    ctx: Ctx,
    id: PartnerId,
    /// The `PartnerDetail`.
    partner: Data,
    /// The `Exchange`s, newest first.
    exchanges: Data,
    /// Bumped after an exchange is recorded.
    exchanged: RwSignal<u32>,
    /// A `Page` of the partner's `OfferSummary`s.
    offers: Data,
    appointments: Loaded<Vec<Value>>,
    editing: RwSignal<Option<Open>>,
    /// The life-cycle form: its key is the status asked for.
    status_form: RwSignal<Option<Open>>,
    exchange_form: RwSignal<Option<Open>>,
    letter_error: RwSignal<Option<String>>,
    communes: Communes,
    may: MayPartner,
}

const EXCHANGE_LABELS: &[(&str, &str)] = &[
    ("occurred_on", "Date"),
    ("kind", "Type d'échange"),
    ("topic", "Objet"),
    ("summary", "Résumé"),
];

impl PartnerView {
    fn record_html(&self, out: &mut String) {
        let editing = self.editing.with(Option::is_some);
        let status_open = self.status_form.get();
        loaded(out, self.partner, &|out, d| {
            let rec = f(d, "record");
            r(out, r#"<dl class="facts"><dt>Type</dt><dd>"#);
            t(
                out,
                PartnerKind::parse(s(d, "kind")).map_or("", PartnerKind::label),
            );
            r(out, "</dd>");
            let status = s(rec, "status");
            if has(d, "record") {
                r(out, "<dt>Statut</dt><dd>");
                status_badge(out, status);
                if f(rec, "sponsor").as_bool() == Some(true) {
                    badge(out, "badge-youth", "Mécène");
                }
                if has(rec, "status_changed_at") {
                    el(out, " depuis le ", &day_of(rec, "status_changed_at"), "");
                }
                let comment = s(rec, "status_comment");
                if !comment.is_empty() {
                    el(out, r#"<br><span class="text">"#, comment, "</span>");
                }
                r(out, "</dd>");
            }
            let unknown = "Non renseigné";
            let or = |v: &'static str| {
                move |text: &str| {
                    if text.is_empty() {
                        v.to_owned()
                    } else {
                        text.to_owned()
                    }
                }
            };
            el(
                out,
                "<dt>SIRET</dt><dd>",
                &or(unknown)(s(d, "siret")),
                "</dd>",
            );
            r(out, "<dt>E-mail</dt><dd>");
            match s(d, "email") {
                "" => r(out, unknown),
                e => email_link(out, e),
            }
            r(out, "</dd><dt>Téléphone</dt><dd>");
            match s(d, "phone") {
                "" => r(out, unknown),
                p => phone_link(out, p),
            }
            r(out, "</dd>");
            if has(d, "record") {
                let website = s(rec, "website");
                if !website.is_empty() {
                    el(out, "<dt>Site web</dt><dd>", website, "</dd>");
                }
                let a = f(rec, "address");
                let parts: Vec<&str> = [s(a, "line"), s(a, "postcode"), s(a, "commune_name")]
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect();
                el(
                    out,
                    "<dt>Adresse</dt><dd>",
                    &or(unknown)(&parts.join(" ")),
                    "",
                );
                if has(a, "point") {
                    el(
                        out,
                        r#" <a href="/conseiller/carte?partenaire="#,
                        s(d, "id"),
                        r#"">Voir ce qu'il y a autour sur la carte</a>"#,
                    );
                }
                r(out, "</dd>");
                el(
                    out,
                    "<dt>Thématiques</dt><dd>",
                    &labels_of(rec, "themes", theme_label),
                    "</dd>",
                );
                el(
                    out,
                    "<dt>Formes de partenariat</dt><dd>",
                    &labels_of(rec, "forms", form_label),
                    "</dd>",
                );
                let _ = write!(
                    out,
                    "<dt>Offres ouvertes</dt><dd>{}</dd><dt>Jeunes orientés en cours</dt><dd>{}</dd>",
                    n(rec, "open_offers"),
                    n(rec, "active_referrals")
                );
                let desc = s(rec, "description");
                if !desc.is_empty() {
                    el(out, r#"<dt>Activité</dt><dd class="text">"#, desc, "</dd>");
                }
            }
            r(out, "</dl>");
            let contacts = list(rec, "contacts");
            if !contacts.is_empty() {
                r(out, "<h2>Contacts</h2>");
                contacts_html(out, contacts);
            }
            if self.may.manage && !editing {
                r(out, r#"<div class="actions">"#);
                ui::btn(
                    out,
                    "button button-secondary",
                    "modifier",
                    "",
                    "Modifier la fiche",
                );
                let moves: &[(PartnerStatus, &str)] = match PartnerStatus::from_code(status) {
                    Some(PartnerStatus::Archive | PartnerStatus::Termine) => {
                        &[(PartnerStatus::Actif, "Réactiver")]
                    }
                    _ => &[
                        (PartnerStatus::Archive, "Archiver"),
                        (PartnerStatus::Termine, "Mettre fin au partenariat"),
                    ],
                };
                for (to, label) in moves {
                    ui::btn(out, "button button-secondary", "statut", to.code(), label);
                }
                r(out, "</div>");
            }
            if let Some(open) = &status_open {
                status_form(out, open);
            }
        });
    }

    fn exchanges_html(&self, out: &mut String) {
        if !self.may.exchanges {
            return;
        }
        let open = self.exchange_form.get();
        r(
            out,
            r#"<section aria-labelledby="echanges-titre"><h2 id="echanges-titre" tabindex="-1">Historique des échanges</h2>"#,
        );
        match &open {
            Some(o) => exchange_form(out, o),
            None => {
                r(out, r#"<div class="actions">"#);
                ui::btn(out, "button", "echange", "", "Noter un échange");
                r(out, "</div>");
            }
        }
        loaded(out, self.exchanges, &|out, found| {
            let items = list(found, "");
            if items.is_empty() {
                r(out, "<p>Aucun échange noté pour l'instant.</p>");
                return;
            }
            r(out, r#"<ol class="timeline">"#);
            for x in items {
                r(out, r#"<li class="change"><p><strong>"#);
                r(out, &day(x, "occurred_on"));
                let kind = ExchangeKind::from_code(s(x, "kind")).map_or("", ExchangeKind::label);
                let topic =
                    ExchangeTopic::from_code(s(x, "topic")).map_or("", ExchangeTopic::label);
                el(out, " · ", kind, "");
                el(out, " · ", topic, "</strong></p>");
                el(out, r#"<p class="text">"#, s(x, "summary"), "</p>");
                el(
                    out,
                    r#"<p class="small">Noté par "#,
                    s(x, "author_name"),
                    "</p></li>",
                );
            }
            r(out, "</ol>");
        });
        r(out, "</section>");
    }

    fn letters_html(&self, out: &mut String) {
        if !self.may.letters {
            return;
        }
        r(
            out,
            r#"<section aria-labelledby="courriers-titre"><h2 id="courriers-titre">Courriers</h2><p class="small">Rédigés à partir de la fiche du partenaire et de la Mission Locale, au format PDF.</p>"#,
        );
        if let Some(e) = self.letter_error.get() {
            ui::error(out, &e);
        }
        r(out, r#"<div class="actions">"#);
        ui::btn(
            out,
            "button button-secondary",
            "lettre",
            "convention",
            "Télécharger la lettre de convention de partenariat",
        );
        r(
            out,
            r#"</div><form class="form section-form" data-form="invitation-lettre" aria-labelledby="invitation-lettre-titre"><p class="form-title" id="invitation-lettre-titre">Lettre d'invitation</p>"#,
        );
        let none = Errors::default();
        let values = Values::new();
        let form = Form {
            prefix: "lettre",
            values: &values,
            errors: &none,
        };
        form.input(
            out,
            "text",
            "event_title",
            "Événement",
            "Par exemple : forum de l'alternance.",
            OPT,
        );
        form.input(
            out,
            "text",
            "event_when",
            "Quand",
            "Tel qu'il sera écrit : « le mardi 8 décembre à 14 h ».",
            OPT,
        );
        form.input(out, "text", "event_place", "Où", "", OPT);
        let contacts: Vec<String> = self.partner.with(|p| match p {
            Some(Ok(p)) => list(f(p, "record"), "contacts")
                .iter()
                .map(|c| s(c, "name").to_owned())
                .collect(),
            _ => Vec::new(),
        });
        if !contacts.is_empty() {
            let options: Vec<(&str, &str)> =
                contacts.iter().map(|c| (c.as_str(), c.as_str())).collect();
            form.select(
                out,
                "contact",
                "Destinataire",
                "",
                OPT,
                &options,
                "La structure",
            );
        }
        r(
            out,
            r#"<button type="submit" class="button">Télécharger la lettre d'invitation</button></form></section>"#,
        );
    }

    fn offers_html(&self, out: &mut String) {
        if !self.may.offers {
            return;
        }
        r(
            out,
            r#"<section aria-labelledby="offres-titre"><h2 id="offres-titre">Offres du partenaire</h2>"#,
        );
        loaded(out, self.offers, &|out, page| {
            let items = list(page, "items");
            if items.is_empty() {
                r(out, "<p>Aucune offre ouverte.</p>");
            } else {
                r(out, r#"<ul class="cards-list">"#);
                for o in items {
                    offer_item(out, o);
                }
                r(out, "</ul>");
            }
        });
        r(
            out,
            r#"<div class="actions"><a class="button button-secondary" href="/conseiller/offres?partenaire="#,
        );
        t(out, &self.id.to_string());
        r(
            out,
            r#"">Nouvelle offre de ce partenaire</a></div></section>"#,
        );
    }

    fn people_html(&self, out: &mut String) {
        loaded(out, self.partner, &|out, d| {
            r(out, "<h2>Utilisateurs du portail</h2>");
            let users = list(d, "users");
            if users.is_empty() {
                r(
                    out,
                    "<p>Personne n'a encore de compte sur le portail partenaire.</p>",
                );
            } else {
                r(out, r#"<ul class="list">"#);
                for u in users {
                    el(
                        out,
                        "<li>",
                        &format!("{} {}", s(u, "first_name"), s(u, "last_name")),
                        " — ",
                    );
                    t(out, s(u, "email"));
                    let status = match s(u, "status") {
                        "active" => "Actif",
                        "invited" => "Invitation envoyée",
                        _ => "",
                    };
                    if !status.is_empty() {
                        el(out, " (", status, ")");
                    }
                    r(out, "</li>");
                }
                r(out, "</ul>");
            }
        });
        self.appointments.with(|a| {
            if let Some(Ok(list)) = a
                && !list.is_empty()
            {
                r(
                    out,
                    r#"<h2>Rendez-vous avec le partenaire</h2><ul class="agenda-entries">"#,
                );
                for e in list {
                    r(out, "<li>");
                    event_body(out, e, DAY | OWNER);
                    r(out, "</li>");
                }
                r(out, "</ul>");
            }
        });
    }

    fn save(&self, mut values: Values) {
        let input = match partner_input(&mut values) {
            Ok(input) => input,
            Err(errors) => {
                return fail(
                    self.editing,
                    "modif-partenaire",
                    "modif-partenaire",
                    values,
                    errors,
                );
            }
        };
        self.editing
            .update_untracked(|o| *o = Some(Open::new("modif-partenaire", values.clone())));
        let this = *self;
        let request = api::offers::save_partner(self.ctx.session, self.id, &input);
        self.ctx.run(async move {
            match request.await {
                Ok(detail) => {
                    this.editing.try_set(None);
                    this.partner.try_set(Some(Ok(detail)));
                    this.ctx.say("Fiche du partenaire enregistrée.");
                    focus_later("fiche-partenaire");
                }
                Err(err) => fail(
                    this.editing,
                    "modif-partenaire",
                    "modif-partenaire",
                    values,
                    server_errors(&err),
                ),
            }
        });
    }

    fn change_status(&self, values: Values) {
        let Some(key) = self
            .status_form
            .with_untracked(|o| o.as_ref().map(|o| o.key.clone()))
        else {
            return;
        };
        let comment = one(&values, "comment").trim().to_owned();
        if comment.is_empty() {
            return fail(
                self.status_form,
                &key,
                "statut",
                values,
                Errors::field("comment", "Expliquez la raison de ce changement."),
            );
        }
        let body = PartnerStatusChange {
            status: PartnerStatus::from_code(&key),
            comment,
        };
        self.status_form
            .update_untracked(|o| *o = Some(Open::new(key.clone(), values.clone())));
        let this = *self;
        let request = api::offers::partner_status_tree(self.ctx.session, self.id, &body);
        self.ctx.run(async move {
            match request.await {
                Ok(detail) => {
                    this.status_form.try_set(None);
                    let label = PartnerStatus::from_code(s(f(&detail, "record"), "status"))
                        .map_or("", PartnerStatus::label);
                    this.ctx.say(format!("Partenariat : {label}."));
                    this.partner.try_set(Some(Ok(detail)));
                    focus_later("fiche-partenaire");
                }
                Err(err) => fail(
                    this.status_form,
                    &key,
                    "statut",
                    values,
                    server_errors(&err),
                ),
            }
        });
    }

    fn record_exchange(&self, values: Values) {
        let body = NewExchange {
            occurred_on: one(&values, "occurred_on").parse().ok(),
            kind: ExchangeKind::from_code(one(&values, "kind")),
            topic: ExchangeTopic::from_code(one(&values, "topic")),
            summary: one(&values, "summary").trim().to_owned(),
        };
        let errors = errors_of(body.check(format::today()));
        if !errors.is_empty() {
            return fail(self.exchange_form, "echange", "echange", values, errors);
        }
        self.exchange_form
            .update_untracked(|o| *o = Some(Open::new("echange", values.clone())));
        let this = *self;
        let request = api::offers::record_exchange_tree(self.ctx.session, self.id, &body);
        self.ctx.run(async move {
            match request.await {
                Ok(x) => {
                    this.exchange_form.try_set(None);
                    this.exchanged.try_update(|n| *n += 1);
                    this.ctx
                        .say(format!("Échange du {} enregistré.", day(&x, "occurred_on")));
                    focus_later("echanges-titre");
                }
                Err(err) => fail(
                    this.exchange_form,
                    "echange",
                    "echange",
                    values,
                    server_errors(&err),
                ),
            }
        });
    }

    fn download(&self, kind: LetterKind, values: Option<&Values>) {
        let options = LetterQuery {
            event_title: values.and_then(|v| opt(v, "event_title")),
            event_when: values.and_then(|v| opt(v, "event_when")),
            event_place: values.and_then(|v| opt(v, "event_place")),
            contact: values.and_then(|v| opt(v, "contact")),
        };
        let slug: String = s(&answer(self.partner), "name")
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        let name = format!("{}-{slug}.pdf", kind.code());
        let this = *self;
        self.letter_error.set(None);
        self.ctx.run(async move {
            let failed =
                match api::offers::letter_pdf(this.ctx.session, this.id, kind, &options).await {
                    Ok(bytes) => {
                        crate::components::download::save_file(&bytes, "application/pdf", &name)
                            .err()
                            .map(|_| "Le fichier n'a pas pu être enregistré.".to_owned())
                    }
                    Err(err) => Some(err.message()),
                };
            match failed {
                None => this
                    .ctx
                    .say(format!("{} téléchargée : {name}.", kind.label())),
                Some(message) => {
                    this.letter_error.try_set(Some(message));
                }
            }
        });
    }
}

/// "02/03/2026" of an instant field.
fn day_of(v: &Value, key: &str) -> String {
    super::accompaniment::json::when_day(v, key)
}

fn status_form(out: &mut String, open: &Open) {
    let to = PartnerStatus::from_code(&open.key).unwrap_or(PartnerStatus::Actif);
    let (title, submit) = match to {
        PartnerStatus::Actif => ("Réactiver le partenariat", "Réactiver"),
        PartnerStatus::Archive => ("Archiver le partenaire", "Archiver"),
        PartnerStatus::Termine => ("Mettre fin au partenariat", "Mettre fin au partenariat"),
    };
    let form = Form {
        prefix: "statut",
        values: &open.values,
        errors: &open.errors,
    };
    form.open(
        out,
        "statut",
        title,
        &ui::label_in(&[("comment", "Commentaire")]),
    );
    form.area(
        out,
        "comment",
        "Commentaire",
        "Pourquoi ce changement : il reste dans la fiche.",
        REQ,
    );
    form.close(out, submit);
}

fn exchange_form(out: &mut String, open: &Open) {
    let form = Form {
        prefix: "echange",
        values: &open.values,
        errors: &open.errors,
    };
    form.open(
        out,
        "echange",
        "Nouvel échange",
        &ui::label_in(EXCHANGE_LABELS),
    );
    form.input(out, "date", "occurred_on", "Date", "", REQ);
    let kinds = ui::choices(ExchangeKind::ALL, ExchangeKind::code, ExchangeKind::label);
    form.select(out, "kind", "Type d'échange", "", REQ, &kinds, "Choisissez");
    let topics = ui::choices(
        ExchangeTopic::ALL,
        ExchangeTopic::code,
        ExchangeTopic::label,
    );
    form.select(out, "topic", "Objet", "", REQ, &topics, "Choisissez");
    form.area(out, "summary", "Résumé", "Ce qui a été dit ou décidé.", REQ);
    form.close(out, "Enregistrer l'échange");
}

impl Part for PartnerView {
    fn blocks(&self) -> usize {
        6
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        match block {
            0 => {
                r(&mut out, r#"<div id="fiche-partenaire" tabindex="-1">"#);
                self.record_html(&mut out);
                r(&mut out, "</div>");
            }
            1 => {
                if let Some(open) = self.editing.get() {
                    partner_form(
                        &mut out,
                        "modif-partenaire",
                        "Modifier la fiche",
                        &open,
                        self.communes,
                        "Enregistrer la fiche",
                    );
                }
            }
            2 => self.exchanges_html(&mut out),
            3 => self.letters_html(&mut out),
            4 => self.offers_html(&mut out),
            _ => self.people_html(&mut out),
        }
        out
    }

    fn click(&self, action: &str, arg: &str, ev: &web_sys::Event) {
        match action {
            "modifier" => {
                let d = answer(self.partner);
                if !d.is_null() {
                    let a = f(f(&d, "record"), "address");
                    self.communes
                        .seed(Some(s(a, "commune")), Some(s(a, "commune_name")));
                    let values = partner_values(&d);
                    self.editing
                        .set(Some(Open::new("modif-partenaire", values)));
                    focus_later("modif-partenaire-titre");
                }
            }
            "ajouter-contact" => add_contact(self.editing, ev, "modif-partenaire"),
            "statut" => {
                self.status_form.set(Some(Open::new(arg, Values::new())));
                focus_later("statut-titre");
            }
            "echange" => {
                let mut values = Values::new();
                put(&mut values, "occurred_on", format::today().to_string());
                self.exchange_form.set(Some(Open::new("echange", values)));
                focus_later("echange-titre");
            }
            "lettre" => self.download(LetterKind::Convention, None),
            "cancel" => {
                self.editing.set(None);
                self.status_form.set(None);
                self.exchange_form.set(None);
            }
            _ => {}
        }
    }

    fn submit(&self, form: &str, _arg: &str, values: Values) {
        match form {
            "modif-partenaire" => self.save(values),
            "statut" => self.change_status(values),
            "echange" => self.record_exchange(values),
            "invitation-lettre" => self.download(LetterKind::Invitation, Some(&values)),
            _ => {}
        }
    }

    fn change(&self, ev: &web_sys::Event) {
        self.communes.change(ev, "modif-partenaire");
    }
}

/// One partner organisation.
#[component]
pub fn PartnerPage() -> impl IntoView {
    let ctx = staff_ctx();
    let params = use_params_map();
    let Some(id) =
        params.with_untracked(|p| p.get("id").and_then(|id| id.parse::<PartnerId>().ok()))
    else {
        return super::agenda::not_found();
    };
    let me = ctx.session.me();
    let can = |op: Operation| me.as_ref().is_some_and(|m| m.may(op));
    let may = MayPartner {
        manage: can(Operation::ManagePartners),
        exchanges: can(Operation::RecordExchanges),
        letters: can(Operation::GenerateLetters),
        offers: can(Operation::ReadOffers),
    };
    let reload = RwSignal::new(0u32);
    let partner = load(move || {
        reload.track();
        api::offers::partner_tree(ctx.session, id)
    });
    let exchanged = RwSignal::new(0u32);
    let view = PartnerView {
        ctx,
        id,
        partner,
        exchanges: if may.exchanges {
            load(move || {
                exchanged.track();
                api::offers::exchanges_tree(ctx.session, id)
            })
        } else {
            RwSignal::new(None)
        },
        exchanged,
        offers: if may.offers {
            load(move || {
                let filter = OfferFilter {
                    partner_id: Some(id),
                    ..Default::default()
                };
                api::offers::offers_tree(ctx.session, &filter, 1)
            })
        } else {
            RwSignal::new(None)
        },
        appointments: html::fetch(false, move || async move {
            api::partners::appointments(ctx.session, id).await
        }),
        editing: RwSignal::new(None),
        status_form: RwSignal::new(None),
        exchange_form: RwSignal::new(None),
        letter_error: RwSignal::new(None),
        communes: Communes::new(),
        may,
    };
    let title = Signal::derive(move || {
        partner.with(|p| match p {
            Some(Ok(p)) => s(p, "name").to_owned(),
            Some(Err(ApiError::Http { status: 404, .. })) => "Partenaire introuvable".to_owned(),
            _ => "Partenaire".to_owned(),
        })
    });
    let sent = RwSignal::new(None::<String>);
    view! {
        {live(ctx.announce)}
        <p><a href="/conseiller/partenaires">"← Retour aux partenaires"</a></p>
        <PageTitle title/>
        {blocks_view(Arc::new(view))}
        <InviteSection version=reload sent partner_id=id/>
    }
    .into_any()
}

/// The organisation's record and users (shown on the partner portal).
#[component]
pub fn PartnerCard(detail: PartnerDetail) -> impl IntoView {
    view! {
        <PageTitle title=detail.name.clone()/>
        <dl class="facts">
            <dt>"Type"</dt><dd>{detail.kind.label()}</dd>
            <dt>"SIRET"</dt><dd>{detail.siret.clone().unwrap_or_else(|| "Non renseigné".to_owned())}</dd>
            <dt>"E-mail"</dt><dd>{detail.email.clone().unwrap_or_else(|| "Non renseigné".to_owned())}</dd>
            <dt>"Téléphone"</dt><dd>{detail.phone.as_deref().map(format::phone).unwrap_or_else(|| "Non renseigné".to_owned())}</dd>
        </dl>
        <h2>"Utilisateurs du portail"</h2>
        <ul class="list">
            {detail.users.into_iter().map(|u| view! {
                <li>{format!("{} {}", u.first_name, u.last_name)}" — "{u.email}" ("{u.status.label()}")"</li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn InviteSection(
    version: RwSignal<u32>,
    sent: RwSignal<Option<String>>,
    partner_id: PartnerId,
) -> impl IntoView {
    let session = Session::use_context();
    let may = session
        .me()
        .is_some_and(|m| m.may(Operation::InvitePartnerUser));
    let first_name = RwSignal::new(String::new());
    let last_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let (busy, set_busy) = signal(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = InvitePartnerUser {
            first_name: first_name.get_untracked(),
            last_name: last_name.get_untracked(),
            email: email.get_untracked(),
        };
        submit(
            errors,
            set_busy,
            request,
            move |r| async move { api::partners::invite_partner_user(session, partner_id, &r).await },
            move |user| {
                sent.set(Some(format!("Invitation envoyée à {}.", user.email)));
                version.update(|v| *v += 1);
            },
        );
    };
    view! {
        <Show when=move || may>
            <section class="panel" aria-labelledby="titre-inviter-partenaire">
                <h2 id="titre-inviter-partenaire">"Inviter un utilisateur du partenaire"</h2>
                {move || sent.get().map(|m| view! { <div class="notice notice-success" role="status"><p>{m}</p></div> })}
                <form class="form" on:submit=on_submit novalidate=true>
                    <ErrorSummary errors=errors prefix="partenaire"/>
                    <TextField prefix="partenaire" name="first_name" label="Prénom" value=first_name errors=errors/>
                    <TextField prefix="partenaire" name="last_name" label="Nom" value=last_name errors=errors/>
                    <TextField prefix="partenaire" name="email" label="E-mail" value=email errors=errors kind="email" inputmode="email"/>
                    <SubmitButton label="Envoyer l'invitation" busy_label="Envoi…" busy=busy/>
                </form>
            </section>
        </Show>
    }
}
