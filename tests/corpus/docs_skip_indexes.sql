-- source: https://github.com/ClickHouse/clickhouse-docs/blob/20979c3b4a07532c3e6c99158ac431984915efcc/docs/guides/best-practices/skipping-indexes-examples.md
-- product: ClickHouse docs: data skipping index examples: minmax in CREATE, set(100) and bloom_filter(0.01) added by ALTER ADD INDEX, and a table declaring bloom_filter/minmax/set(1000) on an expression/ngrambf_v1/tokenbf_v1 on mapKeys(Map)
-- adapted: omitted the alternative "ALTER TABLE events ADD INDEX ts_minmax" (the index already exists from the CREATE), the MATERIALIZE INDEX mutations, and the ALTERs on `logs` (text/ngrambf_v1/tokenbf_v1 on logs.msg; the page never defines logs)
CREATE TABLE events
(
  ts DateTime,
  user_id UInt64,
  value UInt32,
  INDEX ts_minmax ts TYPE minmax GRANULARITY 1
)
ENGINE=MergeTree
ORDER BY ts;

ALTER TABLE events ADD INDEX user_set user_id TYPE set(100) GRANULARITY 1;

ALTER TABLE events ADD INDEX value_bf value TYPE bloom_filter(0.01) GRANULARITY 3;

CREATE TABLE t
(
  u64 UInt64,
  s String,
  m Map(String, String),

  INDEX idx_bf u64 TYPE bloom_filter(0.01) GRANULARITY 3,
  INDEX idx_minmax u64 TYPE minmax GRANULARITY 1,
  INDEX idx_set u64 * length(s) TYPE set(1000) GRANULARITY 4,
  INDEX idx_ngram s TYPE ngrambf_v1(3, 10000, 3, 7) GRANULARITY 1,
  INDEX idx_token mapKeys(m) TYPE tokenbf_v1(10000, 7, 7) GRANULARITY 1
)
ENGINE = MergeTree
ORDER BY u64;
