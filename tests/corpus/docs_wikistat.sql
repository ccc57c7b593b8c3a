-- source: https://github.com/ClickHouse/clickhouse-docs/blob/241b4360450201b3947a997752494b224b8272dc/docs/getting-started/example-datasets/wikistat.md
-- product: ClickHouse docs: WikiStat pageviews table with CODEC(Delta, ZSTD(3)) / CODEC(ZSTD(3)) and LowCardinality columns
-- adapted: none
CREATE TABLE wikistat
(
    time DateTime CODEC(Delta, ZSTD(3)),
    project LowCardinality(String),
    subproject LowCardinality(String),
    path String CODEC(ZSTD(3)),
    hits UInt64 CODEC(ZSTD(3))
)
ENGINE = MergeTree
ORDER BY (path, time);
