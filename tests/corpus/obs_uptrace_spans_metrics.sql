-- source: https://github.com/uptrace/uptrace/blob/c186b0b63818008dcf471fc7215c13fa089d8e00/pkg/bunapp/chmigrations/20211205231031_initial.up.sql
-- product: Uptrace: initial schema - spans_index/spans_data (T64/DoubleDelta/Delta codecs, UUID, storage_policy setting, TTL .. DELETE), datapoint_minutes/hours AggregatingMergeTree with AggregateFunction(quantilesBFloat16(0.5), Float32) and a quantilesBFloat16MergeState rollup MV, service_graph_edges (PRIMARY KEY prefix of ORDER BY, SimpleAggregateFunction(sumWithOverflow, ..))
-- adapted: rendered the bun/ch named args as cmd/uptrace/command/ch.go does for a non-replicated install with the config/uptrace.dist.yml ch_schema values: ?ON_CLUSTER and ?(REPLICATED) -> '', ?CODEC -> ZSTD(1), ?SPANS_TTL/?METRICS_TTL -> 14 DAY, ?SPANS_STORAGE/?METRICS_STORAGE -> 'default'; the --migration:split separators became ';'; added the table setting allow_dimensions_outside_sorting_key = 1 to datapoint_minutes, datapoint_hours and service_graph_edges, because ClickHouse 26.x otherwise rejects their plain non-key columns (instrument, string_keys, string_values, server_attr) in an AggregatingMergeTree; dropped the three metrics_uptrace_service_graph_*_mv views, which select an all_keys column that datapoint_minutes does not have (ClickHouse rejects them with THERE_IS_NO_COLUMN)
CREATE TABLE spans_index (
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
  duration Int64 Codec(T64, ZSTD(1)),
  count Float32 Codec(ZSTD(1)),

  status_code LowCardinality(String) Codec(ZSTD(1)),
  status_message String Codec(ZSTD(1)),

  all_keys Array(LowCardinality(String)) Codec(ZSTD(1)),
  string_keys Array(LowCardinality(String)) Codec(ZSTD(1)),
  string_values Array(String) Codec(ZSTD(1)),

  deployment_environment LowCardinality(String) Codec(ZSTD(1)),
  service_namespace LowCardinality(String) Codec(ZSTD(1)),
  service_name LowCardinality(String) Codec(ZSTD(1)),
  service_version LowCardinality(String) Codec(ZSTD(1)),
  host_name LowCardinality(String) Codec(ZSTD(1)),

  otel_library_name LowCardinality(String) Codec(ZSTD(1)),
  otel_library_version LowCardinality(String) Codec(ZSTD(1)),

  client_address LowCardinality(String) Codec(ZSTD(1)),
  client_socket_address LowCardinality(String) Codec(ZSTD(1)),
  client_socket_port Int32 Codec(T64, ZSTD(1)),

  db_system LowCardinality(String) Codec(ZSTD(1)),
  db_name LowCardinality(String) Codec(ZSTD(1)),
  db_sql_tables Array(LowCardinality(String)) Codec(ZSTD(1)),
  db_statement String Codec(ZSTD(1)),
  db_operation LowCardinality(String) Codec(ZSTD(1)),

  telemetry_sdk_name LowCardinality(String) Codec(ZSTD(1)),
  telemetry_sdk_language LowCardinality(String) Codec(ZSTD(1)),
  telemetry_sdk_version LowCardinality(String) Codec(ZSTD(1)),
  telemetry_auto_version LowCardinality(String) Codec(ZSTD(1)),

  process_pid Int32 Codec(T64, ZSTD(1)),
  process_command LowCardinality(String) Codec(ZSTD(1)),
  process_runtime_name LowCardinality(String) Codec(ZSTD(1)),
  process_runtime_version LowCardinality(String) Codec(ZSTD(1)),
  process_runtime_description LowCardinality(String) Codec(ZSTD(1))
)
ENGINE = MergeTree()
ORDER BY (project_id, system, group_id, time)
PARTITION BY toDate(time)
TTL toDate(time) + INTERVAL 14 DAY DELETE
SETTINGS ttl_only_drop_parts = 1,
         storage_policy = 'default';

