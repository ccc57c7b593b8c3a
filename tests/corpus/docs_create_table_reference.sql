-- source: https://github.com/ClickHouse/ClickHouse/blob/3c1c4b89adc4baf5be1f0fae82b23156c4dcdef2/docs/en/sql-reference/statements/create/table.md
-- product: ClickHouse docs: CREATE TABLE reference: EPHEMERAL column feeding a DEFAULT (CREATE OR REPLACE), CONSTRAINT ... ASSUME with a MATERIALIZED column, table COMMENT on a Memory table
-- adapted: of the four `test` examples (DEFAULT / MATERIALIZED / EPHEMERAL / ALIAS, all CREATE OR REPLACE TABLE test) only the EPHEMERAL one is kept; codec examples with placeholder "ENGINE = <Engine> ..." and encryption codecs (need a configured key) omitted; INSERT/SELECT omitted
CREATE OR REPLACE TABLE test
(
    id UInt64,
    unhexed String EPHEMERAL,
    hexed FixedString(4) DEFAULT unhex(unhexed)
)
ENGINE = MergeTree
ORDER BY id;

CREATE TABLE users_a (
    uid Int16, 
    name String, 
    age Int16, 
    name_len UInt8 MATERIALIZED length(name), 
    CONSTRAINT c1 ASSUME length(name) = name_len
) 
ENGINE=MergeTree 
ORDER BY (name_len, name);

CREATE TABLE t1 (x String) ENGINE = Memory COMMENT 'The temporary table';
