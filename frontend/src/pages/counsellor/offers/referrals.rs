//! A list of referrals with the moves the account may make on each (B9, B12), and the form
//! that refers a young person to an offer; shared by an offer's page (its live list, the young
//! people ranked for it) and a young person's "Orientations" page.

use domain::dto::{NewReferral, ReferralMove};
use domain::offers::{ReferralStatus, RefusalReason};
use domain::{OfferId, OfferSessionId, ReferralId, YouthId};
use leptos::prelude::*;
use serde_json::Value;

use super::super::accompaniment::json::{day, f, list, s, when};
use super::super::accompaniment::ui::{self, Form, OPT, REQ, el, r, t};
use super::super::accompaniment::{Ctx, Data, Open, loaded, open_as};
use super::super::html::{Errors, Values, focus_later, one};
use super::{fail, offer_link, opt, partner_link, server_errors, youth_link};
use crate::api;
use crate::components::offers::{move_label, places_html, referral_badge, steps_html};

/// A session (`OfferSession`) as a choice: "Du 14/12/2026 au 08/02/2027 · 11 places libres
/// sur 12".
pub(crate) fn session_label(v: &Value) -> String {
    let mut out = format!("Du {}", day(v, "starts_on"));
    let end = day(v, "ends_on");
    if !end.is_empty() {
        out.push_str(" au ");
        out.push_str(&end);
    }
    out.push_str(" · ");
    places_html(&mut out, v);
    out
}

/// "Prénom Nom" of a referral's young person.
fn youth_name(x: &Value) -> String {
    let y = f(x, "youth");
    format!("{} {}", s(y, "first_name"), s(y, "last_name"))
}

/// The referrals of an offer or of a young person, with their moves.
#[derive(Clone, Copy)]
pub(crate) struct Referrals {
    ctx: Ctx,
    /// `Referral`s.
    data: Data,
    /// Bumped after every change, so that the page's lists and rankings read again.
    reload: RwSignal<u32>,
    /// The refusal form open (its key is the referral's id).
    refusing: RwSignal<Option<Open>>,
    /// A move refused by the server, outside a form.
    error: RwSignal<Option<String>>,
    /// Whether the lines name the young person (an offer's list) or the offer (a file's).
    by_youth: bool,
}

impl Referrals {
    pub fn new(ctx: Ctx, data: Data, reload: RwSignal<u32>, by_youth: bool) -> Self {
        Self {
            ctx,
            data,
            reload,
            refusing: RwSignal::new(None),
            error: RwSignal::new(None),
            by_youth,
        }
    }

    /// Whether the refusal form is open (the list is not read again meanwhile).
    pub fn form_open(&self) -> bool {
        self.refusing.with_untracked(Option::is_some)
    }

    fn name(&self, x: &Value) -> String {
        if self.by_youth {
            youth_name(x)
        } else {
            s(x, "offer_title").to_owned()
        }
    }

