-- source: https://github.com/SigNoz/signoz-otel-collector/blob/bd0b408812efb30ad8f350550ceaf74f08f7252c/migrationmanager/migrators/logs/migrations/000001_init_db.up.sql
-- product: SigNoz: first logs schema - logs table with parallel key/value Array attribute columns, ngrambf_v1 body index, UInt64 nanosecond timestamp with DoubleDelta+LZ4, TTL on an integer expression; ReplacingMergeTree key tables fed by DISTINCT arrayJoin ... ORDER BY materialized views
-- adapted: removed ON CLUSTER {{.SIGNOZ_CLUSTER}}; {{.SIGNOZ_REPLICATED}} rendered as '' (non-replicated); dropped the signoz_* database qualifiers
CREATE TABLE IF NOT EXISTS logs (
	timestamp UInt64 CODEC(DoubleDelta, LZ4),
	observed_timestamp UInt64 CODEC(DoubleDelta, LZ4),
	id String CODEC(ZSTD(1)),
	trace_id String CODEC(ZSTD(1)),
	span_id String CODEC(ZSTD(1)),
	trace_flags UInt32,
	severity_text LowCardinality(String) CODEC(ZSTD(1)),
	severity_number UInt8,
	body String CODEC(ZSTD(2)),
	resources_string_key Array(String) CODEC(ZSTD(1)),
	resources_string_value Array(String) CODEC(ZSTD(1)),
	attributes_string_key Array(String) CODEC(ZSTD(1)),
	attributes_string_value Array(String) CODEC(ZSTD(1)),
	attributes_int64_key Array(String) CODEC(ZSTD(1)),
	attributes_int64_value Array(Int64) CODEC(ZSTD(1)),
	attributes_float64_key Array(String) CODEC(ZSTD(1)),
	attributes_float64_value Array(Float64) CODEC(ZSTD(1)),
	INDEX body_idx body TYPE ngrambf_v1(4, 60000, 5, 0) GRANULARITY 1
) ENGINE MergeTree
PARTITION BY toDate(timestamp / 1000000000)
ORDER BY (timestamp, id)
TTL toDateTime(timestamp / 1000000000) + INTERVAL 1296000 SECOND DELETE;

CREATE TABLE IF NOT EXISTS logs_atrribute_keys (
name String,
datatype String
)ENGINE = ReplacingMergeTree
ORDER BY (name, datatype);

CREATE TABLE IF NOT EXISTS logs_resource_keys (
name String,
datatype String
)ENGINE = ReplacingMergeTree
ORDER BY (name, datatype);

CREATE MATERIALIZED VIEW IF NOT EXISTS  atrribute_keys_string_final_mv TO logs_atrribute_keys AS
SELECT
distinct arrayJoin(attributes_string_key) as name, 'String' datatype
FROM logs
ORDER BY name;

CREATE MATERIALIZED VIEW IF NOT EXISTS  atrribute_keys_int64_final_mv TO logs_atrribute_keys AS
SELECT
distinct arrayJoin(attributes_int64_key) as name, 'Int64' datatype
FROM logs
ORDER BY  name;

CREATE MATERIALIZED VIEW IF NOT EXISTS  atrribute_keys_float64_final_mv TO logs_atrribute_keys AS
SELECT
distinct arrayJoin(attributes_float64_key) as name, 'Float64' datatype
FROM logs
ORDER BY  name;

CREATE MATERIALIZED VIEW IF NOT EXISTS  resource_keys_string_final_mv TO logs_resource_keys AS
SELECT
distinct arrayJoin(resources_string_key) as name, 'String' datatype
FROM logs
ORDER BY  name;
