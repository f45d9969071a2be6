//! `/conseiller/offres/{id}`: an offer, its sessions with places left and waiting lists (B19),
//! its form when the account may change it, the live list of the young people referred to it
//! with the moves of each (B9), and the young people ranked for it, with "Orienter" (B24).

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use domain::accompaniment::{Scheme, Theme};
use domain::dto::{ReferralFilter, SessionInput};
use domain::file::lists::EducationLevel;
use domain::offers::{ContractType, Fees, OfferKind, OfferStatus, Public, ServiceType};
use domain::{OfferId, OfferSessionId, Operation};
use leptos::prelude::*;
use serde_json::Value;

use super::super::accompaniment::json::{day, f, has, list, n, s};
use super::super::accompaniment::ui::{self, Form, OPT, REQ, badge, el, r, t};
use super::super::accompaniment::{Ctx, Data, Open, Part, answer, load, loaded, mount};
use super::super::agenda::staff_ctx;
use super::super::html::{self, Errors, Values, focus_later, form_of, one, put};
use super::catalogue::{partner_options, partner_pairs};
use super::form::{Communes, offer_form, offer_input, offer_values};
use super::referrals::{ReferForm, Referrals};
use super::{fail, number, partner_link, place, server_errors, youth_link};
use crate::api;
use crate::components::offers::{email_link, phone_link, places_html, referral_badge, score_html};

#[derive(Clone, Copy)]
struct OfferView {
    ctx: Ctx,
    id: OfferId,
    /// The `OfferDetail`.
    offer: Data,
    reload: RwSignal<u32>,
    editing: RwSignal<Option<Open>>,
    /// The session form: key `nouvelle` or the session's id.
    session_form: RwSignal<Option<Open>>,
    partners: Data,
    communes: Communes,
    referrals: Referrals,
    /// Whether the list shows the referrals that are over too.
    all: RwSignal<bool>,
    refer: ReferForm,
    /// The `RankedYouth`s.
    matches: Data,
    may_refer: bool,
}

/// The labels of the codes of a list field, joined.
fn labels(v: &Value, key: &str, label: fn(&str) -> Option<&'static str>, sep: &str) -> String {
    list(v, key)
        .iter()
        .filter_map(|c| label(c.as_str()?))
        .collect::<Vec<_>>()
        .join(sep)
}

/// "De 16 à 25 ans · CEJ · niveaux … · zones 59", of an `Eligibility`.
fn conditions(e: &Value) -> String {
    let mut parts = Vec::new();
    match (f(e, "age_min").as_i64(), f(e, "age_max").as_i64()) {
        (Some(a), Some(b)) => parts.push(format!("De {a} à {b} ans")),
        (Some(a), None) => parts.push(format!("{a} ans ou plus")),
        (None, Some(b)) => parts.push(format!("{b} ans au plus")),
        (None, None) => {}
    }
    let schemes = labels(
        e,
        "schemes",
        |c| Scheme::from_code(c).map(Scheme::label),
        " ou ",
    );
    if !schemes.is_empty() {
        parts.push(format!("Réservée aux jeunes en {schemes}"));
    }
    let levels = labels(
        e,
        "levels",
        |c| EducationLevel::from_code(c).map(EducationLevel::label),
        " ; ",
    );
    if !levels.is_empty() {
        parts.push(format!("Niveaux : {levels}"));
    }
    let zones: Vec<&str> = list(e, "zones").iter().filter_map(Value::as_str).collect();
    if !zones.is_empty() {
        parts.push(format!("Zones : {}", zones.join(", ")));
    }
    if parts.is_empty() {
        "Aucune condition".to_owned()
    } else {
        parts.join(" · ")
    }
}

fn fact(out: &mut String, term: &str, value: &str) {
    if !value.is_empty() {
        el(out, "<dt>", term, "</dt>");
        el(out, "<dd>", value, "</dd>");
    }
}

impl OfferView {
    fn editable(&self) -> bool {
        self.offer.with(|o| match o {
            Some(Ok(o)) => f(o, "editable").as_bool() == Some(true),
            _ => false,
        })
    }