    /// The list (reactive); `extra` adds to each line (how to reach the partner).
    pub fn html(&self, out: &mut String, extra: &dyn Fn(&mut String, &Value)) {
        if let Some(e) = self.error.get() {
            ui::error(out, &e);
        }
        let refusing = self.refusing.get();
        loaded(out, self.data, &|out, all| {
            let items = list(all, "");
            if items.is_empty() {
                r(out, "<p>Aucune orientation pour l'instant.</p>");
                return;
            }
            r(out, r#"<ul class="cards-list">"#);
            for x in items {
                self.line(out, x, refusing.as_ref());
                extra(out, x);
                r(out, "</li>");
            }
            r(out, "</ul>");
        });
    }

    fn line(&self, out: &mut String, x: &Value, refusing: Option<&Open>) {
        let id = s(x, "id");
        let name = self.name(x);
        r(out, r#"<li class="item" id="orientation-"#);
        t(out, id);
        r(out, r#""><h3>"#);
        let youth = f(x, "youth");
        if self.by_youth {
            youth_link(out, s(youth, "id"), &name);
        } else {
            offer_link(out, s(x, "offer_id"), &name);
        }
        r(out, "</h3><p>");
        referral_badge(out, s(x, "status"));
        if self.by_youth {
            let _ = std::fmt::Write::write_fmt(
                out,
                format_args!(" · {} ans", f(youth, "age").as_i64().unwrap_or_default()),
            );
            let commune = s(youth, "commune_name");
            if !commune.is_empty() {
                el(out, " · ", commune, "");
            }
        } else {
            let kind = s(x, "offer_kind");
            r(
                out,
                if kind == "emploi" {
                    " · Offre d'emploi"
                } else {
                    " · Offre de service"
                },
            );
            let partner = s(x, "partner_name");
            if !partner.is_empty() {
                r(out, " · ");
                partner_link(out, s(x, "partner_id"), partner);
            }
        }
        let start = day(x, "session_starts_on");
        if !start.is_empty() {
            el(out, " · session du ", &start, "");
        }
        r(out, "</p>");
        if let Some(reason) = RefusalReason::from_code(s(x, "refusal_reason")) {
            el(out, "<p>Motif du refus : ", reason.label(), "</p>");
        }
        let note = s(x, "note");
        if !note.is_empty() {
            el(out, r#"<p class="text">Note : "#, note, "</p>");
        }
        let counsellor = s(x, "counsellor_name");
        if !counsellor.is_empty() && !self.by_youth {
            el(
                out,
                r#"<p class="small">Conseiller référent : "#,
                counsellor,
                "</p>",
            );
        }
        let steps = list(x, "steps");
        if steps.is_empty() {
            el(
                out,
                r#"<p class="small">Dernier changement : "#,
                &when(x, "updated_at"),
                "</p>",
            );
        } else {
            steps_html(out, steps);
        }
        let next = list(x, "next");
        if !next.is_empty() {
            el(
                out,
                r#"<div class="actions" role="group" aria-label="Suivre l'orientation : "#,
                &name,
                r#"">"#,
            );
            for code in next {
                let Some(status) = code.as_str().and_then(ReferralStatus::from_code) else {
                    continue;
                };
                let quiet = matches!(status, ReferralStatus::Refusee | ReferralStatus::Abandonnee);
                r(out, r#"<button type="button" class=""#);
                r(
                    out,
                    if quiet {
                        "button button-secondary"
                    } else {
                        "button"
                    },
                );
                r(out, r#"" data-action="orientation" data-arg=""#);
                t(out, id);
                r(out, ":");
                r(out, status.code());
                r(out, r#"">"#);
                t(out, move_label(status));
                el(
                    out,
                    r#"<span class="visually-hidden"> : "#,
                    &name,
                    "</span></button>",
                );
            }
            r(out, "</div>");
        }
        if let Some(open) = refusing.filter(|o| o.key == id) {
            self.refusal_form(out, id, &name, open);
        }
    }

    fn refusal_form(&self, out: &mut String, id: &str, name: &str, open: &Open) {
        let form = Form {
            prefix: "refus",
            values: &open.values,
            errors: &open.errors,
        };
        let labels: &[(&str, &str)] = &[("reason", "Motif"), ("comment", "Commentaire")];
        form.open(
            out,
            &format!("refus:{id}"),
            &format!("Refuser : {name}"),
            &ui::label_in(labels),
        );
        let reasons = ui::choices(
            RefusalReason::ALL,
            RefusalReason::code,
            RefusalReason::label,
        );
        form.select(
            out,
            "reason",
            "Motif",
            "",
            REQ,
            &reasons,
            "Choisissez le motif",
        );
        form.area(
            out,
            "comment",
            "Commentaire",
            "Ce qui a été dit au jeune ; obligatoire pour « Autre motif ».",
            OPT,
        );
        form.close(out, "Confirmer le refus");
    }

    /// A click on the list; `true` when it was for it.
    pub fn click(&self, action: &str, arg: &str) -> bool {
        match action {
            "orientation" => {
                let Some((id, code)) = arg.split_once(':') else {
                    return true;
                };
                let (Ok(id), Some(status)) =
                    (id.parse::<ReferralId>(), ReferralStatus::from_code(code))
                else {
                    return true;
                };
                if status == ReferralStatus::Refusee {
                    self.refusing
                        .set(Some(Open::new(id.to_string(), Values::new())));
                    focus_later("refus-titre");
                } else {
                    self.send(id, status, None, None);
                }
                true
            }
            "cancel" => {
                self.refusing.set(None);
                false
            }
            _ => false,
        }
    }

    /// A form of the list sent; `true` when it was for it.
    pub fn submit(&self, form: &str, arg: &str, values: Values) -> bool {
        if form != "refus" {
            return false;
        }
        let Ok(id) = arg.parse::<ReferralId>() else {
            return true;
        };
        let reason = RefusalReason::from_code(one(&values, "reason"));
        let comment = opt(&values, "comment");
        let mut errors = Errors::default();
        if reason.is_none() {
            errors
                .fields
                .push(("reason".into(), "Indiquez le motif du refus.".into()));
        }
        if reason == Some(RefusalReason::Autre) && comment.is_none() {
            errors.fields.push((
                "comment".into(),
                "Précisez le motif du refus dans le commentaire.".into(),
            ));
        }
        if !errors.is_empty() {
            fail(self.refusing, arg, "refus", values, errors);
            return true;
        }
        self.refusing
            .update_untracked(|o| *o = Some(Open::new(arg, values)));
        self.send(id, ReferralStatus::Refusee, reason, comment);
        true
    }

    fn send(
        &self,
        id: ReferralId,
        status: ReferralStatus,
        reason: Option<RefusalReason>,
        comment: Option<String>,
    ) {
        let this = *self;
        let key = id.to_string();
        let name = self
            .data
            .with_untracked(|d| {
                d.as_ref()
                    .and_then(|d| d.as_ref().ok())
                    .and_then(|l| l.as_array()?.iter().find(|x| s(x, "id") == key))
                    .map(|x| this.name(x))
            })
            .unwrap_or_default();
        this.error.set(None);
        let body = ReferralMove {
            status: Some(status),
            reason,
            comment,
        };
        let request = api::offers::move_referral_tree(this.ctx.session, id, &body);
        self.ctx.run(async move {
            match request.await {
                Ok(moved) => {
                    this.refusing.try_set(None);
                    this.reload.try_update(|n| *n += 1);
                    let status = ReferralStatus::from_code(s(&moved, "status"))
                        .map_or("", ReferralStatus::label);
                    this.ctx.say(format!("{name} : {status}."));
                }
                Err(err) => {
                    let open = this.refusing.get_untracked();
                    match open_as(&open, &key) {
                        Some(open) => fail(
                            this.refusing,
                            &open.key,
                            "refus",
                            open.values,
                            server_errors(&err),
                        ),
                        None => {
                            this.error.try_set(Some(err.message()));
                        }
                    }
                }
            }
        });
    }
}

/// The form that refers a young person to an offer, sent to the partner at once.
#[derive(Clone, Copy)]
pub(crate) struct ReferForm {
    ctx: Ctx,
    /// Key `{offer}:{youth}`.
    open: RwSignal<Option<Open>>,
    /// The offer's sessions (`OfferSession`s).
    sessions: RwSignal<Vec<Value>>,
    reload: RwSignal<u32>,
}

const REFER_LABELS: &[(&str, &str)] = &[
    ("session_id", "Session"),
    ("note", "Note pour le partenaire"),
    ("offer_id", "Offre"),
    ("youth_id", "Jeune"),
];

impl ReferForm {
    pub fn new(ctx: Ctx, reload: RwSignal<u32>) -> Self {
        Self {
            ctx,
            open: RwSignal::new(None),
            sessions: RwSignal::new(Vec::new()),
            reload,
        }
    }

    /// The "Orienter" button of a line (action `orienter`, argument `{offer}:{youth}`).
    pub fn button(out: &mut String, offer: &str, youth: &str, name: &str) {
        r(
            out,
            r#"<button type="button" class="button" data-action="orienter" data-arg=""#,
        );
        t(out, offer);
        r(out, ":");
        t(out, youth);
        el(
            out,
            r#"">Orienter<span class="visually-hidden"> : "#,
            name,
            "</span></button>",
        );
    }

    /// Opens the form; `sessions` are the offer's when known, else they are read first (the
    /// form appears with them, so that nothing typed is redrawn away).
    pub fn open(&self, arg: &str, sessions: Option<Vec<Value>>) {
        let Some(offer) = arg
            .split(':')
            .next()
            .and_then(|o| o.parse::<OfferId>().ok())
        else {
            return;
        };
        let (this, key) = (*self, arg.to_owned());
        let show = move |sessions: Vec<Value>| {
            this.sessions.try_set(sessions);
            this.open.try_set(Some(Open::new(key, Values::new())));
            focus_later("orienter-titre");
        };
        match sessions {
            Some(list) => show(list),
            None => {
                let request = api::offers::offer_tree(self.ctx.session, offer);
                self.ctx.run(async move {
                    let found = request
                        .await
                        .ok()
                        .and_then(|o| o.get("sessions")?.as_array().cloned())
                        .unwrap_or_default();
                    show(found);
                });
            }
        }
    }

    /// The form under the line of `key` (`{offer}:{youth}`), if it is the one open (reactive).
    pub fn html(&self, out: &mut String, key: &str, label: &str) {
        let Some(open) = self.open.get().filter(|o| o.key == key) else {
            return;
        };
        let form = Form {
            prefix: "orienter",
            values: &open.values,
            errors: &open.errors,
        };
        form.open(
            out,
            "orienter",
            &format!("Orienter : {label}"),
            &ui::label_in(REFER_LABELS),
        );
        self.sessions.with(|sessions| {
            if !sessions.is_empty() {
                let labels: Vec<(&str, String)> = sessions
                    .iter()
                    .map(|v| (s(v, "id"), session_label(v)))
                    .collect();
                let options: Vec<(&str, &str)> =
                    labels.iter().map(|(c, l)| (*c, l.as_str())).collect();
                form.select(
                    out,
                    "session_id",
                    "Session",
                    "",
                    REQ,
                    &options,
                    "Choisissez la session",
                );
            }
        });
        form.area(
            out,
            "note",
            "Note pour le partenaire",
            "Pourquoi cette offre : le partenaire la lira avec la demande.",
            OPT,
        );
        r(
            out,
            r#"<p class="small">L'orientation est envoyée au partenaire dès qu'elle est enregistrée.</p>"#,
        );
        form.close(out, "Envoyer l'orientation");
    }

    /// Whether the form is open.
    pub fn is_open(&self) -> bool {
        self.open.with_untracked(Option::is_some)
    }

    /// Closes the form (`cancel`).
    pub fn close(&self) {
        self.open.set(None);
    }

    /// The form sent; `true` when it was for it.
    pub fn submit(&self, form: &str, values: Values) -> bool {
        if form != "orienter" {
            return false;
        }
        let Some(open) = self.open.get_untracked() else {
            return true;
        };
        let key = open.key.clone();
        let mut parts = key.split(':');
        let offer = parts.next().and_then(|o| o.parse::<OfferId>().ok());
        let youth = parts.next().and_then(|y| y.parse::<YouthId>().ok());
        let has_sessions = self.sessions.with_untracked(|s| !s.is_empty());
        let session_id = one(&values, "session_id").parse::<OfferSessionId>().ok();
        if has_sessions && session_id.is_none() {
            fail(
                self.open,
                &key,
                "orienter",
                values,
                Errors::field("session_id", "Choisissez la session."),
            );
            return true;
        }
        let body = NewReferral {
            offer_id: offer,
            youth_id: youth,
            session_id,
            note: opt(&values, "note"),
            send: true,
        };
        self.open
            .update_untracked(|o| *o = Some(Open::new(key.clone(), values.clone())));
        let this = *self;
        let request = api::offers::create_referral_tree(self.ctx.session, &body);
        self.ctx.run(async move {
            match request.await {
                Ok(created) => {
                    this.open.try_set(None);
                    this.reload.try_update(|n| *n += 1);
                    let status = ReferralStatus::from_code(s(&created, "status"))
                        .map_or("", ReferralStatus::label)
                        .to_lowercase();
                    this.ctx.say(format!(
                        "{} orienté(e) vers « {} » : {status}.",
                        youth_name(&created),
                        s(&created, "offer_title"),
                    ));
                }
                Err(err) => fail(this.open, &key, "orienter", values, server_errors(&err)),
            }
        });
        true
    }
}
