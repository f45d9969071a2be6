//! HTTP handlers, one file per resource. A handler extracts and parses its input, asks the
//! policy, calls one function, and maps the result; each is named after its OpenAPI
//! operation id (`verb_resource`).

pub mod agenda;
pub mod appointments;
pub mod audit;
pub mod auth;
pub mod contracts;
pub mod diagnostics;
pub mod health;
pub mod hours;
pub mod me;
pub mod offers;
pub mod partners;
pub mod plans;
pub mod preregistrations;
pub mod reference;
pub mod referrals;
pub mod staff;
pub mod structures;
pub mod workshops;
pub mod youths;

use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::DefaultHeaders;
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;

/// Registers every documented route (used both to serve and to build the OpenAPI document).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::get_health)
        .service(health::get_readiness)
        .service(
            scope("/api/v1")
                .wrap(
                    DefaultHeaders::new()
                        .add((header::CACHE_CONTROL, HeaderValue::from_static("no-store"))),
                )
                .service(auth::open_session)
                .service(auth::refresh_session)
                .service(auth::close_session)
                .service(auth::close_all_sessions)
                .service(auth::inspect_invitation)
                .service(auth::accept_invitation)
                .service(auth::request_password_reset)
                .service(auth::confirm_password_reset)
                .service(me::get_me)
                .service(structures::get_structure)
                .service(structures::create_site)
                .service(structures::add_covered_commune)
                .service(structures::get_file_settings)
                .service(structures::update_file_settings)
                .service(staff::list_staff)
                .service(staff::invite_staff_member)
                .service(youths::list_youths)
                .service(youths::create_youth)
                .service(youths::check_duplicates)
                .service(youths::scan_duplicates)
                .service(youths::get_youth)
                .service(youths::update_youth)
                .service(youths::list_youth_history)
                .service(youths::restore_youth_value)
                .service(youths::confirm_youth_fields)
                .service(youths::list_youth_duplicates)
                .service(youths::merge_youths)
                .service(youths::dismiss_duplicate)
                .service(youths::assign_youth_counsellor)
                .service(youths::transfer_youth)
                .service(youths::list_youth_readers)
                .service(youths::export_youth_json)
                .service(youths::export_youth_pdf)
                .service(youths::invite_youth)
                .service(diagnostics::get_diagnostic)
                .service(diagnostics::save_diagnostic)
                .service(diagnostics::get_diagnostic_revision)
                .service(diagnostics::compare_diagnostic_revisions)
                .service(diagnostics::get_synthesis)
                .service(diagnostics::get_eligibility)
                .service(diagnostics::list_interviews)
                .service(diagnostics::record_interview)
                .service(diagnostics::get_timeline)
                .service(diagnostics::download_recap)
                .service(plans::get_plan)
                .service(plans::get_plan_weeks)
                .service(plans::create_objective)
                .service(plans::update_objective)
                .service(plans::create_action)
                .service(plans::update_action)
                .service(plans::mark_action_done)
                .service(plans::validate_action)
                .service(plans::comment_action)
                .service(contracts::list_contracts)
                .service(contracts::start_contract)
                .service(contracts::extend_contract)
                .service(contracts::end_contract)
                .service(contracts::add_pacea_phase)
                .service(contracts::evaluate_pacea_phase)
                .service(contracts::download_bilan)
                .service(hours::get_hours)
                .service(hours::declare_hours)
                .service(hours::review_hours)
                .service(hours::update_hour_defaults)
                .service(agenda::get_agenda)
                .service(agenda::get_site_agenda)
                .service(agenda::get_agenda_home)
                .service(agenda::create_agenda_event)
                .service(agenda::move_agenda_event)
                .service(agenda::cancel_agenda_event)
                .service(agenda::record_event_attendance)
                .service(agenda::get_availability)
                .service(agenda::update_availability)
                .service(agenda::get_agenda_setup)
                .service(agenda::update_agenda_settings)
                .service(agenda::create_appointment_type)
                .service(agenda::update_appointment_type)
                .service(agenda::reset_agenda_feed)
                .service(agenda::get_calendar_feed)
                .service(appointments::list_appointments)
                .service(appointments::list_free_slots)
                .service(appointments::book_appointment)
                .service(appointments::move_appointment)
                .service(appointments::cancel_appointment)
                .service(appointments::confirm_appointment)
                .service(appointments::update_follow_up_intensity)
                .service(appointments::list_youth_messages)
                .service(appointments::reset_youth_feed)
                .service(appointments::list_first_appointment_slots)
                .service(appointments::book_first_appointment)
                .service(workshops::list_workshops)
                .service(workshops::create_workshop)
                .service(workshops::get_workshop)
                .service(workshops::update_workshop)
                .service(workshops::cancel_workshop)
                .service(workshops::register_to_workshop)
                .service(workshops::unregister_from_workshop)
                .service(workshops::take_workshop_attendance)
                .service(workshops::give_workshop_feedback)
                .service(preregistrations::list_public_structures)
                .service(preregistrations::get_preregistration_ticket)
                .service(preregistrations::submit_preregistration)
                .service(preregistrations::list_preregistrations)
                .service(preregistrations::get_preregistration)
                .service(preregistrations::change_preregistration_status)
                .service(preregistrations::register_preregistration)
                .service(partners::list_partners)
                .service(partners::get_partner)
                .service(partners::invite_partner_user)
                .service(partners::list_partner_appointments)
                .service(partners::create_partner)
                .service(partners::update_partner)
                .service(partners::change_partner_status)
                .service(partners::list_partner_exchanges)
                .service(partners::record_partner_exchange)
                .service(partners::partner_letter)
                .service(partners::list_partner_events)
                .service(partners::create_partner_event)
                .service(partners::update_partner_event)
                .service(partners::cancel_partner_event)
                .service(partners::list_partner_event_registrations)
                .service(partners::take_partner_event_attendance)
                .service(offers::list_offers)
                .service(offers::create_offer)
                .service(offers::get_offer)
                .service(offers::update_offer)
                .service(offers::add_offer_session)
                .service(offers::update_offer_session)
                .service(offers::rank_youths_for_offer)
                .service(offers::rank_offers_for_youth)
                .service(offers::map_around)
                .service(referrals::list_referrals)
                .service(referrals::create_referral)
                .service(referrals::get_referral)
                .service(referrals::move_referral)
                .service(referrals::list_referral_messages)
                .service(referrals::post_referral_message)
                .service(referrals::upload_referral_document)
                .service(referrals::download_referral_document)
                .service(audit::list_audit_events)
                .service(reference::list_communes)
                .service(reference::list_countries)
                .default_service(actix_web::web::to(api_not_found)),
        );
}

/// Any unknown path under `/api`.
pub async fn api_not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}
