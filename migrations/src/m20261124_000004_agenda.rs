//! The agenda (issue 5): appointment types and booking settings per Mission Locale, each staff
//! member's availability, agenda events of every kind, the cells that forbid double booking,
//! workshops and their registrations, outgoing messages (reminders…) and calendar feeds.
//!
//! `agenda_cells` is the double-booking guard: one row per person and quarter hour, under a
//! primary key, written in the booking's transaction. Two bookings of one person at one instant
//! cannot both commit, on SQLite as on PostgreSQL, whatever the number of servers.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Structures {
    Table,
    AgendaSettings,
}

#[derive(DeriveIden)]
enum Youths {
    Table,
    Id,
    FollowUpIntensity,
}

#[derive(DeriveIden)]
enum Preregistrations {
    Table,
    BookingTokenHash,
}

#[derive(DeriveIden)]
enum AppointmentTypes {
    Table,
    Id,
    StructureId,
    Label,
    Mode,
    Minutes,
    FirstReception,
    YouthBookable,
    Active,
    Position,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Availabilities {
    Table,
    AccountId,
    StructureId,
    Weekly,
    Exceptions,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AgendaEvents {
    Table,
    Id,
    StructureId,
    OwnerId,
    Kind,
    StartsAt,
    EndsAt,
    Title,
    Note,
    SiteId,
    YouthId,
    PreregistrationId,
    PartnerId,
    AppointmentTypeId,
    Mode,
    Status,
    BookedById,
    BookedByYouth,
    ConfirmedAt,
    CancelledAt,
    CancelReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AgendaCells {
    Table,
    OwnerId,
    CellStart,
    EventId,
}

#[derive(DeriveIden)]
enum Workshops {
    Table,
    Id,
    StructureId,
    SiteId,
    Title,
    Theme,
    Description,
    StartsAt,
    EndsAt,
    Capacity,
    FacilitatorId,
    CancelledAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WorkshopRegistrations {
    Table,
    Id,
    WorkshopId,
    YouthId,
    Status,
    RegisteredAt,
    RegisteredByName,
    PromotedAt,
    CancelledAt,
    Attendance,
    AttendanceAt,
    Feedback,
    FeedbackAt,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    StructureId,
    YouthId,
    EventId,
    WorkshopId,
    Kind,
    Channel,
    Recipient,
    Subject,
    Body,
    Status,
    ScheduledAt,
    SentAt,
    Attempts,
    LastError,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CalendarFeeds {
    Table,
    Id,
    TokenHash,
    AccountId,
    YouthId,
    CreatedAt,
}

fn index(
    name: &str,
    table: impl IntoIden,
    cols: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    if unique {
        stmt.unique();
    }
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    stmt.to_owned()
}

fn to_youth(table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Youths::Table, Youths::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Structures::Table)
                    .add_column(json_null(Structures::AgendaSettings))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Youths::Table)
                    .add_column(string_len_null(Youths::FollowUpIntensity, 24))
                    .to_owned(),
            )
            .await?;
        // The secret that lets a pre-registered young person book their first appointment.
        manager
            .alter_table(
                Table::alter()
                    .table(Preregistrations::Table)
                    .add_column(string_len_null(Preregistrations::BookingTokenHash, 64))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AppointmentTypes::Table)
                    .col(pk_uuid(AppointmentTypes::Id))
                    .col(uuid(AppointmentTypes::StructureId))
                    .col(string(AppointmentTypes::Label))
                    .col(string_len(AppointmentTypes::Mode, 16))
                    .col(integer(AppointmentTypes::Minutes))
                    .col(boolean(AppointmentTypes::FirstReception))
                    .col(boolean(AppointmentTypes::YouthBookable))
                    .col(boolean(AppointmentTypes::Active))
                    .col(integer(AppointmentTypes::Position))
                    .col(timestamp_with_time_zone(AppointmentTypes::CreatedAt))
                    .col(timestamp_with_time_zone(AppointmentTypes::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_appointment_types_structure",
                AppointmentTypes::Table,
                &["structure_id", "position"],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Availabilities::Table)
                    .col(pk_uuid(Availabilities::AccountId))
                    .col(uuid(Availabilities::StructureId))
                    .col(json(Availabilities::Weekly))
                    .col(json(Availabilities::Exceptions))
                    .col(timestamp_with_time_zone(Availabilities::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AgendaEvents::Table)
                    .col(pk_uuid(AgendaEvents::Id))
                    .col(uuid(AgendaEvents::StructureId))
                    .col(uuid(AgendaEvents::OwnerId))
                    .col(string_len(AgendaEvents::Kind, 32))
                    .col(timestamp_with_time_zone(AgendaEvents::StartsAt))
                    .col(timestamp_with_time_zone(AgendaEvents::EndsAt))
                    .col(string(AgendaEvents::Title))
                    .col(text(AgendaEvents::Note))
                    .col(uuid_null(AgendaEvents::SiteId))
                    .col(uuid_null(AgendaEvents::YouthId))
                    .col(uuid_null(AgendaEvents::PreregistrationId))
                    .col(uuid_null(AgendaEvents::PartnerId))
                    .col(uuid_null(AgendaEvents::AppointmentTypeId))
                    .col(string_len_null(AgendaEvents::Mode, 16))
                    .col(string_len(AgendaEvents::Status, 16))
                    .col(uuid_null(AgendaEvents::BookedById))
                    .col(boolean(AgendaEvents::BookedByYouth))
                    .col(timestamp_with_time_zone_null(AgendaEvents::ConfirmedAt))
                    .col(timestamp_with_time_zone_null(AgendaEvents::CancelledAt))
                    .col(text_null(AgendaEvents::CancelReason))
                    .col(timestamp_with_time_zone(AgendaEvents::CreatedAt))
                    .col(timestamp_with_time_zone(AgendaEvents::UpdatedAt))
                    .foreign_key(&mut to_youth(AgendaEvents::Table, AgendaEvents::YouthId))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_agenda_events_owner", &["owner_id", "starts_at"][..]),
            (
                "idx_agenda_events_owner_kind",
                &["owner_id", "kind", "starts_at"][..],
            ),
            ("idx_agenda_events_youth", &["youth_id", "starts_at"][..]),
            ("idx_agenda_events_site", &["site_id", "starts_at"][..]),
            (
                "idx_agenda_events_partner",
                &["partner_id", "starts_at"][..],
            ),
        ] {
            manager
                .create_index(index(name, AgendaEvents::Table, cols, false))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(AgendaCells::Table)
                    .col(uuid(AgendaCells::OwnerId))
                    .col(timestamp_with_time_zone(AgendaCells::CellStart))
                    .col(uuid(AgendaCells::EventId))
                    .primary_key(
                        Index::create()
                            .col(AgendaCells::OwnerId)
                            .col(AgendaCells::CellStart),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AgendaCells::Table, AgendaCells::EventId)
                            .to(AgendaEvents::Table, AgendaEvents::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_agenda_cells_event",
                AgendaCells::Table,
                &["event_id"],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Workshops::Table)
                    .col(pk_uuid(Workshops::Id))
                    .col(uuid(Workshops::StructureId))
                    .col(uuid_null(Workshops::SiteId))
                    .col(string(Workshops::Title))
                    .col(string_len_null(Workshops::Theme, 32))
                    .col(text(Workshops::Description))
                    .col(timestamp_with_time_zone(Workshops::StartsAt))
                    .col(timestamp_with_time_zone(Workshops::EndsAt))
                    .col(integer(Workshops::Capacity))
                    .col(uuid(Workshops::FacilitatorId))
                    .col(timestamp_with_time_zone_null(Workshops::CancelledAt))
                    .col(timestamp_with_time_zone(Workshops::CreatedAt))
                    .col(timestamp_with_time_zone(Workshops::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "idx_workshops_structure",
                &["structure_id", "starts_at"][..],
            ),
            (
                "idx_workshops_facilitator",
                &["facilitator_id", "starts_at"][..],
            ),
        ] {
            manager
                .create_index(index(name, Workshops::Table, cols, false))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(WorkshopRegistrations::Table)
                    .col(pk_uuid(WorkshopRegistrations::Id))
                    .col(uuid(WorkshopRegistrations::WorkshopId))
                    .col(uuid(WorkshopRegistrations::YouthId))
                    .col(string_len(WorkshopRegistrations::Status, 16))
                    .col(timestamp_with_time_zone(
                        WorkshopRegistrations::RegisteredAt,
                    ))
                    .col(string(WorkshopRegistrations::RegisteredByName))
                    .col(timestamp_with_time_zone_null(
                        WorkshopRegistrations::PromotedAt,
                    ))
                    .col(timestamp_with_time_zone_null(
                        WorkshopRegistrations::CancelledAt,
                    ))
                    .col(string_len_null(WorkshopRegistrations::Attendance, 16))
                    .col(timestamp_with_time_zone_null(
                        WorkshopRegistrations::AttendanceAt,
                    ))
                    .col(json_null(WorkshopRegistrations::Feedback))
                    .col(timestamp_with_time_zone_null(
                        WorkshopRegistrations::FeedbackAt,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                WorkshopRegistrations::Table,
                                WorkshopRegistrations::WorkshopId,
                            )
                            .to(Workshops::Table, Workshops::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut to_youth(
                        WorkshopRegistrations::Table,
                        WorkshopRegistrations::YouthId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "uq_workshop_registrations_youth",
                WorkshopRegistrations::Table,
                &["workshop_id", "youth_id"],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "idx_workshop_registrations_youth",
                WorkshopRegistrations::Table,
                &["youth_id"],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Messages::Table)
                    .col(pk_uuid(Messages::Id))
                    .col(uuid(Messages::StructureId))
                    .col(uuid_null(Messages::YouthId))
                    .col(uuid_null(Messages::EventId))
                    .col(uuid_null(Messages::WorkshopId))
                    .col(string_len(Messages::Kind, 24))
                    .col(string_len(Messages::Channel, 8))
                    .col(string(Messages::Recipient))
                    .col(string(Messages::Subject))
                    .col(text(Messages::Body))
                    .col(string_len(Messages::Status, 16))
                    .col(timestamp_with_time_zone(Messages::ScheduledAt))
                    .col(timestamp_with_time_zone_null(Messages::SentAt))
                    .col(integer(Messages::Attempts))
                    .col(text_null(Messages::LastError))
                    .col(timestamp_with_time_zone(Messages::CreatedAt))
                    .foreign_key(&mut to_youth(Messages::Table, Messages::YouthId))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_messages_youth", &["youth_id", "scheduled_at"][..]),
            ("idx_messages_event", &["event_id"][..]),
            ("idx_messages_workshop", &["workshop_id"][..]),
        ] {
            manager
                .create_index(index(name, Messages::Table, cols, false))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(CalendarFeeds::Table)
                    .col(pk_uuid(CalendarFeeds::Id))
                    .col(string_len(CalendarFeeds::TokenHash, 64))
                    .col(uuid_null(CalendarFeeds::AccountId))
                    .col(uuid_null(CalendarFeeds::YouthId))
                    .col(timestamp_with_time_zone(CalendarFeeds::CreatedAt))
                    .foreign_key(&mut to_youth(CalendarFeeds::Table, CalendarFeeds::YouthId))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("uq_calendar_feeds_token", &["token_hash"][..]),
            ("uq_calendar_feeds_account", &["account_id"][..]),
            ("uq_calendar_feeds_youth", &["youth_id"][..]),
        ] {
            manager
                .create_index(index(name, CalendarFeeds::Table, cols, true))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CalendarFeeds::Table.into_iden(),
            Messages::Table.into_iden(),
            WorkshopRegistrations::Table.into_iden(),
            Workshops::Table.into_iden(),
            AgendaCells::Table.into_iden(),
            AgendaEvents::Table.into_iden(),
            Availabilities::Table.into_iden(),
            AppointmentTypes::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Youths::Table)
                    .drop_column(Youths::FollowUpIntensity)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Preregistrations::Table)
                    .drop_column(Preregistrations::BookingTokenHash)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Structures::Table)
                    .drop_column(Structures::AgendaSettings)
                    .to_owned(),
            )
            .await
    }
}
