//! The file at a glance, and what can be done with it as a whole: invitation to the app,
//! referent counsellor, transfer to another Mission Locale, export.

use std::fmt::Write as _;

use domain::dto::{AccountStatus, AssignCounsellor, InviteYouth, TransferYouth, YouthFileStatus};
use leptos::prelude::*;
use validator::Validate as _;

use super::{Ctx, counsellors};
use crate::api;
use crate::format;
use crate::pages::counsellor::html::{
    Errors, Field, Loaded, Values, button, esc, fetch, focus_later, notice, one,
};

#[derive(Clone, Debug, Default, PartialEq)]
struct Form {
    values: Values,
    errors: Errors,
    /// Transfer: waiting for the confirmation.
    confirming: bool,
    done: Option<String>,
}

/// The actions part of the page.
#[derive(Clone, Copy)]
pub(super) struct Actions {
    ctx: Ctx,
    sent: RwSignal<Option<String>>,
    invite: RwSignal<Form>,
    referent: RwSignal<Form>,
    transfer: RwSignal<Form>,
    export_error: RwSignal<Option<String>>,
    staff: Loaded<Vec<(String, String)>>,
    structures: Loaded<Vec<(String, String)>>,
    busy: StoredValue<bool>,
}

impl Actions {
    pub fn new(ctx: Ctx, sent: RwSignal<Option<String>>) -> Self {
        let session = ctx.session;
        let staff = fetch(false, move || async move {
            Ok(if ctx.may.assign {
                counsellors(session).await
            } else {
                Vec::new()
            })
        });
        let current = session.me().map(|m| m.structure.id);
        let structures = fetch(false, move || async move {
            if !ctx.may.transfer {
                return Ok(Vec::new());
            }
            Ok(api::youths::structures(session)
                .await?
                .into_iter()
                .filter(|s| Some(s.id) != current)
                .map(|s| (s.id.to_string(), s.name))
                .collect())
        });
        Self {
            ctx,
            sent,
            invite: RwSignal::new(Form::default()),
            referent: RwSignal::new(Form::default()),
            transfer: RwSignal::new(Form::default()),
            export_error: RwSignal::new(None),
            staff,
            structures,
            busy: StoredValue::new(false),
        }
    }

    /// Runs a request once at a time.
    fn run(&self, work: impl Future<Output = ()> + 'static) {
        if self.busy.get_value() {
            return;
        }
        let busy = self.busy;
        busy.set_value(true);
        leptos::task::spawn_local(async move {
            work.await;
            busy.set_value(false);
        });
    }

    pub fn click(&self, action: &str, arg: &str) -> bool {
        let ctx = self.ctx;
        let id = ctx.id();
        match action {
            "transfer-no" => {
                self.transfer.update(|t| t.confirming = false);
                focus_later("transfert-structure_id");
            }
            "transfer-yes" => {
                let (form, transfer) = (self.transfer.get_untracked(), self.transfer);
                let Ok(structure_id) = one(&form.values, "structure_id").parse() else {
                    return true;
                };
                let name = self.structure_name(one(&form.values, "structure_id"));
                let note = one(&form.values, "note").trim().to_owned();
                let body = TransferYouth {
                    structure_id,
                    note: (!note.is_empty()).then_some(note),
                };
                self.run(async move {
                    let result = api::youths::transfer(ctx.session, id, &body).await;
                    transfer.update(|t| {
                        t.confirming = false;
                        match result {
                            Ok(()) => {
                                t.done = Some(format!(
                                    "Le dossier a été transféré à {name}. Votre Mission Locale n'y a plus accès."
                                ))
                            }
                            Err(err) => t.errors = Errors::of(&err),
                        }
                    });
                });
            }
            "export" => self.download(arg == "pdf"),
            _ => return false,
        }
        true
    }

    fn structure_name(&self, id: &str) -> String {
        self.structures.with_untracked(|s| {
            s.iter()
                .flatten()
                .flatten()
                .find(|(i, _)| i == id)
                .map(|(_, n)| n.clone())
                .unwrap_or_default()
        })
    }

