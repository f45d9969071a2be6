//! `/conseiller/jeunes`: the portfolio (E7) with its filters, reassignment, and the form that
//! opens a file after looking for files of the same person. Markup as text (see `html`).

use std::fmt::Write as _;
use std::time::Duration;

use domain::dto::{
    AssignCounsellor, DuplicateCandidate, DuplicateCheck, NewYouth, Page, YouthListQuery,
    YouthSummary,
};
use domain::file::SituationCategory;
use domain::people::check_birth_date;
use domain::{AccountId, ErrorCode, Operation, Role, YouthId};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use validator::Validate as _;

use super::file::{counsellors, list_name};
use super::html::{
    self, Errors, Field, Values, button, esc, focus_later, notice, one, plural, put, set_inner,
};
use crate::api::{self, ApiError};
use crate::components::{PageTitle, Pager};
use crate::format;
use crate::session::Session;

const PER_PAGE: u32 = 25;

/// The query of the filter form, or the field and message of a number that cannot be read.
fn query_of(values: &Values) -> Result<YouthListQuery, (&'static str, &'static str)> {
    let number = |name: &'static str| {
        let text = one(values, name).trim();
        if text.is_empty() {
            Ok(None)
        } else {
            text.parse::<u32>()
                .map(Some)
                .map_err(|_| (name, "Saisissez un nombre entier, par exemple 18."))
        }
    };
    let follow = one(values, "follow");
    let q = one(values, "q").trim();
    Ok(YouthListQuery {
        page: Some(1),
        per_page: Some(PER_PAGE),
        mine: (follow == "mes").then_some(true),
        unassigned: (follow == "aucun").then_some(true),
        counsellor_id: follow.parse::<AccountId>().ok(),
        q: (!q.is_empty()).then(|| q.to_owned()),
        age_min: number("age_min")?,
        age_max: number("age_max")?,
        situation: SituationCategory::from_code(one(values, "situation")),
        no_contact_days: number("no_contact_days")?,
        incomplete: match one(values, "incomplete") {
            "oui" => Some(true),
            "non" => Some(false),
            _ => None,
        },
    })
}

/// The label of a filter, for the error summary.
fn filter_label(name: &str) -> String {
    match name {
        "age_min" => "Âge minimum",
        "age_max" => "Âge maximum",
        "no_contact_days" => "Sans contact depuis (jours)",
        "q" => "Rechercher un nom",
        _ => "",
    }
    .to_owned()
}

/// The label of a field of the new file form, for the error summary.
fn new_label(name: &str) -> String {
    match name {
        "first_name" => "Prénom",
        "last_name" => "Nom",
        "birth_date" => "Date de naissance",
        "email" => "E-mail",
        "phone" => "Téléphone mobile",
        _ => "",
    }
    .to_owned()
}

/// A form's values and errors, and what it did.
#[derive(Clone, Debug, Default, PartialEq)]
struct Form {
    values: Values,
    errors: Errors,
    done: Option<String>,
}

