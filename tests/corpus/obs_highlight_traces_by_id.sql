-- source: https://github.com/highlight/highlight/blob/5099514e6288713fcdf2b1911cf2ff6c324867fa/backend/clickhouse/migrations/000059_create_traces_by_id_mv.up.sql
-- product: Highlight.io: traces table (Nested Events/Links, DateTime64(9), bloom_filter/minmax indexes, min_age_to_force_merge_seconds) and a traces_by_id copy ordered by (ProjectId, TraceId) fed by a materialized view with an explicit TO-table column list (flattened `Events.Timestamp` Array columns) over SELECT *
-- adapted: the MV's source table is prepended from https://github.com/highlight/highlight/blob/5099514e6288713fcdf2b1911cf2ff6c324867fa/backend/clickhouse/migrations/000041_create_traces_table_new.up.sql with its name traces_new changed to traces, as https://github.com/highlight/highlight/blob/5099514e6288713fcdf2b1911cf2ff6c324867fa/backend/clickhouse/migrations/000042_exchange_traces_tables.up.sql does with EXCHANGE TABLES traces AND traces_new
CREATE TABLE IF NOT EXISTS traces (
    Timestamp DateTime64(9),
    UUID UUID,
    TraceId String,
    SpanId String,
    ParentSpanId String,
    ProjectId UInt32,
    SecureSessionId String,
    TraceState String,
    SpanName LowCardinality(String),
    SpanKind LowCardinality(String),
    Duration Int64,
    ServiceName LowCardinality(String),
    ServiceVersion String,
    TraceAttributes Map(LowCardinality(String), String),
    StatusCode LowCardinality(String),
    StatusMessage String,
    Events Nested (
        Timestamp DateTime64(9),
        Name LowCardinality(String),
        Attributes Map(LowCardinality(String), String)
    ),
    Links Nested (
        TraceId String,
        SpanId String,
        TraceState String,
        Attributes Map(LowCardinality(String), String)
    ),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_res_attr_key mapKeys(TraceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_res_attr_value mapValues(TraceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_duration Duration TYPE minmax GRANULARITY 1
) ENGINE = MergeTree PARTITION BY toDate(Timestamp)
ORDER BY (ProjectId, Timestamp, UUID) TTL toDateTime(Timestamp) + toIntervalDay(30) SETTINGS index_granularity = 8192,
    ttl_only_drop_parts = 1,
    min_age_to_force_merge_seconds = 3600;

CREATE TABLE IF NOT EXISTS traces_by_id (
    `Timestamp` DateTime64(9),
    `UUID` UUID,
    `TraceId` String,
    `SpanId` String,
    `ParentSpanId` String,
    `ProjectId` UInt32,
    `SecureSessionId` String,
    `TraceState` String,
    `SpanName` LowCardinality(String),
    `SpanKind` LowCardinality(String),
    `Duration` Int64,
    `ServiceName` LowCardinality(String),
    `ServiceVersion` String,
    `TraceAttributes` Map(LowCardinality(String), String),
    `StatusCode` LowCardinality(String),
    `StatusMessage` String,
    `Events.Timestamp` Array(DateTime64(9)),
    `Events.Name` Array(LowCardinality(String)),
    `Events.Attributes` Array(Map(LowCardinality(String), String)),
    `Links.TraceId` Array(String),
    `Links.SpanId` Array(String),
    `Links.TraceState` Array(String),
    `Links.Attributes` Array(Map(LowCardinality(String), String))
) ENGINE = MergeTree
ORDER BY (ProjectId, TraceId) TTL toDateTime(Timestamp) + toIntervalDay(30);
CREATE MATERIALIZED VIEW IF NOT EXISTS traces_by_id_mv TO traces_by_id (
    `Timestamp` DateTime64(9),
    `UUID` UUID,
    `TraceId` String,
    `SpanId` String,
    `ParentSpanId` String,
    `ProjectId` UInt32,
    `SecureSessionId` String,
    `TraceState` String,
    `SpanName` LowCardinality(String),
    `SpanKind` LowCardinality(String),
    `Duration` Int64,
    `ServiceName` LowCardinality(String),
    `ServiceVersion` String,
    `TraceAttributes` Map(LowCardinality(String), String),
    `StatusCode` LowCardinality(String),
    `StatusMessage` String,
    `Events.Timestamp` Array(DateTime64(9)),
    `Events.Name` Array(LowCardinality(String)),
    `Events.Attributes` Array(Map(LowCardinality(String), String)),
    `Links.TraceId` Array(String),
    `Links.SpanId` Array(String),
    `Links.TraceState` Array(String),
    `Links.Attributes` Array(Map(LowCardinality(String), String))
) AS
SELECT *
FROM traces;
