-- source: https://github.com/ClickHouse/ClickHouse/blob/3c1c4b89adc4baf5be1f0fae82b23156c4dcdef2/docs/en/sql-reference/statements/create/table.md
-- product: ClickHouse docs: DoubleDelta timestamp + Gorilla float codecs example; MergeTree() without ORDER BY
-- adapted: none to the DDL; the published statement has no ORDER BY, which ClickHouse accepts only with the session setting create_table_empty_primary_key_by_default=1
-- settings: create_table_empty_primary_key_by_default=1
CREATE TABLE codec_example
(
    timestamp DateTime CODEC(DoubleDelta),
    slow_values Float32 CODEC(Gorilla)
)
ENGINE = MergeTree();
