-- source: https://github.com/ClickHouse/ClickHouse/blob/8cac0ac56177bfdfa33a71d410e0cda1b6e968e6/docs/en/sql-reference/data-types/dynamic.md
-- product: ClickHouse docs: Dynamic(max_types=3) column on a Memory table
-- adapted: of the page's several `test` tables only "CREATE TABLE test (d Dynamic(max_types=3)) ENGINE = Memory" is kept; INSERT/SELECT omitted
CREATE TABLE test (d Dynamic(max_types=3)) ENGINE = Memory;
