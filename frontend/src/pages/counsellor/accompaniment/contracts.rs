//! `/conseiller/jeunes/:id/dispositifs`: CEJ and PACEA eligibility (A17, A18), the start of a
//! contract (a manager may override a failed required criterion in writing), and the contracts:
//! extensions with reasons up to the cap, end with its reason, PACEA phases and their
//! evaluation, the CEJ review in PDF (B15).

use domain::accompaniment::{ExitReason, PhaseKind, Scheme, check_reason};
use domain::dto::{EndContract, ExtendContract, NewContract, NewPhase, PhaseEvaluation};
use domain::{ContractId, PhaseId};
use leptos::prelude::*;
use serde_json::Value;

use super::json::{day, f, has, list, s, when_day};
use super::ui::{self, Form, OPT, REQ, badge, btn, el, para, r, t};
use super::{
    Ctx, Data, Open, Part, answer, contract_name, date_in, error_of, load, loaded, missing,
    open_as, reject, scheme_short, text_in, trimmed,
};
use crate::api;
use crate::format;
use crate::pages::counsellor::html::{Values, focus_later, one, put};

const LABELS: &[(&str, &str)] = &[
    ("scheme", "Dispositif"),
    ("started_on", "Date de début"),
    ("planned_end", "Fin prévue"),
    ("override_reason", "Motif de la dérogation"),
    ("new_end", "Nouvelle fin prévue"),
    ("reason", "Motif de la prolongation"),
    ("ended_on", "Date de fin"),
    ("exit_reason", "Motif de sortie"),
    ("comment", "Commentaire"),
    ("kind", "Type de phase"),
    ("objectives", "Objectifs de la phase"),
    ("evaluation", "Évaluation"),
    ("objectives_met", "Objectifs atteints"),
];

#[derive(Clone, Copy)]
pub(super) struct Contracts {
    ctx: Ctx,
    /// An `EligibilityReport`.
    report: Data,
    /// The `Contract`s, newest first.
    contracts: Data,
    reload: RwSignal<u32>,
    open: RwSignal<Option<Open>>,
    error: RwSignal<Option<String>>,
}

fn yes(v: &Value, key: &str) -> bool {
    f(v, key).as_bool() == Some(true)
}

/// The required criteria a `SchemeEligibility` fails, in one sentence.
fn failed(e: &Value) -> String {
    list(e, "criteria")
        .iter()
        .filter(|c| yes(c, "required") && !yes(c, "met"))
        .map(|c| format!("{} ({})", s(c, "label"), s(c, "reason")))
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// The form of `o`, titled `title`.
fn form<'a>(out: &mut String, o: &'a Open, title: &str) -> Form<'a> {
    let form = Form {
        prefix: super::prefix_of(&o.key),
        values: &o.values,
        errors: &o.errors,
    };
    form.open(out, &o.key, title, &ui::label_in(LABELS));
    form
}

