//! `/conseiller/jeunes/:id/plan`: the action plan (A3, A14, B10, B11, D3, D6): objectives per
//! theme with deadlines, actions carried by the young person, the counsellor or a partner,
//! their comments, the validation of what the young person marked done, and the week-by-week
//! view.

use chrono::{Duration, NaiveDate};
use domain::accompaniment::{
    ActionCarrier, ActionStatus, ObjectiveStatus, Theme, check_period, monday_of,
};
use domain::dto::{ActionInput, NewActionComment, ObjectiveInput};
use leptos::prelude::*;
use serde_json::Value;

use super::json::{date, day, has, list, n, s, when, when_day};
use super::ui::{self, Form, OPT, PLAIN, REQ, badge, btn, el, num, para, r, t};
use super::{
    Ctx, Data, Open, Part, answer, contract_name, date_in, error_of, load, loaded, missing,
    open_as, prefix_of, reject, text_in, trimmed,
};
use crate::api;
use crate::format;
use crate::pages::counsellor::html::{Errors, Values, focus_later, one, put};

/// How many weeks the week view shows.
const WEEKS: u32 = 6;

const OBJECTIVE: &[(&str, &str)] = &[
    ("theme", "Thématique"),
    ("title", "Intitulé"),
    ("start_on", "Date de début"),
    ("deadline", "Échéance"),
    ("status", "Statut"),
    ("contract_id", "Dispositif"),
];

const ACTION: &[(&str, &str)] = &[
    ("title", "Intitulé"),
    ("details", "Détails"),
    ("theme", "Thématique"),
    ("objective_id", "Objectif"),
    ("carrier", "Qui la réalise"),
    ("partner_name", "Nom du partenaire"),
    ("start_on", "Date de début"),
    ("due_on", "Échéance"),
    ("status", "Statut"),
    ("contract_id", "Dispositif"),
];

#[derive(Clone, Copy)]
pub(super) struct PlanPart {
    ctx: Ctx,
    /// A `Plan`.
    plan: Data,
    /// The `Contract`s.
    contracts: Data,
    reload: RwSignal<u32>,
    /// The first week shown, in weeks from this one, plus 1000.
    from: RwSignal<u32>,
    /// A `PlanWeeks`.
    weeks: Data,
    /// The objective or action form.
    open: RwSignal<Option<Open>>,
    /// A comment being sent, with its errors.
    comment: RwSignal<Option<Open>>,
    error: RwSignal<Option<String>>,
}

/// The form's values of an `Objective` or a `PlanAction`.
fn values_of(v: &Value, names: &[(&str, &str)]) -> Values {
    let mut values = Values::new();
    for (name, _) in names {
        put(&mut values, *name, s(v, name));
    }
    values
}

/// The errors of the required fields and of the period `start`–`end`.
fn check(values: &Values, required: &[(&str, &str)], end: &str) -> Errors {
    let mut errors = missing(values, required);
    if let Some(e) = check_period(date_in(values, "start_on"), date_in(values, end), end) {
        errors.fields.push((e.field, e.message));
    }
    errors
}

fn objective_of(values: &Values) -> Result<ObjectiveInput, Errors> {
    let errors = check(
        values,
        &[
            ("theme", "Choisissez la thématique."),
            ("title", "Écrivez l'objectif en quelques mots."),
        ],
        "deadline",
    );
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ObjectiveInput {
        theme: Theme::from_code(one(values, "theme")),
        title: trimmed(values, "title"),
        start_on: date_in(values, "start_on"),
        deadline: date_in(values, "deadline"),
        status: ObjectiveStatus::from_code(one(values, "status")),
        contract_id: one(values, "contract_id").parse().ok(),
    })
}

