-- source: https://github.com/highlight/highlight/blob/5099514e6288713fcdf2b1911cf2ff6c324867fa/backend/clickhouse/migrations/000145_reacreate_errors_joined_vw.up.sql
-- product: Highlight.io: errors_joined_vw plain view joining two ReplacingMergeTree tables with FINAL and an INNER JOIN on a FINAL subquery; error_groups uses ReplacingMergeTree(UpdatedAt) and a trailing comma in the column list
-- adapted: dropped the leading DROP VIEW IF EXISTS errors_joined_vw; the view's tables are prepended from https://github.com/highlight/highlight/blob/5099514e6288713fcdf2b1911cf2ff6c324867fa/backend/clickhouse/migrations/000021_use_error_object_timestamp.up.sql (error_objects) and https://github.com/highlight/highlight/blob/5099514e6288713fcdf2b1911cf2ff6c324867fa/backend/clickhouse/migrations/000023_use_error_group_updated_at.up.sql (error_groups); later ALTER ADD COLUMN migrations on them are not applied
CREATE TABLE IF NOT EXISTS error_objects (
    ProjectID Int32,
    Timestamp DateTime64(6),
    ID Int64,
    ErrorGroupID Int64,
    Browser String,
    Environment String,
    OSName String,
    VisitedURL String,
    ServiceName String,
    ServiceVersion String,
    ClientID String
) ENGINE = ReplacingMergeTree
ORDER BY (
        ProjectID,
        Timestamp,
        ID
    );

CREATE TABLE IF NOT EXISTS error_groups (
    ProjectID Int32,
    CreatedAt DateTime64(6),
    UpdatedAt DateTime64(6),
    ID Int64,
    Event String,
    Status LowCardinality(String),
    Type LowCardinality(String),
) ENGINE = ReplacingMergeTree(UpdatedAt)
ORDER BY (
        ProjectID,
        CreatedAt,
        ID
    );

CREATE VIEW IF NOT EXISTS errors_joined_vw AS
SELECT ProjectID as ProjectId,
    *
FROM error_objects eo FINAL
    INNER JOIN (
        SELECT *
        FROM error_groups FINAL
    ) eg ON eg.ID = eo.ErrorGroupID
    AND eg.ProjectID = eo.ProjectID;