CREATE TABLE spans_data (
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

CREATE TABLE datapoint_minutes (
  project_id UInt32 Codec(DoubleDelta, ZSTD(1)),
  metric LowCardinality(String) Codec(ZSTD(1)),
  time DateTime Codec(DoubleDelta, ZSTD(1)),
  attrs_hash UInt64 Codec(Delta, ZSTD(1)),

  instrument LowCardinality(String) Codec(ZSTD(1)),
  min SimpleAggregateFunction(min, Float64) Codec(ZSTD(1)),
  max SimpleAggregateFunction(max, Float64) Codec(ZSTD(1)),
  sum SimpleAggregateFunction(sum, Float64) Codec(ZSTD(1)),
  count SimpleAggregateFunction(sum, UInt64) Codec(T64, ZSTD(1)),
  gauge SimpleAggregateFunction(anyLast, Float64) Codec(ZSTD(1)),
  histogram AggregateFunction(quantilesBFloat16(0.5), Float32) Codec(ZSTD(1)),

  string_keys Array(LowCardinality(String)) Codec(ZSTD(1)),
  string_values Array(String) Codec(ZSTD(1)),
  annotations SimpleAggregateFunction(max, String) Codec(ZSTD(1))
)
ENGINE = AggregatingMergeTree
PARTITION BY toDate(time)
ORDER BY (project_id, metric, time, attrs_hash)
TTL toDate(time) + INTERVAL 14 DAY DELETE
SETTINGS ttl_only_drop_parts = 1, allow_dimensions_outside_sorting_key = 1,
         storage_policy = 'default';

CREATE TABLE datapoint_hours (
  project_id UInt32 Codec(DoubleDelta, ZSTD(1)),
  metric LowCardinality(String) Codec(ZSTD(1)),
  time DateTime Codec(DoubleDelta, ZSTD(1)),
  attrs_hash UInt64 Codec(Delta, ZSTD(1)),

  instrument LowCardinality(String) Codec(ZSTD(1)),
  min SimpleAggregateFunction(min, Float64) Codec(ZSTD(1)),
  max SimpleAggregateFunction(max, Float64) Codec(ZSTD(1)),
  sum SimpleAggregateFunction(sum, Float64) Codec(ZSTD(1)),
  count SimpleAggregateFunction(sum, UInt64) Codec(T64, ZSTD(1)),
  gauge SimpleAggregateFunction(anyLast, Float64) Codec(ZSTD(1)),
  histogram AggregateFunction(quantilesBFloat16(0.5), Float32) Codec(ZSTD(1)),

  string_keys Array(LowCardinality(String)) Codec(ZSTD(1)),
  string_values Array(String) Codec(ZSTD(1)),
  annotations SimpleAggregateFunction(max, String) Codec(ZSTD(1))
)
ENGINE = AggregatingMergeTree
PARTITION BY toDate(time)
ORDER BY (project_id, metric, time, attrs_hash)
TTL toDate(time) + INTERVAL 14 DAY DELETE
SETTINGS ttl_only_drop_parts = 1, allow_dimensions_outside_sorting_key = 1,
         storage_policy = 'default';

CREATE MATERIALIZED VIEW datapoint_hours_mv
TO datapoint_hours
AS SELECT
  project_id,
  metric,
  toStartOfHour(time) AS time,
  attrs_hash,

  anyLast(instrument) AS instrument,
  min(min) AS min,
  max(max) AS max,
  sum(sum) AS sum,
  sum(count) AS count,
  anyLast(gauge) AS gauge,
  quantilesBFloat16MergeState(0.5)(histogram) AS histogram,

  any(string_keys) AS string_keys,
  any(string_values) AS string_values,
  max(annotations) AS annotations
FROM datapoint_minutes AS m
GROUP BY m.project_id, m.metric, toStartOfHour(m.time), m.attrs_hash;
--------------------------------------------------------------------------------

CREATE TABLE service_graph_edges (
  project_id UInt32 Codec(DoubleDelta, ZSTD(1)),
  type LowCardinality(String) Codec(ZSTD(1)),
  time DateTime Codec(T64, ZSTD(1)),

  client_name LowCardinality(String) Codec(ZSTD(1)),
  server_name LowCardinality(String) Codec(ZSTD(1)),
  server_attr LowCardinality(String) Codec(ZSTD(1)),

  deployment_environment LowCardinality(String) Codec(ZSTD(1)),
  service_namespace LowCardinality(String) Codec(ZSTD(1)),

  client_duration_min SimpleAggregateFunction(min, Float32) Codec(ZSTD(1)),
  client_duration_max SimpleAggregateFunction(max, Float32) Codec(ZSTD(1)),
  client_duration_sum SimpleAggregateFunction(sumWithOverflow, Float32) Codec(ZSTD(1)),

  server_duration_min SimpleAggregateFunction(min, Float32) Codec(ZSTD(1)),
  server_duration_max SimpleAggregateFunction(max, Float32) Codec(ZSTD(1)),
  server_duration_sum SimpleAggregateFunction(sumWithOverflow, Float32) Codec(ZSTD(1)),

  count SimpleAggregateFunction(sumWithOverflow, UInt32) Codec(Delta, ZSTD(1)),
  error_count SimpleAggregateFunction(sumWithOverflow, UInt32) Codec(Delta, ZSTD(1))
)
ENGINE = AggregatingMergeTree
PARTITION BY toDate(time)
ORDER BY (project_id, time, type, client_name, server_name, deployment_environment, service_namespace)
PRIMARY KEY (project_id, time, type, client_name, server_name)
TTL toDate(time) + INTERVAL 14 DAY DELETE
SETTINGS ttl_only_drop_parts = 1, allow_dimensions_outside_sorting_key = 1,
  storage_policy = 'default';
