//! `/jeune/offres`: "Offres pour vous" in the youth app (D4, D5, D13): the offers matched to
//! the young person, each with why in a few plain words, its details on demand (description,
//! place, dates with places left), and "Je postule" (a session to choose, a word of
//! motivation); then "Mes candidatures": where each stands in plain French, its steps, and
//! withdrawing. Markup as text (see `pages::counsellor::accompaniment::ui`), phone first.

use std::sync::Arc;

use domain::dto::{NewReferral, ReferralMove};
use domain::offers::{ContractType, Fees, OfferKind, ReferralStatus, RefusalReason, ServiceType};
use domain::{OfferId, OfferSessionId, ReferralId};
use leptos::prelude::*;
use serde_json::Value;

use super::plan::youth_page;
use crate::api;
use crate::pages::counsellor::accompaniment::json::{day, f, has, list, n, s, when_day};
use crate::pages::counsellor::accompaniment::ui::{
    self, Form, OPT, badge, btn, el, num, para, r, t,
};
use crate::pages::counsellor::accompaniment::{
    Ctx, Data, Open, Part, answer, error_of, load, loaded, open_as, reject, text_in,
};
use crate::pages::counsellor::agenda::{radios, then};
use crate::pages::counsellor::html::{Errors, Values, focus_later, one};

/// The page.
pub(super) fn page() -> AnyView {
    youth_page("Offres pour vous", |ctx| {
        let reload = RwSignal::new(0u32);
        let shown = RwSignal::new(None::<OfferId>);
        let history = RwSignal::new(None::<ReferralId>);
        let session = ctx.session;
        Arc::new(Offers {
            ctx,
            matches: load(move || {
                reload.track();
                api::offers::matches_tree(session, ctx.id)
            }),
            referrals: load(move || {
                reload.track();
                api::offers::referrals_tree(session, None, false)
            }),
            reload,
            shown,
            detail: crate::pages::counsellor::html::fetch(true, move || match shown.get() {
                Some(id) => api::offers::offer_tree(session, id),
                None => Box::pin(async { Ok(Value::Null) }),
            }),
            open: RwSignal::new(None),
            history,
            steps: crate::pages::counsellor::html::fetch(true, move || {
                reload.track();
                match history.get() {
                    Some(id) => api::offers::referral_tree(session, id),
                    None => Box::pin(async { Ok(Value::Null) }),
                }
            }),
            confirm: RwSignal::new(None),
            error: RwSignal::new(None),
        })
    })
}

#[derive(Clone, Copy)]
struct Offers {
    ctx: Ctx,
    /// `RankedOffer`s.
    matches: Data,
    /// The young person's `Referral`s, finished ones too.
    referrals: Data,
    reload: RwSignal<u32>,
    /// The offer whose details are shown.
    shown: RwSignal<Option<OfferId>>,
    /// Its `OfferDetail`.
    detail: Data,
    /// An application being written (`postuler:{offer}`).
    open: RwSignal<Option<Open>>,
    /// The application whose steps are shown.
    history: RwSignal<Option<ReferralId>>,
    /// It, with its steps.
    steps: Data,
    /// A withdrawal to confirm (the referral).
    confirm: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
}

/// A status in the young person's words, and what it means for them.
fn status_words(code: &str) -> (&'static str, &'static str, &'static str) {
    match ReferralStatus::from_code(code) {
        Some(ReferralStatus::Proposee) => (
            "badge-info",
            "En préparation",
            "Votre conseiller ou conseillère va la regarder, puis l'envoyer à l'organisme.",
        ),
        Some(ReferralStatus::Envoyee) => (
            "badge-info",
            "Envoyée à l'organisme",
            "L'organisme va répondre. Votre conseiller ou conseillère suit votre candidature.",
        ),
        Some(ReferralStatus::ListeAttente) => (
            "badge-info",
            "Sur liste d'attente",
            "Il n'y a plus de place pour le moment : la prochaine place libre est pour vous.",
        ),
        Some(ReferralStatus::Acceptee) => (
            "badge-ok",
            "Acceptée",
            "Bonne nouvelle ! L'organisme va vous contacter pour la suite.",
        ),
        Some(ReferralStatus::Refusee) => (
            "badge-neutral",
            "Refusée",
            "L'organisme n'a pas retenu votre candidature. Parlez-en à votre conseiller ou conseillère : d'autres offres peuvent vous convenir.",
        ),
        Some(ReferralStatus::EnCours) => ("badge-ok", "En cours", "Vous avez commencé. Courage !"),
        Some(ReferralStatus::Terminee) => ("badge-ok", "Terminée", "C'est terminé. Bravo !"),
        Some(ReferralStatus::Abandonnee) => {
            ("badge-neutral", "Arrêtée", "Cette candidature est arrêtée.")
        }
        None => ("badge-neutral", "", ""),
    }
}

