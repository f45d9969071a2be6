//! Reading the answers of the accompaniment API: JSON trees of the domain's response types
//! (`domain::dto::accompaniment`), read by their field names where they are shown (see
//! `api::accompaniment` for why they are not deserialized into the types).

use chrono::NaiveDate;
use serde_json::Value;
use wasm_bindgen::JsValue;

/// `null`, for absent fields.
pub(crate) static NULL: Value = Value::Null;

/// A field, `null` when absent.
#[inline(never)]
pub(crate) fn f<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key).unwrap_or(&NULL)
}

/// A text field, "" when absent.
#[inline(never)]
pub(crate) fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    f(v, key).as_str().unwrap_or_default()
}

/// A number field, 0 when absent.
#[inline(never)]
pub(crate) fn n(v: &Value, key: &str) -> i64 {
    f(v, key).as_i64().unwrap_or_default()
}

/// Whether a field is present and not `null`.
pub(crate) fn has(v: &Value, key: &str) -> bool {
    !f(v, key).is_null()
}

/// A list field, or the value itself when it is a list.
#[inline(never)]
pub(crate) fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    let v = if key.is_empty() { v } else { f(v, key) };
    v.as_array().map_or(&[], Vec::as_slice)
}

/// A date field (`2026-03-02`).
#[inline(never)]
pub(crate) fn date(v: &Value, key: &str) -> Option<NaiveDate> {
    s(v, key).parse().ok()
}

/// A date field as "02/03/2026", "" when absent.
#[inline(never)]
pub(crate) fn day(v: &Value, key: &str) -> String {
    date(v, key).map(crate::format::date).unwrap_or_default()
}

/// An instant field (RFC 3339) in the browser's time zone, as a JavaScript date.
fn instant(v: &Value, key: &str) -> Option<js_sys::Date> {
    let text = s(v, key);
    if text.is_empty() {
        return None;
    }
    let date = js_sys::Date::new(&JsValue::from_str(text));
    (!date.get_time().is_nan()).then_some(date)
}

/// An instant field in milliseconds since the epoch, NaN when absent.
#[inline(never)]
pub(crate) fn ms(v: &Value, key: &str) -> f64 {
    instant(v, key).map_or(f64::NAN, |d| d.get_time())
}

/// The time of an instant field, "14:05", "" when absent.
#[inline(never)]
pub(crate) fn hm(v: &Value, key: &str) -> String {
    instant(v, key).map_or_else(String::new, |d| {
        format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
    })
}

/// The day of an instant field in the browser's time zone (Paris for its users).
#[inline(never)]
pub(crate) fn local_day(v: &Value, key: &str) -> Option<NaiveDate> {
    let d = instant(v, key)?;
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
}

/// An instant field as "02/03/2026 à 14:05", "" when absent.
#[inline(never)]
pub(crate) fn when(v: &Value, key: &str) -> String {
    instant(v, key).map_or_else(String::new, |d| {
        format!(
            "{:02}/{:02}/{} à {:02}:{:02}",
            d.get_date(),
            d.get_month() + 1,
            d.get_full_year(),
            d.get_hours(),
            d.get_minutes()
        )
    })
}

/// The day of an instant field, "02/03/2026", "" when absent.
#[inline(never)]
pub(crate) fn when_day(v: &Value, key: &str) -> String {
    instant(v, key).map_or_else(String::new, |d| {
        format!(
            "{:02}/{:02}/{}",
            d.get_date(),
            d.get_month() + 1,
            d.get_full_year()
        )
    })
}

/// The person of a `PersonRef` field, "Prénom Nom", "" when absent.
pub(crate) fn person(v: &Value, key: &str) -> String {
    let p = f(v, key);
    if p.is_null() {
        String::new()
    } else {
        format!("{} {}", s(p, "first_name"), s(p, "last_name"))
    }
}
