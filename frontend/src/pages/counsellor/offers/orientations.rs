//! `/conseiller/jeunes/:id/orientations`: the offers ranked for the young person with the
//! explanation of each score (A6, B20, B24), "Orienter" (with a session and a note), their
//! referrals with each step (B12) and the moves the account may make, and how to reach each
//! partner (B21); a link to the map around their home (C10).

use domain::dto::ReferralFilter;
use domain::offers::OfferKind;
use domain::{Operation, PartnerId, ReferralId};
use leptos::prelude::*;
use serde_json::Value;

use super::super::accompaniment::json::{f, list, s};
use super::super::accompaniment::ui::{badge, el, r, t};
use super::super::accompaniment::{Ctx, Data, Part, Request, load, loaded};
use super::super::html::Values;
use super::referrals::{ReferForm, Referrals};
use super::{offer_link, partner_link, place};
use crate::api;
use crate::components::offers::{
    contacts_html, email_link, phone_link, places_html, referral_badge, score_html,
};

#[derive(Clone, Copy)]
pub(crate) struct Orientations {
    ctx: Ctx,
    /// The `RankedOffer`s.
    matches: Data,
    kind: RwSignal<Option<OfferKind>>,
    referrals: Referrals,
    /// The `PartnerDetail`s of the referrals' partners, to reach them.
    partners: Data,
    refer: ReferForm,
    may_refer: bool,
}

impl Orientations {
    pub fn new(ctx: Ctx) -> Self {
        let me = ctx.session.me();
        let may = |op: Operation| me.as_ref().is_some_and(|m| m.may(op));
        let may_refer = may(Operation::MatchOffers) && may(Operation::ManageReferrals);
        let reload = RwSignal::new(0u32);
        let matches = if may(Operation::MatchOffers) {
            load(move || {
                reload.track();
                api::offers::matches_tree(ctx.session, ctx.id)
            })
        } else {
            RwSignal::new(None)
        };
        let list_of = load(move || -> Request {
            reload.track();
            let filter = ReferralFilter {
                youth_id: Some(ctx.id),
                active: Some(false),
                ..Default::default()
            };
            let request = api::offers::referrals_of_tree(ctx.session, &filter);
            Box::pin(async move {
                // The list leaves out the steps: each referral is read for its history (B12).
                let found = request.await?;
                let mut full = Vec::new();
                for x in list(&found, "") {
                    let whole = match s(x, "id").parse::<ReferralId>() {
                        Ok(id) => api::offers::referral_tree(ctx.session, id).await.ok(),
                        Err(_) => None,
                    };
                    full.push(whole.unwrap_or_else(|| x.clone()));
                }
                Ok(Value::Array(full))
            })
        });
        let partners = load(move || -> Request {
            let mut ids: Vec<PartnerId> = list_of.with(|l| match l {
                Some(Ok(l)) => list(l, "")
                    .iter()
                    .filter_map(|x| s(x, "partner_id").parse().ok())
                    .collect(),
                _ => Vec::new(),
            });
            ids.sort();
            ids.dedup();
            Box::pin(async move {
                let mut found = Vec::new();
                for id in ids {
                    if let Ok(p) = api::offers::partner_tree(ctx.session, id).await {
                        found.push(p);
                    }
                }
                Ok(Value::Array(found))
            })
        });
        Self {
            ctx,
            matches,
            kind: RwSignal::new(None),
            referrals: Referrals::new(ctx, list_of, reload, false),
            partners,
            refer: ReferForm::new(ctx, reload),
            may_refer,
        }
    }

    fn head_html(&self, out: &mut String) {
        r(
            out,
            r#"<div class="actions"><a class="button button-secondary" href="/conseiller/carte?jeune="#,
        );
        t(out, &self.ctx.id.to_string());
        r(
            out,
            r#"">Voir sur la carte autour du jeune</a><a href="/conseiller/offres">Toutes les offres</a></div>"#,
        );
    }