impl Contracts {
    pub fn new(ctx: Ctx) -> Self {
        let reload = RwSignal::new(0u32);
        Self {
            ctx,
            report: load(move || {
                reload.track();
                api::accompaniment::eligibility(ctx.session, ctx.id)
            }),
            contracts: load(move || {
                reload.track();
                api::accompaniment::contracts(ctx.session, ctx.id)
            }),
            reload,
            open: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    fn eligibility_html(&self, out: &mut String, report: &Value) {
        let open = self.open.get();
        let may = self.ctx.may;
        r(
            out,
            r#"<section><h2 id="eligibilite" tabindex="-1">Éligibilité au "#,
        );
        r(out, &day(report, "on"));
        r(
            out,
            r#"</h2><p class="small">Calculée à partir du dossier. Les critères obligatoires bloquent le démarrage ; les autres sont des points à vérifier avec le jeune.</p>"#,
        );
        for e in list(report, "schemes") {
            let Some(scheme) = Scheme::from_code(s(e, "scheme")) else {
                continue;
            };
            let (code, short, eligible) = (scheme.code(), scheme_short(scheme), yes(e, "eligible"));
            el(
                out,
                r#"<section class="card"><h3>"#,
                scheme.label(),
                "</h3><p>",
            );
            if eligible {
                badge(out, "badge-ok", "Éligible");
            } else {
                badge(out, "badge-late", "Non éligible");
            }
            r(out, r#"</p><ul class="plain criteria">"#);
            for c in list(e, "criteria") {
                r(
                    out,
                    if yes(c, "met") {
                        r#"<li><p><span aria-hidden="true">✓</span> <strong>Rempli</strong> — "#
                    } else {
                        r#"<li><p><span aria-hidden="true">✗</span> <strong>Non rempli</strong> — "#
                    },
                );
                t(out, s(c, "label"));
                if yes(c, "required") {
                    badge(out, "badge-neutral", "Obligatoire");
                } else {
                    badge(out, "badge-info", "À vérifier");
                }
                el(out, r#"</p><p class="small">"#, s(c, "reason"), "</p></li>");
            }
            r(out, "</ul>");
            let start = format!("Démarrer un {short}");
            if !may.contracts {
            } else if let Some(o) = open_as(&open, &format!("start:{code}")) {
                let form = form(out, &o, &start);
                form.input(
                    out,
                    "date",
                    "started_on",
                    "Date de début",
                    "Le jour de la signature.",
                    REQ,
                );
                if scheme == Scheme::Pacea {
                    let hint = "12 mois après le début si vide ; 24 mois au plus.";
                    form.input(out, "date", "planned_end", "Fin prévue", hint, OPT);
                } else {
                    r(
                        out,
                        r#"<p class="small">La fin prévue d'un CEJ est fixée à 12 mois ; il peut ensuite être prolongé jusqu'à 18 mois.</p>"#,
                    );
                }
                if !eligible {
                    let hint = format!(
                        "Obligatoire : {}. Expliquez pourquoi le contrat démarre quand même.",
                        failed(e)
                    );
                    form.area(out, "override_reason", "Motif de la dérogation", &hint, REQ);
                }
                form.close(out, "Enregistrer");
            } else if eligible || may.override_eligibility {
                if !eligible {
                    el(
                        out,
                        "<p>Un critère obligatoire n'est pas rempli : ",
                        &failed(e),
                        ". En tant que manager, vous pouvez démarrer le contrat avec une dérogation écrite.</p>",
                    );
                }
                btn(out, "button", "start", code, &start);
            } else {
                r(
                    out,
                    r#"<button type="button" class="button" disabled aria-describedby="pourquoi-"#,
                );
                r(out, code);
                el(
                    out,
                    r#"">"#,
                    &start,
                    r#"</button><p class="small" id="pourquoi-"#,
                );
                r(out, code);
                el(
                    out,
                    r#"">Impossible pour l'instant : "#,
                    &failed(e),
                    ". Seul un ou une manager peut démarrer le contrat avec une dérogation écrite.</p>",
                );
            }
            r(out, "</section>");
        }
        r(out, "</section>");
    }

    fn contract_html(&self, out: &mut String, c: &Value, open: &Option<Open>) {
        let may = self.ctx.may;
        let id = s(c, "id");
        let running = s(c, "status") == "en_cours";
        let scheme = Scheme::from_code(s(c, "scheme"));
        r(out, r#"<section class="card"><h3 id="contrat-"#);
        r(out, id);
        el(out, r#"" tabindex="-1">"#, &contract_name(c), "");
        if running {
            badge(out, "badge-ok", "En cours");
        } else {
            badge(out, "badge-neutral", "Terminé");
        }
        r(out, r#"</h3><dl class="facts">"#);
        for (label, key) in [
            ("<dt>Début</dt><dd>", "started_on"),
            ("</dd><dt>Fin prévue</dt><dd>", "planned_end"),
            ("</dd><dt>Fin au plus tard</dt><dd>", "max_end"),
        ] {
            r(out, label);
            r(out, &day(c, key));
        }
        r(out, "</dd>");
        if has(c, "ended_on") {
            r(out, "<dt>Fin</dt><dd>");
            r(out, &day(c, "ended_on"));
            if let Some(reason) = ExitReason::from_code(s(c, "exit_reason")) {
                r(out, " — ");
                r(out, reason.label());
            }
            r(out, "</dd>");
        }
        if !s(c, "exit_comment").is_empty() {
            r(out, "<dt>Commentaire de fin</dt><dd>");
            para(out, s(c, "exit_comment"));
            r(out, "</dd>");
        }
        el(out, "<dt>Démarré par</dt><dd>", s(c, "created_by"), ", le ");
        r(out, &when_day(c, "created_at"));
        let o = f(c, "eligibility_override");
        if !o.is_null() {
            el(out, "</dd><dt>Dérogation</dt><dd>", s(o, "reason"), " (");
            t(out, s(o, "by"));
            r(out, ", le ");
            r(out, &when_day(o, "at"));
            r(out, ")");
        }
        r(out, "</dd></dl>");
        let extensions = list(c, "extensions");
        if !extensions.is_empty() {
            r(out, r#"<h4>Prolongations</h4><ul class="list">"#);
            for x in extensions {
                r(out, "<li>Fin prévue repoussée du ");
                r(out, &day(x, "from_end"));
                r(out, " au ");
                r(out, &day(x, "to_end"));
                el(out, " : ", s(x, "reason"), r#" <span class="small">("#);
                t(out, s(x, "by"));
                r(out, ", le ");
                r(out, &when_day(x, "at"));
                r(out, ")</span></li>");
            }
            r(out, "</ul>");
        }
        if scheme == Some(Scheme::Pacea) {
            self.phases_html(out, c, open, running && may.contracts);
        }
        if let Some(o) = open_as(open, &format!("extend:{id}")) {
            let form = form(out, &o, &format!("Prolonger le {}", contract_name(c)));
            let hint = format!(
                "Après le {} et au plus tard le {}.",
                day(c, "planned_end"),
                day(c, "max_end")
            );
            form.input(out, "date", "new_end", "Nouvelle fin prévue", &hint, REQ);
            let hint = "Pourquoi le contrat est prolongé, en une ou deux phrases.";
            form.area(out, "reason", "Motif de la prolongation", hint, REQ);
            form.close(out, "Enregistrer");
        } else if let Some(o) = open_as(open, &format!("end:{id}")) {
            let form = form(out, &o, "Terminer le contrat");
            form.input(out, "date", "ended_on", "Date de fin", "", REQ);
            let reasons = ui::choices(ExitReason::ALL, ExitReason::code, ExitReason::label);
            form.select(
                out,
                "exit_reason",
                "Motif de sortie",
                "",
                REQ,
                &reasons,
                "Choisissez",
            );
            form.area(out, "comment", "Commentaire", "", OPT);
            form.close(out, "Enregistrer");
        } else {
            r(out, r#"<div class="actions">"#);
            if running && may.contracts {
                btn(out, "button button-secondary", "extend", id, "Prolonger");
                btn(
                    out,
                    "button button-secondary",
                    "end",
                    id,
                    "Terminer le contrat",
                );
            }
            if scheme == Some(Scheme::Cej) && may.read_plan {
                btn(
                    out,
                    "button button-secondary",
                    "bilan",
                    id,
                    "Télécharger le bilan (PDF)",
                );
            }
            r(out, "</div>");
        }
        r(out, "</section>");
    }

    fn phases_html(&self, out: &mut String, c: &Value, open: &Option<Open>, may: bool) {
        let id = s(c, "id");
        let phases = list(c, "phases");
        r(out, "<h4>Phases</h4>");
        if phases.is_empty() {
            r(out, r#"<p class="small">Aucune phase pour l'instant.</p>"#);
        }
        r(out, r#"<ol class="plain">"#);
        for ph in phases {
            r(out, "<li><p><strong>Phase ");
            r(out, &f(ph, "number").to_string());
            r(out, " : ");
            r(
                out,
                PhaseKind::from_code(s(ph, "kind")).map_or("", PhaseKind::label),
            );
            r(out, "</strong></p>");
            para(out, s(ph, "objectives"));
            r(out, r#"<p class="small">Du "#);
            r(out, &day(ph, "started_on"));
            r(out, " au ");
            r(out, &day(ph, "planned_end"));
            r(out, " (prévue)");
            if has(ph, "ended_on") {
                r(out, " · terminée le ");
                r(out, &day(ph, "ended_on"));
            }
            r(out, "</p>");
            if has(ph, "evaluation") {
                r(
                    out,
                    match f(ph, "objectives_met").as_bool() {
                        Some(true) => "<p>Évaluation (objectifs atteints) : ",
                        Some(false) => "<p>Évaluation (objectifs non atteints) : ",
                        None => "<p>Évaluation : ",
                    },
                );
                el(out, "", s(ph, "evaluation"), "</p>");
            }
            if may && !has(ph, "ended_on") {
                let arg = format!("{id}/{}", s(ph, "id"));
                if let Some(o) = open_as(open, &format!("eval:{arg}")) {
                    let form = form(out, &o, "Évaluer la phase");
                    form.input(out, "date", "ended_on", "Date de fin", "", REQ);
                    form.area(out, "evaluation", "Évaluation", "", REQ);
                    let met = one(&o.values, "objectives_met");
                    r(
                        out,
                        r#"<fieldset class="segmented" id="eval-objectives_met"><legend>Objectifs atteints</legend>"#,
                    );
                    for (value, label) in [("true", "Oui"), ("false", "Non")] {
                        r(
                            out,
                            r#"<span class="choice"><input type="radio" name="objectives_met" id="eval-met-"#,
                        );
                        r(out, value);
                        r(out, r#"" value=""#);
                        r(out, value);
                        r(
                            out,
                            if met == value {
                                r#"" checked>"#
                            } else {
                                r#"">"#
                            },
                        );
                        r(out, r#"<label for="eval-met-"#);
                        r(out, value);
                        el(out, r#"">"#, label, "</label></span>");
                    }
                    if let Some(message) = o.errors.get("objectives_met") {
                        el(out, r#"<p class="field-error">"#, message, "</p>");
                    }
                    r(out, "</fieldset>");
                    form.close(out, "Enregistrer");
                } else {
                    btn(
                        out,
                        "button button-secondary",
                        "eval",
                        &arg,
                        "Évaluer la phase",
                    );
                }
            }
            r(out, "</li>");
        }
        r(out, "</ol>");
        if may && phases.iter().all(|p| has(p, "ended_on")) {
            if let Some(o) = open_as(open, &format!("phase:{id}")) {
                let form = form(out, &o, "Nouvelle phase");
                let kinds = ui::choices(PhaseKind::ALL, PhaseKind::code, PhaseKind::label);
                form.select(out, "kind", "Type de phase", "", REQ, &kinds, "Choisissez");
                form.area(out, "objectives", "Objectifs de la phase", "", REQ);
                form.input(out, "date", "started_on", "Date de début", "", REQ);
                form.input(out, "date", "planned_end", "Fin prévue", "", REQ);
                form.close(out, "Enregistrer");
            } else {
                btn(
                    out,
                    "button button-secondary",
                    "phase",
                    id,
                    "Ajouter une phase",
                );
            }
        }
    }

    fn contracts_html(&self, out: &mut String, contracts: &Value) {
        let open = self.open.get();
        r(
            out,
            r#"<section><h2 id="contrats" tabindex="-1">Contrats</h2>"#,
        );
        error_of(out, self.error);
        let contracts = list(contracts, "");
        if contracts.is_empty() {
            r(out, "<p>Aucun contrat pour l'instant.</p>");
        }
        for c in contracts {
            self.contract_html(out, c, &open);
        }
        r(out, "</section>");
    }

    fn send(&self, form: &str, arg: &str, values: Values) {
        let key = format!("{form}:{arg}");
        let (ctx, open) = (self.ctx, self.open);
        let (session, youth) = (ctx.session, ctx.id);
        let (contract, phase) = arg.split_once('/').unwrap_or((arg, ""));
        let contracts = answer(self.contracts);
        let c = list(&contracts, "")
            .iter()
            .find(|c| s(c, "id") == contract)
            .cloned()
            .unwrap_or_default();
        let name = contract_name(&c);
        let required: &[(&str, &str)] = match form {
            "start" => &[("started_on", "Saisissez la date de début.")],
            "extend" => &[("new_end", "Saisissez la nouvelle fin prévue.")],
            "end" => &[
                ("ended_on", "Saisissez la date de fin."),
                ("exit_reason", "Choisissez le motif de sortie."),
            ],
            "phase" => &[
                ("kind", "Choisissez le type de phase."),
                ("objectives", "Écrivez les objectifs de la phase."),
                ("started_on", "Saisissez la date de début."),
                ("planned_end", "Saisissez la fin prévue."),
            ],
            _ => &[
                ("ended_on", "Saisissez la date de fin."),
                ("evaluation", "Écrivez l'évaluation de la phase."),
                ("objectives_met", "Dites si les objectifs sont atteints."),
            ],
        };
        let mut errors = missing(&values, required);
        let scheme = Scheme::from_code(arg);
        let eligible = scheme.is_some_and(|scheme| {
            let report = answer(self.report);
            list(&report, "schemes")
                .iter()
                .any(|e| s(e, "scheme") == scheme.code() && yes(e, "eligible"))
        });
        if form == "start" && !eligible && text_in(&values, "override_reason").is_none() {
            errors.fields.push((
                "override_reason".to_owned(),
                "Écrivez pourquoi le contrat démarre alors qu'un critère obligatoire n'est pas rempli."
                    .to_owned(),
            ));
        }
        if form == "extend" {
            let mut reason = Vec::new();
            check_reason(&mut reason, "reason", one(&values, "reason"));
            errors
                .fields
                .extend(reason.into_iter().map(|e| (e.field, e.message)));
        }
        if !errors.is_empty() {
            return reject(open, &key, values, errors);
        }
        let v = &values;
        let id = contract.parse::<ContractId>();
        let request = match (form, id) {
            ("start", _) => api::accompaniment::start_contract(
                session,
                youth,
                &NewContract {
                    scheme,
                    started_on: date_in(v, "started_on"),
                    planned_end: date_in(v, "planned_end")
                        .filter(|_| scheme == Some(Scheme::Pacea)),
                    override_reason: text_in(v, "override_reason").filter(|_| !eligible),
                },
            ),
            ("extend", Ok(id)) => api::accompaniment::extend_contract(
                session,
                youth,
                id,
                &ExtendContract {
                    new_end: date_in(v, "new_end"),
                    reason: trimmed(v, "reason"),
                },
            ),
            ("end", Ok(id)) => api::accompaniment::end_contract(
                session,
                youth,
                id,
                &EndContract {
                    ended_on: date_in(v, "ended_on"),
                    exit_reason: ExitReason::from_code(one(v, "exit_reason")),
                    comment: trimmed(v, "comment"),
                },
            ),
            ("phase", Ok(id)) => api::accompaniment::add_phase(
                session,
                youth,
                id,
                &NewPhase {
                    kind: PhaseKind::from_code(one(v, "kind")),
                    objectives: trimmed(v, "objectives"),
                    started_on: date_in(v, "started_on"),
                    planned_end: date_in(v, "planned_end"),
                },
            ),
            ("eval", Ok(id)) => {
                let Ok(phase) = phase.parse::<PhaseId>() else {
                    return;
                };
                api::accompaniment::evaluate_phase(
                    session,
                    youth,
                    id,
                    phase,
                    &PhaseEvaluation {
                        ended_on: date_in(v, "ended_on"),
                        evaluation: trimmed(v, "evaluation"),
                        objectives_met: Some(one(v, "objectives_met") == "true"),
                    },
                )
            }
            _ => return,
        };
        let form = form.to_owned();
        ctx.send_form(
            request,
            (open, key, values),
            self.reload,
            Box::new(move |c| {
                let message = match form.as_str() {
                    "start" => format!(
                        "{} démarré : fin prévue le {}.",
                        contract_name(c),
                        day(c, "planned_end")
                    ),
                    "extend" => format!("{name} prolongé jusqu'au {}.", day(c, "planned_end")),
                    "end" => format!("{name} terminé."),
                    "phase" => "Phase ajoutée.".to_owned(),
                    _ => "Phase évaluée.".to_owned(),
                };
                (message, format!("contrat-{}", s(c, "id")))
            }),
        );
    }
}

impl Part for Contracts {
    fn blocks(&self) -> usize {
        2
    }

    fn html(&self, block: usize) -> String {
        let mut out = String::new();
        if block == 0 {
            loaded(&mut out, self.report, &|out, r| {
                self.eligibility_html(out, r)
            });
        } else {
            loaded(&mut out, self.contracts, &|out, c| {
                self.contracts_html(out, c)
            });
        }
        out
    }

    fn click(&self, action: &str, arg: &str, _ev: &web_sys::Event) {
        let mut values = Values::new();
        let today = format::today().to_string();
        match action {
            "start" | "phase" => put(&mut values, "started_on", today),
            "end" | "eval" => put(&mut values, "ended_on", today),
            "extend" => {}
            "cancel" => {
                let key = self.open.get_untracked().map(|o| o.key).unwrap_or_default();
                self.open.set(None);
                let (form, arg) = key.split_once(':').unwrap_or_default();
                focus_later(if form == "start" {
                    "eligibilite".to_owned()
                } else {
                    format!("contrat-{}", arg.split('/').next().unwrap_or_default())
                });
                return;
            }
            "bilan" => {
                if let Ok(id) = arg.parse::<ContractId>() {
                    self.ctx.download(Some(id), self.error);
                }
                return;
            }
            _ => return,
        }
        self.open
            .set(Some(Open::new(format!("{action}:{arg}"), values)));
        focus_later(format!("{action}-titre"));
    }

    fn submit(&self, form: &str, arg: &str, values: Values) {
        self.send(form, arg, values);
    }
}
