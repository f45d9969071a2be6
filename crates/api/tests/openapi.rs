//! The committed `api-spec/openapi.json` must match the code. Regenerate it with
//! `cargo xtask openapi` (or `UPDATE_OPENAPI=1 cargo test -p api --test openapi`).

#![expect(clippy::expect_used, reason = "test code fails loudly on purpose")]

use std::collections::HashSet;
use std::path::PathBuf;

use serde_json::Value;

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../api-spec/openapi.json")
}

fn generated() -> String {
    api::openapi::document_json().expect("document")
}

#[test]
fn the_committed_spec_matches_the_code() {
    let generated = generated();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(committed_path(), &generated).expect("write spec");
    }
    let committed = std::fs::read_to_string(committed_path()).unwrap_or_default();
    assert!(
        committed == generated,
        "api-spec/openapi.json is out of date with the code: run `cargo xtask openapi` and commit it"
    );
}

fn operations(spec: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            out.push((path.clone(), method.clone(), op));
        }
    }
    out
}

#[test]
fn every_operation_is_named_described_and_answers_with_descriptions() {
    let spec: Value = serde_json::from_str(&generated()).expect("json");
    assert_eq!(spec["openapi"], "3.1.0");
    let mut ids = HashSet::new();
    for (path, method, op) in operations(&spec) {
        let id = op["operationId"]
            .as_str()
            .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
        assert!(ids.insert(id.to_owned()), "duplicate operationId {id}");
        assert!(
            id.contains('_') && id.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{id} is not verb_resource"
        );
        assert!(
            op["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{id} has no summary"
        );
        for (status, response) in op["responses"].as_object().expect("responses") {
            assert!(
                response["description"]
                    .as_str()
                    .is_some_and(|d| !d.is_empty()),
                "{id} {status} has no description"
            );
        }
        // Public on purpose: reference data, the online pre-registration and calendar feeds
        // (whose address is the secret).
        const PUBLIC: [&str; 8] = [
            "get_calendar_feed",
            "list_first_appointment_slots",
            "book_first_appointment",
            "list_communes",
            "list_countries",
            "list_public_structures",
            "get_preregistration_ticket",
            "submit_preregistration",
        ];
        if (path.starts_with("/api/v1/") && !path.starts_with("/api/v1/auth/")
            || path == "/api/v1/auth/logout-everywhere")
            && !PUBLIC.contains(&id)
        {
            assert!(
                op["security"].is_array(),
                "{id} should require the bearer token"
            );
            assert!(
                op["responses"]["401"].is_object(),
                "{id} should document 401"
            );
        }
    }
    assert!(ids.len() >= 20, "{ids:?}");
}

#[test]
fn every_schema_field_is_documented() {
    let spec: Value = serde_json::from_str(&generated()).expect("json");
    for (name, schema) in spec["components"]["schemas"].as_object().expect("schemas") {
        if let Some(properties) = schema["properties"].as_object() {
            for (field, property) in properties {
                let documented = property["description"]
                    .as_str()
                    .is_some_and(|d| !d.is_empty())
                    || property["allOf"].is_array()
                    || property["oneOf"].is_array()
                    || property["$ref"].is_string();
                assert!(documented, "{name}.{field} has no description");
            }
        }
    }
}