    /// How to reach the partner of a referral (B21).
    fn reach(&self, out: &mut String, x: &Value) {
        let pid = s(x, "partner_id");
        if pid.is_empty() {
            return;
        }
        self.partners.with(|p| {
            let Some(Ok(all)) = p else {
                return;
            };
            let Some(p) = list(all, "").iter().find(|p| s(p, "id") == pid) else {
                return;
            };
            r(out, r#"<div class="reach"><p><strong>Joindre "#);
            t(out, s(p, "name"));
            r(out, "</strong>");
            let (email, phone) = (s(p, "email"), s(p, "phone"));
            if !email.is_empty() {
                r(out, " · ");
                email_link(out, email);
            }
            if !phone.is_empty() {
                r(out, " · ");
                phone_link(out, phone);
            }
            r(out, "</p>");
            let contacts = list(f(p, "record"), "contacts");
            if !contacts.is_empty() {
                contacts_html(out, contacts);
            }
            r(out, "</div>");
        });
    }

    fn referrals_html(&self, out: &mut String) {
        r(
            out,
            r#"<section aria-labelledby="orientations-titre"><h2 id="orientations-titre" tabindex="-1">Ses orientations</h2>"#,
        );
        let this = *self;
        self.referrals.html(out, &move |out, x| this.reach(out, x));
        r(out, "</section>");
    }

    fn matches_html(&self, out: &mut String) {
        let kind = self.kind.get();
        r(
            out,
            r#"<section aria-labelledby="proposees-titre"><h2 id="proposees-titre">Offres proposées</h2><p class="small">Seules les offres dont le jeune remplit les conditions ont un score ; il tient compte des besoins du dossier, de la distance et de sa mobilité, des places libres.</p><div class="actions" role="group" aria-label="Type d'offre">"#,
        );
        for (code, label, value) in [
            ("", "Toutes", None),
            ("service", "Services", Some(OfferKind::Service)),
            ("emploi", "Emplois", Some(OfferKind::Emploi)),
        ] {
            r(
                out,
                r#"<button type="button" class="button button-secondary" data-action="type" data-arg=""#,
            );
            r(out, code);
            r(out, r#"" aria-pressed=""#);
            r(out, if kind == value { "true" } else { "false" });
            r(out, r#"">"#);
            r(out, label);
            r(out, "</button>");
        }
        r(out, "</div>");
        let youth = self.ctx.id.to_string();
        loaded(out, self.matches, &|out, found| {
            let items: Vec<&Value> = list(found, "")
                .iter()
                .filter(|m| kind.is_none_or(|k| s(f(m, "offer"), "kind") == k.code()))
                .collect();
            if items.is_empty() {
                r(
                    out,
                    "<p>Aucune offre ouverte ne correspond pour l'instant.</p>",
                );
                return;
            }
            r(out, r#"<ul class="cards-list">"#);
            for m in items {
                let o = f(m, "offer");
                let (offer, title) = (s(o, "id"), s(o, "title"));
                r(out, r#"<li class="item"><h3>"#);
                offer_link(out, offer, title);
                r(out, "</h3><p>");
                badge(
                    out,
                    "badge-neutral",
                    OfferKind::from_code(s(o, "kind")).map_or("", OfferKind::label),
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
                    " · ",
                );
                places_html(out, o);
                r(out, "</p>");
                let score = f(m, "score");
                score_html(out, score);
                let referral = s(m, "referral");
                if !referral.is_empty() {
                    r(out, "<p>Orientation : ");
                    referral_badge(out, referral);
                    r(out, "</p>");
                } else if f(score, "eligible").as_bool() == Some(true) && self.may_refer {
                    r(out, r#"<div class="actions">"#);
                    ReferForm::button(out, offer, &youth, title);
                    r(out, "</div>");
                }
                self.refer.html(out, &format!("{offer}:{youth}"), title);
                r(out, "</li>");
            }
            r(out, "</ul>");
        });
        r(out, "</section>");
    }
}

impl Part for Orientations {
    fn blocks(&self) -> usize {
        3
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        match block {
            0 => self.head_html(&mut out),
            1 => self.referrals_html(&mut out),
            _ => self.matches_html(&mut out),
        }
        out
    }

    fn click(&self, action: &str, arg: &str, _ev: &web_sys::Event) {
        if self.referrals.click(action, arg) {
            return;
        }
        match action {
            "orienter" => self.refer.open(arg, None),
            "type" => self.kind.set(OfferKind::from_code(arg)),
            "cancel" => self.refer.close(),
            _ => {}
        }
    }

    fn submit(&self, form: &str, arg: &str, values: Values) {
        if !self.referrals.submit(form, arg, values.clone()) {
            self.refer.submit(form, values);
        }
    }
}
