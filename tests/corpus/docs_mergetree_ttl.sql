-- source: https://github.com/ClickHouse/ClickHouse/blob/17a0ccf9523a286488a168ef45115bd0b0d5e4ee/docs/en/engines/table-engines/mergetree-family/mergetree.md
-- product: ClickHouse docs: MergeTree TTL reference examples: column TTL (+ ALTER MODIFY COLUMN ... TTL), TTL DELETE WHERE, TTL RECOMPRESS CODEC(ZSTD(17)) / CODEC(LZ4HC(10)), TTL GROUP BY ... SET, PARTITION BY a non-date key, ORDER BY tuple(), wide-part settings
-- adapted: omitted the "TTL d + INTERVAL 1 MONTH [DELETE], ... TO VOLUME 'aaa', ... TO DISK 'bbb'" example (placeholder syntax plus volumes/disks that do not exist) and the ALTER ... MODIFY TTL on it; the two ALTER MODIFY COLUMN statements are applied to the column-TTL example_table in order
CREATE TABLE example_table
(
    d DateTime,
    a Int TTL d + INTERVAL 1 MONTH,
    b Int TTL d + INTERVAL 1 MONTH,
    c String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(d)
ORDER BY d;

ALTER TABLE example_table
    MODIFY COLUMN
    c String TTL d + INTERVAL 1 DAY;

ALTER TABLE example_table
    MODIFY COLUMN
    c String TTL d + INTERVAL 1 MONTH;

CREATE TABLE table_with_where
(
    d DateTime,
    a Int
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(d)
ORDER BY d
TTL d + INTERVAL 1 MONTH DELETE WHERE toDayOfWeek(d) = 1;

CREATE TABLE table_for_recompression
(
    d DateTime,
    key UInt64,
    value String
) ENGINE MergeTree()
ORDER BY tuple()
PARTITION BY key
TTL d + INTERVAL 1 MONTH RECOMPRESS CODEC(ZSTD(17)), d + INTERVAL 1 YEAR RECOMPRESS CODEC(LZ4HC(10))
SETTINGS min_rows_for_wide_part = 0, min_bytes_for_wide_part = 0;

CREATE TABLE table_for_aggregation
(
    d DateTime,
    k1 Int,
    k2 Int,
    x Int,
    y Int
)
ENGINE = MergeTree
ORDER BY (k1, k2)
TTL d + INTERVAL 1 MONTH GROUP BY k1, k2 SET x = max(x), y = min(y);
