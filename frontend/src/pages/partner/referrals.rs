//! `/partenaire/jeunes`: "Jeunes orientés", the young people the Mission Locale sent to the
//! organisation (C3), each with the least the partner needs (name, age, commune; phone and
//! e-mail once accepted), the steps so far, the answers the partner may give (`next`: accept,
//! waiting list, refuse with a reason, started, done, dropped; "Plus de place" suggests the
//! waiting list), and the exchange with the counsellor: messages and documents (C4).
//! `?offre={id}`: one offer's.

use std::sync::Arc;

use domain::dto::{NewReferralMessage, ReferralMove};
use domain::offers::{ReferralActor, ReferralStatus, RefusalReason};
use domain::{OfferId, ReferralId, ReferralMessageId};
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsValue;

use super::portal::{self, status_badge};
use crate::api::{self, ApiError};
use crate::format;
use crate::pages::counsellor::accompaniment::json::{day, f, has, list, n, s, when};
use crate::pages::counsellor::accompaniment::ui::{self, Form, OPT, REQ, btn, el, num, para, r, t};
use crate::pages::counsellor::accompaniment::{
    Ctx, Data, Open, Part, answer, load, loaded, mount, open_as, reject, text_in, trimmed,
};
use crate::pages::counsellor::html::{Errors, Values, focus_later, one};

/// Largest document accepted (the server's limit).
const MAX_DOCUMENT: f64 = 5.0 * 1024.0 * 1024.0;

/// The types of document accepted, by file extension.
const TYPES: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("png", "image/png"),
    ("txt", "text/plain"),
];

const LABELS: &[(&str, &str)] = &[
    ("reason", "Motif du refus"),
    ("comment", "Commentaire"),
    ("body", "Message"),
    ("document", "Document"),
];

/// Who wrote or moved: the side in words.
fn side(code: &str) -> &'static str {
    match code {
        "mission_locale" => "Mission Locale",
        "partenaire" => "partenaire",
        "jeune" => "jeune",
        _ => "",
    }
}

/// The button of a move.
fn action_label(status: ReferralStatus) -> &'static str {
    match status {
        ReferralStatus::Acceptee => "Accepter",
        ReferralStatus::ListeAttente => "Mettre sur liste d'attente",
        ReferralStatus::Refusee => "Refuser…",
        ReferralStatus::EnCours => "Parcours commencé",
        ReferralStatus::Terminee => "Parcours terminé",
        ReferralStatus::Abandonnee => "Abandon…",
        ReferralStatus::Proposee | ReferralStatus::Envoyee => "",
    }
}

/// "Léa Moreau, 20 ans".
fn youth_name(x: &Value) -> String {
    let y = f(x, "youth");
    format!("{} {}", s(y, "first_name"), s(y, "last_name"))
}

/// A `File` chosen in the input `id`, with its name, type and size.
fn chosen_file(id: &str) -> Option<(JsValue, String, String, f64)> {
    let input = document().get_element_by_id(id)?;
    let files = js_sys::Reflect::get(&input, &JsValue::from_str("files")).ok()?;
    let file = js_sys::Reflect::get_u32(&files, 0).ok()?;
    if file.is_undefined() || file.is_null() {
        return None;
    }
    let get = |key: &str| js_sys::Reflect::get(&file, &JsValue::from_str(key)).ok();
    let name = get("name")?.as_string().unwrap_or_default();
    let kind = get("type").and_then(|v| v.as_string()).unwrap_or_default();
    let size = get("size").and_then(|v| v.as_f64()).unwrap_or_default();
    Some((file, name, kind, size))
}

/// "12 Ko", "1,2 Mo".
fn size_text(bytes: i64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} Ko", (bytes + 1023) / 1024)
    } else {
        format!("{:.1} Mo", bytes as f64 / 1024.0 / 1024.0).replace('.', ",")
    }
}

