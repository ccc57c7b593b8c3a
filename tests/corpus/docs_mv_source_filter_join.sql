-- source: https://github.com/ClickHouse/clickhouse-docs/blob/002a10aee2b8044b6191837e1f4d9f5fb15c0779/docs/materialized-view/incremental-materialized-view.md
-- product: ClickHouse docs: MV with an inner JOIN onto a subquery filtered by IN (SELECT id FROM <source>) so only the inserted block is joined ("Use Cases and Caveats")
-- adapted: the INSERT INTO t1 VALUES statement between the CREATEs is omitted
CREATE TABLE t0 (id UInt32, value String) ENGINE = MergeTree() ORDER BY id;
CREATE TABLE t1 (id UInt32, description String) ENGINE = MergeTree() ORDER BY id;

CREATE TABLE mvw1_target_table (id UInt32, value String, description String) ENGINE = MergeTree() ORDER BY id;

CREATE MATERIALIZED VIEW mvw1 TO mvw1_target_table AS
SELECT t0.id, t0.value, t1.description
FROM t0
JOIN (SELECT * FROM t1 WHERE t1.id IN (SELECT id FROM t0)) AS t1
ON t0.id = t1.id;
