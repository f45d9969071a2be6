//! Markup shared by the pages of offers and referrals (issue 6), on every face: a referral's
//! status badge and its steps, a match score with its explanation, places left and waiting,
//! a partner's contacts.
//!
//! Written like the large staff pages (`pages::counsellor::accompaniment::ui`): each function
//! appends escaped HTML to a `String` drawn with `inner_html`, and reads the answers as JSON
//! trees by the field names of `domain::dto::offers` (`api::offers::*_tree`). The markup says
//! in words what colours show (badges carry their text), so colour is never the only cue.

use std::fmt::Write as _;

use domain::offers::{ReferralStatus, RefusalReason};
use serde_json::Value;

use crate::format;
use crate::pages::counsellor::accompaniment::json::{f, list, n, s, when};
use crate::pages::counsellor::accompaniment::ui::{badge, el, r, t};

/// The badge class of a referral status: neutral while nothing is decided, warning while the
/// partner is to answer or the young person waits, success once accepted, error when refused.
pub fn status_class(status: ReferralStatus) -> &'static str {
    match status {
        ReferralStatus::Proposee | ReferralStatus::Abandonnee => "badge-neutral",
        ReferralStatus::Envoyee | ReferralStatus::ListeAttente => "badge-info",
        ReferralStatus::Acceptee | ReferralStatus::EnCours | ReferralStatus::Terminee => "badge-ok",
        ReferralStatus::Refusee => "badge-late",
    }
}

/// A referral status code (`envoyee`) as a badge with its French label.
#[inline(never)]
pub fn referral_badge(out: &mut String, code: &str) {
    match ReferralStatus::from_code(code) {
        Some(status) => badge(out, status_class(status), status.label()),
        None => badge(out, "badge-neutral", code),
    }
}

/// The French verb of a move to `status`, for a button.
pub fn move_label(status: ReferralStatus) -> &'static str {
    match status {
        ReferralStatus::Proposee => "Proposer",
        ReferralStatus::Envoyee => "Envoyer au partenaire",
        ReferralStatus::ListeAttente => "Mettre en liste d'attente",
        ReferralStatus::Acceptee => "Accepter",
        ReferralStatus::Refusee => "Refuser",
        ReferralStatus::EnCours => "Démarrage : en cours",
        ReferralStatus::Terminee => "Terminer",
        ReferralStatus::Abandonnee => "Abandon",
    }
}

/// "3,2 km", "11 km".
pub fn km(distance: f64) -> String {
    let text = if distance < 10.0 {
        format!("{distance:.1}")
    } else {
        format!("{distance:.0}")
    };
    format!("{} km", text.replace('.', ","))
}

/// The French name of a part of the score (`themes`, `distance`, `room`).
fn part_label(part: &str) -> &str {
    match part {
        "themes" => "Thématiques",
        "distance" => "Distance",
        "room" => "Places",
        other => other,
    }
}

/// A `MatchScore`: the score out of 100 (or "Non éligible" with the conditions not met), the
/// distance, and the explanation line by line.
#[inline(never)]
pub fn score_html(out: &mut String, score: &Value) {
    r(out, r#"<div class="score"><p>"#);
    if f(score, "eligible").as_bool() == Some(true) {
        let _ = write!(out, "<strong>Score : {}/100</strong>", n(score, "score"));
    } else {
        badge(out, "badge-late", "Non éligible");
    }
    if let Some(d) = f(score, "distance_km").as_f64() {
        r(out, " · à ");
        r(out, &km(d));
    }
    r(out, "</p>");
    let unmet = list(score, "unmet");
    if !unmet.is_empty() {
        r(out, r#"<ul class="score-lines">"#);
        for u in unmet {
            el(out, "<li>", s(u, "message"), "</li>");
        }
        r(out, "</ul>");
    }
    let lines = list(score, "lines");
    if !lines.is_empty() {
        r(out, r#"<ul class="score-lines">"#);
        for line in lines {
            r(out, "<li>");
            t(out, part_label(s(line, "part")));
            let _ = write!(out, " : {}/{} — ", n(line, "points"), n(line, "out_of"));
            t(out, s(line, "reason"));
            r(out, "</li>");
        }
        r(out, "</ul>");
    }
    r(out, "</div>");
}

/// "3 places libres sur 12 · 2 en liste d'attente", "Sans limite de places", of an offer or
/// a session (`capacity`, `places_left`, `waiting`).
#[inline(never)]
pub fn places_html(out: &mut String, v: &Value) {
    match (f(v, "capacity").as_i64(), f(v, "places_left").as_i64()) {
        (Some(capacity), Some(left)) => {
            let plural = if left > 1 { "s" } else { "" };
            let _ = write!(out, "{left} place{plural} libre{plural} sur {capacity}");
        }
        _ => r(out, "Sans limite de places"),
    }
    let waiting = n(v, "waiting");
    if waiting > 0 {
        let _ = write!(out, " · {waiting} en liste d'attente");
    }
}

/// A referral's `steps`, oldest first: when, the status, who, the reason and comment.
#[inline(never)]
pub fn steps_html(out: &mut String, steps: &[Value]) {
    r(out, r#"<ol class="steps">"#);
    for step in steps {
        r(out, "<li>");
        r(out, &when(step, "at"));
        r(out, " · ");
        let status = s(step, "status");
        match ReferralStatus::from_code(status) {
            Some(known) => t(out, known.label()),
            None => t(out, status),
        }
        el(out, " · ", s(step, "by_name"), "");
        r(
            out,
            match s(step, "side") {
                "partenaire" => " (partenaire)",
                "jeune" => " (jeune)",
                _ => "",
            },
        );
        if let Some(reason) = RefusalReason::from_code(s(step, "reason")) {
            el(out, " · motif : ", reason.label(), "");
        }
        let comment = s(step, "comment");
        if !comment.is_empty() {
            el(out, r#"<br><span class="text">"#, comment, "</span>");
        }
        r(out, "</li>");
    }
    r(out, "</ol>");
}

/// A phone link: `tel:` with the stored international form, shown in the national form.
#[inline(never)]
pub fn phone_link(out: &mut String, phone: &str) {
    r(out, r#"<a href="tel:"#);
    t(out, phone);
    r(out, r#"">"#);
    t(out, &format::phone(phone));
    r(out, "</a>");
}

/// An e-mail link.
#[inline(never)]
pub fn email_link(out: &mut String, email: &str) {
    r(out, r#"<a href="mailto:"#);
    t(out, email);
    r(out, r#"">"#);
    t(out, email);
    r(out, "</a>");
}

/// A partner's `contacts` (`PartnerContact`s), each with their role, e-mail and phone as
/// links.
#[inline(never)]
pub fn contacts_html(out: &mut String, contacts: &[Value]) {
    r(out, r#"<ul class="plain contacts">"#);
    for c in contacts {
        el(out, "<li><strong>", s(c, "name"), "</strong>");
        let role = s(c, "role");
        if !role.is_empty() {
            el(out, ", ", role, "");
        }
        let email = s(c, "email");
        if !email.is_empty() {
            r(out, "<br>");
            email_link(out, email);
        }
        let phone = s(c, "phone");
        if !phone.is_empty() {
            r(out, "<br>");
            phone_link(out, phone);
        }
        r(out, "</li>");
    }
    r(out, "</ul>");
}
