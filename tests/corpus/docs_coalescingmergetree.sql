-- source: https://github.com/ClickHouse/ClickHouse/blob/05991e4e93e07340b0ff18287f4ea6fabfe55105/docs/en/engines/table-engines/mergetree-family/coalescingmergetree.md
-- product: ClickHouse docs: CoalescingMergeTree() reference example
-- adapted: none
CREATE TABLE test_table
(
    key UInt32,
    value UInt32
)
ENGINE = CoalescingMergeTree()
ORDER BY key;
