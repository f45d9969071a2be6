//! The young person's file (issue 3): the file's content and its projections for lists and
//! search, the history of changes, duplicate blocking keys and dismissals, online
//! pre-registrations and their status events, and the fields young people may edit.

use sea_orm_migration::sea_orm::{ConnectionTrait, FromQueryResult};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Structures {
    Table,
    YouthEditable,
}

#[derive(DeriveIden)]
enum Youths {
    Table,
    Id,
    FirstName,
    LastName,
    BirthDate,
    Email,
    Phone,
    Data,
    Version,
    Status,
    MergedInto,
    SortKey,
    Postcode,
    Commune,
    Situation,
    EducationLevel,
    LastContactOn,
    MissingCount,
    BlockingCount,
    AnonymisedAt,
}

#[derive(DeriveIden)]
enum YouthMatchKeys {
    Table,
    Key,
    StructureId,
    YouthId,
}

#[derive(DeriveIden)]
enum YouthChanges {
    Table,
    Id,
    YouthId,
    Version,
    Field,
    OldValue,
    NewValue,
    Kind,
    Origin,
    AuthorId,
    AuthorName,
    At,
    RestoredFrom,
}

#[derive(DeriveIden)]
enum DuplicateDismissals {
    Table,
    FirstId,
    SecondId,
    StructureId,
    DismissedBy,
    DismissedAt,
}

#[derive(DeriveIden)]
enum Preregistrations {
    Table,
    Id,
    Reference,
    StructureId,
    ReceivedAt,
    Data,
    FullName,
    BirthDate,
    Status,
    StatusAt,
    StatusBy,
    StatusByName,
    OutOfTerritory,
    CoveringStructureId,
    YouthId,
}

#[derive(DeriveIden)]
enum PreregistrationEvents {
    Table,
    Id,
    PreregistrationId,
    Status,
    At,
    AuthorId,
    AuthorName,
    Note,
}

