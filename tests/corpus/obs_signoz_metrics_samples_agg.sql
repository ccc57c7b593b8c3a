-- source: https://github.com/SigNoz/signoz-otel-collector/blob/bd0b408812efb30ad8f350550ceaf74f08f7252c/migrationmanager/migrators/metrics/migrations/000008_samples_agg_tables.up.sql
-- product: SigNoz: 5m/30m AggregatingMergeTree downsampling of samples_v4 (SimpleAggregateFunction anyLast/min/max/sum, intDiv bucketing), a cascaded MV reading the 5m rollup, and a weekly ReplacingMergeTree time-series table with ngrambf_v1 fed by an MV from the daily table
-- adapted: removed ON CLUSTER {{.SIGNOZ_CLUSTER}}; {{.SIGNOZ_REPLICATED}} rendered as '' (non-replicated); dropped the signoz_* database qualifiers; dropped the three Distributed tables; the MV sources samples_v4 and time_series_v4_1day are prepended from https://github.com/SigNoz/signoz-otel-collector/blob/bd0b408812efb30ad8f350550ceaf74f08f7252c/migrationmanager/migrators/metrics/migrations/000005_samples_v4.up.sql and https://github.com/SigNoz/signoz-otel-collector/blob/bd0b408812efb30ad8f350550ceaf74f08f7252c/migrationmanager/migrators/metrics/migrations/000004_ts_v4_high_precision.up.sql (CREATE TABLE time_series_v4_1day only)
CREATE TABLE IF NOT EXISTS samples_v4 (
    env LowCardinality(String) DEFAULT 'default',
    temporality LowCardinality(String) DEFAULT 'Unspecified',
    metric_name LowCardinality(String),
    fingerprint UInt64 CODEC(Delta, ZSTD),
    unix_milli Int64 CODEC(DoubleDelta, ZSTD),
    value Float64 Codec(Gorilla, ZSTD)
)
ENGINE = MergeTree
        PARTITION BY toDate(unix_milli / 1000)
        ORDER BY (env, temporality, metric_name, fingerprint, unix_milli)
        TTL toDateTime(unix_milli/1000) + INTERVAL 2592000 SECOND DELETE
        SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS time_series_v4_1day (
    env LowCardinality(String) DEFAULT 'default',
    temporality LowCardinality(String) DEFAULT 'Unspecified',
    metric_name LowCardinality(String),
    description LowCardinality(String) DEFAULT '' CODEC(ZSTD(1)),
    unit LowCardinality(String) DEFAULT '' CODEC(ZSTD(1)),
    type LowCardinality(String) DEFAULT '' CODEC(ZSTD(1)),
    is_monotonic Bool DEFAULT false CODEC(ZSTD(1)),
    fingerprint UInt64 CODEC(Delta, ZSTD),
    unix_milli Int64 CODEC(Delta, ZSTD),
    labels String CODEC(ZSTD(5)),
    INDEX idx_labels labels TYPE ngrambf_v1(4, 1024, 3, 0) GRANULARITY 1
)
ENGINE = ReplacingMergeTree
        PARTITION BY toDate(unix_milli / 1000)
        ORDER BY (env, temporality, metric_name, fingerprint, unix_milli)
        TTL toDateTime(unix_milli/1000) + INTERVAL 2592000 SECOND DELETE
        SETTINGS ttl_only_drop_parts = 1;

-- 5m aggregation table
CREATE TABLE IF NOT EXISTS samples_v4_agg_5m
(
    `env` LowCardinality(String) DEFAULT 'default',
    `temporality` LowCardinality(String) DEFAULT 'Unspecified',
    `metric_name` LowCardinality(String),
    `fingerprint` UInt64 CODEC(ZSTD(1)),
    `unix_milli` Int64 CODEC(DoubleDelta, ZSTD(1)),
    `last` SimpleAggregateFunction(anyLast, Float64) CODEC(ZSTD(1)),
    `min` SimpleAggregateFunction(min, Float64) CODEC(ZSTD(1)),
    `max` SimpleAggregateFunction(max, Float64) CODEC(ZSTD(1)),
    `sum` SimpleAggregateFunction(sum, Float64) CODEC(ZSTD(1)),
    `count` SimpleAggregateFunction(sum, UInt64) CODEC(ZSTD(1))
)
ENGINE = AggregatingMergeTree
    PARTITION BY toDate(unix_milli / 1000)
    ORDER BY (env, temporality, metric_name, fingerprint, unix_milli)
    TTL toDateTime(unix_milli/1000) + INTERVAL 2592000 SECOND DELETE
    SETTINGS ttl_only_drop_parts = 1;