/// The portfolio.
#[component]
pub fn YouthsPage() -> impl IntoView {
    let session = Session::use_context();
    let navigate = use_navigate();
    let me = session.me();
    let may = |op: Operation| me.as_ref().is_some_and(|m| m.may(op));
    let (may_create, may_assign) = (
        may(Operation::CreateYouth),
        may(Operation::AssignCounsellor),
    );
    let mut start = Values::new();
    if me.as_ref().is_some_and(|m| m.role == Role::Conseiller) {
        put(&mut start, "follow", "mes");
    }
    let applied = RwSignal::new(query_of(&start).unwrap_or_default());
    let filters = RwSignal::new(Form {
        values: start,
        ..Form::default()
    });
    let page = RwSignal::new(1u32);
    let refresh = RwSignal::new(0u32);
    let youths = html::fetch(true, move || {
        let mut query = applied.get();
        query.page = Some(page.get());
        refresh.track();
        async move { api::youths::search_youths(session, &query).await }
    });
    let staff = html::fetch(false, move || async move { Ok(counsellors(session).await) });
    let total = Signal::derive(move || youths.get().and_then(Result::ok).map_or(0, |p| p.total));
    let reassign = RwSignal::new(Form::default());
    let creation = RwSignal::new(Form::default());
    // Files that look like the identity being typed, and the server's refusal if any.
    let similar = StoredValue::new((Vec::<DuplicateCandidate>::new(), None::<String>));
    let sequence = StoredValue::new(0u32);
    let busy = StoredValue::new(false);

    let show_similar = move || {
        set_inner(
            "nouveau-jeune-doublons",
            &similar_html(&similar.get_value()),
        )
    };
    let look_for_similar = move |values: Values, refused: Option<String>| {
        // Also called after an answer, when the page may be gone.
        let Some(mine) = sequence.try_update_value(|s| {
            *s += 1;
            *s
        }) else {
            return;
        };
        let check = check_of(&values);
        let delay = if refused.is_some() { 0 } else { 400 };
        set_timeout(
            move || {
                if sequence.try_get_value() != Some(mine) {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let list = match check {
                        Some(check) => api::youths::check_duplicates(session, &check)
                            .await
                            .unwrap_or_default(),
                        None => Vec::new(),
                    };
                    if sequence.try_get_value() == Some(mine) {
                        let focus = refused.is_some();
                        similar.set_value((list, refused));
                        show_similar();
                        if focus {
                            focus_later("nouveau-jeune-alerte");
                        }
                    }
                });
            },
            Duration::from_millis(delay),
        );
    };
    let create = move |values: Values, ignore_duplicates: bool| {
        let optional =
            |name: &str| Some(one(&values, name).trim().to_owned()).filter(|v| !v.is_empty());
        let request = NewYouth {
            first_name: one(&values, "first_name").to_owned(),
            last_name: one(&values, "last_name").to_owned(),
            birth_date: one(&values, "birth_date").parse().ok(),
            email: optional("email"),
            phone: optional("phone"),
            ignore_duplicates,
        };
        let mut errors = match request.validate() {
            Ok(()) => Errors::default(),
            Err(invalid) => Errors {
                general: None,
                fields: domain::validation::field_errors(&invalid)
                    .into_iter()
                    .map(|f| (f.field, f.message))
                    .collect(),
            },
        };
        // The same age rule as the server, which needs today's date.
        if let Some(Err(invalid)) = request
            .birth_date
            .map(|d| check_birth_date(d, format::today()))
        {
            errors
                .fields
                .push(("birth_date".to_owned(), invalid.message.to_owned()));
        }
        if !errors.is_empty() || busy.get_value() {
            if !errors.is_empty() {
                creation.set(Form {
                    values,
                    errors,
                    done: None,
                });
                focus_later("nouveau-jeune-erreurs");
            }
            return;
        }
        busy.set_value(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::youths::create_youth(session, &request).await {
                Ok(created) => navigate(
                    &format!("/conseiller/jeunes/{}", created.id),
                    NavigateOptions::default(),
                ),
                Err(err) if err.code() == Some(ErrorCode::PossibleDuplicate) => {
                    look_for_similar(values, Some(err.message()));
                }
                Err(err) => {
                    creation.set(Form {
                        values,
                        errors: Errors::of(&err),
                        done: None,
                    });
                    focus_later("nouveau-jeune-erreurs");
                }
            }
            busy.set_value(false);
        });
    };
    let create_anyway = create.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((form, values)) = html::form_of(&ev) else {
            return;
        };
        match form.as_str() {
            "filtres" => {
                let query =
                    query_of(&values).map_err(|(name, message)| Errors::field(name, message));
                let query = query.and_then(|q| {
                    q.validate().map(|()| q).map_err(|invalid| Errors {
                        general: None,
                        fields: domain::validation::field_errors(&invalid)
                            .into_iter()
                            .map(|f| (f.field, f.message))
                            .collect(),
                    })
                });
                match query {
                    Ok(query) => {
                        filters.set(Form {
                            values,
                            ..Form::default()
                        });
                        page.set(1);
                        applied.set(query);
                    }
                    Err(errors) => {
                        filters.set(Form {
                            values,
                            errors,
                            done: None,
                        });
                        focus_later("filtre-erreurs");
                    }
                }
            }
            "reaffecter" => reassign_selected(session, values, staff, reassign, refresh, busy),
            "nouveau" => create(values, false),
            _ => {}
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| match html::action_of(&ev) {
        Some((action, _)) if action == "reset-filters" => {
            filters.set(Form::default());
            page.set(1);
            applied.set(query_of(&Values::new()).unwrap_or_default());
        }
        Some((action, _)) if action == "create-anyway" => {
            if let Some((_, values)) = html::form_of(&ev) {
                create_anyway(values, true);
            }
        }
        _ => {}
    };
    let on_input = move |ev: leptos::ev::Event| {
        if html::target_id(&ev).starts_with("nouveau-jeune-")
            && let Some((_, values)) = html::form_of(&ev)
        {
            look_for_similar(values, None);
        }
    };
    let filter_html = move || {
        let staff = staff.get().and_then(Result::ok).unwrap_or_default();
        filters.with(|f| filters_html(f, &staff))
    };
    let results_html = move || match youths.get() {
        None => super::file::LOADING.to_owned(),
        Some(Err(err)) => notice("error", &err.message()),
        Some(Ok(list)) => table_html(&list, may_assign),
    };
    let count = move || match youths.get() {
        Some(Ok(list)) => match list.total {
            0 => "Aucun jeune ne correspond à ces critères.".to_owned(),
            n => format!(
                "{n} jeune{} trouvé{}",
                plural(n as usize),
                plural(n as usize)
            ),
        },
        _ => String::new(),
    };
    let reassign_html = move || {
        if !may_assign {
            return String::new();
        }
        let staff = staff.get().and_then(Result::ok).unwrap_or_default();
        reassign.with(|f| reassign_form(f, &staff))
    };
    let creation_html = move || {
        if !may_create {
            return String::new();
        }
        creation.with(|f| new_form(f, &similar_html(&similar.get_value())))
    };
    view! {
        <PageTitle title="Jeunes".to_owned()/>
        <div on:submit=on_submit on:click=on_click on:input=on_input>
            <div inner_html=filter_html></div>
            <p aria-live="polite">{count}</p>
            <div inner_html=results_html></div>
            <Pager page total per_page=PER_PAGE/>
            <div inner_html=reassign_html></div>
            <div inner_html=creation_html></div>
        </div>
    }
}

