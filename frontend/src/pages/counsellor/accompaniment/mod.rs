//! `/conseiller/jeunes/:id/…`: the accompaniment of a young person, one page per part, reached
//! from the file page by the "Accompagnement" sub-navigation: synthesis (A8), diagnostic and its
//! revisions, action plan, schemes (CEJ/PACEA eligibility and contracts), CEJ hours,
//! interviews.
//!
//! Like the file page, the pages render escaped HTML text (see `super::html`) into a few
//! `inner_html` blocks, and one click, submit and change handler per page dispatches to the
//! page's [`Part`]. Each page has at most one form open at a time ([`Open`]), so labels such as
//! "Date de début" or buttons such as "Enregistrer" are unique on the page.

mod contracts;
mod diagnostic;
pub(crate) mod hours;
mod interviews;
pub(crate) mod json;
mod plan;
mod synthesis;
pub(crate) mod ui;

use std::fmt::Write as _;
use std::pin::Pin;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use domain::accompaniment::Scheme;
use domain::dto::Me;
use domain::{ContractId, Operation, YouthId};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

use super::agenda::appointments::Appointments;
use super::html::{self, Errors, Values, esc, one};
use crate::api::{self, ApiError};
use crate::components::PageTitle;
use crate::session::Session;

/// The pages of a file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tab {
    Dossier,
    Synthese,
    Diagnostic,
    Plan,
    Dispositifs,
    Heures,
    Entretiens,
    RendezVous,
    Orientations,
}

impl Tab {
    pub(crate) const ALL: [Tab; 9] = [
        Tab::Dossier,
        Tab::Synthese,
        Tab::Diagnostic,
        Tab::Plan,
        Tab::Dispositifs,
        Tab::Heures,
        Tab::Entretiens,
        Tab::RendezVous,
        Tab::Orientations,
    ];

    /// After `/conseiller/jeunes/{id}`.
    const fn path(self) -> &'static str {
        match self {
            Tab::Dossier => "",
            Tab::Synthese => "/synthese",
            Tab::Diagnostic => "/diagnostic",
            Tab::Plan => "/plan",
            Tab::Dispositifs => "/dispositifs",
            Tab::Heures => "/heures",
            Tab::Entretiens => "/entretiens",
            Tab::RendezVous => "/rendez-vous",
            Tab::Orientations => "/orientations",
        }
    }

    const fn label(self) -> &'static str {
        match self {
            Tab::Dossier => "Dossier",
            Tab::Synthese => "Synthèse",
            Tab::Diagnostic => "Diagnostic",
            Tab::Plan => "Plan d'action",
            Tab::Dispositifs => "Dispositifs",
            Tab::Heures => "Heures CEJ",
            Tab::Entretiens => "Entretiens",
            Tab::RendezVous => "Rendez-vous",
            Tab::Orientations => "Orientations",
        }
    }

    /// What the page needs, beyond reading the file.
    const fn operation(self) -> Option<Operation> {
        match self {
            Tab::Dossier => None,
            Tab::Synthese | Tab::Diagnostic | Tab::Entretiens => Some(Operation::ReadAccompaniment),
            Tab::Plan | Tab::Dispositifs | Tab::Heures => Some(Operation::ReadPlan),
            Tab::RendezVous => Some(Operation::BookAppointment),
            Tab::Orientations => Some(Operation::ReadReferrals),
        }
    }
}

