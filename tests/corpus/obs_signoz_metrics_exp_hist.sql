-- source: https://github.com/SigNoz/signoz-otel-collector/blob/bd0b408812efb30ad8f350550ceaf74f08f7252c/migrationmanager/migrators/metrics/migrations/000007_exp_hist.up.sql
-- product: SigNoz: exponential-histogram metrics table - AggregateFunction(quantilesDD(0.01, ...), UInt64) sketch column, Gorilla+ZSTD / DoubleDelta / Delta codecs with ZSTD without level, 'Codec' spelled in mixed case, LowCardinality DEFAULT
-- adapted: removed ON CLUSTER {{.SIGNOZ_CLUSTER}}; {{.SIGNOZ_REPLICATED}} rendered as '' (non-replicated); dropped the signoz_* database qualifiers; dropped the Distributed table
CREATE TABLE IF NOT EXISTS exp_hist (
    env LowCardinality(String) DEFAULT 'default',
    temporality LowCardinality(String) DEFAULT 'Unspecified',
    metric_name LowCardinality(String),
    fingerprint UInt64 CODEC(Delta, ZSTD),
    unix_milli Int64 CODEC(DoubleDelta, ZSTD),
    count UInt64 CODEC(ZSTD(1)),
    sum Float64 Codec(Gorilla, ZSTD),
    min Float64 Codec(Gorilla, ZSTD),
    max Float64 Codec(Gorilla, ZSTD),
    sketch AggregateFunction(quantilesDD(0.01, 0.5, 0.75, 0.9, 0.95, 0.99), UInt64) CODEC(ZSTD(1))
)
ENGINE = MergeTree
        PARTITION BY toDate(unix_milli / 1000)
        ORDER BY (env, temporality, metric_name, fingerprint, unix_milli)
        TTL toDateTime(unix_milli/1000) + INTERVAL 2592000 SECOND DELETE
        SETTINGS ttl_only_drop_parts = 1;