/// Why an offer is proposed, in a few plain sentences (from the score's lines).
fn reasons(score: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for line in list(score, "lines") {
        let reason = s(line, "reason");
        let points = n(line, "points");
        match s(line, "part") {
            "themes" if points >= 35 => {
                let what = reason.split_once(':').map_or("", |(_, w)| w);
                out.push(format!(
                    "Ça correspond à ce que vous cherchez : {}.",
                    what.trim().trim_end_matches('.').to_lowercase()
                ));
            }
            "distance" => {
                if reason.starts_with("Se suit à distance") {
                    out.push("Ça se fait à distance : pas besoin de vous déplacer.".to_owned());
                } else if let Some(km) = f(score, "distance_km").as_f64() {
                    let near = if km < 1.0 {
                        "À moins d'un kilomètre de chez vous".to_owned()
                    } else {
                        format!("À {km:.0} km de chez vous")
                    };
                    out.push(if points == 0 {
                        format!("{near} : c'est loin pour y aller tous les jours.")
                    } else {
                        format!("{near}.")
                    });
                }
            }
            "room" => {
                if reason.starts_with("Complet") {
                    out.push(
                        "Complet pour le moment : vous pouvez postuler sur liste d'attente."
                            .to_owned(),
                    );
                } else if reason.ends_with("disponible.") || reason.ends_with("disponibles.") {
                    out.push(format!(
                        "Il reste {}.",
                        reason
                            .trim_end_matches('.')
                            .replace(" disponible", " libre")
                    ));
                }
            }
            _ => {}
        }
    }
    out
}

/// How well an offer fits, in words.
fn fit(score: i64) -> &'static str {
    if score >= 70 {
        "Très adaptée pour vous"
    } else if score >= 45 {
        "Adaptée pour vous"
    } else {
        "Peut vous intéresser"
    }
}