fn filters_html(form: &Form, staff: &[(String, String)]) -> String {
    let (v, e) = (&form.values, &form.errors);
    let mut follow = vec![("mes", "Mes jeunes"), ("aucun", "Sans référent·e")];
    follow.extend(staff.iter().map(|(i, n)| (i.as_str(), n.as_str())));
    let situations: Vec<(&str, &str)> = SituationCategory::ALL
        .iter()
        .map(|s| (s.code(), s.label()))
        .collect();
    let more = [
        "age_min",
        "age_max",
        "situation",
        "no_contact_days",
        "incomplete",
    ]
    .iter()
    .any(|n| !one(v, n).is_empty())
        || !e.is_empty();
    let number = |name: &'static str, label: &'static str, hint: &'static str| {
        Field::new("filtre", name, label, e)
            .filter()
            .hint(hint)
            .input("text", one(v, name), r#"inputmode="numeric""#)
    };
    format!(
        r#"<form class="form portfolio-filters" role="search" aria-label="Rechercher des jeunes" data-form="filtres" novalidate>{}<div class="filters-main">{}{}</div><details class="more-filters"{}><summary>Plus de filtres</summary><div class="filters-grid">{}{}{}{}{}</div></details><div class="actions"><button type="submit" class="button">Filtrer</button>{}</div></form>"#,
        e.summary("filtre", filter_label),
        Field::new("filtre", "q", "Rechercher un nom", e)
            .filter()
            .hint("Début du nom ou du prénom, accents et majuscules sans importance.")
            .input("search", one(v, "q"), ""),
        Field::new("filtre", "follow", "Suivi par", e)
            .filter()
            .select(
                follow,
                one(v, "follow"),
                "Tous les jeunes de la Mission Locale"
            ),
        if more { " open" } else { "" },
        number("age_min", "Âge minimum", ""),
        number("age_max", "Âge maximum", ""),
        Field::new("filtre", "situation", "Situation en cours", e)
            .filter()
            .select(situations, one(v, "situation"), "Toutes"),
        number(
            "no_contact_days",
            "Sans contact depuis (jours)",
            "Par exemple 90 pour trois mois et plus."
        ),
        Field::new("filtre", "incomplete", "Informations manquantes", e)
            .filter()
            .select(
                [("oui", "Dossiers incomplets"), ("non", "Dossiers complets")],
                one(v, "incomplete"),
                "Tous les dossiers"
            ),
        button(
            "button button-secondary",
            "reset-filters",
            "",
            "Effacer les filtres",
            ""
        )
    )
}

/// "3 manquantes, dont 1 bloquante".
fn completeness_text(y: &YouthSummary) -> String {
    let (m, b) = (y.missing_count as usize, y.blocking_count as usize);
    match (m, b) {
        (0, _) => "Complet".to_owned(),
        (m, 0) => format!("{m} manquante{}", plural(m)),
        (m, b) => format!(
            "{m} manquante{}, dont {b} bloquante{}",
            plural(m),
            plural(b)
        ),
    }
}

