-- source: https://github.com/ClickHouse/ClickHouse/blob/6b18e9475db3810b7f8b402f9689ad46a45c7f11/tests/queries/0_stateless/01493_storage_set_persistency.sql
-- product: ClickHouse tests: Set engine table with the engine-level SETTINGS persistent=0 (used on the right side of IN), next to the Memory table it filters
-- adapted: kept CREATE TABLE number and one of the three CREATE TABLE set statements (the persistent=0 one; the test re-creates `set` three times under the same name with no setting / persistent=1 / persistent=0); dropped the Tags comment, DROP/INSERT/DETACH/ATTACH/SELECT statements
CREATE TABLE number (number UInt64) ENGINE = Memory();
CREATE TABLE set (val UInt64) ENGINE = Set() SETTINGS persistent=0;
