-- source: https://github.com/ClickHouse/ClickHouse/blob/0a603a3c2f3ca31437d97178efbaf012107e9c09/docs/en/engines/table-engines/special/join.md
-- product: ClickHouse docs: Join(ANY, LEFT, id) table engine as the right side of a join, with a TinyLog left-side table
-- adapted: none (INSERT/SELECT/ALTER DELETE statements of the example omitted)
CREATE TABLE id_val(`id` UInt32, `val` UInt32) ENGINE = TinyLog;

CREATE TABLE id_val_join(`id` UInt32, `val` UInt8) ENGINE = Join(ANY, LEFT, id);
