//! Partnerships and offers (issue 6): the partner directory's qualification, life cycle and
//! history of exchanges; service and job offers with their sessions; referrals with every
//! step and the messages exchanged on them; what matching needs of a young person; the
//! geocoding cache; partner events (workshops run by a partner).
//!
//! An offer's eligibility is kept whole as JSON and, for filtering in SQL, as columns: ages,
//! a bit mask per closed list (schemes, education levels) and the zone codes between commas
//! (`,59,59512,`), so that a `LIKE` finds them on both backends.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Partners {
    Table,
    Status,
    StatusComment,
    StatusChangedAt,
    Themes,
    Forms,
    Sponsor,
    Description,
    Website,
    AddressLine,
    Postcode,
    Commune,
    Lat,
    Lon,
    LocatedAddress,
    Contacts,
}

#[derive(DeriveIden)]
enum Workshops {
    Table,
    PartnerId,
}

#[derive(DeriveIden)]
enum PartnerExchanges {
    Table,
    Id,
    PartnerId,
    StructureId,
    OccurredOn,
    Kind,
    Topic,
    Summary,
    AuthorId,
    AuthorName,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Offers {
    Table,
    Id,
    StructureId,
    PartnerId,
    Kind,
    Title,
    Description,
    Themes,
    ThemesMask,
    ServiceType,
    Publics,
    Fees,
    Remote,
    HowToApply,
    AgeMin,
    AgeMax,
    SchemesMask,
    LevelsMask,
    Zones,
    Eligibility,
    AddressLine,
    Postcode,
    Commune,
    Lat,
    Lon,
    LocatedAddress,
    Cell,
    Capacity,
    Contact,
    RomeCode,
    ContractType,
    HoursPerWeek,
    Positions,
    StartsOn,
    Salary,
    Status,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OfferSessions {
    Table,
    Id,
    OfferId,
    StartsOn,
    EndsOn,
    Capacity,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Referrals {
    Table,
    Id,
    StructureId,
    OfferId,
    SessionId,
    YouthId,
    PartnerId,
    Status,
    RefusalReason,
    Note,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReferralSteps {
    Table,
    Id,
    ReferralId,
    Status,
    Reason,
    Comment,
    ActorId,
    ActorName,
    Side,
    At,
}

#[derive(DeriveIden)]
enum ReferralMessages {
    Table,
    Id,
    ReferralId,
    AuthorId,
    AuthorName,
    Side,
    Body,
    DocName,
    DocType,
    DocSize,
    DocBytes,
    CreatedAt,
}

#[derive(DeriveIden)]
enum YouthMatchProfiles {
    Table,
    YouthId,
    StructureId,
    FirstName,
    LastName,
    BirthDate,
    Commune,
    EducationLevel,
    ThemesMask,
    SchemesMask,
    ReachKm,
    Lat,
    Lon,
    AddressKey,
    LocatedAddress,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GeocodeCache {
    Table,
    Query,
    Found,
    Lat,
    Lon,
    Label,
    Citycode,
    FetchedAt,
}

fn index(name: &str, table: impl IntoIden, columns: &[&'static str]) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for column in columns {
        stmt.col(Alias::new(*column));
    }
    stmt.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        let partner_columns = [
            string_len(Partners::Status, 16).default("actif").to_owned(),
            text_null(Partners::StatusComment),
            timestamp_with_time_zone_null(Partners::StatusChangedAt),
            json_null(Partners::Themes),
            json_null(Partners::Forms),
            boolean(Partners::Sponsor).default(false).to_owned(),
            text_null(Partners::Description),
            string_null(Partners::Website),
            string_null(Partners::AddressLine),
            string_len_null(Partners::Postcode, 5),
            string_len_null(Partners::Commune, 5),
            double_null(Partners::Lat),
            double_null(Partners::Lon),
            string_null(Partners::LocatedAddress),
            json_null(Partners::Contacts),
        ];
        for mut column in partner_columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Partners::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Workshops::Table)
                    .add_column(uuid_null(Workshops::PartnerId))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PartnerExchanges::Table)
                    .col(pk_uuid(PartnerExchanges::Id))
                    .col(uuid(PartnerExchanges::PartnerId))
                    .col(uuid(PartnerExchanges::StructureId))
                    .col(date(PartnerExchanges::OccurredOn))
                    .col(string_len(PartnerExchanges::Kind, 16))
                    .col(string_len(PartnerExchanges::Topic, 16))
                    .col(text(PartnerExchanges::Summary))
                    .col(uuid(PartnerExchanges::AuthorId))
                    .col(string(PartnerExchanges::AuthorName))
                    .col(timestamp_with_time_zone(PartnerExchanges::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_partner_exchanges_partner",
                PartnerExchanges::Table,
                &["partner_id", "occurred_on"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Offers::Table)
                    .col(pk_uuid(Offers::Id))
                    .col(uuid(Offers::StructureId))
                    .col(uuid_null(Offers::PartnerId))
                    .col(string_len(Offers::Kind, 16))
                    .col(string(Offers::Title))
                    .col(text(Offers::Description))
                    .col(json(Offers::Themes))
                    .col(integer(Offers::ThemesMask))
                    .col(string_len_null(Offers::ServiceType, 32))
                    .col(json(Offers::Publics))
                    .col(string_len_null(Offers::Fees, 32))
                    .col(boolean(Offers::Remote))
                    .col(text_null(Offers::HowToApply))
                    .col(small_integer_null(Offers::AgeMin))
                    .col(small_integer_null(Offers::AgeMax))
                    .col(integer(Offers::SchemesMask))
                    .col(integer(Offers::LevelsMask))
                    .col(text(Offers::Zones))
                    .col(json(Offers::Eligibility))
                    .col(string_null(Offers::AddressLine))
                    .col(string_len_null(Offers::Postcode, 5))
                    .col(string_len_null(Offers::Commune, 5))
                    .col(double_null(Offers::Lat))
                    .col(double_null(Offers::Lon))
                    .col(string_null(Offers::LocatedAddress))
                    .col(integer(Offers::Cell))
                    .col(integer_null(Offers::Capacity))
                    .col(json(Offers::Contact))
                    .col(string_len_null(Offers::RomeCode, 5))
                    .col(string_len_null(Offers::ContractType, 32))
                    .col(small_integer_null(Offers::HoursPerWeek))
                    .col(integer_null(Offers::Positions))
                    .col(date_null(Offers::StartsOn))
                    .col(string_null(Offers::Salary))
                    .col(string_len(Offers::Status, 16))
                    .col(uuid(Offers::CreatedBy))
                    .col(timestamp_with_time_zone(Offers::CreatedAt))
                    .col(timestamp_with_time_zone(Offers::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            // Covers the first pass of matching: read from the index alone.
            (
                "idx_offers_structure_cell",
                &[
                    "structure_id",
                    "status",
                    "cell",
                    "age_min",
                    "age_max",
                    "schemes_mask",
                    "levels_mask",
                    "kind",
                    "zones",
                    "id",
                    "themes_mask",
                    "lat",
                    "lon",
                    "remote",
                ][..],
            ),
            ("idx_offers_partner", &["partner_id", "status"][..]),
            ("idx_offers_place", &["structure_id", "lat", "lon"][..]),
        ] {
            manager
                .create_index(index(name, Offers::Table, columns))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(OfferSessions::Table)
                    .col(pk_uuid(OfferSessions::Id))
                    .col(uuid(OfferSessions::OfferId))
                    .col(date(OfferSessions::StartsOn))
                    .col(date_null(OfferSessions::EndsOn))
                    .col(integer_null(OfferSessions::Capacity))
                    .col(timestamp_with_time_zone(OfferSessions::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_offer_sessions_offer",
                OfferSessions::Table,
                &["offer_id", "starts_on"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Referrals::Table)
                    .col(pk_uuid(Referrals::Id))
                    .col(uuid(Referrals::StructureId))
                    .col(uuid(Referrals::OfferId))
                    .col(uuid_null(Referrals::SessionId))
                    .col(uuid(Referrals::YouthId))
                    .col(uuid_null(Referrals::PartnerId))
                    .col(string_len(Referrals::Status, 16))
                    .col(string_len_null(Referrals::RefusalReason, 32))
                    .col(text_null(Referrals::Note))
                    .col(uuid(Referrals::CreatedBy))
                    .col(timestamp_with_time_zone(Referrals::CreatedAt))
                    .col(timestamp_with_time_zone(Referrals::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_referrals_offer", &["offer_id", "status"][..]),
            ("idx_referrals_youth", &["youth_id", "created_at"][..]),
            ("idx_referrals_partner", &["partner_id", "status"][..]),
            (
                "idx_referrals_structure",
                &["structure_id", "updated_at"][..],
            ),
        ] {
            manager
                .create_index(index(name, Referrals::Table, columns))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(ReferralSteps::Table)
                    .col(pk_uuid(ReferralSteps::Id))
                    .col(uuid(ReferralSteps::ReferralId))
                    .col(string_len(ReferralSteps::Status, 16))
                    .col(string_len_null(ReferralSteps::Reason, 32))
                    .col(text_null(ReferralSteps::Comment))
                    .col(uuid(ReferralSteps::ActorId))
                    .col(string(ReferralSteps::ActorName))
                    .col(string_len(ReferralSteps::Side, 16))
                    .col(timestamp_with_time_zone(ReferralSteps::At))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_referral_steps_referral",
                ReferralSteps::Table,
                &["referral_id", "at"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ReferralMessages::Table)
                    .col(pk_uuid(ReferralMessages::Id))
                    .col(uuid(ReferralMessages::ReferralId))
                    .col(uuid(ReferralMessages::AuthorId))
                    .col(string(ReferralMessages::AuthorName))
                    .col(string_len(ReferralMessages::Side, 16))
                    .col(text(ReferralMessages::Body))
                    .col(string_null(ReferralMessages::DocName))
                    .col(string_len_null(ReferralMessages::DocType, 64))
                    .col(integer_null(ReferralMessages::DocSize))
                    .col(blob_null(ReferralMessages::DocBytes))
                    .col(timestamp_with_time_zone(ReferralMessages::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_referral_messages_referral",
                ReferralMessages::Table,
                &["referral_id", "created_at"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(YouthMatchProfiles::Table)
                    .col(pk_uuid(YouthMatchProfiles::YouthId))
                    .col(uuid(YouthMatchProfiles::StructureId))
                    .col(string(YouthMatchProfiles::FirstName))
                    .col(string(YouthMatchProfiles::LastName))
                    .col(date(YouthMatchProfiles::BirthDate))
                    .col(string_len_null(YouthMatchProfiles::Commune, 5))
                    .col(string_len_null(YouthMatchProfiles::EducationLevel, 16))
                    .col(integer(YouthMatchProfiles::ThemesMask))
                    .col(integer(YouthMatchProfiles::SchemesMask))
                    .col(double(YouthMatchProfiles::ReachKm))
                    .col(double_null(YouthMatchProfiles::Lat))
                    .col(double_null(YouthMatchProfiles::Lon))
                    .col(string_null(YouthMatchProfiles::AddressKey))
                    .col(string_null(YouthMatchProfiles::LocatedAddress))
                    .col(timestamp_with_time_zone(YouthMatchProfiles::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_youth_match_profiles_structure",
                YouthMatchProfiles::Table,
                // Covers the ranking of young people for an offer, names aside.
                &[
                    "structure_id",
                    "birth_date",
                    "education_level",
                    "commune",
                    "schemes_mask",
                    "youth_id",
                    "themes_mask",
                    "reach_km",
                    "lat",
                    "lon",
                ],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(GeocodeCache::Table)
                    .col(string(GeocodeCache::Query).primary_key())
                    .col(boolean(GeocodeCache::Found))
                    .col(double_null(GeocodeCache::Lat))
                    .col(double_null(GeocodeCache::Lon))
                    .col(string_null(GeocodeCache::Label))
                    .col(string_len_null(GeocodeCache::Citycode, 5))
                    .col(timestamp_with_time_zone(GeocodeCache::FetchedAt))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            GeocodeCache::Table.into_iden(),
            YouthMatchProfiles::Table.into_iden(),
            ReferralMessages::Table.into_iden(),
            ReferralSteps::Table.into_iden(),
            Referrals::Table.into_iden(),
            OfferSessions::Table.into_iden(),
            Offers::Table.into_iden(),
            PartnerExchanges::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Workshops::Table)
                    .drop_column(Workshops::PartnerId)
                    .to_owned(),
            )
            .await?;
        for column in [
            Partners::Contacts.into_iden(),
            Partners::LocatedAddress.into_iden(),
            Partners::Lon.into_iden(),
            Partners::Lat.into_iden(),
            Partners::Commune.into_iden(),
            Partners::Postcode.into_iden(),
            Partners::AddressLine.into_iden(),
            Partners::Website.into_iden(),
            Partners::Description.into_iden(),
            Partners::Sponsor.into_iden(),
            Partners::Forms.into_iden(),
            Partners::Themes.into_iden(),
            Partners::StatusChangedAt.into_iden(),
            Partners::StatusComment.into_iden(),
            Partners::Status.into_iden(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Partners::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