#[derive(Clone, Copy)]
struct Referrals {
    ctx: Ctx,
    /// `Referral`s.
    data: Data,
    reload: RwSignal<u32>,
    /// Only those not over.
    active: RwSignal<bool>,
    offer: Option<OfferId>,
    /// A refusal (`refus:{id}`), a drop (`abandon:{id}`) or a message (`message:{id}`).
    open: RwSignal<Option<Open>>,
    /// An answer refused: (referral, message, no place left).
    failed: RwSignal<Option<(String, String, bool)>>,
    /// The referral whose steps are shown.
    history: RwSignal<Option<ReferralId>>,
    /// It, with its steps.
    steps: Data,
    /// The referral whose exchange is shown.
    exchange: RwSignal<Option<ReferralId>>,
    /// Its `ReferralMessage`s.
    messages: Data,
    messages_reload: RwSignal<u32>,
}

impl Referrals {
    fn intro_html(&self, out: &mut String) {
        if self.offer.is_some() {
            r(out, "<p>Les jeunes orientés sur ");
            let v = answer(self.data);
            match list(&v, "").first() {
                Some(x) => el(out, "l'offre « ", s(x, "offer_title"), " »"),
                None => r(out, "cette offre"),
            }
            r(
                out,
                r#". <a href="/partenaire/jeunes">Voir tous les jeunes orientés</a></p>"#,
            );
        } else {
            r(
                out,
                "<p>Les jeunes que la Mission Locale vous oriente. Répondez à chaque orientation : le conseiller ou la conseillère du jeune est prévenu·e. Les coordonnées du jeune s'affichent une fois l'orientation acceptée.</p>",
            );
        }
        let active = self.active.get();
        r(
            out,
            r#"<p><button type="button" class="button button-secondary" data-action="active" aria-pressed=""#,
        );
        r(out, if active { "false" } else { "true" });
        r(
            out,
            r#"">Afficher aussi les orientations terminées</button></p>"#,
        );
    }

