-- source: https://github.com/ClickHouse/clickhouse-docs/blob/040e94f07d428f1427a7feac112cbd26cbb3395b/docs/guides/best-practices/sparse-primary-indexes.md
-- product: ClickHouse docs: primary-index guide: PRIMARY KEY tuple() without ORDER BY, PRIMARY KEY a prefix of a longer ORDER BY with index_granularity_bytes = 0 / compress_primary_key = 0, a materialized view with an implicit inner MergeTree (ENGINE/PRIMARY KEY/ORDER BY) and POPULATE, and a projection added by ALTER
-- adapted: the "-- highlight-next-line" doc markers inside the DDL are kept as SQL comments; INSERT/OPTIMIZE/MATERIALIZE PROJECTION statements omitted
CREATE TABLE hits_NoPrimaryKey
(
    `UserID` UInt32,
    `URL` String,
    `EventTime` DateTime
)
ENGINE = MergeTree
PRIMARY KEY tuple();

CREATE TABLE hits_UserID_URL
(
    `UserID` UInt32,
    `URL` String,
    `EventTime` DateTime
)
ENGINE = MergeTree
-- highlight-next-line
PRIMARY KEY (UserID, URL)
ORDER BY (UserID, URL, EventTime)
SETTINGS index_granularity = 8192, index_granularity_bytes = 0, compress_primary_key = 0;

CREATE TABLE hits_URL_UserID
(
    `UserID` UInt32,
    `URL` String,
    `EventTime` DateTime
)
ENGINE = MergeTree
-- highlight-next-line
PRIMARY KEY (URL, UserID)
ORDER BY (URL, UserID, EventTime)
SETTINGS index_granularity = 8192, index_granularity_bytes = 0, compress_primary_key = 0;

CREATE MATERIALIZED VIEW mv_hits_URL_UserID
ENGINE = MergeTree()
PRIMARY KEY (URL, UserID)
ORDER BY (URL, UserID, EventTime)
POPULATE
AS SELECT * FROM hits_UserID_URL;

ALTER TABLE hits_UserID_URL
    ADD PROJECTION prj_url_userid
    (
        SELECT *
        ORDER BY (URL, UserID)
    );