/// "Offre d'emploi · CDD · Roubaix", of an `OfferSummary`.
fn what(out: &mut String, o: &Value) {
    r(out, r#"<p class="small">"#);
    t(
        out,
        if has(o, "partner_name") {
            s(o, "partner_name")
        } else {
            "Mission Locale"
        },
    );
    if let Some(c) = ContractType::from_code(s(o, "contract_type")) {
        el(out, " · ", c.label(), "");
    } else if let Some(st) = ServiceType::from_code(s(o, "service_type")) {
        el(out, " · ", st.label(), "");
    } else if let Some(k) = OfferKind::from_code(s(o, "kind")) {
        el(out, " · ", k.label(), "");
    }
    if has(o, "commune_name") {
        el(out, " · ", s(o, "commune_name"), "");
    }
    r(out, "</p>");
}

/// "Du 12/01/2026 au 09/03/2026", of an `OfferSession`.
fn dates(x: &Value) -> String {
    if has(x, "ends_on") {
        format!("Du {} au {}", day(x, "starts_on"), day(x, "ends_on"))
    } else {
        format!("À partir du {}", day(x, "starts_on"))
    }
}

/// "3 places libres", "Complet", "" (no limit), of an `OfferSession`.
fn room(x: &Value) -> String {
    match f(x, "places_left").as_i64() {
        None => String::new(),
        Some(0) => "complet (liste d'attente)".to_owned(),
        Some(1) => "1 place libre".to_owned(),
        Some(k) => format!("{k} places libres"),
    }
}

impl Offers {
    fn offers_html(&self, out: &mut String, v: &Value) {
        r(
            out,
            r#"<p>Des offres choisies pour vous d'après votre dossier : ce que vous cherchez, où vous habitez, les places libres.</p><section><h2 id="offres-pour-vous" tabindex="-1">Offres pour vous</h2>"#,
        );
        let offers = list(v, "");
        if offers.is_empty() {
            r(
                out,
                "<p>Pas d'offre pour vous en ce moment. Parlez-en à votre conseiller ou conseillère.</p>",
            );
        }
        let open = self.open.get();
        let shown = self.shown.get().map(|id| id.to_string());
        r(out, r#"<ul class="cards-list">"#);
        for ranked in offers {
            let o = f(ranked, "offer");
            let score = f(ranked, "score");
            let id = s(o, "id");
            let title = s(o, "title");
            r(out, r#"<li class="card" tabindex="-1" id="offre-"#);
            t(out, id);
            el(out, r#""><h3>"#, title, "</h3>");
            what(out, o);
            el(out, "<p><strong>", fit(n(score, "score")), "</strong></p>");
            let why = reasons(score);
            if !why.is_empty() {
                r(out, r#"<ul class="list">"#);
                for w in &why {
                    el(out, "<li>", w, "</li>");
                }
                r(out, "</ul>");
            }
            let applied = ReferralStatus::from_code(s(ranked, "referral"));
            if let Some(status) = applied {
                let (class, label, _) = status_words(status.code());
                r(out, "<p>Votre candidature :");
                badge(out, class, label);
                r(out, "</p>");
            }
            let is_shown = shown.as_deref() == Some(id);
            if is_shown {
                self.detail_html(out, title);
            }
            let key = format!("postuler:{id}");
            if let Some(o) = open_as(&open, &key) {
                self.apply_html(out, &o, title);
            } else {
                el(
                    out,
                    r#"<div class="actions" role="group" aria-label=""#,
                    title,
                    r#"">"#,
                );
                r(
                    out,
                    r#"<button type="button" class="button button-secondary" data-action="detail" data-arg=""#,
                );
                t(out, id);
                r(out, r#"" aria-expanded=""#);
                r(out, if is_shown { "true" } else { "false" });
                r(out, r#"">"#);
                r(
                    out,
                    if is_shown {
                        "Masquer le détail"
                    } else {
                        "Voir le détail"
                    },
                );
                r(out, "</button>");
                if applied.is_none_or(ReferralStatus::is_final) {
                    btn(out, "button", "apply", id, "Je postule");
                }
                r(out, "</div>");
            }
            r(out, "</li>");
        }
        r(out, "</ul></section>");
    }

    /// The details of the offer shown.
    fn detail_html(&self, out: &mut String, title: &str) {
        r(out, r#"<div class="panel">"#);
        el(
            out,
            r#"<h4 class="visually-hidden">Détail : "#,
            title,
            "</h4>",
        );
        loaded(out, self.detail, &|out, d| {
            if d.is_null() {
                return;
            }
            para(out, s(d, "description"));
            let summary = f(d, "summary");
            let a = f(d, "address");
            let place = [s(a, "line"), s(a, "postcode"), s(a, "commune_name")]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            if f(summary, "remote").as_bool() == Some(true) {
                r(out, "<p><strong>Où :</strong> à distance</p>");
            } else if !place.is_empty() {
                el(out, "<p><strong>Où :</strong> ", &place, "</p>");
            }
            let job = f(d, "job");
            if !job.is_null() {
                r(out, "<p><strong>Le poste :</strong> ");
                t(
                    out,
                    ContractType::from_code(s(job, "contract_type"))
                        .map_or("", ContractType::label),
                );
                if has(job, "hours_per_week") {
                    r(out, ", ");
                    num(out, n(job, "hours_per_week"));
                    r(out, " h par semaine");
                }
                if has(job, "salary") {
                    el(out, ", ", s(job, "salary"), "");
                }
                if has(job, "starts_on") {
                    el(out, ", à partir du ", &day(job, "starts_on"), "");
                }
                r(out, "</p>");
            }
            if let Some(fees) = Fees::from_code(s(d, "fees")) {
                el(out, "<p><strong>Prix :</strong> ", fees.label(), "</p>");
            }
            if has(d, "how_to_apply") {
                el(
                    out,
                    "<p><strong>Comment ça se passe :</strong> ",
                    s(d, "how_to_apply"),
                    "</p>",
                );
            }
            let sessions = list(d, "sessions");
            if !sessions.is_empty() {
                r(
                    out,
                    r#"<p><strong>Les dates :</strong></p><ul class="list">"#,
                );
                for x in sessions {
                    let left = room(x);
                    r(out, "<li>");
                    t(out, &dates(x));
                    if !left.is_empty() {
                        el(out, " : ", &left, "");
                    }
                    r(out, "</li>");
                }
                r(out, "</ul>");
            }
        });
        r(out, "</div>");
    }

    /// The application form.
    fn apply_html(&self, out: &mut String, o: &Open, title: &str) {
        let form = Form {
            prefix: "postuler",
            values: &o.values,
            errors: &o.errors,
        };
        form.open(
            out,
            &o.key,
            &format!("Postuler : {title}"),
            &ui::label_in(&[
                ("session_id", "Les dates"),
                ("note", "Un mot pour vous présenter"),
            ]),
        );
        let d = self.detail.get().and_then(Result::ok).unwrap_or_default();
        let sessions = list(&d, "sessions");
        if !sessions.is_empty() {
            let labels: Vec<(String, String)> = sessions
                .iter()
                .map(|x| {
                    let left = room(x);
                    let text = if left.is_empty() {
                        dates(x)
                    } else {
                        format!("{} ({left})", dates(x))
                    };
                    (s(x, "id").to_owned(), text)
                })
                .collect();
            let options: Vec<(&str, &str)> = labels
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect();
            radios(
                out,
                "postuler-session_id",
                "session_id",
                "Quelles dates vous conviennent ?",
                &options,
                one(&o.values, "session_id"),
                o.errors.get("session_id"),
            );
        }
        form.area(
            out,
            "note",
            "Un mot pour vous présenter",
            "Pourquoi cette offre vous intéresse. Votre conseiller ou conseillère le lit avant de l'envoyer.",
            OPT,
        );
        form.close(out, "Envoyer ma candidature");
    }

    fn mine_html(&self, out: &mut String, v: &Value) {
        r(
            out,
            r#"<section><h2 id="mes-candidatures" tabindex="-1">Mes candidatures</h2>"#,
        );
        error_of(out, self.error);
        let mine = list(v, "");
        if mine.is_empty() {
            r(
                out,
                "<p>Vous n'avez pas encore de candidature. Quand une offre vous plaît, appuyez sur « Je postule ».</p>",
            );
        }
        let confirm = self.confirm.get();
        r(out, r#"<ul class="cards-list">"#);
        for x in mine {
            let id = s(x, "id");
            let title = s(x, "offer_title");
            r(out, r#"<li class="card" tabindex="-1" id="candidature-"#);
            t(out, id);
            el(out, r#""><h3>"#, title, "</h3>");
            r(out, r#"<p class="small">"#);
            t(
                out,
                if has(x, "partner_name") {
                    s(x, "partner_name")
                } else {
                    "Mission Locale"
                },
            );
            if has(x, "session_starts_on") {
                el(out, " · à partir du ", &day(x, "session_starts_on"), "");
            }
            r(out, "</p>");
            let (class, label, meaning) = status_words(s(x, "status"));
            r(out, "<p>");
            badge(out, class, label);
            r(out, "</p>");
            el(out, "<p>", meaning, "</p>");
            if let Some(reason) = RefusalReason::from_code(s(x, "refusal_reason")) {
                el(out, "<p>Raison : ", reason.label(), "</p>");
            }
            self.history_html(out, id, title);
            let may_withdraw = list(x, "next")
                .iter()
                .any(|c| c.as_str() == Some(ReferralStatus::Abandonnee.code()));
            if may_withdraw {
                if confirm.as_deref() == Some(id) {
                    r(
                        out,
                        r#"<div class="confirm" role="group" aria-labelledby="retrait-"#,
                    );
                    t(out, id);
                    r(out, r#""><p id="retrait-"#);
                    t(out, id);
                    el(
                        out,
                        r#"" tabindex="-1">Retirer votre candidature à « "#,
                        title,
                        " » ? L'organisme et votre conseiller ou conseillère seront prévenus.</p>",
                    );
                    r(out, r#"<div class="actions">"#);
                    btn(out, "button", "withdraw", id, "Oui, la retirer");
                    btn(out, "button button-secondary", "keep", id, "Non, la garder");
                    r(out, "</div></div>");
                } else {
                    btn(
                        out,
                        "button button-secondary",
                        "ask-withdraw",
                        id,
                        "Retirer ma candidature",
                    );
                }
            }
            r(out, "</li>");
        }
        r(out, "</ul></section>");
    }

    /// "Ce qui s'est passé" (read when asked: the list leaves the steps out), and the steps.
    fn history_html(&self, out: &mut String, id: &str, title: &str) {
        let shown = self.history.get().is_some_and(|h| h.to_string() == id);
        r(
            out,
            r#"<p><button type="button" class="button button-secondary" data-action="history" data-arg=""#,
        );
        t(out, id);
        r(out, r#"" aria-expanded=""#);
        r(out, if shown { "true" } else { "false" });
        el(
            out,
            r#"">Ce qui s'est passé<span class="visually-hidden"> : "#,
            title,
            "</span></button></p>",
        );
        if !shown {
            return;
        }
        loaded(out, self.steps, &|out, v| {
            r(out, r#"<ol class="timeline">"#);
            for step in list(v, "steps") {
                r(out, r#"<li class="change"><p>"#);
                t(out, &when_day(step, "at"));
                r(out, " : <strong>");
                t(out, status_words(s(step, "status")).1);
                r(out, "</strong>");
                match s(step, "side") {
                    "jeune" => r(out, " (par vous)"),
                    "partenaire" => r(out, " (par l'organisme)"),
                    _ => el(out, " (par ", s(step, "by_name"), ")"),
                }
                r(out, "</p></li>");
            }
            r(out, "</ol>");
        });
    }

    fn apply(&self, arg: &str, values: Values) {
        let Ok(offer) = arg.parse::<OfferId>() else {
            return;
        };
        let key = format!("postuler:{arg}");
        let d = answer(self.detail);
        let has_sessions = s(f(&d, "summary"), "id") == arg && !list(&d, "sessions").is_empty();
        let session_id = one(&values, "session_id").parse::<OfferSessionId>().ok();
        if has_sessions && session_id.is_none() {
            return reject(
                self.open,
                &key,
                values,
                Errors::field("session_id", "Choisissez les dates qui vous conviennent."),
            );
        }
        let body = NewReferral {
            offer_id: Some(offer),
            youth_id: None,
            session_id,
            note: text_in(&values, "note"),
            send: false,
        };
        let ctx = self.ctx;
        ctx.send_form(
            api::offers::create_referral_tree(ctx.session, &body),
            (self.open, key, values),
            self.reload,
            Box::new(|_| {
                (
                    "Candidature envoyée ! Votre conseiller ou conseillère va la regarder."
                        .to_owned(),
                    "mes-candidatures".to_owned(),
                )
            }),
        );
    }
}

impl Part for Offers {
    fn blocks(&self) -> usize {
        2
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        if block == 0 {
            loaded(&mut out, self.matches, &|o, v| self.offers_html(o, v));
        } else {
            loaded(&mut out, self.referrals, &|o, v| self.mine_html(o, v));
        }
        out
    }

    fn click(&self, action: &str, arg: &str, _ev: &web_sys::Event) {
        match action {
            "detail" => {
                let id = arg.parse::<OfferId>().ok();
                let same = self.shown.get_untracked() == id;
                self.shown.set(if same { None } else { id });
            }
            "apply" => {
                let id = arg.parse::<OfferId>().ok();
                if self.shown.get_untracked() != id {
                    self.shown.set(id);
                }
                self.error.set(None);
                self.open
                    .set(Some(Open::new(format!("postuler:{arg}"), Values::new())));
                focus_later("postuler-titre");
            }
            "cancel" => {
                let key = self.open.get_untracked().map(|o| o.key).unwrap_or_default();
                self.open.set(None);
                if let Some((_, id)) = key.split_once(':') {
                    focus_later(format!("offre-{id}"));
                }
            }
            "history" => {
                let id = arg.parse::<ReferralId>().ok();
                let same = self.history.get_untracked() == id;
                self.history.set(if same { None } else { id });
            }
            "ask-withdraw" => {
                self.confirm.set(Some(arg.to_owned()));
                focus_later(format!("retrait-{arg}"));
            }
            "keep" => {
                self.confirm.set(None);
                focus_later(format!("candidature-{arg}"));
            }
            "withdraw" => {
                let Ok(id) = arg.parse::<ReferralId>() else {
                    return;
                };
                self.confirm.set(None);
                let ctx = self.ctx;
                let body = ReferralMove {
                    status: Some(ReferralStatus::Abandonnee),
                    reason: None,
                    comment: None,
                };
                ctx.send(
                    api::offers::move_referral_tree(ctx.session, id, &body),
                    then(
                        ctx,
                        self.reload,
                        self.error,
                        "Votre candidature est retirée.".to_owned(),
                    ),
                );
                focus_later("mes-candidatures");
            }
            _ => {}
        }
    }

    fn submit(&self, form: &str, arg: &str, values: Values) {
        if form == "postuler" {
            self.apply(arg, values);
        }
    }
}
