-- source: https://github.com/ClickHouse/clickhouse-docs/blob/0f448e10218dcd05734e68c1e898c5da9f500a30/docs/data-modeling/projections/1_projections.md
-- product: ClickHouse docs: UK price paid table (Enum8, LowCardinality) plus a CREATE AS copy with a normal (reordering) projection and aggregate projections
-- adapted: dropped CREATE DATABASE uk and the uk. qualifier; this page elides the base table columns ("..."), so the uk_price_paid DDL is taken verbatim from https://github.com/ClickHouse/clickhouse-docs/blob/28816fa1ab9c0a324541a74285576cb8d5b62f8a/docs/getting-started/example-datasets/uk-price-paid.md; omitted INSERT ... SELECT and the ALTER ... MATERIALIZE PROJECTION mutations (data-only)
CREATE TABLE uk_price_paid
(
    price UInt32,
    date Date,
    postcode1 LowCardinality(String),
    postcode2 LowCardinality(String),
    type Enum8('terraced' = 1, 'semi-detached' = 2, 'detached' = 3, 'flat' = 4, 'other' = 0),
    is_new UInt8,
    duration Enum8('freehold' = 1, 'leasehold' = 2, 'unknown' = 0),
    addr1 String,
    addr2 String,
    street LowCardinality(String),
    locality LowCardinality(String),
    town LowCardinality(String),
    district LowCardinality(String),
    county LowCardinality(String)
)
ENGINE = MergeTree
ORDER BY (postcode1, postcode2, addr1, addr2);

CREATE TABLE uk_price_paid_with_projections AS uk_price_paid;

ALTER TABLE uk_price_paid_with_projections
  (ADD PROJECTION prj_obj_town_price
  (
    SELECT *
    ORDER BY
        town,
        price
  ));

ALTER TABLE uk_price_paid_with_projections
  (ADD PROJECTION prj_gby_county
  (
    SELECT
        county,
        avg(price)
    GROUP BY county
  ));

CREATE TABLE uk_price_paid_with_projections_v2 AS uk_price_paid;

ALTER TABLE uk_price_paid_with_projections_v2
    ADD PROJECTION projection_by_year_district_town
    (
        SELECT
            toYear(date),
            district,
            town,
            avg(price),
            sum(price),
            count()
        GROUP BY
            toYear(date),
            district,
            town
    );