/// The "Accompagnement" sub-navigation of a file: the pages the account may open.
pub(crate) fn nav_html(id: YouthId, current: Tab, me: Option<&Me>) -> String {
    let mut out = String::from(r#"<nav class="sub-nav" aria-label="Accompagnement"><ul>"#);
    for tab in Tab::ALL {
        let allowed = tab
            .operation()
            .is_none_or(|op| me.is_some_and(|m| m.may(op)));
        if allowed {
            let _ = write!(
                out,
                r#"<li><a href="/conseiller/jeunes/{id}{}"{}>{}</a></li>"#,
                tab.path(),
                if tab == current {
                    r#" aria-current="page""#
                } else {
                    ""
                },
                esc(tab.label())
            );
        }
    }
    out.push_str("</ul></nav>");
    out
}

/// What the account may do on this file (the browser hides what the server would refuse).
#[derive(Clone, Copy, Default)]
pub(crate) struct May {
    pub read_plan: bool,
    pub diagnostic: bool,
    pub interview: bool,
    pub plan: bool,
    pub comment: bool,
    pub done: bool,
    pub contracts: bool,
    pub override_eligibility: bool,
    pub declare: bool,
    pub validate: bool,
    pub defaults: bool,
}

impl May {
    /// From the account; changes only on an active file.
    pub fn of(me: Option<&Me>, active: bool) -> Self {
        let can = |op: Operation| me.is_some_and(|m| m.may(op));
        let write = |op: Operation| active && can(op);
        May {
            read_plan: can(Operation::ReadPlan),
            diagnostic: write(Operation::WriteDiagnostic),
            interview: write(Operation::RecordInterview),
            plan: write(Operation::ManagePlan),
            comment: write(Operation::CommentOnPlan),
            done: write(Operation::MarkOwnActionDone),
            contracts: write(Operation::ManageContracts),
            override_eligibility: active
                && me.is_some_and(|m| domain::may_override_eligibility(m.role)),
            declare: write(Operation::DeclareHours),
            validate: write(Operation::ValidateHours),
            defaults: can(Operation::ManageHourDefaults),
        }
    }
}

/// What the parts of a page share.
#[derive(Clone, Copy)]
pub(crate) struct Ctx {
    pub session: Session,
    pub id: YouthId,
    /// The message of the page's live region.
    pub announce: RwSignal<Option<String>>,
    pub may: May,
    /// "moreau-lea", for the names of downloaded files.
    pub slug: RwSignal<Option<String>>,
    busy: StoredValue<bool>,
}

/// A request in flight.
pub(crate) type Work = Pin<Box<dyn Future<Output = ()>>>;

/// What to do with an answer.
pub(crate) type Then = Box<dyn FnOnce(Result<Value, ApiError>)>;

/// After a form was saved: the message to say and the element to focus.
pub(crate) type Saved = Box<dyn FnOnce(&Value) -> (String, String)>;

impl Ctx {
    pub fn new(session: Session, id: YouthId, may: May, slug: String) -> Self {
        Self {
            session,
            id,
            announce: RwSignal::new(None),
            may,
            slug: RwSignal::new(Some(slug)),
            busy: StoredValue::new(false),
        }
    }

    /// Runs a request once at a time (a second click while it runs does nothing).
    pub fn run(&self, work: impl Future<Output = ()> + 'static) {
        self.run_boxed(Box::pin(work));
    }

    #[inline(never)]
    fn run_boxed(&self, work: Work) {
        if self.busy.get_value() {
            return;
        }
        let busy = self.busy;
        busy.set_value(true);
        leptos::task::spawn_local(async move {
            work.await;
            busy.try_set_value(false);
        });
    }

    /// Sends a request (once at a time) and hands its answer to `then`.
    pub fn send(&self, request: Request, then: Then) {
        self.run_boxed(Box::pin(async move { then(request.await) }));
    }

    /// Sends a form: on success the form closes (`open` empties), `reload` reads the page
    /// again, the live region says `done`'s message and the focus moves to its element; on
    /// failure the server's errors show in the form.
    pub fn send_form(
        &self,
        request: Request,
        form: (RwSignal<Option<Open>>, String, Values),
        reload: RwSignal<u32>,
        done: Saved,
    ) {
        let ctx = *self;
        let (open, key, values) = form;
        self.send(
            request,
            Box::new(move |result| match result {
                Ok(answer) => {
                    let (message, focus) = done(&answer);
                    open.try_set(None);
                    reload.try_update(|r| *r += 1);
                    ctx.say(message);
                    html::focus_later(focus);
                }
                Err(err) => reject(open, &key, values, Errors::of(&err)),
            }),
        );
    }

    /// Says something in the page's live region.
    pub fn say(&self, message: impl Into<String>) {
        self.announce.try_set(Some(message.into()));
    }

    /// Downloads the recap of the diagnostic and plan, or the review of a CEJ.
    pub fn download(&self, bilan: Option<ContractId>, error: RwSignal<Option<String>>) {
        let ctx = *self;
        let name = format!(
            "{}-{}.pdf",
            if bilan.is_some() {
                "bilan-cej"
            } else {
                "recapitulatif"
            },
            ctx.slug.get_untracked().unwrap_or_default()
        );
        error.set(None);
        self.run(async move {
            let bytes = match bilan {
                Some(contract) => {
                    api::accompaniment::bilan_pdf(ctx.session, ctx.id, contract).await
                }
                None => api::accompaniment::recap_pdf(ctx.session, ctx.id).await,
            };
            let failed = match bytes {
                Ok(bytes) => {
                    crate::components::download::save_file(&bytes, "application/pdf", &name)
                        .err()
                        .map(|_| "Le fichier n'a pas pu être enregistré.".to_owned())
                }
                Err(err) => Some(err.message()),
            };
            match failed {
                None => ctx.say(format!("Document téléchargé : {name}.")),
                Some(message) => {
                    error.try_set(Some(message));
                }
            }
        });
    }
}

/// An answer of the server: `None` until it arrives.
pub(crate) type Data = RwSignal<Option<Result<Value, ApiError>>>;

pub(crate) use crate::api::accompaniment::Request;

/// Fetches into a signal, again whenever a signal `request` reads changes; an answer that
/// arrives after a newer request started is dropped (`fetched::fetch_into`, for JSON trees).
pub(crate) fn load(request: impl Fn() -> Request + 'static) -> Data {
    load_boxed(Box::new(request))
}

#[inline(never)]
fn load_boxed(request: Box<dyn Fn() -> Request>) -> Data {
    let target: Data = RwSignal::new(None);
    crate::components::fetched::fetch_into(target, false, request);
    target
}

/// A page: its blocks of markup and what it does on clicks, submits and changes.
pub(crate) trait Part: Send + Sync + 'static {
    /// How many blocks the page has; each is drawn again on its own.
    fn blocks(&self) -> usize;
    /// One block (reactive).
    fn html(&self, block: usize) -> String;
    /// A click on a `[data-action]` element.
    fn click(&self, action: &str, arg: &str, ev: &web_sys::Event);
    /// A form sent: its `data-form` name (before `:`), its argument (after), its values.
    fn submit(&self, form: &str, arg: &str, values: Values);
    /// A control changed.
    fn change(&self, _ev: &web_sys::Event) {}
}