    pub fn submit(&self, form: &str, values: Values) {
        let ctx = self.ctx;
        let id = ctx.id();
        match form {
            "invitation" => {
                let email = one(&values, "email").trim().to_owned();
                let body = InviteYouth {
                    email: (!email.is_empty()).then_some(email),
                };
                let (invite, sent) = (self.invite, self.sent);
                if let Err(invalid) = body.validate() {
                    let errors = domain::validation::field_errors(&invalid)
                        .into_iter()
                        .map(|f| (f.field, f.message))
                        .collect();
                    invite.set(Form {
                        values,
                        errors: Errors {
                            general: None,
                            fields: errors,
                        },
                        ..Form::default()
                    });
                    focus_later("invitation-jeune-erreurs");
                    return;
                }
                self.run(async move {
                    match api::youths::invite_youth(ctx.session, id, &body).await {
                        Ok(done) => {
                            sent.set(Some(format!(
                                "Invitation envoyée à {}. Le lien est valable jusqu'au {}.",
                                done.email,
                                format::date(done.expires_at.date_naive())
                            )));
                            ctx.reload.update(|r| *r += 1);
                        }
                        Err(err) => {
                            invite.set(Form {
                                values,
                                errors: Errors::of(&err),
                                ..Form::default()
                            });
                            focus_later("invitation-jeune-erreurs");
                        }
                    }
                });
            }
            "referent" => {
                let referent = self.referent;
                let body = AssignCounsellor {
                    counsellor_id: one(&values, "counsellor_id").parse().ok(),
                };
                self.run(async move {
                    match api::youths::assign_counsellor(ctx.session, id, &body).await {
                        Ok(detail) => {
                            let message = match &detail.counsellor {
                                Some(c) => format!("Référent·e enregistré·e : {}.", c.full_name()),
                                None => "Le dossier n'a plus de référent·e.".to_owned(),
                            };
                            referent.set(Form::default());
                            ctx.update(detail, message);
                        }
                        Err(err) => {
                            referent.set(Form {
                                values,
                                errors: Errors::of(&err),
                                ..Form::default()
                            });
                            focus_later("referent-erreurs");
                        }
                    }
                });
            }
            "transfert" => {
                let missing = one(&values, "structure_id").is_empty();
                self.transfer.set(Form {
                    values,
                    errors: if missing {
                        Errors::field(
                            "structure_id",
                            "Choisissez la Mission Locale qui reprend le suivi.",
                        )
                    } else {
                        Errors::default()
                    },
                    confirming: !missing,
                    done: None,
                });
                focus_later(if missing {
                    "transfert-erreurs"
                } else {
                    "transfert-confirmer"
                });
            }
            _ => {}
        }
    }

    fn download(&self, pdf: bool) {
        let (ctx, error) = (self.ctx, self.export_error);
        let id = ctx.id();
        let name = ctx.detail.with_untracked(|d| {
            format!(
                "dossier-{}-{}.{}",
                d.last_name.to_lowercase().replace(' ', "-"),
                d.first_name.to_lowercase().replace(' ', "-"),
                if pdf { "pdf" } else { "json" }
            )
        });
        error.set(None);
        self.run(async move {
            match api::youths::export(ctx.session, id, pdf).await {
                Ok(bytes) => {
                    let mime = if pdf {
                        "application/pdf"
                    } else {
                        "application/json"
                    };
                    if crate::components::download::save_file(&bytes, mime, &name).is_ok() {
                        ctx.announce
                            .set(Some(format!("Export téléchargé : {name}.")));
                    } else {
                        error.set(Some("Le fichier n'a pas pu être enregistré.".to_owned()));
                    }
                }
                Err(err) => error.set(Some(err.message())),
            }
        });
    }

    /// The status of the file and its key facts (reactive).
    pub fn top(&self) -> String {
        self.ctx.detail.with(|d| {
            let mut out = String::new();
            if d.status != YouthFileStatus::Active {
                let _ = write!(
                    out,
                    r#"<div class="notice notice-warning"><p>Dossier {} : il ne peut plus être modifié.</p>"#,
                    d.status.label().to_lowercase()
                );
                if let Some(id) = d.merged_into {
                    let _ = write!(
                        out,
                        r#"<p><a href="/conseiller/jeunes/{id}">Ouvrir le dossier dans lequel il a été fusionné</a></p>"#
                    );
                }
                out.push_str("</div>");
            }
            let _ = write!(
                out,
                r#"<dl class="facts"><dt>Âge</dt><dd>{} ans (né·e le {})</dd><dt>Référent·e</dt><dd>{}</dd><dt>Dernier contact</dt><dd>{}</dd><dt>Dossier ouvert le</dt><dd>{}</dd><dt>Application</dt><dd>{}</dd></dl>"#,
                d.age,
                format::date(d.birth_date),
                esc(&d.counsellor.as_ref().map_or_else(|| "Non désigné".to_owned(), |c| c.full_name())),
                d.last_contact_on.map_or_else(|| "Aucun contact enregistré".to_owned(), format::date),
                format::date(d.created_at.date_naive()),
                format::app_account(d.account_status)
            );
            out
        })
    }

