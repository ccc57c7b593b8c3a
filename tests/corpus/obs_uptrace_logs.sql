-- source: https://github.com/uptrace/uptrace/blob/c186b0b63818008dcf471fc7215c13fa089d8e00/pkg/bunapp/chmigrations/20241018052657_logs.up.sql
-- product: Uptrace: logs_index / logs_data - Enum8 severity with an empty-string member ('' = 0, 25 values), LowCardinality attribute columns, T64 on UInt64 id, index_granularity = 2048, storage_policy
-- adapted: rendered the bun/ch named args as cmd/uptrace/command/ch.go does for a non-replicated install with the config/uptrace.dist.yml ch_schema values: ?ON_CLUSTER and ?(REPLICATED) -> '', ?CODEC -> ZSTD(1), ?SPANS_TTL/?METRICS_TTL -> 14 DAY, ?SPANS_STORAGE/?METRICS_STORAGE -> 'default'; the --migration:split separators became ';'
CREATE TABLE logs_index (
  id UInt64 Codec(T64, ZSTD(1)),
  trace_id UUID Codec(ZSTD(1)),
  parent_id UInt64 Codec(ZSTD(1)),

  project_id UInt32 Codec(DoubleDelta, ZSTD(1)),
  type LowCardinality(String) Codec(ZSTD(1)),
  system LowCardinality(String) Codec(ZSTD(1)),
  group_id UInt64 Codec(Delta, ZSTD(1)),

  kind LowCardinality(String) Codec(ZSTD(1)),
  name LowCardinality(String) Codec(ZSTD(1)),
  event_name String Codec(ZSTD(1)),
  display_name String Codec(ZSTD(1)),

  time DateTime Codec(Delta, ZSTD(1)),
  count Float32 Codec(ZSTD(1)),

  all_keys Array(LowCardinality(String)) Codec(ZSTD(1)),
  string_keys Array(LowCardinality(String)) Codec(ZSTD(1)),
  string_values Array(String) Codec(ZSTD(1)),

  deployment_environment LowCardinality(String) Codec(ZSTD(1)),
  service_namespace LowCardinality(String) Codec(ZSTD(1)),
  service_name LowCardinality(String) Codec(ZSTD(1)),
  service_version LowCardinality(String) Codec(ZSTD(1)),
  host_name LowCardinality(String) Codec(ZSTD(1)),

  telemetry_sdk_name LowCardinality(String) Codec(ZSTD(1)),
  telemetry_sdk_language LowCardinality(String) Codec(ZSTD(1)),
  telemetry_sdk_version LowCardinality(String) Codec(ZSTD(1)),
  telemetry_auto_version LowCardinality(String) Codec(ZSTD(1)),

  otel_library_name LowCardinality(String) Codec(ZSTD(1)),
  otel_library_version LowCardinality(String) Codec(ZSTD(1)),

  log_severity Enum8('' = 0, 'TRACE' = 1, 'TRACE2' = 2, 'TRACE3' = 3, 'TRACE4' = 4, 'DEBUG' = 5, 'DEBUG2' = 6, 'DEBUG3' = 7, 'DEBUG4' = 8, 'INFO' = 9, 'INFO2' = 10, 'INFO3' = 11, 'INFO4' = 12, 'WARN' = 13, 'WARN2' = 14, 'WARN3' = 15, 'WARN4' = 16, 'ERROR' = 17, 'ERROR2' = 18, 'ERROR3' = 19, 'ERROR4' = 20, 'FATAL' = 21, 'FATAL2' = 22, 'FATAL3' = 23, 'FATAL4' = 24) Codec(ZSTD(1)),
  log_file_path LowCardinality(String) Codec(ZSTD(1)),
  log_file_name LowCardinality(String) Codec(ZSTD(1)),
  log_iostream LowCardinality(String) Codec(ZSTD(1)),
  log_source LowCardinality(String) Codec(ZSTD(1)),

  exception_type LowCardinality(String) Codec(ZSTD(1)),
  exception_stacktrace String Codec(ZSTD(1))
)
ENGINE = MergeTree()
ORDER BY (project_id, system, group_id, time)
PARTITION BY toDate(time)
TTL toDate(time) + INTERVAL 14 DAY DELETE
SETTINGS ttl_only_drop_parts = 1,
         storage_policy = 'default';

CREATE TABLE logs_data (
  project_id UInt32 Codec(Delta, ZSTD(1)),
  type LowCardinality(String) Codec(ZSTD(1)),
  trace_id UUID Codec(ZSTD(1)),
  id UInt64 Codec(T64, ZSTD(1)),
  parent_id UInt64 Codec(ZSTD(1)),
  time DateTime64(6) Codec(Delta, ZSTD(1)),
  data String Codec(ZSTD(1))
)
ENGINE = MergeTree()
ORDER BY (trace_id, id)
PARTITION BY toDate(time)
TTL toDate(time) + INTERVAL 14 DAY DELETE
SETTINGS ttl_only_drop_parts = 1,
         index_granularity = 2048,
         storage_policy = 'default';
