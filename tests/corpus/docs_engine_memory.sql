-- source: https://github.com/ClickHouse/ClickHouse/blob/000719aa2ab71947b7ad67e92c10e1a8663e9e2c/docs/en/engines/table-engines/special/memory.md
-- product: ClickHouse docs: Memory engine usage example
-- adapted: none (the SET / INSERT statements of "Example 2" omitted)
CREATE TABLE memory (i UInt32) ENGINE = Memory;