fn table_html(list: &Page<YouthSummary>, may_assign: bool) -> String {
    if list.items.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        r#"<div class="table-wrap" tabindex="0" role="region" aria-label="Liste des jeunes"><table><caption class="visually-hidden">Jeunes, par nom</caption><thead><tr>"#,
    );
    if may_assign {
        out.push_str(r#"<th scope="col"><span class="visually-hidden">Sélection</span></th>"#);
    }
    out.push_str(r#"<th scope="col">Nom</th><th scope="col">Âge</th><th scope="col">Situation</th><th scope="col">Dernier contact</th><th scope="col">Informations</th><th scope="col">Référent·e</th></tr></thead><tbody>"#);
    for y in &list.items {
        let name = esc(&list_name(&y.first_name, &y.last_name));
        out.push_str("<tr>");
        if may_assign {
            let _ = write!(
                out,
                r#"<td><input type="checkbox" id="choisir-{id}" name="choisis" value="{id}" form="reaffecter"><label for="choisir-{id}" class="visually-hidden">Sélectionner {name}</label></td>"#,
                id = y.id
            );
        }
        let _ = write!(
            out,
            r#"<th scope="row"><a href="/conseiller/jeunes/{}">{name}</a></th><td>{} ans</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            y.id,
            y.age,
            y.situation.map_or("—", |s| s.label()),
            y.last_contact_on
                .map_or_else(|| "—".to_owned(), format::date),
            completeness_text(y),
            esc(&y
                .counsellor
                .as_ref()
                .map_or_else(|| "—".to_owned(), |c| c.full_name()))
        );
    }
    out.push_str("</tbody></table></div>");
    out
}

fn reassign_form(form: &Form, staff: &[(String, String)]) -> String {
    let done = form
        .done
        .as_ref()
        .map(|m| format!(r#"<p class="notice notice-success">{}</p>"#, esc(m)))
        .unwrap_or_default();
    format!(
        r#"<section class="panel" aria-labelledby="titre-reaffecter"><h2 id="titre-reaffecter">Réaffecter des jeunes</h2><div role="status">{done}</div><p>Cochez dans la liste les jeunes à confier à un autre conseiller ou une autre conseillère.</p><form class="form" id="reaffecter" data-form="reaffecter" novalidate>{}{}<button type="submit" class="button">Réaffecter la sélection</button></form></section>"#,
        form.errors
            .summary("reaffecter", |_| "Nouveau référent ou nouvelle référente"
                .to_owned()),
        Field::new(
            "reaffecter",
            "referent",
            "Nouveau référent ou nouvelle référente",
            &form.errors
        )
        .select(
            staff.iter().map(|(i, n)| (i.as_str(), n.as_str())),
            one(&form.values, "referent"),
            "Aucun·e (retirer le référent·e)"
        )
    )
}

/// Gives the ticked files to the chosen counsellor, one after the other.
fn reassign_selected(
    session: Session,
    values: Values,
    staff: html::Loaded<Vec<(String, String)>>,
    form: RwSignal<Form>,
    refresh: RwSignal<u32>,
    busy: StoredValue<bool>,
) {
    let ids: Vec<YouthId> = values
        .get("choisis")
        .into_iter()
        .flatten()
        .filter_map(|id| id.parse().ok())
        .collect();
    if ids.is_empty() {
        form.set(Form {
            errors: Errors::field(
                "referent",
                "Cochez d'abord les jeunes à réaffecter dans la liste.",
            ),
            values,
            done: None,
        });
        focus_later("reaffecter-erreurs");
        return;
    }
    if busy.get_value() {
        return;
    }
    let target = one(&values, "referent").to_owned();
    let who = staff.with_untracked(|s| {
        s.iter()
            .flatten()
            .flatten()
            .find(|(id, _)| *id == target)
            .map_or_else(
                || "personne (sans référent·e)".to_owned(),
                |(_, n)| n.clone(),
            )
    });
    let body = AssignCounsellor {
        counsellor_id: target.parse().ok(),
    };
    busy.set_value(true);
    leptos::task::spawn_local(async move {
        let mut failed: Option<ApiError> = None;
        for id in &ids {
            if let Err(err) = api::youths::assign_counsellor(session, *id, &body).await {
                failed = Some(err);
                break;
            }
        }
        let n = ids.len();
        form.set(match failed {
            Some(err) => Form {
                values,
                errors: Errors::of(&err),
                done: None,
            },
            None => Form {
                values,
                errors: Errors::default(),
                done: Some(format!(
                    "{n} dossier{} confié{} à {who}.",
                    plural(n),
                    plural(n)
                )),
            },
        });
        refresh.update(|r| *r += 1);
        busy.set_value(false);
    });
}

/// The identity typed so far, if there is enough to look for the same person.
fn check_of(values: &Values) -> Option<DuplicateCheck> {
    let (first, last) = (
        one(values, "first_name").trim(),
        one(values, "last_name").trim(),
    );
    let email = one(values, "email").trim();
    let phone = one(values, "phone").trim();
    let email = (email.contains('@') && email.contains('.')).then(|| email.to_owned());
    let mobile =
        (phone.chars().filter(char::is_ascii_digit).count() >= 10).then(|| phone.to_owned());
    let names = first.chars().count() >= 2 && last.chars().count() >= 2;
    (names || email.is_some() || mobile.is_some()).then(|| DuplicateCheck {
        birth_name: last.to_owned(),
        usage_name: None,
        first_names: first.to_owned(),
        birth_date: one(values, "birth_date").parse().ok(),
        email,
        mobile,
    })
}

/// The files that look like the person, and the refusal to open another one.
fn similar_html((list, refused): &(Vec<DuplicateCandidate>, Option<String>)) -> String {
    if list.is_empty() && refused.is_none() {
        return String::new();
    }
    let mut out = String::from(
        r#"<div id="nouveau-jeune-alerte" tabindex="-1" class="notice notice-warning">"#,
    );
    if let Some(message) = refused {
        let _ = write!(out, "<p><strong>{}</strong></p>", esc(message));
    }
    if !list.is_empty() {
        let n = list.len();
        let _ = write!(
            out,
            "<p>{}</p><ul>",
            if n == 1 {
                "Un dossier ressemble à cette personne : vérifiez qu'il ne s'agit pas d'elle."
                    .to_owned()
            } else {
                format!(
                    "{n} dossiers ressemblent à cette personne : vérifiez qu'il ne s'agit pas d'elle."
                )
            }
        );
        for c in list {
            let reasons: Vec<&str> = c.assessment.reasons.iter().map(|r| r.label()).collect();
            let _ = write!(
                out,
                r#"<li><a href="/conseiller/jeunes/{}">Ouvrir le dossier de {}</a> — date de naissance {}, ressemblance {}/100 : {}</li>"#,
                c.youth.id,
                esc(&list_name(&c.youth.first_name, &c.youth.last_name)),
                format::date(c.youth.birth_date),
                c.assessment.score,
                reasons.join(", ")
            );
        }
        out.push_str("</ul>");
    }
    if refused.is_some() {
        out.push_str(&button(
            "button button-secondary",
            "create-anyway",
            "",
            "Ouvrir quand même un nouveau dossier",
            "",
        ));
    }
    out.push_str("</div>");
    out
}

fn new_form(form: &Form, similar: &str) -> String {
    let (v, e) = (&form.values, &form.errors);
    let field =
        |name: &'static str, label: &'static str| Field::new("nouveau-jeune", name, label, e);
    format!(
        r#"<section class="panel" aria-labelledby="titre-nouveau-dossier"><h2 id="titre-nouveau-dossier">Ouvrir un dossier</h2><form class="form" data-form="nouveau" novalidate>{}{}{}{}{}{}<div id="nouveau-jeune-doublons" aria-live="polite">{similar}</div><button type="submit" class="button">Ouvrir le dossier</button></form></section>"#,
        e.summary("nouveau-jeune", new_label),
        field("first_name", "Prénom")
            .required(true)
            .input("text", one(v, "first_name"), ""),
        field("last_name", "Nom")
            .required(true)
            .input("text", one(v, "last_name"), ""),
        field("birth_date", "Date de naissance")
            .required(true)
            .input("date", one(v, "birth_date"), ""),
        field("email", "E-mail")
            .hint("Nécessaire pour inviter le jeune à l'application.")
            .input("email", one(v, "email"), r#"inputmode="email""#),
        field("phone", "Téléphone mobile")
            .hint("Par exemple 06 12 34 56 78.")
            .input("tel", one(v, "phone"), r#"inputmode="tel""#),
    )
}