fn index(name: &str, table: impl IntoIden, cols: &[&'static str]) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    stmt.to_owned()
}

/// SQLite alters one column per statement.
async fn add_column(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: ColumnDef,
) -> Result<(), DbErr> {
    let mut column = column;
    manager
        .alter_table(
            Table::alter()
                .table(table)
                .add_column(&mut column)
                .to_owned(),
        )
        .await
}

#[derive(FromQueryResult)]
struct LegacyYouth {
    id: uuid::Uuid,
    first_name: String,
    last_name: String,
    birth_date: chrono::NaiveDate,
    email: Option<String>,
    phone: Option<String>,
}

fn fold(text: &str) -> String {
    text.to_lowercase()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            Structures::Table,
            json_null(Structures::YouthEditable),
        )
        .await?;

        add_column(
            manager,
            Youths::Table,
            json(Youths::Data).default("{}").to_owned(),
        )
        .await?;
        add_column(
            manager,
            Youths::Table,
            integer(Youths::Version).default(1).to_owned(),
        )
        .await?;
        add_column(
            manager,
            Youths::Table,
            string(Youths::Status).default("active").to_owned(),
        )
        .await?;
        add_column(manager, Youths::Table, uuid_null(Youths::MergedInto)).await?;
        add_column(
            manager,
            Youths::Table,
            string(Youths::SortKey).default("").to_owned(),
        )
        .await?;
        add_column(manager, Youths::Table, string_null(Youths::Postcode)).await?;
        add_column(manager, Youths::Table, string_null(Youths::Commune)).await?;
        add_column(manager, Youths::Table, string_null(Youths::Situation)).await?;
        add_column(manager, Youths::Table, string_null(Youths::EducationLevel)).await?;
        add_column(manager, Youths::Table, date_null(Youths::LastContactOn)).await?;
        add_column(
            manager,
            Youths::Table,
            integer(Youths::MissingCount).default(0).to_owned(),
        )
        .await?;
        add_column(
            manager,
            Youths::Table,
            integer(Youths::BlockingCount).default(0).to_owned(),
        )
        .await?;
        add_column(
            manager,
            Youths::Table,
            timestamp_with_time_zone_null(Youths::AnonymisedAt),
        )
        .await?;

        // Files opened before this migration: move their columns into the file's content.
        let db = manager.get_connection();
        let select = Query::select()
            .columns([
                Youths::Id,
                Youths::FirstName,
                Youths::LastName,
                Youths::BirthDate,
                Youths::Email,
                Youths::Phone,
            ])
            .from(Youths::Table)
            .to_owned();
        let rows = LegacyYouth::find_by_statement(db.get_database_backend().build(&select))
            .all(db)
            .await?;
        for row in rows {
            let data = serde_json::json!({
                "birth_name": row.last_name,
                "first_names": row.first_name,
                "birth_date": row.birth_date,
                "email": row.email,
                "mobile": row.phone,
            });
            let update = Query::update()
                .table(Youths::Table)
                .values([
                    (Youths::Data, data.into()),
                    (
                        Youths::SortKey,
                        format!("{} {}", fold(&row.last_name), fold(&row.first_name)).into(),
                    ),
                ])
                .and_where(Expr::col(Youths::Id).eq(row.id))
                .to_owned();
            db.execute(&update).await?;
        }

        manager
            .create_index(index(
                "idx_youths_structure_sort",
                Youths::Table,
                &["structure_id", "status", "sort_key"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_youths_counsellor_sort",
                Youths::Table,
                &["structure_id", "counsellor_id", "status", "sort_key"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(YouthMatchKeys::Table)
                    .col(string_len(YouthMatchKeys::Key, 64))
                    .col(uuid(YouthMatchKeys::StructureId))
                    .col(uuid(YouthMatchKeys::YouthId))
                    .primary_key(
                        Index::create()
                            .col(YouthMatchKeys::Key)
                            .col(YouthMatchKeys::StructureId)
                            .col(YouthMatchKeys::YouthId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(YouthMatchKeys::Table, YouthMatchKeys::YouthId)
                            .to(Youths::Table, Youths::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_youth_match_keys_youth",
                YouthMatchKeys::Table,
                &["youth_id"],
            ))
            .await?;
        // Lookups and name-search ranges within one Mission Locale.
        manager
            .create_index(index(
                "idx_youth_match_keys_structure",
                YouthMatchKeys::Table,
                &["structure_id", "key"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(YouthChanges::Table)
                    .col(pk_uuid(YouthChanges::Id))
                    .col(uuid(YouthChanges::YouthId))
                    .col(integer(YouthChanges::Version))
                    .col(string(YouthChanges::Field))
                    .col(json_null(YouthChanges::OldValue))
                    .col(json_null(YouthChanges::NewValue))
                    .col(string(YouthChanges::Kind))
                    .col(string(YouthChanges::Origin))
                    .col(uuid_null(YouthChanges::AuthorId))
                    .col(string(YouthChanges::AuthorName))
                    .col(timestamp_with_time_zone(YouthChanges::At))
                    .col(uuid_null(YouthChanges::RestoredFrom))
                    .foreign_key(
                        ForeignKey::create()
                            .from(YouthChanges::Table, YouthChanges::YouthId)
                            .to(Youths::Table, Youths::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_youth_changes_youth",
                YouthChanges::Table,
                &["youth_id", "version"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(DuplicateDismissals::Table)
                    .col(uuid(DuplicateDismissals::FirstId))
                    .col(uuid(DuplicateDismissals::SecondId))
                    .col(uuid(DuplicateDismissals::StructureId))
                    .col(uuid_null(DuplicateDismissals::DismissedBy))
                    .col(timestamp_with_time_zone(DuplicateDismissals::DismissedAt))
                    .primary_key(
                        Index::create()
                            .col(DuplicateDismissals::FirstId)
                            .col(DuplicateDismissals::SecondId),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Preregistrations::Table)
                    .col(pk_uuid(Preregistrations::Id))
                    .col(string_uniq(Preregistrations::Reference))
                    .col(uuid(Preregistrations::StructureId))
                    .col(timestamp_with_time_zone(Preregistrations::ReceivedAt))
                    .col(json(Preregistrations::Data))
                    .col(string(Preregistrations::FullName))
                    .col(date_null(Preregistrations::BirthDate))
                    .col(string(Preregistrations::Status))
                    .col(timestamp_with_time_zone(Preregistrations::StatusAt))
                    .col(uuid_null(Preregistrations::StatusBy))
                    .col(string_null(Preregistrations::StatusByName))
                    .col(boolean(Preregistrations::OutOfTerritory))
                    .col(uuid_null(Preregistrations::CoveringStructureId))
                    .col(uuid_null(Preregistrations::YouthId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_preregistrations_inbox",
                Preregistrations::Table,
                &["structure_id", "status", "received_at"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_preregistrations_youth",
                Preregistrations::Table,
                &["youth_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PreregistrationEvents::Table)
                    .col(pk_uuid(PreregistrationEvents::Id))
                    .col(uuid(PreregistrationEvents::PreregistrationId))
                    .col(string(PreregistrationEvents::Status))
                    .col(timestamp_with_time_zone(PreregistrationEvents::At))
                    .col(uuid_null(PreregistrationEvents::AuthorId))
                    .col(string_null(PreregistrationEvents::AuthorName))
                    .col(string_null(PreregistrationEvents::Note))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                PreregistrationEvents::Table,
                                PreregistrationEvents::PreregistrationId,
                            )
                            .to(Preregistrations::Table, Preregistrations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_preregistration_events",
                PreregistrationEvents::Table,
                &["preregistration_id", "at"],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PreregistrationEvents::Table.into_iden(),
            Preregistrations::Table.into_iden(),
            DuplicateDismissals::Table.into_iden(),
            YouthChanges::Table.into_iden(),
            YouthMatchKeys::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for name in ["idx_youths_structure_sort", "idx_youths_counsellor_sort"] {
            manager
                .drop_index(Index::drop().name(name).table(Youths::Table).to_owned())
                .await?;
        }
        let columns = [
            Youths::Data,
            Youths::Version,
            Youths::Status,
            Youths::MergedInto,
            Youths::SortKey,
            Youths::Postcode,
            Youths::Commune,
            Youths::Situation,
            Youths::EducationLevel,
            Youths::LastContactOn,
            Youths::MissingCount,
            Youths::BlockingCount,
            Youths::AnonymisedAt,
        ];
        for column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Youths::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Structures::Table)
                    .drop_column(Structures::YouthEditable)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