/// The markup of a page, with its handlers.
pub(crate) fn mount(
    title: Signal<String>,
    nav: String,
    part: Arc<dyn Part>,
    announce: RwSignal<Option<String>>,
) -> AnyView {
    view! {
        {live(announce)}
        <PageTitle title/>
        <div inner_html=nav></div>
        {blocks_view(part)}
    }
    .into_any()
}

/// The live region where a page says what it did.
pub(crate) fn live(announce: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <div role="status" class="live">
            {move || announce.get().map(|m| view! { <p class="notice notice-success">{m}</p> })}
        </div>
    }
}

/// The blocks of a part, with its click, submit and change handlers (a page, or a panel of
/// one).
pub(crate) fn blocks_view(part: Arc<dyn Part>) -> AnyView {
    let on_click = {
        let part = part.clone();
        move |ev: leptos::ev::MouseEvent| {
            if let Some((action, arg)) = html::action_of(&ev) {
                part.click(&action, &arg, &ev);
            }
        }
    };
    let on_submit = {
        let part = part.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if let Some((form, values)) = html::form_of(&ev) {
                let (form, arg) = form.split_once(':').unwrap_or((form.as_str(), ""));
                part.submit(form, arg, values);
            }
        }
    };
    let on_change = {
        let part = part.clone();
        move |ev: leptos::ev::Event| part.change(&ev)
    };
    let blocks = (0..part.blocks())
        .map(|i| {
            let part = part.clone();
            view! { <div inner_html=move || part.html(i)></div> }
        })
        .collect_view();
    view! { <div on:click=on_click on:submit=on_submit on:change=on_change>{blocks}</div> }
        .into_any()
}

/// A view drawn again whenever a signal `draw` reads changes. Boxed, so that every page drawn
/// this way shares one closure type (each costs about 1.6 KB of WebAssembly).
pub(crate) fn redraw(draw: Box<dyn Fn() -> AnyView + Send + Sync>) -> impl IntoView {
    move || draw()
}

