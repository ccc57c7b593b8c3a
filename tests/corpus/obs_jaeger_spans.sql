-- source: https://github.com/jaegertracing/jaeger-clickhouse/blob/5bad28fc569a3b6f2f385a87515aab924a3634df/sqlscripts/jaeger-spans.tmpl.sql
-- product: jaeger-clickhouse: raw span store (protobuf/json model blob with ZSTD(3), Delta timestamp), ORDER BY traceID with PARTITION BY toDate and index_granularity = 1024
-- adapted: Go template rendered with the defaults (Replication=false, no tenant, ttl 0 so {{.TTLTimestamp}} is empty, table jaeger_spans_local)
CREATE TABLE IF NOT EXISTS jaeger_spans_local

(
    timestamp DateTime CODEC (Delta, ZSTD(1)),
    traceID   String CODEC (ZSTD(1)),
    model     String CODEC (ZSTD(3))
) ENGINE MergeTree()
    
    PARTITION BY (
        toDate(timestamp)
    )
    ORDER BY traceID
    SETTINGS index_granularity = 1024;