-- 30m aggregation table
CREATE TABLE IF NOT EXISTS samples_v4_agg_30m
(
    `env` LowCardinality(String) DEFAULT 'default',
    `temporality` LowCardinality(String) DEFAULT 'Unspecified',
    `metric_name` LowCardinality(String),
    `fingerprint` UInt64 CODEC(ZSTD(1)),
    `unix_milli` Int64 CODEC(DoubleDelta, ZSTD(1)),
    `last` SimpleAggregateFunction(anyLast, Float64) CODEC(ZSTD(1)),
    `min` SimpleAggregateFunction(min, Float64) CODEC(ZSTD(1)),
    `max` SimpleAggregateFunction(max, Float64) CODEC(ZSTD(1)),
    `sum` SimpleAggregateFunction(sum, Float64) CODEC(ZSTD(1)),
    `count` SimpleAggregateFunction(sum, UInt64) CODEC(ZSTD(1))
)
ENGINE = AggregatingMergeTree
    PARTITION BY toDate(unix_milli / 1000)
    ORDER BY (env, temporality, metric_name, fingerprint, unix_milli)
    TTL toDateTime(unix_milli/1000) + INTERVAL 2592000 SECOND DELETE
    SETTINGS ttl_only_drop_parts = 1;

-- 5m aggregation materialized view
CREATE MATERIALIZED VIEW IF NOT EXISTS samples_v4_agg_5m_mv
TO samples_v4_agg_5m AS
SELECT
    env,
    temporality,
    metric_name,
    fingerprint,
    intDiv(unix_milli, 300000) * 300000 as unix_milli,
    anyLast(value) as last,
    min(value) as min,
    max(value) as max,
    sum(value) as sum,
    count(*) as count
FROM samples_v4 
GROUP BY
    env,
    temporality,
    metric_name,
    fingerprint,
    unix_milli;

-- 30m aggregation materialized view
CREATE MATERIALIZED VIEW IF NOT EXISTS samples_v4_agg_30m_mv
TO samples_v4_agg_30m AS
SELECT
    env,
    temporality,
    metric_name,
    fingerprint,
    intDiv(unix_milli, 1800000) * 1800000 as unix_milli,
    anyLast(last) as last,
    min(min) as min,
    max(max) as max,
    sum(sum) as sum,
    sum(count) as count
FROM samples_v4_agg_5m 
GROUP BY
    env,
    temporality,
    metric_name,
    fingerprint,
    unix_milli;

-- time series v4 1 week table
CREATE TABLE IF NOT EXISTS time_series_v4_1week (
    env LowCardinality(String) DEFAULT 'default',
    temporality LowCardinality(String) DEFAULT 'Unspecified',
    metric_name LowCardinality(String),
    description LowCardinality(String) DEFAULT '' CODEC(ZSTD(1)),
    unit LowCardinality(String) DEFAULT '' CODEC(ZSTD(1)),
    type LowCardinality(String) DEFAULT '' CODEC(ZSTD(1)),
    is_monotonic Bool DEFAULT false CODEC(ZSTD(1)),
    fingerprint UInt64 CODEC(Delta, ZSTD),
    unix_milli Int64 CODEC(Delta, ZSTD),
    labels String CODEC(ZSTD(5)),
    INDEX idx_labels labels TYPE ngrambf_v1(4, 1024, 3, 0) GRANULARITY 1
)
ENGINE = ReplacingMergeTree
        PARTITION BY toDate(unix_milli / 1000)
        ORDER BY (env, temporality, metric_name, fingerprint, unix_milli)
        TTL toDateTime(unix_milli/1000) + INTERVAL 2592000 SECOND DELETE
        SETTINGS ttl_only_drop_parts = 1;

-- time series v4 1 week materialized view
CREATE MATERIALIZED VIEW IF NOT EXISTS time_series_v4_1week_mv
TO time_series_v4_1week
AS SELECT
    env,
    temporality,
    metric_name,
    description,
    unit,
    type,
    is_monotonic,
    fingerprint,
    floor(unix_milli/604800000)*604800000 AS unix_milli,
    labels
FROM time_series_v4_1day;
