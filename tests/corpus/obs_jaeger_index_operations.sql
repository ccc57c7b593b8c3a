-- source: https://github.com/jaegertracing/jaeger-clickhouse/blob/5bad28fc569a3b6f2f385a87515aab924a3634df/sqlscripts/jaeger-operations.tmpl.sql
-- product: jaeger-clickhouse (Jaeger storage plugin): span index table with Nested tags and a bloom_filter index on the Nested key sub-column, ORDER BY (service, -toUnixTimestamp(timestamp)), index_granularity = 1024; operations materialized view with its own inner SummingMergeTree engine, POPULATE and has()/indexOf() over Nested arrays
-- adapted: Go templates rendered as storage/store.go does with the defaults (Replication=false, no tenant, ttl 0 so {{.TTLTimestamp}}/{{.TTLDate}} are empty, tables jaeger_index_local / jaeger_operations_local per storage/config.go) and the {{.Database}}. qualifier dropped; the MV's source table is prepended from https://github.com/jaegertracing/jaeger-clickhouse/blob/5bad28fc569a3b6f2f385a87515aab924a3634df/sqlscripts/jaeger-index.tmpl.sql rendered the same way
CREATE TABLE IF NOT EXISTS jaeger_index_local

(
    timestamp  DateTime CODEC (Delta, ZSTD(1)),
    traceID    String CODEC (ZSTD(1)),
    service    LowCardinality(String) CODEC (ZSTD(1)),
    operation  LowCardinality(String) CODEC (ZSTD(1)),
    durationUs UInt64 CODEC (ZSTD(1)),
    tags Nested
    (
        key LowCardinality(String),
        value String
    ) CODEC (ZSTD(1)),
    INDEX idx_tag_keys tags.key TYPE bloom_filter(0.01) GRANULARITY 64,
    INDEX idx_duration durationUs TYPE minmax GRANULARITY 1
) ENGINE MergeTree()
    
    PARTITION BY (
        toDate(timestamp)
    )
    ORDER BY (service, -toUnixTimestamp(timestamp))
    SETTINGS index_granularity = 1024;

CREATE MATERIALIZED VIEW IF NOT EXISTS jaeger_operations_local

    ENGINE SummingMergeTree
    
    PARTITION BY (
        toYYYYMM(date)
    )
    ORDER BY (
        date,
        service,
        operation
    )
    SETTINGS index_granularity = 32
    POPULATE
AS SELECT
    toDate(timestamp) AS date,
    service,
    operation,
    count() AS count,
    if(
        has(tags.key, 'span.kind'),
        tags.value[indexOf(tags.key, 'span.kind')],
        ''
    ) AS spankind
FROM jaeger_index_local
GROUP BY
    date,
    service,
    operation,
    tags.key,
    tags.value;
