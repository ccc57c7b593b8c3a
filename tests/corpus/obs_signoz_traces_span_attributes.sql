-- source: https://github.com/SigNoz/signoz-otel-collector/blob/bd0b408812efb30ad8f350550ceaf74f08f7252c/migrationmanager/migrators/traces/migrations/000023_span_attributes_mv.up.sql
-- product: SigNoz: span_attributes value catalogue - Enum without explicit values, Nullable(Float64) in ORDER BY with allow_nullable_key = 1, trailing comma before ')', ReplacingMergeTree without version, TTL ... DELETE
-- adapted: removed ON CLUSTER {{.SIGNOZ_CLUSTER}}; {{.SIGNOZ_REPLICATED}} rendered as '' (non-replicated); dropped the signoz_* database qualifiers; dropped the Distributed table
CREATE TABLE IF NOT EXISTS span_attributes (
    timestamp DateTime CODEC(DoubleDelta, ZSTD(1)), 
    tagKey LowCardinality(String) CODEC(ZSTD(1)),
    tagType Enum('tag', 'resource') CODEC(ZSTD(1)),
    dataType Enum('string', 'bool', 'float64') CODEC(ZSTD(1)),
    stringTagValue String CODEC(ZSTD(1)),
    float64TagValue Nullable(Float64) CODEC(ZSTD(1)),
    isColumn bool CODEC(ZSTD(1)),
) ENGINE ReplacingMergeTree
ORDER BY (tagKey, tagType, dataType, stringTagValue, float64TagValue, isColumn)
TTL toDateTime(timestamp) + INTERVAL 172800 SECOND DELETE
SETTINGS ttl_only_drop_parts = 1, allow_nullable_key = 1;
