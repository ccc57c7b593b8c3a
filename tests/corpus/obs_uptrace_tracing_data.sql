-- source: https://github.com/uptrace/uptrace/blob/c186b0b63818008dcf471fc7215c13fa089d8e00/pkg/bunapp/chmigrations/20241217084444_tracing_data.up.sql
-- product: Uptrace: tracing_data Merge-engine table (CREATE OR REPLACE TABLE .. AS <table> ENGINE=Merge(currentDatabase(), regexp)) unioning spans_data/events_data/logs_data
-- adapted: the AS-source table logs_data is prepended from https://github.com/uptrace/uptrace/blob/c186b0b63818008dcf471fc7215c13fa089d8e00/pkg/bunapp/chmigrations/20241018052657_logs.up.sql (its second statement, rendered the same way: ?ON_CLUSTER/?(REPLICATED) -> '', ?CODEC -> ZSTD(1), ?SPANS_TTL -> 14 DAY, ?SPANS_STORAGE -> 'default')
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

CREATE OR REPLACE TABLE tracing_data AS logs_data
ENGINE=Merge(currentDatabase(), '^(spans|events|logs)_data$');