fn action_of(values: &Values) -> Result<ActionInput, Errors> {
    let mut errors = check(
        values,
        &[
            ("title", "Écrivez l'action en quelques mots."),
            ("carrier", "Choisissez qui réalise l'action."),
        ],
        "due_on",
    );
    let carrier = ActionCarrier::from_code(one(values, "carrier"));
    let partner = carrier == Some(ActionCarrier::Partenaire);
    let partner_name = text_in(values, "partner_name").filter(|_| partner);
    if partner && partner_name.is_none() {
        errors.fields.push((
            "partner_name".to_owned(),
            "Indiquez le partenaire qui réalise l'action.".to_owned(),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ActionInput {
        objective_id: one(values, "objective_id").parse().ok(),
        contract_id: one(values, "contract_id").parse().ok(),
        theme: Theme::from_code(one(values, "theme")),
        title: trimmed(values, "title"),
        details: trimmed(values, "details"),
        carrier,
        partner_name,
        start_on: date_in(values, "start_on"),
        due_on: date_in(values, "due_on"),
        status: ActionStatus::from_code(one(values, "status")),
    })
}

/// "Depuis le 02/03/2026 · échéance le 30/03/2026" (or "sans échéance").
fn period(out: &mut String, v: &Value, end: &str) {
    r(out, "Depuis le ");
    r(out, &day(v, "start_on"));
    if has(v, end) {
        r(out, " · échéance le ");
        r(out, &day(v, end));
    } else {
        r(out, " · sans échéance");
    }
}

impl PlanPart {
    pub fn new(ctx: Ctx) -> Self {
        let reload = RwSignal::new(0u32);
        let from = RwSignal::new(1000u32);
        Self {
            ctx,
            plan: load(move || {
                reload.track();
                api::accompaniment::plan(ctx.session, ctx.id)
            }),
            contracts: load(move || {
                reload.track();
                api::accompaniment::contracts(ctx.session, ctx.id)
            }),
            reload,
            from,
            weeks: load(move || {
                reload.track();
                let weeks = i64::from(from.get()) - 1000;
                let first = monday_of(format::today()) + Duration::weeks(weeks);
                api::accompaniment::plan_weeks(ctx.session, ctx.id, first, WEEKS)
            }),
            open: RwSignal::new(None),
            comment: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    /// The contracts as drop-down choices.
    fn contract_options(&self) -> Vec<(String, String)> {
        self.contracts.with(|c| match c {
            Some(Ok(c)) => list(c, "")
                .iter()
                .map(|c| (s(c, "id").to_owned(), contract_name(c)))
                .collect(),
            _ => Vec::new(),
        })
    }

    fn send(&self, form: &str, arg: &str, values: Values) {
        let (ctx, open) = (self.ctx, self.open);
        let key = if arg.is_empty() {
            form.to_owned()
        } else {
            format!("{form}:{arg}")
        };
        let (session, youth) = (ctx.session, ctx.id);
        let request = if form == "objectif" {
            match (objective_of(&values), arg.parse()) {
                (Err(errors), _) => return reject(open, &key, values, errors),
                (Ok(body), Ok(id)) => {
                    api::accompaniment::update_objective(session, youth, id, &body)
                }
                (Ok(body), Err(_)) => api::accompaniment::create_objective(session, youth, &body),
            }
        } else {
            match (action_of(&values), arg.parse()) {
                (Err(errors), _) => return reject(open, &key, values, errors),
                (Ok(body), Ok(id)) => api::accompaniment::update_action(session, youth, id, &body),
                (Ok(body), Err(_)) => api::accompaniment::create_action(session, youth, &body),
            }
        };
        let objective = form == "objectif";
        ctx.send_form(
            request,
            (open, key, values),
            self.reload,
            Box::new(move |answer| {
                let what = if objective { "Objectif" } else { "Action" };
                (
                    format!(
                        "{what} enregistré{} : {}.",
                        if objective { "" } else { "e" },
                        s(answer, "title")
                    ),
                    if objective {
                        "plan-objectifs"
                    } else {
                        "plan-actions"
                    }
                    .to_owned(),
                )
            }),
        );
    }

    fn send_comment(&self, arg: &str, values: Values) {
        let key = format!("commentaire:{arg}");
        let body = NewActionComment {
            body: trimmed(&values, "body"),
        };
        if body.body.is_empty() {
            let errors = Errors::field("body", "Écrivez le commentaire.");
            return reject(self.comment, &key, values, errors);
        }
        let Ok(action) = arg.parse() else {
            return;
        };
        let focus = format!("action-{arg}");
        self.ctx.send_form(
            api::accompaniment::comment_action(self.ctx.session, self.ctx.id, action, &body),
            (self.comment, key, values),
            self.reload,
            Box::new(move |_| ("Commentaire ajouté.".to_owned(), focus)),
        );
    }

    fn validate(&self, arg: &str) {
        let Ok(action) = arg.parse() else {
            return;
        };
        let (ctx, reload, error) = (self.ctx, self.reload, self.error);
        error.set(None);
        let focus = format!("action-{arg}");
        ctx.send(
            api::accompaniment::validate_action(ctx.session, ctx.id, action),
            Box::new(move |result| match result {
                Ok(a) => {
                    reload.try_update(|r| *r += 1);
                    ctx.say(format!("Action validée : {}.", s(&a, "title")));
                    focus_later(focus);
                }
                Err(err) => {
                    error.try_set(Some(err.message()));
                    focus_later("plan-actions");
                }
            }),
        );
    }

    fn objective_form(&self, out: &mut String, o: &Open) {
        let form = Form {
            prefix: "objectif",
            values: &o.values,
            errors: &o.errors,
        };
        let contracts = self.contract_options();
        let contracts: Vec<(&str, &str)> = contracts
            .iter()
            .map(|(c, l)| (c.as_str(), l.as_str()))
            .collect();
        let title = if o.key.contains(':') {
            "Modifier l'objectif"
        } else {
            "Nouvel objectif"
        };
        form.open(out, &o.key, title, &ui::label_in(OBJECTIVE));
        let themes = ui::choices(Theme::ALL, Theme::code, Theme::label);
        form.select(out, "theme", "Thématique", "", REQ, &themes, "Choisissez");
        form.input(
            out,
            "text",
            "title",
            "Intitulé",
            "Ce que le jeune veut atteindre, en mots simples.",
            REQ,
        );
        form.input(
            out,
            "date",
            "start_on",
            "Date de début",
            "Aujourd'hui si vide.",
            OPT,
        );
        form.input(out, "date", "deadline", "Échéance", "", OPT);
        let statuses = ui::choices(
            &ObjectiveStatus::ALL[1..],
            ObjectiveStatus::code,
            ObjectiveStatus::label,
        );
        let first = ObjectiveStatus::EnCours.label();
        form.select(out, "status", "Statut", "", PLAIN, &statuses, first);
        form.select(
            out,
            "contract_id",
            "Dispositif",
            "",
            OPT,
            &contracts,
            "Aucun",
        );
        form.close(out, "Enregistrer");
    }

    fn action_form(&self, out: &mut String, o: &Open, plan: &Value) {
        let form = Form {
            prefix: "action",
            values: &o.values,
            errors: &o.errors,
        };
        let contracts = self.contract_options();
        let contracts: Vec<(&str, &str)> = contracts
            .iter()
            .map(|(c, l)| (c.as_str(), l.as_str()))
            .collect();
        let objectives: Vec<(&str, &str)> = list(plan, "objectives")
            .iter()
            .map(|o| (s(o, "id"), s(o, "title")))
            .collect();
        let title = if o.key.contains(':') {
            "Modifier l'action"
        } else {
            "Nouvelle action"
        };
        form.open(out, &o.key, title, &ui::label_in(ACTION));
        form.input(
            out,
            "text",
            "title",
            "Intitulé",
            "Ce qu'il faut faire, en mots simples : le jeune le lit dans son application.",
            REQ,
        );
        form.area(out, "details", "Détails", "", OPT);
        let themes = ui::choices(Theme::ALL, Theme::code, Theme::label);
        let hint = "Celle de l'objectif si vide.";
        form.select(out, "theme", "Thématique", hint, OPT, &themes, "Choisissez");
        form.select(
            out,
            "objective_id",
            "Objectif",
            "",
            OPT,
            &objectives,
            "Aucun",
        );
        let carriers = ui::choices(
            ActionCarrier::ALL,
            ActionCarrier::code,
            ActionCarrier::label,
        );
        form.select(
            out,
            "carrier",
            "Qui la réalise",
            "",
            REQ,
            &carriers,
            "Choisissez",
        );
        form.input(
            out,
            "text",
            "partner_name",
            "Nom du partenaire",
            "Seulement si un partenaire réalise l'action.",
            OPT,
        );
        form.input(
            out,
            "date",
            "start_on",
            "Date de début",
            "Aujourd'hui si vide.",
            OPT,
        );
        form.input(out, "date", "due_on", "Échéance", "", OPT);
        let statuses = ui::choices(
            &ActionStatus::ALL[1..],
            ActionStatus::code,
            ActionStatus::label,
        );
        let first = ActionStatus::AFaire.label();
        form.select(out, "status", "Statut", "", PLAIN, &statuses, first);
        form.select(
            out,
            "contract_id",
            "Dispositif",
            "",
            OPT,
            &contracts,
            "Aucun",
        );
        form.close(out, "Enregistrer");
    }

    fn objectives_html(&self, out: &mut String, plan: &Value) {
        let open = self.open.get();
        let may = self.ctx.may.plan;
        let contracts = self.contract_options();
        r(
            out,
            r#"<section><div class="section-head"><h2 id="plan-objectifs" tabindex="-1">Objectifs</h2>"#,
        );
        let adding = open_as(&open, "objectif");
        if may && adding.is_none() {
            btn(
                out,
                "button button-secondary",
                "new-objective",
                "",
                "Ajouter un objectif",
            );
        }
        r(out, "</div>");
        if let Some(o) = &adding {
            self.objective_form(out, o);
        }
        let objectives = list(plan, "objectives");
        if objectives.is_empty() {
            r(out, "<p>Aucun objectif pour l'instant.</p>");
        }
        for theme in Theme::ALL {
            let mut first = true;
            for o in objectives.iter().filter(|o| s(o, "theme") == theme.code()) {
                if first {
                    el(
                        out,
                        "<h3>",
                        theme.label(),
                        r#"</h3><ul class="cards-list">"#,
                    );
                    first = false;
                }
                let id = s(o, "id");
                r(out, r#"<li class="item">"#);
                if let Some(editing) = open_as(&open, &format!("objectif:{id}")) {
                    self.objective_form(out, &editing);
                } else {
                    el(out, "<p><strong>", s(o, "title"), "</strong>");
                    badge(
                        out,
                        "badge-neutral",
                        ObjectiveStatus::from_code(s(o, "status"))
                            .map_or("", ObjectiveStatus::label),
                    );
                    r(out, r#"</p><p class="small">"#);
                    period(out, o, "deadline");
                    if let Some((_, name)) =
                        contracts.iter().find(|(c, _)| c == s(o, "contract_id"))
                    {
                        el(out, " · ", name, "");
                    }
                    r(out, "</p>");
                    if may {
                        let text = format!("Modifier l'objectif « {} »", s(o, "title"));
                        btn(out, "link-button", "edit-objective", id, &text);
                    }
                }
                r(out, "</li>");
            }
            if !first {
                r(out, "</ul>");
            }
        }
        r(out, "</section>");
    }

    fn action_html(&self, out: &mut String, a: &Value, plan: &Value, today: NaiveDate) {
        let may = self.ctx.may;
        let id = s(a, "id");
        let status = ActionStatus::from_code(s(a, "status")).unwrap_or(ActionStatus::AFaire);
        let done_by_youth = has(a, "done_by_youth_at");
        let awaiting = done_by_youth && !has(a, "validated_at");
        r(out, r#"<li class="item"><h3 id="action-"#);
        r(out, id);
        el(out, r#"" tabindex="-1">"#, s(a, "title"), "</h3><p>");
        badge(out, "badge-neutral", status.label());
        if status.is_open() && date(a, "due_on").is_some_and(|d| d < today) {
            badge(out, "badge-late", "En retard");
        }
        if done_by_youth {
            let text = format!(
                "Faite selon le jeune le {}{}",
                when_day(a, "done_by_youth_at"),
                if awaiting { ", à valider" } else { "" }
            );
            badge(
                out,
                if awaiting {
                    "badge-info"
                } else {
                    "badge-youth"
                },
                &text,
            );
        }
        if has(a, "validated_at") {
            let text = format!(
                "Validée par {} le {}",
                s(a, "validated_by"),
                when_day(a, "validated_at")
            );
            badge(out, "badge-ok", &text);
        }
        r(out, r#"</p><dl class="facts"><dt>Qui la réalise</dt><dd>"#);
        let carrier = ActionCarrier::from_code(s(a, "carrier"));
        r(out, carrier.map_or("", ActionCarrier::label));
        if carrier == Some(ActionCarrier::Partenaire) && has(a, "partner_name") {
            el(out, " : ", s(a, "partner_name"), "");
        }
        r(out, "</dd><dt>Thématique</dt><dd>");
        r(
            out,
            Theme::from_code(s(a, "theme")).map_or("—", Theme::label),
        );
        r(out, "</dd><dt>Objectif</dt><dd>");
        let objective = list(plan, "objectives")
            .iter()
            .find(|o| has(a, "objective_id") && s(o, "id") == s(a, "objective_id"));
        t(out, objective.map_or("—", |o| s(o, "title")));
        r(out, "</dd><dt>Dates</dt><dd>");
        period(out, a, "due_on");
        r(out, "</dd></dl>");
        if !s(a, "details").is_empty() {
            para(out, s(a, "details"));
        }
        if may.plan {
            r(out, r#"<div class="actions">"#);
            if awaiting {
                btn(out, "button", "validate", id, "Valider");
            }
            let text = format!("Modifier l'action « {} »", s(a, "title"));
            btn(out, "button button-secondary", "edit-action", id, &text);
            r(out, "</div>");
        }
        let comments = list(a, "comments");
        r(out, "<h4>Commentaires (");
        num(out, comments.len() as i64);
        r(out, ")</h4>");
        if !comments.is_empty() {
            r(out, r#"<ul class="plain comments">"#);
            for c in comments {
                r(out, "<li>");
                para(out, s(c, "body"));
                el(out, r#"<p class="small">"#, s(c, "author_name"), "");
                if s(c, "origin") == "jeune" {
                    r(out, " (le jeune)");
                }
                r(out, " · ");
                r(out, &when(c, "created_at"));
                r(out, "</p></li>");
            }
            r(out, "</ul>");
        }
        if may.comment {
            let key = format!("commentaire:{id}");
            let o = open_as(&self.comment.get(), &key).unwrap_or_default();
            let prefix = format!("commentaire-{id}");
            let form = Form {
                prefix: &prefix,
                values: &o.values,
                errors: &o.errors,
            };
            r(out, r#"<form class="form" data-form=""#);
            r(out, &key);
            el(
                out,
                r#"" novalidate aria-label="Commenter : "#,
                s(a, "title"),
                r#"">"#,
            );
            ui::summary(out, &prefix, &o.errors, &|_| "Commentaire".to_owned());
            form.area(out, "body", "Commentaire", "", REQ);
            r(
                out,
                r#"<button type="submit" class="button button-secondary">Envoyer le commentaire</button></form>"#,
            );
        }
        r(out, "</li>");
    }

    fn actions_html(&self, out: &mut String, plan: &Value) {
        let open = self.open.get();
        r(
            out,
            r#"<section><div class="section-head"><h2 id="plan-actions" tabindex="-1">Actions</h2>"#,
        );
        let adding = open_as(&open, "action");
        if self.ctx.may.plan && adding.is_none() {
            btn(
                out,
                "button button-secondary",
                "new-action",
                "",
                "Ajouter une action",
            );
        }
        r(out, "</div>");
        error_of(out, self.error);
        let awaiting = n(plan, "awaiting_validation");
        if awaiting > 0 {
            r(out, r#"<div class="notice notice-warning"><p>"#);
            num(out, awaiting);
            r(
                out,
                if awaiting > 1 {
                    " actions marquées faites par le jeune attendent votre validation."
                } else {
                    " action marquée faite par le jeune attend votre validation."
                },
            );
            r(out, "</p></div>");
        }
        if let Some(o) = &adding {
            self.action_form(out, o, plan);
        }
        let actions = list(plan, "actions");
        if actions.is_empty() {
            r(out, "<p>Aucune action pour l'instant.</p>");
        }
        r(out, r#"<ul class="cards-list">"#);
        let today = format::today();
        for a in actions {
            match open_as(&open, &format!("action:{}", s(a, "id"))) {
                Some(o) => {
                    r(out, r#"<li class="item">"#);
                    self.action_form(out, &o, plan);
                    r(out, "</li>");
                }
                None => self.action_html(out, a, plan, today),
            }
        }
        r(out, "</ul></section>");
    }

    fn weeks_html(&self, out: &mut String) {
        r(
            out,
            r#"<section><h2 id="plan-semaines" tabindex="-1">Semaine par semaine</h2><p class="small">Les actions ouvertes par échéance, réparties entre le jeune, le conseiller ou la conseillère et les partenaires. Une action en retard apparaît dans la première semaine.</p><div class="actions">"#,
        );
        btn(
            out,
            "button button-secondary",
            "weeks",
            "-1",
            "Semaines précédentes",
        );
        btn(
            out,
            "button button-secondary",
            "weeks",
            "0",
            "Cette semaine",
        );
        btn(
            out,
            "button button-secondary",
            "weeks",
            "1",
            "Semaines suivantes",
        );
        r(out, "</div>");
        loaded(out, self.weeks, &|out, w| {
            for week in list(w, "weeks") {
                r(out, r#"<section class="week"><h3>"#);
                ui::week_title(out, week);
                r(out, r#"</h3><div class="week-cols">"#);
                for (label, key) in [
                    ("Jeune", "youth"),
                    ("Conseiller", "counsellor"),
                    ("Partenaire", "partner"),
                ] {
                    el(out, r#"<div class="week-col"><h4>"#, label, "</h4>");
                    let items = list(week, key);
                    if items.is_empty() {
                        r(out, r#"<p class="small">Rien de prévu.</p>"#);
                    }
                    r(out, r#"<ul class="plain">"#);
                    for item in items {
                        el(
                            out,
                            "<li><strong>",
                            s(item, "title"),
                            "</strong><br>Échéance le ",
                        );
                        r(out, &day(item, "due_on"));
                        r(out, " · ");
                        r(
                            out,
                            ActionStatus::from_code(s(item, "status"))
                                .map_or("", ActionStatus::label),
                        );
                        if item.get("overdue").and_then(Value::as_bool) == Some(true) {
                            badge(out, "badge-late", "En retard");
                        }
                        r(out, "</li>");
                    }
                    r(out, "</ul></div>");
                }
                r(out, "</div></section>");
            }
            let undated = n(w, "undated");
            if undated > 0 {
                r(out, "<p>Actions ouvertes sans échéance : ");
                num(out, undated);
                r(out, " (voir la liste des actions).</p>");
            }
        });
        r(out, "</section>");
    }
}

impl Part for PlanPart {
    fn blocks(&self) -> usize {
        3
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        match block {
            0 => loaded(&mut out, self.plan, &|out, p| self.objectives_html(out, p)),
            1 => self.plan.with(|p| {
                if let Some(Ok(p)) = p {
                    self.actions_html(&mut out, p);
                }
            }),
            _ => self.weeks_html(&mut out),
        }
        out
    }

    fn click(&self, action: &str, arg: &str, _ev: &web_sys::Event) {
        let find = |key: &str, names: &[(&str, &str)]| {
            let plan = answer(self.plan);
            list(&plan, key)
                .iter()
                .find(|x| s(x, "id") == arg)
                .map(|x| values_of(x, names))
        };
        let (key, values, focus) = match action {
            "new-objective" => ("objectif".to_owned(), Some(Values::new()), "objectif-titre"),
            "new-action" => {
                let mut values = Values::new();
                put(&mut values, "carrier", ActionCarrier::Jeune.code());
                ("action".to_owned(), Some(values), "action-titre")
            }
            "edit-objective" => (
                format!("objectif:{arg}"),
                find("objectives", OBJECTIVE),
                "objectif-titre",
            ),
            "edit-action" => (
                format!("action:{arg}"),
                find("actions", ACTION),
                "action-titre",
            ),
            "cancel" => {
                let key = self.open.get_untracked().map(|o| o.key).unwrap_or_default();
                self.open.set(None);
                focus_later(if prefix_of(&key) == "objectif" {
                    "plan-objectifs"
                } else {
                    "plan-actions"
                });
                return;
            }
            "validate" => return self.validate(arg),
            "weeks" => {
                self.from.update(|from| {
                    *from = match arg {
                        "-1" => *from - WEEKS,
                        "1" => *from + WEEKS,
                        _ => 1000,
                    }
                });
                return;
            }
            _ => return,
        };
        if let Some(values) = values {
            self.open.set(Some(Open::new(key, values)));
            focus_later(focus);
        }
    }

    fn submit(&self, form: &str, arg: &str, values: Values) {
        match form {
            "objectif" | "action" => self.send(form, arg, values),
            "commentaire" => self.send_comment(arg, values),
            _ => {}
        }
    }
}
