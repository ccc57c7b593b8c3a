-- source: https://github.com/ClickHouse/ClickHouse/blob/1b35f4d26a6679b64920637b0ef9722f1a197c81/docs/en/sql-reference/data-types/simpleaggregatefunction.md
-- product: ClickHouse docs: SimpleAggregateFunction(sum, Double) on AggregatingMergeTree, compact one-line DDL with ENGINE=... without spaces
-- adapted: none
CREATE TABLE simple (id UInt64, val SimpleAggregateFunction(sum, Double)) ENGINE=AggregatingMergeTree ORDER BY id;
