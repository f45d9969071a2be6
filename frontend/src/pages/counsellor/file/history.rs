//! The history of the file (E4, E5): every change, newest first, with who, when and from
//! where; a change's earlier value can be put back, after a confirmation.

use std::fmt::Write as _;

use domain::dto::{ChangeKind, FileChange, RestoreChange};
use leptos::prelude::*;
use uuid::Uuid;

use super::{Ctx, LOADING, conflict_html, conflict_of};
use crate::api;
use crate::format;
use crate::pages::counsellor::html::{Loaded, button, esc, fetch, focus_later, notice};

/// How many changes are shown before "show all".
const FIRST: usize = 15;

#[derive(Clone, Debug, Default, PartialEq)]
struct State {
    all: bool,
    confirming: Option<Uuid>,
    error: Option<String>,
    conflict: Option<Vec<String>>,
}

/// The history part of the page.
#[derive(Clone, Copy)]
pub(super) struct History {
    ctx: Ctx,
    changes: Loaded<Vec<FileChange>>,
    state: RwSignal<State>,
    busy: StoredValue<bool>,
}

impl History {
    pub fn new(ctx: Ctx) -> Self {
        let changes = fetch(true, move || {
            ctx.changed.track();
            let (id, may) = (ctx.id(), ctx.may.history);
            async move {
                if may {
                    api::youths::history(ctx.session, id).await
                } else {
                    Ok(Vec::new())
                }
            }
        });
        Self {
            ctx,
            changes,
            state: RwSignal::new(State::default()),
            busy: StoredValue::new(false),
        }
    }

    pub fn click(&self, action: &str, arg: &str) -> bool {
        let id = arg.parse::<Uuid>().ok();
        match action {
            "history-all" => self.state.update(|s| s.all = true),
            "restore" => {
                self.state.update(|s| s.confirming = id);
                focus_later(format!("restaurer-{arg}"));
            }
            "restore-no" => {
                self.state.update(|s| s.confirming = None);
                focus_later("titre-historique");
            }
            "restore-yes" => {
                let change = self.changes.with_untracked(|c| {
                    c.as_ref()
                        .and_then(|c| c.as_ref().ok())
                        .and_then(|list| list.iter().find(|c| Some(c.id) == id).cloned())
                });
                if let Some(change) = change {
                    self.restore(change);
                }
            }
            _ => return false,
        }
        true
    }

    fn restore(&self, change: FileChange) {
        if self.busy.get_value() {
            return;
        }
        let (ctx, state, busy) = (self.ctx, self.state, self.busy);
        let body = RestoreChange {
            version: ctx.version(),
        };
        let id = ctx.id();
        busy.set_value(true);
        leptos::task::spawn_local(async move {
            match api::youths::restore_change(ctx.session, id, change.id, &body).await {
                Ok(detail) => {
                    state.update(|s| {
                        *s = State {
                            all: s.all,
                            ..State::default()
                        }
                    });
                    ctx.update(
                        detail,
                        format!(
                            "Valeur restaurée : {} est de nouveau « {} ».",
                            change.label, change.old_display
                        ),
                    );
                    focus_later("titre-historique");
                }
                Err(err) => {
                    let conflict = conflict_of(&err);
                    let message = conflict.is_none().then(|| err.message());
                    state.update(|s| {
                        s.conflict = conflict;
                        s.error = message;
                    });
                    focus_later("historique-conflit");
                }
            }
            busy.set_value(false);
        });
    }

    /// The list and its notices, under the panel's heading (reactive; the heading stays put
    /// so that it keeps the focus while the list is read again).
    pub fn html(&self) -> String {
        let state = self.state.get();
        let mut out = String::new();
        if let Some(lines) = &state.conflict {
            out.push_str(&conflict_html("historique-conflit", lines));
        }
        if let Some(error) = &state.error {
            out.push_str(&notice("error", error));
        }
        match self.changes.get() {
            None => out.push_str(LOADING),
            Some(Err(error)) => out.push_str(&notice("error", &error.message())),
            Some(Ok(list)) if list.is_empty() => {
                out.push_str("<p>Aucune modification enregistrée.</p>")
            }
            Some(Ok(list)) => {
                let total = list.len();
                let shown = if state.all { total } else { total.min(FIRST) };
                out.push_str(r#"<ol class="timeline">"#);
                self.ctx.detail.with(|d| {
                    for change in list.iter().take(shown) {
                        let current = change.field.get(&d.data) == change.old_value;
                        let restorable =
                            self.ctx.may.edit && change.kind != ChangeKind::Creation && !current;
                        out.push_str(&item(
                            change,
                            restorable,
                            state.confirming == Some(change.id),
                        ));
                    }
                });
                out.push_str("</ol>");
                if shown < total {
                    out.push_str(&button(
                        "button button-secondary",
                        "history-all",
                        "",
                        &format!("Afficher tout l'historique ({total} modifications)"),
                        "",
                    ));
                }
            }
        }
        out
    }
}

/// One change.
fn item(change: &FileChange, restorable: bool, confirming: bool) -> String {
    let id = change.id.to_string();
    let mut out = format!(
        r#"<li class="change"><p><strong>{}</strong> : {} <span aria-hidden="true">→</span><span class="visually-hidden"> remplacé par</span> {}</p><p class="small">{} · {} ({}) · {}</p>"#,
        esc(&change.label),
        esc(&change.old_display),
        esc(&change.new_display),
        change.kind.label(),
        esc(&change.author_name),
        change.origin.label(),
        format::date_time(change.at)
    );
    if restorable && confirming {
        let _ = write!(
            out,
            r#"<div class="confirm" role="group" aria-label="Confirmer la restauration"><p>Remettre « {} » comme {} ?</p><button type="button" class="button" id="restaurer-{id}" data-action="restore-yes" data-arg="{id}">Confirmer la restauration</button>{}</div>"#,
            esc(&change.old_display),
            esc(&change.label.to_lowercase()),
            button("button button-secondary", "restore-no", "", "Annuler", "")
        );
    } else if restorable {
        let hidden = format!(" : {}, {}", change.label, change.old_display);
        out.push_str(&button(
            "link-button",
            "restore",
            &id,
            "Restaurer cette valeur",
            &hidden,
        ));
    }
    out.push_str("</li>");
    out
}