    fn facts_html(&self, out: &mut String) {
        let editing = self.editing.with(Option::is_some);
        let editable = self.editable();
        loaded(out, self.offer, &|out, d| {
            let sum = f(d, "summary");
            let kind = OfferKind::from_code(s(sum, "kind"));
            let status = OfferStatus::from_code(s(sum, "status")).unwrap_or(OfferStatus::Ouverte);
            r(out, "<p>");
            badge(out, "badge-neutral", kind.map_or("", OfferKind::label));
            badge(
                out,
                if status == OfferStatus::Ouverte {
                    "badge-ok"
                } else {
                    "badge-late"
                },
                status.label(),
            );
            r(out, r#"</p><dl class="facts"><dt>Partenaire</dt><dd>"#);
            let partner = s(sum, "partner_name");
            if partner.is_empty() {
                r(out, "Mission Locale (offre interne)");
            } else {
                partner_link(out, s(sum, "partner_id"), partner);
            }
            r(out, "</dd><dt>Lieu</dt><dd>");
            let a = f(d, "address");
            let line: Vec<&str> = [s(a, "line"), s(a, "postcode")]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect();
            if !line.is_empty() {
                t(out, &line.join(", "));
                r(out, " ");
            }
            let commune = s(a, "commune_name");
            let remote = f(sum, "remote").as_bool() == Some(true);
            t(
                out,
                &place((!commune.is_empty()).then_some(commune), remote),
            );
            r(out, "</dd><dt>Places</dt><dd>");
            places_html(out, sum);
            r(out, "</dd>");
            fact(
                out,
                "Thématiques",
                &labels(
                    sum,
                    "themes",
                    |c| Theme::from_code(c).map(Theme::label),
                    ", ",
                ),
            );
            let job = f(d, "job");
            if has(d, "job") {
                fact(out, "Code ROME", s(job, "rome_code"));
                fact(
                    out,
                    "Contrat",
                    ContractType::from_code(s(job, "contract_type")).map_or("", |c| c.label()),
                );
                if let Some(h) = f(job, "hours_per_week").as_i64() {
                    fact(out, "Durée", &format!("{h} h par semaine"));
                }
                if let Some(p) = f(job, "positions").as_i64() {
                    fact(out, "Postes à pourvoir", &p.to_string());
                }
                fact(out, "Début", &day(job, "starts_on"));
                fact(out, "Salaire", s(job, "salary"));
            }
            fact(
                out,
                "Type de service",
                ServiceType::from_code(s(sum, "service_type")).map_or("", |t| t.label()),
            );
            fact(
                out,
                "Publics",
                &labels(
                    d,
                    "publics",
                    |c| Public::from_code(c).map(Public::label),
                    ", ",
                ),
            );
            fact(
                out,
                "Frais",
                Fees::from_code(s(d, "fees")).map_or("", |f| f.label()),
            );
            fact(out, "Conditions d'accès", &conditions(f(d, "eligibility")));
            fact(out, "Comment y accéder", s(d, "how_to_apply"));
            let c = f(d, "contact");
            let (name, email, phone) = (s(c, "name"), s(c, "email"), s(c, "phone"));
            if !name.is_empty() || !email.is_empty() || !phone.is_empty() {
                r(out, "<dt>Contact</dt><dd>");
                t(out, name);
                if !email.is_empty() {
                    r(out, " ");
                    email_link(out, email);
                }
                if !phone.is_empty() {
                    r(out, " ");
                    phone_link(out, phone);
                }
                r(out, "</dd>");
            }
            r(out, "</dl>");
            el(
                out,
                r#"<h2>Description</h2><p class="text">"#,
                s(d, "description"),
                "</p>",
            );
            if editable && !editing {
                r(out, r#"<div class="actions">"#);
                ui::btn(
                    out,
                    "button button-secondary",
                    "modifier",
                    "",
                    "Modifier l'offre",
                );
                r(out, "</div>");
            }
        });
    }

    fn edit_html(&self, out: &mut String) {
        let Some(open) = self.editing.get() else {
            return;
        };
        offer_form(
            out,
            "modif-offre",
            "modif-offre",
            "Modifier l'offre",
            &open.values,
            &open.errors,
            &partner_pairs(self.partners),
            self.communes,
            true,
        );
    }

    fn sessions_html(&self, out: &mut String) {
        let open = self.session_form.get();
        let editable = self.editable();
        r(
            out,
            r#"<section aria-labelledby="sessions-titre"><h2 id="sessions-titre" tabindex="-1">Sessions</h2>"#,
        );
        loaded(out, self.offer, &|out, d| {
            let sessions = list(d, "sessions");
            if sessions.is_empty() {
                r(
                    out,
                    "<p>Aucune session : l'offre se rejoint quand une place se libère.</p>",
                );
            } else {
                r(
                    out,
                    r#"<div class="table-wrap"><table><caption class="visually-hidden">Sessions de l'offre</caption><thead><tr><th scope="col">Début</th><th scope="col">Fin</th><th scope="col">Places</th><th scope="col">Prises</th><th scope="col">Libres</th><th scope="col">En attente</th>"#,
                );
                if editable {
                    r(out, r#"<th scope="col">Actions</th>"#);
                }
                r(out, "</tr></thead><tbody>");
                for x in sessions {
                    let start = day(x, "starts_on");
                    let _ = write!(
                        out,
                        r#"<tr><th scope="row">{start}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"#,
                        day(x, "ends_on"),
                        f(x, "capacity")
                            .as_i64()
                            .map_or_else(|| "Celles de l'offre".to_owned(), |c| c.to_string()),
                        n(x, "taken"),
                        f(x, "places_left")
                            .as_i64()
                            .map_or_else(|| "Sans limite".to_owned(), |p| p.to_string()),
                        n(x, "waiting")
                    );
                    if editable {
                        r(out, "<td>");
                        out.push_str(&html::button(
                            "link-button",
                            "session",
                            s(x, "id"),
                            "Modifier",
                            &format!(" la session du {start}"),
                        ));
                        r(out, "</td>");
                    }
                    r(out, "</tr>");
                }
                r(out, "</tbody></table></div>");
            }
        });
        if editable {
            match &open {
                Some(o) => session_form(out, o),
                None => {
                    r(out, r#"<div class="actions">"#);
                    ui::btn(
                        out,
                        "button button-secondary",
                        "session",
                        "nouvelle",
                        "Ajouter une session",
                    );
                    r(out, "</div>");
                }
            }
        }
        r(out, "</section>");
    }

    fn referrals_html(&self, out: &mut String) {
        let all = self.all.get();
        r(
            out,
            r#"<section aria-labelledby="orientations-titre"><h2 id="orientations-titre" tabindex="-1">Jeunes orientés</h2><p class="small">La liste se met à jour toute seule ; chaque ligne porte les étapes possibles.</p><div class="actions">"#,
        );
        ui::btn(
            out,
            "link-button",
            "toutes",
            "",
            if all {
                "Ne montrer que les orientations en cours"
            } else {
                "Montrer aussi les orientations terminées"
            },
        );
        r(out, "</div>");
        self.referrals.html(out, &|_, _| {});
        r(out, "</section>");
    }

    fn matches_html(&self, out: &mut String) {
        if !self.may_refer {
            return;
        }
        let open_offer = self.offer.with(|o| match o {
            Some(Ok(o)) => s(f(o, "summary"), "status") == "ouverte",
            _ => false,
        });
        r(
            out,
            r#"<section aria-labelledby="proposes-titre"><h2 id="proposes-titre">Jeunes à qui proposer l'offre</h2><p class="small">Classés par score sur 100 : les conditions d'accès d'abord, puis les thématiques du dossier, la distance et les places libres.</p>"#,
        );
        let offer = self.id.to_string();
        loaded(out, self.matches, &|out, found| {
            let items = list(found, "");
            if items.is_empty() {
                r(
                    out,
                    "<p>Aucun jeune ne remplit les conditions de cette offre.</p>",
                );
                return;
            }
            r(out, r#"<ul class="cards-list">"#);
            for y in items {
                let (youth, name) = (s(y, "youth_id"), s(y, "name"));
                r(out, r#"<li class="item"><h3>"#);
                youth_link(out, youth, name);
                let _ = write!(out, "</h3><p>{} ans", n(y, "age"));
                let commune = s(y, "commune_name");
                if !commune.is_empty() {
                    el(out, " · ", commune, "");
                }
                r(out, "</p>");
                let score = f(y, "score");
                score_html(out, score);
                let referral = s(y, "referral");
                if !referral.is_empty() {
                    r(out, "<p>Orientation : ");
                    referral_badge(out, referral);
                    r(out, "</p>");
                } else if f(score, "eligible").as_bool() == Some(true) && open_offer {
                    r(out, r#"<div class="actions">"#);
                    ReferForm::button(out, &offer, youth, name);
                    r(out, "</div>");
                }
                self.refer.html(out, &format!("{offer}:{youth}"), name);
                r(out, "</li>");
            }
            r(out, "</ul>");
        });
        r(out, "</section>");
    }

    fn open_edit(&self) {
        let d = answer(self.offer);
        if d.is_null() {
            return;
        }
        let a = f(&d, "address");
        let (code, name) = (s(a, "commune"), s(a, "commune_name"));
        self.communes.seed(Some(code), Some(name));
        self.editing
            .set(Some(Open::new("modif-offre", offer_values(&d))));
        focus_later("modif-offre-titre");
    }

    fn save(&self, values: Values) {
        let input = match offer_input(&values) {
            Ok(input) => input,
            Err(errors) => return fail(self.editing, "modif-offre", "modif-offre", values, errors),
        };
        self.editing
            .update_untracked(|o| *o = Some(Open::new("modif-offre", values.clone())));
        let this = *self;
        let request = api::offers::save_offer_tree(self.ctx.session, Some(self.id), &input);
        self.ctx.run(async move {
            match request.await {
                Ok(_) => {
                    this.editing.try_set(None);
                    this.reload.try_update(|n| *n += 1);
                    this.ctx.say("Offre enregistrée.");
                    focus_later("contenu-offre");
                }
                Err(err) => fail(
                    this.editing,
                    "modif-offre",
                    "modif-offre",
                    values,
                    server_errors(&err),
                ),
            }
        });
    }

    fn open_session(&self, arg: &str) {
        let mut values = Values::new();
        let d = answer(self.offer);
        if let Some(x) = list(&d, "sessions").iter().find(|x| s(x, "id") == arg) {
            put(&mut values, "starts_on", s(x, "starts_on"));
            put(&mut values, "ends_on", s(x, "ends_on"));
            put(
                &mut values,
                "capacity",
                f(x, "capacity")
                    .as_i64()
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
            );
        }
        self.session_form.set(Some(Open::new(arg, values)));
        focus_later("session-titre");
    }

    fn save_session(&self, values: Values) {
        let Some(key) = self
            .session_form
            .with_untracked(|o| o.as_ref().map(|o| o.key.clone()))
        else {
            return;
        };
        let mut errors = Errors::default();
        let starts_on = one(&values, "starts_on").parse().ok();
        let ends_on = one(&values, "ends_on").parse().ok();
        let capacity = number(&values, "capacity", &mut errors);
        if starts_on.is_none() {
            errors
                .fields
                .push(("starts_on".into(), "Saisissez le premier jour.".into()));
        }
        if let (Some(a), Some(b)) = (starts_on, ends_on)
            && b < a
        {
            errors.fields.push((
                "ends_on".into(),
                "Le dernier jour ne peut pas précéder le premier.".into(),
            ));
        }
        if capacity.is_some_and(|c: i32| c < 1) {
            errors.fields.push((
                "capacity".into(),
                "Au moins une place (laissez vide pour reprendre celles de l'offre).".into(),
            ));
        }
        if !errors.is_empty() {
            return fail(self.session_form, &key, "session", values, errors);
        }
        let body = SessionInput {
            starts_on,
            ends_on,
            capacity,
        };
        let existing = key.parse::<OfferSessionId>().ok();
        self.session_form
            .update_untracked(|o| *o = Some(Open::new(key.clone(), values.clone())));
        let this = *self;
        let request = api::offers::save_session_tree(self.ctx.session, self.id, existing, &body);
        self.ctx.run(async move {
            match request.await {
                Ok(detail) => {
                    this.session_form.try_set(None);
                    this.offer.try_set(Some(Ok(detail)));
                    this.ctx.say("Session enregistrée.");
                    focus_later("sessions-titre");
                }
                Err(err) => fail(
                    this.session_form,
                    &key,
                    "session",
                    values,
                    server_errors(&err),
                ),
            }
        });
    }
}

const SESSION_LABELS: &[(&str, &str)] = &[
    ("starts_on", "Premier jour"),
    ("ends_on", "Dernier jour"),
    ("capacity", "Places"),
];

fn session_form(out: &mut String, open: &Open) {
    let form = Form {
        prefix: "session",
        values: &open.values,
        errors: &open.errors,
    };
    let title = if open.key == "nouvelle" {
        "Nouvelle session"
    } else {
        "Modifier la session"
    };
    form.open(out, "session", title, &ui::label_in(SESSION_LABELS));
    r(out, r#"<div class="duration">"#);
    form.input(out, "date", "starts_on", "Premier jour", "", REQ);
    form.input(out, "date", "ends_on", "Dernier jour", "", OPT);
    r(out, "</div>");
    form.input(
        out,
        "number",
        "capacity",
        "Places",
        "Vide : les places de l'offre.",
        OPT,
    );
    form.close(out, "Enregistrer la session");
}

impl Part for OfferView {
    fn blocks(&self) -> usize {
        5
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        match block {
            0 => {
                r(&mut out, r#"<div id="contenu-offre" tabindex="-1">"#);
                self.facts_html(&mut out);
                r(&mut out, "</div>");
            }
            1 => self.edit_html(&mut out),
            2 => self.sessions_html(&mut out),
            3 => self.referrals_html(&mut out),
            _ => self.matches_html(&mut out),
        }
        out
    }

    fn click(&self, action: &str, arg: &str, _ev: &web_sys::Event) {
        if self.referrals.click(action, arg) {
            return;
        }
        match action {
            "modifier" => self.open_edit(),
            "session" => self.open_session(arg),
            "toutes" => self.all.update(|a| *a = !*a),
            "orienter" => {
                let sessions = list(&answer(self.offer), "sessions").to_vec();
                self.refer.open(arg, Some(sessions));
            }
            "cancel" => {
                self.editing.set(None);
                self.session_form.set(None);
                self.refer.close();
            }
            _ => {}
        }
    }

    fn submit(&self, form: &str, arg: &str, values: Values) {
        if self.referrals.submit(form, arg, values.clone())
            || self.refer.submit(form, values.clone())
        {
            return;
        }
        match form {
            "modif-offre" => self.save(values),
            "session" => self.save_session(values),
            _ => {}
        }
    }

    fn change(&self, ev: &web_sys::Event) {
        if html::target_id(ev) == "modif-offre-kind" {
            if let Some((_, values)) = form_of(ev) {
                self.editing.set(Some(Open::new("modif-offre", values)));
                focus_later("modif-offre-kind");
            }
        } else {
            self.communes.change(ev, "modif-offre");
        }
    }
}

/// `/conseiller/offres/{id}` (a page of `super::super::agenda::AgendaRoutes`).
pub(crate) fn offer_page(id: Option<OfferId>) -> AnyView {
    let ctx = staff_ctx();
    let Some(id) = id else {
        return super::super::agenda::not_found();
    };
    let me = ctx.session.me();
    let may = |op: Operation| me.as_ref().is_some_and(|m| m.may(op));
    let reload = RwSignal::new(0u32);
    let offer = load(move || {
        reload.track();
        api::offers::offer_tree(ctx.session, id)
    });
    let all = RwSignal::new(false);
    let poll = RwSignal::new(0u32);
    let referred = load(move || {
        reload.track();
        poll.track();
        let filter = ReferralFilter {
            offer_id: Some(id),
            active: all.get().then_some(false),
            ..Default::default()
        };
        api::offers::referrals_of_tree(ctx.session, &filter)
    });
    let may_refer = may(Operation::MatchOffers) && may(Operation::ManageReferrals);
    let matches = if may_refer {
        load(move || {
            reload.track();
            api::offers::offer_matches_tree(ctx.session, id)
        })
    } else {
        RwSignal::new(None)
    };
    let referrals = Referrals::new(ctx, referred, reload, true);
    let refer = ReferForm::new(ctx, reload);
    let view = OfferView {
        ctx,
        id,
        offer,
        reload,
        editing: RwSignal::new(None),
        session_form: RwSignal::new(None),
        partners: if may(Operation::ManageOffers) {
            partner_options(ctx)
        } else {
            RwSignal::new(None)
        },
        communes: Communes::new(),
        referrals,
        all,
        refer,
        matches,
        may_refer,
    };
    // The live list: read again every 30 seconds while no form is open on it.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if !referrals.form_open() && !refer.is_open() {
                poll.try_update(|n| *n += 1);
            }
        },
        Duration::from_secs(30),
    ) {
        on_cleanup(move || handle.clear());
    }
    let title = Signal::derive(move || {
        offer.with(|o| match o {
            Some(Ok(o)) => s(f(o, "summary"), "title").to_owned(),
            Some(Err(api::ApiError::Http { status: 404, .. })) => "Offre introuvable".to_owned(),
            _ => "Offre".to_owned(),
        })
    });
    mount(
        title,
        r#"<p><a href="/conseiller/offres">← Retour aux offres</a></p>"#.to_owned(),
        Arc::new(view),
        ctx.announce,
    )
}