/// A page of the file: reads the file (name, status), then draws the part.
fn page() -> impl IntoView + use<> {
    let session = Session::use_context();
    let params = use_params_map();
    // A memo: going from one page of the file to another does not read the file again.
    let id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<YouthId>().ok())));
    let tab = move || {
        params.with(|p| {
            let page = p.get("page").unwrap_or_default();
            Tab::ALL
                .into_iter()
                .find(|t| t.path().get(1..) == Some(page.as_str()))
        })
    };
    let youth = load(move || match id.get() {
        Some(id) => api::accompaniment::youth(session, id),
        None => Box::pin(async { Ok(Value::Null) }),
    });
    redraw(Box::new(move || {
        let (title, text) = match (tab(), youth.get()) {
            (Some(tab), Some(Ok(detail))) if !detail.is_null() => {
                return tab_view(tab, session, &detail);
            }
            (None, _) | (_, Some(Ok(_))) | (_, Some(Err(ApiError::Http { status: 404, .. }))) => (
                "Dossier introuvable",
                "Cette page n'existe pas, ou ce dossier n'est pas accessible avec votre compte."
                    .to_owned(),
            ),
            (_, None) => ("Dossier", "Chargement…".to_owned()),
            (_, Some(Err(error))) => ("Dossier", error.message()),
        };
        let mut html = String::from(r#"<p role="status">"#);
        ui::t(&mut html, &text);
        html.push_str("</p>");
        mount(
            title.to_owned().into(),
            String::new(),
            Arc::new(Static(html)),
            RwSignal::new(None),
        )
    }))
}

/// A page of the file `d` (a `YouthDetail`).
fn tab_view(tab: Tab, session: Session, d: &Value) -> AnyView {
    let me = session.me();
    let Ok(id) = json::s(d, "id").parse::<YouthId>() else {
        return ().into_any();
    };
    let may = May::of(me.as_ref(), json::s(d, "status") == "active");
    let (first, last) = (json::s(d, "first_name"), json::s(d, "last_name"));
    let slug = format!("{last}-{first}").to_lowercase().replace(' ', "-");
    let ctx = Ctx::new(session, id, may, slug);
    let title = format!("{} — {first} {last}", tab.label());
    let nav = nav_html(id, tab, me.as_ref());
    let allowed = tab
        .operation()
        .is_none_or(|op| me.as_ref().is_some_and(|m| m.may(op)));
    let part: Arc<dyn Part> = match tab {
        _ if !allowed => Arc::new(Static(
            "<p>Votre rôle ne donne pas accès à cette partie du dossier.</p>".to_owned(),
        )),
        Tab::Synthese => Arc::new(synthesis::Synthesis::new(ctx)),
        Tab::Diagnostic => Arc::new(diagnostic::Diagnostic::new(ctx)),
        Tab::Plan => Arc::new(plan::PlanPart::new(ctx)),
        Tab::Dispositifs => Arc::new(contracts::Contracts::new(ctx)),
        Tab::Heures => Arc::new(hours::Hours::new(ctx)),
        Tab::RendezVous => Arc::new(Appointments::new(ctx, false)),
        Tab::Orientations => Arc::new(super::offers::orientations::Orientations::new(ctx)),
        Tab::Entretiens | Tab::Dossier => Arc::new(interviews::Interviews::new(ctx)),
    };
    mount(title.into(), nav, part, ctx.announce)
}

/// A page of text only (loading, not found, not allowed).
pub(crate) struct Static(pub String);

impl Part for Static {
    fn blocks(&self) -> usize {
        1
    }

    fn html(&self, _block: usize) -> String {
        self.0.clone()
    }

    fn click(&self, _action: &str, _arg: &str, _ev: &web_sys::Event) {}

    fn submit(&self, _form: &str, _arg: &str, _values: Values) {}
}

/// `/conseiller/jeunes/:id/:page`: one of the accompaniment pages (`synthese`, `diagnostic`,
/// `plan`, `dispositifs`, `heures`, `entretiens`).
#[component]
pub fn AccompanimentPage() -> impl IntoView {
    page()
}

// ---------------------------------------------------------------- shared pieces

/// The page's open form: what it is for (`action:…`), what was typed, what is wrong.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Open {
    pub key: String,
    pub values: Values,
    pub errors: Errors,
}

impl Open {
    pub fn new(key: impl Into<String>, values: Values) -> Self {
        Self {
            key: key.into(),
            values,
            errors: Errors::default(),
        }
    }
}

/// The open form of `open` if its key is `key`.
pub(crate) fn open_as(open: &Option<Open>, key: &str) -> Option<Open> {
    open.as_ref().filter(|o| o.key == key).cloned()
}

/// Shows the errors of a form and moves the focus to their summary.
#[inline(never)]
pub(crate) fn reject(open: RwSignal<Option<Open>>, key: &str, values: Values, errors: Errors) {
    // The forms repeated on each action have the action in their ids.
    let prefix = match prefix_of(key) {
        "commentaire" | "fait" | "message" | "avis" => key.replace(':', "-"),
        prefix => prefix.to_owned(),
    };
    open.try_set(Some(Open {
        key: key.to_owned(),
        values,
        errors,
    }));
    html::focus_later(prefix + "-erreurs");
}

