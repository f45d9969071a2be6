//! The accompaniment (issue 4): diagnostic revisions, the action plan (objectives, actions and
//! their comments), CEJ and PACEA contracts with their extensions and phases, CEJ activities
//! with their hours, interviews, and each Mission Locale's default hours.
//!
//! Rows hang off the young person's file (`youth_id`, cascade on delete) and are scoped through
//! it: a transfer to another Mission Locale carries them without rewriting them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Structures {
    Table,
    HourDefaults,
}

#[derive(DeriveIden)]
enum Youths {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum DiagnosticRevisions {
    Table,
    Id,
    YouthId,
    Number,
    Content,
    Comment,
    AuthorId,
    AuthorName,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PlanObjectives {
    Table,
    Id,
    YouthId,
    Theme,
    Title,
    StartOn,
    Deadline,
    Status,
    ContractId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PlanActions {
    Table,
    Id,
    YouthId,
    ObjectiveId,
    ContractId,
    Theme,
    Title,
    Details,
    Carrier,
    PartnerName,
    StartOn,
    DueOn,
    Status,
    DoneByYouthAt,
    ValidatedByName,
    ValidatedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PlanActionComments {
    Table,
    Id,
    ActionId,
    AuthorId,
    AuthorName,
    Origin,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Contracts {
    Table,
    Id,
    YouthId,
    Scheme,
    Status,
    StartedOn,
    PlannedEnd,
    MaxEnd,
    EndedOn,
    ExitReason,
    ExitComment,
    Eligibility,
    OverrideReason,
    OverrideByName,
    OverrideAt,
    CreatedByName,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ContractExtensions {
    Table,
    Id,
    ContractId,
    FromEnd,
    ToEnd,
    Reason,
    ByName,
    At,
}

#[derive(DeriveIden)]
enum PaceaPhases {
    Table,
    Id,
    ContractId,
    Number,
    Kind,
    Objectives,
    StartedOn,
    PlannedEnd,
    EndedOn,
    Evaluation,
    ObjectivesMet,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CejActivities {
    Table,
    Id,
    YouthId,
    ContractId,
    Qualification,
    Label,
    OccurredAt,
    ParisDate,
    WeekStart,
    Minutes,
    Status,
    Origin,
    DeclaredByName,
    ReviewedByName,
    ReviewedAt,
    Comment,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Interviews {
    Table,
    Id,
    YouthId,
    OccurredAt,
    Channel,
    Kind,
    CounsellorId,
    Summary,
    Themes,
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
                    .add_column(json_null(Structures::HourDefaults))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(DiagnosticRevisions::Table)
                    .col(pk_uuid(DiagnosticRevisions::Id))
                    .col(uuid(DiagnosticRevisions::YouthId))
                    .col(integer(DiagnosticRevisions::Number))
                    .col(json(DiagnosticRevisions::Content))
                    .col(text(DiagnosticRevisions::Comment))
                    .col(uuid_null(DiagnosticRevisions::AuthorId))
                    .col(string(DiagnosticRevisions::AuthorName))
                    .col(timestamp_with_time_zone(DiagnosticRevisions::CreatedAt))
                    .foreign_key(&mut to_youth(
                        DiagnosticRevisions::Table,
                        DiagnosticRevisions::YouthId,
                    ))
                    .to_owned(),
            )
            .await?;
        // One revision per number: two counsellors saving from the same revision cannot both win.
        manager
            .create_index(index(
                "uq_diagnostic_revisions_number",
                DiagnosticRevisions::Table,
                &["youth_id", "number"],
                true,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Contracts::Table)
                    .col(pk_uuid(Contracts::Id))
                    .col(uuid(Contracts::YouthId))
                    .col(string_len(Contracts::Scheme, 16))
                    .col(string_len(Contracts::Status, 16))
                    .col(date(Contracts::StartedOn))
                    .col(date(Contracts::PlannedEnd))
                    .col(date(Contracts::MaxEnd))
                    .col(date_null(Contracts::EndedOn))
                    .col(string_len_null(Contracts::ExitReason, 32))
                    .col(text_null(Contracts::ExitComment))
                    .col(json(Contracts::Eligibility))
                    .col(text_null(Contracts::OverrideReason))
                    .col(string_null(Contracts::OverrideByName))
                    .col(timestamp_with_time_zone_null(Contracts::OverrideAt))
                    .col(string(Contracts::CreatedByName))
                    .col(timestamp_with_time_zone(Contracts::CreatedAt))
                    .col(timestamp_with_time_zone(Contracts::UpdatedAt))
                    .foreign_key(&mut to_youth(Contracts::Table, Contracts::YouthId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_contracts_youth",
                Contracts::Table,
                &["youth_id", "started_on"],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ContractExtensions::Table)
                    .col(pk_uuid(ContractExtensions::Id))
                    .col(uuid(ContractExtensions::ContractId))
                    .col(date(ContractExtensions::FromEnd))
                    .col(date(ContractExtensions::ToEnd))
                    .col(text(ContractExtensions::Reason))
                    .col(string(ContractExtensions::ByName))
                    .col(timestamp_with_time_zone(ContractExtensions::At))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ContractExtensions::Table, ContractExtensions::ContractId)
                            .to(Contracts::Table, Contracts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_contract_extensions_contract",
                ContractExtensions::Table,
                &["contract_id"],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PaceaPhases::Table)
                    .col(pk_uuid(PaceaPhases::Id))
                    .col(uuid(PaceaPhases::ContractId))
                    .col(integer(PaceaPhases::Number))
                    .col(string_len(PaceaPhases::Kind, 32))
                    .col(text(PaceaPhases::Objectives))
                    .col(date(PaceaPhases::StartedOn))
                    .col(date(PaceaPhases::PlannedEnd))
                    .col(date_null(PaceaPhases::EndedOn))
                    .col(text_null(PaceaPhases::Evaluation))
                    .col(boolean_null(PaceaPhases::ObjectivesMet))
                    .col(timestamp_with_time_zone(PaceaPhases::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PaceaPhases::Table, PaceaPhases::ContractId)
                            .to(Contracts::Table, Contracts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "uq_pacea_phases_number",
                PaceaPhases::Table,
                &["contract_id", "number"],
                true,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PlanObjectives::Table)
                    .col(pk_uuid(PlanObjectives::Id))
                    .col(uuid(PlanObjectives::YouthId))
                    .col(string_len(PlanObjectives::Theme, 32))
                    .col(string(PlanObjectives::Title))
                    .col(date(PlanObjectives::StartOn))
                    .col(date_null(PlanObjectives::Deadline))
                    .col(string_len(PlanObjectives::Status, 16))
                    .col(uuid_null(PlanObjectives::ContractId))
                    .col(timestamp_with_time_zone(PlanObjectives::CreatedAt))
                    .col(timestamp_with_time_zone(PlanObjectives::UpdatedAt))
                    .foreign_key(&mut to_youth(
                        PlanObjectives::Table,
                        PlanObjectives::YouthId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PlanObjectives::Table, PlanObjectives::ContractId)
                            .to(Contracts::Table, Contracts::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_plan_objectives_youth",
                PlanObjectives::Table,
                &["youth_id"],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PlanActions::Table)
                    .col(pk_uuid(PlanActions::Id))
                    .col(uuid(PlanActions::YouthId))
                    .col(uuid_null(PlanActions::ObjectiveId))
                    .col(uuid_null(PlanActions::ContractId))
                    .col(string_len_null(PlanActions::Theme, 32))
                    .col(string(PlanActions::Title))
                    .col(text(PlanActions::Details))
                    .col(string_len(PlanActions::Carrier, 16))
                    .col(string_null(PlanActions::PartnerName))
                    .col(date(PlanActions::StartOn))
                    .col(date_null(PlanActions::DueOn))
                    .col(string_len(PlanActions::Status, 16))
                    .col(timestamp_with_time_zone_null(PlanActions::DoneByYouthAt))
                    .col(string_null(PlanActions::ValidatedByName))
                    .col(timestamp_with_time_zone_null(PlanActions::ValidatedAt))
                    .col(timestamp_with_time_zone(PlanActions::CreatedAt))
                    .col(timestamp_with_time_zone(PlanActions::UpdatedAt))
                    .foreign_key(&mut to_youth(PlanActions::Table, PlanActions::YouthId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PlanActions::Table, PlanActions::ObjectiveId)
                            .to(PlanObjectives::Table, PlanObjectives::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PlanActions::Table, PlanActions::ContractId)
                            .to(Contracts::Table, Contracts::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_plan_actions_youth_due",
                PlanActions::Table,
                &["youth_id", "due_on"],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PlanActionComments::Table)
                    .col(pk_uuid(PlanActionComments::Id))
                    .col(uuid(PlanActionComments::ActionId))
                    .col(uuid_null(PlanActionComments::AuthorId))
                    .col(string(PlanActionComments::AuthorName))
                    .col(string_len(PlanActionComments::Origin, 16))
                    .col(text(PlanActionComments::Body))
                    .col(timestamp_with_time_zone(PlanActionComments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PlanActionComments::Table, PlanActionComments::ActionId)
                            .to(PlanActions::Table, PlanActions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_plan_action_comments_action",
                PlanActionComments::Table,
                &["action_id", "created_at"],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CejActivities::Table)
                    .col(pk_uuid(CejActivities::Id))
                    .col(uuid(CejActivities::YouthId))
                    .col(uuid(CejActivities::ContractId))
                    .col(string_len(CejActivities::Qualification, 32))
                    .col(string(CejActivities::Label))
                    .col(timestamp_with_time_zone(CejActivities::OccurredAt))
                    .col(date(CejActivities::ParisDate))
                    .col(date(CejActivities::WeekStart))
                    .col(integer(CejActivities::Minutes))
                    .col(string_len(CejActivities::Status, 16))
                    .col(string_len(CejActivities::Origin, 16))
                    .col(string(CejActivities::DeclaredByName))
                    .col(string_null(CejActivities::ReviewedByName))
                    .col(timestamp_with_time_zone_null(CejActivities::ReviewedAt))
                    .col(text(CejActivities::Comment))
                    .col(timestamp_with_time_zone(CejActivities::CreatedAt))
                    .foreign_key(&mut to_youth(CejActivities::Table, CejActivities::YouthId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CejActivities::Table, CejActivities::ContractId)
                            .to(Contracts::Table, Contracts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Weeks of a file (the hours view), days of a file (the 24-hour check).
        manager
            .create_index(index(
                "idx_cej_activities_week",
                CejActivities::Table,
                &["youth_id", "week_start"],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "idx_cej_activities_day",
                CejActivities::Table,
                &["youth_id", "paris_date"],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Interviews::Table)
                    .col(pk_uuid(Interviews::Id))
                    .col(uuid(Interviews::YouthId))
                    .col(timestamp_with_time_zone(Interviews::OccurredAt))
                    .col(string_len(Interviews::Channel, 16))
                    .col(string_len(Interviews::Kind, 32))
                    .col(uuid_null(Interviews::CounsellorId))
                    .col(text(Interviews::Summary))
                    .col(json(Interviews::Themes))
                    .col(timestamp_with_time_zone(Interviews::CreatedAt))
                    .foreign_key(&mut to_youth(Interviews::Table, Interviews::YouthId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_interviews_youth",
                Interviews::Table,
                &["youth_id", "occurred_at"],
                false,
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Interviews::Table.into_iden(),
            CejActivities::Table.into_iden(),
            PlanActionComments::Table.into_iden(),
            PlanActions::Table.into_iden(),
            PlanObjectives::Table.into_iden(),
            PaceaPhases::Table.into_iden(),
            ContractExtensions::Table.into_iden(),
            Contracts::Table.into_iden(),
            DiagnosticRevisions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Structures::Table)
                    .drop_column(Structures::HourDefaults)
                    .to_owned(),
            )
            .await
    }
}