    fn list_html(&self, out: &mut String, v: &Value) {
        let items = list(v, "");
        r(out, r#"<h2 id="orientations" tabindex="-1">"#);
        num(out, items.len() as i64);
        r(
            out,
            if items.len() > 1 {
                " orientations"
            } else {
                " orientation"
            },
        );
        r(
            out,
            if self.active.get() {
                " en cours</h2>"
            } else {
                "</h2>"
            },
        );
        if items.is_empty() {
            r(out, "<p>Aucun jeune orienté pour le moment.</p>");
        }
        r(out, r#"<ul class="cards-list">"#);
        let open = self.open.get();
        let failed = self.failed.get();
        for x in items {
            self.card_html(out, x, &open, failed.as_ref());
        }
        r(out, "</ul>");
    }

    fn card_html(
        &self,
        out: &mut String,
        x: &Value,
        open: &Option<Open>,
        failed: Option<&(String, String, bool)>,
    ) {
        let id = s(x, "id");
        let name = youth_name(x);
        let y = f(x, "youth");
        r(out, r#"<li class="card" tabindex="-1" id="orientation-"#);
        t(out, id);
        el(out, r#""><h3>"#, &name, "");
        r(out, ", ");
        num(out, n(y, "age"));
        r(out, " ans</h3><p>");
        status_badge(out, s(x, "status"));
        el(out, " Reçue le ", &day_of(x), "</p>");
        r(out, r#"<dl class="facts">"#);
        let mut offer = s(x, "offer_title").to_owned();
        if has(x, "session_starts_on") {
            offer.push_str(&format!(", session du {}", day(x, "session_starts_on")));
        }
        fact(out, "Offre", &offer);
        fact(out, "Commune", s(y, "commune_name"));
        let phone = s(y, "phone");
        if !phone.is_empty() {
            fact(out, "Téléphone", &format::phone(phone));
        }
        fact(out, "E-mail", s(y, "email"));
        fact(out, "Conseiller ou conseillère", s(x, "counsellor_name"));
        if let Some(reason) = RefusalReason::from_code(s(x, "refusal_reason")) {
            fact(out, "Motif du refus", reason.label());
        }
        r(out, "</dl>");
        if has(x, "note") {
            r(out, "<p><strong>Pourquoi cette orientation :</strong></p>");
            para(out, s(x, "note"));
        }
        if phone.is_empty() && !has(y, "email") {
            r(
                out,
                r#"<p class="small">Ses coordonnées s'affichent une fois l'orientation acceptée.</p>"#,
            );
        }
        self.history_html(out, id, &name);
        if let Some((_, message, full)) = failed.filter(|(f, ..)| f == id) {
            ui::error(out, message);
            if *full {
                r(
                    out,
                    "<p>Vous pouvez le ou la mettre sur liste d'attente : la prochaine place libérée sera pour lui ou pour elle.</p>",
                );
            }
        }
        let next: Vec<ReferralStatus> = list(x, "next")
            .iter()
            .filter_map(|c| c.as_str().and_then(ReferralStatus::from_code))
            .collect();
        let refusing = open_as(open, &format!("refus:{id}"));
        let dropping = open_as(open, &format!("abandon:{id}"));
        if let Some(o) = refusing {
            refusal_form(out, &o, &name);
        } else if let Some(o) = dropping {
            drop_form(out, &o, &name);
        } else if !next.is_empty() {
            el(
                out,
                r#"<div class="actions" role="group" aria-label="Répondre : "#,
                &name,
                r#"">"#,
            );
            let order = |s: &ReferralStatus| match s {
                ReferralStatus::Acceptee => 0,
                ReferralStatus::EnCours | ReferralStatus::Terminee => 1,
                ReferralStatus::ListeAttente => 2,
                _ => 3,
            };
            let mut next = next;
            next.sort_by_key(order);
            for status in next {
                let (action, class) = match status {
                    ReferralStatus::Refusee => ("refuse", "button button-secondary"),
                    ReferralStatus::Abandonnee => ("drop", "button button-secondary"),
                    ReferralStatus::ListeAttente => ("move", "button button-secondary"),
                    _ => ("move", "button"),
                };
                let arg = format!("{id}:{}", status.code());
                if status == ReferralStatus::ListeAttente {
                    r(out, r#"<button type="button" id="attente-"#);
                    t(out, id);
                    r(out, r#"" class=""#);
                    r(out, class);
                    r(out, r#"" data-action="move" data-arg=""#);
                    t(out, &arg);
                    el(out, r#"">"#, action_label(status), "</button>");
                } else {
                    btn(out, class, action, &arg, action_label(status));
                }
            }
            r(out, "</div>");
        }
        self.exchange_html(out, x, &name, open);
        r(out, "</li>");
    }

    /// "Historique" (read when asked: the list leaves the steps out), and the steps.
    fn history_html(&self, out: &mut String, id: &str, name: &str) {
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
            r#"">Historique<span class="visually-hidden"> : "#,
            name,
            "</span></button></p>",
        );
        if !shown {
            return;
        }
        loaded(out, self.steps, &|out, v| {
            r(out, r#"<ol class="timeline">"#);
            for step in list(v, "steps") {
                r(out, r#"<li class="change"><p><strong>"#);
                t(
                    out,
                    ReferralStatus::from_code(s(step, "status")).map_or("", ReferralStatus::label),
                );
                el(out, "</strong> — ", &when(step, "at"), "");
                el(out, ", par ", s(step, "by_name"), "");
                let who = side(s(step, "side"));
                if !who.is_empty() {
                    el(out, " (", who, ")");
                }
                r(out, "</p>");
                if let Some(reason) = RefusalReason::from_code(s(step, "reason")) {
                    el(out, "<p>Motif : ", reason.label(), "</p>");
                }
                if has(step, "comment") {
                    para(out, s(step, "comment"));
                }
                r(out, "</li>");
            }
            r(out, "</ol>");
        });
    }

    fn exchange_html(&self, out: &mut String, x: &Value, name: &str, open: &Option<Open>) {
        let id = s(x, "id");
        let shown = self.exchange.get().is_some_and(|e| e.to_string() == id);
        r(
            out,
            r#"<p><button type="button" class="button button-secondary" data-action="exchange" data-arg=""#,
        );
        t(out, id);
        r(out, r#"" aria-expanded=""#);
        r(out, if shown { "true" } else { "false" });
        el(
            out,
            r#"">Échanges avec la Mission Locale<span class="visually-hidden"> : "#,
            name,
            "</span></button></p>",
        );
        if !shown {
            return;
        }
        r(out, r#"<section class="panel" aria-labelledby="echanges-"#);
        t(out, id);
        r(out, r#""><h4 id="echanges-"#);
        t(out, id);
        r(
            out,
            r#"" tabindex="-1">Échanges avec la Mission Locale</h4>"#,
        );
        loaded(out, self.messages, &|out, v| {
            let messages = list(v, "");
            if messages.is_empty() {
                r(out, "<p>Aucun message pour le moment.</p>");
            }
            r(out, r#"<ol class="comments">"#);
            for m in messages {
                el(out, "<li><p><strong>", s(m, "author_name"), "</strong>");
                let who = side(s(m, "side"));
                if !who.is_empty() {
                    el(out, " (", who, ")");
                }
                el(out, " — ", &when(m, "at"), "</p>");
                if !s(m, "body").is_empty() {
                    para(out, s(m, "body"));
                }
                let doc = f(m, "document");
                if !doc.is_null() {
                    r(out, "<p>");
                    let arg = format!("{id}:{}", s(m, "id"));
                    let text = format!(
                        "Télécharger {} ({})",
                        s(doc, "name"),
                        size_text(n(doc, "size"))
                    );
                    btn(out, "button button-secondary", "document", &arg, &text);
                    r(out, "</p>");
                }
                r(out, "</li>");
            }
            r(out, "</ol>");
        });
        let key = format!("message:{id}");
        let o = open_as(open, &key).unwrap_or_else(|| Open::new(key.clone(), Values::new()));
        let prefix = key.replace(':', "-");
        let form = Form {
            prefix: &prefix,
            values: &o.values,
            errors: &o.errors,
        };
        form.open(
            out,
            &key,
            &format!("Écrire au conseiller ou à la conseillère de {name}"),
            &ui::label_in(LABELS),
        );
        form.area(out, "body", "Message", "", OPT);
        let file_id = format!("{prefix}-document");
        let error = o.errors.get("document");
        r(out, r#"<div class="field"#);
        if error.is_some() {
            r(out, " field-invalid");
        }
        r(out, r#""><label for=""#);
        t(out, &file_id);
        r(
            out,
            r#"">Joindre un document<span class="optional"> (facultatif)</span></label><p class="hint" id=""#,
        );
        t(out, &file_id);
        r(
            out,
            r#"-aide">PDF, JPEG, PNG ou texte, 5 Mo au plus.</p><input type="file" name="document" accept=".pdf,.jpg,.jpeg,.png,.txt,application/pdf,image/jpeg,image/png,text/plain" id=""#,
        );
        t(out, &file_id);
        r(out, r#"" aria-describedby=""#);
        t(out, &file_id);
        r(out, "-aide");
        if error.is_some() {
            r(out, " ");
            t(out, &file_id);
            r(out, "-erreur");
        }
        r(out, r#"" aria-invalid=""#);
        r(out, if error.is_some() { "true" } else { "false" });
        r(out, r#"">"#);
        if let Some(m) = error {
            r(out, r#"<p class="field-error" id=""#);
            t(out, &file_id);
            el(out, r#"-erreur">"#, m, "</p>");
        }
        r(
            out,
            r#"</div><div class="actions"><button type="submit" class="button">Envoyer</button></div></form></section>"#,
        );
    }

    fn move_to(&self, arg: &str, reason: Option<RefusalReason>, comment: Option<String>) {
        let (id, code) = arg.split_once(':').unwrap_or_default();
        let (Ok(rid), Some(status)) = (id.parse::<ReferralId>(), ReferralStatus::from_code(code))
        else {
            return;
        };
        let v = answer(self.data);
        let Some(x) = list(&v, "").iter().find(|x| s(x, "id") == id) else {
            return;
        };
        let name = youth_name(x);
        let id = id.to_owned();
        let full = list(x, "next")
            .iter()
            .any(|c| c.as_str() == Some(ReferralStatus::ListeAttente.code()));
        let body = ReferralMove {
            status: Some(status),
            reason,
            comment,
        };
        let (ctx, reload, failed, open) = (self.ctx, self.reload, self.failed, self.open);
        failed.set(None);
        ctx.send(
            api::offers::move_referral_tree(ctx.session, rid, &body),
            Box::new(move |result| match result {
                Ok(_) => {
                    open.try_set(None);
                    reload.try_update(|n| *n += 1);
                    ctx.say(format!("{name} : {}.", status.label()));
                    focus_later(format!("orientation-{id}"));
                }
                Err(err) => {
                    let conflict = matches!(err, ApiError::Http { status: 409, .. });
                    let key = open.get_untracked().map(|o| o.key).unwrap_or_default();
                    if key.is_empty() || conflict {
                        open.try_set(None);
                        failed.try_set(Some((id.clone(), err.message(), conflict && full)));
                        focus_later(if conflict && full {
                            format!("attente-{id}")
                        } else {
                            format!("orientation-{id}")
                        });
                    } else {
                        let values = open.get_untracked().map(|o| o.values).unwrap_or_default();
                        reject(open, &key, values, Errors::of(&err));
                    }
                }
            }),
        );
    }

    fn send_message(&self, id: &str, values: Values) {
        let Ok(rid) = id.parse::<ReferralId>() else {
            return;
        };
        let key = format!("message:{id}");
        let prefix = key.replace(':', "-");
        let body = trimmed(&values, "body");
        let file = chosen_file(&format!("{prefix}-document"));
        let request = match file {
            Some((file, name, kind, size)) => {
                let extension = name
                    .rsplit_once('.')
                    .map(|(_, e)| e.to_lowercase())
                    .unwrap_or_default();
                let kind = TYPES
                    .iter()
                    .find(|(e, t)| *e == extension || *t == kind)
                    .map(|(_, t)| (*t).to_owned());
                let problem = match kind {
                    None => {
                        Some("Ce type de document n'est pas accepté : PDF, JPEG, PNG ou texte.")
                    }
                    Some(_) if size > MAX_DOCUMENT => Some(
                        "Ce document dépasse 5 Mo : réduisez-le ou envoyez-le en plusieurs parties.",
                    ),
                    Some(_) if size <= 0.0 => Some("Ce document est vide."),
                    _ => None,
                };
                if let Some(problem) = problem {
                    return reject(self.open, &key, values, Errors::field("document", problem));
                }
                api::offers::upload_document(
                    self.ctx.session,
                    rid,
                    name,
                    (!body.is_empty()).then_some(body),
                    kind.unwrap_or_default(),
                    file,
                )
            }
            None if body.is_empty() => {
                return reject(
                    self.open,
                    &key,
                    values,
                    Errors::field("body", "Écrivez un message ou joignez un document."),
                );
            }
            None => {
                api::offers::post_message_tree(self.ctx.session, rid, &NewReferralMessage { body })
            }
        };
        let (ctx, open, messages_reload) = (self.ctx, self.open, self.messages_reload);
        let focus = format!("echanges-{id}");
        ctx.send(
            request,
            Box::new(move |result| match result {
                Ok(_) => {
                    open.try_set(None);
                    messages_reload.try_update(|n| *n += 1);
                    ctx.say("Message envoyé à la Mission Locale.");
                    focus_later(focus);
                }
                Err(ApiError::Http { status: 413, .. }) => reject(
                    open,
                    &key,
                    values,
                    Errors::field(
                        "document",
                        "Ce document est trop lourd pour être envoyé : réduisez-le (5 Mo au plus).",
                    ),
                ),
                Err(err) => reject(open, &key, values, Errors::of(&err)),
            }),
        );
    }

    fn download(&self, arg: &str) {
        let (id, message) = arg.split_once(':').unwrap_or_default();
        let (Ok(rid), Ok(mid)) = (
            id.parse::<ReferralId>(),
            message.parse::<ReferralMessageId>(),
        ) else {
            return;
        };
        let v = answer(self.messages);
        let Some(doc) = list(&v, "")
            .iter()
            .find(|m| s(m, "id") == message)
            .map(|m| f(m, "document").clone())
        else {
            return;
        };
        let (name, kind) = (
            s(&doc, "name").to_owned(),
            s(&doc, "content_type").to_owned(),
        );
        let (ctx, failed, id) = (self.ctx, self.failed, id.to_owned());
        ctx.run(async move {
            let saved = match api::offers::document_bytes(ctx.session, rid, mid).await {
                Ok(bytes) => crate::components::download::save_file(&bytes, &kind, &name)
                    .map_err(|_| "Le fichier n'a pas pu être enregistré.".to_owned()),
                Err(e) => Err(e.message()),
            };
            match saved {
                Ok(()) => ctx.say(format!("Document téléchargé : {name}.")),
                Err(m) => {
                    failed.try_set(Some((id, m, false)));
                }
            }
        });
    }
}

/// The day a referral was sent (its first step at the partner's), "" if unknown.
fn day_of(x: &Value) -> String {
    list(x, "steps")
        .iter()
        .find(|st| s(st, "status") == ReferralStatus::Envoyee.code())
        .map_or_else(
            || crate::pages::counsellor::accompaniment::json::when_day(x, "created_at"),
            |st| crate::pages::counsellor::accompaniment::json::when_day(st, "at"),
        )
}

/// A `<dt>`/`<dd>` pair, when there is something to say.
fn fact(out: &mut String, term: &str, text: &str) {
    if !text.trim().is_empty() {
        el(out, "<dt>", term, "</dt>");
        el(out, "<dd>", text, "</dd>");
    }
}

fn refusal_form(out: &mut String, o: &Open, name: &str) {
    let form = Form {
        prefix: "refus",
        values: &o.values,
        errors: &o.errors,
    };
    form.open(
        out,
        &o.key,
        &format!("Refuser l'orientation de {name}"),
        &ui::label_in(LABELS),
    );
    let reasons = ui::choices(
        RefusalReason::ALL,
        RefusalReason::code,
        RefusalReason::label,
    );
    form.select(
        out,
        "reason",
        "Motif du refus",
        "",
        REQ,
        &reasons,
        "Choisissez le motif",
    );
    form.area(
        out,
        "comment",
        "Commentaire",
        "Pour le conseiller ou la conseillère : ce qui a manqué, ce qui pourrait convenir.",
        OPT,
    );
    form.close(out, "Confirmer le refus");
}

fn drop_form(out: &mut String, o: &Open, name: &str) {
    let form = Form {
        prefix: "abandon",
        values: &o.values,
        errors: &o.errors,
    };
    form.open(
        out,
        &o.key,
        &format!("Signaler l'abandon de {name}"),
        &ui::label_in(LABELS),
    );
    form.area(
        out,
        "comment",
        "Commentaire",
        "Ce qui s'est passé, si vous le savez.",
        OPT,
    );
    form.close(out, "Confirmer l'abandon");
}

impl Part for Referrals {
    fn blocks(&self) -> usize {
        2
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        if block == 0 {
            self.intro_html(&mut out);
        } else {
            loaded(&mut out, self.data, &|o, v| self.list_html(o, v));
        }
        out
    }

    fn click(&self, action: &str, arg: &str, _ev: &web_sys::Event) {
        match action {
            "active" => {
                self.active.update(|a| *a = !*a);
            }
            "move" => self.move_to(arg, None, None),
            "refuse" | "drop" => {
                let id = arg.split(':').next().unwrap_or_default();
                let prefix = if action == "refuse" {
                    "refus"
                } else {
                    "abandon"
                };
                self.failed.set(None);
                self.open
                    .set(Some(Open::new(format!("{prefix}:{id}"), Values::new())));
                focus_later(format!("{prefix}-titre"));
            }
            "cancel" => {
                let key = self.open.get_untracked().map(|o| o.key).unwrap_or_default();
                self.open.set(None);
                if let Some((_, id)) = key.split_once(':') {
                    focus_later(format!("orientation-{id}"));
                }
            }
            "exchange" => {
                let id = arg.parse::<ReferralId>().ok();
                let same = self.exchange.get_untracked() == id;
                self.exchange.set(if same { None } else { id });
                if !same {
                    focus_later(format!("echanges-{arg}"));
                }
            }
            "document" => self.download(arg),
            "history" => {
                let id = arg.parse::<ReferralId>().ok();
                let same = self.history.get_untracked() == id;
                self.history.set(if same { None } else { id });
            }
            _ => {}
        }
    }

    fn submit(&self, form: &str, arg: &str, values: Values) {
        match form {
            "refus" => {
                let reason = RefusalReason::from_code(one(&values, "reason"));
                let v = answer(self.data);
                let current = list(&v, "")
                    .iter()
                    .find(|x| s(x, "id") == arg)
                    .and_then(|x| ReferralStatus::from_code(s(x, "status")));
                if let Some(current) = current
                    && let Err(e) =
                        current.check_move(ReferralStatus::Refusee, ReferralActor::Partner, reason)
                {
                    let key = format!("refus:{arg}");
                    return reject(self.open, &key, values, Errors::field(&e.field, &e.message));
                }
                self.open
                    .set(Some(Open::new(format!("refus:{arg}"), values.clone())));
                self.move_to(
                    &format!("{arg}:{}", ReferralStatus::Refusee.code()),
                    reason,
                    text_in(&values, "comment"),
                );
            }
            "abandon" => {
                self.open
                    .set(Some(Open::new(format!("abandon:{arg}"), values.clone())));
                self.move_to(
                    &format!("{arg}:{}", ReferralStatus::Abandonnee.code()),
                    None,
                    text_in(&values, "comment"),
                );
            }
            "message" => self.send_message(arg, values),
            _ => {}
        }
    }
}

/// `/partenaire/jeunes` (`offer`: one offer's).
pub(super) fn page(offer: Option<OfferId>) -> AnyView {
    let ctx = portal::ctx();
    let session = ctx.session;
    let reload = RwSignal::new(0u32);
    let active = RwSignal::new(true);
    let data = load(move || {
        reload.track();
        api::offers::referrals_tree(session, offer, active.get())
    });
    let exchange = RwSignal::new(None::<ReferralId>);
    let messages_reload = RwSignal::new(0u32);
    // Emptied while another referral's exchange loads.
    let messages = crate::pages::counsellor::html::fetch(true, move || {
        messages_reload.track();
        match exchange.get() {
            Some(id) => api::offers::messages_tree(session, id),
            None => Box::pin(async { Ok(Value::Null) }),
        }
    });
    let history = RwSignal::new(None::<ReferralId>);
    let steps = crate::pages::counsellor::html::fetch(true, move || {
        reload.track();
        match history.get() {
            Some(id) => api::offers::referral_tree(session, id),
            None => Box::pin(async { Ok(Value::Null) }),
        }
    });
    let part = Referrals {
        ctx,
        data,
        reload,
        history,
        steps,
        active,
        offer,
        open: RwSignal::new(None),
        failed: RwSignal::new(None),
        exchange,
        messages,
        messages_reload,
    };
    mount(
        "Jeunes orientés".to_owned().into(),
        String::new(),
        Arc::new(part),
        ctx.announce,
    )
}
