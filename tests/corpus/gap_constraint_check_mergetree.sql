-- source: https://github.com/ClickHouse/ClickHouse/blob/301829b27449647ef1b116c5d65bfd4133eabc3a/tests/queries/0_stateless/01277_alter_rename_column_constraint.sql
-- product: ClickHouse tests: MergeTree table with two CONSTRAINT ... CHECK clauses comparing columns (toInt64(value1) < toInt64(value2)), PARTITION BY a Date column
-- adapted: only the CREATE TABLE kept; dropped DROP TABLE, INSERTs, SELECTs, ALTER ... RENAME COLUMN and SHOW CREATE TABLE statements
CREATE TABLE table_for_rename
(
  date Date,
  key UInt64,
  value1 String,
  value2 String,
  value3 String,
  CONSTRAINT cs_value1 CHECK toInt64(value1) < toInt64(value2),
  CONSTRAINT cs_value2 CHECK toInt64(value2) < toInt64(value3)
)
ENGINE = MergeTree()
PARTITION BY date
ORDER BY key;
