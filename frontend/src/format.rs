//! French formatting of dates, phones and statuses.

use chrono::{DateTime, NaiveDate, Utc};
use domain::dto::AccountStatus;
use domain::values::PhoneNumber;

/// `14/03/2006`.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `22/11/2026 à 17:05`, in the browser's time zone.
pub fn date_time(at: DateTime<Utc>) -> String {
    let js = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        at.timestamp_millis() as f64
    ));
    format!(
        "{:02}/{:02}/{} à {:02}:{:02}",
        js.get_date(),
        js.get_month() + 1,
        js.get_full_year(),
        js.get_hours(),
        js.get_minutes()
    )
}

/// `06 12 34 56 78` from the stored `+33612345678`.
pub fn phone(stored: &str) -> String {
    PhoneNumber::parse(stored)
        .map(|p| p.national())
        .unwrap_or_else(|_| stored.to_owned())
}

/// The status of a youth app account.
pub fn app_account(status: Option<AccountStatus>) -> &'static str {
    match status {
        None => "Pas de compte",
        Some(s) => s.label(),
    }
}

/// Today, from the browser's clock.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}
