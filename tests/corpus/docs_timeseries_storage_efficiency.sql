-- source: https://github.com/ClickHouse/clickhouse-docs/blob/1af33d29ac52991a6bb2ba0c8a50aff965a8b5df/docs/use-cases/time-series/04_storage-efficiency.md
-- product: ClickHouse docs: time-series storage efficiency: schema evolution by ALTER MODIFY COLUMN to LowCardinality / narrower UInt32 / CODEC(Delta, ZSTD), and the optimized table with CODEC(Delta(4), ZSTD(1))
-- adapted: the initial `wikistat` CREATE (shown later in the page) is run first so the page's ALTERs have a table to apply to; SELECTs omitted
CREATE TABLE wikistat
(
    `time` DateTime,
    `project` String,
    `subproject` String,
    `path` String,
    `hits` UInt64
)
ENGINE = MergeTree
ORDER BY (time);

ALTER TABLE wikistat
MODIFY COLUMN `project` LowCardinality(String),
MODIFY COLUMN `subproject` LowCardinality(String);

ALTER TABLE wikistat
MODIFY COLUMN `hits` UInt32;

ALTER TABLE wikistat
MODIFY COLUMN `time` CODEC(Delta, ZSTD);

CREATE TABLE optimized_wikistat
(
    `time` DateTime CODEC(Delta(4), ZSTD(1)),
    `project` LowCardinality(String),
    `subproject` LowCardinality(String),
    `path` String,
    `hits` UInt32
)
ENGINE = MergeTree
ORDER BY (path, time);