    /// The invitation to the app, until the account is active (reactive).
    pub fn invitation(&self) -> String {
        let active = self
            .ctx
            .detail
            .with(|d| d.account_status == Some(AccountStatus::Active));
        if !self.ctx.may.invite || active {
            return String::new();
        }
        let form = self.invite.get();
        let email = match form.values.get("email") {
            Some(_) => one(&form.values, "email").to_owned(),
            None => self
                .ctx
                .detail
                .with(|d| d.email.clone().unwrap_or_default()),
        };
        let sent = self
            .sent
            .get()
            .map(|m| {
                format!(
                    r#"<div class="notice notice-success" role="status"><p>{}</p></div>"#,
                    esc(&m)
                )
            })
            .unwrap_or_default();
        format!(
            r#"<section class="panel" aria-labelledby="titre-invitation"><h2 id="titre-invitation">Inviter à l'application</h2><p>Le jeune reçoit un lien par e-mail pour créer son mot de passe et suivre son parcours sur son téléphone.</p>{sent}<form class="form" data-form="invitation" novalidate>{}{}<button type="submit" class="button">Envoyer l'invitation</button></form></section>"#,
            form.errors
                .summary("invitation-jeune", |_| "E-mail du jeune".to_owned()),
            Field::new("invitation-jeune", "email", "E-mail du jeune", &form.errors)
                .required(true)
                .input("email", &email, r#"inputmode="email""#)
        )
    }

    /// The referent counsellor (reactive).
    pub fn reassign(&self) -> String {
        if !self.ctx.may.assign {
            return String::new();
        }
        let form = self.referent.get();
        let current = self.ctx.detail.with(|d| {
            d.counsellor
                .as_ref()
                .map(|c| c.id.to_string())
                .unwrap_or_default()
        });
        let staff = self.staff.get().and_then(Result::ok).unwrap_or_default();
        format!(
            r#"<section class="panel" aria-labelledby="titre-referent"><h2 id="titre-referent">Référent·e du dossier</h2><form class="form" data-form="referent" novalidate>{}{}<button type="submit" class="button">Changer de référent·e</button></form></section>"#,
            form.errors.summary("referent", |_| String::new()),
            Field::new(
                "referent",
                "counsellor_id",
                "Conseiller ou conseillère référent·e",
                &form.errors
            )
            .select(
                staff.iter().map(|(i, n)| (i.as_str(), n.as_str())),
                &current,
                "Aucun·e"
            )
        )
    }

    /// The transfer to another Mission Locale (reactive).
    pub fn transfer(&self) -> String {
        if !self.ctx.may.transfer {
            return String::new();
        }
        let form = self.transfer.get();
        let mut out = String::from(
            r#"<section class="panel" aria-labelledby="titre-transfert"><h2 id="titre-transfert">Transférer à une autre Mission Locale</h2>"#,
        );
        if let Some(done) = &form.done {
            let _ = write!(
                out,
                r#"<div class="notice notice-success" role="status"><p>{}</p></div><p><a href="/conseiller/jeunes">Retour à la liste des jeunes</a></p></section>"#,
                esc(done)
            );
            return out;
        }
        let structures = self
            .structures
            .get()
            .and_then(Result::ok)
            .unwrap_or_default();
        let target = one(&form.values, "structure_id");
        let _ = write!(
            out,
            r#"<p>Quand le jeune déménage : la Mission Locale choisie reprend le dossier et son historique.</p><form class="form" data-form="transfert" novalidate>{}{}{}<button type="submit" class="button button-secondary">Transférer le dossier…</button></form>"#,
            form.errors.summary("transfert", |name| {
                if name == "structure_id" {
                    "Mission Locale qui reprend le suivi".to_owned()
                } else {
                    String::new()
                }
            }),
            Field::new(
                "transfert",
                "structure_id",
                "Mission Locale qui reprend le suivi",
                &form.errors
            )
            .required(true)
            .select(
                structures.iter().map(|(i, n)| (i.as_str(), n.as_str())),
                target,
                "Choisissez"
            ),
            Field::new(
                "transfert",
                "note",
                "Message pour l'équipe qui reprend le suivi",
                &form.errors
            )
            .input("text", one(&form.values, "note"), "")
        );
        if form.confirming {
            let _ = write!(
                out,
                r#"<div class="confirm" role="group" aria-labelledby="transfert-question"><p id="transfert-question">Transférer ce dossier à {} ? Votre Mission Locale n'y aura plus accès.</p><button type="button" id="transfert-confirmer" class="button" data-action="transfer-yes" data-arg="">Confirmer le transfert</button>{}</div>"#,
                esc(&self.structure_name(target)),
                button("button button-secondary", "transfer-no", "", "Annuler", "")
            );
        }
        out.push_str("</section>");
        out
    }

    /// The export buttons (reactive).
    pub fn export(&self) -> String {
        if !self.ctx.may.export {
            return String::new();
        }
        format!(
            r#"<section class="panel" aria-labelledby="titre-export"><h2 id="titre-export">Export des données</h2><p>Toutes les informations du dossier, son historique et ses consultations, pour répondre à une demande d'accès du jeune (RGPD).</p>{}<div class="actions">{}{}</div></section>"#,
            self.export_error
                .get()
                .map(|e| notice("error", &e))
                .unwrap_or_default(),
            button(
                "button button-secondary",
                "export",
                "json",
                "Télécharger (JSON)",
                ""
            ),
            button(
                "button button-secondary",
                "export",
                "pdf",
                "Télécharger (PDF)",
                ""
            )
        )
    }
}
