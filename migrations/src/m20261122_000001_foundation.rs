//! Structures and their sites and communes, accounts, young people, partners, invitations,
//! sessions, login throttling, the audit log and the job queue.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Structures {
    Table,
    Id,
    Code,
    Name,
    Email,
    Phone,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sites {
    Table,
    Id,
    StructureId,
    Name,
    Address,
    PostalCode,
    CommuneInsee,
    CommuneName,
    Phone,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CoveredCommunes {
    Table,
    Id,
    StructureId,
    SiteId,
    InseeCode,
    PostalCode,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Partners {
    Table,
    Id,
    StructureId,
    Name,
    Kind,
    Siret,
    Email,
    Phone,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    Email,
    PasswordHash,
    Role,
    StructureId,
    YouthId,
    PartnerId,
    FirstName,
    LastName,
    IsActive,
    CreatedAt,
    UpdatedAt,
    LastLoginAt,
    PasswordChangedAt,
}

#[derive(DeriveIden)]
enum Youths {
    Table,
    Id,
    StructureId,
    CounsellorId,
    FirstName,
    LastName,
    BirthDate,
    Email,
    Phone,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    AccountId,
    TokenHash,
    InvitedBy,
    ExpiresAt,
    AcceptedAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PasswordResets {
    Table,
    Id,
    AccountId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    AccountId,
    FamilyId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    RevokedAt,
    CreatedAt,
    UserAgent,
}

#[derive(DeriveIden)]
enum LoginThrottles {
    Table,
    Key,
    Failures,
    WindowStartedAt,
    LockedUntil,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    OccurredAt,
    ActorId,
    ActorRole,
    StructureId,
    Action,
    EntityType,
    EntityId,
    YouthId,
    Summary,
    Ip,
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Kind,
    Payload,
    Status,
    RunAt,
    Attempts,
    MaxAttempts,
    LockedUntil,
    LockedBy,
    LastError,
    CompletedAt,
    CreatedAt,
}

fn fk(
    from_table: impl IntoIden,
    from_col: impl IntoIden,
    to_table: impl IntoIden,
    to_col: impl IntoIden,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(to_table, to_col)
        .on_delete(on_delete)
        .to_owned()
}

fn index(name: &str, table: impl IntoIden, cols: &[&'static str]) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    stmt.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Structures::Table)
                    .col(pk_uuid(Structures::Id))
                    .col(string_uniq(Structures::Code))
                    .col(string(Structures::Name))
                    .col(string_null(Structures::Email))
                    .col(string_null(Structures::Phone))
                    .col(timestamp_with_time_zone(Structures::CreatedAt))
                    .col(timestamp_with_time_zone(Structures::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sites::Table)
                    .col(pk_uuid(Sites::Id))
                    .col(uuid(Sites::StructureId))
                    .col(string(Sites::Name))
                    .col(string(Sites::Address))
                    .col(string(Sites::PostalCode))
                    .col(string(Sites::CommuneInsee))
                    .col(string(Sites::CommuneName))
                    .col(string_null(Sites::Phone))
                    .col(timestamp_with_time_zone(Sites::CreatedAt))
                    .foreign_key(&mut fk(
                        Sites::Table,
                        Sites::StructureId,
                        Structures::Table,
                        Structures::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_sites_structure",
                Sites::Table,
                &["structure_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CoveredCommunes::Table)
                    .col(pk_uuid(CoveredCommunes::Id))
                    .col(uuid(CoveredCommunes::StructureId))
                    .col(uuid_null(CoveredCommunes::SiteId))
                    .col(string(CoveredCommunes::InseeCode))
                    .col(string(CoveredCommunes::PostalCode))
                    .col(string(CoveredCommunes::Name))
                    .col(timestamp_with_time_zone(CoveredCommunes::CreatedAt))
                    .foreign_key(&mut fk(
                        CoveredCommunes::Table,
                        CoveredCommunes::StructureId,
                        Structures::Table,
                        Structures::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        CoveredCommunes::Table,
                        CoveredCommunes::SiteId,
                        Sites::Table,
                        Sites::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // A commune's postcode is served by exactly one Mission Locale.
        manager
            .create_index(
                index(
                    "uq_covered_communes_insee_postal",
                    CoveredCommunes::Table,
                    &["insee_code", "postal_code"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_covered_communes_structure",
                CoveredCommunes::Table,
                &["structure_id"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_covered_communes_postal",
                CoveredCommunes::Table,
                &["postal_code"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Partners::Table)
                    .col(pk_uuid(Partners::Id))
                    .col(uuid(Partners::StructureId))
                    .col(string(Partners::Name))
                    .col(string(Partners::Kind))
                    .col(string_null(Partners::Siret))
                    .col(string_null(Partners::Email))
                    .col(string_null(Partners::Phone))
                    .col(timestamp_with_time_zone(Partners::CreatedAt))
                    .col(timestamp_with_time_zone(Partners::UpdatedAt))
                    .foreign_key(&mut fk(
                        Partners::Table,
                        Partners::StructureId,
                        Structures::Table,
                        Structures::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_partners_structure",
                Partners::Table,
                &["structure_id", "name"],
            ))
            .await?;

        // `youth_id` has no foreign key: youths reference accounts (their counsellor), and
        // SQLite cannot add a constraint to an existing table. The unique index keeps one
        // account per file; the application keeps the link consistent.
        manager
            .create_table(
                Table::create()
                    .table(Accounts::Table)
                    .col(pk_uuid(Accounts::Id))
                    .col(string_uniq(Accounts::Email))
                    .col(string_null(Accounts::PasswordHash))
                    .col(string(Accounts::Role))
                    .col(uuid(Accounts::StructureId))
                    .col(uuid_null(Accounts::YouthId))
                    .col(uuid_null(Accounts::PartnerId))
                    .col(string(Accounts::FirstName))
                    .col(string(Accounts::LastName))
                    .col(boolean(Accounts::IsActive))
                    .col(timestamp_with_time_zone(Accounts::CreatedAt))
                    .col(timestamp_with_time_zone(Accounts::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Accounts::LastLoginAt))
                    .col(timestamp_with_time_zone_null(Accounts::PasswordChangedAt))
                    .foreign_key(&mut fk(
                        Accounts::Table,
                        Accounts::StructureId,
                        Structures::Table,
                        Structures::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Accounts::Table,
                        Accounts::PartnerId,
                        Partners::Table,
                        Partners::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_accounts_structure_role",
                Accounts::Table,
                &["structure_id", "role"],
            ))
            .await?;
        manager
            .create_index(
                index("uq_accounts_youth", Accounts::Table, &["youth_id"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_accounts_partner",
                Accounts::Table,
                &["partner_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Youths::Table)
                    .col(pk_uuid(Youths::Id))
                    .col(uuid(Youths::StructureId))
                    .col(uuid_null(Youths::CounsellorId))
                    .col(string(Youths::FirstName))
                    .col(string(Youths::LastName))
                    .col(date(Youths::BirthDate))
                    .col(string_null(Youths::Email))
                    .col(string_null(Youths::Phone))
                    .col(uuid_null(Youths::CreatedBy))
                    .col(timestamp_with_time_zone(Youths::CreatedAt))
                    .col(timestamp_with_time_zone(Youths::UpdatedAt))
                    .foreign_key(&mut fk(
                        Youths::Table,
                        Youths::StructureId,
                        Structures::Table,
                        Structures::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Youths::Table,
                        Youths::CounsellorId,
                        Accounts::Table,
                        Accounts::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        Youths::Table,
                        Youths::CreatedBy,
                        Accounts::Table,
                        Accounts::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_youths_structure_name",
                Youths::Table,
                &["structure_id", "last_name", "first_name"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_youths_counsellor",
                Youths::Table,
                &["counsellor_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Invitations::Table)
                    .col(pk_uuid(Invitations::Id))
                    .col(uuid(Invitations::AccountId))
                    .col(string_uniq(Invitations::TokenHash))
                    .col(uuid_null(Invitations::InvitedBy))
                    .col(timestamp_with_time_zone(Invitations::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Invitations::AcceptedAt))
                    .col(timestamp_with_time_zone_null(Invitations::RevokedAt))
                    .col(timestamp_with_time_zone(Invitations::CreatedAt))
                    .foreign_key(&mut fk(
                        Invitations::Table,
                        Invitations::AccountId,
                        Accounts::Table,
                        Accounts::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Invitations::Table,
                        Invitations::InvitedBy,
                        Accounts::Table,
                        Accounts::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_invitations_account",
                Invitations::Table,
                &["account_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PasswordResets::Table)
                    .col(pk_uuid(PasswordResets::Id))
                    .col(uuid(PasswordResets::AccountId))
                    .col(string_uniq(PasswordResets::TokenHash))
                    .col(timestamp_with_time_zone(PasswordResets::ExpiresAt))
                    .col(timestamp_with_time_zone_null(PasswordResets::UsedAt))
                    .col(timestamp_with_time_zone(PasswordResets::CreatedAt))
                    .foreign_key(&mut fk(
                        PasswordResets::Table,
                        PasswordResets::AccountId,
                        Accounts::Table,
                        Accounts::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_password_resets_account",
                PasswordResets::Table,
                &["account_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(pk_uuid(RefreshTokens::Id))
                    .col(uuid(RefreshTokens::AccountId))
                    .col(uuid(RefreshTokens::FamilyId))
                    .col(string_uniq(RefreshTokens::TokenHash))
                    .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                    .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                    .col(string_null(RefreshTokens::UserAgent))
                    .foreign_key(&mut fk(
                        RefreshTokens::Table,
                        RefreshTokens::AccountId,
                        Accounts::Table,
                        Accounts::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_refresh_tokens_account",
                RefreshTokens::Table,
                &["account_id"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_refresh_tokens_family",
                RefreshTokens::Table,
                &["family_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginThrottles::Table)
                    .col(string(LoginThrottles::Key).primary_key())
                    .col(integer(LoginThrottles::Failures))
                    .col(timestamp_with_time_zone(LoginThrottles::WindowStartedAt))
                    .col(timestamp_with_time_zone_null(LoginThrottles::LockedUntil))
                    .to_owned(),
            )
            .await?;

        // No foreign keys: the log outlives the records and accounts it mentions.
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(pk_uuid(AuditEvents::Id))
                    .col(timestamp_with_time_zone(AuditEvents::OccurredAt))
                    .col(uuid_null(AuditEvents::ActorId))
                    .col(string_null(AuditEvents::ActorRole))
                    .col(uuid_null(AuditEvents::StructureId))
                    .col(string(AuditEvents::Action))
                    .col(string(AuditEvents::EntityType))
                    .col(uuid_null(AuditEvents::EntityId))
                    .col(uuid_null(AuditEvents::YouthId))
                    .col(text(AuditEvents::Summary))
                    .col(string_null(AuditEvents::Ip))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_audit_structure_time",
                AuditEvents::Table,
                &["structure_id", "occurred_at"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_audit_youth_time",
                AuditEvents::Table,
                &["youth_id", "occurred_at"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .col(pk_uuid(Jobs::Id))
                    .col(string(Jobs::Kind))
                    .col(text(Jobs::Payload))
                    .col(string(Jobs::Status))
                    .col(timestamp_with_time_zone(Jobs::RunAt))
                    .col(integer(Jobs::Attempts))
                    .col(integer(Jobs::MaxAttempts))
                    .col(timestamp_with_time_zone_null(Jobs::LockedUntil))
                    .col(string_null(Jobs::LockedBy))
                    .col(text_null(Jobs::LastError))
                    .col(timestamp_with_time_zone_null(Jobs::CompletedAt))
                    .col(timestamp_with_time_zone(Jobs::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_jobs_status_run_at",
                Jobs::Table,
                &["status", "run_at"],
            ))
            .await?;

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Jobs::Table.into_iden(),
            AuditEvents::Table.into_iden(),
            LoginThrottles::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            PasswordResets::Table.into_iden(),
            Invitations::Table.into_iden(),
            Youths::Table.into_iden(),
            Accounts::Table.into_iden(),
            Partners::Table.into_iden(),
            CoveredCommunes::Table.into_iden(),
            Sites::Table.into_iden(),
            Structures::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