/// The prefix of a form's ids, from its key (`extend:…` → `extend`).
pub(crate) fn prefix_of(key: &str) -> &str {
    key.split(':').next().unwrap_or(key)
}

/// The fields left empty among `required`, with their messages.
#[inline(never)]
pub(crate) fn missing(values: &Values, required: &[(&str, &str)]) -> Errors {
    Errors {
        general: None,
        fields: required
            .iter()
            .filter(|(name, _)| one(values, name).trim().is_empty())
            .map(|(name, message)| ((*name).to_owned(), (*message).to_owned()))
            .collect(),
    }
}

/// A date typed in a form.
#[inline(never)]
pub(crate) fn date_in(values: &Values, name: &str) -> Option<NaiveDate> {
    one(values, name).parse().ok()
}

/// Trimmed text, `None` when blank.
#[inline(never)]
pub(crate) fn text_in(values: &Values, name: &str) -> Option<String> {
    let text = one(values, name).trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Trimmed text.
#[inline(never)]
pub(crate) fn trimmed(values: &Values, name: &str) -> String {
    one(values, name).trim().to_owned()
}

/// The instant of a day and a time typed in a form ("14:30"), in the browser's time zone
/// (Europe/Paris for its users, as the tests set it).
#[inline(never)]
pub(crate) fn local_instant(date: NaiveDate, time: &str) -> Option<DateTime<Utc>> {
    use chrono::Datelike as _;
    let (h, m) = time.split_once(':')?;
    let (h, m) = (h.parse::<i32>().ok()?, m.get(..2)?.parse::<i32>().ok()?);
    let js = js_sys::Date::new_with_year_month_day_hr_min(
        date.year() as u32,
        date.month0() as i32,
        date.day() as i32,
        h,
        m,
    );
    DateTime::from_timestamp_millis(js.get_time() as i64)
}

/// The instant of a date (`date_name`) and a time (`time`, "14:30") typed in a form, in the
/// browser's time zone (Paris for its users); the errors name the fields.
#[inline(never)]
pub(crate) fn instant_in(values: &Values, date_name: &str) -> Result<DateTime<Utc>, Errors> {
    let date =
        date_in(values, date_name).ok_or_else(|| Errors::field(date_name, "Saisissez la date."))?;
    let Some(at) = local_instant(date, one(values, "time")) else {
        return Err(Errors::field(
            "time",
            "Saisissez l'heure, par exemple 14:30.",
        ));
    };
    if at.timestamp_millis() as f64 > js_sys::Date::now() + 300_000.0 {
        return Err(Errors::field(
            date_name,
            "Cette date est dans le futur : on enregistre ce qui a déjà eu lieu.",
        ));
    }
    Ok(at)
}

/// "HH:MM" now, in the browser's time zone.
pub(crate) fn now_time() -> String {
    let now = js_sys::Date::new_0();
    format!("{:02}:{:02}", now.get_hours(), now.get_minutes())
}

/// "CEJ" or "PACEA".
pub(crate) const fn scheme_short(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::Cej => "CEJ",
        Scheme::Pacea => "PACEA",
    }
}

/// "CEJ du 01/02/2026", of a `Contract`.
#[inline(never)]
pub(crate) fn contract_name(c: &Value) -> String {
    format!(
        "{} du {}",
        Scheme::from_code(json::s(c, "scheme")).map_or("Contrat", scheme_short),
        json::day(c, "started_on")
    )
}

/// An answer's markup: "Chargement…", the error, or what `f` writes of it.
#[inline(never)]
pub(crate) fn loaded(out: &mut String, data: Data, f: &dyn Fn(&mut String, &Value)) {
    data.with(|value| match value {
        None => ui::r(out, r#"<p class="loading" role="status">Chargement…</p>"#),
        Some(Err(e)) => ui::error(out, &e.message()),
        Some(Ok(value)) => f(out, value),
    });
}

/// The answer, once arrived (not reactive), or null.
pub(crate) fn answer(data: Data) -> Value {
    data.with_untracked(|v| match v {
        Some(Ok(v)) => v.clone(),
        _ => Value::Null,
    })
}

/// An error message, if any (reactive).
pub(crate) fn error_of(out: &mut String, error: RwSignal<Option<String>>) {
    if let Some(e) = error.get() {
        ui::error(out, &e);
    }
}
