-- source: https://github.com/erda-project/erda/blob/155b2727c3243070f938007ce5680458e177b0e1/cmd/monitor/streaming/conf/clickhouse/spans/ddl_create_default_tables.sql.tpl
-- product: Erda monitor: trace span series + span meta tables - DateTime64(9,'Asia/Shanghai') with DoubleDelta-only codec, Map(String,String), ReplacingMergeTree, PARTITION BY toYYYYMMDD, TTL on a DateTime64 via toDateTime
-- adapted: removed ON CLUSTER '{cluster}' and the <database>. qualifier; Replicated*MergeTree('/clickhouse/tables/...', '{replica}') -> the non-replicated engine with no args; <ttl_in_days> -> 7 (chosen value; the Go code fills it from a configured TTL duration); dropped the Distributed *_all tables and the // comment lines (not ClickHouse comment syntax; the Go loader strips them)
CREATE TABLE IF NOT EXISTS spans_series
(
  `org_name` LowCardinality(String),
  `series_id` UInt64,
  `trace_id` String,
  `span_id` String,
	`parent_span_id` String,
  `start_time` DateTime64(9,'Asia/Shanghai') CODEC(DoubleDelta),
  `end_time` DateTime64(9,'Asia/Shanghai') CODEC(DoubleDelta),
  `tags` Map(String,String),
  INDEX idx_trace_id(trace_id) TYPE bloom_filter GRANULARITY 1
)
ENGINE = MergeTree()
PARTITION BY toYYYYMMDD(end_time)
ORDER BY (org_name, series_id, end_time)
TTL toDateTime(end_time) + INTERVAL 7 DAY;

CREATE TABLE IF NOT EXISTS spans_meta
(
  `org_name` LowCardinality(String),
  `series_id` UInt64,
  `key` LowCardinality(String),
  `value` String,
  `create_at` DateTime64(9,'Asia/Shanghai') CODEC(DoubleDelta)
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMMDD(create_at)
ORDER BY (org_name, series_id, key)
TTL toDateTime(create_at) + INTERVAL 7 DAY;
